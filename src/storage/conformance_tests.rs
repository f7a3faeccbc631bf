//! One conformance suite for every flavour of [`Store`]: the same behavioural tests run on
//! sled (a store in a temporary folder, with its journal) and in memory, through the
//! `conformance!` macro (the TaskChampion `storage_tests!` pattern). Tests that need
//! files (reopening, the lock, a copied folder, a newer schema) run on sled only.

use std::collections::BTreeMap;

use std::ops::Bound;

use super::backend::{Batch, Keys, Order, Tree};
use super::bundles::Extra;
use super::records::{
    ExportReceipt, Imported, Published, Quarantine, SeenAs, TrustEntry, UiPosition,
};
use super::{SCHEMA_VERSION, Store, json};
use crate::core::assessment::AssessmentState;
use crate::core::merge::{Hold, IncomingOp, Plan, SignedHead, View};
use crate::core::op::{OP_VERSION, Op, OpBody, OpRef, Status, op_hash};
use crate::error::Error;
use crate::identity::{Identity, Role};

/// A store under test, with the folder it lives in (dropped after the store).
struct Fixture {
    store: Store,
    _dir: Option<tempfile::TempDir>,
}

impl std::ops::Deref for Fixture {
    type Target = Store;
    fn deref(&self) -> &Store {
        &self.store
    }
}

fn on_sled() -> Fixture {
    let dir = tempfile::tempdir().expect("tmp");
    let store = Store::open(dir.path()).expect("open");
    Fixture {
        store,
        _dir: Some(dir),
    }
}

fn in_memory() -> Fixture {
    Fixture {
        store: Store::in_memory().expect("in memory"),
        _dir: None,
    }
}

/// The conformance tests, each run on the store `$fresh()` makes.
macro_rules! conformance {
    ($fresh:path) => {
        conformance!(@tests $fresh;
            fresh_store_has_the_schema_and_no_identity,
            commit_chains_and_projects,
            rebuild_check_finds_and_fixes_a_wrong_projection,
            a_projection_schema_6_wrote_as_json_is_read_checked_and_packed_when_written,
            imported_ops_are_segmented_and_every_lookup_finds_them,
            held_ops_forks_and_runs_are_kept_out_of_the_projection,
            head_signatures,
            import_log_is_oldest_first,
            blobs_and_pending_evidence,
            evidence_streams_in_and_out_checked_by_hash,
            damaged_evidence_is_lost_and_its_bundle_forgotten,
            meta_accessors_read_back_what_they_wrote,
            merge_extra_writes_meta_records,
            raw_meta_and_scans_keep_key_order,
            backend_keeps_the_contract,
            trusted_instrument_hashes_read_back,
        );
    };
    (@tests $fresh:path; $($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                super::$name(&$fresh());
            }
        )+
    };
}

mod sled_store {
    use super::*;

    conformance!(on_sled);

    #[test]
    fn reopen_keeps_everything() {
        let dir = tempfile::tempdir().expect("tmp");
        let dev = "aa".repeat(32);
        let (digest, blob) = {
            let s = Store::open(dir.path()).expect("open");
            s.commit(&dev, &[(final_status("x"), None)], 1000)
                .expect("commit");
            let mut plan = plan_of(&s, vec![incoming(&"bb".repeat(32), 1, "y")]);
            plan.runs.insert("bb".repeat(32), vec![(1, 1)]);
            s.apply_plan(&plan, &Extra::default()).expect("apply");
            s.set_device_name(&dev, "Rina").expect("name");
            let blob = s.put_blob(b"photo").expect("blob");
            (s.state_digest().expect("digest"), blob)
        };
        let s = Store::open(dir.path()).expect("reopen");
        assert_eq!(s.replayed, 0);
        assert!(s.recovered.is_none() && !s.rotated);
        assert_eq!(s.state_digest().expect("digest"), digest);
        assert_eq!(s.op_count().expect("count"), 2);
        assert_eq!(s.head(&dev).expect("head").map(|h| h.seq), Some(1));
        assert_eq!(s.device_name(&dev).expect("name").as_deref(), Some("Rina"));
        assert_eq!(s.blob(&blob).expect("blob").as_deref(), Some(&b"photo"[..]));
        assert!(s.rebuild_check(false).expect("check").differ.is_empty());
    }

    #[test]
    fn evidence_file_missing_at_open_is_restored_or_named_with_its_bundle() {
        let dir = tempfile::tempdir().expect("tmp");
        let (own, theirs) = {
            let s = Store::open(dir.path()).expect("open");
            let own = s.put_blob(b"own photo").expect("own");
            let b = b"their photo";
            let theirs = blake3::hash(b).to_hex().to_string();
            s.put_blob_unsynced(&theirs, b, Some("f7")).expect("theirs");
            s.put_imported("f7", &Imported::exported(1, "x".into(), "Andi".into()))
                .expect("imported");
            (own, theirs)
        };
        let ev = dir.path().join(super::super::evidence::DIR);
        for h in [&own, &theirs] {
            std::fs::remove_file(super::super::evidence::file_path(&ev, h)).expect("rm");
        }
        let inbox = tempfile::tempdir().expect("inbox");
        std::fs::write(inbox.path().join("f7.tilik"), b"bundle").expect("inbox file");
        let mut s = Store::open(dir.path()).expect("reopen");
        s.set_inbox(inbox.path().to_path_buf());
        assert_eq!(s.blob(&own).expect("own"), Some(b"own photo".to_vec()));
        assert_eq!(s.evidence_lost.len(), 1, "{:?}", s.evidence_lost);
        let l = &s.evidence_lost[0];
        assert_eq!(
            (l.hash.as_str(), l.bundle.as_deref()),
            (theirs.as_str(), Some("f7"))
        );
        assert_eq!(
            l.file.as_deref(),
            Some(inbox.path().join("f7.tilik").as_path())
        );
        assert!(!s.is_imported("f7").expect("imported"));
        drop(s);
        let s = Store::open(dir.path()).expect("third open");
        assert!(s.evidence_lost.is_empty(), "said once");
        assert!(s.pending_blobs().expect("pending").contains(&theirs));
    }

