//! Borrowed geometries (CRS84).

use geo::{BoundingRect, Geometry, LineString, MultiLineString, MultiPolygon, Point, Rect};

/// A row's geometry, borrowed from the record or result that holds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum GeomRef<'a> {
    Point(&'a Point<f64>),
    LineString(&'a LineString<f64>),
    MultiLineString(&'a MultiLineString<f64>),
    MultiPolygon(&'a MultiPolygon<f64>),
    /// Any other geometry (owned layers).
    Geometry(&'a Geometry<f64>),
}

impl GeomRef<'_> {
    /// An owned copy.
    pub fn to_geometry(&self) -> Geometry<f64> {
        match *self {
            GeomRef::Point(p) => Geometry::Point(*p),
            GeomRef::LineString(l) => Geometry::LineString(l.clone()),
            GeomRef::MultiLineString(l) => Geometry::MultiLineString(l.clone()),
            GeomRef::MultiPolygon(p) => Geometry::MultiPolygon(p.clone()),
            GeomRef::Geometry(g) => g.clone(),
        }
    }
    /// The bounding box, `None` for an empty geometry.
    pub fn bounding_rect(&self) -> Option<Rect<f64>> {
        match *self {
            GeomRef::Point(p) => Some(p.bounding_rect()),
            GeomRef::LineString(l) => l.bounding_rect(),
            GeomRef::MultiLineString(l) => l.bounding_rect(),
            GeomRef::MultiPolygon(p) => p.bounding_rect(),
            GeomRef::Geometry(g) => g.bounding_rect(),
        }
    }
    /// Is it a point (or a multipoint)?
    pub fn is_point(&self) -> bool {
        match *self {
            GeomRef::Point(_) => true,
            GeomRef::Geometry(g) => matches!(g, Geometry::Point(_) | Geometry::MultiPoint(_)),
            _ => false,
        }
    }
}

impl<'a> From<&'a crate::dataset::VillageGeometry> for GeomRef<'a> {
    fn from(g: &'a crate::dataset::VillageGeometry) -> Self {
        match g {
            crate::dataset::VillageGeometry::Point(p) => GeomRef::Point(p),
            crate::dataset::VillageGeometry::Polygon(mp) => GeomRef::MultiPolygon(mp),
        }
    }
}
