//! Bundle container, format v1: the byte layout, the signed manifest, and a streaming
//! verifier that never allocates more than the hard [`Limits`] allow.
//!
//! Pure: no files, no store. Callers hand in a [`Read`] (a plain file, or the plaintext
//! stream of an age envelope) and a [`Sink`] that receives what was read. See
//! `docs/bundle-format.md` for the byte-by-byte specification.
//!
//! ```text
//! container = magic "TILIKBDL" ‖ u8 major (1) ‖ u8 minor (0) ‖ section* ‖ END
//! section   = u8 kind ‖ u64 LE len ‖ len bytes
//! order     = MANIFEST, MANIFEST_SIG, OPS × segments, BLOB × included blobs,
//!             INSTRUMENT × embedded instruments, END
//! END       = 32 bytes: blake3 of every byte before the END section's kind byte
//! ```
//!
//! Authenticity: the manifest is signed by the exporter (`MANIFEST_SIG`, Ed25519 over
//! `"tilik-bundle-v1-manifest\n" ‖ manifest bytes`); every other section is bound by its
//! blake3 in the manifest. Each op segment is additionally signed by the device that wrote
//! it: ops are hash-chained (`prev`), and the segment carries that device's signature over
//! its chain head (`"tilik-head-v1\n" ‖ device ‖ "\n" ‖ seq ‖ "\n" ‖ op_hash`), so a
//! consolidated store can relay other devices' segments with their original signatures.

use std::io::Read;

use serde::{Deserialize, Serialize};

use super::codec::{is_lower_hex64, unhex, unhex32};
use super::op::{Op, op_hash};

/// First 8 bytes of every plain container.
pub const MAGIC: &[u8; 8] = b"TILIKBDL";
/// Major format version this program reads and writes. Unknown majors are refused.
pub const MAJOR: u8 = 1;
/// Minor format version this program writes. Newer minors of the same major are read
/// (unknown manifest fields and optional sections are ignored).
pub const MINOR: u8 = 0;
/// `format` field of the manifest.
pub const FORMAT: &str = "tilik-bundle";
/// Domain prefix of the manifest signature.
pub const MANIFEST_DOMAIN: &[u8] = b"tilik-bundle-v1-manifest\n";
/// Domain prefix of a segment head signature.
pub const HEAD_DOMAIN: &[u8] = b"tilik-head-v1\n";
/// First bytes of an age v1 file (the encrypted envelope).
pub const AGE_MAGIC: &[u8] = b"age-encryption.org/";

/// Section kinds.
pub mod kind {
    pub const MANIFEST: u8 = 0x01;
    pub const MANIFEST_SIG: u8 = 0x02;
    pub const OPS: u8 = 0x10;
    pub const BLOB: u8 = 0x20;
    pub const INSTRUMENT: u8 = 0x30;
    pub const END: u8 = 0xFF;
    /// Kinds `0x80..=0xFE` are optional: readers that do not know them skip them.
    pub const OPTIONAL_FIRST: u8 = 0x80;
}

/// Hard limits enforced while parsing, so absurd lengths never allocate.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_manifest: u64,
    /// Largest OPS section (it is streamed op by op, never held whole).
    pub max_ops_section: u64,
    /// Largest single op record inside an OPS section.
    pub max_op: u32,
    pub max_blob: u64,
    pub max_instrument: u64,
    /// Largest optional (skipped) section.
    pub max_optional: u64,
    /// Most sections in one container.
    pub max_sections: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_manifest: 64 << 20,
            max_ops_section: 4 << 30,
            max_op: 1 << 20,
            max_blob: 256 << 20,
            max_instrument: 16 << 20,
            max_optional: 16 << 20,
            max_sections: 4_000_000,
        }
    }
}

/// Why a bundle cannot be used. Each has a stable reason code and the pipeline stage
/// (sync-anchors §3.9) that finds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Not a tilik bundle at all.
    NotABundle,
    /// Encrypted to someone else: none of our identities opens it.
    WrongRecipient,
    /// The file ends early.
    Truncated,
    /// Bytes are corrupt (bad end hash, malformed structure, failed decryption).
    Damaged(String),
    /// Written by a newer program (unknown major version).
    UnsupportedVersion { major: u8, minor: u8 },
    /// The manifest signature or a segment head signature does not verify.
    BadSignature(String),
    /// A section does not match its hash or size in the manifest.
    HashMismatch(String),
    /// The ops of a segment do not form a valid chain.
    BadOpChain(String),
}

impl Fault {
    /// Stable reason code (JSON `reason`).
    #[must_use]
    pub fn reason(&self) -> &'static str {
        match self {
            Fault::NotABundle => "not_a_bundle",
            Fault::WrongRecipient => "wrong_recipient",
            Fault::Truncated => "truncated",
            Fault::Damaged(_) => "damaged",
            Fault::UnsupportedVersion { .. } => "unsupported_version",
            Fault::BadSignature(_) => "bad_signature",
            Fault::HashMismatch(_) => "hash_mismatch",
            Fault::BadOpChain(_) => "bad_op_chain",
        }
    }

    /// Pipeline stage (1–8) that detects it.
    #[must_use]
    pub fn stage(&self) -> u8 {
        match self {
            Fault::NotABundle | Fault::WrongRecipient => 2,
            Fault::Truncated | Fault::Damaged(_) => 3,
            Fault::UnsupportedVersion { .. } => 4,
            Fault::BadSignature(_) => 5,
            Fault::HashMismatch(_) | Fault::BadOpChain(_) => 6,
        }
    }

    /// Technical detail for logs (not the user sentence).
    #[must_use]
    pub fn detail(&self) -> String {
        match self {
            Fault::Damaged(d)
            | Fault::BadSignature(d)
            | Fault::HashMismatch(d)
            | Fault::BadOpChain(d) => d.clone(),
            Fault::UnsupportedVersion { major, minor } => format!("v{major}.{minor}"),
            _ => String::new(),
        }
    }
}

