//! The conflict view (issue 6): the indicator's wording, the candidates side by side
//! (value, assessor, time, note, evidence names), and the choice with its reason.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::i18n::inert;
use crate::present::tui::supervisor as s;
use crate::present::tui::{APP, tr};
use crate::present::words::answer_short;
use crate::workspace::CandidateView;

use super::super::app::App;
use super::super::screens::conflicts::{ConflictState, Typing};
use super::text::{fit, labelled_input, width, wrap};
use super::{Frame, header, local};

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

fn candidate(app: &App, c: &CandidateView, chosen: bool, area: Rect, buf: &mut Buffer) {
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
    let mut lines = vec![Line::from(Span::styled(
        format!(
            " {}",
            fit(&answer_short(app.lang, c.raw), w.saturating_sub(1))
        ),
        t.title(),
    ))];
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

/// The conflict view.
pub fn render(app: &App, c: &ConflictState, f: &Frame, buf: &mut Buffer) {
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
    header(
        app,
        f.head,
        buf,
        &format!(
            "{} {}/{} · {} › {} › {}",
            tr(lang, s::CONFLICT_TITLE),
            c.at + 1,
            c.list.len(),
            inert(&cur.pemda_name, false),
            inert(&cur.lokus_name, false),
            cur.indicator
        ),
        "",
    );
    let w = f.body.width as usize;
    let wording = c
        .wording
        .get(&(cur.assessment.clone(), cur.indicator.clone()))
        .map_or_else(|| cur.indicator.clone(), |x| inert(x, false));
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
        candidate(app, cand, c.pick == Some(cand.n), areas[i], buf);
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
