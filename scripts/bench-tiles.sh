#!/usr/bin/env bash
# Benchmark of vector-tile serving: zonescope (dataset tileset, every layer in one MVT) against
# martin serving the same layers from PostGIS (one composite source), on the province-scale
# set (a benchmark, not a test). Prints a Markdown table for docs/performance.md.
#
#   scripts/bench-tiles.sh
#   WORK=/tmp/tilebench DURATION=20 CONNECTIONS=64 scripts/bench-tiles.sh
#
# In one run:
#  1. builds the release binary; writes the province set (`zonescope sample --scale province`)
#     unless $DATA exists; runs `zonescope audit` on it for the result layers;
#  2. loads every layer zonescope serves into a PostGIS database of its own
#     ($PGDB, made here) with ogr2ogr (EPSG:3857, GiST indexes): the input layers from $DATA,
#     the result layers from the audit's GeoPackage (whatever else that file holds is not
#     used, so it need not keep the inputs); installs martin with `cargo install martin
#     --locked` when it is missing ($MARTIN_VERSION: 1.16 wants rustc 1.98, 1.14.0 is the newest
#     release building with rustc 1.95; $MARTIN_FEATURES: only `postgres`, because the default
#     `rendering` feature downloads MapLibre Native at build time, which a machine that reaches
#     only the package registries cannot);
#  3. a fixed list of tiles z 8–16 over the zones (for every $ZONE_STEP-th zone: the tile under
#     its centre and its 8 neighbours at each zoom), in a fixed shuffled order, the same tiles
#     for both servers;
#  4. per server: cold = a fresh server, every tile of the list requested exactly once over
#     $CONNECTIONS connections (wrk is stopped with SIGINT once every response is in, so its
#     duration is the real one); warm = the list cycled for $DURATION s; wrk reports requests/s,
#     latency percentiles and bytes read (gzip requested); bytes per tile from one pass with
#     Python (uncompressed, non-empty tiles).
# Needs: wrk, curl, ogr2ogr, ogrinfo, psql, python3, PostgreSQL + PostGIS
# (scripts/start-postgis.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=${WORK:-/tmp/tilebench}
DATA=${DATA:-$WORK/province.gpkg}
AS_OF=${AS_OF:-$(date +%F)}
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
ZONE_STEP=${ZONE_STEP:-20}
ZS_PORT=${ZS_PORT:-18180}
MARTIN_PORT=${MARTIN_PORT:-18181}
MARTIN_VERSION=${MARTIN_VERSION:-1.14.0}
MARTIN_FEATURES=${MARTIN_FEATURES:-postgres}
# martin's tile cache, MB: as much as zonescope's two tile caches (256 + 768 MiB).
MARTIN_CACHE_MB=${MARTIN_CACHE_MB:-1024}
MARTIN=${MARTIN:-$(command -v martin || echo "$HOME/.cargo/bin/martin")}
PGDB=${PGDB:-zonescope_tilebench}
PGOGR="PG:host=127.0.0.1 dbname=$PGDB user=zonescope password=zonescope"
PG="postgresql://zonescope:zonescope@127.0.0.1/$PGDB"
mkdir -p "$WORK"
LOAD_BEFORE=$(uptime | sed 's/.*load average: //')

[ -n "${SKIP_BUILD:-}" ] || cargo build --release --bin zonescope --bin zonescope-sample >&2
ZS=${ZS:-$ROOT/target/release/zonescope}
if [ ! -f "$DATA" ]; then
  echo "writing the province-scale set to $DATA" >&2
  "$ZS" sample --scale province --out "$DATA" >&2
fi

ZS_PID=""; MARTIN_PID=""; WRK_PID=""
cleanup() {
  [ -n "$WRK_PID" ] && kill "$WRK_PID" 2>/dev/null || true
  [ -n "$ZS_PID" ] && kill "$ZS_PID" 2>/dev/null || true
  [ -n "$MARTIN_PID" ] && kill "$MARTIN_PID" 2>/dev/null || true
}
trap cleanup EXIT

