#!/usr/bin/env python3
"""Generates every style in this folder from one palette: styles/<id>.qml (QGIS 3.x),
styles/<id>.sld (SLD 1.0, GeoServer) and styles/<id>.maplibre.json (MapLibre style layers).

Run `python3 styles/generate.py` after changing a colour or a class; the generated files are
committed (the binary embeds the .qml/.sld with include_str!, the server serves the folder).
"""
import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).resolve().parent

# One palette: green = meets the rule, amber = warning / fee, red = fails / reclaim,
# grey = unknown or not applicable; blues for villages and relocation; warm reds for trunk roads.
GOOD, WARN, BAD, NODATA = "#1a9850", "#f9a825", "#d73027", "#9e9e9e"
EXCLUDED = "#7e57c2"
ZONE_LINE, ZONE_FILL = "#37474f", "#eceff1"
PARCEL_LINE = "#78909c"
ROADS = [  # (key, label, colour, width mm, web width px)
    ("G", "国道 national (G)", "#c62828", 0.9, 3.0),
    ("S", "省道 provincial (S)", "#ef6c00", 0.7, 2.4),
    ("X", "县道 county (X)", "#8d6e63", 0.45, 1.6),
    ("Y", "乡道 township (Y)", "#a1887f", 0.35, 1.2),
    ("C", "村道 village (C)", "#bcaaa4", 0.26, 1.0),
    ("Z", "专用公路 special (Z)", "#607d8b", 0.35, 1.2),
]
RELOCATION = [
    ("none", "未列入 none", "#bdbdbd"),
    ("planned", "计划迁并 planned", "#90caf9"),
    ("started", "正在迁并 started", "#1e88e5"),
    ("done", "已完成 done", "#0d47a1"),
]

CHANGES = [  # idle-land-changes: what happened to a candidate since the previous audit
    ("new", "新增 new", "#d73027"),
    ("escalated", "升级为收回 escalated (fee → reclaim)", "#7f0000"),
    ("continuing", "持续 continuing", "#fc8d59"),
    ("resolved", "已消除 resolved", "#1a9850"),
    ("removed", "已注销 removed (no longer in the data)", "#4575b4"),
]
BENEFIT = [  # holder-benefit classes (亩均效益 A–D)
    ("A", "A类 (优先发展)", "#1a9850"),
    ("B", "B类 (提升发展)", "#91cf60"),
    ("C", "C类 (调整转型)", "#fc8d59"),
    ("D", "D类 (整治淘汰)", "#d73027"),
]
ZONE_TREND = [  # zone-changes: idle candidates now against the previous audit
    ("more", "闲置疑点增加 more idle candidates", "#d73027"),
    ("same", "持平 unchanged", "#fee08b"),
    ("fewer", "闲置疑点减少 fewer idle candidates", "#1a9850"),
    ("new", "新增集聚区 zone new in this audit", "#80cdc1"),
    ("gone", "已撤销 zone gone", "#bababa"),
]


def rgba(hex_colour, alpha=255):
    h = hex_colour.lstrip("#")
    return f"{int(h[0:2], 16)},{int(h[2:4], 16)},{int(h[4:6], 16)},{alpha}"


# ---------------------------------------------------------------- layer specifications
# kind: fill | line | marker. A class: (value, label, fill/line colour) ; value None = else/null.
def cat(attr, expr, classes, web_get=None):
    return {"type": "categorized", "attr": attr, "expr": expr, "classes": classes,
            "web": web_get}


def grad(attr, ranges):
    return {"type": "graduated", "attr": attr, "ranges": ranges}


