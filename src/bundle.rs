//! Bundle files: the age envelope (encrypted to one or more recipients) around the plain
//! container of [`crate::core::bundle`], the write-to-temp-fsync-rename export, the
//! inbox copy every import keeps, and the short bundle code read over the phone.

use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use age::secrecy::ExposeSecret;

use crate::core::bundle::{AGE_MAGIC, Fault, MAGIC};
use crate::core::codec::base32;
use crate::error::{Error, Result};
use crate::fsio::sync_dir;

/// File extension of a plain bundle.
pub const EXT_PLAIN: &str = "tilik";
/// File extension of an encrypted bundle.
pub const EXT_AGE: &str = "tilik.age";

/// How a file is wrapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Envelope {
    /// The container itself, signed but readable by anyone.
    Plain,
    /// age-encrypted; `stanzas` recipient stanzas in its header.
    Age { stanzas: usize },
}

impl Envelope {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Envelope::Plain => "plain",
            Envelope::Age { .. } => "age",
        }
    }
}

/// The largest file `import` and `sync` take (4 GiB, the largest OPS section, plus the
/// manifest and margin for evidence): checked before anything is copied into the inbox.
pub const MAX_BUNDLE_FILE: u64 = (4 << 30) + (256 << 20);

/// What a path given to `import` is when it is not a regular file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Directory,
    Fifo,
    Device,
    Socket,
    Other,
}

/// Why an import source is refused before a byte of it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceProblem {
    /// A FIFO, device, socket or folder (or a link to one): `not_a_file`.
    NotAFile(FileKind),
    /// Larger than [`MAX_BUNDLE_FILE`]: `too_large`.
    TooLarge { size: u64, limit: u64 },
}

fn kind_of(ft: std::fs::FileType) -> FileKind {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return FileKind::Fifo;
        }
        if ft.is_char_device() || ft.is_block_device() {
            return FileKind::Device;
        }
        if ft.is_socket() {
            return FileKind::Socket;
        }
    }
    if ft.is_dir() {
        FileKind::Directory
    } else {
        FileKind::Other
    }
}

/// Open an import source without ever blocking: non-blocking (a FIFO opens at once
/// instead of waiting for a writer), links followed, then the metadata *of the opened
/// file* decides: only a regular file of at most `limit` bytes is returned, with its size.
///
/// # Errors
/// The file cannot be opened or its metadata read.
pub fn open_source(
    path: &Path,
    limit: u64,
) -> Result<std::result::Result<(File, u64), SourceProblem>> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let f = opts.open(path).map_err(|source| Error::Io {
        context: format!("read {}", path.display()),
        source,
    })?;
    let meta = f.metadata().map_err(|source| Error::Io {
        context: format!("read {}", path.display()),
        source,
    })?;
    if !meta.file_type().is_file() {
        return Ok(Err(SourceProblem::NotAFile(kind_of(meta.file_type()))));
    }
    if meta.len() > limit {
        return Ok(Err(SourceProblem::TooLarge {
            size: meta.len(),
            limit,
        }));
    }
    Ok(Ok((f, meta.len())))
}

/// The layer of a bundle file a fault was found in, which decides the stage that
/// reports it (`docs/bundle-format.md` §6): the first bytes and the age header (stage 2),
/// the age payload (stage 3), the container (stage 4; its manifest signature and content,
/// stages 5 and 6, are reported from the [`Verified`](crate::core::bundle::Verified)
/// result, not as a refusal).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Envelope,
    Payload,
    Container,
}

/// A bundle file that cannot be read through: the fault and where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub fault: Fault,
    pub layer: Layer,
}

impl Refusal {
    fn at(layer: Layer) -> impl Fn(Fault) -> Refusal {
        move |fault| Refusal { fault, layer }
    }
}

/// Look at the first bytes of a file: plain, age, or neither.
///
/// # Errors
/// `Fault::NotABundle` / `Fault::Truncated` (a prefix of a known magic), or an
/// unreadable file (as `Fault::Damaged`).
pub fn sniff(path: &Path) -> std::result::Result<Envelope, Fault> {
    sniff_file(path).map_err(|r| r.fault)
}

