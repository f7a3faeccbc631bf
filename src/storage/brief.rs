//! Briefs: beside each assessment's projection (`assess`), its brief
//! ([`core::brief::Brief`](crate::core::brief::Brief)) in the `brief` tree, so the home
//! list, the dashboard and a report read a few kilobytes per assessment instead of
//! decoding every projection (issue 17).
//!
//! A brief is never written on its own: every write of a projection goes through
//! [`put_state`] (a batch: an own commit, a repair) or [`stage_state`] (a staged merge),
//! which write the projection and [`Brief::of`] it in the same atomic write, and a
//! projection is removed with its brief the same way. So the two can only disagree when
//! the store is damaged or a write forgot these functions; `tilik store rebuild --check`
//! ([`Store::rebuild_check`]) compares both with a rebuild from the log and `tilik store
//! rebuild` rewrites both. A store from before briefs gets them from the schema upgrade
//! ([`Store::build_briefs`]).

use super::backend::{Batch, Keys, Order, Tree};
use super::staged::Staged;
use super::{Store, corrupt, json};
use crate::core::assessment::AssessmentState;
use crate::core::brief::Brief;
use crate::error::Result;

fn decode(v: &[u8]) -> Result<Brief> {
    serde_json::from_slice(v).map_err(|e| corrupt("brief", e))
}

/// Write `st` as the projection of `id`, and its brief, into `batch`.
///
/// # Errors
/// A value that cannot be encoded.
pub(super) fn put_state(batch: &mut Batch, id: &str, st: &AssessmentState) -> Result<()> {
    batch.put(Tree::Assess, id.as_bytes(), json(st)?);
    batch.put(Tree::Brief, id.as_bytes(), json(&Brief::of(st))?);
    Ok(())
}

/// Remove the projection of `id` and its brief in `batch`.
pub(super) fn remove_state(batch: &mut Batch, id: &str) {
    batch.remove(Tree::Assess, id.as_bytes());
    batch.remove(Tree::Brief, id.as_bytes());
}

/// [`put_state`] (`Some`) or [`remove_state`] (`None`) in a staged merge.
///
/// # Errors
/// Storage failure (a chunk written), a value that cannot be encoded.
pub(super) fn stage_state(
    staged: &mut Staged<'_>,
    id: &str,
    st: Option<&AssessmentState>,
) -> Result<()> {
    match st {
        Some(st) => {
            staged.put(Tree::Assess, id.as_bytes(), json(st)?)?;
            staged.put(Tree::Brief, id.as_bytes(), json(&Brief::of(st))?)
        }
        None => {
            staged.remove(Tree::Assess, id.as_bytes())?;
            staged.remove(Tree::Brief, id.as_bytes())
        }
    }
}

/// Assessments per write when the upgrade builds briefs.
const UPGRADE_BATCH: usize = 256;

impl Store {
    /// The stored brief of one assessment.
    ///
    /// # Errors
    /// Storage failure, an unreadable brief.
    pub fn brief(&self, id: &str) -> Result<Option<Brief>> {
        match self.kv.get(Tree::Brief, id.as_bytes())? {
            None => Ok(None),
            Some(v) => decode(&v).map(Some),
        }
    }

    /// Every brief, one at a time, in assessment id order (memory: one brief).
    pub fn briefs_iter(&self) -> impl Iterator<Item = Result<Brief>> + '_ {
        let entries = match self.kv.scan(Tree::Brief, Keys::All, Order::Forward) {
            Ok(it) => it,
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        entries.map(|kv| decode(&kv?.1))
    }

    /// Replace (`Some`) or remove (`None`) the projection of `id` and its brief, in one
    /// write (a repair; the caller holds the writer lock).
    pub(super) fn write_state(&self, id: &str, st: Option<&AssessmentState>) -> Result<()> {
        let mut b = Batch::default();
        match st {
            Some(st) => put_state(&mut b, id, st)?,
            None => remove_state(&mut b, id),
        }
        self.kv.apply(b)
    }

    /// The schema upgrade to briefs: write the brief of every stored projection, a few
    /// hundred per write, reading one projection at a time.
    pub(super) fn build_briefs(&self) -> Result<()> {
        let mut b = Batch::default();
        let mut n = 0;
        for kv in self.kv.scan(Tree::Assess, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            let st: AssessmentState =
                serde_json::from_slice(&v).map_err(|e| corrupt("assessment", e))?;
            b.put(Tree::Brief, k.to_vec(), json(&Brief::of(&st))?);
            n += 1;
            if n % UPGRADE_BATCH == 0 {
                self.kv.apply(std::mem::take(&mut b))?;
            }
        }
        if !b.is_empty() {
            self.kv.apply(b)?;
        }
        Ok(())
    }

