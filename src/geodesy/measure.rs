//! Geodesic area, distance and length through `geo`'s `Geodesic` (Karney's algorithms).

use geo::{
    Coord, Distance, Geodesic, GeodesicArea, Length, LineString, MultiPolygon, Point, Polygon,
};

/// Geodesic area of a multipolygon in m² (holes subtracted, orientation ignored).
///
/// ```
/// use geo::{polygon, MultiPolygon};
/// let square = polygon![(x: 113.0, y: 34.0), (x: 113.001, y: 34.0), (x: 113.001, y: 34.001), (x: 113.0, y: 34.001)];
/// let a = zonescope::geodesy::area_m2(&MultiPolygon(vec![square]));
/// assert!((a - 10_260.0).abs() < 30.0, "{a}");
/// ```
pub fn area_m2(mp: &MultiPolygon<f64>) -> f64 {
    mp.0.iter().map(polygon_area_m2).sum()
}

/// Geodesic area of one polygon in m².
pub fn polygon_area_m2(p: &Polygon<f64>) -> f64 {
    p.geodesic_area_unsigned()
}

/// Geodesic distance between two lon/lat points, metres.
pub fn distance_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
    Geodesic.distance(Point(a), Point(b))
}

/// Geodesic length of a line, metres.
pub fn length_m(line: &LineString<f64>) -> f64 {
    Geodesic.length(line)
}
