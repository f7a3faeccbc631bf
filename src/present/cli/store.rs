//! `tilik store rebuild`.

use crate::i18n::Lang;
use crate::storage::RebuildCheck;

/// The assessment index does not cover every op (a bug to report).
#[must_use]
pub fn index_incomplete(c: &RebuildCheck, lang: Lang) -> String {
    if lang.en() {
        format!(
            "The assessment index is incomplete: {} of {} ops indexed. Back up the store folder and report it to the developers.",
            c.indexed, c.ops
        )
    } else {
        format!(
            "Indeks penilaian tidak lengkap: {} dari {} operasi terindeks. Cadangkan folder penyimpanan lalu laporkan ke pengembang.",
            c.indexed, c.ops
        )
    }
}

/// The live projection equals the rebuild.
#[must_use]
pub fn equal(c: &RebuildCheck, lang: Lang) -> String {
    format!(
        "{} {} {} {} {}",
        lang.t(
            "Proyeksi sama dengan hasil bangun ulang:",
            "Projection equals the rebuild:"
        ),
        c.assessments,
        lang.t("penilaian dari", "assessments from"),
        c.ops,
        lang.t("operasi.", "ops.")
    )
}

/// `--check`: these assessments differ (nothing changed).
#[must_use]
pub fn differs(differ: &[String], lang: Lang) -> String {
    format!(
        "{} {}",
        lang.t("Proyeksi BERBEDA untuk:", "Projection DIFFERS for:"),
        differ.join(", ")
    )
}

/// Without `--check`: these assessments differed and were replaced by the rebuild.
#[must_use]
pub fn replaced(differ: &[String], lang: Lang) -> String {
    format!(
        "{} {}; {}",
        lang.t("Proyeksi berbeda untuk:", "Projection differed for:"),
        differ.join(", "),
        lang.t(
            "diganti dengan hasil bangun ulang.",
            "replaced with the rebuild."
        )
    )
}
