//! The [`Backend`] in memory: one `BTreeMap` per tree behind a lock. It has no files, so
//! nothing survives the process and [`Backend::flush`] has nothing to do; a store on it
//! ([`Store::in_memory`](crate::storage::Store::in_memory)) has no journal either. For
//! tests and tools that need a store without a folder.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard};

use super::{Backend, Batch, Entries, Keys, Order, Repr, Tree, Value};
use crate::error::{Error, Result};

type Map = BTreeMap<Arc<[u8]>, Arc<[u8]>>;

/// Every tree as a `BTreeMap`.
#[derive(Debug, Default)]
pub struct MemoryBackend {
    trees: RwLock<[Map; Tree::ALL.len()]>,
    next_id: AtomicU64,
}

impl MemoryBackend {
    #[must_use]
    pub fn new() -> MemoryBackend {
        MemoryBackend::default()
    }

    fn read(&self) -> Result<RwLockReadGuard<'_, [Map; Tree::ALL.len()]>> {
        self.trees
            .read()
            .map_err(|_| Error::Storage("memory store lock poisoned".into()))
    }
}

fn value(v: &Arc<[u8]>) -> Value {
    Value(Repr::Shared(Arc::clone(v)))
}

impl Backend for MemoryBackend {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Value>> {
        Ok(self.read()?[tree.index()].get(key).map(value))
    }

    /// The entries are copied out (shared, not cloned) before the iterator is returned, so
    /// no lock is held while the caller iterates (and writes).
    fn scan(&self, tree: Tree, keys: Keys<'_>, order: Order) -> Result<Entries<'_>> {
        if keys.is_empty_range() {
            return Ok(Box::new(std::iter::empty()));
        }
        let trees = self.read()?;
        let map = &trees[tree.index()];
        let range: (Bound<&[u8]>, Bound<&[u8]>) = match keys {
            Keys::All => (Bound::Unbounded, Bound::Unbounded),
            Keys::Prefix(p) => (Bound::Included(p), Bound::Unbounded),
            Keys::Range(lo, hi) => (lo, hi),
        };
        let prefix = match keys {
            Keys::Prefix(p) => p,
            _ => &[],
        };
        let mut out: Vec<Result<(Value, Value)>> = map
            .range::<[u8], _>(range)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, v)| Ok((value(k), value(v))))
            .collect();
        if order == Order::Reverse {
            out.reverse();
        }
        Ok(Box::new(out.into_iter()))
    }

    fn apply(&self, batch: Batch) -> Result<()> {
        let mut trees = self
            .trees
            .write()
            .map_err(|_| Error::Storage("memory store lock poisoned".into()))?;
        for (tree, writes) in batch.into_trees() {
            let map = &mut trees[tree.index()];
            for (k, v) in writes {
                match v {
                    Some(v) => map.insert(Arc::from(k), Arc::from(v)),
                    None => map.remove(k.as_slice()),
                };
            }
        }
        Ok(())
    }

    fn generate_id(&self) -> Result<u64> {
        Ok(self.next_id.fetch_add(1, Ordering::Relaxed))
    }

    fn flush(&self) -> Result<()> {
        Ok(())
    }
}
