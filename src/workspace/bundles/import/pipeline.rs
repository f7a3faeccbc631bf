//! The import pipeline of sync-anchors §3.9, one function per stage, run in order by
//! [`Workspace::run_pipeline`]. A stage either hands the next one what it needs or stops
//! the file with a verdict ([`Halt::Stop`]); only a failing store is an error
//! ([`Halt::Failed`]). A new check is a new stage function placed where it belongs in
//! `stages`.
//!
//! 1 known? · 2–4 envelope, decryption, container · 5 signature, signer trusted? ·
//! 6 content matches the manifest · authorization: every writer trusted or vouched for
//! (reported as stage 5) · 7 records sound (`bad_record` refuses the file) and what this
//! store knows (instruments, roles: holds ops) · 8 evidence, the merge plan (per group of
//! assessments, each group staged as it is planned), the verdict (ops for a record nobody
//! created reported held), ONE commit point (whole or nothing).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::super::super::{Workspace, now_ms};
use super::policy::{BundlePolicy, ImportPolicy};
use super::read::{ReadStage, read_evidence, read_stage};
use super::{Finding, GapView, HeldView, ImportOutcome, Reason, Stage, Verdict, Warning, Writer};
use crate::bundle::Refusal;
use crate::core::bundle::{Fault, Manifest, Verified};
use crate::core::instrument::Instrument;
use crate::core::merge::{GroupPlan, Packed, Plan, Policy, prepare};
use crate::core::op::{Op, OpBody};
use crate::core::record::check_create;
use crate::core::text::inert;
use crate::error::{Error, Result};
use crate::identity::{Identity, Role, fingerprint, short_fingerprint};
use crate::storage::bundles::{Extra, Merge, crash_point};
use crate::storage::records::{Imported, SeenAs};

/// One file's way in: its inbox copy, its hash, and whether its merge is made durable
/// on its own.
pub(in super::super) struct Input<'a> {
    pub inbox: &'a Path,
    pub hash: &'a str,
    pub durable: bool,
}

/// Pass 1 of a file, when a worker thread already did it.
pub(in super::super) type PreRead = Option<std::result::Result<ReadStage, Refusal>>;

/// A verdict reached before the merge.
struct Stop {
    verdict: Verdict,
    reason: Reason,
    stage: Stage,
    finding: Finding,
}

impl Stop {
    /// A rejection for fault `f`, reported by `stage`.
    fn fault(f: Fault, stage: Stage) -> Stop {
        Stop {
            verdict: Verdict::Rejected,
            reason: Reason::of_fault(&f),
            stage,
            finding: Finding::Fault(f),
        }
    }

    /// A rejection for a file that could not be read through.
    fn refusal(r: Refusal) -> Stop {
        Stop::fault(r.fault, Stage::of_layer(r.layer))
    }
}

/// Why the stages ended early.
enum Halt {
    /// The file has its verdict.
    Stop(Stop),
    /// The store failed: nothing was merged.
    Failed(Error),
}

impl From<Error> for Halt {
    fn from(e: Error) -> Halt {
        Halt::Failed(e)
    }
}

impl From<Stop> for Halt {
    fn from(s: Stop) -> Halt {
        Halt::Stop(s)
    }
}

type Step<T> = std::result::Result<T, Halt>;

/// Display names the bundle carries for its devices (the exporter's included).
type Carried = BTreeMap<String, String>;

/// New ops per group of assessments when a bundle is merged: the decoded ops and the
/// projections in memory are those of one group (`core::merge::prepare`).
const GROUP_OPS: usize = 16_384;

/// The group size: [`GROUP_OPS`], or `TILIK_IMPORT_GROUP` ops in debug builds (tests plan
/// small bundles in many groups).
fn group_ops() -> usize {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("TILIK_IMPORT_GROUP")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        return n.max(1);
    }
    GROUP_OPS
}

