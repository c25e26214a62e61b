//! Geometry checks: the type a layer takes, emptiness, CRS84 range and OGC validity
//! (`geo`'s findings, computed in O(n log n) by [`super::validity`]: self-intersection, too few
//! points, rings crossing…) and zero-area rings. Problems are
//! reported, never repaired.

use super::schema::Shape;
use super::simple_ring::{certainly_valid, signed_area2};
use super::validity;
use geo::{Coord, CoordsIter, Geometry, MultiLineString, MultiPolygon, Point, Validation};

/// Rings whose points all lie on one line (zero area), which OGC validity as `geo` checks it
/// lets pass: one message per such ring.
fn zero_area_rings(mp: &MultiPolygon<f64>) -> Vec<String> {
    let mut out = Vec::new();
    for (i, p) in mp.0.iter().enumerate() {
        let rings = std::iter::once(p.exterior()).chain(p.interiors().iter());
        for (k, r) in rings.enumerate() {
            if r.0.len() >= 3 && collinear(&r.0) {
                let ring = if k == 0 {
                    "exterior ring".to_string()
                } else {
                    format!("interior ring at index {}", k - 1)
                };
                let which = if mp.0.len() > 1 {
                    format!("polygon at index {i}: ")
                } else {
                    String::new()
                };
                out.push(format!(
                    "invalid geometry: {which}{ring} has zero area (its points lie on one line)"
                ));
            }
        }
    }
    out
}

/// True when every point of `r` lies on the line through its first two distinct points
/// (robust orientation test).
fn collinear(r: &[Coord<f64>]) -> bool {
    use geo::kernels::{Kernel, Orientation};
    let a = r[0];
    let Some(&b) = r.iter().find(|c| **c != a) else {
        return true;
    };
    r.iter()
        .all(|&c| <f64 as geo::GeoNum>::Ker::orient2d(a, b, c) == Orientation::Collinear)
}

/// A geometry in the form its layer takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Shaped {
    Polygons(MultiPolygon<f64>),
    Lines(MultiLineString<f64>),
    Point(Point<f64>),
}

fn type_name(g: &Geometry<f64>) -> &'static str {
    match g {
        Geometry::Point(_) => "Point",
        Geometry::Line(_) => "Line",
        Geometry::LineString(_) => "LineString",
        Geometry::Polygon(_) => "Polygon",
        Geometry::MultiPoint(_) => "MultiPoint",
        Geometry::MultiLineString(_) => "MultiLineString",
        Geometry::MultiPolygon(_) => "MultiPolygon",
        Geometry::GeometryCollection(_) => "GeometryCollection",
        Geometry::Rect(_) => "Rect",
        Geometry::Triangle(_) => "Triangle",
    }
}

/// Brings a geometry to the layer's form: `Err` says the type is wrong or it is empty.
pub fn shape(g: Geometry<f64>, shape: Shape) -> Result<Shaped, String> {
    let wrong = |g: &Geometry<f64>| {
        format!(
            "geometry is a {}, expected {}",
            type_name(g),
            shape.describe()
        )
    };
    let shaped = match (shape, g) {
        (Shape::Polygonal | Shape::PointOrPolygonal, Geometry::Polygon(p)) => {
            if p.exterior().0.is_empty() {
                Shaped::Polygons(MultiPolygon(Vec::new()))
            } else {
                Shaped::Polygons(MultiPolygon(vec![p]))
            }
        }
        (Shape::Polygonal | Shape::PointOrPolygonal, Geometry::MultiPolygon(mp)) => {
            Shaped::Polygons(mp)
        }
        (Shape::Lineal, Geometry::LineString(l)) => {
            if l.0.is_empty() {
                Shaped::Lines(MultiLineString(Vec::new()))
            } else {
                Shaped::Lines(MultiLineString(vec![l]))
            }
        }
        (Shape::Lineal, Geometry::MultiLineString(ml)) => Shaped::Lines(ml),
        (Shape::PointOrPolygonal, Geometry::Point(p)) => Shaped::Point(p),
        (Shape::PointOrPolygonal, Geometry::MultiPoint(mp)) if mp.0.len() == 1 => {
            Shaped::Point(mp.0[0])
        }
        (Shape::PointOrPolygonal, Geometry::MultiPoint(mp)) if mp.0.is_empty() => {
            return Err("geometry is empty".to_string())
        }
        (_, Geometry::GeometryCollection(gc)) if gc.0.is_empty() => {
            return Err("geometry is empty".to_string())
        }
        (_, g) => return Err(wrong(&g)),
    };
    if shaped.is_empty() {
        return Err("geometry is empty".to_string());
    }
    Ok(shaped)
}

impl Shaped {
    fn is_empty(&self) -> bool {
        match self {
            Shaped::Polygons(mp) => {
                mp.0.is_empty() || mp.0.iter().all(|p| p.exterior().0.is_empty())
            }
            Shaped::Lines(ml) => ml.0.is_empty() || ml.0.iter().all(|l| l.0.is_empty()),
            Shaped::Point(_) => false,
        }
    }

