//! `bundle inspect`: what a bundle file holds and whether it verifies, without importing
//! it or writing anything to the store.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::super::Workspace;
use super::{Reason, Stage};
use crate::bundle::{Envelope, bundle_code, file_hash, read_bundle};
use crate::core::bundle::{self as cb, Fault, Limits, Manifest};
use crate::error::Result;
use crate::identity::fingerprint;

/// What a file holds, without importing it. Its JSON adds `fault` (the reason code) and
/// `fault_message` at the edge (`present::json::inspection`).
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
    /// `None` when the bundle verifies.
    #[serde(skip)]
    pub fault: Option<Fault>,
    /// What `import` would say of this file at the stages that do not depend on the
    /// store's history (2–6): the reason code of the fault, or `unknown_signer` for a
    /// sound bundle whose signer this store does not trust; `None` when it passes.
    pub reason: Option<Reason>,
    /// The stage (2–6) that gives `reason`.
    pub stage: Option<Stage>,
    pub format_version: Option<String>,
    pub signature_ok: bool,
    pub signer_trusted: bool,
    pub manifest: Option<Manifest>,
    pub exporter_fingerprint: Option<String>,
    pub segments: Vec<SegmentView>,
    /// This device exported this very file (its hash is on an export receipt): an
    /// encrypted one it cannot open itself is then not a fault of the file (issue 16).
    pub exported_here: Option<ExportedHere>,
}

/// What this device remembers of a bundle file it exported.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedHere {
    pub bundle_id: String,
    pub created_ms: i64,
    /// Who it is encrypted for: a roster name, `recovery` for a recovery key named in
    /// `config.toml`, or the age recipient itself.
    pub recipients: Vec<Recipient>,
}

/// One recipient of an own encrypted export.
#[derive(Debug, Clone, Serialize)]
pub struct Recipient {
    pub age: String,
    /// The roster name with this age recipient, if any.
    pub name: Option<String>,
    /// A recovery recipient from `config.toml`.
    pub recovery: bool,
}

impl Inspection {
    /// An encrypted bundle this device exported and cannot open itself: sound, only not
    /// for this device.
    #[must_use]
    pub fn own_sealed(&self) -> bool {
        self.exported_here.is_some() && matches!(self.fault, Some(Fault::WrongRecipient))
    }
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

impl Workspace {
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
            exported_here: self.exported_here(&hash)?,
            hash,
            envelope: String::new(),
            recipient_stanzas: 0,
            can_decrypt: false,
            fault: None,
            reason: None,
            stage: None,
            format_version: None,
            signature_ok: false,
            signer_trusted: false,
            manifest: None,
            exporter_fingerprint: None,
            segments: Vec::new(),
        };
        match crate::bundle::sniff(path) {
            Ok(Envelope::Plain) => ins.envelope = "plain".into(),
            Ok(Envelope::Age { stanzas }) => {
                ins.envelope = "age".into();
                ins.recipient_stanzas = stanzas;
            }
            Err(_) => {}
        }
        let id = self.age_identity()?;
        match read_bundle(path, Some(&id), &Limits::default(), &mut cb::Discard) {
            Err(r) => {
                ins.can_decrypt =
                    !ins.envelope.is_empty() && r.layer != crate::bundle::Layer::Envelope;
                ins.reason = Some(Reason::of_fault(&r.fault));
                ins.stage = Some(Stage::of_layer(r.layer));
                ins.fault = Some(r.fault);
            }
            Ok((_, v)) => {
                ins.can_decrypt = true;
                ins.format_version = Some(format!("{}.{}", v.major, v.minor));
                ins.signature_ok = v.signature_ok;
                ins.signer_trusted = self.is_trusted(&v.manifest.exporter.device)?;
                ins.exporter_fingerprint = Some(fingerprint(&v.manifest.exporter.device));
                ins.fault = v.fault();
                // In the order import checks: signature, signer trusted, content.
                if v.signature_ok && !ins.signer_trusted {
                    ins.reason = Some(Reason::UnknownSigner);
                    ins.stage = Some(Stage::Signer);
                } else if let Some(f) = &ins.fault {
                    ins.reason = Some(Reason::of_fault(f));
                    ins.stage = Some(Stage::of_verified(&v));
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

    /// The export receipt of the file with this hash, with its recipients named.
    fn exported_here(&self, hash: &str) -> Result<Option<ExportedHere>> {
        let Some(r) = self.exports()?.into_iter().find(|r| r.hash == hash) else {
            return Ok(None);
        };
        let roster = self.trust_list()?;
        let recovery = self.recovery_recipients()?;
        let recipients = r
            .recipients
            .iter()
            .map(|age| Recipient {
                age: age.clone(),
                name: roster
                    .iter()
                    .find(|e| e.age_recipient.as_deref() == Some(age.as_str()))
                    .map(|e| e.name.clone()),
                recovery: recovery.contains(age),
            })
            .collect();
        Ok(Some(ExportedHere {
            bundle_id: r.bundle_id,
            created_ms: r.created_ms,
            recipients,
        }))
    }
}
