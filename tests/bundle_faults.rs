//! Fault cases T1–T20 of sync-anchors §4: every bad bundle ends in its named verdict,
//! never a panic, never a partial commit. (T21 is the benchmark in BENCHMARKS.md, T22 the
//! golden bundles in `bundle_golden.rs`.)

mod support;

use std::path::Path;

use support::*;
use tilik::bundle::{encrypt_bytes, verify_bytes};
use tilik::core::bundle::{self as cb, Discard, Fault, kind};
use tilik::core::op::{AnswerValue, OpBody};
use tilik::identity::Role;
use tilik::workspace::AnswerRequest;
use tilik::workspace::bundles::{Reason, Verdict, Warning};

/// A supervisor that trusts one assessor key, and a small bundle of that key.
fn setup() -> (Node, Key, Chain, Vec<u8>) {
    let s = Node::new("Sari", Role::Supervisor);
    let k = Key::new(1);
    s.trust_key(&k, Role::Assessor);
    let mut c = Chain::new(&k);
    c.create(A1);
    c.answer(A1, "P.1", 3, &[]);
    let b = Builder::new(&k).whole(&c).build();
    (s, k, c, b)
}

fn rejected_with(o: &tilik::workspace::bundles::ImportOutcome, reasons: &[&str]) {
    assert_eq!(o.verdict, Verdict::Rejected, "{o:?}");
    assert!(
        reasons.contains(&o.reason.as_str()),
        "{}: {}",
        o.reason.as_str(),
        msg(o)
    );
    assert_eq!(o.new_ops, 0);
}

// ---- T1 truncation ---------------------------------------------------------------------

#[test]
fn t1_truncation_at_every_offset_is_rejected_and_changes_nothing() {
    let (s, _, _, b) = setup();
    let before = s.digest();
    for cut in 0..b.len() {
        let o = s.import_bytes(&b[..cut]);
        rejected_with(&o, &["truncated"]);
    }
    assert_eq!(s.digest(), before);
    assert_eq!(s.ws.store().op_count().expect("op count"), 0);
    s.assert_rebuild_equal();
    let o = s.import_bytes(&b);
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    assert_eq!(o.new_ops, 2);
}

#[test]
fn t1_truncation_of_real_plain_and_encrypted_bundles() {
    let a = Node::new("Rina", Role::Assessor);
    let id = a.new_assessment();
    a.answer(&id, "P.1", 3);
    let plain = std::fs::read(a.export()).expect("read");
    for cut in 0..plain.len() {
        assert_eq!(
            verify_bytes(&plain[..cut], None, &mut Discard).err(),
            Some(Fault::Truncated),
            "cut at {cut}"
        );
    }
    let me = a.ws.age_identity().expect("age");
    let enc = encrypt_bytes(&plain, &[me.to_public()]).expect("enc");
    assert!(verify_bytes(&enc, Some(&me), &mut Discard).is_ok());
    for cut in 0..enc.len() {
        let r = verify_bytes(&enc[..cut], Some(&me), &mut Discard);
        assert!(
            matches!(r, Err(Fault::Truncated | Fault::Damaged(_))),
            "cut at {cut}: {r:?}"
        );
    }
}

// ---- T2 bit flips ------------------------------------------------------------------------

#[test]
fn t2_bit_flip_anywhere_is_rejected_and_changes_nothing() {
    let (s, _, _, b) = setup();
    let before = s.digest();
    let allowed = [
        "not_a_bundle",
        "truncated",
        "damaged",
        "unsupported_version",
        "bad_signature",
        "hash_mismatch",
        "bad_op_chain",
    ];
    for i in 0..b.len() {
        let mut x = b.clone();
        x[i] ^= 1 << (i % 8);
        let o = s.import_bytes(&x);
        rejected_with(&o, &allowed);
    }
    assert_eq!(s.digest(), before);
    assert_eq!(s.ws.store().op_count().expect("op count"), 0);
    // Every bit of every byte, through the verifier.
    for i in 0..b.len() {
        for bit in 0..8 {
            let mut x = b.clone();
            x[i] ^= 1 << bit;
            let bad = match verify_bytes(&x, None, &mut Discard) {
                Err(_) => true,
                Ok(v) => v.fault().is_some(),
            };
            assert!(bad, "flip {i}:{bit} passed");
        }
    }
}

#[test]
fn t2_bit_flips_in_an_encrypted_bundle_are_rejected() {
    let (s, _, _, b) = setup();
    let me = s.ws.age_identity().expect("age");
    let enc = encrypt_bytes(&b, &[me.to_public()]).expect("enc");
    for i in 0..enc.len() {
        let mut x = enc.clone();
        x[i] ^= 1 << (i % 8);
        let bad = match verify_bytes(&x, Some(&me), &mut Discard) {
            Err(_) => true,
            Ok(v) => v.fault().is_some(),
        };
        assert!(bad, "flip at {i} passed");
    }
    // A sample through the whole pipeline (header, payload, tag).
    let before = s.digest();
    for i in (0..enc.len()).step_by(37) {
        let mut x = enc.clone();
        x[i] ^= 0x10;
        let o = s.import_bytes(&x);
        assert_eq!(o.verdict, Verdict::Rejected, "flip at {i}: {o:?}");
    }
    assert_eq!(s.digest(), before);
}

// ---- T3 / T4 tampering ---------------------------------------------------------------------