LAYERS = {
    "zones": {
        "title": "产业集聚区 Industrial cluster districts", "kind": "fill",
        "renderer": cat("star", None, [
            ("4", "四星 4 stars", "#b3cde3"), ("3", "三星 3 stars", "#ccebc5"),
            ("2", "二星 2 stars", "#decbe4"), ("1", "一星 1 star", "#fed9a6"),
            ("0", "无星 0 stars", ZONE_FILL), (None, "未定 unknown", ZONE_FILL)]),
        "fill_alpha": 110, "line": ZONE_LINE, "line_width": 0.6,
    },
    "parcels": {
        "title": "宗地 Land parcels", "kind": "fill",
        "renderer": cat("land_use", None, [
            ("0601", "工业用地 industrial (0601)", "#b39ddb"),
            ("1001", "工业用地 industrial (1001)", "#b39ddb"),
            ("100101", "一类工业 industrial (100101)", "#b39ddb"),
            ("100102", "二类工业 industrial (100102)", "#9575cd"),
            ("100103", "三类工业 industrial (100103)", "#7e57c2"),
            ("0602", "采矿用地 mining (0602)", "#bcaaa4"),
            ("0604", "仓储用地 storage (0604)", "#ffe082"),
            ("1101", "仓储用地 storage (1101)", "#ffe082"),
            (None, "其他 other", "#e0e0e0")]),
        "fill_alpha": 200, "line": PARCEL_LINE, "line_width": 0.2,
    },
    "roads": {
        "title": "道路 Road links", "kind": "line",
        "renderer": cat("route", 'upper(left("route", 1))',
                        [(k, label, c) for k, label, c, _, _ in ROADS] + [(None, "其他 other", NODATA)],
                        web_get=["upcase", ["slice", ["coalesce", ["get", "route"], ""], 0, 1]]),
    },
    "villages": {
        "title": "村庄 Villages", "kind": "marker",
        "renderer": cat("relocation", None, [r for r in RELOCATION] + [(None, "未知 unknown", NODATA)]),
    },
    "parcel-intensity": {
        "title": "宗地集约利用 Parcel land-use intensity", "kind": "fill",
        "renderer": cat("meets_standard",
                        "CASE WHEN \"meets_standard\" IS NULL THEN 'n/a' WHEN \"meets_standard\" THEN 'yes' ELSE 'no' END",
                        [("yes", "达标 meets standard", GOOD), ("no", "未达标 below standard", BAD),
                         ("n/a", "不适用/无数据 not applicable", NODATA)],
                        web_get=["case", ["==", ["get", "meets_standard"], True], "yes",
                                 ["==", ["get", "meets_standard"], False], "no", "n/a"]),
        "fill_alpha": 190, "line": "#616161", "line_width": 0.2,
    },
    "zone-intensity": {
        "title": "集聚区集约利用 Zone land-use intensity (FAR)", "kind": "fill",
        "renderer": grad("far", [
            (0.0, 0.5, "容积率 < 0.5 FAR", "#d73027"),
            (0.5, 0.8, "0.5 – 0.8", "#fc8d59"),
            (0.8, 1.0, "0.8 – 1.0", "#fee08b"),
            (1.0, 1.5, "1.0 – 1.5", "#91cf60"),
            (1.5, 1000.0, "≥ 1.5", "#1a9850")]),
        "fill_alpha": 170, "line": ZONE_LINE, "line_width": 0.6,
    },
    "idle-land": {
        "title": "闲置土地疑点 Idle-land candidates", "kind": "fill",
        "renderer": cat("severity",
                        "CASE WHEN \"excluded\" THEN 'excluded' ELSE \"severity\" END",
                        [("fee", "征缴闲置费 fee (1–2 years)", WARN),
                         ("reclaim", "无偿收回 reclaim (≥ 2 years)", BAD),
                         ("excluded", "政府原因除外 excluded (government)", EXCLUDED),
                         (None, "其他 other", NODATA)],
                        web_get=["case", ["==", ["get", "excluded"], True], "excluded",
                                 ["coalesce", ["get", "severity"], ""]]),
        "fill_alpha": 210, "line": "#3e2723", "line_width": 0.3,
    },
    "zone-connectivity": {
        "title": "集聚区道路连通 Zone road connectivity", "kind": "fill",
        "renderer": cat("status", None, [
            ("direct", "干线直连 direct", GOOD), ("network", "经低等级路网 via network", WARN),
            ("none", "未连通 not connected", BAD), (None, "未知 unknown", NODATA)]),
        "fill_alpha": 150, "line": ZONE_LINE, "line_width": 0.6,
    },
    "connector-paths": {
        "title": "连通路径与缺口 Connector paths and gaps", "kind": "line",
        "renderer": cat("kind", None, [
            ("network", "低等级路网路径 network path", WARN),
            ("gap", "待建缺口 gap to close", BAD), (None, "其他 other", NODATA)]),
        "dash": {"gap": True},
    },
    "relocation": {
        "title": "村庄迁并 Village relocation", "kind": "marker",
        "renderer": cat("relocation", None, [r for r in RELOCATION] + [(None, "未知 unknown", NODATA)]),
    },
    "zone-relocation": {
        "title": "集聚区迁并占地 Zone relocation footprint (share of zone area)", "kind": "fill",
        "renderer": grad("footprint_share", [
            (0.0, 0.02, "< 2 %", "#eff3ff"),
            (0.02, 0.05, "2 – 5 %", "#bdd7e7"),
            (0.05, 0.10, "5 – 10 %", "#6baed6"),
            (0.10, 0.20, "10 – 20 %", "#3182bd"),
            (0.20, 1.0, "≥ 20 %", "#08519c")]),
        "fill_alpha": 170, "line": ZONE_LINE, "line_width": 0.6,
    },
    "idle-land-changes": {
        "title": "闲置土地变化 Idle-land changes since the previous audit", "kind": "fill",
        "renderer": cat("change", None, CHANGES + [(None, "其他 other", NODATA)]),
        "fill_alpha": 210, "line": "#3e2723", "line_width": 0.3,
    },
    "zone-changes": {
        "title": "集聚区变化 Zone changes since the previous audit (idle candidates)", "kind": "fill",
        "renderer": cat("idle_candidate_count_now",
                        "CASE WHEN \"idle_candidate_count_before\" IS NULL THEN 'new' "
                        "WHEN \"idle_candidate_count_now\" IS NULL THEN 'gone' "
                        "WHEN \"idle_candidate_count_now\" > \"idle_candidate_count_before\" THEN 'more' "
                        "WHEN \"idle_candidate_count_now\" < \"idle_candidate_count_before\" THEN 'fewer' "
                        "ELSE 'same' END",
                        ZONE_TREND + [(None, "未知 unknown", NODATA)],
                        web_get=["case",
                                 ["==", ["get", "idle_candidate_count_before"], None], "new",
                                 ["==", ["get", "idle_candidate_count_now"], None], "gone",
                                 [">", ["get", "idle_candidate_count_now"], ["get", "idle_candidate_count_before"]], "more",
                                 ["<", ["get", "idle_candidate_count_now"], ["get", "idle_candidate_count_before"]], "fewer",
                                 "same"]),
        "fill_alpha": 160, "line": ZONE_LINE, "line_width": 0.6,
    },
    "zone-evaluation": {
        "title": "开发区土地集约利用评价 Zone evaluation (rank by industrial tax per ha)", "kind": "fill",
        "renderer": grad("rank_industrial_tax_per_ha", [
            (1, 6, "第1–5名 rank 1–5", "#1a9850"),
            (6, 16, "第6–15名 rank 6–15", "#91cf60"),
            (16, 31, "第16–30名 rank 16–30", "#fee08b"),
            (31, 61, "第31–60名 rank 31–60", "#fc8d59"),
            (61, 1000000, "第61名以后 rank 61 and below", "#d73027")]),
        "fill_alpha": 170, "line": ZONE_LINE, "line_width": 0.6,
    },
    "holder-benefit": {
        "title": "亩均效益评价 Per-mu benefit classes of holders", "kind": "fill",
        "renderer": cat("class", None, BENEFIT + [(None, "无税收数据 no tax data", NODATA)]),
        "fill_alpha": 200, "line": "#424242", "line_width": 0.2,
    },
}


