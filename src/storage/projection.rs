//! The projection: each assessment's current state, stored per assessment and rewritten
//! in the same write as the ops that change it, and its check against a rebuild from the
//! log (`tilik store rebuild`).

use std::collections::{BTreeMap, BTreeSet};

use super::backend::{Keys, Order, Tree};
use super::bundles::Exclusions;
use super::{RebuildCheck, Store, brief};
use crate::core::assessment::{AssessmentState, rebuild};
use crate::error::Result;

use super::packed::decode;

impl Store {
    /// The projection of one assessment.
    ///
    /// # Errors
    /// Storage failure.
    pub fn assessment(&self, id: &str) -> Result<Option<AssessmentState>> {
        // A projection changed by a commit not yet applied to the backend (`behind`).
        if let Some(st) = self.kv.state(id)? {
            return Ok(Some(st));
        }
        match self.kv.get(Tree::Assess, id.as_bytes())? {
            None => Ok(None),
            Some(v) => decode(&v).map(Some),
        }
    }

    /// Every assessment projection.
    ///
    /// # Errors
    /// Storage failure.
    pub fn assessments(&self) -> Result<Vec<AssessmentState>> {
        self.assessments_iter().collect()
    }

    /// Every assessment projection, one at a time (memory: one projection, for callers
    /// that summarize a national year).
    pub fn assessments_iter(&self) -> impl Iterator<Item = Result<AssessmentState>> + '_ {
        let entries = match self.kv.scan(Tree::Assess, Keys::All, Order::Forward) {
            Ok(it) => it,
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        entries.map(|kv| decode(&kv?.1))
    }

    /// Ids of all assessments.
    ///
    /// # Errors
    /// Storage failure.
    pub fn assessment_ids(&self) -> Result<Vec<String>> {
        self.kv
            .scan(Tree::Assess, Keys::All, Order::Forward)?
            .map(|kv| Ok(String::from_utf8_lossy(&kv?.0).to_string()))
            .collect()
    }

    /// Rebuild every projection from the op log (without writing) and compare it and its
    /// brief with the live ones. Returns (rebuilt, ids whose projection or brief differs).
    ///
    /// # Errors
    /// Storage failure.
    pub fn rebuild_compare(&self) -> Result<(BTreeMap<String, AssessmentState>, Vec<String>)> {
        let ops = self.all_ops()?;
        // Held and fork-excluded ops are kept but never projected (see `bundles`).
        let excl = self.exclusions()?;
        let rebuilt = rebuild(ops.iter().filter(|o| !excl.excludes(o)));
        let live: BTreeMap<String, AssessmentState> = self
            .assessments()?
            .into_iter()
            .map(|s| (s.id.clone(), s))
            .collect();
        let mut differ: Vec<String> = Vec::new();
        for (k, v) in &rebuilt {
            if live.get(k) != Some(v) || !self.brief_matches(k, Some(v))? {
                differ.push(k.clone());
            }
        }
        differ.extend(live.keys().filter(|k| !rebuilt.contains_key(*k)).cloned());
        for kv in self.kv.scan(Tree::Brief, Keys::All, Order::Forward)? {
            let id = String::from_utf8_lossy(&kv?.0).to_string();
            if !rebuilt.contains_key(&id) {
                differ.push(id);
            }
        }
        differ.sort();
        differ.dedup();
        Ok((rebuilt, differ))
    }

    /// [`Store::rebuild_compare`] one assessment at a time, for the command line: memory
    /// is one assessment's ops, not the store's (a national year is ~300,000 ops). Each
    /// projection is rebuilt from its indexed ops (held and fork-excluded ones left out) and
    /// compared with the live one, and its brief with the brief of the rebuild; with `fix`,
    /// those that differ are replaced (projection and brief). The index is checked to cover
    /// every stored op.
    ///
    /// # Errors
    /// Storage failure.
    pub fn rebuild_check(&self, fix: bool) -> Result<RebuildCheck> {
        let excl = self.exclusions()?;
        let mut ids: BTreeSet<Vec<u8>> = BTreeSet::new();
        for kv in self.kv.scan(Tree::Idx, Keys::All, Order::Forward)? {
            let (k, _) = kv?;
            if let Some(end) = k.iter().position(|b| *b == 0) {
                ids.insert(k[..end].to_vec());
            }
        }
        for tree in [Tree::Assess, Tree::Brief] {
            for kv in self.kv.scan(tree, Keys::All, Order::Forward)? {
                ids.insert(kv?.0.to_vec());
            }
        }
        let mut check = RebuildCheck {
            assessments: 0,
            ops: self.op_count()?,
            indexed: 0,
            differ: Vec::new(),
        };
        for id in ids {
            let id = String::from_utf8_lossy(&id).to_string();
            let one = self.recheck(&id, &excl, fix)?;
            check.indexed += one.indexed;
            if one.exists {
                check.assessments += 1;
            }
            if one.differ {
                check.differ.push(id);
            }
        }
        // Lines are made from briefs (a cache): with `fix`, one that is not its brief's is
        // made again at the next list.
        let lines = if fix { self.check_lines()? } else { 0 };
        if fix && (!check.differ.is_empty() || lines > 0) {
            self.sync()?;
        }
        Ok(check)
    }

