//! Road connectivity on hand-made networks. Every expected figure is derived in the test from
//! independent formulas (meridian arcs by Simpson's rule, parallel arcs), not from zonescope.
//!
//! The zone used throughout is the lon/lat square 113.000–113.010 E, 34.000–34.010 N, with an
//! extra vertex in the middle of its top edge: edges are geodesics between vertices (a 923 m
//! edge along a parallel bulges 1.1 cm poleward), so gaps measured northwards start at that
//! vertex and equal a meridian arc exactly.

mod common_network;
use common_network::*;
use zonescope::dataset::road_graph::{classify, RoadGraph};
use zonescope::dataset::{Dataset, RoadStatus};
use zonescope::layer::{Layer, Value};
use zonescope::rules::ConnectivityRules;

fn square() -> zonescope::dataset::Zone {
    let ring = vec![
        (113.0, 34.0),
        (113.01, 34.0),
        (113.01, 34.01),
        (113.005, 34.01),
        (113.0, 34.01),
        (113.0, 34.0),
    ];
    zone(
        "Z1",
        geo::MultiPolygon(vec![geo::Polygon::new(geo::LineString::from(ring), vec![])]),
    )
}

fn run(ds: &Dataset) -> (Layer, Layer) {
    run_with(ds, &ConnectivityRules::default())
}

/// The `zone-connectivity` and `connector-paths` layers of a dataset.
fn run_with(ds: &Dataset, rules: &ConnectivityRules) -> (Layer, Layer) {
    let rules = zonescope::rules::Rules {
        connectivity: rules.clone(),
        ..Default::default()
    };
    let as_of = chrono::NaiveDate::from_ymd_opt(2014, 12, 31).unwrap();
    let mut layers = zonescope::analysis::run_all(ds, &rules, as_of).into_iter();
    let mut take = |id: &str| layers.find(|l| l.id == id).expect(id);
    let zones = take("zone-connectivity");
    (zones, take("connector-paths"))
}

fn text(v: Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s),
        Value::Null => None,
        other => panic!("not text: {other:?}"),
    }
}

fn list(v: Value) -> Vec<String> {
    match v {
        Value::List(l) => l,
        other => panic!("not a list: {other:?}"),
    }
}

#[test]
fn trunk_road_crossing_the_zone_is_direct() {
    let ds = dataset(
        vec![square()],
        vec![built(
            "r1",
            "G107",
            "1",
            &[(113.005, 33.99), (113.005, 34.02)],
        )],
        vec![],
    );
    let (zc, cp) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("direct".into()));
    assert_eq!(list(prop(&zc, "Z1", "routes")), vec!["G107"]);
    assert_eq!(
        text(prop(&zc, "Z1", "nearest_route")).as_deref(),
        Some("G107")
    );
    assert_eq!(prop(&zc, "Z1", "network_distance_m"), Value::Real(0.0));
    assert_eq!(prop(&zc, "Z1", "gap_m"), Value::Real(0.0));
    assert!(cp.features.is_empty(), "direct zones have no connector");
}

/// A meridian road `m` metres east of the zone's east edge (measured at the top latitude).
fn road_east_of_zone(m: f64) -> zonescope::dataset::Road {
    let x = 113.01 + dlon_for_m(34.01, m);
    built("r1", "S312", "2", &[(x, 33.99), (x, 34.02)])
}

#[test]
fn trunk_road_just_inside_the_tolerance_is_direct() {
    let ds = dataset(vec![square()], vec![road_east_of_zone(49.0)], vec![]);
    let (zc, _) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("direct".into()));
    assert_eq!(list(prop(&zc, "Z1", "routes")), vec!["S312"]);
}

#[test]
fn trunk_road_just_outside_the_tolerance_leaves_a_gap() {
    let ds = dataset(vec![square()], vec![road_east_of_zone(51.0)], vec![]);
    let (zc, cp) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("none".into()));
    assert!(list(prop(&zc, "Z1", "routes")).is_empty());
    assert_eq!(prop(&zc, "Z1", "network_distance_m"), Value::Null);
    // Closest pair: the zone's NE corner and the road at the same latitude (the parallel is
    // shortest at the highest latitude); over 51 m the geodesic equals the parallel arc.
    assert_close(real(&prop(&zc, "Z1", "gap_m")), 51.0, 1e-6);
    assert_eq!(
        text(prop(&zc, "Z1", "nearest_route")).as_deref(),
        Some("S312")
    );
    assert_eq!(text(prop(&cp, "Z1", "kind")).as_deref(), Some("gap"));
    assert_close(real(&prop(&cp, "Z1", "length_m")), 51.0, 1e-6);
    assert_eq!(text(prop(&cp, "Z1", "to_route")).as_deref(), Some("S312"));
    let g = cp.feature("Z1").unwrap().geometry.clone().unwrap();
    let geo::Geometry::LineString(l) = g else {
        panic!("gap is a line")
    };
    assert_eq!(l.0.len(), 2);
    assert!(
        (l.0[0].x - 113.01).abs() < 1e-7 && (l.0[0].y - 34.01).abs() < 1e-6,
        "{:?}",
        l.0[0]
    );
}

