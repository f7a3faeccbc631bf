//! What a key can be bound to: the commands of the keymap file (`assets/keymap.default.toml`
//! and the user's `keymap.toml`), named there by their snake_case serde names. The help
//! overlay lists them in declaration order, with their words from
//! [`crate::present::tui::commands`]; the status-bar hints use the same words. A command is
//! only a name: what it does depends on the screen, in `screens/`.
//!
//! To add one: a variant here (where the help overlay should list it), its words in
//! `present/tui/commands.rs`, a default key in `assets/keymap.default.toml`, and its arm in
//! the screens that take it.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;
use crate::present::tui::commands::{self as w, Words};

use super::keymap::Mode;
use crate::present::tui::tr;

/// A bindable command. The order is the help overlay's: what a screen is for first, moving
/// around next, leaving last, then the home screen's tools and the supervisor's commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    // ---- home -------------------------------------------------------------------------
    Open,
    New,
    Filter,

    // ---- checklist --------------------------------------------------------------------
    NotApplicable,
    Note,
    Attach,
    /// Checklist → the list of the indicator's attachments (issue 16).
    Evidence,
    Flag,
    Undo,
    NextUnanswered,
    PrevUnanswered,
    Search,
    Review,
    /// Reply to the supervisor's comment on the current indicator (issue 14).
    Reply,
    /// The assessment's audit trail (issue 14): who, what, when, old → new, why.
    AuditLog,

    // ---- review -----------------------------------------------------------------------
    Finalize,

    // ---- respondents (issue 15) -----------------------------------------------------------
    /// Checklist → the respondents screen of the assessment's surveys.
    Respondents,
    /// Respondents: the next (new) respondent, code suggested.
    NextRespondent,
    NextQuestion,
    PrevQuestion,
    NextSurvey,
    PrevSurvey,
    /// Respondents: clear the selected answer.
    ClearResponse,
    /// Respondents: the new row's channel (telepon, tatap muka, tertutup).
    Channel,
    /// Respondents: the new row's role (officials).
    Role,
    /// Respondents: attach proof of service.
    Proof,
    RemoveRespondent,

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

    // ---- home: tools ------------------------------------------------------------------
    /// Export a bundle.
    Export,
    /// Sync through a folder.
    Sync,
    /// The report screen.
    Report,

    // ---- supervisor (issue 6) ---------------------------------------------------------
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
    /// Dashboard: cycle the review-state filter (issue 14).
    ReviewFilter,
    /// Conflict view: enter a value other than the candidates.
    OtherValue,
    NextConflict,
    PrevConflict,
    /// Trust roster: remove the selected entry.
    Remove,
}

