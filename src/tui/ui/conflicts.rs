//! The conflicts (issues 6 and 14). The list: every open conflict grouped by pemda then
//! lokus, one row each (indicator, number of candidates, each candidate's value with its
//! scale label, the devices), the selected one's wording and candidates below. The resolve
//! view: the indicator's wording, the candidates side by side (value and what it means,
//! assessor, time, note, evidence names), and the choice with its reason.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::i18n::inert;
use crate::present::tui::checklist::NOT_APPLICABLE;
use crate::present::tui::home::no_match;
use crate::present::tui::supervisor as s;
use crate::present::tui::{APP, tr};
use crate::present::words::answer_short;
use crate::workspace::{CandidateView, SlotConflict};

use super::super::app::App;
use super::super::effect::IndicatorInfo;
use super::super::screens::conflicts::{ConflictState, Typing, View};
use super::text::{fit, labelled_input, pad, pad_left, para, width, wrap};
use super::{Frame, header, local, panel, scroll_offset};

fn when(app: &App, ms: i64) -> String {
    let Some(z) = local(app, ms) else {
        return "—".into();
    };
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        z.year(),
        z.month(),
        z.day(),
        z.hour(),
        z.minute()
    )
}

/// A candidate's value with its scale label: "2 · Cukup memenuhi", "t/a · Tidak berlaku".
fn value_words(app: &App, c: &CandidateView, info: Option<&IndicatorInfo>) -> String {
    let lang = app.lang;
    let v = answer_short(lang, c.raw);
    if c.raw == crate::core::op::AnswerValue::NotApplicable {
        return format!("{v} · {}", tr(lang, NOT_APPLICABLE));
    }
    match info.and_then(|i| i.level(c.raw)) {
        Some(l) => format!("{v} · {}", inert(&l.label, false)),
        None => v,
    }
}

