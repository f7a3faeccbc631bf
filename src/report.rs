//! Rendering one [`Report`] into the formats offices use: an aligned terminal table,
//! Markdown, CSV files, an xlsx workbook with charts, JSON and an SVG ranking chart, plus
//! the per-office report card ("rapor"). All formats render the same figures.

pub mod xlsx;

use std::fmt::Write as _;

use crate::core::instrument::Zone;
use crate::core::report::{PemdaResult, Report};
use crate::i18n::{self, Lang, inert, num, num_opt};
use crate::present::words::zone_word;
use crate::workspace::Detail;

/// ANSI colour of a zone for the terminal table.
fn zone_ansi(z: Zone) -> &'static str {
    match z {
        Zone::Hijau => "\x1b[32m",
        Zone::Kuning => "\x1b[33m",
        Zone::Merah => "\x1b[31m",
        Zone::Hitam => "\x1b[1;37;40m",
    }
}

fn pad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        let mut t: String = s.chars().take(w.saturating_sub(1)).collect();
        if n > w {
            t.push('…');
        } else {
            t = s.to_string();
        }
        t
    } else {
        format!("{s}{}", " ".repeat(w - n))
    }
}

fn rpad(s: &str, w: usize) -> String {
    let n = s.chars().count();
    if n >= w {
        s.to_string()
    } else {
        format!("{}{s}", " ".repeat(w - n))
    }
}

fn signed(x: f64, lang: Lang) -> String {
    if x > 0.0 {
        format!("+{}", num(x, lang))
    } else {
        num(x, lang)
    }
}

fn rank(r: Option<usize>, of: usize) -> String {
    r.map_or_else(|| "—".to_string(), |r| format!("{r}/{of}"))
}

/// The "sementara" (provisional) line, or `None` when the report is final.
#[must_use]
pub fn provisional_line(r: &Report, lang: Lang) -> Option<String> {
    r.provisional.then(|| {
        if lang.en() {
            format!(
                "PROVISIONAL: {} unresolved conflict(s), {} lokus not finalized",
                r.unresolved_conflicts, r.unfinalized
            )
        } else {
            format!(
                "SEMENTARA: {} konflik belum diselesaikan, {} lokus belum final",
                r.unresolved_conflicts, r.unfinalized
            )
        }
    })
}

fn title(r: &Report, lang: Lang) -> String {
    let round = r.round.map_or_else(String::new, |y| format!(" {y}"));
    format!(
        "{}{round} · {}",
        lang.t(
            "Laporan Penilaian Kepatuhan",
            "Compliance Assessment Report"
        ),
        i18n::date(r.generated_ms, lang)
    )
}

