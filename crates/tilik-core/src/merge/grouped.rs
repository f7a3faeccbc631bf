//! The merge planned per group of assessments, for bundles of any size: the same plan as
//! [`plan_merge`](super::plan_merge), but the bundle's ops are kept **packed** (stored
//! bytes, hash, device, sequence number and assessment; [`Packed`]) and decoded again one
//! group of assessments at a time, so the decoded ops and the projections in memory are
//! those of one group, never of the whole bundle.
//!
//! [`prepare`] does what needs every op (set union, fork points, the re-check of held
//! ops, runs and gaps, pending evidence) on the packed form; [`Prepared::plan_group`] then
//! holds, projects and clock-checks the new ops of one group (every op of an assessment is
//! in one group, so a group's projections depend on no other group's); [`Prepared::finish`]
//! gives the plan of everything that is not a group's (and the report of all of them)
//! plus the new ops still packed, for the op log. The union of the group plans and the
//! finished plan is the plan [`plan_merge`](super::plan_merge) makes of the same ops, in
//! any grouping (`tests/import_grouped.rs` compares the stores).

use std::collections::{BTreeMap, BTreeSet};

use super::hold::{held_after, hold_reason};
use super::union::{add_runs, gaps_of};
use super::{ForkInfo, Gap, Hold, IncomingOp, Plan, Policy, Report, SignedHead, View};
use crate::assessment::{AssessmentState, rebuild};
use crate::codec::hex;
use crate::op::{Op, OpBody, OpRef};

/// One verified op of a bundle, packed: devices and assessments are indexes into
/// [`Packed`]'s tables.
#[derive(Debug, Clone)]
pub struct PackedOp {
    pub device: u32,
    pub assessment: u32,
    pub seq: u64,
    /// blake3 of `bytes`.
    pub hash: [u8; 32],
    pub bytes: Box<[u8]>,
}

/// The verified ops of a bundle, packed (what pass 1 of an import keeps).
#[derive(Debug, Clone, Default)]
pub struct Packed {
    pub devices: Vec<String>,
    pub assessments: Vec<String>,
    pub ops: Vec<PackedOp>,
    /// Evidence blobs the ops attach (every op, new or not).
    pub referenced: BTreeSet<String>,
    device_ix: BTreeMap<String, u32>,
    assessment_ix: BTreeMap<String, u32>,
}

fn intern(table: &mut Vec<String>, ix: &mut BTreeMap<String, u32>, s: &str) -> u32 {
    if let Some(i) = ix.get(s) {
        return *i;
    }
    let i = u32::try_from(table.len()).unwrap_or(u32::MAX);
    table.push(s.to_string());
    ix.insert(s.to_string(), i);
    i
}

impl Packed {
    /// Room for `n` more ops.
    pub fn reserve(&mut self, n: usize) {
        self.ops.reserve_exact(n);
    }

    /// Keep one verified op: its bytes and hash (blake3), and what the planner sorts by.
    pub fn push(&mut self, op: &Op, bytes: Vec<u8>, hash: [u8; 32]) {
        let device = intern(&mut self.devices, &mut self.device_ix, &op.device);
        let assessment = intern(
            &mut self.assessments,
            &mut self.assessment_ix,
            op.body.assessment(),
        );
        if let OpBody::AttachEvidence { blob, .. } = &op.body
            && !self.referenced.contains(&blob.hash)
        {
            self.referenced.insert(blob.hash.clone());
        }
        self.ops.push(PackedOp {
            device,
            assessment,
            seq: op.seq,
            hash,
            bytes: bytes.into_boxed_slice(),
        });
    }

    /// How many ops are kept.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// Whether no op is kept.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// The device of an op.
    #[must_use]
    pub fn device(&self, o: &PackedOp) -> &str {
        &self.devices[o.device as usize]
    }

    /// The assessment of an op.
    #[must_use]
    pub fn assessment(&self, o: &PackedOp) -> &str {
        &self.assessments[o.assessment as usize]
    }

