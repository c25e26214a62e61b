//! SVG maps drawn from the geometries themselves: a lon/lat → pixel projection fitted to a
//! box (equirectangular, x scaled by cos of the mid latitude), and path data simplified in
//! pixel space (vertices closer than a threshold to the last kept one are dropped), so that a
//! province of parcels stays a few hundred kilobytes.

use crate::view::GeomRef;
use geo::{Coord, Geometry, LineString, Polygon};
use std::fmt::Write;

/// A fitted projection from lon/lat to SVG pixels (y down).
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    min_x: f64,
    max_y: f64,
    kx: f64,
    scale: f64,
    off_x: f64,
    off_y: f64,
}

/// A lon/lat box `[min lon, min lat, max lon, max lat]`, grown to cover more geometries.
#[derive(Debug, Clone, Copy)]
pub struct Bounds(pub [f64; 4]);

impl Default for Bounds {
    fn default() -> Self {
        Bounds([
            f64::INFINITY,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NEG_INFINITY,
        ])
    }
}

impl Bounds {
    pub fn add_coord(&mut self, c: &Coord<f64>) {
        if c.x.is_finite() && c.y.is_finite() {
            let b = &mut self.0;
            b[0] = b[0].min(c.x);
            b[1] = b[1].min(c.y);
            b[2] = b[2].max(c.x);
            b[3] = b[3].max(c.y);
        }
    }
    pub fn add(&mut self, g: GeomRef<'_>) {
        for_each_coord(g, &mut |c| self.add_coord(c));
    }
    pub fn is_empty(&self) -> bool {
        !(self.0[0] <= self.0[2] && self.0[1] <= self.0[3])
    }
    /// Grown by a share of its size on every side (at least `min_deg` degrees).
    pub fn padded(&self, share: f64, min_deg: f64) -> Bounds {
        let dx = ((self.0[2] - self.0[0]) * share).max(min_deg);
        let dy = ((self.0[3] - self.0[1]) * share).max(min_deg);
        Bounds([
            self.0[0] - dx,
            self.0[1] - dy,
            self.0[2] + dx,
            self.0[3] + dy,
        ])
    }
}

fn for_each_coord(g: GeomRef<'_>, f: &mut dyn FnMut(&Coord<f64>)) {
    match g {
        GeomRef::Point(p) => f(&p.0),
        GeomRef::LineString(l) => l.0.iter().for_each(f),
        GeomRef::MultiLineString(ml) => ml.0.iter().flat_map(|l| l.0.iter()).for_each(f),
        GeomRef::MultiPolygon(mp) => mp.0.iter().flat_map(|p| p.exterior().0.iter()).for_each(f),
        GeomRef::Geometry(g) => for_each_geometry_coord(g, f),
    }
}

fn for_each_geometry_coord(g: &Geometry<f64>, f: &mut dyn FnMut(&Coord<f64>)) {
    match g {
        Geometry::Point(p) => f(&p.0),
        Geometry::MultiPoint(mp) => mp.0.iter().for_each(|p| f(&p.0)),
        Geometry::LineString(l) => l.0.iter().for_each(f),
        Geometry::MultiLineString(ml) => ml.0.iter().flat_map(|l| l.0.iter()).for_each(f),
        Geometry::Polygon(p) => p.exterior().0.iter().for_each(f),
        Geometry::MultiPolygon(mp) => mp.0.iter().flat_map(|p| p.exterior().0.iter()).for_each(f),
        Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|g| for_each_geometry_coord(g, f)),
        Geometry::Line(l) => {
            f(&l.start);
            f(&l.end)
        }
        Geometry::Rect(r) => {
            f(&r.min());
            f(&r.max())
        }
        Geometry::Triangle(t) => t.to_array().iter().for_each(f),
    }
}

impl Frame {
    /// Fits `bounds` into `width` × `height` pixels with `pad` pixels of margin; the height
    /// shrinks to the data's aspect when `fit_height` is set.
    pub fn fit(bounds: &Bounds, width: f64, height: f64, pad: f64, fit_height: bool) -> Frame {
        let b = if bounds.is_empty() {
            Bounds([113.0, 33.0, 114.0, 34.0])
        } else {
            *bounds
        };
        let mid_lat = ((b.0[1] + b.0[3]) / 2.0).to_radians();
        let kx = mid_lat.cos().max(0.1);
        let w = ((b.0[2] - b.0[0]) * kx).max(1e-9);
        let h = (b.0[3] - b.0[1]).max(1e-9);
        let scale = ((width - 2.0 * pad) / w).min((height - 2.0 * pad) / h);
        let height = if fit_height {
            (h * scale + 2.0 * pad).ceil().min(height)
        } else {
            height
        };
        let off_x = (width - w * scale) / 2.0;
        let off_y = (height - h * scale) / 2.0;
        Frame {
            width,
            height,
            min_x: b.0[0],
            max_y: b.0[3],
            kx,
            scale,
            off_x,
            off_y,
        }
    }

