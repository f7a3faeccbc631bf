//! Staged commits: a merge too large for one bounded transaction is written in chunks,
//! with a final small transaction as its commit point, so memory stays bounded while the
//! merge stays whole-or-nothing.
//!
//! Each chunk is one atomic write of up to [`CHUNK`] bytes that also records, per key it
//! writes, the value it replaced (an *undo record* in the `stage` tree, keyed by import id
//! ‖ n) and sets the mark `meta` `stage/<id>`. The final transaction carries what remains:
//! the last writes, the op count, the received runs, the `imported/` record, the import log
//! — and removes the mark. So:
//!
//! - mark present (a crash or a failure before the final transaction): the merge never
//!   happened; opening the store ([`Store::settle_staged`]) or the failing merge itself
//!   applies the undo records newest first, in chunks, each chunk removing the records it
//!   applied (a crash during the undo just goes on next time), then removes the mark;
//! - mark absent: the merge committed; its undo records are dropped.
//!
//! A merge that fits one chunk is written as one transaction with no undo records, as
//! before. Only this process sees a chunk before its commit (the store is locked to one
//! process, and the merge holds the writer lock from the first chunk to the commit).

use std::collections::BTreeSet;

use super::backend::{Batch, Keys, Order, Tree};
use super::{Store, corrupt, json};
use crate::error::{Error, Result};

/// Bytes of keys and values per chunk.
const CHUNK: usize = 4 << 20;

/// Prefix of the `meta` mark of a staged merge that has not committed.
const MARK: &str = "stage/";

fn mark_key(id: u64) -> String {
    format!("{MARK}{id}")
}

fn undo_key(id: u64, n: u64) -> Vec<u8> {
    let mut k = id.to_be_bytes().to_vec();
    k.extend(n.to_be_bytes());
    k
}

/// tree index (1) ‖ had a value (1) ‖ key length (u32 BE) ‖ key ‖ old value.
fn undo_record(tree: Tree, key: &[u8], old: Option<&[u8]>) -> Vec<u8> {
    let mut v = Vec::with_capacity(6 + key.len() + old.map_or(0, <[u8]>::len));
    v.push(u8::try_from(tree.index()).unwrap_or(u8::MAX));
    v.push(u8::from(old.is_some()));
    v.extend(u32::try_from(key.len()).unwrap_or(u32::MAX).to_be_bytes());
    v.extend_from_slice(key);
    if let Some(o) = old {
        v.extend_from_slice(o);
    }
    v
}

type Undo<'a> = (Tree, &'a [u8], Option<&'a [u8]>);

fn parse_undo(v: &[u8]) -> Result<Undo<'_>> {
    let bad = || corrupt("stage", "bad undo record");
    let tree = *Tree::ALL
        .get(usize::from(*v.first().ok_or_else(bad)?))
        .ok_or_else(bad)?;
    let had = *v.get(1).ok_or_else(bad)? == 1;
    let len = v
        .get(2..6)
        .and_then(|b| b.try_into().ok())
        .map(u32::from_be_bytes)
        .ok_or_else(bad)? as usize;
    let key = v.get(6..6 + len).ok_or_else(bad)?;
    let old = had.then(|| &v[6 + len..]);
    Ok((tree, key, old))
}

/// The chunk size: [`CHUNK`], or `TILIK_IMPORT_CHUNK` bytes in debug builds (tests make
/// small bundles span many chunks).
fn chunk_bytes() -> usize {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("TILIK_IMPORT_CHUNK")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        return n.max(1);
    }
    CHUNK
}

type Write = (Tree, Vec<u8>, Option<Vec<u8>>);

/// The writes of one merge, staged in chunks as they grow past the chunk size. Callers
/// hold the writer lock from the first write to [`Staged::commit`] or
/// [`Staged::abandon`], and never give it a key the final batch also writes.
pub(super) struct Staged<'a> {
    store: &'a Store,
    limit: usize,
    pending: Vec<Write>,
    bytes: usize,
    /// Set by the first chunk.
    id: Option<u64>,
    /// Undo records written so far.
    next: u64,
    /// Chunks written so far.
    chunks: u64,
}

