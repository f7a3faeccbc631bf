//! `tilik new`, `list`, `answer`, `note`, `flag`, `undo`, `show`, `finalize` and `log`.

use crate::core::op::{AnswerValue, Op};
use crate::i18n::{self, Lang, num, num_opt};
use crate::present::safe::terminal;
use crate::present::text::pad_chars;
use crate::present::words::{PROVISIONAL_MARK, label, log_value, provisional_legend, status_word};
use crate::workspace::{Detail, LogEntry, Summary};

/// `new` found an assessment with the same key (stderr; its id is printed as usual).
#[must_use]
pub fn reused(lang: Lang) -> &'static str {
    lang.t(
        "Penilaian dengan kunci yang sama sudah ada; id-nya dipakai lagi.",
        "An assessment with the same key exists; its id is reused.",
    )
}

/// `list` on a store without assessments.
#[must_use]
pub fn list_empty(lang: Lang) -> &'static str {
    lang.t(
        "Belum ada penilaian. Buat dengan `tilik new`.",
        "No assessments yet. Create one with `tilik new`.",
    )
}

/// One line of `list`.
#[must_use]
pub fn list_line(s: &Summary, lang: Lang) -> String {
    format!(
        "{}  {}  {} {} {:<14} {:>3}/{:<3} {:>6} {:<2} {}",
        s.id,
        s.round,
        pad_chars(&terminal(&s.pemda_name), 20),
        pad_chars(&terminal(&s.lokus_name), 26),
        terminal(&s.instrument),
        s.answered,
        s.total,
        num_opt(s.score, lang),
        terminal(&match (&s.category, s.provisional()) {
            (Some(c), true) => format!("{c}{PROVISIONAL_MARK}"),
            (Some(c), false) => c.clone(),
            (None, _) => "—".into(),
        }),
        status_word(lang, s.status)
    ) + &review_suffix(s, lang)
}

/// " · perlu revisi · 3 komentar supervisor" when the assessment has a review.
fn review_suffix(s: &Summary, lang: Lang) -> String {
    let mut out = String::new();
    if let Some(r) = s.review {
        out.push_str(" · ");
        out.push_str(crate::present::review::status_word(lang, r));
    }
    if s.comments > 0 {
        out.push_str(" · ");
        out.push_str(&crate::present::review::comments_count(s.comments, lang));
    }
    out
}

/// The line under `list` when a category in it is provisional.
#[must_use]
pub fn list_legend(list: &[Summary], lang: Lang) -> Option<&'static str> {
    list.iter()
        .any(|s| s.provisional() && s.category.is_some())
        .then(|| provisional_legend(lang))
}

/// `answer`: what was saved, with the progress and score after it.
#[must_use]
pub fn saved(indicator: &str, v: AnswerValue, d: &Detail, lang: Lang) -> String {
    format!(
        "{} {} = {} · {} {}/{} · {} {}",
        lang.t("Tersimpan:", "Saved:"),
        indicator.to_uppercase(),
        v.short(lang.en()),
        lang.t("terisi", "answered"),
        d.score.answered,
        d.score.total,
        lang.t("nilai", "score"),
        num_opt(d.score.score, lang)
    )
}

/// `note`.
#[must_use]
pub fn note_saved(lang: Lang) -> &'static str {
    lang.t("Catatan tersimpan.", "Note saved.")
}

/// `flag`: whether the indicator is flagged now.
#[must_use]
pub fn flagged(on: bool, lang: Lang) -> &'static str {
    if on {
        lang.t("Ditandai.", "Flagged.")
    } else {
        lang.t("Tanda dilepas.", "Flag removed.")
    }
}

/// `undo`: the change that was undone.
#[must_use]
pub fn undone(op: &Op, lang: Lang) -> String {
    format!(
        "{} {} {}",
        lang.t("Dibatalkan:", "Undone:"),
        op.body.kind(),
        op.body.indicator().unwrap_or("")
    )
}

