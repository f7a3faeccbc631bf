//! The supervisor's dashboard (issues 6, 14): one row per pemda (its lokus, score and
//! category as `tilik report` has them, conflicts, review states); Enter shows the pemda's
//! lokus rows with the counts that need attention, Enter on a lokus opens its assessment
//! and `x` its conflicts; Esc goes back up. A text filter, a "problems only" switch and a
//! review-state filter narrow both levels; they stay for the next visit, as does the level.

use tui_input::Input;

use crate::core::review::ReviewStatus;
use crate::present::tui::supervisor as s;
use crate::present::tui::tr;
use crate::workspace::{DashItem, DashRow, PemdaDash};

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::{Screen, type_into, unused_key};

#[derive(Debug, Default)]
pub struct DashState {
    pub pemda: Vec<PemdaDash>,
    /// The pemda (code) whose lokus rows are shown; `None` for the pemda list.
    pub open: Option<String>,
    /// Index into the visible rows of the level shown.
    pub selected: usize,
    /// The pemda list's selection, kept while its lokus are shown.
    pub pemda_selected: usize,
    pub filter: Input,
    pub filtering: bool,
    pub problems_only: bool,
    /// Only assessments in this review state (`None`: all).
    pub review: Option<ReviewStatus>,
}

/// The review-state filter after `s`: all, then every state in the docs' order.
#[must_use]
pub fn next_review(s: Option<ReviewStatus>) -> Option<ReviewStatus> {
    let all = ReviewStatus::ALL;
    match s {
        None => Some(all[0]),
        Some(x) => all
            .iter()
            .position(|&y| y == x)
            .and_then(|i| all.get(i + 1).copied()),
    }
}

impl DashState {
    /// The lokus row passes the switch, the review-state filter and the text filter.
    fn passes(&self, p: &PemdaDash, r: &DashRow) -> bool {
        if self.problems_only && !r.has_problems() {
            return false;
        }
        if let Some(st) = self.review
            && r.in_state(st) == 0
        {
            return false;
        }
        let q = self.filter.value().to_lowercase();
        let hay = format!("{} {} {}", p.pemda_name, r.lokus_name, p.pemda).to_lowercase();
        q.split_whitespace().all(|w| hay.contains(w))
    }

    /// The pemda with at least one lokus row that passes.
    #[must_use]
    pub fn visible_pemda(&self) -> Vec<&PemdaDash> {
        self.pemda
            .iter()
            .filter(|p| p.lokus.iter().any(|r| self.passes(p, r)))
            .collect()
    }

    /// The pemda whose lokus are shown.
    #[must_use]
    pub fn opened(&self) -> Option<&PemdaDash> {
        let code = self.open.as_ref()?;
        self.pemda.iter().find(|p| &p.pemda == code)
    }

    /// The shown pemda's lokus rows that pass.
    #[must_use]
    pub fn visible_lokus(&self) -> Vec<&DashRow> {
        self.opened().map_or_else(Vec::new, |p| {
            p.lokus.iter().filter(|r| self.passes(p, r)).collect()
        })
    }

    /// Rows on the level shown.
    #[must_use]
    pub fn visible_len(&self) -> usize {
        if self.open.is_some() {
            self.visible_lokus().len()
        } else {
            self.visible_pemda().len()
        }
    }

    /// The selected pemda row (pemda list only).
    #[must_use]
    pub fn current_pemda(&self) -> Option<&PemdaDash> {
        if self.open.is_some() {
            return None;
        }
        self.visible_pemda().get(self.selected).copied()
    }

    /// The selected lokus row (lokus list only).
    #[must_use]
    pub fn current_lokus(&self) -> Option<&DashRow> {
        self.visible_lokus().get(self.selected).copied()
    }

    /// The assessment Enter opens on a lokus row: the newest in the review state filtered
    /// for, or the newest.
    #[must_use]
    pub fn item_of<'a>(&self, r: &'a DashRow) -> Option<&'a DashItem> {
        r.items
            .iter()
            .find(|i| self.review.is_none_or(|st| i.state() == st))
    }

    /// The key bindings: the filter prompt's or the dashboard's.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.filtering {
            Mode::Prompt
        } else {
            Mode::Dashboard
        }
    }

    fn clamp(&mut self) {
        let n = self.visible_len();
        self.selected = self.selected.min(n.saturating_sub(1));
    }
}

