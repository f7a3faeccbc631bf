//! Every text the terminal UI shows, in Bahasa Indonesia (first) and English (second).
//! Nothing else in `tui/` spells out user-facing words; numbers go through `i18n::num`.

use crate::i18n::Lang;

use super::action::Action;

/// A text in both languages: (Indonesian, English).
pub type T = (&'static str, &'static str);

/// Pick the text for a language.
#[must_use]
pub fn tr(lang: Lang, t: T) -> &'static str {
    if lang.en() { t.1 } else { t.0 }
}

pub const APP: &str = "tilik";

// ---- general ------------------------------------------------------------------------------
pub const TOO_SMALL: T = (
    "Terminal terlalu kecil; perbesar ke paling sedikit 40×12.",
    "The terminal is too small; make it at least 40×12.",
);
pub const LOADING: T = ("Memuat…", "Loading…");
pub const NONE: T = ("tidak ada", "none");

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

#[must_use]
pub fn not_exported(lang: Lang, n: u64) -> String {
    if lang.en() {
        format!("{n} not exported")
    } else {
        format!("{n} belum diekspor")
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

pub use crate::present::words::{status_word, zone_word};

pub const HINT_DRILL: T = ("rincian", "details");
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

// ---- checklist ----------------------------------------------------------------------------
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
pub fn saved_answer(lang: Lang, ind: &str, value: &str) -> String {
    if lang.en() {
        format!("saved ✓ {ind} = {value}")
    } else {
        format!("tersimpan ✓ {ind} = {value}")
    }
}

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

#[must_use]
pub fn finalized(lang: Lang, result: &str) -> String {
    if lang.en() {
        format!("Finalized ✓: {result}")
    } else {
        format!("Difinalkan ✓: {result}")
    }
}

// ---- help ---------------------------------------------------------------------------------
pub const HELP_TITLE: T = ("Bantuan", "Help");
pub const HELP_THIS_SCREEN: T = ("Di layar ini", "On this screen");
pub const HELP_EVERYWHERE: T = ("Di semua layar", "On every screen");
pub const HELP_SCALE: T = (
    "jawab dengan tombol skala indikator, lalu ke indikator berikut yang belum dijawab",
    "answer with a key of the indicator's scale, then go to the next unanswered one",
);
pub const HELP_TYPE: T = ("ketik", "type");
pub const HELP_TYPE_TEXT: T = (
    "mengisi kolom yang aktif (←/→, Home/End, Backspace)",
    "fills the active field (←/→, Home/End, Backspace)",
);
pub const HELP_MARKS: T = ("Tanda", "Marks");
pub const HELP_MARKS_TEXT: T = (
    "✓ terjawab / final; · belum dijawab; ! ditandai; ✎ ada catatan / diubah setelah final; 📎 ada bukti; ⚠ konflik; ◷ perlu revisi",
    "✓ answered / final; · unanswered; ! flagged; ✎ has a note / edited after final; 📎 has evidence; ⚠ conflict; ◷ needs revision",
);
pub const HELP_KEYMAP_FILE: T = (
    "Tombol dapat diubah di keymap.toml dalam folder konfigurasi (lihat `tilik paths`).",
    "Keys can be changed in keymap.toml in the config folder (see `tilik paths`).",
);

// ---- warnings -----------------------------------------------------------------------------
#[must_use]
pub fn keymap_unusable(en: bool, path: &str, e: &str) -> String {
    if en {
        format!("Key file {path} not used ({e}); default keys apply.")
    } else {
        format!("Berkas tombol {path} tidak dipakai ({e}); tombol bawaan berlaku.")
    }
}

#[must_use]
pub fn override_ignored(lang: Lang, file: &str, msg: &str) -> String {
    if lang.en() {
        format!("Instrument file {file} ignored: {msg}")
    } else {
        format!("Berkas instrumen {file} diabaikan: {msg}")
    }
}

pub const ROTATED: T = (
    "Penyimpanan ini salinan atau pulihan: perangkat ini mendapat kunci baru agar tidak terjadi fork.",
    "This store is a copy or a restore: this device got a new key so no fork can happen.",
);

#[must_use]
pub fn key_unused(lang: Lang, key: char, help: Option<&str>) -> String {
    match (lang.en(), help) {
        (false, Some(h)) => format!("Tombol {key} tidak dipakai di sini; {h} untuk bantuan."),
        (true, Some(h)) => format!("Key {key} does nothing here; {h} for help."),
        (false, None) => format!("Tombol {key} tidak dipakai di sini."),
        (true, None) => format!("Key {key} does nothing here."),
    }
}

// ---- actions: short labels for the status bar, longer ones for help ------------------------

/// Short label of an action for the status bar.
#[must_use]
pub fn action_label(lang: Lang, a: &Action) -> &'static str {
    let t: T = match a {
        Action::Quit => ("keluar", "quit"),
        Action::Help => ("bantuan", "help"),
        Action::Close => ("tutup", "close"),
        Action::Back => ("kembali", "back"),
        Action::Up => ("naik", "up"),
        Action::Down => ("turun", "down"),
        Action::Top => ("awal", "first"),
        Action::Bottom => ("akhir", "last"),
        Action::Open => ("buka", "open"),
        Action::New => ("baru", "new"),
        Action::Filter => ("saring", "filter"),
        Action::Export => ("ekspor", "export"),
        Action::Sync => ("sinkron", "sync"),
        Action::Report => ("laporan", "report"),
        Action::NotApplicable => ("t/a", "n/a"),
        Action::Note => ("catatan", "note"),
        Action::Attach => ("bukti", "evidence"),
        Action::Flag => ("tandai", "flag"),
        Action::Undo => ("urung", "undo"),
        Action::NextUnanswered => ("berikut", "next"),
        Action::PrevUnanswered => ("sebelumnya", "previous"),
        Action::Search => ("cari", "search"),
        Action::Review => ("tinjau", "review"),
        Action::NextDimension => ("dimensi berikut", "next dimension"),
        Action::PrevDimension => ("dimensi sebelumnya", "previous dimension"),
        Action::ScrollDown => ("gulir", "scroll"),
        Action::ScrollUp => ("gulir naik", "scroll up"),
        Action::Finalize => ("finalkan", "finalize"),
        Action::Submit => ("lanjut", "next"),
        Action::NextField => ("kolom", "field"),
        Action::PrevField => ("kolom sebelumnya", "previous field"),
        Action::Cancel => ("batal", "cancel"),
        Action::Save => ("simpan", "save"),
        Action::Answer(_) => ("jawab", "answer"),
        // --- supervisor (issue 6) ---
        Action::Inbox => ("kotak masuk", "inbox"),
        Action::Dashboard => ("dasbor", "dashboard"),
        Action::Conflicts => ("konflik", "conflicts"),
        Action::Trust => ("kunci", "keys"),
        Action::SetReview => ("status tinjauan", "review state"),
        Action::Import => ("impor", "import"),
        Action::Retry => ("proses ulang", "re-process"),
        Action::TrustKey => ("percayai kunci", "trust key"),
        Action::ProblemsOnly => ("hanya masalah", "problems only"),
        Action::OtherValue => ("nilai lain", "other value"),
        Action::NextConflict => ("konflik berikut", "next conflict"),
        Action::PrevConflict => ("konflik sebelumnya", "previous conflict"),
        Action::Remove => ("hapus", "remove"),
        Action::Step => ("", ""),
        // --- end supervisor ---
        Action::Text(_) | Action::Resize(..) | Action::Done(_) => ("", ""),
    };
    tr(lang, t)
}

/// What an action does, for the help overlay.
#[must_use]
pub fn action_help(lang: Lang, a: &Action) -> &'static str {
    let t: T = match a {
        Action::Export => (
            "ekspor bundel bertanda tangan (opsi: folder, enkripsi, sejak, tanpa bukti)",
            "export a signed bundle (options: folder, encryption, since, without evidence)",
        ),
        Action::Sync => (
            "sinkron lewat folder: tulis bundel lalu impor semua bundel di folder itu",
            "sync through a folder: write the bundle, then import every bundle there",
        ),
        Action::Report => (
            "laporan: peringkat pemda, lalu lokus, lalu indikator",
            "report: pemda ranking, then lokus, then indicators",
        ),
        Action::Quit => (
            "keluar (semua yang tampil tersimpan sudah aman)",
            "quit (everything shown as saved is safe)",
        ),
        Action::Help => ("tampilkan bantuan ini", "show this help"),
        Action::Close => ("tutup bantuan", "close the help"),
        Action::Back => ("kembali ke layar sebelumnya", "back to the previous screen"),
        Action::Up => ("naik satu baris / pilihan", "up one row / choice"),
        Action::Down => ("turun satu baris / pilihan", "down one row / choice"),
        Action::Top => ("ke baris pertama", "to the first row"),
        Action::Bottom => ("ke baris terakhir", "to the last row"),
        Action::Open => ("buka yang dipilih", "open the selected one"),
        Action::New => ("buat penilaian baru", "start a new assessment"),
        Action::Filter => (
            "saring daftar dengan teks (pemda, lokus, instrumen, status)",
            "filter the list by text (pemda, lokus, instrument, status)",
        ),
        Action::NotApplicable => (
            "jawab tidak berlaku (t/a), lalu ke indikator berikut yang belum dijawab",
            "answer not applicable (n/a), then go to the next unanswered one",
        ),
        Action::Note => (
            "tulis atau ubah catatan (beberapa baris)",
            "write or edit the note (several lines)",
        ),
        Action::Attach => (
            "lampirkan berkas bukti dengan path-nya",
            "attach an evidence file by its path",
        ),
        Action::Flag => (
            "tandai untuk diperiksa lagi (atau lepas tanda)",
            "flag for later (or unflag)",
        ),
        Action::Undo => (
            "urungkan perubahan terakhir Anda di penilaian ini",
            "undo your last change in this assessment",
        ),
        Action::NextUnanswered => (
            "ke indikator berikut yang belum dijawab",
            "to the next unanswered indicator",
        ),
        Action::PrevUnanswered => (
            "ke indikator sebelumnya yang belum dijawab",
            "to the previous unanswered indicator",
        ),
        Action::Search => (
            "cari indikator berdasarkan teks",
            "search indicators by text",
        ),
        Action::Review => (
            "tinjau yang belum dijawab dan yang ditandai, lalu finalkan",
            "review unanswered and flagged indicators, then finalize",
        ),
        Action::NextDimension => ("ke dimensi berikut", "to the next dimension"),
        Action::PrevDimension => ("ke dimensi sebelumnya", "to the previous dimension"),
        Action::ScrollDown => (
            "gulir teks indikator ke bawah",
            "scroll the indicator text down",
        ),
        Action::ScrollUp => (
            "gulir teks indikator ke atas",
            "scroll the indicator text up",
        ),
        Action::Finalize => (
            "finalkan (semua indikator harus terjawab atau t/a)",
            "finalize (every indicator answered or n/a)",
        ),
        Action::Submit => ("lanjut / simpan / pilih", "continue / save / choose"),
        Action::NextField => ("ke kolom berikut", "to the next field"),
        Action::PrevField => ("ke kolom sebelumnya", "to the previous field"),
        Action::Cancel => ("batal dan tutup", "cancel and close"),
        Action::Save => ("simpan catatan", "save the note"),
        Action::Answer(_) => ("jawab", "answer"),
        // --- supervisor (issue 6) ---
        Action::Inbox => (
            "kotak masuk: impor bundel dari berkas atau folder",
            "inbox: import bundles from a file or a folder",
        ),
        Action::Dashboard => (
            "dasbor per pemda dan lokus",
            "dashboard per pemda and lokus",
        ),
        Action::Conflicts => ("selesaikan konflik jawaban", "resolve answer conflicts"),
        Action::Trust => ("daftar kunci tepercaya", "trusted key roster"),
        Action::SetReview => (
            "status tinjauan: diterima, perlu revisi (dengan komentar), disetujui",
            "review state: received, needs revision (with a comment), approved",
        ),
        Action::Import => (
            "impor berkas bundel atau semua bundel dalam folder (Tab melengkapi)",
            "import a bundle file or every bundle in a folder (Tab completes)",
        ),
        Action::Retry => (
            "proses ulang bundel yang dikarantina (setelah mempercayai kuncinya)",
            "re-process quarantined bundles (after trusting their key)",
        ),
        Action::TrustKey => (
            "percayai kunci pengirim bundel terpilih (cocokkan sidik jari lewat telepon dulu)",
            "trust the selected bundle's signer (match the fingerprint by phone first)",
        ),
        Action::ProblemsOnly => (
            "hanya baris yang perlu perhatian",
            "only rows that need attention",
        ),
        Action::OtherValue => (
            "isi nilai selain para kandidat",
            "enter a value other than the candidates",
        ),
        Action::NextConflict => ("konflik berikutnya", "next conflict"),
        Action::PrevConflict => ("konflik sebelumnya", "previous conflict"),
        Action::Remove => ("hapus kunci terpilih", "remove the selected key"),
        Action::Step => ("", ""),
        // --- end supervisor ---
        Action::Text(_) | Action::Resize(..) | Action::Done(_) => ("", ""),
    };
    tr(lang, t)
}