// ---- manifest ------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatVersion {
    pub major: u8,
    pub minor: u8,
}

/// Who made the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exporter {
    /// Hex Ed25519 public key (the device id) that signs the manifest.
    pub device: String,
    pub name: String,
    /// `assessor` or `supervisor` as the exporter claims (display only; trust comes from
    /// the importer's roster).
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

/// One op segment: a contiguous run `first_seq..=last_seq` of one device's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentEntry {
    pub device: String,
    pub first_seq: u64,
    pub last_seq: u64,
    pub count: u64,
    /// `prev` of the first op (the hash of `first_seq - 1`); `None` when `first_seq` is 1.
    pub prev: Option<String>,
    /// Hash of the op at `last_seq`.
    pub head_hash: String,
    /// Hex Ed25519 signature of the writing device over [`head_message`].
    pub head_sig: String,
    /// blake3 hex of the OPS section bytes.
    pub section_hash: String,
    pub section_len: u64,
}

/// One evidence file referenced by the bundle's ops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobEntry {
    pub hash: String,
    pub size: u64,
    #[serde(default)]
    pub mime: String,
    #[serde(default)]
    pub name: String,
    /// Carried as a BLOB section (else omitted: "evidence pending" at the importer).
    pub included: bool,
}

/// One instrument version used by the bundle's ops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentEntry {
    pub id: String,
    pub version: String,
    /// blake3 of the canonical definition (= of the INSTRUMENT section bytes).
    pub hash: String,
    pub embedded: bool,
    #[serde(default)]
    pub size: u64,
}

/// A device the exporter knows by name (display only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceEntry {
    pub device: String,
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
}

/// Preview line per assessment, so a supervisor can look before merging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    pub id: String,
    #[serde(default)]
    pub round: u16,
    #[serde(default)]
    pub pemda: String,
    #[serde(default)]
    pub pemda_name: String,
    #[serde(default)]
    pub lokus_name: String,
    #[serde(default)]
    pub instrument: String,
    #[serde(default)]
    pub ops: u64,
    #[serde(default)]
    pub answers: u64,
    #[serde(default)]
    pub conflicts: u64,
    #[serde(default)]
    pub status: String,
}

/// The manifest: the first section, the only one the bundle signature covers directly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: FormatVersion,
    pub bundle_id: String,
    pub created_ms: i64,
    #[serde(default)]
    pub app_version: String,
    pub exporter: Exporter,
    /// age recipients the bundle was encrypted to (empty for a plain bundle).
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Incremental: only ops after this earlier bundle of the exporter.
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub previous_bundles: Vec<String>,
    pub segments: Vec<SegmentEntry>,
    #[serde(default)]
    pub blobs: Vec<BlobEntry>,
    #[serde(default)]
    pub instruments: Vec<InstrumentEntry>,
    #[serde(default)]
    pub devices: Vec<DeviceEntry>,
    #[serde(default)]
    pub summary: Vec<AssessmentSummary>,
}

impl Manifest {
    /// The encoding that is written and signed (compact JSON).
    ///
    /// # Errors
    /// [`Error::Encode`](crate::Error::Encode) if the manifest cannot be encoded (not
    /// expected), so that empty bytes are never signed.
    pub fn encode(&self) -> crate::Result<Vec<u8>> {
        crate::error::to_json(self, "bundle manifest")
    }

    /// Total number of ops in all segments.
    #[must_use]
    pub fn op_count(&self) -> u64 {
        self.segments.iter().map(|s| s.count).sum()
    }
}

/// The message a device signs for a chain head.
#[must_use]
pub fn head_message(device: &str, seq: u64, hash: &str) -> Vec<u8> {
    let mut m = HEAD_DOMAIN.to_vec();
    m.extend_from_slice(device.as_bytes());
    m.push(b'\n');
    m.extend_from_slice(seq.to_string().as_bytes());
    m.push(b'\n');
    m.extend_from_slice(hash.as_bytes());
    m
}

/// The message the exporter signs for a manifest.
#[must_use]
pub fn manifest_message(manifest_bytes: &[u8]) -> Vec<u8> {
    let mut m = MANIFEST_DOMAIN.to_vec();
    m.extend_from_slice(manifest_bytes);
    m
}

/// Decode manifest bytes and run the structural checks a reader applies to them (for
/// the fuzz target and tools): `Ok` with the manifest, or the fault.
///
/// # Errors
/// The fault the container reader would report for these manifest bytes.
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, Fault> {
    let m: Manifest =
        serde_json::from_slice(bytes).map_err(|e| Fault::Damaged(format!("manifest: {e}")))?;
    match check_manifest(&m) {
        Some(f) => Err(f),
        None => Ok(m),
    }
}

