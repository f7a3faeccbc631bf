//! Rendering: `impl Widget for &App`. It only reads the state. The frame is a header line,
//! the screen's body, a status line (messages, or the active one-line prompt) and one or
//! two lines of key hints built from the keymap. Layout functions are shared with `update`
//! (which needs to know, for example, how tall the indicator text pane is).

mod checklist;
mod forms;
mod help;
mod home;
mod review;
pub mod text;
// --- supervisor (issue 6) ---
mod conflict;
mod dashboard;
mod inbox;
mod trust;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::i18n::{Lang, num_opt};
use crate::workspace::Summary;

use super::action::Action;
use super::app::{App, NewField, Popup, Screen, StatusKind};
use super::keymap::Mode;
use super::strings::{self as s, tr};
use text::{fit, width, wrap};

pub use checklist::{detail_height, detail_max_scroll};
pub use help::help_max_scroll;

/// Smallest usable terminal.
pub const MIN_SIZE: (u16, u16) = (40, 12);

/// The parts of the frame.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub head: Rect,
    pub body: Rect,
    pub status: Rect,
    pub hints: Rect,
}

/// Split the terminal area for the current state.
#[must_use]
pub fn frame(app: &App, area: Rect) -> Frame {
    let hint_rows = u16::try_from(hint_lines(app, area.width as usize).len()).unwrap_or(1);
    let status_rows = status_rows(app, area.width as usize);
    let [head, body, status, hints] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(status_rows),
        Constraint::Length(hint_rows),
    ])
    .areas(area);
    Frame {
        head,
        body,
        status,
        hints,
    }
}

/// The area of the whole terminal as `update` knows it.
#[must_use]
pub fn screen_area(app: &App) -> Rect {
    Rect::new(0, 0, app.size.0, app.size.1)
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
            let lines: Vec<Line> = wrap(tr(self.lang, s::TOO_SMALL), area.width as usize)
                .into_iter()
                .map(Line::from)
                .collect();
            Paragraph::new(lines).render(area, buf);
            return;
        }
        let f = frame(self, area);
        buf.set_style(f.head, self.theme.bar());
        match &self.screen {
            Screen::Loading => {
                header(self, f.head, buf, s::APP, "");
                Paragraph::new(tr(self.lang, s::LOADING)).render(f.body, buf);
            }
            Screen::FirstRun(form) => forms::first_run(self, form, &f, buf),
            Screen::Welcome => forms::welcome(self, &f, buf),
            Screen::Home => home::render(self, &f, buf),
            Screen::New(form) => forms::new_form(self, form, &f, buf),
            Screen::Tool(t) => super::tools::render(self, t, &f, buf),
            Screen::Checklist(c) => {
                if c.review.is_some() {
                    review::render(self, c, &f, buf);
                } else {
                    checklist::render(self, c, &f, buf);
                }
            }
            // --- supervisor (issue 6) ---
            Screen::Inbox => inbox::render(self, &f, buf),
            Screen::Dashboard => dashboard::render(self, &f, buf),
            Screen::Conflicts => conflict::render(self, &f, buf),
            Screen::Trust => trust::render(self, &f, buf),
        }
        trust::render_popups(self, f.body, buf);
        status_line(self, f.status, buf);
        hints(self, f.hints, buf);
        if let Some(p) = &self.progress {
            super::tools::render_progress(self, p, area, buf);
        }
        if let Some(scroll) = self.help {
            help::render(self, area, scroll, buf);
        }
    }
}

/// A header with only a title on the left.
pub fn header_text(app: &App, area: Rect, buf: &mut Buffer, left: &str) {
    header(app, area, buf, left, "");
}

/// A header: text on the left, text on the right (cut first when narrow).
fn header(app: &App, area: Rect, buf: &mut Buffer, left: &str, right: &str) {
    let w = area.width as usize;
    let right = fit(right, w / 2);
    let rw = width(&right);
    let left = fit(&format!(" {left}"), w.saturating_sub(rw + 2));
    buf.set_string(
        area.x,
        area.y,
        &left,
        app.theme.bar().patch(app.theme.title()),
    );
    let x = area.x + u16::try_from(w.saturating_sub(rw + 1)).unwrap_or(0);
    buf.set_string(x, area.y, &right, app.theme.bar());
}