wait_http() {
  for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "$1 did not answer" >&2; return 1
}
start_zonescope() {
  "$ZS" serve --data "$DATA" --as-of "$AS_OF" --addr "127.0.0.1:$ZS_PORT" >"$WORK/zonescope.log" 2>&1 &
  ZS_PID=$!
  wait_http "http://127.0.0.1:$ZS_PORT/health"
}
stop_zonescope() { kill "$ZS_PID"; wait "$ZS_PID" 2>/dev/null || true; ZS_PID=""; }

# --- the layers and the tile list, from what zonescope serves ---
start_zonescope
mapfile -t LAYERS < <(curl -sf "http://127.0.0.1:$ZS_PORT/collections?f=json" |
  python3 -c 'import json,sys; print("\n".join(c["id"] for c in json.load(sys.stdin)["collections"]))')
python3 - "http://127.0.0.1:$ZS_PORT" "$WORK/tiles.txt" "$ZONE_STEP" <<'EOF'
import json, math, random, sys, urllib.request
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
# A fixed shuffle: any stretch of the list is a fair sample of every zoom, so a warm run that
# does not get through the whole list (a slow server) still measures the same mix as one that
# cycles it (in zoom order, all connections would start on the few multi-megabyte z 8 tiles).
random.Random(20261202).shuffle(paths)
open(out, "w").write("\n".join(paths) + "\n")
print(f"{len(paths)} tiles z8-16 over {len(zones[::step])} zones", file=sys.stderr)
EOF
NTILES=$(wc -l <"$WORK/tiles.txt")
stop_zonescope