/// Two county links along the meridian 113.005 from inside the zone to lat 34.03, where G310
/// (two links) has a node. The second county link starts 0.5 m from the first one's end.
fn county_chain(second_start_offset_m: f64) -> Vec<zonescope::dataset::Road> {
    let off = dlat_for_m(34.02, second_start_offset_m);
    vec![
        built(
            "x1",
            "X001",
            "3",
            &[(113.005, 34.005), (113.005, 34.012), (113.005, 34.02)],
        ),
        built(
            "x2",
            "X002",
            "3",
            &[(113.005, 34.02 + off), (113.005, 34.03)],
        ),
        built("g1", "G310", "2", &[(112.99, 34.03), (113.005, 34.03)]),
        built("g2", "G310", "2", &[(113.005, 34.03), (113.02, 34.03)]),
    ]
}

#[test]
fn chain_of_county_roads_to_a_shared_endpoint_is_a_network_path() {
    let ds = dataset(vec![square()], county_chain(0.5), vec![]);
    let (zc, cp) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("network".into()));
    // Path length = the two links' geodesic lengths: meridian arcs 34.005→34.02 and
    // (34.02 + 0.5 m)→34.03, i.e. the whole arc less the 0.5 m snapped over.
    let off = dlat_for_m(34.02, 0.5);
    let want = meridian_arc_m(34.005, 34.02) + meridian_arc_m(34.02 + off, 34.03);
    assert_close(real(&prop(&zc, "Z1", "network_distance_m")), want, 1e-9);
    assert_eq!(
        text(prop(&zc, "Z1", "nearest_route")).as_deref(),
        Some("G310")
    );
    // Gap: zone top edge (34.01) to G310 (34.03) along a meridian.
    assert_close(
        real(&prop(&zc, "Z1", "gap_m")),
        meridian_arc_m(34.01, 34.03),
        1e-6,
    );
    assert_eq!(text(prop(&cp, "Z1", "kind")).as_deref(), Some("network"));
    assert_close(real(&prop(&cp, "Z1", "length_m")), want, 1e-9);
    assert_eq!(text(prop(&cp, "Z1", "to_route")).as_deref(), Some("G310"));
    let geo::Geometry::LineString(l) = cp.feature("Z1").unwrap().geometry.clone().unwrap() else {
        panic!()
    };
    assert_eq!(
        l.0.first().copied(),
        Some(coord(113.005, 34.005)),
        "path starts at the entry node"
    );
    assert_eq!(
        l.0.last().copied(),
        Some(coord(113.005, 34.03)),
        "path ends on G310"
    );
}

#[test]
fn endpoints_beyond_the_snap_tolerance_do_not_join() {
    let ds = dataset(vec![square()], county_chain(1.5), vec![]);
    let (zc, cp) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("none".into()));
    assert_eq!(text(prop(&cp, "Z1", "kind")).as_deref(), Some("gap"));
}

#[test]
fn snapping_across_a_grid_cell_border() {
    // Two endpoints 0.3 m apart on either side of a round longitude (a likely cell border).
    let d = dlon_for_m(34.02, 0.15);
    let roads = vec![
        built("a", "X1", "", &[(113.0, 34.0), (113.1 - d, 34.02)]),
        built("b", "X2", "", &[(113.1 + d, 34.02), (113.2, 34.0)]),
    ];
    let g = RoadGraph::build(&roads, &ConnectivityRules::default());
    assert_eq!(g.nodes.len(), 3);
    let rules = ConnectivityRules {
        snap_tolerance_m: 0.2,
        ..Default::default()
    };
    assert_eq!(RoadGraph::build(&roads, &rules).nodes.len(), 4);
}

