//! The screens. Each module holds one screen's state, the update that reads keys on it and
//! the outcomes it waits for; `ui/<same name>.rs` draws it. Dialogs are popups on the
//! screen they belong to (the note, evidence and search popups on the checklist, the
//! review-state dialog on home, the add-a-key form on the trust roster or the inbox); the
//! review screen is a mode of the checklist; help is an overlay on any screen.
//!
//! Screen updates may read their own state, the [`App`]'s shared parts and pure functions
//! (an instrument's scale, the region search); anything else is an [`super::effect::Effect`].

pub mod checklist;
pub mod conflicts;
pub mod dashboard;
pub mod export;
pub mod first_run;
pub mod help;
pub mod home;
pub mod inbox;
pub mod new_assessment;
pub mod popup;
pub mod receipt;
pub mod report;
pub mod respondents;
pub mod review;
pub mod review_state;
pub mod trust;

use ratatui::crossterm::event::{Event, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::present::tui::{key_unused, tools, tr};

use super::app::{App, Progress, StatusKind};
use super::command::Command;
use super::effect::Effect;
use super::keymap::Mode;
use super::msg::Msg;

use checklist::Checklist;
use conflicts::ConflictState;
use dashboard::DashState;
use export::BundleForm;
use first_run::IdentityForm;
use home::HomeState;
use inbox::InboxState;
use new_assessment::NewForm;
use receipt::Receipt;
use report::ReportView;
use respondents::Respondents;
use trust::TrustState;

/// The screen on display.
#[derive(Debug)]
pub enum Screen {
    /// Before the first data arrives.
    Loading,
    FirstRun(Box<IdentityForm>),
    /// The new identity's fingerprint, once.
    Welcome,
    /// The home screen (its state is `App::home`, since home stays under every screen).
    Home,
    New(Box<NewForm>),
    /// An open assessment, with its review screen.
    Checklist(Box<Checklist>),
    /// The export or the sync form.
    Export(Box<BundleForm>),
    /// What an export or a sync did.
    Receipt(Box<Receipt>),
    Report(Box<ReportView>),
    // --- supervisor (issue 6) ---
    Inbox(Box<InboxState>),
    Dashboard(Box<DashState>),
    Conflicts(Box<ConflictState>),
    Trust(Box<TrustState>),
    // --- respondents (issue 15) ---
    /// The respondents of an open assessment's surveys (back to its checklist).
    Respondents(Box<Respondents>),
}

impl Screen {
    /// The key bindings of the screen (home's state is `App::home`).
    #[must_use]
    pub fn mode(&self, home: &HomeState) -> Mode {
        match self {
            Screen::Loading => Mode::Global,
            Screen::Home => home.mode(),
            Screen::FirstRun(_) | Screen::New(_) | Screen::Export(_) => Mode::Form,
            Screen::Welcome => Mode::Message,
            Screen::Checklist(c) => c.mode(),
            Screen::Receipt(_) | Screen::Report(_) => Mode::Report,
            Screen::Inbox(ib) => ib.mode(),
            Screen::Dashboard(d) => d.mode(),
            Screen::Conflicts(c) => c.mode(),
            Screen::Trust(t) => t.mode(),
            Screen::Respondents(r) => r.mode(),
        }
    }

    /// Left for home, the screen keeps its state for the next visit.
    #[must_use]
    pub fn kept(&self) -> bool {
        matches!(
            self,
            Screen::Inbox(_) | Screen::Dashboard(_) | Screen::Conflicts(_) | Screen::Trust(_)
        )
    }
}

/// Feed a key to a one-line input. Returns whether the text changed.
pub fn type_into(input: &mut Input, key: KeyEvent) -> bool {
    to_input_request(&Event::Key(key))
        .and_then(|r| input.handle(r))
        .is_some_and(|c| c.value)
}

/// A character key that does nothing on this screen: say so, with the help key.
pub fn unused_key(app: &mut App, msg: &Msg) {
    if let Msg::Char(c) = msg {
        let help = app.keymap.hint_key(Mode::Global, Command::Help);
        app.say(StatusKind::Info, key_unused(app.lang, *c, help.as_deref()));
    }
}

/// Start a long job (export, sync, report): its gauge shows until the outcome comes back.
pub fn long_job(app: &mut App, e: Effect) -> Vec<Effect> {
    let label = match &e {
        Effect::Export { .. } => tools::EXPORTING,
        Effect::Sync { .. } => tools::SYNCING,
        Effect::Report => tools::COMPUTING_REPORT,
        _ => return vec![e],
    };
    app.progress = Some(Progress {
        label: tr(app.lang, label).into(),
        done: 0,
        total: 0,
    });
    vec![e]
}
