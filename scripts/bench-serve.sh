#!/usr/bin/env bash
# Benchmark of `zonescope serve` against pygeoapi on the same province-scale GeoPackage
# (a benchmark, not a test). Prints a Markdown table for docs/performance.md.
#
#   scripts/bench-serve.sh                 # defaults below
#   DATA=/work/bench-data/province.gpkg DURATION=20 CONNECTIONS=64 scripts/bench-serve.sh
#
# What it does, in one run:
#  1. builds the release binary; writes the province-scale set with `zonescope sample
#     --scale province` unless $DATA exists;
#  2. exports `parcel-intensity` (when the analysis exists) and copies it with `parcels` into a
#     GeoPackage with R-tree spatial indexes for pygeoapi ($WORK/pygeoapi.gpkg);
#  3. starts zonescope (release) and pygeoapi (OGR provider, under gunicorn with one worker per
#     core: a production set-up, not its debug server) on loopback;
#  4. wrk, $CONNECTIONS connections, $DURATION s per run: `items?bbox=…` with random small boxes
#     (1 000 boxes of ±$HALF_DEG° around random features, the same list for both servers) on
#     `parcels` and `parcel-intensity`; requests/s and p99 latency;
#  5. time to stream each whole layer from zonescope by following `next` links with limit=10000.
# Needs: wrk, ogr2ogr, curl, /usr/bin/python3 with GDAL bindings (Debian python3-gdal), the
# project venv (.venv or /work/main/.venv); pygeoapi and gunicorn are installed into a separate
# venv under $WORK (not a project requirement).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${WORK:-/work/bench-data/serve-bench}
DATA=${DATA:-/work/bench-data/province.gpkg}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
HALF_DEG=${HALF_DEG:-0.002}
ZS_PORT=${ZS_PORT:-18080}
PG_PORT=${PG_PORT:-18081}
PY=${PY:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo /work/main/.venv/bin/python )}
mkdir -p "$WORK"

cargo build --release --bin zonescope --bin zonescope-sample >&2
ZS=$ROOT/target/release/zonescope
if [ ! -f "$DATA" ]; then
  echo "writing the province-scale set to $DATA" >&2
  "$ZS" sample --scale province --out "$DATA" >&2
fi

# --- pygeoapi's GeoPackage: parcels (+ parcel-intensity when the analysis exists) ---
LAYERS_DIR=$WORK/layers
if [ ! -f "$WORK/pygeoapi.gpkg" ]; then
  rm -rf "$LAYERS_DIR"
  "$ZS" export --data "$DATA" --out "$LAYERS_DIR" >&2 2>"$WORK/export.log" || { cat "$WORK/export.log" >&2; exit 1; }
  ogr2ogr -f GPKG "$WORK/pygeoapi.gpkg" "$DATA" parcels -nln parcels >&2
  if [ -f "$LAYERS_DIR/parcel-intensity.geojson" ]; then
    ogr2ogr -f GPKG -update "$WORK/pygeoapi.gpkg" "$LAYERS_DIR/parcel-intensity.geojson" \
      -nln parcel_intensity -lco FID=fid >&2
  fi
fi
BENCH_LAYERS=(parcels)
ogrinfo -ro -so "$WORK/pygeoapi.gpkg" parcel_intensity >/dev/null 2>&1 && BENCH_LAYERS+=(parcel-intensity)

# --- pygeoapi in its own venv (Debian python for the GDAL bindings) ---
PGV=${PGV:-$WORK/pygeoapi-venv}
if [ ! -x "$PGV/bin/gunicorn" ]; then
  /usr/bin/python3 -m venv --system-site-packages "$PGV" >&2
  "$PGV/bin/pip" install -q pygeoapi gunicorn >&2
fi
"$PY" - "$DATA" "$WORK" "$PG_PORT" <<'PYEOF'
import sys, pyogrio
data, work, port = sys.argv[1], sys.argv[2], sys.argv[3]
info = pyogrio.read_info(f"{work}/pygeoapi.gpkg", layer="parcels")
b = info["total_bounds"]
layers = {"parcels": ("parcels", "parcel_id")}
if "parcel_intensity" in [l[0] for l in pyogrio.list_layers(f"{work}/pygeoapi.gpkg")]:
    layers["parcel-intensity"] = ("parcel_intensity", "parcel_id")
