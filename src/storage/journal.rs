//! The journal: an append-only file `journal` in the store folder that holds everything
//! this device wrote and no one can send back to it — its own ops (the bytes as stored
//! and hashed), the durable `meta` keys (identity with the secret key, the age key, the
//! trust roster, …: [`is_durable_meta`]) and its own evidence blobs.
//!
//! It is the durability point of an answer: `Store::commit` returns only after the op's
//! record was appended here and `fdatasync`ed; sled is persisted by its background flusher
//! (and by `Store::sync`). When sled is behind the journal after a crash, or cannot be
//! opened at all, the store is rebuilt from it (`Store::open`).
//!
//! File format: `MAGIC` (8 bytes), then records
//! `0xA5 ‖ len (u32 LE) ‖ check (first 8 bytes of blake3(len ‖ payload)) ‖ payload`,
//! payload = `kind ‖ body`:
//! - [`KIND_OP`]: `device length (u8) ‖ device (hex) ‖ seq (u64 BE) ‖ op bytes`;
//! - [`KIND_META_PUT`]: `n (u64 LE) ‖ key length (u16 LE) ‖ key ‖ value`;
//! - [`KIND_META_REMOVE`]: `n (u64 LE) ‖ key`;
//! - [`KIND_BLOB`]: the blake3 hex of an evidence blob whose bytes were written (and
//!   fsynced) before the record to `journal-blobs/<hash>` next to the journal; the file
//!   name is the check of its content, so the journal stays small and opening never reads
//!   photos;
//! - [`KIND_SYNCED`]: `op count (u64 LE)`: sled held this many ops after a completed
//!   `Store::sync` (flush and fsync). sled holding fewer on a later open means it lost
//!   data it had made durable (it silently drops the rest of its log at a damaged spot),
//!   which opening treats like a store sled cannot open;
//! - [`KIND_GROUP`]: several of the payloads above, each as `length (u32 LE) ‖ payload`,
//!   written by one append — a commit of several ops, several meta changes.
//!
//! `n` numbers the meta records 1, 2, 3 …; `meta/journal/meta` in sled records the last one
//! sled has, so replay never undoes a newer sled value with an older journal one.
//!
//! Every append is one record (a group when it carries several) and is fsynced before the
//! next one is written, so only the last record can be torn by a crash — even a power loss
//! that persisted the append's blocks out of order tears only that record: an invalid
//! record with no valid record anywhere after it is a torn tail (dropped, and the file
//! truncated to its start). An invalid record followed by a valid one is damage in the
//! middle, reported as [`Error::JournalCorrupt`], never guessed around.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::fsio::sync_dir;

/// File name of the journal inside the store folder.
pub const FILE: &str = "journal";

/// Folder (next to the journal) of the journaled evidence blobs, one file per blake3 hex.
pub const BLOBS: &str = "journal-blobs";

/// First bytes of every journal file.
pub const MAGIC: &[u8; 8] = b"TILIKJ1\n";

/// First byte of every record.
const MARK: u8 = 0xA5;
/// mark + len + check
const HEADER: usize = 1 + 4 + 8;

pub const KIND_OP: u8 = 1;
pub const KIND_META_PUT: u8 = 2;
pub const KIND_META_REMOVE: u8 = 3;
pub const KIND_BLOB: u8 = 4;
pub const KIND_SYNCED: u8 = 5;
pub const KIND_GROUP: u8 = 6;

/// `meta` keys a user cannot make again: kept in the journal (see `docs/store.md`).
const DURABLE_KEYS: &[&str] = &["identity", "age_identity", "home", "results"];
/// `meta` key prefixes kept in the journal.
const DURABLE_PREFIXES: &[&str] = &["trust/", "name/", "inst/", "export/", "exported/", "draft/"];

/// Whether a `meta` key is kept in the journal.
#[must_use]
pub fn is_durable_meta(key: &str) -> bool {
    DURABLE_KEYS.contains(&key) || DURABLE_PREFIXES.iter().any(|p| key.starts_with(p))
}

