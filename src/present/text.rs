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
