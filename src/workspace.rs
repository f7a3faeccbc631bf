//! The one API that the terminal UI and the command line both call: open a store with its
//! instruments and regions, create assessments, answer, note, attach, flag, undo,
//! finalize, and read summaries with live scores. It returns data and typed errors, never
//! prose: `crate::present` turns them into words.
//!
//! Beside this file: `answer.rs` (the one answer path), `history.rs` (log, undo),
//! `report.rs`, `bundles.rs` + `bundles/` (export, import, inspect, trust, folder sync),
//! `supervisor.rs` (conflicts, resolve, review, dashboard).

mod answer;
mod audit;
pub mod bundles;
mod dashboard;
mod history;
mod lines;
mod report;
mod review;
mod supervisor;
mod survey;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::assets::{self, OverrideProblem};
use crate::config::Dirs;
use crate::core::assessment::{AssessmentKey, AssessmentState};
use crate::core::brief::Brief;
use crate::core::instrument::{Catalog, Instrument, InstrumentRef, Zone};
use crate::core::op::{AnswerValue, OpBody, OpRef, Status};
use crate::core::region::{Region, Regions, lokus_display, lokus_type};
use crate::core::review::ReviewStatus;
use crate::core::scoring::{LokusScore, classify_lokus, score_lokus};
use crate::error::{Error, Result};
use crate::identity::{Identity, Role, short_fingerprint};
use crate::storage::{Recovery, Store};

/// Where the checklist was last left, to reopen at the same place (kept by the store).
pub use crate::storage::records::UiPosition;
pub use answer::{AnswerRequest, Answered, mime_of};
pub use audit::AuditEntry;
pub use dashboard::PemdaDash;
pub use history::{LogEntry, LogValue};
pub use report::{InstrumentTitle, Rapor, RaporOf};
pub use review::{
    ApproveClean, DecisionView, MessageView, OpenItems, ReviewRequest, ReviewView, Skip, ThreadView,
};
pub use supervisor::{CandidateView, ConflictsReport, DashItem, DashRow, ForkView, SlotConflict};
pub use survey::{
    CONTACT_MIME, Contact, DerivedView, NewRespondent, RespondentsView, SurveyDetail, check_phone,
};

/// Keep the store's handled panics (sled on a damaged file, turned into a rebuild) out of
/// panic hooks installed since: the TUI calls this once the terminal's hook is set, so a
/// damaged read does not restore the terminal under a running screen.
pub fn quiet_store_panics() {
    crate::storage::backend::quiet_guarded_panics();
}

/// Milliseconds since the epoch, now.
#[must_use]
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

/// Where an assessment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentStatus {
    Draft,
    Final,
    /// Changed after it was finalized.
    EditedAfterFinal,
}

impl AssessmentStatus {
    /// The status a bundle manifest's summary gives (`final` or `draft`; anything else is
    /// read as a draft).
    #[must_use]
    pub fn from_manifest(s: &str) -> AssessmentStatus {
        match s {
            "final" => AssessmentStatus::Final,
            "edited_after_final" => AssessmentStatus::EditedAfterFinal,
            _ => AssessmentStatus::Draft,
        }
    }
}

/// A category label in Bahasa Indonesia and English (the edge shows one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub id: String,
    pub en: String,
}

/// One line of the assessment list.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// The category's label in Indonesian and English; JSON carries the user's one as `label`,
    /// added at the edge (`present::json::summaries`).
    #[serde(skip)]
    pub label: Option<Label>,
    pub zone: Option<Zone>,
    pub status: AssessmentStatus,
    pub conflicts: usize,
    pub flagged: usize,
    /// The derived review state (`None` before any decision).
    pub review: Option<ReviewStatus>,
    /// Supervisor comments no reply or resubmission saw yet.
    pub open_comments: usize,
    /// Supervisor comments in all threads.
    pub comments: usize,
    pub last_change_ms: i64,
}

impl Summary {
    /// Not finalized, or an unresolved conflict: its score and category may still change,
    /// so every screen and report shows them as provisional ("sementara").
    #[must_use]
    pub fn provisional(&self) -> bool {
        self.status == AssessmentStatus::Draft || self.conflicts > 0
    }
}

