//! Evidence: files attached to answers, content-addressed by blake3, kept **outside sled**
//! (schema 3). A store on disk keeps each file as `<store>/evidence/ab/cdef…` (the first
//! two hex digits name the folder); sled's `blobs` tree keeps only the index: blake3 hex →
//! [`IndexEntry`] (size, and the inbox file of the bundle it came from). An in-memory
//! store keeps the bytes in memory.
//!
//! - **Writing** streams: bytes go to `evidence/.tmp/…`, are hashed as they pass, and the
//!   file is fsynced, renamed into place (only when size and hash match what was
//!   announced) and its folder fsynced — then the index entry is written. The index never
//!   names a file that was not complete on disk.
//! - **Reading** streams too ([`Store::open_blob`]) and checks the hash at the end: a file
//!   whose bytes changed is never passed on as good. A damaged or missing file is *lost*
//!   ([`Store::lose_blob`]): moved aside (`….rusak`), taken out of the index, listed as
//!   pending evidence, and the bundle it came from forgotten as imported, so importing that
//!   bundle again (the inbox keeps it) brings it back. This device's own evidence is also
//!   journaled (`journal-blobs/`) and put back from there instead.
//! - **Opening** checks every indexed file's presence and size (one `stat` each; the
//!   content is checked when read, and by `tilik store rebuild`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use super::backend::{Batch, Keys, Order, Tree};
use super::{Store, corrupt, json};
use crate::error::{Error, Result};
use crate::fsio::sync_dir;

/// Folder of the evidence files inside the store folder.
pub const DIR: &str = "evidence";

/// Folder (inside [`DIR`]) of files being written.
const TMP: &str = ".tmp";

/// Chunk size of streamed reads and writes.
const CHUNK: usize = 256 * 1024;

/// The index entry of one evidence file (`blobs` tree, JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndexEntry {
    /// Size in bytes.
    pub size: u64,
    /// blake3 hex of the inbox file of the bundle that brought it (`None`: this device's
    /// own evidence, or a store upgraded from schema 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle: Option<String>,
}

/// Why an evidence file was lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LossKind {
    /// The file is gone (or has another size).
    Missing,
    /// The file's bytes do not match its hash.
    Damaged,
}

/// An evidence file the store no longer has ([`Store::lose_blob`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostEvidence {
    pub hash: String,
    pub kind: LossKind,
    /// The inbox file (blake3 hex) of the bundle that brought it, to import again.
    pub bundle: Option<String>,
    /// That bundle's file in the inbox, when it is there ([`Store::set_inbox`]).
    pub file: Option<PathBuf>,
}

/// Where the evidence bytes live.
pub(super) enum Files {
    /// `<store>/evidence`.
    Dir(PathBuf),
    /// An in-memory store.
    Memory(Mutex<BTreeMap<String, Arc<[u8]>>>),
}

impl Files {
    pub(super) fn memory() -> Files {
        Files::Memory(Mutex::new(BTreeMap::new()))
    }

    fn mem(
        m: &Mutex<BTreeMap<String, Arc<[u8]>>>,
    ) -> Result<std::sync::MutexGuard<'_, BTreeMap<String, Arc<[u8]>>>> {
        m.lock()
            .map_err(|_| Error::Storage("evidence lock poisoned".into()))
    }
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
    let context = context.into();
    move |source| Error::Io { context, source }
}

