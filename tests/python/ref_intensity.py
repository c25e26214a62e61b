"""Independent reference for zonescope's `parcel-intensity`, `zone-intensity` and `idle-land`.

Written from the interface contract (section 5: site area, zone membership, intensity, idle
land) with GeoPandas, shapely and pyproj only; it shares no code with zonescope. Used by
tests/python/test_intensity_reference.py and as the benchmark baseline
(`python tests/python/ref_intensity.py DATA.gpkg --as-of 2014-12-31 [--config FILE]`).

Geodesic areas: pyproj.Geod(ellps="WGS84"), per polygon |exterior| − Σ |holes|.
"""
from __future__ import annotations

import argparse
import datetime as dt
import time
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

GEOD = Geod(ellps="WGS84")
M2_PER_MU = 10000.0 / 15.0
INDICATORS = ["far", "building_coefficient", "admin_share", "green_share",
              "investment_intensity", "output_per_mu", "tax_per_mu"]
# indicator -> (numerator field, value property, threshold property, site-area divisor m², bound)
SPEC = {
    "far": ("floor_area_m2", "far", "far_min", 1.0, "min"),
    "building_coefficient": ("footprint_m2", "building_coefficient", "building_coefficient_min", 1.0, "min"),
    "admin_share": ("admin_area_m2", "admin_share", "admin_share_max", 1.0, "max"),
    "green_share": ("green_area_m2", "green_share", "green_share_max", 1.0, "max"),
    "investment_intensity": ("invested_wan_yuan", "investment_intensity_wan_yuan_per_ha",
                             "investment_intensity_min_wan_yuan_per_ha", 10000.0, "min"),
    "output_per_mu": ("output_wan_yuan", "output_per_mu_wan_yuan", "output_per_mu_min_wan_yuan", M2_PER_MU, "min"),
    "tax_per_mu": ("tax_wan_yuan", "tax_per_mu_wan_yuan", "tax_per_mu_min_wan_yuan", M2_PER_MU, "min"),
}
DATE_FIELDS = ["agreed_start", "actual_start", "halted_since"]
REAL_FIELDS = ["registered_area_m2", "developed_area_m2", "total_investment_wan_yuan", "invested_wan_yuan",
               "floor_area_m2", "footprint_m2", "admin_area_m2", "green_area_m2", "output_wan_yuan",
               "tax_wan_yuan"]
TEXT_FIELDS = ["zone_id", "land_use", "industry_code", "delay_cause"]


def national_rules() -> dict:
    """The contract's defaults (国土资发〔2008〕24号; Order 53 of 2012)."""
    far = {}
    for value, codes in [(0.5, "25"), (0.6, "26 32 33"), (0.7, "27 31 34 35 36 37 39 43"),
                         (0.8, "17 20 21 22 23 28 29"), (1.0, "13 14 15 16 18 19 24 30 40 41 42")]:
        for c in codes.split():
            far[c] = value
    return {
        "intensity": {
            "industrial_land_uses": ["0601", "1001", "100101", "100102", "100103"],
            "far_min": far,
            "building_coefficient_min": 0.30,
            "admin_share_max": 0.07,
            "green_share_max": 0.20,
            "region_class": None,
            "region_class_by_county": {},
            "investment_intensity_min_wan_yuan_per_ha": {},
            "output_per_mu_min_wan_yuan": None,
            "tax_per_mu_min_wan_yuan": None,
        },
        "idle": {"idle_after_years": 1, "reclaim_after_years": 2, "developed_share_min": 1.0 / 3.0,
                 "invested_share_min": 0.25, "government_cause": "government"},
    }


def rules_from_config(path: str | Path | None) -> dict:
    rules = national_rules()
    if path is None:
        return rules
    cfg = tomllib.loads(Path(path).read_text(encoding="utf-8")).get("rules", {})
    for section in ("intensity", "idle"):
        for key, value in cfg.get(section, {}).items():
            if section == "intensity" and key == "far_min":
                rules[section]["far_min"].update(value)  # laid over the national table
            else:
                rules[section][key] = value
    return rules


