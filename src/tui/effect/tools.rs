//! The home screen's long jobs: export a bundle into a folder, sync through a folder, and
//! compute the report (the same figures as `tilik report`).

use crate::core::report::Options;
use crate::i18n::Lang;
use crate::workspace::Workspace;
use crate::workspace::bundles::ExportOptions;

use super::{Failed, Outcome, failed};

/// Export; a folder that is not there comes back as a question (make it?), not an error.
pub(super) fn export(
    ws: &Workspace,
    lang: Lang,
    opts: &ExportOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Outcome {
    match ws.export(opts, progress) {
        Ok(x) => Outcome::Exported(Box::new(x)),
        Err(crate::error::Error::DestinationMissing(dir)) => {
            Outcome::FolderMissing(Box::new(ws.export_destination(&dir)))
        }
        Err(e) => failed(lang, Failed::Tool, &e),
    }
}

/// Sync through the folder typed as `dir`.
pub(super) fn sync(
    ws: &Workspace,
    lang: Lang,
    dir: &str,
    to: &[String],
    progress: &mut dyn FnMut(u64, u64),
) -> Outcome {
    ws.sync_folder(&crate::fsio::expand_tilde(dir), to, progress)
        .map_or_else(
            |e| failed(lang, Failed::Tool, &e),
            |x| Outcome::Synced(Box::new(x)),
        )
}

/// The report of the newest round on this device.
pub(super) fn report(ws: &Workspace, lang: Lang) -> Outcome {
    let round = ws.list().ok().and_then(|l| l.iter().map(|s| s.round).max());
    ws.report(&Options {
        round,
        target: None,
        compare: None,
        weakest: 5,
        approved_only: false,
    })
    .map_or_else(
        |e| failed(lang, Failed::Tool, &e),
        |x| Outcome::Report(Box::new(x)),
    )
}
