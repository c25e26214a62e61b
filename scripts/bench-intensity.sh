#!/usr/bin/env bash
# Benchmark (not a test): the intensity + idle-land analyses in zonescope vs the independent
# GeoPandas reference (tests/python/ref_intensity.py), on the same GeoPackage in the same run.
#
#   scripts/bench-intensity.sh province|national|FILE.gpkg
#
# Data: /work/bench-data/intensity-<scale>.gpkg from `zonescope sample --scale <scale>`; when the
# generator is not available, scripts/bench_intensity_synth.py writes a synthetic set of the
# same size (200 k / 2 M parcels). Both sides read the same file holding only zones and
# parcels (roads and villages emptied), so load times compare like for like.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=${BENCH_DIR:-/work/bench-data}
PY=${PYTHON:-/work/main/.venv/bin/python}
mkdir -p "$BENCH"
arg=${1:-province}
case "$arg" in
  province) n=200000 ;;
  national) n=2000000 ;;
  *) n= ;;
esac
if [ -n "$n" ]; then
  src="$BENCH/intensity-$arg.gpkg"
  if [ ! -s "$src" ]; then
    cargo build --release --bin zonescope --bin zonescope-sample
    if ! target/release/zonescope sample --scale "$arg" --out "$src"; then
      rm -f "$src"
      src="$BENCH/intensity-synth-$arg.gpkg"
      [ -s "$src" ] || "$PY" scripts/bench_intensity_synth.py "$src" "$n"
    fi
  fi
else
  src="$arg"
fi
zp="$BENCH/$(basename "${src%.gpkg}")-zp.gpkg"
case "$zp" in "$BENCH"/intensity-*) ;; *) zp="$BENCH/intensity-$(basename "$zp")" ;; esac
case "$src" in *-zp.gpkg) zp="$src" ;; esac  # already zones + parcels only
if [ ! -s "$zp" ] || [ "$zp" -ot "$src" ]; then
  rm -f "$zp"
  ogr2ogr -f GPKG "$zp" "$src" zones parcels
  ogr2ogr -update "$zp" "$src" roads villages -where "1=0"
fi
cargo build --release --example bench_intensity 2>/dev/null
echo "data: $zp  cores: $(nproc)"
echo -n "zonescope: "
target/release/examples/bench_intensity "$zp" 2014-12-31 2>/dev/null
echo -n "reference: "
"$PY" tests/python/ref_intensity.py "$zp" --as-of 2014-12-31
