//! The headless command line (clap). Every command calls [`Workspace`] and nothing
//! below it; output is plain text in the chosen language (written by
//! [`crate::present::cli`]), or JSON with stable field names where `--json` is offered.
//!
//! - [`args`]: what clap parses (subcommands, flags, defaults, help texts).
//! - `commands`: one module per command group (identity, instruments, assessments,
//!   reports, bundles, trust, store, demo) with one function per command; [`run`] only
//!   routes a parsed command to it.
//! - `output`: stdout, `--json` and `-o` files.
//!
//! Exit status: 0 success, 1 failure, 2 usage or store in use, 3 an import quarantined or
//! rejected a file.

use commands::{assessments, bundles, demo, identity, instruments, reports, review, store, survey};

use crate::config::Dirs;
use crate::error::Result;
use crate::present;
use crate::workspace::Workspace;

pub mod args;
mod commands;
pub mod output;

use output::err;

pub use args::{
    BundleCmd, BundleCommand, Cli, Command, DemoCmd, ExportArgs, GenerateArgs, ImportArgs,
    InstrumentsCmd, ReportFormat, ResolveArgs, RespondentCmd, ResultsCmd, StoreCmd, TrustCmd,
};

/// Whether a command only reads what a store's journal has (identity, age key, roster,
/// instruments), so it can run on a read-only view while the store is in use.
fn reads_only(command: &Command) -> bool {
    matches!(
        command,
        Command::Whoami { .. }
            | Command::Instruments {
                cmd: None | Some(InstrumentsCmd::Show { .. } | InstrumentsCmd::Check { .. }),
                ..
            }
            | Command::Classify { .. }
            | Command::Bundles(BundleCommand::Trust {
                cmd: TrustCmd::List { .. }
            })
    )
}

