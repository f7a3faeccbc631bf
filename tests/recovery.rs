//! The store always opens and every acknowledged answer is in it, even when sled's own
//! files are damaged (`docs/store.md`, "The journal"):
//! (a) sled files damaged until sled cannot open them → the folder is moved aside, the
//!     store is rebuilt from the journal with the same device key and the same projection,
//!     and the real binary says so in one sentence (Indonesian by default, English with
//!     `--lang en`) and exits 0;
//! (b) a torn journal tail (garbage, half a record) is dropped and nothing is lost, while
//!     damage in the middle of the journal is refused with a clear error;
//! (c) sled behind the journal (its files rolled back, or a process killed right after the
//!     journal fsync) → the missing ops are replayed on opening;
//! (d) a store made before journals existed gets its journal on the first open.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/damage.rs"]
mod damage;
#[path = "support/store.rs"]
mod store;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use cli::tilik;
use damage::{Damage, damage};
use store::dirs;
use tilik::core::assessment::AssessmentState;
use tilik::core::op::AnswerValue;
use tilik::i18n::Lang;
use tilik::identity::{Identity, Role};
use tilik::storage::Store;
use tilik::workspace::{AnswerRequest, Workspace};

fn run(c: &mut Command) -> Output {
    c.output().expect("spawn tilik")
}

fn text(o: &Output) -> String {
    format!(
        "status {:?}\nstdout: {}\nstderr: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn store_dir(dir: &Path) -> PathBuf {
    dir.join("data").join("store")
}

/// What must survive: device key, own ops (bytes), projections, roster, evidence.
#[derive(Debug, PartialEq)]
struct Snapshot {
    device: String,
    retired: Vec<String>,
    ops: Vec<Vec<u8>>,
    states: BTreeMap<String, AssessmentState>,
    trust: Vec<String>,
    blob: bool,
    age: String,
}

fn snapshot(ws: &Workspace, blob: &str) -> Snapshot {
    let id = ws.require_identity().expect("identity");
    let store = ws.store();
    Snapshot {
        device: id.device.clone(),
        retired: id.retired.clone(),
        ops: store
            .all_ops()
            .expect("ops")
            .iter()
            .map(|o| {
                store
                    .op_bytes(&o.device, o.seq)
                    .expect("bytes")
                    .expect("present")
            })
            .collect(),
        states: store
            .assessments()
            .expect("states")
            .into_iter()
            .map(|s| (s.id.clone(), s))
            .collect(),
        trust: ws
            .trust_list()
            .expect("trust")
            .into_iter()
            .map(|t| t.device)
            .collect(),
        blob: store.has_blob(blob).expect("blob"),
        age: ws.age_recipient().expect("age"),
    }
}

/// A store with `n` answers (over the first 12 indicators, with notes), an evidence file,
/// a roster entry kept and one removed. Returns (assessment id, indicator ids, evidence
/// hash, the snapshot).
/// An evidence photo (kept as a file under `evidence/`, outside sled).
fn photo_bytes() -> Vec<u8> {
    let mut b = b"\xff\xd8\xff bukti lapangan ".to_vec();
    b.extend((0..256 * 1024u32).map(|i| (i * 7 % 251) as u8));
    b
}

fn prepare_with(dir: &Path, n: usize) -> (String, Vec<String>, String, Snapshot) {
    let (ws, id, inds) = store::assessor_with_assessment(dir, "Penilai Uji");
    for (k, ind) in inds.iter().take(12).cycle().take(n).enumerate() {
        let v = AnswerValue::Score(u8::try_from(k % 4).expect("small"));
        ws.answer(
            &AnswerRequest::new(&id, ind)
                .value(v)
                .note(&format!("catatan {k}")),
        )
        .expect("answer");
    }
    let photo = dir.join("foto.jpg");
    std::fs::write(&photo, photo_bytes()).expect("write photo");
    // A note big enough (256 KiB) that sled keeps the op and the projection as its own
    // blob files (evidence no longer is in sled): the `blobs/ deleted` case needs them.
    let long_note: String = (0..256 * 1024 / 16)
        .map(|i| format!("catatan {i:07} "))
        .collect();
    ws.answer(
        &AnswerRequest::new(&id, &inds[12])
            .value(AnswerValue::Score(3))
            .note(&long_note)
            .evidence(&[&photo]),
    )
    .expect("answer with evidence");
    let blob = blake3::hash(&photo_bytes()).to_hex().to_string();
    let keep = Identity::generate("Supervisor", None, None, Role::Supervisor, 0).expect("key");
    let gone = Identity::generate("Lain", None, None, Role::Assessor, 0).expect("key");
    ws.trust_add(&keep.device, "Supervisor Kanwil", Role::Supervisor, None)
        .expect("trust add");
    ws.trust_add(&gone.device, "Orang Lain", Role::Assessor, None)
        .expect("trust add");
    ws.trust_remove(&gone.device).expect("trust remove");
    let snap = snapshot(&ws, &blob);
    assert_eq!(snap.trust, vec![keep.device.clone()]);
    assert!(snap.blob);
    (id, inds, blob, snap)
}

fn prepare(dir: &Path) -> (String, Vec<String>, String, Snapshot) {
    prepare_with(dir, 12)
}

fn asides(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir.join("data"))
        .expect("data dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("store.rusak-"))
        })
        .collect()
}

