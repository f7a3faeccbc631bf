//! `tilik demo seed` and `demo generate`.

use crate::demo::Seeded;
use crate::demo::generate::Generated;
use crate::i18n::Lang;

/// What `demo seed` made.
#[must_use]
pub fn seeded(s: &Seeded, lang: Lang) -> String {
    format!(
        "{} {} {}, {} {}.{}",
        lang.t("Data contoh siap:", "Demo data ready:"),
        s.assessments,
        lang.t("penilaian", "assessments"),
        s.answers,
        lang.t("jawaban", "answers"),
        if s.identity_created {
            lang.t(
                " Identitas \"Penilai Demo\" dibuat.",
                " Identity \"Penilai Demo\" created.",
            )
        } else {
            ""
        }
    )
}

/// What `demo generate` wrote.
#[must_use]
pub fn generated(g: &Generated, lang: Lang) -> String {
    format!(
        "{} {} {}, {} {}, {} {}, {} {}, {} {} · {}",
        lang.t("Dibuat:", "Generated:"),
        g.bundles,
        lang.t("bundel", "bundles"),
        g.assessments,
        lang.t("penilaian", "assessments"),
        g.ops,
        lang.t("operasi", "ops"),
        g.conflicts,
        lang.t("konflik", "conflicts"),
        g.blobs,
        lang.t("bukti", "evidence files"),
        g.roster
    )
}
