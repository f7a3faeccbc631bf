//! Surveys and interviews as instrument data: who is asked (service users, officials,
//! 2025's trust survey), how many, the questions, and the rule that turns the responses
//! into a derived indicator's level. Nothing about a question or a threshold is in Rust;
//! see `docs/instrument-format.md` §13.
//!
//! A survey file (`assets/surveys/<instrument id>.toml`) belongs to one instrument by id
//! and has its own content hash, so that adding surveys leaves every instrument's hash,
//! and so every answer and bundle already recorded, unchanged.
//!
//! - `parse`: reading and validating a survey file against its instrument;
//! - `ops`: the op payloads (respondents, responses, proof, visit, override);
//! - `book`: the respondents of one assessment as a projection of those ops;
//! - `summary`: what reports show (respondents and the share per question, no personal
//!   data);
//! - [`derive_level`] (here): a derived indicator's level from the responses.

mod book;
mod ops;
mod parse;
pub mod summary;
pub mod tally;

pub use book::{
    AddEntry, OverrideEntry, Register, Respondent, RespondentBook, ResponseCandidate, Visit,
    normalize_code,
};
pub use ops::{
    Channel, DerivedOverride, ProofAttach, RespondentAdd, RespondentRemove, Response, ResponseSet,
    SurveyRef, VisitSet,
};
pub use tally::{BookTally, QuestionTally, SurveyTally};

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::instrument::Provenance;
use crate::op::AnswerValue;

/// The surveys of one instrument (one file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SurveySet {
    /// The instrument these surveys belong to (its `id`).
    pub instrument: String,
    /// Revision of this file; raise it when a file in use is corrected.
    pub version: String,
    pub provenance: Provenance,
    pub surveys: Vec<Survey>,
}

/// One survey: service users (`pengguna`), officials (`pejabat`), trust (`kepercayaan`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Survey {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    /// How many respondents the method asks for per lokus (30 users, 4 officials).
    pub target: u32,
    /// A respondent must carry proof that they received the service (2025).
    #[serde(default)]
    pub proof_required: bool,
    /// Officials' roles; when not empty every respondent has one of them.
    #[serde(default)]
    pub roles: Vec<Role>,
    pub questions: Vec<Question>,
    /// The indicators this survey derives and how.
    #[serde(default)]
    pub derive: Vec<Derive>,
    #[serde(default)]
    pub source: Option<String>,
    /// The survey's target or existence is our reconstruction.
    #[serde(default)]
    pub reconstructed: bool,
}

/// A respondent role (officials' interviews).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub label_en: Option<String>,
    /// How many of this role the method interviews.
    #[serde(default = "one")]
    pub target: u32,
}

fn one() -> u32 {
    1
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerKind {
    /// ya / tidak / tidak tahu.
    YaTidak,
    /// A level 0…`max`.
    Skala,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// Wording in Bahasa Indonesia, as asked.
    pub text: String,
    #[serde(default)]
    pub text_en: Option<String>,
    pub answers: AnswerKind,
    /// Highest level of a `skala` question.
    #[serde(default)]
    pub max: Option<u8>,
    #[serde(default)]
    pub source: Option<String>,
    /// The wording is ours (no source gives the question as asked).
    #[serde(default)]
    pub reconstructed: bool,
}

/// How responses become a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    /// Share of respondents giving `count` (of those answering ya or tidak) against `bands`.
    Share,
    /// Mean of the per-respondent levels, rounded half away from zero.
    Mean,
}

/// The rule deriving one indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derive {
    pub indicator: String,
    pub rule: RuleKind,
    pub question: String,
    /// `share`: the answer counted (`ya` or `tidak`).
    #[serde(default)]
    pub count: Option<Response>,
    /// `share`: levels by percentage, first match wins; the last has no condition.
    #[serde(default)]
    pub bands: Vec<ShareBand>,
    #[serde(default)]
    pub source: Option<String>,
    /// The rule is our reconstruction (no source gives it).
    #[serde(default)]
    pub reconstructed: bool,
}

/// A level reached when the share (in percent) meets every condition given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareBand {
    pub level: u8,
    /// share ≥ this.
    #[serde(default)]
    pub min_percent: Option<f64>,
    /// share ≤ this.
    #[serde(default)]
    pub max_percent: Option<f64>,
    /// share < this.
    #[serde(default)]
    pub below_percent: Option<f64>,
}

