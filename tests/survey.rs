//! Surveys end to end: derived levels against an independent reading of the shipped
//! survey file, respondents of two assessors merged through bundles, a conflict on one
//! response, an override with its reason, and contact data kept out of plain bundles.

mod support;

use std::collections::BTreeMap;

use support::*;
use tilik::core::op::{OP_VERSION, Op, OpBody};
use tilik::core::survey::{
    Channel, RespondentAdd, RespondentBook, Response, SurveyRef, derive_level,
};
use tilik::identity::Role;
use tilik::workspace::NewRespondent;

const SURVEYS_2024: &str = include_str!("../assets/surveys/opini-2024.toml");

/// The level the shipped file's rule for `indicator` gives `k` "ya" of `n`, read from
/// the TOML with no tilik code: bands in order, first match.
fn independent_level(indicator: &str, k: u32, n: u32) -> u8 {
    let v: toml::Value = toml::from_str(SURVEYS_2024).expect("toml");
    let rule = v["surveys"]
        .as_array()
        .expect("surveys")
        .iter()
        .flat_map(|s| s["derive"].as_array().cloned().unwrap_or_default())
        .find(|d| d["indicator"].as_str() == Some(indicator))
        .expect("rule");
    assert_eq!(rule["rule"].as_str(), Some("share"));
    let pct = 100.0 * f64::from(k) / f64::from(n);
    let num = |b: &toml::Value, f: &str| {
        b.get(f).map(|x| {
            x.as_float()
                .unwrap_or_else(|| x.as_integer().expect("num") as f64)
        })
    };
    for b in rule["bands"].as_array().expect("bands") {
        let ok = num(b, "min_percent").is_none_or(|m| pct >= m)
            && num(b, "max_percent").is_none_or(|m| pct <= m)
            && num(b, "below_percent").is_none_or(|m| pct < m);
        if ok {
            return u8::try_from(b["level"].as_integer().expect("level")).expect("u8");
        }
    }
    panic!("no band matched");
}

fn add_op(seq: u64, code: &str, v: Response) -> Op {
    Op {
        v: OP_VERSION,
        device: "d".into(),
        seq,
        prev: None,
        hlc: seq,
        wall_ms: 0,
        undo_of: None,
        body: OpBody::AddRespondent(RespondentAdd {
            assessment: "a".into(),
            survey: "pengguna".into(),
            code: code.into(),
            channel: Some(Channel::Telepon),
            service: None,
            date: None,
            role: None,
            contact: None,
            proof: vec![],
            answers: BTreeMap::from([("penundaan".to_string(), v)]),
            surveys: SurveyRef {
                instrument: "opini-2024".into(),
                version: "1".into(),
                hash: "h".into(),
            },
        }),
    }
}

#[test]
fn every_share_of_30_gives_the_level_the_instrument_file_says() {
    let node = Node::new("Ani", Role::Assessor);
    let set = node
        .ws
        .catalog()
        .surveys("opini-2024")
        .expect("surveys")
        .clone();
    let (survey, rule) = set.rule_for("O.1").expect("O.1 derived");
    for k in 0..=30u32 {
        let mut book = RespondentBook::default();
        for i in 0..30u32 {
            let v = if i < k { Response::Ya } else { Response::Tidak };
            let op = add_op(u64::from(i) + 1, &format!("R{i}"), v);
            if let OpBody::AddRespondent(a) = &op.body {
                book.add(&op, a);
            }
        }
        let d = derive_level(survey, rule, &book);
        assert_eq!(d.level, Some(independent_level("O.1", k, 30)), "k = {k}");
        assert!(!d.provisional);
    }
    assert_eq!(independent_level("O.1", 0, 30), 3, "all tidak: top level");
    assert_eq!(independent_level("O.1", 30, 30), 0, "all ya: level 0");
}

fn respondent(node: &Node, id: &str, code: &str, answer: &str) {
    let answers = vec![("penundaan".to_string(), answer.to_string())];
    node.ws
        .add_respondent(
            id,
            &NewRespondent {
                survey: "pengguna",
                code,
                answers: &answers,
                ..Default::default()
            },
        )
        .expect("add");
}

fn o1(node: &Node, id: &str) -> tilik::workspace::DerivedView {
    node.ws
        .derived(id)
        .expect("derived")
        .into_iter()
        .find(|d| d.derivation.indicator == "O.1")
        .expect("O.1")
}

#[test]
fn thirty_all_no_gives_top_level_in_the_score_and_all_yes_zero() {
    for (answer, level) in [("tidak", 3u8), ("ya", 0)] {
        let node = Node::new("Ani", Role::Assessor);
        let id = node.new_assessment();
        for i in 1..=30 {
            respondent(&node, &id, &format!("R{i:02}"), answer);
        }
        let d = o1(&node, &id);
        assert_eq!(
            (d.value, d.derivation.respondents, d.derivation.provisional),
            (Some(level), 30, false)
        );
        let detail = node.ws.detail(&id).expect("detail");
        assert_eq!(
            detail.state.answers().get("O.1"),
            Some(&tilik::core::op::AnswerValue::Score(level)),
            "the derived level is the indicator's answer in the score"
        );
    }
}

