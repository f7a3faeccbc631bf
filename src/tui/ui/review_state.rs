//! The review-state dialog over the home screen (supervisor, issue 6): the three states
//! (the chosen one marked) and the comment.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::present::tui::supervisor as s;
use crate::present::tui::tr;

use super::super::app::App;
use super::super::screens::review_state::ReviewDialog;
use super::dialog;
use super::text::{dialog_field, fit, pad};

/// The dialog, over the body.
pub fn render(app: &App, d: &ReviewDialog, body: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let title = format!(" {} ", tr(lang, s::REVIEW_TITLE));
    let inner = dialog(app, body, (64, 10), title, buf);
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
    lines.push(dialog_field(
        t,
        tr(lang, s::REVIEW_COMMENT),
        &d.comment,
        d.focus == 1,
        w,
    ));
    Paragraph::new(lines).render(inner, buf);
}
