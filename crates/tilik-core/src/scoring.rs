//! Scoring and classification as pure functions over an instrument and a set of answers.
//!
//! indicator → variable → dimension → lokus (0–100) → pemda (mean of lokus) → band.
//! N/A answers leave the denominator; so does a dimension with nothing answered yet, so a
//! half-done assessment shows a live score over what has been answered.

use std::collections::BTreeMap;

use serde::Serialize;

use super::instrument::{Instrument, Zone, round_to};
use super::op::AnswerValue;

/// Score of one group (variable or dimension).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupScore {
    pub id: String,
    pub name: String,
    /// Weight in percent (dimensions) or sum of indicator weights (variables).
    pub weight: f64,
    /// 0–100 over answered non-N/A indicators, rounded; `None` when none is answered.
    pub score: Option<f64>,
    pub answered: usize,
    pub not_applicable: usize,
    pub total: usize,
}

/// Full scoring of one lokus assessment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LokusScore {
    /// 0–100, rounded to the instrument's decimals; `None` when nothing is answered.
    pub score: Option<f64>,
    pub dimensions: Vec<GroupScore>,
    pub variables: Vec<GroupScore>,
    /// Answered indicators, N/A included.
    pub answered: usize,
    pub not_applicable: usize,
    pub total: usize,
    /// Indicators with no answer, in instrument order.
    pub unanswered: Vec<String>,
}

/// The category a score falls in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Classification {
    pub category: String,
    /// Band label, with qualifiers appended ("Kualitas Sedang Tanpa Maladministrasi").
    pub label: String,
    pub label_en: String,
    pub zone: Zone,
}

struct Acc {
    num: f64,
    den: f64,
    answered: usize,
    na: usize,
    total: usize,
}

impl Acc {
    fn new() -> Self {
        Acc {
            num: 0.0,
            den: 0.0,
            answered: 0,
            na: 0,
            total: 0,
        }
    }
    fn score(&self) -> Option<f64> {
        (self.den > 0.0).then(|| 100.0 * self.num / self.den)
    }
    /// Add the sums and counts of a part (a variable to its dimension).
    fn add(&mut self, part: &Acc) {
        self.num += part.num;
        self.den += part.den;
        self.answered += part.answered;
        self.na += part.na;
        self.total += part.total;
    }
    /// The score line of the group these sums are of, rounded to `decimals`.
    fn group(&self, id: &str, name: &str, weight: f64, decimals: u8) -> GroupScore {
        GroupScore {
            id: id.to_string(),
            name: name.to_string(),
            weight,
            score: self.score().map(|s| round_to(s, decimals)),
            answered: self.answered,
            not_applicable: self.na,
            total: self.total,
        }
    }
}

/// Score one lokus from its answers (indicator id → value). Unknown indicator ids and
/// values outside the scale are ignored (the store never accepts them).
#[must_use]
pub fn score_lokus(inst: &Instrument, answers: &BTreeMap<String, AnswerValue>) -> LokusScore {
    let dec = inst.scoring.decimals;
    let mut dims = Vec::new();
    let mut vars = Vec::new();
    let mut unanswered = Vec::new();
    let (mut lnum, mut lden) = (0.0, 0.0);
    let (mut answered, mut na, mut total) = (0, 0, 0);
    for d in &inst.dimensions {
        let mut dacc = Acc::new();
        for v in &d.variables {
            let mut vacc = Acc::new();
            for i in &v.indicators {
                vacc.total += 1;
                let max = inst
                    .scale(&i.scale)
                    .map_or(0, super::instrument::Scale::max);
                match answers.get(&i.id) {
                    Some(AnswerValue::Score(s)) if max > 0 && *s <= max => {
                        vacc.answered += 1;
                        vacc.num += i.weight * f64::from(*s) / f64::from(max);
                        vacc.den += i.weight;
                    }
                    Some(AnswerValue::NotApplicable) => {
                        vacc.answered += 1;
                        vacc.na += 1;
                    }
                    _ => unanswered.push(i.id.clone()),
                }
            }
            let weight = v.indicators.iter().map(|i| i.weight).sum();
            vars.push(vacc.group(&v.id, &v.name, weight, dec));
            dacc.add(&vacc);
        }
        if let Some(s) = dacc.score() {
            lnum += d.weight * s;
            lden += d.weight;
        }
        answered += dacc.answered;
        na += dacc.na;
        total += dacc.total;
        dims.push(dacc.group(&d.id, &d.name, d.weight, dec));
    }
    LokusScore {
        score: (lden > 0.0).then(|| round_to(lnum / lden, dec)),
        dimensions: dims,
        variables: vars,
        answered,
        not_applicable: na,
        total,
        unanswered,
    }
}