    #[test]
    fn schema_2_store_moves_its_evidence_out_of_sled() {
        let dir = tempfile::tempdir().expect("tmp");
        let photo: Vec<u8> = (0..300_000u32).map(|i| (i % 13) as u8).collect();
        let h = blake3::hash(&photo).to_hex().to_string();
        {
            let s = Store::open(dir.path()).expect("open");
            // A schema-2 store kept the bytes in the `blobs` tree.
            s.put(Tree::Blobs, h.as_bytes(), photo.clone())
                .expect("raw blob");
            s.put(Tree::Meta, "schema_version", "2").expect("v2");
            s.sync().expect("sync");
        }
        let s = Store::open(dir.path()).expect("upgrade");
        assert_eq!(s.schema_version().expect("v"), SCHEMA_VERSION);
        let file = super::super::evidence::file_path(&dir.path().join("evidence"), &h);
        assert_eq!(std::fs::read(&file).expect("file"), photo);
        let raw =
            s.kv.get(Tree::Blobs, h.as_bytes())
                .expect("get")
                .expect("index");
        assert!(raw.len() < 100, "sled keeps only the index entry");
        assert_eq!(s.blob(&h).expect("blob"), Some(photo));
        assert!(s.evidence_lost.is_empty());
    }

    #[test]
    fn second_open_is_store_in_use() {
        let dir = tempfile::tempdir().expect("tmp");
        let _a = Store::open(dir.path()).expect("open");
        assert!(matches!(Store::open(dir.path()), Err(Error::StoreInUse(_))));
    }

    #[test]
    fn schema_version_is_recorded_and_newer_is_refused() {
        let dir = tempfile::tempdir().expect("tmp");
        {
            let s = Store::open(dir.path()).expect("open");
            assert_eq!(s.schema_version().expect("v"), SCHEMA_VERSION);
            s.put(Tree::Meta, "schema_version", "99").expect("set");
            s.sync().expect("sync");
        }
        assert!(matches!(
            Store::open(dir.path()),
            Err(Error::StoreTooNew { found: 99, .. })
        ));
    }

    #[test]
    fn read_only_view_of_a_held_store_reads_the_journal_and_refuses_writes() {
        let dir = tempfile::tempdir().expect("tmp");
        let holder = Store::open(dir.path()).expect("open");
        let id = Identity::generate("R", None, None, Role::Assessor, 0).expect("id");
        holder.set_identity(&id).expect("set");
        holder
            .set_age_identity("AGE-SECRET-KEY-1TEST")
            .expect("age");
        let entry = |d: &str, name: &str| TrustEntry {
            device: d.to_string(),
            name: name.into(),
            role: Role::Supervisor,
            added_ms: 9,
            age_recipient: None,
        };
        holder
            .trust_put(&entry(&"bb".repeat(32), "Budi"))
            .expect("trust");
        holder
            .trust_put(&entry(&"cc".repeat(32), "Citra"))
            .expect("trust");
        holder.trust_remove(&"cc".repeat(32)).expect("untrust");
        holder.set_device_name(&id.device, "Rina").expect("name");
        holder
            .commit(&id.device, &[(final_status("x"), None)], 1000)
            .expect("commit");
        holder.sync().expect("sync");
        // The holder keeps the store: a second open is refused, the view is not.
        assert!(matches!(Store::open(dir.path()), Err(Error::StoreInUse(_))));
        let view = Store::open_read_only(dir.path()).expect("view");
        assert!(view.is_read_only() && !holder.is_read_only());
        let seen = view.identity().expect("id").expect("identity");
        assert_eq!((&seen.device, &seen.name), (&id.device, &id.name));
        assert_eq!(
            seen.secret_bytes(),
            id.secret_bytes(),
            "the signing key too"
        );
        assert_eq!(
            view.age_identity().expect("age").as_deref(),
            Some("AGE-SECRET-KEY-1TEST")
        );
        let roster = view.trust_list().expect("roster");
        assert_eq!(
            roster.keys().cloned().collect::<Vec<_>>(),
            vec!["bb".repeat(32)]
        );
        assert_eq!(
            view.device_name(&id.device).expect("name").as_deref(),
            Some("Rina")
        );
        // No ops, and every write refused with "in use", leaving the store as it was.
        assert_eq!(view.op_count().expect("count"), 0);
        assert!(matches!(
            view.trust_put(&entry(&"dd".repeat(32), "Dewi")),
            Err(Error::StoreInUse(_))
        ));
        assert!(matches!(
            view.commit(&id.device, &[(final_status("y"), None)], 2000),
            Err(Error::StoreInUse(_))
        ));
        assert!(!holder.trust_contains(&"dd".repeat(32)).expect("contains"));
        // No journal (an in-memory or never-opened folder): nothing to read.
        let empty = tempfile::tempdir().expect("tmp");
        assert!(matches!(
            Store::open_read_only(empty.path()),
            Err(Error::StoreInUse(_))
        ));
    }

    #[test]
    fn copied_store_gets_a_new_device_key() {
        let dir = tempfile::tempdir().expect("tmp");
        let a = dir.path().join("a");
        let old = {
            let s = Store::open(&a).expect("open");
            let id = Identity::generate("R", None, None, Role::Assessor, 0).expect("id");
            s.set_identity(&id).expect("set");
            id.device
        };
        let b = dir.path().join("b");
        std::fs::create_dir_all(&b).expect("mkdir");
        for e in std::fs::read_dir(&a).expect("read") {
            let e = e.expect("entry");
            if e.file_type().expect("type").is_file() {
                std::fs::copy(e.path(), b.join(e.file_name())).expect("copy");
            } else {
                let sub = b.join(e.file_name());
                std::fs::create_dir_all(&sub).expect("mkdir");
                for f in std::fs::read_dir(e.path()).expect("read") {
                    let f = f.expect("entry");
                    std::fs::copy(f.path(), sub.join(f.file_name())).expect("copy");
                }
            }
        }
        let s = Store::open(&b).expect("open copy");
        assert!(s.rotated);
        let id = s.identity().expect("id").expect("present");
        assert_ne!(id.device, old);
        assert_eq!(id.retired, vec![old]);
    }
}

mod memory_store {
    use super::*;

    conformance!(in_memory);

    #[test]
    fn has_no_folder() {
        let s = in_memory();
        assert_eq!(s.path(), std::path::Path::new(""));
        assert!(s.journal().expect("journal").is_none());
        s.sync().expect("nothing to sync");
    }
}

