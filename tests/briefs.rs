//! Briefs (issue 17): after answers, notes, flags, undo, respondents, imports in either
//! order and a resolution, every stored brief is the brief of its stored projection and
//! of a rebuild from the log, and the home list read from briefs says what the
//! projections say.

mod support;

use support::Node;
use tilik::core::brief::Brief;
use tilik::core::scoring::score_lokus;
use tilik::identity::Role;
use tilik::workspace::{AnswerRequest, NewRespondent};

/// Every assessment's brief equals a recomputation from its projection, the store has no
/// brief without a projection, and a rebuild from the log agrees with both.
fn assert_briefs(node: &Node) {
    let store = node.ws.store();
    let ids = store.assessment_ids().expect("ids");
    let briefs: Vec<String> = store.briefs_iter().map(|b| b.expect("brief").id).collect();
    assert_eq!(briefs, ids, "one brief per projection");
    for id in &ids {
        let st = store.assessment(id).expect("read").expect("projection");
        let b = store.brief(id).expect("read").expect("brief");
        assert_eq!(b, Brief::of(&st), "brief of {id}");
    }
    node.assert_rebuild_equal();
    let c = node.ws.rebuild_check(false).expect("check");
    assert!(c.differ.is_empty(), "{:?}", c.differ);
    // The list (from briefs) against each assessment's detail (from its projection).
    for s in node.ws.list().expect("list") {
        let d = node.ws.detail(&s.id).expect("detail");
        let score = score_lokus(&d.instrument, &d.state.answers());
        assert_eq!(s.score, score.score, "{}", s.id);
        assert_eq!(
            (s.answered, s.conflicts, s.flagged, s.status, s.review),
            (
                d.summary.answered,
                d.summary.conflicts,
                d.summary.flagged,
                d.summary.status,
                d.summary.review
            )
        );
        assert_eq!(s.category, d.summary.category);
        assert_eq!(s.last_change_ms, d.summary.last_change_ms);
    }
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

#[test]
fn briefs_follow_answers_undo_respondents_imports_and_resolutions() {
    let a = Node::new("Rina", Role::Assessor);
    let b = Node::new("Budi", Role::Assessor);
    let id = a.new_assessment();
    assert_eq!(b.new_assessment(), id);
    let inds: Vec<String> =
        a.ws.detail(&id)
            .expect("detail")
            .instrument
            .indicators()
            .take(4)
            .map(|i| i.indicator.id.clone())
            .collect();
    a.answer(&id, &inds[0], 3);
    assert_briefs(&a);
    a.ws.answer(
        &AnswerRequest::new(&id, &inds[1])
            .value(tilik::core::op::AnswerValue::Score(2))
            .note("papan pengumuman ada"),
    )
    .expect("answer with note");
    a.ws.toggle_flag(&id, &inds[1], Some("cek lagi"))
        .expect("flag");
    a.answer(&id, &inds[2], 1);
    assert_briefs(&a);
    a.ws.undo(&id).expect("undo");
    assert_briefs(&a);
    assert!(
        !a.ws
            .store()
            .brief(&id)
            .expect("read")
            .expect("brief")
            .values
            .contains_key(&inds[2]),
        "the undone answer left the brief"
    );
    for i in 1..=3 {
        respondent(&a, &id, &format!("A{i}"), "tidak");
    }
    assert_briefs(&a);
    // Every other indicator answered, so it can be finalized.
    let all: Vec<String> =
        a.ws.detail(&id)
            .expect("detail")
            .instrument
            .indicators()
            .map(|i| i.indicator.id.clone())
            .collect();
    for ind in all.iter().skip(4) {
        a.answer(&id, ind, 1);
    }
    a.answer(&id, &inds[2], 1);
    a.answer(&id, &inds[3], 1);
    a.ws.finalize(&id).expect("finalize");
    assert_briefs(&a);
    // Budi answers the first indicator otherwise: a conflict once both are merged.
    b.answer(&id, &inds[0], 0);
    respondent(&b, &id, "B1", "ya");
    let other =
        b.ws.new_assessment(
            2024,
            Some("opini-2024"),
            "61.71",
            "puskesmas",
            Some("Alianyang"),
        )
        .expect("new")
        .id;
    b.answer(&other, &inds[3], 2);
    let (fa, fb) = (a.export(), b.export());
    let mut digests = Vec::new();
    for order in [[&fa, &fb], [&fb, &fa]] {
        let s = Node::new("Sari", Role::Supervisor);
        s.trust(&a, Role::Assessor);
        s.trust(&b, Role::Assessor);
        s.import(order[0]);
        assert_briefs(&s);
        s.import(order[1]);
        assert_briefs(&s);
        let brief = s.ws.store().brief(&id).expect("read").expect("brief");
        digests.push(serde_json::to_string(&brief).expect("json"));
        assert_eq!(brief.conflict_ids(), vec![inds[0].as_str()]);
        assert_eq!(
            brief
                .survey
                .as_ref()
                .map(|t| t.survey("pengguna").respondents),
            Some(4)
        );
        s.ws.resolve(&id, &inds[0], Some(1), None, "dicek di lokasi")
            .expect("resolve");
        assert_briefs(&s);
        assert!(
            s.ws.store()
                .brief(&id)
                .expect("read")
                .expect("brief")
                .conflicts
                .is_empty()
        );
    }
    assert_eq!(
        digests[0], digests[1],
        "either import order, the same brief"
    );
}
