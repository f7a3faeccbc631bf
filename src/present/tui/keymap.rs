//! What is wrong with a user's `keymap.toml`, in the sentence the status line shows when
//! the file is not used. The problems name sections, commands and keys as the file spells
//! them, so they stay in English.

use crate::i18n::Lang;

/// The status-line warning: the file is ignored and why.
#[must_use]
pub fn unusable(lang: Lang, path: &str, problem: &str) -> String {
    if lang.en() {
        format!("Key file {path} not used ({problem}); default keys apply.")
    } else {
        format!("Berkas tombol {path} tidak dipakai ({problem}); tombol bawaan berlaku.")
    }
}

/// A TOML syntax error, with its line when known.
#[must_use]
pub fn syntax(line: Option<usize>, message: &str) -> String {
    match line {
        Some(l) => format!("line {l}: {message}"),
        None => message.to_string(),
    }
}

#[must_use]
pub fn unknown_section(section: &str) -> String {
    format!("unknown section [{section}]")
}

#[must_use]
pub fn not_a_table(section: &str) -> String {
    format!("[{section}] must be a table")
}

#[must_use]
pub fn unknown_command(section: &str, name: &str) -> String {
    format!("[{section}]: unknown action `{name}`")
}

#[must_use]
pub fn not_keys(section: &str, name: &str) -> String {
    format!("[{section}] {name}: give a key or a list of keys")
}

#[must_use]
pub fn unknown_key(section: &str, name: &str, key: &str) -> String {
    format!("[{section}] {name}: unknown key `{key}`")
}

/// One key given to two commands of a section.
#[must_use]
pub fn key_twice(section: &str, key: &str, a: &str, b: &str) -> String {
    format!("[{section}]: key `{key}` is given to both {a} and {b}")
}
