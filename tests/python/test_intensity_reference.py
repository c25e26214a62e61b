"""Cross-check of zonescope's `parcel-intensity`, `zone-intensity` and `idle-land` against an
independent GeoPandas/shapely/pyproj reference (ref_intensity.py): ids and flags exactly,
numbers within 1e-6 relative.

The reference itself is first checked on a small hand-made GeoPackage whose answers are
derived by hand below.
"""
import datetime as dt
import json
import math
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

sys.path.insert(0, str(Path(__file__).parent))
import ref_intensity as ref  # noqa: E402
from conftest import SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, run_zonescope  # noqa: E402

REL = 1e-6
NUMBERS = {
    "parcel-intensity": ["area_m2", "site_area_m2", "site_area_mu", "far", "far_min", "building_coefficient",
                         "building_coefficient_min", "admin_share", "admin_share_max", "green_share",
                         "green_share_max", "investment_intensity_wan_yuan_per_ha",
                         "investment_intensity_min_wan_yuan_per_ha", "output_per_mu_wan_yuan",
                         "output_per_mu_min_wan_yuan", "tax_per_mu_wan_yuan", "tax_per_mu_min_wan_yuan"],
    "zone-intensity": ["zone_area_ha", "parcel_area_ha", "far", "building_coefficient", "admin_share",
                       "green_share", "investment_intensity_wan_yuan_per_ha", "output_per_mu_wan_yuan",
                       "tax_per_mu_wan_yuan", "idle_area_ha"],
    "idle-land": ["idle_area_m2", "developed_share", "invested_share"],
}
EXACT = {
    "parcel-intensity": ["zone_id", "industrial", "region_class", "meets_standard", "shortfalls", "missing"],
    "zone-intensity": ["parcel_count", "idle_candidate_count"],
    "idle-land": ["zone_id", "reason", "idle_since", "idle_days", "severity", "excluded", "exclusion_reason",
                  "first_anniversary", "second_anniversary", "missing"],
}
KEYS = {"parcel-intensity": "parcel_id", "zone-intensity": "zone_id", "idle-land": "parcel_id"}


def _plain(v):
    """A reference value as the JSON value zonescope writes (None for NaN / NaT)."""
    if v is None:
        return None
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, list):
        return list(v)
    if v is pd.NaT:
        return None
    return v


def compare(layer_id: str, exported: dict, reference) -> int:
    """Asserts that the exported GeoJSON layer equals the reference frame; returns the count."""
    key = KEYS[layer_id]
    got = {f["id"]: f["properties"] for f in exported["features"]}
    want = {r[key]: r for r in reference.to_dict("records")}
    assert set(got) == set(want), (
        f"{layer_id}: ids differ; only zonescope: {sorted(set(got) - set(want))[:10]}, "
        f"only reference: {sorted(set(want) - set(got))[:10]}")
    problems = []
    for fid, props in got.items():
        assert props[key] == fid
        w = want[fid]
        for name in EXACT[layer_id]:
            if _plain(w[name]) != props.get(name):
                problems.append(f"{layer_id} {fid} {name}: zonescope {props.get(name)!r}, reference {_plain(w[name])!r}")
        for name in NUMBERS[layer_id]:
            a, b = props.get(name), _plain(w[name])
            if a is None or b is None:
                if a is not b:
                    problems.append(f"{layer_id} {fid} {name}: zonescope {a!r}, reference {b!r}")
            elif abs(a - b) > REL * max(abs(a), abs(b)) and abs(a - b) > 1e-12:
                problems.append(f"{layer_id} {fid} {name}: zonescope {a!r}, reference {b!r}")
    assert not problems, f"{len(problems)} differences, e.g.:\n" + "\n".join(problems[:20])
    return len(got)


# ------------------------------------------------------------------ a small hand-made GeoPackage