/// Strict Ed25519 verification by a hex public key.
#[must_use]
pub fn verify_sig(device_hex: &str, msg: &[u8], sig: &[u8]) -> bool {
    let Some(pk) = unhex32(device_hex) else {
        return false;
    };
    let Ok(vk) = ed25519_dalek::VerifyingKey::from_bytes(&pk) else {
        return false;
    };
    let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
        return false;
    };
    vk.verify_strict(msg, &sig).is_ok()
}

// ---- writing -------------------------------------------------------------------------

/// One record of an OPS section: `u32 LE len ‖ op bytes`.
#[must_use]
pub fn ops_record(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 4);
    out.extend_from_slice(&u32::try_from(bytes.len()).unwrap_or(u32::MAX).to_le_bytes());
    out.extend_from_slice(bytes);
    out
}

/// A whole OPS section from stored op bytes, in sequence order.
#[must_use]
pub fn ops_section<'a>(ops: impl IntoIterator<Item = &'a [u8]>) -> Vec<u8> {
    let mut out = Vec::new();
    for b in ops {
        out.extend_from_slice(&ops_record(b));
    }
    out
}

/// Writes a container, hashing every byte for the END section.
pub struct ContainerWriter<W: std::io::Write> {
    w: W,
    hasher: blake3::Hasher,
    written: u64,
    open: u64,
}

impl<W: std::io::Write> ContainerWriter<W> {
    /// Start a container: magic and version.
    ///
    /// # Errors
    /// Write failure.
    pub fn new(w: W) -> std::io::Result<Self> {
        Self::with_version(w, MAJOR, MINOR)
    }

    /// Start a container with an explicit version (tests of newer formats).
    ///
    /// # Errors
    /// Write failure.
    pub fn with_version(w: W, major: u8, minor: u8) -> std::io::Result<Self> {
        let mut cw = ContainerWriter {
            w,
            hasher: blake3::Hasher::new(),
            written: 0,
            open: 0,
        };
        cw.raw(MAGIC)?;
        cw.raw(&[major, minor])?;
        Ok(cw)
    }

    fn raw(&mut self, b: &[u8]) -> std::io::Result<()> {
        self.w.write_all(b)?;
        self.hasher.update(b);
        self.written += b.len() as u64;
        Ok(())
    }

    /// Begin a section of `len` bytes; follow with [`ContainerWriter::body`] calls.
    ///
    /// # Errors
    /// Write failure, or the previous section was not completed.
    pub fn begin(&mut self, kind: u8, len: u64) -> std::io::Result<()> {
        if self.open != 0 {
            return Err(std::io::Error::other("previous section incomplete"));
        }
        let mut h = [0u8; 9];
        h[0] = kind;
        h[1..].copy_from_slice(&len.to_le_bytes());
        self.raw(&h)?;
        self.open = len;
        Ok(())
    }

    /// Part of the current section's body.
    ///
    /// # Errors
    /// Write failure, or more bytes than the section announced.
    pub fn body(&mut self, b: &[u8]) -> std::io::Result<()> {
        let n = b.len() as u64;
        if n > self.open {
            return Err(std::io::Error::other("section longer than announced"));
        }
        self.open -= n;
        self.raw(b)
    }

    /// A whole section.
    ///
    /// # Errors
    /// Write failure.
    pub fn section(&mut self, kind: u8, bytes: &[u8]) -> std::io::Result<()> {
        self.begin(kind, bytes.len() as u64)?;
        self.body(bytes)
    }

    /// Bytes written so far.
    #[must_use]
    pub fn written(&self) -> u64 {
        self.written
    }

    /// Write END and return the inner writer and the total length.
    ///
    /// # Errors
    /// Write failure, or an incomplete section.
    pub fn finish(mut self) -> std::io::Result<(W, u64)> {
        if self.open != 0 {
            return Err(std::io::Error::other("last section incomplete"));
        }
        let end = *self.hasher.finalize().as_bytes();
        self.begin(kind::END, 32)?;
        self.body(&end)?;
        Ok((self.w, self.written))
    }
}

/// Everything needed to encode a small bundle in memory (tests, fixtures).
pub struct Parts {
    pub manifest: Manifest,
    /// OPS section bytes per segment, in manifest order.
    pub ops: Vec<Vec<u8>>,
    /// Bytes of included blobs, in manifest order.
    pub blobs: Vec<Vec<u8>>,
    /// Bytes of embedded instruments, in manifest order.
    pub instruments: Vec<Vec<u8>>,
}

/// Encode a container in memory, signing the manifest with `sign`.
///
/// # Errors
/// As [`Manifest::encode`].
pub fn encode(parts: &Parts, sign: &dyn Fn(&[u8]) -> [u8; 64]) -> crate::Result<Vec<u8>> {
    let mbytes = parts.manifest.encode()?;
    Ok(encode_raw(
        parts,
        &mbytes,
        &sign(&manifest_message(&mbytes)),
        MAJOR,
        MINOR,
    ))
}

