//! Unit tests of the CQL2 filter: null semantics, types, errors with positions, spatial and
//! array predicates, sortby.

use super::*;
use crate::layer::{Feature, Field, FieldKind, GeometryType, Layer, Value};
use crate::view::LayerView;
use chrono::NaiveDate;
use geo::{polygon, Geometry};

fn d(s: &str) -> Value {
    Value::Date(NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap())
}

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| s.to_string()).collect())
}

fn square(x: f64, y: f64, size: f64) -> Option<Geometry<f64>> {
    Some(Geometry::Polygon(polygon![
        (x: x, y: y), (x: x + size, y: y), (x: x + size, y: y + size), (x: x, y: y + size), (x: x, y: y)
    ]))
}

/// Four parcels: a has every value, b lacks FAR and dates, c and d vary.
fn view() -> LayerView {
    let schema = vec![
        Field::new("parcel_id", FieldKind::Text, None, "宗地编号", ""),
        Field::new("zone_id", FieldKind::Text, None, "园区", ""),
        Field::new("far", FieldKind::Real, None, "容积率", ""),
        Field::new("star", FieldKind::Integer, None, "星级", ""),
        Field::new("meets_standard", FieldKind::Bool, None, "达标", ""),
        Field::new("granted_on", FieldKind::Date, None, "供地日期", ""),
        Field::new("shortfalls", FieldKind::TextList, None, "未达标指标", ""),
        Field::new("holder", FieldKind::Text, None, "用地单位", ""),
        Field::new("area_m2", FieldKind::Real, None, "面积", ""),
        Field::new("site_area_m2", FieldKind::Real, None, "宗地面积", ""),
    ];
    let f = |id: &str,
             zone: &str,
             far: Value,
             star: Value,
             ok: Value,
             granted: Value,
             sf: Value,
             holder: &str,
             geom: Option<Geometry<f64>>| Feature {
        id: id.into(),
        geometry: geom,
        properties: vec![
            id.into(),
            zone.into(),
            far,
            star,
            ok,
            granted,
            sf,
            holder.into(),
            Value::Real(100.0),
            Value::Real(120.0),
        ],
    };
    let layer = Layer {
        id: "parcel-intensity".into(),
        title: "Parcels".into(),
        title_zh: "宗地".into(),
        description: String::new(),
        geometry_type: GeometryType::Polygon,
        key: "parcel_id",
        schema,
        features: vec![
            f(
                "a",
                "Z1",
                Value::Real(0.5),
                Value::Integer(3),
                Value::Bool(false),
                d("2010-05-01"),
                list(&["far", "green_share"]),
                "郑州航空港机械有限公司",
                square(113.0, 34.0, 0.01),
            ),
            f(
                "b",
                "Z1",
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                Value::Null,
                "Alpha Ltd",
                square(113.02, 34.0, 0.01),
            ),
            f(
                "c",
                "Z2",
                Value::Real(1.2),
                Value::Integer(1),
                Value::Bool(true),
                d("2015-01-01"),
                list(&[]),
                "alpha works",
                square(113.5, 34.5, 0.01),
            ),
            f(
                "d",
                "Z2",
                Value::Real(0.9),
                Value::Integer(4),
                Value::Bool(true),
                d("2012-01-01"),
                list(&["tax_per_mu"]),
                "Beta_1",
                None,
            ),
        ],
    };
    LayerView::new(layer)
}

fn ids(text: &str) -> Vec<String> {
    ids_lang(text, Lang::Text)
}

fn ids_lang(text: &str, lang: Lang) -> Vec<String> {
    let v = view();
    let f = Filter::compile_str(text, lang, &v, &|a, b| Some((a, b)))
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    f.select(&v, None)
        .into_iter()
        .map(|i| v.id(i as usize).to_string())
        .collect()
}

fn err(text: &str) -> FilterError {
    let v = view();
    match Filter::compile_str(text, Lang::Text, &v, &|a, b| Some((a, b))) {
        Ok(_) => panic!("{text} compiled"),
        Err(e) => e,
    }
}

