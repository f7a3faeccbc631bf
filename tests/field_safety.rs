//! Issue 16, field safety: the places where an assessor on site could believe something
//! that is not true, driven through the real binary. Export to a mistyped USB path,
//! provisional scores, and the messages that were wrong or leaked internal words.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

use cli::{Tilik, new_2024};

/// An assessor Rina (store `root/rina`) with one answered indicator; the assessment id.
fn rina(root: &Path) -> (Tilik, String) {
    let t = Tilik::new(root, "rina");
    t.ok(&["init", "--name", "Rina"]);
    let id = t.ok(&new_2024("61.71", "dpmptsp", &[]));
    t.ok(&["answer", &id, "P.1", "3"]);
    (t, id)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf8 path")
}

// ---- point 1: export to a folder that is not there -------------------------------------

#[test]
fn export_to_a_missing_folder_is_refused_and_leaves_nothing_behind() {
    let d = tempfile::tempdir().expect("dir");
    let (t, _) = rina(d.path());
    let media = d.path().join("media");
    let usb = media.join("USBSTICK");
    for lang in ["id", "en"] {
        let (code, out, err) = t.run(&["--lang", lang, "export", "--dir", s(&usb)]);
        assert_eq!(code, 1, "{out}{err}");
        let want = if lang == "id" {
            ["tidak ada", "flashdisk", "--create-dir"]
        } else {
            ["does not exist", "USB stick", "--create-dir"]
        };
        for w in want {
            assert!(err.contains(w), "{w}: {err}");
        }
        assert!(err.contains(s(&usb)), "names the folder: {err}");
        assert!(out.is_empty(), "{out}");
    }
    assert!(!media.exists(), "no folder made on this disk");
    // -o into a missing folder: the same.
    let (code, _, err) = t.run(&["export", "-o", s(&usb.join("x.tilik"))]);
    assert_eq!(code, 1, "{err}");
    assert!(!media.exists());
    // A failed export (bad recipient) makes nothing, even with --create-dir.
    let (code, _, err) = t.run(&["export", "--dir", s(&usb), "--create-dir", "--to", "nobody"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("nobody"), "{err}");
    assert!(!media.exists(), "a failed export created a folder");
    assert!(
        t.json(&["export", "--list", "--json"])
            .as_array()
            .is_some_and(Vec::is_empty),
        "nothing counts as exported"
    );
    // A file where the folder should be.
    std::fs::write(d.path().join("afile"), b"x").expect("write");
    let (code, _, err) = t.run(&["export", "--dir", s(&d.path().join("afile"))]);
    assert_eq!(code, 1);
    assert!(err.contains("bukan folder"), "{err}");
}

#[test]
fn create_dir_makes_the_folder_and_the_receipt_says_where_the_file_is() {
    let d = tempfile::tempdir().expect("dir");
    let (t, _) = rina(d.path());
    let usb = d.path().join("media").join("USBSTICK");
    let out = t.ok(&["export", "--dir", s(&usb), "--create-dir"]);
    for w in [
        "Folder baru dibuat:",
        "Di disk ",
        " · sisa ",
        "bukan di flashdisk",
        "Diperiksa: dibaca ulang dari disk, isi dan tanda tangan sah.",
    ] {
        assert!(out.contains(w), "{w}: {out}");
    }
    assert_eq!(cli::bundle_files(&usb).len(), 1, "{out}");
    // The JSON carries the same: the disk, its free space, and how it was checked.
    let v = t.json(&["export", "--dir", s(&usb), "--json"]);
    assert_eq!(v["read_back"], "verified", "{v}");
    assert!(v["created_dir"].is_null(), "{v}");
    assert_eq!(v["volume"]["same_as_store"], true, "{v}");
    if cfg!(target_os = "linux") {
        assert!(v["volume"]["free"].as_u64().is_some(), "{v}");
        assert!(v["volume"]["mount"].as_str().is_some(), "{v}");
    }
    // Encrypted: only the bytes can be compared (only the recipient opens it).
    let me = t.age_recipient();
    let v = t.json(&["export", "--dir", s(&usb), "--to", &me, "--json"]);
    assert_eq!(v["read_back"], "samebytes", "{v}");
    let out = t.ok(&["--lang", "en", "export", "--dir", s(&usb), "--to", &me]);
    assert!(
        out.contains("exactly as written (only the recipient can open the contents)"),
        "{out}"
    );
}

// ---- point 2: partial scores are visibly provisional ------------------------------------

#[test]
fn a_partial_score_is_provisional_in_show_list_and_every_report() {
    let d = tempfile::tempdir().expect("dir");
    let (t, id) = rina(d.path());
    let show = t.ok(&["show", &id]);
    assert!(show.contains("Nilai sementara: 100,00 A"), "{show}");
    assert!(show.contains("terisi 1/38"), "{show}");
    let en = t.ok(&["--lang", "en", "show", &id]);
    assert!(en.contains("Provisional score: 100.00 A"), "{en}");
    let list = t.ok(&["list"]);
    assert!(list.contains("100,00 A~"), "{list}");
    assert!(list.contains("~ = sementara"), "{list}");
    assert_eq!(t.json(&["list", "--json"])[0]["provisional"], true);
    // The report: the rank is marked, the lokus carries the flag in JSON and CSV.
    let table = t.ok(&["report"]);
    assert!(table.contains("1/1~"), "{table}");
    let md = t.ok(&["report", "--format", "md"]);
    assert!(md.contains("1/1~"), "{md}");
    let json = t.json(&["report", "--format", "json"]);
    assert_eq!(json["pemda"][0]["provisional"], true, "{json}");
    assert_eq!(json["pemda"][0]["lokus"][0]["provisional"], true, "{json}");
    let csv = d.path().join("r.csv");
    t.ok(&["report", "--format", "csv", "-o", s(&csv)]);
    let lokus = std::fs::read_dir(d.path())
        .expect("dir")
        .map(|e| e.expect("e").path())
        .find(|p| {
            p.to_string_lossy().contains("lokus") && p.extension().is_some_and(|x| x == "csv")
        })
        .expect("lokus csv");
    let text = std::fs::read_to_string(&lokus).expect("csv");
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.ends_with(",provisional,review,instrument_hash")),
        "{text}"
    );
    // Provisional, no review decision yet (empty review column), then the instrument's
    // content hash (64 hex digits).
    assert!(
        lines.next().is_some_and(|r| {
            let (head, hash) = r.rsplit_once(',').unwrap_or(("", ""));
            head.ends_with(",true,")
                && hash.len() == 64
                && hash.bytes().all(|b| b.is_ascii_hexdigit())
        }),
        "{text}"
    );
    // Complete and final: no longer provisional.
    for ind in t.json(&["show", &id, "--json"])["unanswered"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        t.ok(&["answer", &id, ind.as_str().expect("id"), "2"]);
    }
    t.ok(&["finalize", &id]);
    let show = t.ok(&["show", &id]);
    assert!(show.contains("\nNilai: "), "{show}");
    assert!(!t.ok(&["list"]).contains('~'));
    let json = t.json(&["report", "--format", "json"]);
    assert_eq!(json["pemda"][0]["lokus"][0]["provisional"], false, "{json}");
}

