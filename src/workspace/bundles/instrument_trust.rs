//! Trusting an instrument definition that differs from the catalogue's under its id and
//! version (`tilik instruments trust HASH`): ops under it are held `instrument_mismatch`
//! until then, and re-checked once it is trusted.

use super::super::Workspace;
use crate::core::instrument::{Difference, differences};
use crate::error::{Error, Result};

/// What `instruments trust` did.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct InstrumentTrusted {
    pub hash: String,
    pub id: String,
    pub version: String,
    /// The catalogue's hash of that id and version, when the catalogue has it.
    pub known_hash: Option<String>,
    /// What differs from the catalogue's definition (empty when it is the same).
    pub differences: Vec<Difference>,
    /// Held ops released by this trust.
    pub released: u64,
}

impl Workspace {
    /// Trust the kept instrument definition with exactly this content hash, and release
    /// the ops held under it.
    ///
    /// # Errors
    /// `UnknownInstrument` (no kept definition has this hash), storage failure.
    pub fn trust_instrument(&self, hash: &str) -> Result<InstrumentTrusted> {
        let hash = hash.trim().to_ascii_lowercase();
        let Some(inst) = self.store.kept_instrument(&hash)? else {
            return Err(Error::UnknownInstrument(hash));
        };
        let known = self
            .catalog()
            .all()
            .find(|k| k.id == inst.id && k.version == inst.version);
        let known_hash = known.map(|k| k.content_hash()).transpose()?;
        let diffs = known.map(|k| differences(k, &inst)).unwrap_or_default();
        self.store.trust_instrument(&hash)?;
        let released = self.recheck_held()?;
        Ok(InstrumentTrusted {
            hash,
            id: inst.id,
            version: inst.version,
            known_hash,
            differences: diffs,
            released,
        })
    }
}