#[test]
fn a_comparison_with_null_is_not_true() {
    assert_eq!(ids("far < 0.8"), ["a"]);
    assert_eq!(ids("far >= 0.8"), ["c", "d"]);
    // Neither side holds b: unknown both ways.
    assert_eq!(ids("NOT (far < 0.8)"), ["c", "d"]);
    assert_eq!(ids("far <> 0.5"), ["c", "d"]);
    assert_eq!(ids("far IS NULL"), ["b"]);
    assert_eq!(ids("far IS NOT NULL"), ["a", "c", "d"]);
    // unknown OR true is true; unknown AND false is false.
    assert_eq!(ids("far < 0.8 OR zone_id = 'Z1'"), ["a", "b"]);
    // b: unknown AND false is false, so NOT gives true.
    assert_eq!(
        ids("NOT (far < 0.8 AND zone_id = 'Z2')"),
        ["a", "b", "c", "d"]
    );
    assert_eq!(ids("meets_standard"), ["c", "d"]);
    assert_eq!(ids("NOT meets_standard"), ["a"]);
    assert_eq!(ids("meets_standard = FALSE"), ["a"]);
    assert_eq!(ids("far = NULL"), Vec::<String>::new());
    assert_eq!(ids("star IN (1, 3, NULL)"), ["a", "c"]);
    assert_eq!(ids("NOT star IN (1, 3)"), ["d"]);
    assert_eq!(ids("TRUE"), ["a", "b", "c", "d"]);
    assert_eq!(ids("FALSE"), Vec::<String>::new());
}

#[test]
fn comparisons_like_between_in_casei_arithmetic() {
    assert_eq!(ids("zone_id = 'Z2' AND star > 1"), ["d"]);
    assert_eq!(ids("holder LIKE '%航空港%'"), ["a"]);
    assert_eq!(ids("holder LIKE 'Beta\\__'"), ["d"]);
    assert_eq!(ids("holder NOT LIKE 'alpha%'"), ["a", "b", "d"]);
    assert_eq!(ids("CASEI(holder) LIKE CASEI('ALPHA%')"), ["b", "c"]);
    assert_eq!(ids("CASEI(holder) = CASEI('ALPHA WORKS')"), ["c"]);
    assert_eq!(ids("far BETWEEN 0.5 AND 0.9"), ["a", "d"]);
    assert_eq!(ids("far NOT BETWEEN 0.5 AND 0.9"), ["c"]);
    assert_eq!(ids("star BETWEEN 2 AND 4 AND zone_id = 'Z1'"), ["a"]);
    // Conditions AND-ed on either side of a BETWEEN are kept.
    assert_eq!(ids("far BETWEEN 0.5 AND 0.9 AND zone_id = 'Z2'"), ["d"]);
    assert_eq!(ids("zone_id = 'Z2' AND far BETWEEN 0.5 AND 0.9"), ["d"]);
    assert_eq!(
        ids("zone_id = 'Z1' AND far BETWEEN 0.4 AND 0.6 AND star = 3"),
        ["a"]
    );
    assert_eq!(ids("far NOT BETWEEN 0.5 AND 0.9 AND zone_id = 'Z2'"), ["c"]);
    assert_eq!(ids("far * 2 BETWEEN 1 AND 2 AND star > 3"), ["d"]);
    assert_eq!(
        ids("(far BETWEEN 0.4 AND 0.6 OR far BETWEEN 1 AND 2) AND star >= 1"),
        ["a", "c"]
    );
    assert_eq!(ids("parcel_id IN ('a', 'c', 'zz')"), ["a", "c"]);
    assert_eq!(ids("parcel_id NOT IN ('a', 'c')"), ["b", "d"]);
    assert_eq!(ids("far * 2 > 1.5"), ["c", "d"]);
    assert_eq!(ids("site_area_m2 - area_m2 = 20"), ["a", "b", "c", "d"]);
    assert_eq!(
        ids("site_area_m2 / area_m2 > 1.1 AND far + 0.1 < 1.05"),
        ["a", "d"]
    );
    assert_eq!(ids("area_m2 / 0 > 1"), Vec::<String>::new());
    assert_eq!(ids("site_area_m2 > area_m2"), ["a", "b", "c", "d"]);
    assert_eq!(ids("far < star"), ["a", "d"]);
}

