//! What reports show of the surveys (issue 15): per lokus and per pemda the respondents of
//! each survey against its target and, per question, the answers counted, the share of
//! "ya" (of those answering ya or tidak) or the mean level, and at a lokus the level the
//! question's rule gives. No code, name, phone or service of a respondent is in here: a
//! report never carries personal data (`docs/privacy.md`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{AnswerKind, BookTally, RespondentBook, Response, SurveySet, Visit, derive_from};

/// One question of one survey, summed over respondents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionSummary {
    pub question: String,
    /// The indicator this question derives, if any.
    pub indicator: Option<String>,
    /// Respondents with an answer to it.
    pub answered: u32,
    /// Answers by value (`ya`, `tidak`, `tidak_tahu`, or a level as text).
    pub counts: BTreeMap<String, u32>,
    /// ya-tidak questions: "ya" among those answering ya or tidak, in percent.
    pub share_percent: Option<f64>,
    /// Scale questions: the mean level.
    pub mean: Option<f64>,
    /// At a lokus: the level the question's rule gives (none at a pemda: levels are per
    /// lokus).
    pub level: Option<u8>,
}

/// One survey of one lokus (or summed over a pemda's lokus).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SurveySummary {
    pub survey: String,
    /// The survey has roles (officials' interviews).
    pub officials: bool,
    pub respondents: u32,
    pub target: u32,
    pub questions: Vec<QuestionSummary>,
}

/// The visit to a lokus as reports show it (the team's names stay out).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitSummary {
    pub date: String,
    pub start: Option<String>,
    pub end: Option<String>,
}

impl From<&Visit> for VisitSummary {
    fn from(v: &Visit) -> VisitSummary {
        VisitSummary {
            date: v.date.clone(),
            start: v.start.clone(),
            end: v.end.clone(),
        }
    }
}

fn finish(q: &mut QuestionSummary, kind: AnswerKind) {
    let get = |k: &str| q.counts.get(k).copied().unwrap_or(0);
    q.answered = q.counts.values().sum();
    match kind {
        AnswerKind::YaTidak => {
            let (ya, tidak) = (get("ya"), get("tidak"));
            q.share_percent =
                (ya + tidak > 0).then(|| 100.0 * f64::from(ya) / f64::from(ya + tidak));
        }
        AnswerKind::Skala => {
            let (mut sum, mut n) = (0.0, 0u32);
            for (k, c) in &q.counts {
                if let Ok(l) = k.parse::<u8>() {
                    sum += f64::from(l) * f64::from(*c);
                    n += c;
                }
            }
            q.mean = (n > 0).then(|| sum / f64::from(n));
        }
    }
}

/// The surveys of one assessment: every survey of its file, with its present respondents.
#[must_use]
pub fn summarize(set: &SurveySet, book: &RespondentBook) -> Vec<SurveySummary> {
    summarize_from(set, &book.tally())
}

/// [`summarize`] from a book's tally.
#[must_use]
pub fn summarize_from(set: &SurveySet, tally: &BookTally) -> Vec<SurveySummary> {
    set.surveys
        .iter()
        .map(|s| {
            let t = tally.survey(&s.id);
            let questions = s
                .questions
                .iter()
                .map(|q| {
                    let counts = t
                        .questions
                        .get(&q.id)
                        .map(|q| q.counts.clone())
                        .unwrap_or_default();
                    let rule = s.derive.iter().find(|d| d.question == q.id);
                    let mut qs = QuestionSummary {
                        question: q.id.clone(),
                        indicator: rule.map(|d| d.indicator.clone()),
                        answered: 0,
                        counts,
                        share_percent: None,
                        mean: None,
                        level: rule.and_then(|d| derive_from(s, d, t).level),
                    };
                    finish(&mut qs, q.answers);
                    qs
                })
                .collect();
            SurveySummary {
                survey: s.id.clone(),
                officials: !s.roles.is_empty(),
                respondents: t.respondents,
                target: s.target,
                questions,
            }
        })
        .collect()
}

