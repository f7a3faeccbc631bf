//! Sync through a shared folder (a USB stick, a network share): write this device's
//! cumulative bundle there, then import every other bundle found in it. Nothing in the
//! folder is ever deleted.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::super::Workspace;
use super::{ExportOptions, Exported, ImportOutcome, Target};
use crate::error::{Error, Result};

/// Result of `sync DIR`.
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub exported: Exported,
    pub imports: Vec<ImportOutcome>,
}

impl Workspace {
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
            .filter(|p| super::is_bundle_file(p) && p != &mine)
            .collect();
        files.sort();
        let imports = self.import_files(&files, progress)?;
        Ok(SyncReport { exported, imports })
    }
}
