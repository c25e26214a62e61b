"""Renders every shipped style with PyQGIS (run with Debian's /usr/bin/python3, headless), from
audit.gpkg (the style embedded in its layer_styles table) and over OGC API - Features (the
shipped styles/<id>.qml loaded onto the OAPIF layer), at district and province scale, twice
over OAPIF (the second render reads QGIS's feature cache). Prints one `RESULT {json}` line:
per source, layer (sub-layer) and render, the features in view and the coloured pixels drawn.

Usage: qgis_render.py AUDIT_GPKG SERVER_URL STYLES_DIR OUT_DIR LAYER...
"""
import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import (Qgis, QgsApplication, QgsExpressionContext, QgsExpressionContextUtils,
                       QgsRenderContext, QgsCoordinateReferenceSystem, QgsFeatureRequest,  # noqa: E402
                       QgsMapRendererSequentialJob, QgsMapSettings, QgsProviderRegistry,
                       QgsRectangle, QgsVectorLayer, QgsWkbTypes)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor, QImage  # noqa: E402

gpkg, url, styles, out_dir, *names = sys.argv[1:]
app = QgsApplication([], False)
app.initQgis()

WIDTH, HEIGHT, DPI = 800, 600, 96
MIXED = ("villages", "relocation")  # layers holding points and polygons
CLASSED = ("parcel-intensity", "idle-land", "zone-connectivity", "relocation")  # class counts checked
CRS = QgsCoordinateReferenceSystem("EPSG:4326")


def coloured_pixels(img):
    """Pixels that are not the white background."""
    img = img.convertToFormat(QImage.Format_ARGB32)
    try:
        import numpy as np
        ptr = img.constBits()
        ptr.setsize(img.sizeInBytes())
        a = np.frombuffer(ptr, dtype=np.uint8).reshape(img.height(), img.bytesPerLine())
        a = a[:, :img.width() * 4].reshape(img.height(), img.width(), 4)  # B, G, R, A
        white = (a[..., 0] > 245) & (a[..., 1] > 245) & (a[..., 2] > 245)
        return int(((a[..., 3] > 0) & ~white).sum())
    except ImportError:
        n = 0
        for y in range(0, img.height(), 2):
            for x in range(0, img.width(), 2):
                c = img.pixelColor(x, y)
                if c.alpha() > 0 and not (c.red() > 245 and c.green() > 245 and c.blue() > 245):
                    n += 1
        return n * 4


def render(lyr, extent, path):
    ms = QgsMapSettings()
    ms.setLayers([lyr])
    ms.setDestinationCrs(CRS)
    ms.setOutputSize(QSize(WIDTH, HEIGHT))
    ms.setOutputDpi(DPI)
    ms.setBackgroundColor(QColor(255, 255, 255))
    ms.setExtent(extent)
    job = QgsMapRendererSequentialJob(ms)
    job.start()
    job.waitForFinished()
    img = job.renderedImage()
    img.save(path)
    # Whether any feature is in view (one is enough).
    in_view = sum(1 for _ in lyr.getFeatures(QgsFeatureRequest().setFilterRect(ms.visibleExtent())
                                            .setNoAttributes().setLimit(1)))
    return {"in_view": in_view, "pixels": coloured_pixels(img), "scale": round(ms.scale()),
            "png": path}


SYMBOL_KINDS = {0: "Marker", 1: "Line", 2: "Fill", 3: "Hybrid"}


def symbol_kinds(lyr, scale):
    """Per feature geometry kind, the kinds of symbol the renderer gives at this scale, and
    how many features get no symbol at all."""
    r = lyr.renderer().clone()
    ctx = QgsRenderContext()
    ctx.setRendererScale(scale)
    ctx.setExpressionContext(QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(lyr)))
    r.startRender(ctx, lyr.fields())
    kinds, unsymbolised = {}, 0
    for f in lyr.getFeatures():
        if not f.hasGeometry():
            continue
        g = QgsWkbTypes.geometryDisplayString(f.geometry().type())
        ctx.expressionContext().setFeature(f)
        syms = r.symbolsForFeature(f, ctx)
        if not syms:
            unsymbolised += 1
        for sym in syms:
            kinds.setdefault(g, set()).add(SYMBOL_KINDS.get(int(sym.type()), str(sym.type())))
    r.stopRender(ctx)
    return {"kinds": {k: sorted(v) for k, v in kinds.items()}, "unsymbolised": unsymbolised}


def class_counts(lyr, scale):
    """Features per leaf rule (class) label of the renderer at this scale."""
    r = lyr.renderer().clone()
    labels = {i.ruleKey(): i.label() for i in r.legendSymbolItems() if i.symbol() is not None}
    ctx = QgsRenderContext()
    ctx.setRendererScale(scale)
    ctx.setExpressionContext(QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(lyr)))
    r.startRender(ctx, lyr.fields())
    counts = {}
    for f in lyr.getFeatures():
        ctx.expressionContext().setFeature(f)
        for k in r.legendKeysForFeature(f, ctx):
            if k in labels:
                counts[labels[k]] = counts.get(labels[k], 0) + 1
    r.stopRender(ctx)
    return counts


