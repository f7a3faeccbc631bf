//! Reading instrument files: TOML parsed into an [`Instrument`], then every validation
//! rule applied, each problem in English and Bahasa Indonesia with the line and column
//! it is found at.

use std::collections::BTreeSet;

use super::{Instrument, round_to};

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
}

pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rfind('\n').map_or(offset, |p| offset - p - 1) + 1;
    (line, col)
}

pub(crate) fn find_position(text: &str, needle: &str) -> (usize, usize) {
    text.find(needle).map_or((1, 1), |off| line_col(text, off))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::mini_toml;
    use crate::instrument::Scale;

    #[test]
    fn parses_minimal_instrument() {
        let i = Instrument::from_toml(&mini_toml()).expect("valid");
        assert_eq!(i.indicator_count(), 1);
        assert_eq!(i.scale("s").map(Scale::max), Some(3));
        assert_eq!(i.content_hash().expect("hash").len(), 64);
    }

    #[test]
    fn reports_unknown_scale_with_position() {
        let bad = mini_toml().replace("scale = \"s\"", "scale = \"zz\"");
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
        let bad = mini_toml().replace("weight = 100", "weight = ");
        let p = Instrument::from_toml(&bad).expect_err("invalid");
        assert!(p[0].line > 1);
    }

    #[test]
    fn weights_must_sum_to_100() {
        let bad = mini_toml().replace("weight = 100", "weight = 90");
        let p = Instrument::from_toml(&bad).expect_err("invalid");
        assert!(p.iter().any(|x| x.message.contains("90.00")));
    }
}
