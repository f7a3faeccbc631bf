//! The headless CLI as a user drives it: every command on a temp data dir, bad input gets
//! one clear sentence and a non-zero exit, and the store is unchanged after an error.

#[path = "support/cli.rs"]
mod cli;

use assert_cmd::prelude::*;
use cli::{Tilik, new_2024};
use predicates::prelude::*;
use serde_json::Value;

/// A store in its own temp dir (removed at the end); runs commands as [`Tilik`].
struct Env {
    dir: tempfile::TempDir,
    tilik: Tilik,
}

impl std::ops::Deref for Env {
    type Target = Tilik;
    fn deref(&self) -> &Tilik {
        &self.tilik
    }
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().expect("tmp");
        let tilik = Tilik::at(dir.path());
        Env { dir, tilik }
    }
    fn init(&self) {
        self.ok(&[
            "init",
            "--name",
            "Rina Sari",
            "--nip",
            "198701012010012001",
            "--office",
            "Perwakilan Kalbar",
        ]);
    }
    fn new_puskesmas(&self) -> String {
        self.ok(&new_2024(
            "Kota Pontianak",
            "puskesmas",
            &[
                "--instrument",
                "opini-2024",
                "--name",
                "Puskesmas Alianyang",
            ],
        ))
    }
    fn log_len(&self, id: &str) -> usize {
        self.json(&["log", id, "--json"])
            .as_array()
            .map_or(0, Vec::len)
    }
}

#[test]
fn paths_show_the_overrides() {
    let e = Env::new();
    let out = e.ok(&["paths"]);
    assert!(out.contains(&e.dir.path().join("data").display().to_string()));
    assert!(out.contains(&e.dir.path().join("config").display().to_string()));
}

#[test]
fn init_and_whoami_json_fields() {
    let e = Env::new();
    e.cmd()
        .arg("whoami")
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("tilik init"));
    e.init();
    let w = e.json(&["whoami", "--json"]);
    assert_eq!(w["name"], "Rina Sari");
    assert_eq!(w["role"], "assessor");
    assert_eq!(w["device_id"].as_str().map(str::len), Some(64));
    assert_eq!(w["public_key"], w["device_id"]);
    // A second init changes nothing.
    e.cmd()
        .args(["init", "--name", "X"])
        .assert()
        .failure()
        .code(1);
    assert_eq!(e.json(&["whoami", "--json"])["device_id"], w["device_id"]);
}

