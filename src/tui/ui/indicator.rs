//! The right panel of the checklist: the indicator's wording, method, each level of its
//! scale with its meaning (the chosen one marked), and what to check; pinned below, the
//! answer (or the conflict's candidates), the notes, the evidence and the flag.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use crate::core::op::AnswerValue;
use crate::i18n::inert;
use crate::present::tui::checklist as s;
use crate::present::tui::tr;
use crate::present::words::answer_short;

use super::super::app::App;
use super::super::command::Command;
use super::super::keymap::Mode;
use super::super::screens::checklist::Checklist;
use super::text::{fit, labeled, width, wrap, wrap_first};

/// The indicator's wording, method, scale with each level's meaning, and guidance.
pub(super) fn text_lines(app: &App, c: &Checklist, w: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let t = app.theme;
    let Some(pos) = c.current() else {
        return Vec::new();
    };
    let ind = pos.indicator;
    let mut out: Vec<Line> = Vec::new();
    let wording = if lang.en() {
        ind.text_en.as_deref().unwrap_or(&ind.text)
    } else {
        &ind.text
    };
    for l in wrap(&inert(wording, true), w) {
        out.push(Line::from(Span::styled(l, t.title())));
    }
    out.push(Line::raw(""));
    let mut method = ind.method.label(lang.en()).to_string();
    if let Some(r) = &ind.respondent {
        method = format!(
            "{method} · {}: {}",
            tr(lang, s::RESPONDENT),
            inert(r, false)
        );
    }
    out.extend(labeled(
        &format!("{}: ", tr(lang, s::METHOD)),
        t.title(),
        &method,
        Style::new(),
        w,
        2,
    ));
    out.push(Line::raw(""));
    let value = c.value(&ind.id);
    if let Some(sc) = c.scale_of(&pos) {
        for lvl in &sc.levels {
            let meaning = if lang.en() && ind.levels.is_empty() {
                lvl.label_en.as_deref().unwrap_or(&lvl.label)
            } else {
                ind.level_meaning(sc, lvl.value).unwrap_or(&lvl.label)
            };
            let chosen = value == Some(AnswerValue::Score(lvl.value));
            out.extend(level_line(
                app,
                &lvl.key_char().to_string(),
                meaning,
                chosen,
                w,
            ));
        }
    }
    if ind.allow_na {
        let key = app
            .keymap
            .hint_key(Mode::Checklist, Command::NotApplicable)
            .unwrap_or_default();
        let chosen = value == Some(AnswerValue::NotApplicable);
        out.extend(level_line(
            app,
            &key,
            tr(lang, s::NOT_APPLICABLE),
            chosen,
            w,
        ));
    }
    out.push(Line::raw(""));
    out.extend(labeled(
        &format!("{}: ", tr(lang, s::CHECK)),
        t.title(),
        &inert(&ind.guidance, true),
        Style::new(),
        w,
        0,
    ));
    out
}

/// "▶2 Menyebutkan 5 sampai 13 komponen", the chosen level marked and highlighted.
fn level_line(app: &App, key: &str, meaning: &str, chosen: bool, w: usize) -> Vec<Line<'static>> {
    let t = app.theme;
    let kw = width(key) + 2;
    let parts = wrap_first(
        &inert(meaning, false),
        w.saturating_sub(kw),
        w.saturating_sub(kw),
    );
    let style = if chosen { t.selected() } else { Style::new() };
    parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let lead = if i == 0 {
                vec![
                    Span::styled(if chosen { "▶" } else { " " }, style),
                    Span::styled(key.to_string(), t.key().patch(style)),
                    Span::styled(" ", style),
                ]
            } else {
                vec![Span::styled(" ".repeat(kw), style)]
            };
            let mut spans = lead;
            spans.push(Span::styled(p, style));
            Line::from(spans)
        })
        .collect()
}

