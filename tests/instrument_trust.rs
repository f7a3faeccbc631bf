//! Issue 12, point 3, tried as an attacker with a trusted key would: a correctly signed
//! bundle embeds a doctored `opini-2024` (same id and version, bands lowered). Its ops are
//! held `instrument_mismatch` and the score does not change until a supervisor trusts
//! that exact hash (`tilik instruments trust HASH`), which shows what differs and releases
//! them; the outcome does not depend on the import order.

mod support;

use support::*;
use tilik::core::instrument::{Difference, Instrument};
use tilik::core::op::AnswerValue;
use tilik::i18n::Lang;
use tilik::identity::Role;
use tilik::present::import::message;
use tilik::workspace::bundles::Verdict;

/// What a supervisor looks at (see tests/authz.rs), plus the held ops.
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

fn held(n: &Node) -> Vec<(u64, String, String)> {
    let mut v: Vec<_> =
        n.ws.conflicts()
            .expect("conflicts")
            .held
            .into_iter()
            .map(|h| (h.seq, h.reason, h.detail))
            .collect();
    v.sort();
    v
}

/// opini-2024 with every band lowered by 30 points (the top band too).
fn doctored() -> Instrument {
    let mut i = opini();
    for b in &mut i.bands {
        b.lower = (b.lower - 30.0).max(0.0);
    }
    i
}

/// Rina's genuine bundle (A1 under the real opini-2024) and her next bundle, whose new
/// ops (A2 and its answers) name the doctored definition it embeds.
fn bundles(rina: &Key) -> (Vec<u8>, Vec<u8>, String) {
    let bad = doctored();
    let bad_ref = bad.reference().expect("ref");
    let mut c = Chain::new(rina);
    c.create(A1);
    c.answer(A1, "P.1", 1, &[]);
    let genuine = Builder::new(rina).whole(&c).build();
    c.push(create_body(A2, bad_ref.clone()));
    for ind in ["P.1", "P.2", "P.3"] {
        c.push(answer_body(
            A2,
            ind,
            AnswerValue::Score(3),
            &[],
            bad_ref.clone(),
        ));
    }
    let evil = Builder::new(rina)
        .whole(&c)
        .instrument(&opini(), false)
        .instrument(&bad, true)
        .build();
    (genuine, evil, bad_ref.hash)
}

fn supervisor(rina: &Key) -> Node {
    let s = Node::new("Sari", Role::Supervisor);
    s.ws.trust_add(&rina.device, "Rina", Role::Assessor, None)
        .expect("trust");
    s
}

#[test]
fn a_doctored_embedded_instrument_is_held_until_its_exact_hash_is_trusted() {
    let rina = Key::new(60);
    let (genuine, evil, hash) = bundles(&rina);
    let s = supervisor(&rina);
    let first = s.import_bytes(&genuine);
    assert_eq!(first.verdict, Verdict::Accepted, "{}", msg(&first));
    let before = seen(&s);

    let o = s.import_bytes(&evil);
    let id = msg(&o);
    assert_eq!(o.held.len(), 4, "{id}");
    assert!(
        o.held
            .iter()
            .all(|h| h.reason == "instrument_mismatch" && h.detail == hash),
        "{:?}",
        o.held
    );
    assert!(
        id.contains(&format!("tilik instruments trust {hash}")),
        "{id}"
    );
    assert!(id.contains("ditahan, nilai tidak berubah"), "{id}");
    let en = message(&o, Lang::En);
    assert!(
        en.contains("differs from the one this office trusts")
            && en.contains(&format!("tilik instruments trust {hash}")),
        "{en}"
    );
    assert_eq!(
        seen(&s),
        before,
        "the doctored instrument changed what the supervisor sees"
    );
    assert_eq!(s.ws.list().expect("list").len(), 1);

    // Trusting shows what differs, then releases the held ops.
    let t =
        s.ws.trust_instrument(&hash.to_uppercase())
            .expect("trust instrument");
    assert_eq!(t.hash, hash);
    assert_eq!(t.known_hash.as_deref(), Some(iref().hash.as_str()));
    assert!(!t.differences.is_empty());
    assert!(
        t.differences
            .iter()
            .all(|d| matches!(d, Difference::Band { .. })),
        "{:?}",
        t.differences
    );
    assert_eq!(t.released, 4);
    assert!(held(&s).is_empty());
    let after = seen(&s);
    assert_ne!(after, before);
    assert_eq!(s.ws.list().expect("list").len(), 2);
    s.assert_rebuild_equal();
    // The report names the exact definition each lokus was scored with.
    let r =
        s.ws.report(&tilik::core::report::Options::default())
            .expect("report");
    let hashes: Vec<&str> = r.instruments.iter().map(|i| i.hash.as_str()).collect();
    assert_eq!(hashes.len(), 2, "{hashes:?}");
    assert!(hashes.contains(&hash.as_str()) && hashes.contains(&iref().hash.as_str()));
    let lokus_hash: Vec<&str> = r
        .pemda
        .iter()
        .flat_map(|p| p.lokus.iter().map(|l| l.instrument_hash.as_str()))
        .collect();
    assert!(lokus_hash.contains(&hash.as_str()), "{lokus_hash:?}");
    let table = tilik::present::report::table(&r, Lang::En, false);
    assert!(
        table.contains(&format!(
            "Scored with instrument opini-2024 v{} ({hash})",
            iref().version
        )),
        "{table}"
    );
    let text = tilik::present::cli::instruments::trusted(&t, Lang::En).join("\n");
    assert!(
        text.contains("lower bound of band")
            && text.contains("differs from the one this office knows"),
        "{text}"
    );
}

#[test]
fn holds_and_their_release_do_not_depend_on_the_import_order() {
    let rina = Key::new(61);
    let (genuine, evil, hash) = bundles(&rina);
    let a = supervisor(&rina);
    a.import_bytes(&genuine);
    a.import_bytes(&evil);
    let b = supervisor(&rina);
    let o = b.import_bytes(&evil);
    assert_eq!(o.held.len(), 4, "{}", msg(&o));
    b.import_bytes(&genuine);
    assert_eq!(held(&a), held(&b));
    assert_eq!(seen(&a), seen(&b));
    a.ws.trust_instrument(&hash).expect("trust a");
    b.ws.trust_instrument(&hash).expect("trust b");
    assert_eq!(seen(&a), seen(&b));
    assert!(held(&b).is_empty());

    // A third store that trusted the hash before the second bundle arrives: the same.
    let c = supervisor(&rina);
    c.import_bytes(&evil);
    c.ws.trust_instrument(&hash).expect("trust c");
    c.import_bytes(&genuine);
    assert_eq!(seen(&c), seen(&a));
}

#[test]
fn trusting_a_hash_no_store_keeps_is_refused() {
    let s = Node::new("Sari", Role::Supervisor);
    let e =
        s.ws.trust_instrument(&"ab".repeat(32))
            .expect_err("unknown");
    assert!(
        matches!(e, tilik::error::Error::UnknownInstrument(_)),
        "{e:?}"
    );
}
