//! `zone-evaluation` (TD/T 1029 indicators, ranks, score) and `holder-benefit` (亩均效益,
//! classes A–D) on hand-made parcels; every expected answer is derived by hand in the comments.

use chrono::NaiveDate;
use geo::{polygon, MultiPolygon};
use zonescope::analysis::{benefit, evaluation, idle};
use zonescope::config::Config;
use zonescope::dataset::{Dataset, Parcel, Zone};
use zonescope::rules::Rules;
use zonescope::view::{ValueRef, View};

fn rect(lon: f64, lat: f64, d: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: lon, y: lat), (x: lon + d, y: lat), (x: lon + d, y: lat + d), (x: lon, y: lat + d)
    ]])
}

/// A zone with a round area (set by hand: the ratios use `area_m2`, not the geometry).
fn zone(id: &str, k: usize, area_m2: f64) -> Zone {
    Zone {
        zone_id: id.into(),
        name: None,
        city: None,
        county: None,
        star: None,
        leading_industry: None,
        geometry: rect(113.0 + 0.1 * k as f64, 34.0, 0.05),
        area_m2,
    }
}

/// A parcel of `zone` with a registered (site) area; geometry a small square in the zone.
fn parcel(id: &str, zone: &str, land_use: &str, site_m2: f64) -> Parcel {
    Parcel {
        parcel_id: id.into(),
        zone_id: Some(zone.into()),
        land_use: Some(land_use.into()),
        registered_area_m2: Some(site_m2),
        geometry: rect(113.001, 34.001, 0.001),
        area_m2: 12_345.0,
        ..Default::default()
    }
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

const AS_OF: &str = "2014-12-31";

fn eval_view(ds: &Dataset, rules: &Rules) -> impl View {
    let cands = idle::idle_candidates(ds, &rules.idle, date(AS_OF));
    evaluation::view_of(ds, evaluation::zone_evaluation(ds, rules, &cands))
}

fn row(v: &dyn View, id: &str) -> usize {
    (0..v.len()).find(|&i| v.id(i) == id).unwrap()
}

fn num(v: &dyn View, id: &str, name: &str) -> Option<f64> {
    match v.value_of(row(v, id), name).unwrap() {
        ValueRef::Null => None,
        x => Some(
            x.as_f64()
                .unwrap_or_else(|| panic!("{name} of {id}: {x:?}")),
        ),
    }
}

fn assert_num(v: &dyn View, id: &str, name: &str, want: Option<f64>) {
    let got = num(v, id, name);
    match (got, want) {
        (Some(g), Some(w)) => assert!(
            (g - w).abs() <= 1e-9 * w.abs().max(1.0),
            "{id} {name}: {g} != {w}"
        ),
        _ => assert_eq!(got, want, "{id} {name}"),
    }
}

/// Z1 (area 100 000 m²):
/// - p1 industrial 10 000 m², granted, started, floor 12 000, footprint 4 000, invested 3 000,
///   output 2 000, tax 100;
/// - p2 industrial 20 000 m², granted, not started (agreed 2012-01-01: idle, 20 000 m²),
///   floor 0, output 1 000, no tax, no footprint, no investment;
/// - p3 commercial 10 000 m², not granted, started, floor 30 000;
/// - p4 commercial 10 000 m², granted, not started, government delay (excluded), no floor.
///
/// Z2 (area 50 000): no parcels. Z3 (area 50 000): one commercial parcel, floor 0.
/// Z4, Z5, Z6: one industrial parcel of 10 000 m² (1 ha) each with tax 200, 100, 50.
fn dataset() -> Dataset {
    let zones = vec![
        zone("Z1", 0, 100_000.0),
        zone("Z2", 1, 50_000.0),
        zone("Z3", 2, 50_000.0),
        zone("Z4", 3, 50_000.0),
        zone("Z5", 4, 50_000.0),
        zone("Z6", 5, 50_000.0),
    ];
    let mut p1 = parcel("p1", "Z1", "0601", 10_000.0);
    p1.granted_on = Some(date("2010-01-01"));
    p1.agreed_start = Some(date("2010-06-01"));
    p1.actual_start = Some(date("2011-01-01"));
    p1.floor_area_m2 = Some(12_000.0);
    p1.footprint_m2 = Some(4_000.0);
    p1.invested_wan_yuan = Some(3_000.0);
    p1.output_wan_yuan = Some(2_000.0);
    p1.tax_wan_yuan = Some(100.0);
    let mut p2 = parcel("p2", "Z1", "0601", 20_000.0);
    p2.granted_on = Some(date("2011-06-01"));
    p2.agreed_start = Some(date("2012-01-01"));
    p2.floor_area_m2 = Some(0.0);
    p2.output_wan_yuan = Some(1_000.0);
    let mut p3 = parcel("p3", "Z1", "0701", 10_000.0);
    p3.actual_start = Some(date("2012-01-01"));
    p3.floor_area_m2 = Some(30_000.0);
    let mut p4 = parcel("p4", "Z1", "0701", 10_000.0);
    p4.granted_on = Some(date("2011-06-01"));
    p4.agreed_start = Some(date("2012-01-01"));
    p4.delay_cause = Some("government".into());
    let mut p5 = parcel("p5", "Z3", "0701", 5_000.0);
    p5.floor_area_m2 = Some(0.0);
    let mut parcels = vec![p1, p2, p3, p4, p5];
    for (z, tax) in [("Z4", 200.0), ("Z5", 100.0), ("Z6", 50.0)] {
        let mut p = parcel(&format!("{z}-p"), z, "0601", 10_000.0);
        p.tax_wan_yuan = Some(tax);
        parcels.push(p);
    }
    Dataset::new("test", zones, parcels, vec![], vec![])
}

#[test]
fn every_indicator_of_a_zone() {
    let ds = dataset();
    let v = eval_view(&ds, &Rules::default());
    let v = &v as &dyn View;
    assert_eq!(v.meta().id, "zone-evaluation");
    assert_eq!(v.len(), 6);
    assert_num(v, "Z1", "parcel_count", Some(4.0));
    // (10 000 + 20 000 + 10 000) granted / 100 000 zone area.
    assert_num(v, "Z1", "supplied_share", Some(0.4));
    // started (p1 10 000 + p3 10 000) / granted 40 000.
    assert_num(v, "Z1", "built_share", Some(0.5));
    // industrial 30 000 / all 50 000.
    assert_num(v, "Z1", "industrial_share", Some(0.6));
    // floors 12 000 + 0 + 30 000 over the parcels with a floor area (p1, p2, p3: 40 000).
    assert_num(v, "Z1", "composite_far", Some(1.05));
    // industrial floors 12 000 + 0 over 30 000.
    assert_num(v, "Z1", "industrial_far", Some(0.4));
    // footprint 4 000 over p1 only (p2 has none).
    assert_num(v, "Z1", "industrial_building_coefficient", Some(0.4));
    // 3 000 over p1's 1 ha.
    assert_num(
        v,
        "Z1",
        "industrial_investment_intensity_wan_yuan_per_ha",
        Some(3000.0),
    );
    // (2 000 + 1 000) over 3 ha.
    assert_num(v, "Z1", "industrial_output_per_ha_wan_yuan", Some(1000.0));
    // 100 over p1's 1 ha (p2 has no tax).
    assert_num(v, "Z1", "industrial_tax_per_ha_wan_yuan", Some(100.0));
    // p2's 20 000 idle (p4 excluded) over 50 000.
    assert_num(v, "Z1", "idle_share", Some(0.4));
}

#[test]
fn ratios_over_nothing_are_null_and_zero_far_is_a_value() {
    let ds = dataset();
    let v = eval_view(&ds, &Rules::default());
    let v = &v as &dyn View;
    // Z2 has no parcel: the supplied share is 0 of its area; every other ratio is over nothing.
    assert_num(v, "Z2", "parcel_count", Some(0.0));
    assert_num(v, "Z2", "supplied_share", Some(0.0));
    for name in [
        "built_share",
        "industrial_share",
        "composite_far",
        "industrial_far",
        "industrial_building_coefficient",
        "industrial_investment_intensity_wan_yuan_per_ha",
        "industrial_output_per_ha_wan_yuan",
        "industrial_tax_per_ha_wan_yuan",
        "idle_share",
        "rank_industrial_tax_per_ha",
        "score",
        "score_rank",
    ] {
        assert_num(v, "Z2", name, None);
    }
    // Z3: one parcel with floor area 0: composite FAR 0 (a value), no industrial parcel.
    assert_num(v, "Z3", "composite_far", Some(0.0));
    assert_num(v, "Z3", "industrial_far", None);
    assert_num(v, "Z3", "industrial_share", Some(0.0));
    assert_num(v, "Z3", "built_share", None);
    assert_num(v, "Z3", "idle_share", Some(0.0));
}

#[test]
fn tax_ranks_share_the_best_rank() {
    let ds = dataset();
    let v = eval_view(&ds, &Rules::default());
    let v = &v as &dyn View;
    // Tax per ha: Z4 200, Z1 100, Z5 100, Z6 50 → 1, 2, 2, 4; Z2 and Z3 have none.
    for (z, r) in [("Z4", 1.0), ("Z1", 2.0), ("Z5", 2.0), ("Z6", 4.0)] {
        assert_num(v, z, "rank_industrial_tax_per_ha", Some(r));
    }
    assert_num(v, "Z3", "rank_industrial_tax_per_ha", None);
    // No weights in the config: no score.
    assert_num(v, "Z1", "score", None);
    assert_eq!(
        evaluation::competition_ranks(&[Some(3.0), None, Some(5.0), Some(3.0), Some(1.0)]),
        vec![Some(2), None, Some(1), Some(2), Some(4)]
    );
}

#[test]
fn score_from_weights_and_ideals() {
    let cfg = Config::from_toml(
        "[evaluation]\nweights = { industrial_tax_per_ha_wan_yuan = 1, idle_share = 1 }\n\
         ideals = { industrial_tax_per_ha_wan_yuan = 200, idle_share = 0.0 }\n",
    )
    .unwrap();
    let ds = dataset();
    let v = eval_view(&ds, &cfg.rules);
    let v = &v as &dyn View;
    // Z1: tax 100/200 = 0.5; idle (1 − 0.4)/(1 − 0) = 0.6 → 100 × 1.1 / 2 = 55.
    // Z4: 1 and 1 → 100. Z5: 0.5 and 1 → 75. Z6: 0.25 and 1 → 62.5.
    // Z3: no tax (0) and idle 0 (1) → 50. Z2: both missing → 0.
    for (z, s, r) in [
        ("Z1", 55.0, 4.0),
        ("Z4", 100.0, 1.0),
        ("Z5", 75.0, 2.0),
        ("Z6", 62.5, 3.0),
        ("Z3", 50.0, 5.0),
        ("Z2", 0.0, 6.0),
    ] {
        assert_num(v, z, "score", Some(s));
        assert_num(v, z, "score_rank", Some(r));
    }
}

#[test]
fn config_is_validated() {
    for bad in [
        "[benefit]\nclass_shares = [0.7, 0.25, 0.95]\n",
        "[benefit]\nclass_shares = [0.25, 0.70, 1.5]\n",
        "[benefit]\nclass_shares = [0.0, 0.70, 0.95]\n",
        "[rules.benefit]\nclass_shares = [0.25, 0.25, 0.95]\n",
        "[evaluation]\nweights = { far = 1 }\nideals = { far = 1 }\n",
        "[evaluation]\nweights = { composite_far = 1 }\n",
        "[evaluation]\nweights = { composite_far = -1 }\nideals = { composite_far = 1 }\n",
        "[evaluation]\nweights = { idle_share = 1 }\nideals = { idle_share = 1 }\n",
        "[evaluation]\nweights = { composite_far = 1 }\nideals = { composite_far = 0 }\n",
    ] {
        assert!(Config::from_toml(bad).is_err(), "accepted: {bad}");
    }
    let ok = Config::from_toml("[rules.benefit]\nclass_shares = [0.2, 0.5, 1.0]\n").unwrap();
    assert_eq!(ok.rules.benefit.class_shares, [0.2, 0.5, 1.0]);
    let example = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data/zonescope.evaluation-example.toml"),
    )
    .unwrap();
    let cfg = Config::from_toml(&example).unwrap();
    assert!(cfg.rules.evaluation.scored());
}

