//! The trust roster (issue 6), and the add-a-key form over it or over the inbox: the
//! fingerprint shows as soon as the pasted key is valid.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::i18n::inert;
use crate::identity::{Role, fingerprint};

use crate::present::tui::home::{FIELD_NAME, FINGERPRINT};
use crate::present::tui::supervisor as s;
use crate::present::tui::{APP, tr};

use super::super::app::App;
use super::super::command::Command;
use super::super::keymap::Mode;
use super::super::screens::trust::{TrustForm, TrustState};
use super::text::{dialog_field, fit, pad, para, wrap};
use super::{Frame, dialog, header, local, panel, scroll_offset};

/// The roster.
pub fn render(app: &App, tr_: &TrustState, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    header(
        app,
        f.head,
        buf,
        &format!("{} · {}", APP, tr(lang, s::TRUST_TITLE)),
        &tr_.list.len().to_string(),
    );
    let inner = panel(
        app,
        f.body,
        format!(" {} ({}) ", tr(lang, s::TRUST_TITLE), tr_.list.len()),
        buf,
    );
    let w = inner.width as usize;
    if tr_.list.is_empty() {
        let key = app
            .keymap
            .hint_key(Mode::Trust, Command::New)
            .unwrap_or_default();
        let text = tr(lang, s::TRUST_EMPTY).replace("{a}", &key);
        Paragraph::new(para(&text, w.saturating_sub(2), Style::new())).render(inner, buf);
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
        let added = local(app, e.added_ms)
            .map(|z| z.date().to_string())
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

/// The add-a-key form, over the body.
pub fn render_form(app: &App, f: &TrustForm, body: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let title = format!(" {} ", tr(lang, s::TRUST_ADD_TITLE));
    let inner = dialog(app, body, (76, 11), title, buf);
    let w = inner.width as usize;
    let role = if f.supervisor {
        tr(lang, s::ROLE_SUPERVISOR)
    } else {
        tr(lang, s::ROLE_ASSESSOR)
    };
    let mut lines = vec![
        dialog_field(t, tr(lang, s::FIELD_KEY), &f.key, f.focus == 0, w),
        dialog_field(t, tr(lang, FIELD_NAME), &f.name, f.focus == 1, w),
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
                Span::styled(format!(" {}: ", tr(lang, FINGERPRINT)), t.dim()),
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
