//! The key hints under the status line, most important first, each with the key really
//! configured for its command in the mode in force (a key another binding shadows, or one
//! typed into a text field, is not offered) and the command's own words or a label that
//! fits the screen. They fill one line, or two on a tall terminal; help and quit stay.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use crate::present::tui::checklist::HINT_ANSWER;
use crate::present::tui::supervisor as sup;
use crate::present::tui::{self as p, T, tr};

use super::super::app::App;
use super::super::command::Command as C;
use super::super::keymap::Mode;
use super::super::screens::Screen;
use super::super::screens::conflicts::View;
use super::super::screens::new_assessment::NewField;
use super::super::screens::popup::Popup;
use super::super::screens::report::Level;
use super::checklist::scale_keys;
use super::text::width;

/// One hint: the key(s) and what they do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub key: String,
    pub label: String,
    /// Always shown (help, quit).
    pub keep: bool,
}

/// The hints being built for one mode.
struct Hints<'a> {
    app: &'a App,
    mode: Mode,
    v: Vec<Hint>,
}

impl Hints<'_> {
    fn push(&mut self, key: String, label: &str) {
        self.v.push(Hint {
            key,
            label: label.to_string(),
            keep: false,
        });
    }

    /// A command with a label of its own, when a key triggers it. The way out (back,
    /// cancel) is kept on a narrow terminal like help and quit (issue 16).
    fn add(&mut self, c: C, label: &str) {
        if let Some(key) = self.app.keymap.hint_key(self.mode, c) {
            self.push(key, label);
            if matches!(c, C::Back | C::Cancel)
                && let Some(h) = self.v.last_mut()
            {
                h.keep = true;
            }
        }
    }

    /// A command with its own words.
    fn own(&mut self, c: C) {
        self.add(c, c.label(self.app.lang));
    }

    /// A command with one of the screen's labels.
    fn with(&mut self, c: C, label: T) {
        self.add(c, tr(self.app.lang, label));
    }

    /// Two commands under one label: `j/k`, or `PgDn PgUp` when the keys are longer.
    fn pair(&mut self, a: C, b: C, label: T) {
        let km = &self.app.keymap;
        let label = tr(self.app.lang, label);
        match (km.hint_key(self.mode, a), km.hint_key(self.mode, b)) {
            (Some(x), Some(y)) => {
                let sep = if width(&x) == 1 && width(&y) == 1 {
                    "/"
                } else {
                    " "
                };
                self.push(format!("{x}{sep}{y}"), label);
            }
            (Some(x), None) | (None, Some(x)) => self.push(x, label),
            (None, None) => {}
        }
    }
}

/// The hints for the current state, most important first; the help hint is last.
#[must_use]
pub fn hint_items(app: &App) -> Vec<Hint> {
    let lang = app.lang;
    let mode = app.mode();
    let mut h = Hints {
        app,
        mode,
        v: Vec::new(),
    };
    match mode {
        Mode::Global => {}
        Mode::Home => home(&mut h),
        Mode::Inbox | Mode::Dashboard | Mode::Conflict | Mode::ConflictList | Mode::Trust => {
            supervisor(&mut h);
        }
        Mode::Prompt => prompt(&mut h),
        Mode::Form => form(&mut h),
        Mode::Note
            if matches!(&app.screen, Screen::Checklist(c)
                if matches!(&c.popup, Some(Popup::Note(ed)) if ed.confirm_discard)) =>
        {
            h.push("y".into(), tr(lang, p::HINT_DISCARD));
            h.with(C::Cancel, p::HINT_KEEP_WRITING);
        }
        Mode::Note => {
            h.own(C::Save);
            h.own(C::Cancel);
            h.push("Enter".into(), tr(lang, p::HINT_NEWLINE));
        }
        Mode::Message => h.with(C::Submit, p::HINT_CONTINUE),
        Mode::Checklist => checklist(&mut h),
        Mode::Respondents => respondents(&mut h),
        Mode::Evidence => {
            h.with(C::Open, p::HINT_VIEW);
            h.own(C::Remove);
            h.with(C::Attach, p::HINT_ADD);
            h.pair(C::Down, C::Up, p::HINT_CHOOSE);
            h.own(C::Back);
        }
        Mode::Review => {
            if let Screen::Checklist(c) = &app.screen
                && !c.review_items().is_empty()
            {
                h.with(C::Open, p::HINT_TO_INDICATOR);
            }
            h.own(C::Finalize);
            h.own(C::Back);
        }
        Mode::Report => {
            if let Screen::Report(r) = &app.screen
                && !matches!(r.level, Level::Lokus(..))
            {
                h.with(C::Open, p::HINT_DETAILS);
                h.pair(C::Down, C::Up, p::HINT_CHOOSE);
            } else {
                h.pair(C::Down, C::Up, p::HINT_SCROLL);
            }
            h.own(C::Back);
        }
        Mode::Help => {
            h.own(C::Close);
            h.pair(C::Down, C::Up, p::HINT_SCROLL);
        }
    }
    let mut v = h.v;
    if !matches!(mode, Mode::Help) {
        let help = C::Help.label(lang);
        let quit = C::Quit.label(lang);
        if let Some(key) = app.keymap.hint_key(mode, C::Help) {
            v.push(Hint {
                key,
                label: help.into(),
                keep: false,
            });
        }
        if !mode.is_text()
            && let Some(key) = app.keymap.hint_key(mode, C::Quit)
        {
            v.push(Hint {
                key,
                label: quit.into(),
                keep: false,
            });
        }
        let n = v.len();
        for x in v.iter_mut().skip(n.saturating_sub(2)) {
            x.keep |= x.label == help || x.label == quit;
        }
    }
    v
}

