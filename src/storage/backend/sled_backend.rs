//! The [`Backend`] on sled 0.34.7 (pinned): the store's trees in one sled database in the
//! store folder, its page cache capped, its background flusher on, and its ways of failing
//! to open sorted into "in use", "damaged" (the store can be rebuilt from its journal) and
//! other errors. The journal itself is not here: it belongs to the store (`durable`).
//!
//! sled 0.34 panics on some damaged files, while opening and on any later call (a read
//! that meets a damaged node: "cannot find pid 7 in view_for_key"; a flush: "tried to
//! serialize Uninitialized"). Every call into sled, each step of an iteration and the drop
//! of its handles run under [`guarded`], so a panic becomes damage ([`Error::StoreDamaged`]
//! and the [`DAMAGE_MARK`]) like sled's own corruption errors, never a crash. Dropping sled
//! does not release its file lock at once (its thread pool may still be writing a
//! buffer): the drop waits for the lock, so the same process can open the store again
//! right after.

use std::cell::Cell;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Once, OnceLock};
use std::time::{Duration, Instant};

use sled::Transactional;
use sled::transaction::{TransactionError, TransactionResult};

use super::{Backend, Batch, Entries, Keys, Order, Repr, Tree, Value};
use crate::error::{Error, Result};

/// Trees opened with the database (the others are opened on first use, so a store made
/// before bundles existed needed no upgrade, and none is created before it is used).
const OPENED_WITH_DB: [Tree; 5] = [Tree::Meta, Tree::Ops, Tree::Assess, Tree::Idx, Tree::Blobs];

/// sled's handles: the database and its trees.
struct Handles {
    db: sled::Db,
    trees: [OnceLock<sled::Tree>; Tree::ALL.len()],
}

/// sled and its trees.
pub struct SledBackend {
    /// Always `Some` until dropped (taken out to be dropped under [`guarded`]).
    sled: Option<Handles>,
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

thread_local! {
    /// Depth of [`guarded`] calls on this thread: their panics are not printed.
    static GUARDED: Cell<u32> = const { Cell::new(0) };
}

/// Run `f` (a call into sled), turning a panic into `Err` with its text, without printing
/// it. The first call installs a panic hook that stays silent inside `guarded` and hands
/// every other panic to the hook that was there before. Cheap: no lock, no hook swap.
fn guarded<T>(f: impl FnOnce() -> T) -> std::result::Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let prev = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if GUARDED.with(Cell::get) == 0 {
                prev(info);
            }
        }));
    });
    GUARDED.with(|g| g.set(g.get() + 1));
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    GUARDED.with(|g| g.set(g.get().saturating_sub(1)));
    r.map_err(|p| {
        p.downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "sled panicked".into())
    })
}

/// Make panic hooks installed since (the terminal's) see no panic of a [`guarded`] call:
/// the TUI calls this after it set up the terminal, whose hook would otherwise restore the
/// terminal on a damaged read the store handles.
pub fn quiet_guarded_panics() {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.with(Cell::get) == 0 {
            prev(info);
        }
    }));
}

