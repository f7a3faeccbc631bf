//! What an export or a sync did, to read before going home: the bundle file, its code to
//! read over the phone, the counts, the encryption, and for a sync one line per imported
//! file with its verdict.

use crate::present::export::screen_lines;
use crate::present::import::screen_line;
use crate::present::tui::tools::{
    EXPORT_DONE, NO_OTHER_BUNDLES, SYNC_TITLE_DONE, exported as exported_text,
    synced as synced_text,
};
use crate::present::tui::tr;
use crate::workspace::bundles::{Exported, SyncReport, Verdict};

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::msg::Msg;
use super::Screen;

/// A result to read (export receipt, sync verdicts).
#[derive(Debug)]
pub struct Receipt {
    pub title: String,
    pub lines: Vec<(StatusKind, String)>,
    pub scroll: u16,
}

/// A key on the receipt.
pub fn update(app: &mut App, msg: &Msg) -> Vec<Effect> {
    let Screen::Receipt(r) = &mut app.screen else {
        return Vec::new();
    };
    match msg {
        Msg::Command(C::Back | C::Open | C::Cancel) => {
            app.screen = Screen::Home;
            return vec![Effect::LoadHome];
        }
        Msg::Command(C::Down) => r.scroll = r.scroll.saturating_add(1),
        Msg::Command(C::Up) => r.scroll = r.scroll.saturating_sub(1),
        _ => {}
    }
    Vec::new()
}

fn export_lines(app: &App, x: &Exported) -> Vec<(StatusKind, String)> {
    let [file, code, counts, encryption] = screen_lines(x, app.lang);
    let mut lines = vec![(StatusKind::Saved, file)];
    for (warn, l) in crate::present::export::where_lines(x, app.lang) {
        let kind = if warn {
            StatusKind::Warn
        } else {
            StatusKind::Info
        };
        lines.push((kind, l));
    }
    lines.extend([
        (StatusKind::Info, code),
        (StatusKind::Info, counts),
        (StatusKind::Info, encryption),
    ]);
    lines
}

fn verdict_kind(v: Verdict) -> StatusKind {
    match v {
        Verdict::Accepted | Verdict::NoNewData => StatusKind::Saved,
        Verdict::AcceptedWithWarnings | Verdict::Quarantined => StatusKind::Warn,
        Verdict::Rejected => StatusKind::Error,
    }
}

/// The export is written: its receipt.
pub fn exported(app: &mut App, x: &Exported) -> Vec<Effect> {
    let lang = app.lang;
    app.progress = None;
    app.say(StatusKind::Saved, exported_text(lang, &x.code));
    app.screen = Screen::Receipt(Box::new(Receipt {
        title: tr(lang, EXPORT_DONE).into(),
        lines: export_lines(app, x),
        scroll: 0,
    }));
    vec![Effect::LoadHome]
}

/// The sync is done: the export's receipt and a line per file imported.
pub fn synced(app: &mut App, r: &SyncReport) -> Vec<Effect> {
    let lang = app.lang;
    app.progress = None;
    let mut lines = export_lines(app, &r.exported);
    if r.imports.is_empty() {
        lines.push((StatusKind::Info, tr(lang, NO_OTHER_BUNDLES).into()));
    }
    lines.extend(
        r.imports
            .iter()
            .map(|o| (verdict_kind(o.verdict), screen_line(o, lang))),
    );
    let bad = r.imports.iter().filter(|o| !o.verdict.ok()).count();
    app.say(
        if bad > 0 {
            StatusKind::Warn
        } else {
            StatusKind::Saved
        },
        synced_text(lang, &r.imports),
    );
    app.screen = Screen::Receipt(Box::new(Receipt {
        title: tr(lang, SYNC_TITLE_DONE).into(),
        lines,
        scroll: 0,
    }));
    vec![Effect::LoadHome]
}
