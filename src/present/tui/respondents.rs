//! Words of the respondents screen (issue 15): one row per respondent of a survey, a key
//! per answer, the quota and the running share per question; and the survey lines of the
//! review screen (respondents, the visit). The figures themselves are worded by
//! [`crate::present::survey`], as on the command line.

use crate::core::survey::{AnswerKind, Question, Response};
use crate::i18n::Lang;

use super::T;

pub const TITLE: T = ("Responden", "Respondents");
pub const CODE: T = ("Kode", "Code");
pub const CHANNEL: T = ("Jalur", "Channel");
pub const ROLE: T = ("Peran", "Role");
pub const QUESTIONS: T = ("Pertanyaan", "Questions");
pub const NEW_ROW: T = ("baru", "new");
pub const NO_DERIVATION: T = ("(tidak menurunkan indikator)", "(derives no indicator)");
pub const PROOF_TITLE: T = ("Bukti layanan", "Proof of service");
pub const PROOF_TEXT: T = (
    "Path dokumen atau foto bukti responden menerima layanan. ~ berarti folder rumah.",
    "Path of a document or photo proving the respondent received the service. ~ means the home folder.",
);
pub const PROOF_EMPTY: T = (
    "Tulis path berkas bukti dulu.",
    "Type the path of the proof file first.",
);
pub const ANSWER_FIRST: T = (
    "Responden baru tersimpan bersama jawaban pertamanya; jawab pertanyaan dulu.",
    "A new respondent is saved with its first answer; answer a question first.",
);
pub const FIELDS_ON_NEW: T = (
    "Jalur dan peran dipilih sebelum jawaban pertama responden baru (baris “baru”).",
    "Channel and role are chosen before a new respondent's first answer (the “new” row).",
);
pub const NO_ROLES: T = (
    "Survei ini tidak memakai peran.",
    "This survey has no roles.",
);
pub const NOTHING_TO_CLEAR: T = (
    "Tidak ada jawaban untuk dihapus di sini.",
    "No answer to clear here.",
);
pub const NOT_ON_NEW: T = (
    "Baris baru belum tersimpan; pilih responden yang sudah ada.",
    "The new row is not saved yet; choose an existing respondent.",
);
pub const HINT_ANSWER: T = ("jawab", "answer");
pub const HINT_NEXT: T = ("responden berikut", "next respondent");
pub const HINT_ANSWER_MOVE: T = ("pertanyaan", "question");
pub const HINT_SURVEY: T = ("survei", "survey");
pub const HINT_BACK: T = ("daftar periksa", "checklist");
pub const HELP_ANSWERS: T = (
    "jawab pertanyaan yang dipilih (y ya, t/n tidak, d tidak tahu; skala dengan angka), disimpan seketika, lalu ke pertanyaan berikut",
    "answer the selected question (y yes, t/n no, d don't know; a scale with digits), saved at once, then on to the next question",
);
pub const RESPONDENTS_LINE: T = ("Responden", "Respondents");
pub const VISIT_NONE: T = (
    "Kunjungan: belum dicatat (`tilik visit`)",
    "Visit: not recorded (`tilik visit`)",
);

/// The answer a key gives to a question: `y`, `t`/`n`, `d` for ya/tidak/tidak tahu, a digit
/// up to the scale's top. `None` when the key is not an answer to it.
#[must_use]
pub fn key_answer(q: &Question, key: char) -> Option<Response> {
    let r = match (q.answers, key.to_ascii_lowercase()) {
        (AnswerKind::YaTidak, 'y') => Response::Ya,
        (AnswerKind::YaTidak, 't' | 'n') => Response::Tidak,
        (AnswerKind::YaTidak, 'd') => Response::TidakTahu,
        (AnswerKind::Skala, c) => Response::Level(u8::try_from(c.to_digit(10)?).ok()?),
        _ => return None,
    };
    q.accepts(r).then_some(r)
}

/// The keys that answer a question, for the hints: `y/t/d` or `0-3`.
#[must_use]
pub fn answer_keys(q: &Question) -> String {
    match q.answers {
        AnswerKind::YaTidak => "y/t/d".into(),
        AnswerKind::Skala => format!("0-{}", q.max.unwrap_or(0)),
    }
}

/// A response in a table cell (at most 3 columns): ya/tdk/tt, yes/no/dk, a digit.
#[must_use]
pub fn cell(r: Option<Response>, lang: Lang) -> String {
    match r {
        None => "·".into(),
        Some(Response::Ya) => lang.t("ya", "yes").into(),
        Some(Response::Tidak) => lang.t("tdk", "no").into(),
        Some(Response::TidakTahu) => lang.t("tt", "dk").into(),
        Some(Response::Level(l)) => l.to_string(),
    }
}

/// A key that answers nothing here, with the keys that do.
#[must_use]
pub fn not_an_answer(lang: Lang, key: char, question: &str, keys: &str) -> String {
    if lang.en() {
        format!("Key {key} is not an answer to {question}; use {keys}.")
    } else {
        format!("Tombol {key} bukan jawaban untuk {question}; pakai {keys}.")
    }
}

/// An answer is durable: "tersimpan ✓ R19 penundaan = ya (19/30 responden)".
#[must_use]
pub fn saved(
    lang: Lang,
    code: &str,
    question: &str,
    value: Option<Response>,
    quota: (usize, u32),
) -> String {
    let v = value.map_or_else(
        || lang.t("dihapus", "cleared").to_string(),
        |v| crate::present::survey::response(v, lang),
    );
    if lang.en() {
        format!(
            "saved ✓ {code} {question} = {v} ({}/{} respondents)",
            quota.0, quota.1
        )
    } else {
        format!(
            "tersimpan ✓ {code} {question} = {v} ({}/{} responden)",
            quota.0, quota.1
        )
    }
}

/// Every question of a row is answered: Enter for the next one.
#[must_use]
pub fn row_complete(lang: Lang, code: &str, enter: &str) -> String {
    if lang.en() {
        format!("{code} complete — {enter} for the next respondent.")
    } else {
        format!("{code} lengkap — {enter} untuk responden berikut.")
    }
}

/// The proof of service a survey requires is missing on the new row.
#[must_use]
pub fn proof_first(lang: Lang, survey: &str, key: &str) -> String {
    if lang.en() {
        format!(
            "Survey {survey} requires proof of service: {key} attaches it before the first answer."
        )
    } else {
        format!(
            "Survei {survey} mewajibkan bukti layanan: {key} melampirkannya sebelum jawaban pertama."
        )
    }
}

/// A proof file noted for the new row, or attached to a saved one.
#[must_use]
pub fn proof_noted(lang: Lang, code: &str, name: &str, saved: bool) -> String {
    match (lang.en(), saved) {
        (false, true) => format!("bukti {name} untuk {code} tersimpan ✓"),
        (false, false) => {
            format!("bukti {name} disiapkan untuk {code}; disimpan bersama jawaban pertama")
        }
        (true, true) => format!("proof {name} for {code} saved ✓"),
        (true, false) => format!("proof {name} ready for {code}; saved with the first answer"),
    }
}

/// The "respondents" line of the review screen: "pengguna 18/30 · pejabat 4/4".
#[must_use]
pub fn counts(parts: &[(String, usize, Option<u32>)]) -> String {
    parts
        .iter()
        .map(|(s, n, t)| match t {
            Some(t) => format!("{s} {n}/{t}"),
            None => format!("{s} {n}"),
        })
        .collect::<Vec<_>>()
        .join(" · ")
}
