//! Hand-made datasets for the connectivity and relocation tests, and independent reference
//! formulas (meridian arcs by numerical integration, parallel arcs, lat/lon band areas).
#![allow(dead_code)]

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon};
use zonescope::dataset::{
    Dataset, RelocationStatus, Road, RoadStatus, Village, VillageGeometry, Zone,
};
use zonescope::layer::{Layer, Value};

pub const A: f64 = 6_378_137.0;
pub const F: f64 = 1.0 / 298.257_223_563;

pub fn e2() -> f64 {
    F * (2.0 - F)
}

/// Meridional radius of curvature at latitude (degrees).
pub fn m_radius(lat: f64) -> f64 {
    let s = lat.to_radians().sin();
    A * (1.0 - e2()) / (1.0 - e2() * s * s).powf(1.5)
}

/// Prime-vertical radius of curvature at latitude (degrees).
pub fn n_radius(lat: f64) -> f64 {
    let s = lat.to_radians().sin();
    A / (1.0 - e2() * s * s).sqrt()
}

/// Length of the meridian arc between two latitudes (degrees), by Simpson's rule on M(φ).
pub fn meridian_arc_m(lat1: f64, lat2: f64) -> f64 {
    let n = 2000;
    let h = (lat2 - lat1) / n as f64;
    let mut s = m_radius(lat1) + m_radius(lat2);
    for i in 1..n {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        s += w * m_radius(lat1 + i as f64 * h);
    }
    (s * h / 3.0).to_radians().abs()
}

/// Length along a parallel for a longitude difference (degrees) at a latitude.
pub fn parallel_arc_m(lat: f64, dlon: f64) -> f64 {
    n_radius(lat) * lat.to_radians().cos() * dlon.to_radians().abs()
}

/// Longitude difference (degrees) spanning `m` metres along the parallel at `lat`.
pub fn dlon_for_m(lat: f64, m: f64) -> f64 {
    (m / (n_radius(lat) * lat.to_radians().cos())).to_degrees()
}

/// Latitude difference (degrees) spanning about `m` metres along a meridian at `lat`.
pub fn dlat_for_m(lat: f64, m: f64) -> f64 {
    (m / m_radius(lat)).to_degrees()
}

/// Area of the lon/lat rectangle (region between two parallels and two meridians), m²,
/// from the authalic-latitude formula.
pub fn band_area_m2(lon1: f64, lon2: f64, lat1: f64, lat2: f64) -> f64 {
    let e = e2().sqrt();
    let q = |lat: f64| {
        let s = lat.to_radians().sin();
        (1.0 - e2())
            * (s / (1.0 - e2() * s * s) - (1.0 / (2.0 * e)) * ((1.0 - e * s) / (1.0 + e * s)).ln())
    };
    0.5 * A * A * (lon2 - lon1).to_radians().abs() * (q(lat2) - q(lat1)).abs()
}

pub fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        LineString::from(vec![(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]),
        vec![],
    )])
}

pub fn zone(id: &str, geometry: MultiPolygon<f64>) -> Zone {
    Zone {
        zone_id: id.into(),
        name: None,
        city: None,
        county: None,
        star: None,
        leading_industry: None,
        area_m2: zonescope::geodesy::area_m2(&geometry),
        geometry,
    }
}

pub fn road(id: &str, route: &str, grade: &str, status: RoadStatus, coords: &[(f64, f64)]) -> Road {
    Road {
        road_id: id.into(),
        route: if route.is_empty() {
            None
        } else {
            Some(route.into())
        },
        name: None,
        grade: if grade.is_empty() {
            None
        } else {
            Some(grade.into())
        },
        status,
        geometry: MultiLineString(vec![LineString::from(coords.to_vec())]),
    }
}

pub fn built(id: &str, route: &str, grade: &str, coords: &[(f64, f64)]) -> Road {
    road(id, route, grade, RoadStatus::Built, coords)
}

pub fn village(
    id: &str,
    households: Option<i64>,
    population: Option<i64>,
    homestead: Option<f64>,
    relocation: RelocationStatus,
    geometry: VillageGeometry,
) -> Village {
    Village {
        village_id: id.into(),
        name: Some(format!("village {id}")),
        households,
        population,
        homestead_area_m2: homestead,
        relocation,
        geometry,
    }
}

pub fn dataset(zones: Vec<Zone>, roads: Vec<Road>, villages: Vec<Village>) -> Dataset {
    Dataset::new("test", zones, Vec::new(), roads, villages)
}

/// A feature's property by name.
pub fn prop(layer: &Layer, id: &str, name: &str) -> Value {
    let f = layer
        .feature(id)
        .unwrap_or_else(|| panic!("{}: no feature {id}", layer.id));
    layer
        .value(f, name)
        .unwrap_or_else(|| panic!("{}: no property {name}", layer.id))
        .clone()
}

pub fn real(v: &Value) -> f64 {
    match v {
        Value::Real(f) => *f,
        other => panic!("not a real: {other:?}"),
    }
}

pub fn assert_close(got: f64, want: f64, rel: f64) {
    assert!(
        (got - want).abs() <= rel * want.abs().max(1e-9),
        "got {got}, want {want} (relative {rel})"
    );
}

pub fn coord(x: f64, y: f64) -> Coord<f64> {
    Coord { x, y }
}
