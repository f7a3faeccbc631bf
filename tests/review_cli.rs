//! The review loop through the binary (issue 14): every transition (received, needs
//! revision, resubmitted, approved, rejected), the approval guard, comments per assessment
//! and per indicator travelling in the supervisor's export, the assessor's replies
//! travelling back, `list --review`, `show` / `show --json`, and `--approve-clean`.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

use cli::Tilik;
use serde_json::Value;

/// An assessor and a supervisor who trust each other.
struct Pair {
    _dir: tempfile::TempDir,
    a: Tilik,
    s: Tilik,
    to_s: std::path::PathBuf,
    to_a: std::path::PathBuf,
}

fn pair() -> Pair {
    let dir = tempfile::tempdir().expect("tmp");
    let a = Tilik::new(dir.path(), "rina");
    let s = Tilik::new(dir.path(), "sinta");
    a.ok(&["init", "--name", "Rina Sari"]);
    s.ok(&["init", "--name", "Sinta Dewi", "--role", "supervisor"]);
    a.trust(&s, "Sinta Dewi", "supervisor");
    s.trust(&a, "Rina Sari", "assessor");
    let to_s = dir.path().join("to_s");
    let to_a = dir.path().join("to_a");
    std::fs::create_dir_all(&to_s).expect("dir");
    std::fs::create_dir_all(&to_a).expect("dir");
    Pair {
        _dir: dir,
        a,
        s,
        to_s,
        to_a,
    }
}

/// Export everything of `from` into `dir` and import that file into `to`.
fn send(from: &Tilik, to: &Tilik, dir: &Path) {
    let e = from.export_to(dir, None);
    let file = e["file"].as_str().expect("file").to_string();
    let (code, out, err) = to.run(&["import", &file]);
    assert_eq!(code, 0, "import: {out}{err}");
}

/// A new assessment of `lokus` in Kota Pontianak; finalized with every indicator answered
/// when `finalize`.
fn assessment(a: &Tilik, lokus: &str, finalize: bool) -> String {
    let id = a.json(&cli::new_2024(
        "61.71",
        lokus,
        &["--instrument", "opini-2024", "--json"],
    ))["id"]
        .as_str()
        .expect("id")
        .to_string();
    if finalize {
        a.ok(&["debug-write-loop", &id, "--count", "38"]);
        a.ok(&["finalize", &id]);
    } else {
        a.ok(&["answer", &id, "P.1", "2"]);
    }
    id
}

fn review(t: &Tilik, id: &str) -> Value {
    t.json(&["show", id, "--json"])["review"].clone()
}

fn state(t: &Tilik, id: &str) -> Value {
    review(t, id)["state"].clone()
}

fn thread<'a>(r: &'a Value, indicator: Option<&str>) -> Vec<&'a Value> {
    r["threads"]
        .as_array()
        .expect("threads")
        .iter()
        .find(|t| t["indicator"].as_str() == indicator)
        .and_then(|t| t["messages"].as_array())
        .map(|m| m.iter().collect())
        .unwrap_or_default()
}

