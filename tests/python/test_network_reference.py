"""Cross-check of zonescope's `zone-connectivity`, `connector-paths`, `relocation` and
`zone-relocation` against the independent reference ref_network.py (shapely, pyproj, networkx):
statuses, routes, ids and counts exactly; lengths and areas within 1e-6 relative.

Three data sets:
1. a hand-made GeoPackage whose answers are derived by hand below (checks the reference too);
2. a seeded synthetic network (county-road grid with shared endpoints, trunk roads along it,
   a trunk road crossing it without shared nodes, an expressway with and without
   interchanges, endpoints nudged within and beyond the snap tolerance, point and polygon
   villages, some on zone vertices and edges);
3. the bundled sample (data/henan_sample.gpkg), through the `exported_layers` fixture.
"""
import json
import math
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
from pyproj import Geod
from shapely.geometry import LineString, Point, Polygon, box

sys.path.insert(0, str(Path(__file__).parent))
import ref_network as ref  # noqa: E402
from conftest import SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, run_zonescope  # noqa: E402

REL = 1e-6
GEOD = Geod(ellps="WGS84")
LAYERS = ["zone-connectivity", "connector-paths", "relocation", "zone-relocation"]
KEYS = {"zone-connectivity": "zone_id", "connector-paths": "zone_id", "relocation": "village_id",
        "zone-relocation": "zone_id"}
EXACT = {
    "zone-connectivity": ["status", "routes", "nearest_route"],
    "connector-paths": ["kind", "to_route"],
    "relocation": ["zone_id", "name", "households", "population", "footprint_estimated", "relocation"],
    "zone-relocation": ["village_count", "households", "population"],
}
NUMBERS = {
    "zone-connectivity": ["network_distance_m", "gap_m"],
    "connector-paths": ["length_m"],
    "relocation": ["footprint_m2"],
    "zone-relocation": ["footprint_ha", "footprint_share", "resettlement_units"],
}


def _plain(v):
    if v is None:
        return None
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    return v


def compare(layer_id, exported, reference):
    key = KEYS[layer_id]
    got = {f["id"]: f["properties"] for f in exported["features"]}
    want = {r[key]: r for r in reference.drop(columns="geometry", errors="ignore").to_dict("records")}
    assert set(got) == set(want), (
        f"{layer_id}: ids differ; only zonescope: {sorted(set(got) - set(want))[:10]}, "
        f"only reference: {sorted(set(want) - set(got))[:10]}")
    problems = []
    for fid, props in got.items():
        w = want[fid]
        for name in EXACT[layer_id]:
            if _plain(w[name]) != props.get(name):
                problems.append(f"{layer_id} {fid} {name}: zonescope {props.get(name)!r}, reference {_plain(w[name])!r}")
        for name in NUMBERS[layer_id]:
            a, b = props.get(name), _plain(w[name])
            if (a is None) != (b is None) or (a is not None and abs(a - b) > REL * max(abs(b), 1e-9)):
                problems.append(f"{layer_id} {fid} {name}: zonescope {a!r}, reference {b!r}")
    assert not problems, "\n".join(problems[:30])
    return len(got)


def export(tmp_path, gpkg, config=None):
    out = tmp_path / "out"
    args = ["export", "--data", gpkg, "--as-of", SAMPLE_AS_OF, "--out", out]
    if config:
        args += ["--config", config]
    run_zonescope(*args)
    return {lid: json.loads((out / f"{lid}.geojson").read_text()) for lid in LAYERS}


def write_gpkg(path, zones, roads, villages):
    """Writes the four layers (one dummy parcel far away) in EPSG:4326."""
    gpd.GeoDataFrame(zones, geometry="geometry", crs="EPSG:4326").to_file(path, layer="zones", driver="GPKG")
    gpd.GeoDataFrame([{"parcel_id": "P0", "geometry": box(100.0, 20.0, 100.001, 20.001)}], geometry="geometry",
                     crs="EPSG:4326").to_file(path, layer="parcels", driver="GPKG")
    gpd.GeoDataFrame(roads, geometry="geometry", crs="EPSG:4326").to_file(path, layer="roads", driver="GPKG")
    gpd.GeoDataFrame(villages, geometry="geometry", crs="EPSG:4326").to_file(
        path, layer="villages", driver="GPKG", geometry_type="Unknown")


