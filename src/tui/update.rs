//! `update(&mut App, Action) -> Vec<Effect>`: the only place the UI state changes. It does
//! no I/O; anything that touches the store is returned as an [`Effect`], and its result
//! comes back later as [`Action::Done`].

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui_textarea::{TextArea, WrapMode};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::core::region::LOKUS_TYPES;
use crate::workspace::{AssessmentStatus, UiPosition, Workspace};

use super::action::Action;
use super::app::{
    App, Checklist, MAX_CANDIDATES, NewField, NewForm, Popup, Screen, SearchState, StatusKind,
};
use super::effect::{Effect, Failed, Outcome, Saved};
use super::keymap::Mode;
use super::strings::{self as s, tr};
use super::ui;

/// Apply one action to the state; return the effects to run.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Done(o) => return outcome(app, *o),
        Action::Resize(w, h) => {
            app.size = (w, h);
            clamp_scroll(app);
            return Vec::new();
        }
        // --- supervisor (issue 6): background work, not a key ---
        Action::Step => return super::supervisor::step(app),
        _ => {}
    }
    // A new key press replaces the last message.
    app.status = None;
    if app.help.is_some() {
        help(app, &action);
        return Vec::new();
    }
    match action {
        Action::Quit => {
            app.quit = true;
            return Vec::new();
        }
        Action::Help => {
            app.help = Some(0);
            return Vec::new();
        }
        _ => {}
    }
    // --- supervisor (issue 6) ---
    let action = match super::supervisor::intercept(app, action) {
        Ok(effects) => return effects,
        Err(a) => a,
    };
    match &app.screen {
        Screen::Loading => Vec::new(),
        Screen::FirstRun(_) => first_run(app, action),
        Screen::Welcome => {
            if matches!(action, Action::Submit) {
                app.screen = Screen::Home;
            }
            Vec::new()
        }
        Screen::Home => home(app, action),
        Screen::New(_) => new_form(app, action),
        Screen::Checklist(_) => checklist(app, action),
        Screen::Tool(_) => super::tools::update(app, action),
        Screen::Inbox | Screen::Dashboard | Screen::Conflicts | Screen::Trust => {
            super::supervisor::update(app, action)
        }
    }
}

fn help(app: &mut App, action: &Action) {
    let Some(scroll) = app.help.as_mut() else {
        return;
    };
    match action {
        Action::Close | Action::Help | Action::Back | Action::Cancel => app.help = None,
        Action::Up => *scroll = scroll.saturating_sub(1),
        Action::Down => *scroll = scroll.saturating_add(1),
        _ => {}
    }
    let max = ui::help_max_scroll(app);
    if let Some(s) = app.help.as_mut() {
        *s = (*s).min(max);
    }
}

/// Feed a key to a one-line input. Returns whether the text changed.
fn type_into(input: &mut Input, key: KeyEvent) -> bool {
    to_input_request(&Event::Key(key))
        .and_then(|r| input.handle(r))
        .is_some_and(|c| c.value)
}

fn unused_key(app: &mut App, action: &Action) {
    if let Action::Answer(c) = action {
        let help = app.keymap.hint_key(Mode::Global, &Action::Help);
        app.say(
            StatusKind::Info,
            s::key_unused(app.lang, *c, help.as_deref()),
        );
    }
}

// ---- first run ----------------------------------------------------------------------------

fn first_run(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::FirstRun(form) = &mut app.screen else {
        return Vec::new();
    };
    match action {
        Action::Text(k) => {
            type_into(&mut form.fields[form.focus], k);
        }
        Action::NextField | Action::Down => form.focus = (form.focus + 1) % 3,
        Action::PrevField | Action::Up => form.focus = (form.focus + 2) % 3,
        Action::Cancel => app.quit = true,
        Action::Submit if form.focus < 2 => form.focus += 1,
        Action::Submit => {
            let name = form.fields[0].value().trim().to_string();
            if name.is_empty() {
                form.focus = 0;
                app.say(StatusKind::Error, tr(lang, s::NAME_REQUIRED));
                return Vec::new();
            }
            let opt = |i: &Input| Some(i.value().trim().to_string()).filter(|v| !v.is_empty());
            return vec![Effect::Init {
                name,
                nip: opt(&form.fields[1]),
                office: opt(&form.fields[2]),
                supervisor: app.sup.on,
            }];
        }
        _ => {}
    }
    Vec::new()
}

