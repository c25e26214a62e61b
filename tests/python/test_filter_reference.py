"""CQL2 filters (OGC API – Features Part 3) cross-checked against an independent evaluator:
pygeofilter parses, ref_cql2 evaluates with three-valued logic and shapely, over the GeoJSON
of the same layers written by `zonescope export`. Every case compares the id set and
`numberMatched`; then paging, bbox/equality AND-ing, filter-crs (EPSG:4547 northing first,
EPSG:4326 latitude first), sortby/properties, errors, queryables, and two real clients
(OWSLib, GDAL's OAPIF driver).
"""
import json
import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request

import pytest
import shapely
from pyproj import Transformer

import ref_cql2
from test_serve_clients import get_json, layer_features, server  # noqa: F401 (fixtures)


def P(name):
    return {"property": name}


def op(name, *args):
    return {"op": name, "args": list(args)}


def D(s):
    return {"date": s}


def poly(x1, y1, x2, y2):
    return {"type": "Polygon", "coordinates": [[[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]]]}


# Around 郑州航空港产业集聚区 (zone 410173-01: lon 113.536–113.575, lat 34.798–34.844).
BOX = (113.54, 34.80, 113.56, 34.82)
LINE = {"type": "LineString", "coordinates": [[113.53, 34.79], [113.58, 34.85]]}

CASES = [
    # numbers, null semantics
    ("parcel-intensity", op("<", P("far"), 0.8)),
    ("parcel-intensity", op(">=", P("far"), 1.0)),
    ("parcel-intensity", op("not", op("<", P("far"), 0.8))),
    ("parcel-intensity", op("isNull", P("far"))),
    ("parcel-intensity", op("not", op("isNull", P("far")))),
    ("parcel-intensity", op("<>", P("far"), 0.5)),
    ("parcel-intensity", op("or", op("<", P("far"), 0.6), op("<", P("building_coefficient"), 0.3))),
    ("parcel-intensity", op("not", op("and", op("<", P("far"), 0.8), op("=", P("zone_id"), "410173-01")))),
    ("parcel-intensity", op("between", P("far"), 0.5, 1.0)),
    ("parcel-intensity", op("not", op("between", P("far"), 0.5, 1.0))),
    # booleans, text
    ("parcel-intensity", op("=", P("meets_standard"), False)),
    ("parcel-intensity", op("=", P("meets_standard"), True)),
    ("parcel-intensity", op("and", op("<>", P("zone_id"), "410173-01"), op(">", P("far"), 0.5))),
    ("parcel-intensity", op("in", P("zone_id"), ["410171-01", "410173-01"])),
    ("parcel-intensity", op("not", op("in", P("zone_id"), ["410171-01", "410173-01"]))),
    ("parcel-intensity", op("like", P("parcel_id"), "410173%")),
    ("parcel-intensity", op("like", P("parcel_id"), "4101710_1GB%")),
    ("parcel-intensity", op("like", op("casei", P("parcel_id")), op("casei", "410171001gb0001%"))),
    ("parcel-intensity", op("=", op("casei", P("parcel_id")), op("casei", "410171001gb00002"))),
    # arrays
    ("parcel-intensity", op("a_contains", P("shortfalls"), ["far"])),
    ("parcel-intensity", op("a_overlaps", P("shortfalls"), ["far", "building_coefficient"])),
    ("parcel-intensity", op("a_containedBy", P("shortfalls"), ["far"])),
    ("parcel-intensity", op("a_equals", P("shortfalls"), ["far"])),
    ("parcel-intensity", op("a_overlaps", P("missing"), ["far", "building_coefficient", "admin_share"])),
    ("zone-connectivity", op("a_overlaps", P("routes"), ["G4", "G107", "G310"])),
    ("zone-connectivity", op("not", op("a_contains", P("routes"), ["G4"]))),
    # property-property, arithmetic
    ("parcel-intensity", op(">", P("site_area_m2"), P("area_m2"))),
    ("parcel-intensity", op(">", op("/", P("site_area_m2"), P("area_m2")), 1.02)),
    ("parcel-intensity", op(">", op("*", P("far"), P("site_area_m2")), 50000)),
    ("parcel-intensity", op("<", op("-", P("area_m2"), P("site_area_m2")), -100)),
    ("parcel-intensity", op("<", op("+", P("far"), P("building_coefficient")), 1)),
    # dates
    ("parcels", op("<", P("granted_on"), D("2012-01-01"))),
    ("parcels", op("between", P("granted_on"), D("2010-01-01"), D("2011-12-31"))),
    ("parcels", op("and", op("isNull", P("actual_start")), op("<", P("agreed_start"), D("2013-01-01")))),
    ("parcels", op(">=", P("halted_since"), D("2012-06-01"))),
    ("parcels", op(">", P("actual_start"), P("agreed_start"))),
    ("parcels", op("like", P("holder"), "%机械%")),
    ("parcels", op("and", op(">", P("total_investment_wan_yuan"), 10000), op("=", P("land_use"), "0601"))),
    ("parcels", op("in", P("industry_code"), ["13", "14", "15"])),
    ("idle-land", op("=", P("reason"), "stalled")),
    ("idle-land", op("and", op("=", P("severity"), "reclaim"), op("=", P("excluded"), False))),
    ("idle-land", op(">", P("idle_days"), 1000)),
    ("idle-land", op("<", P("idle_since"), D("2012-01-01"))),
    ("zone-connectivity", op("=", P("status"), "none")),
    ("zone-connectivity", op(">", P("gap_m"), 1000)),
    ("zone-connectivity", op("isNull", P("gap_m"))),
    ("zones", op(">=", P("star"), 3)),
    ("zones", op("like", P("name"), "%航空港%")),
    ("villages", op("and", op(">", P("households"), 300), op("<>", P("relocation"), "done"))),
    ("villages", op("between", P("population"), 500, 1500)),
    # spatial
    ("parcels", op("s_intersects", P("geometry"), {"bbox": list(BOX)})),
    ("parcels", op("s_within", P("geometry"), poly(*BOX))),
    ("parcels", op("s_overlaps", P("geometry"), poly(*BOX))),
    ("parcels", op("s_disjoint", P("geometry"), poly(*BOX))),
    ("zones", op("s_contains", P("geometry"), {"type": "Point", "coordinates": [113.555, 34.82]})),
    ("zones", op("s_intersects", P("geometry"), {"type": "MultiPoint", "coordinates": [[113.555, 34.82], [113.6, 34.7]]})),
    ("roads", op("s_crosses", P("geometry"), LINE)),
    ("roads", op("s_within", P("geometry"), poly(113.5, 34.75, 113.6, 34.85))),
    ("zones", op("s_crosses", P("geometry"), LINE)),
    ("villages", op("s_intersects", P("geometry"), {"type": "MultiPolygon", "coordinates": [poly(*BOX)["coordinates"], poly(113.6, 34.7, 113.7, 34.8)["coordinates"]]})),
    ("villages", op("s_within", P("geometry"), poly(113.5, 34.75, 113.6, 34.85))),
    ("parcel-intensity", op("and", op("s_intersects", P("geometry"), {"bbox": list(BOX)}), op("<", P("far"), 0.8))),
]

