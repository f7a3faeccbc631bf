//! The supervisor's dashboard (issue 6): one row per pemda and lokus with the counts that
//! need attention, a text filter, and a "problems only" switch. The filter and the switch
//! stay for the next visit.

use tui_input::Input;

use crate::workspace::DashRow;

use super::super::app::App;
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::{Screen, type_into, unused_key};

#[derive(Debug, Default)]
pub struct DashState {
    pub rows: Vec<DashRow>,
    pub selected: usize,
    pub filter: Input,
    pub filtering: bool,
    pub problems_only: bool,
}

impl DashState {
    /// The rows that pass the switch and the filter (every word must match).
    #[must_use]
    pub fn visible(&self) -> Vec<&DashRow> {
        let q = self.filter.value().to_lowercase();
        let words: Vec<&str> = q.split_whitespace().collect();
        self.rows
            .iter()
            .filter(|r| !self.problems_only || r.has_problems())
            .filter(|r| {
                let hay = format!("{} {} {}", r.pemda_name, r.lokus_name, r.pemda).to_lowercase();
                words.iter().all(|w| hay.contains(w))
            })
            .collect()
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
}

/// A key on the dashboard.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
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
            }
            _ => {}
        }
        return Vec::new();
    }
    let n = d.visible().len();
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
        Msg::Command(C::Back) => {
            app.go_home();
            return vec![Effect::LoadHome];
        }
        other => unused_key(app, &other),
    }
    Vec::new()
}

/// The dashboard's rows.
pub fn loaded(app: &mut App, rows: Vec<DashRow>) {
    if let Screen::Dashboard(d) = &mut app.screen {
        d.rows = rows;
        let n = d.visible().len();
        d.selected = d.selected.min(n.saturating_sub(1));
    }
}
