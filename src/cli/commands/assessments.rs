//! `tilik new`, `list`, `answer`, `note`, `flag`, `undo`, `show`, `finalize`, `log`, and
//! the hidden `debug-write-loop` of the durability tests.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::output::{err, out, out_json, out_lines};
use crate::core::op::AnswerValue;
use crate::error::Result;
use crate::i18n::Lang;
use crate::present::cli::assessments as text;
use crate::workspace::{AnswerRequest, Detail, Workspace};

/// What `new` was given.
pub struct NewArgs<'a> {
    pub round: u16,
    pub instrument: Option<&'a str>,
    pub pemda: &'a str,
    pub lokus: &'a str,
    pub name: Option<&'a str>,
    pub json: bool,
}

/// `new`: create an assessment, or name the existing one with the same key.
pub fn new(ws: &Workspace, a: &NewArgs<'_>, lang: Lang) -> Result<i32> {
    let c = ws.new_assessment(a.round, a.instrument, a.pemda, a.lokus, a.name)?;
    if a.json {
        out_json(&json!({"id": c.id, "created": c.created}))?;
    } else {
        out(&c.id);
        if !c.created {
            err(text::reused(lang));
        }
    }
    Ok(0)
}

/// `list [--review STATE]`.
pub fn list(
    ws: &Workspace,
    json: bool,
    review: Option<crate::cli::args::ReviewFilter>,
    lang: Lang,
) -> Result<i32> {
    use crate::cli::args::ReviewFilter as F;
    use crate::core::review::ReviewStatus as R;
    let mut list = ws.list()?;
    if let Some(f) = review {
        let want = match f {
            F::Received => R::Received,
            F::NeedsRevision => R::NeedsRevision,
            F::Resubmitted => R::Resubmitted,
            F::Approved => R::Approved,
            F::Rejected => R::Rejected,
        };
        list.retain(|s| s.review.unwrap_or(R::Received) == want);
    }
    if json {
        out_json(&crate::present::json::summaries(&list, lang)?)?;
    } else if list.is_empty() {
        out(text::list_empty(lang));
    } else {
        for s in &list {
            out(&text::list_line(s, lang));
        }
        if let Some(l) = text::list_legend(&list, lang) {
            out(l);
        }
    }
    Ok(0)
}

/// `answer ID INDICATOR VALUE [--note] [--evidence]…`.
pub fn answer(
    ws: &Workspace,
    id: &str,
    indicator: &str,
    value: &str,
    note: Option<&str>,
    evidence: &[PathBuf],
    lang: Lang,
) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    let d = ws.detail(&aid)?;
    let v = Workspace::parse_value(&d.instrument, indicator, value)?;
    let files: Vec<&Path> = evidence.iter().map(PathBuf::as_path).collect();
    ws.answer(&AnswerRequest {
        value: Some(v),
        note,
        evidence: &files,
        ..AnswerRequest::new(&aid, indicator)
    })?;
    let d = ws.detail(&aid)?;
    out(&text::saved(indicator, v, &d, lang));
    Ok(0)
}

/// `note ID INDICATOR TEXT`.
pub fn note(ws: &Workspace, id: &str, indicator: &str, note: &str, lang: Lang) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    ws.set_note(&aid, indicator, note)?;
    out(text::note_saved(lang));
    Ok(0)
}

/// `flag ID INDICATOR [--reason]`: flag, or lift the flag.
pub fn flag(
    ws: &Workspace,
    id: &str,
    indicator: &str,
    reason: Option<&str>,
    lang: Lang,
) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    let on = ws.toggle_flag(&aid, indicator, reason)?;
    out(text::flagged(on, lang));
    Ok(0)
}

/// `undo ID`.
pub fn undo(ws: &Workspace, id: &str, lang: Lang) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    let op = ws.undo(&aid)?;
    out(&text::undone(&op, lang));
    Ok(0)
}

