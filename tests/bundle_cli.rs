//! The bundle commands as a user drives them: exit codes (0 / 3), the JSON of `import`,
//! messages in Indonesian and English, the import log, the trust roster, `bundle inspect`,
//! incremental export, sync through a folder, and the office recovery recipient.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

use cli::{IMPORT_FIELDS, Tilik, new_2024};
use serde_json::Value;

/// An assessor named `name` (store `root/name`) with one answer; the assessment id.
fn assessor_with_answers(root: &Path, name: &str) -> (Tilik, String) {
    let e = Tilik::new(root, name);
    e.ok(&["init", "--name", name]);
    let id = e.ok(&new_2024("61.71", "dpmptsp", &[]));
    e.ok(&["answer", &id, "P.1", "3"]);
    (e, id)
}

/// The supervisor Sari (store `root/sari`).
fn supervisor(root: &Path) -> Tilik {
    let s = Tilik::new(root, "sari");
    s.ok(&["init", "--name", "Sari", "--role", "supervisor"]);
    s
}

/// The bundle file an export or an inspection names.
fn file(v: &Value) -> &str {
    v["file"].as_str().expect("file")
}

#[test]
fn import_json_exit_codes_and_languages() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, _) = assessor_with_answers(root.path(), "Rina");
    let s = supervisor(root.path());
    let out = root.path().join("out");
    let e = a.export_to(&out, None);
    let good = file(&e).to_string();
    let junk = root.path().join("junk.tilik");
    std::fs::write(&junk, b"hello, not a bundle").expect("w");

    // Unknown signer: quarantined, exit 3, the message names the next step.
    let (code, o, _) = s.run(&["import", &good, "--json"]);
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&o).expect("json");
    assert_eq!(v[0]["verdict"], "quarantined");
    assert_eq!(v[0]["reason"], "unknown_signer");
    assert!(
        v[0]["message"]
            .as_str()
            .expect("m")
            .contains("tilik trust add --key")
    );
    let (code, o, _) = s.run(&["--lang", "en", "import", &good]);
    assert_eq!(code, 3);
    assert!(
        o.contains("QUARANTINED") && o.contains("unknown sender"),
        "{o}"
    );

    // Trust, retry from the inbox: accepted, exit 0.
    s.trust(&a, "Rina", "assessor");
    let v = s.json(&["import", "--retry", "--json"]);
    assert_eq!(v[0]["verdict"], "accepted", "{v}");
    assert_eq!(v[0]["new_ops"], 2);
    assert_eq!(v[0]["conflicts"], 0);

    // A mix of good and bad files: one verdict each, exit 3.
    let (code, o, _) = s.run(&["import", &good, junk.to_str().expect("p"), "--json"]);
    assert_eq!(code, 3);
    let v: Value = serde_json::from_str(&o).expect("json");
    assert_eq!(v[0]["verdict"], "no_new_data");
    assert_eq!(v[0]["reason"], "already_imported");
    assert_eq!(v[1]["verdict"], "rejected");
    assert_eq!(v[1]["reason"], "not_a_bundle");
    for f in IMPORT_FIELDS {
        assert!(v[1].get(f).is_some(), "missing {f}");
    }
    let (code, o, _) = s.run(&["--lang", "en", "import", junk.to_str().expect("p")]);
    assert_eq!(code, 3);
    assert!(
        o.contains("REJECTED") && o.contains("not a tilik bundle"),
        "{o}"
    );
    let (code, o, _) = s.run(&["import", junk.to_str().expect("p")]);
    assert_eq!(code, 3);
    assert!(
        o.contains("DITOLAK") && o.contains("bukan berkas bundel"),
        "{o}"
    );
    // Only good files: exit 0.
    let (code, _, _) = s.run(&["import", &good]);
    assert_eq!(code, 0);

    // The log has every attempt.
    let log = s.json(&["import", "--log", "--json"]);
    let verdicts: Vec<&str> = log
        .as_array()
        .expect("log")
        .iter()
        .map(|r| r["verdict"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        verdicts,
        [
            "quarantined",
            "quarantined",
            "accepted",
            "no_new_data",
            "rejected",
            "rejected",
            "rejected",
            "no_new_data"
        ]
    );
    for f in [
        "file", "size", "hash", "signer", "stage", "verdict", "reason", "time_ms",
    ] {
        assert!(log[2].get(f).is_some(), "log misses {f}");
    }
    assert!(s.ok(&["import", "--log"]).contains("unknown_signer"));
}

