//! An assessment as a projection of ops: deterministic ids, and the per-slot state
//! (multi-value register for the answer, per-author notes and flags, an observed-remove
//! set of evidence) that any order of the same ops folds to.
//!
//! Every field is merged by a commutative, idempotent rule (set union, max by sequence
//! number within one device, set difference of removed ops), so folding ops one by one in
//! any order gives the state a full rebuild gives.
//!
//! Heads of an answer slot: a value op is a head unless (a) a known op of another device
//! names it in `supersedes`, or (b) a known value op of the *same* device on the same slot
//! has a higher sequence number (a device always saw its own earlier answer). Both are
//! functions of the set of known ops, so the heads do not depend on arrival order.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::codec::base32;
use super::instrument::InstrumentRef;
use super::op::{AnswerValue, BlobRef, DeviceId, Op, OpBody, OpRef, ReviewState, Status};
use super::review::{MessageKind, ReviewBook, ReviewStatus};
use super::survey::RespondentBook;

/// The fields that identify an office assessment on any device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessmentKey {
    pub round: u16,
    pub pemda: String,
    pub lokus: String,
    pub lokus_name: Option<String>,
    pub family: String,
}

impl AssessmentKey {
    /// Deterministic id: two assessors who start the same office offline get the same id.
    #[must_use]
    pub fn id(&self) -> String {
        let name = self
            .lokus_name
            .as_deref()
            .map(normalize_name)
            .unwrap_or_default();
        let text = format!(
            "tilik-assessment-v1\n{}\n{}\n{}\n{}\n{}",
            self.round,
            self.pemda.trim(),
            self.lokus.trim().to_lowercase(),
            name,
            self.family.trim().to_lowercase()
        );
        let h = blake3::hash(text.as_bytes());
        base32(&h.as_bytes()[..10])
    }
}

