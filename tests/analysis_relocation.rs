//! Relocation footprint on hand-made villages. Expected areas come from the authalic-latitude
//! formula for lon/lat bands (independent of zonescope's geodesic polygon area; the two differ
//! only by the 0.5 mm bulge of geodesic edges, hence the 1e-5 tolerance here — the Python test
//! checks the same intersection against pyproj at 1e-6).
//!
//! Zones: A = 113.000–113.010 E × 34.000–34.010 N, B = 113.010–113.020 E (same latitudes,
//! sharing A's east edge), C = far away without villages, D for a village without data.

mod common_network;
use common_network::*;
use geo::Point;
use zonescope::dataset::{Dataset, RelocationStatus, VillageGeometry};

const PLANNED: RelocationStatus = RelocationStatus::Planned;
const STARTED: RelocationStatus = RelocationStatus::Started;
const DONE: RelocationStatus = RelocationStatus::Done;
const NOT: RelocationStatus = RelocationStatus::None;
use zonescope::layer::{Layer, Value};
use zonescope::rules::RelocationRules;

fn pt(x: f64, y: f64) -> VillageGeometry {
    VillageGeometry::Point(Point::new(x, y))
}

fn poly(x0: f64, y0: f64, x1: f64, y1: f64) -> VillageGeometry {
    VillageGeometry::Polygon(rect(x0, y0, x1, y1))
}

fn sample() -> Dataset {
    let zones = vec![
        zone("A", rect(113.0, 34.0, 113.01, 34.01)),
        zone("B", rect(113.01, 34.0, 113.02, 34.01)),
        zone("C", rect(114.0, 34.0, 114.01, 34.01)),
        zone("D", rect(115.0, 34.0, 115.01, 34.01)),
    ];
    let villages = vec![
        village(
            "inside",
            Some(10),
            Some(35),
            Some(1500.0),
            PLANNED,
            pt(113.002, 34.002),
        ),
        village("outside", Some(99), Some(300), None, NOT, pt(113.03, 34.03)),
        village("vertex", Some(5), Some(20), None, STARTED, pt(113.0, 34.0)),
        village("edge", Some(3), Some(9), None, NOT, pt(113.005, 34.0)),
        village("done", Some(7), Some(25), None, DONE, pt(113.003, 34.003)),
        // 113.009–113.013: 1/4 in A, 3/4 in B → B.
        village(
            "straddle",
            Some(40),
            Some(150),
            None,
            PLANNED,
            poly(113.009, 34.004, 113.013, 34.006),
        ),
        // Half outside every zone (north of A): 34.008–34.012.
        village(
            "half",
            Some(20),
            Some(70),
            None,
            NOT,
            poly(113.002, 34.008, 113.004, 34.012),
        ),
        // Touches A's west edge from outside: no positive area.
        village(
            "touching",
            Some(8),
            Some(30),
            None,
            NOT,
            poly(112.99, 34.002, 113.0, 34.004),
        ),
        // On the shared edge of A and B: a tie, goes to the lower zone_id (A).
        village(
            "shared-edge",
            Some(2),
            Some(6),
            None,
            NOT,
            pt(113.01, 34.005),
        ),
        // Inside B's interior.
        village(
            "in-b",
            Some(4),
            Some(12),
            Some(600.0),
            NOT,
            pt(113.015, 34.005),
        ),
        // In D, households and homestead unknown.
        village("unknown", None, Some(11), None, NOT, pt(115.005, 34.005)),
    ];
    Dataset::new("test", zones, Vec::new(), Vec::new(), villages)
}

fn layers() -> (Layer, Layer) {
    layers_with(&sample(), &RelocationRules::default())
}

/// The `relocation` and `zone-relocation` layers of a dataset.
fn layers_with(ds: &Dataset, rules: &RelocationRules) -> (Layer, Layer) {
    let rules = zonescope::rules::Rules {
        relocation: rules.clone(),
        ..Default::default()
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2014, 12, 31).unwrap();
    let mut layers = zonescope::analysis::run_all(ds, &rules, as_of).into_iter();
    let mut take = |id: &str| layers.find(|l| l.id == id).expect(id);
    let villages = take("relocation");
    (villages, take("zone-relocation"))
}

fn int(v: Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(i),
        Value::Null => None,
        other => panic!("not an integer: {other:?}"),
    }
}

