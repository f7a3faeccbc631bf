//! The review loop (issue 14): supervisors' decisions with the approval guard, comments
//! per assessment and per indicator, assessors' replies, the automatic resubmission, the
//! review view of one assessment and the bulk approval of clean assessments. Everything
//! is ops, so it travels in bundles both ways; the state is derived in
//! `tilik_core::review`. `docs/review.md` explains the states.

use serde::Serialize;

use super::{Workspace, now_ms};
use crate::core::assessment::AssessmentState;
use crate::core::op::{Op, OpBody, ReviewState};
use crate::core::review::{MessageKind, ReviewStatus, seen_list};
use crate::core::text::inert;
use crate::error::{Error, Result};
use crate::identity::{Identity, Role};

/// What is still open on an assessment a supervisor wants to approve.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpenItems {
    /// Not finalized by any assessor.
    pub draft: bool,
    /// Finalized, then changed.
    pub edited_after_final: bool,
    /// Indicators in conflict.
    pub conflicts: usize,
    /// Held ops of this assessment (not excluded by a fork).
    pub held: usize,
}

impl OpenItems {
    #[must_use]
    pub fn any(&self) -> bool {
        self.draft || self.edited_after_final || self.conflicts > 0 || self.held > 0
    }
}

/// A review decision to record.
#[derive(Debug, Clone, Copy)]
pub struct ReviewRequest<'a> {
    pub id: &'a str,
    pub state: ReviewState,
    /// The decision's comment (the reason of a rejection); with `indicator`, a comment on
    /// that indicator written with the decision.
    pub comment: &'a str,
    pub indicator: Option<&'a str>,
    /// Approve past the guard with this reason.
    pub force: Option<&'a str>,
}

impl<'a> ReviewRequest<'a> {
    #[must_use]
    pub fn new(id: &'a str, state: ReviewState) -> Self {
        ReviewRequest {
            id,
            state,
            comment: "",
            indicator: None,
            force: None,
        }
    }
}

/// One decision of the history.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionView {
    pub device: String,
    /// Roster name, inert.
    pub name: String,
    pub seq: u64,
    pub wall_ms: i64,
    pub state: ReviewState,
    pub comment: String,
    pub forced: Option<String>,
}

/// One message of a thread.
#[derive(Debug, Clone, Serialize)]
pub struct MessageView {
    pub device: String,
    /// Roster name, inert.
    pub name: String,
    pub seq: u64,
    pub wall_ms: i64,
    pub kind: MessageKind,
    pub text: String,
}

/// The thread of the assessment (`indicator` `None`) or of one indicator, in order.
#[derive(Debug, Clone, Serialize)]
pub struct ThreadView {
    pub indicator: Option<String>,
    pub messages: Vec<MessageView>,
}

/// The review of one assessment: state, decisions, threads.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewView {
    pub state: Option<ReviewStatus>,
    pub history: Vec<DecisionView>,
    pub threads: Vec<ThreadView>,
    pub open_comments: usize,
    pub supervisor_comments: usize,
}

impl ReviewView {
    /// The thread of one indicator, if it has messages.
    #[must_use]
    pub fn thread(&self, indicator: Option<&str>) -> Option<&ThreadView> {
        self.threads
            .iter()
            .find(|t| t.indicator.as_deref() == indicator)
    }
}

/// What `approve_clean` did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApproveClean {
    /// Assessments approved now.
    pub approved: Vec<String>,
    /// Assessments left, with why (the first reason found).
    pub skipped: Vec<(String, Skip)>,
}

/// Why `--approve-clean` left an assessment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Skip {
    NotFinal,
    Conflicts,
    Held,
    OpenComments,
    NeedsRevision,
    AlreadyApproved,
    Rejected,
}

/// Whether an op of this kind changes the assessment's content (and so carries an
/// acknowledgement when made after a review).
fn is_change(b: &OpBody) -> bool {
    matches!(
        b,
        OpBody::SetAnswer { .. }
            | OpBody::SetNote { .. }
            | OpBody::AttachEvidence { .. }
            | OpBody::DetachEvidence { .. }
            | OpBody::SetStatus { .. }
            | OpBody::AddRespondent(_)
            | OpBody::SetResponse(_)
            | OpBody::RemoveRespondent(_)
            | OpBody::AttachProof(_)
            | OpBody::SetVisit(_)
            | OpBody::OverrideDerived(_)
    )
}

impl Workspace {
    /// The bodies to commit for an assessor's change: `bodies`, preceded by a `Resubmit`
    /// when the assessment has a decision or comment no resubmission saw yet. Every own
    /// commit of content goes through here, so "resubmitted" follows automatically.
    ///
    /// # Errors
    /// Storage failure.
    pub(super) fn with_ack(
        &self,
        me: &Identity,
        bodies: Vec<(OpBody, Option<u64>)>,
    ) -> Result<Vec<(OpBody, Option<u64>)>> {
        if me.role == Role::Supervisor {
            return Ok(bodies);
        }
        let Some(first) = bodies.iter().find(|(b, _)| is_change(b)) else {
            return Ok(bodies);
        };
        let id = first.0.assessment().to_string();
        let Some(st) = self.store.assessment(&id)? else {
            return Ok(bodies);
        };
        Ok(Self::ack_on(me, &st, bodies))
    }