/// An op decoded again from the bytes pass 1 verified.
fn decode_op(bytes: &[u8]) -> Result<Op> {
    Op::decode(bytes).map_err(|e| Error::Storage(format!("op no longer decodes: {e}")))
}

/// A merge planned and staged group by group, not yet committed: the plan of what is not
/// a group's (with the report of all groups), the new ops still packed, and the held ops
/// the groups reported (by the merge, and for a record nobody created).
struct Merged<'a> {
    merge: Merge<'a>,
    plan: Plan,
    new_ops: Packed,
    held: Vec<HeldView>,
    unknown: Vec<HeldView>,
}

/// The instruments a bundle embeds that parse: by hash, and their exact bytes.
struct Embedded {
    parsed: BTreeMap<String, Instrument>,
    raw: BTreeMap<String, Vec<u8>>,
}

impl Workspace {
    /// Run every stage on one file. Outcomes decided before the merge are logged here; the
    /// merge logs its own in its transaction.
    pub(in super::super) fn run_pipeline(
        &self,
        mut out: ImportOutcome,
        input: &Input<'_>,
        pre: PreRead,
        progress: &mut dyn FnMut(u64, u64),
        base: &mut ImportPolicy,
    ) -> Result<ImportOutcome> {
        match self.stages(&mut out, input, pre, progress, base) {
            Ok(()) => Ok(out),
            Err(Halt::Stop(s)) => {
                out.verdict = s.verdict;
                out.reason = s.reason;
                out.stage = s.stage;
                out.finding = s.finding;
                self.log_outcome(&out)?;
                Ok(out)
            }
            Err(Halt::Failed(e)) => Err(e),
        }
    }

    fn stages(
        &self,
        out: &mut ImportOutcome,
        input: &Input<'_>,
        pre: PreRead,
        progress: &mut dyn FnMut(u64, u64),
        base: &mut ImportPolicy,
    ) -> Step<()> {
        self.known(input.hash)?;
        let me = self.require_identity()?;
        let age_id = self.age_identity()?;
        let read = match pre {
            Some(r) => {
                progress(out.size, out.size.max(1));
                r
            }
            None => read_stage(&self.store, input.inbox, &age_id, out.size, progress),
        }
        .map_err(Stop::refusal)?;
        let carried = self.signer(out, &read.verified, input)?;
        content(&read.verified)?;
        self.writers(out, &read.verified.manifest, &carried, input)?;
        let ReadStage {
            verified,
            ops,
            creates,
            instruments,
            blobs,
        } = read;
        let m = &verified.manifest;
        let embedded = semantics(m, instruments);
        self.records(&creates, &embedded, base, m.created_ms)?;
        drop(creates);
        let needed = self.evidence(m, blobs, input, &age_id)?;
        let mut merged = self.plan(m, ops, &embedded, base, &carried)?;
        let held = std::mem::take(&mut merged.held);
        let unknown = std::mem::take(&mut merged.unknown);
        self.decide(out, &merged.plan, &needed, held, &carried);
        self.unknown_records(out, unknown);
        self.commit(out, merged, &embedded, &carried, input, &me)?;
        base.admit(embedded.parsed);
        Ok(())
    }

    /// Stage 1: a file imported before, or exported by this device, brings no new data.
    fn known(&self, hash: &str) -> Step<()> {
        let Some(prev) = self.seen(hash)? else {
            return Ok(());
        };
        let finding = if prev.verdict == SeenAs::Exported {
            Finding::ExportedHere
        } else {
            Finding::ImportedBefore {
                time_ms: prev.time_ms,
                operator: prev.operator,
            }
        };
        Err(Stop {
            verdict: Verdict::NoNewData,
            reason: Reason::AlreadyImported,
            stage: Stage::Known,
            finding,
        }
        .into())
    }