/// Change the answer of op 2 to `v`, re-chain, recompute section hashes and the manifest's
/// head hash, keep the old signatures.
fn tampered(c: &Chain, v: u8) -> (Chain, Vec<u8>) {
    let mut t = Chain::new(&c.key);
    for o in &c.ops {
        let mut body = o.op.body.clone();
        if let OpBody::SetAnswer { value, .. } = &mut body {
            *value = AnswerValue::Score(v);
        }
        t.push_at(body, o.op.wall_ms);
    }
    let bytes = Builder::new(&c.key).whole(&t).build();
    (t, bytes)
}

#[test]
fn t3_edited_answer_with_old_signatures_is_bad_signature() {
    let (s, k, c, good) = setup();
    let (t, forged_content) = tampered(&c, 0);
    // Keep the original manifest signature over the new manifest.
    let good_secs = cb::split_sections(&good).expect("sections");
    let new_secs = cb::split_sections(&forged_content).expect("sections");
    let mut parts = cb::Parts {
        manifest: serde_json::from_slice(&new_secs[0].1).expect("manifest"),
        ops: vec![new_secs[2].1.clone()],
        blobs: vec![],
        instruments: vec![],
    };
    // The segment head signature is also the old one.
    parts.manifest.segments[0].head_sig = c.head(2).sig;
    let mbytes = parts.manifest.encode().expect("encode");
    let forged = cb::encode_raw(&parts, &mbytes, &good_secs[1].1, 1, 0);
    let o = s.import_bytes(&forged);
    rejected_with(&o, &["bad_signature"]);
    assert!(msg(&o).contains("tanda tangan"), "{}", msg(&o));
    // Re-signing the manifest with the real exporter key but keeping the old head
    // signature is still caught (segment head).
    let k2 = k.clone();
    let forged2 = cb::encode(&parts, &move |m| k2.sign(m)).expect("encode");
    let o = s.import_bytes(&forged2);
    rejected_with(&o, &["bad_signature"]);
    assert_eq!(s.ws.store().op_count().expect("op count"), 0);
    drop(t);
}

#[test]
fn t4_resigned_by_an_unknown_key_is_quarantined_and_retry_after_trust() {
    let (s, _, c, _) = setup();
    let stranger = Key::new(9);
    let (_, _) = tampered(&c, 0);
    // A stranger signs its own bundle relaying the (valid) segment.
    let b = Builder::new(&stranger).whole(&c).build();
    let o = s.import_bytes(&b);
    assert_eq!(o.verdict, Verdict::Quarantined);
    assert_eq!(o.reason, Reason::UnknownSigner);
    assert!(msg(&o).contains("tilik trust add --key"), "{}", msg(&o));
    assert!(msg(&o).contains(&stranger.device));
    assert_eq!(s.ws.store().op_count().expect("op count"), 0);
    // Trust it; the retry needs no file.
    s.trust_key(&stranger, Role::Assessor);
    let r = s.ws.retry_quarantined(&mut |_, _| {}).expect("retry");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].verdict, Verdict::Accepted, "{}", msg(&r[0]));
    assert_eq!(s.ws.store().op_count().expect("op count"), 2);
    assert!(
        s.ws.retry_quarantined(&mut |_, _| {})
            .expect("retry")
            .is_empty()
    );
}

// ---- T5 wrong recipient --------------------------------------------------------------------

#[test]
fn t5_bundle_for_another_supervisor_is_wrong_recipient() {
    let a = Node::new("Rina", Role::Assessor);
    let s1 = Node::new("Sari", Role::Supervisor);
    let s2 = Node::new("Siti", Role::Supervisor);
    s1.trust(&a, Role::Assessor);
    s2.trust(&a, Role::Assessor);
    let id = a.new_assessment();
    a.answer(&id, "P.1", 3);
    let to = s2.ws.age_recipient().expect("r");
    let e = a.export_to(&a.dir.path().join("out"), &[to], false);
    assert!(e.encrypted);
    assert!(e.file.ends_with(".tilik.age"));
    let o = s1.import(Path::new(&e.file));
    rejected_with(&o, &["wrong_recipient"]);
    assert!(msg(&o).contains("penerima lain"));
    let o = s2.import(Path::new(&e.file));
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
}

// ---- T6 idempotence --------------------------------------------------------------------------

#[test]
fn t6_same_file_twice_or_renamed_changes_nothing() {
    let (s, k, c, b) = setup();
    assert_eq!(s.import_bytes(&b).verdict, Verdict::Accepted);
    let d = s.digest();
    let again = s.import_bytes(&b);
    assert_eq!(again.verdict, Verdict::NoNewData);
    assert_eq!(again.reason, Reason::AlreadyImported);
    // Same content, a different file (another bundle id): no new data.
    let other = Builder::new(&k).whole(&c).id("another").build();
    let o = s.import_bytes(&other);
    assert_eq!(o.verdict, Verdict::NoNewData, "{}", msg(&o));
    assert_eq!(o.reason, Reason::NoNewData);
    assert_eq!(s.digest(), d);
}

// ---- T7 fork ------------------------------------------------------------------------------------