// ---- holder-benefit ----

/// An industrial parcel of 15 mu (10 000 m²) of `holder` in zone `z` paying `t` per mu.
fn holder_parcel(id: &str, holder: &str, z: &str, t: Option<f64>) -> Parcel {
    let mut p = parcel(id, z, "0601", 10_000.0);
    p.holder = Some(holder.into());
    p.tax_wan_yuan = t.map(|t| t * 15.0);
    p.output_wan_yuan = t.map(|t| t * 150.0);
    p
}

fn benefit_of(parcels: Vec<Parcel>, rules: &Rules) -> Vec<benefit::HolderBenefit> {
    let zones = vec![zone("Z1", 0, 1e6), zone("Z2", 1, 1e6)];
    let ds = Dataset::new("test", zones, parcels, vec![], vec![]);
    benefit::holder_benefit(&ds, &rules.intensity, &rules.benefit)
}

fn classes(hs: &[benefit::HolderBenefit]) -> Vec<(String, Option<usize>, Option<&'static str>)> {
    let mut v: Vec<_> = hs
        .iter()
        .map(|h| (h.holder.clone(), h.tax_rank, h.class.map(|c| c.as_str())))
        .collect();
    v.sort_by_key(|x| (x.1.unwrap_or(usize::MAX), x.0.clone()));
    v
}

