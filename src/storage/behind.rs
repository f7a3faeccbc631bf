//! Write-behind of this device's commits (issue 17): a commit is acknowledged once its ops
//! are in the journal and `fdatasync`ed (the durability point, `durable`); what it changes
//! in the backend (the op, its index entry, the projection, head, clock, op count) waits
//! here, in memory, and reaches the backend in one batch with the next ones.
//!
//! [`Behind`] sits between the [`Store`](super::Store) and its [`Backend`] and offers the
//! backend's own calls, so every read of the store sees the pending writes:
//! - a point read ([`Backend::get`]) answers from the pending writes first (a pending
//!   projection is encoded for it; [`Behind::state`] hands it out decoded);
//! - a scan (and [`Backend::last`]) merges the pending writes of its tree into the
//!   backend's scan, in key order; a scan of the projections (`assess`) applies the
//!   pending writes first ([`Behind::settle`]);
//! - a write ([`Backend::apply`]) and [`Backend::flush`] first apply the pending writes,
//!   so a write always lands after them;
//! - pending writes are applied when [`SETTLE_OPS`] ops wait, by [`Store::sync`] and when
//!   the store is dropped.
//!
//! After a crash the journal holds every acknowledged op the backend lacks, and opening
//! replays them (`Store::replay_ops`): nothing acknowledged depends on this memory. Pending
//! writes are applied as one backend batch, so each commit is still all there or not at
//! all, and in order.
//!
//! [`Store::sync`]: super::Store::sync

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use super::backend::{Backend, Batch, Entries, Keys, Order, Tree, TreeWrites, Value};
use crate::core::assessment::AssessmentState;
use crate::error::{Error, Result};

/// Ops that may wait before they are applied to the backend (a save's cost is then one
/// backend batch per this many saves; the memory is the touched projections).
pub const SETTLE_OPS: usize = 64;

/// Writes acknowledged (journaled) and not yet applied to the backend.
#[derive(Default)]
pub(super) struct Pending {
    /// Byte writes per tree (ops, index entries, meta keys); never the `assess` or `brief`
    /// tree (a pending projection is in `states`, its brief made from it).
    writes: BTreeMap<Tree, TreeWrites>,
    /// The projections these writes change, decoded, as they are after them.
    states: BTreeMap<String, AssessmentState>,
    /// Ops waiting.
    ops: usize,
}

impl Pending {
    fn is_empty(&self) -> bool {
        self.states.is_empty() && self.writes.values().all(BTreeMap::is_empty)
    }

    /// Set `key` in `tree` (the `assess` tree goes through [`Pending::state_mut`]).
    pub(super) fn put(&mut self, tree: Tree, key: Vec<u8>, value: Vec<u8>) {
        self.writes
            .entry(tree)
            .or_default()
            .insert(key, Some(value));
    }

    /// The pending projection of `id` to change in place, read from `kv` (or new) when
    /// none is pending.
    pub(super) fn state_mut(&mut self, kv: &dyn Backend, id: &str) -> Result<&mut AssessmentState> {
        if !self.states.contains_key(id) {
            let st = match kv.get(Tree::Assess, id.as_bytes())? {
                Some(v) => super::packed::decode(&v)?,
                None => AssessmentState::new(id),
            };
            self.states.insert(id.to_string(), st);
        }
        self.states
            .get_mut(id)
            .ok_or_else(|| Error::Storage("pending projection vanished".into()))
    }

    /// Count `n` more ops waiting.
    pub(super) fn add_ops(&mut self, n: usize) {
        self.ops += n;
    }
}

/// A backend with this device's acknowledged writes in front of it (see the module).
pub(super) struct Behind {
    inner: Box<dyn Backend>,
    pending: Mutex<Pending>,
    /// A read-only view (`Store::open_read_only`) of the store in this folder: nothing may
    /// be deferred either.
    frozen: Option<std::path::PathBuf>,
}

impl Behind {
    pub(super) fn new(inner: Box<dyn Backend>) -> Behind {
        Behind {
            inner,
            pending: Mutex::new(Pending::default()),
            frozen: None,
        }
    }

    /// Refuse every deferred write as the read-only view refuses writes (store in use).
    pub(super) fn freeze(&mut self, dir: std::path::PathBuf) {
        self.frozen = Some(dir);
    }

