//! The popups over the checklist: the note editor (several lines, saved with its own key),
//! the evidence path prompt, and the indicator search (the cursor follows the first match;
//! Esc goes back to where it was).

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui_textarea::TextArea;
use tui_input::Input;

use crate::i18n::inert;
use crate::present::tui::checklist as s;
use crate::present::tui::home as h;
use crate::present::tui::tr;

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::effect::files::Offer;
use super::super::msg::Msg;
use super::checklist::position;
use super::{Screen, type_into};

/// A one-line search over the checklist's indicators.
#[derive(Debug)]
pub struct SearchState {
    pub input: Input,
    /// Where the cursor was before the search (Esc returns there).
    pub origin: usize,
    /// Positions in the checklist order that match.
    pub matches: Vec<usize>,
    pub at: usize,
}

/// The note editor (issue 16: what is typed is kept as a draft, durably, whenever the
/// input is drained; Esc on a changed note asks before discarding it).
#[derive(Debug)]
pub struct NoteEditor {
    pub ta: TextArea<'static>,
    /// Typed since the draft was last kept.
    pub dirty: bool,
    /// Esc was pressed on a changed note: only `y` discards it now.
    pub confirm_discard: bool,
}

impl NoteEditor {
    #[must_use]
    pub fn new(ta: TextArea<'static>) -> NoteEditor {
        NoteEditor {
            ta,
            dirty: false,
            confirm_discard: false,
        }
    }

    #[must_use]
    pub fn text(&self) -> String {
        self.ta.lines().join("\n")
    }
}

/// The evidence path prompt, with Tab completion of the path (issue 16).
#[derive(Debug, Default)]
pub struct AttachPrompt {
    pub input: Input,
    /// The names the last Tab matched, when there were several.
    pub completions: Vec<String>,
}

/// The list of an indicator's attachments (issue 16): open one with the system viewer,
/// remove one (an op, after an explicit `y`), or attach another.
#[derive(Debug, Default)]
pub struct EvidenceList {
    pub selected: usize,
    /// Remove was pressed: only `y` removes the selected file.
    pub confirm_remove: bool,
}

