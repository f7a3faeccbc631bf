//! The report as a Markdown document (for email and the office wiki).

use std::fmt::Write as _;

use super::{header_lines, md_escape, rank_of, signed, title};
use crate::core::report::Report;
use crate::i18n::{Lang, num, num_opt};
use crate::present::words::zone_word;

/// Markdown document.
#[must_use]
pub fn markdown(r: &Report, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", title(r, lang));
    for p in header_lines(r, lang, &md_escape) {
        let _ = writeln!(o, "> **{p}**\n");
    }
    let cmp = r
        .pemda
        .iter()
        .find_map(|p| p.compare.as_ref().map(|c| c.round));
    let _ = writeln!(
        o,
        "| {} | Pemda | {} | {} | {} | {} | {} | {} | {} | {} |{}",
        lang.t("Tahun", "Year"),
        lang.t("Nilai", "Score"),
        lang.t("Kategori", "Category"),
        lang.t("Zona", "Zone"),
        lang.t("Peringkat provinsi", "Province rank"),
        lang.t("Peringkat jenis", "Rank by kind"),
        lang.t("Lokus final/dinilai", "Lokus final/assessed"),
        lang.t("Konflik", "Conflicts"),
        lang.t("Status", "Status"),
        cmp.map_or_else(String::new, |y| format!(" Δ{y} |"))
    );
    let _ = writeln!(
        o,
        "|---|---|---:|---|---|---:|---:|---:|---:|---|{}",
        if cmp.is_some() { "---:|" } else { "" }
    );
    for p in &r.pemda {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} | {} | {} | {}/{} | {} | {} |{}",
            p.round,
            md_escape(&p.name),
            num_opt(p.score, lang),
            p.category.as_ref().map_or_else(
                || "—".into(),
                |c| format!(
                    "{} {}",
                    c.category,
                    if lang.en() { &c.label_en } else { &c.label }
                )
            ),
            p.category.as_ref().map_or("—", |c| zone_word(lang, c.zone)),
            rank_of(p.rank_province, p.of_province, p.provisional),
            rank_of(p.rank_kind, p.of_kind, p.provisional),
            p.lokus_finalized,
            p.lokus_assessed,
            p.conflicts,
            if p.provisional {
                lang.t("sementara", "provisional")
            } else {
                "final"
            },
            cmp.map_or_else(String::new, |_| format!(
                " {} |",
                p.compare
                    .as_ref()
                    .map_or_else(|| "—".into(), |c| signed(c.change, lang))
            ))
        );
    }
    for p in &r.pemda {
        let _ = writeln!(
            o,
            "\n## {} {} — {}\n",
            md_escape(&p.name),
            p.round,
            num_opt(p.score, lang)
        );
        let dims: Vec<String> = p
            .lokus
            .first()
            .map(|l| l.dimensions.iter().map(|d| md_escape(&d.name)).collect())
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "| Lokus | {} | {} | {} |",
            lang.t("Nilai", "Score"),
            lang.t("Kategori", "Category"),
            dims.join(" | ")
        );
        let _ = writeln!(o, "|---|---:|---|{}", "---:|".repeat(dims.len()));
        for l in &p.lokus {
            let ds: Vec<String> = l
                .dimensions
                .iter()
                .map(|d| num_opt(d.score, lang))
                .collect();
            let _ = writeln!(
                o,
                "| {}{} | {} | {} | {} |",
                md_escape(&l.lokus),
                if l.finalized {
                    ""
                } else {
                    lang.t(" (draf)", " (draft)")
                },
                num_opt(l.score, lang),
                l.category.as_ref().map_or("—", |c| c.category.as_str()),
                ds.join(" | ")
            );
        }
        if !p.weakest.is_empty() {
            let _ = writeln!(
                o,
                "\n### {}\n",
                lang.t(
                    "Catatan kekurangan (indikator terlemah)",
                    "Shortcomings (weakest indicators)"
                )
            );
            for w in &p.weakest {
                let notes: Vec<String> = w
                    .notes
                    .iter()
                    .map(|n| format!("\"{}\" ({})", md_escape(&n.text), md_escape(&n.author)))
                    .collect();
                let _ = writeln!(
                    o,
                    "- **{}** {} — {}: {}/{}{}",
                    w.indicator,
                    md_escape(&w.text),
                    md_escape(&w.lokus),
                    w.answer,
                    w.max,
                    if notes.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", notes.join("; "))
                    }
                );
            }
        }
        if let Some(t) = &p.target {
            let _ = writeln!(
                o,
                "\n### {} {}\n\n{} {} · {} {}\n",
                lang.t("Menuju", "Towards"),
                num(t.target, lang),
                lang.t("Kekurangan:", "Gap:"),
                num(t.gap, lang),
                lang.t("setelah langkah berikut:", "after these steps:"),
                num(t.reaches, lang)
            );
            for s in &t.steps {
                let _ = writeln!(
                    o,
                    "1. +{} — **{}** {} ({}, {} → {})",
                    num(s.gain_pemda, lang),
                    s.indicator,
                    md_escape(&s.text),
                    md_escape(&s.lokus),
                    s.answer,
                    s.max
                );
            }
        }
        if let Some(c) = &p.compare {
            let _ = writeln!(
                o,
                "\n{} {}: {} ({}) → {}",
                lang.t("Dibanding", "Compared with"),
                c.round,
                num(c.score, lang),
                if c.source == "published" {
                    lang.t("hasil terbit", "published")
                } else {
                    lang.t("penyimpanan", "store")
                },
                signed(c.change, lang)
            );
        }
        surveys(&mut o, p, lang);
    }
    if !r.conflicts.is_empty() {
        let _ = writeln!(
            o,
            "\n## {}\n",
            lang.t("Konflik belum diselesaikan", "Unresolved conflicts")
        );
        for c in &r.conflicts {
            let _ = writeln!(
                o,
                "- {} › {} › {}: {}",
                md_escape(&c.pemda),
                md_escape(&c.lokus),
                c.indicator,
                md_escape(&c.candidates.join(" vs "))
            );
        }
    }
    if !r.instruments.is_empty() {
        let _ = writeln!(o);
    }
    for i in &r.instruments {
        let _ = writeln!(
            o,
            "{} {} v{} (`{}`)",
            lang.t("Dinilai dengan instrumen", "Scored with instrument"),
            md_escape(&i.id),
            md_escape(&i.version),
            md_escape(&i.hash)
        );
    }
    o
}

