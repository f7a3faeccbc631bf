//! Text that came from outside (a store, a bundle, another device, the command line) made
//! safe to show: the workspace puts it in the views it returns (names, notes, evidence
//! file names, resolutions), the renderers in `present` and the TUI apply it to each field
//! they print, and the command line applies it once more to every line it writes. Not
//! language: it neither translates nor formats.
//!
//! What is neutralised ([`is_unsafe`]) is every character that can act on a terminal, a
//! spreadsheet or a reader's eye without being seen: C0 controls and DEL, C1 controls
//! (U+0080–U+009F, which some terminals obey as 8-bit escapes: U+009B is CSI), every
//! Unicode *format* character (bidi embeddings, overrides and isolates U+202A–U+202E,
//! U+2066–U+2069, the marks U+200E/U+200F/U+061C, zero-width U+200B–U+200D, U+2060,
//! U+FEFF, the invisible operators, soft hyphen, tag characters …) and the line and
//! paragraph separators U+2028/U+2029. `docs/security.md` says why.

/// Unicode general category Cf (format characters), Unicode 15.1, as code point ranges.
const FORMAT: &[(u32, u32)] = &[
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Whether `c` must never reach a terminal or a document as it is: a control character
/// (C0, DEL, C1), a format character (bidi controls, zero-width characters, BOM, tags …)
/// or a line/paragraph separator.
#[must_use]
pub fn is_unsafe(c: char) -> bool {
    let u = u32::from(c);
    c.is_control()
        || u == 0x2028
        || u == 0x2029
        || FORMAT.iter().any(|&(lo, hi)| (lo..=hi).contains(&u))
}

/// Neutralise every [`is_unsafe`] character in text that came from outside, so it can
/// never move the cursor, recolour or clear the terminal, reorder what is shown, or hide
/// a character: a C0 control becomes its Unicode control picture (U+2400 + code, ESC →
/// ␛), DEL becomes ␡, any other (C1, bidi, zero-width, …) becomes U+FFFD �, visible and
/// one column wide. Tabs become a space; newlines are kept when `keep_newlines`.
#[must_use]
pub fn inert(s: &str, keep_newlines: bool) -> String {
    if !s.chars().any(is_unsafe) {
        return s.to_string();
    }
    s.chars()
        .map(|c| match c {
            '\n' if keep_newlines => '\n',
            '\t' => ' ',
            c if u32::from(c) < 0x20 => char::from_u32(0x2400 + u32::from(c)).unwrap_or('?'),
            '\u{7f}' => '\u{2421}',
            c if is_unsafe(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// A JSON text with every [`is_unsafe`] character other than the newlines of its layout
/// written as a `\uXXXX` escape (a surrogate pair above U+FFFF). The decoded value is
/// unchanged (JSON keeps outside text exactly as stored: it is data for programs), but
/// the bytes carry no control, bidi or zero-width character, so printing the document on
/// a terminal is safe. Valid for any JSON text: outside strings JSON has only ASCII
/// punctuation and whitespace, and a serializer already escapes C0 inside strings.
#[must_use]
pub fn json_escape(json: &str) -> String {
    if !json.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return json.to_string();
    }
    let mut o = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c != '\n' && is_unsafe(c) {
            let mut buf = [0u16; 2];
            for unit in c.encode_utf16(&mut buf) {
                o.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            o.push(c);
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    const EVIL: &str = "a\x1b[2J\x07b\u{9b}31m\u{202e}c\u{2066}d\u{2069}\u{200b}e\u{200d}\u{2060}\u{feff}\u{200e}\u{200f}\u{61c}\u{7f}\u{2028}\u{e0041}\u{ad}f";

    #[test]
    fn control_characters_are_inert() {
        let s = inert("a\x1b[31mb\x07\nc", false);
        assert!(!s.chars().any(char::is_control));
        assert_eq!(s, "a␛[31mb␇␊c");
        assert!(inert("x\ny", true).contains('\n'));
        assert_eq!(inert("x\ty", false), "x y");
    }

    #[test]
    fn c1_bidi_zero_width_and_format_characters_are_inert() {
        let s = inert(EVIL, false);
        assert!(!s.chars().any(is_unsafe), "{s:?}");
        for bad in [
            '\u{9b}',
            '\u{85}',
            '\u{202a}',
            '\u{202b}',
            '\u{202c}',
            '\u{202d}',
            '\u{202e}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{200e}',
            '\u{200f}',
            '\u{61c}',
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{2060}',
            '\u{feff}',
            '\u{2028}',
            '\u{2029}',
            '\u{e0041}',
        ] {
            assert!(is_unsafe(bad), "{:04x}", u32::from(bad));
            assert_eq!(inert(&bad.to_string(), false), "\u{fffd}");
        }
        // every neutralised character stays visible, one per input character
        assert_eq!(s.chars().count(), EVIL.chars().count());
        assert_eq!(inert("\u{7f}", false), "\u{2421}");
    }

    #[test]
    fn ordinary_text_is_unchanged() {
        for ok in [
            "Kota Pontianak",
            "DPMPTSP – Kab. Kubu Raya (2024)",
            "Puskesmas “Sungai Jawi” 98,60 %",
            "日本語 ∑ é ñ 🙂",
            "=SUM(A1) <b> [x](y)",
        ] {
            assert_eq!(inert(ok, false), ok);
            assert_eq!(json_escape(ok), ok);
            assert!(!ok.chars().any(is_unsafe));
        }
    }

    #[test]
    fn json_escape_keeps_the_value_and_drops_the_bytes() {
        let v = serde_json::json!({ "name": EVIL, "list": [EVIL, "\n"] });
        let pretty = serde_json::to_string_pretty(&v).unwrap_or_default();
        let safe = json_escape(&pretty);
        assert!(!safe.chars().any(|c| c != '\n' && is_unsafe(c)), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap_or_default();
        assert_eq!(back, v);
    }
}
