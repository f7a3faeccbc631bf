//! Text measuring, fitting and word wrapping by display width (a CJK character or an emoji
//! such as 📎 takes two columns), so columns line up and long Indonesian wording wraps at
//! word boundaries. Used by the command line's tables and the terminal UI alike.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width.
#[must_use]
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Display width of one character (0 for control characters).
#[must_use]
pub fn cw(c: char) -> usize {
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

/// At most `n` characters of `s`, ending in `…` when cut. Counts `char`s, not display
/// columns (as Rust's `{:<n}` padding does): the rule the command line's list columns and
/// the report tables have always used, kept so their output stays byte for byte the same.
/// [`fit`] measures display width.
#[must_use]
pub fn fit_chars(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        return s.to_string();
    }
    let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
    t.push('…');
    t
}

/// [`fit_chars`], then padded with spaces to `n` characters.
#[must_use]
pub fn pad_chars(s: &str, n: usize) -> String {
    format!("{:<n$}", fit_chars(s, n))
}

/// Right-aligned in `n` characters and never cut: a longer `s` runs past its column (the
/// report tables' number columns).
#[must_use]
pub fn pad_left_uncut(s: &str, n: usize) -> String {
    format!("{s:>n$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_rules_count_chars_not_columns() {
        assert_eq!(fit_chars("Kota Pontianak", 6), "Kota …");
        assert_eq!(pad_chars("ab", 4), "ab  ");
        assert_eq!(pad_chars("abcd", 4), "abcd");
        assert_eq!(pad_chars("abcde", 4), "abc…");
        assert_eq!(pad_chars("x", 0), "…");
        assert_eq!(pad_chars("", 0), "");
        // Two characters, four columns: fits by characters, not by width.
        assert_eq!(pad_chars("数据", 2), "数据");
        assert_eq!(fit("数据", 2), "…");
        assert_eq!(pad_left_uncut("7", 3), "  7");
        assert_eq!(pad_left_uncut("12345", 3), "12345");
    }
}
