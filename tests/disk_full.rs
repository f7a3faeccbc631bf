//! A full disk while answering and while importing (issue 13 point 4), on a small tmpfs:
//! the message names the cause and the next step (never "restore from your last exported
//! bundle"), no acknowledged answer is lost, and an import that fills the disk gives every
//! file its verdict, keeps whole bundles or nothing, and never says "nothing was changed"
//! after committing. Mounting needs root: otherwise each test says so and passes.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/kill.rs"]
mod kill;

use std::path::{Path, PathBuf};
use std::process::Command;

use cli::{Tilik, new_2024, output, tilik};

/// A tmpfs of `mib` MiB mounted at `dir/mnt`, unmounted on drop.
struct Tmpfs {
    mnt: PathBuf,
}

impl Tmpfs {
    fn mount(dir: &Path, mib: u32) -> Option<Tmpfs> {
        let uid = Command::new("id").arg("-u").output().ok()?;
        if String::from_utf8_lossy(&uid.stdout).trim() != "0" {
            eprintln!(
                "SKIPPED: mounting a small tmpfs needs root (run as root to test a full disk)"
            );
            return None;
        }
        let mnt = dir.join("mnt");
        std::fs::create_dir_all(&mnt).expect("mnt");
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={mib}m"), "tmpfs"])
            .arg(&mnt)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("SKIPPED: cannot mount a tmpfs here (no mount permission in this container)");
            return None;
        }
        Some(Tmpfs { mnt })
    }

    fn grow(&self, mib: u32) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={mib}m")])
            .arg(&self.mnt)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount bigger");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.mnt).status();
    }
}

/// A store whose data folder is on `fs` (config beside it, on the normal disk).
fn store_on(fs: &Tmpfs, root: &Path, name: &str) -> (Tilik, Command) {
    let t = Tilik::new(root, name);
    // Tilik keeps data in dir/data: point that at the tmpfs.
    std::fs::create_dir_all(&t.dir).expect("dir");
    let data = fs.mnt.join(name);
    std::os::unix::fs::symlink(&data, t.dir.join("data")).expect("symlink data");
    std::fs::create_dir_all(&data).expect("data");
    let c = tilik(&t.dir);
    (t, c)
}

/// Random bytes (do not compress, differ per seed).
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut h = blake3::hash(&seed.to_le_bytes());
    while out.len() < len {
        out.extend_from_slice(h.as_bytes());
        h = blake3::hash(h.as_bytes());
    }
    out.truncate(len);
    out
}

fn assert_names_disk_full(err: &str) {
    assert!(err.contains("disk is full"), "names the cause: {err}");
    assert!(
        err.contains("Free some space"),
        "names the next step: {err}"
    );
    assert!(
        !err.contains("restore") && !err.contains("exported bundle"),
        "never sends the user to a backup for a full disk: {err}"
    );
}

#[test]
fn disk_full_while_answering_loses_no_acknowledged_answer() {
    let root = tempfile::tempdir().expect("tmp");
    let Some(fs) = Tmpfs::mount(root.path(), 12) else {
        return;
    };
    let (t, _) = store_on(&fs, root.path(), "rina");
    t.ok(&["init", "--name", "Rina"]);
    let id = t.ok(&new_2024("61.71", "dpmptsp", &[]));
    let inds = [
        "I.1", "I.2", "I.3", "I.4", "I.5", "I.6", "I.7", "I.8", "I.10", "I.11",
    ];
    let mut acked = Vec::new();
    let mut failures = 0;
    for i in 0..40u64 {
        let ind = inds[(i as usize) % inds.len()];
        let note = format!("w{i}");
        let (code, out, err) = if i % 3 == 2 {
            // Some without evidence: the small writes of sled and the journal fill too.
            t.run(&["--lang", "en", "answer", &id, ind, "2", "--note", &note])
        } else {
            let p = root.path().join(format!("f{i}.jpg"));
            std::fs::write(&p, noise(900_000, i)).expect("photo");
            let args = [
                "--lang",
                "en",
                "answer",
                &id,
                ind,
                "3",
                "--note",
                &note,
                "--evidence",
                p.to_str().expect("utf8"),
            ];
            t.run(&args)
        };
        if code == 0 {
            acked.push(i);
        } else {
            assert_eq!(code, 1, "{out}{err}");
            assert_names_disk_full(&err);
            failures += 1;
        }
    }
    assert!(
        failures > 0,
        "the disk never filled: the test tested nothing"
    );
    assert!(!acked.is_empty(), "nothing fitted: the test tested nothing");
    fs.grow(200);
    let entries = cli::log_entries(&t.dir, &id);
    let notes = kill::note_numbers(&entries);
    for i in &acked {
        assert!(
            notes.contains(i),
            "acknowledged answer w{i} lost; have {notes:?}"
        );
    }
    // And the store works again.
    t.ok(&["answer", &id, "I.12", "3"]);
}

