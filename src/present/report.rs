//! Rendering one [`Report`] into the formats offices use: an aligned terminal table,
//! Markdown, CSV files, an xlsx workbook with charts, JSON and an SVG ranking chart, plus
//! the per-office report card ("rapor"). All formats render the same figures.
//!
//! This file holds the terminal table and what the formats share (title, provisional
//! line, ranks, signed changes, zone colours); each other format has its own file.

mod csv;
mod markdown;
mod rapor;
mod svg;
pub mod xlsx;

use std::fmt::Write as _;

pub use csv::{csv_files, indicator_rows, respondent_rows};
pub use markdown::markdown;
pub use rapor::rapor;
pub use svg::svg;

use crate::core::instrument::Zone;
use crate::core::report::Report;
use crate::i18n::{self, Lang, inert, num, num_opt};
use crate::present::text::{pad_chars, pad_left_uncut};
use crate::present::words::zone_word;

/// ANSI colour of a zone for the terminal table.
fn zone_ansi(z: Zone) -> &'static str {
    match z {
        Zone::Hijau => "\x1b[32m",
        Zone::Kuning => "\x1b[33m",
        Zone::Merah => "\x1b[31m",
        Zone::Hitam => "\x1b[1;37;40m",
    }
}

/// A zone's colour as 0xRRGGBB, the same in the SVG chart and the xlsx bars.
fn zone_rgb(z: Zone) -> u32 {
    match z {
        Zone::Hijau => 0x002E_7D32,
        Zone::Kuning => 0x00F9_A825,
        Zone::Merah => 0x00C6_2828,
        Zone::Hitam => 0x0021_2121,
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

/// A rank, marked `~` while the pemda is provisional (any of its lokus is).
pub(super) fn rank_of(r: Option<usize>, of: usize, provisional: bool) -> String {
    let s = rank(r, of);
    if provisional && r.is_some() {
        format!("{s}{}", crate::present::words::PROVISIONAL_MARK)
    } else {
        s
    }
}

/// The "sementara" (provisional) line, or `None` when the report is final.
#[must_use]
pub fn provisional_line(r: &Report, lang: Lang) -> Option<String> {
    r.provisional.then(|| {
        if lang.en() {
            format!(
                "PROVISIONAL: {} unresolved conflict(s), {} lokus not finalized, {} assessment(s) not approved",
                r.unresolved_conflicts,
                r.unfinalized,
                r.not_approved.len()
            )
        } else {
            format!(
                "SEMENTARA: {} konflik belum diselesaikan, {} lokus belum final, {} penilaian belum disetujui",
                r.unresolved_conflicts,
                r.unfinalized,
                r.not_approved.len()
            )
        }
    })
}

/// How many not-approved assessments the header names before "and N more".
const NAMED: usize = 5;

/// Each not-approved assessment as "Pemda · lokus (state)", raw (each format makes it
/// inert), at most [`NAMED`], then "and N more".
#[must_use]
pub fn not_approved_items(r: &Report, lang: Lang) -> Vec<String> {
    let mut v: Vec<String> = r
        .not_approved
        .iter()
        .take(NAMED)
        .map(|n| {
            format!(
                "{} · {} ({})",
                n.pemda,
                n.lokus,
                n.review.map_or_else(
                    || lang.t("belum ditinjau", "not reviewed"),
                    |s| crate::present::review::status_word(lang, s)
                )
            )
        })
        .collect();
    let more = r.not_approved.len().saturating_sub(NAMED);
    if more > 0 {
        v.push(if lang.en() {
            format!("and {more} more")
        } else {
            format!("dan {more} lainnya")
        });
    }
    v
}

/// "Belum disetujui: …" naming the not-approved assessments, with `esc` applied to each
/// (names come from the store); `None` when every assessment is approved.
#[must_use]
pub fn not_approved_line(r: &Report, lang: Lang, esc: &dyn Fn(&str) -> String) -> Option<String> {
    (!r.not_approved.is_empty()).then(|| {
        format!(
            "{}: {}",
            lang.t("Belum disetujui", "Not approved"),
            not_approved_items(r, lang)
                .iter()
                .map(|s| esc(s))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })
}

/// The `--approved-only` line: only approved assessments, and how many were left out.
#[must_use]
pub fn approved_only_line(r: &Report, lang: Lang) -> Option<String> {
    r.approved_only.then(|| {
        if lang.en() {
            format!(
                "Approved assessments only: {} other assessment(s) left out of every figure and rank.",
                r.left_out
            )
        } else {
            format!(
                "Hanya penilaian yang disetujui: {} penilaian lain tidak dihitung dalam nilai dan peringkat.",
                r.left_out
            )
        }
    })
}

/// The lines under the title that every format shows: approved-only, provisional, and
/// which assessments are not approved.
#[must_use]
pub fn header_lines(r: &Report, lang: Lang, esc: &dyn Fn(&str) -> String) -> Vec<String> {
    let mut v = Vec::new();
    v.extend(approved_only_line(r, lang));
    v.extend(provisional_line(r, lang));
    v.extend(not_approved_line(r, lang, esc));
    v
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
    for p in header_lines(r, lang, &|s| inert(s, false)) {
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
        pad_chars(lang.t("Tahun", "Year"), 5),
        pad_chars("Pemda", 24),
        pad_left_uncut(lang.t("Nilai", "Score"), 6),
        pad_chars(lang.t("Kat", "Cat"), 3),
        pad_chars(lang.t("Zona", "Zone"), 6),
        pad_left_uncut("Prov", 5),
        pad_left_uncut(lang.t("Jenis", "Kind"), 6),
        pad_left_uncut(lang.t("Lokus", "Lokus"), 5),
        pad_left_uncut(lang.t("Konf", "Conf"), 4),
        cmp.map_or_else(String::new, |y| format!(
            " {}",
            pad_left_uncut(&format!("Δ{y}"), 7)
        ))
    );
    for p in &r.pemda {
        let (cat, zone) = p.category.as_ref().map_or(("—".to_string(), None), |c| {
            (c.category.clone(), Some(c.zone))
        });
        let zw = zone.map_or("—", |z| zone_word(lang, z));
        let mut line = format!(
            "{} {} {} {} {} {} {} {} {}",
            pad_chars(&p.round.to_string(), 5),
            pad_chars(&inert(&p.name, false), 24),
            pad_left_uncut(&num_opt(p.score, lang), 6),
            pad_chars(&cat, 3),
            pad_chars(zw, 6),
            pad_left_uncut(&rank_of(p.rank_province, p.of_province, p.provisional), 5),
            pad_left_uncut(&rank_of(p.rank_kind, p.of_kind, p.provisional), 6),
            pad_left_uncut(&format!("{}/{}", p.lokus_finalized, p.lokus_assessed), 5),
            pad_left_uncut(&p.conflicts.to_string(), 4),
        );
        if cmp.is_some() {
            let d = p
                .compare
                .as_ref()
                .map_or_else(|| "—".into(), |c| signed(c.change, lang));
            let _ = write!(line, " {}", pad_left_uncut(&d, 7));
        }
        if p.provisional {
            line.push_str(lang.t(" sementara", " provisional"));
        }
        // A provisional pemda is not coloured by zone: its category may still change.
        if let (true, Some(z), false) = (color, zone, p.provisional) {
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
                pad_chars(&inert(&l.lokus, false), 26),
                pad_left_uncut(&num_opt(l.score, lang), 6),
                pad_chars(l.category.as_ref().map_or("—", |c| c.category.as_str()), 2),
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
                    pad_chars(&w.indicator, 6),
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
                    pad_chars(&s.indicator, 6),
                    inert(&s.text, false),
                    inert(&s.lokus, false),
                    s.answer,
                    s.max
                );
            }
        }
    }
    for i in &r.instruments {
        let _ = writeln!(
            o,
            "{} {} v{} ({})",
            lang.t("Dinilai dengan instrumen", "Scored with instrument"),
            inert(&i.id, false),
            inert(&i.version, false),
            inert(&i.hash, false)
        );
    }
    o
}

fn short_dim(name: &str) -> String {
    name.chars().take(3).collect()
}

fn md_escape(s: &str) -> String {
    crate::present::safe::markdown(s)
}