// ---- helpers ------------------------------------------------------------------------

fn final_status(assessment: &str) -> OpBody {
    OpBody::SetStatus {
        assessment: assessment.into(),
        status: Status::Final,
    }
}

fn incoming(device: &str, seq: u64, assessment: &str) -> IncomingOp {
    let op = Op {
        v: OP_VERSION,
        device: device.to_string(),
        seq,
        prev: None,
        hlc: seq,
        wall_ms: 1_700_000_000_000,
        undo_of: None,
        body: OpBody::SetStatus {
            assessment: assessment.to_string(),
            status: Status::Draft,
        },
    };
    let bytes = op.encode().expect("encode");
    IncomingOp {
        hash: op_hash(&bytes),
        op,
        bytes,
    }
}

/// A plan that adds `ops` and projects them as a merge would.
fn plan_of(s: &Store, ops: Vec<IncomingOp>) -> Plan {
    let mut plan = Plan::default();
    for o in &ops {
        let id = o.op.body.assessment().to_string();
        let st = plan.states.entry(id.clone()).or_insert_with(|| {
            s.assessment(&id)
                .expect("get")
                .unwrap_or_else(|| AssessmentState::new(&id))
        });
        st.apply(&o.op);
    }
    plan.new_ops = ops;
    plan
}

// ---- the suite ----------------------------------------------------------------------

fn trusted_instrument_hashes_read_back(s: &Store) {
    assert!(s.trusted_instruments().expect("none").is_empty());
    let (a, b) = ("ab".repeat(32), "cd".repeat(32));
    s.trust_instrument(&b).expect("trust b");
    s.trust_instrument(&a).expect("trust a");
    s.trust_instrument(&a).expect("again");
    let got: Vec<String> = s.trusted_instruments().expect("list").into_iter().collect();
    assert_eq!(got, vec![a.clone(), b]);
    assert!(
        s.kept_instruments().expect("kept").is_empty(),
        "a trust is not a kept instrument"
    );
}

fn fresh_store_has_the_schema_and_no_identity(s: &Store) {
    assert_eq!(s.schema_version().expect("v"), SCHEMA_VERSION);
    assert!(s.identity().expect("id").is_none());
    assert_eq!(s.op_count().expect("count"), 0);
    assert!(s.assessments().expect("all").is_empty());
    assert!(s.rebuild_check(false).expect("check").differ.is_empty());
}

fn commit_chains_and_projects(s: &Store) {
    let dev = "aa".repeat(32);
    let body = final_status("x");
    let ops = s
        .commit(&dev, &[(body.clone(), None), (body, None)], 1000)
        .expect("commit");
    assert_eq!(ops[0].seq, 1);
    assert_eq!(ops[1].seq, 2);
    assert_eq!(
        ops[1].prev.as_deref(),
        Some(op_hash(&ops[0].encode().expect("encode")).as_str())
    );
    assert_eq!(s.head(&dev).expect("head").map(|h| h.seq), Some(2));
    let st = s.assessment("x").expect("get").expect("present");
    assert!(st.is_final());
    let (_, differ) = s.rebuild_compare().expect("rebuild");
    assert!(differ.is_empty());
    assert_eq!(s.ops_of("x").expect("ops").len(), 2);
    // The chain goes on from the stored head, the clock never goes back.
    let more = s
        .commit(&dev, &[(final_status("y"), Some(2))], 500)
        .expect("commit");
    assert_eq!(more[0].seq, 3);
    assert_eq!(
        more[0].prev.as_deref(),
        Some(op_hash(&ops[1].encode().expect("encode")).as_str())
    );
    assert!(more[0].hlc > ops[1].hlc);
    assert_eq!(more[0].undo_of, Some(2));
    assert_eq!(s.op_count().expect("count"), 3);
    assert_eq!(s.op(&dev, 3).expect("op"), Some(more[0].clone()));
    assert_eq!(
        s.op_bytes(&dev, 2).expect("bytes"),
        Some(ops[1].encode().expect("encode"))
    );
    assert_eq!(s.op(&dev, 4).expect("op"), None);
    assert_eq!(s.all_ops().expect("all").len(), 3);
    assert_eq!(
        s.assessment_ids().expect("ids"),
        vec!["x".to_string(), "y".to_string()]
    );
    assert_eq!(s.assessments_iter().count(), 2);
}

fn rebuild_check_finds_and_fixes_a_wrong_projection(s: &Store) {
    let dev = "aa".repeat(32);
    for id in ["x", "y"] {
        s.commit(&dev, &[(final_status(id), None)], 1000)
            .expect("commit");
    }
    let c = s.rebuild_check(false).expect("check");
    assert_eq!((c.assessments, c.ops, c.indexed), (2, 2, 2));
    assert!(c.differ.is_empty());
    s.put(
        Tree::Assess,
        "y",
        json(&AssessmentState::new("y")).expect("json"),
    )
    .expect("tamper");
    s.put(
        Tree::Assess,
        "z",
        json(&AssessmentState::new("z")).expect("json"),
    )
    .expect("tamper");
    let c = s.rebuild_check(false).expect("check");
    assert_eq!(c.differ, vec!["y".to_string(), "z".to_string()]);
    assert!(!s.assessment("y").expect("y").expect("y").is_final());
    let (_, differ) = s.rebuild_compare().expect("compare");
    assert_eq!(differ, vec!["y".to_string(), "z".to_string()]);
    let c = s.rebuild_check(true).expect("fix");
    assert_eq!(c.differ.len(), 2);
    assert!(s.assessment("y").expect("y").expect("y").is_final());
    assert_eq!(s.assessment("z").expect("z"), None);
    assert!(s.rebuild_check(false).expect("again").differ.is_empty());
}

