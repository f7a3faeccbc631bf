//! Rendering: `impl Widget for &App`. It only reads the state. The frame is a header line,
//! the screen's body (drawn by `ui/<screen>.rs`), a status line (messages, or the active
//! one-line prompt), one or two lines of key hints (`ui/hints.rs`), and over them a popup,
//! a long job's gauge or the help overlay. Layout functions are shared with `update`
//! (which needs to know, for example, how tall the indicator text pane is).

pub mod checklist;
mod conflicts;
mod dashboard;
mod export;
mod first_run;
pub mod help;
pub mod hints;
mod home;
mod inbox;
mod indicator;
mod new_assessment;
mod popup;
mod receipt;
mod report;
mod respondents;
mod review;
mod review_state;
pub mod text;
mod trust;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Gauge, Paragraph, Widget};

use crate::i18n::{inert, num_opt};
use crate::present::tui::checklist::{SEARCH_PROMPT, search_count};
use crate::present::tui::home::{FILTER_PROMPT, no_match};
use crate::present::tui::{APP, LOADING, TOO_SMALL, tr};
use crate::present::words::zone_word;
use crate::workspace::Summary;

use super::app::{App, Progress, StatusKind};
use super::screens::Screen;
use super::screens::conflicts::View;
use super::screens::popup::Popup;
use text::{fit, width, wrap};

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
    let hint_rows = u16::try_from(hints::hint_lines(app, area.width as usize).len()).unwrap_or(1);
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
            let lines: Vec<Line> = wrap(tr(self.lang, TOO_SMALL), area.width as usize)
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
                header(self, f.head, buf, APP, "");
                Paragraph::new(tr(self.lang, LOADING)).render(f.body, buf);
            }
            Screen::FirstRun(form) => first_run::render(self, form, &f, buf),
            Screen::Welcome => first_run::welcome(self, &f, buf),
            Screen::Home => {
                home::render(self, &f, buf);
                if let Some(d) = &self.home.review {
                    review_state::render(self, d, f.body, buf);
                }
            }
            Screen::New(form) => new_assessment::render(self, form, &f, buf),
            Screen::Checklist(c) => {
                if c.review.is_some() {
                    review::render(self, c, &f, buf);
                    // The finalize dialog stands over the review screen.
                    popup::render(self, c, &f, buf);
                } else {
                    checklist::render(self, c, &f, buf);
                    popup::render(self, c, &f, buf);
                }
            }
            Screen::Export(form) => export::render(self, form, &f, buf),
            Screen::Receipt(r) => receipt::render(self, r, &f, buf),
            Screen::Report(v) => report::render(self, v, &f, buf),
            // --- supervisor (issue 6) ---
            Screen::Inbox(ib) => {
                inbox::render(self, ib, &f, buf);
                if let Some(form) = &ib.trust_form {
                    trust::render_form(self, form, f.body, buf);
                }
            }
            Screen::Respondents(r) => respondents::render(self, r, &f, buf),
            Screen::Dashboard(d) => dashboard::render(self, d, &f, buf),
            Screen::Conflicts(c) => conflicts::render(self, c, &f, buf),
            Screen::Trust(t) => {
                trust::render(self, t, &f, buf);
                if let Some(form) = &t.form {
                    trust::render_form(self, form, f.body, buf);
                }
            }
        }
        status_line(self, f.status, buf);
        hints::render(self, f.hints, buf);
        if let Some(p) = &self.progress {
            progress(self, p, area, buf);
        }
        if let Some(scroll) = self.help {
            help::render(self, area, scroll, buf);
        }
    }
}

/// A header: text on the left, text on the right (cut first when narrow).
pub fn header(app: &App, area: Rect, buf: &mut Buffer, left: &str, right: &str) {
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
    // A long message wraps onto as many rows as it needs, up to four (issue 16: nothing
    // is cut at 80 columns); the body gives up the rows.
    match &app.status {
        Some(st) if width(&st.text) + 3 > w => {
            let n = wrap(&format!("⚠ {}", st.text), w.saturating_sub(2)).len();
            u16::try_from(n).unwrap_or(4).clamp(2, 4)
        }
        _ => 1,
    }
}

