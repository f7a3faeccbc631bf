//! Property tests P1–P10 of sync-anchors §4, 1,000 cases each.
//!
//! Random histories: four devices (device 0 is the supervisor) append answers, notes,
//! flags, resolutions and the occasional op for an unknown instrument, with random
//! `supersedes` links to earlier ops of the same slot; sometimes one device forks (a
//! restored copy writing a different continuation). Random bundles cut random contiguous
//! segments out of those chains; they are encoded, signed and verified as real containers
//! and merged into the reference in-memory store ([`MemView`]) with the same planner the
//! sled store uses. The state compared is [`MemView::digest`]: answers (heads, values,
//! resolutions), notes, flags, evidence, statuses, reviews, forks, held ops, gaps and
//! pending evidence.

mod support;

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use support::*;
use tilik::bundle::{encrypt_bytes, new_age_identity, verify_bytes};
use tilik::core::bundle::{Sink, Verified};
use tilik::core::instrument::{Instrument, InstrumentRef};
use tilik::core::merge::{IncomingOp, MemView, Policy, Report};
use tilik::core::op::{AnswerValue, Op, OpBody, OpRef};
use tilik::workspace::bundles::Reason;

const DEVICES: usize = 4;
const INDICATORS: [&str; 3] = ["P.1", "P.2", "P.3"];
const ASSESSMENTS: [&str; 2] = [A1, A2];

struct TestPolicy {
    instruments: BTreeMap<String, Instrument>,
    supervisor: String,
    /// Every device may review (for the properties of `supersedes` itself, where
    /// authorization is not the point).
    all_review: bool,
}

impl Policy for TestPolicy {
    fn instrument(&self, hash: &str) -> Option<&Instrument> {
        self.instruments.get(hash)
    }
    fn may_review(&self, device: &str) -> bool {
        self.all_review || device == self.supervisor
    }
    fn now_ms(&self) -> i64 {
        T0 + 86_400_000
    }
}

fn keys() -> Vec<Key> {
    (0..DEVICES)
        .map(|i| Key::new(100 + u8::try_from(i).unwrap_or(0)))
        .collect()
}

fn policy() -> TestPolicy {
    let inst = opini();
    TestPolicy {
        instruments: BTreeMap::from([(iref().hash, inst)]),
        supervisor: keys()[0].device.clone(),
        all_review: false,
    }
}

fn unknown_iref() -> InstrumentRef {
    InstrumentRef {
        id: "opini-2099".into(),
        version: "1".into(),
        hash: "f".repeat(64),
    }
}

/// One step of a random history.
#[derive(Debug, Clone)]
struct Step {
    dev: usize,
    kind: u8,
    assessment: usize,
    ind: usize,
    val: u8,
    /// Bit i: supersede the i-th most recent earlier op on the same slot.
    sup: u8,
}

fn step() -> impl Strategy<Value = Step> {
    (
        0..DEVICES,
        0u8..10,
        0..2usize,
        0..3usize,
        0u8..5,
        any::<u8>(),
        any::<u8>(),
    )
        .prop_map(|(dev, kind, assessment, ind, val, s1, s2)| Step {
            dev,
            kind,
            assessment,
            ind,
            val,
            // About one link in four: concurrent edits (conflicts) are common.
            sup: s1 & s2,
        })
}

/// A segment cut: chain index, start and length (normalised to the chain), or the whole
/// chain.
type Cut = (usize, u8, u8, bool);

#[derive(Debug, Clone)]
struct Scenario {
    steps: Vec<Step>,
    /// Device that forks, after how many of its ops, and the other continuation.
    fork: Option<(usize, u8, Vec<Step>)>,
    bundles: Vec<Vec<Cut>>,
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(step(), 3..16),
        prop::option::weighted(
            0.5,
            (1..DEVICES, 0u8..4, prop::collection::vec(step(), 1..4)),
        ),
        prop::collection::vec(
            prop::collection::vec(
                (0..DEVICES + 1, any::<u8>(), any::<u8>(), any::<bool>()),
                1..4,
            ),
            1..5,
        ),
    )
        .prop_map(|(steps, fork, bundles)| Scenario {
            steps,
            fork,
            bundles,
        })
}

