//! The popups over the checklist: the note editor and the evidence path prompt (the
//! search's prompt is on the status line).

use ratatui::buffer::Buffer;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::i18n::inert;
use crate::present::tui::checklist as s;
use crate::present::tui::tr;

use super::super::app::App;
use super::super::screens::checklist::Checklist;
use super::super::screens::popup::Popup;
use super::text::{with_input, wrap};
use super::{Frame, dialog};

/// The checklist's popup, if one is open.
pub fn render(app: &App, c: &Checklist, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let pos = c.current();
    match &c.popup {
        Some(Popup::Note(ta)) => {
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
            ta.as_ref().render(inner, buf);
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
        Some(Popup::Attach(input)) => {
            let title = format!(
                " {} · {} ",
                tr(lang, s::ATTACH_TITLE),
                pos.map_or(String::new(), |p| p.indicator.id.clone())
            );
            let inner = dialog(app, f.body, (72, 7), title, buf);
            let iw = inner.width as usize;
            let mut lines: Vec<Line> = wrap(tr(lang, s::ATTACH_TEXT), iw.saturating_sub(2))
                .into_iter()
                .take(inner.height.saturating_sub(2) as usize)
                .map(|l| Line::from(Span::styled(format!(" {l}"), t.dim())))
                .collect();
            lines.push(Line::raw(""));
            lines.push(with_input(
                vec![Span::raw(" ")],
                input,
                iw.saturating_sub(2),
                true,
                "",
                t,
            ));
            Paragraph::new(lines).render(inner, buf);
        }
        Some(Popup::Search(_)) | None => {}
    }
}
