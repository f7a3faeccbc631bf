//! The supervisor's inbox (issue 6): one row per bundle file with its verdict in colour
//! (and a symbol, so `NO_COLOR` still tells), what the file holds or why it was refused,
//! the next step, a progress gauge while an import runs, and the path prompt. Rows of the
//! store's import log (earlier sessions) say when and from whom; a usable file that
//! created conflicts or had ops held shows ⚠ with the counts instead of ✔ (issue 14).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Widget};

use crate::i18n::inert;
use crate::present::import::{message, verdict_mark};
use crate::present::tui::home::CONFLICTS;
use crate::present::tui::supervisor::{self as s, next_step, verdict_short};
use crate::present::tui::{APP, tr};
use crate::workspace::bundles::{ImportOutcome, LogRecord, Verdict};

use super::super::app::App;
use super::super::command::Command;
use super::super::keymap::Mode;
use super::super::screens::inbox::{InboxRow, InboxState};
use super::text::{fit, labelled_input, pad, para, width, wrap};
use super::{Frame, header, local, panel, scroll_offset};

fn when(app: &App, ms: i64) -> String {
    local(app, ms).map_or_else(
        || "—".into(),
        |z| {
            format!(
                "{}-{:02}-{:02} {:02}:{:02}",
                z.year(),
                z.month(),
                z.day(),
                z.hour(),
                z.minute()
            )
        },
    )
}

/// The third column of a row from the import log.
fn what_logged(app: &App, r: &LogRecord) -> String {
    let signer = inert(r.signer_name.as_deref().unwrap_or("—"), false);
    let mut t = s::logged_row(app.lang, &when(app, r.time_ms), &signer, r.new_ops);
    if r.verdict.ok() && r.conflicts > 0 && r.new_conflicts == 0 {
        t = format!("{t} · {} {}", r.conflicts, tr(app.lang, CONFLICTS));
    }
    t
}

/// Symbol and style of a verdict.
fn verdict_look(app: &App, v: Verdict) -> (&'static str, Style) {
    let c = app.theme.color;
    let fg = |col: Color| {
        if c {
            Style::new().fg(col).add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    };
    let style = match v {
        Verdict::Accepted => fg(Color::Green),
        Verdict::AcceptedWithWarnings => fg(Color::Yellow),
        Verdict::NoNewData => Style::new(),
        Verdict::Quarantined => fg(Color::Magenta),
        Verdict::Rejected => fg(Color::Red),
    };
    (verdict_mark(v), style)
}

/// The third column: contents when accepted, else the reason in a few words.
fn what(app: &App, r: &InboxRow, o: &ImportOutcome) -> String {
    if o.verdict.ok() {
        let mut t = r.peek.as_ref().map_or_else(String::new, |p| {
            s::inbox_contents(app.lang, p.assessments, p.ops, p.evidence)
        });
        if o.conflicts > 0 {
            let c = tr(app.lang, CONFLICTS);
            t = format!("{t} · {} {c}", o.conflicts);
        }
        if !o.pending_evidence.is_empty() {
            let p = tr(app.lang, s::EVIDENCE_PENDING);
            t = format!("{t} · {p}: {}", o.pending_evidence.len());
        }
        t
    } else {
        // The first sentence of the message is the plain-language reason.
        let m = inert(&message(o, app.lang), false);
        let reason = m.split(". ").next().unwrap_or(&m).trim_end_matches('.');
        format!("{reason} — {}", next_step(app.lang, o))
    }
}

/// The inbox.
pub fn render(app: &App, ib: &InboxState, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let src = ib
        .source
        .as_deref()
        .map(|x| format!(" · {}", inert(x, false)))
        .unwrap_or_default();
    header(
        app,
        f.head,
        buf,
        &format!("{} · {}{src}", APP, tr(lang, s::INBOX_TITLE)),
        &s::files_count(lang, ib.rows.len()),
    );
    let inner = panel(app, f.body, format!(" {} ", tr(lang, s::INBOX_TITLE)), buf);
    let w = inner.width as usize;
    // Bottom part: the prompt with completions, the gauge, or the selected file's detail.
    let bottom_h: u16 = if ib.prompt.is_some() {
        1 + u16::try_from(ib.completions.len().min(4)).unwrap_or(0)
    } else if ib.job.is_some() {
        1
    } else if ib.detail && !ib.rows.is_empty() {
        5
    } else {
        0
    };
    let list_h = inner.height.saturating_sub(bottom_h) as usize;
    if ib.rows.is_empty() {
        let key = app
            .keymap
            .hint_key(Mode::Inbox, Command::Import)
            .unwrap_or_default();
        let text = tr(lang, s::INBOX_EMPTY).replace("{i}", &key);
        Paragraph::new(para(&text, w.saturating_sub(2), Style::new())).render(
            Rect::new(
                inner.x,
                inner.y,
                inner.width,
                u16::try_from(list_h).unwrap_or(0),
            ),
            buf,
        );
    } else {
        let verdict_w = 22;
        let file_w = (w.saturating_sub(verdict_w + 3)) * 2 / 5;
        let what_w = w.saturating_sub(verdict_w + file_w + 3);
        let sel = ib.selected.min(ib.rows.len() - 1);
        let off = scroll_offset(sel, list_h, ib.rows.len());
        for (k, r) in ib.rows.iter().enumerate().skip(off).take(list_h) {
            let y = inner.y + u16::try_from(k - off).unwrap_or(0);
            let (mut sym, mut style, mut word, rest) = match (&r.outcome, &r.logged) {
                (Some(o), _) => {
                    let (sym, st) = verdict_look(app, o.verdict);
                    (
                        sym,
                        st,
                        verdict_short(lang, o.verdict).to_string(),
                        what(app, r, o),
                    )
                }
                (None, Some(l)) => {
                    let (sym, st) = verdict_look(app, l.verdict);
                    (
                        sym,
                        st,
                        verdict_short(lang, l.verdict).to_string(),
                        what_logged(app, l),
                    )
                }
                (None, None) => (
                    "·",
                    t.dim(),
                    tr(lang, s::WAITING).to_string(),
                    String::new(),
                ),
            };
            let (conflicts, held) = r.flags();
            if conflicts + held > 0 {
                (sym, style) = verdict_look(app, Verdict::AcceptedWithWarnings);
                word = s::flag_words(lang, conflicts, held);
            }
            let selected = k == sel;
            let mut spans = vec![
                Span::raw(if selected { "▶" } else { " " }),
                Span::styled(format!("{} ", pad(sym, 2)), style),
                Span::styled(pad(&fit(&word, verdict_w - 3), verdict_w - 3), style),
                Span::raw(" "),
                Span::raw(pad(&fit(&inert(&r.name(), false), file_w), file_w)),
                Span::raw(" "),
                Span::raw(fit(&rest, what_w)),
            ];
            if selected {
                buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected());
                spans = spans
                    .into_iter()
                    .map(|sp| {
                        let st = t.selected().patch(sp.style);
                        sp.style(st)
                    })
                    .collect();
            }
            buf.set_line(inner.x, y, &Line::from(spans), inner.width);
        }
    }
    if bottom_h == 0 {
        return;
    }
    let by = inner.y + inner.height - bottom_h;
    if let Some(input) = &ib.prompt {
        let label = tr(lang, s::PATH_PROMPT);
        let iw = w.saturating_sub(width(label) + 2);
        let line = labelled_input(label, input, iw, true, t);
        buf.set_line(inner.x, by, &line, inner.width);
        for (i, c) in ib.completions.iter().take(4).enumerate() {
            let y = by + 1 + u16::try_from(i).unwrap_or(0);
            buf.set_string(
                inner.x + 2,
                y,
                fit(&inert(c, false), w.saturating_sub(3)),
                t.dim(),
            );
        }
    } else if let Some(job) = &ib.job {
        let ratio = if job.total == 0 {
            0.0
        } else {
            f64::from(u32::try_from(job.done).unwrap_or(0))
                / f64::from(u32::try_from(job.total).unwrap_or(1))
        };
        let label = s::import_progress(lang, job.done, job.total);
        let style = if t.color {
            Style::new().fg(Color::Cyan).bg(Color::Indexed(236))
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        };
        Gauge::default()
            .ratio(ratio.clamp(0.0, 1.0))
            .label(label)
            .gauge_style(style)
            .use_unicode(true)
            .render(
                Rect::new(inner.x + 1, by, inner.width.saturating_sub(2), 1),
                buf,
            );
    } else if let Some(r) = ib.rows.get(ib.selected) {
        detail(app, r, Rect::new(inner.x, by, inner.width, bottom_h), buf);
    }
}

