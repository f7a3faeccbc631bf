//! End-to-end: the real `tilik` binary in a real terminal (tmux, 80×24), driven as a new
//! user would: first run, a new assessment for a Puskesmas in Kota Pontianak under
//! opini-2024, answers with a note and an evidence file, `kill -9`, a restart that finds
//! everything (and the cursor) where it was, then every answer and finalizing.
//!
//! Needs tmux (CI installs it). Each run uses its own tmux server socket and session, and
//! a guard kills them even when an assertion fails.

#[path = "support/tmux.rs"]
mod tmux;

use std::process::Command;

use tmux::{Tmux, require_tmux};

#[test]
fn new_user_session_survives_kill_9() {
    if !require_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_tilik");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let config = dir.path().join("config");
    let photo = dir.path().join("IMG_0412.jpg");
    std::fs::write(&photo, vec![0xFFu8; 5000]).expect("photo");
    let t = Tmux::new("tilik-e2e");

    // ---- first run ----
    t.start(&data, &config, bin, &[]);
    t.wait_for("Selamat datang di tilik");
    t.text("Rina Sari");
    t.keys(&["Enter"]);
    t.text("198701012010012001");
    t.keys(&["Enter"]);
    t.text("Perwakilan Kalbar");
    t.keys(&["Enter"]);
    let s = t.wait_for("Sidik jari perangkat");
    assert!(s.contains("Rina Sari"), "{s}");
    t.keys(&["Enter"]);
    t.wait_for("Belum ada penilaian");

    // ---- a new assessment: Puskesmas in Kota Pontianak, opini-2024 ----
    t.text("b");
    t.wait_for("Penilaian baru");
    t.keys(&["BSpace", "BSpace", "BSpace", "BSpace"]);
    t.text("2024");
    t.wait_for("opini-2024");
    t.keys(&["Tab", "Tab"]);
    t.text("pontianak");
    t.wait_for("→ Kota Pontianak");
    t.keys(&["Enter"]);
    t.text("p");
    t.wait_for("◂ Puskesmas ▸");
    t.keys(&["Enter"]);
    t.text("Puskesmas Alianyang");
    t.keys(&["Enter"]);
    t.wait_for("Kota Pontianak › Puskesmas Alianyang · opini-2024");

    // ---- answers, a note, evidence ----
    t.text("2");
    t.wait_for("tersimpan ✓ I.1 = 2");
    t.text("3");
    t.wait_for("tersimpan ✓ I.2 = 3");
    t.text("c");
    t.wait_for("Catatan · I.3");
    t.text("Papan tarif di loket");
    t.keys(&["C-s"]);
    t.wait_for("catatan I.3 tersimpan ✓");
    t.text("a");
    t.wait_for("Lampirkan bukti");
    t.text(&photo.display().to_string());
    t.keys(&["Enter"]);
    t.wait_for("bukti IMG_0412.jpg untuk I.3 tersimpan ✓");
    t.text("1");
    t.wait_for("tersimpan ✓ I.3 = 1");
    // The cursor is on I.4 now; move it one further.
    t.text("j");
    t.wait_for_all(&["┌ I.5 Rekomendasi Ombudsman", "▶· I.5"]);

    // ---- kill -9, restart ----
    let pid = t.pane_pid();
    assert!(!pid.is_empty());
    let k = Command::new("kill")
        .args(["-9", &pid])
        .status()
        .expect("kill");
    assert!(k.success());
    t.wait_gone();
    t.start(&data, &config, bin, &[]);
    let s = t.wait_for_all(&["┌ I.5 Rekomendasi Ombudsman", "▶· I.5", " 3/38"]);
    assert!(s.contains("✓ I.1"), "{s}");
    assert!(s.contains("✓ I.2"), "{s}");
    assert!(s.contains("✓ I.3") && s.contains("✎📎"), "{s}");
    assert!(s.contains(" 3/38"), "{s}");

    // A second process on the same store is told the store is in use, at once.
    let second = Command::new(bin)
        .env("TILIK_DATA_DIR", &data)
        .env("TILIK_CONFIG_DIR", &config)
        .output()
        .expect("second tilik");
    assert_eq!(second.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("sedang dipakai"),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );

    // The note and the evidence are there too.
    t.text("k");
    t.text("k");
    let s = t.wait_for("┌ I.3 Lembaga Ombudsman");
    let s = if s.contains("Papan tarif di loket") {
        s
    } else {
        t.wait_for("Papan tarif di loket")
    };
    assert!(s.contains("IMG_0412.jpg"), "{s}");
    assert!(s.contains("Jawaban: 1 ·"), "{s}");

    // ---- answer everything, finalize, see the category ----
    t.text("]");
    t.wait_for("┌ I.4 Bentuk maladministrasi");
    for n in 4..=38 {
        t.text("3");
        t.wait_for(&format!(" {n}/38"));
    }
    t.wait_for("Semua indikator sudah dijawab");
    t.text("r");
    t.wait_for("[ Finalkan ] tekan F");
    t.text("F");
    // Asked once (issue 16); Enter does not finalize, `y` does.
    t.wait_for("Finalkan penilaian?");
    t.keys(&["Enter"]);
    t.wait_for("Tekan y untuk memfinalkan");
    t.text("y");
    let s = t.wait_for("Difinalkan ✓");
    assert!(s.contains("Kategori: A Kualitas Tertinggi"), "{s}");
    assert!(s.contains("✓ final"), "{s}");

    // ---- quit ----
    t.text("q");
    t.wait_gone();
}

