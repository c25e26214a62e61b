//! One cluster district: its boundary placed around its county seat according to its
//! connectivity case, its local road lattice and connector chains, its parcels (a jittered
//! lattice subdivision, so parcels never overlap) and the villages in and around it.

use super::attrs::{parcel_row, ParcelCtx, PlantStats, Special, INDUSTRIES};
use super::plane::*;
use super::trunk::Trunk;
use super::writer::{Kind, Val, Writer};
use rand::Rng;
use std::collections::{BTreeMap, HashMap};
use zonescope::geodesy;

/// How a zone is meant to be connected to the trunk road network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Case {
    /// An ordinary national or provincial road runs through it.
    DirectTrunk,
    /// An expressway runs through it with an interchange inside.
    DirectInterchange,
    /// A chain of county/township links joins a trunk road at a shared node.
    Network,
    /// A chain joins an expressway, making a new interchange.
    NetworkInterchange,
    /// An expressway crosses it without an interchange; a chain joins an ordinary trunk.
    ExpresswayCrossedNetwork,
    /// An expressway crosses it without an interchange; nothing else.
    ExpresswayCrossedNone,
    /// Its local roads are isolated.
    NoneIsolated,
    /// No roads at all.
    NoneNoRoads,
    /// Its chain crosses a trunk road on a bridge (no shared node) and ends.
    NoneBridge,
    /// Its chain reaches a trunk road but one link is only planned.
    NonePlannedLink,
    /// A planned provincial road runs through it (not yet a trunk road).
    NonePlannedTrunk,
}

/// The sample's mix of cases (65 entries; cycled for larger sets).
pub const CASE_MIX: &[(Case, usize)] = &[
    (Case::DirectTrunk, 20),
    (Case::DirectInterchange, 4),
    (Case::Network, 16),
    (Case::NetworkInterchange, 3),
    (Case::ExpresswayCrossedNetwork, 2),
    (Case::ExpresswayCrossedNone, 2),
    (Case::NoneIsolated, 6),
    (Case::NoneNoRoads, 3),
    (Case::NoneBridge, 3),
    (Case::NonePlannedLink, 3),
    (Case::NonePlannedTrunk, 3),
];

impl Case {
    /// The contract's connectivity status this case should produce.
    pub fn expected_status(self) -> &'static str {
        match self {
            Case::DirectTrunk | Case::DirectInterchange => "direct",
            Case::Network | Case::NetworkInterchange | Case::ExpresswayCrossedNetwork => "network",
            _ => "none",
        }
    }
}

/// What to generate for one zone.
pub struct ZoneSpec {
    pub zone_id: String,
    pub name: String,
    pub city: String,
    pub county: String,
    pub county_adcode: String,
    /// First 9 characters of this zone's parcel ids (county code and zone number).
    pub parcel_id_base: String,
    pub seat: usize,
    pub case: Case,
    pub industry: usize,
    pub star: Option<i64>,
    pub leading_null: bool,
    pub specials: Vec<Special>,
    /// Plant a parcel just outside every zone.
    pub outside_parcel: bool,
}

/// Size knobs of a scale.
#[derive(Debug, Clone, Copy)]
pub struct Knobs {
    pub cell_step_m: (f64, f64),
    pub keep: (f64, f64),
    pub road_spacing_m: (f64, f64),
    pub villages_out: (usize, usize),
}

/// Running state of one province copy.
pub struct Province<'a> {
    pub plane: Plane,
    pub trunk: Trunk,
    pub zones: Vec<(P, f64)>,
    pub villages: &'a super::facts::Facts,
    pub village_cursor: HashMap<String, usize>,
    pub used_village: HashMap<String, u32>,
    pub province_code: &'a str,
    pub x_counter: u32,
    pub y_counter: u32,
    pub s_planned_counter: u32,
    pub stats: Stats,
    /// Every road segment so far: parcel cells a road crosses stay unallocated.
    pub roads_mask: super::roadmask::RoadMask,
}

/// What was generated, for the README.
#[derive(Debug, Default, Clone)]
pub struct Stats {
    pub cases: BTreeMap<String, usize>,
    pub plants: PlantStats,
    pub parcels_without_zone_id: usize,
    pub parcels_straddling: usize,
    pub parcels_outside: usize,
    pub villages_points: usize,
    pub villages_polygons: usize,
    pub villages_inside_points: usize,
    pub villages_inside_polygons: usize,
    pub villages_partly_inside: usize,
    pub zone_area_km2: Vec<f64>,
    /// Each zone's planted connectivity case.
    pub zone_cases: Vec<(String, Case)>,
    /// Planted single parcels: (parcel id, what, expected outcome).
    pub planted_parcels: Vec<(String, String, String)>,
}

pub fn recode(code: &str, province: &str) -> String {
    if code.len() >= 2 && province != "41" {
        format!("{province}{}", &code[2..])
    } else {
        code.to_string()
    }
}

/// The lattice of parcel cells over a zone's box.
struct Cells {
    xs: usize,
    ys: usize,
    v: Vec<P>,
    mh: Vec<P>,
    mv: Vec<P>,
}

