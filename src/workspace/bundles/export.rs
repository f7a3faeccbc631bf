//! Export in three steps, so each can be read on its own: **plan** what the bundle carries
//! (segments ending at signed heads, section hashes, instruments, evidence, the summary
//! and the signed manifest) without writing anything; **write** it (temp name, fsync,
//! rename, read back and compare the hash); then keep the **receipt** (what was exported,
//! this device's signed heads, and that the file is ours so importing it is a no-op).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::super::{Workspace, now_ms};
use super::dest::{self, Destination, ReadBack, Volume};
use crate::bundle::{EXT_AGE, EXT_PLAIN, Out, bundle_code, parse_recipient, slug};
use crate::core::bundle::{
    self as cb, AssessmentSummary, BlobEntry, ContainerWriter, DeviceEntry, Exporter,
    InstrumentEntry, Manifest, SegmentEntry, head_message, kind, ops_record,
};
use crate::core::codec::hex;
use crate::core::instrument::InstrumentRef;
use crate::core::merge::{SignedHead, plan_segments};
use crate::core::op::{BlobRef, Op, OpBody, op_hash};
use crate::error::{Error, Result};
use crate::fsio::sync_dir;
use crate::identity::{Identity, short_fingerprint};
use crate::storage::bundles::crash_point;
use crate::storage::records::{ExportReceipt, Imported};

/// Largest evidence file carried in a bundle (larger ones are listed as omitted).
const MAX_BLOB: u64 = 256 << 20;

/// Where an export goes. The folder must exist (a mistyped USB path is refused, not made
/// on the internal disk) unless the target is one of the `New…` ones.
#[derive(Debug, Clone)]
pub enum Target {
    /// Exactly this file.
    File(PathBuf),
    /// A new file named `tilik_<name>_<fp>_<time>_<code>.tilik[.age]` in this folder.
    Dir(PathBuf),
    /// As `File`, its folder made when missing (the user said so).
    NewFile(PathBuf),
    /// As `Dir`, the folder made when missing (the user said so).
    NewDir(PathBuf),
}

