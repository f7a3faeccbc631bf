//! The respondents screen's work (issue 15): load an assessment's surveys with their
//! respondents and derived levels, and save one answer per key (a new respondent is added
//! with its first answer), a removal or a proof of service. Every save is durable when the
//! workspace call returns; the outcome then carries the surveys as they are now.

use std::path::PathBuf;

use crate::core::survey::{Channel, Response};
use crate::i18n::Lang;
use crate::workspace::{NewRespondent, Workspace};

use super::{Failed, Outcome, failed};

/// One answer from the respondents screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Respond {
    pub id: String,
    pub survey: String,
    pub code: String,
    pub question: String,
    /// As the workspace reads it (`ya`, `tidak`, `tt`, a digit); empty clears it.
    pub answer: String,
    /// The row is new: the respondent is added with this answer.
    pub new: Option<NewRow>,
    /// The question the cursor goes to once the answer is saved.
    pub next_col: usize,
}

/// What a new row carries besides its first answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewRow {
    pub channel: Option<Channel>,
    pub role: Option<String>,
    /// Proof-of-service files, as typed (`~` is the home folder).
    pub proof: Vec<String>,
    /// Interview date, `YYYY-MM-DD` (today when not given).
    pub date: Option<String>,
}

/// What a save on the respondents screen did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RespondentSaved {
    Answer {
        survey: String,
        code: String,
        question: String,
        value: Option<Response>,
        col: usize,
    },
    Removed {
        survey: String,
        code: String,
    },
    Proof {
        survey: String,
        code: String,
        name: String,
    },
}

fn view(ws: &Workspace, lang: Lang, id: &str, r: crate::error::Result<RespondentSaved>) -> Outcome {
    match r.and_then(|saved| Ok((ws.respondents(id)?, saved))) {
        Ok((view, saved)) => Outcome::Respondents {
            view: Box::new(view),
            saved: Some(saved),
        },
        Err(e) => failed(lang, Failed::Save, &e),
    }
}

/// The surveys of an assessment, to open the screen.
pub(super) fn load(ws: &Workspace, lang: Lang, id: &str) -> Outcome {
    match ws.respondents(id) {
        Ok(view) => Outcome::Respondents {
            view: Box::new(view),
            saved: None,
        },
        // Not `Open`: that would leave the checklist for home.
        Err(e) => failed(lang, Failed::Save, &e),
    }
}

/// Save one answer (adding the respondent when the row is new).
pub(super) fn respond(ws: &Workspace, lang: Lang, r: Respond) -> Outcome {
    let answers = [(r.question.clone(), r.answer.clone())];
    let res = match &r.new {
        Some(n) => {
            let proof: Vec<PathBuf> = n
                .proof
                .iter()
                .map(|p| crate::fsio::expand_tilde(p))
                .collect();
            let date = n.date.clone().unwrap_or_else(today);
            ws.add_respondent(
                &r.id,
                &NewRespondent {
                    survey: &r.survey,
                    code: &r.code,
                    channel: n.channel,
                    role: n.role.as_deref(),
                    date: Some(&date),
                    evidence: &proof,
                    answers: &answers,
                    ..NewRespondent::default()
                },
            )
        }
        None => ws.set_responses(&r.id, Some(&r.survey), &r.code, &answers),
    };
    let value = if r.answer.trim().is_empty() {
        None
    } else {
        Response::parse(&r.answer)
    };
    view(
        ws,
        lang,
        &r.id,
        res.map(|_| RespondentSaved::Answer {
            survey: r.survey.clone(),
            code: crate::core::survey::normalize_code(&r.code),
            question: r.question.clone(),
            value,
            col: r.next_col,
        }),
    )
}

pub(super) fn remove(ws: &Workspace, lang: Lang, id: &str, survey: &str, code: &str) -> Outcome {
    let r = ws
        .remove_respondent(id, Some(survey), code)
        .map(|_| RespondentSaved::Removed {
            survey: survey.to_string(),
            code: code.to_string(),
        });
    view(ws, lang, id, r)
}

pub(super) fn proof(
    ws: &Workspace,
    lang: Lang,
    id: &str,
    survey: &str,
    code: &str,
    path: &str,
) -> Outcome {
    let path = crate::fsio::expand_tilde(path);
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().to_string(),
    );
    let r = ws
        .attach_proof(id, Some(survey), code, std::slice::from_ref(&path))
        .map(|()| RespondentSaved::Proof {
            survey: survey.to_string(),
            code: code.to_string(),
            name,
        });
    view(ws, lang, id, r)
}

/// Today's date where the device is, for a new respondent's interview date.
#[must_use]
pub fn today() -> String {
    jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .date()
        .to_string()
}