// ---- status line --------------------------------------------------------------------------

fn status_rows(app: &App, w: usize) -> u16 {
    if prompt(app).is_some() {
        return 1;
    }
    match &app.status {
        Some(st) if width(&st.text) + 3 > w => 2,
        _ => 1,
    }
}

/// The active one-line prompt: (label, input, count text).
fn prompt(app: &App) -> Option<(&'static str, &tui_input::Input, String)> {
    match &app.screen {
        Screen::Home if app.home.filtering => Some((
            tr(app.lang, s::FILTER_PROMPT),
            &app.home.filter,
            String::new(),
        )),
        // --- supervisor (issue 6) ---
        Screen::Dashboard if app.sup.dash.filtering => Some((
            tr(app.lang, s::FILTER_PROMPT),
            &app.sup.dash.filter,
            String::new(),
        )),
        Screen::Checklist(c) => match &c.popup {
            Some(Popup::Search(st)) => {
                let count = if st.input.value().trim().is_empty() {
                    String::new()
                } else if st.matches.is_empty() {
                    s::no_match(app.lang, &crate::i18n::inert(st.input.value(), false))
                } else {
                    s::search_count(app.lang, st.at + 1, st.matches.len())
                };
                Some((tr(app.lang, s::SEARCH_PROMPT), &st.input, count))
            }
            _ => None,
        },
        _ => None,
    }
}

fn status_line(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    if let Some((label, input, count)) = prompt(app) {
        let w = area.width as usize;
        let cw = width(&count);
        let lw = width(label) + 1;
        let iw = w.saturating_sub(lw + cw + 2);
        let mut spans = vec![Span::styled(format!(" {label}"), t.title())];
        spans
            .extend(text::input_line(input, iw, true, "", Style::new(), t.dim(), t.cursor()).spans);
        Line::from(spans).render(area, buf);
        let x = area.x + u16::try_from(w.saturating_sub(cw + 1)).unwrap_or(0);
        buf.set_string(x, area.y, &count, t.dim());
        return;
    }
    let Some(st) = &app.status else {
        return;
    };
    let (style, mark) = match st.kind {
        StatusKind::Info => (Style::new(), ""),
        StatusKind::Saved => (t.ok(), ""),
        StatusKind::Warn => (t.warn(), "⚠ "),
        StatusKind::Error => (t.error(), "⚠ "),
    };
    let w = area.width as usize;
    let lines: Vec<Line> = wrap(&format!("{mark}{}", st.text), w.saturating_sub(2))
        .into_iter()
        .take(area.height as usize)
        .map(|l| Line::from(Span::styled(format!(" {l}"), style)))
        .collect();
    Paragraph::new(lines).render(area, buf);
}

// ---- key hints ----------------------------------------------------------------------------

/// One hint: the key(s) and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: String,
    pub label: String,
    /// Always shown (help, quit).
    pub keep: bool,
}

