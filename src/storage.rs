//! The local store: the append-only, hash-chained op log, the per-assessment projection
//! updated in the same write, content-addressed evidence blobs, the identity and the other
//! `meta` records (`docs/store.md`).
//!
//! Layers, bottom up:
//! - [`backend`]: the [`Backend`] trait (ordered byte-keyed trees, atomic
//!   multi-tree batches) with [`SledBackend`](backend::SledBackend) (sled 0.34.7) and
//!   [`MemoryBackend`];
//! - [`Store`]: the typed logic, written once on the backend: op chain commits
//!   (`oplog`), segments ([`segment`]), the index and projections (`projection`), heads,
//!   held ops, forks, runs, signatures and the import log ([`bundles`]), evidence
//!   (`evidence`), `meta` records ([`records`], `meta`), the schema (`schema`);
//! - the durable flavour (`durable`, sled only): the journal ([`journal`]), the durability
//!   point of every commit, replayed on opening and rebuilt from when sled cannot open
//!   ([`Store::open`]); key rotation of a copied store. An in-memory store
//!   ([`Store::in_memory`]) has no files and no journal.
//!
//! Durability (sled flavour): every commit is appended to the journal and `fdatasync`ed
//! before it returns, and written to sled behind it ([`behind`]: in memory, seen by every
//! read, applied in batches); sled itself is persisted by its background flusher and by
//! [`Store::sync`] (sled `flush()` then `sync_all()` on the db file: `flush()` alone does
//! not fsync on Linux, research/crates.md §3).
//!
//! Trees ([`backend::Tree`]):
//! - `meta`: `schema_version`, `identity`, `home`, `hlc`, `opcount`, `head/<device>`,
//!   `exported/<device>`, `journal/meta` (last journal meta record sled has), and the
//!   records of [`records`]
//! - `ops`: device (32 bytes) ‖ first seq (u64 BE) → a segment of that device's consecutive
//!   ops (one op = its JSON bytes as hashed; imports write up to 128 per value; [`segment`])
//! - `assess`: assessment id → `AssessmentState` JSON (the projection)
//! - `idx`: assessment id ‖ 0x00 ‖ segment key → that assessment's seqs in the segment
//!   (u64 BE each; empty = the segment's first op alone)
//! - `blobs`: blake3 hex → the index entry of an evidence file (size, bundle it came
//!   from); the bytes live outside sled, in `<store>/evidence/ab/cdef…` (`evidence`)
//! - `sigs`, `held`, `forkops`, `pending`, `implog`: see [`bundles`].

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use crate::core::codec::unhex;
use crate::error::{Error, Result};

pub mod backend;
mod behind;
mod brief;
pub mod bundles;
mod clean;
#[cfg(test)]
mod conformance_tests;
mod durable;
pub mod evidence;
mod imported_loss;
pub mod journal;
pub mod line;
mod meta;
mod oplog;
mod packed;
mod projection;
mod read_only;
pub mod records;
mod schema;
pub mod segment;
mod seq_mark;
mod staged;

use backend::{Backend, Batch, MemoryBackend, Tree};
use durable::Disk;
pub use evidence::{BlobReader, BlobWriter, IndexEntry, LossKind, LostEvidence};
pub use imported_loss::LostOps;
pub use schema::SCHEMA_VERSION;
pub use seq_mark::{FILE as SEQ_MARKS_FILE, Restored};

/// `meta` key: number of the last journal meta record applied to sled.
const JOURNAL_META: &str = "journal/meta";

/// `meta` key of the number of ops in `ops` (kept in every write that adds ops).
const OP_COUNT: &str = "opcount";

/// The head of one device's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub seq: u64,
    pub hash: String,
}

/// What [`Store::rebuild_check`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebuildCheck {
    /// Assessments the log rebuilds.
    pub assessments: usize,
    /// Ops in the store.
    pub ops: u64,
    /// Ops reached through the per-assessment index (equal to `ops` when it is whole).
    pub indexed: u64,
    /// Assessments whose live projection differs from the rebuild.
    pub differ: Vec<String>,
}

/// What opening did when sled could not open the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// Where the damaged store folder was moved (never deleted).
    pub aside: PathBuf,
    /// What sled reported.
    pub cause: String,
}

