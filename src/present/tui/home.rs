//! Words of the screens before the checklist: the first-run identity form and the
//! fingerprint shown once after it, the home screen's list, and the new-assessment form.

use crate::i18n::Lang;

use super::T;

// ---- first run ----------------------------------------------------------------------------
pub const WELCOME_TITLE: T = ("Selamat datang di tilik", "Welcome to tilik");
pub const WELCOME_TEXT: T = (
    "Perangkat ini belum punya identitas. Isi data Anda di bawah; kunci tanda tangan dibuat dan disimpan hanya di perangkat ini, dan setiap perubahan yang Anda buat ditandai dengannya.",
    "This device has no identity yet. Fill in your details below; a signing key is made and kept only on this device, and every change you make is marked with it.",
);
pub const FIELD_NAME: T = ("Nama", "Name");
pub const FIELD_NIP: T = ("NIP", "NIP");
pub const FIELD_OFFICE: T = ("Kantor Perwakilan", "Regional office");
pub const OPTIONAL: T = ("opsional", "optional");
pub const OFFICE_PLACEHOLDER: T = (
    "mis. Perwakilan Kalimantan Barat",
    "e.g. Perwakilan Kalimantan Barat",
);
pub const NAME_REQUIRED: T = (
    "Nama tidak boleh kosong; isi nama Anda.",
    "The name must not be empty; enter your name.",
);
pub const IDENTITY_MADE: T = ("Identitas perangkat dibuat", "Device identity created");
pub const FINGERPRINT: T = ("Sidik jari perangkat", "Device fingerprint");
pub const FINGERPRINT_TEXT: T = (
    "Bacakan sidik jari ini kepada supervisor Anda. Dengan itu supervisor dapat memastikan bahwa bundel yang Anda kirim benar dari perangkat ini dan tidak diubah.",
    "Read this fingerprint to your supervisor. With it, the supervisor can check that the bundles you send really come from this device and were not changed.",
);

// ---- home ---------------------------------------------------------------------------------
pub const ASSESSMENTS: T = ("Penilaian", "Assessments");
pub const COL_PEMDA: T = ("Pemda", "Pemda");
pub const COL_LOKUS: T = ("Lokus", "Lokus");
pub const COL_INSTRUMENT: T = ("Instrumen", "Instrument");
pub const COL_DONE: T = ("Isi", "Done");
pub const COL_SCORE: T = ("Nilai", "Score");
pub const COL_CATEGORY: T = ("Kat", "Cat");
pub const COL_STATUS: T = ("St", "St");
pub const COL_CHANGED: T = ("Diubah", "Changed");
pub const FILTER_PROMPT: T = ("Saring: ", "Filter: ");
pub const CHANGED: T = ("diubah", "changed");
pub const ALL_EXPORTED: T = ("semua sudah diekspor", "all exported");

/// "54 perubahan belum diekspor": changes (answers, notes, evidence, …) of this device not
/// yet in an exported bundle.
#[must_use]
pub fn not_exported(lang: Lang, n: u64) -> String {
    match (lang.en(), n) {
        (true, 1) => "1 change not exported".to_string(),
        (true, _) => format!("{n} changes not exported"),
        (false, _) => format!("{n} perubahan belum diekspor"),
    }
}

#[must_use]
pub fn home_empty(lang: Lang, new_key: Option<&str>) -> String {
    match (lang.en(), new_key) {
        (false, Some(k)) => {
            format!("Belum ada penilaian di perangkat ini. Tekan {k} untuk membuat penilaian baru.")
        }
        (true, Some(k)) => {
            format!("There are no assessments on this device yet. Press {k} to start one.")
        }
        (false, None) => "Belum ada penilaian di perangkat ini.".to_string(),
        (true, None) => "There are no assessments on this device yet.".to_string(),
    }
}

#[must_use]
pub fn no_match(lang: Lang, q: &str) -> String {
    if lang.en() {
        format!("Nothing matches “{q}”.")
    } else {
        format!("Tidak ada yang cocok dengan “{q}”.")
    }
}

pub const NEEDS_REVISION: T = ("perlu revisi", "needs revision");
pub const CONFLICTS: T = ("konflik", "conflicts");

