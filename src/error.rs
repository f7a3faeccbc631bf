//! Typed errors of the library. Each variant carries what the user needs to know;
//! `crate::present::errors::user_message` says it in one sentence, in Bahasa Indonesia
//! (default) or English: what happened and what to do.

use std::path::PathBuf;

use crate::core::instrument::Problem;

pub type Result<T> = std::result::Result<T, Error>;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("store in use: {0}")]
    StoreInUse(PathBuf),
    #[error("cannot create or write data directory {path}: {source}")]
    DataDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("store at {path} cannot be opened: {detail}")]
    StoreCorrupt { path: PathBuf, detail: String },
    #[error("journal {path} is damaged at byte {offset}: {detail}")]
    JournalCorrupt {
        path: PathBuf,
        offset: u64,
        detail: String,
    },
    #[error("store schema {found} is newer than this program ({supported})")]
    StoreTooNew { found: u32, supported: u32 },
    #[error("storage error: {0}")]
    Storage(String),
    #[error("no identity yet")]
    NotInitialized,
    #[error("identity already exists")]
    AlreadyInitialized,
    #[error("name is empty")]
    EmptyName,
    #[error("unknown assessment {0}")]
    UnknownAssessment(String),
    #[error("ambiguous assessment {0}")]
    AmbiguousAssessment(String, Vec<String>),
    #[error("unknown indicator {indicator} in {instrument}")]
    UnknownIndicator {
        indicator: String,
        instrument: String,
    },
    #[error("value {value} outside the scale of {indicator}")]
    ValueOutOfScale {
        indicator: String,
        value: String,
        allowed: String,
    },
    #[error("unknown instrument {0}")]
    UnknownInstrument(String),
    #[error("instrument {id} is not the {family} family")]
    InstrumentFamily { id: String, family: String },
    #[error("invalid instrument file {path}")]
    InstrumentFile {
        path: String,
        problems: Vec<Problem>,
    },
    #[error("unknown region {0}")]
    UnknownRegion(String),
    #[error("ambiguous region {0}")]
    AmbiguousRegion(String, Vec<String>),
    #[error("unknown lokus type {0}")]
    UnknownLokusType(String),
    #[error("lokus type {0} needs a name")]
    LokusNameRequired(String),
    #[error("evidence file {path}: {source}")]
    Evidence {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot finalize: {0} unanswered")]
    NotFinalizable(usize),
    #[error("nothing to undo")]
    NothingToUndo,
    #[error("only a supervisor may do this")]
    NotSupervisor,
    #[error("not an age recipient: {0}")]
    BadRecipient(String),
    #[error("unknown bundle {0}")]
    UnknownBundle(String),
    #[error("destination folder {0} does not exist")]
    DestinationMissing(PathBuf),
    #[error("destination {0} is not a folder")]
    DestinationNotFolder(PathBuf),
    #[error("cannot create folder {path}: {source}")]
    CreateFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("bundle {0} does not read back as written")]
    ExportVerify(PathBuf),
    #[error("invalid public key {0}")]
    InvalidKey(String),
    #[error("not in the trust roster: {0}")]
    UnknownTrust(String),
    #[error("ambiguous roster entry {0}")]
    AmbiguousTrust(String, Vec<String>),
    #[error("no conflict on {indicator} of {assessment}")]
    NoConflict {
        assessment: String,
        indicator: String,
    },
    #[error("no candidate {n} (1..{max})")]
    BadPick { n: usize, max: usize },
    #[error("a reason is required")]
    ReasonRequired,
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error("instrument {0} has no surveys")]
    NoSurveys(String),
    #[error("unknown survey {survey} in {instrument}")]
    UnknownSurvey {
        survey: String,
        instrument: String,
        known: Vec<String>,
    },
    #[error("unknown question {question} in survey {survey}")]
    UnknownQuestion {
        question: String,
        survey: String,
        known: Vec<String>,
    },
    #[error("answer {value} not allowed for {question}")]
    AnswerNotAllowed {
        question: String,
        value: String,
        allowed: String,
    },
    #[error("answers are QUESTION=ANSWER, not {0}")]
    BadAnswerPair(String),
    #[error("respondent {code} already in survey {survey}")]
    DuplicateRespondent { code: String, survey: String },
    #[error("bad respondent code {0}")]
    BadRespondentCode(String),
    #[error("unknown respondent {0}")]
    UnknownRespondent(String),
    #[error("respondent {0} is in several surveys")]
    AmbiguousRespondent(String, Vec<String>),
    #[error("role {role} not in survey {survey}")]
    UnknownRole {
        role: String,
        survey: String,
        known: Vec<String>,
    },
    #[error("survey {0} needs proof of service")]
    ProofRequired(String),
    #[error("not a phone number: {0}")]
    BadPhone(String),
    #[error("not a date: {0}")]
    BadDate(String),
    #[error("not a time: {0}")]
    BadTime(String),
    #[error("unknown channel {0}")]
    BadChannel(String),
    #[error("{0} is not a derived indicator")]
    NotDerived(String),
    /// A failure inside the domain core (`tilik_core::Error`).
    #[error(transparent)]
    Core(#[from] crate::core::Error),
}

impl Error {
    /// `what` could not be encoded as JSON: reported as core reports its own encoding
    /// failures, rather than storing or signing empty bytes.
    #[must_use]
    pub fn encode(what: &'static str, source: serde_json::Error) -> Error {
        Error::Core(crate::core::Error::Encode { what, source })
    }

    /// Exit status for the CLI: 2 for a store in use, 1 otherwise.
    #[must_use]
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::StoreInUse(_) => 2,
            _ => 1,
        }
    }
}