fn sniff_file(path: &Path) -> std::result::Result<Envelope, Refusal> {
    let unreadable = |e: std::io::Error| Refusal {
        fault: Fault::Damaged(e.to_string()),
        layer: Layer::Envelope,
    };
    let mut f = File::open(path).map_err(unreadable)?;
    let mut head = Vec::with_capacity(64 * 1024);
    (&mut f)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(unreadable)?;
    sniff_head(&head)
}

/// [`sniff`] on the first bytes (up to 64 KiB) of a file.
///
/// # Errors
/// As [`sniff`].
pub fn sniff_bytes(head: &[u8]) -> std::result::Result<Envelope, Fault> {
    sniff_head(head).map_err(|r| r.fault)
}

/// The envelope of a file by its first bytes (§1.1): `TILIKBDL` is plain, the prefix
/// `age-encryption.org/` is age (its header is read by the age v1 rules later), anything
/// else is not a bundle. A file that is a strict prefix of `TILIKBDL` (the empty file
/// too) is a truncated container (stage 4); a strict prefix of the age prefix, or an age
/// header without its complete MAC line (`--- ` … newline), is a truncated envelope
/// (stage 2).
fn sniff_head(head: &[u8]) -> std::result::Result<Envelope, Refusal> {
    let prefix_of = |magic: &[u8]| head.len() < magic.len() && magic.starts_with(head);
    let envelope = Refusal::at(Layer::Envelope);
    if head.starts_with(MAGIC) {
        return Ok(Envelope::Plain);
    }
    if head.starts_with(AGE_MAGIC) {
        let text = String::from_utf8_lossy(head);
        let Some(end) = text.find("\n--- ") else {
            return Err(envelope(Fault::Truncated));
        };
        if !text[end + 5..].contains('\n') {
            return Err(envelope(Fault::Truncated));
        }
        // Count X25519 recipient stanzas (age adds a random "grease" stanza too).
        let stanzas = text[..end]
            .lines()
            .filter(|l| l.starts_with("-> X25519 "))
            .count();
        return Ok(Envelope::Age { stanzas });
    }
    if head.is_empty() || prefix_of(MAGIC) {
        return Err(Refusal::at(Layer::Container)(Fault::Truncated));
    }
    if prefix_of(AGE_MAGIC) {
        return Err(envelope(Fault::Truncated));
    }
    Err(envelope(Fault::NotABundle))
}

fn age_fault(e: &age::DecryptError) -> Fault {
    match e {
        age::DecryptError::NoMatchingKeys => Fault::WrongRecipient,
        age::DecryptError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            Fault::Truncated
        }
        other => Fault::Damaged(other.to_string()),
    }
}

/// The age header (and nonce) of `r` read, and the file key unwrapped by `identity`: the
/// payload stream (stage 2 faults).
fn age_stream<R: std::io::BufRead>(
    r: R,
    identity: Option<&age::x25519::Identity>,
) -> std::result::Result<age::stream::StreamReader<R>, Fault> {
    let d = age::Decryptor::new_buffered(r).map_err(|e| age_fault(&e))?;
    let Some(id) = identity else {
        return Err(Fault::WrongRecipient);
    };
    d.decrypt(std::iter::once(id as &dyn age::Identity))
        .map_err(|e| age_fault(&e))
}

/// Open the plaintext container stream of a bundle file.
///
/// # Errors
/// The envelope's fault: not ours, wrong recipient, truncated or damaged.
pub fn open_container(
    path: &Path,
    identity: Option<&age::x25519::Identity>,
) -> std::result::Result<(Envelope, Box<dyn Read>), Fault> {
    open_file(path, identity, None).map_err(|r| r.fault)
}

/// A reader that notes whether the stream under it (the age payload) failed, so that a
/// fault found while reading the container can be put in the payload's stage.
struct Watched<R> {
    inner: R,
    failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let r = self.inner.read(buf);
        if r.as_ref()
            .is_err_and(|e| e.kind() != std::io::ErrorKind::Interrupted)
        {
            self.failed
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        r
    }
}

type Flag = std::sync::Arc<std::sync::atomic::AtomicBool>;