def extents(lyr):
    """Province scale: the whole layer (padded); district scale: 0.08° around the first feature
    that has a geometry (about 1:40 000 at this size)."""
    full = lyr.extent()
    full.scale(1.1)
    if full.width() < 0.5:  # a small sample: still view it at province scale
        full = QgsRectangle(full.center().x() - 2.0, full.center().y() - 1.5,
                            full.center().x() + 2.0, full.center().y() + 1.5)
    first = next((f for f in lyr.getFeatures() if f.hasGeometry()), None)
    c = first.geometry().pointOnSurface().asPoint() if first else full.center()
    near = QgsRectangle(c.x() - 0.04, c.y() - 0.03, c.x() + 0.04, c.y() + 0.03)
    return {"district": near, "province": full}


def gpkg_layers(name):
    """The layer as QGIS's browser adds it: one layer per geometry type for a layer holding
    several (villages, relocation), each with the default style of layer_styles."""
    uri = f"{gpkg}|layername={name}"
    md = QgsProviderRegistry.instance().providerMetadata("ogr")
    subs = [d for d in md.querySublayers(uri, Qgis.SublayerQueryFlag.ResolveGeometryType) if d.name() == name]
    kinds = sorted({QgsWkbTypes.geometryDisplayString(QgsWkbTypes.geometryType(d.wkbType())) for d in subs})
    if len(subs) > 1:
        return [(k.lower(), QgsVectorLayer(d.uri(), f"{name} {k}", "ogr"))
                for k, d in ((QgsWkbTypes.geometryDisplayString(QgsWkbTypes.geometryType(d.wkbType())), d)
                             for d in subs)]
    return [(kinds[0].lower() if kinds else "layer", QgsVectorLayer(uri, name, "ogr"))]


import time  # noqa: E402
result = {}
for name in names:
    t0 = time.time()
    entry = result.setdefault(name, {})
    # ---- GeoPackage, default style from layer_styles
    for kind, lyr in gpkg_layers(name):
        key = f"gpkg-{kind}"
        info = {"valid": lyr.isValid()}
        if lyr.isValid():
            info["renderer"] = lyr.renderer().type() if lyr.renderer() else None
            info["geometry"] = QgsWkbTypes.geometryDisplayString(lyr.geometryType())
            info["count"] = lyr.featureCount()
            info["labels"] = bool(lyr.labelsEnabled())
            for scale, ext in extents(lyr).items():
                info[scale] = render(lyr, ext, os.path.join(out_dir, f"{name}-{key}-{scale}.png"))
                if name in MIXED:
                    info[scale]["symbols"] = symbol_kinds(lyr, info[scale]["scale"])
            if name in CLASSED:
                info["classes"] = class_counts(lyr, info["district"]["scale"])
        entry[key] = info
        del lyr
    # ---- OAPIF, the shipped QML; rendered fresh, then again from QGIS's cache
    lyr = QgsVectorLayer(f"url='{url}' typename='{name}'", name, "OAPIF")
    info = {"valid": lyr.isValid()}
    if lyr.isValid():
        msg, ok = lyr.loadNamedStyle(os.path.join(styles, f"{name}.qml"))
        info["style_loaded"] = bool(ok)
        info["renderer"] = lyr.renderer().type() if lyr.renderer() else None
        info["geometry"] = QgsWkbTypes.geometryDisplayString(lyr.geometryType())
        info["labels"] = bool(lyr.labelsEnabled())
        ext = extents(lyr)
        for scale in ("district", "province"):
            for n in ("fresh", "cached"):
                info[f"{scale}-{n}"] = render(lyr, ext[scale],
                                              os.path.join(out_dir, f"{name}-oapif-{scale}-{n}.png"))
        if name in CLASSED:
            info["classes"] = class_counts(lyr, info["district-cached"]["scale"])
        if name in MIXED:
            for scale in ("district", "province"):
                info[f"{scale}-cached"]["symbols"] = symbol_kinds(lyr, info[f"{scale}-cached"]["scale"])
        info["count"] = lyr.featureCount()
        # Geometry kinds QGIS got over OAPIF (villages and relocation hold both).
        info["kinds"] = sorted({QgsWkbTypes.geometryDisplayString(f.geometry().type())
                                for f in lyr.getFeatures() if f.hasGeometry()})
    entry["oapif"] = info
    del lyr
    print(f"{name}: {time.time() - t0:.1f} s", file=sys.stderr, flush=True)

print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
QgsApplication.exitQgis()
