//! Unit tests of survey files, the respondent book and derived levels.

use std::collections::BTreeMap;

use super::*;
use crate::assessment::AssessmentState;
use crate::fixtures::instrument_toml;
use crate::instrument::Instrument;
use crate::op::{OP_VERSION, Op, OpBody, OpRef};

fn inst() -> Instrument {
    Instrument::from_toml(&instrument_toml(
        "mini",
        &[("A", "hijau", 50), ("B", "merah", 0)],
        &[("D", 100, &[("O.1", None), ("I.1", None)])],
    ))
    .expect("valid instrument")
}

const SURVEYS: &str = r#"
instrument = "mini"
version = "1"
[provenance]
sources = ["test"]

[[surveys]]
id = "pengguna"
name = "Pengguna"
target = 4
[[surveys.questions]]
id = "penundaan"
text = "Tertunda?"
answers = "ya-tidak"
[[surveys.derive]]
indicator = "O.1"
rule = "share"
question = "penundaan"
count = "ya"
bands = [
  { level = 3, max_percent = 0 },
  { level = 2, max_percent = 10 },
  { level = 1, below_percent = 50 },
  { level = 0 },
]
reconstructed = true

[[surveys]]
id = "pejabat"
name = "Pejabat"
target = 2
[[surveys.roles]]
id = "kepala"
label = "Kepala"
[[surveys.roles]]
id = "frontliner"
label = "Frontliner"
[[surveys.questions]]
id = "sp"
text = "Komponen SP"
answers = "skala"
max = 3
[[surveys.derive]]
indicator = "I.1"
rule = "mean"
question = "sp"
"#;

fn set() -> SurveySet {
    SurveySet::from_toml(SURVEYS, &inst()).expect("valid surveys")
}

fn sref() -> SurveyRef {
    SurveyRef {
        instrument: "mini".into(),
        version: "1".into(),
        hash: "h".into(),
    }
}

fn op(dev: &str, seq: u64, hlc: u64, body: OpBody) -> Op {
    Op {
        v: OP_VERSION,
        device: dev.into(),
        seq,
        prev: None,
        hlc,
        wall_ms: 0,
        undo_of: None,
        body,
    }
}

fn add(dev: &str, seq: u64, survey: &str, code: &str, answers: &[(&str, Response)]) -> Op {
    op(
        dev,
        seq,
        seq,
        OpBody::AddRespondent(RespondentAdd {
            assessment: "a".into(),
            survey: survey.into(),
            code: code.into(),
            channel: Some(Channel::Telepon),
            service: None,
            date: None,
            role: None,
            contact: None,
            proof: Vec::new(),
            answers: answers
                .iter()
                .map(|(q, v)| ((*q).to_string(), *v))
                .collect::<BTreeMap<_, _>>(),
            surveys: sref(),
        }),
    )
}

fn fold(ops: &[Op]) -> AssessmentState {
    let mut s = AssessmentState::new("a");
    for o in ops {
        s.apply(o);
    }
    s
}

fn level(s: &AssessmentState, ind: &str) -> Option<u8> {
    let set = set();
    let (sv, rule) = set.rule_for(ind).expect("rule");
    derive_level(sv, rule, &s.survey).level
}

#[test]
fn shipped_shape_parses_and_hash_is_stable() {
    let s = set();
    assert_eq!(s.derived_indicators().collect::<Vec<_>>(), ["O.1", "I.1"]);
    assert_eq!(s.content_hash().ok(), set().content_hash().ok());
    assert!(
        s.reconstructed_parts()
            .iter()
            .any(|p| p.contains("rule for `O.1`"))
    );
}

#[test]
fn problems_are_found_with_positions() {
    let bad = SURVEYS
        .replace("indicator = \"I.1\"", "indicator = \"Z.9\"")
        .replace("target = 2", "target = 3");
    let p = SurveySet::from_toml(&bad, &inst()).expect_err("invalid");
    assert!(
        p.iter()
            .any(|x| x.message.contains("unknown indicator `Z.9`"))
    );
    assert!(
        p.iter()
            .any(|x| x.message.contains("role targets add up to 2"))
    );
    let line = bad.lines().position(|l| l.contains("Z.9")).map(|x| x + 1);
    assert!(p.iter().any(|x| Some(x.line) == line));
    let unconditional = SURVEYS.replace("  { level = 0 },\n", "");
    let p = SurveySet::from_toml(&unconditional, &inst()).expect_err("invalid");
    assert!(p[0].message.contains("the last without a condition"));
    let wrong = SURVEYS.replace("instrument = \"mini\"", "instrument = \"other\"");
    assert!(SurveySet::from_toml(&wrong, &inst()).is_err());
    let typo = SURVEYS.replace("target = 4", "targte = 4");
    assert!(SurveySet::from_toml(&typo, &inst()).is_err());
}

