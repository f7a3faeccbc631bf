//! The clean-close mark: a file in the store folder, outside sled, that a clean close
//! leaves and opening reads. It lists every file and folder at the top of the store folder
//! (sled's `db`, `conf`, `snap.*`, its `blobs/` folder, the journal, `evidence/`) with its
//! size, inode, modification and change times, taken after sled was flushed, fsynced and
//! closed. When opening finds every one of them as listed, nothing has written to the
//! store since that close, and opening skips the walks that prove sled against itself
//! after a crash or damage (`durable`: every journaled op present and indexed; imported
//! ops against their runs; every projection against its brief's seal). Anything else —
//! no mark, an unreadable one, any difference, a crash (the mark is removed as soon as a
//! process opens the store to write) — makes opening run them all.
//!
//! A write in the same tick of the file-time clock as the close would leave the times
//! unchanged, so closing waits (a few milliseconds at most) until that clock has passed
//! every time it listed: any later write, even one of the same size, changes a time.
//! Change times cannot be set back by a user, so restoring a modification time does not
//! hide a write either.

use std::os::unix::fs::MetadataExt;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The mark's file name in the store folder.
pub const FILE: &str = "clean-close";

/// Names in the store folder that are not part of the listing: the mark itself, its
/// temporary file and the write probe of opening.
const SKIP: [&str; 3] = [FILE, ".clean-close.tmp", ".tilik-write-test"];

/// One file or folder at the top of the store folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    name: String,
    dir: bool,
    len: u64,
    ino: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

/// The store folder as it is now, sorted by name.
fn listing(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir)? {
        let e = e?;
        let name = e.file_name().to_string_lossy().to_string();
        if SKIP.contains(&name.as_str()) {
            continue;
        }
        let m = std::fs::symlink_metadata(e.path())?;
        out.push(Entry {
            name,
            dir: m.is_dir(),
            len: m.len(),
            ino: m.ino(),
            mtime: (m.mtime(), m.mtime_nsec()),
            ctime: (m.ctime(), m.ctime_nsec()),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Whether the store folder `dir` is exactly as its last clean close left it.
#[must_use]
pub fn intact(dir: &Path) -> bool {
    let Ok(text) = std::fs::read(dir.join(FILE)) else {
        return false;
    };
    let Ok(marked) = serde_json::from_slice::<Vec<Entry>>(&text) else {
        return false;
    };
    listing(dir).is_ok_and(|now| now == marked)
}

/// Remove the mark (opening to write: from now on the folder can change).
pub fn clear(dir: &Path) {
    let _ = std::fs::remove_file(dir.join(FILE));
}

/// Leave the mark of a clean close (best effort: without it the next opening checks
/// everything). Waits until the file-time clock is past every time listed.
pub fn leave(dir: &Path) {
    let Ok(list) = listing(dir) else { return };
    let Ok(text) = serde_json::to_vec(&list) else {
        return;
    };
    let latest = list
        .iter()
        .flat_map(|e| [e.mtime, e.ctime])
        .max()
        .unwrap_or_default();
    let tmp = dir.join(SKIP[1]);
    if std::fs::write(&tmp, &text).is_err() || std::fs::rename(&tmp, dir.join(FILE)).is_err() {
        let _ = std::fs::remove_file(&tmp);
        return;
    }
    // The mark's own write time shows where the clock is; rewrite it until it is past.
    for _ in 0..200 {
        let Ok(m) = std::fs::metadata(dir.join(FILE)) else {
            return;
        };
        if (m.mtime(), m.mtime_nsec()) > latest {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
        if std::fs::write(dir.join(FILE), &text).is_err() {
            clear(dir);
            return;
        }
    }
    // The clock did not move: a mark that could hide a later write is no mark.
    clear(dir);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_change_after_a_clean_close_is_seen() {
        let t = tempfile::tempdir().expect("tmp");
        let d = t.path();
        std::fs::write(d.join("db"), vec![0u8; 4096]).expect("db");
        std::fs::create_dir(d.join("blobs")).expect("blobs");
        assert!(!intact(d), "no mark yet");
        leave(d);
        assert!(intact(d));
        // The same bytes written again at once, same size: still seen.
        std::fs::write(d.join("db"), vec![0u8; 4096]).expect("db");
        assert!(!intact(d));
        leave(d);
        assert!(intact(d));
        std::fs::write(d.join("blobs").join("1"), b"x").expect("blob");
        assert!(!intact(d), "a file added to a folder");
        leave(d);
        std::fs::write(d.join("snap.1"), b"x").expect("snap");
        assert!(!intact(d), "a file added at the top");
        leave(d);
        clear(d);
        assert!(!intact(d), "cleared");
        leave(d);
        std::fs::write(d.join(FILE), b"not a mark").expect("garble");
        assert!(!intact(d), "an unreadable mark");
    }

    #[test]
    fn a_store_leaves_the_mark_when_it_closes_and_removes_it_when_it_opens() {
        let t = tempfile::tempdir().expect("tmp");
        let d = t.path().join("store");
        let s = crate::storage::Store::open(&d).expect("open");
        assert!(!d.join(FILE).exists(), "no mark while open");
        drop(s);
        assert!(intact(&d), "a clean close leaves the store as marked");
        let s = crate::storage::Store::open(&d).expect("open");
        assert!(!d.join(FILE).exists(), "opening to write removes the mark");
        drop(s);
        assert!(intact(&d));
    }
}
