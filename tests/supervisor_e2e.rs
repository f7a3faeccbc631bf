//! End-to-end for issue 6: a new supervisor in a real terminal (tmux, 80×24) imports a
//! folder of bundles (two assessors who disagree on P.1, a tampered copy, one from an
//! unknown device), sees the verdicts, trusts the unknown key and re-processes, resolves
//! the conflict, approves the assessment; the supervisor's export, imported by the
//! assessor, shows the approval on the assessor's home screen.
//!
//! Needs tmux. Each run uses its own tmux server sockets; a guard kills them.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/tmux.rs"]
mod tmux;

use std::path::Path;
use std::time::{Duration, Instant};

use tmux::{TIMEOUT, Tmux, require_tmux};

/// Run the CLI on a store (exit 0, or 3 when an import quarantined a file); its stdout.
fn cli(store: &Path, args: &[&str]) -> String {
    let (code, out, err) = cli::Tilik::at(store).run(args);
    assert!(code == 0 || code == 3, "tilik {args:?}: {err}");
    out
}

fn json(store: &Path, args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&cli(store, args)).expect("json")
}

/// An assessor answering one indicator of the Kota Pontianak DPMPTSP assessment; its key.
fn assessor(store: &Path, name: &str, indicator: &str, value: &str, out: &Path) -> String {
    cli(store, &["init", "--name", name]);
    let id = json(
        store,
        &cli::new_2024(
            "61.71",
            "dpmptsp",
            &["--instrument", "opini-2024", "--json"],
        ),
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
    if !require_tmux() {
        return;
    }
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

    let t = Tmux::new("tilik-sup-e2e");
    t.start(
        &sup.join("data"),
        &sup.join("config"),
        bin,
        &["--supervisor"],
    );
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
    // Imported, and it made a conflict: the row says so (issue 14).
    assert!(row(&s, "b_budi.tilik").contains("⚠  1 konflik"), "{s}");
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
    // The list of open conflicts, grouped by pemda and lokus, with the scale labels.
    let s = t.wait_for("Konflik terbuka (1)");
    assert!(s.contains("Kota Pontianak"), "{s}");
    assert!(
        s.contains("Kurang memenuhi") || s.contains("Memenuhi"),
        "{s}"
    );
    t.keys(&["Enter"]);
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
    // Nothing is preselected: Enter alone asks for a choice.
    t.keys(&["Enter"]);
    t.wait_for("Pilih status dulu");
    t.text("3");
    t.keys(&["Enter"]);
    // Rina's assessment is a draft: the dialog says so and asks for a reason.
    t.wait_for("Masih terbuka: masih draf");
    t.text("uji coba lapangan");
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

    let t2 = Tmux::new("tilik-sup-e2e-a");
    t2.start(&rina.join("data"), &rina.join("config"), bin, &[]);
    let s = t2.wait_for("disetujui");
    assert!(s.contains('☑'), "{s}");
    t2.text("q");
    t2.wait_gone();
}