    /// Pixel position of a lon/lat coordinate.
    pub fn px(&self, c: &Coord<f64>) -> (f64, f64) {
        (
            self.off_x + (c.x - self.min_x) * self.kx * self.scale,
            self.off_y + (self.max_y - c.y) * self.scale,
        )
    }

    /// Pixels per metre (approximately, at the frame's latitude).
    pub fn px_per_m(&self) -> f64 {
        self.scale / crate::geodesy::METRES_PER_DEGREE
    }

    /// SVG path data for a geometry; `tol` is the simplification threshold in pixels.
    pub fn path(&self, g: GeomRef<'_>, tol: f64) -> String {
        let mut d = String::new();
        match g {
            GeomRef::MultiPolygon(mp) => {
                mp.0.iter().for_each(|p| self.write_polygon(&mut d, p, tol))
            }
            GeomRef::LineString(l) => self.write_ring(&mut d, l, tol, false),
            GeomRef::MultiLineString(ml) => {
                ml.0.iter()
                    .for_each(|l| self.write_ring(&mut d, l, tol, false))
            }
            GeomRef::Geometry(g) => self.write_path(&mut d, g, tol),
            GeomRef::Point(_) => {}
        }
        d
    }

    /// One ring or line in whole pixels (the maps' display resolution): an absolute move, then
    /// relative `l` steps between rounded vertices, vertices within `tol` px of the last one
    /// (or on the same pixel) dropped. Relative integer steps keep the report light: a province
    /// holds thousands of small maps.
    fn write_ring(&self, d: &mut String, l: &LineString<f64>, tol: f64, close: bool) {
        let mut last: Option<(f64, f64)> = None;
        let mut last_px = (0i64, 0i64);
        let mut n = 0;
        let start = d.len();
        for (i, c) in l.0.iter().enumerate() {
            let p = self.px(c);
            let is_last = i + 1 == l.0.len();
            let q = (p.0.round() as i64, p.1.round() as i64);
            if let Some(lp) = last {
                let near = (p.0 - lp.0).abs() < tol && (p.1 - lp.1).abs() < tol;
                if q == last_px || (!is_last && near) {
                    continue;
                }
            }
            if n == 0 {
                let _ = write!(d, "M{} {}l", q.0, q.1);
            } else {
                let (dx, dy) = (q.0 - last_px.0, q.1 - last_px.1);
                if n > 1 && dx >= 0 {
                    d.push(' ');
                }
                let _ = write!(d, "{dx}");
                if dy >= 0 {
                    d.push(' ');
                }
                let _ = write!(d, "{dy}");
            }
            last = Some(p);
            last_px = q;
            n += 1;
        }
        if n == 1 {
            // A lone move: drop the dangling `l`.
            d.pop();
        }
        if close {
            if n < 3 {
                // Too small to see at this scale: a one-pixel square where it lies.
                d.truncate(start);
                if let Some(c) = l.0.first() {
                    let p = self.px(c);
                    let _ = write!(d, "M{:.1} {:.1}h1v1h-1Z", p.0 - 0.5, p.1 - 0.5);
                }
            } else {
                d.push('Z');
            }
        }
    }

    fn write_polygon(&self, d: &mut String, p: &Polygon<f64>, tol: f64) {
        self.write_ring(d, p.exterior(), tol, true);
        for r in p.interiors() {
            self.write_ring(d, r, tol, true);
        }
    }

