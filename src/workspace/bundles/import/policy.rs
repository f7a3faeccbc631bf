//! What an import may rely on: the instruments this store knows exactly (by content hash)
//! and the devices trusted as supervisors. The merge planner asks it whether an op must be
//! held; a roster change re-asks it for the ops of one device.

use std::collections::{BTreeMap, BTreeSet};

use super::super::super::{Workspace, now_ms};
use crate::core::instrument::Instrument;
use crate::core::merge::{Policy, View, plan_recheck};
use crate::error::Result;
use crate::identity::Role;
use crate::storage::bundles::Extra;

/// Built once per batch of files (hashing every catalogue instrument per bundle was 4 %
/// of an import) and grown with each bundle's embedded instruments as it is merged.
pub(crate) struct ImportPolicy {
    instruments: BTreeMap<String, Instrument>,
    /// The catalogue's hash of each instrument id and version: the definition this office
    /// trusts under that name.
    known: BTreeMap<(String, String), String>,
    /// Hashes a supervisor trusted although they differ from the catalogue's.
    trusted: BTreeSet<String>,
    /// Kept or embedded definitions that differ from the catalogue's under their id and
    /// version and are not trusted: never given to the merge (ops under them are held).
    mismatched: BTreeSet<String>,
    reviewers: BTreeSet<String>,
    now: i64,
}

impl ImportPolicy {
    /// Whether `inst` (under `hash`) may be used: its id and version are unknown to the
    /// catalogue, or it is the catalogue's definition, or its exact hash is trusted.
    fn usable(&self, hash: &str, inst: &Instrument) -> bool {
        self.known
            .get(&(inst.id.clone(), inst.version.clone()))
            .is_none_or(|k| k == hash)
            || self.trusted.contains(hash)
    }

    /// Add definitions (kept, or embedded by a merged bundle) under the usable rule.
    pub(super) fn admit(&mut self, defs: impl IntoIterator<Item = (String, Instrument)>) {
        for (h, i) in defs {
            if self.usable(&h, &i) {
                self.instruments.insert(h, i);
            } else if !self.instruments.contains_key(&h) {
                self.mismatched.insert(h);
            }
        }
    }
}

impl Policy for ImportPolicy {
    fn instrument(&self, hash: &str) -> Option<&Instrument> {
        self.instruments.get(hash)
    }
    fn mismatched(&self, hash: &str) -> bool {
        self.mismatched.contains(hash)
    }
    fn may_review(&self, device: &str) -> bool {
        self.reviewers.contains(device)
    }
    fn now_ms(&self) -> i64 {
        self.now
    }
}

/// The batch policy plus the instruments one bundle carries and its creation time.
pub(super) struct BundlePolicy<'a> {
    pub base: &'a ImportPolicy,
    pub extra: &'a BTreeMap<String, Instrument>,
    pub created_ms: i64,
}

impl Policy for BundlePolicy<'_> {
    fn instrument(&self, hash: &str) -> Option<&Instrument> {
        self.extra
            .get(hash)
            .filter(|i| self.base.usable(hash, i))
            .or_else(|| self.base.instrument(hash))
    }
    fn mismatched(&self, hash: &str) -> bool {
        self.base.mismatched(hash)
            || self
                .extra
                .get(hash)
                .is_some_and(|i| !self.base.usable(hash, i))
    }
    fn may_review(&self, device: &str) -> bool {
        self.base.may_review(device)
    }
    fn now_ms(&self) -> i64 {
        self.base.now
    }
    fn bundle_created_ms(&self) -> Option<i64> {
        Some(self.created_ms)
    }
}

impl Workspace {
    /// The policy of now: catalogue and stored instruments plus `extra`, and the trusted
    /// supervisors (this store's own keys too when it is a supervisor's).
    pub(in super::super) fn policy(
        &self,
        extra: &BTreeMap<String, Instrument>,
    ) -> Result<ImportPolicy> {
        let mut instruments: BTreeMap<String, Instrument> = BTreeMap::new();
        let mut known = BTreeMap::new();
        for i in self.catalog().all() {
            let h = i.content_hash()?;
            known.insert((i.id.clone(), i.version.clone()), h.clone());
            instruments.insert(h, i.clone());
        }
        let mut reviewers: BTreeSet<String> = self
            .trust_list()?
            .into_iter()
            .filter(|e| e.role == Role::Supervisor)
            .map(|e| e.device)
            .collect();
        if let Some(me) = self.store.identity()?
            && me.role == Role::Supervisor
        {
            reviewers.extend(Self::own_devices(&me));
        }
        let mut policy = ImportPolicy {
            instruments,
            known,
            trusted: self.store.trusted_instruments()?,
            mismatched: BTreeSet::new(),
            reviewers,
            now: now_ms(),
        };
        policy.admit(self.store.kept_instruments()?);
        policy.admit(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
        Ok(policy)
    }

    /// Hold or release the ops of one device under the policy of now (after its roster
    /// entry changed).
    pub(in super::super) fn recheck_device(&self, device: &str) -> Result<()> {
        let policy = self.policy(&BTreeMap::new())?;
        let ops = self.store.device_ops_from(device, 1)?;
        let plan = plan_recheck(&self.store, &policy, &ops)?;
        if !plan.held_set.is_empty() || !plan.held_unset.is_empty() {
            self.store.apply_plan(&plan, &Extra::default())?;
        }
        Ok(())
    }

    /// Hold or release every held op under the policy of now (after an instrument hash
    /// was trusted).
    pub(crate) fn recheck_held(&self) -> Result<u64> {
        let policy = self.policy(&BTreeMap::new())?;
        let mut ops = Vec::new();
        for r in self.store.held_ops()?.into_keys() {
            if let Some(op) = self.store.stored_op(&r.device, r.seq)? {
                ops.push(op);
            }
        }
        let plan = plan_recheck(&self.store, &policy, &ops)?;
        let released = plan.held_unset.len() as u64;
        if !plan.held_set.is_empty() || !plan.held_unset.is_empty() {
            self.store.apply_plan(&plan, &Extra::default())?;
        }
        Ok(released)
    }
}