/// A blake3 hex (64 lowercase hex digits): the only names used as file names.
fn valid_hash(hash: &str) -> bool {
    hash.len() == 64
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The path of evidence `hash` under `dir`.
#[must_use]
pub fn file_path(dir: &Path, hash: &str) -> PathBuf {
    let (a, b) = hash.split_at(hash.len().min(2));
    dir.join(a).join(b)
}

/// Every file of the evidence folder `dir` as its hash (folder name ‖ file name) → its
/// size (`None`: not a plain file). What cannot be listed is left out; the caller looks
/// up by path every file this does not show with its size.
fn sizes_on_disk(dir: &Path) -> std::collections::HashMap<String, Option<u64>> {
    let mut out = std::collections::HashMap::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for sub in rd.flatten() {
        let name = sub.file_name();
        let Some(a) = name.to_str().filter(|n| n.len() == 2) else {
            continue;
        };
        let Ok(files) = std::fs::read_dir(sub.path()) else {
            continue;
        };
        for f in files.flatten() {
            let Some(b) = f.file_name().to_str().map(str::to_string) else {
                continue;
            };
            // `DirEntry::metadata` does not follow a link; a link is looked up by path.
            let size = f
                .metadata()
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len());
            out.insert(format!("{a}{b}"), size);
        }
    }
    out
}

/// The inbox copy of bundle file `hash` (`<hash>.tilik` or `<hash>.tilik.age`).
fn inbox_file_in(inbox: &Path, hash: &str) -> Option<PathBuf> {
    ["tilik", "tilik.age"]
        .iter()
        .map(|ext| inbox.join(format!("{hash}.{ext}")))
        .find(|p| p.is_file())
}

/// Streams evidence bytes into the store ([`Store::blob_writer`]); [`BlobWriter::finish`]
/// checks them and puts the file in place. Dropped unfinished, it leaves nothing.
pub struct BlobWriter<'a> {
    store: &'a Store,
    hash: String,
    size: u64,
    bundle: Option<String>,
    hasher: blake3::Hasher,
    written: u64,
    sink: Sink,
}

enum Sink {
    /// Already present: the bytes are only hashed.
    Skip,
    File {
        tmp: PathBuf,
        f: std::io::BufWriter<File>,
    },
    Memory(Vec<u8>),
}

impl Write for BlobWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match &mut self.sink {
            Sink::Skip => {}
            Sink::File { f, .. } => f.write_all(buf)?,
            Sink::Memory(v) => v.extend_from_slice(buf),
        }
        self.hasher.update(buf);
        self.written += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match &mut self.sink {
            Sink::File { f, .. } => f.flush(),
            _ => Ok(()),
        }
    }
}

impl BlobWriter<'_> {
    /// Check size and hash, then make the file durable and put it in place
    /// (temp → fsync → rename → fsync of its folder) and write its index entry.
    ///
    /// # Errors
    /// `Storage` when the bytes are not what was announced (nothing is kept); `Io`.
    pub fn finish(mut self) -> Result<()> {
        let got = self.hasher.finalize().to_hex().to_string();
        let sink = std::mem::replace(&mut self.sink, Sink::Skip);
        if got != self.hash || self.written != self.size {
            if let Sink::File { tmp, f } = sink {
                drop(f);
                let _ = std::fs::remove_file(tmp);
            }
            return Err(corrupt(
                "evidence",
                format!("bytes written do not match {}", &self.hash[..12]),
            ));
        }
        match sink {
            Sink::Skip => {}
            Sink::File { tmp, f } => {
                let dir = self.store.evidence_dir();
                let dest = file_path(&dir, &self.hash);
                let res = (|| {
                    let f = f
                        .into_inner()
                        .map_err(std::io::IntoInnerError::into_error)?;
                    f.sync_all()?;
                    drop(f);
                    let parent = dest.parent().unwrap_or(&dir);
                    let fresh = !parent.exists();
                    std::fs::create_dir_all(parent)?;
                    if fresh {
                        sync_dir(&dir)?;
                    }
                    std::fs::rename(&tmp, &dest)?;
                    sync_dir(parent)
                })();
                if let Err(e) = res {
                    let _ = std::fs::remove_file(&tmp);
                    return Err(io(format!("write evidence {}", dest.display()))(e));
                }
            }
            Sink::Memory(v) => {
                if let Files::Memory(m) = &self.store.files {
                    Files::mem(m)?.insert(self.hash.clone(), v.into());
                }
            }
        }
        let entry = IndexEntry {
            size: self.size,
            bundle: self.bundle.take(),
        };
        let mut b = Batch::default();
        b.put(Tree::Blobs, self.hash.as_bytes(), json(&entry)?);
        b.remove(Tree::Pending, self.hash.as_bytes());
        self.store.kv.apply(b)
    }
}