fn open_file(
    path: &Path,
    identity: Option<&age::x25519::Identity>,
    watch: Option<&Flag>,
) -> std::result::Result<(Envelope, Box<dyn Read>), Refusal> {
    let env = sniff_file(path)?;
    let f = File::open(path).map_err(|e| Refusal {
        fault: Fault::Damaged(e.to_string()),
        layer: Layer::Envelope,
    })?;
    let r = BufReader::with_capacity(256 * 1024, f);
    match env {
        Envelope::Plain => Ok((env, Box::new(r))),
        Envelope::Age { .. } => {
            let stream = age_stream(r, identity).map_err(Refusal::at(Layer::Envelope))?;
            let watched = Watched {
                inner: stream,
                failed: watch.cloned().unwrap_or_default(),
            };
            Ok((env, Box::new(BufReader::with_capacity(256 * 1024, watched))))
        }
    }
}

/// Read and verify a bundle file: envelope, age payload and container (stages 2–4 as a
/// [`Refusal`]; the manifest signature and content findings are in the result).
///
/// # Errors
/// The first fault, with the layer it was found in.
pub fn read_bundle(
    path: &Path,
    identity: Option<&age::x25519::Identity>,
    limits: &crate::core::bundle::Limits,
    sink: &mut dyn crate::core::bundle::Sink,
) -> std::result::Result<(Envelope, crate::core::bundle::Verified), Refusal> {
    let failed = Flag::default();
    let (env, reader) = open_file(path, identity, Some(&failed))?;
    crate::core::bundle::read_container(reader, limits, sink)
        .map(|v| (env, v))
        .map_err(|fault| {
            let layer = if failed.load(std::sync::atomic::Ordering::Relaxed) {
                Layer::Payload
            } else {
                Layer::Container
            };
            Refusal { fault, layer }
        })
}

/// Verify an in-memory bundle (plain or age) without a store: stages 2–6. The caller
/// still decides trust. Used by tests, the fuzz corpus replay and tools.
///
/// # Errors
/// The first structural fault (see [`crate::core::bundle::read_container`]).
pub fn verify_bytes(
    bytes: &[u8],
    identity: Option<&age::x25519::Identity>,
    sink: &mut dyn crate::core::bundle::Sink,
) -> std::result::Result<crate::core::bundle::Verified, Fault> {
    let limits = crate::core::bundle::Limits::default();
    match sniff_bytes(&bytes[..bytes.len().min(64 * 1024)])? {
        Envelope::Plain => crate::core::bundle::read_container(bytes, &limits, sink),
        Envelope::Age { .. } => {
            let stream = age_stream(bytes, identity)?;
            crate::core::bundle::read_container(BufReader::new(stream), &limits, sink)
        }
    }
}

/// Encrypt bytes to age recipients in memory (tests and tools).
///
/// # Errors
/// Encryption failure.
pub fn encrypt_bytes(plain: &[u8], recipients: &[age::x25519::Recipient]) -> Result<Vec<u8>> {
    let enc = age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| Error::Io {
            context: "encrypt".into(),
            source: std::io::Error::other(e.to_string()),
        })?;
    let mut out = Vec::new();
    let mut w = enc.wrap_output(&mut out).map_err(io("encrypt"))?;
    w.write_all(plain).map_err(io("encrypt"))?;
    w.finish().map_err(io("encrypt"))?;
    Ok(out)
}

/// A new age identity (X25519).
#[must_use]
pub fn new_age_identity() -> age::x25519::Identity {
    age::x25519::Identity::generate()
}

/// The secret string of an age identity (`AGE-SECRET-KEY-1…`), to store.
#[must_use]
pub fn age_secret(id: &age::x25519::Identity) -> String {
    id.to_string().expose_secret().to_string()
}

/// Parse a stored age identity.
#[must_use]
pub fn parse_age_identity(s: &str) -> Option<age::x25519::Identity> {
    s.parse().ok()
}

/// Parse an age recipient (`age1…`).
///
/// # Errors
/// `BadRecipient`.
pub fn parse_recipient(s: &str) -> Result<age::x25519::Recipient> {
    s.trim()
        .parse()
        .map_err(|_| Error::BadRecipient(s.to_string()))
}

/// blake3 of a whole file, streamed.
///
/// # Errors
/// Read failure.
pub fn file_hash(path: &Path) -> Result<(String, u64)> {
    let f = File::open(path).map_err(|source| Error::Io {
        context: format!("read {}", path.display()),
        source,
    })?;
    hash_stream(f, path)
}

