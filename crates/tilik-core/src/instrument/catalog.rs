//! The instruments a program knows, by id: the embedded ones overridden by files in the
//! config directory, and the default of each assessment round; beside each instrument,
//! the surveys of its survey file (`survey::SurveySet`), when it has one.

use std::collections::BTreeMap;

use super::Instrument;
use crate::survey::SurveySet;

/// A set of instruments by id (embedded ones overridden by files in the config dir).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    by_id: BTreeMap<String, Instrument>,
    surveys: BTreeMap<String, SurveySet>,
}

impl Catalog {
    /// Add (or replace) the surveys of the instrument the set names.
    pub fn insert_surveys(&mut self, set: SurveySet) {
        self.surveys.insert(set.instrument.clone(), set);
    }
    /// The surveys of an instrument id, if it has a survey file.
    #[must_use]
    pub fn surveys(&self, instrument: &str) -> Option<&SurveySet> {
        self.surveys.get(instrument)
    }
    /// Drop the surveys of an instrument (its survey file no longer fits it).
    pub fn remove_surveys(&mut self, instrument: &str) -> Option<SurveySet> {
        self.surveys.remove(instrument)
    }
    pub fn insert(&mut self, inst: Instrument) {
        self.by_id.insert(inst.id.clone(), inst);
    }
    #[must_use]
    pub fn get(&self, id: &str) -> Option<&Instrument> {
        self.by_id.get(id)
    }
    pub fn all(&self) -> impl Iterator<Item = &Instrument> {
        self.by_id.values()
    }
    /// The default instrument of a round: the one whose `round` matches (latest id wins).
    #[must_use]
    pub fn for_round(&self, round: u16) -> Option<&Instrument> {
        self.by_id.values().rfind(|i| i.round == round)
    }
}
