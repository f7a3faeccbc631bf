//! Export segments: which runs of which devices an export carries, each cut before a fork
//! point and ending at a chain head some device signed, so that importers can check every
//! segment against its writer's signature.

use std::collections::BTreeMap;

/// A signed head found for a range: `(seq, op hash, hex signature)`.
pub type FoundHead = (u64, String, String);

/// Looks up (or makes) a signed head of `device` within `from..=to`.
pub type HeadFinder<'a, E> = dyn FnMut(&str, u64, u64) -> Result<Option<FoundHead>, E> + 'a;

/// One segment to export: `first..=last` of `device`, ending at a signed head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SegmentPlan {
    pub device: String,
    pub first: u64,
    pub last: u64,
    pub head_hash: String,
    /// Hex signature of the device over `(last, head_hash)`.
    pub sig: String,
}

/// Choose the segments of an export: every run of every device, cut before a fork point,
/// after what `since` already carried, and ending at the highest head within the run for
/// which `signed(device, from, to)` finds a signature (this device signs its own on the
/// spot). Returns the segments in (device, seq) order and the number of ops left out
/// because no signed head covers them.
///
/// # Errors
/// Whatever `signed` returns.
pub fn plan_segments<E>(
    runs: &BTreeMap<String, Vec<(u64, u64)>>,
    forks: &BTreeMap<String, u64>,
    since: &BTreeMap<String, u64>,
    signed: &mut HeadFinder<'_, E>,
) -> Result<(Vec<SegmentPlan>, u64), E> {
    let mut out = Vec::new();
    let mut skipped = 0u64;
    for (dev, rs) in runs {
        let after = since.get(dev).copied().unwrap_or(0);
        for &(a, b) in rs {
            let a = a.max(after + 1);
            let b = match forks.get(dev) {
                Some(n) => b.min(n.saturating_sub(1)),
                None => b,
            };
            if a > b {
                continue;
            }
            match signed(dev, a, b)? {
                Some((s, hash, sig)) if s >= a && s <= b => {
                    skipped += b - s;
                    out.push(SegmentPlan {
                        device: dev.clone(),
                        first: a,
                        last: s,
                        head_hash: hash,
                        sig,
                    });
                }
                _ => skipped += b - a + 1,
            }
        }
    }
    Ok((out, skipped))
}
