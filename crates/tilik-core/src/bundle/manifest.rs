//! The signed manifest: what a bundle says it carries (segments, blobs, instruments, the
//! preview) and the consistency checks a reader applies to it before it trusts any
//! section.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{FORMAT, Fault, MAJOR, short};
use crate::codec::is_lower_hex64;
use crate::merge::SignedHead;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormatVersion {
    pub major: u8,
    pub minor: u8,
}

/// Who made the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Exporter {
    /// Hex Ed25519 public key (the device id) that signs the manifest.
    pub device: String,
    pub name: String,
    /// `assessor` or `supervisor` as the exporter claims (display only; trust comes from
    /// the importer's roster).
    pub role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
}

/// One op segment: a contiguous run `first_seq..=last_seq` of one device's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentEntry {
    pub device: String,
    pub first_seq: u64,
    pub last_seq: u64,
    pub count: u64,
    /// `prev` of the first op (the hash of `first_seq - 1`); `None` when `first_seq` is 1.
    pub prev: Option<String>,
    /// Hash of the op at `last_seq`.
    pub head_hash: String,
    /// Hex Ed25519 signature of the writing device over [`head_message`](super::head_message).
    pub head_sig: String,
    /// blake3 hex of the OPS section bytes.
    pub section_hash: String,
    pub section_len: u64,
}

/// One evidence file referenced by the bundle's ops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlobEntry {
    pub hash: String,
    pub size: u64,
    #[serde(default)]
    pub mime: String,
    #[serde(default)]
    pub name: String,
    /// Carried as a BLOB section (else omitted: "evidence pending" at the importer).
    pub included: bool,
}

/// One instrument version used by the bundle's ops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstrumentEntry {
    pub id: String,
    pub version: String,
    /// blake3 of the canonical definition (= of the INSTRUMENT section bytes).
    pub hash: String,
    pub embedded: bool,
    #[serde(default)]
    pub size: u64,
}

/// A device the exporter knows by name (display only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceEntry {
    pub device: String,
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
}

/// Preview line per assessment, so a supervisor can look before merging.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AssessmentSummary {
    pub id: String,
    #[serde(default)]
    pub round: u16,
    #[serde(default)]
    pub pemda: String,
    #[serde(default)]
    pub pemda_name: String,
    #[serde(default)]
    pub lokus_name: String,
    #[serde(default)]
    pub instrument: String,
    #[serde(default)]
    pub ops: u64,
    #[serde(default)]
    pub answers: u64,
    #[serde(default)]
    pub conflicts: u64,
    #[serde(default)]
    pub status: String,
}

/// The manifest: the first section, the only one the bundle signature covers directly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: FormatVersion,
    pub bundle_id: String,
    pub created_ms: i64,
    #[serde(default)]
    pub app_version: String,
    pub exporter: Exporter,
    /// age recipients the bundle was encrypted to (empty for a plain bundle).
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Incremental: only ops after this earlier bundle of the exporter.
    #[serde(default)]
    pub since: Option<String>,
    #[serde(default)]
    pub previous_bundles: Vec<String>,
    pub segments: Vec<SegmentEntry>,
    #[serde(default)]
    pub blobs: Vec<BlobEntry>,
    #[serde(default)]
    pub instruments: Vec<InstrumentEntry>,
    #[serde(default)]
    pub devices: Vec<DeviceEntry>,
    #[serde(default)]
    pub summary: Vec<AssessmentSummary>,
}

impl Manifest {
    /// A manifest of the current format for `exporter`, with nothing in it yet: the
    /// exporter fills in segments, evidence, instruments, devices and the summary.
    /// `app_version` is the exporting program's version.
    #[must_use]
    pub fn new(
        bundle_id: String,
        created_ms: i64,
        app_version: &str,
        exporter: Exporter,
    ) -> Manifest {
        Manifest {
            format: super::FORMAT.into(),
            format_version: FormatVersion {
                major: super::MAJOR,
                minor: super::MINOR,
            },
            bundle_id,
            created_ms,
            app_version: app_version.into(),
            exporter,
            recipients: Vec::new(),
            since: None,
            previous_bundles: Vec::new(),
            segments: Vec::new(),
            blobs: Vec::new(),
            instruments: Vec::new(),
            devices: Vec::new(),
            summary: Vec::new(),
        }
    }

