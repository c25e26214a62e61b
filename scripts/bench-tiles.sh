#!/usr/bin/env bash
# Benchmark of vector-tile serving: zonescope (dataset tileset, every layer in one MVT) against
# martin serving the same layers from PostGIS (one composite source), on the province-scale
# set (a benchmark, not a test). Prints a Markdown table for docs/performance.md.
#
#   scripts/bench-tiles.sh
#   DATA=/tmp/province.gpkg DURATION=20 CONNECTIONS=64 scripts/bench-tiles.sh
#
# In one run:
#  1. builds the release binary; writes the province set (`zonescope sample --scale province`)
#     unless $DATA exists; runs `zonescope audit` on it so PostGIS can hold the result layers;
#  2. loads the audit GeoPackage (inputs and results) into PostGIS with ogr2ogr (GiST indexes);
#     installs martin with `cargo install martin --locked` when it is missing ($MARTIN_VERSION,
#     the last release building with this toolchain);
#  3. a fixed list of tiles z 8–16 over the zones (for every $ZONE_STEP-th zone: the tile under its centre
#     and its 8 neighbours at each zoom), the same paths for both servers;
#  4. per server: cold = a fresh server, every tile of the list requested once (64
#     connections); warm = the list cycled for $DURATION s; wrk reports requests/s and latency
#     percentiles; bytes per tile from one pass with curl (uncompressed, non-empty tiles).
# Needs: wrk, curl, ogr2ogr, python3, PostgreSQL + PostGIS (scripts/start-postgis.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${WORK:-/tmp/tile-bench}
DATA=${DATA:-/tmp/province.gpkg}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
ZONE_STEP=${ZONE_STEP:-20}
ZS_PORT=${ZS_PORT:-18180}
MARTIN_PORT=${MARTIN_PORT:-18181}
MARTIN_VERSION=${MARTIN_VERSION:-1.14.0}
MARTIN=${MARTIN:-$(command -v martin || echo "$HOME/.cargo/bin/martin")}
PG="postgresql://zonescope:zonescope@127.0.0.1/zonescope_test"
mkdir -p "$WORK"

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --bin zonescope >&2
ZS=$ROOT/target/release/zonescope
if [ ! -f "$DATA" ]; then
  echo "writing the province-scale set to $DATA" >&2
  "$ZS" sample --scale province --out "$DATA" >&2
fi
LAYERS=(zones zone-intensity zone-connectivity zone-relocation parcels parcel-intensity idle-land roads connector-paths villages relocation)

ZS_PID=""; MARTIN_PID=""
cleanup() {
  [ -n "$ZS_PID" ] && kill "$ZS_PID" 2>/dev/null || true
  [ -n "$MARTIN_PID" ] && kill "$MARTIN_PID" 2>/dev/null || true
}
trap cleanup EXIT

wait_http() {
  for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "$1 did not answer" >&2; return 1
}
start_zonescope() {
  "$ZS" serve --data "$DATA" --addr "127.0.0.1:$ZS_PORT" >"$WORK/zonescope.log" 2>&1 &
  ZS_PID=$!
  wait_http "http://127.0.0.1:$ZS_PORT/health"
}
stop_zonescope() { kill "$ZS_PID"; wait "$ZS_PID" 2>/dev/null || true; ZS_PID=""; }

# --- the tile list, from the zones zonescope serves ---
start_zonescope
python3 - "http://127.0.0.1:$ZS_PORT" "$WORK/tiles.txt" "$ZONE_STEP" <<'EOF'
import json, math, sys, urllib.request
base, out = sys.argv[1], sys.argv[2]
with urllib.request.urlopen(base + "/collections/zones/items?limit=10000") as r:
    zones = json.load(r)["features"]
def centre(g):
    pts = [c for poly in (g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]) for c in poly[0]]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
