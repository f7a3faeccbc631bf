//! A bundle is planned and committed one group of assessments at a time
//! (`core::merge::prepare`, `docs/store.md` "Staged merges"): however the groups fall, the
//! store and every verdict are those of planning it whole. `TILIK_IMPORT_GROUP=1` (debug
//! builds) makes every assessment a group of its own, `TILIK_IMPORT_CHUNK` makes each
//! group's writes reach the disk as chunks; both stores get the same files and must print
//! the same verdicts and hold the same ops, projections and merged state — with conflicts,
//! held ops, ops for a record nobody created and a fork that spans groups. A kill between
//! two groups (`TILIK_CRASH_AT=import-between-groups`) leaves the store as before.

mod support;

use std::path::{Path, PathBuf};

use support::*;
use tilik::core::op::AnswerValue;

/// Every assessment its own group, every write reaching the disk as a chunk of its own.
const TINY: [(&str, &str); 2] = [("TILIK_IMPORT_GROUP", "1"), ("TILIK_IMPORT_CHUNK", "2048")];

/// An assessment id no bundle creates.
const ORPHAN: &str = "zzzzzzzzzzzzzzzz";

/// `tilik import FILES…` on the store in `dir` with these extra environment variables:
/// (exit code, stdout, stderr).
fn import(dir: &Path, files: &[PathBuf], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = cli::tilik(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    c.arg("import").args(files);
    cli::output(&mut c)
}

/// What a store holds: op count, merged-state digest, every projection, `list --json`.
fn contents(dir: &Path) -> (u64, String, String, String) {
    let (ops, digest, states) = {
        let ws = open(dir);
        let s = ws.store();
        let (_, differ) = s.rebuild_compare().expect("rebuild");
        assert!(
            differ.is_empty(),
            "projection differs from the log: {differ:?}"
        );
        (
            s.op_count().expect("op count"),
            s.state_digest().expect("digest"),
            format!("{:?}", s.assessments().expect("assessments")),
        )
    };
    let list = cli::Tilik::at(dir).ok(&["list", "--json"]);
    (ops, digest, states, list)
}

fn supervisor(dir: &Path) -> cli::Tilik {
    let s = cli::Tilik::at(dir);
    s.ok(&["init", "--name", "Sari", "--role", "supervisor"]);
    s
}

fn answer(c: &mut Chain, a: &str, ind: &str, v: u8) {
    c.push(answer_body(a, ind, AnswerValue::Score(v), &[], iref()));
}

#[test]
fn groups_of_one_assessment_give_the_store_and_verdicts_of_one_plan() {
    let k1 = Key::new(31);
    let k2 = Key::new(32);
    let inds = ["P.1", "P.2", "P.3", "I.1", "I.2", "I.3"];
    // Rina: two records, answers on both, one for a record nobody creates, one for an
    // indicator the instrument lacks (held).
    let mut c = Chain::new(&k1);
    c.create(A1);
    c.create(A2);
    for i in 0..40usize {
        let a = if i % 3 == 0 { A2 } else { A1 };
        answer(
            &mut c,
            a,
            inds[i % inds.len()],
            u8::try_from(i % 4).expect("v"),
        );
    }
    answer(&mut c, ORPHAN, "P.1", 2);
    answer(&mut c, A1, "Z.9", 1);
    // Budi answers the same indicators otherwise: conflicts in both records.
    let mut d = Chain::new(&k2);
    for (i, ind) in inds.iter().enumerate() {
        answer(&mut d, A1, ind, u8::try_from((i + 1) % 4).expect("v"));
        answer(&mut d, A2, ind, u8::try_from((i + 2) % 4).expect("v"));
    }
    // A second version of Rina's log from seq 15 (a restored device): a fork whose
    // excluded ops lie in both records, so in different groups.
    let mut f = c.clone();
    f.truncate(15);
    for i in 0..10usize {
        let a = if i % 2 == 0 { A1 } else { A2 };
        answer(
            &mut f,
            a,
            inds[(i + 3) % inds.len()],
            u8::try_from((i + 1) % 4).expect("v"),
        );
    }

    let root = tempfile::tempdir().expect("tmp");
    let write = |name: &str, bytes: Vec<u8>| {
        let p = root.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p
    };
    let files = [
        write(
            "1-first.tilik",
            Builder::new(&k1).segment(&c, 1, 20).build(),
        ),
        write("2-budi.tilik", Builder::new(&k2).whole(&d).build()),
        write("3-fork.tilik", Builder::new(&k1).whole(&f).build()),
        write("4-rest.tilik", Builder::new(&k1).whole(&c).build()),
    ];
    let one = root.path().join("one");
    let tiny = root.path().join("tiny");
    for dir in [&one, &tiny] {
        let s = supervisor(dir);
        for (k, name) in [(&k1, "Rina"), (&k2, "Budi")] {
            s.ok(&[
                "trust", "add", "--key", &k.device, "--name", name, "--role", "assessor",
            ]);
        }
    }
    let mut seen = Vec::new();
    for file in &files {
        let a = import(&one, std::slice::from_ref(file), &[]);
        let b = import(&tiny, std::slice::from_ref(file), &TINY);
        assert_eq!(a, b, "the verdicts of {}", file.display());
        seen.push(a.1);
        assert_eq!(contents(&one), contents(&tiny), "after {}", file.display());
    }
    // The scenario does what it claims: conflicts, held ops, a record nobody created, a
    // fork.
    let all = seen.join("\n");
    assert!(all.contains("konflik"), "{all}");
    assert!(all.contains("DIKARANTINA"), "{all}");
    assert!(all.contains("DENGAN PERINGATAN"), "{all}");
    let store = open(&one);
    assert!(!store.store().held_ops().expect("held").is_empty());
    assert!(!store.store().forks().expect("forks").is_empty());
}

#[test]
fn generated_bundles_in_tiny_groups_match_and_a_kill_between_groups_leaves_nothing() {
    let root = tempfile::tempdir().expect("tmp");
    let gen_dir = root.path().join("gen");
    let out = root.path().join("bundles");
    cli::run_ok(cli::tilik(&gen_dir).args(cli::demo_generate(
        &out,
        "2",
        "3",
        "2",
        &["--seed", "7", "--evidence-kb", "1"],
    )));
    let files = cli::bundle_files(&out);
    assert!(files.len() >= 2, "{files:?}");
    let roster = out.join("roster.toml");
    let roster = roster.to_str().expect("utf8");
    let store = |name: &str| {
        let dir = root.path().join(name);
        supervisor(&dir).ok(&["trust", "import", roster]);
        dir
    };

    // Every file in one command (read ahead on a worker), whole plans against tiny groups.
    let one = store("one");
    let tiny = store("tiny");
    let a = import(&one, &files, &[]);
    let b = import(&tiny, &files, &TINY);
    assert_eq!(a.0, 0, "{}{}", a.1, a.2);
    assert_eq!(a, b, "the verdicts");
    let want = contents(&one);
    assert!(want.0 > 100, "the generated bundles carry ops: {}", want.0);
    assert_eq!(contents(&tiny), want);

    // Killed between two groups, with chunks on disk: nothing of the bundle is there.
    let first = &files[..1];
    let killed = store("killed");
    let before = contents(&killed);
    let mut env = TINY.to_vec();
    env.push(("TILIK_CRASH_AT", "import-between-groups"));
    let k = import(&killed, first, &env);
    assert_ne!(
        k.0, 0,
        "the import should have died between groups: {}{}",
        k.1, k.2
    );
    {
        let ws = open(&killed);
        assert_eq!(
            ws.store().staged_undone,
            1,
            "opening undid the staged groups"
        );
    }
    assert_eq!(
        contents(&killed),
        before,
        "none of the killed bundle is visible"
    );
    // Imported again: the verdict and the store of a clean import of that file.
    let clean = store("clean");
    let want = import(&clean, first, &[]);
    let again = import(&killed, first, &[]);
    assert_eq!(again, want);
    assert_eq!(contents(&killed), contents(&clean));
}
