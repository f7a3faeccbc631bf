//! The [`Backend`] on sled 0.34.7 (pinned): the store's trees in one sled database in the
//! store folder, its page cache capped, its background flusher on, and its ways of failing
//! to open sorted into "in use", "damaged" (the store can be rebuilt from its journal) and
//! other errors. The journal itself is not here: it belongs to the store (`durable`).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use sled::Transactional;
use sled::transaction::{TransactionError, TransactionResult};

use super::{Backend, Batch, Entries, Keys, Order, Repr, Tree, Value};
use crate::error::{Error, Result};

/// Trees opened with the database (the others are opened on first use, so a store made
/// before bundles existed needed no upgrade, and none is created before it is used).
const OPENED_WITH_DB: [Tree; 5] = [Tree::Meta, Tree::Ops, Tree::Assess, Tree::Idx, Tree::Blobs];

/// sled and its trees.
pub struct SledBackend {
    db: sled::Db,
    trees: [OnceLock<sled::Tree>; Tree::ALL.len()],
    /// The store folder: where [`DAMAGE_MARK`] is written when a read finds damage.
    dir: PathBuf,
    /// sled's `db` file, fsynced by [`Backend::flush`]: sled 0.34's own `flush()` does not
    /// fsync on Linux (it uses `sync_file_range`, research/crates.md §3).
    dbfile: File,
}

/// A sled failure is a storage error with sled's text (here, so that only `storage` names
/// sled).
impl From<sled::Error> for Error {
    fn from(e: sled::Error) -> Self {
        match e {
            // A full, read-only or forbidden disk keeps its OS error, so the message can
            // name the cause and the next step (`Error::fs_fault`).
            sled::Error::Io(io) if crate::error::FsFault::of(&io).is_some() => Error::Io {
                context: "write the store".into(),
                source: io,
            },
            e => Error::Storage(e.to_string()),
        }
    }
}

/// The file a read that found damage leaves in the store folder (its first line: what
/// sled said). The next open sees it and rebuilds the store from its journal, as when sled
/// cannot open the folder at all (`Store::open`).
pub(in crate::storage) const DAMAGE_MARK: &str = "DAMAGED";

/// Whether sled's error says its files are damaged (not a full disk, not a lock).
fn is_damage(e: &sled::Error) -> bool {
    match e {
        sled::Error::Corruption { .. }
        | sled::Error::Unsupported(_)
        | sled::Error::ReportableBug(_) => true,
        sled::Error::Io(io) => matches!(
            io.kind(),
            std::io::ErrorKind::InvalidData
                | std::io::ErrorKind::UnexpectedEof
                // One of sled's own files is gone (its `blobs/` folder deleted, say).
                | std::io::ErrorKind::NotFound
        ),
        _ => false,
    }
}

/// Why sled did not open.
pub(in crate::storage) enum SledFail {
    InUse,
    /// Damaged: sled reported corruption, an unsupported format, or panicked.
    Damaged(String),
    Other(Error),
}

/// Run `f`, turning a panic into `Err` without printing it (sled 0.34 panics on some
/// damaged files, e.g. "tried to serialize Uninitialized").
fn quietly<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    // The panic hook is global: swap it under a lock so concurrent opens (tests) always
    // put the original back.
    static HOOK: Mutex<()> = Mutex::new(());
    let _one = HOOK
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    std::panic::set_hook(prev);
    r.map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "sled panicked".into())
    })
}

fn is_lock_error(e: &sled::Error) -> bool {
    match e {
        sled::Error::Io(io) => {
            io.kind() == std::io::ErrorKind::WouldBlock
                || io.to_string().contains("could not acquire lock")
        }
        _ => false,
    }
}

impl SledBackend {
    /// Open (creating if needed) the sled database in `dir`. Only the store opens it:
    /// sled without the store's journal around it would not be durable.
    ///
    /// # Errors
    /// [`SledFail::InUse`] when another process holds it, [`SledFail::Damaged`] when sled
    /// reports damage or panics, [`SledFail::Other`] (`StoreCorrupt`) for anything else.
    pub(in crate::storage) fn open(dir: &Path) -> std::result::Result<SledBackend, SledFail> {
        let classify = |e: sled::Error| match e {
            e if is_lock_error(&e) => SledFail::InUse,
            e if is_damage(&e) => SledFail::Damaged(e.to_string()),
            // Not damage: the disk is full, read-only or may not be written. Nothing is
            // moved; the message names the cause.
            sled::Error::Io(io) if crate::error::FsFault::of(&io).is_some() => {
                SledFail::Other(Error::Io {
                    context: format!("open the store {}", dir.display()),
                    source: io,
                })
            }
            e => SledFail::Other(Error::StoreCorrupt {
                path: dir.to_path_buf(),
                detail: e.to_string(),
            }),
        };
        let opened = quietly(|| -> std::result::Result<SledBackend, sled::Error> {
            let db = sled::Config::new()
                .path(dir)
                .flush_every_ms(Some(500))
                // sled's default page cache is 1 GiB; a supervisor's import of a national
                // year must stay well under 256 MiB of resident memory (issue 7): 32 MiB
                // measured ~185 MB peak for 300k ops.
                .cache_capacity(32 << 20)
                .open()?;
            let mut trees: [OnceLock<sled::Tree>; Tree::ALL.len()] =
                std::array::from_fn(|_| OnceLock::new());
            for t in OPENED_WITH_DB {
                let tree = db.open_tree(t.name())?;
                if t == Tree::Meta {
                    // Read something: some damage only shows on the first read.
                    tree.get("schema_version")?;
                }
                trees[t.index()] = OnceLock::from(tree);
            }
            Ok(SledBackend {
                trees,
                dbfile: File::open(dir.join("db")).map_err(sled::Error::Io)?,
                dir: dir.to_path_buf(),
                db,
            })
        });
        match opened {
            Ok(Ok(s)) => Ok(s),
            Ok(Err(e)) => Err(classify(e)),
            Err(panic) => Err(SledFail::Damaged(format!("sled panicked: {panic}"))),
        }
    }