/// Pemda score from its lokus scores, as the instrument defines (`mean`).
#[must_use]
pub fn score_pemda(inst: &Instrument, lokus_scores: &[f64]) -> Option<f64> {
    if lokus_scores.is_empty() {
        return None;
    }
    #[allow(clippy::cast_precision_loss)]
    let mean = lokus_scores.iter().sum::<f64>() / lokus_scores.len() as f64;
    Some(round_to(mean, inst.scoring.decimals))
}

/// Band of a score: the highest band whose `lower` ≤ score, both rounded to 2 decimals.
#[must_use]
pub fn classify(inst: &Instrument, score: f64) -> Option<Classification> {
    let s = round_to(score, 2);
    inst.sorted_bands()
        .into_iter()
        .find(|b| s >= round_to(b.lower, 2))
        .map(|b| Classification {
            category: b.category.clone(),
            label: b.label.clone(),
            label_en: b.label_en.clone().unwrap_or_else(|| b.label.clone()),
            zone: b.zone,
        })
}

/// Classification with the instrument's qualifiers applied for one lokus's answers.
#[must_use]
pub fn classify_lokus(
    inst: &Instrument,
    score: f64,
    answers: &BTreeMap<String, AnswerValue>,
) -> Option<Classification> {
    let mut c = classify(inst, score)?;
    for q in &inst.qualifiers {
        let met =
            matches!(answers.get(&q.indicator), Some(AnswerValue::Score(v)) if *v >= q.min_value);
        if met && q.categories.contains(&c.category) {
            c.label = format!("{} {}", c.label, q.label);
            c.label_en = format!(
                "{} {}",
                c.label_en,
                q.label_en.clone().unwrap_or_else(|| q.label.clone())
            );
        }
    }
    Some(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::instrument_toml;

    fn inst() -> Instrument {
        let toml = instrument_toml(
            "t",
            &[("A", "hijau", 88), ("E", "merah", 0)],
            &[
                ("D1", 25, &[("a", Some(3)), ("b", None)]),
                ("D2", 75, &[("c", None)]),
            ],
        );
        Instrument::from_toml(&toml).expect("valid test instrument")
    }

    fn answers(list: &[(&str, AnswerValue)]) -> BTreeMap<String, AnswerValue> {
        list.iter().map(|(k, v)| ((*k).to_string(), *v)).collect()
    }

    #[test]
    fn weighted_dimensions_and_indicators() {
        let i = inst();
        let a = answers(&[
            ("a", AnswerValue::Score(3)),
            ("b", AnswerValue::Score(0)),
            ("c", AnswerValue::Score(2)),
        ]);
        let s = score_lokus(&i, &a);
        // D1 = 100 × (3×1 + 1×0) / 4 = 75; D2 = 66.666…; lokus = 0.25×75 + 0.75×66.67 = 68.75
        assert_eq!(s.dimensions[0].score, Some(75.0));
        assert_eq!(s.dimensions[1].score, Some(66.67));
        assert_eq!(s.score, Some(68.75));
        assert_eq!(s.answered, 3);
        assert!(s.unanswered.is_empty());
    }

    #[test]
    fn not_applicable_leaves_the_denominator() {
        let i = inst();
        let a = answers(&[
            ("a", AnswerValue::NotApplicable),
            ("b", AnswerValue::Score(3)),
            ("c", AnswerValue::Score(3)),
        ]);
        let s = score_lokus(&i, &a);
        assert_eq!(s.score, Some(100.0));
        assert_eq!(s.not_applicable, 1);
    }

    #[test]
    fn unanswered_dimension_leaves_the_lokus_denominator() {
        let i = inst();
        let s = score_lokus(&i, &answers(&[("c", AnswerValue::Score(0))]));
        assert_eq!(s.score, Some(0.0));
        assert_eq!(s.dimensions[0].score, None);
        assert_eq!(s.unanswered, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(score_lokus(&i, &BTreeMap::new()).score, None);
    }

    #[test]
    fn bands_compare_on_rounded_values() {
        let i = inst();
        assert_eq!(classify(&i, 88.0).map(|c| c.category), Some("A".into()));
        assert_eq!(classify(&i, 87.995).map(|c| c.category), Some("A".into()));
        assert_eq!(classify(&i, 87.994).map(|c| c.category), Some("E".into()));
        assert_eq!(classify(&i, 0.0).map(|c| c.category), Some("E".into()));
    }

    #[test]
    fn pemda_is_mean_of_lokus() {
        let i = inst();
        assert_eq!(score_pemda(&i, &[90.0, 80.0, 85.5]), Some(85.17));
        assert_eq!(score_pemda(&i, &[]), None);
    }
}
