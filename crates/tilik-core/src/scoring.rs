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

/// What raising one answered indicator to the top of its scale would add to the lokus
/// score (issue 14: the rapor's "weakest indicators").
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gain {
    pub indicator: String,
    /// Id of the dimension the indicator belongs to.
    pub dimension: String,
    /// The answer now, and the top of its scale.
    pub value: u8,
    pub max: u8,
    /// Points of the lokus score (0–100) gained, rounded to 2 decimals.
    pub points: f64,
    /// The same, unrounded (for figures derived from it, such as the pemda gain).
    pub exact: f64,
}

/// Every indicator answered with a score below its maximum, with the points raising it to
/// the maximum would add to the lokus score, in instrument order.
///
/// Exact under the rules of [`score_lokus`]: the answer's weight stays in the denominator,
/// so the gain is `dimension weight / counted dimension weight × indicator weight /
/// answered weight of its dimension × (1 − value / max) × 100`. Unanswered and N/A
/// indicators are not listed (an unanswered one is missing, not weak).
#[must_use]
pub fn gains(inst: &Instrument, answers: &BTreeMap<String, AnswerValue>) -> Vec<Gain> {
    let max_of = |scale: &str| inst.scale(scale).map_or(0, super::instrument::Scale::max);
    // The answered (scored, non-N/A) weight of each dimension, as `score_lokus` counts it.
    let scored = |i: &super::instrument::Indicator| match answers.get(&i.id) {
        Some(AnswerValue::Score(s)) => {
            let max = max_of(&i.scale);
            (max > 0 && *s <= max).then_some((*s, max))
        }
        _ => None,
    };
    let dim_den: Vec<f64> = inst
        .dimensions
        .iter()
        .map(|d| {
            d.variables
                .iter()
                .flat_map(|v| &v.indicators)
                .filter(|i| scored(i).is_some())
                .map(|i| i.weight)
                .sum()
        })
        .collect();
    let counted: f64 = inst
        .dimensions
        .iter()
        .zip(&dim_den)
        .filter(|(_, den)| **den > 0.0)
        .map(|(d, _)| d.weight)
        .sum();
    let mut out = Vec::new();
    if counted <= 0.0 {
        return out;
    }
    for (d, den) in inst.dimensions.iter().zip(&dim_den) {
        for i in d.variables.iter().flat_map(|v| &v.indicators) {
            let Some((value, max)) = scored(i) else {
                continue;
            };
            if value >= max {
                continue;
            }
            let points = 100.0
                * (d.weight / counted)
                * (i.weight / den)
                * (1.0 - f64::from(value) / f64::from(max));
            out.push(Gain {
                indicator: i.id.clone(),
                dimension: d.id.clone(),
                value,
                max,
                points: round_to(points, 2),
                exact: points,
            });
        }
    }
    out
}

/// The `n` weakest indicators: those whose raise to the maximum adds the most points to
/// the lokus score, most first; equal points keep instrument order.
#[must_use]
pub fn weakest(inst: &Instrument, answers: &BTreeMap<String, AnswerValue>, n: usize) -> Vec<Gain> {
    let mut v: Vec<Gain> = gains(inst, answers)
        .into_iter()
        .filter(|g| g.points > 0.0)
        .collect();
    // By the rounded points (what the reader sees); a stable sort, so ties stay in
    // instrument order.
    v.sort_by(|a, b| b.points.total_cmp(&a.points));
    v.truncate(n);
    v
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
    #[test]
    fn gains_are_the_points_a_raise_to_the_maximum_adds() {
        let i = inst();
        let a = answers(&[
            ("a", AnswerValue::Score(3)),
            ("b", AnswerValue::Score(0)),
            ("c", AnswerValue::Score(2)),
        ]);
        let g = gains(&i, &a);
        // `a` is at its maximum; `b` (weight 1 of 4 in D1, 25 %) and `c` (all of D2, 75 %).
        assert_eq!(
            g.iter().map(|g| g.indicator.as_str()).collect::<Vec<_>>(),
            ["b", "c"]
        );
        // b: 100 × 0.25 × 1/4 × 1 = 6.25; c: 100 × 0.75 × 1 × 1/3 = 25.
        assert_eq!((g[0].points, g[0].value, g[0].max), (6.25, 0, 3));
        assert_eq!(g[0].dimension, "D1");
        assert_eq!(g[1].points, 25.0);
        // Each gain is what the score really gains (up to the score's rounding).
        let before = score_lokus(&i, &a).score.expect("scored");
        for x in &g {
            let mut raised = a.clone();
            raised.insert(x.indicator.clone(), AnswerValue::Score(x.max));
            let after = score_lokus(&i, &raised).score.expect("scored");
            assert!(
                (after - before - x.points).abs() <= 0.011,
                "{}: {before} → {after} vs +{}",
                x.indicator,
                x.points
            );
        }
        let w = weakest(&i, &a, 5);
        assert_eq!(
            w.iter().map(|g| g.indicator.as_str()).collect::<Vec<_>>(),
            ["c", "b"]
        );
        assert_eq!(weakest(&i, &a, 1).len(), 1);
        assert!(weakest(&i, &a, 0).is_empty());
    }

    #[test]
    fn gains_skip_unanswered_and_not_applicable_and_count_only_scored_dimensions() {
        let i = inst();
        // D1 has nothing scored (a N/A, b unanswered): c alone makes the score, and
        // raising it takes the lokus from 0 to 100.
        let a = answers(&[
            ("a", AnswerValue::NotApplicable),
            ("c", AnswerValue::Score(0)),
        ]);
        let g = gains(&i, &a);
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].indicator.as_str(), g[0].points), ("c", 100.0));
        assert!(gains(&i, &BTreeMap::new()).is_empty());
        // Everything at the maximum: nothing is weak.
        let full = answers(&[
            ("a", AnswerValue::Score(3)),
            ("b", AnswerValue::Score(3)),
            ("c", AnswerValue::Score(3)),
        ]);
        assert!(gains(&i, &full).is_empty() && weakest(&i, &full, 3).is_empty());
    }

    #[test]
    fn weakest_ties_keep_instrument_order() {
        let toml = instrument_toml(
            "t",
            &[("A", "hijau", 0)],
            &[("D", 100, &[("x", None), ("y", None), ("z", None)])],
        );
        let i = Instrument::from_toml(&toml).expect("valid test instrument");
        let a = answers(&[
            ("x", AnswerValue::Score(2)),
            ("y", AnswerValue::Score(1)),
            ("z", AnswerValue::Score(2)),
        ]);
        let w = weakest(&i, &a, 3);
        assert_eq!(
            w.iter().map(|g| g.indicator.as_str()).collect::<Vec<_>>(),
            ["y", "x", "z"]
        );
        // 100 × 1/3 × 2/3 = 22.22 and 100 × 1/3 × 1/3 = 11.11.
        assert_eq!((w[0].points, w[1].points), (22.22, 11.11));
    }
}
