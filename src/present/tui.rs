//! Every word the terminal UI shows, in Bahasa Indonesia (first) and English (second), as
//! `(id, en)` pairs picked with [`tr`], or as functions where numbers or names go in. One
//! module per group of screens; the words shared with the command line (status, zone) are
//! [`crate::present::words`], the width-aware fitting and wrapping [`crate::present::text`].

pub mod checklist;
pub mod commands;
pub mod home;
pub mod keymap;
pub mod respondents;
pub mod supervisor;
pub mod tools;

use crate::i18n::Lang;

/// A text in both languages: (Indonesian, English).
pub type T = (&'static str, &'static str);

/// Pick the text for a language.
#[must_use]
pub fn tr(lang: Lang, t: T) -> &'static str {
    if lang.en() { t.1 } else { t.0 }
}

pub const APP: &str = "tilik";

// ---- general ------------------------------------------------------------------------------
pub const TOO_SMALL: T = (
    "Terminal terlalu kecil; perbesar ke paling sedikit 40×12.",
    "The terminal is too small; make it at least 40×12.",
);
pub const LOADING: T = ("Memuat…", "Loading…");
pub const NONE: T = ("tidak ada", "none");

// ---- the terminal -------------------------------------------------------------------------
pub const OPENING_TERMINAL: T = ("membuka terminal", "opening the terminal");
pub const TERMINAL: T = ("terminal", "terminal");

// ---- warnings -----------------------------------------------------------------------------
/// An instrument file in the config folder that is not used, with its first problem
/// (`line:col: message`, empty when none is known).
#[must_use]
pub fn override_ignored(lang: Lang, file: &str, first: Option<(usize, usize, &str)>) -> String {
    let msg = first
        .map(|(line, col, message)| format!("{line}:{col}: {message}"))
        .unwrap_or_default();
    if lang.en() {
        format!("Instrument file {file} ignored: {msg}")
    } else {
        format!("Berkas instrumen {file} diabaikan: {msg}")
    }
}

#[must_use]
pub fn key_unused(lang: Lang, key: char, help: Option<&str>) -> String {
    match (lang.en(), help) {
        (false, Some(h)) => format!("Tombol {key} tidak dipakai di sini; {h} untuk bantuan."),
        (true, Some(h)) => format!("Key {key} does nothing here; {h} for help."),
        (false, None) => format!("Tombol {key} tidak dipakai di sini."),
        (true, None) => format!("Key {key} does nothing here."),
    }
}

// ---- contextual hint labels ---------------------------------------------------------------
pub const HINT_DONE: T = ("selesai", "done");
pub const HINT_CLEAR: T = ("hapus saringan", "clear filter");
pub const HINT_RESULTS: T = ("hasil", "results");
pub const HINT_GO: T = ("ke sini", "go there");
pub const HINT_ATTACH: T = ("lampirkan", "attach");
pub const HINT_FINALIZE: T = ("finalkan", "finalize");
pub const HINT_BACK: T = ("kembali", "back");
pub const HINT_DISCARD: T = ("buang", "discard");
pub const HINT_REMOVE: T = ("hapus", "remove");
pub const HINT_VIEW: T = ("buka", "view");
pub const HINT_ADD: T = ("tambah", "add");
pub const HINT_KEEP: T = ("batal", "keep");
pub const HINT_KEEP_WRITING: T = ("lanjut menulis", "keep writing");
pub const HINT_CHOOSE: T = ("pilih", "choose");
pub const HINT_CREATE: T = ("buat", "create");
pub const HINT_HOME: T = ("beranda", "home");
pub const HINT_TO_INDICATOR: T = ("ke indikator", "go to it");
pub const HINT_SCROLL: T = ("gulir", "scroll");
pub const HINT_CONTINUE: T = ("lanjut", "continue");
pub const HINT_UNANSWERED: T = ("belum dijawab", "unanswered");
pub const HINT_NEWLINE: T = ("baris baru", "new line");
pub const HINT_DETAILS: T = ("rincian", "details");
