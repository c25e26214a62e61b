"""Cross-check of `zonescope audit` against the vectorised GeoPandas peer ref_audit.py (the
benchmark's reference, scripts/bench-audit.sh) on the bundled sample: the seven result layers of
audit.gpkg and the two CSVs, ids and counts exactly, statuses, flags, dates and lists exactly,
numbers within 1e-6 relative (the CSVs within their rounding step)."""
import csv
import datetime as dt
import math
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest

sys.path.insert(0, str(Path(__file__).parent))
import ref_audit  # noqa: E402
from conftest import SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, run_zonescope  # noqa: E402

REL = 1e-6
KEYS = {"parcel-intensity": "parcel_id", "zone-intensity": "zone_id", "idle-land": "parcel_id",
        "zone-connectivity": "zone_id", "connector-paths": "zone_id", "relocation": "village_id",
        "zone-relocation": "zone_id"}
EXACT = {
    "parcel-intensity": ["zone_id", "industrial", "region_class", "meets_standard", "shortfalls", "missing"],
    "zone-intensity": ["parcel_count", "industrial_parcel_count", "meets_standard_count",
                       "below_standard_count", "idle_candidate_count", "excluded_candidate_count"],
    "idle-land": ["zone_id", "reason", "idle_since", "idle_days", "severity", "excluded", "exclusion_reason",
                  "first_anniversary", "second_anniversary", "missing", "holder"],
    "zone-connectivity": ["status", "routes", "nearest_route"],
    "connector-paths": ["kind", "to_route"],
    "relocation": ["zone_id", "name", "households", "population", "footprint_estimated", "relocation"],
    "zone-relocation": ["village_count", "households", "population"],
}
NUMBERS = {
    "parcel-intensity": ["area_m2", "site_area_m2", "site_area_mu", "far", "far_min", "building_coefficient",
                         "admin_share", "green_share", "investment_intensity_wan_yuan_per_ha",
                         "output_per_mu_wan_yuan", "tax_per_mu_wan_yuan"],
    "zone-intensity": ["zone_area_ha", "parcel_area_ha", "industrial_area_ha", "far", "building_coefficient",
                       "investment_intensity_wan_yuan_per_ha", "output_per_mu_wan_yuan", "tax_per_mu_wan_yuan",
                       "idle_area_ha"],
    "idle-land": ["idle_area_m2", "site_area_m2", "developed_share", "invested_share"],
    "zone-connectivity": ["network_distance_m", "gap_m"],
    "connector-paths": ["length_m"],
    "relocation": ["footprint_m2"],
    "zone-relocation": ["footprint_ha", "footprint_share", "resettlement_units"],
}
CSV_KEYS = {"idle_land.csv": "parcel_id", "zones.csv": "zone_id"}
CSV_EXACT = {
    "idle_land.csv": ["zone_id", "reason", "idle_since", "idle_days", "severity", "excluded", "zone_name",
                      "zone_county", "land_use", "industry_code", "agreed_start", "actual_start", "halted_since"],
    "zones.csv": ["name", "county", "parcel_count", "idle_candidate_count", "idle_fee_count",
                  "idle_reclaim_count", "idle_excluded_count", "status", "routes", "nearest_route",
                  "village_count", "households", "population"],
}
CSV_NUMBERS = {
    "idle_land.csv": ["idle_area_m2", "idle_area_mu", "site_area_m2", "area_m2", "registered_area_m2"],
    "zones.csv": ["zone_area_ha", "parcel_area_ha", "far", "building_coefficient", "idle_area_ha",
                  "idle_fee_area_m2", "idle_reclaim_area_m2", "network_distance_m", "gap_m", "footprint_ha"],
}


def _plain(v):
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, (float, np.floating)):
        return None if math.isnan(v) else float(v)
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    if isinstance(v, (pd.Timestamp, dt.date)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, str) and v == "":
        return None  # an empty list / text: GDAL reads NULL or "" depending on the writer
    return v


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    zs = tmp_path_factory.mktemp("zonescope")
    p = run_zonescope("audit", "--data", SAMPLE, "--config", SAMPLE_CONFIG, "--as-of", SAMPLE_AS_OF,
                      "--out", zs, check=False)
    assert p.returncode == 0, p.stderr[-2000:]
    ref = tmp_path_factory.mktemp("reference")
    ref_audit.audit(SAMPLE, ref, dt.date.fromisoformat(SAMPLE_AS_OF), SAMPLE_CONFIG)
    return zs, ref


