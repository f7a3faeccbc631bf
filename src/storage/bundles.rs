//! Store support for bundles: foreign ops, signed heads for relaying, forks, held ops,
//! sequence runs (gaps), pending evidence, the import log, and the one transaction that
//! applies a merge [`Plan`].
//!
//! Trees (opened on first use, so stores made before bundles existed need no upgrade):
//! - `sigs`: device (32) ‖ seq (u64 BE) ‖ op hash (32) → 64-byte Ed25519 head signature
//! - `held`: device (32) ‖ seq (u64 BE) → [`Hold`] JSON (kept, not projected)
//! - `forkops`: device (32) ‖ seq (u64 BE) ‖ op hash (32) → op bytes that lost a fork
//! - `pending`: blob hash → empty (evidence referenced but not received)
//! - `implog`: u64 BE id → import log record JSON
//!
//! `meta` keys: `fork/<device>` (u64), `runs/<device>` (`[[from, to], …]`).

use std::collections::{BTreeMap, BTreeSet};

use sled::Transactional;

use super::segment::{self, SEG_MAX};
use super::{Store, corrupt, json, op_key, txn_err};
use crate::core::assessment::AssessmentState;
use crate::core::merge::{Hold, Plan, SignedHead, View, state_digest};
use crate::core::op::{Op, OpRef, op_hash};
use crate::error::Result;
use crate::identity::{hex, unhex};

/// Extra writes that ride in the same transaction as a merge.
#[derive(Debug, Default)]
pub struct Extra {
    /// `meta` keys to set (raw bytes).
    pub meta_put: Vec<(String, Vec<u8>)>,
    /// `meta` keys to remove.
    pub meta_remove: Vec<String>,
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
    fn tree(&self, name: &str) -> Result<sled::Tree> {
        Ok(self.db.open_tree(name)?)
    }

    /// Every held op and why.
    ///
    /// # Errors
    /// Storage failure.
    pub fn held_ops(&self) -> Result<BTreeMap<OpRef, Hold>> {
        let mut out = BTreeMap::new();
        for kv in self.tree("held")?.iter() {
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

    /// Every `meta` entry under a prefix, keyed by the rest of the key.
    ///
    /// # Errors
    /// Storage failure.
    pub fn meta_prefix<T: for<'de> serde::Deserialize<'de>>(
        &self,
        prefix: &str,
    ) -> Result<BTreeMap<String, T>> {
        let mut out = BTreeMap::new();
        for kv in self.meta.scan_prefix(prefix.as_bytes()) {
            let (k, v) = kv?;
            let key = String::from_utf8_lossy(&k[prefix.len()..]).to_string();
            if let Ok(t) = serde_json::from_slice(&v) {
                out.insert(key, t);
            }
        }
        Ok(out)
    }

    /// Remove a `meta` key, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn meta_remove(&self, key: &str) -> Result<()> {
        self.meta.remove(key)?;
        self.sync()
    }

    /// Raw bytes of a `meta` value.
    ///
    /// # Errors
    /// Storage failure.
    pub fn meta_raw(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.meta.get(key)?.map(|v| v.to_vec()))
    }

    /// Evidence referenced by ops but not received.
    ///
    /// # Errors
    /// Storage failure.
    pub fn pending_blobs(&self) -> Result<BTreeSet<String>> {
        self.tree("pending")?
            .iter()
            .keys()
            .map(|k| Ok(String::from_utf8_lossy(&k?).to_string()))
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
            .tree("sigs")?
            .get(sig_key(device, seq, hash))?
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
        let sigs = self.tree("sigs")?;
        let lo = op_key(device, from);
        let mut hi = op_key(device, to);
        hi.extend([0xFF; 33]);
        for kv in sigs.range(lo..hi).rev() {
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
        self.tree("sigs")?
            .insert(sig_key(&h.device, h.seq, &h.hash), sig)?;
        Ok(())
    }

    /// Stored op bytes of a device for `from..=to`, in order. Reads one segment at a time.
    ///
    /// # Errors
    /// Storage failure.
    pub fn device_op_bytes(
        &self,
        device: &str,
        from: u64,
        to: u64,
    ) -> impl Iterator<Item = Result<(u64, Vec<u8>)>> + '_ {
        // Start at the segment that holds `from`, which may begin before it.
        let start = match self.segment_at(device, from) {
            Ok(Some((first, _))) => first,
            _ => from,
        };
        let lo = op_key(device, start);
        let hi = op_key(device, to);
        let range = (lo <= hi).then(|| self.ops.range(lo..=hi));
        range.into_iter().flatten().flat_map(move |kv| {
            let seg = kv.map_err(crate::error::Error::from).and_then(|(k, v)| {
                let first = super::seq_of_key(&k)?;
                let ops = segment::split(&v).ok_or_else(|| corrupt("op segment", hex(&k)))?;
                Ok(ops
                    .into_iter()
                    .zip(first..)
                    .filter(|(_, s)| (from..=to).contains(s))
                    .map(|(b, s)| Ok((s, b.to_vec())))
                    .collect::<Vec<_>>())
            });
            match seg {
                Ok(v) => v,
                Err(e) => vec![Err(e)],
            }
        })
    }

