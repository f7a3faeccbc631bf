//! The local store over sled 0.34.7: the append-only, hash-chained op log, the
//! per-assessment projection updated in the same transaction, content-addressed evidence
//! blobs, and the identity.
//!
//! Durability: every commit is appended to the store's own journal ([`journal`]) and
//! `fdatasync`ed before it returns; sled itself is persisted by its background flusher and
//! by [`Store::sync`] (sled `flush()` then `sync_all()` on the db file: `flush()` alone does
//! not fsync on Linux, research/crates.md §3). Opening replays what sled lacks from the
//! journal, and rebuilds the store from it when sled cannot be opened (`docs/store.md`).
//!
//! Trees:
//! - `meta`: `schema_version`, `identity`, `home`, `hlc`, `opcount`, `head/<device>`,
//!   `exported/<device>`, `journal/meta` (last journal meta record sled has)
//! - `ops`: device (32 bytes) ‖ first seq (u64 BE) → a segment of that device's consecutive
//!   ops (one op = its JSON bytes as hashed; imports write up to 128 per value; [`segment`])
//! - `assess`: assessment id → `AssessmentState` JSON (the projection)
//! - `idx`: assessment id ‖ 0x00 ‖ segment key → that assessment's seqs in the segment
//!   (u64 BE each; empty = the segment's first op alone)
//! - `blobs`: blake3 hex → bytes

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use sled::Transactional;
use sled::transaction::{ConflictableTransactionError, TransactionError, TransactionalTree};

use crate::core::assessment::{AssessmentState, rebuild};
use crate::core::op::{OP_VERSION, Op, OpBody, next_hlc, op_hash};
use crate::error::{Error, Result};
use crate::fsio::sync_dir;
use crate::identity::{Identity, hex, unhex};

pub mod bundles;
pub mod journal;
pub mod segment;

use journal::{Journal, Record};

/// Own ops with their bytes as stored and hashed.
type OwnOps = Vec<(Op, Vec<u8>)>;

/// Builds the ops of one own-op transaction from the stored head and clock; returns them
/// with the new clock.
type MakeOps<'a> = dyn Fn(&Head, u64) -> Result<(OwnOps, u64)> + 'a;

/// `meta` key: number of the last journal meta record applied to sled.
const JOURNAL_META: &str = "journal/meta";

/// `meta` key of the number of ops in `ops` (kept in every transaction that adds ops).
const OP_COUNT: &str = "opcount";

/// Schema version this program writes.
pub const SCHEMA_VERSION: u32 = 2;

/// Ordered upgrades: `UPGRADES[n]` moves a store from version `n` to `n + 1`.
/// Never edit a shipped one; append.
const UPGRADES: &[fn(&Store) -> Result<()>] = &[upgrade_0_to_1, upgrade_1_to_2];

fn upgrade_0_to_1(_s: &Store) -> Result<()> {
    // Version 0 is an empty store: nothing to convert.
    Ok(())
}

/// Schema 2 stores imported ops in multi-op segments (see [`segment`]); schema 1's one op
/// per key is a valid schema-2 store of one-op segments, so only the op count is added.
/// (A schema-1 program must not open a schema-2 store: it would misread segments.)
fn upgrade_1_to_2(s: &Store) -> Result<()> {
    let mut n: u64 = 0;
    for v in s.ops.iter().values() {
        n += segment::count(&v?);
    }
    s.meta.insert(OP_COUNT, json(&n)?)?;
    Ok(())
}

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

/// Where the store lives, to notice a copied or restored store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Home {
    path: String,
    inode: u64,
}

pub struct Store {
    db: sled::Db,
    meta: sled::Tree,
    ops: sled::Tree,
    assess: sled::Tree,
    idx: sled::Tree,
    blobs: sled::Tree,
    dbfile: File,
    path: PathBuf,
    journal: Mutex<Journal>,
    /// The journal's meta records are in sled: only from then on may sled's durable
    /// `meta` keys be journaled (before, a fresh sled would journal them as removed).
    meta_ready: bool,
    /// Set when opening found a copied/restored store and rotated the device key.
    pub rotated: bool,
    /// Set when sled could not be opened and the store was rebuilt from its journal.
    pub recovered: Option<Recovery>,
    /// Records replayed from the journal on opening because sled was behind it (after a
    /// crash before sled's own flush; 0 normally).
    pub replayed: u64,
}

/// What opening did when sled could not open the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovery {
    /// Where the damaged store folder was moved (never deleted).
    pub aside: PathBuf,
    /// What sled reported.
    pub cause: String,
}

/// sled and its trees, just opened.
struct Sled {
    db: sled::Db,
    meta: sled::Tree,
    ops: sled::Tree,
    assess: sled::Tree,
    idx: sled::Tree,
    blobs: sled::Tree,
    dbfile: File,
}

