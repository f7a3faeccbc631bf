//! Side effects as data. `update` returns [`Effect`]s; [`run`] performs one against the
//! [`Workspace`] (or the file system, for the inbox's path prompt) and returns its
//! [`Outcome`], which the loop in `tui.rs` hands back to `update` as a message. Every write
//! here is durable when the workspace call returns (sled flush + fsync), so an outcome that
//! says "saved" is only produced after the data is on disk.
//!
//! One enum and one runner for every screen, split by concern: the assessor's work here,
//! the home screen's tools in `effect/tools.rs`, the supervisor's in
//! `effect/supervisor.rs`, directory reads in `effect/files.rs`. The runner knows nothing of
//! the UI state; long jobs report progress through a callback that the loop turns into
//! [`super::msg::Msg::Progress`].

pub mod files;
pub mod open;
mod supervisor;
pub mod survey;
mod tools;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::core::op::{AnswerValue, ReviewState};
use crate::core::report::Report;
use crate::i18n::Lang;
use crate::identity::Identity;
use crate::workspace::bundles::{Destination, Exported, ImportOutcome, SyncReport, TrustEntry};
use crate::workspace::{
    AnswerRequest, Detail, PemdaDash, SlotConflict, Summary, UiPosition, Workspace, now_ms,
};

pub use supervisor::{IndicatorInfo, LevelWords, Peek, Wording};

/// Work for the workspace.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    // ---- the assessor's work ------------------------------------------------------------
    /// Read the identity, the assessment list and where the user left off.
    Start,
    /// Create this device's identity.
    Init {
        name: String,
        nip: Option<String>,
        office: Option<String>,
        /// A supervisor identity (`tilik --supervisor` on first run).
        supervisor: bool,
    },
    /// Refresh the home screen's list.
    LoadHome,
    /// Create (or reopen) an assessment and open it.
    Create {
        round: u16,
        instrument: String,
        pemda: String,
        lokus: String,
        name: Option<String>,
    },
    /// Open an assessment, optionally at an indicator.
    Open {
        id: String,
        indicator: Option<String>,
    },
    /// Answer an indicator; `next` is where the cursor goes, saved in the same durable step.
    Answer {
        id: String,
        indicator: String,
        value: AnswerValue,
        next: String,
    },
    SetNote {
        id: String,
        indicator: String,
        text: String,
    },
    /// Keep the draft of the note being typed, durably (issue 16); no outcome unless it
    /// fails.
    SaveNoteDraft {
        id: String,
        indicator: String,
        text: String,
    },
    /// Forget the draft of a note the user discarded (or left unchanged).
    DiscardNoteDraft {
        id: String,
        indicator: String,
    },
    /// An assessor's reply on an indicator's review thread (issue 14).
    Reply {
        id: String,
        indicator: String,
        text: String,
    },
    /// Attach the evidence file at `path`, as typed (`~` is the home folder).
    Attach {
        id: String,
        indicator: String,
        path: String,
    },
    /// Remove one attachment (the file with `hash`) from an indicator: an op (issue 16).
    Detach {
        id: String,
        indicator: String,
        hash: String,
        name: String,
    },
    /// Open an evidence file with the system viewer (issues 14, 16).
    OpenEvidence {
        hash: String,
        name: String,
    },
    ToggleFlag {
        id: String,
        indicator: String,
    },
    Undo {
        id: String,
    },
    Finalize {
        id: String,
    },
    /// The audit trail of an assessment, for the checklist's `l` (issue 14).
    LoadAudit {
        id: String,
    },
    /// Remember the screen position (assessment and indicator) for the next start.
    SavePosition(UiPosition),

    // ---- respondents (issue 15) ---------------------------------------------------------
    /// The surveys of an assessment with their respondents, for the respondents screen.
    LoadRespondents {
        id: String,
    },
    /// One answer of one respondent, durable before its outcome (a new row is added).
    Respond(Box<survey::Respond>),
    RemoveRespondent {
        id: String,
        survey: String,
        code: String,
    },
    /// Attach the proof-of-service file at `path`, as typed.
    AttachProof {
        id: String,
        survey: String,
        code: String,
        path: String,
    },

    // ---- the home screen's tools: long jobs with a progress gauge -----------------------
    /// Export a bundle into the folder `dir`, as typed; a folder that does not exist is
    /// made only with `create_dir` (the user said yes to making it).
    Export {
        dir: String,
        to: Vec<String>,
        since: Option<String>,
        no_evidence: bool,
        create_dir: bool,
    },
    /// Sync through the folder `dir`, as typed.
    Sync {
        dir: String,
        to: Vec<String>,
    },
    /// Compute the report of the newest round.
    Report,

    // ---- the inbox's path prompt ----------------------------------------------------------
    /// Complete the last component of a typed path, offering folders and these files.
    Complete {
        text: String,
        offer: files::Offer,
    },
    /// The bundle files a typed path names: the file itself, or those in the folder.
    FindBundles(String),

    // ---- the supervisor's work (issue 6) ------------------------------------------------
    /// Inspect then import one file (row index kept for the answer).
    ImportOne {
        row: usize,
        path: PathBuf,
    },
    /// Re-process the quarantined bundles.
    Retry,
    /// The store's import log, for the inbox's history (issue 14).
    LoadImportLog,
    LoadConflicts,
    Resolve {
        id: String,
        indicator: String,
        pick: Option<usize>,
        value: Option<String>,
        reason: String,
    },
    SetReview {
        id: String,
        state: ReviewState,
        comment: String,
        /// Approve past the guard with this reason.
        force: Option<String>,
    },
    LoadDashboard,
    LoadTrust,
    TrustAdd {
        key: String,
        name: String,
        supervisor: bool,
    },
    TrustRemove(String),
}