// ---- contextual hint labels ---------------------------------------------------------------
pub const HINT_DONE: T = ("selesai", "done");
pub const HINT_CLEAR: T = ("hapus saringan", "clear filter");
pub const HINT_RESULTS: T = ("hasil", "results");
pub const HINT_GO: T = ("ke sini", "go there");
pub const HINT_ATTACH: T = ("lampirkan", "attach");
pub const HINT_CHOOSE: T = ("pilih", "choose");
pub const HINT_CREATE: T = ("buat", "create");
pub const HINT_HOME: T = ("beranda", "home");
pub const HINT_TO_INDICATOR: T = ("ke indikator", "go to it");
pub const HINT_SCROLL: T = ("gulir", "scroll");
pub const HINT_CONTINUE: T = ("lanjut", "continue");
pub const HINT_UNANSWERED: T = ("belum dijawab", "unanswered");
pub const HINT_NEWLINE: T = ("baris baru", "new line");

// --- supervisor (issue 6) ------------------------------------------------------------------
pub const SUP_TAG: T = ("supervisor", "supervisor");
pub const INBOX_TITLE: T = ("Kotak masuk", "Inbox");
pub const INBOX_EMPTY: T = (
    "Belum ada bundel. Tekan {i} lalu ketik path berkas .tilik atau folder (mis. flashdisk); Tab melengkapi nama.",
    "No bundles yet. Press {i} and type the path of a .tilik file or a folder (a USB stick, say); Tab completes names.",
);
pub const PATH_PROMPT: T = ("Berkas/folder: ", "File/folder: ");
pub const WAITING: T = ("menunggu", "waiting");
pub const IMPORTING: T = ("Mengimpor", "Importing");
pub const CANCELLING: T = ("Berhenti setelah berkas ini…", "Stopping after this file…");
pub const NO_BUNDLES: T = (
    "Tidak ada berkas .tilik atau .tilik.age di folder itu.",
    "No .tilik or .tilik.age files in that folder.",
);
pub const NOT_FOUND: T = ("Path tidak ditemukan: ", "Path not found: ");
pub const NOT_QUARANTINED: T = (
    "Bundel ini tidak dikarantina karena pengirim tak dikenal; tidak ada kunci untuk dipercayai.",
    "This bundle is not quarantined for an unknown signer; there is no key to trust.",
);
pub const NOTHING_TO_RETRY: T = (
    "Tidak ada bundel yang dikarantina.",
    "No quarantined bundles.",
);
pub const NEXT_RESEND: T = (
    "minta assessor mengirim ulang",
    "ask the assessor to send it again",
);
pub const NEXT_TRUST: T = (
    "percayai kunci ini setelah mencocokkan sidik jari lewat telepon",
    "trust this key after matching the fingerprint by phone",
);
pub const NEXT_CONFLICTS: T = (
    "selesaikan konflik di layar konflik",
    "resolve the conflicts on the conflict screen",
);
pub const NEXT_EVIDENCE: T = (
    "minta bundel berikutnya dengan foto/bukti yang tertunda",
    "ask for the next bundle with the pending evidence",
);
pub const NEXT_GAP: T = (
    "minta assessor mengekspor bundel kumulatif",
    "ask the assessor for a cumulative export",
);
pub const NEXT_NONE: T = ("tidak perlu tindakan", "nothing to do");
pub const EXPORTER: T = ("Pengirim", "Sender");
pub const COL_VERDICT: T = ("Putusan", "Verdict");
pub const COL_FILE: T = ("Berkas", "File");
pub const COL_WHAT: T = ("Isi / alasan", "Contents / reason");
pub const NEXT_STEP: T = ("Langkah berikut", "Next step");

