//! History: the ops behind an assessment (`tilik log`) and undo, which writes the
//! inverse of this device's latest change as a new op.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Workspace, now_ms};
use crate::core::op::{AnswerValue, Op, OpBody, Status};
use crate::error::{Error, Result};

/// One side of a change in the log: text as it was written, or an answer value (put in
/// words for the user at the edge, `present::words::log_value`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogValue {
    Text(String),
    Answer(AnswerValue),
    /// A resolution: the value chosen and the supervisor's reason.
    Resolved {
        value: AnswerValue,
        reason: String,
    },
    /// A review decision with its comment and, for an approval past the guard, the reason.
    Review {
        state: crate::core::op::ReviewState,
        comment: String,
        forced: Option<String>,
    },
}

/// One line of `tilik log`. Its JSON adds `old` and `new` in words at the edge
/// (`present::json::log`).
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub device: String,
    /// The roster's name (or this store's own, or the short fingerprint).
    pub who: String,
    /// The name a bundle claimed, when the roster has none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claim: Option<String>,
    pub seq: u64,
    pub wall_ms: i64,
    pub kind: &'static str,
    pub indicator: Option<String>,
    #[serde(skip)]
    pub old: Option<LogValue>,
    #[serde(skip)]
    pub new: Option<LogValue>,
}

impl Workspace {
    /// Undo this device's latest change in an assessment by writing its inverse op.
    /// Returns the op that was undone.
    ///
    /// # Errors
    /// `NothingToUndo`.
    pub fn undo(&self, id: &str) -> Result<Op> {
        let me = self.require_identity()?;
        let d = self.detail(id)?;
        let mine: Vec<Op> = self
            .store
            .ops_of(&d.state.id)?
            .into_iter()
            .filter(|o| o.device == me.device)
            .collect();
        let undone: BTreeSet<u64> = mine.iter().filter_map(|o| o.undo_of).collect();
        let target = mine
            .iter()
            .rev()
            .find(|o| o.undo_of.is_none() && !undone.contains(&o.seq))
            .ok_or(Error::NothingToUndo)?;
        let aid = d.state.id.clone();
        let slot_of = |ind: &str| d.state.slots.get(ind).cloned().unwrap_or_default();
        let inverse = match &target.body {
            OpBody::SetAnswer { indicator, old, .. } => {
                let s = slot_of(indicator);
                OpBody::SetAnswer {
                    assessment: aid,
                    indicator: indicator.clone(),
                    value: old.unwrap_or(AnswerValue::Cleared),
                    old: s.value(),
                    supersedes: s.head_refs(),
                    instrument: self.keep_instrument(&d.instrument)?,
                }
            }
            OpBody::SetNote {
                indicator,
                text,
                old,
                ..
            } => OpBody::SetNote {
                assessment: aid,
                indicator: indicator.clone(),
                text: old.clone(),
                old: text.clone(),
            },
            OpBody::AttachEvidence {
                indicator, blob, ..
            } => OpBody::DetachEvidence {
                assessment: aid,
                indicator: indicator.clone(),
                hash: blob.hash.clone(),
                attaches: vec![target.op_ref()],
            },
            OpBody::DetachEvidence {
                indicator,
                attaches,
                ..
            } => {
                let s = slot_of(indicator);
                let blob = attaches
                    .iter()
                    .find_map(|a| {
                        s.attached
                            .iter()
                            .find(|e| &e.op == a)
                            .map(|e| e.blob.clone())
                    })
                    .ok_or(Error::NothingToUndo)?;
                OpBody::AttachEvidence {
                    assessment: aid,
                    indicator: indicator.clone(),
                    blob,
                }
            }
            OpBody::SetFlag {
                indicator,
                flagged,
                reason,
                ..
            } => OpBody::SetFlag {
                assessment: aid,
                indicator: indicator.clone(),
                flagged: !flagged,
                reason: reason.clone(),
            },
            OpBody::SetStatus { status, .. } => OpBody::SetStatus {
                assessment: aid,
                status: if *status == Status::Final {
                    Status::Draft
                } else {
                    Status::Final
                },
            },
            OpBody::AddRespondent(a) => {
                OpBody::RemoveRespondent(crate::core::survey::RespondentRemove {
                    assessment: aid,
                    survey: a.survey.clone(),
                    code: a.code.clone(),
                    adds: vec![target.op_ref()],
                })
            }
            // Undo covers what the checklist's undo key covers; a response, removal,
            // proof, visit or override is changed by another command instead.
            OpBody::CreateAssessment { .. }
            | OpBody::Resolve { .. }
            | OpBody::SetReview { .. }
            | OpBody::ReviewComment { .. }
            | OpBody::ReviewReply { .. }
            | OpBody::Resubmit { .. }
            | OpBody::SetResponse(_)
            | OpBody::RemoveRespondent(_)
            | OpBody::AttachProof(_)
            | OpBody::SetVisit(_)
            | OpBody::OverrideDerived(_) => {
                return Err(Error::NothingToUndo);
            }
        };
        let bodies = self.with_ack(&me, vec![(inverse, Some(target.seq))])?;
        self.store.commit(&me.device, &bodies, now_ms())?;
        Ok(target.clone())
    }

