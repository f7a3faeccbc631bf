//! The storage backend: the small, synchronous key-value layer the typed [`Store`] is
//! written on, so the store's logic (op chain, segments, index, projections, heads, holds,
//! forks, runs, import log, rebuild check) exists once and runs unchanged on sled and in
//! memory.
//!
//! A backend holds the store's ordered, byte-keyed [`Tree`]s and offers exactly what the
//! store needs:
//! - point reads ([`Backend::get`], [`Backend::contains`]);
//! - ordered scans of a whole tree, a key prefix or a key range, forwards or backwards
//!   ([`Backend::scan`], [`Backend::last`]);
//! - one atomic write of many keys over many trees ([`Backend::apply`] of a [`Batch`]):
//!   after a crash all of a batch is there or none of it. Writes are batched in the trait,
//!   never one call per key, so the dynamic dispatch costs one call per transaction;
//! - monotonic ids ([`Backend::generate_id`]) and durability ([`Backend::flush`]).
//!
//! Values come back as [`Value`]s that share the backend's buffer (sled's `IVec`, an
//! `Arc` in memory): reading an op out of a 60 KB segment copies nothing.
//!
//! A backend does not serialize read-modify-write sequences; the store does (one writer
//! lock around them), exactly as a sled transaction did before.
//!
//! Implementations: [`SledBackend`] (the store on disk; the journal and recovery around
//! it live in the store) and [`MemoryBackend`] (tests and tools: no files, no journal).
//!
//! [`Store`]: super::Store

use std::collections::BTreeMap;
use std::ops::{Bound, Deref};
use std::sync::Arc;

use crate::error::Result;

mod memory;
mod sled_backend;

pub use memory::MemoryBackend;
pub(super) use sled_backend::{DAMAGE_MARK, SledFail};
pub use sled_backend::{SledBackend, quiet_guarded_panics};

/// The trees of a store. The on-disk name of each is [`Tree::name`]; the first five are
/// opened with the store, the others (bundles) on first use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tree {
    /// Small keyed values: schema version, identity, heads, clock, roster, receipts …
    Meta,
    /// Op segments: device ‖ first seq → segment (`segment`).
    Ops,
    /// Assessment id → projection JSON.
    Assess,
    /// Assessment id ‖ 0x00 ‖ segment key → that assessment's seqs in the segment.
    Idx,
    /// Evidence index: blake3 hex → `evidence::IndexEntry` JSON (the bytes are files).
    Blobs,
    /// Device ‖ seq ‖ op hash → Ed25519 head signature.
    Sigs,
    /// Device ‖ seq → why the op is held (JSON).
    Held,
    /// Device ‖ seq ‖ op hash → bytes of the op that lost a fork.
    ForkOps,
    /// Blob hash → empty: evidence referenced but not received.
    Pending,
    /// u64 BE id → import log record JSON.
    ImpLog,
    /// Import id (u64 BE) ‖ n (u64 BE) → what one write of a staged import replaced
    /// (`storage::staged`): undone on open when the import never committed.
    Stage,
    /// Assessment id → its brief JSON (`storage::brief`), written with the projection.
    Brief,
    /// Assessment id → its list line (`storage::line`): empty (to be made) whenever the
    /// projection and brief are written, else the brief's seal and the line the workspace
    /// made from that brief.
    Line,
}

impl Tree {
    /// Every tree, in [`Tree::index`] order.
    pub const ALL: [Tree; 13] = [
        Tree::Meta,
        Tree::Ops,
        Tree::Assess,
        Tree::Idx,
        Tree::Blobs,
        Tree::Sigs,
        Tree::Held,
        Tree::ForkOps,
        Tree::Pending,
        Tree::ImpLog,
        Tree::Stage,
        Tree::Brief,
        Tree::Line,
    ];

    /// The tree's name in sled (never change one: it is the on-disk layout).
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Tree::Meta => "meta",
            Tree::Ops => "ops",
            Tree::Assess => "assess",
            Tree::Idx => "idx",
            Tree::Blobs => "blobs",
            Tree::Sigs => "sigs",
            Tree::Held => "held",
            Tree::ForkOps => "forkops",
            Tree::Pending => "pending",
            Tree::ImpLog => "implog",
            Tree::Stage => "stage",
            Tree::Brief => "brief",
            Tree::Line => "line",
        }
    }

    /// Position in [`Tree::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Which keys of a tree a scan visits.
#[derive(Debug, Clone, Copy)]
pub enum Keys<'a> {
    /// Every key.
    All,
    /// Keys that start with these bytes.
    Prefix(&'a [u8]),
    /// Keys within these bounds (an empty or inverted range visits nothing).
    Range(Bound<&'a [u8]>, Bound<&'a [u8]>),
}

