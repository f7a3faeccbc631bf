//! The supervisor's screens (issue 6): inbox (import a file or a folder of bundles, one
//! file per event-loop turn so keys are answered between files), dashboard per pemda and
//! lokus, conflict view (pick a candidate or another value, with a reason), review states
//! on the home screen, and the trust roster. State lives in [`SupState`]; [`intercept`],
//! [`update`] and [`outcome`] are called from `update.rs`, [`run`] from `effect.rs`.

use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use tui_input::Input;

use crate::bundle::{EXT_AGE, EXT_PLAIN};
use crate::core::op::ReviewState;
use crate::i18n::Lang;
use crate::identity::Role;
use crate::workspace::bundles::{ImportOutcome, Inspection, Reason, TrustEntry, Verdict, Warning};
use crate::workspace::{DashRow, SlotConflict, Workspace};

use super::action::Action;
use super::app::{App, Screen, StatusKind};
use super::effect::{Effect, Failed, Outcome};
use super::keymap::Mode;
use super::strings::{self as s, tr};

// ---- state ----------------------------------------------------------------------------

/// What the inbox learned about a file before importing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peek {
    pub exporter: String,
    pub fingerprint: String,
    pub assessments: usize,
    pub ops: u64,
    pub evidence: usize,
}

impl Peek {
    fn of(ins: &Inspection) -> Option<Peek> {
        let m = ins.manifest.as_ref()?;
        Some(Peek {
            exporter: m.exporter.name.clone(),
            fingerprint: ins.exporter_fingerprint.clone().unwrap_or_default(),
            assessments: m.summary.len(),
            ops: m.op_count(),
            evidence: m.blobs.len(),
        })
    }
}

/// One file of the inbox.
#[derive(Debug, Clone)]
pub struct InboxRow {
    pub path: PathBuf,
    pub peek: Option<Peek>,
    pub outcome: Option<ImportOutcome>,
}

impl InboxRow {
    #[must_use]
    pub fn name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().to_string(),
        )
    }
}

/// An import running one file per loop turn.
#[derive(Debug, Clone, Default)]
pub struct Job {
    /// Indexes into the inbox rows still to do.
    pub queue: VecDeque<usize>,
    pub total: usize,
    pub done: usize,
    pub cancel: bool,
}

#[derive(Debug, Default)]
pub struct InboxState {
    pub rows: Vec<InboxRow>,
    pub selected: usize,
    /// The folder (or file) last imported, for the title.
    pub source: Option<String>,
    /// `Some` while the path prompt is open.
    pub prompt: Option<Input>,
    /// Completion candidates shown under the prompt.
    pub completions: Vec<String>,
    pub job: Option<Job>,
    /// The detail pane of the selected file is open.
    pub detail: bool,
}

#[derive(Debug, Default)]
pub struct DashState {
    pub rows: Vec<DashRow>,
    pub selected: usize,
    pub filter: Input,
    pub filtering: bool,
    pub problems_only: bool,
}

impl DashState {
    #[must_use]
    pub fn visible(&self) -> Vec<&DashRow> {
        let q = self.filter.value().to_lowercase();
        let words: Vec<&str> = q.split_whitespace().collect();
        self.rows
            .iter()
            .filter(|r| !self.problems_only || r.has_problems())
            .filter(|r| {
                let hay = format!("{} {} {}", r.pemda_name, r.lokus_name, r.pemda).to_lowercase();
                words.iter().all(|w| hay.contains(w))
            })
            .collect()
    }
}

/// Which line the conflict view is typing into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    Value,
    Reason,
}

/// Indicator wording by (assessment, indicator).
pub type Wording = BTreeMap<(String, String), String>;

#[derive(Debug, Default)]
pub struct ConflictState {
    pub list: Vec<SlotConflict>,
    pub wording: Wording,
    pub at: usize,
    /// Candidate chosen (1-based) or `None` with `value` for another value.
    pub pick: Option<usize>,
    pub value: Input,
    pub reason: Input,
    pub typing: Option<Typing>,
}

impl ConflictState {
    #[must_use]
    pub fn current(&self) -> Option<&SlotConflict> {
        self.list.get(self.at)
    }

    fn clear_choice(&mut self) {
        self.pick = None;
        self.value.reset();
        self.reason.reset();
        self.typing = None;
    }
}

#[derive(Debug, Default)]
pub struct TrustState {
    pub list: Vec<TrustEntry>,
    pub selected: usize,
    /// Device whose removal waits for a second key press.
    pub confirm: Option<String>,
}

