//! Well-known binary (little-endian, 2D) encoding of geo geometries, for handing features to
//! GDAL in one call per geometry.

use geo::{Coord, Geometry, LineString, Polygon};

/// Encodes a geometry into a reused buffer (cleared first); `promote` turns a Polygon into a
/// MultiPolygon and a LineString into a MultiLineString (GeoPackage layers declare one
/// geometry type).
#[cfg(test)]
pub fn encode_into(out: &mut Vec<u8>, g: &Geometry<f64>, promote: bool) {
    out.clear();
    write(out, g, promote);
}

/// Encodes a borrowed geometry into `out` (appended), as [`encode_into`] does.
pub fn append_ref(out: &mut Vec<u8>, g: crate::view::GeomRef<'_>, promote: bool) {
    use crate::view::GeomRef;
    match g {
        GeomRef::Point(p) => {
            header(out, 1);
            coord(out, &p.0);
        }
        GeomRef::LineString(l) if promote => {
            header(out, 5);
            count(out, 1);
            line(out, l);
        }
        GeomRef::LineString(l) => line(out, l),
        GeomRef::MultiLineString(ml) => {
            header(out, 5);
            count(out, ml.0.len());
            ml.0.iter().for_each(|l| line(out, l));
        }
        GeomRef::MultiPolygon(mp) => {
            header(out, 6);
            count(out, mp.0.len());
            mp.0.iter().for_each(|p| polygon(out, p));
        }
        GeomRef::Geometry(g) => write(out, g, promote),
    }
}

fn header(out: &mut Vec<u8>, kind: u32) {
    out.push(1);
    out.extend_from_slice(&kind.to_le_bytes());
}

fn count(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(&(n as u32).to_le_bytes());
}

fn coord(out: &mut Vec<u8>, c: &Coord<f64>) {
    out.extend_from_slice(&c.x.to_le_bytes());
    out.extend_from_slice(&c.y.to_le_bytes());
}

fn ring(out: &mut Vec<u8>, l: &LineString<f64>) {
    count(out, l.0.len());
    l.0.iter().for_each(|c| coord(out, c));
}

fn polygon(out: &mut Vec<u8>, p: &Polygon<f64>) {
    header(out, 3);
    count(out, 1 + p.interiors().len());
    ring(out, p.exterior());
    p.interiors().iter().for_each(|r| ring(out, r));
}

fn line(out: &mut Vec<u8>, l: &LineString<f64>) {
    header(out, 2);
    ring(out, l);
}

fn write(out: &mut Vec<u8>, g: &Geometry<f64>, promote: bool) {
    match g {
        Geometry::Point(p) => {
            header(out, 1);
            coord(out, &p.0);
        }
        Geometry::LineString(l) if promote => {
            header(out, 5);
            count(out, 1);
            line(out, l);
        }
        Geometry::LineString(l) => line(out, l),
        Geometry::Polygon(p) if promote => {
            header(out, 6);
            count(out, 1);
            polygon(out, p);
        }
        Geometry::Polygon(p) => polygon(out, p),
        Geometry::MultiPoint(mp) => {
            header(out, 4);
            count(out, mp.0.len());
            for p in &mp.0 {
                header(out, 1);
                coord(out, &p.0);
            }
        }
        Geometry::MultiLineString(ml) => {
            header(out, 5);
            count(out, ml.0.len());
            ml.0.iter().for_each(|l| line(out, l));
        }
        Geometry::MultiPolygon(mp) => {
            header(out, 6);
            count(out, mp.0.len());
            mp.0.iter().for_each(|p| polygon(out, p));
        }
        Geometry::GeometryCollection(gc) => {
            header(out, 7);
            count(out, gc.0.len());
            gc.0.iter().for_each(|g| write(out, g, false));
        }
        Geometry::Line(l) => write(
            out,
            &Geometry::LineString(LineString(vec![l.start, l.end])),
            promote,
        ),
        Geometry::Rect(r) => write(out, &Geometry::Polygon(r.to_polygon()), promote),
        Geometry::Triangle(t) => write(out, &Geometry::Polygon(t.to_polygon()), promote),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{line_string, point, polygon};

    fn wkt(g: Geometry<f64>, promote: bool) -> String {
        let mut buf = Vec::new();
        encode_into(&mut buf, &g, promote);
        gdal::vector::Geometry::from_wkb(&buf)
            .unwrap()
            .wkt()
            .unwrap()
    }

    #[test]
    fn gdal_reads_what_is_encoded() {
        assert_eq!(
            wkt(point!(x: 113.5, y: 34.25).into(), false),
            "POINT (113.5 34.25)"
        );
        assert_eq!(
            wkt(
                line_string![(x: 1.0, y: 2.0), (x: 3.0, y: 4.0)].into(),
                true
            ),
            "MULTILINESTRING ((1 2,3 4))"
        );
        let p = polygon!(
            exterior: [(x: 0.0, y: 0.0), (x: 4.0, y: 0.0), (x: 4.0, y: 4.0), (x: 0.0, y: 0.0)],
            interiors: [[(x: 1.0, y: 1.0), (x: 2.0, y: 1.0), (x: 2.0, y: 2.0), (x: 1.0, y: 1.0)]],
        );
        assert_eq!(
            wkt(p.clone().into(), true),
            "MULTIPOLYGON (((0 0,4 0,4 4,0 0),(1 1,2 1,2 2,1 1)))"
        );
        assert_eq!(
            wkt(p.into(), false),
            "POLYGON ((0 0,4 0,4 4,0 0),(1 1,2 1,2 2,1 1))"
        );
    }
}
