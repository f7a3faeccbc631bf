//! Import: one verdict per bundle file, from the staged pipeline of sync-anchors §3.9
//! (`import/pipeline.rs`, one function per stage). This file holds the verdict types and
//! the entry points: one file, several files (read on a worker thread while the one before
//! is merged), and the retry of quarantined files.
//!
//! Nothing is written to the store before the merge stage, except the import log and the
//! inbox copy of the file.

mod inbox;
mod log;
mod pipeline;
mod policy;
mod read;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::super::Workspace;
use crate::bundle::{FileKind, Layer, SourceProblem, file_hash};
use crate::core::bundle::Fault;
use crate::core::merge::ForkInfo;
use crate::core::record::RecordProblem;
use crate::error::{Error, Result};
use crate::fsio::sync_dir;
use crate::identity::Role;

pub use log::LogRecord;
use pipeline::{Input, PreRead};
pub(crate) use policy::ImportPolicy;
use read::read_stage;

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

    /// The stable code (as in JSON).
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
}

/// A warning on an accepted bundle, in the order they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Warning {
    /// A device's numbers are missing between what this store has and what came.
    Gap,
    /// Evidence files announced but not carried.
    PendingEvidence,
    /// Ops whose clock is not believed (before 2020, absurd, in the future, ahead of the
    /// bundle's creation time or of their own wall clock); never used to order them.
    Clock,
    /// Ops held (unknown instrument or indicator, or a role the writer lacks).
    Held,
}

/// Why a file got its verdict: the stable code of JSON `reason` and the import log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Accepted without warnings.
    Ok,
    /// Accepted with warnings, named by the first one.
    Gap,
    PendingEvidence,
    Clock,
    Held,
    /// Read and merged, but everything was already here.
    NoNewData,
    /// This file was imported (or exported by this device) before.
    AlreadyImported,
    /// Signed by a key that is not in the trust roster.
    UnknownSigner,
    /// Carries ops of a device that is not in the roster (and that the signer may not
    /// vouch for, see `docs/bundle-format.md` §6.4).
    UnknownWriter,
    /// A `create_assessment` whose fields do not give its id, or name no real round,
    /// pemda or lokus type.
    BadRecord,
    /// Not a regular file (a FIFO, a device, a folder, or a link to one).
    NotAFile,
    /// Larger than any bundle tilik imports.
    TooLarge,
    /// A device has two histories.
    Fork,
    /// The file could not be read.
    Unreadable,
    /// The bundle faults of [`Fault`].
    NotABundle,
    WrongRecipient,
    Truncated,
    Damaged,
    UnsupportedVersion,
    BadManifest,
    BadSignature,
    HashMismatch,
    BadOpChain,
}

impl Reason {
    /// The stable code (as in JSON).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Ok => "ok",
            Reason::Gap => "gap",
            Reason::PendingEvidence => "pending_evidence",
            Reason::Clock => "clock",
            Reason::Held => "held",
            Reason::NoNewData => "no_new_data",
            Reason::AlreadyImported => "already_imported",
            Reason::UnknownSigner => "unknown_signer",
            Reason::UnknownWriter => "unknown_writer",
            Reason::BadRecord => "bad_record",
            Reason::NotAFile => "not_a_file",
            Reason::TooLarge => "too_large",
            Reason::Fork => "fork",
            Reason::Unreadable => "unreadable",
            Reason::NotABundle => "not_a_bundle",
            Reason::WrongRecipient => "wrong_recipient",
            Reason::Truncated => "truncated",
            Reason::Damaged => "damaged",
            Reason::UnsupportedVersion => "unsupported_version",
            Reason::BadManifest => "bad_manifest",
            Reason::BadSignature => "bad_signature",
            Reason::HashMismatch => "hash_mismatch",
            Reason::BadOpChain => "bad_op_chain",
        }
    }

    /// The reason of a bundle fault.
    #[must_use]
    pub fn of_fault(f: &Fault) -> Reason {
        match f {
            Fault::NotABundle => Reason::NotABundle,
            Fault::WrongRecipient => Reason::WrongRecipient,
            Fault::Truncated => Reason::Truncated,
            Fault::Damaged(_) => Reason::Damaged,
            Fault::UnsupportedVersion { .. } => Reason::UnsupportedVersion,
            Fault::BadManifest(_) => Reason::BadManifest,
            Fault::BadSignature(_) => Reason::BadSignature,
            Fault::HashMismatch(_) => Reason::HashMismatch,
            Fault::BadOpChain(_) => Reason::BadOpChain,
        }
    }
}

