//! The report card ("rapor") of a pemda, or of one of its assessments, in Markdown: a
//! document for the office (issue 14, point 6). Under the instrument's own title it opens
//! with the pemda's score, category and rank (the figures and provisional marks of
//! `tilik report`), then per lokus the dimension scores, the weakest indicators with the
//! points each would add, and the supervisor's final notes. It never names an assessor
//! and never shows a superseded candidate value.

use std::fmt::Write as _;

use super::{header_lines, md_escape, rank_of};
use crate::core::rapor::{FinalReview, LokusCard};
use crate::core::report::{LokusResult, PemdaResult};
use crate::core::review::ReviewStatus;
use crate::i18n::{self, Lang, num, num_opt};
use crate::present::words::zone_word;
use crate::workspace::{InstrumentTitle, Rapor};

/// The rapor as Markdown; pemda rounds (newest first) are separated by a rule.
#[must_use]
pub fn rapor(r: &Rapor, lang: Lang) -> String {
    let mut o = String::new();
    for p in &r.report.pemda {
        let lokus: Vec<(&LokusResult, &LokusCard)> = p
            .lokus
            .iter()
            .filter_map(|l| r.cards.get(&l.assessment).map(|c| (l, c)))
            .collect();
        if lokus.is_empty() {
            continue;
        }
        if !o.is_empty() {
            o.push_str("\n---\n\n");
        }
        let inst = lokus
            .first()
            .and_then(|(l, _)| r.instruments.get(&l.instrument_hash));
        let first = o.is_empty();
        pemda_head(&mut o, r, p, inst, first, lang);
        for (l, c) in lokus {
            lokus_section(&mut o, l, c, lang);
        }
        if let Some(i) = inst {
            let _ = writeln!(
                o,
                "\n{} {} v{} (`{}`)",
                lang.t("Dinilai dengan instrumen", "Scored with instrument"),
                md_escape(&i.id),
                md_escape(&i.version),
                md_escape(&i.hash)
            );
        }
    }
    o
}

/// The instrument's own title in the language, with the round when the title lacks it.
fn instrument_title(i: Option<&InstrumentTitle>, round: u16, lang: Lang) -> String {
    let t = i.map_or_else(
        || lang.t("Penilaian", "Assessment").to_string(),
        |i| {
            if lang.en() {
                i.title_en.clone().unwrap_or_else(|| i.title.clone())
            } else {
                i.title.clone()
            }
        },
    );
    let y = round.to_string();
    if t.contains(&y) {
        md_escape(&t)
    } else {
        format!("{} {y}", md_escape(&t))
    }
}

fn category_text(c: Option<&crate::core::report::Category>, lang: Lang) -> String {
    c.map_or_else(
        || "—".to_string(),
        |c| {
            format!(
                "{} {} ({} {})",
                c.category,
                md_escape(if lang.en() { &c.label_en } else { &c.label }),
                lang.t("zona", "zone"),
                zone_word(lang, c.zone)
            )
        },
    )
}

fn pemda_head(
    o: &mut String,
    r: &Rapor,
    p: &PemdaResult,
    inst: Option<&InstrumentTitle>,
    first: bool,
    lang: Lang,
) {
    let _ = writeln!(
        o,
        "# {} {} — {}\n",
        lang.t("Rapor", "Report card:"),
        md_escape(&p.name),
        instrument_title(inst, p.round, lang)
    );
    let _ = writeln!(
        o,
        "Pemda: {} · {}: {} · {}: {} · {}\n",
        md_escape(&p.name),
        lang.t("Tahun", "Round"),
        p.round,
        lang.t("Instrumen", "Instrument"),
        md_escape(&p.instrument),
        i18n::date(r.report.generated_ms, lang)
    );
    // The whole pemda's rapor carries the report's header (SEMENTARA, who is not
    // approved; over every round shown, so once, under the first title); one
    // assessment's rapor says it for its lokus below.
    if r.only.is_none() && first {
        for line in header_lines(&r.report, lang, &md_escape) {
            let _ = writeln!(o, "> **{line}**\n");
        }
    }
    let sementara = p.provisional || p.not_approved > 0;
    let _ = writeln!(
        o,
        "**{}: {} — {}**{}\n",
        lang.t("Nilai pemda", "Pemda score"),
        num_opt(p.score, lang),
        category_text(p.category.as_ref(), lang),
        if sementara {
            lang.t(" · sementara", " · provisional")
        } else {
            ""
        }
    );
    let rank = rank_of(p.rank_instrument, p.of_instrument, p.provisional);
    let _ = writeln!(
        o,
        "{}",
        if lang.en() {
            format!(
                "Rank {rank} among the pemda assessed with {} in {} · {} lokus assessed, {} final, {} not approved, {} conflict(s)",
                md_escape(&p.instrument),
                p.round,
                p.lokus_assessed,
                p.lokus_finalized,
                p.not_approved,
                p.conflicts
            )
        } else {
            format!(
                "Peringkat {rank} di antara pemda yang dinilai dengan {} tahun {} · {} lokus dinilai, {} final, {} belum disetujui, {} konflik",
                md_escape(&p.instrument),
                p.round,
                p.lokus_assessed,
                p.lokus_finalized,
                p.not_approved,
                p.conflicts
            )
        }
    );
}

