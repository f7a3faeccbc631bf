//! Golden bundles of format v1 (T22): files made once by real exports and frozen under
//! `tests/golden/`. Every future version of tilik must import them to the recorded state.
//!
//! - `v1-assessor-a.tilik`: an assessor's plain bundle (answers, a note, a photo, a flag,
//!   the embedded instrument).
//! - `v1-assessor-b.tilik.age`: a second assessor, same office, encrypted to the
//!   supervisor; disagrees on P.1.
//! - `v1-supervisor.tilik`: the supervisor's consolidated bundle after resolving P.1
//!   (relays both assessors' segments with their original signatures).
//! - `v1.json`: the public keys, the supervisor's age identity (a test fixture, not a
//!   secret of anyone), and the state digests expected after each import.
//!
//! Regenerate only for a new format version, never to make this test pass:
//! `TILIK_WRITE_GOLDEN=1 cargo test --test bundle_golden -- --ignored`.

mod support;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use support::*;
use tilik::core::op::AnswerValue;
use tilik::identity::Role;
use tilik::workspace::AnswerRequest;
use tilik::workspace::bundles::{ExportOptions, Target, Verdict};

#[derive(Debug, Serialize, Deserialize)]
struct Golden {
    format: String,
    assessor_a: String,
    assessor_b: String,
    supervisor: String,
    supervisor_age_identity: String,
    assessment: String,
    digest_after_a: String,
    digest_after_a_b: String,
    digest_after_all: String,
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn export(ws: &tilik::workspace::Workspace, file: &Path, to: Vec<String>) {
    ws.export(
        &ExportOptions {
            target: Target::File(file.to_path_buf()),
            to,
            since: None,
            no_evidence: false,
        },
        &mut |_, _| {},
    )
    .expect("export");
}

#[test]
#[ignore = "writes tests/golden; run once per format version"]
fn generate_golden_v1() {
    if std::env::var("TILIK_WRITE_GOLDEN").as_deref() != Ok("1") {
        return;
    }
    let out = golden_dir();
    std::fs::create_dir_all(&out).expect("mkdir");
    let a = Node::new("Rina Wulandari", Role::Assessor);
    let b = Node::new("Budi Santoso", Role::Assessor);
    let s = Node::new("Sari Dewi", Role::Supervisor);
    s.trust(&a, Role::Assessor);
    s.trust(&b, Role::Assessor);
    let id = a.new_assessment();
    assert_eq!(b.new_assessment(), id);
    let photo = a.dir.path().join("papan-sop.jpg");
    std::fs::write(&photo, b"\xff\xd8\xff\xe0 golden SOP photo").expect("w");
    a.ws.answer(
        &AnswerRequest::new(&id, "P.1")
            .value(AnswerValue::Score(3))
            .note("SOP terpasang ✓")
            .evidence(&[&photo]),
    )
    .expect("a");
    a.answer(&id, "P.2", 2);
    a.ws.toggle_flag(&id, "P.2", Some("cek ulang"))
        .expect("flag");
    b.answer(&id, "P.1", 1);
    b.answer(&id, "P.3", 0);
    let fa = out.join("v1-assessor-a.tilik");
    let fb = out.join("v1-assessor-b.tilik.age");
    let fs = out.join("v1-supervisor.tilik");
    export(&a.ws, &fa, vec![]);
    export(&b.ws, &fb, vec![s.ws.age_recipient().expect("r")]);
    let d_a = {
        assert_eq!(s.import(&fa).verdict, Verdict::Accepted);
        s.digest()
    };
    assert_eq!(s.import(&fb).verdict, Verdict::Accepted);
    let d_ab = s.digest();
    let pick = s.ws.conflicts().expect("c").conflicts[0]
        .candidates
        .iter()
        .find(|c| c.raw == AnswerValue::Score(3))
        .expect("candidate")
        .n;
    s.ws.resolve(&id, "P.1", Some(pick), None, "foto SOP jelas")
        .expect("resolve");
    export(&s.ws, &fs, vec![]);
    let d_all = s.digest();
    let g = Golden {
        format: "tilik-bundle v1.0".into(),
        assessor_a: a.device(),
        assessor_b: b.device(),
        supervisor: s.device(),
        supervisor_age_identity: s.ws.store().age_identity().expect("m").expect("age"),
        assessment: id,
        digest_after_a: d_a,
        digest_after_a_b: d_ab,
        digest_after_all: d_all,
    };
    std::fs::write(
        out.join("v1.json"),
        serde_json::to_string_pretty(&g).expect("json") + "\n",
    )
    .expect("w");
}

fn load() -> Golden {
    let text = std::fs::read_to_string(golden_dir().join("v1.json")).expect("tests/golden/v1.json");
    serde_json::from_str(&text).expect("golden json")
}

fn fresh(g: &Golden) -> Node {
    let n = Node::new("Penguji Golden", Role::Supervisor);
    n.ws.trust_add(&g.assessor_a, "Rina Wulandari", Role::Assessor, None)
        .expect("t");
    n.ws.trust_add(&g.assessor_b, "Budi Santoso", Role::Assessor, None)
        .expect("t");
    n.ws.trust_add(&g.supervisor, "Sari Dewi", Role::Supervisor, None)
        .expect("t");
    n.ws.store()
        .set_age_identity(&g.supervisor_age_identity)
        .expect("age");
    n
}

#[test]
fn golden_v1_bundles_import_to_the_recorded_state() {
    let g = load();
    let dir = golden_dir();
    let n = fresh(&g);
    let o = n.import(&dir.join("v1-assessor-a.tilik"));
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    assert_eq!(n.digest(), g.digest_after_a);
    let o = n.import(&dir.join("v1-assessor-b.tilik.age"));
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    assert_eq!(o.new_conflicts, 1);
    assert_eq!(n.digest(), g.digest_after_a_b);
    let o = n.import(&dir.join("v1-supervisor.tilik"));
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    assert_eq!(n.digest(), g.digest_after_all);
    n.assert_rebuild_equal();
    let d = n.ws.detail(&g.assessment).expect("detail");
    assert_eq!(
        d.state.slots["P.1"].value(),
        Some(AnswerValue::Score(3)),
        "resolved to 3"
    );
    assert!(d.state.conflicts().is_empty());
    assert_eq!(d.state.slots["P.1"].evidence().len(), 1);
    assert!(d.state.slots["P.2"].flagged());

    // The consolidated bundle alone gives the same state.
    let m = fresh(&g);
    let o = m.import(&dir.join("v1-supervisor.tilik"));
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    assert_eq!(m.digest(), g.digest_after_all);
}
