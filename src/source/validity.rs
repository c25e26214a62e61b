//! OGC validity of polygons in O(n log n): the same findings as `geo`'s `Validation`, whose
//! ring self-intersection test compares every edge with every other (quadratic: a 100 k
//! vertex zone took a minute, a 1 M vertex one hours).
//!
//! Here each ring's edges go into a bulk-loaded R-tree and only edges whose envelopes meet
//! are compared, with `geo`'s own predicate (two edges intersect and neither starts where
//! the other ends), so the answer is the same as `geo`'s (a property test checks it). Pairs
//! of polygons of a multipolygon and pairs of holes are related only when their envelopes
//! meet. The number of edge pairs compared per feature is capped ([`PAIR_BUDGET`] per edge);
//! a ring that needs more (an adversarial star of long crossing edges) is reported as too
//! complex to check rather than stalling the load.

use geo::algorithm::validation::{GeometryIndex, InvalidMultiPolygon, InvalidPolygon, RingRole};
use geo::coordinate_position::CoordPos;
use geo::dimensions::Dimensions;
use geo::{
    BoundingRect, Coord, HasDimensions, Intersects, Line, LineString, MultiPolygon, Polygon, Rect,
    Relate, RemoveRepeatedPoints,
};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{Envelope, RTree, AABB};

/// Edge pairs with meeting envelopes compared per edge before a ring is called too complex.
pub const PAIR_BUDGET: usize = 64;

/// A validity problem: one of `geo`'s, or a ring too complex to check within budget.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    Polygon(InvalidPolygon),
    MultiPolygon(InvalidMultiPolygon),
    TooComplex(RingRole),
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Problem::Polygon(e) => write!(f, "{e}"),
            Problem::MultiPolygon(e) => write!(f, "{e}"),
            Problem::TooComplex(r) => write!(
                f,
                "{r} has too many nearly coincident edges to check for self-intersection"
            ),
        }
    }
}

/// Outcome of the self-intersection test of one ring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfIntersection {
    None,
    Found,
    /// More than `PAIR_BUDGET` × edges candidate pairs: not decided.
    TooComplex,
}

type Edge = GeomWithData<Rectangle<[f64; 2]>, usize>;

/// Whether two edges of a ring intersect other than where one ends and the next starts,
/// exactly as `geo`'s `linestring_has_self_intersection` decides, in O(n log n) for rings
/// whose edges do not pile up.
pub fn ring_self_intersection(ring: &LineString<f64>) -> SelfIntersection {
    let lines: Vec<Line<f64>> = ring.lines().collect();
    if lines.len() < 2 {
        return SelfIntersection::None;
    }
    let edges: Vec<Edge> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (a, b) = (l.start, l.end);
            GeomWithData::new(
                Rectangle::from_corners([a.x.min(b.x), a.y.min(b.y)], [a.x.max(b.x), a.y.max(b.y)]),
                i,
            )
        })
        .collect();
    let tree = RTree::bulk_load(edges.clone());
    let mut budget = PAIR_BUDGET.saturating_mul(lines.len()).max(1024);
    for e in &edges {
        let i = e.data;
        let env = AABB::from_corners(e.geom().lower(), e.geom().upper());
        for other in tree.locate_in_envelope_intersecting(&env) {
            let j = other.data;
            if j <= i {
                continue;
            }
            if budget == 0 {
                return SelfIntersection::TooComplex;
            }
            budget -= 1;
            // geo's predicate is symmetric in (i, j) only as a pair of tests.
            if crosses(&lines[i], &lines[j]) || crosses(&lines[j], &lines[i]) {
                return SelfIntersection::Found;
            }
        }
    }
    SelfIntersection::None
}

/// geo's test for edge `a` against edge `b`.
fn crosses(a: &Line<f64>, b: &Line<f64>) -> bool {
    a.intersects(b) && a.start != b.end && a.end != b.start
}

fn envelope(r: Option<Rect<f64>>) -> Option<AABB<[f64; 2]>> {
    r.map(|r| AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]))
}

fn envelopes_meet(a: Option<Rect<f64>>, b: Option<Rect<f64>>) -> bool {
    match (envelope(a), envelope(b)) {
        (Some(a), Some(b)) => a.intersects(&b),
        _ => false,
    }
}

fn non_finite(c: &Coord<f64>) -> bool {
    !c.x.is_finite() || !c.y.is_finite()
}

