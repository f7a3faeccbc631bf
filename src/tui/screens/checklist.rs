//! The checklist of an open assessment: move through the indicators, answer with a key of
//! the scale (a fresh answer moves on to the next unanswered one and the status line names
//! it; a changed answer keeps the cursor on it), N/A, flag, undo, open the note, evidence
//! and search popups or the review screen. An answer shows as saved only when its outcome
//! comes back from the store.

use ratatui_textarea::{TextArea, WrapMode};
use tui_input::Input;

use crate::core::assessment::Slot;
use crate::core::instrument::{IndicatorPos, Instrument, Scale};
use crate::i18n::inert;
use crate::present::tui::checklist as s;
use crate::present::tui::home as h;
use crate::present::tui::tr;
use crate::present::words::answer_short;
use crate::workspace::{AssessmentStatus, UiPosition, Workspace};

use super::super::app::{App, StatusKind};
use super::super::command::Command as C;
use super::super::effect::{Effect, Me, Opened, Saved};
use super::super::keymap::Mode;
use super::super::msg::Msg;
use super::super::ui;
use super::Screen;
use super::popup::{AttachPrompt, EvidenceList, NoteEditor, Popup, SearchState};
use super::review::ReviewKind;

/// One attached file as the evidence list shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvidenceFile {
    pub hash: String,
    pub name: String,
    pub size: u64,
    /// Who attached it.
    pub by: String,
    pub wall_ms: i64,
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
    /// The key bindings: the popup's, the review screen's, or the checklist's.
    #[must_use]
    pub fn mode(&self) -> Mode {
        match (&self.popup, self.review) {
            (Some(Popup::Note(_) | Popup::Reply(_)), _) => Mode::Note,
            (Some(Popup::Evidence(ev)), _) if !ev.confirm_remove => Mode::Evidence,
            (Some(_), _) => Mode::Prompt,
            (None, Some(_)) => Mode::Review,
            (None, None) => Mode::Checklist,
        }
    }

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

    /// The value an indicator takes: a derived level (issue 15) over the typed answer.
    #[must_use]
    pub fn value(&self, indicator: &str) -> Option<crate::core::op::AnswerValue> {
        self.view
            .detail
            .state
            .derived
            .get(indicator)
            .copied()
            .or_else(|| self.slot(indicator).and_then(Slot::value))
    }

    #[must_use]
    pub fn answered(&self, indicator: &str) -> bool {
        // A derived indicator (issue 15) is answered by its respondents.
        self.slot(indicator).and_then(Slot::value).is_some()
            || self.view.detail.state.derived.contains_key(indicator)
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

    /// The files attached to an indicator now, in attach order (issue 16).
    #[must_use]
    pub fn evidence(&self, indicator: &str) -> Vec<EvidenceFile> {
        self.slot(indicator)
            .map(|s| {
                s.evidence()
                    .into_iter()
                    .map(|e| EvidenceFile {
                        hash: e.blob.hash.clone(),
                        name: e.blob.name.clone(),
                        size: e.blob.size,
                        by: self.name_of(&e.op.device),
                        wall_ms: e.wall_ms,
                    })
                    .collect()
            })
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
        let commented = self.view.detail.state.review.commented_indicators();
        for kind in [
            ReviewKind::Commented,
            ReviewKind::Flagged,
            ReviewKind::Conflict,
            ReviewKind::Unanswered,
        ] {
            for (i, id) in self.order.iter().enumerate() {
                let s = self.slot(id);
                let hit = match kind {
                    ReviewKind::Commented => commented.contains(&id.as_str()),
                    ReviewKind::Flagged => s.is_some_and(Slot::flagged),
                    ReviewKind::Conflict => s.is_some_and(Slot::in_conflict),
                    ReviewKind::Unanswered => !self.answered(id),
                };
                if hit {
                    v.push((kind, i));
                }
            }
        }
        v
    }

    /// What the finalize dialog lists (issue 16): the flagged indicators, each with its
    /// flag reason or the first line of this device's note, then the other indicators with
    /// a note of this device.
    #[must_use]
    pub fn follow_ups(&self, me: Option<&Me>) -> (Vec<(String, String)>, Vec<String>) {
        let mut flagged = Vec::new();
        let mut noted = Vec::new();
        for id in &self.order {
            let note = self.my_note(id, me);
            let first = note
                .lines()
                .find(|l| !l.trim().is_empty())
                .map(|l| l.trim().to_string());
            match self.slot(id) {
                Some(s) if s.flagged() => {
                    let reason = s
                        .flags
                        .values()
                        .filter(|f| f.flagged)
                        .find_map(|f| f.reason.clone())
                        .filter(|r| !r.trim().is_empty());
                    flagged.push((id.clone(), reason.or(first).unwrap_or_default()));
                }
                _ if first.is_some() => noted.push(id.clone()),
                _ => {}
            }
        }
        (flagged, noted)
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

/// Remember where the cursor is, for the next start.
pub fn position(c: &Checklist) -> Effect {
    Effect::SavePosition(UiPosition {
        assessment: Some(c.id().to_string()),
        indicator: Some(c.current_id().to_string()),
    })
}

/// Move the cursor; remember the place when it changed.
pub fn move_to(c: &mut Checklist, to: usize) -> Vec<Effect> {
    let to = to.min(c.order.len().saturating_sub(1));
    if to == c.cursor {
        return Vec::new();
    }
    c.cursor = to;
    c.scroll = 0;
    vec![position(c)]
}

/// A key on the checklist (or on its popup, or the review screen).
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let Screen::Checklist(c) = &app.screen else {
        return Vec::new();
    };
    if c.popup.is_some() {
        return super::popup::update(app, msg);
    }
    if c.review.is_some() {
        return super::review::update(app, &msg);
    }
    let lang = app.lang;
    let me = app.me.clone();
    let page = ui::checklist::detail_height(app).saturating_sub(1).max(1);
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    let last = c.order.len().saturating_sub(1);
    match msg {
        Msg::Command(C::Up) => return move_to(c, c.cursor.saturating_sub(1)),
        Msg::Command(C::Down) => return move_to(c, (c.cursor + 1).min(last)),
        Msg::Command(C::Top) => return move_to(c, 0),
        Msg::Command(C::Bottom) => return move_to(c, last),
        Msg::Command(C::NextDimension | C::PrevDimension) => {
            let starts = c.dimension_starts();
            let here = starts.iter().rposition(|&s| s <= c.cursor).unwrap_or(0);
            let to = if matches!(msg, Msg::Command(C::NextDimension)) {
                starts.get(here + 1).copied().unwrap_or(starts[0])
            } else if c.cursor > starts[here] {
                starts[here]
            } else {
                starts[(here + starts.len() - 1) % starts.len()]
            };
            return move_to(c, to);
        }
        Msg::Command(C::NextUnanswered | C::PrevUnanswered) => {
            let fwd = matches!(msg, Msg::Command(C::NextUnanswered));
            match c.find_unanswered(c.cursor, fwd, true) {
                Some(i) => {
                    // Going past the end starts again at the other end: say so (issue 16).
                    let wrapped = if fwd { i < c.cursor } else { i > c.cursor };
                    let to = c.order[i].clone();
                    let eff = move_to(c, i);
                    if wrapped {
                        app.say(StatusKind::Info, s::wrapped_unanswered(lang, fwd, &to));
                    }
                    return eff;
                }
                None => app.say(StatusKind::Info, tr(lang, s::NONE_UNANSWERED)),
            }
        }
        Msg::Command(C::ScrollDown) => {
            c.scroll = c.scroll.saturating_add(page);
            clamp_scroll(app);
        }
        Msg::Command(C::ScrollUp) => c.scroll = c.scroll.saturating_sub(page),
        Msg::Char(ch) if ch.is_whitespace() => {}
        Msg::Char(ch) => return answer(app, ch.to_string(), Some(ch)),
        Msg::Command(C::NotApplicable) => return answer(app, "n".into(), None),
        Msg::Command(C::Note) => {
            let saved = c.my_note(c.current_id(), me.as_ref());
            // A draft left by a crash or an earlier session comes back (issue 16).
            let draft = c
                .view
                .drafts
                .get(c.current_id())
                .filter(|d| d.trim_end() != saved.trim_end())
                .cloned();
            let restored = draft.is_some();
            let text = draft.unwrap_or(saved);
            let mut ta = TextArea::new(text.lines().map(str::to_string).collect());
            ta.set_wrap_mode(WrapMode::WordOrGlyph);
            ta.set_cursor_line_style(ratatui::style::Style::new());
            ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
            ta.move_cursor(ratatui_textarea::CursorMove::End);
            c.popup = Some(Popup::Note(Box::new(NoteEditor::new(ta))));
            if restored {
                app.say(StatusKind::Info, tr(lang, s::DRAFT_RESTORED));
            }
        }
        Msg::Command(C::AuditLog) => {
            return vec![Effect::LoadAudit {
                id: c.id().to_string(),
            }];
        }
        Msg::Command(C::Reply) => {
            let ind = c.current_id().to_string();
            if c.view.detail.state.review.thread(Some(&ind)).is_empty() {
                app.say(StatusKind::Info, tr(app.lang, s::REPLY_NOTHING));
            } else {
                let mut ta = TextArea::default();
                ta.set_wrap_mode(WrapMode::WordOrGlyph);
                ta.set_cursor_line_style(ratatui::style::Style::new());
                c.popup = Some(Popup::Reply(Box::new(ta)));
            }
        }
        Msg::Command(C::Attach) => c.popup = Some(Popup::Attach(AttachPrompt::default())),
        Msg::Command(C::Evidence) => c.popup = Some(Popup::Evidence(EvidenceList::default())),
        Msg::Command(C::Search) => {
            c.popup = Some(Popup::Search(SearchState {
                input: Input::default(),
                origin: c.cursor,
                matches: Vec::new(),
                at: 0,
            }));
        }
        Msg::Command(C::Flag) => {
            return vec![Effect::ToggleFlag {
                id: c.id().to_string(),
                indicator: c.current_id().to_string(),
            }];
        }
        Msg::Command(C::Undo) => {
            return vec![Effect::Undo {
                id: c.id().to_string(),
            }];
        }
        Msg::Command(C::Review) => c.review = Some(0),
        Msg::Command(C::Respondents) => {
            return vec![Effect::LoadRespondents {
                id: c.id().to_string(),
            }];
        }
        Msg::Command(C::Back) => {
            app.go_home();
            return vec![
                Effect::SavePosition(UiPosition {
                    assessment: None,
                    indicator: None,
                }),
                Effect::LoadHome,
            ];
        }
        _ => {}
    }
    Vec::new()
}

/// Answer the current indicator with a typed value (`raw`). A fresh answer goes on to the
/// next unanswered indicator; changing an answer already given stays on it.
fn answer(app: &mut App, raw: String, key: Option<char>) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    let Some(pos) = c.current() else {
        return Vec::new();
    };
    let ind = pos.indicator.id.clone();
    match Workspace::parse_value(c.instrument(), &ind, &raw) {
        Ok(value) => {
            let next = if c.answered(&ind) {
                c.cursor
            } else {
                c.find_unanswered(c.cursor, true, true).unwrap_or(c.cursor)
            };
            vec![Effect::Answer {
                id: c.id().to_string(),
                indicator: ind,
                value,
                next: c.order[next].clone(),
            }]
        }
        Err(_) => {
            let msg = match key {
                None => s::na_not_allowed(lang, &ind),
                Some(k) => {
                    let mut keys: Vec<String> = c
                        .scale_of(&pos)
                        .map(|sc| sc.levels.iter().map(|l| l.key_char().to_string()).collect())
                        .unwrap_or_default();
                    if pos.indicator.allow_na
                        && let Some(na) = app.keymap.hint_key(Mode::Checklist, C::NotApplicable)
                    {
                        keys.push(na);
                    }
                    s::not_a_scale_key(lang, k, &ind, &keys.join(", "))
                }
            };
            app.say(StatusKind::Error, msg);
            Vec::new()
        }
    }
}

