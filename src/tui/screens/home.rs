//! The home screen: the assessments on this device, a text filter over them, and the way
//! to every other screen (open, new, the tools; for a supervisor the inbox, dashboard,
//! conflict view, trust roster and the review-state dialog).

use tui_input::Input;

use crate::i18n::Lang;
use crate::present::words::status_word;
use crate::workspace::Summary;

use super::super::app::App;
use super::super::command::Command as C;
use super::super::effect::{Effect, HomeData};
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::review_state::ReviewDialog;
use super::{Screen, export, new_assessment, unused_key};

/// The home screen's data and selection (kept while a checklist is open).
#[derive(Debug, Default)]
pub struct HomeState {
    pub list: Vec<Summary>,
    pub unexported: u64,
    pub now_ms: i64,
    /// Index into [`HomeState::visible`].
    pub selected: usize,
    pub filter: Input,
    pub filtering: bool,
    /// The review-state dialog over the list (supervisor).
    pub review: Option<ReviewDialog>,
}

impl HomeState {
    /// Indexes of the assessments that pass the filter (every word must match somewhere).
    #[must_use]
    pub fn visible(&self, lang: Lang) -> Vec<usize> {
        let q = self.filter.value().to_lowercase();
        let words: Vec<&str> = q.split_whitespace().collect();
        self.list
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                if words.is_empty() {
                    return true;
                }
                let hay = format!(
                    "{} {} {} {} {} {}",
                    s.pemda_name,
                    s.lokus_name,
                    s.instrument,
                    s.round,
                    status_word(lang, s.status),
                    s.category.as_deref().unwrap_or("")
                )
                .to_lowercase();
                words.iter().all(|w| hay.contains(w))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The key bindings of home: the dialog's, the filter prompt's, or the list's.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.review.is_some() {
            Mode::Form
        } else if self.filtering {
            Mode::Prompt
        } else {
            Mode::Home
        }
    }

    /// The selected assessment, if any.
    #[must_use]
    pub fn current(&self, lang: Lang) -> Option<&Summary> {
        let v = self.visible(lang);
        v.get(self.selected).map(|&i| &self.list[i])
    }
}

/// A key on the home screen.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    if app.home.review.is_some() {
        return super::review_state::update(app, msg);
    }
    if app.supervisor
        && !app.home.filtering
        && let Msg::Command(c) = &msg
        && let Some(effects) = supervisor(app, *c)
    {
        return effects;
    }
    let lang = app.lang;
    let count = app.home.visible(lang).len();
    let h = &mut app.home;
    if h.filtering {
        match msg {
            Msg::Text(k) => {
                let changed = super::type_into(&mut h.filter, k);
                if changed {
                    h.selected = 0;
                }
            }
            Msg::Command(C::Submit) => h.filtering = false,
            Msg::Command(C::Cancel) => {
                h.filtering = false;
                h.filter.reset();
                h.selected = 0;
            }
            Msg::Command(C::Up) => h.selected = h.selected.saturating_sub(1),
            Msg::Command(C::Down) => h.selected = (h.selected + 1).min(count.saturating_sub(1)),
            _ => {}
        }
        return Vec::new();
    }
    match msg {
        Msg::Command(C::Up) => h.selected = h.selected.saturating_sub(1),
        Msg::Command(C::Down) => h.selected = (h.selected + 1).min(count.saturating_sub(1)),
        Msg::Command(C::Top) => h.selected = 0,
        Msg::Command(C::Bottom) => h.selected = count.saturating_sub(1),
        Msg::Command(C::Filter) => h.filtering = true,
        Msg::Command(C::Back) => {
            h.filter.reset();
            h.selected = 0;
        }
        Msg::Command(C::New) => {
            app.screen = Screen::New(Box::new(new_assessment::new_form_for(app)));
        }
        Msg::Command(C::Export) => export::open(app, false),
        Msg::Command(C::Sync) => export::open(app, true),
        Msg::Command(C::Report) => return super::report::start(app),
        Msg::Command(C::Open) => {
            if let Some(s) = app.home.current(lang) {
                return vec![Effect::Open {
                    id: s.id.clone(),
                    indicator: None,
                }];
            }
        }
        other => unused_key(app, &other),
    }
    Vec::new()
}

/// The supervisor's commands on home; `None` for the others.
fn supervisor(app: &mut App, c: C) -> Option<Vec<Effect>> {
    Some(match c {
        C::Inbox => {
            app.revisit(Screen::Inbox(Box::default()));
            super::inbox::entered(app)
        }
        C::Dashboard => {
            app.revisit(Screen::Dashboard(Box::default()));
            vec![Effect::LoadDashboard]
        }
        C::Conflicts => super::conflicts::open(app),
        C::Trust => {
            app.revisit(Screen::Trust(Box::default()));
            vec![Effect::LoadTrust]
        }
        C::SetReview => {
            if let Some(sm) = app.home.current(app.lang) {
                app.home.review = Some(ReviewDialog::for_assessment(sm));
            }
            Vec::new()
        }
        _ => return None,
    })
}

/// Fresh data for home.
pub fn set(app: &mut App, h: HomeData) {
    if h.me.is_some() {
        app.me.clone_from(&h.me);
    }
    app.home.list = h.list;
    app.home.unexported = h.unexported;
    app.home.now_ms = h.now_ms;
    let n = app.home.visible(app.lang).len();
    app.home.selected = app.home.selected.min(n.saturating_sub(1));
}
