#!/usr/bin/env bash
# The damage tests of tests/recovery.rs (sled files damaged, journal tails torn, sled
# behind the journal, kills around the journal fsync) run N times in a row (default 50).
# Builds the test binary once and runs a copy of it, so cargo is free meanwhile; stops at
# the first failure and keeps its log. Usage: scripts/recovery_soak.sh [N]
# Prints the commit, UTC start/end and `uptime` before and after; ends with a line
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
N=${1:-50}
LOG=${TMPDIR:-/tmp}/tilik-recovery-soak
mkdir -p "$LOG"
echo "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (+ uncommitted changes)'), debug build, $(nproc) cores"
BIN=$(cargo test --test recovery --no-run --message-format=json 2>"$LOG/build.log" |
  sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | grep "/deps/recovery-" | tail -1)
[ -x "$BIN" ] || { cat "$LOG/build.log"; echo "no test binary"; exit 1; }
cp "$BIN" "$LOG/recovery-test"
# The tests find the tilik binary through CARGO_BIN_EXE_tilik, fixed at build time.
pass=0 fail=0
echo "start $(date -u '+%Y-%m-%d %H:%M:%S UTC'); load:$(uptime | sed 's/.*load average//')"
start=$(date +%s)
for i in $(seq 1 "$N"); do
  if "$LOG/recovery-test" -q >"$LOG/round-$i.log" 2>&1; then
    pass=$((pass + 1))
    echo "round $i: ok"
    rm -f "$LOG/round-$i.log"
  else
    fail=$((fail + 1))
    echo "round $i: FAILED (log: $LOG/round-$i.log)"
    break
  fi
done
echo "end $(date -u '+%Y-%m-%d %H:%M:%S UTC'); load:$(uptime | sed 's/.*load average//')"
echo "took $(( $(date +%s) - start )) s"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
