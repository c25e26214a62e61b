"""Geodesic areas of the loader against an independent implementation (pyproj's Geod, i.e.
GeographicLib), for geographic (EPSG:4490) and projected (EPSG:4547, EPSG:4526) input."""
import json
import math

import geopandas as gpd
import pytest
from pyproj import Geod
from shapely.geometry import LineString, MultiPolygon, Point, Polygon

from conftest import run_zonescope

GEOD = Geod(ellps="WGS84")


def blob(cx, cy, r_deg, n, phase):
    pts = []
    for i in range(n):
        a = phase + 2 * math.pi * i / n
        w = 1 + 0.2 * math.sin(3 * a + phase)
        pts.append((cx + r_deg * w * math.cos(a) / math.cos(math.radians(cy)), cy + r_deg * w * math.sin(a)))
    return Polygon(pts)


def layers():
    zones, parcels = [], []
    # Zones across Henan's latitudes and both 3-degree zones around 114E.
    centres = [(113.65, 34.75), (114.35, 36.10), (112.45, 34.62), (114.65, 32.99), (115.05, 31.9)]
    for zi, (cx, cy) in enumerate(centres):
        zones.append({"zone_id": f"Z{zi}", "name": f"集聚区{zi}", "geometry": blob(cx, cy, 0.04, 40, zi)})
        for k in range(8):
            # 0.5-30 ha parcels: radius from ~40 m to ~310 m.
            r = (0.0004 + 0.0024 * k / 7)
            px, py = cx - 0.02 + 0.006 * k, cy + 0.01 * ((k % 3) - 1)
            g = blob(px, py, r, 5 + 3 * k, 0.3 * k)
            if k == 3:
                g = Polygon(g.exterior.coords, [list(blob(px, py, r / 3, 6, 0.0).exterior.coords)[::-1]])
            if k == 6:
                g = MultiPolygon([g, blob(px, py + 3 * r, r / 2, 7, 0.1)])
            parcels.append({"parcel_id": f"Z{zi}-P{k}", "zone_id": f"Z{zi}", "geometry": g})
    roads = [{"road_id": "R1", "route": "G107", "geometry": LineString([(113.5, 34.5), (113.8, 34.9)])}]
    villages = [{"village_id": "V1", "name": "张庄", "households": 10, "geometry": Point(113.66, 34.76)}]
    return {"zones": zones, "parcels": parcels, "roads": roads, "villages": villages}


def write(path, crs):
    for name, rows in layers().items():
        gdf = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4490").to_crs(crs)
        gdf.to_file(path, layer=name, driver="GPKG")


def reference_areas():
    return {
        row["parcel_id"] if "parcel_id" in row else row["zone_id"]: abs(GEOD.geometry_area_perimeter(row["geometry"])[0])
        for name in ("zones", "parcels")
        for row in layers()[name]
    }


@pytest.mark.parametrize("crs", ["EPSG:4490", "EPSG:4547", "EPSG:4526"])
def test_areas_match_pyproj(tmp_path, crs):
    data = tmp_path / "in.gpkg"
    write(data, crs)
    out = tmp_path / "out"
    run_zonescope("export", "--data", data, "--out", out, "--as-of", "2014-12-31", cwd=tmp_path)
    ref = reference_areas()
    seen = 0
    for layer, key in (("zones", "zone_id"), ("parcels", "parcel_id")):
        fc = json.loads((out / f"{layer}.geojson").read_text())
        for f in fc["features"]:
            fid = f["properties"][key]
            got = f["properties"]["area_m2"]
            want = ref[fid]
            assert want > 4000
            assert abs(got - want) / want < 1e-6, (crs, fid, got, want)
            seen += 1
    assert seen == len(ref)
