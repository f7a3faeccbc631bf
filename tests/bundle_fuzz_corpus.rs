//! Replays the fuzz corpus of the container parser (`fuzz/corpus/container/`) through the
//! same entry point the cargo-fuzz target uses, and through the full verifier: every
//! input ends in a verdict, never a panic.
//!
//! The hand-made seeds are written by `cargo run --example write_fuzz_seeds`; inputs that
//! cargo-fuzz finds interesting can be added to the folder as they are. (How long the
//! replay takes is a benchmark, not an assertion: `BENCHMARKS.md`.)

use std::path::{Path, PathBuf};

use tilik::core::bundle::{self as cb, Discard};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/container")
}

#[test]
fn replay_fuzz_corpus() {
    let mut n = 0;
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus())
        .expect("fuzz/corpus/container")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    for f in files {
        let data = std::fs::read(&f).expect("read");
        cb::fuzz_container(&data);
        let r = tilik::bundle::verify_bytes(&data, None, &mut Discard);
        // Only the one well-formed seed may verify.
        if let Ok(v) = &r
            && v.fault().is_none()
        {
            assert!(
                f.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with("valid")),
                "{} verified",
                f.display()
            );
        }
        n += 1;
    }
    assert!(n >= 10, "only {n} corpus files");
}