impl Effect {
    /// A long job, shown with a progress gauge while it runs.
    #[must_use]
    pub fn is_long(&self) -> bool {
        matches!(
            self,
            Effect::Export { .. } | Effect::Sync { .. } | Effect::Report
        )
    }
}

/// Who is signed in on this device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Me {
    pub name: String,
    pub office: Option<String>,
    pub device: String,
    pub fingerprint: String,
    /// The identity's role is supervisor.
    pub supervisor: bool,
}

impl Me {
    #[must_use]
    pub fn from_identity(id: &Identity) -> Me {
        Me {
            name: id.name.clone(),
            office: id.office.clone(),
            device: id.device.clone(),
            fingerprint: id.fingerprint(),
            supervisor: id.role == crate::identity::Role::Supervisor,
        }
    }

    /// `7K3Q-M2XA`.
    #[must_use]
    pub fn short_fingerprint(&self) -> String {
        self.fingerprint.chars().take(9).collect()
    }
}

/// What the home screen shows.
#[derive(Debug, Clone)]
pub struct HomeData {
    pub me: Option<Me>,
    pub list: Vec<Summary>,
    pub unexported: u64,
    pub now_ms: i64,
}

/// An assessment as the checklist shows it.
#[derive(Debug, Clone)]
pub struct Opened {
    pub detail: Detail,
    /// Display names of the devices that wrote to it.
    pub names: BTreeMap<String, String>,
    /// This store's unsaved note drafts, by indicator (issue 16).
    pub drafts: BTreeMap<String, String>,
}

/// What a successful save changed.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved {
    Answer {
        indicator: String,
        value: AnswerValue,
    },
    Note {
        indicator: String,
    },
    Reply {
        indicator: String,
    },
    Evidence {
        indicator: String,
        name: String,
    },
    /// One attachment removed (issue 16).
    Detached {
        indicator: String,
        name: String,
    },
    Flag {
        indicator: String,
        flagged: bool,
    },
    Undo {
        indicator: Option<String>,
        kind: &'static str,
    },
    Finalized,
}

/// Which effect failed (so the screen can keep a form open, for example).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failed {
    Start,
    Init,
    Home,
    Create,
    Open,
    Save,
    Attach,
    Position,
    /// Reading an assessment's audit trail: said, the checklist stays.
    Audit,
    /// Export, sync or report.
    Tool,
    // --- supervisor (issue 6) ---
    Supervisor,
}