/// Wait (at most 10 s) until no other handle holds the lock of the file `f` (sled's `db`
/// file, opened apart from sled: the same file even if the folder was moved since).
fn wait_unlocked(f: &File) {
    let t0 = Instant::now();
    loop {
        match f.try_lock() {
            Ok(()) => {
                let _ = f.unlock();
                return;
            }
            Err(std::fs::TryLockError::WouldBlock) if t0.elapsed() < Duration::from_secs(10) => {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(_) => return,
        }
    }
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
        let opened = guarded(|| -> std::result::Result<SledBackend, sled::Error> {
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
                dbfile: File::open(dir.join("db")).map_err(sled::Error::Io)?,
                dir: dir.to_path_buf(),
                sled: Some(Handles { db, trees }),
            })
        });
        match opened {
            Ok(Ok(s)) => Ok(s),
            Ok(Err(e)) => Err(classify(e)),
            Err(panic) => Err(SledFail::Damaged(format!("sled panicked: {panic}"))),
        }
    }

    fn handles(&self) -> &Handles {
        self.sled
            .as_ref()
            .expect("sled's handles are taken out only when the backend is dropped")
    }

    /// Run a call into sled under [`guarded`]: its error or its panic as the store's.
    fn call<T>(&self, f: impl FnOnce() -> sled::Result<T>) -> Result<T> {
        match guarded(f) {
            Ok(Ok(v)) => Ok(v),
            Ok(Err(e)) => Err(self.fail(e)),
            Err(panic) => Err(self.damaged(format!("sled panicked: {panic}"))),
        }
    }

    /// The sled tree, opened (and so created) on first use.
    fn tree(&self, t: Tree) -> Result<&sled::Tree> {
        let slot = &self.handles().trees[t.index()];
        if let Some(tree) = slot.get() {
            return Ok(tree);
        }
        let tree = self.call(|| self.handles().db.open_tree(t.name()))?;
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
        self.damaged(e.to_string())
    }

    /// Damage found after opening: [`Error::StoreDamaged`], with [`DAMAGE_MARK`] left.
    fn damaged(&self, detail: String) -> Error {
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

impl Drop for SledBackend {
    /// Dropping sled flushes (which can panic on a damaged file): guarded. Then wait until
    /// sled's thread pool let go of the file lock.
    fn drop(&mut self) {
        if let Some(h) = self.sled.take() {
            let _ = guarded(move || drop(h));
            wait_unlocked(&self.dbfile);
        }
    }
}

/// An iteration of a sled tree (`I`: a `sled::Iter`), each step under [`guarded`]; it
/// ends after a panic.
struct Steps<'a, I> {
    iter: I,
    backend: &'a SledBackend,
    reverse: bool,
    done: bool,
}