#[test]
fn county_road_crossing_a_trunk_road_without_a_shared_node_does_not_connect() {
    let roads = vec![
        built("x1", "X003", "3", &[(113.005, 34.005), (113.005, 34.04)]),
        // One link with an interior vertex exactly where the county road crosses it.
        built(
            "g1",
            "G310",
            "2",
            &[(112.99, 34.04), (113.005, 34.03), (113.02, 34.04)],
        ),
    ];
    let ds = dataset(vec![square()], roads, vec![]);
    let (zc, cp) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("none".into()));
    assert_eq!(prop(&zc, "Z1", "network_distance_m"), Value::Null);
    assert_close(
        real(&prop(&zc, "Z1", "gap_m")),
        meridian_arc_m(34.01, 34.03),
        1e-6,
    );
    assert_eq!(text(prop(&cp, "Z1", "kind")).as_deref(), Some("gap"));
    assert_eq!(
        text(prop(&zc, "Z1", "nearest_route")).as_deref(),
        Some("G310")
    );
}

#[test]
fn planned_trunk_road_does_not_count() {
    let roads = vec![
        road(
            "p1",
            "G207",
            "1",
            RoadStatus::Planned,
            &[(113.005, 33.99), (113.005, 34.02)],
        ),
        road(
            "p2",
            "S221",
            "1",
            RoadStatus::UnderConstruction,
            &[(113.004, 33.99), (113.004, 34.02)],
        ),
    ];
    let ds = dataset(vec![square()], roads, vec![]);
    let (zc, cp) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("none".into()));
    assert_eq!(
        prop(&zc, "Z1", "gap_m"),
        Value::Null,
        "no built trunk road anywhere"
    );
    assert_eq!(prop(&zc, "Z1", "nearest_route"), Value::Null);
    assert!(cp.features.is_empty());
}

#[test]
fn expressway_through_a_zone_without_an_interchange() {
    // G4 crosses the zone in two links whose shared node is inside the zone, but nothing else
    // meets it there: no interchange, so neither direct nor an entry. A county road from
    // inside the zone crosses it (no shared node) and leads nowhere.
    let roads = vec![
        built(
            "e1",
            "G4",
            "expressway",
            &[(113.005, 33.99), (113.005, 34.005)],
        ),
        built(
            "e2",
            "G4",
            "expressway",
            &[(113.005, 34.005), (113.005, 34.02)],
        ),
        built("x1", "X010", "3", &[(113.002, 34.004), (113.008, 34.006)]),
    ];
    let ds = dataset(vec![square()], roads, vec![]);
    let (zc, cp) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("none".into()));
    assert_eq!(
        prop(&zc, "Z1", "gap_m"),
        Value::Null,
        "an expressway without an interchange cannot be joined"
    );
    assert!(cp.features.is_empty());
}

#[test]
fn expressway_with_an_interchange_inside_the_zone_is_direct() {
    let roads = vec![
        built(
            "e1",
            "G4",
            "expressway",
            &[(113.005, 33.99), (113.005, 34.005)],
        ),
        built(
            "e2",
            "G4",
            "expressway",
            &[(113.005, 34.005), (113.005, 34.02)],
        ),
        built("x1", "X010", "3", &[(113.005, 34.005), (113.03, 34.005)]),
    ];
    let ds = dataset(vec![square()], roads, vec![]);
    let (zc, _) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("direct".into()));
    assert_eq!(list(prop(&zc, "Z1", "routes")), vec!["G4"]);
}

#[test]
fn expressway_interchange_outside_reached_over_a_county_road() {
    // G30 (two digits: an expressway by its number, grade not given) has an interchange at
    // (113.005, 34.02) with a county road coming from inside the zone.
    let roads = vec![
        built("e1", "G30", "", &[(112.99, 34.02), (113.005, 34.02)]),
        built("e2", "G30", "", &[(113.005, 34.02), (113.02, 34.02)]),
        built("x1", "X011", "3", &[(113.005, 34.003), (113.005, 34.02)]),
    ];
    let ds = dataset(vec![square()], roads, vec![]);
    let (zc, cp) = run(&ds);
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("network".into()));
    assert_close(
        real(&prop(&zc, "Z1", "network_distance_m")),
        meridian_arc_m(34.003, 34.02),
        1e-9,
    );
    assert_eq!(
        text(prop(&zc, "Z1", "nearest_route")).as_deref(),
        Some("G30")
    );
    // The gap goes to the interchange point, not to the expressway line: from the zone's top
    // edge straight north along 113.005.
    assert_close(
        real(&prop(&zc, "Z1", "gap_m")),
        meridian_arc_m(34.01, 34.02),
        1e-6,
    );
    assert_eq!(text(prop(&cp, "Z1", "to_route")).as_deref(), Some("G30"));
}

