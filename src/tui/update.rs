//! `update(&mut App, Msg) -> Vec<Effect>`: the only place the UI state changes. It does no
//! I/O; anything that touches the store or the file system is returned as an [`Effect`],
//! and its result comes back later as [`Msg::Done`]. Here messages are routed: what every
//! screen shares (resize, progress, the help overlay, quit) first, then the screen on
//! display, or the screen an effect's outcome is for.

use crate::i18n::inert;

use super::app::{App, StatusKind};
use super::command::Command;
use super::effect::{Effect, Failed, Outcome};
use super::msg::Msg;
use super::screens::{
    Screen, checklist, conflicts, dashboard, export, first_run, help, home, inbox, new_assessment,
    popup, receipt, report, respondents, review_state, trust,
};

/// Apply one message to the state; return the effects to run.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Done(o) => return outcome(app, *o),
        Msg::Resize(w, h) => {
            app.size = (w, h);
            checklist::clamp_scroll(app);
            return Vec::new();
        }
        Msg::Progress { done, total } => {
            if let Some(p) = app.progress.as_mut() {
                p.done = done;
                p.total = total;
            }
            return Vec::new();
        }
        // Background work, not a key.
        Msg::Tick => return inbox::tick(app),
        Msg::Idle => return popup::idle(app),
        Msg::Command(_) | Msg::Char(_) | Msg::Text(_) => {}
    }
    // A new key press replaces the last message.
    app.status = None;
    if app.help.is_some() {
        help::update(app, &msg);
        return Vec::new();
    }
    match msg {
        Msg::Command(Command::Quit) => {
            app.quit = true;
            return Vec::new();
        }
        Msg::Command(Command::Help) => {
            help::open(app);
            return Vec::new();
        }
        _ => {}
    }
    match &app.screen {
        Screen::Loading => Vec::new(),
        Screen::FirstRun(_) => first_run::update(app, msg),
        Screen::Welcome => {
            first_run::welcome(app, &msg);
            Vec::new()
        }
        Screen::Home => home::update(app, msg),
        Screen::New(_) => new_assessment::update(app, msg),
        Screen::Checklist(_) => checklist::update(app, msg),
        Screen::Export(_) => export::update(app, msg),
        Screen::Receipt(_) => receipt::update(app, &msg),
        Screen::Report(_) => {
            report::update(app, &msg);
            Vec::new()
        }
        Screen::Inbox(_) => inbox::update(app, msg),
        Screen::Dashboard(_) => dashboard::update(app, msg),
        Screen::Conflicts(_) => conflicts::update(app, msg),
        Screen::Trust(_) => trust::update(app, msg),
        Screen::Respondents(_) => respondents::update(app, msg),
    }
}

/// An effect's result, to the screen it is for.
fn outcome(app: &mut App, o: Outcome) -> Vec<Effect> {
    match o {
        Outcome::Started { home, resume } => {
            first_run::started(app, home, resume);
            Vec::new()
        }
        Outcome::Initialized(me) => first_run::initialized(app, me),
        Outcome::Home(h) => {
            home::set(app, h);
            Vec::new()
        }
        Outcome::Opened {
            view,
            indicator,
            created,
        } => checklist::opened(app, view, indicator.as_deref(), created),
        Outcome::Audit { id, entries } => {
            popup::audit(app, &id, entries);
            Vec::new()
        }
        Outcome::Saved { view, what, goto } => checklist::saved(app, view, what, goto),
        Outcome::Respondents { view, saved } => respondents::loaded(app, *view, saved),
        Outcome::Failed { during, message } => {
            failed(app, during, message);
            Vec::new()
        }
        Outcome::Exported(x) => receipt::exported(app, &x),
        Outcome::FolderMissing(d) => {
            export::folder_missing(app, *d);
            Vec::new()
        }
        Outcome::Synced(r) => receipt::synced(app, &r),
        Outcome::Report(r) => {
            report::opened(app, *r);
            Vec::new()
        }
        Outcome::Completed {
            text,
            completed,
            names,
        } => {
            if matches!(app.screen, Screen::Checklist(_)) {
                popup::completed(app, &text, completed, names);
            } else {
                inbox::completed(app, &text, completed, names);
            }
            Vec::new()
        }
        Outcome::EvidenceOpened { name, path, viewer } => {
            let (name, shown) = (
                inert(&name, false),
                inert(&path.display().to_string(), false),
            );
            let lang = app.lang;
            match viewer {
                Ok(v) => {
                    let v = inert(&v, false);
                    let text = crate::present::tui::checklist::opened_with(lang, &name, &v, &shown);
                    app.say(StatusKind::Info, text);
                }
                Err(v) => {
                    let v = inert(&v, false);
                    let text = crate::present::tui::checklist::no_viewer(lang, &name, &v, &shown);
                    app.say(StatusKind::Warn, text);
                }
            }
            Vec::new()
        }
        Outcome::Found { raw, source, files } => {
            inbox::found(app, &raw, &source, files);
            Vec::new()
        }
        Outcome::Imported { row, peek, outcome } => {
            inbox::imported(app, row, peek, *outcome);
            Vec::new()
        }
        Outcome::Retried(v) => inbox::retried(app, v),
        Outcome::ImportLog(v) => {
            inbox::history(app, v);
            Vec::new()
        }
        Outcome::Conflicts { list, wording } => {
            conflicts::loaded(app, list, wording);
            Vec::new()
        }
        Outcome::Resolved { indicator, list } => conflicts::resolved(app, &indicator, list),
        Outcome::Reviewed => review_state::reviewed(app),
        Outcome::ReviewGuard(open) => review_state::guarded(app, open),
        Outcome::Dashboard(rows) => {
            dashboard::loaded(app, rows);
            Vec::new()
        }
        Outcome::Trust(list) => {
            trust::loaded(app, list);
            Vec::new()
        }
        Outcome::Trusted {
            name,
            waiting,
            list,
        } => {
            trust::trusted(app, &name, waiting, list);
            Vec::new()
        }
        Outcome::Untrusted { name, list } => {
            trust::untrusted(app, &name, list);
            Vec::new()
        }
    }
}

/// An effect failed: say why. A failed start or open lands on home; a failed long job
/// takes its gauge away and shows the message as it is.
fn failed(app: &mut App, during: Failed, message: String) {
    let message = match during {
        Failed::Start | Failed::Open => {
            if app.me.is_some() {
                app.go_home();
            }
            inert(&message, false)
        }
        Failed::Tool => {
            app.progress = None;
            message
        }
        Failed::Init
        | Failed::Home
        | Failed::Create
        | Failed::Save
        | Failed::Attach
        | Failed::Position
        | Failed::Audit
        | Failed::Supervisor => inert(&message, false),
    };
    app.say(StatusKind::Error, message);
}