/// Encode with given manifest bytes and signature (to build damaged fixtures).
#[must_use]
pub fn encode_raw(parts: &Parts, manifest: &[u8], sig: &[u8], major: u8, minor: u8) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(mut w) = ContainerWriter::with_version(&mut out, major, minor) {
        let _ = w.section(kind::MANIFEST, manifest);
        let _ = w.section(kind::MANIFEST_SIG, sig);
        for s in &parts.ops {
            let _ = w.section(kind::OPS, s);
        }
        for b in &parts.blobs {
            let _ = w.section(kind::BLOB, b);
        }
        for i in &parts.instruments {
            let _ = w.section(kind::INSTRUMENT, i);
        }
        let _ = w.finish();
    }
    out
}

/// Recompute the END section of an in-memory container (to forge fixtures whose only
/// defect is deeper than the end hash).
#[must_use]
pub fn reseal(container: &[u8]) -> Vec<u8> {
    let body = container.len().saturating_sub(9 + 32);
    let mut out = container[..body].to_vec();
    let h = blake3::hash(&out);
    out.push(kind::END);
    out.extend_from_slice(&32u64.to_le_bytes());
    out.extend_from_slice(h.as_bytes());
    out
}

/// Split an in-memory container into `(kind, body)` sections (no verification; for
/// fixtures and inspection of known-good bytes). `None` when malformed.
#[must_use]
pub fn split_sections(container: &[u8]) -> Option<Vec<(u8, Vec<u8>)>> {
    let mut pos = 10usize;
    let mut out = Vec::new();
    while pos < container.len() {
        let k = *container.get(pos)?;
        let len = u64::from_le_bytes(container.get(pos + 1..pos + 9)?.try_into().ok()?);
        let len = usize::try_from(len).ok()?;
        let body = container.get(pos + 9..pos + 9 + len)?;
        out.push((k, body.to_vec()));
        pos += 9 + len;
    }
    Some(out)
}

// ---- reading -------------------------------------------------------------------------

/// What a reader does with verified content. The reader calls these as it goes; the
/// caller may only use the collected data once [`read_container`] returned a clean
/// [`Verified`] (`Verified::fault()` is `None`).
pub trait Sink {
    /// One op of segment `segment` (manifest index), in sequence order.
    fn op(&mut self, _segment: usize, _bytes: Vec<u8>, _hash: String, _op: Op) {}
    /// Whether to buffer the bytes of included blob `index` (else they are only hashed).
    fn want_blob(&mut self, _index: usize, _entry: &BlobEntry) -> bool {
        false
    }
    /// The bytes of an included blob (only when `want_blob` said yes).
    fn blob(&mut self, _index: usize, _bytes: Vec<u8>) {}
    /// The bytes of an embedded instrument.
    fn instrument(&mut self, _index: usize, _bytes: Vec<u8>) {}
    /// Bytes read so far (progress).
    fn progress(&mut self, _read: u64) {}
}

/// A sink that keeps nothing (verification only).
pub struct Discard;
impl Sink for Discard {}

/// Result of reading a structurally sound container.
#[derive(Debug, Clone)]
pub struct Verified {
    pub major: u8,
    pub minor: u8,
    pub manifest: Manifest,
    pub manifest_bytes: Vec<u8>,
    /// The manifest signature verifies under `manifest.exporter.device`.
    pub signature_ok: bool,
    /// First stage-6 finding (content does not match the manifest), if any.
    pub finding: Option<Fault>,
    /// Container length in bytes.
    pub len: u64,
}

impl Verified {
    /// The fault that decides the verdict (signature before content), if any.
    #[must_use]
    pub fn fault(&self) -> Option<Fault> {
        if self.signature_ok {
            self.finding.clone()
        } else {
            Some(Fault::BadSignature("manifest".into()))
        }
    }
}

struct HashReader<R: Read> {
    r: R,
    hasher: blake3::Hasher,
    read: u64,
}

fn io_fault(e: &std::io::Error) -> Fault {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        Fault::Truncated
    } else {
        Fault::Damaged(e.to_string())
    }
}

impl<R: Read> HashReader<R> {
    fn exact(&mut self, buf: &mut [u8]) -> Result<(), Fault> {
        self.r.read_exact(buf).map_err(|e| io_fault(&e))?;
        self.hasher.update(buf);
        self.read += buf.len() as u64;
        Ok(())
    }

    /// Read `len` bytes into a new vector (len already checked against a limit).
    fn vec(&mut self, len: u64) -> Result<Vec<u8>, Fault> {
        // Grow as data arrives, so a lying length on a short file never allocates it all.
        let mut out = Vec::with_capacity(usize::try_from(len.min(1 << 20)).unwrap_or(0));
        let mut left = len;
        let mut chunk = [0u8; 64 * 1024];
        while left > 0 {
            let n = usize::try_from(left.min(chunk.len() as u64)).unwrap_or(chunk.len());
            self.exact(&mut chunk[..n])?;
            out.extend_from_slice(&chunk[..n]);
            left -= n as u64;
        }
        Ok(out)
    }

    /// Read and hash `len` bytes, feeding them to `f`.
    fn stream(&mut self, len: u64, mut f: impl FnMut(&[u8])) -> Result<(), Fault> {
        let mut left = len;
        let mut chunk = [0u8; 64 * 1024];
        while left > 0 {
            let n = usize::try_from(left.min(chunk.len() as u64)).unwrap_or(chunk.len());
            self.exact(&mut chunk[..n])?;
            f(&chunk[..n]);
            left -= n as u64;
        }
        Ok(())
    }
}

