//! Property (issue 14): review states, comments and replies merge by the existing rules —
//! whatever order a store receives the ops in, it derives the same review state, the same
//! threads in the same order, the same open comments, and the same state digest.
//!
//! A history is simulated on four devices (two supervisors, two assessors) that each know
//! only what they wrote or imported: supervisors decide (with the version vector they
//! know, as the workspace writes it) and comment, assessors answer (with the automatic
//! `Resubmit` when their store has an unacknowledged decision or comment, as the workspace
//! does) and reply, and devices import each other's ops at random. Every op is then folded
//! into a fresh state in several random orders.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use tilik::core::assessment::AssessmentState;
use tilik::core::instrument::InstrumentRef;
use tilik::core::merge::state_digest;
use tilik::core::op::{AnswerValue, OP_VERSION, Op, OpBody, OpRef, ReviewState};
use tilik::core::review::seen_list;

const A: &str = "assessment";
const DEVICES: [&str; 4] = ["s1", "s2", "a1", "a2"];

fn iref() -> InstrumentRef {
    InstrumentRef {
        id: "opini-2024".into(),
        version: "1".into(),
        hash: "h".into(),
    }
}

/// One device: its own sequence and clock, and the ops it knows.
#[derive(Default)]
struct Device {
    seq: u64,
    hlc: u64,
    known: BTreeMap<OpRef, Op>,
}

impl Device {
    fn state(&self) -> AssessmentState {
        let mut st = AssessmentState::new(A);
        for op in self.known.values() {
            st.apply(op);
        }
        st
    }

    fn write(&mut self, name: &str, body: OpBody, hlc: u64) -> Op {
        self.seq += 1;
        self.hlc = self.hlc.max(hlc) + 1;
        let op = Op {
            v: OP_VERSION,
            device: name.to_string(),
            seq: self.seq,
            prev: None,
            hlc: self.hlc,
            wall_ms: i64::try_from(self.hlc).unwrap_or(0),
            undo_of: None,
            body,
        };
        self.known.insert(op.op_ref(), op.clone());
        op
    }
}

/// Simulate `steps` (device, action, parameter, clock skew); every op written.
fn simulate(steps: &[(usize, u8, u8, u8)]) -> Vec<Op> {
    let mut devs: Vec<Device> = (0..DEVICES.len()).map(|_| Device::default()).collect();
    // Both assessors start the assessment.
    for d in 2..4 {
        let name = DEVICES[d];
        devs[d].write(
            name,
            OpBody::CreateAssessment {
                assessment: A.into(),
                round: 2024,
                pemda: "61.71".into(),
                pemda_name: "Kota Pontianak".into(),
                lokus: "dpmptsp".into(),
                lokus_name: None,
                family: "opini".into(),
                instrument: iref(),
            },
            0,
        );
    }
    for &(d, action, p, skew) in steps {
        let name = DEVICES[d];
        let hlc = u64::from(skew) * 3;
        let st = devs[d].state();
        let seen = seen_list(&st.clock, name);
        let supervisor = d < 2;
        match (action % 4, supervisor) {
            // Import everything another device knows.
            (0, _) => {
                let from = usize::from(p) % DEVICES.len();
                let ops: Vec<Op> = devs[from].known.values().cloned().collect();
                for op in ops {
                    devs[d].known.entry(op.op_ref()).or_insert(op);
                }
            }
            (1, true) => {
                let state = [
                    ReviewState::Received,
                    ReviewState::NeedsRevision,
                    ReviewState::Approved,
                    ReviewState::Rejected,
                ][usize::from(p) % 4];
                devs[d].write(
                    name,
                    OpBody::SetReview {
                        assessment: A.into(),
                        state,
                        comment: format!("keputusan {p}"),
                        seen,
                        forced: (p % 3 == 0).then(|| "alasan".to_string()),
                    },
                    hlc,
                );
            }
            (_, true) => {
                devs[d].write(
                    name,
                    OpBody::ReviewComment {
                        assessment: A.into(),
                        indicator: (p % 3 != 0).then(|| format!("P.{}", p % 3)),
                        text: format!("komentar {p}\nbaris dua"),
                        seen,
                    },
                    hlc,
                );
            }
            (1 | 2, false) => {
                // A change: preceded by the acknowledgement when one is due.
                if st.review.needs_ack() {
                    devs[d].write(
                        name,
                        OpBody::Resubmit {
                            assessment: A.into(),
                            seen,
                        },
                        hlc,
                    );
                }
                let ind = format!("P.{}", p % 3);
                let sup = st
                    .slots
                    .get(&ind)
                    .map(tilik::core::assessment::Slot::head_refs)
                    .unwrap_or_default();
                devs[d].write(
                    name,
                    OpBody::SetAnswer {
                        assessment: A.into(),
                        indicator: ind,
                        value: AnswerValue::Score(p % 4),
                        old: None,
                        supersedes: sup,
                        instrument: iref(),
                    },
                    hlc,
                );
            }
            (_, false) => {
                devs[d].write(
                    name,
                    OpBody::ReviewReply {
                        assessment: A.into(),
                        indicator: (p % 3 != 0).then(|| format!("P.{}", p % 3)),
                        text: format!("balasan {p}"),
                        seen,
                    },
                    hlc,
                );
            }
        }
    }
    let mut all: BTreeMap<OpRef, Op> = BTreeMap::new();
    for d in devs {
        all.extend(d.known);
    }
    all.into_values().collect()
}