/// The exact keys and the prefixes of [`is_durable_meta`].
#[must_use]
pub fn durable_meta_sets() -> (&'static [&'static str], &'static [&'static str]) {
    (DURABLE_KEYS, DURABLE_PREFIXES)
}

/// One valid record, as read back.
#[derive(Debug, Clone)]
pub enum Record {
    /// An own op; `bytes` exactly as stored and hashed.
    Op {
        device: String,
        seq: u64,
        bytes: Vec<u8>,
    },
    /// `meta` key set (`Some`) or removed (`None`), record number `n`.
    Meta {
        n: u64,
        key: String,
        value: Option<Vec<u8>>,
    },
    /// An evidence blob, kept as `journal-blobs/<hash>`.
    Blob { hash: String },
    /// sled held `ops` ops after a completed sync.
    Synced { ops: u64 },
}

/// What reading a journal found.
#[derive(Debug, Default)]
pub struct Scan {
    pub records: Vec<Record>,
    /// Length of the valid part (header and whole records).
    pub valid_len: u64,
    /// Bytes after it that were a torn tail.
    pub torn: u64,
}

/// The journal file, open for appending, with what it holds in short.
#[derive(Debug)]
pub struct Journal {
    file: File,
    path: PathBuf,
    len: u64,
    /// Per device: last sequence number and the hash of that op.
    heads: BTreeMap<String, (u64, String)>,
    /// Latest value of every durable meta key (removed keys are absent).
    meta: BTreeMap<String, Vec<u8>>,
    meta_n: u64,
    blobs: BTreeSet<String>,
    /// The last [`Record::Synced`] mark.
    synced: Option<u64>,
    /// A failed append could not be undone: refuse further writes.
    poisoned: bool,
}

fn io_err(path: &Path, what: &str) -> impl FnOnce(std::io::Error) -> Error {
    let context = format!("{what} {}", path.display());
    move |source| Error::Io { context, source }
}

fn corrupt(path: &Path, offset: u64, detail: impl Into<String>) -> Error {
    Error::JournalCorrupt {
        path: path.to_path_buf(),
        offset,
        detail: detail.into(),
    }
}

fn check(len: &[u8; 4], payload: &[u8]) -> [u8; 8] {
    let mut h = blake3::Hasher::new();
    h.update(len);
    h.update(payload);
    let mut out = [0u8; 8];
    out.copy_from_slice(&h.finalize().as_bytes()[..8]);
    out
}

/// Encode one record.
fn record(payload: &[u8]) -> Result<Vec<u8>> {
    let n = u32::try_from(payload.len()).map_err(|_| Error::Io {
        context: "journal record".into(),
        source: std::io::Error::other("record larger than 4 GiB"),
    })?;
    let len = n.to_le_bytes();
    let mut v = Vec::with_capacity(HEADER + payload.len());
    v.push(MARK);
    v.extend_from_slice(&len);
    v.extend_from_slice(&check(&len, payload));
    v.extend_from_slice(payload);
    Ok(v)
}

/// Payload of an op record.
fn op_payload(device: &str, seq: u64, bytes: &[u8]) -> Result<Vec<u8>> {
    let d = u8::try_from(device.len()).map_err(|_| Error::Io {
        context: "journal record".into(),
        source: std::io::Error::other("device id too long"),
    })?;
    let mut p = Vec::with_capacity(2 + device.len() + 8 + bytes.len());
    p.push(KIND_OP);
    p.push(d);
    p.extend_from_slice(device.as_bytes());
    p.extend_from_slice(&seq.to_be_bytes());
    p.extend_from_slice(bytes);
    Ok(p)
}

