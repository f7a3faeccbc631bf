//! Durable answer save (Workspace::answer: sled transaction, then journal append +
//! fdatasync) against a plain file append + fsync of the same bytes, measured in the same
//! run, interleaved so both see the same machine noise. Run: `cargo bench --bench answer_save`.
//! Prints p50/p99 of both and the ratios (goal: ≤ 1.5× at p50).

use std::io::Write;
use std::time::{Duration, Instant};

use tilik::config::Dirs;
use tilik::core::op::AnswerValue;
use tilik::identity::Role;
use tilik::workspace::{AnswerRequest, Workspace};

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i]
}

fn main() {
    let n: usize = std::env::var("TILIK_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir_in(std::env::var("TILIK_BENCH_DIR").unwrap_or_else(|_| ".".into()))
        .expect("tmp");
    let dirs = Dirs::resolve(
        Some(&dir.path().join("data")),
        Some(&dir.path().join("config")),
    );
    let ws = Workspace::open(&dirs).expect("open");
    ws.init("Bench", None, None, Role::Assessor).expect("init");
    let id = ws
        .new_assessment(2024, Some("opini-2024"), "61.71", "disdukcapil", None)
        .expect("new")
        .id;
    let inds: Vec<String> = ws
        .detail(&id)
        .expect("d")
        .instrument
        .indicators()
        .map(|p| p.indicator.id.clone())
        .collect();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(dir.path().join("baseline.log"))
        .expect("file");
    let (mut save, mut base) = (Vec::with_capacity(n), Vec::with_capacity(n));
    let mut bytes_total = 0usize;
    for k in 0..n {
        let ind = &inds[k % inds.len()];
        let t = Instant::now();
        let ops = ws
            .answer(&AnswerRequest::new(&id, ind).value(AnswerValue::Score((k % 4) as u8)))
            .expect("answer");
        save.push(t.elapsed());
        let bytes = ops.ops[0].encode().expect("encode");
        bytes_total += bytes.len();
        let t = Instant::now();
        file.write_all(&bytes).expect("write");
        file.write_all(b"\n").expect("write");
        file.sync_all().expect("fsync");
        base.push(t.elapsed());
    }
    let (s50, s99) = (pct(&mut save, 0.50), pct(&mut save, 0.99));
    let (b50, b99) = (pct(&mut base, 0.50), pct(&mut base, 0.99));
    println!("answers: {n}, mean op size {} B", bytes_total / n);
    println!(
        "durable save (tilik):      p50 {:>8.1} µs  p99 {:>8.1} µs",
        s50.as_secs_f64() * 1e6,
        s99.as_secs_f64() * 1e6
    );
    println!(
        "file append + fsync:       p50 {:>8.1} µs  p99 {:>8.1} µs",
        b50.as_secs_f64() * 1e6,
        b99.as_secs_f64() * 1e6
    );
    println!(
        "ratio:                     p50 {:>8.2}×    p99 {:>8.2}×",
        s50.as_secs_f64() / b50.as_secs_f64(),
        s99.as_secs_f64() / b99.as_secs_f64()
    );
}