#[test]
fn which_villages_count_and_where() {
    let (rel, _) = layers();
    let ids: Vec<&str> = rel.features.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "inside",
            "vertex",
            "edge",
            "done",
            "straddle",
            "half",
            "shared-edge",
            "in-b",
            "unknown"
        ]
    );
    let zone_of = |id: &str| prop(&rel, id, "zone_id");
    assert_eq!(zone_of("inside"), Value::Text("A".into()));
    assert_eq!(zone_of("vertex"), Value::Text("A".into()));
    assert_eq!(zone_of("edge"), Value::Text("A".into()));
    assert_eq!(zone_of("straddle"), Value::Text("B".into()));
    assert_eq!(zone_of("shared-edge"), Value::Text("A".into()));
    assert_eq!(zone_of("in-b"), Value::Text("B".into()));
    assert_eq!(prop(&rel, "done", "relocation"), Value::Text("done".into()));
    assert_eq!(
        prop(&rel, "inside", "name"),
        Value::Text("village inside".into())
    );
}

#[test]
fn footprints() {
    let (rel, _) = layers();
    // Homestead area given.
    assert_eq!(prop(&rel, "inside", "footprint_m2"), Value::Real(1500.0));
    assert_eq!(
        prop(&rel, "inside", "footprint_estimated"),
        Value::Bool(false)
    );
    // Estimated: 5 households × 134 m².
    assert_eq!(prop(&rel, "vertex", "footprint_m2"), Value::Real(670.0));
    assert_eq!(
        prop(&rel, "vertex", "footprint_estimated"),
        Value::Bool(true)
    );
    // Unknown.
    assert_eq!(prop(&rel, "unknown", "footprint_m2"), Value::Null);
    // Polygons: the part inside the zone.
    let straddle = band_area_m2(113.01, 113.013, 34.004, 34.006);
    assert_close(
        real(&prop(&rel, "straddle", "footprint_m2")),
        straddle,
        1e-5,
    );
    assert_eq!(
        prop(&rel, "straddle", "footprint_estimated"),
        Value::Bool(false)
    );
    let half = band_area_m2(113.002, 113.004, 34.008, 34.01);
    assert_close(real(&prop(&rel, "half", "footprint_m2")), half, 1e-5);
}

#[test]
fn zone_totals_skip_done_villages() {
    let (rel, zr) = layers();
    // A: inside (10 hh, 35 p, 1500), vertex (5, 20, 670), edge (3, 9, 402), half (20, 70, band),
    // shared-edge (2, 6, 268); `done` (7 hh) is not counted.
    assert_eq!(int(prop(&zr, "A", "village_count")), Some(5));
    assert_eq!(int(prop(&zr, "A", "households")), Some(40));
    assert_eq!(int(prop(&zr, "A", "population")), Some(140));
    let half = real(&prop(&rel, "half", "footprint_m2"));
    let a_m2 = 1500.0 + 670.0 + 402.0 + half + 268.0;
    assert_close(
        real(&prop(&zr, "A", "footprint_ha")),
        a_m2 / 10_000.0,
        1e-12,
    );
    let zone_a = band_area_m2(113.0, 113.01, 34.0, 34.01);
    assert_close(
        real(&prop(&zr, "A", "footprint_share")),
        a_m2 / zone_a,
        1e-5,
    );
    assert_eq!(prop(&zr, "A", "resettlement_units"), Value::Real(40.0));
    // B: straddle (40 hh) and in-b (4 hh, 600 m²).
    assert_eq!(int(prop(&zr, "B", "village_count")), Some(2));
    assert_eq!(int(prop(&zr, "B", "households")), Some(44));
    // C: no villages — zeros, not nulls.
    assert_eq!(int(prop(&zr, "C", "village_count")), Some(0));
    assert_eq!(int(prop(&zr, "C", "households")), Some(0));
    assert_eq!(prop(&zr, "C", "footprint_ha"), Value::Real(0.0));
    assert_eq!(prop(&zr, "C", "footprint_share"), Value::Real(0.0));
    assert_eq!(prop(&zr, "C", "resettlement_units"), Value::Real(0.0));
    // D: one village with unknown households: totals that depend on it are unknown.
    assert_eq!(int(prop(&zr, "D", "village_count")), Some(1));
    assert_eq!(prop(&zr, "D", "households"), Value::Null);
    assert_eq!(int(prop(&zr, "D", "population")), Some(11));
    assert_eq!(prop(&zr, "D", "footprint_ha"), Value::Null);
    assert_eq!(prop(&zr, "D", "resettlement_units"), Value::Null);
}

#[test]
fn configured_rules() {
    let rules = RelocationRules {
        homestead_m2_per_household: 200.0,
        units_per_household: 1.5,
    };
    let (rel, zr) = layers_with(&sample(), &rules);
    assert_eq!(prop(&rel, "vertex", "footprint_m2"), Value::Real(1000.0));
    assert_eq!(prop(&zr, "A", "resettlement_units"), Value::Real(60.0));
    assert_eq!(zr.features.len(), 4, "one row per zone");
    assert_eq!(rel.key, "village_id");
    assert_eq!(zr.key, "zone_id");
}
