"""Independent reference for zonescope's `zone-connectivity`, `connector-paths`, `relocation`
and `zone-relocation`.

Written from the interface contract (section 5: "Road connectivity", "Relocation footprint")
with GeoPandas, shapely, pyproj, networkx and scipy only; it shares no code with zonescope.
Used by tests/python/test_network_reference.py and as the benchmark baseline
(`python tests/python/ref_network.py DATA.gpkg [--config FILE] [--engine networkx|scipy]`).

Methods (deliberately different tools from zonescope's where a choice exists):
- Link lengths: pyproj.Geod(ellps="WGS84").line_length over each line's vertices.
- Snapping endpoints: a k-d tree on earth-centred (ECEF) coordinates, pairs within the
  tolerance (the chord equals the geodesic to 1e-12 at 1 m), connected components.
- Shortest paths: networkx multi-source Dijkstra from every trunk access node (or scipy's
  csgraph Dijkstra with `min_only=True`, one call, for the benchmark).
- Zone-to-road distance: the contract asks for the geodesic distance between a polygon and a
  line; both are projected to pyproj's ellipsoidal azimuthal equidistant projection (+proj=aeqd)
  centred on the zone, shapely finds the nearest points, the projection is re-centred on their
  midpoint three times, and the geodesic distance between the two points (Geod.inv) is the
  answer. Edges are therefore straight lines in a plane centred on the closest pair, which is
  what geodesic edges look like there to within millimetres.
- Areas: Geod.geometry_area_perimeter per polygon, |exterior| − Σ|holes|.
"""
from __future__ import annotations

import argparse
import math
import re
import time
import tomllib
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod, Transformer
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon
from shapely.ops import nearest_points

GEOD = Geod(ellps="WGS84")


# ---------------------------------------------------------------------------------------------
# rules

def default_rules() -> dict:
    return {
        "connectivity": {
            "direct_tolerance_m": 50.0,
            "snap_tolerance_m": 1.0,
            "trunk_prefixes": ["G", "S"],
            "class_by_prefix": {"G": "national", "S": "provincial", "X": "county", "Y": "township",
                                "C": "village", "Z": "special"},
        },
        "relocation": {"homestead_m2_per_household": 134.0, "units_per_household": 1.0},
    }


def load_rules(config: Path | None) -> dict:
    rules = default_rules()
    if config is not None:
        cfg = tomllib.loads(Path(config).read_text())
        for section in ("connectivity", "relocation"):
            rules[section].update(cfg.get("rules", {}).get(section, {}))
    return rules


def classify(route, grade, rules) -> dict:
    """Class, number, trunk and expressway flags from a route code and grade."""
    c = rules["connectivity"]
    r = (route or "").strip()
    up = r.upper()
    cls_pref = [p for p in c["class_by_prefix"] if p and up.startswith(p.upper())]
    cls_pref = max(cls_pref, key=len) if cls_pref else None
    trunk_pref = [p for p in c["trunk_prefixes"] if p and up.startswith(p.upper())]
    trunk_pref = max(trunk_pref, key=len) if trunk_pref else None
    plen = len(trunk_pref or cls_pref or "")
    m = re.match(r"\d*", up[plen:])
    digits = m.group(0)
    expressway = (str(grade or "").strip().lower() == "expressway") or (
        trunk_pref is not None and len(digits) in (1, 2, 4))
    return {
        "class": c["class_by_prefix"][cls_pref] if cls_pref else None,
        "number": int(digits) if digits else None,
        "trunk": trunk_pref is not None,
        "expressway": expressway,
    }


def route_key(route: str, rules) -> tuple:
    k = classify(route, None, rules)
    rank = {"national": 0, "provincial": 1}.get(k["class"], 2)
    return (rank, k["number"] if k["number"] is not None else 2**63, route)


# ---------------------------------------------------------------------------------------------
# geodesy

def area_m2(geom) -> float:
    if geom is None or geom.is_empty:
        return 0.0
    polys = [geom] if isinstance(geom, Polygon) else [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]
    total = 0.0
    for p in polys:
        total += abs(GEOD.geometry_area_perimeter(Polygon(p.exterior))[0])
        for h in p.interiors:
            total -= abs(GEOD.geometry_area_perimeter(Polygon(h))[0])
    return total


