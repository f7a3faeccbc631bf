//! Respondents, responses, proof of service, visits and overrides of derived levels:
//! every input checked against the assessment's survey file before anything is written,
//! then one durable commit (so a refused command saves nothing).
//!
//! Names and phone numbers are personal data (UU 27/2022): they are kept only as a salted
//! contact blob beside the store, named by the add op (`core::survey::ops`), never in an
//! op, a report or a plain bundle (`docs/privacy.md`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::answer::read_evidence;
use super::{Workspace, mime_of, now_ms};
use crate::core::assessment::AssessmentState;
use crate::core::brief::Brief;
use crate::core::op::{BlobRef, OpBody};
use crate::core::survey::{
    BookTally, Channel, Derivation, DerivedOverride, ProofAttach, Respondent, RespondentAdd,
    RespondentRemove, Response, ResponseSet, Survey, SurveySet, Visit, VisitSet,
};
use crate::error::{Error, Result};

/// MIME type of a contact blob (never exported in a plain bundle).
pub const CONTACT_MIME: &str = "application/vnd.tilik.contact+json";

/// A respondent's contact data, as kept in its blob.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    /// Random hex: the blob's hash then reveals nothing about a short phone number.
    pub salt: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
}

/// What `respondent add` asks for.
#[derive(Debug, Clone, Default)]
pub struct NewRespondent<'a> {
    pub survey: &'a str,
    pub code: &'a str,
    pub channel: Option<Channel>,
    pub service: Option<&'a str>,
    pub date: Option<&'a str>,
    pub role: Option<&'a str>,
    pub name: Option<&'a str>,
    pub phone: Option<&'a str>,
    pub evidence: &'a [PathBuf],
    /// `(question, answer)` as typed.
    pub answers: &'a [(String, String)],
}

/// The derivation of one indicator with the override in force, if any.
#[derive(Debug, Clone, Serialize)]
pub struct DerivedView {
    #[serde(flatten)]
    pub derivation: Derivation,
    /// The assessor's level and reason, when overridden.
    pub override_level: Option<u8>,
    pub override_reason: Option<String>,
    /// The value the indicator takes (override, else the computed level).
    pub value: Option<u8>,
}

/// One survey of an assessment with its respondents.
#[derive(Debug, Clone)]
pub struct SurveyDetail {
    pub survey: Survey,
    pub respondents: Vec<Respondent>,
}

/// Everything `tilik respondents` shows.
#[derive(Debug, Clone)]
pub struct RespondentsView {
    pub assessment: String,
    pub surveys: Vec<SurveyDetail>,
    pub derived: Vec<DerivedView>,
    pub visit: Option<Visit>,
}

/// A phone number as typed, checked: digits with optional `+`, spaces, dashes, dots or
/// parentheses; 8 to 15 digits (E.164 allows 15).
///
/// # Errors
/// `BadPhone`.
pub fn check_phone(p: &str) -> Result<String> {
    let t = p.trim();
    let body = t.strip_prefix('+').unwrap_or(t);
    let ok_chars = body
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.' | '(' | ')'));
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if ok_chars && (8..=15).contains(&digits) {
        Ok(t.to_string())
    } else {
        Err(Error::BadPhone(p.to_string()))
    }
}

/// `YYYY-MM-DD`.
fn check_date(d: &str) -> Result<String> {
    let t = d.trim();
    if t.len() == 10 && t.parse::<jiff::civil::Date>().is_ok() {
        Ok(t.to_string())
    } else {
        Err(Error::BadDate(d.to_string()))
    }
}

/// `HH:MM`.
fn check_time(t: &str) -> Result<String> {
    let s = t.trim();
    let ok = s.len() == 5
        && s.as_bytes()[2] == b':'
        && s[..2].parse::<u8>().is_ok_and(|h| h < 24)
        && s[3..].parse::<u8>().is_ok_and(|m| m < 60);
    if ok {
        Ok(s.to_string())
    } else {
        Err(Error::BadTime(t.to_string()))
    }
}

