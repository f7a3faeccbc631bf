//! The inbox: every file an import sees is first copied into `inbox/` under its hash, so
//! a quarantined bundle can be retried without the sender, and the records of what was
//! imported (by file hash) and what waits in quarantine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::super::super::{Workspace, now_ms};
use super::Verdict;
use crate::bundle::{SourceProblem, keep_in_inbox};
use crate::error::{Error, Result};
use crate::fsio::{sync_dir, sync_file};
use crate::storage::records::{Imported, Quarantine, SeenAs};

/// A file copied into the inbox: `(inbox path, file hash, size)`, or why it was refused
/// before a byte was copied (not a regular file, too large), or why it could not be.
pub(super) struct Landed {
    pub display: String,
    pub result: Result<std::result::Result<(PathBuf, String, u64), SourceProblem>>,
}

pub(super) fn land(inbox_dir: &Path, path: &Path, durable: bool) -> Landed {
    Landed {
        display: path.display().to_string(),
        result: keep_in_inbox(inbox_dir, path, durable),
    }
}

/// Whether a file with this hash was imported (or exported here) before.
pub(super) fn already_imported(store: &crate::storage::Store, hash: &str) -> bool {
    store.is_imported(hash).is_ok_and(|known| known)
}

impl From<Verdict> for SeenAs {
    fn from(v: Verdict) -> SeenAs {
        match v {
            Verdict::Accepted => SeenAs::Accepted,
            Verdict::AcceptedWithWarnings => SeenAs::AcceptedWithWarnings,
            Verdict::NoNewData => SeenAs::NoNewData,
            Verdict::Quarantined => SeenAs::Quarantined,
            Verdict::Rejected => SeenAs::Rejected,
        }
    }
}

impl Workspace {
    /// How the file with this hash was seen before, if it was.
    pub(super) fn seen(&self, hash: &str) -> Result<Option<Imported>> {
        self.store.imported(hash)
    }

    /// Quarantined bundles by file hash.
    pub(super) fn quarantined(&self) -> Result<BTreeMap<String, Quarantine>> {
        self.store.quarantined()
    }

    /// How many quarantined bundles wait for this device (as their signer, or as a writer
    /// the roster lacked).
    pub(in super::super) fn quarantined_from(&self, device: &str) -> Result<usize> {
        Ok(self
            .quarantined()?
            .values()
            .filter(|q| q.signer == device || q.writers.iter().any(|w| w == device))
            .count())
    }

    /// Keep a bundle from an unknown signer for a retry: its inbox copy made durable
    /// first (it is all a retry will have), then the quarantine record.
    pub(super) fn quarantine(
        &self,
        hash: &str,
        inbox: &Path,
        file: &str,
        signer: &str,
        signer_name: &str,
        writers: &[String],
    ) -> Result<()> {
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
        self.store.quarantine_put(
            hash,
            &Quarantine {
                file: file.to_string(),
                inbox: inbox.display().to_string(),
                signer: signer.to_string(),
                signer_name: signer_name.to_string(),
                time_ms: now_ms(),
                writers: writers.to_vec(),
            },
        )
    }
}
