"""Independent checks of the bundled sample (data/henan_sample.gpkg) with geopandas,
shapely, pyproj and networkx: schema, validity, containment, realistic spreads, and that
every connectivity and idle-land case the sample is meant to exercise is really there."""
import collections
import csv
import datetime as dt
import re

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import pytest
from shapely.geometry import Point

from conftest import ROOT, SAMPLE

AS_OF = dt.date(2014, 12, 31)
INDUSTRIAL = {"0601", "1001", "100101", "100102", "100103"}
GEOD = pyproj.Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def layers():
    return {n: gpd.read_file(SAMPLE, layer=n) for n in ("zones", "parcels", "roads", "villages")}


def geodesic_area(g):
    return abs(GEOD.geometry_area_perimeter(g)[0])


def test_schema_and_crs():
    expect = {
        "zones": {"zone_id": "String", "name": "String", "city": "String", "county": "String",
                  "star": "Integer", "leading_industry": "String"},
        "parcels": {"parcel_id": "String", "zone_id": "String", "land_use": "String",
                    "industry_code": "String", "holder": "String", "registered_area_m2": "Real",
                    "granted_on": "Date", "agreed_start": "Date", "agreed_completion": "Date",
                    "actual_start": "Date", "halted_since": "Date", "developed_area_m2": "Real",
                    "total_investment_wan_yuan": "Real", "invested_wan_yuan": "Real",
                    "floor_area_m2": "Real", "footprint_m2": "Real", "admin_area_m2": "Real",
                    "green_area_m2": "Real", "output_wan_yuan": "Real", "tax_wan_yuan": "Real",
                    "delay_cause": "String"},
        "roads": {"road_id": "String", "route": "String", "name": "String", "grade": "String",
                  "status": "String"},
        "villages": {"village_id": "String", "name": "String", "households": "Integer",
                     "population": "Integer", "homestead_area_m2": "Real", "relocation": "String"},
    }
    for layer, fields in expect.items():
        info = pyogrio.read_info(SAMPLE, layer=layer)
        assert info["crs"] == "EPSG:4490", layer
        types = dict(zip(info["fields"], info["ogr_types"]))
        for f, t in fields.items():
            assert types.get(f, "") == "OFT" + t, (layer, f, types.get(f))


def test_geometries_valid_and_ids_unique(layers):
    for name, g in layers.items():
        assert g.is_valid.all(), name
        assert not g.is_empty.any(), name
        idf = g.columns[0]
        assert g[idf].notna().all() and not g[idf].duplicated().any(), name
    assert set(layers["villages"].geom_type) == {"Point", "Polygon"}


def test_zones_are_real_clusters_of_realistic_size(layers):
    z = layers["zones"]
    assert len(z) >= 60
    names = {r["name"] for r in csv.DictReader(open(ROOT / "data/henan/henan_clusters_partial.csv"))}
    assert set(z.name) <= names
    km2 = z.geometry.apply(geodesic_area) / 1e6
    assert km2.min() > 2 and km2.max() < 31
    assert z.star.dropna().between(0, 4).all()
    assert not gpd.sjoin(z, z, predicate="intersects").pipe(lambda j: j[j.index != j.index_right]).shape[0]


def test_parcels_inside_zones_without_overlap(layers):
    z, p = layers["zones"].set_index("zone_id"), layers["parcels"]
    ha = p.geometry.apply(geodesic_area) / 1e4
    assert ha.min() >= 0.5 and ha.max() <= 30
    with_zone = p[p.zone_id.notna()]
    assert all(z.geometry[zid].buffer(1e-9).contains(g) for zid, g in zip(with_zone.zone_id, with_zone.geometry))
    pairs = gpd.sjoin(p, p, predicate="overlaps")
    assert len(pairs) == 0
    no_zone = p[p.zone_id.isna()]
    overlapping = no_zone.geometry.apply(lambda g: z.intersects(g).any())
    assert overlapping.sum() >= 10, "parcels to assign by overlap"
    assert 1 <= (~overlapping).sum() <= 5, "a few parcels outside every zone (planted warnings)"


def test_attribute_spreads(layers):
    p = layers["parcels"]
    area = p.geometry.apply(geodesic_area)
    ratio = p.registered_area_m2 / area
    off = (ratio - 1).abs()
    assert (off <= 0.02).mean() > 0.9
    assert 10 <= (off > 0.05).sum() <= 0.05 * len(p)
    assert p.registered_area_m2.isna().sum() >= 10
    lu = p.land_use.value_counts()
    assert lu["0601"] / len(p) > 0.6
    assert {"1001", "100101", "0604", "0701"} <= set(lu.index) and any(c.startswith("05") for c in lu.index)
    granted = pd.to_datetime(p.granted_on).dropna()
    assert granted.dt.year.min() == 2008 and granted.dt.year.max() == 2014
    for col in p.columns.drop(["parcel_id", "geometry"]):
        assert p[col].isna().any(), f"some nulls in {col}"
    assert (pd.to_datetime(p.agreed_start).dt.strftime("%m-%d") == "02-29").sum() >= 2
    ind = p[p.land_use.isin(INDUSTRIAL)]
    site = ind.registered_area_m2.where(ind.registered_area_m2 > 0, area[ind.index])
    assert ((ind.footprint_m2 / site) < 0.3).sum() > 20
    assert ((ind.admin_area_m2 / site) > 0.07).sum() > 20
    assert ((ind.green_area_m2 / site) > 0.2).sum() > 20
    unknown = ind.industry_code.dropna()[~ind.industry_code.dropna().str.fullmatch(r"1[3-9]|[23]\d|4[0-3]")]
    assert 5 <= len(unknown) <= 0.05 * len(ind)