impl From<Warning> for Reason {
    fn from(w: Warning) -> Reason {
        match w {
            Warning::Gap => Reason::Gap,
            Warning::PendingEvidence => Reason::PendingEvidence,
            Warning::Clock => Reason::Clock,
            Warning::Held => Reason::Held,
        }
    }
}

/// The stages of the pipeline, in order. JSON and the import log carry the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// 1: imported before (or exported by this device)?
    Known = 1,
    /// 2: a tilik bundle, and ours to open?
    Envelope = 2,
    /// 3: decrypts and reads to the end?
    Decryption = 3,
    /// 4: container and format version, END hash.
    Container = 4,
    /// 5: manifest signature; is the signer trusted?
    Signer = 5,
    /// 6: every section matches the manifest; chains and head signatures verify.
    Content = 6,
    /// 7: what this store knows (instruments, roles); holds ops, never refuses a file.
    Semantics = 7,
    /// 8: merge plan, evidence, one transaction.
    Merge = 8,
}

impl Stage {
    /// The stage number (1–8).
    #[must_use]
    pub fn number(self) -> u8 {
        self as u8
    }

    /// The stage that reports a fault found in `layer` of a bundle file.
    #[must_use]
    pub fn of_layer(layer: Layer) -> Stage {
        match layer {
            Layer::Envelope => Stage::Envelope,
            Layer::Payload => Stage::Decryption,
            Layer::Container => Stage::Container,
        }
    }

    /// The stage that reports what a read-through container found: the manifest
    /// signature (5), else its content (6).
    #[must_use]
    pub fn of_verified(v: &crate::core::bundle::Verified) -> Stage {
        if v.signature_ok {
            Stage::Content
        } else {
            Stage::Signer
        }
    }

    fn from_number(n: u8) -> Option<Stage> {
        [
            Stage::Known,
            Stage::Envelope,
            Stage::Decryption,
            Stage::Container,
            Stage::Signer,
            Stage::Content,
            Stage::Semantics,
            Stage::Merge,
        ]
        .into_iter()
        .find(|s| s.number() == n)
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.number())
    }
}

impl Serialize for Stage {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_u8(self.number())
    }
}

impl<'de> Deserialize<'de> for Stage {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Stage, D::Error> {
        let n = u8::deserialize(d)?;
        Stage::from_number(n)
            .ok_or_else(|| serde::de::Error::custom(format!("no import stage {n}")))
    }
}

/// What the sentence for an outcome says beyond its counts; `present::import` renders it.
#[derive(Debug, Clone)]
pub enum Finding {
    /// Read through to the merge: the outcome's counts and lists say everything (for a
    /// fork, see [`Finding::Fork`]).
    Merged,
    /// The file could not be copied into the inbox.
    Unreadable(Arc<Error>),
    /// The file is not a sound bundle.
    Fault(Fault),
    /// This device made the bundle.
    ExportedHere,
    /// Imported before, at `time_ms` by `operator`.
    ImportedBefore { time_ms: i64, operator: String },
    /// Signed by a key that is not in the roster: the exporter's name and role as the
    /// bundle gives them.
    UnknownSigner { name: String, role: Role },
    /// A device forked: the display name of the first device in `forks`.
    Fork { name: String },
    /// Ops of writers the roster does not have (and the signer may not vouch for).
    UnknownWriter { writers: Vec<Writer> },
    /// A create that names no real record or not the id it claims.
    BadRecord {
        assessment: String,
        problem: RecordProblem,
    },
    /// Not a regular file: what it is.
    NotAFile { kind: FileKind },
    /// Larger than the import limit.
    TooLarge { size: u64, limit: u64 },
}