/// After opening a damaged store: same key, same ops, same projection, same roster and
/// evidence, and a consistent rebuild; a new answer continues the chain.
fn check_kept(dir: &Path, id: &str, inds: &[String], blob: &str, before: &Snapshot) {
    {
        let ws = Workspace::open(&dirs(dir)).expect("reopen");
        assert!(!ws.rotated(), "the device key must be kept");
        let now = snapshot(&ws, blob);
        assert_eq!(now.device, before.device, "device key");
        assert_eq!(now.retired, before.retired, "retired keys");
        assert_eq!(now.ops.len(), before.ops.len(), "number of ops");
        assert!(now.ops == before.ops, "op bytes differ");
        let (a, b): (Vec<_>, Vec<_>) =
            (now.states.keys().collect(), before.states.keys().collect());
        assert_eq!(a, b, "assessments");
        for (k, v) in &before.states {
            assert!(now.states.get(k) == Some(v), "projection of {k} differs");
        }
        assert_eq!(now.trust, before.trust, "roster");
        assert_eq!(now.blob, before.blob, "evidence blob");
        assert_eq!(now.age, before.age, "age recipient");
        assert_eq!(now, *before, "what was acknowledged must all be there");
        let ops = ws
            .answer(&AnswerRequest::new(id, &inds[20]).value(AnswerValue::Score(1)))
            .expect("answer after recovery");
        assert_eq!(ops.ops[0].seq, before.ops.len() as u64 + 1);
    }
    let o = run(tilik(dir).args(["store", "rebuild", "--check"]));
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn damaged_sled_is_moved_aside_and_rebuilt_from_the_journal() {
    // Each kind of damage on a fresh store (4 KiB overwritten at every 10 % of `db`,
    // truncations, sled's `blobs/`, `snap.*` or `conf` deleted); some make sled refuse
    // (error or panic), some make it open silently without part of its data. Both must
    // keep every answer (a deleted `blobs/` is caught when sled reports the missing file,
    // or repaired by the journal's evidence and ops); at
    // least the `conf` flip and one `db` damage must take the rebuild path.
    let cases = [
        ("conf", Damage::Conf, Lang::En),
        ("db overwrite 10%", Damage::Overwrite(0.1), Lang::Id),
        ("db overwrite 20%", Damage::Overwrite(0.2), Lang::En),
        ("db overwrite 30%", Damage::Overwrite(0.3), Lang::En),
        ("db overwrite 40%", Damage::Overwrite(0.4), Lang::Id),
        ("db overwrite 50%", Damage::Overwrite(0.5), Lang::En),
        ("db overwrite 55%", Damage::Overwrite(0.55), Lang::Id),
        ("db overwrite 60%", Damage::Overwrite(0.6), Lang::Id),
        ("db overwrite 70%", Damage::Overwrite(0.7), Lang::En),
        ("db overwrite 80%", Damage::Overwrite(0.8), Lang::En),
        ("db overwrite 90%", Damage::Overwrite(0.9), Lang::Id),
        ("db truncate 0", Damage::Truncate(0.0), Lang::Id),
        ("db truncate 50%", Damage::Truncate(0.5), Lang::En),
        ("blobs/ deleted", Damage::DeleteBlobs, Lang::En),
        ("snap.* deleted", Damage::DeleteSnaps, Lang::Id),
        ("conf deleted", Damage::DeleteConf, Lang::En),
    ];
    let mut rebuilt = Vec::new();
    let mut kept = Vec::new();
    for (name, d, lang) in &cases {
        let tmp = tempfile::tempdir().expect("tmp");
        let dir = tmp.path();
        // Big enough (a few MB) for sled to spread its log over several segments.
        let (id, inds, blob, before) = prepare_with(dir, 300);
        // One imported bundle waiting in the inbox (only its presence matters here).
        let inbox = dir.join("data").join("inbox");
        std::fs::create_dir_all(&inbox).expect("inbox");
        std::fs::write(inbox.join("ab12.tilik"), b"bundle").expect("inbox file");
        let changed = damage(&store_dir(dir), *d);
        // sled does not always keep snapshot files; it always keeps the big values here.
        assert!(
            changed || !matches!(d, Damage::DeleteBlobs),
            "{name}: sled kept no blob files: the case would test nothing"
        );
        let mut c = tilik(dir);
        if *lang == Lang::En {
            c.args(["--lang", "en"]);
        }
        let o = run(c.arg("list"));
        assert!(o.status.success(), "{name}: {}", text(&o));
        let err = String::from_utf8_lossy(&o.stderr).to_string();
        let moved = asides(dir);
        if moved.is_empty() {
            kept.push(*name);
            assert!(
                !err.contains("rusak-"),
                "{name}: notice without a move: {err}"
            );
        } else {
            rebuilt.push(*name);
            assert_eq!(moved.len(), 1, "{name}");
            let aside = &moved[0];
            assert!(aside.join("db").exists(), "{name}: damaged db kept");
            assert!(aside.join("journal").exists(), "{name}: journal kept");
            assert_eq!(err.lines().count(), 1, "{name}: one sentence: {err}");
            assert!(err.contains(&aside.display().to_string()), "{name}: {err}");
            let glob = inbox.join("*.tilik*").display().to_string();
            assert!(
                err.contains(&format!("tilik import {glob}")),
                "{name}: {err}"
            );
            // What actually happened: every own change kept, under the same key.
            let n = before.ops.len();
            if *lang == Lang::En {
                assert!(err.contains("could not be opened"), "{name}: {err}");
                assert!(err.contains("1 bundle file(s)"), "{name}: {err}");
                assert!(
                    err.contains(&format!("all {n} saved change(s)"))
                        && err.contains("same device key")
                        && !err.contains("new key"),
                    "{name}: {err}"
                );
            } else {
                assert!(err.contains("tidak dapat dibuka"), "{name}: {err}");
                assert!(err.contains("1 berkas bundel"), "{name}: {err}");
                assert!(
                    err.contains(&format!("semua {n} perubahan"))
                        && err.contains("kunci perangkat yang sama")
                        && !err.contains("kunci baru"),
                    "{name}: {err}"
                );
            }
            // Said once: the next command opens the rebuilt store normally.
            let o = run(tilik(dir).arg("list"));
            assert!(o.status.success(), "{name}: {}", text(&o));
            assert!(o.stderr.is_empty(), "{name}: {}", text(&o));
        }
        eprintln!("CASE {name}");
        check_kept(dir, &id, &inds, &blob, &before);
    }
    eprintln!("rebuilt from the journal after: {rebuilt:?}");
    eprintln!("opened with everything (sled intact or replayed): {kept:?}");
    assert!(rebuilt.contains(&"conf"), "{rebuilt:?}");
    assert!(
        rebuilt.iter().any(|n| n.starts_with("db")),
        "no db damage made sled refuse: {rebuilt:?}"
    );
}

#[test]
fn rebuilt_store_copied_elsewhere_still_gets_a_new_key() {
    // The rebuild keeps the key only because it happens in the same folder.
    let tmp = tempfile::tempdir().expect("tmp");
    let a = tmp.path().join("a");
    let (_, _, _, before) = prepare(&a);
    let b = tmp.path().join("b");
    std::fs::create_dir_all(store_dir(&b)).expect("mkdir");
    // Only the journal (and its evidence files) travel; sled's files in the copy are
    // garbage.
    std::fs::copy(store_dir(&a).join("journal"), store_dir(&b).join("journal"))
        .expect("copy journal");
    std::fs::copy(store_dir(&a).join("conf"), store_dir(&b).join("conf")).expect("copy conf");
    let blobs = store_dir(&b).join("journal-blobs");
    std::fs::create_dir_all(&blobs).expect("mkdir");
    for e in std::fs::read_dir(store_dir(&a).join("journal-blobs")).expect("blobs") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), blobs.join(e.file_name())).expect("copy blob");
    }
    std::fs::write(store_dir(&b).join("db"), vec![0xAB; 1 << 16]).expect("junk db");
    let s = Store::open(&store_dir(&b)).expect("open copy");
    assert!(s.recovered.is_some());
    assert!(s.rotated, "a copy must get a new key");
    let id = s.identity().expect("id").expect("present");
    assert_ne!(id.device, before.device);
    assert_eq!(id.retired, vec![before.device.clone()]);
    assert_eq!(s.op_count().expect("count"), before.ops.len() as u64);
}

