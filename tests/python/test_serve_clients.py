"""`zonescope serve` on the bundled sample, read by real clients.

GDAL's OAPIF driver, PyQGIS (Debian's python3-qgis, headless), OWSLib and schemathesis talk
to a server started here. Expected answers come from elsewhere: feature counts from the
GeoPackage (pyogrio) and from `zonescope export`, bbox answers from shapely, Gauss-Krüger
coordinates from pyproj.
"""
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyogrio
import pytest
import shapely
from pyproj import Transformer

from conftest import ROOT, SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, zonescope_bin

CRS_4547 = "http://www.opengis.net/def/crs/EPSG/0/4547"
INPUT_LAYERS = ["zones", "parcels", "roads", "villages"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [zonescope_bin(), "serve", "--data", str(SAMPLE), "--config", str(SAMPLE_CONFIG),
         "--as-of", SAMPLE_AS_OF, "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"zonescope serve exited with {proc.returncode}: {proc.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("zonescope serve did not become ready within 180 s")


@pytest.fixture(scope="module")
def server():
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def get_json(url: str):
    req = urllib.request.Request(url, headers={"Accept": "application/geo+json, application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.load(r)


@pytest.fixture(scope="module")
def served_ids(server):
    """Collection ids the server lists."""
    return [c["id"] for c in get_json(f"{server}/collections")["collections"]]


@pytest.fixture(scope="module")
def layer_features(exported_layers):
    """Every layer's features by id, from `zonescope export` (GeoJSON files)."""
    out = {}
    for p in sorted(Path(exported_layers).glob("*.geojson")):
        doc = json.loads(p.read_text())
        out[p.stem] = {f["id"]: f for f in doc["features"]}
    return out


def test_every_layer_is_a_collection_with_its_count(server, served_ids, layer_features):
    assert sorted(served_ids) == sorted(layer_features), "every exported layer is served"
    for name in INPUT_LAYERS:
        n_source = len(pyogrio.read_dataframe(SAMPLE, layer=name, read_geometry=False))
        assert len(layer_features[name]) == n_source, name
    for c in get_json(f"{server}/collections")["collections"]:
        assert c["itemCount"] == len(layer_features[c["id"]]), c["id"]
        assert CRS_4547 in c["crs"]


def test_gdal_ogrinfo_lists_every_collection(server, layer_features):
    if not shutil.which("ogrinfo"):
        pytest.skip("ogrinfo is not installed")
    out = subprocess.run(["ogrinfo", "-ro", "-al", "-so", "-oo", "PAGE_SIZE=1000", f"OAPIF:{server}"],
                         capture_output=True, text=True, timeout=300, check=True).stdout
    counts = {}
    name = None
    for line in out.splitlines():
        if line.startswith("Layer name:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("Feature Count:") and name:
            counts[name] = int(line.split(":", 1)[1])
    assert counts == {k: len(v) for k, v in layer_features.items()}


QGIS_PROBE = r"""
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from qgis.core import QgsApplication, QgsVectorLayer
app = QgsApplication([], False)
app.initQgis()
url, names = sys.argv[1], sys.argv[2:]
out = {}
for n in names:
    lyr = QgsVectorLayer(f"url='{url}' typename='{n}'", n, "OAPIF")
    valid = lyr.isValid()
    out[n] = {"valid": valid,
              "count": lyr.featureCount() if valid else None,
              "read": sum(1 for _ in lyr.getFeatures()) if valid else None}
    del lyr
print("RESULT " + json.dumps(out), flush=True)
app.exitQgis()
"""


def test_qgis_loads_every_collection(server, layer_features, tmp_path):
    qgis_python = "/usr/bin/python3"
    probe_ok = subprocess.run([qgis_python, "-c", "import qgis.core"], capture_output=True)
    if probe_ok.returncode != 0:
        pytest.skip("PyQGIS (python3-qgis) is not installed")
    script = tmp_path / "qgis_probe.py"
    script.write_text(QGIS_PROBE)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(tmp_path))
    proc = subprocess.run([qgis_python, str(script), server, *layer_features], capture_output=True,
                          text=True, timeout=600, env=env)
    lines = [l for l in proc.stdout.splitlines() if l.startswith("RESULT ")]
    assert lines, f"QGIS probe failed ({proc.returncode}): {proc.stderr[-3000:]}"
    result = json.loads(lines[-1][len("RESULT "):])
    for name, feats in layer_features.items():
        assert result[name]["valid"], name
        assert result[name]["count"] == len(feats), name
        assert result[name]["read"] == len(feats), name


def test_owslib_reads_items(server, layer_features):
    from owslib.ogcapi.features import Features
    api = Features(server)
    ids = [c["id"] for c in api.collections()["collections"]]
    assert sorted(ids) == sorted(layer_features)
    page = api.collection_items("parcels", limit=25)
    assert page["numberReturned"] == 25
    assert page["numberMatched"] == len(layer_features["parcels"])
    for f in page["features"]:
        assert f["id"] in layer_features["parcels"]
    z = api.collection_items("zones", limit=1)["features"][0]
    assert z["properties"]["zone_id"] == z["id"]


def follow_next(url: str):
    ids = []
    pages = 0
    while url:
        doc = get_json(url)
        assert doc["numberReturned"] == len(doc["features"])
        ids.extend(f["id"] for f in doc["features"])
        url = next((l["href"] for l in doc["links"] if l["rel"] == "next"), None)
        pages += 1
        assert pages < 1000
    return ids


def test_paging_by_next_returns_every_feature_once(server, layer_features):
    for name, feats in layer_features.items():
        ids = follow_next(f"{server}/collections/{name}/items?limit=1000")
        assert len(ids) == len(set(ids)), f"{name}: a feature came twice"
        assert set(ids) == set(feats), name
    # A smaller page size over a bbox-filtered set.
    ids = follow_next(f"{server}/collections/parcels/items?limit=37&bbox=110,31,117,37")
    assert len(ids) == len(set(ids))


def test_bbox_returns_exactly_the_intersecting_features(server, layer_features):
    rng = random.Random(2014)
    for name, feats in sorted(layer_features.items()):
        geoms = {fid: shapely.geometry.shape(f["geometry"]) for fid, f in feats.items() if f["geometry"]}
        tree_ids = list(geoms)
        if not tree_ids:
            continue
        for _ in range(6 if name in INPUT_LAYERS else 3):
            # Boxes around random features, from tiny to a few kilometres.
            g = geoms[rng.choice(tree_ids)]
            cx, cy = g.representative_point().coords[0]
            hw = rng.choice([0.0005, 0.003, 0.02, 0.08])
            b = (cx - hw, cy - hw * 0.8, cx + hw, cy + hw * 0.8)
            want = {fid for fid, geom in geoms.items() if geom.intersects(shapely.box(*b))}
            doc = get_json(f"{server}/collections/{name}/items?limit=10000&bbox={b[0]},{b[1]},{b[2]},{b[3]}")
            got = {f["id"] for f in doc["features"]}
            assert doc["numberMatched"] == len(want), (name, b)
            assert got == want, (name, b, sorted(got ^ want)[:5])


def coords(geom):
    """Every coordinate pair of a GeoJSON geometry, in order."""
    def walk(c):
        if isinstance(c[0], (int, float)):
            yield c
        else:
            for x in c:
                yield from walk(x)
    yield from walk(geom["coordinates"])


def test_crs_4547_matches_pyproj_within_a_centimetre(server, layer_features):
    to_gk = Transformer.from_crs("OGC:CRS84", "EPSG:4547", always_xy=True)
    for name in ["parcels", "villages", "roads"]:
        with urllib.request.urlopen(f"{server}/collections/{name}/items?limit=200&crs={CRS_4547}") as r:
            assert r.headers["Content-Crs"] == f"<{CRS_4547}>"
            doc = json.load(r)
        assert doc["features"]
        for f in doc["features"]:
            ref = layer_features[name][f["id"]]["geometry"]
            got = list(coords(f["geometry"]))
            want = list(coords(ref))
            assert len(got) == len(want)
            for (n, e), (lon, lat) in zip(got, want):
                e_ref, n_ref = to_gk.transform(lon, lat)
                # Northing first, as EPSG:4547 defines its axes.
                assert abs(n - n_ref) < 0.01 and abs(e - e_ref) < 0.01, (name, f["id"], n, e, n_ref, e_ref)


def test_schemathesis_finds_no_violations(server, tmp_path):
    exe = Path(sys.executable).parent / "schemathesis"
    if not exe.exists():
        pytest.skip("schemathesis is not installed")
    proc = subprocess.run(
        [str(exe), "run", f"{server}/api", "--checks", "all", "--hypothesis-max-examples", "25",
         "--hypothesis-seed", "2014", "--hypothesis-derandomize", "--no-color", "--request-timeout", "30000"],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
        env=dict(os.environ, SCHEMATHESIS_TELEMETRY="false"))
    assert proc.returncode == 0, proc.stdout[-6000:]
    assert " passed" in proc.stdout and "errored" not in proc.stdout, proc.stdout[-3000:]


def test_sigterm_shuts_down_gracefully():
    port = free_port()
    proc = start_server(port)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0