    fn write_path(&self, d: &mut String, g: &Geometry<f64>, tol: f64) {
        match g {
            Geometry::Polygon(p) => self.write_polygon(d, p, tol),
            Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| self.write_polygon(d, p, tol)),
            Geometry::LineString(l) => self.write_ring(d, l, tol, false),
            Geometry::MultiLineString(ml) => {
                ml.0.iter().for_each(|l| self.write_ring(d, l, tol, false))
            }
            Geometry::GeometryCollection(gc) => {
                gc.0.iter().for_each(|g| self.write_path(d, g, tol))
            }
            Geometry::Rect(r) => self.write_polygon(d, &r.to_polygon(), tol),
            Geometry::Triangle(t) => self.write_polygon(d, &t.to_polygon(), tol),
            Geometry::Line(l) => self.write_ring(d, &LineString(vec![l.start, l.end]), tol, false),
            Geometry::Point(_) | Geometry::MultiPoint(_) => {}
        }
    }

    /// Whether a pixel lies within the frame grown by `margin` pixels.
    fn inside(&self, p: (f64, f64), margin: f64) -> bool {
        p.0 >= -margin
            && p.1 >= -margin
            && p.0 <= self.width + margin
            && p.1 <= self.height + margin
    }

    /// Path data of lines clipped to the frame (plus `margin` px): runs of vertices outside
    /// are dropped, keeping the first vertex beyond the edge so lines leave the map; whole
    /// pixels; vertices within `tol` px of the last one dropped.
    pub fn clipped_lines(&self, d: &mut String, g: GeomRef<'_>, tol: f64, margin: f64) {
        for l in lines_of(g) {
            let pts: Vec<(f64, f64)> = l.0.iter().map(|c| self.px(c)).collect();
            let inside: Vec<bool> = pts.iter().map(|p| self.inside(*p, margin)).collect();
            let mut pen_down = false;
            let mut last = (f64::NAN, f64::NAN);
            for (i, p) in pts.iter().enumerate() {
                let keep =
                    inside[i] || (i > 0 && inside[i - 1]) || (i + 1 < pts.len() && inside[i + 1]);
                if !keep {
                    pen_down = false;
                    continue;
                }
                let is_last = i + 1 == pts.len();
                if pen_down && !is_last && (p.0 - last.0).abs() < tol && (p.1 - last.1).abs() < tol
                {
                    continue;
                }
                let _ = write!(
                    d,
                    "{}{:.0} {:.0}",
                    if pen_down { "L" } else { "M" },
                    p.0,
                    p.1
                );
                pen_down = true;
                last = *p;
            }
        }
    }

    /// Path data of lines snapped to a whole-pixel grid with every grid segment written once
    /// (`seen` is shared across calls): a province of short road links becomes at most one
    /// segment per pixel step, whatever the number of links. With `clip`, segments with no
    /// end within the frame grown by that many pixels are left out.
    pub fn grid_lines(
        &self,
        d: &mut String,
        g: GeomRef<'_>,
        seen: &mut std::collections::HashSet<(i32, i32, i32, i32)>,
        clip: Option<f64>,
    ) {
        for l in lines_of(g) {
            let mut prev: Option<(i32, i32)> = None;
            let mut pen: Option<(i32, i32)> = None;
            for c in &l.0 {
                let (x, y) = self.px(c);
                let q = (x.round() as i32, y.round() as i32);
                if let Some(p) = prev {
                    if p == q {
                        continue;
                    }
                    let key = if p < q {
                        (p.0, p.1, q.0, q.1)
                    } else {
                        (q.0, q.1, p.0, p.1)
                    };
                    let visible = clip.is_none_or(|m| {
                        self.inside((p.0 as f64, p.1 as f64), m)
                            || self.inside((q.0 as f64, q.1 as f64), m)
                    });
                    if visible && seen.insert(key) {
                        if pen != Some(p) {
                            let _ = write!(d, "M{} {}", p.0, p.1);
                        }
                        let _ = write!(d, "L{} {}", q.0, q.1);
                        pen = Some(q);
                    }
                }
                prev = Some(q);
            }
        }
    }

    /// Pixel position of a representative point (points as they are; else the centre of the
    /// envelope).
    pub fn anchor(&self, g: GeomRef<'_>) -> Option<(f64, f64)> {
        match g {
            GeomRef::Point(p) | GeomRef::Geometry(Geometry::Point(p)) => Some(self.px(&p.0)),
            _ => {
                let mut b = Bounds::default();
                b.add(g);
                (!b.is_empty()).then(|| {
                    self.px(&Coord {
                        x: (b.0[0] + b.0[2]) / 2.0,
                        y: (b.0[1] + b.0[3]) / 2.0,
                    })
                })
            }
        }
    }
}

