//! Instruments are data: the checklist, scales, weights and bands of one assessment year,
//! parsed from TOML (`assets/instruments/*.toml`), validated, and identified by a content
//! hash so every answer can say exactly which definition it was given under.
//!
//! Nothing in Rust knows an indicator, a weight or a band; see `docs/instrument-format.md`.
//!
//! This file holds the instrument's types and what the rest of the program asks of them;
//! `parse` reads and validates TOML files, `catalog` keeps the instruments by id. Their
//! items are re-exported here (callers name every item `instrument::X`).

mod catalog;
mod diff;
mod parse;

pub use catalog::Catalog;
pub use diff::{Difference, differences};
pub use parse::Problem;
pub(crate) use parse::{find_position, line_col};

use serde::{Deserialize, Serialize};

/// One instrument version, e.g. `opini-2024`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Immutable id, e.g. `opini-2024`. Never reused for a different definition.
    pub id: String,
    /// Family shared by the yearly versions (`opini`, `kepatuhan`). Part of the assessment key.
    pub family: String,
    /// Revision of this id, e.g. `1`. A corrected file bumps it.
    pub version: String,
    /// The assessment round (year) this instrument is the default for.
    pub round: u16,
    pub title: String,
    #[serde(default)]
    pub title_en: Option<String>,
    #[serde(default)]
    pub legal_basis: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    pub scoring: Scoring,
    pub provenance: Provenance,
    /// Answer scales, referenced by id from indicators.
    pub scales: Vec<Scale>,
    /// Classification bands, any order; compared as `score >= lower` on 2-decimal values.
    pub bands: Vec<Band>,
    /// Optional qualifiers appended to the band label (2025: "Tanpa Maladministrasi").
    #[serde(default)]
    pub qualifiers: Vec<Qualifier>,
    pub dimensions: Vec<Dimension>,
}

/// A label suffix earned when one indicator's answer reaches `min_value` and the
/// category is one of `categories` (e.g. "Kualitas Sedang Tanpa Maladministrasi").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Qualifier {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub label_en: Option<String>,
    /// The indicator whose answer decides.
    pub indicator: String,
    pub min_value: u8,
    /// Categories the qualifier may be added to.
    pub categories: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub reconstructed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scoring {
    /// How a lokus (office) score is formed. Only `weighted` exists today:
    /// dimension score = 100 × Σ wᵢ·(sᵢ/maxᵢ) ÷ Σ wᵢ over answered, non-N/A indicators;
    /// lokus score = Σ W_d·score_d ÷ Σ W_d over dimensions that have a score.
    #[serde(default = "default_method")]
    pub method: String,
    /// How a pemda score is formed from its lokus scores. Only `mean` exists today.
    #[serde(default = "default_pemda")]
    pub pemda: String,
    /// Decimal places of published scores (2).
    #[serde(default = "default_decimals")]
    pub decimals: u8,
    /// Upper end of the score scale (100).
    #[serde(default = "default_max")]
    pub max: f64,
    /// Free-text explanation shown by `instruments show`.
    #[serde(default)]
    pub note: Option<String>,
    /// True when the formula is our reconstruction rather than a published one.
    #[serde(default)]
    pub reconstructed: bool,
}

fn default_method() -> String {
    "weighted".into()
}
fn default_pemda() -> String {
    "mean".into()
}
fn default_decimals() -> u8 {
    2
}
fn default_max() -> f64 {
    100.0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// Where the instrument as a whole comes from (regulations, decks, news).
    pub sources: Vec<String>,
    /// Plain statements of what is reconstructed because no public source gives it.
    #[serde(default)]
    pub reconstructed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub id: String,
    pub name: String,
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Level {
    /// The stored answer value.
    pub value: u8,
    /// The key that answers this level in the checklist (defaults to the digit of `value`).
    #[serde(default)]
    pub key: Option<char>,
    pub label: String,
    #[serde(default)]
    pub label_en: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub category: String,
    pub label: String,
    #[serde(default)]
    pub label_en: Option<String>,
    pub zone: Zone,
    pub lower: f64,
}

/// Published colour zones. `hitam` exists from 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Zone {
    Hijau,
    Kuning,
    Merah,
    Hitam,
}

