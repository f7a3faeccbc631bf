//! Small file-system helpers shared by every layer that writes files: the fsyncs that make
//! a write or a rename durable, and `~/` expansion of paths the user types. One copy each,
//! and fsync failures are returned, never ignored.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// fsync a directory, so that a file created, renamed or removed in it is durable.
///
/// # Errors
/// The directory cannot be opened or the fsync fails.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// fsync one file (its data and metadata).
///
/// # Errors
/// The file cannot be opened or the fsync fails.
pub fn sync_file(path: &Path) -> io::Result<()> {
    File::open(path)?.sync_all()
}

/// A path as the user typed it, with a leading `~/` replaced by `$HOME/` (when `HOME` is
/// set). Nothing else is changed: the caller trims if it wants to.
#[must_use]
pub fn expand_tilde(raw: &str) -> PathBuf {
    if let Some(rest) = raw.strip_prefix("~/")
        && let Some(home) = std::env::var_os("HOME")
    {
        return PathBuf::from(home).join(rest);
    }
    PathBuf::from(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tilde_expands_only_at_the_start() {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        if let Some(home) = home {
            assert_eq!(expand_tilde("~/usb"), home.join("usb"));
        }
        assert_eq!(expand_tilde("/media/~/x"), PathBuf::from("/media/~/x"));
        assert_eq!(expand_tilde("~user/x"), PathBuf::from("~user/x"));
    }

    #[test]
    fn syncing_a_missing_folder_is_an_error() {
        let d = tempfile::tempdir().expect("tempdir");
        assert!(sync_dir(d.path()).is_ok());
        assert!(sync_dir(&d.path().join("absent")).is_err());
        let f = d.path().join("f");
        std::fs::write(&f, b"x").expect("write");
        assert!(sync_file(&f).is_ok());
        assert!(sync_file(&d.path().join("absent")).is_err());
    }
}