/// Everything about one assessment.
#[derive(Debug, Clone)]
pub struct Detail {
    pub summary: Summary,
    pub instrument: Instrument,
    pub score: LokusScore,
    pub state: AssessmentState,
}

/// Result of creating (or reopening) an assessment.
#[derive(Debug, Clone, Serialize)]
pub struct Created {
    pub id: String,
    pub created: bool,
}

/// The store was rebuilt from the journal on opening (`present::recovery::notice` says
/// it to the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryNotice {
    /// Where the damaged store was moved.
    pub aside: PathBuf,
    /// The inbox folder.
    pub inbox: PathBuf,
    /// Bundle files in the inbox.
    pub bundles: usize,
    /// Whether the device key was kept (false: the journal's chain fell short of the
    /// sequence mark, or the journal was rebuilt elsewhere, so the device got a new key).
    pub key_kept: bool,
    /// This device's saved changes (ops) in the rebuilt store.
    pub own_ops: u64,
    /// Saved changes of this device that the journal did not have (the sequence mark was
    /// ahead of it), when known.
    pub missing: Option<u64>,
}

pub struct Workspace {
    store: Store,
    /// The instruments: parsed at opening when the config folder has instrument files (so
    /// their problems are known at once), else on first use (`Workspace::catalog`).
    catalog: std::cell::OnceCell<Catalog>,
    regions: Regions,
    dirs: Dirs,
    /// Override files that could not be used (shown as warnings).
    pub override_problems: Vec<OverrideProblem>,
    /// Exact instrument definitions by content hash (parsed once per process).
    inst_cache: std::cell::RefCell<BTreeMap<String, Instrument>>,
    /// What the sequence mark found on opening (`Workspace::restored`).
    restored: Option<crate::storage::Restored>,
    /// Who makes list lines (`workspace::lines`): this program and its override files.
    line_stamp: std::cell::OnceCell<Option<[u8; 16]>>,
    /// Imported ops opening found missing, and the inbox files to import again.
    lost_ops: Option<bundles::LostOpsNotice>,
}

/// The catalog of `dirs`: parsed now when its instrument folder has files (their problems
/// are shown at start), else left to parse on first use (the embedded instruments only:
/// what the folder held at opening). Parsing is ~10 ms a start that listing does not need.
fn load_catalog(dirs: &Dirs) -> (std::cell::OnceCell<Catalog>, Vec<OverrideProblem>) {
    let cell = std::cell::OnceCell::new();
    let dir = dirs.instruments();
    let any = std::fs::read_dir(&dir).is_ok_and(|mut rd| {
        rd.any(|e| e.is_ok_and(|e| e.path().extension().is_some_and(|x| x == "toml")))
    });
    if !any {
        return (cell, Vec::new());
    }
    let (catalog, problems) = assets::catalog(Some(&dir));
    let _ = cell.set(catalog);
    (cell, problems)
}

impl Workspace {
    /// Open the store and load instruments and regions.
    ///
    /// # Errors
    /// See [`Store::open`].
    pub fn open(dirs: &Dirs) -> Result<Workspace> {
        let mut store = Store::open(&dirs.store())?;
        store.set_inbox(dirs.data.join("inbox"));
        // A store restored in place (same folder, same file) from an older state: its own
        // chain is shorter than the mark kept in the config folder, so it gets a new key.
        let restored = store.watch_sequence(&dirs.config.join(crate::storage::SEQ_MARKS_FILE))?;
        let (catalog, override_problems) = load_catalog(dirs);
        let mut ws = Workspace {
            store,
            catalog,
            regions: assets::regions(),
            dirs: dirs.clone(),
            override_problems,
            inst_cache: std::cell::RefCell::default(),
            restored,
            line_stamp: std::cell::OnceCell::new(),
            lost_ops: None,
        };
        ws.lost_ops = ws.lost_ops_notice();
        Ok(ws)
    }

    /// A read-only workspace on a store that another process holds: identity, age key,
    /// roster and kept instruments as the holder last saved them (from the store's
    /// journal, `Store::open_read_only`); every write is refused with `StoreInUse`. For
    /// `whoami`, `trust list` and `instruments` while the terminal UI is open.
    ///
    /// # Errors
    /// `StoreInUse` when there is no journal to read; journal read failures.
    pub fn open_read_only(dirs: &Dirs) -> Result<Workspace> {
        let store = Store::open_read_only(&dirs.store())?;
        let (catalog, override_problems) = load_catalog(dirs);
        Ok(Workspace {
            store,
            catalog,
            regions: assets::regions(),
            dirs: dirs.clone(),
            override_problems,
            inst_cache: std::cell::RefCell::default(),
            restored: None,
            line_stamp: std::cell::OnceCell::new(),
            lost_ops: None,
        })
    }