/// The trust form (over the roster or the inbox).
#[derive(Debug, Default)]
pub struct TrustForm {
    pub key: Input,
    pub name: Input,
    pub supervisor: bool,
    /// 0 key, 1 name, 2 role.
    pub focus: usize,
}

impl TrustForm {
    /// The fingerprint of the key typed, when it is a valid key.
    #[must_use]
    pub fn fingerprint(&self) -> Option<String> {
        valid_key(self.key.value()).then(|| crate::identity::fingerprint(&self.key_hex()))
    }

    #[must_use]
    pub fn key_hex(&self) -> String {
        self.key.value().trim().to_lowercase()
    }
}

fn valid_key(k: &str) -> bool {
    crate::identity::parse_public_key(k).is_some()
}

/// The review-state dialog over the home screen.
#[derive(Debug)]
pub struct ReviewDialog {
    pub id: String,
    pub label: String,
    /// 0 received, 1 needs revision, 2 approved.
    pub choice: usize,
    pub comment: Input,
    /// 0 the choice, 1 the comment.
    pub focus: usize,
}

pub const REVIEW_STATES: [ReviewState; 3] = [
    ReviewState::Received,
    ReviewState::NeedsRevision,
    ReviewState::Approved,
];

/// Everything the supervisor screens hold.
#[derive(Debug, Default)]
pub struct SupState {
    /// The supervisor screens are offered (supervisor identity or `--supervisor`).
    pub on: bool,
    pub inbox: InboxState,
    pub dash: DashState,
    pub conflicts: ConflictState,
    pub trust: TrustState,
    pub trust_form: Option<TrustForm>,
    pub review: Option<ReviewDialog>,
}

impl SupState {
    /// Background work is waiting (the event loop then polls keys instead of blocking).
    #[must_use]
    pub fn busy(&self) -> bool {
        self.inbox.job.is_some()
    }
}