#[test]
fn t7_fork_quarantines_the_device_from_that_seq_in_either_order() {
    let k = Key::new(3);
    let mut x = Chain::new(&k);
    x.create(A1);
    x.answer(A1, "P.1", 3, &[]);
    x.answer(A1, "P.2", 3, &[]);
    x.answer(A1, "P.3", 3, &[]);
    let mut y = x.clone();
    y.truncate(3);
    y.answer(A1, "P.2", 0, &[]);
    y.answer(A1, "P.3", 0, &[]);
    y.answer(A1, "P.4", 0, &[]);
    let bx = Builder::new(&k).whole(&x).id("x").build();
    let by = Builder::new(&k).whole(&y).id("y").build();
    let mut digests = Vec::new();
    for order in [[&bx, &by], [&by, &bx]] {
        let s = Node::new("Sari", Role::Supervisor);
        s.trust_key(&k, Role::Assessor);
        let first = s.import_bytes(order[0]);
        assert_eq!(first.verdict, Verdict::Accepted);
        let second = s.import_bytes(order[1]);
        assert_eq!(second.verdict, Verdict::Quarantined, "{}", msg(&second));
        assert_eq!(second.reason, Reason::Fork);
        assert_eq!(second.forks[0].seq, 3);
        assert!(msg(&second).contains("fork"));
        let st = s.ws.store().assessment(A1).expect("get").expect(A1);
        assert!(st.slots.contains_key("P.1"));
        assert!(
            !st.slots.contains_key("P.2"),
            "ops from the fork on are excluded"
        );
        let r = s.ws.conflicts().expect("c");
        assert_eq!(r.forks.len(), 1);
        assert_eq!(r.forks[0].seq, 3);
        s.assert_rebuild_equal();
        digests.push(s.digest());
    }
    assert_eq!(digests[0], digests[1]);
}

// ---- T8 gaps ---------------------------------------------------------------------------------------

#[test]
fn t8_gap_is_a_warning_and_is_cleared_when_filled() {
    let s = Node::new("Sari", Role::Supervisor);
    let k = Key::new(4);
    s.trust_key(&k, Role::Assessor);
    let mut c = Chain::new(&k);
    c.create(A1);
    for i in 2..=30u64 {
        c.answer(A1, "P.1", u8::try_from(i % 4).expect("v"), &[]);
    }
    let b1 = Builder::new(&k).segment(&c, 1, 10).id("1").build();
    let b2 = Builder::new(&k).segment(&c, 11, 20).id("2").build();
    let b3 = Builder::new(&k).segment(&c, 21, 30).id("3").build();
    assert_eq!(s.import_bytes(&b1).verdict, Verdict::Accepted);
    let o = s.import_bytes(&b3);
    assert_eq!(o.verdict, Verdict::AcceptedWithWarnings, "{}", msg(&o));
    assert_eq!(o.reason, Reason::Gap);
    assert_eq!((o.gaps[0].from, o.gaps[0].to), (11, 20));
    assert!(
        msg(&o).contains("nomor 11–20 belum diterima"),
        "{}",
        msg(&o)
    );
    assert_eq!(s.ws.conflicts().expect("c").gaps.len(), 1);
    let o = s.import_bytes(&b2);
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    assert!(s.ws.conflicts().expect("c").gaps.is_empty());
    s.assert_rebuild_equal();
    // Same state as one whole bundle.
    let t = Node::new("Tia", Role::Supervisor);
    t.trust_key(&k, Role::Assessor);
    t.import_bytes(&Builder::new(&k).whole(&c).build());
    assert_eq!(s.digest(), t.digest());
}

// ---- T9 evidence -----------------------------------------------------------------------------------

#[test]
fn t9_pending_evidence_is_filled_later_and_a_bad_blob_is_rejected() {
    let a = Node::new("Rina", Role::Assessor);
    let s = Node::new("Sari", Role::Supervisor);
    s.trust(&a, Role::Assessor);
    let id = a.new_assessment();
    let photo = a.dir.path().join("foto.jpg");
    std::fs::write(&photo, b"\xff\xd8 a photo of the SOP board").expect("w");
    a.ws.answer(
        &AnswerRequest::new(&id, "P.1")
            .value(AnswerValue::Score(3))
            .evidence(&[&photo]),
    )
    .expect("answer");
    let light = a.export_to(&a.dir.path().join("o1"), &[], true);
    assert_eq!(light.blobs_omitted, 1);
    let o = s.import(Path::new(&light.file));
    assert_eq!(o.verdict, Verdict::AcceptedWithWarnings, "{}", msg(&o));
    assert!(o.warnings.contains(&Warning::PendingEvidence));
    assert_eq!(s.ws.conflicts().expect("c").pending_evidence.len(), 1);
    let full = a.export_to(&a.dir.path().join("o2"), &[], false);
    let o = s.import(Path::new(&full.file));
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    assert!(s.ws.conflicts().expect("c").pending_evidence.is_empty());
    let h = blake3::hash(b"\xff\xd8 a photo of the SOP board")
        .to_hex()
        .to_string();
    assert!(s.ws.store().has_blob(&h).expect("blob"));

    // A blob whose bytes do not match the manifest: rejected, nothing stored.
    let t = Node::new("Tia", Role::Supervisor);
    let k = Key::new(5);
    t.trust_key(&k, Role::Assessor);
    let mut c = Chain::new(&k);
    c.create(A1);
    c.push(attach_body(A1, "P.1", b"real bytes", "f.jpg"));
    let b = Builder::new(&k).whole(&c).blob(b"real bytes", true).build();
    let mut secs = cb::split_sections(&b).expect("s");
    let blob_at = secs
        .iter()
        .position(|(k, _)| *k == kind::BLOB)
        .expect("blob");
    secs[blob_at].1 = b"fake bytes".to_vec();
    let mut w = cb::ContainerWriter::new(Vec::new()).expect("w");
    for (k, body) in &secs[..secs.len() - 1] {
        w.section(*k, body).expect("s");
    }
    let (forged, _) = w.finish().expect("f");
    let o = t.import_bytes(&forged);
    rejected_with(&o, &["hash_mismatch"]);
    assert_eq!(t.ws.store().op_count().expect("op count"), 0);
    assert!(
        !t.ws
            .store()
            .has_blob(blake3::hash(b"fake bytes").to_hex().as_ref())
            .expect("b")
    );
}

