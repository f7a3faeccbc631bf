//! Crash + damage soak (issue 13): each round SIGKILLs a writer in the middle of its
//! answers and an import in the middle of its bundles, then damages the sled files of both
//! stores with one of the recovery patterns (`tests/support/damage.rs`) and opens them
//! again. It checks that
//! - both stores open (`tilik list` exits 0) after every round;
//! - every answer a writer acknowledged is in the assessor's op log (checked every
//!   `CHECK_EVERY` rounds and at the end);
//! - the supervisor's store holds each bundle's ops all or none, or says in one sentence
//!   which bundles to import again; a final import completes every bundle;
//! - a fresh export of the assessor's store carries every acknowledged answer to a
//!   supervisor who imports it, and `store rebuild --check` passes on both stores.
//!
//! CI default: 8 rounds. The soak of BENCHMARKS.md:
//! `TILIK_SOAK_ROUNDS=500 cargo test --release --test crash_damage -- --nocapture`
//! (`scripts/crash_damage_soak.sh`). `TILIK_CRASH_SEED` repeats a run.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/damage.rs"]
mod damage;
#[path = "support/kill.rs"]
mod kill;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use cli::{Tilik, bundle_files, demo_generate, log_entries, manifests, new_2024, run_ok, tilik};
use damage::{ALL, damage};
use kill::{Rng, kill_after, next_start, note_numbers, writer_killed_after};

const CHECK_EVERY: u64 = 25;