#[test]
fn torn_journal_tail_is_dropped_and_nothing_acknowledged_is_lost() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let (id, inds, blob, before) = prepare(dir);
    let journal = store_dir(dir).join("journal");
    let whole = std::fs::read(&journal).expect("journal");
    // The first half of a real record (the journal's first one, after the 8-byte magic:
    // mark, u32 LE length, 8-byte check, payload), then plain garbage: both dropped.
    let first_len = 13 + u32::from_le_bytes(whole[9..13].try_into().expect("len")) as usize;
    for tail in [whole[8..8 + first_len / 2].to_vec(), vec![0xA5, 9, 0, 0]] {
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&journal)
            .expect("open");
        f.write_all(&tail).expect("append");
        drop(f);
        let o = run(tilik(dir).args(["log", &id, "--json"]));
        assert!(o.status.success(), "{}", text(&o));
        assert_eq!(
            std::fs::read(&journal).expect("journal").len(),
            whole.len(),
            "torn tail truncated"
        );
    }
    check_kept(dir, &id, &inds, &blob, &before);

    // Damage in the middle (valid records follow it) is refused, clearly, changing nothing.
    let mut bad = std::fs::read(&journal).expect("journal");
    bad[8 + 20] ^= 0xFF; // inside the first record

    std::fs::write(&journal, &bad).expect("write");
    let o = run(tilik(dir).args(["--lang", "en", "list"]));
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("journal") && err.contains("damaged"), "{err}");
    assert_eq!(
        std::fs::read(&journal).expect("journal"),
        bad,
        "nothing changed"
    );
    assert!(asides(dir).is_empty());
    // The way out the message gives: move the journal aside; a new one is made from sled.
    std::fs::rename(&journal, dir.join("journal.damaged")).expect("move aside");
    let o = run(tilik(dir).arg("list"));
    assert!(o.status.success(), "{}", text(&o));
    let ws = Workspace::open(&dirs(dir)).expect("open");
    let now = snapshot(&ws, &blob);
    assert_eq!(now.device, before.device);
    assert_eq!(
        now.ops.len(),
        before.ops.len() + 1,
        "the ops and the one answered above"
    );
    assert_eq!(now.trust, before.trust);
}

