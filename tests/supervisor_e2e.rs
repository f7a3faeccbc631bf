//! End-to-end for issue 6: a new supervisor in a real terminal (tmux, 80×24) imports a
//! folder of bundles (two assessors who disagree on P.1, a tampered copy, one from an
//! unknown device), sees the verdicts, trusts the unknown key and re-processes, resolves
//! the conflict, approves the assessment; the supervisor's export, imported by the
//! assessor, shows the approval on the assessor's home screen.
//!
//! Needs tmux. Each run uses its own tmux server sockets; a guard kills them.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);

struct Tmux {
    socket: String,
    session: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("run tmux")
    }

    fn start(&self, data: &Path, config: &Path, bin: &str, supervisor: bool) {
        let data_env = format!("TILIK_DATA_DIR={}", data.display());
        let config_env = format!("TILIK_CONFIG_DIR={}", config.display());
        let mut args = vec![
            "new-session",
            "-d",
            "-s",
            &self.session,
            "-x",
            "80",
            "-y",
            "24",
            "-e",
            &data_env,
            "-e",
            &config_env,
            "-e",
            "LANG=C.UTF-8",
            // Several arguments: tmux runs the program itself, not through a shell.
            bin,
            "--lang",
            "id",
        ];
        if supervisor {
            args.push("--supervisor");
        }
        let out = self.cmd(&args);
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.cmd(&["set", "-sg", "escape-time", "0"]);
    }

    fn screen(&self) -> String {
        let out = self.cmd(&["capture-pane", "-p", "-t", &self.session]);
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// Poll the screen until it shows `text`; the screen then.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            assert!(
                start.elapsed() < TIMEOUT,
                "timed out waiting for {text:?}; the screen was:\n{s}"
            );
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.session];
        args.extend_from_slice(keys);
        let out = self.cmd(&args);
        assert!(out.status.success(), "send-keys {keys:?}");
    }

    fn text(&self, text: &str) {
        let out = self.cmd(&["send-keys", "-t", &self.session, "-l", text]);
        assert!(out.status.success(), "send-keys -l {text:?}");
    }

    fn alive(&self) -> bool {
        self.cmd(&["has-session", "-t", &self.session])
            .status
            .success()
    }

    fn wait_gone(&self) {
        let start = Instant::now();
        while self.alive() {
            assert!(start.elapsed() < TIMEOUT, "the session did not end");
            std::thread::sleep(Duration::from_millis(30));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-session", "-t", &self.session]);
        let _ = self.cmd(&["kill-server"]);
    }
}

fn require_tmux() {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "this test drives the real binary in tmux, and tmux was not found on PATH; \
         install it (e.g. `apt-get install tmux`) and run the test again"
    );
}

/// Run the CLI on a store; its stdout.
fn cli(store: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tilik"))
        .arg("--data-dir")
        .arg(store.join("data"))
        .arg("--config-dir")
        .arg(store.join("config"))
        .args(args)
        .output()
        .expect("run tilik");
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 3),
        "tilik {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn json(store: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&cli(store, args)).expect("json")
}

/// An assessor answering one indicator of the Kota Pontianak DPMPTSP assessment; its key.
fn assessor(store: &Path, name: &str, indicator: &str, value: &str, out: &Path) -> String {
    cli(store, &["init", "--name", name]);
    let id = json(
        store,
        &[
            "new",
            "--round",
            "2024",
            "--instrument",
            "opini-2024",
            "--pemda",
            "61.71",
            "--lokus",
            "dpmptsp",
            "--json",
        ],
    )["id"]
        .as_str()
        .expect("id")
        .to_string();
    cli(store, &["answer", &id, indicator, value]);
    cli(store, &["export", "-o", &out.display().to_string()]);
    json(store, &["whoami", "--json"])["public_key"]
        .as_str()
        .expect("key")
        .to_string()
}

fn row<'a>(screen: &'a str, file: &str) -> &'a str {
    screen.lines().find(|l| l.contains(file)).unwrap_or("")
}

