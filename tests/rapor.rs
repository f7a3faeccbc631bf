//! The rapor is a document for the office (issue 14, point 6): under the instrument's own
//! title it opens with the pemda's score, category and rank (the figures of `tilik
//! report`), then per lokus the dimension scores, the weakest indicators with the points
//! each would add (those of `scoring::weakest`), and the supervisor's final notes (the
//! resolution and its reason, the review comment) — never an assessor's name, never a
//! superseded candidate value, never the notes that argued for one.

#[path = "support/cli.rs"]
mod cli;

use std::collections::BTreeMap;
use std::path::Path;

use cli::Tilik;
use serde_json::Value;
use tilik::core::op::AnswerValue;
use tilik::core::scoring::weakest;

const RINA_NOTE: &str = "Papan persyaratan tidak ada di loket";
const BUDI_NOTE: &str = "Persyaratan lengkap di situs dan loket";
const REASON: &str = "Papan ada di loket, situs belum memuat persyaratan";
const COMMENT: &str = "Disetujui setelah klarifikasi ke kantor";

fn send(from: &Tilik, to: &Tilik, dir: &Path) {
    let e = from.export_to(dir, None);
    let file = e["file"].as_str().expect("file").to_string();
    let (code, out, err) = to.run(&["import", &file]);
    assert_eq!(code, 0, "import: {out}{err}");
}

fn create(t: &Tilik, pemda: &str, lokus: &str) -> String {
    t.json(&cli::new_2024(
        pemda,
        lokus,
        &["--instrument", "opini-2024", "--json"],
    ))["id"]
        .as_str()
        .expect("id")
        .to_string()
}

/// Rina and Budi each assess Kota Pontianak's DPMPTSP without seeing each other: P.1 is 1
/// for Rina and 3 for Budi, each with a note arguing for it. Rina also assesses the
/// Disdukcapil, and Kab. Ketapang's DPMPTSP (a second pemda to rank against). Sinta, the
/// supervisor, imports both, resolves P.1 to 2 with a reason and approves the DPMPTSP with
/// a comment.
struct World {
    _dir: tempfile::TempDir,
    s: Tilik,
    /// [pontianak dpmptsp, pontianak disdukcapil, ketapang dpmptsp]
    ids: [String; 3],
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("tmp");
    let rina = Tilik::new(dir.path(), "rina");
    let budi = Tilik::new(dir.path(), "budi");
    let s = Tilik::new(dir.path(), "sinta");
    rina.ok(&["init", "--name", "Rina Sari"]);
    budi.ok(&["init", "--name", "Budi Santoso"]);
    s.ok(&["init", "--name", "Sinta Dewi", "--role", "supervisor"]);
    for a in [&rina, &budi] {
        s.trust(
            a,
            if a.dir == rina.dir {
                "Rina Sari"
            } else {
                "Budi Santoso"
            },
            "assessor",
        );
        a.trust(&s, "Sinta Dewi", "supervisor");
    }
    let id = create(&rina, "61.71", "dpmptsp");
    rina.ok(&["debug-write-loop", &id, "--count", "38"]);
    rina.ok(&["answer", &id, "P.1", "1"]);
    rina.ok(&["note", &id, "P.1", RINA_NOTE]);
    rina.ok(&["finalize", &id]);
    assert_eq!(create(&budi, "61.71", "dpmptsp"), id, "the same assessment");
    budi.ok(&["answer", &id, "P.1", "3"]);
    budi.ok(&["note", &id, "P.1", BUDI_NOTE]);
    let dukcapil = create(&rina, "61.71", "disdukcapil");
    rina.ok(&["debug-write-loop", &dukcapil, "--count", "38"]);
    rina.ok(&["finalize", &dukcapil]);
    let ketapang = create(&rina, "61.04", "dpmptsp");
    rina.ok(&["debug-write-loop", &ketapang, "--count", "38"]);
    rina.ok(&["answer", &ketapang, "P.2", "0"]);
    rina.ok(&["finalize", &ketapang]);
    send(&rina, &s, &dir.path().join("from_rina"));
    send(&budi, &s, &dir.path().join("from_budi"));
    let conflicts = s.json(&["conflicts", "--json"]);
    assert!(
        conflicts.to_string().contains("P.1"),
        "P.1 is in conflict: {conflicts}"
    );
    s.ok(&["resolve", &id, "P.1", "--value", "2", "--reason", REASON]);
    s.ok(&["review", &id, "--state", "approved", "--comment", COMMENT]);
    World {
        _dir: dir,
        s,
        ids: [id, dukcapil, ketapang],
    }
}

