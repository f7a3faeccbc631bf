//! Instruments are data: the checklist, scales, weights and bands of one assessment year,
//! parsed from TOML (`assets/instruments/*.toml`), validated, and identified by a content
//! hash so every answer can say exactly which definition it was given under.
//!
//! Nothing in Rust knows an indicator, a weight or a band; see `docs/instrument-format.md`.

use std::collections::{BTreeMap, BTreeSet};

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

/// One problem in an instrument file, with its position when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub line: usize,
    pub col: usize,
    /// English.
    pub message: String,
    /// Bahasa Indonesia.
    pub message_id: String,
}

impl Problem {
    /// The message in the user's language (`en` or Indonesian).
    #[must_use]
    pub fn text(&self, en: bool) -> &str {
        if en { &self.message } else { &self.message_id }
    }
}

/// An (English, Indonesian) message pair with the same arguments.
macro_rules! bi {
    ($en:literal, $id:literal $(, $a:expr)* $(,)?) => {
        (format!($en $(, $a)*), format!($id $(, $a)*))
    };
}

/// Where an indicator sits in its instrument.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorPos<'a> {
    pub dimension: &'a Dimension,
    pub variable: &'a Variable,
    pub indicator: &'a Indicator,
}

impl Instrument {
    /// Parse and validate TOML text. Every problem is reported with line and column.
    ///
    /// # Errors
    /// The list of problems found (syntax first, then every validation problem).
    pub fn from_toml(text: &str) -> Result<Instrument, Vec<Problem>> {
        let inst: Instrument = match toml::from_str(text) {
            Ok(i) => i,
            Err(e) => {
                let (line, col) = e.span().map_or((1, 1), |s| line_col(text, s.start));
                return Err(vec![Problem {
                    line,
                    col,
                    message: e.message().to_string(),
                    message_id: format!("kesalahan TOML: {}", e.message()),
                }]);
            }
        };
        let problems = inst.validate();
        if problems.is_empty() {
            Ok(inst)
        } else {
            Err(problems
                .into_iter()
                .map(|(needle, (message, message_id))| {
                    let (line, col) = find_position(text, &needle);
                    Problem {
                        line,
                        col,
                        message,
                        message_id,
                    }
                })
                .collect())
        }
    }

