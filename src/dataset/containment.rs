//! A fast, allocation-free containment shortcut for zone membership: true only when every
//! vertex of the inner geometry lies strictly inside the outer one and no edges of the two
//! touch. `false` means "not proven" (callers then compute the overlap exactly).

use geo::coordinate_position::{CoordPos, CoordinatePosition};
use geo::kernels::{Kernel, Orientation};
use geo::{BoundingRect, Coord, CoordsIter, Line, LinesIter, MultiPolygon};

/// True when `outer` certainly contains `inner`.
pub fn certainly_contains(outer: &MultiPolygon<f64>, inner: &MultiPolygon<f64>) -> bool {
    let Some(bb) = inner.bounding_rect() else {
        return false;
    };
    if !inner
        .coords_iter()
        .all(|c| outer.coordinate_position(&c) == CoordPos::Inside)
    {
        return false;
    }
    // Any outer edge near the inner geometry must not touch an inner edge.
    let near: Vec<Line<f64>> = outer
        .lines_iter()
        .filter(|l| {
            let (a, b) = (l.start, l.end);
            a.x.max(b.x) >= bb.min().x
                && a.x.min(b.x) <= bb.max().x
                && a.y.max(b.y) >= bb.min().y
                && a.y.min(b.y) <= bb.max().y
        })
        .collect();
    if near.is_empty() {
        return true;
    }
    // No edges touch, so each outer edge lies wholly inside or wholly outside `inner`; one
    // inside (a hole of the zone within the parcel) breaks containment.
    inner
        .lines_iter()
        .all(|e| near.iter().all(|o| !touch(e.start, e.end, o.start, o.end)))
        && near
            .iter()
            .all(|o| inner.coordinate_position(&o.start) == CoordPos::Outside)
}

fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> Orientation {
    <f64 as geo::GeoNum>::Ker::orient2d(a, b, c)
}

fn within_box(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

/// Whether closed segments ab and cd share a point.
fn touch(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> bool {
    use Orientation::Collinear as C;
    let (o1, o2, o3, o4) = (
        orient(a, b, c),
        orient(a, b, d),
        orient(c, d, a),
        orient(c, d, b),
    );
    if o1 != o2 && o3 != o4 && o1 != C && o2 != C && o3 != C && o4 != C {
        return true;
    }
    (o1 == C && within_box(a, b, c))
        || (o2 == C && within_box(a, b, d))
        || (o3 == C && within_box(c, d, a))
        || (o4 == C && within_box(c, d, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{wkt, Contains};

    #[test]
    fn agrees_with_contains() {
        let zone = MultiPolygon(vec![wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.)))]);
        let inside = MultiPolygon(vec![wkt!(POLYGON((1. 1., 2. 1., 2. 2., 1. 1.)))]);
        let touching = MultiPolygon(vec![wkt!(POLYGON((0. 1., 2. 1., 2. 2., 0. 1.)))]);
        let crossing = MultiPolygon(vec![wkt!(POLYGON((9. 1., 11. 1., 11. 2., 9. 1.)))]);
        assert!(certainly_contains(&zone, &inside) && zone.contains(&inside));
        assert!(!certainly_contains(&zone, &touching));
        assert!(!certainly_contains(&zone, &crossing) && !zone.contains(&crossing));
        let holed = MultiPolygon(vec![
            wkt!(POLYGON((0. 0., 10. 0., 10. 10., 0. 10., 0. 0.),(4. 4., 5. 4., 5. 5., 4. 5., 4. 4.))),
        ]);
        let around_hole = MultiPolygon(vec![wkt!(POLYGON((3. 3., 6. 3., 6. 6., 3. 6., 3. 3.)))]);
        assert!(!certainly_contains(&holed, &around_hole) && !holed.contains(&around_hole));
    }
}
