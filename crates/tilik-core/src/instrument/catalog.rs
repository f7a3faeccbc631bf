//! The instruments a program knows, by id: the embedded ones overridden by files in the
//! config directory, and the default of each assessment round.

use std::collections::BTreeMap;

use super::Instrument;

/// A set of instruments by id (embedded ones overridden by files in the config dir).
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    by_id: BTreeMap<String, Instrument>,
}

impl Catalog {
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