    /// The sled tree, opened (and so created) on first use.
    fn tree(&self, t: Tree) -> Result<&sled::Tree> {
        let slot = &self.trees[t.index()];
        if let Some(tree) = slot.get() {
            return Ok(tree);
        }
        let tree = self.db.open_tree(t.name()).map_err(|e| self.fail(e))?;
        Ok(slot.get_or_init(|| tree))
    }

    /// sled's error as the store's. Damage found after opening (sled opened the folder,
    /// then a read hit a damaged page) becomes [`Error::StoreDamaged`] and leaves
    /// [`DAMAGE_MARK`] in the folder, so the next open rebuilds from the journal instead of
    /// failing the same way every time.
    fn fail(&self, e: sled::Error) -> Error {
        if !is_damage(&e) {
            return e.into();
        }
        let detail = e.to_string();
        let mark = self.dir.join(DAMAGE_MARK);
        // Best effort: if even this cannot be written, the error still says what happened.
        if let Ok(mut f) = File::create(&mark) {
            let _ = writeln!(f, "{detail}").and_then(|()| f.sync_all());
        }
        Error::StoreDamaged {
            path: self.dir.clone(),
            detail,
        }
    }
}

fn value(v: sled::IVec) -> Value {
    Value(Repr::Sled(v))
}

fn sled_batch(writes: super::TreeWrites) -> sled::Batch {
    let mut b = sled::Batch::default();
    for (k, v) in writes {
        match v {
            Some(v) => b.insert(k, v),
            None => b.remove(k),
        }
    }
    b
}

impl Backend for SledBackend {
    fn get(&self, tree: Tree, key: &[u8]) -> Result<Option<Value>> {
        Ok(self
            .tree(tree)?
            .get(key)
            .map_err(|e| self.fail(e))?
            .map(value))
    }

    fn contains(&self, tree: Tree, key: &[u8]) -> Result<bool> {
        self.tree(tree)?.contains_key(key).map_err(|e| self.fail(e))
    }

    fn scan(&self, tree: Tree, keys: Keys<'_>, order: Order) -> Result<Entries<'_>> {
        let t = self.tree(tree)?;
        if keys.is_empty_range() {
            return Ok(Box::new(std::iter::empty()));
        }
        let iter = match keys {
            Keys::All => t.iter(),
            Keys::Prefix(p) => t.scan_prefix(p),
            Keys::Range(lo, hi) => t.range::<&[u8], _>((lo, hi)),
        };
        let iter = iter.map(|kv| {
            kv.map(|(k, v)| (value(k), value(v)))
                .map_err(|e| self.fail(e))
        });
        Ok(match order {
            Order::Forward => Box::new(iter),
            Order::Reverse => Box::new(iter.rev()),
        })
    }

    fn apply(&self, batch: Batch) -> Result<()> {
        let mut parts: Vec<(&sled::Tree, super::TreeWrites)> = Vec::new();
        for (t, writes) in batch.into_trees() {
            parts.push((self.tree(t)?, writes));
        }
        match parts.len() {
            0 => Ok(()),
            1 => {
                let Some((tree, writes)) = parts.pop() else {
                    return Ok(());
                };
                let mut writes = writes;
                if writes.len() == 1
                    && let Some((k, v)) = writes.pop_first()
                {
                    // One key: a plain write is atomic by itself.
                    match v {
                        Some(v) => tree.insert(k, v),
                        None => tree.remove(k),
                    }
                    .map_err(|e| self.fail(e))?;
                    return Ok(());
                }
                // One tree: a sled batch is atomic (logged as one).
                tree.apply_batch(sled_batch(writes))
                    .map_err(|e| self.fail(e))
            }
            _ => {
                let trees: Vec<&sled::Tree> = parts.iter().map(|(t, _)| *t).collect();
                let batches: Vec<sled::Batch> =
                    parts.into_iter().map(|(_, w)| sled_batch(w)).collect();
                let res: TransactionResult<(), ()> = trees.as_slice().transaction(|views| {
                    for (view, b) in views.iter().zip(&batches) {
                        view.apply_batch(b)?;
                    }
                    Ok(())
                });
                res.map_err(|e| match e {
                    TransactionError::Storage(e) => self.fail(e),
                    TransactionError::Abort(()) => {
                        Error::Storage("sled transaction aborted".into())
                    }
                })
            }
        }
    }

    fn generate_id(&self) -> Result<u64> {
        self.db.generate_id().map_err(|e| self.fail(e))
    }

    fn flush(&self) -> Result<()> {
        self.db.flush().map_err(|e| self.fail(e))?;
        self.dbfile.sync_all().map_err(|source| Error::Io {
            context: "fsync".into(),
            source,
        })
    }
}
