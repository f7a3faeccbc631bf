//! The new-assessment form: year, instrument (following the year until one is picked),
//! pemda (searched as typed), lokus type and, when the type needs one, the lokus name. An
//! assessment with the same key is reopened, never made twice.

use ratatui::crossterm::event::KeyCode;
use tui_input::Input;

use crate::core::region::{LOKUS_TYPES, LokusType, Region};
use crate::i18n::inert;
use crate::present::tui::home as s;
use crate::present::tui::tr;

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::msg::Msg;
use super::{Screen, type_into};

/// How many pemda the form lists at most.
pub const MAX_CANDIDATES: usize = 60;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewField {
    Round,
    Instrument,
    Pemda,
    Lokus,
    LokusName,
}

/// The new-assessment form.
#[derive(Debug)]
pub struct NewForm {
    pub round: Input,
    /// Index into `App::instruments`.
    pub instrument: usize,
    /// The user picked an instrument, so it no longer follows the year.
    pub instrument_touched: bool,
    pub pemda: Input,
    pub candidates: Vec<Region>,
    /// Nothing matched what was typed: `candidates` are the closest names (issue 16).
    pub suggested: bool,
    pub pemda_sel: usize,
    /// Index into `LOKUS_TYPES`.
    pub lokus: usize,
    pub lokus_name: Input,
    pub focus: NewField,
}

impl NewForm {
    #[must_use]
    pub fn lokus_type(&self) -> &'static LokusType {
        &LOKUS_TYPES[self.lokus.min(LOKUS_TYPES.len() - 1)]
    }

    /// The fields in order; the lokus name only when the type needs one.
    #[must_use]
    pub fn fields(&self) -> Vec<NewField> {
        let mut v = vec![
            NewField::Round,
            NewField::Instrument,
            NewField::Pemda,
            NewField::Lokus,
        ];
        if self.lokus_type().needs_name {
            v.push(NewField::LokusName);
        }
        v
    }

    #[must_use]
    pub fn chosen_pemda(&self) -> Option<&Region> {
        self.candidates.get(self.pemda_sel)
    }
}

/// A fresh form: the year and instrument last used (the last assessment made in this
/// session, else the one worked on most recently), or the newest round that has an
/// instrument; nothing else filled in.
#[must_use]
pub fn new_form_for(app: &App) -> NewForm {
    let last = app.last_new.clone().or_else(|| {
        app.home
            .list
            .iter()
            .max_by_key(|s| s.last_change_ms)
            .map(|s| (s.round, s.instrument.clone()))
    });
    let default_for = |round: u16| app.instruments.iter().position(|i| i.round == round);
    let (round, instrument, touched) = match last
        .as_ref()
        .and_then(|(r, id)| Some((*r, app.instruments.iter().position(|i| &i.id == id)?)))
    {
        Some((r, i)) => (r, i, default_for(r) != Some(i)),
        None => (app.instruments.first().map_or(0, |i| i.round), 0, false),
    };
    NewForm {
        round: Input::new(if round > 0 {
            round.to_string()
        } else {
            String::new()
        }),
        instrument,
        instrument_touched: touched,
        pemda: Input::default(),
        candidates: Vec::new(),
        suggested: false,
        pemda_sel: 0,
        lokus: 0,
        lokus_name: Input::default(),
        focus: NewField::Round,
    }
}