/// The lines of a (multi)line geometry; nothing for other kinds.
fn lines_of(g: GeomRef<'_>) -> Vec<&LineString<f64>> {
    match g {
        GeomRef::LineString(l) | GeomRef::Geometry(Geometry::LineString(l)) => vec![l],
        GeomRef::MultiLineString(ml) | GeomRef::Geometry(Geometry::MultiLineString(ml)) => {
            ml.0.iter().collect()
        }
        _ => Vec::new(),
    }
}

/// Escapes text for XML/HTML content and attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::polygon;

    #[test]
    fn fits_and_projects_corners() {
        let g: Geometry<f64> = polygon![(x: 113.0, y: 34.0), (x: 114.0, y: 34.0), (x: 114.0, y: 35.0), (x: 113.0, y: 35.0)].into();
        let mut b = Bounds::default();
        b.add(GeomRef::Geometry(&g));
        let f = Frame::fit(&b, 200.0, 200.0, 10.0, false);
        let (x0, y0) = f.px(&Coord { x: 113.0, y: 35.0 });
        let (x1, y1) = f.px(&Coord { x: 114.0, y: 34.0 });
        assert!(
            (y0 - 10.0).abs() < 1e-9 && (y1 - 190.0).abs() < 1e-9,
            "{y0} {y1}"
        );
        // Width shrinks by cos(34.5°) and is centred.
        let w = 180.0 * 34.5f64.to_radians().cos();
        assert!(((x1 - x0) - w).abs() < 1e-9 && ((x0 + x1) / 2.0 - 100.0).abs() < 1e-9);
        let d = f.path(GeomRef::Geometry(&g), 0.5);
        assert!(d.starts_with('M') && d.ends_with('Z'), "{d}");
    }

    #[test]
    fn lines_are_clipped_and_deduplicated() {
        let b = Bounds([0.0, 0.0, 1.0, 1.0]);
        let f = Frame::fit(&b, 100.0, 100.0, 0.0, false);
        // A line from far left to far right through the middle: only the part near the frame.
        let far: Geometry<f64> = LineString::from(vec![
            (-50.0, 0.5),
            (-10.0, 0.5),
            (-0.5, 0.5),
            (0.5, 0.5),
            (1.5, 0.5),
            (10.0, 0.5),
            (50.0, 0.5),
        ])
        .into();
        let mut d = String::new();
        f.clipped_lines(&mut d, GeomRef::Geometry(&far), 0.5, 10.0);
        assert_eq!(d, "M-50 50L50 50L150 50");
        // The same segment twice (and a zero-length one) is drawn once on the grid.
        let seg: Geometry<f64> = LineString::from(vec![(0.1, 0.5), (0.1, 0.5), (0.9, 0.5)]).into();
        let mut seen = std::collections::HashSet::new();
        let mut d = String::new();
        f.grid_lines(&mut d, GeomRef::Geometry(&seg), &mut seen, None);
        f.grid_lines(&mut d, GeomRef::Geometry(&seg), &mut seen, None);
        assert_eq!(d.matches('L').count(), 1, "{d}");
    }

    #[test]
    fn rings_are_whole_pixel_relative_steps() {
        let f = Frame::fit(&Bounds([0.0, 0.0, 1.0, 1.0]), 100.0, 100.0, 0.0, false);
        let ring = LineString::from(vec![(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 0.0)]);
        let mut d = String::new();
        f.write_ring(&mut d, &ring, 0.5, true);
        // Absolute start, then relative steps that return to it.
        assert!(
            d.starts_with('M') && d.ends_with('Z') && d.contains('l'),
            "{d}"
        );
        let steps: Vec<i64> = d[d.find('l').unwrap() + 1..d.len() - 1]
            .replace('-', " -")
            .split_whitespace()
            .map(|t| t.parse().unwrap())
            .collect();
        assert_eq!(steps.len(), 6, "{d}");
        assert_eq!(steps.iter().step_by(2).sum::<i64>(), 0, "{d}");
        assert_eq!(steps.iter().skip(1).step_by(2).sum::<i64>(), 0, "{d}");
    }

    #[test]
    fn tiny_polygons_become_a_pixel() {
        let g: Geometry<f64> =
            polygon![(x: 113.0, y: 34.0), (x: 113.00001, y: 34.0), (x: 113.00001, y: 34.00001)]
                .into();
        let b = Bounds([112.0, 33.0, 115.0, 36.0]);
        let f = Frame::fit(&b, 100.0, 100.0, 0.0, false);
        assert!(f.path(GeomRef::Geometry(&g), 0.5).ends_with("h1v1h-1Z"));
    }
}
