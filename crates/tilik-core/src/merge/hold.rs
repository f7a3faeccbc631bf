//! Held ops: which ops stay out of the projection until their instrument arrives or the
//! roster changes, and why (the hold reasons of the merge report).

use std::collections::{BTreeMap, BTreeSet};

use super::{Hold, Plan, Policy, View};
use crate::instrument::InstrumentRef;
use crate::op::{AnswerValue, Op, OpBody, OpRef};

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
        OpBody::SetReview { .. } | OpBody::ReviewComment { .. } => {
            (!policy.may_review(&op.device)).then(|| role_hold(op))
        }
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

/// The held marks a merge starts from, and the stored ops it releases.
pub(super) struct Holds {
    /// Every op held before the merge.
    pub(super) before: BTreeMap<OpRef, Hold>,
    /// Stored ops no longer held under the policy.
    pub(super) released: Vec<Op>,
}

/// Hold the new ops of `plan` that must be held, and re-evaluate the ops already held
/// (`held_set`, `held_unset`, `report.held`, `report.released`).
pub(super) fn hold_and_recheck<V: View + ?Sized>(
    view: &V,
    policy: &dyn Policy,
    plan: &mut Plan,
) -> Result<Holds, V::Error> {
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
    Ok(Holds {
        before: held_now,
        released,
    })
}

/// Whether `r` is held once a plan with these held marks is applied over `before`.
pub(super) fn held_after(
    set: &BTreeMap<OpRef, Hold>,
    unset: &BTreeSet<OpRef>,
    before: &BTreeMap<OpRef, Hold>,
    r: &OpRef,
) -> bool {
    set.contains_key(r) || (before.contains_key(r) && !unset.contains(r))
}
