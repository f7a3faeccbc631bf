//! `tilik report` (table, md, csv, xlsx, json, svg), `rapor` and `results`.

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::cli::args::{ReportFormat, ResultsCmd};
use crate::cli::output::{emit, emit_json, err, out, out_json, out_raw, write_output};
use crate::core::report::{Options, Scope};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present;
use crate::present::cli::reports as text;
use crate::workspace::{RaporOf, Workspace};

/// What `report` was given.
pub struct ReportArgs<'a> {
    pub round: Option<u16>,
    pub province: Option<&'a str>,
    pub pemda: Option<&'a str>,
    pub format: ReportFormat,
    pub output: Option<&'a Path>,
    pub target: Option<f64>,
    pub compare: Option<u16>,
    pub strict: bool,
    pub approved_only: bool,
    pub weakest: usize,
}

/// `report`: build, narrow to `--province` / `--pemda`, refuse a provisional one under
/// `--strict` (exit 1), render.
pub fn report(ws: &Workspace, a: &ReportArgs<'_>, lang: Lang) -> Result<i32> {
    let opts = Options {
        round: a.round,
        target: a.target,
        compare: a.compare,
        weakest: a.weakest,
        approved_only: a.approved_only,
    };
    let full = ws.report(&opts)?;
    let province_code = match a.province {
        Some(p) => Some(ws.region(p)?.province_code.clone()),
        None => None,
    };
    let pemda_code = match a.pemda {
        Some(p) => Some(ws.region(p)?.code.clone()),
        None => None,
    };
    let r = full.within(&Scope {
        province_code,
        pemda_code,
    });
    if a.strict && r.provisional {
        err(&format!("tilik: {}", text::strict_refused(&r, lang)));
        return Ok(1);
    }
    let color = a.output.is_none()
        && !present::no_color()
        && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let rendered = match a.format {
        ReportFormat::Table => Some(present::report::table(&r, lang, color)),
        ReportFormat::Md => Some(present::report::markdown(&r, lang)),
        ReportFormat::Json => {
            emit_json(&r, a.output, lang)?;
            return Ok(0);
        }
        ReportFormat::Svg => Some(present::report::svg(&r, lang)),
        ReportFormat::Csv => None,
        ReportFormat::Xlsx => {
            let Some(path) = a.output else {
                let (context, hint) = text::xlsx_needs_output(lang);
                return Err(Error::Io {
                    context: context.to_string(),
                    source: std::io::Error::other(hint),
                });
            };
            present::report::xlsx::write(&r, lang, path).map_err(|e| Error::Io {
                context: format!("{}", path.display()),
                source: std::io::Error::other(e.to_string()),
            })?;
            out(&present::cli::written(path, lang));
            return Ok(0);
        }
    };
    if let Some(rendered) = rendered {
        emit(&rendered, a.output, lang)?;
        return Ok(0);
    }
    // CSV: the pemda table to stdout, or four files next to -o.
    let files = present::report::csv_files(&r);
    match a.output {
        None => {
            if let Some((_, pemda)) = files.first() {
                out_raw(pemda);
            }
        }
        Some(p) => {
            let stem = p.with_extension("");
            for (suffix, csv) in &files {
                let path = if suffix.is_empty() {
                    p.to_path_buf()
                } else {
                    PathBuf::from(format!("{}.{suffix}.csv", stem.display()))
                };
                write_output(&path, csv.as_bytes())?;
                out(&present::cli::written(&path, lang));
            }
        }
    }
    Ok(0)
}

/// `rapor TARGET`: the report card of one assessment (under its pemda's figures), or of
/// every lokus of a pemda (newest round first), in Markdown.
pub fn rapor(
    ws: &Workspace,
    target: &str,
    round: Option<u16>,
    output: Option<&Path>,
    weakest: usize,
    lang: Lang,
) -> Result<i32> {
    let r = match ws.resolve_id(target) {
        Ok(id) => ws.rapor(RaporOf::Assessment(&id), round, weakest)?,
        Err(e @ Error::AmbiguousAssessment(..)) => return Err(e),
        Err(_) => {
            let code = ws.region(target)?.code.clone();
            ws.rapor(RaporOf::Pemda(&code), round, weakest)
                .map_err(|e| match e {
                    Error::UnknownAssessment(_) => Error::UnknownAssessment(target.to_string()),
                    other => other,
                })?
        }
    };
    emit(&present::report::rapor(&r, lang), output, lang)?;
    Ok(0)
}

/// `results import FILE` and `results list`.
pub fn results(ws: &Workspace, cmd: &ResultsCmd, lang: Lang) -> Result<i32> {
    match cmd {
        ResultsCmd::Import { file } => {
            let r = ws.import_results(file)?;
            out(&text::results_imported(r.imported, lang));
            for (line, raw, why) in &r.skipped {
                err(&text::row_skipped(file, *line, raw, why, lang));
            }
            Ok(i32::from(r.imported == 0 && !r.skipped.is_empty()))
        }
        ResultsCmd::List { json } => {
            let mut list: Vec<_> = ws.published()?.into_iter().collect();
            list.sort_by(|a, b| a.0.cmp(&b.0));
            if *json {
                out_json(&serde_json::Value::Array(
                    list.iter()
                        .map(|((round, code), score)| json!({"round": round, "pemda": code,
                            "name": ws.regions().by_code(code).map(|r| r.name.clone()), "score": score}))
                        .collect(),
                ))?;
            } else {
                for ((round, code), score) in list {
                    let name = ws
                        .regions()
                        .by_code(&code)
                        .map_or(code.clone(), |r| r.name.clone());
                    out(&text::published_line(round, &code, &name, score, lang));
                }
            }
            Ok(0)
        }
    }
}
