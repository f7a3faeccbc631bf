//! The supervisor's conflicts (issues 6 and 14): a list of every open conflict, grouped by
//! pemda then lokus (assessment) and in instrument order inside each, with a text filter;
//! `Enter` opens one in the resolve view, with its candidates side by side. A candidate's
//! number picks it, or another value is typed, and a reason is always asked before the
//! resolution is saved; back on the list the cursor stays where it was. The list, its
//! filter and its place stay for the next visit.
//!
//! Entry points: [`open`] (home's key: every conflict) and [`open_for`] (one assessment's,
//! for the dashboard; `Esc` on its list goes back to the dashboard).

use tui_input::Input;

use crate::present::tui::supervisor as s;
use crate::present::tui::tr;
use crate::workspace::SlotConflict;

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::{Effect, IndicatorInfo, Wording};
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::{Screen, type_into, unused_key};

/// Which line the resolve view is typing into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    Value,
    Reason,
}

/// The list of conflicts, or one of them being resolved.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    List,
    Resolve,
}

/// Where `Esc` on the list goes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Back {
    #[default]
    Home,
    Dashboard,
}

/// Rows a page key moves on the list.
const PAGE: usize = 10;

#[derive(Debug, Default)]
pub struct ConflictState {
    /// Every open conflict, sorted by [`sort`].
    pub list: Vec<SlotConflict>,
    pub wording: Wording,
    pub view: View,
    /// The conflict in the resolve view (an index into `list`).
    pub at: usize,
    /// The list's cursor (an index into [`ConflictState::visible`]).
    pub selected: usize,
    pub filter: Input,
    pub filtering: bool,
    /// Only this assessment's conflicts (opened from the dashboard).
    pub scope: Option<String>,
    pub back: Back,
    /// Candidate chosen (1-based) or `None` with `value` for another value.
    pub pick: Option<usize>,
    pub value: Input,
    pub reason: Input,
    pub typing: Option<Typing>,
    /// Assessments to land on when the list arrives (from the dashboard's `x`).
    pub focus: Vec<String>,
    /// Which of the current conflict's evidence files the next `e` opens.
    pub evidence_at: usize,
}

/// Sort conflicts by pemda name, lokus name (then assessment id, for two assessments of one
/// lokus), then the indicator's place in its instrument.
pub fn sort(list: &mut [SlotConflict], wording: &Wording) {
    let order = |c: &SlotConflict| {
        wording
            .get(&(c.assessment.clone(), c.indicator.clone()))
            .map_or(usize::MAX, |i| i.order)
    };
    list.sort_by(|a, b| {
        (
            &a.pemda_name,
            &a.lokus_name,
            &a.assessment,
            order(a),
            &a.indicator,
        )
            .cmp(&(
                &b.pemda_name,
                &b.lokus_name,
                &b.assessment,
                order(b),
                &b.indicator,
            ))
    });
}

impl ConflictState {
    /// The conflict in the resolve view.
    #[must_use]
    pub fn current(&self) -> Option<&SlotConflict> {
        self.list.get(self.at)
    }

    /// The words of a conflict's indicator, when its instrument is known.
    #[must_use]
    pub fn info(&self, c: &SlotConflict) -> Option<&IndicatorInfo> {
        self.wording
            .get(&(c.assessment.clone(), c.indicator.clone()))
    }

    /// Whether a conflict is in scope and matches every word of the filter (pemda, lokus,
    /// indicator id, short name or wording; case does not matter).
    fn shown(&self, c: &SlotConflict, words: &[String]) -> bool {
        if self.scope.as_ref().is_some_and(|a| *a != c.assessment) {
            return false;
        }
        if words.is_empty() {
            return true;
        }
        let (short, text) = self
            .info(c)
            .map_or(("", ""), |i| (i.short.as_str(), i.text.as_str()));
        let hay = format!(
            "{} {} {} {short} {text}",
            c.pemda_name, c.lokus_name, c.indicator
        )
        .to_lowercase();
        words.iter().all(|w| hay.contains(w.as_str()))
    }

    /// The conflicts on the list (indices into `list`), in order.
    #[must_use]
    pub fn visible(&self) -> Vec<usize> {
        let words: Vec<String> = self
            .filter
            .value()
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        (0..self.list.len())
            .filter(|&i| self.shown(&self.list[i], &words))
            .collect()
    }

