//! The `meta` tree: small JSON values by key. Two ways in:
//! - typed accessors, one set per record the layers above keep (roster, names, kept
//!   instruments, export receipts and marks, import and quarantine lists, the screen
//!   position, the age key, published results): the key and the value type are fixed here;
//! - the raw `meta_get` / `meta_put` / … by key string, private to `storage` (its own
//!   records: heads, forks, runs, the op count, the home, the journal mark).
//!
//! No layer above names a `meta` key: every record it keeps has its accessor here.
//!
//! Writes marked *durable* are followed by [`Store::sync`], which journals the durable keys
//! ([`journal::is_durable_meta`](super::journal::is_durable_meta)) first. Reads of a value
//! that does not decode as its type return `None` (and lists skip it), as they always did.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::backend::{Keys, Order, Tree};
use super::bundles::Extra;
use super::records::{ExportReceipt, Imported, Published, Quarantine, TrustEntry, UiPosition};
use super::{Store, corrupt, json};
use crate::core::instrument::Instrument;
use crate::error::{Error, Result};
use crate::identity::Identity;

/// `meta` key of the trust roster entry of a device.
fn trust_key(device: &str) -> String {
    format!("trust/{device}")
}

/// `meta` key of a device's display name.
fn name_key(device: &str) -> String {
    format!("name/{device}")
}

/// `meta` key of a kept instrument definition.
fn inst_key(hash: &str) -> String {
    format!("inst/{hash}")
}

/// `meta` key of an instrument hash a supervisor trusts although it differs from the
/// catalogue's definition of its id and version.
fn inst_trust_key(hash: &str) -> String {
    format!("inst_trust/{hash}")
}

/// `meta` key of an imported (or exported) bundle file.
fn imported_key(hash: &str) -> String {
    format!("imported/{hash}")
}

/// `meta` key of a quarantined bundle file.
fn quarantine_key(hash: &str) -> String {
    format!("quarantine/{hash}")
}

/// `meta` key prefix of the note drafts of an assessment (issue 16).
fn drafts_prefix(assessment: &str) -> String {
    format!("draft/{assessment}/")
}

const UI_POSITION: &str = "ui/position";
const AGE_IDENTITY: &str = "age_identity";
const RESULTS: &str = "results";

impl Store {
    // ---- raw ------------------------------------------------------------------------

    /// Read a JSON value from `meta` (`None` when absent or not of type `T`).
    ///
    /// # Errors
    /// Storage failure.
    pub(super) fn meta_get<T: for<'de> Deserialize<'de>>(&self, key: &str) -> Result<Option<T>> {
        Ok(self
            .kv
            .get(Tree::Meta, key.as_bytes())?
            .and_then(|v| serde_json::from_slice(&v).ok()))
    }

    /// Write a JSON value to `meta`, durably ([`Store::sync`]: a durable key —
    /// [`journal::is_durable_meta`](super::journal::is_durable_meta) — is journaled first,
    /// then sled is flushed and fsynced).
    ///
    /// # Errors
    /// Storage failure.
    pub(super) fn meta_put<T: Serialize>(&self, key: &str, v: &T) -> Result<()> {
        self.meta_put_deferred(key, v)?;
        self.sync()
    }

    /// Write a JSON value to `meta` without syncing: it becomes durable with sled's next
    /// background flush or [`Store::sync`] (used to save the screen position together
    /// with an answer; not journaled, see `docs/store.md`).
    ///
    /// # Errors
    /// Storage failure.
    pub(super) fn meta_put_deferred<T: Serialize>(&self, key: &str, v: &T) -> Result<()> {
        let bytes = json(v)?;
        self.kv.defer(|p, _| {
            p.put(Tree::Meta, key.as_bytes().to_vec(), bytes);
            Ok(())
        })
    }

    /// Every `meta` entry under a prefix, keyed by the rest of the key (entries that do
    /// not decode as `T` are left out).
    ///
    /// # Errors
    /// Storage failure.
    pub(super) fn meta_prefix<T: for<'de> Deserialize<'de>>(
        &self,
        prefix: &str,
    ) -> Result<BTreeMap<String, T>> {
        let mut out = BTreeMap::new();
        for kv in self
            .kv
            .scan(Tree::Meta, Keys::Prefix(prefix.as_bytes()), Order::Forward)?
        {
            let (k, v) = kv?;
            let key = String::from_utf8_lossy(&k[prefix.len()..]).to_string();
            if let Ok(t) = serde_json::from_slice(&v) {
                out.insert(key, t);
            }
        }
        Ok(out)
    }

