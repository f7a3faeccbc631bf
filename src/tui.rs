//! The terminal UI that assessors and supervisors work in, Elm style. A map:
//!
//! - **Screens** (`screens/`): one module per screen with its state and its update —
//!   `first_run` (identity form, then the fingerprint once), `home` (the assessments; its
//!   state is `App::home`, under every other screen), `new_assessment`, `checklist` with its
//!   `popup`s (note, evidence, search) and its `review` screen, `export` (the export and
//!   sync form), `receipt`, `report`; for a supervisor `inbox`, `dashboard`, `conflicts`,
//!   `trust` (with the add-a-key form) and `review_state` (a dialog on home); `respondents`
//!   (issue 15, from the checklist: survey respondents, one row each); `help` is an
//!   overlay on any screen. [`screens::Screen`] is the one on display; [`app::App`] holds
//!   it and the state every screen shares.
//! - **Messages** ([`msg::Msg`]): a bound [`command::Command`], a key no command takes (a
//!   character, a key for a text field), a resize, a tick for background work, a long job's
//!   progress, an effect's outcome. `keymap.rs` turns a key press into one (never changing
//!   state), from `assets/keymap.default.toml` and the user's `keymap.toml`.
//! - **Update** (`update.rs`): the only place the state changes; it routes each message to
//!   its screen and returns [`effect::Effect`]s instead of doing I/O.
//! - **Effects** (`effect.rs`, `effect/`): one enum, one runner against the [`Workspace`]
//!   (every save is durable before its outcome comes back) and the file system (the inbox's
//!   path prompt). This module's loop feeds outcomes and progress back to `update`.
//! - **Rendering** (`ui.rs`, `ui/<screen>.rs`): `impl Widget for &App`, reading only; the
//!   status-bar hints and the help overlay are built from the commands and the keymap in
//!   force. All words come from [`crate::present::tui`].
//!
//! The loop blocks on the next terminal event (no timer), so an idle UI uses no CPU; it
//! redraws after every key and resize, and while a long job advances. Keys already
//! waiting (a paste) are handled in a burst with a redraw every [`DRAW_EVERY`], then
//! [`Msg::Idle`] says the input is drained (a note's draft is kept then, issue 16). During an inbox
//! import it answers every waiting key, then imports one more file. `ratatui::try_init`
//! installs a panic hook that restores the terminal.

pub mod app;
pub mod command;
pub mod effect;
pub mod keymap;
pub mod msg;
pub mod screens;
pub mod theme;
pub mod ui;
pub mod update;

#[cfg(test)]
mod conflicts_tests;
#[cfg(test)]
mod dashboard_tests;
#[cfg(test)]
mod evidence_tests;
#[cfg(test)]
mod respondents_tests;
#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod supervisor_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tools_tests;

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::config::Dirs;
use crate::error::{Error, Result};
use crate::i18n::{Lang, inert};
use crate::present::tui::{OPENING_TERMINAL, TERMINAL, override_ignored, tr};
use crate::workspace::Workspace;

use app::{App, InstrumentChoice, StatusKind};
use effect::Effect;
use keymap::Keymap;
use msg::Msg;
use theme::Theme;

/// Build the UI state for a workspace: keys from the config folder, colours from the
/// environment, warnings (bad keymap or instrument files, a rotated key) on the status line.
#[must_use]
pub fn app_for(ws: &Workspace, dirs: &Dirs, lang: Lang, theme: Theme) -> App {
    let (keymap, warning) = Keymap::load(&dirs.config, lang);
    let mut app = App::new(
        lang,
        theme,
        keymap,
        ws.regions().clone(),
        InstrumentChoice::list(ws.catalog(), lang),
    );
    let mut warnings: Vec<String> = warning.into_iter().collect();
    for p in &ws.override_problems {
        let first = p
            .problems
            .first()
            .map(|x| (x.line, x.col, x.message.as_str()));
        warnings.push(override_ignored(lang, &p.file, first));
    }
    if ws.rotated() && ws.recovered().is_none() {
        warnings.push(crate::present::recovery::key_changed(ws.restored(), lang));
    }
    if let Some(notice) = ws.recovery_notice() {
        warnings.push(crate::present::recovery::notice(&notice, lang));
    }
    if !ws.evidence_lost().is_empty() {
        warnings.push(crate::present::recovery::evidence_lost(
            ws.evidence_lost(),
            lang,
        ));
    }
    if let Some(n) = ws.lost_ops() {
        warnings.push(crate::present::recovery::imported_lost(n, lang));
    }
    if !warnings.is_empty() {
        app.say(StatusKind::Warn, inert(&warnings.join(" "), false));
    }
    app
}

/// Apply a message and run every effect it leads to, until there is nothing left to do.
pub fn dispatch(app: &mut App, ws: &Workspace, msg: impl Into<Msg>) {
    dispatch_with(app, ws, msg, &mut |_| {});
}

