//! The road network as a graph: built links of every class, joined only where they share an
//! endpoint (within the snap tolerance). Crossings without a shared endpoint (bridges,
//! flyovers) do not connect, and a link's interior vertices are never nodes.
//!
//! Layout: a compact CSR adjacency of our own: per-node offsets, then for each half-edge the
//! neighbour, the link and the traversal weight (16 bytes), in flat vectors with the node
//! positions and flags. The one search the analysis needs (a multi-source Dijkstra) scans a
//! node's half-edges as contiguous memory and keeps its labels in flat arrays. Measured against
//! `petgraph::Graph` + `petgraph::algo::dijkstra` (labels in a hash map) on the same graphs:
//! see `docs/performance.md` ("Road connectivity and relocation").
//!
//! Snapping: endpoints are bucketed in a lon/lat grid whose cells are at least the tolerance
//! wide everywhere in the data; each endpoint is compared with the endpoints of its own and
//! the neighbouring cells (so pairs straddling a cell border are found), with the local
//! ellipsoidal metric ([`crate::geodesy::local::local_m`]). Pairs within the tolerance are merged with a
//! union-find (single linkage: a chain of endpoints each within the tolerance of the next
//! becomes one node). A node sits at the position of its lowest-numbered endpoint.

use super::records::{Road, RoadStatus};
use crate::rules::ConnectivityRules;
use geo::Coord;
use rayon::prelude::*;

/// What the route letter and grade say about a road.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteClass {
    /// Administrative class from the route prefix (`national`, `provincial`, `county`, …);
    /// `None` when the route is missing or its prefix is not configured.
    pub class: Option<String>,
    /// Route number: the digits after the prefix (`G107` → 107); `None` without digits.
    pub number: Option<u64>,
    /// National or provincial route (a configured trunk prefix), whatever the status.
    pub trunk_route: bool,
    /// `grade = expressway`, or a trunk route whose number has 1, 2 or 4 digits.
    pub expressway: bool,
}

/// Classifies a road by its route and grade under the rules.
pub fn classify(route: Option<&str>, grade: Option<&str>, rules: &ConnectivityRules) -> RouteClass {
    Classifier::new(rules).classify(route, grade)
}

/// The rules' prefixes prepared once (upper-cased) for classifying many roads.
pub struct Classifier {
    /// (upper-cased prefix, class).
    classes: Vec<(String, String)>,
    /// Upper-cased trunk prefixes.
    trunk: Vec<String>,
}

impl Classifier {
    pub fn new(rules: &ConnectivityRules) -> Classifier {
        Classifier {
            classes: rules
                .class_by_prefix
                .iter()
                .filter(|(p, _)| !p.is_empty())
                .map(|(p, c)| (p.to_ascii_uppercase(), c.clone()))
                .collect(),
            trunk: rules
                .trunk_prefixes
                .iter()
                .filter(|p| !p.is_empty())
                .map(|p| p.to_ascii_uppercase())
                .collect(),
        }
    }

    /// (trunk route, expressway) of one road, without allocating.
    pub fn flags(&self, route: Option<&str>, grade: Option<&str>) -> (bool, bool) {
        let route = route.map(str::trim).unwrap_or("").as_bytes();
        let starts =
            |p: &str| route.len() >= p.len() && route[..p.len()].eq_ignore_ascii_case(p.as_bytes());
        let grade_expressway = grade
            .map(|g| g.trim().eq_ignore_ascii_case("expressway"))
            .unwrap_or(false);
        match self
            .trunk
            .iter()
            .filter(|p| starts(p))
            .map(|p| p.len())
            .max()
        {
            Some(len) => {
                let digits = route[len..]
                    .iter()
                    .take_while(|c| c.is_ascii_digit())
                    .count();
                (true, grade_expressway || matches!(digits, 1 | 2 | 4))
            }
            None => (false, grade_expressway),
        }
    }

