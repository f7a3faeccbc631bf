//! The report as CSV tables (pemda, lokus, indicators, conflicts) with machine-readable
//! numbers; the indicator rows are shared with the xlsx workbook. Every field goes through
//! [`csv_cell`](crate::present::safe::csv_cell) (inert text, the OWASP rule against formula injection, RFC 4180 quoting).

use crate::core::report::Report;
use crate::present::safe::csv_record;

/// Records of one CSV table (the text grows as they are written).
struct Table(String);

impl Table {
    fn new() -> Table {
        Table(String::new())
    }

    fn write_record<S: AsRef<str>>(&mut self, fields: impl IntoIterator<Item = S>) {
        csv_record(&mut self.0, fields);
    }
}

/// CSV tables: (suffix, text) for pemda, lokus, indicators and conflicts. Numbers use a
/// decimal point (machine-readable) in every language; see `docs/report-format.md`.
#[must_use]
pub fn csv_files(r: &Report) -> Vec<(&'static str, String)> {
    let f = |x: Option<f64>| x.map_or_else(String::new, |v| format!("{v:.2}"));
    let mut pemda = Table::new();
    pemda.write_record([
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
        "not_approved",
    ]);
    let mut lokus = Table::new();
    lokus.write_record([
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
        "provisional",
        "review",
        "instrument_hash",
    ]);
    let mut ind = Table::new();
    ind.write_record([
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
    let mut conf = Table::new();
    conf.write_record(["pemda", "lokus", "assessment", "indicator", "candidates"]);
    for p in &r.pemda {
        pemda.write_record([
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
            p.not_approved.to_string(),
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
            row.push(l.provisional.to_string());
            row.push(l.review.map_or("", |s| s.as_str()).to_string());
            row.push(l.instrument_hash.clone());
            lokus.write_record(&row);
        }
    }
    for row in indicator_rows(r) {
        ind.write_record(&row);
    }
    for c in &r.conflicts {
        conf.write_record([
            c.pemda.clone(),
            c.lokus.clone(),
            c.assessment.clone(),
            c.indicator.clone(),
            c.candidates.join(" | "),
        ]);
    }
    let mut out = vec![
        ("", pemda.0),
        ("lokus", lokus.0),
        ("indicators", ind.0),
        ("conflicts", conf.0),
    ];
    // Respondents and the share per question (issue 15), when any assessment has them.
    let rows = respondent_rows(r);
    if !rows.is_empty() {
        let mut t = Table::new();
        t.write_record(RESPONDENT_COLUMNS);
        for row in rows {
            t.write_record(&row);
        }
        out.push(("respondents", t.0));
    }
    out
}

/// The columns of the respondents table (csv and xlsx): one row per survey question of a
/// lokus, and of its pemda summed (`assessment` empty). No personal data.
pub const RESPONDENT_COLUMNS: [&str; 18] = [
    "round",
    "pemda_code",
    "pemda",
    "assessment",
    "lokus",
    "survey",
    "respondents",
    "target",
    "question",
    "indicator",
    "answered",
    "ya",
    "tidak",
    "tidak_tahu",
    "share_ya_percent",
    "mean",
    "level",
    "visit_date",
];

/// The rows of the respondents table, pemda by pemda: the pemda's sums first, then each
/// lokus. Shared by csv and xlsx.
#[must_use]
pub fn respondent_rows(r: &Report) -> Vec<Vec<String>> {
    use crate::core::survey::Response;
    use crate::core::survey::summary::{SurveySummary, count};
    let f = |x: Option<f64>| x.map_or_else(String::new, |v| format!("{v:.2}"));
    let mut out = Vec::new();
    let mut rows = |p: &crate::core::report::PemdaResult,
                    assessment: &str,
                    lokus: &str,
                    surveys: &[SurveySummary],
                    visit: &str| {
        for s in surveys {
            for q in &s.questions {
                out.push(vec![
                    p.round.to_string(),
                    p.code.clone(),
                    p.name.clone(),
                    assessment.to_string(),
                    lokus.to_string(),
                    s.survey.clone(),
                    s.respondents.to_string(),
                    s.target.to_string(),
                    q.question.clone(),
                    q.indicator.clone().unwrap_or_default(),
                    q.answered.to_string(),
                    count(q, Response::Ya).to_string(),
                    count(q, Response::Tidak).to_string(),
                    count(q, Response::TidakTahu).to_string(),
                    f(q.share_percent),
                    f(q.mean),
                    q.level.map(|l| l.to_string()).unwrap_or_default(),
                    visit.to_string(),
                ]);
            }
        }
    };
    for p in &r.pemda {
        rows(p, "", "", &p.surveys, "");
        for l in &p.lokus {
            let visit = l.visit.as_ref().map_or("", |v| v.date.as_str());
            rows(p, &l.assessment, &l.lokus, &l.surveys, visit);
        }
    }
    out
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
