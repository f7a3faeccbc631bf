//! Projections: which assessments a merge touches, their states folded forward or rebuilt
//! from the ops that are neither held nor past a fork point (either way equal to a full
//! rebuild, P7), and the conflicts they show before and after.

use std::collections::{BTreeMap, BTreeSet};

use super::hold::{Holds, held_after, hold_reason};
use super::union::ForkPoints;
use super::{Plan, Policy, View};
use crate::assessment::{AssessmentState, rebuild};
use crate::op::{Op, OpRef};

/// Write the projections a merge changes (`states`, `remove_states`) and count the
/// conflicts of the touched assessments (`report.touched`, `report.conflicts`,
/// `report.new_conflicts`). New ops are grouped by assessment and folded into the stored
/// projection; assessments touched by a new fork or a released hold are rebuilt.
pub(super) fn project<V: View + ?Sized>(
    view: &V,
    plan: &mut Plan,
    forks: ForkPoints,
    holds: &Holds,
) -> Result<(), V::Error> {
    let ForkPoints {
        after: mut fork_after,
        moved: fork_moved,
    } = forks;
    let Holds {
        before: held_now,
        released,
    } = holds;
    // Forks of devices not carried by this bundle still exclude.
    for op in released {
        if !fork_after.contains_key(&op.device)
            && let Some(n) = view.fork(&op.device)?
        {
            fork_after.insert(op.device.clone(), n);
        }
    }
    let is_held = |r: &OpRef| held_after(&plan.held_set, &plan.held_unset, held_now, r);
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
    Ok(())
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
    let is_held = |r: &OpRef| held_after(&plan.held_set, &plan.held_unset, &held_now, r);
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