impl Keys<'_> {
    /// Whether the range bounds can hold no key (start after end, or equal and not both
    /// included): such a range visits nothing (sled and `BTreeMap` would panic on some).
    fn is_empty_range(&self) -> bool {
        let Keys::Range(lo, hi) = self else {
            return false;
        };
        match (lo, hi) {
            (Bound::Included(a), Bound::Included(b)) => a > b,
            (Bound::Included(a) | Bound::Excluded(a), Bound::Excluded(b))
            | (Bound::Excluded(a), Bound::Included(b)) => a >= b,
            _ => false,
        }
    }
}

/// Scan direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// Smallest key first.
    Forward,
    /// Largest key first.
    Reverse,
}

/// Bytes read from a backend, sharing the backend's buffer (cheap to clone).
#[derive(Clone)]
pub struct Value(Repr);

#[derive(Clone)]
enum Repr {
    Sled(sled::IVec),
    Shared(Arc<[u8]>),
}

impl Value {
    /// A value holding `bytes` (not read from a backend: a pending write).
    #[must_use]
    pub fn owned(bytes: Vec<u8>) -> Value {
        Value(Repr::Shared(bytes.into()))
    }
}

impl Deref for Value {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match &self.0 {
            Repr::Sled(v) => v,
            Repr::Shared(v) => v,
        }
    }
}

impl AsRef<[u8]> for Value {
    fn as_ref(&self) -> &[u8] {
        self
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        **self == **other
    }
}

impl Eq for Value {}

impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

/// The entries a scan yields, in the order asked for.
pub type Entries<'a> = Box<dyn Iterator<Item = Result<(Value, Value)>> + 'a>;

/// Writes of one tree in a [`Batch`]: key → new value (`None` removes the key).
pub type TreeWrites = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// Writes over several trees applied as one ([`Backend::apply`]). A later write of the
/// same key in the same batch replaces an earlier one (as in a sled batch).
#[derive(Debug, Default)]
pub struct Batch {
    writes: BTreeMap<Tree, TreeWrites>,
}

impl Batch {
    /// Set `key` to `value`.
    pub fn put(&mut self, tree: Tree, key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) {
        self.writes
            .entry(tree)
            .or_default()
            .insert(key.into(), Some(value.into()));
    }

    /// Remove `key` (nothing when it is absent).
    pub fn remove(&mut self, tree: Tree, key: impl Into<Vec<u8>>) {
        self.writes
            .entry(tree)
            .or_default()
            .insert(key.into(), None);
    }

    /// Whether the batch writes nothing.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.writes.values().all(BTreeMap::is_empty)
    }

    /// The writes, per tree (trees without writes left out).
    pub fn into_trees(self) -> impl Iterator<Item = (Tree, TreeWrites)> {
        self.writes.into_iter().filter(|(_, w)| !w.is_empty())
    }
}

/// An ordered key-value store of [`Tree`]s: what a [`Store`](super::Store) is built on.
///
/// Contract (checked by the conformance suite for every implementation):
/// - keys are compared as bytes; scans yield keys in that order (reversed for
///   [`Order::Reverse`]);
/// - [`Backend::apply`] is atomic: readers and a crash see all of a batch or none of it;
/// - a read after `apply` returns sees the batch;
/// - [`Backend::generate_id`] never returns the same number twice, and numbers grow;
/// - after [`Backend::flush`] returns, everything applied before it survives a crash
///   (a backend without files has nothing to do).
pub trait Backend: Send + Sync {
    /// The value of `key` in `tree`.
    ///
    /// # Errors
    /// Storage failure.
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Value>>;

    /// Whether `key` is in `tree`.
    ///
    /// # Errors
    /// Storage failure.
    fn contains(&self, tree: Tree, key: &[u8]) -> Result<bool> {
        Ok(self.get(tree, key)?.is_some())
    }

    /// The entries of `tree` within `keys`, in `order`.
    ///
    /// # Errors
    /// Storage failure (also per entry, inside the iterator).
    fn scan(&self, tree: Tree, keys: Keys<'_>, order: Order) -> Result<Entries<'_>>;

    /// The entry with the largest key within `keys`.
    ///
    /// # Errors
    /// Storage failure.
    fn last(&self, tree: Tree, keys: Keys<'_>) -> Result<Option<(Value, Value)>> {
        self.scan(tree, keys, Order::Reverse)?.next().transpose()
    }

    /// Apply every write of `batch` atomically.
    ///
    /// # Errors
    /// Storage failure; nothing of the batch is written then.
    fn apply(&self, batch: Batch) -> Result<()>;

    /// A number larger than every one returned before (gaps allowed; a backend on disk
    /// keeps growing across reopening).
    ///
    /// # Errors
    /// Storage failure.
    fn generate_id(&self) -> Result<u64>;

    /// Make everything applied so far durable.
    ///
    /// # Errors
    /// Flush or fsync failure.
    fn flush(&self) -> Result<()>;
}
