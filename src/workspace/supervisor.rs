//! The supervisor's side of the workspace beyond import: what must be decided or chased
//! (open conflicts with numbered candidates, held ops, forks, gaps, pending evidence),
//! resolutions and review states (ops, so they travel back to assessors in the
//! supervisor's export), and the dashboard figures per pemda and lokus (the roll-up per pemda: `workspace/dashboard.rs`).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::bundles::{GapView, HeldView};
use super::{Workspace, now_ms};
use crate::core::merge::gaps_of;
use crate::core::op::{AnswerValue, Op, OpBody};
use crate::core::region::lokus_display;
use crate::core::review::ReviewStatus;
use crate::core::text::inert;
use crate::error::{Error, Result};
use crate::identity::{Role, fingerprint};

/// One candidate value of a conflicted slot. Its JSON adds `value` (the value in words)
/// at the edge (`present::json::conflicts`).
#[derive(Debug, Clone, Serialize)]
pub struct CandidateView {
    /// 1-based number used by `resolve --pick`.
    pub n: usize,
    pub raw: AnswerValue,
    pub device: String,
    pub name: String,
    pub seq: u64,
    pub wall_ms: i64,
    pub note: Option<String>,
    pub evidence: Vec<String>,
    /// The hashes of `evidence`, in the same order (to open a file; not in the JSON).
    #[serde(skip)]
    pub evidence_hashes: Vec<String>,
    pub resolution: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SlotConflict {
    pub assessment: String,
    pub pemda_name: String,
    pub lokus_name: String,
    pub indicator: String,
    pub candidates: Vec<CandidateView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ForkView {
    pub device: String,
    pub name: String,
    pub fingerprint: String,
    pub seq: u64,
}

/// Everything a supervisor must decide or chase.
#[derive(Debug, Clone, Serialize)]
pub struct ConflictsReport {
    pub conflicts: Vec<SlotConflict>,
    pub held: Vec<HeldView>,
    pub forks: Vec<ForkView>,
    pub gaps: Vec<GapView>,
    pub pending_evidence: Vec<String>,
}

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
    /// The assessments here, newest round first (then by id).
    pub items: Vec<DashItem>,
}

/// One assessment of a dashboard row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DashItem {
    pub id: String,
    pub round: u16,
    pub finalized: bool,
    /// The derived review state; `None` (no decision yet) counts as received.
    pub review: Option<ReviewStatus>,
}

impl DashItem {
    /// The review state, an assessment with no decision being received.
    #[must_use]
    pub fn state(&self) -> ReviewStatus {
        self.review.unwrap_or(ReviewStatus::Received)
    }
}

impl DashRow {
    /// Something here needs the supervisor's attention: a draft, a conflict, pending
    /// evidence, a gap or fork, or an assessment sent back for revision.
    #[must_use]
    pub fn has_problems(&self) -> bool {
        self.drafts()
            + self.conflicts
            + self.pending_evidence
            + self.gaps
            + self.forks
            + self.in_state(ReviewStatus::NeedsRevision)
            > 0
    }

    /// Assessments not finalized.
    #[must_use]
    pub fn drafts(&self) -> usize {
        self.assessments.saturating_sub(self.finalized)
    }

    /// Assessments in review state `s` (no decision counts as received).
    #[must_use]
    pub fn in_state(&self, s: ReviewStatus) -> usize {
        self.items.iter().filter(|i| i.state() == s).count()
    }
}

impl Workspace {
    /// Open conflicts (numbered candidates), held ops, forks, gaps and pending evidence.
    ///
    /// # Errors
    /// Storage failure.
    pub fn conflicts(&self) -> Result<ConflictsReport> {
        let mut conflicts = Vec::new();
        for st in self.store.assessments_iter() {
            let st = st?;
            let (pemda_name, lokus_name) = st.header.as_ref().map_or_else(
                || (String::new(), String::new()),
                |h| {
                    (
                        h.pemda_name.clone(),
                        crate::core::region::lokus_display(&h.lokus, h.lokus_name.as_deref()),
                    )
                },
            );
            for (ind, slot) in &st.slots {
                if !slot.in_conflict() {
                    continue;
                }
                let evidence = slot.evidence();
                let candidates = slot
                    .heads
                    .iter()
                    .enumerate()
                    .map(|(i, h)| CandidateView {
                        n: i + 1,
                        raw: h.value,
                        device: h.op.device.clone(),
                        name: inert(&self.device_name(&h.op.device), false),
                        seq: h.op.seq,
                        wall_ms: h.wall_ms,
                        note: slot
                            .notes
                            .get(&h.op.device)
                            .map(|n| inert(&n.text, false))
                            .filter(|t| !t.is_empty()),
                        evidence: evidence
                            .iter()
                            .filter(|e| e.op.device == h.op.device)
                            .map(|e| inert(&e.blob.name, false))
                            .collect(),
                        evidence_hashes: evidence
                            .iter()
                            .filter(|e| e.op.device == h.op.device)
                            .map(|e| e.blob.hash.clone())
                            .collect(),
                        resolution: h.resolution.as_deref().map(|r| inert(r, false)),
                    })
                    .collect();
                conflicts.push(SlotConflict {
                    assessment: st.id.clone(),
                    pemda_name: pemda_name.clone(),
                    lokus_name: lokus_name.clone(),
                    indicator: ind.clone(),
                    candidates,
                });
            }
        }
        let forks = self.store.forks()?;
        let mut held = Vec::new();
        for (r, h) in self.store.held_ops()? {
            if forks.get(&r.device).is_some_and(|n| r.seq >= *n) {
                continue;
            }
            let op = self.store.op(&r.device, r.seq)?;
            held.push(HeldView {
                name: inert(&self.device_name(&r.device), false),
                claim: self.device_claim(&r.device).map(|n| inert(&n, false)),
                kind: op
                    .as_ref()
                    .map(|o| o.body.kind().to_string())
                    .unwrap_or_default(),
                assessment: op
                    .as_ref()
                    .map(|o| o.body.assessment().to_string())
                    .unwrap_or_default(),
                indicator: op
                    .as_ref()
                    .and_then(|o| o.body.indicator().map(str::to_string)),
                device: r.device,
                seq: r.seq,
                reason: h.reason,
                detail: h.detail,
            });
        }
        let forks_v = forks
            .iter()
            .map(|(d, s)| ForkView {
                device: d.clone(),
                name: inert(&self.device_name(d), false),
                fingerprint: fingerprint(d),
                seq: *s,
            })
            .collect();
        let mut gaps = Vec::new();
        for (d, runs) in self.store.all_runs()? {
            for (from, to) in gaps_of(&runs) {
                gaps.push(GapView {
                    device: d.clone(),
                    name: inert(&self.device_name(&d), false),
                    claim: self.device_claim(&d).map(|n| inert(&n, false)),
                    from,
                    to,
                });
            }
        }
        Ok(ConflictsReport {
            conflicts,
            held,
            forks: forks_v,
            gaps,
            pending_evidence: self.store.pending_blobs()?.into_iter().collect(),
        })
    }

