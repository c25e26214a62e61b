//! Idle-land rules (Order 53 of 2012, Art. 2, 8, 14) on hand-made parcels; every expected
//! answer is derived by hand in the comments.

use chrono::NaiveDate;
use geo::{polygon, MultiPolygon};
use zonescope::analysis::{self, idle};
use zonescope::dataset::{Dataset, Parcel, Zone};
use zonescope::geodesy;
use zonescope::layer::{Layer, Value};
use zonescope::rules::Rules;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A lon/lat rectangle.
fn rect(lon: f64, lat: f64, dlon: f64, dlat: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: lon, y: lat), (x: lon + dlon, y: lat), (x: lon + dlon, y: lat + dlat), (x: lon, y: lat + dlat)
    ]])
}

fn zone(id: &str, geometry: MultiPolygon<f64>) -> Zone {
    let area_m2 = geodesy::area_m2(&geometry);
    Zone {
        zone_id: id.into(),
        name: None,
        city: None,
        county: None,
        star: None,
        leading_industry: None,
        geometry,
        area_m2,
    }
}

/// An industrial parcel of 9000 m² registered area inside zone Z (lon 113.0–113.1).
fn parcel(id: &str, n: usize) -> Parcel {
    let geometry = rect(113.001 + 0.002 * n as f64, 34.001, 0.001, 0.001);
    let area_m2 = geodesy::area_m2(&geometry);
    Parcel {
        parcel_id: id.into(),
        land_use: Some("0601".into()),
        industry_code: Some("34".into()),
        registered_area_m2: Some(9000.0),
        geometry,
        area_m2,
        ..Default::default()
    }
}

fn not_started(id: &str, n: usize, agreed: NaiveDate) -> Parcel {
    Parcel {
        agreed_start: Some(agreed),
        ..parcel(id, n)
    }
}

/// Started 2012-05-01, halted on `halted`, with developed area and invested / total.
fn stalled(
    id: &str,
    n: usize,
    halted: NaiveDate,
    developed: Option<f64>,
    invested: Option<f64>,
    total: Option<f64>,
) -> Parcel {
    Parcel {
        agreed_start: Some(d(2012, 3, 1)),
        actual_start: Some(d(2012, 5, 1)),
        halted_since: Some(halted),
        developed_area_m2: developed,
        invested_wan_yuan: invested,
        total_investment_wan_yuan: total,
        ..parcel(id, n)
    }
}

fn dataset(parcels: Vec<Parcel>) -> Dataset {
    let zones = vec![zone("Z", rect(113.0, 34.0, 0.1, 0.02))];
    Dataset::new("test", zones, parcels, vec![], vec![])
}

fn idle_layer(ds: &Dataset, as_of: NaiveDate) -> Layer {
    analysis::run_all(ds, &Rules::default(), as_of)
        .into_iter()
        .find(|l| l.id == "idle-land")
        .unwrap()
}

fn get(layer: &Layer, id: &str, name: &str) -> Value {
    let f = layer
        .feature(id)
        .unwrap_or_else(|| panic!("{id} is not in {}", layer.id));
    layer
        .value(f, name)
        .unwrap_or_else(|| panic!("{} has no {name}", layer.id))
        .clone()
}

fn ids(layer: &Layer) -> Vec<&str> {
    layer.features.iter().map(|f| f.id.as_str()).collect()
}