// ---- T10 instruments --------------------------------------------------------------------------------

#[test]
fn t10_unknown_instrument_or_indicator_is_held_until_the_definition_arrives() {
    let s = Node::new("Sari", Role::Supervisor);
    let k = Key::new(6);
    s.trust_key(&k, Role::Assessor);
    let mut custom = opini();
    custom.version = "99".into();
    custom.title = "Opini 2024 (revisi lapangan)".into();
    let cref = custom.reference().expect("reference");
    let mut c = Chain::new(&k);
    c.push(create_body(A1, cref.clone()));
    c.push(answer_body(
        A1,
        "P.1",
        AnswerValue::Score(2),
        &[],
        cref.clone(),
    ));
    c.push(answer_body(
        A1,
        "ZZ.99",
        AnswerValue::Score(2),
        &[],
        cref.clone(),
    ));
    // Without the definition: held, visible, not projected.
    let b = Builder::new(&k)
        .whole(&c)
        .instrument(&custom, false)
        .build();
    let o = s.import_bytes(&b);
    assert_eq!(o.verdict, Verdict::AcceptedWithWarnings, "{}", msg(&o));
    assert!(o.warnings.contains(&Warning::Held));
    assert_eq!(o.held.len(), 3);
    let r = s.ws.conflicts().expect("c");
    assert_eq!(r.held.len(), 3);
    assert!(r.held.iter().all(|h| h.reason == "unknown_instrument"));
    assert!(s.ws.store().assessment(A1).expect("g").is_none());
    assert!(s.ws.list().expect("list").is_empty());
    s.assert_rebuild_equal();
    // A later bundle embeds the definition: released, except the unknown indicator.
    let b2 = Builder::new(&k)
        .whole(&c)
        .instrument(&custom, true)
        .id("2")
        .build();
    let o = s.import_bytes(&b2);
    assert!(o.verdict.ok(), "{}", msg(&o));
    let r = s.ws.conflicts().expect("c");
    assert_eq!(r.held.len(), 1);
    assert_eq!(r.held[0].reason, "unknown_indicator");
    let st = s.ws.store().assessment(A1).expect("g").expect(A1);
    assert!(st.slots.contains_key("P.1"));
    assert!(!st.slots.contains_key("ZZ.99"));
    let d = s.ws.detail(A1).expect("detail");
    assert_eq!(d.instrument.version, "99");
    s.assert_rebuild_equal();

    // Embedded from the start: accepted at once (the indicator hold stays).
    let t = Node::new("Tia", Role::Supervisor);
    t.trust_key(&k, Role::Assessor);
    let o = t.import_bytes(&b2);
    assert_eq!(o.held.len(), 1);
    assert_eq!(t.digest(), s.digest());
}

// ---- T11 versions -------------------------------------------------------------------------------------

#[test]
fn t11_newer_major_is_refused_and_unknown_manifest_fields_are_ignored() {
    let (s, k, c, b) = setup();
    let secs = cb::split_sections(&b).expect("s");
    let parts = cb::Parts {
        manifest: serde_json::from_slice(&secs[0].1).expect("m"),
        ops: vec![secs[2].1.clone()],
        blobs: vec![],
        instruments: vec![],
    };
    let v2 = cb::encode_raw(&parts, &secs[0].1, &secs[1].1, 2, 0);
    let o = s.import_bytes(&v2);
    rejected_with(&o, &["unsupported_version"]);
    assert!(msg(&o).contains("Perbarui tilik"), "{}", msg(&o));
    // A newer minor with an extra manifest field and an optional section.
    let mut text: serde_json::Value = serde_json::from_slice(&secs[0].1).expect("m");
    text["future_field"] = serde_json::json!({"anything": [1, 2, 3]});
    let mbytes = serde_json::to_vec(&text).expect("json");
    let sig = k.sign(&cb::manifest_message(&mbytes));
    let mut w = cb::ContainerWriter::with_version(Vec::new(), 1, 7).expect("w");
    w.section(kind::MANIFEST, &mbytes).expect("s");
    w.section(kind::MANIFEST_SIG, &sig).expect("s");
    w.section(0x90, b"optional extension").expect("s");
    w.section(kind::OPS, &secs[2].1).expect("s");
    let (v17, _) = w.finish().expect("f");
    let o = s.import_bytes(&v17);
    assert_eq!(o.verdict, Verdict::Accepted, "{}", msg(&o));
    assert_eq!(o.new_ops, c.ops.len() as u64);
}

// ---- T12 crash during import --------------------------------------------------------------------------

