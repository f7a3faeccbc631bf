//! What the planner reads: the store through [`View`] and the importer's knowledge and
//! rules through [`Policy`]; and [`MemView`], the in-memory reference store with the
//! on-disk store's merge semantics that the property tests compare against.

use std::collections::{BTreeMap, BTreeSet};

use super::{
    Hold, IncomingOp, Plan, Report, SegmentPlan, SignedHead, plan_merge, plan_segments,
    state_digest,
};
use crate::assessment::{AssessmentState, rebuild};
use crate::instrument::Instrument;
use crate::op::{Op, OpRef};
use crate::{Error, Result};

/// Read access to a store, as the planner needs it. The planner passes the store's own
/// errors through unchanged ([`View::Error`]).
pub trait View {
    /// What a failed read returns (the application's error for the on-disk store).
    type Error;

    /// Hash of the stored op `(device, seq)`.
    ///
    /// # Errors
    /// Storage failure.
    fn stored_hash(&self, device: &str, seq: u64) -> Result<Option<String>, Self::Error>;
    /// Hashes of the stored ops of a device in `from..=to` (one read for a whole bundle
    /// segment instead of one lookup per op).
    ///
    /// # Errors
    /// Storage failure.
    fn stored_hashes(
        &self,
        device: &str,
        from: u64,
        to: u64,
    ) -> Result<BTreeMap<u64, String>, Self::Error> {
        let mut out = BTreeMap::new();
        for s in from..=to {
            if let Some(h) = self.stored_hash(device, s)? {
                out.insert(s, h);
            }
        }
        Ok(out)
    }
    /// The stored op `(device, seq)`.
    ///
    /// # Errors
    /// Storage failure.
    fn stored_op(&self, device: &str, seq: u64) -> Result<Option<Op>, Self::Error>;
    /// Sequence number a device is quarantined from.
    ///
    /// # Errors
    /// Storage failure.
    fn fork(&self, device: &str) -> Result<Option<u64>, Self::Error>;
    /// Every held op.
    ///
    /// # Errors
    /// Storage failure.
    fn held(&self) -> Result<BTreeMap<OpRef, Hold>, Self::Error>;
    /// The live projection of an assessment.
    ///
    /// # Errors
    /// Storage failure.
    fn assessment(&self, id: &str) -> Result<Option<AssessmentState>, Self::Error>;
    /// Every stored op of an assessment.
    ///
    /// # Errors
    /// Storage failure.
    fn ops_of(&self, id: &str) -> Result<Vec<Op>, Self::Error>;
    /// Stored ops of a device with `seq >= from`.
    ///
    /// # Errors
    /// Storage failure.
    fn device_ops_from(&self, device: &str, from: u64) -> Result<Vec<Op>, Self::Error>;
    /// Contiguous runs of sequence numbers held for a device.
    ///
    /// # Errors
    /// Storage failure.
    fn runs(&self, device: &str) -> Result<Vec<(u64, u64)>, Self::Error>;
    /// Whether an evidence blob is present.
    ///
    /// # Errors
    /// Storage failure.
    fn has_blob(&self, hash: &str) -> Result<bool, Self::Error>;
    /// Whether an evidence blob is recorded as pending.
    ///
    /// # Errors
    /// Storage failure.
    fn is_pending(&self, hash: &str) -> Result<bool, Self::Error>;
}

/// What the importing store knows and allows.
pub trait Policy {
    /// An instrument definition by content hash.
    fn instrument(&self, hash: &str) -> Option<&Instrument>;
    /// Whether a device may write supervisor-only ops (`Resolve`, `SetReview`).
    fn may_review(&self, device: &str) -> bool;
    /// The import time (for clock warnings).
    fn now_ms(&self) -> i64;
    /// The creation time of the bundle being merged, when there is one (for clock
    /// warnings: an op clock beyond it plus the skew is not believed).
    fn bundle_created_ms(&self) -> Option<i64> {
        None
    }
    /// Whether an instrument with this hash is known but differs from the one this office
    /// trusts under its id and version (and that exact hash is not trusted): ops under it
    /// are held `instrument_mismatch`, never scored with it.
    fn mismatched(&self, _hash: &str) -> bool {
        false
    }
}

/// An in-memory store with the same merge semantics as the on-disk store (the reference
/// model of the property tests).
#[derive(Debug, Clone, Default)]
pub struct MemView {
    pub ops: BTreeMap<(String, u64), IncomingOp>,
    pub fork_copies: Vec<IncomingOp>,
    pub forks: BTreeMap<String, u64>,
    pub held: BTreeMap<OpRef, Hold>,
    pub assess: BTreeMap<String, AssessmentState>,
    pub runs: BTreeMap<String, Vec<(u64, u64)>>,
    pub blobs: BTreeSet<String>,
    pub pending: BTreeSet<String>,
    pub heads: BTreeSet<SignedHead>,
}

impl View for MemView {
    type Error = Error;

