//! The store on disk: opening sled in the store folder together with the journal
//! ([`journal`]) that is the durability point of every commit, replaying on every open what
//! sled lacks, rebuilding the store from the journal when sled cannot open it (the damaged
//! folder moved aside, never deleted), giving a copied or restored store a new device key,
//! and [`Store::sync`]. None of it exists for an in-memory store (`Store::in_memory`).

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use serde::{Deserialize, Serialize};

use super::backend::{DAMAGE_MARK, Keys, Order, SledBackend, SledFail, Tree, Value};
use super::journal::{self, Journal, Record};
use super::{Head, JOURNAL_META, Recovery, Store, corrupt, json};
use crate::core::op::{Op, OpBody, op_hash};
use crate::error::{Error, Result};
use crate::fsio::{sync_dir, sync_file};

/// The files of a store on disk.
pub(super) struct Disk {
    path: PathBuf,
    journal: Mutex<Journal>,
    /// The journal's meta records are in sled: only from then on may sled's durable
    /// `meta` keys be journaled (before, a fresh sled would journal them as removed).
    meta_ready: bool,
    /// The store was synced on close: leave the clean-close mark once sled has closed.
    closed_clean: bool,
}

impl Drop for Disk {
    fn drop(&mut self) {
        if self.closed_clean {
            super::clean::leave(&self.path);
        }
    }
}

impl Disk {
    pub(super) fn path(&self) -> &Path {
        &self.path
    }

    fn journal(&self) -> Result<MutexGuard<'_, Journal>> {
        self.journal
            .lock()
            .map_err(|_| Error::Storage("journal lock poisoned".into()))
    }

    /// The store was synced and is closing (`Store::drop`).
    pub(super) fn close_clean(&mut self) {
        self.closed_clean = true;
    }
}

/// Where the store lives, to notice a copied or restored store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Home {
    path: String,
    inode: u64,
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let context = context.into();
    move |source| Error::Io { context, source }
}

