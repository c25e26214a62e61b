//! Land-use intensity rules (国土资发〔2008〕24号 and the configured minimums), site area and
//! zone membership on hand-made parcels; every expected answer is derived by hand in the
//! comments.

use geo::{polygon, MultiPolygon};
use std::collections::BTreeMap;
use zonescope::analysis::{self, intensity};
use zonescope::dataset::{Dataset, Parcel, Zone};
use zonescope::geodesy;
use zonescope::layer::{Layer, Value};
use zonescope::rules::Rules;

/// A lon/lat rectangle.
fn rect(lon: f64, lat: f64, dlon: f64, dlat: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: lon, y: lat), (x: lon + dlon, y: lat), (x: lon + dlon, y: lat + dlat), (x: lon, y: lat + dlat)
    ]])
}

/// Area of a lon/lat rectangle on the WGS84 ellipsoid from the authalic-latitude formula
/// (independent of the code under test): Δλ · b² · [F(φ₂) − F(φ₁)] with
/// F(φ) = sin φ / (2 (1 − e² sin² φ)) + ln((1 + e sin φ) / (1 − e sin φ)) / (4e).
/// Polygon edges are geodesics, not parallels; for these sizes that differs by < 1e-6.
fn rect_area_m2(lat0: f64, dlat: f64, dlon: f64) -> f64 {
    let a = 6_378_137.0_f64;
    let f = 1.0 / 298.257_223_563;
    let b = a * (1.0 - f);
    let e = (f * (2.0 - f)).sqrt();
    let big_f = |lat: f64| {
        let s = lat.to_radians().sin();
        s / (2.0 * (1.0 - e * e * s * s)) + ((1.0 + e * s) / (1.0 - e * s)).ln() / (4.0 * e)
    };
    dlon.to_radians() * b * b * (big_f(lat0 + dlat) - big_f(lat0))
}

fn close(v: Value, want: f64, rel: f64) {
    match v {
        Value::Real(x) => assert!(
            (x - want).abs() <= rel * want.abs().max(1e-12),
            "{x} != {want}"
        ),
        v => panic!("{v:?} is not the number {want}"),
    }
}

fn zone(id: &str, county: &str, geometry: MultiPolygon<f64>) -> Zone {
    let area_m2 = geodesy::area_m2(&geometry);
    Zone {
        zone_id: id.into(),
        name: Some(format!("{id} district")),
        city: None,
        county: Some(county.into()),
        star: None,
        leading_industry: None,
        geometry,
        area_m2,
    }
}

/// Zone A (county 巩义市, lon 113.00–113.02) and zone B (county 荥阳市, lon 113.02–113.04),
/// both lat 34.00–34.02.
fn zones() -> Vec<Zone> {
    vec![
        zone("A", "巩义市", rect(113.0, 34.0, 0.02, 0.02)),
        zone("B", "荥阳市", rect(113.02, 34.0, 0.02, 0.02)),
    ]
}

fn with_geometry(p: Parcel, geometry: MultiPolygon<f64>) -> Parcel {
    let area_m2 = geodesy::area_m2(&geometry);
    Parcel {
        geometry,
        area_m2,
        ..p
    }
}

/// An industrial parcel (code 34, FAR minimum 0.7) of 10 000 m² registered (15 mu) that
/// meets every indicator: FAR 2.0, building coefficient 0.4, admin 0.05, green 0.15,
/// investment 3000 (10⁴ yuan)/ha, output 10 and tax 1 (10⁴ yuan)/mu. Placed in zone A
/// (n = 0..15) or zone B (n = 100..).
fn good(id: &str, n: usize) -> Parcel {
    let (lon0, k) = if n >= 100 {
        (113.0205, n - 100)
    } else {
        (113.0005, n)
    };
    let geometry = rect(
        lon0 + 0.0012 * (k % 15) as f64,
        34.0005 + 0.0012 * (k / 15) as f64,
        0.001,
        0.001,
    );
    with_geometry(
        Parcel {
            parcel_id: id.into(),
            land_use: Some("0601".into()),
            industry_code: Some("34".into()),
            registered_area_m2: Some(10_000.0),
            floor_area_m2: Some(20_000.0),
            footprint_m2: Some(4_000.0),
            admin_area_m2: Some(500.0),
            green_area_m2: Some(1_500.0),
            invested_wan_yuan: Some(3_000.0),
            output_wan_yuan: Some(150.0),
            tax_wan_yuan: Some(15.0),
            ..Default::default()
        },
        geometry,
    )
}

