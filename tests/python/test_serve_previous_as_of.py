"""`serve` over time (§8): `as-of=YYYY-MM-DD` on idle-land and zone-intensity recomputes for
that date exactly as `export --as-of` / `audit --as-of` would (compared feature by feature);
collection documents state `as_of`; a bad date is 400; `serve --previous DIR` publishes the
change collections."""
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, run_zonescope, zonescope_bin

Q2_CONFIG = ROOT / "data" / "zonescope.q2.toml"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=120) as r:
            return r.status, json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, json.load(e)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    prev = tmp_path_factory.mktemp("prev")
    run_zonescope("audit", "--config", SAMPLE_CONFIG, "--out", prev)
    port = free_port()
    proc = subprocess.Popen(
        [zonescope_bin(), "serve", "--config", str(Q2_CONFIG), "--previous", str(prev),
         "--addr", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 180
    while True:
        if proc.poll() is not None:
            raise RuntimeError(proc.stderr.read()[-2000:])
        try:
            if get(f"{base}/health")[0] == 200:
                break
        except OSError:
            if time.time() > deadline:
                proc.kill()
                raise
            time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def all_items(url):
    out = []
    while url:
        status, page = get(url)
        assert status == 200, page
        out += page["features"]
        url = next((l["href"] for l in page["links"] if l["rel"] == "next"), None)
    return out


@pytest.mark.parametrize("date", ["2016-06-30"])
def test_as_of_matches_export_for_that_date(server, tmp_path, date):
    run_zonescope("export", "--config", Q2_CONFIG, "--as-of", date, "--out", tmp_path)
    for lid in ["idle-land", "zone-intensity"]:
        want = {f["id"]: f["properties"] for f in json.loads((tmp_path / f"{lid}.geojson").read_text())["features"]}
        got = {f["id"]: f["properties"] for f in all_items(f"{server}/collections/{lid}/items?as-of={date}&limit=1000")}
        assert got == want, lid
        status, doc = get(f"{server}/collections/{lid}?as-of={date}")
        assert status == 200 and doc["as_of"] == date
    # A dated feature, and its self link keeps the date.
    fid = next(iter(want))
    status, f = get(f"{server}/collections/zone-intensity/items/{fid}?as-of={date}")
    assert status == 200 and f["properties"] == want[fid]
    assert "as-of=" + date in f["links"][0]["href"]


def test_without_as_of_the_server_date_applies_and_bad_dates_are_400(server):
    status, doc = get(f"{server}/collections/idle-land")
    assert status == 200 and doc["as_of"] == "2015-03-31"
    for bad in ["2015-02-30", "20150101", "yesterday", "2015-1-1"]:
        status, err = get(f"{server}/collections/idle-land/items?as-of={bad}")
        assert status == 400 and "as-of" in err["description"], (bad, err)
    status, err = get(f"{server}/collections/parcels/items?as-of=2015-01-01")
    assert status == 400


def test_serve_previous_publishes_the_changes(server):
    ids = {c["id"] for c in get(f"{server}/collections")[1]["collections"]}
    assert {"idle-land-changes", "zone-changes", "zone-evaluation", "holder-benefit"} <= ids
    kinds = {f["properties"]["change"] for f in all_items(f"{server}/collections/idle-land-changes/items?limit=1000")}
    assert kinds == {"new", "resolved", "removed", "escalated", "continuing"}