fn home(h: &mut Hints<'_>) {
    let app = h.app;
    let any = !app.home.visible(app.lang).is_empty();
    if any {
        h.own(C::Open);
    }
    for c in [C::New, C::Filter, C::Export, C::Sync, C::Report] {
        h.own(c);
    }
    // --- supervisor (issue 6) ---
    if app.supervisor {
        if any {
            h.own(C::SetReview);
        }
        for c in [C::Inbox, C::Dashboard, C::Conflicts, C::Trust] {
            h.own(c);
        }
    }
}

/// The supervisor's screens (issue 6).
fn supervisor(h: &mut Hints<'_>) {
    let app = h.app;
    match &app.screen {
        Screen::Inbox(ib) if ib.job.is_some() => {
            h.with(C::Back, sup::HINT_STOP);
            h.with(C::Down, p::HINT_SCROLL);
        }
        Screen::Inbox(ib) => {
            if !ib.rows.is_empty() {
                h.with(C::Open, p::HINT_DETAILS);
            }
            for c in [C::TrustKey, C::Retry, C::Import, C::Back] {
                h.own(c);
            }
        }
        Screen::Dashboard(d) => {
            if d.opened().is_some() {
                if d.current_lokus().is_some() {
                    h.own(C::Open);
                    h.own(C::Conflicts);
                }
            } else if d.current_pemda().is_some() {
                h.with(C::Open, sup::HINT_LOKUS);
                h.own(C::Conflicts);
            }
            for c in [C::Filter, C::ProblemsOnly, C::ReviewFilter, C::Back] {
                h.own(c);
            }
        }
        Screen::Conflicts(c) if c.view == View::List => {
            if !c.visible().is_empty() {
                h.with(C::Open, sup::HINT_RESOLVE);
                h.pair(C::Down, C::Up, p::HINT_CHOOSE);
            }
            h.own(C::Filter);
            h.own(C::Back);
        }
        Screen::Conflicts(c) => {
            if let Some(cur) = c.current() {
                h.push(
                    format!("1-{}", cur.candidates.len()),
                    tr(app.lang, sup::HINT_PICK),
                );
                h.own(C::OtherValue);
                if cur.candidates.iter().any(|k| !k.evidence_hashes.is_empty()) {
                    h.with(C::Evidence, sup::HINT_OPEN_EVIDENCE);
                }
                h.own(C::NextConflict);
            }
            h.with(C::Back, sup::HINT_TO_LIST);
        }
        Screen::Trust(t) => {
            h.with(C::New, sup::HINT_ADD);
            if !t.list.is_empty() {
                h.own(C::Remove);
            }
            h.own(C::Back);
        }
        _ => {}
    }
}

