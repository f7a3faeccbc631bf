//! Issue 12, point 6: only regular files are imported. A FIFO and a `*.tilik` link to
//! `/dev/zero` given to `import`, or lying in a `sync` folder, get `not_a_file` at once
//! (they used to block forever holding the store lock); the good bundle beside them still
//! gets its verdict; the exit status is 3. The binary runs under a kill guard only so that
//! a regression fails instead of hanging the test run.
#![cfg(unix)]

#[path = "support/kill.rs"]
mod kill;
mod support;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use support::cli::{Tilik, new_2024};

/// Run `cmd` to its end under the guard; (exit code, stdout).
fn run_guarded(mut cmd: Command) -> (i32, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let blocked = kill::kill_after(&mut child, Duration::from_secs(300));
    assert!(!blocked, "the command blocked on a special file");
    let code = child.wait().expect("wait").code().unwrap_or(-1);
    (code, reader.join().expect("reader"))
}

/// A FIFO, a link to /dev/zero and a folder, all named like bundles, in `dir`.
fn plant(dir: &Path) {
    let fifo = dir.join("pipa.tilik");
    let st = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(st.success(), "mkfifo");
    std::os::unix::fs::symlink("/dev/zero", dir.join("nol.tilik")).expect("symlink");
    std::fs::create_dir_all(dir.join("folder.tilik")).expect("mkdir");
}

fn by_file<'a>(v: &'a [Value], name: &str) -> &'a Value {
    v.iter()
        .find(|o| o["file"].as_str().is_some_and(|f| f.ends_with(name)))
        .unwrap_or_else(|| panic!("no verdict for {name}: {v:?}"))
}

fn setup(root: &Path) -> (Tilik, Tilik, String) {
    let a = Tilik::new(root, "rina");
    a.ok(&["init", "--name", "Rina"]);
    let id = a.ok(&new_2024("61.71", "dpmptsp", &[]));
    a.ok(&["answer", &id, "P.1", "2"]);
    let s = Tilik::new(root, "sari");
    s.ok(&["init", "--name", "Sari", "--role", "supervisor"]);
    s.trust(&a, "Rina", "assessor");
    (a, s, id)
}

#[test]
fn import_names_special_files_and_takes_the_good_one() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, s, id) = setup(root.path());
    let out = root.path().join("out");
    let good = a.export_to(&out, None)["file"]
        .as_str()
        .expect("file")
        .to_string();
    plant(&out);
    let p = |n: &str| out.join(n).to_string_lossy().to_string();
    let mut cmd = s.cmd();
    cmd.args([
        "import",
        &p("pipa.tilik"),
        &p("nol.tilik"),
        &p("folder.tilik"),
        &good,
        "--json",
    ]);
    let (code, stdout) = run_guarded(cmd);
    assert_eq!(code, 3, "{stdout}");
    let v: Vec<Value> = serde_json::from_str(&stdout).expect("json");
    assert_eq!(v.len(), 4, "{stdout}");
    for (name, what) in [
        ("pipa.tilik", "pipa (FIFO)"),
        ("nol.tilik", "perangkat"),
        ("folder.tilik", "folder"),
    ] {
        let o = by_file(&v, name);
        assert_eq!(o["verdict"], "rejected", "{o}");
        assert_eq!(o["reason"], "not_a_file", "{o}");
        let m = o["message"].as_str().expect("message");
        assert!(m.contains(what) && m.contains("Impor berkas .tilik"), "{m}");
    }
    assert_eq!(by_file(&v, &good)["verdict"], "accepted", "{stdout}");
    // Nothing of the special files reached the inbox: only the good bundle.
    let inbox: Vec<_> = std::fs::read_dir(root.path().join("sari/data/inbox"))
        .expect("inbox")
        .collect();
    assert_eq!(inbox.len(), 1);
    assert_eq!(s.json(&["show", &id, "--json"])["answered"], 1);
    // English, plain text.
    let mut cmd = s.cmd();
    cmd.args(["import", &p("pipa.tilik"), "--lang", "en"]);
    let (code, text) = run_guarded(cmd);
    assert_eq!(code, 3);
    assert!(
        text.contains("REJECTED") && text.contains("a pipe (FIFO), not a bundle file"),
        "{text}"
    );
}

#[test]
fn sync_never_blocks_on_one_file() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, s, id) = setup(root.path());
    let usb = root.path().join("usb");
    std::fs::create_dir_all(&usb).expect("mkdir");
    a.export_to(&usb, None);
    plant(&usb);
    let mut cmd = s.cmd();
    cmd.args(["sync", usb.to_str().expect("p"), "--json"]);
    let (code, stdout) = run_guarded(cmd);
    assert_eq!(code, 3, "{stdout}");
    let v: Value = serde_json::from_str(&stdout).expect("json");
    let imports = v["imports"].as_array().expect("imports");
    assert_eq!(imports.len(), 4, "{stdout}");
    for name in ["pipa.tilik", "nol.tilik", "folder.tilik"] {
        assert_eq!(by_file(imports, name)["reason"], "not_a_file", "{stdout}");
    }
    assert_eq!(
        imports
            .iter()
            .filter(|o| o["verdict"] == "accepted")
            .count(),
        1,
        "{stdout}"
    );
    assert_eq!(s.json(&["show", &id, "--json"])["answered"], 1);
}

#[test]
fn a_file_over_the_limit_is_refused_before_it_is_copied() {
    let root = tempfile::tempdir().expect("tmp");
    let (_, s, _) = setup(root.path());
    let big = root.path().join("besar.tilik");
    // Sparse: no disk space is used for the claim.
    let f = std::fs::File::create(&big).expect("create");
    f.set_len(tilik::bundle::MAX_BUNDLE_FILE + 1)
        .expect("set_len");
    drop(f);
    let (code, out, _) = s.run(&["import", big.to_str().expect("p"), "--json"]);
    assert_eq!(code, 3, "{out}");
    let v: Vec<Value> = serde_json::from_str(&out).expect("json");
    assert_eq!(v[0]["reason"], "too_large", "{out}");
    assert!(
        v[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("tidak ada yang disalin")),
        "{out}"
    );
    let inbox = root.path().join("sari/data/inbox");
    assert!(
        !inbox.exists() || std::fs::read_dir(&inbox).expect("inbox").next().is_none(),
        "nothing copied into the inbox"
    );
}