fn code(p: Parcel, c: &str) -> Parcel {
    Parcel {
        industry_code: Some(c.into()),
        ..p
    }
}

fn layers(ds: &Dataset, rules: &Rules) -> Vec<Layer> {
    analysis::run_all(
        ds,
        rules,
        chrono::NaiveDate::from_ymd_opt(2014, 12, 31).unwrap(),
    )
}

fn layer<'a>(ls: &'a [Layer], id: &str) -> &'a Layer {
    ls.iter().find(|l| l.id == id).unwrap()
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

fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|s| s.to_string()).collect())
}

/// Rules with illustrative config-only minimums: region class III for 巩义市, IV elsewhere;
/// investment III: code 34 ≥ 3000, any other ≥ 2000; IV: code 34 ≥ 1000. Output ≥ 10, tax ≥ 1
/// (10⁴ yuan per mu).
fn configured_rules() -> Rules {
    let mut r = Rules::default();
    r.intensity.region_class = Some("IV".into());
    r.intensity.region_class_by_county =
        BTreeMap::from([("巩义市".to_string(), "III".to_string())]);
    r.intensity.investment_intensity_min_wan_yuan_per_ha = BTreeMap::from([
        (
            "III".to_string(),
            BTreeMap::from([("34".to_string(), 3000.0), ("*".to_string(), 2000.0)]),
        ),
        (
            "IV".to_string(),
            BTreeMap::from([("34".to_string(), 1000.0)]),
        ),
    ]);
    r.intensity.output_per_mu_min_wan_yuan = Some(10.0);
    r.intensity.tax_per_mu_min_wan_yuan = Some(1.0);
    r
}

#[test]
fn far_minimums_by_industry() {
    // Site 10 000 m² each: FAR = floor / 10 000.
    let ps = vec![
        code(
            Parcel {
                floor_area_m2: Some(5_000.0),
                ..good("F25_EDGE", 0)
            },
            "25",
        ), // 0.5 = min 0.5: passes
        code(
            Parcel {
                floor_area_m2: Some(4_999.0),
                ..good("F25_LOW", 1)
            },
            "25",
        ), // 0.4999 < 0.5
        code(
            Parcel {
                floor_area_m2: Some(6_000.0),
                ..good("F26_EDGE", 2)
            },
            "26",
        ), // 0.6 = 0.6
        code(
            Parcel {
                floor_area_m2: Some(6_999.0),
                ..good("F27_LOW", 3)
            },
            "27",
        ), // 0.6999 < 0.7
        code(
            Parcel {
                floor_area_m2: Some(7_999.0),
                ..good("F17_LOW", 4)
            },
            "17",
        ), // 0.7999 < 0.8
        code(
            Parcel {
                floor_area_m2: Some(9_999.0),
                ..good("F13_LOW", 5)
            },
            "13",
        ), // 0.9999 < 1.0
        code(
            Parcel {
                floor_area_m2: Some(10_000.0),
                ..good("F40_EDGE", 6)
            },
            "40",
        ), // 1.0 = 1.0
        code(
            Parcel {
                floor_area_m2: Some(100.0),
                ..good("F99", 7)
            },
            "99",
        ), // unknown code: no minimum
        Parcel {
            industry_code: None,
            floor_area_m2: Some(100.0),
            ..good("FNONE", 8)
        }, // no code: none
        code(
            Parcel {
                floor_area_m2: Some(5_999.0),
                ..good("F2611", 9)
            },
            "2611",
        ), // class of division 26: 0.6
    ];
    let ds = Dataset::new("t", zones(), ps, vec![], vec![]);
    let ls = layers(&ds, &Rules::default());
    let l = layer(&ls, "parcel-intensity");
    for (id, far, min, ok) in [
        ("F25_EDGE", 0.5, Some(0.5), true),
        ("F25_LOW", 0.4999, Some(0.5), false),
        ("F26_EDGE", 0.6, Some(0.6), true),
        ("F27_LOW", 0.6999, Some(0.7), false),
        ("F17_LOW", 0.7999, Some(0.8), false),
        ("F13_LOW", 0.9999, Some(1.0), false),
        ("F40_EDGE", 1.0, Some(1.0), true),
        ("F99", 0.01, None, true),
        ("FNONE", 0.01, None, true),
        ("F2611", 0.5999, Some(0.6), false),
    ] {
        close(get(l, id, "far"), far, 1e-12);
        assert_eq!(get(l, id, "far_min"), Value::from(min), "{id}");
        assert_eq!(get(l, id, "meets_standard"), Value::Bool(ok), "{id}");
        assert_eq!(
            get(l, id, "shortfalls"),
            if ok { list(&[]) } else { list(&["far"]) },
            "{id}"
        );
    }
}