# wrk script. Arguments: path prefix, zyx|zxy (the server's order; the list is z/x/y), once
# (1: each tile exactly once), list file, connections of one thread, marker file prefix.
# Requests are formatted once in init. Thread k walks list positions k, k+T, k+2T, ….
# With once=1 a `delay` hook counts the connections ready to send: each request is preceded
# by one call, and each connection calls it once more after its last response, so when the
# count reaches share + connections every response of the thread's share is in; the thread
# then parks its connections and leaves a marker file, and the shell stops wrk with SIGINT
# (wrk's main thread otherwise sleeps out the whole -d duration, and `wrk.thread:stop()` drops
# the responses still in flight).
cat >"$WORK/tiles.lua" <<'EOF'
local reqs, issued, ready, share, conns, marker = {}, 0, 0, 0, 1, ""
local T = NTHREADS
local tid = 0
function setup(thread) tid = tid + 1; thread:set("id", tid) end
function init(args)
  local prefix, zxy, once = args[1], args[2] == "zxy", args[3] == "1"
  for line in io.lines(args[4]) do
    local z, x, y = line:match("(%d+)/(%d+)/(%d+)")
    local p = zxy and (z .. "/" .. x .. "/" .. y) or (z .. "/" .. y .. "/" .. x)
    reqs[#reqs + 1] = wrk.format("GET", prefix .. p)
  end
  conns, marker = tonumber(args[5]), args[6]
  if id <= #reqs then share = math.floor((#reqs - id) / T) + 1 end
  -- wrk calls request() once on the first thread before the run (script_verify_request);
  -- that call is not sent, so it must not use up a tile.
  if id == 1 then issued = -1 end
  if once then
    delay = function()
      ready = ready + 1
      if ready <= share then return 0 end
      if ready == share + conns then
        local f = io.open(marker .. id, "w"); f:write(share, "\n"); f:close()
      end
      return 3600000
    end
  end
end
function request()
  issued = issued + 1
  local k = id + (issued - 1) * T
  return reqs[((k - 1) % #reqs) + 1]
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.0f p50_ms=%.2f p99_ms=%.2f bytes_per_resp=%.0f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.bytes / math.max(summary.requests, 1),
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
EOF
sed -i "s/NTHREADS/$THREADS/" "$WORK/tiles.lua"

# run_wrk NAME URL_PREFIX ORDER(zyx|zxy) ONCE DURATION
run_wrk() {
  local name=$1 url=$2 order=$3 once=$4 dur=$5
  local hostport=${url#http://}; hostport=${hostport%%/*}
  local prefix=/${url#http://*/}
  local marker=$WORK/done-$name.
  rm -f "$marker"*
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${dur}s" --timeout 30s -H "Accept-Encoding: gzip" \
    -s "$WORK/tiles.lua" "http://$hostport" -- "$prefix" "$order" "$once" "$WORK/tiles.txt" \
    "$((CONNECTIONS / THREADS))" "$marker" >"$WORK/wrk-$name.out" 2>&1 &
  WRK_PID=$!
  if [ "$once" = 1 ]; then
    while kill -0 "$WRK_PID" 2>/dev/null; do
      if [ "$(find "$WORK" -maxdepth 1 -name "done-$name.*" | wc -l)" -ge "$THREADS" ]; then
        kill -INT "$WRK_PID"; break
      fi
      sleep 0.05
    done
  fi
  wait "$WRK_PID" || true; WRK_PID=""
  local out; out=$(grep RESULT "$WORK/wrk-$name.out" || true)
  [ -n "$out" ] || { cat "$WORK/wrk-$name.out" >&2; echo "wrk gave no result for $name" >&2; return 1; }
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
load1() { sed 's/.*load average: \([0-9.]*\),.*/\1/' < <(uptime); }
row() { # name cold warm bytes load-before-cold
  ROWS+=("| $1 | $5 | $(field rps "$2") | $(field p50_ms "$2") | $(field p99_ms "$2") | $(field rps "$3") | $(field p50_ms "$3") | $(field p99_ms "$3") | $(field bytes_per_resp "$3") | $4 |")
}

# --- zonescope: cold (fresh server, each tile once), then warm ---
ZRSS=0
if [ -z "${SKIP_ZONESCOPE:-}" ]; then
  start_zonescope
  ZL=$(load1)
  ZP="http://127.0.0.1:$ZS_PORT/tiles/WebMercatorQuad/"
  ZC=$(run_wrk zonescope-cold "$ZP" zyx 1 600)
  ZW=$(run_wrk zonescope-warm "$ZP" zyx 0 "$DURATION")
  read -r ZB ZN < <(bytes_per_tile "$ZP" zyx)
  ZRSS=$(awk '/VmRSS/{print $2}' /proc/"$ZS_PID"/status)
  row "zonescope $("$ZS" --version | awk '{print $2}') (release)" "$ZC" "$ZW" "$ZB ($ZN non-empty)" "$ZL"
  stop_zonescope
fi

# --- martin over PostGIS ---
if [ ! -x "$MARTIN" ] && [ "${INSTALL_MARTIN:-1}" = 1 ]; then
  echo "installing martin $MARTIN_VERSION (cargo install, takes a while)" >&2
  nice -n 10 cargo install martin --version "$MARTIN_VERSION" --locked --no-default-features \
    --features "$MARTIN_FEATURES" >&2 && MARTIN=$HOME/.cargo/bin/martin || true
fi
MARTIN_LAYERS=()
# LOAD_PG=1: load PostGIS even without martin (to prepare a later run).
if [ -x "$MARTIN" ] || [ -n "${LOAD_PG:-}" ]; then
  bash scripts/start-postgis.sh
  su postgres -c "psql -qAtc \"select 1 from pg_database where datname='$PGDB'\"" | grep -q 1 ||
    su postgres -c "createdb -O zonescope $PGDB"
  su postgres -c "psql -q -d $PGDB -c 'create extension if not exists postgis'"
  AUDIT=$WORK/audit/audit.gpkg
  if [ ! -f "$AUDIT" ] || [ "$AUDIT" -ot "$DATA" ]; then
    "$ZS" audit --data "$DATA" --as-of "$AS_OF" --out "$WORK/audit" >&2
  fi
  mapfile -t IN_LAYERS < <(ogrinfo -ro -q "$DATA" | sed -n 's/^[0-9]*: \([^ ]*\).*/\1/p')
  mapfile -t OUT_LAYERS < <(ogrinfo -ro -q "$AUDIT" | sed -n 's/^[0-9]*: \([^ ]*\).*/\1/p')
  SIG="$AS_OF $(stat -c '%s %Y' "$DATA" "$AUDIT" | tr '\n' ' ') ${LAYERS[*]}"
  if [ "$(cat "$WORK/pg.loaded" 2>/dev/null)" != "$SIG" ]; then
    rm -f "$WORK/pg.loaded"
    for l in "${LAYERS[@]}"; do
      if printf '%s\n' "${IN_LAYERS[@]}" | grep -qx -- "$l"; then src=$DATA
      elif printf '%s\n' "${OUT_LAYERS[@]}" | grep -qx -- "$l"; then src=$AUDIT
      else echo "layer $l is in neither $DATA nor $AUDIT: martin will not serve it" >&2; continue
      fi
      t=tiles_${l//-/_}
      echo "loading $l from $src into $PGDB.$t" >&2
      ogr2ogr -f PostgreSQL "$PGOGR" "$src" "$l" -nln "$t" -t_srs EPSG:3857 -lco GEOMETRY_NAME=geom \
        -lco SPATIAL_INDEX=GIST -overwrite -nlt PROMOTE_TO_MULTI >&2 ||
      ogr2ogr -f PostgreSQL "$PGOGR" "$src" "$l" -nln "$t" -t_srs EPSG:3857 -lco GEOMETRY_NAME=geom \
        -lco SPATIAL_INDEX=GIST -overwrite >&2
    done
    psql "$PG" -qc "ANALYZE" >&2
    echo "$SIG" >"$WORK/pg.loaded"
  fi
fi
if [ -x "$MARTIN" ]; then
  for l in "${LAYERS[@]}"; do
    t=tiles_${l//-/_}
    [ "$(psql "$PG" -qAtc "select to_regclass('public.$t') is not null")" = t ] && MARTIN_LAYERS+=("$t")
  done
  SOURCES=$(IFS=,; echo "${MARTIN_LAYERS[*]}")
  start_martin() {
    "$MARTIN" --listen-addresses "127.0.0.1:$MARTIN_PORT" --auto-bounds skip \
      --cache-size "$MARTIN_CACHE_MB" "$PG" >"$WORK/martin.log" 2>&1 &
    MARTIN_PID=$!
    wait_http "http://127.0.0.1:$MARTIN_PORT/catalog"
  }
  start_martin
  ML=$(load1)
  MP="http://127.0.0.1:$MARTIN_PORT/$SOURCES/"
  MC=$(run_wrk martin-cold "$MP" zxy 1 600)
  MW=$(run_wrk martin-warm "$MP" zxy 0 "$DURATION")
  read -r MB MN < <(bytes_per_tile "$MP" zxy)
  row "martin $("$MARTIN" --version | awk '{print $2}') + PostGIS" "$MC" "$MW" "$MB ($MN non-empty)" "$ML"
  kill "$MARTIN_PID"; wait "$MARTIN_PID" 2>/dev/null || true; MARTIN_PID=""
else
  echo "martin is not available: measured zonescope only" >&2
fi

echo
echo "Tiles: $NTILES (z 8–16 over every ${ZONE_STEP}th zone), $CONNECTIONS connections, $THREADS wrk threads, gzip requested, as of $AS_OF; ${#LAYERS[@]} zonescope layers, ${#MARTIN_LAYERS[@]} martin layers; zonescope RSS after its run: $((ZRSS / 1024)) MiB"
echo "Machine: $(nproc) cores; load average before: $LOAD_BEFORE; after: $(uptime | sed 's/.*load average: //')"
echo
echo "| server | load (1 min) at its start | cold req/s | cold p50 ms | cold p99 ms | warm req/s | warm p50 ms | warm p99 ms | warm bytes/response (wire, gzip) | bytes/tile (uncompressed) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
if [ ${#ROWS[@]} = 2 ]; then
  python3 - "$(field rps "$ZW")" "$(field rps "$MW")" "$(field rps "$ZC")" "$(field rps "$MC")" <<'EOF'
import sys
zw, mw, zc, mc = map(float, sys.argv[1:])
print(f"\nzonescope / martin requests/s: warm {zw / mw:.1f}x, cold {zc / mc:.1f}x")
EOF
fi
