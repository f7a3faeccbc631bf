//! Workspace side of reports: gather every assessment with its exact instrument, pemda
//! and author names, other rounds' scores for `--compare`, and imported published results.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::{Workspace, now_ms};
use crate::core::brief::Brief;
use crate::core::instrument::Instrument;
use crate::core::rapor::{LokusCard, lokus_card};
use crate::core::report::{Input, Options, PemdaInfo, Report, Scope, build};
use crate::error::{Error, Result};
use crate::storage::records::Published;

/// Outcome of importing published results.
#[derive(Debug, Clone, Serialize)]
pub struct ResultsImport {
    pub imported: usize,
    /// (line, text, reason) of rows that could not be used.
    pub skipped: Vec<(usize, String, String)>,
}

/// What a rapor is of: one assessment (id), or every lokus of a pemda (Kemendagri code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaporOf<'a> {
    Assessment(&'a str),
    Pemda(&'a str),
}

/// The instrument definition a lokus was scored with, by its own title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InstrumentTitle {
    pub id: String,
    pub version: String,
    pub hash: String,
    pub title: String,
    pub title_en: Option<String>,
}

/// The report card of a pemda (or of one of its assessments): the report narrowed to the
/// pemda, with the ranks computed over every pemda of the store (so its figures, ranks
/// and provisional marks are those of `tilik report`), and per lokus its card
/// ([`lokus_card`]) and instrument.
#[derive(Debug, Clone)]
pub struct Rapor {
    pub report: Report,
    /// `Some(id)`: only this assessment's lokus is shown under its pemda.
    pub only: Option<String>,
    /// Assessment id → its card.
    pub cards: BTreeMap<String, LokusCard>,
    /// Instrument hash → title.
    pub instruments: BTreeMap<String, InstrumentTitle>,
}

impl Workspace {
    /// The rapor of one assessment (its round, its pemda's figures) or of a pemda (every
    /// round, or `round`), with the `weakest` indicators per lokus.
    ///
    /// # Errors
    /// Unknown assessment, a pemda with no assessment (`UnknownAssessment`), storage
    /// failure.
    pub fn rapor(&self, of: RaporOf<'_>, round: Option<u16>, weakest: usize) -> Result<Rapor> {
        let (code, round, only) = match of {
            RaporOf::Assessment(id) => {
                let d = self.detail(id)?;
                let h = d
                    .state
                    .header
                    .as_ref()
                    .ok_or_else(|| Error::UnknownAssessment(id.to_string()))?;
                (h.pemda.clone(), Some(h.round), Some(id.to_string()))
            }
            RaporOf::Pemda(code) => (code.to_string(), round, None),
        };
        let report = self
            .report(&Options {
                round,
                weakest: 0,
                ..Options::default()
            })?
            .within(&Scope {
                province_code: None,
                pemda_code: Some(code.clone()),
            });
        let mut cards = BTreeMap::new();
        let mut instruments = BTreeMap::new();
        for l in report.pemda.iter().flat_map(|p| &p.lokus) {
            if only.as_ref().is_some_and(|id| *id != l.assessment) {
                continue;
            }
            let d = self.detail(&l.assessment)?;
            cards.insert(
                l.assessment.clone(),
                lokus_card(&d.instrument, &d.state, weakest),
            );
            let i = &d.instrument;
            instruments
                .entry(l.instrument_hash.clone())
                .or_insert_with(|| InstrumentTitle {
                    id: i.id.clone(),
                    version: i.version.clone(),
                    hash: l.instrument_hash.clone(),
                    title: i.title.clone(),
                    title_en: i.title_en.clone(),
                });
        }
        if cards.is_empty() {
            return Err(Error::UnknownAssessment(only.unwrap_or(code)));
        }
        Ok(Rapor {
            report,
            only,
            cards,
            instruments,
        })
    }

    fn pemda_info(&self, code: &str, fallback_name: &str) -> PemdaInfo {
        let r = self.regions.by_code(code);
        let prov = r.and_then(|r| self.regions.province_of(r));
        PemdaInfo {
            code: code.to_string(),
            name: r.map_or_else(|| fallback_name.to_string(), |r| r.name.clone()),
            kind: r.map_or_else(|| "lainnya".to_string(), |r| r.kind.clone()),
            province_code: r.map_or_else(String::new, |r| r.province_code.clone()),
            province_name: prov.map_or_else(String::new, |p| p.name.clone()),
        }
    }