impl Zone {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Zone::Hijau => "hijau",
            Zone::Kuning => "kuning",
            Zone::Merah => "merah",
            Zone::Hitam => "hitam",
        }
    }
    #[must_use]
    pub fn english(self) -> &'static str {
        match self {
            Zone::Hijau => "green",
            Zone::Kuning => "yellow",
            Zone::Merah => "red",
            Zone::Hitam => "black",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    /// Weight in percent of the lokus score.
    pub weight: f64,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub reconstructed: bool,
    pub variables: Vec<Variable>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variable {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub reconstructed: bool,
    pub indicators: Vec<Indicator>,
}

/// How the assessor collects the data for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Wawancara,
    Observasi,
    StudiDokumen,
    SurveiPengguna,
    DataSekunder,
}

impl Method {
    #[must_use]
    pub fn label(self, en: bool) -> &'static str {
        match (self, en) {
            (Method::Wawancara, false) => "wawancara",
            (Method::Wawancara, true) => "interview",
            (Method::Observasi, false) => "observasi",
            (Method::Observasi, true) => "observation",
            (Method::StudiDokumen, false) => "studi dokumen",
            (Method::StudiDokumen, true) => "document review",
            (Method::SurveiPengguna, false) => "survei pengguna layanan",
            (Method::SurveiPengguna, true) => "service-user survey",
            (Method::DataSekunder, false) => "data sekunder",
            (Method::DataSekunder, true) => "secondary data",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Immutable, never reused, e.g. `P.4`.
    pub id: String,
    /// Short name for lists, e.g. `Biaya/tarif`.
    pub short: String,
    /// Full wording in Bahasa Indonesia.
    pub text: String,
    #[serde(default)]
    pub text_en: Option<String>,
    pub method: Method,
    /// Who is interviewed or what is observed, e.g. `Kabid/Kasi pelayanan`.
    #[serde(default)]
    pub respondent: Option<String>,
    /// What the assessor should look at.
    pub guidance: String,
    /// Scale id.
    pub scale: String,
    /// Meaning of each level for this indicator (same order as the scale's levels);
    /// empty means the scale's labels.
    #[serde(default)]
    pub levels: Vec<String>,
    /// Weight within its dimension (any positive number; normalised within the dimension).
    #[serde(default = "default_weight")]
    pub weight: f64,
    /// Whether "tidak berlaku" (N/A) is allowed.
    #[serde(default = "default_true")]
    pub allow_na: bool,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub reconstructed: bool,
}

fn default_weight() -> f64 {
    1.0
}
fn default_true() -> bool {
    true
}

/// A reference to one exact instrument definition, recorded on every answer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct InstrumentRef {
    pub id: String,
    pub version: String,
    /// blake3 of the canonical JSON form, hex.
    pub hash: String,
}

/// Where an indicator sits in its instrument.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorPos<'a> {
    pub dimension: &'a Dimension,
    pub variable: &'a Variable,
    pub indicator: &'a Indicator,
}

impl Instrument {
    /// blake3 of the canonical JSON encoding (field order fixed by the struct).
    ///
    /// # Errors
    /// [`Error::Encode`](crate::Error::Encode) if the instrument cannot be encoded (not
    /// expected), so that no instrument is identified by the hash of empty bytes.
    pub fn content_hash(&self) -> crate::Result<String> {
        let bytes = crate::error::to_json(self, "instrument")?;
        Ok(blake3::hash(&bytes).to_hex().to_string())
    }

    /// The reference ops carry: id, version and [`content_hash`](Self::content_hash).
    ///
    /// # Errors
    /// As [`content_hash`](Self::content_hash).
    pub fn reference(&self) -> crate::Result<InstrumentRef> {
        Ok(InstrumentRef {
            id: self.id.clone(),
            version: self.version.clone(),
            hash: self.content_hash()?,
        })
    }

