//! `tilik report` (the sentences around the rendered report), `rapor` and `results`.

use std::path::Path;

use crate::core::report::Report;
use crate::i18n::{self, Lang, num};

/// `report --strict` refused a provisional report (stderr, after `tilik: `): one sentence
/// with the counts and the assessments that are not approved.
#[must_use]
pub fn strict_refused(r: &Report, lang: Lang) -> String {
    let named = crate::present::report::not_approved_items(r, lang)
        .iter()
        .map(|s| i18n::inert(s, false))
        .collect::<Vec<_>>()
        .join("; ");
    let named = if named.is_empty() {
        named
    } else {
        format!(" ({named})")
    };
    if lang.en() {
        format!(
            "Report refused (--strict): {} unresolved conflict(s), {} lokus not finalized and {} assessment(s) not approved{named}; resolve, finalize and approve first, use --approved-only, or drop --strict for a provisional report.",
            r.unresolved_conflicts,
            r.unfinalized,
            r.not_approved.len()
        )
    } else {
        format!(
            "Laporan ditolak (--strict): {} konflik belum diselesaikan, {} lokus belum final dan {} penilaian belum disetujui{named}; selesaikan, finalkan dan setujui dulu, pakai --approved-only, atau hapus --strict untuk laporan sementara.",
            r.unresolved_conflicts,
            r.unfinalized,
            r.not_approved.len()
        )
    }
}

/// `report --format xlsx` without `-o`: what failed and what to give.
#[must_use]
pub fn xlsx_needs_output(lang: Lang) -> (&'static str, &'static str) {
    (
        lang.t("Laporan xlsx", "xlsx report"),
        lang.t("berikan -o FILE.xlsx", "give -o FILE.xlsx"),
    )
}

/// `results import`: how many rows were taken.
#[must_use]
pub fn results_imported(n: usize, lang: Lang) -> String {
    format!(
        "{} {} {}",
        lang.t("Diimpor:", "Imported:"),
        n,
        lang.t("hasil.", "results.")
    )
}

/// `results import`: a row that could not be used (stderr).
#[must_use]
pub fn row_skipped(file: &Path, line: usize, raw: &str, why: &str, lang: Lang) -> String {
    format!(
        "{}:{line}: {} ({why}): {}",
        file.display(),
        lang.t("baris dilewati", "row skipped"),
        i18n::inert(raw, false)
    )
}

/// One line of `results list`.
#[must_use]
pub fn published_line(round: u16, code: &str, name: &str, score: f64, lang: Lang) -> String {
    format!("{round}  {code:<6} {name:<32} {}", num(score, lang))
}
