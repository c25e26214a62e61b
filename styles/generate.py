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
EXPRESSWAY, EXPRESSWAY_CASING = "#2e7d32", "#1b3d1e"
INTERCHANGE = "#ffffff"
ROADS = [  # (key, label, colour, width mm, web width px)
    ("expressway", "高速公路 expressway", EXPRESSWAY, 1.1, 3.4),
    ("G", "国道 national (G)", "#c62828", 0.9, 3.0),
    ("S", "省道 provincial (S)", "#ef6c00", 0.7, 2.4),
    ("X", "县道 county (X)", "#8d6e63", 0.45, 1.6),
    ("Y", "乡道 township (Y)", "#a1887f", 0.35, 1.2),
    ("C", "村道 village (C)", "#bcaaa4", 0.26, 1.0),
    ("Z", "专用公路 special (Z)", "#607d8b", 0.35, 1.2),
]
# Scale bands: at or below DISTRICT_SCALE (1:250 000, zoomed in) polygons are drawn as themselves;
# beyond it (province scale) small polygons are drawn as a marker at their centre so that every
# class stays visible, lower road classes are hidden and markers shrink.
DISTRICT_SCALE = 250000
LABEL_FONT = "WenQuanYi Zen Hei"

# Where a route number is an expressway's (contract §5: grade = expressway, or a G/S route with
# one, two or four digits).
EXPRESSWAY_QGIS = ("(\"grade\" = 'expressway' OR regexp_match(coalesce(\"route\", ''), "
                   "'^[GSgs]([0-9]{1,2}|[0-9]{4})$'))")
_route = ["coalesce", ["get", "route"], ""]
_digits = ["slice", _route, 1]
EXPRESSWAY_WEB = ["any", ["==", ["get", "grade"], "expressway"],
                  ["all", ["in", ["upcase", ["slice", _route, 0, 1]], ["literal", ["G", "S"]]],
                   ["!=", ["to-number", _digits, -1], -1],
                   ["in", ["length", _digits], ["literal", [1, 2, 4]]]]]

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
def cat(attr, expr, classes, web_get=None, qgis=None):
    """A categorized style. `qgis` maps a class value to the QGIS filter expression of its
    rule (default `"attr" = 'value'`); a class value None is the ELSE rule."""
    return {"type": "categorized", "attr": attr, "expr": expr, "classes": classes,
            "web": web_get, "qgis": qgis or {}}


def grad(attr, ranges):
    return {"type": "graduated", "attr": attr, "ranges": ranges}


def label(expr, max_scale, size=9.0, colour="#212121", placement="polygon"):
    """A QGIS label: `expr` (a QGIS expression, Chinese text), shown at scales down to
    1:`max_scale`."""
    return {"expr": expr, "max_scale": max_scale, "size": size, "colour": colour,
            "placement": placement}


# Booleans are tested with IN lists: QGIS 3.22 evaluates `"meets_standard" = 1` as false for a
# Boolean field holding true (GeoPackage and OAPIF alike, measured with PyQGIS), and a bare
# `"meets_standard"` sent to the OAPIF provider's cache as a filter matches nothing. `IN (1, '1',
# 'true')` is true for a Boolean true, an integer 1 and the text 'true' (as a field typed from
# text would hold), and null for a null. Beware: once QGIS 3.22's OAPIF provider has cached a layer
# it hands nulls back as 0 / false, so no expression can tell a null from 0 there; the styles
# lean on fields that are never null where a class depends on it (parcel-intensity: industrial).
TRUE_ = "IN (1, '1', 'true')"
FALSE_ = "IN (0, '0', 'false')"
MEETS = (f"CASE WHEN \"meets_standard\" {TRUE_} THEN 'yes' WHEN \"meets_standard\" {FALSE_} THEN 'no' "
         "ELSE 'n/a' END")
NOT_EXCLUDED = f"(\"excluded\" IS NULL OR \"excluded\" {FALSE_})"
IDLE_CLASS = (f"CASE WHEN \"excluded\" {TRUE_} THEN 'excluded' WHEN \"severity\" = 'fee' THEN 'fee' "
              "WHEN \"severity\" = 'reclaim' THEN 'reclaim' ELSE 'other' END")