/// What the reader expects next after the manifest and its signature.
#[derive(Debug, Clone, Copy)]
enum Expect {
    Ops(usize),
    Blob(usize),
    Instrument(usize),
    End,
}

/// Check the manifest's own consistency (segment shapes, no overlaps). O(n log n) in the
/// number of entries, so a huge hostile manifest cannot stall the reader.
fn check_manifest(m: &Manifest) -> Option<Fault> {
    if !is_lower_hex64(&m.exporter.device) {
        return Some(Fault::BadOpChain("exporter device".into()));
    }
    let mut ranges: Vec<(&str, u64, u64)> = Vec::with_capacity(m.segments.len());
    for s in &m.segments {
        let shape_ok = is_lower_hex64(&s.device)
            && s.first_seq >= 1
            && s.last_seq >= s.first_seq
            && s.count == s.last_seq - s.first_seq + 1
            && (s.first_seq == 1) == s.prev.is_none()
            && s.prev.as_deref().is_none_or(is_lower_hex64)
            && is_lower_hex64(&s.head_hash);
        if !shape_ok {
            return Some(Fault::BadOpChain(format!(
                "segment {}..{} of {}",
                s.first_seq,
                s.last_seq,
                short(&s.device)
            )));
        }
        ranges.push((s.device.as_str(), s.first_seq, s.last_seq));
    }
    ranges.sort_unstable();
    for w in ranges.windows(2) {
        if w[0].0 == w[1].0 && w[1].1 <= w[0].2 {
            return Some(Fault::BadOpChain(format!(
                "overlapping segments of {}",
                short(w[0].0)
            )));
        }
    }
    for b in &m.blobs {
        if !is_lower_hex64(&b.hash) {
            return Some(Fault::HashMismatch("blob entry".into()));
        }
    }
    None
}

fn short(device: &str) -> &str {
    device.get(..8).unwrap_or(device)
}