/// The hints for the current state, most important first; the help hint is last.
#[must_use]
pub fn hint_items(app: &App) -> Vec<Hint> {
    let lang = app.lang;
    let mode = app.mode();
    let km = &app.keymap;
    let mut v: Vec<Hint> = Vec::new();
    let add = |v: &mut Vec<Hint>, a: Action, label: &str| {
        if let Some(key) = km.hint_key(mode, &a) {
            v.push(Hint {
                key,
                label: label.to_string(),
                keep: false,
            });
        }
    };
    let pair = |v: &mut Vec<Hint>, a: Action, b: Action, label: &str| match (
        km.hint_key(mode, &a),
        km.hint_key(mode, &b),
    ) {
        (Some(x), Some(y)) => v.push(Hint {
            key: format!(
                "{x}{}{y}",
                if width(&x) == 1 && width(&y) == 1 {
                    "/"
                } else {
                    " "
                }
            ),
            label: label.to_string(),
            keep: false,
        }),
        (Some(x), None) | (None, Some(x)) => v.push(Hint {
            key: x,
            label: label.to_string(),
            keep: false,
        }),
        (None, None) => {}
    };
    let l = |a: &Action| s::action_label(lang, a);
    match mode {
        Mode::Global => {}
        Mode::Home => {
            if !app.home.visible(lang).is_empty() {
                add(&mut v, Action::Open, l(&Action::Open));
            }
            add(&mut v, Action::New, l(&Action::New));
            add(&mut v, Action::Filter, l(&Action::Filter));
            add(&mut v, Action::Export, l(&Action::Export));
            add(&mut v, Action::Sync, l(&Action::Sync));
            add(&mut v, Action::Report, l(&Action::Report));
            // --- supervisor (issue 6) ---
            if app.sup.on {
                if !app.home.visible(lang).is_empty() {
                    add(&mut v, Action::SetReview, l(&Action::SetReview));
                }
                for a in [
                    Action::Inbox,
                    Action::Dashboard,
                    Action::Conflicts,
                    Action::Trust,
                ] {
                    add(&mut v, a.clone(), l(&a));
                }
            }
        }
        // --- supervisor (issue 6) ---
        Mode::Inbox | Mode::Dashboard | Mode::Conflict | Mode::Trust => {
            if let (Mode::Conflict, Some(c)) = (mode, app.sup.conflicts.current()) {
                v.push(Hint {
                    key: format!("1-{}", c.candidates.len()),
                    label: tr(lang, s::HINT_PICK).into(),
                    keep: false,
                });
            }
            for (a, label) in super::supervisor::hint_actions(app) {
                match label {
                    Some(t) => add(&mut v, a, tr(lang, t)),
                    None => add(&mut v, a.clone(), l(&a)),
                }
            }
        }
        Mode::Prompt => match &app.screen {
            // --- supervisor (issue 6) ---
            Screen::Inbox | Screen::Conflicts => {
                if matches!(app.screen, Screen::Inbox) {
                    v.push(Hint {
                        key: "Tab".into(),
                        label: tr(lang, s::HINT_COMPLETE).into(),
                        keep: false,
                    });
                }
                for (a, label) in super::supervisor::hint_actions(app) {
                    if let Some(t) = label {
                        add(&mut v, a, tr(lang, t));
                    }
                }
            }
            Screen::Checklist(c) => match &c.popup {
                Some(Popup::Search(_)) => {
                    pair(&mut v, Action::Down, Action::Up, tr(lang, s::HINT_RESULTS));
                    add(&mut v, Action::Submit, tr(lang, s::HINT_GO));
                    add(&mut v, Action::Cancel, l(&Action::Cancel));
                }
                _ => {
                    add(&mut v, Action::Submit, tr(lang, s::HINT_ATTACH));
                    add(&mut v, Action::Cancel, l(&Action::Cancel));
                }
            },
            _ => {
                add(&mut v, Action::Submit, tr(lang, s::HINT_DONE));
                add(&mut v, Action::Cancel, tr(lang, s::HINT_CLEAR));
            }
        },
        Mode::Form => {
            add(&mut v, Action::NextField, l(&Action::NextField));
            let (submit, cancel) = match &app.screen {
                Screen::New(f) => {
                    if matches!(
                        f.focus,
                        NewField::Pemda | NewField::Lokus | NewField::Instrument
                    ) {
                        pair(&mut v, Action::Up, Action::Down, tr(lang, s::HINT_CHOOSE));
                    }
                    let last = f.fields().last().copied() == Some(f.focus);
                    (
                        if last {
                            tr(lang, s::HINT_CREATE)
                        } else {
                            tr(lang, s::HINT_CONTINUE)
                        },
                        l(&Action::Cancel),
                    )
                }
                Screen::FirstRun(f) => (
                    if f.focus == 2 {
                        l(&Action::Save)
                    } else {
                        tr(lang, s::HINT_CONTINUE)
                    },
                    l(&Action::Quit),
                ),
                Screen::Tool(t) => match t.as_ref() {
                    super::tools::Tool::Form(f) if f.sync => (l(&Action::Sync), l(&Action::Cancel)),
                    _ => (l(&Action::Export), l(&Action::Cancel)),
                },
                _ => (l(&Action::Submit), l(&Action::Cancel)),
            };
            add(&mut v, Action::Submit, submit);
            add(&mut v, Action::Cancel, cancel);
        }
        Mode::Note => {
            add(&mut v, Action::Save, l(&Action::Save));
            add(&mut v, Action::Cancel, l(&Action::Cancel));
            v.push(Hint {
                key: "Enter".into(),
                label: tr(lang, s::HINT_NEWLINE).into(),
                keep: false,
            });
        }
        Mode::Message => add(&mut v, Action::Submit, tr(lang, s::HINT_CONTINUE)),
        Mode::Checklist => {
            if let Screen::Checklist(c) = &app.screen
                && let Some(pos) = c.current()
            {
                if let Some(sc) = c.scale_of(&pos) {
                    v.push(Hint {
                        key: checklist::scale_keys(sc),
                        label: l(&Action::Answer(' ')).into(),
                        keep: false,
                    });
                }
                if pos.indicator.allow_na {
                    add(&mut v, Action::NotApplicable, l(&Action::NotApplicable));
                }
            }
            for a in [Action::Note, Action::Attach, Action::Flag, Action::Undo] {
                add(&mut v, a.clone(), l(&a));
            }
            pair(
                &mut v,
                Action::NextUnanswered,
                Action::PrevUnanswered,
                tr(lang, s::HINT_UNANSWERED),
            );
            add(&mut v, Action::Search, l(&Action::Search));
            add(&mut v, Action::Review, l(&Action::Review));
            add(&mut v, Action::Back, tr(lang, s::HINT_HOME));
        }
        Mode::Review => {
            if let Screen::Checklist(c) = &app.screen
                && !c.review_items().is_empty()
            {
                add(&mut v, Action::Open, tr(lang, s::HINT_TO_INDICATOR));
            }
            add(&mut v, Action::Finalize, l(&Action::Finalize));
            add(&mut v, Action::Back, l(&Action::Back));
        }
        Mode::Report => {
            if let Screen::Tool(t) = &app.screen
                && let super::tools::Tool::Report(r) = t.as_ref()
                && !matches!(r.level, super::tools::Level::Lokus(..))
            {
                add(&mut v, Action::Open, tr(lang, s::HINT_DRILL));
                pair(&mut v, Action::Down, Action::Up, tr(lang, s::HINT_CHOOSE));
            } else {
                pair(&mut v, Action::Down, Action::Up, tr(lang, s::HINT_SCROLL));
            }
            add(&mut v, Action::Back, l(&Action::Back));
        }
        Mode::Help => {
            add(&mut v, Action::Close, l(&Action::Close));
            pair(&mut v, Action::Down, Action::Up, tr(lang, s::HINT_SCROLL));
        }
    }
    if !matches!(mode, Mode::Help) {
        add(&mut v, Action::Help, l(&Action::Help));
        if !mode.is_text() {
            add(&mut v, Action::Quit, l(&Action::Quit));
        }
        let n = v.len();
        for h in v.iter_mut().skip(n.saturating_sub(2)) {
            h.keep = h.label == l(&Action::Help) || h.label == l(&Action::Quit);
        }
    }
    v
}

