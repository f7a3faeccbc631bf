//! The words of the commands a key can be bound to: a short label for the hints on the
//! status bar and a sentence for the help overlay. `tui::command::Command::words` picks the
//! entry of each command, so a command without words does not compile.

use super::T;

/// A command's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    /// Short, for the hints on the status bar.
    pub label: T,
    /// What the command does, for the help overlay.
    pub help: T,
}

pub const OPEN: Words = Words {
    label: ("buka", "open"),
    help: ("buka yang dipilih", "open the selected one"),
};

pub const NEW: Words = Words {
    label: ("baru", "new"),
    help: ("buat penilaian baru", "start a new assessment"),
};

pub const FILTER: Words = Words {
    label: ("saring", "filter"),
    help: (
        "saring daftar dengan teks (pemda, lokus, instrumen, status)",
        "filter the list by text (pemda, lokus, instrument, status)",
    ),
};

pub const EXPORT: Words = Words {
    label: ("ekspor", "export"),
    help: (
        "ekspor bundel bertanda tangan (opsi: folder, enkripsi, sejak, tanpa bukti)",
        "export a signed bundle (options: folder, encryption, since, without evidence)",
    ),
};

pub const SYNC: Words = Words {
    label: ("sinkron", "sync"),
    help: (
        "sinkron lewat folder: tulis bundel lalu impor semua bundel di folder itu",
        "sync through a folder: write the bundle, then import every bundle there",
    ),
};

pub const REPORT: Words = Words {
    label: ("laporan", "report"),
    help: (
        "laporan: peringkat pemda, lalu lokus, lalu indikator",
        "report: pemda ranking, then lokus, then indicators",
    ),
};

pub const NOT_APPLICABLE: Words = Words {
    label: ("t/a", "n/a"),
    help: (
        "jawab tidak berlaku (t/a); jawaban baru lanjut ke yang belum dijawab",
        "answer not applicable (n/a); a fresh answer goes on to the next unanswered one",
    ),
};

pub const REPLY: Words = Words {
    label: ("balas", "reply"),
    help: (
        "balas komentar supervisor pada indikator ini",
        "reply to the supervisor's comment on this indicator",
    ),
};
pub const NOTE: Words = Words {
    label: ("catatan", "note"),
    help: (
        "tulis atau ubah catatan (beberapa baris)",
        "write or edit the note (several lines)",
    ),
};

pub const EVIDENCE: Words = Words {
    label: ("lampiran", "attachments"),
    help: (
        "daftar berkas bukti indikator ini: buka, hapus, tambah",
        "this indicator's evidence files: open, remove, add",
    ),
};

pub const ATTACH: Words = Words {
    label: ("bukti", "evidence"),
    help: (
        "lampirkan berkas bukti dengan path-nya",
        "attach an evidence file by its path",
    ),
};

pub const FLAG: Words = Words {
    label: ("tandai", "flag"),
    help: (
        "tandai untuk diperiksa lagi (atau lepas tanda)",
        "flag for later (or unflag)",
    ),
};

pub const UNDO: Words = Words {
    label: ("urung", "undo"),
    help: (
        "urungkan perubahan terakhir Anda di penilaian ini",
        "undo your last change in this assessment",
    ),
};

pub const NEXT_UNANSWERED: Words = Words {
    label: ("berikut", "next"),
    help: (
        "ke indikator berikut yang belum dijawab",
        "to the next unanswered indicator",
    ),
};

pub const PREV_UNANSWERED: Words = Words {
    label: ("sebelumnya", "previous"),
    help: (
        "ke indikator sebelumnya yang belum dijawab",
        "to the previous unanswered indicator",
    ),
};

pub const SEARCH: Words = Words {
    label: ("cari", "search"),
    help: (
        "cari indikator berdasarkan teks",
        "search indicators by text",
    ),
};

pub const REVIEW: Words = Words {
    label: ("tinjau", "review"),
    help: (
        "tinjau yang belum dijawab dan yang ditandai, lalu finalkan",
        "review unanswered and flagged indicators, then finalize",
    ),
};

pub const FINALIZE: Words = Words {
    label: ("finalkan", "finalize"),
    help: (
        "finalkan (semua indikator harus terjawab atau t/a); ditanya sekali dengan daftar yang ditandai dan catatan, y untuk memfinalkan",
        "finalize (every indicator answered or n/a); asked once with the flagged indicators and notes, y to finalize",
    ),
};

pub const SUBMIT: Words = Words {
    label: ("lanjut", "next"),
    help: ("lanjut / simpan / pilih", "continue / save / choose"),
};

pub const SAVE: Words = Words {
    label: ("simpan", "save"),
    help: ("simpan catatan", "save the note"),
};

pub const NEXT_FIELD: Words = Words {
    label: ("kolom", "field"),
    help: ("ke kolom berikut", "to the next field"),
};

pub const PREV_FIELD: Words = Words {
    label: ("kolom sebelumnya", "previous field"),
    help: ("ke kolom sebelumnya", "to the previous field"),
};

