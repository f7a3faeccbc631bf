//! Damage to sled's own files, as a disk, a crash or a careless hand does it: the patterns
//! of the recovery tests (`tests/recovery.rs`) and of the crash+damage soak
//! (`tests/crash_damage.rs`).
//!
//! Included with `#[path = "support/damage.rs"] mod damage;`.
#![allow(dead_code)]

use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// One kind of damage to a sled folder.
#[derive(Debug, Clone, Copy)]
pub enum Damage {
    /// Overwrite 4 KiB of `db` at this fraction of its length.
    Overwrite(f64),
    /// Flip one byte of sled's `conf`.
    Conf,
    /// Cut `db` to this fraction of its length.
    Truncate(f64),
    /// Delete sled's `blobs/` folder (its large values).
    DeleteBlobs,
    /// Delete sled's `snap.*` files.
    DeleteSnaps,
    /// Delete sled's `conf`.
    DeleteConf,
}

/// Every pattern, for the soak to pick from: overwrites at every 10 % of `db` and at 55 %,
/// truncations to 0 and 50 %, `conf` flipped or deleted, `blobs/` and `snap.*` deleted.
pub const ALL: [Damage; 16] = [
    Damage::Conf,
    Damage::Overwrite(0.1),
    Damage::Overwrite(0.2),
    Damage::Overwrite(0.3),
    Damage::Overwrite(0.4),
    Damage::Overwrite(0.5),
    Damage::Overwrite(0.55),
    Damage::Overwrite(0.6),
    Damage::Overwrite(0.7),
    Damage::Overwrite(0.8),
    Damage::Overwrite(0.9),
    Damage::Truncate(0.0),
    Damage::Truncate(0.5),
    Damage::DeleteBlobs,
    Damage::DeleteSnaps,
    Damage::DeleteConf,
];

/// Apply `d` to the sled folder `store`; false when there was nothing to damage (no `db`,
/// no `conf`, no blob files, no snapshot), so a caller can tell a case that tested nothing.
pub fn damage(store: &Path, d: Damage) -> bool {
    let db = store.join("db");
    let len = std::fs::metadata(&db).map_or(0, |m| m.len());
    match d {
        Damage::Overwrite(f) => {
            if len == 0 {
                return false;
            }
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .open(&db)
                .expect("open db");
            file.seek(SeekFrom::Start((len as f64 * f) as u64))
                .expect("seek");
            file.write_all(&[0xAB; 4096]).expect("write");
            file.sync_all().expect("sync");
            true
        }
        Damage::Conf => {
            let conf = store.join("conf");
            let Ok(mut b) = std::fs::read(&conf) else {
                return false;
            };
            if b.is_empty() {
                return false;
            }
            let at = b.len() / 2;
            b[at] ^= 0x5A;
            std::fs::write(&conf, b).expect("write conf");
            true
        }
        Damage::Truncate(f) => {
            if len == 0 {
                return false;
            }
            let file = std::fs::OpenOptions::new()
                .write(true)
                .open(&db)
                .expect("open db");
            file.set_len((len as f64 * f) as u64).expect("truncate");
            true
        }
        Damage::DeleteBlobs => {
            let blobs = store.join("blobs");
            let n = std::fs::read_dir(&blobs).map_or(0, Iterator::count);
            if n == 0 {
                return false;
            }
            std::fs::remove_dir_all(&blobs).expect("delete blobs/");
            true
        }
        Damage::DeleteSnaps => {
            let mut any = false;
            for e in std::fs::read_dir(store).expect("store") {
                let p = e.expect("entry").path();
                if p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("snap."))
                {
                    std::fs::remove_file(&p).expect("delete snap");
                    any = true;
                }
            }
            any
        }
        Damage::DeleteConf => std::fs::remove_file(store.join("conf")).is_ok(),
    }
}

/// Drop the journal's last record, which must be the "sled synced" mark a clean close
/// leaves (a process killed before its close leaves none).
pub fn drop_last_sync_mark(journal: &Path) {
    let mut j = std::fs::read(journal).expect("journal");
    let mark = j.len() - 22;
    assert_eq!(
        &j[mark..mark + 5],
        &[0xA5, 9, 0, 0, 0],
        "last record is a sync mark"
    );
    assert_eq!(j[mark + 13], 5, "sync mark kind");
    j.truncate(mark);
    std::fs::write(journal, &j).expect("write journal");
}

/// Close a sled database a test opened on the store folder `store` (to damage it from
/// inside) and wait until its file lock is let go: sled's thread pool may still hold it
/// for a moment after the drop, and a store opened then would be "in use".
pub fn close_raw_sled(db: sled::Db, store: &Path) {
    drop(db);
    let Ok(f) = std::fs::File::open(store.join("db")) else {
        return;
    };
    let t0 = std::time::Instant::now();
    while let Err(std::fs::TryLockError::WouldBlock) = f.try_lock() {
        assert!(
            t0.elapsed() < std::time::Duration::from_secs(10),
            "sled still holds {} after 10 s",
            store.display()
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let _ = f.unlock();
}
