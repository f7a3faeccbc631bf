//! The report screen: the pemda ranking with a bar per pemda, a pemda's lokus with the
//! selected lokus's dimensions as bars, and a lokus's indicators with the assessors' notes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Widget, Wrap};

use crate::core::instrument::Zone;
use crate::i18n::{inert, num, num_opt};
use crate::present::tui::home::COL_PEMDA;
use crate::present::tui::tools as s;
use crate::present::tui::tr;

use super::super::app::App;
use super::super::screens::report::{Level, ReportView};
use super::text::pad;
use super::{Frame, header, scroll_offset};

fn zone_color(z: Zone) -> Color {
    match z {
        Zone::Hijau => Color::Green,
        Zone::Kuning => Color::Yellow,
        Zone::Merah => Color::Red,
        Zone::Hitam => Color::DarkGray,
    }
}

fn zone_style(app: &App, z: Option<Zone>) -> Style {
    z.map_or(Style::default(), |z| app.theme.zone(z))
}

/// The rows of a level that fit in `h` lines around the selection: `row(i, item)` gives
/// each one's text and style; the selected one is marked `▶` and reversed.
fn level_rows<T>(
    items: &[T],
    v: &ReportView,
    h: usize,
    row: impl Fn(usize, &T) -> (String, Style),
) -> Vec<Line<'static>> {
    let off = scroll_offset(v.selected, h, items.len());
    items
        .iter()
        .enumerate()
        .skip(off)
        .take(h)
        .map(|(i, x)| {
            let sel = i == v.selected;
            let (text, mut st) = row(i, x);
            if sel {
                st = st.add_modifier(Modifier::REVERSED);
            }
            Line::from(Span::styled(
                format!("{}{text}", if sel { "▶" } else { " " }),
                st,
            ))
        })
        .collect()
}

fn bordered(title: String, area: Rect, buf: &mut Buffer) -> Rect {
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// The report at its current level.
pub fn render(app: &App, v: &ReportView, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let r = &v.report;
    let round = r.round.map_or_else(String::new, |y| format!(" {y}"));
    let prov = if r.provisional {
        tr(lang, s::PROVISIONAL_TAG)
    } else {
        ""
    };
    header(
        app,
        f.head,
        buf,
        &format!("{}{round}{prov}", tr(lang, s::REPORT)),
        "",
    );
    let [top, bottom] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(f.body);
    match v.level {
        Level::Ranking => ranking(app, v, top, bottom, buf),
        Level::Pemda(p) => pemda(app, v, p, top, bottom, buf),
        Level::Lokus(p, l) => lokus(app, v, p, l, top, bottom, buf),
    }
}

fn ranking(app: &App, v: &ReportView, top: Rect, bottom: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let r = &v.report;
    let inner = bordered(tr(lang, s::RANKING).to_string(), top, buf);
    let h = inner.height.saturating_sub(1) as usize;
    let mut lines = vec![Line::from(Span::styled(
        format!(
            " {} {} {} {} {} {} {}",
            pad("#", 3),
            pad(tr(lang, COL_PEMDA), 26),
            pad(tr(lang, s::COL_SCORE), 6),
            pad(tr(lang, s::COL_CATEGORY), 3),
            pad(tr(lang, s::COL_PROVINCE), 5),
            pad(tr(lang, s::COL_LOKUS), 5),
            tr(lang, s::COL_CONFLICTS),
        ),
        Style::default().add_modifier(Modifier::BOLD),
    ))];
    if r.pemda.is_empty() {
        lines.push(Line::from(tr(lang, s::NOTHING_TO_REPORT)));
    }
    lines.extend(level_rows(&r.pemda, v, h, |i, p| {
        let text = format!(
            "{} {} {} {} {} {} {}{}",
            pad(&(i + 1).to_string(), 3),
            pad(&inert(&p.name, false), 26),
            pad(&num_opt(p.score, lang), 6),
            pad(p.category.as_ref().map_or("—", |c| c.category.as_str()), 3),
            pad(
                &p.rank_province
                    .map_or("—".into(), |x| format!("{x}/{}", p.of_province)),
                5
            ),
            pad(&format!("{}/{}", p.lokus_finalized, p.lokus_assessed), 5),
            p.conflicts,
            if p.provisional {
                tr(lang, s::PROVISIONAL)
            } else {
                ""
            }
        );
        (text, zone_style(app, p.category.as_ref().map(|c| c.zone)))
    }));
    Paragraph::new(lines).render(inner, buf);
    let bars: Vec<Bar> = r
        .pemda
        .iter()
        .filter_map(|p| {
            let s = p.score?;
            let z = p.category.as_ref().map(|c| c.zone);
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let mut b = Bar::default()
                .value((s * 100.0).round() as u64)
                .text_value(num(s, lang))
                .label(Line::from(pad(&inert(&p.name, false), 18)));
            if app.theme.color
                && let Some(z) = z
            {
                b = b.style(Style::default().fg(zone_color(z)));
            }
            Some(b)
        })
        .collect();
    bar_chart(bars, tr(lang, s::SCORE_BARS), bottom, buf);
}

fn pemda(app: &App, v: &ReportView, p: usize, top: Rect, bottom: Rect, buf: &mut Buffer) {
    let lang = app.lang;
    let Some(pd) = v.report.pemda.get(p) else {
        return;
    };
    let title = format!(
        " {} · {} {} ",
        inert(&pd.name, false),
        num_opt(pd.score, lang),
        pd.category.as_ref().map_or("—", |c| c.category.as_str())
    );
    let inner = bordered(title, top, buf);
    let lines = level_rows(&pd.lokus, v, inner.height as usize, |_, l| {
        let dims: Vec<String> = l
            .dimensions
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d.name.chars().take(3).collect::<String>(),
                    num_opt(d.score, lang)
                )
            })
            .collect();
        let text = format!(
            "{} {} {} {}{}",
            pad(&inert(&l.lokus, false), 22),
            pad(&num_opt(l.score, lang), 6),
            pad(l.category.as_ref().map_or("—", |c| c.category.as_str()), 2),
            dims.join(" "),
            if l.finalized { "" } else { tr(lang, s::DRAFT) }
        );
        (text, zone_style(app, l.category.as_ref().map(|c| c.zone)))
    });
    Paragraph::new(lines).render(inner, buf);
    if let Some(l) = pd.lokus.get(v.selected) {
        let bars: Vec<Bar> = l
            .dimensions
            .iter()
            .map(|d| {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                Bar::default()
                    .value((d.score.unwrap_or(0.0) * 100.0).round() as u64)
                    .text_value(num_opt(d.score, lang))
                    .label(Line::from(pad(&d.name, 18)))
            })
            .collect();
        let title = format!(" {} · {} ", tr(lang, s::DIMENSIONS), inert(&l.lokus, false));
        bar_chart(bars, &title, bottom, buf);
    }
}

