//! The UI state (the "model"): which screen is up, what is selected, what is being typed,
//! and the last data read from the workspace. Only `update` changes it; rendering reads it.
//! The helpers here are pure queries over that state, shared by `update` and the renderer.

use jiff::tz::TimeZone;
use ratatui_textarea::TextArea;
use tui_input::Input;

use crate::core::assessment::Slot;
use crate::core::instrument::{Catalog, IndicatorPos, Instrument, Scale};
use crate::core::region::{LOKUS_TYPES, LokusType, Region, Regions};
use crate::i18n::Lang;
use crate::workspace::Summary;

use super::effect::{Me, Opened};
use super::keymap::{Keymap, Mode};
use super::theme::Theme;

/// How many pemda the new-assessment form lists at most.
pub const MAX_CANDIDATES: usize = 60;

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
                    super::strings::status_word(lang, s.status),
                    s.category.as_deref().unwrap_or("")
                )
                .to_lowercase();
                words.iter().all(|w| hay.contains(w))
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The selected assessment, if any.
    #[must_use]
    pub fn current(&self, lang: Lang) -> Option<&Summary> {
        let v = self.visible(lang);
        v.get(self.selected).map(|&i| &self.list[i])
    }
}

/// The first-run identity form.
#[derive(Debug, Default)]
pub struct IdentityForm {
    /// Name, NIP, office.
    pub fields: [Input; 3],
    pub focus: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewField {
    Round,
    Instrument,
    Pemda,
    Lokus,
    LokusName,
}

/// The new-assessment form.
#[derive(Debug)]
pub struct NewForm {
    pub round: Input,
    /// Index into `App::instruments`.
    pub instrument: usize,
    /// The user picked an instrument, so it no longer follows the year.
    pub instrument_touched: bool,
    pub pemda: Input,
    pub candidates: Vec<Region>,
    pub pemda_sel: usize,
    /// Index into `LOKUS_TYPES`.
    pub lokus: usize,
    pub lokus_name: Input,
    pub focus: NewField,
}

impl NewForm {
    #[must_use]
    pub fn lokus_type(&self) -> &'static LokusType {
        &LOKUS_TYPES[self.lokus.min(LOKUS_TYPES.len() - 1)]
    }

    /// The fields in order; the lokus name only when the type needs one.
    #[must_use]
    pub fn fields(&self) -> Vec<NewField> {
        let mut v = vec![
            NewField::Round,
            NewField::Instrument,
            NewField::Pemda,
            NewField::Lokus,
        ];
        if self.lokus_type().needs_name {
            v.push(NewField::LokusName);
        }
        v
    }

    #[must_use]
    pub fn chosen_pemda(&self) -> Option<&Region> {
        self.candidates.get(self.pemda_sel)
    }
}

/// A one-line search over the checklist's indicators.
#[derive(Debug)]
pub struct SearchState {
    pub input: Input,
    /// Where the cursor was before the search (Esc returns there).
    pub origin: usize,
    /// Positions in the checklist order that match.
    pub matches: Vec<usize>,
    pub at: usize,
}

/// A dialog over the checklist.
#[derive(Debug)]
pub enum Popup {
    Note(Box<TextArea<'static>>),
    Attach(Input),
    Search(SearchState),
}

/// One line of the review list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKind {
    Unanswered,
    Flagged,
    Conflict,
}

/// An open assessment.
#[derive(Debug)]
pub struct Checklist {
    pub view: Opened,
    /// Indicator ids in instrument order.
    pub order: Vec<String>,
    pub cursor: usize,
    /// Lines scrolled in the indicator text.
    pub scroll: u16,
    pub popup: Option<Popup>,
    /// `Some(selected row)` while the review screen is up.
    pub review: Option<usize>,
}

impl Checklist {
    #[must_use]
    pub fn new(view: Opened, at: Option<&str>) -> Checklist {
        let order: Vec<String> = view
            .detail
            .instrument
            .indicators()
            .map(|p| p.indicator.id.clone())
            .collect();
        let mut c = Checklist {
            view,
            order,
            cursor: 0,
            scroll: 0,
            popup: None,
            review: None,
        };
        c.cursor = at
            .and_then(|id| c.index_of(id))
            .or_else(|| c.find_unanswered(0, true, false))
            .unwrap_or(0);
        c
    }

    #[must_use]
    pub fn id(&self) -> &str {
        &self.view.detail.state.id
    }

    #[must_use]
    pub fn instrument(&self) -> &Instrument {
        &self.view.detail.instrument
    }

    #[must_use]
    pub fn index_of(&self, indicator: &str) -> Option<usize> {
        self.order
            .iter()
            .position(|i| i.eq_ignore_ascii_case(indicator))
    }

    /// The indicator under the cursor.
    #[must_use]
    pub fn current_id(&self) -> &str {
        self.order.get(self.cursor).map_or("", String::as_str)
    }

