//! Styles. With `NO_COLOR` set (to anything non-empty) no colour is used at all; what the
//! colour would say is carried by bold, reverse video and text markers instead.

use ratatui::style::{Color, Modifier, Style};

use crate::core::instrument::Zone;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set and non-empty (<https://no-color.org>).
    #[must_use]
    pub fn from_env() -> Theme {
        Theme {
            color: !crate::present::no_color(),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    #[must_use]
    pub fn zone(self, z: Zone) -> Style {
        if !self.color {
            return Style::new().add_modifier(Modifier::BOLD);
        }
        match z {
            Zone::Hijau => Style::new().fg(Color::Green),
            Zone::Kuning => Style::new().fg(Color::Yellow),
            Zone::Merah => Style::new().fg(Color::Red),
            Zone::Hitam => Style::new().fg(Color::White).bg(Color::DarkGray),
        }
        .add_modifier(Modifier::BOLD)
    }

    /// The selected row.
    #[must_use]
    pub fn selected(self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Blue)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// A key in a hint.
    #[must_use]
    pub fn key(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub fn title(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// Less important text (column headers, hints' labels, placeholders).
    #[must_use]
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new()
        }
    }

    #[must_use]
    pub fn ok(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    #[must_use]
    pub fn error(self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// The header bar.
    #[must_use]
    pub fn bar(self) -> Style {
        if self.color {
            Style::new().bg(Color::Indexed(236)).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    /// The text cursor in an input.
    #[must_use]
    pub fn cursor(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// The border of the focused panel or field.
    #[must_use]
    pub fn focus(self) -> Style {
        if self.color {
            Style::new().fg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }
}
