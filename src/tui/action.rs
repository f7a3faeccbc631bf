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
    // ---- everywhere -------------------------------------------------------------------
    Quit,
    Help,
    /// Close an overlay (help).
    Close,
    /// Leave the current screen for the one before it.
    Back,
    Up,
    Down,
    Top,
    Bottom,

    // ---- home -------------------------------------------------------------------------
    Open,
    New,
    Filter,

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
    NextDimension,
    PrevDimension,
    ScrollDown,
    ScrollUp,

    // ---- review -----------------------------------------------------------------------
    Finalize,

    // ---- forms, prompts, editor -------------------------------------------------------
    Submit,
    NextField,
    PrevField,
    Cancel,
    Save,

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

    /// The name used in the keymap file, for bindable commands.
    #[must_use]
    pub fn name(&self) -> Option<String> {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
    }
}
