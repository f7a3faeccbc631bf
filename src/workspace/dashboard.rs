//! The dashboard's roll-up per pemda (issue 14): the per-lokus rows of
//! [`Workspace::dashboard`] grouped by pemda, each with the pemda's score, category and
//! provisional flag from the same report figures as `tilik report` (the pemda's newest
//! round in the store).

use std::collections::BTreeMap;

use serde::Serialize;

use super::Workspace;
use super::supervisor::DashRow;
use crate::core::report::{Category, Options};
use crate::core::review::ReviewStatus;
use crate::error::Result;

/// One pemda of the dashboard with its lokus rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PemdaDash {
    pub pemda: String,
    pub pemda_name: String,
    /// The round the score is of (the pemda's newest), `None` when nothing scores yet.
    pub round: Option<u16>,
    pub score: Option<f64>,
    pub category: Option<Category>,
    /// A lokus of that round is not final or has an open conflict (`tilik report`'s
    /// "sementara").
    pub provisional: bool,
    /// Its lokus rows, by lokus name.
    pub lokus: Vec<DashRow>,
}

impl PemdaDash {
    /// Indicators in conflict over its lokus.
    #[must_use]
    pub fn conflicts(&self) -> usize {
        self.lokus.iter().map(|l| l.conflicts).sum()
    }

    /// Its assessments in review state `s` (no decision counts as received).
    #[must_use]
    pub fn in_state(&self, s: ReviewStatus) -> usize {
        self.lokus.iter().map(|l| l.in_state(s)).sum()
    }
}

/// A pemda's figures from the report: (round, score, category, provisional).
type Figures = (u16, Option<f64>, Option<Category>, bool);

/// Group `rows` (sorted by pemda then lokus name) by pemda; `scores` by pemda code:
/// (round, score, category, provisional).
fn roll_up(rows: Vec<DashRow>, scores: &BTreeMap<String, Figures>) -> Vec<PemdaDash> {
    let mut out: Vec<PemdaDash> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some(p) if p.pemda == r.pemda => p.lokus.push(r),
            _ => {
                let s = scores.get(&r.pemda);
                out.push(PemdaDash {
                    pemda: r.pemda.clone(),
                    pemda_name: r.pemda_name.clone(),
                    round: s.map(|s| s.0),
                    score: s.and_then(|s| s.1),
                    category: s.and_then(|s| s.2.clone()),
                    provisional: s.is_none_or(|s| s.3),
                    lokus: vec![r],
                });
            }
        }
    }
    out
}

impl Workspace {
    /// The dashboard per pemda, sorted by pemda name, its lokus by name.
    ///
    /// # Errors
    /// Storage failure.
    pub fn dashboard_pemda(&self) -> Result<Vec<PemdaDash>> {
        let mut rows = self.dashboard()?;
        rows.sort_by(|a, b| {
            (&a.pemda_name, &a.pemda, &a.lokus_name).cmp(&(&b.pemda_name, &b.pemda, &b.lokus_name))
        });
        let report = self.report(&Options::default())?;
        // Per pemda, its newest round (the report lists rounds in ascending order).
        let mut scores: BTreeMap<String, Figures> = BTreeMap::new();
        for p in report.pemda {
            scores.insert(p.code, (p.round, p.score, p.category, p.provisional));
        }
        Ok(roll_up(rows, &scores))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dirs;
    use crate::core::op::AnswerValue;
    use crate::identity::Role;
    use crate::workspace::AnswerRequest;

    #[test]
    fn one_row_per_pemda_with_the_report_score() {
        let dir = tempfile::tempdir().expect("dir");
        let dirs = Dirs::resolve(Some(&dir.path().join("d")), Some(&dir.path().join("c")));
        let ws = Workspace::open(&dirs).expect("open");
        ws.init("Sari", None, None, Role::Supervisor).expect("init");
        let a = ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "dpmptsp", None)
            .expect("new");
        ws.new_assessment(
            2024,
            Some("opini-2024"),
            "61.71",
            "puskesmas",
            Some("Alianyang"),
        )
        .expect("new");
        ws.new_assessment(2024, Some("opini-2024"), "64.72", "dpmptsp", None)
            .expect("new");
        let d = ws.detail(&a.id).expect("detail");
        let first = d
            .instrument
            .indicators()
            .next()
            .expect("one")
            .indicator
            .id
            .clone();
        ws.answer(&AnswerRequest::new(&a.id, &first).value(AnswerValue::Score(3)))
            .expect("answer");
        let v = ws.dashboard_pemda().expect("dash");
        assert_eq!(v.len(), 2, "{v:?}");
        let pontianak = v.iter().find(|p| p.pemda == "61.71").expect("61.71");
        assert_eq!(pontianak.lokus.len(), 2);
        assert!(pontianak.provisional, "drafts are provisional");
        let r = ws
            .report(&Options {
                round: Some(2024),
                ..Options::default()
            })
            .expect("report");
        let want = r
            .pemda
            .iter()
            .find(|p| p.code == "61.71")
            .expect("in report");
        assert_eq!(pontianak.score, want.score);
        assert_eq!(pontianak.round, Some(2024));
        assert!(pontianak.score.is_some());
        assert_eq!(pontianak.in_state(ReviewStatus::Received), 2);
        assert_eq!(pontianak.conflicts(), 0);
        assert!(
            pontianak.lokus.iter().all(|l| l.has_problems()),
            "drafts are problems"
        );
    }
}