// ---- effects ----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
pub enum SupEffect {
    /// Inspect then import one file (row index kept for the answer).
    ImportOne {
        row: usize,
        path: PathBuf,
    },
    Retry,
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

#[derive(Debug, Clone)]
pub enum SupOutcome {
    Imported {
        row: usize,
        peek: Option<Peek>,
        outcome: Box<ImportOutcome>,
    },
    Retried(Vec<ImportOutcome>),
    Conflicts {
        list: Vec<SlotConflict>,
        wording: Wording,
    },
    Resolved {
        indicator: String,
        list: Vec<SlotConflict>,
    },
    Reviewed,
    Dashboard(Vec<DashRow>),
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

fn sup(o: SupOutcome) -> Option<Action> {
    Some(Action::Done(Box::new(Outcome::Sup(Box::new(o)))))
}

fn fail(lang: Lang, e: &crate::error::Error) -> Option<Action> {
    Some(Action::Done(Box::new(Outcome::Failed {
        during: Failed::Sup,
        message: crate::present::errors::user_message(e, lang),
    })))
}

fn conflicts_with_wording(
    ws: &Workspace,
    lang: Lang,
) -> crate::error::Result<(Vec<SlotConflict>, Wording)> {
    let list = ws.conflicts()?.conflicts;
    let mut wording = BTreeMap::new();
    for c in &list {
        if let Ok(d) = ws.detail(&c.assessment)
            && let Some(p) = d.instrument.indicator(&c.indicator)
        {
            let text = if lang.en() {
                p.indicator
                    .text_en
                    .clone()
                    .unwrap_or(p.indicator.text.clone())
            } else {
                p.indicator.text.clone()
            };
            wording.insert(
                (c.assessment.clone(), c.indicator.clone()),
                format!("{} — {text}", p.indicator.short),
            );
        }
    }
    Ok((list, wording))
}

/// Run one supervisor effect against the workspace.
#[must_use]
pub fn run(ws: &Workspace, lang: Lang, e: SupEffect) -> Option<Action> {
    match e {
        SupEffect::ImportOne { row, path } => {
            let peek = ws.inspect(&path).ok().as_ref().and_then(Peek::of);
            match ws.import_file(&path, &mut |_, _| {}) {
                Ok(outcome) => sup(SupOutcome::Imported {
                    row,
                    peek,
                    outcome: Box::new(outcome),
                }),
                Err(e) => fail(lang, &e),
            }
        }
        SupEffect::Retry => match ws.retry_quarantined(&mut |_, _| {}) {
            Ok(v) => sup(SupOutcome::Retried(v)),
            Err(e) => fail(lang, &e),
        },
        SupEffect::LoadConflicts => match conflicts_with_wording(ws, lang) {
            Ok((list, wording)) => sup(SupOutcome::Conflicts { list, wording }),
            Err(e) => fail(lang, &e),
        },
        SupEffect::Resolve {
            id,
            indicator,
            pick,
            value,
            reason,
        } => match ws
            .resolve(&id, &indicator, pick, value.as_deref(), &reason)
            .and_then(|_| ws.conflicts())
        {
            Ok(r) => sup(SupOutcome::Resolved {
                indicator,
                list: r.conflicts,
            }),
            Err(e) => fail(lang, &e),
        },
        SupEffect::SetReview { id, state, comment } => match ws.set_review(&id, state, &comment) {
            Ok(_) => sup(SupOutcome::Reviewed),
            Err(e) => fail(lang, &e),
        },
        SupEffect::LoadDashboard => match ws.dashboard() {
            Ok(v) => sup(SupOutcome::Dashboard(v)),
            Err(e) => fail(lang, &e),
        },
        SupEffect::LoadTrust => match ws.trust_list() {
            Ok(v) => sup(SupOutcome::Trust(v)),
            Err(e) => fail(lang, &e),
        },
        SupEffect::TrustAdd {
            key,
            name,
            supervisor,
        } => {
            let role = if supervisor {
                Role::Supervisor
            } else {
                Role::Assessor
            };
            match ws
                .trust_add(&key, &name, role, None)
                .and_then(|(e, w)| Ok((e, w, ws.trust_list()?)))
            {
                Ok((e, waiting, list)) => sup(SupOutcome::Trusted {
                    name: e.name,
                    waiting,
                    list,
                }),
                Err(e) => fail(lang, &e),
            }
        }
        SupEffect::TrustRemove(device) => match ws
            .trust_remove(&device)
            .and_then(|e| Ok((e, ws.trust_list()?)))
        {
            Ok((e, list)) => sup(SupOutcome::Untrusted { name: e.name, list }),
            Err(e) => fail(lang, &e),
        },
    }
}

// ---- files and completion -----------------------------------------------------------------

/// Whether a file name is a bundle's.
#[must_use]
pub fn is_bundle(name: &str) -> bool {
    !name.starts_with('.')
        && (name.ends_with(&format!(".{EXT_PLAIN}")) || name.ends_with(&format!(".{EXT_AGE}")))
}

/// Every bundle in a folder, sorted by path.
#[must_use]
pub fn bundles_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(std::result::Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && p.file_name()
                            .is_some_and(|n| is_bundle(&n.to_string_lossy()))
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// Complete the last path component: returns the new text (longest common prefix of the
/// matches, a `/` after a single folder) and the matching names (folders with a `/`).
#[must_use]
pub fn complete(text: &str) -> (String, Vec<String>) {
    let (dir_part, stem) = match text.rfind('/') {
        Some(i) => (&text[..=i], &text[i + 1..]),
        None => ("", text),
    };
    let dir = if dir_part.is_empty() {
        PathBuf::from(".")
    } else {
        crate::fsio::expand_tilde(dir_part)
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(std::result::Result::ok)
                .filter_map(|e| {
                    let n = e.file_name().to_string_lossy().to_string();
                    if !n.starts_with(stem) || (n.starts_with('.') && !stem.starts_with('.')) {
                        return None;
                    }
                    let is_dir = e.path().is_dir();
                    (is_dir || is_bundle(&n)).then(|| if is_dir { format!("{n}/") } else { n })
                })
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let Some(first) = names.first() else {
        return (text.to_string(), names);
    };
    let mut common: String = first.clone();
    for n in &names[1..] {
        let k = common
            .chars()
            .zip(n.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common = common.chars().take(k).collect();
    }
    (format!("{dir_part}{common}"), names)
}

// ---- update -----------------------------------------------------------------------------

fn type_into(input: &mut Input, key: KeyEvent) -> bool {
    use ratatui::crossterm::event::Event;
    use tui_input::backend::crossterm::to_input_request;
    to_input_request(&Event::Key(key))
        .and_then(|r| input.handle(r))
        .is_some_and(|c| c.value)
}

/// The mode of a supervisor screen or dialog, if one is up.
#[must_use]
pub fn mode(app: &App) -> Option<Mode> {
    if app.sup.trust_form.is_some() || app.sup.review.is_some() {
        return Some(Mode::Form);
    }
    Some(match &app.screen {
        Screen::Inbox if app.sup.inbox.prompt.is_some() => Mode::Prompt,
        Screen::Inbox => Mode::Inbox,
        Screen::Dashboard if app.sup.dash.filtering => Mode::Prompt,
        Screen::Dashboard => Mode::Dashboard,
        Screen::Conflicts if app.sup.conflicts.typing.is_some() => Mode::Prompt,
        Screen::Conflicts => Mode::Conflict,
        Screen::Trust => Mode::Trust,
        _ => return None,
    })
}

/// Dialogs and the home screen's supervisor keys. Returns the action back when it is not
/// for the supervisor part.
///
/// # Errors
/// The action, unhandled.
pub fn intercept(app: &mut App, action: Action) -> Result<Vec<Effect>, Action> {
    if app.sup.trust_form.is_some() {
        return Ok(trust_form(app, action));
    }
    if app.sup.review.is_some() {
        return Ok(review_dialog(app, action));
    }
    if !app.sup.on || !matches!(app.screen, Screen::Home) || app.home.filtering {
        return Err(action);
    }
    let go = |e: SupEffect| vec![Effect::Sup(e)];
    match action {
        Action::Inbox => {
            app.screen = Screen::Inbox;
            Ok(Vec::new())
        }
        Action::Dashboard => {
            app.screen = Screen::Dashboard;
            Ok(go(SupEffect::LoadDashboard))
        }
        Action::Conflicts => {
            app.screen = Screen::Conflicts;
            app.sup.conflicts.clear_choice();
            Ok(go(SupEffect::LoadConflicts))
        }
        Action::Trust => {
            app.screen = Screen::Trust;
            Ok(go(SupEffect::LoadTrust))
        }
        Action::SetReview => {
            if let Some(sm) = app.home.current(app.lang) {
                let choice = REVIEW_STATES
                    .iter()
                    .position(|r| Some(*r) == sm.review)
                    .unwrap_or(2);
                app.sup.review = Some(ReviewDialog {
                    id: sm.id.clone(),
                    label: format!(
                        "{} › {}",
                        crate::i18n::inert(&sm.pemda_name, false),
                        crate::i18n::inert(&sm.lokus_name, false)
                    ),
                    choice,
                    comment: Input::default(),
                    focus: 0,
                });
            }
            Ok(Vec::new())
        }
        other => Err(other),
    }
}

fn back_home() -> Vec<Effect> {
    vec![Effect::LoadHome]
}

/// A key on one of the supervisor screens.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match app.screen {
        Screen::Inbox => inbox(app, action),
        Screen::Dashboard => dashboard(app, action),
        Screen::Conflicts => conflict(app, action),
        Screen::Trust => trust(app, action),
        _ => Vec::new(),
    }
}

fn unused(app: &mut App, action: &Action) {
    if let Action::Answer(c) = action {
        let help = app.keymap.hint_key(Mode::Global, &Action::Help);
        app.say(
            StatusKind::Info,
            s::key_unused(app.lang, *c, help.as_deref()),
        );
    }
}

fn inbox(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let ib = &mut app.sup.inbox;
    if let Some(input) = ib.prompt.as_mut() {
        match action {
            Action::Text(k) if k.code == KeyCode::Tab => {
                let (text, names) = complete(input.value());
                *input = Input::new(text);
                ib.completions = if names.len() > 1 { names } else { Vec::new() };
            }
            Action::Text(k) => {
                let changed = type_into(input, k);
                if changed {
                    ib.completions.clear();
                }
            }
            Action::Cancel => {
                ib.prompt = None;
                ib.completions.clear();
            }
            Action::Submit => {
                let raw = input.value().trim().to_string();
                if raw.is_empty() {
                    return Vec::new();
                }
                let path = crate::fsio::expand_tilde(&raw);
                let files = if path.is_dir() {
                    bundles_in(&path)
                } else if path.is_file() {
                    vec![path.clone()]
                } else {
                    app.say(
                        StatusKind::Error,
                        format!(
                            "{}{}",
                            tr(lang, s::NOT_FOUND),
                            crate::i18n::inert(&raw, false)
                        ),
                    );
                    return Vec::new();
                };
                if files.is_empty() {
                    app.say(StatusKind::Error, tr(lang, s::NO_BUNDLES));
                    return Vec::new();
                }
                start_job(app, &path, files);
            }
            _ => {}
        }
        return Vec::new();
    }
    let n = ib.rows.len();
    match action {
        Action::Up => ib.selected = ib.selected.saturating_sub(1),
        Action::Down => ib.selected = (ib.selected + 1).min(n.saturating_sub(1)),
        Action::Top => ib.selected = 0,
        Action::Bottom => ib.selected = n.saturating_sub(1),
        Action::Open => ib.detail = !ib.detail,
        Action::Back | Action::Cancel if ib.job.is_some() => {
            if let Some(j) = ib.job.as_mut() {
                j.cancel = true;
            }
            app.say(StatusKind::Info, tr(lang, s::CANCELLING));
        }
        Action::Back => {
            app.screen = Screen::Home;
            return back_home();
        }
        _ if ib.job.is_some() => {}
        Action::Import => {
            ib.prompt = Some(Input::new(ib.source.clone().unwrap_or_default()));
            ib.completions.clear();
        }
        Action::Retry => {
            let waiting = ib.rows.iter().any(|r| {
                r.outcome
                    .as_ref()
                    .is_some_and(|o| o.verdict == Verdict::Quarantined)
            });
            if waiting {
                return vec![Effect::Sup(SupEffect::Retry)];
            }
            app.say(StatusKind::Info, tr(lang, s::NOTHING_TO_RETRY));
        }
        Action::TrustKey => {
            let row = ib.rows.get(ib.selected).and_then(|r| r.outcome.as_ref());
            match row {
                Some(o) if o.reason == Reason::UnknownSigner && o.signer.is_some() => {
                    app.sup.trust_form = Some(TrustForm {
                        key: Input::new(o.signer.clone().unwrap_or_default()),
                        name: Input::new(o.signer_name.clone().unwrap_or_default()),
                        supervisor: false,
                        focus: 1,
                    });
                }
                _ => app.say(StatusKind::Info, tr(lang, s::NOT_QUARANTINED)),
            }
        }
        other => unused(app, &other),
    }
    Vec::new()
}

fn start_job(app: &mut App, source: &Path, files: Vec<PathBuf>) {
    let ib = &mut app.sup.inbox;
    ib.prompt = None;
    ib.completions.clear();
    ib.source = Some(source.display().to_string());
    let first = ib.rows.len();
    let total = files.len();
    ib.rows.extend(files.into_iter().map(|path| InboxRow {
        path,
        peek: None,
        outcome: None,
    }));
    ib.selected = first;
    ib.job = Some(Job {
        queue: (first..first + total).collect(),
        total,
        done: 0,
        cancel: false,
    });
}

/// The next piece of background work: one file of the running import.
pub fn step(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    let ib = &mut app.sup.inbox;
    let Some(job) = ib.job.as_mut() else {
        return Vec::new();
    };
    let next = if job.cancel {
        None
    } else {
        job.queue.pop_front()
    };
    match next {
        Some(row) => {
            let path = ib.rows[row].path.clone();
            vec![Effect::Sup(SupEffect::ImportOne { row, path })]
        }
        None => {
            ib.job = None;
            let (ok, bad) =
                ib.rows
                    .iter()
                    .filter_map(|r| r.outcome.as_ref())
                    .fold((0, 0), |(a, b), o| {
                        if o.verdict.ok() {
                            (a + 1, b)
                        } else {
                            (a, b + 1)
                        }
                    });
            let msg = s::import_done(lang, ok + bad, ok, bad);
            app.say(StatusKind::Saved, msg);
            vec![Effect::LoadHome]
        }
    }
}

fn dashboard(app: &mut App, action: Action) -> Vec<Effect> {
    let d = &mut app.sup.dash;
    if d.filtering {
        match action {
            Action::Text(k) => {
                let changed = type_into(&mut d.filter, k);
                if changed {
                    d.selected = 0;
                }
            }
            Action::Submit => d.filtering = false,
            Action::Cancel => {
                d.filtering = false;
                d.filter.reset();
            }
            _ => {}
        }
        return Vec::new();
    }
    let n = d.visible().len();
    match action {
        Action::Up => d.selected = d.selected.saturating_sub(1),
        Action::Down => d.selected = (d.selected + 1).min(n.saturating_sub(1)),
        Action::Top => d.selected = 0,
        Action::Bottom => d.selected = n.saturating_sub(1),
        Action::Filter => d.filtering = true,
        Action::ProblemsOnly => {
            d.problems_only = !d.problems_only;
            d.selected = 0;
        }
        Action::Back => {
            app.screen = Screen::Home;
            return back_home();
        }
        other => unused(app, &other),
    }
    Vec::new()
}

fn conflict(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let c = &mut app.sup.conflicts;
    let n = c.list.len();
    if let Some(typing) = c.typing {
        match action {
            Action::Text(k) => {
                let field = match typing {
                    Typing::Value => &mut c.value,
                    Typing::Reason => &mut c.reason,
                };
                type_into(field, k);
            }
            Action::Cancel => c.clear_choice(),
            Action::Submit => match typing {
                Typing::Value => {
                    if c.value.value().trim().is_empty() {
                        app.say(StatusKind::Error, tr(lang, s::VALUE_REQUIRED));
                    } else {
                        c.typing = Some(Typing::Reason);
                    }
                }
                Typing::Reason => {
                    let reason = c.reason.value().trim().to_string();
                    if reason.is_empty() {
                        app.say(StatusKind::Error, tr(lang, s::REASON_REQUIRED));
                        return Vec::new();
                    }
                    let Some(cur) = c.current() else {
                        return Vec::new();
                    };
                    return vec![Effect::Sup(SupEffect::Resolve {
                        id: cur.assessment.clone(),
                        indicator: cur.indicator.clone(),
                        pick: c.pick,
                        value: c.pick.is_none().then(|| c.value.value().trim().to_string()),
                        reason,
                    })];
                }
            },
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::NextConflict if n > 0 => {
            c.at = (c.at + 1) % n;
            c.clear_choice();
        }
        Action::PrevConflict if n > 0 => {
            c.at = (c.at + n - 1) % n;
            c.clear_choice();
        }
        Action::Answer(ch) if n > 0 => {
            let k = c.current().map_or(0, |x| x.candidates.len());
            match ch.to_digit(10).map(|d| d as usize) {
                Some(d) if d >= 1 && d <= k => {
                    c.pick = Some(d);
                    c.value.reset();
                    c.typing = Some(Typing::Reason);
                }
                _ => app.say(StatusKind::Error, s::not_a_candidate(lang, ch, k)),
            }
        }
        Action::OtherValue if n > 0 => {
            c.pick = None;
            c.typing = Some(Typing::Value);
        }
        Action::Back => {
            app.screen = Screen::Home;
            return back_home();
        }
        other => unused(app, &other),
    }
    Vec::new()
}

fn trust(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let t = &mut app.sup.trust;
    let n = t.list.len();
    let confirm = t.confirm.take();
    match action {
        Action::Up => t.selected = t.selected.saturating_sub(1),
        Action::Down => t.selected = (t.selected + 1).min(n.saturating_sub(1)),
        Action::New => app.sup.trust_form = Some(TrustForm::default()),
        Action::Remove => {
            if let Some(e) = t.list.get(t.selected) {
                if confirm.as_deref() == Some(e.device.as_str()) {
                    return vec![Effect::Sup(SupEffect::TrustRemove(e.device.clone()))];
                }
                t.confirm = Some(e.device.clone());
                let key = app
                    .keymap
                    .hint_key(Mode::Trust, &Action::Remove)
                    .unwrap_or_default();
                let msg = s::confirm_remove(lang, &crate::i18n::inert(&e.name, false), &key);
                app.say(StatusKind::Warn, msg);
            }
        }
        Action::Back => {
            app.screen = Screen::Home;
            return back_home();
        }
        other => unused(app, &other),
    }
    Vec::new()
}

fn trust_form(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Some(f) = app.sup.trust_form.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Cancel => app.sup.trust_form = None,
        Action::NextField => f.focus = (f.focus + 1) % 3,
        Action::PrevField => f.focus = (f.focus + 2) % 3,
        Action::Up | Action::Down if f.focus == 2 => f.supervisor = !f.supervisor,
        Action::Down => f.focus = (f.focus + 1) % 3,
        Action::Up => f.focus = (f.focus + 2) % 3,
        Action::Text(k) if f.focus == 2 => {
            if matches!(k.code, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) {
                f.supervisor = !f.supervisor;
            }
        }
        Action::Text(k) => {
            let field = if f.focus == 0 {
                &mut f.key
            } else {
                &mut f.name
            };
            type_into(field, k);
        }
        Action::Submit if f.focus < 2 => {
            if f.focus == 0 && !valid_key(f.key.value()) {
                app.say(StatusKind::Error, tr(lang, s::KEY_INVALID));
            } else {
                f.focus += 1;
            }
        }
        Action::Submit => {
            if !valid_key(f.key.value()) {
                f.focus = 0;
                app.say(StatusKind::Error, tr(lang, s::KEY_INVALID));
                return Vec::new();
            }
            let name = f.name.value().trim().to_string();
            if name.is_empty() {
                f.focus = 1;
                app.say(StatusKind::Error, tr(lang, s::NAME_REQUIRED));
                return Vec::new();
            }
            return vec![Effect::Sup(SupEffect::TrustAdd {
                key: f.key_hex(),
                name,
                supervisor: f.supervisor,
            })];
        }
        _ => {}
    }
    Vec::new()
}

fn review_dialog(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Some(d) = app.sup.review.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Cancel => app.sup.review = None,
        Action::NextField | Action::PrevField => d.focus = 1 - d.focus,
        Action::Up if d.focus == 0 => d.choice = d.choice.saturating_sub(1),
        Action::Down if d.focus == 0 => d.choice = (d.choice + 1).min(2),
        Action::Up | Action::Down => d.focus = 0,
        Action::Text(k) if d.focus == 1 => {
            type_into(&mut d.comment, k);
        }
        Action::Text(k) => match k.code {
            KeyCode::Char(c @ '1'..='3') => d.choice = (c as usize) - ('1' as usize),
            KeyCode::Char(_) => {
                // Typing goes into the comment.
                d.focus = 1;
                type_into(&mut d.comment, k);
            }
            _ => {}
        },
        Action::Submit => {
            let state = REVIEW_STATES[d.choice.min(2)];
            let comment = d.comment.value().trim().to_string();
            if state == ReviewState::NeedsRevision && comment.is_empty() {
                let again = d.focus == 1;
                d.focus = 1;
                if again {
                    app.say(StatusKind::Error, tr(lang, s::COMMENT_REQUIRED));
                }
                return Vec::new();
            }
            return vec![Effect::Sup(SupEffect::SetReview {
                id: d.id.clone(),
                state,
                comment,
            })];
        }
        _ => {}
    }
    Vec::new()
}

// ---- outcomes ---------------------------------------------------------------------------

fn merge_outcome(rows: &mut Vec<InboxRow>, o: ImportOutcome) {
    let at = rows.iter().position(|r| {
        r.outcome
            .as_ref()
            .is_some_and(|x| x.hash.is_some() && x.hash == o.hash)
    });
    match at {
        Some(i) => rows[i].outcome = Some(o),
        None => rows.push(InboxRow {
            path: PathBuf::from(&o.file),
            peek: None,
            outcome: Some(o),
        }),
    }
}

/// A supervisor effect's result.
pub fn outcome(app: &mut App, o: SupOutcome) -> Vec<Effect> {
    let lang = app.lang;
    match o {
        SupOutcome::Imported { row, peek, outcome } => {
            let ib = &mut app.sup.inbox;
            if let Some(r) = ib.rows.get_mut(row) {
                r.peek = peek;
                r.outcome = Some(*outcome);
            }
            if let Some(j) = ib.job.as_mut() {
                j.done += 1;
            }
            Vec::new()
        }
        SupOutcome::Retried(v) => {
            let n = v.len();
            let ok = v.iter().filter(|o| o.verdict.ok()).count();
            for o in v {
                merge_outcome(&mut app.sup.inbox.rows, o);
            }
            app.say(StatusKind::Saved, s::import_done(lang, n, ok, n - ok));
            vec![Effect::LoadHome]
        }
        SupOutcome::Conflicts { list, wording } => {
            let c = &mut app.sup.conflicts;
            c.list = list;
            c.wording = wording;
            c.at = c.at.min(c.list.len().saturating_sub(1));
            Vec::new()
        }
        SupOutcome::Resolved { indicator, list } => {
            let c = &mut app.sup.conflicts;
            c.clear_choice();
            c.list = list;
            c.at = c.at.min(c.list.len().saturating_sub(1));
            let left = c.list.len();
            app.say(StatusKind::Saved, s::resolved(lang, &indicator, left));
            vec![Effect::LoadHome]
        }
        SupOutcome::Reviewed => {
            app.sup.review = None;
            app.say(StatusKind::Saved, tr(lang, s::REVIEW_SAVED));
            vec![Effect::LoadHome]
        }
        SupOutcome::Dashboard(v) => {
            app.sup.dash.rows = v;
            let n = app.sup.dash.visible().len();
            app.sup.dash.selected = app.sup.dash.selected.min(n.saturating_sub(1));
            Vec::new()
        }
        SupOutcome::Trust(v) => {
            app.sup.trust.list = v;
            app.sup.trust.selected = app
                .sup
                .trust
                .selected
                .min(app.sup.trust.list.len().saturating_sub(1));
            Vec::new()
        }
        SupOutcome::Trusted {
            name,
            waiting,
            list,
        } => {
            app.sup.trust_form = None;
            app.sup.trust.list = list;
            let retry = app.keymap.hint_key(Mode::Inbox, &Action::Retry);
            let msg = s::trusted(
                lang,
                &crate::i18n::inert(&name, false),
                waiting,
                retry.as_deref(),
            );
            app.say(StatusKind::Saved, msg);
            Vec::new()
        }
        SupOutcome::Untrusted { name, list } => {
            app.sup.trust.list = list;
            app.sup.trust.selected = app
                .sup
                .trust
                .selected
                .min(app.sup.trust.list.len().saturating_sub(1));
            app.say(
                StatusKind::Saved,
                s::trust_removed(lang, &crate::i18n::inert(&name, false)),
            );
            Vec::new()
        }
    }
}

/// The next step to tell the supervisor for a verdict.
#[must_use]
pub fn next_step(lang: crate::i18n::Lang, o: &ImportOutcome) -> &'static str {
    match o.verdict {
        Verdict::Rejected => tr(lang, s::NEXT_RESEND),
        Verdict::Quarantined if o.reason == Reason::UnknownSigner => tr(lang, s::NEXT_TRUST),
        Verdict::Quarantined => tr(lang, s::NEXT_RESEND),
        Verdict::AcceptedWithWarnings if o.warnings.contains(&Warning::PendingEvidence) => {
            tr(lang, s::NEXT_EVIDENCE)
        }
        Verdict::AcceptedWithWarnings if o.warnings.contains(&Warning::Gap) => {
            tr(lang, s::NEXT_GAP)
        }
        _ if o.new_conflicts > 0 || o.conflicts > 0 => tr(lang, s::NEXT_CONFLICTS),
        _ => tr(lang, s::NEXT_NONE),
    }
}

// ---- hints ------------------------------------------------------------------------------

/// The hints of a supervisor screen, most important first: (action, own label or the
/// action's usual one).
#[must_use]
pub fn hint_actions(app: &App) -> Vec<(Action, Option<s::T>)> {
    let none = |a: Action| (a, None);
    match &app.screen {
        Screen::Inbox if app.sup.inbox.prompt.is_some() => vec![
            (Action::Submit, Some(s::HINT_IMPORT)),
            (Action::Cancel, Some(("batal", "cancel"))),
        ],
        Screen::Inbox if app.sup.inbox.job.is_some() => vec![
            (Action::Back, Some(s::HINT_STOP)),
            (Action::Down, Some(s::HINT_SCROLL)),
        ],
        Screen::Inbox => {
            let mut v = Vec::new();
            if !app.sup.inbox.rows.is_empty() {
                v.push((Action::Open, Some(s::HINT_DETAILS)));
            }
            v.extend([
                none(Action::TrustKey),
                none(Action::Retry),
                none(Action::Import),
                none(Action::Back),
            ]);
            v
        }
        Screen::Dashboard => vec![
            none(Action::Filter),
            none(Action::ProblemsOnly),
            none(Action::Back),
        ],
        Screen::Conflicts if app.sup.conflicts.typing.is_some() => vec![
            (Action::Submit, Some(s::HINT_SAVE_RESOLUTION)),
            (Action::Cancel, Some(("batal", "cancel"))),
        ],
        Screen::Conflicts => {
            let mut v = vec![
                none(Action::OtherValue),
                none(Action::NextConflict),
                none(Action::Back),
            ];
            if app.sup.conflicts.list.is_empty() {
                v.drain(..2);
            }
            v
        }
        Screen::Trust => {
            let mut v = vec![(Action::New, Some(s::HINT_ADD))];
            if !app.sup.trust.list.is_empty() {
                v.push(none(Action::Remove));
            }
            v.push(none(Action::Back));
            v
        }
        _ => Vec::new(),
    }
}