    fn lock(&self) -> Result<MutexGuard<'_, Pending>> {
        self.pending
            .lock()
            .map_err(|_| Error::Storage("pending writes lock poisoned".into()))
    }

    /// Apply the pending writes to the backend, as one batch (nothing to do when none
    /// wait). On failure they stay pending (they are journaled) and the error is returned.
    ///
    /// # Errors
    /// The backend's write failure.
    pub(super) fn settle(&self) -> Result<()> {
        let mut p = self.lock()?;
        self.settle_locked(&mut p)
    }

    fn settle_locked(&self, p: &mut Pending) -> Result<()> {
        if p.is_empty() {
            return Ok(());
        }
        let mut batch = Batch::default();
        for (tree, writes) in &p.writes {
            for (k, v) in writes {
                match v {
                    Some(v) => batch.put(*tree, k.clone(), v.clone()),
                    None => batch.remove(*tree, k.clone()),
                }
            }
        }
        for (id, st) in &p.states {
            super::brief::put_state(&mut batch, id, st)?;
        }
        self.inner.apply(batch)?;
        *p = Pending::default();
        Ok(())
    }

    /// Add writes to the pending ones: `write` gets them and the backend (to read a
    /// projection not pending yet). When [`SETTLE_OPS`] ops then wait, they are applied.
    /// The caller has made them durable (journaled) first.
    ///
    /// # Errors
    /// What `write` returns. A failure to apply them is not this call's: they are durable
    /// already and stay pending, and the next read or write that must apply them (a scan,
    /// a write, a sync) retries and reports it.
    pub(super) fn defer(
        &self,
        write: impl FnOnce(&mut Pending, &dyn Backend) -> Result<()>,
    ) -> Result<()> {
        if let Some(dir) = &self.frozen {
            return Err(Error::StoreInUse(dir.clone()));
        }
        let mut p = self.lock()?;
        write(&mut p, self.inner.as_ref())?;
        if p.ops >= SETTLE_OPS && self.settle_locked(&mut p).is_err() {
            // Kept pending; see above.
        }
        Ok(())
    }

    /// Apply the batch `make` builds from what the backend holds, with no write between
    /// its reads and the batch (the pending writes are applied first). Returns what
    /// `make` returns beside the batch.
    ///
    /// # Errors
    /// What `make` returns; the backend's write failure.
    pub(super) fn apply_checked<T>(
        &self,
        make: impl FnOnce(&dyn Backend) -> Result<(Batch, T)>,
    ) -> Result<T> {
        if let Some(dir) = &self.frozen {
            return Err(Error::StoreInUse(dir.clone()));
        }
        let mut p = self.lock()?;
        self.settle_locked(&mut p)?;
        let (batch, out) = make(self.inner.as_ref())?;
        if !batch.is_empty() {
            self.inner.apply(batch)?;
        }
        Ok(out)
    }

    /// The pending projection of `id`, if one is pending.
    ///
    /// # Errors
    /// A poisoned lock.
    pub(super) fn state(&self, id: &str) -> Result<Option<AssessmentState>> {
        Ok(self.lock()?.states.get(id).cloned())
    }

    /// The backend under the pending writes.
    #[cfg(test)]
    pub(super) fn inner(&self) -> &dyn Backend {
        self.inner.as_ref()
    }
}

/// The backend's calls, callable on the store's `kv` without naming the trait.
impl Behind {
    pub(super) fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Value>> {
        Backend::get(self, tree, key)
    }

    pub(super) fn contains(&self, tree: Tree, key: &[u8]) -> Result<bool> {
        Backend::contains(self, tree, key)
    }

    pub(super) fn scan(&self, tree: Tree, keys: Keys<'_>, order: Order) -> Result<Entries<'_>> {
        Backend::scan(self, tree, keys, order)
    }

    pub(super) fn last(&self, tree: Tree, keys: Keys<'_>) -> Result<Option<(Value, Value)>> {
        Backend::last(self, tree, keys)
    }

    pub(super) fn apply(&self, batch: Batch) -> Result<()> {
        Backend::apply(self, batch)
    }

    pub(super) fn generate_id(&self) -> Result<u64> {
        Backend::generate_id(self)
    }

    pub(super) fn flush(&self) -> Result<()> {
        Backend::flush(self)
    }
}

impl Backend for Behind {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Value>> {
        {
            let p = self.lock()?;
            if tree == Tree::Assess || tree == Tree::Brief || tree == Tree::Line {
                if let Some(st) = std::str::from_utf8(key).ok().and_then(|k| p.states.get(k)) {
                    if tree == Tree::Line {
                        return Ok(Some(Value::owned(super::line::STALE.to_vec())));
                    }
                    let state = super::packed::encode(st)?;
                    return Ok(Some(Value::owned(if tree == Tree::Assess {
                        state
                    } else {
                        super::brief::encode(&state, st)?
                    })));
                }
            } else if let Some(v) = p.writes.get(&tree).and_then(|w| w.get(key)) {
                return Ok(v.as_ref().map(|v| Value::owned(v.clone())));
            }
        }
        self.inner.get(tree, key)
    }