seen, paths = set(), []
step = int(sys.argv[3])
for f in zones[::step]:
    lon, lat = centre(f["geometry"])
    for z in range(8, 17):
        n = 2 ** z
        x = int((lon + 180) / 360 * n)
        s = math.sin(math.radians(lat))
        y = int((0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                t = (z, x + dx, y + dy)
                if t not in seen:
                    seen.add(t)
                    paths.append("%d/%d/%d" % t)
open(out, "w").write("\n".join(paths) + "\n")
print(f"{len(paths)} tiles z8-16 over {len(zones[::step])} zones", file=sys.stderr)
EOF
NTILES=$(wc -l <"$WORK/tiles.txt")

# wrk script: each connection walks the list (offset by thread); `once=1` stops a thread after
# its share, so a cold run asks for every tile exactly once.
cat >"$WORK/tiles.lua" <<'EOF'
local paths, prefix, suffix, once = {}, "", "", false
local counter = 0
function init(args)
  prefix, suffix, once = args[1], args[2] or "", args[3] == "1"
  for line in io.lines(args[4]) do paths[#paths + 1] = line end
end
local threads, tid = {}, 0
function setup(thread) tid = tid + 1; thread:set("id", tid); table.insert(threads, thread) end
function request()
  counter = counter + 1
  local n = #paths
  local i = (id or 1) + (counter - 1) * NTHREADS
  if once and i > n then wrk.thread:stop() end
  local p = paths[((i - 1) % n) + 1]
  local z, x, y = p:match("(%d+)/(%d+)/(%d+)")
  return wrk.format("GET", prefix .. z .. "/" .. y .. "/" .. x .. suffix)
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
EOF
sed -i "s/NTHREADS/$THREADS/" "$WORK/tiles.lua"

# run_wrk NAME URL_PREFIX ORDER(zyx|zxy) ONCE DURATION
run_wrk() {
  local name=$1 url=$2 order=$3 once=$4 dur=$5 list=$WORK/tiles.txt
  local hostport=${url#http://}; hostport=${hostport%%/*}
  local prefix=/${url#http://*/}
  if [ "$order" = zxy ]; then
    # martin wants z/x/y: swap in the list so the Lua (which writes z/y/x) does the right thing.
    awk -F/ '{print $1"/"$3"/"$2}' "$WORK/tiles.txt" >"$WORK/tiles-zxy.txt"; list=$WORK/tiles-zxy.txt
  fi
  local out
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${dur}s" --timeout 30s -H "Accept-Encoding: gzip" \
    -s "$WORK/tiles.lua" "http://$hostport" -- "$prefix" "" "$once" "$list" 2>&1 | grep RESULT)
  echo "$name $out" >&2
  echo "$out"
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$2"; }

# bytes_per_tile URL_PREFIX ORDER → "mean_bytes nonempty" (one keep-alive connection)
bytes_per_tile() {
  python3 - "$1" "$2" "$WORK/tiles.txt" <<'EOF'
import http.client, sys, urllib.parse
prefix, order, listfile = sys.argv[1:4]
u = urllib.parse.urlsplit(prefix)
conn = http.client.HTTPConnection(u.netloc, timeout=120)
total = n = 0
for line in open(listfile):
    z, x, y = line.strip().split("/")
    path = u.path + (f"{z}/{x}/{y}" if order == "zxy" else f"{z}/{y}/{x}")
    conn.request("GET", path)
    r = conn.getresponse()
    b = r.read()
    if r.status == 200 and b:
        total += len(b)
        n += 1
print(total // max(n, 1), n)
EOF
}

ROWS=()
row() { # name cold warm bytes
  ROWS+=("| $1 | $(field rps "$2") | $(field p50_ms "$2") | $(field p99_ms "$2") | $(field rps "$3") | $(field p50_ms "$3") | $(field p99_ms "$3") | $4 |")
}

# --- zonescope: cold (fresh server, each tile once), then warm ---
stop_zonescope; start_zonescope
ZP="http://127.0.0.1:$ZS_PORT/tiles/WebMercatorQuad/"
ZC=$(run_wrk zonescope-cold "$ZP" zyx 1 600)
ZW=$(run_wrk zonescope-warm "$ZP" zyx 0 "$DURATION")
read -r ZB ZN < <(bytes_per_tile "$ZP" zyx)
ZRSS=$(awk '/VmRSS/{print $2}' /proc/"$ZS_PID"/status)
row "zonescope (release)" "$ZC" "$ZW" "$ZB ($ZN non-empty)"
stop_zonescope

# --- martin over PostGIS ---
if [ ! -x "$MARTIN" ] && [ "${INSTALL_MARTIN:-1}" = 1 ]; then
  echo "installing martin $MARTIN_VERSION (cargo install, takes a while)" >&2
  cargo install martin --version "$MARTIN_VERSION" --locked >&2 && MARTIN=$HOME/.cargo/bin/martin || true
fi
if [ -x "$MARTIN" ]; then
  bash scripts/start-postgis.sh
  if [ ! -f "$WORK/audit/audit.gpkg" ]; then
    "$ZS" audit --data "$DATA" --out "$WORK/audit" >&2
  fi
  if [ ! -f "$WORK/pg.loaded" ]; then
    for l in "${LAYERS[@]}"; do
      t=${l//-/_}
      ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 dbname=zonescope_test user=zonescope password=zonescope" \
        "$WORK/audit/audit.gpkg" "$l" -nln "tiles_$t" -t_srs EPSG:3857 -lco GEOMETRY_NAME=geom \
        -lco SPATIAL_INDEX=GIST -overwrite -nlt PROMOTE_TO_MULTI >&2 ||
      ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 dbname=zonescope_test user=zonescope password=zonescope" \
        "$WORK/audit/audit.gpkg" "$l" -nln "tiles_$t" -t_srs EPSG:3857 -lco GEOMETRY_NAME=geom \
        -lco SPATIAL_INDEX=GIST -overwrite >&2
    done
    psql "$PG" -qc "ANALYZE" >&2
    touch "$WORK/pg.loaded"
  fi
  SOURCES=$(printf 'tiles_%s,' "${LAYERS[@]//-/_}"); SOURCES=${SOURCES%,}
  "$MARTIN" --listen-addresses "127.0.0.1:$MARTIN_PORT" --auto-bounds skip "$PG" >"$WORK/martin.log" 2>&1 &
  MARTIN_PID=$!
  wait_http "http://127.0.0.1:$MARTIN_PORT/catalog"
  MP="http://127.0.0.1:$MARTIN_PORT/$SOURCES/"
  MC=$(run_wrk martin-cold "$MP" zxy 1 600)
  MW=$(run_wrk martin-warm "$MP" zxy 0 "$DURATION")
  read -r MB MN < <(bytes_per_tile "$MP" zxy)
  row "martin $("$MARTIN" --version | awk '{print $2}') + PostGIS" "$MC" "$MW" "$MB ($MN non-empty)"
else
  echo "martin is not available: measured zonescope only" >&2
fi

echo
echo "Tiles: $NTILES (z 8–16 over the zones), $CONNECTIONS connections, $THREADS wrk threads, gzip requested; zonescope RSS after the run: $((ZRSS / 1024)) MiB"
echo "Machine: $(nproc) cores; load before/after: $(uptime | sed 's/.*load average: //')"
echo
echo "| server | cold req/s | cold p50 ms | cold p99 ms | warm req/s | warm p50 ms | warm p99 ms | bytes/tile (uncompressed) |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