#[test]
fn zone_with_no_road_at_all() {
    let far = zone("Z2", rect(113.2, 34.2, 113.21, 34.21));
    let roads = vec![built(
        "g1",
        "G107",
        "1",
        &[(113.005, 33.99), (113.005, 34.02)],
    )];
    let ds = dataset(vec![square(), far], roads, vec![]);
    let (zc, cp) = run(&ds);
    assert_eq!(prop(&zc, "Z2", "status"), Value::Text("none".into()));
    assert_eq!(prop(&zc, "Z2", "network_distance_m"), Value::Null);
    // Nearest pair: Z2's SW corner (113.2, 34.2) and G107's north end (113.005, 34.02).
    let want = zonescope::geodesy::distance_m(coord(113.2, 34.2), coord(113.005, 34.02));
    assert_close(real(&prop(&zc, "Z2", "gap_m")), want, 1e-9);
    assert_eq!(text(prop(&cp, "Z2", "kind")).as_deref(), Some("gap"));
    assert_eq!(
        cp.features.len(),
        1,
        "only the zone that is not direct has a connector"
    );
}

#[test]
fn routes_sorted_national_first_then_by_number() {
    let roads = vec![
        built("s", "S312", "2", &[(113.002, 33.99), (113.002, 34.02)]),
        built("g3", "G310", "2", &[(113.004, 33.99), (113.004, 34.02)]),
        built("g1", "G107", "2", &[(113.006, 33.99), (113.006, 34.02)]),
        built("s2", "S85", "2", &[(113.008, 33.99), (113.008, 34.02)]), // expressway: no interchange
    ];
    let ds = dataset(vec![square()], roads, vec![]);
    let (zc, _) = run(&ds);
    assert_eq!(
        list(prop(&zc, "Z1", "routes")),
        vec!["G107", "G310", "S312"]
    );
    assert_eq!(
        text(prop(&zc, "Z1", "nearest_route")).as_deref(),
        Some("G107")
    );
}

#[test]
fn nearest_route_tie_break_where_routes_meet() {
    // A county road from the zone ends at a node where S218, G310 and G107 all end.
    let n = (113.005, 34.03);
    let roads = vec![
        built("x1", "X001", "3", &[(113.005, 34.005), n]),
        built("s", "S218", "2", &[n, (113.02, 34.04)]),
        built("g3", "G310", "2", &[n, (113.03, 34.03)]),
        built("g1", "G107", "2", &[n, (112.99, 34.05)]),
    ];
    let ds = dataset(vec![square()], roads, vec![]);
    let (zc, cp) = run(&ds);
    assert_eq!(
        text(prop(&zc, "Z1", "nearest_route")).as_deref(),
        Some("G107")
    );
    assert_eq!(text(prop(&cp, "Z1", "to_route")).as_deref(), Some("G107"));
    // Same meeting point without a county road: the gap line ends there, same tie-break
    // (national before provincial, then the lower number).
    let roads = vec![
        built("s", "S218", "2", &[n, (113.02, 34.04)]),
        built("g3", "G310", "2", &[n, (113.03, 34.03)]),
    ];
    let ds = dataset(vec![square()], roads, vec![]);
    let (zc, _) = run(&ds);
    assert_eq!(
        text(prop(&zc, "Z1", "nearest_route")).as_deref(),
        Some("G310")
    );
    assert_close(
        real(&prop(&zc, "Z1", "gap_m")),
        meridian_arc_m(34.01, 34.03),
        1e-6,
    );
}

#[test]
fn shorter_path_wins_over_better_route() {
    // Two county roads: 1 km north to S312, 2 km south to G107.
    let roads = vec![
        built("x1", "X001", "3", &[(113.005, 34.005), (113.005, 34.014)]),
        built("s", "S312", "2", &[(113.0, 34.014), (113.005, 34.014)]),
        built("x2", "X002", "3", &[(113.005, 34.005), (113.005, 33.987)]),
        built("g", "G107", "2", &[(113.0, 33.987), (113.005, 33.987)]),
    ];
    let ds = dataset(vec![square()], roads, vec![]);
    let (zc, _) = run(&ds);
    // S312 touches the tolerance? 34.014 is ~443 m north of the top edge: not direct.
    assert_eq!(prop(&zc, "Z1", "status"), Value::Text("network".into()));
    assert_eq!(
        text(prop(&zc, "Z1", "nearest_route")).as_deref(),
        Some("S312")
    );
    assert_close(
        real(&prop(&zc, "Z1", "network_distance_m")),
        meridian_arc_m(34.005, 34.014),
        1e-9,
    );
}