impl Cells {
    fn new<R: Rng>(rng: &mut R, min: P, max: P, step: (f64, f64)) -> Cells {
        let mut gx = vec![min[0]];
        while *gx.last().unwrap() < max[0] {
            gx.push(gx.last().unwrap() + rng.gen_range(step.0..step.1));
        }
        let mut gy = vec![min[1]];
        while *gy.last().unwrap() < max[1] {
            gy.push(gy.last().unwrap() + rng.gen_range(step.0..step.1));
        }
        let (xs, ys) = (gx.len(), gy.len());
        let mut v = Vec::with_capacity(xs * ys);
        for j in 0..ys {
            for i in 0..xs {
                let sx = gap(&gx, i);
                let sy = gap(&gy, j);
                let a = 0.12 * sx.min(sy);
                v.push([gx[i] + rng.gen_range(-a..=a), gy[j] + rng.gen_range(-a..=a)]);
            }
        }
        let mut mh = vec![[0.0; 2]; xs * ys];
        let mut mv = vec![[0.0; 2]; xs * ys];
        for j in 0..ys {
            for i in 0..xs {
                if i + 1 < xs {
                    let (a, b) = (v[j * xs + i], v[j * xs + i + 1]);
                    let k = rng.gen_range(-0.05..0.05) * dist(a, b);
                    mh[j * xs + i] =
                        add(lerp(a, b, rng.gen_range(0.35..0.65)), normal(unit(a, b)), k);
                }
                if j + 1 < ys {
                    let (a, b) = (v[j * xs + i], v[(j + 1) * xs + i]);
                    let k = rng.gen_range(-0.05..0.05) * dist(a, b);
                    mv[j * xs + i] =
                        add(lerp(a, b, rng.gen_range(0.35..0.65)), normal(unit(a, b)), k);
                }
            }
        }
        Cells { xs, ys, v, mh, mv }
    }
    /// Ring of the cells (i..i+w, j), counter-clockwise.
    fn ring(&self, i: usize, j: usize, w: usize) -> Vec<P> {
        let xs = self.xs;
        let v = |i: usize, j: usize| self.v[j * xs + i];
        let mut r = Vec::with_capacity(4 * w + 4);
        for k in 0..w {
            r.push(v(i + k, j));
            r.push(self.mh[j * xs + i + k]);
        }
        r.push(v(i + w, j));
        r.push(self.mv[j * xs + i + w]);
        for k in (0..w).rev() {
            r.push(v(i + k + 1, j + 1));
            r.push(self.mh[(j + 1) * xs + i + k]);
        }
        r.push(v(i, j + 1));
        r.push(self.mv[j * xs + i]);
        r
    }
}

fn gap(g: &[f64], i: usize) -> f64 {
    let l = if i > 0 {
        g[i] - g[i - 1]
    } else {
        f64::INFINITY
    };
    let r = if i + 1 < g.len() {
        g[i + 1] - g[i]
    } else {
        f64::INFINITY
    };
    l.min(r)
}

/// Where a cell lies relative to the zone.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Loc {
    Inside,
    Partial(usize),
    Outside,
}

fn locate(cell: &[P], zone: &[P]) -> Loc {
    let inside = cell.iter().filter(|p| point_in_ring(**p, zone)).count();
    if inside == cell.len() {
        if zone.iter().any(|z| point_in_ring(*z, cell)) {
            Loc::Partial(inside)
        } else {
            Loc::Inside
        }
    } else if inside == 0 {
        if zone.iter().any(|z| point_in_ring(*z, cell)) {
            Loc::Partial(0)
        } else {
            Loc::Outside
        }
    } else {
        Loc::Partial(inside)
    }
}

fn shrink(r: &[P], k: f64) -> Vec<P> {
    let c = centroid(r);
    r.iter().map(|p| lerp(c, *p, k)).collect()
}

