//! The report screen: the pemda ranking of the newest round, then a pemda's lokus, then a
//! lokus's indicators with the assessors' notes; the same figures as `tilik report`.

use crate::core::report::Report;

use super::super::app::App;
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::msg::Msg;
use super::{Screen, long_job};

/// One level of the report screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Ranking,
    Pemda(usize),
    Lokus(usize, usize),
}

#[derive(Debug)]
pub struct ReportView {
    pub report: Report,
    pub level: Level,
    pub selected: usize,
    /// Selection to return to on the level above.
    pub back: Vec<usize>,
}

impl ReportView {
    /// Rows at the current level.
    #[must_use]
    pub fn rows(&self) -> usize {
        let r = &self.report;
        match self.level {
            Level::Ranking => r.pemda.len(),
            Level::Pemda(p) => r.pemda.get(p).map_or(0, |x| x.lokus.len()),
            Level::Lokus(p, l) => r
                .pemda
                .get(p)
                .and_then(|x| x.lokus.get(l))
                .map_or(0, |x| x.indicators.len()),
        }
    }
}

/// Compute the report (a long job); the screen opens when it is there.
pub fn start(app: &mut App) -> Vec<Effect> {
    long_job(app, Effect::Report)
}

/// The report is computed: show its ranking.
pub fn opened(app: &mut App, report: Report) {
    app.progress = None;
    app.screen = Screen::Report(Box::new(ReportView {
        report,
        level: Level::Ranking,
        selected: 0,
        back: Vec::new(),
    }));
}

/// A key on the report screen.
pub fn update(app: &mut App, msg: &Msg) {
    let Screen::Report(v) = &mut app.screen else {
        return;
    };
    let n = v.rows();
    match msg {
        Msg::Command(C::Up) => v.selected = v.selected.saturating_sub(1),
        Msg::Command(C::Down) => v.selected = (v.selected + 1).min(n.saturating_sub(1)),
        Msg::Command(C::Top) => v.selected = 0,
        Msg::Command(C::Bottom) => v.selected = n.saturating_sub(1),
        Msg::Command(C::Open) => {
            let next = match v.level {
                Level::Ranking if n > 0 => Some(Level::Pemda(v.selected)),
                Level::Pemda(p) if n > 0 => Some(Level::Lokus(p, v.selected)),
                _ => None,
            };
            if let Some(l) = next {
                v.back.push(v.selected);
                v.level = l;
                v.selected = 0;
            }
        }
        Msg::Command(C::Back | C::Cancel) => {
            v.level = match v.level {
                Level::Ranking => {
                    app.screen = Screen::Home;
                    return;
                }
                Level::Pemda(_) => Level::Ranking,
                Level::Lokus(p, _) => Level::Pemda(p),
            };
            v.selected = v.back.pop().unwrap_or(0);
        }
        _ => {}
    }
}