fn cli_supervisor(dir: &Path, k: &Key) {
    let s = cli::Tilik::at(dir);
    s.ok(&["init", "--name", "Sari", "--role", "supervisor"]);
    s.ok(&[
        "trust", "add", "--key", &k.device, "--name", "Rina", "--role", "assessor",
    ]);
}

#[test]
fn t12_crash_during_import_is_all_or_nothing_and_reimport_succeeds() {
    let k = Key::new(7);
    let mut c = Chain::new(&k);
    c.create(A1);
    let photo = b"evidence bytes".to_vec();
    c.push(attach_body(A1, "P.1", &photo, "f.jpg"));
    for i in 0..40u64 {
        c.answer(A1, "P.2", u8::try_from(i % 4).expect("v"), &[]);
    }
    let b = Builder::new(&k).whole(&c).blob(&photo, true).build();
    let n = c.ops.len() as u64;
    // Reference: a clean import.
    let reference = {
        let s = Node::new("Sari", Role::Supervisor);
        s.trust_key(&k, Role::Assessor);
        s.import_bytes(&b);
        s.ws.store().assessment(A1).expect("g")
    };
    for point in [
        "import-after-blobs",
        "import-before-commit",
        "import-after-commit",
    ] {
        let dir = tempfile::tempdir().expect("tmp");
        cli_supervisor(dir.path(), &k);
        let file = dir.path().join("b.tilik");
        std::fs::write(&file, &b).expect("w");
        let st = cli::tilik(dir.path())
            .env("TILIK_CRASH_AT", point)
            .arg("import")
            .arg(&file)
            .output()
            .expect("run");
        assert!(
            !st.status.success(),
            "{point}: the process should have died"
        );
        let ws = open(dir.path());
        let count = ws.store().op_count().expect("op count");
        assert!(count == 0 || count == n, "{point}: {count} of {n} ops");
        let (_, differ) = ws.store().rebuild_compare().expect("rebuild");
        assert!(differ.is_empty(), "{point}: {differ:?}");
        let o = ws.import_file(&file, &mut |_, _| {}).expect("import");
        assert!(o.verdict.ok(), "{point}: {}", msg(&o));
        assert_eq!(ws.store().op_count().expect("op count"), n);
        assert_eq!(ws.store().assessment(A1).expect("g"), reference, "{point}");
    }
}

#[test]
fn t12_sigkill_at_random_moments_is_all_or_nothing() {
    let k = Key::new(8);
    let mut c = Chain::new(&k);
    c.create(A1);
    let inds = ["P.1", "P.2", "P.3", "I.1", "I.2", "I.3"];
    for i in 0..3000usize {
        c.answer(
            A1,
            inds[i % inds.len()],
            u8::try_from(i % 4).expect("v"),
            &[],
        );
    }
    let b = Builder::new(&k).whole(&c).build();
    let n = c.ops.len() as u64;
    // How long a clean import takes here; kill at moments spread over that time.
    let took = {
        let dir = tempfile::tempdir().expect("tmp");
        cli_supervisor(dir.path(), &k);
        let file = dir.path().join("b.tilik");
        std::fs::write(&file, &b).expect("w");
        let t = std::time::Instant::now();
        let st = cli::tilik(dir.path())
            .arg("import")
            .arg(&file)
            .output()
            .expect("run");
        assert!(st.status.success());
        u64::try_from(t.elapsed().as_millis()).unwrap_or(500)
    };
    let (mut none, mut all) = (0, 0);
    // Kill at growing delays until kills have landed both before and after the commit
    // point (timing on a loaded machine varies, so the delays keep growing up to 4× the
    // measured import time); every kill must leave all or nothing.
    let mut step = 0u64;
    while ((none == 0 || all == 0) && step <= 20) || step <= 6 {
        let delay = took * step / 5;
        step += 1;
        let dir = tempfile::tempdir().expect("tmp");
        cli_supervisor(dir.path(), &k);
        let file = dir.path().join("b.tilik");
        std::fs::write(&file, &b).expect("w");
        let mut child = cli::tilik(dir.path())
            .arg("import")
            .arg(&file)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(std::time::Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let ws = open(dir.path());
        let count = ws.store().op_count().expect("op count");
        assert!(
            count == 0 || count == n,
            "after {delay} ms: {count} of {n} ops"
        );
        if count == 0 {
            none += 1;
        } else {
            all += 1;
        }
        let (_, differ) = ws.store().rebuild_compare().expect("rebuild");
        assert!(differ.is_empty());
        let o = ws.import_file(&file, &mut |_, _| {}).expect("import");
        assert!(o.verdict.ok(), "{}", msg(&o));
        assert_eq!(ws.store().op_count().expect("op count"), n);
    }
    // The kills landed both before and after the commit point.
    assert!(none > 0 && all > 0, "none {none}, all {all}");
}

// ---- T13 crash during export ------------------------------------------------------------------------

#[test]
fn t13_crash_during_export_leaves_no_file_under_a_final_name() {
    let dir = tempfile::tempdir().expect("tmp");
    let rina = cli::Tilik::at(dir.path());
    let run = |args: &[&str]| rina.ok(args);
    run(&["init", "--name", "Rina"]);
    let id = run(&support::cli::new_2024("61.71", "dpmptsp", &[]));
    run(&["answer", &id, "P.1", "3"]);
    let out = dir.path().join("usb");
    std::fs::create_dir_all(&out).expect("usb");
    let st = rina
        .cmd()
        .env("TILIK_CRASH_AT", "export-mid-write")
        .args(["export", "--dir"])
        .arg(&out)
        .output()
        .expect("run");
    assert!(!st.status.success());
    let names: Vec<String> = std::fs::read_dir(&out)
        .expect("dir")
        .map(|e| e.expect("e").file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.starts_with(".tilik-export-") && n.ends_with(".tmp")),
        "{names:?}"
    );
    let o = run(&["export", "--dir", out.to_str().expect("utf8"), "--json"]);
    let v: serde_json::Value = serde_json::from_str(&o).expect("json");
    let file = v["file"].as_str().expect("file");
    assert!(Path::new(file).exists());
    assert!(
        verify_bytes(&std::fs::read(file).expect("r"), None, &mut Discard)
            .expect("ok")
            .fault()
            .is_none()
    );
}