fn report(t: &Tilik) -> Value {
    t.json(&["report", "--round", "2024", "--format", "json"])
}

fn pemda<'a>(r: &'a Value, code: &str) -> &'a Value {
    r["pemda"]
        .as_array()
        .expect("pemda")
        .iter()
        .find(|p| p["code"] == code)
        .unwrap_or_else(|| panic!("{code} not in {r}"))
}

/// The lokus section of `lokus_name` in a rapor: from its `## ` heading to the next.
fn section<'a>(rapor: &'a str, lokus_name: &str) -> &'a str {
    let head = format!("\n## {lokus_name} — ");
    let start = rapor
        .find(&head)
        .unwrap_or_else(|| panic!("no section {lokus_name}: {rapor}"));
    let rest = &rapor[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |e| e + 3);
    &rest[..end]
}

/// "1,23" from 1.23 (the Indonesian decimal comma, two decimals).
fn id_num(x: f64) -> String {
    format!("{x:.2}").replace('.', ",")
}

/// The weakest indicators of an assessment by the core function, from its answers as
/// `tilik show --json` gives them and the shipped instrument.
fn core_weakest(t: &Tilik, id: &str, n: usize) -> Vec<(String, u8, u8, f64)> {
    let show = t.json(&["show", id, "--json"]);
    let mut answers = BTreeMap::new();
    for a in show["answers"].as_array().expect("answers") {
        let ind = a["indicator"].as_str().expect("indicator").to_string();
        if let Some(v) = a["value"].as_u64() {
            answers.insert(
                ind,
                AnswerValue::Score(u8::try_from(v).expect("small value")),
            );
        }
    }
    let (cat, _) = tilik::assets::catalog(None);
    let inst = cat.get("opini-2024").expect("opini-2024 ships");
    weakest(inst, &answers, n)
        .into_iter()
        .map(|g| (g.indicator, g.value, g.max, g.points))
        .collect()
}