/// Read and verify a container from `r`. Stages 3–4 faults (truncated, damaged,
/// unsupported version, not a bundle) are returned as `Err`; stage 5–6 findings are
/// returned inside [`Verified`] after the whole stream (and its END hash) was checked.
///
/// # Errors
/// The first structural fault.
#[allow(clippy::too_many_lines)]
pub fn read_container<R: Read>(
    r: R,
    limits: &Limits,
    sink: &mut dyn Sink,
) -> Result<Verified, Fault> {
    let mut hr = HashReader {
        r,
        hasher: blake3::Hasher::new(),
        read: 0,
    };
    // Magic: a short prefix of it is a truncation, anything else is not ours.
    let mut magic = [0u8; 8];
    let mut got = 0;
    while got < 8 {
        match hr.r.read(&mut magic[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_fault(&e)),
        }
    }
    if magic[..got] != MAGIC[..got] {
        return Err(Fault::NotABundle);
    }
    if got < 8 {
        return Err(Fault::Truncated);
    }
    hr.hasher.update(&magic);
    hr.read = 8;
    let mut ver = [0u8; 2];
    hr.exact(&mut ver)?;
    let (major, minor) = (ver[0], ver[1]);
    if major != MAJOR {
        return Err(Fault::UnsupportedVersion { major, minor });
    }

    let mut sections: u64 = 0;
    let mut header = |hr: &mut HashReader<R>| -> Result<(u8, u64, blake3::Hasher), Fault> {
        sections += 1;
        if sections > limits.max_sections {
            return Err(Fault::Damaged("too many sections".into()));
        }
        let before = hr.hasher.clone();
        let mut h = [0u8; 9];
        hr.exact(&mut h)?;
        let mut len = [0u8; 8];
        len.copy_from_slice(&h[1..]);
        Ok((h[0], u64::from_le_bytes(len), before))
    };

    // MANIFEST
    let (k, len, _) = header(&mut hr)?;
    if k != kind::MANIFEST {
        return Err(Fault::Damaged("first section is not the manifest".into()));
    }
    if len > limits.max_manifest {
        return Err(Fault::Damaged(format!("manifest of {len} bytes")));
    }
    let manifest_bytes = hr.vec(len)?;
    let manifest: Manifest = serde_json::from_slice(&manifest_bytes)
        .map_err(|e| Fault::Damaged(format!("manifest: {e}")))?;
    if manifest.format != FORMAT {
        return Err(Fault::Damaged(format!("format {}", manifest.format)));
    }
    if manifest.format_version.major != major {
        return Err(Fault::Damaged(
            "manifest version differs from container".into(),
        ));
    }
    // MANIFEST_SIG
    let (k, len, _) = header(&mut hr)?;
    if k != kind::MANIFEST_SIG || len != 64 {
        return Err(Fault::Damaged("manifest signature section".into()));
    }
    let sig = hr.vec(64)?;
    let signature_ok = verify_sig(
        &manifest.exporter.device,
        &manifest_message(&manifest_bytes),
        &sig,
    );
    sink.progress(hr.read);

    let mut finding: Option<Fault> = check_manifest(&manifest);
    let note = |finding: &mut Option<Fault>, f: Fault| {
        if finding.is_none() {
            *finding = Some(f);
        }
    };
    let included: Vec<usize> = manifest
        .blobs
        .iter()
        .enumerate()
        .filter(|(_, b)| b.included)
        .map(|(i, _)| i)
        .collect();
    let embedded: Vec<usize> = manifest
        .instruments
        .iter()
        .enumerate()
        .filter(|(_, i)| i.embedded)
        .map(|(i, _)| i)
        .collect();
    let mut plan: Vec<Expect> = Vec::new();
    plan.extend((0..manifest.segments.len()).map(Expect::Ops));
    plan.extend(included.iter().map(|i| Expect::Blob(*i)));
    plan.extend(embedded.iter().map(|i| Expect::Instrument(*i)));
    plan.push(Expect::End);
    let mut next = 0usize;
    // Once the manifest itself is inconsistent, content is only hashed, never handed on.
    let mut deliver = finding.is_none();

    loop {
        let (k, len, before) = header(&mut hr)?;
        if k == kind::END {
            if len != 32 {
                return Err(Fault::Damaged("end section length".into()));
            }
            let mut end = [0u8; 32];
            hr.exact(&mut end)?;
            if end != *before.finalize().as_bytes() {
                return Err(Fault::Damaged("end hash".into()));
            }
            let mut extra = [0u8; 1];
            loop {
                match hr.r.read(&mut extra) {
                    Ok(0) => break,
                    Ok(_) => return Err(Fault::Damaged("bytes after the end section".into())),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(io_fault(&e)),
                }
            }
            if !matches!(plan.get(next), Some(Expect::End)) {
                note(
                    &mut finding,
                    Fault::HashMismatch("sections missing before the end".into()),
                );
            }
            sink.progress(hr.read);
            return Ok(Verified {
                major,
                minor,
                manifest,
                manifest_bytes,
                signature_ok,
                finding,
                len: hr.read,
            });
        }
        if k >= kind::OPTIONAL_FIRST {
            if len > limits.max_optional {
                return Err(Fault::Damaged(format!("optional section of {len} bytes")));
            }
            hr.stream(len, |_| {})?;
            continue;
        }
        let limit = match k {
            kind::OPS => limits.max_ops_section,
            kind::BLOB => limits.max_blob,
            kind::INSTRUMENT => limits.max_instrument,
            kind::MANIFEST | kind::MANIFEST_SIG => limits.max_manifest,
            _ => return Err(Fault::Damaged(format!("unknown section kind {k:#04x}"))),
        };
        if len > limit {
            return Err(Fault::Damaged(format!("section of {len} bytes")));
        }
        let expect = plan.get(next).copied();
        let matches_kind = matches!(
            (expect, k),
            (Some(Expect::Ops(_)), kind::OPS)
                | (Some(Expect::Blob(_)), kind::BLOB)
                | (Some(Expect::Instrument(_)), kind::INSTRUMENT)
        );
        if !matches_kind {
            note(
                &mut finding,
                Fault::HashMismatch(format!("unexpected section {k:#04x}")),
            );
            deliver = false;
            hr.stream(len, |_| {})?;
            continue;
        }
        next += 1;
        match expect {
            Some(Expect::Ops(i)) => {
                let seg = &manifest.segments[i];
                let r = read_ops(&mut hr, len, seg, limits, i, sink, deliver)?;
                if let Some(f) = r {
                    note(&mut finding, f);
                    deliver = false;
                }
            }
            Some(Expect::Blob(i)) => {
                let entry = &manifest.blobs[i];
                let keep = deliver && sink.want_blob(i, entry);
                let mut h = blake3::Hasher::new();
                let mut buf = Vec::new();
                hr.stream(len, |c| {
                    h.update(c);
                    if keep {
                        buf.extend_from_slice(c);
                    }
                })?;
                if len != entry.size || h.finalize().to_hex().as_str() != entry.hash {
                    note(
                        &mut finding,
                        Fault::HashMismatch(format!("blob {}", short(&entry.hash))),
                    );
                    deliver = false;
                } else if keep {
                    sink.blob(i, buf);
                }
            }
            Some(Expect::Instrument(i)) => {
                let entry = &manifest.instruments[i];
                let bytes = hr.vec(len)?;
                if blake3::hash(&bytes).to_hex().as_str() != entry.hash {
                    note(
                        &mut finding,
                        Fault::HashMismatch(format!("instrument {}", entry.id)),
                    );
                    deliver = false;
                } else if deliver {
                    sink.instrument(i, bytes);
                }
            }
            Some(Expect::End) | None => {}
        }
        sink.progress(hr.read);
    }
}