// ---- T14 superset ------------------------------------------------------------------------------------

#[test]
fn t14_newer_cumulative_bundle_then_older_equals_newer_alone() {
    let a = Node::new("Rina", Role::Assessor);
    let id = a.new_assessment();
    a.answer(&id, "P.1", 1);
    let first = a.export();
    a.answer(&id, "P.1", 3);
    a.answer(&id, "P.2", 2);
    let second = a.export();
    let s = Node::new("Sari", Role::Supervisor);
    s.trust(&a, Role::Assessor);
    assert_eq!(s.import(&second).verdict, Verdict::Accepted);
    let o = s.import(&first);
    assert_eq!(o.verdict, Verdict::NoNewData, "{}", msg(&o));
    let t = Node::new("Tia", Role::Supervisor);
    t.trust(&a, Role::Assessor);
    t.import(&second);
    assert_eq!(s.digest(), t.digest());
    let u = Node::new("Umi", Role::Supervisor);
    u.trust(&a, Role::Assessor);
    u.import(&first);
    u.import(&second);
    assert_eq!(u.digest(), t.digest());
}

// ---- T15 two assessors, one lokus ----------------------------------------------------------------------

#[test]
fn t15_two_assessors_same_lokus_make_one_assessment_with_conflicts_only_where_they_differ() {
    let a = Node::new("Rina", Role::Assessor);
    let b = Node::new("Budi", Role::Assessor);
    let ia = a.new_assessment();
    let ib = b.new_assessment();
    assert_eq!(ia, ib, "deterministic key");
    a.answer(&ia, "P.1", 3);
    a.answer(&ia, "P.2", 2);
    b.answer(&ib, "P.1", 1);
    b.answer(&ib, "P.2", 2);
    b.answer(&ib, "P.3", 3);
    let s = Node::new("Sari", Role::Supervisor);
    s.trust(&a, Role::Assessor);
    s.trust(&b, Role::Assessor);
    s.import(&a.export());
    let o = s.import(&b.export());
    assert_eq!(o.conflicts, 1);
    let list = s.ws.list().expect("list");
    assert_eq!(list.len(), 1);
    let r = s.ws.conflicts().expect("c");
    assert_eq!(r.conflicts.len(), 1);
    assert_eq!(r.conflicts[0].indicator, "P.1");
    let names: Vec<&str> = r.conflicts[0]
        .candidates
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert!(
        names.contains(&"Rina") && names.contains(&"Budi"),
        "{names:?}"
    );
}

// ---- T16 delete vs edit ----------------------------------------------------------------------------------

/// tilik has no "delete assessment" op; the delete it has is clearing an answer, and a
/// clear concurrent with an edit is surfaced as a conflict, never applied silently.
#[test]
fn t16_clear_concurrent_with_an_edit_is_a_conflict() {
    let s = Node::new("Sari", Role::Supervisor);
    let (ka, kb) = (Key::new(10), Key::new(11));
    s.trust_key(&ka, Role::Assessor);
    // Budi clears Ani's answer: replacing another device's candidate needs a supervisor
    // (an assessor's would be held, `supersedes_other`; tests/authz.rs).
    s.ws.trust_add(&kb.device, "Budi", Role::Supervisor, None)
        .expect("t");
    let mut a = Chain::new(&ka);
    a.create(A1);
    let base = a.answer(A1, "P.1", 2, &[]);
    let mut b = Chain::new(&kb);
    b.push(answer_body(
        A1,
        "P.1",
        AnswerValue::Cleared,
        std::slice::from_ref(&base),
        iref(),
    ));
    a.answer(A1, "P.1", 3, &[base]);
    s.import_bytes(&Builder::new(&ka).whole(&a).build());
    s.import_bytes(&Builder::new(&kb).whole(&b).build());
    let r = s.ws.conflicts().expect("c");
    assert_eq!(r.conflicts.len(), 1);
    let vals: Vec<String> = r.conflicts[0]
        .candidates
        .iter()
        .map(|c| tilik::present::words::answer_short(tilik::i18n::Lang::Id, c.raw))
        .collect();
    assert!(vals.contains(&"—".to_string()) && vals.contains(&"3".to_string()));
}

// ---- T17 restore ------------------------------------------------------------------------------------------

