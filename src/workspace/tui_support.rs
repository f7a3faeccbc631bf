//! Workspace calls the terminal UI needs beyond the ones the command line uses: an
//! assessment with its authors' display names, and an answer saved together with the
//! checklist position in one durable step, without re-reading what the answer did not
//! change (the key press → saved → redrawn path is measured in `BENCHMARKS.md`).

use std::collections::BTreeMap;

use crate::core::instrument::{Instrument, InstrumentRef};
use crate::core::op::{AnswerValue, OpBody};
use crate::core::scoring::score_lokus;
use crate::error::{Error, Result};

use super::{Detail, UiPosition, Workspace, now_ms};

impl Workspace {
    /// Display names of the devices that wrote to an assessment.
    fn tui_names(&self, d: &Detail) -> BTreeMap<String, String> {
        d.state
            .devices
            .iter()
            .map(|dev| (dev.clone(), self.device_name(dev)))
            .collect()
    }

    /// An assessment's detail and the display names of every device that wrote to it.
    ///
    /// # Errors
    /// As [`Workspace::detail`].
    pub fn tui_view(&self, id: &str) -> Result<(Detail, BTreeMap<String, String>)> {
        let d = self.detail(id)?;
        let names = self.tui_names(&d);
        Ok((d, names))
    }

    /// The exact instrument a reference names and the reference answers record for it,
    /// from the per-process cache when it is there.
    fn tui_instrument(&self, r: &InstrumentRef) -> Result<(Instrument, InstrumentRef)> {
        if let Some(i) = self.inst_cache.borrow().get(&r.hash) {
            return Ok((i.clone(), r.clone()));
        }
        let inst = self.instrument_for(r)?;
        let iref = self.keep_instrument(&inst)?;
        Ok((inst, iref))
    }

    /// Answer an indicator and remember `pos` as where the checklist is, in one durable
    /// commit, and return the assessment as it is now. Records exactly what
    /// [`Workspace::answer`] records for a value without note or evidence.
    ///
    /// # Errors
    /// Unknown assessment or indicator, a value outside the scale, storage failure.
    pub fn tui_answer(
        &self,
        id: &str,
        indicator: &str,
        value: AnswerValue,
        pos: &UiPosition,
    ) -> Result<(Detail, BTreeMap<String, String>)> {
        let me = self.require_identity()?;
        let mut st = self.state(id)?;
        let h = st
            .header
            .clone()
            .ok_or_else(|| Error::UnknownAssessment(id.into()))?;
        let (inst, iref) = self.tui_instrument(&h.instrument)?;
        let ind = Self::canonical_indicator(&inst, indicator)?;
        // The checks of parse_value: a level of the scale, or N/A where it is allowed.
        match value {
            AnswerValue::Score(v) => {
                Self::parse_value(&inst, &ind, &v.to_string())?;
            }
            AnswerValue::NotApplicable => {
                Self::parse_value(&inst, &ind, "n")?;
            }
            AnswerValue::Cleared => {}
        }
        let slot = st.slots.get(&ind).cloned().unwrap_or_default();
        let body = OpBody::SetAnswer {
            assessment: st.id.clone(),
            indicator: ind,
            value,
            old: slot.value(),
            supersedes: slot.head_refs(),
            instrument: iref,
        };
        if self.position()?.as_ref() != Some(pos) {
            // Made durable by the commit's sync below.
            self.store.meta_put_deferred("ui/position", pos)?;
        }
        let ops = self.store.commit(&me.device, &[(body, None)], now_ms())?;
        for op in &ops {
            st.apply(op);
        }
        let score = score_lokus(&inst, &st.answers());
        let summary = self.summarize(&st, &inst, &score);
        let d = Detail {
            summary,
            instrument: inst,
            score,
            state: st,
        };
        let names = self.tui_names(&d);
        Ok((d, names))
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Dirs;
    use crate::core::op::AnswerValue;
    use crate::i18n::Lang;
    use crate::identity::Role;
    use crate::workspace::{UiPosition, Workspace};

    #[test]
    fn tui_answer_equals_answer_and_saves_the_position() {
        let dir = tempfile::tempdir().expect("dir");
        let dirs = Dirs::resolve(Some(&dir.path().join("d")), Some(&dir.path().join("c")));
        let ws = Workspace::open(&dirs, Lang::Id).expect("open");
        ws.init("Rina", None, None, Role::Assessor).expect("init");
        let id = ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "disdukcapil", None)
            .expect("new")
            .id;
        let pos = UiPosition {
            assessment: Some(id.clone()),
            indicator: Some("I.2".into()),
        };
        let (d, names) = ws
            .tui_answer(&id, "i.1", AnswerValue::Score(2), &pos)
            .expect("answer");
        assert_eq!(names.len(), 1);
        assert_eq!(ws.position().expect("pos"), Some(pos.clone()));
        let fresh = ws.detail(&id).expect("detail");
        assert_eq!(d.state, fresh.state);
        assert_eq!(d.score, fresh.score);
        assert!(
            ws.tui_answer(&id, "I.1", AnswerValue::NotApplicable, &pos)
                .is_err(),
            "I.1 does not allow N/A"
        );
        // Changing the answer supersedes the old one, like Workspace::answer.
        let (d, _) = ws
            .tui_answer(&id, "I.1", AnswerValue::Score(3), &pos)
            .expect("again");
        assert_eq!(d.state.slots["I.1"].heads.len(), 1);
        assert_eq!(d.state, ws.detail(&id).expect("detail").state);
        assert!(
            ws.tui_answer(&id, "I.1", AnswerValue::Score(7), &pos)
                .is_err()
        );
        let (rebuilt, diffs) = ws.store().rebuild_compare().expect("rebuild");
        assert!(diffs.is_empty(), "{diffs:?}");
        assert_eq!(rebuilt[&id], d.state);
    }
}
