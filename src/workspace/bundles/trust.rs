//! The trust roster: which device keys this store accepts bundles from, with the name
//! and role the office gave them. Adding or removing an entry re-checks the ops of that
//! device that were held for its role, and tells how many quarantined bundles wait.

use std::path::Path;

use serde::Deserialize;

use super::super::{Workspace, now_ms};
use crate::bundle::parse_recipient;
use crate::error::{Error, Result};
use crate::identity::{Role, fingerprint, parse_public_key, short_fingerprint};
use crate::storage::records::TrustEntry;

impl Workspace {
    /// Every roster entry.
    ///
    /// # Errors
    /// Storage failure.
    pub fn trust_list(&self) -> Result<Vec<TrustEntry>> {
        let mut v: Vec<TrustEntry> = self.store.trust_list()?.into_values().collect();
        v.sort_by(|a, b| (&a.name, &a.device).cmp(&(&b.name, &b.device)));
        Ok(v)
    }

    /// Whether a device is trusted: this store's own keys, or a roster entry.
    ///
    /// # Errors
    /// Storage failure.
    pub fn is_trusted(&self, device: &str) -> Result<bool> {
        if let Some(me) = self.store.identity()?
            && Self::own_devices(&me).contains(device)
        {
            return Ok(true);
        }
        self.store.trust_contains(device)
    }

    /// Add (or update) a roster entry, then release ops of that device held for its role.
    /// Returns the entry and how many quarantined bundles wait for this signer.
    ///
    /// # Errors
    /// `InvalidKey`, `EmptyName`, `BadRecipient`, storage failure.
    pub fn trust_add(
        &self,
        key: &str,
        name: &str,
        role: Role,
        age_recipient: Option<&str>,
    ) -> Result<(TrustEntry, usize)> {
        let Some(key) = parse_public_key(key) else {
            return Err(Error::InvalidKey(key.trim().to_lowercase()));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::EmptyName);
        }
        if let Some(r) = age_recipient {
            parse_recipient(r)?;
        }
        let entry = TrustEntry {
            device: key.clone(),
            name: name.to_string(),
            role,
            added_ms: now_ms(),
            age_recipient: age_recipient.map(|s| s.trim().to_string()),
        };
        self.store.trust_put(&entry)?;
        self.store.set_device_name(&key, &entry.name)?;
        self.recheck_device(&key)?;
        let waiting = self.quarantined_from(&key)?;
        Ok((entry, waiting))
    }

    /// Load a roster file (`roster.toml`: `[[member]]` tables with `name`, `role`,
    /// `public_key`, optional `nip`, `office`, `age_recipient`) as an office distributes
    /// its assessor list. Every entry is checked before any is added. Returns the entries
    /// and how many quarantined bundles now wait for `import --retry`.
    ///
    /// # Errors
    /// `RosterFile` for unreadable or malformed files; as [`Workspace::trust_add`].
    pub fn trust_import(&self, path: &Path) -> Result<(Vec<TrustEntry>, usize)> {
        /// One `[[member]]`; `nip` and `office` are checked (text) but not kept.
        #[derive(Deserialize)]
        struct Member {
            name: String,
            role: Role,
            public_key: String,
            #[serde(default, rename = "nip")]
            _nip: Option<String>,
            #[serde(default, rename = "office")]
            _office: Option<String>,
            #[serde(default)]
            age_recipient: Option<String>,
        }
        #[derive(Deserialize)]
        struct Roster {
            #[serde(default)]
            member: Vec<Member>,
        }
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            context: format!("{}", path.display()),
            source,
        })?;
        let roster: Roster = toml::from_str(&text).map_err(|e| Error::Io {
            context: format!("{}", path.display()),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        })?;
        for m in &roster.member {
            if parse_public_key(&m.public_key).is_none() {
                return Err(Error::InvalidKey(m.public_key.trim().to_lowercase()));
            }
            if m.name.trim().is_empty() {
                return Err(Error::EmptyName);
            }
            if let Some(r) = &m.age_recipient {
                parse_recipient(r)?;
            }
        }
        let mut out = Vec::with_capacity(roster.member.len());
        let mut waiting = 0;
        for m in &roster.member {
            let (e, w) =
                self.trust_add(&m.public_key, &m.name, m.role, m.age_recipient.as_deref())?;
            waiting += w;
            out.push(e);
        }
        Ok((out, waiting))
    }

    /// A roster entry by key, fingerprint (at least 4 characters) or name.
    pub(super) fn find_trust(&self, q: &str) -> Result<TrustEntry> {
        let q = q.trim();
        let list = self.trust_list()?;
        let norm = |s: &str| s.to_lowercase().replace('-', "");
        let hits: Vec<&TrustEntry> = list
            .iter()
            .filter(|e| {
                e.device == q.to_lowercase()
                    || norm(&fingerprint(&e.device)).starts_with(&norm(q)) && q.len() >= 4
                    || e.name.eq_ignore_ascii_case(q)
            })
            .collect();
        match hits.len() {
            1 => Ok(hits[0].clone()),
            0 => Err(Error::UnknownTrust(q.to_string())),
            _ => Err(Error::AmbiguousTrust(
                q.to_string(),
                hits.iter()
                    .map(|e| format!("{} {}", e.name, short_fingerprint(&e.device)))
                    .collect(),
            )),
        }
    }

    /// Remove a roster entry (by key, fingerprint or name); its supervisor-only ops are
    /// held again.
    ///
    /// # Errors
    /// `UnknownTrust`, `AmbiguousTrust`, storage failure.
    pub fn trust_remove(&self, q: &str) -> Result<TrustEntry> {
        let e = self.find_trust(q)?;
        self.store.trust_remove(&e.device)?;
        self.recheck_device(&e.device)?;
        Ok(e)
    }
}

/// The recipients an export encrypts to.
impl Workspace {
    pub(super) fn recovery_recipients(&self) -> Result<Vec<String>> {
        let path = self.dirs.config.join("config.toml");
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(Vec::new());
        };
        let v: toml::Value = toml::from_str(&text).map_err(|e| Error::Io {
            context: format!("{}", path.display()),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        })?;
        Ok(v.get("recovery_recipients")
            .and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default())
    }

    /// Resolve `--to` values (age recipients or roster entries) plus the configured
    /// recovery recipients (only when encrypting at all).
    pub(super) fn recipients(&self, to: &[String]) -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for t in to {
            let t = t.trim();
            let r = if t.starts_with("age1") {
                parse_recipient(t)?;
                t.to_string()
            } else {
                let e = self
                    .find_trust(t)
                    .map_err(|_| Error::BadRecipient(t.to_string()))?;
                e.age_recipient
                    .ok_or_else(|| Error::BadRecipient(t.to_string()))?
            };
            if !out.contains(&r) {
                out.push(r);
            }
        }
        if !out.is_empty() {
            for r in self.recovery_recipients()? {
                parse_recipient(&r)?;
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
        Ok(out)
    }
}
