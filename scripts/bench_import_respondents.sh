#!/usr/bin/env bash
# Issue 15 figures for BENCHMARKS.md: the import of a generated national year with
# respondents (`tilik demo generate`, default 30 service users + one official per role per
# lokus) against the same year without them (`--respondents 0`), in the same run: time per
# op, the ratio, peak RSS (GNU time). Both years from the same seed and options.
#
#   scripts/bench_import_respondents.sh [WORKDIR] [GENERATE OPTIONS…]
#       (default WORKDIR: a new temp dir; e.g. `--pemda 200` for a smaller year)
#   ROUNDS=N  imports of each year, alternating (default 1)
# Prints a Markdown table to stdout; logs go to WORKDIR/*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
B="$PWD/target/release/tilik"
W="${1:-$(mktemp -d)}"; shift || true
mkdir -p "$W"
echo "workdir: $W" >&2

# run LABEL CMD...: /usr/bin/time -v; sets WALL (s) and RSS (KiB)
run() {
  local label=$1; shift
  /usr/bin/time -v "$@" >"$W/$label.out" 2>"$W/$label.log" || echo "$label: exit $?" >&2
  WALL=$(python3 - "$W/$label.log" <<'PY'
import sys
for l in open(sys.argv[1]):
    if 'Elapsed (wall clock)' in l:
        t = l.rsplit(' ', 1)[1].strip().split(':')
        print(float(t[-1]) + 60 * float(t[-2]) + (3600 * float(t[-3]) if len(t) > 2 else 0))
PY
)
  RSS=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$W/$label.log")
}
ops_of() { python3 -c 'import json,sys; print(sum(o.get("new_ops",0) for o in json.load(open(sys.argv[1]))))' "$1"; }

for y in with without; do
  if [ ! -f "$W/$y/roster.toml" ]; then
    extra=(); [ "$y" = without ] && extra=(--respondents 0)
    run "generate_$y" "$B" demo generate --out "$W/$y" --json "$@" "${extra[@]}"
    echo "generate $y: ${WALL}s, rss ${RSS} KiB" >&2
  fi
done

declare -A T R O
for round in $(seq 1 "${ROUNDS:-1}"); do
  for y in with without; do
    S="$W/s_$y"; rm -rf "$S"; mkdir -p "$S"
    export TILIK_DATA_DIR="$S/data" TILIK_CONFIG_DIR="$S/config"
    "$B" init --name "Supervisor Bench" --role supervisor >/dev/null
    "$B" trust import "$W/$y/roster.toml" >/dev/null
    mapfile -t ALL < <(ls "$W/$y"/*.tilik | sort)
    run "import_${y}_$round" "$B" import --json "${ALL[@]}"
    o=$(ops_of "$W/import_${y}_$round.out")
    echo "round $round, $y respondents: ${#ALL[@]} bundles, $o ops, ${WALL}s, rss ${RSS} KiB" >&2
    # The best (lowest) time of the rounds, the highest RSS.
    if [ -z "${T[$y]:-}" ] || python3 -c "import sys; sys.exit(0 if $WALL < ${T[$y]} else 1)"; then T[$y]=$WALL; fi
    if [ -z "${R[$y]:-}" ] || [ "$RSS" -gt "${R[$y]}" ]; then R[$y]=$RSS; fi
    O[$y]=$o
  done
done
# Respondent rows in the merged store, from the generator's summary.
python3 - "$W/generate_with.out" "$W/generate_without.out" >&2 <<'PY' || true
import json, sys
for f in sys.argv[1:]:
    try: print(f, json.dumps(json.load(open(f)))[:600])
    except Exception as e: print(f, e)
PY

python3 - "${T[with]}" "${T[without]}" "${O[with]}" "${O[without]}" "${R[with]}" "${R[without]}" <<'PY'
import sys
tw, to = map(float, sys.argv[1:3]); ow, oo, rw, ro = map(int, sys.argv[3:7])
us = lambda t, o: t * 1e6 / max(o, 1)
print("| measure | with respondents | without (`--respondents 0`) | ratio | goal |")
print("|---|---:|---:|---:|---|")
print(f"| ops imported | {ow:,} | {oo:,} | {ow/oo:.2f}x | |")
print(f"| import wall time | {tw:.2f} s | {to:.2f} s | {tw/to:.2f}x | |")
print(f"| time per op | {us(tw,ow):.1f} us | {us(to,oo):.1f} us | {us(tw,ow)/us(to,oo):.2f}x | <= 1.2x |")
print(f"| peak RSS | {rw/1024:.0f} MiB | {ro/1024:.0f} MiB | {rw/ro:.2f}x | <= 256 MiB |")
PY
