//! Surveys in the reports (issue 15 part 7): per lokus and per pemda the respondent counts
//! and the share per question in JSON, CSV, Markdown and the xlsx sheet "Responden"; the
//! rapor's "n responden, m pejabat diwawancarai, kunjungan tanggal …"; and no contact data
//! (name, phone) in any of them. Then `demo generate` gives ~30 users per lokus.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/xlsx.rs"]
mod xlsx;

use cli::{Tilik, demo_generate, run_ok, tilik};

const NAME: &str = "Siti Rahayu";
const PHONE_PART: &str = "3456";

fn setup() -> (tempfile::TempDir, Tilik, String) {
    let tmp = tempfile::tempdir().expect("tmp");
    let t = Tilik::new(tmp.path(), "a");
    t.ok(&["init", "--name", "Ani"]);
    let id = t.json(&cli::new_2024("61.71", "disdukcapil", &["--json"]))["id"]
        .as_str()
        .expect("id")
        .to_string();
    // Four users: penundaan ya, tidak, tidak, tidak tahu → 1 of 3 (33,3 %).
    for (code, a) in [
        ("R01", "ya"),
        ("R02", "tidak"),
        ("R03", "tidak"),
        ("R04", "tt"),
    ] {
        let mut args = vec![
            "respondent",
            "add",
            &id,
            "--survey",
            "pengguna",
            "--code",
            code,
        ];
        if code == "R01" {
            args.extend(["--name", NAME, "--phone", "0812-3456-7890"]);
        }
        let ans = format!("penundaan={a}");
        args.push(&ans);
        t.ok(&args);
    }
    t.ok(&[
        "respondent",
        "add",
        &id,
        "--survey",
        "pejabat",
        "--code",
        "P1",
        "--role",
        "kepala",
        "komponen-sp=2",
    ]);
    t.ok(&["visit", &id, "--date", "2024-08-12", "--team", "Ani"]);
    (tmp, t, id)
}

fn no_contact(what: &str, text: &str) {
    assert!(
        !text.contains(NAME) && !text.contains(PHONE_PART) && !text.contains("Siti"),
        "personal data in {what}: {text}"
    );
}

