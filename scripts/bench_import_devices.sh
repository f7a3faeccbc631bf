#!/usr/bin/env bash
# Import throughput benchmark (issue 4): a national-scale set of signed assessor bundles
# (default 100 devices x 20 assessments x 150 ops = 300,000 ops) imported into one
# supervisor store, verification included, against sqlite3 `.import` of the same answers
# as CSV into a table with a primary key, measured in the same run.
#
#   scripts/bench_import_devices.sh         # defaults
#   DEVICES=34 PER=20 OPS=150 scripts/bench_import_devices.sh
#
# Needs a release build (done here) and /usr/bin/sqlite3. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICES=${DEVICES:-100}
PER=${PER:-20}
OPS=${OPS:-150}
WORK=${WORK:-$(mktemp -d -t tilik-bench-XXXXXX)}
SQLITE=${SQLITE:-/usr/bin/sqlite3}

cargo build --release --quiet --bin tilik --example bundle_bench_gen
BIN=target/release/tilik
target/release/examples/bundle_bench_gen "$WORK/gen" "$DEVICES" "$PER" "$OPS"
bytes=$(du -sb "$WORK/gen/bundles" | cut -f1)
rows=$(wc -l < "$WORK/gen/answers.csv")

export TILIK_DATA_DIR="$WORK/store/data" TILIK_CONFIG_DIR="$WORK/store/config"
$BIN init --name "Supervisor Bench" --role supervisor >/dev/null
while read -r k; do
  $BIN trust add --key "$k" --name "Penilai ${k:0:8}" --role assessor >/dev/null
done < "$WORK/gen/keys.txt"
sync

now() { date +%s.%N; }
t0=$(now)
/usr/bin/time -f "%M" -o "$WORK/tilik.rss" "$BIN" import --json "$WORK"/gen/bundles/*.tilik > "$WORK/import.json"
t1=$(now)
t2=$(now)
/usr/bin/time -f "%M" -o "$WORK/sqlite.rss" "$SQLITE" "$WORK/baseline.db" <<SQL
CREATE TABLE answers(device TEXT NOT NULL, seq INTEGER NOT NULL, assessment TEXT NOT NULL,
  indicator TEXT NOT NULL, value INTEGER NOT NULL, wall_ms INTEGER NOT NULL,
  PRIMARY KEY (device, seq));
.mode csv
.import $WORK/gen/answers.csv answers
SQL
t3=$(now)

accepted=$(grep -c '"verdict": "accepted"' "$WORK/import.json" || true)
ops=$(python3 -c "import json,sys; print(sum(o['new_ops'] for o in json.load(open('$WORK/import.json'))))")
count=$("$SQLITE" "$WORK/baseline.db" "select count(*) from answers;")
$BIN store rebuild --check >/dev/null

python3 - "$t0" "$t1" "$t2" "$t3" <<PY
import sys
t0, t1, t2, t3 = map(float, sys.argv[1:])
ti, ts = t1 - t0, t3 - t2
print(f"machine:        $(nproc) cores, $(uname -sr)")
print(f"bundles:        $DEVICES files, {int($bytes)/1e6:.1f} MB, $accepted accepted")
print(f"tilik import:   {ti:.2f} s for $ops ops ({$ops/ti:,.0f} ops/s), peak RSS $(cat $WORK/tilik.rss) KB")
print(f"sqlite3 .import:{ts:.2f} s for $count rows ({$count/ts:,.0f} rows/s), peak RSS $(cat $WORK/sqlite.rss) KB")
print(f"ratio:          tilik / sqlite3 = {ti/ts:.2f}")
PY
echo "work dir: $WORK"