pub const UP: Words = Words {
    label: ("naik", "up"),
    help: ("naik satu baris / pilihan", "up one row / choice"),
};

pub const DOWN: Words = Words {
    label: ("turun", "down"),
    help: ("turun satu baris / pilihan", "down one row / choice"),
};

pub const TOP: Words = Words {
    label: ("awal", "first"),
    help: ("ke baris pertama", "to the first row"),
};

pub const BOTTOM: Words = Words {
    label: ("akhir", "last"),
    help: ("ke baris terakhir", "to the last row"),
};

pub const NEXT_DIMENSION: Words = Words {
    label: ("dimensi berikut", "next dimension"),
    help: ("ke dimensi berikut", "to the next dimension"),
};

pub const PREV_DIMENSION: Words = Words {
    label: ("dimensi sebelumnya", "previous dimension"),
    help: ("ke dimensi sebelumnya", "to the previous dimension"),
};

pub const SCROLL_DOWN: Words = Words {
    label: ("gulir", "scroll"),
    help: (
        "gulir teks indikator ke bawah",
        "scroll the indicator text down",
    ),
};

pub const SCROLL_UP: Words = Words {
    label: ("gulir naik", "scroll up"),
    help: (
        "gulir teks indikator ke atas",
        "scroll the indicator text up",
    ),
};

pub const BACK: Words = Words {
    label: ("kembali", "back"),
    help: ("kembali ke layar sebelumnya", "back to the previous screen"),
};

pub const CANCEL: Words = Words {
    label: ("batal", "cancel"),
    help: ("batal dan tutup", "cancel and close"),
};

pub const CLOSE: Words = Words {
    label: ("tutup", "close"),
    help: ("tutup bantuan", "close the help"),
};

pub const HELP: Words = Words {
    label: ("bantuan", "help"),
    help: ("tampilkan bantuan ini", "show this help"),
};

pub const QUIT: Words = Words {
    label: ("keluar", "quit"),
    help: (
        "keluar (semua yang tampil tersimpan sudah aman)",
        "quit (everything shown as saved is safe)",
    ),
};

pub const INBOX: Words = Words {
    label: ("kotak masuk", "inbox"),
    help: (
        "kotak masuk: impor bundel dari berkas atau folder",
        "inbox: import bundles from a file or a folder",
    ),
};

pub const DASHBOARD: Words = Words {
    label: ("dasbor", "dashboard"),
    help: (
        "dasbor per pemda dan lokus",
        "dashboard per pemda and lokus",
    ),
};

pub const CONFLICTS: Words = Words {
    label: ("konflik", "conflicts"),
    help: ("selesaikan konflik jawaban", "resolve answer conflicts"),
};

pub const TRUST: Words = Words {
    label: ("kunci", "keys"),
    help: ("daftar kunci tepercaya", "trusted key roster"),
};

pub const SET_REVIEW: Words = Words {
    label: ("status tinjauan", "review state"),
    help: (
        "status tinjauan: diterima, perlu revisi (dengan komentar), disetujui",
        "review state: received, needs revision (with a comment), approved",
    ),
};

pub const IMPORT: Words = Words {
    label: ("impor", "import"),
    help: (
        "impor berkas bundel atau semua bundel dalam folder (Tab melengkapi)",
        "import a bundle file or every bundle in a folder (Tab completes)",
    ),
};

pub const RETRY: Words = Words {
    label: ("proses ulang", "re-process"),
    help: (
        "proses ulang bundel yang dikarantina (setelah mempercayai kuncinya)",
        "re-process quarantined bundles (after trusting their key)",
    ),
};

pub const TRUST_KEY: Words = Words {
    label: ("percayai kunci", "trust key"),
    help: (
        "percayai kunci pengirim bundel terpilih (cocokkan sidik jari lewat telepon dulu)",
        "trust the selected bundle's signer (match the fingerprint by phone first)",
    ),
};

pub const PROBLEMS_ONLY: Words = Words {
    label: ("hanya masalah", "problems only"),
    help: (
        "hanya baris yang perlu perhatian (draf, konflik, bukti tertunda, celah, fork, perlu revisi)",
        "only rows that need attention (drafts, conflicts, pending evidence, gaps, forks, needs revision)",
    ),
};

pub const AUDIT_LOG: Words = Words {
    label: ("jejak", "trail"),
    help: (
        "jejak audit penilaian ini: siapa, apa, kapan, lama → baru, alasan",
        "this assessment's audit trail: who, what, when, old → new, why",
    ),
};

pub const REVIEW_FILTER: Words = Words {
    label: ("status tinjauan", "review state"),
    help: (
        "saring menurut status tinjauan: diterima, perlu revisi, dikirim ulang, disetujui, ditolak, semua",
        "filter by review state: received, needs revision, resubmitted, approved, rejected, all",
    ),
};

pub const OTHER_VALUE: Words = Words {
    label: ("nilai lain", "other value"),
    help: (
        "isi nilai selain para kandidat",
        "enter a value other than the candidates",
    ),
};