fn meta_payload(n: u64, key: &str, value: Option<&[u8]>) -> Result<Vec<u8>> {
    let mut p = Vec::with_capacity(11 + key.len() + value.map_or(0, <[u8]>::len));
    match value {
        Some(v) => {
            let k = u16::try_from(key.len()).map_err(|_| Error::Io {
                context: "journal record".into(),
                source: std::io::Error::other("meta key too long"),
            })?;
            p.push(KIND_META_PUT);
            p.extend_from_slice(&n.to_le_bytes());
            p.extend_from_slice(&k.to_le_bytes());
            p.extend_from_slice(key.as_bytes());
            p.extend_from_slice(v);
        }
        None => {
            p.push(KIND_META_REMOVE);
            p.extend_from_slice(&n.to_le_bytes());
            p.extend_from_slice(key.as_bytes());
        }
    }
    Ok(p)
}

/// Decode a payload whose checksum held into `out`; false when its layout is wrong.
fn decode_into(payload: &[u8], out: &mut Vec<Record>) -> bool {
    if payload.first() == Some(&KIND_GROUP) {
        let mut inner = &payload[1..];
        let mut any = false;
        while !inner.is_empty() {
            let Some(n) = inner
                .get(..4)
                .and_then(|b| b.try_into().ok())
                .and_then(|b| usize::try_from(u32::from_le_bytes(b)).ok())
            else {
                return false;
            };
            let Some(p) = inner.get(4..4 + n) else {
                return false;
            };
            if p.first() == Some(&KIND_GROUP) {
                return false;
            }
            let Some(r) = decode(p) else { return false };
            out.push(r);
            any = true;
            inner = &inner[4 + n..];
        }
        return any;
    }
    match decode(payload) {
        Some(r) => {
            out.push(r);
            true
        }
        None => false,
    }
}

/// Decode one payload (not a group) whose checksum held.
fn decode(payload: &[u8]) -> Option<Record> {
    let (&kind, body) = payload.split_first()?;
    match kind {
        KIND_OP => {
            let (&dl, rest) = body.split_first()?;
            let dl = usize::from(dl);
            let device = std::str::from_utf8(rest.get(..dl)?).ok()?.to_string();
            let seq = u64::from_be_bytes(rest.get(dl..dl + 8)?.try_into().ok()?);
            let bytes = rest.get(dl + 8..)?.to_vec();
            (seq > 0 && !bytes.is_empty()).then_some(Record::Op { device, seq, bytes })
        }
        KIND_META_PUT => {
            let n = u64::from_le_bytes(body.get(..8)?.try_into().ok()?);
            let kl = usize::from(u16::from_le_bytes(body.get(8..10)?.try_into().ok()?));
            let key = std::str::from_utf8(body.get(10..10 + kl)?)
                .ok()?
                .to_string();
            let value = body.get(10 + kl..)?.to_vec();
            Some(Record::Meta {
                n,
                key,
                value: Some(value),
            })
        }
        KIND_META_REMOVE => {
            let n = u64::from_le_bytes(body.get(..8)?.try_into().ok()?);
            let key = std::str::from_utf8(body.get(8..)?).ok()?.to_string();
            Some(Record::Meta {
                n,
                key,
                value: None,
            })
        }
        KIND_SYNCED => Some(Record::Synced {
            ops: u64::from_le_bytes(body.try_into().ok()?),
        }),
        KIND_BLOB => {
            let hash = std::str::from_utf8(body).ok()?;
            (hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())).then(|| {
                Record::Blob {
                    hash: hash.to_string(),
                }
            })
        }
        _ => None,
    }
}

/// The record starting at `at` in `buf`, if it is whole and its checksum holds:
/// (its payload, the offset after it).
fn record_at(buf: &[u8], at: usize) -> Option<(&[u8], usize)> {
    if *buf.get(at)? != MARK {
        return None;
    }
    let len: [u8; 4] = buf.get(at + 1..at + 5)?.try_into().ok()?;
    let n = usize::try_from(u32::from_le_bytes(len)).ok()?;
    let sum: [u8; 8] = buf.get(at + 5..at + HEADER)?.try_into().ok()?;
    let end = at.checked_add(HEADER)?.checked_add(n)?;
    let payload = buf.get(at + HEADER..end)?;
    (check(&len, payload) == sum).then_some((payload, end))
}