fn lokus(
    app: &App,
    v: &ReportView,
    p: usize,
    li: usize,
    top: Rect,
    bottom: Rect,
    buf: &mut Buffer,
) {
    let lang = app.lang;
    let Some(l) = v.report.pemda.get(p).and_then(|x| x.lokus.get(li)) else {
        return;
    };
    let title = format!(
        " {} · {} {} ",
        inert(&l.lokus, false),
        num_opt(l.score, lang),
        l.category.as_ref().map_or("—", |c| c.category.as_str())
    );
    let inner = bordered(title, top, buf);
    let lines = level_rows(&l.indicators, v, inner.height as usize, |_, ind| {
        let text = format!(
            "{} {} {:>5}/{} {}{}",
            pad(&ind.indicator, 6),
            pad(&inert(&ind.text, false), 30),
            ind.answer,
            ind.max,
            if ind.gain_lokus > 0.0 {
                format!("+{}", num(ind.gain_lokus, lang))
            } else {
                String::new()
            },
            if ind.notes.is_empty() { "" } else { " ✎" }
        );
        (text, Style::default())
    });
    Paragraph::new(lines).render(inner, buf);
    let inner = bordered(tr(lang, s::ASSESSOR_NOTES).to_string(), bottom, buf);
    let notes: Vec<Line> = l
        .indicators
        .get(v.selected)
        .map(|ind| {
            let mut v = vec![Line::from(format!(
                "{} {} — {} {}/{} · {} +{}",
                ind.indicator,
                inert(&ind.text, false),
                tr(lang, s::ANSWER),
                ind.answer,
                ind.max,
                tr(lang, s::IF_FULL),
                num(ind.gain_lokus, lang)
            ))];
            v.extend(ind.notes.iter().map(|n| {
                Line::from(format!(
                    "\"{}\" — {}",
                    inert(&n.text, false),
                    inert(&n.author, false)
                ))
            }));
            v
        })
        .unwrap_or_default();
    Paragraph::new(notes)
        .wrap(Wrap { trim: false })
        .render(inner, buf);
}

fn bar_chart(bars: Vec<Bar>, title: &str, area: Rect, buf: &mut Buffer) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(title.to_string());
    let n = u16::try_from(bars.len()).unwrap_or(u16::MAX).max(1);
    let inner_h = area.height.saturating_sub(2);
    let gap = if n * 2 <= inner_h { 1 } else { 0 };
    BarChart::default()
        .block(block)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(gap)
        .max(10_000)
        .data(BarGroup::default().bars(&bars))
        .render(area, buf);
}