/// One thread as observed: its indicator and its (op, text) messages in order.
type Thread<'a> = (Option<&'a str>, Vec<(&'a OpRef, &'a str)>);

/// Everything the review shows: state, threads with their order, open comments, history.
fn observed(st: &AssessmentState) -> String {
    let b = &st.review;
    let mut keys: Vec<Option<&str>> = vec![None];
    keys.extend(b.commented_indicators().into_iter().map(Some));
    let threads: Vec<Thread<'_>> = keys
        .into_iter()
        .map(|k| {
            (
                k,
                b.thread(k)
                    .into_iter()
                    .map(|m| (&m.op, m.text.as_str()))
                    .collect(),
            )
        })
        .collect();
    let history: Vec<&OpRef> = b.history().into_iter().map(|d| &d.op).collect();
    format!(
        "{:?}|{:?}|{}|{}|{:?}|{:?}",
        st.review_status(),
        b.current().map(|d| &d.op),
        b.open_comments(),
        b.needs_ack(),
        threads,
        history
    )
}

fn fold(ops: &[&Op]) -> AssessmentState {
    let mut st = AssessmentState::new(A);
    for op in ops {
        st.apply(op);
    }
    st
}

fn digest(st: &AssessmentState) -> String {
    state_digest(
        [st],
        &BTreeMap::new(),
        &BTreeMap::new(),
        &BTreeMap::new(),
        &BTreeSet::new(),
    )
    .expect("digest")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn any_import_order_gives_the_same_thread_and_state(
        steps in prop::collection::vec((0usize..4, any::<u8>(), any::<u8>(), 0u8..20), 1..40),
        orders in prop::collection::vec(prop::collection::vec(any::<u64>(), 200), 3),
    ) {
        let ops = simulate(&steps);
        let forward: Vec<&Op> = ops.iter().collect();
        let base = fold(&forward);
        let want = observed(&base);
        let want_digest = digest(&base);
        // Reversed, and shuffled by random keys.
        let mut reversed = forward.clone();
        reversed.reverse();
        let mut candidates = vec![reversed];
        for keys in &orders {
            let mut v: Vec<(u64, &Op)> =
                forward.iter().enumerate().map(|(i, o)| (keys[i % keys.len()] ^ i as u64, *o)).collect();
            v.sort_by_key(|(k, _)| *k);
            candidates.push(v.into_iter().map(|(_, o)| o).collect());
        }
        for order in candidates {
            let mut twice = order.clone();
            // Duplicates (a bundle imported twice) change nothing either.
            twice.extend(order.iter().take(3));
            let st = fold(&twice);
            prop_assert_eq!(observed(&st), want.clone());
            prop_assert_eq!(&st.review, &base.review);
            prop_assert_eq!(digest(&st), want_digest.clone());
        }
    }
}

#[test]
fn a_resubmission_made_without_seeing_the_decision_does_not_count() {
    // a1 answers and acknowledges a comment; concurrently s1 marks needs revision.
    let steps = [
        (0, 0, 2, 0), // s1 imports a1
        (0, 2, 1, 1), // s1 comments
        (2, 0, 0, 2), // a1 imports s1 (the comment)
        (0, 1, 1, 3), // s1: needs revision (a1 has not seen it)
        (2, 1, 1, 9), // a1 changes, acknowledging the comment only, with a later clock
    ];
    let ops = simulate(&steps);
    let st = fold(&ops.iter().collect::<Vec<_>>());
    assert_eq!(
        st.review_status(),
        Some(tilik::core::review::ReviewStatus::NeedsRevision),
        "{:?}",
        st.review
    );
}
