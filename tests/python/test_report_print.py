"""report.html printed to PDF by headless Chromium (A4, as a planner would print it) and read
back with pdftotext: every zone of the sample is in the PDF, and the totals account for every
parcel, idle-land candidate and village of audit.gpkg (read with pyogrio), with the parcels
outside every zone and the warnings `zonescope check` prints."""
import re
from collections import Counter
import shutil
import subprocess
from pathlib import Path

import pyogrio
import pytest

from conftest import SAMPLE, SAMPLE_AS_OF, SAMPLE_CONFIG, run_zonescope

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(not (CHROMIUM and shutil.which("pdftotext") and shutil.which("pdfinfo")),
                                reason="chromium and poppler-utils (pdftotext) are needed")


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    run_zonescope("audit", "--data", SAMPLE, "--config", SAMPLE_CONFIG, "--as-of", SAMPLE_AS_OF,
                  "--out", out)
    pdf = out / "report.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-background-networking", "--no-pdf-header-footer",
                    f"--user-data-dir={out / 'chromium'}", f"--print-to-pdf={pdf}",
                    (out / "report.html").as_uri()],
                   check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    # Reading order, whitespace collapsed and removed between CJK characters (a card's label
    # wraps inside its box).
    raw = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = re.sub(r"\s+", " ", raw)
    flat = re.sub(r"(?<=[\u3000-\u9fff]) (?=[\u3000-\u9fff])", "", flat)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True,
                          capture_output=True, text=True).stdout
    return {"dir": out, "pdf": pdf, "text": text, "flat": flat, "info": info}


def count(text, pattern):
    m = re.search(pattern, text)
    assert m, f"{pattern!r} not in the PDF text"
    return [int(g.replace(",", "")) for g in m.groups()]


def test_every_zone_is_in_the_pdf(printed):
    zones = pyogrio.read_dataframe(printed["dir"] / "audit.gpkg", layer="zones", read_geometry=False)
    assert len(zones) > 0
    # Words of the PDF text (the id column does not wrap): each zone is in the by-zone table
    # and has its card.
    words = Counter(re.findall(r"[A-Za-z0-9_\-]+", printed["text"]))
    missing = [z for z in zones["zone_id"] if words[z] < 2]
    assert not missing, f"{len(missing)} of {len(zones)} zones are not twice in the PDF: {missing[:10]}"
    # The by-zone table's last column made it onto the page.
    assert "安置房" in printed["flat"] and "resettlem" in printed["flat"]


def test_pdf_is_a4_with_landscape_tables(printed):
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", printed["info"])
    assert sizes, printed["info"][:500]
    dims = {(round(float(w)), round(float(h))) for w, h in sizes}
    assert dims <= {(595, 842), (842, 595)}, dims  # A4 only
    assert (842, 595) in dims, "the wide tables print on landscape pages"
    assert (595, 842) in dims


def test_totals_account_for_every_parcel(printed):
    gpkg = printed["dir"] / "audit.gpkg"
    text = printed["text"]
    pi = pyogrio.read_dataframe(gpkg, layer="parcel-intensity", read_geometry=False)
    outside = int(pi["zone_id"].isna().sum() + (pi["zone_id"] == "").sum())
    assert outside > 0, "the sample has parcels outside every zone"
    inside, out, total = count(text, r"宗地 parcels\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+parcel-intensity")
    assert (inside, out, total) == (len(pi) - outside, outside, len(pi))

    idle = pyogrio.read_dataframe(gpkg, layer="idle-land", read_geometry=False)
    excl = idle["excluded"].astype(bool)
    no_zone = idle["zone_id"].isna() | (idle["zone_id"] == "")
    for label, mask in [("征缴闲置费 idle candidates, fee", ~excl & (idle["severity"] == "fee")),
                        ("无偿收回 idle candidates, reclaim", ~excl & (idle["severity"] == "reclaim")),
                        ("政府原因除外 idle candidates, excluded", excl)]:
        got = count(text, re.escape(label) + r"\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)")
        assert got == [int((mask & ~no_zone).sum()), int((mask & no_zone).sum()), int(mask.sum())], label

    villages = pyogrio.read_dataframe(SAMPLE, layer="villages", read_geometry=False)
    relocation = pyogrio.read_dataframe(gpkg, layer="relocation", read_geometry=False)
    got = count(text, r"村庄 villages\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+villages")
    assert got == [len(relocation), len(villages) - len(relocation), len(villages)]
    # The "not yet relocated" card counts planned + started + none, as its words say.
    not_done = relocation[relocation["relocation"] != "done"]
    parts = count(printed["flat"], r"尚未完成迁并的村庄 villages not yet relocated \(status not done\): "
                                   r"([\d,]+) = ([\d,]+) 计划迁并 planned \+ ([\d,]+) 正在迁并 started \+ ([\d,]+) 未列入计划")
    assert parts == [len(not_done)] + [int((not_done["relocation"] == k).sum()) for k in ("planned", "started", "none")]


def test_warnings_of_check_are_summarised(printed):
    p = run_zonescope("check", "--data", SAMPLE, "--config", SAMPLE_CONFIG, check=False)
    warnings = [l for l in p.stdout.splitlines() if l.startswith("warning:")]
    assert warnings, "the sample has data-quality warnings"
    (n,) = count(printed["text"], r"数据质量警告 Data-quality warnings \(([\d,]+)\)")
    assert n == len(warnings)