fn hint_width(h: &Hint) -> usize {
    width(&h.key) + 1 + width(&h.label)
}

/// The hints laid out on one line, or two when one is not enough; the help and quit hints
/// are kept, others that do not fit are left out (the help overlay lists everything).
#[must_use]
pub fn hint_lines(app: &App, w: usize) -> Vec<Vec<Hint>> {
    let items = hint_items(app);
    // A row of hints is 1 + Σ(width + gap) - gap columns wide: it fits when Σ(width + gap)
    // is at most w + 1.
    let w = w + 1;
    let gap = 2;
    let total: usize = items.iter().map(hint_width).sum::<usize>() + gap * items.len();
    let max_rows = if total > w && app.size.1 >= 20 { 2 } else { 1 };
    let (tail, head): (Vec<Hint>, Vec<Hint>) = items.into_iter().partition(|h| h.keep);
    let tail_w: usize = tail.iter().map(|h| hint_width(h) + gap).sum();
    let mut rows: Vec<Vec<Hint>> = vec![Vec::new()];
    let mut used = 0;
    for h in head {
        let hw = hint_width(&h) + gap;
        let last_row = rows.len() == max_rows;
        let room = if last_row {
            w.saturating_sub(tail_w)
        } else {
            w
        };
        if used + hw <= room {
            used += hw;
            if let Some(r) = rows.last_mut() {
                r.push(h);
            }
        } else if !last_row {
            rows.push(vec![h]);
            used = hw;
        } else {
            // Hints are in order of importance: stop at the first that does not fit.
            break;
        }
    }
    // The kept hints go at the end of the last row: on a row of their own when the head
    // filled the last allowed row only partly but too much for them, else after dropping
    // what does not fit.
    if used + tail_w > w {
        if rows.len() < max_rows {
            rows.push(Vec::new());
        } else if let Some(r) = rows.last_mut() {
            while !r.is_empty() && r.iter().map(|h| hint_width(h) + gap).sum::<usize>() + tail_w > w
            {
                r.pop();
            }
        }
    }
    if let Some(r) = rows.last_mut() {
        r.extend(tail);
    }
    rows.retain(|r| !r.is_empty());
    rows
}