# cql2-text twins of some cases: zonescope gets the text, the reference the JSON.
TEXT_TWINS = [
    ("parcel-intensity", "far < 0.8 AND zone_id = '410173-01'",
     op("and", op("<", P("far"), 0.8), op("=", P("zone_id"), "410173-01"))),
    ("parcel-intensity", "NOT (far < 0.8)", op("not", op("<", P("far"), 0.8))),
    ("parcel-intensity", "far BETWEEN 0.5 AND 1 AND meets_standard = FALSE",
     op("and", op("between", P("far"), 0.5, 1), op("=", P("meets_standard"), False))),
    ("parcel-intensity", "A_OVERLAPS(shortfalls, ('far', 'green_share'))",
     op("a_overlaps", P("shortfalls"), ["far", "green_share"])),
    ("parcels", "granted_on >= DATE('2012-01-01') AND actual_start IS NULL",
     op("and", op(">=", P("granted_on"), D("2012-01-01")), op("isNull", P("actual_start")))),
    ("parcels", "CASEI(holder) LIKE CASEI('%有限公司') AND industry_code IN ('33', '38')",
     op("and", op("like", op("casei", P("holder")), op("casei", "%有限公司")), op("in", P("industry_code"), ["33", "38"]))),
    ("parcels", "S_INTERSECTS(geometry, BBOX(113.54, 34.80, 113.56, 34.82))",
     op("s_intersects", P("geometry"), {"bbox": list(BOX)})),
    ("zones", "S_CROSSES(geometry, LINESTRING(113.53 34.79, 113.58 34.85))",
     op("s_crosses", P("geometry"), LINE)),
    ("parcel-intensity", "site_area_m2 / area_m2 > 1.02 OR far * 2 < 1",
     op("or", op(">", op("/", P("site_area_m2"), P("area_m2")), 1.02), op("<", op("*", P("far"), 2), 1))),
]


