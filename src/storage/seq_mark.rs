//! The high-water mark of this device's sequence, kept **outside** the store folder (in
//! the config folder, `seq-marks.json`: device → the highest own sequence number the
//! store has held), so that a store restored in place from an older backup is noticed
//! even when the restore kept the folder, the file and its inode (which the `home`
//! record alone cannot see): its own chain is then shorter than the mark, and it gets a
//! new device key like a copy does, so its new work can never fork the old chain.
//!
//! The mark is written (temp file → fsync → rename → fsync of the folder) on every
//! [`Store::sync`] — after imports, durable `meta` writes, and when the store is closed —
//! and by [`Store::mark_sequence`], which an export calls before its bundle is written:
//! every op that ever left this device is at or below the mark. Writing it is best
//! effort (a config folder that cannot be written must not stop a save); the next sync
//! tries again.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use super::{Store, Tree, json};
use crate::error::{Error, Result};
use crate::fsio::sync_dir;

/// The mark file's name in the config folder.
pub const FILE: &str = "seq-marks.json";

/// device → highest own sequence number seen.
type Marks = BTreeMap<String, u64>;

/// The marks in `path` (none when the file is absent or unreadable: a lost config
/// folder only loses the check, never the store).
fn read(path: &Path) -> Marks {
    std::fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn write(path: &Path, marks: &Marks) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension("json.tmp");
    let bytes = serde_json::to_vec_pretty(marks).map_err(std::io::Error::other)?;
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(&bytes)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path)?;
    sync_dir(dir)
}

/// What [`Store::watch_sequence`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Restored {
    /// The mark: how far this device's chain had already gone.
    pub mark: u64,
    /// How far the opened store's chain goes.
    pub head: u64,
}

impl Store {
    /// Compare this device's chain with the mark in `file` (kept outside the store): a
    /// chain shorter than the mark is a store restored from an older state, and the device
    /// gets a new key (the old one is retired, its ops stay valid). From then on the mark
    /// is kept up to date in `file`. Returns what was found when the key was changed.
    ///
    /// # Errors
    /// Storage failure (reading the identity or the head, writing the new key).
    pub fn watch_sequence(&mut self, file: &Path) -> Result<Option<Restored>> {
        let marks = read(file);
        let mut found = None;
        if let Some(mut id) = self.identity()? {
            let head = self.head(&id.device)?.map_or(0, |h| h.seq);
            if let Some(&mark) = marks.get(&id.device)
                && head < mark
            {
                id.rotate()?;
                self.put(Tree::Meta, "identity", json(&id)?)?;
                self.rotated = true;
                found = Some(Restored { mark, head });
            }
        }
        self.seq_marks = Some(file.to_path_buf());
        self.sync()?;
        Ok(found)
    }

    /// Record this device's sequence in the mark file now (an export calls this before
    /// it writes its bundle). Best effort, like every mark write.
    pub fn mark_sequence(&self) {
        let _ = self.write_seq_mark();
    }

    /// Raise the mark of this device to its chain's head (never lowers it).
    pub(super) fn write_seq_mark(&self) -> Result<()> {
        let Some(file) = &self.seq_marks else {
            return Ok(());
        };
        let Some(id) = self.identity()? else {
            return Ok(());
        };
        let head = self.head(&id.device)?.map_or(0, |h| h.seq);
        let mut marks = read(file);
        if marks.get(&id.device).is_some_and(|&m| m >= head) {
            return Ok(());
        }
        marks.insert(id.device, head);
        write(file, &marks).map_err(|source| Error::Io {
            context: format!("write {}", file.display()),
            source,
        })
    }

    /// The mark file this store keeps up to date (`None` until
    /// [`Store::watch_sequence`]).
    #[must_use]
    pub fn seq_mark_file(&self) -> Option<&PathBuf> {
        self.seq_marks.as_ref()
    }

    /// The mark recorded for `device` in this store's mark file.
    #[must_use]
    pub fn seq_mark(&self, device: &str) -> Option<u64> {
        self.seq_marks
            .as_ref()
            .and_then(|f| read(f).get(device).copied())
    }
}
