//! The supervisor's inbox (issue 6): type the path of a bundle file or a folder (Tab
//! completes), then the files import one per event-loop turn ([`tick`]), so keys are
//! answered between files and Esc stops after the file in progress. Each row keeps its
//! verdict; quarantined bundles can be re-processed, and an unknown signer's key trusted
//! from here (the add-a-key form of `trust.rs`, as a popup). The rows start with the
//! store's import log (issue 14: the history survives a restart), then this session's
//! files; they stay when the supervisor goes home and comes back. A usable file that
//! created conflicts or had ops held is flagged (⚠ with the counts), not shown as clean.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::KeyCode;
use tui_input::Input;

use crate::i18n::inert;
use crate::present::tui::supervisor as s;
use crate::present::tui::tr;
use crate::workspace::bundles::{ImportOutcome, LogRecord, Reason, Verdict};

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::{Effect, Peek};
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::trust::TrustForm;
use super::{Screen, type_into, unused_key};

/// One file of the inbox: imported in this session (`outcome`), or in an earlier one
/// (`logged`, from the store's import log).
#[derive(Debug, Clone)]
pub struct InboxRow {
    pub path: PathBuf,
    pub peek: Option<Peek>,
    pub outcome: Option<ImportOutcome>,
    pub logged: Option<LogRecord>,
}

impl InboxRow {
    /// A row of the import log.
    #[must_use]
    pub fn from_log(r: LogRecord) -> InboxRow {
        InboxRow {
            path: PathBuf::from(&r.file),
            peek: None,
            outcome: None,
            logged: Some(r),
        }
    }

    /// The verdict, once the file is imported (now or in an earlier session).
    #[must_use]
    pub fn verdict(&self) -> Option<Verdict> {
        self.outcome
            .as_ref()
            .map(|o| o.verdict)
            .or_else(|| self.logged.as_ref().map(|r| r.verdict))
    }

    /// A usable file's conflicts created and ops held (`(0, 0)` for a clean one or one
    /// that was not merged).
    #[must_use]
    pub fn flags(&self) -> (u64, u64) {
        if !self.verdict().is_some_and(Verdict::ok) {
            return (0, 0);
        }
        match (&self.outcome, &self.logged) {
            (Some(o), _) => (o.new_conflicts, o.held.len() as u64),
            (None, Some(r)) => r.flags(),
            (None, None) => (0, 0),
        }
    }

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
    /// The add-a-key form for the selected file's signer.
    pub trust_form: Option<TrustForm>,
    /// The import log was asked for (once per session: later rows are this session's).
    pub history_asked: bool,
}

impl InboxState {
    /// The key bindings: the form's, the path prompt's, or the inbox's.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.trust_form.is_some() {
            Mode::Form
        } else if self.prompt.is_some() {
            Mode::Prompt
        } else {
            Mode::Inbox
        }
    }
}