#[test]
fn each_other_indicator_failing_and_at_its_threshold() {
    let ps = vec![
        good("GOOD", 0),
        Parcel {
            footprint_m2: Some(2_999.0),
            ..good("BC_LOW", 1)
        }, // 0.2999 < 0.30
        Parcel {
            footprint_m2: Some(3_000.0),
            ..good("BC_EDGE", 2)
        }, // 0.30: passes
        Parcel {
            admin_area_m2: Some(701.0),
            ..good("ADMIN_HIGH", 3)
        }, // 0.0701 > 0.07
        Parcel {
            admin_area_m2: Some(700.0),
            ..good("ADMIN_EDGE", 4)
        }, // 0.07: passes
        Parcel {
            green_area_m2: Some(2_001.0),
            ..good("GREEN_HIGH", 5)
        }, // 0.2001 > 0.20
        Parcel {
            green_area_m2: Some(2_000.0),
            ..good("GREEN_EDGE", 6)
        }, // 0.20: passes
        Parcel {
            invested_wan_yuan: Some(2_999.0),
            ..good("INV_LOW", 7)
        }, // 2999/1 ha < 3000 (III, 34)
        code(
            Parcel {
                invested_wan_yuan: Some(2_000.0),
                ..good("INV_STAR", 8)
            },
            "13",
        ), // III "*" 2000: passes
        code(
            Parcel {
                invested_wan_yuan: Some(1_999.0),
                ..good("INV_STAR_LOW", 9)
            },
            "13",
        ), // < 2000
        Parcel {
            invested_wan_yuan: Some(1_000.0),
            ..good("INV_IV", 100)
        }, // zone B → IV, 34: 1000 passes
        code(
            Parcel {
                invested_wan_yuan: Some(1.0),
                ..good("INV_IV_NONE", 101)
            },
            "13",
        ), // IV has no 13
        Parcel {
            output_wan_yuan: Some(149.0),
            ..good("OUT_LOW", 10)
        }, // 149/15 = 9.933 < 10
        Parcel {
            tax_wan_yuan: Some(14.0),
            ..good("TAX_LOW", 11)
        }, // 14/15 = 0.933 < 1
        Parcel {
            floor_area_m2: Some(1_000.0),
            footprint_m2: Some(1_000.0),
            admin_area_m2: Some(5_000.0),
            green_area_m2: Some(5_000.0),
            invested_wan_yuan: Some(1.0),
            output_wan_yuan: Some(1.0),
            tax_wan_yuan: Some(0.1),
            ..good("ALL_BAD", 12)
        },
    ];
    let ds = Dataset::new("t", zones(), ps, vec![], vec![]);
    let ls = layers(&ds, &configured_rules());
    let l = layer(&ls, "parcel-intensity");
    for (id, shortfalls) in [
        ("GOOD", &[][..]),
        ("BC_LOW", &["building_coefficient"][..]),
        ("BC_EDGE", &[][..]),
        ("ADMIN_HIGH", &["admin_share"][..]),
        ("ADMIN_EDGE", &[][..]),
        ("GREEN_HIGH", &["green_share"][..]),
        ("GREEN_EDGE", &[][..]),
        ("INV_LOW", &["investment_intensity"][..]),
        ("INV_STAR", &[][..]),
        ("INV_STAR_LOW", &["investment_intensity"][..]),
        ("INV_IV", &[][..]),
        ("INV_IV_NONE", &[][..]),
        ("OUT_LOW", &["output_per_mu"][..]),
        ("TAX_LOW", &["tax_per_mu"][..]),
        (
            "ALL_BAD",
            &[
                "far",
                "building_coefficient",
                "admin_share",
                "green_share",
                "investment_intensity",
                "output_per_mu",
                "tax_per_mu",
            ][..],
        ),
    ] {
        assert_eq!(get(l, id, "shortfalls"), list(shortfalls), "{id}");
        assert_eq!(
            get(l, id, "meets_standard"),
            Value::Bool(shortfalls.is_empty()),
            "{id}"
        );
        assert_eq!(get(l, id, "missing"), list(&[]), "{id}");
    }
    // The values and thresholds that explain each finding.
    close(get(l, "GOOD", "far"), 2.0, 1e-12);
    close(get(l, "GOOD", "site_area_mu"), 15.0, 1e-12);
    close(get(l, "BC_LOW", "building_coefficient"), 0.2999, 1e-12);
    close(get(l, "BC_LOW", "building_coefficient_min"), 0.30, 0.0);
    close(get(l, "ADMIN_HIGH", "admin_share"), 0.0701, 1e-12);
    close(get(l, "ADMIN_HIGH", "admin_share_max"), 0.07, 0.0);
    close(get(l, "GREEN_HIGH", "green_share"), 0.2001, 1e-12);
    close(get(l, "GREEN_HIGH", "green_share_max"), 0.20, 0.0);
    close(
        get(l, "INV_LOW", "investment_intensity_wan_yuan_per_ha"),
        2999.0,
        1e-12,
    );
    close(
        get(l, "INV_LOW", "investment_intensity_min_wan_yuan_per_ha"),
        3000.0,
        0.0,
    );
    assert_eq!(get(l, "INV_LOW", "region_class"), Value::Text("III".into()));
    close(
        get(l, "INV_STAR", "investment_intensity_min_wan_yuan_per_ha"),
        2000.0,
        0.0,
    );
    assert_eq!(get(l, "INV_IV", "region_class"), Value::Text("IV".into()));
    close(
        get(l, "INV_IV", "investment_intensity_min_wan_yuan_per_ha"),
        1000.0,
        0.0,
    );
    assert_eq!(
        get(l, "INV_IV_NONE", "investment_intensity_min_wan_yuan_per_ha"),
        Value::Null
    );
    close(
        get(l, "OUT_LOW", "output_per_mu_wan_yuan"),
        149.0 / 15.0,
        1e-12,
    );
    close(get(l, "OUT_LOW", "output_per_mu_min_wan_yuan"), 10.0, 0.0);
    close(get(l, "TAX_LOW", "tax_per_mu_wan_yuan"), 14.0 / 15.0, 1e-12);
    close(get(l, "TAX_LOW", "tax_per_mu_min_wan_yuan"), 1.0, 0.0);

    // With the national defaults only, investment, output and tax are reported, not checked.
    let ls = layers(&ds, &Rules::default());
    let l = layer(&ls, "parcel-intensity");
    for id in ["INV_LOW", "OUT_LOW", "TAX_LOW"] {
        assert_eq!(get(l, id, "shortfalls"), list(&[]), "{id}");
    }
    assert_eq!(
        get(l, "INV_LOW", "investment_intensity_min_wan_yuan_per_ha"),
        Value::Null
    );
    assert_eq!(get(l, "OUT_LOW", "output_per_mu_min_wan_yuan"), Value::Null);
    assert_eq!(
        get(l, "ALL_BAD", "shortfalls"),
        list(&["far", "building_coefficient", "admin_share", "green_share"])
    );
}

