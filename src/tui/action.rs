//! What the UI is asked to do: the commands a key can be bound to (named in the keymap file by
//! their snake_case serde names) and the few inputs that are not bindable — an answer key from
//! the instrument's scale, a key typed into a text field, a new terminal size, and the result
//! of an effect. [`super::update::update`] consumes every one of them.
//!
//! To add a command (say `export` once bundles exist): add a variant here, a label in
//! `strings.rs`, a default key in `assets/keymap.default.toml`, and its arm in `update.rs`.

use ratatui::crossterm::event::KeyEvent;
use serde::{Deserialize, Serialize};

use super::effect::Outcome;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    // Declared in the order the help overlay lists them: what a screen is for first,
    // moving around next, leaving last.

    // ---- home -------------------------------------------------------------------------
    Open,
    New,
    Filter,
    /// Export a bundle (home).
    Export,
    /// Sync through a folder (home).
    Sync,
    /// The report screen (home).
    Report,

    // ---- checklist --------------------------------------------------------------------
    NotApplicable,
    Note,
    Attach,
    Flag,
    Undo,
    NextUnanswered,
    PrevUnanswered,
    Search,
    Review,

    // ---- review -----------------------------------------------------------------------
    Finalize,

    // ---- forms, prompts, editor -------------------------------------------------------
    Submit,
    Save,
    NextField,
    PrevField,

    // ---- moving around ----------------------------------------------------------------
    Up,
    Down,
    Top,
    Bottom,
    NextDimension,
    PrevDimension,
    ScrollDown,
    ScrollUp,

    // ---- leaving ----------------------------------------------------------------------
    /// Leave the current screen for the one before it.
    Back,
    Cancel,
    /// Close an overlay (help).
    Close,
    Help,
    Quit,

    // --- supervisor (issue 6) ---
    /// Home → the inbox of bundle files.
    Inbox,
    /// Home → the dashboard per pemda and lokus.
    Dashboard,
    /// Home → the conflict view.
    Conflicts,
    /// Home → the trust roster.
    Trust,
    /// Home: set the review state of the selected assessment.
    SetReview,
    /// Inbox: pick bundle files or a folder to import.
    Import,
    /// Inbox: re-process quarantined bundles.
    Retry,
    /// Inbox: trust the signer of the selected bundle.
    TrustKey,
    /// Dashboard: only rows that need attention.
    ProblemsOnly,
    /// Conflict view: enter a value other than the candidates.
    OtherValue,
    NextConflict,
    PrevConflict,
    /// Trust roster: remove the selected entry.
    Remove,
    /// Not bindable: do the next piece of background work (one bundle file).
    #[serde(skip)]
    Step,
    // --- end supervisor ---

    // ---- not bindable -----------------------------------------------------------------
    /// A character key no command uses, pressed on the checklist: an answer when it is a key
    /// of the indicator's scale.
    #[serde(skip)]
    Answer(char),
    /// A key for the focused text field or editor.
    #[serde(skip)]
    Text(KeyEvent),
    /// The terminal's size (columns, rows), at start and on every resize.
    #[serde(skip)]
    Resize(u16, u16),
    /// The result of an effect run against the workspace.
    #[serde(skip)]
    Done(Box<Outcome>),
}

impl Action {
    /// Same command (ignoring payloads): used to look bindings up.
    #[must_use]
    pub fn same(&self, other: &Action) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }

    /// Position in the declaration order (the help overlay's order).
    #[must_use]
    pub fn rank(&self) -> u8 {
        match self {
            Action::Open => 0,
            Action::New => 1,
            Action::Filter => 2,
            Action::NotApplicable => 3,
            Action::Note => 4,
            Action::Attach => 5,
            Action::Flag => 6,
            Action::Undo => 7,
            Action::NextUnanswered => 8,
            Action::PrevUnanswered => 9,
            Action::Search => 10,
            Action::Review => 11,
            Action::Finalize => 12,
            Action::Submit => 13,
            Action::Save => 14,
            Action::NextField => 15,
            Action::PrevField => 16,
            Action::Up => 17,
            Action::Down => 18,
            Action::Top => 19,
            Action::Bottom => 20,
            Action::NextDimension => 21,
            Action::PrevDimension => 22,
            Action::ScrollDown => 23,
            Action::ScrollUp => 24,
            Action::Back => 25,
            Action::Cancel => 26,
            Action::Close => 27,
            Action::Help => 28,
            Action::Quit => 29,
            Action::Export => 31,
            Action::Sync => 32,
            Action::Report => 33,
            // --- supervisor (issue 6) ---
            Action::Inbox => 41,
            Action::Dashboard => 42,
            Action::Conflicts => 43,
            Action::Trust => 44,
            Action::SetReview => 45,
            Action::Import => 46,
            Action::Retry => 47,
            Action::TrustKey => 48,
            Action::ProblemsOnly => 49,
            Action::OtherValue => 50,
            Action::NextConflict => 51,
            Action::PrevConflict => 52,
            Action::Remove => 53,
            Action::Step => 70,
            // --- end supervisor ---
            Action::Answer(_) | Action::Text(_) | Action::Resize(..) | Action::Done(_) => 70,
        }
    }

    /// The name used in the keymap file, for bindable commands.
    #[must_use]
    pub fn name(&self) -> Option<String> {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
    }
}
