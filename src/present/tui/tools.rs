//! Words of the home screen's tools: the export and sync forms, the receipt of an export or
//! a sync (its lines are [`crate::present::export::screen_lines`] and
//! [`crate::present::import::screen_line`]), the progress gauge and the report screen
//! (ranking → pemda → lokus → indicators).

use crate::i18n::Lang;

use super::T;

// ---- export and sync forms ----------------------------------------------------------------
pub const EXPORT_TITLE: T = (" Ekspor bundel ", " Export a bundle ");
pub const SYNC_TITLE: T = (" Sinkron lewat folder ", " Sync through a folder ");
pub const FIELD_FOLDER: T = ("Folder tujuan", "Destination folder");
pub const FIELD_TO: T = (
    "Enkripsi untuk (age1… atau nama supervisor; kosong = tanpa enkripsi)",
    "Encrypt to (age1… or supervisor name; empty = not encrypted)",
);
pub const FIELD_SINCE: T = (
    "Sejak bundel (id/kode; kosong = kumulatif)",
    "Since bundle (id/code; empty = cumulative)",
);
pub const FIELD_NO_EVIDENCE: T = (
    "Tanpa bukti (Spasi untuk ganti)",
    "Without evidence (Space toggles)",
);
pub const SYNC_NOTE: T = (
    "Bundel kumulatif perangkat ini ditulis ke folder itu, lalu setiap bundel lain di sana diimpor. Tidak ada berkas yang dihapus.",
    "This device's cumulative bundle is written into that folder, then every other bundle there is imported. Nothing is deleted.",
);
pub const EXPORT_NOTE: T = (
    "Bundel bertanda tangan ditulis ke nama sementara, di-fsync, lalu diganti nama. Data di perangkat tidak dihapus.",
    "The signed bundle is written under a temporary name, fsynced, then renamed. Nothing on this device is deleted.",
);
pub const FOLDER_REQUIRED: T = (
    "Isi folder tujuan dulu.",
    "Enter the destination folder first.",
);

pub const FOLDER_NOT_MADE: T = (
    "Folder tidak dibuat, tidak ada yang ditulis. Perbaiki path lalu Enter.",
    "No folder made, nothing written. Correct the path, then Enter.",
);

/// The question shown when the typed export folder does not exist: it names the folder as
/// a new one on this disk, with the disk, and says how to answer.
#[must_use]
pub fn folder_question(lang: Lang, d: &crate::workspace::bundles::Destination) -> Vec<String> {
    let path = crate::i18n::inert(&d.path.display().to_string(), false);
    let mut v = vec![if lang.en() {
        format!("The folder {path} does not exist. Nothing was written.")
    } else {
        format!("Folder {path} tidak ada. Belum ada yang ditulis.")
    }];
    v.push(
        lang.t(
            "Bila seharusnya flashdisk: periksa apakah sudah terpasang dan ejaan path-nya.",
            "If it should be a USB stick: check it is plugged in and the path is spelt right.",
        )
        .into(),
    );
    if let Some(vol) = &d.volume {
        v.push(
            lang.t(
                "Folder baru akan dibuat di disk ini:",
                "A new folder would be made on this disk:",
            )
            .into(),
        );
        v.push(format!(
            "  {}",
            crate::present::export::volume_line(vol, lang)
        ));
        if vol.same_as_store {
            v.push(
                lang.t(
                    "Itu disk yang sama dengan data tilik, bukan flashdisk.",
                    "That is the same disk as tilik's data, not a USB stick.",
                )
                .into(),
            );
        }
    }
    v.push(
        lang.t(
            "Buat sebagai folder BARU di disk ini?  y ya, buat · tombol lain: jangan",
            "Make it as a NEW folder on this disk?  y yes, make it · any other key: no",
        )
        .into(),
    );
    v
}

// ---- progress -----------------------------------------------------------------------------
pub const EXPORTING: T = ("Mengekspor bundel…", "Exporting the bundle…");
pub const SYNCING: T = ("Sinkron: ekspor lalu impor…", "Sync: export, then import…");
pub const COMPUTING_REPORT: T = ("Menghitung laporan…", "Computing the report…");

// ---- receipts -----------------------------------------------------------------------------
pub const EXPORT_DONE: T = ("Ekspor selesai", "Export done");
pub const SYNC_TITLE_DONE: T = ("Sinkron folder", "Folder sync");
pub const NO_OTHER_BUNDLES: T = (
    "Tidak ada bundel lain di folder itu.",
    "No other bundles in that folder.",
);

/// "Diekspor, kode 7K3Q-M2XA" on the status line.
#[must_use]
pub fn exported(lang: Lang, code: &str) -> String {
    format!("{} {code}", lang.t("Diekspor, kode", "Exported, code"))
}

/// "Sinkron selesai: 1 berkas diimpor · 2 tanpa data baru (2 diekspor perangkat ini)" on
/// the status line: a file that brought nothing new, or that this device exported itself,
/// is not counted as imported (issue 16).
#[must_use]
pub fn synced(lang: Lang, imports: &[crate::workspace::bundles::ImportOutcome]) -> String {
    format!(
        "{} {}",
        lang.t("Sinkron selesai:", "Sync done:"),
        crate::present::import::sync_counts(imports, lang)
    )
}

// ---- report -------------------------------------------------------------------------------
pub const REPORT: T = ("Laporan", "Report");
pub const PROVISIONAL_TAG: T = (" · SEMENTARA", " · PROVISIONAL");
pub const RANKING: T = (" Peringkat pemda ", " Pemda ranking ");
pub const COL_SCORE: T = ("Nilai", "Score");
pub const COL_CATEGORY: T = ("Kat", "Cat");
pub const COL_PROVINCE: T = ("Prov", "Prov");
pub const COL_LOKUS: T = ("Lokus", "Lokus");
pub const COL_CONFLICTS: T = ("Konf", "Conf");
pub const NOTHING_TO_REPORT: T = (
    " Belum ada penilaian untuk dilaporkan.",
    " No assessments to report yet.",
);
pub const PROVISIONAL: T = (" sementara", " provisional");
pub const SCORE_BARS: T = (" Nilai (bar) ", " Scores (bars) ");
pub const DRAFT: T = (" (draf)", " (draft)");
pub const DIMENSIONS: T = ("Dimensi", "Dimensions");
pub const ASSESSOR_NOTES: T = (" Catatan penilai ", " Assessors' notes ");
pub const ANSWER: T = ("jawaban", "answer");
pub const IF_FULL: T = ("bila penuh", "if full marks");
