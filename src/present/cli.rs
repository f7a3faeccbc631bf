//! The command line's words: every heading, table line and per-command sentence `tilik`
//! prints, in Bahasa Indonesia and English. Each renderer takes what the workspace
//! returned and gives back text (a line, or the lines of one answer); `crate::cli` only
//! decides where it goes (stdout or stderr) and the exit status.
//!
//! One file per command group, as in `cli::commands`.

pub mod assessments;
pub mod bundles;
pub mod demo;
pub mod identity;
pub mod instruments;
pub mod reports;
pub mod store;
pub mod trust;

use std::path::Path;

use crate::core::instrument::Problem;
use crate::i18n::Lang;

/// After a file was written with `-o`.
#[must_use]
pub fn written(path: &Path, lang: Lang) -> String {
    format!("{} {}", lang.t("Ditulis:", "Written:"), path.display())
}

/// An instrument override file that could not be used (stderr, whenever the store opens).
#[must_use]
pub fn override_problem(file: &str, p: &Problem, lang: Lang) -> String {
    format!(
        "{}:{}:{}: {} ({})",
        file,
        p.line,
        p.col,
        p.text(lang.en()),
        lang.t("berkas diabaikan", "file ignored")
    )
}

/// A read-only command answered from the store's journal while another tilik holds it.
#[must_use]
pub fn read_only(lang: Lang) -> &'static str {
    lang.t(
        "Penyimpanan sedang dipakai proses tilik lain: ini dibaca dari jurnalnya, seperti yang terakhir disimpan (perintah yang mengubah data baru dapat dijalankan setelah proses itu ditutup).",
        "The store is in use by another tilik process: this is read from its journal, as last saved (commands that change data can run once that process is closed).",
    )
}