fn check_code(code: &str) -> Result<String> {
    let c = crate::core::survey::normalize_code(code);
    if c.is_empty() || c.len() > 32 || !c.chars().all(|x| x.is_alphanumeric() || "-_.".contains(x))
    {
        return Err(Error::BadRespondentCode(code.to_string()));
    }
    Ok(c)
}

/// A typed answer checked against the survey's question.
fn parse_answer(s: &Survey, q: &str, raw: &str) -> Result<(String, Response)> {
    let question = s.question(q.trim()).ok_or_else(|| Error::UnknownQuestion {
        question: q.trim().to_string(),
        survey: s.id.clone(),
        known: s.questions.iter().map(|x| x.id.clone()).collect(),
    })?;
    let allowed = || match question.answers {
        crate::core::survey::AnswerKind::YaTidak => "ya, tidak, tt".to_string(),
        crate::core::survey::AnswerKind::Skala => format!("0–{}", question.max.unwrap_or(0)),
    };
    match Response::parse(raw) {
        Some(r) if question.accepts(r) => Ok((question.id.clone(), r)),
        _ => Err(Error::AnswerNotAllowed {
            question: question.id.clone(),
            value: raw.to_string(),
            allowed: allowed(),
        }),
    }
}

/// `R2` before `R10`: digit runs compare by value.
fn natural_key(code: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut num = String::new();
    for c in code.chars() {
        if c.is_ascii_digit() {
            num.push(c);
        } else {
            if !num.is_empty() {
                out.push((std::mem::take(&mut text), num.parse().unwrap_or(u64::MAX)));
                num.clear();
            }
            text.push(c);
        }
    }
    out.push((text, num.parse().unwrap_or(0)));
    out
}

impl Workspace {
    /// The survey file of an assessment's instrument.
    fn survey_set(&self, st: &AssessmentState) -> Result<&SurveySet> {
        let h = st
            .header
            .as_ref()
            .ok_or_else(|| Error::UnknownAssessment(st.id.clone()))?;
        self.catalog()
            .surveys(&h.instrument.id)
            .ok_or_else(|| Error::NoSurveys(h.instrument.id.clone()))
    }

    /// Put the derived levels over the typed answers of a loaded state.
    pub(super) fn derive_into(&self, st: &mut AssessmentState) {
        if let Some(h) = &st.header
            && let Some(set) = self.catalog().surveys(&h.instrument.id)
        {
            st.derived = set.derived_answers(&st.survey);
        }
    }

    /// [`Workspace::derive_into`] for a brief: the derived levels from its respondents'
    /// tally.
    pub(super) fn derive_brief(&self, b: &mut Brief) {
        if let Some(h) = &b.header
            && let Some(set) = self.catalog().surveys(&h.instrument.id)
        {
            b.derived = match &b.survey {
                Some(t) => set.derived_answers_from(t),
                None => set.derived_answers_from(&BookTally::default()),
            };
        }
    }