impl ShareBand {
    fn matches(&self, pct: f64) -> bool {
        self.min_percent.is_none_or(|m| pct >= m)
            && self.max_percent.is_none_or(|m| pct <= m)
            && self.below_percent.is_none_or(|m| pct < m)
    }

    fn unconditional(&self) -> bool {
        self.min_percent.is_none() && self.max_percent.is_none() && self.below_percent.is_none()
    }
}

/// The figures behind a derived level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derivation {
    pub indicator: String,
    pub survey: String,
    pub question: String,
    pub rule: RuleKind,
    /// Respondents (present, not removed) of the survey.
    pub respondents: u32,
    pub target: u32,
    /// Respondents whose answer enters the rule (ya/tidak for `share`, a level for `mean`).
    pub n: u32,
    /// Answers by value (`ya`, `tidak`, `tidak_tahu`, or the level as text).
    pub counts: BTreeMap<String, u32>,
    /// `share`: respondents giving the counted answer, and their percentage of `n`.
    #[serde(default)]
    pub counted: Option<u32>,
    #[serde(default)]
    pub share_percent: Option<f64>,
    /// `mean`: the mean level.
    #[serde(default)]
    pub mean: Option<f64>,
    /// The level the rule gives; `None` when no respondent answered.
    pub level: Option<u8>,
    /// Fewer respondents than the target: the level is provisional.
    pub provisional: bool,
    /// Some response of this question is in conflict (the display value is used).
    pub conflicted: bool,
    pub reconstructed: bool,
}

impl SurveySet {
    /// blake3 of the canonical JSON form (field order fixed by the structs), hex.
    ///
    /// # Errors
    /// [`Error::Encode`](crate::Error::Encode) (not expected).
    pub fn content_hash(&self) -> crate::Result<String> {
        let bytes = crate::error::to_json(self, "survey set")?;
        Ok(blake3::hash(&bytes).to_hex().to_string())
    }

    /// The reference respondent ops carry.
    ///
    /// # Errors
    /// As [`content_hash`](Self::content_hash).
    pub fn reference(&self) -> crate::Result<SurveyRef> {
        Ok(SurveyRef {
            instrument: self.instrument.clone(),
            version: self.version.clone(),
            hash: self.content_hash()?,
        })
    }

    #[must_use]
    pub fn survey(&self, id: &str) -> Option<&Survey> {
        self.surveys.iter().find(|s| s.id == id)
    }

    /// The survey and rule that derive `indicator`, if any.
    #[must_use]
    pub fn rule_for(&self, indicator: &str) -> Option<(&Survey, &Derive)> {
        self.surveys.iter().find_map(|s| {
            s.derive
                .iter()
                .find(|d| d.indicator == indicator)
                .map(|d| (s, d))
        })
    }

    /// Every derived indicator id.
    pub fn derived_indicators(&self) -> impl Iterator<Item = &str> {
        self.surveys
            .iter()
            .flat_map(|s| s.derive.iter().map(|d| d.indicator.as_str()))
    }

    /// Plain sentences naming each reconstructed part (for `instruments show`).
    #[must_use]
    pub fn reconstructed_parts(&self) -> Vec<String> {
        let mut out = self.provenance.reconstructed.clone();
        for s in &self.surveys {
            if s.reconstructed {
                out.push(format!("survey `{}` (target {})", s.id, s.target));
            }
            for q in s.questions.iter().filter(|q| q.reconstructed) {
                out.push(format!("survey `{}` question `{}` wording", s.id, q.id));
            }
            for d in s.derive.iter().filter(|d| d.reconstructed) {
                out.push(format!("survey `{}` rule for `{}`", s.id, d.indicator));
            }
        }
        out
    }

    /// The value each derived indicator takes: the assessor's override when there is one,
    /// else the computed level once its survey has a respondent who answered; indicators
    /// without either keep their typed answer (none here).
    #[must_use]
    pub fn derived_answers(&self, book: &RespondentBook) -> BTreeMap<String, AnswerValue> {
        self.derived_answers_from(&book.tally())
    }

    /// [`SurveySet::derived_answers`] from a book's tally.
    #[must_use]
    pub fn derived_answers_from(&self, tally: &BookTally) -> BTreeMap<String, AnswerValue> {
        let mut out = BTreeMap::new();
        for d in self.derivations_from(tally) {
            let v = match tally.overrides.get(&d.indicator) {
                Some(l) => Some(*l),
                None => d.level,
            };
            if let Some(l) = v {
                out.insert(d.indicator, AnswerValue::Score(l));
            }
        }
        out
    }