/// Lower-case, single-spaced name, so "Puskesmas  Alianyang" = "puskesmas alianyang".
#[must_use]
pub fn normalize_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One candidate value of a slot (a head of its register).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub op: OpRef,
    pub value: AnswerValue,
    pub hlc: u64,
    pub wall_ms: i64,
    /// Set when the op is a supervisor resolution.
    #[serde(default)]
    pub resolution: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteEntry {
    pub seq: u64,
    pub text: String,
    pub hlc: u64,
    pub wall_ms: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagEntry {
    pub seq: u64,
    pub flagged: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceEntry {
    pub op: OpRef,
    pub blob: BlobRef,
    pub wall_ms: i64,
}

/// State of one indicator of one assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Slot {
    /// Value ops no known op supersedes. One head = a value; several different = conflict.
    pub heads: Vec<Candidate>,
    /// Ops of *other* devices named in a `supersedes` list by a known op of this slot.
    pub superseded: BTreeSet<OpRef>,
    /// Highest sequence number of a known value op on this slot, per device. A device
    /// always saw its own earlier answer, so its later op on the slot supersedes it; this
    /// keeps `superseded` small (cross-device references only).
    #[serde(default)]
    pub latest: BTreeMap<DeviceId, u64>,
    /// Latest note per author.
    pub notes: BTreeMap<DeviceId, NoteEntry>,
    /// Latest flag per author.
    pub flags: BTreeMap<DeviceId, FlagEntry>,
    /// Attach ops, sorted by op (a list: JSON map keys must be strings).
    pub attached: Vec<EvidenceEntry>,
    /// Attach ops removed by a detach.
    pub detached: BTreeSet<OpRef>,
}

impl Slot {
    /// The displayed value: the head with the highest (order clock, device) —
    /// deterministic on every node; a head whose clock is not trusted
    /// ([`order_clock`](crate::op::order_clock)) never wins over one whose clock is.
    /// `Cleared` shows as no answer.
    #[must_use]
    pub fn value(&self) -> Option<AnswerValue> {
        self.display_head()
            .map(|c| c.value)
            .filter(|v| *v != AnswerValue::Cleared)
    }

    #[must_use]
    pub fn display_head(&self) -> Option<&Candidate> {
        self.heads.iter().max_by(|a, b| {
            (crate::op::order_clock(a.hlc, a.wall_ms), &a.op.device)
                .cmp(&(crate::op::order_clock(b.hlc, b.wall_ms), &b.op.device))
        })
    }

    /// Several heads with different values.
    #[must_use]
    pub fn in_conflict(&self) -> bool {
        self.heads.iter().any(|h| h.value != self.heads[0].value)
    }

    #[must_use]
    pub fn flagged(&self) -> bool {
        self.flags.values().any(|f| f.flagged)
    }

    /// Current evidence (attached and not detached), in attach order.
    #[must_use]
    pub fn evidence(&self) -> Vec<&EvidenceEntry> {
        let mut v: Vec<&EvidenceEntry> = self
            .attached
            .iter()
            .filter(|e| !self.detached.contains(&e.op))
            .collect();
        v.sort_by_key(|e| e.wall_ms);
        v
    }

    /// Current heads the next writer must supersede.
    #[must_use]
    pub fn head_refs(&self) -> Vec<OpRef> {
        self.heads.iter().map(|h| h.op.clone()).collect()
    }

    fn is_empty(&self) -> bool {
        self.heads.is_empty()
            && self.notes.is_empty()
            && self.flags.is_empty()
            && self.attached.is_empty()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusEntry {
    pub seq: u64,
    pub status: Status,
    pub hlc: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewEntry {
    pub seq: u64,
    pub state: ReviewState,
    pub comment: String,
    pub hlc: u64,
    pub wall_ms: i64,
}

/// Metadata from the creating op(s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub round: u16,
    pub pemda: String,
    pub pemda_name: String,
    pub lokus: String,
    pub lokus_name: Option<String>,
    pub family: String,
    pub instrument: InstrumentRef,
    pub created_by: OpRef,
    pub created_hlc: u64,
}

/// The projection of all ops of one assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentState {
    pub id: String,
    /// `None` until a create op is known (answers can arrive before it).
    pub header: Option<Header>,
    pub slots: BTreeMap<String, Slot>,
    pub status: BTreeMap<DeviceId, StatusEntry>,
    pub reviews: BTreeMap<DeviceId, ReviewEntry>,
    /// Highest sequence number of an answer-like op per device (for "edited after final").
    pub last_edit_seq: BTreeMap<DeviceId, u64>,
    /// Devices that wrote anything here.
    pub devices: BTreeSet<DeviceId>,
    /// Other instrument versions seen on answers ("mixed instrument versions").
    pub instruments_seen: BTreeSet<InstrumentRef>,
    pub last_change_ms: i64,
    pub op_count: u64,
    /// Newest sequence number per device of any op on this assessment (a version
    /// vector: what a review op says it saw, `review.rs`).
    #[serde(default)]
    pub clock: BTreeMap<DeviceId, u64>,
    /// Decisions, comments, replies and resubmissions (`review::ReviewBook`).
    #[serde(default, skip_serializing_if = "ReviewBook::is_empty")]
    pub review: ReviewBook,
    /// Respondents, responses, visits and overrides (`survey::RespondentBook`).
    #[serde(default, skip_serializing_if = "RespondentBook::is_empty")]
    pub survey: RespondentBook,
    /// Levels of derived indicators, computed from the respondents under the survey file
    /// (`SurveySet::derived_answers`) by whoever loads the state; never stored. `answers`
    /// puts them over the typed answers.
    #[serde(skip)]
    pub derived: BTreeMap<String, AnswerValue>,
}

impl AssessmentState {
    #[must_use]
    pub fn new(id: &str) -> Self {
        AssessmentState {
            id: id.to_string(),
            ..Default::default()
        }
    }

    /// Fold one op in. Idempotent and order-independent (see module docs).
    pub fn apply(&mut self, op: &Op) {
        if op.body.assessment() != self.id {
            return;
        }
        self.devices.insert(op.device.clone());
        self.last_change_ms = self.last_change_ms.max(op.wall_ms);
        self.op_count += 1;
        let c = self.clock.entry(op.device.clone()).or_insert(0);
        *c = (*c).max(op.seq);
        let me = op.op_ref();
        match &op.body {
            OpBody::CreateAssessment {
                round,
                pemda,
                pemda_name,
                lokus,
                lokus_name,
                family,
                instrument,
                ..
            } => {
                let h = Header {
                    round: *round,
                    pemda: pemda.clone(),
                    pemda_name: pemda_name.clone(),
                    lokus: lokus.clone(),
                    lokus_name: lokus_name.clone(),
                    family: family.clone(),
                    instrument: instrument.clone(),
                    created_by: me,
                    created_hlc: op.hlc,
                };
                // The earliest creator (hlc, then op ref) names the record everywhere.
                let replace = self.header.as_ref().is_none_or(|old| {
                    (h.created_hlc, &h.created_by) < (old.created_hlc, &old.created_by)
                });
                if replace {
                    self.header = Some(h);
                }
                self.instruments_seen.insert(instrument.clone());
            }
            OpBody::SetAnswer {
                indicator,
                value,
                supersedes,
                instrument,
                ..
            } => {
                self.instruments_seen.insert(instrument.clone());
                self.bump_edit(op);
                let slot = self.slots.entry(indicator.clone()).or_default();
                add_head(slot, op, *value, supersedes, None);
            }
            OpBody::Resolve {
                indicator,
                value,
                supersedes,
                reason,
                instrument,
                ..
            } => {
                self.instruments_seen.insert(instrument.clone());
                let slot = self.slots.entry(indicator.clone()).or_default();
                add_head(slot, op, *value, supersedes, Some(reason.clone()));
            }
            OpBody::SetNote {
                indicator, text, ..
            } => {
                self.bump_edit(op);
                let slot = self.slots.entry(indicator.clone()).or_default();
                keep_latest(
                    &mut slot.notes,
                    op,
                    |n| n.seq,
                    || NoteEntry {
                        seq: op.seq,
                        text: text.clone(),
                        hlc: op.hlc,
                        wall_ms: op.wall_ms,
                    },
                );
            }
            OpBody::AttachEvidence {
                indicator, blob, ..
            } => {
                self.bump_edit(op);
                let slot = self.slots.entry(indicator.clone()).or_default();
                if let Err(at) = slot.attached.binary_search_by(|e| e.op.cmp(&me)) {
                    slot.attached.insert(
                        at,
                        EvidenceEntry {
                            op: me,
                            blob: blob.clone(),
                            wall_ms: op.wall_ms,
                        },
                    );
                }
            }
            OpBody::DetachEvidence {
                indicator,
                attaches,
                ..
            } => {
                self.bump_edit(op);
                let slot = self.slots.entry(indicator.clone()).or_default();
                slot.detached.extend(attaches.iter().cloned());
            }
            OpBody::SetFlag {
                indicator,
                flagged,
                reason,
                ..
            } => {
                let slot = self.slots.entry(indicator.clone()).or_default();
                keep_latest(
                    &mut slot.flags,
                    op,
                    |f| f.seq,
                    || FlagEntry {
                        seq: op.seq,
                        flagged: *flagged,
                        reason: reason.clone(),
                    },
                );
            }
            OpBody::SetStatus { status, .. } => {
                keep_latest(
                    &mut self.status,
                    op,
                    |s| s.seq,
                    || StatusEntry {
                        seq: op.seq,
                        status: *status,
                        hlc: op.hlc,
                    },
                );
            }
            OpBody::SetReview {
                state,
                comment,
                seen,
                forced,
                ..
            } => {
                self.review
                    .decide(op, *state, comment, forced.as_deref(), seen);
                keep_latest(
                    &mut self.reviews,
                    op,
                    |r| r.seq,
                    || ReviewEntry {
                        seq: op.seq,
                        state: *state,
                        comment: comment.clone(),
                        hlc: op.hlc,
                        wall_ms: op.wall_ms,
                    },
                );
            }
            OpBody::ReviewComment {
                indicator,
                text,
                seen,
                ..
            } => {
                self.review
                    .message(op, MessageKind::Comment, indicator.as_deref(), text, seen);
            }
            OpBody::ReviewReply {
                indicator,
                text,
                seen,
                ..
            } => {
                self.review
                    .message(op, MessageKind::Reply, indicator.as_deref(), text, seen);
            }
            OpBody::Resubmit { seen, .. } => self.review.ack(op, seen),
            OpBody::AddRespondent(b) => {
                self.bump_edit(op);
                self.survey.add(op, b);
            }
            OpBody::SetResponse(b) => {
                self.bump_edit(op);
                self.survey.set(op, b);
            }
            OpBody::RemoveRespondent(b) => {
                self.bump_edit(op);
                self.survey.remove(op, b);
            }
            OpBody::AttachProof(b) => {
                self.bump_edit(op);
                self.survey.attach(op, b);
            }
            OpBody::SetVisit(b) => {
                self.bump_edit(op);
                self.survey.visit_set(op, b);
            }
            OpBody::OverrideDerived(b) => {
                self.bump_edit(op);
                self.survey.override_set(op, b);
            }
        }
        self.slots
            .retain(|_, s| !s.is_empty() || !s.superseded.is_empty());
    }

    fn bump_edit(&mut self, op: &Op) {
        let e = self.last_edit_seq.entry(op.device.clone()).or_insert(0);
        *e = (*e).max(op.seq);
    }

    /// Current answers (indicator → value), conflicts shown by their display value; a
    /// derived indicator's level (`derived`) replaces its typed answer.
    #[must_use]
    pub fn answers(&self) -> BTreeMap<String, AnswerValue> {
        let mut a: BTreeMap<String, AnswerValue> = self
            .slots
            .iter()
            .filter_map(|(k, s)| s.value().map(|v| (k.clone(), v)))
            .collect();
        for (k, v) in &self.derived {
            a.insert(k.clone(), *v);
        }
        a
    }

    /// Finalized by some author whose latest status is final.
    #[must_use]
    pub fn is_final(&self) -> bool {
        self.status.values().any(|s| s.status == Status::Final)
    }

    /// An author finalized and then changed answers, notes or evidence.
    #[must_use]
    pub fn edited_after_final(&self) -> bool {
        self.status.iter().any(|(dev, s)| {
            s.status == Status::Final && self.last_edit_seq.get(dev).is_some_and(|e| *e > s.seq)
        })
    }

    /// Indicators whose slot is in conflict.
    #[must_use]
    pub fn conflicts(&self) -> Vec<&str> {
        self.slots
            .iter()
            .filter(|(_, s)| s.in_conflict())
            .map(|(k, _)| k.as_str())
            .collect()
    }

    /// The newest review by any supervisor (by order clock: an untrusted clock never
    /// makes a review the newest; then by author, deterministic on every node).
    #[must_use]
    pub fn latest_review(&self) -> Option<&ReviewEntry> {
        self.reviews
            .iter()
            .max_by_key(|(who, r)| (crate::op::order_clock(r.hlc, r.wall_ms), *who))
            .map(|(_, r)| r)
    }

    /// Per device, the sequence number of its newest change to the content (answers,
    /// notes, evidence, respondents, status): what an approval must have seen.
    #[must_use]
    pub fn content_changes(&self) -> BTreeMap<DeviceId, u64> {
        let mut out = self.last_edit_seq.clone();
        for (dev, s) in &self.status {
            let e = out.entry(dev.clone()).or_insert(0);
            *e = (*e).max(s.seq);
        }
        out
    }

    /// The review state, derived causally (`review.rs`); `None` before any decision. A
    /// projection written before the review book existed has its decisions only in
    /// `reviews`: their newest state is shown until `tilik store rebuild`.
    #[must_use]
    pub fn review_status(&self) -> Option<ReviewStatus> {
        if self.review.decisions.is_empty() {
            return self.latest_review().map(|r| match r.state {
                ReviewState::Received => ReviewStatus::Received,
                ReviewState::NeedsRevision => ReviewStatus::NeedsRevision,
                ReviewState::Approved => ReviewStatus::Approved,
                ReviewState::Rejected => ReviewStatus::Rejected,
            });
        }
        self.review.status(&self.content_changes())
    }

    /// What a writer knows of this assessment, per device: the newest sequence number of
    /// any known op (`clock`), never less than what the older fields record (so a
    /// projection written before `clock` existed still gives a sound version vector).
    #[must_use]
    pub fn version_vector(&self) -> BTreeMap<DeviceId, u64> {
        let mut v = self.clock.clone();
        let seqs = self
            .content_changes()
            .into_iter()
            .chain(self.reviews.iter().map(|(d, r)| (d.clone(), r.seq)));
        for (d, s) in seqs {
            let e = v.entry(d).or_insert(0);
            *e = (*e).max(s);
        }
        v
    }

    /// Several devices wrote to this assessment (informational, "parallel edits").
    #[must_use]
    pub fn parallel_edits(&self) -> bool {
        self.devices.len() > 1
    }
}

/// Keep the entry `make` builds as the latest of `op`'s device unless one with a higher
/// or equal sequence number (`seq`) is kept already: max by sequence number within one
/// device, so the order ops arrive in does not matter.
fn keep_latest<E>(
    map: &mut BTreeMap<DeviceId, E>,
    op: &Op,
    seq: impl Fn(&E) -> u64,
    make: impl FnOnce() -> E,
) {
    if map.get(&op.device).is_none_or(|e| seq(e) < op.seq) {
        map.insert(op.device.clone(), make());
    }
}

fn add_head(
    slot: &mut Slot,
    op: &Op,
    value: AnswerValue,
    supersedes: &[OpRef],
    resolution: Option<String>,
) {
    let me = op.op_ref();
    slot.superseded
        .extend(supersedes.iter().filter(|r| r.device != op.device).cloned());
    let latest = slot.latest.entry(op.device.clone()).or_insert(0);
    let newer_known = *latest > op.seq;
    *latest = (*latest).max(op.seq);
    let superseded = &slot.superseded;
    slot.heads.retain(|h| {
        let older_own = h.op.device == op.device && h.op.seq < op.seq;
        !(superseded.contains(&h.op) || older_own)
    });
    if !newer_known && !slot.superseded.contains(&me) && !slot.heads.iter().any(|h| h.op == me) {
        slot.heads.push(Candidate {
            op: me,
            value,
            hlc: op.hlc,
            wall_ms: op.wall_ms,
            resolution,
        });
        slot.heads.sort_by(|a, b| a.op.cmp(&b.op));
    }
}

/// Fold a whole list of ops into per-assessment states.
#[must_use]
pub fn rebuild<'a>(ops: impl IntoIterator<Item = &'a Op>) -> BTreeMap<String, AssessmentState> {
    let mut out: BTreeMap<String, AssessmentState> = BTreeMap::new();
    for op in ops {
        let id = op.body.assessment().to_string();
        out.entry(id.clone())
            .or_insert_with(|| AssessmentState::new(&id))
            .apply(op);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op::OP_VERSION;

    fn iref() -> InstrumentRef {
        InstrumentRef {
            id: "i".into(),
            version: "1".into(),
            hash: "h".into(),
        }
    }

    fn set(dev: &str, seq: u64, hlc: u64, v: u8, sup: &[(&str, u64)]) -> Op {
        Op {
            v: OP_VERSION,
            device: dev.into(),
            seq,
            prev: None,
            hlc,
            wall_ms: 0,
            undo_of: None,
            body: OpBody::SetAnswer {
                assessment: "a".into(),
                indicator: "P.1".into(),
                value: AnswerValue::Score(v),
                old: None,
                supersedes: sup
                    .iter()
                    .map(|(d, s)| OpRef {
                        device: (*d).into(),
                        seq: *s,
                    })
                    .collect(),
                instrument: iref(),
            },
        }
    }

    #[test]
    fn deterministic_ids() {
        let k = AssessmentKey {
            round: 2024,
            pemda: "61.71".into(),
            lokus: "puskesmas".into(),
            lokus_name: Some("Puskesmas  Alianyang".into()),
            family: "opini".into(),
        };
        let mut k2 = k.clone();
        k2.lokus_name = Some("puskesmas alianyang".into());
        assert_eq!(k.id(), k2.id());
        assert_eq!(k.id().len(), 16);
        k2.round = 2023;
        assert_ne!(k.id(), k2.id());
    }

    #[test]
    fn sequential_edits_have_one_head() {
        let ops = [set("A", 1, 1, 1, &[]), set("A", 2, 2, 3, &[("A", 1)])];
        for order in [[0, 1], [1, 0]] {
            let mut s = AssessmentState::new("a");
            for i in order {
                s.apply(&ops[i]);
            }
            let slot = &s.slots["P.1"];
            assert_eq!(slot.heads.len(), 1);
            assert_eq!(slot.value(), Some(AnswerValue::Score(3)));
            assert!(!slot.in_conflict());
        }
    }

    #[test]
    fn concurrent_different_values_conflict_and_resolve_closes() {
        let a = set("A", 1, 10, 3, &[]);
        let b = set("B", 1, 20, 1, &[]);
        let mut s = AssessmentState::new("a");
        s.apply(&a);
        s.apply(&b);
        assert!(s.slots["P.1"].in_conflict());
        assert_eq!(s.conflicts(), vec!["P.1"]);
        let mut r = set("S", 1, 30, 3, &[("A", 1), ("B", 1)]);
        if let OpBody::SetAnswer {
            assessment,
            indicator,
            value,
            supersedes,
            instrument,
            ..
        } = r.body.clone()
        {
            r.body = OpBody::Resolve {
                assessment,
                indicator,
                value,
                supersedes,
                reason: "cek foto".into(),
                instrument,
            };
        }
        s.apply(&r);
        assert!(!s.slots["P.1"].in_conflict());
        assert_eq!(s.slots["P.1"].heads.len(), 1);
        assert_eq!(s.slots["P.1"].value(), Some(AnswerValue::Score(3)));
    }

    #[test]
    fn same_device_later_op_supersedes_in_any_order_without_growing_state() {
        let ops: Vec<Op> = (1..=50)
            .map(|k| set("A", k, k, (k % 4) as u8, &[("A", k - 1)]))
            .collect();
        let mut fwd = AssessmentState::new("a");
        let mut rev = AssessmentState::new("a");
        for o in &ops {
            fwd.apply(o);
        }
        for o in ops.iter().rev() {
            rev.apply(o);
        }
        assert_eq!(fwd.slots["P.1"].heads, rev.slots["P.1"].heads);
        assert_eq!(fwd.slots["P.1"].heads.len(), 1);
        assert_eq!(fwd.slots["P.1"].heads[0].op.seq, 50);
        assert!(fwd.slots["P.1"].superseded.is_empty());
    }

    #[test]
    fn equal_concurrent_values_are_no_conflict() {
        let mut s = AssessmentState::new("a");
        s.apply(&set("A", 1, 10, 2, &[]));
        s.apply(&set("B", 1, 20, 2, &[]));
        assert!(!s.slots["P.1"].in_conflict());
    }

    #[test]
    fn state_with_every_kind_of_entry_round_trips_as_json() {
        let mut s = AssessmentState::new("a");
        s.apply(&set("A", 1, 10, 2, &[]));
        let mut att = set("A", 2, 11, 0, &[]);
        att.body = OpBody::AttachEvidence {
            assessment: "a".into(),
            indicator: "P.1".into(),
            blob: BlobRef {
                hash: "h".into(),
                size: 1,
                name: "f.jpg".into(),
                mime: "image/jpeg".into(),
            },
        };
        s.apply(&att);
        let text = serde_json::to_string(&s).expect("serializes");
        let back: AssessmentState = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, s);
        assert_eq!(back.slots["P.1"].evidence().len(), 1);
    }

    #[test]
    fn apply_is_idempotent() {
        let a = set("A", 1, 10, 2, &[]);
        let mut s1 = AssessmentState::new("a");
        s1.apply(&a);
        let mut s2 = s1.clone();
        s2.apply(&a);
        assert_eq!(s1.slots, s2.slots);
    }
}