/// Read a journal file: every valid record, and where a torn tail begins.
///
/// # Errors
/// `Io` when the file cannot be read; `JournalCorrupt` when it is not a journal or is
/// damaged anywhere but in its last append.
pub fn scan(path: &Path) -> Result<Scan> {
    let mut buf = Vec::new();
    File::open(path)
        .and_then(|mut f| f.read_to_end(&mut buf))
        .map_err(io_err(path, "read"))?;
    if buf.len() < MAGIC.len() {
        // Made but its header never fully written: empty.
        if MAGIC.starts_with(&buf) {
            return Ok(Scan {
                records: Vec::new(),
                valid_len: 0,
                torn: buf.len() as u64,
            });
        }
        return Err(corrupt(path, 0, "not a tilik journal"));
    }
    if &buf[..MAGIC.len()] != MAGIC {
        return Err(corrupt(path, 0, "not a tilik journal"));
    }
    let mut records = Vec::new();
    let mut at = MAGIC.len();
    while at < buf.len() {
        let Some((payload, end)) = record_at(&buf, at) else {
            // Torn tail only if no whole record follows anywhere.
            if let Some(next) = (at + 1..buf.len()).find(|&p| record_at(&buf, p).is_some()) {
                return Err(corrupt(
                    path,
                    at as u64,
                    format!("unreadable record, valid records follow at byte {next}"),
                ));
            }
            break;
        };
        if !decode_into(payload, &mut records) {
            return Err(corrupt(
                path,
                at as u64,
                "record with a valid checksum but an unknown layout",
            ));
        }
        at = end;
    }
    Ok(Scan {
        records,
        valid_len: at as u64,
        torn: (buf.len() - at) as u64,
    })
}

