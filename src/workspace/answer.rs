//! The one answer path, for the command line and the terminal UI alike: a value checked
//! once against the instrument's scale (typed text is parsed by [`Workspace::parse_value`]
//! first), an optional note and evidence files, and for the terminal UI the checklist
//! position, all written in one durable commit. The assessment comes back as it is after
//! the commit, without re-reading what the answer did not change (the key press → saved →
//! redrawn path is measured in `BENCHMARKS.md`).

use std::path::Path;

use super::{Detail, UiPosition, Workspace, now_ms};
use crate::core::instrument::{Indicator, Instrument, InstrumentRef, Scale};
use crate::core::op::{AnswerValue, BlobRef, Op, OpBody};
use crate::core::scoring::score_lokus;
use crate::error::{Error, Result};

/// What to record on one indicator. Build it with [`AnswerRequest::new`] and the setters.
#[derive(Debug, Clone, Copy)]
pub struct AnswerRequest<'a> {
    /// Assessment id.
    pub assessment: &'a str,
    /// Indicator id, any case.
    pub indicator: &'a str,
    pub value: Option<AnswerValue>,
    /// This author's note (replaces the previous one).
    pub note: Option<&'a str>,
    /// Evidence files, read before anything is written.
    pub evidence: &'a [&'a Path],
    /// Where the checklist is now, saved in the same durable commit.
    pub position: Option<&'a UiPosition>,
}

impl<'a> AnswerRequest<'a> {
    /// Nothing yet on `indicator` of `assessment`.
    #[must_use]
    pub fn new(assessment: &'a str, indicator: &'a str) -> AnswerRequest<'a> {
        AnswerRequest {
            assessment,
            indicator,
            value: None,
            note: None,
            evidence: &[],
            position: None,
        }
    }

    #[must_use]
    pub fn value(mut self, v: AnswerValue) -> AnswerRequest<'a> {
        self.value = Some(v);
        self
    }

    #[must_use]
    pub fn note(mut self, text: &'a str) -> AnswerRequest<'a> {
        self.note = Some(text);
        self
    }

    #[must_use]
    pub fn evidence(mut self, files: &'a [&'a Path]) -> AnswerRequest<'a> {
        self.evidence = files;
        self
    }

    #[must_use]
    pub fn position(mut self, pos: &'a UiPosition) -> AnswerRequest<'a> {
        self.position = Some(pos);
        self
    }
}

/// What an answer saved: the ops written (none when nothing changed) and the assessment
/// as it is now.
#[derive(Debug, Clone)]
pub struct Answered {
    pub ops: Vec<Op>,
    pub detail: Detail,
}

/// The indicator's id as the instrument spells it.
pub(super) fn canonical_indicator(inst: &Instrument, indicator: &str) -> Result<String> {
    inst.indicator(indicator)
        .map(|p| p.indicator.id.clone())
        .ok_or_else(|| Error::UnknownIndicator {
            indicator: indicator.to_string(),
            instrument: inst.id.clone(),
        })
}

/// An indicator and its scale.
fn scale_of<'i>(inst: &'i Instrument, indicator: &str) -> Result<(&'i Indicator, &'i Scale)> {
    let pos = inst
        .indicator(indicator)
        .ok_or_else(|| Error::UnknownIndicator {
            indicator: indicator.to_string(),
            instrument: inst.id.clone(),
        })?;
    let ind = pos.indicator;
    let scale = inst
        .scale(&ind.scale)
        .ok_or_else(|| Error::UnknownInstrument(ind.scale.clone()))?;
    Ok((ind, scale))
}

/// `ValueOutOfScale` for `raw`, listing the keys the scale allows.
fn out_of_scale(ind: &Indicator, scale: &Scale, raw: &str) -> Error {
    let mut allowed: Vec<String> = scale
        .levels
        .iter()
        .map(|l| l.key_char().to_string())
        .collect();
    if ind.allow_na {
        allowed.push("n".into());
    }
    Error::ValueOutOfScale {
        indicator: ind.id.clone(),
        value: raw.to_string(),
        allowed: allowed.join(", "),
    }
}

/// A value is a level of the indicator's scale, or N/A where the indicator allows it.
fn check_value(inst: &Instrument, indicator: &str, value: AnswerValue) -> Result<()> {
    let (ind, scale) = scale_of(inst, indicator)?;
    match value {
        AnswerValue::Score(v) if scale.level(v).is_none() => {
            Err(out_of_scale(ind, scale, &v.to_string()))
        }
        AnswerValue::NotApplicable if !ind.allow_na => Err(out_of_scale(ind, scale, "n")),
        _ => Ok(()),
    }
}