    /// The conflict under the list's cursor (an index into `list`).
    #[must_use]
    pub fn selected_index(&self) -> Option<usize> {
        let v = self.visible();
        v.get(self.selected.min(v.len().saturating_sub(1))).copied()
    }

    /// Land on the first conflict of these assessments when the list arrives (the
    /// dashboard's `x` on a pemda row).
    pub fn focus_on(&mut self, ids: Vec<String>) {
        self.focus = ids;
    }

    /// Forget the choice being made (on entering and between conflicts).
    pub fn clear_choice(&mut self) {
        self.pick = None;
        self.value.reset();
        self.reason.reset();
        self.typing = None;
        self.evidence_at = 0;
    }

    /// The key bindings: a prompt's (filter, value, reason), the list's or the resolve
    /// view's.
    #[must_use]
    pub fn mode(&self) -> Mode {
        match self.view {
            View::List if self.filtering => Mode::Prompt,
            View::List => Mode::ConflictList,
            View::Resolve if self.typing.is_some() => Mode::Prompt,
            View::Resolve => Mode::Conflict,
        }
    }

    /// A new list (on loading, after a resolution): sorted, the cursor kept at its row.
    fn set_list(&mut self, mut list: Vec<SlotConflict>) {
        sort(&mut list, &self.wording);
        self.list = list;
        self.at = self.at.min(self.list.len().saturating_sub(1));
        let n = self.visible().len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }

    /// Onto the list, for `scope` (or every conflict), keeping the place and the filter of
    /// the last visit with the same scope.
    pub fn enter(&mut self, scope: Option<String>, back: Back) {
        if self.scope != scope {
            self.selected = 0;
            self.filter.reset();
        }
        self.scope = scope;
        self.back = back;
        self.view = View::List;
        self.filtering = false;
        self.clear_choice();
    }
}

/// Open the conflict list with every open conflict (home's key). `Esc` goes home.
pub fn open(app: &mut App) -> Vec<Effect> {
    app.revisit(Screen::Conflicts(Box::default()));
    if let Screen::Conflicts(c) = &mut app.screen {
        c.enter(None, Back::Home);
    }
    vec![Effect::LoadConflicts]
}

/// Open the conflict list with one assessment's open conflicts only (for the dashboard).
/// Call it from the dashboard or home: the screen on display is left as `Esc` leaves it
/// (the dashboard is parked with its place); `Esc` on the list goes back to the dashboard
/// when it came from there, else home.
pub fn open_for(app: &mut App, assessment: &str) -> Vec<Effect> {
    let back = if matches!(app.screen, Screen::Dashboard(_)) {
        Back::Dashboard
    } else {
        Back::Home
    };
    app.go_home();
    app.revisit(Screen::Conflicts(Box::default()));
    if let Screen::Conflicts(c) = &mut app.screen {
        c.enter(Some(assessment.to_string()), back);
    }
    vec![Effect::LoadConflicts]
}

/// A key on the list or the resolve view.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let Screen::Conflicts(c) = &mut app.screen else {
        return Vec::new();
    };
    match c.view {
        View::List => list_update(app, msg),
        View::Resolve => resolve_update(app, msg),
    }
}

fn list_update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let Screen::Conflicts(c) = &mut app.screen else {
        return Vec::new();
    };
    if c.filtering {
        match msg {
            Msg::Text(k) if type_into(&mut c.filter, k) => c.selected = 0,
            Msg::Command(C::Submit) => c.filtering = false,
            Msg::Command(C::Cancel) => {
                c.filtering = false;
                c.filter.reset();
                c.selected = 0;
            }
            _ => {}
        }
        return Vec::new();
    }
    let n = c.visible().len();
    let last = n.saturating_sub(1);
    match msg {
        Msg::Command(C::Up) => c.selected = c.selected.saturating_sub(1),
        Msg::Command(C::Down) => c.selected = (c.selected + 1).min(last),
        Msg::Command(C::ScrollUp) => c.selected = c.selected.saturating_sub(PAGE),
        Msg::Command(C::ScrollDown) => c.selected = (c.selected + PAGE).min(last),
        Msg::Command(C::Top) => c.selected = 0,
        Msg::Command(C::Bottom) => c.selected = last,
        Msg::Command(C::Filter) => c.filtering = true,
        Msg::Command(C::Open) => {
            if let Some(i) = c.selected_index() {
                c.at = i;
                c.view = View::Resolve;
                c.clear_choice();
            }
        }
        Msg::Command(C::Back) => return leave(app),
        other => unused_key(app, &other),
    }
    Vec::new()
}