/// One-line prompts: the filters, the checklist's search and evidence path, the inbox's
/// path, the conflict view's value and reason.
fn prompt(h: &mut Hints<'_>) {
    let app = h.app;
    match &app.screen {
        // --- supervisor (issue 6) ---
        Screen::Inbox(_) => {
            h.push("Tab".into(), tr(app.lang, sup::HINT_COMPLETE));
            h.with(C::Submit, sup::HINT_IMPORT);
            h.own(C::Cancel);
        }
        Screen::Conflicts(c) if c.view == View::Resolve => {
            h.with(C::Submit, sup::HINT_SAVE_RESOLUTION);
            h.own(C::Cancel);
        }
        Screen::Respondents(_) => {
            h.with(C::Submit, p::HINT_ATTACH);
            h.own(C::Cancel);
        }
        Screen::Checklist(c) => {
            if let Some(Popup::Search(_)) = &c.popup {
                h.pair(C::Down, C::Up, p::HINT_RESULTS);
                h.with(C::Submit, p::HINT_GO);
            } else if let Some(Popup::Evidence(_)) = &c.popup {
                // Removing asks for an explicit `y` (issue 16).
                h.push("y".into(), tr(app.lang, p::HINT_REMOVE));
                h.with(C::Cancel, p::HINT_KEEP);
                return;
            } else if let Some(Popup::Attach(_)) = &c.popup {
                h.push("Tab".into(), tr(app.lang, sup::HINT_COMPLETE));
                h.with(C::Submit, p::HINT_ATTACH);
            } else if let Some(Popup::Audit { .. }) = &c.popup {
                h.pair(C::Down, C::Up, p::HINT_SCROLL);
                h.with(C::Cancel, p::HINT_BACK);
                return;
            } else if let Some(Popup::Finalize) = &c.popup {
                // An explicit key finalizes; Enter does not (issue 16).
                h.push("y".into(), tr(app.lang, p::HINT_FINALIZE));
                h.with(C::Cancel, p::HINT_BACK);
                return;
            } else {
                h.with(C::Submit, p::HINT_ATTACH);
            }
            h.own(C::Cancel);
        }
        _ => {
            h.with(C::Submit, p::HINT_DONE);
            h.with(C::Cancel, p::HINT_CLEAR);
        }
    }
}

/// Forms: the next field, then what Enter and Esc do on this one.
fn form(h: &mut Hints<'_>) {
    let app = h.app;
    let lang = app.lang;
    h.own(C::NextField);
    let (submit, cancel) = match &app.screen {
        Screen::New(f) => {
            if matches!(
                f.focus,
                NewField::Pemda | NewField::Lokus | NewField::Instrument
            ) {
                h.pair(C::Up, C::Down, p::HINT_CHOOSE);
            }
            let last = f.fields().last().copied() == Some(f.focus);
            (
                tr(
                    lang,
                    if last {
                        p::HINT_CREATE
                    } else {
                        p::HINT_CONTINUE
                    },
                ),
                C::Cancel.label(lang),
            )
        }
        Screen::FirstRun(f) => (
            if f.focus == 2 {
                C::Save.label(lang)
            } else {
                tr(lang, p::HINT_CONTINUE)
            },
            C::Quit.label(lang),
        ),
        Screen::Export(f) if f.sync => (C::Sync.label(lang), C::Cancel.label(lang)),
        Screen::Export(_) => (C::Export.label(lang), C::Cancel.label(lang)),
        // The dialogs: the add-a-key form, the review state.
        _ => (C::Submit.label(lang), C::Cancel.label(lang)),
    };
    h.add(C::Submit, submit);
    h.add(C::Cancel, cancel);
}

fn checklist(h: &mut Hints<'_>) {
    let app = h.app;
    if let Screen::Checklist(c) = &app.screen
        && let Some(pos) = c.current()
    {
        if let Some(sc) = c.scale_of(&pos) {
            h.push(scale_keys(sc), tr(app.lang, HINT_ANSWER));
        }
        if pos.indicator.allow_na {
            h.own(C::NotApplicable);
        }
    }
    for c in [C::Note, C::Attach] {
        h.own(c);
    }
    // The list of attachments, once there is one (issue 16).
    if let Screen::Checklist(c) = &app.screen
        && !c.evidence(c.current_id()).is_empty()
    {
        h.own(C::Evidence);
    }
    for c in [C::Flag, C::Undo] {
        h.own(c);
    }
    h.pair(C::NextUnanswered, C::PrevUnanswered, p::HINT_UNANSWERED);
    h.own(C::Search);
    h.own(C::Review);
    h.with(C::Back, p::HINT_HOME);
}

