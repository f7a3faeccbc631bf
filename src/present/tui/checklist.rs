//! Words of the checklist (the indicator's wording, answer, notes, evidence, the note and
//! evidence dialogs, search, what a save or an undo did) and of the review screen.

use crate::i18n::{Lang, num_opt};
use crate::present::words::{label, zone_word};
use crate::workspace::Summary;

use super::T;

// ---- checklist ----------------------------------------------------------------------------
pub const AUDIT_EMPTY: T = ("Belum ada operasi.", "No ops yet.");
pub const INDICATORS: T = ("Indikator", "Indicators");
pub const METHOD: T = ("Metode", "Method");
pub const RESPONDENT: T = ("Responden", "Respondent");
pub const CHECK: T = ("Periksa", "Check");
pub const ANSWER: T = ("Jawaban", "Answer");
pub const NOTE: T = ("Catatan", "Note");
pub const EVIDENCE: T = ("Bukti", "Evidence");
pub const FLAGGED: T = ("Ditandai", "Flagged");
pub const CONFLICT: T = ("Konflik", "Conflict");
pub const NOT_APPLICABLE: T = ("Tidak berlaku", "Not applicable");
pub const NA_SHORT: T = ("t/a", "n/a");
pub const MORE_BELOW: T = ("lagi", "more");
pub const ALL_ANSWERED: T = (
    "Semua indikator sudah dijawab — tinjau lalu finalkan.",
    "Every indicator is answered — review and finalize.",
);
pub const NONE_UNANSWERED: T = (
    "Tidak ada lagi indikator yang belum dijawab.",
    "No unanswered indicator left.",
);
pub const SEARCH_PROMPT: T = ("Cari indikator: ", "Search indicators: ");
pub const ATTACH_TITLE: T = ("Lampirkan bukti", "Attach evidence");
pub const ATTACH_TEXT: T = (
    "Path berkas bukti (foto, dokumen). ~ berarti folder rumah. Berkas disalin ke penyimpanan.",
    "Path of the evidence file (photo, document). ~ means the home folder. The file is copied into the store.",
);
pub const ATTACH_EMPTY: T = (
    "Tulis path berkas bukti dulu.",
    "Type the path of the evidence file first.",
);
pub const NOTE_TITLE: T = ("Catatan", "Note");

#[must_use]
pub fn saved_answer(lang: Lang, ind: &str, value: &str, next: Option<&str>) -> String {
    let saved = if lang.en() {
        format!("saved ✓ {ind} = {value}")
    } else {
        format!("tersimpan ✓ {ind} = {value}")
    };
    match next {
        Some(n) if lang.en() => format!("{saved} · on to {n}"),
        Some(n) => format!("{saved} · lanjut ke {n}"),
        None => saved,
    }
}

#[must_use]
pub fn saved_reply(lang: Lang, ind: &str) -> String {
    if lang.en() {
        format!("reply on {ind} saved ✓ (sent with the next export)")
    } else {
        format!("balasan {ind} tersimpan ✓ (terkirim pada ekspor berikutnya)")
    }
}

pub const REPLY_TITLE: T = ("Balas komentar supervisor", "Reply to the supervisor");
pub const REPLY_EMPTY: T = (
    "Balasan kosong: tulis balasan, atau Esc untuk batal.",
    "The reply is empty: write it, or Esc to cancel.",
);
pub const REPLY_NOTHING: T = (
    "Belum ada komentar supervisor pada indikator ini.",
    "No supervisor comment on this indicator yet.",
);

#[must_use]
pub fn saved_note(lang: Lang, ind: &str) -> String {
    if lang.en() {
        format!("note on {ind} saved ✓")
    } else {
        format!("catatan {ind} tersimpan ✓")
    }
}

#[must_use]
pub fn saved_evidence(lang: Lang, ind: &str, name: &str) -> String {
    if lang.en() {
        format!("evidence {name} on {ind} saved ✓")
    } else {
        format!("bukti {name} untuk {ind} tersimpan ✓")
    }
}

// ---- the evidence list (issue 16) ------------------------------------------------------------
pub const EVIDENCE_TITLE: T = ("Lampiran bukti", "Evidence files");
pub const EVIDENCE_NONE: T = (
    "Belum ada berkas bukti pada indikator ini; tekan a untuk melampirkan.",
    "No evidence file on this indicator yet; press a to attach one.",
);
pub const REMOVE_NOT_DONE: T = ("Lampiran tidak dihapus.", "The attachment was not removed.");
pub const ATTACH_TAB: T = (
    "Tab melengkapi nama folder atau berkas.",
    "Tab completes a folder or file name.",
);

#[must_use]
pub fn remove_ask(lang: Lang, name: &str) -> String {
    if lang.en() {
        format!("Remove {name}? y remove · Esc keep")
    } else {
        format!("Hapus {name}? y hapus · Esc batal")
    }
}

