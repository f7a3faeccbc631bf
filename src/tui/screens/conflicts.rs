//! The supervisor's conflict view (issue 6): one open conflict at a time with its
//! candidates; a candidate's number picks it, or another value is typed, and a reason is
//! always asked before the resolution is saved. The place in the list stays for the next
//! visit.

use tui_input::Input;

use crate::present::tui::supervisor as s;
use crate::present::tui::tr;
use crate::workspace::SlotConflict;

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::{Effect, Wording};
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::{Screen, type_into, unused_key};

/// Which line the conflict view is typing into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    Value,
    Reason,
}

#[derive(Debug, Default)]
pub struct ConflictState {
    pub list: Vec<SlotConflict>,
    pub wording: Wording,
    pub at: usize,
    /// Candidate chosen (1-based) or `None` with `value` for another value.
    pub pick: Option<usize>,
    pub value: Input,
    pub reason: Input,
    pub typing: Option<Typing>,
    /// Assessments to land on when the list arrives (from the dashboard's `x`).
    pub focus: Vec<String>,
}

impl ConflictState {
    #[must_use]
    pub fn current(&self) -> Option<&SlotConflict> {
        self.list.get(self.at)
    }

    /// Land on the first conflict of these assessments when the list arrives.
    pub fn focus_on(&mut self, ids: Vec<String>) {
        self.focus = ids;
    }

    /// Forget the choice being made (on entering and between conflicts).
    pub fn clear_choice(&mut self) {
        self.pick = None;
        self.value.reset();
        self.reason.reset();
        self.typing = None;
    }

    /// The key bindings: the value or reason prompt's, or the conflict view's.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.typing.is_some() {
            Mode::Prompt
        } else {
            Mode::Conflict
        }
    }
}

/// A key on the conflict view.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Conflicts(c) = &mut app.screen else {
        return Vec::new();
    };
    let n = c.list.len();
    if let Some(typing) = c.typing {
        match msg {
            Msg::Text(k) => {
                let field = match typing {
                    Typing::Value => &mut c.value,
                    Typing::Reason => &mut c.reason,
                };
                type_into(field, k);
            }
            Msg::Command(C::Cancel) => c.clear_choice(),
            Msg::Command(C::Submit) => match typing {
                Typing::Value => {
                    if c.value.value().trim().is_empty() {
                        app.say(StatusKind::Error, tr(lang, s::VALUE_REQUIRED));
                    } else {
                        c.typing = Some(Typing::Reason);
                    }
                }
                Typing::Reason => {
                    let reason = c.reason.value().trim().to_string();
                    if reason.is_empty() {
                        app.say(StatusKind::Error, tr(lang, s::REASON_REQUIRED));
                        return Vec::new();
                    }
                    let Some(cur) = c.current() else {
                        return Vec::new();
                    };
                    return vec![Effect::Resolve {
                        id: cur.assessment.clone(),
                        indicator: cur.indicator.clone(),
                        pick: c.pick,
                        value: c.pick.is_none().then(|| c.value.value().trim().to_string()),
                        reason,
                    }];
                }
            },
            _ => {}
        }
        return Vec::new();
    }
    match msg {
        Msg::Command(C::NextConflict) if n > 0 => {
            c.at = (c.at + 1) % n;
            c.clear_choice();
        }
        Msg::Command(C::PrevConflict) if n > 0 => {
            c.at = (c.at + n - 1) % n;
            c.clear_choice();
        }
        Msg::Char(ch) if n > 0 => {
            let k = c.current().map_or(0, |x| x.candidates.len());
            match ch.to_digit(10).map(|d| d as usize) {
                Some(d) if d >= 1 && d <= k => {
                    c.pick = Some(d);
                    c.value.reset();
                    c.typing = Some(Typing::Reason);
                }
                _ => app.say(StatusKind::Error, s::not_a_candidate(lang, ch, k)),
            }
        }
        Msg::Command(C::OtherValue) if n > 0 => {
            c.pick = None;
            c.typing = Some(Typing::Value);
        }
        Msg::Command(C::Back) => {
            app.go_home();
            return vec![Effect::LoadHome];
        }
        other => unused_key(app, &other),
    }
    Vec::new()
}

/// The open conflicts and their wording.
pub fn loaded(app: &mut App, list: Vec<SlotConflict>, wording: Wording) {
    if let Screen::Conflicts(c) = &mut app.screen {
        c.list = list;
        c.wording = wording;
        let focus = std::mem::take(&mut c.focus);
        if let Some(i) = c.list.iter().position(|x| focus.contains(&x.assessment)) {
            c.at = i;
        }
        c.at = c.at.min(c.list.len().saturating_sub(1));
    }
}

/// A resolution is saved: the conflicts left.
pub fn resolved(app: &mut App, indicator: &str, list: Vec<SlotConflict>) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Conflicts(c) = &mut app.screen else {
        return Vec::new();
    };
    c.clear_choice();
    c.list = list;
    c.at = c.at.min(c.list.len().saturating_sub(1));
    let left = c.list.len();
    app.say(StatusKind::Saved, s::resolved(lang, indicator, left));
    vec![Effect::LoadHome]
}