    /// Visits every coordinate mutably, in a fixed order.
    pub fn for_each_coord_mut(&mut self, mut f: impl FnMut(&mut Coord<f64>)) {
        match self {
            Shaped::Polygons(mp) => {
                for p in &mut mp.0 {
                    p.exterior_mut(|r| r.0.iter_mut().for_each(&mut f));
                    p.interiors_mut(|rs| {
                        rs.iter_mut().for_each(|r| r.0.iter_mut().for_each(&mut f))
                    });
                }
            }
            Shaped::Lines(ml) => {
                ml.0.iter_mut()
                    .for_each(|l| l.0.iter_mut().for_each(&mut f))
            }
            Shaped::Point(p) => f(&mut p.0),
        }
    }

    /// Number of coordinates.
    pub fn coord_count(&self) -> usize {
        match self {
            Shaped::Polygons(mp) => mp
                .0
                .iter()
                .map(|p| {
                    p.exterior().0.len() + p.interiors().iter().map(|r| r.0.len()).sum::<usize>()
                })
                .sum(),
            Shaped::Lines(ml) => ml.0.iter().map(|l| l.0.len()).sum(),
            Shaped::Point(_) => 1,
        }
    }

    /// Polygon rings oriented as RFC 7946 asks (exterior counter-clockwise, holes clockwise),
    /// so that every source format gives the same records.
    pub fn oriented(mut self) -> Shaped {
        if let Shaped::Polygons(mp) = &mut self {
            for p in &mut mp.0 {
                p.exterior_mut(|r| {
                    if signed_area2(&r.0) < 0.0 {
                        r.0.reverse();
                    }
                });
                p.interiors_mut(|rs| {
                    for r in rs {
                        if signed_area2(&r.0) > 0.0 {
                            r.0.reverse();
                        }
                    }
                });
            }
        }
        self
    }
}

/// Problems of a geometry in CRS84: coordinates that could not be transformed or lie
/// outside lon/lat range, and OGC invalidity.
pub fn check(s: &Shaped) -> Vec<String> {
    let mut problems = Vec::new();
    let mut bad_coords = 0usize;
    let mut out_of_range = 0usize;
    let coords: Box<dyn Iterator<Item = Coord<f64>>> = match s {
        Shaped::Polygons(mp) => Box::new(mp.coords_iter()),
        Shaped::Lines(ml) => Box::new(ml.coords_iter()),
        Shaped::Point(p) => Box::new(std::iter::once(p.0)),
    };
    coords.for_each(|c| {
        if !c.x.is_finite() || !c.y.is_finite() {
            bad_coords += 1;
        } else if c.x.abs() > 180.0 || c.y.abs() > 90.0 {
            out_of_range += 1;
        }
    });
    if bad_coords > 0 {
        problems.push(format!(
            "{bad_coords} coordinate(s) cannot be transformed to lon/lat (is the layer's CRS right?)"
        ));
        return problems;
    }
    if out_of_range > 0 {
        problems.push(format!("{out_of_range} coordinate(s) fall outside lon/lat range after reprojection (is the layer's CRS right?)"));
        return problems;
    }
    match s {
        Shaped::Polygons(mp) => {
            if mp.0.len() == 1 && certainly_valid(&mp.0[0]) {
                // Proven valid without the full check.
            } else {
                problems.extend(
                    validity::multipolygon_problems(mp)
                        .iter()
                        .map(|e| format!("invalid geometry: {e}")),
                );
            }
            if problems.is_empty() {
                problems.extend(zero_area_rings(mp));
            }
        }
        Shaped::Lines(ml) => {
            for (i, l) in ml.0.iter().enumerate() {
                for e in l.validation_errors() {
                    let which = if ml.0.len() > 1 {
                        format!("line {}: ", i + 1)
                    } else {
                        String::new()
                    };
                    problems.push(format!("invalid geometry: {which}{e}"));
                }
            }
        }
        Shaped::Point(_) => {}
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{polygon, wkt};

    #[test]
    fn bowtie_is_invalid() {
        let p = wkt!(POLYGON((113.0 34.0, 113.01 34.01, 113.01 34.0, 113.0 34.01, 113.0 34.0)));
        let s = shape(Geometry::Polygon(p), Shape::Polygonal).unwrap();
        let problems = check(&s);
        assert!(
            problems.iter().any(|p| p.contains("self-intersection")),
            "{problems:?}"
        );
    }

    #[test]
    fn collinear_ring_is_reported() {
        let p = wkt!(POLYGON((113.0 34.0, 113.01 34.0, 113.02 34.0, 113.0 34.0)));
        let problems = check(&shape(Geometry::Polygon(p), Shape::Polygonal).unwrap());
        assert!(
            problems.iter().any(|p| p.contains("zero area")),
            "{problems:?}"
        );
    }

    #[test]
    fn square_is_valid_and_wrong_types_are_named() {
        let p = polygon![(x: 113.0, y: 34.0), (x: 113.01, y: 34.0), (x: 113.01, y: 34.01), (x: 113.0, y: 34.01)];
        assert!(check(&shape(Geometry::Polygon(p.clone()), Shape::Polygonal).unwrap()).is_empty());
        let e = shape(Geometry::Polygon(p), Shape::Lineal).unwrap_err();
        assert!(e.contains("Polygon"), "{e}");
        assert!(shape(
            Geometry::MultiPolygon(MultiPolygon(vec![])),
            Shape::Polygonal
        )
        .unwrap_err()
        .contains("empty"));
    }
}