/// Aligned terminal table, coloured by zone when `color`.
#[must_use]
pub fn table(r: &Report, lang: Lang, color: bool) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", title(r, lang));
    if let Some(p) = provisional_line(r, lang) {
        let _ = writeln!(
            o,
            "{}",
            if color {
                format!("\x1b[1;33m{p}\x1b[0m")
            } else {
                p
            }
        );
    }
    if r.pemda.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            lang.t(
                "Tidak ada penilaian untuk dilaporkan.",
                "No assessments to report."
            )
        );
        return o;
    }
    let cmp = r
        .pemda
        .iter()
        .find_map(|p| p.compare.as_ref().map(|c| c.round));
    let _ = writeln!(
        o,
        "{} {} {} {} {} {} {} {} {}{}",
        pad(lang.t("Tahun", "Year"), 5),
        pad("Pemda", 24),
        rpad(lang.t("Nilai", "Score"), 6),
        pad(lang.t("Kat", "Cat"), 3),
        pad(lang.t("Zona", "Zone"), 6),
        rpad("Prov", 5),
        rpad(lang.t("Jenis", "Kind"), 6),
        rpad(lang.t("Lokus", "Lokus"), 5),
        rpad(lang.t("Konf", "Conf"), 4),
        cmp.map_or_else(String::new, |y| format!(" {}", rpad(&format!("Δ{y}"), 7)))
    );
    for p in &r.pemda {
        let (cat, zone) = p.category.as_ref().map_or(("—".to_string(), None), |c| {
            (c.category.clone(), Some(c.zone))
        });
        let zw = zone.map_or("—", |z| zone_word(lang, z));
        let mut line = format!(
            "{} {} {} {} {} {} {} {} {}",
            pad(&p.round.to_string(), 5),
            pad(&inert(&p.name, false), 24),
            rpad(&num_opt(p.score, lang), 6),
            pad(&cat, 3),
            pad(zw, 6),
            rpad(&rank(p.rank_province, p.of_province), 5),
            rpad(&rank(p.rank_kind, p.of_kind), 6),
            rpad(&format!("{}/{}", p.lokus_finalized, p.lokus_assessed), 5),
            rpad(&p.conflicts.to_string(), 4),
        );
        if cmp.is_some() {
            let d = p
                .compare
                .as_ref()
                .map_or_else(|| "—".into(), |c| signed(c.change, lang));
            let _ = write!(line, " {}", rpad(&d, 7));
        }
        if p.provisional {
            line.push_str(lang.t(" sementara", " provisional"));
        }
        if let (true, Some(z)) = (color, zone) {
            line = format!("{}{line}\x1b[0m", zone_ansi(z));
        }
        let _ = writeln!(o, "{line}");
    }
    for p in &r.pemda {
        let _ = writeln!(o);
        let _ = writeln!(
            o,
            "{} {} · {} {} {}",
            p.round,
            inert(&p.name, false),
            num_opt(p.score, lang),
            p.category.as_ref().map_or("—", |c| c.category.as_str()),
            p.category.as_ref().map_or("", |c| if lang.en() {
                c.label_en.as_str()
            } else {
                c.label.as_str()
            })
        );
        for l in &p.lokus {
            let dims: Vec<String> = l
                .dimensions
                .iter()
                .map(|d| format!("{} {}", short_dim(&d.name), num_opt(d.score, lang)))
                .collect();
            let _ = writeln!(
                o,
                "  {} {} {} {}{}",
                pad(&inert(&l.lokus, false), 26),
                rpad(&num_opt(l.score, lang), 6),
                pad(l.category.as_ref().map_or("—", |c| c.category.as_str()), 2),
                dims.join(" · "),
                if l.finalized {
                    ""
                } else {
                    lang.t(" (draf)", " (draft)")
                }
            );
        }
        if !p.weakest.is_empty() {
            let _ = writeln!(
                o,
                "  {}:",
                lang.t("Indikator terlemah", "Weakest indicators")
            );
            for w in &p.weakest {
                let note = w
                    .notes
                    .first()
                    .map_or_else(String::new, |n| format!(" — \"{}\"", inert(&n.text, false)));
                let _ = writeln!(
                    o,
                    "    {} {} · {} {}/{}{note}",
                    pad(&w.indicator, 6),
                    inert(&w.text, false),
                    inert(&w.lokus, false),
                    w.answer,
                    w.max
                );
            }
        }
        if let Some(t) = &p.target {
            let _ = writeln!(
                o,
                "  {} {}: {} {} · {} {}",
                lang.t("Target", "Target"),
                num(t.target, lang),
                lang.t("kurang", "gap"),
                num(t.gap, lang),
                lang.t("dengan langkah ini menjadi", "these steps reach"),
                num(t.reaches, lang)
            );
            for s in &t.steps {
                let _ = writeln!(
                    o,
                    "    +{} {} {} · {} ({} → {})",
                    num(s.gain_pemda, lang),
                    pad(&s.indicator, 6),
                    inert(&s.text, false),
                    inert(&s.lokus, false),
                    s.answer,
                    s.max
                );
            }
        }
    }
    o
}

fn short_dim(name: &str) -> String {
    name.chars().take(3).collect()
}

fn md_escape(s: &str) -> String {
    inert(s, false).replace('|', "\\|")
}

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
            rank(p.rank_province, p.of_province),
            rank(p.rank_kind, p.of_kind),
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

