"""`zonescope audit` on the bundled sample, checked with real clients: GDAL (pyogrio) reads
every layer of audit.gpkg with the contract's property names and types, PyQGIS opens result
layers styled from the embedded `layer_styles`, the CSVs are UTF-8 with BOM with one row per
candidate / zone (cross-checked against `zonescope export`), and report.html renders in
headless Chromium without a single network request."""
import csv
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import textwrap
import zlib
from xml.etree import ElementTree
from pathlib import Path

import pyogrio
import pytest

from conftest import ROOT, SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, run_zonescope

# Contract section 2 (inputs) and 3 (results): properties every layer must carry.
CONTRACT = {
    "zones": ["zone_id", "name", "city", "county", "star", "leading_industry"],
    "parcels": ["parcel_id", "zone_id", "land_use", "industry_code", "holder", "registered_area_m2",
                "granted_on", "agreed_start", "agreed_completion", "actual_start", "halted_since",
                "developed_area_m2", "total_investment_wan_yuan", "invested_wan_yuan", "floor_area_m2",
                "footprint_m2", "admin_area_m2", "green_area_m2", "output_wan_yuan", "tax_wan_yuan",
                "delay_cause"],
    "roads": ["road_id", "route", "name", "grade", "status"],
    "villages": ["village_id", "name", "households", "population", "homestead_area_m2", "relocation"],
    "parcel-intensity": ["parcel_id", "zone_id", "area_m2", "site_area_m2", "site_area_mu", "far",
                         "building_coefficient", "investment_intensity_wan_yuan_per_ha",
                         "output_per_mu_wan_yuan", "tax_per_mu_wan_yuan", "meets_standard", "shortfalls"],
    "zone-intensity": ["zone_id", "zone_area_ha", "parcel_count", "parcel_area_ha", "far",
                       "building_coefficient", "investment_intensity_wan_yuan_per_ha",
                       "output_per_mu_wan_yuan", "tax_per_mu_wan_yuan", "idle_candidate_count",
                       "idle_area_ha"],
    "idle-land": ["parcel_id", "zone_id", "reason", "idle_since", "idle_days", "severity",
                  "idle_area_m2", "excluded", "exclusion_reason"],
    "zone-connectivity": ["zone_id", "status", "routes", "nearest_route", "network_distance_m", "gap_m"],
    "connector-paths": ["zone_id", "kind", "length_m", "to_route"],
    "relocation": ["village_id", "zone_id", "households", "population", "footprint_m2",
                   "footprint_estimated"],
    "zone-relocation": ["zone_id", "village_count", "households", "population", "footprint_ha",
                        "footprint_share", "resettlement_units"],
}
RESULTS = [k for k in CONTRACT if "-" in k]
# Inputs in audit.gpkg: zones and roads for context; parcels are in parcel-intensity, the
# villages inside zones in relocation (docs/audit.md).
PACKAGED = ["zones", "roads", *RESULTS]
FILES = ["audit.gpkg", "idle_land.csv", "zones.csv", "report.html"]
QGIS_PYTHON = "/usr/bin/python3"


@pytest.fixture(scope="module")
def audit_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("audit")
    p = run_zonescope("audit", "--data", SAMPLE, "--config", SAMPLE_CONFIG, "--as-of", SAMPLE_AS_OF,
                      "--out", out, check=False)
    assert p.returncode == 0, p.stderr[-2000:]
    return out


def geojson(exported_layers, layer_id):
    with open(exported_layers / f"{layer_id}.geojson", encoding="utf-8") as f:
        return json.load(f)["features"]


def test_audit_writes_all_four_files(audit_dir):
    for name in FILES:
        assert (audit_dir / name).stat().st_size > 0, name


def test_gdal_reads_every_layer_with_contract_names(audit_dir, exported_layers):
    layers = dict(pyogrio.list_layers(audit_dir / "audit.gpkg"))
    assert "parcels" not in layers and "villages" not in layers
    for layer_id, props in CONTRACT.items():
        if layer_id not in PACKAGED:
            continue
        assert layer_id in layers, f"{layer_id} missing from audit.gpkg"
        info = pyogrio.read_info(audit_dir / "audit.gpkg", layer=layer_id)
        fields = list(info["fields"])
        missing = [p for p in props if p not in fields]
        assert not missing, f"{layer_id}: {missing}"
        assert info["crs"] in ("EPSG:4490", "EPSG:4326"), info["crs"]
        # Same features as the GeoJSON export (an independent encoding of the same layers).
        assert info["features"] == len(geojson(exported_layers, layer_id)), layer_id