/// A key on the form.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let n_inst = app.instruments.len();
    let Screen::New(form) = &mut app.screen else {
        return Vec::new();
    };
    let fields = form.fields();
    let at = fields.iter().position(|f| *f == form.focus).unwrap_or(0);
    let step = |form: &mut NewForm, fwd: bool| {
        let i = if fwd {
            (at + 1) % fields.len()
        } else {
            (at + fields.len() - 1) % fields.len()
        };
        form.focus = fields[i];
    };
    match (form.focus, msg) {
        (_, Msg::Command(C::Cancel)) => {
            app.screen = Screen::Home;
            return Vec::new();
        }
        (_, Msg::Command(C::NextField)) => step(form, true),
        (_, Msg::Command(C::PrevField)) => step(form, false),
        (NewField::Round | NewField::LokusName, Msg::Command(C::Up)) => step(form, false),
        (NewField::Round | NewField::LokusName, Msg::Command(C::Down)) => step(form, true),
        (NewField::Instrument, Msg::Command(C::Up)) => {
            form.instrument = form.instrument.saturating_sub(1);
            form.instrument_touched = true;
        }
        (NewField::Instrument, Msg::Command(C::Down)) => {
            form.instrument = (form.instrument + 1).min(n_inst.saturating_sub(1));
            form.instrument_touched = true;
        }
        (NewField::Pemda, Msg::Command(C::Up)) => form.pemda_sel = form.pemda_sel.saturating_sub(1),
        (NewField::Pemda, Msg::Command(C::Down)) => {
            form.pemda_sel = (form.pemda_sel + 1).min(form.candidates.len().saturating_sub(1));
        }
        (NewField::Lokus, Msg::Command(C::Up)) => form.lokus = form.lokus.saturating_sub(1),
        (NewField::Lokus, Msg::Command(C::Down)) => {
            form.lokus = (form.lokus + 1).min(LOKUS_TYPES.len() - 1);
        }
        (NewField::Round, Msg::Text(k)) => {
            let digit_or_edit = !matches!(k.code, KeyCode::Char(c) if !c.is_ascii_digit());
            if digit_or_edit && type_into(&mut form.round, k) {
                follow_round(app);
            }
        }
        (NewField::Pemda, Msg::Text(k)) => {
            let changed = type_into(&mut form.pemda, k);
            if changed {
                let q = form.pemda.value().to_string();
                form.candidates = if q.trim().is_empty() {
                    Vec::new()
                } else {
                    app.regions
                        .search(&q)
                        .into_iter()
                        .take(MAX_CANDIDATES)
                        .cloned()
                        .collect()
                };
                // A misspelling ("pontinak"): offer the closest names instead.
                form.suggested = form.candidates.is_empty() && !q.trim().is_empty();
                if form.suggested {
                    form.candidates = app
                        .regions
                        .suggest(&q, MAX_CANDIDATES)
                        .into_iter()
                        .cloned()
                        .collect();
                }
                form.pemda_sel = 0;
            }
        }
        (NewField::LokusName, Msg::Text(k)) => {
            type_into(&mut form.lokus_name, k);
        }
        (NewField::Lokus, Msg::Text(k)) => match k.code {
            KeyCode::Left => form.lokus = form.lokus.saturating_sub(1),
            KeyCode::Right => form.lokus = (form.lokus + 1).min(LOKUS_TYPES.len() - 1),
            KeyCode::Char(c) => {
                // Jump to the next type starting with the letter typed.
                let c = c.to_ascii_lowercase();
                let n = LOKUS_TYPES.len();
                if let Some(i) = (1..=n)
                    .map(|k| (form.lokus + k) % n)
                    .find(|&i| LOKUS_TYPES[i].name.to_lowercase().starts_with(c))
                {
                    form.lokus = i;
                }
            }
            _ => {}
        },
        (NewField::Instrument, Msg::Text(k)) => match k.code {
            KeyCode::Left => {
                form.instrument = form.instrument.saturating_sub(1);
                form.instrument_touched = true;
            }
            KeyCode::Right => {
                form.instrument = (form.instrument + 1).min(n_inst.saturating_sub(1));
                form.instrument_touched = true;
            }
            _ => {}
        },
        (focus, Msg::Command(C::Submit)) => {
            if focus == NewField::Pemda {
                let Some(r) = form.chosen_pemda().cloned() else {
                    // Nothing to choose: say so and stay (issue 16), never move on silently.
                    let q = inert(form.pemda.value().trim(), false);
                    let msg = if q.is_empty() {
                        tr(app.lang, s::PEMDA_TYPE_FIRST).to_string()
                    } else {
                        s::pemda_no_match(app.lang, &q)
                    };
                    app.say(StatusKind::Error, msg);
                    return Vec::new();
                };
                form.pemda = Input::new(r.name.clone());
                form.candidates = vec![r];
                form.suggested = false;
                form.pemda_sel = 0;
            }
            if at + 1 < fields.len() {
                step(form, true);
            } else {
                return submit_new(app);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The instrument follows the year until the user picks one.
fn follow_round(app: &mut App) {
    let Screen::New(form) = &mut app.screen else {
        return;
    };
    if form.instrument_touched {
        return;
    }
    if let Ok(r) = form.round.value().trim().parse::<u16>()
        && let Some(i) = app.instruments.iter().position(|i| i.round == r)
    {
        form.instrument = i;
    }
}

fn submit_new(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::New(form) = &mut app.screen else {
        return Vec::new();
    };
    let Ok(round) = form.round.value().trim().parse::<u16>() else {
        form.focus = NewField::Round;
        app.say(StatusKind::Error, tr(lang, s::ROUND_NOT_NUMBER));
        return Vec::new();
    };
    let Some(instrument) = app.instruments.get(form.instrument).map(|i| i.id.clone()) else {
        form.focus = NewField::Instrument;
        app.say(StatusKind::Error, tr(lang, s::INSTRUMENT_NOT_CHOSEN));
        return Vec::new();
    };
    let Some(pemda) = form.chosen_pemda().map(|r| r.code.clone()) else {
        form.focus = NewField::Pemda;
        app.say(StatusKind::Error, tr(lang, s::PEMDA_NOT_CHOSEN));
        return Vec::new();
    };
    let lt = form.lokus_type();
    let name = Some(form.lokus_name.value().trim().to_string()).filter(|n| !n.is_empty());
    if lt.needs_name && name.is_none() {
        form.focus = NewField::LokusName;
        let msg = s::lokus_name_required(lang, lt.name);
        app.say(StatusKind::Error, msg);
        return Vec::new();
    }
    app.last_new = Some((round, instrument.clone()));
    vec![Effect::Create {
        round,
        instrument,
        pemda,
        lokus: lt.code.to_string(),
        name: if lt.needs_name { name } else { None },
    }]
}