#[test]
fn same_key_gives_same_id_on_any_device() {
    let a = Env::new();
    let b = Env::new();
    a.init();
    b.ok(&["init", "--name", "Budi"]);
    let ida = a.new_puskesmas();
    let idb = b.ok(&new_2024(
        "61.71",
        "Puskesmas",
        &["--name", "puskesmas  alianyang"],
    ));
    assert_eq!(ida, idb);
    // Reopening the same key on one device does not duplicate.
    let again = a.json(&new_2024(
        "61.71",
        "puskesmas",
        &["--name", "Puskesmas Alianyang", "--json"],
    ));
    assert_eq!(again["id"], ida.as_str());
    assert_eq!(again["created"], false);
    assert_eq!(
        a.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn answer_show_log_finalize() {
    let e = Env::new();
    e.init();
    let id = e.new_puskesmas();
    let photo = e.dir.path().join("IMG_0412.jpg");
    std::fs::write(&photo, b"\xff\xd8 fake jpeg").expect("write");
    e.ok(&[
        "answer",
        &id,
        "P.4",
        "3",
        "--note",
        "papan tarif di loket",
        "--evidence",
        photo.to_str().expect("utf8"),
    ]);
    e.ok(&["answer", &id, "p.11", "n"]);
    let s = e.json(&["show", &id, "--json"]);
    assert_eq!(s["answered"], 2);
    assert_eq!(s["total"], 38);
    assert_eq!(s["score"], 100.0);
    assert_eq!(s["category"], "A");
    assert_eq!(s["zone"], "hijau");
    assert_eq!(s["dimensions"].as_array().map(Vec::len), Some(4));
    assert_eq!(s["unanswered"].as_array().map(Vec::len), Some(36));
    let p4 = &s["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .find(|a| a["indicator"] == "P.4")
        .cloned()
        .expect("P.4");
    assert_eq!(p4["notes"][0], "papan tarif di loket");
    assert_eq!(p4["evidence"][0]["name"], "IMG_0412.jpg");
    // finalize refuses while unanswered
    e.cmd()
        .args(["finalize", &id])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("36"));
    // answer all: the rest 0 → a low score
    let inst = e.json(&["instruments", "show", "opini-2024", "--json"]);
    for d in inst["dimensions"].as_array().expect("dims") {
        for v in d["variables"].as_array().expect("vars") {
            for i in v["indicators"].as_array().expect("inds") {
                let iid = i["id"].as_str().expect("id");
                if iid != "P.4" && iid != "P.11" {
                    e.ok(&["answer", &id, iid, "0"]);
                }
            }
        }
    }
    let out = e.ok(&["finalize", &id]);
    assert!(out.contains("Difinalkan"), "{out}");
    let s = e.json(&["show", &id, "--json"]);
    assert_eq!(s["status"], "final");
    assert_eq!(s["category"], "E");
    // an edit after final is marked
    e.ok(&["answer", &id, "P.1", "3"]);
    assert_eq!(
        e.json(&["show", &id, "--json"])["status"],
        "edited_after_final"
    );
    // the log says who, old → new
    let log = e.json(&["log", &id, "--json"]);
    let last = log.as_array().expect("log").last().cloned().expect("entry");
    assert_eq!(last["who"], "Rina Sari");
    assert_eq!(last["old"], "0");
    assert_eq!(last["new"], "3");
    let human = e.ok(&["log", &id]);
    assert!(human.contains("0 → 3"), "{human}");
    // rebuild equals live
    assert!(e.ok(&["store", "rebuild", "--check"]).contains("sama"));
}

#[test]
fn undo_restores_the_previous_value() {
    let e = Env::new();
    e.init();
    let id = e.new_puskesmas();
    e.ok(&["answer", &id, "P.4", "1"]);
    e.ok(&["answer", &id, "P.4", "3"]);
    e.ok(&["undo", &id]);
    let s = e.json(&["show", &id, "--json"]);
    let p4 = s["answers"]
        .as_array()
        .expect("a")
        .iter()
        .find(|a| a["indicator"] == "P.4")
        .cloned()
        .expect("P.4");
    assert_eq!(p4["value"], 1);
    e.ok(&["undo", &id]);
    assert_eq!(e.json(&["show", &id, "--json"])["answered"], 0);
    e.cmd().args(["undo", &id]).assert().failure().code(1);
}

#[test]
fn bad_input_gets_one_sentence_and_changes_nothing() {
    let e = Env::new();
    e.init();
    let id = e.new_puskesmas();
    e.ok(&["answer", &id, "P.1", "2"]);
    let before = e.log_len(&id);
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["answer", "zzzzzz", "P.1", "1"], "Tidak ada penilaian"),
        (vec!["answer", &id, "Q.99", "1"], "tidak punya indikator"),
        (vec!["answer", &id, "P.1", "7"], "bukan jawaban yang sah"),
        (vec!["answer", &id, "P.1", "x"], "bukan jawaban yang sah"),
        (
            vec![
                "answer",
                &id,
                "P.1",
                "3",
                "--evidence",
                "/nonexistent/foto.jpg",
            ],
            "Berkas bukti",
        ),
        (new_2024("Atlantis", "dinsos", &[]), "Tidak ada pemda"),
        (new_2024("61.71", "bank", &[]), "Jenis lokus"),
        (new_2024("61.71", "puskesmas", &[]), "perlu nama"),
        (
            new_2024("61.71", "dinsos", &["--instrument", "opini-1999"]),
            "Tidak ada instrumen",
        ),
    ];
    for (args, needle) in cases {
        let o = e.cmd().args(&args).output().expect("run");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert_eq!(
            err.trim().lines().count(),
            1,
            "{args:?}: one sentence: {err}"
        );
    }
    assert_eq!(e.log_len(&id), before);
    assert_eq!(
        e.json(&["list", "--json"]).as_array().map(Vec::len),
        Some(1)
    );
    // English on request
    e.cmd()
        .args(["--lang", "en", "answer", &id, "P.1", "7"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("not an allowed answer"));
}

#[test]
fn malformed_instrument_file_reports_file_line_col() {
    let e = Env::new();
    let f = e.dir.path().join("bad.toml");
    let good = e.ok(&["instruments", "show", "opini-2024", "--json"]);
    assert!(good.contains("Kualitas Tertinggi"));
    std::fs::write(&f, "id = \"x\"\nfamily = \"x\"\nversion = 1\n").expect("write");
    let o = e
        .cmd()
        .args(["instruments", "check", f.to_str().expect("utf8")])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.starts_with(&format!("{}:3:", f.display())), "{err}");
    // a shipped file checks clean
    e.cmd()
        .args([
            "instruments",
            "check",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/instruments/opini-2023.toml"
            ),
        ])
        .assert()
        .success();
}