def test_gpkg_field_types(audit_dir, exported_layers):
    df = pyogrio.read_dataframe(audit_dir / "audit.gpkg", layer="idle-land")
    info = pyogrio.read_info(audit_dir / "audit.gpkg", layer="idle-land")
    types = dict(zip(info["fields"], info["dtypes"]))
    assert types["idle_since"].startswith("datetime64"), types["idle_since"]  # a DATE column
    assert types["excluded"] == "bool", types["excluded"]  # Integer(Boolean)
    assert "int" in types["idle_days"], types["idle_days"]
    # Values match the GeoJSON export feature by feature.
    ref = {f["properties"]["parcel_id"]: f["properties"] for f in geojson(exported_layers, "idle-land")}
    for row in df.itertuples():
        r = ref[row.parcel_id]
        assert row.idle_since.strftime("%Y-%m-%d") == r["idle_since"]
        assert bool(row.excluded) == r["excluded"]
        assert row.severity == r["severity"]
    # Lists are comma-separated text.
    pi = pyogrio.read_dataframe(audit_dir / "audit.gpkg", layer="parcel-intensity", read_geometry=False)
    ref = {f["properties"]["parcel_id"]: f["properties"] for f in geojson(exported_layers, "parcel-intensity")}
    for row in pi.itertuples():
        expected = ",".join(ref[row.parcel_id]["shortfalls"] or [])
        assert (row.shortfalls or "") == expected, row.parcel_id


QGIS_SCRIPT = textwrap.dedent("""
    import json, sys
    from qgis.core import QgsApplication, QgsVectorLayer
    app = QgsApplication([], False)
    app.initQgis()
    out = {}
    for name in sys.argv[2:]:
        lyr = QgsVectorLayer(sys.argv[1] + "|layername=" + name, name, "ogr")
        info = {"valid": lyr.isValid()}
        if lyr.isValid():
            r = lyr.renderer()
            info["renderer"] = r.type() if r else None
            info["classes"] = len([i for i in r.legendSymbolItems() if i.symbol() is not None])
            info["aliases"] = {f.name(): lyr.attributeAlias(i) for i, f in enumerate(lyr.fields())}
        out[name] = info
        del lyr
    print("RESULT " + json.dumps(out, ensure_ascii=False))
    app.exitQgis()
""")


@pytest.mark.skipif(not Path(QGIS_PYTHON).exists(), reason="Debian python3 with PyQGIS needed")
def test_qgis_opens_result_layers_with_shipped_style(audit_dir, tmp_path):
    script = tmp_path / "qgis_check.py"
    script.write_text(QGIS_SCRIPT, encoding="utf-8")
    names = PACKAGED  # zones, roads and the seven results
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_RUNTIME_DIR=str(tmp_path))
    p = subprocess.run([QGIS_PYTHON, str(script), str(audit_dir / "audit.gpkg"), *names],
                       capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path)
    line = next((l for l in p.stdout.splitlines() if l.startswith("RESULT ")), None)
    assert line, p.stdout[-2000:] + p.stderr[-2000:]
    got = json.loads(line[len("RESULT "):])
    for name in names:
        info = got[name]
        assert info["valid"], name
        # The renderer of the shipped styles/<id>.qml (rule-based, see styles/README.md), not
        # QGIS's default single symbol, with its classes.
        renderer_el = ElementTree.parse(ROOT / "styles" / f"{name}.qml").getroot().find("renderer-v2")
        assert renderer_el.get("type") == "RuleRenderer"
        assert info["renderer"] == renderer_el.get("type"), (name, info)
        n_symbols = len(renderer_el.find("symbols"))
        assert info["classes"] == n_symbols >= 3, (name, info["classes"], n_symbols)
    # Chinese/English aliases.
    alias = got["idle-land"]["aliases"]["idle_since"]
    assert "idle_since" in alias and re.search(r"[\u4e00-\u9fff]", alias), alias


def read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name} has no UTF-8 BOM"
    text = raw[3:].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_idle_csv_one_row_per_candidate(audit_dir, exported_layers):
    rows = read_csv(audit_dir / "idle_land.csv")
    ref = geojson(exported_layers, "idle-land")
    assert len(ref) > 0, "the sample has idle-land candidates"
    assert sorted(r["parcel_id"] for r in rows) == sorted(f["properties"]["parcel_id"] for f in ref)
    by_id = {f["properties"]["parcel_id"]: f["properties"] for f in ref}
    for r in rows:
        p = by_id[r["parcel_id"]]
        assert r["severity"] == p["severity"] and r["reason"] == p["reason"]
        assert int(r["idle_days"]) == p["idle_days"]
        if p["idle_area_m2"] is None:  # null stays empty, never 0
            assert r["idle_area_m2"] == "" and r["idle_area_mu"] == ""
        else:
            assert abs(float(r["idle_area_m2"]) - p["idle_area_m2"]) <= 0.05 + 1e-9 * p["idle_area_m2"]
            assert abs(float(r["idle_area_mu"]) - p["idle_area_m2"] * 15 / 10000) <= 0.006
        assert r["explanation"], r["parcel_id"]
    # Chinese survives: zone names come through as UTF-8.
    assert any(re.search(r"[\u4e00-\u9fff]", r["zone_name"]) for r in rows)


