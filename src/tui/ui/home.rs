//! The home screen: who is signed in, how much is not exported yet, and the assessments on
//! this device with progress, live score, category, status and last change.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::review::ReviewStatus;
use crate::i18n::{inert, num_opt};
use crate::present::tui::home::{self as s, MONTHS};
use crate::present::tui::{APP, tr};
use crate::present::words::{PROVISIONAL_MARK, provisional_tag, status_word, zone_word};
use crate::workspace::{AssessmentStatus, Summary};

use super::super::app::App;
use super::super::command::Command;
use super::super::keymap::Mode;
use super::text::{fit, pad, pad_left, para, width};
use super::{Frame, header, local, panel, scroll_offset};

/// Header text: "tilik · Rina Sari (Perwakilan Kalbar) · 🔑 7K3Q-M2XA", without the office
/// when that does not fit in `w` columns.
fn who(app: &App, w: usize) -> String {
    match &app.me {
        Some(me) => {
            let office = me
                .office
                .as_deref()
                .map(|o| format!(" ({})", inert(o, false)))
                .unwrap_or_default();
            let name = inert(&me.name, false);
            let fp = me.short_fingerprint();
            let full = format!("{} · {name}{office} · 🔑 {fp}", APP);
            if width(&full) <= w {
                full
            } else {
                format!("{} · {name} · 🔑 {fp}", APP)
            }
        }
        None => APP.to_string(),
    }
}

/// Status marks: ✓ final, ✎ edited after final, ⚠ conflicts, ◷ needs revision, ↻
/// resubmitted, ☑ approved, ✖ rejected, ✉ supervisor comments.
#[must_use]
pub fn marks(sm: &Summary) -> String {
    let mut m = String::new();
    match sm.status {
        AssessmentStatus::Final => m.push('✓'),
        AssessmentStatus::EditedAfterFinal => m.push('✎'),
        AssessmentStatus::Draft => {}
    }
    if sm.conflicts > 0 {
        m.push('⚠');
    }
    match sm.review {
        Some(ReviewStatus::NeedsRevision) => m.push('◷'),
        Some(ReviewStatus::Resubmitted) => m.push('↻'),
        Some(ReviewStatus::Approved) => m.push('☑'),
        Some(ReviewStatus::Rejected) => m.push('✖'),
        _ => {}
    }
    if sm.comments > 0 {
        m.push('✉');
    }
    m
}

/// Short "last change": the time today, the day this year, else the year.
fn when(app: &App, ms: i64) -> String {
    let (Some(z), Some(n)) = (local(app, ms), local(app, app.home.now_ms)) else {
        return "—".into();
    };
    if z.date() == n.date() {
        format!("{:02}:{:02}", z.hour(), z.minute())
    } else if z.year() == n.year() {
        format!("{} {}", z.day(), month(app, z.month()))
    } else {
        z.year().to_string()
    }
}

fn month(app: &App, m: i8) -> &'static str {
    let i = usize::try_from(m - 1).unwrap_or(0).min(11);
    tr(app.lang, MONTHS[i])
}

/// Full date and time of the last change, for the detail line.
fn when_full(app: &App, ms: i64) -> String {
    let Some(z) = local(app, ms) else {
        return "—".into();
    };
    format!(
        "{} {} {} {:02}:{:02}",
        z.day(),
        month(app, z.month()),
        z.year(),
        z.hour(),
        z.minute()
    )
}

struct Cols {
    pemda: usize,
    lokus: usize,
    inst: usize,
    done: usize,
    score: usize,
    cat: usize,
    st: usize,
    when: usize,
}