/// sled's files as they are now (to roll sled back later).
fn sled_files(store: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v = Vec::new();
    for name in ["db", "conf"] {
        let p = store.join(name);
        v.push((p.clone(), std::fs::read(&p).expect("read")));
    }
    v
}

#[test]
fn sled_behind_the_journal_is_replayed_on_open() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let (id, inds, blob, _) = prepare(dir);
    let old = sled_files(&store_dir(dir));
    let old_snaps: Vec<PathBuf> = std::fs::read_dir(store_dir(dir))
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .collect();
    // Five more answers (one with a second evidence file), journaled; then sled's files
    // go back to before them, as if sled never flushed.
    let photo = dir.join("foto2.jpg");
    std::fs::write(&photo, b"bukti kedua").expect("write");
    let blob2 = blake3::hash(b"bukti kedua").to_hex().to_string();
    let after = {
        let ws = Workspace::open(&dirs(dir)).expect("open");
        for ind in &inds[13..17] {
            ws.answer(
                &AnswerRequest::new(&id, ind)
                    .value(AnswerValue::Score(2))
                    .note("baru"),
            )
            .expect("answer");
        }
        ws.answer(
            &AnswerRequest::new(&id, &inds[17])
                .value(AnswerValue::Score(1))
                .evidence(&[&photo]),
        )
        .expect("answer");
        snapshot(&ws, &blob)
    };
    for (p, bytes) in &old {
        std::fs::write(p, bytes).expect("roll back");
    }
    // The clean close above left a "sled synced with N ops" mark as the journal's last
    // record; a process killed before its close leaves none. Drop it, or opening would
    // rightly take the rolled-back sled for a damaged one.
    damage::drop_last_sync_mark(&store_dir(dir).join("journal"));
    for e in std::fs::read_dir(store_dir(dir)).expect("dir") {
        let p = e.expect("entry").path();
        if !old_snaps.contains(&p) {
            std::fs::remove_file(&p).expect("rm new sled file");
        }
    }
    {
        let s = Store::open(&store_dir(dir)).expect("open behind");
        assert!(s.recovered.is_none());
        assert!(s.replayed >= 5, "replayed {}", s.replayed);
        assert!(s.has_blob(&blob2).expect("blob"), "evidence replayed");
    }
    {
        let s = Store::open(&store_dir(dir)).expect("open again");
        assert_eq!(s.replayed, 0, "replay is done once");
    }
    let ws = Workspace::open(&dirs(dir)).expect("open");
    assert_eq!(snapshot(&ws, &blob), after);
    drop(ws);
    let o = run(tilik(dir).args(["store", "rebuild", "--check"]));
    assert!(o.status.success(), "{}", text(&o));
}