#[test]
fn not_started_around_the_first_and_second_anniversaries() {
    // Agreed start 2013-06-15: first anniversary 2014-06-15, second 2015-06-15.
    let ds = dataset(vec![not_started("P", 0, d(2013, 6, 15))]);
    // The day before the first anniversary: not yet idle.
    assert!(ids(&idle_layer(&ds, d(2014, 6, 14))).is_empty());
    // On the first anniversary (inclusive): 365 days idle (2013-06-15 → 2014-06-15), fee.
    let l = idle_layer(&ds, d(2014, 6, 15));
    assert_eq!(ids(&l), ["P"]);
    assert_eq!(get(&l, "P", "reason"), Value::Text("not_started".into()));
    assert_eq!(get(&l, "P", "idle_since"), Value::Date(d(2013, 6, 15)));
    assert_eq!(get(&l, "P", "idle_days"), Value::Integer(365));
    assert_eq!(get(&l, "P", "severity"), Value::Text("fee".into()));
    assert_eq!(
        get(&l, "P", "first_anniversary"),
        Value::Date(d(2014, 6, 15))
    );
    assert_eq!(
        get(&l, "P", "second_anniversary"),
        Value::Date(d(2015, 6, 15))
    );
    // Not started: the whole site area (registered 9000 m²) is idle.
    assert_eq!(get(&l, "P", "idle_area_m2"), Value::Real(9000.0));
    assert_eq!(get(&l, "P", "excluded"), Value::Bool(false));
    assert_eq!(get(&l, "P", "exclusion_reason"), Value::Null);
    assert_eq!(get(&l, "P", "zone_id"), Value::Text("Z".into()));
    // The day after: 366 days.
    assert_eq!(
        get(&idle_layer(&ds, d(2014, 6, 16)), "P", "idle_days"),
        Value::Integer(366)
    );
    // The day before the second anniversary: 2014-06-15 → 2015-06-14 is 364 days, 729 in all, fee.
    let l = idle_layer(&ds, d(2015, 6, 14));
    assert_eq!(get(&l, "P", "idle_days"), Value::Integer(729));
    assert_eq!(get(&l, "P", "severity"), Value::Text("fee".into()));
    // On the second anniversary: 730 days, reclaim.
    let l = idle_layer(&ds, d(2015, 6, 15));
    assert_eq!(get(&l, "P", "idle_days"), Value::Integer(730));
    assert_eq!(get(&l, "P", "severity"), Value::Text("reclaim".into()));
    // After it: still reclaim; 2015-06-15 → 2016-06-15 spans 29 Feb 2016: 730 + 366 = 1096.
    let l = idle_layer(&ds, d(2016, 6, 15));
    assert_eq!(get(&l, "P", "idle_days"), Value::Integer(1096));
    assert_eq!(get(&l, "P", "severity"), Value::Text("reclaim".into()));
}

#[test]
fn leap_day_anniversary_falls_on_28_february() {
    // Agreed start 2012-02-29: anniversaries 2013-02-28 and 2014-02-28.
    let ds = dataset(vec![not_started("L", 0, d(2012, 2, 29))]);
    assert!(ids(&idle_layer(&ds, d(2013, 2, 27))).is_empty());
    let l = idle_layer(&ds, d(2013, 2, 28));
    assert_eq!(ids(&l), ["L"]);
    assert_eq!(
        get(&l, "L", "first_anniversary"),
        Value::Date(d(2013, 2, 28))
    );
    // 2012-02-29 → 2013-02-28: March 2012 … February 2013 less one day = 366 − 1 = 365.
    assert_eq!(get(&l, "L", "idle_days"), Value::Integer(365));
    assert_eq!(
        get(&l, "L", "second_anniversary"),
        Value::Date(d(2014, 2, 28))
    );
    assert_eq!(
        get(&idle_layer(&ds, d(2014, 2, 27)), "L", "severity"),
        Value::Text("fee".into())
    );
    let l = idle_layer(&ds, d(2014, 2, 28));
    assert_eq!(get(&l, "L", "severity"), Value::Text("reclaim".into()));
    assert_eq!(get(&l, "L", "idle_days"), Value::Integer(730));
}