/// `<store>.rusak-<UTC timestamp>` next to the store (a free name).
/// What the damage mark left by a failed read says, when there is one.
fn damage_mark(dir: &Path) -> Option<String> {
    let text = std::fs::read_to_string(dir.join(DAMAGE_MARK)).ok()?;
    let line = text.lines().next().unwrap_or_default().trim();
    Some(if line.is_empty() {
        "a read found damaged data".into()
    } else {
        format!("a read found damaged data: {line}")
    })
}

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
        // Read before sled opens (its opening may write).
        let clean = super::clean::intact(dir);
        match SledBackend::open(dir) {
            Ok(sled) => {
                super::clean::clear(dir);
                // A read after an earlier open found damage and left its mark.
                if let Some(cause) = damage_mark(dir) {
                    drop(sled);
                    return Store::recover(dir, cause);
                }
                Store::finish_open(sled, dir, None, clean)
            }
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
            .and_then(|_| sync_file(&tmp))
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
                        .and_then(|_| sync_file(&to))
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
        let sled = match SledBackend::open(dir) {
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
        Store::finish_open(sled, dir, Some(Recovery { aside, cause }), false)
    }

    /// Bring an opened sled and the journal together: schema upgrade, replay, seeding. When
    /// one of its reads finds damage in a sled that opened (`Error::StoreDamaged`), the
    /// store is rebuilt from the journal as if sled had refused to open. `clean`: the
    /// store folder is as a clean close left it (`clean`), and the walks that prove sled
    /// against itself after a crash or damage are skipped.
    fn finish_open(
        sled: SledBackend,
        dir: &Path,
        recovered: Option<Recovery>,
        clean: bool,
    ) -> Result<Store> {
        let first = recovered.is_none();
        match Store::finish_open_inner(sled, dir, recovered, clean) {
            Err(Error::StoreDamaged { detail, .. }) if first => Store::recover(dir, detail),
            r => r,
        }
    }

    fn finish_open_inner(
        sled: SledBackend,
        dir: &Path,
        recovered: Option<Recovery>,
        clean: bool,
    ) -> Result<Store> {
        super::schema::refuse_newer(&sled)?;
        let (journal, scan, created) = Journal::open(dir)?;
        let mut store = Store::on(
            Box::new(sled),
            Some(Disk {
                path: dir.to_path_buf(),
                journal: Mutex::new(journal),
                meta_ready: false,
                closed_clean: false,
            }),
        );
        store.recovered = recovered;
        if store.recovered.is_none() {
            if let Some(cause) = store.damage(&scan.records, clean)? {
                // Close without journaling anything of the damaged sled.
                drop(store);
                return Store::recover(dir, cause);
            }
        } else {
            // The rebuilt sled starts from nothing: the old mark no longer applies.
            store.disk_journal()?.append_synced(0)?;
        }
        // Journal meta first (never reconcile sled into the journal before this: a fresh
        // sled would journal every durable key as removed).
        store.replayed += store.replay_meta(&scan.records)?;
        if let Some(d) = &mut store.disk {
            d.meta_ready = true;
        }
        if store.recovered.is_some() {
            store.rehome()?;
        }
        store.upgrade()?;
        // Before anything reads the op log: a merge killed between its chunks is undone.
        store.staged_undone = store.settle_staged()?;
        // Before the replay: the journal's ops are applied onto the stored projections, so
        // a projection sled brought back older than its own op log (or lost) must first be
        // rebuilt from that log. Replayed onto it, they would leave out the ops in between
        // (all of them, the assessment's creation too, when it was lost) while its brief's
        // clock, the check's only witness, would be the newest.
        if !clean {
            store.projections_repaired = store.check_projections()?;
        }
        store.replayed += store.replay_ops(&scan.records)?;
        store.replayed += store.replay_blobs(&scan.records)?;
        if created {
            store.seed_blobs()?;
        }
        store.evidence_lost = store.check_evidence()?;
        if !clean {
            (store.imported_lost, store.imported_unexplained) = store.check_imported_ops()?;
            // After every write of a brief above (the repairs and the replay): each
            // line is its brief's, or stale.
            store.check_lines()?;
        }
        store.check_home()?;
        // Makes the replay durable in sled and journals durable meta keys sled has and
        // the journal lacks (all of them when the journal was made just now).
        store.sync()?;
        Ok(store)
    }

    /// The journal of a store on disk (`None` in memory).
    pub(super) fn journal(&self) -> Result<Option<MutexGuard<'_, Journal>>> {
        self.disk.as_ref().map(Disk::journal).transpose()
    }

    /// The journal, on the paths that only a store on disk takes (opening, replay).
    fn disk_journal(&self) -> Result<MutexGuard<'_, Journal>> {
        self.journal()?
            .ok_or_else(|| Error::Storage("an in-memory store has no journal".into()))
    }

    fn meta_ready(&self) -> bool {
        self.disk.as_ref().is_some_and(|d| d.meta_ready)
    }

    fn home_now(&self) -> Home {
        use std::os::unix::fs::MetadataExt;
        let dir = self.path();
        let path = std::fs::canonicalize(dir)
            .unwrap_or_else(|_| dir.to_path_buf())
            .display()
            .to_string();
        let inode = std::fs::metadata(dir.join("db")).map_or(0, |m| m.ino());
        Home { path, inode }
    }

    /// A store opened from another folder or file than the one its identity was made in
    /// is a copy or a restore: give it a new device key (no fork can come from it).
    fn check_home(&mut self) -> Result<()> {
        let now = self.home_now();
        let recorded: Option<Home> = self.meta_get("home")?;
        if let Some(old) = recorded
            && old != now
            && let Some(mut id) = self.identity()?
        {
            id.rotate()?;
            self.put(Tree::Meta, "identity", json(&id)?)?;
            self.rotated = true;
        }
        let now_bytes = json(&now)?;
        if self.kv.get(Tree::Meta, b"home")?.as_deref() != Some(now_bytes.as_slice()) {
            self.put(Tree::Meta, "home", now_bytes)?;
            self.sync()?;
        }
        Ok(())
    }

    /// Make everything written so far durable: durable `meta` keys that changed go to the
    /// journal (fsynced), then sled `flush()` and `sync_all()` of its db file. Commits do
    /// not call this (the journal makes them durable); imports, `meta_put` and other batch
    /// paths do, and so does dropping the store. In memory there is nothing to do.
    ///
    /// # Errors
    /// Journal write, flush or fsync failure.
    pub fn sync(&self) -> Result<()> {
        self.journal_meta()?;
        self.kv.flush()?;
        if self.meta_ready() {
            let n = self.op_count()?;
            let mut j = self.disk_journal()?;
            if j.synced() != Some(n) {
                j.append_synced(n)?;
            }
        }
        // Best effort: the mark outside the store (`seq_mark`) must not fail a sync.
        let _ = self.write_seq_mark();
        Ok(())
    }

    /// Journal every durable `meta` key whose sled value differs from the journal's
    /// (including removals), then record in sled how far the journal's meta records go.
    fn journal_meta(&self) -> Result<()> {
        if !self.meta_ready() {
            return Ok(());
        }
        let mut j = self.disk_journal()?;
        let (keys, prefixes) = journal::durable_meta_sets();
        let mut now: BTreeMap<String, Value> = BTreeMap::new();
        for k in keys {
            if let Some(v) = self.kv.get(Tree::Meta, k.as_bytes())? {
                now.insert((*k).to_string(), v);
            }
        }
        for p in prefixes {
            for kv in self
                .kv
                .scan(Tree::Meta, Keys::Prefix(p.as_bytes()), Order::Forward)?
            {
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
            self.put(Tree::Meta, JOURNAL_META, json(&n)?)?;
        }
        Ok(())
    }

    /// Journal ops of `device` just committed to sled (fsynced before returning). Ops of
    /// the device that sled has and the journal lacks before them (a journal write that
    /// failed earlier) are journaled first, so the journal's chain has no gap. Nothing to
    /// do in memory.
    pub(super) fn journal_ops(&self, device: &str, ops: &[(Op, Vec<u8>)]) -> Result<()> {
        let Some(first) = ops.first().map(|o| o.0.seq) else {
            return Ok(());
        };
        let Some(mut j) = self.journal()? else {
            return Ok(());
        };
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
    /// spot), an own chain whose head op is missing or different, or any journaled own op
    /// at or below sled's head that sled does not hold byte for byte, or holds without
    /// its entry in the assessment index (sled can lose part of its log and still open,
    /// with the counters intact). The last two need walks of the op log; a `clean` store
    /// folder (as its last clean close left it) skips them.
    fn damage(&self, records: &[Record], clean: bool) -> Result<Option<String>> {
        let j = self.disk_journal()?;
        if j.is_empty() {
            return Ok(None);
        }
        if !self.has_schema()? {
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
        drop(j);
        if clean {
            return Ok(None);
        }
        self.journaled_ops_missing(records)
    }

    /// The first journaled own op at or below sled's head of its device that sled lacks,
    /// holds with other bytes, or does not index under its assessment, described.
    fn journaled_ops_missing(&self, records: &[Record]) -> Result<Option<String>> {
        let mut heads: BTreeMap<&str, u64> = BTreeMap::new();
        // (assessment, device, first seq of the op segment) → the seqs the index lists.
        let mut indexed: BTreeMap<(String, &str, u64), BTreeSet<u64>> = BTreeMap::new();
        // assessment → the journaled (device, seq) under it, each checked above.
        let mut journaled: BTreeMap<String, BTreeSet<(String, u64)>> = BTreeMap::new();
        for r in records {
            let Record::Op { device, seq, bytes } = r else {
                continue;
            };
            let head = match heads.get(device.as_str()) {
                Some(h) => *h,
                None => {
                    let h = self.head(device)?.map_or(0, |h| h.seq);
                    heads.insert(device.as_str(), h);
                    h
                }
            };
            if *seq > head {
                continue;
            }
            let short = &device[..device.len().min(8)];
            let lost = || Some(format!("op {seq} of device {short} is missing or altered"));
            let Some((first, seg)) = self.segment_at(device, *seq)? else {
                return Ok(lost());
            };
            let held = super::segment::nth(&seg, seq - first);
            if held.is_none_or(|b| b != bytes.as_slice()) {
                return Ok(lost());
            }
            // An op the journal holds is readable (the journal checks every record).
            let Ok(op) = Op::decode(bytes) else {
                continue;
            };
            let key = (op.body.assessment().to_string(), device.as_str(), first);
            if !indexed.contains_key(&key) {
                let seqs = self
                    .kv
                    .get(Tree::Idx, &super::idx_key(&key.0, device, first))?
                    .map(|v| super::segment::index_seqs(first, &v).into_iter().collect())
                    .unwrap_or_default();
                indexed.insert(key.clone(), seqs);
            }
            if !indexed.get(&key).is_some_and(|s| s.contains(seq)) {
                return Ok(Some(format!(
                    "op {seq} of device {short} is missing from the assessment index"
                )));
            }
            journaled
                .entry(key.0)
                .or_default()
                .insert((device.clone(), *seq));
        }
        // A lookup can find a record that a walk of the tree skips (a damaged link
        // between sled's nodes), and the readers walk: every own chain must read back
        // whole, 1..=head, in a walk of the whole op log (as `all_ops` and a rebuild read
        // it), and every journaled op must turn up in a walk of its assessment's index (as
        // `ops_of` reads it).
        let mut next: BTreeMap<Vec<u8>, u64> = heads
            .keys()
            .map(|d| {
                let k = super::op_key(d, 0);
                (k[..k.len() - 8].to_vec(), 1)
            })
            .collect();
        for kv in self.kv.scan(Tree::Ops, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            let Some(dev) = k.len().checked_sub(8).map(|at| &k[..at]) else {
                continue;
            };
            if let Some(n) = next.get_mut(dev)
                && super::seq_of_key(&k)? == *n
            {
                *n += super::segment::count(&v);
            }
        }
        for (device, head) in &heads {
            let k = super::op_key(device, 0);
            let read = next.get(&k[..k.len() - 8]).map_or(0, |n| n - 1);
            if read < *head {
                return Ok(Some(format!(
                    "device {} reads back {read} of its {head} ops",
                    &device[..device.len().min(8)],
                )));
            }
        }
        for (assessment, mut missing) in journaled {
            let mut prefix = assessment.as_bytes().to_vec();
            prefix.push(0);
            for kv in self
                .kv
                .scan(Tree::Idx, Keys::Prefix(&prefix), Order::Forward)?
            {
                let (k, v) = kv?;
                let segk = &k[prefix.len()..];
                let first = super::seq_of_key(segk)?;
                let dev = super::Store::device_hex(segk);
                for s in super::segment::index_seqs(first, &v) {
                    missing.remove(&(dev.clone(), s));
                }
                if missing.is_empty() {
                    break;
                }
            }
            if let Some((d, s)) = missing.first() {
                return Ok(Some(format!(
                    "op {s} of device {} is missing from a walk of the assessment index",
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
            let had = self.kv.get(Tree::Meta, key.as_bytes())?;
            match value {
                Some(v) => {
                    if had.as_deref() != Some(v.as_slice()) {
                        self.put(Tree::Meta, key.as_bytes(), v.as_slice())?;
                        changed += 1;
                    }
                }
                None => {
                    if had.is_some() {
                        self.remove(Tree::Meta, key.as_bytes())?;
                        changed += 1;
                    }
                }
            }
        }
        if last > done {
            self.put(Tree::Meta, JOURNAL_META, json(&last)?)?;
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
            self.put(Tree::Meta, "home", json(&now)?)?;
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
        let jpath = self.disk_journal()?.path().to_path_buf();
        let mismatch = |d: &str, detail: String| Error::JournalCorrupt {
            path: jpath.clone(),
            offset: 0,
            detail: format!("device {}: {detail}", &d[..d.len().min(8)]),
        };
        let mut replayed = 0;
        for d in &devices {
            let sled_head = self.head(d)?;
            let s = sled_head.as_ref().map_or(0, |h| h.seq);
            let (jseq, jhash) = self.disk_journal()?.head(d).cloned().unwrap_or_default();
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
                self.own_txn(
                    d,
                    &|head, hlc| {
                        if ops.first().map(|o| o.0.seq) != Some(head.seq + 1) {
                            return Err(corrupt("replay", "store head moved"));
                        }
                        let hlc = ops.iter().map(|o| o.0.hlc).fold(hlc, u64::max);
                        Ok((ops.clone(), hlc))
                    },
                    false,
                )?;
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
                self.disk_journal()?.append_ops(&list)?;
            }
        }
        Ok(replayed)
    }

    /// Put back evidence files the journal has and the store lacks. Returns how many.
    fn replay_blobs(&self, records: &[Record]) -> Result<u64> {
        let mut n = 0;
        for r in records {
            if let Record::Blob { hash } = r
                && !self.has_blob(hash)?
            {
                let src = self.disk_journal()?.blob_path(hash);
                if !src.is_file() {
                    return Err(Error::JournalCorrupt {
                        path: src,
                        offset: 0,
                        detail: "journaled evidence file missing".into(),
                    });
                }
                self.put_blob_from_file(hash, &src)?;
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
            if let Some(b) = self.blob(&h)? {
                self.disk_journal()?.append_blob(&h, &b)?;
            }
        }
        Ok(())
    }
}