#[test]
fn rapor_of_a_pemda_is_the_office_document() {
    let w = world();
    // Every weak indicator (`--weakest 40`), so the resolved P.1 (now 2/3) is listed.
    let rapor = w.s.ok(&[
        "rapor",
        "Kota Pontianak",
        "--round",
        "2024",
        "--weakest",
        "40",
    ]);

    // The instrument's own title, never the old "Kepatuhan" heading.
    assert!(
        rapor.starts_with(
            "# Rapor Kota Pontianak — Opini Pengawasan Penyelenggaraan Pelayanan Publik 2024\n"
        ),
        "{rapor}"
    );
    assert!(!rapor.contains("Kepatuhan"), "{rapor}");

    // The pemda's score, category and rank as `tilik report` has them, on top.
    let r = report(&w.s);
    let p = pemda(&r, "61.71");
    let k = pemda(&r, "61.04");
    let (ps, ks) = (
        p["score"].as_f64().expect("score"),
        k["score"].as_f64().expect("score"),
    );
    let rank = if ps >= ks { 1 } else { 2 };
    assert_eq!(
        (p["rank_instrument"].as_u64(), p["of_instrument"].as_u64()),
        (Some(rank), Some(2)),
        "{p}"
    );
    let cat = &p["category"];
    let score_line = format!(
        "**Nilai pemda: {} — {} {} (zona {})**",
        id_num(ps),
        cat["category"].as_str().expect("category"),
        cat["label"].as_str().expect("label"),
        cat["zone"].as_str().expect("zone")
    );
    let top = rapor.find("\n## ").expect("lokus sections");
    assert!(
        rapor[..top].contains(&score_line),
        "{score_line} in {rapor}"
    );
    // The Disdukcapil is not approved: the pemda is provisional, as in the report.
    assert_eq!(p["not_approved"], 1);
    assert!(
        rapor[..top].contains(&format!("{score_line} · sementara")),
        "{rapor}"
    );
    assert!(
        rapor[..top].contains("> **SEMENTARA: 0 konflik belum diselesaikan, 0 lokus belum final, 1 penilaian belum disetujui**"),
        "{rapor}"
    );
    assert!(
        rapor[..top].contains(&format!(
            "Peringkat {rank}/2 di antara pemda yang dinilai dengan opini-2024 tahun 2024"
        )),
        "{rapor}"
    );
    assert!(!rapor.contains("Ketapang"), "only this pemda: {rapor}");

    // Per lokus: its dimension scores and its weakest indicators with the points of the
    // core function.
    let lokus: Vec<&Value> = p["lokus"].as_array().expect("lokus").iter().collect();
    assert_eq!(lokus.len(), 2);
    for l in &lokus {
        let name = l["lokus"].as_str().expect("name");
        let id = l["assessment"].as_str().expect("id");
        let sec = section(&rapor, name);
        for d in l["dimensions"].as_array().expect("dims") {
            let row = format!(
                "| {} | {}% | {} |",
                d["name"].as_str().expect("name"),
                id_num(d["weight"].as_f64().expect("weight")),
                d["score"].as_f64().map_or("—".to_string(), id_num)
            );
            assert!(sec.contains(&row), "{row} in {sec}");
        }
        let expected = core_weakest(&w.s, id, 40);
        assert!(!expected.is_empty(), "debug answers leave weak indicators");
        let listed: Vec<&str> = sec
            .lines()
            .filter(|l| l.starts_with("- **") && l.contains(" poin**"))
            .collect();
        assert_eq!(listed.len(), expected.len(), "{sec}");
        for (i, (ind, value, max, points)) in expected.iter().enumerate() {
            let line = listed
                .get(i)
                .unwrap_or_else(|| panic!("{ind} missing in {sec}"));
            assert!(
                line.starts_with(&format!("- **{ind}** ")),
                "{i}: {ind} expected, got {line}"
            );
            assert!(
                line.contains(&format!("{value}/{max} → **+{} poin**", id_num(*points))),
                "{ind} +{points}: {line}"
            );
        }
    }

    // The supervisor's resolution and its reason, and the review comment, on the DPMPTSP.
    let dpm = section(&rapor, lokus_name(&lokus, &w.ids[0]));
    assert!(dpm.contains("### Catatan supervisor"), "{dpm}");
    assert!(
        dpm.contains(&format!("konflik diselesaikan menjadi 2/3 — \"{REASON}\"")),
        "{dpm}"
    );
    assert!(
        dpm.contains(&format!("Tinjauan (disetujui): \"{COMMENT}\"")),
        "{dpm}"
    );
    assert!(!dpm.contains("SEMENTARA"), "approved and clean: {dpm}");
    // Among the weakest, P.1 carries the reason behind its final value, not a note.
    let p1 = dpm
        .lines()
        .find(|l| l.starts_with("- **P.1** ") && l.contains(" poin**"))
        .unwrap_or_else(|| panic!("P.1 among the weakest: {dpm}"));
    assert!(
        p1.contains("2/3 → **+") && p1.ends_with(&format!("— \"{REASON}\"")),
        "{p1}"
    );
    let duk = section(&rapor, lokus_name(&lokus, &w.ids[1]));
    assert!(
        duk.contains("> **SEMENTARA: penilaian belum disetujui supervisor (belum ditinjau).**"),
        "{duk}"
    );

    // No names, no notes that argued for a superseded value, no superseded value.
    for absent in ["Rina", "Budi", "Sinta", RINA_NOTE, BUDI_NOTE] {
        assert!(!rapor.contains(absent), "{absent} in {rapor}");
    }
    let p1: Vec<&str> = dpm.lines().filter(|l| l.contains("**P.1**")).collect();
    assert_eq!(p1.len(), 2, "weakest and resolution: {dpm}");
    if std::env::var_os("RAPOR_PRINT").is_some() {
        eprintln!("{rapor}");
    }
    for line in p1 {
        assert!(
            line.contains("2/3") && !line.contains("1/3") && !line.contains("3/3"),
            "P.1 shows only its final value: {line}"
        );
    }
}

