//! End-to-end (issue 15): the real `tilik` binary in a real terminal (tmux, 80×24). An
//! assessor enters the 30 service users of a Puskesmas on the respondents screen with the
//! answer keys alone (y/t/d, Enter for the next respondent), is `kill -9`ed in the middle of
//! a respondent, restarts, finds every acknowledged answer, finishes the 30, and the derived
//! levels are the instrument's rule applied to the answers given (checked with
//! `tilik respondents --json`, computed here independently from the survey file).
//!
//! Needs tmux (CI installs it); skips loudly without it when CI is unset.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/tmux.rs"]
mod tmux;

use std::process::Command;

use cli::Tilik;
use tmux::{Tmux, require_tmux};

/// The five answers of respondent `i` (0-based), as keys: penundaan, imbalan,
/// penyimpangan, tidak-kompeten, tidak-patut.
fn answers(i: usize) -> [char; 5] {
    let yn = |yes: bool| if yes { 'y' } else { 't' };
    [
        yn(i.is_multiple_of(10)),
        yn(false),
        yn(i.is_multiple_of(2)),
        if i == 7 {
            'y'
        } else if i % 9 == 4 {
            'd'
        } else {
            't'
        },
        yn(i < 14),
    ]
}

/// The level of a `share` rule from the survey file (bands in order, first match wins).
fn share_level(bands: &[toml::Value], pct: f64) -> u8 {
    for b in bands {
        let get = |k: &str| {
            b.get(k)
                .and_then(toml::Value::as_float)
                .or_else(|| b.get(k).and_then(toml::Value::as_integer).map(|v| v as f64))
        };
        let ok = get("min_percent").is_none_or(|m| pct >= m)
            && get("max_percent").is_none_or(|m| pct <= m)
            && get("below_percent").is_none_or(|m| pct < m);
        if ok {
            return u8::try_from(b["level"].as_integer().expect("level")).expect("u8");
        }
    }
    panic!("no band for {pct}");
}

#[test]
fn thirty_respondents_with_the_keys_alone_survive_kill_9() {
    if !require_tmux() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_tilik");
    let dir = tempfile::tempdir().expect("temp dir");
    let t = Tilik::new(dir.path(), "a");
    t.ok(&["init", "--name", "Rina Sari"]);
    let id = t.json(&cli::new_2024(
        "61.71",
        "puskesmas",
        &["--name", "Puskesmas Alianyang", "--json"],
    ))["id"]
        .as_str()
        .expect("id")
        .to_string();
    let data = t.dir.join("data");
    let config = t.dir.join("config");
    let ui = Tmux::new("tilik-survey-e2e");

    // ---- open the assessment, then its respondents ----
    ui.start(&data, &config, bin, &[]);
    ui.wait_for("Puskesmas");
    ui.keys(&["Enter"]);
    ui.wait_for("opini-2024");
    ui.text("s");
    ui.wait_for_all(&["0/30 responden", "▶ R01"]);

    // Respondent i: its answers, each acknowledged on the status line, then Enter.
    let enter = |i: usize, from: usize| {
        let code = format!("R{:02}", i + 1);
        let qs = [
            "penundaan",
            "imbalan",
            "penyimpangan",
            "tidak-kompeten",
            "tidak-patut",
        ];
        for (k, a) in answers(i).iter().enumerate().skip(from) {
            ui.text(&a.to_string());
            ui.wait_for(&format!("tersimpan ✓ {code} {} =", qs[k]));
        }
        ui.keys(&["Enter"]);
        ui.wait_for(&format!("▶ R{:02}", i + 2));
    };
    for i in 0..15 {
        enter(i, 0);
    }
    // R16: two answers acknowledged, then kill -9.
    let a16 = answers(15);
    ui.text(&a16[0].to_string());
    ui.wait_for("tersimpan ✓ R16 penundaan =");
    ui.text(&a16[1].to_string());
    ui.wait_for("tersimpan ✓ R16 imbalan =");
    let pid = ui.pane_pid();
    assert!(!pid.is_empty());
    let k = Command::new("kill")
        .args(["-9", &pid])
        .status()
        .expect("kill");
    assert!(k.success());
    ui.wait_gone();

    // ---- restart: the checklist is where it was; the 16 respondents are there ----
    ui.start(&data, &config, bin, &[]);
    ui.wait_for("opini-2024");
    ui.text("s");
    let s = ui.wait_for_all(&["16/30 responden", "▶ R17"]);
    assert!(s.contains("R15"), "{s}");
    // Back up to R16: the cursor lands on its first open question.
    ui.text("k");
    ui.wait_for("▶ R16");
    enter(15, 2);
    for i in 16..30 {
        enter(i, 0);
    }
    ui.wait_for("30/30 responden");
    ui.text("q");
    ui.wait_gone();

    // ---- every respondent, every answer, and the derived levels ----
    let v = t.json(&["respondents", &id, "--json"]);
    let users = v["surveys"]
        .as_array()
        .expect("surveys")
        .iter()
        .find(|s| s["id"] == "pengguna")
        .expect("pengguna");
    let rows = users["respondents"].as_array().expect("respondents");
    assert_eq!(rows.len(), 30, "{users}");
    let word = |c: char| match c {
        'y' => "ya",
        't' => "tidak",
        _ => "tidak_tahu",
    };
    let qs = [
        "penundaan",
        "imbalan",
        "penyimpangan",
        "tidak-kompeten",
        "tidak-patut",
    ];
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(r["code"], format!("R{:02}", i + 1), "{r}");
        for (k, a) in answers(i).iter().enumerate() {
            assert_eq!(
                r["answers"][qs[k]],
                word(*a),
                "R{:02} {}: {r}",
                i + 1,
                qs[k]
            );
        }
    }

    // The levels: the survey file's bands applied to the shares computed here.
    let file: toml::Value = toml::from_str(
        &std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/surveys/opini-2024.toml"),
        )
        .expect("survey file"),
    )
    .expect("toml");
    let survey = file["surveys"]
        .as_array()
        .expect("surveys")
        .iter()
        .find(|s| s["id"].as_str() == Some("pengguna"))
        .expect("pengguna");
    let derived = v["derived"].as_array().expect("derived");
    for rule in survey["derive"].as_array().expect("derive") {
        let q = rule["question"].as_str().expect("question");
        let k = qs
            .iter()
            .position(|x| *x == q)
            .expect("question of the survey");
        let given: Vec<char> = (0..30).map(|i| answers(i)[k]).collect();
        let n = given.iter().filter(|a| **a != 'd').count();
        let yes = given.iter().filter(|a| **a == 'y').count();
        #[allow(clippy::cast_precision_loss)]
        let pct = 100.0 * yes as f64 / n as f64;
        let want = share_level(rule["bands"].as_array().expect("bands"), pct);
        let ind = rule["indicator"].as_str().expect("indicator");
        let got = derived
            .iter()
            .find(|d| d["indicator"] == ind)
            .unwrap_or_else(|| panic!("{ind} in {v}"));
        assert_eq!(got["level"], u64::from(want), "{ind}: {got}");
        assert_eq!(got["provisional"], false, "{ind}: {got}");
        assert_eq!(got["respondents"], 30, "{ind}: {got}");
    }
}
