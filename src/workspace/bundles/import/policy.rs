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
    pub(super) instruments: BTreeMap<String, Instrument>,
    reviewers: BTreeSet<String>,
    now: i64,
}

impl Policy for ImportPolicy {
    fn instrument(&self, hash: &str) -> Option<&Instrument> {
        self.instruments.get(hash)
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
        self.extra.get(hash).or_else(|| self.base.instrument(hash))
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
        for i in self.catalog.all() {
            instruments.insert(i.content_hash()?, i.clone());
        }
        for (h, i) in self.store.kept_instruments()? {
            instruments.insert(h, i);
        }
        instruments.extend(extra.iter().map(|(k, v)| (k.clone(), v.clone())));
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
        Ok(ImportPolicy {
            instruments,
            reviewers,
            now: now_ms(),
        })
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
}
