//! Reports for supervisors as pure functions: per-pemda and per-lokus scores, ranks,
//! weakest indicators, the gap to a target and which indicators close it soonest, and the
//! change against another year. Every figure is computed from the raw answers with the
//! scoring rules of the instrument each assessment was given under.
//!
//! The result is one [`Report`] value; every output format (table, md, csv, xlsx, json,
//! svg) renders the same value, so figures are identical across formats.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::brief::Brief;
use super::instrument::{Instrument, Zone, round_to};
use super::op::AnswerValue;
use super::region::lokus_display;
use super::review::ReviewStatus;
use super::scoring::{classify, classify_lokus, score_lokus, score_pemda};

/// Where a pemda sits: its province and kind (`provinsi`, `kabupaten`, `kota`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PemdaInfo {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub province_code: String,
    pub province_name: String,
}

/// One assessment (its brief, with its derived levels set) with the instrument it was
/// given under and its authors' names.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    pub brief: &'a Brief,
    pub instrument: &'a Instrument,
    pub pemda: PemdaInfo,
    /// Device id → display name (for notes).
    pub names: &'a BTreeMap<String, String>,
}

/// What to include.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub round: Option<u16>,
    pub target: Option<f64>,
    pub compare: Option<u16>,
    /// How many weakest indicators to list per pemda and per lokus.
    pub weakest: usize,
    /// Report approved assessments alone (`--approved-only`): the others are left out of
    /// every figure and ranking, and counted in [`Report::left_out`].
    pub approved_only: bool,
}

/// A category as shown in reports.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    pub category: String,
    pub label: String,
    pub label_en: String,
    pub zone: Zone,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DimensionResult {
    pub id: String,
    pub name: String,
    pub weight: f64,
    pub score: Option<f64>,
}

/// One indicator of one lokus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorResult {
    pub assessment: String,
    pub lokus: String,
    pub dimension: String,
    pub indicator: String,
    pub text: String,
    /// Answer value, or `None` for N/A or unanswered.
    pub value: Option<u8>,
    pub max: u8,
    /// "t/a" when not applicable, "—" when unanswered, else the value.
    pub answer: String,
    /// 0–100 for this indicator.
    pub score: Option<f64>,
    /// Points of the lokus score gained if this indicator were raised to full marks.
    pub gain_lokus: f64,
    /// Points of the pemda score gained (the lokus gain divided by the number of lokus).
    pub gain_pemda: f64,
    pub notes: Vec<Note>,
    pub conflict: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub author: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LokusResult {
    pub assessment: String,
    pub lokus_type: String,
    pub lokus: String,
    pub instrument: String,
    /// The content hash of the exact instrument definition it was scored with.
    pub instrument_hash: String,
    pub score: Option<f64>,
    pub category: Option<Category>,
    pub dimensions: Vec<DimensionResult>,
    pub answered: usize,
    pub total: usize,
    pub finalized: bool,
    pub conflicts: usize,
    /// Not finalized, or an unresolved conflict: its score and category may still change.
    pub provisional: bool,
    /// The review state (`received`, `needs_revision`, `resubmitted`, `approved`,
    /// `rejected`), `None` before any supervisor decision (`docs/review.md`).
    pub review: Option<ReviewStatus>,
    pub weakest: Vec<IndicatorResult>,
    /// Every indicator of this lokus, in instrument order.
    pub indicators: Vec<IndicatorResult>,
    /// Respondents and the share per question of each survey (issue 15; filled by the
    /// workspace, see `survey::summary::attach`). No personal data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub surveys: Vec<crate::survey::summary::SurveySummary>,
    /// The visit to the lokus (date and times; no names).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visit: Option<crate::survey::summary::VisitSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub round: u16,
    pub score: f64,
    /// `store` (computed from assessments of that round) or `published`.
    pub source: String,
    pub change: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TargetPlan {
    pub target: f64,
    /// Points missing (0 when already at or above the target).
    pub gap: f64,
    /// Indicators to raise, best gain first, until the gap is closed.
    pub steps: Vec<IndicatorResult>,
    /// Score after the listed steps.
    pub reaches: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PemdaResult {
    pub round: u16,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub province_code: String,
    pub province_name: String,
    pub score: Option<f64>,
    pub category: Option<Category>,
    /// Rank among pemda of the same province in the data (1 = best).
    pub rank_province: Option<usize>,
    pub of_province: usize,
    /// Rank among pemda of the same kind (kota / kabupaten / provinsi) in the data.
    pub rank_kind: Option<usize>,
    pub of_kind: usize,
    /// Id of the instrument its lokus were scored with (`opini-2024`).
    pub instrument: String,
    /// Rank among every pemda of the same round scored with the same instrument in the
    /// data (the rapor's "peringkat").
    pub rank_instrument: Option<usize>,
    pub of_instrument: usize,
    pub lokus_assessed: usize,
    pub lokus_finalized: usize,
    pub conflicts: usize,
    /// Lokus whose assessment is not approved by a supervisor.
    pub not_approved: usize,
    /// True when any lokus is not finalized or has an unresolved conflict.
    pub provisional: bool,
    pub lokus: Vec<LokusResult>,
    pub weakest: Vec<IndicatorResult>,
    pub target: Option<TargetPlan>,
    pub compare: Option<Comparison>,
    /// The surveys of its lokus summed (issue 15). No personal data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub surveys: Vec<crate::survey::summary::SurveySummary>,
}

/// Everything a report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub schema: &'static str,
    pub round: Option<u16>,
    pub generated_ms: i64,
    pub provisional: bool,
    pub unresolved_conflicts: usize,
    pub unfinalized: usize,
    /// Every assessment in the report that a supervisor has not approved (the report stays
    /// provisional while any is listed).
    pub not_approved: Vec<NotApproved>,
    /// Only approved assessments are reported (`--approved-only`).
    pub approved_only: bool,
    /// Assessments of the round left out because they are not approved (`--approved-only`;
    /// before `--province` / `--pemda` narrow the report, so counted over the whole round).
    pub left_out: usize,
    pub pemda: Vec<PemdaResult>,
    /// Every unresolved conflict: (assessment, lokus, indicator).
    pub conflicts: Vec<ConflictRow>,
    /// Band thresholds of the instrument(s) used (for charts).
    pub bands: Vec<BandLine>,
    /// Every exact instrument definition the report scored with.
    pub instruments: Vec<InstrumentUsed>,
}

/// One instrument definition a report scored with: id, version and content hash.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InstrumentUsed {
    pub id: String,
    pub version: String,
    pub hash: String,
}