impl Journal {
    /// Open (creating when absent) the journal in `dir`: read it, truncate a torn tail,
    /// and keep a summary. Returns the journal, what was read, and whether it was made now.
    ///
    /// # Errors
    /// `Io`, `JournalCorrupt`.
    pub fn open(dir: &Path) -> Result<(Journal, Scan, bool)> {
        let path = dir.join(FILE);
        let created = !path.exists();
        if created {
            // Write the header under a temp name, then rename: a crash leaves either no
            // journal or a valid empty one.
            let tmp = dir.join(".journal.tmp");
            let mut f = File::create(&tmp).map_err(io_err(&tmp, "create"))?;
            f.write_all(MAGIC).map_err(io_err(&tmp, "write"))?;
            f.sync_all().map_err(io_err(&tmp, "fsync"))?;
            std::fs::rename(&tmp, &path).map_err(io_err(&path, "rename"))?;
            sync_dir(dir).map_err(io_err(dir, "fsync"))?;
        }
        let scan = scan(&path)?;
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .open(&path)
            .map_err(io_err(&path, "open"))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Error::StoreInUse(dir.to_path_buf()));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(io_err(&path, "lock")(e)),
        }
        let mut len = scan.valid_len;
        if scan.torn > 0 {
            file.set_len(scan.valid_len)
                .and_then(|()| file.sync_all())
                .map_err(io_err(&path, "truncate torn tail of"))?;
        }
        if len == 0 {
            file.write_all(MAGIC)
                .and_then(|()| file.sync_data())
                .map_err(io_err(&path, "write"))?;
            len = MAGIC.len() as u64;
        }
        let mut j = Journal {
            file,
            path,
            len,
            heads: BTreeMap::new(),
            meta: BTreeMap::new(),
            meta_n: 0,
            blobs: BTreeSet::new(),
            synced: None,
            poisoned: false,
        };
        for r in &scan.records {
            j.note(r)?;
        }
        Ok((j, scan, created))
    }

    /// Account for a record (read back or just written).
    fn note(&mut self, r: &Record) -> Result<()> {
        match r {
            Record::Op { device, seq, bytes } => {
                let last = self.heads.get(device).map_or(0, |h| h.0);
                if *seq == last + 1 {
                    self.heads
                        .insert(device.clone(), (*seq, crate::core::op::op_hash(bytes)));
                } else if *seq > last + 1 {
                    return Err(corrupt(
                        &self.path,
                        0,
                        format!(
                            "op {seq} of device {} follows op {last}: ops are missing",
                            &device[..device.len().min(8)]
                        ),
                    ));
                }
                // seq ≤ last: a repeat of an op already journaled; the first one counts.
            }
            Record::Meta { n, key, value } => {
                self.meta_n = self.meta_n.max(*n);
                match value {
                    Some(v) => {
                        self.meta.insert(key.clone(), v.clone());
                    }
                    None => {
                        self.meta.remove(key);
                    }
                }
            }
            Record::Blob { hash } => {
                self.blobs.insert(hash.clone());
            }
            Record::Synced { ops } => self.synced = Some(*ops),
        }
        Ok(())
    }

    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Last journaled sequence number of a device and that op's hash.
    #[must_use]
    pub fn head(&self, device: &str) -> Option<&(u64, String)> {
        self.heads.get(device)
    }

    /// Devices with ops in the journal.
    #[must_use]
    pub fn devices(&self) -> Vec<String> {
        self.heads.keys().cloned().collect()
    }

    /// Latest journaled value of every durable meta key.
    #[must_use]
    pub fn meta(&self) -> &BTreeMap<String, Vec<u8>> {
        &self.meta
    }

    /// Number of the last meta record.
    #[must_use]
    pub fn meta_n(&self) -> u64 {
        self.meta_n
    }

    /// Op count of the last sync mark.
    #[must_use]
    pub fn synced(&self) -> Option<u64> {
        self.synced
    }

    /// Record that sled holds `ops` ops, flushed and fsynced.
    ///
    /// # Errors
    /// `Io`.
    pub fn append_synced(&mut self, ops: u64) -> Result<()> {
        let mut p = vec![KIND_SYNCED];
        p.extend_from_slice(&ops.to_le_bytes());
        self.append(vec![p], vec![Record::Synced { ops }])
    }

    #[must_use]
    pub fn has_blob(&self, hash: &str) -> bool {
        self.blobs.contains(hash)
    }

    /// Whether nothing but the header is in the journal.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty() && self.meta.is_empty() && self.blobs.is_empty()
    }

    /// The bytes of a journaled blob, checked against its name.
    ///
    /// # Errors
    /// `Io` when the file cannot be read; `JournalCorrupt` when it is damaged.
    pub fn read_blob(&self, hash: &str) -> Result<Vec<u8>> {
        let p = self.blob_path(hash);
        let b = std::fs::read(&p).map_err(io_err(&p, "read"))?;
        if blake3::hash(&b).to_hex().as_str() != hash {
            return Err(corrupt(&p, 0, "evidence file does not match its hash"));
        }
        Ok(b)
    }

    pub(super) fn blob_path(&self, hash: &str) -> PathBuf {
        self.path.with_file_name(BLOBS).join(hash)
    }

    /// Append encoded records and `fdatasync`; on failure the file is cut back to where
    /// it was (or, if even that fails, the journal refuses every later write).
    fn append(&mut self, payloads: Vec<Vec<u8>>, records: Vec<Record>) -> Result<()> {
        if self.poisoned {
            return Err(Error::Io {
                context: format!("write {}", self.path.display()),
                source: std::io::Error::other("an earlier write failed; reopen the store"),
            });
        }
        // Several payloads go out as one group record: a torn append is one torn record.
        let recs = match payloads.as_slice() {
            [] => return Ok(()),
            [one] => record(one)?,
            many => {
                let mut p = vec![KIND_GROUP];
                for one in many {
                    let n = u32::try_from(one.len()).map_err(|_| Error::Io {
                        context: "journal record".into(),
                        source: std::io::Error::other("record larger than 4 GiB"),
                    })?;
                    p.extend_from_slice(&n.to_le_bytes());
                    p.extend_from_slice(one);
                }
                record(&p)?
            }
        };
        let res = self
            .file
            .write_all(&recs)
            .and_then(|()| self.file.sync_data());
        if let Err(e) = res {
            if self
                .file
                .set_len(self.len)
                .and_then(|()| self.file.sync_data())
                .is_err()
            {
                self.poisoned = true;
            }
            return Err(io_err(&self.path, "write")(e));
        }
        self.len += recs.len() as u64;
        for r in &records {
            self.note(r)?;
        }
        Ok(())
    }

    /// Append ops (each `device`, `seq`, bytes); for each device they must continue its
    /// journaled chain with no gap (ops already journaled are skipped).
    ///
    /// # Errors
    /// `Io`; `Storage` when an op would leave a gap.
    pub fn append_ops(&mut self, ops: &[(&str, u64, &[u8])]) -> Result<()> {
        let mut buf: Vec<Vec<u8>> = Vec::new();
        let mut recs = Vec::new();
        let mut last: BTreeMap<&str, u64> = BTreeMap::new();
        for &(device, seq, bytes) in ops {
            let l = last
                .entry(device)
                .or_insert_with(|| self.heads.get(device).map_or(0, |h| h.0));
            if seq <= *l {
                continue;
            }
            if seq != *l + 1 {
                return Err(Error::Storage(format!(
                    "journal: op {seq} would follow op {l} of the same device"
                )));
            }
            *l = seq;
            buf.push(op_payload(device, seq, bytes)?);
            recs.push(Record::Op {
                device: device.to_string(),
                seq,
                bytes: bytes.to_vec(),
            });
        }
        self.append(buf, recs)
    }

    /// Append meta changes (`None` = removed) as numbered records. Returns the number of
    /// the last meta record.
    ///
    /// # Errors
    /// `Io`.
    pub fn append_meta(&mut self, changes: &[(String, Option<Vec<u8>>)]) -> Result<u64> {
        let mut buf: Vec<Vec<u8>> = Vec::new();
        let mut recs = Vec::new();
        let mut n = self.meta_n;
        for (key, value) in changes {
            n += 1;
            buf.push(meta_payload(n, key, value.as_deref())?);
            recs.push(Record::Meta {
                n,
                key: key.clone(),
                value: value.clone(),
            });
        }
        self.append(buf, recs)?;
        Ok(self.meta_n)
    }

    /// Journal an evidence blob (skipped when already journaled): its bytes to
    /// `journal-blobs/<hash>` (temp name, fsync, rename, fsync of the folder), then a
    /// record naming it.
    ///
    /// # Errors
    /// `Io`.
    pub fn append_blob(&mut self, hash: &str, bytes: &[u8]) -> Result<()> {
        if self.blobs.contains(hash) {
            return Ok(());
        }
        let dir = self.path.with_file_name(BLOBS);
        let fresh = !dir.exists();
        std::fs::create_dir_all(&dir).map_err(io_err(&dir, "create"))?;
        if fresh && let Some(parent) = dir.parent() {
            sync_dir(parent).map_err(io_err(parent, "fsync"))?;
        }
        let dest = dir.join(hash);
        if !dest.exists() {
            let tmp = dir.join(format!(".{hash}.tmp"));
            let mut f = File::create(&tmp).map_err(io_err(&tmp, "create"))?;
            f.write_all(bytes)
                .and_then(|()| f.sync_all())
                .map_err(io_err(&tmp, "write"))?;
            std::fs::rename(&tmp, &dest).map_err(io_err(&dest, "rename"))?;
            sync_dir(&dir).map_err(io_err(&dir, "fsync"))?;
        }
        let mut p = Vec::with_capacity(65);
        p.push(KIND_BLOB);
        p.extend_from_slice(hash.as_bytes());
        self.append(
            vec![p],
            vec![Record::Blob {
                hash: hash.to_string(),
            }],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn journal_with(dir: &Path) -> Journal {
        let (mut j, _, created) = Journal::open(dir).expect("open");
        assert!(created);
        j.append_ops(&[("dd", 1, b"{\"a\":1}"), ("dd", 2, b"{\"a\":2}")])
            .expect("ops");
        j.append_meta(&[("identity".into(), Some(b"{}".to_vec()))])
            .expect("meta");
        j.append_blob(&blake3::hash(b"photo").to_hex(), b"photo")
            .expect("blob");
        j
    }

    #[test]
    fn records_read_back() {
        let dir = tempfile::tempdir().expect("tmp");
        drop(journal_with(dir.path()));
        let s = scan(&dir.path().join(FILE)).expect("scan");
        assert_eq!(s.records.len(), 4);
        assert_eq!(s.torn, 0);
        let (j, _, created) = Journal::open(dir.path()).expect("reopen");
        assert!(!created);
        assert_eq!(j.head("dd").map(|h| h.0), Some(2));
        assert_eq!(j.meta_n(), 1);
        let Some(Record::Blob { hash }) = s.records.last() else {
            panic!("blob record expected");
        };
        assert_eq!(j.read_blob(hash).expect("blob"), b"photo");
    }

    #[test]
    fn torn_tail_is_dropped_and_damage_in_the_middle_is_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        drop(journal_with(dir.path()));
        let path = dir.path().join(FILE);
        let whole = std::fs::read(&path).expect("read");
        // Half a record at the end: dropped, file truncated.
        let mut torn = whole.clone();
        torn.extend_from_slice(
            &record(&op_payload("dd", 3, b"{\"a\":3}").expect("p")).expect("r")[..9],
        );
        std::fs::write(&path, &torn).expect("write");
        let (j, s, _) = Journal::open(dir.path()).expect("open torn");
        assert_eq!(s.torn, 9);
        assert_eq!(j.head("dd").map(|h| h.0), Some(2));
        drop(j);
        assert_eq!(std::fs::read(&path).expect("read").len(), whole.len());
        // A flipped byte inside the first record: valid ones follow, so refused.
        let mut bad = whole;
        bad[MAGIC.len() + HEADER + 3] ^= 0xff;
        std::fs::write(&path, &bad).expect("write");
        assert!(matches!(
            Journal::open(dir.path()),
            Err(Error::JournalCorrupt { .. })
        ));
    }

    #[test]
    fn a_torn_group_is_dropped_whole_even_with_a_hole_in_front() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join(FILE);
        let (mut j, _, _) = Journal::open(dir.path()).expect("open");
        j.append_ops(&[("dd", 1, b"{\"a\":1}")]).expect("one");
        let before = std::fs::metadata(&path).expect("len").len() as usize;
        j.append_ops(&[("dd", 2, b"{\"a\":2}"), ("dd", 3, b"{\"a\":3}")])
            .expect("group");
        drop(j);
        let whole = std::fs::read(&path).expect("read");
        // The group's first bytes never reached the disk (zeros), its end did.
        let mut holed = whole.clone();
        holed[before..before + 20].fill(0);
        std::fs::write(&path, &holed).expect("write");
        let (j, s, _) = Journal::open(dir.path()).expect("a hole in the last append is torn");
        assert_eq!(s.torn as usize, whole.len() - before);
        assert_eq!(
            j.head("dd").map(|h| h.0),
            Some(1),
            "the whole group is dropped"
        );
    }

    #[test]
    fn durable_meta_keys() {
        assert!(is_durable_meta("identity"));
        assert!(is_durable_meta("trust/ab"));
        assert!(is_durable_meta("exported/ab"));
        assert!(is_durable_meta("draft/ab/I.1"));
        assert!(!is_durable_meta("ui/position"));
        assert!(!is_durable_meta("quarantine/x"));
        assert!(!is_durable_meta("head/ab"));
    }
}