    /// Whether this workspace only reads a store held elsewhere
    /// ([`Workspace::open_read_only`]).
    #[must_use]
    pub fn is_read_only(&self) -> bool {
        self.store.is_read_only()
    }

    /// The store itself, for tests and benches that check what the workspace wrote.
    #[cfg(any(test, feature = "test-support"))]
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
        self.catalog.get_or_init(|| assets::catalog(None).0)
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
                Error::UnknownRegion(
                    code_or_name.to_string(),
                    self.regions
                        .suggest(code_or_name, 4)
                        .iter()
                        .map(|r| format!("{} {}", r.code, r.name))
                        .collect(),
                )
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

    /// The store's own chain was shorter than the sequence mark kept in the config folder
    /// (a restore of an older state, or a journal that lost its end): how far each goes.
    /// The device then got a new key ([`Workspace::rotated`]).
    #[must_use]
    pub fn restored(&self) -> Option<crate::storage::Restored> {
        self.restored
    }

    /// Evidence files opening found missing (moved aside, listed as pending): the
    /// bundles that brought them must be imported again.
    #[must_use]
    pub fn evidence_lost(&self) -> &[crate::storage::LostEvidence] {
        &self.store.evidence_lost
    }

    /// Ops of other devices that opening found missing from the op log, and the inbox
    /// files that carry them (forgotten as imported, so importing them merges again).
    #[must_use]
    pub fn lost_ops(&self) -> Option<&bundles::LostOpsNotice> {
        self.lost_ops.as_ref()
    }

    /// sled could not open the store: it was moved aside and rebuilt from the journal.
    #[must_use]
    pub fn recovered(&self) -> Option<&Recovery> {
        self.store.recovered.as_ref()
    }