class _Inverse:
    def __init__(self, t):
        self.t = t

    def transform(self, x, y):
        return self.t.transform(x, y, direction="INVERSE")


def aeqd(lon: float, lat: float):
    """Forward and inverse ellipsoidal azimuthal equidistant projection about (lon, lat)
    (a PROJ pipeline: no CRS database look-up, so cheap to build per pair)."""
    t = Transformer.from_pipeline(
        "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad "
        f"+step +proj=aeqd +lat_0={lat!r} +lon_0={lon!r} +ellps=WGS84")
    return t, _Inverse(t)


def project(geom, tr):
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def geodesic_gap(zone, geom):
    """(distance m, zone-side point, road-side point), all lon/lat."""
    if zone.intersects(geom):
        p = zone.intersection(geom).representative_point()
        return 0.0, p, p
    c = zone.centroid
    fwd, inv = aeqd(c.x, c.y)
    a, b = nearest_points(project(zone, fwd), project(geom, fwd))
    pa, pb = Point(inv.transform(a.x, a.y)), Point(inv.transform(b.x, b.y))
    for _ in range(3):
        fwd, inv = aeqd((pa.x + pb.x) / 2, (pa.y + pb.y) / 2)
        a, b = nearest_points(project(zone, fwd), project(geom, fwd))
        pa, pb = Point(inv.transform(a.x, a.y)), Point(inv.transform(b.x, b.y))
    d = GEOD.inv(pa.x, pa.y, pb.x, pb.y)[2]
    return d, pa, pb


# ---------------------------------------------------------------------------------------------
# input

def read(path, layer):
    df = gpd.read_file(path, layer=layer)
    if df.crs is not None and not df.crs.equals("EPSG:4326") and not df.crs.equals("OGC:CRS84"):
        df = df.to_crs("EPSG:4326")
    return df