    /// The derivation of every derived indicator from an assessment's respondents.
    #[must_use]
    pub fn derivations(&self, book: &RespondentBook) -> Vec<Derivation> {
        self.derivations_from(&book.tally())
    }

    /// [`SurveySet::derivations`] from a book's tally.
    #[must_use]
    pub fn derivations_from(&self, tally: &BookTally) -> Vec<Derivation> {
        self.surveys
            .iter()
            .flat_map(|s| {
                s.derive
                    .iter()
                    .map(move |d| derive_from(s, d, tally.survey(&s.id)))
            })
            .collect()
    }
}

impl Survey {
    #[must_use]
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    #[must_use]
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// Display name in the user's language.
    #[must_use]
    pub fn name(&self, en: bool) -> &str {
        if en {
            self.name_en.as_deref().unwrap_or(&self.name)
        } else {
            &self.name
        }
    }
}

impl Question {
    /// Whether `r` is a possible answer to this question.
    #[must_use]
    pub fn accepts(&self, r: Response) -> bool {
        match (self.answers, r) {
            (AnswerKind::YaTidak, Response::Ya | Response::Tidak | Response::TidakTahu) => true,
            (AnswerKind::Skala, Response::Level(v)) => v <= self.max.unwrap_or(0),
            _ => false,
        }
    }

    #[must_use]
    pub fn text(&self, en: bool) -> &str {
        if en {
            self.text_en.as_deref().unwrap_or(&self.text)
        } else {
            &self.text
        }
    }
}

/// Round half away from zero to a whole level.
fn round_level(x: f64) -> u8 {
    let r = if x >= 0.0 { (x + 0.5).floor() } else { 0.0 };
    // Levels are small whole numbers (validated ≤ 255), so the cast is exact.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let v = r.min(255.0) as u8;
    v
}

/// The level `rule` gives from the current responses of `survey` in `book`.
#[must_use]
pub fn derive_level(survey: &Survey, rule: &Derive, book: &RespondentBook) -> Derivation {
    derive_from(survey, rule, &book.tally_survey(&survey.id))
}

/// The level `rule` gives from the tally of `survey`'s present respondents.
#[must_use]
pub fn derive_from(survey: &Survey, rule: &Derive, tally: &SurveyTally) -> Derivation {
    let q = tally.questions.get(&rule.question);
    let counts = q.map(|q| q.counts.clone()).unwrap_or_default();
    let get = |k: &str| counts.get(k).copied().unwrap_or(0);
    let respondents = tally.respondents;
    let mut d = Derivation {
        indicator: rule.indicator.clone(),
        survey: survey.id.clone(),
        question: rule.question.clone(),
        rule: rule.rule,
        respondents,
        target: survey.target,
        n: 0,
        counts: BTreeMap::new(),
        counted: None,
        share_percent: None,
        mean: None,
        level: None,
        provisional: respondents < survey.target,
        conflicted: q.is_some_and(|q| q.conflicted),
        reconstructed: rule.reconstructed,
    };
    match rule.rule {
        RuleKind::Share => {
            let counted = rule.count.unwrap_or(Response::Ya);
            let n = get("ya").saturating_add(get("tidak"));
            let k = match counted {
                Response::Ya | Response::Tidak => get(&counted.key()),
                _ => 0,
            };
            d.n = n;
            if n > 0 {
                let pct = 100.0 * f64::from(k) / f64::from(n);
                d.counted = Some(k);
                d.share_percent = Some(pct);
                d.level = rule.bands.iter().find(|b| b.matches(pct)).map(|b| b.level);
            }
        }
        RuleKind::Mean => {
            // Levels are whole numbers: the sum of level × count is exact, as the sum of
            // each respondent's level was.
            let (mut sum, mut n) = (0.0, 0u32);
            for (k, c) in &counts {
                if let Ok(l) = k.parse::<u8>() {
                    sum += f64::from(l) * f64::from(*c);
                    n = n.saturating_add(*c);
                }
            }
            d.n = n;
            if n > 0 {
                let mean = sum / f64::from(n.max(1));
                d.mean = Some(mean);
                d.level = Some(round_level(mean));
            }
        }
    }
    d.counts = counts;
    d
}

#[cfg(test)]
mod tests;