#[test]
fn classification_by_route_letter_and_grade() {
    let r = ConnectivityRules::default();
    let c = |route: &str, grade: &str| classify(Some(route), Some(grade), &r);
    assert!(c("G4", "").expressway && c("G4", "").trunk_route);
    assert!(c("G30", "").expressway);
    assert!(!c("G107", "").expressway && c("G107", "").trunk_route);
    assert!(c("G1511", "").expressway);
    assert!(c("S1", "").expressway);
    assert!(!c("S312", "").expressway);
    assert!(c("X021", "expressway").expressway && !c("X021", "expressway").trunk_route);
    assert_eq!(c("X021", "3").class.as_deref(), Some("county"));
    assert_eq!(c("Y105", "").class.as_deref(), Some("township"));
    assert_eq!(c("C001", "").class.as_deref(), Some("village"));
    assert_eq!(c("Z01", "").class.as_deref(), Some("special"));
    assert_eq!(c("G107", "").number, Some(107));
    // Another coding, configured.
    let mut other = ConnectivityRules::default();
    other.class_by_prefix.insert("GD".into(), "national".into());
    other.trunk_prefixes.push("GD".into());
    let k = classify(Some("GD12"), None, &other);
    assert_eq!(k.class.as_deref(), Some("national"));
    assert_eq!(k.number, Some(12));
}

#[test]
fn short_segment_lengths_match_geographiclib() {
    use zonescope::geodesy::local::{geodesic_m, segment_m};
    // Deterministic spread of segments up to 1.4 km, all azimuths, 18–53° N.
    let mut worst: f64 = 0.0;
    for i in 0..2000 {
        let t = i as f64;
        let lat = 18.0 + (t * 0.618).fract() * 35.0;
        let az = (t * 0.377).fract() * std::f64::consts::TAU;
        let len_deg = 0.0001 + (t * 0.127).fract() * 0.0125;
        let a = coord(113.0, lat);
        let b = coord(
            113.0 + len_deg * az.sin() / lat.to_radians().cos(),
            lat + len_deg * az.cos(),
        );
        let exact = geodesic_m(a, b);
        worst = worst.max((segment_m(a, b) - exact).abs() / exact);
    }
    assert!(worst < 3e-9, "worst relative error {worst:e}");
}

#[test]
fn snapping_agrees_with_brute_force_single_linkage() {
    use zonescope::geodesy::local::local_m;
    // 400 links whose endpoints are jittered copies (0–1.6 m) of 150 base points.
    let mut seed = 12345u64;
    let mut rnd = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let base: Vec<(f64, f64)> = (0..150)
        .map(|_| (113.0 + rnd() * 0.01, 34.0 + rnd() * 0.01))
        .collect();
    let mut ends = Vec::new();
    let mut roads = Vec::new();
    for i in 0..400 {
        let end = |rnd: &mut dyn FnMut() -> f64| {
            let b = base[(rnd() * 150.0) as usize];
            let r = rnd() * 1.6;
            let a = rnd() * std::f64::consts::TAU;
            (
                b.0 + dlon_for_m(b.1, r * a.cos()),
                b.1 + dlat_for_m(b.1, r * a.sin()),
            )
        };
        let (p, q) = (end(&mut rnd), end(&mut rnd));
        ends.push(p);
        ends.push(q);
        roads.push(built(&format!("r{i}"), "X1", "", &[p, q]));
    }
    let g = RoadGraph::build(&roads, &ConnectivityRules::default());
    // Brute force: union every pair within 1 m.
    let n = ends.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut x: usize) -> usize {
        while p[x] != x {
            x = p[x];
        }
        x
    }
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (coord(ends[i].0, ends[i].1), coord(ends[j].0, ends[j].1));
            if local_m(a, b) <= 1.0 {
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
    let clusters = (0..n).filter(|&i| find(&mut parent, i) == i).count();
    assert_eq!(g.nodes.len(), clusters);
    assert!(
        clusters < n && clusters > 150,
        "the data exercise snapping: {clusters}"
    );
}