#[test]
fn killed_right_after_the_journal_fsync_the_answer_is_there() {
    if !cfg!(debug_assertions) {
        eprintln!("crash points exist only in debug builds: skipped");
        return;
    }
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let (id, inds, _, before) = prepare(dir);
    // Acknowledged point: the process dies after the journal fsync, before anything
    // else (sled may or may not have flushed in the background).
    let o = run(tilik(dir)
        .env("TILIK_CRASH_AT", "commit-after-journal")
        .args(["answer", &id, &inds[30], "2", "--note", "setelah jurnal"]));
    assert!(
        !o.status.success(),
        "the crash point must fire: {}",
        text(&o)
    );
    let o = run(tilik(dir).args(["log", &id, "--json"]));
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("setelah jurnal"),
        "journaled answer lost"
    );
    // Not acknowledged: dies before the journal write. Nothing of it is written (sled
    // gets a save only after its journal fsync), the store opens, the chain has no gap,
    // and a rebuild from the journal has every op.
    let o = run(tilik(dir)
        .env("TILIK_CRASH_AT", "commit-before-journal")
        .args(["answer", &id, &inds[31], "1", "--note", "sebelum jurnal"]));
    assert!(
        !o.status.success(),
        "the crash point must fire: {}",
        text(&o)
    );
    let o = run(tilik(dir).args(["answer", &id, &inds[32], "3"]));
    assert!(o.status.success(), "{}", text(&o));
    let o = run(tilik(dir).args(["log", &id, "--json"]));
    assert!(o.status.success(), "{}", text(&o));
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("sebelum jurnal"),
        "a save killed before its journal write was never acknowledged and never written"
    );
    let o = run(tilik(dir).args(["store", "rebuild", "--check"]));
    assert!(o.status.success(), "{}", text(&o));
    let n = Store::open(&store_dir(dir))
        .expect("open")
        .op_count()
        .expect("count");
    assert!(n >= before.ops.len() as u64 + 2, "{n}");
    // Now lose sled entirely: the journal alone gives back every op.
    assert!(damage(&store_dir(dir), Damage::Conf));
    let s = Store::open(&store_dir(dir)).expect("rebuild");
    assert!(s.recovered.is_some());
    assert_eq!(s.op_count().expect("count"), n);
}

