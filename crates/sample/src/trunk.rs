//! Trunk roads of one province: national routes drawn along their real seat sequences
//! (expressways G4/G30 offset from the seats, with interchange connectors to each seat),
//! provincial routes tying every other seat to the network, and a few planned or
//! under-construction provincial routes. Vertices are shared by index, so junctions are
//! exact; links are cut at marked vertices when written.

use super::facts::Facts;
use super::plane::{add, dist, normal, unit, wiggle_path, Plane, P};
use super::writer::{Kind, Val, Writer};
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::HashMap;

/// Vertex spacing along trunk roads, metres.
pub const STEP_M: f64 = 250.0;
/// Vertices per trunk link at most.
const LINK_VERTS: usize = 6;

pub struct Route {
    pub code: String,
    pub name: String,
    pub grade: &'static str,
    pub status: &'static str,
    pub expressway: bool,
    pub path: Vec<u32>,
}

/// A road that is not a trunk route but is written with the trunk (interchange connectors).
pub struct Connector {
    pub name: String,
    pub pts: Vec<u32>,
}

/// A uniform grid of vertex ids for nearest-vertex queries.
#[derive(Default)]
pub struct Grid {
    map: HashMap<(i32, i32), Vec<u32>>,
}

const CELL_M: f64 = 4000.0;

fn cell(p: P) -> (i32, i32) {
    (
        (p[0] / CELL_M).floor() as i32,
        (p[1] / CELL_M).floor() as i32,
    )
}

impl Grid {
    pub fn insert(&mut self, id: u32, p: P) {
        self.map.entry(cell(p)).or_default().push(id);
    }
    /// Nearest vertex within `max_m` accepted by `keep`.
    pub fn nearest(
        &self,
        verts: &[P],
        p: P,
        max_m: f64,
        keep: impl Fn(u32) -> bool,
    ) -> Option<(u32, f64)> {
        let (cx, cy) = cell(p);
        let rings = (max_m / CELL_M).ceil() as i32 + 1;
        let mut best: Option<(u32, f64)> = None;
        for ring in 0..=rings {
            for dx in -ring..=ring {
                for dy in -ring..=ring {
                    if dx.abs() != ring && dy.abs() != ring {
                        continue;
                    }
                    if let Some(ids) = self.map.get(&(cx + dx, cy + dy)) {
                        for &id in ids {
                            let d = dist(p, verts[id as usize]);
                            if d <= max_m && best.is_none_or(|b| d < b.1) && keep(id) {
                                best = Some((id, d));
                            }
                        }
                    }
                }
            }
            // Anything in a further ring is at least (ring) cells away.
            if let Some(b) = best {
                if b.1 < ring as f64 * CELL_M {
                    break;
                }
            }
        }
        best
    }
    /// Every vertex within `d` of p.
    pub fn within(&self, verts: &[P], p: P, d: f64) -> Vec<u32> {
        let (cx, cy) = cell(p);
        let k = (d / CELL_M).ceil() as i32;
        let mut out = Vec::new();
        for dx in -k..=k {
            for dy in -k..=k {
                if let Some(ids) = self.map.get(&(cx + dx, cy + dy)) {
                    out.extend(
                        ids.iter()
                            .copied()
                            .filter(|&id| dist(p, verts[id as usize]) <= d),
                    );
                }
            }
        }
        out
    }
    pub fn any_within(&self, verts: &[P], p: P, d: f64) -> bool {
        self.nearest(verts, p, d, |_| true).is_some()
    }
}

pub struct Trunk {
    pub verts: Vec<P>,
    pub split: Vec<bool>,
    /// Vertices where a link must not end (an expressway crossing a zone without a node there).
    pub nosplit: Vec<bool>,
    /// Routes (index, position) through each vertex.
    pub on: Vec<Vec<(u32, u32)>>,
    pub routes: Vec<Route>,
    pub connectors: Vec<Connector>,
    /// Built non-expressway trunk vertices.
    pub ordinary: Grid,
    /// Built expressway vertices.
    pub express: Grid,
    /// Every other road vertex (planned routes, connectors): kept clear of off-road zones.
    pub other: Grid,
    pub seat_vertex: Vec<u32>,
    pub interchanges: Vec<u32>,
}

