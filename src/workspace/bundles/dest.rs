//! Where an export lands. A destination folder that does not exist is refused (a mistyped
//! USB path must not become a new folder on the internal disk) unless the caller asked for
//! it to be made; a folder made for an export that then fails is removed again. After the
//! write, the receipt names the device and mount point the file is on and its free space,
//! and whether that is the same disk as the store's.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::error::{Error, Result};

/// The disk a path is on, as the receipt and the "new folder?" question show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Volume {
    /// What is mounted (`/dev/sdb1`, `tmpfs`, a network share), when known.
    pub device: Option<String>,
    /// Where it is mounted (`/media/rina/USB`), when known.
    pub mount: Option<String>,
    /// Bytes free for this user, when known.
    pub free: Option<u64>,
    /// Bytes in all, when known.
    pub total: Option<u64>,
    /// On the same file system as this device's store (so not a USB stick).
    pub same_as_store: bool,
}

/// What the export form learns about a typed folder before asking anything.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Destination {
    pub path: PathBuf,
    pub exists: bool,
    /// The disk the folder is (or would be made) on: that of its nearest existing parent.
    pub volume: Option<Volume>,
}

/// How an export's file was checked after it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReadBack {
    /// Read back from the disk: the same bytes, and the container verifies (every section
    /// hash and the signatures), as an import will check it.
    Verified,
    /// Encrypted: read back from the disk, the same bytes as written; only the recipient
    /// can open it to verify the inside.
    SameBytes,
}

/// Read a just-written bundle back from the disk (its cached pages dropped first where the
/// system allows, so the read is of what the disk holds): its blake3 must be `hash`, and
/// a plain bundle must verify as bundle `bundle_id`.
///
/// # Errors
/// `ExportVerify` when it does not read back the same; the caller removes the file.
pub(super) fn read_back(path: &Path, hash: &str, bundle_id: &str) -> Result<ReadBack> {
    let bad = || Error::ExportVerify(path.to_path_buf());
    let plain = matches!(
        crate::bundle::sniff(path),
        Ok(crate::bundle::Envelope::Plain)
    );
    let f = std::fs::File::open(path).map_err(|_| bad())?;
    drop_cache(&f);
    let mut r = HashRead {
        inner: std::io::BufReader::with_capacity(256 * 1024, f),
        hasher: blake3::Hasher::new(),
    };
    let out = if plain {
        let v = crate::core::bundle::read_container(
            &mut r,
            &crate::core::bundle::Limits::default(),
            &mut crate::core::bundle::Discard,
        )
        .map_err(|_| bad())?;
        if v.fault().is_some() || v.manifest.bundle_id != bundle_id {
            return Err(bad());
        }
        ReadBack::Verified
    } else {
        ReadBack::SameBytes
    };
    std::io::copy(&mut r, &mut std::io::sink()).map_err(|_| bad())?;
    if r.hasher.finalize().to_hex().as_str() != hash {
        return Err(bad());
    }
    Ok(out)
}

/// A reader that hashes what passes through it.
struct HashRead<R> {
    inner: R,
    hasher: blake3::Hasher,
}

impl<R: std::io::Read> std::io::Read for HashRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Ask the system to forget the file's cached pages (it was fsynced), so reading it again
/// reads the disk. Best effort: where it cannot, the read may come from memory.
#[cfg(target_os = "linux")]
fn drop_cache(f: &std::fs::File) {
    let _ = rustix::fs::fadvise(f, 0, None, rustix::fs::Advice::DontNeed);
}

#[cfg(not(target_os = "linux"))]
fn drop_cache(_: &std::fs::File) {}

/// The folder an export writes into: must exist and be a folder, unless `create`.
///
/// # Errors
/// `DestinationMissing`, `DestinationNotFolder`.
pub(super) fn check(dir: &Path, create: bool) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(Error::DestinationNotFolder(dir.to_path_buf())),
        Err(_) if create => Ok(()),
        Err(_) => Err(Error::DestinationMissing(dir.to_path_buf())),
    }
}

/// Make the folder (and missing parents). Returns the topmost folder that was made, so a
/// failed export can take it away again.
///
/// # Errors
/// The folder cannot be made.
pub(super) fn make(dir: &Path) -> Result<Option<PathBuf>> {
    if dir.is_dir() {
        return Ok(None);
    }
    let mut top = dir.to_path_buf();
    while let Some(p) = top.parent() {
        if p.as_os_str().is_empty() || p.exists() {
            break;
        }
        top = p.to_path_buf();
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::CreateFolder {
        path: dir.to_path_buf(),
        source,
    })?;
    if let Some(p) = top.parent().filter(|p| !p.as_os_str().is_empty()) {
        let _ = crate::fsio::sync_dir(p);
    }
    Ok(Some(top))
}

/// Take away the folders [`make`] made (only while they are still empty).
pub(super) fn unmake(dir: &Path, top: Option<&Path>) {
    let Some(top) = top else { return };
    let mut p = dir.to_path_buf();
    loop {
        if std::fs::remove_dir(&p).is_err() || p == top {
            break;
        }
        match p.parent() {
            Some(up) => p = up.to_path_buf(),
            None => break,
        }
    }
}

/// The nearest existing folder at or above `path`.
fn existing_ancestor(path: &Path) -> Option<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    abs.ancestors().find(|p| p.is_dir()).map(Path::to_path_buf)
}

