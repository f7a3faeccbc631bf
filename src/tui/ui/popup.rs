//! The popups over the checklist: the note editor, the evidence path prompt (with Tab's
//! matches) and the list of the indicator's attachments (the search's prompt is on the
//! status line), and the finalize dialog over the review screen.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Widget};

use crate::i18n::inert;
use crate::present::tui::checklist as s;
use crate::present::tui::tr;

use super::super::app::App;
use super::super::screens::checklist::Checklist;
use super::super::screens::popup::{EvidenceList, Popup};
use super::text::{fit, pad, width, with_input, wrap};
use super::{Frame, dialog};

/// The checklist's popup, if one is open.
pub fn render(app: &App, c: &Checklist, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let pos = c.current();
    match &c.popup {
        Some(Popup::Note(ed)) => {
            let title = format!(
                " {} · {} ",
                tr(lang, s::NOTE_TITLE),
                pos.map_or(String::new(), |p| format!(
                    "{} {}",
                    p.indicator.id,
                    inert(&p.indicator.short, false)
                ))
            );
            let inner = dialog(app, f.body, (72, 14), title, buf);
            ed.ta.render(inner, buf);
            if ed.confirm_discard {
                // Asked on the editor's last line; nothing is preselected.
                let y = inner.bottom().saturating_sub(1);
                let r = ratatui::layout::Rect::new(inner.x, y, inner.width, 1);
                Clear.render(r, buf);
                buf.set_line(
                    inner.x,
                    y,
                    &Line::from(Span::styled(
                        format!(
                            " {}",
                            fit(
                                tr(lang, s::DISCARD_ASK),
                                (inner.width as usize).saturating_sub(2)
                            )
                        ),
                        t.warn(),
                    )),
                    inner.width,
                );
            }
        }
        Some(Popup::Reply(ta)) => {
            let title = format!(
                " {} · {} ",
                tr(lang, s::REPLY_TITLE),
                pos.map_or(String::new(), |p| p.indicator.id.clone())
            );
            let inner = dialog(app, f.body, (72, 14), title, buf);
            ta.as_ref().render(inner, buf);
        }
        Some(Popup::Attach(p)) => {
            let title = format!(
                " {} · {} ",
                tr(lang, s::ATTACH_TITLE),
                pos.map_or(String::new(), |p| p.indicator.id.clone())
            );
            let shown = p.completions.len().min(4);
            let h = 8 + u16::try_from(shown).unwrap_or(0);
            let inner = dialog(app, f.body, (72, h), title, buf);
            let iw = inner.width as usize;
            let text = format!("{} {}", tr(lang, s::ATTACH_TEXT), tr(lang, s::ATTACH_TAB));
            let mut lines: Vec<Line> = wrap(&text, iw.saturating_sub(2))
                .into_iter()
                .take(3)
                .map(|l| Line::from(Span::styled(format!(" {l}"), t.dim())))
                .collect();
            lines.push(Line::raw(""));
            lines.push(with_input(
                vec![Span::raw(" ")],
                &p.input,
                iw.saturating_sub(2),
                true,
                "",
                t,
            ));
            for name in p.completions.iter().take(shown) {
                lines.push(Line::from(Span::styled(
                    format!("   {}", fit(&inert(name, false), iw.saturating_sub(4))),
                    t.dim(),
                )));
            }
            if p.completions.len() > shown {
                lines.push(Line::from(Span::styled(
                    format!("   … +{}", p.completions.len() - shown),
                    t.dim(),
                )));
            }
            Paragraph::new(lines).render(inner, buf);
        }
        Some(Popup::Evidence(ev)) => evidence(app, c, ev, f, buf),
        Some(Popup::Finalize) => finalize(app, c, f, buf),
        Some(Popup::Audit { entries, scroll }) => audit(app, entries, *scroll, f, buf),
        Some(Popup::Search(_)) | None => {}
    }
}

/// The attachments of the current indicator: name, size, who attached it and when; the
/// selected one is highlighted; the removal's question on the last line.
fn evidence(app: &App, c: &Checklist, ev: &EvidenceList, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let ind = c.current_id();
    let files = c.evidence(ind);
    let rows = files.len().clamp(1, 10);
    let h = u16::try_from(rows + 4).unwrap_or(14);
    let title = format!(" {} · {ind} ", tr(lang, s::EVIDENCE_TITLE));
    let inner = dialog(app, f.body, (72, h), title, buf);
    let w = (inner.width as usize).saturating_sub(2);
    let mut lines: Vec<Line> = Vec::new();
    if files.is_empty() {
        lines.extend(
            wrap(tr(lang, s::EVIDENCE_NONE), w)
                .into_iter()
                .map(|l| Line::raw(format!(" {l}"))),
        );
    }
    // Keep the selection in view.
    let first = ev.selected.saturating_sub(rows - 1);
    for (i, file) in files.iter().enumerate().skip(first).take(rows) {
        let size = crate::i18n::bytes(file.size, lang);
        let when = super::local(app, file.wall_ms).map_or_else(
            || "—".to_string(),
            |z| {
                let m = usize::try_from(z.month() - 1).unwrap_or(0).min(11);
                let month = crate::i18n::short_month(m, lang);
                format!("{} {month} {:02}:{:02}", z.day(), z.hour(), z.minute())
            },
        );
        let who = s::attached_by(lang, &inert(&file.by, false), &when);
        let right = format!("{size} · {who}");
        let name_w = w.saturating_sub(width(&right) + 4).max(8);
        let text = format!(
            " {} {}  {right}",
            if i == ev.selected { "▸" } else { " " },
            pad(&fit(&inert(&file.name, false), name_w), name_w)
        );
        let style = if i == ev.selected {
            t.selected()
        } else {
            Style::new()
        };
        lines.push(Line::from(Span::styled(fit(&text, w + 1), style)));
    }
    let y = inner.bottom().saturating_sub(1);
    Paragraph::new(lines).render(inner, buf);
    // The keys are on the hint line; the last line asks before a removal.
    if !ev.confirm_remove {
        return;
    }
    let name = files
        .get(ev.selected)
        .map(|f| inert(&f.name, false))
        .unwrap_or_default();
    let last = Span::styled(
        format!(" {}", fit(&s::remove_ask(lang, &name), w)),
        t.warn(),
    );
    let r = ratatui::layout::Rect::new(inner.x, y, inner.width, 1);
    Clear.render(r, buf);
    buf.set_line(inner.x, y, &Line::from(last), inner.width);
}

