//! The brief of an assessment: the few hundred bytes of its projection that the home
//! list, the dashboard and a report read — header, each indicator's displayed value, the
//! conflicts with their candidates, notes, flags, status, review, evidence hashes, the
//! respondents' tally — and nothing else (no register histories, no superseded sets, no
//! respondents). The store writes it from the projection in the same write as the
//! projection ([`Brief::of`] is the one place it is computed), so reading every
//! assessment of a national year reads a few megabytes, not every projection.
//!
//! Every accessor gives what the same-named [`AssessmentState`] method gives for the state
//! the brief was taken from (tests below and in the store check it).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::assessment::{AssessmentState, Header};
use super::op::{AnswerValue, DeviceId};
use super::review::ReviewStatus;
use super::survey::BookTally;

/// One candidate of a slot in conflict: its value and author device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BriefCandidate {
    pub value: AnswerValue,
    pub device: DeviceId,
}

/// See the module docs.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Brief {
    pub id: String,
    pub header: Option<Header>,
    /// Indicator → its displayed typed value ([`Slot::value`](super::assessment::Slot::value));
    /// derived levels are not in here (see `derived`).
    pub values: BTreeMap<String, AnswerValue>,
    /// Indicator in conflict → its candidates, in the slot's head order.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub conflicts: BTreeMap<String, Vec<BriefCandidate>>,
    /// Indicators some author flagged.
    #[serde(default)]
    pub flagged: usize,
    /// Indicator → (author device, text) of its non-blank notes, by device.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub notes: BTreeMap<String, Vec<(DeviceId, String)>>,
    pub finalized: bool,
    pub edited_after_final: bool,
    pub review: Option<ReviewStatus>,
    #[serde(default)]
    pub open_comments: usize,
    #[serde(default)]
    pub comments: usize,
    pub last_change_ms: i64,
    /// Devices that wrote anything here.
    pub devices: BTreeSet<DeviceId>,
    /// [`AssessmentState::clock`]: the newest sequence number per device of an op applied
    /// here (the store checks it against its index after an unclean close).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub clock: BTreeMap<DeviceId, u64>,
    /// Blob hash of each current evidence file (one entry per attachment).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// The respondents' tally; `None` when the respondent book is empty.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub survey: Option<BookTally>,
    /// Levels of derived indicators, set by whoever loads the brief (as
    /// [`AssessmentState::derived`]); never stored.
    #[serde(skip)]
    pub derived: BTreeMap<String, AnswerValue>,
}

impl Brief {
    /// The brief of `st` (its `derived` levels are not carried: a reader sets them).
    #[must_use]
    pub fn of(st: &AssessmentState) -> Brief {
        let mut values = BTreeMap::new();
        let mut conflicts = BTreeMap::new();
        let mut notes = BTreeMap::new();
        let mut flagged = 0;
        let mut evidence = Vec::new();
        for (k, s) in &st.slots {
            if let Some(v) = s.value() {
                values.insert(k.clone(), v);
            }
            if s.in_conflict() {
                conflicts.insert(
                    k.clone(),
                    s.heads
                        .iter()
                        .map(|h| BriefCandidate {
                            value: h.value,
                            device: h.op.device.clone(),
                        })
                        .collect(),
                );
            }
            if s.flagged() {
                flagged += 1;
            }
            let n: Vec<(DeviceId, String)> = s
                .notes
                .iter()
                .filter(|(_, n)| !n.text.trim().is_empty())
                .map(|(d, n)| (d.clone(), n.text.clone()))
                .collect();
            if !n.is_empty() {
                notes.insert(k.clone(), n);
            }
            evidence.extend(s.evidence().into_iter().map(|e| e.blob.hash.clone()));
        }
        Brief {
            id: st.id.clone(),
            header: st.header.clone(),
            values,
            conflicts,
            flagged,
            notes,
            finalized: st.is_final(),
            edited_after_final: st.edited_after_final(),
            review: st.review_status(),
            open_comments: st.review.open_comments(),
            comments: st.review.supervisor_comments(),
            last_change_ms: st.last_change_ms,
            devices: st.devices.clone(),
            clock: st.clock.clone(),
            evidence,
            survey: (!st.survey.is_empty()).then(|| st.survey.tally()),
            derived: BTreeMap::new(),
        }
    }

