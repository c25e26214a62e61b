"""Independent GeoPandas/pandas reference for zonescope's `zone-evaluation` (TD/T 1029
indicators, ranks, score) and `holder-benefit` (亩均效益, classes A–D), contract §9.

Loading, zone membership, site areas and idle-land candidates come from ref_intensity.py
(itself an independent implementation, checked by test_intensity_reference.py); everything
below is written from the contract's sentences, not from the Rust code.
"""
from __future__ import annotations

import datetime as dt
import math
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

import ref_intensity as ri

INDICATORS = ["supplied_share", "built_share", "industrial_share", "composite_far", "industrial_far",
              "industrial_building_coefficient", "industrial_investment_intensity_wan_yuan_per_ha",
              "industrial_output_per_ha_wan_yuan", "industrial_tax_per_ha_wan_yuan", "idle_share"]


def evaluation_rules(config) -> dict:
    """weights, ideals and class shares from a config ([evaluation]/[benefit] or [rules.*])."""
    cfg = tomllib.loads(Path(config).read_text(encoding="utf-8")) if config else {}
    rules = cfg.get("rules", {})
    ev = cfg.get("evaluation", rules.get("evaluation", {}))
    be = cfg.get("benefit", rules.get("benefit", {}))
    return {"weights": ev.get("weights", {}), "ideals": ev.get("ideals", {}),
            "class_shares": be.get("class_shares", [0.25, 0.70, 0.95])}


def competition_rank(values: pd.Series) -> pd.Series:
    """1 = highest; ties share the best rank (1, 2, 2, 4); NaN stays NaN."""
    return values.rank(method="min", ascending=False)


def _ratio(num, den):
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(den > 0, num / den, np.nan)


def zone_evaluation(zones, parcels, pi, idle, ev) -> pd.DataFrame:
    nz = len(zones)
    df = pd.DataFrame({
        "z": pi["zone_pos"].to_numpy(),
        "site": pi["site_area_m2"].to_numpy(),
        "industrial": pi["industrial"].to_numpy(dtype=bool),
        "granted": parcels["granted_on"].notna().to_numpy(),
        "started": parcels["actual_start"].notna().to_numpy(),
        "floor": parcels["floor_area_m2"].to_numpy(),
        "footprint": parcels["footprint_m2"].to_numpy(),
        "invested": parcels["invested_wan_yuan"].to_numpy(),
        "output": parcels["output_wan_yuan"].to_numpy(),
        "tax": parcels["tax_wan_yuan"].to_numpy(),
    })
    df = df[df["z"] >= 0]
    idx = range(nz)

    def total(sel, col="site"):
        return df[sel].groupby("z")[col].sum().reindex(idx, fill_value=0.0).to_numpy()

    def over_has(sel, col, per=1.0):
        has = df[sel & df[col].notna()]
        g = has.groupby("z")
        num = g[col].sum().reindex(idx)
        den = (g["site"].sum() / per).reindex(idx)
        return _ratio(num.to_numpy(), den.to_numpy())

    everything = pd.Series(True, index=df.index)
    out = pd.DataFrame({"zone_id": zones["zone_id"].to_numpy(), "zone_area_ha": zones["area_m2"].to_numpy() / 1e4})
    out["parcel_count"] = df.groupby("z").size().reindex(idx, fill_value=0).to_numpy()
    out["industrial_parcel_count"] = df[df["industrial"]].groupby("z").size().reindex(idx, fill_value=0).to_numpy()
    site_all = total(everything)
    site_granted = total(df["granted"])
    out["supplied_share"] = _ratio(site_granted, zones["area_m2"].to_numpy())
    out["built_share"] = _ratio(total(df["started"]), site_granted)
    out["industrial_share"] = _ratio(total(df["industrial"]), site_all)
    out["composite_far"] = over_has(everything, "floor")
    ind = df["industrial"]
    out["industrial_far"] = over_has(ind, "floor")
    out["industrial_building_coefficient"] = over_has(ind, "footprint")
    out["industrial_investment_intensity_wan_yuan_per_ha"] = over_has(ind, "invested", 1e4)
    out["industrial_output_per_ha_wan_yuan"] = over_has(ind, "output", 1e4)
    out["industrial_tax_per_ha_wan_yuan"] = over_has(ind, "tax", 1e4)
    counted = idle[(~idle["excluded"].astype(bool)) & (idle["zone_pos"] >= 0)]
    idle_m2 = counted.groupby("zone_pos")["idle_area_m2"].sum(min_count=0).reindex(idx, fill_value=0.0).to_numpy()
    out["idle_share"] = _ratio(idle_m2, site_all)
    out["rank_industrial_tax_per_ha"] = competition_rank(out["industrial_tax_per_ha_wan_yuan"])
    weights = {k: float(w) for k, w in ev["weights"].items() if float(w) > 0}
    if weights:
        num = np.zeros(nz)
        for name, w in weights.items():
            ideal = float(ev["ideals"][name])
            v = out[name].to_numpy()
            a = (1 - v) / (1 - ideal) if name == "idle_share" else v / ideal
            a = np.where(np.isnan(v), 0.0, np.clip(a, 0.0, 1.0))
            num += w * a
        out["score"] = 100.0 * num / sum(weights.values())
    else:
        out["score"] = np.nan
    out["score_rank"] = competition_rank(out["score"])
    return out


