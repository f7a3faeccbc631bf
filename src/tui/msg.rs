//! Everything [`super::update::update`] reads: a bound key's [`Command`], the keys no
//! command takes (a character on the checklist or the conflict view, a key for the focused
//! text field), a new terminal size, a tick for background work, a long job's progress, and
//! the result of an effect. Only the first three come from the keyboard; none can be bound.

use ratatui::crossterm::event::KeyEvent;

use super::command::Command;
use super::effect::Outcome;

#[derive(Debug)]
pub enum Msg {
    /// A key the keymap binds in the current mode.
    Command(Command),
    /// A character key no command uses, pressed on the checklist (an answer when it is a
    /// key of the indicator's scale) or on the conflict view (a candidate's number).
    Char(char),
    /// A key for the focused text field or editor.
    Text(KeyEvent),
    /// The terminal's size (columns, rows), at start and on every resize.
    Resize(u16, u16),
    /// Do the next piece of background work (one file of an inbox import).
    Tick,
    /// Every waiting key was handled (the input is drained): the moment to keep what a
    /// burst of typing changed, such as a note's draft (issue 16).
    Idle,
    /// A long job (export, sync, report) has done `done` of `total`.
    Progress { done: u64, total: u64 },
    /// The result of an effect run against the workspace.
    Done(Box<Outcome>),
}

impl From<Command> for Msg {
    fn from(c: Command) -> Msg {
        Msg::Command(c)
    }
}

impl From<Outcome> for Msg {
    fn from(o: Outcome) -> Msg {
        Msg::Done(Box::new(o))
    }
}
