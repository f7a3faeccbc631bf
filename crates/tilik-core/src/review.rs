//! The review loop as a projection: supervisors' decisions (`SetReview`), comments
//! (`ReviewComment`), assessors' replies (`ReviewReply`) and acknowledgements
//! (`Resubmit`, written automatically with an assessor's change after a decision), and the
//! review state derived from them.
//!
//! Causality, never clocks: every one of these ops carries `seen`, the newest op per
//! device of the assessment its writer knew (a version vector). "X saw Y" holds when X is a
//! later op of Y's device, or X's `seen` names Y's device at Y's sequence number or later
//! (a store holds a device's ops gap-free, so knowing op n means knowing every earlier
//! one). Clocks order the thread for display only, ties broken by device and sequence.
//!
//! The state, from the current decision (a decision no other decision saw; among several,
//! the newest by clock, then device):
//! - none: no decision yet (shown as received);
//! - received: stays received whatever the assessor does;
//! - needs revision / rejected: becomes resubmitted once an assessor's `Resubmit` saw it;
//! - approved: drops to resubmitted when any device changed the assessment beyond what the
//!   approval saw (its `seen`), so an approval covers exactly what the supervisor saw.
//!
//! Every list is kept sorted and deduplicated by op, so folding the same ops in any order
//! gives the same book.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::op::{DeviceId, Op, OpRef, ReviewState};

/// The review state of an assessment, derived (never stored).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Received,
    NeedsRevision,
    Resubmitted,
    Approved,
    Rejected,
}

impl ReviewStatus {
    /// Every state, in the order of the docs.
    pub const ALL: [ReviewStatus; 5] = [
        ReviewStatus::Received,
        ReviewStatus::NeedsRevision,
        ReviewStatus::Resubmitted,
        ReviewStatus::Approved,
        ReviewStatus::Rejected,
    ];

    /// Stable name (`--json`, `--review`): `received`, `needs_revision`, …
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ReviewStatus::Received => "received",
            ReviewStatus::NeedsRevision => "needs_revision",
            ReviewStatus::Resubmitted => "resubmitted",
            ReviewStatus::Approved => "approved",
            ReviewStatus::Rejected => "rejected",
        }
    }

    /// Parse a stable name; `-` and `_` are the same.
    #[must_use]
    pub fn parse(s: &str) -> Option<ReviewStatus> {
        let s = s.trim().to_lowercase().replace('-', "_");
        ReviewStatus::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

/// One supervisor decision (`SetReview`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub op: OpRef,
    pub state: ReviewState,
    pub comment: String,
    /// The reason given for approving past the guard (draft, conflicts, held ops).
    #[serde(default)]
    pub forced: Option<String>,
    pub seen: Vec<OpRef>,
    pub hlc: u64,
    pub wall_ms: i64,
}

/// Who wrote a thread message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    /// A supervisor's comment (`ReviewComment`).
    Comment,
    /// An assessor's reply (`ReviewReply`).
    Reply,
}

/// One message of a thread (per assessment: `indicator` `None`; or per indicator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub op: OpRef,
    pub kind: MessageKind,
    pub indicator: Option<String>,
    pub text: String,
    pub seen: Vec<OpRef>,
    pub hlc: u64,
    pub wall_ms: i64,
}

/// An assessor's acknowledgement (`Resubmit`): a change made after seeing `seen`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ack {
    pub op: OpRef,
    pub seen: Vec<OpRef>,
    pub hlc: u64,
    pub wall_ms: i64,
}

/// Every review op of one assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewBook {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisions: Vec<Decision>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<Message>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acks: Vec<Ack>,
}

/// Whether the op `writer` with version vector `seen` saw `target`.
#[must_use]
pub fn saw(writer: &OpRef, seen: &[OpRef], target: &OpRef) -> bool {
    if writer.device == target.device {
        return writer.seq > target.seq;
    }
    seen.iter()
        .any(|r| r.device == target.device && r.seq >= target.seq)
}