    /// Remove a `meta` key, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub(super) fn meta_remove(&self, key: &str) -> Result<()> {
        self.remove(Tree::Meta, key)?;
        self.sync()
    }

    /// Raw bytes of a `meta` value.
    ///
    /// # Errors
    /// Storage failure.
    pub(super) fn meta_raw(&self, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.kv.get(Tree::Meta, key.as_bytes())?.map(|v| v.to_vec()))
    }

    /// Whether a `meta` key holds any value (readable or not).
    fn meta_has(&self, key: &str) -> Result<bool> {
        self.kv.contains(Tree::Meta, key.as_bytes())
    }

    // ---- identity -------------------------------------------------------------------

    /// The identity, if `init` has run.
    ///
    /// # Errors
    /// Storage failure or an unreadable record.
    pub fn identity(&self) -> Result<Option<Identity>> {
        match self.kv.get(Tree::Meta, b"identity")? {
            None => Ok(None),
            Some(v) => serde_json::from_slice(&v)
                .map(Some)
                .map_err(|e| corrupt("identity", e)),
        }
    }

    /// Store the identity durably (journaled with the secret key, then sled synced).
    ///
    /// # Errors
    /// Storage failure.
    pub fn set_identity(&self, id: &Identity) -> Result<()> {
        self.meta_put("identity", id)
    }

    /// The age identity (X25519 secret, `AGE-SECRET-KEY-1…`) bundles to this store are
    /// sealed to (`age_identity`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn age_identity(&self) -> Result<Option<String>> {
        self.meta_get(AGE_IDENTITY)
    }

    /// Keep the age identity, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn set_age_identity(&self, secret: &str) -> Result<()> {
        self.meta_put(AGE_IDENTITY, &secret)
    }

    // ---- roster and names -----------------------------------------------------------

    /// The roster entry of a device (`trust/<device>`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn trust_get(&self, device: &str) -> Result<Option<TrustEntry>> {
        self.meta_get(&trust_key(device))
    }

    /// Whether the roster has an entry for a device (even one that does not read).
    ///
    /// # Errors
    /// Storage failure.
    pub fn trust_contains(&self, device: &str) -> Result<bool> {
        self.meta_has(&trust_key(device))
    }

    /// Every roster entry by device, in device order.
    ///
    /// # Errors
    /// Storage failure.
    pub fn trust_list(&self) -> Result<BTreeMap<String, TrustEntry>> {
        self.meta_prefix("trust/")
    }

    /// Add or replace the roster entry of `entry.device`, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn trust_put(&self, entry: &TrustEntry) -> Result<()> {
        self.meta_put(&trust_key(&entry.device), entry)
    }

    /// Remove a device from the roster, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn trust_remove(&self, device: &str) -> Result<()> {
        self.meta_remove(&trust_key(device))
    }

    /// The remembered display name of a device (`name/<device>`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn device_name(&self, device: &str) -> Result<Option<String>> {
        self.meta_get(&name_key(device))
    }

    /// Whether a name is remembered for a device (even one that does not read).
    ///
    /// # Errors
    /// Storage failure.
    pub fn has_device_name(&self, device: &str) -> Result<bool> {
        self.meta_has(&name_key(device))
    }

    /// Remember the display name of a device, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn set_device_name(&self, device: &str, name: &str) -> Result<()> {
        self.meta_put(&name_key(device), &name)
    }

    // ---- instruments ----------------------------------------------------------------

    /// The exact instrument definition kept under its content hash (`inst/<hash>`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn kept_instrument(&self, hash: &str) -> Result<Option<Instrument>> {
        self.meta_get(&inst_key(hash))
    }

    /// The stored bytes of a kept instrument definition (they hash to `hash`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn kept_instrument_bytes(&self, hash: &str) -> Result<Option<Vec<u8>>> {
        self.meta_raw(&inst_key(hash))
    }

    /// Every kept instrument definition by content hash.
    ///
    /// # Errors
    /// Storage failure.
    pub fn kept_instruments(&self) -> Result<BTreeMap<String, Instrument>> {
        self.meta_prefix("inst/")
    }

    /// Keep an instrument definition under its content hash, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn keep_instrument(&self, hash: &str, inst: &Instrument) -> Result<()> {
        self.meta_put(&inst_key(hash), inst)
    }

    /// The instrument hashes a supervisor trusted (`tilik instruments trust HASH`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn trusted_instruments(&self) -> Result<BTreeSet<String>> {
        Ok(self
            .meta_prefix::<bool>("inst_trust/")?
            .into_iter()
            .filter_map(|(h, on)| on.then_some(h))
            .collect())
    }

    /// Trust an instrument hash, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn trust_instrument(&self, hash: &str) -> Result<()> {
        self.meta_put(&inst_trust_key(hash), &true)
    }

    // ---- export and import lists ----------------------------------------------------

    /// Every export receipt by bundle id (`export/<bundle id>`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn export_receipts(&self) -> Result<BTreeMap<String, ExportReceipt>> {
        self.meta_prefix("export/")
    }

    /// Keep the receipt of `receipt.bundle_id`, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn put_export_receipt(&self, receipt: &ExportReceipt) -> Result<()> {
        self.meta_put(&format!("export/{}", receipt.bundle_id), receipt)
    }

    /// Highest own sequence number exported so far by a device (`exported/<device>`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn exported_mark(&self, device: &str) -> Result<Option<u64>> {
        self.meta_get(&format!("exported/{device}"))
    }

    /// Record how far a device's ops were exported, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn set_exported_mark(&self, device: &str, seq: u64) -> Result<()> {
        self.meta_put(&format!("exported/{device}"), &seq)
    }

    /// What is known of a bundle file by its hash (`imported/<file hash>`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn imported(&self, hash: &str) -> Result<Option<Imported>> {
        self.meta_get(&imported_key(hash))
    }

    /// Whether a bundle file was imported or exported here (even if its record does not
    /// read).
    ///
    /// # Errors
    /// Storage failure.
    pub fn is_imported(&self, hash: &str) -> Result<bool> {
        self.meta_has(&imported_key(hash))
    }

    /// Record a bundle file as imported or exported, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn put_imported(&self, hash: &str, record: &Imported) -> Result<()> {
        self.meta_put(&imported_key(hash), record)
    }

    /// Every quarantined bundle by file hash (`quarantine/<file hash>`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn quarantined(&self) -> Result<BTreeMap<String, Quarantine>> {
        self.meta_prefix("quarantine/")
    }

    /// Quarantine a bundle file, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn quarantine_put(&self, hash: &str, q: &Quarantine) -> Result<()> {
        self.meta_put(&quarantine_key(hash), q)
    }

    // ---- screen position and results ------------------------------------------------

    /// Where the checklist was left (`ui/position`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn ui_position(&self) -> Result<Option<UiPosition>> {
        self.meta_get(UI_POSITION)
    }

    /// Remember where the checklist is, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn save_ui_position(&self, pos: &UiPosition) -> Result<()> {
        self.meta_put(UI_POSITION, pos)
    }

    /// Remember where the checklist is without syncing: durable with the next sync (an
    /// answer saved right after, sled's background flush). Not journaled.
    ///
    /// # Errors
    /// Storage failure.
    pub fn save_ui_position_deferred(&self, pos: &UiPosition) -> Result<()> {
        self.meta_put_deferred(UI_POSITION, pos)
    }

    /// The note drafts of an assessment, by indicator (`draft/<assessment>/<indicator>`):
    /// text typed in the note editor and not saved as a note yet (issue 16).
    ///
    /// # Errors
    /// Storage failure.
    pub fn note_drafts(&self, assessment: &str) -> Result<BTreeMap<String, String>> {
        self.meta_prefix(&drafts_prefix(assessment))
    }

    /// Keep the draft of a note, durably (journaled like an answer).
    ///
    /// # Errors
    /// Storage failure.
    pub fn save_note_draft(&self, assessment: &str, indicator: &str, text: &str) -> Result<()> {
        self.meta_put(&format!("{}{indicator}", drafts_prefix(assessment)), &text)
    }

    /// Forget the draft of a note (saved as a note, or discarded), durably; nothing to do
    /// when there is none.
    ///
    /// # Errors
    /// Storage failure.
    pub fn clear_note_draft(&self, assessment: &str, indicator: &str) -> Result<()> {
        let key = format!("{}{indicator}", drafts_prefix(assessment));
        if self.meta_has(&key)? {
            self.meta_remove(&key)?;
        }
        Ok(())
    }

    /// The published results loaded with `tilik results import` (`results`; empty when
    /// none were).
    ///
    /// # Errors
    /// Storage failure.
    pub fn published_results(&self) -> Result<Vec<Published>> {
        Ok(self.meta_get(RESULTS)?.unwrap_or_default())
    }

    /// Replace the published results, durably.
    ///
    /// # Errors
    /// Storage failure.
    pub fn set_published_results(&self, list: &[Published]) -> Result<()> {
        self.meta_put(RESULTS, &list)
    }
}

