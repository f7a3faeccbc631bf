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

    /// The pemda whose names are closest to a misspelt `text` (issue 16: `pontinak` →
    /// Kota Pontianak, Kab. Pontianak), best first, at most `n`. Each query word is matched
    /// against the name's words (ignoring "kota", "kab.", "provinsi") by edit distance
    /// (insertions, deletions, substitutions and swaps of neighbours); a name is a
    /// suggestion when every query word is within a third of its length (at least 1) of
    /// one of its words. Empty when nothing is that close.
    #[must_use]
    pub fn suggest(&self, text: &str, n: usize) -> Vec<&Region> {
        let q = fold(text);
        let words: Vec<&str> = q.split_whitespace().filter(|w| !is_kind_word(w)).collect();
        if words.is_empty() {
            return Vec::new();
        }
        let mut scored: Vec<(usize, &Region)> = self
            .list
            .iter()
            .filter_map(|r| {
                let name = fold(&r.name);
                let name_words: Vec<&str> = name
                    .split_whitespace()
                    .filter(|w| !is_kind_word(w))
                    .collect();
                let squeezed: String = name_words.concat();
                let mut total = 0;
                for w in &words {
                    let chars = w.chars().count();
                    let allowed = (chars / 3).max(1);
                    let best = name_words
                        .iter()
                        .map(|nw| edit_distance(w, nw))
                        .chain(std::iter::once(edit_distance(w, &squeezed)))
                        .min()?;
                    if best > allowed {
                        return None;
                    }
                    total += best;
                }
                Some((total, r))
            })
            .collect();
        scored.sort_by(|a, b| {
            (a.0, a.1.kind == "provinsi", &a.1.code).cmp(&(b.0, b.1.kind == "provinsi", &b.1.code))
        });
        scored.into_iter().take(n).map(|(_, r)| r).collect()
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

/// A word that names the kind of pemda, not the pemda.
fn is_kind_word(w: &str) -> bool {
    matches!(
        w,
        "kota" | "kab" | "kab." | "kabupaten" | "provinsi" | "prov"
    )
}

/// Optimal string alignment distance over characters: insertions, deletions,
/// substitutions and swaps of two neighbours each cost 1.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
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
    fn misspelt_names_suggest_the_closest_pemda() {
        let r = Regions::parse(CSV);
        let names =
            |q: &str| -> Vec<String> { r.suggest(q, 5).iter().map(|x| x.name.clone()).collect() };
        assert_eq!(names("pontinak"), ["Kota Pontianak"]);
        assert_eq!(names("kota pontinak"), ["Kota Pontianak"]);
        assert_eq!(names("ponitanak"), ["Kota Pontianak"], "a swap");
        assert_eq!(names("mempwah"), ["Kab. Mempawah"]);
        assert_eq!(names("kubu raja"), ["Kab. Kubu Raya"]);
        assert_eq!(names("kuburaja"), ["Kab. Kubu Raya"], "words run together");
        assert!(names("jakarta").is_empty(), "nothing close");
        assert!(names("kota").is_empty(), "only a kind word");
        assert_eq!(edit_distance("abc", "abc"), 0);
        assert_eq!(edit_distance("abc", "acb"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("pontinak", "pontianak"), 1);
    }

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
