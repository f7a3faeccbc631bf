//! The checklist: the tree of dimensions → variables → indicators with a mark per indicator
//! on the left; the indicator's wording, method, scale and guidance on the right with the
//! current answer, note and evidence pinned below; progress per dimension and the live score
//! in the footer.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::core::assessment::Slot;
use crate::core::instrument::Scale;
use crate::i18n::{inert, num};
use crate::present::tui::checklist as s;
use crate::present::tui::tr;
use crate::present::words::{answer_short, status_word};
use crate::workspace::AssessmentStatus;

use super::super::app::App;
use super::super::command::Command;
use super::super::keymap::Mode;
use super::super::screens::Screen;
use super::super::screens::checklist::Checklist;
use super::indicator::{answer_lines, text_lines};
use super::text::{fit, pad, pad_left, width};
use super::{Frame, frame, header, panel, score_spans, screen_area, scroll_offset};

/// The answer keys of a scale for the hint: `0-3` when they run in order, else `0/1/y`.
#[must_use]
pub fn scale_keys(sc: &Scale) -> String {
    let keys: Vec<char> = sc
        .levels
        .iter()
        .map(crate::core::instrument::Level::key_char)
        .collect();
    let run = keys.len() > 2
        && keys
            .windows(2)
            .all(|p| u32::from(p[1]) == u32::from(p[0]) + 1);
    match (run, keys.first(), keys.last()) {
        (true, Some(a), Some(b)) => format!("{a}-{b}"),
        _ => keys
            .iter()
            .map(char::to_string)
            .collect::<Vec<_>>()
            .join("/"),
    }
}

/// Where the checklist's parts go.
struct Areas {
    tree: Rect,
    detail: Rect,
    footer: Rect,
}

fn areas(body: Rect) -> Areas {
    let [panels, footer] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(body);
    let left = (panels.width * 2 / 5).clamp(34.min(panels.width / 2), 60);
    let [tree, detail] =
        Layout::horizontal([Constraint::Length(left), Constraint::Fill(1)]).areas(panels);
    Areas {
        tree,
        detail,
        footer,
    }
}

/// The indicator text pane (scrolling) and the answer pane (pinned) inside the right panel.
/// The pinned pane takes what it needs up to two thirds of the panel, so a review thread
/// (comment and reply) is not cut; the indicator text above scrolls.
fn detail_split(inner: Rect, bottom_lines: usize) -> (Rect, Rect) {
    let max = inner.height * 2 / 3;
    let b = (u16::try_from(bottom_lines).unwrap_or(max) + 1).min(max.max(2));
    let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Length(b)]).areas(inner);
    (top, bottom)
}

fn current_checklist(app: &App) -> Option<&Checklist> {
    match &app.screen {
        Screen::Checklist(c) => Some(c),
        _ => None,
    }
}

/// Inside the right panel's border, one column of margin on each side.
fn padded(block_inner: Rect) -> Rect {
    block_inner.inner(ratatui::layout::Margin::new(1, 0))
}

fn right_inner(app: &App) -> Rect {
    let f = frame(app, screen_area(app));
    padded(Block::bordered().inner(areas(f.body).detail))
}

/// Height of the indicator text pane.
#[must_use]
pub fn detail_height(app: &App) -> u16 {
    let Some(c) = current_checklist(app) else {
        return 1;
    };
    let inner = right_inner(app);
    let bottom = answer_lines(app, c, inner.width as usize);
    detail_split(inner, bottom.len()).0.height
}

/// How far the indicator text can scroll.
#[must_use]
pub fn detail_max_scroll(app: &App) -> u16 {
    let Some(c) = current_checklist(app) else {
        return 0;
    };
    let inner = right_inner(app);
    let total = text_lines(app, c, inner.width as usize).len();
    let h = detail_height(app) as usize;
    u16::try_from(total.saturating_sub(h)).unwrap_or(u16::MAX)
}

/// A row of the tree.
enum Row {
    Dim(usize),
    Var(usize, usize),
    Ind(usize),
}

/// The tree: every dimension, and the variables and indicators of the one the cursor is in.
fn rows(c: &Checklist) -> Vec<Row> {
    let starts = c.dimension_starts();
    let here = starts.iter().rposition(|&s| s <= c.cursor).unwrap_or(0);
    let mut out = Vec::new();
    let mut i = 0;
    for (di, d) in c.instrument().dimensions.iter().enumerate() {
        out.push(Row::Dim(di));
        for (vi, v) in d.variables.iter().enumerate() {
            if di == here && d.variables.len() > 1 {
                out.push(Row::Var(di, vi));
            }
            for _ in &v.indicators {
                if di == here {
                    out.push(Row::Ind(i));
                }
                i += 1;
            }
        }
    }
    out
}

fn count(c: &Checklist, ids: impl Iterator<Item = String>) -> (usize, usize) {
    let mut n = 0;
    let mut done = 0;
    for id in ids {
        n += 1;
        if c.answered(&id) {
            done += 1;
        }
    }
    (done, n)
}

