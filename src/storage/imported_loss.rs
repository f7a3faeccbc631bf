//! Loss of imported ops: sled can lose part of its log and still open (`docs/store.md`,
//! "When sled cannot open the store"). This device's own ops are proven against the
//! journal (`durable`); other devices' ops are not journaled (importing the inbox again
//! re-creates them), so on opening every received run (`runs/<device>`) is checked against
//! the op segments present. What is missing is reported ([`Store::imported_lost`]) for
//! the workspace to name the inbox bundles that carry it; the op count is set to the ops
//! present and the projections are rebuilt from them, so importing those bundles again
//! applies and counts the lost ops once.

use std::collections::BTreeMap;

use super::backend::{Keys, Order, Tree};
use super::{OP_COUNT, Store, json, op_key, segment, seq_of_key};
use crate::error::Result;

/// Ops of another device that the store received and no longer holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostOps {
    /// Device (hex public key).
    pub device: String,
    /// First and last sequence number of a missing run.
    pub from: u64,
    pub to: u64,
}

/// The parts of `from..=to` not covered by `have` (sorted, non-overlapping ranges).
fn uncovered(from: u64, to: u64, have: &[(u64, u64)]) -> Vec<(u64, u64)> {
    let mut out = Vec::new();
    let mut at = from;
    for &(a, b) in have {
        if b < at {
            continue;
        }
        if a > to {
            break;
        }
        if a > at {
            out.push((at, a - 1));
        }
        at = at.max(b.saturating_add(1));
        if at > to {
            return out;
        }
    }
    if at <= to {
        out.push((at, to));
    }
    out
}

impl Store {
    /// Received runs against the segments present (one walk of the op log), and the ops
    /// present against the op count and the journal's last completed sync (sled can lose
    /// segments together with the runs that named them, and keep the projections that
    /// applied them). Returns the missing runs and how many missing ops no run names.
    /// When anything is missing the op count is set to the ops present and the
    /// projections are rebuilt from them, so importing the bundles again applies the lost
    /// ops once.
    pub(super) fn check_imported_ops(&self) -> Result<(Vec<LostOps>, u64)> {
        let runs = self.all_runs()?;
        let mark = self.journal()?.and_then(|j| j.synced()).unwrap_or(0);
        let had: u64 = self.meta_get(OP_COUNT)?.unwrap_or(0);
        if runs.is_empty() && had == 0 && mark == 0 {
            return Ok((Vec::new(), 0));
        }
        let _w = self.write_lock()?;
        let mut have: BTreeMap<Vec<u8>, Vec<(u64, u64)>> = BTreeMap::new();
        let mut counted = 0u64;
        for kv in self.kv.scan(Tree::Ops, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            let Some(at) = k.len().checked_sub(8) else {
                continue;
            };
            let first = seq_of_key(&k)?;
            let n = segment::count(&v);
            counted += n;
            if n > 0 {
                have.entry(k[..at].to_vec())
                    .or_default()
                    .push((first, first + n - 1));
            }
        }
        let mut lost = Vec::new();
        for (device, rs) in runs {
            let k = op_key(&device, 0);
            let mut got = have.remove(&k[..k.len() - 8]).unwrap_or_default();
            got.sort_unstable();
            for (from, to) in rs {
                for (a, b) in uncovered(from, to, &got) {
                    lost.push(LostOps {
                        device: device.clone(),
                        from: a,
                        to: b,
                    });
                }
            }
        }
        let explained: u64 = lost.iter().map(|l| l.to - l.from + 1).sum();
        let unexplained = had
            .max(mark)
            .saturating_sub(counted)
            .saturating_sub(explained);
        if !lost.is_empty() || unexplained > 0 {
            if had != counted {
                self.put(Tree::Meta, OP_COUNT, json(&counted)?)?;
            }
            // The projections still show the lost ops: make them a function of the ops
            // present again, so importing the bundles again applies them as new.
            drop(_w);
            self.rebuild_check(true)?;
        }
        Ok((lost, unexplained))
    }

    /// The parts of `from..=to` of `device`'s ops that the op log does not hold.
    ///
    /// # Errors
    /// Storage failure.
    pub fn missing_ops(&self, device: &str, from: u64, to: u64) -> Result<Vec<LostOps>> {
        let k = op_key(device, 0);
        let prefix = &k[..k.len() - 8];
        let mut got = Vec::new();
        for kv in self
            .kv
            .scan(Tree::Ops, Keys::Prefix(prefix), Order::Forward)?
        {
            let (k, v) = kv?;
            let first = seq_of_key(&k)?;
            let n = segment::count(&v);
            if n > 0 {
                got.push((first, first + n - 1));
            }
        }
        got.sort_unstable();
        Ok(uncovered(from, to, &got)
            .into_iter()
            .map(|(a, b)| LostOps {
                device: device.to_string(),
                from: a,
                to: b,
            })
            .collect())
    }
}

impl Store {
    /// Forget that bundle file `hash` was imported, so importing it again merges it (its
    /// ops went missing). Durable.
    ///
    /// # Errors
    /// Storage failure.
    pub fn forget_imported(&self, hash: &str) -> Result<()> {
        self.remove(Tree::Meta, format!("imported/{hash}"))?;
        self.sync()
    }
}

#[cfg(test)]
mod tests {
    use super::uncovered;

    #[test]
    fn uncovered_parts_of_a_run() {
        assert_eq!(uncovered(1, 10, &[(1, 10)]), vec![]);
        assert_eq!(uncovered(1, 10, &[]), vec![(1, 10)]);
        assert_eq!(uncovered(1, 10, &[(1, 3), (6, 8)]), vec![(4, 5), (9, 10)]);
        assert_eq!(uncovered(5, 6, &[(1, 3), (8, 9)]), vec![(5, 6)]);
        assert_eq!(uncovered(2, 4, &[(1, 9)]), vec![]);
    }
}