/// A dialog over the checklist.
#[derive(Debug)]
pub enum Popup {
    Note(Box<NoteEditor>),
    /// A reply to the supervisor's comment on the current indicator (issue 14).
    Reply(Box<TextArea<'static>>),
    Attach(AttachPrompt),
    /// The attachments of the current indicator.
    Evidence(EvidenceList),
    Search(SearchState),
    /// Finalize, asked once over the review screen (issue 16): only an explicit `y`
    /// finalizes; Enter does not, Esc goes back.
    Finalize,
    /// The assessment's audit trail (issue 14), scrolled by `scroll` lines; Esc closes.
    Audit {
        entries: Vec<crate::workspace::AuditEntry>,
        scroll: usize,
    },
}

/// The audit trail arrived: show it over the checklist of that assessment.
pub fn audit(app: &mut App, id: &str, entries: Vec<crate::workspace::AuditEntry>) {
    if let Screen::Checklist(c) = &mut app.screen
        && c.id() == id
        && c.popup.is_none()
    {
        c.popup = Some(Popup::Audit { entries, scroll: 0 });
    }
}

/// A key on the popup over the checklist.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    let id = c.id().to_string();
    let ind = c.current_id().to_string();
    let mine = c.my_note(&ind, app.me.as_ref());
    let files = c.evidence(&ind);
    match (&mut c.popup, msg) {
        (Some(Popup::Note(ed)), Msg::Text(k)) if ed.confirm_discard => {
            ed.confirm_discard = false;
            if matches!(k.code, KeyCode::Char('y' | 'Y'))
                && k.modifiers.difference(KeyModifiers::SHIFT).is_empty()
            {
                c.popup = None;
                app.say(StatusKind::Info, tr(lang, s::NOTE_DISCARDED));
                return vec![Effect::DiscardNoteDraft { id, indicator: ind }];
            }
            app.say(StatusKind::Info, tr(lang, s::KEEP_WRITING));
        }
        (Some(Popup::Note(ed)), Msg::Command(C::Cancel)) => {
            if ed.confirm_discard {
                // Esc again: back to writing; nothing is discarded without `y`.
                ed.confirm_discard = false;
                app.say(StatusKind::Info, tr(lang, s::KEEP_WRITING));
            } else if ed.text().trim_end() == mine.trim_end() {
                let draft = ed.dirty || c.view.drafts.contains_key(&ind);
                c.popup = None;
                if draft {
                    return vec![Effect::DiscardNoteDraft { id, indicator: ind }];
                }
            } else {
                ed.confirm_discard = true;
            }
        }
        (Some(Popup::Evidence(ev)), Msg::Text(k)) if ev.confirm_remove => {
            ev.confirm_remove = false;
            let Some(file) = files.get(ev.selected) else {
                return Vec::new();
            };
            if matches!(k.code, KeyCode::Char('y' | 'Y'))
                && k.modifiers.difference(KeyModifiers::SHIFT).is_empty()
            {
                return vec![Effect::Detach {
                    id,
                    indicator: ind,
                    hash: file.hash.clone(),
                    name: file.name.clone(),
                }];
            }
            app.say(StatusKind::Info, tr(lang, s::REMOVE_NOT_DONE));
        }
        (Some(Popup::Evidence(ev)), Msg::Command(C::Cancel)) if ev.confirm_remove => {
            ev.confirm_remove = false;
            app.say(StatusKind::Info, tr(lang, s::REMOVE_NOT_DONE));
        }
        (Some(Popup::Evidence(ev)), Msg::Command(cmd @ (C::Up | C::Down))) => {
            let n = files.len();
            if n > 0 {
                ev.selected = if cmd == C::Down {
                    (ev.selected + 1).min(n - 1)
                } else {
                    ev.selected.saturating_sub(1)
                };
            }
        }
        (Some(Popup::Evidence(ev)), Msg::Command(C::Open)) => match files.get(ev.selected) {
            Some(file) => {
                app.say(
                    StatusKind::Info,
                    s::opening(lang, &inert(&file.name, false)),
                );
                return vec![Effect::OpenEvidence {
                    hash: file.hash.clone(),
                    name: file.name.clone(),
                }];
            }
            None => app.say(StatusKind::Info, tr(lang, s::EVIDENCE_NONE)),
        },
        (Some(Popup::Evidence(ev)), Msg::Command(C::Remove)) => {
            if files.get(ev.selected).is_some() {
                ev.confirm_remove = true;
            } else {
                app.say(StatusKind::Info, tr(lang, s::EVIDENCE_NONE));
            }
        }
        (Some(Popup::Evidence(_)), Msg::Command(C::Back)) => c.popup = None,
        (Some(Popup::Evidence(_)), Msg::Command(C::Attach)) => {
            c.popup = Some(Popup::Attach(AttachPrompt::default()));
        }
        (_, Msg::Command(C::Cancel)) => {
            if let Some(Popup::Search(st)) = &c.popup {
                c.cursor = st.origin;
            }
            let finalize = matches!(c.popup, Some(Popup::Finalize));
            c.popup = None;
            if finalize {
                app.say(StatusKind::Info, tr(lang, s::FINALIZE_NOT_DONE));
            }
        }
        (Some(Popup::Audit { entries, scroll }), Msg::Command(C::Down)) => {
            *scroll = (*scroll + 1).min(entries.len().saturating_sub(1));
        }
        (Some(Popup::Audit { scroll, .. }), Msg::Command(C::Up)) => {
            *scroll = scroll.saturating_sub(1);
        }
        (Some(Popup::Note(ed)), Msg::Text(k)) => {
            let changed = ed.ta.input(k);
            ed.dirty |= changed;
        }
        (Some(Popup::Note(ed)), Msg::Command(C::Save)) => {
            let text = ed.text();
            if text.trim_end() == mine.trim_end() {
                let draft = ed.dirty || c.view.drafts.contains_key(&ind);
                c.popup = None;
                if draft {
                    return vec![Effect::DiscardNoteDraft { id, indicator: ind }];
                }
            } else {
                return vec![Effect::SetNote {
                    id,
                    indicator: ind,
                    text,
                }];
            }
        }
        (Some(Popup::Reply(ta)), Msg::Text(k)) => {
            ta.input(k);
        }
        (Some(Popup::Reply(ta)), Msg::Command(C::Save)) => {
            let text = ta.lines().join("\n");
            if text.trim().is_empty() {
                app.say(StatusKind::Error, tr(lang, s::REPLY_EMPTY));
                return Vec::new();
            }
            return vec![Effect::Reply {
                id,
                indicator: ind,
                text,
            }];
        }
        (Some(Popup::Attach(p)), Msg::Text(k)) if k.code == KeyCode::Tab => {
            return vec![Effect::Complete {
                text: p.input.value().to_string(),
                offer: Offer::AnyFile,
            }];
        }
        (Some(Popup::Attach(p)), Msg::Text(k)) => {
            let changed = type_into(&mut p.input, k);
            if changed {
                p.completions.clear();
            }
        }
        (Some(Popup::Attach(p)), Msg::Command(C::Submit)) => {
            let raw = p.input.value().trim().to_string();
            if raw.is_empty() {
                app.say(StatusKind::Error, tr(lang, s::ATTACH_EMPTY));
                return Vec::new();
            }
            return vec![Effect::Attach {
                id,
                indicator: ind,
                path: raw,
            }];
        }
        (Some(Popup::Finalize), Msg::Text(k))
            if matches!(k.code, KeyCode::Char('y' | 'Y'))
                && k.modifiers.difference(KeyModifiers::SHIFT).is_empty() =>
        {
            c.popup = None;
            return vec![Effect::Finalize { id }];
        }
        (Some(Popup::Finalize), Msg::Text(_) | Msg::Command(_)) => {
            app.say(StatusKind::Info, tr(lang, s::FINALIZE_PRESS_Y));
        }
        (Some(Popup::Search(st)), Msg::Text(k)) => {
            let changed = type_into(&mut st.input, k);
            if changed {
                let q = st.input.value().to_lowercase();
                let words: Vec<&str> = q.split_whitespace().collect();
                let inst = &c.view.detail.instrument;
                st.matches = if words.is_empty() {
                    Vec::new()
                } else {
                    c.order
                        .iter()
                        .enumerate()
                        .filter(|(_, id)| {
                            inst.indicator(id).is_some_and(|p| {
                                let i = p.indicator;
                                let hay = format!(
                                    "{} {} {} {} {} {}",
                                    i.id,
                                    i.short,
                                    i.text,
                                    i.text_en.as_deref().unwrap_or(""),
                                    i.guidance,
                                    p.variable.name
                                )
                                .to_lowercase();
                                words.iter().all(|w| hay.contains(w))
                            })
                        })
                        .map(|(i, _)| i)
                        .collect()
                };
                st.at = 0;
                c.cursor = st.matches.first().copied().unwrap_or(st.origin);
                c.scroll = 0;
            }
        }
        (Some(Popup::Search(st)), dir @ Msg::Command(C::Up | C::Down)) => {
            let n = st.matches.len();
            if n > 0 {
                st.at = if matches!(dir, Msg::Command(C::Down)) {
                    (st.at + 1) % n
                } else {
                    (st.at + n - 1) % n
                };
                c.cursor = st.matches[st.at];
                c.scroll = 0;
            }
        }
        (Some(Popup::Search(st)), Msg::Command(C::Submit)) => {
            let moved = c.cursor != st.origin;
            if st.matches.is_empty() && !st.input.value().trim().is_empty() {
                let q = st.input.value().to_string();
                app.say(StatusKind::Info, h::no_match(lang, &q));
                return Vec::new();
            }
            c.popup = None;
            if moved {
                return vec![position(c)];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Tab's completion of `text` in the evidence path prompt, if it still holds it.
pub fn completed(app: &mut App, text: &str, completed: String, names: Vec<String>) {
    let Screen::Checklist(c) = &mut app.screen else {
        return;
    };
    if let Some(Popup::Attach(p)) = &mut c.popup
        && p.input.value() == text
    {
        p.input = Input::new(completed);
        p.completions = if names.len() > 1 { names } else { Vec::new() };
    }
}

/// The input is drained: keep the note's draft if it changed since it was last kept
/// (durable before anything else runs; issue 16).
pub fn idle(app: &mut App) -> Vec<Effect> {
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    let id = c.id().to_string();
    let indicator = c.current_id().to_string();
    match &mut c.popup {
        Some(Popup::Note(ed)) if ed.dirty => {
            ed.dirty = false;
            vec![Effect::SaveNoteDraft {
                id,
                indicator,
                text: ed.text(),
            }]
        }
        _ => Vec::new(),
    }
}
