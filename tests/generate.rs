//! `tilik demo generate` writes real signed bundles: a supervisor who loads the roster
//! with `tilik trust import` imports every one, gets every assessment and the conflicts
//! the generator planted; the same seed gives the same files.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

use cli::{run_ok, tilik};

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).expect("json")
}

fn bundles(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "tilik"))
        .map(|p| p.display().to_string())
        .collect();
    v.sort();
    v
}

#[test]
fn generated_bundles_import_with_the_roster() {
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    let gen_dir = dir.join("gen");
    let g = json(&run_ok(tilik(dir).args([
        "demo",
        "generate",
        "--out",
        gen_dir.to_str().expect("utf8"),
        "--pemda",
        "3",
        "--lokus",
        "2",
        "--assessors",
        "3",
        "--conflict-rate",
        "0.2",
        "--json",
    ])));
    assert_eq!(g["assessments"], 6);
    let planted = g["conflicts"].as_u64().expect("conflicts");
    assert!(planted > 0);
    let files = bundles(&gen_dir);
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
        run_ok(tilik(dir).args([
            "demo",
            "generate",
            "--out",
            out.to_str().expect("utf8"),
            "--pemda",
            "2",
            "--lokus",
            "3",
            "--assessors",
            "4",
            "--seed",
            seed,
        ]));
        bundles(&out)
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