/// n holders paying n, n−1, …, 1 per mu: ranks 1..n.
fn ladder(n: usize) -> Vec<Option<&'static str>> {
    let parcels = (0..n)
        .map(|k| {
            holder_parcel(
                &format!("p{k}"),
                &format!("H{k:02}"),
                "Z1",
                Some((n - k) as f64),
            )
        })
        .collect();
    classes(&benefit_of(parcels, &Rules::default()))
        .into_iter()
        .map(|c| c.2)
        .collect()
}

fn expect(a: usize, b: usize, c: usize, d: usize) -> Vec<Option<&'static str>> {
    [("A", a), ("B", b), ("C", c), ("D", d)]
        .iter()
        .flat_map(|(k, n)| std::iter::repeat_n(Some(*k), *n))
        .collect()
}

#[test]
fn class_boundaries_are_ceilings_of_the_shares() {
    // n = 20: ⌈5⌉ = 5, ⌈14⌉ = 14, ⌈19⌉ = 19 → A 1–5, B 6–14, C 15–19, D 20.
    assert_eq!(ladder(20), expect(5, 9, 5, 1));
    // n = 10: ⌈2.5⌉ = 3, ⌈7⌉ = 7 (0.7 × 10 is exactly 7), ⌈9.5⌉ = 10 → A 3, B 4, C 3, D 0.
    assert_eq!(ladder(10), expect(3, 4, 3, 0));
    // n = 7: ⌈1.75⌉ = 2, ⌈4.9⌉ = 5, ⌈6.65⌉ = 7 → A 2, B 3, C 2.
    assert_eq!(ladder(7), expect(2, 3, 2, 0));
    // n = 100: 25, 70, 95 → A 25, B 45, C 25, D 5.
    assert_eq!(ladder(100), expect(25, 45, 25, 5));
    // n = 1: ⌈0.25⌉ = 1 → A.
    assert_eq!(ladder(1), expect(1, 0, 0, 0));
    assert_eq!(benefit::class_boundary(0.7, 10), 7);
    assert_eq!(benefit::class_boundary(0.7, 3), 3);
    assert_eq!(benefit::class_boundary(0.95, 20), 19);
}