impl Target {
    /// The folder written into, the fixed file name if any, and whether the folder may be
    /// made.
    fn parts(&self) -> (PathBuf, Option<PathBuf>, bool) {
        let parent = |p: &Path| {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        match self {
            Target::File(p) => (parent(p), Some(p.clone()), false),
            Target::NewFile(p) => (parent(p), Some(p.clone()), true),
            Target::Dir(d) => (d.clone(), None, false),
            Target::NewDir(d) => (d.clone(), None, true),
        }
    }
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
    /// Respondents' contact data left out because the bundle is not encrypted.
    pub contacts_stripped: usize,
    /// How the file was checked after it was written (read back from the disk).
    pub read_back: ReadBack,
    /// The disk the file is on and its free space, when known.
    pub volume: Option<Volume>,
    /// The destination folder did not exist and was made for this export.
    pub created_dir: Option<String>,
}

/// Everything an export writes, decided before a byte is written.
struct ExportPlan {
    me: Identity,
    recipients: Vec<String>,
    since: Option<ExportReceipt>,
    manifest: Manifest,
    manifest_bytes: Vec<u8>,
    manifest_sig: [u8; 64],
    /// Embedded instrument definitions, in manifest order of the embedded ones.
    instruments: Vec<Vec<u8>>,
    total_ops: u64,
    own_ops: u64,
    unsigned_skipped: u64,
    contacts_stripped: usize,
}

/// What the ops of the chosen segments refer to, read in the planning pass.
#[derive(Default)]
struct Referenced {
    instruments: BTreeSet<InstrumentRef>,
    blobs: BTreeMap<String, BlobRef>,
    assessments: BTreeSet<String>,
}

/// The bundle file, written, renamed to its final name and checked.
struct Written {
    path: PathBuf,
    hash: String,
    code: String,
    size: u64,
    read_back: ReadBack,
}

fn signing_failed() -> Error {
    Error::Storage("signing key unreadable".into())
}

impl Workspace {
    /// Export a bundle (see [`ExportOptions`]); `progress(done, total)` counts ops and
    /// evidence files written.
    ///
    /// # Errors
    /// A missing destination folder (unless the target says to make it), no identity, bad
    /// recipient, unknown `--since` bundle, nothing new since it (`NothingNewSince`, nothing
    /// written), write failure, a file that does not read back
    /// the same. Nothing is left behind by a failed export: no file with the final name
    /// exists unless the whole bundle was written and verified, and a folder made for it
    /// is taken away again.
    pub fn export(
        &self,
        opts: &ExportOptions,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Exported> {
        let (dir, _, create) = opts.target.parts();
        dest::check(&dir, create)?;
        let plan = self.plan_export(opts)?;
        if let Some(since) = plan.since.as_ref().filter(|_| plan.total_ops == 0) {
            // Issue 16: a 0-op bundle helps no one; say so and write nothing.
            return Err(Error::NothingNewSince(since.code.clone()));
        }
        // Every op that leaves this device is at or below the mark kept outside the store,
        // so a later restore of an older store is noticed (`Store::watch_sequence`).
        self.store.mark_sequence();
        let made = if create { dest::make(&dir)? } else { None };
        let written = match self.write_bundle(&plan, &opts.target, progress) {
            Ok(w) => w,
            Err(e) => {
                dest::unmake(&dir, made.as_deref());
                return Err(e);
            }
        };
        self.keep_receipt(&plan, &written)?;
        let m = &plan.manifest;
        Ok(Exported {
            file: written.path.display().to_string(),
            bundle_id: m.bundle_id.clone(),
            code: written.code,
            hash: written.hash,
            size: written.size,
            encrypted: !plan.recipients.is_empty(),
            recipients: plan.recipients.clone(),
            segments: m.segments.len(),
            ops: plan.total_ops,
            own_ops: plan.own_ops,
            blobs: m.blobs.iter().filter(|b| b.included).count(),
            blobs_omitted: m.blobs.iter().filter(|b| !b.included).count(),
            instruments: plan.instruments.len(),
            unsigned_skipped: plan.unsigned_skipped,
            contacts_stripped: plan.contacts_stripped,
            read_back: written.read_back,
            volume: dest::volume(&written.path, &self.dirs.data),
            created_dir: made.map(|_| dir.display().to_string()),
        })
    }

    /// What the export form needs to know about a typed folder before it asks whether to
    /// make it: whether it exists, and the disk it is (or would be) on.
    #[must_use]
    pub fn export_destination(&self, dir: &Path) -> Destination {
        Destination {
            path: dir.to_path_buf(),
            exists: dir.is_dir(),
            volume: dest::volume(dir, &self.dirs.data),
        }
    }

    /// Bundles this device exported, oldest first.
    ///
    /// # Errors
    /// Storage failure.
    pub fn exports(&self) -> Result<Vec<ExportReceipt>> {
        let mut v: Vec<ExportReceipt> = self.store.export_receipts()?.into_values().collect();
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

    // ---- plan ----

    /// Step 1: choose the segments, read their ops once (section hashes and what they
    /// refer to), and build and sign the manifest. Writes nothing.
    fn plan_export(&self, opts: &ExportOptions) -> Result<ExportPlan> {
        let me = self.require_identity()?;
        let _ = self.age_identity()?;
        let recipients = self.recipients(&opts.to)?;
        let since = match &opts.since {
            Some(q) => Some(self.find_export(q)?),
            None => None,
        };
        let (mut segments, unsigned_skipped) = self.segments(&me, since.as_ref())?;
        let mut refs = Referenced::default();
        let mut total_ops = 0u64;
        let mut own_ops = 0u64;
        for s in &mut segments {
            self.hash_section(s, &mut refs)?;
            let n = s.last_seq - s.first_seq + 1;
            total_ops += n;
            if s.device == me.device {
                own_ops += n;
            }
        }
        let (instrument_entries, instruments) = self.embedded_instruments(&refs.instruments)?;
        let mut blobs: Vec<BlobEntry> = Vec::new();
        let mut contacts_stripped = 0usize;
        for (h, b) in &refs.blobs {
            // Personal data (UU 27/2022) travels only in an encrypted bundle.
            if b.mime == crate::workspace::CONTACT_MIME && recipients.is_empty() {
                contacts_stripped += 1;
                continue;
            }
            let included = !opts.no_evidence && b.size <= MAX_BLOB && self.store.has_blob(h)?;
            blobs.push(BlobEntry {
                hash: h.clone(),
                size: b.size,
                mime: b.mime.clone(),
                name: b.name.clone(),
                included,
            });
        }
        let summary = self.export_summary(&refs.assessments)?;
        let devices = self.segment_devices(&me, &segments);
        let previous: Vec<String> = self
            .exports()?
            .iter()
            .rev()
            .take(20)
            .map(|r| r.bundle_id.clone())
            .collect();
        let mut manifest = Manifest::new(
            uuid::Uuid::now_v7().to_string(),
            now_ms(),
            env!("CARGO_PKG_VERSION"),
            Exporter {
                device: me.device.clone(),
                name: me.name.clone(),
                role: me.role.as_str().into(),
                office: me.office.clone(),
            },
        );
        manifest.recipients.clone_from(&recipients);
        manifest.since = since.as_ref().map(|s| s.bundle_id.clone());
        manifest.previous_bundles = previous;
        manifest.segments = segments;
        manifest.blobs = blobs;
        manifest.instruments = instrument_entries;
        manifest.devices = devices;
        manifest.summary = summary;
        // `prev` of each segment's first op.
        for s in &mut manifest.segments {
            if s.first_seq > 1 {
                let op = self
                    .store
                    .op(&s.device, s.first_seq)?
                    .ok_or_else(|| Error::Storage("op missing".into()))?;
                s.prev = op.prev;
            }
        }
        let manifest_bytes = manifest.encode()?;
        let manifest_sig = me
            .sign(&cb::manifest_message(&manifest_bytes))
            .ok_or_else(signing_failed)?;
        Ok(ExportPlan {
            me,
            recipients,
            since,
            manifest,
            manifest_bytes,
            manifest_sig,
            instruments,
            total_ops,
            own_ops,
            unsigned_skipped,
            contacts_stripped,
        })
    }

    /// Contiguous runs per device, cut at a fork, after `since`, ending at a signed head
    /// (this device signs its own head now). Section hashes are filled in later.
    fn segments(
        &self,
        me: &Identity,
        since: Option<&ExportReceipt>,
    ) -> Result<(Vec<SegmentEntry>, u64)> {
        let forks = self.store.forks()?;
        let since_map = since.map(|s| s.devices.clone()).unwrap_or_default();
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
                        .ok_or_else(signing_failed)?;
                    Ok(Some((b, hash, hex(&sig))))
                } else {
                    Ok(self
                        .store
                        .best_signed_head(dev, a, b)?
                        .map(|(s, h, sig)| (s, h, hex(&sig))))
                }
            },
        )?;
        let segments = plans
            .into_iter()
            .map(|p| SegmentEntry {
                device: p.device,
                first_seq: p.first,
                last_seq: p.last,
                count: p.last - p.first + 1,
                prev: None,
                head_hash: p.head_hash,
                head_sig: p.sig,
                section_hash: String::new(),
                section_len: 0,
            })
            .collect();
        Ok((segments, unsigned_skipped))
    }

