#!/usr/bin/env bash
# CQL2 filters over the 200 000 parcels of the province set, zonescope against pygeoapi
# (its OGR provider over the same GeoPackage), one run, the same queries.
#
#   scripts/bench-filter.sh [RUNS]      (default 15 requests per query; the median is reported)
#   DATA=/tmp/cql2/province.gpkg scripts/bench-filter.sh    (another GeoPackage)
#
# Needs a release build (cargo build --release). Creates $DATA (default /tmp/province.gpkg)
# with `zonescope sample --scale province` when missing, and a separate venv for pygeoapi
# (/tmp/zonescope-bench-pygeoapi, with the system's GDAL Python bindings) on first use.
# pygeoapi's GeoPackage providers (OGR, SQLiteGPKG) take property equality filters and bbox
# but no CQL2 `filter`; queries it cannot express are run on zonescope only.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-15}
BIN=target/release/zonescope
DATA=${DATA:-/tmp/province.gpkg}
VENV=/tmp/zonescope-bench-pygeoapi
ZS_PORT=18431
PG_PORT=18432

[ -x "$BIN" ] || { echo "build first: cargo build --release" >&2; exit 2; }
if [ ! -f "$DATA" ]; then
  echo "generating $DATA" >&2
  mkdir -p "$(dirname "$DATA")"
  "$BIN" sample --scale province --out "$DATA" >&2
fi

if [ ! -x "$VENV/bin/pygeoapi" ]; then
  echo "installing pygeoapi into $VENV" >&2
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
  "$VENV/bin/pip" install -q pygeoapi >&2
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -- "-$p" 2>/dev/null || kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# A zone with many parcels and a small box inside it, from the data.
read -r ZONE < <(ogrinfo -ro -q "$DATA" -sql "SELECT zone_id, COUNT(*) AS n FROM parcels WHERE zone_id IS NOT NULL GROUP BY zone_id ORDER BY n DESC LIMIT 1" | sed -n 's/.*zone_id (String) = //p')
read -r X Y < <(ogrinfo -ro -q "$DATA" -dialect SQLite -sql "SELECT ST_X(ST_Centroid(geom)) AS x, ST_Y(ST_Centroid(geom)) AS y FROM parcels WHERE zone_id = '$ZONE' LIMIT 1" | awk '/x \(Real\)/{x=$4} /y \(Real\)/{y=$4} END{print x, y}')
BOX=$(python3 -c "x,y=$X,$Y; d=0.004; print(f'{x-d:.6f},{y-d:.6f},{x+d:.6f},{y+d:.6f}')")
echo "zone $ZONE, small box $BOX" >&2

echo "load before: $(uptime)" >&2
setsid "$BIN" serve --data "$DATA" --addr "127.0.0.1:$ZS_PORT" >"$work/zs.log" 2>&1 &
pids+=($!)

cat >"$work/pygeoapi.yml" <<EOF
server:
  bind: {host: 127.0.0.1, port: $PG_PORT}
  url: http://127.0.0.1:$PG_PORT
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: en-US
  limits: {default_items: 100, max_items: 10000}
  map: {url: "https://tile.openstreetmap.org/{z}/{x}/{y}.png", attribution: OSM}
