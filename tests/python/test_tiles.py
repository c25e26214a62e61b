"""OGC API – Tiles and the vector tiles of `zonescope serve` on the bundled sample.

Tiles are decoded with `mapbox-vector-tile` (an independent MVT decoder) and compared with
the layers written by `zonescope export`, projected to Web Mercator by pyproj and clipped by
shapely: at tileMatrix >= 14 every feature whose geometry meets the tile must be in it, and
its geometry inside the tile must lie within one tile unit (1/4096 of the tile) of the truth.
"""
import gzip
import json
import math
import random
import socket
import subprocess
import time
import urllib.error
import urllib.request

import mapbox_vector_tile
import numpy as np
import pytest
import shapely
import shapely.affinity
from pyproj import Transformer
from shapely.geometry import box, shape

from conftest import SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, zonescope_bin

MVT = "application/vnd.mapbox-vector-tile"
TMS_URI = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad"
ORIGIN = 20037508.342789244
EXTENT = 4096
TO_3857 = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
KEYS = {"zones": "zone_id", "parcels": "parcel_id", "roads": "road_id", "villages": "village_id",
        "parcel-intensity": "parcel_id", "zone-intensity": "zone_id", "idle-land": "parcel_id",
        "zone-connectivity": "zone_id", "connector-paths": "zone_id", "relocation": "village_id",
        "zone-relocation": "zone_id", "zone-evaluation": "zone_id", "holder-benefit": "holder"}
