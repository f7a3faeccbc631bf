//! The terminal UI that assessors work in, Elm style:
//!
//! - `keymap.rs` turns a key press into an [`action::Action`] (never changing state);
//! - `update.rs` is the only place the state ([`app::App`]) changes, and returns
//!   [`effect::Effect`]s instead of doing I/O;
//! - `effect.rs` runs those against the [`Workspace`] (every save is durable before its
//!   result comes back) and feeds the results back as actions;
//! - `ui.rs` draws the state with `impl Widget for &App`, reading only.
//!
//! The loop blocks on the next terminal event (no timer), so an idle UI uses no CPU; it
//! redraws after every key and resize. `ratatui::try_init` installs a panic hook that
//! restores the terminal.

pub mod action;
pub mod app;
pub mod effect;
pub mod keymap;
pub mod strings;
// --- supervisor (issue 6) ---
pub mod supervisor;
pub mod theme;
pub mod tools;
pub mod ui;
pub mod update;

#[cfg(test)]
mod supervisor_tests;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyEventKind};

use crate::config::Dirs;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::workspace::Workspace;

use action::Action;
use app::{App, InstrumentChoice, StatusKind};
use effect::Effect;
use keymap::Keymap;
use theme::Theme;

/// Build the UI state for a workspace: keys from the config folder, colours from the
/// environment, warnings (bad keymap or instrument files, a rotated key) on the status line.
#[must_use]
pub fn app_for(ws: &Workspace, dirs: &Dirs, lang: Lang, theme: Theme) -> App {
    let (keymap, warning) = Keymap::load(&dirs.config, lang.en());
    let mut app = App::new(
        lang,
        theme,
        keymap,
        ws.regions().clone(),
        InstrumentChoice::list(ws.catalog(), lang),
    );
    let mut warnings: Vec<String> = warning.into_iter().collect();
    for p in &ws.override_problems {
        let msg = p
            .problems
            .first()
            .map(|x| format!("{}:{}: {}", x.line, x.col, x.message))
            .unwrap_or_default();
        warnings.push(strings::override_ignored(lang, &p.file, &msg));
    }
    if ws.rotated() {
        warnings.push(strings::tr(lang, strings::ROTATED).to_string());
    }
    if let Some(notice) = ws.recovery_notice() {
        warnings.push(crate::present::recovery::notice(&notice, lang));
    }
    if !warnings.is_empty() {
        app.say(
            StatusKind::Warn,
            crate::i18n::inert(&warnings.join(" "), false),
        );
    }
    app
}

/// Apply an action and run every effect it leads to, until there is nothing left to do.
pub fn dispatch(app: &mut App, ws: &Workspace, action: Action) {
    dispatch_with(app, ws, action, &mut |_| {});
}

/// Like [`dispatch`], calling `redraw` while a long job (export, sync, report) advances so
/// its progress gauge moves.
pub fn dispatch_with(app: &mut App, ws: &Workspace, action: Action, redraw: &mut dyn FnMut(&App)) {
    let mut queue: VecDeque<Effect> = update::update(app, action).into();
    while let Some(e) = queue.pop_front() {
        let result = if let Effect::Tool(t) = &e {
            let lang = app.lang;
            app.progress = Some(tools::Progress {
                label: tools::progress_label(app.lang, t),
                done: 0,
                total: 0,
            });
            redraw(app);
            let mut last = std::time::Instant::now();
            let mut cb = |done: u64, total: u64| {
                if let Some(p) = &mut app.progress {
                    p.done = done;
                    p.total = total;
                }
                if last.elapsed() >= std::time::Duration::from_millis(50) || done >= total {
                    last = std::time::Instant::now();
                    redraw(app);
                }
            };
            let r = effect::run_with(ws, lang, e, &mut cb);
            app.progress = None;
            r
        } else {
            effect::run(ws, app.lang, e)
        };
        if let Some(a) = result {
            queue.extend(update::update(app, a));
        }
    }
}

/// Start: read where the user is (first run, home, or the assessment left open).
pub fn start(app: &mut App, ws: &Workspace) {
    let mut queue: VecDeque<Effect> = VecDeque::from([Effect::Start]);
    while let Some(e) = queue.pop_front() {
        if let Some(a) = effect::run(ws, app.lang, e) {
            queue.extend(update::update(app, a));
        }
    }
}

/// The event loop over any backend: draw, wait for a key or a resize, dispatch.
///
/// # Errors
/// Terminal I/O failure.
pub fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    ws: &Workspace,
) -> std::io::Result<()>
where
    B::Error: Into<std::io::Error>,
{
    let size = terminal.size().map_err(Into::into)?;
    dispatch(app, ws, Action::Resize(size.width, size.height));
    while !app.quit {
        terminal
            .draw(|f| f.render_widget(&*app, f.area()))
            .map_err(Into::into)?;
        // --- supervisor (issue 6): while an import runs, answer every waiting key, then do
        // one more file; the draw above shows the progress. Idle, block on the next event.
        if app.sup.busy() {
            while event::poll(std::time::Duration::ZERO)? {
                if let Some(a) = to_action(app, &event::read()?) {
                    dispatch(app, ws, a);
                }
            }
            dispatch(app, ws, Action::Step);
            continue;
        }
        if let Some(a) = to_action(app, &event::read()?) {
            dispatch_with(app, ws, a, &mut |app| {
                let _ = terminal.draw(|f| f.render_widget(app, f.area()));
            });
        }
    }
    Ok(())
}

fn to_action(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(k) if k.kind == KeyEventKind::Press => app.keymap.resolve(app.mode(), k),
        Event::Resize(w, h) => Some(Action::Resize(*w, *h)),
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
    app.sup.on = supervisor;
    start(&mut app, &ws);
    let mut terminal = ratatui::try_init().map_err(|source| {
        let _ = ratatui::try_restore();
        Error::Io {
            context: lang.t("membuka terminal", "opening the terminal").into(),
            source,
        }
    })?;
    let r = event_loop(&mut terminal, &mut app, &ws);
    ratatui::restore();
    r.map_err(|source| Error::Io {
        context: lang.t("terminal", "terminal").into(),
        source,
    })
}