#[test]
fn non_industrial_parcels_are_reported_not_checked() {
    let ps = vec![
        // Commercial land (0501) with an FAR of 0.01: values reported, nothing checked.
        Parcel {
            land_use: Some("0501".into()),
            floor_area_m2: Some(100.0),
            ..good("SHOP", 0)
        },
        // No land use at all: not industrial.
        Parcel {
            land_use: None,
            ..good("NOUSE", 1)
        },
        // The 2020 classification's industrial codes are industrial.
        Parcel {
            land_use: Some("100102".into()),
            floor_area_m2: Some(100.0),
            ..good("NEWCODE", 2)
        },
        Parcel {
            land_use: Some("1001".into()),
            ..good("NEWCODE2", 3)
        },
    ];
    let ds = Dataset::new("t", zones(), ps, vec![], vec![]);
    let ls = layers(&ds, &configured_rules());
    let l = layer(&ls, "parcel-intensity");
    for id in ["SHOP", "NOUSE"] {
        assert_eq!(get(l, id, "meets_standard"), Value::Null, "{id}");
        assert_eq!(get(l, id, "industrial"), Value::Bool(false));
        assert_eq!(get(l, id, "shortfalls"), list(&[]));
        assert_eq!(get(l, id, "far_min"), Value::Null);
        assert_eq!(get(l, id, "building_coefficient_min"), Value::Null);
        assert_eq!(
            get(l, id, "investment_intensity_min_wan_yuan_per_ha"),
            Value::Null
        );
    }
    close(get(l, "SHOP", "far"), 0.01, 1e-12);
    assert_eq!(get(l, "NEWCODE", "industrial"), Value::Bool(true));
    assert_eq!(get(l, "NEWCODE", "shortfalls"), list(&["far"]));
    assert_eq!(get(l, "NEWCODE2", "meets_standard"), Value::Bool(true));
    // Zone A's ratios cover only its industrial parcels: far = (100 + 20 000) / 20 000.
    let z = layer(&ls, "zone-intensity");
    close(get(z, "A", "far"), 20_100.0 / 20_000.0, 1e-12);
    assert_eq!(get(z, "A", "parcel_count"), Value::Integer(4));
    assert_eq!(get(z, "A", "industrial_parcel_count"), Value::Integer(2));
}