LAYERS = {
    "zones": {
        "title": "产业集聚区 Industrial cluster districts", "kind": "fill", "far": "outline",
        "renderer": cat("star", None, [
            ("4", "四星 4 stars", "#b3cde3"), ("3", "三星 3 stars", "#ccebc5"),
            ("2", "二星 2 stars", "#decbe4"), ("1", "一星 1 star", "#fed9a6"),
            ("0", "无星 0 stars", ZONE_FILL), (None, "未定 unknown", ZONE_FILL)],
            qgis={v: f"to_string(\"star\") = '{v}'" for v in "01234"}),
        "fill_alpha": 110, "line": ZONE_LINE, "line_width": 0.6,
        "labels": label("\"name\"", 1500000, size=9.0),
    },
    "parcels": {
        "title": "宗地 Land parcels", "kind": "fill", "far": "marker",
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
        "renderer": cat("route", None,
                        [(k, label_, c) for k, label_, c, _, _ in ROADS] + [(None, "其他 other", NODATA)],
                        web_get=["case", EXPRESSWAY_WEB, "expressway",
                                 ["upcase", ["slice", ["coalesce", ["get", "route"], ""], 0, 1]]],
                        qgis={"expressway": EXPRESSWAY_QGIS,
                              # Nested under the ELSE of the expressway rule (see qml_rules).
                              **{k: f"upper(left(coalesce(\"route\", ''), 1)) = '{k}'"
                                 for k, *_ in ROADS if k != "expressway"}}),
        # Province scale: only expressways, national and provincial roads.
        "far_hide": ["X", "Y", "C", "Z", None],
    },
    "villages": {
        "title": "村庄 Villages", "kind": "marker",
        "renderer": cat("relocation", None, [r for r in RELOCATION] + [(None, "未知 unknown", NODATA)]),
    },
    "parcel-intensity": {
        "title": "宗地集约利用 Parcel land-use intensity", "kind": "fill", "far": "marker",
        "renderer": cat("meets_standard", MEETS,
                        [("yes", "达标 meets standard", GOOD), ("no", "未达标 below standard", BAD),
                         (None, "不适用/无数据 not applicable", NODATA)],
                        web_get=["case", ["==", ["get", "meets_standard"], True], "yes",
                                 ["==", ["get", "meets_standard"], False], "no", "n/a"],
                        # `industrial` as well: QGIS 3.22's OAPIF cache hands a null back as
                        # false, so a non-industrial parcel (meets_standard null) would read as
                        # "below standard" once cached; `industrial` is never null.
                        qgis={"yes": f"\"industrial\" {TRUE_} AND \"meets_standard\" {TRUE_}",
                              "no": f"\"industrial\" {TRUE_} AND \"meets_standard\" {FALSE_}"}),
        "fill_alpha": 190, "line": "#616161", "line_width": 0.2,
    },
    "zone-intensity": {
        "title": "集聚区集约利用 Zone land-use intensity (FAR)", "kind": "fill", "far": "outline",
        "renderer": grad("far", [
            (0.0, 0.5, "容积率 < 0.5 FAR", "#d73027"),
            (0.5, 0.8, "0.5 – 0.8", "#fc8d59"),
            (0.8, 1.0, "0.8 – 1.0", "#fee08b"),
            (1.0, 1.5, "1.0 – 1.5", "#91cf60"),
            (1.5, 1000.0, "≥ 1.5", "#1a9850")]),
        "fill_alpha": 170, "line": ZONE_LINE, "line_width": 0.6,
        "labels": label("\"zone_id\" || ' 容积率 ' || coalesce(format_number(\"far\", 2), '—')", 500000),
    },
    "idle-land": {
        "title": "闲置土地疑点 Idle-land candidates", "kind": "fill", "far": "marker",
        "renderer": cat("severity", IDLE_CLASS,
                        [("fee", "征缴闲置费 fee (1–2 years)", WARN),
                         ("reclaim", "无偿收回 reclaim (≥ 2 years)", BAD),
                         ("excluded", "政府原因除外 excluded (government)", EXCLUDED),
                         (None, "其他 other", NODATA)],
                        web_get=["case", ["==", ["get", "excluded"], True], "excluded",
                                 ["coalesce", ["get", "severity"], ""]],
                        qgis={"excluded": f"\"excluded\" {TRUE_}",
                              "fee": f"{NOT_EXCLUDED} AND \"severity\" = 'fee'",
                              "reclaim": f"{NOT_EXCLUDED} AND \"severity\" = 'reclaim'"}),
        "fill_alpha": 210, "line": "#3e2723", "line_width": 0.3,
        "far_marker_size": 2.4,
        "labels": label(f"CASE WHEN \"excluded\" {TRUE_} THEN '政府原因除外' WHEN \"severity\" = 'reclaim' "
                        "THEN '无偿收回' WHEN \"severity\" = 'fee' THEN '征缴闲置费' END", 30000, size=8.0),
    },
    "zone-connectivity": {
        "title": "集聚区道路连通 Zone road connectivity", "kind": "fill", "far": "outline",
        "renderer": cat("status", None, [
            ("direct", "干线直连 direct", GOOD), ("network", "经低等级路网 via network", WARN),
            ("none", "未连通 not connected", BAD), (None, "未知 unknown", NODATA)]),
        "fill_alpha": 150, "line": ZONE_LINE, "line_width": 0.6,
        "labels": label("\"zone_id\"", 500000),
    },
    "connector-paths": {
        "title": "连通路径与缺口 Connector paths and gaps", "kind": "line",
        "renderer": cat("kind", None, [
            ("network", "低等级路网路径 network path", WARN),
            ("gap", "待建缺口 gap to close", BAD), (None, "其他 other", NODATA)]),
        "dash": {"gap": True},
        "labels": label("CASE WHEN \"kind\" = 'gap' THEN '缺口 ' ELSE '路网 ' END || "
                        "CASE WHEN \"length_m\" >= 1000 THEN format_number(\"length_m\" / 1000, 1) || ' 公里' "
                        "ELSE format_number(\"length_m\", 0) || ' 米' END", 250000, size=8.0,
                        placement="line"),
    },
    "relocation": {
        "title": "村庄迁并 Village relocation", "kind": "marker",
        "renderer": cat("relocation", None, [r for r in RELOCATION] + [(None, "未知 unknown", NODATA)]),
    },
    "zone-relocation": {
        "title": "集聚区迁并占地 Zone relocation footprint (share of zone area)", "kind": "fill",
        "far": "outline",
        "renderer": grad("footprint_share", [
            (0.0, 0.02, "< 2 %", "#c6dbef"),
            (0.02, 0.05, "2 – 5 %", "#9ecae1"),
            (0.05, 0.10, "5 – 10 %", "#6baed6"),
            (0.10, 0.20, "10 – 20 %", "#3182bd"),
            (0.20, 1.0, "≥ 20 %", "#08519c")]),
        "fill_alpha": 170, "line": ZONE_LINE, "line_width": 0.6,
        "labels": label("\"zone_id\" || ' ' || coalesce(format_number(\"footprint_share\" * 100, 1) || '%', '—')",
                        500000),
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
def darker(hex_colour, f=0.6):
    h = hex_colour.lstrip("#")
    return "#" + "".join(f"{int(int(h[i:i + 2], 16) * f):02x}" for i in (0, 2, 4))


def qml_props(props):
    return "\n".join(f'          <prop k="{k}" v="{escape(v)}"/>' for k, v in props.items())


def qml_layer(cls, props, sub=None):
    inner = f"\n{sub}" if sub else ""
    return (f'        <layer class="{cls}" enabled="1" locked="0" pass="0">\n{qml_props(props)}{inner}\n'
            "        </layer>")


def marker_props(colour, size, outline="#263238", outline_width=0.2):
    return {"name": "circle", "color": rgba(colour), "outline_color": rgba(outline),
            "outline_width": str(outline_width), "outline_width_unit": "MM", "size": str(size),
            "size_unit": "MM", "scale_method": "diameter", "angle": "0", "offset": "0,0"}


def fill_props(colour, alpha, line, line_width):
    return {"color": rgba(colour, alpha), "style": "solid", "outline_color": rgba(line),
            "outline_style": "solid", "outline_width": str(line_width), "outline_width_unit": "MM",
            "joinstyle": "bevel"}


def line_props(colour, width, dashed=False):
    return {"line_color": rgba(colour), "line_width": str(width), "line_width_unit": "MM",
            "line_style": "dash" if dashed else "solid", "capstyle": "round", "joinstyle": "round"}


def qml_symbol(name, stype, layers):
    return (f'      <symbol type="{stype}" name="{name}" alpha="1" clip_to_extent="1" force_rhr="0">\n'
            + "\n".join(layers) + "\n      </symbol>")


def sub_symbol(stype, layers):
    """A sub-symbol (centroid-fill markers) is written one level deeper."""
    return (f'          <symbol type="{stype}" name="@0@0" alpha="1" clip_to_extent="1" force_rhr="0">\n'
            + "\n".join(layers) + "\n          </symbol>")


def class_filter(r, value):
    """The QGIS filter expression of a categorized class (None: ELSE)."""
    if value is None:
        return "ELSE"
    if value in r["qgis"]:
        return r["qgis"][value]
    return f"\"{r['attr']}\" = '{value}'"


def classes_of(r):
    """(filter, label, colour, value) per class, with ELSE for the rest."""
    if r["type"] == "categorized":
        return [(class_filter(r, v), label_, c, v) for v, label_, c in r["classes"]]
    out = []
    for i, (lo, hi, label_, c) in enumerate(r["ranges"]):
        last = i == len(r["ranges"]) - 1
        op = "<=" if last else "<"
        out.append((f"\"{r['attr']}\" >= {lo} AND \"{r['attr']}\" {op} {hi}", label_, c, None))
    out.append(("ELSE", "无数据 no data", NODATA, None))
    return out


GEOM_POINT = "geometry_type($geometry) = 'Point'"
GEOM_POLYGON = "geometry_type($geometry) = 'Polygon'"


def qml_rules(lid, spec):
    """The rule tree (list of rule XML strings) and the symbols for one layer.

    Every rule set ends with an ELSE rule, so the renderer asks the data provider for every
    feature (no filter is sent to OAPIF or its cache) and decides the class itself."""
    r = spec["renderer"]
    kind = spec["kind"]
    classes = classes_of(r)
    symbols = []

    def add_symbol(stype, layers):
        symbols.append(qml_symbol(str(len(symbols)), stype, layers))
        return str(len(symbols) - 1)

    def rule(filt, label_, sym=None, children=(), lo=None, hi=None):
        key = f"{{{lid}-{len(rule.keys)}}}"
        rule.keys.append(key)
        attrs = f'key={quoteattr(key)} filter={quoteattr(filt)} label={quoteattr(label_)}' if filt else \
            f'key={quoteattr(key)} label={quoteattr(label_)}'
        if sym is not None:
            attrs += f' symbol="{sym}"'
        if lo is not None:
            attrs += f' scalemindenom="{lo}"'
        if hi is not None:
            attrs += f' scalemaxdenom="{hi}"'
        if not children:
            return f"<rule {attrs}/>"
        return f"<rule {attrs}>" + "".join(children) + "</rule>"
    rule.keys = []

    near_label = f"区县尺度 district scale (1:{DISTRICT_SCALE:,} and closer)".replace(",", " ")
    far_label = f"全省尺度 province scale (beyond 1:{DISTRICT_SCALE:,})".replace(",", " ")
    rules = []
    if kind == "fill":
        near = [rule(f, lab, add_symbol("fill", [qml_layer("SimpleFill", fill_props(
            c, spec.get("fill_alpha", 200), spec.get("line", "#424242"), spec.get("line_width", 0.26)))]))
            for f, lab, c, _ in classes]
        far = []
        for f, lab, c, _ in classes:
            if spec.get("far") == "marker":
                # Small polygons: a marker at the centre, sized to be seen at province scale.
                size = spec.get("far_marker_size", 1.6)
                sym = add_symbol("fill", [qml_layer("CentroidFill", {"point_on_surface": "1",
                                                                      "point_on_all_parts": "0",
                                                                      "clip_points": "0",
                                                                      "clip_on_current_part_only": "0"},
                                                    sub_symbol("marker", [qml_layer("SimpleMarker", marker_props(
                                                        c, size, darker(c, 0.55), 0.15))]))])
            else:
                # Zones: opaque fill, an outline in a darker shade of the class and a centre dot.
                sym = add_symbol("fill", [
                    qml_layer("SimpleFill", fill_props(c, 235, darker(c, 0.55), 0.4)),
                    qml_layer("CentroidFill", {"point_on_surface": "1", "point_on_all_parts": "0",
                                               "clip_points": "0", "clip_on_current_part_only": "0"},
                              sub_symbol("marker", [qml_layer("SimpleMarker", marker_props(
                                  c, 1.8, darker(c, 0.45), 0.3))]))])
            far.append(rule(f, lab, sym))
        rules.append(rule(None, near_label, children=near, hi=DISTRICT_SCALE))
        rules.append(rule(None, far_label, children=far, lo=DISTRICT_SCALE))
    elif kind == "line":
        for band, lo, hi, scale in (("near", None, DISTRICT_SCALE, 1.0), ("far", DISTRICT_SCALE, None, 0.6)):
            kids = []
            for f, lab, c, v in classes:
                if band == "far" and v in spec.get("far_hide", []):
                    continue
                width = 0.6
                if lid == "roads":
                    width = next((w for k, _, _, w, _ in ROADS if k == v), 0.26)
                width = round(width * scale, 2)
                if lid == "roads" and v == "expressway":
                    # Cased: a dark casing under a green line, unlike any ordinary road.
                    layers = [qml_layer("SimpleLine", line_props(EXPRESSWAY_CASING, round(width + 0.5 * scale, 2))),
                              qml_layer("SimpleLine", line_props(c, width))]
                else:
                    layers = [qml_layer("SimpleLine", line_props(c, width, spec.get("dash", {}).get(v, False)))]
                kids.append(rule(f, lab, add_symbol("line", layers)))
            if band == "far" and spec.get("far_hide"):
                # The hidden classes still end in an ELSE rule that draws nothing visible at this
                # scale; leaving it out would make QGIS send a filter to the provider.
                kids.append(rule("ELSE", "其他等级（全省尺度不显示） lower classes, hidden at province scale",
                                 add_symbol("line", [qml_layer("SimpleLine", {**line_props("#ffffff", 0.1), "line_style": "no"})])))
            if lid == "roads":
                # Expressways first; the route-letter classes are the ELSE of that rule, so the
                # expressway test runs once per feature.
                kids = [kids[0], rule("ELSE", "其他道路 other roads", children=kids[1:])]
            rules.append(rule(None, near_label if band == "near" else far_label, children=kids, lo=lo, hi=hi))
    else:
        # Villages hold points and polygons. QGIS opens such a GeoPackage layer as a Point and a
        # Polygon sub-layer that share this default style, and an OAPIF layer with both kinds as
        # one layer: rules by the feature's own geometry type draw both in every case.
        for band, lo, hi, size in (("near", None, DISTRICT_SCALE, 2.6), ("far", DISTRICT_SCALE, None, 1.4)):
            pts = [rule(f, lab, add_symbol("marker", [qml_layer("SimpleMarker", marker_props(c, size))]))
                   for f, lab, c, _ in classes]
            polys = [rule(f, lab, add_symbol("fill", [qml_layer("SimpleFill", fill_props(c, 180, "#263238", 0.25))]
                                              + ([] if band == "near" else [qml_layer("CentroidFill", {
                                                  "point_on_surface": "1", "point_on_all_parts": "0",
                                                  "clip_points": "0", "clip_on_current_part_only": "0"},
                                                  sub_symbol("marker", [qml_layer("SimpleMarker",
                                                                                  marker_props(c, size))]))])))
                     for f, lab, c, _ in classes]
            rules.append(rule(None, near_label if band == "near" else far_label, lo=lo, hi=hi, children=[
                rule(GEOM_POINT, "点状村庄 point villages", children=pts),
                rule(GEOM_POLYGON, "面状村庄 polygon villages", children=polys),
                # Keeps the renderer from sending the two geometry filters to the provider.
                rule("ELSE", "其他 other geometry")]))
    return rules, symbols


def qml_labeling(spec):
    lab = spec.get("labels")
    if not lab:
        return ""
    placement = 2 if lab["placement"] == "line" else 0  # Line / AroundPoint (polygons: offset from centroid)
    if lab["placement"] == "polygon":
        placement = 1  # OverPoint: at the polygon's centre
    return (
        '  <labeling type="simple">\n'
        '    <settings calloutType="simple">\n'
        f'      <text-style fieldName={quoteattr(lab["expr"])} isExpression="1" fontFamily="{LABEL_FONT}" '
        f'namedStyle="Regular" fontSize="{lab["size"]}" fontSizeUnit="Point" textColor="{rgba(lab["colour"])}" '
        'textOpacity="1" fontWeight="50" fontItalic="0" multilineHeight="1" allowHtml="0" '
        'capitalization="0" fontLetterSpacing="0" fontWordSpacing="0" blendMode="0" previewBkgrdColor="255,255,255,255">\n'
        '        <families/>\n'
        '        <text-buffer bufferDraw="1" bufferSize="0.8" bufferSizeUnits="MM" bufferColor="255,255,255,255" '
        'bufferOpacity="0.85" bufferJoinStyle="128" bufferNoFill="1" bufferBlendMode="0"/>\n'
        '        <text-mask maskEnabled="0"/>\n'
        '        <background shapeDraw="0"/>\n'
        '        <shadow shadowDraw="0"/>\n'
        '        <dd_properties><Option type="Map"><Option name="name" type="QString" value=""/>'
        '<Option name="properties"/><Option name="type" type="QString" value="collection"/></Option></dd_properties>\n'
        '        <substitutions/>\n'
        '      </text-style>\n'
        '      <text-format wrapChar="" autoWrapLength="0" useMaxLineLengthForAutoWrap="1" multilineAlign="3" '
        'addDirectionSymbol="0" leftDirectionSymbol="&lt;" rightDirectionSymbol="&gt;" reverseDirectionSymbol="0" '
        'placeDirectionSymbol="0" formatNumbers="0" decimals="3" plussign="0"/>\n'
        f'      <placement placement="{placement}" placementFlags="10" centroidInside="1" centroidWhole="0" '
        'fitInPolygonOnly="0" offsetType="0" dist="0" distUnits="MM" quadOffset="4" xOffset="0" yOffset="0" '
        'offsetUnits="MM" priority="5" repeatDistance="0" repeatDistanceUnits="MM" overrunDistance="0" '
        'overrunDistanceUnit="MM" maxCurvedCharAngleIn="25" maxCurvedCharAngleOut="-25" rotationAngle="0" '
        'preserveRotation="1" geometryGeneratorEnabled="0" geometryGenerator="" geometryGeneratorType="PointGeometry" '
        'layerType="UnknownGeometry" lineAnchorPercent="0.5" lineAnchorType="0" lineAnchorClipping="0" '
        'polygonPlacementFlags="2" overlapHandling="PreventOverlap" allowDegraded="0"/>\n'
        # scaleMax is the largest scale denominator the labels show at (QGIS's "minimum scale",
        # most zoomed out), scaleMin the smallest (checked by reading the style back in PyQGIS).
        f'      <rendering scaleVisibility="1" scaleMin="1" scaleMax="{lab["max_scale"]}" obstacle="1" '
        'obstacleFactor="1" obstacleType="1" displayAll="0" upsidedownLabels="0" labelPerPart="0" '
        'mergeLines="0" minFeatureSize="0" limitNumLabels="0" maxNumLabels="2000" fontLimitPixelSize="0" '
        'fontMinPixelSize="3" fontMaxPixelSize="10000" zIndex="0" drawLabels="1" unplacedVisibility="0"/>\n'
        '    </settings>\n'
        '  </labeling>\n')


def qml(lid, spec):
    rules, symbols = qml_rules(lid, spec)
    renderer = ('  <renderer-v2 type="RuleRenderer" symbollevels="0" forceraster="0" enableorderby="0" '
                'referencescale="-1">\n'
                f'    <rules key="{{{lid}-root}}">\n' + "\n".join("      " + x for x in rules) +
                "\n    </rules>\n    <symbols>\n" + "\n".join(symbols) + "\n    </symbols>\n"
                "  </renderer-v2>\n")
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            f'<qgis version="3.22.0" styleCategories="Symbology|Labeling|Fields">\n'
            f"  <!-- zonescope style for {lid}: {escape(spec['title'])} (generated by styles/generate.py) -->\n"
            f"{renderer}{qml_labeling(spec)}"
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
                def like(pattern):
                    return ('<ogc:PropertyIsLike wildCard="*" singleChar="." escape="!">'
                            f"<ogc:PropertyName>route</ogc:PropertyName><ogc:Literal>{pattern}</ogc:Literal>"
                            "</ogc:PropertyIsLike>")
                expressway = ("<ogc:Or>" + ogc_eq("grade", "expressway") +
                              "".join(like(L + "." * n) for L in "GS" for n in (1, 2, 4)) + "</ogc:Or>")
                if value is None:
                    filt = "ELSE"
                elif value == "expressway":
                    filt = expressway
                else:
                    filt = f"<ogc:And>{like(value + '*')}<ogc:Not>{expressway}</ogc:Not></ogc:And>"
            elif lid == "parcel-intensity":
                filt = {"yes": ogc_eq("meets_standard", "true"), "no": ogc_eq("meets_standard", "false"),
                        None: "<ogc:PropertyIsNull><ogc:PropertyName>meets_standard</ogc:PropertyName></ogc:PropertyIsNull>"}[value]
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


# How the server's HTML pages (and any other client) find a feature's class without a
# QGIS expression engine: `by` is a property name, or one of the derived keys
# `route_class` (expressway, else the route letter), `meets` (yes / no / n/a from
# meets_standard), `idle_class` (excluded, else the severity).
DERIVED = {"roads": "route_class", "parcel-intensity": "meets", "idle-land": "idle_class"}


def classes_json(lid, spec):
    r = spec["renderer"]
    out = {"title": spec["title"], "by": DERIVED.get(lid, r["attr"]), "type": r["type"]}
    if r["type"] == "categorized":
        out["classes"] = [{"value": v, "label": lab, "color": c} for v, lab, c in r["classes"]]
    else:
        out["classes"] = [{"min": lo, "max": hi, "label": lab, "color": c} for lo, hi, lab, c in r["ranges"]]
        out["classes"].append({"value": None, "label": "无数据 no data", "color": NODATA})
    return out


def main():
    for lid, spec in LAYERS.items():
        (HERE / f"{lid}.qml").write_text(qml(lid, spec), encoding="utf-8")
        (HERE / f"{lid}.sld").write_text(sld(lid, spec), encoding="utf-8")
        (HERE / f"{lid}.maplibre.json").write_text(maplibre(lid, spec), encoding="utf-8")
    palette = {"good": GOOD, "warn": WARN, "bad": BAD, "nodata": NODATA, "excluded": EXCLUDED,
               "zone_line": ZONE_LINE, "zone_fill": ZONE_FILL,
               "roads": {k: c for k, _, c, _, _ in ROADS},
               "relocation": {k: c for k, _, c in RELOCATION},
               "layers": {lid: classes_json(lid, spec) for lid, spec in LAYERS.items()},
               "changes": {k: c for k, _, c in CHANGES},
               "zone_trend": {k: c for k, _, c in ZONE_TREND},
               "benefit_class": {k: c for k, _, c in BENEFIT}}
    (HERE / "palette.json").write_text(json.dumps(palette, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
