"""Vectorised GeoPandas peer of `zonescope audit`: the four analyses of the contract (section 5)
and the audit's tabular outputs, for the benchmark (scripts/bench-audit.sh) and the cross-check
tests/python/test_audit_reference.py.

    python tests/python/ref_audit.py --data SRC --out DIR --as-of DATE [--config TOML]

writes DIR/audit.gpkg with the seven result layers (`parcel-intensity`, `zone-intensity`,
`idle-land`, `zone-connectivity`, `connector-paths`, `relocation`, `zone-relocation`; pyogrio,
GDAL's Arrow interface when pyarrow is installed) and DIR/idle_land.csv, DIR/zones.csv (UTF-8
with BOM, rounded like zonescope's), as GeoPandas 1.x / shapely 2 / pyproj / scipy code written
the fast way: no Python loop over features except to draw the few connector paths.

- Intensity and idle land: the rules of ref_intensity.py (numpy masks, pandas group-bys);
  areas here from an Albers equal-area projection on the WGS84 ellipsoid (pyproj, vectorised)
  instead of one pyproj Geod call per polygon.
- Connectivity: links and nodes built with array operations (shapely.get_parts /
  get_coordinates, pyproj Geod.inv over every segment at once, a k-d tree on ECEF endpoints and
  scipy connected components for snapping), one multi-source scipy.sparse.csgraph Dijkstra
  (`min_only=True`), and STRtree pair queries for zones against trunk roads, interchanges and
  nodes. Zone–road distances: both geometries of every candidate pair go into the ellipsoidal
  azimuthal equidistant plane about the zone's centroid (one vectorised Geod.inv for all
  coordinates of all pairs), shapely finds the closest points, the plane is re-centred on their
  midpoint twice, and the answer is the geodesic (Geod.inv) between the closest points.
- Relocation: one STRtree query of villages against zones, vectorised intersections and areas.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import Geod, Transformer

sys.path.insert(0, str(Path(__file__).resolve().parent))
import ref_intensity as ri  # noqa: E402
import ref_network as rn  # noqa: E402

GEOD = Geod(ellps="WGS84")
try:
    import pyarrow  # noqa: F401
    ARROW = True
except ImportError:  # pyogrio then goes through its feature-by-feature path
    ARROW = False
CRS = "EPSG:4490"
LAYERS = ["parcel-intensity", "zone-intensity", "idle-land", "zone-connectivity", "connector-paths",
          "relocation", "zone-relocation"]


# ---------------------------------------------------------------------------------------------
# reading and areas

def read(path, layer, columns=None):
    df = pyogrio.read_dataframe(path, layer=layer, columns=columns, use_arrow=ARROW)
    if df.crs is None:
        raise ValueError(f"layer {layer} has no CRS")
    if df.crs.is_geographic and df.crs.to_epsg() in (4326, 4490):
        df = df.set_crs(CRS, allow_override=True)  # lon/lat on (practically) the same ellipsoid
    else:
        df = df.to_crs(CRS)  # GeoPandas keeps lon/lat order
    return df.reset_index(drop=True)


class Areas:
    """Ellipsoidal areas through an Albers equal-area projection fitted to the data's latitudes
    (equal-area on the ellipsoid: only the edges' straightness differs from geodesics)."""

    def __init__(self, bounds):
        minx, miny, maxx, maxy = (float(v) for v in bounds)
        h = maxy - miny
        self.t = Transformer.from_pipeline(
            "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
            f"+step +proj=aea +lat_1={miny + h / 6!r} +lat_2={maxy - h / 6!r} +lat_0={(miny + maxy) / 2!r} "
            f"+lon_0={(minx + maxx) / 2!r} +ellps=WGS84")

    def project(self, geoms):
        """The geometries in the Albers plane (metres). Its distances are within a few tenths
        of a percent of geodesic ones across a province: used only to prune candidate pairs."""
        return shapely.transform(np.asarray(geoms, dtype=object),
                                 lambda xy: np.column_stack(self.t.transform(xy[:, 0], xy[:, 1])))

    def __call__(self, geoms) -> np.ndarray:
        geoms = np.asarray(geoms, dtype=object)
        out = np.zeros(len(geoms))
        ok = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
        if ok.any():
            out[ok] = shapely.area(self.project(geoms[ok]))
        return out


# ---------------------------------------------------------------------------------------------
# local metric plane for many pairs at once

def _aeqd(geoms, lon0, lat0):
    """Each geometry in the ellipsoidal azimuthal equidistant plane about its own centre
    (lon0[i], lat0[i]): x = s sin(azimuth), y = s cos(azimuth) from one vectorised Geod.inv."""
    c, idx = shapely.get_coordinates(geoms, return_index=True)
    az, _, s = GEOD.inv(lon0[idx], lat0[idx], c[:, 0], c[:, 1])
    a = np.radians(az)
    return shapely.set_coordinates(np.array(geoms, dtype=object, copy=True), np.column_stack((s * np.sin(a), s * np.cos(a))))


def _from_aeqd(xy, lon0, lat0):
    lon, lat, _ = GEOD.fwd(lon0, lat0, np.degrees(np.arctan2(xy[:, 0], xy[:, 1])), np.hypot(xy[:, 0], xy[:, 1]))
    return np.column_stack((lon, lat))


def pair_gaps(a, b, iterations=2):
    """Geodesic distance between geometries a[i] and b[i] (arrays of equal length), and the
    closest points (lon, lat arrays for each side); 0 and a shared point where they intersect.
    Closest points in the AEQD plane about the zone's centroid, then about the midpoint of the
    closest points found (`iterations` times); the distance is the geodesic between them."""
    n = len(a)
    d = np.zeros(n)
    pa = np.zeros((n, 2))
    pb = np.zeros((n, 2))
    if n == 0:
        return d, pa, pb
    hit = shapely.intersects(a, b)
    if hit.any():
        p = shapely.get_coordinates(shapely.point_on_surface(shapely.intersection(a[hit], b[hit])))
        pa[hit] = p
        pb[hit] = p
    todo = np.flatnonzero(~hit)
    if len(todo):
        aa, bb = a[todo], b[todo]
        c = shapely.get_coordinates(shapely.centroid(aa))
        lon0, lat0 = c[:, 0], c[:, 1]
        for _ in range(iterations + 1):
            line = shapely.shortest_line(_aeqd(aa, lon0, lat0), _aeqd(bb, lon0, lat0))
            xy = shapely.get_coordinates(line).reshape(-1, 2, 2)
            qa = _from_aeqd(xy[:, 0], lon0, lat0)
            qb = _from_aeqd(xy[:, 1], lon0, lat0)
            lon0, lat0 = (qa[:, 0] + qb[:, 0]) / 2, (qa[:, 1] + qb[:, 1]) / 2
        pa[todo], pb[todo] = qa, qb
        d[todo] = GEOD.inv(qa[:, 0], qa[:, 1], qb[:, 0], qb[:, 1])[2]
    return d, pa, pb


def expanded_boxes(geoms, metres):
    """Envelopes grown by `metres` (at least) in every direction."""
    b = shapely.bounds(geoms)
    metres = np.broadcast_to(np.asarray(metres, dtype=float), (len(b),))
    dlat = metres / 110_574.0
    lat = np.minimum(89.9, np.maximum(np.abs(b[:, 1]), np.abs(b[:, 3])) + dlat)
    dlon = metres / (111_320.0 * np.cos(np.radians(lat)))
    return shapely.box(b[:, 0] - dlon, b[:, 1] - dlat, b[:, 2] + dlon, b[:, 3] + dlat)


# ---------------------------------------------------------------------------------------------
# connectivity

def _route_table(routes, rules):
    """Per distinct route: its sort key (class rank, number, text) as three columns."""
    keys = [rn.route_key(r, rules) for r in routes]
    return pd.DataFrame({"route": list(routes), "rank": [k[0] for k in keys],
                         "number": [k[1] for k in keys]})


def _text_col(df, name):
    if name not in df:
        return pd.Series([None] * len(df), dtype=object)
    s = df[name].astype(object)
    return s.where(s.notna(), None)


def network(roads, rules):
    """Built link parts (frame with a, b, length, route, trunk, expressway, geometry) and node
    coordinates, nodes snapped within the tolerance."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    status = _text_col(roads, "status").map(lambda v: (v or "built").strip())  # per distinct value below
    built = (status == "built").to_numpy() & ~shapely.is_missing(roads.geometry.values)
    r = roads[built]
    route = _text_col(r, "route").str.strip()
    route = route.where(route.notna() & (route != ""), None)
    grade = _text_col(r, "grade")
    # classification once per distinct (route, grade)
    codes, uniq = pd.MultiIndex.from_arrays([route.fillna("").to_numpy(dtype=object),
                                             grade.fillna("").to_numpy(dtype=object)]).factorize()
    cls = [rn.classify(u[0] or None, u[1] or None, rules) for u in uniq]
    trunk = np.array([c["trunk"] for c in cls], dtype=bool)[codes] if len(cls) else np.zeros(0, bool)
    expressway = np.array([c["expressway"] for c in cls], dtype=bool)[codes] if len(cls) else np.zeros(0, bool)
    parts, pidx = shapely.get_parts(r.geometry.values, return_index=True)
    ncoord = shapely.get_num_coordinates(parts)
    keep = ncoord >= 2
    parts, pidx, ncoord = parts[keep], pidx[keep], ncoord[keep]
    links = pd.DataFrame({"road_id": r["road_id"].to_numpy()[pidx], "route": route.to_numpy()[pidx],
                          "trunk": trunk[pidx], "expressway": expressway[pidx]})
    links["geometry"] = parts
    n = len(parts)
    if n == 0:
        links["a"] = links["b"] = np.zeros(0, int)
        links["length"] = np.zeros(0)
        return links, np.zeros((0, 2))
    coords, cidx = shapely.get_coordinates(parts, return_index=True)
    start = np.concatenate([[0], np.cumsum(ncoord)[:-1]])
    ends = np.stack([coords[start], coords[start + ncoord - 1]], axis=1).reshape(-1, 2)
    same = cidx[1:] == cidx[:-1]
    seg = GEOD.inv(coords[:-1, 0][same], coords[:-1, 1][same], coords[1:, 0][same], coords[1:, 1][same])[2]
    links["length"] = np.bincount(cidx[1:][same], weights=seg, minlength=n)
    # snapping: endpoints within the tolerance (chord in ECEF) or identical are one node
    ecef = Transformer.from_crs("EPSG:4326", "EPSG:4978", always_xy=True)
    x, y, z = ecef.transform(ends[:, 0], ends[:, 1], np.zeros(len(ends)))
    tol = max(rules["connectivity"]["snap_tolerance_m"], 0.0)
    m = len(ends)
    close = (cKDTree(np.column_stack([x, y, z])).query_pairs(r=tol, output_type="ndarray")
             if tol > 0 else np.zeros((0, 2), dtype=int))
    _, inverse = np.unique(ends, axis=0, return_inverse=True)
    rows = np.concatenate([close[:, 0], np.arange(m)])
    cols = np.concatenate([close[:, 1], inverse.ravel() + m])
    g = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(2 * m, 2 * m))
    ncomp, label = connected_components(g, directed=False)
    label = label[:m]
    first = np.full(ncomp, m, dtype=np.int64)
    np.minimum.at(first, label, np.arange(m))
    order = np.sort(first[first < m])
    node_of_label = np.full(ncomp, -1, dtype=np.int64)
    node_of_label[label[order]] = np.arange(len(order))
    node = node_of_label[label]
    links["a"], links["b"] = node[0::2], node[1::2]
    return links, ends[order]


def connectivity(zones, roads, rules, plane=None):
    """(zone-connectivity frame, connector-paths GeoDataFrame), as ref_network.connectivity.
    `plane` (an Areas) projects geometries for the cheap distances that prune candidate pairs."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import dijkstra

    tol = rules["connectivity"]["direct_tolerance_m"]
    links, node_xy = network(roads, rules)
    nn = len(node_xy)
    a, b = links["a"].to_numpy(), links["b"].to_numpy()
    ex, tr = links["expressway"].to_numpy(), links["trunk"].to_numpy()
    ends = np.concatenate([a, b])
    ex2, tr2 = np.concatenate([ex, ex]), np.concatenate([tr, tr])
    express = np.bincount(ends[ex2], minlength=nn) > 0
    ordinary = np.bincount(ends[~ex2], minlength=nn) > 0
    trunk_exp = np.bincount(ends[ex2 & tr2], minlength=nn) > 0
    trunk_ord = np.bincount(ends[~ex2 & tr2], minlength=nn) > 0
    interchange = express & ordinary
    access = trunk_ord | (trunk_exp & ordinary)

    # best route at each access node: national before provincial, then the lower number
    has_route = links["route"].notna().to_numpy()
    rte2 = np.concatenate([links["route"].to_numpy(), links["route"].to_numpy()])
    sel = np.concatenate([tr & has_route] * 2) & access[ends]
    at = pd.DataFrame({"v": ends[sel], "route": rte2[sel]}).drop_duplicates()
    table = _route_table(at["route"].unique(), rules)
    at = at.merge(table, on="route").sort_values(["v", "rank", "number", "route"])
    best_route = pd.Series(at.drop_duplicates("v").set_index("v")["route"])
    # access places: ordinary trunk links, and interchanges of trunk expressways
    ordl = links[tr & ~ex & has_route]
    place_geom = list(ordl["geometry"].to_numpy())
    place_routes = [[x] for x in ordl["route"]]
    place_best = list(ordl["route"])
    iv = np.flatnonzero(interchange & trunk_exp)
    if len(iv):
        exsel = np.concatenate([ex & tr & has_route] * 2)
        exr = pd.DataFrame({"v": ends[exsel], "route": rte2[exsel]}).drop_duplicates()
        exr = exr[np.isin(exr["v"].to_numpy(), iv)].merge(_route_table(exr["route"].unique(), rules), on="route")
        exr = exr.sort_values(["v", "rank", "number", "route"])
        lists = exr.groupby("v", sort=True)["route"].agg(list)
        for v in iv:
            place_geom.append(shapely.points(node_xy[v]))
            place_routes.append(lists.get(v, []))
            place_best.append(best_route[v])
    place_geom = np.array(place_geom, dtype=object)
    np_ = len(place_geom)
    place_rank = _route_table(place_best, rules) if np_ else None

    zg = np.asarray(zones.geometry.values, dtype=object)
    nz = len(zg)
    plane = plane or Areas(zones.total_bounds)
    zp = plane.project(zg)
    placep = plane.project(place_geom) if np_ else None
    zone_ids = zones["zone_id"].astype(str).to_numpy()
    status = np.full(nz, "none", dtype=object)
    routes = [[] for _ in range(nz)]
    nearest = np.full(nz, None, dtype=object)
    netd = np.full(nz, np.nan)
    gap = np.full(nz, np.nan)

    # direct: a place within the tolerance
    if np_:
        ptree = shapely.STRtree(place_geom)
        zi, pj = ptree.query(expanded_boxes(zg, tol))
        near = shapely.distance(zp[zi], placep[pj]) <= tol * 1.03 + 1.0
        zi, pj = zi[near], pj[near]
        d, _, _ = pair_gaps(zg[zi], place_geom[pj])
        ok = d <= tol
        direct = pd.DataFrame({"z": zi[ok], "p": pj[ok]})
        if len(direct):
            found = direct.assign(route=[place_routes[p] for p in direct["p"]]).explode("route")
            found = found.drop_duplicates(["z", "route"]).merge(
                _route_table(found["route"].unique(), rules), on="route")
            found = found.sort_values(["z", "rank", "number", "route"])
            for z, rs in found.groupby("z", sort=False)["route"].agg(list).items():
                routes[z] = rs
                status[z] = "direct"
                nearest[z] = rs[0]
                netd[z] = gap[z] = 0.0
    rest = np.flatnonzero(status != "direct")

    # network: entry nodes (ordinary nodes inside or within the tolerance) reached from access
    edges = links[~ex].assign(lo=lambda f: np.minimum(f["a"], f["b"]), hi=lambda f: np.maximum(f["a"], f["b"]))
    edges = edges.reset_index().rename(columns={"index": "link"}).sort_values(["length", "link"])
    edges = edges.drop_duplicates(["lo", "hi"])
    sources = np.flatnonzero(access)
    dist = np.full(nn, np.inf)
    pred = np.full(nn, -9999)
    src = np.full(nn, -1)
    if len(sources) and len(edges):
        g = coo_matrix((edges["length"].to_numpy(), (edges["lo"].to_numpy(), edges["hi"].to_numpy())),
                       shape=(nn, nn)).tocsr()
        dist, pred, src = dijkstra(g, directed=False, indices=sources, min_only=True, return_predecessors=True)
    paths = {}
    if len(rest) and nn:
        node_pts = shapely.points(node_xy)
        zi, vj = shapely.STRtree(node_pts).query(expanded_boxes(zg[rest], tol))
        zi = rest[zi]
        keep = ordinary[vj] & np.isfinite(dist[vj])
        zi, vj = zi[keep], vj[keep]
        keep = shapely.distance(zp[zi], plane.project(node_pts[vj])) <= tol * 1.03 + 1.0
        zi, vj = zi[keep], vj[keep]
        d, _, _ = pair_gaps(zg[zi], node_pts[vj])
        ok = d <= tol
        reach = pd.DataFrame({"z": zi[ok], "v": vj[ok], "dist": dist[vj[ok]]})
        if len(reach):
            reach["route"] = best_route.reindex(src[reach["v"].to_numpy()]).to_numpy()
            reach = reach.merge(_route_table(reach["route"].unique(), rules), on="route")
            reach = reach.sort_values(["z", "dist", "rank", "number", "route", "v"]).drop_duplicates("z")
            link_geom = links["geometry"].to_numpy()
            by_pair = dict(zip(zip(edges["lo"].to_numpy().tolist(), edges["hi"].to_numpy().tolist()),
                               edges["link"].to_numpy().tolist()))
            for z, v, dv, route in zip(reach["z"], reach["v"], reach["dist"], reach["route"]):
                status[z] = "network"
                netd[z] = dv
                nearest[z] = route
                paths[z] = _path(int(v), pred, by_pair, link_geom, a, b)

    # gap: the nearest access place for every zone that is not direct
    gap_lines = {}
    if np_ and len(rest):
        zi, pj = ptree.query_nearest(zg[rest])
        d0, _, _ = pair_gaps(zg[rest[zi]], place_geom[pj])
        first = pd.DataFrame({"z": rest[zi], "d": d0}).groupby("z")["d"].min()
        radius = first.to_numpy() * 1.5 + 100.0
        zz = first.index.to_numpy()
        zi, pj = ptree.query(expanded_boxes(zg[zz], radius))
        zi = zz[zi]
        # exact distances only for the pairs that can be within 1 mm of the nearest
        pdist = shapely.distance(zp[zi], placep[pj])
        pmin = pd.Series(pdist).groupby(zi).transform("min").to_numpy()
        keep = pdist <= pmin * 1.03 + 10.0
        zi, pj = zi[keep], pj[keep]
        d, pa, pb = pair_gaps(zg[zi], place_geom[pj])
        cand = pd.DataFrame({"z": zi, "d": d, "rank": place_rank["rank"].to_numpy()[pj],
                             "number": place_rank["number"].to_numpy()[pj],
                             "route": np.array(place_best, dtype=object)[pj], "row": np.arange(len(zi))})
        cand["dmin"] = cand.groupby("z")["d"].transform("min")
        near = cand[cand["d"] <= cand["dmin"] + 1e-3].sort_values(["z", "rank", "number", "route", "d"])
        near = near.drop_duplicates("z")
        for z, dmin, row, route in zip(near["z"], near["dmin"], near["row"], near["route"]):
            gap[z] = dmin
            if status[z] == "none":
                nearest[z] = route
                gap_lines[z] = shapely.linestrings([pa[row], pb[row]])

    zc = pd.DataFrame({"zone_id": zone_ids, "status": status, "routes": routes, "nearest_route": nearest,
                       "network_distance_m": netd, "gap_m": gap})
    zc["geometry"] = zg
    rows = [(z, "network", netd[z], nearest[z], paths[z]) for z in sorted(paths)]
    rows += [(z, "gap", gap[z], nearest[z], gap_lines[z]) for z in sorted(gap_lines)]
    rows.sort()
    cp = gpd.GeoDataFrame({"zone_id": [zone_ids[r[0]] for r in rows], "kind": [r[1] for r in rows],
                           "length_m": [r[2] for r in rows], "to_route": [r[3] for r in rows]},
                          geometry=[r[4] for r in rows], crs=CRS)
    return zc, cp


def _path(v, pred, by_pair, link_geom, a, b):
    """The path from entry node v back to its access node, as one line (entry first)."""
    out = []
    cur = v
    while pred[cur] >= 0:
        nxt = int(pred[cur])
        k = by_pair[(min(cur, nxt), max(cur, nxt))]
        pts = shapely.get_coordinates(link_geom[k])
        if a[k] != cur:
            pts = pts[::-1]
        out.append(pts if not out else pts[1:])
        cur = nxt
    return shapely.linestrings(np.concatenate(out)) if out else None


# ---------------------------------------------------------------------------------------------
# relocation

def relocation(zones, villages, rules, areas):
    rr = rules["relocation"]
    zg = zones.geometry.values
    zone_ids = zones["zone_id"].astype(str).to_numpy()
    vg = villages.geometry.values
    good = np.flatnonzero(~(shapely.is_missing(vg) | shapely.is_empty(vg)))
    vi, zi = shapely.STRtree(zg).query(vg[good], predicate="intersects")
    vi = good[vi]
    is_point = shapely.get_type_id(vg[vi]) == 0
    pairs = pd.DataFrame({"v": vi, "z": zi, "zone_id": zone_ids[zi], "point": is_point})
    pt = pairs[is_point].copy()
    pt["inside"] = shapely.contains(zg[pt["z"].to_numpy()], vg[pt["v"].to_numpy()])
    pt = pt.sort_values(["v", "inside", "zone_id"], ascending=[True, False, True]).drop_duplicates("v")
    pg = pairs[~is_point].copy()
    pg["a"] = areas(shapely.intersection(zg[pg["z"].to_numpy()], vg[pg["v"].to_numpy()]))
    pg = pg[pg["a"] > 1e-6].sort_values(["v", "a", "zone_id"], ascending=[True, False, True]).drop_duplicates("v")
    hs = pd.to_numeric(villages.get("homestead_area_m2"), errors="coerce") if "homestead_area_m2" in villages \
        else pd.Series(np.nan, index=villages.index)
    hh = pd.to_numeric(villages["households"], errors="coerce")
    pop = pd.to_numeric(villages["population"], errors="coerce")
    pv = pt["v"].to_numpy()
    fp_pt = np.where(hs.notna().to_numpy()[pv], hs.to_numpy()[pv], hh.to_numpy()[pv] * rr["homestead_m2_per_household"])
    est_pt = np.where(hs.notna().to_numpy()[pv], False, np.where(hh.notna().to_numpy()[pv], True, None))
    chosen = pd.DataFrame({
        "v": np.concatenate([pv, pg["v"].to_numpy()]),
        "z": np.concatenate([pt["z"].to_numpy(), pg["z"].to_numpy()]),
        "footprint_m2": np.concatenate([fp_pt, pg["a"].to_numpy()]),
        "footprint_estimated": np.concatenate([est_pt, np.full(len(pg), False, dtype=object)]),
    }).sort_values("v")
    v = chosen["v"].to_numpy()
    status = _text_col(villages, "relocation").map(lambda s: (s or "none").strip()).to_numpy()
    rel = gpd.GeoDataFrame({
        "village_id": villages["village_id"].astype(str).to_numpy()[v],
        "zone_id": zone_ids[chosen["z"].to_numpy()],
        "name": _text_col(villages, "name").to_numpy()[v],
        "households": hh.astype("Int64").array[v],
        "population": pop.astype("Int64").array[v],
        "footprint_m2": chosen["footprint_m2"].to_numpy(dtype=float),
        "footprint_estimated": pd.array(chosen["footprint_estimated"].to_numpy(), dtype="boolean"),
        "relocation": status[v],
    }, geometry=vg[v], crs=CRS)
    rel["_z"] = chosen["z"].to_numpy()
    todo = rel[rel["relocation"] != "done"]
    g = todo.groupby("_z")
    nz = len(zg)

    def total(col):
        s = g[col].sum(min_count=1).reindex(range(nz))
        nulls = todo[col].isna().groupby(todo["_z"]).any().reindex(range(nz), fill_value=False)
        return s.where(~nulls.to_numpy(dtype=bool), np.nan).fillna(0).where(~nulls.to_numpy(dtype=bool))

    count = g.size().reindex(range(nz), fill_value=0).to_numpy()
    households, population, footprint = total("households"), total("population"), total("footprint_m2")
    za = zones["area_m2"].to_numpy()
    zr = gpd.GeoDataFrame({
        "zone_id": zone_ids, "village_count": count,
        "households": households.astype("Int64").array,
        "population": population.astype("Int64").array,
        "footprint_ha": footprint.to_numpy(dtype=float) / 1e4,
        "footprint_share": np.where(za > 0, footprint.to_numpy(dtype=float) / np.where(za > 0, za, 1), np.nan),
        "resettlement_units": households.to_numpy(dtype=float) * rr["units_per_household"],
    }, geometry=zg, crs=CRS)
    return rel.drop(columns="_z"), zr


def network_layers(data, config=None):
    """The four layers of ref_network.run (same frames), computed the vectorised way."""
    rules = rn.load_rules(config)
    zones = read(data, "zones")
    zones["area_m2"] = Areas(zones.total_bounds)(zones.geometry.values)
    zc, cp = connectivity(zones, read(data, "roads"), rules)
    rel, zr = relocation(zones, read(data, "villages"), rules, Areas(zones.total_bounds))
    return {"zone-connectivity": zc.drop(columns="geometry"), "connector-paths": cp, "relocation": rel,
            "zone-relocation": zr}


# ---------------------------------------------------------------------------------------------
# the audit

def analyse(data, as_of, config=None, timings=None):
    t = time.perf_counter()
    tick = (lambda name: timings.append((name, time.perf_counter() - t))) if timings is not None else (lambda n: 0)
    irules = ri.rules_from_config(config)
    nrules = rn.load_rules(config)
    zones = read(data, "zones")
    parcels = read(data, "parcels")
    roads = read(data, "roads", columns=["road_id", "route", "grade", "status"])
    villages = read(data, "villages")
    tick("read")
    areas = Areas(zones.total_bounds)
    zones, parcels = ri.prepare(zones, parcels, areas)
    res = ri.compute_loaded(zones, parcels, as_of, irules, areas)
    tick("intensity+idle")
    zc, cp = connectivity(zones, roads, nrules, areas)
    tick("connectivity")
    rel, zr = relocation(zones, villages, nrules, areas)
    tick("relocation")
    res.update({"zone-connectivity": zc, "connector-paths": cp, "relocation": rel, "zone-relocation": zr})
    return zones, parcels, res, irules


def _joined(v):
    return None if v is None or (isinstance(v, float) and np.isnan(v)) else ",".join(v)


def result_layers(zones, parcels, res, rules):
    """The seven result layers as GeoDataFrames with zonescope's columns."""
    geo = parcels.geometry.values
    pi = res["parcel-intensity"]
    cols = ["parcel_id", "zone_id", "land_use", "industry_code", "industrial", "region_class", "area_m2",
            "site_area_m2", "site_area_mu"]
    for ind in ri.INDICATORS:
        cols += [ri.SPEC[ind][1], ri.SPEC[ind][2]]
    out_pi = pi.assign(land_use=parcels["land_use"].to_numpy(), industry_code=parcels["industry_code"].to_numpy())
    out_pi = out_pi[cols + ["meets_standard", "shortfalls", "missing"]].copy()
    out_pi["meets_standard"] = out_pi["meets_standard"].astype("boolean")
    out_pi["shortfalls"] = [",".join(x) for x in pi["shortfalls"]]
    out_pi["missing"] = [",".join(x) for x in pi["missing"]]
    layers = {"parcel-intensity": gpd.GeoDataFrame(out_pi, geometry=geo, crs=CRS)}

    zi = res["zone-intensity"].copy()
    idle = res["idle-land"]
    inz = pi[(pi["zone_pos"] >= 0) & pi["industrial"]]
    nz = len(zones)
    g = inz.groupby("zone_pos")
    zi.insert(1, "name", zones["name"].to_numpy())
    zi.insert(2, "county", zones["county"].to_numpy())
    zi.insert(6, "industrial_parcel_count", g.size().reindex(range(nz), fill_value=0).to_numpy())
    zi.insert(7, "industrial_area_ha", (g["site_area_m2"].sum() / 1e4).reindex(range(nz), fill_value=0.0).to_numpy())
    ms = inz["meets_standard"].astype(bool)
    zi.insert(8, "meets_standard_count", ms.groupby(inz["zone_pos"]).sum().reindex(range(nz), fill_value=0).to_numpy())
    zi.insert(9, "below_standard_count", (~ms).groupby(inz["zone_pos"]).sum().reindex(range(nz), fill_value=0).to_numpy())
    exc = idle[idle["excluded"] & (idle["zone_pos"] >= 0)]
    zi["excluded_candidate_count"] = exc.groupby("zone_pos").size().reindex(range(nz), fill_value=0).to_numpy()
    layers["zone-intensity"] = gpd.GeoDataFrame(zi, geometry=zones.geometry.values, crs=CRS)

    pos = pd.Index(parcels["parcel_id"]).get_indexer(idle["parcel_id"])
    r = rules["idle"]
    stalled = (idle["reason"] == "stalled").to_numpy()
    il = pd.DataFrame({
        "parcel_id": idle["parcel_id"], "zone_id": idle["zone_id"], "reason": idle["reason"],
        "idle_since": pd.to_datetime(idle["idle_since"]), "idle_days": idle["idle_days"],
        "severity": idle["severity"], "idle_area_m2": idle["idle_area_m2"], "excluded": idle["excluded"],
        "exclusion_reason": idle["exclusion_reason"], "site_area_m2": pi["site_area_m2"].to_numpy()[pos],
    })
    for f in ("agreed_start", "actual_start", "halted_since"):
        il[f] = parcels[f].to_numpy()[pos]
    il["first_anniversary"] = pd.to_datetime(idle["first_anniversary"])
    il["second_anniversary"] = pd.to_datetime(idle["second_anniversary"])
    il["developed_area_m2"] = parcels["developed_area_m2"].to_numpy()[pos]
    il["developed_share"] = idle["developed_share"]
    il["developed_share_min"] = np.where(stalled, r["developed_share_min"], np.nan)
    il["invested_wan_yuan"] = parcels["invested_wan_yuan"].to_numpy()[pos]
    il["total_investment_wan_yuan"] = parcels["total_investment_wan_yuan"].to_numpy()[pos]
    il["invested_share"] = idle["invested_share"]
    il["invested_share_min"] = np.where(stalled, r["invested_share_min"], np.nan)
    il["delay_cause"] = parcels["delay_cause"].to_numpy()[pos]
    il["missing"] = [",".join(x) for x in idle["missing"]]
    il["land_use"] = parcels["land_use"].to_numpy()[pos]
    il["holder"] = _text_col(parcels, "holder").to_numpy()[pos]
    layers["idle-land"] = gpd.GeoDataFrame(il.reset_index(drop=True), geometry=geo[pos], crs=CRS)

    zc = res["zone-connectivity"].copy()
    zc["routes"] = [",".join(x) for x in zc["routes"]]
    layers["zone-connectivity"] = gpd.GeoDataFrame(zc, geometry="geometry", crs=CRS)
    layers["connector-paths"] = res["connector-paths"]
    layers["relocation"] = res["relocation"]
    layers["zone-relocation"] = res["zone-relocation"]
    return layers


def write_gpkg(path, layers):
    for name in LAYERS:
        df = layers[name]
        if ARROW:  # dates as GeoPackage DATE columns, as zonescope writes them
            dates = [c for c in df.columns if pd.api.types.is_datetime64_any_dtype(df[c])]
            if dates:
                df = df.assign(**{c: df[c].astype("date32[pyarrow]") for c in dates})
        poly = name not in ("connector-paths", "relocation")
        kw = {"promote_to_multi": True} if poly else {}
        if name == "relocation":
            kw["geometry_type"] = "Unknown"
        pyogrio.write_dataframe(df, path, layer=name, driver="GPKG", use_arrow=ARROW, append=False, **kw)


def _rounded(df):
    """Numbers rounded as zonescope's CSVs round them (m² and m 0.1; mu and money 0.01;
    ha and ratios 0.0001); booleans true/false."""
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if pd.api.types.is_bool_dtype(s) or s.dtype == object and s.map(lambda v: isinstance(v, (bool, np.bool_))).any():
            out[c] = s.map(lambda v: None if v is None or v is pd.NA else ("true" if v else "false"))
        elif pd.api.types.is_float_dtype(s):
            if c.endswith("_m2") or c.endswith("_m"):
                nd = 1
            elif c.endswith("_mu") or "wan_yuan" in c or "_per_mu" in c or c == "resettlement_units":
                nd = 2
            else:
                nd = 4
            out[c] = s.round(nd)
        elif pd.api.types.is_datetime64_any_dtype(s):
            out[c] = s.dt.strftime("%Y-%m-%d")
    return out


def _explanations(il):
    days = il["idle_days"].astype(str)
    since = il["idle_since"].dt.strftime("%Y-%m-%d")
    dev = (il["developed_share"] * 100).round(1).astype(str)
    inv = (il["invested_share"] * 100).round(1).astype(str)
    ns = ("约定动工日期 " + since + " 起满1年未动工，已闲置 " + days + " 天 / not started 1 year(s) after the agreed start "
          + since + "; idle " + days + " days")
    st = ("自 " + since + " 中止开发满1年，已开发面积占 " + dev + "%、已投资占 " + inv + "%，已闲置 " + days
          + " 天 / halted since " + since + " for 1 year(s), " + dev + "% developed, " + inv + "% invested; idle "
          + days + " days")
    text = ns.where(il["reason"] == "not_started", st)
    text = text + np.where(il["severity"] == "reclaim", "；满2年，可无偿收回 / 2 years or more: reclaim without compensation",
                           "；征缴土地闲置费 / idle-land fee")
    return text + np.where(il["excluded"], "；因政府原因等除外，不计入合计 / excluded (government cause), not counted", "")


def write_csvs(out, zones, parcels, layers):
    il = pd.DataFrame(layers["idle-land"].drop(columns="geometry"))
    il["idle_area_mu"] = il["idle_area_m2"] * 15 / 10000
    zinfo = pd.DataFrame({"zone_id": zones["zone_id"], "zone_name": zones["name"],
                          "zone_city": _text_col(zones, "city"), "zone_county": zones["county"]})
    il = il.merge(zinfo, on="zone_id", how="left")
    pos = pd.Index(parcels["parcel_id"]).get_indexer(il["parcel_id"])
    for f in ("industry_code", "registered_area_m2", "area_m2"):
        il[f] = parcels[f].to_numpy()[pos]
    il["explanation"] = _explanations(il)
    _rounded(il).to_csv(out / "idle_land.csv", index=False, encoding="utf-8-sig", lineterminator="\n")

    zi = pd.DataFrame(layers["zone-intensity"].drop(columns=["geometry", "name", "county"]))
    base = pd.DataFrame({c: (_text_col(zones, c) if c in zones else None) for c in
                         ["zone_id", "name", "city", "county", "star", "leading_industry"]})
    base["zone_id"] = zones["zone_id"].astype(str)
    if "star" in zones:
        base["star"] = pd.to_numeric(zones["star"], errors="coerce").astype("Int64")
    idle = layers["idle-land"]
    counted = idle[~idle["excluded"]]
    cnt = pd.DataFrame({
        "idle_fee_count": counted[counted["severity"] == "fee"].groupby("zone_id").size(),
        "idle_reclaim_count": counted[counted["severity"] == "reclaim"].groupby("zone_id").size(),
        "idle_excluded_count": idle[idle["excluded"]].groupby("zone_id").size(),
        "idle_fee_area_m2": counted[counted["severity"] == "fee"].groupby("zone_id")["idle_area_m2"].sum(),
        "idle_reclaim_area_m2": counted[counted["severity"] == "reclaim"].groupby("zone_id")["idle_area_m2"].sum(),
    })
    z = base.merge(zi, on="zone_id", how="left").merge(cnt, left_on="zone_id", right_index=True, how="left")
    for c in ("idle_fee_count", "idle_reclaim_count", "idle_excluded_count"):
        z[c] = z[c].fillna(0).astype("int64")
    for c in ("idle_fee_area_m2", "idle_reclaim_area_m2"):
        z[c] = z[c].fillna(0.0)
    zc = pd.DataFrame(layers["zone-connectivity"].drop(columns="geometry"))
    zr = pd.DataFrame(layers["zone-relocation"].drop(columns="geometry"))
    z = z.merge(zc, on="zone_id", how="left").merge(zr, on="zone_id", how="left")
    _rounded(z).to_csv(out / "zones.csv", index=False, encoding="utf-8-sig", lineterminator="\n")


def audit(data, out, as_of, config=None, verbose=False):
    t0 = time.perf_counter()
    timings = []
    zones, parcels, res, rules = analyse(data, as_of, config, timings)
    layers = result_layers(zones, parcels, res, rules)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = out / "audit.part.gpkg"
    if tmp.exists():
        tmp.unlink()
    write_gpkg(tmp, layers)
    os.replace(tmp, out / "audit.gpkg")
    timings.append(("audit.gpkg", time.perf_counter() - t0))
    write_csvs(out, zones, parcels, layers)
    timings.append(("csv", time.perf_counter() - t0))
    if verbose:
        steps = " ".join(f"{n}={t:.2f}s" for n, t in timings)
        counts = " ".join(f"{k}={len(v)}" for k, v in layers.items())
        print(f"ref_audit: {counts} ({steps}; arrow={ARROW})", file=sys.stderr)
    return layers


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--as-of", required=True, type=dt.date.fromisoformat)
    ap.add_argument("--config")
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    audit(a.data, a.out, a.as_of, a.config, verbose=not a.quiet)


if __name__ == "__main__":
    main()