    /// Whether the stored brief of `id` is the brief of `st` (both absent counts as
    /// equal).
    pub(super) fn brief_matches(&self, id: &str, st: Option<&AssessmentState>) -> Result<bool> {
        Ok(match (self.kv.get(Tree::Brief, id.as_bytes())?, st) {
            (None, None) => true,
            // A brief that cannot be read is as wrong as one that differs.
            (Some(v), Some(st)) => decode(&v).is_ok_and(|b| b == Brief::of(st)),
            _ => false,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::instrument::InstrumentRef;
    use crate::core::op::{AnswerValue, OpBody};

    fn iref() -> InstrumentRef {
        InstrumentRef {
            id: "opini-2024".into(),
            version: "1".into(),
            hash: "h".into(),
        }
    }

    fn answer(id: &str, ind: &str, v: u8) -> OpBody {
        OpBody::SetAnswer {
            assessment: id.into(),
            indicator: ind.into(),
            value: AnswerValue::Score(v),
            old: None,
            supersedes: Vec::new(),
            instrument: iref(),
        }
    }

    /// Every stored brief is the brief of the stored projection, and each projection has
    /// one.
    fn assert_briefs_follow(s: &Store) {
        let ids = s.assessment_ids().expect("ids");
        let briefs: Vec<String> = s.briefs_iter().map(|b| b.expect("brief").id).collect();
        assert_eq!(briefs, ids);
        for id in ids {
            let st = s.assessment(&id).expect("read");
            assert!(s.brief_matches(&id, st.as_ref()).expect("match"), "{id}");
        }
    }

    #[test]
    fn commits_write_the_brief_with_the_projection() {
        let s = Store::in_memory().expect("store");
        let dev = "aa".repeat(32);
        s.commit(&dev, &[(answer("x", "P.1", 2), None)], 1000)
            .expect("commit");
        s.commit(
            &dev,
            &[(answer("x", "P.2", 1), None), (answer("y", "P.1", 3), None)],
            2000,
        )
        .expect("commit");
        assert_briefs_follow(&s);
        let b = s.brief("x").expect("read").expect("x");
        assert_eq!(b.values.len(), 2);
        assert_eq!(b.last_change_ms, 2000);
    }

    #[test]
    fn the_upgrade_builds_missing_briefs_and_a_check_finds_a_wrong_one() {
        let s = Store::in_memory().expect("store");
        let dev = "aa".repeat(32);
        for (i, id) in ["x", "y", "z"].into_iter().enumerate() {
            s.commit(&dev, &[(answer(id, "P.1", 1), None)], 1000 + i as i64)
                .expect("commit");
        }
        // A store from before briefs: none at all.
        for id in ["x", "y", "z"] {
            s.remove(Tree::Brief, id).expect("drop");
        }
        assert_eq!(s.briefs_iter().count(), 0);
        let c = s.rebuild_check(false).expect("check");
        assert_eq!(c.differ, vec!["x", "y", "z"]);
        s.build_briefs().expect("upgrade");
        assert_briefs_follow(&s);
        assert!(s.rebuild_check(false).expect("check").differ.is_empty());
        // A brief that says something else than its projection is found and fixed.
        let mut wrong = s.brief("y").expect("read").expect("y");
        wrong.finalized = true;
        s.put(Tree::Brief, "y", json(&wrong).expect("json"))
            .expect("tamper");
        s.put(Tree::Brief, "w", b"not json".to_vec())
            .expect("tamper");
        let c = s.rebuild_check(false).expect("check");
        assert_eq!(c.differ, vec!["w", "y"]);
        let (_, differ) = s.rebuild_compare().expect("compare");
        assert_eq!(differ, vec!["w", "y"]);
        let c = s.rebuild_check(true).expect("fix");
        assert_eq!(c.differ.len(), 2);
        assert!(!s.brief("y").expect("read").expect("y").finalized);
        assert_eq!(s.brief("w").expect("read"), None);
        assert!(s.rebuild_check(false).expect("again").differ.is_empty());
        assert_briefs_follow(&s);
    }
}
