//! Issue 12, points 1 and 2, tried as an attacker with a trusted key would: correctly
//! signed bundles that relay an untrusted writer, replace a colleague's answer, move or
//! forge a record, or answer for a record nobody created. Each is refused or held and
//! the store is unchanged (`list`, `show`, `conflicts`, the rebuild check); the genuine
//! roll-up (a national office trusting only provincial supervisors) still works.

mod support;

use support::*;
use tilik::core::assessment::AssessmentKey;
use tilik::core::bundle::DeviceEntry;
use tilik::core::op::{AnswerValue, OpBody};
use tilik::i18n::Lang;
use tilik::identity::{Role, fingerprint};
use tilik::present::import::message;
use tilik::workspace::bundles::{Reason, Stage, Verdict};

/// What a supervisor looks at: the list, every record shown and the open conflicts; plus
/// the rebuild check. (Not the state digest: held ops are kept, so it changes.)
fn seen(n: &Node) -> String {
    n.assert_rebuild_equal();
    let list = n.ws.list().expect("list");
    let mut out = format!("{list:?}\n");
    for s in &list {
        let d = n.ws.detail(&s.id).expect("detail");
        out.push_str(&format!("{:?}\n{:?}\n", d.summary, d.state));
    }
    let c = n.ws.conflicts().expect("conflicts");
    out.push_str(&format!("{:?}\n", c.conflicts));
    out
}

fn claim(b: Builder, key: &Key, name: &str, role: &str) -> Builder {
    let mut b = b;
    b.manifest.devices.push(DeviceEntry {
        device: key.device.clone(),
        name: name.into(),
        role: Some(role.into()),
    });
    b
}

#[test]
fn a_relayed_segment_of_an_untrusted_writer_quarantines_the_bundle_until_trusted() {
    let s = Node::new("Sari", Role::Supervisor);
    let rina = Key::new(40);
    let mallory = Key::new(41);
    s.ws.trust_add(&rina.device, "Rina", Role::Assessor, None)
        .expect("trust");
    let mut a = Chain::new(&rina);
    a.create(A1);
    let base = a.answer(A1, "P.1", 1, &[]);
    let first = s.import_bytes(&Builder::new(&rina).whole(&a).build());
    assert_eq!(first.verdict, Verdict::Accepted, "{}", msg(&first));
    let before = seen(&s);

    // Rina's next bundle relays a segment signed by a never-trusted key that claims to be
    // "Rina" and a supervisor, and answers the same indicator over her.
    let mut m = Chain::new(&mallory);
    m.answer(A1, "P.1", 3, std::slice::from_ref(&base));
    let b = claim(
        Builder::new(&rina).whole(&a).whole(&m),
        &mallory,
        "Rina",
        "supervisor",
    )
    .build();
    let o = s.import_bytes(&b);
    assert_eq!(o.verdict, Verdict::Quarantined, "{}", msg(&o));
    assert_eq!(o.reason, Reason::UnknownWriter);
    assert_eq!(o.reason.as_str(), "unknown_writer");
    assert_eq!(o.stage, Stage::Signer);
    let id = msg(&o);
    assert!(id.contains(&fingerprint(&mallory.device)), "{id}");
    assert!(id.contains("mengaku: Rina"), "{id}");
    assert!(id.contains("tilik import --retry"), "{id}");
    let en = message(&o, Lang::En);
    assert!(
        en.contains("claims: Rina") && en.contains("trust add"),
        "{en}"
    );
    assert_eq!(seen(&s), before, "nothing of the bundle was merged");
    assert!(
        s.ws.trust_list()
            .expect("list")
            .iter()
            .all(|e| e.device != mallory.device)
    );

    // After `trust add` the retry takes it, and the name shown is the roster's.
    let (_, waiting) =
        s.ws.trust_add(&mallory.device, "Mala (penilai baru)", Role::Assessor, None)
            .expect("trust");
    assert_eq!(waiting, 1, "the quarantined bundle waits for this writer");
    let retried = s.ws.retry_quarantined(&mut |_, _| {}).expect("retry");
    assert_eq!(retried.len(), 1);
    // Mallory, an assessor, replaced Rina's answer: held, not a silent change.
    assert_eq!(
        retried[0].verdict,
        Verdict::AcceptedWithWarnings,
        "{}",
        msg(&retried[0])
    );
    assert!(
        retried[0]
            .held
            .iter()
            .any(|h| h.reason == "supersedes_other" && h.name == "Mala (penilai baru)")
    );
    assert_eq!(s.ws.device_name(&mallory.device), "Mala (penilai baru)");
    assert!(s.ws.conflicts().expect("c").conflicts.is_empty());
    let d = s.ws.detail(A1).expect("detail");
    assert_eq!(d.state.slots["P.1"].value(), Some(AnswerValue::Score(1)));
}

