//! Write-behind of this device's commits (issue 17): a commit is acknowledged once its ops
//! are in the journal and `fdatasync`ed (the durability point, `durable`); what it changes
//! in the backend (the op, its index entry, the projection, head, clock, op count) waits
//! here, in memory, and reaches the backend in one batch with the next ones.
//!
//! [`Behind`] sits between the [`Store`](super::Store) and its [`Backend`] and offers the
//! backend's own calls, so every read of the store sees the pending writes:
//! - a point read ([`Backend::get`]) answers from the pending writes first (a pending
//!   projection is encoded for it; [`Behind::state`] hands it out decoded);
//! - every other call — a scan, [`Backend::last`], a write ([`Backend::apply`]),
//!   [`Backend::flush`] — first applies the pending writes to the backend
//!   ([`Behind::settle`]), so scans and writes never see a store without them;
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
use super::{corrupt, json};
use crate::core::assessment::AssessmentState;
use crate::error::{Error, Result};

/// Ops that may wait before they are applied to the backend (a save's cost is then one
/// backend batch per this many saves; the memory is the touched projections).
pub const SETTLE_OPS: usize = 64;

/// Writes acknowledged (journaled) and not yet applied to the backend.
#[derive(Default)]
pub(super) struct Pending {
    /// Byte writes per tree (ops, index entries, meta keys); never the `assess` tree.
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
                Some(v) => serde_json::from_slice(&v).map_err(|e| corrupt("assessment", e))?,
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
            batch.put(Tree::Assess, id.as_bytes(), json(st)?);
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
            if tree == Tree::Assess {
                if let Some(st) = std::str::from_utf8(key).ok().and_then(|k| p.states.get(k)) {
                    return Ok(Some(Value::owned(json(st)?)));
                }
            } else if let Some(v) = p.writes.get(&tree).and_then(|w| w.get(key)) {
                return Ok(v.as_ref().map(|v| Value::owned(v.clone())));
            }
        }
        self.inner.get(tree, key)
    }

    fn scan(&self, tree: Tree, keys: Keys<'_>, order: Order) -> Result<Entries<'_>> {
        self.settle()?;
        self.inner.scan(tree, keys, order)
    }

    fn last(&self, tree: Tree, keys: Keys<'_>) -> Result<Option<(Value, Value)>> {
        self.settle()?;
        self.inner.last(tree, keys)
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
        let st: AssessmentState = serde_json::from_slice(
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
        // A scan applies them first.
        let seen: Vec<_> = b
            .scan(Tree::Meta, Keys::All, Order::Forward)
            .expect("scan")
            .map(|kv| kv.expect("entry").0.to_vec())
            .collect();
        assert_eq!(seen, vec![b"k".to_vec()]);
        assert!(b.inner().get(Tree::Assess, b"a").expect("get").is_some());
        assert!(b.state("a").expect("state").is_none());
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