#[test]
fn not_started_needs_an_agreed_start_and_no_actual_start() {
    let as_of = d(2014, 12, 31);
    let ds = dataset(vec![
        // No agreed start: can never be not_started, even with every other field empty.
        parcel("NO_AGREED", 0),
        // Started (no halt): not idle.
        Parcel {
            agreed_start: Some(d(2010, 1, 1)),
            actual_start: Some(d(2010, 6, 1)),
            ..parcel("STARTED", 1)
        },
        // Not started, agreed 2013-12-31: first anniversary 2014-12-31 = as-of → idle, 365 days.
        not_started("EDGE", 2, d(2013, 12, 31)),
        // Agreed 2014-01-01: first anniversary 2015-01-01 > as-of → not idle.
        not_started("YOUNG", 3, d(2014, 1, 1)),
    ]);
    let l = idle_layer(&ds, as_of);
    assert_eq!(ids(&l), ["EDGE"]);
    assert_eq!(get(&l, "EDGE", "idle_days"), Value::Integer(365));
}

#[test]
fn stalled_by_developed_area() {
    // Site 9000 m², developed 2999 m²: 2999/9000 < 1/3 (= 3000/9000); invested 50/100 = 0.5 fine.
    // Halted 2013-03-01; as-of 2014-12-31 ≥ 2014-03-01. idle_days: 365 (to 2014-03-01) + 305
    // (March–December 2014: 31+30+31+30+31+31+30+31+30+31 = 306, less 1 for the 1st) = 670.
    let ds = dataset(vec![
        stalled(
            "DEV",
            0,
            d(2013, 3, 1),
            Some(2999.0),
            Some(50.0),
            Some(100.0),
        ),
        // Exactly one third developed (3000/9000) and half invested: not idle.
        stalled(
            "THIRD",
            1,
            d(2013, 3, 1),
            Some(3000.0),
            Some(50.0),
            Some(100.0),
        ),
    ]);
    let l = idle_layer(&ds, d(2014, 12, 31));
    assert_eq!(ids(&l), ["DEV"]);
    assert_eq!(get(&l, "DEV", "reason"), Value::Text("stalled".into()));
    assert_eq!(get(&l, "DEV", "idle_since"), Value::Date(d(2013, 3, 1)));
    assert_eq!(get(&l, "DEV", "idle_days"), Value::Integer(670));
    assert_eq!(get(&l, "DEV", "severity"), Value::Text("fee".into()));
    // Idle area = 9000 − 2999 = 6001 m².
    assert_eq!(get(&l, "DEV", "idle_area_m2"), Value::Real(6001.0));
    assert_eq!(
        get(&l, "DEV", "developed_share"),
        Value::Real(2999.0 / 9000.0)
    );
    assert_eq!(get(&l, "DEV", "invested_share"), Value::Real(0.5));
    assert_eq!(
        get(&l, "DEV", "developed_share_min"),
        Value::Real(1.0 / 3.0)
    );
    assert_eq!(get(&l, "DEV", "invested_share_min"), Value::Real(0.25));
    assert_eq!(get(&l, "DEV", "actual_start"), Value::Date(d(2012, 5, 1)));
    assert_eq!(get(&l, "DEV", "halted_since"), Value::Date(d(2013, 3, 1)));
    assert_eq!(get(&l, "DEV", "missing"), Value::List(vec![]));
}

#[test]
fn stalled_by_investment() {
    // Developed 5000/9000 = 0.56 fine; invested 24/100 = 0.24 < 0.25 → stalled.
    // Halted 2012-06-30; as-of 2014-12-31 ≥ second anniversary 2014-06-30 → reclaim.
    // idle_days: 2012-06-30 → 2014-06-30 = 365 + 365 = 730, + 184 (July–December) = 914.
    let ds = dataset(vec![
        stalled(
            "INV",
            0,
            d(2012, 6, 30),
            Some(5000.0),
            Some(24.0),
            Some(100.0),
        ),
        // Exactly a quarter invested: not idle.
        stalled(
            "QUARTER",
            1,
            d(2012, 6, 30),
            Some(5000.0),
            Some(25.0),
            Some(100.0),
        ),
        // Developed more than the site, a tenth invested: stalled, idle area max(0, 9000 − 9500) = 0.
        stalled(
            "OVER",
            2,
            d(2012, 6, 30),
            Some(9500.0),
            Some(10.0),
            Some(100.0),
        ),
    ]);
    let l = idle_layer(&ds, d(2014, 12, 31));
    assert_eq!(ids(&l), ["INV", "OVER"]);
    assert_eq!(get(&l, "INV", "idle_area_m2"), Value::Real(4000.0));
    assert_eq!(get(&l, "INV", "idle_days"), Value::Integer(914));
    assert_eq!(get(&l, "INV", "severity"), Value::Text("reclaim".into()));
    assert_eq!(get(&l, "INV", "invested_share"), Value::Real(0.24));
    assert_eq!(get(&l, "OVER", "idle_area_m2"), Value::Real(0.0));
}

