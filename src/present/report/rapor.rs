//! The per-office report card ("rapor") in Markdown.

use std::fmt::Write as _;

use super::md_escape;
use crate::i18n::{self, Lang, num, num_opt};
use crate::present::words::zone_word;
use crate::workspace::Detail;

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
    if let Some(line) = fieldwork(d, lang) {
        let _ = writeln!(o, "{line}\n");
    }
    if s.status == crate::workspace::AssessmentStatus::Draft || s.conflicts > 0 {
        let _ = writeln!(
            o,
            "> **{}**\n",
            lang.t(
                "SEMENTARA: penilaian belum final atau masih ada konflik.",
                "PROVISIONAL: the assessment is not final or has conflicts."
            )
        );
    } else if s.review != Some(crate::core::review::ReviewStatus::Approved) {
        let state = s.review.map_or_else(
            || lang.t("belum ditinjau", "not reviewed"),
            |r| crate::present::review::status_word(lang, r),
        );
        let _ = writeln!(
            o,
            "> **{}**\n",
            if lang.en() {
                format!("PROVISIONAL: the assessment is not approved by a supervisor ({state}).")
            } else {
                format!("SEMENTARA: penilaian belum disetujui supervisor ({state}).")
            }
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
    if let Some(h) = &d.state.header {
        let _ = writeln!(
            o,
            "\n{} {} v{} (`{}`)",
            lang.t("Dinilai dengan instrumen", "Scored with instrument"),
            md_escape(&h.instrument.id),
            md_escape(&h.instrument.version),
            md_escape(&h.instrument.hash)
        );
    }
    o
}

/// "30 responden, 4 pejabat diwawancarai, kunjungan tanggal 2024-08-12" (issue 15): the
/// counts only, never who. An official is a respondent with a role.
fn fieldwork(d: &Detail, lang: Lang) -> Option<String> {
    let book = &d.state.survey;
    let present = book.respondents.values().filter(|r| r.present());
    let (mut users, mut officials) = (0usize, 0usize);
    for r in present {
        if r.fields().and_then(|f| f.role.as_ref()).is_some() {
            officials += 1;
        } else {
            users += 1;
        }
    }
    let visit = book.visit();
    if users == 0 && officials == 0 && visit.is_none() {
        return None;
    }
    let mut parts = vec![
        format!("{users} {}", lang.t("responden", "respondents")),
        format!(
            "{officials} {}",
            lang.t("pejabat diwawancarai", "officials interviewed")
        ),
    ];
    if let Some(v) = visit {
        parts.push(format!(
            "{} {}",
            lang.t("kunjungan tanggal", "visited on"),
            v.date
        ));
    }
    Some(parts.join(", "))
}