    /// The encoding that is written and signed (compact JSON).
    ///
    /// # Errors
    /// [`Error::Encode`](crate::Error::Encode) if the manifest cannot be encoded (not
    /// expected), so that empty bytes are never signed.
    pub fn encode(&self) -> crate::Result<Vec<u8>> {
        crate::error::to_json(self, "bundle manifest")
    }

    /// The signed chain head each segment carries, in segment order: what the merge
    /// planner checks and relays.
    #[must_use]
    pub fn signed_heads(&self) -> Vec<SignedHead> {
        self.segments
            .iter()
            .map(|s| SignedHead {
                device: s.device.clone(),
                seq: s.last_seq,
                hash: s.head_hash.clone(),
                sig: s.head_sig.clone(),
            })
            .collect()
    }

    /// The hashes of the evidence files the bundle carries (listed and included).
    #[must_use]
    pub fn carried_blobs(&self) -> BTreeSet<String> {
        self.blobs
            .iter()
            .filter(|b| b.included)
            .map(|b| b.hash.clone())
            .collect()
    }

    /// Total number of ops in all segments.
    #[must_use]
    pub fn op_count(&self) -> u64 {
        self.segments.iter().map(|s| s.count).sum()
    }
}

/// Decode manifest bytes and run the checks a reader applies to them (for the fuzz target
/// and tools): `Ok` with the manifest, or the fault. The container's version is taken to
/// be the one the manifest states, of the major this program reads.
///
/// # Errors
/// The fault the container reader would report for these manifest bytes.
pub fn parse_manifest(bytes: &[u8]) -> Result<Manifest, Fault> {
    let m = decode_manifest(bytes, None)?;
    match check_manifest(&m) {
        Some(f) => Err(f),
        None => Ok(m),
    }
}

/// Stage 4 of a manifest (`docs/bundle-format.md` §3.0): strict JSON, the schema (every
/// required field present, with its JSON type), `format`, a `format_version` major equal
/// to the container's (or to [`MAJOR`] when `container` is `None`; the minor is not
/// compared: a newer minor's container may carry a manifest written as of an older one),
/// and every hex field in lower case of its exact length. Any failure is
/// [`Fault::BadManifest`].
pub(super) fn decode_manifest(bytes: &[u8], container: Option<u8>) -> Result<Manifest, Fault> {
    let m: Manifest = super::strict::decode(bytes).map_err(Fault::BadManifest)?;
    if m.format != FORMAT {
        return Err(Fault::BadManifest(format!("format {:?}", m.format)));
    }
    let major = container.unwrap_or(MAJOR);
    if m.format_version.major != major {
        return Err(Fault::BadManifest(format!(
            "format_version {}.{} in a version {major} container",
            m.format_version.major, m.format_version.minor
        )));
    }
    if let Some(field) = bad_hex_field(&m) {
        return Err(Fault::BadManifest(format!("{field} is not lower-case hex")));
    }
    Ok(m)
}

/// Whether `s` is lower-case hex of exactly `n` bytes.
fn lower_hex(s: &str, n: usize) -> bool {
    s.len() == 2 * n
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The first hex field of the manifest that is not lower-case hex of its length.
fn bad_hex_field(m: &Manifest) -> Option<&'static str> {
    if !is_lower_hex64(&m.exporter.device) {
        return Some("exporter.device");
    }
    for s in &m.segments {
        let checks = [
            ("segments[].device", lower_hex(&s.device, 32)),
            (
                "segments[].prev",
                s.prev.as_deref().is_none_or(|p| lower_hex(p, 32)),
            ),
            ("segments[].head_hash", lower_hex(&s.head_hash, 32)),
            ("segments[].head_sig", lower_hex(&s.head_sig, 64)),
            ("segments[].section_hash", lower_hex(&s.section_hash, 32)),
        ];
        if let Some((field, _)) = checks.iter().find(|(_, ok)| !ok) {
            return Some(field);
        }
    }
    if m.blobs.iter().any(|b| !lower_hex(&b.hash, 32)) {
        return Some("blobs[].hash");
    }
    if m.instruments.iter().any(|i| !lower_hex(&i.hash, 32)) {
        return Some("instruments[].hash");
    }
    if m.devices.iter().any(|d| !lower_hex(&d.device, 32)) {
        return Some("devices[].device");
    }
    None
}