/// The chains a scenario produces (index `DEVICES` is the fork's other continuation),
/// with every device's clock shifted by `shift[dev]` ms.
fn chains(sc: &Scenario, shift: &[i64; DEVICES]) -> Vec<Chain> {
    let ks = keys();
    let mut cs: Vec<Chain> = ks.iter().map(Chain::new).collect();
    let mut slot_ops: BTreeMap<(usize, usize), Vec<OpRef>> = BTreeMap::new();
    let apply = |cs: &mut Vec<Chain>,
                 target: usize,
                 s: &Step,
                 slot_ops: &mut BTreeMap<(usize, usize), Vec<OpRef>>| {
        let dev_of = if target == DEVICES {
            sc.fork.as_ref().map_or(0, |f| f.0)
        } else {
            target
        };
        let a = ASSESSMENTS[s.assessment];
        let ind = INDICATORS[s.ind];
        let wall = T0 + shift[dev_of] + cs[target].ops.len() as i64 * 1000;
        let has_create = cs[target].ops.iter().any(|o| {
            matches!(&o.op.body, OpBody::CreateAssessment { assessment, .. } if assessment == a)
        });
        if !has_create {
            cs[target].push_at(create_body(a, iref()), wall);
        }
        let earlier = slot_ops.entry((s.assessment, s.ind)).or_default();
        let sup: Vec<OpRef> = earlier
            .iter()
            .rev()
            .enumerate()
            .filter(|(i, _)| *i < 8 && s.sup & (1 << i) != 0)
            .map(|(_, r)| r.clone())
            .collect();
        let value = if s.val == 4 {
            AnswerValue::Cleared
        } else {
            AnswerValue::Score(s.val)
        };
        let body = match s.kind {
            0..=4 => OpBody::SetAnswer {
                assessment: a.into(),
                indicator: ind.into(),
                value,
                old: None,
                supersedes: sup,
                instrument: iref(),
            },
            5 => OpBody::SetNote {
                assessment: a.into(),
                indicator: ind.into(),
                text: format!("catatan {} ✓", s.val),
                old: String::new(),
            },
            6 => OpBody::SetFlag {
                assessment: a.into(),
                indicator: ind.into(),
                flagged: s.val.is_multiple_of(2),
                reason: None,
            },
            7 => OpBody::Resolve {
                assessment: a.into(),
                indicator: ind.into(),
                value,
                supersedes: sup,
                reason: "keputusan".into(),
                instrument: iref(),
            },
            8 => OpBody::SetAnswer {
                assessment: a.into(),
                indicator: ind.into(),
                value,
                old: None,
                supersedes: sup,
                instrument: unknown_iref(),
            },
            _ => OpBody::AttachEvidence {
                assessment: a.into(),
                indicator: ind.into(),
                blob: tilik::core::op::BlobRef {
                    hash: blake3::hash(&[s.val]).to_hex().to_string(),
                    size: 1,
                    name: format!("f{}.jpg", s.val),
                    mime: "image/jpeg".into(),
                },
            },
        };
        let r = cs[target].push_at(body, wall + 1);
        slot_ops.entry((s.assessment, s.ind)).or_default().push(r);
    };
    for s in &sc.steps {
        apply(&mut cs, s.dev, s, &mut slot_ops);
    }
    if let Some((fd, at, alt)) = &sc.fork {
        // A copy of the device's store taken after `at` of its ops writes on.
        let mut base = cs[*fd].clone();
        let keep = usize::from(*at).min(base.ops.len());
        base.ops.truncate(keep);
        cs.push(base);
        // The alternative continuation does not know the original's later ops.
        let mut alt_slots = slot_ops.clone();
        for s in alt {
            let mut s = s.clone();
            s.dev = *fd;
            apply(&mut cs, DEVICES, &s, &mut alt_slots);
        }
    }
    cs
}