pub const NEXT_CONFLICT: Words = Words {
    label: ("konflik berikut", "next conflict"),
    help: ("konflik berikutnya", "next conflict"),
};

pub const PREV_CONFLICT: Words = Words {
    label: ("konflik sebelumnya", "previous conflict"),
    help: ("konflik sebelumnya", "previous conflict"),
};

pub const REMOVE: Words = Words {
    label: ("hapus", "remove"),
    help: ("hapus kunci terpilih", "remove the selected key"),
};

// ---- respondents (issue 15) ---------------------------------------------------------------
pub const RESPONDENTS: Words = Words {
    label: ("responden", "respondents"),
    help: (
        "responden survei dan wawancara pejabat: satu baris per responden",
        "survey respondents and officials' interviews: one row per respondent",
    ),
};

pub const NEXT_RESPONDENT: Words = Words {
    label: ("responden berikut", "next respondent"),
    help: (
        "ke responden baru berikutnya (kode disarankan: R01, R02 …)",
        "on to the next new respondent (code suggested: R01, R02 …)",
    ),
};

pub const NEXT_QUESTION: Words = Words {
    label: ("pertanyaan berikut", "next question"),
    help: ("ke pertanyaan berikut", "to the next question"),
};

pub const PREV_QUESTION: Words = Words {
    label: ("pertanyaan sebelumnya", "previous question"),
    help: ("ke pertanyaan sebelumnya", "to the previous question"),
};

pub const NEXT_SURVEY: Words = Words {
    label: ("survei berikut", "next survey"),
    help: (
        "ke survei berikut (pengguna, pejabat, kepercayaan)",
        "to the next survey (users, officials, trust)",
    ),
};

pub const PREV_SURVEY: Words = Words {
    label: ("survei sebelumnya", "previous survey"),
    help: ("ke survei sebelumnya", "to the previous survey"),
};

pub const CLEAR_RESPONSE: Words = Words {
    label: ("hapus jawaban", "clear answer"),
    help: (
        "hapus jawaban yang dipilih (tercatat di log)",
        "clear the selected answer (recorded in the log)",
    ),
};

pub const CHANNEL: Words = Words {
    label: ("jalur", "channel"),
    help: (
        "jalur responden baru: telepon, tatap muka, tertutup",
        "the new respondent's channel: phone, in person, closed",
    ),
};

pub const ROLE: Words = Words {
    label: ("peran", "role"),
    help: (
        "peran pejabat yang diwawancarai (baris baru)",
        "the interviewed official's role (new row)",
    ),
};

pub const PROOF: Words = Words {
    label: ("bukti layanan", "proof"),
    help: (
        "lampirkan bukti responden menerima layanan (dokumen atau foto)",
        "attach proof that the respondent received the service (document or photo)",
    ),
};

pub const REMOVE_RESPONDENT: Words = Words {
    label: ("hapus responden", "remove respondent"),
    help: (
        "hapus responden yang dipilih (tercatat di log; dapat ditambahkan lagi)",
        "remove the selected respondent (recorded in the log; it can be added again)",
    ),
};

// ---- the conflicts (issue 14): help where a command does something of its own ------------
pub const CONFLICTS_OPEN_HELP: T = (
    "buka konflik yang dipilih untuk diselesaikan",
    "open the selected conflict to resolve it",
);
pub const CONFLICTS_FILTER_HELP: T = (
    "saring dengan teks: pemda, lokus, id atau teks indikator (setiap kata harus cocok)",
    "filter by text: pemda, lokus, indicator id or wording (every word must match)",
);
pub const CONFLICTS_PAGE_DOWN_HELP: T = ("turun satu halaman", "down one page");
pub const CONFLICTS_PAGE_UP_HELP: T = ("naik satu halaman", "up one page");
pub const CONFLICT_BACK_HELP: T = (
    "kembali ke daftar konflik, di baris konflik ini",
    "back to the list of conflicts, on this conflict's row",
);
pub const CONFLICT_NEXT_HELP: T = (
    "konflik berikutnya di daftar (mengikuti saringan)",
    "next conflict on the list (as filtered)",
);
pub const CONFLICT_PREV_HELP: T = (
    "konflik sebelumnya di daftar (mengikuti saringan)",
    "previous conflict on the list (as filtered)",
);
pub const HELP_PICK: T = (
    "pilih kandidat bernomor itu, lalu tulis alasannya",
    "pick the candidate with that number, then write the reason",
);

// ---- the help overlay ---------------------------------------------------------------------
pub const HELP_TITLE: T = ("Bantuan", "Help");
pub const HELP_THIS_SCREEN: T = ("Di layar ini", "On this screen");
pub const HELP_EVERYWHERE: T = ("Di semua layar", "On every screen");
pub const HELP_SCALE: T = (
    "jawab dengan tombol skala; jawaban baru lanjut ke yang belum dijawab, jawaban yang diubah tetap di sini",
    "answer with a key of the scale; a fresh answer goes on to the next unanswered one, a changed answer stays here",
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
