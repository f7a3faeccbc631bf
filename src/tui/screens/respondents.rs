//! The respondents screen (issue 15), opened from the checklist: the respondents of one
//! survey of the assessment, one row each, built for entering them fast on a phone call.
//! A character key answers the selected question (y/t/d for ya/tidak/tidak tahu, digits
//! for a scale) and moves to the next question; Enter goes on to a new row with the next
//! code suggested (R01, R02 …). Every key that answers is one durable workspace call (an
//! [`Effect::Respond`]; a new row is added with its first answer) and shows as saved only
//! when its outcome comes back. The quota and the running share per question with the level
//! it gives are read from the workspace's figures after each save.

use tui_input::Input;

use crate::core::survey::{Channel, Respondent, Response, Survey};
use crate::i18n::inert;
use crate::present::tui::respondents as w;
use crate::present::tui::tr;
use crate::workspace::{DerivedView, RespondentsView};

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::effect::survey::{NewRow, Respond, RespondentSaved};
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::{Screen, type_into};

/// The respondents screen.
#[derive(Debug)]
pub struct Respondents {
    pub view: RespondentsView,
    /// "Kota Pontianak › Puskesmas Alianyang" (as stored; made inert when drawn).
    pub place: String,
    pub instrument: String,
    /// The checklist's indicator, to go back to.
    pub back_to: Option<String>,
    /// The survey shown (index into `view.surveys`).
    pub survey: usize,
    /// The selected row; the number of respondents is the new row.
    pub row: usize,
    /// The selected question.
    pub col: usize,
    /// What the new row carries until its first answer.
    pub draft: NewRow,
    /// The proof-of-service path prompt, while it is up.
    pub prompt: Option<Input>,
}

impl Respondents {
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.prompt.is_some() {
            Mode::Prompt
        } else {
            Mode::Respondents
        }
    }

    #[must_use]
    pub fn current(&self) -> Option<&Survey> {
        self.view.surveys.get(self.survey).map(|s| &s.survey)
    }

    /// The present respondents of the survey shown, in code order.
    #[must_use]
    pub fn rows(&self) -> &[Respondent] {
        self.view
            .surveys
            .get(self.survey)
            .map_or(&[], |s| s.respondents.as_slice())
    }

    /// The selected row is the new one.
    #[must_use]
    pub fn on_new(&self) -> bool {
        self.row >= self.rows().len()
    }

    /// The respondent of the selected row (none on the new row).
    #[must_use]
    pub fn selected(&self) -> Option<&Respondent> {
        self.rows().get(self.row)
    }

    /// The code of the selected row: the respondent's, or the one suggested for a new row.
    #[must_use]
    pub fn code(&self) -> String {
        self.selected()
            .map_or_else(|| self.suggested_code(), |r| r.code.clone())
    }

    /// The next free code `R01`, `R02` …: one past the highest `R` number in use.
    #[must_use]
    pub fn suggested_code(&self) -> String {
        let rows = self.rows();
        let top = rows
            .iter()
            .filter_map(|r| r.code.strip_prefix('R').and_then(|n| n.parse::<u32>().ok()))
            .max()
            .unwrap_or(0);
        let mut n = top + 1;
        loop {
            let c = format!("R{n:02}");
            if !rows.iter().any(|r| r.code == c) {
                return c;
            }
            n += 1;
        }
    }

    /// The derived levels of the survey shown.
    pub fn derived(&self) -> impl Iterator<Item = &DerivedView> {
        let id = self.current().map(|s| s.id.clone()).unwrap_or_default();
        self.view
            .derived
            .iter()
            .filter(move |d| d.derivation.survey == id)
    }

    /// The derived level a question gives, if any.
    #[must_use]
    pub fn derived_for(&self, question: &str) -> Option<&DerivedView> {
        self.derived().find(|d| d.derivation.question == question)
    }

    /// Respondents present in the survey shown, and its target.
    #[must_use]
    pub fn quota(&self) -> (usize, u32) {
        (self.rows().len(), self.current().map_or(0, |s| s.target))
    }

    /// The first question of a row without an answer (the first question when all have one).
    fn first_open(&self) -> usize {
        let (Some(s), Some(r)) = (self.current(), self.selected()) else {
            return 0;
        };
        s.questions
            .iter()
            .position(|q| r.answers.get(&q.id).is_none_or(|a| a.value().is_none()))
            .unwrap_or(0)
    }

    /// A fresh new row: the channel of the last one kept (most users are phoned), the first
    /// role still short of its target.
    fn reset_draft(&mut self) {
        let channel = self.draft.channel.or_else(|| {
            self.current()
                .filter(|s| s.roles.is_empty())
                .map(|_| Channel::Telepon)
        });
        let role = self.current().and_then(|s| {
            s.roles
                .iter()
                .find(|role| {
                    let n = self
                        .rows()
                        .iter()
                        .filter(|r| r.fields().and_then(|f| f.role.as_deref()) == Some(&role.id))
                        .count();
                    n < role.target as usize
                })
                .or_else(|| s.roles.first())
                .map(|r| r.id.clone())
        });
        self.draft = NewRow {
            channel,
            role,
            proof: Vec::new(),
            date: None,
        };
    }

    fn select_row(&mut self, row: usize) {
        self.row = row.min(self.rows().len());
        self.col = self.first_open();
    }

    fn go_to_new_row(&mut self) {
        self.row = self.rows().len();
        self.col = 0;
        self.reset_draft();
    }
}

