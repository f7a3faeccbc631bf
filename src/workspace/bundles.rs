//! Bundles in the workspace: export (signed, optionally age-encrypted, cumulative or
//! incremental), inspect without importing, import through the staged verdict pipeline,
//! the trust roster, and sync through a shared folder. This file holds the store's age
//! identity, which every one of them needs.
//!
//! Where each part lives: `export.rs` (plan → write → receipt), `dest.rs` (the
//! destination folder: refused when missing unless asked, the disk it is on, read-back),
//! `import.rs` and `import/` (verdict types; `pipeline.rs` one function per stage,
//! `read.rs` the passes over a file, `policy.rs`, `inbox.rs`, `log.rs`), `inspect.rs`,
//! `trust.rs` (also the recipients an export encrypts to), `folder_sync.rs`. Conflicts and resolutions are in `workspace/supervisor.rs`.

mod dest;
mod export;
mod folder_sync;
mod import;
mod inspect;
mod instrument_trust;
mod reimport;
mod trust;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use crate::bundle::FileKind;
/// The records the store keeps for bundles, named here for the CLI and the TUI.
pub use crate::storage::records::{ExportReceipt, TrustEntry};
pub use dest::{Destination, ReadBack, Volume};
pub use export::{ExportOptions, Exported, Target};
pub use folder_sync::SyncReport;
pub use import::{
    Finding, GapView, HeldView, ImportOutcome, LogRecord, Reason, Stage, Verdict, Warning, Writer,
};
pub use inspect::{ExportedHere, Inspection, Recipient, SegmentView};
pub use instrument_trust::InstrumentTrusted;
pub use reimport::LostOpsNotice;

use super::Workspace;
use crate::bundle::{new_age_identity, parse_age_identity};
use crate::error::Result;
use crate::identity::Identity;

impl Workspace {
    /// This store's age identity (X25519), made on first use.
    ///
    /// # Errors
    /// Storage failure.
    pub fn age_identity(&self) -> Result<age::x25519::Identity> {
        if let Some(s) = self.store.age_identity()?
            && let Some(id) = parse_age_identity(&s)
        {
            return Ok(id);
        }
        let id = new_age_identity();
        self.store
            .set_age_identity(&crate::bundle::age_secret(&id))?;
        Ok(id)
    }

    /// This store's age recipient (`age1…`), to give to senders.
    ///
    /// # Errors
    /// Storage failure.
    pub fn age_recipient(&self) -> Result<String> {
        Ok(self.age_identity()?.to_public().to_string())
    }

    /// Where imported files are kept (by hash) for retries and recovery.
    pub(crate) fn inbox_dir(&self) -> PathBuf {
        self.dirs.data.join("inbox")
    }

    /// This store's device key and the keys it retired (a rotated copy's old ones).
    pub(crate) fn own_devices(me: &Identity) -> BTreeSet<String> {
        let mut s: BTreeSet<String> = me.retired.iter().cloned().collect();
        s.insert(me.device.clone());
        s
    }
}

/// Whether `p` names a bundle file (`*.tilik` or `*.tilik.age`, not hidden): what a
/// folder sync picks up and what the inbox holds.
fn is_bundle_file(p: &Path) -> bool {
    let n = p.file_name().map(|n| n.to_string_lossy().to_string());
    n.is_some_and(|n| {
        !n.starts_with('.')
            && (n.ends_with(&format!(".{}", crate::bundle::EXT_PLAIN))
                || n.ends_with(&format!(".{}", crate::bundle::EXT_AGE)))
    })
}
