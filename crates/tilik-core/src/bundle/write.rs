//! Writing containers: section framing with the running END hash, OPS records, and the
//! in-memory encoders (and section splitter) that tests and fixtures build bundles with.

use super::{MAGIC, MAJOR, MINOR, Manifest, kind, manifest_message};

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