/// The store: typed reads and writes over a [`Backend`], with the journal when it lives
/// on disk. (Field order matters: `kv`, holding sled, drops before `disk`, which leaves
/// the clean-close mark.)
pub struct Store {
    /// The backend, with this device's journaled writes not yet applied in front of it
    /// (`behind`).
    kv: behind::Behind,
    /// The folder and journal of a store on disk; `None` for an in-memory store.
    disk: Option<Disk>,
    /// Where evidence bytes live (`<store>/evidence`, or memory).
    files: evidence::Files,
    /// Held around every read-modify-write of the op log, the op count and the projection
    /// (a commit, a merge, a projection repair), so they are serialized as the sled
    /// transactions they replaced were.
    writer: Mutex<()>,
    /// A read-only view of a store held elsewhere (`Store::open_read_only`).
    read_only: bool,
    /// The file outside the store that keeps this device's sequence mark
    /// (`Store::watch_sequence`).
    seq_marks: Option<PathBuf>,
    /// Set when opening found a copied/restored store and rotated the device key.
    pub rotated: bool,
    /// Set when sled could not be opened and the store was rebuilt from its journal.
    pub recovered: Option<Recovery>,
    /// Records replayed from the journal on opening because sled was behind it (after a
    /// crash before sled's own flush; 0 normally).
    pub replayed: u64,
    /// Merges of bundles that opening found staged but not committed (killed between
    /// their chunks, `storage::staged`) and undid: those bundles were never imported.
    pub staged_undone: u64,
    /// Evidence files opening found missing (and could not put back from the journal):
    /// the bundles that brought them must be imported again.
    pub evidence_lost: Vec<LostEvidence>,
    /// The inbox folder, to name bundle files in messages (`Store::set_inbox`).
    inbox: Option<PathBuf>,
    /// Ops of other devices that the store had received and opening found missing
    /// (`imported_loss`): the bundles carrying them must be imported again.
    pub imported_lost: Vec<LostOps>,
    /// Ops opening found missing that no received run names (sled lost them together
    /// with their runs): fewer ops present than the op count or the journal's last sync
    /// said. The workspace finds the inbox bundles that carry them.
    pub imported_unexplained: u64,
    /// Projections opening found older than the op log, or not the ones their briefs
    /// were written with, and rebuilt from the ops (after an unclean close only).
    pub projections_repaired: u64,
}

/// JSON bytes of a stored value; a value that cannot be encoded is an error, never an
/// empty record.
fn json<T: Serialize>(v: &T) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| corrupt("encode", e))
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> Error {
    Error::Storage(format!("{what}: {e}"))
}

/// Key of an op in the `ops` tree.
#[must_use]
pub fn op_key(device: &str, seq: u64) -> Vec<u8> {
    let mut k = unhex(device).unwrap_or_else(|| device.as_bytes().to_vec());
    k.extend_from_slice(&seq.to_be_bytes());
    k
}

/// The sequence number at the end of an `ops` key (a segment's first op).
fn seq_of_key(k: &[u8]) -> Result<u64> {
    k.len()
        .checked_sub(8)
        .and_then(|at| k[at..].try_into().ok())
        .map(u64::from_be_bytes)
        .ok_or_else(|| corrupt("op key", "short"))
}

fn idx_key(assessment: &str, device: &str, seq: u64) -> Vec<u8> {
    let mut k = assessment.as_bytes().to_vec();
    k.push(0);
    k.extend(op_key(device, seq));
    k
}

impl Store {
    /// A new, empty store in memory: no files, no journal, nothing survives the process;
    /// like a fresh store on disk, it has the current schema and no identity yet.
    /// [`Store::sync`] has nothing to make durable.
    ///
    /// # Errors
    /// Storage failure.
    pub fn in_memory() -> Result<Store> {
        let store = Store::on(Box::new(MemoryBackend::new()), None);
        store.upgrade()?;
        Ok(store)
    }

    /// A store over `kv` (with the files of a store on disk, if any), not yet upgraded.
    fn on(kv: Box<dyn Backend>, disk: Option<Disk>) -> Store {
        let files = disk.as_ref().map_or_else(evidence::Files::memory, |d| {
            evidence::Files::Dir(d.path().join(evidence::DIR))
        });
        Store {
            kv: behind::Behind::new(kv),
            disk,
            files,
            writer: Mutex::new(()),
            read_only: false,
            seq_marks: None,
            rotated: false,
            recovered: None,
            replayed: 0,
            staged_undone: 0,
            evidence_lost: Vec::new(),
            inbox: None,
            imported_lost: Vec::new(),
            imported_unexplained: 0,
            projections_repaired: 0,
        }
    }

    /// The store folder (empty for an in-memory store).
    #[must_use]
    pub fn path(&self) -> &Path {
        self.disk.as_ref().map_or(Path::new(""), Disk::path)
    }

    /// The writer lock (see the `writer` field).
    fn write_lock(&self) -> Result<MutexGuard<'_, ()>> {
        self.writer
            .lock()
            .map_err(|_| Error::Storage("store writer lock poisoned".into()))
    }

    /// Set one key (an atomic write by itself).
    fn put(&self, tree: Tree, key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) -> Result<()> {
        let mut b = Batch::default();
        b.put(tree, key, value);
        self.kv.apply(b)
    }

    /// Remove one key.
    fn remove(&self, tree: Tree, key: impl Into<Vec<u8>>) -> Result<()> {
        let mut b = Batch::default();
        b.remove(tree, key);
        self.kv.apply(b)
    }

    /// Add `n` to the op count in `batch`, the write that stores the ops (under the writer
    /// lock).
    fn add_op_count(&self, batch: &mut Batch, n: u64) -> Result<()> {
        let had: u64 = self.meta_get(OP_COUNT)?.unwrap_or(0);
        batch.put(Tree::Meta, OP_COUNT, json(&(had + n))?);
        Ok(())
    }
}

impl Drop for Store {
    /// A clean close leaves sled flushed and fsynced (the journal already is). A drop
    /// cannot report a failure: every path that must be durable syncs before it returns.
    fn drop(&mut self) {
        // The clean-close mark is left when the disk part drops, after sled has closed.
        if self.sync().is_ok()
            && !self.read_only
            && let Some(d) = &mut self.disk
        {
            d.close_clean();
        }
    }
}