/// Column widths for a list `w` wide. On a narrow terminal the "last change" column goes
/// first, then the instrument, then pemda and lokus shrink (to 8 each); the progress,
/// score, category and status marks always stay (issue 16: ✎ must not vanish at 60
/// columns). A width of 0 is a column not shown.
fn cols(app: &App, w: usize) -> Cols {
    let cat = if app.theme.color { 4 } else { 8 };
    // Leading space, each column with the space before it, and a margin.
    // The status marks take up to four (✓ or ✎, ⚠, a review state, ✉): none is cut.
    let kept = 1 + (5 + 1) + (6 + 1) + (cat + 1) + (4 + 1) + 2;
    let full = kept + (10 + 1) + (7 + 1) + 14 + 16;
    let (inst, when) = if w >= full {
        (10, 7)
    } else if w >= full - 8 {
        (10, 0)
    } else {
        (0, 0)
    };
    let names = w
        .saturating_sub(kept + if inst > 0 { 11 } else { 0 } + if when > 0 { 8 } else { 0 })
        .max(16);
    let (pemda, lokus) = if w >= full {
        let extra = names - 30;
        (14 + extra / 3, 16 + extra - extra / 3)
    } else {
        let pemda = (names * 9 / 20).max(8);
        (pemda, names.saturating_sub(pemda).max(8))
    };
    Cols {
        pemda,
        lokus,
        inst,
        done: 5,
        score: 6,
        cat,
        st: 4,
        when,
    }
}

