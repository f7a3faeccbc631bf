//! Who may write what: the authorization rules of every op type, as pure functions of the
//! writer's role (from the importer's roster, never from the bundle) and the op.
//!
//! Both functions are exhaustive matches over [`OpBody`] (no catch-all arm), so a new op
//! type does not compile until its rule is decided here. `docs/bundle-format.md` §6.4 and
//! `docs/security.md` state the same rules in words.
//!
//! - An **assessor** writes assessments, answers, notes, evidence, flags, status
//!   (finalize) and the survey ops.
//! - A **supervisor** writes everything an assessor does, plus `Resolve`, `SetReview`
//!   and `ReviewComment` (review decisions and comments). `ReviewReply` and `Resubmit`,
//!   the assessor's side of the review thread, may be written by either role.
//! - An op that **replaces another device's candidate** (a `Resolve`, or a `SetAnswer` or
//!   `SetResponse` whose `supersedes` names another device, a `RemoveRespondent` or
//!   `DetachEvidence` of what another device added) needs a supervisor: an assessor may
//!   only replace their own work. Such an op of an assessor is held (`supersedes_other`):
//!   it can never close a conflict between assessors; a supervisor decides with
//!   `Resolve`.

use crate::op::{OpBody, OpRef};

/// A writer's role, as the importing store's roster gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Assessor,
    Supervisor,
}

/// Why an op may not take effect under its writer's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// The op type needs a supervisor (`Resolve`, `SetReview`, `ReviewComment`).
    Role,
    /// The op replaces another device's candidate, which needs a supervisor.
    SupersedesOther,
}

impl Denied {
    /// The stable hold reason (`role`, `supersedes_other`).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Denied::Role => "role",
            Denied::SupersedesOther => "supersedes_other",
        }
    }
}

/// Whether a writer with `role` may write an op of this type at all.
#[must_use]
pub fn may_write(role: Role, body: &OpBody) -> bool {
    match body {
        OpBody::CreateAssessment { .. }
        | OpBody::SetAnswer { .. }
        | OpBody::SetNote { .. }
        | OpBody::AttachEvidence { .. }
        | OpBody::DetachEvidence { .. }
        | OpBody::SetFlag { .. }
        | OpBody::SetStatus { .. }
        | OpBody::AddRespondent(_)
        | OpBody::SetResponse(_)
        | OpBody::RemoveRespondent(_)
        | OpBody::AttachProof(_)
        | OpBody::SetVisit(_)
        | OpBody::OverrideDerived(_)
        | OpBody::ReviewReply { .. }
        | OpBody::Resubmit { .. } => true,
        OpBody::Resolve { .. } | OpBody::SetReview { .. } | OpBody::ReviewComment { .. } => {
            role == Role::Supervisor
        }
    }
}

/// Whether a writer with `role` may write this op when it replaces another device's
/// candidate (see [`replaces_other`]). Ops that can never replace anything are `true`.
#[must_use]
pub fn may_replace_others(role: Role, body: &OpBody) -> bool {
    match body {
        OpBody::Resolve { .. }
        | OpBody::SetAnswer { .. }
        | OpBody::SetResponse(_)
        | OpBody::RemoveRespondent(_)
        | OpBody::DetachEvidence { .. } => role == Role::Supervisor,
        OpBody::CreateAssessment { .. }
        | OpBody::SetNote { .. }
        | OpBody::AttachEvidence { .. }
        | OpBody::SetFlag { .. }
        | OpBody::SetStatus { .. }
        | OpBody::SetReview { .. }
        | OpBody::AddRespondent(_)
        | OpBody::AttachProof(_)
        | OpBody::SetVisit(_)
        | OpBody::OverrideDerived(_)
        | OpBody::ReviewComment { .. }
        | OpBody::ReviewReply { .. }
        | OpBody::Resubmit { .. } => true,
    }
}

/// Whether the op of `writer` supersedes or removes an op of another device. (Per-author
/// values — notes, flags, status, reviews, visits, overrides — are kept per device and
/// never replace another's.)
#[must_use]
pub fn replaces_other(writer: &str, body: &OpBody) -> bool {
    let other = |refs: &[OpRef]| refs.iter().any(|r| r.device != writer);
    match body {
        OpBody::Resolve { .. } => true,
        OpBody::SetAnswer { supersedes, .. } => other(supersedes),
        OpBody::SetResponse(b) => other(&b.supersedes),
        OpBody::RemoveRespondent(b) => other(&b.adds),
        OpBody::DetachEvidence { attaches, .. } => other(attaches),
        OpBody::CreateAssessment { .. }
        | OpBody::SetNote { .. }
        | OpBody::AttachEvidence { .. }
        | OpBody::SetFlag { .. }
        | OpBody::SetStatus { .. }
        | OpBody::SetReview { .. }
        | OpBody::AddRespondent(_)
        | OpBody::AttachProof(_)
        | OpBody::SetVisit(_)
        | OpBody::OverrideDerived(_)
        | OpBody::ReviewComment { .. }
        | OpBody::ReviewReply { .. }
        | OpBody::Resubmit { .. } => false,
    }
}

