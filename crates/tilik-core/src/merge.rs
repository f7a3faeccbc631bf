//! The merge planner (sync-anchors §3.6): given what a store already holds (a [`View`])
//! and the verified ops of a bundle, compute everything one atomic commit must write.
//!
//! - **Set union** keyed by `(device, seq)`: same hash → nothing to do; a different hash
//!   at a known `(device, seq)`, or an op whose `prev` disagrees with the stored
//!   neighbour, is a **fork**: the device is quarantined from the lowest such sequence
//!   number on (every op with `seq ≥ N` is left out of the projection), whatever the
//!   arrival order.
//! - **Held ops**: ops naming an instrument nobody here knows, an indicator that
//!   instrument does not have, a value outside its scale, or a supervisor-only op
//!   (`Resolve`, `SetReview`) by a device the roster does not list as supervisor are kept
//!   but left out of the projection until the instrument arrives or the roster changes.
//! - **Projection**: new ops are grouped by assessment, each projection is loaded once,
//!   folded and written once; assessments touched by a new fork or a released hold are
//!   rebuilt from their ops. Either way the result equals a full rebuild (P7).
//! - **Gaps** per device (`runs`), **pending evidence** and **clock warnings** are
//!   reported, never refused.
//!
//! The planner only reads; the store applies a [`Plan`] in one transaction. [`MemView`]
//! is the reference in-memory store used by the property tests.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::assessment::{AssessmentState, rebuild};
use super::instrument::{Instrument, InstrumentRef};
use super::op::{AnswerValue, Op, OpBody, OpRef};
use crate::{Error, Result};

/// Ops stamped before this (2020-01-01T00:00:00Z) get a clock warning.
pub const CLOCK_MIN_MS: i64 = 1_577_836_800_000;
/// Ops stamped more than this after the import time get a clock warning.
pub const CLOCK_SKEW_MS: i64 = 24 * 3600 * 1000;

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
    /// `unknown_instrument`, `unknown_indicator`, `invalid_value` or `role`.
    pub reason: String,
    pub detail: String,
}

impl Hold {
    fn new(reason: &str, detail: String) -> Hold {
        Hold {
            reason: reason.to_string(),
            detail,
        }
    }
}

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
}

/// Why `op` must be held under `policy`, if it must.
#[must_use]
pub fn hold_reason(op: &Op, policy: &dyn Policy) -> Option<Hold> {
    match &op.body {
        OpBody::CreateAssessment { instrument, .. } => policy
            .instrument(&instrument.hash)
            .is_none()
            .then(|| unknown_instrument(instrument)),
        OpBody::SetAnswer {
            indicator,
            value,
            instrument,
            ..
        } => check_answer(policy, instrument, indicator, *value),
        OpBody::Resolve {
            indicator,
            value,
            instrument,
            ..
        } => {
            if policy.may_review(&op.device) {
                check_answer(policy, instrument, indicator, *value)
            } else {
                Some(role_hold(op))
            }
        }
        OpBody::SetReview { .. } => (!policy.may_review(&op.device)).then(|| role_hold(op)),
        _ => None,
    }
}

fn role_hold(op: &Op) -> Hold {
    Hold::new(
        "role",
        format!(
            "{} by a device that is not a trusted supervisor",
            op.body.kind()
        ),
    )
}

fn unknown_instrument(r: &InstrumentRef) -> Hold {
    Hold::new(
        "unknown_instrument",
        format!(
            "{} v{} ({})",
            r.id,
            r.version,
            r.hash.get(..12).unwrap_or(&r.hash)
        ),
    )
}