    /// [`Workspace::with_ack`] on the state the caller has already read (`st` is the
    /// assessment the bodies change).
    pub(super) fn ack_on(
        me: &Identity,
        st: &AssessmentState,
        mut bodies: Vec<(OpBody, Option<u64>)>,
    ) -> Vec<(OpBody, Option<u64>)> {
        if me.role == Role::Supervisor || !bodies.iter().any(|(b, _)| is_change(b)) {
            return bodies;
        }
        let id = st.id.clone();
        if st.review.needs_ack() {
            bodies.insert(
                0,
                (
                    OpBody::Resubmit {
                        assessment: id,
                        seen: seen_list(&st.version_vector(), &me.device),
                    },
                    None,
                ),
            );
        }
        bodies
    }

    /// What is open on an assessment for the approval guard.
    ///
    /// # Errors
    /// Storage failure.
    pub fn open_items(&self, st: &AssessmentState) -> Result<OpenItems> {
        let forks = self.store.forks()?;
        let mut held = 0;
        for (r, _) in self.store.held_ops()? {
            if forks.get(&r.device).is_some_and(|n| r.seq >= *n) {
                continue;
            }
            if self
                .store
                .op(&r.device, r.seq)?
                .is_some_and(|o| o.body.assessment() == st.id)
            {
                held += 1;
            }
        }
        Ok(OpenItems {
            draft: !st.is_final(),
            edited_after_final: st.edited_after_final(),
            conflicts: st.conflicts().len(),
            held,
        })
    }

    /// Record a review decision. Only a supervisor may. "Needs revision" and "rejected"
    /// need a comment (on the decision or, with `indicator`, on that indicator). Approving
    /// a draft, an assessment changed after it was finalized, one with open conflicts or
    /// held ops is refused with `ApprovalGuard` (what is open) unless `force` gives a
    /// reason. Durable when this returns.
    ///
    /// # Errors
    /// `NotSupervisor`, `CommentRequired`, `ApprovalGuard`, `ReasonRequired` (an empty
    /// `force`), unknown assessment or indicator, storage failure.
    pub fn set_review(&self, req: &ReviewRequest<'_>) -> Result<Vec<Op>> {
        let me = self.require_identity()?;
        if me.role != Role::Supervisor {
            return Err(Error::NotSupervisor);
        }
        let comment = req.comment.trim();
        let needs_comment = matches!(
            req.state,
            ReviewState::NeedsRevision | ReviewState::Rejected
        );
        if needs_comment && comment.is_empty() {
            return Err(Error::CommentRequired);
        }
        let st = self.state(req.id)?;
        let indicator = match req.indicator {
            Some(i) => {
                let d = self.detail(req.id)?;
                Some(super::answer::canonical_indicator(&d.instrument, i)?)
            }
            None => None,
        };
        let mut forced = None;
        if req.state == ReviewState::Approved {
            let open = self.open_items(&st)?;
            if open.any() {
                match req.force.map(str::trim) {
                    None => return Err(Error::ApprovalGuard(open)),
                    Some("") => return Err(Error::ReasonRequired),
                    Some(r) => forced = Some(r.to_string()),
                }
            }
        }
        let seen = seen_list(&st.version_vector(), &me.device);
        let mut bodies = Vec::new();
        let decision_comment = if let Some(ind) = &indicator {
            if !comment.is_empty() {
                bodies.push((
                    OpBody::ReviewComment {
                        assessment: st.id.clone(),
                        indicator: Some(ind.clone()),
                        text: comment.to_string(),
                        seen: seen.clone(),
                    },
                    None,
                ));
            }
            String::new()
        } else {
            comment.to_string()
        };
        bodies.push((
            OpBody::SetReview {
                assessment: st.id.clone(),
                state: req.state,
                comment: decision_comment,
                seen,
                forced,
            },
            None,
        ));
        self.store.commit(&me.device, &bodies, now_ms())
    }

    /// A supervisor's comment on the assessment (`indicator` `None`) or one indicator,
    /// without changing the state.
    ///
    /// # Errors
    /// `NotSupervisor`, `CommentRequired`, unknown assessment or indicator.
    pub fn review_comment(&self, id: &str, indicator: Option<&str>, text: &str) -> Result<Op> {
        let me = self.require_identity()?;
        if me.role != Role::Supervisor {
            return Err(Error::NotSupervisor);
        }
        self.write_message(&me, id, indicator, text, true)
    }

