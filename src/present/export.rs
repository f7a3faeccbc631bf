//! An export's result in words: the lines `tilik export` and `tilik sync` print, and the
//! shorter ones the terminal UI's export and sync screens show.

use crate::i18n::{self, Lang};
use crate::workspace::bundles::{Exported, ReadBack, Volume};

/// "Di disk /dev/sdb1 (terpasang di /media/rina/USB) · sisa 3,4 GB dari 7,5 GB".
#[must_use]
pub fn volume_line(v: &Volume, lang: Lang) -> String {
    let mut s = lang.t("Di disk", "On disk").to_string();
    match (&v.device, &v.mount) {
        (Some(d), Some(m)) => s.push_str(&format!(
            " {} ({} {})",
            i18n::inert(d, false),
            lang.t("terpasang di", "mounted at"),
            i18n::inert(m, false)
        )),
        (Some(d), None) => s.push_str(&format!(" {}", i18n::inert(d, false))),
        (None, Some(m)) => s.push_str(&format!(
            " {} {}",
            lang.t("terpasang di", "mounted at"),
            i18n::inert(m, false)
        )),
        (None, None) => s.push_str(&format!(" {}", lang.t("tak dikenal", "unknown"))),
    }
    if let Some(free) = v.free {
        s.push_str(&format!(
            " · {} {}",
            lang.t("sisa", "free"),
            i18n::bytes(free, lang)
        ));
        if let Some(total) = v.total {
            s.push_str(&format!(
                " {} {}",
                lang.t("dari", "of"),
                i18n::bytes(total, lang)
            ));
        }
    }
    s
}

/// The lines about where the file is and how it was checked: the folder made for it, the
/// disk and its free space, a warning when that is the store's own disk (`true` beside
/// it), and the read-back.
#[must_use]
pub fn where_lines(e: &Exported, lang: Lang) -> Vec<(bool, String)> {
    let mut lines = Vec::new();
    if let Some(d) = &e.created_dir {
        lines.push((
            false,
            format!(
                "{} {}",
                lang.t("Folder baru dibuat:", "New folder made:"),
                i18n::inert(d, false)
            ),
        ));
    }
    if let Some(v) = &e.volume {
        lines.push((false, volume_line(v, lang)));
        if v.same_as_store {
            lines.push((
                true,
                lang.t(
                    "Perhatian: berkas ini ada di disk yang sama dengan data tilik, bukan di flashdisk; salin ke flashdisk bila ingin dibawa.",
                    "Note: this file is on the same disk as tilik's data, not on a USB stick; copy it to a stick if you mean to carry it.",
                )
                .into(),
            ));
        }
    }
    lines.push((
        false,
        match e.read_back {
            ReadBack::Verified => lang.t(
                "Diperiksa: dibaca ulang dari disk, isi dan tanda tangan sah.",
                "Checked: read back from the disk, contents and signatures valid.",
            ),
            ReadBack::SameBytes => lang.t(
                "Diperiksa: dibaca ulang dari disk, sama persis dengan yang ditulis (isinya hanya dapat dibuka penerima).",
                "Checked: read back from the disk, exactly as written (only the recipient can open the contents).",
            ),
        }
        .into(),
    ));
    lines
}

/// The lines the command line prints after an export.
#[must_use]
pub fn cli_lines(e: &Exported, lang: Lang) -> Vec<String> {
    let mut lines = vec![format!(
        "{} {}",
        lang.t("Bundel ditulis:", "Bundle written:"),
        e.file
    )];
    lines.extend(where_lines(e, lang).into_iter().map(|(_, l)| l));
    lines.extend([format!(
        "{} {}  ({})",
        lang.t("Kode bundel:", "Bundle code:"),
        e.code,
        lang.t(
            "bacakan kode ini kepada supervisor",
            "read this code to your supervisor"
        )
    )]);
    let enc = if e.encrypted {
        if lang.en() {
            format!("encrypted for {} recipient(s)", e.recipients.len())
        } else {
            format!("terenkripsi untuk {} penerima", e.recipients.len())
        }
    } else {
        lang.t(
            "tidak terenkripsi (bertanda tangan)",
            "not encrypted (signed)",
        )
        .to_string()
    };
    lines.push(format!(
        "{} {} ({} {}) · {} {} · {} {}{} · {} {} · {enc}",
        e.ops,
        lang.t("operasi", "ops"),
        e.own_ops,
        lang.t("milik perangkat ini", "by this device"),
        e.segments,
        lang.t("segmen", "segments"),
        e.blobs,
        lang.t("bukti", "evidence files"),
        if e.blobs_omitted > 0 {
            format!(
                " ({} {})",
                e.blobs_omitted,
                lang.t("tidak disertakan", "omitted")
            )
        } else {
            String::new()
        },
        e.instruments,
        lang.t("instrumen", "instruments"),
    ));
    if e.contacts_stripped > 0 {
        lines.push(format!(
            "{} {}",
            e.contacts_stripped,
            lang.t(
                "data kontak responden (nama, telepon) tidak disertakan: bundel tidak terenkripsi (UU 27/2022; lihat docs/privacy.md).",
                "respondents' contact data (name, phone) left out: the bundle is not encrypted (UU 27/2022; see docs/privacy.md)."
            )
        ));
    }
    if e.unsigned_skipped > 0 {
        lines.push(format!(
            "{} {}",
            e.unsigned_skipped,
            lang.t(
                "operasi perangkat lain tidak dapat diteruskan (tidak ada kepala bertanda tangan).",
                "ops of other devices could not be relayed (no signed head)."
            )
        ));
    }
    lines
}

/// The four lines the terminal UI shows after an export: the file, the bundle code, the
/// counts, and the encryption.
#[must_use]
pub fn screen_lines(x: &Exported, lang: Lang) -> [String; 4] {
    [
        format!(
            "{} {}",
            lang.t("Berkas:", "File:"),
            i18n::inert(&x.file, false)
        ),
        format!(
            "{} {}",
            lang.t(
                "Kode bundel (bacakan lewat telepon):",
                "Bundle code (read it over the phone):"
            ),
            x.code
        ),
        format!(
            "{} {} · {} {} · {} {}",
            x.ops,
            lang.t("operasi", "ops"),
            x.blobs,
            lang.t("bukti", "evidence files"),
            x.size,
            lang.t("bita", "bytes")
        ),
        if x.encrypted {
            format!(
                "{} {}",
                lang.t("Terenkripsi untuk:", "Encrypted to:"),
                x.recipients.join(", ")
            )
        } else {
            lang.t(
                "Tidak terenkripsi (bertanda tangan) — untuk latihan/uji.",
                "Not encrypted (signed) — for training/testing.",
            )
            .into()
        },
    ]
}