def test_zones_csv_one_row_per_zone(audit_dir, exported_layers):
    rows = read_csv(audit_dir / "zones.csv")
    zones = geojson(exported_layers, "zones")
    assert sorted(r["zone_id"] for r in rows) == sorted(f["properties"]["zone_id"] for f in zones)
    for col in ["zone_area_ha", "far", "idle_area_ha", "status", "gap_m", "households", "footprint_ha"]:
        assert col in rows[0], col
    # Idle counts by severity recounted from the idle-land layer (excluded ones apart).
    counts = {}
    for f in geojson(exported_layers, "idle-land"):
        p = f["properties"]
        key = "excluded" if p["excluded"] else p["severity"]
        counts.setdefault(p["zone_id"], {}).setdefault(key, 0)
        counts[p["zone_id"]][key] += 1
    conn = {f["properties"]["zone_id"]: f["properties"] for f in geojson(exported_layers, "zone-connectivity")}
    for r in rows:
        c = counts.get(r["zone_id"], {})
        assert int(r["idle_fee_count"]) == c.get("fee", 0), r["zone_id"]
        assert int(r["idle_reclaim_count"]) == c.get("reclaim", 0), r["zone_id"]
        assert int(r["idle_excluded_count"]) == c.get("excluded", 0), r["zone_id"]
        assert r["status"] == conn[r["zone_id"]]["status"]


