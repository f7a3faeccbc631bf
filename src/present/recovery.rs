//! The one sentence after the store was rebuilt from its journal: what happened, where
//! the damaged copy is, and how to get imported bundles back.

use crate::i18n::Lang;
use crate::workspace::RecoveryNotice;

/// Say what the rebuild did and, when the inbox holds bundle files, how to import them
/// again.
#[must_use]
pub fn notice(r: &RecoveryNotice, lang: Lang) -> String {
    let aside = r.aside.display();
    let glob = r.inbox.join("*.tilik*");
    let glob = glob.display();
    match (lang.en(), r.bundles) {
        (true, 0) => format!(
            "The store was damaged and could not be opened, so tilik moved it to {aside} (nothing was deleted) and rebuilt it from this device's journal: every saved answer is kept, under the same device key."
        ),
        (true, n) => format!(
            "The store was damaged and could not be opened, so tilik moved it to {aside} (nothing was deleted) and rebuilt it from this device's journal: every saved answer is kept, under the same device key, but the {n} bundle file(s) imported earlier must be imported again from the inbox with: tilik import {glob}"
        ),
        (false, 0) => format!(
            "Penyimpanan rusak dan tidak dapat dibuka, jadi tilik memindahkannya ke {aside} (tidak ada yang dihapus) dan membangunnya kembali dari jurnal perangkat ini: semua jawaban yang sudah tersimpan tetap ada, dengan kunci perangkat yang sama."
        ),
        (false, n) => format!(
            "Penyimpanan rusak dan tidak dapat dibuka, jadi tilik memindahkannya ke {aside} (tidak ada yang dihapus) dan membangunnya kembali dari jurnal perangkat ini: semua jawaban yang sudah tersimpan tetap ada, dengan kunci perangkat yang sama, tetapi {n} berkas bundel yang pernah diimpor perlu diimpor ulang dari kotak masuk dengan: tilik import {glob}"
        ),
    }
}