    /// Renumber the tables so that index order is string order (sorting by index then
    /// sorts as the strings do).
    fn sort_tables(&mut self) {
        fn order(table: &mut Vec<String>) -> Vec<u32> {
            let mut by: Vec<u32> = (0..u32::try_from(table.len()).unwrap_or(u32::MAX)).collect();
            by.sort_by(|a, b| table[*a as usize].cmp(&table[*b as usize]));
            let mut new_of = vec![0u32; table.len()];
            for (new, old) in by.iter().enumerate() {
                new_of[*old as usize] = u32::try_from(new).unwrap_or(u32::MAX);
            }
            let mut sorted: Vec<String> = by
                .iter()
                .map(|o| std::mem::take(&mut table[*o as usize]))
                .collect();
            std::mem::swap(table, &mut sorted);
            new_of
        }
        let dev = order(&mut self.devices);
        let ass = order(&mut self.assessments);
        for o in &mut self.ops {
            o.device = dev[o.device as usize];
            o.assessment = ass[o.assessment as usize];
        }
        self.device_ix.clear();
        self.assessment_ix.clear();
    }
}

/// Decodes an op from its verified bytes (the caller's decoder and error).
pub type Decode<'a, E> = dyn Fn(&[u8]) -> Result<Op, E> + 'a;

/// One group: a run of assessments (by index) in `Prepared::order`, and the ids among
/// them to rebuild.
#[derive(Debug, Clone)]
struct Group {
    /// `order[from..to]` are the new ops of this group.
    from: usize,
    to: usize,
    /// Assessments to rebuild from their stored ops (a new fork or a released hold).
    rebuild: BTreeSet<String>,
}

/// What one group of assessments writes and reports.
#[derive(Debug, Clone, Default)]
pub struct GroupPlan {
    /// The group's new ops, decoded, in (device, seq) order per assessment.
    pub ops: Vec<Op>,
    /// Holds of the group's new ops.
    pub held_set: BTreeMap<OpRef, Hold>,
    /// Projections to write.
    pub states: BTreeMap<String, AssessmentState>,
    /// Projections to delete.
    pub remove_states: BTreeSet<String>,
    /// The group's part of the report: `held`, `clock`, `touched`, `conflicts`,
    /// `new_conflicts`.
    pub report: Report,
}

/// A merge planned on the packed ops, ready to be planned group by group.
pub struct Prepared {
    /// Everything that is not a group's (new ops are in `packed`).
    plan: Plan,
    /// The new ops, sorted by (device, seq).
    packed: Packed,
    /// Indexes into `packed.ops` of the new ops, sorted by (assessment, device, seq).
    order: Vec<u32>,
    groups: Vec<Group>,
    fork_after: BTreeMap<String, u64>,
    held_now: BTreeMap<OpRef, Hold>,
    touched: BTreeSet<String>,
}

