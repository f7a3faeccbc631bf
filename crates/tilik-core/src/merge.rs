//! The merge planner (sync-anchors §3.6): given what a store already holds (a [`View`])
//! and the verified ops of a bundle, compute everything one atomic commit must write.
//!
//! - **Set union** keyed by `(device, seq)`: same hash → nothing to do; a different hash
//!   at a known `(device, seq)`, or an op whose `prev` disagrees with the stored
//!   neighbour, is a **fork**: the device is quarantined from the lowest such sequence
//!   number on (every op with `seq ≥ N` is left out of the projection), whatever the
//!   arrival order.
//! - **Held ops**: ops naming an instrument nobody here knows, an indicator that
//!   instrument does not have, a value outside its scale, a supervisor-only op
//!   (`Resolve`, `SetReview`) by a device the roster does not list as supervisor, or an
//!   assessor's op replacing another device's candidate (`crate::authz`) are kept but
//!   left out of the projection until the instrument arrives or the roster changes.
//! - **Projection**: new ops are grouped by assessment, each projection is loaded once,
//!   folded and written once; assessments touched by a new fork or a released hold are
//!   rebuilt from their ops. Either way the result equals a full rebuild (P7).
//! - **Gaps** per device (`runs`), **pending evidence** and **clock warnings** are
//!   reported, never refused.
//!
//! The planner only reads; the store applies a [`Plan`] in one transaction. [`MemView`]
//! is the reference in-memory store used by the property tests.
//!
//! Its parts, each re-exported here (callers name every item `merge::X`): `plan` (the
//! plan and report types), `union` (known, new and forked ops; fork points; runs and
//! gaps), `hold` (held ops), `project` (projections and conflicts, and the roster
//! recheck), `segments` (what an export carries), `digest` (the state digest) and `view`
//! (what the planner reads, and the in-memory reference store). This file runs the
//! stages in order.

mod digest;
mod grouped;
mod hold;
mod plan;
mod project;
mod segments;
mod union;
mod view;

use std::collections::BTreeSet;

use crate::op::{Op, OpRef};

pub use digest::state_digest;
pub use grouped::{Decode, GroupPlan, Packed, PackedOp, Prepared, prepare};
pub use hold::hold_reason;
pub use plan::{ForkInfo, Gap, Hold, IncomingOp, Plan, Report, SignedHead};
pub use project::plan_recheck;
pub use segments::{FoundHead, HeadFinder, SegmentPlan, plan_segments};
pub use union::{add_runs, gaps_of};
pub use view::{MemView, Policy, View};

pub use crate::op::{CLOCK_MIN_MS, CLOCK_SKEW_MS};

/// Plan the merge of verified incoming ops (any order) into `view`.
///
/// # Errors
/// Storage failure while reading the view.
pub fn plan_merge<V: View + ?Sized>(
    view: &V,
    policy: &dyn Policy,
    ops: Vec<IncomingOp>,
    heads: Vec<SignedHead>,
    carried_blobs: &BTreeSet<String>,
) -> Result<Plan, V::Error> {
    let mut plan = Plan {
        heads,
        ..Plan::default()
    };
    let arrivals = union::sort_in(view, &mut plan, ops)?;
    let forks = union::fork_points(view, &mut plan, &arrivals)?;
    let holds = hold::hold_and_recheck(view, policy, &mut plan)?;
    project::project(view, &mut plan, forks, &holds)?;
    union::record_runs(view, &mut plan, &arrivals.devices)?;
    note_evidence(view, &mut plan, &arrivals.referenced, carried_blobs)?;
    note_clocks(policy, &mut plan);
    plan.report.new_ops = plan.new_ops.len() as u64;
    Ok(plan)
}

/// Evidence the incoming ops attach that is neither carried nor stored is pending
/// (`report.pending`, `pending_add`); carried evidence is no longer pending
/// (`pending_remove`).
fn note_evidence<V: View + ?Sized>(
    view: &V,
    plan: &mut Plan,
    referenced: &BTreeSet<String>,
    carried_blobs: &BTreeSet<String>,
) -> Result<(), V::Error> {
    for h in referenced {
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
    Ok(())
}

/// New ops whose clock is not believed get a clock warning (`report.clock`): a wall
/// clock before [`CLOCK_MIN_MS`] or more than [`CLOCK_SKEW_MS`] after the import time, a
/// clock [`clock_trusted`](crate::op::clock_trusted) refuses (absurd wall time, `hlc` ahead
/// of its own wall clock), or an `hlc` more than [`CLOCK_SKEW_MS`] after the bundle's
/// creation time. Warnings only: what orders ops is
/// [`order_clock`](crate::op::order_clock), a function of the op alone.
fn note_clocks(policy: &dyn Policy, plan: &mut Plan) {
    plan.report.clock = clock_warnings(policy, plan.new_ops.iter().map(|o| &o.op));
}

/// The ops whose clock is not believed (see [`note_clocks`]), in the order given.
fn clock_warnings<'a>(policy: &dyn Policy, ops: impl Iterator<Item = &'a Op>) -> Vec<OpRef> {
    let now = policy.now_ms();
    let created = policy.bundle_created_ms();
    let mut out = Vec::new();
    for op in ops {
        let (hlc, wall) = (op.hlc, op.wall_ms);
        let after_bundle =
            created.is_some_and(|c| crate::op::hlc_ms(hlc) > c.saturating_add(CLOCK_SKEW_MS));
        if wall < CLOCK_MIN_MS
            || wall > now.saturating_add(CLOCK_SKEW_MS)
            || !crate::op::clock_trusted(hlc, wall)
            || after_bundle
        {
            out.push(op.op_ref());
        }
    }
    out
}
