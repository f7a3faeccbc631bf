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

/// A JSON text written through to `inner` as [`json_text`] would give it: every
/// [`is_unsafe`](crate::core::text::is_unsafe) character other than a newline becomes a
/// `\uXXXX` escape (`tilik_core::text::json_escape`, streamed), so a document of any
/// size is never held whole in memory.
struct Escaping<W: Write> {
    inner: W,
    /// The start of a UTF-8 sequence that the next write completes.
    tail: Vec<u8>,
}

impl<W: Write> Escaping<W> {
    fn put(&mut self, s: &str) -> std::io::Result<()> {
        let b = s.as_bytes();
        let mut from = 0;
        for (i, c) in s.char_indices() {
            // Printable ASCII and the layout's newlines are safe: the fast path.
            let safe = match b[i] {
                b'\n' | 0x20..=0x7e => true,
                0x80.. => !crate::core::text::is_unsafe(c),
                _ => false,
            };
            if !safe {
                self.inner.write_all(&b[from..i])?;
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    write!(self.inner, "\\u{unit:04x}")?;
                }
                from = i + c.len_utf8();
            }
        }
        self.inner.write_all(&b[from..])
    }
}

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.tail.is_empty()
            && let Ok(s) = std::str::from_utf8(buf)
        {
            self.put(s)?;
            return Ok(buf.len());
        }
        let mut data = std::mem::take(&mut self.tail);
        data.extend_from_slice(buf);
        let valid = match std::str::from_utf8(&data) {
            Ok(_) => data.len(),
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(e) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e)),
        };
        let (text, rest) = data.split_at(valid);
        self.put(std::str::from_utf8(text).map_err(std::io::Error::other)?)?;
        self.tail = rest.to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.tail.is_empty() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "JSON text ends inside a character",
            ));
        }
        self.inner.flush()
    }
}

/// Write `v` as pretty JSON in its own field order to `w`, escaped as [`json_text`].
fn write_json<T: Serialize + ?Sized, W: Write>(v: &T, w: W) -> serde_json::Result<()> {
    // Buffered on both sides: serde writes small pieces, and stdout flushes at every
    // newline it is given in a small write.
    let mut e = Escaping {
        inner: std::io::BufWriter::with_capacity(1 << 16, w),
        tail: Vec::new(),
    };
    let mut b = std::io::BufWriter::with_capacity(1 << 16, &mut e);
    serde_json::to_writer_pretty(&mut b, v)?;
    b.flush().map_err(serde_json::Error::io)?;
    drop(b);
    e.flush().map_err(serde_json::Error::io)
}

/// [`emit`] of [`json_text`]`(v)`, byte for byte, streamed: the document is written as it
/// is encoded (a national report is ~150 MB of JSON), never held whole. A closed stdout
/// is not an error.
///
/// # Errors
/// `v` cannot be represented in JSON; the output file cannot be written.
pub fn emit_json<T: Serialize + ?Sized>(v: &T, output: Option<&Path>, lang: Lang) -> Result<()> {
    match output {
        Some(p) => {
            let tmp = p.with_extension("tilik-tmp");
            let io = |source| Error::Io {
                context: format!("{}", p.display()),
                source,
            };
            let file = std::fs::File::create(&tmp).map_err(io)?;
            match write_json(v, file) {
                Err(e) if e.is_io() => return Err(io(e.into())),
                Err(e) => return Err(encoding(&e)),
                Ok(()) => {}
            }
            std::fs::rename(&tmp, p).map_err(io)?;
            out(&crate::present::cli::written(p, lang));
        }
        None => match write_json(v, std::io::stdout().lock()) {
            Err(e) if !e.is_io() => return Err(encoding(&e)),
            _ => {}
        },
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_json_is_json_text_byte_for_byte() {
        let evil =
            "a\x1b[2J\x07b\u{9b}31m\u{202e}c\u{2066}d\u{200b}e\u{feff}\u{2028}\u{e0041}\u{ad}f";
        let v = serde_json::json!({
            "plain": "Kota Pontianak — Dinas Kesehatan ✓",
            "evil": evil,
            "nested": [{"note": format!("{evil}\nline two\t"), "n": 1.5}, null, true],
            "emoji": "🙂 ok",
        });
        let want = json_text(&v).expect("text");
        assert!(want.contains("\\u202e") && want.contains('\n'));
        let mut got = Vec::new();
        write_json(&v, &mut got).expect("write");
        assert_eq!(String::from_utf8(got).expect("utf8"), want);
        // Writes that split a character in two still give the same bytes.
        let mut split = Escaping {
            inner: Vec::new(),
            tail: Vec::new(),
        };
        for b in serde_json::to_string_pretty(&v).expect("json").as_bytes() {
            split.write_all(&[*b]).expect("byte");
        }
        split.flush().expect("flush");
        assert_eq!(String::from_utf8(split.inner).expect("utf8"), want);
    }
}