# ---------------------------------------------------------------- QML
def qml_symbol(name, kind, colour, spec, dashed=False, width=None):
    props = {}
    if kind == "fill":
        cls = "SimpleFill"
        props = {"color": rgba(colour, spec.get("fill_alpha", 200)), "style": "solid",
                 "outline_color": rgba(spec.get("line", "#424242")), "outline_style": "solid",
                 "outline_width": str(spec.get("line_width", 0.26)), "outline_width_unit": "MM",
                 "joinstyle": "bevel"}
        stype = "fill"
    elif kind == "line":
        cls = "SimpleLine"
        props = {"line_color": rgba(colour), "line_width": str(width or 0.6),
                 "line_width_unit": "MM", "line_style": "dash" if dashed else "solid",
                 "capstyle": "round", "joinstyle": "round"}
        stype = "line"
    else:
        cls = "SimpleMarker"
        props = {"name": "circle", "color": rgba(colour), "outline_color": rgba("#263238"),
                 "outline_width": "0.2", "outline_width_unit": "MM", "size": "2.6",
                 "size_unit": "MM", "scale_method": "diameter"}
        stype = "marker"
    body = "\n".join(f'          <prop k="{k}" v="{escape(v)}"/>' for k, v in props.items())
    return (f'      <symbol type="{stype}" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">\n'
            f'        <layer class="{cls}" enabled="1" locked="0" pass="0">\n{body}\n'
            f'        </layer>\n      </symbol>')