    /// Stage 5: who signed (recorded on the outcome whatever follows), whether the
    /// manifest signature holds, and whether the signer is trusted; an unknown signer's
    /// bundle is quarantined for `import --retry`. Returns the names the bundle carries.
    fn signer(&self, out: &mut ImportOutcome, v: &Verified, input: &Input<'_>) -> Step<Carried> {
        let m = &v.manifest;
        let carried: Carried = m
            .devices
            .iter()
            .map(|d| (d.device.clone(), d.name.clone()))
            .chain(std::iter::once((
                m.exporter.device.clone(),
                m.exporter.name.clone(),
            )))
            .collect();
        let signer = m.exporter.device.clone();
        out.signer = Some(signer.clone());
        out.signer_name = Some(self.name_for(&signer, &carried));
        out.signer_claim = self.claim_for(&signer, &carried);
        out.fingerprint = Some(fingerprint(&signer));
        out.bundle_id = Some(m.bundle_id.clone());
        if !v.signature_ok {
            return Err(Stop::fault(Fault::BadSignature("manifest".into()), Stage::Signer).into());
        }
        if !self.is_trusted(&signer)? {
            self.quarantine(
                input.hash,
                input.inbox,
                &out.file,
                &signer,
                &m.exporter.name,
                &[],
            )?;
            let role = if m.exporter.role == Role::Supervisor.as_str() {
                Role::Supervisor
            } else {
                Role::Assessor
            };
            return Err(Stop {
                verdict: Verdict::Quarantined,
                reason: Reason::UnknownSigner,
                stage: Stage::Signer,
                finding: Finding::UnknownSigner {
                    name: m.exporter.name.clone(),
                    role,
                },
            }
            .into());
        }
        Ok(carried)
    }

    /// Authorization (after stage 6, reported as stage 5): every op segment's writer,
    /// whoever relays it, must be this store's own key or in the roster, or be vouched for
    /// by the signer: a signer the roster lists as **supervisor** may relay writers the
    /// roster does not have (the roll-up of `docs/bundle-format.md` §6.4; they get an
    /// assessor's rights only, whatever the bundle claims). Anything else quarantines the
    /// bundle (`unknown_writer`, each writer with the name the bundle claims) for
    /// `import --retry` after `trust add`.
    fn writers(
        &self,
        out: &ImportOutcome,
        m: &Manifest,
        carried: &Carried,
        input: &Input<'_>,
    ) -> Step<()> {
        let signer = &m.exporter.device;
        let vouches = self
            .store
            .trust_get(signer)?
            .is_some_and(|e| e.role == Role::Supervisor);
        let mut unknown: Vec<String> = Vec::new();
        for seg in &m.segments {
            let d = &seg.device;
            if d == signer || unknown.contains(d) || vouches || self.is_trusted(d)? {
                continue;
            }
            unknown.push(d.clone());
        }
        if unknown.is_empty() {
            return Ok(());
        }
        self.quarantine(
            input.hash,
            input.inbox,
            &out.file,
            signer,
            &m.exporter.name,
            &unknown,
        )?;
        let writers = unknown
            .into_iter()
            .map(|device| Writer {
                claimed: carried
                    .get(&device)
                    .map(|n| inert(n, false))
                    .filter(|n| !n.trim().is_empty()),
                device,
            })
            .collect();
        Err(Stop {
            verdict: Verdict::Quarantined,
            reason: Reason::UnknownWriter,
            stage: Stage::Signer,
            finding: Finding::UnknownWriter { writers },
        }
        .into())
    }

    /// Stage 7, records: every create the bundle carries names a real round, pemda and
    /// lokus type and gives the id it claims (`core::record::check_create`); one that does
    /// not refuses the whole file (`bad_record`): a signed bundle that forges a record is
    /// not partly taken.
    fn records(
        &self,
        creates: &[Op],
        embedded: &Embedded,
        base: &ImportPolicy,
        created_ms: i64,
    ) -> Step<()> {
        let policy = BundlePolicy {
            base,
            extra: &embedded.parsed,
            created_ms,
        };
        for op in creates {
            let OpBody::CreateAssessment {
                assessment,
                instrument,
                ..
            } = &op.body
            else {
                continue;
            };
            if let Err(problem) =
                check_create(&op.body, &self.regions, policy.instrument(&instrument.hash))
            {
                return Err(Stop {
                    verdict: Verdict::Rejected,
                    reason: Reason::BadRecord,
                    stage: Stage::Semantics,
                    finding: Finding::BadRecord {
                        assessment: inert(assessment, false),
                        problem,
                    },
                }
                .into());
            }
        }
        Ok(())
    }