/// Why sled did not open.
enum SledFail {
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

fn open_sled(dir: &Path) -> std::result::Result<Sled, SledFail> {
    let classify = |e: sled::Error| match e {
        e if is_lock_error(&e) => SledFail::InUse,
        sled::Error::Corruption { .. }
        | sled::Error::Unsupported(_)
        | sled::Error::ReportableBug(_) => SledFail::Damaged(e.to_string()),
        sled::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::InvalidData | std::io::ErrorKind::UnexpectedEof
            ) =>
        {
            SledFail::Damaged(io.to_string())
        }
        e => SledFail::Other(Error::StoreCorrupt {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        }),
    };
    let opened = quietly(|| -> std::result::Result<Sled, sled::Error> {
        let db = sled::Config::new()
            .path(dir)
            .flush_every_ms(Some(500))
            // sled's default page cache is 1 GiB; a supervisor's import of a national
            // year must stay well under 256 MiB of resident memory (issue 7): 32 MiB
            // measured ~185 MB peak for 300k ops.
            .cache_capacity(32 << 20)
            .open()?;
        let meta = db.open_tree("meta")?;
        // Read something: some damage only shows on the first read.
        meta.get("schema_version")?;
        Ok(Sled {
            meta,
            ops: db.open_tree("ops")?,
            assess: db.open_tree("assess")?,
            idx: db.open_tree("idx")?,
            blobs: db.open_tree("blobs")?,
            dbfile: File::open(dir.join("db")).map_err(sled::Error::Io)?,
            db,
        })
    });
    match opened {
        Ok(Ok(s)) => Ok(s),
        Ok(Err(e)) => Err(classify(e)),
        Err(panic) => Err(SledFail::Damaged(format!("sled panicked: {panic}"))),
    }
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let context = context.into();
    move |source| Error::Io { context, source }
}