fn tree(app: &App, c: &Checklist, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let inner = panel(app, area, format!(" {} ", tr(lang, s::INDICATORS)), buf);
    let w = inner.width as usize;
    let rows = rows(c);
    let cur_row = rows
        .iter()
        .position(|r| matches!(r, Row::Ind(i) if *i == c.cursor))
        .unwrap_or(0);
    let h = inner.height as usize;
    let off = scroll_offset(cur_row, h, rows.len());
    let inst = c.instrument();
    let id_w = c.order.iter().map(|i| width(i)).max().unwrap_or(3).min(6);
    // The value given (issue 16): at 80 columns the tree is 32 wide and still shows it.
    let with_value = w >= 20;
    let starts = c.dimension_starts();
    let here = starts.iter().rposition(|&s| s <= c.cursor).unwrap_or(0);
    for (k, row) in rows.iter().enumerate().skip(off).take(h) {
        let y = inner.y + u16::try_from(k - off).unwrap_or(0);
        let line = match row {
            Row::Dim(di) => {
                let d = &inst.dimensions[*di];
                let (done, n) = count(
                    c,
                    d.variables
                        .iter()
                        .flat_map(|v| v.indicators.iter().map(|i| i.id.clone())),
                );
                let open = *di == here;
                let name = if lang.en() {
                    d.name_en.as_deref().unwrap_or(&d.name)
                } else {
                    &d.name
                };
                let right = format!("{done}/{n}");
                let left = format!(
                    "{} {} ({}%)",
                    if open { "▾" } else { "▸" },
                    inert(name, false),
                    num(d.weight, lang)
                );
                let lw = w.saturating_sub(width(&right) + 1);
                Line::from(vec![
                    Span::styled(pad(&left, lw), t.title()),
                    Span::raw(" "),
                    Span::styled(right, if done == n { t.ok() } else { Style::new() }),
                ])
            }
            Row::Var(di, vi) => {
                let v = &inst.dimensions[*di].variables[*vi];
                let (done, n) = count(c, v.indicators.iter().map(|i| i.id.clone()));
                let name = if lang.en() {
                    v.name_en.as_deref().unwrap_or(&v.name)
                } else {
                    &v.name
                };
                let right = format!("{done}/{n}");
                let lw = w.saturating_sub(width(&right) + 3);
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(pad(&inert(name, false), lw), t.dim()),
                    Span::raw(" "),
                    Span::styled(right, t.dim()),
                ])
            }
            Row::Ind(i) => indicator_row(app, c, *i, w, id_w, with_value),
        };
        let selected = matches!(row, Row::Ind(i) if *i == c.cursor);
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected());
            buf.set_line(inner.x, y, &line.style(t.selected()), inner.width);
        } else {
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }
}

fn indicator_row(
    app: &App,
    c: &Checklist,
    i: usize,
    w: usize,
    id_w: usize,
    with_value: bool,
) -> Line<'static> {
    let t = app.theme;
    let id = &c.order[i];
    let slot = c.slot(id);
    let value = c.value(id);
    let (mark, mark_style) = match slot {
        Some(s) if s.in_conflict() => ("⚠", t.warn()),
        _ if value.is_some() => ("✓", t.ok()),
        _ => ("·", t.dim()),
    };
    let mut flags = String::new();
    if slot.is_some_and(Slot::flagged) {
        flags.push('!');
    }
    if slot.is_some_and(|s| s.notes.values().any(|n| !n.text.trim().is_empty())) {
        flags.push('✎');
    }
    if slot.is_some_and(|s| !s.evidence().is_empty()) {
        flags.push('📎');
    }
    // Issue 14: a supervisor comment (or a reply) on this indicator.
    if c.view
        .detail
        .state
        .review
        .messages
        .iter()
        .any(|m| m.indicator.as_deref() == Some(id.as_str()))
    {
        flags.push('✉');
    }
    let val = if with_value {
        value.map_or(String::new(), |v| answer_short(app.lang, v))
    } else {
        String::new()
    };
    let val = if val.is_empty() {
        val
    } else {
        pad_left(&val, 3)
    };
    let fw = width(&flags);
    let vw = width(&val);
    let rw = fw + vw + usize::from(fw > 0 && vw > 0);
    let short = c
        .instrument()
        .indicator(id)
        .map(|p| inert(&p.indicator.short, false))
        .unwrap_or_default();
    let sw = w.saturating_sub(3 + id_w + 1 + rw + usize::from(rw > 0));
    let cursor = if i == c.cursor { "▶" } else { " " };
    let mut spans = vec![
        Span::raw(cursor),
        Span::styled(mark, mark_style),
        Span::raw(" "),
        Span::raw(pad(id, id_w)),
        Span::raw(" "),
        Span::raw(pad(&short, sw)),
    ];
    if rw > 0 {
        spans.push(Span::raw(" "));
    }
    if fw > 0 {
        spans.push(Span::styled(flags, t.warn()));
        if vw > 0 {
            spans.push(Span::raw(" "));
        }
    }
    if vw > 0 {
        spans.push(Span::styled(val, t.ok()));
    }
    Line::from(spans)
}