impl Drop for BlobWriter<'_> {
    fn drop(&mut self) {
        if let Sink::File { tmp, .. } = &self.sink {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Streams the bytes of a stored evidence file, checking them against the hash: the read
/// that reaches the end fails (`InvalidData`) when size or hash differ.
pub struct BlobReader {
    inner: Box<dyn Read + Send>,
    hash: String,
    size: u64,
    hasher: blake3::Hasher,
    read: u64,
    done: bool,
}

/// The `InvalidData` error a [`BlobReader`] returns for a file that does not match.
#[derive(Debug)]
pub struct Mismatch;

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("evidence file does not match its hash")
    }
}

impl std::error::Error for Mismatch {}

impl Read for BlobReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.done {
            return Ok(0);
        }
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.done = true;
            if self.read != self.size || self.hasher.finalize().to_hex().as_str() != self.hash {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    Mismatch,
                ));
            }
            return Ok(0);
        }
        self.hasher.update(&buf[..n]);
        self.read += n as u64;
        if self.read > self.size {
            self.done = true;
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                Mismatch,
            ));
        }
        Ok(n)
    }
}

impl BlobReader {
    /// Bytes announced (the index's size).
    #[must_use]
    pub fn size(&self) -> u64 {
        self.size
    }
}

impl Store {
    /// The evidence folder of a store on disk.
    pub(super) fn evidence_dir(&self) -> PathBuf {
        match &self.files {
            Files::Dir(d) => d.clone(),
            Files::Memory(_) => PathBuf::new(),
        }
    }

    /// The index entry of evidence `hash`.
    ///
    /// # Errors
    /// Storage failure.
    pub fn blob_entry(&self, hash: &str) -> Result<Option<IndexEntry>> {
        let Some(v) = self.kv.get(Tree::Blobs, hash.as_bytes())? else {
            return Ok(None);
        };
        Ok(serde_json::from_slice(&v).ok())
    }

    /// Store this device's evidence bytes; returns the blake3 hex. Durable: journaled (and
    /// fsynced) before it returns, like a commit (in memory: just stored).
    ///
    /// # Errors
    /// Storage failure.
    pub fn put_blob(&self, bytes: &[u8]) -> Result<String> {
        let h = blake3::hash(bytes).to_hex().to_string();
        if let Some(mut j) = self.journal()? {
            j.append_blob(&h, bytes)?;
        }
        self.put_blob_unsynced(&h, bytes, None)?;
        Ok(h)
    }

    /// Store verified evidence bytes that came in `bundle` (its inbox file hash; `None`
    /// for this device's own).
    ///
    /// # Errors
    /// Storage failure; `Storage` when the bytes do not match `hash`.
    pub fn put_blob_unsynced(&self, hash: &str, bytes: &[u8], bundle: Option<&str>) -> Result<()> {
        let mut w = self.blob_writer(hash, bytes.len() as u64, bundle)?;
        w.write_all(bytes).map_err(io("write evidence"))?;
        w.finish()
    }