ZONE_LAYERS = ["zones", "zone-intensity", "zone-connectivity", "zone-relocation"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    port = free_port()
    proc = subprocess.Popen(
        [zonescope_bin(), "serve", "--data", str(SAMPLE), "--config", str(SAMPLE_CONFIG),
         "--as-of", SAMPLE_AS_OF, "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 120
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"zonescope serve exited: {proc.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2):
                break
        except OSError:
            if time.time() > deadline:
                proc.kill()
                raise
            time.sleep(0.3)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def get(url, headers=None):
    """(status, headers, body) without raising on 4xx."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def get_json(url):
    status, _, body = get(url)
    assert status == 200, (url, status, body[:300])
    return json.loads(body)


def decode(data):
    return mapbox_vector_tile.decode(data, default_options={"y_coord_down": True})


def tile_of(lon, lat, z):
    x, y = TO_3857.transform(lon, lat)
    n = 2 ** z
    return z, int((x + ORIGIN) / (2 * ORIGIN) * n), int((ORIGIN - y) / (2 * ORIGIN) * n)


def merc(geom):
    """Lon/lat shapely geometries in EPSG:3857 metres, via pyproj."""
    return shapely.transform(geom, lambda c: np.column_stack(TO_3857.transform(c[:, 0], c[:, 1])))


def tile_coords(mgeom, z, x, y):
    """An EPSG:3857 geometry in the tile's coordinates (0..4096, y down)."""
    k = 2 ** z / (2 * ORIGIN) * EXTENT
    return shapely.affinity.affine_transform(
        mgeom, [k, 0, 0, -k, (ORIGIN * k - x * EXTENT), (ORIGIN * k - y * EXTENT)])


class Layer:
    """A collection's features: keys, lon/lat and EPSG:3857 geometries, an STRtree."""

    def __init__(self, feats, key):
        self.keys = [f["properties"][key] for f in feats]
        self.geoms = [shape(f["geometry"]) for f in feats]
        self.merc = list(merc(np.array(self.geoms, dtype=object)))
        self.tree = shapely.STRtree(self.merc)

    def meeting(self, z, x, y):
        """(key, tile-coordinate geometry) of every feature meeting tile z/x/y."""
        size = 2 * ORIGIN / 2 ** z
        w, n = -ORIGIN + x * size, ORIGIN - y * size
        tile = box(w, n - size, w + size, n)
        return {self.keys[i]: tile_coords(self.merc[i], z, x, y)
                for i in self.tree.query(tile, predicate="intersects")}


@pytest.fixture(scope="module")
def layers(exported_layers):
    """collection id → Layer."""
    out = {}
    for cid, key in KEYS.items():
        doc = json.loads((exported_layers / f"{cid}.geojson").read_text())
        out[cid] = Layer([f for f in doc["features"] if f.get("geometry")], key)
    return out


def test_tile_matrix_sets(server):
    doc = get_json(server + "/tileMatrixSets")
    ids = [t["id"] for t in doc["tileMatrixSets"]]
    assert "WebMercatorQuad" in ids
    tms = get_json(server + "/tileMatrixSets/WebMercatorQuad")
    assert tms["id"] == "WebMercatorQuad" and tms["uri"] == TMS_URI
    assert tms["crs"].endswith("/EPSG/0/3857")
    m = tms["tileMatrices"]
    assert [t["id"] for t in m] == [str(z) for z in range(23)]
    # OGC 17-083r4 Annex D values.
    assert m[0]["scaleDenominator"] == pytest.approx(559082264.0287178, rel=1e-12)
    assert m[0]["cellSize"] == pytest.approx(156543.033928041, rel=1e-12)
    for z, t in enumerate(m):
        assert t["matrixWidth"] == t["matrixHeight"] == 2 ** z
        assert t["tileWidth"] == t["tileHeight"] == 256
        assert t["pointOfOrigin"] == pytest.approx([-ORIGIN, ORIGIN])
        assert t["cornerOfOrigin"] == "topLeft"
    assert get(server + "/tileMatrixSets/WorldCRS84Quad")[0] == 404


def test_conformance_and_links(server):
    conf = get_json(server + "/conformance")["conformsTo"]
    for c in ["core", "tileset", "tilesets-list", "geodata-tilesets", "dataset-tilesets", "mvt"]:
        assert f"http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/{c}" in conf
    landing = get_json(server + "/")
    hrefs = {l["href"] for l in landing["links"]}
    assert server + "/tiles" in hrefs and server + "/map" in hrefs
    for c in get_json(server + "/collections")["collections"]:
        assert any(l["href"] == f"{server}/collections/{c['id']}/tiles" for l in c["links"]), c["id"]
    status, _, html = get(server + "/?f=html")
    assert status == 200 and b'/map"' in html
    status, _, html = get(server + "/collections/parcels?f=html")
    assert status == 200 and b"/map#parcels" in html


@pytest.mark.parametrize("prefix", ["", "/collections/parcels", "/collections/zone-connectivity"])
def test_tilesets_and_metadata(server, prefix):
    lst = get_json(f"{server}{prefix}/tiles")
    ts = lst["tilesets"][0]
    assert ts["tileMatrixSetURI"] == TMS_URI and ts["dataType"] == "vector"
    meta = get_json(f"{server}{prefix}/tiles/WebMercatorQuad")
    assert meta["tileMatrixSetURI"] == TMS_URI and meta["dataType"] == "vector"
    items = [l for l in meta["links"] if l["rel"] == "item"]
    assert items and items[0]["type"] == MVT
    assert items[0]["href"] == f"{server}{prefix}/tiles/WebMercatorQuad/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"
    layer_ids = [l["id"] for l in meta["layers"]]
    if prefix:
        cid = prefix.rsplit("/", 1)[1]
        assert layer_ids == [cid]
        assert KEYS[cid] in meta["layers"][0]["propertiesSchema"]["properties"]
    else:
        assert set(layer_ids) == set(KEYS)
    tj = get_json(f"{server}{prefix}/tiles/WebMercatorQuad/tilejson.json")
    assert tj["tilejson"] == "3.0.0"
    assert all(p in tj["tiles"][0] for p in ("{z}", "{x}", "{y}"))
    assert tj["minzoom"] == 0 and tj["maxzoom"] == 22 and len(tj["bounds"]) == 4
    assert [v["id"] for v in tj["vector_layers"]] == layer_ids
    assert all("fields" in v for v in tj["vector_layers"])


@pytest.mark.parametrize("path", ["23/0/0", "3/8/0", "3/0/8", "-1/0/0", "3/-1/0", "a/0/0", "3/0/x", "3/1.5/0"])
def test_indexes_outside_the_matrix_are_404(server, path):
    for prefix in ["", "/collections/zones"]:
        status, headers, body = get(f"{server}{prefix}/tiles/WebMercatorQuad/{path}")
        assert status == 404, (prefix, path)
        doc = json.loads(body)
        assert doc["code"] and doc["description"]


def test_empty_tile_is_204_and_tiles_have_http_manners(server):
    # The Atlantic at z 10: nothing there.
    status, headers, body = get(f"{server}/tiles/WebMercatorQuad/10/400/300", {"Origin": "http://example.org"})
    assert status == 204 and body == b""
    assert headers["ETag"] and "max-age" in headers["Cache-Control"]
    assert headers["Access-Control-Allow-Origin"] in ("*", "http://example.org")
    z, x, y = tile_of(113.7, 34.75, 8)
    url = f"{server}/tiles/WebMercatorQuad/{z}/{y}/{x}"
    status, headers, raw = get(url, {"Origin": "http://example.org"})
    assert status == 200 and headers["Content-Type"] == MVT
    assert headers["ETag"] and "max-age" in headers["Cache-Control"]
    assert headers["Access-Control-Allow-Origin"] in ("*", "http://example.org")
    status, gz_headers, gz = get(url, {"Accept-Encoding": "gzip"})
    assert gz_headers["Content-Encoding"] == "gzip" and gzip.decompress(gz) == raw
    status, _, _ = get(url, {"If-None-Match": headers["ETag"]})
    assert status == 304
    assert len(decode(raw)) >= 5


def test_tiles_from_the_cache_are_the_same_bytes_in_every_encoding(server):
    """Tiles are held gzip-compressed and raw: each encoding gives the same tile, cold or warm,
    for the dataset and for a collection, and concurrent first requests agree."""
    from concurrent.futures import ThreadPoolExecutor
    z, x, y = tile_of(113.7, 34.75, 9)
    for prefix in ["", "/collections/parcels"]:
        url = f"{server}{prefix}/tiles/WebMercatorQuad/{z}/{y}/{x}"
        with ThreadPoolExecutor(8) as ex:
            first = list(ex.map(lambda _: get(url, {"Accept-Encoding": "gzip"}), range(8)))
        assert all(s == 200 and h["Content-Encoding"] == "gzip" for s, h, _ in first), prefix
        assert "accept-encoding" in ", ".join(first[0][1].get_all("Vary")).lower()
        raw = gzip.decompress(first[0][2])
        assert all(gzip.decompress(b) == raw for _, _, b in first), prefix
        assert len(decode(raw)) >= 1
        for ae in [None, "identity", "gzip;q=0", "deflate"]:
            status, headers, body = get(url, {"Accept-Encoding": ae} if ae else {})
            assert status == 200 and headers.get("Content-Encoding") is None, (prefix, ae)
            assert body == raw, (prefix, ae)
        status, headers, body = get(url, {"Accept-Encoding": "x-gzip, br;q=0.5"})
        assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == raw
        status, headers, body = get(url, {"Accept-Encoding": "gzip", "If-None-Match": first[0][1]["ETag"]})
        assert status == 304 and body == b""


def test_low_zoom_tiles_keep_every_zone_and_the_styled_properties(server, layers):
    lon, lat = layers["zones"].geoms[0].representative_point().coords[0]
    for z in (5, 7, 9):
        _, x, y = tile_of(lon, lat, z)
        status, _, raw = get(f"{server}/tiles/WebMercatorQuad/{z}/{y}/{x}")
        assert status == 200
        t = decode(raw)
        tb = box(0, 0, EXTENT, EXTENT)
        for cid in ZONE_LAYERS:
            want = set(layers[cid].meeting(z, x, y))
            got = {f["properties"][KEYS[cid]] for f in t.get(cid, {"features": []})["features"]}
            assert want <= got, (cid, z, sorted(want - got)[:5])
        for f in t["zone-connectivity"]["features"]:
            assert f["properties"]["status"] in ("direct", "network", "none")
        for f in t.get("idle-land", {"features": []})["features"]:
            assert f["properties"]["severity"] in ("fee", "reclaim")
            assert f["properties"]["reason"] in ("not_started", "stalled")
        for f in t.get("parcel-intensity", {"features": []})["features"]:
            assert "parcel_id" in f["properties"]


def outline(g):
    return g.boundary if g.geom_type in ("Polygon", "MultiPolygon") else g


def within_a_unit(decoded, truth, tile_box, buffer_edge):
    """Every vertex of the decoded geometry (except corners the clipping made on the buffer's
    edge) lies within one unit of the true outline, and every true vertex inside the tile
    within one unit of the decoded outline."""
    d_pts = shapely.points(shapely.get_coordinates(decoded))
    d_pts = d_pts[~shapely.intersects(d_pts, buffer_edge)]
    t_pts = shapely.points(shapely.get_coordinates(truth))
    t_pts = t_pts[shapely.intersects(t_pts, tile_box)]
    far1 = shapely.distance(d_pts, outline(truth)).max(initial=0)
    far2 = shapely.distance(t_pts, outline(decoded)).max(initial=0)
    return max(far1, far2)


@pytest.mark.parametrize("z", [14, 15, 16])
def test_full_detail_tiles_hold_every_feature_within_a_unit(server, layers, z):
    rng = random.Random(z)
    parcels = layers["parcels"].geoms
    picks = [parcels[i].representative_point().coords[0] for i in rng.sample(range(len(parcels)), 4)]
    roads = layers["roads"].geoms
    picks.append(roads[rng.randrange(len(roads))].interpolate(0.5, normalized=True).coords[0])
    tb = box(0, 0, EXTENT, EXTENT)
    # Decoded geometry reaches into the buffer (at least 64 units) and stops there.
    buffer_box = box(-64, -64, EXTENT + 64, EXTENT + 64)
    checked = 0
    for lon, lat in picks:
        _, x, y = tile_of(lon, lat, z)
        status, _, raw = get(f"{server}/tiles/WebMercatorQuad/{z}/{y}/{x}")
        assert status == 200
        t = decode(raw)
        for cid, layer in layers.items():
            truth = layer.meeting(z, x, y)
            got = {}
            for f in t.get(cid, {"features": []})["features"]:
                got.setdefault(f["properties"][KEYS[cid]], []).append(shape(f["geometry"]))
            missing = set(truth) - set(got)
            assert not missing, (cid, z, x, y, sorted(missing)[:5])
            for k, tg in truth.items():
                dec = shapely.union_all(got[k])
                db, tbb = shapely.bounds(dec), shapely.bounds(tg)
                lo, hi = min(db[0], db[1]), max(db[2], db[3])
                # Clipped with a buffer of at least 64 units: where the truth reaches past it,
                # so does the tile's geometry (up to rounding).
                if tg.geom_type != "Point" and tg.intersection(buffer_box).geom_type == tg.geom_type:
                    clipped = shapely.bounds(tg.intersection(buffer_box))
                    assert db[0] <= clipped[0] + 1 and db[1] <= clipped[1] + 1, (cid, k, db, clipped)
                    assert db[2] >= clipped[2] - 1 and db[3] >= clipped[3] - 1, (cid, k, db, clipped)
                buf = max(-lo, hi - EXTENT, 64)
                edge = box(-buf, -buf, EXTENT + buf, EXTENT + buf).exterior.buffer(0.75)
                # Rounding to the grid moves a vertex by at most √2/2 unit.
                err = within_a_unit(dec, tg, tb, edge)
                assert err <= 1.0, (cid, k, z, err)
                if tg.geom_type in ("Polygon", "MultiPolygon"):
                    t_in, d_in = tg.intersection(tb).area, dec.intersection(tb).area
                    # Winding decoded right: rings became shells and holes, not the reverse.
                    assert d_in == pytest.approx(t_in, rel=0.02, abs=EXTENT * 1.0), (cid, k)
                checked += 1
    assert checked > 20


def test_tiles_are_cut_per_collection_too(server, layers):
    lon, lat = layers["parcels"].geoms[0].representative_point().coords[0]
    z, x, y = tile_of(lon, lat, 15)
    status, headers, raw = get(f"{server}/collections/parcels/tiles/WebMercatorQuad/{z}/{y}/{x}")
    assert status == 200 and headers["Content-Type"] == MVT
    t = decode(raw)
    assert list(t) == ["parcels"]
    assert t["parcels"]["extent"] == EXTENT
    props = t["parcels"]["features"][0]["properties"]
    assert "parcel_id" in props and "land_use" in props
    assert get(f"{server}/collections/nope/tiles/WebMercatorQuad/0/0/0")[0] == 404


def tile_bbox_lonlat(z, x, y, grow=0.0):
    """The lon/lat box of a tile, grown by `grow` tile widths on every side."""
    n = 2 ** z

    def lon(x):
        return x / n * 360.0 - 180.0

    def lat(y):
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / n))))

    return lon(x - grow), lat(y + 1 + grow), lon(x + 1 + grow), lat(y - grow)