impl Command {
    /// The command a keymap file names, if any.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Command> {
        Command::deserialize(
            serde::de::value::StrDeserializer::<serde::de::value::Error>::new(name),
        )
        .ok()
    }

    /// The name used in the keymap file.
    #[must_use]
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// A command only a supervisor identity (or `tilik --supervisor`) has: the help of an
    /// assessor does not list it (issue 16).
    #[must_use]
    pub fn supervisor_only(self) -> bool {
        matches!(
            self,
            Command::Inbox
                | Command::Dashboard
                | Command::Conflicts
                | Command::Trust
                | Command::SetReview
        )
    }

    /// Short label for the status bar's hints.
    #[must_use]
    pub fn label(self, lang: Lang) -> &'static str {
        tr(lang, self.words().label)
    }

    /// What the command does, for the help overlay.
    #[must_use]
    pub fn help(self, lang: Lang) -> &'static str {
        tr(lang, self.words().help)
    }

    /// What the command does in one mode, for the help overlay: the words of its own where
    /// it does something particular there, else [`Command::help`].
    #[must_use]
    pub fn help_in(self, mode: Mode, lang: Lang) -> &'static str {
        let own = match (mode, self) {
            (Mode::ConflictList, Command::Open) => Some(w::CONFLICTS_OPEN_HELP),
            (Mode::ConflictList, Command::Filter) => Some(w::CONFLICTS_FILTER_HELP),
            (Mode::ConflictList, Command::ScrollDown) => Some(w::CONFLICTS_PAGE_DOWN_HELP),
            (Mode::ConflictList, Command::ScrollUp) => Some(w::CONFLICTS_PAGE_UP_HELP),
            (Mode::Conflict, Command::Back) => Some(w::CONFLICT_BACK_HELP),
            (Mode::Conflict, Command::NextConflict) => Some(w::CONFLICT_NEXT_HELP),
            (Mode::Conflict, Command::PrevConflict) => Some(w::CONFLICT_PREV_HELP),
            _ => None,
        };
        own.map_or_else(|| self.help(lang), |t| tr(lang, t))
    }

    fn words(self) -> &'static Words {
        match self {
            Command::Open => &w::OPEN,
            Command::New => &w::NEW,
            Command::Filter => &w::FILTER,
            Command::NotApplicable => &w::NOT_APPLICABLE,
            Command::Note => &w::NOTE,
            Command::Attach => &w::ATTACH,
            Command::Evidence => &w::EVIDENCE,
            Command::Flag => &w::FLAG,
            Command::Undo => &w::UNDO,
            Command::NextUnanswered => &w::NEXT_UNANSWERED,
            Command::PrevUnanswered => &w::PREV_UNANSWERED,
            Command::Search => &w::SEARCH,
            Command::Review => &w::REVIEW,
            Command::Reply => &w::REPLY,
            Command::AuditLog => &w::AUDIT_LOG,
            Command::Finalize => &w::FINALIZE,
            Command::Respondents => &w::RESPONDENTS,
            Command::NextRespondent => &w::NEXT_RESPONDENT,
            Command::NextQuestion => &w::NEXT_QUESTION,
            Command::PrevQuestion => &w::PREV_QUESTION,
            Command::NextSurvey => &w::NEXT_SURVEY,
            Command::PrevSurvey => &w::PREV_SURVEY,
            Command::ClearResponse => &w::CLEAR_RESPONSE,
            Command::Channel => &w::CHANNEL,
            Command::Role => &w::ROLE,
            Command::Proof => &w::PROOF,
            Command::RemoveRespondent => &w::REMOVE_RESPONDENT,
            Command::Submit => &w::SUBMIT,
            Command::Save => &w::SAVE,
            Command::NextField => &w::NEXT_FIELD,
            Command::PrevField => &w::PREV_FIELD,
            Command::Up => &w::UP,
            Command::Down => &w::DOWN,
            Command::Top => &w::TOP,
            Command::Bottom => &w::BOTTOM,
            Command::NextDimension => &w::NEXT_DIMENSION,
            Command::PrevDimension => &w::PREV_DIMENSION,
            Command::ScrollDown => &w::SCROLL_DOWN,
            Command::ScrollUp => &w::SCROLL_UP,
            Command::Back => &w::BACK,
            Command::Cancel => &w::CANCEL,
            Command::Close => &w::CLOSE,
            Command::Help => &w::HELP,
            Command::Quit => &w::QUIT,
            Command::Export => &w::EXPORT,
            Command::Sync => &w::SYNC,
            Command::Report => &w::REPORT,
            Command::Inbox => &w::INBOX,
            Command::Dashboard => &w::DASHBOARD,
            Command::Conflicts => &w::CONFLICTS,
            Command::Trust => &w::TRUST,
            Command::SetReview => &w::SET_REVIEW,
            Command::Import => &w::IMPORT,
            Command::Retry => &w::RETRY,
            Command::TrustKey => &w::TRUST_KEY,
            Command::ProblemsOnly => &w::PROBLEMS_ONLY,
            Command::ReviewFilter => &w::REVIEW_FILTER,
            Command::OtherValue => &w::OTHER_VALUE,
            Command::NextConflict => &w::NEXT_CONFLICT,
            Command::PrevConflict => &w::PREV_CONFLICT,
            Command::Remove => &w::REMOVE,
        }
    }
}
