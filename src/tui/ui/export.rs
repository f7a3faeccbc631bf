//! The export and sync forms: each field under its label, the "without evidence" box, and
//! what the job will do.

use ratatui::buffer::Buffer;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use crate::i18n::inert;
use crate::present::tui::tools as s;
use crate::present::tui::tr;

use super::super::app::App;
use super::super::screens::export::BundleForm;
use super::{Frame, header};

/// The export (or sync) form.
pub fn render(app: &App, form: &BundleForm, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let title = tr(
        lang,
        if form.sync {
            s::SYNC_TITLE
        } else {
            s::EXPORT_TITLE
        },
    );
    header(app, f.head, buf, title.trim(), "");
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(f.body);
    block.render(f.body, buf);
    let labels = [
        s::FIELD_FOLDER,
        s::FIELD_TO,
        s::FIELD_SINCE,
        s::FIELD_NO_EVIDENCE,
    ];
    let mut lines: Vec<Line> = Vec::new();
    for (i, label) in labels.iter().enumerate().take(form.field_count()) {
        let focus = i == form.focus;
        let mark = if focus { "▶ " } else { "  " };
        lines.push(Line::from(Span::styled(
            format!("{mark}{}", tr(lang, *label)),
            if focus {
                Style::default().add_modifier(Modifier::BOLD)
            } else {
                Style::default()
            },
        )));
        let value = if i == 3 {
            if form.no_evidence {
                "[x]".to_string()
            } else {
                "[ ]".to_string()
            }
        } else {
            inert(form.fields[i].value(), false)
        };
        lines.push(Line::from(format!(
            "    {value}{}",
            if focus && i != 3 { "▏" } else { "" }
        )));
    }
    lines.push(Line::from(""));
    if let Some(d) = &form.confirm {
        let warn = app.theme.warn();
        for l in s::folder_question(lang, d) {
            lines.push(Line::from(Span::styled(l, warn)));
        }
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .render(inner, buf);
        return;
    }
    let note = if form.sync {
        s::SYNC_NOTE
    } else {
        s::EXPORT_NOTE
    };
    lines.push(Line::from(tr(lang, note)));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}