def anniversary(d, years):
    try:
        return d.replace(year=d.year + years)
    except ValueError:
        return dt.date(d.year + years, 2, 28)


def test_idle_land_cases(layers):
    p = layers["parcels"]
    area = p.geometry.apply(geodesic_area)
    found = collections.Counter()
    day = lambda x: None if pd.isna(x) else pd.Timestamp(x).date()
    for r, a in zip(p.itertuples(), area):
        site = r.registered_area_m2 if r.registered_area_m2 and r.registered_area_m2 > 0 else a
        agreed, started, halted = day(r.agreed_start), day(r.actual_start), day(r.halted_since)
        since = None
        if started is None and agreed and AS_OF >= anniversary(agreed, 1):
            kind, since = "not_started", agreed
        elif started and halted and AS_OF >= anniversary(halted, 1):
            dev = r.developed_area_m2 / site if not pd.isna(r.developed_area_m2) else None
            inv = (r.invested_wan_yuan / r.total_investment_wan_yuan
                   if not pd.isna(r.invested_wan_yuan) and r.total_investment_wan_yuan else None)
            if (dev is not None and dev < 1 / 3) or (inv is not None and inv < 0.25):
                kind, since = "stalled", halted
        elif halted and AS_OF < anniversary(halted, 1):
            found["halted_under_a_year"] += 1
        if since:
            sev = "reclaim" if AS_OF >= anniversary(since, 2) else "fee"
            found[(kind, sev, r.delay_cause == "government")] += 1
    for kind in ("not_started", "stalled"):
        for sev in ("fee", "reclaim"):
            assert found[(kind, sev, False)] >= 5, (kind, sev, found)
            assert found[(kind, sev, True)] >= 1, (kind, sev, found)
    assert found["halted_under_a_year"] >= 5
    total = sum(v for k, v in found.items() if isinstance(k, tuple))
    assert 0.04 < total / len(p) < 0.2


def is_expressway(route, grade):
    m = re.fullmatch(r"[GS](\d+)", route or "")
    return grade == "expressway" or bool(m and (len(m.group(1)) <= 2 or len(m.group(1)) == 4))


def test_routes_and_connectivity_mix(layers):
    r, z = layers["roads"], layers["zones"]
    routes = set(r.route.dropna())
    assert r.route.isna().any(), "some links without a route number"
    assert {"G4", "G30", "G107", "G207", "G310", "G311"} <= routes
    assert any(x.startswith("S") for x in routes) and any(x.startswith("X") for x in routes)
    assert any(x.startswith("Y") for x in routes)
    assert set(r[r.route.isin(["G4", "G30"])].grade) == {"expressway"}
    assert {"planned", "under_construction"} <= set(r.status)
    r = r.assign(route=r.route.fillna(""))
    r["exp"] = [is_expressway(a, b) for a, b in zip(r.route, r.grade)]
    r["trunk"] = r.route.fillna("").str.match("^[GS]") & (r.status == "built")
    built = r[r.status == "built"]
    g = nx.Graph()
    exp_nodes, other_nodes, trunk_nodes = set(), set(), set()
    for row in built.itertuples():
        cs = list(row.geometry.coords)
        a, b = tuple(cs[0]), tuple(cs[-1])
        g.add_edge(a, b)
        (exp_nodes if row.exp else other_nodes).update([a, b])
        if row.trunk and not row.exp:
            trunk_nodes.update([a, b])
    interchanges = exp_nodes & other_nodes
    assert len(interchanges) >= 20
    targets = trunk_nodes | interchanges
    good = {n for c in nx.connected_components(g) if c & targets for n in c}
    zp = z.to_crs(4547)
    ordinary = r[r.trunk & ~r.exp].to_crs(4547)
    nodes = list(g.nodes)
    node_pts = gpd.GeoSeries([Point(n) for n in nodes], crs=4326).to_crs(4547)
    ic_pts = gpd.GeoSeries([Point(n) for n in interchanges], crs=4326).to_crs(4547)
    status = collections.Counter()
    for geom in zp.geometry:
        near = geom.buffer(50)
        if ordinary.intersects(near).any() or ic_pts.intersects(near).any():
            status["direct"] += 1
        elif any(nodes[i] in good for i in node_pts.sindex.query(near, predicate="intersects")):
            status["network"] += 1
        else:
            status["none"] += 1
    assert status["direct"] >= 10 and status["network"] >= 10 and status["none"] >= 10, status
    # Bridges: some local links cross a trunk road without a shared node.
    crossings = gpd.sjoin(r[~r.trunk & (r.status == "built")], r[r.trunk], predicate="crosses")
    assert len(crossings) >= 10


def test_villages(layers):
    v, z = layers["villages"], layers["zones"]
    names = {re.sub("(村民委员会|村委会)$", "", row["name"])
             for row in csv.DictReader(open(ROOT / "data/henan/henan_villages_nbs2023.csv"))}
    stems = v.name.str.replace("(村|社区)$", "", regex=True)
    assert stems.isin(names | {re.sub("(社区居民委员会|社区居委会|居民委员会|居委会)$", "", n) for n in names}).mean() > 0.95
    assert set(v.relocation.dropna()) == {"none", "planned", "started", "done"}
    pts = v[v.geom_type == "Point"]
    polys = v[v.geom_type == "Polygon"]
    inside_pts = gpd.sjoin(pts, z, predicate="within")
    assert len(inside_pts) >= 30
    assert len(pts) > len(polys) > 50
    partly = [g for g in polys.geometry if z.intersects(g).any() and not z.contains(g).any()]
    assert len(partly) >= 5
    assert pts.homestead_area_m2.isna().any() and pts.homestead_area_m2.notna().any()
    assert 1000 <= len(v) <= 4000