impl Province<'_> {
    fn ll_ring(&self, r: &[P]) -> Vec<P> {
        r.iter().map(|p| self.plane.to_lonlat(*p)).collect()
    }

    fn geo_area(&self, ll: &[P]) -> f64 {
        let ls: Vec<geo::Coord<f64>> = ll
            .iter()
            .chain(ll.first())
            .map(|p| geo::Coord { x: p[0], y: p[1] })
            .collect();
        geodesy::polygon_area_m2(&geo::Polygon::new(geo::LineString(ls), vec![]))
    }

    fn clear_of_zones(&self, c: P, r: f64) -> bool {
        self.zones
            .iter()
            .all(|(z, zr)| dist(*z, c) >= 1.45 * (r + zr) + 1500.0)
    }

    /// Finds a zone centre for the case; may change the case when impossible.
    fn place<R: Rng>(&mut self, rng: &mut R, spec: &mut ZoneSpec, r: f64) -> (P, Option<u32>) {
        let seat_p = self.trunk.verts[self.trunk.seat_vertex[spec.seat] as usize];
        let t = &self.trunk;
        match spec.case {
            Case::DirectTrunk => {
                let seat_v = t.seat_vertex[spec.seat];
                let routes = t.ordinary_routes_at(seat_v);
                for attempt in 0..80 {
                    if routes.is_empty() {
                        break;
                    }
                    let (ri, pos) = routes[rng.gen_range(0..routes.len())];
                    let path = &t.routes[ri as usize].path;
                    let k = ((rng.gen_range(2000.0..9000.0) + attempt as f64 * 600.0)
                        / super::trunk::STEP_M) as i64;
                    let p = pos as i64 + if rng.gen_bool(0.5) { k } else { -k };
                    if p <= 0 || p as usize >= path.len() - 1 {
                        continue;
                    }
                    let v = path[p as usize];
                    let c = t.verts[v as usize];
                    if self.clear_of_zones(c, r) {
                        return (c, Some(v));
                    }
                }
                spec.case = Case::Network;
            }
            Case::DirectInterchange
            | Case::ExpresswayCrossedNetwork
            | Case::ExpresswayCrossedNone => {
                if let Some((v0, _)) = t.express.nearest(&t.verts, seat_p, 60_000.0, |_| true) {
                    let (ri, pos) = t.on[v0 as usize][0];
                    let path = &t.routes[ri as usize].path;
                    for attempt in 0..80 {
                        let k = ((rng.gen_range(6000.0..14000.0) + attempt as f64 * 700.0)
                            / super::trunk::STEP_M) as i64;
                        let p = pos as i64 + if rng.gen_bool(0.5) { k } else { -k };
                        if p <= 0 || p as usize >= path.len() - 1 {
                            continue;
                        }
                        let v = path[p as usize];
                        let vp = t.verts[v as usize];
                        let far_from_ic = t
                            .interchanges
                            .iter()
                            .all(|&i| dist(t.verts[i as usize], vp) > r + 3000.0);
                        if !far_from_ic {
                            continue;
                        }
                        if spec.case == Case::DirectInterchange {
                            if self.clear_of_zones(vp, r) {
                                return (vp, Some(v));
                            }
                        } else {
                            let c = add(
                                vp,
                                normal(t.tangent(ri, p as u32)),
                                rng.gen_range(-0.3..0.3) * r,
                            );
                            if self.clear_of_zones(c, r)
                                && !t.ordinary.any_within(&t.verts, c, r + 1500.0)
                                && !t.other.any_within(&t.verts, c, r + 1500.0)
                            {
                                return (c, None);
                            }
                        }
                    }
                }
                spec.case = if spec.case == Case::ExpresswayCrossedNone {
                    Case::NoneIsolated
                } else {
                    Case::Network
                };
            }
            _ => {}
        }
        // Off every road.
        for attempt in 0..400 {
            let d = rng.gen_range(2500.0..8000.0) + r + attempt as f64 * 150.0;
            let th = rng.gen_range(0.0..std::f64::consts::TAU);
            let c = [seat_p[0] + d * th.cos(), seat_p[1] + d * th.sin()];
            if self.clear_of_zones(c, r) && !self.trunk.any_road_within(c, r + 1500.0) {
                return (c, None);
            }
        }
        // Give up on the seat: anywhere clear (never expected in practice).
        (add(seat_p, [1.0, 0.0], 60_000.0), None)
    }

    fn next_code(&mut self, letter: char) -> String {
        let n = if letter == 'X' {
            self.x_counter += 1;
            self.x_counter
        } else {
            self.y_counter += 1;
            self.y_counter
        };
        format!("{letter}{:03}", (n - 1) % 999 + 1)
    }

    /// Generates and writes one zone with its parcels, local roads and villages.
    pub fn zone<R: Rng>(
        &mut self,
        rng: &mut R,
        mut spec: ZoneSpec,
        knobs: &Knobs,
        w: &mut Writer,
    ) -> anyhow::Result<()> {
        // Size and shape.
        let small = matches!(
            spec.case,
            Case::DirectInterchange | Case::ExpresswayCrossedNetwork | Case::ExpresswayCrossedNone
        );
        let area_km2: f64 = if small {
            rng.gen_range(2.5f64..6.0)
        } else {
            (rng.gen_range(3.0f64.ln()..28.0f64.ln())).exp()
        };
        let elong: f64 = rng.gen_range(1.0..1.6);
        let r_mean = (area_km2 * 1e6 / std::f64::consts::PI).sqrt();
        let r_max = r_mean * elong * 1.45;
        let (center, on_vertex) = self.place(rng, &mut spec, r_max);
        let nverts = rng.gen_range(24..40);
        let rot = rng.gen_range(0.0..std::f64::consts::PI);
        let ring = irregular_ring(rng, center, r_mean, nverts, 0.45, elong, rot);
        let r_max = ring.iter().map(|p| dist(*p, center)).fold(0.0, f64::max);
        self.zones.push((center, r_max));
        if matches!(
            spec.case,
            Case::ExpresswayCrossedNetwork | Case::ExpresswayCrossedNone
        ) {
            // No expressway node inside or near the zone: it only passes through.
            for v in self
                .trunk
                .express
                .within(&self.trunk.verts, center, r_max + 400.0)
            {
                self.trunk.nosplit[v as usize] = true;
            }
        }
        self.stats
            .zone_cases
            .push((spec.zone_id.clone(), spec.case));
        *self
            .stats
            .cases
            .entry(format!("{:?}", spec.case))
            .or_default() += 1;

        let ll = self.ll_ring(&ring);
        let zone_area = self.geo_area(&ll);
        self.stats.zone_area_km2.push(zone_area / 1e6);
        let (lead_name, _, _) = INDUSTRIES[spec.industry];
        let zvals = [
            Val::Str(spec.zone_id.clone()),
            Val::Str(spec.name.clone()),
            Val::Str(spec.city.clone()),
            Val::Str(spec.county.clone()),
            spec.star.map(Val::Int).unwrap_or(Val::Null),
            if spec.leading_null {
                Val::Null
            } else {
                Val::Str(lead_name.to_string())
            },
        ];
        w.polygon(Kind::Zones, &zvals, &[&[ll]], true)?;

        self.roads(rng, &spec, knobs, center, &ring, r_max, on_vertex, w)?;
        let free = self.parcels(rng, &spec, knobs, &ring, w)?;
        self.villages(rng, &spec, knobs, center, r_max, &free, w)?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn roads<R: Rng>(
        &mut self,
        rng: &mut R,
        spec: &ZoneSpec,
        knobs: &Knobs,
        c: P,
        ring: &[P],
        r_max: f64,
        on_vertex: Option<u32>,
        w: &mut Writer,
    ) -> anyhow::Result<()> {
        if spec.case == Case::NoneNoRoads {
            return Ok(());
        }
        let s = rng.gen_range(knobs.road_spacing_m.0..knobs.road_spacing_m.1);
        let (mut minx, mut miny, mut maxx, mut maxy) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in ring {
            minx = minx.min(p[0] - c[0]);
            maxx = maxx.max(p[0] - c[0]);
            miny = miny.min(p[1] - c[1]);
            maxy = maxy.max(p[1] - c[1]);
        }
        let margin = 900.0;
        let (i0, i1) = (
            ((minx - margin) / s).floor() as i32,
            ((maxx + margin) / s).ceil() as i32,
        );
        let (j0, j1) = (
            ((miny - margin) / s).floor() as i32,
            ((maxy + margin) / s).ceil() as i32,
        );
        let nx = (i1 - i0 + 1) as usize;
        let node = |i: i32, j: i32| ((j - j0) as usize) * nx + (i - i0) as usize;
        let mut nodes = Vec::with_capacity(nx * (j1 - j0 + 1) as usize);
        for j in j0..=j1 {
            for i in i0..=i1 {
                let jx = if j == 0 {
                    0.0
                } else {
                    rng.gen_range(-0.2..0.2) * s
                };
                let jy = if i == 0 {
                    0.0
                } else {
                    rng.gen_range(-0.2..0.2) * s
                };
                let p = if i == 0 && j == 0 {
                    c
                } else if j == 0 {
                    [c[0] + i as f64 * s + rng.gen_range(-0.2..0.2) * s, c[1]]
                } else if i == 0 {
                    [c[0], c[1] + j as f64 * s + rng.gen_range(-0.2..0.2) * s]
                } else {
                    [c[0] + i as f64 * s + jx, c[1] + j as f64 * s + jy]
                };
                nodes.push(p);
            }
        }
        if let Some(v) = on_vertex {
            self.trunk.split[v as usize] = true;
            if spec.case == Case::DirectInterchange {
                self.trunk.interchanges.push(v);
            }
        }
        // Route numbers: the two main roads are county roads, the rest township roads.
        let main_x = self.next_code('X');
        let main_y = self.next_code('X');
        let mut row_codes = HashMap::new();
        let mut col_codes = HashMap::new();
        for j in j0..=j1 {
            if j != 0 {
                let code = if rng.gen_bool(0.8) {
                    self.next_code('Y')
                } else {
                    String::new()
                };
                row_codes.insert(j, code);
            }
        }
        for i in i0..=i1 {
            if i != 0 {
                let code = if rng.gen_bool(0.8) {
                    self.next_code('Y')
                } else {
                    String::new()
                };
                col_codes.insert(i, code);
            }
        }
        let mut n_link = 0;
        let mut link =
            |w: &mut Writer, rng: &mut R, a: P, b: P, route: &str, name: String, status: &str| {
                n_link += 1;
                let nrm = normal(unit(a, b));
                let l = dist(a, b);
                let pts = [
                    a,
                    add(lerp(a, b, 0.33), nrm, rng.gen_range(-0.04..0.04) * l),
                    add(lerp(a, b, 0.67), nrm, rng.gen_range(-0.04..0.04) * l),
                    b,
                ];
                let grade = match route.chars().next() {
                    Some('X') => "3",
                    Some('Y') => "4",
                    _ => "other",
                };
                let vals = [
                    Val::Str(format!("{}-R{:04}", spec.zone_id, n_link)),
                    if route.is_empty() {
                        Val::Null
                    } else {
                        Val::Str(route.to_string())
                    },
                    Val::Str(name),
                    Val::Str(grade.to_string()),
                    Val::Str(status.to_string()),
                ];
                self.roads_mask.add_line(&pts);
                let ll: Vec<P> = pts.iter().map(|p| self.plane.to_lonlat(*p)).collect();
                w.line(Kind::Roads, &vals, &ll)
            };
        let status_of = |rng: &mut R| {
            let x: f64 = rng.gen();
            if x < 0.02 {
                "planned"
            } else if x < 0.05 {
                "under_construction"
            } else {
                "built"
            }
        };
        let cn = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
        let ord = |k: i32| cn[(k.unsigned_abs() as usize - 1) % 10];
        for j in j0..=j1 {
            for i in i0..=i1 {
                if i < i1 {
                    let main = j == 0;
                    if main || rng.gen_bool(0.86) {
                        let (route, name) = if main {
                            (main_x.clone(), "产业大道".to_string())
                        } else {
                            (row_codes[&j].clone(), format!("纬{}路", ord(j)))
                        };
                        let st = if main { "built" } else { status_of(rng) };
                        link(
                            w,
                            rng,
                            nodes[node(i, j)],
                            nodes[node(i + 1, j)],
                            &route,
                            name,
                            st,
                        )?;
                    }
                }
                if j < j1 {
                    let main = i == 0;
                    if main || rng.gen_bool(0.86) {
                        let (route, name) = if main {
                            (main_y.clone(), "创业大道".to_string())
                        } else {
                            (col_codes[&i].clone(), format!("经{}路", ord(i)))
                        };
                        let st = if main { "built" } else { status_of(rng) };
                        link(
                            w,
                            rng,
                            nodes[node(i, j)],
                            nodes[node(i, j + 1)],
                            &route,
                            name,
                            st,
                        )?;
                    }
                }
            }
        }
        let ends = [
            nodes[node(i0, 0)],
            nodes[node(i1, 0)],
            nodes[node(0, j0)],
            nodes[node(0, j1)],
        ];

        // Chains and planned trunk pieces.
        let t = &self.trunk;
        match spec.case {
            Case::Network
            | Case::ExpresswayCrossedNetwork
            | Case::NoneBridge
            | Case::NonePlannedLink => {
                let Some((target, _)) = t.ordinary.nearest(&t.verts, c, 80_000.0, |v| {
                    spec.case != Case::NoneBridge
                        || (t.on[v as usize].len() == 1 && !t.split[v as usize])
                }) else {
                    return Ok(());
                };
                let tp = t.verts[target as usize];
                let start = *ends
                    .iter()
                    .min_by(|a, b| dist(**a, tp).total_cmp(&dist(**b, tp)))
                    .unwrap();
                let (ri, pos) = t.on[target as usize][0];
                let tan = t.tangent(ri, pos);
                let code = self.next_code('X');
                let name = format!(
                    "{}县道{}",
                    spec.county.trim_end_matches(['县', '市', '区']),
                    code
                );
                if spec.case == Case::NoneBridge {
                    let mut nrm = normal(tan);
                    if (tp[0] - start[0]) * nrm[0] + (tp[1] - start[1]) * nrm[1] < 0.0 {
                        nrm = [-nrm[0], -nrm[1]];
                    }
                    let a = add(add(tp, nrm, -350.0), tan, 110.0);
                    let b = add(add(tp, nrm, 350.0), tan, 110.0);
                    self.chain(rng, start, a, &code, &name, &spec.zone_id, None, w)?;
                    self.chain(
                        rng,
                        a,
                        b,
                        &code,
                        &name,
                        &format!("{}-B", spec.zone_id),
                        None,
                        w,
                    )?;
                } else {
                    self.trunk.split[target as usize] = true;
                    let planned = (spec.case == Case::NonePlannedLink).then_some(1usize);
                    self.chain(rng, start, tp, &code, &name, &spec.zone_id, planned, w)?;
                }
            }
            Case::NetworkInterchange => {
                let Some((target, _)) = t.express.nearest(&t.verts, c, 80_000.0, |_| true) else {
                    return Ok(());
                };
                let tp = t.verts[target as usize];
                let start = *ends
                    .iter()
                    .min_by(|a, b| dist(**a, tp).total_cmp(&dist(**b, tp)))
                    .unwrap();
                self.trunk.split[target as usize] = true;
                self.trunk.interchanges.push(target);
                let code = self.next_code('X');
                let name = format!("{}互通连接线", spec.name);
                self.chain(rng, start, tp, &code, &name, &spec.zone_id, None, w)?;
            }
            Case::NonePlannedTrunk => {
                self.s_planned_counter += 1;
                let code = format!("S{}", 360 + self.s_planned_counter % 40);
                let th = rng.gen_range(0.0..std::f64::consts::PI);
                let d = [th.cos(), th.sin()];
                let off = add(c, normal(d), 180.0);
                let a = add(off, d, -(r_max + 2500.0));
                let b = add(off, d, r_max + 2500.0);
                let mut pts = wiggle_path(rng, a, b, 250.0, 150.0);
                // Keep the line straight through the centre area.
                for p in pts.iter_mut() {
                    if dist(*p, c) < r_max {
                        *p = add(off, d, (p[0] - off[0]) * d[0] + (p[1] - off[1]) * d[1]);
                    }
                }
                let name = format!("省道{code}(规划)");
                let mut k = 0;
                for part in pts.chunks(8) {
                    k += 1;
                    let mut seg: Vec<P> = part.to_vec();
                    // Chunks share their boundary vertex with the next one.
                    let idx = (k - 1) * 8 + part.len();
                    if idx < pts.len() {
                        seg.push(pts[idx]);
                    }
                    if seg.len() < 2 {
                        continue;
                    }
                    let vals = [
                        Val::Str(format!("{}-P{k:02}", spec.zone_id)),
                        Val::Str(code.clone()),
                        Val::Str(name.clone()),
                        Val::Str("2".into()),
                        Val::Str("planned".into()),
                    ];
                    self.roads_mask.add_line(&seg);
                    let ll: Vec<P> = seg.iter().map(|p| self.plane.to_lonlat(*p)).collect();
                    w.line(Kind::Roads, &vals, &ll)?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// A chain of county-road links from a to b (both exact endpoints).
    #[allow(clippy::too_many_arguments)]
    fn chain<R: Rng>(
        &mut self,
        rng: &mut R,
        a: P,
        b: P,
        code: &str,
        name: &str,
        id_base: &str,
        planned_link: Option<usize>,
        w: &mut Writer,
    ) -> anyhow::Result<()> {
        let len = dist(a, b);
        let pts = wiggle_path(rng, a, b, 200.0, (len * 0.06).min(1500.0));
        for p in &pts {
            // Not a trunk vertex: registered only to keep later zones off this road.
            self.trunk.verts.push(*p);
            self.trunk.split.push(false);
            self.trunk.nosplit.push(false);
            self.trunk.on.push(Vec::new());
            let id = (self.trunk.verts.len() - 1) as u32;
            self.trunk.other.insert(id, *p);
        }
        let per = 7;
        let mut k = 0;
        let mut start = 0;
        while start < pts.len() - 1 {
            let end = (start + per).min(pts.len() - 1);
            let status = if planned_link == Some(k)
                || (planned_link.is_some() && end == pts.len() - 1 && k == 0)
            {
                "planned"
            } else {
                "built"
            };
            k += 1;
            let vals = [
                Val::Str(format!("{id_base}-C{k:03}")),
                Val::Str(code.to_string()),
                Val::Str(name.to_string()),
                Val::Str("3".into()),
                Val::Str(status.into()),
            ];
            self.roads_mask.add_line(&pts[start..=end]);
            let ll: Vec<P> = pts[start..=end]
                .iter()
                .map(|p| self.plane.to_lonlat(*p))
                .collect();
            w.line(Kind::Roads, &vals, &ll)?;
            start = end;
        }
        Ok(())
    }

    /// Parcels; returns free cells inside the zone (for villages) and partial cells.
    fn parcels<R: Rng>(
        &mut self,
        rng: &mut R,
        spec: &ZoneSpec,
        knobs: &Knobs,
        ring: &[P],
        w: &mut Writer,
    ) -> anyhow::Result<FreeCells> {
        let (mut min, mut max) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in ring {
            min = [min[0].min(p[0]), min[1].min(p[1])];
            max = [max[0].max(p[0]), max[1].max(p[1])];
        }
        let pad = 450.0;
        let cells = Cells::new(
            rng,
            [min[0] - pad, min[1] - pad],
            [max[0] + pad, max[1] + pad],
            knobs.cell_step_m,
        );
        let keep = rng.gen_range(knobs.keep.0..knobs.keep.1);
        let county_short = spec
            .county
            .trim_end_matches(['县', '市', '区'])
            .chars()
            .take(3)
            .collect::<String>();
        let mut used = vec![false; cells.xs * cells.ys];
        let mut free = FreeCells::default();
        let mut n = 0usize;
        let mut specials = spec.specials.clone().into_iter();
        let mut straddle_left = if rng.gen_bool(0.12) { 1 } else { 0 };
        let mut outside_left = usize::from(spec.outside_parcel);
        let pid_base = spec.parcel_id_base.clone();
        for j in 0..cells.ys - 1 {
            for i in 0..cells.xs - 1 {
                if used[j * cells.xs + i] {
                    continue;
                }
                let r1 = cells.ring(i, j, 1);
                let loc = locate(&r1, ring);
                let a1 = ring_area(&r1);
                let mut zone_id = Some(spec.zone_id.clone());
                let mut r = r1;
                match loc {
                    Loc::Inside => {
                        if !rng.gen_bool(keep) || a1 < 5500.0 || self.roads_mask.hits_ring(&r) {
                            free.inside.push(r);
                            continue;
                        }
                        // Merge with the right neighbour now and then.
                        if i + 2 < cells.xs && !used[j * cells.xs + i + 1] && rng.gen_bool(0.22) {
                            let r2 = cells.ring(i, j, 2);
                            if locate(&r2, ring) == Loc::Inside
                                && ring_area(&r2) < 280_000.0
                                && !self.roads_mask.hits_ring(&r2)
                            {
                                used[j * cells.xs + i + 1] = true;
                                r = r2;
                            }
                        }
                        if a1 > 280_000.0 {
                            free.inside.push(r);
                            continue;
                        }
                        if rng.gen_bool(0.012) {
                            zone_id = None;
                            self.stats.parcels_without_zone_id += 1;
                        }
                    }
                    Loc::Partial(k) => {
                        if straddle_left > 0
                            && k * 10 >= r.len() * 7
                            && a1 > 5500.0
                            && !self.roads_mask.hits_ring(&r)
                        {
                            straddle_left -= 1;
                            zone_id = None;
                            self.stats.parcels_without_zone_id += 1;
                            self.stats.parcels_straddling += 1;
                        } else {
                            if k * 2 >= r.len() {
                                free.partial.push(r);
                            }
                            continue;
                        }
                    }
                    Loc::Outside => {
                        let c = centroid(&r);
                        if outside_left > 0
                            && a1 > 5500.0
                            && ring_boundary_dist(c, ring) > 300.0
                            && ring_boundary_dist(c, ring) < 450.0
                            && !self.roads_mask.hits_ring(&r)
                        {
                            outside_left -= 1;
                            zone_id = None;
                            self.stats.parcels_without_zone_id += 1;
                            self.stats.parcels_outside += 1;
                        } else {
                            continue;
                        }
                    }
                }
                used[j * cells.xs + i] = true;
                n += 1;
                let ll = self.ll_ring(&r);
                let area = self.geo_area(&ll);
                let parcel_id = format!("{pid_base}GB{n:05}");
                let special = specials.next();
                if let Some(sp) = special {
                    self.stats.planted_parcels.push((
                        parcel_id.clone(),
                        sp.label.into(),
                        sp.expect.into(),
                    ));
                }
                if matches!(loc, Loc::Outside) {
                    self.stats.planted_parcels.push((
                        parcel_id.clone(),
                        "no zone_id, outside every zone".into(),
                        "check warns: parcel lies outside every zone".into(),
                    ));
                }
                let ctx = ParcelCtx {
                    parcel_id,
                    zone_id,
                    county_short: &county_short,
                    industry: spec.industry,
                    area_m2: area,
                    special,
                };
                let vals = parcel_row(rng, &ctx, &mut self.stats.plants);
                w.polygon(Kind::Parcels, &vals, &[&[ll]], true)?;
            }
        }
        Ok(free)
    }

    fn village_name<R: Rng>(&mut self, rng: &mut R, adcode: &str, city: &str) -> (String, String) {
        let f = self.villages;
        let city_code = if adcode.len() >= 4 {
            &adcode[..4]
        } else {
            "4101"
        };
        let _ = city;
        let pool = f
            .villages_by_county
            .get(adcode)
            .filter(|v| v.len() > 5)
            .or_else(|| f.villages_by_city.get(city_code))
            .unwrap_or(&f.all_villages);
        let key = if f
            .villages_by_county
            .get(adcode)
            .is_some_and(|v| v.len() > 5)
        {
            adcode
        } else {
            city_code
        };
        let cur = self
            .village_cursor
            .entry(key.to_string())
            .or_insert_with(|| rng.gen_range(0..pool.len()));
        // Prefer rural villages (村) over urban communities (社区).
        let mut pick = &pool[*cur % pool.len()];
        for _ in 0..8 {
            *cur += 1;
            if !pick.name.ends_with("社区") {
                break;
            }
            pick = &pool[*cur % pool.len()];
        }
        let code = recode(&pick.code, self.province_code);
        let n = self.used_village.entry(code.clone()).or_insert(0);
        *n += 1;
        let id = if *n == 1 { code } else { format!("{code}-{n}") };
        (id, pick.name.clone())
    }

    #[allow(clippy::too_many_arguments)]
    fn village_row<R: Rng>(
        &mut self,
        rng: &mut R,
        spec: &ZoneSpec,
        households: i64,
        homestead: Option<f64>,
        inside: bool,
    ) -> Vec<Val> {
        let (id, name) = self.village_name(rng, &spec.county_adcode, &spec.city);
        let pop = (households as f64 * rng.gen_range(2.9..4.3)).round() as i64;
        let x: f64 = rng.gen();
        let relocation = if inside {
            match x {
                x if x < 0.3 => "none",
                x if x < 0.65 => "planned",
                x if x < 0.85 => "started",
                _ => "done",
            }
        } else {
            match x {
                x if x < 0.86 => "none",
                x if x < 0.95 => "planned",
                _ => "done",
            }
        };
        vec![
            Val::Str(id),
            Val::Str(name),
            if rng.gen_bool(0.02) {
                Val::Null
            } else {
                Val::Int(households)
            },
            if rng.gen_bool(0.03) {
                Val::Null
            } else {
                Val::Int(pop)
            },
            Val::opt_real(homestead),
            if rng.gen_bool(0.02) {
                Val::Null
            } else {
                Val::Str(relocation.into())
            },
        ]
    }

    #[allow(clippy::too_many_arguments)]
    fn villages<R: Rng>(
        &mut self,
        rng: &mut R,
        spec: &ZoneSpec,
        knobs: &Knobs,
        c: P,
        r_max: f64,
        free: &FreeCells,
        w: &mut Writer,
    ) -> anyhow::Result<()> {
        // Inside: in cells no parcel took.
        let n_in = rng.gen_range(0..=6usize).min(free.inside.len());
        let mut idx: Vec<usize> = (0..free.inside.len()).collect();
        for k in 0..n_in {
            let pick = rng.gen_range(k..idx.len());
            idx.swap(k, pick);
            let cell = &free.inside[idx[k]];
            if rng.gen_bool(0.3) {
                let poly = shrink(cell, rng.gen_range(0.6..0.85));
                let area = ring_area(&poly);
                let hh = ((area / rng.gen_range(180.0..320.0)) as i64).max(20);
                let hs = rng
                    .gen_bool(0.25)
                    .then(|| (area * rng.gen_range(0.5..0.8)).round());
                let vals = self.village_row(rng, spec, hh, hs, true);
                let ll = self.ll_ring(&poly);
                w.polygon(Kind::Villages, &vals, &[&[ll]], false)?;
                self.stats.villages_polygons += 1;
                self.stats.villages_inside_polygons += 1;
            } else {
                let hh = rng.gen_range(60..700i64);
                let hs = rng
                    .gen_bool(0.7)
                    .then(|| (hh as f64 * rng.gen_range(110.0..260.0)).round());
                let vals = self.village_row(rng, spec, hh, hs, true);
                let p = self.plane.to_lonlat(centroid(cell));
                w.point(Kind::Villages, &vals, p)?;
                self.stats.villages_points += 1;
                self.stats.villages_inside_points += 1;
            }
        }
        // Partly inside: a polygon on the boundary.
        if !free.partial.is_empty() && rng.gen_bool(0.4) {
            let cell = &free.partial[rng.gen_range(0..free.partial.len())];
            let poly = shrink(cell, 0.9);
            let area = ring_area(&poly);
            let hh = ((area / rng.gen_range(180.0..320.0)) as i64).max(20);
            let vals = self.village_row(rng, spec, hh, None, true);
            let ll = self.ll_ring(&poly);
            w.polygon(Kind::Villages, &vals, &[&[ll]], false)?;
            self.stats.villages_polygons += 1;
            self.stats.villages_partly_inside += 1;
        }
        // Outside, around the zone.
        let n_out = rng.gen_range(knobs.villages_out.0..=knobs.villages_out.1);
        let mut placed = 0;
        let mut tries = 0;
        while placed < n_out && tries < n_out * 20 {
            tries += 1;
            let d = r_max + rng.gen_range(500.0..7000.0);
            let th = rng.gen_range(0.0..std::f64::consts::TAU);
            let p = [c[0] + d * th.cos(), c[1] + d * th.sin()];
            if self.zones.iter().any(|(z, zr)| dist(*z, p) < zr + 400.0) {
                continue;
            }
            placed += 1;
            if rng.gen_bool(0.15) {
                let rr = rng.gen_range(120.0..300.0);
                let (nv, el, rot) = (
                    rng.gen_range(10..16),
                    rng.gen_range(1.0..1.4),
                    rng.gen_range(0.0..3.1),
                );
                let poly = irregular_ring(rng, p, rr, nv, 0.35, el, rot);
                let area = ring_area(&poly);
                let hh = ((area / rng.gen_range(180.0..320.0)) as i64).max(20);
                let hs = rng
                    .gen_bool(0.25)
                    .then(|| (area * rng.gen_range(0.5..0.8)).round());
                let vals = self.village_row(rng, spec, hh, hs, false);
                let ll = self.ll_ring(&poly);
                w.polygon(Kind::Villages, &vals, &[&[ll]], false)?;
                self.stats.villages_polygons += 1;
            } else {
                let hh = rng.gen_range(60..900i64);
                let hs = rng
                    .gen_bool(0.7)
                    .then(|| (hh as f64 * rng.gen_range(110.0..260.0)).round());
                let vals = self.village_row(rng, spec, hh, hs, false);
                w.point(Kind::Villages, &vals, self.plane.to_lonlat(p))?;
                self.stats.villages_points += 1;
            }
        }
        Ok(())
    }
}

/// Cells no parcel took: inside the zone, or straddling its boundary.
#[derive(Default)]
pub struct FreeCells {
    pub inside: Vec<Vec<P>>,
    pub partial: Vec<Vec<P>>,
}

impl Stats {
    /// Adds another province copy's figures.
    pub fn merge(&mut self, o: &Stats) {
        for (k, v) in &o.cases {
            *self.cases.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.plants.scenarios {
            *self.plants.scenarios.entry(k.clone()).or_default() += v;
        }
        let (p, q) = (&mut self.plants, &o.plants);
        p.low_far += q.low_far;
        p.low_coefficient += q.low_coefficient;
        p.high_admin += q.high_admin;
        p.high_green += q.high_green;
        p.unknown_code += q.unknown_code;
        p.missing_code += q.missing_code;
        p.area_off += q.area_off;
        p.area_null += q.area_null;
        p.non_industrial += q.non_industrial;
        p.leap_day += q.leap_day;
        self.parcels_without_zone_id += o.parcels_without_zone_id;
        self.parcels_straddling += o.parcels_straddling;
        self.parcels_outside += o.parcels_outside;
        self.villages_points += o.villages_points;
        self.villages_polygons += o.villages_polygons;
        self.villages_inside_points += o.villages_inside_points;
        self.villages_inside_polygons += o.villages_inside_polygons;
        self.villages_partly_inside += o.villages_partly_inside;
        self.zone_area_km2.extend_from_slice(&o.zone_area_km2);
        self.zone_cases.extend(o.zone_cases.iter().cloned());
        self.planted_parcels
            .extend(o.planted_parcels.iter().cloned());
    }
}