/// An assessment in a report that is not approved, and its review state (`None`: no
/// decision yet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotApproved {
    pub pemda_code: String,
    pub pemda: String,
    pub lokus: String,
    pub assessment: String,
    pub review: Option<ReviewStatus>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConflictRow {
    pub pemda: String,
    pub lokus: String,
    pub assessment: String,
    pub indicator: String,
    pub candidates: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BandLine {
    pub category: String,
    pub lower: f64,
    pub zone: Zone,
}

fn category_of(c: super::scoring::Classification) -> Category {
    Category {
        category: c.category,
        label: c.label,
        label_en: c.label_en,
        zone: c.zone,
    }
}

/// Per-indicator results of one lokus with gains, in instrument order.
fn indicator_results(i: &Input<'_>, lokus_count: usize) -> Vec<IndicatorResult> {
    let inst = i.instrument;
    let st = i.brief;
    let answers = st.answers();
    // The points each indicator would add, as the scoring module computes them.
    let gains: BTreeMap<String, f64> = super::scoring::gains(inst, &answers)
        .into_iter()
        .map(|g| (g.indicator, g.exact))
        .collect();
    let lokus_name = st.header.as_ref().map_or_else(String::new, |h| {
        lokus_display(&h.lokus, h.lokus_name.as_deref())
    });
    let mut out = Vec::new();
    for d in &inst.dimensions {
        for v in &d.variables {
            for ind in &v.indicators {
                let max = inst
                    .scale(&ind.scale)
                    .map_or(0, super::instrument::Scale::max);
                let (value, answer, score) = match answers.get(&ind.id) {
                    Some(AnswerValue::Score(s)) => (
                        Some(*s),
                        s.to_string(),
                        (max > 0).then(|| round_to(100.0 * f64::from(*s) / f64::from(max), 2)),
                    ),
                    Some(AnswerValue::NotApplicable) => (None, "t/a".to_string(), None),
                    _ => (None, "—".to_string(), None),
                };
                let gain_lokus = gains.get(&ind.id).copied().unwrap_or(0.0);
                #[allow(clippy::cast_precision_loss)]
                let gain_pemda = gain_lokus / lokus_count.max(1) as f64;
                let notes = st.notes.get(&ind.id).map_or_else(Vec::new, |n| {
                    n.iter()
                        .map(|(dev, text)| Note {
                            author: i.names.get(dev).cloned().unwrap_or_default(),
                            text: text.clone(),
                        })
                        .collect()
                });
                out.push(IndicatorResult {
                    assessment: st.id.clone(),
                    lokus: lokus_name.clone(),
                    dimension: d.name.clone(),
                    indicator: ind.id.clone(),
                    text: ind.short.clone(),
                    value,
                    max,
                    answer,
                    score,
                    gain_lokus: round_to(gain_lokus, 2),
                    gain_pemda: round_to(gain_pemda, 2),
                    notes,
                    conflict: st.in_conflict(&ind.id),
                });
            }
        }
    }
    out
}

/// The weakest answered indicators: lowest score first, then largest gain.
fn weakest(list: &[IndicatorResult], n: usize, by_pemda: bool) -> Vec<IndicatorResult> {
    let mut v: Vec<&IndicatorResult> = list
        .iter()
        .filter(|r| r.value.is_some_and(|x| x < r.max))
        .collect();
    v.sort_by(|a, b| {
        let (ga, gb) = if by_pemda {
            (a.gain_pemda, b.gain_pemda)
        } else {
            (a.gain_lokus, b.gain_lokus)
        };
        a.score
            .unwrap_or(0.0)
            .total_cmp(&b.score.unwrap_or(0.0))
            .then(gb.total_cmp(&ga))
            .then(a.lokus.cmp(&b.lokus))
            .then(a.indicator.cmp(&b.indicator))
    });
    v.into_iter().take(n).cloned().collect()
}

/// Rank by score descending; equal scores share a rank.
fn ranks(scores: &[(usize, f64)]) -> BTreeMap<usize, usize> {
    let mut v = scores.to_vec();
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out = BTreeMap::new();
    let mut rank = 0;
    let mut last: Option<f64> = None;
    for (pos, (idx, s)) in v.iter().enumerate() {
        if last != Some(*s) {
            rank = pos + 1;
            last = Some(*s);
        }
        out.insert(*idx, rank);
    }
    out
}

/// Build the report. `previous` holds other rounds' scores per pemda code for `--compare`
/// (from the store), and `published` imported published results; store figures win.
#[must_use]
pub fn build(
    inputs: &[Input<'_>],
    opts: &Options,
    previous: &BTreeMap<(u16, String), f64>,
    published: &BTreeMap<(u16, String), f64>,
    generated_ms: i64,
) -> Report {
    // Group by (round, pemda code).
    let mut groups: BTreeMap<(u16, String), Vec<&Input<'_>>> = BTreeMap::new();
    let mut left_out = 0;
    for i in inputs {
        let Some(h) = &i.brief.header else { continue };
        if opts.round.is_some_and(|r| r != h.round) {
            continue;
        }
        if opts.approved_only && i.brief.review_status() != Some(ReviewStatus::Approved) {
            left_out += 1;
            continue;
        }
        groups
            .entry((h.round, i.pemda.code.clone()))
            .or_default()
            .push(i);
    }
    let mut pemda = Vec::new();
    let mut conflicts = Vec::new();
    let mut not_approved = Vec::new();
    let mut bands: Vec<BandLine> = Vec::new();
    let mut instruments: BTreeSet<InstrumentUsed> = BTreeSet::new();
    for ((round, _), list) in &groups {
        let info = list[0].pemda.clone();
        let inst = list[0].instrument;
        for b in inst.sorted_bands() {
            if !bands
                .iter()
                .any(|x| x.category == b.category && x.lower == b.lower)
            {
                bands.push(BandLine {
                    category: b.category.clone(),
                    lower: b.lower,
                    zone: b.zone,
                });
            }
        }
        // Lokus that have a score (the pemda mean runs over these).
        let n = list
            .iter()
            .filter(|i| {
                score_lokus(i.instrument, &i.brief.answers())
                    .score
                    .is_some()
            })
            .count();
        let mut lokus = Vec::new();
        let mut all_ind = Vec::new();
        for i in list {
            let answers = i.brief.answers();
            let sc = score_lokus(i.instrument, &answers);
            let cat = sc
                .score
                .and_then(|s| classify_lokus(i.instrument, s, &answers))
                .map(category_of);
            let inds = indicator_results(i, n);
            let h = i.brief.header.as_ref();
            let name = h.map_or_else(String::new, |h| {
                lokus_display(&h.lokus, h.lokus_name.as_deref())
            });
            for (c, heads) in &i.brief.conflicts {
                conflicts.push(ConflictRow {
                    pemda: info.name.clone(),
                    lokus: name.clone(),
                    assessment: i.brief.id.clone(),
                    indicator: c.clone(),
                    candidates: heads
                        .iter()
                        .map(|hd| {
                            format!(
                                "{} ({})",
                                hd.value.short(false),
                                i.names.get(&hd.device).cloned().unwrap_or_default()
                            )
                        })
                        .collect(),
                });
            }
            let review = i.brief.review_status();
            if review != Some(ReviewStatus::Approved) {
                not_approved.push(NotApproved {
                    pemda_code: info.code.clone(),
                    pemda: info.name.clone(),
                    lokus: name.clone(),
                    assessment: i.brief.id.clone(),
                    review,
                });
            }
            if let Some(h) = h {
                instruments.insert(InstrumentUsed {
                    id: h.instrument.id.clone(),
                    version: h.instrument.version.clone(),
                    hash: h.instrument.hash.clone(),
                });
            }
            lokus.push(LokusResult {
                assessment: i.brief.id.clone(),
                lokus_type: h.map(|h| h.lokus.clone()).unwrap_or_default(),
                lokus: name,
                instrument: i.instrument.id.clone(),
                instrument_hash: h.map(|h| h.instrument.hash.clone()).unwrap_or_default(),
                score: sc.score,
                category: cat,
                dimensions: sc
                    .dimensions
                    .iter()
                    .map(|g| DimensionResult {
                        id: g.id.clone(),
                        name: g.name.clone(),
                        weight: g.weight,
                        score: g.score,
                    })
                    .collect(),
                answered: sc.answered,
                total: sc.total,
                finalized: i.brief.is_final(),
                conflicts: i.brief.conflicts.len(),
                provisional: !i.brief.is_final() || !i.brief.conflicts.is_empty(),
                review,
                weakest: weakest(&inds, opts.weakest, false),
                indicators: inds.clone(),
                surveys: Vec::new(),
                visit: None,
            });
            all_ind.extend(inds);
        }
        lokus.sort_by(|a, b| {
            b.score
                .unwrap_or(-1.0)
                .total_cmp(&a.score.unwrap_or(-1.0))
                .then(a.lokus.cmp(&b.lokus))
        });
        let scored: Vec<f64> = lokus.iter().filter_map(|l| l.score).collect();
        let score = score_pemda(inst, &scored);
        let category = score.and_then(|s| classify(inst, s)).map(category_of);
        let finalized = lokus.iter().filter(|l| l.finalized).count();
        let nconf: usize = lokus.iter().map(|l| l.conflicts).sum();
        let unapproved = lokus
            .iter()
            .filter(|l| l.review != Some(ReviewStatus::Approved))
            .count();
        let target = opts.target.zip(score).map(|(t, s)| {
            let gap = round_to((t - s).max(0.0), 2);
            let mut cands: Vec<&IndicatorResult> =
                all_ind.iter().filter(|r| r.gain_pemda > 0.0).collect();
            cands.sort_by(|a, b| {
                b.gain_pemda
                    .total_cmp(&a.gain_pemda)
                    .then(a.lokus.cmp(&b.lokus))
                    .then(a.indicator.cmp(&b.indicator))
            });
            let mut steps = Vec::new();
            let mut reached = s;
            for c in cands {
                if reached >= t {
                    break;
                }
                reached += c.gain_pemda;
                steps.push(c.clone());
            }
            TargetPlan {
                target: t,
                gap,
                steps,
                reaches: round_to(reached.min(100.0), 2),
            }
        });
        let compare = opts.compare.and_then(|y| {
            let key = (y, info.code.clone());
            let (prev, source) = previous
                .get(&key)
                .map(|p| (*p, "store"))
                .or_else(|| published.get(&key).map(|p| (*p, "published")))?;
            score.map(|s| Comparison {
                round: y,
                score: prev,
                source: source.to_string(),
                change: round_to(s - prev, 2),
            })
        });
        pemda.push(PemdaResult {
            round: *round,
            code: info.code.clone(),
            name: info.name.clone(),
            kind: info.kind.clone(),
            province_code: info.province_code.clone(),
            province_name: info.province_name.clone(),
            score,
            category,
            rank_province: None,
            of_province: 0,
            rank_kind: None,
            of_kind: 0,
            instrument: inst.id.clone(),
            rank_instrument: None,
            of_instrument: 0,
            lokus_assessed: lokus.len(),
            lokus_finalized: finalized,
            conflicts: nconf,
            not_approved: unapproved,
            provisional: finalized < lokus.len() || nconf > 0,
            weakest: weakest(&all_ind, opts.weakest, true),
            lokus,
            target,
            compare,
            surveys: Vec::new(),
        });
    }
    // Ranks within (round, province), within (round, kind) and within (round,
    // instrument), over scored pemda.
    let mut by_prov: BTreeMap<(u16, String), Vec<(usize, f64)>> = BTreeMap::new();
    let mut by_kind: BTreeMap<(u16, String), Vec<(usize, f64)>> = BTreeMap::new();
    let mut by_inst: BTreeMap<(u16, String), Vec<(usize, f64)>> = BTreeMap::new();
    for (idx, p) in pemda.iter().enumerate() {
        if let Some(s) = p.score {
            by_inst
                .entry((p.round, p.instrument.clone()))
                .or_default()
                .push((idx, s));
            by_prov
                .entry((p.round, p.province_code.clone()))
                .or_default()
                .push((idx, s));
            by_kind
                .entry((p.round, p.kind.clone()))
                .or_default()
                .push((idx, s));
        }
    }
    for list in by_prov.values() {
        let r = ranks(list);
        for (idx, rank) in r {
            pemda[idx].rank_province = Some(rank);
            pemda[idx].of_province = list.len();
        }
    }
    for list in by_kind.values() {
        let r = ranks(list);
        for (idx, rank) in r {
            pemda[idx].rank_kind = Some(rank);
            pemda[idx].of_kind = list.len();
        }
    }
    for list in by_inst.values() {
        let r = ranks(list);
        for (idx, rank) in r {
            pemda[idx].rank_instrument = Some(rank);
            pemda[idx].of_instrument = list.len();
        }
    }
    pemda.sort_by(|a, b| {
        (b.round)
            .cmp(&a.round)
            .then(b.score.unwrap_or(-1.0).total_cmp(&a.score.unwrap_or(-1.0)))
            .then(a.name.cmp(&b.name))
    });
    bands.sort_by(|a, b| b.lower.total_cmp(&a.lower));
    let unresolved: usize = pemda.iter().map(|p| p.conflicts).sum();
    let unfinalized: usize = pemda
        .iter()
        .map(|p| p.lokus_assessed - p.lokus_finalized)
        .sum();
    not_approved.sort_by(|a, b| {
        (&a.pemda, &a.lokus, &a.assessment).cmp(&(&b.pemda, &b.lokus, &b.assessment))
    });
    Report {
        schema: "tilik-report-v1",
        round: opts.round,
        generated_ms,
        provisional: unresolved > 0 || unfinalized > 0 || !not_approved.is_empty(),
        unresolved_conflicts: unresolved,
        unfinalized,
        not_approved,
        approved_only: opts.approved_only,
        left_out,
        pemda,
        conflicts,
        bands,
        instruments: instruments.into_iter().collect(),
    }
}

/// Which pemda a report keeps: those of one province, one pemda, or all (codes already
/// resolved from what the user typed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// Kemendagri code of the province (`61`).
    pub province_code: Option<String>,
    /// Kemendagri code of the pemda (`61.71`).
    pub pemda_code: Option<String>,
}

impl Report {
    /// The report restricted to `scope`: only its pemda and their unresolved conflicts,
    /// with the report-wide counts and the provisional flag recomputed over what is kept
    /// (so `--strict` judges exactly what the report shows).
    #[must_use]
    pub fn within(mut self, scope: &Scope) -> Report {
        if let Some(prov) = &scope.province_code {
            self.pemda.retain(|p| &p.province_code == prov);
        }
        if let Some(code) = &scope.pemda_code {
            self.pemda.retain(|p| &p.code == code);
        }
        let names: BTreeSet<&str> = self.pemda.iter().map(|p| p.name.as_str()).collect();
        self.conflicts.retain(|c| names.contains(c.pemda.as_str()));
        let codes: BTreeSet<&str> = self.pemda.iter().map(|p| p.code.as_str()).collect();
        self.not_approved
            .retain(|n| codes.contains(n.pemda_code.as_str()));
        self.unresolved_conflicts = self.pemda.iter().map(|p| p.conflicts).sum();
        self.unfinalized = self
            .pemda
            .iter()
            .map(|p| p.lokus_assessed - p.lokus_finalized)
            .sum();
        self.provisional =
            self.unresolved_conflicts > 0 || self.unfinalized > 0 || !self.not_approved.is_empty();
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pemda(code: &str, province: &str, name: &str, finalized: usize) -> PemdaResult {
        PemdaResult {
            round: 2024,
            code: code.into(),
            name: name.into(),
            kind: "kota".into(),
            province_code: province.into(),
            province_name: String::new(),
            score: Some(80.0),
            category: None,
            rank_province: Some(1),
            of_province: 1,
            rank_kind: Some(1),
            of_kind: 2,
            instrument: "opini-2024".into(),
            rank_instrument: Some(1),
            of_instrument: 2,
            lokus_assessed: 2,
            lokus_finalized: finalized,
            conflicts: usize::from(finalized < 2),
            not_approved: 0,
            provisional: finalized < 2,
            lokus: Vec::new(),
            weakest: Vec::new(),
            target: None,
            compare: None,
            surveys: Vec::new(),
        }
    }

    fn report() -> Report {
        let conflict = |pemda: &str| ConflictRow {
            pemda: pemda.into(),
            lokus: "DPMPTSP".into(),
            assessment: "a".into(),
            indicator: "P.1".into(),
            candidates: vec![],
        };
        Report {
            schema: "tilik-report-v1",
            round: None,
            generated_ms: 0,
            provisional: true,
            unresolved_conflicts: 1,
            unfinalized: 1,
            not_approved: vec![NotApproved {
                pemda_code: "61.71".into(),
                pemda: "Kota Pontianak".into(),
                lokus: "DPMPTSP".into(),
                assessment: "a".into(),
                review: Some(ReviewStatus::NeedsRevision),
            }],
            approved_only: false,
            left_out: 0,
            pemda: vec![
                pemda("61.71", "61", "Kota Pontianak", 1),
                pemda("64.74", "64", "Kota Bontang", 2),
            ],
            conflicts: vec![conflict("Kota Pontianak")],
            bands: vec![],
            instruments: vec![],
        }
    }

    #[test]
    fn scope_keeps_its_pemda_and_recomputes_the_flags() {
        let all = report().within(&Scope::default());
        assert_eq!(all, report());
        let final_only = report().within(&Scope {
            province_code: Some("64".into()),
            pemda_code: None,
        });
        assert_eq!(final_only.pemda.len(), 1);
        assert!(final_only.conflicts.is_empty());
        assert!(final_only.not_approved.is_empty());
        assert_eq!(
            (
                final_only.provisional,
                final_only.unresolved_conflicts,
                final_only.unfinalized
            ),
            (false, 0, 0)
        );
        let one = report().within(&Scope {
            province_code: None,
            pemda_code: Some("61.71".into()),
        });
        assert_eq!(one.pemda[0].name, "Kota Pontianak");
        assert_eq!(one.conflicts.len(), 1);
        assert_eq!(one.not_approved.len(), 1);
        assert!(one.provisional);
        let none = report().within(&Scope {
            province_code: Some("61".into()),
            pemda_code: Some("64.74".into()),
        });
        assert!(none.pemda.is_empty() && !none.provisional);
    }

    #[test]
    fn ranks_share_ties() {
        let r = ranks(&[(0, 90.0), (1, 95.0), (2, 90.0), (3, 80.0)]);
        assert_eq!(r[&1], 1);
        assert_eq!(r[&0], 2);
        assert_eq!(r[&2], 2);
        assert_eq!(r[&3], 4);
    }
}