/// Realistic Henan provincial route numbers.
const S_NUMBERS: &[&str] = &[
    "S203", "S206", "S207", "S208", "S213", "S219", "S221", "S222", "S223", "S225", "S227", "S229",
    "S232", "S233", "S234", "S237", "S238", "S239", "S241", "S242", "S243", "S244", "S245", "S247",
    "S248", "S249", "S250", "S251", "S303", "S304", "S305", "S306", "S307", "S309", "S310", "S311",
    "S312", "S313", "S314", "S315", "S316", "S317", "S318", "S319", "S320", "S321", "S322", "S323",
    "S324", "S325", "S326", "S327", "S328", "S329", "S330", "S331", "S332", "S333", "S334", "S335",
    "S336", "S337", "S338", "S339", "S340",
];

impl Trunk {
    fn vertex(&mut self, p: P) -> u32 {
        self.verts.push(p);
        self.split.push(false);
        self.nosplit.push(false);
        self.on.push(Vec::new());
        (self.verts.len() - 1) as u32
    }

    fn add_route(&mut self, mut route: Route, pts_between: Vec<Vec<P>>, ends: Vec<u32>) {
        // ends[i] .. pts_between[i] .. ends[i+1]
        let ri = self.routes.len() as u32;
        let mut path = vec![ends[0]];
        for (k, mid) in pts_between.into_iter().enumerate() {
            for p in mid {
                let v = self.vertex(p);
                path.push(v);
            }
            path.push(ends[k + 1]);
        }
        for (pos, &v) in path.iter().enumerate() {
            self.on[v as usize].push((ri, pos as u32));
            let p = self.verts[v as usize];
            if route.status != "built" {
                self.other.insert(v, p);
            } else if route.expressway {
                self.express.insert(v, p);
            } else {
                self.ordinary.insert(v, p);
            }
        }
        for &e in &ends {
            self.split[e as usize] = true;
        }
        route.path = path;
        self.routes.push(route);
    }

    /// Interior points of a wiggly path from a to b.
    fn between<R: Rng>(rng: &mut R, a: P, b: P, amp_frac: f64) -> Vec<P> {
        let amp = dist(a, b) * amp_frac;
        let mut pts = wiggle_path(rng, a, b, STEP_M, amp);
        pts.pop();
        pts.remove(0);
        pts
    }

