//! The real `tilik` binary on a store in a temp dir (`dir/data`, `dir/config`), for the
//! CLI-driven tests (`durability`, `crash`, `generate`).
//!
//! Included with `#[path = "support/cli.rs"] mod cli;`.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// `tilik` on the store `dir/data` with config `dir/config`.
pub fn tilik(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tilik"));
    c.env("TILIK_DATA_DIR", dir.join("data"))
        .env("TILIK_CONFIG_DIR", dir.join("config"));
    c
}

/// Run to success; the trimmed stdout.
pub fn run_ok(c: &mut Command) -> String {
    let o = c.output().expect("spawn tilik");
    assert!(
        o.status.success(),
        "tilik failed: {}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// An assessment's log (`tilik log ID --json`).
pub fn log_entries(dir: &Path, id: &str) -> Vec<serde_json::Value> {
    let log = run_ok(tilik(dir).args(["log", id, "--json"]));
    serde_json::from_str(&log).expect("log json")
}