fn lokus_name<'a>(lokus: &[&'a Value], id: &str) -> &'a str {
    lokus
        .iter()
        .find(|l| l["assessment"] == id)
        .and_then(|l| l["lokus"].as_str())
        .expect("lokus")
}

#[test]
fn rapor_of_one_assessment_keeps_the_pemda_figures_and_shows_its_lokus_alone() {
    let w = world();
    let one = w.s.ok(&["rapor", &w.ids[0]]);
    let r = report(&w.s);
    let p = pemda(&r, "61.71");
    let lokus: Vec<&Value> = p["lokus"].as_array().expect("lokus").iter().collect();
    assert_eq!(one.matches("\n## ").count(), 1, "{one}");
    assert!(one.contains(&format!("\n## {} — ", lokus_name(&lokus, &w.ids[0]))));
    assert!(
        one.contains(&format!(
            "**Nilai pemda: {} — ",
            id_num(p["score"].as_f64().expect("score"))
        )),
        "{one}"
    );
    // Its own lokus is approved and clean: no SEMENTARA banner (the pemda line still says
    // the pemda's figures are provisional).
    assert!(!one.contains("SEMENTARA"), "{one}");
    assert!(one.contains(" · sementara"), "{one}");
    assert!(one.contains(REASON) && !one.contains(RINA_NOTE) && !one.contains("Rina"));

    // English: the instrument's English title, the points and the notes in English.
    let en =
        w.s.ok(&["--lang", "en", "rapor", &w.ids[0], "--weakest", "2"]);
    assert!(
        en.starts_with(
            "# Report card: Kota Pontianak — Ombudsman Opinion on Public Service Delivery 2024\n"
        ),
        "{en}"
    );
    assert!(en.contains("**Pemda score: "), "{en}");
    assert!(en.contains("### Supervisor's notes"), "{en}");
    assert!(
        en.contains(&format!("conflict resolved as 2/3 — \"{REASON}\"")),
        "{en}"
    );
    assert!(en.contains(" points**"), "{en}");
    let weak = en.lines().filter(|l| l.contains(" points**")).count();
    assert_eq!(weak, 2, "--weakest 2: {en}");
}

#[test]
fn the_kepatuhan_instrument_titles_its_rapor() {
    let dir = tempfile::tempdir().expect("tmp");
    let t = Tilik::new(dir.path(), "k");
    t.ok(&["init", "--name", "Kiki"]);
    let id = t.json(&[
        "new",
        "--round",
        "2016",
        "--pemda",
        "61.71",
        "--lokus",
        "dpmptsp",
        "--instrument",
        "kepatuhan-2016",
        "--json",
    ])["id"]
        .as_str()
        .expect("id")
        .to_string();
    t.ok(&["debug-write-loop", &id, "--count", "10"]);
    let rapor = t.ok(&["rapor", &id]);
    assert!(
        rapor.starts_with(
            "# Rapor Kota Pontianak — Penilaian Kepatuhan terhadap Standar Pelayanan Publik 2016\n"
        ),
        "{rapor}"
    );
    assert!(!rapor.contains("Opini"), "{rapor}");
    // A draft: the lokus and the pemda are provisional, and the rank is marked.
    assert!(
        rapor.contains("> **SEMENTARA: penilaian belum final atau masih ada konflik.**"),
        "{rapor}"
    );
    assert!(rapor.contains("Peringkat 1/1~ "), "{rapor}");
}