#[test]
fn t17_restored_copy_gets_a_new_key_and_never_forks() {
    let root = tempfile::tempdir().expect("tmp");
    let orig = root.path().join("orig");
    let first_bundle;
    let old_device;
    {
        let ws = open(&orig);
        ws.init("Rina", None, None, Role::Assessor).expect("init");
        old_device = ws.require_identity().expect("id").device;
        let id = ws
            .new_assessment(2024, Some("opini-2024"), "61.71", "dpmptsp", None)
            .expect("new")
            .id;
        ws.answer(&AnswerRequest::new(&id, "P.1").value(AnswerValue::Score(3)))
            .expect("a");
        first_bundle = ws
            .export(
                &tilik::workspace::bundles::ExportOptions {
                    target: tilik::workspace::bundles::Target::NewDir(root.path().join("o")),
                    to: vec![],
                    since: None,
                    no_evidence: false,
                },
                &mut |_, _| {},
            )
            .expect("export")
            .file;
    }
    // Restore: copy the whole data folder.
    let copy = root.path().join("copy");
    copy_dir(&orig, &copy);
    let (copy_bundle, new_device) = {
        let ws = open(&copy);
        assert!(ws.rotated());
        let me = ws.require_identity().expect("id");
        assert_ne!(me.device, old_device);
        let id = ws.list().expect("l")[0].id.clone();
        ws.answer(&AnswerRequest::new(&id, "P.2").value(AnswerValue::Score(1)))
            .expect("a");
        let f = ws
            .export(
                &tilik::workspace::bundles::ExportOptions {
                    target: tilik::workspace::bundles::Target::NewDir(root.path().join("o2")),
                    to: vec![],
                    since: None,
                    no_evidence: false,
                },
                &mut |_, _| {},
            )
            .expect("export");
        assert!(f.segments >= 1);
        (f.file, me.device)
    };
    // The original keeps working with its key.
    let orig_bundle = {
        let ws = open(&orig);
        let id = ws.list().expect("l")[0].id.clone();
        ws.answer(&AnswerRequest::new(&id, "P.3").value(AnswerValue::Score(2)))
            .expect("a");
        ws.export(
            &tilik::workspace::bundles::ExportOptions {
                target: tilik::workspace::bundles::Target::NewDir(root.path().join("o3")),
                to: vec![],
                since: None,
                no_evidence: false,
            },
            &mut |_, _| {},
        )
        .expect("export")
        .file
    };
    let s = Node::new("Sari", Role::Supervisor);
    s.ws.trust_add(&old_device, "Rina", Role::Assessor, None)
        .expect("t");
    s.ws.trust_add(&new_device, "Rina (pulihan)", Role::Assessor, None)
        .expect("t");
    for f in [&first_bundle, &copy_bundle, &orig_bundle] {
        let o = s.import(Path::new(f));
        assert!(o.verdict.ok(), "{}", msg(&o));
        assert!(o.forks.is_empty());
    }
    assert!(s.ws.conflicts().expect("c").forks.is_empty());
    let st = &s.ws.list().expect("l")[0];
    assert_eq!(st.answered, 3);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read") {
        let e = e.expect("e");
        let dest = to.join(e.file_name());
        if e.file_type().expect("t").is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).expect("copy");
        }
    }
}

// ---- T18 clocks ------------------------------------------------------------------------------------------

#[test]
fn t18_wrong_clocks_are_flagged_and_merge_unchanged() {
    let k = Key::new(12);
    let build = |walls: [i64; 3]| {
        let mut c = Chain::new(&k);
        c.push_at(create_body(A1, iref()), walls[0]);
        let r = c.push_at(
            answer_body(A1, "P.1", AnswerValue::Score(1), &[], iref()),
            walls[1],
        );
        c.push_at(
            answer_body(A1, "P.1", AnswerValue::Score(3), &[r], iref()),
            walls[2],
        );
        Builder::new(&k).whole(&c).build()
    };
    let y2001 = 978_307_200_000;
    let y2040 = 2_208_988_800_000;
    let normal = build([T0, T0 + 1, T0 + 2]);
    let odd = build([y2001, y2040, y2001 + 5]);
    let s = Node::new("Sari", Role::Supervisor);
    s.trust_key(&k, Role::Assessor);
    let o = s.import_bytes(&odd);
    assert_eq!(o.verdict, Verdict::AcceptedWithWarnings);
    assert_eq!(o.reason, Reason::Clock);
    assert_eq!(o.clock_warnings, 3);
    let t = Node::new("Tia", Role::Supervisor);
    t.trust_key(&k, Role::Assessor);
    assert_eq!(t.import_bytes(&normal).verdict, Verdict::Accepted);
    assert_eq!(s.digest(), t.digest());
    let st = s.ws.store().assessment(A1).expect("g").expect(A1);
    assert_eq!(st.slots["P.1"].value(), Some(AnswerValue::Score(3)));
}

// ---- T19 roles ----------------------------------------------------------------------------------------------

