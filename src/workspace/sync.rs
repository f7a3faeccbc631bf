//! Bundles in the workspace: export (signed, optionally age-encrypted, cumulative or
//! incremental), inspect without importing, import through the staged verdict pipeline of
//! sync-anchors §3.9, the trust roster, conflicts and supervisor resolutions, and sync
//! through a shared folder.
//!
//! Import stages: (1) already imported? (2) envelope: ours? (3) decrypts to the end?
//! (4) container and version, END hash; (5) manifest signature, signer trusted?
//! (6) every section matches the manifest, every segment chain and head signature
//! verifies; (7) semantic holds (unknown instrument or indicator, role); (8) merge plan,
//! then ONE transaction. Nothing is written to the store before stage 8, except the
//! import log and the inbox copy of the file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{Workspace, now_ms};
use crate::bundle::{
    EXT_AGE, EXT_PLAIN, Envelope, Out, bundle_code, file_hash, keep_in_inbox, new_age_identity,
    open_container, parse_age_identity, parse_recipient, slug,
};
use crate::core::bundle::{
    self as cb, AssessmentSummary, BlobEntry, ContainerWriter, DeviceEntry, Exporter, Fault,
    FormatVersion, InstrumentEntry, Limits, Manifest, SegmentEntry, Sink, head_message, kind,
    ops_record, read_container,
};
use crate::core::instrument::{Instrument, InstrumentRef};
use crate::core::merge::{
    ForkInfo, IncomingOp, Plan, Policy, Report, SignedHead, View, gaps_of, plan_merge,
    plan_recheck, plan_segments,
};
use crate::core::op::{AnswerValue, BlobRef, Op, OpBody, op_hash};
use crate::error::{Error, Result};
use crate::fsio::{sync_dir, sync_file};
use crate::i18n::{self, Lang};
use crate::identity::{Identity, Role, fingerprint, hex, short_fingerprint};
use crate::storage::bundles::{Extra, crash_point};

/// Largest evidence file carried in a bundle (larger ones are listed as omitted).
const MAX_BLOB: u64 = 256 << 20;

// ---- types -----------------------------------------------------------------------------

/// One entry of the trust roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustEntry {
    pub device: String,
    pub name: String,
    pub role: Role,
    pub added_ms: i64,
    #[serde(default)]
    pub age_recipient: Option<String>,
}

/// What this device remembers about a bundle it exported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ExportReceipt {
    pub bundle_id: String,
    pub created_ms: i64,
    pub file: String,
    pub hash: String,
    pub code: String,
    /// Highest sequence number included per device.
    pub devices: BTreeMap<String, u64>,
    pub ops: u64,
    pub encrypted: bool,
}

/// Where an export goes.
#[derive(Debug, Clone)]
pub enum Target {
    /// Exactly this file.
    File(PathBuf),
    /// A new file named `tilik_<name>_<fp>_<time>_<code>.tilik[.age]` in this folder.
    Dir(PathBuf),
}

#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub target: Target,
    /// age recipients (`age1…`) or roster entries (name, fingerprint or key) with one.
    pub to: Vec<String>,
    /// Only what was not in this earlier bundle of ours.
    pub since: Option<String>,
    /// List evidence but do not carry it.
    pub no_evidence: bool,
}

/// The result of an export.
#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    pub file: String,
    pub bundle_id: String,
    /// Short code to read over the phone.
    pub code: String,
    pub hash: String,
    pub size: u64,
    pub encrypted: bool,
    pub recipients: Vec<String>,
    pub segments: usize,
    pub ops: u64,
    pub own_ops: u64,
    pub blobs: usize,
    pub blobs_omitted: usize,
    pub instruments: usize,
    /// Foreign ops that could not be relayed because no signed head covers them.
    pub unsigned_skipped: u64,
}

/// The verdict an import gives one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Accepted,
    AcceptedWithWarnings,
    NoNewData,
    Quarantined,
    Rejected,
}

impl Verdict {
    /// Accepted, accepted with warnings, or no new data.
    #[must_use]
    pub fn ok(self) -> bool {
        matches!(
            self,
            Verdict::Accepted | Verdict::AcceptedWithWarnings | Verdict::NoNewData
        )
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Accepted => "accepted",
            Verdict::AcceptedWithWarnings => "accepted_with_warnings",
            Verdict::NoNewData => "no_new_data",
            Verdict::Quarantined => "quarantined",
            Verdict::Rejected => "rejected",
        }
    }

    /// The word shown to users.
    #[must_use]
    pub fn word(self, lang: Lang) -> &'static str {
        match self {
            Verdict::Accepted => lang.t("DITERIMA", "ACCEPTED"),
            Verdict::AcceptedWithWarnings => {
                lang.t("DITERIMA DENGAN PERINGATAN", "ACCEPTED WITH WARNINGS")
            }
            Verdict::NoNewData => lang.t("TIDAK ADA DATA BARU", "NO NEW DATA"),
            Verdict::Quarantined => lang.t("DIKARANTINA", "QUARANTINED"),
            Verdict::Rejected => lang.t("DITOLAK", "REJECTED"),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GapView {
    pub device: String,
    pub name: String,
    pub from: u64,
    pub to: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeldView {
    pub device: String,
    pub name: String,
    pub seq: u64,
    pub kind: String,
    pub assessment: String,
    pub indicator: Option<String>,
    pub reason: String,
    pub detail: String,
}

/// The verdict on one file, with counts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportOutcome {
    pub file: String,
    pub verdict: Verdict,
    /// Stable code: `ok`, a warning code, `no_new_data`, `already_imported`,
    /// `unknown_signer`, `fork`, or a rejection reason.
    pub reason: String,
    /// The sentence for the user, with the next step.
    pub message: String,
    /// Pipeline stage that decided (1–8).
    pub stage: u8,
    pub new_ops: u64,
    pub known_ops: u64,
    pub conflicts: u64,
    pub new_conflicts: u64,
    /// Warning codes: `gap`, `pending_evidence`, `clock`, `held`.
    pub warnings: Vec<String>,
    pub gaps: Vec<GapView>,
    pub held: Vec<HeldView>,
    pub pending_evidence: Vec<String>,
    pub clock_warnings: u64,
    pub forks: Vec<ForkInfo>,
    pub signer: Option<String>,
    pub signer_name: Option<String>,
    pub fingerprint: Option<String>,
    pub bundle_id: Option<String>,
    pub hash: Option<String>,
    pub size: u64,
}

impl ImportOutcome {
    fn new(file: &str) -> ImportOutcome {
        ImportOutcome {
            file: file.to_string(),
            verdict: Verdict::Rejected,
            reason: String::new(),
            message: String::new(),
            stage: 1,
            new_ops: 0,
            known_ops: 0,
            conflicts: 0,
            new_conflicts: 0,
            warnings: Vec::new(),
            gaps: Vec::new(),
            held: Vec::new(),
            pending_evidence: Vec::new(),
            clock_warnings: 0,
            forks: Vec::new(),
            signer: None,
            signer_name: None,
            fingerprint: None,
            bundle_id: None,
            hash: None,
            size: 0,
        }
    }
}

/// One line of the import log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogRecord {
    pub time_ms: i64,
    pub file: String,
    pub size: u64,
    pub hash: Option<String>,
    pub signer: Option<String>,
    pub signer_name: Option<String>,
    pub stage: u8,
    pub verdict: Verdict,
    pub reason: String,
    pub new_ops: u64,
    pub conflicts: u64,
    pub operator: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Imported {
    time_ms: i64,
    verdict: String,
    file: String,
    operator: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Quarantine {
    file: String,
    inbox: String,
    signer: String,
    signer_name: String,
    time_ms: i64,
}

/// One candidate value of a conflicted slot.
#[derive(Debug, Clone, Serialize)]
pub struct CandidateView {
    /// 1-based number used by `resolve --pick`.
    pub n: usize,
    pub value: String,
    pub raw: AnswerValue,
    pub device: String,
    pub name: String,
    pub seq: u64,
    pub wall_ms: i64,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    pub resolution: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlotConflict {
    pub assessment: String,
    pub pemda_name: String,
    pub lokus_name: String,
    pub indicator: String,
    pub candidates: Vec<CandidateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForkView {
    pub device: String,
    pub name: String,
    pub fingerprint: String,
    pub seq: u64,
}

/// Everything a supervisor must decide or chase.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictsReport {
    pub conflicts: Vec<SlotConflict>,
    pub held: Vec<HeldView>,
    pub forks: Vec<ForkView>,
    pub gaps: Vec<GapView>,
    pub pending_evidence: Vec<String>,
}

/// `bundle inspect`: what a file holds, without importing it.
#[derive(Debug, Clone, Serialize)]
pub struct Inspection {
    pub file: String,
    pub size: u64,
    pub hash: String,
    pub code: String,
    /// `plain` or `age`.
    pub envelope: String,
    pub recipient_stanzas: usize,
    pub can_decrypt: bool,
    /// `null` when the bundle verifies; else the rejection reason code.
    pub fault: Option<String>,
    pub fault_message: Option<String>,
    pub format_version: Option<String>,
    pub signature_ok: bool,
    pub signer_trusted: bool,
    pub manifest: Option<Manifest>,
    pub exporter_fingerprint: Option<String>,
    pub segments: Vec<SegmentView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SegmentView {
    pub device: String,
    pub name: String,
    pub fingerprint: String,
    pub first_seq: u64,
    pub last_seq: u64,
    pub count: u64,
}

/// Result of `sync DIR`.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub exported: Exported,
    pub imports: Vec<ImportOutcome>,
}

// ---- import policy ---------------------------------------------------------------------

/// What an import may rely on: the known instruments and the supervisors. Built once per
/// batch of files (hashing every catalogue instrument per bundle was 4 % of an import)
/// and grown with each bundle's embedded instruments as it is merged.
pub(crate) struct ImportPolicy {
    instruments: BTreeMap<String, Instrument>,
    reviewers: BTreeSet<String>,
    now: i64,
}

impl Policy for ImportPolicy {
    fn instrument(&self, hash: &str) -> Option<&Instrument> {
        self.instruments.get(hash)
    }
    fn may_review(&self, device: &str) -> bool {
        self.reviewers.contains(device)
    }
    fn now_ms(&self) -> i64 {
        self.now
    }
}

/// The batch policy plus the instruments one bundle carries.
struct BundlePolicy<'a> {
    base: &'a ImportPolicy,
    extra: &'a BTreeMap<String, Instrument>,
}

impl Policy for BundlePolicy<'_> {
    fn instrument(&self, hash: &str) -> Option<&Instrument> {
        self.extra.get(hash).or_else(|| self.base.instrument(hash))
    }
    fn may_review(&self, device: &str) -> bool {
        self.base.may_review(device)
    }
    fn now_ms(&self) -> i64 {
        self.base.now
    }
}

/// Evidence held in memory from pass 1, per bundle: beyond this, a second pass reads it.
const BLOB_MEMORY: u64 = 64 << 20;

/// Collects what pass 1 reads: ops, embedded instruments, and (up to [`BLOB_MEMORY`]) the
/// evidence this store lacks, each checked against its hash; reports progress. Nothing is
/// written until the bundle has verified and been planned.
struct Collector<'a> {
    ops: Vec<IncomingOp>,
    instruments: BTreeMap<usize, Vec<u8>>,
    blobs: BTreeMap<usize, Vec<u8>>,
    blob_budget: u64,
    store: &'a crate::storage::Store,
    total: u64,
    progress: &'a mut dyn FnMut(u64, u64),
}