/// Keep the indicator text's scroll within its content.
pub fn clamp_scroll(app: &mut App) {
    let max = ui::checklist::detail_max_scroll(app);
    if let Screen::Checklist(c) = &mut app.screen {
        c.scroll = c.scroll.min(max);
    }
}

/// An assessment is open (new, reopened, or from the list): the checklist at `indicator`
/// or the first unanswered one.
pub fn opened(
    app: &mut App,
    view: Opened,
    indicator: Option<&str>,
    created: Option<bool>,
) -> Vec<Effect> {
    let c = Checklist::new(view, indicator);
    let eff = position(&c);
    app.screen = Screen::Checklist(Box::new(c));
    let lang = app.lang;
    match created {
        Some(true) => app.say(StatusKind::Info, tr(lang, h::CREATED_NEW)),
        Some(false) => app.say(StatusKind::Info, tr(lang, h::CREATED_EXISTING)),
        None => {}
    }
    vec![eff]
}

/// A change is saved: the assessment as it is now, the cursor where the change leads, and
/// what was saved on the status line.
pub fn saved(app: &mut App, view: Opened, what: Saved, goto: Option<String>) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    if c.id() != view.detail.state.id {
        return Vec::new();
    }
    let before = c.view.detail.summary.clone();
    c.view = view;
    let mut effects = Vec::new();
    let mut moved_to = None;
    if let Some(g) = goto.as_deref().and_then(|g| c.index_of(g))
        && g != c.cursor
    {
        moved_to = Some(c.order[g].clone());
        c.cursor = g;
        c.scroll = 0;
        if !matches!(what, Saved::Answer { .. }) {
            // An answer saved the new position with it; other changes save it now.
            effects.push(position(c));
        }
    }
    if matches!(
        c.popup,
        Some(Popup::Note(_) | Popup::Reply(_) | Popup::Attach(_))
    ) {
        c.popup = None;
    }
    // The evidence list stays open on what is left after a removal.
    let n = c.evidence(c.current_id()).len();
    if let Some(Popup::Evidence(ev)) = &mut c.popup {
        ev.selected = ev.selected.min(n.saturating_sub(1));
    }
    let text = match &what {
        Saved::Answer { indicator, value } => {
            let all = c.view.detail.score.unanswered.is_empty();
            let msg = s::saved_answer(
                lang,
                indicator,
                &answer_short(lang, *value),
                moved_to.as_deref(),
            );
            if all {
                format!("{msg} · {}", tr(lang, s::ALL_ANSWERED))
            } else {
                msg
            }
        }
        Saved::Note { indicator } => s::saved_note(lang, indicator),
        Saved::Reply { indicator } => s::saved_reply(lang, indicator),
        Saved::Evidence { indicator, name } => {
            s::saved_evidence(lang, indicator, &inert(name, false))
        }
        Saved::Detached { indicator, name } => s::detached(lang, indicator, &inert(name, false)),
        Saved::Flag { indicator, flagged } => s::saved_flag(lang, indicator, *flagged),
        Saved::Undo { indicator, kind } => s::undone(lang, kind, indicator.as_deref()),
        Saved::Finalized => s::finalized(lang, &s::result(lang, &c.view.detail.summary)),
    };
    // A change to a final assessment says what it did to the result (issue 16).
    let after = &c.view.detail.summary;
    if before.status != AssessmentStatus::Draft
        && after.status == AssessmentStatus::EditedAfterFinal
    {
        let notice = s::edited_after_final(
            lang,
            &s::score_short(lang, &before),
            &s::score_short(lang, after),
        );
        // The notice matters more than "every indicator is answered".
        let text = match &what {
            Saved::Answer { indicator, value } => s::saved_answer(
                lang,
                indicator,
                &answer_short(lang, *value),
                moved_to.as_deref(),
            ),
            _ => text,
        };
        app.say(StatusKind::Warn, format!("{text} · {notice}"));
        return effects;
    }
    app.say(StatusKind::Saved, text);
    effects
}
