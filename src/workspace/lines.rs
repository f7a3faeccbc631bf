//! The assessment list from list lines (`storage::line`): each assessment's line is made
//! once from its brief (derived levels, score, category) and kept beside it, so listing a
//! national store (5,283 assessments) reads the small lines instead of decoding and
//! scoring every brief (issue 17: the TUI's first frame).
//!
//! The store makes a line stale whenever its brief changes; this module makes the stale
//! ones again (and writes them back when this workspace may write). What a line holds
//! depends on the program that scored it (the scoring code, the embedded instruments and
//! the instrument files of the config folder), so each line is stamped with
//! [`Workspace::line_stamp`] and a line of another stamp is made again; a program that
//! cannot tell who it is (its executable unreadable) makes every line and keeps none.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{AssessmentStatus, Label, Summary, Workspace};
use crate::core::brief::Brief;
use crate::core::instrument::{Instrument, Zone};
use crate::core::review::ReviewStatus;
use crate::core::scoring::score_lokus;
use crate::error::Result;
use crate::storage::line::MadeLine;

/// Stale lines above which their briefs are read in one scan rather than one by one.
const SCAN_ABOVE: usize = 256;

/// What a line holds: the summary, or `None` for an assessment the list leaves out (no
/// header yet). The score is kept as its bits, so it reads back exactly.
#[derive(Serialize, Deserialize)]
struct Record {
    #[serde(rename = "l")]
    line: Option<Fields>,
}

/// Kept under one-letter keys: a line is read for every assessment at every list.
#[derive(Serialize, Deserialize)]
struct Fields {
    #[serde(rename = "a")]
    id: String,
    #[serde(rename = "b")]
    round: u16,
    #[serde(rename = "c")]
    pemda: String,
    #[serde(rename = "d")]
    pemda_name: String,
    #[serde(rename = "e")]
    lokus: String,
    #[serde(rename = "f")]
    lokus_name: String,
    #[serde(rename = "g")]
    instrument: String,
    #[serde(rename = "h")]
    answered: usize,
    #[serde(rename = "i")]
    total: usize,
    #[serde(rename = "j")]
    score_bits: Option<u64>,
    #[serde(rename = "k")]
    category: Option<String>,
    #[serde(rename = "l")]
    label: Option<(String, String)>,
    #[serde(rename = "m")]
    zone: Option<Zone>,
    #[serde(rename = "n")]
    status: AssessmentStatus,
    #[serde(rename = "o")]
    conflicts: usize,
    #[serde(rename = "p")]
    flagged: usize,
    #[serde(rename = "q")]
    review: Option<ReviewStatus>,
    #[serde(rename = "r")]
    open_comments: usize,
    #[serde(rename = "s")]
    comments: usize,
    #[serde(rename = "t")]
    last_change_ms: i64,
}

impl From<&Summary> for Fields {
    fn from(s: &Summary) -> Fields {
        Fields {
            id: s.id.clone(),
            round: s.round,
            pemda: s.pemda.clone(),
            pemda_name: s.pemda_name.clone(),
            lokus: s.lokus.clone(),
            lokus_name: s.lokus_name.clone(),
            instrument: s.instrument.clone(),
            answered: s.answered,
            total: s.total,
            score_bits: s.score.map(f64::to_bits),
            category: s.category.clone(),
            label: s.label.as_ref().map(|l| (l.id.clone(), l.en.clone())),
            zone: s.zone,
            status: s.status,
            conflicts: s.conflicts,
            flagged: s.flagged,
            review: s.review,
            open_comments: s.open_comments,
            comments: s.comments,
            last_change_ms: s.last_change_ms,
        }
    }
}

impl From<Fields> for Summary {
    fn from(f: Fields) -> Summary {
        Summary {
            id: f.id,
            round: f.round,
            pemda: f.pemda,
            pemda_name: f.pemda_name,
            lokus: f.lokus,
            lokus_name: f.lokus_name,
            instrument: f.instrument,
            answered: f.answered,
            total: f.total,
            score: f.score_bits.map(f64::from_bits),
            category: f.category,
            label: f.label.map(|(id, en)| Label { id, en }),
            zone: f.zone,
            status: f.status,
            conflicts: f.conflicts,
            flagged: f.flagged,
            review: f.review,
            open_comments: f.open_comments,
            comments: f.comments,
            last_change_ms: f.last_change_ms,
        }
    }
}

/// The bytes of a line: the stamp, then the record's JSON.
fn encode(stamp: &[u8; 16], line: Option<&Summary>) -> Option<Vec<u8>> {
    let mut v = stamp.to_vec();
    serde_json::to_writer(
        &mut v,
        &Record {
            line: line.map(Fields::from),
        },
    )
    .ok()?;
    Some(v)
}

