#!/usr/bin/env bash
# Peak memory (RSS) of tilik commands on a store holding 2 GiB of evidence, of importing a
# bundle with a 256 MiB evidence file, and of importing a 400k-op bundle (issue 13,
# BENCHMARKS.md "Memory with 2 GiB of evidence"). Each figure is "Maximum resident set
# size" of GNU `/usr/bin/time -v` (install with `apt-get install time`).
#
#   scripts/mem_evidence.sh [WORKDIR]      # default: a fresh temporary folder
#
# TILIK=path/to/tilik picks the binary (default: target/release/tilik, else target/debug).
# The evidence files are generated fast: 8 files of 256 MiB, each a 1 MiB random block
# repeated (blake3 and the copies still read and write every byte).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$(mktemp -d /tmp/tilik-mem.XXXXXX)}"
mkdir -p "$work"
TILIK="${TILIK:-}"
if [[ -z "$TILIK" ]]; then
  if [[ -x "$root/target/release/tilik" ]]; then TILIK="$root/target/release/tilik"; else TILIK="$root/target/debug/tilik"; fi
fi
TIME=/usr/bin/time
[[ -x "$TIME" ]] || { echo "GNU time missing: apt-get install time" >&2; exit 1; }

# peak LABEL -- COMMAND...: run under time -v, print "LABEL: N KiB (M MiB)".
peak() {
  local label="$1"; shift; shift
  local log="$work/time.$$.log"
  if ! "$TIME" -v "$@" >"$work/out.log" 2>"$log"; then
    # Exit 3 (a verdict other than accepted) still measures; anything else is shown.
    if ! grep -q "Exit status: 3" "$log"; then cat "$work/out.log" "$log" >&2; exit 1; fi
  fi
  local kib; kib=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  printf '%-48s %8d KiB  %6.1f MiB  (%s s)\n' "$label" "$kib" "$(echo "$kib / 1024" | bc -l)" \
    "$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log")"
}

t() { local d="$1"; shift; TILIK_DATA_DIR="$work/$d/data" TILIK_CONFIG_DIR="$work/$d/config" "$TILIK" "$@"; }

echo "binary: $TILIK"
# Exports need their folder to exist (a missing one is refused, as a missing USB stick is).
mkdir -p "$work/out-all" "$work/out-one" "$work/out-sari" "$work/out-relay"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workdir: $work"

# ---- a store with 2 GiB of evidence ---------------------------------------------------------
if [[ ! -e "$work/rina/data/store" ]]; then
  t rina init --name Rina >/dev/null
  id=$(t rina new --round 2024 --pemda 61.71 --lokus dpmptsp)
  head -c $((1 << 20)) /dev/urandom >"$work/block"
  for i in 1 2 3 4 5 6 7 8; do
    f="$work/foto$i.jpg"
    : >"$f"
    for _ in $(seq 256); do cat "$work/block" >>"$f"; done
    printf '%08d' "$i" | dd of="$f" conv=notrunc status=none
    t rina answer "$id" "I.$i" 3 --evidence "$f" >/dev/null
    rm -f "$f"
  done
  echo "$id" >"$work/id"
fi
id=$(cat "$work/id")
echo "evidence in the store: $(du -sh "$work/rina/data/store/evidence" | cut -f1), sled db: $(du -sh "$work/rina/data/store/db" | cut -f1)"
peak "whoami (2 GiB of evidence)" -- env TILIK_DATA_DIR="$work/rina/data" TILIK_CONFIG_DIR="$work/rina/config" "$TILIK" whoami
peak "list" -- env TILIK_DATA_DIR="$work/rina/data" TILIK_CONFIG_DIR="$work/rina/config" "$TILIK" list
peak "show" -- env TILIK_DATA_DIR="$work/rina/data" TILIK_CONFIG_DIR="$work/rina/config" "$TILIK" show "$id"
peak "report --format json" -- env TILIK_DATA_DIR="$work/rina/data" TILIK_CONFIG_DIR="$work/rina/config" "$TILIK" report --format json
peak "export (2 GiB of evidence, 8 files)" -- env TILIK_DATA_DIR="$work/rina/data" TILIK_CONFIG_DIR="$work/rina/config" "$TILIK" export --dir "$work/out-all"

# ---- import of a bundle with one 256 MiB evidence file --------------------------------------
rm -rf "$work/andi" "$work/sari" "$work/out-one"; mkdir -p "$work/out-one"
t andi init --name Andi >/dev/null
aid=$(t andi new --round 2024 --pemda 61.71 --lokus dpmptsp)
f="$work/besar.jpg"; : >"$f"
for _ in $(seq 256); do cat "$work/block" >>"$f"; done
t andi answer "$aid" P.1 3 --evidence "$f" >/dev/null
rm -f "$f"
t andi export --dir "$work/out-one" >/dev/null
t sari init --name Sari --role supervisor >/dev/null
t sari trust add --key "$(t andi whoami --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_key"])')" --name Andi --role assessor >/dev/null
peak "import: bundle with a 256 MiB evidence file" -- env TILIK_DATA_DIR="$work/sari/data" TILIK_CONFIG_DIR="$work/sari/config" "$TILIK" import "$work"/out-one/*.tilik
peak "export by the supervisor (relays it)" -- env TILIK_DATA_DIR="$work/sari/data" TILIK_CONFIG_DIR="$work/sari/config" "$TILIK" export --dir "$work/out-sari"

# ---- import of a 400k-op bundle ---------------------------------------------------------------
if [[ ! -e "$work/big/roster.toml" ]]; then
  # One team (two simulated assessors): 811 pemda × 9 lokus, ≈ 199k ops per bundle
  # (without respondents: the generator's default of 30 per lokus makes ~325k per bundle).
  "$TILIK" --data-dir "$work/gen" demo generate --out "$work/big" --pemda 811 --lokus 9 --assessors 1 --seed 13 --respondents 0 >/dev/null
fi
rm -rf "$work/sup" "$work/relay" "$work/out-relay"; mkdir -p "$work/out-relay"
t sup init --name Sup --role supervisor >/dev/null
t sup trust import "$work/big/roster.toml" >/dev/null
peak "import: the two ~199k-op bundles in one command" -- env TILIK_DATA_DIR="$work/sup/data" TILIK_CONFIG_DIR="$work/sup/config" "$TILIK" import "$work"/big/*.tilik
# The supervisor's export relays both chains: one bundle of ~398k ops.
t sup export --dir "$work/out-relay" >/dev/null
relay=$(ls "$work"/out-relay/*.tilik)
echo "one bundle: $(du -h "$relay" | cut -f1), $(t sup bundle inspect "$relay" | grep -c 'ops)') op segment line(s): $(t sup --lang en bundle inspect "$relay" | grep 'ops)' | tr '\n' ' ')"
t relay init --name Relay --role supervisor >/dev/null
t relay trust import "$work/big/roster.toml" >/dev/null
t relay trust add --key "$(t sup whoami --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["public_key"])')" --name Sup --role supervisor >/dev/null
peak "import: one ~398k-op bundle" -- env TILIK_DATA_DIR="$work/relay/data" TILIK_CONFIG_DIR="$work/relay/config" "$TILIK" import "$relay"
