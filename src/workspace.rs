//! The one API that the terminal UI and the command line both call: open a store with its
//! instruments and regions, create assessments, answer, note, attach, flag, undo,
//! finalize, and read summaries with live scores.

mod report;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde::Serialize;

use crate::assets::{self, OverrideProblem};
use crate::config::Dirs;
use crate::core::assessment::{AssessmentKey, AssessmentState};
use crate::core::instrument::{Catalog, Instrument, InstrumentRef, Zone};
use crate::core::op::{AnswerValue, BlobRef, Op, OpBody, OpRef, ReviewState, Status};
use crate::core::region::{Region, Regions, lokus_display, lokus_type};
use crate::core::scoring::{LokusScore, classify_lokus, score_lokus};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::identity::{Identity, Role, short_fingerprint};
use crate::storage::{Recovery, Store};

pub mod sync;
// --- supervisor (issue 6) ---
mod supervisor;
pub use supervisor::DashRow;
mod tui_support;

/// Milliseconds since the epoch, now.
#[must_use]
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// One line of the assessment list.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub id: String,
    pub round: u16,
    pub pemda: String,
    pub pemda_name: String,
    pub lokus: String,
    pub lokus_name: String,
    pub instrument: String,
    pub answered: usize,
    pub total: usize,
    pub score: Option<f64>,
    pub category: Option<String>,
    pub label: Option<String>,
    pub zone: Option<Zone>,
    /// `draft`, `final` or `edited_after_final`.
    pub status: &'static str,
    pub conflicts: usize,
    pub flagged: usize,
    pub review: Option<ReviewState>,
    pub last_change_ms: i64,
}

/// Everything about one assessment.
#[derive(Debug, Clone)]
pub struct Detail {
    pub summary: Summary,
    pub instrument: Instrument,
    pub score: LokusScore,
    pub state: AssessmentState,
}

/// One line of `tilik log`.
#[derive(Debug, Clone, Serialize)]
pub struct LogEntry {
    pub device: String,
    pub who: String,
    pub seq: u64,
    pub wall_ms: i64,
    pub kind: &'static str,
    pub indicator: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// Result of creating (or reopening) an assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub id: String,
    pub created: bool,
}

/// Where the checklist was last left, to reopen at the same place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct UiPosition {
    pub assessment: Option<String>,
    pub indicator: Option<String>,
}

pub struct Workspace {
    store: Store,
    catalog: Catalog,
    regions: Regions,
    dirs: Dirs,
    pub lang: Lang,
    /// Override files that could not be used (shown as warnings).
    pub override_problems: Vec<OverrideProblem>,
    /// Exact instrument definitions by content hash (parsed once per process).
    inst_cache: std::cell::RefCell<BTreeMap<String, Instrument>>,
}

impl Workspace {
    /// Open the store and load instruments and regions.
    ///
    /// # Errors
    /// See [`Store::open`].
    pub fn open(dirs: &Dirs, lang: Lang) -> Result<Workspace> {
        let store = Store::open(&dirs.store())?;
        let (catalog, override_problems) = assets::catalog(Some(&dirs.instruments()));
        let ws = Workspace {
            store,
            catalog,
            regions: assets::regions(),
            dirs: dirs.clone(),
            lang,
            override_problems,
            inst_cache: std::cell::RefCell::default(),
        };
        Ok(ws)
    }

    #[must_use]
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Rebuild every projection from the op log one assessment at a time and compare it
    /// with the live one (`tilik store rebuild [--check]`); with `fix`, replace those that
    /// differ.
    ///
    /// # Errors
    /// Storage failure.
    pub fn rebuild_check(&self, fix: bool) -> Result<crate::storage::RebuildCheck> {
        self.store.rebuild_check(fix)
    }

    #[must_use]
    pub fn dirs(&self) -> &Dirs {
        &self.dirs
    }
    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
    #[must_use]
    pub fn regions(&self) -> &Regions {
        &self.regions
    }

    /// The one pemda a code or a name means (`61.71`, `Kota Pontianak`, `pontianak`).
    ///
    /// # Errors
    /// [`Error::UnknownRegion`] when nothing matches; [`Error::AmbiguousRegion`] with up
    /// to six candidates when several do.
    pub fn region(&self, code_or_name: &str) -> Result<&Region> {
        self.regions.resolve(code_or_name).map_err(|c| {
            if c.is_empty() {
                Error::UnknownRegion(code_or_name.to_string())
            } else {
                Error::AmbiguousRegion(
                    code_or_name.to_string(),
                    c.iter()
                        .take(6)
                        .map(|r| format!("{} {}", r.code, r.name))
                        .collect(),
                )
            }
        })
    }
    /// The store was a copy or a restore and got a new device key on opening.
    #[must_use]
    pub fn rotated(&self) -> bool {
        self.store.rotated
    }

