//! The planner's output and what it reports: the incoming ops, holds, gaps and forks it
//! names, the [`Report`] behind an import verdict, and the [`Plan`] one atomic commit
//! writes.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::assessment::AssessmentState;
use crate::op::{Op, OpRef};

/// One verified op from a bundle: its stored bytes, their hash, and the decoded op.
#[derive(Debug, Clone)]
pub struct IncomingOp {
    pub op: Op,
    pub bytes: Vec<u8>,
    pub hash: String,
}

/// A device's signature over one of its chain heads, kept for relaying.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SignedHead {
    pub device: String,
    pub seq: u64,
    pub hash: String,
    /// Hex of the 64-byte Ed25519 signature.
    pub sig: String,
}

/// Why an op is held out of the projection.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Hold {
    /// `role`, `supersedes_other` (`crate::authz`), `unknown_instrument`,
    /// `instrument_mismatch` (detail: the full instrument hash), `unknown_indicator` or
    /// `invalid_value`.
    pub reason: String,
    pub detail: String,
}

impl Hold {
    pub(super) fn new(reason: &str, detail: String) -> Hold {
        Hold {
            reason: reason.to_string(),
            detail,
        }
    }
}

/// A gap in a device's sequence: `from..=to` not received.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Gap {
    pub device: String,
    pub from: u64,
    pub to: u64,
}

/// A fork found by this merge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForkInfo {
    pub device: String,
    /// The device is quarantined from this sequence number on.
    pub seq: u64,
}

/// What a merge did, for the verdict and its counts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Report {
    pub new_ops: u64,
    pub known_ops: u64,
    /// Forks this merge found or moved earlier.
    pub forks: Vec<ForkInfo>,
    /// New ops held (and why).
    pub held: Vec<(OpRef, Hold)>,
    /// Previously held ops released by this merge.
    pub released: u64,
    /// New ops with a suspicious clock.
    pub clock: Vec<OpRef>,
    /// Gaps remaining for the devices this bundle carried.
    pub gaps: Vec<Gap>,
    /// Evidence referenced by this bundle and still missing.
    pub pending: Vec<String>,
    /// Assessments whose projection changed.
    pub touched: Vec<String>,
    /// Conflicted slots in touched assessments after the merge.
    pub conflicts: u64,
    /// Of those, slots that were not in conflict before.
    pub new_conflicts: u64,
}

/// Everything one atomic commit writes.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    pub new_ops: Vec<IncomingOp>,
    /// Versions that lost a fork (kept as evidence, never projected).
    pub fork_copies: Vec<IncomingOp>,
    /// New fork points (device → seq).
    pub forks: BTreeMap<String, u64>,
    pub held_set: BTreeMap<OpRef, Hold>,
    pub held_unset: BTreeSet<OpRef>,
    /// Projections to write.
    pub states: BTreeMap<String, AssessmentState>,
    /// Projections to delete (every op of theirs is now held or fork-excluded).
    pub remove_states: BTreeSet<String>,
    /// New run lists per device.
    pub runs: BTreeMap<String, Vec<(u64, u64)>>,
    pub heads: Vec<SignedHead>,
    pub pending_add: BTreeSet<String>,
    pub pending_remove: BTreeSet<String>,
    pub report: Report,
}