    /// Stage 8, after the verdict: new ops for an assessment that neither this bundle nor
    /// this store creates are kept but used nowhere (a record without its create is never
    /// listed, shown, scored or exported as a record) until its create arrives, in any
    /// order; they are reported held (`unknown_assessment`; found per group by
    /// [`Self::unknown_in_group`]). Nothing is re-evaluated: the projection of a record is a
    /// function of its ops, so the create's arrival in a later bundle completes it whatever
    /// came first.
    fn unknown_records(&self, out: &mut ImportOutcome, views: Vec<HeldView>) {
        if views.is_empty() {
            return;
        }
        out.held.extend(views);
        if !out.warnings.contains(&Warning::Held) {
            out.warnings.push(Warning::Held);
        }
        if out.verdict == Verdict::Accepted {
            out.verdict = Verdict::AcceptedWithWarnings;
            out.reason = Reason::Held;
        }
    }

    /// The new ops of one group for an assessment nobody creates (the group's projections
    /// are read before they are staged, so the store still shows the old ones).
    fn unknown_in_group(&self, g: &GroupPlan, carried: &Carried) -> Result<Vec<HeldView>> {
        let mut views = Vec::new();
        for op in &g.ops {
            if matches!(op.body, OpBody::CreateAssessment { .. })
                || g.held_set.contains_key(&op.op_ref())
            {
                continue;
            }
            let id = op.body.assessment();
            let created = match g.states.get(id) {
                Some(st) => st.header.is_some(),
                None => self
                    .store
                    .assessment(id)?
                    .is_some_and(|s| s.header.is_some()),
            };
            if created {
                continue;
            }
            views.push(HeldView {
                device: op.device.clone(),
                name: self.name_for(&op.device, carried),
                claim: self.claim_for(&op.device, carried),
                seq: op.seq,
                kind: op.body.kind().to_string(),
                assessment: inert(id, false),
                indicator: op.body.indicator().map(|i| inert(i, false)),
                reason: "unknown_assessment".into(),
                detail: inert(id, false),
            });
        }
        Ok(views)
    }

    /// The held new ops of one group, as the verdict lists them.
    fn held_in_group(&self, g: &GroupPlan, carried: &Carried) -> Vec<HeldView> {
        g.ops
            .iter()
            .filter_map(|op| {
                let h = g.held_set.get(&op.op_ref())?;
                Some(HeldView {
                    device: op.device.clone(),
                    name: self.name_for(&op.device, carried),
                    claim: self.claim_for(&op.device, carried),
                    seq: op.seq,
                    kind: op.body.kind().to_string(),
                    assessment: op.body.assessment().to_string(),
                    indicator: op.body.indicator().map(str::to_string),
                    reason: h.reason.clone(),
                    detail: h.detail.clone(),
                })
            })
            .collect()
    }

    /// The display name for a device: the roster's (or this store's own), else its short
    /// fingerprint. A name the bundle carries is only ever a claim ([`Self::claim_for`]).
    fn name_for(&self, device: &str, _carried: &Carried) -> String {
        inert(&self.device_name(device), false)
    }

    /// The name claimed for a device the roster does not name: carried in this bundle, or
    /// remembered from an earlier one.
    fn claim_for(&self, device: &str, carried: &Carried) -> Option<String> {
        if self.device_name(device) != short_fingerprint(device) {
            return None;
        }
        carried
            .get(device)
            .cloned()
            .or_else(|| self.device_claim(device))
            .map(|n| inert(&n, false))
            .filter(|n| !n.trim().is_empty())
    }