    /// Builds the trunk network of one province copy.
    pub fn build<R: Rng>(
        rng: &mut R,
        facts: &Facts,
        plane: &Plane,
        seat_offset: [f64; 2],
    ) -> Trunk {
        let mut t = Trunk {
            verts: Vec::new(),
            split: Vec::new(),
            nosplit: Vec::new(),
            on: Vec::new(),
            routes: Vec::new(),
            connectors: Vec::new(),
            ordinary: Grid::default(),
            express: Grid::default(),
            other: Grid::default(),
            seat_vertex: Vec::new(),
            interchanges: Vec::new(),
        };
        for s in &facts.seats {
            let p = plane.to_xy(s.lon + seat_offset[0], s.lat + seat_offset[1]);
            let v = t.vertex(p);
            t.seat_vertex.push(v);
        }
        // National routes along their seat sequences.
        for (code, name_zh, seq) in &facts.routes {
            let seats: Vec<usize> = seq.iter().filter_map(|n| facts.seat_by_name(n)).collect();
            if seats.len() < 2 {
                continue;
            }
            let digits = code.trim_start_matches('G');
            let expressway = digits.len() <= 2 || digits.len() == 4;
            let name = match name_zh.split(['(', '（']).next() {
                Some(n) if !n.is_empty() => n.to_string(),
                _ => format!("{code}线"),
            };
            let route = Route {
                code: code.clone(),
                name,
                grade: if expressway { "expressway" } else { "1" },
                status: "built",
                expressway,
                path: Vec::new(),
            };
            let seat_pts: Vec<P> = seats
                .iter()
                .map(|&s| t.verts[t.seat_vertex[s] as usize])
                .collect();
            if !expressway {
                let ends: Vec<u32> = seats.iter().map(|&s| t.seat_vertex[s]).collect();
                let mids = seat_pts
                    .windows(2)
                    .map(|w| Self::between(rng, w[0], w[1], 0.04))
                    .collect();
                t.add_route(route, mids, ends);
            } else {
                // Bypass each seat 3–4.5 km to one side, with an interchange connector.
                let side = if rng.gen_bool(0.5) { 1.0 } else { -1.0 };
                let n = seat_pts.len();
                let mut ctrl = Vec::with_capacity(n);
                for i in 0..n {
                    let a = seat_pts[i.saturating_sub(1)];
                    let b = seat_pts[(i + 1).min(n - 1)];
                    let nv = normal(unit(a, b));
                    ctrl.push(add(seat_pts[i], nv, side * rng.gen_range(3000.0..4500.0)));
                }
                let ends: Vec<u32> = ctrl.iter().map(|&p| t.vertex(p)).collect();
                let mids = ctrl
                    .windows(2)
                    .map(|w| Self::between(rng, w[0], w[1], 0.03))
                    .collect();
                t.add_route(route, mids, ends.clone());
                for (i, &e) in ends.iter().enumerate() {
                    let seat_v = t.seat_vertex[seats[i]];
                    let mut pts = vec![e];
                    for p in Self::between(rng, t.verts[e as usize], t.verts[seat_v as usize], 0.05)
                    {
                        let v = t.vertex(p);
                        t.other.insert(v, p);
                        pts.push(v);
                    }
                    pts.push(seat_v);
                    t.split[seat_v as usize] = true;
                    t.interchanges.push(e);
                    t.connectors.push(Connector {
                        name: format!("{}{}互通连接线", facts.seats[seats[i]].name, code),
                        pts,
                    });
                }
            }
        }
        // Provincial routes: every seat not yet on a route joins the nearest ordinary trunk.
        let mut s_numbers: Vec<&str> = S_NUMBERS.to_vec();
        s_numbers.shuffle(rng);
        let mut s_iter = s_numbers.into_iter().cycle();
        let mut loose: Vec<usize> = (0..facts.seats.len())
            .filter(|&s| t.on[t.seat_vertex[s] as usize].is_empty())
            .collect();
        while !loose.is_empty() {
            // The loose seat nearest to the network goes first.
            let mut best: Option<(usize, u32, f64)> = None;
            for (k, &s) in loose.iter().enumerate() {
                let p = t.verts[t.seat_vertex[s] as usize];
                if let Some((v, d)) = t.ordinary.nearest(&t.verts, p, 200_000.0, |_| true) {
                    if best.is_none_or(|b| d < b.2) {
                        best = Some((k, v, d));
                    }
                }
            }
            let Some((k, target, _)) = best else { break };
            let s = loose.remove(k);
            let sv = t.seat_vertex[s];
            let code = s_iter.next().unwrap_or("S399").to_string();
            let (a, b) = (t.verts[sv as usize], t.verts[target as usize]);
            let mids = vec![Self::between(rng, a, b, 0.05)];
            let name = format!("省道{code}");
            let route = Route {
                code,
                name,
                grade: "2",
                status: "built",
                expressway: false,
                path: Vec::new(),
            };
            t.add_route(route, mids, vec![sv, target]);
        }
        // A few more provincial routes between neighbouring seats; two not built yet.
        let n_seats = facts.seats.len();
        let mut extra = 0;
        let mut tries = 0;
        while extra < 12 && tries < 2000 {
            tries += 1;
            let (i, j) = (rng.gen_range(0..n_seats), rng.gen_range(0..n_seats));
            let (a, b) = (
                t.verts[t.seat_vertex[i] as usize],
                t.verts[t.seat_vertex[j] as usize],
            );
            let d = dist(a, b);
            if i == j || !(25_000.0..60_000.0).contains(&d) {
                continue;
            }
            let status = match extra {
                0 => "planned",
                1 => "under_construction",
                _ => "built",
            };
            let code = s_iter.next().unwrap_or("S399").to_string();
            let name = format!("省道{code}");
            let route = Route {
                code,
                name,
                grade: "2",
                status,
                expressway: false,
                path: Vec::new(),
            };
            let mids = vec![Self::between(rng, a, b, 0.05)];
            t.add_route(route, mids, vec![t.seat_vertex[i], t.seat_vertex[j]]);
            extra += 1;
        }
        t
    }