/// The sequence range of one segment, ordered by device, then first and last sequence
/// number. Every comparison between two segments in [`check_manifest`] goes through
/// [`Ord::cmp`] or [`SegmentRange::overlapped_by`], so that a unit test can count them.
#[derive(PartialEq, Eq)]
struct SegmentRange<'a> {
    device: &'a str,
    first: u64,
    last: u64,
}

impl Ord for SegmentRange<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        count_comparison();
        (self.device, self.first, self.last).cmp(&(other.device, other.first, other.last))
    }
}

impl PartialOrd for SegmentRange<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl SegmentRange<'_> {
    /// Whether `next`, sorted right after `self`, starts inside it.
    fn overlapped_by(&self, next: &Self) -> bool {
        count_comparison();
        self.device == next.device && next.first <= self.last
    }
}

#[cfg(test)]
thread_local! {
    /// Segment comparisons made on this thread (unit tests only).
    static COMPARISONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Count one comparison between two segments (does nothing outside the unit tests).
fn count_comparison() {
    #[cfg(test)]
    COMPARISONS.with(|c| c.set(c.get() + 1));
}

/// Check the manifest's own consistency (segment shapes, no overlaps). O(n log n) in the
/// number of entries, so a huge hostile manifest cannot stall the reader.
pub(super) fn check_manifest(m: &Manifest) -> Option<Fault> {
    let mut ranges: Vec<SegmentRange<'_>> = Vec::with_capacity(m.segments.len());
    for s in &m.segments {
        let shape_ok = s.first_seq >= 1
            && s.last_seq >= s.first_seq
            && s.count == s.last_seq - s.first_seq + 1
            && (s.first_seq == 1) == s.prev.is_none();
        if !shape_ok {
            return Some(Fault::BadOpChain(format!(
                "segment {}..{} of {}",
                s.first_seq,
                s.last_seq,
                short(&s.device)
            )));
        }
        ranges.push(SegmentRange {
            device: s.device.as_str(),
            first: s.first_seq,
            last: s.last_seq,
        });
    }
    ranges.sort_unstable();
    for w in ranges.windows(2) {
        if w[0].overlapped_by(&w[1]) {
            return Some(Fault::BadOpChain(format!(
                "overlapping segments of {}",
                short(w[0].device)
            )));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::bundle::fixtures::{key, sample};
    use crate::bundle::split_sections;

    /// The fault `check_manifest` finds in `m`, and how many segment comparisons it made.
    fn checked(m: &Manifest) -> (Option<Fault>, u64) {
        let before = COMPARISONS.with(Cell::get);
        let fault = check_manifest(m);
        (fault, COMPARISONS.with(Cell::get) - before)
    }

    #[test]
    fn huge_manifests_are_checked_in_n_log_n() {
        let (_, dev) = key(3);
        let seg = |i: u64| SegmentEntry {
            device: dev.clone(),
            first_seq: 2 * i + 2,
            last_seq: 2 * i + 2,
            count: 1,
            prev: Some("a".repeat(64)),
            head_hash: "b".repeat(64),
            head_sig: String::new(),
            section_hash: String::new(),
            section_len: 0,
        };
        let mut m: Manifest =
            serde_json::from_slice(&split_sections(&sample().0).expect("s")[0].1).expect("m");
        let n: u64 = 200_000;
        // Shuffled (7919 is prime to n), so that sorting has real work to do.
        m.segments = (0..n).map(|i| seg(i * 7919 % n)).collect();
        // Work, not wall time: n log n comparisons with a generous constant (14.4 million
        // here). A quadratic check makes about n²/2 = 2·10¹⁰ and fails it on any machine.
        let bound = 4 * n * u64::from(n.ilog2() + 1);
        let (fault, work) = checked(&m);
        assert_eq!(fault, None);
        assert!(work <= bound, "{work} comparisons for {n} segments");
        m.segments.push(seg(7));
        let (fault, work) = checked(&m);
        assert!(matches!(fault, Some(Fault::BadOpChain(_))));
        assert!(work <= bound, "{work} comparisons for {} segments", n + 1);
    }
}
