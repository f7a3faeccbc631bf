//! The help overlay: every key that works on the current screen and everywhere, read from
//! the keymap in force (so a changed key shows as changed), with what each one does.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::present::tui::checklist::MORE_BELOW;
use crate::present::tui::commands as s;
use crate::present::tui::{APP, tr};

use super::super::app::App;
use super::super::command::Command;
use super::super::keymap::{KeySpec, Mode};
use super::text::{labeled, pad, wrap};
use super::{centered, screen_area};

const KEY_W: usize = 16;

fn area(app: &App) -> Rect {
    let full = screen_area(app);
    centered(full, 76, full.height.saturating_sub(2))
}

fn entry(app: &App, keys: &str, what: &str, w: usize) -> Vec<Line<'static>> {
    labeled(
        &format!(" {}", pad(keys, KEY_W)),
        app.theme.key(),
        what,
        Style::new(),
        w,
        KEY_W + 1,
    )
}

fn keys_text(keys: &[KeySpec]) -> String {
    keys.iter()
        .map(KeySpec::label)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The help text for a width.
#[must_use]
fn help_lines(app: &App, w: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let t = app.theme;
    let mode = app.screen_mode();
    let mut out: Vec<Line> = vec![Line::from(Span::styled(
        format!(" {}", tr(lang, s::HELP_THIS_SCREEN)),
        t.title(),
    ))];
    if mode == Mode::Checklist {
        out.extend(entry(app, "0-3 …", tr(lang, s::HELP_SCALE), w));
    }
    if mode == Mode::Conflict {
        out.extend(entry(app, "1-9", tr(lang, s::HELP_PICK), w));
    }
    if mode == Mode::Respondents {
        use crate::present::tui::respondents as rw;
        out.extend(entry(app, "y t n d 0-9", tr(lang, rw::HELP_ANSWERS), w));
    }
    if mode.is_text() {
        out.extend(entry(
            app,
            tr(lang, s::HELP_TYPE),
            tr(lang, s::HELP_TYPE_TEXT),
            w,
        ));
    }
    if mode != Mode::Global {
        for b in app.keymap.bindings(mode) {
            if b.keys.is_empty() || (b.command.supervisor_only() && !app.supervisor) {
                continue;
            }
            out.extend(entry(
                app,
                &keys_text(&b.keys),
                b.command.help_in(mode, lang),
                w,
            ));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::from(Span::styled(
        format!(" {}", tr(lang, s::HELP_EVERYWHERE)),
        t.title(),
    )));
    for b in app.keymap.bindings(Mode::Global) {
        let keys: Vec<KeySpec> = if mode.is_text() {
            // Only the keys that do not type a character work in text fields.
            b.keys
                .iter()
                .copied()
                .filter(|k| {
                    !matches!(k.code, ratatui::crossterm::event::KeyCode::Char(_))
                        || !k.mods.is_empty()
                })
                .collect()
        } else {
            b.keys.clone()
        };
        if keys.is_empty() || b.command == Command::Close {
            continue;
        }
        out.extend(entry(app, &keys_text(&keys), b.command.help(lang), w));
    }
    out.push(Line::raw(""));
    out.push(Line::from(Span::styled(
        format!(" {}", tr(lang, s::HELP_MARKS)),
        t.title(),
    )));
    for l in wrap(tr(lang, s::HELP_MARKS_TEXT), w.saturating_sub(2)) {
        out.push(Line::raw(format!(" {l}")));
    }
    out.push(Line::raw(""));
    for l in wrap(tr(lang, s::HELP_KEYMAP_FILE), w.saturating_sub(2)) {
        out.push(Line::from(Span::styled(format!(" {l}"), t.dim())));
    }
    out
}

/// How far the help can scroll at the current size.
#[must_use]
pub fn max_scroll(app: &App) -> u16 {
    let a = Block::bordered().inner(area(app));
    let n = help_lines(app, a.width as usize).len();
    u16::try_from(n.saturating_sub(a.height as usize)).unwrap_or(0)
}

/// The overlay, scrolled by `scroll` lines.
pub fn render(app: &App, full: Rect, scroll: u16, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let a = centered(full, 76, full.height.saturating_sub(2));
    Clear.render(a, buf);
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} · {APP} ", tr(lang, s::HELP_TITLE)),
            t.title(),
        ))
        .border_style(t.focus());
    let inner = block.inner(a);
    block.render(a, buf);
    let lines = help_lines(app, inner.width as usize);
    let max = lines.len().saturating_sub(inner.height as usize);
    let scroll = (scroll as usize).min(max);
    if scroll < max {
        let more = format!(" ↓ {} ", tr(lang, MORE_BELOW));
        let x = a
            .right()
            .saturating_sub(u16::try_from(more.chars().count() + 1).unwrap_or(0));
        buf.set_string(x, a.bottom().saturating_sub(1), more, t.focus());
    }
    Paragraph::new(lines.into_iter().skip(scroll).collect::<Vec<_>>()).render(inner, buf);
}