    fn scan(&self, tree: Tree, keys: Keys<'_>, order: Order) -> Result<Entries<'_>> {
        let mut p = self.lock()?;
        if tree == Tree::Assess || tree == Tree::Brief || tree == Tree::Line {
            // Pending projections (and the briefs and stale lines made from them) are kept
            // decoded: a scan of any of them gets them applied.
            self.settle_locked(&mut p)?;
            drop(p);
            return self.inner.scan(tree, keys, order);
        }
        // The pending writes of this tree within `keys`, as of now, merged into the
        // backend's scan in key order (a pending write hides the backend's value).
        let mut mine: Vec<PendingEntry> = p
            .writes
            .get(&tree)
            .into_iter()
            .flatten()
            .filter(|(k, _)| within(&keys, k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        drop(p);
        if mine.is_empty() {
            return self.inner.scan(tree, keys, order);
        }
        if order == Order::Reverse {
            mine.reverse();
        }
        let under = self.inner.scan(tree, keys, order)?;
        Ok(Box::new(Merged {
            under: under.peekable(),
            mine: mine.into_iter().peekable(),
            order,
        }))
    }

    fn apply(&self, batch: Batch) -> Result<()> {
        // Under the lock: no pending write can slip in between the two.
        let mut p = self.lock()?;
        self.settle_locked(&mut p)?;
        self.inner.apply(batch)
    }

    fn generate_id(&self) -> Result<u64> {
        self.inner.generate_id()
    }

    fn flush(&self) -> Result<()> {
        self.settle()?;
        self.inner.flush()
    }
}

/// Whether `key` is one of `keys`.
fn within(keys: &Keys<'_>, key: &[u8]) -> bool {
    use std::ops::Bound;
    match keys {
        Keys::All => true,
        Keys::Prefix(p) => key.starts_with(p),
        Keys::Range(lo, hi) => {
            let above = match lo {
                Bound::Included(l) => key >= *l,
                Bound::Excluded(l) => key > *l,
                Bound::Unbounded => true,
            };
            let below = match hi {
                Bound::Included(h) => key <= *h,
                Bound::Excluded(h) => key < *h,
                Bound::Unbounded => true,
            };
            above && below
        }
    }
}

/// A pending write as a scan meets it: key, new value (`None`: removed).
type PendingEntry = (Vec<u8>, Option<Vec<u8>>);

/// A backend scan with pending writes merged in, both in the same order.
struct Merged<'a> {
    under: std::iter::Peekable<Entries<'a>>,
    mine: std::iter::Peekable<std::vec::IntoIter<PendingEntry>>,
    order: Order,
}

impl Iterator for Merged<'_> {
    type Item = Result<(Value, Value)>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let first = match (self.under.peek(), self.mine.peek()) {
                (_, None) => return self.under.next(),
                (Some(Err(_)), _) => return self.under.next(),
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(Ok((uk, _))), Some((mk, _))) => {
                    let c = uk[..].cmp(&mk[..]);
                    if self.order == Order::Reverse {
                        c.reverse()
                    } else {
                        c
                    }
                }
            };
            match first {
                std::cmp::Ordering::Less => return self.under.next(),
                std::cmp::Ordering::Equal => {
                    // The pending write replaces the backend's value.
                    self.under.next();
                }
                std::cmp::Ordering::Greater => {}
            }
            let (k, v) = self.mine.next()?;
            if let Some(v) = v {
                return Some(Ok((Value::owned(k), Value::owned(v))));
            }
            // A pending removal: nothing to yield for this key.
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::backend::MemoryBackend;

    fn behind() -> Behind {
        Behind::new(Box::new(MemoryBackend::new()))
    }

    #[test]
    fn pending_writes_are_read_back_and_reach_the_backend_before_a_scan() {
        let b = behind();
        b.defer(|p, _| {
            p.put(Tree::Meta, b"k".to_vec(), b"1".to_vec());
            p.state_mut(b.inner(), "a")?.last_change_ms = 7;
            p.add_ops(1);
            Ok(())
        })
        .expect("defer");
        // Not in the backend yet, but every read sees it.
        assert!(b.inner().get(Tree::Meta, b"k").expect("get").is_none());
        assert_eq!(
            b.get(Tree::Meta, b"k").expect("get").as_deref(),
            Some(&b"1"[..])
        );
        let st: AssessmentState = super::super::packed::decode(
            &b.get(Tree::Assess, b"a")
                .expect("get")
                .expect("pending projection"),
        )
        .expect("decode");
        assert_eq!(st.last_change_ms, 7);
        assert_eq!(
            b.state("a").expect("state").map(|s| s.last_change_ms),
            Some(7)
        );
        // A scan sees them; a scan of the projections applies them first.
        let seen: Vec<_> = b
            .scan(Tree::Meta, Keys::All, Order::Forward)
            .expect("scan")
            .map(|kv| kv.expect("entry").0.to_vec())
            .collect();
        assert_eq!(seen, vec![b"k".to_vec()]);
        let ids: Vec<_> = b
            .scan(Tree::Assess, Keys::All, Order::Forward)
            .expect("scan")
            .map(|kv| kv.expect("entry").0.to_vec())
            .collect();
        assert_eq!(ids, vec![b"a".to_vec()]);
        assert!(b.inner().get(Tree::Assess, b"a").expect("get").is_some());
        assert!(b.inner().get(Tree::Meta, b"k").expect("get").is_some());
        assert!(b.state("a").expect("state").is_none());
    }

