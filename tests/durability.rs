//! `kill -9` in the middle of answering never loses an answer whose save had returned and
//! never leaves a store that does not open. Writers print `ack N` only after the durable
//! save returned; we kill them at random moments, reopen, and compare.

#[path = "support/cli.rs"]
mod cli;
#[path = "support/kill.rs"]
mod kill;

use std::collections::BTreeSet;
use std::time::Duration;

use cli::{log_entries, new_2024, run_ok, tilik};
use kill::{Rng, next_start, note_numbers, writer_killed_after};

#[test]
fn sigkill_during_answers_loses_nothing_acknowledged() {
    let kills: u64 = std::env::var("TILIK_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(60);
    let tmp = tempfile::tempdir().expect("tmp");
    let dir = tmp.path();
    run_ok(tilik(dir).args(["init", "--name", "Uji Tahan Banting"]));
    let id = run_ok(tilik(dir).args(new_2024("61.71", "disdukcapil", &[])));
    let seed = 0x5eed_u64 ^ u64::from(std::process::id());
    let mut rng = Rng(seed | 1);
    let mut acked: BTreeSet<u64> = BTreeSet::new();
    let mut next = 0u64;
    let mut killed = 0u64;
    while killed < kills {
        // Kill after a random delay: sometimes during start-up, mostly mid-write.
        let delay = Duration::from_micros(rng.next() % 150_000);
        let (got, _) = writer_killed_after(tilik(dir), &id, next, delay);
        killed += 1;
        next = next_start(next, &got); // never reuse a note text
        acked.extend(got);
    }
    // Reopen: the store opens, the log is gap-free, every acknowledged answer is present.
    let entries = log_entries(dir, &id);
    let notes = note_numbers(&entries);
    let missing: Vec<&u64> = acked.difference(&notes).collect();
    assert!(
        missing.is_empty(),
        "seed {seed}: {} acknowledged answers lost, e.g. {:?}",
        missing.len(),
        missing.iter().take(5).collect::<Vec<_>>()
    );
    let mut seqs: Vec<u64> = entries.iter().filter_map(|e| e["seq"].as_u64()).collect();
    seqs.sort_unstable();
    let expect: Vec<u64> = (1..=seqs.len() as u64).collect();
    assert_eq!(seqs, expect, "seed {seed}: per-device sequence has gaps");
    let rebuilt = run_ok(tilik(dir).args(["store", "rebuild", "--check"]));
    assert!(
        rebuilt.contains("sama") || rebuilt.contains("equals"),
        "{rebuilt}"
    );
    assert!(killed >= kills);
    eprintln!(
        "{killed} kills, {} acknowledged answers verified",
        acked.len()
    );
    assert!(!acked.is_empty(), "no writer ever acknowledged an answer");
}