fn check_answer(
    policy: &dyn Policy,
    r: &InstrumentRef,
    indicator: &str,
    value: AnswerValue,
) -> Option<Hold> {
    let Some(inst) = policy.instrument(&r.hash) else {
        return Some(unknown_instrument(r));
    };
    let Some(pos) = inst
        .indicator(indicator)
        .filter(|p| p.indicator.id == indicator)
    else {
        return Some(Hold::new(
            "unknown_indicator",
            format!("{indicator} ({})", r.id),
        ));
    };
    let ok = match value {
        AnswerValue::Score(v) => inst
            .scale(&pos.indicator.scale)
            .is_some_and(|s| s.level(v).is_some()),
        AnswerValue::NotApplicable => pos.indicator.allow_na,
        AnswerValue::Cleared => true,
    };
    (!ok).then(|| {
        Hold::new(
            "invalid_value",
            format!("{indicator} = {}", value.short(true)),
        )
    })
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

/// Merge sequence numbers into a sorted run list.
#[must_use]
pub fn add_runs(runs: &[(u64, u64)], seqs: &[u64]) -> Vec<(u64, u64)> {
    let mut all: Vec<(u64, u64)> = runs.to_vec();
    let mut sorted = seqs.to_vec();
    sorted.sort_unstable();
    let mut cur: Option<(u64, u64)> = None;
    for s in sorted {
        cur = match cur {
            Some((a, b)) if s <= b + 1 => Some((a, b.max(s))),
            Some(r) => {
                all.push(r);
                Some((s, s))
            }
            None => Some((s, s)),
        };
    }
    all.extend(cur);
    all.sort_unstable();
    let mut out: Vec<(u64, u64)> = Vec::with_capacity(all.len());
    for (a, b) in all {
        match out.last_mut() {
            Some((_, pb)) if a <= *pb + 1 => *pb = (*pb).max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// Missing ranges `from..=to` below the highest received sequence number.
#[must_use]
pub fn gaps_of(runs: &[(u64, u64)]) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut next = 1u64;
    for &(a, b) in runs {
        if a > next {
            out.push((next, a - 1));
        }
        next = next.max(b + 1);
    }
    out
}

/// Plan the merge of verified incoming ops (any order) into `view`.
///
/// # Errors
/// Storage failure while reading the view.
#[allow(clippy::too_many_lines)]
pub fn plan_merge<V: View + ?Sized>(
    view: &V,
    policy: &dyn Policy,
    mut ops: Vec<IncomingOp>,
    heads: Vec<SignedHead>,
    carried_blobs: &BTreeSet<String>,
) -> Result<Plan, V::Error> {
    ops.sort_by(|a, b| (&a.op.device, a.op.seq).cmp(&(&b.op.device, b.op.seq)));
    let keys: BTreeMap<(String, u64), String> = ops
        .iter()
        .map(|o| ((o.op.device.clone(), o.op.seq), o.hash.clone()))
        .collect();
    let mut plan = Plan {
        heads,
        ..Plan::default()
    };
    let mut events: BTreeMap<String, u64> = BTreeMap::new();
    let mut event = |d: &str, s: u64| {
        let e = events.entry(d.to_string()).or_insert(s);
        *e = (*e).min(s);
    };
    let mut referenced: BTreeSet<String> = BTreeSet::new();
    let mut devices: BTreeSet<String> = BTreeSet::new();
    // What the store holds around each device's incoming ops, read once per device.
    let mut span: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for (d, s) in keys.keys() {
        let e = span.entry(d.as_str()).or_insert((*s, *s));
        e.0 = e.0.min(*s);
        e.1 = e.1.max(*s);
    }
    let mut stored: BTreeMap<String, BTreeMap<u64, String>> = BTreeMap::new();
    for (d, (lo, hi)) in span {
        let hashes = view.stored_hashes(d, lo.saturating_sub(1), hi.saturating_add(1))?;
        stored.insert(d.to_string(), hashes);
    }
    for o in ops {
        let (d, s) = (o.op.device.clone(), o.op.seq);
        devices.insert(d.clone());
        if let OpBody::AttachEvidence { blob, .. } = &o.op.body {
            referenced.insert(blob.hash.clone());
        }
        let known = stored.get(&d);
        match known.and_then(|m| m.get(&s)) {
            Some(h) if *h == o.hash => plan.report.known_ops += 1,
            Some(_) => {
                event(&d, s);
                plan.fork_copies.push(o);
            }
            None => {
                if s > 1
                    && !keys.contains_key(&(d.clone(), s - 1))
                    && let Some(h) = known.and_then(|m| m.get(&(s - 1)))
                    && o.op.prev.as_deref() != Some(h.as_str())
                {
                    event(&d, s);
                }
                if !keys.contains_key(&(d.clone(), s + 1))
                    && known.is_some_and(|m| m.contains_key(&(s + 1)))
                    && let Some(next) = view.stored_op(&d, s + 1)?
                    && next.prev.as_deref() != Some(o.hash.as_str())
                {
                    event(&d, s + 1);
                }
                plan.new_ops.push(o);
            }
        }
    }

    // Fork points after this merge.
    let mut fork_after: BTreeMap<String, u64> = BTreeMap::new();
    let mut fork_moved: Vec<(String, Option<u64>, u64)> = Vec::new();
    for (d, s) in &events {
        let old = view.fork(d)?;
        let new = old.map_or(*s, |o| o.min(*s));
        if old != Some(new) {
            plan.forks.insert(d.clone(), new);
            plan.report.forks.push(ForkInfo {
                device: d.clone(),
                seq: new,
            });
            fork_moved.push((d.clone(), old, new));
        }
    }
    for d in devices
        .iter()
        .chain(plan.new_ops.iter().map(|o| &o.op.device))
    {
        if !fork_after.contains_key(d)
            && let Some(n) = plan.forks.get(d).copied().or(view.fork(d)?)
        {
            fork_after.insert(d.clone(), n);
        }
    }

    // Held ops: new ones, and re-evaluation of those already held.
    let held_now = view.held()?;
    let mut released: Vec<Op> = Vec::new();
    for o in &plan.new_ops {
        if let Some(h) = hold_reason(&o.op, policy) {
            plan.held_set.insert(o.op.op_ref(), h.clone());
            plan.report.held.push((o.op.op_ref(), h));
        }
    }
    for (r, h) in &held_now {
        let Some(op) = view.stored_op(&r.device, r.seq)? else {
            continue;
        };
        match hold_reason(&op, policy) {
            None => {
                plan.held_unset.insert(r.clone());
                released.push(op);
            }
            Some(h2) if &h2 != h => {
                plan.held_set.insert(r.clone(), h2);
            }
            Some(_) => {}
        }
    }
    plan.report.released = released.len() as u64;
    // Forks of devices not carried by this bundle still exclude.
    for op in &released {
        if !fork_after.contains_key(&op.device)
            && let Some(n) = view.fork(&op.device)?
        {
            fork_after.insert(op.device.clone(), n);
        }
    }
    let is_held = |r: &OpRef| {
        plan.held_set.contains_key(r) || (held_now.contains_key(r) && !plan.held_unset.contains(r))
    };
    let excluded =
        |op: &Op| fork_after.get(&op.device).is_some_and(|n| op.seq >= *n) || is_held(&op.op_ref());

    // Assessments to rebuild from their ops.
    let mut rebuild_ids: BTreeSet<String> = released
        .iter()
        .map(|o| o.body.assessment().to_string())
        .collect();
    for (d, old, new) in &fork_moved {
        for op in view.device_ops_from(d, *new)? {
            if old.is_none_or(|o| op.seq < o) {
                rebuild_ids.insert(op.body.assessment().to_string());
            }
        }
    }
    let mut by_assessment: BTreeMap<String, Vec<&Op>> = BTreeMap::new();
    for o in &plan.new_ops {
        by_assessment
            .entry(o.op.body.assessment().to_string())
            .or_default()
            .push(&o.op);
    }
    let mut touched: BTreeSet<String> = BTreeSet::new();
    let mut conflicts_before: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut before = |id: &str, st: Option<&AssessmentState>| {
        conflicts_before.entry(id.to_string()).or_insert_with(|| {
            st.map(|s| s.conflicts().into_iter().map(str::to_string).collect())
                .unwrap_or_default()
        });
    };
    for id in &rebuild_ids {
        let old = view.assessment(id)?;
        before(id, old.as_ref());
        let mut all = view.ops_of(id)?;
        if let Some(new) = by_assessment.get(id) {
            all.extend(new.iter().map(|o| (*o).clone()));
        }
        let kept: Vec<&Op> = all.iter().filter(|o| !excluded(o)).collect();
        match rebuild(kept).remove(id) {
            None => {
                if old.is_some() {
                    touched.insert(id.clone());
                    plan.remove_states.insert(id.clone());
                }
            }
            Some(st) => {
                if old.as_ref() != Some(&st) {
                    touched.insert(id.clone());
                    plan.states.insert(id.clone(), st);
                }
            }
        }
    }
    for (id, new) in &by_assessment {
        if rebuild_ids.contains(id) {
            continue;
        }
        let apply: Vec<&&Op> = new.iter().filter(|o| !excluded(o)).collect();
        if apply.is_empty() {
            continue;
        }
        let old = view.assessment(id)?;
        before(id, old.as_ref());
        let mut st = old.unwrap_or_else(|| AssessmentState::new(id));
        for o in apply {
            st.apply(o);
        }
        touched.insert(id.clone());
        plan.states.insert(id.clone(), st);
    }
    for id in &touched {
        let after: BTreeSet<String> = plan.states.get(id).map_or_else(BTreeSet::new, |s| {
            s.conflicts().into_iter().map(str::to_string).collect()
        });
        let was = conflicts_before.get(id).cloned().unwrap_or_default();
        plan.report.conflicts += after.len() as u64;
        plan.report.new_conflicts += after.difference(&was).count() as u64;
    }
    plan.report.touched = touched.into_iter().collect();

    // Runs and gaps.
    let mut new_seqs: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for o in &plan.new_ops {
        new_seqs.entry(&o.op.device).or_default().push(o.op.seq);
    }
    for d in &devices {
        let old = view.runs(d)?;
        let runs = match new_seqs.get(d.as_str()) {
            Some(seqs) => {
                let r = add_runs(&old, seqs);
                plan.runs.insert(d.clone(), r.clone());
                r
            }
            None => old,
        };
        for (from, to) in gaps_of(&runs) {
            plan.report.gaps.push(Gap {
                device: d.clone(),
                from,
                to,
            });
        }
    }

    // Evidence.
    for h in &referenced {
        if !carried_blobs.contains(h) && !view.has_blob(h)? {
            plan.report.pending.push(h.clone());
            if !view.is_pending(h)? {
                plan.pending_add.insert(h.clone());
            }
        }
    }
    for h in carried_blobs {
        if view.is_pending(h)? {
            plan.pending_remove.insert(h.clone());
        }
    }

    // Clocks.
    let now = policy.now_ms();
    for o in &plan.new_ops {
        if o.op.wall_ms < CLOCK_MIN_MS || o.op.wall_ms > now.saturating_add(CLOCK_SKEW_MS) {
            plan.report.clock.push(o.op.op_ref());
        }
    }
    plan.report.new_ops = plan.new_ops.len() as u64;
    Ok(plan)
}

/// Re-evaluate the held status of stored ops (after the roster changed): returns a plan
/// that only changes held marks and rebuilds the assessments concerned.
///
/// # Errors
/// Storage failure.
pub fn plan_recheck<V: View + ?Sized>(
    view: &V,
    policy: &dyn Policy,
    ops: &[Op],
) -> Result<Plan, V::Error> {
    let held_now = view.held()?;
    let mut plan = Plan::default();
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for op in ops {
        let r = op.op_ref();
        let now = hold_reason(op, policy);
        match (held_now.get(&r), now) {
            (None, None) => {}
            (Some(_), None) => {
                plan.held_unset.insert(r);
                ids.insert(op.body.assessment().to_string());
            }
            (None, Some(h)) => {
                plan.held_set.insert(r, h);
                ids.insert(op.body.assessment().to_string());
            }
            (Some(a), Some(b)) => {
                if *a != b {
                    plan.held_set.insert(r, b);
                }
            }
        }
    }
    let is_held = |r: &OpRef| {
        plan.held_set.contains_key(r) || (held_now.contains_key(r) && !plan.held_unset.contains(r))
    };
    for id in ids {
        let all = view.ops_of(&id)?;
        let mut kept = Vec::new();
        for o in &all {
            let forked = view.fork(&o.device)?.is_some_and(|n| o.seq >= n);
            if !forked && !is_held(&o.op_ref()) {
                kept.push(o);
            }
        }
        plan.report.touched.push(id.clone());
        match rebuild(kept).remove(&id) {
            Some(st) => {
                plan.states.insert(id, st);
            }
            None => {
                plan.remove_states.insert(id);
            }
        }
    }
    Ok(plan)
}

// ---- export segments ------------------------------------------------------------------

/// A signed head found for a range: `(seq, op hash, hex signature)`.
pub type FoundHead = (u64, String, String);

/// Looks up (or makes) a signed head of `device` within `from..=to`.
pub type HeadFinder<'a, E> = dyn FnMut(&str, u64, u64) -> Result<Option<FoundHead>, E> + 'a;

/// One segment to export: `first..=last` of `device`, ending at a signed head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentPlan {
    pub device: String,
    pub first: u64,
    pub last: u64,
    pub head_hash: String,
    /// Hex signature of the device over `(last, head_hash)`.
    pub sig: String,
}

/// Choose the segments of an export: every run of every device, cut before a fork point,
/// after what `since` already carried, and ending at the highest head within the run for
/// which `signed(device, from, to)` finds a signature (this device signs its own on the
/// spot). Returns the segments in (device, seq) order and the number of ops left out
/// because no signed head covers them.
///
/// # Errors
/// Whatever `signed` returns.
pub fn plan_segments<E>(
    runs: &BTreeMap<String, Vec<(u64, u64)>>,
    forks: &BTreeMap<String, u64>,
    since: &BTreeMap<String, u64>,
    signed: &mut HeadFinder<'_, E>,
) -> Result<(Vec<SegmentPlan>, u64), E> {
    let mut out = Vec::new();
    let mut skipped = 0u64;
    for (dev, rs) in runs {
        let after = since.get(dev).copied().unwrap_or(0);
        for &(a, b) in rs {
            let a = a.max(after + 1);
            let b = match forks.get(dev) {
                Some(n) => b.min(n.saturating_sub(1)),
                None => b,
            };
            if a > b {
                continue;
            }
            match signed(dev, a, b)? {
                Some((s, hash, sig)) if s >= a && s <= b => {
                    skipped += b - s;
                    out.push(SegmentPlan {
                        device: dev.clone(),
                        first: a,
                        last: s,
                        head_hash: hash,
                        sig,
                    });
                }
                _ => skipped += b - a + 1,
            }
        }
    }
    Ok((out, skipped))
}

// ---- state digest ----------------------------------------------------------------------

#[derive(Serialize)]
struct DigestSlot<'a> {
    indicator: &'a str,
    heads: Vec<(&'a str, u64, AnswerValue, Option<&'a str>)>,
    notes: Vec<(&'a str, &'a str)>,
    flags: Vec<(&'a str, bool)>,
    evidence: Vec<&'a str>,
}

/// Header fields that identify the record: round, pemda, lokus, name, family, instrument.
type DigestHeader<'a> = (
    u16,
    &'a str,
    &'a str,
    Option<&'a str>,
    &'a str,
    &'a InstrumentRef,
);

#[derive(Serialize)]
struct DigestAssessment<'a> {
    id: &'a str,
    header: Option<DigestHeader<'a>>,
    slots: Vec<DigestSlot<'a>>,
    status: Vec<(&'a str, super::op::Status)>,
    reviews: Vec<(&'a str, super::op::ReviewState, &'a str)>,
}

#[derive(Serialize)]
struct Digest<'a> {
    assessments: Vec<DigestAssessment<'a>>,
    forks: &'a BTreeMap<String, u64>,
    held: Vec<(&'a OpRef, &'a str)>,
    gaps: Vec<(&'a str, u64, u64)>,
    pending: Vec<&'a str>,
}

/// A stable digest of the merged state: answers (heads, values, resolutions), notes,
/// flags, evidence, statuses and reviews of every assessment, plus forks, held ops (not
/// already excluded by a fork), gaps and pending evidence. Two stores with the same digest
/// show the same thing. The encoding is fixed here, independent of storage formats.
///
/// # Errors
/// [`Error::Encode`] if the digest record cannot be encoded (not expected), so that two
/// stores never agree on the hash of empty bytes.
pub fn state_digest<'a>(
    assessments: impl IntoIterator<Item = &'a AssessmentState>,
    forks: &BTreeMap<String, u64>,
    held: &BTreeMap<OpRef, Hold>,
    runs: &BTreeMap<String, Vec<(u64, u64)>>,
    pending: &BTreeSet<String>,
) -> Result<String> {
    let mut list: Vec<DigestAssessment<'_>> = assessments
        .into_iter()
        .filter(|s| s.op_count > 0)
        .map(|s| DigestAssessment {
            id: &s.id,
            header: s.header.as_ref().map(|h| {
                (
                    h.round,
                    h.pemda.as_str(),
                    h.lokus.as_str(),
                    h.lokus_name.as_deref(),
                    h.family.as_str(),
                    &h.instrument,
                )
            }),
            slots: s
                .slots
                .iter()
                .map(|(k, slot)| DigestSlot {
                    indicator: k,
                    heads: slot
                        .heads
                        .iter()
                        .map(|c| {
                            (
                                c.op.device.as_str(),
                                c.op.seq,
                                c.value,
                                c.resolution.as_deref(),
                            )
                        })
                        .collect(),
                    notes: slot
                        .notes
                        .iter()
                        .map(|(d, n)| (d.as_str(), n.text.as_str()))
                        .collect(),
                    flags: slot
                        .flags
                        .iter()
                        .map(|(d, f)| (d.as_str(), f.flagged))
                        .collect(),
                    evidence: {
                        let mut e: Vec<&str> = slot
                            .evidence()
                            .iter()
                            .map(|e| e.blob.hash.as_str())
                            .collect();
                        e.sort_unstable();
                        e
                    },
                })
                .collect(),
            status: s
                .status
                .iter()
                .map(|(d, e)| (d.as_str(), e.status))
                .collect(),
            reviews: s
                .reviews
                .iter()
                .map(|(d, r)| (d.as_str(), r.state, r.comment.as_str()))
                .collect(),
        })
        .collect();
    list.sort_by(|a, b| a.id.cmp(b.id));
    let d = Digest {
        assessments: list,
        forks,
        held: held
            .iter()
            .filter(|(r, _)| forks.get(&r.device).is_none_or(|n| r.seq < *n))
            .map(|(r, h)| (r, h.reason.as_str()))
            .collect(),
        gaps: runs
            .iter()
            .flat_map(|(d, r)| gaps_of(r).into_iter().map(move |(a, b)| (d.as_str(), a, b)))
            .collect(),
        pending: pending.iter().map(String::as_str).collect(),
    };
    let bytes = crate::error::to_json(&d, "state digest")?;
    Ok(blake3::hash(&bytes).to_hex().to_string())
}

// ---- reference in-memory store ---------------------------------------------------------

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
                let bytes = super::bundle::ops_section(
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_and_gaps() {
        let r = add_runs(&[], &[1, 2, 3, 7, 8, 21]);
        assert_eq!(r, vec![(1, 3), (7, 8), (21, 21)]);
        assert_eq!(gaps_of(&r), vec![(4, 6), (9, 20)]);
        let r = add_runs(&r, &[4, 5, 6, 9]);
        assert_eq!(r, vec![(1, 9), (21, 21)]);
        assert_eq!(gaps_of(&add_runs(&[], &[11, 12])), vec![(1, 10)]);
    }
}
