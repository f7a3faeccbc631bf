//! What the supervisor's screens need beyond import and resolve: review states (ops, so
//! they travel back to assessors in the supervisor's export) and the dashboard figures per
//! pemda and lokus.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::{Workspace, now_ms};
use crate::core::merge::gaps_of;
use crate::core::op::{Op, OpBody, ReviewState};
use crate::core::region::lokus_display;
use crate::error::{Error, Result};
use crate::identity::Role;

/// One row of the supervisor dashboard: every assessment of one pemda and lokus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DashRow {
    pub pemda: String,
    pub pemda_name: String,
    pub lokus: String,
    pub lokus_name: String,
    /// Assessments present.
    pub assessments: usize,
    pub finalized: usize,
    /// Indicators in conflict.
    pub conflicts: usize,
    /// Assessments written by more than one device.
    pub parallel: usize,
    /// Evidence files announced but not received yet.
    pub pending_evidence: usize,
    /// Devices that wrote here and have a gap in their op log.
    pub gaps: usize,
    /// Devices that wrote here and forked their op log.
    pub forks: usize,
    pub approved: usize,
    pub needs_revision: usize,
}

impl DashRow {
    /// Something here needs the supervisor's attention.
    #[must_use]
    pub fn has_problems(&self) -> bool {
        self.conflicts + self.pending_evidence + self.gaps + self.forks + self.needs_revision > 0
    }
}

impl Workspace {
    /// Record a review state on an assessment (received, needs revision with a comment,
    /// approved). Only a supervisor may; the op is durable when this returns.
    ///
    /// # Errors
    /// `NotSupervisor`, `ReasonRequired` (needs revision without a comment), unknown
    /// assessment, storage failure.
    pub fn set_review(&self, id: &str, state: ReviewState, comment: &str) -> Result<Op> {
        let me = self.require_identity()?;
        if me.role != Role::Supervisor {
            return Err(Error::NotSupervisor);
        }
        let comment = comment.trim();
        if state == ReviewState::NeedsRevision && comment.is_empty() {
            return Err(Error::ReasonRequired);
        }
        let st = self.state(id)?;
        let mut ops = self.store.commit(
            &me.device,
            &[(
                OpBody::SetReview {
                    assessment: st.id.clone(),
                    state,
                    comment: comment.to_string(),
                },
                None,
            )],
            now_ms(),
        )?;
        ops.pop().ok_or(Error::NotSupervisor)
    }

    /// Dashboard rows, sorted by pemda then lokus name.
    ///
    /// # Errors
    /// Storage failure.
    pub fn dashboard(&self) -> Result<Vec<DashRow>> {
        let pending = self.store.pending_blobs()?;
        let forks: BTreeSet<String> = self.store.forks()?.into_keys().collect();
        let gapped: BTreeSet<String> = self
            .store
            .all_runs()?
            .into_iter()
            .filter(|(_, runs)| !gaps_of(runs).is_empty())
            .map(|(d, _)| d)
            .collect();
        let mut rows: BTreeMap<(String, String), (DashRow, BTreeSet<String>)> = BTreeMap::new();
        for st in self.store.assessments_iter() {
            let st = st?;
            let Some(h) = &st.header else { continue };
            let lokus_name = lokus_display(&h.lokus, h.lokus_name.as_deref());
            let key = (h.pemda.clone(), format!("{}/{}", h.lokus, lokus_name));
            let (r, devices) = rows.entry(key).or_insert_with(|| {
                (
                    DashRow {
                        pemda: h.pemda.clone(),
                        pemda_name: h.pemda_name.clone(),
                        lokus: h.lokus.clone(),
                        lokus_name: lokus_name.clone(),
                        ..DashRow::default()
                    },
                    BTreeSet::new(),
                )
            });
            r.assessments += 1;
            if st.is_final() {
                r.finalized += 1;
            }
            r.conflicts += st.conflicts().len();
            if st.parallel_edits() {
                r.parallel += 1;
            }
            r.pending_evidence += st
                .slots
                .values()
                .flat_map(|s| s.evidence())
                .filter(|e| pending.contains(&e.blob.hash))
                .count();
            match st.latest_review().map(|x| x.state) {
                Some(ReviewState::Approved) => r.approved += 1,
                Some(ReviewState::NeedsRevision) => r.needs_revision += 1,
                _ => {}
            }
            devices.extend(st.devices.iter().cloned());
        }
        let mut out: Vec<DashRow> = rows
            .into_values()
            .map(|(mut r, devices)| {
                r.gaps = devices.intersection(&gapped).count();
                r.forks = devices.intersection(&forks).count();
                r
            })
            .collect();
        out.sort_by(|a, b| (&a.pemda_name, &a.lokus_name).cmp(&(&b.pemda_name, &b.lokus_name)));
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dirs;
    use crate::i18n::Lang;

    #[test]
    fn only_supervisors_review_and_revision_needs_a_comment() {
        let dir = tempfile::tempdir().expect("dir");
        let dirs = Dirs::resolve(Some(&dir.path().join("d")), Some(&dir.path().join("c")));
        let ws = Workspace::open(&dirs, Lang::Id).expect("open");
        ws.init("Sari", None, None, Role::Assessor).expect("init");
        let c = ws
            .new_assessment(2024, None, "61.71", "puskesmas", Some("Alianyang"))
            .expect("new");
        assert!(matches!(
            ws.set_review(&c.id, ReviewState::Approved, ""),
            Err(Error::NotSupervisor)
        ));
    }
}