/// The answer, notes, evidence and flag of the current indicator.
pub(super) fn answer_lines(app: &App, c: &Checklist, w: usize) -> Vec<Line<'static>> {
    let lang = app.lang;
    let t = app.theme;
    let Some(pos) = c.current() else {
        return Vec::new();
    };
    let ind = &pos.indicator.id;
    let slot = c.slot(ind);
    let label = |x: &str| format!("{x}: ");
    let mut out = Vec::new();
    let describe = |v: AnswerValue| -> String {
        match v {
            AnswerValue::Score(n) => {
                let meaning = c
                    .scale_of(&pos)
                    .and_then(|sc| {
                        if lang.en() && pos.indicator.levels.is_empty() {
                            sc.level(n)
                                .map(|l| l.label_en.as_deref().unwrap_or(&l.label))
                        } else {
                            pos.indicator.level_meaning(sc, n)
                        }
                    })
                    .unwrap_or("");
                format!("{n} · {}", inert(meaning, false))
            }
            AnswerValue::NotApplicable => format!(
                "{} · {}",
                tr(lang, s::NA_SHORT),
                tr(lang, s::NOT_APPLICABLE)
            ),
            AnswerValue::Cleared => "—".into(),
        }
    };
    match slot {
        Some(sl) if sl.in_conflict() => {
            let cands: Vec<String> = sl
                .heads
                .iter()
                .map(|h| {
                    format!(
                        "{} ({})",
                        answer_short(lang, h.value),
                        inert(&c.name_of(&h.op.device), false)
                    )
                })
                .collect();
            out.extend(labeled(
                &format!("⚠ {}", label(tr(lang, s::CONFLICT))),
                t.warn(),
                &cands.join(" · "),
                Style::new(),
                w,
                2,
            ));
        }
        _ => {
            let v = c.value(ind).map_or_else(|| "—".to_string(), describe);
            let mut lines = labeled(&label(tr(lang, s::ANSWER)), t.title(), &v, t.title(), w, 2);
            // The level's full wording is in the scale above (marked ▶): two lines here
            // leave room for the notes and the supervisor's comments below.
            if lines.len() > 2 {
                lines.truncate(2);
                if let Some(l) = lines.last_mut() {
                    l.spans.push(Span::raw(" …"));
                }
            }
            out.extend(lines);
        }
    }
    // Notes: this device's first, then the others' with their names.
    let mut notes: Vec<(String, String)> = Vec::new();
    if let Some(sl) = slot {
        let me = app.me.as_ref().map(|m| m.device.as_str());
        let mut entries: Vec<(&String, &crate::core::assessment::NoteEntry)> = sl
            .notes
            .iter()
            .filter(|(_, n)| !n.text.trim().is_empty())
            .collect();
        entries.sort_by_key(|(d, _)| Some(d.as_str()) != me);
        for (dev, n) in entries {
            let who = if Some(dev.as_str()) == me {
                label(tr(lang, s::NOTE))
            } else {
                format!(
                    "{} ({}): ",
                    tr(lang, s::NOTE),
                    inert(&c.name_of(dev), false)
                )
            };
            notes.push((who, inert(&n.text, true)));
        }
    }
    if notes.is_empty() {
        notes.push((label(tr(lang, s::NOTE)), "—".into()));
    }
    for (who, text) in notes {
        let mut lines = labeled(&format!("✎ {who}"), t.title(), &text, Style::new(), w, 2);
        if lines.len() > 3 {
            lines.truncate(3);
            if let Some(l) = lines.last_mut() {
                l.spans.push(Span::raw(" …"));
            }
        }
        out.extend(lines);
    }
    let ev: Vec<String> = slot
        .map(|sl| {
            sl.evidence()
                .iter()
                .map(|e| {
                    format!(
                        "{} ({})",
                        inert(&e.blob.name, false),
                        crate::i18n::bytes(e.blob.size, lang)
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let ev_text = if ev.is_empty() {
        "—".to_string()
    } else {
        ev.join(" · ")
    };
    let mut lines = labeled(
        &format!("📎 {}", label(tr(lang, s::EVIDENCE))),
        t.title(),
        &ev_text,
        Style::new(),
        w,
        2,
    );
    lines.truncate(2);
    out.extend(lines);
    if let Some(sl) = slot.filter(|s| s.flagged()) {
        let who: Vec<String> = sl
            .flags
            .iter()
            .filter(|(_, f)| f.flagged)
            .map(|(d, f)| {
                let r = f
                    .reason
                    .as_deref()
                    .map(|r| format!(": {}", inert(r, false)))
                    .unwrap_or_default();
                format!("{}{r}", inert(&c.name_of(d), false))
            })
            .collect();
        out.push(Line::from(Span::styled(
            fit(
                &format!("! {} ({})", tr(lang, s::FLAGGED), who.join(", ")),
                w,
            ),
            t.warn(),
        )));
    }
    // Issue 14: the review thread of this indicator (supervisor comments, replies), in
    // order, each with who and when; the last three when there are more; then the key
    // that replies.
    let thread = c.view.detail.state.review.thread(Some(ind));
    let skip = thread.len().saturating_sub(3);
    let any = !thread.is_empty();
    for m in thread.into_iter().skip(skip) {
        let role = crate::present::review::role_word(m.kind, lang);
        let who = format!(
            "✉ {} ({role}) · {}",
            inert(&c.name_of(&m.op.device), false),
            crate::i18n::short_datetime(m.wall_ms, lang)
        );
        out.push(Line::from(Span::styled(fit(&who, w), t.warn())));
        let mut lines: Vec<Line<'static>> = inert(&m.text, true)
            .lines()
            .flat_map(|l| crate::present::text::wrap(l, w.saturating_sub(2)))
            .map(|l| Line::raw(format!("  {l}")))
            .collect();
        if lines.len() > 3 {
            lines.truncate(3);
            if let Some(l) = lines.last_mut() {
                l.spans.push(Span::raw(" …"));
            }
        }
        out.extend(lines);
    }
    if any
        && let Some(k) = app.keymap.hint_key(
            super::super::keymap::Mode::Checklist,
            super::super::command::Command::Reply,
        )
    {
        out.push(Line::from(Span::styled(
            fit(
                &format!("{k} {}", super::super::command::Command::Reply.label(lang)),
                w,
            ),
            t.dim(),
        )));
    }
    out
}