/// The problems of one polygon, as `geo`'s `Polygon::validation_errors` names them.
pub fn polygon_problems(p: &Polygon<f64>) -> Vec<Problem> {
    let mut out = Vec::new();
    if p.is_empty() {
        return out;
    }
    for (k, ring) in std::iter::once(p.exterior())
        .chain(p.interiors().iter())
        .enumerate()
    {
        if ring.is_empty() {
            continue;
        }
        let role = if k == 0 {
            RingRole::Exterior
        } else {
            RingRole::Interior(k - 1)
        };
        if ring.remove_repeated_points().0.len() < 4 {
            out.push(Problem::Polygon(InvalidPolygon::TooFewPointsInRing(role)));
        }
        match ring_self_intersection(ring) {
            SelfIntersection::None => {}
            SelfIntersection::Found => {
                out.push(Problem::Polygon(InvalidPolygon::SelfIntersection(role)))
            }
            SelfIntersection::TooComplex => out.push(Problem::TooComplex(role)),
        }
        for (i, c) in ring.0.iter().enumerate() {
            if non_finite(c) {
                out.push(Problem::Polygon(InvalidPolygon::NonFiniteCoord(
                    role,
                    geo::algorithm::validation::CoordIndex(i),
                )));
            }
        }
    }
    if p.interiors().is_empty() {
        return out;
    }
    let exterior = Polygon::new(p.exterior().clone(), vec![]);
    let holes: Vec<Polygon<f64>> = p
        .interiors()
        .iter()
        .map(|r| Polygon::new(r.clone(), vec![]))
        .collect();
    let hole_boxes: Vec<Option<Rect<f64>>> = holes.iter().map(|h| h.bounding_rect()).collect();
    for (i, hole) in p.interiors().iter().enumerate() {
        if hole.is_empty() {
            continue;
        }
        let role = RingRole::Interior(i);
        let im = exterior.relate(hole);
        if !im.is_contains() {
            out.push(Problem::Polygon(
                InvalidPolygon::InteriorRingNotContainedInExteriorRing(role),
            ));
        }
        if im.get(CoordPos::OnBoundary, CoordPos::Inside) == Dimensions::OneDimensional {
            out.push(Problem::Polygon(InvalidPolygon::IntersectingRingsOnALine(
                RingRole::Exterior,
                role,
            )));
        }
        for j in i + 1..holes.len() {
            // Disjoint envelopes can neither overlap nor share a line.
            if !envelopes_meet(hole_boxes[i], hole_boxes[j]) {
                continue;
            }
            let im = holes[i].relate(&holes[j]);
            if im.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
                out.push(Problem::Polygon(InvalidPolygon::IntersectingRingsOnAnArea(
                    role,
                    RingRole::Interior(j),
                )));
            }
            if im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
                out.push(Problem::Polygon(InvalidPolygon::IntersectingRingsOnALine(
                    role,
                    RingRole::Interior(j),
                )));
            }
        }
    }
    out
}