#[test]
fn ties_share_a_rank_and_a_class_holders_without_tax_have_none() {
    // Tax per mu 5, 4, 4, 4, 1 and one holder without tax: n = 5, ranks 1, 2, 2, 2, 5.
    // ⌈1.25⌉ = 2 → ranks 1 and 2 are A; ⌈3.5⌉ = 4; ⌈4.75⌉ = 5 → rank 5 is C.
    let parcels = vec![
        holder_parcel("a", "Ha", "Z1", Some(5.0)),
        holder_parcel("b", "Hb", "Z1", Some(4.0)),
        holder_parcel("c", "Hc", "Z2", Some(4.0)),
        holder_parcel("d", "Hd", "Z2", Some(4.0)),
        holder_parcel("e", "He", "Z1", Some(1.0)),
        holder_parcel("f", "Hf", "Z1", None),
    ];
    let got = classes(&benefit_of(parcels, &Rules::default()));
    let want: Vec<(String, Option<usize>, Option<&str>)> = vec![
        ("Ha".into(), Some(1), Some("A")),
        ("Hb".into(), Some(2), Some("A")),
        ("Hc".into(), Some(2), Some("A")),
        ("Hd".into(), Some(2), Some("A")),
        ("He".into(), Some(5), Some("C")),
        ("Hf".into(), None, None),
    ];
    assert_eq!(got, want);
    // Configured shares 0.2, 0.5, 0.8 over the same: ⌈1⌉ = 1, ⌈2.5⌉ = 3, ⌈4⌉ = 4 →
    // Ha A, the three tied at rank 2 B, He (rank 5) D.
    let cfg = Config::from_toml("[benefit]\nclass_shares = [0.2, 0.5, 0.8]\n").unwrap();
    let parcels = vec![
        holder_parcel("a", "Ha", "Z1", Some(5.0)),
        holder_parcel("b", "Hb", "Z1", Some(4.0)),
        holder_parcel("c", "Hc", "Z2", Some(4.0)),
        holder_parcel("d", "Hd", "Z2", Some(4.0)),
        holder_parcel("e", "He", "Z1", Some(1.0)),
    ];
    let got: Vec<_> = classes(&benefit_of(parcels, &cfg.rules))
        .into_iter()
        .map(|c| c.2.unwrap())
        .collect();
    assert_eq!(got, ["A", "B", "B", "B", "D"]);
}

