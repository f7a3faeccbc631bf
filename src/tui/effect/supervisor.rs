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

/// Indicator wording by (assessment, indicator).
pub type Wording = BTreeMap<(String, String), String>;

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

/// The open conflicts, with each indicator's wording in `lang`.
fn with_wording(ws: &Workspace, lang: Lang) -> crate::error::Result<(Vec<SlotConflict>, Wording)> {
    let list = ws.conflicts()?.conflicts;
    let mut wording = BTreeMap::new();
    for c in &list {
        if let Ok(d) = ws.detail(&c.assessment)
            && let Some(p) = d.instrument.indicator(&c.indicator)
        {
            let text = if lang.en() {
                p.indicator
                    .text_en
                    .clone()
                    .unwrap_or(p.indicator.text.clone())
            } else {
                p.indicator.text.clone()
            };
            wording.insert(
                (c.assessment.clone(), c.indicator.clone()),
                format!("{} — {text}", p.indicator.short),
            );
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