#[must_use]
pub fn inbox_contents(lang: Lang, assessments: usize, ops: u64, evidence: usize) -> String {
    if lang.en() {
        format!("{assessments} assessments · {ops} ops · {evidence} evidence")
    } else {
        format!("{assessments} penilaian · {ops} op · {evidence} bukti")
    }
}

#[must_use]
pub fn import_progress(lang: Lang, done: usize, total: usize) -> String {
    if lang.en() {
        format!("Importing {done}/{total} files")
    } else {
        format!("Mengimpor {done}/{total} berkas")
    }
}

#[must_use]
pub fn import_done(lang: Lang, n: usize, ok: usize, bad: usize) -> String {
    if lang.en() {
        format!("{n} files processed: {ok} usable, {bad} quarantined or rejected.")
    } else {
        format!("{n} berkas diproses: {ok} dapat dipakai, {bad} dikarantina atau ditolak.")
    }
}

#[must_use]
pub fn files_count(lang: Lang, n: usize) -> String {
    if lang.en() {
        format!("{n} files")
    } else {
        format!("{n} berkas")
    }
}

#[must_use]
pub fn trusted(lang: Lang, name: &str, waiting: usize, retry: Option<&str>) -> String {
    match (lang.en(), waiting, retry) {
        (true, 0, _) | (true, _, None) => format!("Key of {name} is trusted."),
        (true, n, Some(k)) => {
            format!(
                "Key of {name} is trusted; {n} quarantined bundles wait: press {k} to re-process."
            )
        }
        (false, 0, _) | (false, _, None) => format!("Kunci {name} dipercaya."),
        (false, n, Some(k)) => format!(
            "Kunci {name} dipercaya; {n} bundel dikarantina menunggu: tekan {k} untuk memproses ulang."
        ),
    }
}

