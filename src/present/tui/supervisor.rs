//! Words of the supervisor's screens (issue 6): the inbox of bundle files with each
//! verdict's next step, the dashboard, the conflict view, the review-state dialog and the
//! trust roster with its add-a-key form.

use crate::i18n::Lang;
use crate::workspace::bundles::{ImportOutcome, Reason, Verdict, Warning};

use super::{T, tr};

pub const INBOX_TITLE: T = ("Kotak masuk", "Inbox");
pub const INBOX_EMPTY: T = (
    "Belum ada bundel. Tekan {i} lalu ketik path berkas .tilik atau folder (mis. flashdisk); Tab melengkapi nama.",
    "No bundles yet. Press {i} and type the path of a .tilik file or a folder (a USB stick, say); Tab completes names.",
);
pub const PATH_PROMPT: T = ("Berkas/folder: ", "File/folder: ");
pub const WAITING: T = ("menunggu", "waiting");
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

/// Conflicts created and ops held, in a few words: "3 konflik, 2 ditahan".
#[must_use]
pub fn flag_words(lang: Lang, conflicts: u64, held: u64) -> String {
    let mut parts = Vec::new();
    if conflicts > 0 {
        parts.push(if lang.en() {
            let s = if conflicts == 1 { "" } else { "s" };
            format!("{conflicts} conflict{s}")
        } else {
            format!("{conflicts} konflik")
        });
    }
    if held > 0 {
        parts.push(if lang.en() {
            format!("{held} held")
        } else {
            format!("{held} ditahan")
        });
    }
    parts.join(", ")
}

/// The status line after an import (or on opening the inbox) when files created conflicts
/// or had ops held: how many, and the key of the conflict view.
#[must_use]
pub fn import_flagged(
    lang: Lang,
    files: usize,
    conflicts: u64,
    held: u64,
    key: Option<&str>,
) -> String {
    let what = flag_words(lang, conflicts, held);
    match (lang.en(), key) {
        (true, Some(k)) => {
            format!("Flagged {files}: {what}; press {k} on home for the conflicts.")
        }
        (true, None) => format!("Flagged {files}: {what}."),
        (false, Some(k)) => {
            format!("Ditandai {files} berkas: {what}; tekan {k} di beranda untuk konflik.")
        }
        (false, None) => format!("Ditandai {files} berkas: {what}."),
    }
}

/// The inbox opened on the store's import log.
#[must_use]
pub fn history_loaded(lang: Lang, n: usize) -> String {
    if lang.en() {
        format!("{n} files imported earlier (import log).")
    } else {
        format!("{n} berkas diimpor sebelumnya (log impor).")
    }
}

/// A row of the import log: when, by whom it was signed, how many new ops.
#[must_use]
pub fn logged_row(lang: Lang, when: &str, signer: &str, new_ops: u64) -> String {
    if lang.en() {
        format!("{when} · {signer} · {new_ops} new ops")
    } else {
        format!("{when} · {signer} · {new_ops} op baru")
    }
}

pub const IMPORTED_AT: T = ("Diimpor", "Imported");
pub const IMPORTED_BY: T = ("oleh", "by");

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
/// The lokus rows' number columns (one word each).
pub const DASH_HEAD: T = (
    "Ada Final Konf Para Bukti Celah Fork",
    "Here Final Conf Para Evid Gaps Fork",
);
/// The pemda rows' columns after the name: lokus, score, category, conflicts, review.
pub const DASH_PEMDA_HEAD: T = (
    "Lokus Nilai Kat Konf Tinjauan",
    "Lokus Score Cat Conf Review",
);
pub const DASH_REVIEW: T = ("Tinjauan", "Review");
pub const DASH_LEGEND: T = (
    "Konf: indikator berkonflik · Para: diisi >1 perangkat · Bukti: tertunda",
    "Conf: indicators in conflict · Para: edited on >1 device · Evid: pending",
);
pub const DASH_PEMDA_LEGEND: T = (
    "○ diterima · ◷ perlu revisi · ↻ dikirim ulang · ✔ disetujui · ✖ ditolak",
    "○ received · ◷ needs revision · ↻ resubmitted · ✔ approved · ✖ rejected",
);
pub const DASH_NO_CONFLICTS: T = (
    "Tidak ada konflik terbuka di sini.",
    "No open conflicts here.",
);
/// The pemda list's title when a score there is provisional: "~ sementara".
#[must_use]
pub fn dash_provisional(lang: Lang) -> String {
    format!(
        "{} {}",
        crate::present::words::PROVISIONAL_MARK,
        lang.t("sementara", "provisional")
    )
}
pub const HINT_LOKUS: T = ("lokus", "lokus");

