//! The review-state dialog over the home screen (supervisor, issue 6): received, needs
//! revision (with a comment, which the assessor sees), approved.

use ratatui::crossterm::event::KeyCode;
use tui_input::Input;

use crate::core::op::ReviewState;
use crate::i18n::inert;
use crate::present::tui::supervisor::{COMMENT_REQUIRED, REVIEW_SAVED};
use crate::present::tui::tr;
use crate::workspace::Summary;

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::msg::Msg;
use super::type_into;

/// The choices, in the dialog's order.
pub const REVIEW_STATES: [ReviewState; 3] = [
    ReviewState::Received,
    ReviewState::NeedsRevision,
    ReviewState::Approved,
];

/// The review-state dialog over the home screen.
#[derive(Debug)]
pub struct ReviewDialog {
    pub id: String,
    pub label: String,
    /// 0 received, 1 needs revision, 2 approved.
    pub choice: usize,
    pub comment: Input,
    /// 0 the choice, 1 the comment.
    pub focus: usize,
}

impl ReviewDialog {
    /// The dialog for an assessment, on its current state (approved when it has none).
    #[must_use]
    pub fn for_assessment(sm: &Summary) -> ReviewDialog {
        let choice = REVIEW_STATES
            .iter()
            .position(|r| Some(*r) == sm.review)
            .unwrap_or(2);
        ReviewDialog {
            id: sm.id.clone(),
            label: format!(
                "{} › {}",
                inert(&sm.pemda_name, false),
                inert(&sm.lokus_name, false)
            ),
            choice,
            comment: Input::default(),
            focus: 0,
        }
    }
}

/// A key on the dialog.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Some(d) = app.home.review.as_mut() else {
        return Vec::new();
    };
    match msg {
        Msg::Command(C::Cancel) => app.home.review = None,
        Msg::Command(C::NextField | C::PrevField) => d.focus = 1 - d.focus,
        Msg::Command(C::Up) if d.focus == 0 => d.choice = d.choice.saturating_sub(1),
        Msg::Command(C::Down) if d.focus == 0 => d.choice = (d.choice + 1).min(2),
        Msg::Command(C::Up | C::Down) => d.focus = 0,
        Msg::Text(k) if d.focus == 1 => {
            type_into(&mut d.comment, k);
        }
        Msg::Text(k) => match k.code {
            KeyCode::Char(c @ '1'..='3') => d.choice = (c as usize) - ('1' as usize),
            KeyCode::Char(_) => {
                // Typing goes into the comment.
                d.focus = 1;
                type_into(&mut d.comment, k);
            }
            _ => {}
        },
        Msg::Command(C::Submit) => {
            let state = REVIEW_STATES[d.choice.min(2)];
            let comment = d.comment.value().trim().to_string();
            if state == ReviewState::NeedsRevision && comment.is_empty() {
                let again = d.focus == 1;
                d.focus = 1;
                if again {
                    app.say(StatusKind::Error, tr(lang, COMMENT_REQUIRED));
                }
                return Vec::new();
            }
            return vec![Effect::SetReview {
                id: d.id.clone(),
                state,
                comment,
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// The review state is saved: close the dialog, read home again.
pub fn reviewed(app: &mut App) -> Vec<Effect> {
    app.home.review = None;
    app.say(StatusKind::Saved, tr(app.lang, REVIEW_SAVED));
    vec![Effect::LoadHome]
}
