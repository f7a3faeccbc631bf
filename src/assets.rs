//! Data shipped inside the binary: instruments and regions. Instruments can be overridden
//! (or added) by TOML files in the config dir's `instruments/` folder.

use std::path::Path;

use crate::core::instrument::{Catalog, Instrument, Problem};
use crate::core::region::Regions;

/// Embedded instrument files (name, text).
pub const INSTRUMENTS: &[(&str, &str)] = &[
    (
        "kepatuhan-2016.toml",
        include_str!("../assets/instruments/kepatuhan-2016.toml"),
    ),
    (
        "opini-2022.toml",
        include_str!("../assets/instruments/opini-2022.toml"),
    ),
    (
        "opini-2023.toml",
        include_str!("../assets/instruments/opini-2023.toml"),
    ),
    (
        "opini-2024.toml",
        include_str!("../assets/instruments/opini-2024.toml"),
    ),
    (
        "opini-2025.toml",
        include_str!("../assets/instruments/opini-2025.toml"),
    ),
];

/// Regions CSV (see `assets/regions.PROVENANCE.md`).
pub const REGIONS_CSV: &str = include_str!("../assets/regions.csv");

/// A problem with an override file: it is skipped and the embedded one stays in use.
#[derive(Debug, Clone)]
pub struct OverrideProblem {
    pub file: String,
    pub problems: Vec<Problem>,
}

/// The embedded instruments, then every valid `*.toml` in `override_dir` on top.
#[must_use]
pub fn catalog(override_dir: Option<&Path>) -> (Catalog, Vec<OverrideProblem>) {
    let mut cat = Catalog::default();
    for (_, text) in INSTRUMENTS {
        // Embedded files are checked by tests; a broken one is a build defect, so skip it.
        if let Ok(i) = Instrument::from_toml(text) {
            cat.insert(i);
        }
    }
    let mut problems = Vec::new();
    if let Some(dir) = override_dir
        && let Ok(rd) = std::fs::read_dir(dir)
    {
        let mut files: Vec<_> = rd
            .filter_map(std::result::Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        files.sort();
        for f in files {
            let text = match std::fs::read_to_string(&f) {
                Ok(t) => t,
                Err(e) => {
                    problems.push(OverrideProblem {
                        file: f.display().to_string(),
                        problems: vec![Problem {
                            line: 1,
                            col: 1,
                            message: e.to_string(),
                            message_id: format!("tidak dapat dibaca: {e}"),
                        }],
                    });
                    continue;
                }
            };
            match Instrument::from_toml(&text) {
                Ok(i) => cat.insert(i),
                Err(p) => problems.push(OverrideProblem {
                    file: f.display().to_string(),
                    problems: p,
                }),
            }
        }
    }
    (cat, problems)
}

#[must_use]
pub fn regions() -> Regions {
    Regions::parse(REGIONS_CSV)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_instrument_is_valid() {
        for (name, text) in INSTRUMENTS {
            if let Err(p) = Instrument::from_toml(text) {
                panic!("{name}: {p:?}");
            }
        }
        let (cat, probs) = catalog(None);
        assert!(probs.is_empty());
        for id in [
            "opini-2022",
            "opini-2023",
            "opini-2024",
            "opini-2025",
            "kepatuhan-2016",
        ] {
            assert!(cat.get(id).is_some(), "{id} missing");
        }
    }

    #[test]
    fn opini_2024_has_the_four_published_weights() {
        let (cat, _) = catalog(None);
        let i = cat.get("opini-2024").expect("present");
        let w: Vec<f64> = i.dimensions.iter().map(|d| d.weight).collect();
        assert_eq!(w, vec![21.85, 32.37, 24.24, 21.54]);
        assert_eq!(i.indicator_count(), 38);
    }

    #[test]
    fn regions_have_provinces_and_pemda() {
        let r = regions();
        assert_eq!(r.all().iter().filter(|x| x.kind == "provinsi").count(), 38);
        assert_eq!(
            r.by_code("61.71").map(|x| x.name.as_str()),
            Some("Kota Pontianak")
        );
        assert_eq!(r.all().len(), 552);
    }

    #[test]
    fn override_replaces_embedded_and_bad_override_is_reported() {
        let dir = tempfile::tempdir().expect("tmp");
        let text = INSTRUMENTS[1]
            .1
            .replacen("version = \"1\"", "version = \"2\"", 1);
        std::fs::write(dir.path().join("x.toml"), text).expect("write");
        std::fs::write(dir.path().join("bad.toml"), "id = ").expect("write");
        let (cat, probs) = catalog(Some(dir.path()));
        assert_eq!(cat.get("opini-2022").map(|i| i.version.as_str()), Some("2"));
        assert_eq!(probs.len(), 1);
    }
}
