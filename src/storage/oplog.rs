//! The op log: this device's commits (one atomic write of the ops, their index entries,
//! the projections they change, the chain head, the clock and the op count, then the
//! journal) and every read of stored ops, whether written one per key by a commit or in
//! segments by an import ([`segment`]).

use std::collections::BTreeMap;
use std::collections::btree_map::Entry;
use std::ops::Bound;

use super::backend::{Batch, Entries, Keys, Order, Tree, Value};
use super::{Head, OP_COUNT, Store, bundles, corrupt, idx_key, json, op_key, segment, seq_of_key};
use crate::core::assessment::AssessmentState;
use crate::core::codec::hex;
use crate::core::op::{OP_VERSION, Op, OpBody, next_hlc, op_hash};
use crate::error::Result;

/// Own ops with their bytes as stored and hashed.
pub(super) type OwnOps = Vec<(Op, Vec<u8>)>;

/// Builds the ops of one own-op write from the stored head and clock; returns them with
/// the new clock.
pub(super) type MakeOps<'a> = dyn Fn(&Head, u64) -> Result<(OwnOps, u64)> + 'a;

impl Store {
    /// Head of a device's chain.
    ///
    /// # Errors
    /// Storage failure.
    pub fn head(&self, device: &str) -> Result<Option<Head>> {
        self.meta_get(&format!("head/{device}"))
    }

    /// Append ops by `device` (this device) in one atomic write, update the projection in
    /// the same write, then make them durable by appending them to the journal and
    /// `fdatasync`ing it (sled itself is flushed in the background and by [`Store::sync`];
    /// an in-memory store has no journal). Returns the ops as stored.
    ///
    /// # Errors
    /// Storage failure; nothing is written then. A journal write failure after the sled
    /// write is an error too (the ops are in sled but not acknowledged; the next commit or
    /// open journals them).
    pub fn commit(
        &self,
        device: &str,
        bodies: &[(OpBody, Option<u64>)],
        wall_ms: i64,
    ) -> Result<Vec<Op>> {
        let ops = self.own_txn(device, &|head, hlc| {
            let mut hlc = hlc;
            let mut head = head.clone();
            let mut out = Vec::with_capacity(bodies.len());
            for (body, undo_of) in bodies {
                hlc = next_hlc(hlc, wall_ms);
                let op = Op {
                    v: OP_VERSION,
                    device: device.to_string(),
                    seq: head.seq + 1,
                    prev: (head.seq > 0).then(|| head.hash.clone()),
                    hlc,
                    wall_ms,
                    undo_of: *undo_of,
                    body: body.clone(),
                };
                let bytes = op.encode()?;
                head = Head {
                    seq: op.seq,
                    hash: op_hash(&bytes),
                };
                out.push((op, bytes));
            }
            Ok((out, hlc))
        })?;
        bundles::crash_point("commit-before-journal");
        self.journal_ops(device, &ops)?;
        bundles::crash_point("commit-after-journal");
        Ok(ops.into_iter().map(|(op, _)| op).collect())
    }

    /// One atomic write that appends own ops of `device` to `ops`, `idx`, the projection,
    /// the chain head, the clock and the op count. `make` gets the stored head and clock
    /// and returns the ops (continuing that head) with the new clock. The reads and the
    /// write happen under the writer lock.
    pub(super) fn own_txn(&self, device: &str, make: &MakeOps<'_>) -> Result<OwnOps> {
        let _writer = self.write_lock()?;
        let head_key = format!("head/{device}");
        let mut head: Head = match self.kv.get(Tree::Meta, head_key.as_bytes())? {
            Some(v) => serde_json::from_slice(&v).map_err(|e| corrupt("head", e))?,
            None => Head {
                seq: 0,
                hash: String::new(),
            },
        };
        let hlc: u64 = self.meta_get("hlc")?.unwrap_or(0);
        let (out, hlc) = make(&head, hlc)?;
        let mut batch = Batch::default();
        let mut states: BTreeMap<String, AssessmentState> = BTreeMap::new();
        for (op, bytes) in &out {
            batch.put(Tree::Ops, op_key(device, op.seq), bytes.as_slice());
            let aid = op.body.assessment().to_string();
            batch.put(Tree::Idx, idx_key(&aid, device, op.seq), Vec::new());
            let st = match states.entry(aid.clone()) {
                Entry::Occupied(e) => e.into_mut(),
                Entry::Vacant(e) => e.insert(self.load_state(&aid)?),
            };
            st.apply(op);
            head = Head {
                seq: op.seq,
                hash: op_hash(bytes),
            };
        }
        for (id, st) in &states {
            super::brief::put_state(&mut batch, id, st)?;
        }
        batch.put(Tree::Meta, head_key, json(&head)?);
        batch.put(Tree::Meta, "hlc", json(&hlc)?);
        self.add_op_count(&mut batch, out.len() as u64)?;
        self.kv.apply(batch)?;
        Ok(out)
    }

