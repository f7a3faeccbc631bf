//! The new-assessment form on the left, and on the right the list that belongs to the
//! focused field (instruments, matching pemda, lokus types) or its explanation.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::core::region::LOKUS_TYPES;
use crate::i18n::inert;
use crate::present::tui::home as s;
use crate::present::tui::{APP, tr};

use super::super::app::App;
use super::super::screens::new_assessment::{NewField, NewForm};
use super::text::{fit, form_field, pad, para, width};
use super::{Frame, header, panel, scroll_offset};

/// Label width in the (narrower) new-assessment form.
const NEW_LABEL_W: usize = 13;

/// A "▶ Label   value" line for a choice field (no text input).
fn choice(app: &App, label: &str, value: &str, focused: bool, w: usize) -> Line<'static> {
    let lw = NEW_LABEL_W;
    let t = app.theme;
    let v = if focused {
        format!("◂ {value} ▸")
    } else {
        value.to_string()
    };
    Line::from(vec![
        Span::raw(if focused { "▶ " } else { "  " }),
        Span::styled(
            pad(label, lw),
            if focused { t.title() } else { Style::new() },
        ),
        Span::styled(
            fit(&v, w.saturating_sub(lw + 3)),
            if focused { t.focus() } else { Style::new() },
        ),
    ])
}

/// The new-assessment form and the list of its focused field.
pub fn render(app: &App, form: &NewForm, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let who = app
        .me
        .as_ref()
        .map(|m| inert(&m.name, false))
        .unwrap_or_default();
    header(
        app,
        f.head,
        buf,
        &format!("{} · {}", APP, tr(lang, s::NEW_TITLE)),
        &who,
    );
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Fill(1)]).areas(f.body);
    let inner = panel(app, left, format!(" {} ", tr(lang, s::NEW_TITLE)), buf);
    let w = inner.width as usize;
    let focus = form.focus;
    let inst = app.instruments.get(form.instrument);
    let lt = form.lokus_type();
    let lt_name = if lang.en() {
        format!("{} ({})", lt.name, lt.name_en)
    } else {
        lt.name.to_string()
    };
    let mut lines = vec![
        form_field(
            app.theme,
            NEW_LABEL_W,
            tr(lang, s::FIELD_ROUND),
            &form.round,
            focus == NewField::Round,
            "",
            w,
        ),
        choice(
            app,
            tr(lang, s::FIELD_INSTRUMENT),
            inst.map_or("—", |i| i.id.as_str()),
            focus == NewField::Instrument,
            w,
        ),
        form_field(
            app.theme,
            NEW_LABEL_W,
            tr(lang, s::FIELD_PEMDA),
            &form.pemda,
            focus == NewField::Pemda,
            tr(lang, s::PEMDA_PLACEHOLDER),
            w,
        ),
    ];
    let chosen = form
        .chosen_pemda()
        .map(|r| format!("→ {} {}", r.name, r.code))
        .unwrap_or_default();
    lines.push(Line::from(Span::styled(
        format!(
            "  {}{}",
            " ".repeat(NEW_LABEL_W),
            fit(&chosen, w.saturating_sub(NEW_LABEL_W + 3))
        ),
        t.ok(),
    )));
    lines.push(choice(
        app,
        tr(lang, s::FIELD_LOKUS),
        &lt_name,
        focus == NewField::Lokus,
        w,
    ));
    if lt.needs_name {
        lines.push(form_field(
            app.theme,
            NEW_LABEL_W,
            tr(lang, s::FIELD_LOKUS_NAME),
            &form.lokus_name,
            focus == NewField::LokusName,
            tr(lang, s::LOKUS_NAME_PLACEHOLDER),
            w,
        ));
    } else {
        lines.push(Line::from(vec![
            Span::raw("  "),
            Span::raw(pad(tr(lang, s::FIELD_LOKUS_NAME), NEW_LABEL_W)),
            Span::styled(tr(lang, s::LOKUS_NAME_NOT_NEEDED), t.dim()),
        ]));
    }
    lines.push(Line::raw(""));
    if let Some(i) = inst {
        lines.extend(para(&i.title, w.saturating_sub(2), t.dim()));
    }
    Paragraph::new(lines).render(inner, buf);

    choices(app, form, right, buf);
}

/// The right-hand panel: the list that belongs to the focused field, or its explanation.
fn choices(app: &App, form: &NewForm, area: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let (title, items, sel): (String, Vec<(String, String)>, Option<usize>) = match form.focus {
        NewField::Round | NewField::Instrument => (
            tr(lang, s::INSTRUMENTS).to_string(),
            app.instruments
                .iter()
                .map(|i| (format!("{} ({})", i.id, i.round), i.title.clone()))
                .collect(),
            Some(form.instrument),
        ),
        NewField::Pemda => (
            if form.suggested {
                s::closest_pemda(lang, form.candidates.len())
            } else {
                s::matching_pemda(lang, form.candidates.len())
            },
            form.candidates
                .iter()
                .map(|r| (r.name.clone(), format!("{} · {}", r.code, r.kind)))
                .collect(),
            Some(form.pemda_sel),
        ),
        NewField::Lokus => (
            tr(lang, s::LOKUS_TYPES).to_string(),
            LOKUS_TYPES
                .iter()
                .map(|l| {
                    (
                        l.name.to_string(),
                        if lang.en() {
                            l.name_en.to_string()
                        } else {
                            String::new()
                        },
                    )
                })
                .collect(),
            Some(form.lokus),
        ),
        NewField::LokusName => (tr(lang, s::FIELD_LOKUS_NAME).to_string(), Vec::new(), None),
    };
    let focused_list = matches!(
        form.focus,
        NewField::Instrument | NewField::Pemda | NewField::Lokus
    );
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), t.title()))
        .border_style(if focused_list {
            t.focus()
        } else {
            Style::new()
        });
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    let help = match form.focus {
        NewField::Round => Some(tr(lang, s::ROUND_HELP)),
        NewField::LokusName => Some(tr(lang, s::LOKUS_NAME_HELP)),
        NewField::Pemda if form.candidates.is_empty() => Some(tr(lang, s::PEMDA_PLACEHOLDER)),
        _ => None,
    };
    let mut y = inner.y;
    if let Some(h) = help {
        let lines = para(h, w.saturating_sub(2), t.dim());
        let n = u16::try_from(lines.len()).unwrap_or(0).min(inner.height);
        Paragraph::new(lines).render(Rect::new(inner.x, y, inner.width, n), buf);
        y += n + 1;
    }
    if items.is_empty() || y >= inner.bottom() {
        return;
    }
    let h = (inner.bottom() - y) as usize;
    let sel = sel.unwrap_or(0).min(items.len().saturating_sub(1));
    let off = scroll_offset(sel, h, items.len());
    for (k, (a, b)) in items.iter().enumerate().skip(off).take(h) {
        let row_y = y + u16::try_from(k - off).unwrap_or(0);
        let selected = k == sel;
        let aw = width(a).min(w.saturating_sub(3));
        let line = Line::from(vec![
            Span::raw(if selected { "▶ " } else { "  " }),
            Span::raw(fit(a, aw)),
            Span::raw("  "),
            Span::styled(
                fit(b, w.saturating_sub(aw + 4)),
                if selected { Style::new() } else { t.dim() },
            ),
        ]);
        let style = if selected && focused_list {
            t.selected()
        } else if selected {
            t.title()
        } else {
            Style::new()
        };
        buf.set_style(Rect::new(inner.x, row_y, inner.width, 1), style);
        buf.set_line(inner.x, row_y, &line.style(style), inner.width);
    }
}