    /// A writer that streams evidence `hash` of `size` bytes into the store
    /// ([`BlobWriter`]). When the store already has it, the bytes are only checked.
    ///
    /// # Errors
    /// `Storage` for a name that is not a blake3 hex; `Io` when the temporary file cannot
    /// be made.
    pub fn blob_writer(
        &self,
        hash: &str,
        size: u64,
        bundle: Option<&str>,
    ) -> Result<BlobWriter<'_>> {
        if !valid_hash(hash) {
            return Err(corrupt("evidence", "not a blake3 name"));
        }
        let present = self.has_blob(hash)?;
        let sink = if present {
            Sink::Skip
        } else {
            match &self.files {
                Files::Memory(_) => Sink::Memory(Vec::new()),
                Files::Dir(dir) => {
                    let tmpdir = dir.join(TMP);
                    if !tmpdir.is_dir() {
                        std::fs::create_dir_all(&tmpdir)
                            .and_then(|()| sync_dir(dir))
                            .map_err(io(format!("create {}", tmpdir.display())))?;
                    }
                    let n = self.kv.generate_id()?;
                    let tmp = tmpdir.join(format!("{hash}.{n}"));
                    let f = File::create(&tmp).map_err(io(format!("create {}", tmp.display())))?;
                    Sink::File {
                        tmp,
                        f: std::io::BufWriter::with_capacity(CHUNK, f),
                    }
                }
            }
        };
        Ok(BlobWriter {
            store: self,
            hash: hash.to_string(),
            size,
            bundle: bundle.map(str::to_string),
            hasher: blake3::Hasher::new(),
            written: 0,
            sink,
        })
    }

    /// A reader of evidence `hash` that checks it at the end ([`BlobReader`]); `None`
    /// when the store does not have it.
    ///
    /// # Errors
    /// Storage failure; `Io` when the file cannot be opened although indexed.
    pub fn open_blob(&self, hash: &str) -> Result<Option<BlobReader>> {
        let Some(entry) = self.blob_entry(hash)? else {
            return Ok(None);
        };
        let inner: Box<dyn Read + Send> = match &self.files {
            Files::Memory(m) => match Files::mem(m)?.get(hash) {
                Some(b) => Box::new(std::io::Cursor::new(Arc::clone(b))),
                None => return Ok(None),
            },
            Files::Dir(dir) => {
                let p = file_path(dir, hash);
                match File::open(&p) {
                    Ok(f) => Box::new(std::io::BufReader::with_capacity(CHUNK, f)),
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
                    Err(e) => return Err(io(format!("read evidence {}", p.display()))(e)),
                }
            }
        };
        Ok(Some(BlobReader {
            inner,
            hash: hash.to_string(),
            size: entry.size,
            hasher: blake3::Hasher::new(),
            read: 0,
            done: false,
        }))
    }

    /// Stream evidence `hash` to `out` in chunks, checked against its hash; `false` when
    /// the store does not have it. A file that does not match is lost
    /// ([`Store::lose_blob`]) and reported as `EvidenceLost` — after `out` may have seen
    /// part of it, so a caller writes to a temporary file.
    ///
    /// # Errors
    /// `EvidenceLost`; `Io` from reading or from `out`.
    pub fn stream_blob(
        &self,
        hash: &str,
        out: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
    ) -> Result<bool> {
        let Some(mut r) = self.open_blob(hash)? else {
            return Ok(false);
        };
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = match r.read(&mut buf) {
                Ok(0) => return Ok(true),
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) if e.get_ref().is_some_and(|x| x.is::<Mismatch>()) => {
                    let lost = self.lose_blob(hash, LossKind::Damaged)?;
                    return Err(Error::EvidenceLost(vec![lost]));
                }
                Err(e) => return Err(io(format!("read evidence {}", &hash[..12]))(e)),
            };
            out(&buf[..n]).map_err(io("write evidence"))?;
        }
    }

    /// Evidence bytes by hash, whole (small files: contact data); checked.
    ///
    /// # Errors
    /// As [`Store::stream_blob`].
    pub fn blob(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        let mut v = Vec::new();
        let found = self.stream_blob(hash, &mut |c| {
            v.extend_from_slice(c);
            Ok(())
        })?;
        Ok(found.then_some(v))
    }

    /// Whether the store has evidence `hash`: indexed, and its file there with its size.
    ///
    /// # Errors
    /// Storage failure.
    pub fn has_blob(&self, hash: &str) -> Result<bool> {
        let Some(entry) = self.blob_entry(hash)? else {
            return Ok(false);
        };
        Ok(match &self.files {
            Files::Memory(m) => Files::mem(m)?.contains_key(hash),
            Files::Dir(dir) => {
                std::fs::metadata(file_path(dir, hash)).is_ok_and(|m| m.len() == entry.size)
            }
        })
    }

    /// Every indexed evidence hash with its entry.
    ///
    /// # Errors
    /// Storage failure.
    pub fn blob_index(&self) -> Result<BTreeMap<String, IndexEntry>> {
        let mut out = BTreeMap::new();
        for kv in self.kv.scan(Tree::Blobs, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            if let Ok(e) = serde_json::from_slice::<IndexEntry>(&v) {
                out.insert(String::from_utf8_lossy(&k).to_string(), e);
            }
        }
        Ok(out)
    }

    /// Give up evidence `hash` whose file is missing or damaged: a file still there is
    /// renamed `….rusak` (never deleted), the index entry removed, the hash listed as
    /// pending, and the bundle that brought it forgotten as imported (so importing it
    /// again brings the file back). This device's own evidence is put back from the
    /// journal instead when the journal has it (then nothing is lost: `Ok` with
    /// `bundle: None` is still returned for the caller to report, see `restored_blob`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn lose_blob(&self, hash: &str, kind: LossKind) -> Result<LostEvidence> {
        let entry = self.blob_entry(hash)?;
        if let Files::Dir(dir) = &self.files {
            let p = file_path(dir, hash);
            if p.exists() {
                let aside = p.with_extension("rusak");
                std::fs::rename(&p, &aside).map_err(io(format!("move {} aside", p.display())))?;
                if let Some(parent) = p.parent() {
                    let _ = sync_dir(parent);
                }
            }
        } else if let Files::Memory(m) = &self.files {
            Files::mem(m)?.remove(hash);
        }
        let bundle = entry.and_then(|e| e.bundle);
        let mut b = Batch::default();
        b.remove(Tree::Blobs, hash.as_bytes());
        b.put(Tree::Pending, hash.as_bytes(), Vec::new());
        if let Some(f) = &bundle {
            b.remove(Tree::Meta, format!("imported/{f}").into_bytes());
        }
        self.kv.apply(b)?;
        if self.restore_own_blob(hash)? {
            return Ok(LostEvidence {
                hash: hash.to_string(),
                kind,
                bundle: None,
                file: None,
            });
        }
        self.sync()?;
        let file = bundle.as_deref().and_then(|b| self.inbox_file(b));
        Ok(LostEvidence {
            hash: hash.to_string(),
            kind,
            bundle,
            file,
        })
    }

    /// Where imported bundle files are kept (`<data>/inbox`), to name them in messages.
    pub fn set_inbox(&mut self, inbox: PathBuf) {
        for l in &mut self.evidence_lost {
            if l.file.is_none() {
                l.file = l.bundle.as_deref().and_then(|b| inbox_file_in(&inbox, b));
            }
        }
        self.inbox = Some(inbox);
    }

    fn inbox_file(&self, bundle: &str) -> Option<PathBuf> {
        inbox_file_in(self.inbox.as_ref()?, bundle)
    }

    /// Put this device's own evidence `hash` back from the journal, when it has it.
    fn restore_own_blob(&self, hash: &str) -> Result<bool> {
        let Some(j) = self.journal()? else {
            return Ok(false);
        };
        if !j.has_blob(hash) {
            return Ok(false);
        }
        let src = j.blob_path(hash);
        drop(j);
        self.put_blob_from_file(hash, &src)?;
        Ok(true)
    }

    /// On opening: every indexed evidence file is there with its size (one `stat` each);
    /// one that is not is put back from the journal (own evidence) or lost
    /// ([`Store::lose_blob`]). Stale temporary files are removed. Returns what was lost.
    pub(super) fn check_evidence(&self) -> Result<Vec<LostEvidence>> {
        let Files::Dir(dir) = &self.files else {
            return Ok(Vec::new());
        };
        let tmp = dir.join(TMP);
        if let Ok(rd) = std::fs::read_dir(&tmp) {
            for e in rd.flatten() {
                let _ = std::fs::remove_file(e.path());
            }
        }
        // The folder is listed on a second thread while the index is read (a national
        // store has thousands of files: this was a fifth of every open).
        let (index, on_disk) = std::thread::scope(|s| {
            let walk = s.spawn(|| sizes_on_disk(dir));
            let index = self.blob_index();
            (index, walk.join().unwrap_or_default())
        });
        let mut lost = Vec::new();
        for (hash, entry) in index? {
            let ok = match on_disk.get(&hash) {
                Some(Some(size)) if *size == entry.size => true,
                // Not listed, not a plain file (a link) or another size: looked up by its
                // path, as a read would see it, before anything is given up.
                _ => std::fs::metadata(file_path(dir, &hash)).is_ok_and(|m| m.len() == entry.size),
            };
            if !ok {
                let l = self.lose_blob(&hash, LossKind::Missing)?;
                if self.has_blob(&hash)? {
                    continue;
                }
                lost.push(l);
            }
        }
        Ok(lost)
    }

    /// Read every evidence file whole and check it against its hash (`tilik store
    /// rebuild`); a damaged one is lost ([`Store::lose_blob`]) or put back from the
    /// journal. Returns what is lost.
    ///
    /// # Errors
    /// Storage failure.
    pub fn verify_evidence(&self) -> Result<Vec<LostEvidence>> {
        let mut lost = self.check_evidence()?;
        for hash in self.blob_index()?.into_keys() {
            match self.stream_blob(&hash, &mut |_| Ok(())) {
                Ok(_) => {}
                Err(Error::EvidenceLost(l)) => {
                    if !self.has_blob(&hash)? {
                        lost.extend(l);
                    }
                }
                Err(e) => return Err(e),
            }
        }
        Ok(lost)
    }

    /// Schema 2 → 3: move every evidence blob out of sled into its file, leaving the
    /// index entry (crash-safe: a value whose blake3 is its key is still the bytes).
    pub(super) fn move_blobs_out(&self) -> Result<()> {
        let keys: Vec<Vec<u8>> = self
            .kv
            .scan(Tree::Blobs, Keys::All, Order::Forward)?
            .map(|kv| kv.map(|(k, _)| k.to_vec()))
            .collect::<Result<_>>()?;
        for k in keys {
            let hash = String::from_utf8_lossy(&k).to_string();
            let Some(v) = self.kv.get(Tree::Blobs, &k)? else {
                continue;
            };
            if blake3::hash(&v).to_hex().as_str() != hash {
                // Already an index entry (an upgrade interrupted after this one).
                continue;
            }
            // Still the bytes: write the file, then the entry replaces them (a crash in
            // between leaves the bytes, and this runs again).
            self.put_blob_unsynced(&hash, &v, None)?;
        }
        if let Files::Dir(dir) = &self.files
            && dir.is_dir()
        {
            sync_dir(dir).map_err(io(format!("sync {}", dir.display())))?;
        }
        Ok(())
    }

    /// Copy journaled own evidence `hash` from `src` (a file of `journal-blobs/`).
    pub(super) fn put_blob_from_file(&self, hash: &str, src: &Path) -> Result<()> {
        let f = File::open(src).map_err(io(format!("read {}", src.display())))?;
        let size = f.metadata().map_err(io("read journaled evidence"))?.len();
        let mut w = self.blob_writer(hash, size, None)?;
        std::io::copy(&mut std::io::BufReader::with_capacity(CHUNK, f), &mut w)
            .map_err(io(format!("read {}", src.display())))?;
        // Only bytes that do not match are damage; a failing write (a full disk) is
        // reported as itself.
        w.finish().map_err(|e| match e {
            Error::Storage(_) => Error::JournalCorrupt {
                path: src.to_path_buf(),
                offset: 0,
                detail: "evidence file does not match its hash".into(),
            },
            e => e,
        })
    }
}