fn a_projection_schema_6_wrote_as_json_is_read_checked_and_packed_when_written(s: &Store) {
    let dev = "aa".repeat(32);
    s.commit(&dev, &[(final_status("x"), None)], 1000)
        .expect("commit");
    s.sync().expect("sync");
    let stored = s.kv.get(Tree::Assess, b"x").expect("get").expect("stored");
    assert_eq!(stored.first(), Some(&0x02), "written packed");
    let st = s.assessment("x").expect("read").expect("x");
    // As schema 6 wrote it: the projection as JSON, its brief sealed with those bytes.
    let plain = json(&st).expect("json");
    assert!(
        plain.len() > stored.len(),
        "{} vs {}",
        plain.len(),
        stored.len()
    );
    let mut b = Batch::default();
    b.put(
        Tree::Brief,
        "x",
        super::brief::encode(&plain, &st).expect("brief"),
    );
    b.put(Tree::Assess, "x", plain);
    s.kv.apply(b).expect("write as schema 6");
    assert_eq!(s.assessment("x").expect("read").as_ref(), Some(&st));
    assert!(s.rebuild_check(false).expect("check").differ.is_empty());
    assert_eq!(s.check_projections().expect("seals"), 0, "its seal holds");
    // The next write packs it.
    let answer = OpBody::SetAnswer {
        assessment: "x".into(),
        indicator: "I.1".into(),
        value: crate::core::op::AnswerValue::Score(2),
        old: None,
        supersedes: Vec::new(),
        instrument: crate::core::instrument::InstrumentRef {
            id: "opini-2024".into(),
            version: "1".into(),
            hash: "h".into(),
        },
    };
    s.commit(&dev, &[(answer, None)], 1001).expect("commit");
    s.sync().expect("sync");
    let stored = s.kv.get(Tree::Assess, b"x").expect("get").expect("stored");
    assert_eq!(stored.first(), Some(&0x02));
    assert!(s.rebuild_check(false).expect("check").differ.is_empty());
    assert_eq!(s.check_projections().expect("seals"), 0);
}

fn imported_ops_are_segmented_and_every_lookup_finds_them(s: &Store) {
    let (a, b) = ("aa".repeat(32), "bb".repeat(32));
    // 300 consecutive ops of `a` (three segments: 128 + 128 + 44), a gap, 5 more;
    // one op of `b`. Assessments alternate in blocks so the index splits too.
    let mut seqs: Vec<u64> = (1..=300).collect();
    seqs.extend(310..315);
    let mut plan = Plan::default();
    for &q in &seqs {
        let aid = if (q / 50) % 2 == 0 { "x" } else { "y" };
        plan.new_ops.push(incoming(&a, q, aid));
    }
    plan.new_ops.push(incoming(&b, 7, "x"));
    let expected: Vec<(String, u64, Vec<u8>)> = plan
        .new_ops
        .iter()
        .map(|o| (o.op.device.clone(), o.op.seq, o.bytes.clone()))
        .collect();
    s.apply_plan(&plan, &Extra::default()).expect("apply");
    let segments =
        s.kv.scan(Tree::Ops, Keys::All, Order::Forward)
            .expect("scan")
            .count();
    assert_eq!(segments, 5, "3 + 1 segments of a, 1 of b");
    assert_eq!(s.op_count().expect("count"), 306);
    for (d, q, bytes) in &expected {
        assert_eq!(s.op_bytes(d, *q).expect("get").as_ref(), Some(bytes), "{q}");
    }
    for q in [0, 301, 309, 315, 1000] {
        assert_eq!(s.op_bytes(&a, q).expect("get"), None, "{q}");
    }
    assert_eq!(s.op_bytes(&b, 6).expect("get"), None);
    let mid: Vec<u64> = s
        .device_op_bytes(&a, 120, 312)
        .map(|r| r.expect("op").0)
        .collect();
    let want: Vec<u64> = (120..=300).chain(310..=312).collect();
    assert_eq!(mid, want);
    let hashes = s.stored_hashes_in(&a, 299, 311).expect("hashes");
    assert_eq!(
        hashes.keys().copied().collect::<Vec<_>>(),
        vec![299, 300, 310, 311]
    );
    let xs: Vec<(String, u64)> = s
        .ops_of("x")
        .expect("ops")
        .into_iter()
        .map(|o| (o.device, o.seq))
        .collect();
    let mut want_x: Vec<(String, u64)> = seqs
        .iter()
        .filter(|q| (**q / 50) % 2 == 0)
        .map(|q| (a.clone(), *q))
        .collect();
    want_x.push((b.clone(), 7));
    assert_eq!(xs, want_x);
    assert_eq!(s.all_ops().expect("all").len(), 306);
    // The merge planner's view reads the same.
    assert_eq!(
        View::stored_hash(s, &a, 128).expect("hash"),
        Some(op_hash(expected[127].2.as_slice()))
    );
    assert_eq!(
        View::device_ops_from(s, &a, 311).expect("from").len(),
        4,
        "311..=314"
    );
    assert_eq!(View::stored_hashes(s, &b, 1, 9).expect("b").len(), 1);
    assert!(s.device_op_bytes(&a, 5, 4).next().is_none(), "empty range");
}