#[test]
fn instrument_override_from_config_dir() {
    let e = Env::new();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/instruments/opini-2024.toml"
    ))
    .expect("read");
    let dir = e.dir.path().join("config/instruments");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("mine.toml"),
        text.replacen("version = \"1\"", "version = \"1-kalbar\"", 1),
    )
    .expect("write");
    std::fs::write(dir.join("broken.toml"), "id = [").expect("write");
    let o = e
        .cmd()
        .args(["instruments", "show", "opini-2024", "--json"])
        .output()
        .expect("run");
    assert!(o.status.success());
    let v: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["version"], "1-kalbar");
    assert!(String::from_utf8_lossy(&o.stderr).contains("broken.toml:1:"));
}

#[test]
fn instruments_show_marks_reconstructed_parts() {
    let e = Env::new();
    let out = e.ok(&["instruments", "show", "opini-2024"]);
    assert!(out.contains("Direkonstruksi"), "{out}");
    assert!(out.contains("[rekonstruksi]"));
    let v = e.json(&["instruments", "show", "opini-2024", "--json"]);
    assert!(
        !v["reconstructed_parts"]
            .as_array()
            .expect("list")
            .is_empty()
    );
    assert_eq!(v["hash"].as_str().map(str::len), Some(64));
}

#[test]
fn classify_and_regions() {
    let e = Env::new();
    let c = e.json(&["classify", "--instrument", "opini-2023", "88.23", "--json"]);
    assert_eq!(c["category"], "A");
    assert_eq!(c["label"], "Kualitas Tertinggi");
    assert_eq!(c["zone"], "hijau");
    assert!(
        e.ok(&["classify", "--instrument", "opini-2022", "87.99"])
            .contains("87,99 B")
    );
    e.cmd()
        .args(["classify", "--instrument", "opini-2022", "101"])
        .assert()
        .code(1);
    let r = e.json(&["regions", "--search", "pontianak", "--json"]);
    assert_eq!(r[0]["code"], "61.71");
    assert_eq!(r[0]["kind"], "kota");
}

