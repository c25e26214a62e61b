"""Every shipped QML draws in QGIS 3.22 (PyQGIS, headless): from audit.gpkg with the style
embedded in its layer_styles table (every packaged layer: the results, zones and roads; the
parcels and villages inputs are not packaged, docs/audit.md), and over OGC API - Features from a server started here
with styles/<id>.qml, fresh and from QGIS's cache, at district and province scale. Village
layers hold points and polygons: both draw. All renders run in one QGIS process
(tests/python/qgis_render.py); the PNGs stay in the test's temporary folder."""
import json
import os
import subprocess
from pathlib import Path

import pyogrio
import pytest

from conftest import ROOT, SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, run_zonescope
from test_serve_clients import free_port, start_server

QGIS_PYTHON = "/usr/bin/python3"
LAYERS = ["zones", "parcels", "roads", "villages", "parcel-intensity", "zone-intensity", "idle-land",
          "zone-connectivity", "connector-paths", "relocation", "zone-relocation"]
MIXED = ["villages", "relocation"]
# The input layers audit.gpkg does not hold (zonescope's audit::PACKAGED_INPUTS keeps zones, roads).
NOT_PACKAGED = {"parcels", "villages"}


def qgis_available():
    return Path(QGIS_PYTHON).exists() and subprocess.run(
        [QGIS_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0


pytestmark = pytest.mark.skipif(not qgis_available(), reason="PyQGIS (python3-qgis) is not installed")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("render")
    audit = out / "audit"
    run_zonescope("audit", "--data", SAMPLE, "--config", SAMPLE_CONFIG, "--as-of", SAMPLE_AS_OF,
                  "--out", audit)
    port = free_port()
    proc = start_server(port)
    try:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(out))
        p = subprocess.run([QGIS_PYTHON, str(ROOT / "tests" / "python" / "qgis_render.py"),
                            str(audit / "audit.gpkg"), f"http://127.0.0.1:{port}", str(ROOT / "styles"),
                            str(out), *LAYERS],
                           capture_output=True, text=True, timeout=600, env=env, cwd=out)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    line = next((l for l in p.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line, f"QGIS render failed ({p.returncode}): {p.stdout[-2000:]} {p.stderr[-3000:]}"
    return {"result": json.loads(line[len("RESULT "):]), "dir": out, "audit": audit}


def draws(r, what):
    """A render draws where features are in view."""
    assert r["in_view"] > 0, f"{what}: no feature in view"
    assert r["pixels"] > 0, f"{what}: features in view, nothing drawn ({r['png']})"


@pytest.mark.parametrize("name", LAYERS)
def test_style_draws_from_the_geopackage(rendered, name):
    entry = rendered["result"][name]
    subs = {k: v for k, v in entry.items() if k.startswith("gpkg-")}
    assert subs, name
    if name in NOT_PACKAGED:
        # QGIS finds no such layer in the package (its style is drawn over OAPIF below).
        assert subs == {"gpkg-layer": {"valid": False}}, (name, subs)
        return
    for key, info in subs.items():
        assert info["valid"], (name, key)
        assert info["renderer"] == "RuleRenderer", (name, key, "the embedded style is not applied")
        for scale in ("district", "province"):
            draws(info[scale], f"{name} {key} {scale}")


@pytest.mark.parametrize("name", LAYERS)
def test_style_draws_over_oapif_fresh_and_cached(rendered, name):
    info = rendered["result"][name]["oapif"]
    assert info["valid"] and info["style_loaded"], (name, info)
    assert info["renderer"] == "RuleRenderer"
    for scale in ("district", "province"):
        for n in ("fresh", "cached"):
            draws(info[f"{scale}-{n}"], f"{name} OAPIF {scale} {n}")
        # The cached render draws what the fresh one drew.
        fresh, cached = info[f"{scale}-fresh"]["pixels"], info[f"{scale}-cached"]["pixels"]
        assert cached >= 0.9 * fresh, (name, scale, fresh, cached)


@pytest.mark.parametrize("name", MIXED)
def test_village_polygons_arrive_over_oapif(rendered, name):
    # Over OAPIF both kinds arrive (one layer or split): the polygon features draw too.
    entry = rendered["result"][name]
    assert "Polygon" in entry["oapif"]["kinds"], entry["oapif"]["kinds"]


@pytest.mark.parametrize("name", [m for m in MIXED if m not in NOT_PACKAGED])
def test_village_polygons_draw(rendered, name):
    gpkg = rendered["audit"] / "audit.gpkg"
    df = pyogrio.read_dataframe(gpkg, layer=name)
    kinds = set(df.geometry.geom_type.str.replace("Multi", ""))
    assert kinds == {"Point", "Polygon"}, kinds
    entry = rendered["result"][name]
    # QGIS opens the GeoPackage layer as a Point and a Polygon sub-layer; both draw.
    assert {"gpkg-point", "gpkg-polygon"} <= set(entry), sorted(entry)
    for scale in ("district", "province"):
        draws(entry["gpkg-polygon"][scale], f"{name} polygons {scale}")
    n_poly = int((df.geometry.geom_type.str.contains("Polygon")).sum())
    assert entry["gpkg-polygon"]["count"] == n_poly


def test_labels_are_on_where_the_issue_asks(rendered):
    for name in ["zones", "connector-paths", "idle-land"]:
        info = rendered["result"][name]
        assert info["oapif"]["labels"], name
        assert all(v["labels"] for k, v in info.items() if k.startswith("gpkg-")), name


def labels(name):
    """Class value → label, from styles/palette.json (the generator writes both)."""
    pal = json.loads((ROOT / "styles" / "palette.json").read_text(encoding="utf-8"))
    return {c["value"]: c["label"] for c in pal["layers"][name]["classes"] if "value" in c}


def expected_classes(gpkg, name):
    """Features per class label, counted from the layer's values with pyogrio."""
    df = pyogrio.read_dataframe(gpkg, layer=name, read_geometry=False)
    lab = labels(name)
    if name == "parcel-intensity":
        keys = df["meets_standard"].map(lambda v: None if v is None or v != v else ("yes" if v else "no"))
    elif name == "idle-land":
        keys = df.apply(lambda r: "excluded" if r["excluded"] else r["severity"], axis=1)
    elif name == "zone-connectivity":
        keys = df["status"]
    else:  # relocation
        keys = df["relocation"]
    counts = {}
    for k in keys:
        counts[lab.get(k, lab[None])] = counts.get(lab.get(k, lab[None]), 0) + 1
    return counts


@pytest.mark.parametrize("name", ["parcel-intensity", "idle-land", "zone-connectivity", "relocation"])
def test_features_fall_in_their_classes_everywhere(rendered, name):
    """Each feature lands in the class its values say, from the GeoPackage and from QGIS's
    OAPIF cache (which hands nulls back as false: the styles must not depend on a null)."""
    want = expected_classes(rendered["audit"] / "audit.gpkg", name)
    entry = rendered["result"][name]
    gpkg = {}
    for key, info in entry.items():
        if key.startswith("gpkg-"):
            for label, n in info["classes"].items():
                gpkg[label] = gpkg.get(label, 0) + n
    assert gpkg == want, (name, "gpkg")
    assert entry["oapif"]["classes"] == want, (name, "oapif, cached")