def qml(lid, spec):
    r = spec["renderer"]
    kind = spec["kind"]
    symbols = []
    if r["type"] == "categorized":
        attr = r["expr"] or r["attr"]
        cats = []
        for i, (value, label, colour) in enumerate(r["classes"]):
            width = None
            if lid == "roads":
                width = next((w for k, _, _, w, _ in ROADS if k == value), 0.26)
            dashed = spec.get("dash", {}).get(value, False)
            symbols.append(qml_symbol(str(i), kind, colour, spec, dashed, width))
            v = "" if value is None else value
            cats.append(f'      <category render="true" symbol="{i}" value={quoteattr(v)} label={quoteattr(label)}/>')
        renderer = (f'  <renderer-v2 type="categorizedSymbol" attr={quoteattr(attr)} symbollevels="0" '
                    f'forceraster="0" enableorderby="0">\n    <categories>\n' + "\n".join(cats) +
                    "\n    </categories>\n    <symbols>\n" + "\n".join(symbols) + "\n    </symbols>\n"
                    "  </renderer-v2>")
    else:
        ranges = []
        for i, (lo, hi, label, colour) in enumerate(r["ranges"]):
            symbols.append(qml_symbol(str(i), kind, colour, spec))
            ranges.append(f'      <range render="true" symbol="{i}" lower="{lo:.6f}" upper="{hi:.6f}" '
                          f'label={quoteattr(label)}/>')
        renderer = (f'  <renderer-v2 type="graduatedSymbol" attr={quoteattr(r["attr"])} '
                    f'graduatedMethod="GraduatedColor" symbollevels="0" forceraster="0" enableorderby="0">\n'
                    f'    <ranges>\n' + "\n".join(ranges) + "\n    </ranges>\n    <symbols>\n" +
                    "\n".join(symbols) + "\n    </symbols>\n    <mode name=\"manual\"/>\n"
                    "  </renderer-v2>")
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            f'<qgis version="3.22.0" styleCategories="Symbology|Labeling|Fields">\n'
            f"  <!-- zonescope style for {lid}: {escape(spec['title'])} (generated by styles/generate.py) -->\n"
            f"{renderer}\n"
            "  <blendMode>0</blendMode>\n  <featureBlendMode>0</featureBlendMode>\n"
            "  <layerOpacity>1</layerOpacity>\n"
            "</qgis>\n")


# ---------------------------------------------------------------- SLD 1.0
def sld_symbolizer(kind, colour, spec, dashed=False, width_px=None):
    if kind == "fill":
        op = spec.get("fill_alpha", 200) / 255
        return ("<PolygonSymbolizer><Fill>"
                f'<CssParameter name="fill">{colour}</CssParameter>'
                f'<CssParameter name="fill-opacity">{op:.2f}</CssParameter></Fill>'
                f'<Stroke><CssParameter name="stroke">{spec.get("line", "#424242")}</CssParameter>'
                f'<CssParameter name="stroke-width">{max(0.5, spec.get("line_width", 0.26) * 3.78):.1f}</CssParameter>'
                "</Stroke></PolygonSymbolizer>")
    if kind == "line":
        dash = '<CssParameter name="stroke-dasharray">6 4</CssParameter>' if dashed else ""
        return ("<LineSymbolizer><Stroke>"
                f'<CssParameter name="stroke">{colour}</CssParameter>'
                f'<CssParameter name="stroke-width">{width_px or 2}</CssParameter>{dash}'
                "</Stroke></LineSymbolizer>")
    return ("<PointSymbolizer><Graphic><Mark><WellKnownName>circle</WellKnownName>"
            f'<Fill><CssParameter name="fill">{colour}</CssParameter></Fill>'
            '<Stroke><CssParameter name="stroke">#263238</CssParameter>'
            '<CssParameter name="stroke-width">0.8</CssParameter></Stroke>'
            "</Mark><Size>9</Size></Graphic></PointSymbolizer>")


def ogc_eq(prop, value):
    return (f"<ogc:PropertyIsEqualTo><ogc:PropertyName>{prop}</ogc:PropertyName>"
            f"<ogc:Literal>{escape(str(value))}</ogc:Literal></ogc:PropertyIsEqualTo>")


