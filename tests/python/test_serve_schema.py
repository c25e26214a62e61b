"""`/collections/{id}/schema` (OGC API - Features Part 5) and the GeoJSON Feature schema GDAL
reads: GDAL's OAPIF client (ogrinfo, default page size of 10, so it cannot guess from a
first value at feature 37) types dates, booleans and lists from them."""
import json
import re
import shutil
import subprocess
import urllib.request

import jsonschema
import pytest

from test_serve_clients import free_port, start_server

REL_SCHEMA = "http://www.opengis.net/def/rel/ogc/1.0/schema"


@pytest.fixture(scope="module")
def server():
    port = free_port()
    proc = start_server(port)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


def get(url):
    with urllib.request.urlopen(url, timeout=60) as r:
        return r.headers.get("Content-Type"), json.load(r)


def test_every_collection_links_and_serves_its_schema(server):
    _, cols = get(f"{server}/collections")
    for c in cols["collections"]:
        link = next(l for l in c["links"] if l["rel"] == REL_SCHEMA)
        assert link["type"] == "application/schema+json"
        ctype, doc = get(link["href"])
        assert ctype.startswith("application/schema+json")
        jsonschema.Draft202012Validator.check_schema(doc)
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        props = doc["properties"]
        # Order and names are the items' properties, in order.
        _, items = get(f"{server}/collections/{c['id']}/items?limit=1")
        names = list(items["features"][0]["properties"])
        seq = sorted((p["x-ogc-propertySeq"], n) for n, p in props.items() if n != "geometry")
        assert [n for _, n in seq] == names, c["id"]
        ids = [n for n, p in props.items() if p.get("x-ogc-role") == "id"]
        assert len(ids) == 1 and items["features"][0]["id"] == items["features"][0]["properties"][ids[0]]
        assert props["geometry"]["x-ogc-role"] == "primary-geometry"
        assert all(p.get("title") for p in props.values())


def test_schema_types(server):
    _, parcels = get(f"{server}/collections/parcels/schema")
    p = parcels["properties"]
    assert p["halted_since"] == {**p["halted_since"], "type": "string", "format": "date"}
    assert re.search(r"[\u4e00-\u9fff]", p["halted_since"]["title"]), p["halted_since"]["title"]
    assert p["registered_area_m2"]["type"] == "number"
    _, pi = get(f"{server}/collections/parcel-intensity/schema")
    assert pi["properties"]["shortfalls"]["type"] == "array"
    assert pi["properties"]["shortfalls"]["items"] == {"type": "string"}
    assert pi["properties"]["meets_standard"]["type"] == "boolean"
    _, zr = get(f"{server}/collections/zone-relocation/schema")
    assert zr["properties"]["resettlement_units"]["type"] == "integer"
    # Values of the items validate against the Feature schema (nulls aside: every property may
    # be null, a JSON Schema "type" of one name keeps GDAL's reader working).
    _, fs = get(f"{server}/collections/parcel-intensity/feature-schema")
    _, items = get(f"{server}/collections/parcel-intensity/items?limit=200")
    v = jsonschema.Draft202012Validator(fs)
    for f in items["features"]:
        f = dict(f, properties={k: x for k, x in f["properties"].items() if x is not None})
        errors = list(v.iter_errors(f))
        assert not errors, (f["id"], errors[0].message)


@pytest.mark.skipif(not shutil.which("ogrinfo"), reason="ogrinfo (gdal-bin) is not installed")
def test_gdal_types_fields_from_the_schema(server):
    def fields(layer):
        out = subprocess.run(["ogrinfo", "-ro", "-so", f"OAPIF:{server}", layer], capture_output=True,
                             text=True, timeout=180, check=True).stdout
        return dict(l.strip().split(": ", 1) for l in out.splitlines()
                    if ": " in l and l.startswith(tuple("abcdefghijklmnopqrstuvwxyz")) and "(" in l)
    f = fields("parcels")
    assert f["halted_since"].startswith("Date"), f["halted_since"]  # first value at feature 37
    assert f["granted_on"].startswith("Date")
    assert f["registered_area_m2"].startswith("Real")
    f = fields("parcel-intensity")
    assert f["shortfalls"].startswith("StringList"), f["shortfalls"]
    assert f["missing"].startswith("StringList"), f["missing"]
    assert f["meets_standard"].startswith("Integer(Boolean)")
    f = fields("zone-connectivity")
    assert f["routes"].startswith("StringList"), f["routes"]
    f = fields("zone-relocation")
    assert f["resettlement_units"].startswith("Integer"), f["resettlement_units"]