/// Encode each bundle of the scenario as a signed container (exporter: the supervisor).
fn bundles(sc: &Scenario, cs: &[Chain]) -> Vec<Vec<u8>> {
    let exporter = keys()[0].clone();
    sc.bundles
        .iter()
        .enumerate()
        .filter_map(|(bi, cuts)| {
            let mut b = Builder::new(&exporter).id(&format!("b{bi}"));
            let mut used: BTreeSet<String> = BTreeSet::new();
            for &(ci, a, l, whole) in cuts {
                let Some(c) = cs.get(ci) else { continue };
                let n = c.ops.len() as u64;
                if n == 0 || !used.insert(c.key.device.clone()) {
                    continue;
                }
                let (first, last) = if whole {
                    (1, n)
                } else {
                    let first = u64::from(a) % n + 1;
                    (first, first + u64::from(l) % (n - first + 1))
                };
                b = b.segment(c, first, last);
            }
            (!b.manifest.segments.is_empty()).then(|| b.build())
        })
        .collect()
}

struct Collect(Vec<IncomingOp>);
impl Sink for Collect {
    fn op(&mut self, _: usize, bytes: Vec<u8>, hash: String, op: Op) {
        self.0.push(IncomingOp { op, bytes, hash });
    }
}

/// Verify a bundle as a real container and merge it.
fn import(m: &mut MemView, p: &TestPolicy, bytes: &[u8]) -> Report {
    let mut c = Collect(Vec::new());
    let v: Verified = verify_bytes(bytes, None, &mut c).expect("structurally sound");
    assert_eq!(v.fault(), None);
    m.merge(
        p,
        c.0,
        v.manifest.signed_heads(),
        &v.manifest.carried_blobs(),
    )
    .expect("merge")
}

fn merged(bs: &[&Vec<u8>]) -> MemView {
    merged_under(&policy(), bs)
}

fn merged_under(p: &TestPolicy, bs: &[&Vec<u8>]) -> MemView {
    let mut m = MemView::default();
    for b in bs {
        import(&mut m, p, b);
    }
    m
}

fn assert_p7(m: &MemView) {
    assert_eq!(
        m.live(),
        m.rebuilt(),
        "incremental projection differs from a rebuild"
    );
}

fn cfg() -> ProptestConfig {
    ProptestConfig::with_cases(1000)
}