def sld(lid, spec):
    r = spec["renderer"]
    kind = spec["kind"]
    rules = []

    def rule(name, title, filt, sym):
        f = f"<ogc:Filter>{filt}</ogc:Filter>" if filt and filt != "ELSE" else ""
        e = "<ElseFilter/>" if filt == "ELSE" else ""
        rules.append(f"<Rule><Name>{escape(name)}</Name><Title>{escape(title)}</Title>{f}{e}{sym}</Rule>")

    if r["type"] == "categorized":
        for value, label, colour in r["classes"]:
            width = next((w for k, _, _, _, w in ROADS if k == value), 1.0) if lid == "roads" else None
            sym = sld_symbolizer(kind, colour, spec, spec.get("dash", {}).get(value, False), width)
            if lid == "roads":
                filt = ("ELSE" if value is None else
                        f'<ogc:PropertyIsLike wildCard="*" singleChar="." escape="!">'
                        f"<ogc:PropertyName>route</ogc:PropertyName><ogc:Literal>{value}*</ogc:Literal>"
                        "</ogc:PropertyIsLike>")
            elif lid == "parcel-intensity":
                filt = {"yes": ogc_eq("meets_standard", "true"), "no": ogc_eq("meets_standard", "false"),
                        "n/a": "<ogc:PropertyIsNull><ogc:PropertyName>meets_standard</ogc:PropertyName></ogc:PropertyIsNull>"}[value]
            elif lid == "zone-changes":
                b, n = "idle_candidate_count_before", "idle_candidate_count_now"
                isnull = lambda p: f"<ogc:PropertyIsNull><ogc:PropertyName>{p}</ogc:PropertyName></ogc:PropertyIsNull>"
                both = f"<ogc:Not>{isnull(b)}</ogc:Not><ogc:Not>{isnull(n)}</ogc:Not>"
                cmp = lambda op: (f"<ogc:And>{both}<ogc:{op}><ogc:PropertyName>{n}</ogc:PropertyName>"
                                  f"<ogc:PropertyName>{b}</ogc:PropertyName></ogc:{op}></ogc:And>")
                filt = {"new": isnull(b), "gone": f"<ogc:And><ogc:Not>{isnull(b)}</ogc:Not>{isnull(n)}</ogc:And>",
                        "more": cmp("PropertyIsGreaterThan"), "fewer": cmp("PropertyIsLessThan"),
                        "same": cmp("PropertyIsEqualTo"), None: "ELSE"}[value]
            elif lid == "idle-land":
                not_excl = ("<ogc:Or><ogc:PropertyIsNull><ogc:PropertyName>excluded</ogc:PropertyName></ogc:PropertyIsNull>"
                            + ogc_eq("excluded", "false") + "</ogc:Or>")
                filt = ("ELSE" if value is None else ogc_eq("excluded", "true") if value == "excluded"
                        else f"<ogc:And>{ogc_eq('severity', value)}{not_excl}</ogc:And>")
            else:
                filt = "ELSE" if value is None else ogc_eq(r["attr"], value)
            rule(value or "other", label, filt, sym)
    else:
        for lo, hi, label, colour in r["ranges"]:
            a = r["attr"]
            filt = ("<ogc:And><ogc:PropertyIsGreaterThanOrEqualTo>"
                    f"<ogc:PropertyName>{a}</ogc:PropertyName><ogc:Literal>{lo}</ogc:Literal>"
                    "</ogc:PropertyIsGreaterThanOrEqualTo><ogc:PropertyIsLessThan>"
                    f"<ogc:PropertyName>{a}</ogc:PropertyName><ogc:Literal>{hi}</ogc:Literal>"
                    "</ogc:PropertyIsLessThan></ogc:And>")
            rule(label, label, filt, sld_symbolizer(kind, colour, spec))
        rule("no data", "无数据 no data", "ELSE", sld_symbolizer(kind, NODATA, spec))
    body = "\n".join("        " + x for x in rules)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<StyledLayerDescriptor version="1.0.0" xmlns="http://www.opengis.net/sld" '
            'xmlns:ogc="http://www.opengis.net/ogc" xmlns:xlink="http://www.w3.org/1999/xlink" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.opengis.net/sld http://schemas.opengis.net/sld/1.0.0/StyledLayerDescriptor.xsd">\n'
            f"  <NamedLayer>\n    <Name>{lid}</Name>\n    <UserStyle>\n      <Name>{lid}</Name>\n"
            f"      <Title>{escape(spec['title'])}</Title>\n      <FeatureTypeStyle>\n{body}\n"
            "      </FeatureTypeStyle>\n    </UserStyle>\n  </NamedLayer>\n</StyledLayerDescriptor>\n")


