//! The SIGKILL harness of the crash tests (`durability`, `crash`): a writer
//! (`tilik debug-write-loop`) that prints `ack N` only after the durable save of note `wN`
//! returned, killed at a chosen moment.
//!
//! Included with `#[path = "support/kill.rs"] mod kill;`.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Tiny deterministic PRNG (xorshift) so failures can be reproduced from the seed.
pub struct Rng(pub u64);
impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Kill `child` after `delay`; true when it was still running (a real mid-run kill).
pub fn kill_after(child: &mut Child, delay: Duration) -> bool {
    let t0 = Instant::now();
    while t0.elapsed() < delay {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return false;
        }
        std::thread::sleep(Duration::from_micros(300));
    }
    let running = matches!(child.try_wait(), Ok(None));
    let _ = child.kill(); // SIGKILL on Unix
    let _ = child.wait();
    running
}

/// One writer (`tilik`, a command set up for the store) on assessment `id`, writing notes
/// `w{start}`, `w{start+1}`, … until it is SIGKILLed after `delay`. The numbers it
/// acknowledged, and whether the kill landed while it was running.
pub fn writer_killed_after(
    mut tilik: Command,
    id: &str,
    start: u64,
    delay: Duration,
) -> (Vec<u64>, bool) {
    let mut child = tilik
        .args([
            "debug-write-loop",
            id,
            "--start",
            &start.to_string(),
            "--count",
            "100000",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn writer");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut got = Vec::new();
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if let Some(n) = line.strip_prefix("ack ").and_then(|n| n.parse().ok()) {
                got.push(n);
            }
        }
        got
    });
    let mid = kill_after(&mut child, delay);
    let got = reader.join().expect("reader");
    (got, mid)
}

/// Where the next writer starts after one that acknowledged `acked`: past all of them,
/// and far enough that a note text is never reused.
pub fn next_start(start: u64, acked: &[u64]) -> u64 {
    acked.iter().max().map_or(start, |m| m + 1) + 1_000_000
}

/// The numbers N of the notes `wN` in a log.
pub fn note_numbers(entries: &[serde_json::Value]) -> BTreeSet<u64> {
    entries
        .iter()
        .filter(|e| e["kind"] == "set_note")
        .filter_map(|e| e["new"].as_str()?.strip_prefix('w')?.parse().ok())
        .collect()
}