/// Read one OPS section of `len` bytes for `seg`. Returns a stage-6 finding, or `Err` for
/// a structural fault (truncation).
fn read_ops<R: Read>(
    hr: &mut HashReader<R>,
    len: u64,
    seg: &SegmentEntry,
    limits: &Limits,
    index: usize,
    sink: &mut dyn Sink,
    deliver: bool,
) -> Result<Option<Fault>, Fault> {
    let mut sh = blake3::Hasher::new();
    let mut left = len;
    let mut expect_seq = seg.first_seq;
    let mut prev = seg.prev.clone();
    let mut finding: Option<Fault> = None;
    let who = short(&seg.device).to_string();
    if len != seg.section_len {
        finding = Some(Fault::HashMismatch(format!("ops section of {who}")));
    }
    while left > 0 {
        if left < 4 || finding.is_some() {
            // Malformed framing, or already condemned: hash the rest and move on.
            hr.stream(left, |c| {
                sh.update(c);
            })?;
            if finding.is_none() {
                finding = Some(Fault::BadOpChain(format!("ops framing of {who}")));
            }
            break;
        }
        let mut lb = [0u8; 4];
        hr.exact(&mut lb)?;
        sh.update(&lb);
        left -= 4;
        let n = u32::from_le_bytes(lb);
        if n > limits.max_op || u64::from(n) > left {
            finding = Some(Fault::BadOpChain(format!(
                "op record of {n} bytes in {who}"
            )));
            continue;
        }
        let bytes = hr.vec(u64::from(n))?;
        sh.update(&bytes);
        left -= u64::from(n);
        let hash = op_hash(&bytes);
        let op = match Op::decode(&bytes) {
            Ok(op) => op,
            Err(e) => {
                finding = Some(Fault::BadOpChain(format!("op of {who}: {e}")));
                continue;
            }
        };
        if op.device != seg.device || op.seq != expect_seq || op.prev != prev {
            finding = Some(Fault::BadOpChain(format!(
                "op {} of {who} does not continue the chain",
                op.seq
            )));
            continue;
        }
        if expect_seq > seg.last_seq {
            finding = Some(Fault::BadOpChain(format!("more ops than listed for {who}")));
            continue;
        }
        expect_seq += 1;
        prev = Some(hash.clone());
        if deliver {
            sink.op(index, bytes, hash, op);
        }
    }
    if finding.is_none() && sh.finalize().to_hex().as_str() != seg.section_hash {
        finding = Some(Fault::HashMismatch(format!("ops section of {who}")));
    }
    if finding.is_none() && expect_seq != seg.last_seq + 1 {
        finding = Some(Fault::BadOpChain(format!(
            "ops missing in segment of {who}"
        )));
    }
    if finding.is_none() && prev.as_deref() != Some(seg.head_hash.as_str()) {
        finding = Some(Fault::BadOpChain(format!("head of {who}")));
    }
    if finding.is_none() {
        let sig = unhex(&seg.head_sig).unwrap_or_default();
        if !verify_sig(
            &seg.device,
            &head_message(&seg.device, seg.last_seq, &seg.head_hash),
            &sig,
        ) {
            finding = Some(Fault::BadSignature(format!("segment head of {who}")));
        }
    }
    Ok(finding)
}