/// A line's summary (`Some(None)`: an assessment the list leaves out), or `None` when the
/// line is another program's or unreadable (made again).
fn decode(stamp: &[u8; 16], v: &[u8]) -> Option<Option<Summary>> {
    let body = v.strip_prefix(&stamp[..])?;
    let r: Record = serde_json::from_slice(body).ok()?;
    Some(r.line.map(Summary::from))
}

/// A file's size, inode and times into `h` (a file rewritten is another file).
fn hash_file_times(h: &mut blake3::Hasher, m: &std::fs::Metadata) {
    use std::os::unix::fs::MetadataExt;
    for n in [
        m.len(),
        m.ino(),
        m.mtime().cast_unsigned(),
        m.mtime_nsec().cast_unsigned(),
        m.ctime().cast_unsigned(),
        m.ctime_nsec().cast_unsigned(),
    ] {
        h.update(&n.to_le_bytes());
    }
}

impl Workspace {
    /// Summary of every assessment, newest change first. Reads the briefs, never the
    /// projections (`storage::brief`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn list(&self) -> Result<Vec<Summary>> {
        let mut out = self.list_lines()?;
        out.sort_by(|a, b| {
            (&a.pemda_name, &a.lokus_name, a.round).cmp(&(&b.pemda_name, &b.lokus_name, b.round))
        });
        Ok(out)
    }

    /// The list line of a brief, its derived levels set (`None`: no header, or an
    /// instrument this program cannot find; such an assessment is not listed). `cache`
    /// keeps the instruments by hash.
    fn brief_line(
        &self,
        b: &mut Brief,
        cache: &mut BTreeMap<String, Instrument>,
    ) -> Option<Summary> {
        self.derive_brief(b);
        let h = b.header.as_ref()?;
        let inst = match cache.get(&h.instrument.hash) {
            Some(i) => i,
            None => {
                let i = self.instrument_for(&h.instrument).ok()?;
                cache.entry(h.instrument.hash.clone()).or_insert(i)
            }
        };
        let score = score_lokus(inst, &b.answers());
        Some(Self::summary_of(b, inst, &score))
    }

    /// Who makes this workspace's lines: a hash of the format, this program's version
    /// and executable (size, times, inode: a new build is another program) and the
    /// instrument files of the config folder. `None` when the executable cannot be read.
    pub(super) fn line_stamp(&self) -> Option<[u8; 16]> {
        *self.line_stamp.get_or_init(|| {
            use std::os::unix::fs::MetadataExt;
            let mut h = blake3::Hasher::new();
            h.update(b"tilik list line 1\0");
            h.update(env!("CARGO_PKG_VERSION").as_bytes());
            let exe = std::env::current_exe().ok()?;
            let m = std::fs::metadata(exe).ok()?;
            h.update(&m.dev().to_le_bytes());
            hash_file_times(&mut h, &m);
            if let Ok(rd) = std::fs::read_dir(self.dirs.instruments()) {
                let mut files: Vec<_> = rd.filter_map(std::result::Result::ok).collect();
                files.sort_by_key(std::fs::DirEntry::file_name);
                for f in files {
                    h.update(f.file_name().as_encoded_bytes());
                    h.update(b"\0");
                    // A file that cannot be read now may be read by the catalog: never
                    // keep lines then.
                    hash_file_times(&mut h, &f.metadata().ok()?);
                }
            }
            let mut out = [0u8; 16];
            out.copy_from_slice(&h.finalize().as_bytes()[..16]);
            Some(out)
        })
    }

    /// Make the stale list lines now (after an import), so the next list reads them.
    ///
    /// # Errors
    /// Storage failure.
    pub(crate) fn refresh_lines(&self) -> Result<()> {
        self.list_lines().map(|_| ())
    }

    /// Every listed assessment's summary, unsorted: made lines read back, stale ones made
    /// from their briefs (and kept when this workspace may write).
    pub(super) fn list_lines(&self) -> Result<Vec<Summary>> {
        let stamp = self.line_stamp();
        let mut out = Vec::new();
        let mut stale: Vec<String> = Vec::new();
        for l in self.store.lines() {
            let l = l?;
            match stamp.and_then(|st| l.made().and_then(|m| decode(&st, m))) {
                Some(Some(s)) => out.push(s),
                Some(None) => {}
                None => stale.push(l.id),
            }
        }
        if stale.is_empty() {
            return Ok(out);
        }
        let mut cache: BTreeMap<String, Instrument> = BTreeMap::new();
        let mut made: Vec<MadeLine> = Vec::new();
        let mut make = |mut b: Brief, seal: Option<[u8; 32]>, out: &mut Vec<Summary>| {
            let line = self.brief_line(&mut b, &mut cache);
            // An assessment left out only for want of an instrument may be listed once
            // the instrument arrives: its absence is not kept.
            let keep = line.is_some() || b.header.is_none();
            if keep
                && let (Some(st), Some(seal)) = (stamp, seal)
                && let Some(bytes) = encode(&st, line.as_ref())
            {
                made.push(MadeLine {
                    id: b.id.clone(),
                    seal,
                    bytes,
                });
            }
            out.extend(line);
        };
        if stale.len() > SCAN_ABOVE {
            let want: BTreeSet<String> = stale.into_iter().collect();
            for b in self.store.sealed_briefs() {
                let (b, seal) = b?;
                if want.contains(&b.id) {
                    make(b, seal, &mut out);
                }
            }
        } else {
            for id in stale {
                if let Some((b, seal)) = self.store.sealed_brief(&id)? {
                    make(b, seal, &mut out);
                }
            }
        }
        // Lines are a cache: one that cannot be written now is made again next time.
        let _ = self.store.put_lines(made);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dirs;
    use crate::core::op::AnswerValue;
    use crate::identity::Role;
    use crate::workspace::answer::AnswerRequest;

    /// The list computed from the briefs alone, sorted as `list` sorts.
    fn from_briefs(ws: &Workspace) -> Vec<Summary> {
        let mut cache = BTreeMap::new();
        let mut out: Vec<Summary> = ws
            .store
            .briefs_iter()
            .filter_map(|b| ws.brief_line(&mut b.expect("brief"), &mut cache))
            .collect();
        out.sort_by(|a, b| {
            (&a.pemda_name, &a.lokus_name, a.round).cmp(&(&b.pemda_name, &b.lokus_name, b.round))
        });
        out
    }

    fn made(ws: &Workspace) -> usize {
        ws.store
            .lines()
            .filter(|l| l.as_ref().expect("line").made().is_some())
            .count()
    }

    /// An assessor's workspace in a temp dir with one opini-2024 assessment.
    fn rina() -> (tempfile::TempDir, Dirs, Workspace, String) {
        let dir = tempfile::tempdir().expect("dir");
        let dirs = Dirs::resolve(Some(&dir.path().join("d")), Some(&dir.path().join("c")));
        let ws = Workspace::open(&dirs).expect("open");
        ws.init("Rina", None, None, Role::Assessor).expect("init");
        let a = ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "disdukcapil", None)
            .expect("new")
            .id;
        (dir, dirs, ws, a)
    }

    #[test]
    fn the_list_from_lines_is_the_list_from_briefs_and_follows_every_change() {
        let (_dir, dirs, ws, a) = rina();
        let b = ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "dpmptsp", None)
            .expect("new")
            .id;
        ws.answer(&AnswerRequest::new(&a, "I.1").value(AnswerValue::Score(3)))
            .expect("answer");
        // First list: every line made from its brief, and kept.
        assert_eq!(made(&ws), 0);
        let first = ws.list().expect("list");
        assert_eq!(first.len(), 2);
        assert_eq!(first, from_briefs(&ws));
        assert_eq!(made(&ws), 2);
        // Read back: the same list, exactly (scores to the bit).
        assert_eq!(ws.list().expect("list"), first);
        // A change makes that one line stale; the list shows the change.
        ws.answer(&AnswerRequest::new(&b, "I.1").value(AnswerValue::Score(1)))
            .expect("answer");
        assert_eq!(made(&ws), 1);
        let after = ws.list().expect("list");
        assert_ne!(after, first);
        assert_eq!(after, from_briefs(&ws));
        assert_eq!(made(&ws), 2);
        // Across a reopen (a clean close), the kept lines are used as they are.
        drop(ws);
        let ws = Workspace::open(&dirs).expect("reopen");
        assert_eq!(made(&ws), 2);
        assert_eq!(ws.list().expect("list"), after);
    }

    #[test]
    fn a_line_of_another_program_is_made_again() {
        let (_dir, _dirs, ws, a) = rina();
        let stamp = ws.line_stamp().expect("stamp");
        let (_, seal) = ws.store.sealed_brief(&a).expect("brief").expect("some");
        // A line that says something else, made by another program (another stamp).
        let mut wrong = ws.list().expect("list")[0].clone();
        wrong.answered = 99;
        let mut other = stamp;
        other[0] ^= 1;
        ws.store
            .put_lines(vec![MadeLine {
                id: a.clone(),
                seal: seal.expect("sealed"),
                bytes: encode(&other, Some(&wrong)).expect("encode"),
            }])
            .expect("put");
        assert_eq!(ws.list().expect("list"), from_briefs(&ws));
        assert_ne!(ws.list().expect("list")[0].answered, 99);
        // And a line of this program that cannot be read is made again too.
        let mut bad = stamp.to_vec();
        bad.extend_from_slice(b"{not json");
        ws.store
            .put_lines(vec![MadeLine {
                id: a,
                seal: seal.expect("sealed"),
                bytes: bad,
            }])
            .expect("put");
        assert_eq!(ws.list().expect("list"), from_briefs(&ws));
    }
}