    fn survey_of<'a>(set: &'a SurveySet, id: &str) -> Result<&'a Survey> {
        set.survey(id.trim()).ok_or_else(|| Error::UnknownSurvey {
            survey: id.trim().to_string(),
            instrument: set.instrument.clone(),
            known: set.surveys.iter().map(|s| s.id.clone()).collect(),
        })
    }

    /// The one survey a code is in (or `survey` when given).
    fn locate<'a>(
        set: &'a SurveySet,
        st: &AssessmentState,
        survey: Option<&str>,
        code: &str,
    ) -> Result<(&'a Survey, Respondent)> {
        let code = crate::core::survey::normalize_code(code);
        let mut hits: Vec<(&Survey, Respondent)> = Vec::new();
        for s in &set.surveys {
            if survey.is_some_and(|x| x.trim() != s.id) {
                continue;
            }
            if let Some(r) = st.survey.get(&s.id, &code).filter(|r| r.present()) {
                hits.push((s, r.clone()));
            }
        }
        if let Some(s) = survey {
            Self::survey_of(set, s)?;
        }
        match hits.len() {
            1 => Ok(hits.remove(0)),
            0 => Err(Error::UnknownRespondent(code)),
            _ => Err(Error::AmbiguousRespondent(
                code,
                hits.iter().map(|(s, _)| s.id.clone()).collect(),
            )),
        }
    }

    /// Add a respondent with its answers, contact and proof, durably in one commit.
    ///
    /// # Errors
    /// Unknown assessment, survey, question or role; an answer outside the question's
    /// options; a duplicate or malformed code; a missing required proof; a bad phone,
    /// date or evidence file; storage failure. Nothing is written on any of them.
    pub fn add_respondent(&self, id: &str, r: &NewRespondent<'_>) -> Result<Vec<DerivedView>> {
        let me = self.require_identity()?;
        let st = self.state(id)?;
        let set = self.survey_set(&st)?;
        let s = Self::survey_of(set, r.survey)?;
        let code = check_code(r.code)?;
        if st.survey.get(&s.id, &code).is_some_and(Respondent::present) {
            return Err(Error::DuplicateRespondent {
                code,
                survey: s.id.clone(),
            });
        }
        let role = match (
            r.role.map(str::trim).filter(|x| !x.is_empty()),
            s.roles.is_empty(),
        ) {
            (Some(role), false) if s.role(role).is_some() => Some(role.to_string()),
            (None, true) => None,
            (role, _) => {
                return Err(Error::UnknownRole {
                    role: role.unwrap_or("").to_string(),
                    survey: s.id.clone(),
                    known: s.roles.iter().map(|x| x.id.clone()).collect(),
                });
            }
        };
        let mut answers = BTreeMap::new();
        for (q, a) in r.answers {
            let (q, v) = parse_answer(s, q, a)?;
            answers.insert(q, v);
        }
        let date = r.date.map(check_date).transpose()?;
        let phone = r.phone.map(check_phone).transpose()?;
        let name = r
            .name
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        if s.proof_required && r.evidence.is_empty() {
            return Err(Error::ProofRequired(s.id.clone()));
        }
        let files = r
            .evidence
            .iter()
            .map(|p| read_evidence(p))
            .collect::<Result<Vec<_>>>()?;
        let contact = if name.is_some() || phone.is_some() {
            let c = Contact {
                salt: crate::core::codec::hex(&crate::identity::random32()?[..16]),
                name,
                phone,
            };
            let bytes = serde_json::to_vec(&c).map_err(|e| Error::encode("contact", e))?;
            let hash = self.store.put_blob(&bytes)?;
            Some(BlobRef {
                hash,
                size: bytes.len() as u64,
                name: "kontak.json".into(),
                mime: CONTACT_MIME.into(),
            })
        } else {
            None
        };
        let mut proof = Vec::new();
        for (fname, bytes) in files {
            let hash = self.store.put_blob(&bytes)?;
            proof.push(BlobRef {
                hash,
                size: bytes.len() as u64,
                mime: mime_of(&fname).to_string(),
                name: fname,
            });
        }
        let body = OpBody::AddRespondent(RespondentAdd {
            assessment: st.id.clone(),
            survey: s.id.clone(),
            code,
            channel: r.channel,
            service: r
                .service
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(str::to_string),
            date,
            role,
            contact,
            proof,
            answers,
            surveys: set.reference()?,
        });
        self.commit_survey(&me, st, vec![(body, None)])
    }

    /// Change (or with an empty answer, clear) responses of one respondent.
    ///
    /// # Errors
    /// Unknown or ambiguous respondent, unknown question, answer outside the options.
    pub fn set_responses(
        &self,
        id: &str,
        survey: Option<&str>,
        code: &str,
        answers: &[(String, String)],
    ) -> Result<Vec<DerivedView>> {
        let me = self.require_identity()?;
        let st = self.state(id)?;
        let set = self.survey_set(&st)?;
        let (s, resp) = Self::locate(set, &st, survey, code)?;
        let sref = set.reference()?;
        let mut bodies = Vec::new();
        for (q, a) in answers {
            let (qid, value) = if a.trim().is_empty() {
                let q = s.question(q.trim()).ok_or_else(|| Error::UnknownQuestion {
                    question: q.trim().to_string(),
                    survey: s.id.clone(),
                    known: s.questions.iter().map(|x| x.id.clone()).collect(),
                })?;
                (q.id.clone(), None)
            } else {
                let (q, v) = parse_answer(s, q, a)?;
                (q, Some(v))
            };
            let heads = resp
                .answers
                .get(&qid)
                .map(crate::core::survey::Register::head_refs)
                .unwrap_or_default();
            bodies.push((
                OpBody::SetResponse(ResponseSet {
                    assessment: st.id.clone(),
                    survey: s.id.clone(),
                    code: resp.code.clone(),
                    question: qid,
                    value,
                    supersedes: heads,
                    surveys: sref.clone(),
                }),
                None,
            ));
        }
        self.commit_survey(&me, st, bodies)
    }

    /// Remove a respondent (a new op naming the adds seen; nothing is deleted).
    ///
    /// # Errors
    /// Unknown or ambiguous respondent.
    pub fn remove_respondent(
        &self,
        id: &str,
        survey: Option<&str>,
        code: &str,
    ) -> Result<Vec<DerivedView>> {
        let me = self.require_identity()?;
        let st = self.state(id)?;
        let set = self.survey_set(&st)?;
        let (s, resp) = Self::locate(set, &st, survey, code)?;
        let body = OpBody::RemoveRespondent(RespondentRemove {
            assessment: st.id.clone(),
            survey: s.id.clone(),
            code: resp.code.clone(),
            adds: resp.live_adds(),
        });
        self.commit_survey(&me, st, vec![(body, None)])
    }

    /// Attach proof-of-service files to a respondent.
    ///
    /// # Errors
    /// Unknown respondent, unreadable file.
    pub fn attach_proof(
        &self,
        id: &str,
        survey: Option<&str>,
        code: &str,
        files: &[PathBuf],
    ) -> Result<()> {
        let me = self.require_identity()?;
        let st = self.state(id)?;
        let set = self.survey_set(&st)?;
        let (s, resp) = Self::locate(set, &st, survey, code)?;
        let read = files
            .iter()
            .map(|p| read_evidence(p))
            .collect::<Result<Vec<_>>>()?;
        let mut bodies = Vec::new();
        for (fname, bytes) in read {
            let hash = self.store.put_blob(&bytes)?;
            bodies.push((
                OpBody::AttachProof(ProofAttach {
                    assessment: st.id.clone(),
                    survey: s.id.clone(),
                    code: resp.code.clone(),
                    blob: BlobRef {
                        hash,
                        size: bytes.len() as u64,
                        mime: mime_of(&fname).to_string(),
                        name: fname,
                    },
                }),
                None,
            ));
        }
        if !bodies.is_empty() {
            self.store
                .commit(&me.device, &self.with_ack(&me, bodies)?, now_ms())?;
        }
        Ok(())
    }

    /// Record the visit to the lokus.
    ///
    /// # Errors
    /// Bad date or time, end before start.
    pub fn set_visit(
        &self,
        id: &str,
        date: &str,
        start: Option<&str>,
        end: Option<&str>,
        team: &[String],
    ) -> Result<Visit> {
        let me = self.require_identity()?;
        let st = self.state(id)?;
        let date = check_date(date)?;
        let start = start.map(check_time).transpose()?;
        let end = end.map(check_time).transpose()?;
        if let (Some(s), Some(e)) = (&start, &end)
            && e < s
        {
            return Err(Error::BadTime(format!("{s}–{e}")));
        }
        let team: Vec<String> = team
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect();
        let v = VisitSet {
            assessment: st.id.clone(),
            date,
            start,
            end,
            team,
        };
        let ops =
            self.store
                .commit(&me.device, &[(OpBody::SetVisit(v.clone()), None)], now_ms())?;
        let (seq, hlc) = ops.first().map_or((0, 0), |o| (o.seq, o.hlc));
        Ok(Visit {
            seq,
            hlc,
            date: v.date,
            start: v.start,
            end: v.end,
            team: v.team,
        })
    }

    /// Override (or with `level: None` withdraw the override of) a derived indicator.
    ///
    /// # Errors
    /// Not a derived indicator, level outside its scale, empty reason.
    pub fn override_derived(
        &self,
        id: &str,
        indicator: &str,
        level: Option<u8>,
        reason: &str,
    ) -> Result<Vec<DerivedView>> {
        let me = self.require_identity()?;
        let st = self.state(id)?;
        let set = self.survey_set(&st)?;
        let d = self.detail(id)?;
        let Some(pos) = d.instrument.indicator(indicator.trim()) else {
            return Err(Error::NotDerived(indicator.trim().to_string()));
        };
        if set.rule_for(&pos.indicator.id).is_none() {
            return Err(Error::NotDerived(pos.indicator.id.clone()));
        }
        if let Some(l) = level {
            let scale = d.instrument.scale(&pos.indicator.scale);
            if scale.is_none_or(|s| s.level(l).is_none()) {
                return Err(Error::ValueOutOfScale {
                    indicator: pos.indicator.id.clone(),
                    value: l.to_string(),
                    allowed: scale.map_or_else(String::new, |s| format!("{}–{}", s.min(), s.max())),
                });
            }
        }
        if reason.trim().is_empty() {
            return Err(Error::ReasonRequired);
        }
        let body = OpBody::OverrideDerived(DerivedOverride {
            assessment: st.id.clone(),
            indicator: pos.indicator.id.clone(),
            level,
            reason: reason.trim().to_string(),
        });
        self.commit_survey(&me, st, vec![(body, None)])
    }

    /// Every derived indicator of an assessment with its figures and override.
    ///
    /// # Errors
    /// Unknown assessment; `NoSurveys` when its instrument has no survey file.
    pub fn derived(&self, id: &str) -> Result<Vec<DerivedView>> {
        Ok(self.derived_of(&self.state(id)?))
    }

    /// Commit an assessor's survey `bodies` on `st` (the state the caller read, which
    /// they change), preceded by a `Resubmit` when due; the derived levels after them.
    fn commit_survey(
        &self,
        me: &crate::identity::Identity,
        mut st: AssessmentState,
        bodies: Vec<(OpBody, Option<u64>)>,
    ) -> Result<Vec<DerivedView>> {
        if !bodies.is_empty() {
            let bodies = Self::ack_on(me, &st, bodies);
            for op in self.store.commit(&me.device, &bodies, now_ms())? {
                st.apply(&op);
            }
        }
        Ok(self.derived_of(&st))
    }

    /// The derived indicators of `st`, with their levels and overrides.
    fn derived_of(&self, st: &AssessmentState) -> Vec<DerivedView> {
        let Some(set) = st
            .header
            .as_ref()
            .and_then(|h| self.catalog().surveys(&h.instrument.id))
        else {
            return Vec::new();
        };
        set.derivations(&st.survey)
            .into_iter()
            .map(|d| {
                let o = st.survey.override_for(&d.indicator);
                let override_level = o.and_then(|o| o.level);
                DerivedView {
                    value: override_level.or(d.level),
                    override_level,
                    override_reason: o.map(|o| o.reason.clone()),
                    derivation: d,
                }
            })
            .collect()
    }

    /// The respondents of every survey of an assessment, its derived levels and visit.
    ///
    /// # Errors
    /// Unknown assessment, `NoSurveys`.
    pub fn respondents(&self, id: &str) -> Result<RespondentsView> {
        let st = self.state(id)?;
        let set = self.survey_set(&st)?;
        let surveys = set
            .surveys
            .iter()
            .map(|s| SurveyDetail {
                survey: s.clone(),
                respondents: {
                    let mut v: Vec<Respondent> = st.survey.present(&s.id).cloned().collect();
                    v.sort_by_key(|r| natural_key(&r.code));
                    v
                },
            })
            .collect();
        Ok(RespondentsView {
            assessment: st.id.clone(),
            surveys,
            derived: self.derived_of(&st),
            visit: st.survey.visit().cloned(),
        })
    }

    /// The contact data a respondent's blob holds, when this store has it (a plain
    /// bundle never carries it).
    ///
    /// # Errors
    /// Storage failure.
    pub fn contact(&self, r: &Respondent) -> Result<Option<Contact>> {
        let Some(blob) = r.fields().and_then(|f| f.contact.as_ref()) else {
            return Ok(None);
        };
        Ok(self
            .store
            .blob(&blob.hash)?
            .and_then(|b| serde_json::from_slice(&b).ok()))
    }
}