def png_pixels(path):
    """Decodes an 8-bit RGB/RGBA non-interlaced PNG (what Chromium writes) to rows of bytes."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and colour in (2, 6) and interlace == 0, header
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def chromium(url, tmp_path, name):
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        pytest.skip("chromium not installed")
    shot, netlog = tmp_path / f"{name}.png", tmp_path / f"{name}.netlog.json"
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    f"--log-net-log={netlog}", f"--screenshot={shot}", "--window-size=1280,900", url],
                   capture_output=True, timeout=120, cwd=tmp_path)
    return shot, netlog


def page_requests(netlog):
    """URLs the page itself requested (Chromium's own background requests have no initiator
    origin; a file:// page's requests have the opaque origin "null")."""
    d = json.loads(netlog.read_text(encoding="utf-8"))
    start = d["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return [e["params"]["url"] for e in d["events"]
            if e["type"] == start and "url" in e.get("params", {})
            and e["params"].get("initiator") != "not an origin"]


def test_report_renders_offline_in_chromium(audit_dir, tmp_path):
    html = (audit_dir / "report.html").read_text(encoding="utf-8")
    # Static: nothing that could fetch (no external src/href, url(), @import, link, fetch).
    assert not re.search(r"""(src|href)\s*=\s*["']?(?!#)[a-z]+:""", html, re.I)
    assert not re.search(r"url\(|@import|<link|<img|<iframe|fetch\(|XMLHttpRequest", html, re.I)
    assert not re.search(r"https?://", html)
    assert "<svg" in html and "not legal findings" in html and SAMPLE_AS_OF in html
    shot, netlog = chromium((audit_dir / "report.html").as_uri(), tmp_path, "report")
    width, height, bpp, rows = png_pixels(shot)
    assert (width, height) == (1280, 900)
    colours = set()
    non_background = 0
    background = rows[0][:3]
    for row in rows[::7]:
        for x in range(0, width * bpp, bpp * 5):
            px = row[x:x + 3]
            colours.add(px)
            non_background += px != background
    assert len(colours) > 50, f"screenshot looks blank ({len(colours)} colours)"
    assert non_background > 2000, non_background
    assert page_requests(netlog) == []


def test_network_probe_catches_requests(tmp_path):
    """The request probe above can fail: a page with an external image is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<html><body><img src="http://127.0.0.1:9/x.png">x</body></html>', encoding="utf-8")
    _, netlog = chromium(page.as_uri(), tmp_path, "bad")
    assert page_requests(netlog) == ["http://127.0.0.1:9/x.png"]


def test_progress_on_terminal_only(tmp_path):
    args = ["audit", "--data", str(SAMPLE), "--config", str(SAMPLE_CONFIG), "--as-of", SAMPLE_AS_OF]
    bar = re.compile(r"audit \[[=> ]+\] \d+/\d+")
    piped = run_zonescope(*args, "--out", tmp_path / "piped")
    assert piped.returncode == 0
    assert not bar.search(piped.stderr) and "\x1b[" not in piped.stderr
    assert "audit: drawing report.html" in piped.stderr  # plain log lines instead
    # Under a pseudo-terminal (util-linux `script`), the indicatif bar is drawn.
    from conftest import zonescope_bin
    cmd = " ".join([zonescope_bin(), *args, "--out", str(tmp_path / "tty")])
    p = subprocess.run(["script", "-qec", cmd, "/dev/null"], capture_output=True, timeout=300,
                       env=dict(os.environ, TERM="xterm-256color", COLUMNS="120"))
    out = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", p.stdout.decode("utf-8", "replace"))
    assert p.returncode == 0, out[-2000:]
    assert bar.search(out), out[-2000:]
    assert (tmp_path / "tty" / "report.html").exists()


def test_zone_filter(tmp_path, exported_layers):
    zones = geojson(exported_layers, "zones")
    idle = geojson(exported_layers, "idle-land")
    # The zone with most idle candidates.
    zone = max((z["properties"]["zone_id"] for z in zones),
               key=lambda z: sum(f["properties"]["zone_id"] == z for f in idle))
    out = tmp_path / "one"
    p = run_zonescope("audit", "--data", SAMPLE, "--config", SAMPLE_CONFIG, "--as-of", SAMPLE_AS_OF,
                      "--out", out, "--zone", zone)
    assert p.returncode == 0
    rows = read_csv(out / "zones.csv")
    assert [r["zone_id"] for r in rows] == [zone]
    idle_rows = read_csv(out / "idle_land.csv")
    assert sorted(r["parcel_id"] for r in idle_rows) == sorted(
        f["properties"]["parcel_id"] for f in idle if f["properties"]["zone_id"] == zone)
    assert pyogrio.read_info(out / "audit.gpkg", layer="zones")["features"] == 1
    assert pyogrio.read_info(out / "audit.gpkg", layer="roads")["features"] == len(
        geojson(exported_layers, "roads")), "roads stay whole"
    bad = run_zonescope("audit", "--data", SAMPLE, "--config", SAMPLE_CONFIG, "--out", tmp_path / "x",
                        "--zone", "NO-SUCH-ZONE", check=False)
    assert bad.returncode == 2 and "NO-SUCH-ZONE" in bad.stderr


STYLED = ["zones", "parcels", "roads", "villages", *RESULTS]


def test_styles_complete_and_parse():
    """Every input and result layer ships a QML, an SLD 1.0 and MapLibre style layers that
    parse and classify (no single-symbol fallbacks)."""
    sld_ns = {"sld": "http://www.opengis.net/sld", "ogc": "http://www.opengis.net/ogc"}
    for layer_id in STYLED:
        qml = ElementTree.parse(ROOT / "styles" / f"{layer_id}.qml").getroot()
        renderer = qml.find("renderer-v2")
        kind = renderer.get("type")
        assert kind in ("RuleRenderer", "categorizedSymbol", "graduatedSymbol"), layer_id
        if kind == "RuleRenderer":
            # Rule-based (they draw over OAPIF in QGIS 3.22): every rule with a symbol names
            # one that exists, and there are classes, not a single symbol.
            ruled = [r for r in renderer.iter("rule") if r.get("symbol") is not None]
            assert len(ruled) >= 3, layer_id
            names = {sym.get("name") for sym in renderer.findall("symbols/symbol")}
            assert all(r.get("symbol") in names for r in ruled), layer_id
        else:
            classes = renderer.findall("categories/category") + renderer.findall("ranges/range")
            assert len(classes) >= 3, layer_id
            assert len(renderer.findall("symbols/symbol")) == len(classes), layer_id
        sld = ElementTree.parse(ROOT / "styles" / f"{layer_id}.sld").getroot()
        assert sld.get("version") == "1.0.0"
        assert sld.find("sld:NamedLayer/sld:Name", sld_ns).text == layer_id
        rules = sld.findall(".//sld:Rule", sld_ns)
        assert len(rules) >= 3, layer_id
        layers = json.loads((ROOT / "styles" / f"{layer_id}.maplibre.json").read_text(encoding="utf-8"))
        assert isinstance(layers, list) and layers, layer_id
        assert all(l["source"] == layer_id and l["type"] in ("fill", "line", "circle") for l in layers)
        assert len({l["id"] for l in layers}) == len(layers)


VALIDATE_GPKG = Path("/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py")


@pytest.mark.skipif(not VALIDATE_GPKG.exists(), reason="GDAL's validate_gpkg.py (python3-gdal) needed")
def test_gpkg_passes_gdal_validator(audit_dir):
    """GDAL's GeoPackage conformance checker accepts audit.gpkg (layer_styles, the schema
    extension tables and all)."""
    p = subprocess.run([QGIS_PYTHON, str(VALIDATE_GPKG), str(audit_dir / "audit.gpkg")],
                       capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stdout[-2000:] + p.stderr[-2000:]
