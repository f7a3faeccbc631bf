//! The state digest: one hash over everything a merged store shows, with an encoding
//! fixed here (independent of storage formats), so that two stores can tell whether
//! they converged.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Hold, gaps_of};
use crate::Result;
use crate::assessment::AssessmentState;
use crate::instrument::InstrumentRef;
use crate::op::{AnswerValue, OpRef, ReviewState, Status};

#[derive(Serialize)]
struct DigestSlot<'a> {
    indicator: &'a str,
    heads: Vec<(&'a str, u64, AnswerValue, Option<&'a str>)>,
    notes: Vec<(&'a str, &'a str)>,
    flags: Vec<(&'a str, bool)>,
    evidence: Vec<&'a str>,
}

/// Header fields that identify the record: round, pemda, lokus, name, family, instrument.
type DigestHeader<'a> = (
    u16,
    &'a str,
    &'a str,
    Option<&'a str>,
    &'a str,
    &'a InstrumentRef,
);

#[derive(Serialize)]
struct DigestAssessment<'a> {
    id: &'a str,
    header: Option<DigestHeader<'a>>,
    slots: Vec<DigestSlot<'a>>,
    status: Vec<(&'a str, Status)>,
    reviews: Vec<(&'a str, ReviewState, &'a str)>,
    /// Every review op (decision, comment, reply, resubmission) by op; left out when
    /// there are none, so digests of stores without them are as before.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    review_ops: Vec<&'a OpRef>,
}

#[derive(Serialize)]
struct Digest<'a> {
    assessments: Vec<DigestAssessment<'a>>,
    forks: &'a BTreeMap<String, u64>,
    held: Vec<(&'a OpRef, &'a str)>,
    gaps: Vec<(&'a str, u64, u64)>,
    pending: Vec<&'a str>,
}

/// A stable digest of the merged state: answers (heads, values, resolutions), notes,
/// flags, evidence, statuses and reviews of every assessment, plus forks, held ops (not
/// already excluded by a fork), gaps and pending evidence. Two stores with the same digest
/// show the same thing. The encoding is fixed here, independent of storage formats.
///
/// # Errors
/// [`Error::Encode`](crate::Error::Encode) if the digest record cannot be encoded (not
/// expected), so that two stores never agree on the hash of empty bytes.
pub fn state_digest<'a>(
    assessments: impl IntoIterator<Item = &'a AssessmentState>,
    forks: &BTreeMap<String, u64>,
    held: &BTreeMap<OpRef, Hold>,
    runs: &BTreeMap<String, Vec<(u64, u64)>>,
    pending: &BTreeSet<String>,
) -> Result<String> {
    let mut list: Vec<DigestAssessment<'_>> = assessments
        .into_iter()
        .filter(|s| s.op_count > 0)
        .map(|s| DigestAssessment {
            id: &s.id,
            header: s.header.as_ref().map(|h| {
                (
                    h.round,
                    h.pemda.as_str(),
                    h.lokus.as_str(),
                    h.lokus_name.as_deref(),
                    h.family.as_str(),
                    &h.instrument,
                )
            }),
            slots: s
                .slots
                .iter()
                .map(|(k, slot)| DigestSlot {
                    indicator: k,
                    heads: slot
                        .heads
                        .iter()
                        .map(|c| {
                            (
                                c.op.device.as_str(),
                                c.op.seq,
                                c.value,
                                c.resolution.as_deref(),
                            )
                        })
                        .collect(),
                    notes: slot
                        .notes
                        .iter()
                        .map(|(d, n)| (d.as_str(), n.text.as_str()))
                        .collect(),
                    flags: slot
                        .flags
                        .iter()
                        .map(|(d, f)| (d.as_str(), f.flagged))
                        .collect(),
                    evidence: {
                        let mut e: Vec<&str> = slot
                            .evidence()
                            .iter()
                            .map(|e| e.blob.hash.as_str())
                            .collect();
                        e.sort_unstable();
                        e
                    },
                })
                .collect(),
            status: s
                .status
                .iter()
                .map(|(d, e)| (d.as_str(), e.status))
                .collect(),
            reviews: s
                .reviews
                .iter()
                .map(|(d, r)| (d.as_str(), r.state, r.comment.as_str()))
                .collect(),
            review_ops: {
                let b = &s.review;
                let mut v: Vec<&OpRef> = b
                    .decisions
                    .iter()
                    .map(|d| &d.op)
                    .chain(b.messages.iter().map(|m| &m.op))
                    .chain(b.acks.iter().map(|a| &a.op))
                    .collect();
                v.sort();
                v
            },
        })
        .collect();
    list.sort_by(|a, b| a.id.cmp(b.id));
    let d = Digest {
        assessments: list,
        forks,
        held: held
            .iter()
            .filter(|(r, _)| forks.get(&r.device).is_none_or(|n| r.seq < *n))
            .map(|(r, h)| (r, h.reason.as_str()))
            .collect(),
        gaps: runs
            .iter()
            .flat_map(|(d, r)| gaps_of(r).into_iter().map(move |(a, b)| (d.as_str(), a, b)))
            .collect(),
        pending: pending.iter().map(String::as_str).collect(),
    };
    let bytes = crate::error::to_json(&d, "state digest")?;
    Ok(blake3::hash(&bytes).to_hex().to_string())
}