#[test]
fn stalled_needs_a_year_of_halt_and_a_low_ratio() {
    let ds = dataset(vec![
        // Halted 2014-01-01: first anniversary 2015-01-01 is after the as-of date.
        stalled(
            "SHORT",
            0,
            d(2014, 1, 1),
            Some(100.0),
            Some(1.0),
            Some(100.0),
        ),
        // Halted on 2013-12-31: anniversary = as-of, inclusive → idle (365 days).
        stalled(
            "EDGE",
            1,
            d(2013, 12, 31),
            Some(100.0),
            Some(1.0),
            Some(100.0),
        ),
        // Halted long ago but 8000/9000 developed and 90/100 invested: not idle.
        stalled(
            "FINE",
            2,
            d(2010, 1, 1),
            Some(8000.0),
            Some(90.0),
            Some(100.0),
        ),
        // Started, never halted: not idle whatever the ratios.
        Parcel {
            halted_since: None,
            ..stalled(
                "RUNNING",
                3,
                d(2010, 1, 1),
                Some(0.0),
                Some(0.0),
                Some(100.0),
            )
        },
    ]);
    let l = idle_layer(&ds, d(2014, 12, 31));
    assert_eq!(ids(&l), ["EDGE"]);
    assert_eq!(get(&l, "EDGE", "idle_days"), Value::Integer(365));
}

#[test]
fn missing_inputs_are_not_failed() {
    let ds = dataset(vec![
        // Developed area missing, investment low: stalled by investment; developed share listed
        // as missing; idle area unknown (null, never the whole site by assuming 0 developed).
        stalled("NODEV", 0, d(2012, 1, 1), None, Some(10.0), Some(100.0)),
        // Both inputs missing: nothing failed, not a candidate.
        stalled("NONE", 1, d(2012, 1, 1), None, None, None),
        // Total investment missing, developed fine: not a candidate.
        stalled("NOTOTAL", 2, d(2012, 1, 1), Some(8000.0), Some(1.0), None),
        // Developed low, total investment zero (no share): stalled by developed area.
        stalled(
            "ZEROTOTAL",
            3,
            d(2012, 1, 1),
            Some(1000.0),
            Some(0.0),
            Some(0.0),
        ),
    ]);
    let l = idle_layer(&ds, d(2014, 12, 31));
    assert_eq!(ids(&l), ["NODEV", "ZEROTOTAL"]);
    assert_eq!(
        get(&l, "NODEV", "missing"),
        Value::List(vec!["developed_share".into()])
    );
    assert_eq!(get(&l, "NODEV", "developed_share"), Value::Null);
    assert_eq!(get(&l, "NODEV", "idle_area_m2"), Value::Null);
    assert_eq!(
        get(&l, "ZEROTOTAL", "missing"),
        Value::List(vec!["invested_share".into()])
    );
    assert_eq!(get(&l, "ZEROTOTAL", "idle_area_m2"), Value::Real(8000.0));
}