#[test]
fn store_without_a_journal_gets_one_on_first_open() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let (id, inds, blob, before) = prepare(dir);
    // Make it a store from before journals: schema 1 (no op count), no journal file.
    std::fs::remove_file(store_dir(dir).join("journal")).expect("rm journal");
    {
        let db = sled::open(store_dir(dir)).expect("sled");
        let meta = db.open_tree("meta").expect("meta");
        meta.insert("schema_version", b"1").expect("v1");
        meta.remove("opcount").expect("rm");
        meta.remove("journal/meta").expect("rm");
        db.flush().expect("flush");
        drop(meta);
        damage::close_raw_sled(db, &store_dir(dir));
    }
    {
        let s = Store::open(&store_dir(dir)).expect("open v1");
        assert_eq!(
            s.schema_version().expect("v"),
            tilik::storage::SCHEMA_VERSION
        );
        assert!(store_dir(dir).join("journal").exists(), "journal seeded");
    }
    // The seeded journal alone must carry the store.
    assert!(damage(&store_dir(dir), Damage::Conf));
    let o = run(tilik(dir).arg("list"));
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(asides(dir).len(), 1);
    check_kept(dir, &id, &inds, &blob, &before);
}

#[test]
fn damage_found_by_a_later_read_rebuilds_the_store_on_the_next_open() {
    // sled can open a damaged folder and meet the damage only on a later read: that read
    // fails with one sentence (nothing changed, run tilik again) and leaves the mark
    // `DAMAGED`, which the next open treats like a sled that refuses to open. The mark is
    // written here by hand with the text sled gives for such a read.
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let (id, inds, blob, before) = prepare(dir);
    std::fs::write(
        store_dir(dir).join("DAMAGED"),
        "Read corrupted data at file offset Some(Inline(210301)) backtrace ()\n",
    )
    .expect("mark");
    let o = run(tilik(dir).args(["--lang", "en", "list"]));
    assert!(o.status.success(), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    let moved = asides(dir);
    assert_eq!(moved.len(), 1, "{err}");
    assert!(
        moved[0].join("DAMAGED").exists(),
        "the mark goes aside with the damage"
    );
    assert!(!store_dir(dir).join("DAMAGED").exists());
    assert_eq!(err.lines().count(), 1, "one sentence: {err}");
    let n = before.ops.len();
    assert!(
        err.contains(&format!("all {n} saved change(s)")) && err.contains("same device key"),
        "{err}"
    );
    check_kept(dir, &id, &inds, &blob, &before);
}