    /// Read a segment's ops once: its section hash and length, and the instruments,
    /// evidence and assessments they refer to.
    fn hash_section(&self, s: &mut SegmentEntry, refs: &mut Referenced) -> Result<()> {
        let mut h = blake3::Hasher::new();
        let mut len = 0u64;
        let mut expect = s.first_seq;
        for r in self
            .store
            .device_op_bytes(&s.device, s.first_seq, s.last_seq)
        {
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
            refs.assessments.insert(op.body.assessment().to_string());
            match &op.body {
                OpBody::CreateAssessment { instrument, .. }
                | OpBody::SetAnswer { instrument, .. }
                | OpBody::Resolve { instrument, .. } => {
                    refs.instruments.insert(instrument.clone());
                }
                OpBody::AttachEvidence { blob, .. }
                | OpBody::AttachProof(crate::core::survey::ProofAttach { blob, .. }) => {
                    refs.blobs
                        .entry(blob.hash.clone())
                        .or_insert_with(|| blob.clone());
                }
                OpBody::AddRespondent(a) => {
                    for blob in a.proof.iter().chain(a.contact.as_ref()) {
                        refs.blobs
                            .entry(blob.hash.clone())
                            .or_insert_with(|| blob.clone());
                    }
                }
                _ => {}
            }
        }
        if expect != s.last_seq + 1 {
            return Err(Error::Storage(format!(
                "ops of {} missing",
                short_fingerprint(&s.device)
            )));
        }
        s.section_hash = h.finalize().to_hex().to_string();
        s.section_len = len;
        Ok(())
    }

