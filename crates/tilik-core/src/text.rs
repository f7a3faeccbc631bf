//! Text that came from outside (a store, a bundle, another device) made safe to show:
//! the workspace puts it in the views it returns (names, notes, evidence file names,
//! resolutions, also in `--json`), and the renderers in `present` and the TUI apply it to
//! what they print. Not language: it neither translates nor formats.

/// Neutralise control characters (ESC, BEL, CR, …) in text that came from a store or a
/// bundle, so it can never move the cursor or recolour the terminal: each becomes its
/// Unicode control picture (U+2400 + code, capped at U+241F). Tabs become a space;
/// newlines are kept when `keep_newlines`.
#[must_use]
pub fn inert(s: &str, keep_newlines: bool) -> String {
    s.chars()
        .map(|c| match c {
            '\n' if keep_newlines => '\n',
            '\t' => ' ',
            c if c.is_control() => char::from_u32(0x2400 + u32::from(c).min(0x1f)).unwrap_or('?'),
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_inert() {
        let s = inert("a\x1b[31mb\x07\nc", false);
        assert!(!s.chars().any(char::is_control));
        assert!(inert("x\ny", true).contains('\n'));
    }
}