/// Like [`dispatch`], calling `redraw` while a long job (export, sync, report) advances so
/// its progress gauge moves.
pub fn dispatch_with(
    app: &mut App,
    ws: &Workspace,
    msg: impl Into<Msg>,
    redraw: &mut dyn FnMut(&App),
) {
    let effects = update::update(app, msg.into());
    perform_with(app, ws, effects, redraw);
}

/// Run effects and every effect their outcomes lead to.
pub fn perform(app: &mut App, ws: &Workspace, effects: Vec<Effect>) {
    perform_with(app, ws, effects, &mut |_| {});
}

fn perform_with(app: &mut App, ws: &Workspace, effects: Vec<Effect>, redraw: &mut dyn FnMut(&App)) {
    let mut queue: VecDeque<Effect> = effects.into();
    while let Some(e) = queue.pop_front() {
        let lang = app.lang;
        let outcome = if e.is_long() {
            // The gauge `update` put up shows before the job starts, then moves with it.
            redraw(app);
            let mut last = Instant::now();
            effect::run(ws, lang, e, &mut |done, total| {
                queue.extend(update::update(app, Msg::Progress { done, total }));
                if last.elapsed() >= Duration::from_millis(50) || done >= total {
                    last = Instant::now();
                    redraw(app);
                }
            })
        } else {
            effect::run(ws, lang, e, &mut |_, _| {})
        };
        if let Some(o) = outcome {
            queue.extend(update::update(app, o.into()));
        }
    }
}

/// Start: read where the user is (first run, home, or the assessment left open).
pub fn start(app: &mut App, ws: &Workspace) {
    perform(app, ws, vec![Effect::Start]);
}

/// The event loop over any backend: draw, wait for a key or a resize, dispatch.
///
/// # Errors
/// Terminal I/O failure.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    ws: &Workspace,
    hangup: &AtomicBool,
) -> std::io::Result<()>
where
    B::Error: Into<std::io::Error>,
{
    let size = terminal.size().map_err(Into::into)?;
    dispatch(app, ws, Msg::Resize(size.width, size.height));
    while !app.quit {
        // The terminal was closed (SIGHUP) or tilik was asked to stop (SIGTERM): keep what
        // is typed (a note's draft is kept on `Idle`) and return, so the store closes
        // cleanly (the next opening skips the checks a crash needs).
        if hangup.load(Ordering::Relaxed) {
            dispatch(app, ws, Msg::Idle);
            return Ok(());
        }
        terminal
            .draw(|f| f.render_widget(&*app, f.area()))
            .map_err(Into::into)?;
        // While an inbox import runs, answer every waiting key, then do one more file; the
        // draw above shows the progress. Idle, block on the next event.
        if app.busy() {
            while input_now(hangup)? {
                if let Some(m) = to_msg(app, &event::read()?) {
                    dispatch(app, ws, m);
                }
            }
            dispatch(app, ws, Msg::Tick);
            continue;
        }
        // Idle: wait for the next event (no redraw while waiting), looking at `hangup`
        // between waits.
        let ready = loop {
            if hangup.load(Ordering::Relaxed) {
                break false;
            }
            match next_input(HANGUP_POLL)? {
                Input::Ready => break true,
                Input::Nothing => {}
                Input::Gone => hangup.store(true, Ordering::Relaxed),
            }
        };
        if !ready {
            continue;
        }
        if let Some(m) = to_msg(app, &event::read()?) {
            dispatch_with(app, ws, m, &mut |app| {
                let _ = terminal.draw(|f| f.render_widget(app, f.area()));
            });
        }
        drain(terminal, app, ws, hangup)?;
    }
    Ok(())
}

/// Whether standard input (the terminal) hung up within `wait`: `Some(false)` when it has
/// input or the time is up, `None` when a signal interrupted the wait.
fn hung_up(wait: Duration) -> std::io::Result<Option<bool>> {
    use rustix::event::{PollFd, PollFlags, Timespec};
    let stdin = std::io::stdin();
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let ts = Timespec::try_from(wait).unwrap_or(Timespec {
        tv_sec: 1,
        tv_nsec: 0,
    });
    match rustix::event::poll(&mut fds, Some(&ts)) {
        Ok(_) => {}
        Err(rustix::io::Errno::INTR) => return Ok(None),
        Err(e) => return Err(e.into()),
    }
    let r = fds[0].revents();
    Ok(Some(r.intersects(
        PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL,
    )))
}

/// Whether the terminal on standard input is gone (its window closed).
fn terminal_gone() -> bool {
    use std::io::IsTerminal;
    !std::io::stdin().is_terminal() || hung_up(Duration::ZERO).is_ok_and(|h| h == Some(true))
}

/// What the terminal has within a wait.
enum Input {
    /// An event to read (`event::read` returns at once).
    Ready,
    /// Nothing yet (or a signal interrupted the wait).
    Nothing,
    /// The terminal is gone (its window was closed): nothing will come any more.
    Gone,
}