/// CSV tables: (suffix, text) for pemda, lokus, indicators and conflicts. Numbers use a
/// decimal point (machine-readable) in every language; see `docs/report-format.md`.
#[must_use]
pub fn csv_files(r: &Report) -> Vec<(&'static str, String)> {
    let f = |x: Option<f64>| x.map_or_else(String::new, |v| format!("{v:.2}"));
    let mut pemda = csv::Writer::from_writer(Vec::new());
    let _ = pemda.write_record([
        "round",
        "pemda_code",
        "pemda",
        "kind",
        "province_code",
        "province",
        "score",
        "category",
        "label",
        "zone",
        "rank_province",
        "of_province",
        "rank_kind",
        "of_kind",
        "lokus_assessed",
        "lokus_finalized",
        "conflicts",
        "provisional",
        "compare_round",
        "compare_score",
        "compare_source",
        "change",
        "target",
        "gap",
    ]);
    let mut lokus = csv::Writer::from_writer(Vec::new());
    let _ = lokus.write_record([
        "round",
        "pemda_code",
        "pemda",
        "assessment",
        "lokus_type",
        "lokus",
        "instrument",
        "score",
        "category",
        "zone",
        "answered",
        "total",
        "finalized",
        "conflicts",
        "dimension_1",
        "score_1",
        "dimension_2",
        "score_2",
        "dimension_3",
        "score_3",
        "dimension_4",
        "score_4",
        "dimension_5",
        "score_5",
    ]);
    let mut ind = csv::Writer::from_writer(Vec::new());
    let _ = ind.write_record([
        "round",
        "pemda_code",
        "assessment",
        "lokus",
        "dimension",
        "indicator",
        "text",
        "answer",
        "max",
        "score",
        "gain_lokus",
        "gain_pemda",
        "conflict",
        "notes",
    ]);
    let mut conf = csv::Writer::from_writer(Vec::new());
    let _ = conf.write_record(["pemda", "lokus", "assessment", "indicator", "candidates"]);
    for p in &r.pemda {
        let _ = pemda.write_record([
            p.round.to_string(),
            p.code.clone(),
            p.name.clone(),
            p.kind.clone(),
            p.province_code.clone(),
            p.province_name.clone(),
            f(p.score),
            p.category
                .as_ref()
                .map(|c| c.category.clone())
                .unwrap_or_default(),
            p.category
                .as_ref()
                .map(|c| c.label.clone())
                .unwrap_or_default(),
            p.category
                .as_ref()
                .map(|c| c.zone.as_str().to_string())
                .unwrap_or_default(),
            p.rank_province.map(|x| x.to_string()).unwrap_or_default(),
            p.of_province.to_string(),
            p.rank_kind.map(|x| x.to_string()).unwrap_or_default(),
            p.of_kind.to_string(),
            p.lokus_assessed.to_string(),
            p.lokus_finalized.to_string(),
            p.conflicts.to_string(),
            p.provisional.to_string(),
            p.compare
                .as_ref()
                .map(|c| c.round.to_string())
                .unwrap_or_default(),
            f(p.compare.as_ref().map(|c| c.score)),
            p.compare
                .as_ref()
                .map(|c| c.source.clone())
                .unwrap_or_default(),
            f(p.compare.as_ref().map(|c| c.change)),
            f(p.target.as_ref().map(|t| t.target)),
            f(p.target.as_ref().map(|t| t.gap)),
        ]);
        for l in &p.lokus {
            let mut row = vec![
                p.round.to_string(),
                p.code.clone(),
                p.name.clone(),
                l.assessment.clone(),
                l.lokus_type.clone(),
                l.lokus.clone(),
                l.instrument.clone(),
                f(l.score),
                l.category
                    .as_ref()
                    .map(|c| c.category.clone())
                    .unwrap_or_default(),
                l.category
                    .as_ref()
                    .map(|c| c.zone.as_str().to_string())
                    .unwrap_or_default(),
                l.answered.to_string(),
                l.total.to_string(),
                l.finalized.to_string(),
                l.conflicts.to_string(),
            ];
            for k in 0..5 {
                let d = l.dimensions.get(k);
                row.push(d.map(|d| d.name.clone()).unwrap_or_default());
                row.push(f(d.and_then(|d| d.score)));
            }
            let _ = lokus.write_record(&row);
        }
    }
    for row in indicator_rows(r) {
        let _ = ind.write_record(&row);
    }
    for c in &r.conflicts {
        let _ = conf.write_record([
            c.pemda.clone(),
            c.lokus.clone(),
            c.assessment.clone(),
            c.indicator.clone(),
            c.candidates.join(" | "),
        ]);
    }
    let s = |w: csv::Writer<Vec<u8>>| {
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    };
    vec![
        ("", s(pemda)),
        ("lokus", s(lokus)),
        ("indicators", s(ind)),
        ("conflicts", s(conf)),
    ]
}