    /// The (route, position) of a built ordinary route through a vertex.
    pub fn ordinary_routes_at(&self, v: u32) -> Vec<(u32, u32)> {
        self.on[v as usize]
            .iter()
            .copied()
            .filter(|&(r, _)| {
                let r = &self.routes[r as usize];
                !r.expressway && r.status == "built"
            })
            .collect()
    }

    /// Tangent of a route at a position.
    pub fn tangent(&self, route: u32, pos: u32) -> P {
        let path = &self.routes[route as usize].path;
        let a = path[(pos as usize).saturating_sub(1)];
        let b = path[(pos as usize + 1).min(path.len() - 1)];
        unit(self.verts[a as usize], self.verts[b as usize])
    }

    /// Is any road vertex of the trunk within `d` of p?
    pub fn any_road_within(&self, p: P, d: f64) -> bool {
        self.ordinary.any_within(&self.verts, p, d)
            || self.express.any_within(&self.verts, p, d)
            || self.other.any_within(&self.verts, p, d)
    }

    /// Writes every trunk link and connector, cut at marked vertices and every few vertices.
    pub fn write(&self, w: &mut Writer, plane: &Plane, id_prefix: &str) -> anyhow::Result<()> {
        let ll = |v: u32| plane.to_lonlat(self.verts[v as usize]);
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut emit = |w: &mut Writer,
                        route: Option<&str>,
                        name: &str,
                        grade: &str,
                        status: &str,
                        pts: &[u32]| {
            let key = route.unwrap_or("LJX").to_string();
            let n = ids.entry(key.clone()).or_insert(0);
            *n += 1;
            let vals = [
                Val::Str(format!("{id_prefix}{key}-{n:05}")),
                Val::opt_str(route),
                Val::Str(name.to_string()),
                Val::Str(grade.to_string()),
                Val::Str(status.to_string()),
            ];
            let line: Vec<P> = pts.iter().map(|&v| ll(v)).collect();
            w.line(Kind::Roads, &vals, &line)
        };
        for r in &self.routes {
            let mut start = 0;
            for i in 1..r.path.len() {
                let v = r.path[i] as usize;
                let regular = i - start >= LINK_VERTS && !self.nosplit[v];
                if self.split[v] || regular || i == r.path.len() - 1 {
                    emit(
                        w,
                        Some(&r.code),
                        &r.name,
                        r.grade,
                        r.status,
                        &r.path[start..=i],
                    )?;
                    start = i;
                }
            }
        }
        for c in &self.connectors {
            // Connectors have no route number; cut them in two when long.
            let mid = c.pts.len() / 2;
            if c.pts.len() > 12 {
                emit(w, None, &c.name, "1", "built", &c.pts[..=mid])?;
                emit(w, None, &c.name, "1", "built", &c.pts[mid..])?;
            } else {
                emit(w, None, &c.name, "1", "built", &c.pts)?;
            }
        }
        Ok(())
    }
}
