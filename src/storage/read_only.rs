//! A read-only view of a store that another process holds (the terminal UI, a running
//! import): the durable `meta` records of its journal — identity, age key, roster,
//! display names, kept instruments, export receipts — read without sled and without the
//! journal's lock, so `whoami`, `trust list` and `instruments` answer while the store is
//! in use. Every write through the view is refused with `StoreInUse`: a command that
//! would change the store still waits for the store to be free.
//!
//! The journal has each durable `meta` key as of the last completed `Store::sync`
//! (every acknowledged command ends with one), so the view is what the holder last
//! saved. It has no ops, projections or bundles: commands that read those still need the
//! store itself.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::backend::{Backend, Batch, Entries, Keys, MemoryBackend, Order, Tree, Value};
use super::journal::{self, Record};
use super::{SCHEMA_VERSION, Store, json};
use crate::error::{Error, Result};

/// A [`MemoryBackend`] holding the journal's `meta`, refusing every write.
struct Frozen {
    inner: MemoryBackend,
    /// The store folder the refusal names.
    path: PathBuf,
}

impl Backend for Frozen {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Value>> {
        self.inner.get(tree, key)
    }
    fn scan(&self, tree: Tree, keys: Keys<'_>, order: Order) -> Result<Entries<'_>> {
        self.inner.scan(tree, keys, order)
    }
    fn apply(&self, _batch: Batch) -> Result<()> {
        Err(Error::StoreInUse(self.path.clone()))
    }
    fn generate_id(&self) -> Result<u64> {
        Err(Error::StoreInUse(self.path.clone()))
    }
    fn flush(&self) -> Result<()> {
        Ok(())
    }
}

/// The latest value of every durable `meta` key in a journal's records (removals
/// applied), as the journal replay would leave them.
fn durable_meta(records: &[Record]) -> BTreeMap<String, Vec<u8>> {
    let mut meta = BTreeMap::new();
    for r in records {
        if let Record::Meta { key, value, .. } = r {
            match value {
                Some(v) => {
                    meta.insert(key.clone(), v.clone());
                }
                None => {
                    meta.remove(key);
                }
            }
        }
    }
    meta
}

impl Store {
    /// A read-only view of the store in `dir` from its journal alone (module doc): for the
    /// commands that only read identity, roster and instruments while another process
    /// holds the store. Reading takes no lock and changes no file.
    ///
    /// # Errors
    /// `StoreInUse` when the store has no journal to read (nothing to show without sled);
    /// `JournalCorrupt` / `Io` when the journal cannot be read.
    pub fn open_read_only(dir: &Path) -> Result<Store> {
        let jpath = dir.join(journal::FILE);
        if !jpath.is_file() {
            return Err(Error::StoreInUse(dir.to_path_buf()));
        }
        // A record being appended right now is a torn tail to this reader: left out.
        let scan = journal::scan(&jpath)?;
        let mem = MemoryBackend::new();
        let mut b = Batch::default();
        for (k, v) in durable_meta(&scan.records) {
            b.put(Tree::Meta, k.into_bytes(), v);
        }
        b.put(Tree::Meta, "schema_version", json(&SCHEMA_VERSION)?);
        mem.apply(b)?;
        let mut store = Store::on(
            Box::new(Frozen {
                inner: mem,
                path: dir.to_path_buf(),
            }),
            None,
        );
        store.read_only = true;
        store.kv.freeze(dir.to_path_buf());
        Ok(store)
    }

    /// Whether this is a read-only view of a store held elsewhere
    /// ([`Store::open_read_only`]).
    #[must_use]
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }
}