/// The surveys of several lokus summed (a pemda): respondents, targets and counts added,
/// shares and means recomputed from the sums, no level.
#[must_use]
pub fn sum<'a>(parts: impl IntoIterator<Item = &'a [SurveySummary]>) -> Vec<SurveySummary> {
    let mut out: Vec<SurveySummary> = Vec::new();
    let mut kinds: BTreeMap<(String, String), AnswerKind> = BTreeMap::new();
    for part in parts {
        for s in part {
            let at = match out.iter().position(|o| o.survey == s.survey) {
                Some(i) => i,
                None => {
                    out.push(SurveySummary {
                        survey: s.survey.clone(),
                        officials: s.officials,
                        respondents: 0,
                        target: 0,
                        questions: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            let o = &mut out[at];
            o.respondents += s.respondents;
            o.target += s.target;
            for q in &s.questions {
                // A mean on either side says the question is a scale.
                let kind = if q.mean.is_some() || q.counts.keys().any(|k| k.parse::<u8>().is_ok()) {
                    AnswerKind::Skala
                } else {
                    AnswerKind::YaTidak
                };
                kinds
                    .entry((s.survey.clone(), q.question.clone()))
                    .and_modify(|k| {
                        if kind == AnswerKind::Skala {
                            *k = kind;
                        }
                    })
                    .or_insert(kind);
                let oq = match o.questions.iter().position(|x| x.question == q.question) {
                    Some(i) => &mut o.questions[i],
                    None => {
                        o.questions.push(QuestionSummary {
                            question: q.question.clone(),
                            indicator: q.indicator.clone(),
                            answered: 0,
                            counts: BTreeMap::new(),
                            share_percent: None,
                            mean: None,
                            level: None,
                        });
                        let n = o.questions.len() - 1;
                        &mut o.questions[n]
                    }
                };
                for (k, c) in &q.counts {
                    *oq.counts.entry(k.clone()).or_insert(0) += c;
                }
            }
        }
    }
    for s in &mut out {
        for q in &mut s.questions {
            let kind = kinds
                .get(&(s.survey.clone(), q.question.clone()))
                .copied()
                .unwrap_or(AnswerKind::YaTidak);
            finish(q, kind);
        }
    }
    out
}

/// A lokus's surveys and visit, by assessment id, as the workspace computes them.
pub type ByAssessment = BTreeMap<String, (Vec<SurveySummary>, Option<VisitSummary>)>;

/// Put each lokus's surveys and visit into a report, and their sums into each pemda.
pub fn attach(report: &mut crate::report::Report, by: &ByAssessment) {
    for p in &mut report.pemda {
        for l in &mut p.lokus {
            if let Some((s, v)) = by.get(&l.assessment) {
                l.surveys.clone_from(s);
                l.visit.clone_from(v);
            }
        }
        p.surveys = sum(p.lokus.iter().map(|l| l.surveys.as_slice()));
    }
}

/// "ya" as a count key, for renderers.
#[must_use]
pub fn count(q: &QuestionSummary, r: Response) -> u32 {
    q.counts.get(&r.key()).copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(counts: &[(&str, u32)]) -> QuestionSummary {
        let mut x = QuestionSummary {
            question: "q".into(),
            indicator: None,
            answered: 0,
            counts: counts.iter().map(|(k, v)| ((*k).to_string(), *v)).collect(),
            share_percent: None,
            mean: None,
            level: Some(2),
        };
        finish(&mut x, AnswerKind::YaTidak);
        x
    }

    #[test]
    fn a_pemda_sums_counts_and_recomputes_the_share() {
        let a = vec![SurveySummary {
            survey: "pengguna".into(),
            officials: false,
            respondents: 30,
            target: 30,
            questions: vec![q(&[("ya", 3), ("tidak", 27)])],
        }];
        let b = vec![SurveySummary {
            survey: "pengguna".into(),
            officials: false,
            respondents: 10,
            target: 30,
            questions: vec![q(&[("ya", 7), ("tidak", 2), ("tidak_tahu", 1)])],
        }];
        let s = sum([a.as_slice(), b.as_slice()]);
        assert_eq!(s.len(), 1);
        assert_eq!((s[0].respondents, s[0].target), (40, 60));
        let x = &s[0].questions[0];
        assert_eq!(x.answered, 40);
        // 10 ya of 39 answering ya or tidak, not the mean of 10 % and 77,8 %.
        assert!((x.share_percent.expect("share") - 1000.0 / 39.0).abs() < 1e-9);
        assert_eq!(x.level, None);
    }
}
