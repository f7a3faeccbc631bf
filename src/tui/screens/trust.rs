//! The supervisor's trust roster (issue 6): the keys whose bundles are accepted, with the
//! add-a-key form (paste the key, match its fingerprint by phone, name it, pick the role)
//! and removal asked twice. The same form opens over the inbox for an unknown signer.

use ratatui::crossterm::event::KeyCode;
use tui_input::Input;

use crate::i18n::inert;
use crate::present::tui::home::NAME_REQUIRED;
use crate::present::tui::supervisor as s;
use crate::present::tui::tr;
use crate::workspace::bundles::{ImportOutcome, TrustEntry};

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::Effect;
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::{Screen, type_into, unused_key};

#[derive(Debug, Default)]
pub struct TrustState {
    pub list: Vec<TrustEntry>,
    pub selected: usize,
    /// Device whose removal waits for a second key press.
    pub confirm: Option<String>,
    /// The add-a-key form over the roster.
    pub form: Option<TrustForm>,
}

impl TrustState {
    /// The key bindings: the form's or the roster's.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.form.is_some() {
            Mode::Form
        } else {
            Mode::Trust
        }
    }
}

/// The add-a-key form (over the roster or the inbox).
#[derive(Debug, Default)]
pub struct TrustForm {
    pub key: Input,
    pub name: Input,
    pub supervisor: bool,
    /// 0 key, 1 name, 2 role.
    pub focus: usize,
}

impl TrustForm {
    /// The form for a bundle's unknown signer: key and name filled in, on the name.
    #[must_use]
    pub fn for_signer(o: &ImportOutcome) -> TrustForm {
        TrustForm {
            key: Input::new(o.signer.clone().unwrap_or_default()),
            name: Input::new(o.signer_name.clone().unwrap_or_default()),
            supervisor: false,
            focus: 1,
        }
    }

    /// The fingerprint of the key typed, when it is a valid key.
    #[must_use]
    pub fn fingerprint(&self) -> Option<String> {
        valid_key(self.key.value()).then(|| crate::identity::fingerprint(&self.key_hex()))
    }

    #[must_use]
    pub fn key_hex(&self) -> String {
        self.key.value().trim().to_lowercase()
    }
}

fn valid_key(k: &str) -> bool {
    crate::identity::parse_public_key(k).is_some()
}

/// A key on the roster.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Trust(t) = &mut app.screen else {
        return Vec::new();
    };
    if t.form.is_some() {
        return form_update(app, msg);
    }
    let n = t.list.len();
    let confirm = t.confirm.take();
    match msg {
        Msg::Command(C::Up) => t.selected = t.selected.saturating_sub(1),
        Msg::Command(C::Down) => t.selected = (t.selected + 1).min(n.saturating_sub(1)),
        Msg::Command(C::New) => t.form = Some(TrustForm::default()),
        Msg::Command(C::Remove) => {
            if let Some(e) = t.list.get(t.selected) {
                if confirm.as_deref() == Some(e.device.as_str()) {
                    return vec![Effect::TrustRemove(e.device.clone())];
                }
                t.confirm = Some(e.device.clone());
                let name = inert(&e.name, false);
                let key = app
                    .keymap
                    .hint_key(Mode::Trust, C::Remove)
                    .unwrap_or_default();
                app.say(StatusKind::Warn, s::confirm_remove(lang, &name, &key));
            }
        }
        Msg::Command(C::Back) => {
            app.go_home();
            return vec![Effect::LoadHome];
        }
        other => unused_key(app, &other),
    }
    Vec::new()
}

/// The add-a-key form of the screen on display (the roster's or the inbox's).
fn form_slot(screen: &mut Screen) -> Option<&mut Option<TrustForm>> {
    match screen {
        Screen::Trust(t) => Some(&mut t.form),
        Screen::Inbox(ib) => Some(&mut ib.trust_form),
        _ => None,
    }
}

/// A key on the add-a-key form.
pub fn form_update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let lang = app.lang;
    let Some(slot) = form_slot(&mut app.screen) else {
        return Vec::new();
    };
    let Some(f) = slot.as_mut() else {
        return Vec::new();
    };
    match msg {
        Msg::Command(C::Cancel) => *slot = None,
        Msg::Command(C::NextField) => f.focus = (f.focus + 1) % 3,
        Msg::Command(C::PrevField) => f.focus = (f.focus + 2) % 3,
        Msg::Command(C::Up | C::Down) if f.focus == 2 => f.supervisor = !f.supervisor,
        Msg::Command(C::Down) => f.focus = (f.focus + 1) % 3,
        Msg::Command(C::Up) => f.focus = (f.focus + 2) % 3,
        Msg::Text(k) if f.focus == 2 => {
            if matches!(k.code, KeyCode::Left | KeyCode::Right | KeyCode::Char(' ')) {
                f.supervisor = !f.supervisor;
            }
        }
        Msg::Text(k) => {
            let field = if f.focus == 0 {
                &mut f.key
            } else {
                &mut f.name
            };
            type_into(field, k);
        }
        Msg::Command(C::Submit) if f.focus < 2 => {
            if f.focus == 0 && !valid_key(f.key.value()) {
                app.say(StatusKind::Error, tr(lang, s::KEY_INVALID));
            } else {
                f.focus += 1;
            }
        }
        Msg::Command(C::Submit) => {
            if !valid_key(f.key.value()) {
                f.focus = 0;
                app.say(StatusKind::Error, tr(lang, s::KEY_INVALID));
                return Vec::new();
            }
            let name = f.name.value().trim().to_string();
            if name.is_empty() {
                f.focus = 1;
                app.say(StatusKind::Error, tr(lang, NAME_REQUIRED));
                return Vec::new();
            }
            return vec![Effect::TrustAdd {
                key: f.key_hex(),
                name,
                supervisor: f.supervisor,
            }];
        }
        _ => {}
    }
    Vec::new()
}

fn set_list(app: &mut App, list: Vec<TrustEntry>, clamp: bool) {
    if let Screen::Trust(t) = &mut app.screen {
        t.list = list;
        if clamp {
            t.selected = t.selected.min(t.list.len().saturating_sub(1));
        }
    }
}

/// The roster's entries.
pub fn loaded(app: &mut App, list: Vec<TrustEntry>) {
    set_list(app, list, true);
}

/// A key is trusted: close the form, and say how many quarantined bundles wait for it.
pub fn trusted(app: &mut App, name: &str, waiting: usize, list: Vec<TrustEntry>) {
    if let Some(slot) = form_slot(&mut app.screen) {
        *slot = None;
    }
    set_list(app, list, false);
    let retry = app.keymap.hint_key(Mode::Inbox, C::Retry);
    let msg = s::trusted(app.lang, &inert(name, false), waiting, retry.as_deref());
    app.say(StatusKind::Saved, msg);
}

/// A key is removed from the roster.
pub fn untrusted(app: &mut App, name: &str, list: Vec<TrustEntry>) {
    set_list(app, list, true);
    app.say(
        StatusKind::Saved,
        s::trust_removed(app.lang, &inert(name, false)),
    );
}