fn footer(app: &App, c: &Checklist, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let sm = &c.view.detail.summary;
    let mut right = score_spans(app, sm);
    let marks = super::home::marks(sm);
    if !marks.is_empty() {
        right.push(Span::raw(" "));
        right.push(Span::styled(marks, t.title()));
    }
    let right = Line::from(right);
    let rw = right.width();
    let avail = (area.width as usize).saturating_sub(rw + 3);
    let dims = &c.view.detail.score.dimensions;
    let starts = c.dimension_starts();
    let here = starts.iter().rposition(|&s| s <= c.cursor).unwrap_or(0);
    let name = |i: usize, short: bool| -> String {
        let d = &c.instrument().dimensions[i];
        let n = if lang.en() {
            d.name_en.as_deref().unwrap_or(&d.name)
        } else {
            &d.name
        };
        let n = inert(n, false);
        if short {
            fit(&n, 4).trim_end_matches('…').to_string()
        } else {
            n
        }
    };
    let bar = |done: usize, n: usize, cells: usize| -> String {
        let full = (done * cells).checked_div(n).unwrap_or(0);
        format!("{}{}", "█".repeat(full), "░".repeat(cells - full))
    };
    let mut chosen: Vec<String> = Vec::new();
    for variant in 0..4 {
        let parts: Vec<String> = dims
            .iter()
            .enumerate()
            .map(|(i, g)| match variant {
                0 => format!(
                    "{} {} {}/{}",
                    name(i, false),
                    bar(g.answered, g.total, 5),
                    g.answered,
                    g.total
                ),
                1 => format!("{} {}/{}", name(i, false), g.answered, g.total),
                2 => format!(
                    "{} {} {}/{}",
                    name(i, true),
                    bar(g.answered, g.total, 3),
                    g.answered,
                    g.total
                ),
                _ => format!("{} {}/{}", name(i, true), g.answered, g.total),
            })
            .collect();
        let total: usize = parts.iter().map(|p| width(p) + 2).sum();
        chosen = parts;
        if total <= avail {
            break;
        }
    }
    let mut spans = vec![Span::raw(" ")];
    for (i, p) in chosen.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        let g = &dims[i];
        let style = if i == here {
            t.title()
        } else if g.answered == g.total {
            t.ok()
        } else {
            Style::new()
        };
        spans.push(Span::styled(p, style));
    }
    buf.set_line(
        area.x,
        area.y,
        &Line::from(spans),
        u16::try_from(avail + 1).unwrap_or(0),
    );
    let x = area
        .right()
        .saturating_sub(u16::try_from(rw + 1).unwrap_or(0));
    buf.set_line(x, area.y, &right, u16::try_from(rw).unwrap_or(0));
}

/// The checklist (its popups are drawn over it by `popup.rs`).
pub fn render(app: &App, c: &Checklist, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let sm = &c.view.detail.summary;
    let left = format!(
        "{} › {} · {}",
        inert(&sm.pemda_name, false),
        inert(&sm.lokus_name, false),
        sm.instrument
    );
    let count = format!("{}/{}", sm.answered, sm.total);
    let marks = super::home::marks(sm);
    let mut right = match sm.status {
        AssessmentStatus::Draft => count.clone(),
        st => format!("{marks} {} · {count}", status_word(lang, st)),
    };
    if width(&left) + width(&right) + 3 > f.head.width as usize {
        right = format!("{marks} {count}").trim().to_string();
    }
    header(app, f.head, buf, &left, &right);

    let a = areas(f.body);
    tree(app, c, a.tree, buf);

    // Right panel.
    let pos = c.current();
    let title = pos.map_or_else(String::new, |p| {
        format!(" {} {} ", p.indicator.id, inert(&p.indicator.short, false))
    });
    let block = Block::bordered().title(Span::styled(title, t.title()));
    let inner = padded(block.inner(a.detail));
    let w = inner.width as usize;
    let bottom = answer_lines(app, c, w);
    let (top_area, bottom_area) = detail_split(inner, bottom.len());
    let text = text_lines(app, c, w);
    let max = text.len().saturating_sub(top_area.height as usize);
    let scroll = (c.scroll as usize).min(max);
    let more = max > scroll;
    let block = if more || scroll > 0 {
        let mark = match (scroll > 0, more) {
            (true, true) => "↑↓",
            (true, false) => "↑",
            _ => "↓",
        };
        let key = app
            .keymap
            .hint_key(Mode::Checklist, Command::ScrollDown)
            .unwrap_or_default();
        block.title_bottom(
            Line::from(format!(" {mark} {} {key} ", tr(lang, s::MORE_BELOW))).right_aligned(),
        )
    } else {
        block
    };
    block.render(a.detail, buf);
    Paragraph::new(text.into_iter().skip(scroll).collect::<Vec<_>>()).render(top_area, buf);
    let rule = Line::from(Span::styled("─".repeat(w), t.dim()));
    let mut b = vec![rule];
    b.extend(bottom);
    Paragraph::new(b).render(bottom_area, buf);

    footer(app, c, a.footer, buf);
}