/// The next channel of a new row: telepon → tatap muka → tertutup → none.
fn next_channel(c: Option<Channel>) -> Option<Channel> {
    match c {
        None => Some(Channel::Telepon),
        Some(Channel::Telepon) => Some(Channel::TatapMuka),
        Some(Channel::TatapMuka) => Some(Channel::Tertutup),
        Some(Channel::Tertutup) => None,
    }
}

/// The checklist asked for the respondents: show them (the screen opens on its first
/// survey's new row), or refresh after a save and say what was saved.
pub fn loaded(app: &mut App, view: RespondentsView, saved: Option<RespondentSaved>) -> Vec<Effect> {
    let lang = app.lang;
    match &mut app.screen {
        Screen::Checklist(c) if saved.is_none() && c.id() == view.assessment => {
            let sm = &c.view.detail.summary;
            let mut r = Respondents {
                place: format!("{} › {}", sm.pemda_name, sm.lokus_name),
                instrument: sm.instrument.clone(),
                back_to: Some(c.current_id().to_string()),
                view,
                survey: 0,
                row: 0,
                col: 0,
                draft: NewRow::default(),
                prompt: None,
            };
            r.go_to_new_row();
            app.screen = Screen::Respondents(Box::new(r));
        }
        Screen::Respondents(r) if r.view.assessment == view.assessment => {
            r.view = view;
            let Some(saved) = saved else {
                return Vec::new();
            };
            let text = match saved {
                RespondentSaved::Answer {
                    survey,
                    code,
                    question,
                    value,
                    col,
                } => {
                    if let Some(i) = r.view.surveys.iter().position(|s| s.survey.id == survey) {
                        r.survey = i;
                    }
                    if let Some(i) = r.rows().iter().position(|x| x.code == code) {
                        r.row = i;
                    }
                    r.col = col;
                    r.draft.proof.clear();
                    let mut t = w::saved(lang, &code, &question, value, r.quota());
                    let complete = match (r.current(), r.selected()) {
                        (Some(s), Some(x)) => s
                            .questions
                            .iter()
                            .all(|q| x.answers.get(&q.id).is_some_and(|a| a.value().is_some())),
                        _ => false,
                    };
                    if complete
                        && let Some(enter) =
                            app.keymap.hint_key(Mode::Respondents, C::NextRespondent)
                    {
                        t = format!("{t} · {}", w::row_complete(lang, &code, &enter));
                    }
                    t
                }
                RespondentSaved::Removed { code, .. } => {
                    let row = r.row;
                    r.select_row(row);
                    if r.on_new() {
                        r.reset_draft();
                    }
                    crate::present::survey::removed(&code, lang)
                }
                RespondentSaved::Proof { code, name, .. } => {
                    w::proof_noted(lang, &code, &inert(&name, false), true)
                }
            };
            r.prompt = None;
            app.say(StatusKind::Saved, text);
        }
        _ => {}
    }
    Vec::new()
}