/// Run a parsed command that is not the TUI. Returns the exit status.
///
/// # Errors
/// Any library error; the caller prints its user message.
pub fn run(cli: &Cli, command: &Command) -> Result<i32> {
    let lang = cli.lang;
    let dirs = Dirs::resolve(cli.data_dir.as_deref(), cli.config_dir.as_deref());
    // Commands that do not need the store.
    match command {
        Command::Paths => return Ok(identity::paths(&dirs)),
        Command::Instruments {
            cmd: Some(InstrumentsCmd::Check { file }),
            ..
        } => return Ok(instruments::check(file, &dirs, lang)),
        Command::Regions { search, json } => {
            return instruments::regions(search.as_deref(), *json, lang);
        }
        Command::Demo {
            cmd: DemoCmd::Generate(a),
        } => return demo::generate(a, lang),
        _ => {}
    }
    let ws = match Workspace::open(&dirs) {
        // Commands that only read identity, roster and instruments still answer while
        // another tilik holds the store: from its journal, without sled.
        Err(crate::error::Error::StoreInUse(_)) if reads_only(command) => {
            let ws = Workspace::open_read_only(&dirs)?;
            err(present::cli::read_only(lang));
            ws
        }
        other => other?,
    };
    for p in &ws.override_problems {
        for x in &p.problems {
            err(&present::cli::override_problem(&p.file, x, lang));
        }
    }
    if ws.rotated() && ws.recovered().is_none() {
        err(&present::recovery::key_changed(ws.restored(), lang));
    }
    if let Some(notice) = ws.recovery_notice() {
        err(&present::recovery::notice(&notice, lang));
    }
    if !ws.evidence_lost().is_empty() {
        err(&present::recovery::evidence_lost(ws.evidence_lost(), lang));
    }
    if let Some(n) = ws.lost_ops() {
        err(&present::recovery::imported_lost(n, lang));
    }
    match command {
        Command::Init {
            name,
            nip,
            office,
            role,
        } => identity::init(&ws, name, nip.as_deref(), office.as_deref(), *role, lang),
        Command::Whoami { json } => identity::whoami(&ws, *json, lang),
        Command::Instruments { cmd, json } => {
            instruments::instruments(&ws, cmd.as_ref(), *json, lang)
        }
        Command::Classify {
            instrument,
            score,
            json,
        } => instruments::classify(&ws, instrument, *score, *json, lang),
        Command::New {
            round,
            instrument,
            pemda,
            lokus,
            name,
            json,
        } => assessments::new(
            &ws,
            &assessments::NewArgs {
                round: *round,
                instrument: instrument.as_deref(),
                pemda,
                lokus,
                name: name.as_deref(),
                json: *json,
            },
            lang,
        ),
        Command::List { json, review } => assessments::list(&ws, *json, *review, lang),
        Command::Review {
            id,
            state,
            comment,
            indicator,
            force: _,
            reason,
            approve_clean,
            pemda,
            json,
        } => {
            if *approve_clean {
                review::approve_clean(&ws, pemda.as_deref(), *json, lang)
            } else {
                review::review(
                    &ws,
                    &review::ReviewArgs {
                        id: id.as_deref().unwrap_or_default(),
                        state: *state,
                        comment: comment.as_deref(),
                        indicator: indicator.as_deref(),
                        reason: reason.as_deref(),
                        json: *json,
                    },
                    lang,
                )
            }
        }
        Command::Reply {
            id,
            indicator,
            text,
        } => review::reply(&ws, id, indicator.as_deref(), text, lang),
        Command::Answer {
            id,
            indicator,
            value,
            note,
            evidence,
        } => assessments::answer(&ws, id, indicator, value, note.as_deref(), evidence, lang),
        Command::Note {
            id,
            indicator,
            text,
        } => assessments::note(&ws, id, indicator, text, lang),
        Command::Respondent { cmd } => survey::respondent(&ws, cmd, lang),
        Command::Respondents {
            id,
            json,
            show_contact,
        } => survey::respondents(&ws, id, *json, *show_contact, lang),
        Command::Visit {
            id,
            date,
            start,
            end,
            team,
        } => survey::visit(&ws, id, date, start.as_deref(), end.as_deref(), team, lang),
        Command::Flag {
            id,
            indicator,
            reason,
        } => assessments::flag(&ws, id, indicator, reason.as_deref(), lang),
        Command::Undo { id } => assessments::undo(&ws, id, lang),
        Command::Show { id, json } => assessments::show(&ws, id, *json, lang),
        Command::Finalize { id } => assessments::finalize(&ws, id, lang),
        Command::Log {
            id,
            json,
            all,
            since,
            format,
        } => {
            if *all {
                let f = match (format, json) {
                    (Some(f), _) => *f,
                    (None, true) => crate::cli::args::LogFormat::Json,
                    (None, false) => crate::cli::args::LogFormat::Table,
                };
                review::audit(&ws, since.as_deref(), f, lang)
            } else {
                assessments::log(&ws, id.as_deref().unwrap_or_default(), *json, lang)
            }
        }
        Command::DebugWriteLoop { id, start, count } => {
            assessments::debug_write_loop(&ws, id, *start, *count)
        }
        Command::Report {
            round,
            province,
            pemda,
            format,
            output,
            target,
            compare,
            strict,
            approved_only,
            weakest,
        } => reports::report(
            &ws,
            &reports::ReportArgs {
                round: *round,
                province: province.as_deref(),
                pemda: pemda.as_deref(),
                format: *format,
                output: output.as_deref(),
                target: *target,
                compare: *compare,
                strict: *strict,
                approved_only: *approved_only,
                weakest: *weakest,
            },
            lang,
        ),
        Command::Rapor {
            target,
            round,
            output,
            weakest,
        } => reports::rapor(&ws, target, *round, output.as_deref(), *weakest, lang),
        Command::Results { cmd } => reports::results(&ws, cmd, lang),
        Command::Store { cmd } => store::run(&ws, cmd, lang),
        Command::Demo { cmd: DemoCmd::Seed } => demo::seed(&ws, lang),
        Command::Bundles(cmd) => bundles::run(&ws, cmd, lang),
        Command::Paths
        | Command::Regions { .. }
        | Command::Demo {
            cmd: DemoCmd::Generate(_),
        } => Ok(0),
    }
}