fn held_ops_forks_and_runs_are_kept_out_of_the_projection(s: &Store) {
    let (a, b) = ("aa".repeat(32), "bb".repeat(32));
    let mut plan = plan_of(s, vec![incoming(&a, 1, "x"), incoming(&a, 2, "x")]);
    plan.new_ops.push(incoming(&a, 3, "h"));
    plan.new_ops.push(incoming(&b, 1, "f"));
    let held = OpRef {
        device: a.clone(),
        seq: 3,
    };
    let why = Hold {
        reason: "role".into(),
        detail: "not a supervisor".into(),
    };
    plan.held_set.insert(held.clone(), why.clone());
    plan.forks.insert(b.clone(), 1);
    let loser = incoming(&b, 1, "g");
    plan.fork_copies.push(loser.clone());
    plan.runs.insert(a.clone(), vec![(1, 3)]);
    plan.runs.insert(b.clone(), vec![(1, 1)]);
    s.apply_plan(&plan, &Extra::default()).expect("apply");

    assert_eq!(
        s.held_ops().expect("held"),
        [(held.clone(), why.clone())].into()
    );
    assert_eq!(View::held(s).expect("view held").len(), 1);
    assert_eq!(s.forks().expect("forks"), [(b.clone(), 1)].into());
    assert_eq!(View::fork(s, &b).expect("fork"), Some(1));
    assert_eq!(View::fork(s, &a).expect("fork"), None);
    assert_eq!(View::runs(s, &a).expect("runs"), vec![(1, 3)]);
    assert!(View::runs(s, "cc").expect("runs").is_empty());
    assert_eq!(s.all_runs().expect("runs").len(), 2);
    let excl = s.exclusions().expect("excl");
    assert!(excl.excludes(&incoming(&a, 3, "h").op));
    assert!(excl.excludes(&incoming(&b, 1, "f").op));
    assert!(!excl.excludes(&incoming(&a, 1, "x").op));
    // Held and fork-excluded ops are stored but rebuild into nothing.
    assert_eq!(s.op_count().expect("count"), 4);
    let (rebuilt, differ) = s.rebuild_compare().expect("compare");
    assert!(differ.is_empty(), "{differ:?}");
    assert_eq!(rebuilt.keys().collect::<Vec<_>>(), vec!["x"]);
    assert!(s.rebuild_check(false).expect("check").differ.is_empty());
    assert_eq!(
        s.devices_with_ops().expect("devices"),
        [(a.clone(), vec![(1, 3)]), (b.clone(), vec![(1, 1)])].into()
    );
    let fork_copy =
        s.kv.scan(Tree::ForkOps, Keys::All, Order::Forward)
            .expect("scan")
            .map(|kv| kv.expect("entry").1.to_vec())
            .collect::<Vec<_>>();
    assert_eq!(fork_copy, vec![loser.bytes]);

    // Releasing the hold: it goes, and the op is projected by the plan that says so.
    let mut release = plan_of(s, Vec::new());
    release.held_unset.insert(held);
    let mut st = AssessmentState::new("h");
    st.apply(&incoming(&a, 3, "h").op);
    release.states.insert("h".into(), st);
    s.apply_plan(&release, &Extra::default()).expect("release");
    assert!(s.held_ops().expect("held").is_empty());
    assert!(s.rebuild_check(false).expect("check").differ.is_empty());
    let digest = s.state_digest().expect("digest");
    assert_eq!(digest, s.state_digest().expect("again"));
}

fn head_signatures(s: &Store) {
    let a = "aa".repeat(32);
    let plan = plan_of(s, (1..=3).map(|q| incoming(&a, q, "x")).collect());
    let h2 = plan.new_ops[1].hash.clone();
    let h3 = plan.new_ops[2].hash.clone();
    s.apply_plan(&plan, &Extra::default()).expect("apply");
    let sig = |n: u8| hex_of(&[n; 64]);
    s.put_head_sig(&SignedHead {
        device: a.clone(),
        seq: 2,
        hash: h2.clone(),
        sig: sig(2),
    })
    .expect("sig 2");
    // A signature over a hash that is not the stored op's is kept but never chosen.
    let mut plan = Plan::default();
    plan.heads.push(SignedHead {
        device: a.clone(),
        seq: 3,
        hash: "cd".repeat(32),
        sig: sig(3),
    });
    s.apply_plan(&plan, &Extra::default()).expect("heads");
    assert_eq!(s.head_sig(&a, 2, &h2).expect("sig"), Some(vec![2; 64]));
    assert_eq!(s.head_sig(&a, 3, &h3).expect("sig"), None);
    assert_eq!(
        s.head_sig(&a, 3, &"cd".repeat(32)).expect("sig"),
        Some(vec![3; 64])
    );
    assert_eq!(
        s.best_signed_head(&a, 1, 3).expect("best"),
        Some((2, h2.clone(), vec![2; 64]))
    );
    assert_eq!(s.best_signed_head(&a, 3, 3).expect("best"), None);
    assert_eq!(s.best_signed_head(&a, 1, 1).expect("best"), None);
    s.put_head_sig(&SignedHead {
        device: a.clone(),
        seq: 3,
        hash: h3.clone(),
        sig: sig(4),
    })
    .expect("sig 3");
    assert_eq!(
        s.best_signed_head(&a, 1, 3).expect("best"),
        Some((3, h3, vec![4; 64]))
    );
}

fn hex_of(b: &[u8]) -> String {
    crate::core::codec::hex(b)
}

fn import_log_is_oldest_first(s: &Store) {
    s.log_import(b"{\"n\":1}").expect("log");
    let extra = Extra {
        log: Some(b"{\"n\":2}".to_vec()),
        ..Extra::default()
    };
    s.apply_plan_with(&Plan::default(), &extra, false)
        .expect("apply");
    s.log_import(b"{\"n\":3}").expect("log");
    s.sync().expect("sync");
    assert_eq!(
        s.import_log().expect("log"),
        vec![
            b"{\"n\":1}".to_vec(),
            b"{\"n\":2}".to_vec(),
            b"{\"n\":3}".to_vec()
        ]
    );
}

fn blobs_and_pending_evidence(s: &Store) {
    let h = s.put_blob(b"photo").expect("put");
    assert_eq!(h, blake3::hash(b"photo").to_hex().to_string());
    assert_eq!(s.put_blob(b"photo").expect("again"), h);
    assert!(s.has_blob(&h).expect("has"));
    assert!(View::has_blob(s, &h).expect("view has"));
    assert_eq!(s.blob(&h).expect("get"), Some(b"photo".to_vec()));
    assert_eq!(s.blob("00").expect("get"), None);
    let other = blake3::hash(b"scan").to_hex().to_string();
    assert!(!s.has_blob(&other).expect("has"));
    let mut plan = Plan::default();
    plan.pending_add.insert(other.clone());
    s.apply_plan(&plan, &Extra::default()).expect("pending");
    assert!(View::is_pending(s, &other).expect("pending"));
    assert_eq!(s.pending_blobs().expect("pending"), [other.clone()].into());
    s.put_blob_unsynced(&other, b"scan", None)
        .expect("unsynced");
    let mut plan = Plan::default();
    plan.pending_remove.insert(other.clone());
    s.apply_plan(&plan, &Extra::default()).expect("received");
    assert!(s.pending_blobs().expect("pending").is_empty());
    assert_eq!(s.blob(&other).expect("get"), Some(b"scan".to_vec()));
}

/// Overwrite the stored bytes of evidence `hash` (same size) where the store keeps them.
fn damage_evidence(s: &Store, hash: &str) {
    match &s.files {
        super::evidence::Files::Dir(d) => {
            let p = super::evidence::file_path(d, hash);
            let mut b = std::fs::read(&p).expect("read evidence");
            b[0] ^= 0xff;
            std::fs::write(&p, b).expect("damage");
        }
        super::evidence::Files::Memory(m) => {
            let mut m = m.lock().expect("lock");
            let mut b = m.get(hash).expect("held").to_vec();
            b[0] ^= 0xff;
            m.insert(hash.to_string(), b.into());
        }
    }
}