#[must_use]
pub fn trust_removed(lang: Lang, name: &str) -> String {
    if lang.en() {
        format!("Key of {name} removed from the roster.")
    } else {
        format!("Kunci {name} dihapus dari daftar.")
    }
}

#[must_use]
pub fn confirm_remove(lang: Lang, name: &str, key: &str) -> String {
    if lang.en() {
        format!("Remove the key of {name}? Press {key} again to confirm.")
    } else {
        format!("Hapus kunci {name}? Tekan {key} sekali lagi untuk memastikan.")
    }
}

pub const DASH_TITLE: T = ("Dasbor", "Dashboard");
pub const DASH_EMPTY: T = (
    "Belum ada penilaian. Impor bundel dari kotak masuk.",
    "No assessments yet. Import bundles from the inbox.",
);
pub const DASH_PROBLEMS: T = ("hanya masalah", "problems only");
pub const DASH_HEAD: T = (
    "Ada Final Konf Para Bukti Celah Fork",
    "Here Final Conf Para Evid Gaps Fork",
);
pub const DASH_LEGEND: T = (
    "Konf: indikator berkonflik · Para: diisi >1 perangkat · Bukti: tertunda · ✓ disetujui · ◷ perlu revisi",
    "Conf: indicators in conflict · Para: edited on >1 device · Evid: pending · ✓ approved · ◷ needs revision",
);

