//! The supervisor's inbox (issue 6): type the path of a bundle file or a folder (Tab
//! completes), then the files import one per event-loop turn ([`tick`]), so keys are
//! answered between files and Esc stops after the file in progress. Each row keeps its
//! verdict; quarantined bundles can be re-processed, and an unknown signer's key trusted
//! from here (the add-a-key form of `trust.rs`, as a popup). The rows are this session's
//! log: they stay when the supervisor goes home and comes back.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::KeyCode;
use tui_input::Input;

use crate::i18n::inert;
use crate::present::tui::supervisor as s;
use crate::present::tui::tr;
use crate::workspace::bundles::{ImportOutcome, Reason, Verdict};

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::{Effect, Peek};
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::trust::TrustForm;
use super::{Screen, type_into, unused_key};

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
    /// The add-a-key form for the selected file's signer.
    pub trust_form: Option<TrustForm>,
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
                return vec![Effect::Complete(input.value().to_string())];
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
            let waiting = ib.rows.iter().any(|r| {
                r.outcome
                    .as_ref()
                    .is_some_and(|o| o.verdict == Verdict::Quarantined)
            });
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

/// One file is imported.
pub fn imported(app: &mut App, row: usize, peek: Option<Peek>, outcome: ImportOutcome) {
    let Some(ib) = inbox(app) else {
        return;
    };
    if let Some(r) = ib.rows.get_mut(row) {
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
