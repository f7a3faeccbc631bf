//! Outside text (names, notes, offices, lokus, instrument wording: anything that came from
//! a user, a store or a bundle) made inert for each kind of output tilik writes. Every
//! renderer calls one of these on each outside field; `docs/security.md` says why.
//!
//! - [`terminal`]: a line for the terminal (the CLI and the TUI): control, C1, bidi,
//!   zero-width and other format characters neutralised ([`crate::core::text::inert`]).
//!   The CLI also applies it to every line it writes (`cli::output`), as a backstop.
//! - [`csv_cell`]: a CSV field: inert, then the OWASP rule against formula injection.
//! - [`markdown`]: text in a Markdown document: inert, HTML and Markdown syntax escaped.
//! - [`xml`]: text in an SVG (XML) document: inert, XML-escaped.
//! - JSON keeps outside text as stored (it is data for programs) and is made byte-safe
//!   as a whole by [`crate::core::text::json_escape`] (`cli::output`).

use crate::core::text::inert;

/// Outside text on one terminal line.
#[must_use]
pub fn terminal(s: &str) -> String {
    inert(s, false)
}

/// Whether `s` is a plain decimal number ("3", "-1", "-12.50"): a spreadsheet reads it as
/// a number, never as a formula, so it is written as it is.
fn plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a spreadsheet could read `s` as a formula (OWASP "CSV injection"): it begins
/// with `=`, `+`, `-`, `@`, a tab or a carriage return, also after leading blanks, and is
/// not a plain number.
fn formula_like(s: &str) -> bool {
    let starts = |t: &str| t.starts_with(['=', '+', '-', '@', '\t', '\r']);
    (starts(s) || starts(s.trim_start())) && !plain_number(s)
}

/// One CSV field, ready to join with `,`: outside text made inert (newlines kept, inside
/// quotes), a formula-looking cell prefixed with `'` and quoted (OWASP), and quoted as
/// RFC 4180 asks when it holds `,`, `"`, a line break, or `;` (the list separator of an
/// Indonesian-locale spreadsheet). A plain number such as tilik's own `-1.25` is written
/// as it is.
#[must_use]
pub fn csv_cell(s: &str) -> String {
    let t = inert(s, true);
    let (t, escaped) = if formula_like(s) || formula_like(&t) {
        (format!("'{t}"), true)
    } else {
        (t, false)
    };
    if escaped || t.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t
    }
}

/// One CSV record (fields through [`csv_cell`], joined with `,`, ended by `\n`).
pub fn csv_record<S: AsRef<str>>(o: &mut String, fields: impl IntoIterator<Item = S>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            o.push(',');
        }
        o.push_str(&csv_cell(f.as_ref()));
    }
    o.push('\n');
}

/// Outside text inside a Markdown document (a table cell, a heading, a list item): inert,
/// HTML's `<` and `>` as entities, and `&` where it could start one (no raw HTML, so no
/// attribute either, which is why quotes may stay; no autolink `<…>`, no entity), and
/// Markdown's `\ ` * _ [ ] | # ~` backslash-escaped (no
/// emphasis, code, table split, image or link: a `[x](javascript:…)` in a name stays
/// text; `!` is harmless once `[` is escaped).
#[must_use]
pub fn markdown(s: &str) -> String {
    let t = inert(s, false);
    let mut o = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // `&` starts an entity only before a letter, digit or `#`; "Tugas & SOP" stays.
            '&' if chars
                .peek()
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') =>
            {
                o.push_str("&amp;");
            }
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' => {
                o.push('\\');
                o.push(c);
            }
            c => o.push(c),
        }
    }
    o
}

/// Outside text inside an XML (SVG) document: inert, `& < > " '` as entities.
#[must_use]
pub fn xml(s: &str) -> String {
    inert(s, false)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_formula_cells_are_escaped_and_quoted() {
        assert_eq!(csv_cell("=cmd|' /C calc'!A0"), "\"'=cmd|' /C calc'!A0\"");
        assert_eq!(csv_cell("+1+1"), "\"'+1+1\"");
        assert_eq!(csv_cell("-1+cmd"), "\"'-1+cmd\"");
        assert_eq!(csv_cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(csv_cell("\t=1"), "\"' =1\"");
        assert_eq!(csv_cell("\r=1"), "\"'␍=1\"");
        assert_eq!(csv_cell("  =1"), "\"'  =1\"");
        assert_eq!(csv_cell("a\"b"), "\"a\"\"b\"");
        assert_eq!(csv_cell("a;=1"), "\"a;=1\"");
        assert_eq!(csv_cell("x\ny"), "\"x\ny\"");
    }

    #[test]
    fn csv_numbers_and_ordinary_text_stay_as_they_are() {
        for ok in [
            "-1",
            "-1.25",
            "0",
            "98.60",
            "12",
            "Kota Pontianak",
            "A",
            "",
            "I1.2",
        ] {
            assert_eq!(csv_cell(ok), ok);
        }
        assert_eq!(csv_cell("-"), "\"'-\"");
        assert_eq!(csv_cell("-1."), "\"'-1.\"");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
    }

    #[test]
    fn csv_cells_are_inert() {
        let c = csv_cell("X\x1b[2J\u{9b}\u{202e}\u{200b}");
        assert!(!c.chars().any(crate::core::text::is_unsafe), "{c:?}");
    }

    #[test]
    fn markdown_has_no_html_and_no_link() {
        let m = markdown("<script>alert(1)</script> [x](javascript:alert(1)) ![i](y) *b* `c` a|b");
        assert!(!m.contains('<') && !m.contains('>'), "{m}");
        assert!(
            m.contains("\\[x\\](javascript:") && m.contains("!\\[i\\]"),
            "{m}"
        );
        // no `[` or `]` without its backslash: no link or image can start
        let bare = m.replace("\\[", "").replace("\\]", "");
        assert!(!bare.contains('[') && !bare.contains(']'), "{m}");
        assert_eq!(markdown("Kota Pontianak (2024)"), "Kota Pontianak (2024)");
        assert_eq!(markdown("a|b"), "a\\|b");
        assert_eq!(markdown("Tugas & SOP!"), "Tugas & SOP!");
        assert_eq!(markdown("&lt;b&gt; &#60;"), "&amp;lt;b&amp;gt; &amp;\\#60;");
        assert_eq!(markdown("\u{202e}x\x1b"), "\u{fffd}x␛");
    }

    #[test]
    fn xml_is_escaped() {
        assert_eq!(
            xml("<a href='x'>&\"</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;"
        );
    }
}
