//! Store support for bundles: foreign ops, signed heads for relaying, forks, held ops,
//! sequence runs (gaps), pending evidence, the import log, and the whole-or-nothing write
//! that applies a merge [`Plan`] (one transaction, or staged chunks: `storage::staged`).
//!
//! Trees (opened on first use, so stores made before bundles existed need no upgrade;
//! [`Tree`]):
//! - `sigs`: device (32) ‖ seq (u64 BE) ‖ op hash (32) → 64-byte Ed25519 head signature
//! - `held`: device (32) ‖ seq (u64 BE) → [`Hold`] JSON (kept, not projected)
//! - `forkops`: device (32) ‖ seq (u64 BE) ‖ op hash (32) → op bytes that lost a fork
//! - `pending`: blob hash → empty (evidence referenced but not received)
//! - `implog`: u64 BE id → import log record JSON
//!
//! `meta` keys: `fork/<device>` (u64), `runs/<device>` (`[[from, to], …]`).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use super::backend::{Batch, Keys, Order, Tree};
use super::segment::{self, SEG_MAX};
use super::staged::Staged;
use super::{Head, Store, corrupt, json, op_key};
use crate::core::assessment::AssessmentState;
use crate::core::codec::{hex, unhex};
use crate::core::merge::{
    GroupPlan, Hold, IncomingOp, Packed, Plan, SignedHead, View, add_runs, state_digest,
};
use crate::core::op::{Op, OpRef, op_hash};
use crate::error::Result;

/// Extra writes that ride in the same transaction as a merge.
#[derive(Debug, Default)]
pub struct Extra {
    /// `meta` keys to set (raw bytes; filled by the typed methods in `storage/meta.rs`).
    pub(super) meta_put: Vec<(String, Vec<u8>)>,
    /// `meta` keys to remove.
    pub(super) meta_remove: Vec<String>,
    /// One import-log record.
    pub log: Option<Vec<u8>>,
}

/// Ops left out of the projection: held ones and those from a fork point on.
#[derive(Debug, Clone, Default)]
pub struct Exclusions {
    pub held: BTreeSet<OpRef>,
    pub forks: BTreeMap<String, u64>,
}

impl Exclusions {
    #[must_use]
    pub fn excludes(&self, op: &Op) -> bool {
        self.forks.get(&op.device).is_some_and(|n| op.seq >= *n) || self.held.contains(&op.op_ref())
    }
}

fn sig_key(device: &str, seq: u64, hash: &str) -> Vec<u8> {
    let mut k = op_key(device, seq);
    k.extend(unhex(hash).unwrap_or_else(|| hash.as_bytes().to_vec()));
    k
}

fn ref_of_key(k: &[u8]) -> Option<OpRef> {
    if k.len() < 40 {
        return None;
    }
    let seq = u64::from_be_bytes(k[32..40].try_into().ok()?);
    Some(OpRef {
        device: hex(&k[..32]),
        seq,
    })
}

impl Store {
    /// Every held op and why.
    ///
    /// # Errors
    /// Storage failure.
    pub fn held_ops(&self) -> Result<BTreeMap<OpRef, Hold>> {
        let mut out = BTreeMap::new();
        for kv in self.kv.scan(Tree::Held, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            if let Some(r) = ref_of_key(&k) {
                let h: Hold = serde_json::from_slice(&v).map_err(|e| corrupt("held", e))?;
                out.insert(r, h);
            }
        }
        Ok(out)
    }

    /// Fork points: device → the sequence number it is quarantined from.
    ///
    /// # Errors
    /// Storage failure.
    pub fn forks(&self) -> Result<BTreeMap<String, u64>> {
        self.meta_prefix("fork/")
    }

    /// Received sequence runs per device (foreign devices).
    ///
    /// # Errors
    /// Storage failure.
    pub fn all_runs(&self) -> Result<BTreeMap<String, Vec<(u64, u64)>>> {
        self.meta_prefix("runs/")
    }

    /// Evidence referenced by ops but not received.
    ///
    /// # Errors
    /// Storage failure.
    pub fn pending_blobs(&self) -> Result<BTreeSet<String>> {
        self.kv
            .scan(Tree::Pending, Keys::All, Order::Forward)?
            .map(|kv| Ok(String::from_utf8_lossy(&kv?.0).to_string()))
            .collect()
    }

