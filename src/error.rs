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
    /// sled opened the store, then a read found damaged data; the store folder now holds a
    /// mark, and the next open rebuilds it from the journal.
    #[error("store at {path} is damaged: {detail}")]
    StoreDamaged { path: PathBuf, detail: String },
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
    /// An NIP that is not 18 digits (issue 16).
    #[error("not an NIP: {typed}")]
    BadNip { typed: String, digits: usize },
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
    /// No pemda matches; `.1` are the closest names (`code name`), for a misspelling.
    #[error("unknown region {0}")]
    UnknownRegion(String, Vec<String>),
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
    /// No current attachment of the indicator has this hash (issue 16).
    #[error("no evidence {hash} on {indicator}")]
    UnknownEvidence { indicator: String, hash: String },
    /// The file is attached but its bytes are not in this store (sent later, or lost).
    #[error("evidence {0} is not in this store")]
    EvidenceNotHere(String),
    #[error("only a supervisor may do this")]
    NotSupervisor,
    #[error("not an age recipient: {0}")]
    BadRecipient(String),
    #[error("unknown bundle {0}")]
    UnknownBundle(String),
    #[error("destination folder {0} does not exist")]
    DestinationMissing(PathBuf),
    /// `export --since CODE` with nothing new since that bundle: nothing is written (the
    /// CLI says so and exits 0).
    #[error("nothing new since bundle {0}")]
    NothingNewSince(String),
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
    /// Approving an assessment with something open (issue 14): what is open.
    #[error("approval needs a reason: {0:?}")]
    ApprovalGuard(crate::workspace::OpenItems),
    #[error("a comment is required")]
    CommentRequired,
    #[error("only an assessor may reply")]
    NotAssessor,
    /// Evidence files of the store are missing or damaged (each was moved aside, and the
    /// bundle that brought it must be imported again).
    #[error("evidence lost: {0:?}")]
    EvidenceLost(Vec<crate::storage::LostEvidence>),
    /// A batch import stopped at a store failure: `outcomes` holds the verdict of every
    /// file (those before it committed whole, the failing one and the rest not imported).
    #[error("import stopped: {cause}")]
    ImportInterrupted {
        /// Verdicts of the files imported before the failure (each committed whole).
        outcomes: Vec<crate::workspace::bundles::ImportOutcome>,
        /// The file being imported when the store failed, and whether its merge had
        /// committed (the failure came after, while recording or syncing).
        failed: Option<(String, bool)>,
        /// Files not attempted.
        not_reached: Vec<String>,
        cause: Box<Error>,
    },
    /// A failure inside the domain core (`tilik_core::Error`).
    #[error(transparent)]
    Core(#[from] crate::core::Error),
}

/// A file-system fault that has its own next step (the message names it instead of a
/// generic storage failure): the disk is full, mounted read-only, or the folder may not be
/// written by this user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FsFault {
    DiskFull,
    ReadOnly,
    Permission,
}

impl FsFault {
    /// The fault behind an OS error, by its number (ENOSPC, EDQUOT, EROFS, EACCES, EPERM)
    /// or, for an error re-made from its kind (sled copies errors that way), by kind.
    #[must_use]
    pub fn of(e: &std::io::Error) -> Option<FsFault> {
        use std::io::ErrorKind as K;
        match e.raw_os_error() {
            Some(28 | 122) => return Some(FsFault::DiskFull),
            Some(30) => return Some(FsFault::ReadOnly),
            Some(1 | 13) => return Some(FsFault::Permission),
            _ => {}
        }
        match e.kind() {
            K::StorageFull | K::QuotaExceeded => Some(FsFault::DiskFull),
            K::ReadOnlyFilesystem => Some(FsFault::ReadOnly),
            K::PermissionDenied => Some(FsFault::Permission),
            _ => {
                // sled sometimes wraps an OS error in its own text.
                let t = e.to_string();
                if t.contains("No space left on device") || t.contains("StorageFull") {
                    Some(FsFault::DiskFull)
                } else if t.contains("Read-only file system") {
                    Some(FsFault::ReadOnly)
                } else {
                    None
                }
            }
        }
    }
}

impl Error {
    /// The file-system fault behind this error, when it is one of [`FsFault`] while
    /// writing or reading the store, its data folder or its journal (not the user's own
    /// files: an evidence file that cannot be read is `Evidence`).
    #[must_use]
    pub fn fs_fault(&self) -> Option<FsFault> {
        match self {
            Error::Io { source, .. } | Error::DataDir { source, .. } => FsFault::of(source),
            Error::Storage(d) | Error::StoreCorrupt { detail: d, .. } => {
                FsFault::of(&std::io::Error::other(d.clone()))
            }
            Error::ImportInterrupted { cause, .. } => cause.fs_fault(),
            _ => None,
        }
    }

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
