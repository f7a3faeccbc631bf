//! Reports respect the review (issue 14, point 6): a report stays "SEMENTARA" while any
//! assessment in its scope is not approved and names those, in every format; `--strict`
//! refuses it with one sentence naming them (exit 1) and passes once they are approved;
//! `--approved-only` reports approved assessments alone, leaving the others out of every
//! figure and rank, and says so in its header.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

use cli::Tilik;
use serde_json::Value;

/// An assessor and a supervisor who trust each other; the supervisor holds three
/// finalized, clean assessments: Kota Pontianak DPMPTSP and Disdukcapil (P.1 answered 0,
/// so its score is lower), and Kab. Ketapang DPMPTSP.
struct World {
    dir: tempfile::TempDir,
    s: Tilik,
    /// [pontianak dpmptsp, pontianak disdukcapil, ketapang dpmptsp]
    ids: [String; 3],
}

fn send(from: &Tilik, to: &Tilik, dir: &Path) {
    let e = from.export_to(dir, None);
    let file = e["file"].as_str().expect("file").to_string();
    let (code, out, err) = to.run(&["import", &file]);
    assert_eq!(code, 0, "import: {out}{err}");
}

fn finalized(a: &Tilik, pemda: &str, lokus: &str, p1: Option<&str>) -> String {
    let id = a.json(&cli::new_2024(
        pemda,
        lokus,
        &["--instrument", "opini-2024", "--json"],
    ))["id"]
        .as_str()
        .expect("id")
        .to_string();
    a.ok(&["debug-write-loop", &id, "--count", "38"]);
    if let Some(v) = p1 {
        a.ok(&["answer", &id, "P.1", v]);
    }
    a.ok(&["finalize", &id]);
    id
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tmp");
    let a = Tilik::new(dir.path(), "rina");
    let s = Tilik::new(dir.path(), "sinta");
    a.ok(&["init", "--name", "Rina Sari"]);
    s.ok(&["init", "--name", "Sinta Dewi", "--role", "supervisor"]);
    a.trust(&s, "Sinta Dewi", "supervisor");
    s.trust(&a, "Rina Sari", "assessor");
    let ids = [
        finalized(&a, "61.71", "dpmptsp", None),
        finalized(&a, "61.71", "disdukcapil", Some("0")),
        finalized(&a, "61.04", "dpmptsp", None),
    ];
    send(&a, &s, &dir.path().join("to_s"));
    World { dir, s, ids }
}

fn report_json(t: &Tilik, extra: &[&str]) -> Value {
    let mut args = vec!["report", "--round", "2024", "--format", "json"];
    args.extend_from_slice(extra);
    t.json(&args)
}

fn not_approved(r: &Value) -> Vec<(String, Value)> {
    r["not_approved"]
        .as_array()
        .expect("not_approved is a list")
        .iter()
        .map(|n| {
            (
                n["assessment"].as_str().unwrap_or("").to_string(),
                n["review"].clone(),
            )
        })
        .collect()
}

fn lokus_of<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["pemda"]
        .as_array()
        .expect("pemda")
        .iter()
        .flat_map(|p| p["lokus"].as_array().expect("lokus"))
        .find(|l| l["assessment"] == id)
        .unwrap_or_else(|| panic!("{id} not in the report: {r}"))
}

#[test]
fn finalized_but_unreviewed_is_provisional_and_approving_all_makes_it_final() {
    let w = world();
    let r = report_json(&w.s, &[]);
    assert_eq!(r["provisional"], true, "{r}");
    assert_eq!(
        (
            r["unresolved_conflicts"].as_u64(),
            r["unfinalized"].as_u64()
        ),
        (Some(0), Some(0))
    );
    let mut listed: Vec<String> = not_approved(&r).into_iter().map(|(id, _)| id).collect();
    listed.sort();
    let mut all = w.ids.to_vec();
    all.sort();
    assert_eq!(listed, all);
    assert!(not_approved(&r).iter().all(|(_, s)| s.is_null()), "{r}");
    let table = w.s.ok(&["report", "--round", "2024"]);
    assert!(
        table.contains("SEMENTARA: 0 konflik belum diselesaikan, 0 lokus belum final, 3 penilaian belum disetujui"),
        "{table}"
    );

    for id in &w.ids {
        w.s.ok(&["review", id, "--state", "approved"]);
    }
    let r = report_json(&w.s, &[]);
    assert_eq!(r["provisional"], false, "{r}");
    assert!(not_approved(&r).is_empty());
    assert_eq!(lokus_of(&r, &w.ids[0])["review"], "approved");
    for (args, what) in [
        (vec!["report", "--round", "2024"], "table"),
        (vec!["report", "--round", "2024", "--format", "md"], "md"),
        (
            vec!["--lang", "en", "report", "--round", "2024"],
            "en table",
        ),
    ] {
        let out = w.s.ok(&args);
        assert!(
            !out.contains("SEMENTARA")
                && !out.contains("PROVISIONAL")
                && !out.contains("disetujui:"),
            "{what}: {out}"
        );
    }
    let rapor = w.s.ok(&["rapor", &w.ids[1]]);
    assert!(!rapor.contains("SEMENTARA"), "{rapor}");
    w.s.ok(&["report", "--round", "2024", "--strict"]);
}