    /// What the projection leaves out.
    ///
    /// # Errors
    /// Storage failure.
    pub fn exclusions(&self) -> Result<Exclusions> {
        Ok(Exclusions {
            held: self.held_ops()?.into_keys().collect(),
            forks: self.forks()?,
        })
    }

    /// A device's signature over its head `(seq, hash)`, if one was received or made.
    ///
    /// # Errors
    /// Storage failure.
    pub fn head_sig(&self, device: &str, seq: u64, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .kv
            .get(Tree::Sigs, &sig_key(device, seq, hash))?
            .map(|v| v.to_vec()))
    }

    /// Highest signed head of a device within `from..=to` whose hash matches the stored
    /// op there: `(seq, hash, signature)`.
    ///
    /// # Errors
    /// Storage failure.
    pub fn best_signed_head(
        &self,
        device: &str,
        from: u64,
        to: u64,
    ) -> Result<Option<(u64, String, Vec<u8>)>> {
        let lo = op_key(device, from);
        let mut hi = op_key(device, to);
        hi.extend([0xFF; 33]);
        let keys = Keys::Range(Bound::Included(&lo), Bound::Excluded(&hi));
        for kv in self.kv.scan(Tree::Sigs, keys, Order::Reverse)? {
            let (k, v) = kv?;
            let Some(r) = ref_of_key(&k) else { continue };
            let hash = hex(&k[40..]);
            if let Some(b) = self.op_bytes(device, r.seq)?
                && op_hash(&b) == hash
            {
                return Ok(Some((r.seq, hash, v.to_vec())));
            }
        }
        Ok(None)
    }

    /// Remember a signed head (this device's own, made at export).
    ///
    /// # Errors
    /// Storage failure.
    pub fn put_head_sig(&self, h: &SignedHead) -> Result<()> {
        let sig = unhex(&h.sig).unwrap_or_default();
        self.put(Tree::Sigs, sig_key(&h.device, h.seq, &h.hash), sig)
    }

    /// Devices whose ops this store holds: own chains (`head/…`) and received runs.
    ///
    /// # Errors
    /// Storage failure.
    pub fn devices_with_ops(&self) -> Result<BTreeMap<String, Vec<(u64, u64)>>> {
        let mut out = self.all_runs()?;
        let heads: BTreeMap<String, Head> = self.meta_prefix("head/")?;
        for (d, h) in heads {
            if h.seq > 0 {
                let r = out.entry(d).or_default();
                r.push((1, h.seq));
                *r = add_runs(r, &[]);
            }
        }
        Ok(out)
    }

    /// Append one import-log record (outside a merge). Not synced here: the import paths
    /// sync once per file (`import_file`) or once per batch, before reporting any verdict
    /// (a per-record fsync made re-importing 150 known bundles fsync 150 times).
    ///
    /// # Errors
    /// Storage failure.
    pub fn log_import(&self, record: &[u8]) -> Result<()> {
        let id = self.kv.generate_id()?;
        self.put(Tree::ImpLog, id.to_be_bytes(), record)
    }

    /// Every import-log record, oldest first.
    ///
    /// # Errors
    /// Storage failure.
    pub fn import_log(&self) -> Result<Vec<Vec<u8>>> {
        self.kv
            .scan(Tree::ImpLog, Keys::All, Order::Forward)?
            .map(|kv| Ok(kv?.1.to_vec()))
            .collect()
    }

    /// Apply a merge plan and its extra writes whole or not at all, then make it durable.
    /// A plan larger than one chunk is staged in chunks and committed by one small final
    /// transaction (`storage::staged`); nothing of it is kept if any part fails.
    ///
    /// # Errors
    /// Storage failure.
    pub fn apply_plan(&self, plan: &Plan, extra: &Extra) -> Result<()> {
        self.apply_plan_with(plan, extra, true)
    }

    /// As [`Store::apply_plan`]; without `durable` the write is atomic (sled logs it as one
    /// batch: after a crash it is there whole or not at all) but only durable after the
    /// next [`Store::sync`]. Batch imports sync once before reporting any verdict.
    ///
    /// # Errors
    /// Storage failure.
    pub fn apply_plan_with(&self, plan: &Plan, extra: &Extra, durable: bool) -> Result<()> {
        let log_id = self.kv.generate_id()?;
        {
            // Held from the first staged chunk to the commit (`storage::staged`).
            let _writer = self.write_lock()?;
            let mut st = Staged::new(self);
            let added = match stage_plan(plan, &mut st) {
                Ok(n) => n,
                Err(e) => {
                    let _ = st.abandon();
                    return Err(e);
                }
            };
            // The commit point: small writes only (plus the last chunk's).
            let b = commit_batch(self, plan, extra, log_id, added)?;
            crash_point("import-before-commit");
            st.commit(b)?;
        }
        crash_point("import-after-commit");
        if durable { self.sync() } else { Ok(()) }
    }

    /// Digest of the merged state (see [`state_digest`]).
    ///
    /// # Errors
    /// Storage failure.
    pub fn state_digest(&self) -> Result<String> {
        let states = self.assessments()?;
        Ok(state_digest(
            states.iter(),
            &self.forks()?,
            &self.held_ops()?,
            &self.all_runs()?,
            &self.pending_blobs()?,
        )?)
    }
}

