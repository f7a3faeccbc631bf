//! The trust roster (issue 6) and the supervisor's dialogs: add a key (its fingerprint
//! shows as soon as the pasted key is valid) and the review state of an assessment.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::i18n::inert;
use crate::identity::{Role, fingerprint};

use super::super::action::Action;
use super::super::app::App;
use super::super::keymap::Mode;
use super::super::strings::{self as s, tr};
use super::super::supervisor::{ReviewDialog, TrustForm};
use super::text::{fit, input_line, pad, wrap};
use super::{Frame, centered, header, scroll_offset};

pub fn render(app: &App, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let tr_ = &app.sup.trust;
    header(
        app,
        f.head,
        buf,
        &format!("{} · {}", s::APP, tr(lang, s::TRUST_TITLE)),
        &tr_.list.len().to_string(),
    );
    let block = Block::bordered().title(Span::styled(
        format!(" {} ({}) ", tr(lang, s::TRUST_TITLE), tr_.list.len()),
        t.title(),
    ));
    let inner = block.inner(f.body);
    block.render(f.body, buf);
    let w = inner.width as usize;
    if tr_.list.is_empty() {
        let key = app
            .keymap
            .hint_key(Mode::Trust, &Action::New)
            .unwrap_or_default();
        let text = tr(lang, s::TRUST_EMPTY).replace("{a}", &key);
        let lines: Vec<Line> = wrap(&text, w.saturating_sub(2))
            .into_iter()
            .map(|l| Line::from(format!(" {l}")))
            .collect();
        Paragraph::new(lines).render(inner, buf);
        return;
    }
    let fp_w = 24;
    let role_w = 11;
    let added_w = 10;
    let name_w = w.saturating_sub(fp_w + role_w + added_w + 4);
    let head = format!(
        " {} {} {} {}",
        pad(tr(lang, s::COL_NAME), name_w),
        pad(tr(lang, s::COL_ROLE), role_w),
        pad(tr(lang, s::COL_FP), fp_w),
        tr(lang, s::COL_ADDED)
    );
    buf.set_string(inner.x, inner.y, fit(&head, w), t.dim());
    let rows_h = inner.height.saturating_sub(1) as usize;
    let sel = tr_.selected.min(tr_.list.len() - 1);
    let off = scroll_offset(sel, rows_h, tr_.list.len());
    for (k, e) in tr_.list.iter().enumerate().skip(off).take(rows_h) {
        let y = inner.y + 1 + u16::try_from(k - off).unwrap_or(0);
        let added = jiff::Timestamp::from_millisecond(e.added_ms)
            .map(|x| x.to_zoned_datetime(app.tz.clone()).date().to_string())
            .unwrap_or_default();
        let role = match e.role {
            Role::Supervisor => tr(lang, s::ROLE_SUPERVISOR),
            Role::Assessor => tr(lang, s::ROLE_ASSESSOR),
        };
        let selected = k == sel;
        let text = format!(
            "{}{} {} {} {}",
            if selected { "▶" } else { " " },
            pad(&inert(&e.name, false), name_w),
            pad(role, role_w),
            pad(&fingerprint(&e.device), fp_w),
            added
        );
        let style = if selected { t.selected() } else { Style::new() };
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected());
        }
        buf.set_string(inner.x, y, fit(&text, w), style);
    }
}

/// Dialogs over any screen: the trust form, the review state.
pub fn render_popups(app: &App, body: Rect, buf: &mut Buffer) {
    if let Some(f) = &app.sup.trust_form {
        trust_form(app, f, body, buf);
    } else if let Some(d) = &app.sup.review {
        review(app, d, body, buf);
    }
}

fn field_line(
    app: &App,
    label: &str,
    input: &tui_input::Input,
    focused: bool,
    w: usize,
) -> Line<'static> {
    let t = app.theme;
    let lw = 18;
    let mut spans = vec![Span::styled(
        format!(" {}", pad(label, lw - 1)),
        if focused { t.focus() } else { t.dim() },
    )];
    spans.extend(
        input_line(
            input,
            w.saturating_sub(lw + 1),
            focused,
            "",
            Style::new(),
            t.dim(),
            t.cursor(),
        )
        .spans,
    );
    Line::from(spans)
}

fn trust_form(app: &App, f: &TrustForm, body: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let area = centered(body, 76, 11);
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_style(t.focus())
        .title(Span::styled(
            format!(" {} ", tr(lang, s::TRUST_ADD_TITLE)),
            t.title(),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    let role = if f.supervisor {
        tr(lang, s::ROLE_SUPERVISOR)
    } else {
        tr(lang, s::ROLE_ASSESSOR)
    };
    let mut lines = vec![
        field_line(app, tr(lang, s::FIELD_KEY), &f.key, f.focus == 0, w),
        field_line(app, tr(lang, s::FIELD_NAME), &f.name, f.focus == 1, w),
        Line::from(vec![
            Span::styled(
                format!(" {}", pad(tr(lang, s::FIELD_ROLE), 17)),
                if f.focus == 2 { t.focus() } else { t.dim() },
            ),
            Span::styled(
                format!("‹ {role} ›"),
                if f.focus == 2 {
                    t.title()
                } else {
                    Style::new()
                },
            ),
        ]),
        Line::from(""),
    ];
    match f.fingerprint() {
        Some(fp) => {
            lines.push(Line::from(vec![
                Span::styled(format!(" {}: ", tr(lang, s::FINGERPRINT)), t.dim()),
                Span::styled(fp, t.title()),
            ]));
            for l in wrap(tr(lang, s::FP_HINT), w.saturating_sub(2)) {
                lines.push(Line::from(format!(" {l}")));
            }
        }
        None if !f.key.value().trim().is_empty() => {
            lines.push(Line::from(Span::styled(
                format!(" ⚠ {}", tr(lang, s::KEY_INVALID)),
                t.error(),
            )));
        }
        None => {}
    }
    Paragraph::new(lines).render(inner, buf);
}

fn review(app: &App, d: &ReviewDialog, body: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let area = centered(body, 64, 10);
    Clear.render(area, buf);
    let block = Block::bordered()
        .border_style(t.focus())
        .title(Span::styled(
            format!(" {} ", tr(lang, s::REVIEW_TITLE)),
            t.title(),
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        format!(" {}", fit(&d.label, w.saturating_sub(1))),
        t.title(),
    ))];
    let names = [s::REVIEW_RECEIVED, s::REVIEW_NEEDS, s::REVIEW_APPROVED];
    for (i, n) in names.iter().enumerate() {
        let on = d.choice == i;
        let text = format!(" {} {} {}", if on { "●" } else { "○" }, i + 1, tr(lang, *n));
        let style = match (on, d.focus == 0) {
            (true, true) => t.selected(),
            (true, false) => t.title(),
            _ => Style::new(),
        };
        lines.push(Line::from(Span::styled(pad(&text, w), style)));
    }
    lines.push(Line::from(""));
    lines.push(field_line(
        app,
        tr(lang, s::REVIEW_COMMENT),
        &d.comment,
        d.focus == 1,
        w,
    ));
    Paragraph::new(lines).render(inner, buf);
}