/// A key on the respondents screen.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let proof_key = app.keymap.hint_key(Mode::Respondents, C::Proof);
    let Screen::Respondents(r) = &mut app.screen else {
        return Vec::new();
    };
    if r.prompt.is_some() {
        return prompt(app, msg);
    }
    let id = r.view.assessment.clone();
    let n_rows = r.rows().len();
    let n_q = r.current().map_or(0, |s| s.questions.len());
    let n_s = r.view.surveys.len().max(1);
    match msg {
        Msg::Command(C::Up) => r.select_row(r.row.saturating_sub(1)),
        Msg::Command(C::Down) => {
            let to = (r.row + 1).min(n_rows);
            if to == n_rows && !r.on_new() {
                r.go_to_new_row();
            } else {
                r.select_row(to);
            }
        }
        Msg::Command(C::NextQuestion) => r.col = (r.col + 1).min(n_q.saturating_sub(1)),
        Msg::Command(C::PrevQuestion) => r.col = r.col.saturating_sub(1),
        Msg::Command(C::NextSurvey | C::PrevSurvey) => {
            r.survey = if matches!(msg, Msg::Command(C::NextSurvey)) {
                (r.survey + 1) % n_s
            } else {
                (r.survey + n_s - 1) % n_s
            };
            r.draft.channel = None;
            r.go_to_new_row();
        }
        Msg::Command(C::NextRespondent) => {
            if r.on_new() {
                app.say(StatusKind::Info, tr(lang, w::ANSWER_FIRST));
            } else {
                r.go_to_new_row();
            }
        }
        Msg::Command(C::Channel) => {
            if r.on_new() {
                r.draft.channel = next_channel(r.draft.channel);
            } else {
                app.say(StatusKind::Info, tr(lang, w::FIELDS_ON_NEW));
            }
        }
        Msg::Command(C::Role) => {
            let roles: Vec<String> = r
                .current()
                .map(|s| s.roles.iter().map(|x| x.id.clone()).collect())
                .unwrap_or_default();
            if roles.is_empty() {
                app.say(StatusKind::Info, tr(lang, w::NO_ROLES));
            } else if !r.on_new() {
                app.say(StatusKind::Info, tr(lang, w::FIELDS_ON_NEW));
            } else {
                let at = r
                    .draft
                    .role
                    .as_ref()
                    .and_then(|x| roles.iter().position(|y| y == x))
                    .map_or(0, |i| (i + 1) % roles.len());
                r.draft.role = Some(roles[at].clone());
            }
        }
        Msg::Command(C::Proof) => r.prompt = Some(Input::default()),
        Msg::Command(C::ClearResponse) => {
            let (Some(s), Some(x)) = (r.current(), r.selected()) else {
                app.say(StatusKind::Info, tr(lang, w::NOTHING_TO_CLEAR));
                return Vec::new();
            };
            let Some(q) = s.questions.get(r.col) else {
                return Vec::new();
            };
            if x.answers.get(&q.id).is_none_or(|a| a.value().is_none()) {
                app.say(StatusKind::Info, tr(lang, w::NOTHING_TO_CLEAR));
                return Vec::new();
            }
            return vec![Effect::Respond(Box::new(Respond {
                id,
                survey: s.id.clone(),
                code: x.code.clone(),
                question: q.id.clone(),
                answer: String::new(),
                new: None,
                next_col: r.col,
            }))];
        }
        Msg::Command(C::RemoveRespondent) => match (r.current(), r.selected()) {
            (Some(s), Some(x)) => {
                return vec![Effect::RemoveRespondent {
                    id,
                    survey: s.id.clone(),
                    code: x.code.clone(),
                }];
            }
            _ => app.say(StatusKind::Info, tr(lang, w::NOT_ON_NEW)),
        },
        Msg::Command(C::Back) => {
            return vec![Effect::Open {
                id,
                indicator: r.back_to.clone(),
            }];
        }
        Msg::Char(ch) if ch.is_whitespace() => {}
        Msg::Char(ch) => {
            let Some(s) = r.current() else {
                return Vec::new();
            };
            let Some(q) = s.questions.get(r.col) else {
                return Vec::new();
            };
            let Some(value) = w::key_answer(q, ch) else {
                let msg = w::not_an_answer(lang, ch, &q.id, &w::answer_keys(q));
                app.say(StatusKind::Error, msg);
                return Vec::new();
            };
            let new = if r.on_new() {
                if s.proof_required && r.draft.proof.is_empty() {
                    let msg = w::proof_first(lang, &s.id, &proof_key.unwrap_or_default());
                    app.say(StatusKind::Error, msg);
                    return Vec::new();
                }
                Some(r.draft.clone())
            } else {
                None
            };
            return vec![Effect::Respond(Box::new(Respond {
                id,
                survey: s.id.clone(),
                code: r.code(),
                question: q.id.clone(),
                answer: answer_text(value),
                new,
                next_col: (r.col + 1).min(n_q.saturating_sub(1)),
            }))];
        }
        _ => {}
    }
    Vec::new()
}

/// An answer as the workspace reads it.
fn answer_text(r: Response) -> String {
    match r {
        Response::Ya => "ya".into(),
        Response::Tidak => "tidak".into(),
        Response::TidakTahu => "tt".into(),
        Response::Level(l) => l.to_string(),
    }
}

/// A key on the proof-of-service prompt: a saved row gets the file at once; the new row
/// keeps it for its first answer.
fn prompt(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Respondents(r) = &mut app.screen else {
        return Vec::new();
    };
    let Some(input) = r.prompt.as_mut() else {
        return Vec::new();
    };
    match msg {
        Msg::Command(C::Cancel) => r.prompt = None,
        Msg::Command(C::Submit) => {
            let path = input.value().trim().to_string();
            if path.is_empty() {
                app.say(StatusKind::Error, tr(lang, w::PROOF_EMPTY));
                return Vec::new();
            }
            let code = r.code();
            if let (Some(s), Some(_)) = (r.current(), r.selected()) {
                return vec![Effect::AttachProof {
                    id: r.view.assessment.clone(),
                    survey: s.id.clone(),
                    code,
                    path,
                }];
            }
            let name = std::path::Path::new(&path)
                .file_name()
                .map_or_else(|| path.clone(), |n| n.to_string_lossy().to_string());
            r.draft.proof.push(path);
            r.prompt = None;
            app.say(
                StatusKind::Info,
                w::proof_noted(lang, &code, &inert(&name, false), false),
            );
        }
        Msg::Text(k) => {
            type_into(input, k);
        }
        _ => {}
    }
    Vec::new()
}