/// Read an evidence file: (file name, bytes).
pub(super) fn read_evidence(p: &Path) -> Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(p).map_err(|source| Error::Evidence {
        path: p.to_path_buf(),
        source,
    })?;
    let name = p
        .file_name()
        .map_or_else(|| "bukti".to_string(), |n| n.to_string_lossy().to_string());
    Ok((name, bytes))
}

/// A MIME type from the file extension (display only).
#[must_use]
pub fn mime_of(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "doc" | "docx" => "application/msword",
        "mp4" => "video/mp4",
        "m4a" | "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

impl Workspace {
    /// Parse an answer typed by the user: a scale value or key, or `n`/`na`/`t/a` for N/A.
    ///
    /// # Errors
    /// `UnknownIndicator`, `ValueOutOfScale`.
    pub fn parse_value(inst: &Instrument, indicator: &str, raw: &str) -> Result<AnswerValue> {
        let (ind, scale) = scale_of(inst, indicator)?;
        let bad = || out_of_scale(ind, scale, raw);
        let t = raw.trim().to_lowercase();
        if matches!(t.as_str(), "n" | "na" | "n/a" | "t/a" | "ta") {
            return if ind.allow_na {
                Ok(AnswerValue::NotApplicable)
            } else {
                Err(bad())
            };
        }
        let mut chars = t.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(l) = scale.level_for_key(c)
        {
            return Ok(AnswerValue::Score(l.value));
        }
        match t.parse::<u8>() {
            Ok(v) if scale.level(v).is_some() => Ok(AnswerValue::Score(v)),
            _ => Err(bad()),
        }
    }

    /// Answer an indicator (optionally with a note, evidence files and the checklist
    /// position), durably, in one transaction. Evidence files are read before anything is
    /// written.
    ///
    /// # Errors
    /// Unknown assessment or indicator, a value outside the scale, an unreadable evidence
    /// file, storage failure.
    pub fn answer(&self, req: &AnswerRequest<'_>) -> Result<Answered> {
        let me = self.require_identity()?;
        let mut st = self.state(req.assessment)?;
        let h = st
            .header
            .clone()
            .ok_or_else(|| Error::UnknownAssessment(req.assessment.into()))?;
        let inst = self.instrument_for(&h.instrument)?;
        let ind = canonical_indicator(&inst, req.indicator)?;
        if let Some(v) = req.value {
            check_value(&inst, &ind, v)?;
        }
        let files = req
            .evidence
            .iter()
            .map(|p| read_evidence(p))
            .collect::<Result<Vec<_>>>()?;
        let slot = st.slots.get(&ind).cloned().unwrap_or_default();
        let mut bodies = Vec::new();
        if let Some(v) = req.value {
            bodies.push((
                OpBody::SetAnswer {
                    assessment: st.id.clone(),
                    indicator: ind.clone(),
                    value: v,
                    old: slot.value(),
                    supersedes: slot.head_refs(),
                    instrument: self.answer_ref(&h.instrument, &inst)?,
                },
                None,
            ));
        }
        if let Some(n) = req.note {
            let old = slot
                .notes
                .get(&me.device)
                .map(|n| n.text.clone())
                .unwrap_or_default();
            if old != n {
                bodies.push((
                    OpBody::SetNote {
                        assessment: st.id.clone(),
                        indicator: ind.clone(),
                        text: n.to_string(),
                        old,
                    },
                    None,
                ));
            }
        }
        for (name, bytes) in files {
            let hash = self.store.put_blob(&bytes)?;
            bodies.push((
                OpBody::AttachEvidence {
                    assessment: st.id.clone(),
                    indicator: ind.clone(),
                    blob: BlobRef {
                        hash,
                        size: bytes.len() as u64,
                        mime: mime_of(&name).to_string(),
                        name,
                    },
                },
                None,
            ));
        }
        let ops = if bodies.is_empty() {
            if let Some(pos) = req.position {
                self.save_position(pos)?;
            }
            Vec::new()
        } else {
            if let Some(pos) = req.position
                && self.position()?.as_ref() != Some(pos)
            {
                // Made durable by the commit's sync below.
                self.store.save_ui_position_deferred(pos)?;
            }
            let bodies = Self::ack_on(&me, &st, bodies);
            self.store.commit(&me.device, &bodies, now_ms())?
        };
        for op in &ops {
            st.apply(op);
        }
        let score = score_lokus(&inst, &st.answers());
        let summary = self.summarize(&st, &inst, &score);
        Ok(Answered {
            ops,
            detail: Detail {
                summary,
                instrument: inst,
                score,
                state: st,
            },
        })
    }

    /// The reference an answer records: the assessment's own when its exact definition is
    /// known (cached by hash), else that of the definition found, kept by hash.
    fn answer_ref(&self, named: &InstrumentRef, inst: &Instrument) -> Result<InstrumentRef> {
        if self.inst_cache.borrow().contains_key(&named.hash) {
            return Ok(named.clone());
        }
        self.keep_instrument(inst)
    }

    /// Set this author's note on an indicator.
    ///
    /// # Errors
    /// As [`Workspace::answer`].
    pub fn set_note(&self, id: &str, indicator: &str, text: &str) -> Result<Vec<Op>> {
        let a = self.answer(&AnswerRequest::new(id, indicator).note(text))?;
        // The note is saved: its draft (issue 16) is no longer needed.
        let ind = canonical_indicator(&a.detail.instrument, indicator)?;
        self.store.clear_note_draft(&a.detail.state.id, &ind)?;
        Ok(a.ops)
    }

    /// The assessment id and indicator id a note draft is kept under.
    fn draft_key(&self, id: &str, indicator: &str) -> Result<(String, String)> {
        let d = self.detail(id)?;
        let ind = canonical_indicator(&d.instrument, indicator)?;
        Ok((d.state.id, ind))
    }

    /// Keep the draft of the note being typed on an indicator, durably (journaled), so a
    /// crash does not lose it (issue 16). Saving the note or
    /// [`Workspace::discard_note_draft`] forgets it.
    ///
    /// # Errors
    /// Unknown assessment or indicator, storage failure.
    pub fn save_note_draft(&self, id: &str, indicator: &str, text: &str) -> Result<()> {
        let (aid, ind) = self.draft_key(id, indicator)?;
        self.store.save_note_draft(&aid, &ind, text)
    }

    /// Forget the draft of a note (the user discarded it), durably.
    ///
    /// # Errors
    /// Unknown assessment or indicator, storage failure.
    pub fn discard_note_draft(&self, id: &str, indicator: &str) -> Result<()> {
        let (aid, ind) = self.draft_key(id, indicator)?;
        self.store.clear_note_draft(&aid, &ind)
    }

    /// The note drafts of an assessment, by indicator.
    ///
    /// # Errors
    /// Unknown assessment, storage failure.
    pub fn note_drafts(&self, id: &str) -> Result<std::collections::BTreeMap<String, String>> {
        let st = self.state(id)?;
        self.store.note_drafts(&st.id)
    }

    /// Attach evidence files to an indicator.
    ///
    /// # Errors
    /// As [`Workspace::answer`].
    pub fn attach(&self, id: &str, indicator: &str, files: &[&Path]) -> Result<Vec<Op>> {
        Ok(self
            .answer(&AnswerRequest::new(id, indicator).evidence(files))?
            .ops)
    }
}

impl Workspace {
    /// Remove one attachment from an indicator (issue 16): a `DetachEvidence` op naming
    /// every current attach of that file on the indicator; the bytes stay in the store and
    /// `u` brings it back. An assessor may only remove what this device attached.
    ///
    /// # Errors
    /// `UnknownEvidence` when no current attachment has `hash`; `NotSupervisor` when an
    /// assessor would remove another device's file; as [`Workspace::answer`].
    pub fn detach(&self, id: &str, indicator: &str, hash: &str) -> Result<Vec<Op>> {
        let me = self.require_identity()?;
        let d = self.detail(id)?;
        let ind = canonical_indicator(&d.instrument, indicator)?;
        let slot = d.state.slots.get(&ind).cloned().unwrap_or_default();
        let attaches: Vec<_> = slot
            .evidence()
            .into_iter()
            .filter(|e| e.blob.hash == hash)
            .map(|e| e.op.clone())
            .collect();
        if attaches.is_empty() {
            return Err(Error::UnknownEvidence {
                indicator: ind,
                hash: hash.to_string(),
            });
        }
        if me.role != crate::identity::Role::Supervisor
            && attaches.iter().any(|r| r.device != me.device)
        {
            return Err(Error::NotSupervisor);
        }
        let body = OpBody::DetachEvidence {
            assessment: d.state.id.clone(),
            indicator: ind,
            hash: hash.to_string(),
            attaches,
        };
        let bodies = self.with_ack(&me, vec![(body, None)])?;
        self.store.commit(&me.device, &bodies, now_ms())
    }

    /// A copy of evidence `hash` under its original file name, for the system viewer
    /// (issue 16): `open/<hash prefix>/<name>` in the data folder, written through a
    /// temporary file and checked by hash on the way out. The store's own file is never
    /// handed out (its name has no extension and a viewer could change it).
    ///
    /// # Errors
    /// `EvidenceNotHere` when the store does not have the bytes (still to come from a
    /// bundle, or lost); `EvidenceLost` when they do not match their hash; `Io`.
    pub fn evidence_copy(&self, hash: &str, name: &str) -> Result<std::path::PathBuf> {
        let prefix: String = hash
            .chars()
            .filter(char::is_ascii_hexdigit)
            .take(16)
            .collect();
        let dir = self.dirs.data.join("open").join(&prefix);
        let path = dir.join(safe_file_name(name));
        let size = self.store.blob_entry(hash)?.map(|e| e.size);
        if let (Some(size), Ok(meta)) = (size, std::fs::metadata(&path))
            && meta.len() == size
        {
            return Ok(path);
        }
        let ioe = |what: &str| {
            let context = format!("{what} {}", path.display());
            move |source| Error::Io { context, source }
        };
        std::fs::create_dir_all(&dir).map_err(ioe("create"))?;
        let tmp = dir.join(".partial");
        let mut f = std::fs::File::create(&tmp).map_err(ioe("create"))?;
        let found = self
            .store
            .stream_blob(hash, &mut |chunk| std::io::Write::write_all(&mut f, chunk));
        let found = match found {
            Ok(found) => found,
            Err(e) => {
                let _ = std::fs::remove_file(&tmp);
                return Err(e);
            }
        };
        if !found {
            let _ = std::fs::remove_file(&tmp);
            return Err(Error::EvidenceNotHere(name.to_string()));
        }
        f.sync_all().map_err(ioe("write"))?;
        drop(f);
        std::fs::rename(&tmp, &path).map_err(ioe("write"))?;
        Ok(path)
    }
}

/// A file name that is only a name: no folder part, no control characters, not hidden,
/// not empty, at most 120 characters (the extension kept).
#[must_use]
pub fn safe_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let clean: String = base
        .chars()
        .map(|c| if c.is_control() || c == ':' { '_' } else { c })
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_string();
    let clean = if clean.is_empty() {
        "bukti".to_string()
    } else {
        clean
    };
    if clean.chars().count() <= 120 {
        return clean;
    }
    let ext: String = clean
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| e.chars().count() <= 10)
        .map(|e| format!(".{e}"))
        .unwrap_or_default();
    let keep = 120 - ext.chars().count();
    format!("{}{ext}", clean.chars().take(keep).collect::<String>())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dirs;
    use crate::identity::Role;

    /// An assessor's store in a temp dir with one opini-2024 assessment: (dir, dirs, ws, id).
    fn rina_with_one_assessment() -> (tempfile::TempDir, Dirs, Workspace, String) {
        let dir = tempfile::tempdir().expect("dir");
        let dirs = Dirs::resolve(Some(&dir.path().join("d")), Some(&dir.path().join("c")));
        let ws = Workspace::open(&dirs).expect("open");
        ws.init("Rina", None, None, Role::Assessor).expect("init");
        let id = ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "disdukcapil", None)
            .expect("new")
            .id;
        (dir, dirs, ws, id)
    }

    #[test]
    fn one_attachment_is_removed_by_an_op_opened_as_a_named_copy_and_undone() {
        let (dir, dirs, ws, id) = rina_with_one_assessment();
        let a = dir.path().join("papan.jpg");
        let b = dir.path().join("sop.pdf");
        std::fs::write(&a, b"foto papan").expect("a");
        std::fs::write(&b, b"dokumen sop").expect("b");
        ws.attach(&id, "I.1", &[a.as_path(), b.as_path()])
            .expect("attach");
        let ev = |ws: &Workspace| -> Vec<String> {
            ws.detail(&id).expect("detail").state.slots["I.1"]
                .evidence()
                .iter()
                .map(|e| e.blob.name.clone())
                .collect()
        };
        assert_eq!(ev(&ws), ["papan.jpg", "sop.pdf"]);
        let hash_a = blake3::hash(b"foto papan").to_hex().to_string();
        let copy = ws.evidence_copy(&hash_a, "../../papan.jpg").expect("copy");
        assert_eq!(copy.file_name().and_then(|n| n.to_str()), Some("papan.jpg"));
        assert!(copy.starts_with(dirs.data.join("open")));
        assert_eq!(std::fs::read(&copy).expect("read"), b"foto papan");

        ws.detach(&id, "I.1", &hash_a).expect("detach");
        assert_eq!(ev(&ws), ["sop.pdf"], "only that file is removed");
        assert!(matches!(
            ws.detach(&id, "I.1", &hash_a),
            Err(Error::UnknownEvidence { .. })
        ));
        ws.undo(&id).expect("undo");
        assert_eq!(ev(&ws).len(), 2, "undo brings the removed file back");
        assert!(matches!(
            ws.evidence_copy(&"0".repeat(64), "x.jpg"),
            Err(Error::EvidenceNotHere(_))
        ));
    }

    #[test]
    fn evidence_names_for_the_viewer_are_only_names() {
        assert_eq!(safe_file_name("foto.jpg"), "foto.jpg");
        assert_eq!(safe_file_name("/etc/passwd"), "passwd");
        assert_eq!(safe_file_name("a\\..\\b.png"), "b.png");
        assert_eq!(safe_file_name(".bashrc"), "bashrc");
        assert_eq!(safe_file_name("x\u{1b}[31m.jpg"), "x_[31m.jpg");
        assert_eq!(safe_file_name(""), "bukti");
        assert_eq!(safe_file_name(".."), "bukti");
        let long = format!("{}.jpeg", "a".repeat(300));
        let s = safe_file_name(&long);
        assert_eq!(s.chars().count(), 120);
        assert!(s.ends_with(".jpeg"));
    }

    #[test]
    fn one_answer_path_saves_the_position_and_returns_the_fresh_state() {
        let (_dir, _dirs, ws, id) = rina_with_one_assessment();
        let pos = UiPosition {
            assessment: Some(id.clone()),
            indicator: Some("I.2".into()),
        };
        let a = ws
            .answer(
                &AnswerRequest::new(&id, "i.1")
                    .value(AnswerValue::Score(2))
                    .position(&pos),
            )
            .expect("answer");
        assert_eq!(ws.authors(&a.detail).len(), 1);
        assert_eq!(ws.position().expect("pos"), Some(pos.clone()));
        let fresh = ws.detail(&id).expect("detail");
        assert_eq!(a.detail.state, fresh.state);
        assert_eq!(a.detail.score, fresh.score);
        assert!(
            ws.answer(
                &AnswerRequest::new(&id, "I.1")
                    .value(AnswerValue::NotApplicable)
                    .position(&pos)
            )
            .is_err(),
            "I.1 does not allow N/A"
        );
        // Changing the answer supersedes the old one.
        let a = ws
            .answer(
                &AnswerRequest::new(&id, "I.1")
                    .value(AnswerValue::Score(3))
                    .position(&pos),
            )
            .expect("again");
        assert_eq!(a.detail.state.slots["I.1"].heads.len(), 1);
        assert_eq!(a.detail.state, ws.detail(&id).expect("detail").state);
        assert!(
            ws.answer(
                &AnswerRequest::new(&id, "I.1")
                    .value(AnswerValue::Score(7))
                    .position(&pos)
            )
            .is_err()
        );
        let (rebuilt, diffs) = ws.store().rebuild_compare().expect("rebuild");
        assert!(diffs.is_empty(), "{diffs:?}");
        assert_eq!(rebuilt[&id], a.detail.state);
    }

    #[test]
    fn out_of_scale_errors_name_the_value_as_typed_or_checked() {
        let (cat, _) = crate::assets::catalog(None);
        let inst = cat.get("opini-2024").expect("opini-2024");
        let e = Workspace::parse_value(inst, "I.1", " 7 ").expect_err("7");
        assert!(
            matches!(&e, Error::ValueOutOfScale { value, allowed, .. } if value == " 7 " && allowed == "0, 1, 2, 3"),
            "{e:?}"
        );
        let e = check_value(inst, "I.1", AnswerValue::NotApplicable).expect_err("n/a");
        assert!(
            matches!(&e, Error::ValueOutOfScale { value, .. } if value == "n"),
            "{e:?}"
        );
        assert!(check_value(inst, "I.1", AnswerValue::Score(3)).is_ok());
        assert!(check_value(inst, "I.1", AnswerValue::Cleared).is_ok());
    }
}