/// `finalize`: the office and its final score.
#[must_use]
pub fn finalized(d: &Detail, lang: Lang) -> String {
    format!(
        "{} {} · {} {} {}",
        lang.t("Difinalkan:", "Finalized:"),
        terminal(&d.summary.lokus_name),
        num_opt(d.score.score, lang),
        terminal(d.summary.category.as_deref().unwrap_or("—")),
        d.summary.label.as_ref().map_or("", |l| label(lang, l))
    )
}

/// `show`: score, category, dimensions, what is unanswered or in conflict, then every
/// note (by its author's name) and evidence file.
#[must_use]
pub fn detail(d: &Detail, names: &dyn Fn(&str) -> String, lang: Lang) -> Vec<String> {
    let s = &d.summary;
    let mut o = vec![
        format!(
            "{} › {} · {} · {}",
            terminal(&s.pemda_name),
            terminal(&s.lokus_name),
            terminal(&s.instrument),
            s.round
        ),
        format!(
            "{}: {} {} {} · {} {}/{} · {}",
            if s.provisional() {
                lang.t("Nilai sementara", "Provisional score")
            } else {
                lang.t("Nilai", "Score")
            },
            num_opt(d.score.score, lang),
            s.category.as_deref().unwrap_or("—"),
            s.label.as_ref().map_or("", |l| label(lang, l)),
            lang.t("terisi", "answered"),
            d.score.answered,
            d.score.total,
            status_word(lang, s.status)
        ),
    ];
    for g in &d.score.dimensions {
        o.push(format!(
            "  {:<28} {:>6}  ({}%, {}/{})",
            terminal(&g.name),
            num_opt(g.score, lang),
            num(g.weight, lang),
            g.answered,
            g.total
        ));
    }
    if !d.score.unanswered.is_empty() {
        o.push(format!(
            "{} ({}): {}",
            lang.t("Belum dijawab", "Unanswered"),
            d.score.unanswered.len(),
            terminal(&d.score.unanswered.join(" · "))
        ));
    }
    let conflicts = d.state.conflicts();
    if !conflicts.is_empty() {
        o.push(format!(
            "{}: {}",
            lang.t("Konflik", "Conflicts"),
            terminal(&conflicts.join(" · "))
        ));
    }
    for p in d.instrument.indicators() {
        let Some(slot) = d.state.slots.get(&p.indicator.id) else {
            continue;
        };
        for (dev, n) in &slot.notes {
            if !n.text.is_empty() {
                o.push(format!(
                    "  {} · {}: \"{}\"",
                    terminal(&p.indicator.id),
                    i18n::inert(&names(dev), false),
                    i18n::inert(&n.text, false)
                ));
            }
        }
        for e in slot.evidence() {
            o.push(format!(
                "  {} · 📎 {} ({}, {})",
                terminal(&p.indicator.id),
                i18n::inert(&e.blob.name, false),
                i18n::bytes(e.blob.size, lang),
                &e.blob.hash[..12]
            ));
        }
    }
    o
}

/// One line of `log`: when, who, which op, old → new.
#[must_use]
pub fn log_line(e: &LogEntry, lang: Lang) -> String {
    let word = |v| log_value(lang, v);
    let change = match (e.old.as_ref().map(word), e.new.as_ref().map(word)) {
        (Some(o), Some(n)) => {
            format!("{} → {}", i18n::inert(&o, false), i18n::inert(&n, false))
        }
        (None, Some(n)) => i18n::inert(&n, false),
        (Some(o), None) => format!("{} → —", i18n::inert(&o, false)),
        (None, None) => String::new(),
    };
    format!(
        "{}  {} #{:<4} {} {:<6} {}",
        i18n::datetime(e.wall_ms),
        match &e.claim {
            // A claim is never cut: the fingerprint and the claimed name both show.
            Some(c) => crate::present::import::device_label(&e.who, Some(c), lang),
            None => pad_chars(&i18n::inert(&e.who, false), 18),
        },
        e.seq,
        pad_chars(crate::present::words::op_word(lang, e.kind), 17),
        terminal(e.indicator.as_deref().unwrap_or_default()),
        change
    )
}