    /// The ops behind an assessment, oldest first: who, when, old → new.
    ///
    /// # Errors
    /// Unknown assessment.
    pub fn log(&self, id: &str) -> Result<Vec<LogEntry>> {
        let st = self.state(id)?;
        let mut ops = self.store.ops_of(&st.id)?;
        ops.sort_by(|a, b| (a.hlc, &a.device, a.seq).cmp(&(b.hlc, &b.device, b.seq)));
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        let mut claims: BTreeMap<String, Option<String>> = BTreeMap::new();
        Ok(ops
            .into_iter()
            .map(|o| {
                let who = names
                    .entry(o.device.clone())
                    .or_insert_with(|| self.device_name(&o.device))
                    .clone();
                let claim = claims
                    .entry(o.device.clone())
                    .or_insert_with(|| self.device_claim(&o.device))
                    .clone();
                let (old, new) = change_of(&o.body);
                LogEntry {
                    device: o.device.clone(),
                    who,
                    claim,
                    seq: o.seq,
                    wall_ms: o.wall_ms,
                    kind: o.body.kind(),
                    indicator: o.body.indicator().map(str::to_string),
                    old,
                    new,
                }
            })
            .collect())
    }
}

/// One op's change for the log: old → new (either side may be absent).
pub(super) fn change_of(body: &OpBody) -> (Option<LogValue>, Option<LogValue>) {
    match body {
        OpBody::SetAnswer { value, old, .. } => (
            Some(LogValue::Answer(old.unwrap_or(AnswerValue::Cleared))),
            Some(LogValue::Answer(*value)),
        ),
        OpBody::Resolve { value, reason, .. } => (
            None,
            Some(LogValue::Resolved {
                value: *value,
                reason: reason.clone(),
            }),
        ),
        OpBody::SetNote { text, old, .. } => (
            Some(LogValue::Text(old.clone())),
            Some(LogValue::Text(text.clone())),
        ),
        OpBody::AttachEvidence { blob, .. } => (None, Some(LogValue::Text(blob.name.clone()))),
        OpBody::DetachEvidence { hash, .. } => {
            (Some(LogValue::Text(hash.chars().take(12).collect())), None)
        }
        OpBody::SetFlag { flagged, .. } => (None, Some(LogValue::Text(flagged.to_string()))),
        OpBody::SetStatus { status, .. } => (
            None,
            Some(LogValue::Text(format!("{status:?}").to_lowercase())),
        ),
        OpBody::SetReview {
            state,
            comment,
            forced,
            ..
        } => (
            None,
            Some(LogValue::Review {
                state: *state,
                comment: comment.clone(),
                forced: forced.clone(),
            }),
        ),
        OpBody::ReviewComment { text, .. } | OpBody::ReviewReply { text, .. } => {
            (None, Some(LogValue::Text(text.clone())))
        }
        OpBody::Resubmit { .. } => (None, None),
        OpBody::CreateAssessment { instrument, .. } => {
            (None, Some(LogValue::Text(instrument.id.clone())))
        }
        OpBody::AddRespondent(a) => (
            None,
            Some(LogValue::Text(format!("{} {}", a.survey, a.code))),
        ),
        OpBody::SetResponse(r) => (
            None,
            Some(LogValue::Text(format!(
                "{} {} {}={}",
                r.survey,
                r.code,
                r.question,
                r.value.map_or_else(|| "—".to_string(), |v| v.key())
            ))),
        ),
        OpBody::RemoveRespondent(r) => (
            Some(LogValue::Text(format!("{} {}", r.survey, r.code))),
            None,
        ),
        OpBody::AttachProof(p) => (
            None,
            Some(LogValue::Text(format!("{} {}", p.code, p.blob.name))),
        ),
        OpBody::SetVisit(v) => (None, Some(LogValue::Text(v.date.clone()))),
        OpBody::OverrideDerived(o) => (
            None,
            Some(LogValue::Text(format!(
                "{} {}",
                o.level.map_or_else(|| "—".to_string(), |l| l.to_string()),
                o.reason
            ))),
        ),
    }
}
