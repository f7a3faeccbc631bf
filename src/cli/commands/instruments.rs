//! `tilik instruments` (list, show, check), `classify` and `regions`.

use std::path::Path;

use serde_json::json;

use crate::cli::args::InstrumentsCmd;
use crate::cli::output::{err, json_value, out, out_json, out_lines};
use crate::config::Dirs;
use crate::core::instrument::{Instrument, round_to};
use crate::core::scoring::classify as classify_score;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::cli::instruments as text;
use crate::present::survey as survey_text;
use crate::workspace::Workspace;

/// `instruments check FILE` (needs no store): exit 1 with `file:line:col: message` lines.
/// A survey file (it has `surveys`, or is named `*.surveys.toml`) is checked against the
/// instrument it names, from the embedded ones and the override folder.
pub fn check(file: &Path, dirs: &Dirs, lang: Lang) -> i32 {
    let source = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            err(&text::unreadable(file, &e, lang));
            return 1;
        }
    };
    let is_survey = crate::assets::is_survey_file(file)
        || source
            .parse::<toml::Table>()
            .is_ok_and(|t| t.contains_key("surveys"));
    if is_survey {
        let (cat, _) = crate::assets::catalog(Some(&dirs.instruments()));
        return match crate::assets::surveys_for(&cat, &source) {
            Ok(set) => match set.content_hash() {
                Ok(hash) => {
                    out(&survey_text::checked(file, &set, &hash, lang));
                    0
                }
                Err(e) => {
                    let e = Error::Core(e);
                    eprintln!("tilik: {}", crate::present::errors::user_message(&e, lang));
                    e.exit_code()
                }
            },
            Err(problems) => {
                for p in problems {
                    eprintln!("{}", text::problem(file, &p, lang));
                }
                1
            }
        };
    }
    match Instrument::from_toml(&source) {
        Ok(i) => match i.content_hash() {
            Ok(hash) => {
                out(&text::checked(file, &i, &hash, lang));
                0
            }
            Err(e) => {
                let e = Error::Core(e);
                err(&format!(
                    "tilik: {}",
                    crate::present::errors::user_message(&e, lang)
                ));
                e.exit_code()
            }
        },
        Err(problems) => {
            for p in problems {
                err(&text::problem(file, &p, lang));
            }
            1
        }
    }
}

/// `regions [--search Q]` (needs no store).
pub fn regions(search: Option<&str>, json: bool, lang: Lang) -> Result<i32> {
    let regions = crate::assets::regions();
    let list: Vec<_> = match search {
        Some(q) => regions.search(q),
        None => regions.all().iter().collect(),
    };
    if json {
        out_json(&list)?;
    } else {
        for r in &list {
            out(&text::region_line(r));
        }
        if list.is_empty() {
            out(text::no_match(lang));
            // A misspelt name: the closest ones (issue 16).
            let close = search.map(|q| regions.suggest(q, 4)).unwrap_or_default();
            if !close.is_empty() {
                out(text::did_you_mean(lang));
                for r in close {
                    out(&text::region_line(r));
                }
            }
        }
    }
    Ok(0)
}

/// `instruments` (the list) and `instruments show ID`.
pub fn instruments(
    ws: &Workspace,
    cmd: Option<&InstrumentsCmd>,
    json: bool,
    lang: Lang,
) -> Result<i32> {
    match cmd {
        None => {
            let list: Vec<_> = ws.catalog().all().collect();
            if json {
                out_json(&serde_json::Value::Array(
                    list.iter()
                        .map(|i| {
                            Ok(json!({"id": i.id, "family": i.family, "version": i.version,
                            "round": i.round, "title": i.title, "indicators": i.indicator_count(),
                            "hash": i.content_hash()?, "reconstructed": !i.reconstructed_parts().is_empty(),
                            "surveys": ws.catalog().surveys(&i.id).map(|s| s.surveys.iter().map(|x| x.id.clone()).collect::<Vec<_>>()).unwrap_or_default()}))
                        })
                        .collect::<Result<_>>()?,
                ))?;
            } else {
                for i in list {
                    out(&text::list_line(i, lang));
                }
            }
            Ok(0)
        }
        Some(InstrumentsCmd::Show { id, json }) => {
            let i = ws.instrument(id)?;
            let hash = i.content_hash()?;
            let surveys = ws.catalog().surveys(id);
            if *json {
                let mut v = json_value(i)?;
                v["hash"] = json!(hash);
                v["reconstructed_parts"] = json!(i.reconstructed_parts());
                v["surveys"] = match surveys {
                    Some(s) => {
                        let mut sv = json_value(s)?;
                        sv["hash"] = json!(s.content_hash()?);
                        sv["reconstructed_parts"] = json!(s.reconstructed_parts());
                        sv
                    }
                    None => serde_json::Value::Null,
                };
                out_json(&v)?;
            } else {
                out_lines(&text::show(i, &hash, lang));
                if let Some(s) = surveys {
                    out_lines(&survey_text::show(s, &s.content_hash()?, lang));
                    let parts = s.reconstructed_parts();
                    if !parts.is_empty() {
                        out(survey_text::reconstructed_heading(lang));
                        for p in parts {
                            out(&format!("  - {p}"));
                        }
                    }
                }
            }
            Ok(0)
        }
        Some(InstrumentsCmd::Trust { hash, json }) => {
            let t = ws.trust_instrument(hash)?;
            if *json {
                out_json(&json_value(&t)?)?;
            } else {
                out_lines(&text::trusted(&t, lang));
            }
            Ok(0)
        }
        // Run before the store is opened (see `cli::run`).
        Some(InstrumentsCmd::Check { file }) => Ok(check(file, ws.dirs(), lang)),
    }
}

/// `classify --instrument ID SCORE`.
pub fn classify(
    ws: &Workspace,
    instrument: &str,
    score: f64,
    json: bool,
    lang: Lang,
) -> Result<i32> {
    let i = ws.instrument(instrument)?;
    if !(0.0..=i.scoring.max).contains(&score) {
        return Err(Error::ValueOutOfScale {
            indicator: i.id.clone(),
            value: score.to_string(),
            allowed: format!("0–{}", i.scoring.max),
        });
    }
    let c = classify_score(i, score).ok_or_else(|| Error::UnknownInstrument(i.id.clone()))?;
    if json {
        out_json(&json!({"score": round_to(score, 2),
            "category": c.category, "label": if lang.en() { &c.label_en } else { &c.label },
            "zone": c.zone.as_str()}))?;
    } else {
        out(&text::classified(score, &c, lang));
    }
    Ok(0)
}