    /// Validation rules; each problem carries a text to locate it in the source.
    fn validate(&self) -> Vec<(String, (String, String))> {
        let mut out = Vec::new();
        if self.id.trim().is_empty() || self.id.contains(char::is_whitespace) {
            out.push((
                format!("id = \"{}\"", self.id),
                bi!(
                    "id must be non-empty and contain no spaces",
                    "id tidak boleh kosong dan tidak boleh berisi spasi"
                ),
            ));
        }
        if self.family.trim().is_empty() {
            out.push((
                "family".into(),
                bi!("family must not be empty", "family tidak boleh kosong"),
            ));
        }
        if self.scoring.method != "weighted" {
            out.push((
                format!("method = \"{}\"", self.scoring.method),
                bi!(
                    "unknown scoring method `{}` (known: weighted)",
                    "metode penilaian `{}` tidak dikenal (yang dikenal: weighted)",
                    self.scoring.method
                ),
            ));
        }
        if self.scoring.pemda != "mean" {
            out.push((
                format!("pemda = \"{}\"", self.scoring.pemda),
                bi!(
                    "unknown pemda aggregation `{}` (known: mean)",
                    "agregasi pemda `{}` tidak dikenal (yang dikenal: mean)",
                    self.scoring.pemda
                ),
            ));
        }
        let mut scale_ids = BTreeSet::new();
        for s in &self.scales {
            if !scale_ids.insert(s.id.as_str()) {
                out.push((
                    format!("id = \"{}\"", s.id),
                    bi!(
                        "scale `{}` is defined twice",
                        "skala `{}` didefinisikan dua kali",
                        s.id
                    ),
                ));
            }
            if s.levels.len() < 2 {
                out.push((
                    format!("id = \"{}\"", s.id),
                    bi!(
                        "scale `{}` needs at least two levels",
                        "skala `{}` perlu paling sedikit dua tingkat",
                        s.id
                    ),
                ));
            }
            let mut vals = BTreeSet::new();
            let mut keys = BTreeSet::new();
            for l in &s.levels {
                if !vals.insert(l.value) {
                    out.push((
                        format!("id = \"{}\"", s.id),
                        bi!(
                            "scale `{}` repeats value {}",
                            "skala `{}` mengulang nilai {}",
                            s.id,
                            l.value
                        ),
                    ));
                }
                let k = l.key_char();
                if k == 'n' || k == 'N' {
                    out.push((
                        format!("id = \"{}\"", s.id),
                        bi!(
                            "scale `{}`: key `n` is reserved for N/A",
                            "skala `{}`: tombol `n` dicadangkan untuk t/a (tidak berlaku)",
                            s.id
                        ),
                    ));
                }
                if !keys.insert(k) {
                    out.push((
                        format!("id = \"{}\"", s.id),
                        bi!(
                            "scale `{}` uses key `{k}` twice",
                            "skala `{}` memakai tombol `{k}` dua kali",
                            s.id
                        ),
                    ));
                }
            }
        }
        if self.bands.is_empty() {
            out.push((
                "bands".into(),
                bi!(
                    "at least one band is required",
                    "perlu paling sedikit satu kategori (band)"
                ),
            ));
        } else if !self.bands.iter().any(|b| b.lower <= 0.0) {
            out.push((
                "[[bands]]".into(),
                bi!(
                    "the lowest band must start at 0 so every score has a category",
                    "kategori terendah harus mulai dari 0 agar setiap nilai punya kategori"
                ),
            ));
        }
        let mut band_lowers = BTreeSet::new();
        for b in &self.bands {
            let key = round_to(b.lower, 2).to_bits();
            if !band_lowers.insert(key) {
                out.push((
                    format!("category = \"{}\"", b.category),
                    bi!(
                        "two bands start at {}",
                        "dua kategori mulai pada {}",
                        b.lower
                    ),
                ));
            }
        }
        for q in &self.qualifiers {
            if !self.indicators().any(|p| p.indicator.id == q.indicator) {
                out.push((
                    format!("indicator = \"{}\"", q.indicator),
                    bi!(
                        "qualifier `{}` names unknown indicator `{}`",
                        "kualifikasi `{}` menyebut indikator `{}` yang tidak ada",
                        q.id,
                        q.indicator
                    ),
                ));
            }
            for c in &q.categories {
                if !self.bands.iter().any(|b| &b.category == c) {
                    out.push((
                        format!("id = \"{}\"", q.id),
                        bi!(
                            "qualifier `{}` names unknown category `{c}`",
                            "kualifikasi `{}` menyebut kategori `{c}` yang tidak ada",
                            q.id
                        ),
                    ));
                }
            }
        }
        if self.dimensions.is_empty() {
            out.push((
                "dimensions".into(),
                bi!(
                    "at least one dimension is required",
                    "perlu paling sedikit satu dimensi"
                ),
            ));
        }
        let total: f64 = self.dimensions.iter().map(|d| d.weight).sum();
        if !self.dimensions.is_empty() && (total - 100.0).abs() > 0.011 {
            out.push((
                "[[dimensions]]".into(),
                bi!(
                    "dimension weights add up to {total:.2}, not 100",
                    "jumlah bobot dimensi {total:.2}, bukan 100"
                ),
            ));
        }
        let mut ids = BTreeSet::new();
        for d in &self.dimensions {
            if !ids.insert(d.id.clone()) {
                out.push((
                    format!("id = \"{}\"", d.id),
                    bi!("id `{}` is used twice", "id `{}` dipakai dua kali", d.id),
                ));
            }
            if d.weight <= 0.0 || !d.weight.is_finite() {
                out.push((
                    format!("id = \"{}\"", d.id),
                    bi!(
                        "dimension `{}` needs a positive weight",
                        "dimensi `{}` perlu bobot positif",
                        d.id
                    ),
                ));
            }
            if d.variables.iter().all(|v| v.indicators.is_empty()) {
                out.push((
                    format!("id = \"{}\"", d.id),
                    bi!(
                        "dimension `{}` has no indicators",
                        "dimensi `{}` tidak punya indikator",
                        d.id
                    ),
                ));
            }
            for v in &d.variables {
                if !ids.insert(v.id.clone()) {
                    out.push((
                        format!("id = \"{}\"", v.id),
                        bi!("id `{}` is used twice", "id `{}` dipakai dua kali", v.id),
                    ));
                }
                for i in &v.indicators {
                    let here = format!("id = \"{}\"", i.id);
                    if !ids.insert(i.id.clone()) {
                        out.push((
                            here.clone(),
                            bi!("id `{}` is used twice", "id `{}` dipakai dua kali", i.id),
                        ));
                    }
                    if i.id.is_empty() || i.id.contains(char::is_whitespace) {
                        out.push((
                            here.clone(),
                            bi!(
                                "indicator id must be non-empty without spaces",
                                "id indikator tidak boleh kosong dan tanpa spasi"
                            ),
                        ));
                    }
                    match self.scales.iter().find(|s| s.id == i.scale) {
                        None => out.push((
                            format!("scale = \"{}\"", i.scale),
                            bi!(
                                "indicator `{}` uses unknown scale `{}`",
                                "indikator `{}` memakai skala `{}` yang tidak ada",
                                i.id,
                                i.scale
                            ),
                        )),
                        Some(s) => {
                            if !i.levels.is_empty() && i.levels.len() != s.levels.len() {
                                out.push((
                                    here.clone(),
                                    bi!(
                                        "indicator `{}` describes {} levels but scale `{}` has {}", "indikator `{}` menjelaskan {} tingkat, padahal skala `{}` punya {}",
                                        i.id,
                                        i.levels.len(),
                                        s.id,
                                        s.levels.len()
                                    ),
                                ));
                            }
                        }
                    }
                    if i.weight <= 0.0 || !i.weight.is_finite() {
                        out.push((
                            here.clone(),
                            bi!(
                                "indicator `{}` needs a positive weight",
                                "indikator `{}` perlu bobot positif",
                                i.id
                            ),
                        ));
                    }
                    if i.text.trim().is_empty() || i.guidance.trim().is_empty() {
                        out.push((
                            here,
                            bi!(
                                "indicator `{}` needs text and guidance",
                                "indikator `{}` perlu teks dan panduan",
                                i.id
                            ),
                        ));
                    }
                }
            }
        }
        out
    }

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

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(offset, |p| offset - p - 1) + 1;
    (line, col)
}