#[test]
fn an_assessor_cannot_replace_a_colleagues_answer_or_close_a_conflict() {
    let s = Node::new("Sari", Role::Supervisor);
    let (ka, kb) = (Key::new(42), Key::new(43));
    s.ws.trust_add(&ka.device, "Ani", Role::Assessor, None)
        .expect("t");
    s.ws.trust_add(&kb.device, "Budi", Role::Assessor, None)
        .expect("t");
    let mut a = Chain::new(&ka);
    a.create(A1);
    let ra = a.answer(A1, "P.1", 1, &[]);
    let mut b = Chain::new(&kb);
    let rb = b.answer(A1, "P.1", 3, &[]);
    s.import_bytes(&Builder::new(&ka).whole(&a).build());
    s.import_bytes(&Builder::new(&kb).whole(&b).build());
    assert_eq!(s.ws.conflicts().expect("c").conflicts.len(), 1);
    let before = seen(&s);

    // Budi "settles" the conflict by superseding both candidates with his own answer.
    b.answer(A1, "P.1", 3, &[ra, rb]);
    let o = s.import_bytes(&Builder::new(&kb).whole(&b).build());
    assert_eq!(o.verdict, Verdict::AcceptedWithWarnings, "{}", msg(&o));
    assert_eq!(o.reason, Reason::Held);
    assert!(
        o.held
            .iter()
            .any(|h| h.reason == "supersedes_other" && h.name == "Budi")
    );
    assert!(msg(&o).contains("tilik resolve"), "{}", msg(&o));
    assert_eq!(seen(&s), before, "the conflict is still open");

    // As a supervisor, the same op counts (the roster decides, not the bundle).
    s.ws.trust_add(&kb.device, "Budi", Role::Supervisor, None)
        .expect("t");
    assert!(s.ws.conflicts().expect("c").conflicts.is_empty());
    s.assert_rebuild_equal();
}

