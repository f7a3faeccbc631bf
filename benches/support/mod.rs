//! What the benches share: the number of answers (`TILIK_BENCH_N`, default 2,000), the
//! store folder (`TILIK_BENCH_DIR`, default the working directory), percentiles, and the
//! baseline every figure is a ratio to (a plain file append + fsync of the same bytes).
//! Included with `#[path = "support/mod.rs"] mod support;`.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// How many answers to time (`TILIK_BENCH_N`, default 2,000).
pub fn answers() -> usize {
    std::env::var("TILIK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000)
}

/// The binary's allocator (`src/main.rs`; tuned by `tilik::alloc::tune`, first thing in
/// each bench's `main`), so a benchmark measures what the program does.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A fresh folder for the store under `TILIK_BENCH_DIR` (default: the working directory).
pub fn folder() -> tempfile::TempDir {
    tempfile::tempdir_in(std::env::var("TILIK_BENCH_DIR").unwrap_or_else(|_| ".".into()))
        .expect("tmp")
}

/// The `p` percentile (0.0 to 1.0) of `v`.
pub fn pct(v: &[Duration], p: f64) -> Duration {
    let mut v = v.to_vec();
    v.sort();
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

/// The baseline: a plain file in the store's folder, appended to and fsynced.
pub struct Baseline(std::fs::File);

impl Baseline {
    /// `baseline.log` in `dir`.
    pub fn open(dir: &Path) -> Baseline {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("baseline.log"))
            .expect("file");
        Baseline(file)
    }

    /// Append `bytes` and a newline, fsync; how long it took.
    pub fn append(&mut self, bytes: &[u8]) -> Duration {
        let t = Instant::now();
        self.0.write_all(bytes).expect("write");
        self.0.write_all(b"\n").expect("write");
        self.0.sync_all().expect("fsync");
        t.elapsed()
    }
}
