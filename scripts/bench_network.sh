#!/usr/bin/env bash
# Road connectivity + relocation benchmark: zonescope (release) and the Python reference on the
# same file, one after the other. Usage: scripts/bench_network.sh DATA.gpkg [runs] [engine]
# Make the data with: .venv/bin/python scripts/bench_network.py generate --scale province --out DATA.gpkg
set -euo pipefail
cd "$(dirname "$0")/.."
data=$1; runs=${2:-3}; engine=${3:-scipy}
py=${PYTHON:-/work/main/.venv/bin/python}
cargo build --release --example bench_network >/dev/null 2>&1
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
./target/release/examples/bench_network "$data" "$runs"
echo "== $(date -u +%FT%TZ) load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/time -f "python peak RSS %M kB" "$py" scripts/bench_network.py reference "$data" --engine "$engine"
