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
