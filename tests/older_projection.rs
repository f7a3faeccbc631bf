//! sled brings back an older version of one of its nodes and still opens (issue 13; the
//! crash+damage soak met it at round 370: one `assess` leaf older than the op log and the
//! briefs). Opening after such a change finds every projection or brief that is not the
//! newest, from the briefs' seals and clocks, and rebuilds it from the op log: `show`
//! (the projection) and `list` (the brief, through its list line) both give every
//! acknowledged answer. A list line (`line` tree) brought back older than its brief is
//! found by its seal and made again.
//!
//! The same, while sled is also behind the journal (its log lost the last answers, as
//! after a kill): the older (or lost) projection must be rebuilt from sled's op log
//! *before* the journal's ops are replayed onto it. Replayed onto it, they would make a
//! projection without the answers in between (or, when sled lost it, without the
//! assessment's creation: "no assessment with that id") whose brief's clock is newest,
//! so no check would notice (the crash+damage soak met the second).

#[path = "support/cli.rs"]
mod cli;
#[path = "support/damage.rs"]
mod damage;

use std::path::{Path, PathBuf};

use cli::{Tilik, new_2024};

/// What sled holds for `id` in the projection, brief and line trees of the store of `t`.
fn sled_values(t: &Tilik, id: &str) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let store = t.dir.join("data/store");
    let db = sled::open(&store).expect("sled");
    let get = |tree: &str| {
        db.open_tree(tree)
            .expect("tree")
            .get(id)
            .expect("get")
            .expect("value")
            .to_vec()
    };
    let v = (get("assess"), get("brief"), get("line"));
    damage::close_raw_sled(db, &store);
    v
}

/// sled brings back `assess` / `brief` / `line` values of `id` written earlier.
fn sled_brings_back(t: &Tilik, id: &str, case: &Case<'_>) {
    let store = t.dir.join("data/store");
    let db = sled::open(&store).expect("sled");
    for (tree, v) in [("assess", case.1), ("brief", case.2), ("line", case.3)] {
        if let Some(v) = v {
            db.open_tree(tree)
                .expect("tree")
                .insert(id, v)
                .expect("put");
        }
    }
    db.flush().expect("flush");
    damage::close_raw_sled(db, &store);
}

/// Both readers give all four answers, and the projections equal a rebuild from the log.
fn all_answers_seen(t: &Tilik, id: &str, case: &str) {
    assert_eq!(
        t.json(&["show", id, "--json"])["answered"],
        4,
        "{case}: show"
    );
    assert_eq!(
        t.json(&["list", "--json"])[0]["answered"],
        4,
        "{case}: list"
    );
    t.ok(&["store", "rebuild", "--check"]);
}

/// A case's name, and the projection, brief and line sled brings back (`None`: the newest).
type Case<'a> = (
    &'a str,
    Option<&'a [u8]>,
    Option<&'a [u8]>,
    Option<&'a [u8]>,
);

#[test]
fn an_older_projection_or_brief_brought_back_by_sled_is_rebuilt_on_opening() {
    let root = tempfile::tempdir().expect("tmp");
    let a = Tilik::new(root.path(), "rina");
    a.ok(&["init", "--name", "Rina"]);
    let id = a.ok(&new_2024("61.71", "dpmptsp", &[]));
    a.ok(&["answer", &id, "P.1", "3"]);
    // The list makes the assessment's line (one answer) and keeps it.
    assert_eq!(a.json(&["list", "--json"])[0]["answered"], 1);
    let (old_state, old_brief, old_line) = sled_values(&a, &id);
    assert_eq!(old_line.first(), Some(&1), "a made line");
    for ind in ["P.2", "P.3", "P.4"] {
        a.ok(&["answer", &id, ind, "2"]);
    }
    all_answers_seen(&a, &id, "before");
    let cases: [Case<'_>; 5] = [
        ("older projection", Some(&old_state), None, None),
        ("older brief", None, Some(&old_brief), None),
        // Consistent with each other, both older than the op log: the brief's clock.
        ("both older", Some(&old_state), Some(&old_brief), None),
        // The line made from the older brief, beside the newest brief: its seal.
        ("older line", None, None, Some(&old_line)),
        (
            "all three older",
            Some(&old_state),
            Some(&old_brief),
            Some(&old_line),
        ),
    ];
    for case in cases {
        sled_brings_back(&a, &id, &case);
        all_answers_seen(&a, &id, case.0);
    }
}