/// The `meta` writes an import makes in the merge's own transaction ([`Store::apply_plan`]).
impl Extra {
    /// Keep an embedded instrument definition (its exact bytes) under its hash.
    pub fn keep_instrument_bytes(&mut self, hash: &str, bytes: &[u8]) {
        self.meta_put.push((inst_key(hash), bytes.to_vec()));
    }

    /// Remember a device's display name carried by the bundle.
    ///
    /// # Errors
    /// The name cannot be encoded (`Error::encode("device name", …)`; never for a string).
    pub fn set_device_name(&mut self, device: &str, name: &str) -> Result<()> {
        let v = serde_json::to_vec(&name).map_err(|e| Error::encode("device name", e))?;
        self.meta_put.push((name_key(device), v));
        Ok(())
    }

    /// Record the bundle file as imported.
    ///
    /// # Errors
    /// The record cannot be encoded (`Error::encode("import record", …)`; never for these
    /// fields).
    pub fn put_imported(&mut self, hash: &str, record: &Imported) -> Result<()> {
        let v = serde_json::to_vec(record).map_err(|e| Error::encode("import record", e))?;
        self.meta_put.push((imported_key(hash), v));
        Ok(())
    }

    /// Take the bundle file out of quarantine.
    pub fn unquarantine(&mut self, hash: &str) {
        self.meta_remove.push(quarantine_key(hash));
    }
}