/// blake3 and length of everything `r` reads (`path` names it in an error).
fn hash_stream(mut r: impl Read, path: &Path) -> Result<(String, u64)> {
    let mut h = blake3::Hasher::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut n = 0u64;
    loop {
        let k = r.read(&mut buf).map_err(|source| Error::Io {
            context: format!("read {}", path.display()),
            source,
        })?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    Ok((h.finalize().to_hex().to_string(), n))
}

/// The short code of a bundle file hash, read over the phone: `ABCD-EFGH`.
#[must_use]
pub fn bundle_code(file_hash_hex: &str) -> String {
    let bytes = crate::core::codec::unhex(file_hash_hex).unwrap_or_default();
    let s = base32(bytes.get(..5).unwrap_or(&bytes)).to_uppercase();
    format!("{}-{}", &s[..4.min(s.len())], s.get(4..8).unwrap_or(""))
}

/// Counts and hashes everything written through it.
pub struct HashWriter<W: Write> {
    pub inner: W,
    pub hasher: blake3::Hasher,
    pub written: u64,
}

impl<W: Write> HashWriter<W> {
    pub fn new(inner: W) -> Self {
        HashWriter {
            inner,
            hasher: blake3::Hasher::new(),
            written: 0,
        }
    }
}

impl<W: Write> Write for HashWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.written += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// The sink an export writes its container into: a temp file, optionally age-encrypted.
pub enum Out {
    Plain(HashWriter<BufWriter<File>>),
    Age(age::stream::StreamWriter<HashWriter<BufWriter<File>>>),
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Out::Plain(w) => w.write(buf),
            Out::Age(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Out::Plain(w) => w.flush(),
            Out::Age(w) => w.flush(),
        }
    }
}

fn io(context: &str) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        context: context.to_string(),
        source,
    }
}

impl Out {
    /// Create the temp file and its (optional) encryption layer.
    ///
    /// # Errors
    /// File creation or encryption setup failure.
    pub fn create(tmp: &Path, recipients: &[age::x25519::Recipient]) -> Result<Out> {
        let f = File::create(tmp).map_err(io("create bundle file"))?;
        let hw = HashWriter::new(BufWriter::with_capacity(256 * 1024, f));
        if recipients.is_empty() {
            return Ok(Out::Plain(hw));
        }
        let enc =
            age::Encryptor::with_recipients(recipients.iter().map(|r| r as &dyn age::Recipient))
                .map_err(|e| Error::Io {
                    context: "encrypt".into(),
                    source: std::io::Error::other(e.to_string()),
                })?;
        Ok(Out::Age(enc.wrap_output(hw).map_err(io("encrypt"))?))
    }

    /// Finish encryption, flush and fsync the file. Returns (file hash, length).
    ///
    /// # Errors
    /// Write or fsync failure.
    pub fn finish(self) -> Result<(String, u64)> {
        let hw = match self {
            Out::Plain(w) => w,
            Out::Age(w) => w.finish().map_err(io("encrypt"))?,
        };
        let HashWriter {
            inner,
            hasher,
            written,
        } = hw;
        let f = inner
            .into_inner()
            .map_err(|e| io("write bundle")(e.into_error()))?;
        f.sync_all().map_err(io("fsync bundle"))?;
        Ok((hasher.finalize().to_hex().to_string(), written))
    }
}