/// Every value of sled's `line` tree in the store of `t`: (made lines, stale ones).
fn line_counts(t: &Tilik) -> (usize, usize) {
    let store = t.dir.join("data/store");
    let db = sled::open(&store).expect("sled");
    let (mut made, mut stale) = (0, 0);
    for kv in db.open_tree("line").expect("tree").iter() {
        let (_, v) = kv.expect("line");
        if v.is_empty() {
            stale += 1;
        } else {
            made += 1;
        }
    }
    damage::close_raw_sled(db, &store);
    (made, stale)
}

#[test]
fn an_import_makes_the_list_lines_of_what_it_brought() {
    let root = tempfile::tempdir().expect("tmp");
    let rina = Tilik::new(root.path(), "rina");
    rina.ok(&["init", "--name", "Rina"]);
    for lokus in ["dpmptsp", "disdukcapil"] {
        let id = rina.ok(&new_2024("61.71", lokus, &[]));
        rina.ok(&["answer", &id, "P.1", "3"]);
    }
    let sup = Tilik::new(root.path(), "sari");
    sup.ok(&["init", "--name", "Sari", "--role", "supervisor"]);
    sup.trust(&rina, "Rina", "assessor");
    let out = root.path().join("usb");
    let exported = rina.export_to(&out, None);
    let file = exported["file"].as_str().expect("bundle file").to_string();
    sup.ok(&["import", &file]);
    // Made by the import itself, before anything lists: the next list reads them.
    assert_eq!(line_counts(&sup), (2, 0));
    let listed = sup.json(&["list", "--json"]);
    assert_eq!(listed.as_array().map(Vec::len), Some(2));
    assert_eq!(listed[0]["answered"], 1);
}

/// sled loses `id` from the projection and brief trees of the store of `t`.
fn sled_loses(t: &Tilik, id: &str) {
    let store = t.dir.join("data/store");
    let db = sled::open(&store).expect("sled");
    for tree in ["assess", "brief"] {
        db.open_tree(tree)
            .expect("tree")
            .remove(id)
            .expect("remove");
    }
    db.flush().expect("flush");
    damage::close_raw_sled(db, &store);
}

/// sled's own files at the top of the store folder `store` (everything but tilik's
/// journal and clean-close mark), to roll sled back later.
fn sled_files(store: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(store).expect("store folder").flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if p.is_file() && name != "journal" && name != "clean-close" {
            v.push((p.clone(), std::fs::read(&p).expect("read sled file")));
        }
    }
    v
}

/// sled's files go back to `files` (in place: the same inodes), as if it never wrote what
/// came after; the journal loses its last record, the sync mark of the last close (a
/// killed process leaves none: with it, opening would rightly take the rolled-back sled
/// for a damaged one).
fn roll_sled_back(store: &Path, files: &[(PathBuf, Vec<u8>)]) {
    for e in std::fs::read_dir(store).expect("store folder").flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        let kept = files.iter().any(|(f, _)| *f == p);
        if p.is_file() && !kept && name != "journal" && name != "clean-close" {
            std::fs::remove_file(&p).expect("remove sled file");
        }
    }
    for (p, bytes) in files {
        std::fs::write(p, bytes).expect("roll back");
    }
    damage::drop_last_sync_mark(&store.join("journal"));
}

#[test]
fn a_projection_older_than_a_log_behind_the_journal_is_rebuilt_before_the_replay() {
    for case in ["both older", "both lost"] {
        let root = tempfile::tempdir().expect("tmp");
        let a = Tilik::new(root.path(), "rina");
        a.ok(&["init", "--name", "Rina"]);
        let id = a.ok(&new_2024("61.71", "dpmptsp", &[]));
        a.ok(&["answer", &id, "P.1", "3"]);
        let (old_state, old_brief, _) = sled_values(&a, &id);
        a.ok(&["answer", &id, "P.2", "2"]);
        a.ok(&["answer", &id, "P.3", "2"]);
        let store = a.dir.join("data/store");
        let files = sled_files(&store);
        // Journaled, then lost by sled.
        a.ok(&["answer", &id, "P.4", "2"]);
        roll_sled_back(&store, &files);
        if case == "both older" {
            sled_brings_back(&a, &id, &(case, Some(&old_state), Some(&old_brief), None));
        } else {
            sled_loses(&a, &id);
        }
        all_answers_seen(&a, &id, case);
        let log = a.json(&["log", &id, "--json"]);
        assert_eq!(
            log.as_array().map(Vec::len),
            Some(5),
            "{case}: the creation and four answers in the log"
        );
    }
}