    /// Classifies one road (no allocation beyond the class name).
    pub fn classify(&self, route: Option<&str>, grade: Option<&str>) -> RouteClass {
        let route = route.map(str::trim).unwrap_or("").as_bytes();
        let starts =
            |p: &str| route.len() >= p.len() && route[..p.len()].eq_ignore_ascii_case(p.as_bytes());
        let class_prefix = self
            .classes
            .iter()
            .filter(|(p, _)| starts(p))
            .max_by_key(|(p, _)| p.len());
        let trunk_prefix = self
            .trunk
            .iter()
            .filter(|p| starts(p))
            .max_by_key(|p| p.len());
        let prefix_len = trunk_prefix
            .map(|p| p.len())
            .or(class_prefix.map(|(p, _)| p.len()))
            .unwrap_or(0);
        let digits: &[u8] = {
            let rest = &route[prefix_len.min(route.len())..];
            let n = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            &rest[..n]
        };
        let number = std::str::from_utf8(digits)
            .ok()
            .and_then(|d| d.parse::<u64>().ok());
        let trunk_route = trunk_prefix.is_some();
        let grade_expressway = grade
            .map(|g| g.trim().eq_ignore_ascii_case("expressway"))
            .unwrap_or(false);
        let expressway = grade_expressway || (trunk_route && matches!(digits.len(), 1 | 2 | 4));
        RouteClass {
            class: class_prefix.map(|(_, c)| c.clone()),
            number,
            trunk_route,
            expressway,
        }
    }
}

/// Sort key of a route for "national before provincial, then the lower route number".
pub fn route_sort_key(route: &str, rules: &ConnectivityRules) -> (u8, u64, String) {
    let c = classify(Some(route), None, rules);
    let rank = match c.class.as_deref() {
        Some("national") => 0,
        Some("provincial") => 1,
        _ => 2,
    };
    (rank, c.number.unwrap_or(u64::MAX), route.to_string())
}

/// One built link part (one line of a road's geometry) between two nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// Position of the road in the dataset's `roads`.
    pub road: u32,
    /// Position of the line within the road's MultiLineString.
    pub part: u32,
    pub from: u32,
    pub to: u32,
    /// Geodesic length, metres.
    pub length_m: f64,
    pub expressway: bool,
    /// Built national/provincial road (an expressway or an ordinary trunk road).
    pub trunk: bool,
}

/// Node flags.
pub mod flag {
    /// Touched by a built non-expressway link.
    pub const ORDINARY: u8 = 1;
    /// Touched by a built expressway link.
    pub const EXPRESSWAY: u8 = 2;
    /// Touched by a built ordinary (non-expressway) trunk link.
    pub const TRUNK_ORDINARY: u8 = 4;
    /// Touched by a built trunk expressway link.
    pub const TRUNK_EXPRESSWAY: u8 = 8;
}

/// The road graph over built links.
#[derive(Debug, Clone, Default)]
pub struct RoadGraph {
    /// Node positions (lon/lat).
    pub nodes: Vec<Coord<f64>>,
    /// Per-node [`flag`] bits.
    pub flags: Vec<u8>,
    /// Built links with at least two vertices, in road order.
    pub links: Vec<Link>,
    /// CSR: the half-edges of node `n` are `adjacency[offsets[n]..offsets[n+1]]`.
    offsets: Vec<u32>,
    /// `(neighbour node, link)` pairs.
    adjacency: Vec<(u32, u32)>,
    /// Traversal cost of each half-edge, aligned with `adjacency`: the link's geodesic length,
    /// or infinity for expressway links (never traversed; they are joined at interchanges).
    weights: Vec<f64>,
    /// First link of each road (`links` is in road order); `roads.len() + 1` entries.
    road_first_link: Vec<u32>,
}

