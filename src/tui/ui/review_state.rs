//! The review-state dialog over the home screen (supervisor, issues 6 and 14): the current
//! state, the four choices (none marked until one is chosen), the approval guard's
//! warning and the comment (or the reason).

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
use super::text::{dialog_field, fit, pad, para};

/// The dialog, over the body.
pub fn render(app: &App, d: &ReviewDialog, body: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let title = format!(" {} ", tr(lang, s::REVIEW_TITLE));
    let rows = if d.guard.is_some() { 13 } else { 11 };
    let inner = dialog(app, body, (64, rows), title, buf);
    let w = inner.width as usize;
    let now = d.current.map_or_else(
        || tr(lang, s::REVIEW_NONE).to_string(),
        |c| crate::present::review::status_word(lang, c).to_string(),
    );
    let mut lines = vec![
        Line::from(Span::styled(
            format!(" {}", fit(&d.label, w.saturating_sub(1))),
            t.title(),
        )),
        Line::from(Span::styled(
            fit(&format!(" {}: {now}", tr(lang, s::REVIEW_NOW)), w),
            t.dim(),
        )),
    ];
    let names = [
        s::REVIEW_RECEIVED,
        s::REVIEW_NEEDS,
        s::REVIEW_APPROVED,
        s::REVIEW_REJECTED,
    ];
    for (i, n) in names.iter().enumerate() {
        let on = d.choice == Some(i);
        let text = format!(" {} {} {}", if on { "●" } else { "○" }, i + 1, tr(lang, *n));
        let style = match (on, d.focus == 0) {
            (true, true) => t.selected(),
            (true, false) => t.title(),
            _ => Style::new(),
        };
        lines.push(Line::from(Span::styled(pad(&text, w), style)));
    }
    lines.push(Line::from(""));
    if let Some(open) = &d.guard {
        let what = crate::present::review::open_items(open, lang);
        lines.extend(
            para(
                &format!("⚠ {}", s::guard_status(lang, &what)),
                w.saturating_sub(1),
                t.warn(),
            )
            .into_iter()
            .take(2),
        );
    }
    let label = if d.guard.is_some() {
        s::REVIEW_REASON
    } else {
        s::REVIEW_COMMENT
    };
    lines.push(dialog_field(
        t,
        tr(lang, label),
        &d.comment,
        d.focus == 1,
        w,
    ));
    Paragraph::new(lines).render(inner, buf);
}