/// Plan everything of a merge that needs all of the bundle's ops, on the packed form, and
/// cut the new ops into groups of assessments of about `group_ops` ops each.
///
/// # Errors
/// Storage failure while reading the view, or an op that does not decode.
#[allow(clippy::too_many_lines)]
pub fn prepare<V: View + ?Sized>(
    view: &V,
    policy: &dyn Policy,
    mut packed: Packed,
    heads: Vec<SignedHead>,
    carried_blobs: &BTreeSet<String>,
    group_ops: usize,
    decode: &Decode<'_, V::Error>,
) -> Result<Prepared, V::Error> {
    let mut plan = Plan {
        heads,
        ..Plan::default()
    };
    packed.sort_tables();
    let mut ops = std::mem::take(&mut packed.ops);
    ops.sort_by_key(|a| (a.device, a.seq));
    let has = |d: u32, s: u64| {
        ops.binary_search_by(|o| (o.device, o.seq).cmp(&(d, s)))
            .is_ok()
    };
    let neighbours: Vec<(bool, bool)> = ops
        .iter()
        .map(|o| {
            (
                o.seq > 1 && has(o.device, o.seq - 1),
                has(o.device, o.seq.saturating_add(1)),
            )
        })
        .collect();
    let mut events: BTreeMap<String, u64> = BTreeMap::new();
    let mut event = |d: &str, s: u64| {
        let e = events.entry(d.to_string()).or_insert(s);
        *e = (*e).min(s);
    };
    let mut span: BTreeMap<u32, (u64, u64)> = BTreeMap::new();
    for o in &ops {
        let e = span.entry(o.device).or_insert((o.seq, o.seq));
        e.0 = e.0.min(o.seq);
        e.1 = e.1.max(o.seq);
    }
    let mut stored: BTreeMap<u32, BTreeMap<u64, String>> = BTreeMap::new();
    for (d, (lo, hi)) in span {
        let hashes = view.stored_hashes(
            &packed.devices[d as usize],
            lo.saturating_sub(1),
            hi.saturating_add(1),
        )?;
        stored.insert(d, hashes);
    }
    let mut failed: Option<V::Error> = None;
    let mut i = 0;
    ops.retain_mut(|o| {
        let (has_prev, has_next) = neighbours[i];
        i += 1;
        if failed.is_some() {
            return false;
        }
        let s = o.seq;
        let device = packed.devices[o.device as usize].as_str();
        let known = stored.get(&o.device).filter(|m| !m.is_empty());
        let Some(known) = known else {
            return true;
        };
        let hash = hex(&o.hash);
        match known.get(&s) {
            Some(h) if *h == hash => {
                plan.report.known_ops += 1;
                false
            }
            Some(_) => {
                event(device, s);
                match decode(&o.bytes) {
                    Ok(op) => plan.fork_copies.push(IncomingOp {
                        op,
                        bytes: std::mem::take(&mut o.bytes).into_vec(),
                        hash,
                    }),
                    Err(e) => failed = Some(e),
                }
                false
            }
            None => {
                if s > 1
                    && !has_prev
                    && let Some(h) = known.get(&(s - 1))
                {
                    match decode(&o.bytes) {
                        Ok(op) if op.prev.as_deref() != Some(h.as_str()) => event(device, s),
                        Ok(_) => {}
                        Err(e) => failed = Some(e),
                    }
                }
                if !has_next && known.contains_key(&(s + 1)) {
                    match view.stored_op(device, s + 1) {
                        Ok(Some(next)) if next.prev.as_deref() != Some(hash.as_str()) => {
                            event(device, s + 1);
                        }
                        Ok(_) => {}
                        Err(e) => failed = Some(e),
                    }
                }
                true
            }
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    drop(neighbours);
    drop(stored);
    if ops.len() < ops.capacity() / 2 {
        ops.shrink_to_fit();
    }
    packed.ops = ops;
    let devices: BTreeSet<String> = packed.devices.iter().cloned().collect();

    // Fork points (as `union::fork_points`).
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
    for d in &devices {
        if !fork_after.contains_key(d)
            && let Some(n) = plan.forks.get(d).copied().or(view.fork(d)?)
        {
            fork_after.insert(d.clone(), n);
        }
    }

    // Stored held ops re-evaluated (as `hold::hold_and_recheck`; the new ops' holds are
    // the groups').
    let held_now = view.held()?;
    let mut released: Vec<Op> = Vec::new();
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

    // What the projections need beyond a group's ops (as `project::project`).
    for op in &released {
        if !fork_after.contains_key(&op.device)
            && let Some(n) = view.fork(&op.device)?
        {
            fork_after.insert(op.device.clone(), n);
        }
    }
    let mut rebuild_ids: BTreeSet<String> = released
        .iter()
        .map(|o| o.body.assessment().to_string())
        .collect();
    drop(released);
    for (d, old, new) in &fork_moved {
        for op in view.device_ops_from(d, *new)? {
            if old.is_none_or(|o| op.seq < o) {
                rebuild_ids.insert(op.body.assessment().to_string());
            }
        }
    }

    // Runs and gaps (as `union::record_runs`).
    let mut new_seqs: BTreeMap<u32, Vec<u64>> = BTreeMap::new();
    for o in &packed.ops {
        new_seqs.entry(o.device).or_default().push(o.seq);
    }
    for (ix, d) in packed.devices.iter().enumerate() {
        let old = view.runs(d)?;
        let runs = match new_seqs.get(&u32::try_from(ix).unwrap_or(u32::MAX)) {
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
    drop(new_seqs);

    // Pending evidence (as `merge::note_evidence`).
    for h in &packed.referenced {
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
    plan.report.new_ops = packed.ops.len() as u64;

    // Groups: assessments in id order, cut after about `group_ops` new ops (an
    // assessment to rebuild counts as one).
    let mut order: Vec<u32> = (0..u32::try_from(packed.ops.len()).unwrap_or(u32::MAX)).collect();
    order.sort_by_key(|i| {
        let o = &packed.ops[*i as usize];
        (o.assessment, o.device, o.seq)
    });
    let mut groups: Vec<Group> = Vec::new();
    let mut cur = Group {
        from: 0,
        to: 0,
        rebuild: BTreeSet::new(),
    };
    let mut weight = 0usize;
    let mut pending_rebuild = rebuild_ids.iter().peekable();
    let limit = group_ops.max(1);
    let mut at = 0usize;
    while at < order.len() || pending_rebuild.peek().is_some() {
        // The next assessment in id order: one with new ops, or one only to rebuild.
        let next_new = order
            .get(at)
            .map(|i| packed.assessments[packed.ops[*i as usize].assessment as usize].as_str());
        let next_rebuild = pending_rebuild.peek().map(|s| s.as_str());
        let id = match (next_new, next_rebuild) {
            (Some(a), Some(b)) => a.min(b),
            (Some(a), None) => a,
            (None, Some(b)) => b,
            (None, None) => break,
        }
        .to_string();
        if next_rebuild == Some(id.as_str()) {
            pending_rebuild.next();
            cur.rebuild.insert(id.clone());
            weight += 1;
        }
        while let Some(i) = order.get(at)
            && packed.assessments[packed.ops[*i as usize].assessment as usize] == id
        {
            at += 1;
            weight += 1;
        }
        cur.to = at;
        if weight >= limit {
            let next = Group {
                from: at,
                to: at,
                rebuild: BTreeSet::new(),
            };
            groups.push(std::mem::replace(&mut cur, next));
            weight = 0;
        }
    }
    if weight > 0 || (cur.to > cur.from) || !cur.rebuild.is_empty() {
        groups.push(cur);
    }
    Ok(Prepared {
        plan,
        packed,
        order,
        groups,
        fork_after,
        held_now,
        touched: BTreeSet::new(),
    })
}

impl Prepared {
    /// How many groups the new ops are planned in.
    #[must_use]
    pub fn groups(&self) -> usize {
        self.groups.len()
    }

    /// Plan group `k`: the holds of its new ops, its projections (folded, or rebuilt for
    /// a new fork or a released hold), their conflicts and the clock warnings of its ops.
    /// Its report part is also added to the merge's ([`Prepared::finish`]).
    ///
    /// # Errors
    /// Storage failure while reading the view, or an op that does not decode.
    pub fn plan_group<V: View + ?Sized>(
        &mut self,
        view: &V,
        policy: &dyn Policy,
        k: usize,
        decode: &Decode<'_, V::Error>,
    ) -> Result<GroupPlan, V::Error> {
        let Some(group) = self.groups.get(k) else {
            return Ok(GroupPlan::default());
        };
        let mut g = GroupPlan::default();
        for i in &self.order[group.from..group.to] {
            g.ops.push(decode(&self.packed.ops[*i as usize].bytes)?);
        }
        for op in &g.ops {
            if let Some(h) = hold_reason(op, policy) {
                g.held_set.insert(op.op_ref(), h.clone());
                g.report.held.push((op.op_ref(), h));
            }
        }
        let plan = &self.plan;
        let held_now = &self.held_now;
        let fork_after = &self.fork_after;
        let is_held = |r: &OpRef| {
            g.held_set.contains_key(r) || held_after(&plan.held_set, &plan.held_unset, held_now, r)
        };
        let excluded = |op: &Op| {
            fork_after.get(&op.device).is_some_and(|n| op.seq >= *n) || is_held(&op.op_ref())
        };
        let mut by_assessment: BTreeMap<&str, Vec<&Op>> = BTreeMap::new();
        for op in &g.ops {
            by_assessment
                .entry(op.body.assessment())
                .or_default()
                .push(op);
        }
        let mut states: BTreeMap<String, AssessmentState> = BTreeMap::new();
        let mut remove_states: BTreeSet<String> = BTreeSet::new();
        let mut touched: BTreeSet<String> = BTreeSet::new();
        let mut conflicts_before: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut before = |id: &str, st: Option<&AssessmentState>| {
            conflicts_before.entry(id.to_string()).or_insert_with(|| {
                st.map(|s| s.conflicts().into_iter().map(str::to_string).collect())
                    .unwrap_or_default()
            });
        };
        for id in &group.rebuild {
            let old = view.assessment(id)?;
            before(id, old.as_ref());
            let mut all = view.ops_of(id)?;
            if let Some(new) = by_assessment.get(id.as_str()) {
                all.extend(new.iter().map(|o| (*o).clone()));
            }
            let kept: Vec<&Op> = all.iter().filter(|o| !excluded(o)).collect();
            match rebuild(kept).remove(id) {
                None => {
                    if old.is_some() {
                        touched.insert(id.clone());
                        remove_states.insert(id.clone());
                    }
                }
                Some(st) => {
                    if old.as_ref() != Some(&st) {
                        touched.insert(id.clone());
                        states.insert(id.clone(), st);
                    }
                }
            }
        }
        for (id, new) in &by_assessment {
            if group.rebuild.contains(*id) {
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
            touched.insert((*id).to_string());
            states.insert((*id).to_string(), st);
        }
        for id in &touched {
            let after: BTreeSet<String> = states.get(id).map_or_else(BTreeSet::new, |s| {
                s.conflicts().into_iter().map(str::to_string).collect()
            });
            let was = conflicts_before.get(id).cloned().unwrap_or_default();
            g.report.conflicts += after.len() as u64;
            g.report.new_conflicts += after.difference(&was).count() as u64;
        }
        drop(by_assessment);
        g.states = states;
        g.remove_states = remove_states;
        g.report.clock = super::clock_warnings(policy, g.ops.iter());
        g.report.touched = touched.iter().cloned().collect();
        // The merge's report gathers the groups' parts.
        let r = &mut self.plan.report;
        r.held.extend(g.report.held.iter().cloned());
        r.clock.extend(g.report.clock.iter().cloned());
        r.conflicts += g.report.conflicts;
        r.new_conflicts += g.report.new_conflicts;
        self.touched.extend(touched);
        Ok(g)
    }

    /// The plan of everything that is not a group's (fork copies, fork points, re-checked
    /// holds, runs, heads, pending evidence) with the report of the whole merge, and the
    /// new ops still packed, sorted by (device, seq), for the op log.
    #[must_use]
    pub fn finish(mut self) -> (Plan, Packed) {
        let r = &mut self.plan.report;
        r.held.sort_by(|a, b| a.0.cmp(&b.0));
        r.clock.sort();
        r.touched = std::mem::take(&mut self.touched).into_iter().collect();
        (self.plan, self.packed)
    }
}