fn evidence_streams_in_and_out_checked_by_hash(s: &Store) {
    use std::io::{Read, Write};
    let big: Vec<u8> = (0..700_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let h = blake3::hash(&big).to_hex().to_string();
    let mut w = s
        .blob_writer(&h, big.len() as u64, Some("f1"))
        .expect("writer");
    for c in big.chunks(65_536) {
        w.write_all(c).expect("chunk");
    }
    assert!(!s.has_blob(&h).expect("has"), "not there before finish");
    w.finish().expect("finish");
    assert!(s.has_blob(&h).expect("has"));
    assert_eq!(
        s.blob_entry(&h).expect("entry"),
        Some(super::IndexEntry {
            size: big.len() as u64,
            bundle: Some("f1".into())
        })
    );
    let mut back = Vec::new();
    s.open_blob(&h)
        .expect("open")
        .expect("present")
        .read_to_end(&mut back)
        .expect("read");
    assert_eq!(back, big);
    let mut chunks = 0;
    assert!(
        s.stream_blob(&h, &mut |_| {
            chunks += 1;
            Ok(())
        })
        .expect("stream")
    );
    assert!(chunks > 1, "read in chunks, not whole");
    // Bytes that are not what was announced are never kept; an unfinished writer leaves
    // nothing.
    let other = blake3::hash(b"other").to_hex().to_string();
    let mut w = s.blob_writer(&other, 5, None).expect("writer");
    w.write_all(b"wrong").expect("write");
    assert!(matches!(w.finish(), Err(Error::Storage(_))));
    assert!(!s.has_blob(&other).expect("has"));
    let mut w = s.blob_writer(&other, 5, None).expect("writer");
    w.write_all(b"oth").expect("write");
    drop(w);
    assert!(!s.has_blob(&other).expect("has"));
    assert_eq!(s.blob(&other).expect("get"), None);
    assert!(
        s.blob_writer("../../etc", 1, None).is_err(),
        "only blake3 names"
    );
    if let super::evidence::Files::Dir(d) = &s.files {
        assert!(d.join(&h[..2]).join(&h[2..]).is_file(), "evidence/ab/cdef…");
        let tmp: Vec<_> = std::fs::read_dir(d.join(".tmp"))
            .map(|r| r.flatten().collect())
            .unwrap_or_default();
        assert!(tmp.is_empty(), "no temporary file left: {tmp:?}");
    }
}

fn damaged_evidence_is_lost_and_its_bundle_forgotten(s: &Store) {
    let bytes = b"scan of the complaint register".to_vec();
    let h = blake3::hash(&bytes).to_hex().to_string();
    s.put_blob_unsynced(&h, &bytes, Some("f9")).expect("put");
    s.put_imported("f9", &Imported::exported(1, "x".into(), "Rina".into()))
        .expect("imported");
    damage_evidence(s, &h);
    match s.blob(&h) {
        Err(Error::EvidenceLost(l)) => {
            assert_eq!(l.len(), 1);
            assert_eq!(l[0].hash, h);
            assert_eq!(l[0].kind, super::LossKind::Damaged);
            assert_eq!(l[0].bundle.as_deref(), Some("f9"));
        }
        other => panic!("damaged evidence read back: {other:?}"),
    }
    assert!(!s.has_blob(&h).expect("has"));
    assert!(s.pending_blobs().expect("pending").contains(&h));
    assert!(
        !s.is_imported("f9").expect("imported"),
        "the bundle can be imported again"
    );
    // Importing it again puts it back.
    s.put_blob_unsynced(&h, &bytes, Some("f9")).expect("again");
    assert_eq!(s.blob(&h).expect("get"), Some(bytes));
    assert!(!s.pending_blobs().expect("pending").contains(&h));
    // Own evidence that is journaled comes back from the journal instead.
    let own = s.put_blob(b"own photo").expect("own");
    damage_evidence(s, &own);
    let lost = s.verify_evidence().expect("verify");
    let journaled = s.journal().expect("journal").is_some();
    assert_eq!(lost.is_empty(), journaled, "{lost:?}");
    assert_eq!(s.has_blob(&own).expect("has"), journaled);
}

/// Every typed accessor reads back what it wrote, under the key and in the encoding the
/// raw accessors see (the layout the workspace wrote through `meta_put`).
fn meta_accessors_read_back_what_they_wrote(s: &Store) {
    fn raw_is<T: serde::Serialize>(s: &Store, key: &str, v: &T) {
        assert_eq!(
            s.meta_raw(key).expect("raw"),
            Some(serde_json::to_vec(v).expect("json")),
            "{key}"
        );
    }
    let (d1, d2) = ("aa".repeat(32), "bb".repeat(32));

    let id = Identity::generate("Rina", None, None, Role::Supervisor, 5).expect("id");
    s.set_identity(&id).expect("identity");
    let back = s.identity().expect("identity").expect("present");
    assert_eq!((&back.device, &back.name), (&id.device, &id.name));
    raw_is(s, "identity", &id);

    assert_eq!(s.age_identity().expect("age"), None);
    s.set_age_identity("AGE-SECRET-KEY-1XYZ").expect("age");
    assert_eq!(
        s.age_identity().expect("age").as_deref(),
        Some("AGE-SECRET-KEY-1XYZ")
    );
    raw_is(s, "age_identity", &"AGE-SECRET-KEY-1XYZ");

    let entry = |d: &str, name: &str| TrustEntry {
        device: d.to_string(),
        name: name.into(),
        role: Role::Assessor,
        added_ms: 9,
        age_recipient: Some("age1abc".into()),
    };
    assert!(!s.trust_contains(&d1).expect("contains"));
    s.trust_put(&entry(&d2, "Budi")).expect("trust");
    s.trust_put(&entry(&d1, "Sari")).expect("trust");
    assert!(s.trust_contains(&d1).expect("contains"));
    assert_eq!(s.trust_get(&d1).expect("get"), Some(entry(&d1, "Sari")));
    raw_is(s, &format!("trust/{d1}"), &entry(&d1, "Sari"));
    assert_eq!(
        s.trust_list()
            .expect("list")
            .into_keys()
            .collect::<Vec<_>>(),
        vec![d1.clone(), d2.clone()]
    );
    s.trust_remove(&d2).expect("remove");
    assert_eq!(s.trust_get(&d2).expect("get"), None);
    assert_eq!(s.trust_list().expect("list").len(), 1);
    // An unreadable value is there for `contains`, absent for the typed reads.
    s.put(Tree::Meta, format!("trust/{d2}"), "not json")
        .expect("junk");
    assert!(s.trust_contains(&d2).expect("contains"));
    assert_eq!(s.trust_get(&d2).expect("get"), None);
    assert_eq!(s.trust_list().expect("list").len(), 1);

    assert_eq!(s.device_name(&d1).expect("name"), None);
    assert!(!s.has_device_name(&d1).expect("has"));
    s.set_device_name(&d1, "Sari").expect("name");
    assert_eq!(s.device_name(&d1).expect("name").as_deref(), Some("Sari"));
    assert!(s.has_device_name(&d1).expect("has"));
    raw_is(s, &format!("name/{d1}"), &"Sari");

    let (catalog, _) = crate::assets::catalog(None);
    let inst = catalog.all().next().expect("an instrument").clone();
    let hash = inst.content_hash().expect("hash");
    assert_eq!(s.kept_instrument(&hash).expect("inst"), None);
    s.keep_instrument(&hash, &inst).expect("keep");
    assert_eq!(s.kept_instrument(&hash).expect("inst"), Some(inst.clone()));
    let bytes = s
        .kept_instrument_bytes(&hash)
        .expect("bytes")
        .expect("kept");
    assert_eq!(blake3::hash(&bytes).to_hex().as_str(), hash);
    assert_eq!(
        s.kept_instruments().expect("all"),
        [(hash.clone(), inst)].into()
    );

    let receipt = |id: &str, at: i64| ExportReceipt {
        bundle_id: id.into(),
        created_ms: at,
        file: format!("/usb/{id}.tilik"),
        hash: "ef".repeat(32),
        code: "K7Q".into(),
        devices: [(d1.clone(), 4)].into(),
        ops: 4,
        encrypted: false,
        recipients: Vec::new(),
    };
    s.put_export_receipt(&receipt("b2", 2)).expect("receipt");
    s.put_export_receipt(&receipt("b1", 1)).expect("receipt");
    raw_is(s, "export/b1", &receipt("b1", 1));
    assert_eq!(
        s.export_receipts().expect("receipts"),
        BTreeMap::from([
            ("b1".to_string(), receipt("b1", 1)),
            ("b2".to_string(), receipt("b2", 2))
        ])
    );

    assert_eq!(s.exported_mark(&d1).expect("mark"), None);
    s.set_exported_mark(&d1, 4).expect("mark");
    assert_eq!(s.exported_mark(&d1).expect("mark"), Some(4));
    raw_is(s, &format!("exported/{d1}"), &4u64);

    let imported = Imported::exported(3, "/usb/b1.tilik".into(), "Rina".into());
    assert!(!s.is_imported("f1").expect("is"));
    s.put_imported("f1", &imported).expect("imported");
    assert!(s.is_imported("f1").expect("is"));
    assert_eq!(s.imported("f1").expect("get"), Some(imported.clone()));
    raw_is(s, "imported/f1", &imported);

    let q = Quarantine {
        file: "b.tilik".into(),
        inbox: "/data/inbox/f2.tilik".into(),
        signer: d2.clone(),
        signer_name: "Budi".into(),
        time_ms: 4,
        writers: Vec::new(),
    };
    s.quarantine_put("f2", &q).expect("quarantine");
    raw_is(s, "quarantine/f2", &q);
    assert_eq!(
        s.quarantined().expect("list"),
        [("f2".to_string(), q)].into()
    );

    let pos = UiPosition {
        assessment: Some("x".into()),
        indicator: None,
    };
    assert_eq!(s.ui_position().expect("pos"), None);
    s.save_ui_position_deferred(&pos).expect("deferred");
    assert_eq!(s.ui_position().expect("pos"), Some(pos.clone()));
    let pos2 = UiPosition {
        assessment: Some("x".into()),
        indicator: Some("1.1".into()),
    };
    s.save_ui_position(&pos2).expect("save");
    assert_eq!(s.ui_position().expect("pos"), Some(pos2.clone()));
    raw_is(s, "ui/position", &pos2);

    // Note drafts (issue 16): per assessment, by indicator, cleared one at a time.
    assert!(s.note_drafts("a1").expect("drafts").is_empty());
    s.save_note_draft("a1", "I.1", "papan tarif")
        .expect("draft");
    s.save_note_draft("a1", "I.2", "kedua").expect("draft 2");
    s.save_note_draft("a10", "I.1", "lain")
        .expect("other assessment");
    raw_is(s, "draft/a1/I.1", &"papan tarif");
    assert_eq!(
        s.note_drafts("a1").expect("drafts"),
        [
            ("I.1".to_string(), "papan tarif".to_string()),
            ("I.2".to_string(), "kedua".to_string())
        ]
        .into()
    );
    s.clear_note_draft("a1", "I.1").expect("clear");
    s.clear_note_draft("a1", "I.9")
        .expect("clearing none is fine");
    assert_eq!(
        s.note_drafts("a1").expect("drafts"),
        [("I.2".to_string(), "kedua".to_string())].into()
    );

    assert!(s.published_results().expect("results").is_empty());
    let list = vec![Published {
        round: 2024,
        code: "61.71".into(),
        name: "Kota Pontianak".into(),
        score: 91.25,
    }];
    s.set_published_results(&list).expect("results");
    assert_eq!(s.published_results().expect("results"), list);
    raw_is(s, "results", &list);
}

/// The `meta` writes an import makes inside the merge ([`Extra`]'s typed helpers).
fn merge_extra_writes_meta_records(s: &Store) {
    let d = "bb".repeat(32);
    s.quarantine_put(
        "f3",
        &Quarantine {
            file: "c.tilik".into(),
            inbox: "/in/f3".into(),
            signer: d.clone(),
            signer_name: "Budi".into(),
            time_ms: 1,
            writers: Vec::new(),
        },
    )
    .expect("quarantine");
    let imported = Imported {
        time_ms: 2,
        verdict: SeenAs::Accepted,
        file: "c.tilik".into(),
        operator: "Rina".into(),
    };
    let mut extra = Extra::default();
    extra.keep_instrument_bytes("h1", b"{\"id\":\"x\"}");
    extra.set_device_name(&d, "Budi").expect("name");
    extra.put_imported("f3", &imported).expect("imported");
    extra.unquarantine("f3");
    s.apply_plan(&plan_of(s, vec![incoming(&d, 1, "x")]), &extra)
        .expect("apply");
    assert_eq!(
        s.kept_instrument_bytes("h1").expect("inst"),
        Some(b"{\"id\":\"x\"}".to_vec())
    );
    assert_eq!(s.device_name(&d).expect("name").as_deref(), Some("Budi"));
    assert_eq!(s.imported("f3").expect("imported"), Some(imported));
    assert!(s.quarantined().expect("list").is_empty());
    assert_eq!(s.op_count().expect("count"), 1);
}

fn raw_meta_and_scans_keep_key_order(s: &Store) {
    s.meta_put("runs/bb", &vec![(1u64, 2u64)]).expect("put");
    s.meta_put("runs/aa", &vec![(3u64, 4u64)]).expect("put");
    s.meta_put_deferred("runs/cc", &"not runs").expect("put");
    s.meta_put("runsx", &1u64).expect("put");
    let runs: BTreeMap<String, Vec<(u64, u64)>> = s.meta_prefix("runs/").expect("prefix");
    assert_eq!(
        runs.keys().collect::<Vec<_>>(),
        vec!["aa", "bb"],
        "unreadable and outside the prefix left out"
    );
    assert_eq!(s.meta_get::<u64>("runsx").expect("get"), Some(1));
    assert_eq!(s.meta_get::<u64>("runs/cc").expect("get"), None);
    assert_eq!(
        s.meta_raw("runs/cc").expect("raw"),
        Some(b"\"not runs\"".to_vec())
    );
    s.meta_remove("runsx").expect("remove");
    assert_eq!(s.meta_raw("runsx").expect("raw"), None);
    let keys = |order| {
        s.kv.scan(Tree::Meta, Keys::Prefix(b"runs/"), order)
            .expect("scan")
            .map(|kv| String::from_utf8(kv.expect("entry").0.to_vec()).expect("utf8"))
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(Order::Forward), vec!["runs/aa", "runs/bb", "runs/cc"]);
    assert_eq!(keys(Order::Reverse), vec!["runs/cc", "runs/bb", "runs/aa"]);
    let ids: Vec<u64> = (0..3).map(|_| s.kv.generate_id().expect("id")).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "{ids:?}");
}

