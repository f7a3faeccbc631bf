#!/usr/bin/env bash
# Both soaks of issue 13 ("Done when"), one after the other, each with its own log:
# scripts/recovery_soak.sh (debug, default 50 rounds) and scripts/crash_damage_soak.sh
# (release, default 500 rounds). Run under `nice` on a shared machine.
# Usage: scripts/issue13_soaks.sh [RECOVERY_ROUNDS] [CRASH_DAMAGE_ROUNDS]
set -uo pipefail
cd "$(dirname "$0")/.."
R=${1:-50}
C=${2:-500}
scripts/recovery_soak.sh "$R"
r1=$?
scripts/crash_damage_soak.sh "$C"
r2=$?
echo "recovery soak exit $r1, crash+damage soak exit $r2"
[ "$r1" -eq 0 ] && [ "$r2" -eq 0 ]