/// One row per indicator of every lokus, in pemda, lokus and instrument order. Shared by
/// csv and xlsx.
#[must_use]
pub fn indicator_rows(r: &Report) -> Vec<Vec<String>> {
    let f = |x: Option<f64>| x.map_or_else(String::new, |v| format!("{v:.2}"));
    let mut out = Vec::new();
    for p in &r.pemda {
        for l in &p.lokus {
            for w in &l.indicators {
                out.push(vec![
                    p.round.to_string(),
                    p.code.clone(),
                    w.assessment.clone(),
                    w.lokus.clone(),
                    w.dimension.clone(),
                    w.indicator.clone(),
                    w.text.clone(),
                    w.answer.clone(),
                    w.max.to_string(),
                    f(w.score),
                    format!("{:.2}", w.gain_lokus),
                    format!("{:.2}", w.gain_pemda),
                    w.conflict.to_string(),
                    w.notes
                        .iter()
                        .map(|n| format!("{}: {}", n.author, n.text))
                        .collect::<Vec<_>>()
                        .join(" | "),
                ]);
            }
        }
    }
    out
}

fn zone_hex(z: Zone) -> &'static str {
    match z {
        Zone::Hijau => "#2e7d32",
        Zone::Kuning => "#f9a825",
        Zone::Merah => "#c62828",
        Zone::Hitam => "#212121",
    }
}

