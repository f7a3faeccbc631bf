//! `tilik review` (decisions, comments, `--approve-clean`), `tilik reply` and the audit
//! trail `tilik log --all` (issue 14).

use serde_json::json;

use crate::cli::args::ReviewArg;
use crate::cli::output::{out, out_json, out_lines};
use crate::core::op::ReviewState;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present::review as text;
use crate::workspace::{ReviewRequest, Workspace};

/// What `review ID` was given.
pub struct ReviewArgs<'a> {
    pub id: &'a str,
    pub state: Option<ReviewArg>,
    pub comment: Option<&'a str>,
    pub indicator: Option<&'a str>,
    /// `--force --reason TEXT` (clap makes the two go together).
    pub reason: Option<&'a str>,
    pub json: bool,
}

fn state_of(a: ReviewArg) -> ReviewState {
    match a {
        ReviewArg::Received => ReviewState::Received,
        ReviewArg::NeedsRevision => ReviewState::NeedsRevision,
        ReviewArg::Approved => ReviewState::Approved,
        ReviewArg::Rejected => ReviewState::Rejected,
    }
}

/// `review ID --state S [--comment T] [--indicator I] [--force --reason R]`, or
/// `review ID --comment T [--indicator I]` (a comment alone).
pub fn review(ws: &Workspace, a: &ReviewArgs<'_>, lang: Lang) -> Result<i32> {
    let aid = ws.resolve_id(a.id)?;
    match a.state {
        Some(st) => {
            let state = state_of(st);
            ws.set_review(&ReviewRequest {
                comment: a.comment.unwrap_or_default(),
                indicator: a.indicator,
                force: a.reason,
                ..ReviewRequest::new(&aid, state)
            })?;
            if !a.json {
                out(&text::saved(state, lang));
            }
        }
        None => {
            let Some(c) = a.comment else {
                return Err(Error::CommentRequired);
            };
            ws.review_comment(&aid, a.indicator, c)?;
            if !a.json {
                out(text::comment_saved(lang));
            }
        }
    }
    if a.json {
        let v = ws.review(&aid)?;
        out_json(&json!({"id": aid, "review": crate::present::json::review(&v)?}))?;
    }
    Ok(0)
}

/// `review --approve-clean [--pemda P]`.
pub fn approve_clean(ws: &Workspace, pemda: Option<&str>, json: bool, lang: Lang) -> Result<i32> {
    let r = ws.approve_clean(pemda)?;
    if json {
        out_json(&json!({
            "approved": r.approved,
            "skipped": r.skipped.iter().map(|(id, why)| json!({"id": id, "why": why})).collect::<Vec<_>>(),
        }))?;
    } else {
        out_lines(&text::approve_clean_lines(&r, lang));
    }
    Ok(0)
}

/// `reply ID [--indicator I] TEXT`.
pub fn reply(
    ws: &Workspace,
    id: &str,
    indicator: Option<&str>,
    body: &str,
    lang: Lang,
) -> Result<i32> {
    let aid = ws.resolve_id(id)?;
    ws.reply(&aid, indicator, body)?;
    out(text::reply_saved(lang));
    Ok(0)
}

/// `log --all [--since DATE] [--format table|csv|json]`.
pub fn audit(
    ws: &Workspace,
    since: Option<&str>,
    format: crate::cli::args::LogFormat,
    lang: Lang,
) -> Result<i32> {
    use crate::cli::args::LogFormat;
    let entries = ws.audit(since)?;
    match format {
        LogFormat::Json => out_json(&crate::present::json::audit(&entries, lang)?)?,
        LogFormat::Csv => {
            let mut o = std::io::stdout().lock();
            std::io::Write::write_all(&mut o, text::audit_csv(&entries, lang).as_bytes()).map_err(
                |e| Error::Io {
                    context: "stdout".into(),
                    source: e,
                },
            )?;
        }
        LogFormat::Table => out_lines(&text::audit_table(&entries, lang)),
    }
    Ok(0)
}