    /// Stage 8: plan the merge under the batch policy plus the embedded instruments, one
    /// group of assessments at a time, each group's writes staged as it is planned
    /// (`storage::staged`: nothing is visible before the commit, and a failure or a kill
    /// before it undoes them).
    fn plan(
        &self,
        m: &Manifest,
        ops: Packed,
        embedded: &Embedded,
        base: &ImportPolicy,
        carried: &Carried,
    ) -> Step<Merged<'_>> {
        let policy = BundlePolicy {
            base,
            extra: &embedded.parsed,
            created_ms: m.created_ms,
        };
        let decode: &crate::core::merge::Decode<'_, Error> = &decode_op;
        let mut prepared = prepare(
            &self.store,
            &policy,
            ops,
            m.signed_heads(),
            &m.carried_blobs(),
            group_ops(),
            decode,
        )?;
        let mut merge = self.store.begin_merge()?;
        let mut held = Vec::new();
        let mut unknown = Vec::new();
        for k in 0..prepared.groups() {
            let g = prepared.plan_group(&self.store, &policy, k, decode)?;
            held.extend(self.held_in_group(&g, carried));
            unknown.extend(self.unknown_in_group(&g, carried)?);
            merge.stage_group(&g)?;
            if k == 1 {
                merge.crash_point_between_groups();
            }
        }
        // As one plan lists them: by device and sequence number.
        held.sort_by(|a, b| (&a.device, a.seq).cmp(&(&b.device, b.seq)));
        unknown.sort_by(|a, b| (&a.device, a.seq).cmp(&(&b.device, b.seq)));
        let (plan, new_ops) = prepared.finish();
        Ok(Merged {
            merge,
            plan,
            new_ops,
            held,
            unknown,
        })
    }

    /// Stage 8: store the evidence this store lacks, from memory or in a second pass over
    /// the file. Returns the manifest indexes written (unsynced until the transaction).
    fn evidence(
        &self,
        m: &Manifest,
        kept_blobs: BTreeMap<usize, Vec<u8>>,
        input: &Input<'_>,
        age_id: &age::x25519::Identity,
    ) -> Step<BTreeSet<usize>> {
        let mut needed: BTreeSet<usize> = BTreeSet::new();
        let mut second_pass: BTreeSet<usize> = BTreeSet::new();
        for (i, b) in m.blobs.iter().enumerate() {
            if b.included && !self.store.has_blob(&b.hash)? {
                needed.insert(i);
                match kept_blobs.get(&i) {
                    Some(bytes) => {
                        self.store
                            .put_blob_unsynced(&b.hash, bytes, Some(input.hash))?
                    }
                    None => {
                        second_pass.insert(i);
                    }
                }
            }
        }
        drop(kept_blobs);
        if !second_pass.is_empty()
            && let Some(f) =
                read_evidence(&self.store, input.inbox, input.hash, age_id, &second_pass)?
        {
            return Err(Stop::refusal(f).into());
        }
        if !needed.is_empty() {
            crash_point("import-after-blobs");
        }
        Ok(needed)
    }

    /// Stage 8, the verdict: the merge's counts, gaps, held ops and warnings on the
    /// outcome, then quarantine for a fork, no new data, accepted, or accepted with
    /// warnings (named by the first).
    fn decide(
        &self,
        out: &mut ImportOutcome,
        plan: &Plan,
        needed: &BTreeSet<usize>,
        held: Vec<HeldView>,
        carried: &Carried,
    ) {
        let r = &plan.report;
        out.stage = Stage::Merge;
        out.new_ops = r.new_ops;
        out.known_ops = r.known_ops;
        out.conflicts = r.conflicts;
        out.new_conflicts = r.new_conflicts;
        out.forks.clone_from(&r.forks);
        out.clock_warnings = r.clock.len() as u64;
        out.pending_evidence.clone_from(&r.pending);
        out.gaps = r
            .gaps
            .iter()
            .map(|g| GapView {
                device: g.device.clone(),
                name: self.name_for(&g.device, carried),
                claim: self.claim_for(&g.device, carried),
                from: g.from,
                to: g.to,
            })
            .collect();
        out.held = held;
        let mut warnings = Vec::new();
        if !out.gaps.is_empty() {
            warnings.push(Warning::Gap);
        }
        if !out.pending_evidence.is_empty() {
            warnings.push(Warning::PendingEvidence);
        }
        if out.clock_warnings > 0 {
            warnings.push(Warning::Clock);
        }
        if !out.held.is_empty() {
            warnings.push(Warning::Held);
        }
        out.warnings.clone_from(&warnings);
        out.finding = Finding::Merged;
        if let Some(f) = r.forks.first() {
            out.verdict = Verdict::Quarantined;
            out.reason = Reason::Fork;
            out.finding = Finding::Fork {
                name: self.name_for(&f.device, carried),
            };
        } else if r.new_ops == 0 && needed.is_empty() && r.released == 0 {
            out.verdict = Verdict::NoNewData;
            out.reason = Reason::NoNewData;
        } else if let Some(w) = warnings.first() {
            out.verdict = Verdict::AcceptedWithWarnings;
            out.reason = Reason::from(*w);
        } else {
            out.verdict = Verdict::Accepted;
            out.reason = Reason::Ok;
        }
    }

    /// Stage 8, the transaction: the plan plus what rides with it (embedded instruments
    /// not stored yet, names carried for unknown devices, the `imported/` record, the end
    /// of a quarantine, the log record).
    fn commit(
        &self,
        out: &ImportOutcome,
        merged: Merged<'_>,
        embedded: &Embedded,
        carried: &Carried,
        input: &Input<'_>,
        me: &Identity,
    ) -> Result<()> {
        let hash = input.hash;
        let mut extra = Extra::default();
        for (h, raw) in &embedded.raw {
            if self.store.kept_instrument_bytes(h)?.is_none() {
                extra.keep_instrument_bytes(h, raw);
            }
        }
        let own = Self::own_devices(me);
        for (d, n) in carried {
            if !own.contains(d) && !self.store.has_device_name(d)? && !n.trim().is_empty() {
                extra.set_device_name(d, n.trim())?;
            }
        }
        extra.put_imported(
            hash,
            &Imported {
                time_ms: now_ms(),
                verdict: SeenAs::from(out.verdict),
                file: out.file.clone(),
                operator: me.name.clone(),
            },
        )?;
        extra.unquarantine(hash);
        extra.log = Some(self.log_record(out)?);
        let Merged {
            merge,
            plan,
            new_ops,
            ..
        } = merged;
        merge.commit(&plan, new_ops, &extra, input.durable)
    }
}

/// Stage 6: a section that does not match the manifest, a broken chain or a bad head
/// signature (found while reading, reported once the signer is known and trusted).
fn content(v: &Verified) -> Step<()> {
    match &v.finding {
        Some(f) => Err(Stop::fault(f.clone(), Stage::Content).into()),
        None => Ok(()),
    }
}

/// Stage 7: the instruments the bundle embeds that parse (others are as if absent; ops
/// under an instrument nobody knows are held by the merge plan).
fn semantics(m: &Manifest, instruments: BTreeMap<usize, Vec<u8>>) -> Embedded {
    let mut parsed: BTreeMap<String, Instrument> = BTreeMap::new();
    let mut raw: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (i, bytes) in instruments {
        let Some(entry) = m.instruments.get(i) else {
            continue;
        };
        if let Ok(inst) = serde_json::from_slice::<Instrument>(&bytes) {
            parsed.insert(entry.hash.clone(), inst);
            raw.insert(entry.hash.clone(), bytes);
        }
    }
    Embedded { parsed, raw }
}