#[test]
fn dates_compare_as_dates() {
    assert_eq!(ids("granted_on < DATE('2012-01-01')"), ["a"]);
    assert_eq!(ids("granted_on <= DATE('2012-01-01')"), ["a", "d"]);
    assert_eq!(ids("granted_on = '2015-01-01'"), ["c"]);
    assert_eq!(
        ids("granted_on BETWEEN DATE('2011-01-01') AND DATE('2015-01-01')"),
        ["c", "d"]
    );
    assert_eq!(
        ids("granted_on > TIMESTAMP('2011-12-31T23:00:00Z')"),
        ["c", "d"]
    );
}

#[test]
fn arrays() {
    assert_eq!(ids("A_CONTAINS(shortfalls, ('far'))"), ["a"]);
    assert_eq!(
        ids("A_OVERLAPS(shortfalls, ('far', 'tax_per_mu'))"),
        ["a", "d"]
    );
    assert_eq!(
        ids("A_CONTAINEDBY(shortfalls, ('far', 'green_share', 'x'))"),
        ["a", "c"]
    );
    assert_eq!(ids("A_EQUALS(shortfalls, ('tax_per_mu'))"), ["d"]);
    assert_eq!(
        ids_lang(
            r#"{"op":"a_containedBy","args":[{"property":"shortfalls"},["far","green_share"]]}"#,
            Lang::Json
        ),
        ["a", "c"]
    );
}

#[test]
fn spatial_predicates_against_literals() {
    let box_a = "POLYGON((112.99 33.99, 113.025 33.99, 113.025 34.02, 112.99 34.02, 112.99 33.99))";
    assert_eq!(ids(&format!("S_INTERSECTS(geometry, {box_a})")), ["a", "b"]);
    assert_eq!(ids(&format!("S_CONTAINS({box_a}, geometry)")), ["a"]);
    assert_eq!(ids(&format!("S_WITHIN(geometry, {box_a})")), ["a"]);
    // d has no geometry: unknown, even for disjointness.
    assert_eq!(ids(&format!("S_DISJOINT(geometry, {box_a})")), ["c"]);
    assert_eq!(
        ids("S_INTERSECTS(geometry, BBOX(113.49, 34.49, 113.6, 34.6))"),
        ["c"]
    );
    assert_eq!(ids("S_TOUCHES(geometry, POINT(113.01 34.005))"), ["a"]);
    assert_eq!(ids("S_WITHIN(POINT(113.005 34.005), geometry)"), ["a"]);
    assert_eq!(
        ids("S_EQUALS(geometry, POLYGON((113.5 34.5, 113.51 34.5, 113.51 34.51, 113.5 34.51, 113.5 34.5)))"),
        ["c"]
    );
    assert_eq!(
        ids("S_CROSSES(geometry, LINESTRING(112.9 34.005, 113.005 34.005))"),
        ["a"]
    );
    assert_eq!(
        ids("S_OVERLAPS(geometry, POLYGON((113.005 34.005, 113.025 34.005, 113.025 34.02, 113.005 34.02, 113.005 34.005)))"),
        ["a", "b"]
    );
    assert_eq!(
        ids("S_INTERSECTS(geometry, MULTIPOINT((113.005 34.005), (113.505 34.505)))"),
        ["a", "c"]
    );
    assert_eq!(ids("geometry IS NULL"), ["d"]);
    assert_eq!(
        ids("NOT S_INTERSECTS(geometry, POINT(113.005 34.005))"),
        ["b", "c"]
    );
}

#[test]
fn filter_crs_positions_are_mapped_in_their_axis_order() {
    // A latitude-first CRS: BBOX(minlat, minlon, maxlat, maxlon).
    let v = view();
    let latlon = |a: f64, b: f64| Some((b, a));
    let f = Filter::compile_str(
        "S_INTERSECTS(geometry, BBOX(34.49, 113.49, 34.6, 113.6))",
        Lang::Text,
        &v,
        &latlon,
    )
    .unwrap();
    assert_eq!(f.select(&v, None), vec![2]);
    let no = |_: f64, _: f64| None;
    let e = Filter::compile_str("S_INTERSECTS(geometry, POINT(1 2))", Lang::Text, &v, &no)
        .err()
        .unwrap();
    assert!(e.message.contains("filter-crs"), "{}", e.message);
}

