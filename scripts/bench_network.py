"""Benchmark data and Python baseline for road connectivity and relocation.

    python scripts/bench_network.py generate --scale province --out /work/bench-data/net-province.gpkg
    python scripts/bench_network.py reference /work/bench-data/net-province.gpkg [--engine scipy|networkx]

`generate` writes a seeded synthetic set in EPSG:4326: a jittered grid of county/township/
village links (each with one interior vertex, 10 % of grid links missing), national and
provincial highways along every 25th grid row/column sharing the grid's nodes, expressways on
their own nodes with an interchange every 12th column, zones of 2–5 km, point villages (90 %)
and polygon villages (10 %).

| scale    | links  | villages | zones |
|----------|--------|----------|-------|
| province | ~300 k | 200 k    | 180   |
| national | ~5 M   | 3 M      | 3 000 |

`reference` times tests/python/ref_network.py's analyses (reading the file is timed apart).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

SCALES = {
    # grid side (nodes), villages, zones, lon/lat box
    "province": (405, 200_000, 180, (110.5, 31.5, 116.5, 36.3)),
    "national": (1590, 3_000_000, 3000, (100.0, 25.0, 120.0, 45.0)),
    "tiny": (60, 5_000, 12, (113.0, 34.0, 113.6, 34.6)),
}


def generate(scale: str, out: Path, seed: int = 2014):
    n, n_villages, n_zones, (x0, y0, x1, y1) = SCALES[scale]
    rng = np.random.default_rng(seed)
    sx, sy = (x1 - x0) / (n - 1), (y1 - y0) / (n - 1)
    gx, gy = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    px = x0 + gx * sx + rng.uniform(-0.2, 0.2, gx.shape) * sx
    py = y0 + gy * sy + rng.uniform(-0.2, 0.2, gy.shape) * sy
    ids, routes, grades, geoms = [], [], [], []

    def add_links(ax, ay, bx, by, route, grade, prefix):
        mx = (ax + bx) / 2 + rng.uniform(-0.1, 0.1, ax.shape) * sx
        my = (ay + by) / 2 + rng.uniform(-0.1, 0.1, ay.shape) * sy
        coords = np.stack([np.stack([ax, ay], -1), np.stack([mx, my], -1), np.stack([bx, by], -1)], 1)
        geoms.append(shapely.linestrings(coords))
        start = sum(len(g) for g in ids)
        ids.append(np.array([f"{prefix}{start + i}" for i in range(len(ax))], dtype=object))
        routes.append(route)
        grades.append(grade)

    for di, dj in ((1, 0), (0, 1)):
        i, j = np.meshgrid(np.arange(n - di), np.arange(n - dj), indexing="ij")
        i, j = i.ravel(), j.ravel()
        # trunk lines: every 25th row (horizontal links) / column (vertical links)
        line = j if di == 1 else i
        trunk = line % 25 == 7
        keep = trunk | (rng.random(len(i)) > 0.10)
        i, j, trunk = i[keep], j[keep], trunk[keep]
        ax, ay = px[i, j], py[i, j]
        bx, by = px[i + di, j + dj], py[i + di, j + dj]
        k = line[keep] // 25
        cls = rng.choice(np.array(["X", "Y", "C"]), len(i))
        num = rng.integers(1, 999, len(i))
        route = np.where(trunk, np.char.add(np.where(k % 2 == 0, "G", "S"), (100 + k * 3).astype(str)),
                         np.char.add(cls, np.char.zfill(num.astype(str), 3))).astype(object)
        grade = np.where(trunk, "2", "3").astype(object)
        add_links(ax, ay, bx, by, route, grade, "r")
    # expressways: along every 40th row, half a cell north of it, own nodes, interchange with the
    # grid node below every 12th column (a short ramp link from the grid node)
    for e, j in enumerate(range(19, n - 1, 40)):
        xs = np.arange(n)
        ex, ey = px[:, j], py[:, j] + 0.5 * sy
        a = np.arange(n - 1)
        add_links(ex[a], ey[a], ex[a + 1], ey[a + 1], np.full(n - 1, f"G{e % 90 + 1}", dtype=object),
                  np.full(n - 1, "expressway", dtype=object), f"e{e}_")
        ic = xs[(xs % 12) == 5]
        add_links(px[ic, j], py[ic, j], ex[ic], ey[ic], np.full(len(ic), "X900", dtype=object),
                  np.full(len(ic), "3", dtype=object), f"ramp{e}_")
    roads = gpd.GeoDataFrame({
        "road_id": np.concatenate(ids), "route": np.concatenate(routes), "name": None,
        "grade": np.concatenate(grades), "status": "built",
    }, geometry=np.concatenate(geoms), crs="EPSG:4326")
    # zones: irregular pentagons 2–5 km
    cx = rng.uniform(x0, x1, n_zones)
    cy = rng.uniform(y0, y1, n_zones)
    w = rng.uniform(0.02, 0.05, n_zones)
    h = rng.uniform(0.02, 0.05, n_zones)
    rings = np.stack([np.stack([cx, cy], -1), np.stack([cx + w, cy + 0.1 * h], -1), np.stack([cx + 1.1 * w, cy + h], -1),
                      np.stack([cx + 0.3 * w, cy + 1.2 * h], -1), np.stack([cx - 0.2 * w, cy + 0.5 * h], -1),
                      np.stack([cx, cy], -1)], 1)
    zones = gpd.GeoDataFrame({"zone_id": [f"Z{i:05d}" for i in range(n_zones)],
                              "name": [f"zone {i}" for i in range(n_zones)]},
                             geometry=shapely.polygons(rings), crs="EPSG:4326")
    # villages: clustered near zones for 5 %, uniform otherwise
    vx = rng.uniform(x0, x1, n_villages)
    vy = rng.uniform(y0, y1, n_villages)
    near = rng.random(n_villages) < 0.05
    z = rng.integers(0, n_zones, n_villages)
    vx[near] = cx[z[near]] + rng.uniform(-0.2, 1.2, near.sum()) * w[z[near]]
    vy[near] = cy[z[near]] + rng.uniform(-0.2, 1.2, near.sum()) * h[z[near]]
    poly = rng.random(n_villages) < 0.10
    s = rng.uniform(0.002, 0.006, n_villages)
    vgeom = np.empty(n_villages, dtype=object)
    vgeom[~poly] = shapely.points(vx[~poly], vy[~poly])
    vgeom[poly] = shapely.box(vx[poly], vy[poly], vx[poly] + s[poly], vy[poly] + 0.8 * s[poly])
    households = rng.integers(30, 600, n_villages)
    homestead = np.where(rng.random(n_villages) < 0.5, households * rng.uniform(100, 200, n_villages), np.nan)
    villages = gpd.GeoDataFrame({
        "village_id": [f"V{i:07d}" for i in range(n_villages)], "name": None,
        "households": households, "population": households * 3,
        "homestead_area_m2": np.where(poly, np.nan, homestead),
        "relocation": rng.choice(np.array(["none", "planned", "started", "done"]), n_villages),
    }, geometry=vgeom, crs="EPSG:4326")
    parcels = gpd.GeoDataFrame({"parcel_id": ["P0"]}, geometry=[shapely.box(x0, y0, x0 + 1e-4, y0 + 1e-4)],
                               crs="EPSG:4326")
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.exists():
        out.unlink()
    for name, df, kw in (("zones", zones, {}), ("parcels", parcels, {}), ("roads", roads, {}),
                         ("villages", villages, {"geometry_type": "Unknown"})):
        df.to_file(out, layer=name, driver="GPKG", engine="pyogrio", **kw)
    print(f"{out}: {len(roads)} links, {len(villages)} villages, {len(zones)} zones")


def reference(path: Path, engine: str):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "python"))
    import ref_network as ref
    t = time.perf_counter()
    zones, roads, villages = ref.read(path, "zones"), ref.read(path, "roads"), ref.read(path, "villages")
    t_read = time.perf_counter() - t
    rules = ref.default_rules()
    t, c = time.perf_counter(), time.process_time()
    zc, cp = ref.connectivity(zones, roads, rules, engine)
    t_conn, c_conn = time.perf_counter() - t, time.process_time() - c
    t, c = time.perf_counter(), time.process_time()
    rel, zr = ref.relocation(zones, villages, rules)
    t_rel, c_rel = time.perf_counter() - t, time.process_time() - c
    print(f"python reference ({engine}): read {t_read:.1f} s, connectivity {t_conn:.1f} s (cpu {c_conn:.1f}), "
          f"relocation {t_rel:.1f} s (cpu {c_rel:.1f}), analyses {t_conn + t_rel:.1f} s (cpu {c_conn + c_rel:.1f})")
    print("statuses", zc["status"].value_counts().to_dict(), "relocation", len(rel),
          "not done", int(zr["village_count"].sum()))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--scale", choices=list(SCALES), default="province")
    g.add_argument("--out", type=Path, required=True)
    r = sub.add_parser("reference")
    r.add_argument("data", type=Path)
    r.add_argument("--engine", choices=["scipy", "networkx"], default="scipy")
    a = ap.parse_args()
    if a.cmd == "generate":
        generate(a.scale, a.out)
    else:
        reference(a.data, a.engine)


if __name__ == "__main__":
    main()
