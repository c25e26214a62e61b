"""Hardening checked from outside the process: no folder of the data source in anything
served or reported; an audit killed with SIGKILL at random moments never leaves a mixed set
of outputs; a reload under 64-connection wrk load fails no request and every response comes
wholly from the old or the new data; the admin endpoint wants its token."""
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import SAMPLE, SAMPLE_AS_OF, run_zonescope, zonescope_bin

TOKEN = "test-admin-token-0123456789"
OUTPUTS = ["audit.gpkg", "idle_land.csv", "zones.csv", "report.html"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_sample(dst: Path) -> Path:
    dst.mkdir(parents=True, exist_ok=True)
    data = dst / "henan_sample.gpkg"
    shutil.copy(SAMPLE, data)
    return data


def write_config(dir: Path, data: Path, extra: str = "") -> Path:
    cfg = dir / "zonescope.toml"
    cfg.write_text(f'as_of = {SAMPLE_AS_OF}\ndata = "{data}"\n[server]\nadmin_token = "{TOKEN}"\n{extra}')
    return cfg


def start(cfg: Path, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([zonescope_bin(), "serve", "--config", str(cfg), "--addr", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 180
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"serve exited {proc.returncode}: {proc.stderr.read()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("serve not ready")


def stop(proc: subprocess.Popen):
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise AssertionError("SIGTERM did not stop the server within 30 s")


def fetch(url: str, method="GET", headers=None):
    req = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    dir = tmp_path_factory.mktemp("served-data-folder")
    data = copy_sample(dir)
    cfg = write_config(dir, data)
    port = free_port()
    proc = start(cfg, port)
    yield f"http://127.0.0.1:{port}", dir, data
    stop(proc)


def test_served_pages_show_no_folder(served):
    base, dir, _ = served
    for path in ["/health", "/?f=json", "/?f=html", "/collections?f=html", "/api"]:
        status, body = fetch(base + path)
        assert status == 200, path
        assert str(dir) not in body, f"{path} shows the data folder"
    _, health = fetch(base + "/health")
    assert json.loads(health)["source"] == "henan_sample.gpkg"


def test_report_shows_no_folder(tmp_path):
    data = copy_sample(tmp_path / "some-private-folder")
    out = tmp_path / "out"
    run_zonescope("audit", "--data", data, "--out", out, "--as-of", SAMPLE_AS_OF)
    report = (out / "report.html").read_text()
    assert str(data.parent) not in report
    assert "henan_sample.gpkg" in report


def test_admin_reload_wants_the_token(served):
    base, _, _ = served
    assert fetch(base + "/admin/reload", "POST")[0] == 401
    assert fetch(base + "/admin/reload", "POST", {"Authorization": "Bearer wrong-token-xxxxxxxxxx"})[0] == 403
    assert fetch(base + "/admin/reload", "GET", {"Authorization": f"Bearer {TOKEN}"})[0] == 405
    status, body = fetch(base + "/admin/reload", "POST", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200, body
    assert json.loads(body)["reload"]["reloads"] >= 1


def test_admin_reload_absent_without_a_token(tmp_path):
    data = copy_sample(tmp_path)
    cfg = tmp_path / "plain.toml"
    cfg.write_text(f'as_of = {SAMPLE_AS_OF}\ndata = "{data}"\n')
    port = free_port()
    proc = start(cfg, port)
    try:
        status, body = fetch(f"http://127.0.0.1:{port}/admin/reload", "POST",
                             {"Authorization": f"Bearer {TOKEN}"})
        assert status == 404 and json.loads(body)["code"] == "NotFound"
    finally:
        stop(proc)


# ---- atomic audits -------------------------------------------------------------------------

def signature(out: Path) -> dict:
    """What identifies each output file's run: the CSVs' bytes, the report's as-of date,
    the GeoPackage's idle-land rows (without geometry)."""
    sig = {}
    for name in ["idle_land.csv", "zones.csv"]:
        p = out / name
        sig[name] = hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
    p = out / "report.html"
    if p.exists():
        text = p.read_text(errors="replace")
        sig["report.html"] = next((d for d in ["2014-12-31", "2015-06-30"] if f"</b> {d}<" in text), "unknown")
    else:
        sig["report.html"] = None
    p = out / "audit.gpkg"
    if p.exists():
        con = sqlite3.connect(f"file:{p}?mode=ro", uri=True)
        try:
            tables = [r[0] for r in con.execute("select table_name from gpkg_contents order by 1")]
            cols = [r[1] for r in con.execute('pragma table_info("idle-land")') if r[1] != "geom"] \
                if "idle-land" in tables else []
            rows = con.execute(f'select {",".join(chr(34) + c + chr(34) for c in cols)} from "idle-land" order by 1').fetchall() \
                if cols else []
            styles = con.execute("select count(*) from layer_styles").fetchone()[0] \
                if "layer_styles" in [r[0] for r in con.execute("select name from sqlite_master")] else 0
            sig["audit.gpkg"] = hashlib.sha256(repr((tables, rows, styles)).encode()).hexdigest()
        except sqlite3.DatabaseError as e:
            sig["audit.gpkg"] = f"broken: {e}"
        finally:
            con.close()
    else:
        sig["audit.gpkg"] = None
    return sig


def test_audit_killed_at_random_moments_leaves_one_complete_set(tmp_path):
    data = copy_sample(tmp_path / "in")
    dates = ["2014-12-31", "2015-06-30"]
    refs = {}
    durations = []
    for d in dates:
        out = tmp_path / f"ref-{d}"
        t = time.time()
        run_zonescope("audit", "--data", data, "--out", out, "--as-of", d)
        durations.append(time.time() - t)
        refs[d] = signature(out)
    assert refs[dates[0]] != refs[dates[1]]
    for name in OUTPUTS:
        assert refs[dates[0]][name] != refs[dates[1]][name], f"{name} does not tell the runs apart"
    target = tmp_path / "target"
    shutil.copytree(tmp_path / f"ref-{dates[0]}", target)
    holds = dates[0]
    rng = random.Random(14)
    full = max(durations)
    outcomes = []
    for k in range(8):
        new = dates[1] if holds == dates[0] else dates[0]
        proc = subprocess.Popen([zonescope_bin(), "audit", "--data", str(data), "--out", str(target),
                                 "--as-of", new], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.05, full * 1.1))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        sig = signature(target)
        matches = [d for d in dates if sig == refs[d]]
        assert matches, f"kill {k}: a mixed or broken set: {sig} vs {refs}"
        outcomes.append(matches[0] == new)
        holds = matches[0]
    # Finished runs and interrupted ones both occurred, or the test proved little.
    print(f"kills that found the new audit: {sum(outcomes)} of {len(outcomes)}")
    assert any(not o for o in outcomes), "no kill interrupted an audit"
    # Temporary files of killed runs are cleared by the next run.
    run_zonescope("audit", "--data", data, "--out", target, "--as-of", dates[0])
    assert sorted(p.name for p in target.iterdir()) == sorted(OUTPUTS)


# ---- reload under load ---------------------------------------------------------------------

WRK_SCRIPT = r"""
local counts = {}
local threads = {}
function setup(thread)
  table.insert(threads, thread)
end
function init(args)
  old_n = args[1]; new_n = args[2]
  ok_old = 0; ok_new = 0; other = 0; bad_status = 0
end
function response(status, headers, body)
  if status ~= 200 then bad_status = bad_status + 1 return end
  local n = string.match(body, '"numberMatched":(%d+)')
  if n == old_n then ok_old = ok_old + 1
  elseif n == new_n then ok_new = ok_new + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local o, n, x, b = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    o = o + t:get("ok_old"); n = n + t:get("ok_new"); x = x + t:get("other"); b = b + t:get("bad_status")
  end
  io.write(string.format("RESULT old=%d new=%d other=%d bad_status=%d errors_connect=%d errors_read=%d errors_write=%d errors_timeout=%d errors_status=%d requests=%d\n",
    o, n, x, b, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout, summary.errors.status, summary.requests))
end
"""


def parcel_count(base: str) -> int:
    _, body = fetch(base + "/collections/parcels/items?limit=1&f=json")
    return json.loads(body)["numberMatched"]


def test_reload_under_wrk_load_fails_no_request(tmp_path):
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed")
    data = copy_sample(tmp_path / "live")
    # The new data: the same sample without its last 100 parcels.
    smaller = tmp_path / "smaller.gpkg"
    shutil.copy(SAMPLE, smaller)
    subprocess.run(["ogrinfo", str(smaller), "-sql",
                    "DELETE FROM parcels WHERE fid IN (SELECT fid FROM parcels ORDER BY fid DESC LIMIT 100)"],
                   check=True, capture_output=True)
    cfg = write_config(tmp_path, data)
    port = free_port()
    proc = start(cfg, port)
    base = f"http://127.0.0.1:{port}"
    try:
        old_n = parcel_count(base)
        new_n = old_n - 100
        script = tmp_path / "check.lua"
        script.write_text(WRK_SCRIPT)
        wrk = subprocess.Popen(["wrk", "-t2", "-c64", "-d18s", "-s", str(script),
                                f"{base}/collections/parcels/items?limit=1", "--", str(old_n), str(new_n)],
                               stdout=subprocess.PIPE, text=True)
        time.sleep(1)
        variants = [smaller, SAMPLE]
        reloads = 0
        started = time.time()
        took = []
        for i in range(2):
            t = time.time()
            # Replace the file atomically, then reload (HTTP and SIGHUP alternately).
            tmp = data.with_suffix(".next")
            shutil.copy(variants[i % 2], tmp)
            os.replace(tmp, data)
            if i % 2 == 0:
                status, body = fetch(base + "/admin/reload", "POST", {"Authorization": f"Bearer {TOKEN}"})
                assert status == 200, body
            else:
                proc.send_signal(signal.SIGHUP)
                deadline = time.time() + 60
                while json.loads(fetch(base + "/health")[1])["reload"]["reloads"] < reloads + 1:
                    assert time.time() < deadline, "SIGHUP reload did not finish"
                    time.sleep(0.1)
            reloads += 1
            took.append(time.time() - t)
            assert parcel_count(base) == (new_n if i % 2 == 0 else old_n)
        assert time.time() - started < 16, f"reloads took {took} s: longer than the wrk run"
        print(f"reload seconds under load: {[round(x, 1) for x in took]}")
        out, _ = wrk.communicate(timeout=60)
        line = next(l for l in out.splitlines() if l.startswith("RESULT"))
        print(line)
        r = dict(kv.split("=") for kv in line.split()[1:])
        r = {k: int(v) for k, v in r.items()}
        assert r["requests"] > 100, line
        assert r["bad_status"] == 0 and r["errors_status"] == 0, line
        assert r["errors_connect"] == 0 and r["errors_read"] == 0 and r["errors_write"] == 0, line
        assert r["errors_timeout"] == 0, line
        assert r["other"] == 0, f"responses from neither data set: {line}"
        assert r["old"] > 0 and r["new"] > 0, f"the load did not span a reload: {line}"
    finally:
        stop(proc)


def test_a_failed_reload_keeps_the_old_data_and_says_why(tmp_path):
    data = copy_sample(tmp_path / "live")
    cfg = write_config(tmp_path, data)
    port = free_port()
    proc = start(cfg, port)
    base = f"http://127.0.0.1:{port}"
    try:
        before = parcel_count(base)
        data.write_bytes(b"this is not a GeoPackage")
        status, body = fetch(base + "/admin/reload", "POST", {"Authorization": f"Bearer {TOKEN}"})
        assert status == 500, body
        assert "previous data" in json.loads(body)["description"]
        health = json.loads(fetch(base + "/health")[1])
        assert health["reload"]["last_error"], health
        assert str(tmp_path) not in json.dumps(health)
        assert parcel_count(base) == before
    finally:
        stop(proc)


def test_a_full_disk_is_said_plainly_and_keeps_the_previous_audit(tmp_path):
    """Needs permission to mount a 3 MB tmpfs (root in a container); skipped otherwise."""
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        out = mnt / "out"
        out.mkdir()
        (out / "report.html").write_text("previous")
        r = run_zonescope("audit", "--data", SAMPLE, "--out", out, "--as-of", SAMPLE_AS_OF, check=False)
        assert r.returncode == 1, r.stderr
        last = r.stderr.strip().splitlines()[-1]
        assert last.startswith("disk full"), last
        assert sorted(p.name for p in out.iterdir()) == ["report.html"]
        assert (out / "report.html").read_text() == "previous"
    finally:
        subprocess.run(["umount", str(mnt)], check=False)