impl Sink for Collector<'_> {
    fn op(&mut self, _segment: usize, bytes: Vec<u8>, hash: String, op: Op) {
        self.ops.push(IncomingOp { op, bytes, hash });
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

/// Pass 2: writes the needed evidence blobs into the store as they are read.
struct BlobSink<'a> {
    ws: &'a Workspace,
    needed: &'a BTreeSet<usize>,
    error: Option<Error>,
}

impl Sink for BlobSink<'_> {
    fn want_blob(&mut self, index: usize, _entry: &BlobEntry) -> bool {
        self.needed.contains(&index)
    }
    fn blob(&mut self, _index: usize, bytes: Vec<u8>) {
        // read_container delivers a blob only after checking it against its hash.
        let hash = blake3::hash(&bytes).to_hex().to_string();
        if let Err(e) = self.ws.store.put_blob_unsynced(&hash, &bytes)
            && self.error.is_none()
        {
            self.error = Some(e);
        }
    }
}

/// A file copied into the inbox: `(inbox path, file hash, size)`, or why it could not be.
struct Landed {
    display: String,
    result: Result<(PathBuf, String, u64)>,
}

fn land(inbox_dir: &Path, path: &Path, durable: bool) -> Landed {
    Landed {
        display: path.display().to_string(),
        result: keep_in_inbox(inbox_dir, path, durable),
    }
}

fn already_imported(store: &crate::storage::Store, hash: &str) -> bool {
    store
        .meta_raw(&format!("imported/{hash}"))
        .is_ok_and(|v| v.is_some())
}

/// What reading a bundle yields (stages 2–6): the verified container and its contents.
struct ReadStage {
    verified: crate::core::bundle::Verified,
    ops: Vec<IncomingOp>,
    instruments: BTreeMap<usize, Vec<u8>>,
    blobs: BTreeMap<usize, Vec<u8>>,
}

/// Stages 2–6, read-only: envelope, decryption, container, signatures, content.
fn read_stage(
    store: &crate::storage::Store,
    inbox: &Path,
    age_id: &age::x25519::Identity,
    size: u64,
    progress: &mut dyn FnMut(u64, u64),
) -> std::result::Result<ReadStage, Fault> {
    let (_, reader) = open_container(inbox, Some(age_id))?;
    let mut collector = Collector {
        ops: Vec::new(),
        instruments: BTreeMap::new(),
        blobs: BTreeMap::new(),
        blob_budget: BLOB_MEMORY,
        store,
        total: size.max(1),
        progress,
    };
    let verified = read_container(reader, &Limits::default(), &mut collector)?;
    Ok(ReadStage {
        verified,
        ops: collector.ops,
        instruments: collector.instruments,
        blobs: collector.blobs,
    })
}

// ---- messages ----------------------------------------------------------------------------

fn fault_message(f: &Fault, lang: Lang) -> String {
    let en = lang.en();
    match f {
        Fault::NotABundle => lang
            .t(
                "Ditolak: ini bukan berkas bundel tilik. Periksa berkas yang dikirim.",
                "Rejected: this is not a tilik bundle file. Check which file was sent.",
            )
            .into(),
        Fault::WrongRecipient => lang
            .t(
                "Ditolak: bundel ini dienkripsi untuk penerima lain. Minta pengirim mengekspor ulang dengan --to berisi penerima age Anda (lihat `tilik whoami`).",
                "Rejected: this bundle is encrypted for someone else. Ask the sender to export again with --to set to your age recipient (see `tilik whoami`).",
            )
            .into(),
        Fault::Truncated => lang
            .t(
                "Ditolak: berkas terpotong (tidak lengkap). Minta assessor mengirim ulang berkas yang sama.",
                "Rejected: the file is truncated (incomplete). Ask the assessor to send the same file again.",
            )
            .into(),
        Fault::Damaged(_) => lang
            .t(
                "Ditolak: berkas rusak. Minta assessor mengirim ulang berkas yang sama.",
                "Rejected: the file is damaged. Ask the assessor to send the same file again.",
            )
            .into(),
        Fault::UnsupportedVersion { major, minor } => {
            if en {
                format!("Rejected: made with a newer bundle format (v{major}.{minor}). Update tilik, then import again.")
            } else {
                format!("Ditolak: dibuat dengan format bundel yang lebih baru (v{major}.{minor}). Perbarui tilik, lalu impor lagi.")
            }
        }
        Fault::BadSignature(_) => lang
            .t(
                "Ditolak: tanda tangan tidak cocok — isi kemungkinan diubah. Jangan pakai berkas ini; minta assessor mengirim ulang langsung dan laporkan kejadian ini.",
                "Rejected: the signature does not match — the content may have been altered. Do not use this file; ask the assessor to resend it directly and report this.",
            )
            .into(),
        Fault::HashMismatch(_) => lang
            .t(
                "Ditolak: isi tidak sesuai manifest — kemungkinan diubah atau rusak. Minta assessor mengirim ulang.",
                "Rejected: the content does not match its manifest — altered or damaged. Ask the assessor to send it again.",
            )
            .into(),
        Fault::BadOpChain(_) => lang
            .t(
                "Ditolak: rantai operasi di dalam bundel tidak sah. Minta assessor mengirim ulang.",
                "Rejected: the chain of operations in the bundle is not valid. Ask the assessor to send it again.",
            )
            .into(),
    }
}

fn range_text(from: u64, to: u64) -> String {
    if from == to {
        from.to_string()
    } else {
        format!("{from}–{to}")
    }
}

// ---- the workspace API ---------------------------------------------------------------------

impl Workspace {
    // ---- keys ----

    /// This store's age identity (X25519), made on first use.
    ///
    /// # Errors
    /// Storage failure.
    pub fn age_identity(&self) -> Result<age::x25519::Identity> {
        if let Some(s) = self.store.meta_get::<String>("age_identity")?
            && let Some(id) = parse_age_identity(&s)
        {
            return Ok(id);
        }
        let id = new_age_identity();
        self.store
            .meta_put("age_identity", &crate::bundle::age_secret(&id))?;
        Ok(id)
    }

    /// This store's age recipient (`age1…`), to give to senders.
    ///
    /// # Errors
    /// Storage failure.
    pub fn age_recipient(&self) -> Result<String> {
        Ok(self.age_identity()?.to_public().to_string())
    }

    fn inbox_dir(&self) -> PathBuf {
        self.dirs.data.join("inbox")
    }

    fn own_devices(me: &Identity) -> BTreeSet<String> {
        let mut s: BTreeSet<String> = me.retired.iter().cloned().collect();
        s.insert(me.device.clone());
        s
    }