/// Parse and verify arbitrary bytes as a plain container (the fuzz entry point). Never
/// panics; memory is bounded by [`Limits`].
pub fn fuzz_container(data: &[u8]) {
    let limits = Limits {
        max_manifest: 1 << 20,
        max_ops_section: 1 << 22,
        max_op: 1 << 16,
        max_blob: 1 << 20,
        max_instrument: 1 << 20,
        max_optional: 1 << 20,
        max_sections: 10_000,
    };
    let _ = read_container(data, &limits, &mut Discard);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::op::{OP_VERSION, OpBody, Status};
    use ed25519_dalek::{Signer, SigningKey};

    fn key(b: u8) -> (SigningKey, String) {
        let sk = SigningKey::from_bytes(&[b; 32]);
        let dev = crate::codec::hex(sk.verifying_key().as_bytes());
        (sk, dev)
    }

    fn chain(dev: &str, n: u64) -> Vec<(Vec<u8>, String)> {
        let mut out: Vec<(Vec<u8>, String)> = Vec::new();
        for seq in 1..=n {
            let op = Op {
                v: OP_VERSION,
                device: dev.to_string(),
                seq,
                prev: out.last().map(|(_, h)| h.clone()),
                hlc: seq,
                wall_ms: 1_700_000_000_000,
                undo_of: None,
                body: OpBody::SetStatus {
                    assessment: "a".into(),
                    status: Status::Draft,
                },
            };
            let b = op.encode().expect("encode");
            let h = op_hash(&b);
            out.push((b, h));
        }
        out
    }

    fn sample() -> (Vec<u8>, SigningKey) {
        let (sk, dev) = key(7);
        let ops = chain(&dev, 3);
        let section = ops_section(ops.iter().map(|(b, _)| b.as_slice()));
        let head = ops.last().map(|(_, h)| h.clone()).unwrap_or_default();
        let head_sig = sk.sign(&head_message(&dev, 3, &head)).to_bytes();
        let manifest = Manifest {
            format: FORMAT.into(),
            format_version: FormatVersion {
                major: MAJOR,
                minor: MINOR,
            },
            bundle_id: "b".into(),
            created_ms: 0,
            app_version: "t".into(),
            exporter: Exporter {
                device: dev.clone(),
                name: "R".into(),
                role: "assessor".into(),
                office: None,
            },
            recipients: vec![],
            since: None,
            previous_bundles: vec![],
            segments: vec![SegmentEntry {
                device: dev.clone(),
                first_seq: 1,
                last_seq: 3,
                count: 3,
                prev: None,
                head_hash: head,
                head_sig: crate::codec::hex(&head_sig),
                section_hash: blake3::hash(&section).to_hex().to_string(),
                section_len: section.len() as u64,
            }],
            blobs: vec![],
            instruments: vec![],
            devices: vec![],
            summary: vec![],
        };
        let parts = Parts {
            manifest,
            ops: vec![section],
            blobs: vec![],
            instruments: vec![],
        };
        let sk2 = sk.clone();
        (
            encode(&parts, &move |m| sk2.sign(m).to_bytes()).expect("encode"),
            sk,
        )
    }

    struct Collect(Vec<u64>);
    impl Sink for Collect {
        fn op(&mut self, _: usize, _: Vec<u8>, _: String, op: Op) {
            self.0.push(op.seq);
        }
    }

    #[test]
    fn round_trip_verifies() {
        let (b, _) = sample();
        let mut c = Collect(vec![]);
        let v = read_container(b.as_slice(), &Limits::default(), &mut c).expect("reads");
        assert!(v.signature_ok);
        assert_eq!(v.fault(), None);
        assert_eq!(c.0, vec![1, 2, 3]);
        assert_eq!(v.len, b.len() as u64);
    }

    #[test]
    fn every_truncation_is_truncated() {
        let (b, _) = sample();
        for cut in 0..b.len() {
            let r = read_container(&b[..cut], &Limits::default(), &mut Discard);
            assert_eq!(r.err(), Some(Fault::Truncated), "cut at {cut}");
        }
    }

    #[test]
    fn every_bit_flip_is_refused() {
        let (b, _) = sample();
        for i in 0..b.len() {
            for bit in 0..8 {
                let mut x = b.clone();
                x[i] ^= 1 << bit;
                let r = read_container(x.as_slice(), &Limits::default(), &mut Discard);
                let refused = match r {
                    Err(_) => true,
                    Ok(v) => v.fault().is_some(),
                };
                assert!(refused, "flip at {i}:{bit} accepted");
            }
        }
    }

    #[test]
    fn absurd_lengths_do_not_allocate() {
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&[1, 0, kind::MANIFEST]);
        b.extend_from_slice(&u64::MAX.to_le_bytes());
        assert!(matches!(
            read_container(b.as_slice(), &Limits::default(), &mut Discard),
            Err(Fault::Damaged(_))
        ));
        // A length within limits but beyond the data: truncated, without allocating it.
        let mut b = MAGIC.to_vec();
        b.extend_from_slice(&[1, 0, kind::MANIFEST]);
        b.extend_from_slice(&(60u64 << 20).to_le_bytes());
        b.extend_from_slice(b"{}");
        assert_eq!(
            read_container(b.as_slice(), &Limits::default(), &mut Discard).err(),
            Some(Fault::Truncated)
        );
    }

    #[test]
    fn newer_major_is_unsupported_and_foreign_bytes_are_not_a_bundle() {
        let (mut b, _) = sample();
        b[8] = 2;
        assert_eq!(
            read_container(b.as_slice(), &Limits::default(), &mut Discard).err(),
            Some(Fault::UnsupportedVersion { major: 2, minor: 0 })
        );
        assert_eq!(
            read_container(&b"PK\x03\x04hello"[..], &Limits::default(), &mut Discard).err(),
            Some(Fault::NotABundle)
        );
    }

    #[test]
    fn resealed_edit_is_a_signature_or_chain_fault() {
        let (b, _) = sample();
        let secs = split_sections(&b).expect("sections");
        // Change the manifest's app_version and reseal: the signature no longer matches.
        let m = String::from_utf8(secs[0].1.clone())
            .expect("utf8")
            .replace("\"t\"", "\"u\"");
        let mut forged = b[..10].to_vec();
        let mut w = ContainerWriter::new(Vec::new()).expect("w");
        w.section(kind::MANIFEST, m.as_bytes()).expect("s");
        for (k, body) in &secs[1..secs.len() - 1] {
            w.section(*k, body).expect("s");
        }
        let (out, _) = w.finish().expect("f");
        forged.clear();
        forged.extend(out);
        let v = read_container(forged.as_slice(), &Limits::default(), &mut Discard).expect("ok");
        assert_eq!(v.fault().map(|f| f.reason()), Some("bad_signature"));
    }

    #[test]
    fn huge_manifests_are_checked_in_n_log_n() {
        let (_, dev) = key(3);
        let seg = |i: u64| SegmentEntry {
            device: dev.clone(),
            first_seq: 2 * i + 2,
            last_seq: 2 * i + 2,
            count: 1,
            prev: Some("a".repeat(64)),
            head_hash: "b".repeat(64),
            head_sig: String::new(),
            section_hash: String::new(),
            section_len: 0,
        };
        let mut m: Manifest =
            serde_json::from_slice(&split_sections(&sample().0).expect("s")[0].1).expect("m");
        m.segments = (0..200_000).map(seg).collect();
        let t = std::time::Instant::now();
        assert_eq!(check_manifest(&m), None);
        m.segments.push(seg(7));
        assert!(matches!(check_manifest(&m), Some(Fault::BadOpChain(_))));
        assert!(t.elapsed().as_secs() < 10);
    }

    #[test]
    fn fuzz_entry_never_panics_on_samples() {
        let (b, _) = sample();
        fuzz_container(&b);
        fuzz_container(&[]);
        fuzz_container(&b[..20]);
    }
}