/// The problems of a multipolygon, as `geo`'s `MultiPolygon::validation_errors` names them
/// (a single polygon's problems are not wrapped, as for a `Polygon`).
pub fn multipolygon_problems(mp: &MultiPolygon<f64>) -> Vec<Problem> {
    if mp.0.len() == 1 {
        return polygon_problems(&mp.0[0]);
    }
    let mut out = Vec::new();
    let boxes: Vec<Option<Rect<f64>>> = mp.0.iter().map(|p| p.bounding_rect()).collect();
    let tree: RTree<GeomWithData<Rectangle<[f64; 2]>, usize>> = RTree::bulk_load(
        boxes
            .iter()
            .enumerate()
            .filter_map(|(i, b)| {
                envelope(*b).map(|e| GeomWithData::new(Rectangle::from_aabb(e), i))
            })
            .collect(),
    );
    for (i, polygon) in mp.0.iter().enumerate() {
        for e in polygon_problems(polygon) {
            out.push(match e {
                Problem::Polygon(e) => {
                    Problem::MultiPolygon(InvalidMultiPolygon::InvalidPolygon(GeometryIndex(i), e))
                }
                other => other,
            });
        }
        let Some(env) = envelope(boxes[i]) else {
            continue;
        };
        let mut others: Vec<usize> = tree
            .locate_in_envelope_intersecting(&env)
            .map(|o| o.data)
            .filter(|&j| j > i)
            .collect();
        others.sort_unstable();
        for j in others {
            let im = polygon.relate(&mp.0[j]);
            if im.get(CoordPos::Inside, CoordPos::Inside) == Dimensions::TwoDimensional {
                out.push(Problem::MultiPolygon(
                    InvalidMultiPolygon::ElementsOverlaps(GeometryIndex(i), GeometryIndex(j)),
                ));
            }
            if im.get(CoordPos::OnBoundary, CoordPos::OnBoundary) == Dimensions::OneDimensional {
                out.push(Problem::MultiPolygon(
                    InvalidMultiPolygon::ElementsTouchOnALine(GeometryIndex(i), GeometryIndex(j)),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::Validation;
    use rand::{Rng, SeedableRng};

    fn ring(pts: &[(f64, f64)]) -> LineString<f64> {
        let mut v: Vec<Coord<f64>> = pts.iter().map(|&(x, y)| Coord { x, y }).collect();
        if let Some(&f) = v.first() {
            v.push(f);
        }
        LineString(v)
    }

    /// A star-shaped ring of `n` vertices around the origin: simple by construction.
    pub(crate) fn star(n: usize, seed: u64) -> LineString<f64> {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let pts: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                // A wavy outline with noise of the order of the vertex spacing, like a
                // digitised boundary.
                let r = 1.0 + 0.2 * (7.0 * a).sin() + rng.gen_range(0.0..1.0) * 3.0 / n as f64;
                (r * a.cos(), r * a.sin())
            })
            .collect();
        ring(&pts)
    }

    #[test]
    fn agrees_with_geo_on_random_small_rings() {
        // Random rings on a coarse grid give crossings, touches, spikes and repeats.
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        let mut found = 0;
        for case in 0..3000 {
            let n = rng.gen_range(3..12);
            let grid: f64 = if case % 2 == 0 { 4.0 } else { 1000.0 };
            let pts: Vec<(f64, f64)> = (0..n)
                .map(|_| {
                    (
                        rng.gen_range(0.0..grid).floor(),
                        rng.gen_range(0.0..grid).floor(),
                    )
                })
                .collect();
            let r = ring(&pts);
            let p = Polygon::new(r.clone(), vec![]);
            let theirs: Vec<String> = p
                .validation_errors()
                .iter()
                .map(|e| e.to_string())
                .collect();
            let ours: Vec<String> = polygon_problems(&p).iter().map(|e| e.to_string()).collect();
            assert_eq!(ours, theirs, "ring {r:?}");
            if theirs.iter().any(|e| e.contains("self-intersection")) {
                found += 1;
            }
        }
        assert!(
            found > 300,
            "too few self-intersecting cases ({found}) to compare"
        );
    }

    #[test]
    fn agrees_with_geo_on_polygons_with_holes_and_multipolygons() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        for _ in 0..300 {
            let mut poly = || {
                let n = rng.gen_range(3..7);
                let ext: Vec<(f64, f64)> = (0..n)
                    .map(|_| (rng.gen_range(0..8) as f64, rng.gen_range(0..8) as f64))
                    .collect();
                let holes: Vec<LineString<f64>> = (0..rng.gen_range(0..3))
                    .map(|_| {
                        let m = rng.gen_range(3..5);
                        let h: Vec<(f64, f64)> = (0..m)
                            .map(|_| (rng.gen_range(0..8) as f64, rng.gen_range(0..8) as f64))
                            .collect();
                        ring(&h)
                    })
                    .collect();
                Polygon::new(ring(&ext), holes)
            };
            let mp = MultiPolygon(vec![poly(), poly(), poly()]);
            let theirs: Vec<String> = mp
                .validation_errors()
                .iter()
                .map(|e| e.to_string())
                .collect();
            let ours: Vec<String> = multipolygon_problems(&mp)
                .iter()
                .map(|e| e.to_string())
                .collect();
            assert_eq!(ours, theirs, "{mp:?}");
        }
    }

    #[test]
    fn a_200k_vertex_ring_is_checked_and_a_crossing_is_found() {
        let r = star(200_000, 3);
        assert_eq!(ring_self_intersection(&r), SelfIntersection::None);
        // Swap two far-apart vertices: their edges now cross the ring.
        let mut bad = r.clone();
        bad.0.swap(1000, 150_000);
        assert_eq!(ring_self_intersection(&bad), SelfIntersection::Found);
        // A tiny bow-tie near the end of an otherwise simple ring.
        let mut bow = r;
        let n = bow.0.len();
        bow.0.swap(n - 3, n - 4);
        assert_eq!(ring_self_intersection(&bow), SelfIntersection::Found);
    }

    #[test]
    fn a_star_of_long_crossing_edges_is_not_called_simple() {
        // A {n/k} star polygon: every edge is a long chord through the middle, so every
        // envelope meets every other; the answer must still come (found or too complex).
        let n = 20_001usize;
        let k = n / 2 - 1;
        let pts: Vec<(f64, f64)> = (0..n)
            .map(|i| {
                let a = ((i * k) % n) as f64 / n as f64 * std::f64::consts::TAU;
                (a.cos(), a.sin())
            })
            .collect();
        assert_ne!(ring_self_intersection(&ring(&pts)), SelfIntersection::None);
    }
}
