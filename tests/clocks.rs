//! Clock games (issue 12 point 4, `docs/bundle-format.md` §4.2): a trusted assessor's
//! correctly signed bundle whose answer carries an absurd clock (`hlc` = u64::MAX, or a
//! wall clock in the year 9999) on a conflicted indicator gets the `clock` warning, and
//! that clock never decides which candidate is shown or scored, in any import order.

mod support;

use support::*;
use tilik::core::op::{AnswerValue, OP_VERSION, Op};
use tilik::identity::Role;
use tilik::workspace::bundles::{Verdict, Warning};

/// The genuine bundle (Rina answers P.1 = 1) and the forged one (Budi answers P.1 = 3
/// with the clock `(hlc, wall_ms)`), both by trusted keys, on the same assessment.
fn bundles(hlc: u64, wall_ms: i64) -> (Key, Key, Vec<u8>, Vec<u8>) {
    let (k1, k2) = (Key::new(1), Key::new(2));
    let mut c1 = Chain::new(&k1);
    c1.create(A1);
    c1.answer(A1, "P.1", 1, &[]);
    let mut c2 = Chain::new(&k2);
    c2.create(A1);
    let forged = Op {
        v: OP_VERSION,
        device: k2.device.clone(),
        seq: 2,
        prev: Some(c2.ops[0].hash.clone()),
        hlc,
        wall_ms,
        undo_of: None,
        body: answer_body(A1, "P.1", AnswerValue::Score(3), &[], iref()),
    };
    c2.push_bytes(forged.encode().expect("encode"));
    let b1 = Builder::new(&k1).whole(&c1).build();
    let b2 = Builder::new(&k2).whole(&c2).build();
    (k1, k2, b1, b2)
}

fn supervisor(k1: &Key, k2: &Key) -> Node {
    let s = Node::new("Sari", Role::Supervisor);
    s.trust_key(k1, Role::Assessor);
    s.trust_key(k2, Role::Assessor);
    s
}

#[test]
fn an_absurd_clock_never_picks_the_shown_value_and_is_warned() {
    for (hlc, wall) in [
        (u64::MAX, T0 + 5_000),
        (
            u64::try_from(253_402_300_000_000i64).expect("ms") << 16,
            253_402_300_000_000,
        ),
    ] {
        let (k1, k2, b1, b2) = bundles(hlc, wall);
        // Genuine first, then the forgery; and the other way round.
        let s1 = supervisor(&k1, &k2);
        let o = s1.import_bytes(&b1);
        assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
        let o = s1.import_bytes(&b2);
        assert_eq!(o.verdict, Verdict::AcceptedWithWarnings, "{}", msg(&o));
        assert!(o.warnings.contains(&Warning::Clock), "{}", msg(&o));
        assert_eq!(o.clock_warnings, 1, "{}", msg(&o));
        assert!(msg(&o).contains("jam"), "{}", msg(&o));

        let s2 = supervisor(&k1, &k2);
        let o = s2.import_bytes(&b2);
        assert!(o.warnings.contains(&Warning::Clock), "{}", msg(&o));
        let o = s2.import_bytes(&b1);
        assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));

        // Only the genuine answer, for the score it must have.
        let alone = supervisor(&k1, &k2);
        alone.import_bytes(&b1);
        let want = alone.ws.detail(A1).expect("detail");

        for s in [&s1, &s2] {
            let d = s.ws.detail(A1).expect("detail");
            let slot = &d.state.slots["P.1"];
            assert!(slot.in_conflict(), "the conflict stays visible");
            assert_eq!(
                slot.value(),
                Some(AnswerValue::Score(1)),
                "forged value shown"
            );
            assert_eq!(
                slot.display_head().map(|c| c.op.device.clone()),
                Some(k1.device.clone())
            );
            assert_eq!(format!("{:?}", d.score), format!("{:?}", want.score));
            assert_eq!(s.ws.conflicts().expect("conflicts").conflicts.len(), 1);
            s.assert_rebuild_equal();
        }
        assert_eq!(s1.digest(), s2.digest(), "import order changed the store");
    }
}

#[test]
fn an_hlc_after_the_bundle_was_made_is_warned_but_a_genuine_clock_is_not() {
    let (k1, k2) = (Key::new(1), Key::new(2));
    // An hlc two days after the bundle's creation time (the wall clock agrees with it,
    // so only the bundle time shows it is not believable).
    let late = T0 + 2 * 24 * 3600 * 1000;
    let mut c = Chain::new(&k2);
    c.create(A1);
    c.push_at(
        answer_body(A1, "P.1", AnswerValue::Score(3), &[], iref()),
        late,
    );
    let b = Builder::new(&k2).whole(&c).build();
    let s = supervisor(&k1, &k2);
    let o = s.import_bytes(&b);
    assert!(o.warnings.contains(&Warning::Clock), "{}", msg(&o));
    assert_eq!(o.clock_warnings, 1, "{}", msg(&o));
    // The same ops in a bundle made after them: no warning.
    let mut later = Builder::new(&k2).whole(&c);
    later.manifest.created_ms = late + 1000;
    let t = supervisor(&k1, &k2);
    let o = t.import_bytes(&later.build());
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
}
