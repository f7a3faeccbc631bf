//! What derived levels and reports read of a respondent book, counted once: per survey its
//! present respondents and, per question, their current responses by value and whether
//! any of them is in conflict; the effective overrides; the newest visit. A tally is a
//! few hundred bytes where the book it is taken from carries every respondent's registers
//! and add ops, so the store keeps it in each assessment's brief (`crate::brief`) and a
//! report reads it instead of the book.
//!
//! [`derive_level`](super::derive_level), [`SurveySet::derived_answers`] and
//! [`summarize`](super::summary::summarize) all go through a tally, so the book and its
//! tally give the same figures by construction.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::summary::VisitSummary;
use super::{Register, RespondentBook};

/// One question of one survey over its present respondents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionTally {
    /// Current responses by value ([`Response::key`](super::Response::key): `ya`, `tidak`,
    /// `tidak_tahu`, or a level as text).
    pub counts: BTreeMap<String, u32>,
    /// Some present respondent's response is in conflict (the display value is counted).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub conflicted: bool,
}

/// One survey of one assessment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyTally {
    /// Present (not removed) respondents.
    pub respondents: u32,
    /// Questions some present respondent has a register for.
    pub questions: BTreeMap<String, QuestionTally>,
}

/// The tally of a whole book.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BookTally {
    /// Surveys with a present respondent, by id.
    pub surveys: BTreeMap<String, SurveyTally>,
    /// Indicator → the level of its effective override
    /// ([`RespondentBook::override_for`]).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub overrides: BTreeMap<String, u8>,
    /// The newest visit, as reports show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit: Option<VisitSummary>,
}

static NO_SURVEY: SurveyTally = SurveyTally {
    respondents: 0,
    questions: BTreeMap::new(),
};

impl BookTally {
    /// The tally of survey `id` (empty when it has no present respondent).
    #[must_use]
    pub fn survey(&self, id: &str) -> &SurveyTally {
        self.surveys.get(id).unwrap_or(&NO_SURVEY)
    }
}

fn count(t: &mut SurveyTally, q: &str, reg: &Register) {
    let qt = t.questions.entry(q.to_string()).or_default();
    qt.conflicted |= reg.in_conflict();
    if let Some(v) = reg.value() {
        *qt.counts.entry(v.key()).or_insert(0) += 1;
    }
}

impl RespondentBook {
    /// The tally of one survey.
    #[must_use]
    pub fn tally_survey(&self, survey: &str) -> SurveyTally {
        let mut t = SurveyTally::default();
        for r in self.present(survey) {
            t.respondents = t.respondents.saturating_add(1);
            for (q, reg) in &r.answers {
                count(&mut t, q, reg);
            }
        }
        t
    }

    /// The tally of every survey, the overrides and the visit.
    #[must_use]
    pub fn tally(&self) -> BookTally {
        let mut surveys: BTreeMap<String, SurveyTally> = BTreeMap::new();
        for r in self.respondents.values().filter(|r| r.present()) {
            let t = surveys.entry(r.survey.clone()).or_default();
            t.respondents = t.respondents.saturating_add(1);
            for (q, reg) in &r.answers {
                count(t, q, reg);
            }
        }
        let overrides = self
            .overrides
            .keys()
            .filter_map(|i| Some((i.clone(), self.override_for(i)?.level?)))
            .collect();
        BookTally {
            surveys,
            overrides,
            visit: self.visit().map(VisitSummary::from),
        }
    }
}
