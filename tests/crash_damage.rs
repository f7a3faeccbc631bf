//! Crash + damage soak (issue 13): each round SIGKILLs a writer in the middle of its
//! answers and an import in the middle of its bundles, then damages the sled files of both
//! stores with one of the recovery patterns (`tests/support/damage.rs`) and opens them
//! again. It checks that
//! - both stores open (`tilik list` exits 0) after every round;
//! - every answer a writer acknowledged is in the assessor's op log (checked every
//!   `TILIK_SOAK_CHECK_EVERY` rounds, default 25, and at the end);
//! - right after the kill (an undamaged copy of the supervisor's store, opened): each
//!   bundle's ops are there all or none, and every bundle the import acknowledged (its
//!   verdict printed) is whole; a merge killed between its staged chunks is undone;
//! - after the damage: the same, unless the store said in one sentence which bundles to
//!   import again; a final import completes every bundle;
//! - a fresh export of the assessor's store carries every acknowledged answer to a
//!   supervisor who imports it, and `store rebuild --check` passes on both stores.
//!
//! Imports that commit in several chunks (`src/storage/staged.rs`): the chunk is 4 MiB in
//! release builds, so there the bundles are big enough (~15k ops, ~11 MB of writes each:
//! two staged chunks and the commit); debug builds keep small bundles and force 4 KiB
//! chunks (`TILIK_IMPORT_CHUNK`, a debug-only hook). The kill of an import is timed within
//! 1.25 × the duration of a clean import measured at the start, and a supervisor store that
//! holds every bundle is replaced by a fresh one, so every round's import has work to do.
//! Rounds whose kill landed between staged chunks are counted (a copy of the store taken
//! right after the kill has a staged merge to undo); a soak of 50 rounds or more fails if
//! none did.
//!
//! CI default: 8 rounds. The soak of BENCHMARKS.md:
//! `TILIK_SOAK_ROUNDS=500 cargo test --release --test crash_damage -- --nocapture`
//! (`scripts/crash_damage_soak.sh`). `TILIK_CRASH_SEED` repeats a run (the kill moments
//! also depend on the measured import time, so a repeat is close, not exact).

#[path = "support/cli.rs"]
mod cli;
#[path = "support/damage.rs"]
mod damage;
#[path = "support/kill.rs"]
mod kill;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use cli::{Tilik, bundle_files, demo_generate, log_entries, manifests, new_2024, run_ok, tilik};
use damage::{ALL, damage};
use kill::{Rng, kill_after, next_start, note_numbers, writer_killed_after};
use tilik::storage::Store;

/// Rounds between the full checks (every acknowledged answer in the log, `store rebuild
/// --check` on both stores); `TILIK_SOAK_CHECK_EVERY` changes it.
fn check_every() -> u64 {
    std::env::var("TILIK_SOAK_CHECK_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(25)
}

/// `tilik ARGS` on the store in `dir` (run by `cmd`). Damage that sled meets only on a
/// read (not while opening) must fail the command with the one sentence that nothing was
/// changed and tilik should be run again, leaving the damage mark; then the command runs
/// once more (the store is rebuilt from the journal first). Returns the last output and
/// whether it ran twice.
fn run_past_damage(
    cmd: fn(&Path) -> Command,
    dir: &Path,
    args: &[&str],
    at: &str,
) -> (Output, bool) {
    let run = || cmd(dir).args(args).output().expect("spawn tilik");
    let o = run();
    if o.status.success() || !sled(dir).join("DAMAGED").exists() {
        return (o, false);
    }
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Jalankan tilik lagi") && err.lines().count() == 1,
        "{at}: `tilik {}` met damage and said: {err}",
        args.join(" ")
    );
    (run(), true)
}