/// Wait up to `timeout` for an event. crossterm 0.29 reads a closed terminal (EOF) in an
/// endless loop inside `event::poll`, whatever its timeout, so the terminal is asked first
/// whether it hung up (`poll(2)` on standard input, when that is the terminal).
fn next_input(timeout: Duration) -> std::io::Result<Input> {
    use std::io::IsTerminal;
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Ok(if event::poll(timeout)? {
            Input::Ready
        } else {
            Input::Nothing
        });
    }
    if hung_up(Duration::ZERO)? == Some(true) {
        return Ok(Input::Gone);
    }
    // Events crossterm has read already, or input waiting.
    if event::poll(Duration::ZERO)? {
        return Ok(Input::Ready);
    }
    Ok(match hung_up(timeout)? {
        Some(true) => Input::Gone,
        // Input arrived (the caller asks again) or the time is up.
        _ => Input::Nothing,
    })
}

/// Whether an event is waiting now; a terminal that is gone sets `hangup` (and nothing is
/// waiting).
fn input_now(hangup: &AtomicBool) -> std::io::Result<bool> {
    Ok(match next_input(Duration::ZERO)? {
        Input::Ready => true,
        Input::Nothing => false,
        Input::Gone => {
            hangup.store(true, Ordering::Relaxed);
            false
        }
    })
}

/// How long an idle wait for a key lasts before the loop looks at the hangup flag again.
const HANGUP_POLL: Duration = Duration::from_millis(200);

/// Redraw at least this often while a burst of keys (a paste) is handled.
pub const DRAW_EVERY: usize = 64;

/// Handle every key already waiting (a paste arrives as hundreds at once), drawing every
/// [`DRAW_EVERY`] of them so the screen follows, then tell `update` the input is drained
/// ([`Msg::Idle`]: a note's draft is kept then, issue 16).
fn drain<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    ws: &Workspace,
    hangup: &AtomicBool,
) -> std::io::Result<()>
where
    B::Error: Into<std::io::Error>,
{
    let mut n = 0;
    while !app.quit && input_now(hangup)? {
        if let Some(m) = to_msg(app, &event::read()?) {
            dispatch(app, ws, m);
        }
        n += 1;
        if n % DRAW_EVERY == 0 {
            terminal
                .draw(|f| f.render_widget(&*app, f.area()))
                .map_err(Into::into)?;
        }
    }
    dispatch(app, ws, Msg::Idle);
    Ok(())
}

fn to_msg(app: &App, ev: &Event) -> Option<Msg> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => app.keymap.resolve(app.mode(), k),
        Event::Resize(w, h) => Some(Msg::Resize(*w, *h)),
        _ => None,
    }
}

/// Run the UI on a store until the user quits. The store is opened before the terminal is
/// touched, so "store in use" and similar errors print as plain text.
///
/// # Errors
/// Opening the store, or terminal I/O.
pub fn run(dirs: &Dirs, lang: Lang) -> Result<()> {
    run_as(dirs, lang, false)
}

/// [`run`], offering the supervisor screens even when the identity is an assessor's
/// (`tilik --supervisor`; a first run then makes a supervisor identity).
///
/// # Errors
/// Opening the store, or terminal I/O.
pub fn run_as(dirs: &Dirs, lang: Lang, supervisor: bool) -> Result<()> {
    let ws = Workspace::open(dirs)?;
    let mut app = app_for(&ws, dirs, lang, Theme::from_env());
    app.supervisor = supervisor;
    start(&mut app, &ws);
    let mut terminal = ratatui::try_init().map_err(|source| {
        let _ = ratatui::try_restore();
        Error::Io {
            context: tr(lang, OPENING_TERMINAL).into(),
            source,
        }
    })?;
    crate::workspace::quiet_store_panics();
    let hangup = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGHUP, signal_hook::consts::SIGTERM] {
        // Without the handler the signal ends tilik at once, as before: nothing saved is
        // lost (the journal), only the next opening checks the store in full.
        let _ = signal_hook::flag::register(sig, Arc::clone(&hangup));
    }
    let r = event_loop(&mut terminal, &mut app, &ws, &hangup);
    let gone = hangup.load(Ordering::Relaxed) && terminal_gone();
    // The store closes first (synced, the clean-close mark left), whatever the terminal
    // does next.
    drop(app);
    drop(ws);
    // Not `ratatui::restore`: on a closed terminal it prints the failure, and printing to
    // a closed terminal panics. For the same reason a closed terminal is not dropped
    // (its drop prints when it cannot show the cursor); the process ends now anyway.
    let _ = ratatui::try_restore();
    if gone {
        std::mem::forget(terminal);
    }
    r.map_err(|source| Error::Io {
        context: tr(lang, TERMINAL).into(),
        source,
    })
}