/// A version vector as a list (sorted by device), leaving out `me`.
#[must_use]
pub fn seen_list(clock: &BTreeMap<DeviceId, u64>, me: &str) -> Vec<OpRef> {
    clock
        .iter()
        .filter(|(d, _)| d.as_str() != me)
        .map(|(d, s)| OpRef {
            device: d.clone(),
            seq: *s,
        })
        .collect()
}

fn insert_sorted<T>(
    list: &mut Vec<T>,
    op: &OpRef,
    key: impl Fn(&T) -> &OpRef,
    make: impl FnOnce() -> T,
) {
    if let Err(at) = list.binary_search_by(|e| key(e).cmp(op)) {
        list.insert(at, make());
    }
}

fn sorted(seen: &[OpRef]) -> Vec<OpRef> {
    let mut v = seen.to_vec();
    v.sort();
    v.dedup();
    v
}

impl ReviewBook {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.decisions.is_empty() && self.messages.is_empty() && self.acks.is_empty()
    }

    /// Fold a `SetReview` op.
    pub fn decide(
        &mut self,
        op: &Op,
        state: ReviewState,
        comment: &str,
        forced: Option<&str>,
        seen: &[OpRef],
    ) {
        let me = op.op_ref();
        insert_sorted(
            &mut self.decisions,
            &me,
            |d| &d.op,
            || Decision {
                op: me.clone(),
                state,
                comment: comment.to_string(),
                forced: forced.map(str::to_string),
                seen: sorted(seen),
                hlc: op.hlc,
                wall_ms: op.wall_ms,
            },
        );
    }

    /// Fold a `ReviewComment` or `ReviewReply` op.
    pub fn message(
        &mut self,
        op: &Op,
        kind: MessageKind,
        indicator: Option<&str>,
        text: &str,
        seen: &[OpRef],
    ) {
        let me = op.op_ref();
        insert_sorted(
            &mut self.messages,
            &me,
            |m| &m.op,
            || Message {
                op: me.clone(),
                kind,
                indicator: indicator.map(str::to_string),
                text: text.to_string(),
                seen: sorted(seen),
                hlc: op.hlc,
                wall_ms: op.wall_ms,
            },
        );
    }

    /// Fold a `Resubmit` op.
    pub fn ack(&mut self, op: &Op, seen: &[OpRef]) {
        let me = op.op_ref();
        insert_sorted(
            &mut self.acks,
            &me,
            |a| &a.op,
            || Ack {
                op: me.clone(),
                seen: sorted(seen),
                hlc: op.hlc,
                wall_ms: op.wall_ms,
            },
        );
    }

    /// The current decision: one no other decision saw; among several, the newest by
    /// clock, then device (deterministic on every store).
    #[must_use]
    pub fn current(&self) -> Option<&Decision> {
        self.decisions
            .iter()
            .filter(|d| {
                !self
                    .decisions
                    .iter()
                    .any(|o| o.op != d.op && saw(&o.op, &o.seen, &d.op))
            })
            .max_by(|a, b| (a.hlc, &a.op).cmp(&(b.hlc, &b.op)))
    }

    /// Every decision in display order (clock, then op).
    #[must_use]
    pub fn history(&self) -> Vec<&Decision> {
        let mut v: Vec<&Decision> = self.decisions.iter().collect();
        v.sort_by(|a, b| (a.hlc, &a.op).cmp(&(b.hlc, &b.op)));
        v
    }

    fn acked(&self, target: &OpRef) -> bool {
        self.acks.iter().any(|a| saw(&a.op, &a.seen, target))
    }

    /// The derived state. `changes` is, per device, the sequence number of its newest
    /// change to the assessment's content (answers, notes, evidence, respondents, status).
    #[must_use]
    pub fn status(&self, changes: &BTreeMap<DeviceId, u64>) -> Option<ReviewStatus> {
        let d = self.current()?;
        Some(match d.state {
            ReviewState::Received => ReviewStatus::Received,
            ReviewState::NeedsRevision | ReviewState::Rejected => {
                if self.acked(&d.op) {
                    ReviewStatus::Resubmitted
                } else if d.state == ReviewState::Rejected {
                    ReviewStatus::Rejected
                } else {
                    ReviewStatus::NeedsRevision
                }
            }
            ReviewState::Approved => {
                let changed = changes.iter().any(|(dev, seq)| {
                    !saw(
                        &d.op,
                        &d.seen,
                        &OpRef {
                            device: dev.clone(),
                            seq: *seq,
                        },
                    )
                });
                if changed {
                    ReviewStatus::Resubmitted
                } else {
                    ReviewStatus::Approved
                }
            }
        })
    }

    /// The thread of one indicator (`Some`) or of the assessment (`None`), in display
    /// order. A decision with a comment is part of the assessment's thread (`decisions`).
    #[must_use]
    pub fn thread(&self, indicator: Option<&str>) -> Vec<&Message> {
        let mut v: Vec<&Message> = self
            .messages
            .iter()
            .filter(|m| m.indicator.as_deref() == indicator)
            .collect();
        v.sort_by(|a, b| (a.hlc, &a.op).cmp(&(b.hlc, &b.op)));
        v
    }

    /// Indicators with at least one message, sorted.
    #[must_use]
    pub fn commented_indicators(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self
            .messages
            .iter()
            .filter_map(|m| m.indicator.as_deref())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Supervisor comments (and decision comments of "needs revision" or "rejected") that
    /// no assessor's reply or resubmission saw yet.
    #[must_use]
    pub fn open_comments(&self) -> usize {
        let answered = |target: &OpRef| {
            self.acked(target)
                || self
                    .messages
                    .iter()
                    .any(|r| r.kind == MessageKind::Reply && saw(&r.op, &r.seen, target))
        };
        let comments = self
            .messages
            .iter()
            .filter(|m| m.kind == MessageKind::Comment && !answered(&m.op))
            .count();
        let decisions = self
            .current()
            .filter(|d| {
                matches!(d.state, ReviewState::NeedsRevision | ReviewState::Rejected)
                    && !d.comment.trim().is_empty()
                    && !answered(&d.op)
            })
            .map_or(0, |_| 1);
        comments + decisions
    }

    /// Supervisor comments, for "3 komentar supervisor".
    #[must_use]
    pub fn supervisor_comments(&self) -> usize {
        self.messages
            .iter()
            .filter(|m| m.kind == MessageKind::Comment)
            .count()
    }

    /// Whether an assessor's change now must carry an acknowledgement: some decision
    /// (other than "received") or comment that no `Resubmit` saw yet.
    #[must_use]
    pub fn needs_ack(&self) -> bool {
        self.decisions
            .iter()
            .filter(|d| d.state != ReviewState::Received)
            .map(|d| &d.op)
            .chain(
                self.messages
                    .iter()
                    .filter(|m| m.kind == MessageKind::Comment)
                    .map(|m| &m.op),
            )
            .any(|r| !self.acked(r))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op::{OP_VERSION, OpBody};

    fn op(dev: &str, seq: u64, hlc: u64) -> Op {
        Op {
            v: OP_VERSION,
            device: dev.into(),
            seq,
            prev: None,
            hlc,
            wall_ms: 0,
            undo_of: None,
            body: OpBody::SetStatus {
                assessment: "a".into(),
                status: crate::op::Status::Final,
            },
        }
    }

    fn r(dev: &str, seq: u64) -> OpRef {
        OpRef {
            device: dev.into(),
            seq,
        }
    }

    fn changes(v: &[(&str, u64)]) -> BTreeMap<DeviceId, u64> {
        v.iter().map(|(d, s)| ((*d).to_string(), *s)).collect()
    }

    #[test]
    fn needs_revision_becomes_resubmitted_only_by_an_ack_that_saw_it() {
        let mut b = ReviewBook::default();
        b.decide(
            &op("S", 1, 10),
            ReviewState::NeedsRevision,
            "foto",
            None,
            &[r("A", 3)],
        );
        assert_eq!(
            b.status(&changes(&[("A", 5)])),
            Some(ReviewStatus::NeedsRevision)
        );
        // An ack written without having seen the decision (concurrent) does not count.
        b.ack(&op("A", 4, 20), &[]);
        assert_eq!(
            b.status(&changes(&[("A", 5)])),
            Some(ReviewStatus::NeedsRevision)
        );
        assert!(b.needs_ack());
        b.ack(&op("A", 6, 5), &[r("S", 1)]);
        assert_eq!(
            b.status(&changes(&[("A", 6)])),
            Some(ReviewStatus::Resubmitted)
        );
        assert!(!b.needs_ack());
    }

    #[test]
    fn approval_drops_to_resubmitted_when_content_changes_beyond_what_it_saw() {
        let mut b = ReviewBook::default();
        b.decide(
            &op("S", 2, 10),
            ReviewState::Approved,
            "",
            None,
            &[r("A", 7)],
        );
        assert_eq!(
            b.status(&changes(&[("A", 7)])),
            Some(ReviewStatus::Approved)
        );
        assert_eq!(
            b.status(&changes(&[("A", 8)])),
            Some(ReviewStatus::Resubmitted)
        );
        // The supervisor's own later change is seen by nobody's approval but its own device.
        assert_eq!(
            b.status(&changes(&[("A", 7), ("S", 1)])),
            Some(ReviewStatus::Approved)
        );
    }

    #[test]
    fn a_later_decision_that_saw_the_earlier_one_is_current_whatever_the_clock() {
        let mut b = ReviewBook::default();
        b.decide(&op("S", 1, 100), ReviewState::Approved, "", None, &[]);
        b.decide(
            &op("T", 1, 50),
            ReviewState::Rejected,
            "duplikat",
            None,
            &[r("S", 1)],
        );
        assert_eq!(b.current().map(|d| d.state), Some(ReviewState::Rejected));
        assert_eq!(b.status(&BTreeMap::new()), Some(ReviewStatus::Rejected));
        assert_eq!(b.open_comments(), 1);
    }

    #[test]
    fn comments_are_open_until_a_reply_or_resubmission_saw_them() {
        let mut b = ReviewBook::default();
        b.message(
            &op("S", 1, 10),
            MessageKind::Comment,
            Some("P.1"),
            "cek",
            &[],
        );
        b.message(
            &op("S", 2, 11),
            MessageKind::Comment,
            Some("P.2"),
            "foto?",
            &[],
        );
        assert_eq!(b.open_comments(), 2);
        b.message(
            &op("A", 9, 12),
            MessageKind::Reply,
            Some("P.1"),
            "sudah",
            &[r("S", 1)],
        );
        assert_eq!(b.open_comments(), 1);
        assert_eq!(b.thread(Some("P.1")).len(), 2);
        assert_eq!(b.commented_indicators(), vec!["P.1", "P.2"]);
        b.ack(&op("A", 10, 13), &[r("S", 2)]);
        assert_eq!(b.open_comments(), 0);
    }

    #[test]
    fn folding_in_any_order_gives_the_same_book() {
        let ops = [op("S", 1, 10), op("A", 2, 11), op("S", 3, 12)];
        let fold = |order: &[usize]| {
            let mut b = ReviewBook::default();
            for &i in order {
                let o = &ops[i];
                match i {
                    0 => b.decide(o, ReviewState::NeedsRevision, "x", None, &[]),
                    1 => b.ack(o, &[r("S", 1)]),
                    _ => b.message(o, MessageKind::Comment, None, "y", &[r("A", 2)]),
                }
                // Idempotent: folding twice changes nothing.
                let again = b.clone();
                match i {
                    0 => b.decide(o, ReviewState::NeedsRevision, "x", None, &[]),
                    1 => b.ack(o, &[r("S", 1)]),
                    _ => b.message(o, MessageKind::Comment, None, "y", &[r("A", 2)]),
                }
                assert_eq!(again, b);
            }
            b
        };
        assert_eq!(fold(&[0, 1, 2]), fold(&[2, 1, 0]));
        assert_eq!(fold(&[1, 0, 2]), fold(&[0, 2, 1]));
    }

    #[test]
    fn states_parse_from_their_stable_names() {
        for s in ReviewStatus::ALL {
            assert_eq!(ReviewStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(
            ReviewStatus::parse("needs-revision"),
            Some(ReviewStatus::NeedsRevision)
        );
        assert_eq!(ReviewStatus::parse("maybe"), None);
    }
}