pub const CONFLICT_TITLE: T = ("Konflik", "Conflict");
pub const NO_CONFLICTS: T = ("Tidak ada konflik yang terbuka.", "No open conflicts.");
pub const REASON_PROMPT: T = ("Alasan: ", "Reason: ");
pub const VALUE_PROMPT: T = ("Nilai lain: ", "Other value: ");
pub const REASON_REQUIRED: T = (
    "Alasan wajib diisi; tulis mengapa nilai ini yang dipilih.",
    "A reason is required; write why this value is chosen.",
);
pub const VALUE_REQUIRED: T = ("Ketik nilainya dulu.", "Type the value first.");
pub const CHOSEN: T = ("Dipilih", "Chosen");

#[must_use]
pub fn resolved(lang: Lang, indicator: &str, left: usize) -> String {
    if lang.en() {
        format!("Resolution of {indicator} saved. {left} conflicts left.")
    } else {
        format!("Penyelesaian {indicator} tersimpan. Sisa {left} konflik.")
    }
}

#[must_use]
pub fn not_a_candidate(lang: Lang, c: char, n: usize) -> String {
    if lang.en() {
        format!("{c} is not a candidate; choose 1–{n} or enter another value.")
    } else {
        format!("{c} bukan kandidat; pilih 1–{n} atau isi nilai lain.")
    }
}

