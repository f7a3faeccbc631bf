//! `tilik trust add`, `import`, `list` and `remove`.

use crate::i18n::{self, Lang};
use crate::identity::{fingerprint, short_fingerprint};
use crate::present::text::pad_chars;
use crate::workspace::bundles::TrustEntry;

/// `trust add`: who is trusted now.
#[must_use]
pub fn trusted(e: &TrustEntry, lang: Lang) -> String {
    format!(
        "{} {} ({}) · {} {}",
        lang.t("Dipercaya:", "Trusted:"),
        i18n::inert(&e.name, false),
        e.role.as_str(),
        lang.t("sidik jari", "fingerprint"),
        fingerprint(&e.device)
    )
}

/// `trust add`: bundles from this key wait in quarantine.
#[must_use]
pub fn waiting_for_key(waiting: usize, lang: Lang) -> String {
    format!(
        "{waiting} {}",
        lang.t(
            "bundel dari kunci ini menunggu di karantina; jalankan `tilik import --retry`.",
            "bundle(s) from this key wait in quarantine; run `tilik import --retry`."
        )
    )
}

/// `trust import`: how many keys the roster added.
#[must_use]
pub fn roster_trusted(n: usize, lang: Lang) -> String {
    format!(
        "{} {} {}",
        lang.t("Dipercaya:", "Trusted:"),
        n,
        lang.t("kunci dari daftar", "keys from the roster")
    )
}

/// `trust import`: bundles from these keys wait in quarantine.
#[must_use]
pub fn waiting_for_roster(waiting: usize, lang: Lang) -> String {
    format!(
        "{waiting} {}",
        lang.t(
            "bundel menunggu di karantina; jalankan `tilik import --retry`.",
            "bundle(s) wait in quarantine; run `tilik import --retry`."
        )
    )
}

/// `trust list` with nobody trusted.
#[must_use]
pub fn empty(lang: Lang) -> &'static str {
    lang.t(
        "Daftar kepercayaan kosong. Tambahkan dengan `tilik trust add`.",
        "The trust roster is empty. Add keys with `tilik trust add`.",
    )
}

/// One line of `trust list`.
#[must_use]
pub fn line(e: &TrustEntry, lang: Lang) -> String {
    format!(
        "{} {:<10} {}  {}…  {}",
        pad_chars(&i18n::inert(&e.name, false), 24),
        e.role.as_str(),
        fingerprint(&e.device),
        &e.device[..16],
        i18n::date(e.added_ms, lang)
    )
}

/// `trust remove`: who left the roster.
#[must_use]
pub fn removed(e: &TrustEntry, lang: Lang) -> String {
    format!(
        "{} {} ({})",
        lang.t("Dihapus dari daftar:", "Removed from the roster:"),
        i18n::inert(&e.name, false),
        short_fingerprint(&e.device)
    )
}