proptest! {
    #![proptest_config(cfg())]

    /// P1: import(A, B) == import(B, A).
    #[test]
    fn p1_commutative(sc in scenario()) {
        let cs = chains(&sc, &[0; DEVICES]);
        let bs = bundles(&sc, &cs);
        prop_assume!(bs.len() >= 2);
        let ab = merged(&[&bs[0], &bs[1]]);
        let ba = merged(&[&bs[1], &bs[0]]);
        prop_assert_eq!(ab.digest().expect("digest"), ba.digest().expect("digest"));
        assert_p7(&ab);
        assert_p7(&ba);
    }

    /// P2: any permutation of a list of bundles gives the same state.
    #[test]
    fn p2_order_independent(sc in scenario(), seed in any::<u64>()) {
        let cs = chains(&sc, &[0; DEVICES]);
        let bs = bundles(&sc, &cs);
        let forward: Vec<&Vec<u8>> = bs.iter().collect();
        let mut shuffled = forward.clone();
        // Fisher–Yates with a seeded LCG.
        let mut x = seed | 1;
        for i in (1..shuffled.len()).rev() {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from(x >> 33).unwrap_or(0) % (i + 1);
            shuffled.swap(i, j);
        }
        let a = merged(&forward);
        let b = merged(&shuffled);
        prop_assert_eq!(a.digest().expect("digest"), b.digest().expect("digest"));
        assert_p7(&b);
    }

    /// P3: importing any bundle a second time changes nothing and reports no new data.
    #[test]
    fn p3_idempotent(sc in scenario(), pick in any::<usize>()) {
        let cs = chains(&sc, &[0; DEVICES]);
        let bs = bundles(&sc, &cs);
        prop_assume!(!bs.is_empty());
        let p = policy();
        let mut m = MemView::default();
        for b in &bs {
            import(&mut m, &p, b);
        }
        let before = m.digest().expect("digest");
        let again = &bs[pick % bs.len()];
        let r = import(&mut m, &p, again);
        prop_assert_eq!(r.new_ops, 0);
        prop_assert!(r.forks.is_empty());
        prop_assert_eq!(m.digest().expect("digest"), before);
    }

    /// P4: after a cumulative bundle, an older one of the same device changes nothing;
    /// older then newer equals newer alone.
    #[test]
    fn p4_superset(sc in scenario(), dev in 1..DEVICES, k1 in any::<u8>(), k2 in any::<u8>()) {
        let cs = chains(&sc, &[0; DEVICES]);
        let c = &cs[dev];
        prop_assume!(!c.ops.is_empty());
        let n = c.ops.len() as u64;
        let (a, b) = (u64::from(k1) % n + 1, u64::from(k2) % n + 1);
        let (older, newer) = (a.min(b), a.max(b));
        let bo = Builder::new(&c.key).segment(c, 1, older).id("old").build();
        let bn = Builder::new(&c.key).segment(c, 1, newer).id("new").build();
        let alone = merged(&[&bn]);
        let p = policy();
        let mut m = merged(&[&bn]);
        let r = import(&mut m, &p, &bo);
        prop_assert_eq!(r.new_ops, 0);
        prop_assert_eq!(m.digest().expect("digest"), alone.digest().expect("digest"));
        prop_assert_eq!(merged(&[&bo, &bn]).digest().expect("digest"), alone.digest().expect("digest"));
    }

    /// P5: two supervisors importing the same bundles in different orders export
    /// byte-identical consolidated op sections.
    #[test]
    fn p5_supervisors_converge_byte_for_byte(sc in scenario()) {
        let cs = chains(&sc, &[0; DEVICES]);
        let bs = bundles(&sc, &cs);
        let fwd: Vec<&Vec<u8>> = bs.iter().collect();
        let rev: Vec<&Vec<u8>> = bs.iter().rev().collect();
        let a = merged(&fwd);
        let b = merged(&rev);
        let ea = a.export_sections().expect("export");
        let eb = b.export_sections().expect("export");
        prop_assert_eq!(&ea, &eb);
        // And a store built from that consolidated export alone has the same state.
        let exporter = keys()[0].clone();
        let mut bld = Builder::new(&exporter).id("consolidated");
        for (seg, bytes) in &ea {
            let c = cs.iter().find(|c| {
                c.key.device == seg.device
                    && c.ops.get(usize::try_from(seg.last - 1).unwrap_or(0)).is_some_and(|o| o.hash == seg.head_hash)
            }).expect("chain");
            bld = bld.segment(c, seg.first, seg.last);
            prop_assert_eq!(&bld.parts.ops[bld.parts.ops.len() - 1], bytes);
        }
        if !bld.manifest.segments.is_empty() {
            let re = merged(&[&bld.build()]);
            // Forked devices are not relayed, so compare stores without forks only.
            if a.forks.is_empty() {
                prop_assert_eq!(re.digest().expect("digest"), a.digest().expect("digest"));
            }
        }
    }

    /// P6: conflict soundness on one slot.
    #[test]
    fn p6_conflict_soundness(v0 in 0u8..5, v1 in 0u8..5, v2 in 0u8..5, chained in any::<bool>(), swap in any::<bool>()) {
        let ks = keys();
        let val = |v: u8| if v == 4 { AnswerValue::Cleared } else { AnswerValue::Score(v) };
        let mut a = Chain::new(&ks[1]);
        a.create("a1");
        let base = a.push(answer_body("a1", "P.1", val(v0), &[], iref()));
        let mut b = Chain::new(&ks[2]);
        let e1 = b.push(answer_body("a1", "P.1", val(v1), std::slice::from_ref(&base), iref()));
        let mut c = Chain::new(&ks[3]);
        let sup = if chained { vec![base.clone(), e1.clone()] } else { vec![base] };
        c.push(answer_body("a1", "P.1", val(v2), &sup, iref()));
        let bundles = [
            Builder::new(&ks[1]).whole(&a).build(),
            Builder::new(&ks[2]).whole(&b).build(),
            Builder::new(&ks[3]).whole(&c).build(),
        ];
        let order: Vec<&Vec<u8>> = if swap { bundles.iter().rev().collect() } else { bundles.iter().collect() };
        // Causality, not authorization: an assessor's op superseding a colleague's is
        // held (`supersedes_other`, tests/authz.rs), so every writer reviews here.
        let m = merged_under(&TestPolicy { all_review: true, ..policy() }, &order);
        let slot = &m.assess["a1"].slots["P.1"];
        if chained || v1 == v2 {
            prop_assert!(!slot.in_conflict());
            prop_assert_eq!(slot.display_head().map(|h| h.value), Some(val(v2)));
        } else {
            prop_assert!(slot.in_conflict());
            prop_assert_eq!(slot.heads.len(), 2);
            let vals: BTreeSet<AnswerValue> = slot.heads.iter().map(|h| h.value).collect();
            prop_assert!(vals.contains(&val(v1)) && vals.contains(&val(v2)));
        }
    }

    /// P7: state after incremental imports equals the state rebuilt from all ops.
    #[test]
    fn p7_incremental_equals_rebuild(sc in scenario()) {
        let cs = chains(&sc, &[0; DEVICES]);
        let bs = bundles(&sc, &cs);
        let p = policy();
        let mut m = MemView::default();
        for b in &bs {
            import(&mut m, &p, b);
            assert_p7(&m);
        }
    }

    /// P8: a Resolve closes the conflict, is idempotent and order-independent; a later
    /// concurrent edit reopens it.
    #[test]
    fn p8_resolution(v1 in 0u8..4, v2 in 0u8..4, vr in 0u8..4, v3 in 0u8..4, seed in any::<u64>()) {
        prop_assume!(v1 != v2);
        let ks = keys();
        let mut a = Chain::new(&ks[1]);
        a.create("a1");
        let r1 = a.answer("a1", "P.1", v1, &[]);
        let mut b = Chain::new(&ks[2]);
        let r2 = b.answer("a1", "P.1", v2, &[]);
        let mut s = Chain::new(&ks[0]);
        let res = s.push(resolve_body("a1", "P.1", vr, &[r1.clone(), r2]));
        let ba = Builder::new(&ks[1]).whole(&a).build();
        let bb = Builder::new(&ks[2]).whole(&b).build();
        let bs = Builder::new(&ks[0]).whole(&s).build();
        let mut orders = vec![vec![&ba, &bb, &bs], vec![&bs, &bb, &ba], vec![&bb, &bs, &ba, &bs]];
        let pick = usize::try_from(seed % 3).unwrap_or(0);
        let order = orders.swap_remove(pick);
        let m = merged(&order);
        let slot = &m.assess["a1"].slots["P.1"];
        prop_assert!(!slot.in_conflict());
        prop_assert_eq!(slot.heads.len(), 1);
        prop_assert_eq!(slot.heads[0].op.clone(), res.clone());
        prop_assert_eq!(m.digest().expect("digest"), merged(&[&ba, &bb, &bs]).digest().expect("digest"));
        // A later edit that did not see the resolution reopens the conflict (unless equal).
        let mut a2 = a.clone();
        a2.answer("a1", "P.1", v3, &[r1]);
        let ba2 = Builder::new(&ks[1]).whole(&a2).id("later").build();
        let m2 = merged(&[&ba, &bb, &bs, &ba2]);
        let slot2 = &m2.assess["a1"].slots["P.1"];
        prop_assert_eq!(slot2.in_conflict(), v3 != vr);
        // A later edit that saw the resolution does not.
        let mut a3 = a.clone();
        a3.answer("a1", "P.1", v3, &[res]);
        let ba3 = Builder::new(&ks[1]).whole(&a3).id("saw").build();
        let m3 = merged(&[&ba, &bb, &bs, &ba3]);
        prop_assert!(!m3.assess["a1"].slots["P.1"].in_conflict());
    }

    /// P9: shifting device clocks by years changes display order only, never heads or
    /// conflicts.
    #[test]
    fn p9_clock_independence(sc in scenario(), shifts in prop::array::uniform4(-20i64..20)) {
        let year = 365 * 86_400_000i64;
        let shift = shifts.map(|s| s * year);
        let plain = chains(&sc, &[0; DEVICES]);
        let shifted = chains(&sc, &shift);
        let a = merged(&bundles(&sc, &plain).iter().collect::<Vec<_>>());
        let b = merged(&bundles(&sc, &shifted).iter().collect::<Vec<_>>());
        prop_assert_eq!(a.digest().expect("digest"), b.digest().expect("digest"));
        let conflicts = |m: &MemView| -> BTreeSet<(String, String)> {
            m.assess.values().flat_map(|s| s.conflicts().into_iter().map(|c| (s.id.clone(), c.to_string())).collect::<Vec<_>>()).collect()
        };
        prop_assert_eq!(conflicts(&a), conflicts(&b));
    }
}