    #[must_use]
    pub fn current(&self) -> Option<IndicatorPos<'_>> {
        self.instrument().indicator(self.current_id())
    }

    #[must_use]
    pub fn scale_of(&self, pos: &IndicatorPos<'_>) -> Option<&Scale> {
        self.instrument().scale(&pos.indicator.scale)
    }

    #[must_use]
    pub fn slot(&self, indicator: &str) -> Option<&Slot> {
        self.view.detail.state.slots.get(indicator)
    }

    #[must_use]
    pub fn answered(&self, indicator: &str) -> bool {
        self.slot(indicator).and_then(Slot::value).is_some()
    }

    /// The first unanswered indicator from `from` (included unless `skip_from`), going
    /// forward or backward, wrapping around.
    #[must_use]
    pub fn find_unanswered(&self, from: usize, forward: bool, skip_from: bool) -> Option<usize> {
        let n = self.order.len();
        (0..n)
            .map(|k| {
                if forward {
                    (from + k) % n
                } else {
                    (from + n - k) % n
                }
            })
            .filter(|&i| !(skip_from && i == from))
            .find(|&i| !self.answered(&self.order[i]))
    }

    /// This device's note on an indicator.
    #[must_use]
    pub fn my_note(&self, indicator: &str, me: Option<&Me>) -> String {
        let Some(me) = me else {
            return String::new();
        };
        self.slot(indicator)
            .and_then(|s| s.notes.get(&me.device))
            .map(|n| n.text.clone())
            .unwrap_or_default()
    }

    /// Display name of a device.
    #[must_use]
    pub fn name_of(&self, device: &str) -> String {
        self.view
            .names
            .get(device)
            .cloned()
            .unwrap_or_else(|| crate::identity::short_fingerprint(device))
    }

    /// The review list: flagged, then conflicts, then unanswered (usually the longest),
    /// each in instrument order.
    #[must_use]
    pub fn review_items(&self) -> Vec<(ReviewKind, usize)> {
        let mut v = Vec::new();
        for kind in [
            ReviewKind::Flagged,
            ReviewKind::Conflict,
            ReviewKind::Unanswered,
        ] {
            for (i, id) in self.order.iter().enumerate() {
                let s = self.slot(id);
                let hit = match kind {
                    ReviewKind::Flagged => s.is_some_and(Slot::flagged),
                    ReviewKind::Conflict => s.is_some_and(Slot::in_conflict),
                    ReviewKind::Unanswered => s.and_then(Slot::value).is_none(),
                };
                if hit {
                    v.push((kind, i));
                }
            }
        }
        v
    }

    /// Position in the order of the first indicator of each dimension.
    #[must_use]
    pub fn dimension_starts(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = 0;
        for d in &self.instrument().dimensions {
            out.push(i);
            i += d
                .variables
                .iter()
                .map(|v| v.indicators.len())
                .sum::<usize>();
        }
        out
    }
}

/// The screen on display.
#[derive(Debug)]
pub enum Screen {
    /// Before the first data arrives.
    Loading,
    FirstRun(Box<IdentityForm>),
    /// The new identity's fingerprint, once.
    Welcome,
    Home,
    New(Box<NewForm>),
    Checklist(Box<Checklist>),
    /// Export, sync results and the report screen.
    Tool(Box<super::tools::Tool>),
    // --- supervisor (issue 6): state in `App::sup` ---
    Inbox,
    Dashboard,
    Conflicts,
    Trust,
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
    pub screen: Screen,
    /// `Some(scroll)` while the help overlay is up.
    pub help: Option<u16>,
    pub status: Option<Status>,
    pub home: HomeState,
    pub quit: bool,
    /// A long job's progress (export, sync, report), drawn as a gauge.
    pub progress: Option<super::tools::Progress>,
    /// Folder last used for export or sync.
    pub tools_dir: String,
    // --- supervisor (issue 6) ---
    pub sup: super::supervisor::SupState,
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
            screen: Screen::Loading,
            help: None,
            status: None,
            home: HomeState::default(),
            quit: false,
            progress: None,
            tools_dir: String::new(),
            sup: super::supervisor::SupState::default(),
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
        if let Some(m) = super::supervisor::mode(self) {
            return m;
        }
        match &self.screen {
            Screen::Loading => Mode::Global,
            Screen::FirstRun(_) | Screen::New(_) => Mode::Form,
            Screen::Welcome => Mode::Message,
            Screen::Home if self.home.filtering => Mode::Prompt,
            Screen::Home => Mode::Home,
            Screen::Checklist(c) => match (&c.popup, c.review) {
                (Some(Popup::Note(_)), _) => Mode::Note,
                (Some(_), _) => Mode::Prompt,
                (None, Some(_)) => Mode::Review,
                (None, None) => Mode::Checklist,
            },
            Screen::Tool(t) => match t.as_ref() {
                super::tools::Tool::Form(_) => Mode::Form,
                _ => Mode::Report,
            },
            Screen::Inbox | Screen::Dashboard | Screen::Conflicts | Screen::Trust => Mode::Global,
        }
    }

    /// Set the status line.
    pub fn say(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(Status {
            kind,
            text: text.into(),
        });
    }
}
