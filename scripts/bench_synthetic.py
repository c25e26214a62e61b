"""Writes a synthetic province-scale GeoPackage (200 k parcels, 300 k road links, 200 k
villages, 180 zones) for the load benchmark while the sample generator is not available.
Usage: python scripts/bench_synthetic.py OUT.gpkg [EPSG]"""
import sys

import geopandas as gpd
import numpy as np
import shapely

rng = np.random.default_rng(2014)
out = sys.argv[1]
crs = sys.argv[2] if len(sys.argv) > 2 else "EPSG:4490"


def blobs(cx, cy, r, n):
    """Irregular closed rings, one per centre, n vertices each."""
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)[None, :] + rng.uniform(0, 1, (len(cx), 1))
    w = 1 + 0.2 * np.sin(3 * a)
    x = cx[:, None] + (r[:, None] * w * np.cos(a)) / np.cos(np.radians(cy[:, None]))
    y = cy[:, None] + r[:, None] * w * np.sin(a)
    coords = np.stack([x, y], axis=2)
    coords = np.concatenate([coords, coords[:, :1, :]], axis=1)
    return shapely.polygons(coords)


nz = 180
zx, zy = rng.uniform(111.0, 116.0, nz), rng.uniform(32.0, 36.0, nz)
zones = gpd.GeoDataFrame(
    {"zone_id": [f"Z{i:03d}" for i in range(nz)], "name": [f"集聚区{i}" for i in range(nz)], "star": rng.integers(0, 5, nz)},
    geometry=blobs(zx, zy, np.full(nz, 0.03), 64), crs="EPSG:4490")

npar = 200_000
zi = rng.integers(0, nz, npar)
px = zx[zi] + rng.uniform(-0.02, 0.02, npar)
py = zy[zi] + rng.uniform(-0.02, 0.02, npar)
parcels = gpd.GeoDataFrame({
    "parcel_id": [f"P{i:07d}" for i in range(npar)],
    "zone_id": np.where(rng.uniform(size=npar) < 0.5, zones.zone_id.values[zi], None),
    "land_use": np.where(rng.uniform(size=npar) < 0.8, "0601", "0701"),
    "industry_code": rng.choice(["13", "26", "34", "39", "17"], npar),
    "holder": [f"企业{i}" for i in range(npar)],
    "registered_area_m2": None,
    "granted_on": "2010-05-01", "agreed_start": "2011-05-01", "agreed_completion": "2013-05-01",
    "actual_start": [("2011-09-01" if u < 0.7 else None) for u in rng.uniform(size=npar)],
    "halted_since": None,
    "developed_area_m2": rng.uniform(0, 100000, npar),
    "total_investment_wan_yuan": rng.uniform(1000, 100000, npar),
    "invested_wan_yuan": rng.uniform(0, 100000, npar),
    "floor_area_m2": rng.uniform(1000, 300000, npar),
    "footprint_m2": rng.uniform(1000, 100000, npar),
    "admin_area_m2": rng.uniform(0, 10000, npar),
    "green_area_m2": rng.uniform(0, 30000, npar),
    "output_wan_yuan": rng.uniform(0, 100000, npar),
    "tax_wan_yuan": rng.uniform(0, 5000, npar),
    "delay_cause": None,
}, geometry=blobs(px, py, rng.uniform(0.0004, 0.0025, npar), 9), crs="EPSG:4490")
for c in ["granted_on", "agreed_start", "agreed_completion"]:
    parcels[c] = gpd.pd.to_datetime(parcels[c]).dt.date

nr = 300_000
rx, ry = rng.uniform(111.0, 116.0, nr), rng.uniform(32.0, 36.0, nr)
k = 4
steps = rng.uniform(-0.003, 0.003, (nr, k, 2)).cumsum(axis=1)
lines = shapely.linestrings(np.stack([rx[:, None] + steps[:, :, 0], ry[:, None] + steps[:, :, 1]], axis=2))
roads = gpd.GeoDataFrame({
    "road_id": [f"R{i:07d}" for i in range(nr)],
    "route": rng.choice(["G107", "S312", "X021", "Y105", "C001"], nr),
    "grade": rng.choice(["1", "2", "3", "4", "other"], nr),
    "status": "built",
}, geometry=lines, crs="EPSG:4490")

nv = 200_000
vx, vy = rng.uniform(111.0, 116.0, nv), rng.uniform(32.0, 36.0, nv)
vgeom = np.where(rng.uniform(size=nv) < 0.1, blobs(vx, vy, np.full(nv, 0.002), 12), shapely.points(vx, vy))
villages = gpd.GeoDataFrame({
    "village_id": [f"V{i:07d}" for i in range(nv)], "name": [f"村{i}" for i in range(nv)],
    "households": rng.integers(50, 800, nv), "population": rng.integers(200, 3000, nv),
    "relocation": rng.choice(["none", "planned", "started", "done"], nv),
}, geometry=vgeom, crs="EPSG:4490")

for name, gdf in [("zones", zones), ("parcels", parcels), ("roads", roads), ("villages", villages)]:
    gdf.to_crs(crs).to_file(out, layer=name, driver="GPKG", engine="pyogrio")
print(out)