/// A key on the dashboard.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Dashboard(d) = &mut app.screen else {
        return Vec::new();
    };
    if d.filtering {
        match msg {
            Msg::Text(k) => {
                let changed = type_into(&mut d.filter, k);
                if changed {
                    d.selected = 0;
                }
            }
            Msg::Command(C::Submit) => d.filtering = false,
            Msg::Command(C::Cancel) => {
                d.filtering = false;
                d.filter.reset();
                d.clamp();
            }
            _ => {}
        }
        return Vec::new();
    }
    let n = d.visible_len();
    match msg {
        Msg::Command(C::Up) => d.selected = d.selected.saturating_sub(1),
        Msg::Command(C::Down) => d.selected = (d.selected + 1).min(n.saturating_sub(1)),
        Msg::Command(C::Top) => d.selected = 0,
        Msg::Command(C::Bottom) => d.selected = n.saturating_sub(1),
        Msg::Command(C::Filter) => d.filtering = true,
        Msg::Command(C::ProblemsOnly) => {
            d.problems_only = !d.problems_only;
            d.selected = 0;
        }
        Msg::Command(C::ReviewFilter) => {
            d.review = next_review(d.review);
            d.selected = 0;
            let text = s::review_filter_set(lang, d.review);
            app.say(StatusKind::Info, text);
        }
        Msg::Command(C::Open) => return open(app),
        Msg::Command(C::Conflicts) => return conflicts(app),
        Msg::Command(C::Back) => {
            if d.open.is_some() {
                d.open = None;
                d.selected = d.pemda_selected;
                d.clamp();
            } else {
                app.go_home();
                return vec![Effect::LoadHome];
            }
        }
        other => unused_key(app, &other),
    }
    Vec::new()
}

/// Enter: a pemda's lokus, or a lokus's assessment (the dashboard is parked meanwhile).
fn open(app: &mut App) -> Vec<Effect> {
    let Screen::Dashboard(d) = &mut app.screen else {
        return Vec::new();
    };
    if let Some(code) = d.current_pemda().map(|p| p.pemda.clone()) {
        d.pemda_selected = d.selected;
        d.open = Some(code);
        d.selected = 0;
        return Vec::new();
    }
    let Some(id) = d
        .current_lokus()
        .and_then(|r| d.item_of(r))
        .map(|i| i.id.clone())
    else {
        return Vec::new();
    };
    app.go_home();
    vec![Effect::Open {
        id,
        indicator: None,
    }]
}

/// `x`: the conflict view at the first conflict of the selected lokus (or pemda).
fn conflicts(app: &mut App) -> Vec<Effect> {
    let Screen::Dashboard(d) = &app.screen else {
        return Vec::new();
    };
    let (count, ids): (usize, Vec<String>) = if let Some(p) = d.current_pemda() {
        (
            p.conflicts(),
            p.lokus
                .iter()
                .flat_map(|r| r.items.iter().map(|i| i.id.clone()))
                .collect(),
        )
    } else if let Some(r) = d.current_lokus() {
        (r.conflicts, r.items.iter().map(|i| i.id.clone()).collect())
    } else {
        return Vec::new();
    };
    if count == 0 {
        app.say(StatusKind::Info, tr(app.lang, s::DASH_NO_CONFLICTS));
        return Vec::new();
    }
    app.go_home();
    app.revisit(Screen::Conflicts(Box::default()));
    if let Screen::Conflicts(c) = &mut app.screen {
        c.clear_choice();
        // One assessment: only its conflicts; a pemda: the list, on its first conflict.
        let scope = (ids.len() == 1).then(|| ids[0].clone());
        c.enter(scope, super::conflicts::Back::Dashboard);
        c.focus_on(ids);
    }
    vec![Effect::LoadConflicts]
}

/// The dashboard's rows.
pub fn loaded(app: &mut App, pemda: Vec<PemdaDash>) {
    if let Screen::Dashboard(d) = &mut app.screen {
        d.pemda = pemda;
        if d.opened().is_none() {
            d.open = None;
        }
        d.clamp();
    }
}