#[test]
fn roll_up_a_national_office_trusting_only_provincial_supervisors() {
    // Province: a supervisor who trusts an assessor.
    let q = Node::new("Qori", Role::Assessor);
    let p = Node::new("Pak Prov", Role::Supervisor);
    let n = Node::new("Pusat", Role::Supervisor);
    p.trust(&q, Role::Assessor);
    n.trust(&p, Role::Supervisor);
    let id = q.new_assessment();
    q.answer(&id, "P.1", 2);
    let o = p.import(&q.export());
    assert!(o.verdict.ok(), "{}", msg(&o));

    // The national office knows only the provincial supervisor; its consolidated bundle
    // brings Qori's work, vouched for by the supervisor.
    let o = n.import(&p.export());
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    let d = n.ws.detail(&id).expect("detail");
    assert_eq!(d.state.slots["P.1"].value(), Some(AnswerValue::Score(2)));
    // Qori is not in the national roster: the name is only a claim.
    assert_eq!(
        n.ws.device_name(&q.device()),
        tilik::identity::short_fingerprint(&q.device())
    );
    assert_eq!(n.ws.device_claim(&q.device()).as_deref(), Some("Qori"));
    let log = n.ws.log(&id).expect("log");
    let qe = log
        .iter()
        .find(|e| e.device == q.device())
        .expect("Qori's op");
    assert_eq!(qe.claim.as_deref(), Some("Qori"));
    assert_ne!(qe.who, "Qori", "a claimed name is never shown as the name");
    let line = tilik::present::cli::assessments::log_line(qe, Lang::Id);
    assert!(line.contains("(mengaku: Qori)"), "{line}");

    // A relayed writer gets an assessor's rights only, whatever the bundle claims.
    let pk = Key::new(44);
    let x = Key::new(45);
    n.ws.trust_add(&pk.device, "Prov B", Role::Supervisor, None)
        .expect("t");
    let mut c = Chain::new(&x);
    c.create(A1);
    let r = c.answer(A1, "P.3", 1, &[]);
    c.push(resolve_body(A1, "P.3", 3, &[r]));
    let o = n.import_bytes(&claim(Builder::new(&pk).whole(&c), &x, "Kepala", "supervisor").build());
    assert_eq!(o.verdict, Verdict::AcceptedWithWarnings, "{}", msg(&o));
    assert!(
        o.held
            .iter()
            .any(|h| h.reason == "role" && h.kind == "resolve")
    );
    let d = n.ws.detail(A1).expect("detail");
    assert_eq!(d.state.slots["P.3"].value(), Some(AnswerValue::Score(1)));

    // An assessor vouches for no one.
    let ak = Key::new(46);
    n.ws.trust_add(&ak.device, "Penilai", Role::Assessor, None)
        .expect("t");
    let mut y = Chain::new(&Key::new(47));
    y.answer(A1, "P.2", 1, &[]);
    let o = n.import_bytes(&Builder::new(&ak).whole(&y).build());
    assert_eq!(o.reason, Reason::UnknownWriter, "{}", msg(&o));
    n.assert_rebuild_equal();
}

/// A create for `key` claiming `id`, written at `wall`.
fn create_as(c: &mut Chain, id: &str, round: u16, pemda: &str, name: &str, wall: i64) {
    c.push_at(
        OpBody::CreateAssessment {
            assessment: id.into(),
            round,
            pemda: pemda.into(),
            pemda_name: name.into(),
            lokus: "dpmptsp".into(),
            lokus_name: None,
            family: "opini".into(),
            instrument: iref(),
        },
        wall,
    );
}

fn key_id(round: u16, pemda: &str) -> String {
    AssessmentKey {
        round,
        pemda: pemda.into(),
        lokus: "dpmptsp".into(),
        lokus_name: None,
        family: "opini".into(),
    }
    .id()
}

#[test]
fn records_cannot_be_moved_renamed_or_forged() {
    let s = Node::new("Sari", Role::Supervisor);
    let (ka, km) = (Key::new(48), Key::new(49));
    s.ws.trust_add(&ka.device, "Ani", Role::Assessor, None)
        .expect("t");
    s.ws.trust_add(&km.device, "Mona", Role::Assessor, None)
        .expect("t");
    let mut a = Chain::new(&ka);
    a.create(A1);
    a.answer(A1, "P.1", 2, &[]);
    s.import_bytes(&Builder::new(&ka).whole(&a).build());
    let before = seen(&s);
    let earlier = T0 - 30 * 86_400_000;
    let refused = |c: &Chain, what: &str| {
        let o = s.import_bytes(&Builder::new(&km).whole(c).build());
        assert_eq!(o.verdict, Verdict::Rejected, "{what}: {}", msg(&o));
        assert_eq!(o.reason, Reason::BadRecord, "{what}");
        assert_eq!(o.stage, Stage::Semantics, "{what}");
        assert!(msg(&o).contains("Ditolak"), "{what}: {}", msg(&o));
        assert!(message(&o, Lang::En).contains("Rejected"), "{what}");
        assert_eq!(seen(&s), before, "{what}: store unchanged");
    };
    // The 2024 Pontianak record "moved" to 2023 Singkawang, with an earlier clock.
    let mut m = Chain::new(&km);
    create_as(&mut m, A1, 2023, "61.72", "Kota Singkawang", earlier);
    refused(&m, "header rewrite");
    // Same key, earlier clock, another pemda name.
    let mut m = Chain::new(&km);
    create_as(&mut m, A1, 2024, "61.71", "Kota Singkawang", earlier);
    refused(&m, "rename");
    // Fake round and pemda, each with the id its fields give.
    let mut m = Chain::new(&km);
    create_as(
        &mut m,
        &key_id(1999, "61.71"),
        1999,
        "61.71",
        "Kota Pontianak",
        T0,
    );
    refused(&m, "round 1999");
    let mut m = Chain::new(&km);
    create_as(
        &mut m,
        &key_id(2024, "99.99"),
        2024,
        "99.99",
        "Kota Atlantis",
        T0,
    );
    refused(&m, "pemda 99.99");
}

