//! After opening found imported ops missing (`storage::imported_loss`): which bundle files
//! in the inbox carry them (read from their manifests), forgotten as imported so that the
//! exact `tilik import …` the notice prints merges them again.

use std::path::PathBuf;

use super::super::Workspace;
use crate::bundle::{file_hash, open_container};
use crate::core::bundle::{Discard, Limits, read_container};
use crate::storage::LostOps;

/// Imported ops that went missing, and the inbox files to import again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LostOpsNotice {
    pub lost: Vec<LostOps>,
    /// Inbox files whose segments cover missing ops (forgotten as imported).
    pub files: Vec<PathBuf>,
    /// Missing ops that no inbox file carries (ask the device for a full bundle).
    pub uncovered: u64,
    /// Of those, ops whose device is not known either (lost with the runs that named
    /// them); counted in `uncovered`, not in `lost`.
    pub unnamed: u64,
}

impl Workspace {
    /// Name the inbox files that carry the missing imported ops and forget them as
    /// imported. `None` when nothing is missing.
    pub(crate) fn lost_ops_notice(&self) -> Option<LostOpsNotice> {
        let mut lost = self.store.imported_lost.clone();
        let unexplained = self.store.imported_unexplained;
        if lost.is_empty() && unexplained == 0 {
            return None;
        }
        let age = self.age_identity().ok();
        let mut files = Vec::new();
        let mut covered: Vec<(String, u64, u64)> = Vec::new();
        let mut paths: Vec<PathBuf> = std::fs::read_dir(self.inbox_dir())
            .map(|entries| {
                entries
                    .filter_map(std::result::Result::ok)
                    .map(|e| e.path())
                    .filter(|p| super::is_bundle_file(p))
                    .collect()
            })
            .unwrap_or_default();
        paths.sort();
        let manifests: Vec<_> = paths
            .into_iter()
            .filter_map(|p| {
                let (_, reader) = open_container(&p, age.as_ref()).ok()?;
                let v = read_container(reader, &Limits::default(), &mut Discard).ok()?;
                Some((p, v.manifest))
            })
            .collect();
        // Ops lost with the runs that named them: what each inbox bundle carries and the
        // op log does not hold.
        let mut found = 0u64;
        if unexplained > 0 {
            for (_, m) in &manifests {
                for seg in &m.segments {
                    let named = |l: &crate::storage::LostOps| {
                        l.device == seg.device && l.from <= seg.last_seq && seg.first_seq <= l.to
                    };
                    if lost.iter().any(named) {
                        continue;
                    }
                    let missing = self
                        .store
                        .missing_ops(&seg.device, seg.first_seq, seg.last_seq)
                        .unwrap_or_default();
                    found += missing.iter().map(|l| l.to - l.from + 1).sum::<u64>();
                    lost.extend(missing);
                }
            }
            if lost.is_empty() {
                // Nothing in the inbox carries them: still say how many are gone.
                return Some(LostOpsNotice {
                    lost,
                    files,
                    uncovered: unexplained,
                    unnamed: unexplained,
                });
            }
        }
        for (p, manifest) in manifests {
            let hit: Vec<(String, u64, u64)> = manifest
                .segments
                .iter()
                .filter(|s| {
                    lost.iter().any(|l| {
                        l.device == s.device && s.first_seq <= l.to && l.from <= s.last_seq
                    })
                })
                .map(|s| (s.device.clone(), s.first_seq, s.last_seq))
                .collect();
            if hit.is_empty() {
                continue;
            }
            if let Ok((h, _)) = file_hash(&p) {
                let _ = self.store.forget_imported(&h);
            }
            covered.extend(hit);
            files.push(p);
        }
        let uncovered = lost
            .iter()
            .map(|l| {
                (l.from..=l.to)
                    .filter(|s| {
                        !covered
                            .iter()
                            .any(|(d, a, b)| *d == l.device && a <= s && s <= b)
                    })
                    .count() as u64
            })
            .sum::<u64>()
            + unexplained.saturating_sub(found);
        Some(LostOpsNotice {
            lost,
            files,
            uncovered,
            unnamed: unexplained.saturating_sub(found),
        })
    }
}