def _rows(path, layer, key):
    df = pyogrio.read_dataframe(path, layer=layer, read_geometry=False)
    rows = {r[key]: r for r in df.to_dict("records")}
    assert len(rows) == len(df), f"{layer}: duplicate {key}"
    return rows


def _compare(what, got, want, exact, numbers, tol_of=lambda name: 0.0):
    assert set(got) == set(want), (
        f"{what}: ids differ; only zonescope: {sorted(set(got) - set(want))[:10]}, "
        f"only reference: {sorted(set(want) - set(got))[:10]}")
    problems = []
    for fid, g in got.items():
        w = want[fid]
        for name in exact:
            if _plain(g[name]) != _plain(w[name]):
                problems.append(f"{what} {fid} {name}: zonescope {g[name]!r}, reference {w[name]!r}")
        for name in numbers:
            a, b = _plain(g[name]), _plain(w[name])
            if (a is None) != (b is None):
                problems.append(f"{what} {fid} {name}: zonescope {a!r}, reference {b!r}")
            elif a is not None and abs(float(a) - float(b)) > max(REL * abs(float(b)), tol_of(name), 1e-12):
                problems.append(f"{what} {fid} {name}: zonescope {a!r}, reference {b!r}")
    assert not problems, f"{len(problems)} differences, e.g.:\n" + "\n".join(problems[:25])
    return len(got)


@pytest.mark.parametrize("layer", list(KEYS))
def test_layer_matches_zonescope(audits, layer):
    zs, ref = audits
    key = KEYS[layer]
    got = _rows(zs / "audit.gpkg", layer, key)
    want = _rows(ref / "audit.gpkg", layer, key)
    n = _compare(layer, got, want, EXACT[layer], NUMBERS[layer])
    assert n > 0


def test_statuses_are_exercised(audits):
    """The sample reaches every connectivity status and both connector kinds, so the
    comparison above covers each branch of the reference."""
    _, ref = audits
    zc = pyogrio.read_dataframe(ref / "audit.gpkg", layer="zone-connectivity", read_geometry=False)
    cp = pyogrio.read_dataframe(ref / "audit.gpkg", layer="connector-paths", read_geometry=False)
    assert set(zc["status"]) == {"direct", "network", "none"}
    assert set(cp["kind"]) == {"network", "gap"}


def _csv(path, key):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{path.name}: no byte-order mark"
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    out = {}
    for r in rows:
        out[r[key]] = {k: (None if v == "" else v) for k, v in r.items()}
    assert len(out) == len(rows)
    return out


def _step(name):
    if name.endswith("_m2") or name.endswith("_m"):
        return 0.05 + 1e-9
    if name.endswith("_mu") or "wan_yuan" in name:
        return 0.005 + 1e-9
    return 0.00005 + 1e-12


@pytest.mark.parametrize("name", list(CSV_KEYS))
def test_csv_matches_zonescope(audits, name):
    zs, ref = audits
    got, want = _csv(zs / name, CSV_KEYS[name]), _csv(ref / name, CSV_KEYS[name])

    def num(rows):
        for r in rows.values():
            for c in CSV_NUMBERS[name]:
                r[c] = None if r[c] is None else float(r[c])
            for c in CSV_EXACT[name]:
                if r[c] is not None and r[c].replace(".", "", 1).isdigit() and "." in r[c]:
                    r[c] = float(r[c])  # "3" and "3.0" are the same count
                elif r[c] is not None and r[c].isdigit():
                    r[c] = int(r[c])
        return rows
    # a rounded figure may differ by one step where the unrounded ones straddle a boundary
    _compare(name, num(got), num(want), CSV_EXACT[name], CSV_NUMBERS[name], lambda c: 2 * _step(c))
