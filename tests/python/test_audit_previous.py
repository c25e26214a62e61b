"""`audit --previous` end to end on the bundled sample and its later snapshot (§8): the
change layers against an independent pandas comparison of the two audits' idle-land layers,
changes.csv, the zonescope_audit table, the report section, and exit 2 for an earlier audit
that lacks what is needed."""
import csv
import shutil
import sqlite3
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from conftest import ROOT, SAMPLE, SAMPLE_CONFIG, run_zonescope

Q2_CONFIG = ROOT / "data" / "zonescope.q2.toml"
KINDS = {"new", "resolved", "removed", "escalated", "continuing"}


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    base = tmp_path_factory.mktemp("previous")
    q1, q2 = base / "q1", base / "q2"
    run_zonescope("audit", "--config", SAMPLE_CONFIG, "--out", q1)
    run_zonescope("audit", "--config", Q2_CONFIG, "--out", q2, "--previous", q1)
    return q1, q2


def expected_changes(q1: Path, q2: Path) -> pd.DataFrame:
    """The change of every parcel, derived from the two idle-land layers and the q2 parcels."""
    before = gpd.read_file(q1 / "audit.gpkg", layer="idle-land", engine="pyogrio")
    now = gpd.read_file(q2 / "audit.gpkg", layer="idle-land", engine="pyogrio")
    before = before[~before["excluded"].astype(bool)].set_index("parcel_id")
    now = now[~now["excluded"].astype(bool)].set_index("parcel_id")
    in_data = set(gpd.read_file(ROOT / "data" / "henan_sample_q2.gpkg", layer="parcels", engine="pyogrio",
                                ignore_geometry=True)["parcel_id"])
    rows = []
    for pid in sorted(set(before.index) | set(now.index)):
        b = before.loc[pid] if pid in before.index else None
        n = now.loc[pid] if pid in now.index else None
        if b is None:
            kind = "new"
        elif n is None:
            kind = "resolved" if pid in in_data else "removed"
        elif b["severity"] == "fee" and n["severity"] == "reclaim":
            kind = "escalated"
        else:
            kind = "continuing"
        rows.append({"parcel_id": pid, "change": kind,
                     "severity_before": None if b is None else b["severity"],
                     "severity_now": None if n is None else n["severity"],
                     "idle_area_m2_before": None if b is None else b["idle_area_m2"],
                     "idle_area_m2_now": None if n is None else n["idle_area_m2"],
                     "idle_days_now": None if n is None else int(n["idle_days"])})
    return pd.DataFrame(rows).set_index("parcel_id")


