//! The supervisor's work (issue 6): import one bundle file at a time (inspected first, so
//! the inbox can show who sent it), re-process quarantined bundles, read and resolve
//! conflicts, set a review state, the dashboard, and the trust roster.

use std::collections::BTreeMap;
use std::path::Path;

use crate::core::op::ReviewState;
use crate::i18n::Lang;
use crate::identity::Role;
use crate::workspace::bundles::Inspection;
use crate::workspace::{SlotConflict, Workspace};

use super::{Failed, Outcome, failed};

/// What the inbox learned about a file before importing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Peek {
    pub exporter: String,
    pub fingerprint: String,
    pub assessments: usize,
    pub ops: u64,
    pub evidence: usize,
}

impl Peek {
    fn of(ins: &Inspection) -> Option<Peek> {
        let m = ins.manifest.as_ref()?;
        Some(Peek {
            exporter: m.exporter.name.clone(),
            fingerprint: ins.exporter_fingerprint.clone().unwrap_or_default(),
            assessments: m.summary.len(),
            ops: m.op_count(),
            evidence: m.blobs.len(),
        })
    }
}

/// One level of a conflicted indicator's scale, in the language of the screen: the scale's
/// own label ("Cukup memenuhi") and what the level means for this indicator (the same words
/// the checklist shows; the label again when the indicator has no meanings of its own).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LevelWords {
    pub label: String,
    pub meaning: String,
}

/// What the conflict screens show of one conflicted indicator beyond the conflict itself.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndicatorInfo {
    /// Place in the instrument (the checklist's order), for sorting.
    pub order: usize,
    /// Short name, e.g. `Biaya/tarif`.
    pub short: String,
    /// Full wording.
    pub text: String,
    /// The scale's levels by value.
    pub levels: BTreeMap<u8, LevelWords>,
}

impl IndicatorInfo {
    /// The words of an answer value's level, if the scale has it.
    #[must_use]
    pub fn level(&self, v: crate::core::op::AnswerValue) -> Option<&LevelWords> {
        match v {
            crate::core::op::AnswerValue::Score(n) => self.levels.get(&n),
            _ => None,
        }
    }
}

/// Indicator words by (assessment, indicator).
pub type Wording = BTreeMap<(String, String), IndicatorInfo>;

/// The words of `indicator` in `instrument`, in `lang`.
fn info_of(
    instrument: &crate::core::instrument::Instrument,
    indicator: &str,
    lang: Lang,
) -> Option<IndicatorInfo> {
    let (order, p) = instrument
        .indicators()
        .enumerate()
        .find(|(_, p)| p.indicator.id.eq_ignore_ascii_case(indicator))?;
    let ind = p.indicator;
    let text = if lang.en() {
        ind.text_en.clone().unwrap_or(ind.text.clone())
    } else {
        ind.text.clone()
    };
    let mut levels = BTreeMap::new();
    if let Some(sc) = instrument.scale(&ind.scale) {
        for lvl in &sc.levels {
            let label = if lang.en() {
                lvl.label_en.as_deref().unwrap_or(&lvl.label)
            } else {
                &lvl.label
            };
            // As the checklist: English has only the scale's labels unless the indicator
            // has meanings of its own (those are in Bahasa Indonesia).
            let meaning = if lang.en() && ind.levels.is_empty() {
                label
            } else {
                ind.level_meaning(sc, lvl.value).unwrap_or(label)
            };
            levels.insert(
                lvl.value,
                LevelWords {
                    label: label.to_string(),
                    meaning: meaning.to_string(),
                },
            );
        }
    }
    Some(IndicatorInfo {
        order,
        short: ind.short.clone(),
        text,
        levels,
    })
}

fn fail(lang: Lang, e: &crate::error::Error) -> Outcome {
    failed(lang, Failed::Supervisor, e)
}

pub(super) fn import_one(ws: &Workspace, lang: Lang, row: usize, path: &Path) -> Outcome {
    let peek = ws.inspect(path).ok().as_ref().and_then(Peek::of);
    match ws.import_file(path, &mut |_, _| {}) {
        Ok(outcome) => Outcome::Imported {
            row,
            peek,
            outcome: Box::new(outcome),
        },
        Err(e) => fail(lang, &e),
    }
}