#[test]
fn the_r_tree_narrows_spatial_filters() {
    let v = view();
    let id = |a: f64, b: f64| Some((a, b));
    let f = Filter::compile_str(
        "zone_id = 'Z2' AND S_INTERSECTS(geometry, BBOX(113.49, 34.49, 113.6, 34.6))",
        Lang::Text,
        &v,
        &id,
    )
    .unwrap();
    assert_eq!(f.candidates(&v), Some(vec![2]));
    let g = Filter::compile_str("S_DISJOINT(geometry, POINT(0 0))", Lang::Text, &v, &id).unwrap();
    assert_eq!(g.candidates(&v), None);
    assert_eq!(f.select(&v, Some(&[0, 1, 3])), Vec::<u32>::new());
    assert_eq!(f.select(&v, Some(&[2, 3])), vec![2]);
}

#[test]
fn errors_say_what_and_where() {
    let e = err("far < 0.8 AND nonsense = 1");
    assert!(
        e.message.contains("unknown property `nonsense`"),
        "{}",
        e.message
    );
    assert_eq!(e.position, Some(15));
    let e = err("zone_id = 'Z1' AND far = 'abc'");
    assert!(e.message.contains("type mismatch"), "{}", e.message);
    assert_eq!(e.position, Some(20));
    let e = err("far < ");
    assert!(e.message.contains("character"), "{}", e.message);
    assert_eq!(e.position, Some(7));
    let e = err("far < 0.8 nonsense");
    assert!(e.message.contains("cql2-text"), "{}", e.message);
    let e = err("far < 0.8)");
    assert_eq!(e.position, Some(10), "{}", e.message);
    let e = err("(far < 0.8");
    assert_eq!(e.position, Some(1), "{}", e.message);
    let e = err("zone_id = 'Z1");
    assert!(e.message.contains("not closed"), "{}", e.message);
    let e = err("zone_id = 1) OR (far < 1");
    assert_eq!(e.position, Some(12), "{}", e.message);
    let e = err("far << 3");
    assert_eq!(e.position, Some(6), "{}", e.message);
    let e = err("shortfalls = 'far'");
    assert!(e.message.contains("A_CONTAINS"), "{}", e.message);
    let e = err("granted_on > 2012");
    assert!(e.message.contains("DATE("), "{}", e.message);
    let e = err("zone_id LIKE 3");
    assert!(e.message.contains("LIKE"), "{}", e.message);
    let e = err("T_BEFORE(granted_on, DATE('2012-01-01'))");
    assert!(e.message.contains("temporal"), "{}", e.message);
    assert_eq!(e.position, Some(1));
    let e = err("avg(far) > 1");
    assert!(e.message.contains("does not offer"), "{}", e.message);
    let e = err("far");
    assert!(e.message.contains("cannot stand alone"), "{}", e.message);
    let e = err("S_INTERSECTS(far, POINT(1 2))");
    assert!(e.message.contains("not a geometry"), "{}", e.message);
    let e = err("A_CONTAINS(zone_id, ('x'))");
    assert!(e.message.contains("list property"), "{}", e.message);
    let e = err("granted_on = DATE('2012-13-01')");
    assert!(e.message.contains("not a date"), "{}", e.message);
    let e = err("meets_standard < TRUE");
    assert!(e.message.contains("booleans"), "{}", e.message);
    let e = err("far > 1e3");
    assert!(e.message.contains("cql2-text"), "{}", e.message);
    let e = err("");
    assert!(e.message.contains("empty"), "{}", e.message);
    let v = view();
    let e = Filter::compile_str(
        r#"{"op":"<","args":[{"property":"far"}"#,
        Lang::Json,
        &v,
        &|a, b| Some((a, b)),
    )
    .err()
    .unwrap();
    assert!(e.message.contains("cql2-json"), "{}", e.message);
    let e = Filter::compile_str(
        r#"{"op":"=","args":[{"property":"nope"},1]}"#,
        Lang::Json,
        &v,
        &|a, b| Some((a, b)),
    )
    .err()
    .unwrap();
    assert!(e.message.contains("`nope`"), "{}", e.message);
    assert_eq!(e.position, Some(32));
}

