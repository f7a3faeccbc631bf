//! Durable answer save (Workspace::answer: journal append + fdatasync, the sled write
//! behind it in batches) against a plain file append + fsync of the same bytes, measured in the same
//! run, interleaved so both see the same machine noise. Run: `cargo bench --bench answer_save`.
//! Prints p50/p99 of both and the ratios (goal: ≤ 1.5× at p50).

#[path = "../tests/support/store.rs"]
mod store;
#[path = "support/mod.rs"]
mod support;

use std::time::Instant;

use tilik::core::op::AnswerValue;
use tilik::workspace::AnswerRequest;

use support::{Baseline, pct};

fn main() {
    tilik::alloc::tune();
    let n = support::answers();
    let dir = support::folder();
    let (ws, id, inds) = store::assessor_with_assessment(dir.path(), "Bench");
    let mut file = Baseline::open(dir.path());
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
        base.push(file.append(&bytes));
    }
    let (s50, s99) = (pct(&save, 0.50), pct(&save, 0.99));
    let (b50, b99) = (pct(&base, 0.50), pct(&base, 0.99));
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
    let r50 = s50.as_secs_f64() / b50.as_secs_f64();
    println!(
        "ratio:                     p50 {:>8.2}×    p99 {:>8.2}×",
        r50,
        s99.as_secs_f64() / b99.as_secs_f64()
    );
    println!(
        "goal:                      p50 ≤ 1.50×  {}",
        if r50 <= 1.5 { "met" } else { "missed" }
    );
}