    /// sled could not open the store: it was moved aside and rebuilt from the journal.
    #[must_use]
    pub fn recovered(&self) -> Option<&Recovery> {
        self.store.recovered.as_ref()
    }

    /// One sentence for the user after a rebuild from the journal: what happened, where
    /// the damaged copy is, and how to get imported bundles back (they live in the inbox,
    /// outside the store; `import --retry` cannot help, its quarantine list was in the
    /// damaged store).
    #[must_use]
    pub fn recovery_notice(&self) -> Option<String> {
        let r = self.store.recovered.as_ref()?;
        let inbox = self.dirs.data.join("inbox");
        let bundles = std::fs::read_dir(&inbox).map_or(0, |d| {
            d.filter_map(std::result::Result::ok)
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().to_string();
                    !n.starts_with('.') && (n.ends_with(".tilik") || n.ends_with(".tilik.age"))
                })
                .count()
        });
        let aside = r.aside.display();
        let glob = inbox.join("*.tilik*");
        let glob = glob.display();
        Some(match (self.lang.en(), bundles) {
            (true, 0) => format!(
                "The store was damaged and could not be opened, so tilik moved it to {aside} (nothing was deleted) and rebuilt it from this device's journal: every saved answer is kept, under the same device key."
            ),
            (true, n) => format!(
                "The store was damaged and could not be opened, so tilik moved it to {aside} (nothing was deleted) and rebuilt it from this device's journal: every saved answer is kept, under the same device key, but the {n} bundle file(s) imported earlier must be imported again from the inbox with: tilik import {glob}"
            ),
            (false, 0) => format!(
                "Penyimpanan rusak dan tidak dapat dibuka, jadi tilik memindahkannya ke {aside} (tidak ada yang dihapus) dan membangunnya kembali dari jurnal perangkat ini: semua jawaban yang sudah tersimpan tetap ada, dengan kunci perangkat yang sama."
            ),
            (false, n) => format!(
                "Penyimpanan rusak dan tidak dapat dibuka, jadi tilik memindahkannya ke {aside} (tidak ada yang dihapus) dan membangunnya kembali dari jurnal perangkat ini: semua jawaban yang sudah tersimpan tetap ada, dengan kunci perangkat yang sama, tetapi {n} berkas bundel yang pernah diimpor perlu diimpor ulang dari kotak masuk dengan: tilik import {glob}"
            ),
        })
    }

    // ---- identity -------------------------------------------------------------------

    /// # Errors
    /// Storage failure.
    pub fn identity(&self) -> Result<Option<Identity>> {
        self.store.identity()
    }

    /// # Errors
    /// `NotInitialized` when `init` has not run.
    pub fn require_identity(&self) -> Result<Identity> {
        self.store.identity()?.ok_or(Error::NotInitialized)
    }

    /// Create this device's identity.
    ///
    /// # Errors
    /// `AlreadyInitialized`, `EmptyName`, storage failure.
    pub fn init(
        &self,
        name: &str,
        nip: Option<String>,
        office: Option<String>,
        role: Role,
    ) -> Result<Identity> {
        if self.store.identity()?.is_some() {
            return Err(Error::AlreadyInitialized);
        }
        let id = Identity::generate(name, nip, office, role, now_ms())?;
        self.store.set_identity(&id)?;
        self.age_identity()?;
        self.remember_name(&id.device, &id.name)?;
        Ok(id)
    }

    /// Remember the display name of a device (own identity, roster, bundle exporter).
    ///
    /// # Errors
    /// Storage failure.
    pub fn remember_name(&self, device: &str, name: &str) -> Result<()> {
        let key = format!("name/{device}");
        if self.store.meta_get::<String>(&key)?.as_deref() != Some(name) {
            self.store.meta_put(&key, &name)?;
        }
        Ok(())
    }

    /// Display name of a device: its remembered name or its short fingerprint.
    #[must_use]
    pub fn device_name(&self, device: &str) -> String {
        if let Ok(Some(id)) = self.store.identity()
            && (id.device == device || id.retired.iter().any(|d| d == device))
        {
            return id.name;
        }
        self.store
            .meta_get::<String>(&format!("name/{device}"))
            .ok()
            .flatten()
            .unwrap_or_else(|| short_fingerprint(device))
    }

    // ---- instruments ----------------------------------------------------------------

    /// An instrument by id from the catalog.
    ///
    /// # Errors
    /// `UnknownInstrument`.
    pub fn instrument(&self, id: &str) -> Result<&Instrument> {
        self.catalog
            .get(id)
            .ok_or_else(|| Error::UnknownInstrument(id.to_string()))
    }

    /// Keep the exact definition an assessment was made under, by hash.
    fn keep_instrument(&self, inst: &Instrument) -> Result<InstrumentRef> {
        let r = inst.reference()?;
        if self.inst_cache.borrow().contains_key(&r.hash) {
            return Ok(r);
        }
        let key = format!("inst/{}", r.hash);
        if self.store.meta_get::<Instrument>(&key)?.is_none() {
            self.store.meta_put(&key, inst)?;
        }
        self.inst_cache
            .borrow_mut()
            .insert(r.hash.clone(), inst.clone());
        Ok(r)
    }

    /// The exact instrument an answer reference names: from the store by hash, else the
    /// catalog when its hash matches, else the catalog's version of the same id.
    ///
    /// # Errors
    /// `UnknownInstrument` when neither has it.
    pub fn instrument_for(&self, r: &InstrumentRef) -> Result<Instrument> {
        // Definitions are content-addressed: one parse per hash per process (parsing the
        // JSON was ~94 µs of every saved answer, BENCHMARKS.md).
        if let Some(i) = self.inst_cache.borrow().get(&r.hash) {
            return Ok(i.clone());
        }
        if let Some(i) = self
            .store
            .meta_get::<Instrument>(&format!("inst/{}", r.hash))?
        {
            self.inst_cache
                .borrow_mut()
                .insert(r.hash.clone(), i.clone());
            return Ok(i);
        }
        self.catalog
            .get(&r.id)
            .cloned()
            .ok_or_else(|| Error::UnknownInstrument(r.id.clone()))
    }

    // ---- assessments ----------------------------------------------------------------

    /// Create an assessment, or return the existing one with the same key.
    ///
    /// # Errors
    /// Unknown instrument, region or lokus type; missing name; no identity.
    pub fn new_assessment(
        &self,
        round: u16,
        instrument: Option<&str>,
        pemda: &str,
        lokus: &str,
        name: Option<&str>,
    ) -> Result<Created> {
        let me = self.require_identity()?;
        let inst = match instrument {
            Some(id) => self.instrument(id)?,
            None => self
                .catalog
                .for_round(round)
                .ok_or_else(|| Error::UnknownInstrument(format!("{round}")))?,
        };
        let region = self.region(pemda)?;
        let lt = lokus_type(lokus).ok_or_else(|| Error::UnknownLokusType(lokus.to_string()))?;
        let name = name.map(str::trim).filter(|s| !s.is_empty());
        if lt.needs_name && name.is_none() {
            return Err(Error::LokusNameRequired(lt.name.to_string()));
        }
        let key = AssessmentKey {
            round,
            pemda: region.code.clone(),
            lokus: lt.code.to_string(),
            lokus_name: name.map(str::to_string),
            family: inst.family.clone(),
        };
        let id = key.id();
        if self
            .store
            .assessment(&id)?
            .is_some_and(|s| s.header.is_some())
        {
            return Ok(Created { id, created: false });
        }
        let iref = self.keep_instrument(inst)?;
        let body = OpBody::CreateAssessment {
            assessment: id.clone(),
            round,
            pemda: region.code.clone(),
            pemda_name: region.name.clone(),
            lokus: lt.code.to_string(),
            lokus_name: name.map(str::to_string),
            family: inst.family.clone(),
            instrument: iref,
        };
        self.store.commit(&me.device, &[(body, None)], now_ms())?;
        Ok(Created { id, created: true })
    }

    /// Find an assessment by full id or unique prefix (at least 4 characters).
    ///
    /// # Errors
    /// `UnknownAssessment` / `AmbiguousAssessment`.
    pub fn resolve_id(&self, q: &str) -> Result<String> {
        let q = q.trim().to_lowercase();
        let ids = self.store.assessment_ids()?;
        if ids.contains(&q) {
            return Ok(q);
        }
        let hits: Vec<String> = if q.len() >= 4 {
            ids.into_iter().filter(|i| i.starts_with(&q)).collect()
        } else {
            Vec::new()
        };
        match hits.len() {
            1 => Ok(hits[0].clone()),
            0 => Err(Error::UnknownAssessment(q)),
            _ => Err(Error::AmbiguousAssessment(q, hits)),
        }
    }

    fn state(&self, id: &str) -> Result<AssessmentState> {
        self.store
            .assessment(id)?
            .filter(|s| s.header.is_some())
            .ok_or_else(|| Error::UnknownAssessment(id.to_string()))
    }

    /// Summary of every assessment, newest change first.
    ///
    /// # Errors
    /// Storage failure.
    pub fn list(&self) -> Result<Vec<Summary>> {
        let mut out = Vec::new();
        let mut cache: BTreeMap<String, Instrument> = BTreeMap::new();
        for st in self.store.assessments_iter() {
            let st = st?;
            let Some(h) = &st.header else { continue };
            let inst = match cache.get(&h.instrument.hash) {
                Some(i) => i.clone(),
                None => {
                    let Ok(i) = self.instrument_for(&h.instrument) else {
                        continue;
                    };
                    cache.insert(h.instrument.hash.clone(), i.clone());
                    i
                }
            };
            let score = score_lokus(&inst, &st.answers());
            out.push(self.summarize(&st, &inst, &score));
        }
        out.sort_by(|a, b| {
            (&a.pemda_name, &a.lokus_name, a.round).cmp(&(&b.pemda_name, &b.lokus_name, b.round))
        });
        Ok(out)
    }

    fn summarize(&self, st: &AssessmentState, inst: &Instrument, score: &LokusScore) -> Summary {
        let h = st.header.as_ref();
        let answers = st.answers();
        let class = score.score.and_then(|s| classify_lokus(inst, s, &answers));
        let status = if st.edited_after_final() {
            "edited_after_final"
        } else if st.is_final() {
            "final"
        } else {
            "draft"
        };
        Summary {
            id: st.id.clone(),
            round: h.map_or(0, |h| h.round),
            pemda: h.map(|h| h.pemda.clone()).unwrap_or_default(),
            pemda_name: h.map(|h| h.pemda_name.clone()).unwrap_or_default(),
            lokus: h.map(|h| h.lokus.clone()).unwrap_or_default(),
            lokus_name: h
                .map(|h| lokus_display(&h.lokus, h.lokus_name.as_deref()))
                .unwrap_or_default(),
            instrument: inst.id.clone(),
            answered: score.answered,
            total: score.total,
            score: score.score,
            category: class.as_ref().map(|c| c.category.clone()),
            label: class.as_ref().map(|c| {
                if self.lang.en() {
                    c.label_en.clone()
                } else {
                    c.label.clone()
                }
            }),
            zone: class.as_ref().map(|c| c.zone),
            status,
            conflicts: st.conflicts().len(),
            flagged: st.slots.values().filter(|s| s.flagged()).count(),
            review: st.latest_review().map(|r| r.state),
            last_change_ms: st.last_change_ms,
        }
    }

    /// Everything about one assessment.
    ///
    /// # Errors
    /// `UnknownAssessment`, unknown instrument.
    pub fn detail(&self, id: &str) -> Result<Detail> {
        let st = self.state(id)?;
        let h = st
            .header
            .as_ref()
            .ok_or_else(|| Error::UnknownAssessment(id.into()))?;
        let inst = self.instrument_for(&h.instrument)?;
        let score = score_lokus(&inst, &st.answers());
        let summary = self.summarize(&st, &inst, &score);
        Ok(Detail {
            summary,
            instrument: inst,
            score,
            state: st,
        })
    }

    /// Parse an answer typed by the user: a scale value or key, or `n`/`na`/`t/a` for N/A.
    ///
    /// # Errors
    /// `ValueOutOfScale`.
    pub fn parse_value(inst: &Instrument, indicator: &str, raw: &str) -> Result<AnswerValue> {
        let pos = inst
            .indicator(indicator)
            .ok_or_else(|| Error::UnknownIndicator {
                indicator: indicator.to_string(),
                instrument: inst.id.clone(),
            })?;
        let ind = pos.indicator;
        let scale = inst
            .scale(&ind.scale)
            .ok_or_else(|| Error::UnknownInstrument(ind.scale.clone()))?;
        let mut allowed: Vec<String> = scale
            .levels
            .iter()
            .map(|l| l.key_char().to_string())
            .collect();
        if ind.allow_na {
            allowed.push("n".into());
        }
        let bad = || Error::ValueOutOfScale {
            indicator: ind.id.clone(),
            value: raw.to_string(),
            allowed: allowed.join(", "),
        };
        let t = raw.trim().to_lowercase();
        if matches!(t.as_str(), "n" | "na" | "n/a" | "t/a" | "ta") {
            return if ind.allow_na {
                Ok(AnswerValue::NotApplicable)
            } else {
                Err(bad())
            };
        }
        let mut chars = t.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(l) = scale.level_for_key(c)
        {
            return Ok(AnswerValue::Score(l.value));
        }
        match t.parse::<u8>() {
            Ok(v) if scale.level(v).is_some() => Ok(AnswerValue::Score(v)),
            _ => Err(bad()),
        }
    }

    fn canonical_indicator(inst: &Instrument, indicator: &str) -> Result<String> {
        inst.indicator(indicator)
            .map(|p| p.indicator.id.clone())
            .ok_or_else(|| Error::UnknownIndicator {
                indicator: indicator.to_string(),
                instrument: inst.id.clone(),
            })
    }

    /// Answer an indicator (optionally with a note and evidence files), durably, in one
    /// transaction. Evidence files are read before anything is written.
    ///
    /// # Errors
    /// Unknown assessment/indicator, value outside the scale, unreadable evidence file.
    pub fn answer(
        &self,
        id: &str,
        indicator: &str,
        value: Option<AnswerValue>,
        note: Option<&str>,
        evidence: &[&Path],
    ) -> Result<Vec<Op>> {
        let me = self.require_identity()?;
        let d = self.detail(id)?;
        let ind = Self::canonical_indicator(&d.instrument, indicator)?;
        let files = evidence
            .iter()
            .map(|p| read_evidence(p))
            .collect::<Result<Vec<_>>>()?;
        let slot = d.state.slots.get(&ind).cloned().unwrap_or_default();
        let mut bodies = Vec::new();
        if let Some(v) = value {
            bodies.push((
                OpBody::SetAnswer {
                    assessment: d.state.id.clone(),
                    indicator: ind.clone(),
                    value: v,
                    old: slot.value(),
                    supersedes: slot.head_refs(),
                    instrument: self.keep_instrument(&d.instrument)?,
                },
                None,
            ));
        }
        if let Some(n) = note {
            let old = slot
                .notes
                .get(&me.device)
                .map(|n| n.text.clone())
                .unwrap_or_default();
            if old != n {
                bodies.push((
                    OpBody::SetNote {
                        assessment: d.state.id.clone(),
                        indicator: ind.clone(),
                        text: n.to_string(),
                        old,
                    },
                    None,
                ));
            }
        }
        for (name, bytes) in files {
            let hash = self.store.put_blob(&bytes)?;
            bodies.push((
                OpBody::AttachEvidence {
                    assessment: d.state.id.clone(),
                    indicator: ind.clone(),
                    blob: BlobRef {
                        hash,
                        size: bytes.len() as u64,
                        mime: mime_of(&name).to_string(),
                        name,
                    },
                },
                None,
            ));
        }
        if bodies.is_empty() {
            return Ok(Vec::new());
        }
        self.store.commit(&me.device, &bodies, now_ms())
    }

    /// Set this author's note on an indicator.
    ///
    /// # Errors
    /// As [`Workspace::answer`].
    pub fn set_note(&self, id: &str, indicator: &str, text: &str) -> Result<Vec<Op>> {
        self.answer(id, indicator, None, Some(text), &[])
    }

    /// Attach evidence files to an indicator.
    ///
    /// # Errors
    /// As [`Workspace::answer`].
    pub fn attach(&self, id: &str, indicator: &str, files: &[&Path]) -> Result<Vec<Op>> {
        self.answer(id, indicator, None, None, files)
    }

    /// Toggle this author's flag on an indicator.
    ///
    /// # Errors
    /// Unknown assessment or indicator.
    pub fn toggle_flag(&self, id: &str, indicator: &str, reason: Option<&str>) -> Result<bool> {
        let me = self.require_identity()?;
        let d = self.detail(id)?;
        let ind = Self::canonical_indicator(&d.instrument, indicator)?;
        let now = d
            .state
            .slots
            .get(&ind)
            .and_then(|s| s.flags.get(&me.device))
            .is_some_and(|f| f.flagged);
        self.store.commit(
            &me.device,
            &[(
                OpBody::SetFlag {
                    assessment: d.state.id.clone(),
                    indicator: ind,
                    flagged: !now,
                    reason: reason.map(str::to_string),
                },
                None,
            )],
            now_ms(),
        )?;
        Ok(!now)
    }

    /// Finalize: every indicator answered or N/A.
    ///
    /// # Errors
    /// `NotFinalizable` with the number still unanswered.
    pub fn finalize(&self, id: &str) -> Result<Detail> {
        let me = self.require_identity()?;
        let d = self.detail(id)?;
        if !d.score.unanswered.is_empty() {
            return Err(Error::NotFinalizable(d.score.unanswered.len()));
        }
        self.store.commit(
            &me.device,
            &[(
                OpBody::SetStatus {
                    assessment: d.state.id.clone(),
                    status: Status::Final,
                },
                None,
            )],
            now_ms(),
        )?;
        self.detail(id)
    }

    /// Undo this device's latest change in an assessment by writing its inverse op.
    /// Returns the op that was undone.
    ///
    /// # Errors
    /// `NothingToUndo`.
    pub fn undo(&self, id: &str) -> Result<Op> {
        let me = self.require_identity()?;
        let d = self.detail(id)?;
        let mine: Vec<Op> = self
            .store
            .ops_of(&d.state.id)?
            .into_iter()
            .filter(|o| o.device == me.device)
            .collect();
        let undone: BTreeSet<u64> = mine.iter().filter_map(|o| o.undo_of).collect();
        let target = mine
            .iter()
            .rev()
            .find(|o| o.undo_of.is_none() && !undone.contains(&o.seq))
            .ok_or(Error::NothingToUndo)?;
        let aid = d.state.id.clone();
        let slot_of = |ind: &str| d.state.slots.get(ind).cloned().unwrap_or_default();
        let inverse = match &target.body {
            OpBody::SetAnswer { indicator, old, .. } => {
                let s = slot_of(indicator);
                OpBody::SetAnswer {
                    assessment: aid,
                    indicator: indicator.clone(),
                    value: old.unwrap_or(AnswerValue::Cleared),
                    old: s.value(),
                    supersedes: s.head_refs(),
                    instrument: self.keep_instrument(&d.instrument)?,
                }
            }
            OpBody::SetNote {
                indicator,
                text,
                old,
                ..
            } => OpBody::SetNote {
                assessment: aid,
                indicator: indicator.clone(),
                text: old.clone(),
                old: text.clone(),
            },
            OpBody::AttachEvidence {
                indicator, blob, ..
            } => OpBody::DetachEvidence {
                assessment: aid,
                indicator: indicator.clone(),
                hash: blob.hash.clone(),
                attaches: vec![target.op_ref()],
            },
            OpBody::DetachEvidence {
                indicator,
                attaches,
                ..
            } => {
                let s = slot_of(indicator);
                let blob = attaches
                    .iter()
                    .find_map(|a| {
                        s.attached
                            .iter()
                            .find(|e| &e.op == a)
                            .map(|e| e.blob.clone())
                    })
                    .ok_or(Error::NothingToUndo)?;
                OpBody::AttachEvidence {
                    assessment: aid,
                    indicator: indicator.clone(),
                    blob,
                }
            }
            OpBody::SetFlag {
                indicator,
                flagged,
                reason,
                ..
            } => OpBody::SetFlag {
                assessment: aid,
                indicator: indicator.clone(),
                flagged: !flagged,
                reason: reason.clone(),
            },
            OpBody::SetStatus { status, .. } => OpBody::SetStatus {
                assessment: aid,
                status: if *status == Status::Final {
                    Status::Draft
                } else {
                    Status::Final
                },
            },
            OpBody::CreateAssessment { .. } | OpBody::Resolve { .. } | OpBody::SetReview { .. } => {
                return Err(Error::NothingToUndo);
            }
        };
        self.store
            .commit(&me.device, &[(inverse, Some(target.seq))], now_ms())?;
        Ok(target.clone())
    }

    /// The ops behind an assessment, oldest first: who, when, old → new.
    ///
    /// # Errors
    /// Unknown assessment.
    pub fn log(&self, id: &str) -> Result<Vec<LogEntry>> {
        let st = self.state(id)?;
        let mut ops = self.store.ops_of(&st.id)?;
        ops.sort_by(|a, b| (a.hlc, &a.device, a.seq).cmp(&(b.hlc, &b.device, b.seq)));
        let en = self.lang.en();
        let mut names: BTreeMap<String, String> = BTreeMap::new();
        Ok(ops
            .into_iter()
            .map(|o| {
                let who = names
                    .entry(o.device.clone())
                    .or_insert_with(|| self.device_name(&o.device))
                    .clone();
                let (old, new) = match &o.body {
                    OpBody::SetAnswer { value, old, .. } => (
                        Some(old.map_or("—".into(), |v| v.short(en))),
                        Some(value.short(en)),
                    ),
                    OpBody::Resolve { value, reason, .. } => {
                        (None, Some(format!("{} ({reason})", value.short(en))))
                    }
                    OpBody::SetNote { text, old, .. } => (Some(old.clone()), Some(text.clone())),
                    OpBody::AttachEvidence { blob, .. } => (None, Some(blob.name.clone())),
                    OpBody::DetachEvidence { hash, .. } => {
                        (Some(hash.chars().take(12).collect()), None)
                    }
                    OpBody::SetFlag { flagged, .. } => (None, Some(flagged.to_string())),
                    OpBody::SetStatus { status, .. } => {
                        (None, Some(format!("{status:?}").to_lowercase()))
                    }
                    OpBody::SetReview { state, comment, .. } => {
                        (None, Some(format!("{state:?} {comment}").to_lowercase()))
                    }
                    OpBody::CreateAssessment { instrument, .. } => {
                        (None, Some(instrument.id.clone()))
                    }
                };
                LogEntry {
                    device: o.device.clone(),
                    who,
                    seq: o.seq,
                    wall_ms: o.wall_ms,
                    kind: o.body.kind(),
                    indicator: o.body.indicator().map(str::to_string),
                    old,
                    new,
                }
            })
            .collect())
    }

    /// Own ops written since the last export.
    ///
    /// # Errors
    /// Storage failure.
    pub fn unexported(&self) -> Result<u64> {
        let Some(me) = self.store.identity()? else {
            return Ok(0);
        };
        let head = self.store.head(&me.device)?.map_or(0, |h| h.seq);
        let done: u64 = self
            .store
            .meta_get(&format!("exported/{}", me.device))?
            .unwrap_or(0);
        Ok(head.saturating_sub(done))
    }

    /// Remember where the checklist was.
    ///
    /// # Errors
    /// Storage failure.
    pub fn save_position(&self, pos: &UiPosition) -> Result<()> {
        if self.store.meta_get::<UiPosition>("ui/position")?.as_ref() != Some(pos) {
            self.store.meta_put("ui/position", pos)?;
        }
        Ok(())
    }

    /// Where the checklist was left.
    ///
    /// # Errors
    /// Storage failure.
    pub fn position(&self) -> Result<Option<UiPosition>> {
        self.store.meta_get("ui/position")
    }

    /// Conflicting candidates of a slot, with author names.
    #[must_use]
    pub fn candidates(
        &self,
        st: &AssessmentState,
        indicator: &str,
    ) -> Vec<(String, OpRef, AnswerValue, i64)> {
        st.slots.get(indicator).map_or_else(Vec::new, |s| {
            s.heads
                .iter()
                .map(|h| {
                    (
                        self.device_name(&h.op.device),
                        h.op.clone(),
                        h.value,
                        h.wall_ms,
                    )
                })
                .collect()
        })
    }
}

/// Read an evidence file: (file name, bytes).
fn read_evidence(p: &Path) -> Result<(String, Vec<u8>)> {
    let bytes = std::fs::read(p).map_err(|source| Error::Evidence {
        path: p.to_path_buf(),
        source,
    })?;
    let name = p
        .file_name()
        .map_or_else(|| "bukti".to_string(), |n| n.to_string_lossy().to_string());
    Ok((name, bytes))
}

/// A MIME type from the file extension (display only).
#[must_use]
pub fn mime_of(name: &str) -> &'static str {
    let ext = name.rsplit('.').next().unwrap_or("").to_lowercase();
    match ext.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "pdf" => "application/pdf",
        "txt" => "text/plain",
        "doc" | "docx" => "application/msword",
        "mp4" => "video/mp4",
        "m4a" | "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}
