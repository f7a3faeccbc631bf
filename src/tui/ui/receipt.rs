//! The receipt of an export or a sync: its lines in the colour of what they say.

use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget, Wrap};

use super::super::app::{App, StatusKind};
use super::super::screens::receipt::Receipt;
use super::{Frame, header};

fn kind_style(app: &App, k: StatusKind) -> Style {
    if !app.theme.color {
        return match k {
            StatusKind::Error => Style::default().add_modifier(Modifier::BOLD),
            _ => Style::default(),
        };
    }
    match k {
        StatusKind::Saved => Style::default().fg(Color::Green),
        StatusKind::Warn => Style::default().fg(Color::Yellow),
        StatusKind::Error => Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
        StatusKind::Info => Style::default(),
    }
}

/// The receipt, scrolled.
pub fn render(app: &App, r: &Receipt, f: &Frame, buf: &mut Buffer) {
    header(app, f.head, buf, &r.title, "");
    let block = Block::default()
        .borders(Borders::ALL)
        .title(format!(" {} ", r.title));
    let inner = block.inner(f.body);
    block.render(f.body, buf);
    let lines: Vec<Line> = r
        .lines
        .iter()
        .map(|(k, t)| Line::from(Span::styled(t.clone(), kind_style(app, *k))))
        .collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((r.scroll, 0))
        .render(inner, buf);
}
