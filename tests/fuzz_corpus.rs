//! Replays the committed fuzz corpus (`fuzz/corpus/<target>/`) through the same calls as
//! the cargo-fuzz targets in `fuzz/fuzz_targets/`, on stable: no input may panic, and the
//! known-good seeds must still verify.

use std::path::PathBuf;

fn corpus(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join("corpus")
        .join(target);
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().expect("name").to_string_lossy().into_owned(),
                std::fs::read(&p).expect("read"),
            )
        })
        .collect();
    v.sort();
    assert!(!v.is_empty(), "empty corpus for {target}");
    v
}

#[test]
fn container_corpus() {
    for (name, data) in corpus("container") {
        let _ = tilik::bundle::sniff_bytes(&data);
        let r = tilik::core::bundle::read_container(
            data.as_slice(),
            &tilik::core::bundle::Limits::default(),
            &mut tilik::core::bundle::Discard,
        );
        // `valid-*` seeds are well-formed signed bundles and must verify.
        if name.starts_with("valid-") {
            let v = r.unwrap_or_else(|f| panic!("{name}: {f:?}"));
            assert!(
                v.fault().is_none() && v.signature_ok,
                "{name} should verify"
            );
        }
    }
}

#[test]
fn manifest_corpus() {
    for (name, data) in corpus("manifest") {
        let r = tilik::core::bundle::parse_manifest(&data);
        if name.starts_with("generated-") {
            let m = r.unwrap_or_else(|f| panic!("{name}: {f:?}"));
            assert!(m.op_count() > 0);
        }
    }
}

#[test]
fn instrument_corpus() {
    for (name, data) in corpus("instrument") {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let r = tilik::core::instrument::Instrument::from_toml(text);
        if name.starts_with("opini-") || name.starts_with("kepatuhan-") {
            let i = r.unwrap_or_else(|p| panic!("{name}: {p:?}"));
            assert!(i.indicator_count() > 0);
        }
    }
}