/// Copy `src` into `inbox/` under its blake3 name (if not there yet). With `durable`, the
/// copy and its folder entry are fsynced before returning; without, the caller makes them
/// durable when it matters (a quarantined bundle is retried from this copy) or at the end
/// of a batch. Returns (inbox path, hash, size).
///
/// # Errors
/// Read or write failure.
pub fn keep_in_inbox(
    inbox: &Path,
    src: &Path,
    durable: bool,
) -> Result<std::result::Result<(PathBuf, String, u64), SourceProblem>> {
    let (first, _) = match open_source(src, MAX_BUNDLE_FILE)? {
        Ok(x) => x,
        Err(p) => return Ok(Err(p)),
    };
    std::fs::create_dir_all(inbox).map_err(io("create inbox"))?;
    let (hash, size) = hash_reader(first, MAX_BUNDLE_FILE, src)?;
    let ext = if src.to_string_lossy().ends_with(".age") {
        "tilik.age"
    } else {
        "tilik"
    };
    let dest = inbox.join(format!("{hash}.{ext}"));
    if !dest.exists() {
        // Copy while hashing: the copy must be the file we hashed.
        let tmp = inbox.join(format!(".{hash}.tmp"));
        let from = match open_source(src, MAX_BUNDLE_FILE)? {
            Ok((f, _)) => f,
            Err(p) => return Ok(Err(p)),
        };
        let mut from = from.take(MAX_BUNDLE_FILE);
        let mut to = BufWriter::new(File::create(&tmp).map_err(io("copy to inbox"))?);
        let mut h = blake3::Hasher::new();
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let k = from.read(&mut buf).map_err(io("read bundle"))?;
            if k == 0 {
                break;
            }
            h.update(&buf[..k]);
            to.write_all(&buf[..k]).map_err(io("copy to inbox"))?;
        }
        let f = to
            .into_inner()
            .map_err(|e| io("copy to inbox")(e.into_error()))?;
        if durable {
            f.sync_all().map_err(io("fsync inbox"))?;
        }
        if h.finalize().to_hex().as_str() != hash {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::Io {
                context: "inbox copy".into(),
                source: std::io::Error::other("file changed while it was copied"),
            });
        }
        std::fs::rename(&tmp, &dest).map_err(io("rename in inbox"))?;
        if durable {
            sync_dir(inbox).map_err(io("sync the inbox folder"))?;
        }
    }
    Ok(Ok((dest, hash, size)))
}

/// blake3 and length of at most `limit` bytes of an opened file (a file that grew past
/// the limit after its size was checked is refused as changed).
fn hash_reader(f: File, limit: u64, path: &Path) -> Result<(String, u64)> {
    let (hash, n) = hash_stream(f.take(limit.saturating_add(1)), path)?;
    if n > limit {
        return Err(Error::Io {
            context: format!("read {}", path.display()),
            source: std::io::Error::other("file changed while it was read"),
        });
    }
    Ok((hash, n))
}

/// A file-name-safe short form of a person's name.
#[must_use]
pub fn slug(name: &str) -> String {
    let s: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let s: Vec<&str> = s.split('-').filter(|p| !p.is_empty()).collect();
    let s = s.join("-");
    if s.is_empty() {
        "tilik".into()
    } else {
        s.chars().take(24).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert_eq!(sniff_bytes(b"TILIKBDL\x01\x00"), Ok(Envelope::Plain));
        assert_eq!(sniff_bytes(b"TILI"), Err(Fault::Truncated));
        assert_eq!(sniff_bytes(b""), Err(Fault::Truncated));
        assert_eq!(sniff_bytes(b"age-enc"), Err(Fault::Truncated));
        assert_eq!(sniff_bytes(b"hello world"), Err(Fault::NotABundle));
        assert_eq!(
            sniff_bytes(b"age-encryption.org/v1\n-> X25519 abc\nxyz\n-> x-grease z\n-> X25519 d\ne\n--- mac\n"),
            Ok(Envelope::Age { stanzas: 2 })
        );
    }

    #[test]
    fn codes_and_slugs() {
        let c = bundle_code(&"ab".repeat(32));
        assert_eq!(c.len(), 9);
        assert_eq!(&c[4..5], "-");
        assert_eq!(slug("Rina Wulandari, S.H."), "rina-wulandari-s-h");
        assert_eq!(slug("!!"), "tilik");
    }

    #[test]
    fn age_round_trip_and_wrong_recipient() {
        let dir = tempfile::tempdir().expect("tmp");
        let me = new_age_identity();
        let other = new_age_identity();
        let p = dir.path().join("x.tilik.age");
        let mut out = Out::create(&p, &[me.to_public()]).expect("create");
        out.write_all(b"TILIKBDL\x01\x00hello").expect("write");
        let (h, n) = out.finish().expect("finish");
        assert_eq!(file_hash(&p).expect("hash"), (h, n));
        let (env, mut r) = open_container(&p, Some(&me)).expect("open");
        assert!(matches!(env, Envelope::Age { stanzas: 1 }));
        let mut s = Vec::new();
        r.read_to_end(&mut s).expect("read");
        assert_eq!(s, b"TILIKBDL\x01\x00hello");
        assert_eq!(
            open_container(&p, Some(&other)).err(),
            Some(Fault::WrongRecipient)
        );
        let back = parse_age_identity(&age_secret(&me)).expect("parse");
        assert_eq!(back.to_public().to_string(), me.to_public().to_string());
    }
}
