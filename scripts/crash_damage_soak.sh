#!/usr/bin/env bash
# The crash+damage soak of issue 13: tests/crash_damage.rs with N rounds (default 500),
# release build. Each round SIGKILLs an answer writer and an import, damages both stores'
# sled files and opens them again; the end checks every acknowledged answer in the op log
# and in a fresh export. Prints the seed (TILIK_CRASH_SEED repeats it) and the counts.
# Usage: scripts/crash_damage_soak.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}
start=$(date +%s)
TILIK_SOAK_ROUNDS="$N" cargo test --release --test crash_damage -- --nocapture 2>&1 |
  grep -v '^round [0-9]*: '
echo "took $(( $(date +%s) - start )) s"
