//! Envelope R-trees (rstar) over any layer: each entry is a bounding box in lon/lat and the
//! record's position.

use super::records::VillageGeometry;
use geo::BoundingRect;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, AABB};

/// A record's bounding box and its position in the layer.
pub type IndexedBox = GeomWithData<Rectangle<[f64; 2]>, u32>;
/// An R-tree of envelopes.
pub type BoxIndex = RTree<IndexedBox>;

/// The envelope of a geometry as `[min, max]` corners; `None` for an empty geometry.
pub fn envelope<G: BoundingRect<f64>>(g: &G) -> Option<AABB<[f64; 2]>>
where
    G::Output: Into<Option<geo::Rect<f64>>>,
{
    g.bounding_rect()
        .into()
        .map(|r| AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]))
}

/// The envelope of a village point or outline.
pub fn village_envelope(g: &VillageGeometry) -> Option<AABB<[f64; 2]>> {
    match g {
        VillageGeometry::Point(p) => Some(AABB::from_point([p.x(), p.y()])),
        VillageGeometry::Polygon(mp) => envelope(mp),
    }
}

/// Bulk-loads an R-tree from envelopes in record order (records without one are left out).
pub fn build(envelopes: impl Iterator<Item = Option<AABB<[f64; 2]>>>) -> BoxIndex {
    let items: Vec<IndexedBox> = envelopes
        .enumerate()
        .filter_map(|(i, e)| {
            e.map(|e| GeomWithData::new(Rectangle::from_corners(e.lower(), e.upper()), i as u32))
        })
        .collect();
    RTree::bulk_load(items)
}

/// Positions of the records whose envelope intersects a box.
pub fn query(index: &BoxIndex, min: [f64; 2], max: [f64; 2]) -> impl Iterator<Item = u32> + '_ {
    index
        .locate_in_envelope_intersecting(&AABB::from_corners(min, max))
        .map(|e| e.data)
}