impl<I> Iterator for Steps<'_, I>
where
    I: DoubleEndedIterator<Item = sled::Result<(sled::IVec, sled::IVec)>>,
{
    type Item = Result<(Value, Value)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let (iter, reverse) = (&mut self.iter, self.reverse);
        match guarded(move || {
            if reverse {
                iter.next_back()
            } else {
                iter.next()
            }
        }) {
            Ok(None) => None,
            Ok(Some(Ok((k, v)))) => Some(Ok((value(k), value(v)))),
            Ok(Some(Err(e))) => Some(Err(self.backend.fail(e))),
            Err(panic) => {
                self.done = true;
                Some(Err(self.backend.damaged(format!("sled panicked: {panic}"))))
            }
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
        let t = self.tree(tree)?;
        Ok(self.call(|| t.get(key))?.map(value))
    }

    fn contains(&self, tree: Tree, key: &[u8]) -> Result<bool> {
        let t = self.tree(tree)?;
        self.call(|| t.contains_key(key))
    }

    fn scan(&self, tree: Tree, keys: Keys<'_>, order: Order) -> Result<Entries<'_>> {
        let t = self.tree(tree)?;
        if keys.is_empty_range() {
            return Ok(Box::new(std::iter::empty()));
        }
        let iter = self.call(|| {
            Ok(match keys {
                Keys::All => t.iter(),
                Keys::Prefix(p) => t.scan_prefix(p),
                Keys::Range(lo, hi) => t.range::<&[u8], _>((lo, hi)),
            })
        })?;
        Ok(Box::new(Steps {
            iter,
            backend: self,
            reverse: matches!(order, Order::Reverse),
            done: false,
        }))
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
                    return self.call(|| {
                        match v {
                            Some(v) => tree.insert(k, v),
                            None => tree.remove(k),
                        }
                        .map(|_| ())
                    });
                }
                // One tree: a sled batch is atomic (logged as one).
                self.call(|| tree.apply_batch(sled_batch(writes)))
            }
            _ => {
                let trees: Vec<&sled::Tree> = parts.iter().map(|(t, _)| *t).collect();
                let batches: Vec<sled::Batch> =
                    parts.into_iter().map(|(_, w)| sled_batch(w)).collect();
                let res = guarded(|| -> TransactionResult<(), ()> {
                    trees.as_slice().transaction(|views| {
                        for (view, b) in views.iter().zip(&batches) {
                            view.apply_batch(b)?;
                        }
                        Ok(())
                    })
                });
                match res {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(TransactionError::Storage(e))) => Err(self.fail(e)),
                    Ok(Err(TransactionError::Abort(()))) => {
                        Err(Error::Storage("sled transaction aborted".into()))
                    }
                    Err(panic) => Err(self.damaged(format!("sled panicked: {panic}"))),
                }
            }
        }
    }

    fn generate_id(&self) -> Result<u64> {
        self.call(|| self.handles().db.generate_id())
    }

    fn flush(&self) -> Result<()> {
        self.call(|| self.handles().db.flush())?;
        self.dbfile.sync_all().map_err(|source| Error::Io {
            context: "fsync".into(),
            source,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn open(dir: &Path) -> SledBackend {
        match SledBackend::open(dir) {
            Ok(s) => s,
            Err(SledFail::InUse) => panic!("store in use"),
            Err(SledFail::Damaged(d)) => panic!("damaged: {d}"),
            Err(SledFail::Other(e)) => panic!("{e}"),
        }
    }

    /// A panic inside sled (as on a damaged node: "cannot find pid 7 in view_for_key") is
    /// damage: `StoreDamaged`, the mark left for the next open, no crash.
    #[test]
    fn a_panic_in_sled_is_damage_with_the_mark() {
        let tmp = tempfile::tempdir().expect("tmp");
        let s = open(tmp.path());
        let r: Result<()> = s.call(|| panic!("cannot find pid 7 in view_for_key"));
        match r {
            Err(Error::StoreDamaged { detail, .. }) => {
                assert!(detail.contains("cannot find pid 7"), "{detail}");
            }
            other => panic!("not damage: {other:?}"),
        }
        let mark = std::fs::read_to_string(tmp.path().join(DAMAGE_MARK)).expect("mark");
        assert!(mark.contains("sled panicked"), "{mark}");
        // The backend still answers (the store then rebuilds; nothing here crashes).
        s.apply({
            let mut b = Batch::default();
            b.put(Tree::Meta, "k", "v");
            b
        })
        .expect("write after a handled panic");
    }

    /// A panic in one step of an iteration ends it with a damage error (and the mark).
    #[test]
    fn a_panic_while_iterating_ends_the_scan_with_damage() {
        let tmp = tempfile::tempdir().expect("tmp");
        let s = open(tmp.path());
        let kv = |i: u8| Ok((sled::IVec::from(vec![i]), sled::IVec::from(vec![i])));
        // Two good entries, then what a damaged node does.
        let items = (0..4u8).map(move |i| {
            assert!(i < 2, "cannot find pid 7 in view_for_key");
            kv(i)
        });
        let steps = Steps {
            iter: items,
            backend: &s,
            reverse: false,
            done: false,
        };
        let got: Vec<_> = steps.collect();
        assert_eq!(got.len(), 3, "two entries, one error, then the end");
        assert!(got[0].is_ok() && got[1].is_ok());
        assert!(
            matches!(&got[2], Err(Error::StoreDamaged { detail, .. }) if detail.contains("pid 7")),
            "{:?}",
            got[2].as_ref().err()
        );
        assert!(tmp.path().join(DAMAGE_MARK).exists());
    }

    /// Dropped, the store can be opened again at once by the same process: the drop
    /// waits until sled's thread pool let go of the file lock (it used to be "in use" now
    /// and then right after a drop, under load).
    #[test]
    fn dropped_store_opens_again_at_once() {
        let tmp = tempfile::tempdir().expect("tmp");
        for round in 0..40u32 {
            let s = open(tmp.path());
            let mut b = Batch::default();
            for i in 0..200u32 {
                b.put(Tree::Ops, (round * 1000 + i).to_be_bytes(), vec![7u8; 2048]);
            }
            s.apply(b).expect("write");
            drop(s);
        }
        let s = open(tmp.path());
        assert_eq!(
            s.scan(Tree::Ops, Keys::All, Order::Forward)
                .expect("scan")
                .count(),
            40 * 200
        );
    }
}