    /// Build a report over the store (all rounds, or `opts.round`).
    ///
    /// # Errors
    /// Storage failure.
    pub fn report(&self, opts: &Options) -> Result<Report> {
        // The briefs, never the projections (`storage::brief`): a few kilobytes per
        // assessment of a national year.
        let mut briefs: Vec<Brief> = Vec::new();
        // Respondents and the share per question (issue 15), for assessments with any:
        // summarized as each brief is read, and its tally not kept (the report needs only
        // the summary; a national year's tallies are most of its briefs' memory).
        let mut by = crate::core::survey::summary::ByAssessment::new();
        for b in self.store.briefs_iter() {
            let mut b = b?;
            if b.header.is_none() {
                continue;
            }
            self.derive_brief(&mut b);
            if let (Some(tally), Some(h)) = (b.survey.take(), &b.header) {
                let surveys = self
                    .catalog()
                    .surveys(&h.instrument.id)
                    .map(|set| crate::core::survey::summary::summarize_from(set, &tally))
                    .unwrap_or_default();
                by.insert(b.id.clone(), (surveys, tally.visit));
            }
            briefs.push(b);
        }
        let mut insts: BTreeMap<String, Instrument> = BTreeMap::new();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        for s in &briefs {
            if let Some(h) = &s.header
                && !insts.contains_key(&h.instrument.hash)
                && let Ok(i) = self.instrument_for(&h.instrument)
            {
                insts.insert(h.instrument.hash.clone(), i);
            }
            for d in &s.devices {
                if !names.contains_key(d) {
                    names.insert(d.clone(), self.device_name(d));
                }
            }
        }
        let inputs: Vec<Input<'_>> = briefs
            .iter()
            .filter_map(|s| {
                let h = s.header.as_ref()?;
                Some(Input {
                    brief: s,
                    instrument: insts.get(&h.instrument.hash)?,
                    pemda: self.pemda_info(&h.pemda, &h.pemda_name),
                    names: &names,
                })
            })
            .collect();
        let mut previous = BTreeMap::new();
        if let Some(y) = opts.compare {
            let prev = build(
                &inputs,
                &Options {
                    round: Some(y),
                    weakest: 0,
                    ..Options::default()
                },
                &BTreeMap::new(),
                &BTreeMap::new(),
                0,
            );
            for p in prev.pemda {
                if let Some(s) = p.score {
                    previous.insert((y, p.code), s);
                }
            }
        }
        let published = self.published()?;
        let mut report = build(&inputs, opts, &previous, &published, now_ms());
        crate::core::survey::summary::attach(&mut report, &by);
        Ok(report)
    }

    /// Published results imported so far: (round, pemda code) → score.
    ///
    /// # Errors
    /// Storage failure.
    pub fn published(&self) -> Result<BTreeMap<(u16, String), f64>> {
        let list = self.store.published_results()?;
        Ok(list
            .into_iter()
            .map(|p| ((p.round, p.code), p.score))
            .collect())
    }

    /// Import published results from CSV with columns `round`, `pemda` (code or name) and
    /// `score` (header required; extra columns ignored; decimal point or comma). Rows that
    /// cannot be matched are reported, not guessed. Re-importing replaces the same
    /// (round, pemda).
    ///
    /// # Errors
    /// Unreadable file, or a header without the three columns.
    pub fn import_results(&self, file: &Path) -> Result<ResultsImport> {
        let text = std::fs::read_to_string(file).map_err(|source| Error::Io {
            context: format!("{}", file.display()),
            source,
        })?;
        let mut rdr = csv::ReaderBuilder::new()
            .flexible(true)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let headers = rdr.headers().map_err(|e| Error::Io {
            context: format!("{}", file.display()),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()),
        })?;
        let col = |names: &[&str]| {
            headers
                .iter()
                .position(|h| names.contains(&h.to_lowercase().as_str()))
        };
        let (Some(cr), Some(cp), Some(cs)) = (
            col(&["round", "tahun", "year"]),
            col(&["pemda", "pemda_code", "kode", "code", "name", "nama"]),
            col(&["score", "nilai"]),
        ) else {
            return Err(Error::Io {
                context: format!("{}", file.display()),
                source: std::io::Error::other("header must name the columns round, pemda, score"),
            });
        };
        let mut list = self.store.published_results()?;
        let mut out = ResultsImport {
            imported: 0,
            skipped: Vec::new(),
        };
        for (n, rec) in rdr.records().enumerate() {
            let line = n + 2;
            let Ok(rec) = rec else {
                out.skipped
                    .push((line, String::new(), "unreadable row".into()));
                continue;
            };
            let raw = rec.iter().collect::<Vec<_>>().join(",");
            let round = rec.get(cr).and_then(|r| r.parse::<u16>().ok());
            let score = rec
                .get(cs)
                .and_then(|s| s.replace(',', ".").parse::<f64>().ok())
                .filter(|s| (0.0..=100.0).contains(s));
            let pemda = rec.get(cp).unwrap_or("");
            let (Some(round), Some(score)) = (round, score) else {
                out.skipped
                    .push((line, raw, "round or score unreadable".into()));
                continue;
            };
            match self.regions.resolve(pemda) {
                Ok(r) => {
                    list.retain(|p| !(p.round == round && p.code == r.code));
                    list.push(Published {
                        round,
                        code: r.code.clone(),
                        name: r.name.clone(),
                        score,
                    });
                    out.imported += 1;
                }
                Err(c) => out.skipped.push((
                    line,
                    raw,
                    if c.is_empty() {
                        "no pemda matches".into()
                    } else {
                        format!(
                            "ambiguous: {}",
                            c.iter()
                                .take(3)
                                .map(|r| r.name.as_str())
                                .collect::<Vec<_>>()
                                .join("; ")
                        )
                    },
                )),
            }
        }
        list.sort_by(|a, b| (a.round, &a.code).cmp(&(b.round, &b.code)));
        self.store.set_published_results(&list)?;
        Ok(out)
    }
}
