//! Set union of the incoming ops with what the store holds, keyed by `(device, seq)`:
//! which ops are known, new or the losing side of a fork, where each device is
//! quarantined from after the merge, and which sequence numbers each device still misses
//! (runs and gaps).

use std::collections::{BTreeMap, BTreeSet};

use super::{ForkInfo, Gap, IncomingOp, Plan, View};
use crate::op::OpBody;

/// What sorting the incoming ops in found, besides what it wrote to the plan.
pub(super) struct Arrivals {
    /// Per device, the lowest sequence number at which this merge shows a fork.
    events: BTreeMap<String, u64>,
    /// Evidence blobs the incoming ops attach.
    pub(super) referenced: BTreeSet<String>,
    /// Devices the incoming ops are of.
    pub(super) devices: BTreeSet<String>,
}

/// Sort verified incoming ops (any order) into known ones (`report.known_ops`), new ones
/// (`new_ops`) and fork copies (`fork_copies`): a different hash at a known
/// `(device, seq)`, or a `prev` that disagrees with the stored neighbour, is a fork.
pub(super) fn sort_in<V: View + ?Sized>(
    view: &V,
    plan: &mut Plan,
    mut ops: Vec<IncomingOp>,
) -> Result<Arrivals, V::Error> {
    ops.sort_by(|a, b| (&a.op.device, a.op.seq).cmp(&(&b.op.device, b.op.seq)));
    // Whether the bundle also brings `(device, seq - 1)` / `(device, seq + 1)`, per op (the
    // ops are sorted, so a binary search; no per-op map: a bundle can carry 400k ops).
    let has = |d: &str, s: u64| {
        ops.binary_search_by(|o| (o.op.device.as_str(), o.op.seq).cmp(&(d, s)))
            .is_ok()
    };
    let neighbours: Vec<(bool, bool)> = ops
        .iter()
        .map(|o| {
            let (d, s) = (o.op.device.as_str(), o.op.seq);
            (s > 1 && has(d, s - 1), has(d, s.saturating_add(1)))
        })
        .collect();
    let mut events: BTreeMap<String, u64> = BTreeMap::new();
    let mut event = |d: &str, s: u64| {
        let e = events.entry(d.to_string()).or_insert(s);
        *e = (*e).min(s);
    };
    let mut referenced: BTreeSet<String> = BTreeSet::new();
    let mut devices: BTreeSet<String> = BTreeSet::new();
    // What the store holds around each device's incoming ops, read once per device.
    let mut span: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for o in &ops {
        let s = o.op.seq;
        let e = span.entry(o.op.device.as_str()).or_insert((s, s));
        e.0 = e.0.min(s);
        e.1 = e.1.max(s);
    }
    let mut stored: BTreeMap<String, BTreeMap<u64, String>> = BTreeMap::new();
    for (d, (lo, hi)) in span {
        let hashes = view.stored_hashes(d, lo.saturating_sub(1), hi.saturating_add(1))?;
        stored.insert(d.to_string(), hashes);
    }
    // Sorted in place: known ops are dropped, fork copies moved out, and what is left
    // (the new ops) keeps the input's buffer, so the bundle's ops are never held twice.
    let mut failed: Option<V::Error> = None;
    let mut i = 0;
    ops.retain_mut(|o| {
        let (has_prev, has_next) = neighbours[i];
        i += 1;
        if failed.is_some() {
            return false;
        }
        let s = o.op.seq;
        if !devices.contains(&o.op.device) {
            devices.insert(o.op.device.clone());
        }
        if let OpBody::AttachEvidence { blob, .. } = &o.op.body {
            referenced.insert(blob.hash.clone());
        }
        let known = stored.get(&o.op.device);
        match known.and_then(|m| m.get(&s)) {
            Some(h) if *h == o.hash => {
                plan.report.known_ops += 1;
                false
            }
            Some(_) => {
                event(&o.op.device, s);
                plan.fork_copies.push(IncomingOp {
                    op: o.op.clone(),
                    bytes: std::mem::take(&mut o.bytes),
                    hash: std::mem::take(&mut o.hash),
                });
                false
            }
            None => {
                if s > 1
                    && !has_prev
                    && let Some(h) = known.and_then(|m| m.get(&(s - 1)))
                    && o.op.prev.as_deref() != Some(h.as_str())
                {
                    event(&o.op.device, s);
                }
                if !has_next && known.is_some_and(|m| m.contains_key(&(s + 1))) {
                    match view.stored_op(&o.op.device, s + 1) {
                        Ok(Some(next)) if next.prev.as_deref() != Some(o.hash.as_str()) => {
                            event(&o.op.device, s + 1);
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
    if ops.len() < ops.capacity() / 2 {
        ops.shrink_to_fit();
    }
    if plan.new_ops.is_empty() {
        plan.new_ops = ops;
    } else {
        plan.new_ops.append(&mut ops);
    }
    Ok(Arrivals {
        events,
        referenced,
        devices,
    })
}

/// The fork points after a merge.
pub(super) struct ForkPoints {
    /// Per device, the sequence number from which its ops are excluded.
    pub(super) after: BTreeMap<String, u64>,
    /// Fork points this merge set or moved earlier: `(device, old, new)`.
    pub(super) moved: Vec<(String, Option<u64>, u64)>,
}

/// Set or move the fork point of every device with a fork event (`forks`,
/// `report.forks`), and collect the fork points of every incoming device.
pub(super) fn fork_points<V: View + ?Sized>(
    view: &V,
    plan: &mut Plan,
    arrivals: &Arrivals,
) -> Result<ForkPoints, V::Error> {
    let mut fork_after: BTreeMap<String, u64> = BTreeMap::new();
    let mut fork_moved: Vec<(String, Option<u64>, u64)> = Vec::new();
    for (d, s) in &arrivals.events {
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
    for d in arrivals
        .devices
        .iter()
        .chain(plan.new_ops.iter().map(|o| &o.op.device))
    {
        if !fork_after.contains_key(d)
            && let Some(n) = plan.forks.get(d).copied().or(view.fork(d)?)
        {
            fork_after.insert(d.clone(), n);
        }
    }
    Ok(ForkPoints {
        after: fork_after,
        moved: fork_moved,
    })
}

/// The new run list of every incoming device (`runs`) and the gaps left (`report.gaps`).
pub(super) fn record_runs<V: View + ?Sized>(
    view: &V,
    plan: &mut Plan,
    devices: &BTreeSet<String>,
) -> Result<(), V::Error> {
    let mut new_seqs: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
    for o in &plan.new_ops {
        new_seqs.entry(&o.op.device).or_default().push(o.op.seq);
    }
    for d in devices {
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
    Ok(())
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
