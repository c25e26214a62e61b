//! A fast, allocation-free proof that a small polygon is valid: every ring closed, finite,
//! at least three distinct corners, no two edges touching except neighbours at their shared
//! corner, and no holes. When the proof fails the caller runs the full OGC validation
//! (`geo`'s `Validation`), which names the problem. Most parcels are small simple rings, and
//! this skips the R-tree the full check builds per ring.

use geo::kernels::{Kernel, Orientation};
use geo::{Coord, Polygon};

/// Rings longer than this go to the full check (the pair test is quadratic).
const MAX_POINTS: usize = 64;

/// True when `p` is certainly valid; false means "not proven", not "invalid".
pub fn certainly_valid(p: &Polygon<f64>) -> bool {
    if !p.interiors().is_empty() {
        return false;
    }
    let r = &p.exterior().0;
    let n = r.len();
    if !(4..=MAX_POINTS).contains(&n) || r[0] != r[n - 1] {
        return false;
    }
    if r.iter().any(|c| !c.x.is_finite() || !c.y.is_finite()) {
        return false;
    }
    let edges = n - 1;
    // No repeated consecutive points (zero-length edges), which the pair test below cannot judge.
    if (0..edges).any(|i| r[i] == r[i + 1]) {
        return false;
    }
    for i in 0..edges {
        for j in i + 1..edges {
            let adjacent = j == i + 1 || (i == 0 && j == edges - 1);
            let (a, b, c, d) = (r[i], r[i + 1], r[j], r[j + 1]);
            if adjacent {
                // Neighbours share one corner; they must not fold back over each other.
                if collinear_overlap(a, b, c, d) {
                    return false;
                }
            } else if segments_touch(a, b, c, d) {
                return false;
            }
        }
    }
    true
}

fn orient(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>) -> Orientation {
    <f64 as geo::GeoNum>::Ker::orient2d(a, b, c)
}

fn on_segment(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

/// Whether closed segments ab and cd share any point (robust predicates).
fn segments_touch(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> bool {
    let (o1, o2) = (orient(a, b, c), orient(a, b, d));
    let (o3, o4) = (orient(c, d, a), orient(c, d, b));
    use Orientation::Collinear as C;
    if o1 != o2 && o3 != o4 && o1 != C && o2 != C && o3 != C && o4 != C {
        return true;
    }
    (o1 == C && on_segment(a, b, c))
        || (o2 == C && on_segment(a, b, d))
        || (o3 == C && on_segment(c, d, a))
        || (o4 == C && on_segment(c, d, b))
}

/// Adjacent edges (sharing one end) that lie on one line and overlap beyond that end.
fn collinear_overlap(a: Coord<f64>, b: Coord<f64>, c: Coord<f64>, d: Coord<f64>) -> bool {
    if orient(a, b, c) != Orientation::Collinear || orient(a, b, d) != Orientation::Collinear {
        return false;
    }
    // Collinear neighbours: valid only when they continue in the same direction.
    let shared = if b == c {
        b
    } else if a == d {
        a
    } else {
        return true;
    };
    let (p, q) = if b == c { (a, d) } else { (c, b) };
    let dot = (p.x - shared.x) * (q.x - shared.x) + (p.y - shared.y) * (q.y - shared.y);
    dot >= 0.0
}

/// Signed shoelace area (positive = counter-clockwise), for orientation only.
pub fn signed_area2(r: &[Coord<f64>]) -> f64 {
    if r.len() < 3 {
        return 0.0;
    }
    let o = r[0];
    r.windows(2)
        .map(|w| (w[0].x - o.x) * (w[1].y - o.y) - (w[1].x - o.x) * (w[0].y - o.y))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{wkt, Validation};

    #[test]
    fn agrees_with_full_validation() {
        let cases = [
            wkt!(POLYGON((0. 0., 1. 0., 1. 1., 0. 1., 0. 0.))),
            wkt!(POLYGON((0. 0., 1. 1., 1. 0., 0. 1., 0. 0.))),
            wkt!(POLYGON((0. 0., 2. 0., 1. 0., 1. 1., 0. 0.))),
            wkt!(POLYGON((0. 0., 2. 0., 2. 2., 1. 0., 0. 2., 0. 0.))),
            wkt!(POLYGON((0. 0., 1. 0., 2. 0., 2. 1., 0. 0.))),
            wkt!(POLYGON((0. 0., 2. 0., 2. 2., 1. 1., 2. 0., 0. 0.))),
        ];
        for p in cases {
            if certainly_valid(&p) {
                assert!(p.is_valid(), "{p:?} proven valid but is not");
            }
        }
        assert!(certainly_valid(&cases_first()));
    }

    fn cases_first() -> Polygon<f64> {
        wkt!(POLYGON((0. 0., 1. 0., 1. 1., 0. 1., 0. 0.)))
    }
}
