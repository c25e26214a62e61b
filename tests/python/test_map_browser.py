"""`/map` in headless Chromium (Debian's chromium + chromium-driver, through selenium), as a
person would use it: the page loads with no request outside the server and no console error,
draws something, a layer switch changes the picture, a click on a parcel shows its
`parcel_id`. Screenshots go to /tmp/map-*.png.
"""
import http.client
import http.server
import json
import shutil
import threading
import time
import urllib.parse
import urllib.request

import pytest
from shapely.geometry import shape

from test_tiles import server  # noqa: F401  (the served sample fixture)

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"

pytestmark = pytest.mark.skipif(not shutil.which("chromedriver"),
                                reason="chromium-driver is not installed (scripts/install-deps.sh test)")


class RecordingProxy(http.server.ThreadingHTTPServer):
    """An HTTP proxy the browser must use for everything (page, workers, tiles): records each
    absolute URL asked for, forwards those for the zonescope server, refuses the rest."""

    daemon_threads = True

    def __init__(self, allowed_netloc):
        self.allowed = allowed_netloc
        self.urls = []
        self.browser_own = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), ProxyHandler)


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *a):
        pass

    def do_GET(self):
        srv = self.server
        # Requests made for a page (document, scripts, workers' fetches) carry Fetch Metadata
        # or a Referer; the browser's own housekeeping (e.g. its clock check) carries neither.
        from_page = bool(self.headers.get("Sec-Fetch-Mode") or self.headers.get("Referer"))
        with srv.lock:
            srv.urls.append(self.path) if from_page else srv.browser_own.append(self.path)
        u = urllib.parse.urlsplit(self.path)
        if u.netloc != srv.allowed:
            self.send_error(502, "outside the zonescope server")
            return
        conn = http.client.HTTPConnection(u.netloc, timeout=60)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("proxy-connection", "connection", "keep-alive")}
        conn.request(self.command, u.path + (("?" + u.query) if u.query else ""), headers=headers)
        r = conn.getresponse()
        body = r.read()
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("connection", "transfer-encoding", "keep-alive", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        conn.close()

    do_HEAD = do_GET


@pytest.fixture(scope="module")
def proxy(server):  # noqa: F811
    p = RecordingProxy(urllib.parse.urlsplit(server).netloc)
    t = threading.Thread(target=p.serve_forever, daemon=True)
    t.start()
    yield p
    p.shutdown()


@pytest.fixture(scope="module")
def browser(proxy):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,860",
              "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
              "--disable-background-networking", "--disable-component-update",
              "--disable-default-apps", "--disable-sync", "--no-first-run",
              "--disable-dev-shm-usage",
              # Every request through the recording proxy, loopback included.
              f"--proxy-server=http://127.0.0.1:{proxy.server_address[1]}",
              "--proxy-bypass-list=<-loopback>"]:
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    drv = webdriver.Chrome(service=Service(DRIVER), options=opts)
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


def wait_idle(drv, timeout=40):
    """Waits until the map has loaded and rendered everything it asked for."""
    drv.execute_script("""
        window.__idle = false;
        const m = window.zonescopeMap;
        if (m) { m.once('idle', () => { window.__idle = true; }); m.triggerRepaint(); }""")
    deadline = time.time() + timeout
    while time.time() < deadline:
        if drv.execute_script("return window.__idle === true"):
            return
        time.sleep(0.2)
    raise AssertionError("the map did not become idle")


# Share of canvas pixels that are not the background colour, and a digest of the picture.
PICTURE = """
    const c = window.zonescopeMap.getCanvas();
    const w = 320, h = Math.round(320 * c.height / c.width);
    const o = document.createElement('canvas'); o.width = w; o.height = h;
    const g = o.getContext('2d'); g.drawImage(c, 0, 0, w, h);
    const d = g.getImageData(0, 0, w, h).data;
    let ink = 0, hash = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - 242) + Math.abs(d[i + 1] - 241) + Math.abs(d[i + 2] - 236) > 12) ink++;
      hash = (hash * 31 + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) >>> 0;
    }
    return [ink / (w * h), hash];
"""


def requested_urls(drv):
    urls = []
    for entry in drv.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            urls.append(msg["params"]["request"]["url"])
    return urls


def severe(drv):
    return [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]