#[test]
fn new_supervisor_imports_trusts_resolves_approves_and_the_assessor_sees_it() {
    require_tmux();
    let bin = env!("CARGO_BIN_EXE_tilik");
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let usb = root.join("usb");
    std::fs::create_dir_all(&usb).expect("usb");
    let rina = root.join("rina");
    let rina_key = assessor(&rina, "Rina Sari", "P.1", "3", &usb.join("a_rina.tilik"));
    let budi_key = assessor(
        &root.join("budi"),
        "Budi Santoso",
        "P.1",
        "1",
        &usb.join("b_budi.tilik"),
    );
    let mut bytes = std::fs::read(usb.join("a_rina.tilik")).expect("read");
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(usb.join("c_rina_tampered.tilik"), bytes).expect("tampered");
    assessor(
        &root.join("andi"),
        "Andi Wijaya",
        "P.2",
        "2",
        &usb.join("d_andi.tilik"),
    );

    // The supervisor knows Rina and Budi (fingerprints matched by phone), not Andi.
    let sup = root.join("sup");
    cli(
        &sup,
        &["init", "--name", "Sinta Dewi", "--role", "supervisor"],
    );
    for (k, n) in [(&rina_key, "Rina Sari"), (&budi_key, "Budi Santoso")] {
        cli(
            &sup,
            &[
                "trust", "add", "--key", k, "--name", n, "--role", "assessor",
            ],
        );
    }
    let sup_key = json(&sup, &["whoami", "--json"])["public_key"]
        .as_str()
        .expect("key")
        .to_string();

    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let t = Tmux {
        socket: format!("tilik-sup-e2e-{}-{nanos}", std::process::id()),
        session: "tilik".into(),
    };
    t.start(&sup.join("data"), &sup.join("config"), bin, true);
    t.wait_for("kotak masuk");

    // ---- the inbox: a whole folder ----
    t.text("i");
    t.wait_for("Belum ada bundel");
    t.text("i");
    t.wait_for("Berkas/folder:");
    t.text(&format!("{}/", root.display()));
    t.text("us");
    t.keys(&["Tab"]);
    t.wait_for("usb/");
    t.keys(&["Enter"]);
    let s = t.wait_for("berkas diproses");
    assert!(row(&s, "a_rina.tilik").contains("Diterima"), "{s}");
    assert!(row(&s, "b_budi.tilik").contains("Diterima"), "{s}");
    assert!(row(&s, "c_rina_tampered").contains("Ditolak"), "{s}");
    assert!(row(&s, "d_andi.tilik").contains("Karantina"), "{s}");

    // ---- trust Andi's key from the inbox, re-process ----
    t.text("jjj");
    t.keys(&["Enter"]);
    t.wait_for("Langkah berikut: percayai kunci");
    t.text("t");
    let s = t.wait_for("Tambah kunci tepercaya");
    assert!(s.contains("Andi Wijaya"), "{s}");
    t.keys(&["Enter"]);
    t.keys(&["Enter"]);
    t.wait_for("dipercaya");
    t.text("p");
    let start = Instant::now();
    loop {
        let s = t.screen();
        if row(&s, "d_andi.tilik").contains("Diterima") {
            break;
        }
        assert!(start.elapsed() < TIMEOUT, "re-process: {s}");
        std::thread::sleep(Duration::from_millis(30));
    }

    // ---- resolve the conflict ----
    t.keys(&["Escape"]);
    t.wait_for("Penilaian (1)");
    t.text("x");
    t.wait_for("Konflik 1/1");
    t.text("1");
    t.wait_for("Alasan:");
    t.text("foto papan tarif di loket");
    t.keys(&["Enter"]);
    t.wait_for("Sisa 0 konflik");
    t.keys(&["Escape"]);

    // ---- approve the assessment (Kota Pontianak, DPMPTSP) ----
    let s = t.wait_for("Penilaian (1)");
    let on_first = s
        .lines()
        .any(|l| l.contains('▶') && l.contains("Pontianak"));
    if !on_first {
        t.text("j");
    }
    t.text("v");
    t.wait_for("Status tinjauan");
    t.keys(&["Enter"]);
    t.wait_for("Status tinjauan tersimpan");
    t.text("q");
    t.wait_gone();

    // ---- export, and Rina imports it ----
    let out = root.join("out");
    std::fs::create_dir_all(&out).expect("out");
    cli(
        &sup,
        &["export", "-o", &out.join("sup.tilik").display().to_string()],
    );
    cli(
        &rina,
        &[
            "trust",
            "add",
            "--key",
            &sup_key,
            "--name",
            "Sinta Dewi",
            "--role",
            "supervisor",
        ],
    );
    let imported = cli(
        &rina,
        &["import", &out.join("sup.tilik").display().to_string()],
    );
    assert!(imported.contains("DITERIMA"), "{imported}");

    let t2 = Tmux {
        socket: format!("tilik-sup-e2e-a-{}-{nanos}", std::process::id()),
        session: "tilik".into(),
    };
    t2.start(&rina.join("data"), &rina.join("config"), bin, false);
    let s = t2.wait_for("Disetujui");
    assert!(s.contains('☑'), "{s}");
    t2.text("q");
    t2.wait_gone();
}