def small_gpkg(path: Path) -> Path:
    """Zones A (lon 113.00–113.02) and B (113.02–113.04) at 34.00–34.02°N; parcels with
    registered areas so that the answers are easy to derive by hand."""
    zones = gpd.GeoDataFrame(
        {"zone_id": ["A", "B"], "name": ["A区", "B区"], "county": ["巩义市", "荥阳市"]},
        geometry=[box(113.0, 34.0, 113.02, 34.02), box(113.02, 34.0, 113.04, 34.02)], crs="EPSG:4490")

    def sq(i, j=0, w=0.001):
        return box(113.001 + 0.002 * i, 34.001 + 0.002 * j, 113.001 + 0.002 * i + w, 34.001 + 0.002 * j + 0.001)

    rows = [
        # id, zone_id, land_use, code, registered, floor, footprint, admin, green, invested, total, output, tax,
        # agreed, actual, halted, developed, delay, geometry
        ("GOOD", None, "0601", "34", 10000.0, 20000, 4000, 500, 1500, 3000, 4000, 150, 15,
         "2012-01-01", "2012-03-01", None, 10000, None, sq(0)),
        ("LOWFAR", None, "0601", "13", 10000.0, 9999, 4000, 500, 1500, 3000, 4000, 150, 15,
         None, None, None, None, None, sq(1)),
        ("NOFLOOR", None, "100101", "25", 20000.0, None, 7000, 500, 1500, None, None, None, None,
         None, None, None, None, None, sq(2)),
        ("SHOP", None, "0501", "34", 10000.0, 100, 100, 5000, 5000, 1, 1, 1, 1,
         None, None, None, None, None, sq(3)),
        ("NOTSTARTED", None, "0601", "34", 6000.0, None, None, None, None, None, None, None, None,
         "2013-12-31", None, None, None, None, sq(4)),
        ("LEAP", None, "0601", "34", 6000.0, None, None, None, None, None, None, None, None,
         "2012-02-29", None, None, None, None, sq(5)),
        ("STALLED", None, "0601", "34", 9000.0, None, None, None, None, 50, 100, None, None,
         "2012-01-01", "2012-03-01", "2013-03-01", 2999, None, sq(6)),
        ("GOV", None, "0601", "34", 9000.0, None, None, None, None, None, None, None, None,
         "2012-01-01", None, None, None, "government", sq(7)),
        ("STRADDLE", "", "0601", "34", None, 1000, None, None, None, None, None, None, None,
         None, None, None, None, None, box(113.0185, 34.01, 113.022, 34.011)),
        ("OUTSIDE", None, "0601", "34", 5000.0, 1000, None, None, None, None, None, None, None,
         "2010-01-01", None, None, None, None, box(113.2, 34.2, 113.201, 34.201)),
    ]
    cols = ["parcel_id", "zone_id", "land_use", "industry_code", "registered_area_m2", "floor_area_m2",
            "footprint_m2", "admin_area_m2", "green_area_m2", "invested_wan_yuan", "total_investment_wan_yuan",
            "output_wan_yuan", "tax_wan_yuan", "agreed_start", "actual_start", "halted_since",
            "developed_area_m2", "delay_cause"]
    data = {c: [r[i] for r in rows] for i, c in enumerate(cols)}
    for c in ["registered_area_m2", "floor_area_m2", "footprint_m2", "admin_area_m2", "green_area_m2",
              "invested_wan_yuan", "total_investment_wan_yuan", "output_wan_yuan", "tax_wan_yuan",
              "developed_area_m2"]:
        data[c] = [float("nan") if v is None else float(v) for v in data[c]]
    parcels = gpd.GeoDataFrame(data, geometry=[r[-1] for r in rows], crs="EPSG:4490")
    zones.to_file(path, layer="zones", driver="GPKG", engine="pyogrio")
    parcels.to_file(path, layer="parcels", driver="GPKG", engine="pyogrio")
    empty_roads = gpd.GeoDataFrame({"road_id": ["R1"], "route": ["G4"], "name": [None], "grade": ["1"],
                                    "status": ["built"]},
                                   geometry=gpd.GeoSeries.from_wkt(["LINESTRING (112 33, 112.1 33)"]), crs="EPSG:4490")
    empty_roads.to_file(path, layer="roads", driver="GPKG", engine="pyogrio")
    villages = gpd.GeoDataFrame({"village_id": ["V1"], "name": ["村"], "households": [10], "population": [30],
                                 "homestead_area_m2": [float("nan")], "relocation": ["none"]},
                                geometry=gpd.points_from_xy([112.5], [33.5]), crs="EPSG:4490")
    villages.to_file(path, layer="villages", driver="GPKG", engine="pyogrio")
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    return small_gpkg(tmp_path_factory.mktemp("small") / "small.gpkg")


