#!/usr/bin/env bash
# The crash+damage soak of issue 13: tests/crash_damage.rs with N rounds (default 500),
# release build. Each round SIGKILLs an answer writer and an import (bundles big enough
# to commit in several staged chunks), damages both stores' sled files and opens them
# again; the end checks every acknowledged answer in the op log and in a fresh export.
# Prints the commit, UTC start/end, `uptime` before and after, the seed (TILIK_CRASH_SEED
# repeats it) and the counts; the full log stays in $TMPDIR/tilik-crash-damage-soak.
# Usage: scripts/crash_damage_soak.sh [N]
set -uo pipefail
cd "$(dirname "$0")/.."
N=${1:-500}
LOG=${TMPDIR:-/tmp}/tilik-crash-damage-soak
mkdir -p "$LOG"
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (+ uncommitted changes)'), release build, $(nproc) cores"
BIN=$(cargo test --release --test crash_damage --no-run --message-format=json 2>"$LOG/build.log" |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | grep "/deps/crash_damage-" | tail -1)
[ -x "$BIN" ] || { tail -20 "$LOG/build.log"; echo "no test binary"; exit 1; }
echo "start $(date -u '+%Y-%m-%d %H:%M:%S UTC'); load:$(uptime | sed 's/.*load average//')"
start=$(date +%s)
TILIK_SOAK_ROUNDS="$N" "$BIN" --nocapture >"$LOG/run.log" 2>&1
rc=$?
grep -v '^round [0-9]*: ' "$LOG/run.log" | grep -v '^$'
echo "end $(date -u '+%Y-%m-%d %H:%M:%S UTC'); load:$(uptime | sed 's/.*load average//')"
echo "took $(( $(date +%s) - start )) s; exit $rc (full log: $LOG/run.log)"
exit $rc