#[test]
fn two_assessors_respondents_merge_to_the_union_in_either_order_and_conflict_on_one_answer() {
    let a = Node::new("Ani", Role::Assessor);
    let b = Node::new("Budi", Role::Assessor);
    let id = a.new_assessment();
    assert_eq!(b.new_assessment(), id, "same lokus, same id");
    for i in 1..=3 {
        respondent(&a, &id, &format!("A{i}"), "tidak");
        respondent(&b, &id, &format!("B{i}"), "ya");
    }
    // Both recorded R01, with different answers: a conflict like any answer.
    respondent(&a, &id, "R01", "ya");
    respondent(&b, &id, "R01", "tidak");
    let fa = a.export();
    let fb = b.export();
    let mut seen = Vec::new();
    for order in [[&fa, &fb], [&fb, &fa]] {
        let s = Node::new("Sari", Role::Supervisor);
        s.trust(&a, Role::Assessor);
        s.trust(&b, Role::Assessor);
        for f in order {
            s.import(f);
        }
        let v = s.ws.respondents(&id).expect("respondents");
        let codes: Vec<String> = v.surveys[0]
            .respondents
            .iter()
            .map(|r| r.code.clone())
            .collect();
        assert_eq!(codes, ["A1", "A2", "A3", "B1", "B2", "B3", "R01"]);
        let d = o1(&s, &id);
        assert!(d.derivation.conflicted);
        let st = s.ws.detail(&id).expect("detail").state;
        assert_eq!(
            st.survey.conflicts(),
            vec![("pengguna", "R01", "penundaan")]
        );
        seen.push(serde_json::to_string(&st.survey).expect("json"));
        s.assert_rebuild_equal();
    }
    assert_eq!(
        seen[0], seen[1],
        "any import order gives the same respondents"
    );
}

#[test]
fn an_override_with_reason_is_recorded_shown_and_used() {
    let node = Node::new("Ani", Role::Assessor);
    let id = node.new_assessment();
    respondent(&node, &id, "R01", "tidak");
    assert!(matches!(
        node.ws.override_derived(&id, "O.1", Some(1), "  "),
        Err(tilik::error::Error::ReasonRequired)
    ));
    node.ws
        .override_derived(&id, "O.1", Some(1), "pengguna mengaku takut menjawab")
        .expect("override");
    let d = o1(&node, &id);
    assert_eq!((d.derivation.level, d.value), (Some(3), Some(1)));
    assert_eq!(
        d.override_reason.as_deref(),
        Some("pengguna mengaku takut menjawab")
    );
    let st = node.ws.detail(&id).expect("detail").state;
    assert_eq!(
        st.answers().get("O.1"),
        Some(&tilik::core::op::AnswerValue::Score(1))
    );
    node.ws
        .override_derived(&id, "O.1", None, "dicabut")
        .expect("withdraw");
    assert_eq!(o1(&node, &id).value, Some(3));
}

#[test]
fn contact_data_stays_out_of_a_plain_bundle_and_travels_in_an_encrypted_one() {
    let a = Node::new("Ani", Role::Assessor);
    let id = a.new_assessment();
    let answers = vec![("penundaan".to_string(), "ya".to_string())];
    a.ws.add_respondent(
        &id,
        &NewRespondent {
            survey: "pengguna",
            code: "R01",
            name: Some("Siti Rahayu"),
            phone: Some("0812-3456-7890"),
            answers: &answers,
            ..Default::default()
        },
    )
    .expect("add");
    let r = |n: &Node| n.ws.respondents(&id).expect("v").surveys[0].respondents[0].clone();
    let c =
        a.ws.contact(&r(&a))
            .expect("contact")
            .expect("kept locally");
    assert_eq!(c.phone.as_deref(), Some("0812-3456-7890"));

    // Plain: stripped, and the export says so.
    let s = Node::new("Sari", Role::Supervisor);
    s.trust(&a, Role::Assessor);
    let out = a.dir.path().join("plain");
    let e = a.export_to(&out, &[], false);
    assert!(!e.encrypted);
    assert_eq!(e.contacts_stripped, 1);
    let bytes = std::fs::read(&e.file).expect("read");
    for needle in ["Siti Rahayu", "3456-7890", "0812"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} in a plain bundle"
        );
    }
    s.import(std::path::Path::new(&e.file));
    assert!(s.ws.contact(&r(&s)).expect("contact").is_none());

    // Encrypted to the supervisor: carried.
    let s2 = Node::new("Sari", Role::Supervisor);
    s2.trust(&a, Role::Assessor);
    let e = a.export_to(
        &a.dir.path().join("enc"),
        &[s2.ws.age_recipient().expect("age")],
        false,
    );
    assert!(e.encrypted);
    assert_eq!(e.contacts_stripped, 0);
    s2.import(std::path::Path::new(&e.file));
    let c2 = s2.ws.contact(&r(&s2)).expect("contact").expect("carried");
    assert_eq!(c2.name.as_deref(), Some("Siti Rahayu"));
}
