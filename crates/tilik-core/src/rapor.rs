//! What the per-pemda report card ("rapor") says about one lokus beyond the report's
//! figures, as pure functions (issue 14, point 6): the weakest indicators with the points
//! each would add, the note behind each final answer, and the supervisor's final word —
//! the resolutions (final value and reason) and the current review decision with its
//! comment. Never an author's name and never a superseded candidate value: the rapor is a
//! document for the office, not the review trail (`tilik log` is).

use serde::Serialize;

use super::assessment::{AssessmentState, Slot};
use super::instrument::Instrument;
use super::op::{AnswerValue, ReviewState};
use super::review::ReviewStatus;
use super::scoring::{Gain, weakest};

/// One weak indicator: what raising it to the top of its scale adds, and what that top
/// level requires.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakIndicator {
    pub gain: Gain,
    pub short: String,
    pub text: String,
    /// Meaning of the scale's top level for this indicator ("Menyebutkan seluruh …").
    pub meet: String,
    /// The note behind the final answer (its author's, or the supervisor's resolution
    /// reason), without the author's name.
    pub note: Option<String>,
}

/// A conflict the supervisor resolved: the final value and the reason given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    pub indicator: String,
    pub short: String,
    pub value: AnswerValue,
    pub max: u8,
    pub reason: String,
}

/// The current supervisor decision when it carries words: its comment and, for an
/// approval past the guard, the reason given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FinalReview {
    /// The derived state (an approval edited afterwards shows as resubmitted).
    pub status: Option<ReviewStatus>,
    pub decided: ReviewState,
    pub comment: Option<String>,
    pub forced: Option<String>,
}

/// Counts of the fieldwork (issue 15): respondents, officials interviewed, the visit date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fieldwork {
    pub users: usize,
    pub officials: usize,
    pub visit: Option<String>,
}

/// Everything the rapor shows of one lokus besides the report's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LokusCard {
    pub weakest: Vec<WeakIndicator>,
    pub resolutions: Vec<Resolution>,
    pub review: Option<FinalReview>,
    /// Indicators still in conflict (their value is provisional; candidates not shown).
    pub conflicts: Vec<String>,
    pub fieldwork: Option<Fieldwork>,
}

