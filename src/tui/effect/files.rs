//! Directory reads for the path prompts: which bundle files a typed path names (the file
//! itself, or every bundle in the folder), and Tab completion of the last path component
//! (bundles for the inbox, any file for evidence). They run as effects so `update` never
//! touches the file system.

use std::path::{Path, PathBuf};

use crate::bundle::{EXT_AGE, EXT_PLAIN};

/// Whether a file name is a bundle's.
#[must_use]
pub fn is_bundle(name: &str) -> bool {
    !name.starts_with('.')
        && (name.ends_with(&format!(".{EXT_PLAIN}")) || name.ends_with(&format!(".{EXT_AGE}")))
}

/// Every bundle in a folder, sorted by path.
#[must_use]
pub fn bundles_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(std::result::Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.file_name()
                            .is_some_and(|n| is_bundle(&n.to_string_lossy()))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The path typed as `raw` (`~` is the home folder) and the bundle files it names: the
/// folder's bundles, the file itself, or `None` when nothing is there.
#[must_use]
pub fn find_bundles(raw: &str) -> (PathBuf, Option<Vec<PathBuf>>) {
    let path = crate::fsio::expand_tilde(raw);
    let files = if path.is_dir() {
        Some(bundles_in(&path))
    } else if path.is_file() {
        Some(vec![path.clone()])
    } else {
        None
    };
    (path, files)
}

/// Which files a path completion offers besides folders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer {
    /// Bundle files (the inbox).
    Bundles,
    /// Any file (an evidence file, issue 16).
    AnyFile,
}

/// Complete the last path component: returns the new text (longest common prefix of the
/// matches, a `/` after a single folder) and the matching names (folders with a `/`).
#[must_use]
pub fn complete(text: &str, offer: Offer) -> (String, Vec<String>) {
    let (dir_part, stem) = match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        crate::fsio::expand_tilde(dir_part)
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(std::result::Result::ok)
                .filter_map(|e| {
                    let n = e.file_name().to_string_lossy().to_string();
                    if !n.starts_with(stem) || (n.starts_with('.') && !stem.starts_with('.')) {
                        return None;
                    }
                    let is_dir = e.path().is_dir();
                    let wanted = match offer {
                        Offer::Bundles => is_bundle(&n),
                        Offer::AnyFile => e.path().is_file(),
                    };
                    (is_dir || wanted).then(|| if is_dir { format!("{n}/") } else { n })
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let Some(first) = names.first() else {
        return (text.to_string(), names);
    };
    let mut common: String = first.clone();
    for n in &names[1..] {
        let k = common
            .chars()
            .zip(n.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common = common.chars().take(k).collect();
    }
    (format!("{dir_part}{common}"), names)
}