def _same(a, b):
    if a is None or (isinstance(a, float) and pd.isna(a)):
        return b is None or (isinstance(b, float) and pd.isna(b))
    if isinstance(a, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    return a == b


def test_idle_land_changes_match_an_independent_comparison(audits):
    q1, q2 = audits
    got = gpd.read_file(q2 / "audit.gpkg", layer="idle-land-changes", engine="pyogrio").set_index("parcel_id")
    want = expected_changes(q1, q2)
    assert set(got.index) == set(want.index)
    assert set(got["change"]) == KINDS, "the sample snapshot shows every kind of change"
    problems = [f"{pid} {c}: {got.at[pid, c]!r} != {want.at[pid, c]!r}"
                for pid in want.index for c in want.columns
                if not _same(None if pd.isna(got.at[pid, c]) else got.at[pid, c].item()
                             if hasattr(got.at[pid, c], "item") else got.at[pid, c], want.at[pid, c])]
    assert not problems, problems[:10]
    # Geometry: removed parcels carry the previous audit's geometry; others the parcel now.
    prev = gpd.read_file(q1 / "audit.gpkg", layer="idle-land", engine="pyogrio").set_index("parcel_id")
    removed = got[got["change"] == "removed"]
    assert len(removed) > 0
    for pid, row in removed.iterrows():
        assert row.geometry.equals_exact(prev.at[pid, "geometry"], 1e-9)
    assert got.geometry.notna().all()


def test_changes_csv_has_a_bom_and_one_row_per_feature(audits):
    _, q2 = audits
    raw = (q2 / "changes.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(raw[3:].decode("utf-8").splitlines()))
    layer = gpd.read_file(q2 / "audit.gpkg", layer="idle-land-changes", engine="pyogrio")
    assert len(rows) == len(layer)
    assert sorted(r["parcel_id"] for r in rows) == sorted(layer["parcel_id"])
    assert {"parcel_id", "zone_id", "change", "severity_before", "severity_now", "idle_area_m2_before",
            "idle_area_m2_now", "idle_days_now"} <= set(rows[0])


def test_zone_changes_and_the_audit_record(audits):
    q1, q2 = audits
    zc = gpd.read_file(q2 / "audit.gpkg", layer="zone-changes", engine="pyogrio").set_index("zone_id")
    zr1 = gpd.read_file(q1 / "audit.gpkg", layer="zone-relocation", engine="pyogrio").set_index("zone_id")
    zr2 = gpd.read_file(q2 / "audit.gpkg", layer="zone-relocation", engine="pyogrio").set_index("zone_id")
    zi1 = gpd.read_file(q1 / "audit.gpkg", layer="zone-intensity", engine="pyogrio").set_index("zone_id")
    zi2 = gpd.read_file(q2 / "audit.gpkg", layer="zone-intensity", engine="pyogrio").set_index("zone_id")
    assert set(zc.index) == set(zi1.index) | set(zi2.index)
    for z in zc.index:
        for got, want in [(zc.at[z, "households_before"], zr1.at[z, "households"]),
                          (zc.at[z, "households_now"], zr2.at[z, "households"]),
                          (zc.at[z, "idle_candidate_count_before"], zi1.at[z, "idle_candidate_count"]),
                          (zc.at[z, "idle_candidate_count_now"], zi2.at[z, "idle_candidate_count"]),
                          (zc.at[z, "far_before"], zi1.at[z, "far"]),
                          (zc.at[z, "far_now"], zi2.at[z, "far"])]:
            assert (pd.isna(got) and pd.isna(want)) or abs(got - want) <= 1e-9 * max(1.0, abs(want)), (z, got, want)
    # Villages finished relocating in the snapshot: fewer households somewhere.
    assert (zc["households_now"] < zc["households_before"]).any()
    for q, as_of in [(q1, "2014-12-31"), (q2, "2015-03-31")]:
        con = sqlite3.connect(q / "audit.gpkg")
        rows = con.execute("SELECT as_of, source, created, version FROM zonescope_audit").fetchall()
        decl = {r[1]: r[2] for r in con.execute("PRAGMA table_info(zonescope_audit)")}
        con.close()
        assert len(rows) == 1
        assert rows[0][0] == as_of and rows[0][1].endswith(".gpkg") and rows[0][3]
        assert rows[0][2][:4].isdigit() and "T" in rows[0][2]
        assert decl["as_of"] == "DATE" and decl["created"] == "DATETIME"
    html = (q2 / "report.html").read_text(encoding="utf-8")
    assert "Since the previous audit" in html and "2014-12-31 → 2015-03-31" in html
    assert "escalated" in html and "<svg" in html.split("Since the previous audit")[1][:20000]


def test_a_previous_audit_without_what_is_needed_is_exit_2(audits, tmp_path):
    q1, _ = audits
    no_layer = tmp_path / "no_layer"
    no_layer.mkdir()
    shutil.copy(q1 / "audit.gpkg", no_layer / "audit.gpkg")
    run_zonescope("audit", "--config", Q2_CONFIG, "--out", tmp_path / "x", "--previous", no_layer)  # works
    con = sqlite3.connect(no_layer / "audit.gpkg")
    con.execute('DELETE FROM gpkg_contents WHERE table_name = "zone-relocation"')
    con.execute('DELETE FROM gpkg_geometry_columns WHERE table_name = "zone-relocation"')
    con.execute('DROP TABLE "zone-relocation"')
    con.commit()
    con.close()
    r = run_zonescope("audit", "--config", Q2_CONFIG, "--out", tmp_path / "y", "--previous", no_layer / "audit.gpkg",
                      check=False)
    assert r.returncode == 2
    assert "zone-relocation" in r.stderr and r.stderr.count("\n") == 1, r.stderr
    r = run_zonescope("audit", "--config", Q2_CONFIG, "--out", tmp_path / "y", "--previous", SAMPLE, check=False)
    assert r.returncode == 2 and "zonescope_audit" in r.stderr, r.stderr
    r = run_zonescope("audit", "--config", Q2_CONFIG, "--out", tmp_path / "y", "--previous", tmp_path / "nothing",
                      check=False)
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