fn find_position(text: &str, needle: &str) -> (usize, usize) {
    text.find(needle).map_or((1, 1), |off| line_col(text, off))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = r#"
id = "mini"
family = "mini"
version = "1"
round = 2030
title = "Mini"
[scoring]
[provenance]
sources = ["test"]
[[scales]]
id = "s"
name = "0-3"
levels = [{ value = 0, label = "nol" }, { value = 1, label = "satu" }, { value = 2, label = "dua" }, { value = 3, label = "tiga" }]
[[bands]]
category = "A"
label = "Atas"
zone = "hijau"
lower = 50
[[bands]]
category = "B"
label = "Bawah"
zone = "merah"
lower = 0
[[dimensions]]
id = "D"
name = "Dim"
weight = 100
[[dimensions.variables]]
id = "V"
name = "Var"
[[dimensions.variables.indicators]]
id = "X.1"
short = "x"
text = "teks"
method = "observasi"
guidance = "lihat"
scale = "s"
"#;

    #[test]
    fn parses_minimal_instrument() {
        let i = Instrument::from_toml(MINI).expect("valid");
        assert_eq!(i.indicator_count(), 1);
        assert_eq!(i.scale("s").map(Scale::max), Some(3));
        assert_eq!(i.content_hash().expect("hash").len(), 64);
    }

    #[test]
    fn reports_unknown_scale_with_position() {
        let bad = MINI.replace("scale = \"s\"", "scale = \"zz\"");
        let p = Instrument::from_toml(&bad).expect_err("invalid");
        assert_eq!(p.len(), 1);
        assert!(p[0].message.contains("unknown scale"));
        let line = bad
            .lines()
            .position(|l| l.contains("scale = \"zz\""))
            .map(|x| x + 1);
        assert_eq!(Some(p[0].line), line);
    }

    #[test]
    fn reports_syntax_error_with_position() {
        let bad = MINI.replace("weight = 100", "weight = ");
        let p = Instrument::from_toml(&bad).expect_err("invalid");
        assert!(p[0].line > 1);
    }

    #[test]
    fn weights_must_sum_to_100() {
        let bad = MINI.replace("weight = 100", "weight = 90");
        let p = Instrument::from_toml(&bad).expect_err("invalid");
        assert!(p.iter().any(|x| x.message.contains("90.00")));
    }

    #[test]
    fn hash_changes_with_content() {
        let a = Instrument::from_toml(MINI).expect("valid");
        let b = Instrument::from_toml(&MINI.replace("teks", "teks lain")).expect("valid");
        assert_ne!(
            a.content_hash().expect("hash"),
            b.content_hash().expect("hash")
        );
    }
}
