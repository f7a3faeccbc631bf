//! End-to-end (issue 16): a full site visit as a new assessor would make it, in a real
//! terminal (tmux, 80×24) on the real binary. First run with a mistyped NIP, a new
//! assessment found by a misspelt pemda name, answers with a note, an evidence file picked
//! with Tab completion, opened with the system viewer (`$TILIK_OPENER`, here a script that
//! copies what it is given) and removed, a flagged indicator, a `kill -9` in the middle of a
//! note with the draft back after the restart, review and a confirmed finalize, an export
//! to a folder that is not there (refused, nothing made) and then to a real one, and
//! `bundle inspect` of the file written.
//!
//! Needs tmux (CI installs it); skipped with a message when it is absent outside CI.

#[path = "support/tmux.rs"]
mod tmux;

use std::process::Command;
use std::time::Instant;

use tmux::{TIMEOUT, Tmux, require_tmux};

/// Wait until `path` holds `want` (the viewer script runs in the background).
fn wait_file(path: &std::path::Path, want: &[u8]) {
    let start = Instant::now();
    loop {
        if std::fs::read(path).ok().as_deref() == Some(want) {
            return;
        }
        assert!(
            start.elapsed() < TIMEOUT,
            "the viewer never got the file at {}",
            path.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_site_visit_from_first_run_to_a_checked_export() {
    if !require_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_tilik");
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let config = dir.path().join("config");
    let photos = dir.path().join("foto");
    std::fs::create_dir_all(&photos).expect("photos");
    let photo_bytes = vec![0xD8u8; 4096];
    std::fs::write(photos.join("IMG_0412.jpg"), &photo_bytes).expect("photo");
    std::fs::write(photos.join("catatan.txt"), b"x").expect("other");
    // The "system viewer": copies the file it is given where the test can see it.
    let seen = dir.path().join("viewer-saw.bin");
    let opener = dir.path().join("viewer.sh");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\ncp \"$1\" '{}'\n", seen.display()),
    )
    .expect("viewer");
    let chmod = Command::new("chmod")
        .args(["+x", opener.to_str().expect("utf8")])
        .status()
        .expect("chmod");
    assert!(chmod.success());
    let opener_env = format!("TILIK_OPENER={}", opener.display());
    let t = Tmux::new("tilik-visit");

    // ---- first run: a short NIP is refused with the reason ----
    t.start_env(&data, &config, bin, &[], &[&opener_env]);
    t.wait_for("Selamat datang di tilik");
    t.text("Rina Sari");
    t.keys(&["Enter"]);
    t.text("12345");
    t.keys(&["Enter"]);
    t.text("Perwakilan Kalbar");
    t.keys(&["Enter"]);
    t.wait_for("bukan NIP");
    t.keys(&["BSpace", "BSpace", "BSpace", "BSpace", "BSpace"]);
    t.text("198701012010012001");
    t.keys(&["Enter", "Enter"]);
    t.wait_for("Sidik jari perangkat");
    t.keys(&["Enter"]);
    t.wait_for("Belum ada penilaian");

    // ---- a new assessment, the pemda typed misspelt ----
    t.text("b");
    t.wait_for("Penilaian baru");
    t.keys(&["BSpace", "BSpace", "BSpace", "BSpace"]);
    t.text("2024");
    t.wait_for("opini-2024");
    t.keys(&["Tab", "Tab"]);
    t.text("pontinak");
    t.wait_for_all(&["mungkin", "Kota Pontianak"]);
    t.keys(&["Enter"]);
    t.wait_for("→ Kota Pontianak");
    t.keys(&["Enter"]);
    t.wait_for("Kota Pontianak › DPMPTSP · opini-2024");

    // ---- answers and a note ----
    t.text("2");
    t.wait_for("tersimpan ✓ I.1 = 2");
    t.text("3");
    t.wait_for("tersimpan ✓ I.2 = 3");
    t.text("c");
    t.wait_for("Catatan · I.3");
    t.text("Papan tarif di loket");
    t.keys(&["C-s"]);
    t.wait_for("catatan I.3 tersimpan ✓");

    // ---- evidence: Tab completes the name, the list opens and removes it ----
    t.text("a");
    t.wait_for("Lampirkan bukti");
    t.text(&format!("{}/IMG", photos.display()));
    t.keys(&["Tab"]);
    t.wait_for("IMG_0412.jpg");
    t.keys(&["Enter"]);
    t.wait_for("bukti IMG_0412.jpg untuk I.3 tersimpan ✓");
    t.text("e");
    t.wait_for_all(&["Lampiran bukti · I.3", "IMG_0412.jpg", "4,0 KB"]);
    t.keys(&["Enter"]);
    t.wait_for("dibuka dengan");
    wait_file(&seen, &photo_bytes);
    t.keys(&["DC"]);
    t.wait_for("Hapus IMG_0412.jpg?");
    t.text("y");
    t.wait_for("IMG_0412.jpg dihapus dari I.3");
    t.keys(&["Escape"]);
    t.wait_without("Lampiran bukti · I.3");

    // ---- a flag, then the answer ----
    t.text("f");
    t.wait_for("I.3 ditandai ✓");
    t.text("1");
    t.wait_for("tersimpan ✓ I.3 = 1");

    // ---- kill -9 in the middle of a note: the draft comes back ----
    t.text("c");
    t.wait_for("Catatan · I.4");
    t.text("Draf belum disimpan");
    // On screen means drawn after the input was drained, when the draft is kept.
    t.wait_for("Draf belum disimpan");
    let pid = t.pane_pid();
    let k = Command::new("kill")
        .args(["-9", &pid])
        .status()
        .expect("kill");
    assert!(k.success());
    t.wait_gone();
    t.start_env(&data, &config, bin, &[], &[&opener_env]);
    t.wait_for_all(&["┌ I.4", " 3/38"]);
    t.text("c");
    t.wait_for_all(&[
        "Draf catatan yang belum disimpan dipulihkan",
        "Draf belum disimpan",
    ]);
    t.keys(&["C-s"]);
    t.wait_for("catatan I.4 tersimpan ✓");

    // ---- every other indicator ----
    for n in 4..=38 {
        t.text("3");
        t.wait_for(&format!(" {n}/38"));
    }
    t.wait_for("Semua indikator sudah dijawab");

    // ---- review: the flag is listed; finalize asks once, only y finalizes ----
    t.text("r");
    t.wait_for("[ Finalkan ] tekan F");
    t.text("F");
    let s = t.wait_for("Finalkan penilaian?");
    assert!(s.contains("I.3"), "the flagged indicator is listed:\n{s}");
    t.keys(&["Enter"]);
    t.wait_for("Tekan y untuk memfinalkan");
    t.text("y");
    t.wait_for("Difinalkan ✓");
    t.keys(&["Escape"]);
    t.wait_without("Difinalkan ✓");
    t.keys(&["Escape"]);
    t.wait_for("Penilaian (1)");

    // ---- export: a folder that is not there is refused, nothing is made ----
    let missing = dir.path().join("media").join("USBSTICK");
    t.text("e");
    t.wait_for("Ekspor bundel");
    t.keys(&["BSpace"; 200]);
    t.text(missing.to_str().expect("utf8"));
    t.keys(&["Enter"]);
    t.wait_for("folder BARU di disk ini");
    t.text("n");
    t.wait_for("Folder tidak dibuat");
    assert!(!dir.path().join("media").exists(), "nothing made");
    let usb = dir.path().join("usb");
    std::fs::create_dir_all(&usb).expect("usb");
    t.keys(&["BSpace"; 200]);
    t.text(usb.to_str().expect("utf8"));
    t.keys(&["Enter"]);
    t.wait_for_all(&["Ekspor selesai", "Diperiksa: dibaca ulang"]);
    t.keys(&["Escape"]);
    t.wait_for("semua sudah diekspor");
    t.text("q");
    t.wait_gone();

    // ---- the file written, as the supervisor will read it ----
    let files: Vec<_> = std::fs::read_dir(&usb)
        .expect("usb")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let out = Command::new(bin)
        .env("TILIK_DATA_DIR", &data)
        .env("TILIK_CONFIG_DIR", &config)
        .args(["bundle", "inspect", files[0].to_str().expect("utf8")])
        .output()
        .expect("inspect");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    for want in ["Rina Sari", "final", "Kota Pontianak"] {
        assert!(text.contains(want), "{want}: {text}");
    }
}