fn xml(s: &str) -> String {
    inert(s, false)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// SVG ranking chart: one horizontal bar per pemda coloured by zone, with the band
/// thresholds drawn as dashed lines.
#[must_use]
pub fn svg(r: &Report, lang: Lang) -> String {
    let rows: Vec<&PemdaResult> = r.pemda.iter().filter(|p| p.score.is_some()).collect();
    let (left, bar_w, row_h, top) = (230.0, 520.0, 22.0, 70.0);
    #[allow(clippy::cast_precision_loss)]
    let height = top + row_h * rows.len() as f64 + 40.0;
    let width = left + bar_w + 80.0;
    let mut o = String::new();
    let _ = writeln!(
        o,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(o, r#"<rect width="100%" height="100%" fill="white"/>"#);
    let _ = writeln!(
        o,
        r#"<text x="10" y="24" font-size="16" font-weight="bold">{}</text>"#,
        xml(&title(r, lang))
    );
    if let Some(p) = provisional_line(r, lang) {
        let _ = writeln!(
            o,
            r##"<text x="10" y="44" fill="#b26a00">{}</text>"##,
            xml(&p)
        );
    }
    let x_of = |s: f64| left + bar_w * (s / 100.0);
    for b in &r.bands {
        if b.lower > 0.0 {
            let x = x_of(b.lower);
            let _ = writeln!(
                o,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#555" stroke-dasharray="4 3"/><text x="{x:.1}" y="{:.1}" text-anchor="middle" fill="#555">{} {}</text>"##,
                top - 8.0,
                height - 30.0,
                top - 12.0,
                xml(&b.category),
                num(b.lower, lang)
            );
        }
    }
    for (n, p) in rows.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = top + row_h * n as f64;
        let s = p.score.unwrap_or(0.0);
        let color = p.category.as_ref().map_or("#888", |c| zone_hex(c.zone));
        let _ = writeln!(
            o,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect x="{left}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{color}"><title>{} {}</title></rect><text x="{:.1}" y="{:.1}">{} {}</text>"#,
            left - 6.0,
            y + 15.0,
            xml(&format!("{}. {}", n + 1, p.name)),
            y + 3.0,
            bar_w * s / 100.0,
            row_h - 6.0,
            xml(&p.name),
            num(s, lang),
            x_of(s) + 4.0,
            y + 15.0,
            num(s, lang),
            xml(p.category.as_ref().map_or("", |c| c.category.as_str()))
        );
    }
    let _ = writeln!(o, "</svg>");
    o
}

/// The per-office report card ("rapor"): score, category, each indicator's result with
/// the assessors' notes, and the improvement list.
#[must_use]
pub fn rapor(d: &Detail, names: &dyn Fn(&str) -> String, lang: Lang, generated_ms: i64) -> String {
    let s = &d.summary;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "# {} — {}\n",
        lang.t(
            "Rapor Kepatuhan Pelayanan Publik",
            "Public Service Compliance Report Card"
        ),
        md_escape(&s.lokus_name)
    );
    let _ = writeln!(
        o,
        "{}: {} · {}: {} · {}: {} · {}",
        lang.t("Pemda", "Pemda"),
        md_escape(&s.pemda_name),
        lang.t("Tahun", "Round"),
        s.round,
        lang.t("Instrumen", "Instrument"),
        s.instrument,
        i18n::date(generated_ms, lang)
    );
    let _ = writeln!(
        o,
        "\n**{}: {} — {} {} ({} {})**\n",
        lang.t("Nilai", "Score"),
        num_opt(d.score.score, lang),
        s.category.as_deref().unwrap_or("—"),
        s.label
            .as_ref()
            .map_or("", |l| crate::present::words::label(lang, l)),
        lang.t("zona", "zone"),
        s.zone.map_or("—", |z| zone_word(lang, z))
    );
    if s.status == crate::workspace::AssessmentStatus::Draft || s.conflicts > 0 {
        let _ = writeln!(
            o,
            "> **{}**\n",
            lang.t(
                "SEMENTARA: penilaian belum final atau masih ada konflik.",
                "PROVISIONAL: the assessment is not final or has conflicts."
            )
        );
    }
    let _ = writeln!(
        o,
        "| {} | {} | {} |",
        lang.t("Dimensi", "Dimension"),
        lang.t("Bobot", "Weight"),
        lang.t("Nilai", "Score")
    );
    let _ = writeln!(o, "|---|---:|---:|");
    for g in &d.score.dimensions {
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
        "\n## {}\n",
        lang.t("Hasil per indikator", "Result per indicator")
    );
    let _ = writeln!(
        o,
        "| {} | {} | {} | {} |",
        lang.t("Indikator", "Indicator"),
        lang.t("Uraian", "Description"),
        lang.t("Jawaban", "Answer"),
        lang.t("Catatan", "Notes")
    );
    let _ = writeln!(o, "|---|---|---:|---|");
    let mut improve = Vec::new();
    for p in d.instrument.indicators() {
        let ind = p.indicator;
        let slot = d.state.slots.get(&ind.id);
        let max = d
            .instrument
            .scale(&ind.scale)
            .map_or(0, crate::core::instrument::Scale::max);
        let value = slot.and_then(crate::core::assessment::Slot::value);
        let ans = value.map_or_else(
            || "—".to_string(),
            |v| match v {
                crate::core::op::AnswerValue::Score(x) => format!("{x}/{max}"),
                other => other.short(lang.en()),
            },
        );
        let notes: Vec<String> = slot.map_or_else(Vec::new, |s| {
            s.notes
                .iter()
                .filter(|(_, n)| !n.text.trim().is_empty())
                .map(|(dev, n)| format!("{} ({})", md_escape(&n.text), md_escape(&names(dev))))
                .collect()
        });
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |",
            ind.id,
            md_escape(&ind.short),
            ans,
            notes.join("; ")
        );
        if let Some(crate::core::op::AnswerValue::Score(x)) = value
            && x < max
        {
            let level = d
                .instrument
                .scale(&ind.scale)
                .and_then(|sc| ind.level_meaning(sc, max))
                .unwrap_or("");
            improve.push(format!(
                "- **{}** {}: {} {x}/{max}; {} \"{}\"{}",
                ind.id,
                md_escape(&ind.text),
                lang.t("saat ini", "now"),
                lang.t("penuhi", "meet"),
                md_escape(level),
                if notes.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", notes.join("; "))
                }
            ));
        }
    }
    let _ = writeln!(o, "\n## {}\n", lang.t("Daftar perbaikan", "Improvements"));
    if improve.is_empty() {
        let _ = writeln!(
            o,
            "{}",
            lang.t(
                "Tidak ada: semua indikator yang dijawab bernilai penuh.",
                "None: every answered indicator has full marks."
            )
        );
    } else {
        for l in improve {
            let _ = writeln!(o, "{l}");
        }
    }
    o
}