/// `Esc` on the list: to the dashboard it was opened from, else home.
fn leave(app: &mut App) -> Vec<Effect> {
    let back = match &app.screen {
        Screen::Conflicts(c) => c.back,
        _ => Back::Home,
    };
    app.go_home();
    match back {
        Back::Home => vec![Effect::LoadHome],
        Back::Dashboard => {
            app.revisit(Screen::Dashboard(Box::default()));
            vec![Effect::LoadHome, Effect::LoadDashboard]
        }
    }
}

fn resolve_update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Conflicts(c) = &mut app.screen else {
        return Vec::new();
    };
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
    // Tab and BackTab go through the conflicts on the list (filtered, in its order).
    let visible = c.visible();
    let here = visible.iter().position(|&i| i == c.at);
    let n = visible.len();
    match msg {
        Msg::Command(C::NextConflict) if n > 0 => {
            let k = here.map_or(0, |k| (k + 1) % n);
            c.at = visible[k];
            c.selected = k;
            c.clear_choice();
        }
        Msg::Command(C::PrevConflict) if n > 0 => {
            let k = here.map_or(0, |k| (k + n - 1) % n);
            c.at = visible[k];
            c.selected = k;
            c.clear_choice();
        }
        Msg::Char(ch) if c.current().is_some() => {
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
        // Open the conflict's evidence files with the system viewer, one per press, in
        // candidate order (issue 14).
        Msg::Command(C::Evidence) if c.current().is_some() => {
            let files: Vec<(String, String)> = c
                .current()
                .map(|x| {
                    x.candidates
                        .iter()
                        .flat_map(|k| {
                            k.evidence_hashes
                                .iter()
                                .cloned()
                                .zip(k.evidence.iter().cloned())
                        })
                        .collect()
                })
                .unwrap_or_default();
            if files.is_empty() {
                app.say(StatusKind::Info, tr(lang, s::NO_EVIDENCE_HERE));
                return Vec::new();
            }
            let k = c.evidence_at % files.len();
            c.evidence_at = k + 1;
            let (hash, name) = files[k].clone();
            app.say(
                StatusKind::Info,
                s::opening_evidence(lang, &name, k + 1, files.len()),
            );
            return vec![Effect::OpenEvidence { hash, name }];
        }
        Msg::Command(C::OtherValue) if c.current().is_some() => {
            c.pick = None;
            c.typing = Some(Typing::Value);
        }
        Msg::Command(C::Back) => {
            // Back to the list, on this conflict's row.
            if let Some(k) = here {
                c.selected = k;
            }
            c.view = View::List;
            c.clear_choice();
        }
        other => unused_key(app, &other),
    }
    Vec::new()
}

/// The open conflicts and their words.
pub fn loaded(app: &mut App, list: Vec<SlotConflict>, wording: Wording) {
    if let Screen::Conflicts(c) = &mut app.screen {
        c.wording = wording;
        c.set_list(list);
        let focus = std::mem::take(&mut c.focus);
        if !focus.is_empty()
            && let Some(k) = c
                .visible()
                .iter()
                .position(|&i| focus.contains(&c.list[i].assessment))
        {
            c.selected = k;
        }
    }
}

/// A resolution is saved: back on the list, refreshed, the cursor on the row where the
/// resolved conflict was (now the next one).
pub fn resolved(app: &mut App, indicator: &str, list: Vec<SlotConflict>) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Conflicts(c) = &mut app.screen else {
        return Vec::new();
    };
    c.clear_choice();
    c.view = View::List;
    c.set_list(list);
    let left = c.list.len();
    app.say(StatusKind::Saved, s::resolved(lang, indicator, left));
    vec![Effect::LoadHome]
}