proptest! {
    #![proptest_config(cfg())]

    /// P10: encode → sign → encrypt → decrypt → verify → decode returns the same ops and
    /// evidence for arbitrary values (empty, Unicode, very long text, many photos).
    #[test]
    fn p10_round_trip(
        notes in prop::collection::vec(".{0,40}|[\\u{0}-\\u{10FFFF}]{0,20}", 0..6),
        long in 0usize..20_000,
        photos in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..3000), 0..12),
        values in prop::collection::vec(0u8..5, 0..8),
        encrypt in any::<bool>(),
    ) {
        let k = Key::new(77);
        let mut c = Chain::new(&k);
        c.create("a1");
        for (i, t) in notes.iter().enumerate() {
            c.push(OpBody::SetNote {
                assessment: "a1".into(),
                indicator: INDICATORS[i % 3].into(),
                text: t.clone(),
                old: String::new(),
            });
        }
        c.push(OpBody::SetNote {
            assessment: "a1".into(),
            indicator: "P.1".into(),
            text: "ä€𝄞".repeat(long / 4),
            old: String::new(),
        });
        for v in &values {
            let val = if *v == 4 { AnswerValue::NotApplicable } else { AnswerValue::Score(*v) };
            c.push(answer_body("a1", "P.2", val, &[], iref()));
        }
        let mut b = Builder::new(&k);
        let mut seen = BTreeSet::new();
        for (i, p) in photos.iter().enumerate() {
            c.push(attach_body("a1", "P.3", p, &format!("foto {i}.jpg")));
            if seen.insert(*blake3::hash(p).as_bytes()) {
                b = b.blob(p, true);
            }
        }
        let plain = b.whole(&c).build();
        let id = new_age_identity();
        let bytes = if encrypt { encrypt_bytes(&plain, &[id.to_public()]).expect("enc") } else { plain };
        struct All(Vec<IncomingOp>, Vec<Vec<u8>>);
        impl Sink for All {
            fn op(&mut self, _: usize, bytes: Vec<u8>, hash: String, op: Op) {
                self.0.push(IncomingOp { op, bytes, hash });
            }
            fn want_blob(&mut self, _: usize, _: &tilik::core::bundle::BlobEntry) -> bool {
                true
            }
            fn blob(&mut self, _: usize, bytes: Vec<u8>) {
                self.1.push(bytes);
            }
        }
        let mut sink = All(Vec::new(), Vec::new());
        let v = verify_bytes(&bytes, Some(&id), &mut sink).expect("verifies");
        prop_assert_eq!(v.fault(), None);
        prop_assert_eq!(sink.0.len(), c.ops.len());
        for (got, want) in sink.0.iter().zip(&c.ops) {
            prop_assert_eq!(&got.bytes, &want.bytes);
            prop_assert_eq!(&got.op, &want.op);
            prop_assert_eq!(&got.hash, &want.hash);
        }
        let mut want_blobs: Vec<Vec<u8>> = Vec::new();
        let mut seen = BTreeSet::new();
        for p in &photos {
            if seen.insert(*blake3::hash(p).as_bytes()) {
                want_blobs.push(p.clone());
            }
        }
        prop_assert_eq!(sink.1, want_blobs);
    }
}

