//! The export and sync forms (one form; sync has no "since" and no "without evidence"): the
//! folder (remembered for next time), the recipients to encrypt to, and for an export the
//! bundle to start after and whether to leave the evidence out. Submitting starts the long
//! job; its receipt is the next screen.

use ratatui::crossterm::event::KeyCode;
use tui_input::Input;

use crate::present::tui::tools::{FOLDER_NOT_MADE, FOLDER_REQUIRED};
use crate::present::tui::tr;
use crate::workspace::bundles::Destination;

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::msg::Msg;
use super::{Screen, long_job, type_into};

/// The export or sync form.
#[derive(Debug)]
pub struct BundleForm {
    pub sync: bool,
    /// Folder, recipients, since (export only).
    pub fields: [Input; 3],
    pub no_evidence: bool,
    pub focus: usize,
    /// The folder typed does not exist: the question whether to make it, on display.
    pub confirm: Option<Destination>,
}

impl BundleForm {
    /// Fields on the form: the sync form has the first two.
    #[must_use]
    pub fn field_count(&self) -> usize {
        if self.sync { 2 } else { 4 }
    }
}

/// Open the export (or the sync) form, in the folder used last.
pub fn open(app: &mut App, sync: bool) {
    let mut fields: [Input; 3] = Default::default();
    fields[0] = Input::new(app.tools_dir.clone());
    app.screen = Screen::Export(Box::new(BundleForm {
        sync,
        fields,
        no_evidence: false,
        focus: 0,
        confirm: None,
    }));
}

fn split_list(s: &str) -> Vec<String> {
    s.split([',', ' '])
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_string)
        .collect()
}

/// A key on the form.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Export(f) = &mut app.screen else {
        return Vec::new();
    };
    if f.confirm.is_some() {
        // Only an explicit `y` makes the folder; anything else goes back to the form.
        let yes = matches!(&msg, Msg::Text(k) if matches!(k.code, KeyCode::Char('y' | 'Y')));
        f.confirm = None;
        if yes {
            return submit(app, true);
        }
        f.focus = 0;
        app.say(StatusKind::Info, tr(lang, FOLDER_NOT_MADE));
        return Vec::new();
    }
    match msg {
        Msg::Command(C::Cancel | C::Back) => app.screen = Screen::Home,
        Msg::Command(C::NextField) => f.focus = (f.focus + 1) % f.field_count(),
        Msg::Command(C::PrevField) => {
            f.focus = (f.focus + f.field_count() - 1) % f.field_count();
        }
        Msg::Text(k) => {
            if f.focus == 3 {
                if k.code == KeyCode::Char(' ') {
                    f.no_evidence = !f.no_evidence;
                }
            } else {
                type_into(&mut f.fields[f.focus], k);
            }
        }
        Msg::Command(C::Submit) => return submit(app, false),
        _ => {}
    }
    Vec::new()
}

/// Start the export (or sync) the form describes; `create_dir` after the user said yes to
/// making the missing folder.
fn submit(app: &mut App, create_dir: bool) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Export(f) = &mut app.screen else {
        return Vec::new();
    };
    let dir = f.fields[0].value().trim().to_string();
    if dir.is_empty() {
        app.say(StatusKind::Error, tr(lang, FOLDER_REQUIRED));
        return Vec::new();
    }
    let to = split_list(f.fields[1].value());
    let since = Some(f.fields[2].value().trim().to_string()).filter(|s| !s.is_empty());
    let e = if f.sync {
        Effect::Sync {
            dir: dir.clone(),
            to,
        }
    } else {
        Effect::Export {
            dir: dir.clone(),
            to,
            since,
            no_evidence: f.no_evidence,
            create_dir,
        }
    };
    app.tools_dir = dir;
    long_job(app, e)
}

/// The export found no folder at the typed path: ask whether to make it (nothing was
/// written).
pub fn folder_missing(app: &mut App, d: Destination) {
    app.progress = None;
    if let Screen::Export(f) = &mut app.screen {
        f.confirm = Some(d);
    }
}