def road(rid, route, coords, grade="3", status="built"):
    return {"road_id": rid, "route": route, "name": None, "grade": grade, "status": status,
            "geometry": LineString(coords)}


def village(vid, geom, households=None, population=None, homestead=None, relocation="none"):
    return {"village_id": vid, "name": f"v{vid}", "households": households, "population": population,
            "homestead_area_m2": homestead, "relocation": relocation, "geometry": geom}


# ---------------------------------------------------------------------------------------------
# 1. hand-made

def meridian_arc(lon, lat1, lat2):
    return GEOD.inv(lon, lat1, lon, lat2)[2]


@pytest.fixture(scope="module")
def handmade(tmp_path_factory):
    d = tmp_path_factory.mktemp("hand")
    zone_ring = [(113.0, 34.0), (113.01, 34.0), (113.01, 34.01), (113.005, 34.01), (113.0, 34.01)]
    zones = [
        {"zone_id": "direct", "name": "crossed by G107", "geometry": Polygon(zone_ring)},
        {"zone_id": "network", "name": "county road to S312",
         "geometry": Polygon([(x + 0.1, y) for x, y in zone_ring])},
        {"zone_id": "gap", "name": "no road", "geometry": Polygon([(x + 0.2, y) for x, y in zone_ring])},
    ]
    roads = [
        road("g107", "G107", [(113.005, 33.99), (113.005, 34.02)], grade="1"),
        road("x1", "X001", [(113.105, 34.005), (113.105, 34.03)]),
        road("s1", "S312", [(113.09, 34.03), (113.105, 34.03)], grade="2"),
        road("s2", "S312", [(113.105, 34.03), (113.12, 34.04)], grade="2"),
        road("p1", "G207", [(113.205, 33.99), (113.205, 34.02)], grade="1", status="planned"),
    ]
    villages = [
        village("in", Point(113.002, 34.002), 10, 30, 1500.0, "planned"),
        village("vertex", Point(113.0, 34.0), 5, 20),
        village("edge", Point(113.005, 34.0), 3, 9, None, "started"),
        village("done", Point(113.003, 34.003), 7, 25, None, "done"),
        village("out", Point(113.05, 34.05), 9, 30),
        village("half", box(113.002, 34.008, 113.004, 34.012), 20, 70),
    ]
    path = d / "hand.gpkg"
    write_gpkg(path, zones, roads, villages)
    return path


def test_reference_on_handmade_answers(handmade):
    out = ref.run(handmade)
    zc = out["zone-connectivity"].set_index("zone_id")
    assert zc.loc["direct", "status"] == "direct" and zc.loc["direct", "routes"] == ["G107"]
    assert zc.loc["network", "status"] == "network"
    assert zc.loc["network", "nearest_route"] == "S312"
    assert zc.loc["network", "network_distance_m"] == pytest.approx(meridian_arc(113.105, 34.005, 34.03), rel=1e-12)
    assert zc.loc["network", "gap_m"] == pytest.approx(meridian_arc(113.105, 34.01, 34.03), rel=1e-9)
    # The planned road does not count; the nearest trunk access is S312's west link.
    assert zc.loc["gap", "status"] == "none"
    assert zc.loc["gap", "nearest_route"] == "S312"
    rel = out["relocation"].set_index("village_id")
    assert sorted(rel.index) == ["done", "edge", "half", "in", "vertex"]
    assert rel.loc["vertex", "footprint_m2"] == 670.0 and bool(rel.loc["vertex", "footprint_estimated"])
    # half: the part south of 34.01 of a 0.002° × 0.004° box; geodesic area of that polygon.
    half = abs(GEOD.geometry_area_perimeter(box(113.002, 34.008, 113.004, 34.01))[0])
    assert rel.loc["half", "footprint_m2"] == pytest.approx(half, rel=1e-9)
    zr = out["zone-relocation"].set_index("zone_id")
    assert zr.loc["direct", "village_count"] == 4
    assert zr.loc["direct", "households"] == 10 + 5 + 3 + 20
    assert zr.loc["network", "village_count"] == 0 and zr.loc["network", "households"] == 0