res = ""
for cid, (layer, key) in layers.items():
    res += f"""
  {cid}:
    type: collection
    title: {cid}
    description: {cid}
    keywords: [{cid}]
    extents:
      spatial:
        bbox: [{b[0]}, {b[1]}, {b[2]}, {b[3]}]
        crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84
    providers:
      - type: feature
        name: OGR
        data:
          source_type: GPKG
          source: {work}/pygeoapi.gpkg
          source_capabilities:
            paging: True
        id_field: {key}
        layer: {layer}
"""
open(f"{work}/pygeoapi.yml", "w").write(f"""server:
  bind: {{host: 127.0.0.1, port: {port}}}
  url: http://127.0.0.1:{port}
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  languages: [en-US]
  limits: {{default_items: 100, max_items: 10000}}
  map:
    url: "https://tile.openstreetmap.org/{{z}}/{{x}}/{{y}}.png"
    attribution: OSM
logging:
  level: ERROR
metadata:
  identification:
    title: bench
    description: bench
    keywords: [bench]
    keywords_type: theme
    terms_of_service: none
    url: http://localhost
  license: {{name: CC-BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}}
  provider: {{name: bench, url: http://localhost}}
  contact: {{name: bench, position: bench, address: x, city: x, stateorprovince: x, postalcode: x, country: x, phone: x, fax: x, email: x@example.org, url: http://localhost, hours: x, instructions: x, role: pointOfContact}}
resources:{res}""")
PYEOF
export PYGEOAPI_CONFIG=$WORK/pygeoapi.yml PYGEOAPI_OPENAPI=$WORK/pygeoapi-openapi.yml
"$PGV/bin/pygeoapi" openapi generate "$PYGEOAPI_CONFIG" --output-file "$PYGEOAPI_OPENAPI" >&2

# --- the random boxes (same for both), as a wrk Lua script per layer ---
"$PY" - "$WORK" "$HALF_DEG" "${BENCH_LAYERS[@]}" <<'PYEOF'
import random, sys, pyogrio
work, half = sys.argv[1], float(sys.argv[2])
for cid in sys.argv[3:]:
    layer = cid.replace("-", "_")
    df = pyogrio.read_dataframe(f"{work}/pygeoapi.gpkg", layer=layer, columns=[])
    rng = random.Random(2014)
    pts = [df.geometry.iloc[rng.randrange(len(df))].representative_point() for _ in range(1000)]
    boxes = ",".join(f'"{p.x-half:.6f},{p.y-half:.6f},{p.x+half:.6f},{p.y+half:.6f}"' for p in pts)
    open(f"{work}/bbox-{cid}.lua", "w").write(f"""
local boxes = {{{boxes}}}
local path = os.getenv("ITEMS_PATH")
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", path .. "?limit=100&bbox=" .. boxes[(i * 7919) % #boxes + 1])
end
""")
PYEOF

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
wait_ready() { for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done; echo "not ready: $1" >&2; exit 1; }

T0=$(date +%s.%N)
"$ZS" serve --data "$DATA" --addr "127.0.0.1:$ZS_PORT" >"$WORK/zonescope.log" 2>&1 &
ZS_PID=$!
PIDS+=($!)
wait_ready "http://127.0.0.1:$ZS_PORT/health"
STARTUP=$(echo "$(date +%s.%N) - $T0" | bc)
# The gunicorn master; stopping it stops its workers.
"$PGV/bin/gunicorn" --chdir "$WORK" -w "$(nproc)" -b "127.0.0.1:$PG_PORT" --timeout 120 \
  pygeoapi.flask_app:APP >"$WORK/pygeoapi.log" 2>&1 &
PG_PID=$!
PIDS+=($!)
wait_ready "http://127.0.0.1:$PG_PORT/collections"