impl RoadGraph {
    /// Builds the graph from the road layer.
    pub fn build(roads: &[Road], rules: &ConnectivityRules) -> RoadGraph {
        // Links, with their geodesic lengths (in parallel, no allocation per road).
        let classifier = Classifier::new(rules);
        let links: Vec<Link> = roads
            .par_iter()
            .enumerate()
            .filter(|(_, r)| r.status == RoadStatus::Built)
            .flat_map_iter(|(ri, r)| {
                let (trunk, expressway) = classifier.flags(r.route.as_deref(), r.grade.as_deref());
                r.geometry
                    .0
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.0.len() >= 2)
                    .map(move |(pi, line)| Link {
                        road: ri as u32,
                        part: pi as u32,
                        from: 0,
                        to: 0,
                        length_m: crate::geodesy::local::polyline_m(&line.0),
                        expressway,
                        trunk,
                    })
            })
            .collect();
        let mut links = links;
        let mut road_first_link = vec![0u32; roads.len() + 1];
        for l in &links {
            road_first_link[l.road as usize + 1] += 1;
        }
        for r in 0..roads.len() {
            road_first_link[r + 1] += road_first_link[r];
        }
        let endpoints: Vec<Coord<f64>> = links
            .par_iter()
            .flat_map_iter(|l| {
                let line = &roads[l.road as usize].geometry.0[l.part as usize].0;
                [line[0], line[line.len() - 1]]
            })
            .collect();
        for (i, l) in links.iter_mut().enumerate() {
            l.from = 2 * i as u32;
            l.to = 2 * i as u32 + 1;
        }
        // Snap endpoints into nodes.
        let (node_of, nodes) = snap(&endpoints, rules.snap_tolerance_m);
        let mut flags = vec![0u8; nodes.len()];
        let mut degree = vec![0u32; nodes.len() + 1];
        for l in &mut links {
            l.from = node_of[l.from as usize];
            l.to = node_of[l.to as usize];
            let f = match (l.expressway, l.trunk) {
                (true, true) => flag::EXPRESSWAY | flag::TRUNK_EXPRESSWAY,
                (true, false) => flag::EXPRESSWAY,
                (false, true) => flag::ORDINARY | flag::TRUNK_ORDINARY,
                (false, false) => flag::ORDINARY,
            };
            flags[l.from as usize] |= f;
            flags[l.to as usize] |= f;
            degree[l.from as usize] += 1;
            degree[l.to as usize] += 1;
        }
        let mut offsets = vec![0u32; nodes.len() + 1];
        for n in 0..nodes.len() {
            offsets[n + 1] = offsets[n] + degree[n];
        }
        let mut fill = offsets.clone();
        let mut adjacency = vec![(0u32, 0u32); offsets[nodes.len()] as usize];
        let mut weights = vec![0.0f64; offsets[nodes.len()] as usize];
        for (li, l) in links.iter().enumerate() {
            let w = if l.expressway {
                f64::INFINITY
            } else {
                l.length_m
            };
            weights[fill[l.from as usize] as usize] = w;
            weights[fill[l.to as usize] as usize] = w;
            adjacency[fill[l.from as usize] as usize] = (l.to, li as u32);
            fill[l.from as usize] += 1;
            adjacency[fill[l.to as usize] as usize] = (l.from, li as u32);
            fill[l.to as usize] += 1;
        }
        RoadGraph {
            nodes,
            flags,
            links,
            offsets,
            adjacency,
            weights,
            road_first_link,
        }
    }

    /// `(neighbour, link)` half-edges of a node.
    pub fn neighbours(&self, node: u32) -> &[(u32, u32)] {
        let n = node as usize;
        &self.adjacency[self.offsets[n] as usize..self.offsets[n + 1] as usize]
    }

    /// Traversal costs (metres) of a node's half-edges, aligned with [`Self::neighbours`];
    /// infinite for expressway links.
    pub fn weights(&self, node: u32) -> &[f64] {
        let n = node as usize;
        &self.weights[self.offsets[n] as usize..self.offsets[n + 1] as usize]
    }

    /// Links of a road (none unless it is built).
    pub fn road_links(&self, road: usize) -> std::ops::Range<usize> {
        self.road_first_link[road] as usize..self.road_first_link[road + 1] as usize
    }

    /// A node where an expressway meets a non-expressway link.
    pub fn is_interchange(&self, node: u32) -> bool {
        let f = self.flags[node as usize];
        f & flag::EXPRESSWAY != 0 && f & flag::ORDINARY != 0
    }

    /// A place where a trunk road can be joined: a node of an ordinary trunk link, or an
    /// interchange on a trunk expressway.
    pub fn is_trunk_access(&self, node: u32) -> bool {
        let f = self.flags[node as usize];
        f & flag::TRUNK_ORDINARY != 0
            || (f & flag::TRUNK_EXPRESSWAY != 0 && f & flag::ORDINARY != 0)
    }

    /// A node a zone can be entered from: touched by a non-expressway link.
    pub fn is_enterable(&self, node: u32) -> bool {
        self.flags[node as usize] & flag::ORDINARY != 0
    }
}

/// Merges endpoints closer than `tolerance_m`; returns each endpoint's node and node positions.
fn snap(points: &[Coord<f64>], tolerance_m: f64) -> (Vec<u32>, Vec<Coord<f64>>) {
    let n = points.len();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    if n > 0 {
        for (a, b) in close_pairs(points, tolerance_m.max(0.0)) {
            union(&mut parent, a, b);
        }
    }
    // Node numbers in order of each cluster's lowest endpoint.
    let mut node_of = vec![u32::MAX; n];
    let mut root_node = vec![u32::MAX; n];
    let mut nodes = Vec::new();
    for i in 0..n {
        let r = find(&mut parent, i as u32) as usize;
        if root_node[r] == u32::MAX {
            root_node[r] = nodes.len() as u32;
            nodes.push(points[i]);
        }
        node_of[i] = root_node[r];
    }
    (node_of, nodes)
}