def test_zonescope_on_handmade(handmade, tmp_path):
    layers = export(tmp_path, handmade)
    out = ref.run(handmade)
    for lid in LAYERS:
        compare(lid, layers[lid], out[lid])
    # the half-inside village against pyproj directly
    got = {f["id"]: f["properties"] for f in layers["relocation"]["features"]}
    half = abs(GEOD.geometry_area_perimeter(box(113.002, 34.008, 113.004, 34.01))[0])
    assert got["half"]["footprint_m2"] == pytest.approx(half, rel=1e-6)


# ---------------------------------------------------------------------------------------------
# 2. synthetic network

def synthetic(path, seed=7):
    rng = np.random.default_rng(seed)
    nx_, ny_ = 30, 30
    x0, y0, step = 113.4, 34.4, 0.01
    grid = np.stack(np.meshgrid(np.arange(nx_), np.arange(ny_), indexing="ij"), -1)
    jitter = rng.uniform(-0.002, 0.002, size=(nx_, ny_, 2))
    pos = np.array([x0, y0]) + grid * step + jitter
    roads = []
    deg_per_m = 1 / 111_000.0

    def node(i, j):
        return tuple(pos[i, j])

    k = 0
    for i in range(nx_):
        for j in range(ny_):
            for di, dj in ((1, 0), (0, 1)):
                if i + di >= nx_ or j + dj >= ny_ or rng.random() < 0.35:
                    continue
                a, b = node(i, j), node(i + di, j + dj)
                mid = ((a[0] + b[0]) / 2 + rng.uniform(-0.001, 0.001), (a[1] + b[1]) / 2 + rng.uniform(-0.001, 0.001))
                r = rng.random()
                if r < 0.03:  # nudged within the snap tolerance
                    a = (a[0] + 0.4 * deg_per_m, a[1])
                elif r < 0.06:  # nudged beyond it
                    a = (a[0] + 3.0 * deg_per_m, a[1])
                prefix = rng.choice(["X", "Y", "C"])
                roads.append(road(f"r{k}", f"{prefix}{rng.integers(1, 300):03d}", [a, mid, b]))
                k += 1
    # trunk roads along grid lines (shared endpoints)
    for j0, route, grade in ((5, "G107", "1"), (22, "S312", "2")):
        for i in range(0, 12):
            roads.append(road(f"t{route}{i}", route, [node(i, j0), node(i + 1, j0)], grade=grade))
    for i0, route in ((25, "G310"), (25, "S221")):  # two routes meeting along one column
        for j in range(12, 20):
            roads.append(road(f"t{route}{j}", route, [node(i0, j), node(i0, j + 1)], grade="2"))
    # a trunk road crossing the grid without shared nodes
    roads.append(road("bridge", "G207", [(x0 + 0.155, y0 - 0.01), (x0 + 0.155, y0 + 0.30)], grade="1"))
    # an expressway on its own nodes, with interchanges at two grid nodes
    ex = [(x0 + 0.205, y0 - 0.01), node(20, 8), (x0 + 0.215, y0 + 0.14), node(21, 17), (x0 + 0.225, y0 + 0.30)]
    for e in range(len(ex) - 1):
        roads.append(road(f"g4_{e}", "G4", [ex[e], ex[e + 1]], grade="expressway"))
    roads.append(road("planned", "S999", [(x0 + 0.05, y0 + 0.05), (x0 + 0.25, y0 + 0.25)], grade="1", status="planned"))
    zones = []
    for z in range(14):
        cx, cy = x0 + rng.uniform(0.0, 0.3), y0 + rng.uniform(0.0, 0.3)
        w, h = rng.uniform(0.004, 0.02), rng.uniform(0.004, 0.02)
        ring = [(cx, cy), (cx + w, cy + h * 0.1), (cx + w * 1.1, cy + h), (cx + w * 0.3, cy + h * 1.2), (cx - w * 0.2, cy + h * 0.5)]
        zones.append({"zone_id": f"Z{z:02d}", "name": f"zone {z}", "geometry": Polygon(ring)})
    zones.append({"zone_id": "Zfar", "name": "far", "geometry": box(114.2, 35.0, 114.21, 35.01)})
    gx, gy = node(6, 5)  # on G107
    zones.append({"zone_id": "Zg107", "name": "on G107", "geometry": box(gx - 0.003, gy - 0.002, gx + 0.004, gy + 0.003)})
    ix, iy = node(21, 17)  # near the G4 interchange, 30 m away
    zones.append({"zone_id": "Zg4", "name": "by G4", "geometry": box(ix + 0.00036, iy - 0.002, ix + 0.006, iy + 0.003)})
    villages = []
    for v in range(500):
        p = Point(x0 + rng.uniform(0, 0.32), y0 + rng.uniform(0, 0.32))
        hh = None if rng.random() < 0.05 else int(rng.integers(20, 400))
        villages.append(village(f"V{v:04d}", p, hh, None if hh is None else hh * 3,
                                float(rng.uniform(2000, 50000)) if rng.random() < 0.5 else None,
                                rng.choice(["none", "planned", "started", "done"])))
    for v in range(120):
        cx, cy = x0 + rng.uniform(0, 0.32), y0 + rng.uniform(0, 0.32)
        s = rng.uniform(0.001, 0.004)
        villages.append(village(f"W{v:04d}", box(cx, cy, cx + s, cy + s * 0.8), int(rng.integers(20, 400)),
                                int(rng.integers(50, 1200)), None, rng.choice(["none", "planned", "done"])))
    # villages on zone vertices and edges
    for z in zones[:5]:
        c = list(z["geometry"].exterior.coords)
        villages.append(village(f"{z['zone_id']}-vertex", Point(c[1]), 12, 40))
        villages.append(village(f"{z['zone_id']}-edge", Point((c[2][0] + c[3][0]) / 2, (c[2][1] + c[3][1]) / 2), 8, 30))
    write_gpkg(path, zones, roads, villages)


