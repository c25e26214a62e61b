#!/usr/bin/env bash
# What `audit --previous` adds to an audit (§8): the province benchmark set audited as of
# 2014-12-31, alone and against an earlier audit of the same set as of 2014-09-30.
# Goal: the comparison adds < 20 % to the audit's time. Figures go to docs/performance.md.
#
#   cargo build --release
#   scripts/bench-previous.sh [DATA] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${ZONESCOPE_BIN:-target/release/zonescope}
DATA=${1:-/tmp/province.gpkg}
RUNS=${2:-2}
OUT=${OUT:-/tmp/bench-previous}
if [ ! -f "$DATA" ]; then
    "$BIN" sample --scale province --out "$DATA"
fi
rm -rf "$OUT"
mkdir -p "$OUT"
echo "earlier audit (as of 2014-09-30):"
"$BIN" audit --data "$DATA" --as-of 2014-09-30 --out "$OUT/q1" 2>&1 | tail -1
for run in $(seq "$RUNS"); do
    for mode in plain previous; do
        extra=()
        [ "$mode" = previous ] && extra=(--previous "$OUT/q1")
        /usr/bin/time -f "$mode run $run: %e s wall, %U s user + %S s sys, %M KB peak" \
            "$BIN" audit --data "$DATA" --as-of 2014-12-31 --out "$OUT/$mode" "${extra[@]}" 2>&1 \
            | grep -E "audit written|wall" || true
    done
done
ls -la "$OUT/plain" "$OUT/previous"
