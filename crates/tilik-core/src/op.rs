//! Operations: every change anyone makes is one op appended to its device's log.
//!
//! Wire structs: the JSON bytes of an op are what is hashed, chained and exported; once a
//! field is shipped, never change its meaning. Add variants or optional fields instead, and
//! bump [`OP_VERSION`] when a reader must know.

use serde::{Deserialize, Serialize};

use super::instrument::InstrumentRef;
use super::survey::{
    DerivedOverride, ProofAttach, RespondentAdd, RespondentRemove, ResponseSet, VisitSet,
};

/// Current op schema version.
pub const OP_VERSION: u16 = 1;

/// A device identity: hex of its Ed25519 public key (64 characters).
pub type DeviceId = String;

/// One op, identified by `(device, seq)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub v: u16,
    pub device: DeviceId,
    /// 1, 2, 3 … per device, without gaps.
    pub seq: u64,
    /// blake3 (hex) of the stored bytes of `(device, seq - 1)`; `None` for seq 1.
    pub prev: Option<String>,
    /// Hybrid logical clock: 48-bit ms << 16 | counter. Display order only.
    pub hlc: u64,
    /// Raw device wall clock (ms since the epoch), for forensics and display.
    pub wall_ms: i64,
    /// Set when this op undoes an earlier op of the same device.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undo_of: Option<u64>,
    pub body: OpBody,
}

/// Reference to an op.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct OpRef {
    pub device: DeviceId,
    pub seq: u64,
}

/// An answer value. `Cleared` removes an answer (and is a value like any other in merges).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    Score(u8),
    NotApplicable,
    Cleared,
}

impl AnswerValue {
    /// Short text: "3", "t/a" / "n/a", "—".
    #[must_use]
    pub fn short(self, en: bool) -> String {
        match self {
            AnswerValue::Score(v) => v.to_string(),
            AnswerValue::NotApplicable => if en { "n/a" } else { "t/a" }.to_string(),
            AnswerValue::Cleared => "—".to_string(),
        }
    }
}

/// A content-addressed evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct BlobRef {
    /// blake3 hex of the bytes.
    pub hash: String,
    pub size: u64,
    /// Original file name (display only, never a path to open).
    pub name: String,
    pub mime: String,
}

/// Per-author assessment status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Final,
}

/// Supervisor review state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    Received,
    NeedsRevision,
    Approved,
    /// Not accepted, with a reason (`comment`). Added with issue 14.
    Rejected,
}

/// What an op does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpBody {
    CreateAssessment {
        assessment: String,
        round: u16,
        pemda: String,
        pemda_name: String,
        lokus: String,
        #[serde(default)]
        lokus_name: Option<String>,
        family: String,
        instrument: InstrumentRef,
    },
    SetAnswer {
        assessment: String,
        indicator: String,
        value: AnswerValue,
        /// The value this writer saw before (for the log and undo).
        old: Option<AnswerValue>,
        /// The slot heads the writer saw (causality; never clocks).
        supersedes: Vec<OpRef>,
        instrument: InstrumentRef,
    },
    /// Supervisor decision on a conflicted slot; supersedes every head it saw.
    Resolve {
        assessment: String,
        indicator: String,
        value: AnswerValue,
        supersedes: Vec<OpRef>,
        reason: String,
        instrument: InstrumentRef,
    },
    /// Per-author note on an indicator (each author has their own; never merged by text).
    SetNote {
        assessment: String,
        indicator: String,
        text: String,
        old: String,
    },
    AttachEvidence {
        assessment: String,
        indicator: String,
        blob: BlobRef,
    },
    /// Removes the listed attach ops (an observed-remove set).
    DetachEvidence {
        assessment: String,
        indicator: String,
        hash: String,
        attaches: Vec<OpRef>,
    },
    SetFlag {
        assessment: String,
        indicator: String,
        flagged: bool,
        #[serde(default)]
        reason: Option<String>,
    },
    SetStatus {
        assessment: String,
        status: Status,
    },
    SetReview {
        assessment: String,
        state: ReviewState,
        comment: String,
        /// The newest op per other device of this assessment the supervisor knew (a
        /// version vector; `review.rs`): an approval covers exactly what it saw.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        seen: Vec<OpRef>,
        /// The reason for approving past the guard (a draft, open conflicts, held ops).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        forced: Option<String>,
    },
    /// A supervisor's comment on the assessment (`indicator` `None`) or one indicator;
    /// multi-line text. Supervisor-only.
    ReviewComment {
        assessment: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        indicator: Option<String>,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        seen: Vec<OpRef>,
    },
    /// An assessor's reply in the thread of the assessment or of one indicator.
    ReviewReply {
        assessment: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        indicator: Option<String>,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        seen: Vec<OpRef>,
    },
    /// Written automatically with an assessor's change made after a review decision or
    /// comment: `seen` says which (the review state turns "resubmitted" causally).
    Resubmit {
        assessment: String,
        seen: Vec<OpRef>,
    },
    /// Surveys (`survey.rs`): a respondent with the answers given at once.
    AddRespondent(RespondentAdd),
    /// A changed or cleared response of one respondent's question.
    SetResponse(ResponseSet),
    /// A respondent removed (observed-remove of its add ops; nothing deleted).
    RemoveRespondent(RespondentRemove),
    /// Proof of service for a respondent.
    AttachProof(ProofAttach),
    /// The visit to the lokus (date, times, team).
    SetVisit(VisitSet),
    /// The assessor's level for a derived indicator, with the reason.
    OverrideDerived(DerivedOverride),
}

