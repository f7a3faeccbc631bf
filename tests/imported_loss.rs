//! Loss of imported ops (issue 13 point 1): sled loses another device's segments and still
//! opens; the store notices (received runs against the segments present; the ops present
//! against the op count and the journal's last sync), names the inbox bundle that carries
//! them with the exact command, and that command brings them back, each op counted once.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/damage.rs"]
mod damage;

use std::path::Path;

use cli::{Tilik, new_2024};

/// Rina answers `inds` of one assessment and exports; Sari, a supervisor, imports it.
/// Returns (Rina, Sari, the assessment, Sari's log entries of it).
fn supervisor_with_rinas_bundle(root: &Path, inds: &[&str]) -> (Tilik, Tilik, String, usize) {
    let a = Tilik::new(root, "rina");
    a.ok(&["init", "--name", "Rina"]);
    let id = a.ok(&new_2024("61.71", "dpmptsp", &[]));
    for (k, ind) in inds.iter().enumerate() {
        a.ok(&["answer", &id, ind, "3", "--note", &format!("w{k}")]);
    }
    let s = Tilik::new(root, "sari");
    s.ok(&["init", "--name", "Sari", "--role", "supervisor"]);
    s.trust(&a, "Rina", "assessor");
    let e = a.export_to(&root.join("out"), None);
    let (code, out, err) = s.run(&["import", e["file"].as_str().expect("file")]);
    assert_eq!(code, 0, "{out}{err}");
    let before = cli::log_entries(&s.dir, &id).len();
    (a, s, id, before)
}

/// sled loses `device`'s segments from the store of `s` (as a damaged log can, while still
/// opening), and the `meta` keys starting with one of `meta_prefixes`.
fn sled_loses(s: &Tilik, device: &str, meta_prefixes: &[&[u8]]) {
    let store = s.dir.join("data/store");
    let db = sled::open(&store).expect("sled");
    let ops = db.open_tree("ops").expect("ops");
    let prefix: Vec<u8> = (0..device.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&device[i..i + 2], 16).expect("hex"))
        .collect();
    let keys: Vec<_> = ops
        .scan_prefix(&prefix)
        .map(|kv| kv.expect("kv").0)
        .collect();
    assert!(
        !keys.is_empty(),
        "the device's ops are in the supervisor's store"
    );
    for k in keys {
        ops.remove(k).expect("remove");
    }
    let meta = db.open_tree("meta").expect("meta");
    let gone: Vec<_> = meta
        .iter()
        .map(|kv| kv.expect("kv").0)
        .filter(|k| meta_prefixes.iter().any(|p| k.starts_with(p)))
        .collect();
    for p in meta_prefixes {
        assert!(
            gone.iter().any(|k| k.starts_with(p)),
            "the store has a {} key",
            String::from_utf8_lossy(p)
        );
    }
    for k in gone {
        meta.remove(k).expect("remove");
    }
    db.flush().expect("flush");
    drop((ops, meta));
    damage::close_raw_sled(db, &store);
}

/// Run the command the notice names; afterwards nothing is missing, every op is back and
/// the projection equals the rebuild.
fn import_again(s: &Tilik, err: &str, id: &str, before: usize) {
    let cmd = cli::reimport_command(err);
    let args: Vec<&str> = cmd.split(' ').skip(1).collect();
    let (code, out, err) = s.run(&args);
    assert_eq!(code, 0, "{cmd}: {out}{err}");
    let (code, _, err) = s.run(&["--lang", "en", "list"]);
    assert_eq!(code, 0);
    assert!(!err.contains("lost"), "nothing missing any more: {err}");
    assert_eq!(cli::log_entries(&s.dir, id).len(), before, "every op back");
    s.ok(&["store", "rebuild", "--check"]);
}

#[test]
fn lost_imported_ops_are_named_with_the_bundle_and_that_command_brings_them_back() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, s, id, before) =
        supervisor_with_rinas_bundle(root.path(), &["I.1", "I.2", "I.3", "I.4"]);
    sled_loses(&s, &a.public_key(), &[]);

    let (code, _, err) = s.run(&["--lang", "en", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "The store lost {before} change(s) imported earlier from 1 device(s)"
        )),
        "{err}"
    );
    import_again(&s, &err, &id, before);
    // The op count counts them once: a fresh export relays all of them.
    let e2 = s.export_to(&root.path().join("out2"), None);
    let t = Tilik::new(root.path(), "tia");
    t.ok(&["init", "--name", "Tia", "--role", "supervisor"]);
    t.trust(&a, "Rina", "assessor");
    t.trust(&s, "Sari", "supervisor");
    let (code, out, err) = t.run(&["import", e2["file"].as_str().expect("file")]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(cli::log_entries(&t.dir, &id).len(), before);
}

/// sled loses another device's segments together with the received run that named them
/// (and the record that the bundle was imported) while the projection keeps their effects:
/// the op count and the journal's last sync still say how many ops there were, so the
/// store notices, names the inbox bundle, and importing it again counts each op once
/// (`store rebuild --check` passes; before, the projection applied them twice).
#[test]
fn ops_lost_with_their_runs_are_noticed_and_the_import_again_counts_them_once() {
    let root = tempfile::tempdir().expect("tmp");
    let (a, s, id, before) = supervisor_with_rinas_bundle(root.path(), &["I.1", "I.2", "I.3"]);
    sled_loses(&s, &a.public_key(), &[b"runs/", b"imported/"]);

    let (code, _, err) = s.run(&["--lang", "en", "list"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!(
            "The store lost {before} change(s) imported earlier"
        )),
        "{err}"
    );
    // Until then the projection is a function of the ops present.
    s.ok(&["store", "rebuild", "--check"]);
    import_again(&s, &err, &id, before);
}
