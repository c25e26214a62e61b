"""An independent CQL2 evaluator for the cross-check: pygeofilter parses (its cql2-json
parser), this module evaluates its AST over GeoJSON features with CQL2's three-valued logic
(a comparison with a NULL is unknown; a feature matches only when the filter is true) and
shapely (GEOS) for the spatial predicates.

`to_pygeofilter` adapts standard cql2-json (OGC 21-065r2) to the dialect pygeofilter 0.3's
parser reads: `between` with its bounds in a list, lower-case operator names, BBOX literals as
polygons, and geometry literals moved from `filter-crs` to CRS84 with pyproj.
"""
import datetime as dt
import re

import shapely
from pygeofilter import ast, values
from pygeofilter.parsers.cql2_json import parse as pgf_parse


def _map_coords(coords, fn):
    if coords and isinstance(coords[0], (int, float)):
        return list(fn(coords[0], coords[1]))
    return [_map_coords(c, fn) for c in coords]


def to_pygeofilter(node, to_crs84=None):
    """Standard cql2-json → pygeofilter's cql2-json dialect (geometries in CRS84)."""
    if isinstance(node, list):
        return [to_pygeofilter(n, to_crs84) for n in node]
    if not isinstance(node, dict):
        return node
    if "bbox" in node:
        x1, y1, x2, y2 = node["bbox"][:4] if len(node["bbox"]) == 4 else (
            node["bbox"][0], node["bbox"][1], node["bbox"][3], node["bbox"][4])
        ring = [[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]]
        node = {"type": "Polygon", "coordinates": [ring]}
    if "type" in node and "coordinates" in node:
        coords = node["coordinates"]
        if to_crs84 is not None:
            coords = _map_coords(coords, to_crs84)
        return {"type": node["type"], "coordinates": coords}
    if "op" in node:
        op = node["op"]
        args = [to_pygeofilter(a, to_crs84) for a in node["args"]]
        if op == "between":
            args = [args[0], [args[1], args[2]]]
        if op != "isNull":
            op = op.lower()
        return {"op": op, "args": args}
    return {k: to_pygeofilter(v, to_crs84) for k, v in node.items()}


def parse(standard_json, to_crs84=None):
    return pgf_parse(to_pygeofilter(standard_json, to_crs84))


def like_regex(pattern: str):
    out = []
    it = iter(pattern)
    for c in it:
        if c == "%":
            out.append(".*")
        elif c == "_":
            out.append(".")
        elif c == "\\":
            out.append(re.escape(next(it, "\\")))
        else:
            out.append(re.escape(c))
    return re.compile("^" + "".join(out) + "$", re.S)


class Evaluator:
    """Evaluates a pygeofilter AST on one feature: True, False or None (unknown)."""

    def __init__(self, date_fields):
        self.date_fields = set(date_fields)

    def value(self, n, f):
        if isinstance(n, ast.Attribute):
            if n.name == "geometry":
                return f["_shape"]
            v = f["properties"].get(n.name)
            if v is not None and n.name in self.date_fields:
                return dt.date.fromisoformat(v)
            return v
        if isinstance(n, ast.Function) and n.name == "lower":
            v = self.value(n.arguments[0], f)
            return None if v is None else v.lower()
        if isinstance(n, ast.Arithmetic):
            a, b = self.value(n.lhs, f), self.value(n.rhs, f)
            if a is None or b is None:
                return None
            if isinstance(n, ast.Add):
                return a + b
            if isinstance(n, ast.Sub):
                return a - b
            if isinstance(n, ast.Mul):
                return a * b
            return None if b == 0 else a / b
        if isinstance(n, values.Geometry):
            return shapely.geometry.shape(n.geometry)
        if isinstance(n, list):
            return [self.value(x, f) for x in n]
        return n  # a literal: number, text, bool, date

    def truth(self, n, f):
        if isinstance(n, ast.And):
            a, b = self.truth(n.lhs, f), self.truth(n.rhs, f)
            if a is False or b is False:
                return False
            return None if a is None or b is None else True
        if isinstance(n, ast.Or):
            a, b = self.truth(n.lhs, f), self.truth(n.rhs, f)
            if a is True or b is True:
                return True
            return None if a is None or b is None else False
        if isinstance(n, ast.Not):
            a = self.truth(n.sub_node, f)
            return None if a is None else not a
        if isinstance(n, ast.IsNull):
            return self.value(n.lhs, f) is None
        if isinstance(n, ast.Comparison) and not isinstance(n, ast.Like):
            a, b = self.value(n.lhs, f), self.value(n.rhs, f)
            if a is None or b is None:
                return None
            return {
                ast.Equal: a == b, ast.NotEqual: a != b, ast.LessThan: a < b,
                ast.LessEqual: a <= b, ast.GreaterThan: a > b, ast.GreaterEqual: a >= b,
            }[type(n)]
        if isinstance(n, ast.Like):
            a = self.value(n.lhs, f)
            if a is None:
                return None
            pattern = n.pattern
            if isinstance(pattern, ast.Function):  # CASEI('…')
                pattern = self.value(pattern, f)
            m = like_regex(pattern).match(a) is not None
            return (not m) if n.not_ else m
        if isinstance(n, ast.Between):
            a, lo, hi = self.value(n.lhs, f), self.value(n.low, f), self.value(n.high, f)
            if a is None or lo is None or hi is None:
                return None
            r = lo <= a <= hi
            return (not r) if n.not_ else r
        if isinstance(n, ast.In):
            a = self.value(n.lhs, f)
            if a is None:
                return None
            opts = [self.value(o, f) for o in n.sub_nodes]
            r = True if a in opts else (None if None in opts else False)
            return r if not n.not_ or r is None else not r
        if isinstance(n, ast.SpatialComparisonPredicate):
            a, b = self.value(n.lhs, f), self.value(n.rhs, f)
            if a is None or b is None:
                return None
            return bool(getattr(a, n.op.value.lower())(b))
        if isinstance(n, ast.ArrayPredicate):
            a, b = self.value(n.lhs, f), self.value(n.rhs, f)
            if a is None or b is None:
                return None
            a, b = set(a if isinstance(a, list) else [a]), set(b if isinstance(b, list) else [b])
            return {ast.ArrayEquals: a == b, ast.ArrayContains: a >= b,
                    ast.ArrayContainedBy: a <= b, ast.ArrayOverlaps: bool(a & b)}[type(n)]
        if isinstance(n, ast.Attribute):
            v = self.value(n, f)
            return None if v is None else bool(v)
        if isinstance(n, bool):
            return n
        raise TypeError(f"the reference evaluator has no rule for {n!r}")

    def select(self, tree, features):
        return {f["id"] for f in features if self.truth(tree, f) is True}