    /// [`AssessmentState::answers`]: the displayed values with the derived levels over them.
    #[must_use]
    pub fn answers(&self) -> BTreeMap<String, AnswerValue> {
        let mut a = self.values.clone();
        for (k, v) in &self.derived {
            a.insert(k.clone(), *v);
        }
        a
    }

    /// [`AssessmentState::is_final`].
    #[must_use]
    pub fn is_final(&self) -> bool {
        self.finalized
    }

    /// [`AssessmentState::conflicts`]: indicators in conflict, in indicator order.
    #[must_use]
    pub fn conflict_ids(&self) -> Vec<&str> {
        self.conflicts.keys().map(String::as_str).collect()
    }

    /// [`Slot::in_conflict`](super::assessment::Slot::in_conflict) of one indicator.
    #[must_use]
    pub fn in_conflict(&self, indicator: &str) -> bool {
        self.conflicts.contains_key(indicator)
    }

    /// [`AssessmentState::review_status`].
    #[must_use]
    pub fn review_status(&self) -> Option<ReviewStatus> {
        self.review
    }

    /// [`AssessmentState::parallel_edits`].
    #[must_use]
    pub fn parallel_edits(&self) -> bool {
        self.devices.len() > 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::rebuild;
    use crate::instrument::InstrumentRef;
    use crate::op::{BlobRef, OP_VERSION, Op, OpBody, Status};
    use crate::survey::{RespondentAdd, Response, ResponseSet, SurveyRef, VisitSet};

    fn iref() -> InstrumentRef {
        InstrumentRef {
            id: "i".into(),
            version: "1".into(),
            hash: "h".into(),
        }
    }

    fn op(dev: &str, seq: u64, body: OpBody) -> Op {
        Op {
            v: OP_VERSION,
            device: dev.into(),
            seq,
            prev: None,
            hlc: seq * 10 + u64::from(dev == "B"),
            wall_ms: i64::try_from(seq).unwrap_or(0) * 1000,
            undo_of: None,
            body,
        }
    }

    fn answer(dev: &str, seq: u64, ind: &str, v: u8) -> Op {
        op(
            dev,
            seq,
            OpBody::SetAnswer {
                assessment: "a".into(),
                indicator: ind.into(),
                value: AnswerValue::Score(v),
                old: None,
                supersedes: Vec::new(),
                instrument: iref(),
            },
        )
    }

    fn surveys() -> SurveyRef {
        SurveyRef {
            instrument: "i".into(),
            version: "1".into(),
            hash: "s".into(),
        }
    }

    /// Create, answers by two devices (one conflict), a note, a blank note, a flag,
    /// evidence, final then an edit after it, respondents with a conflicting response, a
    /// visit.
    fn ops() -> Vec<Op> {
        let blob = BlobRef {
            hash: "ab".repeat(32),
            size: 3,
            name: "f.jpg".into(),
            mime: "image/jpeg".into(),
        };
        let add = |dev: &str, seq: u64, code: &str, r: Response| {
            op(
                dev,
                seq,
                OpBody::AddRespondent(RespondentAdd {
                    assessment: "a".into(),
                    survey: "pengguna".into(),
                    code: code.into(),
                    channel: None,
                    service: None,
                    date: None,
                    role: None,
                    contact: None,
                    proof: Vec::new(),
                    answers: [("Q1".to_string(), r)].into_iter().collect(),
                    surveys: surveys(),
                }),
            )
        };
        vec![
            op(
                "A",
                1,
                OpBody::CreateAssessment {
                    assessment: "a".into(),
                    round: 2024,
                    pemda: "61.71".into(),
                    pemda_name: "Kota Pontianak".into(),
                    lokus: "dpmptsp".into(),
                    lokus_name: None,
                    family: "opini".into(),
                    instrument: iref(),
                },
            ),
            answer("A", 2, "P.1", 3),
            answer("A", 3, "P.2", 1),
            answer("B", 1, "P.2", 2),
            op(
                "A",
                4,
                OpBody::SetNote {
                    assessment: "a".into(),
                    indicator: "P.1".into(),
                    text: "catatan".into(),
                    old: String::new(),
                },
            ),
            op(
                "B",
                2,
                OpBody::SetNote {
                    assessment: "a".into(),
                    indicator: "P.1".into(),
                    text: "  ".into(),
                    old: String::new(),
                },
            ),
            op(
                "B",
                3,
                OpBody::SetFlag {
                    assessment: "a".into(),
                    indicator: "P.1".into(),
                    flagged: true,
                    reason: None,
                },
            ),
            op(
                "A",
                5,
                OpBody::AttachEvidence {
                    assessment: "a".into(),
                    indicator: "P.1".into(),
                    blob,
                },
            ),
            op(
                "A",
                6,
                OpBody::SetStatus {
                    assessment: "a".into(),
                    status: Status::Final,
                },
            ),
            answer("A", 7, "P.3", 0),
            add("A", 8, "R01", Response::Ya),
            add("A", 9, "R02", Response::Tidak),
            op(
                "B",
                4,
                OpBody::SetResponse(ResponseSet {
                    assessment: "a".into(),
                    survey: "pengguna".into(),
                    code: "R01".into(),
                    question: "Q1".into(),
                    value: Some(Response::Tidak),
                    supersedes: Vec::new(),
                    surveys: surveys(),
                }),
            ),
            op(
                "A",
                10,
                OpBody::SetVisit(VisitSet {
                    assessment: "a".into(),
                    date: "2024-05-01".into(),
                    start: Some("09:00".into()),
                    end: None,
                    team: vec!["Sari".into()],
                }),
            ),
        ]
    }

    #[test]
    fn a_brief_answers_as_its_state_does() {
        let all = ops();
        // Every prefix of the ops: the brief follows the state as it grows.
        for n in 1..=all.len() {
            for st in rebuild(all[..n].iter()).into_values() {
                let b = Brief::of(&st);
                assert_eq!(b.answers(), st.answers(), "after {n} ops");
                assert_eq!(b.conflict_ids(), st.conflicts());
                assert_eq!(b.is_final(), st.is_final());
                assert_eq!(b.edited_after_final, st.edited_after_final());
                assert_eq!(b.review_status(), st.review_status());
                assert_eq!(b.parallel_edits(), st.parallel_edits());
                assert_eq!(b.header, st.header);
                assert_eq!(b.last_change_ms, st.last_change_ms);
                assert_eq!(b.flagged, st.slots.values().filter(|s| s.flagged()).count());
                for (k, s) in &st.slots {
                    assert_eq!(b.in_conflict(k), s.in_conflict());
                }
                assert_eq!(b.survey.is_some(), !st.survey.is_empty());
                let json = serde_json::to_vec(&b).expect("encode");
                let back: Brief = serde_json::from_slice(&json).expect("decode");
                assert_eq!(back, b);
            }
        }
        let st = rebuild(all.iter()).remove("a").expect("a");
        let b = Brief::of(&st);
        assert_eq!(b.conflict_ids(), vec!["P.2"]);
        assert_eq!(
            b.conflicts["P.2"]
                .iter()
                .map(|c| (c.value, c.device.as_str()))
                .collect::<Vec<_>>(),
            st.slots["P.2"]
                .heads
                .iter()
                .map(|h| (h.value, h.op.device.as_str()))
                .collect::<Vec<_>>()
        );
        assert_eq!(
            b.notes["P.1"],
            vec![("A".to_string(), "catatan".to_string())]
        );
        assert_eq!(b.evidence, vec!["ab".repeat(32)]);
        assert!(b.finalized && b.edited_after_final);
        let t = b.survey.as_ref().expect("tally");
        let q = &t.survey("pengguna").questions["Q1"];
        assert_eq!(t.survey("pengguna").respondents, 2);
        assert!(q.conflicted, "R01 answered ya and tidak by two devices");
        assert_eq!(
            t.visit.as_ref().map(|v| v.date.as_str()),
            Some("2024-05-01")
        );
    }
}