def fetch_all(server, collection, params):
    """Every matching feature id (one page of up to 10 000), and numberMatched."""
    q = urllib.parse.urlencode({**params, "limit": 10000})
    doc = get_json(f"{server}/collections/{collection}/items?{q}")
    assert doc["numberReturned"] == len(doc["features"])
    return {f["id"] for f in doc["features"]}, doc["numberMatched"]


@pytest.fixture(scope="module")
def features(layer_features):  # noqa: F811
    """Per collection: the exported GeoJSON features with a shapely geometry."""
    out = {}
    for name, by_id in layer_features.items():
        feats = []
        for f in by_id.values():
            g = f.get("geometry")
            feats.append({**f, "_shape": shapely.geometry.shape(g) if g else None})
        out[name] = feats
    return out


@pytest.fixture(scope="module")
def date_fields(server):  # noqa: F811
    """Per collection, the properties the queryables declare as dates."""
    out = {}
    for c in get_json(f"{server}/collections")["collections"]:
        q = get_json(f"{server}/collections/{c['id']}/queryables")
        out[c["id"]] = [k for k, v in q["properties"].items() if v.get("format") == "date"]
    return out


def reference(features, date_fields, collection, standard_json, to_crs84=None):
    tree = ref_cql2.parse(standard_json, to_crs84)
    return ref_cql2.Evaluator(date_fields[collection]).select(tree, features[collection])


def check(server, features, date_fields, collection, standard_json, params, to_crs84=None):
    want = reference(features, date_fields, collection, standard_json, to_crs84)
    got, matched = fetch_all(server, collection, params)
    assert matched == len(want), (collection, params, matched, len(want))
    assert got == want, (collection, params, sorted(got ^ want)[:10])
    return want


def test_at_least_fifty_cases_and_they_discriminate():
    assert len(CASES) + len(TEXT_TWINS) >= 50


@pytest.mark.parametrize("collection,case", CASES, ids=[f"{c}:{json.dumps(j)[:60]}" for c, j in CASES])
def test_cql2_json_matches_the_reference(server, features, date_fields, collection, case):  # noqa: F811
    want = check(server, features, date_fields, collection, case,
                 {"filter": json.dumps(case), "filter-lang": "cql2-json"})
    assert len(want) < len(features[collection]) or collection == "zones", "the filter selects a strict subset"


def test_most_cases_select_something(server, features, date_fields):  # noqa: F811
    empty = [c for c in CASES if not reference(features, date_fields, c[0], c[1])]
    assert len(empty) <= 3, empty


@pytest.mark.parametrize("collection,text,twin", TEXT_TWINS, ids=[t for _, t, _ in TEXT_TWINS])
def test_cql2_text_matches_the_reference(server, features, date_fields, collection, text, twin):  # noqa: F811
    want = check(server, features, date_fields, collection, twin, {"filter": text})
    assert want, "the case selects something"


def test_s_equals_with_a_zones_own_outline(server, features, date_fields):  # noqa: F811
    """A zone's outline as served, given back as a literal, is that zone: the literal's
    numbers must be read exactly (they were 1 ulp off through a two-rounding JSON parser)."""
    zone = next(f for f in features["zones"] if f["id"] == "410173-01")
    case = op("s_equals", P("geometry"), zone["geometry"])
    assert check(server, features, date_fields, "zones", case,
                 {"filter": json.dumps(case), "filter-lang": "cql2-json"}) == {"410173-01"}
    within = op("s_within", P("geometry"), zone["geometry"])
    assert "410173-01" in check(server, features, date_fields, "zones", within,
                                {"filter": json.dumps(within), "filter-lang": "cql2-json"})
    # The same outline in cql2-text (WKT, Python's shortest round-trip numbers).
    wkt = "MULTIPOLYGON(" + ", ".join(
        "(" + ", ".join("(" + ", ".join(f"{x!r} {y!r}" for x, y in ring) + ")" for ring in poly) + ")"
        for poly in (zone["geometry"]["coordinates"] if zone["geometry"]["type"] == "MultiPolygon"
                     else [zone["geometry"]["coordinates"]])) + ")"
    assert check(server, features, date_fields, "zones", case,
                 {"filter": f"S_EQUALS(geometry, {wkt})"}) == {"410173-01"}