fn rounds() -> u64 {
    std::env::var("TILIK_SOAK_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(8)
}

fn seed() -> u64 {
    std::env::var("TILIK_CRASH_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| 0x0da3_a9e5_u64 ^ u64::from(std::process::id()))
        | 1
}

/// The sled folder of the store in `dir`.
fn sled(dir: &Path) -> PathBuf {
    dir.join("data").join("store")
}

/// Open the store in `dir` the way a user does (`tilik list`): it must open. Returns what
/// it said on stderr (a recovery notice, or nothing). Stores moved aside by a rebuild are
/// removed, so a long soak does not fill the disk.
///
/// Damage that sled only meets on a later read (not while opening) fails that one command
/// with the sentence that nothing was changed and tilik should be run again, leaving the
/// damage mark; the next command must then open, rebuilt from the journal.
fn open_ok(dir: &Path, seed: u64, round: u64, what: &str) -> String {
    let mut o = tilik(dir).arg("list").output().expect("spawn list");
    let mut err = String::from_utf8_lossy(&o.stderr).to_string();
    if !o.status.success() && sled(dir).join("DAMAGED").exists() {
        assert!(
            err.contains("Jalankan tilik lagi") && err.lines().count() == 1,
            "seed {seed} round {round}: {err}"
        );
        o = tilik(dir).arg("list").output().expect("spawn list");
        err = String::from_utf8_lossy(&o.stderr).to_string();
        assert!(
            o.status.success() && err.contains("rusak-"),
            "seed {seed} round {round}: the {what} store is not rebuilt after the damage \
             mark: {err}"
        );
    }
    assert!(
        o.status.success(),
        "seed {seed} round {round}: the {what} store does not open: {err}"
    );
    for e in std::fs::read_dir(dir.join("data"))
        .expect("data dir")
        .flatten()
    {
        if e.file_name().to_string_lossy().starts_with("store.rusak-") {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
    err
}

/// Per device: ops present in the supervisor's store.
fn device_counts(dir: &Path, expect: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    let store = tilik::storage::Store::open(&sled(dir)).expect("store opens after list");
    expect
        .keys()
        .map(|d| {
            (
                d.clone(),
                store.device_op_bytes(d, 1, u64::MAX).count() as u64,
            )
        })
        .collect()
}

#[test]
fn sigkill_then_damage_many_rounds_keeps_every_acknowledged_op() {
    let total = rounds();
    let seed = seed();
    eprintln!("crash+damage seed {seed} (TILIK_CRASH_SEED to repeat), {total} rounds");
    let mut rng = Rng(seed);
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();

    // The supervisor's bundles: 2 pemda × 2 lokus by 2 assessors, a little evidence.
    let gen_dir = root.join("gen");
    run_ok(tilik(root).args(demo_generate(
        &gen_dir,
        "2",
        "2",
        "2",
        &["--evidence-kb", "8"],
    )));
    let files = bundle_files(&gen_dir);
    let expect = manifests(root, &files);
    let sdir = root.join("supervisor");
    std::fs::create_dir_all(&sdir).expect("mkdir");
    run_ok(tilik(&sdir).args(["init", "--name", "Supervisor Uji", "--role", "supervisor"]));
    let roster = gen_dir.join("roster.toml");
    run_ok(tilik(&sdir).args(["trust", "import", roster.to_str().expect("utf8")]));

    let adir = root.join("assessor");
    std::fs::create_dir_all(&adir).expect("mkdir");
    run_ok(tilik(&adir).args(["init", "--name", "Penilai Uji"]));
    let id = run_ok(tilik(&adir).args(new_2024("61.71", "dinsos", &[])));

    let mut acked: BTreeSet<u64> = BTreeSet::new();
    let mut next = 0u64;
    let (mut mid_writes, mut mid_imports, mut damaged, mut notices) = (0u64, 0u64, 0u64, 0u64);
    for round in 1..=total {
        // 1. Answers, killed at a random moment.
        let delay = Duration::from_micros(rng.next() % 300_000);
        let (got, running) = writer_killed_after(tilik(&adir), &id, next, delay);
        mid_writes += u64::from(running);
        next = next_start(next, &got);
        acked.extend(got);

        // 2. An import of every bundle, killed at a random moment.
        let mut child = tilik(&sdir)
            .arg("import")
            .args(&files)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn import");
        mid_imports += u64::from(kill_after(
            &mut child,
            Duration::from_micros(rng.next() % 1_500_000),
        ));

        // 3. Damage both stores' sled files, then open them.
        let da = ALL[(rng.next() % ALL.len() as u64) as usize];
        let ds = ALL[(rng.next() % ALL.len() as u64) as usize];
        damaged += u64::from(damage(&sled(&adir), da));
        damaged += u64::from(damage(&sled(&sdir), ds));
        eprintln!("round {round}: assessor {da:?}, supervisor {ds:?}");
        let said_a = open_ok(&adir, seed, round, "assessor's");
        let said_s = open_ok(&sdir, seed, round, "supervisor's");
        notices += u64::from(!said_a.is_empty()) + u64::from(!said_s.is_empty());

        // The supervisor: each bundle all or none, unless the store said what to import.
        let counts = device_counts(&sdir, &expect);
        let partial: Vec<_> = counts
            .iter()
            .filter(|(d, n)| **n != 0 && **n != expect[*d])
            .collect();
        assert!(
            partial.is_empty() || said_s.contains("tilik import"),
            "seed {seed} round {round} ({ds:?}): half-imported bundles {partial:?} and no \
             word of it: {said_s:?}"
        );

        if round % CHECK_EVERY == 0 || round == total {
            let notes = note_numbers(&log_entries(&adir, &id));
            let lost: Vec<&u64> = acked.difference(&notes).collect();
            assert!(
                lost.is_empty(),
                "seed {seed} round {round} (last damage {da:?}): acknowledged answers lost: \
                 {lost:?}; it said: {said_a:?}"
            );
            run_ok(tilik(&adir).args(["store", "rebuild", "--check"]));
        }
    }

    // The supervisor completes every bundle with one more import.
    let mut c = tilik(&sdir);
    c.arg("import").args(&files);
    let _ = c.output().expect("spawn import");
    let counts = device_counts(&sdir, &expect);
    assert_eq!(
        counts, expect,
        "seed {seed}: a final import completes every bundle"
    );
    run_ok(tilik(&sdir).args(["store", "rebuild", "--check"]));

    // A fresh export of the assessor's store carries every acknowledged answer.
    let assessor = Tilik::at(&adir);
    let checker = Tilik::new(root, "checker");
    checker.ok(&[
        "init",
        "--name",
        "Supervisor Periksa",
        "--role",
        "supervisor",
    ]);
    checker.trust(&assessor, "Penilai Uji", "assessor");
    let out = root.join("out");
    let exported = assessor.export_to(&out, None);
    let file = exported["file"].as_str().expect("export file").to_string();
    checker.ok(&["import", &file]);
    let notes = note_numbers(&log_entries(&checker.dir, &id));
    let lost: Vec<&u64> = acked.difference(&notes).collect();
    assert!(
        lost.is_empty(),
        "seed {seed}: acknowledged answers missing from a fresh export: {lost:?}"
    );
    eprintln!(
        "{total} rounds: {} acknowledged answers kept and exported, {mid_writes} writers and \
         {mid_imports} imports killed while running, {damaged} damages applied, {notices} \
         recovery notices",
        acked.len()
    );
    assert!(!acked.is_empty(), "no writer ever acknowledged an answer");
    assert!(damaged > 0, "no damage was ever applied");
}
