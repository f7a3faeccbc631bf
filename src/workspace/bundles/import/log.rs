//! The import log: one record per file an import looked at, whatever its verdict, kept in
//! the store (`tilik import --log`).

use serde::{Deserialize, Serialize};

use super::super::super::{Workspace, now_ms};
use super::{ImportOutcome, Reason, Stage, Verdict};
use crate::error::{Error, Result};

/// One line of the import log.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LogRecord {
    pub time_ms: i64,
    pub file: String,
    pub size: u64,
    pub hash: Option<String>,
    pub signer: Option<String>,
    pub signer_name: Option<String>,
    pub stage: Stage,
    pub verdict: Verdict,
    pub reason: Reason,
    pub new_ops: u64,
    pub conflicts: u64,
    /// Slots this file put in conflict (absent in records written before issue 14).
    #[serde(default)]
    pub new_conflicts: u64,
    /// Ops of this file held back (absent in records written before issue 14).
    #[serde(default)]
    pub held: u64,
    pub operator: String,
}

impl LogRecord {
    /// Conflicts this file created and ops it had held: what the inbox flags with ⚠.
    #[must_use]
    pub fn flags(&self) -> (u64, u64) {
        (self.new_conflicts, self.held)
    }
}

impl Workspace {
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

    /// Log the outcome of a file that was not merged (the merge logs in its transaction).
    pub(super) fn log_outcome(&self, out: &ImportOutcome) -> Result<()> {
        self.store.log_import(&self.log_record(out)?)
    }

    /// The encoded log record of an outcome.
    pub(super) fn log_record(&self, out: &ImportOutcome) -> Result<Vec<u8>> {
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
            reason: out.reason,
            new_ops: out.new_ops,
            conflicts: out.conflicts,
            new_conflicts: out.new_conflicts,
            held: out.held.len() as u64,
            operator,
        })
        .map_err(|e| Error::encode("import log record", e))
    }
}