    /// Every referenced instrument, embedded when this store has its exact bytes.
    fn embedded_instruments(
        &self,
        refs: &BTreeSet<InstrumentRef>,
    ) -> Result<(Vec<InstrumentEntry>, Vec<Vec<u8>>)> {
        let mut entries: Vec<InstrumentEntry> = Vec::new();
        let mut embedded: Vec<Vec<u8>> = Vec::new();
        for r in refs {
            let bytes = match self.store.kept_instrument_bytes(&r.hash)? {
                Some(b) => Some(b),
                None => {
                    let mut found = None;
                    for i in self.catalog().all() {
                        if i.content_hash()? == r.hash {
                            found = Some(i);
                            break;
                        }
                    }
                    match found {
                        Some(i) => Some(
                            serde_json::to_vec(i).map_err(|e| Error::encode("instrument", e))?,
                        ),
                        None => None,
                    }
                }
            }
            .filter(|b| blake3::hash(b).to_hex().as_str() == r.hash);
            entries.push(InstrumentEntry {
                id: r.id.clone(),
                version: r.version.clone(),
                hash: r.hash.clone(),
                embedded: bytes.is_some(),
                size: bytes.as_ref().map_or(0, |b| b.len() as u64),
            });
            if let Some(b) = bytes {
                embedded.push(b);
            }
        }
        Ok((entries, embedded))
    }

