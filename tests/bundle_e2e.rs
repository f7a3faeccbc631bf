//! End to end through the real binary: two assessors and a provincial supervisor exchange
//! bundles, the supervisor sees a conflict and resolves it, re-exports, and a national
//! store merges the provincial bundle with every original signature still verifiable.

#[path = "support/cli.rs"]
mod cli;

use cli::{IMPORT_FIELDS, Tilik, new_2024};
use serde_json::Value;

/// What this test asks of a store beyond running commands.
trait Exchange {
    fn answers(&self, id: &str) -> Vec<(String, Value, bool)>;
}

impl Exchange for Tilik {
    fn answers(&self, id: &str) -> Vec<(String, Value, bool)> {
        let v = self.json(&["show", id, "--json"]);
        v["answers"]
            .as_array()
            .expect("answers")
            .iter()
            .map(|a| {
                (
                    a["indicator"].as_str().unwrap_or("").to_string(),
                    a["value"].clone(),
                    a["conflict"].as_bool().unwrap_or(false),
                )
            })
            .collect()
    }
}

#[test]
fn two_assessors_a_supervisor_and_a_national_store() {
    let root = tempfile::tempdir().expect("tmp");
    let usb = root.path().join("usb");
    let rina = Tilik::new(root.path(), "rina");
    let budi = Tilik::new(root.path(), "budi");
    let sari = Tilik::new(root.path(), "sari");
    let nas = Tilik::new(root.path(), "nasional");
    rina.ok(&["init", "--name", "Rina Wulandari"]);
    budi.ok(&["init", "--name", "Budi Santoso"]);
    sari.ok(&[
        "init",
        "--name",
        "Sari Dewi",
        "--role",
        "supervisor",
        "--office",
        "Perwakilan Kalbar",
    ]);
    nas.ok(&["init", "--name", "Tim Nasional", "--role", "supervisor"]);

    // Enrolment: keys checked by phone, then trusted.
    sari.trust(&rina, "Rina Wulandari", "assessor");
    sari.trust(&budi, "Budi Santoso", "assessor");
    nas.trust(&sari, "Sari Dewi", "supervisor");

    // Both assessors open the same office offline.
    let new = new_2024("Kota Pontianak", "dpmptsp", &["--instrument", "opini-2024"]);
    let id = rina.ok(&new);
    assert_eq!(budi.ok(&new), id, "same deterministic assessment id");
    let photo = root.path().join("papan-sop.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff\xe0 SOP board photo").expect("w");
    rina.ok(&[
        "answer",
        &id,
        "P.1",
        "3",
        "--note",
        "SOP terpasang di ruang tunggu",
        "--evidence",
        photo.to_str().expect("p"),
    ]);
    rina.ok(&["answer", &id, "P.2", "2"]);
    budi.ok(&["answer", &id, "P.1", "1", "--note", "SOP tidak terlihat"]);
    budi.ok(&["answer", &id, "P.2", "2"]);
    budi.ok(&["answer", &id, "P.3", "3"]);

    // Rina encrypts to the supervisor; Budi sends a plain (signed) bundle.
    let to = sari.age_recipient();
    assert!(to.starts_with("age1"));
    let er = rina.export_to(&usb, Some(&to));
    let eb = budi.export_to(&usb, None);
    assert_eq!(er["encrypted"], true);
    assert_eq!(eb["encrypted"], false);
    assert_eq!(er["code"].as_str().expect("code").len(), 9);
    let (fr, fb) = (
        er["file"].as_str().expect("f"),
        eb["file"].as_str().expect("f"),
    );
    assert!(fr.ends_with(".tilik.age") && fb.ends_with(".tilik"));
    // Budi cannot open Rina's bundle.
    let (code, out, _) = budi.run(&["bundle", "inspect", fr, "--json"]);
    assert_eq!(code, 3);
    let ins: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(ins["envelope"], "age");
    assert_eq!(ins["can_decrypt"], false);
    assert_eq!(ins["fault"], "wrong_recipient");

    // The supervisor imports both; the second shows the conflict.
    let v = sari.json(&["import", fr, fb, "--json"]);
    let verdicts: Vec<&str> = v
        .as_array()
        .expect("a")
        .iter()
        .map(|o| o["verdict"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(verdicts, ["accepted", "accepted"], "{v}");
    assert_eq!(v[1]["conflicts"], 1);
    for o in v.as_array().expect("a") {
        for f in IMPORT_FIELDS {
            assert!(o.get(f).is_some(), "missing {f}");
        }
    }
    let c = sari.json(&["conflicts", "--json"]);
    let list = c["conflicts"].as_array().expect("conflicts");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["indicator"], "P.1");
    let cands = list[0]["candidates"].as_array().expect("cands");
    assert_eq!(cands.len(), 2);
    let rina_n = cands
        .iter()
        .find(|k| k["name"] == "Rina Wulandari")
        .expect("Rina's candidate");
    assert_eq!(rina_n["value"], "3");
    assert_eq!(rina_n["note"], "SOP terpasang di ruang tunggu");
    assert_eq!(rina_n["evidence"][0], "papan-sop.jpg");
    let budi_n = cands
        .iter()
        .find(|k| k["name"] == "Budi Santoso")
        .expect("Budi's");
    assert_eq!(budi_n["note"], "SOP tidak terlihat");
    let text = sari.ok(&["conflicts"]);
    assert!(
        text.contains("Rina Wulandari") && text.contains("Budi Santoso"),
        "{text}"
    );

    // Only a supervisor may resolve.
    let (code, _, err) = rina.run(&["resolve", &id, "P.1", "--pick", "1", "--reason", "x"]);
    assert_eq!(code, 1);
    assert!(err.contains("supervisor"), "{err}");
    let n = rina_n["n"].as_u64().expect("n").to_string();
    sari.ok(&[
        "resolve",
        &id,
        "P.1",
        "--pick",
        &n,
        "--reason",
        "foto SOP jelas terpasang",
    ]);
    assert!(
        sari.json(&["conflicts", "--json"])["conflicts"]
            .as_array()
            .expect("c")
            .is_empty()
    );
    sari.ok(&["store", "rebuild", "--check"]);

    // The provincial store exports its consolidated bundle; the national store merges it.
    let prov = root.path().join("kalbar.tilik");
    let ep = sari.json(&["export", "-o", prov.to_str().expect("p"), "--json"]);
    assert_eq!(
        ep["segments"], 3,
        "Rina's, Budi's and the supervisor's own segment"
    );
    let ins = nas.json(&["bundle", "inspect", prov.to_str().expect("p"), "--json"]);
    assert_eq!(ins["fault"], Value::Null);
    assert_eq!(ins["signature_ok"], true);
    assert_eq!(ins["signer_trusted"], true);
    let v = nas.json(&["import", prov.to_str().expect("p"), "--json"]);
    assert_eq!(v[0]["verdict"], "accepted", "{v}");
    assert_eq!(nas.answers(&id), sari.answers(&id));
    let p1 = nas
        .answers(&id)
        .into_iter()
        .find(|a| a.0 == "P.1")
        .expect("P.1");
    assert_eq!(p1.1, Value::from(3));
    assert!(!p1.2, "resolved everywhere");
    assert!(
        nas.json(&["conflicts", "--json"])["conflicts"]
            .as_array()
            .expect("c")
            .is_empty()
    );
    nas.ok(&["store", "rebuild", "--check"]);

    // National roll-up again: the national store's own export still carries every
    // original device signature, so a further store can verify and merge it.
    let nat = root.path().join("nasional.tilik");
    nas.ok(&["export", "-o", nat.to_str().expect("p")]);
    let archive = Tilik::new(root.path(), "arsip");
    archive.ok(&["init", "--name", "Arsip", "--role", "supervisor"]);
    archive.trust(&nas, "Tim Nasional", "supervisor");
    archive.trust(&sari, "Sari Dewi", "supervisor");
    let ins = archive.json(&["bundle", "inspect", nat.to_str().expect("p"), "--json"]);
    assert_eq!(ins["fault"], Value::Null, "{ins}");
    let devices: Vec<String> = ins["segments"]
        .as_array()
        .expect("s")
        .iter()
        .map(|s| s["device"].as_str().unwrap_or("").to_string())
        .collect();
    for who in [&rina, &budi, &sari] {
        let k = who.public_key();
        assert!(devices.contains(&k), "segment of {k} relayed");
    }
    let v = archive.json(&["import", nat.to_str().expect("p"), "--json"]);
    assert_eq!(v[0]["verdict"], "accepted");
    assert_eq!(archive.answers(&id), sari.answers(&id));

    // Resolutions travel back to assessors too.
    rina.trust(&sari, "Sari Dewi", "supervisor");
    let v = rina.json(&["import", prov.to_str().expect("p"), "--json"]);
    assert!(
        v[0]["verdict"].as_str().expect("v").starts_with("accepted"),
        "{v}"
    );
    let p1 = rina
        .answers(&id)
        .into_iter()
        .find(|a| a.0 == "P.1")
        .expect("P.1");
    assert_eq!(p1.1, Value::from(3));
    assert!(!p1.2);

    // The import log records every attempt.
    let log = sari.json(&["import", "--log", "--json"]);
    assert_eq!(log.as_array().expect("log").len(), 2);
}