@pytest.fixture(scope="module")
def synthetic_gpkg(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "synthetic.gpkg"
    synthetic(path)
    return path


def test_zonescope_matches_reference_on_synthetic_network(synthetic_gpkg, tmp_path):
    layers = export(tmp_path, synthetic_gpkg)
    out = ref.run(synthetic_gpkg)
    counts = {lid: compare(lid, layers[lid], out[lid]) for lid in LAYERS}
    statuses = {f["properties"]["status"] for f in layers["zone-connectivity"]["features"]}
    # the data exercise every status and both connector kinds
    assert statuses == {"direct", "network", "none"}, statuses
    kinds = {f["properties"]["kind"] for f in layers["connector-paths"]["features"]}
    assert kinds == {"network", "gap"}, kinds
    assert counts["relocation"] > 20


def test_vectorised_reference_matches_zonescope_on_synthetic_network(synthetic_gpkg, tmp_path):
    """ref_audit.py (the audit benchmark's vectorised peer) on the same tricky network: snapping
    within and beyond the tolerance, a bridge, expressway interchanges, points on zone edges."""
    import ref_audit
    layers = export(tmp_path, synthetic_gpkg)
    out = ref_audit.network_layers(synthetic_gpkg)
    for lid in LAYERS:
        compare(lid, layers[lid], out[lid])


def test_scipy_engine_agrees_with_networkx(synthetic_gpkg):
    a = ref.run(synthetic_gpkg, engine="networkx")["zone-connectivity"].set_index("zone_id")
    b = ref.run(synthetic_gpkg, engine="scipy")["zone-connectivity"].set_index("zone_id")
    assert list(a["status"]) == list(b["status"])
    for x, y in zip(a["network_distance_m"], b["network_distance_m"]):
        assert (x is None or math.isnan(x)) == (y is None or math.isnan(y))
        if x is not None and not math.isnan(x):
            assert x == pytest.approx(y, rel=1e-12)


# ---------------------------------------------------------------------------------------------
# 3. the bundled sample

@pytest.mark.skipif(not SAMPLE.exists(), reason="bundled sample not present yet")
def test_zonescope_matches_reference_on_sample(exported_layers):
    out = ref.run(SAMPLE, SAMPLE_CONFIG)
    for lid in LAYERS:
        exported = json.loads((exported_layers / f"{lid}.geojson").read_text())
        compare(lid, exported, out[lid])
