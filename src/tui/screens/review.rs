//! The review screen of an open assessment: its flagged, conflicting and unanswered
//! indicators (Enter goes to one), and finalizing, refused with the reason while any
//! indicator is unanswered, and asked once in a dialog (the checklist's `Popup::Finalize`)
//! that lists the flagged indicators and the notes. Its state is the checklist's `review`
//! selection.

use crate::present::tui::checklist as s;
use crate::present::tui::tr;
use crate::workspace::AssessmentStatus;

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::msg::Msg;
use super::Screen;
use super::checklist::move_to;
use super::popup::Popup;

/// One line of the review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKind {
    Unanswered,
    Flagged,
    Conflict,
    /// An indicator with a supervisor comment (issue 14).
    Commented,
}

/// A key on the review screen.
pub fn update(app: &mut App, msg: &Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    let items = c.review_items();
    let sel = c.review.unwrap_or(0);
    match msg {
        Msg::Command(C::Up) => c.review = Some(sel.saturating_sub(1)),
        Msg::Command(C::Down) => c.review = Some((sel + 1).min(items.len().saturating_sub(1))),
        Msg::Command(C::Top) => c.review = Some(0),
        Msg::Command(C::Bottom) => c.review = Some(items.len().saturating_sub(1)),
        Msg::Command(C::Back | C::Review) => c.review = None,
        Msg::Command(C::Open) => {
            if let Some(&(_, i)) = items.get(sel) {
                c.review = None;
                return move_to(c, i);
            }
        }
        Msg::Command(C::Finalize) => {
            let left = c.view.detail.score.unanswered.len();
            if left > 0 {
                app.say(StatusKind::Error, s::finalize_blocked(lang, left));
            } else if c.view.detail.summary.status == AssessmentStatus::Final {
                app.say(StatusKind::Info, tr(lang, s::FINAL_DONE));
            } else {
                // Asked once, with the flags and notes to follow up (issue 16).
                c.popup = Some(Popup::Finalize);
            }
        }
        _ => {}
    }
    Vec::new()
}
