//! Single words and short values shared by every screen and command: an assessment's
//! status, a zone, a category label, an answer value, a side of a logged change.

use crate::core::instrument::Zone;
use crate::core::op::AnswerValue;
use crate::i18n::Lang;
use crate::workspace::{AssessmentStatus, Label, LogValue};

/// The mark beside a provisional category in narrow columns (home, `list`).
pub const PROVISIONAL_MARK: &str = "~";

/// "sementara · 2/38": a score that may still change, with how much is answered.
#[must_use]
pub fn provisional_tag(lang: Lang, answered: usize, total: usize) -> String {
    format!(
        "{} · {answered}/{total}",
        lang.t("sementara", "provisional")
    )
}

/// The legend of [`PROVISIONAL_MARK`].
#[must_use]
pub fn provisional_legend(lang: Lang) -> &'static str {
    lang.t(
        "~ = sementara: belum final atau ada konflik; nilai dan kategori masih dapat berubah",
        "~ = provisional: not final or in conflict; score and category may still change",
    )
}

/// Status of an assessment in words.
#[must_use]
pub fn status_word(lang: Lang, status: AssessmentStatus) -> &'static str {
    match status {
        AssessmentStatus::Final => lang.t("final", "final"),
        AssessmentStatus::EditedAfterFinal => lang.t("diubah setelah final", "edited after final"),
        AssessmentStatus::Draft => lang.t("draf", "draft"),
    }
}

/// A score zone in words (`hijau` / `green`, …).
#[must_use]
pub fn zone_word(lang: Lang, z: Zone) -> &'static str {
    if lang.en() { z.english() } else { z.as_str() }
}

/// A category label in the user's language.
#[must_use]
pub fn label(lang: Lang, l: &Label) -> &str {
    if lang.en() { &l.en } else { &l.id }
}

/// An answer value in short: "3", "t/a" / "n/a", "—".
#[must_use]
pub fn answer_short(lang: Lang, v: AnswerValue) -> String {
    v.short(lang.en())
}

/// One side of a logged change: the text as written, an answer value, or a resolution
/// with its reason.
#[must_use]
pub fn log_value(lang: Lang, v: &LogValue) -> String {
    match v {
        LogValue::Text(t) => t.clone(),
        LogValue::Answer(a) => answer_short(lang, *a),
        LogValue::Resolved { value, reason } => {
            format!("{} ({reason})", answer_short(lang, *value))
        }
        LogValue::Review {
            state,
            comment,
            forced,
        } => {
            let mut s = crate::present::review::decision_word(lang, *state).to_string();
            if !comment.is_empty() {
                s.push_str(&format!(" ({comment})"));
            }
            if let Some(r) = forced {
                s.push_str(&format!(" [{}: {r}]", lang.t("alasan", "reason")));
            }
            s
        }
    }
}

/// An op kind (`OpBody::kind`) in the user's words, for `tilik log` (issue 16: never the
/// internal `set_answer`).
#[must_use]
pub fn op_word(lang: Lang, kind: &str) -> &'static str {
    match kind {
        "create_assessment" => lang.t("penilaian dibuat", "assessment created"),
        "set_answer" => lang.t("jawaban", "answer"),
        "resolve" => lang.t("konflik diputuskan", "conflict resolved"),
        "set_note" => lang.t("catatan", "note"),
        "attach_evidence" => lang.t("bukti dilampirkan", "evidence attached"),
        "detach_evidence" => lang.t("bukti dilepas", "evidence removed"),
        "set_flag" => lang.t("tanda", "flag"),
        "set_status" => lang.t("status", "status"),
        "set_review" => lang.t("keputusan tinjauan", "review decision"),
        "review_comment" => lang.t("komentar tinjauan", "review comment"),
        "review_reply" => lang.t("balasan", "reply"),
        "resubmit" => lang.t("diajukan ulang", "resubmitted"),
        "add_respondent" => lang.t("responden ditambah", "respondent added"),
        "set_response" => lang.t("jawaban responden", "respondent answer"),
        "remove_respondent" => lang.t("responden dihapus", "respondent removed"),
        "attach_proof" => lang.t("bukti layanan", "service proof"),
        "set_visit" => lang.t("kunjungan", "visit"),
        "override_derived" => lang.t("level diganti", "level overridden"),
        _ => lang.t("perubahan", "change"),
    }
}
