//! Presentation: every word the user reads, in Bahasa Indonesia (the default) and English,
//! for the command line and the terminal UI alike. The layers below (`core`, `storage`,
//! `workspace`) return data and typed errors; this module turns them into text. Nothing
//! outside `present` spells out a user-facing sentence.
//!
//! `errors` (one sentence per library error), `faults` (unusable bundle files), `import`
//! (verdicts and their sentences, result lines), `export` (result lines), `recovery` (the
//! store rebuilt from its journal), `json` (the localized fields of `--json` output),
//! `safe` (outside text made inert for each output: terminal, CSV, Markdown, XML),
//! `words` (status, zone, label, values), `text` (width-aware fitting and wrapping),
//! `cli` (the command line's own prose), `report` (report rendering), `survey`
//! (surveys, respondents, derived levels, visits).

pub mod cli;
pub mod errors;
pub mod export;
pub mod faults;
pub mod import;
pub mod json;
pub mod recovery;
pub mod report;
pub mod review;
pub mod safe;
pub mod survey;
pub mod text;
pub mod tui;
pub mod words;

/// Colour is off when `NO_COLOR` is set to anything non-empty (<https://no-color.org>).
#[must_use]
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}