#[test]
fn all_no_gives_the_top_level_all_yes_zero_and_none_without_answers() {
    let no: Vec<Op> = (1..=4)
        .map(|k| {
            add(
                "A",
                k,
                "pengguna",
                &format!("R{k}"),
                &[("penundaan", Response::Tidak)],
            )
        })
        .collect();
    assert_eq!(level(&fold(&no), "O.1"), Some(3));
    let yes: Vec<Op> = (1..=4)
        .map(|k| {
            add(
                "A",
                k,
                "pengguna",
                &format!("R{k}"),
                &[("penundaan", Response::Ya)],
            )
        })
        .collect();
    assert_eq!(level(&fold(&yes), "O.1"), Some(0));
    let dk = [add(
        "A",
        1,
        "pengguna",
        "R1",
        &[("penundaan", Response::TidakTahu)],
    )];
    let s = fold(&dk);
    let set = set();
    let (sv, rule) = set.rule_for("O.1").expect("rule");
    let d = derive_level(sv, rule, &s.survey);
    assert_eq!(
        (d.n, d.level, d.provisional, d.respondents),
        (0, None, true, 1)
    );
}

#[test]
fn mixed_answers_and_mean_of_officials() {
    // 1 ya of 3 answering (one "tidak tahu" left out): 33.3 % → 1.
    let ops = [
        add("A", 1, "pengguna", "R1", &[("penundaan", Response::Ya)]),
        add("A", 2, "pengguna", "R2", &[("penundaan", Response::Tidak)]),
        add("A", 3, "pengguna", "R3", &[("penundaan", Response::Tidak)]),
        add(
            "A",
            4,
            "pengguna",
            "R4",
            &[("penundaan", Response::TidakTahu)],
        ),
        add("A", 5, "pejabat", "P1", &[("sp", Response::Level(3))]),
        add("A", 6, "pejabat", "P2", &[("sp", Response::Level(2))]),
    ];
    let s = fold(&ops);
    let set = set();
    let (sv, rule) = set.rule_for("O.1").expect("rule");
    let d = derive_level(sv, rule, &s.survey);
    assert_eq!(
        (d.n, d.counted, d.level, d.provisional),
        (3, Some(1), Some(1), false)
    );
    // mean 2.5 rounds half away from zero to 3.
    assert_eq!(level(&s, "I.1"), Some(3));
}

fn set_resp(dev: &str, seq: u64, hlc: u64, code: &str, v: Response, sup: &[OpRef]) -> Op {
    op(
        dev,
        seq,
        hlc,
        OpBody::SetResponse(ResponseSet {
            assessment: "a".into(),
            survey: "pengguna".into(),
            code: code.into(),
            question: "penundaan".into(),
            value: Some(v),
            supersedes: sup.to_vec(),
            surveys: sref(),
        }),
    )
}

#[test]
fn two_devices_differing_on_one_response_conflict_and_a_superseding_set_closes_it() {
    let a = add("A", 1, "pengguna", "R1", &[("penundaan", Response::Ya)]);
    let b = set_resp("B", 1, 5, "r1", Response::Tidak, &[]);
    for order in [[&a, &b], [&b, &a]] {
        let s = fold(&order.map(Clone::clone));
        assert_eq!(s.survey.conflicts(), vec![("pengguna", "R1", "penundaan")]);
    }
    let heads = vec![a.op_ref(), b.op_ref()];
    let c = set_resp("S", 1, 9, "R1", Response::Tidak, &heads);
    let s = fold(&[c.clone(), b.clone(), a.clone()]);
    assert!(s.survey.conflicts().is_empty());
    assert_eq!(
        s.survey.get("pengguna", "R1").map(Respondent::responses),
        Some(BTreeMap::from([("penundaan".to_string(), Response::Tidak)]))
    );
}

#[test]
fn remove_is_observed_remove_and_a_later_add_returns() {
    let a = add("A", 1, "pengguna", "R1", &[("penundaan", Response::Ya)]);
    let rm = op(
        "A",
        2,
        2,
        OpBody::RemoveRespondent(RespondentRemove {
            assessment: "a".into(),
            survey: "pengguna".into(),
            code: "R1".into(),
            adds: vec![a.op_ref()],
        }),
    );
    let s = fold(&[rm.clone(), a.clone()]);
    assert_eq!(s.survey.count("pengguna"), 0);
    // Another assessor's concurrent add of the same code was not seen: it stays.
    let b = add("B", 1, "pengguna", "R1", &[("penundaan", Response::Ya)]);
    let s = fold(&[a, rm, b]);
    assert_eq!(s.survey.count("pengguna"), 1);
}

#[test]
fn override_is_the_newest_authors_and_can_be_withdrawn() {
    let o = |dev: &str, seq, hlc, level| {
        op(
            dev,
            seq,
            hlc,
            OpBody::OverrideDerived(DerivedOverride {
                assessment: "a".into(),
                indicator: "O.1".into(),
                level,
                reason: "r".into(),
            }),
        )
    };
    let s = fold(&[o("A", 2, 2, Some(2)), o("A", 1, 1, Some(1))]);
    assert_eq!(s.survey.override_for("O.1").and_then(|x| x.level), Some(2));
    let s = fold(&[o("A", 1, 1, Some(1)), o("A", 2, 2, None)]);
    assert!(s.survey.override_for("O.1").is_none());
}

#[test]
fn book_round_trips_as_json_and_empty_book_is_not_written() {
    let s = fold(&[add(
        "A",
        1,
        "pengguna",
        "R1",
        &[("penundaan", Response::Ya)],
    )]);
    let text = serde_json::to_string(&s).expect("json");
    let back: AssessmentState = serde_json::from_str(&text).expect("parses");
    assert_eq!(back, s);
    let empty = serde_json::to_string(&AssessmentState::new("a")).expect("json");
    assert!(!empty.contains("survey"));
}
