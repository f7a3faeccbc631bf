//! Data shipped inside the binary: instruments, their survey files and regions.
//! Instruments can be overridden (or added) by TOML files in the config dir's
//! `instruments/` folder; a survey file there is named `<anything>.surveys.toml`.

use std::path::{Path, PathBuf};

use crate::core::instrument::{Catalog, Instrument, Problem};
use crate::core::region::Regions;
use crate::core::survey::SurveySet;

/// Embedded survey files (name, text), one per instrument that has surveys. Kept apart
/// from the instrument files so that the instruments' content hashes (on every recorded
/// answer and bundle) stay as they were.
pub const SURVEYS: &[(&str, &str)] = &[
    (
        "opini-2022.surveys.toml",
        include_str!("../assets/surveys/opini-2022.toml"),
    ),
    (
        "opini-2023.surveys.toml",
        include_str!("../assets/surveys/opini-2023.toml"),
    ),
    (
        "opini-2024.surveys.toml",
        include_str!("../assets/surveys/opini-2024.toml"),
    ),
    (
        "opini-2025.surveys.toml",
        include_str!("../assets/surveys/opini-2025.toml"),
    ),
];

/// Whether a file name is a survey file (`*.surveys.toml`) rather than an instrument.
#[must_use]
pub fn is_survey_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".surveys.toml"))
}

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
    let mut survey_files: Vec<(String, String)> = SURVEYS
        .iter()
        .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
        .collect();
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
            let text = match read(&f) {
                Ok(t) => t,
                Err(p) => {
                    problems.push(p);
                    continue;
                }
            };
            if is_survey_file(&f) {
                survey_files.push((f.display().to_string(), text));
                continue;
            }
            match Instrument::from_toml(&text) {
                Ok(i) => cat.insert(i),
                Err(p) => problems.push(OverrideProblem {
                    file: f.display().to_string(),
                    problems: p,
                }),
            }
        }
    }
    // Survey files last: each is checked against the instrument in use of its id (an
    // override file replaces the embedded one of the same instrument).
    for (file, text) in survey_files {
        match surveys_for(&cat, &text) {
            Ok(set) => cat.insert_surveys(set),
            Err(p) => {
                if let Ok(set) = SurveySet::parse_toml(&text) {
                    cat.remove_surveys(&set.instrument);
                }
                problems.push(OverrideProblem { file, problems: p });
            }
        }
    }
    (cat, problems)
}

fn read(f: &PathBuf) -> Result<String, OverrideProblem> {
    std::fs::read_to_string(f).map_err(|e| OverrideProblem {
        file: f.display().to_string(),
        problems: vec![Problem {
            line: 1,
            col: 1,
            message: format!(
                "cannot be read ({})",
                crate::present::errors::io_reason(&e, true)
            ),
            message_id: format!(
                "tidak dapat dibaca ({})",
                crate::present::errors::io_reason(&e, false)
            ),
        }],
    })
}

/// Parse a survey file and check it against the catalog's instrument of the id it names.
///
/// # Errors
/// Its problems (an unknown instrument is one, at the `instrument` line).
pub fn surveys_for(cat: &Catalog, text: &str) -> Result<SurveySet, Vec<Problem>> {
    let set = SurveySet::parse_toml(text)?;
    let Some(inst) = cat.get(&set.instrument) else {
        let needle = format!("instrument = \"{}\"", set.instrument);
        let line = text
            .lines()
            .position(|l| l.contains(&needle))
            .map_or(1, |x| x + 1);
        return Err(vec![Problem {
            line,
            col: 1,
            message: format!("unknown instrument `{}`", set.instrument),
            message_id: format!("instrumen `{}` tidak dikenal", set.instrument),
        }]);
    };
    SurveySet::from_toml(text, inst)
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
    fn every_embedded_survey_file_is_valid_and_shipped_for_opini_2022_to_2025() {
        let (cat, probs) = catalog(None);
        assert!(probs.is_empty(), "{probs:?}");
        for (name, text) in SURVEYS {
            if let Err(p) = surveys_for(&cat, text) {
                panic!("{name}: {p:?}");
            }
        }
        for id in ["opini-2022", "opini-2023", "opini-2024", "opini-2025"] {
            let s = cat.surveys(id).expect("surveys shipped");
            assert_eq!(s.survey("pengguna").map(|x| x.target), Some(30), "{id}");
            assert_eq!(s.survey("pejabat").map(|x| x.target), Some(4), "{id}");
        }
        let s25 = cat.surveys("opini-2025").expect("2025");
        assert!(s25.survey("pengguna").is_some_and(|x| x.proof_required));
        assert!(s25.survey("kepercayaan").is_some());
        assert!(cat.surveys("kepatuhan-2016").is_none());
    }

    /// The instrument files' hashes are what recorded answers and the v1 golden bundles
    /// name: adding surveys must not change them (they live in their own files).
    #[test]
    fn instrument_hashes_are_unchanged_by_surveys() {
        let (cat, _) = catalog(None);
        let h = |id: &str| cat.get(id).and_then(|i| i.content_hash().ok());
        for (id, hash) in [
            (
                "kepatuhan-2016",
                "231a833835c9b6ecca2ee7d25b84d5abf6969665510ca0ce4f992bc04b7d6483",
            ),
            (
                "opini-2022",
                "575d4a832ac37baf969f266040d88a5c628ec5ff3db67f7a86e5cf6fdf9f1ce7",
            ),
            (
                "opini-2023",
                "fa58551e2f43f573d662e0139da251f231daa009d30d47fb1ad850b29d486505",
            ),
            (
                "opini-2024",
                "06d565a4f9ec1f58dd496dee645bc666be5edca498d65652c453e79468ae153e",
            ),
            (
                "opini-2025",
                "643685eb4b14ef66448746be1e7ba99cd1e0a23637be15f7603f3e663dcd98a2",
            ),
        ] {
            assert_eq!(h(id).as_deref(), Some(hash), "{id}");
        }
    }

    #[test]
    fn survey_override_replaces_embedded_and_a_broken_one_is_reported() {
        let dir = tempfile::tempdir().expect("tmp");
        let text = SURVEYS[2]
            .1
            .replacen("version = \"1\"", "version = \"2\"", 1);
        std::fs::write(dir.path().join("x.surveys.toml"), text).expect("write");
        let (cat, probs) = catalog(Some(dir.path()));
        assert!(probs.is_empty(), "{probs:?}");
        assert_eq!(
            cat.surveys("opini-2024").map(|s| s.version.as_str()),
            Some("2")
        );
        let bad = SURVEYS[2]
            .1
            .replacen("indicator = \"O.1\"", "indicator = \"O.9\"", 1);
        std::fs::write(dir.path().join("x.surveys.toml"), bad).expect("write");
        let (cat, probs) = catalog(Some(dir.path()));
        assert_eq!(probs.len(), 1);
        assert!(probs[0].problems[0].message.contains("O.9"));
        // The broken override does not leave the embedded file of that id in use.
        assert!(cat.surveys("opini-2024").is_none());
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
