#!/usr/bin/env bash
# Whole-process figures for BENCHMARKS.md (issue 7): import of the national year and of
# 1/10 and 1/3 of its files and of its teams, re-import, the sqlite3 .import baseline,
# `tilik report` and the TUI's first frame against `tilik --version`.
#
#   [GEN_ARGS="--respondents 0"] scripts/bench_import.sh [WORKDIR]
#                                            (default: a new temp dir; needs sqlite3, tmux,
#                                              GNU time at /usr/bin/time, python3)
# Prints a Markdown table to stdout; logs go to WORKDIR/*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
B="$PWD/target/release/tilik"
W="${1:-$(mktemp -d)}"
mkdir -p "$W"
echo "workdir: $W" >&2

ms() { python3 -c 'import sys; print(round(float(sys.argv[1])*1000))' "$1"; }
# run LABEL CMD...: /usr/bin/time -v; sets WALL (s) and RSS (KiB)
run() {
  local label=$1; shift
  /usr/bin/time -v "$@" >"$W/$label.out" 2>"$W/$label.log" || echo "$label: exit $?" >&2
  WALL=$(python3 - "$W/$label.log" <<'PY'
import sys
for l in open(sys.argv[1]):
    if 'Elapsed (wall clock)' in l:
        t = l.rsplit(' ', 1)[1].strip().split(':')
        s = float(t[-1]) + 60 * float(t[-2]) + (3600 * float(t[-3]) if len(t) > 2 else 0)
        print(s)
PY
)
  RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/$label.log")
}

# 1. The national year (default options), once, with the answers as CSV for sqlite3.
if [ ! -f "$W/year/roster.toml" ]; then
  # GEN_ARGS: extra `demo generate` options, e.g. "--respondents 0" for the year without
  # respondents that issue 17's table was measured on (the default has 30 per lokus).
  # shellcheck disable=SC2086
  run generate "$B" demo generate --out "$W/year" --csv --json ${GEN_ARGS:-}
  echo "generate: ${WALL}s, rss ${RSS} KiB" >&2
