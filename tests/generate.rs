//! `tilik demo generate` writes real signed bundles: a supervisor who loads the roster
//! with `tilik trust import` imports every one, gets every assessment and the conflicts
//! the generator planted; the same seed gives the same files.

#[path = "support/cli.rs"]
mod cli;

use cli::{bundle_files, demo_generate, run_ok, tilik};

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("json")
}

#[test]
fn generated_bundles_import_with_the_roster() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let gen_dir = dir.join("gen");
    let g = json(&run_ok(tilik(dir).args(demo_generate(
        &gen_dir,
        "3",
        "2",
        "3",
        &["--conflict-rate", "0.2", "--json"],
    ))));
    assert_eq!(g["assessments"], 6);
    let planted = g["conflicts"].as_u64().expect("conflicts");
    assert!(planted > 0);
    let files = bundle_files(&gen_dir);
    assert_eq!(files.len(), 3);

    run_ok(tilik(dir).args(["init", "--name", "Supervisor Uji", "--role", "supervisor"]));
    // Without the roster every bundle waits in quarantine.
    let o = tilik(dir)
        .args(["import", "--json"])
        .arg(&files[0])
        .output()
        .expect("spawn");
    assert_eq!(o.status.code(), Some(3), "unknown signer is quarantined");
    let out = run_ok(tilik(dir).args([
        "trust",
        "import",
        gen_dir.join("roster.toml").to_str().expect("utf8"),
    ]));
    assert!(out.contains('3'), "{out}");
    let list = json(&run_ok(tilik(dir).args(["trust", "list", "--json"])));
    assert_eq!(list.as_array().expect("array").len(), 3);
    run_ok(tilik(dir).args(["import", "--retry"]));
    let mut c = tilik(dir);
    c.args(["import", "--json"]).args(&files);
    run_ok(&mut c);
    let listed = json(&run_ok(tilik(dir).args(["list", "--json"])));
    assert_eq!(listed.as_array().expect("array").len(), 6);
    let conflicts = json(&run_ok(tilik(dir).args(["conflicts", "--json"])));
    let n = conflicts["conflicts"].as_array().expect("array").len() as u64;
    assert_eq!(
        n, planted,
        "every planted conflict is open at the supervisor"
    );
}

#[test]
fn same_seed_same_bundles_other_seed_other_bundles() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let make = |name: &str, seed: &str| {
        let out = dir.join(name);
        run_ok(tilik(dir).args(demo_generate(&out, "2", "3", "4", &["--seed", seed])));
        bundle_files(&out)
            .iter()
            .map(|f| std::fs::read(f).expect("read"))
            .collect::<Vec<_>>()
    };
    let a = make("a", "7");
    let b = make("b", "7");
    let c = make("c", "8");
    assert_eq!(a, b);
    assert_ne!(a, c);
}
