#!/usr/bin/env bash
# Load benchmark: reads the province-scale GeoPackage (zones, parcels, roads, villages),
# reprojects, validates, measures areas and builds the R-trees and zone membership — i.e.
# `zonescope check` — and reports wall time, CPU time and peak memory (/usr/bin/time -v).
# Usage: scripts/bench-load.sh [DATA.gpkg] [RUNS]
# DATA defaults to /work/bench-data/province.gpkg, written by `zonescope sample --scale
# province` when missing. Set ZONESCOPE_TIMING=1 to see per-phase times as well.
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-/work/bench-data/province.gpkg}
runs=${2:-3}
cargo build --release --locked --bin zonescope --bin zonescope-sample >&2
bin=./target/release/zonescope
if [ ! -f "$data" ]; then
  mkdir -p "$(dirname "$data")"
  "$bin" sample --scale province --out "$data" >&2
fi
echo "data: $data ($(du -h "$data" | cut -f1)); $(nproc) cores; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
empty_cfg=$(mktemp --suffix=.toml)
trap 'rm -f "$empty_cfg"' EXIT
for i in $(seq 1 "$runs"); do
  err=$(mktemp)
  code=0
  /usr/bin/time -v "$bin" check --data "$data" --config "$empty_cfg" >/dev/null 2>"$err" || code=$?
  wall=$(grep "Elapsed (wall clock)" "$err" | awk '{print $NF}')
  user=$(grep "User time" "$err" | awk '{print $NF}')
  sys=$(grep "System time" "$err" | awk '{print $NF}')
  rss=$(grep "Maximum resident" "$err" | awk '{print $NF}')
  summary=$(grep -E " zones, .* parcels" "$err" || true)
  echo "run $i: wall ${wall}, CPU ${user} s user + ${sys} s system, peak RSS $((rss / 1024)) MB, exit $code"
  [ "$i" = 1 ] && echo "  $summary"
  grep "^timing:" "$err" | sed 's/^/  /' || true
  rm -f "$err"
done
