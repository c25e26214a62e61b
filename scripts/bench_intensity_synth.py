"""Synthetic zones + parcels GeoPackage for the intensity / idle-land benchmark, used only
when `zonescope sample --scale province|national` is not available. Deterministic (seed 2014).

    python scripts/bench_intensity_synth.py OUT.gpkg N_PARCELS
"""
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(2014)
per_zone = 1000
nz = max(1, n // per_zone)
side = int(np.ceil(np.sqrt(nz)))
zi = np.arange(nz)
zx = 111.0 + 5.5 * (zi % side) / side
zy = 32.0 + 4.0 * (zi // side) / side
zsize = 0.045
zones = gpd.GeoDataFrame({
    "zone_id": [f"Z{i:05d}" for i in zi],
    "name": [f"产业集聚区{i}" for i in zi],
    "county": rng.choice(["巩义市", "荥阳市", "新郑市", "长葛市", "禹州市"], nz),
}, geometry=shapely.box(zx, zy, zx + zsize, zy + zsize), crs="EPSG:4490")

# Parcels: a 32 × 32 grid of cells per zone (1000 used), 0.0014° cells, some shifted across
# the zone edge, a few far outside.
k = np.arange(n)
z = np.minimum(k // per_zone, nz - 1)
c = k % per_zone
cx = zx[z] + 0.0005 + 0.0014 * (c % 32)
cy = zy[z] + 0.0005 + 0.0014 * (c // 32)
w = rng.uniform(0.0006, 0.0012, n)
h = rng.uniform(0.0006, 0.0012, n)
edge = (c % 32 == 31) & (rng.random(n) < 0.5)
cx = np.where(edge, cx + 0.0008, cx)  # crosses the zone's east edge
outside = rng.random(n) < 0.01
cy = np.where(outside, cy + 0.1, cy)
geom = shapely.box(cx, cy, cx + w, cy + h)
given = np.where(rng.random(n) < 0.85, np.array([f"Z{i:05d}" for i in z], dtype=object), None)
given = np.where(edge | outside, None, given)


def maybe(values, p_null=0.05):
    v = np.asarray(values, dtype=float)
    return np.where(rng.random(n) < p_null, np.nan, v)


site = w * h * 111_000 * 92_000  # rough m²
reg = np.where(rng.random(n) < 0.7, np.round(site * rng.uniform(0.97, 1.03, n), 1), np.nan)
day0 = np.datetime64("2008-01-01")


def dates(lo_days, hi_days, p_null):
    d = day0 + rng.integers(lo_days, hi_days, n).astype("timedelta64[D]")
    s = pd.Series(d).dt.strftime("%Y-%m-%d").astype(object)
    s[rng.random(n) < p_null] = None
    return s.to_numpy()


agreed = dates(0, 2500, 0.05)
actual = dates(300, 2500, 0.2)
halted = dates(600, 2500, 0.85)
total = rng.uniform(1000, 50000, n)
parcels = gpd.GeoDataFrame({
    "parcel_id": [f"P{i:07d}" for i in k],
    "zone_id": given,
    "land_use": rng.choice(["0601", "0601", "0601", "100101", "0501", "0701", "0602"], n),
    "industry_code": rng.choice(["13", "17", "25", "26", "27", "34", "39", "40", "99", ""], n),
    "holder": None,
    "registered_area_m2": reg,
    "agreed_start": agreed,
    "actual_start": actual,
    "halted_since": halted,
    "developed_area_m2": maybe(site * rng.uniform(0, 1.1, n)),
    "total_investment_wan_yuan": maybe(total),
    "invested_wan_yuan": maybe(total * rng.uniform(0, 1.0, n)),
    "floor_area_m2": maybe(site * rng.uniform(0.3, 2.5, n)),
    "footprint_m2": maybe(site * rng.uniform(0.15, 0.7, n)),
    "admin_area_m2": maybe(site * rng.uniform(0.0, 0.12, n)),
    "green_area_m2": maybe(site * rng.uniform(0.05, 0.3, n)),
    "output_wan_yuan": maybe(site / 666.67 * rng.uniform(50, 800, n), 0.2),
    "tax_wan_yuan": maybe(site / 666.67 * rng.uniform(2, 40, n), 0.2),
    "delay_cause": np.where(rng.random(n) < 0.02, "government", None),
}, geometry=geom, crs="EPSG:4490")
zones.to_file(out, layer="zones", driver="GPKG", engine="pyogrio")
parcels.to_file(out, layer="parcels", driver="GPKG", engine="pyogrio")
gpd.GeoDataFrame({"road_id": ["R0"], "route": ["G4"], "grade": ["expressway"], "status": ["built"]},
                 geometry=gpd.GeoSeries.from_wkt(["LINESTRING (110.5 31.5, 110.6 31.5)"]),
                 crs="EPSG:4490").to_file(out, layer="roads", driver="GPKG", engine="pyogrio")
gpd.GeoDataFrame({"village_id": ["V0"], "households": [1], "relocation": ["none"]},
                 geometry=gpd.points_from_xy([110.5], [31.5]), crs="EPSG:4490").to_file(
    out, layer="villages", driver="GPKG", engine="pyogrio")
print(f"{out}: {nz} zones, {n} parcels")