impl<'a> Staged<'a> {
    pub(super) fn new(store: &'a Store) -> Staged<'a> {
        Staged {
            store,
            limit: chunk_bytes(),
            pending: Vec::new(),
            bytes: 0,
            id: None,
            next: 0,
            chunks: 0,
        }
    }

    pub(super) fn put(
        &mut self,
        tree: Tree,
        key: impl Into<Vec<u8>>,
        value: impl Into<Vec<u8>>,
    ) -> Result<()> {
        self.push((tree, key.into(), Some(value.into())))
    }

    pub(super) fn remove(&mut self, tree: Tree, key: impl Into<Vec<u8>>) -> Result<()> {
        self.push((tree, key.into(), None))
    }

    fn push(&mut self, w: Write) -> Result<()> {
        self.bytes += w.1.len() + w.2.as_ref().map_or(0, Vec::len) + 16;
        self.pending.push(w);
        if self.bytes >= self.limit {
            self.stage()?;
        }
        Ok(())
    }

    /// Write the pending writes as one chunk, each with the value it replaces.
    fn stage(&mut self) -> Result<()> {
        let id = match self.id {
            Some(id) => id,
            None => {
                let id = self.store.kv.generate_id()?;
                self.id = Some(id);
                id
            }
        };
        let mut b = Batch::default();
        // In every chunk, so any chunk that survives a crash comes with its mark.
        b.put(Tree::Meta, mark_key(id), json(&id)?);
        for (tree, key, value) in self.pending.drain(..) {
            let old = self.store.kv.get(tree, &key)?;
            b.put(
                Tree::Stage,
                undo_key(id, self.next),
                undo_record(tree, &key, old.as_deref()),
            );
            self.next += 1;
            match value {
                Some(v) => b.put(tree, key, v),
                None => b.remove(tree, key),
            }
        }
        self.bytes = 0;
        self.store.kv.apply(b)?;
        self.chunks += 1;
        // Test hook (debug builds): die with two chunks staged and on disk, the commit
        // not written.
        #[cfg(debug_assertions)]
        if self.chunks == 2
            && std::env::var("TILIK_CRASH_AT").is_ok_and(|v| v == "import-between-chunks")
        {
            let _ = self.store.kv.flush();
            std::process::abort();
        }
        Ok(())
    }

    /// The commit point: the pending writes and `last` in one transaction that also ends
    /// the staging; then the undo records are dropped. On failure everything staged is
    /// undone (or, if even that fails, left for the next open to undo).
    pub(super) fn commit(mut self, mut last: Batch) -> Result<()> {
        for (tree, key, value) in self.pending.drain(..) {
            match value {
                Some(v) => last.put(tree, key, v),
                None => last.remove(tree, key),
            }
        }
        if let Some(id) = self.id {
            last.remove(Tree::Meta, mark_key(id));
        }
        if let Err(e) = self.store.kv.apply(last) {
            let _ = self.abandon();
            return Err(e);
        }
        if let Some(id) = self.id {
            // Committed: a failure to drop the records only leaves them for the next open.
            let _ = self.store.clear_stage(id);
        }
        Ok(())
    }

    /// Undo everything staged so far (the merge failed before its commit).
    pub(super) fn abandon(mut self) -> Result<()> {
        self.pending.clear();
        match self.id {
            Some(id) => self.store.roll_back(id),
            None => Ok(()),
        }
    }
}

impl Store {
    /// On opening: undo every staged merge that did not commit (a kill between its
    /// chunks) and drop the undo records of those that did. Returns how many were undone.
    ///
    /// # Errors
    /// Storage failure.
    pub(super) fn settle_staged(&self) -> Result<u64> {
        let marks: BTreeSet<u64> = self
            .meta_prefix::<u64>(MARK)?
            .into_keys()
            .filter_map(|k| k.parse().ok())
            .collect();
        let mut ids = marks.clone();
        let mut from = 0u64;
        loop {
            let lo = undo_key(from, 0);
            let next = self
                .kv
                .scan(
                    Tree::Stage,
                    Keys::Range(std::ops::Bound::Included(&lo), std::ops::Bound::Unbounded),
                    Order::Forward,
                )?
                .next()
                .transpose()?;
            let Some((k, _)) = next else { break };
            let id = k
                .get(..8)
                .and_then(|b| b.try_into().ok())
                .map(u64::from_be_bytes)
                .ok_or_else(|| corrupt("stage", "short key"))?;
            ids.insert(id);
            let Some(n) = id.checked_add(1) else { break };
            from = n;
        }
        let mut undone = 0;
        for id in ids {
            if marks.contains(&id) {
                self.roll_back(id)?;
                undone += 1;
            } else {
                self.clear_stage(id)?;
            }
        }
        Ok(undone)
    }