/// A device whose ops a bundle carries, with the name the bundle claims for it.
#[derive(Debug, Clone, Serialize)]
pub struct Writer {
    pub device: String,
    pub claimed: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GapView {
    pub device: String,
    /// The roster's name (or this store's own, or the short fingerprint).
    pub name: String,
    /// The name the bundle claims, when the roster has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    pub from: u64,
    pub to: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeldView {
    pub device: String,
    /// The roster's name (or this store's own, or the short fingerprint).
    pub name: String,
    /// The name the bundle claims, when the roster has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    pub seq: u64,
    pub kind: String,
    pub assessment: String,
    pub indicator: Option<String>,
    pub reason: String,
    pub detail: String,
}

/// The verdict on one file, with counts. Its JSON adds the sentence for the user as
/// `message` at the edge (`present::json::outcome`).
#[derive(Debug, Clone, Serialize)]
pub struct ImportOutcome {
    pub file: String,
    pub verdict: Verdict,
    pub reason: Reason,
    /// What the sentence for the user says beyond the counts.
    #[serde(skip)]
    pub finding: Finding,
    /// Pipeline stage that decided.
    pub stage: Stage,
    pub new_ops: u64,
    pub known_ops: u64,
    pub conflicts: u64,
    pub new_conflicts: u64,
    pub warnings: Vec<Warning>,
    pub gaps: Vec<GapView>,
    pub held: Vec<HeldView>,
    pub pending_evidence: Vec<String>,
    pub clock_warnings: u64,
    pub forks: Vec<ForkInfo>,
    pub signer: Option<String>,
    /// The roster's name for the signer (or the short fingerprint).
    pub signer_name: Option<String>,
    /// The name the bundle claims for its signer, when the roster has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer_claim: Option<String>,
    pub fingerprint: Option<String>,
    pub bundle_id: Option<String>,
    pub hash: Option<String>,
    pub size: u64,
}

impl ImportOutcome {
    /// A file about to go through the stages. Verdict, reason and finding are set by the
    /// stage that decides; until then they say "rejected, unreadable".
    #[must_use]
    pub fn new(file: &str, finding: Finding) -> ImportOutcome {
        ImportOutcome {
            file: file.to_string(),
            verdict: Verdict::Rejected,
            reason: Reason::Unreadable,
            finding,
            stage: Stage::Known,
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
            signer_claim: None,
            fingerprint: None,
            bundle_id: None,
            hash: None,
            size: 0,
        }
    }
}

impl Workspace {
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
        let mut policy = self.policy(&std::collections::BTreeMap::new())?;
        self.import_one(path, progress, true, &mut policy)
    }

    fn import_one(
        &self,
        path: &Path,
        progress: &mut dyn FnMut(u64, u64),
        durable: bool,
        policy: &mut ImportPolicy,
    ) -> Result<ImportOutcome> {
        let landed = inbox::land(&self.inbox_dir(), path, durable);
        let out = self.process_landed(landed, None, progress, durable, policy)?;
        if durable {
            // The import log record of a refused or known file.
            self.store.sync()?;
        }
        Ok(out)
    }

    /// Continue with a file copied into the inbox (or that could not be): the stages, with
    /// the read stage already done when `pre` is given (by the worker).
    fn process_landed(
        &self,
        landed: inbox::Landed,
        pre: PreRead,
        progress: &mut dyn FnMut(u64, u64),
        durable: bool,
        policy: &mut ImportPolicy,
    ) -> Result<ImportOutcome> {
        let (inbox, hash, size) = match landed.result {
            Ok(Ok(x)) => x,
            Ok(Err(p)) => {
                let mut out = ImportOutcome::new(&landed.display, Finding::Merged);
                out.stage = Stage::Envelope;
                match p {
                    SourceProblem::NotAFile(kind) => {
                        out.reason = Reason::NotAFile;
                        out.finding = Finding::NotAFile { kind };
                    }
                    SourceProblem::TooLarge { size, limit } => {
                        out.reason = Reason::TooLarge;
                        out.size = size;
                        out.finding = Finding::TooLarge { size, limit };
                    }
                }
                self.log_outcome(&out)?;
                return Ok(out);
            }
            Err(e) => {
                let out = ImportOutcome::new(&landed.display, Finding::Unreadable(Arc::new(e)));
                self.log_outcome(&out)?;
                return Ok(out);
            }
        };
        let mut out = ImportOutcome::new(&landed.display, Finding::Merged);
        out.hash = Some(hash.clone());
        out.size = size;
        let input = Input {
            inbox: &inbox,
            hash: &hash,
            durable,
        };
        self.run_pipeline(out, &input, pre, progress, policy)
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
        let mut policy = self.policy(&std::collections::BTreeMap::new())?;
        for (hash, q) in self.quarantined()? {
            let mut out = ImportOutcome::new(&q.file, Finding::Merged);
            let inbox = PathBuf::from(&q.inbox);
            if let Ok((h, size)) = file_hash(&inbox) {
                out.hash = Some(h);
                out.size = size;
            }
            let input = Input {
                inbox: &inbox,
                hash: &hash,
                durable: false,
            };
            v.push(self.run_pipeline(out, &input, None, progress, &mut policy)?);
        }
        self.store.sync()?;
        Ok(v)
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
        let mut policy = self.policy(&std::collections::BTreeMap::new())?;
        let mut out = Vec::with_capacity(paths.len());
        let stopped = if paths.len() < 2 {
            let mut stopped = None;
            for (i, p) in paths.iter().enumerate() {
                match self.import_one(p, progress, false, &mut policy) {
                    Ok(o) => out.push(o),
                    Err(e) => {
                        stopped = Some((i, e));
                        break;
                    }
                }
            }
            stopped
        } else {
            self.import_pipelined(paths, progress, &mut policy, &mut out)?
        };
        if let Some((i, cause)) = stopped {
            return Err(self.interrupted(out, paths, Some(i), cause));
        }
        if out.iter().any(|o| o.new_ops > 0) {
            // The list lines of what changed are made now, with the import (a national
            // year: ~0.5 s), so the next list and the TUI's home open at once. A cache:
            // one not made here is made by that list.
            let _ = self.refresh_lines();
        }
        if !paths.is_empty() {
            // No inbox yet when every file was refused before a byte was copied.
            let synced = self.store.sync().and_then(|()| {
                if !self.inbox_dir().is_dir() {
                    return Ok(());
                }
                sync_dir(&self.inbox_dir()).map_err(|source| Error::Io {
                    context: "sync the inbox folder".into(),
                    source,
                })
            });
            if let Err(cause) = synced {
                return Err(self.interrupted(out, paths, None, cause));
            }
        }
        Ok(out)
    }

    /// The store failed while importing `paths[at]` (or, `None`, while making the batch
    /// durable): every file gets its verdict — those in `done` committed whole, the one
    /// that failed committed or not (its `imported/` record rides in its transaction),
    /// the rest not attempted.
    fn interrupted(
        &self,
        done: Vec<ImportOutcome>,
        paths: &[PathBuf],
        at: Option<usize>,
        cause: Error,
    ) -> Error {
        let failed = at.and_then(|i| paths.get(i)).map(|p| {
            let committed = file_hash(p)
                .ok()
                .is_some_and(|(h, _)| self.store.is_imported(&h).unwrap_or(false));
            (p.display().to_string(), committed)
        });
        let not_reached = at
            .map(|i| {
                paths
                    .iter()
                    .skip(i + 1)
                    .map(|p| p.display().to_string())
                    .collect()
            })
            .unwrap_or_default();
        Error::ImportInterrupted {
            outcomes: done,
            failed,
            not_reached,
            cause: Box::new(cause),
        }
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
        out: &mut Vec<ImportOutcome>,
    ) -> Result<Option<(usize, Error)>> {
        let age_id = self.age_identity()?;
        let inbox_dir = self.inbox_dir();
        let store = &self.store;
        std::thread::scope(|sc| {
            // One file read ahead: memory stays at about two bundles' ops.
            let (tx, rx) = std::sync::mpsc::sync_channel::<(inbox::Landed, PreRead)>(1);
            let age_id = &age_id;
            let inbox_dir = &inbox_dir;
            sc.spawn(move || {
                for p in paths {
                    let landed = inbox::land(inbox_dir, p, false);
                    let pre = match &landed.result {
                        Ok(Ok((inbox, hash, size))) if !inbox::already_imported(store, hash) => {
                            Some(read_stage(store, inbox, age_id, *size, &mut |_, _| {}))
                        }
                        _ => None,
                    };
                    if tx.send((landed, pre)).is_err() {
                        break;
                    }
                }
            });
            for (i, (landed, pre)) in rx.into_iter().enumerate() {
                match self.process_landed(landed, pre, progress, false, policy) {
                    Ok(o) => out.push(o),
                    // Dropping the receiver stops the worker at its next file.
                    Err(e) => return Ok(Some((i, e))),
                }
            }
            Ok(None)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_serde_names_and_match_the_faults() {
        let faults = [
            Fault::NotABundle,
            Fault::WrongRecipient,
            Fault::Truncated,
            Fault::Damaged("x".into()),
            Fault::UnsupportedVersion { major: 9, minor: 0 },
            Fault::BadManifest("x".into()),
            Fault::BadSignature("manifest".into()),
            Fault::HashMismatch("x".into()),
            Fault::BadOpChain("x".into()),
        ];
        for f in &faults {
            assert_eq!(Reason::of_fault(f).as_str(), f.reason());
        }
        assert_eq!(Stage::of_layer(Layer::Envelope).number(), 2);
        assert_eq!(Stage::of_layer(Layer::Payload).number(), 3);
        assert_eq!(Stage::of_layer(Layer::Container).number(), 4);
        let all = [
            Reason::Ok,
            Reason::Gap,
            Reason::PendingEvidence,
            Reason::Clock,
            Reason::Held,
            Reason::NoNewData,
            Reason::AlreadyImported,
            Reason::UnknownSigner,
            Reason::UnknownWriter,
            Reason::BadRecord,
            Reason::NotAFile,
            Reason::TooLarge,
            Reason::Fork,
            Reason::Unreadable,
            Reason::NotABundle,
            Reason::WrongRecipient,
            Reason::Truncated,
            Reason::Damaged,
            Reason::UnsupportedVersion,
            Reason::BadManifest,
            Reason::BadSignature,
            Reason::HashMismatch,
            Reason::BadOpChain,
        ];
        for r in all {
            let json = serde_json::to_value(r).expect("json");
            assert_eq!(json, r.as_str());
            assert_eq!(serde_json::from_value::<Reason>(json).expect("back"), r);
        }
        for v in [
            Verdict::Accepted,
            Verdict::AcceptedWithWarnings,
            Verdict::NoNewData,
            Verdict::Quarantined,
            Verdict::Rejected,
        ] {
            assert_eq!(serde_json::to_value(v).expect("json"), v.as_str());
        }
        for (w, code) in [
            (Warning::Gap, "gap"),
            (Warning::PendingEvidence, "pending_evidence"),
            (Warning::Clock, "clock"),
            (Warning::Held, "held"),
        ] {
            assert_eq!(serde_json::to_value(w).expect("json"), code);
            assert_eq!(Reason::from(w).as_str(), code);
        }
        for n in 1..=8u8 {
            let s: Stage = serde_json::from_value(serde_json::json!(n)).expect("stage");
            assert_eq!(serde_json::to_value(s).expect("json"), serde_json::json!(n));
            assert_eq!(s.to_string(), n.to_string());
        }
        assert!(serde_json::from_value::<Stage>(serde_json::json!(9)).is_err());
    }
}