    /// An assessor's reply in the thread of the assessment or of one indicator.
    ///
    /// # Errors
    /// `NotAssessor` (a supervisor comments instead), `CommentRequired`, unknown
    /// assessment or indicator.
    pub fn reply(&self, id: &str, indicator: Option<&str>, text: &str) -> Result<Op> {
        let me = self.require_identity()?;
        if me.role == Role::Supervisor {
            return Err(Error::NotAssessor);
        }
        self.write_message(&me, id, indicator, text, false)
    }

    fn write_message(
        &self,
        me: &Identity,
        id: &str,
        indicator: Option<&str>,
        text: &str,
        comment: bool,
    ) -> Result<Op> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Error::CommentRequired);
        }
        let d = self.detail(id)?;
        let indicator = match indicator {
            Some(i) => Some(super::answer::canonical_indicator(&d.instrument, i)?),
            None => None,
        };
        let assessment = d.state.id.clone();
        let seen = seen_list(&d.state.version_vector(), &me.device);
        let body = if comment {
            OpBody::ReviewComment {
                assessment,
                indicator,
                text: text.to_string(),
                seen,
            }
        } else {
            OpBody::ReviewReply {
                assessment,
                indicator,
                text: text.to_string(),
                seen,
            }
        };
        let mut ops = self.store.commit(&me.device, &[(body, None)], now_ms())?;
        ops.pop().ok_or(Error::CommentRequired)
    }

    /// The review of one assessment: state, decisions (oldest first), threads (the
    /// assessment's first, then by indicator), open and supervisor comments.
    #[must_use]
    pub fn review_view(&self, st: &AssessmentState) -> ReviewView {
        let b = &st.review;
        let name = |dev: &str| inert(&self.device_name(dev), false);
        let history = b
            .history()
            .into_iter()
            .map(|d| DecisionView {
                device: d.op.device.clone(),
                name: name(&d.op.device),
                seq: d.op.seq,
                wall_ms: d.wall_ms,
                state: d.state,
                comment: d.comment.clone(),
                forced: d.forced.clone(),
            })
            .collect();
        let mut keys: Vec<Option<&str>> = Vec::new();
        if !b.thread(None).is_empty() {
            keys.push(None);
        }
        keys.extend(b.commented_indicators().into_iter().map(Some));
        let threads = keys
            .into_iter()
            .map(|k| ThreadView {
                indicator: k.map(str::to_string),
                messages: b
                    .thread(k)
                    .into_iter()
                    .map(|m| MessageView {
                        device: m.op.device.clone(),
                        name: name(&m.op.device),
                        seq: m.op.seq,
                        wall_ms: m.wall_ms,
                        kind: m.kind,
                        text: m.text.clone(),
                    })
                    .collect(),
            })
            .collect();
        ReviewView {
            state: st.review_status(),
            history,
            threads,
            open_comments: b.open_comments(),
            supervisor_comments: b.supervisor_comments(),
        }
    }

    /// The review of one assessment by id.
    ///
    /// # Errors
    /// Unknown assessment.
    pub fn review(&self, id: &str) -> Result<ReviewView> {
        let st = self.state(id)?;
        Ok(self.review_view(&st))
    }

    /// Approve every finalized assessment (of `pemda`, if given) with no conflicts, held
    /// ops or open comments that is not approved or rejected already. Only a supervisor.
    ///
    /// # Errors
    /// `NotSupervisor`, unknown pemda, storage failure.
    pub fn approve_clean(&self, pemda: Option<&str>) -> Result<ApproveClean> {
        let me = self.require_identity()?;
        if me.role != Role::Supervisor {
            return Err(Error::NotSupervisor);
        }
        let code = match pemda {
            Some(p) => Some(self.region(p)?.code.clone()),
            None => None,
        };
        let mut out = ApproveClean::default();
        let mut list = self.list()?;
        list.retain(|s| code.as_ref().is_none_or(|c| *c == s.pemda));
        for s in list {
            let st = self.state(&s.id)?;
            let open = self.open_items(&st)?;
            let skip = match st.review_status() {
                Some(ReviewStatus::Approved) => Some(Skip::AlreadyApproved),
                Some(ReviewStatus::Rejected) => Some(Skip::Rejected),
                Some(ReviewStatus::NeedsRevision) => Some(Skip::NeedsRevision),
                _ if open.draft || open.edited_after_final => Some(Skip::NotFinal),
                _ if open.conflicts > 0 => Some(Skip::Conflicts),
                _ if open.held > 0 => Some(Skip::Held),
                _ if st.review.open_comments() > 0 => Some(Skip::OpenComments),
                _ => None,
            };
            if let Some(k) = skip {
                out.skipped.push((s.id.clone(), k));
                continue;
            }
            self.set_review(&ReviewRequest::new(&s.id, ReviewState::Approved))?;
            out.approved.push(s.id.clone());
        }
        Ok(out)
    }
}