#[test]
fn missing_inputs_are_listed_not_failed() {
    let ps = vec![
        // Floor area missing: far null, listed in missing, not failed; the rest passes.
        Parcel {
            floor_area_m2: None,
            ..good("NOFLOOR", 0)
        },
        // Every indicator input missing: all seven listed, none failed.
        Parcel {
            floor_area_m2: None,
            footprint_m2: None,
            admin_area_m2: None,
            green_area_m2: None,
            invested_wan_yuan: None,
            output_wan_yuan: None,
            tax_wan_yuan: None,
            ..good("NOTHING", 1)
        },
        // Green area missing but footprint failing: one shortfall, one missing.
        Parcel {
            green_area_m2: None,
            footprint_m2: Some(100.0),
            ..good("MIXED", 2)
        },
    ];
    let ds = Dataset::new("t", zones(), ps, vec![], vec![]);
    let ls = layers(&ds, &configured_rules());
    let l = layer(&ls, "parcel-intensity");
    assert_eq!(get(l, "NOFLOOR", "far"), Value::Null);
    assert_eq!(get(l, "NOFLOOR", "missing"), list(&["far"]));
    assert_eq!(get(l, "NOFLOOR", "shortfalls"), list(&[]));
    assert_eq!(get(l, "NOFLOOR", "meets_standard"), Value::Bool(true));
    assert_eq!(get(l, "NOTHING", "missing"), list(&intensity::INDICATORS));
    assert_eq!(get(l, "NOTHING", "shortfalls"), list(&[]));
    assert_eq!(
        get(l, "NOTHING", "investment_intensity_wan_yuan_per_ha"),
        Value::Null
    );
    assert_eq!(get(l, "MIXED", "missing"), list(&["green_share"]));
    assert_eq!(
        get(l, "MIXED", "shortfalls"),
        list(&["building_coefficient"])
    );
    assert_eq!(get(l, "MIXED", "meets_standard"), Value::Bool(false));
    // Zone A: far over the parcels with floor area: only MIXED, 20 000 / 10 000 = 2; green over
    // NOFLOOR only: 1500 / 10 000; investment over NOFLOOR and MIXED: 6000 / 2 ha = 3000.
    let z = layer(&ls, "zone-intensity");
    close(get(z, "A", "far"), 2.0, 1e-12);
    close(get(z, "A", "green_share"), 0.15, 1e-12);
    close(
        get(z, "A", "investment_intensity_wan_yuan_per_ha"),
        3000.0,
        1e-12,
    );
    close(get(z, "A", "parcel_area_ha"), 3.0, 1e-12);
    // Zone B has no parcels: counts 0, ratios null (no value, not zero).
    assert_eq!(get(z, "B", "parcel_count"), Value::Integer(0));
    close(get(z, "B", "parcel_area_ha"), 0.0, 0.0);
    assert_eq!(get(z, "B", "far"), Value::Null);
    assert_eq!(get(z, "B", "output_per_mu_wan_yuan"), Value::Null);
}