#[test]
fn trust_roster_list_and_remove() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, _) = assessor_with_answers(root.path(), "Rina");
    let s = supervisor(root.path());
    assert!(s.ok(&["trust", "list"]).contains("kosong"));
    let (code, _, err) = s.run(&[
        "trust", "add", "--key", "abc", "--name", "X", "--role", "assessor",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("kunci publik"), "{err}");
    s.trust(&a, "Rina", "assessor");
    let v = s.json(&["trust", "list", "--json"]);
    assert_eq!(v[0]["name"], "Rina");
    assert_eq!(v[0]["role"], "assessor");
    let fp = a.json(&["whoami", "--json"])["fingerprint"]
        .as_str()
        .expect("fp")
        .to_string();
    assert_eq!(v[0]["fingerprint"], fp.as_str());
    assert!(s.ok(&["trust", "list"]).contains(&fp));
    s.ok(&["trust", "remove", "Rina"]);
    assert!(
        s.json(&["trust", "list", "--json"])
            .as_array()
            .expect("a")
            .is_empty()
    );
    let (code, _, err) = s.run(&["trust", "remove", "Rina"]);
    assert_eq!(code, 1);
    assert!(err.contains("daftar kepercayaan"), "{err}");
}

#[test]
fn inspect_plain_and_encrypted_bundles() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, id) = assessor_with_answers(root.path(), "Rina");
    let s = supervisor(root.path());
    let rec = s.age_recipient();
    assert!(rec.starts_with("age1"));
    assert!(s.ok(&["whoami"]).contains(&rec));
    let out = root.path().join("out");
    let plain = a.export_to(&out, None);
    let enc = a.export_to(&out, Some(&rec));
    let v = s.json(&["bundle", "inspect", file(&plain), "--json"]);
    assert_eq!(v["envelope"], "plain");
    assert_eq!(v["format_version"], "1.0");
    assert_eq!(v["signature_ok"], true);
    assert_eq!(v["signer_trusted"], false);
    assert_eq!(v["manifest"]["exporter"]["name"], "Rina");
    assert_eq!(v["manifest"]["segments"][0]["first_seq"], 1);
    assert_eq!(v["manifest"]["instruments"][0]["id"], "opini-2024");
    assert_eq!(v["manifest"]["instruments"][0]["embedded"], true);
    assert_eq!(v["manifest"]["summary"][0]["id"], id.as_str());
    assert_eq!(v["manifest"]["summary"][0]["answers"], 1);
    let v = s.json(&["bundle", "inspect", file(&enc), "--json"]);
    assert_eq!(v["envelope"], "age");
    assert_eq!(v["recipient_stanzas"], 1);
    assert_eq!(v["can_decrypt"], true);
    assert_eq!(v["manifest"]["recipients"][0], rec.as_str());
    let text = s.ok(&["bundle", "inspect", file(&enc)]);
    assert!(
        text.contains("terenkripsi age") && text.contains("Rina"),
        "{text}"
    );
    // Inspecting writes nothing: the file is not imported.
    assert!(
        s.json(&["import", "--log", "--json"])
            .as_array()
            .expect("a")
            .is_empty()
    );
    // The exporter cannot open the encrypted one: a sound file only not for this device
    // (issue 16), so exit 0 and the export it came from.
    let (code, o, _) = a.run(&["bundle", "inspect", file(&enc), "--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&o).expect("json");
    assert_eq!(v["can_decrypt"], false);
    assert_eq!(v["fault"], "wrong_recipient");
    assert_eq!(v["exported_here"]["recipients"][0]["age"], rec.as_str());
}

#[test]
fn incremental_export_and_listing() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, id) = assessor_with_answers(root.path(), "Rina");
    let out = root.path().join("out");
    let first = a.export_to(&out, None);
    assert_eq!(first["ops"], 2);
    a.ok(&["answer", &id, "P.2", "1"]);
    a.ok(&["answer", &id, "P.3", "0"]);
    let since = first["code"].as_str().expect("code");
    let inc = a.json(&[
        "export",
        "--dir",
        out.to_str().expect("p"),
        "--since",
        since,
        "--json",
    ]);
    assert_eq!(inc["ops"], 2, "only what the first bundle did not carry");
    let list = a.json(&["export", "--list", "--json"]);
    assert_eq!(list.as_array().expect("a").len(), 2);
    let (code, _, err) = a.run(&[
        "export",
        "--since",
        "nope",
        "--dir",
        out.to_str().expect("p"),
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("belum pernah mengekspor"), "{err}");
    // The supervisor merging first + incremental equals a full bundle.
    let s = supervisor(root.path());
    s.trust(&a, "Rina", "assessor");
    let v = s.json(&["import", file(&inc), "--json"]);
    assert_eq!(v[0]["verdict"], "accepted_with_warnings", "{v}");
    assert_eq!(v[0]["reason"], "gap");
    let v = s.json(&["import", file(&first), "--json"]);
    assert_eq!(v[0]["verdict"], "accepted");
    let show = s.json(&["show", &id, "--json"]);
    assert_eq!(show["answered"], 3);
}

