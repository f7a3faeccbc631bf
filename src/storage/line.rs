//! List lines: beside each assessment's brief (`storage::brief`), the line of the
//! assessment list the workspace made from it (score, category, counts), in the `line`
//! tree, so the home list and `tilik list` read a few hundred bytes per assessment instead
//! of decoding every brief and scoring it (issue 17: the TUI's first frame on a national
//! store).
//!
//! The store does not know what a line says (the workspace scores; the store stores). It
//! keeps one rule: **a line is never newer or older than its brief**.
//! - Every write of a projection and its brief ([`put_state`](super::brief::put_state),
//!   [`stage_state`](super::brief::stage_state), a repair, an upgrade) sets the line to
//!   [`STALE`] (empty) in the same atomic write, and removing a projection removes its
//!   line. A pending (write-behind) projection reads as a stale line.
//! - A made line is `0x01`, the seal of the brief it was made from (the hash of the
//!   projection bytes, `brief::seal`), then the workspace's bytes. [`Store::put_lines`]
//!   writes it only while the stored brief still has that seal, under the lock every
//!   write takes, so a line made from a brief that changed meanwhile is dropped.
//! - After an unclean close, sled may bring back an older node of one tree and not of the
//!   other: opening checks every made line's seal against its brief and that every brief
//!   has a line ([`Store::check_lines`]); a line that fails is set stale. `tilik store
//!   rebuild --check` does the same.
//!
//! A stale line is made again by whoever lists next; a line is a cache, so losing one
//! costs a rescore, never a wrong answer. The workspace also stamps what it writes with the
//! program that made it, so a line made by another build is made again.

use std::collections::BTreeMap;

use super::backend::{Batch, Keys, Order, Tree, Value};
use super::{Store, brief};
use crate::core::brief::Brief;
use crate::error::Result;

/// The value of a line to be made (its brief was written after it).
pub(super) const STALE: &[u8] = b"";

/// First byte of a made line.
const MADE: u8 = 0x01;

/// Bytes before the workspace's part of a made line.
const HEAD: usize = 33;

/// One entry of the `line` tree.
pub struct LineEntry {
    /// The assessment.
    pub id: String,
    value: Value,
}

impl LineEntry {
    /// The workspace's bytes of a made line (`None`: stale, or not readable as a line).
    #[must_use]
    pub fn made(&self) -> Option<&[u8]> {
        (self.value.len() >= HEAD && self.value.first() == Some(&MADE)).then(|| &self.value[HEAD..])
    }
}

/// The seal a made line was made from.
fn line_seal(v: &[u8]) -> Option<&[u8]> {
    (v.len() >= HEAD && v.first() == Some(&MADE)).then(|| &v[1..HEAD])
}

/// A line to write: the assessment, the seal of the brief it was made from, its bytes.
pub struct MadeLine {
    pub id: String,
    pub seal: [u8; 32],
    pub bytes: Vec<u8>,
}

impl Store {
    /// Every line, in assessment id order (one per assessment with a brief).
    pub fn lines(&self) -> impl Iterator<Item = Result<LineEntry>> + '_ {
        let entries = match self.kv.scan(Tree::Line, Keys::All, Order::Forward) {
            Ok(it) => it,
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        entries.map(|kv| {
            let (k, value) = kv?;
            Ok(LineEntry {
                id: String::from_utf8_lossy(&k).into_owned(),
                value,
            })
        })
    }

    /// The brief of `id` with its seal (`None` for a brief from before seals: no line
    /// can be made from it).
    ///
    /// # Errors
    /// Storage failure, an unreadable brief.
    pub fn sealed_brief(&self, id: &str) -> Result<Option<(Brief, Option<[u8; 32]>)>> {
        match self.kv.get(Tree::Brief, id.as_bytes())? {
            None => Ok(None),
            Some(v) => {
                let seal = brief::seal(&v).and_then(|s| <[u8; 32]>::try_from(s).ok());
                Ok(Some((brief::decode(&v)?, seal)))
            }
        }
    }