/// The cells of a row with their widths: a column of width 0 is left out (with its space).
fn cells(parts: Vec<(usize, Span<'static>)>) -> Vec<Span<'static>> {
    let mut v = Vec::new();
    for (i, (w, span)) in parts.into_iter().enumerate() {
        if w == 0 {
            continue;
        }
        if i > 0 {
            v.push(Span::raw(" "));
        }
        v.push(span);
    }
    v
}

fn row(app: &App, c: &Cols, sm: &Summary) -> Vec<Span<'static>> {
    let t = app.theme;
    // A provisional category is neutral (no zone colour) and marked `~`.
    let provisional = sm.provisional();
    let cat_text = match (&sm.category, sm.zone) {
        (Some(cat), Some(_)) if provisional => format!("{cat}{PROVISIONAL_MARK}"),
        (Some(cat), Some(_)) if t.color => format!("{cat} ●"),
        (Some(cat), Some(z)) => format!("{cat} {}", zone_word(app.lang, z)),
        _ => "—".to_string(),
    };
    let cat_style = match sm.zone {
        Some(_) if provisional => t.dim(),
        Some(z) => t.zone(z),
        None => Style::new(),
    };
    let score_style = if provisional { t.dim() } else { Style::new() };
    cells(vec![
        (
            c.pemda,
            Span::raw(pad(&inert(&sm.pemda_name, false), c.pemda)),
        ),
        (
            c.lokus,
            Span::raw(pad(&inert(&sm.lokus_name, false), c.lokus)),
        ),
        (c.inst, Span::raw(pad(&sm.instrument, c.inst))),
        (
            c.done,
            Span::raw(pad_left(&format!("{}/{}", sm.answered, sm.total), c.done)),
        ),
        (
            c.score,
            Span::styled(pad_left(&num_opt(sm.score, app.lang), c.score), score_style),
        ),
        (c.cat, Span::styled(pad(&cat_text, c.cat), cat_style)),
        (c.st, Span::raw(pad(&marks(sm), c.st))),
        (
            c.when,
            Span::raw(pad_left(&when(app, sm.last_change_ms), c.when)),
        ),
    ])
}

/// The home screen.
pub fn render(app: &App, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let right = if app.home.unexported == 0 {
        tr(lang, s::ALL_EXPORTED).to_string()
    } else {
        s::not_exported(lang, app.home.unexported)
    };
    let room = (f.head.width as usize).saturating_sub(width(&right) + 3);
    header(app, f.head, buf, &who(app, room), &right);

    let visible = app.home.visible(lang);
    let filter = app.home.filter.value();
    let any_provisional = app
        .home
        .list
        .iter()
        .any(|sm| sm.provisional() && sm.score.is_some());
    let title = if filter.is_empty() && any_provisional {
        format!(
            " {} ({}) · {PROVISIONAL_MARK} {} ",
            tr(lang, s::ASSESSMENTS),
            app.home.list.len(),
            lang.t("sementara", "provisional")
        )
    } else if filter.is_empty() {
        format!(" {} ({}) ", tr(lang, s::ASSESSMENTS), app.home.list.len())
    } else {
        format!(
            " {} ({}/{}) · “{}” ",
            tr(lang, s::ASSESSMENTS),
            visible.len(),
            app.home.list.len(),
            fit(&inert(filter, false), 20)
        )
    };
    let inner = panel(app, f.body, title, buf);
    let w = inner.width as usize;

    if app.home.list.is_empty() || visible.is_empty() {
        let text = if app.home.list.is_empty() {
            s::home_empty(
                lang,
                app.keymap.hint_key(Mode::Home, Command::New).as_deref(),
            )
        } else {
            s::no_match(lang, &inert(filter, false))
        };
        Paragraph::new(para(&text, w.saturating_sub(2), Style::new())).render(
            Rect::new(
                inner.x,
                inner.y + 1,
                inner.width,
                inner.height.saturating_sub(1),
            ),
            buf,
        );
        return;
    }

    let c = cols(app, w);
    let mut head = vec![Span::raw(" ")];
    head.extend(cells(vec![
        (c.pemda, Span::raw(pad(tr(lang, s::COL_PEMDA), c.pemda))),
        (c.lokus, Span::raw(pad(tr(lang, s::COL_LOKUS), c.lokus))),
        (c.inst, Span::raw(pad(tr(lang, s::COL_INSTRUMENT), c.inst))),
        (c.done, Span::raw(pad_left(tr(lang, s::COL_DONE), c.done))),
        (
            c.score,
            Span::raw(pad_left(tr(lang, s::COL_SCORE), c.score)),
        ),
        (c.cat, Span::raw(pad(tr(lang, s::COL_CATEGORY), c.cat))),
        (c.st, Span::raw(pad(tr(lang, s::COL_STATUS), c.st))),
        (
            c.when,
            Span::raw(pad_left(tr(lang, s::COL_CHANGED), c.when)),
        ),
    ]));
    buf.set_line(
        inner.x,
        inner.y,
        &Line::from(head).style(t.dim()),
        inner.width,
    );

    // Rows, then one line about the selected assessment at the bottom.
    let rows_h = inner.height.saturating_sub(3) as usize;
    let sel = app.home.selected.min(visible.len().saturating_sub(1));
    let off = scroll_offset(sel, rows_h, visible.len());
    for (k, &i) in visible.iter().enumerate().skip(off).take(rows_h) {
        let sm = &app.home.list[i];
        let y = inner.y + 1 + u16::try_from(k - off).unwrap_or(0);
        let selected = k == sel;
        let mut spans = vec![Span::raw(if selected { "▶" } else { " " })];
        spans.extend(row(app, &c, sm));
        let mut line = Line::from(spans);
        if selected {
            line = line.style(t.selected());
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected());
        }
        buf.set_line(inner.x, y, &line, inner.width);
    }
    if let Some(sm) = app.home.current(lang) {
        let mut parts = vec![
            format!(
                "{} › {}",
                inert(&sm.pemda_name, false),
                inert(&sm.lokus_name, false)
            ),
            if sm.instrument.ends_with(&sm.round.to_string()) {
                sm.instrument.clone()
            } else {
                format!("{} ({})", sm.instrument, sm.round)
            },
            status_word(lang, sm.status).to_string(),
        ];
        if sm.conflicts > 0 {
            parts.push(format!("⚠ {} {}", sm.conflicts, tr(lang, s::CONFLICTS)));
        }
        if let Some(r) = sm.review.filter(|r| *r != ReviewStatus::Received) {
            let mark = match r {
                ReviewStatus::Approved => "☑",
                _ => crate::present::review::marker(Some(r)),
            };
            parts.push(format!(
                "{mark} {}",
                crate::present::review::status_word(lang, r)
            ));
        }
        if sm.comments > 0 {
            let mut c = format!(
                "✉ {}",
                crate::present::review::comments_count(sm.comments, lang)
            );
            if sm.open_comments > 0 {
                c.push_str(&format!(
                    " ({})",
                    crate::present::review::open_count(sm.open_comments, lang)
                ));
            }
            parts.push(c);
        }
        // After the conflict and review marks, which must stay in view.
        if sm.provisional() && sm.score.is_some() {
            parts.push(format!(
                "{} {}",
                num_opt(sm.score, lang),
                provisional_tag(lang, sm.answered, sm.total)
            ));
        }
        parts.push(format!(
            "{} {}",
            tr(lang, s::CHANGED),
            when_full(app, sm.last_change_ms)
        ));
        let y = inner.bottom().saturating_sub(1);
        buf.set_string(
            inner.x + 1,
            y,
            fit(&parts.join(" · "), w.saturating_sub(2)),
            t.dim(),
        );
    }
}
