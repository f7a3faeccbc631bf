//! An export's result in words: the lines `tilik export` and `tilik sync` print, and the
//! shorter ones the terminal UI's export and sync screens show.

use crate::i18n::{self, Lang};
use crate::workspace::bundles::Exported;

/// The lines the command line prints after an export.
#[must_use]
pub fn cli_lines(e: &Exported, lang: Lang) -> Vec<String> {
    let mut lines = vec![
        format!(
            "{} {}",
            lang.t("Bundel ditulis:", "Bundle written:"),
            e.file
        ),
        format!(
            "{} {}  ({})",
            lang.t("Kode bundel:", "Bundle code:"),
            e.code,
            lang.t(
                "bacakan kode ini kepada supervisor",
                "read this code to your supervisor"
            )
        ),
    ];
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