/// Finalize, asked once: the result, the flagged indicators and the notes, and the keys
/// (an explicit `y`; Enter does not finalize).
fn finalize(app: &App, c: &Checklist, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let (flagged, noted) = c.follow_ups(app.me.as_ref());
    // As tall as what it lists, up to 16 rows.
    let listed = flagged.len().max(1)
        + usize::from(!flagged.is_empty())
        + 2 * usize::from(!noted.is_empty());
    let h = u16::try_from(listed + 6).unwrap_or(16).clamp(8, 16);
    let inner = dialog(
        app,
        f.body,
        (72, h),
        format!(" {} ", tr(lang, s::FINALIZE_TITLE)),
        buf,
    );
    let w = (inner.width as usize).saturating_sub(2);
    let short = |id: &str| {
        c.instrument()
            .indicator(id)
            .map(|p| inert(&p.indicator.short, false))
            .unwrap_or_default()
    };
    let mut lines: Vec<Line> = vec![Line::from(vec![
        Span::styled(format!(" {}: ", tr(lang, s::SCORE)), t.title()),
        Span::raw(s::result(lang, &c.view.detail.summary)),
    ])];
    lines.push(Line::raw(""));
    if flagged.is_empty() && noted.is_empty() {
        lines.push(Line::raw(format!(
            " {}",
            fit(tr(lang, s::FINALIZE_NO_FLAGS), w)
        )));
    }
    // Room for the keys and the blank line above them.
    let room = (inner.height as usize).saturating_sub(5);
    if !flagged.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" ⚑ {}", s::finalize_flagged(lang, flagged.len())),
            t.warn(),
        )));
        let shown = flagged.len().min(room.saturating_sub(2).max(1));
        for (id, why) in flagged.iter().take(shown) {
            let text = if why.is_empty() {
                format!("{id} {}", short(id))
            } else {
                format!("{id} {} — “{}”", short(id), inert(why, false))
            };
            lines.push(Line::raw(format!("   {}", fit(&text, w.saturating_sub(3)))));
        }
        if flagged.len() > shown {
            lines.push(Line::raw(format!(
                "   … {} {}",
                flagged.len() - shown,
                tr(lang, s::MORE_BELOW)
            )));
        }
    }
    if !noted.is_empty() {
        lines.push(Line::from(Span::styled(
            format!(" {}", s::finalize_notes(lang, noted.len())),
            t.title(),
        )));
        lines.push(Line::raw(format!(
            "   {}",
            fit(&noted.join(", "), w.saturating_sub(3))
        )));
    }
    let keys = s::finalize_keys(
        lang,
        &app.keymap
            .hint_key(
                super::super::keymap::Mode::Prompt,
                super::super::command::Command::Cancel,
            )
            .unwrap_or_else(|| "Esc".into()),
    );
    let body_h = inner.height.saturating_sub(1);
    Paragraph::new(lines).render(
        ratatui::layout::Rect::new(inner.x, inner.y, inner.width, body_h),
        buf,
    );
    buf.set_line(
        inner.x,
        inner.bottom().saturating_sub(1),
        &Line::from(Span::styled(format!(" {}", fit(&keys, w)), t.ok())),
        inner.width,
    );
}

/// The audit trail over the checklist, newest first: per op its time, who, what,
/// old → new and why, from the `scroll`-th entry on.
fn audit(
    app: &App,
    entries: &[crate::workspace::AuditEntry],
    scroll: usize,
    f: &Frame,
    buf: &mut Buffer,
) {
    let lang = app.lang;
    let t = app.theme;
    let h = f.body.height.saturating_sub(1);
    let title = format!(
        " {} ",
        crate::present::review::audit_title(lang, entries.len())
    );
    let inner = dialog(app, f.body, (76, h), title, buf);
    let w = (inner.width as usize).saturating_sub(2);
    let mut lines: Vec<Line> = Vec::new();
    if entries.is_empty() {
        lines.push(Line::raw(format!(" {}", tr(lang, s::AUDIT_EMPTY))));
    }
    // Newest first: the decision and the last changes are what a reader looks for.
    for e in entries.iter().rev().skip(scroll) {
        let when = super::local(app, e.wall_ms).map_or_else(
            || "—".to_string(),
            |z| z.strftime("%Y-%m-%d %H:%M").to_string(),
        );
        let (what, why) = crate::present::review::audit_entry(e, lang);
        lines.push(Line::from(vec![
            Span::styled(format!(" {when} "), t.dim()),
            Span::raw(fit(&what, w.saturating_sub(17))),
        ]));
        if let Some(why) = why {
            lines.push(Line::styled(
                format!("   {}", fit(&why, w.saturating_sub(2))),
                t.dim(),
            ));
        }
    }
    Paragraph::new(lines).render(inner, buf);
}