/// A merge written group by group ([`crate::core::merge::prepare`]): each group's writes
/// are staged as they come (`storage::staged`), the rest of the plan and the op log at the
/// commit, which is the one point where the merge becomes visible. Holds the store's writer
/// lock from its start to its end; dropped without [`Merge::commit`], it undoes what it
/// staged (a kill leaves that to the next open).
pub struct Merge<'a> {
    store: &'a Store,
    log_id: u64,
    st: Option<Staged<'a>>,
    _writer: std::sync::MutexGuard<'a, ()>,
}

impl Store {
    /// Start a merge written in groups.
    ///
    /// # Errors
    /// Storage failure.
    pub fn begin_merge(&self) -> Result<Merge<'_>> {
        let log_id = self.kv.generate_id()?;
        let writer = self.write_lock()?;
        Ok(Merge {
            store: self,
            log_id,
            st: Some(Staged::new(self)),
            _writer: writer,
        })
    }
}

impl<'a> Merge<'a> {
    fn staged(&mut self) -> Result<&mut Staged<'a>> {
        self.st
            .as_mut()
            .ok_or_else(|| crate::error::Error::Storage("merge already ended".into()))
    }

    /// Stage one group's writes: the holds of its new ops and its projections.
    ///
    /// # Errors
    /// Storage failure (the merge is then undone when dropped).
    pub fn stage_group(&mut self, g: &GroupPlan) -> Result<()> {
        let st = self.staged()?;
        for (r, h) in &g.held_set {
            st.put(Tree::Held, op_key(&r.device, r.seq), json(h)?)?;
        }
        for (id, state) in &g.states {
            super::brief::stage_state(st, id, Some(state))?;
        }
        for id in &g.remove_states {
            super::brief::stage_state(st, id, None)?;
        }
        Ok(())
    }

    /// Stage the rest of the plan and the new ops (their bytes are dropped as their
    /// segments are staged), then commit: the merge becomes visible whole, then durable
    /// with `durable`.
    ///
    /// # Errors
    /// Storage failure (nothing of the merge is kept).
    pub fn commit(
        mut self,
        plan: &Plan,
        mut new_ops: Packed,
        extra: &Extra,
        durable: bool,
    ) -> Result<()> {
        let store = self.store;
        let log_id = self.log_id;
        let st = self.staged()?;
        let mut added = packed_segment_writes(&mut new_ops, st)?;
        drop(new_ops);
        added += stage_plan(plan, st)?;
        let b = commit_batch(store, plan, extra, log_id, added)?;
        crash_point("import-before-commit");
        let Some(st) = self.st.take() else {
            return Err(crate::error::Error::Storage("merge already ended".into()));
        };
        st.commit(b)?;
        drop(self);
        crash_point("import-after-commit");
        if durable { store.sync() } else { Ok(()) }
    }
}