# ---------------------------------------------------------------------------- loading

def _geodesic_area(geom) -> float:
    if geom is None or geom.is_empty:
        return 0.0
    total = 0.0
    for poly in getattr(geom, "geoms", [geom]):
        if poly.geom_type != "Polygon" or poly.is_empty:
            continue
        x, y = poly.exterior.coords.xy
        area = abs(GEOD.polygon_area_perimeter(x, y)[0])
        for hole in poly.interiors:
            hx, hy = hole.coords.xy
            area -= abs(GEOD.polygon_area_perimeter(hx, hy)[0])
        total += area
    return total


def geodesic_areas(geoms) -> np.ndarray:
    return np.array([_geodesic_area(g) for g in geoms], dtype=float)


def _to_lonlat(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if gdf.crs is None:
        raise ValueError("layer has no CRS")
    if gdf.crs.is_geographic and gdf.crs.to_epsg() in (4326, 4490, 4490):
        return gdf
    return gdf.to_crs("OGC:CRS84")


def _dates(col: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(col):
        return pd.to_datetime(col).dt.normalize().astype("datetime64[ns]")
    s = col.astype("object").where(col.notna(), None)
    s = s.map(lambda v: None if v is None or (isinstance(v, str) and not v.strip()) else str(v).strip()[:10])
    return pd.to_datetime(s, format="%Y-%m-%d").astype("datetime64[ns]")


def _text(col: pd.Series) -> pd.Series:
    return col.astype("object").where(col.notna(), None)


def load(path: str | Path):
    """The zones and parcels layers: lon/lat geometries, typed fields, geodesic areas."""
    zones = gpd.read_file(path, layer="zones", engine="pyogrio")
    parcels = gpd.read_file(path, layer="parcels", engine="pyogrio")
    return prepare(zones, parcels)


def prepare(zones, parcels, areas=geodesic_areas):
    """Typed fields and areas (`areas`: geometries -> m², per feature) of read layers."""
    zones = _to_lonlat(zones).reset_index(drop=True)
    parcels = _to_lonlat(parcels)
    parcels = parcels.reset_index(drop=True)
    zones["zone_id"] = zones["zone_id"].astype(str)
    for f in ("county", "name"):
        if f not in zones:
            zones[f] = None
        zones[f] = _text(zones[f])
    parcels["parcel_id"] = parcels["parcel_id"].astype(str)
    for f in TEXT_FIELDS:
        parcels[f] = _text(parcels[f]) if f in parcels else None
    for f in REAL_FIELDS:
        parcels[f] = pd.to_numeric(parcels[f], errors="raise").astype(float) if f in parcels else np.nan
    for f in DATE_FIELDS:
        parcels[f] = _dates(parcels[f]) if f in parcels else pd.NaT
    zones["area_m2"] = areas(zones.geometry.values)
    parcels["area_m2"] = areas(parcels.geometry.values)
    return zones, parcels


# ---------------------------------------------------------------------------- membership

def zone_membership(zones: gpd.GeoDataFrame, parcels: gpd.GeoDataFrame, areas=geodesic_areas):
    """(zone_id property, zone position or -1) per parcel: the given zone_id, else largest overlap."""
    given = [z if isinstance(z, str) and z != "" else None for z in parcels["zone_id"]]
    pos_by_id = {z: i for i, z in enumerate(zones["zone_id"])}
    zone_pos = np.array([pos_by_id.get(z, -1) if z is not None else -1 for z in given], dtype=np.int64)
    zone_id = np.array(given, dtype=object)
    todo = np.array([i for i, z in enumerate(given) if z is None], dtype=np.int64)
    if len(todo):
        left = parcels.iloc[todo][["geometry"]].copy()
        left["p"] = todo
        right = zones[["geometry"]].copy()
        right["z"] = np.arange(len(zones))
        pairs = gpd.sjoin(left, right, predicate="intersects", how="inner")
        if len(pairs):
            inter = shapely.intersection(parcels.geometry.values[pairs["p"].to_numpy()],
                                         zones.geometry.values[pairs["z"].to_numpy()])
            pairs = pd.DataFrame({"p": pairs["p"].to_numpy(), "z": pairs["z"].to_numpy(),
                                  "a": areas(inter)})
            pairs = pairs[pairs["a"] > 0].sort_values(["p", "a", "z"], ascending=[True, False, True])
            best = pairs.drop_duplicates("p")
            zone_pos[best["p"].to_numpy()] = best["z"].to_numpy()
            zone_id[best["p"].to_numpy()] = zones["zone_id"].to_numpy()[best["z"].to_numpy()]
    return zone_id, zone_pos


# ---------------------------------------------------------------------------- intensity

def _by_industry(codes, table: dict) -> np.ndarray:
    """Per-industry number: the exact trimmed code, else its two-digit division, else "*"
    (looked up once per distinct code)."""
    keys, uniques = pd.factorize(pd.Series(np.asarray(codes, dtype=object)), use_na_sentinel=True)
    per_code = np.full(len(uniques) + 1, np.nan)  # the last entry: no code
    for k, v in enumerate(uniques):
        v = v.strip() if isinstance(v, str) else ""
        if not v:
            continue
        x = table.get(v)
        if x is None and len(v) > 2 and v[:2].isdigit():
            x = table.get(v[:2])
        if x is None:
            x = table.get("*")
        if x is not None:
            per_code[k] = x
    return per_code[np.where(keys < 0, len(uniques), keys)]


def _lists(flags: dict, n: int) -> list:
    """Per row, the indicators whose flag is set, in INDICATORS order (via a bit mask)."""
    mask = np.zeros(n, dtype=np.int64)
    for bit, name in enumerate(INDICATORS):
        mask |= flags[name].astype(np.int64) << bit
    lut = {m: [name for bit, name in enumerate(INDICATORS) if m >> bit & 1] for m in np.unique(mask).tolist()}
    return [list(lut[m]) for m in mask.tolist()]


def parcel_intensity(zones, parcels, zone_id, zone_pos, rules) -> pd.DataFrame:
    r = rules["intensity"]
    n = len(parcels)
    reg = parcels["registered_area_m2"].to_numpy()
    site = np.where(np.isfinite(reg) & (reg > 0), reg, parcels["area_m2"].to_numpy())
    industrial = (parcels["land_use"].astype("object").str.strip()
                  .isin({c.strip() for c in r["industrial_land_uses"]}).to_numpy(dtype=bool))
    by_county = r["region_class_by_county"]
    zone_region = np.array([by_county.get(c.strip(), r["region_class"]) if isinstance(c, str) else r["region_class"]
                            for c in zones["county"]] + [r["region_class"]], dtype=object)
    region = pd.Series(zone_region[zone_pos], dtype=object)  # position -1 = the last entry: no zone
    out = pd.DataFrame({
        "parcel_id": parcels["parcel_id"].to_numpy(),
        "zone_id": zone_id,
        "industrial": industrial,
        "region_class": region.to_numpy(),
        "area_m2": parcels["area_m2"].to_numpy(),
        "site_area_m2": site,
        "site_area_mu": site / M2_PER_MU,
        "zone_pos": zone_pos,
    })
    codes = parcels["industry_code"].to_numpy(dtype=object)
    inv_min = np.full(n, np.nan)
    for cls, table in r["investment_intensity_min_wan_yuan_per_ha"].items():
        sel = (region == cls).to_numpy()
        if sel.any():
            inv_min[sel] = _by_industry(codes[sel], table)
    thresholds = {
        "far": _by_industry(codes, r["far_min"]),
        "building_coefficient": np.full(n, r["building_coefficient_min"], dtype=float),
        "admin_share": np.full(n, r["admin_share_max"], dtype=float),
        "green_share": np.full(n, r["green_share_max"], dtype=float),
        "investment_intensity": inv_min,
        "output_per_mu": np.full(n, np.nan if r["output_per_mu_min_wan_yuan"] is None
                                 else r["output_per_mu_min_wan_yuan"], dtype=float),
        "tax_per_mu": np.full(n, np.nan if r["tax_per_mu_min_wan_yuan"] is None
                              else r["tax_per_mu_min_wan_yuan"], dtype=float),
    }
    failed = {}
    missing = {}
    for ind in INDICATORS:
        field, prop, tprop, div, bound = SPEC[ind]
        num = parcels[field].to_numpy()
        den = site / div
        ok = np.isfinite(num) & (site > 0)
        value = np.where(ok, num / np.where(ok, den, 1.0), np.nan)
        t = np.where(industrial, thresholds[ind], np.nan)
        out[prop] = value
        out[tprop] = t
        with np.errstate(invalid="ignore"):
            fail = (value < t) if bound == "min" else (value > t)
        failed[ind] = ok & np.isfinite(t) & fail
        missing[ind] = ~ok
    out["shortfalls"] = _lists(failed, n)
    out["missing"] = _lists(missing, n)
    meets = np.full(n, None, dtype=object)
    meets[industrial] = (out["shortfalls"].map(len).to_numpy() == 0)[industrial]
    out["meets_standard"] = meets
    for ind in INDICATORS:
        out["_num_" + ind] = np.where(missing[ind], 0.0, parcels[SPEC[ind][0]].to_numpy())
        out["_has_" + ind] = ~missing[ind]
    return out


# ---------------------------------------------------------------------------- idle land

def _is_leap(y):
    return ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)


def anniversary(dates: pd.Series, years: int) -> pd.Series:
    """Calendar anniversaries; 29 February → 28 February in common years."""
    ok = dates.notna()
    y = dates.dt.year.where(ok, 2000).astype(int) + years
    m = dates.dt.month.where(ok, 1).astype(int)
    d = dates.dt.day.where(ok, 1).astype(int)
    d = d.where(~((m == 2) & (d == 29) & ~_is_leap(y)), 28)
    res = pd.to_datetime(pd.DataFrame({"year": y, "month": m, "day": d}))
    return res.where(ok)


def idle_land(parcels, pi: pd.DataFrame, as_of: dt.date, rules) -> pd.DataFrame:
    r = rules["idle"]
    asof = pd.Timestamp(as_of)
    agreed, actual, halted = parcels["agreed_start"], parcels["actual_start"], parcels["halted_since"]
    site = pi["site_area_m2"].to_numpy()
    not_started = actual.isna() & agreed.notna() & (asof >= anniversary(agreed, r["idle_after_years"]))
    dev = parcels["developed_area_m2"].to_numpy()
    inv = parcels["invested_wan_yuan"].to_numpy()
    tot = parcels["total_investment_wan_yuan"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        dev_share = np.where(np.isfinite(dev) & (site > 0), dev / site, np.nan)
        inv_share = np.where(np.isfinite(inv) & np.isfinite(tot) & (tot > 0), inv / tot, np.nan)
        low = (dev_share < r["developed_share_min"]) | (inv_share < r["invested_share_min"])
    halted_year = actual.notna() & halted.notna() & (asof >= anniversary(halted, r["idle_after_years"]))
    stalled = halted_year.to_numpy() & low & ~not_started.to_numpy()
    ns = not_started.to_numpy()
    keep = ns | stalled
    since = agreed.where(not_started, halted)[keep]
    idx = np.flatnonzero(keep)
    gov = r["government_cause"].strip().lower()
    excluded = parcels["delay_cause"].map(lambda c: isinstance(c, str) and c.strip().lower() == gov).to_numpy()[idx]
    first = anniversary(since, r["idle_after_years"])
    second = anniversary(since, r["reclaim_after_years"])
    is_stalled = stalled[idx]
    idle_area = np.where(is_stalled, np.maximum(0.0, site[idx] - dev[idx]), site[idx])  # NaN stays NaN
    out = pd.DataFrame({
        "parcel_id": pi["parcel_id"].to_numpy()[idx],
        "zone_id": pi["zone_id"].to_numpy()[idx],
        "zone_pos": pi["zone_pos"].to_numpy()[idx],
        "reason": np.where(is_stalled, "stalled", "not_started"),
        "idle_since": since.dt.date.to_numpy(),
        "idle_days": (asof - since).dt.days.to_numpy(),
        "severity": np.where((asof >= second).to_numpy(), "reclaim", "fee"),
        "idle_area_m2": idle_area,
        "excluded": excluded,
        "exclusion_reason": np.where(excluded, r["government_cause"].strip(), None),
        "first_anniversary": first.dt.date.to_numpy(),
        "second_anniversary": second.dt.date.to_numpy(),
        "developed_share": np.where(is_stalled, dev_share[idx], np.nan),
        "invested_share": np.where(is_stalled, inv_share[idx], np.nan),
    })
    out["missing"] = [
        ([] if not s else [n for n, v in (("developed_share", d), ("invested_share", i)) if not np.isfinite(v)])
        for s, d, i in zip(is_stalled, dev_share[idx], inv_share[idx])
    ]
    return out


# ---------------------------------------------------------------------------- zones

def zone_intensity(zones, pi: pd.DataFrame, idle: pd.DataFrame) -> pd.DataFrame:
    nz = len(zones)
    inz = pi[pi["zone_pos"] >= 0]
    g_all = inz.groupby("zone_pos")
    out = pd.DataFrame({"zone_id": zones["zone_id"].to_numpy(), "zone_area_ha": zones["area_m2"].to_numpy() / 1e4})
    out["parcel_count"] = g_all.size().reindex(range(nz), fill_value=0).to_numpy()
    out["parcel_area_ha"] = (g_all["site_area_m2"].sum() / 1e4).reindex(range(nz), fill_value=0.0).to_numpy()
    ind = inz[inz["industrial"]]
    for name in INDICATORS:
        _, prop, _, div, _ = SPEC[name]
        has = ind[ind["_has_" + name]]
        g = has.groupby("zone_pos")
        num = g["_num_" + name].sum().reindex(range(nz))
        den = (g["site_area_m2"].sum() / div).reindex(range(nz))
        with np.errstate(invalid="ignore", divide="ignore"):
            out[prop] = np.where(den.to_numpy() > 0, num.to_numpy() / den.to_numpy(), np.nan)
    counted = idle[(~idle["excluded"]) & (idle["zone_pos"] >= 0)]
    gi = counted.groupby("zone_pos")
    out["idle_candidate_count"] = gi.size().reindex(range(nz), fill_value=0).to_numpy()
    out["idle_area_ha"] = (gi["idle_area_m2"].sum(min_count=0) / 1e4).reindex(range(nz), fill_value=0.0).to_numpy()
    return out


def compute(path, as_of: dt.date, config=None):
    """The three layers as DataFrames (parcel-intensity, zone-intensity, idle-land)."""
    rules = rules_from_config(config)
    zones, parcels = load(path)
    return compute_loaded(zones, parcels, as_of, rules)


def compute_loaded(zones, parcels, as_of, rules, areas=geodesic_areas):
    zone_id, zone_pos = zone_membership(zones, parcels, areas)
    pi = parcel_intensity(zones, parcels, zone_id, zone_pos, rules)
    idle = idle_land(parcels, pi, as_of, rules)
    zi = zone_intensity(zones, pi, idle)
    return {"parcel-intensity": pi, "zone-intensity": zi, "idle-land": idle}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    ap.add_argument("--config")
    a = ap.parse_args()
    rules = rules_from_config(a.config)
    t0, c0 = time.perf_counter(), time.process_time()
    zones, parcels = load(a.data)
    t1, c1 = time.perf_counter(), time.process_time()
    res = compute_loaded(zones, parcels, a.as_of, rules)
    t2, c2 = time.perf_counter(), time.process_time()
    print(f"parcels={len(parcels)} zones={len(zones)} idle={len(res['idle-land'])} "
          f"load_s={t1 - t0:.2f} analyse_s={t2 - t1:.2f} total_s={t2 - t0:.2f} "
          f"load_cpu_s={c1 - c0:.2f} analyse_cpu_s={c2 - c1:.2f}")


if __name__ == "__main__":
    main()