pub const REVIEW_TITLE: T = ("Status tinjauan", "Review state");
pub const REVIEW_RECEIVED: T = ("Diterima", "Received");
pub const REVIEW_NEEDS: T = ("Perlu revisi", "Needs revision");
pub const REVIEW_APPROVED: T = ("Disetujui", "Approved");
pub const REVIEW_COMMENT: T = ("Komentar", "Comment");
pub const COMMENT_REQUIRED: T = (
    "Perlu revisi butuh komentar: tulis apa yang harus diperbaiki.",
    "Needs revision needs a comment: write what must be fixed.",
);
pub const REVIEW_SAVED: T = ("Status tinjauan tersimpan", "Review state saved");

pub const TRUST_TITLE: T = ("Kunci tepercaya", "Trusted keys");
pub const TRUST_EMPTY: T = (
    "Belum ada kunci. Tekan {a} untuk menambah kunci assessor (tempel kuncinya, cocokkan sidik jari lewat telepon).",
    "No keys yet. Press {a} to add an assessor's key (paste it, match the fingerprint by phone).",
);
pub const TRUST_ADD_TITLE: T = ("Tambah kunci tepercaya", "Add a trusted key");
pub const FIELD_KEY: T = ("Kunci (64 heks)", "Key (64 hex)");
pub const FIELD_ROLE: T = ("Peran", "Role");
pub const ROLE_ASSESSOR: T = ("assessor", "assessor");
pub const ROLE_SUPERVISOR: T = ("supervisor", "supervisor");
pub const FP_HINT: T = (
    "Bacakan sidik jari ini kepada pemilik kunci lewat telepon; simpan hanya jika sama.",
    "Read this fingerprint to the key's owner by phone; save only if it matches.",
);
pub const KEY_INVALID: T = (
    "bukan kunci yang sah (64 karakter heks)",
    "not a valid key (64 hex characters)",
);
pub const COL_NAME: T = ("Nama", "Name");
pub const COL_ROLE: T = ("Peran", "Role");
pub const COL_FP: T = ("Sidik jari", "Fingerprint");
pub const COL_ADDED: T = ("Ditambah", "Added");
pub const HINT_COMPLETE: T = ("lengkapi", "complete");
pub const HINT_IMPORT: T = ("impor", "import");
pub const HINT_SAVE_RESOLUTION: T = ("simpan", "save");
pub const HINT_PICK: T = ("pilih", "pick");
pub const HINT_ADD: T = ("tambah", "add");
pub const HINT_DETAILS: T = ("rincian", "details");
pub const HINT_STOP: T = ("berhenti", "stop");
// --- end supervisor ---