/// Every pair of points within `tol` metres (identical points always), each pair once.
///
/// Grid cells are at least `tol` wide in degrees everywhere in the data (and at least ~2 cm,
/// so cell numbers fit 32 bits); points are sorted by cell; each cell is compared with itself
/// and its forward neighbours (north; and the three cells of the next column), so pairs that
/// straddle a cell border are found. The next column's cells are found with a pointer that
/// only moves forward, as cell keys increase monotonically.
fn close_pairs(points: &[Coord<f64>], tol: f64) -> Vec<(u32, u32)> {
    const MIN_CELL_DEG: f64 = 360.0 / 2_147_483_648.0;
    let max_abs_lat = points
        .iter()
        .map(|c| c.y.abs())
        .fold(0.0, f64::max)
        .min(89.0);
    let cell_lat = (tol / 110_574.0).max(MIN_CELL_DEG);
    let cell_lon = (tol / (crate::geodesy::METRES_PER_DEGREE * max_abs_lat.to_radians().cos()))
        .max(MIN_CELL_DEG);
    let key = |c: Coord<f64>| -> u64 {
        let cx = ((c.x / cell_lon).floor() as i64 + (1 << 31)) as u64;
        let cy = ((c.y / cell_lat).floor() as i64 + (1 << 31)) as u64;
        (cx << 32) | (cy & 0xffff_ffff)
    };
    let mut order: Vec<(u64, u32)> = points
        .par_iter()
        .enumerate()
        .map(|(i, &c)| (key(c), i as u32))
        .collect();
    order.par_sort_unstable();
    // Distinct cells: (key, start in `order`), with a sentinel end.
    let mut cells: Vec<(u64, u32)> = Vec::new();
    for (i, &(k, _)) in order.iter().enumerate() {
        if cells.last().is_none_or(|c| c.0 != k) {
            cells.push((k, i as u32));
        }
    }
    let n_cells = cells.len();
    cells.push((u64::MAX, order.len() as u32));
    let within = |a: u32, b: u32| {
        let (pa, pb) = (points[a as usize], points[b as usize]);
        pa == pb || crate::geodesy::local::local_m(pa, pb) <= tol
    };
    let members = |ci: usize| &order[cells[ci].1 as usize..cells[ci + 1].1 as usize];
    const CHUNK: usize = 1 << 14;
    (0..n_cells.div_ceil(CHUNK))
        .into_par_iter()
        .flat_map_iter(|chunk| {
            let (lo, hi) = (chunk * CHUNK, ((chunk + 1) * CHUNK).min(n_cells));
            let mut out = Vec::new();
            // First cell of the next column at or after (cx + 1, cy - 1).
            let first_key = |k: u64| k.wrapping_add(1 << 32).wrapping_sub(1);
            let mut p = cells[..n_cells].partition_point(|c| c.0 < first_key(cells[lo].0));
            for ci in lo..hi {
                let k = cells[ci].0;
                let own = members(ci);
                for (i, a) in own.iter().enumerate() {
                    for b in &own[i + 1..] {
                        if within(a.1, b.1) {
                            out.push((a.1, b.1));
                        }
                    }
                }
                let mut neighbours = [usize::MAX; 4];
                if cells[ci + 1].0 == k + 1 {
                    neighbours[0] = ci + 1;
                }
                let from = first_key(k);
                while p < n_cells && cells[p].0 < from {
                    p += 1;
                }
                let mut q = p;
                let mut slot = 1;
                while q < n_cells && cells[q].0 <= from + 2 {
                    neighbours[slot] = q;
                    slot += 1;
                    q += 1;
                }
                for &nb in neighbours.iter().filter(|&&nb| nb != usize::MAX) {
                    for a in own {
                        for b in members(nb) {
                            if within(a.1, b.1) {
                                out.push((a.1, b.1));
                            }
                        }
                    }
                }
            }
            out
        })
        .collect()
}

fn find(parent: &mut [u32], mut x: u32) -> u32 {
    while parent[x as usize] != x {
        let p = parent[x as usize];
        parent[x as usize] = parent[p as usize];
        x = p;
    }
    x
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[hi as usize] = lo;
    }
}