/// The respondents screen (issue 15): the answer keys of the selected question first.
fn respondents(h: &mut Hints<'_>) {
    use crate::present::tui::respondents as rw;
    let app = h.app;
    let Screen::Respondents(r) = &app.screen else {
        return;
    };
    if let Some(q) = r.current().and_then(|s| s.questions.get(r.col)) {
        h.push(rw::answer_keys(q), tr(app.lang, rw::HINT_ANSWER));
    }
    h.with(C::NextRespondent, rw::HINT_NEXT);
    if r.on_new() {
        if r.current().is_some_and(|s| !s.roles.is_empty()) {
            h.own(C::Role);
        } else {
            h.own(C::Channel);
        }
    }
    h.pair(C::PrevQuestion, C::NextQuestion, rw::HINT_ANSWER_MOVE);
    h.own(C::Proof);
    if r.view.surveys.len() > 1 {
        h.with(C::NextSurvey, rw::HINT_SURVEY);
    }
    h.with(C::Back, rw::HINT_BACK);
}

fn hint_width(h: &Hint) -> usize {
    width(&h.key) + 1 + width(&h.label)
}

/// The hints laid out on one line, or two when one is not enough; the help and quit hints
/// are kept, others that do not fit are left out (the help overlay lists everything).
#[must_use]
pub fn hint_lines(app: &App, w: usize) -> Vec<Vec<Hint>> {
    let items = hint_items(app);
    // A row of hints is 1 + Σ(width + gap) - gap columns wide: it fits when Σ(width + gap)
    // is at most w + 1.
    let w = w + 1;
    let gap = 2;
    let total: usize = items.iter().map(hint_width).sum::<usize>() + gap * items.len();
    let max_rows = if total > w && app.size.1 >= 20 { 2 } else { 1 };
    let (tail, head): (Vec<Hint>, Vec<Hint>) = items.into_iter().partition(|h| h.keep);
    let tail_w: usize = tail.iter().map(|h| hint_width(h) + gap).sum();
    let mut rows: Vec<Vec<Hint>> = vec![Vec::new()];
    let mut used = 0;
    for h in head {
        let hw = hint_width(&h) + gap;
        let last_row = rows.len() == max_rows;
        let room = if last_row {
            w.saturating_sub(tail_w)
        } else {
            w
        };
        if used + hw <= room {
            used += hw;
            if let Some(r) = rows.last_mut() {
                r.push(h);
            }
        } else if !last_row {
            rows.push(vec![h]);
            used = hw;
        } else {
            // Hints are in order of importance: stop at the first that does not fit.
            break;
        }
    }
    // The kept hints go at the end of the last row: on a row of their own when the head
    // filled the last allowed row only partly but too much for them, else after dropping
    // what does not fit.
    if used + tail_w > w {
        if rows.len() < max_rows {
            rows.push(Vec::new());
        } else if let Some(r) = rows.last_mut() {
            while !r.is_empty() && r.iter().map(|h| hint_width(h) + gap).sum::<usize>() + tail_w > w
            {
                r.pop();
            }
        }
    }
    if let Some(r) = rows.last_mut() {
        r.extend(tail);
    }
    rows.retain(|r| !r.is_empty());
    rows
}

/// Draw the hints.
pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    for (i, row) in hint_lines(app, area.width as usize).into_iter().enumerate() {
        let mut spans = vec![Span::raw(" ")];
        for (j, h) in row.into_iter().enumerate() {
            if j > 0 {
                spans.push(Span::raw("  "));
            }
            spans.push(Span::styled(h.key, t.key()));
            spans.push(Span::styled(format!(" {}", h.label), t.dim()));
        }
        let y = area.y + u16::try_from(i).unwrap_or(0);
        if y < area.bottom() {
            Line::from(spans).render(Rect::new(area.x, y, area.width, 1), buf);
        }
    }
}