    /// The segment holding `(device, seq)`: its first sequence number and value.
    pub(super) fn segment_at(&self, device: &str, seq: u64) -> Result<Option<(u64, Value)>> {
        let key = op_key(device, seq);
        let upto = Keys::Range(Bound::Unbounded, Bound::Included(key.as_slice()));
        let Some((k, v)) = self.kv.last(Tree::Ops, upto)? else {
            return Ok(None);
        };
        let dev = &key[..key.len() - 8];
        if k.len() != key.len() || &k[..dev.len()] != dev {
            return Ok(None);
        }
        let first = seq_of_key(&k)?;
        Ok((seq >= first && seq - first < segment::count(&v)).then_some((first, v)))
    }

    /// One op by reference.
    ///
    /// # Errors
    /// Storage failure or an unreadable op.
    pub fn op(&self, device: &str, seq: u64) -> Result<Option<Op>> {
        match self.op_bytes(device, seq)? {
            None => Ok(None),
            Some(v) => Op::decode(&v).map(Some).map_err(|e| corrupt("op", e)),
        }
    }

    /// Stored bytes of one op.
    ///
    /// # Errors
    /// Storage failure or a malformed segment.
    pub fn op_bytes(&self, device: &str, seq: u64) -> Result<Option<Vec<u8>>> {
        match self.segment_at(device, seq)? {
            None => Ok(None),
            Some((first, v)) => segment::nth(&v, seq - first)
                .map(|b| Some(b.to_vec()))
                .ok_or_else(|| corrupt("op segment", format!("{device}/{first}"))),
        }
    }

    /// The ops of one assessment, in (device, seq) order.
    ///
    /// # Errors
    /// Storage failure.
    pub fn ops_of(&self, assessment: &str) -> Result<Vec<Op>> {
        let mut prefix = assessment.as_bytes().to_vec();
        prefix.push(0);
        let mut out = Vec::new();
        for kv in self
            .kv
            .scan(Tree::Idx, Keys::Prefix(&prefix), Order::Forward)?
        {
            let (k, v) = kv?;
            let segk = &k[prefix.len()..];
            let first = seq_of_key(segk)?;
            let Some(seg) = self.kv.get(Tree::Ops, segk)? else {
                continue;
            };
            for s in segment::index_seqs(first, &v) {
                let b = s
                    .checked_sub(first)
                    .and_then(|i| segment::nth(&seg, i))
                    .ok_or_else(|| corrupt("op index", format!("{assessment}/{s}")))?;
                out.push(Op::decode(b).map_err(|e| corrupt("op", e))?);
            }
        }
        Ok(out)
    }

    /// Every op in the store, in (device, seq) order.
    ///
    /// # Errors
    /// Storage failure.
    pub fn all_ops(&self) -> Result<Vec<Op>> {
        let mut out = Vec::new();
        for kv in self.kv.scan(Tree::Ops, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            let ops =
                segment::split(&v).ok_or_else(|| corrupt("op segment", Store::device_hex(&k)))?;
            for b in ops {
                out.push(Op::decode(b).map_err(|e| corrupt("op", e))?);
            }
        }
        Ok(out)
    }

    /// Every op in the store with the blake3 of its stored bytes (its op hash), in
    /// (device, seq) order (the audit trail, issue 14).
    ///
    /// # Errors
    /// Storage failure.
    pub fn all_ops_hashed(&self) -> Result<Vec<(Op, String)>> {
        let mut out = Vec::new();
        for kv in self.kv.scan(Tree::Ops, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            let ops =
                segment::split(&v).ok_or_else(|| corrupt("op segment", Store::device_hex(&k)))?;
            for b in ops {
                out.push((Op::decode(b).map_err(|e| corrupt("op", e))?, op_hash(b)));
            }
        }
        Ok(out)
    }

    /// Number of ops stored.
    ///
    /// # Errors
    /// Storage failure.
    pub fn op_count(&self) -> Result<u64> {
        Ok(self.meta_get::<u64>(OP_COUNT)?.unwrap_or(0))
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
        let range = self.kv.scan(
            Tree::Ops,
            Keys::Range(Bound::Included(&lo), Bound::Included(&hi)),
            Order::Forward,
        );
        let segments: Entries<'_> = match range {
            Ok(it) => it,
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        segments.flat_map(move |kv| {
            let seg = kv.and_then(|(k, v)| {
                let first = seq_of_key(&k)?;
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

    /// Hex id of a device's op key prefix (for callers iterating ops).
    #[must_use]
    pub fn device_hex(key: &[u8]) -> String {
        hex(&key[..key.len().saturating_sub(8)])
    }
}