impl Merge<'_> {
    /// Test hook (debug builds): with `TILIK_CRASH_AT=import-between-groups` the process
    /// dies here, between two groups, what was staged so far on disk and no commit.
    pub fn crash_point_between_groups(&self) {
        #[cfg(debug_assertions)]
        if std::env::var("TILIK_CRASH_AT").is_ok_and(|v| v == "import-between-groups") {
            let _ = self.store.kv.flush();
            std::process::abort();
        }
    }
}

impl Drop for Merge<'_> {
    fn drop(&mut self) {
        if let Some(st) = self.st.take() {
            let _ = st.abandon();
        }
    }
}

/// The small writes of a merge's commit point.
fn commit_batch(
    store: &Store,
    plan: &Plan,
    extra: &Extra,
    log_id: u64,
    added: u64,
) -> Result<Batch> {
    let mut b = Batch::default();
    for (d, n) in &plan.forks {
        b.put(Tree::Meta, format!("fork/{d}"), json(n)?);
    }
    for (d, r) in &plan.runs {
        b.put(Tree::Meta, format!("runs/{d}"), json(r)?);
    }
    for k in &extra.meta_remove {
        b.remove(Tree::Meta, k.as_bytes());
    }
    for (k, v) in &extra.meta_put {
        b.put(Tree::Meta, k.as_bytes(), v.as_slice());
    }
    if let Some(l) = &extra.log {
        b.put(Tree::ImpLog, log_id.to_be_bytes(), l.as_slice());
    }
    if added > 0 {
        store.add_op_count(&mut b, added)?;
    }
    Ok(b)
}

/// The `ops` and `idx` writes of packed new ops sorted by (device, seq), as
/// [`segment_writes`] makes them of a plan's; each op's bytes are dropped once its segment
/// is staged. Returns the number of ops.
fn packed_segment_writes(p: &mut Packed, st: &mut Staged<'_>) -> Result<u64> {
    let n = p.ops.len();
    let mut i = 0;
    while i < n {
        let mut j = i + 1;
        while j < n
            && j - i < SEG_MAX
            && p.ops[j].device == p.ops[i].device
            && p.ops[j].seq == p.ops[j - 1].seq + 1
        {
            j += 1;
        }
        let first_seq = p.ops[i].seq;
        let key = op_key(&p.devices[p.ops[i].device as usize], first_seq);
        let run = &p.ops[i..j];
        let bytes: Vec<&[u8]> = run.iter().map(|o| &o.bytes[..]).collect();
        st.put(Tree::Ops, key.as_slice(), segment::encode(&bytes))?;
        let mut by_assessment: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for o in run {
            by_assessment
                .entry(p.assessments[o.assessment as usize].as_str())
                .or_default()
                .push(o.seq);
        }
        for (a, seqs) in by_assessment {
            let mut k = a.as_bytes().to_vec();
            k.push(0);
            k.extend_from_slice(&key);
            st.put(Tree::Idx, k, segment::index_value(first_seq, &seqs))?;
        }
        for o in &mut p.ops[i..j] {
            o.bytes = Box::default();
        }
        i = j;
    }
    Ok(n as u64)
}

/// Every write of a plan except the `meta` and log ones of the commit point, staged in
/// chunks (`storage::staged`). Returns the number of new ops.
fn stage_plan(plan: &Plan, st: &mut Staged<'_>) -> Result<u64> {
    let added = segment_writes(plan, st)?;
    for o in &plan.fork_copies {
        st.put(
            Tree::ForkOps,
            sig_key(&o.op.device, o.op.seq, &o.hash),
            o.bytes.as_slice(),
        )?;
    }
    for r in &plan.held_unset {
        st.remove(Tree::Held, op_key(&r.device, r.seq))?;
    }
    for (r, h) in &plan.held_set {
        st.put(Tree::Held, op_key(&r.device, r.seq), json(h)?)?;
    }
    for (id, state) in &plan.states {
        super::brief::stage_state(st, id, Some(state))?;
    }
    for id in &plan.remove_states {
        super::brief::stage_state(st, id, None)?;
    }
    for h in &plan.heads {
        st.put(
            Tree::Sigs,
            sig_key(&h.device, h.seq, &h.hash),
            unhex(&h.sig).unwrap_or_default(),
        )?;
    }
    for h in &plan.pending_remove {
        st.remove(Tree::Pending, h.as_bytes())?;
    }
    for h in &plan.pending_add {
        st.put(Tree::Pending, h.as_bytes(), Vec::new())?;
    }
    Ok(added)
}