/// The non-empty text, trimmed.
fn words(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

/// The note behind a slot's final answer: the resolution reason when the supervisor
/// resolved it, else the note of the final answer's author. `None` while in conflict (the
/// notes argue for different values).
#[must_use]
pub fn final_note(slot: &Slot) -> Option<String> {
    if slot.in_conflict() {
        return None;
    }
    let head = slot.display_head()?;
    match &head.resolution {
        Some(reason) => words(reason),
        None => slot.notes.get(&head.op.device).and_then(|n| words(&n.text)),
    }
}

/// The card of one lokus: the `n` weakest indicators not in conflict (by points,
/// [`weakest`]), the resolutions in instrument order, the current decision if it has words, open conflicts
/// and the fieldwork counts.
#[must_use]
pub fn lokus_card(inst: &Instrument, state: &AssessmentState, n: usize) -> LokusCard {
    let answers = state.answers();
    // An indicator still in conflict has no final value to improve on: it is listed with
    // the open conflicts, never with one of its candidates.
    let in_conflict = |id: &str| state.slots.get(id).is_some_and(Slot::in_conflict);
    let weak = weakest(inst, &answers, usize::MAX)
        .into_iter()
        .filter(|g| !in_conflict(&g.indicator))
        .take(n)
        .filter_map(|gain| {
            let pos = inst
                .indicators()
                .find(|p| p.indicator.id == gain.indicator)?;
            let ind = pos.indicator;
            let meet = inst
                .scale(&ind.scale)
                .and_then(|sc| ind.level_meaning(sc, gain.max))
                .unwrap_or("")
                .to_string();
            Some(WeakIndicator {
                note: state.slots.get(&ind.id).and_then(final_note),
                short: ind.short.clone(),
                text: ind.text.clone(),
                meet,
                gain,
            })
        })
        .collect();
    let mut resolutions = Vec::new();
    let mut conflicts = Vec::new();
    for p in inst.indicators() {
        let ind = p.indicator;
        let Some(slot) = state.slots.get(&ind.id) else {
            continue;
        };
        if slot.in_conflict() {
            conflicts.push(ind.id.clone());
            continue;
        }
        let Some(head) = slot.display_head() else {
            continue;
        };
        if let Some(reason) = &head.resolution {
            resolutions.push(Resolution {
                indicator: ind.id.clone(),
                short: ind.short.clone(),
                value: head.value,
                max: inst
                    .scale(&ind.scale)
                    .map_or(0, super::instrument::Scale::max),
                reason: reason.trim().to_string(),
            });
        }
    }
    let review = state.review.current().and_then(|d| {
        let comment = words(&d.comment);
        let forced = d.forced.as_deref().and_then(words);
        (comment.is_some() || forced.is_some()).then(|| FinalReview {
            status: state.review_status(),
            decided: d.state,
            comment,
            forced,
        })
    });
    LokusCard {
        weakest: weak,
        resolutions,
        review,
        conflicts,
        fieldwork: fieldwork(state),
    }
}

/// Respondents present (an official is one with a role) and the visit date; `None` when
/// there is none of either.
fn fieldwork(state: &AssessmentState) -> Option<Fieldwork> {
    let book = &state.survey;
    let (mut users, mut officials) = (0, 0);
    for r in book.respondents.values().filter(|r| r.present()) {
        if r.fields().and_then(|f| f.role.as_ref()).is_some() {
            officials += 1;
        } else {
            users += 1;
        }
    }
    let visit = book.visit().map(|v| v.date.clone());
    (users > 0 || officials > 0 || visit.is_some()).then_some(Fieldwork {
        users,
        officials,
        visit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assessment::{Candidate, NoteEntry};
    use crate::fixtures::instrument_toml;
    use crate::op::OpRef;
    use crate::review::Decision;

    fn inst() -> Instrument {
        let toml = instrument_toml(
            "t",
            &[("A", "hijau", 50), ("B", "merah", 0)],
            &[("D", 100, &[("x", None), ("y", None), ("z", None)])],
        );
        Instrument::from_toml(&toml).expect("valid test instrument")
    }

    fn head(dev: &str, seq: u64, hlc: u64, v: u8, resolution: Option<&str>) -> Candidate {
        Candidate {
            op: OpRef {
                device: dev.into(),
                seq,
            },
            value: AnswerValue::Score(v),
            hlc,
            wall_ms: 0,
            resolution: resolution.map(str::to_string),
        }
    }

    fn note(text: &str) -> NoteEntry {
        NoteEntry {
            seq: 1,
            text: text.into(),
            hlc: 1,
            wall_ms: 0,
        }
    }

    /// `x` resolved by the supervisor to 1 (both assessors wrote a note), `y` in
    /// conflict between the two assessors, `z` answered 2 by Rina with a note.
    fn state() -> AssessmentState {
        let mut s = AssessmentState::new("a");
        let mut x = Slot {
            heads: vec![head("sup", 1, 9, 1, Some(" Dokumen SK tidak ada "))],
            ..Slot::default()
        };
        x.notes.insert("rina".into(), note("SK ada di lemari"));
        x.notes.insert("budi".into(), note("SK tidak ditemukan"));
        s.slots.insert("x".into(), x);
        let mut y = Slot {
            heads: vec![head("rina", 2, 3, 1, None), head("budi", 2, 4, 0, None)],
            ..Slot::default()
        };
        y.notes.insert("rina".into(), note("lengkap"));
        s.slots.insert("y".into(), y);
        let mut z = Slot {
            heads: vec![head("rina", 3, 5, 2, None)],
            ..Slot::default()
        };
        z.notes.insert("rina".into(), note("brosur usang"));
        z.notes.insert("budi".into(), note("   "));
        s.slots.insert("z".into(), z);
        s
    }

    #[test]
    fn the_card_keeps_final_values_and_reasons_and_drops_candidates_and_names() {
        let i = inst();
        let s = state();
        let c = lokus_card(&i, &s, 5);
        assert_eq!(c.conflicts, ["y"]);
        assert_eq!(c.resolutions.len(), 1);
        let r = &c.resolutions[0];
        assert_eq!(
            (r.indicator.as_str(), r.value, r.max, r.reason.as_str()),
            ("x", AnswerValue::Score(1), 3, "Dokumen SK tidak ada")
        );
        // The weakest are those of the core function, in its order, with the note behind
        // the final answer: the resolution reason for x, Rina's own note for z.
        let w: Vec<(&str, f64, Option<&str>)> = c
            .weakest
            .iter()
            .map(|w| (w.gain.indicator.as_str(), w.gain.points, w.note.as_deref()))
            .collect();
        let core: Vec<Gain> = weakest(&i, &s.answers(), 5)
            .into_iter()
            .filter(|g| g.indicator != "y")
            .collect();
        assert!(
            weakest(&i, &s.answers(), 5)
                .iter()
                .any(|g| g.indicator == "y"),
            "the displayed candidate of y is weak, yet the card leaves it out"
        );
        assert_eq!(
            w.iter().map(|w| (w.0, w.1)).collect::<Vec<_>>(),
            core.iter()
                .map(|g| (g.indicator.as_str(), g.points))
                .collect::<Vec<_>>()
        );
        assert!(w.contains(&("x", core[0].points, Some("Dokumen SK tidak ada"))));
        assert!(w.iter().any(|w| w.0 == "z" && w.2 == Some("brosur usang")));
        assert!(c.weakest.iter().all(|w| w.meet == "tiga"));
        // Nothing of the losing side: no notes that argue for another value, no names.
        let text = serde_json::to_string(&c).expect("json");
        for absent in [
            "SK ada di lemari",
            "SK tidak ditemukan",
            "lengkap",
            "rina",
            "budi",
            "sup",
        ] {
            assert!(!text.contains(absent), "{absent} in {text}");
        }
        assert!(c.review.is_none() && c.fieldwork.is_none());
        assert_eq!(lokus_card(&i, &s, 1).weakest.len(), 1);
    }

    #[test]
    fn the_final_review_shows_only_with_words() {
        let i = inst();
        let mut s = state();
        let decision = |comment: &str, forced: Option<&str>, seq| Decision {
            op: OpRef {
                device: "sup".into(),
                seq,
            },
            state: ReviewState::Approved,
            comment: comment.into(),
            forced: forced.map(str::to_string),
            seen: vec![],
            hlc: seq,
            wall_ms: 0,
        };
        s.review.decisions.push(decision("  ", None, 5));
        assert!(lokus_card(&i, &s, 3).review.is_none());
        s.review
            .decisions
            .push(decision("Disetujui", Some("konflik y dibahas"), 6));
        let r = lokus_card(&i, &s, 3).review.expect("review");
        assert_eq!(r.decided, ReviewState::Approved);
        assert_eq!(r.comment.as_deref(), Some("Disetujui"));
        assert_eq!(r.forced.as_deref(), Some("konflik y dibahas"));
    }

    #[test]
    fn final_note_is_none_in_conflict_or_without_words() {
        let s = state();
        assert_eq!(final_note(&s.slots["y"]), None);
        assert_eq!(final_note(&s.slots["z"]).as_deref(), Some("brosur usang"));
        let mut z = s.slots["z"].clone();
        z.notes.insert("rina".into(), note(" "));
        assert_eq!(final_note(&z), None);
        assert_eq!(final_note(&Slot::default()), None);
    }
}
