//! Briefs: beside each assessment's projection (`assess`), its brief
//! ([`core::brief::Brief`](crate::core::brief::Brief)) in the `brief` tree, so the home
//! list, the dashboard and a report read a few kilobytes per assessment instead of
//! decoding every projection (issue 17).
//!
//! A brief is never written on its own: every write of a projection goes through
//! [`put_state`] (a batch: an own commit, a repair) or [`stage_state`] (a staged merge),
//! which write the projection and [`Brief::of`] it in the same atomic write, and a
//! projection is removed with its brief the same way. The stored brief is sealed with the
//! blake3 hash of the projection bytes written with it ([`encode`]: `0x01`, 32 hash
//! bytes, then the brief's JSON; a brief from before seals is its JSON alone), so opening
//! after an unclean close can prove each projection is the one written with its brief
//! without decoding either ([`Store::check_projections`]). Projection and brief can only
//! disagree when the store is damaged or a write forgot these functions; `tilik store rebuild --check`
//! ([`Store::rebuild_check`]) compares both with a rebuild from the log and `tilik store
//! rebuild` rewrites both. A store from before briefs gets them from the schema upgrade
//! ([`Store::build_briefs`]).

use super::backend::{Batch, Keys, Order, Tree};
use super::staged::Staged;
use super::{Store, corrupt, json, line, packed};
use crate::core::assessment::AssessmentState;
use crate::core::brief::Brief;
use crate::error::Result;

/// First byte of a sealed brief (a JSON brief starts with `{`).
const SEALED: u8 = 0x01;

/// The seal of a stored brief: the hash of its projection's bytes (`None` for a brief
/// from before seals).
pub(super) fn seal(v: &[u8]) -> Option<&[u8]> {
    (v.first() == Some(&SEALED)).then(|| v.get(1..33)).flatten()
}

pub(super) fn decode(v: &[u8]) -> Result<Brief> {
    let body = match seal(v) {
        Some(_) => &v[33..],
        None if v.first() == Some(&SEALED) => return Err(corrupt("brief", "short seal")),
        None => v,
    };
    serde_json::from_slice(body).map_err(|e| corrupt("brief", e))
}

/// The stored brief of `st`, whose projection bytes are `state` (as written beside it).
///
/// # Errors
/// A value that cannot be encoded.
pub(super) fn encode(state: &[u8], st: &AssessmentState) -> Result<Vec<u8>> {
    let mut v = Vec::with_capacity(512);
    v.push(SEALED);
    v.extend_from_slice(blake3::hash(state).as_bytes());
    v.extend(json(&Brief::of(st))?);
    Ok(v)
}

/// Write `st` as the projection of `id`, and its brief, into `batch`.
///
/// # Errors
/// A value that cannot be encoded.
pub(super) fn put_state(batch: &mut Batch, id: &str, st: &AssessmentState) -> Result<()> {
    let state = packed::encode(st)?;
    batch.put(Tree::Brief, id.as_bytes(), encode(&state, st)?);
    batch.put(Tree::Line, id.as_bytes(), line::STALE);
    batch.put(Tree::Assess, id.as_bytes(), state);
    Ok(())
}

/// Remove the projection of `id` and its brief in `batch`.
pub(super) fn remove_state(batch: &mut Batch, id: &str) {
    batch.remove(Tree::Assess, id.as_bytes());
    batch.remove(Tree::Brief, id.as_bytes());
    batch.remove(Tree::Line, id.as_bytes());
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
            let state = packed::encode(st)?;
            staged.put(Tree::Brief, id.as_bytes(), encode(&state, st)?)?;
            staged.put(Tree::Line, id.as_bytes(), line::STALE.to_vec())?;
            staged.put(Tree::Assess, id.as_bytes(), state)
        }
        None => {
            staged.remove(Tree::Assess, id.as_bytes())?;
            staged.remove(Tree::Brief, id.as_bytes())?;
            staged.remove(Tree::Line, id.as_bytes())
        }
    }
}

/// Whether the stored brief `brief` was written with the projection bytes `state`:
/// its seal is their hash, or (a brief from before seals) it is the brief of their
/// decoded state. A value that cannot be read does not match.
pub(super) fn sealed_with(brief: &[u8], state: &[u8]) -> bool {
    match seal(brief) {
        Some(h) => h == blake3::hash(state).as_bytes(),
        None => packed::decode(state)
            .ok()
            .zip(decode(brief).ok())
            .is_some_and(|(st, b)| b == Brief::of(&st)),
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
            let st = packed::decode(&v)?;
            b.put(Tree::Brief, k.to_vec(), encode(&v, &st)?);
            b.put(Tree::Line, k.to_vec(), line::STALE);
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

    /// Whether the stored brief of `id` is the brief of `st`, sealed with the hash of
    /// `st`'s bytes when it is sealed (both absent counts as equal).
    pub(super) fn brief_matches(&self, id: &str, st: Option<&AssessmentState>) -> Result<bool> {
        Ok(match (self.kv.get(Tree::Brief, id.as_bytes())?, st) {
            (None, None) => true,
            // A brief that cannot be read is as wrong as one that differs.
            (Some(v), Some(st)) => {
                decode(&v).is_ok_and(|b| b == Brief::of(st))
                    && match seal(&v) {
                        // Sealed with the packed bytes (schema 7), or with the
                        // JSON a schema-6 program wrote.
                        Some(h) => {
                            let json = json(st)?;
                            h == blake3::hash(&packed::pack(&json)).as_bytes()
                                || h == blake3::hash(&json).as_bytes()
                        }
                        None => true,
                    }
            }
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