/// A key on the inbox.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Inbox(ib) = &mut app.screen else {
        return Vec::new();
    };
    if ib.trust_form.is_some() {
        return super::trust::form_update(app, msg);
    }
    if let Some(input) = ib.prompt.as_mut() {
        match msg {
            Msg::Text(k) if k.code == KeyCode::Tab => {
                return vec![Effect::Complete {
                    text: input.value().to_string(),
                    offer: super::super::effect::files::Offer::Bundles,
                }];
            }
            Msg::Text(k) => {
                let changed = type_into(input, k);
                if changed {
                    ib.completions.clear();
                }
            }
            Msg::Command(C::Cancel) => {
                ib.prompt = None;
                ib.completions.clear();
            }
            Msg::Command(C::Submit) => {
                let raw = input.value().trim().to_string();
                if !raw.is_empty() {
                    return vec![Effect::FindBundles(raw)];
                }
            }
            _ => {}
        }
        return Vec::new();
    }
    let n = ib.rows.len();
    match msg {
        Msg::Command(C::Up) => ib.selected = ib.selected.saturating_sub(1),
        Msg::Command(C::Down) => ib.selected = (ib.selected + 1).min(n.saturating_sub(1)),
        Msg::Command(C::Top) => ib.selected = 0,
        Msg::Command(C::Bottom) => ib.selected = n.saturating_sub(1),
        Msg::Command(C::Open) => ib.detail = !ib.detail,
        Msg::Command(C::Back | C::Cancel) if ib.job.is_some() => {
            if let Some(j) = ib.job.as_mut() {
                j.cancel = true;
            }
            app.say(StatusKind::Info, tr(lang, s::CANCELLING));
        }
        Msg::Command(C::Back) => {
            app.go_home();
            return vec![Effect::LoadHome];
        }
        _ if ib.job.is_some() => {}
        Msg::Command(C::Import) => {
            ib.prompt = Some(Input::new(ib.source.clone().unwrap_or_default()));
            ib.completions.clear();
        }
        Msg::Command(C::Retry) => {
            let waiting = ib
                .rows
                .iter()
                .any(|r| r.verdict() == Some(Verdict::Quarantined));
            if waiting {
                return vec![Effect::Retry];
            }
            app.say(StatusKind::Info, tr(lang, s::NOTHING_TO_RETRY));
        }
        Msg::Command(C::TrustKey) => {
            let row = ib.rows.get(ib.selected).and_then(|r| r.outcome.as_ref());
            match row {
                Some(o) if o.reason == Reason::UnknownSigner && o.signer.is_some() => {
                    ib.trust_form = Some(TrustForm::for_signer(o));
                }
                _ => app.say(StatusKind::Info, tr(lang, s::NOT_QUARANTINED)),
            }
        }
        other => unused_key(app, &other),
    }
    Vec::new()
}

fn inbox(app: &mut App) -> Option<&mut InboxState> {
    match &mut app.screen {
        Screen::Inbox(ib) => Some(ib),
        _ => None,
    }
}

/// Tab's completion of `text`, if the prompt still holds it.
pub fn completed(app: &mut App, text: &str, completed: String, names: Vec<String>) {
    let Some(ib) = inbox(app) else {
        return;
    };
    if let Some(input) = ib.prompt.as_mut()
        && input.value() == text
    {
        *input = Input::new(completed);
        ib.completions = if names.len() > 1 { names } else { Vec::new() };
    }
}

/// The files of the path typed: start importing them, or say why not.
pub fn found(app: &mut App, raw: &str, source: &Path, files: Option<Vec<PathBuf>>) {
    let lang = app.lang;
    match files {
        None => app.say(
            StatusKind::Error,
            format!("{}{}", tr(lang, s::NOT_FOUND), inert(raw, false)),
        ),
        Some(files) if files.is_empty() => app.say(StatusKind::Error, tr(lang, s::NO_BUNDLES)),
        Some(files) => {
            if let Some(ib) = inbox(app) {
                start_job(ib, source, files);
            }
        }
    }
}

fn start_job(ib: &mut InboxState, source: &Path, files: Vec<PathBuf>) {
    ib.prompt = None;
    ib.completions.clear();
    ib.source = Some(source.display().to_string());
    let first = ib.rows.len();
    let total = files.len();
    ib.rows.extend(files.into_iter().map(|path| InboxRow {
        path,
        peek: None,
        outcome: None,
        logged: None,
    }));
    ib.selected = first;
    ib.job = Some(Job {
        queue: (first..first + total).collect(),
        total,
        done: 0,
        cancel: false,
    });
}

/// The next piece of background work: one file of the running import, or its end.
pub fn tick(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    let Some(ib) = inbox(app) else {
        return Vec::new();
    };
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
            vec![Effect::ImportOne { row, path }]
        }
        None => {
            let job = ib.job.take().unwrap_or_default();
            let first = ib.rows.len().saturating_sub(job.total);
            let this = &ib.rows[first..];
            let (ok, bad) =
                this.iter()
                    .filter_map(|r| r.outcome.as_ref())
                    .fold((0, 0), |(a, b), o| {
                        if o.verdict.ok() {
                            (a + 1, b)
                        } else {
                            (a, b + 1)
                        }
                    });
            let mut msg = s::import_done(lang, ok + bad, ok, bad);
            let flagged = flagged(this);
            let kind = if flagged.0 > 0 {
                let key = app.keymap.hint_key(Mode::Home, C::Conflicts);
                msg = format!(
                    "{msg} {}",
                    s::import_flagged(lang, flagged.0, flagged.1, flagged.2, key.as_deref())
                );
                StatusKind::Warn
            } else {
                StatusKind::Saved
            };
            app.say(kind, msg);
            vec![Effect::LoadHome]
        }
    }
}

