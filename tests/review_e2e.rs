//! End-to-end (issue 14): the review loop closed offline, in real terminals (tmux, 80×24)
//! on the real binary, as a new supervisor and assessor would run it. The supervisor marks
//! a finalized assessment "needs revision" in the TUI with a comment, adds two indicator
//! comments, exports; the assessor imports, sees the comments on the home row, in the tree
//! and in the indicator pane, replies to one, fixes the answer, re-finalizes, exports; the
//! supervisor imports, sees "resubmitted" and the reply, approves (nothing preselected), and
//! the report loses "SEMENTARA".
//!
//! Needs tmux (CI installs it); skipped with a message when it is absent outside CI.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/tmux.rs"]
mod tmux;

use cli::Tilik;
use tmux::{Tmux, require_tmux};

fn ok(t: &Tilik, args: &[&str]) -> String {
    let (code, out, err) = t.run(args);
    assert!(code == 0, "tilik {args:?} exited {code}: {err}{out}");
    out
}

fn indicators(t: &Tilik) -> Vec<String> {
    let v = t.json(&["instruments", "show", "opini-2024", "--json"]);
    let mut out = Vec::new();
    for d in v["dimensions"].as_array().expect("dimensions") {
        for var in d["variables"].as_array().expect("variables") {
            for i in var["indicators"].as_array().expect("indicators") {
                out.push(i["id"].as_str().expect("id").to_string());
            }
        }
    }
    out
}

/// The text at the foot of the indicator pane: on screen, or after one page down.
fn see_or_scroll(t: &Tmux, text: &str) {
    if !t.screen().contains(text) {
        t.keys(&["PageDown"]);
        t.wait_for(text);
    }
}

fn start(t: &Tmux, who: &Tilik, bin: &str) {
    t.start(&who.dir.join("data"), &who.dir.join("config"), bin, &[]);
}