/// The marker of a review state on the dashboard: the lists' marker, and ○ for received.
#[must_use]
pub fn dash_marker(s: crate::core::review::ReviewStatus) -> &'static str {
    match crate::present::review::marker(Some(s)) {
        "" => "○",
        m => m,
    }
}

/// How many assessments are in each review state, in the docs' order, only the states
/// that occur: "○2 ◷1 ✔3".
#[must_use]
pub fn review_counts(count: impl Fn(crate::core::review::ReviewStatus) -> usize) -> String {
    crate::core::review::ReviewStatus::ALL
        .into_iter()
        .filter_map(|s| {
            let n = count(s);
            (n > 0).then(|| format!("{}{n}", dash_marker(s)))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One assessment's review state with its marker: "◷ perlu revisi".
#[must_use]
pub fn review_cell(lang: Lang, s: crate::core::review::ReviewStatus) -> String {
    format!(
        "{} {}",
        dash_marker(s),
        crate::present::review::status_word(lang, s)
    )
}

/// The review-state filter in force, for the header: "tinjauan: perlu revisi".
#[must_use]
pub fn review_filter(lang: Lang, s: crate::core::review::ReviewStatus) -> String {
    format!(
        "{}: {}",
        lang.t("tinjauan", "review"),
        crate::present::review::status_word(lang, s)
    )
}

/// The review-state filter changed: what the dashboard shows now.
#[must_use]
pub fn review_filter_set(lang: Lang, s: Option<crate::core::review::ReviewStatus>) -> String {
    match s {
        Some(s) => format!(
            "{}: {}",
            lang.t("Hanya status tinjauan", "Only review state"),
            crate::present::review::status_word(lang, s)
        ),
        None => lang
            .t("Semua status tinjauan", "Every review state")
            .to_string(),
    }
}

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

// ---- the list of conflicts (issue 14) ----
pub const CONFLICTS_TITLE: T = ("Konflik terbuka", "Open conflicts");
pub const COL_INDICATOR: T = ("Indikator", "Indicator");
pub const COL_CANDIDATES: T = ("Kand", "Cand");
pub const COL_VALUES: T = ("Nilai kandidat", "Candidate values");
pub const COL_DEVICES: T = ("Perangkat", "Devices");
pub const HINT_RESOLVE: T = ("selesaikan", "resolve");
pub const HINT_TO_LIST: T = ("daftar", "list");

/// "12 konflik" / "12 conflicts".
#[must_use]
pub fn conflict_count(lang: Lang, n: usize) -> String {
    if lang.en() {
        let s = if n == 1 { "" } else { "s" };
        format!("{n} conflict{s}")
    } else {
        format!("{n} konflik")
    }
}

/// A pemda's group header: its name, its conflicts and in how many lokus.
#[must_use]
pub fn pemda_group(lang: Lang, name: &str, n: usize, lokus: usize) -> String {
    let c = conflict_count(lang, n);
    if lang.en() {
        format!("{name} · {c} in {lokus} lokus")
    } else {
        format!("{name} · {c} di {lokus} lokus")
    }
}

/// The list's title: how many are shown of how many, and the filter.
#[must_use]
pub fn list_title(lang: Lang, shown: usize, total: usize, filter: &str) -> String {
    let title = tr(lang, CONFLICTS_TITLE);
    match (filter.is_empty(), shown == total) {
        (true, true) => format!(" {title} ({total}) "),
        (true, false) => format!(" {title} ({shown}/{total}) "),
        (false, _) => format!(" {title} ({shown}/{total}) · “{filter}” "),
    }
}

/// The list opened for one lokus (from the dashboard).
#[must_use]
pub fn scope_only(lang: Lang, lokus: &str) -> String {
    if lang.en() {
        format!("only {lokus}")
    } else {
        format!("hanya {lokus}")
    }
}

pub const NO_CONFLICTS_HERE: T = (
    "Tidak ada konflik yang terbuka di penilaian ini.",
    "No open conflicts in this assessment.",
);

/// A candidate on the list's detail lines: "1 Budi Santoso: 3 · Memenuhi".
#[must_use]
pub fn candidate_line(n: usize, name: &str, value: &str) -> String {
    format!("{n} {name}: {value}")
}

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
pub const REVIEW_TITLE_SHORT: T = ("Tinjauan", "Review");
pub const REVIEW_RECEIVED: T = ("Diterima", "Received");
pub const REVIEW_NEEDS: T = ("Perlu revisi", "Needs revision");
pub const REVIEW_APPROVED: T = ("Disetujui", "Approved");
pub const REVIEW_REJECTED: T = ("Ditolak", "Rejected");
pub const REVIEW_COMMENT: T = ("Komentar", "Comment");
pub const REVIEW_REASON: T = ("Alasan", "Reason");
pub const REVIEW_NOW: T = ("Sekarang", "Now");
pub const REVIEW_NONE: T = ("belum ditinjau", "not reviewed");
pub const COMMENT_REQUIRED: T = (
    "Perlu revisi dan ditolak butuh komentar: tulis apa yang harus diperbaiki.",
    "Needs revision and rejected need a comment: write what must be fixed.",
);
pub const CHOOSE_STATE: T = (
    "Pilih status dulu (1–4 atau ↑/↓); tidak ada yang dipilih otomatis.",
    "Choose a state first (1–4 or ↑/↓); nothing is chosen for you.",
);
pub const GUARD_REASON_REQUIRED: T = (
    "Tulis alasan untuk tetap menyetujui, atau Esc untuk batal.",
    "Write a reason to approve anyway, or Esc to cancel.",
);

/// The approval guard's warning: what is open, and what to do.
#[must_use]
pub fn guard_status(lang: Lang, what: &str) -> String {
    if lang.en() {
        format!("Still open: {what}. Write a reason and press Enter to approve anyway.")
    } else {
        format!("Masih terbuka: {what}. Tulis alasan lalu Enter untuk tetap menyetujui.")
    }
}
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
pub const HINT_OPEN_EVIDENCE: T = ("buka bukti", "open evidence");
pub const NO_EVIDENCE_HERE: T = (
    "Tidak ada berkas bukti pada kandidat konflik ini.",
    "No evidence file on this conflict's candidates.",
);

/// The status line while the viewer starts on evidence file `k` of `n`.
#[must_use]
pub fn opening_evidence(lang: Lang, name: &str, k: usize, n: usize) -> String {
    if lang.en() {
        format!("opening {name} ({k}/{n}; e again for the next) …")
    } else {
        format!("membuka {name} ({k}/{n}; e lagi untuk berikutnya) …")
    }
}
pub const HINT_IMPORT: T = ("impor", "import");
pub const HINT_SAVE_RESOLUTION: T = ("simpan", "save");
pub const HINT_PICK: T = ("pilih", "pick");
pub const HINT_ADD: T = ("tambah", "add");
pub const HINT_STOP: T = ("berhenti", "stop");
pub const TOTAL: T = ("Jumlah", "Total");
pub const EVIDENCE_PENDING: T = ("bukti tertunda", "evidence pending");

/// A verdict in a word or two, for the inbox's verdict column.
#[must_use]
pub fn verdict_short(lang: Lang, v: Verdict) -> &'static str {
    match v {
        Verdict::Accepted => lang.t("Diterima", "Accepted"),
        Verdict::AcceptedWithWarnings => lang.t("Diterima+peringatan", "Accepted+warnings"),
        Verdict::NoNewData => lang.t("Tidak ada data baru", "No new data"),
        Verdict::Quarantined => lang.t("Karantina", "Quarantined"),
        Verdict::Rejected => lang.t("Ditolak", "Rejected"),
    }
}

/// The next step to tell the supervisor for an import's verdict.
#[must_use]
pub fn next_step(lang: Lang, o: &ImportOutcome) -> &'static str {
    match o.verdict {
        Verdict::Rejected => tr(lang, NEXT_RESEND),
        Verdict::Quarantined
            if matches!(o.reason, Reason::UnknownSigner | Reason::UnknownWriter) =>
        {
            tr(lang, NEXT_TRUST)
        }
        Verdict::Quarantined => tr(lang, NEXT_RESEND),
        Verdict::AcceptedWithWarnings if o.warnings.contains(&Warning::PendingEvidence) => {
            tr(lang, NEXT_EVIDENCE)
        }
        Verdict::AcceptedWithWarnings if o.warnings.contains(&Warning::Gap) => tr(lang, NEXT_GAP),
        _ if o.new_conflicts > 0 || o.conflicts > 0 => tr(lang, NEXT_CONFLICTS),
        _ => tr(lang, NEXT_NONE),
    }
}