    // ---- trust roster ----

    /// Every roster entry.
    ///
    /// # Errors
    /// Storage failure.
    pub fn trust_list(&self) -> Result<Vec<TrustEntry>> {
        let mut v: Vec<TrustEntry> = self
            .store
            .meta_prefix::<TrustEntry>("trust/")?
            .into_values()
            .collect();
        v.sort_by(|a, b| (&a.name, &a.device).cmp(&(&b.name, &b.device)));
        Ok(v)
    }

    /// Whether a device is trusted: this store's own keys, or a roster entry.
    ///
    /// # Errors
    /// Storage failure.
    pub fn is_trusted(&self, device: &str) -> Result<bool> {
        if let Some(me) = self.store.identity()?
            && Self::own_devices(&me).contains(device)
        {
            return Ok(true);
        }
        Ok(self.store.meta_raw(&format!("trust/{device}"))?.is_some())
    }

    /// Add (or update) a roster entry, then release ops of that device held for its role.
    /// Returns the entry and how many quarantined bundles wait for this signer.
    ///
    /// # Errors
    /// `InvalidKey`, `EmptyName`, `BadRecipient`, storage failure.
    pub fn trust_add(
        &self,
        key: &str,
        name: &str,
        role: Role,
        age_recipient: Option<&str>,
    ) -> Result<(TrustEntry, usize)> {
        let Some(key) = crate::identity::parse_public_key(key) else {
            return Err(Error::InvalidKey(key.trim().to_lowercase()));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::EmptyName);
        }
        if let Some(r) = age_recipient {
            parse_recipient(r)?;
        }
        let entry = TrustEntry {
            device: key.clone(),
            name: name.to_string(),
            role,
            added_ms: now_ms(),
            age_recipient: age_recipient.map(|s| s.trim().to_string()),
        };
        self.store.meta_put(&format!("trust/{key}"), &entry)?;
        self.store.meta_put(&format!("name/{key}"), &entry.name)?;
        self.recheck_device(&key)?;
        let waiting = self
            .store
            .meta_prefix::<Quarantine>("quarantine/")?
            .values()
            .filter(|q| q.signer == key)
            .count();
        Ok((entry, waiting))
    }

    /// Load a roster file (`roster.toml`: `[[member]]` tables with `name`, `role`,
    /// `public_key`, optional `nip`, `office`, `age_recipient`) as an office distributes
    /// its assessor list. Every entry is checked before any is added. Returns the entries
    /// and how many quarantined bundles now wait for `import --retry`.
    ///
    /// # Errors
    /// `RosterFile` for unreadable or malformed files; as [`Workspace::trust_add`].
    pub fn trust_import(&self, path: &Path) -> Result<(Vec<TrustEntry>, usize)> {
        #[derive(Deserialize)]
        struct Member {
            name: String,
            role: Role,
            public_key: String,
            #[serde(default)]
            #[allow(dead_code)]
            nip: Option<String>,
            #[serde(default)]
            #[allow(dead_code)]
            office: Option<String>,
            #[serde(default)]
            age_recipient: Option<String>,
        }
        #[derive(Deserialize)]
        struct Roster {
            #[serde(default)]
            member: Vec<Member>,
        }
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            context: format!("{}", path.display()),
            source,
        })?;
        let roster: Roster = toml::from_str(&text).map_err(|e| Error::Io {
            context: format!("{}", path.display()),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        })?;
        for m in &roster.member {
            let key = m.public_key.trim().to_lowercase();
            let ok = key.len() == 64
                && crate::identity::unhex(&key)
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .is_some_and(|b| ed25519_dalek::VerifyingKey::from_bytes(&b).is_ok());
            if !ok {
                return Err(Error::InvalidKey(key));
            }
            if m.name.trim().is_empty() {
                return Err(Error::EmptyName);
            }
            if let Some(r) = &m.age_recipient {
                parse_recipient(r)?;
            }
        }
        let mut out = Vec::with_capacity(roster.member.len());
        let mut waiting = 0;
        for m in &roster.member {
            let (e, w) =
                self.trust_add(&m.public_key, &m.name, m.role, m.age_recipient.as_deref())?;
            waiting += w;
            out.push(e);
        }
        Ok((out, waiting))
    }

    fn find_trust(&self, q: &str) -> Result<TrustEntry> {
        let q = q.trim();
        let list = self.trust_list()?;
        let norm = |s: &str| s.to_lowercase().replace('-', "");
        let hits: Vec<&TrustEntry> = list
            .iter()
            .filter(|e| {
                e.device == q.to_lowercase()
                    || norm(&fingerprint(&e.device)).starts_with(&norm(q)) && q.len() >= 4
                    || e.name.eq_ignore_ascii_case(q)
            })
            .collect();
        match hits.len() {
            1 => Ok(hits[0].clone()),
            0 => Err(Error::UnknownTrust(q.to_string())),
            _ => Err(Error::AmbiguousTrust(
                q.to_string(),
                hits.iter()
                    .map(|e| format!("{} {}", e.name, short_fingerprint(&e.device)))
                    .collect(),
            )),
        }
    }

    /// Remove a roster entry (by key, fingerprint or name); its supervisor-only ops are
    /// held again.
    ///
    /// # Errors
    /// `UnknownTrust`, `AmbiguousTrust`, storage failure.
    pub fn trust_remove(&self, q: &str) -> Result<TrustEntry> {
        let e = self.find_trust(q)?;
        self.store.meta_remove(&format!("trust/{}", e.device))?;
        self.recheck_device(&e.device)?;
        Ok(e)
    }

    fn policy(&self, extra: &BTreeMap<String, Instrument>) -> Result<ImportPolicy> {
        let mut instruments: BTreeMap<String, Instrument> = BTreeMap::new();
        for i in self.catalog.all() {
            instruments.insert(i.content_hash()?, i.clone());
        }
        for (h, i) in self.store.meta_prefix::<Instrument>("inst/")? {
            instruments.insert(h, i);
        }
        instruments.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        let mut reviewers: BTreeSet<String> = self
            .trust_list()?
            .into_iter()
            .filter(|e| e.role == Role::Supervisor)
            .map(|e| e.device)
            .collect();
        if let Some(me) = self.store.identity()?
            && me.role == Role::Supervisor
        {
            reviewers.extend(Self::own_devices(&me));
        }
        Ok(ImportPolicy {
            instruments,
            reviewers,
            now: now_ms(),
        })
    }

    fn recheck_device(&self, device: &str) -> Result<()> {
        let policy = self.policy(&BTreeMap::new())?;
        let ops = self.store.device_ops_from(device, 1)?;
        let plan = plan_recheck(&self.store, &policy, &ops)?;
        if !plan.held_set.is_empty() || !plan.held_unset.is_empty() {
            self.store.apply_plan(&plan, &Extra::default())?;
        }
        Ok(())
    }

    // ---- export ----

    fn recovery_recipients(&self) -> Result<Vec<String>> {
        let path = self.dirs.config.join("config.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(Vec::new());
        };
        let v: toml::Value = toml::from_str(&text).map_err(|e| Error::Io {
            context: format!("{}", path.display()),
            source: std::io::Error::other(e.to_string()),
        })?;
        Ok(v.get("recovery_recipients")
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Resolve `--to` values (age recipients or roster entries) plus the configured
    /// recovery recipients (only when encrypting at all).
    fn recipients(&self, to: &[String]) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for t in to {
            let t = t.trim();
            let r = if t.starts_with("age1") {
                parse_recipient(t)?;
                t.to_string()
            } else {
                let e = self
                    .find_trust(t)
                    .map_err(|_| Error::BadRecipient(t.to_string()))?;
                e.age_recipient
                    .ok_or_else(|| Error::BadRecipient(t.to_string()))?
            };
            if !out.contains(&r) {
                out.push(r);
            }
        }
        if !out.is_empty() {
            for r in self.recovery_recipients()? {
                parse_recipient(&r)?;
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        Ok(out)
    }

    /// Bundles this device exported, oldest first.
    ///
    /// # Errors
    /// Storage failure.
    pub fn exports(&self) -> Result<Vec<ExportReceipt>> {
        let mut v: Vec<ExportReceipt> = self
            .store
            .meta_prefix::<ExportReceipt>("export/")?
            .into_values()
            .collect();
        v.sort_by_key(|r| r.created_ms);
        Ok(v)
    }

    fn find_export(&self, q: &str) -> Result<ExportReceipt> {
        let q = q.trim();
        let list = self.exports()?;
        let norm = |s: &str| s.to_uppercase().replace('-', "");
        list.into_iter()
            .rev()
            .find(|r| r.bundle_id == q || (q.len() >= 4 && norm(&r.code) == norm(q)))
            .ok_or_else(|| Error::UnknownBundle(q.to_string()))
    }

    /// Export a bundle (see [`ExportOptions`]); `progress(done, total)` counts ops and
    /// evidence files written.
    ///
    /// # Errors
    /// No identity, bad recipient, unknown `--since` bundle, write failure. No file with
    /// the final name exists unless the whole bundle was written and verified.
    #[allow(clippy::too_many_lines)]
    pub fn export(
        &self,
        opts: &ExportOptions,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Exported> {
        let me = self.require_identity()?;
        let _ = self.age_identity()?;
        let recipients = self.recipients(&opts.to)?;
        let since = match &opts.since {
            Some(q) => Some(self.find_export(q)?),
            None => None,
        };
        let forks = self.store.forks()?;

        // Segments: contiguous runs per device, cut at a fork, after `since`, ending at a
        // signed head (this device signs its own head now).
        struct Seg {
            device: String,
            first: u64,
            last: u64,
            head_hash: String,
            sig: String,
            section_hash: String,
            section_len: u64,
        }
        let since_map = since
            .as_ref()
            .map(|s| s.devices.clone())
            .unwrap_or_default();
        let (plans, unsigned_skipped) = plan_segments::<Error>(
            &self.store.devices_with_ops()?,
            &forks,
            &since_map,
            &mut |dev, a, b| {
                if dev == me.device {
                    let bytes = self
                        .store
                        .op_bytes(dev, b)?
                        .ok_or_else(|| Error::Storage(format!("op {b} missing")))?;
                    let hash = op_hash(&bytes);
                    let sig = me
                        .sign(&head_message(dev, b, &hash))
                        .ok_or_else(|| Error::Storage("signing key unreadable".into()))?;
                    Ok(Some((b, hash, hex(&sig))))
                } else {
                    Ok(self
                        .store
                        .best_signed_head(dev, a, b)?
                        .map(|(s, h, sig)| (s, h, hex(&sig))))
                }
            },
        )?;
        let mut segs: Vec<Seg> = plans
            .into_iter()
            .map(|p| Seg {
                device: p.device,
                first: p.first,
                last: p.last,
                head_hash: p.head_hash,
                sig: p.sig,
                section_hash: String::new(),
                section_len: 0,
            })
            .collect();

        // First pass over the ops: section hashes, instruments, evidence, assessments.
        let mut irefs: BTreeSet<InstrumentRef> = BTreeSet::new();
        let mut blobs: BTreeMap<String, BlobRef> = BTreeMap::new();
        let mut assessments: BTreeSet<String> = BTreeSet::new();
        let mut total_ops = 0u64;
        let mut own_ops = 0u64;
        for s in &mut segs {
            let mut h = blake3::Hasher::new();
            let mut len = 0u64;
            let mut expect = s.first;
            for r in self.store.device_op_bytes(&s.device, s.first, s.last) {
                let (seq, bytes) = r?;
                if seq != expect {
                    return Err(Error::Storage(format!(
                        "op {expect} of {} missing",
                        short_fingerprint(&s.device)
                    )));
                }
                expect += 1;
                let rec = ops_record(&bytes);
                h.update(&rec);
                len += rec.len() as u64;
                let op = Op::decode(&bytes).map_err(|e| Error::Storage(format!("op: {e}")))?;
                assessments.insert(op.body.assessment().to_string());
                match &op.body {
                    OpBody::CreateAssessment { instrument, .. }
                    | OpBody::SetAnswer { instrument, .. }
                    | OpBody::Resolve { instrument, .. } => {
                        irefs.insert(instrument.clone());
                    }
                    OpBody::AttachEvidence { blob, .. } => {
                        blobs
                            .entry(blob.hash.clone())
                            .or_insert_with(|| blob.clone());
                    }
                    _ => {}
                }
            }
            if expect != s.last + 1 {
                return Err(Error::Storage(format!(
                    "ops of {} missing",
                    short_fingerprint(&s.device)
                )));
            }
            s.section_hash = h.finalize().to_hex().to_string();
            s.section_len = len;
            let n = s.last - s.first + 1;
            total_ops += n;
            if s.device == me.device {
                own_ops += n;
            }
        }

        // Instruments: embed every definition we have (exact bytes by hash).
        let mut inst_entries: Vec<InstrumentEntry> = Vec::new();
        let mut inst_bytes: Vec<Vec<u8>> = Vec::new();
        for r in &irefs {
            let bytes = match self.store.meta_raw(&format!("inst/{}", r.hash))? {
                Some(b) => Some(b),
                None => self
                    .catalog
                    .all()
                    .map(|i| Ok((i.content_hash()?, i)))
                    .collect::<Result<Vec<_>>>()?
                    .into_iter()
                    .find(|(h, _)| *h == r.hash)
                    .map(|(_, i)| serde_json::to_vec(i).unwrap_or_default()),
            }
            .filter(|b| blake3::hash(b).to_hex().as_str() == r.hash);
            inst_entries.push(InstrumentEntry {
                id: r.id.clone(),
                version: r.version.clone(),
                hash: r.hash.clone(),
                embedded: bytes.is_some(),
                size: bytes.as_ref().map_or(0, |b| b.len() as u64),
            });
            if let Some(b) = bytes {
                inst_bytes.push(b);
            }
        }
        // Evidence.
        let mut blob_entries: Vec<BlobEntry> = Vec::new();
        for (h, b) in &blobs {
            let included = !opts.no_evidence && b.size <= MAX_BLOB && self.store.has_blob(h)?;
            blob_entries.push(BlobEntry {
                hash: h.clone(),
                size: b.size,
                mime: b.mime.clone(),
                name: b.name.clone(),
                included,
            });
        }
        // Summary per assessment and names of devices.
        let mut summary: Vec<AssessmentSummary> = Vec::new();
        for id in &assessments {
            if let Some(st) = self.store.assessment(id)? {
                let h = st.header.as_ref();
                summary.push(AssessmentSummary {
                    id: id.clone(),
                    round: h.map_or(0, |h| h.round),
                    pemda: h.map(|h| h.pemda.clone()).unwrap_or_default(),
                    pemda_name: h.map(|h| h.pemda_name.clone()).unwrap_or_default(),
                    lokus_name: h
                        .map(|h| {
                            crate::core::region::lokus_display(&h.lokus, h.lokus_name.as_deref())
                        })
                        .unwrap_or_default(),
                    instrument: h.map(|h| h.instrument.id.clone()).unwrap_or_default(),
                    ops: st.op_count,
                    answers: st.answers().len() as u64,
                    conflicts: st.conflicts().len() as u64,
                    status: if st.is_final() { "final" } else { "draft" }.into(),
                });
            }
        }
        let seg_devices: BTreeSet<&str> = segs.iter().map(|s| s.device.as_str()).collect();
        let devices: Vec<DeviceEntry> = seg_devices
            .iter()
            .map(|d| DeviceEntry {
                device: (*d).to_string(),
                name: self.device_name(d),
                role: self
                    .store
                    .meta_get::<TrustEntry>(&format!("trust/{d}"))
                    .ok()
                    .flatten()
                    .map(|e| e.role.as_str().to_string())
                    .or_else(|| (*d == me.device).then(|| me.role.as_str().to_string())),
            })
            .collect();
        let previous: Vec<String> = self
            .exports()?
            .iter()
            .rev()
            .take(20)
            .map(|r| r.bundle_id.clone())
            .collect();
        let created = now_ms();
        let manifest = Manifest {
            format: cb::FORMAT.into(),
            format_version: FormatVersion {
                major: cb::MAJOR,
                minor: cb::MINOR,
            },
            bundle_id: uuid::Uuid::now_v7().to_string(),
            created_ms: created,
            app_version: env!("CARGO_PKG_VERSION").into(),
            exporter: Exporter {
                device: me.device.clone(),
                name: me.name.clone(),
                role: me.role.as_str().into(),
                office: me.office.clone(),
            },
            recipients: recipients.clone(),
            since: since.as_ref().map(|s| s.bundle_id.clone()),
            previous_bundles: previous,
            segments: segs
                .iter()
                .map(|s| SegmentEntry {
                    device: s.device.clone(),
                    first_seq: s.first,
                    last_seq: s.last,
                    count: s.last - s.first + 1,
                    prev: None,
                    head_hash: s.head_hash.clone(),
                    head_sig: s.sig.clone(),
                    section_hash: s.section_hash.clone(),
                    section_len: s.section_len,
                })
                .collect(),
            blobs: blob_entries,
            instruments: inst_entries,
            devices,
            summary,
        };
        // `prev` of each segment's first op.
        let mut manifest = manifest;
        for s in &mut manifest.segments {
            if s.first_seq > 1 {
                let op = self
                    .store
                    .op(&s.device, s.first_seq)?
                    .ok_or_else(|| Error::Storage("op missing".into()))?;
                s.prev = op.prev;
            }
        }
        let mbytes = manifest.encode()?;
        let msig = me
            .sign(&cb::manifest_message(&mbytes))
            .ok_or_else(|| Error::Storage("signing key unreadable".into()))?;

        // Write: temp name, fsync, rename.
        let encrypted = !recipients.is_empty();
        let (dir, fixed) = match &opts.target {
            Target::File(p) => (
                p.parent()
                    .filter(|d| !d.as_os_str().is_empty())
                    .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
                Some(p.clone()),
            ),
            Target::Dir(d) => (d.clone(), None),
        };
        std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
            context: format!("create {}", dir.display()),
            source,
        })?;
        let tmp = dir.join(format!(".tilik-export-{}.tmp", manifest.bundle_id));
        let parsed: Vec<age::x25519::Recipient> = recipients
            .iter()
            .map(|r| parse_recipient(r))
            .collect::<Result<_>>()?;
        let total = total_ops + manifest.blobs.iter().filter(|b| b.included).count() as u64;
        let mut done = 0u64;
        let mut write = |out: &mut Out, done: &mut u64| -> Result<()> {
            let ioe = |source: std::io::Error| Error::Io {
                context: "write bundle".into(),
                source,
            };
            let mut w = ContainerWriter::new(&mut *out).map_err(ioe)?;
            w.section(kind::MANIFEST, &mbytes).map_err(ioe)?;
            w.section(kind::MANIFEST_SIG, &msig).map_err(ioe)?;
            for s in &manifest.segments {
                w.begin(kind::OPS, s.section_len).map_err(ioe)?;
                let mut h = blake3::Hasher::new();
                for r in self
                    .store
                    .device_op_bytes(&s.device, s.first_seq, s.last_seq)
                {
                    let (_, bytes) = r?;
                    let rec = ops_record(&bytes);
                    h.update(&rec);
                    w.body(&rec).map_err(ioe)?;
                    *done += 1;
                    if (*done).is_multiple_of(1024) {
                        progress(*done, total);
                    }
                }
                if h.finalize().to_hex().as_str() != s.section_hash {
                    return Err(Error::Storage("ops changed during export".into()));
                }
                crash_point("export-mid-write");
            }
            for b in manifest.blobs.iter().filter(|b| b.included) {
                let bytes = self
                    .store
                    .blob(&b.hash)?
                    .ok_or_else(|| Error::Storage("evidence missing".into()))?;
                w.section(kind::BLOB, &bytes).map_err(ioe)?;
                *done += 1;
                progress(*done, total);
            }
            for b in &inst_bytes {
                w.section(kind::INSTRUMENT, b).map_err(ioe)?;
            }
            w.finish().map_err(ioe)?;
            Ok(())
        };
        let mut out = Out::create(&tmp, &parsed)?;
        if let Err(e) = write(&mut out, &mut done) {
            drop(out);
            let _ = std::fs::remove_file(&tmp);
            return Err(e);
        }
        let (hash, size) = match out.finish() {
            Ok(x) => x,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        progress(total, total);
        let code = bundle_code(&hash);
        let final_path = fixed.unwrap_or_else(|| {
            let when = jiff::Timestamp::from_millisecond(created)
                .map(|t| {
                    t.to_zoned_datetime(jiff::tz::TimeZone::system())
                        .strftime("%Y%m%d-%H%M")
                        .to_string()
                })
                .unwrap_or_default();
            dir.join(format!(
                "tilik_{}_{}_{}_{}.{}",
                slug(&me.name),
                short_fingerprint(&me.device)
                    .replace('-', "")
                    .to_lowercase(),
                when,
                code.replace('-', ""),
                if encrypted { EXT_AGE } else { EXT_PLAIN }
            ))
        });
        std::fs::rename(&tmp, &final_path).map_err(|source| {
            let _ = std::fs::remove_file(&tmp);
            Error::Io {
                context: format!("rename to {}", final_path.display()),
                source,
            }
        })?;
        sync_dir(&dir).map_err(|source| Error::Io {
            context: format!("sync {}", dir.display()),
            source,
        })?;
        let (check, _) = file_hash(&final_path)?;
        if check != hash {
            return Err(Error::Io {
                context: format!("verify {}", final_path.display()),
                source: std::io::Error::other("the written file differs from what was written"),
            });
        }

        // Remember: what was exported, own head signatures, and that this file is ours.
        let mut devices_seq: BTreeMap<String, u64> = since
            .as_ref()
            .map(|s| s.devices.clone())
            .unwrap_or_default();
        for s in &manifest.segments {
            let e = devices_seq.entry(s.device.clone()).or_insert(0);
            *e = (*e).max(s.last_seq);
            if s.device == me.device {
                self.store.put_head_sig(&SignedHead {
                    device: s.device.clone(),
                    seq: s.last_seq,
                    hash: s.head_hash.clone(),
                    sig: s.head_sig.clone(),
                })?;
            }
        }
        if let Some(own) = devices_seq.get(&me.device) {
            let key = format!("exported/{}", me.device);
            let old: u64 = self.store.meta_get(&key)?.unwrap_or(0);
            if *own > old {
                self.store.meta_put(&key, own)?;
            }
        }
        let receipt = ExportReceipt {
            bundle_id: manifest.bundle_id.clone(),
            created_ms: created,
            file: final_path.display().to_string(),
            hash: hash.clone(),
            code: code.clone(),
            devices: devices_seq,
            ops: total_ops,
            encrypted,
        };
        self.store
            .meta_put(&format!("export/{}", manifest.bundle_id), &receipt)?;
        self.store.meta_put(
            &format!("imported/{hash}"),
            &Imported {
                time_ms: created,
                verdict: "exported".into(),
                file: final_path.display().to_string(),
                operator: me.name.clone(),
            },
        )?;
        Ok(Exported {
            file: final_path.display().to_string(),
            bundle_id: manifest.bundle_id.clone(),
            code,
            hash,
            size,
            encrypted,
            recipients,
            segments: manifest.segments.len(),
            ops: total_ops,
            own_ops,
            blobs: manifest.blobs.iter().filter(|b| b.included).count(),
            blobs_omitted: manifest.blobs.iter().filter(|b| !b.included).count(),
            instruments: inst_bytes.len(),
            unsigned_skipped,
        })
    }

    // ---- inspect ----

    /// Describe a bundle file without importing it (nothing is written).
    ///
    /// # Errors
    /// Unreadable file.
    pub fn inspect(&self, path: &Path) -> Result<Inspection> {
        let (hash, size) = file_hash(path)?;
        let mut ins = Inspection {
            file: path.display().to_string(),
            size,
            code: bundle_code(&hash),
            hash,
            envelope: String::new(),
            recipient_stanzas: 0,
            can_decrypt: false,
            fault: None,
            fault_message: None,
            format_version: None,
            signature_ok: false,
            signer_trusted: false,
            manifest: None,
            exporter_fingerprint: None,
            segments: Vec::new(),
        };
        let lang = self.lang;
        let fail = |ins: &mut Inspection, f: &Fault| {
            ins.fault = Some(f.reason().to_string());
            ins.fault_message = Some(fault_message(f, lang));
        };
        match crate::bundle::sniff(path) {
            Ok(Envelope::Plain) => ins.envelope = "plain".into(),
            Ok(Envelope::Age { stanzas }) => {
                ins.envelope = "age".into();
                ins.recipient_stanzas = stanzas;
            }
            Err(f) => {
                fail(&mut ins, &f);
                return Ok(ins);
            }
        }
        let id = self.age_identity()?;
        let reader = match open_container(path, Some(&id)) {
            Ok((_, r)) => r,
            Err(f) => {
                fail(&mut ins, &f);
                return Ok(ins);
            }
        };
        ins.can_decrypt = true;
        match read_container(reader, &Limits::default(), &mut cb::Discard) {
            Err(f) => fail(&mut ins, &f),
            Ok(v) => {
                ins.format_version = Some(format!("{}.{}", v.major, v.minor));
                ins.signature_ok = v.signature_ok;
                ins.signer_trusted = self.is_trusted(&v.manifest.exporter.device)?;
                ins.exporter_fingerprint = Some(fingerprint(&v.manifest.exporter.device));
                if let Some(f) = v.fault() {
                    fail(&mut ins, &f);
                }
                let names: BTreeMap<&str, &str> = v
                    .manifest
                    .devices
                    .iter()
                    .map(|d| (d.device.as_str(), d.name.as_str()))
                    .collect();
                ins.segments = v
                    .manifest
                    .segments
                    .iter()
                    .map(|s| SegmentView {
                        device: s.device.clone(),
                        name: names
                            .get(s.device.as_str())
                            .map_or_else(|| self.device_name(&s.device), |n| (*n).to_string()),
                        fingerprint: fingerprint(&s.device),
                        first_seq: s.first_seq,
                        last_seq: s.last_seq,
                        count: s.count,
                    })
                    .collect();
                ins.manifest = Some(v.manifest);
            }
        }
        Ok(ins)
    }

    // ---- import ----

    /// Import one bundle file through the staged pipeline. File problems become a
    /// verdict; only a failing store is an `Err`. Durable before it returns.
    ///
    /// # Errors
    /// Storage failure (nothing was merged then).
    pub fn import_file(
        &self,
        path: &Path,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<ImportOutcome> {
        let mut policy = self.policy(&BTreeMap::new())?;
        let out = self.import_one(path, progress, true, &mut policy)?;
        Ok(out)
    }

    fn import_one(
        &self,
        path: &Path,
        progress: &mut dyn FnMut(u64, u64),
        durable: bool,
        policy: &mut ImportPolicy,
    ) -> Result<ImportOutcome> {
        let landed = land(&self.inbox_dir(), path, durable);
        let out = self.process_landed(landed, None, progress, durable, policy)?;
        if durable {
            // The import log record of a refused or known file.
            self.store.sync()?;
        }
        Ok(out)
    }

    /// Continue with a file copied into the inbox (or that could not be): stage 1 here,
    /// then the read stage (`pre`, when a worker already did it) and the merge.
    fn process_landed(
        &self,
        landed: Landed,
        pre: Option<std::result::Result<ReadStage, Fault>>,
        progress: &mut dyn FnMut(u64, u64),
        durable: bool,
        policy: &mut ImportPolicy,
    ) -> Result<ImportOutcome> {
        let mut out = ImportOutcome::new(&landed.display);
        let (inbox, hash, size) = match landed.result {
            Ok(x) => x,
            Err(e) => {
                out.reason = "unreadable".into();
                out.message = if self.lang.en() {
                    format!(
                        "Rejected: the file cannot be read ({}). Check the path.",
                        e.user_message(self.lang)
                    )
                } else {
                    format!(
                        "Ditolak: berkas tidak dapat dibaca ({}). Periksa path-nya.",
                        e.user_message(self.lang)
                    )
                };
                self.log_outcome(&out)?;
                return Ok(out);
            }
        };
        out.hash = Some(hash.clone());
        out.size = size;
        self.process_with(out, &inbox, &hash, pre, progress, durable, policy)
    }

    /// Re-process every quarantined bundle from the inbox (after `trust add`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn retry_quarantined(
        &self,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Vec<ImportOutcome>> {
        let mut v = Vec::new();
        let mut policy = self.policy(&BTreeMap::new())?;
        for (hash, q) in self.store.meta_prefix::<Quarantine>("quarantine/")? {
            let mut out = ImportOutcome::new(&q.file);
            let inbox = PathBuf::from(&q.inbox);
            if let Ok((h, size)) = file_hash(&inbox) {
                out.hash = Some(h);
                out.size = size;
            }
            v.push(self.process_with(out, &inbox, &hash, None, progress, false, &mut policy)?);
        }
        self.store.sync()?;
        Ok(v)
    }

    fn log_outcome(&self, out: &ImportOutcome) -> Result<()> {
        self.store.log_import(&self.log_record(out))
    }

    fn log_record(&self, out: &ImportOutcome) -> Vec<u8> {
        let operator = self
            .store
            .identity()
            .ok()
            .flatten()
            .map(|i| i.name)
            .unwrap_or_default();
        serde_json::to_vec(&LogRecord {
            time_ms: now_ms(),
            file: out.file.clone(),
            size: out.size,
            hash: out.hash.clone(),
            signer: out.signer.clone(),
            signer_name: out.signer_name.clone(),
            stage: out.stage,
            verdict: out.verdict,
            reason: out.reason.clone(),
            new_ops: out.new_ops,
            conflicts: out.conflicts,
            operator,
        })
        .unwrap_or_default()
    }

    fn reject(&self, mut out: ImportOutcome, f: &Fault) -> Result<ImportOutcome> {
        out.verdict = Verdict::Rejected;
        out.reason = f.reason().to_string();
        out.stage = f.stage();
        out.message = fault_message(f, self.lang);
        self.log_outcome(&out)?;
        Ok(out)
    }

    /// The display name for a device, preferring a name carried in the bundle.
    fn name_for(&self, device: &str, carried: &BTreeMap<String, String>) -> String {
        let known = self.device_name(device);
        if known == short_fingerprint(device)
            && let Some(n) = carried.get(device)
        {
            return i18n::inert(n, false);
        }
        i18n::inert(&known, false)
    }

    #[allow(clippy::too_many_lines)]
    #[allow(clippy::too_many_arguments)]
    fn process_with(
        &self,
        mut out: ImportOutcome,
        inbox: &Path,
        hash: &str,
        pre: Option<std::result::Result<ReadStage, Fault>>,
        progress: &mut dyn FnMut(u64, u64),
        durable: bool,
        base: &mut ImportPolicy,
    ) -> Result<ImportOutcome> {
        let lang = self.lang;
        let en = lang.en();
        // Stage 1: already imported (or exported by this device)?
        if let Some(prev) = self
            .store
            .meta_get::<Imported>(&format!("imported/{hash}"))?
        {
            out.verdict = Verdict::NoNewData;
            out.reason = "already_imported".into();
            out.stage = 1;
            out.message = if prev.verdict == "exported" {
                lang.t(
                    "Tidak ada data baru: bundel ini dibuat oleh perangkat ini.",
                    "No new data: this bundle was made by this device.",
                )
                .to_string()
            } else if en {
                format!(
                    "No new data: already imported on {} by {}. Nothing changed.",
                    i18n::datetime(prev.time_ms),
                    i18n::inert(&prev.operator, false)
                )
            } else {
                format!(
                    "Tidak ada data baru: sudah diimpor pada {} oleh {}. Tidak ada perubahan.",
                    i18n::datetime(prev.time_ms),
                    i18n::inert(&prev.operator, false)
                )
            };
            self.log_outcome(&out)?;
            return Ok(out);
        }
        let me = self.require_identity()?;
        let age_id = self.age_identity()?;
        // Stages 2–4 (envelope, decryption, container) and 5–6 (signatures, content).
        let read = match pre {
            Some(r) => {
                progress(out.size, out.size.max(1));
                r
            }
            None => read_stage(&self.store, inbox, &age_id, out.size, progress),
        };
        let ReadStage {
            verified,
            ops,
            instruments,
            blobs: kept_blobs,
        } = match read {
            Ok(r) => r,
            Err(f) => return self.reject(out, &f),
        };
        let m = &verified.manifest;
        let carried_names: BTreeMap<String, String> = m
            .devices
            .iter()
            .map(|d| (d.device.clone(), d.name.clone()))
            .chain(std::iter::once((
                m.exporter.device.clone(),
                m.exporter.name.clone(),
            )))
            .collect();
        let signer = m.exporter.device.clone();
        out.signer = Some(signer.clone());
        out.signer_name = Some(self.name_for(&signer, &carried_names));
        out.fingerprint = Some(fingerprint(&signer));
        out.bundle_id = Some(m.bundle_id.clone());
        if !verified.signature_ok {
            return self.reject(out, &Fault::BadSignature("manifest".into()));
        }
        if !self.is_trusted(&signer)? {
            out.verdict = Verdict::Quarantined;
            out.reason = "unknown_signer".into();
            out.stage = 5;
            let name = i18n::inert(&m.exporter.name, false);
            let role = if m.exporter.role == "supervisor" {
                "supervisor"
            } else {
                "assessor"
            };
            out.message = if en {
                format!(
                    "Quarantined: unknown sender {name} (fingerprint {}). Check the fingerprint with the sender by phone, then: tilik trust add --key {signer} --name \"{name}\" --role {role}; then: tilik import --retry. The file is kept; no need to send it again.",
                    fingerprint(&signer)
                )
            } else {
                format!(
                    "Dikarantina: pengirim tidak dikenal {name} (sidik jari {}). Cocokkan sidik jari dengan pengirim lewat telepon, lalu percayai kuncinya: tilik trust add --key {signer} --name \"{name}\" --role {role}; lalu: tilik import --retry. Berkas sudah disimpan; tidak perlu dikirim ulang.",
                    fingerprint(&signer)
                )
            };
            // The inbox copy is all a retry will have: make it durable first.
            sync_file(inbox).map_err(|source| Error::Io {
                context: "sync the inbox copy".into(),
                source,
            })?;
            if let Some(dir) = inbox.parent() {
                sync_dir(dir).map_err(|source| Error::Io {
                    context: "sync the inbox folder".into(),
                    source,
                })?;
            }
            self.store.meta_put(
                &format!("quarantine/{hash}"),
                &Quarantine {
                    file: out.file.clone(),
                    inbox: inbox.display().to_string(),
                    signer: signer.clone(),
                    signer_name: m.exporter.name.clone(),
                    time_ms: now_ms(),
                },
            )?;
            self.log_outcome(&out)?;
            return Ok(out);
        }
        if let Some(f) = &verified.finding {
            return self.reject(out, f);
        }

        // Stage 7: what this store knows (instruments, roles).
        let mut embedded: BTreeMap<String, Instrument> = BTreeMap::new();
        let mut embedded_raw: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        for (i, bytes) in instruments {
            let Some(entry) = m.instruments.get(i) else {
                continue;
            };
            if let Ok(inst) = serde_json::from_slice::<Instrument>(&bytes) {
                embedded.insert(entry.hash.clone(), inst);
                embedded_raw.insert(entry.hash.clone(), bytes);
            }
        }
        let policy = BundlePolicy {
            base,
            extra: &embedded,
        };
        let heads: Vec<SignedHead> = m
            .segments
            .iter()
            .map(|s| SignedHead {
                device: s.device.clone(),
                seq: s.last_seq,
                hash: s.head_hash.clone(),
                sig: s.head_sig.clone(),
            })
            .collect();
        let carried: BTreeSet<String> = m
            .blobs
            .iter()
            .filter(|b| b.included)
            .map(|b| b.hash.clone())
            .collect();
        // Stage 8: plan, evidence, one transaction.
        let plan: Plan = plan_merge(&self.store, &policy, ops, heads, &carried)?;
        let mut needed: BTreeSet<usize> = BTreeSet::new();
        let mut second_pass: BTreeSet<usize> = BTreeSet::new();
        for (i, b) in m.blobs.iter().enumerate() {
            if b.included && !self.store.has_blob(&b.hash)? {
                needed.insert(i);
                match kept_blobs.get(&i) {
                    Some(bytes) => self.store.put_blob_unsynced(&b.hash, bytes)?,
                    None => {
                        second_pass.insert(i);
                    }
                }
            }
        }
        drop(kept_blobs);
        if !second_pass.is_empty() {
            let reader = match open_container(inbox, Some(&age_id)) {
                Ok((_, r)) => r,
                Err(f) => return self.reject(out, &f),
            };
            let mut sink = BlobSink {
                ws: self,
                needed: &second_pass,
                error: None,
            };
            match read_container(reader, &Limits::default(), &mut sink) {
                Ok(v) if v.fault().is_none() => {}
                Ok(_) => return self.reject(out, &Fault::Damaged("changed".into())),
                Err(f) => return self.reject(out, &f),
            }
            if let Some(e) = sink.error {
                return Err(e);
            }
        }
        if !needed.is_empty() {
            crash_point("import-after-blobs");
        }
        let r: &Report = &plan.report;
        out.stage = 8;
        out.new_ops = r.new_ops;
        out.known_ops = r.known_ops;
        out.conflicts = r.conflicts;
        out.new_conflicts = r.new_conflicts;
        out.forks.clone_from(&r.forks);
        out.clock_warnings = r.clock.len() as u64;
        out.pending_evidence.clone_from(&r.pending);
        out.gaps = r
            .gaps
            .iter()
            .map(|g| GapView {
                device: g.device.clone(),
                name: self.name_for(&g.device, &carried_names),
                from: g.from,
                to: g.to,
            })
            .collect();
        let by_ref: BTreeMap<_, _> = plan
            .new_ops
            .iter()
            .map(|o| (o.op.op_ref(), &o.op))
            .collect();
        out.held = r
            .held
            .iter()
            .map(|(rf, h)| {
                let op = by_ref.get(rf);
                HeldView {
                    device: rf.device.clone(),
                    name: self.name_for(&rf.device, &carried_names),
                    seq: rf.seq,
                    kind: op.map(|o| o.body.kind().to_string()).unwrap_or_default(),
                    assessment: op
                        .map(|o| o.body.assessment().to_string())
                        .unwrap_or_default(),
                    indicator: op.and_then(|o| o.body.indicator().map(str::to_string)),
                    reason: h.reason.clone(),
                    detail: h.detail.clone(),
                }
            })
            .collect();
        let mut warnings: Vec<String> = Vec::new();
        let mut notes: Vec<String> = Vec::new();
        if !out.gaps.is_empty() {
            warnings.push("gap".into());
            for g in &out.gaps {
                notes.push(if en {
                    format!(
                        "device {}: numbers {} not received yet — ask that device for a full bundle",
                        g.name,
                        range_text(g.from, g.to)
                    )
                } else {
                    format!(
                        "perangkat {}: nomor {} belum diterima — minta bundel lengkap dari perangkat itu",
                        g.name,
                        range_text(g.from, g.to)
                    )
                });
            }
        }
        if !out.pending_evidence.is_empty() {
            warnings.push("pending_evidence".into());
            let n = out.pending_evidence.len();
            notes.push(if en {
                format!("{n} evidence file(s) not received yet — ask for an export without --no-evidence")
            } else {
                format!("{n} berkas bukti belum diterima — minta ekspor tanpa --no-evidence")
            });
        }
        if out.clock_warnings > 0 {
            warnings.push("clock".into());
            let n = out.clock_warnings;
            notes.push(if en {
                format!("{n} op(s) stamped before 2020 or in the future — check that device's clock; merged unchanged")
            } else {
                format!("{n} operasi bercap waktu sebelum 2020 atau di masa depan — periksa jam perangkat itu; tetap digabung")
            });
        }
        if !out.held.is_empty() {
            warnings.push("held".into());
            let n = out.held.len();
            notes.push(if en {
                format!("{n} op(s) held (unknown instrument or indicator, or not from a trusted supervisor) — see `tilik conflicts`")
            } else {
                format!("{n} operasi ditahan (instrumen/indikator tidak dikenal, atau bukan dari supervisor tepercaya) — lihat `tilik conflicts`")
            });
        }
        out.warnings.clone_from(&warnings);
        let who = out.signer_name.clone().unwrap_or_default();
        let counts = if en {
            format!(
                "{} new op(s) from {who}, {} conflict(s) ({} new)",
                out.new_ops, out.conflicts, out.new_conflicts
            )
        } else {
            format!(
                "{} operasi baru dari {who}, {} konflik ({} baru)",
                out.new_ops, out.conflicts, out.new_conflicts
            )
        };
        if !r.forks.is_empty() {
            out.verdict = Verdict::Quarantined;
            out.reason = "fork".into();
            let f = &r.forks[0];
            let name = self.name_for(&f.device, &carried_names);
            out.message = if en {
                format!(
                    "Quarantined: device {name} (fingerprint {}) has two different histories from number {} on (fork). Its ops from that number are kept but not used until a supervisor decides; ask whether the device was restored from a backup. {counts}.",
                    fingerprint(&f.device),
                    f.seq
                )
            } else {
                format!(
                    "Dikarantina: perangkat {name} (sidik jari {}) punya dua riwayat berbeda mulai nomor {} (fork). Operasinya sejak nomor itu disimpan tetapi tidak dipakai sampai supervisor memutuskan; tanyakan apakah perangkat dipulihkan dari cadangan. {counts}.",
                    fingerprint(&f.device),
                    f.seq
                )
            };
        } else if r.new_ops == 0 && needed.is_empty() && r.released == 0 {
            out.verdict = Verdict::NoNewData;
            out.reason = "no_new_data".into();
            out.message = lang
                .t(
                    "Tidak ada data baru: semua isi bundel ini sudah ada di penyimpanan.",
                    "No new data: everything in this bundle is already in the store.",
                )
                .to_string();
            if !notes.is_empty() {
                out.message = format!("{} ({})", out.message, notes.join("; "));
            }
        } else if warnings.is_empty() {
            out.verdict = Verdict::Accepted;
            out.reason = "ok".into();
            out.message = if en {
                format!("Accepted: {counts}.")
            } else {
                format!("Diterima: {counts}.")
            };
        } else {
            out.verdict = Verdict::AcceptedWithWarnings;
            out.reason.clone_from(&warnings[0]);
            out.message = if en {
                format!("Accepted with warnings: {counts}. {}.", notes.join("; "))
            } else {
                format!(
                    "Diterima dengan peringatan: {counts}. {}.",
                    notes.join("; ")
                )
            };
        }
        // Writes riding in the same transaction.
        let mut extra = Extra::default();
        for (h, raw) in &embedded_raw {
            if self.store.meta_raw(&format!("inst/{h}"))?.is_none() {
                extra.meta_put.push((format!("inst/{h}"), raw.clone()));
            }
        }
        let own = Self::own_devices(&me);
        for (d, n) in &carried_names {
            if !own.contains(d)
                && self.store.meta_raw(&format!("name/{d}"))?.is_none()
                && !n.trim().is_empty()
            {
                extra.meta_put.push((
                    format!("name/{d}"),
                    serde_json::to_vec(&n.trim()).unwrap_or_default(),
                ));
            }
        }
        extra.meta_put.push((
            format!("imported/{hash}"),
            serde_json::to_vec(&Imported {
                time_ms: now_ms(),
                verdict: out.verdict.as_str().into(),
                file: out.file.clone(),
                operator: me.name.clone(),
            })
            .unwrap_or_default(),
        ));
        extra.meta_remove.push(format!("quarantine/{hash}"));
        extra.log = Some(self.log_record(&out));
        self.store.apply_plan_with(&plan, &extra, durable)?;
        base.instruments.extend(embedded);
        Ok(out)
    }

    /// Import several files; one verdict each. Each bundle is merged in its own atomic
    /// transaction; the store is made durable once, before the verdicts are returned.
    ///
    /// # Errors
    /// Storage failure.
    pub fn import_files(
        &self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Vec<ImportOutcome>> {
        let mut policy = self.policy(&BTreeMap::new())?;
        let out = if paths.len() < 2 {
            paths
                .iter()
                .map(|p| self.import_one(p, progress, false, &mut policy))
                .collect::<Result<Vec<_>>>()?
        } else {
            self.import_pipelined(paths, progress, &mut policy)?
        };
        if !paths.is_empty() {
            self.store.sync()?;
            sync_dir(&self.inbox_dir()).map_err(|source| Error::Io {
                context: "sync the inbox folder".into(),
                source,
            })?;
        }
        Ok(out)
    }

    /// Several files on two cores: a worker copies each file into the inbox, reads and
    /// verifies it (stages 2–6, read-only) while this thread merges the one before, in
    /// order. Stage 1 and everything that writes stay on this thread, so the verdicts and
    /// the store are exactly those of importing the files one by one. Progress moves per
    /// file.
    fn import_pipelined(
        &self,
        paths: &[PathBuf],
        progress: &mut dyn FnMut(u64, u64),
        policy: &mut ImportPolicy,
    ) -> Result<Vec<ImportOutcome>> {
        let age_id = self.age_identity()?;
        let inbox_dir = self.inbox_dir();
        let store = &self.store;
        std::thread::scope(|sc| {
            // One file read ahead: memory stays at about two bundles' ops.
            let (tx, rx) = std::sync::mpsc::sync_channel::<(
                Landed,
                Option<std::result::Result<ReadStage, Fault>>,
            )>(1);
            let age_id = &age_id;
            let inbox_dir = &inbox_dir;
            sc.spawn(move || {
                for p in paths {
                    let landed = land(inbox_dir, p, false);
                    let pre = match &landed.result {
                        Ok((inbox, hash, size)) if !already_imported(store, hash) => {
                            Some(read_stage(store, inbox, age_id, *size, &mut |_, _| {}))
                        }
                        _ => None,
                    };
                    if tx.send((landed, pre)).is_err() {
                        break;
                    }
                }
            });
            let mut out = Vec::with_capacity(paths.len());
            for (landed, pre) in rx {
                out.push(self.process_landed(landed, pre, progress, false, policy)?);
            }
            Ok(out)
        })
    }

    /// The import log, oldest first.
    ///
    /// # Errors
    /// Storage failure.
    pub fn import_log(&self) -> Result<Vec<LogRecord>> {
        Ok(self
            .store
            .import_log()?
            .iter()
            .filter_map(|b| serde_json::from_slice(b).ok())
            .collect())
    }

    // ---- sync ----

    /// Write this device's cumulative bundle into `dir`, then import every bundle found
    /// there (never deleting anything in `dir`).
    ///
    /// # Errors
    /// Export failure or storage failure.
    pub fn sync_folder(
        &self,
        dir: &Path,
        to: &[String],
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<SyncReport> {
        let exported = self.export(
            &ExportOptions {
                target: Target::Dir(dir.to_path_buf()),
                to: to.to_vec(),
                since: None,
                no_evidence: false,
            },
            progress,
        )?;
        let mine = PathBuf::from(&exported.file);
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|source| Error::Io {
                context: format!("read {}", dir.display()),
                source,
            })?
            .filter_map(std::result::Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let n = p.file_name().map(|n| n.to_string_lossy().to_string());
                n.is_some_and(|n| {
                    !n.starts_with('.')
                        && (n.ends_with(&format!(".{EXT_PLAIN}"))
                            || n.ends_with(&format!(".{EXT_AGE}")))
                })
            })
            .filter(|p| p != &mine)
            .collect();
        files.sort();
        let imports = self.import_files(&files, progress)?;
        Ok(SyncReport { exported, imports })
    }

    // ---- conflicts and resolution ----

    /// Open conflicts (numbered candidates), held ops, forks, gaps and pending evidence.
    ///
    /// # Errors
    /// Storage failure.
    pub fn conflicts(&self) -> Result<ConflictsReport> {
        let en = self.lang.en();
        let mut conflicts = Vec::new();
        for st in self.store.assessments_iter() {
            let st = st?;
            let (pemda_name, lokus_name) = st.header.as_ref().map_or_else(
                || (String::new(), String::new()),
                |h| {
                    (
                        h.pemda_name.clone(),
                        crate::core::region::lokus_display(&h.lokus, h.lokus_name.as_deref()),
                    )
                },
            );
            for (ind, slot) in &st.slots {
                if !slot.in_conflict() {
                    continue;
                }
                let evidence = slot.evidence();
                let candidates = slot
                    .heads
                    .iter()
                    .enumerate()
                    .map(|(i, h)| CandidateView {
                        n: i + 1,
                        value: h.value.short(en),
                        raw: h.value,
                        device: h.op.device.clone(),
                        name: i18n::inert(&self.device_name(&h.op.device), false),
                        seq: h.op.seq,
                        wall_ms: h.wall_ms,
                        note: slot
                            .notes
                            .get(&h.op.device)
                            .map(|n| i18n::inert(&n.text, false))
                            .filter(|t| !t.is_empty()),
                        evidence: evidence
                            .iter()
                            .filter(|e| e.op.device == h.op.device)
                            .map(|e| i18n::inert(&e.blob.name, false))
                            .collect(),
                        resolution: h.resolution.as_deref().map(|r| i18n::inert(r, false)),
                    })
                    .collect();
                conflicts.push(SlotConflict {
                    assessment: st.id.clone(),
                    pemda_name: pemda_name.clone(),
                    lokus_name: lokus_name.clone(),
                    indicator: ind.clone(),
                    candidates,
                });
            }
        }
        let forks = self.store.forks()?;
        let mut held = Vec::new();
        for (r, h) in self.store.held_ops()? {
            if forks.get(&r.device).is_some_and(|n| r.seq >= *n) {
                continue;
            }
            let op = self.store.op(&r.device, r.seq)?;
            held.push(HeldView {
                name: i18n::inert(&self.device_name(&r.device), false),
                kind: op
                    .as_ref()
                    .map(|o| o.body.kind().to_string())
                    .unwrap_or_default(),
                assessment: op
                    .as_ref()
                    .map(|o| o.body.assessment().to_string())
                    .unwrap_or_default(),
                indicator: op
                    .as_ref()
                    .and_then(|o| o.body.indicator().map(str::to_string)),
                device: r.device,
                seq: r.seq,
                reason: h.reason,
                detail: h.detail,
            });
        }
        let forks_v = forks
            .iter()
            .map(|(d, s)| ForkView {
                device: d.clone(),
                name: i18n::inert(&self.device_name(d), false),
                fingerprint: fingerprint(d),
                seq: *s,
            })
            .collect();
        let mut gaps = Vec::new();
        for (d, runs) in self.store.all_runs()? {
            for (from, to) in gaps_of(&runs) {
                gaps.push(GapView {
                    device: d.clone(),
                    name: i18n::inert(&self.device_name(&d), false),
                    from,
                    to,
                });
            }
        }
        Ok(ConflictsReport {
            conflicts,
            held,
            forks: forks_v,
            gaps,
            pending_evidence: self.store.pending_blobs()?.into_iter().collect(),
        })
    }

    /// Resolve a slot: pick candidate `pick` (1-based, as `conflicts` numbers them) or set
    /// `value`, with a reason. Only a supervisor may. Writes one `Resolve` op.
    ///
    /// # Errors
    /// `NotSupervisor`, `ReasonRequired`, `NoConflict`, `BadPick`, unknown assessment,
    /// indicator or value.
    pub fn resolve(
        &self,
        id: &str,
        indicator: &str,
        pick: Option<usize>,
        value: Option<&str>,
        reason: &str,
    ) -> Result<Vec<Op>> {
        let me = self.require_identity()?;
        if me.role != Role::Supervisor {
            return Err(Error::NotSupervisor);
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::ReasonRequired);
        }
        let d = self.detail(id)?;
        let ind = Self::canonical_indicator(&d.instrument, indicator)?;
        let slot = d.state.slots.get(&ind).cloned().unwrap_or_default();
        let chosen = match (pick, value) {
            (Some(n), _) => {
                if !slot.in_conflict() {
                    return Err(Error::NoConflict {
                        assessment: d.state.id.clone(),
                        indicator: ind,
                    });
                }
                let max = slot.heads.len();
                if n == 0 || n > max {
                    return Err(Error::BadPick { n, max });
                }
                slot.heads[n - 1].value
            }
            (None, Some(v)) => Self::parse_value(&d.instrument, &ind, v)?,
            (None, None) => {
                return Err(Error::BadPick {
                    n: 0,
                    max: slot.heads.len(),
                });
            }
        };
        let iref = match d.state.header.as_ref() {
            Some(h) if h.instrument.hash == d.instrument.content_hash()? => h.instrument.clone(),
            _ => self.keep_instrument(&d.instrument)?,
        };
        self.store.commit(
            &me.device,
            &[(
                OpBody::Resolve {
                    assessment: d.state.id.clone(),
                    indicator: ind,
                    value: chosen,
                    supersedes: slot.head_refs(),
                    reason: reason.to_string(),
                    instrument: iref,
                },
                None,
            )],
            now_ms(),
        )
    }

    /// Digest of the merged state (answers, conflicts, forks, held ops, gaps, pending
    /// evidence): equal digests mean equal stores.
    ///
    /// # Errors
    /// Storage failure.
    pub fn state_digest(&self) -> Result<String> {
        self.store.state_digest()
    }
}