@pytest.mark.parametrize("as_of", ["2013-06-30", "2016-12-31"])
def test_idle_land_tiles_follow_as_of(server, as_of):
    """§8: idle-land tiles take as-of; at z14 the tile holds what the items of that date hold
    in the tile (and nothing beyond the tile's buffer)."""
    later = get_json(f"{server}/collections/idle-land/items?as-of=2016-12-31&limit=1")
    lon, lat = later["features"][0]["geometry"]["coordinates"][0][0][0]
    z, x, y = tile_of(lon, lat, 14)
    status, _, body = get(
        f"{server}/collections/idle-land/tiles/WebMercatorQuad/{z}/{y}/{x}?as-of={as_of}"
    )
    assert status in (200, 204)
    in_tile = set()
    if status == 200:
        layer = decode(body)["idle-land"]
        in_tile = {f["properties"]["parcel_id"] for f in layer["features"]}

    def items(grow):
        b = ",".join(f"{v:.9f}" for v in tile_bbox_lonlat(z, x, y, grow))
        fc = get_json(f"{server}/collections/idle-land/items?as-of={as_of}&bbox={b}&limit=10000")
        return {f["id"] for f in fc["features"]}

    inner, outer = items(-0.001), items(128 / 4096 + 0.001)
    assert inner <= in_tile <= outer, (as_of, inner - in_tile, in_tile - outer)
    if as_of == "2016-12-31":
        assert in_tile, "the later date has a candidate in this tile"


def test_as_of_on_tiles_is_checked(server):
    base = f"{server}/collections"
    assert get(f"{base}/idle-land/tiles/WebMercatorQuad/8/101/208?as-of=2016-13-31")[0] == 400
    assert get(f"{base}/zones/tiles/WebMercatorQuad/8/101/208?as-of=2016-12-31")[0] == 400
    assert get(f"{server}/tiles/WebMercatorQuad/8/101/208?as-of=2016-12-31")[0] in (200, 204)