def set_layer(drv, layer, on):
    box = drv.find_element("css selector", f'#layers li[data-layer="{layer}"] input')
    if box.is_selected() != on:
        box.click()


def test_map_page_works_offline_and_shows_a_parcel(server, browser, proxy):  # noqa: F811
    drv = browser
    drv.get(server + "/map")
    deadline = time.time() + 60
    while not drv.execute_script("return window.zonescopeReady === true"):
        assert time.time() < deadline, "the map never finished loading"
        time.sleep(0.3)
    wait_idle(drv)
    drv.save_screenshot("/tmp/map-initial.png")

    ink, before = drv.execute_script(PICTURE)
    assert ink > 0.05, f"the canvas is nearly blank ({ink:.3f} of pixels drawn)"

    # Every layer is listed with a switch; the ones with classes have a legend.
    items = drv.find_elements("css selector", "#layers li[data-layer]")
    with urllib.request.urlopen(server + "/collections?f=json") as r:
        collections = json.load(r)["collections"]
    assert len(items) == len(collections)
    assert drv.find_elements("css selector", '#layers li[data-layer="zone-connectivity"] .legend li')

    # Switching the zones off changes the picture; on again restores it.
    set_layer(drv, "zones", False)
    wait_idle(drv)
    _, without = drv.execute_script(PICTURE)
    drv.save_screenshot("/tmp/map-zones-off.png")
    assert without != before, "switching the zones layer off did not change the picture"
    set_layer(drv, "zones", True)
    wait_idle(drv)

    # Click a parcel (only the parcels layer on, zoomed in on one).
    with urllib.request.urlopen(server + "/collections/parcels/items?limit=50") as r:
        feats = json.load(r)["features"]
    target = max(feats, key=lambda f: shape(f["geometry"]).area)
    pid = target["properties"]["parcel_id"]
    lon, lat = shape(target["geometry"]).representative_point().coords[0]
    for li in drv.find_elements("css selector", "#layers li[data-layer]"):
        set_layer(drv, li.get_attribute("data-layer"), li.get_attribute("data-layer") == "parcels")
    drv.execute_script("window.zonescopeMap.jumpTo({center: arguments[0], zoom: 17});", [lon, lat])
    wait_idle(drv)
    canvas = drv.find_element("css selector", "#map canvas")
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(drv).move_to_element(canvas).click().perform()
    deadline = time.time() + 15
    text = ""
    while time.time() < deadline:
        pops = drv.find_elements("css selector", ".maplibregl-popup-content")
        text = pops[0].text if pops else ""
        if pid in text:
            break
        time.sleep(0.2)
    drv.save_screenshot("/tmp/map-popup.png")
    assert pid in text, f"the popup does not show {pid}: {text[:200]!r}"
    # Properties under their Chinese titles (the schema's `title_zh`).
    with urllib.request.urlopen(server + "/map/config.json") as r:
        cfg = json.load(r)
    fields = next(l for l in cfg["layers"] if l["id"] == "parcels")["fields"]
    titles = [f["title_zh"] for f in fields if f["name"] in ("parcel_id", "land_use")]
    assert titles and all(t in text for t in titles), (titles, text[:300])

    # Requests as the browser made them (page and workers), seen by the proxy and by DevTools.
    with proxy.lock:
        urls = list(proxy.urls)
    assert any("/tiles/WebMercatorQuad/" in u for u in urls), urls[:20]
    assert any(u.endswith("/map/maplibre-gl.js") for u in urls)
    urls += requested_urls(drv)
    outside = [u for u in urls if not (u.startswith(server + "/") or u.startswith(("data:", "blob:")))]
    assert not outside, f"requests outside the server: {outside[:5]}"
    errors = severe(drv)
    assert not errors, errors[:5]


def test_a_collection_page_opens_the_map_on_its_layer(server, browser):  # noqa: F811
    drv = browser
    drv.get(server + "/map#zone-connectivity")
    deadline = time.time() + 60
    while not drv.execute_script("return window.zonescopeReady === true"):
        assert time.time() < deadline
        time.sleep(0.3)
    wait_idle(drv)
    drv.save_screenshot("/tmp/map-zone-connectivity.png")
    on = [li.get_attribute("data-layer") for li in drv.find_elements("css selector", "#layers li[data-layer]")
          if li.find_element("css selector", "input").is_selected()]
    assert sorted(on) == ["zone-connectivity", "zones"]
    assert not severe(drv)