def test_reference_on_hand_made_parcels(small):
    res = ref.compute(small, dt.date(2014, 12, 31))
    pi = res["parcel-intensity"].set_index("parcel_id")
    # FAR 2 on 10 000 m²; code 13 needs 1.0: 0.9999 fails; NOFLOOR (2020 code) misses far only.
    assert pi.at["GOOD", "far"] == 2.0 and pi.at["GOOD", "meets_standard"] is True
    assert pi.at["LOWFAR", "shortfalls"] == ["far"] and pi.at["LOWFAR", "far_min"] == 1.0
    assert pi.at["NOFLOOR", "missing"] == ["far", "investment_intensity", "output_per_mu", "tax_per_mu"]
    assert pi.at["NOFLOOR", "shortfalls"] == [] and pi.at["NOFLOOR", "building_coefficient"] == 0.35
    assert pi.at["SHOP", "meets_standard"] is None and pi.at["SHOP", "shortfalls"] == []
    # STRADDLE: 0.0015° in A, 0.002° in B → B; site = geodesic area (no registered area).
    assert pi.at["STRADDLE", "zone_id"] == "B"
    assert pi.at["STRADDLE", "site_area_m2"] == pi.at["STRADDLE", "area_m2"] > 0
    assert pd.isna(pi.at["OUTSIDE", "zone_id"])
    idle = res["idle-land"].set_index("parcel_id")
    # NOTSTARTED: 2013-12-31 + 1 year = as-of: 365 days, fee. LEAP: 2012-02-29 → anniversaries
    # 2013-02-28 and 2014-02-28 (reclaim); 2012-02-29 → 2013-02-28 = 365, → 2014-02-28 = 365,
    # → 2014-12-31 = 306 (March–December): 1036 days.
    assert list(idle.index) == ["NOTSTARTED", "LEAP", "STALLED", "GOV", "OUTSIDE"]
    assert idle.at["NOTSTARTED", "idle_days"] == 365 and idle.at["NOTSTARTED", "severity"] == "fee"
    assert idle.at["LEAP", "first_anniversary"] == dt.date(2013, 2, 28)
    assert idle.at["LEAP", "second_anniversary"] == dt.date(2014, 2, 28)
    assert idle.at["LEAP", "severity"] == "reclaim"
    assert idle.at["LEAP", "idle_days"] == (dt.date(2014, 12, 31) - dt.date(2012, 2, 29)).days == 1036
    # STALLED: 2999/9000 < 1/3 → idle area 6001 m², 670 days (2013-03-01 → 2014-12-31).
    assert idle.at["STALLED", "reason"] == "stalled" and idle.at["STALLED", "idle_area_m2"] == 6001.0
    assert idle.at["STALLED", "idle_days"] == 670
    assert bool(idle.at["GOV", "excluded"]) and idle.at["GOV", "exclusion_reason"] == "government"
    zi = res["zone-intensity"].set_index("zone_id")
    # A: GOOD, LOWFAR, NOFLOOR, SHOP, NOTSTARTED, LEAP, STALLED, GOV = 8 parcels,
    # 10 000 + 10 000 + 20 000 + 10 000 + 6000 + 6000 + 9000 + 9000 m² = 8 ha.
    assert zi.at["A", "parcel_count"] == 8
    assert math.isclose(zi.at["A", "parcel_area_ha"], 8.0, rel_tol=1e-12)
    # far over industrial parcels with floor area: (20 000 + 9999) / 20 000.
    assert math.isclose(zi.at["A", "far"], 29999 / 20000, rel_tol=1e-12)
    # Idle candidates counted in A: NOTSTARTED 6000 + LEAP 6000 + STALLED 6001 m²; GOV excluded.
    assert zi.at["A", "idle_candidate_count"] == 3
    assert math.isclose(zi.at["A", "idle_area_ha"], 1.8001, rel_tol=1e-12)
    assert zi.at["B", "parcel_count"] == 1 and math.isclose(zi.at["B", "far"], 1000 / pi.at["STRADDLE", "site_area_m2"])


def _export(data, out, config=None, as_of=SAMPLE_AS_OF):
    args = ["export", "--data", data, "--as-of", as_of, "--out", out]
    if config:
        args += ["--config", config]
    run_zonescope(*args)
    return {lid: json.loads((Path(out) / f"{lid}.geojson").read_text()) for lid in KEYS}


def test_zonescope_matches_reference_on_hand_made_gpkg(small, tmp_path):
    layers = _export(small, tmp_path / "out", as_of="2014-12-31")
    res = ref.compute(small, dt.date(2014, 12, 31))
    for lid in KEYS:
        compare(lid, layers[lid], res[lid])


@pytest.mark.skipif(not SAMPLE.exists(), reason="the bundled sample has not landed yet")
def test_zonescope_matches_reference_on_sample(exported_layers):
    res = ref.compute(SAMPLE, dt.date.fromisoformat(SAMPLE_AS_OF), SAMPLE_CONFIG)
    counts = {}
    for lid in KEYS:
        exported = json.loads((exported_layers / f"{lid}.geojson").read_text())
        counts[lid] = compare(lid, exported, res[lid])
    assert counts["parcel-intensity"] > 0 and counts["zone-intensity"] > 0 and counts["idle-land"] > 0


EXAMPLE_CONFIG = SAMPLE_CONFIG.parent / "zonescope.henan-example.toml"


@pytest.mark.skipif(not SAMPLE.exists(), reason="the bundled sample has not landed yet")
def test_zonescope_matches_reference_with_configured_minimums(tmp_path):
    """Region classes, investment minimums by class and industry ("*" too), output and tax
    minimums from the illustrative Henan config."""
    layers = _export(SAMPLE, tmp_path / "out", config=EXAMPLE_CONFIG)
    res = ref.compute(SAMPLE, dt.date.fromisoformat(SAMPLE_AS_OF), EXAMPLE_CONFIG)
    for lid in KEYS:
        compare(lid, layers[lid], res[lid])
    pi = res["parcel-intensity"]
    # The config is exercised: several region classes and each configured shortfall occur.
    assert pi["region_class"].dropna().nunique() >= 2
    failed = {s for lst in pi["shortfalls"] for s in lst}
    assert {"investment_intensity", "output_per_mu", "tax_per_mu"} <= failed
