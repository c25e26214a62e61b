//! ISO WKB (as GDAL exports it) to `geo` geometries, 2D. Reading WKB directly is several
//! times faster than building `geo` values through GDAL's geometry API.
//!
//! `geo` closes polygon rings on construction, so ring problems that OGC validity must
//! report (an unclosed ring, too few points) are noted here, before that happens.

use geo::{
    Coord, Geometry, GeometryCollection, LineString, MultiLineString, MultiPoint, MultiPolygon,
    Point, Polygon,
};

/// A parsed geometry and the structural problems seen on the way.
#[derive(Debug)]
pub struct Parsed {
    pub geometry: Geometry<f64>,
    /// Plain sentences: "exterior ring is not closed", "interior ring 1 has 3 points; a ring needs at least 4".
    pub problems: Vec<String>,
}

/// Parses one ISO (or plain 2D) WKB geometry; Z and M are dropped.
pub fn parse_wkb(bytes: &[u8]) -> Result<Parsed, String> {
    let mut r = Reader {
        b: bytes,
        pos: 0,
        problems: Vec::new(),
    };
    let geometry = r.geometry(0, "")?;
    Ok(Parsed {
        geometry,
        problems: r.problems,
    })
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
    problems: Vec<String>,
}

const TRUNCATED: &str = "geometry data is truncated";

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or(TRUNCATED)?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }
    fn u32(&mut self, le: bool) -> Result<u32, String> {
        let s: [u8; 4] = self.take(4)?.try_into().map_err(|_| TRUNCATED)?;
        Ok(if le {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        })
    }
    fn f64(&mut self, le: bool) -> Result<f64, String> {
        let s: [u8; 8] = self.take(8)?.try_into().map_err(|_| TRUNCATED)?;
        Ok(if le {
            f64::from_le_bytes(s)
        } else {
            f64::from_be_bytes(s)
        })
    }
    /// A count of items at least `min_bytes` long each, checked against what is left.
    fn count(&mut self, le: bool, min_bytes: usize) -> Result<usize, String> {
        let n = self.u32(le)? as usize;
        if n.saturating_mul(min_bytes) > self.b.len() - self.pos {
            return Err(TRUNCATED.to_string());
        }
        Ok(n)
    }
    fn coord(&mut self, le: bool, dims: usize) -> Result<Coord<f64>, String> {
        let x = self.f64(le)?;
        let y = self.f64(le)?;
        for _ in 2..dims {
            self.f64(le)?;
        }
        Ok(Coord { x, y })
    }
    fn coords(&mut self, le: bool, dims: usize) -> Result<Vec<Coord<f64>>, String> {
        let n = self.count(le, 8 * dims)?;
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            v.push(self.coord(le, dims)?);
        }
        Ok(v)
    }

    fn header(&mut self) -> Result<(bool, u32, usize), String> {
        let order = self.take(1)?[0];
        let le = match order {
            0 => false,
            1 => true,
            _ => return Err(format!("geometry data has an unknown byte order {order}")),
        };
        let raw = self.u32(le)?;
        // EWKB flags (PostGIS) as well as ISO thousands.
        let mut dims = 2;
        if raw & 0x8000_0000 != 0 {
            dims += 1;
        }
        if raw & 0x4000_0000 != 0 {
            dims += 1;
        }
        if raw & 0x2000_0000 != 0 {
            self.u32(le)?; // SRID
        }
        let t = raw & 0x0fff_ffff;
        let (base, iso_dims) = (t % 1000, t / 1000);
        dims += match iso_dims {
            0 => 0,
            1 | 2 => 1,
            3 => 2,
            _ => return Err(format!("geometry type code {raw} is not supported")),
        };
        Ok((le, base, dims))
    }

    fn geometry(&mut self, depth: usize, path: &str) -> Result<Geometry<f64>, String> {
        if depth > 16 {
            return Err("geometry is nested too deeply".to_string());
        }
        let (le, base, dims) = self.header()?;
        Ok(match base {
            1 => {
                let c = self.coord(le, dims)?;
                if c.x.is_nan() && c.y.is_nan() {
                    Geometry::MultiPoint(MultiPoint(Vec::new())) // an empty point
                } else {
                    Geometry::Point(Point(c))
                }
            }
            2 => Geometry::LineString(LineString(self.coords(le, dims)?)),
            3 => Geometry::Polygon(self.polygon(le, dims, path)?),
            4 => {
                let n = self.count(le, 5)?;
                let mut pts = Vec::with_capacity(n);
                for _ in 0..n {
                    match self.geometry(depth + 1, path)? {
                        Geometry::Point(p) => pts.push(p),
                        Geometry::MultiPoint(_) => {}
                        _ => {
                            return Err("a MultiPoint holds something other than points".to_string())
                        }
                    }
                }
                Geometry::MultiPoint(MultiPoint(pts))
            }
            5 => {
                let n = self.count(le, 9)?;
                let mut lines = Vec::with_capacity(n);
                for _ in 0..n {
                    match self.geometry(depth + 1, path)? {
                        Geometry::LineString(l) => lines.push(l),
                        _ => {
                            return Err(
                                "a MultiLineString holds something other than lines".to_string()
                            )
                        }
                    }
                }
                Geometry::MultiLineString(MultiLineString(lines))
            }
            6 => {
                let n = self.count(le, 9)?;
                let mut polys = Vec::with_capacity(n);
                for i in 0..n {
                    let p = format!("polygon {}, ", i + 1);
                    match self.geometry(depth + 1, if n > 1 { &p } else { path })? {
                        Geometry::Polygon(pg) => polys.push(pg),
                        _ => {
                            return Err(
                                "a MultiPolygon holds something other than polygons".to_string()
                            )
                        }
                    }
                }
                Geometry::MultiPolygon(MultiPolygon(polys))
            }
            7 => {
                let n = self.count(le, 9)?;
                let mut parts = Vec::with_capacity(n);
                for _ in 0..n {
                    parts.push(self.geometry(depth + 1, path)?);
                }
                Geometry::GeometryCollection(GeometryCollection(parts))
            }
            other => return Err(format!(
                "geometry type code {other} is not supported (curves are linearised by GDAL first)"
            )),
        })
    }

    fn polygon(&mut self, le: bool, dims: usize, path: &str) -> Result<Polygon<f64>, String> {
        let n = self.count(le, 4)?;
        let mut rings = Vec::with_capacity(n);
        for i in 0..n {
            let ring = self.coords(le, dims)?;
            let role = if i == 0 {
                "exterior ring".to_string()
            } else {
                format!("interior ring {i}")
            };
            if !ring.is_empty() {
                let closed = ring.first() == ring.last();
                if !closed {
                    self.problems.push(format!("{path}{role} is not closed"));
                }
                let closed_len = ring.len() + usize::from(!closed);
                if closed_len < 4 {
                    self.problems.push(format!(
                        "{path}{role} has {} points; a ring needs at least 4 (3 distinct and the first repeated)",
                        ring.len()
                    ));
                }
            }
            rings.push(LineString(ring));
        }
        let mut it = rings.into_iter();
        let exterior = it.next().unwrap_or_else(|| LineString(Vec::new()));
        Ok(Polygon::new(exterior, it.collect()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wkb_polygon(ring: &[(f64, f64)]) -> Vec<u8> {
        let mut b = vec![1u8];
        b.extend(3u32.to_le_bytes());
        b.extend(1u32.to_le_bytes());
        b.extend((ring.len() as u32).to_le_bytes());
        for (x, y) in ring {
            b.extend(x.to_le_bytes());
            b.extend(y.to_le_bytes());
        }
        b
    }

    #[test]
    fn closed_polygon() {
        let p = parse_wkb(&wkb_polygon(&[(0., 0.), (1., 0.), (1., 1.), (0., 0.)])).unwrap();
        assert!(p.problems.is_empty());
        assert!(matches!(p.geometry, Geometry::Polygon(_)));
    }

    #[test]
    fn unclosed_and_short_rings() {
        let p = parse_wkb(&wkb_polygon(&[(0., 0.), (1., 0.), (1., 1.)])).unwrap();
        assert_eq!(p.problems, vec!["exterior ring is not closed".to_string()]);
        let p = parse_wkb(&wkb_polygon(&[(0., 0.), (1., 0.), (0., 0.)])).unwrap();
        assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    }

    #[test]
    fn truncated() {
        let b = wkb_polygon(&[(0., 0.), (1., 0.), (1., 1.), (0., 0.)]);
        for n in 0..b.len() {
            assert!(parse_wkb(&b[..n]).is_err());
        }
        let mut huge = b.clone();
        huge[9..13].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(parse_wkb(&huge).is_err());
    }
}