    #[test]
    fn scans_merge_pending_writes_in_order_both_ways_without_applying_them() {
        let b = behind();
        let mut batch = Batch::default();
        for k in ["a1", "a3", "a5", "b1"] {
            batch.put(Tree::Meta, k, format!("old {k}"));
        }
        b.apply(batch).expect("apply");
        b.defer(|p, _| {
            p.put(Tree::Meta, b"a2".to_vec(), b"new a2".to_vec());
            p.put(Tree::Meta, b"a3".to_vec(), b"new a3".to_vec());
            p.put(Tree::Meta, b"a9".to_vec(), b"new a9".to_vec());
            p.writes
                .entry(Tree::Meta)
                .or_default()
                .insert(b"a5".to_vec(), None);
            p.put(Tree::Meta, b"c".to_vec(), b"new c".to_vec());
            Ok(())
        })
        .expect("defer");
        let read = |keys: Keys<'_>, order: Order| -> Vec<(String, String)> {
            b.scan(Tree::Meta, keys, order)
                .expect("scan")
                .map(|kv| {
                    let (k, v) = kv.expect("entry");
                    (
                        String::from_utf8_lossy(&k).to_string(),
                        String::from_utf8_lossy(&v).to_string(),
                    )
                })
                .collect()
        };
        let want: Vec<(String, String)> = [
            ("a1", "old a1"),
            ("a2", "new a2"),
            ("a3", "new a3"),
            ("a9", "new a9"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
        .collect();
        assert_eq!(read(Keys::Prefix(b"a"), Order::Forward), want);
        let mut rev = want.clone();
        rev.reverse();
        assert_eq!(read(Keys::Prefix(b"a"), Order::Reverse), rev);
        let all = read(Keys::All, Order::Forward);
        assert_eq!(all.len(), 6, "{all:?}");
        assert_eq!(all.last().map(|e| e.0.as_str()), Some("c"));
        use std::ops::Bound;
        let mid = read(
            Keys::Range(Bound::Excluded(b"a2"), Bound::Included(b"b1")),
            Order::Forward,
        );
        assert_eq!(
            mid.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(),
            vec!["a3", "a9", "b1"]
        );
        let last = b
            .last(Tree::Meta, Keys::Prefix(b"a"))
            .expect("last")
            .map(|(k, _)| k.to_vec());
        assert_eq!(last, Some(b"a9".to_vec()));
        // Still pending: the backend has the old values.
        assert!(b.inner().get(Tree::Meta, b"a2").expect("get").is_none());
        assert!(b.inner().get(Tree::Meta, b"a5").expect("get").is_some());
    }

    #[test]
    fn a_write_lands_after_the_pending_ones_and_wins() {
        let b = behind();
        b.defer(|p, _| {
            p.put(Tree::Meta, b"k".to_vec(), b"old".to_vec());
            Ok(())
        })
        .expect("defer");
        let mut batch = Batch::default();
        batch.put(Tree::Meta, "k", "new");
        b.apply(batch).expect("apply");
        assert_eq!(
            b.inner().get(Tree::Meta, b"k").expect("get").as_deref(),
            Some(&b"new"[..])
        );
    }

    #[test]
    fn enough_waiting_ops_are_applied_without_being_asked() {
        let b = behind();
        for n in 0..SETTLE_OPS {
            b.defer(|p, _| {
                p.put(Tree::Meta, format!("k{n}").into_bytes(), b"v".to_vec());
                p.add_ops(1);
                Ok(())
            })
            .expect("defer");
            let in_backend = b
                .inner()
                .get(Tree::Meta, format!("k{n}").as_bytes())
                .expect("get")
                .is_some();
            assert_eq!(in_backend, n + 1 == SETTLE_OPS, "after {} ops", n + 1);
        }
    }
}
