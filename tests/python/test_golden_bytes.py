"""Behaviour stays as it is across refactors: the bytes of every `export` file and of a fixed
list of served documents (JSON, GeoJSON, HTML, MVT) on the sample are compared with digests
recorded from an earlier build (tests/golden/*.sha256).

The served documents are normalised first, only for what differs between any two runs: the
server's port (links carry the base URL) and the `timeStamp` of item responses (the time the
data were loaded). Everything else — property order, number formatting, links, titles — must
be byte for byte the same.

To record the digests from a build (after a change that is meant to alter output, say why in
the commit): `ZONESCOPE_BIN=path/to/zonescope .venv/bin/python tests/python/test_golden_bytes.py`.
"""
import hashlib
import re
import sys
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, run_zonescope
from test_serve_clients import free_port, start_server

GOLDEN = ROOT / "tests" / "golden"
COLLECTIONS = ["zones", "parcels", "roads", "villages", "parcel-intensity", "zone-intensity",
               "idle-land", "zone-connectivity", "connector-paths", "relocation", "zone-relocation",
               "zone-evaluation", "holder-benefit"]
FIRST_ID = {"zones": "410171-01", "parcel-intensity": "410171001GB00001",
            "zone-intensity": "410171-01", "zone-connectivity": "410171-01"}


def served_paths():
    paths = ["/", "/conformance", "/api", "/collections", "/?f=html", "/collections?f=html",
             "/tiles/WebMercatorQuad/10/406/835",
             "/collections/parcel-intensity/items?filter=far%20%3C%200.8&sortby=-far&limit=20"]
    for c in COLLECTIONS:
        paths += [f"/collections/{c}", f"/collections/{c}/items?limit=50",
                  f"/collections/{c}/items?limit=5&offset=10&f=html",
                  f"/collections/{c}/queryables", f"/collections/{c}/schema"]
    for c, fid in FIRST_ID.items():
        paths.append(f"/collections/{c}/items/{fid}")
    return paths


def normalise(body: bytes, port: int) -> bytes:
    body = body.replace(f"127.0.0.1:{port}".encode(), b"127.0.0.1:PORT")
    return re.sub(rb'"timeStamp":"[^"]*"', b'"timeStamp":"T"', body)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def export_digests(out: Path) -> dict:
    run_zonescope("export", "--data", SAMPLE, "--config", SAMPLE_CONFIG, "--as-of", SAMPLE_AS_OF,
                  "--out", out)
    return {p.name: digest(p.read_bytes()) for p in sorted(out.iterdir())}


def served_digests() -> dict:
    port = free_port()
    proc = start_server(port)
    try:
        out = {}
        for path in served_paths():
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=120) as r:
                out[path] = digest(normalise(r.read(), port))
        return out
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def read(name: str) -> dict:
    lines = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
    return {k: v for v, k in (l.split("  ", 1) for l in lines if l.strip())}


def write(name: str, digests: dict):
    GOLDEN.mkdir(exist_ok=True)
    (GOLDEN / name).write_text("".join(f"{v}  {k}\n" for k, v in digests.items()), encoding="utf-8")


def test_export_bytes_unchanged(tmp_path):
    want = read("export.sha256")
    got = export_digests(tmp_path)
    assert sorted(got) == sorted(want)
    changed = [k for k in want if got[k] != want[k]]
    assert not changed, f"export files changed: {changed}"


def test_served_bytes_unchanged():
    want = read("served.sha256")
    assert list(want) == served_paths()
    got = served_digests()
    changed = [k for k in want if got[k] != want[k]]
    assert not changed, f"served documents changed: {changed}"


if __name__ == "__main__":
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        write("export.sha256", export_digests(Path(d)))
    write("served.sha256", served_digests())
    print(f"wrote {GOLDEN}/export.sha256 and served.sha256", file=sys.stderr)