/// Respondents and the share per question (issue 15): the pemda's sums, then each lokus.
/// No personal data.
fn surveys(o: &mut String, p: &crate::core::report::PemdaResult, lang: Lang) {
    use crate::core::survey::summary::SurveySummary;
    if p.surveys.is_empty() {
        return;
    }
    let _ = writeln!(
        o,
        "\n### {}\n\n| Lokus | {} | {} | {} | {} | n | {} | {} |\n|---|---|---:|---|---|---:|---:|---:|",
        lang.t("Responden", "Respondents"),
        lang.t("Survei", "Survey"),
        lang.t("Responden", "Respondents"),
        lang.t("Pertanyaan", "Question"),
        lang.t("Indikator", "Indicator"),
        lang.t("% ya / rata-rata", "% yes / mean"),
        lang.t("Tingkat", "Level"),
    );
    let all = lang.t("semua lokus", "all lokus").to_string();
    let mut rows = |lokus: &str, list: &[SurveySummary]| {
        for s in list {
            for q in &s.questions {
                let fig = match (q.share_percent, q.mean) {
                    (Some(x), _) => crate::present::survey::percent(x, lang),
                    (None, Some(m)) => num(m, lang),
                    _ => "—".into(),
                };
                let _ = writeln!(
                    o,
                    "| {} | {} | {}/{} | {} | {} | {} | {fig} | {} |",
                    md_escape(lokus),
                    s.survey,
                    s.respondents,
                    s.target,
                    q.question,
                    q.indicator.as_deref().unwrap_or("—"),
                    q.answered,
                    q.level.map_or_else(|| "—".to_string(), |l| l.to_string()),
                );
            }
        }
    };
    rows(&all, &p.surveys);
    for l in &p.lokus {
        rows(&l.lokus, &l.surveys);
    }
    for l in p
        .lokus
        .iter()
        .filter_map(|l| l.visit.as_ref().map(|v| (l, v)))
    {
        let _ = writeln!(
            o,
            "\n{} {}: {}",
            lang.t("Kunjungan", "Visit"),
            md_escape(&l.0.lokus),
            l.1.date
        );
    }
}
