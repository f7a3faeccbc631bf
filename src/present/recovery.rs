//! The one sentence after the store was rebuilt from its journal: what happened, where
//! the damaged copy is, and how to get imported bundles back.

use crate::i18n::Lang;
use crate::storage::{LossKind, LostEvidence, Restored};
use crate::workspace::RecoveryNotice;

/// The device got a new key on opening (a copy, or a restore of an older state that the
/// sequence mark noticed), when the store was not rebuilt (the notice says it then).
#[must_use]
pub fn key_changed(restored: Option<Restored>, lang: Lang) -> String {
    match restored {
        None => lang
            .t(
                "Penyimpanan ini salinan atau pulihan: perangkat ini mendapat kunci baru agar tidak terjadi fork.",
                "This store is a copy or a restore: this device got a new key so no fork can happen.",
            )
            .to_string(),
        Some(r) => {
            let k = r.mark - r.head;
            if lang.en() {
                format!(
                    "This store was restored from an older state: it holds this device's changes up to number {}, but the device had already saved {} (the {k} later change(s) are not in it; if they were exported, the supervisor has them). This device got a new key so no fork can happen.",
                    r.head, r.mark
                )
            } else {
                format!(
                    "Penyimpanan ini dipulihkan dari keadaan lama: isinya perubahan perangkat ini sampai nomor {}, padahal perangkat sudah menyimpan sampai {} ({k} perubahan sesudahnya tidak ada di sini; jika sudah diekspor, supervisor memilikinya). Perangkat ini mendapat kunci baru agar tidak terjadi fork.",
                    r.head, r.mark
                )
            }
        }
    }
}

/// Say what the rebuild did — how many of this device's saved changes are kept, whether
/// the device key is the same, what the journal lacked — and, when the inbox holds bundle
/// files, how to import them again.
#[must_use]
pub fn notice(r: &RecoveryNotice, lang: Lang) -> String {
    let aside = r.aside.display();
    let glob = r.inbox.join("*.tilik*");
    let glob = glob.display();
    let n = r.own_ops;
    let en = lang.en();
    let mut s = if en {
        format!(
            "The store was damaged and could not be opened, so tilik moved it to {aside} (nothing was deleted) and rebuilt it from this device's journal: "
        )
    } else {
        format!(
            "Penyimpanan rusak dan tidak dapat dibuka, jadi tilik memindahkannya ke {aside} (tidak ada yang dihapus) dan membangunnya kembali dari jurnal perangkat ini: "
        )
    };
    s.push_str(&match (en, r.missing.filter(|&k| k > 0), r.key_kept) {
        (true, None, true) => {
            format!("all {n} saved change(s) of this device are kept, under the same device key")
        }
        (true, None, false) => format!(
            "all {n} saved change(s) of this device are kept; the device got a new key (the old one is retired, its changes stay valid)"
        ),
        (true, Some(k), _) => format!(
            "{n} saved change(s) of this device are kept, but the last {k} saved before the damage were not in the journal (if they were exported, the supervisor has them; otherwise enter them again); the device got a new key so no fork can happen"
        ),
        (false, None, true) => format!(
            "semua {n} perubahan tersimpan perangkat ini tetap ada, dengan kunci perangkat yang sama"
        ),
        (false, None, false) => format!(
            "semua {n} perubahan tersimpan perangkat ini tetap ada; perangkat mendapat kunci baru (kunci lama dipensiunkan, perubahannya tetap sah)"
        ),
        (false, Some(k), _) => format!(
            "{n} perubahan tersimpan perangkat ini tetap ada, tetapi {k} perubahan terakhir sebelum kerusakan tidak ada di jurnal (jika sudah diekspor, supervisor memilikinya; jika belum, isi kembali); perangkat mendapat kunci baru agar tidak terjadi fork"
        ),
    });
    match (en, r.bundles) {
        (_, 0) => s.push('.'),
        (true, b) => s.push_str(&format!(
            "; the {b} bundle file(s) imported earlier must be imported again from the inbox with: tilik import {glob}"
        )),
        (false, b) => s.push_str(&format!(
            "; {b} berkas bundel yang pernah diimpor perlu diimpor ulang dari kotak masuk dengan: tilik import {glob}"
        )),
    }
    s
}