pub(super) fn retry(ws: &Workspace, lang: Lang) -> Outcome {
    match ws.retry_quarantined(&mut |_, _| {}) {
        Ok(v) => Outcome::Retried(v),
        Err(e) => fail(lang, &e),
    }
}

pub(super) fn import_log(ws: &Workspace, lang: Lang) -> Outcome {
    match ws.import_log() {
        Ok(v) => Outcome::ImportLog(v),
        Err(e) => fail(lang, &e),
    }
}

/// The open conflicts, with each indicator's words in `lang` (each assessment's instrument
/// read once).
fn with_wording(ws: &Workspace, lang: Lang) -> crate::error::Result<(Vec<SlotConflict>, Wording)> {
    let list = ws.conflicts()?.conflicts;
    let mut wording = BTreeMap::new();
    let mut instruments = BTreeMap::new();
    for c in &list {
        let instrument = instruments
            .entry(c.assessment.clone())
            .or_insert_with(|| ws.detail(&c.assessment).ok().map(|d| d.instrument));
        if let Some(info) = instrument
            .as_ref()
            .and_then(|i| info_of(i, &c.indicator, lang))
        {
            wording.insert((c.assessment.clone(), c.indicator.clone()), info);
        }
    }
    Ok((list, wording))
}

pub(super) fn conflicts(ws: &Workspace, lang: Lang) -> Outcome {
    match with_wording(ws, lang) {
        Ok((list, wording)) => Outcome::Conflicts { list, wording },
        Err(e) => fail(lang, &e),
    }
}

pub(super) fn resolve(
    ws: &Workspace,
    lang: Lang,
    id: &str,
    indicator: String,
    pick: Option<usize>,
    value: Option<&str>,
    reason: &str,
) -> Outcome {
    match ws
        .resolve(id, &indicator, pick, value, reason)
        .and_then(|_| ws.conflicts())
    {
        Ok(r) => Outcome::Resolved {
            indicator,
            list: r.conflicts,
        },
        Err(e) => fail(lang, &e),
    }
}

pub(super) fn set_review(
    ws: &Workspace,
    lang: Lang,
    id: &str,
    state: ReviewState,
    comment: &str,
    force: Option<&str>,
) -> Outcome {
    let req = crate::workspace::ReviewRequest {
        comment,
        force,
        ..crate::workspace::ReviewRequest::new(id, state)
    };
    match ws.set_review(&req) {
        Ok(_) => Outcome::Reviewed,
        Err(crate::error::Error::ApprovalGuard(open)) => Outcome::ReviewGuard(open),
        Err(e) => fail(lang, &e),
    }
}

pub(super) fn dashboard(ws: &Workspace, lang: Lang) -> Outcome {
    match ws.dashboard_pemda() {
        Ok(v) => Outcome::Dashboard(v),
        Err(e) => fail(lang, &e),
    }
}

pub(super) fn trust_list(ws: &Workspace, lang: Lang) -> Outcome {
    match ws.trust_list() {
        Ok(v) => Outcome::Trust(v),
        Err(e) => fail(lang, &e),
    }
}

pub(super) fn trust_add(
    ws: &Workspace,
    lang: Lang,
    key: &str,
    name: &str,
    supervisor: bool,
) -> Outcome {
    let role = if supervisor {
        Role::Supervisor
    } else {
        Role::Assessor
    };
    match ws
        .trust_add(key, name, role, None)
        .and_then(|(e, w)| Ok((e, w, ws.trust_list()?)))
    {
        Ok((e, waiting, list)) => Outcome::Trusted {
            name: e.name,
            waiting,
            list,
        },
        Err(e) => fail(lang, &e),
    }
}

pub(super) fn trust_remove(ws: &Workspace, lang: Lang, device: &str) -> Outcome {
    match ws
        .trust_remove(device)
        .and_then(|e| Ok((e, ws.trust_list()?)))
    {
        Ok((e, list)) => Outcome::Untrusted { name: e.name, list },
        Err(e) => fail(lang, &e),
    }
}