#[test]
fn registered_versus_geodesic_site_area() {
    // A 0.001° × 0.001° parcel at 34.0005°N: geodesic area from the authalic formula.
    let geodesic = rect_area_m2(34.0005, 0.001, 0.001);
    assert!((geodesic - 10_260.0).abs() < 30.0, "{geodesic}");
    let base = |id: &str, n, reg| Parcel {
        registered_area_m2: reg,
        floor_area_m2: Some(10_000.0),
        ..good(id, n)
    };
    let ps = vec![
        base("REG", 0, Some(8_000.0)),  // registered wins: site 8000, FAR 1.25
        base("NOREG", 15, None),        // row 2 (lat 34.0017) → geodesic area
        base("ZEROREG", 30, Some(0.0)), // zero is not positive → geodesic
        base("NEGREG", 45, Some(-5.0)), // negative → geodesic
    ];
    let ds = Dataset::new("t", zones(), ps, vec![], vec![]);
    let ls = layers(&ds, &Rules::default());
    let l = layer(&ls, "parcel-intensity");
    close(get(l, "REG", "area_m2"), geodesic, 1e-5);
    close(get(l, "REG", "site_area_m2"), 8_000.0, 0.0);
    close(get(l, "REG", "site_area_mu"), 12.0, 1e-12); // 8000 / (10000/15)
    close(get(l, "REG", "far"), 1.25, 1e-12);
    for (id, lat) in [
        ("NOREG", 34.0017),
        ("ZEROREG", 34.0029),
        ("NEGREG", 34.0041),
    ] {
        let g = rect_area_m2(lat, 0.001, 0.001);
        close(get(l, id, "area_m2"), g, 1e-5);
        close(get(l, id, "site_area_m2"), g, 1e-5);
        close(get(l, id, "site_area_mu"), g * 15.0 / 10_000.0, 1e-5);
        close(get(l, id, "far"), 10_000.0 / g, 1e-5);
        close(
            get(l, id, "investment_intensity_wan_yuan_per_ha"),
            3_000.0 / (g / 10_000.0),
            1e-5,
        );
    }
}

#[test]
fn zone_membership_and_zone_totals() {
    let p = |id: &str, zone_id: Option<&str>, g: MultiPolygon<f64>, reg: f64, floor: f64| {
        with_geometry(
            Parcel {
                zone_id: zone_id.map(String::from),
                registered_area_m2: Some(reg),
                floor_area_m2: Some(floor),
                ..good(id, 0)
            },
            g,
        )
    };
    let ps = vec![
        // 0.0015° in A (113.0185–113.02) and 0.002° in B: B by largest overlap.
        p(
            "STRADDLE_B",
            None,
            rect(113.0185, 34.010, 0.0035, 0.001),
            20_000.0,
            10_000.0,
        ),
        // 0.003° in A, 0.0005° in B: A.
        p(
            "STRADDLE_A",
            Some(""),
            rect(113.017, 34.012, 0.0035, 0.001),
            10_000.0,
            10_000.0,
        ),
        // Given zone_id A wins over a geometry lying in B.
        p(
            "GIVEN",
            Some("A"),
            rect(113.03, 34.005, 0.001, 0.001),
            30_000.0,
            50_000.0,
        ),
        // Outside every zone: no zone, counted nowhere.
        p(
            "OUTSIDE",
            None,
            rect(113.2, 34.2, 0.001, 0.001),
            40_000.0,
            1.0,
        ),
    ];
    let ds = Dataset::new("t", zones(), ps, vec![], vec![]);
    let ls = layers(&ds, &Rules::default());
    let l = layer(&ls, "parcel-intensity");
    assert_eq!(get(l, "STRADDLE_B", "zone_id"), Value::Text("B".into()));
    assert_eq!(get(l, "STRADDLE_A", "zone_id"), Value::Text("A".into()));
    assert_eq!(get(l, "GIVEN", "zone_id"), Value::Text("A".into()));
    assert_eq!(get(l, "OUTSIDE", "zone_id"), Value::Null);
    // The outside parcel is still assessed: FAR 1/40 000 < 0.7, building coefficient
    // 4000/40 000 = 0.1 < 0.30.
    assert_eq!(
        get(l, "OUTSIDE", "shortfalls"),
        list(&["far", "building_coefficient"])
    );

    let z = layer(&ls, "zone-intensity");
    assert_eq!(z.key, "zone_id");
    assert_eq!(
        z.features.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(),
        ["A", "B"]
    );
    // Zone areas: 0.02° × 0.02° at 34.00–34.02°N, in ha.
    let zone_ha = rect_area_m2(34.0, 0.02, 0.02) / 10_000.0;
    close(get(z, "A", "zone_area_ha"), zone_ha, 1e-5);
    close(get(z, "B", "zone_area_ha"), zone_ha, 1e-5);
    // A: STRADDLE_A (1 ha) and GIVEN (3 ha): 2 parcels, 4 ha, FAR 60 000 / 40 000 = 1.5;
    // investment 2 × 3000 / 4 ha = 1500; output 2 × 150 / 60 mu = 5; tax 30 / 60 = 0.5;
    // building coefficient 8000 / 40 000 = 0.2.
    assert_eq!(get(z, "A", "parcel_count"), Value::Integer(2));
    close(get(z, "A", "parcel_area_ha"), 4.0, 1e-12);
    close(get(z, "A", "far"), 1.5, 1e-12);
    close(get(z, "A", "building_coefficient"), 0.2, 1e-12);
    close(
        get(z, "A", "investment_intensity_wan_yuan_per_ha"),
        1500.0,
        1e-12,
    );
    close(get(z, "A", "output_per_mu_wan_yuan"), 5.0, 1e-12);
    close(get(z, "A", "tax_per_mu_wan_yuan"), 0.5, 1e-12);
    // B: STRADDLE_B alone, its whole site (2 ha) counted: FAR 0.5.
    assert_eq!(get(z, "B", "parcel_count"), Value::Integer(1));
    close(get(z, "B", "parcel_area_ha"), 2.0, 1e-12);
    close(get(z, "B", "far"), 0.5, 1e-12);
    assert_eq!(get(z, "B", "idle_candidate_count"), Value::Integer(0));
    close(get(z, "B", "idle_area_ha"), 0.0, 0.0);
}