#[test]
fn second_process_gets_store_in_use_exit_2() {
    let e = Env::new();
    e.init();
    let id = e.new_puskesmas();
    let mut holder = e
        .cmd()
        .args(["debug-write-loop", &id, "--count", "1000000"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // wait until it holds the store (first ack)
    let mut out = holder.stdout.take().expect("stdout");
    let mut buf = [0u8; 4];
    std::io::Read::read_exact(&mut out, &mut buf).expect("ack");
    // Refused at once rather than waiting for the lock (it would wait for a million
    // saves otherwise: this call returning at all is the check).
    let o = e.cmd().args(["list"]).output().expect("run");
    let _ = holder.kill();
    let _ = holder.wait();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("sedang dipakai"));
}

#[test]
fn read_only_commands_answer_while_another_process_holds_the_store() {
    let e = Env::new();
    e.init();
    let me = e.json(&["whoami", "--json"]);
    let key = "a".repeat(63) + "b";
    e.ok(&[
        "trust",
        "add",
        "--key",
        &key,
        "--name",
        "Budi",
        "--role",
        "supervisor",
    ]);
    let id = e.new_puskesmas();
    // A holder saving answers all the time: its journal grows while the others read it.
    let mut holder = e
        .cmd()
        .args(["debug-write-loop", &id, "--count", "1000000"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut out = holder.stdout.take().expect("stdout");
    let mut buf = [0u8; 4];
    std::io::Read::read_exact(&mut out, &mut buf).expect("ack");
    let whoami = e.run(&["whoami", "--json"]);
    let whoami_text = e.run(&["--lang", "en", "whoami"]);
    let trust = e.run(&["trust", "list", "--json"]);
    let instruments = e.run(&["instruments"]);
    let show = e.run(&["instruments", "show", "opini-2024"]);
    let classify = e.run(&["classify", "--instrument", "opini-2024", "80"]);
    // Writes (and reads of the op log) are still refused.
    let trust_add = e.run(&[
        "trust",
        "add",
        "--key",
        &"c".repeat(64),
        "--name",
        "Citra",
        "--role",
        "assessor",
    ]);
    let list = e.run(&["list"]);
    let _ = holder.kill();
    let _ = holder.wait();
    for (what, r) in [
        ("whoami --json", &whoami),
        ("whoami", &whoami_text),
        ("trust list", &trust),
        ("instruments", &instruments),
        ("instruments show", &show),
        ("classify", &classify),
    ] {
        assert_eq!(r.0, 0, "{what}: {}", r.2);
    }
    let v: Value = serde_json::from_str(&whoami.1).expect("json");
    assert_eq!(v, me, "the same identity and age recipient as before");
    assert!(
        whoami_text
            .1
            .contains(me["fingerprint"].as_str().expect("fp"))
    );
    assert!(
        whoami_text
            .1
            .contains(me["age_recipient"].as_str().expect("age"))
    );
    assert!(
        whoami_text.2.contains("in use by another tilik process"),
        "says where the answer comes from: {}",
        whoami_text.2
    );
    let t: Value = serde_json::from_str(&trust.1).expect("json");
    assert_eq!(t[0]["public_key"], key.as_str());
    assert_eq!(t[0]["role"], "supervisor");
    assert!(instruments.1.contains("opini-2024"));
    assert_eq!(trust_add.0, 2, "a write while in use: {}", trust_add.2);
    assert!(trust_add.2.contains("sedang dipakai"), "{}", trust_add.2);
    assert_eq!(list.0, 2, "{}", list.2);
    // Nothing of the refused write reached the store.
    let t = e.json(&["trust", "list", "--json"]);
    assert_eq!(t.as_array().map(Vec::len), Some(1));
}

#[test]
fn unwritable_data_dir_is_a_clear_error() {
    let e = Env::new();
    let file = e.dir.path().join("not-a-dir");
    std::fs::write(&file, b"x").expect("write");
    let o = e
        .cmd()
        .env("TILIK_DATA_DIR", &file)
        .env("TILIK_CONFIG_DIR", e.dir.path().join("c"))
        .args(["list"])
        .output()
        .expect("run");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("tidak dapat ditulis"));
}

#[test]
fn usage_errors_exit_2() {
    let e = Env::new();
    e.cmd().args(["answer"]).assert().code(2);
    e.cmd()
        .args(["--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("answer"));
    e.cmd().args(["answer", "--help"]).assert().success();
}

#[test]
fn demo_seed_makes_a_store_to_try_and_is_idempotent() {
    let e = Env::new();
    let out = e.ok(&["demo", "seed"]);
    assert!(out.contains("10 penilaian"), "{out}");
    let list = e.json(&["list", "--json"]);
    let list = list.as_array().expect("list");
    assert_eq!(list.len(), 10);
    let statuses: std::collections::BTreeSet<&str> =
        list.iter().filter_map(|s| s["status"].as_str()).collect();
    assert!(
        statuses.contains("draft")
            && statuses.contains("final")
            && statuses.contains("edited_after_final")
    );
    assert!(list.iter().any(|s| s["flagged"].as_u64() > Some(0)));
    let provinces: std::collections::BTreeSet<&str> = list
        .iter()
        .filter_map(|s| s["pemda"].as_str())
        .map(|c| &c[..2])
        .collect();
    assert_eq!(provinces, ["61", "64"].into_iter().collect());
    let before = e.ok(&["list", "--json"]);
    e.ok(&["demo", "seed"]);
    assert_eq!(e.ok(&["list", "--json"]), before);
    assert_eq!(e.json(&["whoami", "--json"])["name"], "Penilai Demo");
}
