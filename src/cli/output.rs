//! How the command line writes: lines and text to stdout, `--json` documents, and files
//! written with `-o` (atomically: a temp file renamed into place). A closed stdout (`tilik
//! list | head`) is not an error; a value that cannot be encoded is, and is never printed
//! as an empty or `null` document.
//!
//! Every line and text written here is made inert first (control, C1, bidi, zero-width
//! and other format characters neutralised, `tilik_core::text::inert`), whatever the
//! renderer already did: outside text can never act on the terminal, even through a
//! message that forgot to escape a field. JSON keeps outside text as stored but escapes
//! those characters as `\uXXXX` ([`json_text`]), so it passes through unchanged.

use std::io::Write;
use std::path::Path;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::i18n::Lang;

/// `s` as it may reach a terminal: newlines kept, everything else unsafe neutralised.
fn safe(s: &str) -> String {
    crate::core::text::inert(s, true)
}

/// One line to stdout.
pub fn out(s: &str) {
    let mut o = std::io::stdout().lock();
    let _ = writeln!(o, "{}", safe(s));
}

/// One line to stderr (warnings and errors), as inert as [`out`].
pub fn err(s: &str) {
    let mut o = std::io::stderr().lock();
    let _ = writeln!(o, "{}", safe(s));
}

/// Lines to stdout, one each.
pub fn out_lines(lines: &[String]) {
    for l in lines {
        out(l);
    }
}

/// Text to stdout as given (no newline added), made inert as [`out`].
pub fn out_raw(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(safe(text).as_bytes());
}

fn encoding(e: &serde_json::Error) -> Error {
    Error::Io {
        context: "JSON".into(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// `v` as a JSON value (object keys sorted, as every `--json` document is).
///
/// # Errors
/// `v` cannot be represented in JSON.
pub fn json_value<T: Serialize + ?Sized>(v: &T) -> Result<serde_json::Value> {
    serde_json::to_value(v).map_err(|e| encoding(&e))
}

/// `v` as pretty-printed JSON in its own field order (the report's schema). Strings keep
/// outside text as stored; control, bidi and zero-width characters in them are written
/// as `\uXXXX` escapes (`tilik_core::text::json_escape`), so the bytes are inert.
///
/// # Errors
/// `v` cannot be represented in JSON.
pub fn json_text<T: Serialize + ?Sized>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v)
        .map(|t| crate::core::text::json_escape(&t))
        .map_err(|e| encoding(&e))
}

/// Print `v` as a pretty `--json` document with its object keys sorted.
///
/// # Errors
/// `v` cannot be represented in JSON.
pub fn out_json<T: Serialize + ?Sized>(v: &T) -> Result<()> {
    out(&json_text(&json_value(v)?)?);
    Ok(())
}

/// Write `bytes` to `path` through a temp file next to it, renamed into place.
///
/// # Errors
/// The folder is not writable.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tilik-tmp");
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|source| Error::Io {
            context: format!("{}", path.display()),
            source,
        })
}

/// Write text to `output` (saying so) or to stdout.
///
/// # Errors
/// See [`write_output`].
pub fn emit(text: &str, output: Option<&Path>, lang: Lang) -> Result<()> {
    match output {
        Some(p) => {
            write_output(p, text.as_bytes())?;
            out(&crate::present::cli::written(p, lang));
        }
        None => out_raw(text),
    }
    Ok(())
}