fn lokus_section(o: &mut String, l: &LokusResult, c: &LokusCard, lang: Lang) {
    let _ = writeln!(
        o,
        "\n## {} — {} {}\n",
        md_escape(&l.lokus),
        num_opt(l.score, lang),
        category_text(l.category.as_ref(), lang)
    );
    if let Some(line) = provisional(l, lang) {
        let _ = writeln!(o, "> **{line}**\n");
    }
    if let Some(f) = &c.fieldwork {
        let mut parts = vec![
            format!("{} {}", f.users, lang.t("responden", "respondents")),
            format!(
                "{} {}",
                f.officials,
                lang.t("pejabat diwawancarai", "officials interviewed")
            ),
        ];
        if let Some(v) = &f.visit {
            parts.push(format!(
                "{} {}",
                lang.t("kunjungan tanggal", "visited on"),
                md_escape(v)
            ));
        }
        let _ = writeln!(o, "{}\n", parts.join(", "));
    }
    let _ = writeln!(
        o,
        "| {} | {} | {} |",
        lang.t("Dimensi", "Dimension"),
        lang.t("Bobot", "Weight"),
        lang.t("Nilai", "Score")
    );
    let _ = writeln!(o, "|---|---:|---:|");
    for g in &l.dimensions {
        let _ = writeln!(
            o,
            "| {} | {}% | {} |",
            md_escape(&g.name),
            num(g.weight, lang),
            num_opt(g.score, lang)
        );
    }
    let _ = writeln!(
        o,
        "\n### {}\n",
        lang.t("Indikator terlemah", "Weakest indicators")
    );
    if c.weakest.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            if c.conflicts.is_empty() {
                lang.t(
                    "Tidak ada: semua indikator yang dijawab bernilai penuh.",
                    "None: every answered indicator has full marks.",
                )
            } else {
                lang.t(
                    "Tidak ada di luar indikator yang masih berkonflik (lihat catatan supervisor).",
                    "None besides the indicators still in conflict (see the supervisor's notes).",
                )
            }
        );
    } else {
        let _ = writeln!(
            o,
            "{}\n",
            lang.t(
                "Poin yang ditambahkan ke nilai lokus bila indikator dinaikkan ke tingkat tertinggi:",
                "Points added to the lokus score if the indicator is raised to its top level:"
            )
        );
        for w in &c.weakest {
            let _ = writeln!(
                o,
                "- **{}** {}: {}/{} → **+{} {}**; {} \"{}\"{}",
                md_escape(&w.gain.indicator),
                md_escape(&w.text),
                w.gain.value,
                w.gain.max,
                num(w.gain.points, lang),
                lang.t("poin", "points"),
                lang.t("penuhi", "meet"),
                md_escape(&w.meet),
                w.note
                    .as_ref()
                    .map_or_else(String::new, |n| format!(" — \"{}\"", md_escape(n)))
            );
        }
    }
    supervisor_notes(o, c, lang);
}

/// The lokus's own provisional line: not final or in conflict (its score may change),
/// else not approved by a supervisor (and its state).
fn provisional(l: &LokusResult, lang: Lang) -> Option<String> {
    if l.provisional {
        return Some(
            lang.t(
                "SEMENTARA: penilaian belum final atau masih ada konflik.",
                "PROVISIONAL: the assessment is not final or has conflicts.",
            )
            .to_string(),
        );
    }
    if l.review == Some(ReviewStatus::Approved) {
        return None;
    }
    let state = l.review.map_or_else(
        || lang.t("belum ditinjau", "not reviewed"),
        |s| crate::present::review::status_word(lang, s),
    );
    Some(if lang.en() {
        format!("PROVISIONAL: the assessment is not approved by a supervisor ({state}).")
    } else {
        format!("SEMENTARA: penilaian belum disetujui supervisor ({state}).")
    })
}

fn supervisor_notes(o: &mut String, c: &LokusCard, lang: Lang) {
    if c.resolutions.is_empty() && c.review.is_none() && c.conflicts.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\n### {}\n",
        lang.t("Catatan supervisor", "Supervisor's notes")
    );
    for r in &c.resolutions {
        let _ = writeln!(
            o,
            "- **{}** {}: {} {}/{} — \"{}\"",
            md_escape(&r.indicator),
            md_escape(&r.short),
            lang.t("konflik diselesaikan menjadi", "conflict resolved as"),
            r.value.short(lang.en()),
            r.max,
            md_escape(&r.reason)
        );
    }
    if !c.conflicts.is_empty() {
        let _ = writeln!(
            o,
            "- {}: {}",
            lang.t(
                "Konflik belum diselesaikan (nilainya sementara)",
                "Unresolved conflicts (their values are provisional)"
            ),
            c.conflicts
                .iter()
                .map(|i| md_escape(i))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    if let Some(f) = &c.review {
        let _ = writeln!(o, "- {}", final_review(f, lang));
    }
}

fn final_review(f: &FinalReview, lang: Lang) -> String {
    let state = f.status.map_or_else(
        || lang.t("belum ditinjau", "not reviewed"),
        |s| crate::present::review::status_word(lang, s),
    );
    let mut s = format!("{} ({state})", lang.t("Tinjauan", "Review"));
    if let Some(c) = &f.comment {
        let _ = write!(s, ": \"{}\"", md_escape(c));
    }
    if let Some(r) = &f.forced {
        let _ = write!(
            s,
            "; {} \"{}\"",
            lang.t("disetujui dengan alasan", "approved with the reason"),
            md_escape(r)
        );
    }
    s
}