def test_spatial_literals_built_from_the_data(server, features, date_fields):  # noqa: F811
    """S_TOUCHES with a vertex of a parcel's boundary."""
    parcel = next(f for f in features["parcels"] if f["_shape"] is not None)
    x, y = shapely.get_coordinates(parcel["_shape"])[0]
    case = op("s_touches", P("geometry"), {"type": "Point", "coordinates": [x, y]})
    want = check(server, features, date_fields, "parcels", case,
                 {"filter": json.dumps(case), "filter-lang": "cql2-json"})
    assert parcel["id"] in want


def test_filter_crs_gauss_kruger_northing_first(server, features, date_fields):  # noqa: F811
    to_gk = Transformer.from_crs("OGC:CRS84", "EPSG:4547")  # (lon, lat) → (northing, easting)
    to_84 = Transformer.from_crs("EPSG:4547", "OGC:CRS84")  # (northing, easting) → (lon, lat)
    n1, e1 = to_gk.transform(BOX[0], BOX[1])
    n2, e2 = to_gk.transform(BOX[2], BOX[3])
    assert 3_000_000 < n1 < 4_500_000 and 400_000 < e1 < 600_000, "northing comes first"
    gk_box = [min(n1, n2), min(e1, e2), max(n1, n2), max(e1, e2)]
    crs = "http://www.opengis.net/def/crs/EPSG/0/4547"
    found = 0
    for collection in ["parcels", "villages", "roads"]:
        case = op("s_intersects", P("geometry"), {"bbox": gk_box})
        found += len(check(server, features, date_fields, collection, case,
                           {"filter": json.dumps(case), "filter-lang": "cql2-json", "filter-crs": crs},
                           to_crs84=lambda a, b: to_84.transform(a, b)))
    assert found
    # The same as cql2-text with a WKT polygon, northing first.
    ring = [(gk_box[0], gk_box[1]), (gk_box[0], gk_box[3]), (gk_box[2], gk_box[3]), (gk_box[2], gk_box[1]), (gk_box[0], gk_box[1])]
    wkt = "POLYGON((" + ", ".join(f"{a!r} {b!r}" for a, b in ring) + "))"
    twin = op("s_within", P("geometry"), {"type": "Polygon", "coordinates": [[list(p) for p in ring]]})
    check(server, features, date_fields, "parcels", twin,
          {"filter": f"S_WITHIN(geometry, {wkt})", "filter-crs": crs},
          to_crs84=lambda a, b: to_84.transform(a, b))
    # EPSG:4326: latitude first.
    case = op("s_intersects", P("geometry"), {"bbox": [BOX[1], BOX[0], BOX[3], BOX[2]]})
    check(server, features, date_fields, "parcels", case,
          {"filter": json.dumps(case), "filter-lang": "cql2-json",
           "filter-crs": "http://www.opengis.net/def/crs/EPSG/0/4326"},
          to_crs84=lambda a, b: (b, a))


def test_filter_is_anded_with_bbox_and_equality_and_paging_keeps_it(server, features, date_fields):  # noqa: F811
    case = op("and", op("<", P("far"), 0.9), op("=", P("zone_id"), "410171-01"),
              op("s_intersects", P("geometry"), {"bbox": [111.0, 32.0, 116.0, 34.78]}))
    want = reference(features, date_fields, "parcel-intensity", case)
    assert len(want) > 10
    q = {"filter": "far < 0.9", "zone_id": "410171-01", "bbox": "111,32,116,34.78", "limit": 7}
    url = f"{server}/collections/parcel-intensity/items?{urllib.parse.urlencode(q)}"
    seen, pages = [], 0
    while url:
        doc = get_json(url)
        assert doc["numberMatched"] == len(want)
        seen += [f["id"] for f in doc["features"]]
        nxt = [l["href"] for l in doc["links"] if l["rel"] == "next"]
        for l in doc["links"]:
            if l["rel"] in ("self", "next", "prev"):
                assert "filter=far" in l["href"], l["href"]
        url = nxt[0] if nxt else None
        pages += 1
    assert pages > 1 and len(seen) == len(set(seen)) and set(seen) == want


def http_error(url):
    try:
        urllib.request.urlopen(url, timeout=30)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)
    raise AssertionError(f"{url} did not fail")