# ---------------------------------------------------------------- MapLibre
def maplibre(lid, spec):
    r = spec["renderer"]
    kind = spec["kind"]
    if r["type"] == "categorized":
        getter = r["web"] or ["to-string", ["get", r["attr"]]]
        expr = ["match", getter]
        other = NODATA
        for value, _, colour in r["classes"]:
            if value is None:
                other = colour
            else:
                expr += [value, colour]
        expr.append(other)
        legend = [{"value": v, "label": label, "color": c} for v, label, c in r["classes"]]
    else:
        expr = ["step", ["coalesce", ["get", r["attr"]], -1], NODATA]
        for lo, _, _, colour in r["ranges"]:
            expr += [lo, colour]
        legend = [{"min": lo, "max": hi, "label": label, "color": c} for lo, hi, label, c in r["ranges"]]
    base = {"source": lid, "metadata": {"zonescope:title": spec["title"], "zonescope:legend": legend}}
    layers = []
    if kind == "fill":
        layers.append({"id": f"{lid}-fill", "type": "fill", **base,
                       "paint": {"fill-color": expr,
                                 "fill-opacity": round(spec.get("fill_alpha", 200) / 255, 2)}})
        layers.append({"id": f"{lid}-outline", "type": "line", "source": lid,
                       "paint": {"line-color": spec.get("line", "#424242"),
                                 "line-width": max(0.5, round(spec.get("line_width", 0.26) * 2.5, 1))}})
    elif kind == "line":
        layer = {"id": f"{lid}-line", "type": "line", **base,
                 "layout": {"line-cap": "round", "line-join": "round"},
                 "paint": {"line-color": expr, "line-width": 2}}
        if lid == "roads":
            w = ["match", r["web"]]
            for k, _, _, _, px in ROADS:
                w += [k, px]
            w.append(1)
            layer["paint"]["line-width"] = w
        if lid == "connector-paths":
            # Dashes cannot be data-driven in MapLibre: draw gaps in a second, dashed layer.
            layer["filter"] = ["!=", ["get", "kind"], "gap"]
            layers.append(layer)
            layer = {"id": f"{lid}-gap", "type": "line", "source": lid,
                     "filter": ["==", ["get", "kind"], "gap"],
                     "paint": {"line-color": BAD, "line-width": 2, "line-dasharray": [3, 2]}}
        layers.append(layer)
    else:
        layers.append({"id": f"{lid}-circle", "type": "circle", **base,
                       "filter": ["==", ["geometry-type"], "Point"],
                       "paint": {"circle-color": expr, "circle-radius": 5,
                                 "circle-stroke-color": "#263238", "circle-stroke-width": 0.8}})
        layers.append({"id": f"{lid}-fill", "type": "fill", "source": lid,
                       "filter": ["==", ["geometry-type"], "Polygon"],
                       "paint": {"fill-color": expr, "fill-opacity": 0.7,
                                 "fill-outline-color": "#263238"}})
    return json.dumps(layers, ensure_ascii=False, indent=2) + "\n"


def main():
    for lid, spec in LAYERS.items():
        (HERE / f"{lid}.qml").write_text(qml(lid, spec), encoding="utf-8")
        (HERE / f"{lid}.sld").write_text(sld(lid, spec), encoding="utf-8")
        (HERE / f"{lid}.maplibre.json").write_text(maplibre(lid, spec), encoding="utf-8")
    palette = {"good": GOOD, "warn": WARN, "bad": BAD, "nodata": NODATA, "excluded": EXCLUDED,
               "zone_line": ZONE_LINE, "zone_fill": ZONE_FILL,
               "roads": {k: c for k, _, c, _, _ in ROADS},
               "relocation": {k: c for k, _, c in RELOCATION},
               "changes": {k: c for k, _, c in CHANGES},
               "zone_trend": {k: c for k, _, c in ZONE_TREND},
               "benefit_class": {k: c for k, _, c in BENEFIT}}
    (HERE / "palette.json").write_text(json.dumps(palette, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