#[test]
fn disk_full_while_importing_gives_every_file_its_verdict_and_keeps_whole_bundles() {
    let root = tempfile::tempdir().expect("tmp");
    // Six assessors' bundles, each with about 1.5 MiB of evidence, on the normal disk.
    let mut bundles = Vec::new();
    let mut keys = Vec::new();
    // One assessment each (a pemda each), so the store's list counts the bundles kept.
    let pemda = ["61.71", "61.72", "61.01", "61.02", "61.03", "61.04"];
    for k in 0..6u64 {
        let a = Tilik::new(root.path(), &format!("a{k}"));
        a.ok(&["init", "--name", &format!("Penilai {k}")]);
        let id = a.ok(&new_2024(pemda[k as usize], "dpmptsp", &[]));
        let p = root.path().join(format!("p{k}.jpg"));
        std::fs::write(&p, noise(1_500_000, 100 + k)).expect("photo");
        a.ok(&[
            "answer",
            &id,
            "I.1",
            "3",
            "--evidence",
            p.to_str().expect("utf8"),
        ]);
        let e = a.export_to(&root.path().join(format!("out{k}")), None);
        bundles.push(e["file"].as_str().expect("file").to_string());
        keys.push(a.public_key());
    }
    let Some(fs) = Tmpfs::mount(root.path(), 9) else {
        return;
    };
    let (s, _) = store_on(&fs, root.path(), "sari");
    s.ok(&["init", "--name", "Sari", "--role", "supervisor"]);
    for (k, key) in keys.iter().enumerate() {
        let name = format!("Penilai {k}");
        s.ok(&[
            "trust", "add", "--key", key, "--name", &name, "--role", "assessor",
        ]);
    }
    let mut args = vec!["--lang", "en", "import"];
    args.extend(bundles.iter().map(String::as_str));
    let (code, out, err) = s.run(&args);
    assert_eq!(code, 1, "the disk should fill: {out}{err}");
    assert!(err.contains("The import stopped"), "{err}");
    assert_names_disk_full(&err);
    assert!(!err.contains("nothing was changed"), "{err}");
    let accepted = out.lines().filter(|l| l.contains("ACCEPTED")).count();
    assert!(accepted < bundles.len(), "{out}");
    assert!(
        err.contains(&format!(
            "{accepted} bundle file(s) of this batch were imported whole"
        )) || (accepted == 0 && err.contains("No bundle of this batch was imported")),
        "the count of kept bundles matches the verdicts printed: {out}{err}"
    );
    let cmd = err
        .split("import again afterwards: ")
        .nth(1)
        .map(str::trim)
        .unwrap_or_else(|| panic!("no command for the rest: {err}"))
        .to_string();
    let rest: Vec<&str> = cmd.split(' ').skip(2).collect();
    assert_eq!(
        rest.len() + accepted,
        bundles.len(),
        "every file accounted for: {err}"
    );
    // Whole bundles or nothing: the store has exactly the accepted ones.
    fs.grow(200);
    let listed = s.json(&["list", "--json"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(accepted), "{listed}");
    // The sentence's own command imports the rest.
    let mut again = vec!["--lang", "en", "import"];
    again.extend(rest.iter().copied());
    let (code, out, err) = s.run(&again);
    assert_eq!(code, 0, "{out}{err}");
    let listed = s.json(&["list", "--json"]);
    assert_eq!(
        listed.as_array().map(Vec::len),
        Some(bundles.len()),
        "{listed}"
    );
    let (code, _, err) = output(tilik(&s.dir).args(["store", "rebuild", "--check"]));
    assert_eq!(code, 0, "{err}");
}