logging: {level: ERROR}
metadata:
  identification: {title: bench, description: bench, keywords: [bench], keywords_type: theme, terms_of_service: none, url: http://example.org}
  license: {name: CC-BY 4.0, url: https://creativecommons.org/licenses/by/4.0/}
  provider: {name: bench, url: http://example.org}
  contact: {name: bench, position: bench, address: x, city: x, stateorprovince: x, postalcode: x, country: x, phone: x, fax: x, email: x, url: x, hours: x, instructions: x, role: pointOfContact}
resources:
  parcels:
    type: collection
    title: parcels
    description: parcels
    keywords: [parcels]
    extents:
      spatial: {bbox: [110, 31, 117, 37], crs: http://www.opengis.net/def/crs/OGC/1.3/CRS84}
    links: []
    providers:
      - type: feature
        name: OGR
        data: {source_type: GPKG, source: $DATA}
        id_field: parcel_id
        layer: parcels
EOF
PYGEOAPI_CONFIG="$work/pygeoapi.yml" "$VENV/bin/pygeoapi" openapi generate "$work/pygeoapi.yml" --output-file "$work/openapi.yml" >/dev/null 2>&1
PYGEOAPI_CONFIG="$work/pygeoapi.yml" PYGEOAPI_OPENAPI="$work/openapi.yml" setsid "$VENV/bin/pygeoapi" serve >"$work/pg.log" 2>&1 &
pids+=($!)

wait_for() {
  for _ in $(seq 1 600); do curl -sf -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "not ready: $1" >&2; tail -5 "$work"/*.log >&2; exit 1
}
wait_for "http://127.0.0.1:$ZS_PORT/health"
wait_for "http://127.0.0.1:$PG_PORT/collections/parcels?f=json"

enc() { python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

# Median wall time (ms) of RUNS requests, after one warm-up (the first request, timed too: it
# may make the server's column copies); prints "median_ms numberMatched first_ms".
median_ms() {
  local url=$1 first
  first=$(curl -sf -o "$work/body.json" -w '%{time_total}' "$url") || { echo "failed: $url" >&2; echo "- - -"; return; }
  local n
  n=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d.get("numberMatched", "?"))' "$work/body.json")
  for _ in $(seq 1 "$RUNS"); do curl -s -o /dev/null -w '%{time_total}\n' "$url"; done |
    sort -n | awk -v n="$n" -v f="$first" '{a[NR]=$1} END{printf "%.1f %s %.1f\n", a[int((NR+1)/2)]*1000, n, f*1000}'
}

ZS="http://127.0.0.1:$ZS_PORT/collections"
PG="http://127.0.0.1:$PG_PORT/collections"
printf '%-58s %12s %9s %10s %12s %10s %7s\n' query "zonescope ms" "(first)" matched "pygeoapi ms" matched ratio
row() {  # label, zonescope url, pygeoapi url (or -)
  read -r zs zn zf < <(median_ms "$2")
  if [ "$3" = - ]; then pg="n/a"; pn="-"; ratio="-"; else
    read -r pg pn _ < <(median_ms "$3")
    ratio=$(python3 -c "r=$pg/$zs; print(f'{r:.0f}x' if r >= 10 else f'{r:.1f}x')" 2>/dev/null || echo -)
  fi
  printf '%-58s %12s %9s %10s %12s %10s %7s\n' "$1" "$zs" "($zf)" "$zn" "$pg" "$pn" "$ratio"
}
row "zone_id = '$ZONE' (parcels)" "$ZS/parcels/items?f=json&filter=$(enc "zone_id = '$ZONE'")" "$PG/parcels/items?f=json&zone_id=$ZONE"
row "S_INTERSECTS(geometry, BBOX($BOX)) (parcels)" "$ZS/parcels/items?f=json&filter=$(enc "S_INTERSECTS(geometry, BBOX($BOX))")" "$PG/parcels/items?f=json&bbox=$BOX"
row "land_use = '0601' (parcels)" "$ZS/parcels/items?f=json&filter=$(enc "land_use = '0601'")" "$PG/parcels/items?f=json&land_use=0601"
row "granted_on < DATE('2012-01-01') AND actual_start IS NULL" "$ZS/parcels/items?f=json&filter=$(enc "granted_on < DATE('2012-01-01') AND actual_start IS NULL")" -
row "CASEI(holder) LIKE '%机械%'" "$ZS/parcels/items?f=json&filter=$(enc "CASEI(holder) LIKE CASEI('%机械%')")" -
row "far < 0.8 (parcel-intensity)" "$ZS/parcel-intensity/items?f=json&filter=$(enc "far < 0.8")" -
row "A_CONTAINS(shortfalls, ('far')) AND zone_id <> '$ZONE'" "$ZS/parcel-intensity/items?f=json&filter=$(enc "A_CONTAINS(shortfalls, ('far')) AND zone_id <> '$ZONE'")" -
row "site_area_m2 / area_m2 > 1.05 (arithmetic)" "$ZS/parcel-intensity/items?f=json&filter=$(enc "site_area_m2 / area_m2 > 1.05")" -
row "far < 0.8 sortby=-far (200 k sorted)" "$ZS/parcel-intensity/items?f=json&sortby=-far&filter=$(enc "far < 0.8")" -
row "sortby=-far, no filter (parcel-intensity, 200 k sorted)" "$ZS/parcel-intensity/items?f=json&sortby=-far" -
echo "load: $(uptime)"