fn listed(t: &Tilik, review: &str) -> Vec<String> {
    t.json(&["list", "--json", "--review", review])
        .as_array()
        .expect("list")
        .iter()
        .map(|s| s["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn every_transition_with_comments_and_replies_travelling_both_ways() {
    let p = pair();
    let id = assessment(&p.a, "dpmptsp", true);
    send(&p.a, &p.s, &p.to_s);
    // Imported, no decision: counts as received.
    assert_eq!(state(&p.s, &id), Value::Null);
    assert_eq!(listed(&p.s, "received"), vec![id.clone()]);

    // received, explicitly.
    p.s.ok(&["review", &id, "--state", "received"]);
    assert_eq!(state(&p.s, &id), "received");

    // needs revision needs a comment.
    let (code, _, err) = p.s.run(&["review", &id, "--state", "needs-revision"]);
    assert_eq!(code, 1);
    assert!(err.contains("Komentar wajib"), "{err}");
    p.s.ok(&[
        "review",
        &id,
        "--state",
        "needs-revision",
        "--comment",
        "Lengkapi bukti\ndi dua indikator",
    ]);
    p.s.ok(&[
        "review",
        &id,
        "--comment",
        "Foto papan tarif?",
        "--indicator",
        "p.4",
    ]);
    p.s.ok(&[
        "review",
        &id,
        "--comment",
        "Tanggal SK?",
        "--indicator",
        "I.1",
    ]);
    assert_eq!(state(&p.s, &id), "needs_revision");
    assert_eq!(listed(&p.s, "needs-revision"), vec![id.clone()]);

    // The comments travel in the supervisor's export.
    send(&p.s, &p.a, &p.to_a);
    let r = review(&p.a, &id);
    assert_eq!(r["state"], "needs_revision");
    assert_eq!(r["supervisor_comments"], 2);
    assert_eq!(r["open_comments"], 3, "{r}");
    let p4 = thread(&r, Some("P.4"));
    assert_eq!(p4.len(), 1);
    assert_eq!(p4[0]["text"], "Foto papan tarif?");
    assert_eq!(p4[0]["kind"], "comment");
    assert_eq!(p4[0]["name"], "Sinta Dewi");
    assert_eq!(
        r["history"][1]["comment"],
        "Lengkapi bukti\ndi dua indikator"
    );
    let shown = p.a.ok(&["show", &id]);
    assert!(
        shown.contains("Tinjauan: perlu revisi · 2 komentar supervisor"),
        "{shown}"
    );
    assert!(shown.contains("Foto papan tarif?"), "{shown}");
    assert!(shown.contains("    di dua indikator"), "{shown}");
    let line = p.a.ok(&["list"]);
    assert!(
        line.contains("perlu revisi · 2 komentar supervisor"),
        "{line}"
    );

    // The assessor replies on one indicator (still needs revision: a reply is no fix) …
    let (code, _, err) = p.s.run(&["reply", &id, "--indicator", "P.4", "x"]);
    assert_eq!(code, 1, "a supervisor does not reply");
    assert!(err.contains("Hanya penilai"), "{err}");
    p.a.ok(&[
        "reply",
        &id,
        "--indicator",
        "P.4",
        "Sudah difoto, terlampir",
    ]);
    assert_eq!(state(&p.a, &id), "needs_revision");
    // … then fixes an answer: resubmitted, automatically.
    p.a.ok(&["answer", &id, "P.4", "3"]);
    assert_eq!(state(&p.a, &id), "resubmitted");
    p.a.ok(&["finalize", &id]);
    send(&p.a, &p.s, &p.to_s);
    let r = review(&p.s, &id);
    assert_eq!(r["state"], "resubmitted");
    assert_eq!(r["open_comments"], 0, "{r}");
    let p4 = thread(&r, Some("P.4"));
    let texts: Vec<&str> = p4
        .iter()
        .map(|m| m["text"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(texts, ["Foto papan tarif?", "Sudah difoto, terlampir"]);
    assert_eq!(p4[1]["kind"], "reply");
    assert_eq!(listed(&p.s, "resubmitted"), vec![id.clone()]);

    // approved (clean: final, no conflicts, nothing held).
    p.s.ok(&["review", &id, "--state", "approved"]);
    assert_eq!(state(&p.s, &id), "approved");
    assert_eq!(listed(&p.s, "approved"), vec![id.clone()]);
    send(&p.s, &p.a, &p.to_a);
    assert_eq!(state(&p.a, &id), "approved");
    // Edited after approval: back to resubmitted, on both sides.
    p.a.ok(&["answer", &id, "P.4", "2"]);
    assert_eq!(state(&p.a, &id), "resubmitted");
    send(&p.a, &p.s, &p.to_s);
    assert_eq!(state(&p.s, &id), "resubmitted");

    // rejected needs a reason.
    let (code, _, _) = p.s.run(&["review", &id, "--state", "rejected"]);
    assert_eq!(code, 1);
    p.s.ok(&[
        "review",
        &id,
        "--state",
        "rejected",
        "--comment",
        "Lokus salah",
    ]);
    assert_eq!(state(&p.s, &id), "rejected");
    assert_eq!(listed(&p.s, "rejected"), vec![id.clone()]);
    assert!(listed(&p.s, "approved").is_empty());

    // The history, oldest first, with stable names.
    let h: Vec<String> = review(&p.s, &id)["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|d| d["state"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(h, ["received", "needs_revision", "approved", "rejected"]);
    // And `tilik log` words the decisions, not the enum names.
    let log = p.s.ok(&["log", &id]);
    assert!(log.contains("perlu revisi (Lengkapi bukti"), "{log}");
    assert!(!log.to_lowercase().contains("needsrevision"), "{log}");
}

#[test]
fn an_assessor_cannot_decide_or_comment() {
    let p = pair();
    let id = assessment(&p.a, "dpmptsp", false);
    for args in [
        vec!["review", id.as_str(), "--state", "approved"],
        vec!["review", id.as_str(), "--comment", "x"],
        vec!["review", "--approve-clean"],
    ] {
        let (code, _, err) = p.a.run(&args);
        assert_eq!(code, 1, "{args:?}");
        assert!(err.contains("supervisor"), "{err}");
    }
}

#[test]
fn approving_what_is_open_needs_force_and_a_reason_and_says_what_is_open() {
    let p = pair();
    let id = assessment(&p.a, "dpmptsp", false);
    send(&p.a, &p.s, &p.to_s);
    let (code, _, err) = p.s.run(&["review", &id, "--state", "approved"]);
    assert_eq!(code, 1);
    assert!(err.contains("masih draf"), "{err}");
    assert!(err.contains("--force --reason"), "{err}");
    let (code, _, err) =
        p.s.run(&["--lang", "en", "review", &id, "--state", "approved"]);
    assert_eq!(code, 1);
    assert!(err.contains("still a draft"), "{err}");
    assert_eq!(state(&p.s, &id), Value::Null, "nothing written");
    // --force without --reason is a usage error.
    let (code, _, _) = p.s.run(&["review", &id, "--state", "approved", "--force"]);
    assert_eq!(code, 2);
    p.s.ok(&[
        "review",
        &id,
        "--state",
        "approved",
        "--force",
        "--reason",
        "rapat pleno",
    ]);
    let r = review(&p.s, &id);
    assert_eq!(r["state"], "approved");
    assert_eq!(r["history"][0]["forced"], "rapat pleno");
    let shown = p.s.ok(&["show", &id]);
    assert!(
        shown.contains("disetujui dengan alasan: rapat pleno"),
        "{shown}"
    );

    // A conflict is open too: two assessors disagree on P.1.
    let dir = tempfile::tempdir().expect("tmp");
    let b = Tilik::new(dir.path(), "budi");
    b.ok(&["init", "--name", "Budi"]);
    p.s.trust(&b, "Budi", "assessor");
    let id2 = assessment(&b, "dpmptsp", false);
    assert_eq!(id2, id, "same office, same id");
    b.ok(&["answer", &id, "P.1", "0"]);
    send(&b, &p.s, &p.to_s);
    // The earlier approval covered only what it saw: Budi's answers reopen it.
    assert_eq!(state(&p.s, &id), "resubmitted");
    let (code, _, err) = p.s.run(&["review", &id, "--state", "approved"]);
    assert_eq!(code, 1);
    assert!(err.contains("1 konflik terbuka"), "{err}");
}

#[test]
fn approve_clean_approves_only_final_assessments_with_nothing_open() {
    let p = pair();
    let clean = assessment(&p.a, "dpmptsp", true);
    let commented = assessment(&p.a, "disdukcapil", true);
    let draft = assessment(&p.a, "dinkes", false);
    send(&p.a, &p.s, &p.to_s);
    p.s.ok(&[
        "review",
        &commented,
        "--comment",
        "Cek P.1",
        "--indicator",
        "P.1",
    ]);
    // Another pemda's clean assessment, left out by --pemda.
    let other = p.a.json(&[
        "new", "--round", "2024", "--pemda", "61.12", "--lokus", "dpmptsp", "--json",
    ])["id"]
        .as_str()
        .expect("id")
        .to_string();
    p.a.ok(&["debug-write-loop", &other, "--count", "38"]);
    p.a.ok(&["finalize", &other]);
    send(&p.a, &p.s, &p.to_s);

    let r =
        p.s.json(&["review", "--approve-clean", "--pemda", "61.71", "--json"]);
    assert_eq!(r["approved"], serde_json::json!([clean]));
    let why = |id: &str| {
        r["skipped"]
            .as_array()
            .expect("skipped")
            .iter()
            .find(|x| x["id"] == id)
            .map(|x| x["why"].clone())
            .unwrap_or(Value::Null)
    };
    assert_eq!(why(&commented), "open_comments");
    assert_eq!(why(&draft), "not_final");
    assert_eq!(why(&other), Value::Null, "other pemda not considered");
    assert_eq!(state(&p.s, &clean), "approved");
    assert_eq!(state(&p.s, &other), Value::Null);

    // Once the assessor replied, the commented one is clean too; the approved one is
    // left as already approved.
    send(&p.s, &p.a, &p.to_a);
    p.a.ok(&["reply", &commented, "--indicator", "P.1", "Sudah dicek"]);
    send(&p.a, &p.s, &p.to_s);
    let out = p.s.ok(&["review", "--approve-clean"]);
    assert!(out.contains("2 penilaian disetujui"), "{out}");
    assert!(out.contains(&format!("{clean}: sudah disetujui")), "{out}");
    assert!(out.contains(&format!("{draft}: belum final")), "{out}");
    assert_eq!(state(&p.s, &commented), "approved");
    assert_eq!(state(&p.s, &other), "approved");
    assert_eq!(listed(&p.s, "approved").len(), 3);
}

#[test]
fn log_all_is_the_union_of_every_assessments_log_with_why_fingerprint_and_hash() {
    let p = pair();
    let one = assessment(&p.a, "dpmptsp", false);
    let two = assessment(&p.a, "dinkes", false);
    p.a.ok(&["note", &two, "P.1", "=HYPERLINK(\"http://x\")"]);
    send(&p.a, &p.s, &p.to_s);
    p.s.ok(&["review", &one, "--comment", "Cek", "--indicator", "P.1"]);
    p.s.ok(&[
        "review",
        &one,
        "--state",
        "approved",
        "--force",
        "--reason",
        "rapat pleno",
    ]);

    let all = p.s.json(&["log", "--all", "--format", "json"]);
    let all = all.as_array().expect("array");
    let key = |v: &Value| {
        (
            v["device"].as_str().unwrap_or("").to_string(),
            v["seq"].as_u64().unwrap_or(0),
            v["kind"].clone(),
            v["indicator"].clone(),
            v["old"].clone(),
            v["new"].clone(),
        )
    };
    let mut from_logs = Vec::new();
    for id in [&one, &two] {
        for e in p.s.json(&["log", id, "--json"]).as_array().expect("log") {
            from_logs.push(key(e));
        }
        let of_id: Vec<_> = all
            .iter()
            .filter(|e| e["assessment"] == id.as_str())
            .map(key)
            .collect();
        let log: Vec<_> =
            p.s.json(&["log", id, "--json"])
                .as_array()
                .expect("log")
                .iter()
                .map(key)
                .collect();
        assert_eq!(of_id, log, "log --all agrees with log {id}");
    }
    assert_eq!(all.len(), from_logs.len(), "nothing else in the store");
    let hashes: std::collections::BTreeSet<&str> =
        all.iter().filter_map(|e| e["hash"].as_str()).collect();
    assert_eq!(hashes.len(), all.len(), "one op hash each");
    assert!(hashes.iter().all(|h| h.len() == 64));
    let approval = all
        .iter()
        .find(|e| e["kind"] == "set_review")
        .expect("approval");
    assert_eq!(approval["why"], "rapat pleno");
    assert_eq!(approval["who"], "Sinta Dewi");
    assert_eq!(approval["pemda_name"], "Kota Pontianak");
    let fp = p.s.json(&["whoami", "--json"])["fingerprint"].clone();
    assert_eq!(approval["fingerprint"], fp);

    // --since: a day in the future leaves nothing, an old one everything.
    let none =
        p.s.json(&["log", "--all", "--since", "2999-01-01", "--json"]);
    assert_eq!(none.as_array().map(Vec::len), Some(0));
    let old =
        p.s.json(&["log", "--all", "--since", "2000-01-01", "--json"]);
    assert_eq!(old.as_array().map(Vec::len), Some(all.len()));
    let (code, _, _) = p.s.run(&["log", "--all", "--since", "kemarin"]);
    assert_eq!(code, 1);

    // CSV: a header and one record per op; a formula-looking note stays text.
    let csv = p.s.ok(&["log", "--all", "--format", "csv"]);
    let mut r = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let head = r.headers().expect("header").clone();
    assert_eq!(&head[0], "when");
    assert_eq!(&head[13], "hash");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("record")).collect();
    assert_eq!(rows.len(), all.len());
    assert!(
        rows.iter().any(|x| x[11].starts_with("'=HYPERLINK")),
        "{csv}"
    );
    // The table: one line per op, with the reason and the short hash.
    let table = p.s.ok(&["log", "--all"]);
    assert_eq!(table.lines().count(), all.len());
    assert!(table.contains("alasan: rapat pleno"), "{table}");
}
