//! The first run: the identity form (name, NIP, office) before anything else, then the new
//! identity's fingerprint shown once ("welcome"); and where a start lands (first run,
//! home, or the assessment left open).

use tui_input::Input;

use crate::present::tui::home::NAME_REQUIRED;
use crate::present::tui::tr;

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::{Effect, HomeData, Me, Opened};
use super::super::msg::Msg;
use super::checklist::Checklist;
use super::{Screen, type_into};

/// The first-run identity form.
#[derive(Debug, Default)]
pub struct IdentityForm {
    /// Name, NIP, office.
    pub fields: [Input; 3],
    pub focus: usize,
}

/// A key on the identity form.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::FirstRun(form) = &mut app.screen else {
        return Vec::new();
    };
    match msg {
        Msg::Text(k) => {
            type_into(&mut form.fields[form.focus], k);
        }
        Msg::Command(C::NextField | C::Down) => form.focus = (form.focus + 1) % 3,
        Msg::Command(C::PrevField | C::Up) => form.focus = (form.focus + 2) % 3,
        Msg::Command(C::Cancel) => app.quit = true,
        Msg::Command(C::Submit) if form.focus < 2 => form.focus += 1,
        Msg::Command(C::Submit) => {
            let name = form.fields[0].value().trim().to_string();
            if name.is_empty() {
                form.focus = 0;
                app.say(StatusKind::Error, tr(lang, NAME_REQUIRED));
                return Vec::new();
            }
            let opt = |i: &Input| Some(i.value().trim().to_string()).filter(|v| !v.is_empty());
            // An NIP is 18 digits: say why on the field itself (issue 16).
            if let Some(Err(e)) = opt(&form.fields[1]).map(|n| crate::identity::normalize_nip(&n)) {
                form.focus = 1;
                app.say(
                    StatusKind::Error,
                    crate::present::errors::user_message(&e, lang),
                );
                return Vec::new();
            }
            return vec![Effect::Init {
                name,
                nip: opt(&form.fields[1]),
                office: opt(&form.fields[2]),
                supervisor: app.supervisor,
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// A key on the fingerprint shown once: Enter goes home.
pub fn welcome(app: &mut App, msg: &Msg) {
    if matches!(msg, Msg::Command(C::Submit)) {
        app.screen = Screen::Home;
    }
}

/// The start's data: no identity yet → the form; else the assessment left open, or home.
pub fn started(app: &mut App, home: HomeData, resume: Option<(Opened, Option<String>)>) {
    app.me.clone_from(&home.me);
    app.supervisor |= app.me.as_ref().is_some_and(|m| m.supervisor);
    super::home::set(app, home);
    app.screen = if app.me.is_none() {
        Screen::FirstRun(Box::default())
    } else if let Some((view, at)) = resume {
        Screen::Checklist(Box::new(Checklist::new(view, at.as_deref())))
    } else {
        Screen::Home
    };
}

/// The identity is made: show its fingerprint, and read home.
pub fn initialized(app: &mut App, me: Me) -> Vec<Effect> {
    app.supervisor |= me.supervisor;
    app.me = Some(me);
    app.screen = Screen::Welcome;
    vec![Effect::LoadHome]
}
