//! Inline SVG maps for the HTML pages (equirectangular, x scaled by cos latitude) and HTML
//! escaping: drawing primitives that the pages ([`super::html`]) and the style classes
//! ([`super::classes`]) share.

use geo::{BoundingRect, Coord, Geometry, LineString};
use std::fmt::Write;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// An inline SVG map of geometries (equirectangular, scaled by cos latitude), one colour.
pub fn svg_map(geoms: &[&Geometry<f64>], width: f64, height: f64) -> String {
    let styled: Vec<(&Geometry<f64>, &str)> = geoms.iter().map(|g| (*g, DEFAULT_COLOUR)).collect();
    svg_map_styled(&styled, width, height)
}

const DEFAULT_COLOUR: &str = "#e8a33d";

/// An inline SVG map of geometries, each with its colour (its style class's).
pub fn svg_map_styled(geoms: &[(&Geometry<f64>, &str)], width: f64, height: f64) -> String {
    let rect = geoms
        .iter()
        .filter_map(|(g, _)| g.bounding_rect())
        .reduce(|a, b| {
            geo::Rect::new(
                Coord {
                    x: a.min().x.min(b.min().x),
                    y: a.min().y.min(b.min().y),
                },
                Coord {
                    x: a.max().x.max(b.max().x),
                    y: a.max().y.max(b.max().y),
                },
            )
        });
    let Some(rect) = rect else {
        return String::new();
    };
    let k = rect.center().y.to_radians().cos().max(0.01);
    let w = ((rect.max().x - rect.min().x) * k).max(1e-6);
    let h = (rect.max().y - rect.min().y).max(1e-6);
    let scale = ((width - 20.0) / w).min((height - 20.0) / h);
    let (x0, y1) = (rect.min().x, rect.max().y);
    let tx = |c: &Coord<f64>| (10.0 + (c.x - x0) * k * scale, 10.0 + (y1 - c.y) * scale);
    let mut s = format!("<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
    let path = |l: &LineString<f64>, closed: bool, out: &mut String| {
        for (j, c) in l.0.iter().enumerate() {
            let (x, y) = tx(c);
            let _ = write!(out, "{}{x:.1} {y:.1}", if j == 0 { "M" } else { "L" });
        }
        if closed {
            out.push('Z');
        }
    };
    // Path data per colour, in the order colours first appear; polygons under lines under points.
    let mut polys: Vec<(&str, String)> = Vec::new();
    let mut lines: Vec<(&str, String)> = Vec::new();
    let mut points: Vec<(&str, String)> = Vec::new();
    fn slot<'c>(v: &mut Vec<(&'c str, String)>, colour: &'c str) -> usize {
        match v.iter().position(|(c, _)| *c == colour) {
            Some(i) => i,
            None => {
                v.push((colour, String::new()));
                v.len() - 1
            }
        }
    }
    fn walk(g: &Geometry<f64>, f: &mut dyn FnMut(&Geometry<f64>)) {
        match g {
            Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|x| walk(x, f)),
            other => f(other),
        }
    }
    for (g, colour) in geoms {
        let (pi, li, qi) = (
            slot(&mut polys, colour),
            slot(&mut lines, colour),
            slot(&mut points, colour),
        );
        walk(g, &mut |g| match g {
            Geometry::Polygon(p) => {
                path(p.exterior(), true, &mut polys[pi].1);
                p.interiors()
                    .iter()
                    .for_each(|r| path(r, true, &mut polys[pi].1));
            }
            Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| {
                path(p.exterior(), true, &mut polys[pi].1);
                p.interiors()
                    .iter()
                    .for_each(|r| path(r, true, &mut polys[pi].1));
            }),
            Geometry::LineString(l) => path(l, false, &mut lines[li].1),
            Geometry::MultiLineString(ml) => {
                ml.0.iter().for_each(|l| path(l, false, &mut lines[li].1))
            }
            Geometry::Point(p) => {
                let (x, y) = tx(&p.0);
                let _ = write!(
                    points[qi].1,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\"/>"
                );
            }
            Geometry::MultiPoint(mp) => mp.0.iter().for_each(|p| {
                let (x, y) = tx(&p.0);
                let _ = write!(
                    points[qi].1,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\"/>"
                );
            }),
            _ => {}
        });
    }
    for (colour, d) in polys.iter().filter(|(_, d)| !d.is_empty()) {
        let c = esc(colour);
        let _ = write!(s, "<path d=\"{d}\" fill=\"{c}\" fill-opacity=\"0.6\" stroke=\"#37474f\" stroke-width=\"0.6\" fill-rule=\"evenodd\"/>");
    }
    for (colour, d) in lines.iter().filter(|(_, d)| !d.is_empty()) {
        let _ = write!(
            s,
            "<path d=\"{d}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.4\"/>",
            esc(colour)
        );
    }
    for (colour, d) in points.iter().filter(|(_, d)| !d.is_empty()) {
        let _ = write!(
            s,
            "<g fill=\"{}\" stroke=\"#263238\" stroke-width=\"0.5\">{d}</g>",
            esc(colour)
        );
    }
    s.push_str("</svg>");
    s
}