fn detail(app: &App, r: &InboxRow, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let w = area.width as usize;
    buf.set_string(area.x, area.y, "─".repeat(w), t.dim());
    let mut lines: Vec<Line> = Vec::new();
    if let Some(p) = &r.peek {
        lines.push(Line::from(vec![
            Span::styled(format!(" {}: ", tr(lang, s::EXPORTER)), t.dim()),
            Span::raw(fit(
                &format!("{} · 🔑 {}", inert(&p.exporter, false), p.fingerprint),
                w.saturating_sub(12),
            )),
        ]));
    } else if let Some(o) = &r.outcome
        && let (Some(n), Some(fp)) = (&o.signer_name, &o.fingerprint)
    {
        lines.push(Line::from(vec![
            Span::styled(format!(" {}: ", tr(lang, s::EXPORTER)), t.dim()),
            Span::raw(fit(
                &format!("{} · 🔑 {fp}", inert(n, false)),
                w.saturating_sub(12),
            )),
        ]));
    }
    if r.outcome.is_none()
        && let Some(l) = &r.logged
    {
        if let Some(n) = &l.signer_name {
            lines.push(Line::from(vec![
                Span::styled(format!(" {}: ", tr(lang, s::EXPORTER)), t.dim()),
                Span::raw(fit(&inert(n, false), w.saturating_sub(12))),
            ]));
        }
        lines.push(Line::from(fit(
            &format!(
                " {} {} {} {} · {}",
                tr(lang, s::IMPORTED_AT),
                when(app, l.time_ms),
                tr(lang, s::IMPORTED_BY),
                inert(&l.operator, false),
                verdict_short(lang, l.verdict)
            ),
            w,
        )));
        let (c, h) = r.flags();
        if c + h > 0 {
            let (_, style) = verdict_look(app, Verdict::AcceptedWithWarnings);
            lines.push(Line::from(Span::styled(
                format!(" ⚠ {}", s::flag_words(lang, c, h)),
                style,
            )));
        }
    }
    if let Some(o) = &r.outcome {
        let (_, style) = verdict_look(app, o.verdict);
        for l in wrap(&inert(&message(o, app.lang), false), w.saturating_sub(2))
            .into_iter()
            .take(2)
        {
            lines.push(Line::from(Span::styled(format!(" {l}"), style)));
        }
        lines.push(Line::from(vec![
            Span::styled(format!(" {}: ", tr(lang, s::NEXT_STEP)), t.dim()),
            Span::styled(next_step(lang, o).to_string(), t.title()),
        ]));
    }
    Paragraph::new(lines).render(
        Rect::new(
            area.x,
            area.y + 1,
            area.width,
            area.height.saturating_sub(1),
        ),
        buf,
    );
}