    /// Apply the undo records of staged merge `id`, newest first, in chunks (each removes
    /// the records it applied), then remove its mark.
    fn roll_back(&self, id: u64) -> Result<()> {
        let prefix = id.to_be_bytes();
        let limit = chunk_bytes();
        let mut last: Option<Vec<u8>> = None;
        loop {
            let mut b = Batch::default();
            let mut bytes = 0;
            for kv in self
                .kv
                .scan(Tree::Stage, Keys::Prefix(&prefix), Order::Reverse)?
            {
                let (k, v) = kv?;
                if bytes == 0 {
                    self.progressed(&mut last, &k)?;
                }
                let (tree, key, old) = parse_undo(&v)?;
                match old {
                    Some(o) => b.put(tree, key, o),
                    None => b.remove(tree, key),
                }
                b.remove(Tree::Stage, k.to_vec());
                bytes += v.len() + 16;
                if bytes >= limit {
                    break;
                }
            }
            if b.is_empty() {
                break;
            }
            self.kv.apply(b)?;
        }
        self.remove(Tree::Meta, mark_key(id))
    }

    /// A chunked walk that removes what it visits must meet a new first key each time:
    /// sled that hands back a key it was just told to remove is damaged (the crash+damage
    /// soak met an open that wrote such a chunk again and again, growing without end).
    fn progressed(&self, last: &mut Option<Vec<u8>>, first: &[u8]) -> Result<()> {
        if last.as_deref() == Some(first) {
            return Err(Error::StoreDamaged {
                path: self.path().to_path_buf(),
                detail: "staged undo records come back after their removal".into(),
            });
        }
        *last = Some(first.to_vec());
        Ok(())
    }

    /// Drop the undo records of merge `id` (it committed), in chunks.
    fn clear_stage(&self, id: u64) -> Result<()> {
        let prefix = id.to_be_bytes();
        let mut last: Option<Vec<u8>> = None;
        loop {
            let mut b = Batch::default();
            for kv in self
                .kv
                .scan(Tree::Stage, Keys::Prefix(&prefix), Order::Forward)?
                .take(4096)
            {
                let k = kv?.0;
                if b.is_empty() {
                    self.progressed(&mut last, &k)?;
                }
                b.remove(Tree::Stage, k.to_vec());
            }
            if b.is_empty() {
                return Ok(());
            }
            self.kv.apply(b)?;
        }
    }
}

#[cfg(test)]
mod stuck_tests {
    use super::*;
    use crate::storage::backend::{Backend, Entries, MemoryBackend, Value};

    /// A damaged backend: removals of undo records do not take.
    struct Sticky(MemoryBackend);

    impl Backend for Sticky {
        fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Value>> {
            self.0.get(tree, key)
        }
        fn scan(&self, tree: Tree, keys: Keys<'_>, order: Order) -> Result<Entries<'_>> {
            self.0.scan(tree, keys, order)
        }
        fn apply(&self, batch: Batch) -> Result<()> {
            let mut kept = Batch::default();
            for (tree, writes) in batch.into_trees() {
                for (k, v) in writes {
                    match v {
                        Some(v) => kept.put(tree, k, v),
                        None if tree == Tree::Stage => {}
                        None => kept.remove(tree, k),
                    }
                }
            }
            self.0.apply(kept)
        }
        fn generate_id(&self) -> Result<u64> {
            self.0.generate_id()
        }
        fn flush(&self) -> Result<()> {
            self.0.flush()
        }
    }

    #[test]
    fn undo_records_that_come_back_after_their_removal_are_damage_not_an_endless_loop() {
        let s = Store::on(Box::new(Sticky(MemoryBackend::new())), None);
        s.upgrade().expect("upgrade");
        // The undo records of a committed merge (no mark), and of an uncommitted one.
        let mut b = Batch::default();
        b.put(Tree::Stage, undo_key(7, 0), b"x".to_vec());
        b.put(Tree::Stage, undo_key(7, 1), b"y".to_vec());
        s.kv.apply(b).expect("apply");
        assert!(matches!(s.settle_staged(), Err(Error::StoreDamaged { .. })));
    }
}