impl OpBody {
    #[must_use]
    pub fn assessment(&self) -> &str {
        match self {
            OpBody::CreateAssessment { assessment, .. }
            | OpBody::SetAnswer { assessment, .. }
            | OpBody::Resolve { assessment, .. }
            | OpBody::SetNote { assessment, .. }
            | OpBody::AttachEvidence { assessment, .. }
            | OpBody::DetachEvidence { assessment, .. }
            | OpBody::SetFlag { assessment, .. }
            | OpBody::SetStatus { assessment, .. }
            | OpBody::SetReview { assessment, .. }
            | OpBody::ReviewComment { assessment, .. }
            | OpBody::ReviewReply { assessment, .. }
            | OpBody::Resubmit { assessment, .. } => assessment,
            OpBody::AddRespondent(b) => &b.assessment,
            OpBody::SetResponse(b) => &b.assessment,
            OpBody::RemoveRespondent(b) => &b.assessment,
            OpBody::AttachProof(b) => &b.assessment,
            OpBody::SetVisit(b) => &b.assessment,
            OpBody::OverrideDerived(b) => &b.assessment,
        }
    }

    #[must_use]
    pub fn indicator(&self) -> Option<&str> {
        match self {
            OpBody::SetAnswer { indicator, .. }
            | OpBody::Resolve { indicator, .. }
            | OpBody::SetNote { indicator, .. }
            | OpBody::AttachEvidence { indicator, .. }
            | OpBody::DetachEvidence { indicator, .. }
            | OpBody::SetFlag { indicator, .. } => Some(indicator),
            OpBody::OverrideDerived(b) => Some(&b.indicator),
            OpBody::ReviewComment { indicator, .. } | OpBody::ReviewReply { indicator, .. } => {
                indicator.as_deref()
            }
            _ => None,
        }
    }

    /// Stable name of the kind, for logs.
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            OpBody::CreateAssessment { .. } => "create_assessment",
            OpBody::SetAnswer { .. } => "set_answer",
            OpBody::Resolve { .. } => "resolve",
            OpBody::SetNote { .. } => "set_note",
            OpBody::AttachEvidence { .. } => "attach_evidence",
            OpBody::DetachEvidence { .. } => "detach_evidence",
            OpBody::SetFlag { .. } => "set_flag",
            OpBody::SetStatus { .. } => "set_status",
            OpBody::SetReview { .. } => "set_review",
            OpBody::ReviewComment { .. } => "review_comment",
            OpBody::ReviewReply { .. } => "review_reply",
            OpBody::Resubmit { .. } => "resubmit",
            OpBody::AddRespondent(_) => "add_respondent",
            OpBody::SetResponse(_) => "set_response",
            OpBody::RemoveRespondent(_) => "remove_respondent",
            OpBody::AttachProof(_) => "attach_proof",
            OpBody::SetVisit(_) => "set_visit",
            OpBody::OverrideDerived(_) => "override_derived",
        }
    }
}

impl Op {
    #[must_use]
    pub fn op_ref(&self) -> OpRef {
        OpRef {
            device: self.device.clone(),
            seq: self.seq,
        }
    }

    /// The stored encoding. Hash and verify these bytes, never a re-encoding.
    ///
    /// # Errors
    /// [`Error::Encode`](crate::Error::Encode) if the op cannot be encoded (not expected:
    /// every field serializes), so that empty bytes are never hashed, signed or stored.
    pub fn encode(&self) -> crate::Result<Vec<u8>> {
        crate::error::to_json(self, "op")
    }

