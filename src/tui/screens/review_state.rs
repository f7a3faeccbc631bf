//! The review-state dialog over the home screen (supervisor, issues 6 and 14): received,
//! needs revision or rejected (with a comment, which the assessor sees), approved. Nothing
//! is preselected; approving an assessment with something open (a draft, conflicts, held
//! ops) shows what is open and asks for a reason before it is saved.

use ratatui::crossterm::event::KeyCode;
use tui_input::Input;

use crate::core::op::ReviewState;
use crate::core::review::ReviewStatus;
use crate::i18n::inert;
use crate::present::tui::supervisor::{
    CHOOSE_STATE, COMMENT_REQUIRED, GUARD_REASON_REQUIRED, REVIEW_SAVED, guard_status,
};
use crate::present::tui::tr;
use crate::workspace::{OpenItems, Summary};

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::msg::Msg;
use super::type_into;

/// The choices, in the dialog's order.
pub const REVIEW_STATES: [ReviewState; 4] = [
    ReviewState::Received,
    ReviewState::NeedsRevision,
    ReviewState::Approved,
    ReviewState::Rejected,
];

/// The review-state dialog over the home screen.
#[derive(Debug)]
pub struct ReviewDialog {
    pub id: String,
    pub label: String,
    /// The assessment's current (derived) state, shown; never preselected.
    pub current: Option<ReviewStatus>,
    /// The state chosen, by index into [`REVIEW_STATES`]; nothing until the user picks.
    pub choice: Option<usize>,
    pub comment: Input,
    /// 0 the choice, 1 the comment.
    pub focus: usize,
    /// Set when approving met the guard: what is open. The field then holds the reason.
    pub guard: Option<OpenItems>,
}

impl ReviewDialog {
    /// The dialog for an assessment, with nothing chosen.
    #[must_use]
    pub fn for_assessment(sm: &Summary) -> ReviewDialog {
        ReviewDialog {
            id: sm.id.clone(),
            label: format!(
                "{} › {}",
                inert(&sm.pemda_name, false),
                inert(&sm.lokus_name, false)
            ),
            current: sm.review,
            choice: None,
            comment: Input::default(),
            focus: 0,
            guard: None,
        }
    }

    fn pick(&mut self, i: usize) {
        let i = i.min(REVIEW_STATES.len() - 1);
        if self.choice != Some(i) {
            // A warning belongs to the approval it was shown for.
            self.guard = None;
        }
        self.choice = Some(i);
    }
}

/// A key on the dialog.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Some(d) = app.home.review.as_mut() else {
        return Vec::new();
    };
    let last = REVIEW_STATES.len() - 1;
    match msg {
        Msg::Command(C::Cancel) => app.home.review = None,
        Msg::Command(C::NextField | C::PrevField) => d.focus = 1 - d.focus,
        Msg::Command(C::Up) if d.focus == 0 => {
            let i = d.choice.map_or(0, |c| c.saturating_sub(1));
            d.pick(i);
        }
        Msg::Command(C::Down) if d.focus == 0 => {
            let i = d.choice.map_or(0, |c| (c + 1).min(last));
            d.pick(i);
        }
        Msg::Command(C::Up | C::Down) => d.focus = 0,
        Msg::Text(k) if d.focus == 1 => {
            type_into(&mut d.comment, k);
        }
        Msg::Text(k) => match k.code {
            KeyCode::Char(c @ '1'..='4') => d.pick((c as usize) - ('1' as usize)),
            KeyCode::Char(_) => {
                // Typing goes into the comment.
                d.focus = 1;
                type_into(&mut d.comment, k);
            }
            _ => {}
        },
        Msg::Command(C::Submit) => {
            let Some(choice) = d.choice else {
                app.say(StatusKind::Error, tr(lang, CHOOSE_STATE));
                return Vec::new();
            };
            let state = REVIEW_STATES[choice.min(last)];
            let text = d.comment.value().trim().to_string();
            if d.guard.is_some() {
                if text.is_empty() {
                    d.focus = 1;
                    app.say(StatusKind::Error, tr(lang, GUARD_REASON_REQUIRED));
                    return Vec::new();
                }
                return vec![Effect::SetReview {
                    id: d.id.clone(),
                    state,
                    comment: String::new(),
                    force: Some(text),
                }];
            }
            let needs = matches!(state, ReviewState::NeedsRevision | ReviewState::Rejected);
            if needs && text.is_empty() {
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
                comment: text,
                force: None,
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

/// Approving met the guard: show what is open and ask for a reason in the field.
pub fn guarded(app: &mut App, open: OpenItems) -> Vec<Effect> {
    let lang = app.lang;
    if let Some(d) = app.home.review.as_mut() {
        d.comment = Input::default();
        d.focus = 1;
        let what = crate::present::review::open_items(&open, lang);
        d.guard = Some(open);
        app.say(StatusKind::Error, guard_status(lang, &what));
    }
    Vec::new()
}