#[test]
fn government_delay_is_listed_but_excluded_from_zone_totals() {
    let as_of = d(2014, 12, 31);
    let ds = dataset(vec![
        // Not started since 2012-01-01, caused by government: excluded.
        Parcel {
            delay_cause: Some("government".into()),
            ..not_started("GOV", 0, d(2012, 1, 1))
        },
        // The same without a government cause: counted, 9000 m².
        not_started("OWN", 1, d(2012, 1, 1)),
        // Stalled: 1000 of 6000 m² developed (1/6 < 1/3): idle 6000 − 1000 = 5000 m².
        Parcel {
            registered_area_m2: Some(6000.0),
            ..stalled(
                "STALL",
                2,
                d(2013, 1, 1),
                Some(1000.0),
                Some(80.0),
                Some(100.0),
            )
        },
        // Another government delay, with a differently written cause (trimmed, any case).
        Parcel {
            delay_cause: Some(" Government ".into()),
            ..stalled("GOV2", 3, d(2013, 1, 1), Some(0.0), None, None)
        },
    ]);
    let layers = analysis::run_all(&ds, &Rules::default(), as_of);
    let l = layers.iter().find(|l| l.id == "idle-land").unwrap();
    assert_eq!(ids(l), ["GOV", "OWN", "STALL", "GOV2"]);
    assert_eq!(get(l, "GOV", "excluded"), Value::Bool(true));
    assert_eq!(
        get(l, "GOV", "exclusion_reason"),
        Value::Text("government".into())
    );
    assert_eq!(get(l, "GOV", "reason"), Value::Text("not_started".into()));
    assert_eq!(get(l, "GOV2", "excluded"), Value::Bool(true));
    assert_eq!(get(l, "OWN", "excluded"), Value::Bool(false));
    // Zone totals: OWN (9000 m²) and STALL (5000 m²) = 2 candidates, 1.4 ha; two excluded.
    let z = layers.iter().find(|l| l.id == "zone-intensity").unwrap();
    assert_eq!(get(z, "Z", "idle_candidate_count"), Value::Integer(2));
    match get(z, "Z", "idle_area_ha") {
        Value::Real(v) => assert!((v - 1.4).abs() < 1e-12, "{v}"),
        v => panic!("{v:?}"),
    }
    assert_eq!(get(z, "Z", "excluded_candidate_count"), Value::Integer(2));
}

#[test]
fn typed_candidates_match_the_layer_and_rules_are_configurable() {
    // Two years before idle, three before reclaim, a 50 % developed threshold.
    let mut rules = Rules::default();
    rules.idle.idle_after_years = 2;
    rules.idle.reclaim_after_years = 3;
    rules.idle.developed_share_min = 0.5;
    let ds = dataset(vec![
        not_started("A", 0, d(2013, 1, 1)), // 2015-01-01 > as-of: not idle
        not_started("B", 1, d(2012, 12, 31)), // 2014-12-31: idle, fee (reclaim 2015-12-31)
        stalled("C", 2, d(2011, 1, 1), Some(4000.0), Some(90.0), Some(100.0)), // 4000/9000 < 0.5, reclaim
    ]);
    let c = idle::idle_candidates(&ds, &rules.idle, d(2014, 12, 31));
    assert_eq!(c.iter().map(|c| c.parcel).collect::<Vec<_>>(), [1, 2]);
    assert_eq!(c[0].severity, idle::IdleSeverity::Fee);
    assert_eq!(c[0].first_anniversary, d(2014, 12, 31));
    assert_eq!(c[0].second_anniversary, d(2015, 12, 31));
    assert_eq!(c[1].reason, idle::IdleReason::Stalled);
    assert_eq!(c[1].severity, idle::IdleSeverity::Reclaim);
    assert_eq!(c[1].idle_area_m2, Some(5000.0));
    let l = analysis::run_all(&ds, &rules, d(2014, 12, 31))
        .into_iter()
        .find(|l| l.id == "idle-land")
        .unwrap();
    assert_eq!(l.key, "parcel_id");
    assert_eq!(ids(&l), ["B", "C"]);
    assert_eq!(get(&l, "C", "developed_share_min"), Value::Real(0.5));
    assert!(l.features.iter().all(|f| f.geometry.is_some()));
}
