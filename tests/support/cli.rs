//! The real `tilik` binary on a store in a folder (`dir/data`, `dir/config`): the one
//! runner of every CLI-driven test. [`tilik`] is the bare command; [`Tilik`] a store with
//! `run` (exit code, stdout, stderr), `ok` (must succeed; trimmed stdout) and `json`.
//! `NO_COLOR` is cleared so a developer's environment cannot change what is printed.
//!
//! Included with `#[path = "support/cli.rs"] mod cli;`, or as `support::cli` by the tests
//! that use `mod support;`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// `tilik` on the store `dir/data` with config `dir/config`.
pub fn tilik(dir: &Path) -> Command {
    // `option_env!`: cargo names the binary to integration tests only; the examples that
    // share these helpers (`write_fuzz_seeds`) never run the CLI.
    let Some(bin) = option_env!("CARGO_BIN_EXE_tilik") else {
        panic!("cargo names the tilik binary to integration tests only");
    };
    let mut c = Command::new(bin);
    c.env("TILIK_DATA_DIR", dir.join("data"))
        .env("TILIK_CONFIG_DIR", dir.join("config"))
        .env_remove("NO_COLOR");
    c
}

/// Run; exit code (-1 when killed by a signal), stdout, stderr.
pub fn output(c: &mut Command) -> (i32, String, String) {
    let o = c.output().expect("spawn tilik");
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).to_string(),
        String::from_utf8_lossy(&o.stderr).to_string(),
    )
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

/// The arguments of `tilik new` for a 2024 assessment of `lokus` in `pemda`, then `extra`
/// (`--instrument`, `--name`, `--json`, …).
pub fn new_2024<'a>(pemda: &'a str, lokus: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["new", "--round", "2024", "--pemda", pemda, "--lokus", lokus];
    args.extend_from_slice(extra);
    args
}

/// The arguments of `tilik demo generate --out OUT`: `pemda` pemda × `lokus` lokus by
/// `assessors` assessors, then `extra` (`--seed`, `--json`, …).
pub fn demo_generate<'a>(
    out: &'a Path,
    pemda: &'a str,
    lokus: &'a str,
    assessors: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let out = out.to_str().expect("utf8 path");
    let mut args = vec![
        "demo",
        "generate",
        "--out",
        out,
        "--pemda",
        pemda,
        "--lokus",
        lokus,
        "--assessors",
        assessors,
    ];
    args.extend_from_slice(extra);
    args
}

/// The bundle files (`*.tilik`) in `dir`, sorted.
pub fn bundle_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "tilik"))
        .collect();
    v.sort();
    v
}

/// The fields every verdict of `import --json` carries.
pub const IMPORT_FIELDS: [&str; 6] = [
    "file",
    "verdict",
    "reason",
    "message",
    "new_ops",
    "conflicts",
];

/// Device → op count of each bundle in `files`, from its manifest (`bundle inspect --json`).
pub fn manifests(dir: &Path, files: &[PathBuf]) -> std::collections::BTreeMap<String, u64> {
    let mut m = std::collections::BTreeMap::new();
    for f in files {
        let o = tilik(dir)
            .args(["bundle", "inspect", "--json"])
            .arg(f)
            .output()
            .expect("spawn");
        let v: Value = serde_json::from_slice(&o.stdout).expect("inspect json");
        for s in v["manifest"]["segments"].as_array().expect("segments") {
            m.insert(
                s["device"].as_str().expect("device").to_string(),
                s["count"].as_u64().expect("count"),
            );
        }
    }
    m
}

/// An assessment's log (`tilik log ID --json`).
pub fn log_entries(dir: &Path, id: &str) -> Vec<Value> {
    let log = run_ok(tilik(dir).args(["log", id, "--json"]));
    serde_json::from_str(&log).expect("log json")
}

/// A store in a folder, driven through the binary.
pub struct Tilik {
    pub dir: PathBuf,
}

impl Tilik {
    /// The store in `root/name`.
    pub fn new(root: &Path, name: &str) -> Tilik {
        Tilik::at(&root.join(name))
    }

    /// The store in `dir`.
    pub fn at(dir: &Path) -> Tilik {
        Tilik {
            dir: dir.to_path_buf(),
        }
    }

    /// The bare command on this store.
    pub fn cmd(&self) -> Command {
        tilik(&self.dir)
    }

    /// Exit code, stdout, stderr.
    pub fn run(&self, args: &[&str]) -> (i32, String, String) {
        output(self.cmd().args(args))
    }

    /// Must exit 0; the trimmed stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let (code, out, err) = self.run(args);
        assert_eq!(code, 0, "{args:?}: {err}{out}");
        out.trim().to_string()
    }

    /// Must exit 0; stdout as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).expect("json")
    }

    /// This device's public key (`whoami --json`).
    pub fn public_key(&self) -> String {
        self.whoami_text("public_key")
    }

    /// This device's age recipient, what others encrypt to (`whoami --json`).
    pub fn age_recipient(&self) -> String {
        self.whoami_text("age_recipient")
    }

    /// One text field of `whoami --json`.
    fn whoami_text(&self, field: &str) -> String {
        self.json(&["whoami", "--json"])[field]
            .as_str()
            .unwrap_or_else(|| panic!("whoami has no {field}"))
            .to_string()
    }

    /// Trust `other`'s key as `name` in `role` (`trust add`).
    pub fn trust(&self, other: &Tilik, name: &str, role: &str) {
        let key = other.public_key();
        self.ok(&[
            "trust", "add", "--key", &key, "--name", name, "--role", role,
        ]);
    }

    /// Export into the folder `dir` (`export --dir DIR --json`, encrypted to `to` when
    /// given); the export's JSON.
    pub fn export_to(&self, dir: &Path, to: Option<&str>) -> Value {
        // The folder is there, as a plugged-in stick is (a missing one is refused).
        std::fs::create_dir_all(dir).expect("export folder");
        let dir = dir.to_str().expect("utf8 path");
        match to {
            Some(r) => self.json(&["export", "--dir", dir, "--to", r, "--json"]),
            None => self.json(&["export", "--dir", dir, "--json"]),
        }
    }
}

/// The `tilik import …` command a recovery notice ends with ("… with: tilik import X Y."),
/// checked to import from the inbox.
pub fn reimport_command(notice: &str) -> String {
    let cmd = notice
        .split("with: ")
        .nth(1)
        .map(|c| c.trim().trim_end_matches('.'))
        .unwrap_or_else(|| panic!("no command in: {notice}"))
        .to_string();
    assert!(
        cmd.starts_with("tilik import ") && cmd.contains("/inbox/"),
        "{cmd}"
    );
    cmd
}
