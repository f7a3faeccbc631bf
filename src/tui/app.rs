//! The UI state (the "model"): the screen on display with home underneath, the status
//! line, the help overlay and a long job's gauge, and what every screen reads (language,
//! theme, keys, who is signed in, the regions and instruments offered). Each screen's own
//! state is its [`Screen`] variant's struct in `screens/`. Only `update` changes the state;
//! rendering reads it.

use jiff::tz::TimeZone;

use crate::core::instrument::Catalog;
use crate::core::region::Regions;
use crate::i18n::Lang;

use super::effect::Me;
use super::keymap::{Keymap, Mode};
use super::screens::Screen;
use super::screens::home::HomeState;
use super::theme::Theme;

/// An instrument the new-assessment form offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstrumentChoice {
    pub id: String,
    pub title: String,
    pub round: u16,
}

impl InstrumentChoice {
    /// Every instrument of a catalog, newest round first.
    #[must_use]
    pub fn list(catalog: &Catalog, lang: Lang) -> Vec<InstrumentChoice> {
        let mut v: Vec<InstrumentChoice> = catalog
            .all()
            .map(|i| InstrumentChoice {
                id: i.id.clone(),
                title: if lang.en() {
                    i.title_en.clone().unwrap_or_else(|| i.title.clone())
                } else {
                    i.title.clone()
                },
                round: i.round,
            })
            .collect();
        v.sort_by(|a, b| (b.round, &a.id).cmp(&(a.round, &b.id)));
        v
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Saved,
    Warn,
    Error,
}

/// The message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

/// A long job's progress (export, sync, report), shown as a gauge over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub label: String,
    pub done: u64,
    pub total: u64,
}

/// The whole UI state.
#[derive(Debug)]
pub struct App {
    pub lang: Lang,
    pub theme: Theme,
    pub keymap: Keymap,
    pub regions: Regions,
    pub instruments: Vec<InstrumentChoice>,
    /// Time zone for dates on screen.
    pub tz: TimeZone,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    pub me: Option<Me>,
    /// The supervisor screens are offered (supervisor identity or `--supervisor`).
    pub supervisor: bool,
    /// The home screen's state. Home is the root under every other screen, so its list
    /// stays current while a checklist (or anything else) is open.
    pub home: HomeState,
    /// The screen on display; [`Screen::Home`] shows home itself.
    pub screen: Screen,
    /// Screens left for home that keep their state for the next visit: the inbox's log of
    /// this session, the dashboard's filter, the conflict view's place, the roster's
    /// selection.
    pub parked: Vec<Screen>,
    /// `Some(scroll)` while the help overlay is up.
    pub help: Option<u16>,
    pub status: Option<Status>,
    pub quit: bool,
    /// A long job's progress, drawn as a gauge.
    pub progress: Option<Progress>,
    /// Folder last used for export or sync.
    pub tools_dir: String,
    /// Year and instrument of the last assessment made in this session (issue 16: the
    /// new-assessment form starts there, not at the newest year).
    pub last_new: Option<(u16, String)>,
}

impl App {
    #[must_use]
    pub fn new(
        lang: Lang,
        theme: Theme,
        keymap: Keymap,
        regions: Regions,
        instruments: Vec<InstrumentChoice>,
    ) -> App {
        App {
            lang,
            theme,
            keymap,
            regions,
            instruments,
            tz: TimeZone::system(),
            size: (80, 24),
            me: None,
            supervisor: false,
            last_new: None,
            home: HomeState::default(),
            screen: Screen::Loading,
            parked: Vec::new(),
            help: None,
            status: None,
            quit: false,
            progress: None,
            tools_dir: String::new(),
        }
    }

    /// The key bindings in force now.
    #[must_use]
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else {
            self.screen_mode()
        }
    }

    /// The bindings of the screen itself (under the help overlay, if that is up).
    #[must_use]
    pub fn screen_mode(&self) -> Mode {
        self.screen.mode(&self.home)
    }

    /// Background work is waiting (the event loop then polls keys instead of blocking).
    #[must_use]
    pub fn busy(&self) -> bool {
        matches!(&self.screen, Screen::Inbox(ib) if ib.job.is_some())
    }

    /// Set the status line.
    pub fn say(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(Status {
            kind,
            text: text.into(),
        });
    }

    /// Back to home. A screen that keeps its state for the next visit is parked.
    pub fn go_home(&mut self) {
        let left = std::mem::replace(&mut self.screen, Screen::Home);
        if left.kept() {
            self.parked.push(left);
        }
    }

    /// Show a screen that keeps its state: as it was left, or `fresh` the first time.
    pub fn revisit(&mut self, fresh: Screen) {
        let kind = std::mem::discriminant(&fresh);
        self.screen = match self
            .parked
            .iter()
            .position(|s| std::mem::discriminant(s) == kind)
        {
            Some(i) => self.parked.swap_remove(i),
            None => fresh,
        };
    }
}