    /// Rebuild the projection of `id` from its indexed ops (held and fork-excluded ones
    /// left out) and compare it, and its brief, with the stored ones; with `fix`, replace
    /// both when they differ (not synced: the caller syncs).
    fn recheck(&self, id: &str, excl: &Exclusions, fix: bool) -> Result<Recheck> {
        let ops = self.ops_of(id)?;
        let rebuilt = rebuild(ops.iter().filter(|o| !excl.excludes(o))).remove(id);
        // A projection that cannot be read differs as much as one that says otherwise.
        let live = self.assessment(id).ok().flatten();
        let differ = live != rebuilt || !self.brief_matches(id, rebuilt.as_ref())?;
        if differ && fix {
            let _writer = self.write_lock()?;
            self.write_state(id, rebuilt.as_ref())?;
        }
        Ok(Recheck {
            indexed: ops.len() as u64,
            exists: rebuilt.is_some(),
            differ,
        })
    }

    /// Opening after an unclean close (`clean`): sled can bring back an older version of
    /// one of its nodes and still open, so a projection or its brief may be older than the
    /// other, or both older than the op log. Every projection is checked against its
    /// brief's seal (the hash of the projection bytes written with it; no projection is
    /// decoded), and every brief's clock against the index: the newest indexed op of each
    /// device must be applied (an assessment the index names must have both). Each one
    /// that fails is rebuilt from its ops, projection and brief ([`Store::recheck`]; an
    /// assessment whose newest ops are held or fork-excluded is rebuilt to the same).
    /// Returns how many were rewritten.
    ///
    /// Runs before the journal's ops are replayed (`Store::open`): the clock witnesses only
    /// the newest op of each device, and a replay onto a projection older than sled's own
    /// log would make that newest while leaving out the ops in between.
    ///
    /// # Errors
    /// Storage failure (a damaged read is `StoreDamaged`, and opening rebuilds the store).
    pub(super) fn check_projections(&self) -> Result<u64> {
        let mut briefs: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        for kv in self.kv.scan(Tree::Brief, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            briefs.insert(k.to_vec(), v.to_vec());
        }
        // id → device → newest applied seq, from the briefs that match their projection.
        let mut clocks: BTreeMap<Vec<u8>, BTreeMap<String, u64>> = BTreeMap::new();
        let mut suspect: BTreeSet<Vec<u8>> = BTreeSet::new();
        for kv in self.kv.scan(Tree::Assess, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            let clock = briefs
                .remove(&k[..])
                .filter(|b| brief::sealed_with(b, &v))
                .and_then(|b| brief::decode(&b).ok());
            match clock {
                Some(b) => {
                    clocks.insert(k.to_vec(), b.clock);
                }
                None => {
                    suspect.insert(k.to_vec());
                }
            }
        }
        // Briefs left have no projection.
        suspect.extend(briefs.into_keys());
        for kv in self.kv.scan(Tree::Idx, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            let Some(end) = k.iter().position(|b| *b == 0) else {
                continue;
            };
            let id = &k[..end];
            if suspect.contains(id) {
                continue;
            }
            let segk = &k[end + 1..];
            let newest = super::segment::index_seqs(super::seq_of_key(segk)?, &v)
                .into_iter()
                .max()
                .unwrap_or(0);
            let applied = clocks
                .get(id)
                .and_then(|c| c.get(&Store::device_hex(segk)))
                .copied()
                .unwrap_or(0);
            if applied < newest {
                suspect.insert(id.to_vec());
            }
        }
        if suspect.is_empty() {
            return Ok(0);
        }
        let excl = self.exclusions()?;
        let mut fixed = 0;
        for id in suspect {
            if self
                .recheck(&String::from_utf8_lossy(&id), &excl, true)?
                .differ
            {
                fixed += 1;
            }
        }
        Ok(fixed)
    }
}

/// What [`Store::recheck`] found for one assessment.
struct Recheck {
    /// Its ops in the index.
    indexed: u64,
    /// Whether the log rebuilds it.
    exists: bool,
    /// Whether the stored projection or brief differed from the rebuild.
    differ: bool,
}
