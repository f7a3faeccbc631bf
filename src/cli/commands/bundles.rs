//! `tilik export`, `import`, `bundle inspect`, `conflicts`, `resolve` and `sync`.

use std::path::PathBuf;

use serde_json::json;

use crate::cli::args::{BundleCmd, BundleCommand, ExportArgs, ImportArgs, ResolveArgs};
use crate::cli::output::{out, out_json, out_lines};
use crate::core::op::OpBody;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::present;
use crate::present::cli::bundles as text;
use crate::workspace::Workspace;
use crate::workspace::bundles::{ExportOptions, ImportOutcome, Target};

fn no_progress() -> impl FnMut(u64, u64) {
    |_, _| {}
}

/// Run one bundle command (`trust` has its own module). Returns the exit status: 3 when
/// an import quarantined or rejected a file, or `inspect` found a fault.
///
/// # Errors
/// Library errors (the caller prints their sentence).
pub fn run(ws: &Workspace, cmd: &BundleCommand, lang: Lang) -> Result<i32> {
    match cmd {
        BundleCommand::Export(a) => export(ws, a, lang),
        BundleCommand::Import(a) => import(ws, a, lang),
        BundleCommand::Bundle {
            cmd: BundleCmd::Inspect { file, json },
        } => {
            let ins = ws.inspect(file)?;
            if *json {
                out_json(&present::json::inspection(&ins, lang)?)?;
            } else {
                out_lines(&text::inspection(&ins, lang));
            }
            // An own encrypted bundle this device cannot open is sound (issue 16).
            Ok(if ins.fault.is_some() && !ins.own_sealed() {
                3
            } else {
                0
            })
        }
        BundleCommand::Trust { cmd } => super::trust::run(ws, cmd, lang),
        BundleCommand::Conflicts { json } => {
            let r = ws.conflicts()?;
            if *json {
                out_json(&present::json::conflicts(&r, lang)?)?;
            } else {
                out_lines(&text::conflicts(&r, lang));
            }
            Ok(0)
        }
        BundleCommand::Resolve(a) => resolve(ws, a, lang),
        BundleCommand::Sync { dir, to, json } => {
            let r = ws.sync_folder(dir, to, &mut no_progress())?;
            let code = exit_for(&r.imports);
            if *json {
                out_json(&json!({"exported": r.exported,
                    "imports": present::json::outcomes(&r.imports, lang)?, "exit": code}))?;
            } else {
                out_lines(&present::export::cli_lines(&r.exported, lang));
                if r.imports.is_empty() {
                    out(text::no_other_bundles(lang));
                }
                for o in &r.imports {
                    out(&present::import::cli_line(o, lang));
                }
                if !r.imports.is_empty() {
                    out(&present::import::sync_counts(&r.imports, lang));
                }
            }
            Ok(code)
        }
    }
}

fn exit_for(outcomes: &[ImportOutcome]) -> i32 {
    if outcomes.iter().all(|o| o.verdict.ok()) {
        0
    } else {
        3
    }
}

fn export(ws: &Workspace, a: &ExportArgs, lang: Lang) -> Result<i32> {
    if a.list {
        let list = ws.exports()?;
        if a.json {
            out_json(&list)?;
        } else if list.is_empty() {
            out(text::no_exports(lang));
        } else {
            for r in &list {
                out(&text::export_line(r, lang));
            }
        }
        return Ok(0);
    }
    let target = match (&a.output, &a.dir, a.create_dir) {
        (Some(f), _, false) => Target::File(f.clone()),
        (Some(f), _, true) => Target::NewFile(f.clone()),
        (None, Some(d), false) => Target::Dir(d.clone()),
        (None, Some(d), true) => Target::NewDir(d.clone()),
        (None, None, _) => Target::Dir(PathBuf::from(".")),
    };
    let e = match ws.export(
        &ExportOptions {
            target,
            to: a.to.clone(),
            since: a.since.clone(),
            no_evidence: a.no_evidence,
        },
        &mut no_progress(),
    ) {
        Ok(e) => e,
        Err(Error::DestinationMissing(p)) => {
            crate::cli::output::err(&text::destination_missing(&p, lang));
            return Ok(1);
        }
        Err(e @ Error::NothingNewSince(_)) => {
            // Not a failure: nothing to send, and nothing was written.
            let message = present::errors::user_message(&e, lang);
            if a.json {
                out_json(&json!({"written": false, "reason": "nothing_new", "message": message}))?;
            } else {
                out(&message);
            }
            return Ok(0);
        }
        Err(e) => return Err(e),
    };
    if a.json {
        out_json(&e)?;
    } else {
        out_lines(&present::export::cli_lines(&e, lang));
    }
    Ok(0)
}

fn import(ws: &Workspace, a: &ImportArgs, lang: Lang) -> Result<i32> {
    if a.log {
        let log = ws.import_log()?;
        if a.json {
            out_json(&log)?;
        } else if log.is_empty() {
            out(text::import_log_empty(lang));
        } else {
            for r in &log {
                out_lines(&text::import_log_entry(r, lang));
            }
        }
        return Ok(0);
    }
    let mut outcomes = Vec::new();
    if a.retry {
        outcomes.extend(ws.retry_quarantined(&mut no_progress())?);
        if outcomes.is_empty() && !a.json {
            out(text::no_quarantined(lang));
        }
    }
    match ws.import_files(&a.files, &mut no_progress()) {
        Ok(o) => outcomes.extend(o),
        Err(e @ Error::ImportInterrupted { .. }) => {
            // Every file gets its verdict: those imported whole first, then the sentence
            // on what stopped the batch (printed by the caller).
            if let Error::ImportInterrupted { outcomes: done, .. } = &e
                && !a.json
            {
                for o in outcomes.iter().chain(done) {
                    out(&present::import::cli_line(o, lang));
                }
            }
            return Err(e);
        }
        Err(e) => return Err(e),
    }
    if !a.retry && a.files.is_empty() {
        let (context, hint) = text::import_needs_files(lang);
        return Err(Error::Io {
            context: context.into(),
            source: std::io::Error::other(hint),
        });
    }
    let code = exit_for(&outcomes);
    if a.json {
        out_json(&present::json::outcomes(&outcomes, lang)?)?;
    } else {
        for o in &outcomes {
            out(&present::import::cli_line(o, lang));
        }
    }
    Ok(code)
}

fn resolve(ws: &Workspace, a: &ResolveArgs, lang: Lang) -> Result<i32> {
    let aid = ws.resolve_id(&a.assessment)?;
    let ops = ws.resolve(&aid, &a.indicator, a.pick, a.value.as_deref(), &a.reason)?;
    if let Some(op) = ops.first()
        && let OpBody::Resolve {
            indicator, value, ..
        } = &op.body
    {
        out_lines(&text::resolved(indicator, value, &a.reason, lang));
    }
    Ok(0)
}