# CPU seconds (user + system) used so far by a process and its children.
group_cpu_s() {
  local t=0 pid f
  for pid in "$1" $(pgrep -P "$1"); do
    f=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
    f=${f##*) }   # fields after the command name; utime and stime are fields 14 and 15
    t=$(echo "$t + $(echo "$f" | awk '{print $12 + $13}')" | bc)
  done
  echo "scale=3; $t / $(getconf CLK_TCK)" | bc
}

run_wrk() { # name url layer port pgid -> "rps|p99|errors|cpu µs per request"
  local out c0 c1
  c0=$(group_cpu_s "$5")
  out=$(ITEMS_PATH="$2" wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency --timeout 30s \
        -s "$WORK/bbox-$3.lua" "http://127.0.0.1:${4}" 2>&1)
  c1=$(group_cpu_s "$5")
  echo "$out" >"$WORK/wrk-$1-$3.txt"
  local rps p99 errs n cpu
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  errs=$(echo "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  cpu=$(echo "scale=0; ($c1 - $c0) * 1000000 / $n" | bc)
  echo "$rps|$p99|${errs:-none}|$cpu"
}

echo
echo "| layer | server | requests/s | p99 latency | errors | server CPU per request |"
echo "|---|---|---|---|---|---|"
for cid in "${BENCH_LAYERS[@]}"; do
  # Sanity: both answer the same box with the same count.
  box=$(awk -F'"' '/boxes/ {print $2; exit}' "$WORK/bbox-$cid.lua")
  n_zs=$(curl -s "http://127.0.0.1:$ZS_PORT/collections/$cid/items?limit=10000&bbox=$box" | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["features"]))')
  n_pg=$(curl -s "http://127.0.0.1:$PG_PORT/collections/$cid/items?f=json&limit=10000&bbox=$box" | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["features"]))')
  echo "sanity $cid box $box: zonescope $n_zs features, pygeoapi $n_pg" >&2
  IFS='|' read -r zr zp ze zc <<<"$(run_wrk zonescope "/collections/$cid/items" "$cid" "$ZS_PORT" "$ZS_PID")"
  IFS='|' read -r pr pp pe pc <<<"$(run_wrk pygeoapi "/collections/$cid/items" "$cid" "$PG_PORT" "$PG_PID")"
  echo "| $cid | zonescope | $zr | $zp | $ze | ${zc} µs |"
  echo "| $cid | pygeoapi (OGR, gunicorn -w $(nproc)) | $pr | $pp | $pe | ${pc} µs |"
  echo "| $cid | ratio | $(echo "scale=1; $zr / $pr" | bc)× | | | $(echo "scale=0; $pc / $zc" | bc)× less CPU |"
done

echo
echo "zonescope start-up (load, analyse, encode, bind): ${STARTUP}s"
echo
echo "| layer | features | pages (limit=10000) | MB | seconds (zonescope, follow next) |"
echo "|---|---|---|---|---|"
for cid in "${BENCH_LAYERS[@]}"; do
  "$PY" - "http://127.0.0.1:$ZS_PORT/collections/$cid/items?limit=10000" "$cid" <<'PYEOF'
import json, sys, time, urllib.request
url, cid = sys.argv[1], sys.argv[2]
t0 = time.perf_counter(); n = pages = size = 0
while url:
    with urllib.request.urlopen(url) as r:
        body = r.read()
    doc = json.loads(body)
    n += len(doc["features"]); pages += 1; size += len(body)
    url = next((l["href"] for l in doc["links"] if l["rel"] == "next"), None)
print(f"| {cid} | {n} | {pages} | {size/1e6:.0f} | {time.perf_counter()-t0:.2f} (incl. JSON parsing in Python) |")
PYEOF
  n=$(curl -s "http://127.0.0.1:$ZS_PORT/collections/$cid" | "$PY" -c 'import json,sys; print(json.load(sys.stdin)["itemCount"])')
  t0=$(date +%s.%N); off=0; total=0
  while [ "$off" -lt "$n" ]; do
    got=$(curl -s -o /dev/null -w '%{size_download}' "http://127.0.0.1:$ZS_PORT/collections/$cid/items?limit=10000&offset=$off")
    total=$((total + got)); off=$((off + 10000))
  done
  echo "| $cid | $n | $((off / 10000)) | $((total / 1000000)) | $(echo "$(date +%s.%N) - $t0" | bc) (curl, bytes only) |"
done