/// `<store>.rusak-<UTC timestamp>` next to the store (a free name).
fn aside_path(dir: &Path) -> PathBuf {
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let name = dir
        .file_name()
        .map_or_else(|| "store".into(), |n| n.to_string_lossy().to_string());
    let base = dir.with_file_name(format!("{name}.rusak-{stamp}"));
    let mut p = base.clone();
    let mut k = 2;
    while p.exists() {
        p = PathBuf::from(format!("{}-{k}", base.display()));
        k += 1;
    }
    p
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

fn abort(e: Error) -> ConflictableTransactionError<Error> {
    ConflictableTransactionError::Abort(e)
}

fn txn_err(e: TransactionError<Error>) -> Error {
    match e {
        TransactionError::Abort(e) => e,
        TransactionError::Storage(e) => e.into(),
    }
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

/// Schema version recorded in `meta` (0 for a new store).
fn stored_schema(meta: &sled::Tree) -> Result<u32> {
    Ok(meta
        .get("schema_version")?
        .and_then(|v| std::str::from_utf8(&v).ok()?.parse::<u32>().ok())
        .unwrap_or(0))
}

/// Add `n` to the op count, inside the transaction that stores the ops.
fn add_op_count(
    meta: &TransactionalTree,
    n: u64,
) -> std::result::Result<(), ConflictableTransactionError<Error>> {
    let had: u64 = meta
        .get(OP_COUNT)?
        .and_then(|v| serde_json::from_slice(&v).ok())
        .unwrap_or(0);
    meta.insert(OP_COUNT, json(&(had + n)).map_err(abort)?)?;
    Ok(())
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
    /// Open (creating if needed) the store in `dir`, replaying from the journal what sled
    /// lacks. When sled cannot open the store (damaged files), the folder is moved aside
    /// to `<dir>.rusak-<UTC timestamp>`, a new store is made in its place from the
    /// journal, and [`Store::recovered`] says so.
    ///
    /// # Errors
    /// `StoreInUse` when another process holds it; `DataDir` when the folder cannot be
    /// made; `StoreCorrupt` when sled cannot read it and there is no journal to rebuild
    /// from; `JournalCorrupt` when the journal is damaged beyond a torn tail; `StoreTooNew`
    /// for a newer schema.
    pub fn open(dir: &Path) -> Result<Store> {
        std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let probe = dir.join(".tilik-write-test");
        std::fs::write(&probe, b"ok").map_err(|source| Error::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let _ = std::fs::remove_file(&probe);
        match open_sled(dir) {
            Ok(sled) => Store::finish_open(sled, dir, None),
            Err(SledFail::InUse) => Err(Error::StoreInUse(dir.to_path_buf())),
            Err(SledFail::Other(e)) => Err(e),
            Err(SledFail::Damaged(cause)) => Store::recover(dir, cause),
        }
    }

    /// sled cannot open `dir`: move it aside, make a new store there from its journal.
    fn recover(dir: &Path, cause: String) -> Result<Store> {
        let jpath = dir.join(journal::FILE);
        if !jpath.exists() {
            return Err(Error::StoreCorrupt {
                path: dir.to_path_buf(),
                detail: cause,
            });
        }
        // Read it whole first: a damaged journal stops here, with nothing moved.
        journal::scan(&jpath)?;
        // Hold the journal's lock while moving, so two processes never both recover.
        let lock = File::open(&jpath).map_err(io("open journal"))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::StoreInUse(dir.to_path_buf()));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io("lock journal")(e)),
        }
        let aside = aside_path(dir);
        std::fs::rename(dir, &aside)
            .map_err(io(format!("move the damaged store to {}", aside.display())))?;
        std::fs::create_dir_all(dir).map_err(|source| Error::DataDir {
            path: dir.to_path_buf(),
            source,
        })?;
        let tmp = dir.join(".journal.tmp");
        std::fs::copy(aside.join(journal::FILE), &tmp)
            .and_then(|_| File::open(&tmp)?.sync_all())
            .and_then(|()| std::fs::rename(&tmp, &jpath))
            .map_err(io("copy the journal"))?;
        let old_blobs = aside.join(journal::BLOBS);
        if old_blobs.is_dir() {
            let new_blobs = dir.join(journal::BLOBS);
            std::fs::create_dir_all(&new_blobs).map_err(io("copy journaled evidence"))?;
            for e in std::fs::read_dir(&old_blobs).map_err(io("copy journaled evidence"))? {
                let e = e.map_err(io("copy journaled evidence"))?;
                let to = new_blobs.join(e.file_name());
                // Blobs never change: a hard link is a copy; fall back to copying.
                if std::fs::hard_link(e.path(), &to).is_err() {
                    std::fs::copy(e.path(), &to)
                        .and_then(|_| File::open(&to)?.sync_all())
                        .map_err(io("copy journaled evidence"))?;
                }
            }
            sync_dir(&new_blobs).map_err(io("sync the rebuilt evidence folder"))?;
        }
        sync_dir(dir).map_err(io("sync the rebuilt store folder"))?;
        if let Some(parent) = dir.parent() {
            sync_dir(parent).map_err(io("sync the data folder"))?;
        }
        drop(lock);
        let sled = match open_sled(dir) {
            Ok(s) => s,
            Err(SledFail::InUse) => return Err(Error::StoreInUse(dir.to_path_buf())),
            Err(SledFail::Other(e)) => return Err(e),
            Err(SledFail::Damaged(d)) => {
                return Err(Error::StoreCorrupt {
                    path: dir.to_path_buf(),
                    detail: d,
                });
            }
        };
        Store::finish_open(sled, dir, Some(Recovery { aside, cause }))
    }

    /// Bring an opened sled and the journal together: schema upgrade, replay, seeding.
    fn finish_open(sled: Sled, dir: &Path, recovered: Option<Recovery>) -> Result<Store> {
        let found = stored_schema(&sled.meta)?;
        if found > SCHEMA_VERSION {
            return Err(Error::StoreTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let (journal, scan, created) = Journal::open(dir)?;
        let mut store = Store {
            meta: sled.meta,
            ops: sled.ops,
            assess: sled.assess,
            idx: sled.idx,
            blobs: sled.blobs,
            db: sled.db,
            dbfile: sled.dbfile,
            path: dir.to_path_buf(),
            journal: Mutex::new(journal),
            meta_ready: false,
            rotated: false,
            recovered,
            replayed: 0,
        };
        if store.recovered.is_none() {
            if let Some(cause) = store.damage()? {
                // Close without journaling anything of the damaged sled.
                drop(store);
                return Store::recover(dir, cause);
            }
        } else {
            // The rebuilt sled starts from nothing: the old mark no longer applies.
            store.journal()?.append_synced(0)?;
        }
        // Journal meta first (never reconcile sled into the journal before this: a fresh
        // sled would journal every durable key as removed).
        store.replayed += store.replay_meta(&scan.records)?;
        store.meta_ready = true;
        if store.recovered.is_some() {
            store.rehome()?;
        }
        store.upgrade()?;
        store.replayed += store.replay_ops(&scan.records)?;
        store.replayed += store.replay_blobs(&scan.records)?;
        if created {
            store.seed_blobs()?;
        }
        store.check_home()?;
        // Makes the replay durable in sled and journals durable meta keys sled has and
        // the journal lacks (all of them when the journal was made just now).
        store.sync()?;
        Ok(store)
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn upgrade(&self) -> Result<()> {
        let found = stored_schema(&self.meta)?;
        if found > SCHEMA_VERSION {
            return Err(Error::StoreTooNew {
                found,
                supported: SCHEMA_VERSION,
            });
        }
        for v in found..SCHEMA_VERSION {
            if let Some(f) = usize::try_from(v).ok().and_then(|i| UPGRADES.get(i)) {
                f(self)?;
            }
            self.meta
                .insert("schema_version", (v + 1).to_string().as_bytes())?;
        }
        if found < SCHEMA_VERSION {
            self.sync()?;
        }
        Ok(())
    }

    /// Schema version found in the store.
    ///
    /// # Errors
    /// Storage failure.
    pub fn schema_version(&self) -> Result<u32> {
        stored_schema(&self.meta)
    }

    fn home_now(&self) -> Home {
        use std::os::unix::fs::MetadataExt;
        let path = std::fs::canonicalize(&self.path)
            .unwrap_or_else(|_| self.path.clone())
            .display()
            .to_string();
        let inode = std::fs::metadata(self.path.join("db")).map_or(0, |m| m.ino());
        Home { path, inode }
    }

    /// A store opened from another folder or file than the one its identity was made in
    /// is a copy or a restore: give it a new device key (no fork can come from it).
    fn check_home(&mut self) -> Result<()> {
        let now = self.home_now();
        let recorded: Option<Home> = self
            .meta
            .get("home")?
            .and_then(|v| serde_json::from_slice(&v).ok());
        if let Some(old) = recorded
            && old != now
            && let Some(mut id) = self.identity()?
        {
            id.rotate()?;
            self.meta.insert("identity", json(&id)?)?;
            self.rotated = true;
        }
        let now_bytes = json(&now)?;
        if self.meta.get("home")?.as_deref() != Some(now_bytes.as_slice()) {
            self.meta.insert("home", now_bytes)?;
            self.sync()?;
        }
        Ok(())
    }

    /// Make everything written so far durable: durable `meta` keys that changed go to the
    /// journal (fsynced), then sled `flush()` and `sync_all()` of its db file. Commits do
    /// not call this (the journal makes them durable); imports, `meta_put` and other batch
    /// paths do, and so does dropping the store.
    ///
    /// # Errors
    /// Journal write, flush or fsync failure.
    pub fn sync(&self) -> Result<()> {
        self.journal_meta()?;
        self.db.flush()?;
        self.dbfile.sync_all().map_err(|source| Error::Io {
            context: "fsync".into(),
            source,
        })?;
        if self.meta_ready {
            let n = self.op_count()?;
            let mut j = self.journal()?;
            if j.synced() != Some(n) {
                j.append_synced(n)?;
            }
        }
        Ok(())
    }

    fn journal(&self) -> Result<MutexGuard<'_, Journal>> {
        self.journal
            .lock()
            .map_err(|_| Error::Storage("journal lock poisoned".into()))
    }

    /// Journal every durable `meta` key whose sled value differs from the journal's
    /// (including removals), then record in sled how far the journal's meta records go.
    fn journal_meta(&self) -> Result<()> {
        if !self.meta_ready {
            return Ok(());
        }
        let mut j = self.journal()?;
        let (keys, prefixes) = journal::durable_meta_sets();
        let mut now: BTreeMap<String, sled::IVec> = BTreeMap::new();
        for k in keys {
            if let Some(v) = self.meta.get(k)? {
                now.insert((*k).to_string(), v);
            }
        }
        for p in prefixes {
            for kv in self.meta.scan_prefix(p.as_bytes()) {
                let (k, v) = kv?;
                now.insert(String::from_utf8_lossy(&k).to_string(), v);
            }
        }
        let mut changes: Vec<(String, Option<Vec<u8>>)> = now
            .iter()
            .filter(|(k, v)| j.meta().get(*k).map(Vec::as_slice) != Some(&v[..]))
            .map(|(k, v)| (k.clone(), Some(v.to_vec())))
            .collect();
        changes.extend(
            j.meta()
                .keys()
                .filter(|k| !now.contains_key(*k))
                .map(|k| (k.clone(), None)),
        );
        if !changes.is_empty() {
            let n = j.append_meta(&changes)?;
            self.meta.insert(JOURNAL_META, json(&n)?)?;
        }
        Ok(())
    }

    /// Journal ops of `device` just committed to sled (fsynced before returning). Ops of
    /// the device that sled has and the journal lacks before them (a journal write that
    /// failed earlier) are journaled first, so the journal's chain has no gap.
    fn journal_ops(&self, device: &str, ops: &[(Op, Vec<u8>)]) -> Result<()> {
        let Some(first) = ops.first().map(|o| o.0.seq) else {
            return Ok(());
        };
        let mut j = self.journal()?;
        let have = j.head(device).map_or(0, |h| h.0);
        let mut fill = Vec::new();
        for s in have + 1..first {
            let b = self
                .op_bytes(device, s)?
                .ok_or_else(|| corrupt("op", format!("{device}/{s} missing")))?;
            fill.push((s, b));
        }
        let list: Vec<(&str, u64, &[u8])> = fill
            .iter()
            .map(|(s, b)| (device, *s, b.as_slice()))
            .chain(ops.iter().map(|(o, b)| (device, o.seq, b.as_slice())))
            .collect();
        j.append_ops(&list)
    }

    /// Whether sled, though it opened, lost data it had made durable: it holds nothing
    /// while the journal holds records (sled starts empty on a truncated file), fewer ops
    /// than after its last completed sync (it drops the rest of its log at a damaged
    /// spot), or an own chain whose head op is missing or different.
    fn damage(&self) -> Result<Option<String>> {
        let j = self.journal()?;
        if j.is_empty() {
            return Ok(None);
        }
        if self.meta.get("schema_version")?.is_none() {
            return Ok(Some("sled opened empty but the journal has data".into()));
        }
        let n = self.op_count()?;
        if let Some(m) = j.synced()
            && n < m
        {
            return Ok(Some(format!(
                "sled holds {n} ops but held {m} after its last completed sync"
            )));
        }
        for d in j.devices() {
            let Some(h) = self.head(&d)? else { continue };
            let ok = self
                .op_bytes(&d, h.seq)?
                .is_some_and(|b| op_hash(&b) == h.hash);
            if h.seq > 0 && !ok {
                return Ok(Some(format!(
                    "op {} of device {} is missing or altered",
                    h.seq,
                    &d[..d.len().min(8)]
                )));
            }
        }
        Ok(None)
    }

    /// Apply journal meta records sled does not have yet (numbered above
    /// `meta/journal/meta`). Returns how many changed a value.
    fn replay_meta(&self, records: &[Record]) -> Result<u64> {
        let done: u64 = self.meta_get(JOURNAL_META)?.unwrap_or(0);
        let mut last = done;
        let mut changed = 0;
        for r in records {
            let Record::Meta { n, key, value } = r else {
                continue;
            };
            if *n <= done {
                continue;
            }
            last = last.max(*n);
            match value {
                Some(v) => {
                    if self.meta.get(key)?.as_deref() != Some(v.as_slice()) {
                        self.meta.insert(key.as_bytes(), v.as_slice())?;
                        changed += 1;
                    }
                }
                None => {
                    if self.meta.remove(key)?.is_some() {
                        changed += 1;
                    }
                }
            }
        }
        if last > done {
            self.meta.insert(JOURNAL_META, json(&last)?)?;
        }
        Ok(changed)
    }

    /// After a rebuild in the same folder, the journaled home names this folder but the db
    /// file is new: record it as home again, so the device key is kept (a rebuilt copy
    /// elsewhere still gets a new key).
    fn rehome(&self) -> Result<()> {
        let now = self.home_now();
        let old: Option<Home> = self.meta_get("home")?;
        if old.is_some_and(|h| h.path == now.path) {
            self.meta.insert("home", json(&now)?)?;
        }
        Ok(())
    }

    /// Bring sled and the journal level for every own chain: ops the journal has beyond
    /// sled's head are applied to sled (in order, through the commit path, checking the
    /// chain); ops sled has beyond the journal's are journaled (seeding a journal made now,
    /// or an op whose commit crashed before its journal write). Returns ops replayed.
    fn replay_ops(&self, records: &[Record]) -> Result<u64> {
        let mut by_dev: BTreeMap<&str, Vec<(u64, &[u8])>> = BTreeMap::new();
        for r in records {
            if let Record::Op { device, seq, bytes } = r {
                let v = by_dev.entry(device.as_str()).or_default();
                if v.last().is_none_or(|l| *seq > l.0) {
                    v.push((*seq, bytes.as_slice()));
                }
            }
        }
        let mut devices: BTreeSet<String> = by_dev.keys().map(|d| (*d).to_string()).collect();
        devices.extend(self.meta_prefix::<Head>("head/")?.into_keys());
        let jpath = self.journal()?.path().to_path_buf();
        let mismatch = |d: &str, detail: String| Error::JournalCorrupt {
            path: jpath.clone(),
            offset: 0,
            detail: format!("device {}: {detail}", &d[..d.len().min(8)]),
        };
        let mut replayed = 0;
        for d in &devices {
            let sled_head = self.head(d)?;
            let s = sled_head.as_ref().map_or(0, |h| h.seq);
            let (jseq, jhash) = self.journal()?.head(d).cloned().unwrap_or_default();
            if jseq > s {
                let mut ops = Vec::new();
                for &(seq, bytes) in by_dev.get(d.as_str()).into_iter().flatten() {
                    if seq <= s {
                        continue;
                    }
                    let op = Op::decode(bytes)
                        .map_err(|e| mismatch(d, format!("op {seq} unreadable: {e}")))?;
                    if op.device != *d || op.seq != seq {
                        return Err(mismatch(d, format!("op {seq} names another place")));
                    }
                    ops.push((op, bytes.to_vec()));
                }
                let want = sled_head.map(|h| h.hash);
                if ops.first().map(|o| o.0.prev.clone()) != Some(want) {
                    return Err(mismatch(
                        d,
                        format!("op {} does not continue the store's op {s}", s + 1),
                    ));
                }
                replayed += ops.len() as u64;
                self.own_txn(d, &|head, hlc| {
                    if ops.first().map(|o| o.0.seq) != Some(head.seq + 1) {
                        return Err(corrupt("replay", "store head moved"));
                    }
                    let hlc = ops.iter().map(|o| o.0.hlc).fold(hlc, u64::max);
                    Ok((ops.clone(), hlc))
                })?;
            } else if s > jseq {
                if jseq > 0 {
                    let b = self.op_bytes(d, jseq)?.unwrap_or_default();
                    if op_hash(&b) != jhash {
                        return Err(mismatch(
                            d,
                            format!("op {jseq} differs between the journal and the store"),
                        ));
                    }
                }
                let mut fill = Vec::new();
                for seq in jseq + 1..=s {
                    let b = self
                        .op_bytes(d, seq)?
                        .ok_or_else(|| corrupt("op", format!("{d}/{seq} missing")))?;
                    fill.push((seq, b));
                }
                let list: Vec<(&str, u64, &[u8])> = fill
                    .iter()
                    .map(|(seq, b)| (d.as_str(), *seq, b.as_slice()))
                    .collect();
                self.journal()?.append_ops(&list)?;
            }
        }
        Ok(replayed)
    }

    /// Put back evidence blobs the journal has and sled lacks. Returns how many.
    fn replay_blobs(&self, records: &[Record]) -> Result<u64> {
        let mut n = 0;
        for r in records {
            if let Record::Blob { hash } = r
                && !self.blobs.contains_key(hash)?
            {
                let bytes = self.journal()?.read_blob(hash)?;
                self.blobs.insert(hash.as_bytes(), bytes)?;
                n += 1;
            }
        }
        Ok(n)
    }

    /// A journal made now (a store from before journals): add the evidence blobs this
    /// device's own ops attach.
    fn seed_blobs(&self) -> Result<()> {
        let mut want = BTreeSet::new();
        for (d, h) in self.meta_prefix::<Head>("head/")? {
            for seq in 1..=h.seq {
                if let Some(op) = self.op(&d, seq)?
                    && let OpBody::AttachEvidence { blob, .. } = op.body
                {
                    want.insert(blob.hash);
                }
            }
        }
        for h in want {
            if let Some(b) = self.blobs.get(&h)? {
                self.journal()?.append_blob(&h, &b)?;
            }
        }
        Ok(())
    }

    /// The identity, if `init` has run.
    ///
    /// # Errors
    /// Storage failure or an unreadable record.
    pub fn identity(&self) -> Result<Option<Identity>> {
        match self.meta.get("identity")? {
            None => Ok(None),
            Some(v) => serde_json::from_slice(&v)
                .map(Some)
                .map_err(|e| corrupt("identity", e)),
        }
    }

    /// Store the identity durably (journaled with the secret key, then sled synced).
    ///
    /// # Errors
    /// Storage failure.
    pub fn set_identity(&self, id: &Identity) -> Result<()> {
        self.meta.insert("identity", json(id)?)?;
        self.sync()
    }

    /// Read a JSON value from `meta`.
    ///
    /// # Errors
    /// Storage failure.
    pub fn meta_get<T: for<'de> Deserialize<'de>>(&self, key: &str) -> Result<Option<T>> {
        Ok(self
            .meta
            .get(key)?
            .and_then(|v| serde_json::from_slice(&v).ok()))
    }

    /// Write a JSON value to `meta`, durably ([`Store::sync`]: a durable key —
    /// [`journal::is_durable_meta`] — is journaled first, then sled is flushed and fsynced).
    ///
    /// # Errors
    /// Storage failure.
    pub fn meta_put<T: Serialize>(&self, key: &str, v: &T) -> Result<()> {
        self.meta.insert(key, json(v)?)?;
        self.sync()
    }

    /// Write a JSON value to `meta` without syncing: it becomes durable with sled's next
    /// background flush or [`Store::sync`] (used to save the screen position together
    /// with an answer; not journaled, see `docs/store.md`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn meta_put_deferred<T: Serialize>(&self, key: &str, v: &T) -> Result<()> {
        self.meta.insert(key, json(v)?)?;
        Ok(())
    }

    /// Head of a device's chain.
    ///
    /// # Errors
    /// Storage failure.
    pub fn head(&self, device: &str) -> Result<Option<Head>> {
        self.meta_get(&format!("head/{device}"))
    }

    /// Append ops by `device` (this device) in one transaction, update the projection in
    /// the same transaction, then make them durable by appending them to the journal and
    /// `fdatasync`ing it (sled itself is flushed in the background and by [`Store::sync`]).
    /// Returns the ops as stored.
    ///
    /// # Errors
    /// Storage failure; nothing is written then. A journal write failure after the sled
    /// transaction is an error too (the ops are in sled but not acknowledged; the next
    /// commit or open journals them).
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

    /// One transaction that appends own ops of `device` to `ops`, `idx`, the projection,
    /// the chain head, the clock and the op count. `make` gets the stored head and clock
    /// and returns the ops (continuing that head) with the new clock.
    fn own_txn(&self, device: &str, make: &MakeOps<'_>) -> Result<OwnOps> {
        let res = (&self.meta, &self.ops, &self.assess, &self.idx).transaction(
            |(meta, ops, assess, idx)| {
                let head_key = format!("head/{device}");
                let mut head: Head = match meta.get(head_key.as_bytes())? {
                    Some(v) => serde_json::from_slice(&v).map_err(|e| abort(corrupt("head", e)))?,
                    None => Head {
                        seq: 0,
                        hash: String::new(),
                    },
                };
                let hlc: u64 = meta
                    .get("hlc")?
                    .and_then(|v| serde_json::from_slice(&v).ok())
                    .unwrap_or(0);
                let (out, hlc) = make(&head, hlc).map_err(abort)?;
                let mut states: BTreeMap<String, AssessmentState> = BTreeMap::new();
                for (op, bytes) in &out {
                    ops.insert(op_key(device, op.seq), bytes.as_slice())?;
                    let aid = op.body.assessment().to_string();
                    idx.insert(idx_key(&aid, device, op.seq), &[] as &[u8])?;
                    let st = match states.entry(aid.clone()) {
                        std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
                        std::collections::btree_map::Entry::Vacant(e) => {
                            e.insert(load_state(assess, &aid)?)
                        }
                    };
                    st.apply(op);
                    head = Head {
                        seq: op.seq,
                        hash: op_hash(bytes),
                    };
                }
                for (id, st) in &states {
                    assess.insert(id.as_bytes(), json(st).map_err(abort)?)?;
                }
                meta.insert(head_key.as_bytes(), json(&head).map_err(abort)?)?;
                meta.insert("hlc", json(&hlc).map_err(abort)?)?;
                add_op_count(meta, out.len() as u64)?;
                Ok(out)
            },
        );
        res.map_err(txn_err)
    }

    /// The projection of one assessment.
    ///
    /// # Errors
    /// Storage failure.
    pub fn assessment(&self, id: &str) -> Result<Option<AssessmentState>> {
        match self.assess.get(id)? {
            None => Ok(None),
            Some(v) => serde_json::from_slice(&v)
                .map(Some)
                .map_err(|e| corrupt("assessment", e)),
        }
    }

    /// Every assessment projection.
    ///
    /// # Errors
    /// Storage failure.
    pub fn assessments(&self) -> Result<Vec<AssessmentState>> {
        self.assess
            .iter()
            .map(|r| {
                let (_, v) = r?;
                serde_json::from_slice(&v).map_err(|e| corrupt("assessment", e))
            })
            .collect()
    }

    /// Every assessment projection, one at a time (memory: one projection, for callers
    /// that summarize a national year).
    pub fn assessments_iter(&self) -> impl Iterator<Item = Result<AssessmentState>> + '_ {
        self.assess
            .iter()
            .values()
            .map(|v| serde_json::from_slice(&v?).map_err(|e| corrupt("assessment", e)))
    }

    /// Ids of all assessments.
    ///
    /// # Errors
    /// Storage failure.
    pub fn assessment_ids(&self) -> Result<Vec<String>> {
        self.assess
            .iter()
            .keys()
            .map(|k| Ok(String::from_utf8_lossy(&k?).to_string()))
            .collect()
    }

    /// The segment holding `(device, seq)`: its first sequence number and value.
    fn segment_at(&self, device: &str, seq: u64) -> Result<Option<(u64, sled::IVec)>> {
        let key = op_key(device, seq);
        let Some(kv) = self.ops.range(..=key.as_slice()).next_back() else {
            return Ok(None);
        };
        let (k, v) = kv?;
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
        for kv in self.idx.scan_prefix(&prefix) {
            let (k, v) = kv?;
            let segk = &k[prefix.len()..];
            let first = seq_of_key(segk)?;
            let Some(seg) = self.ops.get(segk)? else {
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
        for kv in self.ops.iter() {
            let (k, v) = kv?;
            let ops =
                segment::split(&v).ok_or_else(|| corrupt("op segment", Store::device_hex(&k)))?;
            for b in ops {
                out.push(Op::decode(b).map_err(|e| corrupt("op", e))?);
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

    /// Store evidence bytes content-addressed; returns the blake3 hex. Durable: journaled
    /// (and fsynced) before it returns, like a commit.
    ///
    /// # Errors
    /// Storage failure.
    pub fn put_blob(&self, bytes: &[u8]) -> Result<String> {
        let h = blake3::hash(bytes).to_hex().to_string();
        self.journal()?.append_blob(&h, bytes)?;
        if !self.blobs.contains_key(&h)? {
            self.blobs.insert(h.as_bytes(), bytes)?;
        }
        Ok(h)
    }

    /// Evidence bytes by hash.
    ///
    /// # Errors
    /// Storage failure.
    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.blobs.get(hash)?.map(|v| v.to_vec()))
    }

    /// Whether a blob is present.
    ///
    /// # Errors
    /// Storage failure.
    pub fn has_blob(&self, hash: &str) -> Result<bool> {
        Ok(self.blobs.contains_key(hash)?)
    }

    /// Rebuild every projection from the op log (without writing) and compare it with the
    /// live projection. Returns (rebuilt, ids whose projection differs).
    ///
    /// # Errors
    /// Storage failure.
    pub fn rebuild_compare(&self) -> Result<(BTreeMap<String, AssessmentState>, Vec<String>)> {
        let ops = self.all_ops()?;
        // Held and fork-excluded ops are kept but never projected (see `bundles`).
        let excl = self.exclusions()?;
        let rebuilt = rebuild(ops.iter().filter(|o| !excl.excludes(o)));
        let live: BTreeMap<String, AssessmentState> = self
            .assessments()?
            .into_iter()
            .map(|s| (s.id.clone(), s))
            .collect();
        let mut differ: Vec<String> = rebuilt
            .iter()
            .filter(|(k, v)| live.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .collect();
        differ.extend(live.keys().filter(|k| !rebuilt.contains_key(*k)).cloned());
        differ.sort();
        differ.dedup();
        Ok((rebuilt, differ))
    }

    /// [`Store::rebuild_compare`] one assessment at a time, for the command line: memory
    /// is one assessment's ops, not the store's (a national year is ~300,000 ops). Each
    /// projection is rebuilt from its indexed ops (held and fork-excluded ones left out) and
    /// compared with the live one; with `fix`, those that differ are replaced. The index
    /// is checked to cover every stored op.
    ///
    /// # Errors
    /// Storage failure.
    pub fn rebuild_check(&self, fix: bool) -> Result<RebuildCheck> {
        let excl = self.exclusions()?;
        let mut ids: std::collections::BTreeSet<Vec<u8>> = std::collections::BTreeSet::new();
        for k in self.idx.iter().keys() {
            let k = k?;
            if let Some(end) = k.iter().position(|b| *b == 0) {
                ids.insert(k[..end].to_vec());
            }
        }
        for k in self.assess.iter().keys() {
            ids.insert(k?.to_vec());
        }
        let mut check = RebuildCheck {
            assessments: 0,
            ops: self.op_count()?,
            indexed: 0,
            differ: Vec::new(),
        };
        for id in ids {
            let id = String::from_utf8_lossy(&id).to_string();
            let ops = self.ops_of(&id)?;
            check.indexed += ops.len() as u64;
            let rebuilt = rebuild(ops.iter().filter(|o| !excl.excludes(o))).remove(&id);
            if rebuilt.is_some() {
                check.assessments += 1;
            }
            if self.assessment(&id)? != rebuilt {
                if fix {
                    match &rebuilt {
                        Some(st) => self.assess.insert(id.as_bytes(), json(st)?)?,
                        None => self.assess.remove(id.as_bytes())?,
                    };
                }
                check.differ.push(id);
            }
        }
        if fix && !check.differ.is_empty() {
            self.sync()?;
        }
        Ok(check)
    }

    /// Replace the live projection with a rebuilt one, in one transaction, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn write_projection(&self, states: &BTreeMap<String, AssessmentState>) -> Result<()> {
        let mut batch = sled::Batch::default();
        for k in self.assess.iter().keys() {
            let k = k?;
            if !states.contains_key(String::from_utf8_lossy(&k).as_ref()) {
                batch.remove(k);
            }
        }
        for (k, v) in states {
            batch.insert(k.as_bytes(), json(v)?);
        }
        self.assess.apply_batch(batch)?;
        self.sync()
    }

    /// Hex id of a device's op key prefix (for callers iterating ops).
    #[must_use]
    pub fn device_hex(key: &[u8]) -> String {
        hex(&key[..key.len().saturating_sub(8)])
    }
}

impl Drop for Store {
    /// A clean close leaves sled flushed and fsynced (the journal already is).
    fn drop(&mut self) {
        let _ = self.sync();
    }
}

fn load_state(
    assess: &TransactionalTree,
    id: &str,
) -> std::result::Result<AssessmentState, ConflictableTransactionError<Error>> {
    match assess.get(id.as_bytes())? {
        None => Ok(AssessmentState::new(id)),
        Some(v) => serde_json::from_slice(&v).map_err(|e| abort(corrupt("assessment", e))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::op::Status;

    #[test]
    fn commit_chains_and_projects() {
        let dir = tempfile::tempdir().expect("tmp");
        let s = Store::open(dir.path()).expect("open");
        let dev = "aa".repeat(32);
        let body = OpBody::SetStatus {
            assessment: "x".into(),
            status: Status::Final,
        };
        let ops = s
            .commit(&dev, &[(body.clone(), None), (body, None)], 1000)
            .expect("commit");
        assert_eq!(ops[0].seq, 1);
        assert_eq!(ops[1].seq, 2);
        assert_eq!(
            ops[1].prev.as_deref(),
            Some(op_hash(&ops[0].encode().expect("encode")).as_str())
        );
        assert_eq!(s.head(&dev).expect("head").map(|h| h.seq), Some(2));
        let st = s.assessment("x").expect("get").expect("present");
        assert!(st.is_final());
        let (_, differ) = s.rebuild_compare().expect("rebuild");
        assert!(differ.is_empty());
        assert_eq!(s.ops_of("x").expect("ops").len(), 2);
    }

    #[test]
    fn rebuild_check_finds_and_fixes_a_wrong_projection() {
        let dir = tempfile::tempdir().expect("tmp");
        let s = Store::open(dir.path()).expect("open");
        let dev = "aa".repeat(32);
        for id in ["x", "y"] {
            let body = OpBody::SetStatus {
                assessment: id.into(),
                status: Status::Final,
            };
            s.commit(&dev, &[(body, None)], 1000).expect("commit");
        }
        let c = s.rebuild_check(false).expect("check");
        assert_eq!((c.assessments, c.ops, c.indexed), (2, 2, 2));
        assert!(c.differ.is_empty());
        s.assess
            .insert("y", json(&AssessmentState::new("y")).expect("json"))
            .expect("tamper");
        s.assess
            .insert("z", json(&AssessmentState::new("z")).expect("json"))
            .expect("tamper");
        let c = s.rebuild_check(false).expect("check");
        assert_eq!(c.differ, vec!["y".to_string(), "z".to_string()]);
        assert!(!s.assessment("y").expect("y").expect("y").is_final());
        let c = s.rebuild_check(true).expect("fix");
        assert_eq!(c.differ.len(), 2);
        assert!(s.assessment("y").expect("y").expect("y").is_final());
        assert_eq!(s.assessment("z").expect("z"), None);
        assert!(s.rebuild_check(false).expect("again").differ.is_empty());
    }

    #[test]
    fn second_open_is_store_in_use() {
        let dir = tempfile::tempdir().expect("tmp");
        let _a = Store::open(dir.path()).expect("open");
        assert!(matches!(Store::open(dir.path()), Err(Error::StoreInUse(_))));
    }

    #[test]
    fn schema_version_is_recorded_and_newer_is_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        {
            let s = Store::open(dir.path()).expect("open");
            assert_eq!(s.schema_version().expect("v"), SCHEMA_VERSION);
            s.meta.insert("schema_version", b"99").expect("set");
            s.sync().expect("sync");
        }
        assert!(matches!(
            Store::open(dir.path()),
            Err(Error::StoreTooNew { found: 99, .. })
        ));
    }

    #[test]
    fn copied_store_gets_a_new_device_key() {
        let dir = tempfile::tempdir().expect("tmp");
        let a = dir.path().join("a");
        let old = {
            let s = Store::open(&a).expect("open");
            let id = Identity::generate("R", None, None, crate::identity::Role::Assessor, 0)
                .expect("id");
            s.set_identity(&id).expect("set");
            id.device
        };
        let b = dir.path().join("b");
        std::fs::create_dir_all(&b).expect("mkdir");
        for e in std::fs::read_dir(&a).expect("read") {
            let e = e.expect("entry");
            if e.file_type().expect("type").is_file() {
                std::fs::copy(e.path(), b.join(e.file_name())).expect("copy");
            } else {
                let sub = b.join(e.file_name());
                std::fs::create_dir_all(&sub).expect("mkdir");
                for f in std::fs::read_dir(e.path()).expect("read") {
                    let f = f.expect("entry");
                    std::fs::copy(f.path(), sub.join(f.file_name())).expect("copy");
                }
            }
        }
        let s = Store::open(&b).expect("open copy");
        assert!(s.rotated);
        let id = s.identity().expect("id").expect("present");
        assert_ne!(id.device, old);
        assert_eq!(id.retired, vec![old]);
    }
}
