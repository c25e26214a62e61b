// zonescope web map: every collection from the dataset vector tiles, drawn with the shipped
// MapLibre styles; a layer list with switches and legends; click → properties under their
// Chinese titles. Loads nothing but what the zonescope server serves.
(async function () {
  'use strict';
  const here = document.currentScript ? document.currentScript.src : location.href;
  const base = here.replace(/\/map\/map\.js(\?.*)?$/, '');
  const cfg = await (await fetch(base + '/map/config.json')).json();

  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const byId = Object.fromEntries(cfg.layers.map((l) => [l.id, l]));

  // A collection named in the address (#parcel-intensity, from its collection page) is shown
  // alone, with the zones for context, and the map opens on it.
  const wanted = decodeURIComponent(location.hash.replace(/^#/, ''));
  const focus = byId[wanted] ? wanted : null;
  const isOn = (l) => (focus ? l.id === focus || l.id === 'zones' : l.visible);

  const style = {
    version: 8,
    sources: {
      zonescope: { type: 'vector', tiles: [cfg.tiles], minzoom: 0, maxzoom: 16, attribution: 'zonescope' },
    },
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f2f1ec' } }],
  };
  if (cfg.basemap) {
    style.sources.basemap = { type: 'raster', tiles: [cfg.basemap.url], tileSize: 256, attribution: cfg.basemap.attribution || '' };
    style.layers.push({ id: 'basemap', type: 'raster', source: 'basemap' });
  }
  const PARCEL_LAYERS = ['parcels', 'parcel-intensity', 'idle-land'];
  const styleIds = {}; // collection id → its style layer ids
  for (const l of cfg.layers) {
    styleIds[l.id] = [];
    for (const s of l.style) {
      const sl = Object.assign({}, s, { source: 'zonescope', 'source-layer': l.id });
      sl.id = l.id + '::' + s.id;
      sl.layout = Object.assign({}, s.layout || {}, { visibility: isOn(l) ? 'visible' : 'none' });
      // Parcel outlines only once parcels are big enough to tell apart.
      if (s.type === 'line' && /-outline$/.test(s.id) && PARCEL_LAYERS.includes(l.id) && sl.minzoom === undefined) sl.minzoom = 12;
      delete sl.metadata;
      style.layers.push(sl);
      styleIds[l.id].push(sl.id);
    }
  }

  const open = (focus && byId[focus].bounds) || cfg.bounds || [-180, -80, 180, 80];
  const map = new maplibregl.Map({
    container: 'map',
    style,
    bounds: [[open[0], open[1]], [open[2], open[3]]],
    fitBoundsOptions: { padding: 24 },
    maxZoom: 20,
    localIdeographFontFamily: "'Noto Sans CJK SC', 'WenQuanYi Zen Hei', 'Microsoft YaHei', sans-serif",
    attributionControl: { compact: true },
    canvasContextAttributes: { preserveDrawingBuffer: true },
  });
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
  window.zonescopeMap = map;

  document.getElementById('meta').textContent = '评价日期 as of ' + cfg.as_of;

  // Layer list, top of the drawing order first.
  const list = document.getElementById('layers');
  for (const l of cfg.layers.slice().reverse()) {
    const li = document.createElement('li');
    li.dataset.layer = l.id;
    const first = l.style[0] || {};
    const legend = (first.metadata && first.metadata['zonescope:legend']) || [];
    const kind = first.type === 'line' ? 'line' : first.type === 'circle' ? 'dot' : 'box';
    li.innerHTML =
      '<label><input type="checkbox"' + (isOn(l) ? ' checked' : '') + '>' +
      '<span class="t">' + esc(l.title_zh) + '<span class="en">' + esc(l.title) + '</span></span>' +
      '<span class="n">' + l.count.toLocaleString() + '</span></label>' +
      (legend.length
        ? '<ul class="legend">' + legend.map((c) =>
            '<li><span class="sw ' + kind + '" style="background:' + esc(c.color) + '"></span>' + esc(c.label) + '</li>').join('') + '</ul>'
        : '');
    li.classList.toggle('off', !isOn(l));
    li.querySelector('input').addEventListener('change', (ev) => {
      const v = ev.target.checked ? 'visible' : 'none';
      for (const id of styleIds[l.id]) map.setLayoutProperty(id, 'visibility', v);
      li.classList.toggle('off', !ev.target.checked);
    });
    list.appendChild(li);
  }

  const visibleIds = () =>
    Object.values(styleIds).flat().filter((id) => map.getLayoutProperty(id, 'visibility') !== 'none');

  const show = (v) => {
    if (v === true) return '是 yes';
    if (v === false) return '否 no';
    if (Array.isArray(v)) return esc(v.join(', '));
    if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString() : v.toLocaleString(undefined, { maximumFractionDigits: 3 });
    return esc(v);
  };
  const popupHtml = (f, others, full) => {
    const l = byId[f.sourceLayer];
    const p = full || f.properties;
    const rows = l.fields
      .filter((fd) => p[fd.name] !== undefined && p[fd.name] !== null)
      .map((fd) =>
        '<tr><th>' + esc(fd.title_zh || fd.name) + '<small>' + esc(fd.name) + (fd.unit ? ' · ' + esc(fd.unit) : '') + '</small></th><td>' + show(p[fd.name]) + '</td></tr>')
      .join('');
    const fid = p[l.key];
    const link = fid !== undefined
      ? ' <a href="' + base + '/collections/' + encodeURIComponent(l.id) + '/items/' + encodeURIComponent(fid) + '?f=html" target="_blank">↗</a>'
      : '';
    return '<div class="popup"><h3>' + esc(l.title_zh) + ' · ' + esc(fid === undefined ? '' : fid) + link + '</h3><table>' + rows + '</table>' +
      (others.length ? '<div class="also">此处还有 also here: ' + others.map((o) => esc(byId[o].title_zh)).join('、') + '</div>' : '') + '</div>';
  };

  map.on('click', (e) => {
    const feats = map.queryRenderedFeatures(e.point, { layers: visibleIds() });
    if (!feats.length) return;
    const top = feats[0];
    const others = [...new Set(feats.map((f) => f.sourceLayer))].filter((s) => s !== top.sourceLayer);
    const popup = new maplibregl.Popup({ maxWidth: '380px' }).setLngLat(e.lngLat).setHTML(popupHtml(top, others)).addTo(map);
    // Low-zoom tiles carry only the styled properties: read the whole feature from the server.
    const l = byId[top.sourceLayer];
    const fid = top.properties[l.key];
    if (fid === undefined) return;
    fetch(base + '/collections/' + encodeURIComponent(l.id) + '/items/' + encodeURIComponent(fid), { headers: { Accept: 'application/geo+json' } })
      .then((r) => (r.ok ? r.json() : null))
      .then((doc) => { if (doc && doc.properties && popup.isOpen()) popup.setHTML(popupHtml(top, others, doc.properties)); })
      .catch(() => {});
  });
  map.on('mousemove', (e) => {
    const hit = map.queryRenderedFeatures(e.point, { layers: visibleIds() }).length > 0;
    map.getCanvas().style.cursor = hit ? 'pointer' : '';
  });
  map.once('idle', () => { window.zonescopeReady = true; });
  // Another layer named in the address: open on it as if loaded anew.
  window.addEventListener('hashchange', () => location.reload());
})().catch((err) => {
  console.error('zonescope map: ' + err);
});
