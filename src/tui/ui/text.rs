//! Styled text for the terminal UI: labelled, wrapped paragraphs and input lines. The
//! measuring, fitting and wrapping by display width is [`crate::present::text`].

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use tui_input::Input;

use super::super::theme::Theme;

pub use crate::present::text::{cw, fit, pad, pad_left, width, wrap, wrap_first};

/// `label` (styled) followed by `text` wrapped to `w`, continuation lines indented by
/// `indent` columns.
#[must_use]
pub fn labeled(
    label: &str,
    label_style: Style,
    text: &str,
    text_style: Style,
    w: usize,
    indent: usize,
) -> Vec<Line<'static>> {
    let lw = width(label);
    let parts = wrap_first(text, w.saturating_sub(lw), w.saturating_sub(indent));
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                Line::from(vec![
                    Span::styled(label.to_string(), label_style),
                    Span::styled(p, text_style),
                ])
            } else {
                Line::from(vec![
                    Span::raw(" ".repeat(indent)),
                    Span::styled(p, text_style),
                ])
            }
        })
        .collect()
}

/// `lead` followed by a text input `w` columns wide in the theme's input styles.
#[must_use]
pub fn with_input(
    mut lead: Vec<Span<'static>>,
    input: &Input,
    w: usize,
    focused: bool,
    placeholder: &str,
    t: Theme,
) -> Line<'static> {
    lead.extend(
        input_line(
            input,
            w,
            focused,
            placeholder,
            Style::new(),
            t.dim(),
            t.cursor(),
        )
        .spans,
    );
    Line::from(lead)
}

/// One "▶ Label   value" line of a form.
#[must_use]
pub fn form_field(
    t: Theme,
    lw: usize,
    label: &str,
    input: &Input,
    focused: bool,
    placeholder: &str,
    w: usize,
) -> Line<'static> {
    let lead = vec![
        Span::raw(if focused { "▶ " } else { "  " }),
        Span::styled(
            pad(label, lw),
            if focused { t.title() } else { Style::new() },
        ),
    ];
    with_input(
        lead,
        input,
        w.saturating_sub(lw + 3),
        focused,
        placeholder,
        t,
    )
}

/// One field of a dialog: the label (highlighted when focused) in 18 columns, then the
/// input.
#[must_use]
pub fn dialog_field(
    t: Theme,
    label: &str,
    input: &Input,
    focused: bool,
    w: usize,
) -> Line<'static> {
    let lw = 18;
    let lead = vec![Span::styled(
        format!(" {}", pad(label, lw - 1)),
        if focused { t.focus() } else { t.dim() },
    )];
    with_input(lead, input, w.saturating_sub(lw + 1), focused, "", t)
}

/// A paragraph wrapped to `w` columns, each line indented by one space.
#[must_use]
pub fn para(text: &str, w: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, w)
        .into_iter()
        .map(|l| Line::from(Span::styled(format!(" {l}"), style)))
        .collect()
}

/// " Label: " in the title style, then a text input `w` columns wide.
#[must_use]
pub fn labelled_input(
    label: &str,
    input: &Input,
    w: usize,
    focused: bool,
    t: Theme,
) -> Line<'static> {
    let lead = vec![Span::styled(format!(" {label}"), t.title())];
    with_input(lead, input, w, focused, "", t)
}

/// One-line view of a text input `w` columns wide: scrolled so the cursor shows, the
/// cursor cell in `cursor` style when focused, the placeholder when empty.
#[must_use]
fn input_line(
    input: &Input,
    w: usize,
    focused: bool,
    placeholder: &str,
    style: Style,
    placeholder_style: Style,
    cursor: Style,
) -> Line<'static> {
    let value = crate::i18n::inert(input.value(), false);
    if value.is_empty() && !focused {
        return Line::from(Span::styled(fit(placeholder, w), placeholder_style));
    }
    let scroll = input.visual_scroll(w.saturating_sub(1));
    let at = input.visual_cursor().saturating_sub(scroll);
    let mut before = String::new();
    let mut under = String::new();
    let mut after = String::new();
    let mut col = 0;
    for c in value.chars() {
        let x = cw(c);
        if col < scroll {
            col += x;
            continue;
        }
        let rel = col - scroll;
        if rel + x > w {
            break;
        }
        if rel < at {
            before.push(c);
        } else if rel == at && under.is_empty() {
            under.push(c);
        } else {
            after.push(c);
        }
        col += x;
    }
    let mut spans = vec![Span::styled(before, style)];
    if focused {
        if under.is_empty() {
            under.push(' ');
        }
        spans.push(Span::styled(under, cursor));
        if value.is_empty() {
            let rest = fit(placeholder, w.saturating_sub(1));
            spans.push(Span::styled(rest, placeholder_style));
        }
    } else {
        spans.push(Span::styled(under, style));
    }
    spans.push(Span::styled(after, style));
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_by_display_width() {
        assert_eq!(fit("Puskesmas Alianyang", 10), "Puskesmas…");
        assert_eq!(width(&fit("📎📎📎", 5)), 5);
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad_left("ab", 4), "  ab");
        assert_eq!(width("✓ 📎"), 4);
    }

    #[test]
    fn wraps_words_and_breaks_long_ones() {
        assert_eq!(wrap("satu dua tiga", 8), vec!["satu dua", "tiga"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 5), vec!["a", "", "b"]);
        assert_eq!(wrap_first("aa bb cc", 2, 5), vec!["aa", "bb cc"]);
        for l in wrap("Ketersediaan sarana pengaduan 📎📎 Ŝŝ Ωmega", 7) {
            assert!(width(&l) <= 7, "{l}");
        }
    }
}
