//! The supervisor dashboard (issues 6, 14). The pemda list: per pemda its lokus, score and
//! category (`~` while provisional, as on home), conflicts and how many assessments are in
//! each review state. A pemda's lokus list: assessments present, finalized, conflicts,
//! parallel edits, pending evidence, gaps and forks, and the review state. Both with the
//! text filter, the "problems only" switch and the review-state filter in the header.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::i18n::{inert, num_opt};
use crate::present::tui::home::{COL_LOKUS, COL_PEMDA, no_match};
use crate::present::tui::supervisor as s;
use crate::present::tui::{APP, tr};
use crate::present::words::PROVISIONAL_MARK;
use crate::workspace::{DashRow, PemdaDash};

use super::super::app::App;
use super::super::screens::dashboard::DashState;
use super::text::{fit, pad, pad_left, para};
use super::{Frame, header, panel, scroll_offset};

const NUM_W: usize = 6;
/// The review column of the lokus list.
const REVIEW_W: usize = 16;
/// The pemda list's columns after the name: lokus, score, category, conflicts, review.
const PEMDA_COLS: [usize; 4] = [6, 7, 5, 6];
const PEMDA_REVIEW_W: usize = 20;

fn nums(r: &DashRow) -> [usize; 7] {
    [
        r.assessments,
        r.finalized,
        r.conflicts,
        r.parallel,
        r.pending_evidence,
        r.gaps,
        r.forks,
    ]
}

/// The dashboard: the pemda list, or one pemda's lokus.
pub fn render(app: &App, d: &DashState, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let mut tags: Vec<String> = Vec::new();
    if d.problems_only {
        tags.push(tr(lang, s::DASH_PROBLEMS).to_string());
    }
    if let Some(st) = d.review {
        tags.push(s::review_filter(lang, st));
    }
    let mut head = format!("{} · {}", APP, tr(lang, s::DASH_TITLE));
    if let Some(p) = d.opened() {
        head.push_str(&format!(" › {}", inert(&p.pemda_name, false)));
    }
    header(app, f.head, buf, &head, &tags.join(" · "));
    let filter = d.filter.value();
    let (n, total) = match d.opened() {
        Some(p) => (d.visible_lokus().len(), p.lokus.len()),
        None => (d.visible_pemda().len(), d.pemda.len()),
    };
    let name = match d.opened() {
        Some(p) => format!(
            "{} › {} · {}",
            tr(lang, s::DASH_TITLE),
            inert(&p.pemda_name, false),
            score_text(app, p)
        ),
        None => tr(lang, s::DASH_TITLE).to_string(),
    };
    let any_provisional = d.open.is_none()
        && d.visible_pemda()
            .iter()
            .any(|p| p.provisional && p.score.is_some());
    let title = if filter.is_empty() && n == total && any_provisional {
        format!(" {name} ({n}) · {} ", s::dash_provisional(lang))
    } else if filter.is_empty() && n == total {
        format!(" {name} ({n}) ")
    } else if filter.is_empty() {
        format!(" {name} ({n}/{total}) ")
    } else {
        format!(
            " {name} ({n}/{total}) · “{}” ",
            fit(&inert(filter, false), 20)
        )
    };
    let inner = panel(app, f.body, title, buf);
    let w = inner.width as usize;
    if n == 0 {
        let text = if d.pemda.is_empty() {
            tr(lang, s::DASH_EMPTY).to_string()
        } else {
            no_match(lang, &inert(filter, false))
        };
        Paragraph::new(para(&text, w.saturating_sub(2), Style::new())).render(inner, buf);
        return;
    }
    if d.opened().is_some() {
        lokus_rows(app, d, inner, buf);
    } else {
        pemda_rows(app, d, inner, buf);
    }
}

/// "72,40 B~": the pemda's score and category, `~` while provisional.
fn score_text(app: &App, p: &PemdaDash) -> String {
    let cat = p.category.as_ref().map_or("—", |c| c.category.as_str());
    let mark = if p.provisional && p.score.is_some() {
        PROVISIONAL_MARK
    } else {
        ""
    };
    format!("{} {cat}{mark}", num_opt(p.score, app.lang))
}

/// Draw one row; the selected one is highlighted over the whole width.
fn line_at(app: &App, buf: &mut Buffer, inner: Rect, y: u16, spans: Vec<Span<'static>>, sel: bool) {
    let t = app.theme;
    let mut line = Line::from(spans);
    if sel {
        line = line.style(t.selected());
        buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected());
    }
    buf.set_line(inner.x, y, &line, inner.width);
}