/// Files flagged among `rows`, the conflicts they created and the ops held.
#[must_use]
pub fn flagged(rows: &[InboxRow]) -> (usize, u64, u64) {
    rows.iter()
        .map(InboxRow::flags)
        .filter(|&(c, h)| c + h > 0)
        .fold((0, 0, 0), |(n, c, h), (x, y)| (n + 1, c + x, h + y))
}

/// Entering the inbox: the store's import log, the first time in this session.
pub fn entered(app: &mut App) -> Vec<Effect> {
    match inbox(app) {
        Some(ib) if !ib.history_asked => {
            ib.history_asked = true;
            vec![Effect::LoadImportLog]
        }
        _ => Vec::new(),
    }
}

/// The store's import log arrived: it goes before this session's rows.
pub fn history(app: &mut App, log: Vec<LogRecord>) {
    let lang = app.lang;
    let key = app.keymap.hint_key(Mode::Home, C::Conflicts);
    let Some(ib) = inbox(app) else {
        return;
    };
    let n = log.len();
    if n == 0 {
        return;
    }
    let mut rows: Vec<InboxRow> = log.into_iter().map(InboxRow::from_log).collect();
    let (f, c, h) = flagged(&rows);
    let had = ib.rows.len();
    rows.append(&mut ib.rows);
    // Rows of this session's running import are addressed by index: shift them.
    if let Some(j) = ib.job.as_mut() {
        for i in &mut j.queue {
            *i += n;
        }
    }
    ib.rows = rows;
    if had > 0 {
        ib.selected += n;
    }
    if ib.job.is_none() {
        let mut msg = s::history_loaded(lang, n);
        let kind = if f > 0 {
            msg = format!("{msg} {}", s::import_flagged(lang, f, c, h, key.as_deref()));
            StatusKind::Warn
        } else {
            StatusKind::Info
        };
        app.say(kind, msg);
    }
}

/// One file is imported.
pub fn imported(app: &mut App, row: usize, peek: Option<Peek>, outcome: ImportOutcome) {
    let Some(ib) = inbox(app) else {
        return;
    };
    if let Some(r) = ib.rows.get_mut(row)
        && r.logged.is_none()
    {
        r.peek = peek;
        r.outcome = Some(outcome);
    }
    if let Some(j) = ib.job.as_mut() {
        j.done += 1;
    }
}

/// The quarantined bundles are re-processed: their rows updated in place.
pub fn retried(app: &mut App, v: Vec<ImportOutcome>) -> Vec<Effect> {
    let lang = app.lang;
    let n = v.len();
    let ok = v.iter().filter(|o| o.verdict.ok()).count();
    if let Some(ib) = inbox(app) {
        for o in v {
            merge_outcome(&mut ib.rows, o);
        }
    }
    app.say(StatusKind::Saved, s::import_done(lang, n, ok, n - ok));
    vec![Effect::LoadHome]
}

fn merge_outcome(rows: &mut Vec<InboxRow>, o: ImportOutcome) {
    let at = rows.iter().position(|r| {
        let hash = r
            .outcome
            .as_ref()
            .map(|x| &x.hash)
            .or_else(|| r.logged.as_ref().map(|x| &x.hash));
        o.hash.is_some() && hash == Some(&o.hash)
    });
    match at {
        Some(i) => rows[i].outcome = Some(o),
        None => rows.push(InboxRow {
            path: PathBuf::from(&o.file),
            peek: None,
            outcome: Some(o),
            logged: None,
        }),
    }
}