    /// Decode stored bytes.
    ///
    /// # Errors
    /// When the bytes are not an op.
    pub fn decode(bytes: &[u8]) -> Result<Op, serde_json::Error> {
        serde_json::from_slice(bytes)
    }
}

/// blake3 hex of an op's stored bytes.
#[must_use]
pub fn op_hash(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex().to_string()
}

/// Next hybrid-logical-clock value from the last one and the wall clock.
#[must_use]
pub fn next_hlc(last: u64, wall_ms: i64) -> u64 {
    let phys = u64::try_from(wall_ms.max(0)).unwrap_or(0) << 16;
    if phys > last { phys } else { last + 1 }
}

/// The earliest plausible op clock: 2020-01-01T00:00:00Z.
pub const CLOCK_MIN_MS: i64 = 1_577_836_800_000;
/// A wall clock at or after 2100-01-01T00:00:00Z is absurd.
pub const CLOCK_ABSURD_MS: i64 = 4_102_444_800_000;
/// How far an op clock may run ahead of a reference time (its own wall clock, the
/// bundle's creation time, the import time) and still be believed: 24 hours.
pub const CLOCK_SKEW_MS: i64 = 24 * 3600 * 1000;

/// Whether an op's clock may order it against other ops (`docs/bundle-format.md` §4.2):
/// its wall clock lies in [2020, 2100) and its hybrid clock's milliseconds lie between
/// 2020 and its wall clock plus [`CLOCK_SKEW_MS`]. A device's own clock always passes
/// (its HLC follows its wall clock); a forged `hlc` such as `u64::MAX` does not.
#[must_use]
pub fn clock_trusted(hlc: u64, wall_ms: i64) -> bool {
    let ms = hlc_ms(hlc);
    (CLOCK_MIN_MS..CLOCK_ABSURD_MS).contains(&wall_ms)
        && ms >= CLOCK_MIN_MS
        && ms <= wall_ms.saturating_add(CLOCK_SKEW_MS)
}

/// The clock an op is ordered by wherever clocks pick a winner (the shown value of a
/// conflicted slot, the newest review): its `hlc` when [`clock_trusted`], else 0, so an
/// op with an untrusted clock never wins over one with a trusted clock. A function of the
/// op alone, so every store orders the same ops the same way, in any import order.
#[must_use]
pub fn order_clock(hlc: u64, wall_ms: i64) -> u64 {
    if clock_trusted(hlc, wall_ms) { hlc } else { 0 }
}

/// Wall-clock milliseconds of an HLC value.
#[must_use]
pub fn hlc_ms(hlc: u64) -> i64 {
    i64::try_from(hlc >> 16).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hlc_is_monotonic_even_when_the_clock_goes_back() {
        let a = next_hlc(0, 1_000);
        let b = next_hlc(a, 500);
        let c = next_hlc(b, 2_000);
        assert!(a < b && b < c);
        assert_eq!(hlc_ms(c), 2_000);
    }

    #[test]
    fn untrusted_clocks_never_order() {
        let wall = 1_717_200_000_000;
        let hlc = next_hlc(0, wall);
        assert!(clock_trusted(hlc, wall));
        assert_eq!(order_clock(hlc, wall), hlc);
        assert!(!clock_trusted(u64::MAX, wall));
        assert_eq!(order_clock(u64::MAX, wall), 0);
        // A day ahead of its own wall clock is still believed; more is not.
        let ahead = next_hlc(0, wall + CLOCK_SKEW_MS);
        assert!(clock_trusted(ahead, wall));
        assert!(!clock_trusted(ahead + (1 << 16), wall));
        // Absurd or pre-2020 wall clocks.
        assert!(!clock_trusted(
            next_hlc(0, CLOCK_ABSURD_MS),
            CLOCK_ABSURD_MS
        ));
        assert!(!clock_trusted(next_hlc(0, 1_000), 1_000));
    }

    #[test]
    fn op_round_trips_through_its_bytes() {
        let op = Op {
            v: OP_VERSION,
            device: "ab".repeat(32),
            seq: 1,
            prev: None,
            hlc: 5,
            wall_ms: 6,
            undo_of: None,
            body: OpBody::SetStatus {
                assessment: "x".into(),
                status: Status::Final,
            },
        };
        let bytes = op.encode().expect("encode");
        assert_eq!(Op::decode(&bytes).expect("decodes"), op);
        assert_eq!(op_hash(&bytes).len(), 64);
    }
}