#[test]
fn cql2_json_matches_cql2_text() {
    for (text, json) in [
        ("far < 0.8", r#"{"op":"<","args":[{"property":"far"},0.8]}"#),
        (
            "zone_id = 'Z2' AND NOT meets_standard = FALSE",
            r#"{"op":"and","args":[{"op":"=","args":[{"property":"zone_id"},"Z2"]},{"op":"not","args":[{"op":"=","args":[{"property":"meets_standard"},false]}]}]}"#,
        ),
        (
            "granted_on >= DATE('2012-01-01')",
            r#"{"op":">=","args":[{"property":"granted_on"},{"date":"2012-01-01"}]}"#,
        ),
        (
            "S_INTERSECTS(geometry, BBOX(113.49, 34.49, 113.6, 34.6))",
            r#"{"op":"s_intersects","args":[{"property":"geometry"},{"bbox":[113.49,34.49,113.6,34.6]}]}"#,
        ),
        (
            "S_INTERSECTS(geometry, POINT(113.005 34.005))",
            r#"{"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[113.005,34.005]}]}"#,
        ),
        (
            "far IS NULL",
            r#"{"op":"isNull","args":[{"property":"far"}]}"#,
        ),
        (
            "parcel_id IN ('a', 'd')",
            r#"{"op":"in","args":[{"property":"parcel_id"},["a","d"]]}"#,
        ),
        (
            "far BETWEEN 0.5 AND 0.9",
            r#"{"op":"between","args":[{"property":"far"},0.5,0.9]}"#,
        ),
        (
            "CASEI(holder) LIKE CASEI('alpha%')",
            r#"{"op":"like","args":[{"op":"casei","args":[{"property":"holder"}]},{"op":"casei","args":["alpha%"]}]}"#,
        ),
    ] {
        assert_eq!(ids(text), ids_lang(json, Lang::Json), "{text}");
        assert!(!ids(text).is_empty(), "{text} selects something");
    }
}

#[test]
fn sortby_is_stable_with_nulls_last() {
    let v = view();
    let far = v.field_index("far");
    let zone = v.field_index("zone_id");
    let mut rows = vec![0, 1, 2, 3];
    sort_rows(
        &v,
        &mut rows,
        &[SortKey {
            col: far,
            descending: false,
        }],
    );
    assert_eq!(rows, [0, 3, 2, 1]);
    sort_rows(
        &v,
        &mut rows,
        &[SortKey {
            col: far,
            descending: true,
        }],
    );
    assert_eq!(rows, [2, 3, 0, 1], "nulls stay last when descending");
    // Ties keep the order they came in.
    let mut rows = vec![3, 2, 1, 0];
    sort_rows(
        &v,
        &mut rows,
        &[SortKey {
            col: zone,
            descending: false,
        }],
    );
    assert_eq!(rows, [1, 0, 3, 2]);
    let mut rows = vec![0, 1, 2, 3];
    sort_rows(
        &v,
        &mut rows,
        &[
            SortKey {
                col: zone,
                descending: true,
            },
            SortKey {
                col: None,
                descending: true,
            },
        ],
    );
    assert_eq!(rows, [3, 2, 1, 0]);
}

#[test]
fn queryables_describe_the_schema() {
    let v = view();
    let q = queryables::document(&v, "http://x/collections/parcel-intensity/queryables");
    assert_eq!(q["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(q["type"], "object");
    let p = &q["properties"];
    assert_eq!(p["far"]["type"], "number");
    assert_eq!(p["far"]["title"], "容积率");
    assert_eq!(p["star"]["type"], "integer");
    assert_eq!(p["meets_standard"]["type"], "boolean");
    assert_eq!(p["granted_on"]["type"], "string");
    assert_eq!(p["granted_on"]["format"], "date");
    assert_eq!(p["shortfalls"]["type"], "array");
    assert_eq!(p["shortfalls"]["items"]["type"], "string");
    assert_eq!(p["geometry"]["x-ogc-role"], "primary-geometry");
    assert_eq!(p["geometry"]["format"], "geometry-polygon");
}

/// A zone-like outline: 48 vertices whose coordinates carry 16–17 significant digits, as
/// the province data's do (a stored zone is never a round-number square).
fn irregular_outline(cx: f64, cy: f64) -> geo::MultiPolygon<f64> {
    let mut ring: Vec<(f64, f64)> = (0..48)
        .map(|k| {
            let t = k as f64 * std::f64::consts::TAU / 48.0;
            let r = 0.02 + 0.003 * (5.0 * t).sin() + 1e-7 * (k as f64).sqrt();
            (cx + r * t.cos(), cy + 0.8 * r * t.sin())
        })
        .collect();
    ring.push(ring[0]);
    geo::MultiPolygon(vec![geo::Polygon::new(ring.into(), vec![])])
}

/// What serde_json's default (not `float_roundtrip`) parser makes of a JSON number: the
/// decimal significand rounded to f64, then divided by a power of ten (two roundings).
fn parsed_in_two_roundings(s: &str) -> f64 {
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = format!("{int}{frac}");
    let sig: u64 = digits.parse().unwrap();
    sig as f64 / 10f64.powi(frac.len() as i32)
}

#[test]
fn s_equals_and_s_within_find_a_geometry_given_as_its_own_literal() {
    let zone = irregular_outline(113.555, 34.821);
    let other = irregular_outline(113.605, 34.821); // a neighbour, same shape
    let mut moved = zone.clone(); // the zone with one inner vertex moved by one ulp
    moved.0[0].exterior_mut(|r| {
        let v = &mut r.0[7];
        v.x = f64::from_bits(v.x.to_bits() + 1); // outwards (cos > 0 there)
    });
    let schema = vec![Field::new("zone_id", FieldKind::Text, None, "编号", "")];
    let feat = |id: &str, g: &geo::MultiPolygon<f64>| Feature {
        id: id.into(),
        geometry: Some(Geometry::MultiPolygon(g.clone())),
        properties: vec![id.into()],
    };
    let v = LayerView::new(Layer {
        id: "zones".into(),
        title: "Zones".into(),
        title_zh: "集聚区".into(),
        description: String::new(),
        geometry_type: GeometryType::MultiPolygon,
        key: "zone_id",
        schema,
        features: vec![feat("z", &zone), feat("n", &other), feat("m", &moved)],
    });
    let literal = crate::layer::geojson::geometry(&Geometry::MultiPolygon(zone.clone()));
    let text = literal.to_string();
    // The literal is the served GeoJSON: shortest round-trip numbers. Some of them are
    // numbers a two-rounding parser gets wrong, so this test sees the round-off it guards
    // against.
    let numbers: Vec<&str> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.'))
        .filter(|s| s.contains('.'))
        .collect();
    assert!(numbers.len() >= 96);
    assert!(
        numbers
            .iter()
            .any(|s| parsed_in_two_roundings(s) != s.parse::<f64>().unwrap()),
        "no coordinate of the literal is one a two-rounding parser misreads"
    );
    let sel = |json: String| -> Vec<String> {
        let f = Filter::compile_str(&json, Lang::Json, &v, &|a, b| Some((a, b)))
            .unwrap_or_else(|e| panic!("{json}: {e}"));
        f.select(&v, None)
            .into_iter()
            .map(|i| v.id(i as usize).to_string())
            .collect()
    };
    let op = |name: &str, a: &str, b: &str| format!(r#"{{"op":"{name}","args":[{a},{b}]}}"#);
    let g = r#"{"property":"geometry"}"#;
    assert_eq!(sel(op("s_equals", g, &text)), ["z"]);
    assert_eq!(sel(op("s_equals", &text, g)), ["z"]);
    // The zone is within its own outline and contains it; the moved copy is one ulp larger,
    // so it contains the outline without being within it.
    assert_eq!(sel(op("s_within", g, &text)), ["z"]);
    assert_eq!(sel(op("s_contains", g, &text)), ["z", "m"]);
    assert_eq!(sel(op("s_intersects", g, &text)), ["z", "m"]);
    assert!(sel(op("s_overlaps", g, &text)).is_empty());
    assert!(sel(op("s_touches", g, &text)).is_empty());
    // The same in cql2-text, the coordinates written in Rust's shortest round-trip form.
    let ring = zone.0[0].exterior();
    let wkt = format!(
        "MULTIPOLYGON((({})))",
        ring.0
            .iter()
            .map(|c| format!("{} {}", c.x, c.y))
            .collect::<Vec<_>>()
            .join(", ")
    );
    assert_eq!(ids_in(&v, &format!("S_EQUALS(geometry, {wkt})")), ["z"]);
    assert_eq!(ids_in(&v, &format!("S_WITHIN(geometry, {wkt})")), ["z"]);
    // A geometry against itself.
    assert_eq!(ids_in(&v, "S_EQUALS(geometry, geometry)"), ["z", "n", "m"]);
    assert!(ids_in(&v, "S_OVERLAPS(geometry, geometry)").is_empty());
}

fn ids_in(v: &LayerView, text: &str) -> Vec<String> {
    let f = Filter::compile_str(text, Lang::Text, v, &|a, b| Some((a, b)))
        .unwrap_or_else(|e| panic!("{text}: {e}"));
    f.select(v, None)
        .into_iter()
        .map(|i| v.id(i as usize).to_string())
        .collect()
}

#[test]
fn envelopes_decide_only_what_they_can_decide() {
    use super::compile::Rel;
    use super::eval::by_envelopes;
    let r = |x1: f64, y1: f64, x2: f64, y2: f64| {
        geo::Rect::new(geo::Coord { x: x1, y: y1 }, geo::Coord { x: x2, y: y2 })
    };
    let lit = r(0.0, 0.0, 2.0, 2.0);
    // Apart: only disjointness holds.
    for rel in [
        Rel::Intersects,
        Rel::Equals,
        Rel::Within,
        Rel::Contains,
        Rel::Touches,
    ] {
        assert_eq!(by_envelopes(rel, &lit, &r(3.0, 3.0, 4.0, 4.0)), Some(false));
    }
    assert_eq!(
        by_envelopes(Rel::Disjoint, &lit, &r(3.0, 3.0, 4.0, 4.0)),
        Some(true)
    );
    // Equal envelopes leave equality open; a different one closes it.
    assert_eq!(by_envelopes(Rel::Equals, &lit, &lit), None);
    assert_eq!(
        by_envelopes(Rel::Equals, &lit, &r(0.0, 0.0, 2.0, 2.5)),
        Some(false)
    );
    // literal within row: the row's envelope must hold the literal's.
    assert_eq!(
        by_envelopes(Rel::Within, &lit, &r(-1.0, -1.0, 3.0, 3.0)),
        None
    );
    assert_eq!(
        by_envelopes(Rel::Within, &lit, &r(0.5, 0.5, 3.0, 3.0)),
        Some(false)
    );
    // literal contains row: the other way round.
    assert_eq!(
        by_envelopes(Rel::Contains, &lit, &r(0.5, 0.5, 1.0, 1.0)),
        None
    );
    assert_eq!(
        by_envelopes(Rel::Contains, &lit, &r(0.5, 0.5, 3.0, 1.0)),
        Some(false)
    );
    // Touching envelopes decide nothing for touches or intersects.
    assert_eq!(
        by_envelopes(Rel::Touches, &lit, &r(2.0, 0.0, 3.0, 1.0)),
        None
    );
    assert_eq!(
        by_envelopes(Rel::Intersects, &lit, &r(2.0, 0.0, 3.0, 1.0)),
        None
    );
}

/// 6 000 varied parcels: enough rows for [`Filter::select`] to scan the typed copies.
fn big_view() -> LayerView {
    let zones = ["Z1", "Z2", "z1", "Z10", ""];
    let holders = [
        "郑州航空港机械有限公司",
        "Alpha Ltd",
        "alpha works",
        "Beta_1",
        "ΟΔΟΣ Ltd",
        "İstanbul Makine",
        "100% Steel",
    ];
    let features = (0..6000u64)
        .map(|k| {
            let h = k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 33;
            let pick = |m: u64| (h / m) as usize;
            let id = format!("P{k:05}");
            let far = match h % 10 {
                0 => Value::Null,
                1 => Value::Real(f64::NAN),
                _ => Value::Real((h % 40) as f64 / 20.0),
            };
            Feature {
                id: id.clone(),
                geometry: if h.is_multiple_of(17) {
                    None
                } else {
                    square(
                        113.0 + (k % 80) as f64 * 0.01,
                        34.0 + (k / 80) as f64 * 0.01,
                        0.008,
                    )
                },
                properties: vec![
                    id.into(),
                    zones[pick(7) % zones.len()].into(),
                    far,
                    if h.is_multiple_of(9) {
                        Value::Null
                    } else {
                        Value::Integer((h % 5) as i64)
                    },
                    match h % 3 {
                        0 => Value::Null,
                        1 => Value::Bool(true),
                        _ => Value::Bool(false),
                    },
                    if h.is_multiple_of(4) {
                        Value::Null
                    } else {
                        d(&format!("20{:02}-0{}-1{}", 8 + h % 8, 1 + h % 9, h % 10))
                    },
                    match h % 5 {
                        0 => Value::Null,
                        1 => list(&[]),
                        2 => list(&["far"]),
                        3 => list(&["far", "green_share"]),
                        _ => list(&["tax_per_mu"]),
                    },
                    holders[pick(11) % holders.len()].into(),
                    Value::Real(100.0 + (h % 50) as f64),
                    if h.is_multiple_of(13) {
                        Value::Null
                    } else {
                        Value::Real(90.0 + (h % 70) as f64)
                    },
                ],
            }
        })
        .collect();
    LayerView::new(Layer {
        features,
        ..view().layer().clone()
    })
}

#[test]
fn scans_over_the_copies_answer_as_the_row_evaluator() {
    let v = big_view();
    let filters = [
        "zone_id = 'Z1'",
        "zone_id <> 'Z1'",
        "zone_id < 'Z2'",
        "zone_id IN ('Z1', 'Z10')",
        "zone_id NOT IN ('Z1', 'Z10')",
        "CASEI(zone_id) = CASEI('z1')",
        "zone_id LIKE 'Z1%'",
        "zone_id BETWEEN 'Z1' AND 'Z2'",
        "zone_id IS NULL OR zone_id = ''",
        "CASEI(holder) LIKE CASEI('%ALPHA%')",
        "CASEI(holder) LIKE '%ltd'",
        "CASEI(holder) LIKE '%ς%'",
        "CASEI(holder) LIKE 'i̇%'",
        "holder LIKE '%机械%'",
        "holder LIKE '100\\%%'",
        "NOT (holder LIKE '%a%')",
        "far < 0.8",
        "NOT (far < 0.8)",
        "far >= 1 OR star = 3",
        "far BETWEEN 0.5 AND 1 AND meets_standard = FALSE",
        "far IN (0.15, 0.55, 1.15)",
        "far IS NULL",
        "star <> 2 AND NOT (meets_standard = TRUE)",
        "meets_standard",
        "NOT meets_standard",
        "site_area_m2 / area_m2 > 1.05",
        "area_m2 - site_area_m2 < far * 10",
        "far * 2 < 1 OR star IS NULL",
        "granted_on < DATE('2012-01-01')",
        "granted_on BETWEEN DATE('2010-01-01') AND DATE('2013-12-31') AND far > 0.2",
        "granted_on IS NULL AND zone_id = 'Z2'",
        "A_CONTAINS(shortfalls, ('far'))",
        "A_OVERLAPS(shortfalls, ('far', 'tax_per_mu')) AND zone_id <> 'Z1'",
        "NOT A_CONTAINEDBY(shortfalls, ('far'))",
        "A_EQUALS(shortfalls, ('green_share', 'far'))",
        "parcel_id > zone_id",
        "parcel_id LIKE 'P0001%' OR holder = 'Beta_1'",
        "S_INTERSECTS(geometry, BBOX(113.0, 34.0, 113.4, 34.3)) AND far < 0.8",
        "S_DISJOINT(geometry, BBOX(113.0, 34.0, 113.4, 34.3)) AND zone_id = 'Z2'",
        "geometry IS NULL OR star = 1",
        "NOT (zone_id = 'Z1' AND (far < 0.5 OR granted_on > DATE('2013-01-01')))",
    ];
    for text in filters {
        let f = Filter::compile_str(text, Lang::Text, &v, &|a, b| Some((a, b)))
            .unwrap_or_else(|e| panic!("{text}: {e}"));
        let want = f.select_by_rows(&v, None);
        assert_eq!(f.select(&v, None), want, "{text}");
        assert!(
            !want.is_empty() && want.len() < v.len(),
            "{text}: {} rows",
            want.len()
        );
        // And over a subset (as after a bbox or an equality filter).
        let some: Vec<u32> = (0..v.len() as u32).filter(|i| i % 3 != 1).collect();
        assert_eq!(
            f.select(&v, Some(&some)),
            f.select_by_rows(&v, Some(&some)),
            "{text}"
        );
    }
    assert!(
        v.cache().unwrap().peek(7).is_some(),
        "the holder copy was used"
    );
}