/// The authorization verdict on one op of `writer` under `role`: `None` when it may take
/// effect.
#[must_use]
pub fn check(role: Role, writer: &str, body: &OpBody) -> Option<Denied> {
    if !may_write(role, body) {
        return Some(Denied::Role);
    }
    if replaces_other(writer, body) && !may_replace_others(role, body) {
        return Some(Denied::SupersedesOther);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::InstrumentRef;
    use crate::op::{AnswerValue, ReviewState, Status};
    use crate::survey::{RespondentRemove, ResponseSet, SurveyRef};

    fn iref() -> InstrumentRef {
        InstrumentRef {
            id: "opini-2024".into(),
            version: "1".into(),
            hash: "a".repeat(64),
        }
    }

    fn answer(sup: &[&str]) -> OpBody {
        OpBody::SetAnswer {
            assessment: "x".into(),
            indicator: "P.1".into(),
            value: AnswerValue::Score(3),
            old: None,
            supersedes: sup
                .iter()
                .map(|d| OpRef {
                    device: (*d).to_string(),
                    seq: 1,
                })
                .collect(),
            instrument: iref(),
        }
    }

    fn surveys() -> SurveyRef {
        SurveyRef {
            instrument: "opini-2024".into(),
            version: "1".into(),
            hash: "b".repeat(64),
        }
    }

    #[test]
    fn assessors_write_their_own_work_and_supervisors_everything() {
        let status = OpBody::SetStatus {
            assessment: "x".into(),
            status: Status::Final,
        };
        let review = OpBody::SetReview {
            assessment: "x".into(),
            state: ReviewState::Approved,
            comment: String::new(),
            forced: None,
            seen: Vec::new(),
        };
        let comment = OpBody::ReviewComment {
            assessment: "x".into(),
            indicator: Some("P.1".into()),
            text: "periksa".into(),
            seen: Vec::new(),
        };
        let reply = OpBody::ReviewReply {
            assessment: "x".into(),
            indicator: Some("P.1".into()),
            text: "sudah".into(),
            seen: Vec::new(),
        };
        let resolve = OpBody::Resolve {
            assessment: "x".into(),
            indicator: "P.1".into(),
            value: AnswerValue::Score(2),
            supersedes: Vec::new(),
            reason: "r".into(),
            instrument: iref(),
        };
        for b in [&status, &answer(&[]), &reply] {
            assert_eq!(check(Role::Assessor, "me", b), None);
            assert_eq!(check(Role::Supervisor, "me", b), None);
        }
        for b in [&review, &resolve, &comment] {
            assert_eq!(check(Role::Assessor, "me", b), Some(Denied::Role));
            assert_eq!(check(Role::Supervisor, "me", b), None);
        }
    }

    #[test]
    fn replacing_another_devices_candidate_needs_a_supervisor() {
        assert_eq!(check(Role::Assessor, "me", &answer(&["me"])), None);
        assert_eq!(
            check(Role::Assessor, "me", &answer(&["me", "rina"])),
            Some(Denied::SupersedesOther)
        );
        assert_eq!(check(Role::Supervisor, "me", &answer(&["rina"])), None);
        let response = |dev: &str| {
            OpBody::SetResponse(ResponseSet {
                assessment: "x".into(),
                survey: "s".into(),
                code: "R1".into(),
                question: "q".into(),
                value: None,
                supersedes: vec![OpRef {
                    device: dev.into(),
                    seq: 4,
                }],
                surveys: surveys(),
            })
        };
        assert_eq!(check(Role::Assessor, "me", &response("me")), None);
        assert_eq!(
            check(Role::Assessor, "me", &response("rina")),
            Some(Denied::SupersedesOther)
        );
        let remove = OpBody::RemoveRespondent(RespondentRemove {
            assessment: "x".into(),
            survey: "s".into(),
            code: "R1".into(),
            adds: vec![OpRef {
                device: "rina".into(),
                seq: 2,
            }],
        });
        assert_eq!(
            check(Role::Assessor, "me", &remove),
            Some(Denied::SupersedesOther)
        );
        assert_eq!(check(Role::Supervisor, "me", &remove), None);
        assert_eq!(Denied::SupersedesOther.code(), "supersedes_other");
    }
}
