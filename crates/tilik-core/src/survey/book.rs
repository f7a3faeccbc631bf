//! The respondents of one assessment as a projection of the survey ops, merged like the
//! answers: respondents by union of their add ops minus the removed ones (an
//! observed-remove set), each question's response a multi-value register (heads the
//! same way as an answer slot: an op is a head unless a known op of another device names
//! it in `supersedes`, or a known op of the same device on the same question is newer),
//! visits and overrides the latest per author. Every rule is a function of the set of
//! known ops, so any arrival order folds to the same book.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ops::{
    Channel, DerivedOverride, ProofAttach, RespondentAdd, RespondentRemove, Response, ResponseSet,
    VisitSet,
};
use crate::op::{BlobRef, DeviceId, Op, OpRef};

/// One candidate response (a head of its register). `value: None` is a cleared response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponseCandidate {
    pub op: OpRef,
    pub value: Option<Response>,
    pub hlc: u64,
}

/// The register of one respondent's question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Register {
    pub heads: Vec<ResponseCandidate>,
    /// Cross-device ops named in a `supersedes` list.
    pub superseded: BTreeSet<OpRef>,
    /// Highest known sequence number per device on this question.
    pub latest: BTreeMap<DeviceId, u64>,
}

impl Register {
    /// The displayed response: the head with the highest (hlc, device).
    #[must_use]
    pub fn value(&self) -> Option<Response> {
        self.heads
            .iter()
            .max_by(|a, b| (a.hlc, &a.op.device).cmp(&(b.hlc, &b.op.device)))
            .and_then(|c| c.value)
    }

    #[must_use]
    pub fn in_conflict(&self) -> bool {
        self.heads.iter().any(|h| h.value != self.heads[0].value)
    }

    #[must_use]
    pub fn head_refs(&self) -> Vec<OpRef> {
        self.heads.iter().map(|h| h.op.clone()).collect()
    }

    fn add(&mut self, op: &Op, value: Option<Response>, supersedes: &[OpRef]) {
        let me = op.op_ref();
        self.superseded
            .extend(supersedes.iter().filter(|r| r.device != op.device).cloned());
        let latest = self.latest.entry(op.device.clone()).or_insert(0);
        let newer_known = *latest > op.seq;
        *latest = (*latest).max(op.seq);
        let superseded = &self.superseded;
        self.heads.retain(|h| {
            let older_own = h.op.device == op.device && h.op.seq < op.seq;
            !(superseded.contains(&h.op) || older_own)
        });
        if !newer_known && !self.superseded.contains(&me) && !self.heads.iter().any(|h| h.op == me)
        {
            self.heads.push(ResponseCandidate {
                op: me,
                value,
                hlc: op.hlc,
            });
            self.heads.sort_by(|a, b| a.op.cmp(&b.op));
        }
    }
}

/// One add op of a respondent (two devices may add the same code: both are kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddEntry {
    pub op: OpRef,
    pub hlc: u64,
    pub channel: Option<Channel>,
    pub service: Option<String>,
    pub date: Option<String>,
    pub role: Option<String>,
    pub contact: Option<BlobRef>,
}

/// One respondent of one survey.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Respondent {
    pub survey: String,
    pub code: String,
    /// Add ops, sorted by op.
    pub adds: Vec<AddEntry>,
    /// Add ops removed by a remove op.
    pub removed: BTreeSet<OpRef>,
    pub answers: BTreeMap<String, Register>,
    /// Proof of service (from the add ops and later attaches), sorted by hash.
    pub proof: Vec<BlobRef>,
}

impl Respondent {
    /// Some add op is not removed.
    #[must_use]
    pub fn present(&self) -> bool {
        self.adds.iter().any(|a| !self.removed.contains(&a.op))
    }

    /// The add whose fields are shown: the earliest present one (hlc, then op).
    #[must_use]
    pub fn fields(&self) -> Option<&AddEntry> {
        self.adds
            .iter()
            .filter(|a| !self.removed.contains(&a.op))
            .min_by(|a, b| (a.hlc, &a.op).cmp(&(b.hlc, &b.op)))
    }

    /// The present add ops (what a remove must name).
    #[must_use]
    pub fn live_adds(&self) -> Vec<OpRef> {
        self.adds
            .iter()
            .filter(|a| !self.removed.contains(&a.op))
            .map(|a| a.op.clone())
            .collect()
    }

    /// Current responses (question → value), conflicts by their display value.
    #[must_use]
    pub fn responses(&self) -> BTreeMap<String, Response> {
        self.answers
            .iter()
            .filter_map(|(q, r)| r.value().map(|v| (q.clone(), v)))
            .collect()
    }

    /// Questions whose response is in conflict.
    #[must_use]
    pub fn conflicts(&self) -> Vec<&str> {
        self.answers
            .iter()
            .filter(|(_, r)| r.in_conflict())
            .map(|(q, _)| q.as_str())
            .collect()
    }
}

/// A visit record of one author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub seq: u64,
    pub hlc: u64,
    pub date: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub team: Vec<String>,
}

/// An override of one author.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideEntry {
    pub seq: u64,
    pub hlc: u64,
    pub device: DeviceId,
    pub level: Option<u8>,
    pub reason: String,
}