/// The `ops` and `idx` writes of a plan's new ops: consecutive ops of one device go into
/// segments of up to [`SEG_MAX`], each indexed once per assessment it touches. Returns the
/// number of ops.
fn segment_writes(plan: &Plan, st: &mut Staged<'_>) -> Result<u64> {
    let mut new: Vec<&IncomingOp> = plan.new_ops.iter().collect();
    new.sort_by(|a, b| (&a.op.device, a.op.seq).cmp(&(&b.op.device, b.op.seq)));
    let mut i = 0;
    while i < new.len() {
        let first = new[i];
        let mut j = i + 1;
        while j < new.len()
            && j - i < SEG_MAX
            && new[j].op.device == first.op.device
            && new[j].op.seq == new[j - 1].op.seq + 1
        {
            j += 1;
        }
        let run = &new[i..j];
        let key = op_key(&first.op.device, first.op.seq);
        let bytes: Vec<&[u8]> = run.iter().map(|o| o.bytes.as_slice()).collect();
        st.put(Tree::Ops, key.as_slice(), segment::encode(&bytes))?;
        let mut by_assessment: BTreeMap<&str, Vec<u64>> = BTreeMap::new();
        for o in run {
            by_assessment
                .entry(o.op.body.assessment())
                .or_default()
                .push(o.op.seq);
        }
        for (a, seqs) in by_assessment {
            let mut k = a.as_bytes().to_vec();
            k.push(0);
            k.extend_from_slice(&key);
            st.put(Tree::Idx, k, segment::index_value(first.op.seq, &seqs))?;
        }
        i = j;
    }
    Ok(new.len() as u64)
}

impl View for Store {
    type Error = crate::error::Error;

    fn stored_hash(&self, device: &str, seq: u64) -> Result<Option<String>> {
        Ok(self.op_bytes(device, seq)?.map(|b| op_hash(&b)))
    }
    fn stored_hashes(&self, device: &str, from: u64, to: u64) -> Result<BTreeMap<u64, String>> {
        self.stored_hashes_in(device, from, to)
    }
    fn stored_op(&self, device: &str, seq: u64) -> Result<Option<Op>> {
        self.op(device, seq)
    }
    fn fork(&self, device: &str) -> Result<Option<u64>> {
        self.meta_get(&format!("fork/{device}"))
    }
    fn held(&self) -> Result<BTreeMap<OpRef, Hold>> {
        self.held_ops()
    }
    fn assessment(&self, id: &str) -> Result<Option<AssessmentState>> {
        Store::assessment(self, id)
    }
    fn ops_of(&self, id: &str) -> Result<Vec<Op>> {
        Store::ops_of(self, id)
    }
    fn device_ops_from(&self, device: &str, from: u64) -> Result<Vec<Op>> {
        self.device_op_bytes(device, from, u64::MAX)
            .map(|r| {
                let (_, b) = r?;
                Op::decode(&b).map_err(|e| corrupt("op", e))
            })
            .collect()
    }
    fn runs(&self, device: &str) -> Result<Vec<(u64, u64)>> {
        Ok(self
            .meta_get(&format!("runs/{device}"))?
            .unwrap_or_default())
    }
    fn has_blob(&self, hash: &str) -> Result<bool> {
        Store::has_blob(self, hash)
    }
    fn is_pending(&self, hash: &str) -> Result<bool> {
        self.kv.contains(Tree::Pending, hash.as_bytes())
    }
}

/// Crash injection for the all-or-nothing tests: when the environment variable
/// `TILIK_CRASH_AT` names this point, the process aborts here (debug builds only).
pub fn crash_point(name: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("TILIK_CRASH_AT").is_ok_and(|v| v == name) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = name;
}
