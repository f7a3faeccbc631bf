//! The domain core stays pure. It is its own crate (`crates/tilik-core`), so the compiler
//! refuses any crate its manifest does not list; these tests keep that list free of the
//! store, the terminal, encryption, file formats and platform directories, keep its
//! sources off the file system and the network (which `std` would allow), and keep its
//! tests running with a plain `cargo test` at the top.

use std::path::{Path, PathBuf};

const CORE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/crates/tilik-core");

fn manifest(path: &Path) -> toml::Table {
    let text = std::fs::read_to_string(path).expect("read manifest");
    text.parse().expect("manifest is TOML")
}

/// Every crate a manifest depends on (normal, dev, build, and per target), by the name
/// it is published under (`package = …` when renamed), `_` written as `-`.
fn dependencies(m: &toml::Table) -> Vec<String> {
    const KINDS: [&str; 3] = ["dependencies", "dev-dependencies", "build-dependencies"];
    let mut tables: Vec<&toml::Table> = KINDS
        .iter()
        .filter_map(|k| m.get(*k).and_then(toml::Value::as_table))
        .collect();
    if let Some(targets) = m.get("target").and_then(toml::Value::as_table) {
        for t in targets.values().filter_map(toml::Value::as_table) {
            tables.extend(
                KINDS
                    .iter()
                    .filter_map(|k| t.get(*k).and_then(toml::Value::as_table)),
            );
        }
    }
    tables
        .into_iter()
        .flat_map(|t| t.iter())
        .map(|(name, spec)| {
            spec.get("package")
                .and_then(toml::Value::as_str)
                .unwrap_or(name)
                .replace('_', "-")
        })
        .collect()
}

#[test]
fn core_manifest_lists_no_io_terminal_or_storage_crate() {
    let deps = dependencies(&manifest(&Path::new(CORE).join("Cargo.toml")));
    assert!(
        deps.iter().any(|d| d == "serde-json"),
        "the dependency tables were not found: {deps:?}"
    );
    let forbidden = [
        "sled",
        "ratatui",
        "crossterm",
        "age",
        "directories",
        "tui-input",
        "ratatui-textarea",
        "rust-xlsxwriter",
        "csv",
    ];
    for f in forbidden {
        assert!(
            !deps.iter().any(|d| d == f),
            "crates/tilik-core/Cargo.toml lists {f}"
        );
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn core_sources_do_not_reach_for_the_file_system_or_network() {
    let mut files = Vec::new();
    rust_files(&Path::new(CORE).join("src"), &mut files);
    assert!(files.len() >= 5, "core sources not found: {files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        for f in ["std::fs", "std::net"] {
            assert!(!text.contains(f), "{} mentions {f}", path.display());
        }
    }
}

#[test]
fn core_is_a_default_member_of_the_workspace() {
    let root = manifest(&Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"));
    let default_members: Vec<&str> = root
        .get("workspace")
        .and_then(|w| w.get("default-members"))
        .and_then(toml::Value::as_array)
        .expect("[workspace] default-members")
        .iter()
        .filter_map(toml::Value::as_str)
        .collect();
    assert!(
        default_members.contains(&"crates/tilik-core"),
        "`cargo test` at the top would skip core's tests: {default_members:?}"
    );
}

const SRC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src");

/// The code of a source file with `//` comments (and doc comments) removed, so that a
/// module doc naming a layer does not count as using it.
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("read");
    text.lines()
        .map(|l| l.split_once("//").map_or(l, |(code, _)| code))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every source file under `src/` whose path (relative to `src/`) satisfies `pick`.
fn sources(pick: impl Fn(&str) -> bool) -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(Path::new(SRC), &mut files);
    assert!(files.len() > 50, "sources not found under {SRC}");
    files
        .into_iter()
        .filter_map(|p| {
            let rel = p
                .strip_prefix(SRC)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            pick(&rel).then(|| (rel, code_of(&p)))
        })
        .collect()
}

fn assert_none_mention(files: &[(String, String)], words: &[&str], why: &str) {
    assert!(!files.is_empty(), "no files picked for: {why}");
    for (rel, code) in files {
        for w in words {
            assert!(!code.contains(w), "src/{rel} mentions `{w}`: {why}");
        }
    }
}

#[test]
fn workspace_and_storage_write_no_prose_and_know_no_language() {
    let files = sources(|rel| {
        rel == "workspace.rs"
            || rel.starts_with("workspace/")
            || rel == "storage.rs"
            || rel.starts_with("storage/")
    });
    assert_none_mention(
        &files,
        &["crate::present", "crate::i18n", "Lang::", "lang: Lang"],
        "user text is made in `present`, from typed results",
    );
}

#[test]
fn only_storage_names_sled() {
    let files = sources(|rel| rel != "storage.rs" && !rel.starts_with("storage/"));
    assert_none_mention(&files, &["sled::", "use sled"], "sled lives behind storage");
}

#[test]
fn only_the_terminal_ui_names_ratatui_or_crossterm() {
    let files = sources(|rel| {
        !(rel == "tui.rs"
            || rel.starts_with("tui/")
            || rel.starts_with("present/tui")
            || rel == "main.rs")
    });
    assert_none_mention(
        &files,
        &["ratatui", "crossterm"],
        "the terminal belongs to the TUI",
    );
}

#[test]
fn raw_meta_keys_stay_inside_storage() {
    let meta = code_of(&Path::new(SRC).join("storage/meta.rs"));
    for f in [
        "meta_get",
        "meta_put",
        "meta_prefix",
        "meta_remove",
        "meta_raw",
    ] {
        assert!(
            meta.contains(&format!("fn {f}")),
            "storage/meta.rs no longer defines {f}: update this test"
        );
        assert!(
            !meta.contains(&format!("pub fn {f}")),
            "storage/meta.rs makes {f} public: layers above use the typed accessors"
        );
    }
    let above = sources(|rel| rel != "storage.rs" && !rel.starts_with("storage/"));
    assert_none_mention(
        &above,
        &[
            ".meta_get(",
            ".meta_put(",
            ".meta_prefix(",
            ".meta_remove(",
            ".meta_raw(",
        ],
        "no layer above storage names a meta key",
    );
}

#[test]
fn the_cli_and_the_tui_go_through_the_workspace() {
    let files = sources(|rel| {
        rel == "cli.rs" || rel.starts_with("cli/") || rel == "tui.rs" || rel.starts_with("tui/")
    });
    assert_none_mention(
        &files,
        &["crate::storage", "ws.store()", ".store().", "Store::open"],
        "the workspace is the only API",
    );
}