    /// Resolve a slot: pick candidate `pick` (1-based, as `conflicts` numbers them) or set
    /// `value`, with a reason. Only a supervisor may. Writes one `Resolve` op.
    ///
    /// # Errors
    /// `NotSupervisor`, `ReasonRequired`, `NoConflict`, `BadPick`, unknown assessment,
    /// indicator or value.
    pub fn resolve(
        &self,
        id: &str,
        indicator: &str,
        pick: Option<usize>,
        value: Option<&str>,
        reason: &str,
    ) -> Result<Vec<Op>> {
        let me = self.require_identity()?;
        if me.role != Role::Supervisor {
            return Err(Error::NotSupervisor);
        }
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::ReasonRequired);
        }
        let d = self.detail(id)?;
        let ind = super::answer::canonical_indicator(&d.instrument, indicator)?;
        let slot = d.state.slots.get(&ind).cloned().unwrap_or_default();
        let chosen = match (pick, value) {
            (Some(n), _) => {
                if !slot.in_conflict() {
                    return Err(Error::NoConflict {
                        assessment: d.state.id.clone(),
                        indicator: ind,
                    });
                }
                let max = slot.heads.len();
                if n == 0 || n > max {
                    return Err(Error::BadPick { n, max });
                }
                slot.heads[n - 1].value
            }
            (None, Some(v)) => Self::parse_value(&d.instrument, &ind, v)?,
            (None, None) => {
                return Err(Error::BadPick {
                    n: 0,
                    max: slot.heads.len(),
                });
            }
        };
        let iref = match d.state.header.as_ref() {
            Some(h) if h.instrument.hash == d.instrument.content_hash()? => h.instrument.clone(),
            _ => self.keep_instrument(&d.instrument)?,
        };
        self.store.commit(
            &me.device,
            &[(
                OpBody::Resolve {
                    assessment: d.state.id.clone(),
                    indicator: ind,
                    value: chosen,
                    supersedes: slot.head_refs(),
                    reason: reason.to_string(),
                    instrument: iref,
                },
                None,
            )],
            now_ms(),
        )
    }

    /// Digest of the merged state (answers, conflicts, forks, held ops, gaps, pending
    /// evidence): equal digests mean equal stores.
    ///
    /// # Errors
    /// Storage failure.
    pub fn state_digest(&self) -> Result<String> {
        self.store.state_digest()
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
        for st in self.store.briefs_iter() {
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
            r.conflicts += st.conflicts.len();
            if st.parallel_edits() {
                r.parallel += 1;
            }
            r.pending_evidence += st.evidence.iter().filter(|h| pending.contains(*h)).count();
            r.items.push(DashItem {
                id: st.id.clone(),
                round: h.round,
                finalized: st.is_final(),
                review: st.review_status(),
            });
            devices.extend(st.devices.iter().cloned());
        }
        let mut out: Vec<DashRow> = rows
            .into_values()
            .map(|(mut r, devices)| {
                r.gaps = devices.intersection(&gapped).count();
                r.forks = devices.intersection(&forks).count();
                r.items
                    .sort_by(|a, b| b.round.cmp(&a.round).then_with(|| a.id.cmp(&b.id)));
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

    #[test]
    fn only_supervisors_review_and_revision_needs_a_comment() {
        let dir = tempfile::tempdir().expect("dir");
        let dirs = Dirs::resolve(Some(&dir.path().join("d")), Some(&dir.path().join("c")));
        let ws = Workspace::open(&dirs).expect("open");
        ws.init("Sari", None, None, Role::Assessor).expect("init");
        let c = ws
            .new_assessment(2024, None, "61.71", "puskesmas", Some("Alianyang"))
            .expect("new");
        assert!(matches!(
            ws.set_review(&super::super::ReviewRequest::new(
                &c.id,
                crate::core::op::ReviewState::Approved
            )),
            Err(Error::NotSupervisor)
        ));
    }
}