#[test]
fn sync_through_a_shared_folder() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, id) = assessor_with_answers(root.path(), "Rina");
    let b = Tilik::new(root.path(), "budi");
    b.ok(&["init", "--name", "Budi"]);
    b.ok(&new_2024("61.71", "dpmptsp", &[]));
    b.ok(&["answer", &id, "P.2", "2"]);
    a.trust(&b, "Budi", "assessor");
    b.trust(&a, "Rina", "assessor");
    let usb = root.path().join("usb");
    std::fs::create_dir_all(&usb).expect("mkdir");
    std::fs::write(usb.join("catatan.txt"), "bukan bundel").expect("w");
    let v = a.json(&["sync", usb.to_str().expect("p"), "--json"]);
    assert_eq!(v["imports"].as_array().expect("a").len(), 0);
    let v = b.json(&["sync", usb.to_str().expect("p"), "--json"]);
    assert_eq!(v["imports"][0]["verdict"], "accepted", "{v}");
    let (code, o, _) = a.run(&["sync", usb.to_str().expect("p")]);
    assert_eq!(code, 0, "{o}");
    assert!(o.contains("DITERIMA"), "{o}");
    let answered = |e: &Tilik| e.json(&["show", &id, "--json"])["answered"].clone();
    assert_eq!(answered(&a), 2);
    assert_eq!(answered(&b), 2);
    // Nothing in the folder was deleted: three bundles and the text file.
    let names: Vec<String> = std::fs::read_dir(&usb)
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(
        names.iter().filter(|n| n.ends_with(".tilik")).count(),
        3,
        "{names:?}"
    );
    assert!(names.contains(&"catatan.txt".to_string()));
}

#[test]
fn supervisors_only_resolve_and_recovery_recipient_is_added() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, id) = assessor_with_answers(root.path(), "Rina");
    let (code, _, err) = a.run(&["resolve", &id, "P.1", "--value", "2", "--reason", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("supervisor"), "{err}");
    let (code, _, _) = a.run(&["resolve", &id, "P.1", "--reason", "x"]);
    assert_eq!(code, 2, "--pick or --value is required");

    // An office recovery recipient from config.toml joins every encrypted export.
    let recovery = tilik::bundle::new_age_identity();
    let cfg = a.dir.join("config");
    std::fs::create_dir_all(&cfg).expect("mkdir");
    std::fs::write(
        cfg.join("config.toml"),
        format!("recovery_recipients = [\"{}\"]\n", recovery.to_public()),
    )
    .expect("w");
    let s = supervisor(root.path());
    let rec = s.age_recipient();
    let out = root.path().join("out");
    let e = a.export_to(&out, Some(&rec));
    assert_eq!(e["recipients"].as_array().expect("a").len(), 2);
    let bytes = std::fs::read(file(&e)).expect("r");
    let v = tilik::bundle::verify_bytes(&bytes, Some(&recovery), &mut tilik::core::bundle::Discard)
        .expect("the office can open it");
    assert!(v.fault().is_none());
    // A plain export is not encrypted to the recovery key.
    let p = a.export_to(&out, None);
    assert_eq!(p["encrypted"], false);
}
