//! The sentence for each way a bundle file can be unusable (`Fault`), with the next step
//! for the user: said by an import's rejection and by `bundle inspect` alike.

use crate::core::bundle::Fault;
use crate::i18n::Lang;

/// The verdict sentence for a bundle fault, with the next step.
#[must_use]
pub fn fault_message(f: &Fault, lang: Lang) -> String {
    let en = lang.en();
    match f {
        Fault::NotABundle => lang
            .t(
                "Ditolak: ini bukan berkas bundel tilik. Periksa berkas yang dikirim.",
                "Rejected: this is not a tilik bundle file. Check which file was sent.",
            )
            .into(),
        Fault::WrongRecipient => lang
            .t(
                "Ditolak: bundel ini dienkripsi untuk penerima lain. Minta pengirim mengekspor ulang dengan --to berisi penerima age Anda (lihat `tilik whoami`).",
                "Rejected: this bundle is encrypted for someone else. Ask the sender to export again with --to set to your age recipient (see `tilik whoami`).",
            )
            .into(),
        Fault::Truncated => lang
            .t(
                "Ditolak: berkas terpotong (tidak lengkap). Minta assessor mengirim ulang berkas yang sama.",
                "Rejected: the file is truncated (incomplete). Ask the assessor to send the same file again.",
            )
            .into(),
        Fault::Damaged(_) => lang
            .t(
                "Ditolak: berkas rusak. Minta assessor mengirim ulang berkas yang sama.",
                "Rejected: the file is damaged. Ask the assessor to send the same file again.",
            )
            .into(),
        Fault::UnsupportedVersion { major, minor } => {
            if en {
                format!("Rejected: made with a newer bundle format (v{major}.{minor}). Update tilik, then import again.")
            } else {
                format!("Ditolak: dibuat dengan format bundel yang lebih baru (v{major}.{minor}). Perbarui tilik, lalu impor lagi.")
            }
        }
        Fault::BadManifest(_) => lang
            .t(
                "Ditolak: manifest bundel tidak sesuai format bundel tilik (dibuat oleh alat lain atau versi yang salah). Minta pengirim mengekspor ulang dengan tilik.",
                "Rejected: the bundle's manifest does not follow the tilik bundle format (made by another tool or a faulty version). Ask the sender to export again with tilik.",
            )
            .into(),
        Fault::BadSignature(_) => lang
            .t(
                "Ditolak: tanda tangan tidak cocok — isi kemungkinan diubah. Jangan pakai berkas ini; minta assessor mengirim ulang langsung dan laporkan kejadian ini.",
                "Rejected: the signature does not match — the content may have been altered. Do not use this file; ask the assessor to resend it directly and report this.",
            )
            .into(),
        Fault::HashMismatch(_) => lang
            .t(
                "Ditolak: isi tidak sesuai manifest — kemungkinan diubah atau rusak. Minta assessor mengirim ulang.",
                "Rejected: the content does not match its manifest — altered or damaged. Ask the assessor to send it again.",
            )
            .into(),
        Fault::BadOpChain(_) => lang
            .t(
                "Ditolak: rantai operasi di dalam bundel tidak sah. Minta assessor mengirim ulang.",
                "Rejected: the chain of operations in the bundle is not valid. Ask the assessor to send it again.",
            )
            .into(),
    }
}
