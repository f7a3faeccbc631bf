//! The respondents screen (issue 15): the surveys as tabs with their quota, a table with
//! one row per respondent (code, channel or role, a cell per question; the selected cell in
//! brackets) ending with the new row, and the questions with the running share and the
//! level each gives (the figures of `tilik respondents`), the selected one's wording below.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::i18n::inert;
use crate::present::survey::{channel, derivation_short, survey_heading};
use crate::present::tui::respondents as w;
use crate::present::tui::tr;

use super::super::app::App;
use super::super::screens::respondents::Respondents;
use super::text::{fit, pad, width, with_input, wrap};
use super::{Frame, dialog, header, panel, scroll_offset};

const CODE_W: usize = 6;
const FIELD_W: usize = 11;
const CELL_W: usize = 5;

/// How many lines the selected question's wording gets.
const WORDING_LINES: usize = 2;

fn cell_text(text: &str, selected: bool) -> String {
    if selected {
        format!("[{}]", pad(text, CELL_W - 2))
    } else {
        format!(" {}", pad(text, CELL_W - 1))
    }
}

/// The screen.
pub fn render(app: &App, r: &Respondents, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let place = inert(&r.place, false);
    let (n, target) = r.quota();
    header(
        app,
        f.head,
        buf,
        &format!("{} · {place}", tr(lang, w::TITLE)),
        &format!(
            "{} · {n}/{target} {}",
            r.instrument,
            tr(lang, w::TITLE).to_lowercase()
        ),
    );
    let Some(s) = r.current() else {
        return;
    };
    let nq = s.questions.len();
    let q_h = u16::try_from(nq + WORDING_LINES + 3).unwrap_or(10);
    let [tabs, table, questions] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(q_h),
    ])
    .areas(f.body);

    // Tabs: every survey with its quota.
    let mut spans = vec![Span::raw(" ")];
    for (i, sd) in r.view.surveys.iter().enumerate() {
        let text = format!(
            " {} {}/{} ",
            sd.survey.id,
            sd.respondents.len(),
            sd.survey.target
        );
        let text = if i == r.survey {
            format!("[{}]", text.trim())
        } else {
            text
        };
        spans.push(Span::styled(
            text,
            if i == r.survey { t.selected() } else { t.dim() },
        ));
        spans.push(Span::raw(" "));
    }
    Line::from(spans).render(tabs, buf);

    // The table.
    let title = fit(
        &survey_heading(s, n, lang),
        (table.width as usize).saturating_sub(4),
    );
    let inner = panel(app, table, format!(" {title} "), buf);
    let iw = inner.width as usize;
    let field_head = if s.roles.is_empty() {
        tr(lang, w::CHANNEL)
    } else {
        tr(lang, w::ROLE)
    };
    let mut head = format!(
        "  {}{}",
        pad(tr(lang, w::CODE), CODE_W),
        pad(field_head, FIELD_W)
    );
    for i in 0..nq {
        head.push_str(&format!(" {}", pad(&(i + 1).to_string(), CELL_W - 1)));
    }
    buf.set_line(
        inner.x,
        inner.y,
        &Line::from(Span::styled(fit(&head, iw), t.dim())),
        inner.width,
    );
    let rows = r.rows();
    let total = rows.len() + 1;
    let h = inner.height.saturating_sub(1) as usize;
    let off = scroll_offset(r.row, h, total);
    for k in off..total.min(off + h) {
        let y = inner.y + 1 + u16::try_from(k - off).unwrap_or(0);
        let selected = k == r.row;
        let (code, field, answers, marks) = match rows.get(k) {
            Some(x) => {
                let f = x.fields();
                let field = match (f.and_then(|f| f.role.clone()), f.and_then(|f| f.channel)) {
                    (Some(role), _) => role,
                    (None, Some(c)) => channel(c, lang).to_string(),
                    (None, None) => "—".to_string(),
                };
                let answers: Vec<String> = s
                    .questions
                    .iter()
                    .map(|q| w::cell(x.answers.get(&q.id).and_then(|a| a.value()), lang))
                    .collect();
                let mut marks = String::new();
                if !x.proof.is_empty() {
                    marks.push('📎');
                }
                if !x.conflicts().is_empty() {
                    marks.push('⚠');
                }
                (x.code.clone(), field, answers, marks)
            }
            None => {
                let field = match (&r.draft.role, r.draft.channel) {
                    (Some(role), _) => role.clone(),
                    (None, Some(c)) => channel(c, lang).to_string(),
                    (None, None) => "—".to_string(),
                };
                let marks = if r.draft.proof.is_empty() {
                    format!("({})", tr(lang, w::NEW_ROW))
                } else {
                    format!("📎 ({})", tr(lang, w::NEW_ROW))
                };
                (
                    r.suggested_code(),
                    field,
                    vec![w::cell(None, lang); nq],
                    marks,
                )
            }
        };
        let mut text = format!(
            "{}{}{}",
            if selected { "▶ " } else { "  " },
            pad(&code, CODE_W),
            pad(&fit(&field, FIELD_W - 1), FIELD_W)
        );
        for (i, a) in answers.iter().enumerate() {
            text.push_str(&cell_text(a, selected && i == r.col));
        }
        if !marks.is_empty() {
            text.push(' ');
            text.push_str(&marks);
        }
        let line = Line::raw(fit(&text, iw));
        if selected {
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected());
            buf.set_line(inner.x, y, &line.style(t.selected()), inner.width);
        } else {
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }

    // The questions with their running share, then the selected one's wording.
    let inner = panel(app, questions, format!(" {} ", tr(lang, w::QUESTIONS)), buf);
    let iw = inner.width as usize;
    let id_w = s
        .questions
        .iter()
        .map(|q| width(&q.id))
        .max()
        .unwrap_or(8)
        .min(16);
    let mut lines: Vec<Line> = Vec::new();
    for (i, q) in s.questions.iter().enumerate() {
        let figures = r.derived_for(&q.id).map_or_else(
            || tr(lang, w::NO_DERIVATION).to_string(),
            |d| {
                format!(
                    "{:<5} {}",
                    d.derivation.indicator,
                    derivation_short(d, lang)
                )
            },
        );
        let text = format!(
            "{}{} {} {figures}",
            if i == r.col { "▶" } else { " " },
            i + 1,
            pad(&q.id, id_w)
        );
        let line = Line::raw(fit(&text, iw));
        lines.push(if i == r.col {
            line.style(t.title())
        } else {
            line
        });
    }
    if let Some(q) = s.questions.get(r.col) {
        let text = format!(
            "{} {} · {}",
            r.col + 1,
            inert(q.text(lang.en()), false),
            w::answer_keys(q)
        );
        let rule = "─".repeat(iw);
        lines.push(Line::from(Span::styled(rule, t.dim())));
        for l in wrap(&text, iw.saturating_sub(1))
            .into_iter()
            .take(WORDING_LINES)
        {
            lines.push(Line::from(Span::styled(format!(" {l}"), t.dim())));
        }
    }
    Paragraph::new(lines).render(inner, buf);

    // The proof-of-service prompt.
    if let Some(input) = &r.prompt {
        let title = format!(" {} · {} ", tr(lang, w::PROOF_TITLE), r.code());
        let inner = dialog(app, f.body, (72, 7), title, buf);
        let iw = inner.width as usize;
        let mut lines: Vec<Line> = wrap(tr(lang, w::PROOF_TEXT), iw.saturating_sub(2))
            .into_iter()
            .take(inner.height.saturating_sub(2) as usize)
            .map(|l| Line::from(Span::styled(format!(" {l}"), t.dim())))
            .collect();
        lines.push(Line::raw(""));
        lines.push(with_input(
            vec![Span::raw(" ")],
            input,
            iw.saturating_sub(2),
            true,
            "",
            t,
        ));
        Paragraph::new(lines).render(inner, buf);
    }
}

/// The review screen's survey lines: respondents per survey (when any) and the visit.
#[must_use]
pub fn review_lines(app: &App, d: &crate::workspace::Detail, cols: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let t = app.theme;
    let book = &d.state.survey;
    let mut out = Vec::new();
    let mut counts: Vec<(String, usize, Option<u32>)> = Vec::new();
    for r in book.respondents.values().filter(|r| r.present()) {
        match counts.iter_mut().find(|(s, _, _)| *s == r.survey) {
            Some(c) => c.1 += 1,
            None => counts.push((r.survey.clone(), 1, None)),
        }
    }
    if !counts.is_empty() {
        out.extend(super::text::labeled(
            &format!(" {}: ", tr(lang, w::RESPONDENTS_LINE)),
            t.title(),
            &w::counts(&counts),
            ratatui::style::Style::new(),
            cols,
            3,
        ));
    }
    let visit = book.visit().map_or_else(
        || tr(lang, w::VISIT_NONE).to_string(),
        |v| crate::present::survey::visit_line(v, lang),
    );
    for l in wrap(&visit, cols.saturating_sub(2)).into_iter().take(2) {
        out.push(Line::raw(format!(" {l}")));
    }
    out
}
