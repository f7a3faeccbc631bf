//! Held ops: which ops stay out of the projection until their instrument arrives or the
//! roster changes, and why (the hold reasons of the merge report).

use std::collections::{BTreeMap, BTreeSet};

use super::{Hold, Plan, Policy, View};
use crate::authz::{self, Denied, Role};
use crate::instrument::InstrumentRef;
use crate::op::{AnswerValue, Op, OpBody, OpRef};

/// Why `op` must be held under `policy`, if it must: first who may write it
/// ([`authz::check`] under the role the policy gives its device), then what it names.
#[must_use]
pub fn hold_reason(op: &Op, policy: &dyn Policy) -> Option<Hold> {
    let role = if policy.may_review(&op.device) {
        Role::Supervisor
    } else {
        Role::Assessor
    };
    if let Some(d) = authz::check(role, &op.device, &op.body) {
        return Some(denied_hold(op, d));
    }
    match &op.body {
        OpBody::CreateAssessment { instrument, .. } => policy
            .instrument(&instrument.hash)
            .is_none()
            .then(|| missing_instrument(policy, instrument)),
        OpBody::SetAnswer {
            indicator,
            value,
            instrument,
            ..
        }
        | OpBody::Resolve {
            indicator,
            value,
            instrument,
            ..
        } => check_answer(policy, instrument, indicator, *value),
        _ => None,
    }
}

fn denied_hold(op: &Op, d: Denied) -> Hold {
    let detail = match d {
        Denied::Role => format!(
            "{} by a device that is not a trusted supervisor",
            op.body.kind()
        ),
        Denied::SupersedesOther => format!(
            "{} replaces another device's candidate; only a trusted supervisor may",
            op.body.kind()
        ),
    };
    Hold::new(d.code(), detail)
}

/// The hold of an op whose instrument the policy does not give: `instrument_mismatch`
/// (detail: the exact hash to trust) when the hash is known under a trusted id and version
/// with other content, else `unknown_instrument`.
fn missing_instrument(policy: &dyn Policy, r: &InstrumentRef) -> Hold {
    if policy.mismatched(&r.hash) {
        Hold::new("instrument_mismatch", r.hash.clone())
    } else {
        unknown_instrument(r)
    }
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
        return Some(missing_instrument(policy, r));
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