/// The [`Backend`](super::backend::Backend) contract itself: byte order, bounds, reverse
/// scans, last-write-wins batches over several trees.
fn backend_keeps_the_contract(s: &Store) {
    let kv = &s.kv;
    let mut b = Batch::default();
    for k in [&b"b"[..], b"a", b"ab", b"b\x00", b"c"] {
        b.put(Tree::Pending, k, k);
    }
    b.put(Tree::Sigs, "k", "first");
    b.put(Tree::Sigs, "k", "second");
    b.put(Tree::Sigs, "gone", "x");
    b.remove(Tree::Sigs, "gone");
    b.remove(Tree::Sigs, "never");
    assert!(!b.is_empty());
    kv.apply(b).expect("apply");
    kv.apply(Batch::default()).expect("empty batch");
    assert_eq!(
        kv.get(Tree::Sigs, b"k").expect("get").as_deref(),
        Some(&b"second"[..])
    );
    assert!(!kv.contains(Tree::Sigs, b"gone").expect("contains"));
    let keys = |keys: Keys<'_>, order| {
        kv.scan(Tree::Pending, keys, order)
            .expect("scan")
            .map(|e| {
                let (k, v) = e.expect("entry");
                assert_eq!(k, v);
                k.to_vec()
            })
            .collect::<Vec<_>>()
    };
    let all: Vec<Vec<u8>> = vec![
        b"a".into(),
        b"ab".into(),
        b"b".into(),
        b"b\x00".into(),
        b"c".into(),
    ];
    assert_eq!(keys(Keys::All, Order::Forward), all);
    let mut rev = all.clone();
    rev.reverse();
    assert_eq!(keys(Keys::All, Order::Reverse), rev);
    assert_eq!(keys(Keys::Prefix(b"b"), Order::Forward), all[2..4].to_vec());
    assert_eq!(
        keys(Keys::Prefix(b"a"), Order::Reverse),
        vec![all[1].clone(), all[0].clone()]
    );
    let range = |lo, hi| keys(Keys::Range(lo, hi), Order::Forward);
    assert_eq!(
        range(Bound::Included(&b"ab"[..]), Bound::Excluded(&b"c"[..])),
        all[1..4].to_vec()
    );
    assert_eq!(
        range(Bound::Excluded(&b"ab"[..]), Bound::Included(&b"c"[..])),
        all[2..].to_vec()
    );
    assert_eq!(
        range(Bound::Unbounded, Bound::Included(&b"a"[..])),
        all[..1].to_vec()
    );
    assert!(range(Bound::Included(&b"c"[..]), Bound::Included(&b"a"[..])).is_empty());
    assert!(range(Bound::Excluded(&b"b"[..]), Bound::Excluded(&b"b"[..])).is_empty());
    assert!(range(Bound::Included(&b"b"[..]), Bound::Excluded(&b"b"[..])).is_empty());
    assert_eq!(
        range(Bound::Included(&b"b"[..]), Bound::Included(&b"b"[..])),
        all[2..3].to_vec()
    );
    let last = |keys| {
        kv.last(Tree::Pending, keys)
            .expect("last")
            .map(|(k, _)| k.to_vec())
    };
    assert_eq!(last(Keys::All), Some(b"c".to_vec()));
    assert_eq!(
        last(Keys::Range(
            Bound::Unbounded,
            Bound::Included(&b"b\x00x"[..])
        )),
        Some(b"b\x00".to_vec())
    );
    assert_eq!(last(Keys::Prefix(b"z")), None);
    assert!(kv.get(Tree::ForkOps, b"k").expect("other tree").is_none());
    kv.flush().expect("flush");
}