// ---- point 7 (part): messages in the user's words --------------------------------------

#[test]
fn classify_takes_a_decimal_comma_as_tilik_prints_it() {
    let d = tempfile::tempdir().expect("dir");
    let t = Tilik::new(d.path(), "x");
    let comma = t.ok(&["classify", "--instrument", "opini-2023", "88,23"]);
    let point = t.ok(&["classify", "--instrument", "opini-2023", "88.23"]);
    assert_eq!(comma, point);
    assert!(comma.contains("88,23"), "{comma}");
    let (code, _, err) = t.run(&["classify", "--instrument", "opini-2023", "88,2,3"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("bukan angka"), "{err}");
    assert!(!err.contains("invalid float literal"), "{err}");
}

#[test]
fn a_missing_evidence_file_is_said_without_the_system_s_english() {
    let d = tempfile::tempdir().expect("dir");
    let (t, id) = rina(d.path());
    let gone = d.path().join("foto.jpg");
    let (code, _, err) = t.run(&["answer", &id, "P.2", "3", "--evidence", s(&gone)]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("(tidak ada)"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    let (_, _, err) = t.run(&[
        "--lang",
        "en",
        "answer",
        &id,
        "P.2",
        "3",
        "--evidence",
        s(&gone),
    ]);
    assert!(err.contains("(it does not exist)"), "{err}");
}

#[test]
fn unreadable_files_are_said_in_words_not_the_system_s_english() {
    let d = tempfile::tempdir().expect("dir");
    let t = Tilik::new(d.path(), "rina");
    let gone = d.path().join("opini-2026.toml");
    for (lang, want) in [
        ("id", "tidak dapat dibaca (tidak ada)"),
        ("en", "cannot be read (it does not exist)"),
    ] {
        let (code, _, err) = t.run(&["--lang", lang, "instruments", "check", s(&gone)]);
        assert_eq!(code, 1, "{err}");
        assert!(err.contains(want), "{lang}: {err}");
        assert!(
            !err.contains("os error") && !err.contains("No such file"),
            "{err}"
        );
    }
    // An override file tilik cannot read (a folder where a file should be).
    let over = d.path().join("rina/config/instruments");
    std::fs::create_dir_all(over.join("broken.toml")).expect("dir");
    let (_, out, err) = t.run(&["instruments", "list"]);
    assert!(
        !out.contains("os error") && !err.contains("os error"),
        "{out}{err}"
    );
    assert!(
        !out.contains("Is a directory") && !err.contains("Is a directory"),
        "{out}{err}"
    );
}

#[test]
fn an_nip_must_be_eighteen_digits_and_the_refusal_says_why() {
    let d = tempfile::tempdir().expect("dir");
    let t = Tilik::new(d.path(), "rina");
    let (code, _, err) = t.run(&["init", "--name", "Rina", "--nip", "12345"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("18 angka") && err.contains("ini 5 angka"),
        "{err}"
    );
    let (code, _, err) = t.run(&["--lang", "en", "init", "--name", "Rina", "--nip", "12345"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("an NIP has 18 digits"), "{err}");
    // Nothing was made by the refused attempts; the groups people type are accepted.
    t.ok(&["init", "--name", "Rina", "--nip", "19870101 201001 2 001"]);
    let me = t.json(&["whoami", "--json"]);
    assert_eq!(me["nip"], "198701012010012001", "{me}");
}

#[test]
fn inspecting_an_own_encrypted_bundle_says_who_can_open_it() {
    let d = tempfile::tempdir().expect("dir");
    let (rina, _) = rina(d.path());
    let budi = Tilik::new(d.path(), "budi");
    budi.ok(&["init", "--name", "Budi", "--role", "supervisor"]);
    let key = budi.public_key();
    let age = budi.age_recipient();
    rina.ok(&[
        "trust",
        "add",
        "--key",
        &key,
        "--name",
        "Budi",
        "--role",
        "supervisor",
        "--age",
        &age,
    ]);
    let usb = d.path().join("usb");
    let v = rina.export_to(&usb, Some("Budi"));
    let file = v["file"].as_str().expect("file").to_string();
    for lang in ["id", "en"] {
        let (code, out, err) = rina.run(&["--lang", lang, "bundle", "inspect", &file]);
        assert_eq!(code, 0, "sound, only not for this device: {out}{err}");
        assert!(
            !out.contains("Ditolak") && !out.contains("Rejected"),
            "{out}"
        );
        assert!(
            !out.contains("mengekspor ulang") && !out.contains("export again with"),
            "{out}"
        );
        let want: &[&str] = if lang == "id" {
            &[
                "hanya penerima itu yang dapat membukanya",
                "Untuk: Budi (age1",
                "1 penerima",
                "diekspor dari perangkat ini",
            ]
        } else {
            &[
                "only they can open it",
                "For: Budi (age1",
                "1 recipient stanza(s)",
                "exported from this device",
            ]
        };
        for w in want {
            assert!(out.contains(w), "{w}: {out}");
        }
        assert!(
            out.contains(&v["bundle_id"].as_str().expect("id")[..8]),
            "{out}"
        );
    }
    let j = rina.json(&["bundle", "inspect", &file, "--json"]);
    assert_eq!(j["exported_here"]["recipients"][0]["name"], "Budi", "{j}");
    assert_eq!(
        j["exported_here"]["recipients"][0]["age"],
        age.as_str(),
        "{j}"
    );
    // The recipient opens it.
    budi.trust(&rina, "Rina", "assessor");
    let (code, out, _) = budi.run(&["bundle", "inspect", &file]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("lolos"), "{out}");
}

#[test]
fn inspect_says_an_assessment_was_edited_after_final() {
    let d = tempfile::tempdir().expect("dir");
    let (t, id) = rina(d.path());
    for ind in t.json(&["show", &id, "--json"])["unanswered"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        t.ok(&["answer", &id, ind.as_str().expect("id"), "2"]);
    }
    t.ok(&["finalize", &id]);
    t.ok(&["answer", &id, "P.1", "1"]);
    let v = t.export_to(&d.path().join("usb"), None);
    let file = v["file"].as_str().expect("file");
    let out = t.ok(&["bundle", "inspect", file]);
    assert!(out.contains("diubah setelah final"), "{out}");
    let out = t.ok(&["--lang", "en", "bundle", "inspect", file]);
    assert!(out.contains("edited after final"), "{out}");
}

#[test]
fn sync_counts_own_and_unchanged_bundles_apart_from_imported() {
    let d = tempfile::tempdir().expect("dir");
    let (t, id) = rina(d.path());
    let usb = d.path().join("usb");
    std::fs::create_dir_all(&usb).expect("usb");
    let folder = s(&usb);
    // Three syncs: each leaves one more own bundle in the folder.
    t.ok(&["sync", folder]);
    t.ok(&["answer", &id, "P.2", "2"]);
    t.ok(&["sync", folder]);
    t.ok(&["sync", folder]);
    let out = t.ok(&["sync", folder]);
    assert!(
        out.ends_with("0 berkas diimpor · 3 tanpa data baru (3 diekspor perangkat ini)"),
        "{out}"
    );
    let out = t.ok(&["--lang", "en", "sync", folder]);
    assert!(
        out.ends_with("0 files imported · 4 with nothing new (4 exported by this device)"),
        "{out}"
    );
}

#[test]
fn export_since_with_nothing_new_says_so_and_writes_nothing() {
    let d = tempfile::tempdir().expect("dir");
    let (t, _) = rina(d.path());
    let usb = d.path().join("usb");
    let v = t.export_to(&usb, None);
    let code = v["code"].as_str().expect("code").to_string();
    let before = cli::bundle_files(&usb).len();
    for (lang, want) in [
        ("id", "Tidak ada yang baru sejak bundel"),
        ("en", "Nothing new since bundle"),
    ] {
        let (rc, out, err) = t.run(&["--lang", lang, "export", "--dir", s(&usb), "--since", &code]);
        assert_eq!(rc, 0, "{out}{err}");
        assert!(out.contains(want) && out.contains(&code), "{out}");
    }
    let j = t.json(&["export", "--dir", s(&usb), "--since", &code, "--json"]);
    assert_eq!(j["written"], false, "{j}");
    assert_eq!(
        cli::bundle_files(&usb).len(),
        before,
        "no 0-op bundle written"
    );
    assert_eq!(
        t.json(&["export", "--list", "--json"])
            .as_array()
            .map(Vec::len),
        Some(1),
        "no receipt for a bundle that was not written"
    );
}

#[test]
fn log_says_what_changed_in_words_not_op_names() {
    let d = tempfile::tempdir().expect("dir");
    let (t, id) = rina(d.path());
    t.ok(&["note", &id, "P.1", "papan tarif"]);
    let out = t.ok(&["log", &id]);
    assert!(
        !out.contains("set_answer") && !out.contains("set_note"),
        "{out}"
    );
    assert!(out.contains("jawaban") && out.contains("catatan"), "{out}");
    let out = t.ok(&["--lang", "en", "log", &id]);
    assert!(
        out.contains("answer") && out.contains("note") && !out.contains("set_"),
        "{out}"
    );
}
