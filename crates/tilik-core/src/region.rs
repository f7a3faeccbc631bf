//! Regions (provinsi, kabupaten, kota with Kemendagri codes) and the standard lokus types.
//! The data is `assets/regions.csv` (see `assets/regions.PROVENANCE.md`); this module only
//! parses and searches it.

use serde::Serialize;

/// One pemda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub code: String,
    pub name: String,
    /// `provinsi`, `kabupaten` or `kota`.
    pub kind: String,
    pub province_code: String,
}

/// The shipped list.
#[derive(Debug, Clone, Default)]
pub struct Regions {
    list: Vec<Region>,
}

impl Regions {
    /// Parse the CSV text (header `code,name,kind,province_code`). Bad rows are skipped.
    #[must_use]
    pub fn parse(text: &str) -> Regions {
        let list = text
            .lines()
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split(',');
                Some(Region {
                    code: f.next()?.trim().to_string(),
                    name: f.next()?.trim().to_string(),
                    kind: f.next()?.trim().to_string(),
                    province_code: f.next()?.trim().to_string(),
                })
            })
            .collect();
        Regions { list }
    }

    #[must_use]
    pub fn all(&self) -> &[Region] {
        &self.list
    }

    #[must_use]
    pub fn by_code(&self, code: &str) -> Option<&Region> {
        let c = code.trim();
        self.list.iter().find(|r| r.code == c)
    }

    /// The province a pemda belongs to.
    #[must_use]
    pub fn province_of(&self, r: &Region) -> Option<&Region> {
        self.by_code(&r.province_code)
    }

    /// Case-insensitive search on name or code; every word must match. Exact name
    /// matches first, then provinces, then in code order.
    #[must_use]
    pub fn search(&self, text: &str) -> Vec<&Region> {
        let q = fold(text);
        let words: Vec<&str> = q.split_whitespace().collect();
        let mut hits: Vec<&Region> = self
            .list
            .iter()
            .filter(|r| {
                let hay = fold(&format!("{} {}", r.name, r.code));
                words.iter().all(|w| hay.contains(w))
            })
            .collect();
        if hits.is_empty() {
            // "Baubau" vs "Bau Bau", "Tanjungbalai" vs "Tanjung Balai": ignore spaces.
            let squeezed: String = q.split_whitespace().collect();
            if !squeezed.is_empty() {
                hits = self
                    .list
                    .iter()
                    .filter(|r| {
                        fold(&r.name)
                            .split_whitespace()
                            .collect::<String>()
                            .contains(&squeezed)
                    })
                    .collect();
            }
        }
        hits.sort_by_key(|r| (fold(&r.name) != q, r.kind != "provinsi", r.code.clone()));
        hits
    }

    /// Resolve a code or a name to exactly one pemda.
    ///
    /// # Errors
    /// `Err(candidates)`: none (empty) or several matches.
    pub fn resolve(&self, code_or_name: &str) -> Result<&Region, Vec<&Region>> {
        if let Some(r) = self.by_code(code_or_name) {
            return Ok(r);
        }
        let hits = self.search(code_or_name);
        let q = fold(code_or_name);
        let exact: Vec<&Region> = hits
            .iter()
            .copied()
            .filter(|r| fold(&r.name) == q)
            .collect();
        match (exact.len(), hits.len()) {
            (1, _) | (_, 1) => Ok(exact.first().copied().unwrap_or(hits[0])),
            _ => Err(hits),
        }
    }
}

fn fold(s: &str) -> String {
    s.to_lowercase()
        .replace("kabupaten", "kab.")
        .replace(['-', '.'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A standard lokus (office) type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LokusType {
    pub code: &'static str,
    pub name: &'static str,
    pub name_en: &'static str,
    /// Whether a name is needed to tell two of them apart (Puskesmas, custom).
    pub needs_name: bool,
}

/// The standard lokus types of the 2022–2024 sampling (5 OPD + Puskesmas, Polres and
/// Kantor Pertanahan from 2024) plus a custom one.
pub const LOKUS_TYPES: &[LokusType] = &[
    LokusType {
        code: "dpmptsp",
        name: "DPMPTSP",
        name_en: "One-stop investment and licensing office",
        needs_name: false,
    },
    LokusType {
        code: "disdukcapil",
        name: "Disdukcapil",
        name_en: "Population and civil registry office",
        needs_name: false,
    },
    LokusType {
        code: "dinkes",
        name: "Dinas Kesehatan",
        name_en: "Health office",
        needs_name: false,
    },
    LokusType {
        code: "dinsos",
        name: "Dinas Sosial",
        name_en: "Social affairs office",
        needs_name: false,
    },
    LokusType {
        code: "disdik",
        name: "Dinas Pendidikan",
        name_en: "Education office",
        needs_name: false,
    },
    LokusType {
        code: "puskesmas",
        name: "Puskesmas",
        name_en: "Community health centre",
        needs_name: true,
    },
    LokusType {
        code: "polres",
        name: "Polres",
        name_en: "District police",
        needs_name: false,
    },
    LokusType {
        code: "kantah",
        name: "Kantor Pertanahan",
        name_en: "Land office",
        needs_name: false,
    },
    LokusType {
        code: "lainnya",
        name: "Lainnya",
        name_en: "Other",
        needs_name: true,
    },
];

/// Find a lokus type by code or name (case-insensitive).
#[must_use]
pub fn lokus_type(s: &str) -> Option<&'static LokusType> {
    let q = s.trim().to_lowercase();
    LOKUS_TYPES.iter().find(|t| {
        t.code == q || t.name.to_lowercase() == q || (q == "custom" && t.code == "lainnya")
    })
}

/// Display name of an assessment's lokus: its own name when it has one.
#[must_use]
pub fn lokus_display(code: &str, name: Option<&str>) -> String {
    match name {
        Some(n) if !n.trim().is_empty() => n.trim().to_string(),
        _ => lokus_type(code).map_or_else(|| code.to_string(), |t| t.name.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "code,name,kind,province_code\n61,Kalimantan Barat,provinsi,61\n61.71,Kota Pontianak,kota,61\n61.12,Kab. Kubu Raya,kabupaten,61\n61.04,Kab. Mempawah,kabupaten,61\n";

    #[test]
    fn resolves_code_and_name() {
        let r = Regions::parse(CSV);
        assert_eq!(
            r.resolve("61.71").map(|x| x.name.as_str()),
            Ok("Kota Pontianak")
        );
        assert_eq!(r.resolve("pontianak").map(|x| x.code.as_str()), Ok("61.71"));
        assert_eq!(
            r.resolve("Kabupaten Kubu Raya").map(|x| x.code.as_str()),
            Ok("61.12")
        );
        assert!(r.resolve("kab").is_err());
        assert_eq!(
            r.resolve("Kota Ponti Anak").map(|x| x.code.as_str()),
            Ok("61.71")
        );
        assert_eq!(
            r.resolve("Kab. KubuRaya").map(|x| x.code.as_str()),
            Ok("61.12")
        );
        assert!(r.resolve("zzz").expect_err("none").is_empty());
    }

    #[test]
    fn lokus_types() {
        assert_eq!(lokus_type("Puskesmas").map(|t| t.needs_name), Some(true));
        assert_eq!(lokus_type("DPMPTSP").map(|t| t.code), Some("dpmptsp"));
        assert_eq!(lokus_type("custom").map(|t| t.code), Some("lainnya"));
        assert!(lokus_type("bank").is_none());
    }
}
