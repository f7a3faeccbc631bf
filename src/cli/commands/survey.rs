//! `tilik respondent add|set|remove|proof|override`, `tilik respondents`, `tilik visit`.

use serde_json::json;

use crate::cli::args::RespondentCmd;
use crate::cli::output::{out, out_json};
use crate::core::survey::Channel;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::survey as text;
use crate::workspace::{DerivedView, NewRespondent, Workspace};

/// `QUESTION=ANSWER` pairs as typed.
fn pairs(answers: &[String]) -> Result<Vec<(String, String)>> {
    answers
        .iter()
        .map(|a| {
            a.split_once('=')
                .map(|(q, v)| (q.trim().to_string(), v.trim().to_string()))
                .filter(|(q, _)| !q.is_empty())
                .ok_or_else(|| Error::BadAnswerPair(a.clone()))
        })
        .collect()
}

fn print_derived(derived: &[DerivedView], survey: Option<&str>, lang: Lang) {
    for d in derived
        .iter()
        .filter(|d| survey.is_none_or(|s| d.derivation.survey == s))
    {
        out(&text::derived_line(d, lang));
    }
}

/// `respondent …`.
pub fn respondent(ws: &Workspace, cmd: &RespondentCmd, lang: Lang) -> Result<i32> {
    match cmd {
        RespondentCmd::Add {
            id,
            survey,
            code,
            channel,
            service,
            date,
            role,
            name,
            phone,
            evidence,
            answers,
        } => {
            let aid = ws.resolve_id(id)?;
            let channel = channel
                .as_deref()
                .map(|c| Channel::parse(c).ok_or_else(|| Error::BadChannel(c.to_string())))
                .transpose()?;
            let answers = pairs(answers)?;
            let derived = ws.add_respondent(
                &aid,
                &NewRespondent {
                    survey,
                    code,
                    channel,
                    service: service.as_deref(),
                    date: date.as_deref(),
                    role: role.as_deref(),
                    name: name.as_deref(),
                    phone: phone.as_deref(),
                    evidence,
                    answers: &answers,
                },
            )?;
            let n = derived
                .iter()
                .find(|d| d.derivation.survey == survey.trim())
                .map(|d| (d.derivation.respondents, d.derivation.target));
            out(&text::added(code, survey, n, lang));
            print_derived(&derived, Some(survey.trim()), lang);
            Ok(0)
        }
        RespondentCmd::Set {
            id,
            code,
            survey,
            answers,
        } => {
            let aid = ws.resolve_id(id)?;
            let answers = pairs(answers)?;
            let derived = ws.set_responses(&aid, survey.as_deref(), code, &answers)?;
            out(&text::changed(code, answers.len(), lang));
            print_derived(&derived, survey.as_deref(), lang);
            Ok(0)
        }
        RespondentCmd::Remove { id, code, survey } => {
            let aid = ws.resolve_id(id)?;
            let derived = ws.remove_respondent(&aid, survey.as_deref(), code)?;
            out(&text::removed(code, lang));
            print_derived(&derived, survey.as_deref(), lang);
            Ok(0)
        }
        RespondentCmd::Proof {
            id,
            code,
            survey,
            files,
        } => {
            let aid = ws.resolve_id(id)?;
            ws.attach_proof(&aid, survey.as_deref(), code, files)?;
            out(&text::proof_attached(code, files.len(), lang));
            Ok(0)
        }
        RespondentCmd::Override {
            id,
            indicator,
            level,
            reason,
            clear,
        } => {
            let aid = ws.resolve_id(id)?;
            let level = if *clear {
                None
            } else {
                Some(level.ok_or_else(|| Error::ValueOutOfScale {
                    indicator: indicator.clone(),
                    value: String::new(),
                    allowed: "0–3".into(),
                })?)
            };
            let derived = ws.override_derived(&aid, indicator, level, reason)?;
            print_derived(
                &derived
                    .into_iter()
                    .filter(|d| d.derivation.indicator == *indicator)
                    .collect::<Vec<_>>(),
                None,
                lang,
            );
            Ok(0)
        }
    }
}

/// `respondents ID [--json] [--show-contact]`.
pub fn respondents(
    ws: &Workspace,
    id: &str,
    json: bool,
    show_contact: bool,
    lang: Lang,
) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    let v = ws.respondents(&aid)?;
    let contact_text = |r| -> Result<Option<String>> {
        Ok(ws.contact(r)?.map(|c| {
            let phone = c.phone.as_deref().map(|p| {
                if show_contact {
                    p.to_string()
                } else {
                    text::mask_phone(p)
                }
            });
            let name = c.name.filter(|_| show_contact);
            [name, phone]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        }))
    };
    if json {
        let mut surveys = Vec::new();
        for s in &v.surveys {
            let mut rs = Vec::new();
            for r in &s.respondents {
                let f = r.fields();
                let mut o = json!({
                    "code": r.code,
                    "channel": f.and_then(|f| f.channel).map(Channel::as_str),
                    "service": f.and_then(|f| f.service.clone()),
                    "date": f.and_then(|f| f.date.clone()),
                    "role": f.and_then(|f| f.role.clone()),
                    "answers": r.responses().iter().map(|(q, a)| (q.clone(), json!(a.key()))).collect::<serde_json::Map<_, _>>(),
                    "conflicts": r.conflicts(),
                    "proof": r.proof.len(),
                });
                if let Some(c) = ws.contact(r)? {
                    o["contact"] = if show_contact {
                        json!({"name": c.name, "phone": c.phone})
                    } else {
                        json!({"name": c.name.map(|_| "•••"), "phone": c.phone.as_deref().map(text::mask_phone)})
                    };
                }
                rs.push(o);
            }
            surveys.push(json!({"id": s.survey.id, "target": s.survey.target,
                "count": s.respondents.len(), "respondents": rs}));
        }
        out_json(&json!({
            "assessment": v.assessment,
            "surveys": surveys,
            "derived": v.derived,
            "visit": v.visit,
        }))?;
        return Ok(0);
    }
    if let Some(vis) = &v.visit {
        out(&text::visit_line(vis, lang));
    }
    for s in &v.surveys {
        out(&text::survey_heading(&s.survey, s.respondents.len(), lang));
        for r in &s.respondents {
            out(&format!(
                "  {}",
                text::respondent_line(r, contact_text(r)?.as_deref(), lang)
            ));
        }
        for d in v
            .derived
            .iter()
            .filter(|d| d.derivation.survey == s.survey.id)
        {
            out(&format!("  {}", text::derived_line(d, lang)));
        }
    }
    Ok(0)
}

/// `visit ID --date … [--start --end] [--team …]`.
pub fn visit(
    ws: &Workspace,
    id: &str,
    date: &str,
    start: Option<&str>,
    end: Option<&str>,
    team: &[String],
    lang: Lang,
) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    let v = ws.set_visit(&aid, date, start, end, team)?;
    out(&text::visit_line(&v, lang));
    Ok(0)
}