#[test]
fn holders_are_trimmed_and_summed_over_industrial_parcels_across_zones() {
    let mut x1 = holder_parcel("x1", " 甲公司 ", "Z1", Some(2.0));
    x1.registered_area_m2 = Some(20_000.0); // 30 mu, tax 30, output 300
    let x2 = holder_parcel("x2", "甲公司", "Z2", Some(4.0)); // 15 mu, tax 60, output 600
    let mut x3 = holder_parcel("x3", "甲公司", "Z2", None); // 15 mu, no tax, no output
    x3.output_wan_yuan = Some(150.0);
    let mut x4 = holder_parcel("x4", "甲公司", "Z1", Some(100.0));
    x4.land_use = Some("0701".into()); // not industrial: left out
    let mut only_commercial = holder_parcel("y", "乙公司", "Z1", Some(1.0));
    only_commercial.land_use = Some("0701".into());
    let no_holder = Parcel {
        holder: None,
        ..holder_parcel("n1", "", "Z1", Some(9.0))
    };
    let blank_holder = holder_parcel("n2", "  ", "Z1", Some(9.0));
    let hs = benefit_of(
        vec![x1, x2, x3, x4, only_commercial, no_holder, blank_holder],
        &Rules::default(),
    );
    assert_eq!(hs.len(), 1, "{hs:?}");
    let h = &hs[0];
    assert_eq!(h.holder, "甲公司");
    assert_eq!(h.parcels.len(), 3);
    assert_eq!(h.zone_ids, ["Z1", "Z2"]);
    // 30 + 15 + 15 mu.
    assert!((h.site_area_mu - 60.0).abs() < 1e-9);
    // tax (30 + 60) over the 45 mu with a tax = 2; output (300 + 600 + 150) / 60 = 17.5.
    assert!((h.tax_per_mu_wan_yuan.unwrap() - 2.0).abs() < 1e-9);
    assert!((h.output_per_mu_wan_yuan.unwrap() - 17.5).abs() < 1e-9);
    assert_eq!(
        (h.tax_rank, h.class.map(|c| c.as_str())),
        (Some(1), Some("A"))
    );
    assert_eq!(h.geometry.0.len(), 3);
    // The view: keyed by holder, zone_ids a list, the geometry the holder's MultiPolygon.
    let v = benefit::view(hs);
    assert_eq!(v.meta().key, "holder");
    assert_eq!(v.id(0), "甲公司");
    match v.value_of(0, "zone_ids").unwrap() {
        ValueRef::List(l) => assert_eq!(l.iter().collect::<Vec<_>>(), ["Z1", "Z2"]),
        x => panic!("{x:?}"),
    }
    assert_eq!(v.value_of(0, "parcel_count"), Some(ValueRef::Integer(3)));
    assert_eq!(v.value_of(0, "class"), Some(ValueRef::Text("A")));
    assert_eq!(v.index().size(), 1);
}