#[test]
fn typed_results_and_layer_agree() {
    let ds = Dataset::new(
        "t",
        zones(),
        vec![
            good("G", 0),
            Parcel {
                tax_wan_yuan: None,
                ..good("H", 100)
            },
        ],
        vec![],
        vec![],
    );
    let rules = configured_rules();
    let ps = intensity::parcels_intensity(&ds, &rules.intensity);
    assert_eq!(ps[0].value("far"), Some(2.0));
    assert_eq!(ps[0].threshold("far"), Some(0.7));
    assert_eq!(ps[0].region_class.as_deref(), Some("III"));
    assert_eq!(ps[1].missing, ["tax_per_mu"]);
    let zs = intensity::zones_intensity(&ds, &ps, &[]);
    assert_eq!(zs[1].value_counts, [1, 1, 1, 1, 1, 1, 0]);
    let l = layers(&ds, &rules)
        .into_iter()
        .find(|l| l.id == "parcel-intensity")
        .unwrap();
    assert_eq!((l.id.as_str(), l.key), ("parcel-intensity", "parcel_id"));
    assert_eq!(l.features.len(), 2);
    assert!(l
        .features
        .iter()
        .all(|f| f.geometry.is_some() && f.properties.len() == l.schema.len()));
    let order: Vec<String> = layers(&ds, &rules).iter().map(|l| l.id.clone()).collect();
    assert_eq!(
        order[..3],
        ["parcel-intensity", "zone-intensity", "idle-land"]
    );
}

#[test]
fn henan_example_config_parses_and_keeps_national_defaults() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/zonescope.henan-example.toml");
    let cfg = zonescope::config::Config::from_file(&path).unwrap();
    let r = &cfg.rules.intensity;
    assert_eq!(r.region_class.as_deref(), Some("7"));
    assert_eq!(
        r.region_class_by_county.get("巩义市").map(String::as_str),
        Some("6")
    );
    assert_eq!(
        r.investment_intensity_min_wan_yuan_per_ha["6"]["34"],
        1400.0
    );
    assert_eq!(r.output_per_mu_min_wan_yuan, Some(200.0));
    // National defaults untouched.
    assert_eq!(r.far_min, Rules::default().intensity.far_min);
    assert_eq!(cfg.rules.idle, Rules::default().idle);
}

#[test]
fn far_minimum_overrides_are_merged_over_the_national_table() {
    let cfg = zonescope::config::Config::from_toml(
        "[rules.intensity.far_min]\n\"39\" = 1.2\n\"*\" = 0.4\n",
    )
    .unwrap();
    let far = &cfg.rules.intensity.far_min;
    assert_eq!(far["39"], 1.2); // replaced (national 0.7)
    assert_eq!(far["25"], 0.5); // kept
    assert_eq!(far.len(), Rules::default().intensity.far_min.len() + 1);
    assert_eq!(intensity::by_industry(far, Some("99")), Some(0.4)); // "*" for an unknown code
    assert_eq!(intensity::by_industry(far, None), None); // never for a missing code
}