// ---- new assessment -----------------------------------------------------------------------
pub const NEW_TITLE: T = ("Penilaian baru", "New assessment");
pub const FIELD_ROUND: T = ("Tahun", "Year");
pub const FIELD_INSTRUMENT: T = ("Instrumen", "Instrument");
pub const FIELD_PEMDA: T = ("Pemda", "Pemda");
pub const FIELD_LOKUS: T = ("Jenis lokus", "Lokus type");
pub const FIELD_LOKUS_NAME: T = ("Nama lokus", "Lokus name");
pub const PEMDA_PLACEHOLDER: T = (
    "ketik sebagian nama, mis. pontianak",
    "type part of the name, e.g. pontianak",
);
pub const LOKUS_NAME_PLACEHOLDER: T = ("mis. Puskesmas Alianyang", "e.g. Puskesmas Alianyang");
pub const LOKUS_NAME_NOT_NEEDED: T = ("tidak perlu", "not needed");
pub const ROUND_HELP: T = (
    "Tahun putaran penilaian. Instrumen mengikuti tahun, kecuali Anda memilih yang lain.",
    "The assessment round. The instrument follows the year unless you pick another one.",
);
pub const INSTRUMENTS: T = ("Instrumen", "Instruments");
pub const LOKUS_TYPES: T = ("Jenis lokus", "Lokus types");
pub const LOKUS_NAME_HELP: T = (
    "Puskesmas dan lokus Lainnya perlu nama agar dapat dibedakan. Penilaian dengan tahun, pemda, lokus dan instrumen yang sama dibuka lagi, tidak dibuat dua kali.",
    "A Puskesmas or an Other lokus needs a name to tell it apart. An assessment with the same year, pemda, lokus and instrument is reopened, never made twice.",
);
pub const ROUND_NOT_NUMBER: T = (
    "Tahun harus berupa angka, mis. 2024.",
    "The year must be a number, e.g. 2024.",
);
pub const PEMDA_TYPE_FIRST: T = (
    "Ketik sebagian nama pemda dulu, mis. pontianak, lalu pilih dari daftar.",
    "Type part of the pemda's name first, e.g. pontianak, then pick it from the list.",
);

/// Enter on the pemda field when nothing matches, not even closely.
#[must_use]
pub fn pemda_no_match(lang: Lang, q: &str) -> String {
    if lang.en() {
        format!(
            "No pemda matches `{q}`, not even closely; type another part of the name, or its code (e.g. 61.71)."
        )
    } else {
        format!(
            "Tidak ada pemda yang cocok dengan `{q}`, juga yang mirip; ketik bagian lain namanya, atau kodenya (mis. 61.71)."
        )
    }
}

/// Above the closest names when nothing matched what was typed.
#[must_use]
pub fn closest_pemda(lang: Lang, n: usize) -> String {
    if lang.en() {
        format!("No exact match; did you mean ({n})")
    } else {
        format!("Tak ada yang persis; mungkin ({n})")
    }
}

pub const PEMDA_NOT_CHOSEN: T = (
    "Pilih pemda: ketik sebagian namanya lalu pilih dari daftar.",
    "Choose a pemda: type part of its name and pick it from the list.",
);
pub const INSTRUMENT_NOT_CHOSEN: T = (
    "Pilih instrumen dari daftar.",
    "Choose an instrument from the list.",
);

#[must_use]
pub fn matching_pemda(lang: Lang, n: usize) -> String {
    if lang.en() {
        format!("Matching pemda ({n})")
    } else {
        format!("Pemda yang cocok ({n})")
    }
}

#[must_use]
pub fn lokus_name_required(lang: Lang, t: &str) -> String {
    if lang.en() {
        format!("A {t} lokus needs a name; fill in “Lokus name”.")
    } else {
        format!("Lokus {t} perlu nama; isi “Nama lokus”.")
    }
}

pub const CREATED_NEW: T = ("Penilaian baru dibuat.", "New assessment created.");
pub const CREATED_EXISTING: T = (
    "Penilaian dengan kunci yang sama sudah ada; dibuka (tidak dibuat dua kali).",
    "An assessment with the same key already exists; opened it (not made twice).",
);

/// Short month names for the "last change" column: (Indonesian, English).
pub const MONTHS: [T; 12] = [
    ("Jan", "Jan"),
    ("Feb", "Feb"),
    ("Mar", "Mar"),
    ("Apr", "Apr"),
    ("Mei", "May"),
    ("Jun", "Jun"),
    ("Jul", "Jul"),
    ("Agu", "Aug"),
    ("Sep", "Sep"),
    ("Okt", "Oct"),
    ("Nov", "Nov"),
    ("Des", "Dec"),
];
