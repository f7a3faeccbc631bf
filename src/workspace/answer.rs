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
            let bodies = self.with_ack(&me, bodies)?;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Dirs;
    use crate::identity::Role;

    #[test]
    fn one_answer_path_saves_the_position_and_returns_the_fresh_state() {
        let dir = tempfile::tempdir().expect("dir");
        let dirs = Dirs::resolve(Some(&dir.path().join("d")), Some(&dir.path().join("c")));
        let ws = Workspace::open(&dirs).expect("open");
        ws.init("Rina", None, None, Role::Assessor).expect("init");
        let id = ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "disdukcapil", None)
            .expect("new")
            .id;
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