fi
mapfile -t ALL < <(ls "$W"/year/*.tilik | sort)
N=${#ALL[@]}

supervisor() { # fresh store in $1
  rm -rf "$1"; mkdir -p "$1"
  TILIK_DATA_DIR="$1/data" TILIK_CONFIG_DIR="$1/config" "$B" init --name "Supervisor Bench" --role supervisor >/dev/null
  TILIK_DATA_DIR="$1/data" TILIK_CONFIG_DIR="$1/config" "$B" trust import "$W/year/roster.toml" >/dev/null
  # The previous store's removal and the previous import's writes reach the disk now, not
  # during the import timed next (a national store is ~1 GB).
  sync
}
ops_of() { python3 -c 'import json,sys; print(sum(o.get("new_ops",0) for o in json.load(open(sys.argv[1]))))' "$1"; }

# timed_import NAME FILES...: a fresh supervisor store in $W/NAME and the import of FILES
# into it; sets WALL, RSS and OPS. REUSE=1 keeps the figures of an earlier run in the same
# WORKDIR.
timed_import() {
  local name=$1; shift
  export TILIK_DATA_DIR="$W/$name/data" TILIK_CONFIG_DIR="$W/$name/config"
  if [ "${REUSE:-0}" = 1 ] && [ -f "$W/import_$name.fig" ]; then
    read -r WALL RSS < "$W/import_$name.fig"
  else
    supervisor "$W/$name"
    run "import_$name" "$B" import --json "$@"
    echo "$WALL $RSS" > "$W/import_$name.fig"
  fi
  OPS=$(ops_of "$W/import_$name.out")
}
declare -A T R O TT OT
for part in 10 3 1; do
  k=$(( N / part ))
  timed_import "s$part" "${ALL[@]:0:$k}"
  T[$part]=$WALL; R[$part]=$RSS; O[$part]=$OPS
  echo "import 1/$part: $k bundles, $OPS ops, ${WALL}s, rss ${RSS} KiB" >&2
done
# The same scaling by whole teams: `demo generate` gives each pemda a team of two
# assessors (devices 2k and 2k+1, bundle files `…_NNN.tilik` with NNN = device + 1), and in
# the whole year each assessment is brought by both. The first 1/10 of the files by name
# holds few pairs, so its merges never fold into a projection already stored; the first
# 1/10 of the teams does the same work per op as the year.
mapfile -t BYTEAM < <(printf '%s\n' "${ALL[@]}" | awk -F_ '{n=$NF; sub(/\.tilik$/,"",n); print n+0, $0}' | sort -n | cut -d' ' -f2-)
for part in 10 3; do
  k=$(( N / part / 2 * 2 ))
  timed_import "t$part" "${BYTEAM[@]:0:$k}"
  TT[$part]=$WALL; OT[$part]=$OPS
  echo "import 1/$part of the teams: $k bundles, $OPS ops, ${WALL}s" >&2
done
export TILIK_DATA_DIR="$W/s1/data" TILIK_CONFIG_DIR="$W/s1/config"
# Re-import of the already merged national year.
if [ "${REUSE:-0}" = 1 ] && [ -f "$W/reimport.fig" ]; then
  read -r TRE RRE < "$W/reimport.fig"
else
  run reimport "$B" import --json "${ALL[@]}"
  TRE=$WALL; RRE=$RSS; echo "$TRE $RRE" > "$W/reimport.fig"
fi
echo "re-import: ${TRE}s" >&2

# sqlite3 baseline: the same answers as CSV into a table with a primary key.
rm -f "$W/base.db"
cat >"$W/base.sql" <<SQL
CREATE TABLE answers(device TEXT, seq INTEGER, assessment TEXT, indicator TEXT, value TEXT, PRIMARY KEY(device, seq));
.mode csv
.import --skip 1 $W/year/answers.csv answers
SELECT count(*) FROM answers;
SQL
run sqlite sqlite3 "$W/base.db" ".read $W/base.sql"
TSQ=$WALL; RSQ=$RSS; NSQ=$(tail -1 "$W/sqlite.out")
echo "sqlite3: $NSQ rows, ${WALL}s" >&2

# Report over the national year vs process start (mean wall time of N runs).
pytime() { python3 - "$@" <<'PY'
import subprocess, sys, time
n = int(sys.argv[1]); t = 0.0
for _ in range(n):
    t0 = time.perf_counter()
    subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, check=True)
    t += time.perf_counter() - t0
print(t / n)
PY
}
TREP=$(pytime 3 "$B" report --format json)
# The report's baseline (issue 17): sqlite3 over the same answer rows, each slot's latest
# value and the per-assessment sum.
echo "select assessment, sum(value) from (select assessment, indicator, value, max(seq) from answers group by assessment, indicator) group by assessment;" > "$W/query.sql"
TSQQ=$(pytime 3 sqlite3 "$W/base.db" ".read $W/query.sql")
run report_rss "$B" report --format json
RREP=$RSS
TVER=$(pytime 20 "$B" --version)
echo "report: ${TREP}s, --version: ${TVER}s" >&2

# TUI: time until the first frame is on the screen (tmux, polled every 5 ms).
tui_first_frame() {
  tmux kill-session -t tilikbench 2>/dev/null || true
  local t0; t0=$(date +%s%N)
  tmux new-session -d -s tilikbench -x 120 -y 40 \
    "env TILIK_DATA_DIR=$TILIK_DATA_DIR TILIK_CONFIG_DIR=$TILIK_CONFIG_DIR $B"
  while [ "$(tmux capture-pane -p -t tilikbench 2>/dev/null | grep -c '[^[:space:]]')" -lt 5 ]; do sleep 0.005; done
  local t1; t1=$(date +%s%N)
  # Peak RSS of the TUI process (the pane runs `env`, which execs tilik) at its first frame.
  local pid; pid=$(tmux list-panes -t tilikbench -F '#{pane_pid}')
  awk '/VmHWM/ {print $2}' "/proc/$pid/status" >> "$W/tui_rss" 2>/dev/null || true
  tmux kill-session -t tilikbench
  python3 -c "print(($t1-$t0)/1e9)"
}
rm -f "$W/tui_rss"
tv=0; for i in 1 2 3 4 5; do tv=$(python3 -c "print($tv+$(tui_first_frame))"); done
TTUI=$(python3 -c "print($tv/5)")
RTUI=$(sort -n "$W/tui_rss" | tail -1)
# The same tmux method around `tilik --version` (what tmux itself adds).
tv=0; for i in 1 2 3 4 5; do
  tmux kill-session -t tilikbench 2>/dev/null || true
  t0=$(date +%s%N)
  tmux new-session -d -s tilikbench -x 120 -y 40 "$B --version; sleep 5"
  while [ "$(tmux capture-pane -p -t tilikbench 2>/dev/null | grep -c '[^[:space:]]')" -lt 1 ]; do sleep 0.005; done
  t1=$(date +%s%N); tmux kill-session -t tilikbench
  tv=$(python3 -c "print($tv+($t1-$t0)/1e9)")
done
TTVER=$(python3 -c "print($tv/5)")

python3 - "${T[10]}" "${T[3]}" "${T[1]}" "${O[10]}" "${O[3]}" "${O[1]}" "${R[1]}" "$TRE" "$TSQ" "$NSQ" "$TREP" "$TVER" "$TTUI" "$TTVER" "$N" "$TSQQ" "$RREP" "${RTUI:-0}" "${TT[10]}" "${TT[3]}" "${OT[10]}" "${OT[3]}" <<'PY'
import sys
t10,t3,t1,o10,o3,o1,rss,tre,tsq,nsq,trep,tver,ttui,ttver,n,tsqq,rrep,rtui,tt10,tt3,ot10,ot3 = sys.argv[1:]
t10,t3,t1,tre,tsq,trep,tver,ttui,ttver,tsqq,tt10,tt3 = map(float,(t10,t3,t1,tre,tsq,trep,tver,ttui,ttver,tsqq,tt10,tt3))
o10,o3,o1,rss,rrep,rtui,ot10,ot3 = int(o10),int(o3),int(o1),int(rss),int(rrep),int(rtui),int(ot10),int(ot3)
us = lambda t,o: t*1e6/max(o,1)
print(f"| measure | tilik | baseline | ratio | goal |")
print(f"|---|---|---|---|---|")
print(f"| import national year ({n} bundles, {o1} ops) vs sqlite3 .import of {nsq} answer rows with PK | {t1:.2f} s | {tsq:.2f} s | {t1/tsq:.2f}x | <= 1.0x |")
print(f"| peak RSS of that import | {rss/1024:.0f} MiB | | | <= 256 MiB |")
print(f"| time per op: 1/10 ({o10} ops) | {us(t10,o10):.1f} us | | 1.00x | |")
print(f"| time per op: 1/3 ({o3} ops) | {us(t3,o3):.1f} us | | {us(t3,o3)/us(t10,o10):.2f}x | |")
print(f"| time per op: 1x ({o1} ops) | {us(t1,o1):.1f} us | | {us(t1,o1)/us(t10,o10):.2f}x | <= 1.2x |")
print(f"| time per op: 1/10 of the teams ({ot10} ops) | {us(tt10,ot10):.1f} us | | 1.00x | |")
print(f"| time per op: 1/3 of the teams ({ot3} ops) | {us(tt3,ot3):.1f} us | | {us(tt3,ot3)/us(tt10,ot10):.2f}x | |")
print(f"| time per op: 1x, against 1/10 of the teams | {us(t1,o1):.1f} us | | {us(t1,o1)/us(tt10,ot10):.2f}x | <= 1.2x |")
print(f"| re-import of the merged year vs first import | {tre:.2f} s | {t1:.2f} s | {100*tre/t1:.1f} % | <= 5 % |")
print(f"| tilik report --format json (national year) vs tilik --version | {trep*1000:.0f} ms | {tver*1000:.1f} ms | {trep/tver:.1f}x | |")
print(f"| tilik report --format json vs the sqlite3 query (latest value per slot, sum per assessment) | {trep*1000:.0f} ms | {tsqq*1000:.0f} ms | {trep/tsqq:.2f}x | <= 1.0x |")
print(f"| peak RSS of that report | {rrep/1024:.0f} MiB | | | <= 256 MiB |")
print(f"| TUI first frame in tmux vs tilik --version in tmux | {ttui*1000:.0f} ms | {ttver*1000:.0f} ms | {ttui/ttver:.1f}x | <= 5x |")
print(f"| peak RSS of the TUI at its first frame (largest of 5) | {rtui/1024:.0f} MiB | | | <= 256 MiB |")
PY
