//! `tilik paths`, `init` and `whoami`.

use crate::config::Dirs;
use crate::i18n::Lang;
use crate::identity::Identity;
use crate::present::safe::terminal;

/// The data and configuration folders.
#[must_use]
pub fn paths(dirs: &Dirs) -> Vec<String> {
    vec![
        format!("data:        {}", dirs.data.display()),
        format!("store:       {}", dirs.store().display()),
        format!("config:      {}", dirs.config.display()),
        format!("instruments: {}", dirs.instruments().display()),
    ]
}

/// The identity just made, with the fingerprint to read over the phone.
#[must_use]
pub fn initialized(id: &Identity, lang: Lang) -> Vec<String> {
    vec![
        format!(
            "{} {} ({})",
            lang.t("Identitas dibuat untuk", "Identity created for"),
            terminal(&id.name),
            id.role.as_str()
        ),
        format!(
            "{}: {}",
            lang.t("Sidik jari", "Fingerprint"),
            id.fingerprint()
        ),
    ]
}

/// This device's identity (then [`age_recipient`]).
#[must_use]
pub fn whoami(id: &Identity, lang: Lang) -> Vec<String> {
    let mut o = vec![format!(
        "{}: {}",
        lang.t("Nama", "Name"),
        terminal(&id.name)
    )];
    if let Some(n) = &id.nip {
        o.push(format!("NIP: {}", terminal(n)));
    }
    if let Some(of) = &id.office {
        o.push(format!("{}: {}", lang.t("Kantor", "Office"), terminal(of)));
    }
    o.push(format!("{}: {}", lang.t("Peran", "Role"), id.role.as_str()));
    o.push(format!(
        "{}: {}",
        lang.t("Kunci publik", "Public key"),
        id.device
    ));
    o.push(format!(
        "{}: {}",
        lang.t("Sidik jari", "Fingerprint"),
        id.fingerprint()
    ));
    o
}

/// The last line of `whoami`: where others encrypt bundles to.
#[must_use]
pub fn age_recipient(recipient: &str, lang: Lang) -> String {
    format!("{}: {}", lang.t("Penerima age", "age recipient"), recipient)
}
