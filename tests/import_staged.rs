//! A bundle merged in chunks (`src/storage/staged.rs`, `docs/store.md` "Ops from other
//! devices") is still whole or nothing: the import is killed with two chunks staged and on
//! disk and the commit not written (`TILIK_CRASH_AT=import-between-chunks`, debug builds),
//! and the reopened store holds exactly what it held before — the earlier bundle's ops and
//! projections, none of the killed one's — and importing the file again gives the same
//! verdict and state as a clean import. Small chunks (`TILIK_IMPORT_CHUNK`, debug builds)
//! make a small bundle span many.

mod support;

use std::path::Path;

use support::*;
use tilik::identity::Role;
use tilik::workspace::bundles::Verdict;

/// Bytes per chunk in these tests: every op segment is a chunk of its own.
const SMALL_CHUNK: &str = "2048";

fn cli_supervisor(dir: &Path, k: &Key) {
    let s = cli::Tilik::at(dir);
    s.ok(&["init", "--name", "Sari", "--role", "supervisor"]);
    s.ok(&[
        "trust", "add", "--key", &k.device, "--name", "Rina", "--role", "assessor",
    ]);
}

/// `tilik import FILE` on the store in `dir` with these extra environment variables.
fn cli_import(dir: &Path, file: &Path, env: &[(&str, &str)]) -> std::process::Output {
    let mut c = cli::tilik(dir);
    for (k, v) in env {
        c.env(k, v);
    }
    c.arg("import").arg(file).output().expect("run")
}

/// What a store holds, compared across stores: op count, merged-state digest, every
/// projection.
fn contents(dir: &Path) -> (u64, String, String) {
    contents_of(&open(dir))
}

fn contents_of(ws: &tilik::workspace::Workspace) -> (u64, String, String) {
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
}

#[test]
fn import_killed_between_chunks_leaves_nothing_and_reimport_gives_the_same_verdict() {
    let k = Key::new(21);
    let mut c = Chain::new(&k);
    c.create(A1);
    c.create(A2);
    let inds = ["P.1", "P.2", "P.3", "I.1", "I.2", "I.3"];
    for i in 0..150usize {
        c.answer(
            A1,
            inds[i % inds.len()],
            u8::try_from(i % 4).expect("v"),
            &[],
        );
    }
    let first_part = c.ops.len() as u64;
    for i in 0..450usize {
        let a = if i % 2 == 0 { A1 } else { A2 };
        c.answer(
            a,
            inds[i % inds.len()],
            u8::try_from(i % 4).expect("v"),
            &[],
        );
    }
    let n = c.ops.len() as u64;
    // The store already holds an earlier bundle (ops 1..first_part, A1's projection), so
    // the killed merge overwrote values, not only added keys.
    let earlier = Builder::new(&k).segment(&c, 1, first_part).build();
    let whole = Builder::new(&k).whole(&c).build();

    // Reference: both bundles imported cleanly, in this process (one transaction each).
    let reference = {
        let s = Node::new("Sari", Role::Supervisor);
        s.trust_key(&k, Role::Assessor);
        assert!(s.import_bytes(&earlier).verdict.ok());
        let o = s.import_bytes(&whole);
        assert_eq!(o.new_ops, n - first_part, "{}", msg(&o));
        (o.verdict, o.reason, o.new_ops)
    };

    let root = tempfile::tempdir().expect("tmp");
    let earlier_file = root.path().join("earlier.tilik");
    let whole_file = root.path().join("whole.tilik");
    std::fs::write(&earlier_file, &earlier).expect("w");
    std::fs::write(&whole_file, &whole).expect("w");

    // The staged path committed whole (no kill) gives what one transaction gives.
    let clean = root.path().join("clean");
    cli_supervisor(&clean, &k);
    for f in [&earlier_file, &whole_file] {
        let out = cli_import(&clean, f, &[("TILIK_IMPORT_CHUNK", SMALL_CHUNK)]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let after_both = contents(&clean);
    assert_eq!(after_both.0, n);
    assert_eq!(
        open(&clean).store().staged_undone,
        0,
        "a committed merge is never undone"
    );

    // The store as it was before the killed import.
    let dir = root.path().join("killed");
    cli_supervisor(&dir, &k);
    let out = cli_import(&dir, &earlier_file, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let before = contents(&dir);
    assert_eq!(before.0, first_part);

    let out = cli_import(
        &dir,
        &whole_file,
        &[
            ("TILIK_IMPORT_CHUNK", SMALL_CHUNK),
            ("TILIK_CRASH_AT", "import-between-chunks"),
        ],
    );
    assert!(
        !out.status.success(),
        "the import should have died between chunks"
    );

    {
        let ws = open(&dir);
        assert_eq!(
            contents_of(&ws),
            before,
            "none of the killed bundle is visible"
        );
        assert_eq!(
            ws.store().staged_undone,
            1,
            "opening found the staged chunks and undid them"
        );
    }
    assert_eq!(open(&dir).store().staged_undone, 0, "the undo is done once");

    // Importing it again is a fresh import with the clean import's verdict and state.
    let ws = open(&dir);
    let o = ws.import_file(&whole_file, &mut |_, _| {}).expect("import");
    assert_eq!((o.verdict, o.reason, o.new_ops), reference, "{}", msg(&o));
    assert!(matches!(o.verdict, Verdict::Accepted), "{}", msg(&o));
    drop(ws);
    assert_eq!(contents(&dir), after_both);
}
