#!/usr/bin/env bash
# Benchmark (not a test): `zonescope audit` end to end against the vectorised GeoPandas peer
# tests/python/ref_audit.py (same four analyses, seven result layers in one GeoPackage + the two
# CSVs), alternately (zonescope, reference, zonescope, reference, ...) on the same file, each run
# under /usr/bin/time -v. Prints per side the median wall time and peak RSS, the ratios
# (reference / zonescope) and the load average before and after.
#
#   scripts/bench-audit.sh [province|national|both]      # default: province
#   PAIRS=5 scripts/bench-audit.sh province               # pairs per scale (default 3; national 1)
#
# Data: $BENCH_DIR/audit-<scale>.gpkg (default BENCH_DIR=/work/bench-data), written with
# `zonescope sample --scale <scale>` when missing (province ≈ 200 MB, ~1 min; national ≈ 2.8 GB,
# ~6 min and ~1 GB of memory to write). National runs need ≈ 7.5 GB (zonescope) and ≈ 14.5 GB
# (reference) of memory (docs/performance.md, round three).
# Env: AS_OF (2014-12-31), PYTHON (the test venv's python), SAMPLE_CMD (the generator command,
# default "target/release/zonescope sample"), KEEP=1 keeps the output directories.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BENCH=${BENCH_DIR:-/work/bench-data}
AS_OF=${AS_OF:-2014-12-31}
PY=${PYTHON:-$( [ -x .venv/bin/python ] && echo "$ROOT/.venv/bin/python" || echo /work/main/.venv/bin/python )}
ZS=$ROOT/target/release/zonescope
which=${1:-province}
case "$which" in
  province) scales=(province) ;;
  national) scales=(national) ;;
  both) scales=(province national) ;;
  *) echo "usage: $0 [province|national|both]" >&2; exit 2 ;;
esac
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 2; }
mkdir -p "$BENCH"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench-audit.XXXXXX")
cleanup() { [ "${KEEP:-0}" = 1 ] && echo "kept $tmp" >&2 || rm -rf "$tmp"; }
trap cleanup EXIT

echo "building zonescope (release)" >&2
cargo build --release --bin zonescope --bin zonescope-sample >&2
SAMPLE_CMD=${SAMPLE_CMD:-$ZS sample}

dataset() {  # scale -> path, generated when missing (written under a temporary name)
  local scale=$1 path=$BENCH/audit-$1.gpkg
  if [ ! -s "$path" ]; then
    echo "writing $path with: $SAMPLE_CMD --scale $scale" >&2
    rm -f "$BENCH/.audit-$scale.part.gpkg"
    $SAMPLE_CMD --scale "$scale" --out "$BENCH/.audit-$scale.part.gpkg" >&2
    mv "$BENCH/.audit-$scale.part.gpkg" "$path"
  fi
  echo "$path"
}

# run SIDE N DATA: one timed run; appends "wall_s rss_kb" to $tmp/SIDE.txt
run() {
  local side=$1 n=$2 data=$3 out=$tmp/$1-$2 rc=0
  rm -rf "$out"
  if [ "$side" = zonescope ]; then
    /usr/bin/time -v -o "$out.time" "$ZS" audit --data "$data" --out "$out" --as-of "$AS_OF" \
      >"$out.log" 2>&1 || rc=$?
  else
    /usr/bin/time -v -o "$out.time" "$PY" tests/python/ref_audit.py --data "$data" --out "$out" \
      --as-of "$AS_OF" >"$out.log" 2>&1 || rc=$?
  fi
  if [ "$rc" != 0 ]; then
    echo "$side run $n failed (exit $rc):" >&2; tail -20 "$out.log" >&2; exit 1
  fi
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0;
           for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$out.time")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$out.time")
  echo "$wall $rss" >>"$tmp/$side.txt"
  printf '  %-9s run %d: %7.2f s wall, %6.0f MB peak RSS   %s\n' "$side" "$n" "$wall" "$((rss / 1024))" \
    "$(grep -E "audit written|^ref_audit:" "$out.log" | tail -1 | cut -c1-220)"
  [ "${KEEP:-0}" = 1 ] || rm -rf "$out"
}

median() {  # column (1 wall, 2 rss) of FILE
  sort -g -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR % 2) print v[(NR + 1) / 2];
    else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

echo "zonescope $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src Cargo.toml Cargo.lock || echo '+dirty'), $("$PY" -c 'import geopandas, shapely, pyogrio, scipy; print(f"geopandas {geopandas.__version__}, shapely {shapely.__version__}, pyogrio {pyogrio.__version__} (GDAL {pyogrio.__gdal_version_string__}), scipy {scipy.__version__}")'), $(nproc) cores"
for scale in "${scales[@]}"; do
  data=$(dataset "$scale")
  pairs=${PAIRS:-$([ "$scale" = national ] && echo 1 || echo 3)}
  rm -f "$tmp/zonescope.txt" "$tmp/reference.txt"
  echo "== $scale: $data ($(du -h "$data" | cut -f1)), as of $AS_OF, $pairs pairs, alternating"
  echo "load before: $(uptime | sed 's/.*load average/load average/')"
  for i in $(seq 1 "$pairs"); do
    run zonescope "$i" "$data"
    run reference "$i" "$data"
  done
  echo "load after:  $(uptime | sed 's/.*load average/load average/')"
  zw=$(median "$tmp/zonescope.txt" 1); zr=$(median "$tmp/zonescope.txt" 2)
  rw=$(median "$tmp/reference.txt" 1); rr=$(median "$tmp/reference.txt" 2)
  awk -v zw="$zw" -v zr="$zr" -v rw="$rw" -v rr="$rr" -v s="$scale" 'BEGIN {
    printf "%s median: zonescope %.2f s, %.0f MB | reference %.2f s, %.0f MB | ratio (reference / zonescope): time %.2fx, peak RSS %.2fx\n",
      s, zw, zr / 1024, rw, rr / 1024, rw / zw, rr / zr }'
done
