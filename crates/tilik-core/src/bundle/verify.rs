//! The streaming verifier: reads a container section by section within the hard
//! [`Limits`], checks every hash, op chain and signature, and hands content to a [`Sink`]
//! as it goes, so a bundle of any size is verified without holding it in memory.

use std::io::Read;

use super::manifest::{check_manifest, decode_manifest};
use super::{
    BlobEntry, Fault, Limits, MAGIC, MAJOR, Manifest, SegmentEntry, head_message, kind,
    manifest_message, short, verify_sig,
};
use crate::codec::unhex;
use crate::op::{OP_VERSION, Op, op_hash};

/// What a reader does with verified content. The reader calls these as it goes; the
/// caller may only use the collected data once [`read_container`] returned a clean
/// [`Verified`] (`Verified::fault()` is `None`).
pub trait Sink {
    /// One op of segment `segment` (manifest index), in sequence order.
    fn op(&mut self, _segment: usize, _bytes: Vec<u8>, _hash: String, _op: Op) {}
    /// How many ops the manifest says its segments hold (a claim, called once before
    /// the first op; a sink may reserve room for them, bounded by what it can afford).
    fn expect_ops(&mut self, _count: u64) {}
    /// Whether to buffer the bytes of included blob `index` (else they are only hashed).
    fn want_blob(&mut self, _index: usize, _entry: &BlobEntry) -> bool {
        false
    }
    /// The bytes of an included blob (only when `want_blob` said yes).
    fn blob(&mut self, _index: usize, _bytes: Vec<u8>) {}
    /// Whether to receive included blob `index` chunk by chunk as it is read (never held
    /// whole): [`Sink::blob_chunk`] for each chunk, then [`Sink::blob_end`]. Asked before
    /// [`Sink::want_blob`]; a streamed blob is not also buffered.
    fn stream_blob(&mut self, _index: usize, _entry: &BlobEntry) -> bool {
        false
    }
    /// The next chunk of a streamed blob (not yet checked: see [`Sink::blob_end`]).
    fn blob_chunk(&mut self, _index: usize, _chunk: &[u8]) {}
    /// A streamed blob ended; `ok` says whether its size and hash matched the manifest
    /// (when not, the chunks must be thrown away).
    fn blob_end(&mut self, _index: usize, _ok: bool) {}
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
        self.stream(len, |c| out.extend_from_slice(c))?;
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
    let decoded = decode_manifest(&manifest_bytes, Some(major));
    // MANIFEST_SIG
    let (k, len, _) = header(&mut hr)?;
    if k != kind::MANIFEST_SIG || len != 64 {
        return Err(Fault::Damaged("manifest signature section".into()));
    }
    let sig = hr.vec(64)?;
    let manifest = match decoded {
        Ok(m) => m,
        Err(bad) => {
            // A manifest that breaks the format is only reported once the END hash shows
            // the bytes are the ones written: damage stays `damaged`.
            loop {
                let (k, len, before) = header(&mut hr)?;
                if k == kind::END {
                    end_section(&mut hr, len, before)?;
                    return Err(bad);
                }
                let limit = section_limit(k, limits)?;
                if len > limit {
                    return Err(Fault::Damaged(format!("section of {len} bytes")));
                }
                hr.stream(len, |_| {})?;
            }
        }
    };
    let signature_ok = verify_sig(
        &manifest.exporter.device,
        &manifest_message(&manifest_bytes),
        &sig,
    );
    sink.progress(hr.read);

    let mut finding: Option<Fault> = check_manifest(&manifest);
    sink.expect_ops(
        manifest
            .segments
            .iter()
            .fold(0u64, |n, s| n.saturating_add(s.count)),
    );
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
            end_section(&mut hr, len, before)?;
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
        let limit = section_limit(k, limits)?;
        if len > limit {
            return Err(Fault::Damaged(format!("section of {len} bytes")));
        }
        if k >= kind::OPTIONAL_FIRST {
            hr.stream(len, |_| {})?;
            continue;
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
                let streamed = deliver && sink.stream_blob(i, entry);
                let keep = deliver && !streamed && sink.want_blob(i, entry);
                let mut h = blake3::Hasher::new();
                let mut buf = Vec::new();
                hr.stream(len, |c| {
                    h.update(c);
                    if keep {
                        buf.extend_from_slice(c);
                    } else if streamed {
                        sink.blob_chunk(i, c);
                    }
                })?;
                let ok = len == entry.size && h.finalize().to_hex().as_str() == entry.hash;
                if streamed {
                    sink.blob_end(i, ok);
                }
                if !ok {
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

/// The END section after its header: 32 bytes equal to the blake3 of everything before
/// the header (`before`), then nothing more.
fn end_section<R: Read>(
    hr: &mut HashReader<R>,
    len: u64,
    before: blake3::Hasher,
) -> Result<(), Fault> {
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
            Ok(0) => return Ok(()),
            Ok(_) => return Err(Fault::Damaged("bytes after the end section".into())),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io_fault(&e)),
        }
    }
}

/// The largest body a section of kind `k` may have (END excepted); an unknown kind (not
/// optional) is damage.
fn section_limit(k: u8, limits: &Limits) -> Result<u64, Fault> {
    Ok(match k {
        kind::OPS => limits.max_ops_section,
        kind::BLOB => limits.max_blob,
        kind::INSTRUMENT => limits.max_instrument,
        kind::MANIFEST | kind::MANIFEST_SIG => limits.max_manifest,
        k if k >= kind::OPTIONAL_FIRST => limits.max_optional,
        _ => return Err(Fault::Damaged(format!("unknown section kind {k:#04x}"))),
    })
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
        let op = match super::strict::decode::<Op>(&bytes) {
            Ok(op) if op.v == OP_VERSION => op,
            Ok(op) => {
                finding = Some(Fault::BadOpChain(format!("op schema v{} of {who}", op.v)));
                continue;
            }
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
    use crate::bundle::fixtures::sample;
    use crate::bundle::{ContainerWriter, split_sections};

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
    fn fuzz_entry_never_panics_on_samples() {
        let (b, _) = sample();
        fuzz_container(&b);
        fuzz_container(&[]);
        fuzz_container(&b[..20]);
    }
}