#[test]
fn one_needing_revision_keeps_it_provisional_and_is_named_in_every_format() {
    let w = world();
    w.s.ok(&["review", &w.ids[0], "--state", "approved"]);
    w.s.ok(&["review", &w.ids[2], "--state", "approved"]);
    w.s.ok(&[
        "review",
        &w.ids[1],
        "--state",
        "needs-revision",
        "--comment",
        "Cek P.1",
    ]);
    let r = report_json(&w.s, &[]);
    assert_eq!(r["provisional"], true);
    assert_eq!(
        not_approved(&r),
        vec![(w.ids[1].clone(), Value::from("needs_revision"))]
    );
    let lokus = r["not_approved"][0]["lokus"]
        .as_str()
        .expect("lokus")
        .to_string();
    assert_eq!(lokus_of(&r, &w.ids[1])["review"], "needs_revision");
    assert_eq!(
        r["pemda"]
            .as_array()
            .expect("pemda")
            .iter()
            .map(|p| p["not_approved"].as_u64().unwrap_or(9))
            .sum::<u64>(),
        1
    );

    let named = format!("Belum disetujui: Kota Pontianak · {lokus} (perlu revisi)");
    let table = w.s.ok(&["report", "--round", "2024"]);
    assert!(table.contains("1 penilaian belum disetujui"), "{table}");
    assert!(table.contains(&named), "{table}");
    let md = w.s.ok(&["report", "--round", "2024", "--format", "md"]);
    assert!(
        md.contains("> **SEMENTARA:") && md.contains("Kota Pontianak · "),
        "{md}"
    );
    assert!(md.contains("(perlu revisi)"), "{md}");
    let en = w.s.ok(&["--lang", "en", "report", "--round", "2024"]);
    assert!(en.contains("1 assessment(s) not approved"), "{en}");
    assert!(
        en.contains(&format!(
            "Not approved: Kota Pontianak · {lokus} (needs revision)"
        )),
        "{en}"
    );

    // CSV: the pemda table counts it; the lokus table names its review state.
    let csv = w.s.ok(&["report", "--round", "2024", "--format", "csv"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "not_approved")
        .expect("not_approved column");
    let counts: Vec<String> = lines
        .map(|l| l.split(',').nth(col).unwrap_or("").to_string())
        .collect();
    assert_eq!(counts.iter().filter(|c| *c == "1").count(), 1, "{csv}");
    let out = w.dir.path().join("r.csv");
    w.s.ok(&[
        "report",
        "--round",
        "2024",
        "--format",
        "csv",
        "-o",
        out.to_str().expect("utf8"),
    ]);
    let lokus_csv = std::fs::read_to_string(w.dir.path().join("r.lokus.csv")).expect("lokus csv");
    assert!(
        lokus_csv
            .lines()
            .next()
            .is_some_and(|h| h.ends_with(",provisional,review,instrument_hash")),
        "{lokus_csv}"
    );
    let row = lokus_csv
        .lines()
        .find(|l| l.contains(&w.ids[1]))
        .expect("row");
    // The review column, then the instrument's hash (the last column).
    assert!(
        row.rsplit_once(',')
            .is_some_and(|(head, _hash)| head.ends_with(",needs_revision")),
        "{row}"
    );

    // xlsx is written (its columns are checked by the unit tests of the writer's input).
    let x = w.dir.path().join("r.xlsx");
    w.s.ok(&[
        "report",
        "--round",
        "2024",
        "--format",
        "xlsx",
        "-o",
        x.to_str().expect("utf8"),
    ]);
    assert!(std::fs::metadata(&x).is_ok_and(|m| m.len() > 0));

    // The rapor of that lokus says it is not approved, and why.
    let rapor = w.s.ok(&["rapor", &w.ids[1]]);
    assert!(
        rapor.contains("SEMENTARA: penilaian belum disetujui supervisor (perlu revisi)."),
        "{rapor}"
    );
    let rapor = w.s.ok(&["rapor", &w.ids[0]]);
    assert!(!rapor.contains("SEMENTARA"), "{rapor}");

    // Narrowed to the other pemda, everything in scope is approved.
    let r = report_json(&w.s, &["--pemda", "61.04"]);
    assert_eq!(r["provisional"], false, "{r}");
    assert!(not_approved(&r).is_empty());
    w.s.ok(&["report", "--round", "2024", "--pemda", "61.04", "--strict"]);
}

#[test]
fn strict_refuses_naming_the_unapproved_then_passes_after_approval() {
    let w = world();
    w.s.ok(&["review", &w.ids[0], "--state", "approved"]);
    w.s.ok(&["review", &w.ids[2], "--state", "approved"]);
    w.s.ok(&[
        "review",
        &w.ids[1],
        "--state",
        "needs-revision",
        "--comment",
        "Cek P.1",
    ]);
    let r = report_json(&w.s, &[]);
    let lokus = r["not_approved"][0]["lokus"]
        .as_str()
        .expect("lokus")
        .to_string();
    let (code, out, err) = w.s.run(&["report", "--round", "2024", "--strict"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.is_empty(), "nothing rendered: {out}");
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert!(
        err.contains("1 penilaian belum disetujui (Kota Pontianak · ")
            && err.contains(&lokus)
            && err.contains("perlu revisi"),
        "{err}"
    );
    assert!(err.contains("--approved-only"), "{err}");
    let (code, _, err) =
        w.s.run(&["--lang", "en", "report", "--round", "2024", "--strict"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("1 assessment(s) not approved (Kota Pontianak · "),
        "{err}"
    );

    // Needs revision → approved (final and clean) lets it through.
    w.s.ok(&["review", &w.ids[1], "--state", "approved"]);
    let (code, out, err) = w.s.run(&["report", "--round", "2024", "--strict"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("SEMENTARA"), "{out}");
}

#[test]
fn approved_only_leaves_the_unapproved_out_of_figures_and_ranks() {
    let w = world();
    let full = report_json(&w.s, &[]);
    let pontianak = |r: &Value| {
        r["pemda"]
            .as_array()
            .expect("pemda")
            .iter()
            .find(|p| p["code"] == "61.71")
            .cloned()
    };
    let full_p = pontianak(&full).expect("pontianak");
    assert_eq!(full_p["of_province"], 2, "{full_p}");
    assert_eq!(full_p["lokus"].as_array().map(Vec::len), Some(2));
    let s0 = lokus_of(&full, &w.ids[0])["score"].as_f64().expect("score");
    let s1 = lokus_of(&full, &w.ids[1])["score"].as_f64().expect("score");
    assert!(s1 < s0, "P.1 = 0 lowers the second lokus: {s0} {s1}");
    assert!(full_p["score"].as_f64().expect("score") < s0);

    // Only the first is approved.
    w.s.ok(&["review", &w.ids[0], "--state", "approved"]);
    w.s.ok(&[
        "review",
        &w.ids[1],
        "--state",
        "needs-revision",
        "--comment",
        "Cek P.1",
    ]);
    let r = report_json(&w.s, &["--approved-only"]);
    assert_eq!(r["approved_only"], true);
    assert_eq!(r["left_out"], 2, "{r}");
    assert_eq!(r["provisional"], false, "{r}");
    assert!(not_approved(&r).is_empty());
    let pemda = r["pemda"].as_array().expect("pemda");
    assert_eq!(pemda.len(), 1, "Ketapang (never reviewed) is gone: {r}");
    let p = &pemda[0];
    assert_eq!(p["code"], "61.71");
    assert_eq!(p["lokus"].as_array().map(Vec::len), Some(1));
    assert_eq!(p["lokus"][0]["assessment"], w.ids[0].as_str());
    assert_eq!(
        p["score"].as_f64(),
        Some(s0),
        "the pemda score is the approved lokus alone"
    );
    assert_eq!(
        (p["rank_province"].as_u64(), p["of_province"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        (p["lokus_assessed"].as_u64(), p["not_approved"].as_u64()),
        (Some(1), Some(0))
    );
    let weakest_ids: Vec<&str> = p["weakest"]
        .as_array()
        .expect("weakest")
        .iter()
        .filter_map(|i| i["assessment"].as_str())
        .collect();
    assert!(
        weakest_ids.iter().all(|i| *i == w.ids[0]),
        "{weakest_ids:?}"
    );

    // The header says so, in every format that has one.
    let table = w.s.ok(&["report", "--round", "2024", "--approved-only"]);
    assert!(
        table.contains("Hanya penilaian yang disetujui: 2 penilaian lain tidak dihitung dalam nilai dan peringkat."),
        "{table}"
    );
    assert!(!table.contains("SEMENTARA"), "{table}");
    assert!(!table.contains("Ketapang"), "{table}");
    let md = w.s.ok(&[
        "--lang",
        "en",
        "report",
        "--round",
        "2024",
        "--approved-only",
        "--format",
        "md",
    ]);
    assert!(
        md.contains("> **Approved assessments only: 2 other assessment(s) left out"),
        "{md}"
    );
    let svg = w.dir.path().join("r.svg");
    w.s.ok(&[
        "report",
        "--round",
        "2024",
        "--approved-only",
        "--format",
        "svg",
        "-o",
        svg.to_str().expect("utf8"),
    ]);
    assert!(
        std::fs::read_to_string(&svg)
            .expect("svg")
            .contains("Hanya penilaian yang disetujui")
    );
    // And --strict accepts it, since everything reported is approved.
    w.s.ok(&["report", "--round", "2024", "--approved-only", "--strict"]);
}