#[must_use]
pub fn attached_by(lang: Lang, who: &str, when: &str) -> String {
    if lang.en() {
        format!("by {who}, {when}")
    } else {
        format!("oleh {who}, {when}")
    }
}

#[must_use]
pub fn opening(lang: Lang, name: &str) -> String {
    if lang.en() {
        format!("opening {name} …")
    } else {
        format!("membuka {name} …")
    }
}

/// The viewer was started on the copy at `path`.
#[must_use]
pub fn opened_with(lang: Lang, name: &str, viewer: &str, path: &str) -> String {
    if lang.en() {
        format!("{name} opened with {viewer} · copy: {path}")
    } else {
        format!("{name} dibuka dengan {viewer} · salinan: {path}")
    }
}

/// No viewer could be started: where the file is.
#[must_use]
pub fn no_viewer(lang: Lang, name: &str, viewer: &str, path: &str) -> String {
    if lang.en() {
        format!(
            "{viewer} could not be started, so {name} was not opened; open this copy yourself: {path} (or set TILIK_OPENER to a viewer)"
        )
    } else {
        format!(
            "{viewer} tidak dapat dijalankan, jadi {name} tidak dibuka; buka salinan ini sendiri: {path} (atau isi TILIK_OPENER dengan program penampil)"
        )
    }
}

#[must_use]
pub fn detached(lang: Lang, ind: &str, name: &str) -> String {
    if lang.en() {
        format!("{name} removed from {ind} ✓ · u brings it back")
    } else {
        format!("{name} dihapus dari {ind} ✓ · u mengembalikannya")
    }
}

/// `]`/`[` went past the last (first) indicator and started again at the other end.
#[must_use]
pub fn wrapped_unanswered(lang: Lang, forward: bool, to: &str) -> String {
    match (lang.en(), forward) {
        (false, true) => {
            format!("tidak ada yang belum dijawab sesudahnya; kembali dari awal: {to}")
        }
        (false, false) => {
            format!("tidak ada yang belum dijawab sebelumnya; mulai lagi dari akhir: {to}")
        }
        (true, true) => format!("none unanswered after this one; back from the start: {to}"),
        (true, false) => format!("none unanswered before this one; again from the end: {to}"),
    }
}

#[must_use]
pub fn saved_flag(lang: Lang, ind: &str, flagged: bool) -> String {
    match (lang.en(), flagged) {
        (false, true) => format!("{ind} ditandai ✓"),
        (false, false) => format!("tanda {ind} dilepas ✓"),
        (true, true) => format!("{ind} flagged ✓"),
        (true, false) => format!("{ind} unflagged ✓"),
    }
}

#[must_use]
pub fn undone(lang: Lang, kind: &str, ind: Option<&str>) -> String {
    let what = match (kind, lang.en()) {
        ("set_answer", false) => "jawaban",
        ("set_answer", true) => "answer",
        ("set_note", false) => "catatan",
        ("set_note", true) => "note",
        ("attach_evidence" | "detach_evidence", false) => "bukti",
        ("attach_evidence" | "detach_evidence", true) => "evidence",
        ("set_flag", false) => "tanda",
        ("set_flag", true) => "flag",
        ("set_status", false) => "status final",
        ("set_status", true) => "final status",
        (_, false) => "perubahan",
        (_, true) => "change",
    };
    let ind = ind.map(|i| format!(" {i}")).unwrap_or_default();
    if lang.en() {
        format!("undone ✓: {what}{ind}")
    } else {
        format!("dibatalkan ✓: {what}{ind}")
    }
}

#[must_use]
pub fn not_a_scale_key(lang: Lang, key: char, ind: &str, keys: &str) -> String {
    if lang.en() {
        format!("{key} is not an answer for {ind}; use {keys}.")
    } else {
        format!("{key} bukan jawaban untuk {ind}; gunakan {keys}.")
    }
}

#[must_use]
pub fn na_not_allowed(lang: Lang, ind: &str) -> String {
    if lang.en() {
        format!("{ind} cannot be answered N/A.")
    } else {
        format!("{ind} tidak boleh dijawab t/a.")
    }
}

#[must_use]
pub fn search_count(lang: Lang, at: usize, n: usize) -> String {
    if lang.en() {
        format!("{at}/{n} found")
    } else {
        format!("{at}/{n} cocok")
    }
}

// ---- review -------------------------------------------------------------------------------
pub const REVIEW: T = ("Tinjau", "Review");
pub const UNANSWERED: T = ("Belum dijawab", "Unanswered");
pub const DIMENSION_SCORES: T = ("Nilai per dimensi", "Score per dimension");
pub const STATUS: T = ("Status", "Status");
pub const SCORE: T = ("Nilai", "Score");
pub const CATEGORY: T = ("Kategori", "Category");
pub const FINALIZE_READY: T = (
    "Semua indikator terjawab; penilaian siap difinalkan.",
    "Every indicator is answered; the assessment can be finalized.",
);
pub const FINAL_DONE: T = (
    "Penilaian sudah final. Perubahan masih dapat dibuat dan akan ditandai “diubah setelah final”.",
    "The assessment is final. Changes are still possible and are marked “edited after final”.",
);
pub const FINAL_EDITED: T = (
    "Ada perubahan setelah final; finalkan lagi untuk mengesahkannya.",
    "There are changes after finalizing; finalize again to confirm them.",
);

