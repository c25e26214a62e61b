#!/usr/bin/env bash
# Benchmark (not a test): resident memory of `zonescope serve` on a data set against the peak RSS
# of `zonescope check` on the same set (goal of issue 9: serve ≤ 1.5× check).
#
#   scripts/bench-memory.sh [DATA.gpkg]      # default: $BENCH_DIR/audit-province.gpkg
#
# Starts the release server on 127.0.0.1:$PORT, waits for /health (up to $WAIT s), reads VmRSS
# (resident now) and VmHWM (peak resident) from /proc/PID/status, stops it (SIGTERM, by PID), then
# runs `zonescope check` under /usr/bin/time -v. The data set is written with
# `zonescope sample --scale province` when the default path is missing (see bench-audit.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=${BENCH_DIR:-/work/bench-data}
DATA=${1:-$BENCH/audit-province.gpkg}
PORT=${PORT:-18093}
WAIT=${WAIT:-300}
ZS=$ROOT/target/release/zonescope
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-memory.XXXXXX")
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill "$pid"; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

cargo build --release --bin zonescope --bin zonescope-sample >&2
if [ ! -s "$DATA" ]; then
  [ "$DATA" = "$BENCH/audit-province.gpkg" ] || { echo "$DATA not found" >&2; exit 2; }
  mkdir -p "$BENCH"
  "$ZS" sample --scale province --out "$BENCH/.audit-province.part.gpkg" >&2
  mv "$BENCH/.audit-province.part.gpkg" "$DATA"
fi
echo "zonescope $(git rev-parse --short HEAD), data $DATA, load: $(uptime | sed 's/.*load average/load average/')"

start=$(date +%s%N)
"$ZS" serve --data "$DATA" --addr "127.0.0.1:$PORT" >"$tmp/serve.log" 2>&1 &
pid=$!
ready=
for _ in $(seq 1 $((WAIT * 5))); do
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health" 2>/dev/null; then ready=1; break; fi
  kill -0 "$pid" 2>/dev/null || { echo "serve exited:" >&2; tail -20 "$tmp/serve.log" >&2; exit 1; }
  sleep 0.2
done
[ -n "$ready" ] || { echo "serve did not answer /health within $WAIT s" >&2; exit 1; }
up=$(( ($(date +%s%N) - start) / 1000000 ))
sleep 1
rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
hwm=$(awk '/^VmHWM:/ { print $2 }' "/proc/$pid/status")
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=

rc=0
/usr/bin/time -v -o "$tmp/check.time" "$ZS" check --data "$DATA" >"$tmp/check.log" 2>&1 || rc=$?
[ "$rc" -le 1 ] || { echo "check failed (exit $rc):" >&2; tail -5 "$tmp/check.log" >&2; exit 1; }
chk=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/check.time")
cw=$(awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$tmp/check.time")
awk -v rss="$rss" -v hwm="$hwm" -v chk="$chk" -v up="$((up))" -v cw="$cw" 'BEGIN {
  printf "serve: ready after %.1f s, VmRSS %.0f MB, VmHWM %.0f MB\n", up / 1000, rss / 1024, hwm / 1024
  printf "check: %s wall, peak RSS %.0f MB\n", cw, chk / 1024
  printf "ratio serve / check: resident %.2fx, peak %.2fx (goal: <= 1.5x)\n", rss / chk, hwm / chk }'
