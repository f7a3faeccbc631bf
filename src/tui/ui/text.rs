//! Text measuring, fitting and word wrapping by display width (a CJK character or an emoji
//! such as 📎 takes two columns), so columns line up and long Indonesian wording wraps at
//! word boundaries.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
use tui_input::Input;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width.
#[must_use]
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn cw(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// At most `w` columns of `s`, ending in `…` when cut.
#[must_use]
pub fn fit(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    if w == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let x = cw(c);
        if used + x > w - 1 {
            break;
        }
        out.push(c);
        used += x;
    }
    out.push('…');
    out
}

/// `fit`, then padded with spaces to exactly `w` columns.
#[must_use]
pub fn pad(s: &str, w: usize) -> String {
    let f = fit(s, w);
    let n = w.saturating_sub(width(&f));
    format!("{f}{}", " ".repeat(n))
}

/// `fit`, then right-aligned in `w` columns.
#[must_use]
pub fn pad_left(s: &str, w: usize) -> String {
    let f = fit(s, w);
    let n = w.saturating_sub(width(&f));
    format!("{}{f}", " ".repeat(n))
}

/// Word-wrap to `first` columns on the first line and `rest` on the others. Newlines start
/// new lines; a word longer than a line is broken.
#[must_use]
pub fn wrap_first(text: &str, first: usize, rest: usize) -> Vec<String> {
    let first = first.max(1);
    let rest = rest.max(1);
    let mut out: Vec<String> = Vec::new();
    let limit = |out: &Vec<String>| if out.is_empty() { first } else { rest };
    for para in text.split('\n') {
        let mut line = String::new();
        let mut lw = 0;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let ww = width(word);
            let lim = limit(&out);
            if lw > 0 && lw + 1 + ww <= lim {
                line.push(' ');
                line.push_str(word);
                lw += 1 + ww;
                continue;
            }
            if lw > 0 {
                out.push(std::mem::take(&mut line));
                lw = 0;
            }
            let lim = limit(&out);
            if ww <= lim {
                line.push_str(word);
                lw = ww;
            } else {
                for c in word.chars() {
                    let x = cw(c);
                    if lw + x > limit(&out) && lw > 0 {
                        out.push(std::mem::take(&mut line));
                        lw = 0;
                    }
                    line.push(c);
                    lw += x;
                }
            }
        }
        out.push(line);
    }
    out
}

/// Word-wrap to `w` columns.
#[must_use]
pub fn wrap(text: &str, w: usize) -> Vec<String> {
    wrap_first(text, w, w)
}

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

/// One-line view of a text input `w` columns wide: scrolled so the cursor shows, the
/// cursor cell in `cursor` style when focused, the placeholder when empty.
#[must_use]
pub fn input_line(
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