    /// All indicators in order with their dimension and variable.
    pub fn indicators(&self) -> impl Iterator<Item = IndicatorPos<'_>> {
        self.dimensions.iter().flat_map(|d| {
            d.variables.iter().flat_map(move |v| {
                v.indicators.iter().map(move |i| IndicatorPos {
                    dimension: d,
                    variable: v,
                    indicator: i,
                })
            })
        })
    }

    #[must_use]
    pub fn indicator(&self, id: &str) -> Option<IndicatorPos<'_>> {
        self.indicators()
            .find(|p| p.indicator.id.eq_ignore_ascii_case(id))
    }

    #[must_use]
    pub fn indicator_count(&self) -> usize {
        self.indicators().count()
    }

    #[must_use]
    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    /// Bands sorted from highest lower bound to lowest.
    #[must_use]
    pub fn sorted_bands(&self) -> Vec<&Band> {
        let mut b: Vec<&Band> = self.bands.iter().collect();
        b.sort_by(|x, y| y.lower.total_cmp(&x.lower));
        b
    }

    /// Whether any part of the instrument is reconstructed.
    #[must_use]
    pub fn reconstructed_parts(&self) -> Vec<String> {
        let mut out: Vec<String> = self.provenance.reconstructed.clone();
        for q in &self.qualifiers {
            if q.reconstructed {
                out.push(format!("qualifier {}", q.label));
            }
        }
        if self.scoring.reconstructed {
            out.push(format!("scoring: {}", self.scoring.method));
        }
        for d in &self.dimensions {
            if d.reconstructed {
                out.push(format!("dimension {} {}", d.id, d.name));
            }
            for v in &d.variables {
                if v.reconstructed {
                    out.push(format!("variable {} {}", v.id, v.name));
                }
                for i in &v.indicators {
                    if i.reconstructed {
                        out.push(format!("indicator {} {}", i.id, i.short));
                    }
                }
            }
        }
        out
    }
}

impl Scale {
    #[must_use]
    pub fn max(&self) -> u8 {
        self.levels.iter().map(|l| l.value).max().unwrap_or(0)
    }
    #[must_use]
    pub fn min(&self) -> u8 {
        self.levels.iter().map(|l| l.value).min().unwrap_or(0)
    }
    #[must_use]
    pub fn level(&self, value: u8) -> Option<&Level> {
        self.levels.iter().find(|l| l.value == value)
    }
    /// The level answered by a key press, if any.
    #[must_use]
    pub fn level_for_key(&self, key: char) -> Option<&Level> {
        self.levels.iter().find(|l| l.key_char() == key)
    }
}

impl Level {
    #[must_use]
    pub fn key_char(&self) -> char {
        self.key
            .unwrap_or_else(|| char::from_digit(u32::from(self.value % 10), 10).unwrap_or('?'))
    }
}

impl Indicator {
    /// Meaning of a level for this indicator: the indicator's own wording or the scale's label.
    #[must_use]
    pub fn level_meaning<'a>(&'a self, scale: &'a Scale, value: u8) -> Option<&'a str> {
        let idx = scale.levels.iter().position(|l| l.value == value)?;
        Some(
            self.levels
                .get(idx)
                .map_or(scale.levels[idx].label.as_str(), String::as_str),
        )
    }
}

/// Round half away from zero to `decimals` places.
#[must_use]
pub fn round_to(x: f64, decimals: u8) -> f64 {
    let f = 10f64.powi(i32::from(decimals));
    (x * f).round() / f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::mini_toml;

    #[test]
    fn hash_changes_with_content() {
        let a = Instrument::from_toml(&mini_toml()).expect("valid");
        let b = Instrument::from_toml(&mini_toml().replace("teks", "teks lain")).expect("valid");
        assert_ne!(
            a.content_hash().expect("hash"),
            b.content_hash().expect("hash")
        );
    }
}