    /// After a rebuild from the journal: where the damaged copy is, and the bundle files
    /// in the inbox that must be imported again (they live outside the store; `import
    /// --retry` cannot help, its quarantine list was in the damaged store).
    #[must_use]
    pub fn recovery_notice(&self) -> Option<RecoveryNotice> {
        let r = self.store.recovered.as_ref()?;
        let inbox = self.inbox_dir();
        let bundles = std::fs::read_dir(&inbox).map_or(0, |d| {
            d.filter_map(std::result::Result::ok)
                .filter(|e| {
                    let n = e.file_name().to_string_lossy().to_string();
                    !n.starts_with('.') && (n.ends_with(".tilik") || n.ends_with(".tilik.age"))
                })
                .count()
        });
        Some(RecoveryNotice {
            aside: r.aside.clone(),
            inbox,
            bundles,
            key_kept: !self.store.rotated,
            // A rebuilt store holds only what the journal had: this device's own ops.
            own_ops: self.store.op_count().unwrap_or(0),
            missing: self.restored.map(|x| x.mark - x.head),
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
        if self.store.device_name(device)?.as_deref() != Some(name) {
            self.store.set_device_name(device, name)?;
        }
        Ok(())
    }

    /// Display name of a device: this store's own name for its keys, the name the trust
    /// roster gives it, or its short fingerprint. Never a name a bundle claims (see
    /// [`Workspace::device_claim`]).
    #[must_use]
    pub fn device_name(&self, device: &str) -> String {
        if let Ok(Some(id)) = self.store.identity()
            && (id.device == device || id.retired.iter().any(|d| d == device))
        {
            return id.name;
        }
        if let Ok(Some(e)) = self.store.trust_get(device) {
            return e.name;
        }
        short_fingerprint(device)
    }

    /// The name a bundle claimed for a device that is neither this store's nor in the
    /// roster (shown as a claim, never as the name).
    #[must_use]
    pub fn device_claim(&self, device: &str) -> Option<String> {
        if let Ok(Some(id)) = self.store.identity()
            && (id.device == device || id.retired.iter().any(|d| d == device))
        {
            return None;
        }
        if self.store.trust_contains(device).unwrap_or(true) {
            return None;
        }
        self.store
            .device_name(device)
            .ok()
            .flatten()
            .filter(|n| !n.trim().is_empty())
    }

    // ---- instruments ----------------------------------------------------------------

    /// An instrument by id from the catalog.
    ///
    /// # Errors
    /// `UnknownInstrument`.
    pub fn instrument(&self, id: &str) -> Result<&Instrument> {
        self.catalog()
            .get(id)
            .ok_or_else(|| Error::UnknownInstrument(id.to_string()))
    }

    /// Keep the exact definition an assessment was made under, by hash.
    fn keep_instrument(&self, inst: &Instrument) -> Result<InstrumentRef> {
        let r = inst.reference()?;
        if self.inst_cache.borrow().contains_key(&r.hash) {
            return Ok(r);
        }
        if self.store.kept_instrument(&r.hash)?.is_none() {
            self.store.keep_instrument(&r.hash, inst)?;
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
        if let Some(i) = self.store.kept_instrument(&r.hash)? {
            self.inst_cache
                .borrow_mut()
                .insert(r.hash.clone(), i.clone());
            return Ok(i);
        }
        self.catalog()
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
                .catalog()
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
        let mut st = self
            .store
            .assessment(id)?
            .filter(|s| s.header.is_some())
            .ok_or_else(|| Error::UnknownAssessment(id.to_string()))?;
        self.derive_into(&mut st);
        Ok(st)
    }

    /// The list line of a loaded state (its derived levels set): that of its brief.
    fn summarize(&self, st: &AssessmentState, inst: &Instrument, score: &LokusScore) -> Summary {
        let mut b = Brief::of(st);
        b.derived.clone_from(&st.derived);
        Self::summary_of(&b, inst, score)
    }

    /// The list line of a brief (its derived levels set).
    fn summary_of(b: &Brief, inst: &Instrument, score: &LokusScore) -> Summary {
        let h = b.header.as_ref();
        let answers = b.answers();
        let class = score.score.and_then(|s| classify_lokus(inst, s, &answers));
        let status = if b.edited_after_final {
            AssessmentStatus::EditedAfterFinal
        } else if b.is_final() {
            AssessmentStatus::Final
        } else {
            AssessmentStatus::Draft
        };
        Summary {
            id: b.id.clone(),
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
            label: class.as_ref().map(|c| Label {
                id: c.label.clone(),
                en: c.label_en.clone(),
            }),
            zone: class.as_ref().map(|c| c.zone),
            status,
            conflicts: b.conflicts.len(),
            flagged: b.flagged,
            review: b.review_status(),
            open_comments: b.open_comments,
            comments: b.comments,
            last_change_ms: b.last_change_ms,
        }
    }

    /// Display names of the devices that wrote to an assessment.
    #[must_use]
    pub fn authors(&self, d: &Detail) -> BTreeMap<String, String> {
        d.state
            .devices
            .iter()
            .map(|dev| (dev.clone(), self.device_name(dev)))
            .collect()
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

    /// Toggle this author's flag on an indicator.
    ///
    /// # Errors
    /// Unknown assessment or indicator.
    pub fn toggle_flag(&self, id: &str, indicator: &str, reason: Option<&str>) -> Result<bool> {
        let me = self.require_identity()?;
        let d = self.detail(id)?;
        let ind = answer::canonical_indicator(&d.instrument, indicator)?;
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
        let bodies = self.with_ack(
            &me,
            vec![(
                OpBody::SetStatus {
                    assessment: d.state.id.clone(),
                    status: Status::Final,
                },
                None,
            )],
        )?;
        self.store.commit(&me.device, &bodies, now_ms())?;
        self.detail(id)
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
        let done = self.store.exported_mark(&me.device)?.unwrap_or(0);
        Ok(head.saturating_sub(done))
    }

    /// Remember where the checklist was.
    ///
    /// # Errors
    /// Storage failure.
    pub fn save_position(&self, pos: &UiPosition) -> Result<()> {
        if self.store.ui_position()?.as_ref() != Some(pos) {
            self.store.save_ui_position(pos)?;
        }
        Ok(())
    }

    /// Where the checklist was left.
    ///
    /// # Errors
    /// Storage failure.
    pub fn position(&self) -> Result<Option<UiPosition>> {
        self.store.ui_position()
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