    fn stored_hash(&self, device: &str, seq: u64) -> Result<Option<String>> {
        Ok(self
            .ops
            .get(&(device.to_string(), seq))
            .map(|o| o.hash.clone()))
    }
    fn stored_op(&self, device: &str, seq: u64) -> Result<Option<Op>> {
        Ok(self
            .ops
            .get(&(device.to_string(), seq))
            .map(|o| o.op.clone()))
    }
    fn fork(&self, device: &str) -> Result<Option<u64>> {
        Ok(self.forks.get(device).copied())
    }
    fn held(&self) -> Result<BTreeMap<OpRef, Hold>> {
        Ok(self.held.clone())
    }
    fn assessment(&self, id: &str) -> Result<Option<AssessmentState>> {
        Ok(self.assess.get(id).cloned())
    }
    fn ops_of(&self, id: &str) -> Result<Vec<Op>> {
        Ok(self
            .ops
            .values()
            .filter(|o| o.op.body.assessment() == id)
            .map(|o| o.op.clone())
            .collect())
    }
    fn device_ops_from(&self, device: &str, from: u64) -> Result<Vec<Op>> {
        Ok(self
            .ops
            .range((device.to_string(), from)..=(device.to_string(), u64::MAX))
            .map(|(_, o)| o.op.clone())
            .collect())
    }
    fn runs(&self, device: &str) -> Result<Vec<(u64, u64)>> {
        Ok(self.runs.get(device).cloned().unwrap_or_default())
    }
    fn has_blob(&self, hash: &str) -> Result<bool> {
        Ok(self.blobs.contains(hash))
    }
    fn is_pending(&self, hash: &str) -> Result<bool> {
        Ok(self.pending.contains(hash))
    }
}

impl MemView {
    /// Apply a plan (what the on-disk store does in one transaction).
    pub fn apply(&mut self, plan: Plan, carried_blobs: &BTreeSet<String>) {
        for o in plan.new_ops {
            self.ops.insert((o.op.device.clone(), o.op.seq), o);
        }
        self.fork_copies.extend(plan.fork_copies);
        self.forks.extend(plan.forks);
        for r in plan.held_unset {
            self.held.remove(&r);
        }
        self.held.extend(plan.held_set);
        self.assess.extend(plan.states);
        for id in plan.remove_states {
            self.assess.remove(&id);
        }
        self.runs.extend(plan.runs);
        self.heads.extend(plan.heads);
        self.blobs.extend(carried_blobs.iter().cloned());
        for h in plan.pending_remove {
            self.pending.remove(&h);
        }
        self.pending.extend(plan.pending_add);
    }

    /// Plan and apply in one step; returns the report.
    ///
    /// # Errors
    /// Never in practice (the in-memory view cannot fail).
    pub fn merge(
        &mut self,
        policy: &dyn Policy,
        ops: Vec<IncomingOp>,
        heads: Vec<SignedHead>,
        carried_blobs: &BTreeSet<String>,
    ) -> Result<Report> {
        let plan = plan_merge(self, policy, ops, heads, carried_blobs)?;
        let report = plan.report.clone();
        self.apply(plan, carried_blobs);
        Ok(report)
    }

    /// Highest signed head of `device` within `from..=to` matching the stored op.
    #[must_use]
    pub fn best_signed_head(
        &self,
        device: &str,
        from: u64,
        to: u64,
    ) -> Option<(u64, String, String)> {
        self.heads
            .iter()
            .filter(|h| h.device == device && h.seq >= from && h.seq <= to)
            .filter(|h| {
                self.ops
                    .get(&(device.to_string(), h.seq))
                    .is_some_and(|o| o.hash == h.hash)
            })
            .max_by_key(|h| h.seq)
            .map(|h| (h.seq, h.hash.clone(), h.sig.clone()))
    }

    /// The OPS sections a consolidated export of this store would carry, with their
    /// segments (what two supervisors must agree on byte for byte, P5).
    ///
    /// # Errors
    /// Never in practice.
    pub fn export_sections(&self) -> Result<Vec<(SegmentPlan, Vec<u8>)>> {
        let (segs, _) =
            plan_segments(&self.runs, &self.forks, &BTreeMap::new(), &mut |d, a, b| {
                Ok::<_, Error>(self.best_signed_head(d, a, b))
            })?;
        Ok(segs
            .into_iter()
            .map(|s| {
                let bytes = crate::bundle::ops_section(
                    self.ops
                        .range((s.device.clone(), s.first)..=(s.device.clone(), s.last))
                        .map(|(_, o)| o.bytes.as_slice()),
                );
                (s, bytes)
            })
            .collect())
    }

    /// The state digest (see [`state_digest`]).
    ///
    /// # Errors
    /// As [`state_digest`].
    pub fn digest(&self) -> Result<String> {
        state_digest(
            self.assess.values(),
            &self.forks,
            &self.held,
            &self.runs,
            &self.pending,
        )
    }

    /// The projection rebuilt from every op that is neither held nor fork-excluded.
    #[must_use]
    pub fn rebuilt(&self) -> BTreeMap<String, AssessmentState> {
        rebuild(self.ops.values().map(|o| &o.op).filter(|op| {
            !self.held.contains_key(&op.op_ref())
                && self.forks.get(&op.device).is_none_or(|n| op.seq < *n)
        }))
    }

    /// The live projection without assessments that have no op applied (as a rebuild
    /// would produce them).
    #[must_use]
    pub fn live(&self) -> BTreeMap<String, AssessmentState> {
        self.assess
            .iter()
            .filter(|(_, s)| s.op_count > 0)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    }
}