def holder_benefit(parcels, pi, ev) -> pd.DataFrame:
    holder = parcels["holder"].map(lambda h: h.strip() if isinstance(h, str) else None)
    df = pd.DataFrame({
        "holder": holder.to_numpy(), "zone_id": pi["zone_id"].to_numpy(), "industrial": pi["industrial"].to_numpy(),
        "mu": pi["site_area_m2"].to_numpy() / ri.M2_PER_MU,
        "output": parcels["output_wan_yuan"].to_numpy(), "tax": parcels["tax_wan_yuan"].to_numpy(),
    })
    df = df[df["holder"].map(lambda h: isinstance(h, str) and h != "") & df["industrial"].astype(bool)]
    rows = []
    for h, g in df.groupby("holder", sort=True):
        o = g[g["output"].notna()]
        t = g[g["tax"].notna()]
        rows.append({
            "holder": h,
            "zone_ids": sorted({z for z in g["zone_id"] if isinstance(z, str) and z}),
            "parcel_count": len(g),
            "site_area_mu": g["mu"].sum(),
            "output_per_mu_wan_yuan": o["output"].sum() / o["mu"].sum() if len(o) and o["mu"].sum() > 0 else np.nan,
            "tax_per_mu_wan_yuan": t["tax"].sum() / t["mu"].sum() if len(t) and t["mu"].sum() > 0 else np.nan,
        })
    out = pd.DataFrame(rows)
    out["tax_rank"] = competition_rank(out["tax_per_mu_wan_yuan"])
    n = int(out["tax_rank"].notna().sum())
    # ceil of share × n in exact decimal arithmetic (0.7 × 10 = 7).
    from fractions import Fraction
    bounds = [math.ceil(Fraction(str(s)) * n) for s in ev["class_shares"]]

    def cls(r):
        if np.isnan(r):
            return None
        for letter, b in zip("ABC", bounds):
            if r <= b:
                return letter
        return "D"

    out["class"] = out["tax_rank"].map(cls)
    return out


def compute(path, as_of: dt.date, config=None):
    rules = ri.rules_from_config(config)
    ev = evaluation_rules(config)
    zones, parcels = ri.load(path)
    raw = gpd.read_file(path, layer="parcels", engine="pyogrio", columns=["holder", "granted_on"],
                        ignore_geometry=True)
    parcels["holder"] = raw["holder"].astype("object").where(raw["holder"].notna(), None).to_numpy()
    parcels["granted_on"] = ri._dates(raw["granted_on"]).to_numpy()
    zone_id, zone_pos = ri.zone_membership(zones, parcels)
    pi = ri.parcel_intensity(zones, parcels, zone_id, zone_pos, rules)
    idle = ri.idle_land(parcels, pi, as_of, rules)
    return {"zone-evaluation": zone_evaluation(zones, parcels, pi, idle, ev),
            "holder-benefit": holder_benefit(parcels, pi, ev)}