/// Closing the terminal window (tmux `kill-session`: the terminal hangs up) while tilik
/// shows an assessment: tilik ends by itself — it does not stay behind reading the closed
/// terminal (crossterm reads its end of file in an endless loop), holding the store so
/// that the next start says "in use" — and it closes the store cleanly (the clean-close
/// mark is there, so the next start skips the checks a crash needs). The answer given just
/// before is kept. Both ways a closed window reaches tilik: the hangup signal (tilik is the
/// pane's program) and only the end of its input (tilik started from a shell that does
/// not pass the signal on).
#[test]
fn closing_the_terminal_ends_tilik_and_closes_the_store_cleanly() {
    if !require_tmux() {
        return;
    }
    close_the_terminal(false);
    close_the_terminal(true);
}

fn close_the_terminal(from_a_shell: bool) {
    let bin = env!("CARGO_BIN_EXE_tilik");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let config = dir.path().join("config");
    let cli = |args: &[&str]| {
        Command::new(bin)
            .env("TILIK_DATA_DIR", &data)
            .env("TILIK_CONFIG_DIR", &config)
            .args(args)
            .output()
            .expect("run tilik")
    };
    assert!(cli(&["init", "--name", "Rina"]).status.success());
    let out = cli(&[
        "new", "--round", "2024", "--pemda", "61.71", "--lokus", "dpmptsp",
    ]);
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(out.status.success() && !id.is_empty(), "{out:?}");

    let t = Tmux::new("tilik-hangup");
    if from_a_shell {
        // `; true`: the shell waits for tilik instead of becoming it.
        let line = format!(
            "env TILIK_CONFIG_DIR='{}' LANG=C.UTF-8 '{bin}' --lang id --data-dir '{}'; true",
            config.display(),
            data.display()
        );
        let out = t.cmd(&[
            "new-session",
            "-d",
            "-s",
            &t.session,
            "-x",
            "80",
            "-y",
            "24",
            "sh",
            "-c",
            &line,
        ]);
        assert!(out.status.success(), "tmux: {out:?}");
        t.cmd(&["set", "-sg", "escape-time", "0"]);
    } else {
        let d = data.to_str().expect("utf8 path");
        t.start(&data, &config, bin, &["--data-dir", d]);
    }
    t.wait_for("Penilaian (1)");
    t.keys(&["Enter"]);
    t.wait_for("┌ I.1 ");
    t.text("2");
    t.wait_for(" 1/38");
    // This test's tilik: the only process whose command line names its data folder.
    let running = || {
        Command::new("pgrep")
            .args(["-f", "--", &format!("--data-dir {}", data.display())])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    assert!(running(), "tilik runs in the pane");
    t.cmd(&["kill-session", "-t", &t.session]);
    let start = std::time::Instant::now();
    while running() {
        assert!(
            start.elapsed() < tmux::TIMEOUT,
            "tilik is still running after its terminal was closed (shell: {from_a_shell})"
        );
        std::thread::sleep(std::time::Duration::from_millis(30));
    }
    assert!(
        data.join("store").join("clean-close").is_file(),
        "the store was closed cleanly (shell: {from_a_shell})"
    );
    let out = cli(&["show", &id, "--json"]);
    assert!(out.status.success(), "the store is free again: {out:?}");
    let show: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(show["answered"], 1, "the answer is kept");
}