fn pemda_rows(app: &App, d: &DashState, inner: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let w = inner.width as usize;
    let visible = d.visible_pemda();
    let cols: usize = PEMDA_COLS.iter().sum::<usize>() + PEMDA_REVIEW_W;
    let name_w = w.saturating_sub(cols + 2);
    let words: Vec<&str> = tr(lang, s::DASH_PEMDA_HEAD).split(' ').collect();
    let mut head = format!(" {}", pad(tr(lang, COL_PEMDA), name_w));
    for (i, cw) in PEMDA_COLS.iter().enumerate() {
        let word = words.get(i).copied().unwrap_or_default();
        // Score right-aligned; the category left, after a space.
        if i == 2 {
            head.push(' ');
            head.push_str(&pad(word, cw - 1));
        } else {
            head.push_str(&pad_left(word, *cw));
        }
    }
    head.push_str("  ");
    head.push_str(words.get(4).copied().unwrap_or_default());
    buf.set_string(inner.x, inner.y, fit(&head, w), t.dim());
    let rows_h = inner.height.saturating_sub(3) as usize;
    let sel = d.selected.min(visible.len() - 1);
    let off = scroll_offset(sel, rows_h, visible.len());
    for (k, p) in visible.iter().enumerate().skip(off).take(rows_h) {
        let y = inner.y + 1 + u16::try_from(k - off).unwrap_or(0);
        let selected = k == sel;
        let conflicts = p.conflicts();
        let provisional = p.provisional && p.score.is_some();
        let cat = p.category.as_ref().map_or_else(
            || "—".to_string(),
            |c| {
                if provisional {
                    format!("{}{PROVISIONAL_MARK}", c.category)
                } else {
                    c.category.clone()
                }
            },
        );
        let cat_style = match p.category.as_ref() {
            Some(_) if provisional => t.dim(),
            Some(c) => t.zone(c.zone),
            None => Style::new(),
        };
        let score_style = if provisional { t.dim() } else { Style::new() };
        let spans = vec![
            Span::raw(if selected { "▶" } else { " " }),
            Span::raw(pad(&inert(&p.pemda_name, false), name_w)),
            Span::raw(pad_left(&p.lokus.len().to_string(), PEMDA_COLS[0])),
            Span::styled(
                pad_left(&num_opt(p.score, lang), PEMDA_COLS[1]),
                score_style,
            ),
            Span::raw(" "),
            Span::styled(pad(&cat, PEMDA_COLS[2] - 1), cat_style),
            Span::styled(
                pad_left(
                    &if conflicts == 0 {
                        "·".to_string()
                    } else {
                        conflicts.to_string()
                    },
                    PEMDA_COLS[3],
                ),
                if conflicts > 0 {
                    t.warn()
                } else {
                    Style::new()
                },
            ),
            Span::raw("  "),
            Span::raw(pad(&s::review_counts(|st| p.in_state(st)), PEMDA_REVIEW_W)),
        ];
        line_at(app, buf, inner, y, spans, selected);
    }
    // Totals and the legend.
    let lokus: usize = visible.iter().map(|p| p.lokus.len()).sum();
    let conflicts: usize = visible.iter().map(|p| p.conflicts()).sum();
    let mut tl = format!(" {}", pad(tr(lang, s::TOTAL), name_w));
    tl.push_str(&pad_left(&lokus.to_string(), PEMDA_COLS[0]));
    tl.push_str(&" ".repeat(PEMDA_COLS[1] + PEMDA_COLS[2]));
    tl.push_str(&pad_left(&conflicts.to_string(), PEMDA_COLS[3]));
    tl.push_str("  ");
    tl.push_str(&s::review_counts(|st| {
        visible.iter().map(|p| p.in_state(st)).sum()
    }));
    let y = inner.bottom().saturating_sub(2);
    buf.set_string(inner.x, y, fit(&tl, w), t.title());
    buf.set_string(
        inner.x + 1,
        y + 1,
        fit(tr(lang, s::DASH_PEMDA_LEGEND), w.saturating_sub(2)),
        t.dim(),
    );
}

fn lokus_rows(app: &App, d: &DashState, inner: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let w = inner.width as usize;
    let visible = d.visible_lokus();
    let nums_w = NUM_W * 7;
    let lokus_w = w.saturating_sub(nums_w + REVIEW_W + 3);
    let mut head = format!(" {}", pad(tr(lang, COL_LOKUS), lokus_w));
    for word in tr(lang, s::DASH_HEAD).split(' ') {
        head.push_str(&pad_left(word, NUM_W));
    }
    head.push_str("  ");
    head.push_str(tr(lang, s::DASH_REVIEW));
    buf.set_string(inner.x, inner.y, fit(&head, w), t.dim());
    let rows_h = inner.height.saturating_sub(3) as usize;
    let sel = d.selected.min(visible.len() - 1);
    let off = scroll_offset(sel, rows_h, visible.len());
    for (k, r) in visible.iter().enumerate().skip(off).take(rows_h) {
        let y = inner.y + 1 + u16::try_from(k - off).unwrap_or(0);
        let selected = k == sel;
        let mut spans = vec![
            Span::raw(if selected { "▶" } else { " " }),
            Span::raw(pad(&inert(&r.lokus_name, false), lokus_w)),
        ];
        for (i, n) in nums(r).into_iter().enumerate() {
            let text = pad_left(
                &if n == 0 && i > 1 {
                    "·".into()
                } else {
                    n.to_string()
                },
                NUM_W,
            );
            let style = match i {
                1 if n < r.assessments => t.warn(),
                2 | 4..=6 if n > 0 => t.warn(),
                _ => Style::new(),
            };
            spans.push(Span::styled(text, style));
        }
        // One assessment: its state in words; several: the counts per state.
        let review = match r.items.as_slice() {
            [one] => s::review_cell(lang, one.state()),
            _ => s::review_counts(|st| r.in_state(st)),
        };
        spans.push(Span::raw("  "));
        spans.push(Span::raw(pad(&review, REVIEW_W)));
        line_at(app, buf, inner, y, spans, selected);
    }
    let mut total = DashRow::default();
    for r in &visible {
        total.assessments += r.assessments;
        total.finalized += r.finalized;
        total.conflicts += r.conflicts;
        total.parallel += r.parallel;
        total.pending_evidence += r.pending_evidence;
        total.gaps += r.gaps;
        total.forks += r.forks;
    }
    let mut tl = format!(" {}", pad(tr(lang, s::TOTAL), lokus_w));
    for n in nums(&total) {
        tl.push_str(&pad_left(&n.to_string(), NUM_W));
    }
    let y = inner.bottom().saturating_sub(2);
    buf.set_string(inner.x, y, fit(&tl, w), t.title());
    buf.set_string(
        inner.x + 1,
        y + 1,
        fit(tr(lang, s::DASH_LEGEND), w.saturating_sub(2)),
        t.dim(),
    );
}
