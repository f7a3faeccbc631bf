//! The report as a Markdown document (for email and the office wiki).

use std::fmt::Write as _;

use super::{md_escape, provisional_line, rank_of, signed, title};
use crate::core::report::Report;
use crate::i18n::{Lang, num, num_opt};
use crate::present::words::zone_word;

/// Markdown document.
#[must_use]
pub fn markdown(r: &Report, lang: Lang) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n", title(r, lang));
    if let Some(p) = provisional_line(r, lang) {
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
    o
}