fn candidate(
    app: &App,
    c: &CandidateView,
    info: Option<&IndicatorInfo>,
    chosen: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = app.theme;
    let title = format!(
        " {} · {} · {} ",
        c.n,
        inert(&c.name, false),
        when(app, c.wall_ms)
    );
    let border = if chosen { t.focus() } else { Style::new() };
    let block = Block::bordered().border_style(border).title(Span::styled(
        fit(&title, area.width as usize - 2),
        t.title(),
    ));
    let inner = block.inner(area);
    block.render(area, buf);
    let w = inner.width as usize;
    let level = info.and_then(|i| i.level(c.raw));
    let mut lines = vec![Line::from(Span::styled(
        format!(" {}", fit(&value_words(app, c, info), w.saturating_sub(1))),
        t.title(),
    ))];
    // What the level means for this indicator, when it says more than the label.
    if let Some(l) = level.filter(|l| l.meaning != l.label) {
        for x in wrap(&inert(&l.meaning, false), w.saturating_sub(3))
            .into_iter()
            .take(2)
        {
            lines.push(Line::from(Span::styled(format!("   {x}"), t.dim())));
        }
    }
    if let Some(n) = &c.note {
        for l in wrap(&format!("“{}”", inert(n, false)), w.saturating_sub(1))
            .into_iter()
            .take(3)
        {
            lines.push(Line::from(format!(" {l}")));
        }
    }
    for e in &c.evidence {
        lines.push(Line::from(format!(
            " 📎 {}",
            fit(&inert(e, false), w.saturating_sub(4))
        )));
    }
    if chosen {
        lines.push(Line::from(Span::styled(
            format!(" ✔ {}", tr(app.lang, s::CHOSEN)),
            t.ok(),
        )));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// The list or the resolve view.
pub fn render(app: &App, c: &ConflictState, f: &Frame, buf: &mut Buffer) {
    match c.view {
        View::List => render_list(app, c, f, buf),
        View::Resolve => render_resolve(app, c, f, buf),
    }
}

/// The resolve view: one conflict.
fn render_resolve(app: &App, c: &ConflictState, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let Some(cur) = c.current() else {
        header(
            app,
            f.head,
            buf,
            &format!("{} · {}", APP, tr(lang, s::CONFLICT_TITLE)),
            "",
        );
        Paragraph::new(format!(" {}", tr(lang, s::NO_CONFLICTS))).render(f.body, buf);
        return;
    };
    let visible = c.visible();
    let here = visible.iter().position(|&i| i == c.at).map_or(0, |k| k + 1);
    header(
        app,
        f.head,
        buf,
        &format!(
            "{} {}/{} · {} › {} › {}",
            tr(lang, s::CONFLICT_TITLE),
            here,
            visible.len(),
            inert(&cur.pemda_name, false),
            inert(&cur.lokus_name, false),
            cur.indicator
        ),
        "",
    );
    let w = f.body.width as usize;
    let info = c.info(cur);
    let wording = info.map_or_else(
        || cur.indicator.clone(),
        |x| inert(&format!("{} — {}", x.short, x.text), false),
    );
    let wording_lines: Vec<Line> = wrap(&wording, w.saturating_sub(2))
        .into_iter()
        .take(3)
        .map(|l| Line::from(format!(" {l}")))
        .collect();
    let wh = u16::try_from(wording_lines.len()).unwrap_or(1);
    let [top, cards, bottom] = Layout::vertical([
        Constraint::Length(wh),
        Constraint::Fill(1),
        Constraint::Length(2),
    ])
    .areas(f.body);
    Paragraph::new(wording_lines).render(top, buf);
    let n = cur.candidates.len().max(1);
    let constraints: Vec<Constraint> = (0..n)
        .map(|_| Constraint::Ratio(1, u32::try_from(n).unwrap_or(1)))
        .collect();
    let areas = Layout::horizontal(constraints).split(cards);
    for (i, cand) in cur.candidates.iter().enumerate() {
        candidate(app, cand, info, c.pick == Some(cand.n), areas[i], buf);
    }
    // The choice line.
    let mut y = bottom.y;
    let line = |label: &str, input: &tui_input::Input, focused: bool| {
        labelled_input(label, input, w.saturating_sub(width(label) + 2), focused, t)
    };
    if c.pick.is_none() && c.typing.is_some() {
        let l = line(
            tr(lang, s::VALUE_PROMPT),
            &c.value,
            c.typing == Some(Typing::Value),
        );
        buf.set_line(bottom.x, y, &l, bottom.width);
        y += 1;
    }
    if c.typing == Some(Typing::Reason) {
        let l = line(tr(lang, s::REASON_PROMPT), &c.reason, true);
        buf.set_line(bottom.x, y, &l, bottom.width);
    }
}

/// One line of the list: a pemda's header, a lokus's header, or a conflict (its index
/// into `list`).
enum Row {
    Pemda(String),
    Lokus(String),
    Conflict(usize),
}

/// The list's lines in order, grouped (the list is sorted by pemda, lokus, instrument).
fn rows(app: &App, c: &ConflictState, visible: &[usize]) -> Vec<Row> {
    let lang = app.lang;
    let mut out = Vec::new();
    let mut k = 0;
    while k < visible.len() {
        let pemda = &c.list[visible[k]].pemda_name;
        let end = visible[k..]
            .iter()
            .position(|&i| c.list[i].pemda_name != *pemda)
            .map_or(visible.len(), |n| k + n);
        let group = &visible[k..end];
        let mut lokus: Vec<&str> = group
            .iter()
            .map(|&i| c.list[i].assessment.as_str())
            .collect();
        lokus.dedup();
        out.push(Row::Pemda(s::pemda_group(
            lang,
            &name_or_dash(pemda),
            group.len(),
            lokus.len(),
        )));
        let mut j = 0;
        while j < group.len() {
            let a = &c.list[group[j]].assessment;
            let lend = group[j..]
                .iter()
                .position(|&i| c.list[i].assessment != *a)
                .map_or(group.len(), |n| j + n);
            out.push(Row::Lokus(format!(
                "{} · {}",
                name_or_dash(&c.list[group[j]].lokus_name),
                s::conflict_count(lang, lend - j)
            )));
            out.extend(group[j..lend].iter().map(|&i| Row::Conflict(i)));
            j = lend;
        }
        k = end;
    }
    out
}

fn name_or_dash(name: &str) -> String {
    if name.trim().is_empty() {
        "—".into()
    } else {
        inert(name, false)
    }
}

/// Column widths of a conflict row: id, short name, candidates, values, devices.
struct Cols {
    id: usize,
    short: usize,
    n: usize,
    values: usize,
    devices: usize,
}

impl Cols {
    fn for_width(w: usize) -> Cols {
        // "▶ " + id + " " + short + " " + n + " " + values + " " + devices
        let (id, n) = (6, 4);
        let rest = w.saturating_sub(2 + id + 1 + 1 + n + 1 + 1);
        let short = rest * 2 / 9;
        let devices = rest * 2 / 9;
        let values = rest.saturating_sub(short + devices);
        Cols {
            id,
            short,
            n,
            values,
            devices,
        }
    }

    fn line(&self, lead: &str, [id, short, n, values, devices]: [&str; 5]) -> String {
        format!(
            "{lead}{} {} {} {} {}",
            pad(id, self.id),
            pad(short, self.short),
            pad_left(n, self.n),
            pad(values, self.values),
            fit(devices, self.devices)
        )
    }
}

/// The different device names of a conflict's candidates, in candidate order.
fn devices(c: &SlotConflict) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    for x in &c.candidates {
        let name = inert(&x.name, false);
        if !v.contains(&name) {
            v.push(name);
        }
    }
    v
}

/// The list of conflicts.
fn render_list(app: &App, c: &ConflictState, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let visible = c.visible();
    let scoped = c
        .list
        .iter()
        .filter(|x| c.scope.as_ref().is_none_or(|a| *a == x.assessment))
        .count();
    let scope = c.scope.as_ref().and_then(|a| {
        c.list.iter().find(|x| x.assessment == *a).map(|x| {
            s::scope_only(
                lang,
                &format!(
                    "{} › {}",
                    name_or_dash(&x.pemda_name),
                    name_or_dash(&x.lokus_name)
                ),
            )
        })
    });
    header(
        app,
        f.head,
        buf,
        &format!("{} · {}", APP, tr(lang, s::CONFLICTS_TITLE)),
        scope.as_deref().unwrap_or(""),
    );
    let filter = inert(c.filter.value(), false);
    let title = fit(
        &s::list_title(lang, visible.len(), scoped, &fit(&filter, 20)),
        f.body.width.saturating_sub(4) as usize,
    );
    let inner = panel(app, f.body, title, buf);
    let w = inner.width as usize;
    if visible.is_empty() {
        let text = if scoped > 0 {
            no_match(lang, &filter)
        } else if c.scope.is_some() {
            tr(lang, s::NO_CONFLICTS_HERE).to_string()
        } else {
            tr(lang, s::NO_CONFLICTS).to_string()
        };
        Paragraph::new(para(&text, w.saturating_sub(2), Style::new())).render(inner, buf);
        return;
    }
    let cols = Cols::for_width(w);
    let head = format!(
        "  {} {} {} {}",
        pad(tr(lang, s::COL_INDICATOR), cols.id + 1 + cols.short),
        pad_left(tr(lang, s::COL_CANDIDATES), cols.n),
        pad(tr(lang, s::COL_VALUES), cols.values),
        fit(tr(lang, s::COL_DEVICES), cols.devices)
    );
    buf.set_string(inner.x, inner.y, fit(&head, w), t.dim());
    // The selected conflict's wording and candidates, under the rows.
    let sel = c.selected.min(visible.len() - 1);
    let detail = detail_lines(app, c, visible[sel], w);
    let detail_h = u16::try_from(detail.len()).unwrap_or(0);
    let rows_area = Rect::new(
        inner.x,
        inner.y + 1,
        inner.width,
        inner.height.saturating_sub(1 + detail_h),
    );
    let lines = rows(app, c, &visible);
    let sel_line = lines
        .iter()
        .position(|r| matches!(r, Row::Conflict(i) if *i == visible[sel]))
        .unwrap_or(0);
    let h = rows_area.height as usize;
    let off = scroll_offset(sel_line, h, lines.len());
    for (k, row) in lines.iter().enumerate().skip(off).take(h) {
        let y = rows_area.y + u16::try_from(k - off).unwrap_or(0);
        match row {
            Row::Pemda(text) => {
                buf.set_string(inner.x, y, fit(&format!(" {text}"), w), t.title());
            }
            Row::Lokus(text) => {
                buf.set_string(inner.x, y, fit(&format!("  › {text}"), w), t.title());
            }
            Row::Conflict(i) => {
                let x = &c.list[*i];
                let info = c.info(x);
                let values: Vec<String> = x
                    .candidates
                    .iter()
                    .map(|cand| value_words(app, cand, info))
                    .collect();
                let short = info.map_or(String::new(), |i| inert(&i.short, false));
                let selected = k == sel_line;
                let text = cols.line(
                    if selected { "▶ " } else { "  " },
                    [
                        &x.indicator,
                        &short,
                        &x.candidates.len().to_string(),
                        &values.join(" / "),
                        &devices(x).join(", "),
                    ],
                );
                let style = if selected { t.selected() } else { Style::new() };
                if selected {
                    buf.set_style(Rect::new(inner.x, y, inner.width, 1), style);
                }
                buf.set_string(inner.x, y, fit(&text, w), style);
            }
        }
    }
    let y = rows_area.bottom();
    Paragraph::new(detail).render(Rect::new(inner.x, y, inner.width, detail_h), buf);
}

/// The selected conflict: its wording on one line, then each candidate (number, device,
/// value and label), at most three.
fn detail_lines(app: &App, c: &ConflictState, i: usize, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let x = &c.list[i];
    let info = c.info(x);
    let wording = info.map_or_else(
        || x.indicator.clone(),
        |i| inert(&format!("{} {} — {}", x.indicator, i.short, i.text), false),
    );
    let mut out = vec![Line::from(Span::styled(
        fit(&format!(" {wording}"), w),
        t.title(),
    ))];
    let shown = 3;
    for (k, cand) in x.candidates.iter().enumerate().take(shown) {
        let mut text = s::candidate_line(
            cand.n,
            &inert(&cand.name, false),
            &value_words(app, cand, info),
        );
        if k + 1 == shown && x.candidates.len() > shown {
            text = format!("{text} (+{})", x.candidates.len() - shown);
        }
        out.push(Line::from(fit(&format!("   {text}"), w)));
    }
    out
}