/// The result of an effect.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// An assessment's audit trail (issue 14).
    Audit {
        id: String,
        entries: Vec<crate::workspace::AuditEntry>,
    },
    Started {
        home: HomeData,
        resume: Option<(Opened, Option<String>)>,
    },
    Initialized(Me),
    Home(HomeData),
    Opened {
        view: Opened,
        indicator: Option<String>,
        /// `Some(true)` new, `Some(false)` an existing one with the same key, `None` opened.
        created: Option<bool>,
    },
    Saved {
        view: Opened,
        what: Saved,
        /// Where the cursor goes now.
        goto: Option<String>,
    },
    /// The surveys of an assessment as they are now, after a save when `saved` says what.
    Respondents {
        view: Box<crate::workspace::RespondentsView>,
        saved: Option<survey::RespondentSaved>,
    },
    Failed {
        during: Failed,
        message: String,
    },
    // ---- tools ----
    Exported(Box<Exported>),
    /// The export's folder does not exist: ask before making it.
    FolderMissing(Box<Destination>),
    Synced(Box<SyncReport>),
    Report(Box<Report>),
    /// An evidence file was copied out to `path` for viewing; `viewer` is the program
    /// started on it, or the one that could not be started (the path is shown instead).
    EvidenceOpened {
        name: String,
        path: PathBuf,
        viewer: Result<String, String>,
    },
    // ---- the path prompts ----
    /// `text` completed to `completed`; `names` are the matches (folders with a `/`).
    Completed {
        text: String,
        completed: String,
        names: Vec<String>,
    },
    /// The bundle files of the typed path `raw` (expanded to `source`); `None` when
    /// nothing is there.
    Found {
        raw: String,
        source: PathBuf,
        files: Option<Vec<PathBuf>>,
    },
    // ---- supervisor (issue 6) ----
    Imported {
        row: usize,
        peek: Option<Peek>,
        outcome: Box<ImportOutcome>,
    },
    Retried(Vec<ImportOutcome>),
    /// The store's import log, oldest first.
    ImportLog(Vec<crate::workspace::bundles::LogRecord>),
    Conflicts {
        list: Vec<SlotConflict>,
        wording: Wording,
    },
    Resolved {
        indicator: String,
        list: Vec<SlotConflict>,
    },
    Reviewed,
    /// Approving met the guard: what is open.
    ReviewGuard(crate::workspace::OpenItems),
    Dashboard(Vec<PemdaDash>),
    Trust(Vec<TrustEntry>),
    Trusted {
        name: String,
        waiting: usize,
        list: Vec<TrustEntry>,
    },
    Untrusted {
        name: String,
        list: Vec<TrustEntry>,
    },
}

fn failed(lang: Lang, during: Failed, e: &crate::error::Error) -> Outcome {
    Outcome::Failed {
        during,
        message: crate::present::errors::user_message(e, lang),
    }
}

fn home(ws: &Workspace) -> crate::error::Result<HomeData> {
    Ok(HomeData {
        me: ws.identity()?.as_ref().map(Me::from_identity),
        list: ws.list()?,
        unexported: ws.unexported()?,
        now_ms: now_ms(),
    })
}

fn open(ws: &Workspace, id: &str) -> crate::error::Result<Opened> {
    let detail = ws.detail(id)?;
    let names = ws.authors(&detail);
    let drafts = ws.note_drafts(&detail.state.id)?;
    Ok(Opened {
        detail,
        names,
        drafts,
    })
}