    /// The manifest's summary of every assessment the segments touch.
    fn export_summary(&self, assessments: &BTreeSet<String>) -> Result<Vec<AssessmentSummary>> {
        let mut summary: Vec<AssessmentSummary> = Vec::new();
        for id in assessments {
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
                    status: if st.edited_after_final() {
                        "edited_after_final"
                    } else if st.is_final() {
                        "final"
                    } else {
                        "draft"
                    }
                    .into(),
                });
            }
        }
        Ok(summary)
    }

    /// Names and roles of the devices whose segments the bundle carries.
    fn segment_devices(&self, me: &Identity, segments: &[SegmentEntry]) -> Vec<DeviceEntry> {
        let devices: BTreeSet<&str> = segments.iter().map(|s| s.device.as_str()).collect();
        devices
            .iter()
            .map(|d| DeviceEntry {
                device: (*d).to_string(),
                name: self.device_name(d),
                role: self
                    .store
                    .trust_get(d)
                    .ok()
                    .flatten()
                    .map(|e| e.role.as_str().to_string())
                    .or_else(|| (*d == me.device).then(|| me.role.as_str().to_string())),
            })
            .collect()
    }

    // ---- write ----

    /// Step 2: write the container under a temp name (encrypted when there are
    /// recipients), fsync, rename to the final name, fsync the folder and check the file.
    fn write_bundle(
        &self,
        plan: &ExportPlan,
        target: &Target,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<Written> {
        let encrypted = !plan.recipients.is_empty();
        let (dir, fixed, _) = target.parts();
        let tmp = dir.join(format!(".tilik-export-{}.tmp", plan.manifest.bundle_id));
        let parsed: Vec<age::x25519::Recipient> = plan
            .recipients
            .iter()
            .map(|r| parse_recipient(r))
            .collect::<Result<_>>()?;
        let total =
            plan.total_ops + plan.manifest.blobs.iter().filter(|b| b.included).count() as u64;
        let mut out = Out::create(&tmp, &parsed)?;
        if let Err(e) = self.write_container(plan, &mut out, total, progress) {
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
        let me = &plan.me;
        let final_path = fixed.unwrap_or_else(|| {
            let when = jiff::Timestamp::from_millisecond(plan.manifest.created_ms)
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
        let read_back = match dest::read_back(&final_path, &hash, &plan.manifest.bundle_id) {
            Ok(r) => r,
            Err(e) => {
                let _ = std::fs::remove_file(&final_path);
                let _ = sync_dir(&dir);
                return Err(e);
            }
        };
        Ok(Written {
            path: final_path,
            hash,
            code,
            size,
            read_back,
        })
    }

    /// The container's sections: manifest, its signature, every segment's ops (checked
    /// against the planned section hash), the included evidence, the instruments.
    fn write_container(
        &self,
        plan: &ExportPlan,
        out: &mut Out,
        total: u64,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<()> {
        let ioe = |source: std::io::Error| Error::Io {
            context: "write bundle".into(),
            source,
        };
        let mut done = 0u64;
        let mut w = ContainerWriter::new(&mut *out).map_err(ioe)?;
        w.section(kind::MANIFEST, &plan.manifest_bytes)
            .map_err(ioe)?;
        w.section(kind::MANIFEST_SIG, &plan.manifest_sig)
            .map_err(ioe)?;
        for s in &plan.manifest.segments {
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
                done += 1;
                if done.is_multiple_of(1024) {
                    progress(done, total);
                }
            }
            if h.finalize().to_hex().as_str() != s.section_hash {
                return Err(Error::Storage("ops changed during export".into()));
            }
            crash_point("export-mid-write");
        }
        for b in plan.manifest.blobs.iter().filter(|b| b.included) {
            // Streamed from its file, checked against its hash as it is read (a damaged
            // file fails the export, naming the bundle to import again).
            w.begin(kind::BLOB, b.size).map_err(ioe)?;
            let found = self.store.stream_blob(&b.hash, &mut |c| w.body(c))?;
            if !found {
                let lost = self
                    .store
                    .lose_blob(&b.hash, crate::storage::LossKind::Missing)?;
                return Err(Error::EvidenceLost(vec![lost]));
            }
            done += 1;
            progress(done, total);
        }
        for b in &plan.instruments {
            w.section(kind::INSTRUMENT, b).map_err(ioe)?;
        }
        w.finish().map_err(ioe)?;
        Ok(())
    }

    // ---- receipt ----

    /// Step 3: remember what was exported, this device's signed heads, and that the file
    /// is ours (importing it later says so instead of merging it).
    fn keep_receipt(&self, plan: &ExportPlan, written: &Written) -> Result<()> {
        let me = &plan.me;
        let m = &plan.manifest;
        let mut devices_seq: BTreeMap<String, u64> = plan
            .since
            .as_ref()
            .map(|s| s.devices.clone())
            .unwrap_or_default();
        for s in &m.segments {
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
            let old = self.store.exported_mark(&me.device)?.unwrap_or(0);
            if *own > old {
                self.store.set_exported_mark(&me.device, *own)?;
            }
        }
        let file = written.path.display().to_string();
        let receipt = ExportReceipt {
            bundle_id: m.bundle_id.clone(),
            created_ms: m.created_ms,
            file: file.clone(),
            hash: written.hash.clone(),
            code: written.code.clone(),
            devices: devices_seq,
            ops: plan.total_ops,
            encrypted: !plan.recipients.is_empty(),
            recipients: plan.recipients.clone(),
        };
        self.store.put_export_receipt(&receipt)?;
        self.store.put_imported(
            &written.hash,
            &Imported::exported(m.created_ms, file, me.name.clone()),
        )
    }
}