#[test]
fn needs_revision_with_comments_reply_resubmit_and_approve() {
    if !require_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_tilik");
    let root = tempfile::tempdir().expect("dir");
    let usb = root.path().join("usb");
    std::fs::create_dir_all(&usb).expect("usb");
    let file = |name: &str| usb.join(name).display().to_string();

    // ---- setup on the command line: Rina's finalized assessment, the supervisor's store ----
    let rina = Tilik::new(root.path(), "rina");
    let sup = Tilik::new(root.path(), "sinta");
    ok(&rina, &["init", "--name", "Rina Sari"]);
    ok(
        &sup,
        &["init", "--name", "Sinta Dewi", "--role", "supervisor"],
    );
    let id = ok(&rina, &cli::new_2024("61.71", "dpmptsp", &[]))
        .trim()
        .to_string();
    for ind in indicators(&rina) {
        ok(&rina, &["answer", &id, &ind, "2"]);
    }
    ok(&rina, &["finalize", &id]);
    ok(&rina, &["export", "-o", &file("rina1.tilik")]);
    ok(
        &sup,
        &[
            "trust",
            "add",
            "--key",
            &rina.public_key(),
            "--name",
            "Rina Sari",
            "--role",
            "assessor",
        ],
    );
    ok(
        &rina,
        &[
            "trust",
            "add",
            "--key",
            &sup.public_key(),
            "--name",
            "Sinta Dewi",
            "--role",
            "supervisor",
        ],
    );
    ok(&sup, &["import", &file("rina1.tilik")]);
    assert!(
        ok(&sup, &["report"]).contains("SEMENTARA"),
        "not approved yet"
    );

    // ---- the supervisor: needs revision, with a comment, in the TUI ----
    let t = Tmux::new("tilik-review-s1");
    start(&t, &sup, bin);
    t.wait_for("Penilaian (1)");
    t.text("v");
    t.wait_for("Status tinjauan");
    t.text("2");
    t.text("Perbaiki P.1 dan P.2, lalu kirim ulang");
    t.keys(&["Enter"]);
    t.wait_for("Status tinjauan tersimpan");
    t.text("q");
    t.wait_gone();
    // Two indicator comments, then the export for Rina.
    ok(
        &sup,
        &[
            "review",
            &id,
            "--indicator",
            "P.1",
            "--comment",
            "Foto persyaratan tidak terbaca",
        ],
    );
    ok(
        &sup,
        &[
            "review",
            &id,
            "--indicator",
            "P.2",
            "--comment",
            "Alur belum dipasang di loket",
        ],
    );
    ok(&sup, &["export", "-o", &file("sinta1.tilik")]);
    ok(&rina, &["import", &file("sinta1.tilik")]);

    // ---- the assessor sees the comments where she works, replies, fixes, re-finalizes ----
    let t = Tmux::new("tilik-review-a");
    start(&t, &rina, bin);
    let s = t.wait_for("Penilaian (1)");
    let row = s.lines().find(|l| l.contains("DPMPTSP")).unwrap_or("");
    assert!(row.contains('◷') && row.contains('✉'), "home row: {s}");
    t.keys(&["Enter"]);
    t.wait_for("Kota Pontianak › DPMPTSP");
    t.text("/");
    t.text("P.1 persyaratan");
    t.keys(&["Enter"]);
    // The search closes on P.1; the comment, who wrote it, and the tree's marker.
    let s = t.wait_for_all(&["┌ P.1", "✉ Sinta Dewi (supervisor)", "▶✓ P.1"]);
    let tree = s.lines().find(|l| l.contains("▶✓ P.1")).unwrap_or("");
    assert!(tree.contains('✉'), "tree marker: {s}");
    see_or_scroll(&t, "Foto persyaratan tidak terbaca");
    t.text("b");
    t.wait_for("Balas komentar supervisor · P.1");
    t.text("Sudah difoto ulang");
    t.keys(&["C-s"]);
    t.wait_for("balasan P.1 tersimpan ✓");
    t.text("3");
    t.wait_for("tersimpan ✓ P.1 = 3");
    t.text("r");
    let s = t.wait_for("[ Finalkan ] tekan F");
    assert!(
        s.contains("komentar"),
        "the review screen counts the comments: {s}"
    );
    t.text("F");
    t.wait_for("Finalkan penilaian?");
    t.text("y");
    t.wait_for("Difinalkan ✓");
    t.text("q");
    t.wait_gone();
    ok(&rina, &["export", "-o", &file("rina2.tilik")]);
    ok(&sup, &["import", &file("rina2.tilik")]);

    // ---- the supervisor: resubmitted, the reply, approve with nothing preselected ----
    let t = Tmux::new("tilik-review-s2");
    start(&t, &sup, bin);
    let s = t.wait_for("Penilaian (1)");
    let row = s.lines().find(|l| l.contains("DPMPTSP")).unwrap_or("");
    assert!(row.contains('↻'), "resubmitted: {s}");
    t.keys(&["Enter"]);
    t.wait_for("Kota Pontianak › DPMPTSP");
    t.text("/");
    t.text("P.1 persyaratan");
    t.keys(&["Enter"]);
    t.wait_for_all(&["┌ P.1", "▶✓ P.1"]);
    see_or_scroll(&t, "Sudah difoto ulang");
    t.keys(&["Escape"]);
    t.wait_for("Penilaian (1)");
    t.text("v");
    t.wait_for("Status tinjauan");
    t.keys(&["Enter"]);
    t.wait_for("Pilih status dulu");
    t.text("3");
    t.keys(&["Enter"]);
    let s = t.wait_for_any(&["Status tinjauan tersimpan", "Masih terbuka"]);
    if s.contains("Masih terbuka") {
        // Open comments are named by the guard: approve past it with a reason.
        t.text("semua komentar sudah dijawab");
        t.keys(&["Enter"]);
        t.wait_for("Status tinjauan tersimpan");
    }
    let s = t.wait_for("Penilaian (1)");
    let row = s.lines().find(|l| l.contains("DPMPTSP")).unwrap_or("");
    assert!(row.contains('☑'), "approved: {s}");
    t.text("q");
    t.wait_gone();
    let report = ok(&sup, &["report"]);
    assert!(!report.contains("SEMENTARA"), "{report}");
}
