//! The supervisor dashboard (issue 6): per pemda and lokus, assessments present, finalized,
//! conflicts, parallel edits, pending evidence, gaps and forks, with a text filter and a
//! "problems only" switch.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::i18n::inert;
use crate::present::tui::home::{COL_LOKUS, COL_PEMDA, no_match};
use crate::present::tui::supervisor as s;
use crate::present::tui::{APP, tr};
use crate::workspace::DashRow;

use super::super::app::App;
use super::super::screens::dashboard::DashState;
use super::text::{fit, pad, pad_left, para};
use super::{Frame, header, panel, scroll_offset};

const NUM_W: usize = 6;

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

/// The dashboard.
pub fn render(app: &App, d: &DashState, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let visible = d.visible();
    header(
        app,
        f.head,
        buf,
        &format!("{} · {}", APP, tr(lang, s::DASH_TITLE)),
        if d.problems_only {
            tr(lang, s::DASH_PROBLEMS)
        } else {
            ""
        },
    );
    let filter = d.filter.value();
    let title = if filter.is_empty() {
        format!(" {} ({}) ", tr(lang, s::DASH_TITLE), visible.len())
    } else {
        format!(
            " {} ({}/{}) · “{}” ",
            tr(lang, s::DASH_TITLE),
            visible.len(),
            d.rows.len(),
            fit(&inert(filter, false), 20)
        )
    };
    let inner = panel(app, f.body, title, buf);
    let w = inner.width as usize;
    if visible.is_empty() {
        let text = if d.rows.is_empty() {
            tr(lang, s::DASH_EMPTY).to_string()
        } else {
            no_match(lang, &inert(filter, false))
        };
        Paragraph::new(para(&text, w.saturating_sub(2), Style::new())).render(inner, buf);
        return;
    }
    let nums_w = NUM_W * 7;
    let marks_w = 3;
    let names_w = w.saturating_sub(nums_w + marks_w + 2);
    let pemda_w = names_w / 2;
    let lokus_w = names_w.saturating_sub(pemda_w + 1);
    let mut head = format!(
        " {} {}",
        pad(tr(lang, COL_PEMDA), pemda_w),
        pad(tr(lang, COL_LOKUS), lokus_w)
    );
    for word in tr(lang, s::DASH_HEAD).split(' ') {
        head.push_str(&pad_left(word, NUM_W));
    }
    buf.set_string(inner.x, inner.y, fit(&head, w), t.dim());
    let rows_h = inner.height.saturating_sub(3) as usize;
    let sel = d.selected.min(visible.len() - 1);
    let off = scroll_offset(sel, rows_h, visible.len());
    for (k, r) in visible.iter().enumerate().skip(off).take(rows_h) {
        let y = inner.y + 1 + u16::try_from(k - off).unwrap_or(0);
        let selected = k == sel;
        let mut spans = vec![
            Span::raw(if selected { "▶" } else { " " }),
            Span::raw(pad(&inert(&r.pemda_name, false), pemda_w)),
            Span::raw(" "),
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
                2 | 4..=6 if n > 0 => t.warn(),
                _ => Style::new(),
            };
            spans.push(Span::styled(text, style));
        }
        let mut marks = String::from(" ");
        if r.approved > 0 {
            marks.push('✓');
        }
        if r.needs_revision > 0 {
            marks.push('◷');
        }
        spans.push(Span::raw(marks));
        let mut line = Line::from(spans);
        if selected {
            line = line.style(t.selected());
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected());
        }
        buf.set_line(inner.x, y, &line, inner.width);
    }
    // Totals and the legend.
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
    let mut tl = format!(" {}", pad(tr(lang, s::TOTAL), pemda_w + lokus_w + 1));
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
