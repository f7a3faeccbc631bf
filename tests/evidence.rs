//! Evidence outside sled (`docs/store.md`, "Evidence"): files under `<store>/evidence/`,
//! streamed through import and export, checked by hash, and a missing or damaged file
//! named with the exact command that brings it back.

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};

use cli::{Tilik, new_2024};

/// The file of evidence `hash` in the store of `t`.
fn evidence_file(t: &Tilik, hash: &str) -> PathBuf {
    t.dir
        .join("data/store/evidence")
        .join(&hash[..2])
        .join(&hash[2..])
}

/// Bytes that do not compress and are not all alike.
fn photo(len: usize, seed: u8) -> Vec<u8> {
    let mut out = Vec::with_capacity(len);
    let mut block = blake3::hash(&[seed]);
    while out.len() < len {
        out.extend_from_slice(block.as_bytes());
        block = blake3::hash(block.as_bytes());
    }
    out.truncate(len);
    out
}

/// An assessor `name` who answered P.1 with `bytes` as evidence, a supervisor who trusts
/// them and imported their bundle; (assessor, supervisor, evidence hash, bundle file).
fn assessor_to_supervisor(root: &Path, bytes: &[u8]) -> (Tilik, Tilik, String, String) {
    let a = Tilik::new(root, "rina");
    a.ok(&["init", "--name", "Rina"]);
    let id = a.ok(&new_2024("61.71", "dpmptsp", &[]));
    let p = root.join("IMG_0412.jpg");
    std::fs::write(&p, bytes).expect("photo");
    a.ok(&[
        "answer",
        &id,
        "P.1",
        "3",
        "--evidence",
        p.to_str().expect("utf8"),
    ]);
    let s = Tilik::new(root, "sari");
    s.ok(&["init", "--name", "Sari", "--role", "supervisor"]);
    s.trust(&a, "Rina", "assessor");
    let e = a.export_to(&root.join("out"), None);
    let file = e["file"].as_str().expect("file").to_string();
    let (code, out, err) = s.run(&["import", &file]);
    assert_eq!(code, 0, "{out}{err}");
    (a, s, blake3::hash(bytes).to_hex().to_string(), file)
}

#[test]
fn large_evidence_lives_in_a_file_not_in_sled_and_streams_through_export_and_import() {
    let root = tempfile::tempdir().expect("tmp");
    // Beyond the 16 MiB an import keeps in memory: the second pass streams it.
    let bytes = photo(17 << 20, 1);
    let (a, s, hash, _) = assessor_to_supervisor(root.path(), &bytes);
    for t in [&a, &s] {
        let f = evidence_file(t, &hash);
        assert_eq!(std::fs::read(&f).expect("evidence file"), bytes, "{f:?}");
        let db = std::fs::metadata(t.dir.join("data/store/db"))
            .expect("db")
            .len();
        assert!(
            db < (bytes.len() as u64) / 2,
            "sled's db ({db} bytes) holds only the index, not the {} evidence bytes",
            bytes.len()
        );
    }
    // The supervisor relays it: its export carries the file, a third store gets it whole.
    let t = Tilik::new(root.path(), "tia");
    t.ok(&["init", "--name", "Tia", "--role", "supervisor"]);
    t.trust(&s, "Sari", "supervisor");
    t.trust(&a, "Rina", "assessor");
    let e = s.export_to(&root.path().join("out2"), None);
    assert_eq!(e["blobs"], 1, "{e}");
    let (code, out, err) = t.run(&["import", e["file"].as_str().expect("file")]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        std::fs::read(evidence_file(&t, &hash)).expect("relayed"),
        bytes
    );
}

#[test]
fn missing_or_damaged_imported_evidence_names_the_bundle_and_that_command_brings_it_back() {
    let root = tempfile::tempdir().expect("tmp");
    let bytes = photo(300_000, 2);
    let (_a, s, hash, _) = assessor_to_supervisor(root.path(), &bytes);
    let f = evidence_file(&s, &hash);

    // Missing: noticed on opening, whatever the command.
    std::fs::remove_file(&f).expect("rm");
    let (code, _, err) = s.run(&["--lang", "en", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&hash[..12]) && err.contains("missing"),
        "{err}"
    );
    let cmd = cli::reimport_command(&err);
    let (code, _, err2) = s.run(&["--lang", "en", "list"]);
    assert_eq!(code, 0);
    assert!(!err2.contains(&hash[..12]), "said once: {err2}");
    let args: Vec<&str> = cmd.split(' ').skip(1).collect();
    let (code, out, err) = s.run(&args);
    assert_eq!(code, 0, "{cmd}: {out}{err}");
    assert_eq!(std::fs::read(&f).expect("back"), bytes);

    // Damaged (same size): an export reads it against its hash, stops, and names it.
    let mut bad = bytes.clone();
    bad[1000] ^= 1;
    std::fs::write(&f, &bad).expect("damage");
    std::fs::create_dir_all(root.path().join("out3")).expect("export folder");
    let (code, _, err) = s.run(&[
        "--lang",
        "en",
        "export",
        "--dir",
        root.path().join("out3").to_str().expect("utf8"),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&hash[..12]) && err.contains("damaged"),
        "{err}"
    );
    assert!(err.contains(&cmd), "the same bundle to import again: {err}");
    assert!(
        f.with_extension("rusak").is_file(),
        "moved aside, never deleted"
    );
    let (code, out, err) = s.run(&args);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read(&f).expect("back again"), bytes);
    let e = s.export_to(&root.path().join("out4"), None);
    assert_eq!(e["blobs"], 1, "{e}");
}

#[test]
fn own_evidence_that_goes_missing_comes_back_from_the_journal() {
    let root = tempfile::tempdir().expect("tmp");
    let bytes = photo(200_000, 3);
    let (a, _s, hash, _) = assessor_to_supervisor(root.path(), &bytes);
    let f = evidence_file(&a, &hash);
    std::fs::remove_file(&f).expect("rm");
    let (code, _, err) = a.run(&["--lang", "en", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("missing"), "nothing lost: {err}");
    assert_eq!(std::fs::read(&f).expect("restored"), bytes);
}