    /// Every brief with its seal, in id order (for making many lines at once).
    pub fn sealed_briefs(&self) -> impl Iterator<Item = Result<(Brief, Option<[u8; 32]>)>> + '_ {
        let entries = match self.kv.scan(Tree::Brief, Keys::All, Order::Forward) {
            Ok(it) => it,
            Err(e) => Box::new(std::iter::once(Err(e))),
        };
        entries.map(|kv| {
            let (_, v) = kv?;
            let seal = brief::seal(&v).and_then(|s| <[u8; 32]>::try_from(s).ok());
            Ok((brief::decode(&v)?, seal))
        })
    }

    /// Write the lines made from the briefs they name, each only if that brief is still
    /// the stored one (same seal) and the assessment still has a line; a read-only view
    /// writes nothing. Not synced: a line lost in a crash is made again. Returns how many
    /// were written.
    ///
    /// # Errors
    /// Storage failure.
    pub fn put_lines(&self, lines: Vec<MadeLine>) -> Result<usize> {
        if self.read_only || lines.is_empty() {
            return Ok(0);
        }
        self.kv.apply_checked(|kv| {
            let mut b = Batch::default();
            let mut n = 0;
            for l in lines {
                let current = kv.get(Tree::Brief, l.id.as_bytes())?;
                let same = current
                    .as_deref()
                    .and_then(brief::seal)
                    .is_some_and(|s| s == l.seal);
                if !same || kv.get(Tree::Line, l.id.as_bytes())?.is_none() {
                    continue;
                }
                let mut v = Vec::with_capacity(HEAD + l.bytes.len());
                v.push(MADE);
                v.extend_from_slice(&l.seal);
                v.extend_from_slice(&l.bytes);
                b.put(Tree::Line, l.id.into_bytes(), v);
                n += 1;
            }
            Ok((b, n))
        })
    }

    /// Every brief has a line, every line a brief, and every made line the seal of its
    /// brief; the others are set stale (or removed: a line without a brief). Run after an
    /// unclean close and by the rebuild check. Returns how many were changed.
    ///
    /// # Errors
    /// Storage failure.
    pub(super) fn check_lines(&self) -> Result<u64> {
        // id → the brief's seal (empty for a brief from before seals).
        let mut seals: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        for kv in self.kv.scan(Tree::Brief, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            seals.insert(k.to_vec(), brief::seal(&v).unwrap_or_default().to_vec());
        }
        let mut b = Batch::default();
        let mut n = 0;
        for kv in self.kv.scan(Tree::Line, Keys::All, Order::Forward)? {
            let (k, v) = kv?;
            match seals.remove(&k[..]) {
                None => {
                    b.remove(Tree::Line, k.to_vec());
                    n += 1;
                }
                Some(seal) => {
                    let fine = v.is_empty() || line_seal(&v).is_some_and(|s| s == &seal[..]);
                    if !fine {
                        b.put(Tree::Line, k.to_vec(), STALE);
                        n += 1;
                    }
                }
            }
        }
        // Briefs left have no line.
        for k in seals.into_keys() {
            b.put(Tree::Line, k, STALE);
            n += 1;
        }
        if !b.is_empty() {
            let _writer = self.write_lock()?;
            self.kv.apply(b)?;
        }
        Ok(n)
    }

    /// The schema upgrade to lines: every brief gets a stale line.
    pub(super) fn stale_lines(&self) -> Result<()> {
        self.check_lines().map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::instrument::InstrumentRef;
    use crate::core::op::{AnswerValue, OpBody};

    fn answer(id: &str, ind: &str, v: u8) -> OpBody {
        OpBody::SetAnswer {
            assessment: id.into(),
            indicator: ind.into(),
            value: AnswerValue::Score(v),
            old: None,
            supersedes: Vec::new(),
            instrument: InstrumentRef {
                id: "opini-2024".into(),
                version: "1".into(),
                hash: "h".into(),
            },
        }
    }

    fn made(s: &Store) -> Vec<(String, Option<Vec<u8>>)> {
        s.lines()
            .map(|l| {
                let l = l.expect("line");
                let m = l.made().map(<[u8]>::to_vec);
                (l.id, m)
            })
            .collect()
    }

    fn make_all(s: &Store, tag: &[u8]) -> usize {
        let lines: Vec<MadeLine> = s
            .lines()
            .map(|l| l.expect("line").id)
            .map(|id| {
                let (_, seal) = s.sealed_brief(&id).expect("brief").expect("some");
                MadeLine {
                    id,
                    seal: seal.expect("sealed"),
                    bytes: tag.to_vec(),
                }
            })
            .collect();
        s.put_lines(lines).expect("put")
    }

    #[test]
    fn a_write_of_the_projection_makes_its_line_stale_and_a_made_line_reads_back() {
        let s = Store::in_memory().expect("store");
        let dev = "aa".repeat(32);
        s.commit(
            &dev,
            &[(answer("x", "P.1", 2), None), (answer("y", "P.1", 1), None)],
            1000,
        )
        .expect("commit");
        assert_eq!(made(&s), vec![("x".into(), None), ("y".into(), None)]);
        assert_eq!(make_all(&s, b"L1"), 2);
        assert_eq!(
            made(&s),
            vec![
                ("x".into(), Some(b"L1".to_vec())),
                ("y".into(), Some(b"L1".to_vec()))
            ]
        );
        // A new answer on y: its line is stale again (pending or applied), x's stays.
        s.commit(&dev, &[(answer("y", "P.2", 3), None)], 2000)
            .expect("commit");
        assert_eq!(
            made(&s),
            vec![("x".into(), Some(b"L1".to_vec())), ("y".into(), None)]
        );
        s.sync().expect("sync");
        assert_eq!(
            made(&s),
            vec![("x".into(), Some(b"L1".to_vec())), ("y".into(), None)]
        );
    }

    #[test]
    fn a_line_made_from_a_brief_that_changed_since_is_not_written() {
        let s = Store::in_memory().expect("store");
        let dev = "aa".repeat(32);
        s.commit(&dev, &[(answer("x", "P.1", 2), None)], 1000)
            .expect("commit");
        let (_, old) = s.sealed_brief("x").expect("brief").expect("some");
        s.commit(&dev, &[(answer("x", "P.2", 1), None)], 2000)
            .expect("commit");
        let n = s
            .put_lines(vec![MadeLine {
                id: "x".into(),
                seal: old.expect("sealed"),
                bytes: b"old".to_vec(),
            }])
            .expect("put");
        assert_eq!(n, 0);
        assert_eq!(made(&s), vec![("x".into(), None)]);
        // A line for an assessment that has none (no brief) is not written either.
        let n = s
            .put_lines(vec![MadeLine {
                id: "nobody".into(),
                seal: old.expect("sealed"),
                bytes: b"x".to_vec(),
            }])
            .expect("put");
        assert_eq!(n, 0);
        assert_eq!(made(&s).len(), 1);
    }

    #[test]
    fn the_check_restales_a_line_of_another_brief_and_fills_missing_ones() {
        let s = Store::in_memory().expect("store");
        let dev = "aa".repeat(32);
        s.commit(
            &dev,
            &[(answer("x", "P.1", 2), None), (answer("y", "P.1", 1), None)],
            1000,
        )
        .expect("commit");
        make_all(&s, b"L");
        s.sync().expect("sync");
        // What sled can bring back after a crash: y's line from another brief, x's line
        // gone, a line left for an assessment that is gone.
        let mut b = Batch::default();
        let mut other = vec![MADE];
        other.extend_from_slice(&[7u8; 32]);
        other.extend_from_slice(b"L");
        b.put(Tree::Line, b"y".to_vec(), other);
        b.remove(Tree::Line, b"x".to_vec());
        b.put(Tree::Line, b"z".to_vec(), STALE);
        s.kv.apply(b).expect("apply");
        assert_eq!(s.check_lines().expect("check"), 3);
        assert_eq!(made(&s), vec![("x".into(), None), ("y".into(), None)]);
        assert_eq!(s.check_lines().expect("check"), 0);
    }
}
