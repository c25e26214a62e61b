"""zonescope's analyses reproduce the cases planted in the bundled sample
(data/henan_sample_cases.csv, written by the generator from how it built each zone and
parcel, independently of the analysis code): every zone's connectivity status, and the
exact-date idle-land parcels (29 February, first and second anniversaries on the as-of day)."""
import csv
import json
import re

from conftest import ROOT

CASES = ROOT / "data" / "henan_sample_cases.csv"


def features(layers_dir, name):
    return {f["id"]: f["properties"] for f in json.load(open(layers_dir / f"{name}.geojson"))["features"]}


def planted(layer):
    return [r for r in csv.DictReader(open(CASES, encoding="utf-8")) if r["layer"] == layer]


def test_every_zone_gets_its_planted_connectivity(exported_layers):
    status = features(exported_layers, "zone-connectivity")
    zones = planted("zones")
    assert len(zones) == len(status) >= 60
    wrong = [(z["id"], z["case"], z["expected"], status[z["id"]]["status"])
             for z in zones if status[z["id"]]["status"] != z["expected"]]
    assert not wrong, wrong
    for z in zones:
        s = status[z["id"]]
        if z["expected"] == "direct":
            assert s["network_distance_m"] == 0 and s["gap_m"] == 0, (z, s)
        else:
            assert s["gap_m"] is not None and s["gap_m"] > 0, (z, s)


def test_exact_date_parcels_get_their_planted_outcome(exported_layers):
    idle = features(exported_layers, "idle-land")
    checked = 0
    for p in planted("parcels"):
        exp = p["expected"]
        got = idle.get(p["id"])
        if exp.startswith("not idle"):
            assert got is None, (p, got)
        elif exp.startswith(("not_started", "stalled")):
            reason, severity = exp.split(",")[0].split()
            assert got is not None, p
            assert (got["reason"], got["severity"]) == (reason, severity), (p, got)
            m = re.search(r"idle_days (\d+)", exp)
            if m:
                assert got["idle_days"] == int(m.group(1)), (p, got)
            assert got["excluded"] == ("government" in exp), (p, got)
        else:
            continue
        checked += 1
    assert checked == 8