    /// Hashes of the stored ops of a device in `from..=to`.
    ///
    /// # Errors
    /// Storage failure.
    pub fn stored_hashes_in(
        &self,
        device: &str,
        from: u64,
        to: u64,
    ) -> Result<BTreeMap<u64, String>> {
        self.device_op_bytes(device, from, to)
            .map(|r| r.map(|(s, b)| (s, op_hash(&b))))
            .collect()
    }

    /// Devices whose ops this store holds: own chains (`head/…`) and received runs.
    ///
    /// # Errors
    /// Storage failure.
    pub fn devices_with_ops(&self) -> Result<BTreeMap<String, Vec<(u64, u64)>>> {
        let mut out = self.all_runs()?;
        let heads: BTreeMap<String, super::Head> = self.meta_prefix("head/")?;
        for (d, h) in heads {
            if h.seq > 0 {
                let r = out.entry(d).or_default();
                r.push((1, h.seq));
                *r = crate::core::merge::add_runs(r, &[]);
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
        let id = self.db.generate_id()?;
        self.tree("implog")?.insert(id.to_be_bytes(), record)?;
        Ok(())
    }

    /// Every import-log record, oldest first.
    ///
    /// # Errors
    /// Storage failure.
    pub fn import_log(&self) -> Result<Vec<Vec<u8>>> {
        self.tree("implog")?
            .iter()
            .values()
            .map(|v| Ok(v?.to_vec()))
            .collect()
    }

    /// Store verified evidence bytes (content-addressed; not durable until the next sync).
    ///
    /// # Errors
    /// Storage failure.
    pub fn put_blob_unsynced(&self, hash: &str, bytes: &[u8]) -> Result<()> {
        if !self.blobs.contains_key(hash)? {
            self.blobs.insert(hash.as_bytes(), bytes)?;
        }
        Ok(())
    }

    /// Apply a merge plan and its extra writes in ONE transaction, then make it durable.
    /// Nothing is written if any part fails.
    ///
    /// # Errors
    /// Storage failure.
    pub fn apply_plan(&self, plan: &Plan, extra: &Extra) -> Result<()> {
        self.apply_plan_with(plan, extra, true)
    }

    /// As [`Store::apply_plan`]; without `durable` the transaction is atomic (sled logs it
    /// as one batch: after a crash it is there whole or not at all) but only durable after
    /// the next [`Store::sync`]. Batch imports sync once before reporting any verdict.
    ///
    /// # Errors
    /// Storage failure.
    pub fn apply_plan_with(&self, plan: &Plan, extra: &Extra, durable: bool) -> Result<()> {
        let (b_ops, b_idx, added) = segment_batches(plan);
        let mut b_fork = sled::Batch::default();
        for o in &plan.fork_copies {
            b_fork.insert(sig_key(&o.op.device, o.op.seq, &o.hash), o.bytes.as_slice());
        }
        let mut b_held = sled::Batch::default();
        for r in &plan.held_unset {
            b_held.remove(op_key(&r.device, r.seq));
        }
        for (r, h) in &plan.held_set {
            b_held.insert(op_key(&r.device, r.seq), json(h)?);
        }
        let mut b_assess = sled::Batch::default();
        for (id, st) in &plan.states {
            b_assess.insert(id.as_bytes(), json(st)?);
        }
        for id in &plan.remove_states {
            b_assess.remove(id.as_bytes());
        }
        let mut b_sigs = sled::Batch::default();
        for h in &plan.heads {
            b_sigs.insert(
                sig_key(&h.device, h.seq, &h.hash),
                unhex(&h.sig).unwrap_or_default(),
            );
        }
        let mut b_pending = sled::Batch::default();
        for h in &plan.pending_remove {
            b_pending.remove(h.as_bytes());
        }
        for h in &plan.pending_add {
            b_pending.insert(h.as_bytes(), &[] as &[u8]);
        }
        let mut b_meta = sled::Batch::default();
        for (d, n) in &plan.forks {
            b_meta.insert(format!("fork/{d}").as_bytes(), json(n)?);
        }
        for (d, r) in &plan.runs {
            b_meta.insert(format!("runs/{d}").as_bytes(), json(r)?);
        }
        for k in &extra.meta_remove {
            b_meta.remove(k.as_bytes());
        }
        for (k, v) in &extra.meta_put {
            b_meta.insert(k.as_bytes(), v.as_slice());
        }
        let log_id = self.db.generate_id()?;
        let (sigs, held, forkops, pending, implog) = (
            self.tree("sigs")?,
            self.tree("held")?,
            self.tree("forkops")?,
            self.tree("pending")?,
            self.tree("implog")?,
        );
        crash_point("import-before-commit");
        (
            &self.meta,
            &self.ops,
            &self.assess,
            &self.idx,
            &sigs,
            &held,
            &forkops,
            &pending,
            &implog,
        )
            .transaction(
                |(meta, ops, assess, idx, sigs, held, forkops, pending, implog)| {
                    ops.apply_batch(&b_ops)?;
                    idx.apply_batch(&b_idx)?;
                    assess.apply_batch(&b_assess)?;
                    sigs.apply_batch(&b_sigs)?;
                    held.apply_batch(&b_held)?;
                    forkops.apply_batch(&b_fork)?;
                    pending.apply_batch(&b_pending)?;
                    meta.apply_batch(&b_meta)?;
                    if added > 0 {
                        super::add_op_count(meta, added)?;
                    }
                    if let Some(l) = &extra.log {
                        implog.insert(&log_id.to_be_bytes(), l.as_slice())?;
                    }
                    Ok::<(), sled::transaction::ConflictableTransactionError<crate::error::Error>>(
                        (),
                    )
                },
            )
            .map_err(txn_err)?;
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

/// The `ops` and `idx` writes of a plan's new ops: consecutive ops of one device go into
/// segments of up to [`SEG_MAX`], each indexed once per assessment it touches. Returns the
/// two batches and the number of ops.
fn segment_batches(plan: &Plan) -> (sled::Batch, sled::Batch, u64) {
    let mut new: Vec<&crate::core::merge::IncomingOp> = plan.new_ops.iter().collect();
    new.sort_by(|a, b| (&a.op.device, a.op.seq).cmp(&(&b.op.device, b.op.seq)));
    let mut b_ops = sled::Batch::default();
    let mut b_idx = sled::Batch::default();
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
        b_ops.insert(key.as_slice(), segment::encode(&bytes));
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
            b_idx.insert(k, segment::index_value(first.op.seq, &seqs));
        }
        i = j;
    }
    (b_ops, b_idx, new.len() as u64)
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
        Ok(self.tree("pending")?.contains_key(hash)?)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::merge::IncomingOp;
    use crate::core::op::{OP_VERSION, OpBody, Status};

    fn incoming(device: &str, seq: u64, assessment: &str) -> IncomingOp {
        let op = Op {
            v: OP_VERSION,
            device: device.to_string(),
            seq,
            prev: None,
            hlc: seq,
            wall_ms: 1_700_000_000_000,
            undo_of: None,
            body: OpBody::SetStatus {
                assessment: assessment.to_string(),
                status: Status::Draft,
            },
        };
        let bytes = op.encode().expect("encode");
        IncomingOp {
            hash: op_hash(&bytes),
            op,
            bytes,
        }
    }

    #[test]
    fn imported_ops_are_segmented_and_every_lookup_finds_them() {
        let dir = tempfile::tempdir().expect("tmp");
        let s = Store::open(dir.path()).expect("open");
        let (a, b) = ("aa".repeat(32), "bb".repeat(32));
        // 300 consecutive ops of `a` (three segments: 128 + 128 + 44), a gap, 5 more;
        // one op of `b`. Assessments alternate in blocks so the index splits too.
        let mut seqs: Vec<u64> = (1..=300).collect();
        seqs.extend(310..315);
        let mut plan = Plan::default();
        for &q in &seqs {
            let aid = if (q / 50) % 2 == 0 { "x" } else { "y" };
            plan.new_ops.push(incoming(&a, q, aid));
        }
        plan.new_ops.push(incoming(&b, 7, "x"));
        let expected: Vec<(String, u64, Vec<u8>)> = plan
            .new_ops
            .iter()
            .map(|o| (o.op.device.clone(), o.op.seq, o.bytes.clone()))
            .collect();
        s.apply_plan(&plan, &Extra::default()).expect("apply");
        assert_eq!(s.ops.len(), 5, "3 + 1 segments of a, 1 of b");
        assert_eq!(s.op_count().expect("count"), 306);
        for (d, q, bytes) in &expected {
            assert_eq!(s.op_bytes(d, *q).expect("get").as_ref(), Some(bytes), "{q}");
        }
        for q in [0, 301, 309, 315, 1000] {
            assert_eq!(s.op_bytes(&a, q).expect("get"), None, "{q}");
        }
        assert_eq!(s.op_bytes(&b, 6).expect("get"), None);
        let mid: Vec<u64> = s
            .device_op_bytes(&a, 120, 312)
            .map(|r| r.expect("op").0)
            .collect();
        let want: Vec<u64> = (120..=300).chain(310..=312).collect();
        assert_eq!(mid, want);
        let hashes = s.stored_hashes_in(&a, 299, 311).expect("hashes");
        assert_eq!(
            hashes.keys().copied().collect::<Vec<_>>(),
            vec![299, 300, 310, 311]
        );
        let xs: Vec<(String, u64)> = s
            .ops_of("x")
            .expect("ops")
            .into_iter()
            .map(|o| (o.device, o.seq))
            .collect();
        let mut want_x: Vec<(String, u64)> = seqs
            .iter()
            .filter(|q| (**q / 50) % 2 == 0)
            .map(|q| (a.clone(), *q))
            .collect();
        want_x.push((b.clone(), 7));
        assert_eq!(xs, want_x);
        assert_eq!(s.all_ops().expect("all").len(), 306);
    }
}
