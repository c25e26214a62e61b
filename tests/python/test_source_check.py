"""`zonescope check` on the bundled sample against an independent count of each warning
(geopandas, shapely, pyproj): area mismatch over 5 %, unknown or missing industry code on
industrial land, zone_id naming no zone, parcel outside every zone."""
import re

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

from conftest import SAMPLE, run_zonescope

INDUSTRIAL = {"0601", "1001", "100101", "100102", "100103"}
FAR_CODES = {"25", "26", "32", "33", "27", "31", "34", "35", "36", "37", "39", "43",
             "17", "20", "21", "22", "23", "28", "29",
             "13", "14", "15", "16", "18", "19", "24", "30", "40", "41", "42"}
LINE = re.compile(r"^(warning|error): layer (\w+)(?:, feature ([^,]+))?(?:, field (\w+))?: (.+)$")


@pytest.fixture(scope="module")
def check_output(tmp_path_factory):
    cwd = tmp_path_factory.mktemp("check")
    cfg = cwd / "empty.toml"
    cfg.write_text("")
    p = run_zonescope("check", "--data", SAMPLE, "--config", cfg, check=False, cwd=cwd)
    assert p.returncode == 0, p.stdout + p.stderr
    lines = [l for l in p.stdout.splitlines() if l.strip()]
    for l in lines:
        assert LINE.match(l), f"not one finding per line: {l!r}"
    return [LINE.match(l).groups() for l in lines]


@pytest.fixture(scope="module")
def sample():
    zones = gpd.read_file(SAMPLE, layer="zones").to_crs("EPSG:4490")
    parcels = gpd.read_file(SAMPLE, layer="parcels").to_crs("EPSG:4490")
    return zones, parcels


def ids(findings, field=None, text=None):
    return sorted(f[2] for f in findings
                  if f[0] == "warning" and f[1] == "parcels" and f[3] == field and (text is None or text in f[4]))


def test_area_mismatch_warnings(check_output, sample):
    _, parcels = sample
    geod = Geod(ellps="WGS84")
    area = np.array([abs(geod.geometry_area_perimeter(g)[0]) for g in parcels.geometry])
    reg = parcels["registered_area_m2"].to_numpy(dtype=float)
    bad = (reg > 0) & (np.abs(reg - area) / area > 0.05)
    want = sorted(parcels.loc[bad, "parcel_id"])
    assert want, "the sample should hold planted area mismatches"
    assert ids(check_output, "registered_area_m2") == want


def test_industry_code_warnings(check_output, sample):
    _, parcels = sample
    ind = parcels["land_use"].isin(INDUSTRIAL)
    code = parcels["industry_code"]
    missing = ind & (code.isna() | (code.astype(str).str.strip() == ""))
    unknown = ind & ~missing & ~code.astype(str).str.strip().isin(FAR_CODES)
    assert ids(check_output, "industry_code", "no industry code") == sorted(parcels.loc[missing, "parcel_id"])
    assert ids(check_output, "industry_code", "is unknown") == sorted(parcels.loc[unknown, "parcel_id"])


def test_zone_membership_warnings(check_output, sample):
    zones, parcels = sample
    known = set(zones["zone_id"])
    given = parcels["zone_id"].notna() & (parcels["zone_id"].astype(str).str.strip() != "")
    dangling = given & ~parcels["zone_id"].isin(known)
    assert ids(check_output, "zone_id") == sorted(parcels.loc[dangling, "parcel_id"])
    tree = shapely.STRtree(zones.geometry.values)
    hit = tree.query(parcels.geometry.values, predicate="intersects")
    inside = np.zeros(len(parcels), dtype=bool)
    inside[hit[0]] = True
    assert ids(check_output, None, "outside every zone") == sorted(parcels.loc[~inside, "parcel_id"])