/// `show ID`.
pub fn show(ws: &Workspace, id: &str, json: bool, lang: Lang) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    let d = ws.detail(&aid)?;
    let derived = ws.derived(&aid)?;
    let visit = d.state.survey.visit().cloned();
    let review = ws.review_view(&d.state);
    if json {
        let mut v = detail_json(&d, lang);
        v["review"] = crate::present::json::review(&review)?;
        if !derived.is_empty() {
            v["derived"] = serde_json::to_value(&derived)
                .map_err(|e| crate::error::Error::encode("derived", e))?;
        }
        if let Some(vis) = &visit {
            v["visit"] = serde_json::json!({"date": vis.date, "start": vis.start,
                "end": vis.end, "team": vis.team});
        }
        out_json(&v)?;
    } else {
        let name = |dev: &str| {
            crate::present::import::device_label(
                &ws.device_name(dev),
                ws.device_claim(dev).as_deref(),
                lang,
            )
        };
        out_lines(&text::detail(&d, &name, lang));
        out_lines(&crate::present::review::show_lines(&review, lang));
        if let Some(vis) = &visit {
            out(&crate::present::survey::visit_line(vis, lang));
        }
        for x in derived
            .iter()
            .filter(|x| x.derivation.respondents > 0 || x.override_level.is_some())
        {
            out(&crate::present::survey::derived_line(x, lang));
        }
    }
    Ok(0)
}

/// `finalize ID`.
pub fn finalize(ws: &Workspace, id: &str, lang: Lang) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    let d = ws.finalize(&aid)?;
    out(&text::finalized(&d, lang));
    Ok(0)
}

/// `log ID`.
pub fn log(ws: &Workspace, id: &str, json: bool, lang: Lang) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    let log = ws.log(&aid)?;
    if json {
        out_json(&crate::present::json::log(&log, lang)?)?;
    } else {
        for e in &log {
            out(&text::log_line(e, lang));
        }
    }
    Ok(0)
}

/// `debug-write-loop ID`: answer in a loop, printing `ack N` after each durable save.
pub fn debug_write_loop(ws: &Workspace, id: &str, start: u64, count: u64) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    let d = ws.detail(&aid)?;
    let ids: Vec<String> = d
        .instrument
        .indicators()
        .map(|p| p.indicator.id.clone())
        .collect();
    for k in start..start + count {
        let ind = &ids[usize::try_from(k).unwrap_or(0) % ids.len()];
        let v = AnswerValue::Score(u8::try_from(k % 2).unwrap_or(0));
        let note = format!("w{k}");
        ws.answer(&AnswerRequest::new(&aid, ind).value(v).note(&note))?;
        out(&format!("ack {k}"));
    }
    Ok(0)
}

/// The `show --json` document.
fn detail_json(d: &Detail, lang: Lang) -> serde_json::Value {
    let s = &d.summary;
    json!({
        "id": s.id,
        "round": s.round,
        "pemda": s.pemda,
        "pemda_name": s.pemda_name,
        "lokus": s.lokus,
        "lokus_name": s.lokus_name,
        "instrument": s.instrument,
        "score": d.score.score,
        "category": s.category,
        "label": s.label.as_ref().map(|l| crate::present::words::label(lang, l)),
        "zone": s.zone.map(|z| z.as_str()),
        "status": s.status,
        "provisional": s.provisional(),
        "answered": d.score.answered,
        "not_applicable": d.score.not_applicable,
        "total": d.score.total,
        "conflicts": d.state.conflicts(),
        "dimensions": d.score.dimensions.iter().map(|g| json!({
            "id": g.id, "name": g.name, "weight": g.weight, "score": g.score,
            "answered": g.answered, "total": g.total})).collect::<Vec<_>>(),
        "unanswered": d.score.unanswered,
        "answers": d.instrument.indicators().filter_map(|p| {
            let slot = d.state.slots.get(&p.indicator.id)?;
            Some(json!({
                "indicator": p.indicator.id,
                "value": slot.value().map(|v| match v { AnswerValue::Score(x) => json!(x), _ => json!(v.short(lang.en())) }),
                "conflict": slot.in_conflict(),
                "flagged": slot.flagged(),
                "notes": slot.notes.values().map(|n| n.text.clone()).collect::<Vec<_>>(),
                "evidence": slot.evidence().iter().map(|e| json!({"name": e.blob.name, "hash": e.blob.hash, "size": e.blob.size})).collect::<Vec<_>>(),
            }))
        }).collect::<Vec<_>>(),
    })
}
