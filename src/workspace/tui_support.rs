//! Workspace calls the terminal UI needs beyond the ones the command line uses: an
//! assessment with its authors' display names, and an answer saved together with the
//! checklist position in one durable step.

use std::collections::BTreeMap;

use crate::core::op::AnswerValue;
use crate::error::Result;

use super::{Detail, UiPosition, Workspace};

impl Workspace {
    /// An assessment's detail and the display names of every device that wrote to it.
    ///
    /// # Errors
    /// As [`Workspace::detail`].
    pub fn tui_view(&self, id: &str) -> Result<(Detail, BTreeMap<String, String>)> {
        let d = self.detail(id)?;
        let names = d
            .state
            .devices
            .iter()
            .map(|dev| (dev.clone(), self.device_name(dev)))
            .collect();
        Ok((d, names))
    }

    /// Answer an indicator and remember `pos` as where the checklist is, durably, then
    /// return the assessment as it is now.
    ///
    /// # Errors
    /// As [`Workspace::answer`].
    pub fn tui_answer(
        &self,
        id: &str,
        indicator: &str,
        value: AnswerValue,
        pos: &UiPosition,
    ) -> Result<(Detail, BTreeMap<String, String>)> {
        self.answer(id, indicator, Some(value), None, &[])?;
        self.save_position(pos)?;
        self.tui_view(id)
    }
}
