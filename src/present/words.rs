//! Single words shared by every screen and command: an assessment's status, a zone.

use crate::core::instrument::Zone;
use crate::i18n::Lang;

/// Status of an assessment in words (`final`, `edited_after_final`, anything else is a
/// draft).
#[must_use]
pub fn status_word(lang: Lang, status: &str) -> &'static str {
    match status {
        "final" => lang.t("final", "final"),
        "edited_after_final" => lang.t("diubah setelah final", "edited after final"),
        _ => lang.t("draf", "draft"),
    }
}

/// A score zone in words (`hijau` / `green`, …).
#[must_use]
pub fn zone_word(lang: Lang, z: Zone) -> &'static str {
    if lang.en() { z.english() } else { z.as_str() }
}