/// Everything the survey ops say about one assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RespondentBook {
    /// `survey\u{1f}code` → respondent (a string key: JSON map keys must be strings).
    pub respondents: BTreeMap<String, Respondent>,
    pub visits: BTreeMap<DeviceId, Visit>,
    /// indicator → author → override.
    pub overrides: BTreeMap<String, BTreeMap<DeviceId, OverrideEntry>>,
}

fn key(survey: &str, code: &str) -> String {
    format!("{survey}\u{1f}{}", normalize_code(code))
}

/// Codes compare trimmed and upper-case (`r01` is `R01`).
#[must_use]
pub fn normalize_code(code: &str) -> String {
    code.trim().to_uppercase()
}

impl RespondentBook {
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.respondents.is_empty() && self.visits.is_empty() && self.overrides.is_empty()
    }

    fn entry(&mut self, survey: &str, code: &str) -> &mut Respondent {
        self.respondents
            .entry(key(survey, code))
            .or_insert_with(|| Respondent {
                survey: survey.to_string(),
                code: normalize_code(code),
                ..Default::default()
            })
    }

    /// A respondent by survey and code (present or removed).
    #[must_use]
    pub fn get(&self, survey: &str, code: &str) -> Option<&Respondent> {
        self.respondents.get(&key(survey, code))
    }

    /// The present respondents of a survey, by code.
    pub fn present<'a>(&'a self, survey: &'a str) -> impl Iterator<Item = &'a Respondent> + 'a {
        self.respondents
            .values()
            .filter(move |r| r.survey == survey && r.present())
    }

    /// Number of present respondents of a survey.
    #[must_use]
    pub fn count(&self, survey: &str) -> usize {
        self.present(survey).count()
    }

    /// The effective override of an indicator: the newest (hlc, device) author's, unless
    /// that author withdrew it.
    #[must_use]
    pub fn override_for(&self, indicator: &str) -> Option<&OverrideEntry> {
        self.overrides
            .get(indicator)?
            .values()
            .max_by(|a, b| (a.hlc, &a.device).cmp(&(b.hlc, &b.device)))
            .filter(|o| o.level.is_some())
    }

    /// The newest visit record (by hlc).
    #[must_use]
    pub fn visit(&self) -> Option<&Visit> {
        self.visits.values().max_by_key(|v| v.hlc)
    }

    /// Present respondents with a question in conflict: (survey, code, question).
    #[must_use]
    pub fn conflicts(&self) -> Vec<(&str, &str, &str)> {
        self.respondents
            .values()
            .filter(|r| r.present())
            .flat_map(|r| {
                r.conflicts()
                    .into_iter()
                    .map(move |q| (r.survey.as_str(), r.code.as_str(), q))
            })
            .collect()
    }

    pub fn add(&mut self, op: &Op, a: &RespondentAdd) {
        let me = op.op_ref();
        let r = self.entry(&a.survey, &a.code);
        if let Err(at) = r.adds.binary_search_by(|e| e.op.cmp(&me)) {
            r.adds.insert(
                at,
                AddEntry {
                    op: me,
                    hlc: op.hlc,
                    channel: a.channel,
                    service: a.service.clone(),
                    date: a.date.clone(),
                    role: a.role.clone(),
                    contact: a.contact.clone(),
                },
            );
        }
        for b in &a.proof {
            add_proof(r, b);
        }
        for (q, v) in &a.answers {
            r.answers
                .entry(q.clone())
                .or_default()
                .add(op, Some(*v), &[]);
        }
    }

    pub fn set(&mut self, op: &Op, s: &ResponseSet) {
        let r = self.entry(&s.survey, &s.code);
        r.answers
            .entry(s.question.clone())
            .or_default()
            .add(op, s.value, &s.supersedes);
    }

    pub fn remove(&mut self, _op: &Op, s: &RespondentRemove) {
        let r = self.entry(&s.survey, &s.code);
        r.removed.extend(s.adds.iter().cloned());
    }

    pub fn attach(&mut self, _op: &Op, p: &ProofAttach) {
        let r = self.entry(&p.survey, &p.code);
        add_proof(r, &p.blob);
    }

    pub fn visit_set(&mut self, op: &Op, v: &VisitSet) {
        if self.visits.get(&op.device).is_none_or(|e| e.seq < op.seq) {
            self.visits.insert(
                op.device.clone(),
                Visit {
                    seq: op.seq,
                    hlc: op.hlc,
                    date: v.date.clone(),
                    start: v.start.clone(),
                    end: v.end.clone(),
                    team: v.team.clone(),
                },
            );
        }
    }

    pub fn override_set(&mut self, op: &Op, o: &DerivedOverride) {
        let m = self.overrides.entry(o.indicator.clone()).or_default();
        if m.get(&op.device).is_none_or(|e| e.seq < op.seq) {
            m.insert(
                op.device.clone(),
                OverrideEntry {
                    seq: op.seq,
                    hlc: op.hlc,
                    device: op.device.clone(),
                    level: o.level,
                    reason: o.reason.clone(),
                },
            );
        }
    }
}

fn add_proof(r: &mut Respondent, b: &BlobRef) {
    if let Err(at) = r.proof.binary_search_by(|p| p.hash.cmp(&b.hash)) {
        r.proof.insert(at, b.clone());
    }
}