/// The disk `path` (or its nearest existing parent) is on; `store` is the data folder.
#[must_use]
pub fn volume(path: &Path, store: &Path) -> Option<Volume> {
    let at = existing_ancestor(path)?;
    let canon = std::fs::canonicalize(&at).unwrap_or(at);
    let (device, mount) = std::fs::read_to_string("/proc/self/mountinfo")
        .ok()
        .and_then(|t| mount_of(&t, &canon))
        .map_or((None, None), |(d, m)| (Some(d), Some(m)));
    let (free, total) = space(&canon);
    Some(Volume {
        device,
        mount,
        free,
        total,
        same_as_store: same_fs(&canon, store),
    })
}

#[cfg(unix)]
fn space(path: &Path) -> (Option<u64>, Option<u64>) {
    match rustix::fs::statvfs(path) {
        Ok(s) => (
            Some(s.f_bavail.saturating_mul(s.f_frsize)),
            Some(s.f_blocks.saturating_mul(s.f_frsize)),
        ),
        Err(_) => (None, None),
    }
}

#[cfg(not(unix))]
fn space(_: &Path) -> (Option<u64>, Option<u64>) {
    (None, None)
}

#[cfg(unix)]
fn same_fs(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let dev = |p: &Path| existing_ancestor(p).and_then(|p| std::fs::metadata(p).ok());
    match (dev(a), dev(b)) {
        (Some(x), Some(y)) => x.dev() == y.dev(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_fs(_: &Path, _: &Path) -> bool {
    false
}

/// `\040` and the other octal escapes of `/proc/self/mountinfo`.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\\'
            && i + 3 < b.len()
            && b[i + 1..i + 4].iter().all(|c| (b'0'..=b'7').contains(c))
        {
            let v = (b[i + 1] - b'0') * 64 + (b[i + 2] - b'0') * 8 + (b[i + 3] - b'0');
            out.push(v);
            i += 4;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The mount (source, mount point) holding `path`: the longest mount point above it, the
/// later one when two are the same (a later mount hides an earlier one).
fn mount_of(mountinfo: &str, path: &Path) -> Option<(String, String)> {
    let mut best: Option<(usize, String, String)> = None;
    for line in mountinfo.lines() {
        let f: Vec<&str> = line.split(' ').collect();
        let Some(dash) = f.iter().position(|x| *x == "-") else {
            continue;
        };
        let (Some(mp), Some(source)) = (f.get(4), f.get(dash + 2)) else {
            continue;
        };
        let mp = unescape(mp);
        if !path.starts_with(&mp) {
            continue;
        }
        let len = Path::new(&mp).components().count();
        if best.as_ref().is_none_or(|(l, _, _)| len >= *l) {
            best = Some((len, unescape(source), mp));
        }
    }
    best.map(|(_, s, m)| (s, m))
}

#[cfg(test)]
mod tests {
    use super::*;

    const INFO: &str = "\
22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw
25 22 0:23 / /tmp rw shared:5 - tmpfs tmpfs rw
40 22 8:17 / /media/rina/USB\\040STICK rw,nosuid shared:20 - vfat /dev/sdb1 rw
41 22 8:18 / /media/rina/USB rw shared:21 - vfat /dev/sdc1 rw
";

    #[test]
    fn the_longest_mount_point_above_the_path_wins() {
        let m = |p: &str| mount_of(INFO, Path::new(p));
        assert_eq!(
            m("/media/rina/USB STICK/tilik"),
            Some(("/dev/sdb1".into(), "/media/rina/USB STICK".into()))
        );
        assert_eq!(
            m("/media/rina/USB/x"),
            Some(("/dev/sdc1".into(), "/media/rina/USB".into()))
        );
        // A name that only starts like a mount point is not under it.
        assert_eq!(
            m("/media/rina/USBSTICK"),
            Some(("/dev/sda2".into(), "/".into()))
        );
        assert_eq!(m("/tmp/a"), Some(("tmpfs".into(), "/tmp".into())));
        assert_eq!(mount_of("garbage line\n", Path::new("/x")), None);
    }

    #[test]
    fn a_missing_folder_is_refused_unless_asked_and_a_made_one_can_be_taken_away() {
        let d = tempfile::tempdir().expect("tempdir");
        let gone = d.path().join("USBSTICK").join("tilik");
        assert!(matches!(
            check(&gone, false),
            Err(Error::DestinationMissing(p)) if p == gone
        ));
        assert!(check(&gone, true).is_ok());
        let f = d.path().join("file");
        std::fs::write(&f, b"x").expect("write");
        assert!(matches!(
            check(&f, true),
            Err(Error::DestinationNotFolder(_))
        ));
        let top = make(&gone).expect("make");
        assert_eq!(top.as_deref(), Some(d.path().join("USBSTICK").as_path()));
        assert!(gone.is_dir());
        unmake(&gone, top.as_deref());
        assert!(!d.path().join("USBSTICK").exists());
        assert!(d.path().is_dir(), "nothing above what was made is touched");
        assert_eq!(make(d.path()).expect("exists"), None);
    }

    #[test]
    fn the_volume_of_a_missing_folder_is_that_of_its_parent() {
        let d = tempfile::tempdir().expect("tempdir");
        let v = volume(&d.path().join("a/b/c"), d.path()).expect("volume");
        assert!(v.same_as_store);
        if cfg!(target_os = "linux") {
            assert!(v.mount.is_some() && v.device.is_some(), "{v:?}");
            assert!(v.total.is_some_and(|t| t > 0), "{v:?}");
        }
    }
}