/// Run one effect, messages in `lang`; long jobs report `progress(done, total)` as they
/// advance. Returns the outcome to hand back to `update`, if any.
pub fn run(
    ws: &Workspace,
    lang: Lang,
    effect: Effect,
    progress: &mut dyn FnMut(u64, u64),
) -> Option<Outcome> {
    Some(match effect {
        Effect::Start => {
            let h = match home(ws) {
                Ok(h) => h,
                Err(e) => return Some(failed(lang, Failed::Start, &e)),
            };
            let resume = if h.me.is_some() {
                ws.position().ok().flatten().and_then(|p| {
                    let id = p.assessment?;
                    open(ws, &id).ok().map(|v| (v, p.indicator))
                })
            } else {
                None
            };
            Outcome::Started { home: h, resume }
        }
        Effect::Init {
            name,
            nip,
            office,
            supervisor,
        } => {
            let role = if supervisor {
                crate::identity::Role::Supervisor
            } else {
                crate::identity::Role::Assessor
            };
            match ws.init(&name, nip, office, role) {
                Ok(id) => Outcome::Initialized(Me::from_identity(&id)),
                Err(e) => failed(lang, Failed::Init, &e),
            }
        }
        Effect::LoadHome => match home(ws) {
            Ok(h) => Outcome::Home(h),
            Err(e) => failed(lang, Failed::Home, &e),
        },
        Effect::Create {
            round,
            instrument,
            pemda,
            lokus,
            name,
        } => {
            let r = ws
                .new_assessment(round, Some(&instrument), &pemda, &lokus, name.as_deref())
                .and_then(|c| Ok((open(ws, &c.id)?, c.created)));
            match r {
                Ok((view, created)) => Outcome::Opened {
                    view,
                    indicator: None,
                    created: Some(created),
                },
                Err(e) => failed(lang, Failed::Create, &e),
            }
        }
        Effect::Open { id, indicator } => match open(ws, &id) {
            Ok(view) => Outcome::Opened {
                view,
                indicator,
                created: None,
            },
            Err(e) => failed(lang, Failed::Open, &e),
        },
        Effect::Answer {
            id,
            indicator,
            value,
            next,
        } => {
            let pos = UiPosition {
                assessment: Some(id.clone()),
                indicator: Some(next.clone()),
            };
            let req = AnswerRequest::new(&id, &indicator)
                .value(value)
                .position(&pos);
            match ws.answer(&req) {
                Ok(a) => Outcome::Saved {
                    view: Opened {
                        names: ws.authors(&a.detail),
                        drafts: match ws.note_drafts(&id) {
                            Ok(d) => d,
                            Err(e) => return Some(failed(lang, Failed::Save, &e)),
                        },
                        detail: a.detail,
                    },
                    what: Saved::Answer { indicator, value },
                    goto: Some(next),
                },
                Err(e) => failed(lang, Failed::Save, &e),
            }
        }
        Effect::SetNote {
            id,
            indicator,
            text,
        } => saved(
            ws,
            lang,
            &id,
            ws.set_note(&id, &indicator, &text).map(|_| Saved::Note {
                indicator: indicator.clone(),
            }),
            Failed::Save,
        ),
        Effect::SaveNoteDraft {
            id,
            indicator,
            text,
        } => match ws.save_note_draft(&id, &indicator, &text) {
            Ok(()) => return None,
            Err(e) => failed(lang, Failed::Save, &e),
        },
        Effect::DiscardNoteDraft { id, indicator } => {
            match ws.discard_note_draft(&id, &indicator) {
                Ok(()) => return None,
                Err(e) => failed(lang, Failed::Save, &e),
            }
        }
        Effect::Reply {
            id,
            indicator,
            text,
        } => saved(
            ws,
            lang,
            &id,
            ws.reply(&id, Some(&indicator), &text)
                .map(|_| Saved::Reply {
                    indicator: indicator.clone(),
                }),
            Failed::Save,
        ),
        Effect::Attach {
            id,
            indicator,
            path,
        } => {
            let path = crate::fsio::expand_tilde(&path);
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().to_string(),
            );
            saved(
                ws,
                lang,
                &id,
                ws.attach(&id, &indicator, &[path.as_path()])
                    .map(|_| Saved::Evidence {
                        indicator: indicator.clone(),
                        name,
                    }),
                Failed::Attach,
            )
        }
        Effect::Detach {
            id,
            indicator,
            hash,
            name,
        } => saved(
            ws,
            lang,
            &id,
            ws.detach(&id, &indicator, &hash).map(|_| Saved::Detached {
                indicator: indicator.clone(),
                name,
            }),
            Failed::Save,
        ),
        Effect::OpenEvidence { hash, name } => match ws.evidence_copy(&hash, &name) {
            Ok(path) => Outcome::EvidenceOpened {
                viewer: open::open(&path),
                name,
                path,
            },
            Err(e) => failed(lang, Failed::Attach, &e),
        },
        Effect::ToggleFlag { id, indicator } => saved(
            ws,
            lang,
            &id,
            ws.toggle_flag(&id, &indicator, None)
                .map(|flagged| Saved::Flag {
                    indicator: indicator.clone(),
                    flagged,
                }),
            Failed::Save,
        ),
        Effect::Undo { id } => saved(
            ws,
            lang,
            &id,
            ws.undo(&id).map(|op| Saved::Undo {
                indicator: op.body.indicator().map(str::to_string),
                kind: op.body.kind(),
            }),
            Failed::Save,
        ),
        Effect::Finalize { id } => saved(
            ws,
            lang,
            &id,
            ws.finalize(&id).map(|_| Saved::Finalized),
            Failed::Save,
        ),
        Effect::SavePosition(p) => match ws.save_position(&p) {
            Ok(()) => return None,
            Err(e) => failed(lang, Failed::Position, &e),
        },
        Effect::LoadRespondents { id } => survey::load(ws, lang, &id),
        Effect::LoadAudit { id } => match ws.audit_of(&id) {
            Ok(entries) => Outcome::Audit { id, entries },
            Err(e) => failed(lang, Failed::Audit, &e),
        },
        Effect::Respond(r) => survey::respond(ws, lang, *r),
        Effect::RemoveRespondent {
            id,
            survey: s,
            code,
        } => survey::remove(ws, lang, &id, &s, &code),
        Effect::AttachProof {
            id,
            survey: s,
            code,
            path,
        } => survey::proof(ws, lang, &id, &s, &code, &path),
        Effect::Export {
            dir,
            to,
            since,
            no_evidence,
            create_dir,
        } => {
            let dir = crate::fsio::expand_tilde(&dir);
            let opts = crate::workspace::bundles::ExportOptions {
                target: if create_dir {
                    crate::workspace::bundles::Target::NewDir(dir)
                } else {
                    crate::workspace::bundles::Target::Dir(dir)
                },
                to,
                since,
                no_evidence,
            };
            tools::export(ws, lang, &opts, progress)
        }
        Effect::Sync { dir, to } => tools::sync(ws, lang, &dir, &to, progress),
        Effect::Report => tools::report(ws, lang),
        Effect::Complete { text, offer } => {
            let (completed, names) = files::complete(&text, offer);
            Outcome::Completed {
                text,
                completed,
                names,
            }
        }
        Effect::FindBundles(raw) => {
            let (source, files) = files::find_bundles(&raw);
            Outcome::Found { raw, source, files }
        }
        Effect::ImportOne { row, path } => supervisor::import_one(ws, lang, row, &path),
        Effect::Retry => supervisor::retry(ws, lang),
        Effect::LoadImportLog => supervisor::import_log(ws, lang),
        Effect::LoadConflicts => supervisor::conflicts(ws, lang),
        Effect::Resolve {
            id,
            indicator,
            pick,
            value,
            reason,
        } => supervisor::resolve(ws, lang, &id, indicator, pick, value.as_deref(), &reason),
        Effect::SetReview {
            id,
            state,
            comment,
            force,
        } => supervisor::set_review(ws, lang, &id, state, &comment, force.as_deref()),
        Effect::LoadDashboard => supervisor::dashboard(ws, lang),
        Effect::LoadTrust => supervisor::trust_list(ws, lang),
        Effect::TrustAdd {
            key,
            name,
            supervisor,
        } => supervisor::trust_add(ws, lang, &key, &name, supervisor),
        Effect::TrustRemove(device) => supervisor::trust_remove(ws, lang, &device),
    })
}

/// After a change to an assessment: the assessment as it is now, and where the cursor goes
/// (back to the indicator an undo touched).
fn saved(
    ws: &Workspace,
    lang: Lang,
    id: &str,
    r: crate::error::Result<Saved>,
    during: Failed,
) -> Outcome {
    let what = match r {
        Ok(w) => w,
        Err(e) => return failed(lang, during, &e),
    };
    let goto = match &what {
        Saved::Undo { indicator, .. } => indicator.clone(),
        _ => None,
    };
    match open(ws, id) {
        Ok(view) => Outcome::Saved { view, what, goto },
        Err(e) => failed(lang, Failed::Open, &e),
    }
}