#[test]
fn ops_for_an_assessment_nobody_created_are_held_until_the_create_comes() {
    let s = Node::new("Sari", Role::Supervisor);
    let (ka, kb) = (Key::new(50), Key::new(51));
    s.ws.trust_add(&ka.device, "Ani", Role::Assessor, None)
        .expect("t");
    s.ws.trust_add(&kb.device, "Budi", Role::Assessor, None)
        .expect("t");
    let before = seen(&s);
    let mut b = Chain::new(&kb);
    b.answer(A1, "P.2", 3, &[]);
    b.answer("zzzzzzzzzzzzzzzz", "P.1", 3, &[]);
    let answers = Builder::new(&kb).whole(&b).build();
    let o = s.import_bytes(&answers);
    assert_eq!(o.verdict, Verdict::AcceptedWithWarnings, "{}", msg(&o));
    assert_eq!(o.reason, Reason::Held);
    assert_eq!(o.held.len(), 2);
    assert!(o.held.iter().all(|h| h.reason == "unknown_assessment"));
    assert!(
        msg(&o).contains("tidak ada di penyimpanan ini"),
        "{}",
        msg(&o)
    );
    assert_eq!(seen(&s), before, "nothing shown, scored or listed");

    // The create arrives later: the record is complete, as in the other order.
    let mut a = Chain::new(&ka);
    a.create(A1);
    let create = Builder::new(&ka).whole(&a).build();
    let o = s.import_bytes(&create);
    assert!(o.verdict.ok(), "{}", msg(&o));
    let d = s.ws.detail(A1).expect("detail");
    assert_eq!(d.state.slots["P.2"].value(), Some(AnswerValue::Score(3)));

    let t = Node::new("Tari", Role::Supervisor);
    t.ws.trust_add(&ka.device, "Ani", Role::Assessor, None)
        .expect("t");
    t.ws.trust_add(&kb.device, "Budi", Role::Assessor, None)
        .expect("t");
    t.import_bytes(&create);
    t.import_bytes(&answers);
    assert_eq!(t.digest(), s.digest(), "any import order, one state");
}

#[test]
fn holds_and_records_give_one_state_in_any_import_order() {
    // The shrunk case of an earlier attempt: a device fork, an op under an unknown
    // instrument, and the create in another bundle.
    let (ka, kb) = (Key::new(52), Key::new(53));
    let mut a = Chain::new(&ka);
    a.create(A1);
    let create = Builder::new(&ka).whole(&a).build();
    let mut b = Chain::new(&kb);
    b.answer(A1, "P.1", 2, &[]);
    let mut unknown = iref();
    unknown.hash = "e".repeat(64);
    unknown.version = "77".into();
    b.push(answer_body(A1, "P.2", AnswerValue::Score(1), &[], unknown));
    let mut fork = b.clone();
    b.answer(A1, "P.3", 1, &[]);
    fork.answer(A1, "P.3", 3, &[]);
    let bundles = [
        create,
        Builder::new(&kb).whole(&b).build(),
        Builder::new(&kb).whole(&fork).id("fork").build(),
    ];
    let orders = [[0, 1, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    let mut digests = Vec::new();
    for order in orders {
        let s = Node::new("Sari", Role::Supervisor);
        s.ws.trust_add(&ka.device, "Ani", Role::Assessor, None)
            .expect("t");
        s.ws.trust_add(&kb.device, "Budi", Role::Assessor, None)
            .expect("t");
        for i in order {
            s.import_bytes(&bundles[i]);
        }
        s.assert_rebuild_equal();
        digests.push(s.digest());
    }
    assert!(digests.windows(2).all(|w| w[0] == w[1]), "{digests:?}");
}