#[test]
fn every_report_format_has_the_respondents_and_no_contact_data() {
    let (tmp, t, id) = setup();
    // JSON: per lokus and per pemda.
    let r = t.json(&["report", "--format", "json"]);
    let p = &r["pemda"][0];
    let users = p["surveys"]
        .as_array()
        .expect("pemda surveys")
        .iter()
        .find(|s| s["survey"] == "pengguna")
        .expect("pengguna");
    assert_eq!(users["respondents"], 4);
    let q = &users["questions"][0];
    assert_eq!(q["question"], "penundaan");
    assert_eq!(q["answered"], 4);
    assert!((q["share_percent"].as_f64().expect("share") - 100.0 / 3.0).abs() < 1e-9);
    let l = &p["lokus"][0];
    assert_eq!(l["visit"]["date"], "2024-08-12");
    let lq = &l["surveys"][0]["questions"][0];
    assert_eq!(
        (lq["indicator"].as_str(), lq["level"].as_u64()),
        (Some("O.1"), Some(1))
    );
    no_contact("json", &r.to_string());

    // CSV, Markdown, table.
    let out = tmp.path().join("r.csv");
    t.ok(&[
        "report",
        "--format",
        "csv",
        "-o",
        out.to_str().expect("utf8"),
    ]);
    let mut csv = String::new();
    for f in [
        "r.csv",
        "r.lokus.csv",
        "r.indicators.csv",
        "r.conflicts.csv",
    ] {
        csv += &std::fs::read_to_string(tmp.path().join(f)).expect("csv file");
    }
    no_contact("csv tables", &csv);
    let csv =
        std::fs::read_to_string(tmp.path().join("r.respondents.csv")).expect("respondents.csv");
    assert!(
        csv.contains("pengguna,4,30,penundaan,O.1,4,1,2,1,33.33"),
        "{csv}"
    );
    no_contact("csv", &csv);
    let md = t.ok(&["report", "--format", "md"]);
    assert!(md.contains("### Responden"), "{md}");
    assert!(
        md.contains("| pengguna | 4/30 | penundaan | O.1 | 4 | 33,3 % | 1 |"),
        "{md}"
    );
    no_contact("md", &md);
    no_contact("table", &t.ok(&["report"]));

    // xlsx: the sheet "Responden", read back by a spreadsheet reader.
    let x = tmp.path().join("r.xlsx");
    t.ok(&[
        "report",
        "--format",
        "xlsx",
        "-o",
        x.to_str().expect("utf8"),
    ]);
    let sheets = xlsx::values(&x);
    let (_, cells) = sheets
        .iter()
        .find(|(n, _)| n == "Responden")
        .unwrap_or_else(|| {
            panic!(
                "no Responden sheet: {:?}",
                sheets.iter().map(|s| &s.0).collect::<Vec<_>>()
            )
        });
    let text: Vec<String> = cells.values().map(ToString::to_string).collect();
    assert!(text.iter().any(|c| c == "penundaan"), "{text:?}");
    for (name, cells) in &sheets {
        let all: String = cells.values().map(|c| format!("{c} ")).collect();
        no_contact(name, &all);
    }
    no_contact("xlsx dump", &xlsx::dump(&x));

    // The rapor.
    let rapor = t.ok(&["rapor", &id]);
    assert!(
        rapor.contains("4 responden, 1 pejabat diwawancarai, kunjungan tanggal 2024-08-12"),
        "{rapor}"
    );
    no_contact("rapor", &rapor);
    let rapor_en = t.ok(&["--lang", "en", "rapor", &id]);
    assert!(
        rapor_en.contains("4 respondents, 1 officials interviewed, visited on 2024-08-12"),
        "{rapor_en}"
    );
}

#[test]
fn a_generated_year_has_thirty_users_per_lokus() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let gen_dir = dir.join("gen");
    let g: serde_json::Value = serde_json::from_str(&run_ok(tilik(dir).args(demo_generate(
        &gen_dir,
        "2",
        "2",
        "2",
        &["--json"],
    ))))
    .expect("json");
    // 4 lokus × (30 users + 4 officials), one visit each.
    assert_eq!(g["respondents"], 4 * 34, "{g}");
    assert_eq!(g["visits"], 4, "{g}");
    run_ok(tilik(dir).args(["init", "--name", "Supervisor Uji", "--role", "supervisor"]));
    run_ok(tilik(dir).args([
        "trust",
        "import",
        gen_dir.join("roster.toml").to_str().expect("utf8"),
    ]));
    let mut c = tilik(dir);
    c.args(["import", "--json"])
        .args(cli::bundle_files(&gen_dir));
    run_ok(&mut c);
    let r: serde_json::Value =
        serde_json::from_str(&run_ok(tilik(dir).args(["report", "--format", "json"])))
            .expect("report");
    let mut lokus = 0;
    for p in r["pemda"].as_array().expect("pemda") {
        for l in p["lokus"].as_array().expect("lokus") {
            lokus += 1;
            let users = l["surveys"]
                .as_array()
                .expect("surveys")
                .iter()
                .find(|s| s["survey"] == "pengguna")
                .expect("pengguna");
            assert_eq!(users["respondents"], 30, "{l}");
            assert!(l["visit"]["date"].is_string(), "{l}");
        }
    }
    assert_eq!(lokus, 4);
    // Without respondents the generator is as before: no survey ops.
    let g0: serde_json::Value = serde_json::from_str(&run_ok(tilik(dir).args(demo_generate(
        &dir.join("gen0"),
        "2",
        "2",
        "2",
        &["--respondents", "0", "--json"],
    ))))
    .expect("json");
    assert_eq!(g0["respondents"], 0);
    assert!(g0["ops"].as_u64() < g["ops"].as_u64());
}