/// The active one-line prompt: (label, input, count text).
fn prompt(app: &App) -> Option<(&'static str, &tui_input::Input, String)> {
    match &app.screen {
        Screen::Home if app.home.filtering => {
            Some((tr(app.lang, FILTER_PROMPT), &app.home.filter, String::new()))
        }
        // --- supervisor (issue 6) ---
        Screen::Dashboard(d) if d.filtering => {
            Some((tr(app.lang, FILTER_PROMPT), &d.filter, String::new()))
        }
        Screen::Conflicts(c) if c.filtering && c.view == View::List => {
            let n = c.visible().len();
            Some((
                tr(app.lang, FILTER_PROMPT),
                &c.filter,
                crate::present::tui::supervisor::conflict_count(app.lang, n),
            ))
        }
        Screen::Checklist(c) => match &c.popup {
            Some(Popup::Search(st)) => {
                let count = if st.input.value().trim().is_empty() {
                    String::new()
                } else if st.matches.is_empty() {
                    no_match(app.lang, &inert(st.input.value(), false))
                } else {
                    search_count(app.lang, st.at + 1, st.matches.len())
                };
                Some((tr(app.lang, SEARCH_PROMPT), &st.input, count))
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
        let iw = w.saturating_sub(width(label) + 1 + cw + 2);
        text::labelled_input(label, input, iw, true, t).render(area, buf);
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

/// The progress gauge over the screen while a long job runs.
fn progress(app: &App, p: &Progress, area: Rect, buf: &mut Buffer) {
    let w = area.width.saturating_sub(10).clamp(20, 60);
    let r = centered(area, w, 3);
    Clear.render(r, buf);
    #[allow(clippy::cast_precision_loss)]
    let ratio = if p.total == 0 {
        0.0
    } else {
        (p.done as f64 / p.total as f64).clamp(0.0, 1.0)
    };
    let mut g = Gauge::default()
        .block(
            Block::default()
                .borders(Borders::ALL)
                .title(format!(" {} ", p.label)),
        )
        .ratio(ratio)
        .label(format!("{}/{}", p.done, p.total));
    if app.theme.color {
        g = g.gauge_style(Style::default().fg(ratatui::style::Color::Cyan));
    }
    g.render(r, buf);
}

// ---- shared pieces ------------------------------------------------------------------------

/// Score, category and zone as spans: the zone in colour (a `●`), or in words without it.
#[must_use]
pub fn score_spans(app: &App, s: &Summary) -> Vec<Span<'static>> {
    let t = app.theme;
    if s.provisional() && s.score.is_some() {
        // Neutral: a partial score must not look final.
        let mut v = vec![Span::styled(num_opt(s.score, app.lang), t.dim())];
        if let Some(c) = &s.category {
            v.push(Span::styled(format!(" {c}"), t.dim()));
        }
        v.push(Span::styled(
            format!(
                " {}",
                crate::present::words::provisional_tag(app.lang, s.answered, s.total)
            ),
            t.dim(),
        ));
        return v;
    }
    let mut v = vec![Span::styled(num_opt(s.score, app.lang), t.title())];
    if let (Some(c), Some(z)) = (&s.category, s.zone) {
        v.push(Span::raw(" "));
        v.push(Span::styled(c.clone(), t.zone(z)));
        v.push(Span::raw(" "));
        v.push(Span::styled(zone_word(app.lang, z).to_string(), t.zone(z)));
    }
    v
}

/// A time (milliseconds since the epoch) in the time zone of the screen.
#[must_use]
pub fn local(app: &App, ms: i64) -> Option<jiff::ZonedDateTime> {
    jiff::Timestamp::from_millisecond(ms)
        .ok()
        .map(|t| t.to_zoned_datetime(app.tz.clone()))
}

/// A framed panel with a title in the title style. Returns its inside.
pub fn panel(app: &App, area: Rect, title: String, buf: &mut Buffer) -> Rect {
    let block = Block::bordered().title(Span::styled(title, app.theme.title()));
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// A dialog of at most `w`×`h` centred in `area`: cleared, framed in the focus style and
/// titled. Returns its inside.
pub fn dialog(app: &App, area: Rect, (w, h): (u16, u16), title: String, buf: &mut Buffer) -> Rect {
    let t = app.theme;
    let area = centered(area, w, h);
    Clear.render(area, buf);
    let block = Block::bordered()
        .title(Span::styled(title, t.title()))
        .border_style(t.focus());
    let inner = block.inner(area);
    block.render(area, buf);
    inner
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