/// Evidence files of the store are missing or damaged: which (short hash), that each was
/// moved aside (nothing deleted), and the exact command that brings them back — the
/// bundle files that brought them, kept in the inbox — or, when no inbox file is known,
/// to ask the sender for the evidence again.
#[must_use]
pub fn evidence_lost(lost: &[LostEvidence], lang: Lang) -> String {
    let en = lang.en();
    let names: Vec<String> = lost
        .iter()
        .map(|l| {
            let short = &l.hash[..l.hash.len().min(12)];
            match (l.kind, en) {
                (LossKind::Missing, true) => format!("{short} (missing)"),
                (LossKind::Damaged, true) => format!("{short} (damaged)"),
                (LossKind::Missing, false) => format!("{short} (hilang)"),
                (LossKind::Damaged, false) => format!("{short} (rusak)"),
            }
        })
        .collect();
    let mut files: Vec<String> = lost
        .iter()
        .filter_map(|l| l.file.as_ref().map(|f| f.display().to_string()))
        .collect();
    files.sort();
    files.dedup();
    let unknown = lost.iter().filter(|l| l.file.is_none()).count();
    let mut s = if en {
        format!(
            "{} evidence file(s) of the store are missing or damaged: {}; tilik moved what was left of them aside (nothing was deleted) and lists them as pending evidence",
            lost.len(),
            names.join(", ")
        )
    } else {
        format!(
            "{} berkas bukti di penyimpanan hilang atau rusak: {}; tilik memindahkan sisanya ke samping (tidak ada yang dihapus) dan mencatatnya sebagai bukti tertunda",
            lost.len(),
            names.join(", ")
        )
    };
    if !files.is_empty() {
        s.push_str(&if en {
            format!(
                "; import the bundle(s) that brought them again with: tilik import {}",
                files.join(" ")
            )
        } else {
            format!(
                "; impor ulang bundel yang membawanya dengan: tilik import {}",
                files.join(" ")
            )
        });
    }
    if unknown > 0 {
        s.push_str(&if en {
            format!(
                "; for {unknown} of them no bundle file is in the inbox: ask the sender for a new export with evidence"
            )
        } else {
            format!(
                "; untuk {unknown} di antaranya tidak ada berkas bundel di kotak masuk: minta pengirim mengekspor ulang beserta buktinya"
            )
        });
    }
    s.push('.');
    s
}

/// Ops of other devices that the store had received are missing from its op log: how
/// many, from how many devices, and the exact command that imports the inbox bundles
/// carrying them again (or, for ops no inbox bundle carries, to ask for a full bundle).
#[must_use]
pub fn imported_lost(n: &crate::workspace::bundles::LostOpsNotice, lang: Lang) -> String {
    let en = lang.en();
    let ops: u64 = n.lost.iter().map(|l| l.to - l.from + 1).sum::<u64>() + n.unnamed;
    let mut devices: Vec<&str> = n.lost.iter().map(|l| l.device.as_str()).collect();
    devices.sort_unstable();
    devices.dedup();
    let d = devices.len();
    let runs: Vec<String> = n
        .lost
        .iter()
        .take(4)
        .map(|l| {
            let who = crate::identity::short_fingerprint(&l.device);
            if l.from == l.to {
                format!("{who} #{}", l.from)
            } else {
                format!("{who} #{}–{}", l.from, l.to)
            }
        })
        .collect();
    let mut s = if d == 0 {
        if en {
            format!(
                "The store lost {ops} change(s) imported earlier, with the record of which device sent them: they are not in its op log any more"
            )
        } else {
            format!(
                "Penyimpanan kehilangan {ops} perubahan yang pernah diimpor, beserta catatan perangkat pengirimnya: tidak ada lagi di log operasinya"
            )
        }
    } else if en {
        format!(
            "The store lost {ops} change(s) imported earlier from {d} device(s) ({}): they are not in its op log any more",
            runs.join(", ")
        )
    } else {
        format!(
            "Penyimpanan kehilangan {ops} perubahan yang pernah diimpor dari {d} perangkat ({}): tidak ada lagi di log operasinya",
            runs.join(", ")
        )
    };
    if !n.files.is_empty() {
        let files: Vec<String> = n.files.iter().map(|f| f.display().to_string()).collect();
        s.push_str(&if en {
            format!(
                "; import the bundle(s) that carry them again with: tilik import {}",
                files.join(" ")
            )
        } else {
            format!(
                "; impor ulang bundel yang membawanya dengan: tilik import {}",
                files.join(" ")
            )
        });
    }
    if n.uncovered > 0 {
        s.push_str(&if en {
            format!(
                "; {} of them are in no bundle of the inbox: ask those devices for a full bundle (tilik export without --since)",
                n.uncovered
            )
        } else {
            format!(
                "; {} di antaranya tidak ada di bundel mana pun di kotak masuk: minta bundel lengkap dari perangkat itu (tilik export tanpa --since)",
                n.uncovered
            )
        });
    }
    s.push('.');
    s
}
