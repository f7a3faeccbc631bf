//! The first-run identity form, and the fingerprint shown once after it.

use ratatui::buffer::Buffer;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::i18n::inert;
use crate::present::tui::home as s;
use crate::present::tui::{APP, tr};

use super::super::app::App;
use super::super::screens::first_run::IdentityForm;
use super::text::{form_field, pad, para};
use super::{Frame, header, panel};

const LABEL_W: usize = 20;

/// The identity form.
pub fn render(app: &App, form: &IdentityForm, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    header(app, f.head, buf, APP, tr(lang, s::WELCOME_TITLE));
    let inner = panel(
        app,
        f.body,
        format!(" {} ", tr(lang, s::WELCOME_TITLE)),
        buf,
    );
    let w = inner.width as usize;
    let mut lines = para(tr(lang, s::WELCOME_TEXT), w.saturating_sub(2), Style::new());
    lines.push(Line::raw(""));
    let nip = format!("{} ({})", tr(lang, s::FIELD_NIP), tr(lang, s::OPTIONAL));
    let labels = [tr(lang, s::FIELD_NAME), &nip, tr(lang, s::FIELD_OFFICE)];
    let placeholders = ["", "", tr(lang, s::OFFICE_PLACEHOLDER)];
    for (i, input) in form.fields.iter().enumerate() {
        lines.push(form_field(
            app.theme,
            LABEL_W,
            labels[i],
            input,
            form.focus == i,
            placeholders[i],
            w,
        ));
        lines.push(Line::raw(""));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The new identity and its fingerprint, once.
pub fn welcome(app: &App, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    header(app, f.head, buf, APP, tr(lang, s::IDENTITY_MADE));
    let inner = panel(
        app,
        f.body,
        format!(" {} ", tr(lang, s::IDENTITY_MADE)),
        buf,
    );
    let w = inner.width as usize;
    let mut lines = Vec::new();
    if let Some(me) = &app.me {
        lines.push(Line::from(vec![
            Span::raw(format!(" {}", pad(tr(lang, s::FIELD_NAME), LABEL_W))),
            Span::styled(inert(&me.name, false), t.title()),
        ]));
        if let Some(o) = &me.office {
            lines.push(Line::from(vec![
                Span::raw(format!(" {}", pad(tr(lang, s::FIELD_OFFICE), LABEL_W))),
                Span::raw(inert(o, false)),
            ]));
        }
        lines.push(Line::raw(""));
        lines.push(Line::from(format!(" {}:", tr(lang, s::FINGERPRINT))));
        lines.push(Line::raw(""));
        lines.push(Line::from(Span::styled(
            format!("     {}", me.fingerprint),
            t.title(),
        )));
        lines.push(Line::raw(""));
    }
    lines.extend(para(
        tr(lang, s::FINGERPRINT_TEXT),
        w.saturating_sub(2),
        Style::new(),
    ));
    Paragraph::new(lines).render(inner, buf);
}
