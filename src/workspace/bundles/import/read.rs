//! Reading a bundle for import, in at most two passes over the file. Pass 1 (stages 2–6,
//! read-only, so a worker thread may do it) collects the ops (packed: bytes, hash and the
//! keys the merge sorts by; the creates also decoded), the embedded instruments
//! and, up to a memory budget, the evidence this store lacks. Pass 2, only when evidence
//! was left out of memory, streams those files into the store after the merge is planned.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::Path;

use crate::bundle::{Layer, Refusal, read_bundle};
use crate::core::bundle::{BlobEntry, Fault, Limits, Sink, Verified};
use crate::core::codec::unhex32;
use crate::core::merge::Packed;
use crate::core::op::{Op, OpBody};
use crate::error::Error;
use crate::storage::{BlobWriter, Store};

/// Evidence held in memory from pass 1, per bundle: beyond this, a second pass reads it.
const BLOB_MEMORY: u64 = 16 << 20;

/// What pass 1 yields: the verified container and its contents.
pub(in super::super) struct ReadStage {
    pub verified: Verified,
    /// The ops, packed (decoded again per group of assessments when merged).
    pub ops: Packed,
    /// The ops that create an assessment, decoded (for the record check, stage 7).
    pub creates: Vec<Op>,
    /// Embedded instrument bytes by manifest index.
    pub instruments: BTreeMap<usize, Vec<u8>>,
    /// Evidence bytes kept in memory, by manifest index.
    pub blobs: BTreeMap<usize, Vec<u8>>,
}

/// Collects what pass 1 reads: ops, embedded instruments, and (up to [`BLOB_MEMORY`]) the
/// evidence this store lacks, each checked against its hash; reports progress. Nothing is
/// written until the bundle has verified and been planned.
struct Collector<'a> {
    ops: Packed,
    creates: Vec<Op>,
    instruments: BTreeMap<usize, Vec<u8>>,
    blobs: BTreeMap<usize, Vec<u8>>,
    blob_budget: u64,
    store: &'a Store,
    total: u64,
    progress: &'a mut dyn FnMut(u64, u64),
}

impl Sink for Collector<'_> {
    fn op(&mut self, _segment: usize, bytes: Vec<u8>, hash: String, op: Op) {
        // The reader hashed the bytes itself: always 64 hex digits.
        let h = unhex32(&hash).unwrap_or_else(|| *blake3::hash(&bytes).as_bytes());
        self.ops.push(&op, bytes, h);
        if matches!(op.body, OpBody::CreateAssessment { .. }) {
            self.creates.push(op);
        }
    }
    fn expect_ops(&mut self, count: u64) {
        // Room for the claimed ops up front (a growing Vec would hold up to twice them),
        // but never more than the file could hold: an op record takes over 64 bytes.
        let n = count.min(self.total / 64);
        self.ops.reserve(usize::try_from(n).unwrap_or(0));
    }
    fn instrument(&mut self, index: usize, bytes: Vec<u8>) {
        self.instruments.insert(index, bytes);
    }
    fn want_blob(&mut self, _index: usize, entry: &BlobEntry) -> bool {
        if entry.size > self.blob_budget || self.store.has_blob(&entry.hash).unwrap_or(true) {
            return false;
        }
        self.blob_budget -= entry.size;
        true
    }
    fn blob(&mut self, index: usize, bytes: Vec<u8>) {
        self.blobs.insert(index, bytes);
    }
    fn progress(&mut self, read: u64) {
        (self.progress)(read.min(self.total), self.total);
    }
}

/// Pass 1: envelope, decryption, container, signatures, content (stages 2–6), read-only.
pub(in super::super) fn read_stage(
    store: &Store,
    inbox: &Path,
    age_id: &age::x25519::Identity,
    size: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> std::result::Result<ReadStage, Refusal> {
    let mut collector = Collector {
        ops: Packed::default(),
        creates: Vec::new(),
        instruments: BTreeMap::new(),
        blobs: BTreeMap::new(),
        blob_budget: BLOB_MEMORY,
        store,
        total: size.max(1),
        progress,
    };
    let (_, verified) = read_bundle(inbox, Some(age_id), &Limits::default(), &mut collector)?;
    Ok(ReadStage {
        verified,
        ops: collector.ops,
        creates: collector.creates,
        instruments: collector.instruments,
        blobs: collector.blobs,
    })
}

/// Pass 2: streams the needed evidence files into the store as they are read (a file is
/// never held whole in memory: chunks go to a temporary file that is put in place only
/// when the section's size and hash matched).
struct BlobSink<'a> {
    store: &'a Store,
    needed: &'a BTreeSet<usize>,
    /// The inbox file hash of the bundle (recorded in the evidence index).
    bundle: &'a str,
    current: Option<BlobWriter<'a>>,
    error: Option<Error>,
}

impl BlobSink<'_> {
    fn fail(&mut self, e: Error) {
        self.current = None;
        if self.error.is_none() {
            self.error = Some(e);
        }
    }
}

impl Sink for BlobSink<'_> {
    fn stream_blob(&mut self, index: usize, entry: &BlobEntry) -> bool {
        if !self.needed.contains(&index) || self.error.is_some() {
            return false;
        }
        match self
            .store
            .blob_writer(&entry.hash, entry.size, Some(self.bundle))
        {
            Ok(w) => {
                self.current = Some(w);
                true
            }
            Err(e) => {
                self.fail(e);
                false
            }
        }
    }
    fn blob_chunk(&mut self, _index: usize, chunk: &[u8]) {
        if let Some(w) = &mut self.current
            && let Err(source) = w.write_all(chunk)
        {
            self.fail(Error::Io {
                context: "write evidence".into(),
                source,
            });
        }
    }
    fn blob_end(&mut self, _index: usize, ok: bool) {
        let Some(w) = self.current.take() else {
            return;
        };
        // A section that did not match is dropped (its temporary file with it); the
        // reader reports the mismatch as the bundle's fault.
        if ok && let Err(e) = w.finish() {
            self.fail(e);
        }
    }
}

/// Pass 2 over the inbox copy: store the evidence files at these manifest indexes,
/// streamed. `Ok` carries the fault when the file no longer reads as it did (a verdict,
/// not a store failure).
pub(super) fn read_evidence(
    store: &Store,
    inbox: &Path,
    bundle: &str,
    age_id: &age::x25519::Identity,
    needed: &BTreeSet<usize>,
) -> crate::error::Result<Option<Refusal>> {
    let mut sink = BlobSink {
        store,
        needed,
        bundle,
        current: None,
        error: None,
    };
    let refusal = match read_bundle(inbox, Some(age_id), &Limits::default(), &mut sink) {
        Ok((_, v)) if v.fault().is_none() => None,
        Ok(_) => Some(Refusal {
            fault: Fault::Damaged("changed".into()),
            layer: Layer::Container,
        }),
        Err(r) => Some(r),
    };
    drop(sink.current.take());
    if let Some(e) = sink.error {
        return Err(e);
    }
    Ok(refusal)
}