#[must_use]
pub fn finalize_blocked(lang: Lang, n: usize) -> String {
    if lang.en() {
        format!("[ Finalize ] not available: {n} indicator(s) unanswered.")
    } else {
        format!("[ Finalkan ] tidak tersedia: {n} indikator belum dijawab.")
    }
}

#[must_use]
pub fn finalize_key(lang: Lang, key: &str) -> String {
    if lang.en() {
        format!("[ Finalize ] press {key}")
    } else {
        format!("[ Finalkan ] tekan {key}")
    }
}

/// An assessment's result: "87,45 · B Kualitas Tinggi (hijau)".
#[must_use]
pub fn result(lang: Lang, s: &Summary) -> String {
    let score = num_opt(s.score, lang);
    match (&s.category, &s.label, s.zone) {
        (Some(c), Some(l), Some(z)) => {
            format!("{score} · {c} {} ({})", label(lang, l), zone_word(lang, z))
        }
        _ => score,
    }
}

#[must_use]
pub fn finalized(lang: Lang, result: &str) -> String {
    if lang.en() {
        format!("Finalized ✓: {result}")
    } else {
        format!("Difinalkan ✓: {result}")
    }
}

/// The hint of the scale's answer keys.
pub const HINT_ANSWER: T = ("jawab", "answer");

// ---- finalize confirmation, edits after final (issue 16) -----------------------------------
pub const FINALIZE_TITLE: T = ("Finalkan penilaian?", "Finalize the assessment?");
pub const FINALIZE_NO_FLAGS: T = (
    "Tidak ada indikator yang ditandai atau catatan untuk ditindaklanjuti.",
    "No flagged indicator and no note to follow up.",
);
pub const FINALIZE_PRESS_Y: T = (
    "Tekan y untuk memfinalkan, atau Esc untuk kembali.",
    "Press y to finalize, or Esc to go back.",
);
pub const FINALIZE_NOT_DONE: T = ("Belum difinalkan.", "Not finalized.");

/// The finalize dialog's heading of the flagged indicators.
#[must_use]
pub fn finalize_flagged(lang: Lang, n: usize) -> String {
    if lang.en() {
        format!("Flagged for follow-up ({n}):")
    } else {
        format!("Ditandai untuk ditindaklanjuti ({n}):")
    }
}

/// The finalize dialog's heading of the other indicators with a note.
#[must_use]
pub fn finalize_notes(lang: Lang, n: usize) -> String {
    if lang.en() {
        format!("Notes ({n}):")
    } else {
        format!("Catatan ({n}):")
    }
}

/// The finalize dialog's keys: an explicit `y`, never Enter.
#[must_use]
pub fn finalize_keys(lang: Lang, cancel: &str) -> String {
    if lang.en() {
        format!("y finalize · {cancel} back · Enter does not finalize")
    } else {
        format!("y finalkan · {cancel} kembali · Enter tidak memfinalkan")
    }
}

/// A score and category in short: "72,10 C" (or "—").
#[must_use]
pub fn score_short(lang: Lang, s: &Summary) -> String {
    let score = num_opt(s.score, lang);
    match &s.category {
        Some(c) => format!("{score} {c}"),
        None => score,
    }
}

/// What a change to a final assessment did to its result.
#[must_use]
pub fn edited_after_final(lang: Lang, before: &str, after: &str) -> String {
    match (lang.en(), before == after) {
        (false, false) => format!("diubah setelah final: nilai {before} → {after}"),
        (false, true) => format!("diubah setelah final: nilai tetap {after}"),
        (true, false) => format!("edited after final: score {before} → {after}"),
        (true, true) => format!("edited after final: score unchanged at {after}"),
    }
}

// ---- note drafts (issue 16) ---------------------------------------------------------------
pub const DISCARD_ASK: T = (
    "Buang catatan yang belum disimpan? y buang · lainnya: lanjut menulis",
    "Discard the unsaved note? y discard · any other key: keep writing",
);
pub const NOTE_DISCARDED: T = (
    "Catatan tidak disimpan; drafnya dibuang.",
    "The note was not saved; its draft is discarded.",
);
pub const KEEP_WRITING: T = ("Lanjut menulis.", "Keep writing.");
pub const DRAFT_RESTORED: T = (
    "Draf catatan yang belum disimpan dipulihkan.",
    "The unsaved draft of this note is restored.",
);