// ---- home ---------------------------------------------------------------------------------

fn home(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let count = app.home.visible(lang).len();
    let h = &mut app.home;
    if h.filtering {
        match action {
            Action::Text(k) => {
                let changed = type_into(&mut h.filter, k);
                if changed {
                    h.selected = 0;
                }
            }
            Action::Submit => h.filtering = false,
            Action::Cancel => {
                h.filtering = false;
                h.filter.reset();
                h.selected = 0;
            }
            Action::Up => h.selected = h.selected.saturating_sub(1),
            Action::Down => h.selected = (h.selected + 1).min(count.saturating_sub(1)),
            _ => {}
        }
        return Vec::new();
    }
    match action {
        Action::Up => h.selected = h.selected.saturating_sub(1),
        Action::Down => h.selected = (h.selected + 1).min(count.saturating_sub(1)),
        Action::Top => h.selected = 0,
        Action::Bottom => h.selected = count.saturating_sub(1),
        Action::Filter => h.filtering = true,
        Action::Back => {
            h.filter.reset();
            h.selected = 0;
        }
        Action::New => app.screen = Screen::New(Box::new(new_form_for(app))),
        Action::Export | Action::Sync | Action::Report => {
            return super::tools::open(app, &action);
        }
        Action::Open => {
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

// ---- new assessment -----------------------------------------------------------------------

/// A fresh form: the newest round that has an instrument, its instrument, nothing else.
#[must_use]
pub fn new_form_for(app: &App) -> NewForm {
    let round = app.instruments.first().map_or(0, |i| i.round);
    NewForm {
        round: Input::new(if round > 0 {
            round.to_string()
        } else {
            String::new()
        }),
        instrument: 0,
        instrument_touched: false,
        pemda: Input::default(),
        candidates: Vec::new(),
        pemda_sel: 0,
        lokus: 0,
        lokus_name: Input::default(),
        focus: NewField::Round,
    }
}

fn new_form(app: &mut App, action: Action) -> Vec<Effect> {
    let n_inst = app.instruments.len();
    let Screen::New(form) = &mut app.screen else {
        return Vec::new();
    };
    let fields = form.fields();
    let at = fields.iter().position(|f| *f == form.focus).unwrap_or(0);
    let step = |form: &mut NewForm, fwd: bool| {
        let i = if fwd {
            (at + 1) % fields.len()
        } else {
            (at + fields.len() - 1) % fields.len()
        };
        form.focus = fields[i];
    };
    match (form.focus, action) {
        (_, Action::Cancel) => {
            app.screen = Screen::Home;
            return Vec::new();
        }
        (_, Action::NextField) => step(form, true),
        (_, Action::PrevField) => step(form, false),
        (NewField::Round | NewField::LokusName, Action::Up) => step(form, false),
        (NewField::Round | NewField::LokusName, Action::Down) => step(form, true),
        (NewField::Instrument, Action::Up) => {
            form.instrument = form.instrument.saturating_sub(1);
            form.instrument_touched = true;
        }
        (NewField::Instrument, Action::Down) => {
            form.instrument = (form.instrument + 1).min(n_inst.saturating_sub(1));
            form.instrument_touched = true;
        }
        (NewField::Pemda, Action::Up) => form.pemda_sel = form.pemda_sel.saturating_sub(1),
        (NewField::Pemda, Action::Down) => {
            form.pemda_sel = (form.pemda_sel + 1).min(form.candidates.len().saturating_sub(1));
        }
        (NewField::Lokus, Action::Up) => form.lokus = form.lokus.saturating_sub(1),
        (NewField::Lokus, Action::Down) => {
            form.lokus = (form.lokus + 1).min(LOKUS_TYPES.len() - 1);
        }
        (NewField::Round, Action::Text(k)) => {
            let digit_or_edit = !matches!(k.code, KeyCode::Char(c) if !c.is_ascii_digit());
            if digit_or_edit && type_into(&mut form.round, k) {
                follow_round(app);
            }
        }
        (NewField::Pemda, Action::Text(k)) => {
            let changed = type_into(&mut form.pemda, k);
            if changed {
                let q = form.pemda.value().to_string();
                form.candidates = if q.trim().is_empty() {
                    Vec::new()
                } else {
                    app.regions
                        .search(&q)
                        .into_iter()
                        .take(MAX_CANDIDATES)
                        .cloned()
                        .collect()
                };
                form.pemda_sel = 0;
            }
        }
        (NewField::LokusName, Action::Text(k)) => {
            type_into(&mut form.lokus_name, k);
        }
        (NewField::Lokus, Action::Text(k)) => match k.code {
            KeyCode::Left => form.lokus = form.lokus.saturating_sub(1),
            KeyCode::Right => form.lokus = (form.lokus + 1).min(LOKUS_TYPES.len() - 1),
            KeyCode::Char(c) => {
                // Jump to the next type starting with the letter typed.
                let c = c.to_ascii_lowercase();
                let n = LOKUS_TYPES.len();
                if let Some(i) = (1..=n)
                    .map(|k| (form.lokus + k) % n)
                    .find(|&i| LOKUS_TYPES[i].name.to_lowercase().starts_with(c))
                {
                    form.lokus = i;
                }
            }
            _ => {}
        },
        (NewField::Instrument, Action::Text(k)) => match k.code {
            KeyCode::Left => {
                form.instrument = form.instrument.saturating_sub(1);
                form.instrument_touched = true;
            }
            KeyCode::Right => {
                form.instrument = (form.instrument + 1).min(n_inst.saturating_sub(1));
                form.instrument_touched = true;
            }
            _ => {}
        },
        (focus, Action::Submit) => {
            if focus == NewField::Pemda
                && let Some(r) = form.chosen_pemda().cloned()
            {
                form.pemda = Input::new(r.name.clone());
                form.candidates = vec![r];
                form.pemda_sel = 0;
            }
            if at + 1 < fields.len() {
                step(form, true);
            } else {
                return submit_new(app);
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The instrument follows the year until the user picks one.
fn follow_round(app: &mut App) {
    let Screen::New(form) = &mut app.screen else {
        return;
    };
    if form.instrument_touched {
        return;
    }
    if let Ok(r) = form.round.value().trim().parse::<u16>()
        && let Some(i) = app.instruments.iter().position(|i| i.round == r)
    {
        form.instrument = i;
    }
}

fn submit_new(app: &mut App) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::New(form) = &mut app.screen else {
        return Vec::new();
    };
    let Ok(round) = form.round.value().trim().parse::<u16>() else {
        form.focus = NewField::Round;
        app.say(StatusKind::Error, tr(lang, s::ROUND_NOT_NUMBER));
        return Vec::new();
    };
    let Some(instrument) = app.instruments.get(form.instrument).map(|i| i.id.clone()) else {
        form.focus = NewField::Instrument;
        app.say(StatusKind::Error, tr(lang, s::INSTRUMENT_NOT_CHOSEN));
        return Vec::new();
    };
    let Some(pemda) = form.chosen_pemda().map(|r| r.code.clone()) else {
        form.focus = NewField::Pemda;
        app.say(StatusKind::Error, tr(lang, s::PEMDA_NOT_CHOSEN));
        return Vec::new();
    };
    let lt = form.lokus_type();
    let name = Some(form.lokus_name.value().trim().to_string()).filter(|n| !n.is_empty());
    if lt.needs_name && name.is_none() {
        form.focus = NewField::LokusName;
        let msg = s::lokus_name_required(lang, lt.name);
        app.say(StatusKind::Error, msg);
        return Vec::new();
    }
    vec![Effect::Create {
        round,
        instrument,
        pemda,
        lokus: lt.code.to_string(),
        name: if lt.needs_name { name } else { None },
    }]
}

// ---- checklist ----------------------------------------------------------------------------

fn position(c: &Checklist) -> Effect {
    Effect::SavePosition(UiPosition {
        assessment: Some(c.id().to_string()),
        indicator: Some(c.current_id().to_string()),
    })
}

/// Move the cursor; remember the place when it changed.
fn move_to(c: &mut Checklist, to: usize) -> Vec<Effect> {
    let to = to.min(c.order.len().saturating_sub(1));
    if to == c.cursor {
        return Vec::new();
    }
    c.cursor = to;
    c.scroll = 0;
    vec![position(c)]
}

fn checklist(app: &mut App, action: Action) -> Vec<Effect> {
    let Screen::Checklist(c) = &app.screen else {
        return Vec::new();
    };
    if c.popup.is_some() {
        return popup(app, action);
    }
    if c.review.is_some() {
        return review(app, action);
    }
    let lang = app.lang;
    let me = app.me.clone();
    let page = ui::detail_height(app).saturating_sub(1).max(1);
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    let last = c.order.len().saturating_sub(1);
    match action {
        Action::Up => return move_to(c, c.cursor.saturating_sub(1)),
        Action::Down => return move_to(c, (c.cursor + 1).min(last)),
        Action::Top => return move_to(c, 0),
        Action::Bottom => return move_to(c, last),
        Action::NextDimension | Action::PrevDimension => {
            let starts = c.dimension_starts();
            let here = starts.iter().rposition(|&s| s <= c.cursor).unwrap_or(0);
            let to = if matches!(action, Action::NextDimension) {
                starts.get(here + 1).copied().unwrap_or(starts[0])
            } else if c.cursor > starts[here] {
                starts[here]
            } else {
                starts[(here + starts.len() - 1) % starts.len()]
            };
            return move_to(c, to);
        }
        Action::NextUnanswered | Action::PrevUnanswered => {
            let fwd = matches!(action, Action::NextUnanswered);
            match c.find_unanswered(c.cursor, fwd, true) {
                Some(i) => return move_to(c, i),
                None => app.say(StatusKind::Info, tr(lang, s::NONE_UNANSWERED)),
            }
        }
        Action::ScrollDown => {
            c.scroll = c.scroll.saturating_add(page);
            clamp_scroll(app);
        }
        Action::ScrollUp => c.scroll = c.scroll.saturating_sub(page),
        Action::Answer(ch) if ch.is_whitespace() => {}
        Action::Answer(ch) => return answer(app, ch.to_string(), Some(ch)),
        Action::NotApplicable => return answer(app, "n".into(), None),
        Action::Note => {
            let text = c.my_note(c.current_id(), me.as_ref());
            let mut ta = TextArea::new(text.lines().map(str::to_string).collect());
            ta.set_wrap_mode(WrapMode::WordOrGlyph);
            ta.set_cursor_line_style(ratatui::style::Style::new());
            ta.move_cursor(ratatui_textarea::CursorMove::Bottom);
            ta.move_cursor(ratatui_textarea::CursorMove::End);
            c.popup = Some(Popup::Note(Box::new(ta)));
        }
        Action::Attach => c.popup = Some(Popup::Attach(Input::default())),
        Action::Search => {
            c.popup = Some(Popup::Search(SearchState {
                input: Input::default(),
                origin: c.cursor,
                matches: Vec::new(),
                at: 0,
            }));
        }
        Action::Flag => {
            return vec![Effect::ToggleFlag {
                id: c.id().to_string(),
                indicator: c.current_id().to_string(),
            }];
        }
        Action::Undo => {
            return vec![Effect::Undo {
                id: c.id().to_string(),
            }];
        }
        Action::Review => c.review = Some(0),
        Action::Back => {
            app.screen = Screen::Home;
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

/// Answer the current indicator with a typed value (`raw`), then go to the next unanswered.
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
            let next = c.find_unanswered(c.cursor, true, true).unwrap_or(c.cursor);
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
                        && let Some(na) =
                            app.keymap.hint_key(Mode::Checklist, &Action::NotApplicable)
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

fn popup(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    let id = c.id().to_string();
    let ind = c.current_id().to_string();
    let mine = c.my_note(&ind, app.me.as_ref());
    match (&mut c.popup, action) {
        (_, Action::Cancel) => {
            if let Some(Popup::Search(st)) = &c.popup {
                c.cursor = st.origin;
            }
            c.popup = None;
        }
        (Some(Popup::Note(ta)), Action::Text(k)) => {
            ta.input(k);
        }
        (Some(Popup::Note(ta)), Action::Save) => {
            let text = ta.lines().join("\n");
            if text.trim_end() == mine.trim_end() {
                c.popup = None;
            } else {
                return vec![Effect::SetNote {
                    id,
                    indicator: ind,
                    text,
                }];
            }
        }
        (Some(Popup::Attach(input)), Action::Text(k)) => {
            type_into(input, k);
        }
        (Some(Popup::Attach(input)), Action::Submit) => {
            let raw = input.value().trim().to_string();
            if raw.is_empty() {
                app.say(StatusKind::Error, tr(lang, s::ATTACH_EMPTY));
                return Vec::new();
            }
            return vec![Effect::Attach {
                id,
                indicator: ind,
                path: crate::fsio::expand_tilde(&raw),
            }];
        }
        (Some(Popup::Search(st)), Action::Text(k)) => {
            let changed = type_into(&mut st.input, k);
            if changed {
                let q = st.input.value().to_lowercase();
                let words: Vec<&str> = q.split_whitespace().collect();
                let inst = &c.view.detail.instrument;
                st.matches = if words.is_empty() {
                    Vec::new()
                } else {
                    c.order
                        .iter()
                        .enumerate()
                        .filter(|(_, id)| {
                            inst.indicator(id).is_some_and(|p| {
                                let i = p.indicator;
                                let hay = format!(
                                    "{} {} {} {} {} {}",
                                    i.id,
                                    i.short,
                                    i.text,
                                    i.text_en.as_deref().unwrap_or(""),
                                    i.guidance,
                                    p.variable.name
                                )
                                .to_lowercase();
                                words.iter().all(|w| hay.contains(w))
                            })
                        })
                        .map(|(i, _)| i)
                        .collect()
                };
                st.at = 0;
                c.cursor = st.matches.first().copied().unwrap_or(st.origin);
                c.scroll = 0;
            }
        }
        (Some(Popup::Search(st)), dir @ (Action::Up | Action::Down)) => {
            let n = st.matches.len();
            if n > 0 {
                st.at = if matches!(dir, Action::Down) {
                    (st.at + 1) % n
                } else {
                    (st.at + n - 1) % n
                };
                c.cursor = st.matches[st.at];
                c.scroll = 0;
            }
        }
        (Some(Popup::Search(st)), Action::Submit) => {
            let moved = c.cursor != st.origin;
            if st.matches.is_empty() && !st.input.value().trim().is_empty() {
                let q = st.input.value().to_string();
                app.say(StatusKind::Info, s::no_match(lang, &q));
                return Vec::new();
            }
            c.popup = None;
            if moved {
                return vec![position(c)];
            }
        }
        _ => {}
    }
    Vec::new()
}

fn review(app: &mut App, action: Action) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    let items = c.review_items();
    let sel = c.review.unwrap_or(0);
    match action {
        Action::Up => c.review = Some(sel.saturating_sub(1)),
        Action::Down => c.review = Some((sel + 1).min(items.len().saturating_sub(1))),
        Action::Top => c.review = Some(0),
        Action::Bottom => c.review = Some(items.len().saturating_sub(1)),
        Action::Back | Action::Review => c.review = None,
        Action::Open => {
            if let Some(&(_, i)) = items.get(sel) {
                c.review = None;
                return move_to(c, i);
            }
        }
        Action::Finalize => {
            let left = c.view.detail.score.unanswered.len();
            if left > 0 {
                app.say(StatusKind::Error, s::finalize_blocked(lang, left));
            } else if c.view.detail.summary.status == AssessmentStatus::Final {
                app.say(StatusKind::Info, tr(lang, s::FINAL_DONE));
            } else {
                return vec![Effect::Finalize {
                    id: c.id().to_string(),
                }];
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Keep the indicator text's scroll within its content.
fn clamp_scroll(app: &mut App) {
    let max = ui::detail_max_scroll(app);
    if let Screen::Checklist(c) = &mut app.screen {
        c.scroll = c.scroll.min(max);
    }
}

// ---- outcomes -----------------------------------------------------------------------------

fn outcome(app: &mut App, o: Outcome) -> Vec<Effect> {
    let lang = app.lang;
    match o {
        Outcome::Tool(t) => super::tools::outcome(app, t),
        Outcome::Started { home, resume } => {
            app.me.clone_from(&home.me);
            app.sup.on |= app.me.as_ref().is_some_and(|m| m.supervisor);
            set_home(app, home);
            if app.me.is_none() {
                app.screen = Screen::FirstRun(Box::default());
            } else if let Some((view, at)) = resume {
                app.screen = Screen::Checklist(Box::new(Checklist::new(view, at.as_deref())));
            } else {
                app.screen = Screen::Home;
            }
            Vec::new()
        }
        Outcome::Initialized(me) => {
            app.sup.on |= me.supervisor;
            app.me = Some(me);
            app.screen = Screen::Welcome;
            vec![Effect::LoadHome]
        }
        Outcome::Home(h) => {
            set_home(app, h);
            Vec::new()
        }
        Outcome::Opened {
            view,
            indicator,
            created,
        } => {
            let c = Checklist::new(view, indicator.as_deref());
            let eff = position(&c);
            app.screen = Screen::Checklist(Box::new(c));
            match created {
                Some(true) => app.say(StatusKind::Info, tr(lang, s::CREATED_NEW)),
                Some(false) => app.say(StatusKind::Info, tr(lang, s::CREATED_EXISTING)),
                None => {}
            }
            vec![eff]
        }
        Outcome::Saved { view, what, goto } => saved(app, view, what, goto),
        Outcome::Sup(o) => super::supervisor::outcome(app, *o),
        Outcome::Failed { during, message } => {
            match during {
                Failed::Start | Failed::Open => {
                    if app.me.is_some() {
                        app.screen = Screen::Home;
                    }
                }
                Failed::Init
                | Failed::Home
                | Failed::Create
                | Failed::Save
                | Failed::Attach
                | Failed::Position
                | Failed::Sup => {}
            }
            app.say(StatusKind::Error, crate::i18n::inert(&message, false));
            Vec::new()
        }
    }
}

fn set_home(app: &mut App, h: super::effect::HomeData) {
    if h.me.is_some() {
        app.me.clone_from(&h.me);
    }
    app.home.list = h.list;
    app.home.unexported = h.unexported;
    app.home.now_ms = h.now_ms;
    let n = app.home.visible(app.lang).len();
    app.home.selected = app.home.selected.min(n.saturating_sub(1));
}

fn saved(
    app: &mut App,
    view: super::effect::Opened,
    what: Saved,
    goto: Option<String>,
) -> Vec<Effect> {
    let lang = app.lang;
    let Screen::Checklist(c) = &mut app.screen else {
        return Vec::new();
    };
    if c.id() != view.detail.state.id {
        return Vec::new();
    }
    c.view = view;
    let mut effects = Vec::new();
    if let Some(g) = goto.as_deref().and_then(|g| c.index_of(g))
        && g != c.cursor
    {
        c.cursor = g;
        c.scroll = 0;
        if !matches!(what, Saved::Answer { .. }) {
            // An answer saved the new position with it; other changes save it now.
            effects.push(position(c));
        }
    }
    if matches!(c.popup, Some(Popup::Note(_) | Popup::Attach(_))) {
        c.popup = None;
    }
    let text = match &what {
        Saved::Answer { indicator, value } => {
            let all = c.view.detail.score.unanswered.is_empty();
            let msg = s::saved_answer(lang, indicator, &value.short(lang.en()));
            if all {
                format!("{msg} · {}", tr(lang, s::ALL_ANSWERED))
            } else {
                msg
            }
        }
        Saved::Note { indicator } => s::saved_note(lang, indicator),
        Saved::Evidence { indicator, name } => {
            s::saved_evidence(lang, indicator, &crate::i18n::inert(name, false))
        }
        Saved::Flag { indicator, flagged } => s::saved_flag(lang, indicator, *flagged),
        Saved::Undo { indicator, kind } => s::undone(lang, kind, indicator.as_deref()),
        Saved::Finalized => s::finalized(lang, &ui::result_text(lang, &c.view.detail.summary)),
    };
    app.say(StatusKind::Saved, text);
    effects
}
