//! Review and finalize: the score and category, the score per dimension, and the lists of
//! unanswered, flagged and conflicting indicators; finalizing needs every indicator
//! answered or N/A, and says why when it cannot be done yet.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::core::instrument::Zone;
use crate::i18n::{inert, num_opt};
use crate::present::tui::checklist as s;
use crate::present::tui::{NONE, tr};
use crate::present::words::{label, status_word, zone_word};
use crate::workspace::AssessmentStatus;

use super::super::app::App;
use super::super::command::Command;
use super::super::keymap::Mode;
use super::super::screens::checklist::Checklist;
use super::super::screens::review::ReviewKind;
use super::text::{fit, labeled, wrap};
use super::{Frame, header, panel, scroll_offset};

/// The review screen of an open assessment.
pub fn render(app: &App, c: &Checklist, f: &Frame, buf: &mut Buffer) {
    let lang = app.lang;
    let t = app.theme;
    let d = &c.view.detail;
    let sm = &d.summary;
    let place = format!(
        "{} › {}",
        inert(&sm.pemda_name, false),
        inert(&sm.lokus_name, false)
    );
    header(
        app,
        f.head,
        buf,
        &format!("{} · {place}", tr(lang, s::REVIEW)),
        &format!("{} · {}/{}", sm.instrument, sm.answered, sm.total),
    );
    let inner = panel(
        app,
        f.body,
        format!(" {} · {place} ", tr(lang, s::REVIEW)),
        buf,
    );
    let w = inner.width as usize;

    // Top: score and category, status, score per dimension.
    let mut top: Vec<Line> = Vec::new();
    let mut result = vec![Span::styled(
        format!(" {}: ", tr(lang, s::SCORE)),
        t.title(),
    )];
    let provisional = sm.provisional() && sm.score.is_some();
    if provisional {
        // Neutral colour, no zone mark: a partial score must not look final.
        result.push(Span::styled(num_opt(sm.score, lang), t.dim()));
        if let (Some(cat), Some(l)) = (&sm.category, &sm.label) {
            result.push(Span::raw(" · "));
            result.push(Span::styled(
                format!("{}: {cat} {}", tr(lang, s::CATEGORY), label(lang, l)),
                t.dim(),
            ));
        }
        result.push(Span::styled(
            format!(
                " · {}",
                crate::present::words::provisional_tag(lang, sm.answered, sm.total)
            ),
            t.warn(),
        ));
    } else {
        result.push(Span::styled(num_opt(sm.score, lang), t.title()));
    }
    if let (false, Some(cat), Some(l), Some(z)) = (provisional, &sm.category, &sm.label, sm.zone) {
        let zs = t.zone(z);
        result.push(Span::raw(" · "));
        result.push(Span::styled(
            format!("{}: {cat} {}", tr(lang, s::CATEGORY), label(lang, l)),
            zs,
        ));
        result.push(Span::raw(" "));
        let mark = if t.color || z == Zone::Hitam {
            format!("● {}", zone_word(lang, z))
        } else {
            format!("[{}]", zone_word(lang, z))
        };
        result.push(Span::styled(mark, zs));
    }
    top.push(Line::from(result));
    let mut status = status_word(lang, sm.status).to_string();
    let marks = super::home::marks(sm);
    if !marks.is_empty() {
        status = format!("{marks} {status}");
    }
    top.extend(labeled(
        &format!(" {}: ", tr(lang, s::STATUS)),
        t.title(),
        &format!(
            "{status} · {}/{} · {} {}",
            sm.answered,
            sm.total,
            d.score.not_applicable,
            tr(lang, s::NA_SHORT)
        ),
        Style::new(),
        w,
        3,
    ));
    let dims: Vec<String> = d
        .score
        .dimensions
        .iter()
        .zip(&d.instrument.dimensions)
        .map(|(g, dim)| {
            let name = if lang.en() {
                dim.name_en.as_deref().unwrap_or(&dim.name)
            } else {
                &dim.name
            };
            format!("{} {}", inert(name, false), num_opt(g.score, lang))
        })
        .collect();
    top.extend(labeled(
        &format!(" {}: ", tr(lang, s::DIMENSION_SCORES)),
        t.title(),
        &dims.join(" · "),
        Style::new(),
        w,
        3,
    ));
    // Issue 14: the review state and the assessment's own thread (newest message).
    let rb = &d.state.review;
    if let Some(r) = sm.review {
        let mut text = crate::present::review::status_word(lang, r).to_string();
        if let Some(dec) = rb.current().filter(|x| !x.comment.trim().is_empty()) {
            text = format!(
                "{text} — “{}”",
                inert(&dec.comment, false).replace('\n', " / ")
            );
        }
        if let Some(m) = rb.thread(None).last() {
            text = format!(
                "{text} · ✉ “{}”",
                inert(&m.text, false).replace('\n', " / ")
            );
        }
        top.extend(labeled(
            &format!(
                " {}: ",
                tr(lang, crate::present::tui::supervisor::REVIEW_TITLE_SHORT)
            ),
            t.title(),
            &text,
            t.warn(),
            w,
            2,
        ));
    }
    // Respondents per survey and the visit (issue 15).
    top.extend(super::respondents::review_lines(app, d, w));
    top.push(Line::raw(""));

    // Bottom: whether finalizing is possible.
    let left = d.score.unanswered.len();
    let fin_key = app
        .keymap
        .hint_key(Mode::Review, Command::Finalize)
        .unwrap_or_default();
    let mut bottom: Vec<Line> = Vec::new();
    let (text, style) = if left > 0 {
        (s::finalize_blocked(lang, left), t.warn())
    } else if sm.status == AssessmentStatus::Final {
        (tr(lang, s::FINAL_DONE).to_string(), t.ok())
    } else if sm.status == AssessmentStatus::EditedAfterFinal {
        (
            format!(
                "{}\n{}",
                tr(lang, s::FINAL_EDITED),
                s::finalize_key(lang, &fin_key)
            ),
            t.warn(),
        )
    } else {
        (
            format!(
                "{}\n{}",
                tr(lang, s::FINALIZE_READY),
                s::finalize_key(lang, &fin_key)
            ),
            t.ok(),
        )
    };
    for l in wrap(&text, w.saturating_sub(2)) {
        bottom.push(Line::from(Span::styled(format!(" {l}"), style)));
    }

    // Middle: the lists.
    let items = c.review_items();
    let mut list: Vec<(Line, Option<usize>)> = Vec::new();
    for kind in [
        ReviewKind::Commented,
        ReviewKind::Flagged,
        ReviewKind::Conflict,
        ReviewKind::Unanswered,
    ] {
        let of_kind: Vec<(usize, usize)> = items
            .iter()
            .enumerate()
            .filter(|(_, (k, _))| *k == kind)
            .map(|(n, (_, i))| (n, *i))
            .collect();
        if matches!(kind, ReviewKind::Conflict | ReviewKind::Commented) && of_kind.is_empty() {
            continue;
        }
        let title = match kind {
            ReviewKind::Unanswered => tr(lang, s::UNANSWERED).to_string(),
            ReviewKind::Flagged => tr(lang, s::FLAGGED).to_string(),
            ReviewKind::Conflict => tr(lang, s::CONFLICT).to_string(),
            ReviewKind::Commented => {
                crate::present::review::comments_count(rb.supervisor_comments(), lang)
            }
        };
        let head = if kind == ReviewKind::Commented {
            format!(" ✉ {title}:")
        } else if of_kind.is_empty() {
            format!(" {title} (0): {}", tr(lang, NONE))
        } else {
            format!(" {title} ({}):", of_kind.len())
        };
        list.push((Line::from(Span::styled(head, t.title())), None));
        for (n, i) in of_kind {
            let id = &c.order[i];
            let short = c
                .instrument()
                .indicator(id)
                .map(|p| inert(&p.indicator.short, false))
                .unwrap_or_default();
            let mut text = format!("{id} {short}");
            if kind == ReviewKind::Commented {
                if let Some(m) = rb.thread(Some(id)).last() {
                    let first = m.text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
                    text = format!("{text} — “{}”", inert(first.trim(), false));
                }
            } else if kind != ReviewKind::Unanswered
                && let Some(me) = &app.me
            {
                let note = c.my_note(id, Some(me));
                if let Some(first) = note.lines().find(|l| !l.trim().is_empty()) {
                    text = format!("{text} — “{}”", inert(first.trim(), false));
                }
            }
            list.push((
                Line::raw(format!("   {}", fit(&text, w.saturating_sub(4)))),
                Some(n),
            ));
        }
    }

    let top_h = u16::try_from(top.len()).unwrap_or(0);
    let bottom_h = u16::try_from(bottom.len()).unwrap_or(0);
    let mid_h = inner.height.saturating_sub(top_h + bottom_h + 1);
    Paragraph::new(top).render(
        Rect::new(inner.x, inner.y, inner.width, top_h.min(inner.height)),
        buf,
    );
    let sel = c.review.unwrap_or(0);
    let sel_row = list.iter().position(|(_, n)| *n == Some(sel)).unwrap_or(0);
    let off = scroll_offset(sel_row, mid_h as usize, list.len());
    let y0 = inner.y + top_h;
    for (k, (line, n)) in list.into_iter().enumerate().skip(off).take(mid_h as usize) {
        let y = y0 + u16::try_from(k - off).unwrap_or(0);
        if n == Some(sel) {
            let mut l = line;
            if let Some(first) = l.spans.first_mut() {
                let text = first.content.to_string();
                first.content = format!(" ▶{}", text.get(2..).unwrap_or("")).into();
            }
            buf.set_style(Rect::new(inner.x, y, inner.width, 1), t.selected());
            buf.set_line(inner.x, y, &l.style(t.selected()), inner.width);
        } else {
            buf.set_line(inner.x, y, &line, inner.width);
        }
    }
    let by = inner.bottom().saturating_sub(bottom_h);
    if by > y0 {
        Paragraph::new(bottom).render(Rect::new(inner.x, by, inner.width, bottom_h), buf);
    }
}