#[test]
fn t19_resolve_by_an_assessor_key_is_held_with_a_role_warning() {
    let s = Node::new("Sari", Role::Supervisor);
    let (ka, kb) = (Key::new(13), Key::new(14));
    s.trust_key(&ka, Role::Assessor);
    s.ws.trust_add(&kb.device, "Budi", Role::Assessor, None)
        .expect("t");
    let mut a = Chain::new(&ka);
    a.create(A1);
    let ra = a.answer(A1, "P.1", 3, &[]);
    let mut b = Chain::new(&kb);
    let rb = b.answer(A1, "P.1", 1, &[]);
    b.push(resolve_body(A1, "P.1", 1, &[ra, rb]));
    s.import_bytes(&Builder::new(&ka).whole(&a).build());
    let o = s.import_bytes(&Builder::new(&kb).whole(&b).build());
    assert_eq!(o.verdict, Verdict::AcceptedWithWarnings, "{}", msg(&o));
    assert_eq!(o.held.len(), 1);
    assert_eq!(o.held[0].reason, "role");
    assert_eq!(
        s.ws.conflicts().expect("c").conflicts.len(),
        1,
        "conflict stays open"
    );
    s.assert_rebuild_equal();
    // Promoted to supervisor: the resolution is released and closes the conflict.
    s.ws.trust_add(&kb.device, "Budi", Role::Supervisor, None)
        .expect("t");
    let r = s.ws.conflicts().expect("c");
    assert!(r.held.is_empty());
    assert!(r.conflicts.is_empty());
    s.assert_rebuild_equal();
    // Demoted again: held again.
    s.ws.trust_add(&kb.device, "Budi", Role::Assessor, None)
        .expect("t");
    assert_eq!(s.ws.conflicts().expect("c").conflicts.len(), 1);
    s.assert_rebuild_equal();
}

// ---- T20 absurd containers ------------------------------------------------------------------------------------

#[test]
fn t20_absurd_lengths_and_many_sections_are_rejected() {
    let (s, k, c, b) = setup();
    // A huge declared manifest length.
    let mut x = cb::MAGIC.to_vec();
    x.extend_from_slice(&[1, 0, kind::MANIFEST]);
    x.extend_from_slice(&u64::MAX.to_le_bytes());
    rejected_with(&s.import_bytes(&x), &["damaged"]);
    // A length within limits but far beyond the data (no allocation of it).
    let mut x = cb::MAGIC.to_vec();
    x.extend_from_slice(&[1, 0, kind::MANIFEST]);
    x.extend_from_slice(&(60u64 << 20).to_le_bytes());
    x.extend_from_slice(b"{\"format\":");
    rejected_with(&s.import_bytes(&x), &["truncated"]);
    // Thousands of optional sections, then a broken end.
    let secs = cb::split_sections(&b).expect("s");
    let mut w = cb::ContainerWriter::new(Vec::new()).expect("w");
    w.section(kind::MANIFEST, &secs[0].1).expect("s");
    w.section(kind::MANIFEST_SIG, &secs[1].1).expect("s");
    for _ in 0..20_000 {
        w.section(0x99, b"").expect("s");
    }
    w.section(kind::OPS, &secs[2].1).expect("s");
    let (mut many, _) = w.finish().expect("f");
    let last = many.len() - 1;
    many[last] ^= 1;
    rejected_with(&s.import_bytes(&many), &["damaged"]);
    // A declared ops section larger than the limit.
    let mut x = b[..10].to_vec();
    x.extend_from_slice(&secs_bytes(&secs[..2]));
    x.push(kind::OPS);
    x.extend_from_slice(&(u64::MAX / 2).to_le_bytes());
    rejected_with(&s.import_bytes(&x), &["damaged"]);
    // An op record claiming 4 GiB inside a valid-looking section.
    let mut bad = cb::Parts {
        manifest: serde_json::from_slice(&secs[0].1).expect("m"),
        ops: vec![u32::MAX.to_le_bytes().to_vec()],
        blobs: vec![],
        instruments: vec![],
    };
    bad.manifest.segments[0].section_hash = blake3::hash(&bad.ops[0]).to_hex().to_string();
    bad.manifest.segments[0].section_len = 4;
    let k2 = k.clone();
    rejected_with(
        &s.import_bytes(&cb::encode(&bad, &move |m| k2.sign(m)).expect("encode")),
        &["bad_op_chain"],
    );
    assert_eq!(s.ws.store().op_count().expect("op count"), 0);
    drop(c);
}

fn secs_bytes(secs: &[(u8, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (k, b) in secs {
        out.push(*k);
        out.extend_from_slice(&(b.len() as u64).to_le_bytes());
        out.extend_from_slice(b);
    }
    out
}

// ---- the log ----------------------------------------------------------------------------------------------------

#[test]
fn every_attempt_is_logged_and_the_file_kept_in_the_inbox() {
    let (s, _, _, b) = setup();
    s.import_bytes(&b[..50]);
    s.import_bytes(b"not a bundle at all");
    s.import_bytes(&b);
    s.import_bytes(&b);
    let log = s.ws.import_log().expect("log");
    let verdicts: Vec<&str> = log.iter().map(|r| r.verdict.as_str()).collect();
    assert_eq!(
        verdicts,
        ["rejected", "rejected", "accepted", "no_new_data"]
    );
    assert_eq!(log[0].reason, Reason::Truncated);
    assert_eq!(log[1].reason, Reason::NotABundle);
    assert!(log[2].signer.is_some());
    let inbox = s.dir.path().join("data").join("inbox");
    let kept = std::fs::read_dir(&inbox).expect("inbox").count();
    assert_eq!(kept, 3, "three distinct files kept");
    let h = blake3::hash(&b).to_hex().to_string();
    assert_eq!(
        std::fs::read(inbox.join(format!("{h}.tilik"))).expect("r"),
        b
    );
}