def _none(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


# ---------------------------------------------------------------------------------------------
# connectivity

def build_network(roads: gpd.GeoDataFrame, rules):
    """Built link parts, snapped nodes and node flags."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components
    from scipy.spatial import cKDTree

    links = []  # dict(road, route, trunk, expressway, geom, length, a, b)
    for row in roads.itertuples(index=False):
        status = (_none(getattr(row, "status", None)) or "built").strip()
        if status != "built" or row.geometry is None:
            continue
        k = classify(_none(row.route), _none(getattr(row, "grade", None)), rules)
        parts = row.geometry.geoms if isinstance(row.geometry, MultiLineString) else [row.geometry]
        for part in parts:
            coords = list(part.coords)
            if len(coords) < 2:
                continue
            links.append({"road": row.road_id, "route": (_none(row.route) or "").strip() or None,
                          "trunk": k["trunk"], "expressway": k["expressway"], "geom": part})
    n = len(links)
    if n == 0:
        return links, np.zeros((0, 2)), np.zeros(0, dtype=int)
    ends = np.array([[l["geom"].coords[0][:2], l["geom"].coords[-1][:2]] for l in links]).reshape(-1, 2)
    lengths = [GEOD.line_length(*np.array(l["geom"].coords)[:, :2].T) for l in links]
    ecef = Transformer.from_crs("EPSG:4326", "EPSG:4978", always_xy=True)
    x, y, z = ecef.transform(ends[:, 0], ends[:, 1], np.zeros(len(ends)))
    tree = cKDTree(np.column_stack([x, y, z]))
    tol = max(rules["connectivity"]["snap_tolerance_m"], 0.0)
    pairs = tree.query_pairs(r=tol, output_type="ndarray") if tol > 0 else np.zeros((0, 2), dtype=int)
    # identical coordinates always merge
    _, inverse = np.unique(ends, axis=0, return_inverse=True)
    m = len(ends)
    rows = np.concatenate([pairs[:, 0], np.arange(m)])
    cols = np.concatenate([pairs[:, 1], inverse.ravel() + m])
    # bipartite trick: endpoints 0..m-1, unique coordinates m..2m-1
    g = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(2 * m, 2 * m))
    _, label = connected_components(g, directed=False)
    label = label[:m]
    # node numbers by each cluster's lowest endpoint; node position = that endpoint
    first = {}
    for i, lab in enumerate(label):
        first.setdefault(lab, i)
    order = sorted(first.values())
    node_of_label = {label[i]: k for k, i in enumerate(order)}
    node_xy = ends[order]
    node = np.array([node_of_label[lab] for lab in label])
    for i, l in enumerate(links):
        l["a"], l["b"], l["length"] = int(node[2 * i]), int(node[2 * i + 1]), lengths[i]
    return links, node_xy, node


def connectivity(zones: gpd.GeoDataFrame, roads: gpd.GeoDataFrame, rules, engine="networkx"):
    """Returns (zone-connectivity frame, connector-paths frame)."""
    c = rules["connectivity"]
    tol = c["direct_tolerance_m"]
    links, node_xy, _ = build_network(roads, rules)
    nn = len(node_xy)
    ordinary = np.zeros(nn, bool)
    express = np.zeros(nn, bool)
    trunk_ord = np.zeros(nn, bool)
    trunk_exp = np.zeros(nn, bool)
    for l in links:
        for v in (l["a"], l["b"]):
            if l["expressway"]:
                express[v] = True
                trunk_exp[v] |= l["trunk"]
            else:
                ordinary[v] = True
                trunk_ord[v] |= l["trunk"]
    interchange = express & ordinary
    access_node = trunk_ord | (trunk_exp & ordinary)
    # best route at each access node
    node_routes = {}
    for l in links:
        if l["trunk"] and l["route"]:
            for v in (l["a"], l["b"]):
                if access_node[v]:
                    node_routes.setdefault(v, set()).add(l["route"])
    best_route = {v: min(rs, key=lambda r: route_key(r, rules)) for v, rs in node_routes.items()}
    # access places: ordinary trunk links and trunk interchanges
    places = []  # (geom, [routes], best route)
    for l in links:
        if l["trunk"] and not l["expressway"] and l["route"]:
            places.append((l["geom"], [l["route"]], l["route"]))
    for v in np.nonzero(interchange & trunk_exp)[0]:
        ex = sorted({l["route"] for l in links if l["expressway"] and l["trunk"] and l["route"] and v in (l["a"], l["b"])},
                    key=lambda r: route_key(r, rules))
        places.append((Point(node_xy[v]), ex, best_route[v]))
    place_tree = shapely.STRtree([p[0] for p in places]) if places else None
    node_pts = shapely.points(node_xy) if nn else np.array([])
    node_tree = shapely.STRtree(node_pts) if nn else None

    # shortest paths from every access node over non-expressway links
    sources = [int(v) for v in np.nonzero(access_node)[0]]
    dist, src, pred_path = _shortest(links, nn, sources, engine, best_route, rules)

    rows, conns = [], []
    for z in zones.itertuples(index=False):
        zg = z.geometry
        minx, miny, maxx, maxy = zg.bounds
        dlat = tol / 110_574.0
        dlon = tol / (111_320.0 * math.cos(math.radians(min(89.9, max(abs(miny), abs(maxy)) + dlat))))
        box = shapely.box(minx - dlon, miny - dlat, maxx + dlon, maxy + dlat)
        routes = set()
        if place_tree is not None:
            for i in place_tree.query(box):
                g, rs, _ = places[i]
                if geodesic_gap(zg, g)[0] <= tol:
                    routes.update(rs)
        routes = sorted(routes, key=lambda r: route_key(r, rules))
        row = {"zone_id": z.zone_id, "status": None, "routes": routes, "nearest_route": None,
               "network_distance_m": None, "gap_m": None}
        if routes:
            row.update(status="direct", nearest_route=routes[0], network_distance_m=0.0, gap_m=0.0)
            rows.append(row)
            continue
        # entry nodes
        entries = []
        if node_tree is not None:
            for v in node_tree.query(box):
                if ordinary[v] and (zg.intersects(node_pts[v]) or geodesic_gap(zg, node_pts[v])[0] <= tol):
                    entries.append(int(v))
        reach = [(dist[v], route_key(best_route[src[v]], rules), v) for v in entries if math.isfinite(dist[v])]
        gap = None
        if places:
            gap = _gap(zg, places, place_tree, rules)
            row["gap_m"] = gap[0]
        if reach:
            d, _, v = min(reach)
            route = best_route[src[v]]
            row.update(status="network", network_distance_m=d, nearest_route=route)
            conns.append({"zone_id": z.zone_id, "kind": "network", "length_m": d, "to_route": route,
                          "geometry": pred_path(v)})
        else:
            row["status"] = "none"
            if gap is not None:
                row["nearest_route"] = gap[3]
                conns.append({"zone_id": z.zone_id, "kind": "gap", "length_m": gap[0], "to_route": gap[3],
                              "geometry": LineString([gap[1], gap[2]])})
        rows.append(row)
    zc = pd.DataFrame(rows, columns=["zone_id", "status", "routes", "nearest_route", "network_distance_m", "gap_m"])
    cp = gpd.GeoDataFrame(conns, columns=["zone_id", "kind", "length_m", "to_route", "geometry"],
                          geometry="geometry", crs="EPSG:4326")
    return zc, cp


def _gap(zg, places, tree, rules):
    """Nearest access place: (distance, zone point, road point, route)."""
    # nearest by planar degrees, then everything within a generous geodesic radius of it
    i = tree.query_nearest(zg)[0]
    d0 = geodesic_gap(zg, places[i][0])[0]
    r = d0 * 1.5 + 100.0
    minx, miny, maxx, maxy = zg.bounds
    dlat = r / 110_574.0
    dlon = r / (111_320.0 * math.cos(math.radians(min(89.9, max(abs(miny), abs(maxy)) + dlat))))
    cands = tree.query(shapely.box(minx - dlon, miny - dlat, maxx + dlon, maxy + dlat))
    res = []
    for j in cands:
        d, pa, pb = geodesic_gap(zg, places[j][0])
        res.append((d, route_key(places[j][2], rules), pa, pb, places[j][2]))
    dmin = min(r[0] for r in res)
    near = [r for r in res if r[0] <= dmin + 1e-3]
    best = min(near, key=lambda r: (r[1], r[0]))
    return dmin, best[2], best[3], best[4]


def _shortest(links, nn, sources, engine, best_route, rules):
    """Distances from the nearest access node, that node, and a path builder."""
    edges = [(l["a"], l["b"], l["length"], i) for i, l in enumerate(links) if not l["expressway"]]
    if engine == "scipy":
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import dijkstra
        # keep the shortest of parallel links
        best = {}
        for a, b, w, i in edges:
            key = (min(a, b), max(a, b))
            if key not in best or w < best[key][0]:
                best[key] = (w, i)
        if not sources or not best:
            return np.full(nn, np.inf), np.full(nn, -1), lambda v: None
        ab = np.array(list(best.keys()))
        w = np.array([v[0] for v in best.values()])
        g = coo_matrix((w, (ab[:, 0], ab[:, 1])), shape=(nn, nn)).tocsr()
        dist, pred, src = dijkstra(g, directed=False, indices=sources, min_only=True, return_predecessors=True)
        link_of = {k: v[1] for k, v in best.items()}

        def path(v):
            coords = [tuple(links[0]["geom"].coords[0])] if False else []
            cur = v
            while pred[cur] >= 0:
                nxt = pred[cur]
                coords += _oriented(links[link_of[(min(cur, nxt), max(cur, nxt))]], cur, coords)
                cur = nxt
            return LineString(coords) if len(coords) > 1 else None
        return dist, src, path

    import networkx as nx
    g = nx.Graph()
    g.add_nodes_from(range(nn))
    for a, b, w, i in edges:
        if a == b:
            continue
        if g.has_edge(a, b) and g[a][b]["weight"] <= w:
            continue
        g.add_edge(a, b, weight=w, link=i)
    dist = np.full(nn, np.inf)
    src = np.full(nn, -1)
    if not sources:
        return dist, src, lambda v: None
    d, paths = nx.multi_source_dijkstra(g, set(sources), weight="weight")
    for v, dv in d.items():
        dist[v] = dv
        src[v] = paths[v][0]

    def path(v):
        nodes = list(reversed(paths[v]))
        coords = []
        for cur, nxt in zip(nodes, nodes[1:]):
            coords += _oriented(links[g[cur][nxt]["link"]], cur, coords)
        return LineString(coords) if len(coords) > 1 else None
    return dist, src, path


def _oriented(link, from_node, coords):
    pts = [tuple(c[:2]) for c in link["geom"].coords]
    if link["a"] != from_node:
        pts = pts[::-1]
    if coords and coords[-1] == pts[0]:
        pts = pts[1:]
    return pts


# ---------------------------------------------------------------------------------------------
# relocation

def relocation(zones: gpd.GeoDataFrame, villages: gpd.GeoDataFrame, rules):
    """Returns (relocation frame, zone-relocation frame)."""
    rr = rules["relocation"]
    zlist = list(zones.itertuples(index=False))
    ztree = shapely.STRtree([z.geometry for z in zlist])
    rows = []
    for v in villages.itertuples(index=False):
        g = v.geometry
        if g is None or g.is_empty:
            continue
        cands = sorted(ztree.query(g), key=lambda i: zlist[i].zone_id)
        best = None
        if isinstance(g, Point):
            for i in cands:
                zg = zlist[i].geometry
                if zg.intersects(g):
                    inside = zg.contains(g)
                    if best is None or (inside and not best[1]):
                        best = (i, inside)
            if best is None:
                continue
            hs, hh = _none(getattr(v, "homestead_area_m2", None)), _none(v.households)
            if hs is not None:
                fp, est = float(hs), False
            elif hh is not None:
                fp, est = float(hh) * rr["homestead_m2_per_household"], True
            else:
                fp, est = None, None
        else:
            for i in cands:
                zg = zlist[i].geometry
                if not zg.intersects(g):
                    continue
                a = area_m2(zg.intersection(g))
                if a > 1e-6 and (best is None or a > best[1]):
                    best = (i, a)
            if best is None:
                continue
            fp, est = best[1], False
        hh, pop = _none(v.households), _none(v.population)
        rows.append({"village_id": v.village_id, "zone_id": zlist[best[0]].zone_id, "name": _none(v.name),
                     "households": None if hh is None else int(hh), "population": None if pop is None else int(pop),
                     "footprint_m2": fp, "footprint_estimated": est,
                     "relocation": (_none(v.relocation) or "none").strip()})
    rel = pd.DataFrame(rows, columns=["village_id", "zone_id", "name", "households", "population", "footprint_m2",
                                      "footprint_estimated", "relocation"])
    zr = []
    for z in zlist:
        mine = [r for r in rows if r["zone_id"] == z.zone_id and r["relocation"] != "done"]

        def total(key):
            vals = [r[key] for r in mine]
            return None if any(x is None for x in vals) else sum(vals)
        hh, pop, fp = total("households"), total("population"), total("footprint_m2")
        za = area_m2(z.geometry)
        zr.append({"zone_id": z.zone_id, "village_count": len(mine), "households": hh, "population": pop,
                   "footprint_ha": None if fp is None else fp / 10_000.0,
                   "footprint_share": None if fp is None or za <= 0 else fp / za,
                   "resettlement_units": None if hh is None else units(hh, rr["units_per_household"])})
    return rel, pd.DataFrame(zr)


def units(households, per_household):
    """Dwelling units: households × units per household, rounded up (a product within 1e-9
    of a whole number is that number)."""
    exact = households * per_household
    return round(exact) if abs(exact - round(exact)) <= 1e-9 * max(1.0, abs(exact)) else math.ceil(exact)


def run(path, config=None, engine="networkx"):
    rules = load_rules(config)
    zones, roads, villages = read(path, "zones"), read(path, "roads"), read(path, "villages")
    zc, cp = connectivity(zones, roads, rules, engine)
    rel, zr = relocation(zones, villages, rules)
    return {"zone-connectivity": zc, "connector-paths": cp, "relocation": rel, "zone-relocation": zr}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data")
    ap.add_argument("--config")
    ap.add_argument("--engine", default="networkx", choices=["networkx", "scipy"])
    a = ap.parse_args()
    t = time.perf_counter()
    out = run(a.data, a.config, a.engine)
    print({k: len(v) for k, v in out.items()}, f"{time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
