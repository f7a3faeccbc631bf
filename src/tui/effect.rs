//! Side effects as data. `update` returns [`Effect`]s; [`run`] performs one against the
//! [`Workspace`] and hands the result back as an [`Action::Done`] for `update` to read. Every
//! write here is durable when the workspace call returns (sled flush + fsync), so an outcome
//! that says "saved" is only produced after the data is on disk.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::core::op::AnswerValue;
use crate::i18n::Lang;
use crate::identity::Identity;
use crate::workspace::{AnswerRequest, Detail, Summary, UiPosition, Workspace, now_ms};

use super::action::Action;

/// Work for the workspace.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
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
    Attach {
        id: String,
        indicator: String,
        path: PathBuf,
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
    /// Remember the screen position (assessment and indicator) for the next start.
    SavePosition(UiPosition),
    /// Export, sync or report (long jobs with a progress gauge).
    Tool(super::tools::ToolEffect),
    // --- supervisor (issue 6) ---
    Sup(super::supervisor::SupEffect),
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
    Evidence {
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
    // --- supervisor (issue 6) ---
    Sup,
}

/// The result of an effect.
#[derive(Debug, Clone)]
pub enum Outcome {
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
    Failed {
        during: Failed,
        message: String,
    },
    Tool(super::tools::ToolOutcome),
    // --- supervisor (issue 6) ---
    Sup(Box<super::supervisor::SupOutcome>),
}

fn done(o: Outcome) -> Option<Action> {
    Some(Action::Done(Box::new(o)))
}

fn failed(lang: Lang, during: Failed, e: &crate::error::Error) -> Option<Action> {
    done(Outcome::Failed {
        during,
        message: crate::present::errors::user_message(e, lang),
    })
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
    Ok(Opened { detail, names })
}

/// Run one effect. Returns the action to feed back to `update`, if any.
#[must_use]
pub fn run(ws: &Workspace, lang: Lang, effect: Effect) -> Option<Action> {
    run_with(ws, lang, effect, &mut |_, _| {})
}

/// Run an effect, reporting progress of long jobs through `progress(done, total)`.
pub fn run_with(
    ws: &Workspace,
    lang: Lang,
    effect: Effect,
    progress: &mut dyn FnMut(u64, u64),
) -> Option<Action> {
    match effect {
        Effect::Tool(t) => done(Outcome::Tool(super::tools::run(ws, lang, t, progress))),
        Effect::Start => {
            let h = match home(ws) {
                Ok(h) => h,
                Err(e) => return failed(lang, Failed::Start, &e),
            };
            let resume = if h.me.is_some() {
                ws.position().ok().flatten().and_then(|p| {
                    let id = p.assessment?;
                    open(ws, &id).ok().map(|v| (v, p.indicator))
                })
            } else {
                None
            };
            done(Outcome::Started { home: h, resume })
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
                Ok(id) => done(Outcome::Initialized(Me::from_identity(&id))),
                Err(e) => failed(lang, Failed::Init, &e),
            }
        }
        Effect::LoadHome => match home(ws) {
            Ok(h) => done(Outcome::Home(h)),
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
                Ok((view, created)) => done(Outcome::Opened {
                    view,
                    indicator: None,
                    created: Some(created),
                }),
                Err(e) => failed(lang, Failed::Create, &e),
            }
        }
        Effect::Open { id, indicator } => match open(ws, &id) {
            Ok(view) => done(Outcome::Opened {
                view,
                indicator,
                created: None,
            }),
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
                Ok(a) => done(Outcome::Saved {
                    view: Opened {
                        names: ws.authors(&a.detail),
                        detail: a.detail,
                    },
                    what: Saved::Answer { indicator, value },
                    goto: Some(next),
                }),
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
        Effect::Attach {
            id,
            indicator,
            path,
        } => {
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
            Ok(()) => None,
            Err(e) => failed(lang, Failed::Position, &e),
        },
        Effect::Sup(e) => super::supervisor::run(ws, lang, e),
    }
}

fn saved(
    ws: &Workspace,
    lang: Lang,
    id: &str,
    r: crate::error::Result<Saved>,
    during: Failed,
) -> Option<Action> {
    let what = match r {
        Ok(w) => w,
        Err(e) => return failed(lang, during, &e),
    };
    let goto = match &what {
        Saved::Undo { indicator, .. } => indicator.clone(),
        _ => None,
    };
    match open(ws, id) {
        Ok(view) => done(Outcome::Saved { view, what, goto }),
        Err(e) => failed(lang, Failed::Open, &e),
    }
}