@pytest.mark.parametrize("params,words", [
    ({"filter": "far < "}, ["character"]),
    ({"filter": "farr < 0.8"}, ["unknown property", "farr", "character 1"]),
    ({"filter": "far = 'high'"}, ["type mismatch", "far"]),
    ({"filter": "far < 0.8", "filter-lang": "ecql"}, ["filter-lang"]),
    ({"filter": "S_INTERSECTS(geometry, POINT(1 2))", "filter-crs": "EPSG:3857"}, ["filter-crs"]),
    ({"filter": "T_BEFORE(far, TIMESTAMP('2012-01-01T00:00:00Z'))"}, ["temporal"]),
    ({"sortby": "-nonsense"}, ["sortby", "nonsense"]),
    ({"properties": "far,nonsense"}, ["properties", "nonsense"]),
])
def test_errors_are_400_saying_what_and_where(server, params, words):  # noqa: F811
    code, body = http_error(f"{server}/collections/parcel-intensity/items?{urllib.parse.urlencode(params)}")
    assert code == 400 and set(body) == {"code", "description"}
    for w in words:
        assert w in body["description"], (w, body)


def test_sortby_and_properties(server, features):  # noqa: F811
    q = urllib.parse.urlencode({"sortby": "-far,parcel_id", "properties": "far,zone_id", "limit": 10000})
    doc = get_json(f"{server}/collections/parcel-intensity/items?{q}")
    fars = [f["properties"]["far"] for f in doc["features"]]
    known = [v for v in fars if v is not None]
    assert known == sorted(known, reverse=True)
    assert all(v is None for v in fars[len(known):]), "nulls last"
    assert all(set(f["properties"]) == {"far", "zone_id"} for f in doc["features"])
    assert len(doc["features"]) == len(features["parcel-intensity"])
    # Ties in far keep parcel_id order.
    for a, b in zip(doc["features"], doc["features"][1:]):
        if a["properties"]["far"] == b["properties"]["far"]:
            assert a["id"] <= b["id"]


def test_queryables(server):  # noqa: F811
    req = urllib.request.Request(f"{server}/collections/parcel-intensity/queryables")
    with urllib.request.urlopen(req, timeout=30) as r:
        assert r.headers["Content-Type"].startswith("application/schema+json")
        q = json.load(r)
    assert q["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert q["$id"].endswith("/collections/parcel-intensity/queryables") and q["type"] == "object"
    assert q["properties"]["far"]["type"] == "number" and q["properties"]["far"]["title"]
    assert q["properties"]["shortfalls"] == {**q["properties"]["shortfalls"], "type": "array", "items": {"type": "string"}}
    assert q["properties"]["geometry"]["x-ogc-role"] == "primary-geometry"
    c = get_json(f"{server}/collections/parcel-intensity")
    assert any(l["rel"] == "http://www.opengis.net/def/rel/ogc/1.0/queryables" for l in c["links"])


def test_owslib_passes_a_filter(server, features, date_fields):  # noqa: F811
    from owslib.ogcapi.features import Features
    api = Features(server)
    doc = api.collection_items("parcel-intensity", filter="far < 0.8 AND zone_id = '410173-01'", limit=10000)
    want = reference(features, date_fields, "parcel-intensity",
                     op("and", op("<", P("far"), 0.8), op("=", P("zone_id"), "410173-01")))
    assert {f["id"] for f in doc["features"]} == want and doc["numberMatched"] == len(want)


def test_gdal_oapif_gets_the_same_features(server, features, date_fields, tmp_path):  # noqa: F811
    """GDAL's OAPIF driver: a `-where` gives the reference's features. (GDAL 3.6 evaluates it
    on the client and does not accept a query string in the OAPIF: URL.)"""
    want = reference(features, date_fields, "parcel-intensity",
                     op("and", op("<", P("far"), 0.8), op("=", P("zone_id"), "410171-01")))
    assert want
    log = tmp_path / "curl.log"
    env = {**os.environ, "CPL_DEBUG": "ON", "CPL_CURL_VERBOSE": "NO", "CPL_LOG": str(log)}
    out = tmp_path / "where.geojson"
    subprocess.run(["ogr2ogr", "-f", "GeoJSON", str(out), f"OAPIF:{server}", "parcel-intensity",
                    "-oo", "PAGE_SIZE=1000", "-where", "far < 0.8 AND zone_id = '410171-01'"],
                   check=True, capture_output=True, env=env, timeout=300)
    got = {f["properties"]["parcel_id"] for f in json.loads(out.read_text())["features"]}
    assert got == want
    pushed = "filter=" in log.read_text(errors="replace") if log.exists() else False
    print(f"GDAL pushed the -where down as a CQL2 filter: {pushed}")