/// The random histories are worth testing on: a fair share of them merge into forks,
/// held ops, conflicts, gaps, resolutions and pending evidence.
#[test]
fn generator_covers_forks_holds_conflicts_and_gaps() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut forks, mut held, mut conflicts, mut gaps, mut res, mut pend) = (0, 0, 0, 0, 0, 0);
    for _ in 0..1000 {
        let sc = scenario().new_tree(&mut runner).expect("tree").current();
        let cs = chains(&sc, &[0; DEVICES]);
        let bs = bundles(&sc, &cs);
        let m = merged(&bs.iter().collect::<Vec<_>>());
        forks += usize::from(!m.forks.is_empty());
        held += usize::from(!m.held.is_empty());
        conflicts += usize::from(m.assess.values().any(|s| !s.conflicts().is_empty()));
        gaps += usize::from(
            m.runs
                .values()
                .any(|r| !tilik::core::merge::gaps_of(r).is_empty()),
        );
        res += usize::from(m.assess.values().any(|s| {
            s.slots
                .values()
                .any(|sl| sl.heads.iter().any(|h| h.resolution.is_some()))
        }));
        pend += usize::from(!m.pending.is_empty());
    }
    eprintln!(
        "of 1000 histories: forks {forks}, held {held}, conflicts {conflicts}, gaps {gaps}, \
         resolutions {res}, pending evidence {pend}"
    );
    for (what, n) in [
        ("forks", forks),
        ("held", held),
        ("conflicts", conflicts),
        ("gaps", gaps),
        ("resolutions", res),
        ("pending", pend),
    ] {
        assert!(n >= 50, "only {n} of 1000 histories have {what}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// The sled store merges exactly like the reference model: same digest, same
    /// projection as a rebuild, whatever the import order (P1/P2/P7 on the real store).
    #[test]
    fn sled_store_matches_the_reference_model(sc in scenario()) {
        let cs = chains(&sc, &[0; DEVICES]);
        let bs = bundles(&sc, &cs);
        let model = merged(&bs.iter().collect::<Vec<_>>());
        let node = Node::new("Sari", tilik::identity::Role::Supervisor);
        let ks = keys();
        node.trust_key(&ks[0], tilik::identity::Role::Supervisor);
        for k in &ks[1..] {
            node.ws.trust_add(&k.device, "Penilai", tilik::identity::Role::Assessor, None).expect("trust");
        }
        for b in bs.iter().rev() {
            let o = node.import_bytes(b);
            prop_assert!(
                o.verdict.ok() || o.reason == Reason::Fork,
                "{}: {}", o.reason.as_str(), msg(&o)
            );
        }
        prop_assert_eq!(node.digest(), model.digest().expect("digest"));
        node.assert_rebuild_equal();
    }
}