/// `store rebuild --check` on the store in `dir` (run by `cmd`). When it fails, a copy of
/// the store goes to `target/soak-failures/` (or `TILIK_SOAK_KEEP`) for a post-mortem, and
/// the panic names the store, the round and the damage it had.
///
/// The check reads every op and projection, so it can meet damage that `tilik list` did
/// not read: then it must fail with the one sentence that nothing was changed and tilik
/// should be run again, leaving the damage mark, and the second run (rebuilt from the
/// journal) must pass.
fn rebuild_check(cmd: fn(&Path) -> Command, dir: &Path, what: &str, at: &str) {
    let (o, _) = run_past_damage(cmd, dir, &["store", "rebuild", "--check"], at);
    if o.status.success() {
        return;
    }
    let to = keep_failure(dir, &format!("{at}-{what}"));
    panic!(
        "{at}: `store rebuild --check` fails on the {what} store (copy kept in {}): {}{}",
        to.display(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

/// Copy the store folder `dir` to `target/soak-failures/NAME` (or under
/// `TILIK_SOAK_KEEP`) for a post-mortem; returns where.
fn keep_failure(dir: &Path, name: &str) -> PathBuf {
    let keep = std::env::var_os("TILIK_SOAK_KEEP").map_or_else(
        || {
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("target")
                .join("soak-failures")
        },
        PathBuf::from,
    );
    let to = keep.join(name.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    let _ = std::fs::remove_dir_all(&to);
    copy_dir(dir, &to);
    to
}

/// Staged-chunk size forced on the supervisor in debug builds (`TILIK_IMPORT_CHUNK`).
const SMALL_CHUNK: &str = "4096";

/// A soak this long must have landed some import kill between staged chunks.
const MUST_HIT_CHUNKS: u64 = 50;

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

/// `tilik` on the supervisor's store: in debug builds with small staged chunks, so the
/// small bundles of a debug run commit in many chunks (and are undone in many).
fn sup(dir: &Path) -> Command {
    let mut c = tilik(dir);
    if cfg!(debug_assertions) {
        c.env("TILIK_IMPORT_CHUNK", SMALL_CHUNK);
    }
    c
}

/// A new supervisor store in `root/supervisor-N` that trusts the roster.
fn new_supervisor(root: &Path, n: u64, roster: &Path) -> PathBuf {
    let dir = root.join(format!("supervisor-{n}"));
    std::fs::create_dir_all(&dir).expect("mkdir");
    run_ok(sup(&dir).args(["init", "--name", "Supervisor Uji", "--role", "supervisor"]));
    run_ok(sup(&dir).args(["trust", "import", roster.to_str().expect("utf8")]));
    dir
}

/// Open the store in `dir` the way a user does (`tilik list`, run by `cmd`): it must
/// open. Returns what it said on stderr (a recovery notice, or nothing). Stores moved
/// aside by a rebuild are removed, so a long soak does not fill the disk.
///
/// Damage that sled only meets on a later read (not while opening) fails that one command
/// with the sentence that nothing was changed and tilik should be run again, leaving the
/// damage mark; the next command must then open, rebuilt from the journal.
fn open_ok(cmd: fn(&Path) -> Command, dir: &Path, seed: u64, round: u64, what: &str) -> String {
    let at = format!("seed {seed} round {round}");
    let (o, rebuilt) = run_past_damage(cmd, dir, &["list"], &at);
    let err = String::from_utf8_lossy(&o.stderr).to_string();
    assert!(
        !rebuilt || (o.status.success() && err.contains("rusak-")),
        "{at}: the {what} store is not rebuilt after the damage mark: {err}"
    );
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

/// Per device: ops present in `store`.
fn counts(store: &Store, expect: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
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

/// Per device: ops present in the supervisor's store in `dir`.
fn device_counts(dir: &Path, expect: &BTreeMap<String, u64>) -> BTreeMap<String, u64> {
    let store = Store::open(&sled(dir)).expect("store opens after list");
    counts(&store, expect)
}

/// Copy the folder `from` to `to` (files and subfolders).
fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir copy");
    for e in std::fs::read_dir(from)
        .expect("read store folder")
        .flatten()
    {
        let (src, dst) = (e.path(), to.join(e.file_name()));
        if e.file_type().expect("file type").is_dir() {
            copy_dir(&src, &dst);
        } else {
            std::fs::copy(&src, &dst).expect("copy store file");
        }
    }
}

/// The devices of the bundles whose verdict a killed import printed as accepted or as
/// nothing new (the store then holds them: verdicts are printed after the import is
/// durable).
fn acknowledged(stdout: &str, files: &[(PathBuf, Vec<String>)]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in stdout.lines() {
        for (f, devices) in files {
            let Some(rest) = line.strip_prefix(&format!("{}: ", f.display())) else {
                continue;
            };
            if rest.starts_with("DITERIMA") || rest.starts_with("TIDAK ADA DATA BARU") {
                out.extend(devices.iter().cloned());
            }
        }
    }
    out
}

/// What is wrong with the supervisor's per-device counts `got`: bundles half there, and
/// acknowledged bundles not whole.
fn faults(
    got: &BTreeMap<String, u64>,
    expect: &BTreeMap<String, u64>,
    acked: &BTreeSet<String>,
) -> Vec<String> {
    let mut v = Vec::new();
    for (d, n) in got {
        if *n != 0 && *n != expect[d] {
            v.push(format!("{}: {n} of {} ops", &d[..8], expect[d]));
        } else if *n == 0 && acked.contains(d) {
            v.push(format!("{}: acknowledged, 0 of {} ops", &d[..8], expect[d]));
        }
    }
    v
}

#[test]
#[allow(clippy::too_many_lines)]
fn sigkill_then_damage_many_rounds_keeps_every_acknowledged_op() {
    let total = rounds();
    let seed = seed();
    eprintln!("crash+damage seed {seed} (TILIK_CRASH_SEED to repeat), {total} rounds");
    let mut rng = Rng(seed);
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();

    // The supervisor's bundles, a little evidence. Release: 60 pemda × 9 lokus by 2
    // assessors (~15k ops a bundle, several 4 MiB chunks); debug: 2 × 2 by 2 (~180 ops,
    // many 4 KiB chunks).
    let gen_dir = root.join("gen");
    let (pemda, lokus) = if cfg!(debug_assertions) {
        ("2", "2")
    } else {
        ("60", "9")
    };
    run_ok(tilik(root).args(demo_generate(
        &gen_dir,
        pemda,
        lokus,
        "2",
        &["--evidence-kb", "8", "--respondents", "0"],
    )));
    let files = bundle_files(&gen_dir);
    let expect = manifests(root, &files);
    let per_file: Vec<(PathBuf, Vec<String>)> = files
        .iter()
        .map(|f| {
            let m = manifests(root, std::slice::from_ref(f));
            (f.clone(), m.into_keys().collect())
        })
        .collect();
    let roster = gen_dir.join("roster.toml");

    // How long a clean import of every bundle takes here: the kills are timed within it.
    let cal = new_supervisor(root, 0, &roster);
    let t0 = Instant::now();
    run_ok(sup(&cal).arg("import").args(&files));
    let clean = t0.elapsed();
    assert_eq!(
        device_counts(&cal, &expect),
        expect,
        "a clean import holds every bundle"
    );
    std::fs::remove_dir_all(&cal).expect("remove calibration store");
    let window = u64::try_from((clean * 5 / 4).as_micros())
        .unwrap_or(u64::MAX)
        .max(1);
    eprintln!(
        "{} bundles, {} ops; a clean import takes {clean:?}, kills within {window} µs",
        files.len(),
        expect.values().sum::<u64>()
    );

    let mut fresh = 1u64;
    let mut sdir = new_supervisor(root, fresh, &roster);
    let probe = root.join("probe");
    let (before, after) = (root.join("assessor-before"), root.join("assessor-after"));
    let (sup_before, sup_after) = (
        root.join("supervisor-before"),
        root.join("supervisor-after"),
    );

    let adir = root.join("assessor");
    std::fs::create_dir_all(&adir).expect("mkdir");
    run_ok(tilik(&adir).args(["init", "--name", "Penilai Uji"]));
    let id = run_ok(tilik(&adir).args(new_2024("61.71", "dinsos", &[])));

    let mut acked: BTreeSet<u64> = BTreeSet::new();
    let mut next = 0u64;
    let (mut mid_writes, mut mid_imports, mut between, mut damaged, mut notices) =
        (0u64, 0u64, 0u64, 0u64, 0u64);
    let mut complete = false;
    let every = check_every();
    for round in 1..=total {
        // A supervisor that holds everything gets a fresh store: the import has work.
        if complete {
            std::fs::remove_dir_all(&sdir).expect("remove supervisor store");
            fresh += 1;
            sdir = new_supervisor(root, fresh, &roster);
        }

        // 1. Answers, killed at a random moment.
        let delay = Duration::from_micros(rng.next() % 300_000);
        let (got, running) = writer_killed_after(tilik(&adir), &id, next, delay);
        mid_writes += u64::from(running);
        next = next_start(next, &got);
        acked.extend(got);

        // 2. An import of every bundle, killed at a random moment.
        let said = root.join("import.out");
        let mut child = sup(&sdir)
            .arg("import")
            .args(&files)
            .stdout(std::fs::File::create(&said).expect("import output file"))
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn import");
        let running = kill_after(&mut child, Duration::from_micros(rng.next() % window));
        mid_imports += u64::from(running);
        let said = std::fs::read_to_string(&said).unwrap_or_default();
        let imported = acknowledged(&said, &per_file);

        // Right after the kill, before any damage (a copy, opened in this process): each
        // bundle all or none, every acknowledged bundle whole.
        let mut staged = 0;
        if running {
            let _ = std::fs::remove_dir_all(&probe);
            copy_dir(&sled(&sdir), &probe);
            let store = Store::open(&probe).expect("a killed import's store opens");
            staged = store.staged_undone;
            between += u64::from(staged > 0);
            let bad = faults(&counts(&store, &expect), &expect, &imported);
            assert!(
                bad.is_empty() || !store.imported_lost.is_empty(),
                "seed {seed} round {round}: after the kill of an import (undone staged \
                 merges: {}): {bad:?}",
                store.staged_undone
            );
            drop(store);
            let _ = std::fs::remove_dir_all(&probe);
        }

        // 3. Damage both stores' sled files, then open them.
        let da = ALL[(rng.next() % ALL.len() as u64) as usize];
        let ds = ALL[(rng.next() % ALL.len() as u64) as usize];
        // The assessor's store before this round's damage and right after it (before any
        // open), for the post-mortem of a failed check (`keep_failure`).
        let _ = std::fs::remove_dir_all(&before);
        copy_dir(&adir, &before);
        damaged += u64::from(damage(&sled(&adir), da));
        let _ = std::fs::remove_dir_all(&after);
        copy_dir(&adir, &after);
        let _ = std::fs::remove_dir_all(&sup_before);
        copy_dir(&sdir, &sup_before);
        damaged += u64::from(damage(&sled(&sdir), ds));
        let _ = std::fs::remove_dir_all(&sup_after);
        copy_dir(&sdir, &sup_after);
        eprintln!(
            "round {round}: import {}, assessor {da:?}, supervisor {ds:?}",
            match (running, staged) {
                (false, _) => "done before the kill",
                (true, 0) => "killed",
                (true, _) => "killed between staged chunks",
            }
        );
        let said_a = open_ok(tilik, &adir, seed, round, "assessor's");
        let said_s = open_ok(sup, &sdir, seed, round, "supervisor's");
        notices += u64::from(!said_a.is_empty()) + u64::from(!said_s.is_empty());

        // The supervisor: each bundle all or none and every acknowledged one whole, unless
        // the store said what to import.
        let got = device_counts(&sdir, &expect);
        let bad = faults(&got, &expect, &imported);
        if !bad.is_empty() && !said_s.contains("tilik import") {
            let kept = keep_failure(&sdir, &format!("seed {seed} round {round} supervisor"));
            copy_dir(&sup_after, &kept.join("after-damage"));
            copy_dir(&sup_before, &kept.join("before-damage"));
            panic!(
                "seed {seed} round {round} ({ds:?}): {bad:?} and no word of it: {said_s:?} \
                 (copies kept in {})",
                kept.display()
            );
        }
        complete = got == expect;

        if round % every == 0 || round == total {
            let at = format!("seed {seed} round {round}");
            let log = tilik(&adir).args(["log", &id, "--json"]).output();
            let log = log.expect("spawn tilik log");
            if !log.status.success() {
                let kept = keep_failure(&adir, &format!("{at}-assessor-log"));
                copy_dir(&before, &kept.join("before-damage"));
                copy_dir(&after, &kept.join("after-damage"));
                panic!(
                    "{at} (last damage {da:?}): `tilik log` fails on the assessor's store \
                     (copies kept in {}): {}",
                    kept.display(),
                    String::from_utf8_lossy(&log.stderr)
                );
            }
            let log: Vec<serde_json::Value> =
                serde_json::from_slice(&log.stdout).expect("log json");
            let notes = note_numbers(&log);
            let lost: Vec<&u64> = acked.difference(&notes).collect();
            assert!(
                lost.is_empty(),
                "seed {seed} round {round} (last damage {da:?}): acknowledged answers lost: \
                 {lost:?}; it said: {said_a:?}"
            );
            rebuild_check(tilik, &adir, "assessor", &format!("{at} (damage {da:?})"));
            let import = if running { "killed" } else { "done" };
            let at = format!("{at} (import {import}, damage {ds:?})");
            rebuild_check(sup, &sdir, "supervisor", &at);
        }
    }

    // The supervisor completes every bundle with one more import.
    let mut c = sup(&sdir);
    c.arg("import").args(&files);
    let _ = c.output().expect("spawn import");
    let got = device_counts(&sdir, &expect);
    assert_eq!(
        got, expect,
        "seed {seed}: a final import completes every bundle"
    );
    rebuild_check(
        sup,
        &sdir,
        "supervisor",
        &format!("seed {seed} after the final import"),
    );

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
         {mid_imports} imports killed while running ({between} between staged chunks), \
         {fresh} supervisor stores, {damaged} damages applied, {notices} recovery notices",
        acked.len()
    );
    assert!(!acked.is_empty(), "no writer ever acknowledged an answer");
    assert!(damaged > 0, "no damage was ever applied");
    assert!(
        total < MUST_HIT_CHUNKS || between > 0,
        "seed {seed}: in {total} rounds no import was killed between its staged chunks"
    );
}