fn hints(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    for (i, row) in hint_lines(app, area.width as usize).into_iter().enumerate() {
        let mut spans = vec![Span::raw(" ")];
        for (j, h) in row.into_iter().enumerate() {
            if j > 0 {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(h.key, t.key()));
            spans.push(Span::styled(format!(" {}", h.label), t.dim()));
        }
        let y = area.y + u16::try_from(i).unwrap_or(0);
        if y < area.bottom() {
            Line::from(spans).render(Rect::new(area.x, y, area.width, 1), buf);
        }
    }
}

// ---- shared pieces ------------------------------------------------------------------------

/// "87,45 · B Kualitas Tinggi (hijau)".
#[must_use]
pub fn result_text(lang: Lang, s: &Summary) -> String {
    let score = num_opt(s.score, lang);
    match (&s.category, &s.label, s.zone) {
        (Some(c), Some(l), Some(z)) => {
            format!(
                "{score} · {c} {} ({})",
                crate::present::words::label(lang, l),
                super::strings::zone_word(lang, z)
            )
        }
        _ => score,
    }
}

/// Score, category and zone as spans: the zone in colour (a `●`), or in words without it.
#[must_use]
pub fn score_spans(app: &App, s: &Summary) -> Vec<Span<'static>> {
    let t = app.theme;
    let mut v = vec![Span::styled(num_opt(s.score, app.lang), t.title())];
    if let (Some(c), Some(z)) = (&s.category, s.zone) {
        v.push(Span::raw(" "));
        v.push(Span::styled(c.clone(), t.zone(z)));
        v.push(Span::raw(" "));
        v.push(Span::styled(
            super::strings::zone_word(app.lang, z).to_string(),
            t.zone(z),
        ));
    }
    v
}

/// A centred rectangle of at most `w`×`h` inside `area`.
#[must_use]
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// First row to show so that `selected` is visible in `height` rows out of `total`,
/// keeping it near the middle when scrolling.
#[must_use]
pub fn scroll_offset(selected: usize, height: usize, total: usize) -> usize {
    if total <= height || height == 0 {
        return 0;
    }
    selected
        .saturating_sub(height / 2)
        .min(total.saturating_sub(height))
}
