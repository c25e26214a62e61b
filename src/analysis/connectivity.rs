//! Road connectivity of every zone (contract §5 "Road connectivity"): is the zone reached
//! directly by a national or provincial road, through the lower road network, or not at all;
//! and the path (or straight gap) to close.
//!
//! Steps, none quadratic:
//! 1. [`RoadGraph::build`]: built links joined at shared endpoints.
//! 2. *Access places*: ordinary trunk links (built G/S routes that are not expressways) and
//!    interchanges on trunk expressways, in one R-tree of envelopes.
//! 3. Per zone (in parallel): `direct` test against the access places near the zone (R-tree
//!    query with the zone's box grown by `direct_tolerance_m`), entry nodes (endpoints of the
//!    roads the dataset's road R-tree finds near the zone, kept when inside the zone or within
//!    the tolerance of it and touched by a non-expressway link).
//! 4. One multi-source Dijkstra over non-expressway links from every trunk access node (label =
//!    distance, then the rank of the best route at the source), stopping once every entry node
//!    of every non-direct zone is settled.
//! 5. Per non-direct zone: the best entry node's label gives `network_distance_m`, the path and
//!    `nearest_route`; the gap is found by a growing-radius R-tree search over access places with
//!    the geodesic closest pair of [`closest::closest`].

use super::Results;
use crate::column;
use crate::dataset::closest::{self, Closest};
use crate::dataset::index;
use crate::dataset::road_graph::{self, RoadGraph};
use crate::dataset::{Dataset, Zone};
use crate::geodesy::local::LocalPlane;
use crate::layer::GeometryType;
use crate::rules::ConnectivityRules;
use crate::view::{Column, GeomRef, Meta, Rows, Table};
use geo::{Coord, Intersects, LineString, Point};
use rayon::prelude::*;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{RTree, RTreeObject, AABB};
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap};
use std::sync::Arc;

/// Connectivity status of a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Direct,
    Network,
    None,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Direct => "direct",
            Status::Network => "network",
            Status::None => "none",
        }
    }
}

/// How a zone not directly connected reaches (or could reach) a trunk road.
#[derive(Debug, Clone, PartialEq)]
pub enum Connector {
    /// Shortest path over the network, from an entry node of the zone to a trunk access node.
    Network {
        path: LineString<f64>,
        length_m: f64,
        to_route: String,
    },
    /// Straight line from the zone to the nearest trunk access place.
    Gap {
        line: LineString<f64>,
        length_m: f64,
        to_route: String,
    },
}

impl Connector {
    /// `network` or `gap`.
    pub fn kind(&self) -> &'static str {
        match self {
            Connector::Network { .. } => "network",
            Connector::Gap { .. } => "gap",
        }
    }
    /// The path or the gap line.
    pub fn line(&self) -> &LineString<f64> {
        match self {
            Connector::Network { path, .. } => path,
            Connector::Gap { line, .. } => line,
        }
    }
    pub fn length_m(&self) -> f64 {
        match self {
            Connector::Network { length_m, .. } | Connector::Gap { length_m, .. } => *length_m,
        }
    }
    pub fn to_route(&self) -> &str {
        match self {
            Connector::Network { to_route, .. } | Connector::Gap { to_route, .. } => to_route,
        }
    }
}

/// The connectivity of one zone.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneConnectivity {
    pub zone: usize,
    pub status: Status,
    /// Trunk routes reaching the zone directly, national before provincial, then by number.
    pub routes: Vec<String>,
    pub nearest_route: Option<String>,
    pub network_distance_m: Option<f64>,
    pub gap_m: Option<f64>,
    pub connector: Option<Connector>,
}

/// A place where a trunk road can be joined.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Access {
    /// An ordinary (non-expressway) built trunk link, by link number.
    Link(u32),
    /// An interchange on a trunk expressway, by node number.
    Interchange(u32),
}

type AccessEntry = GeomWithData<Rectangle<[f64; 2]>, Access>;

/// Route ranking: position of each trunk route in "national before provincial, then lower
/// number, then text" order.
struct Ranking {
    rank_of: HashMap<String, u32>,
    routes: Vec<String>,
}

impl Ranking {
    fn rank(&self, route: &str) -> u32 {
        self.rank_of.get(route).copied().unwrap_or(u32::MAX)
    }
    fn route(&self, rank: u32) -> Option<&str> {
        self.routes.get(rank as usize).map(String::as_str)
    }
}

/// Everything the per-zone steps share.
struct Network<'a> {
    ds: &'a Dataset,
    rules: &'a ConnectivityRules,
    graph: RoadGraph,
    ranking: Ranking,
    /// Rank of each link's route (`u32::MAX` for non-trunk links).
    link_rank: Vec<u32>,
    /// Best route rank at each trunk access node (`u32::MAX` elsewhere).
    node_rank: Vec<u32>,
    access: RTree<AccessEntry>,
}

/// Runs the analysis for every zone, in zone order.
pub fn analyse(ds: &Dataset, rules: &ConnectivityRules) -> Vec<ZoneConnectivity> {
    let net = Network::new(ds, rules);
    // Step 3: direct routes and entry nodes per zone.
    let near: Vec<(Vec<String>, Vec<u32>)> = ds
        .zones
        .par_iter()
        .map(|z| (net.direct_routes(z), net.entry_nodes(z)))
        .collect();
    // Step 4: one multi-source Dijkstra.
    let needed: Vec<u32> = near
        .iter()
        .filter(|(r, _)| r.is_empty())
        .flat_map(|(_, e)| e.iter().copied())
        .collect();
    let labels = net.dijkstra(&needed);
    // Step 5.
    near.into_par_iter()
        .enumerate()
        .map(|(zi, (routes, entries))| net.zone_result(zi, routes, &entries, &labels))
        .collect()
}

/// Dijkstra labels: distance, best-route rank at the source, and the link each node was
/// reached by.
struct Labels {
    dist: Vec<f64>,
    rank: Vec<u32>,
    pred: Vec<u32>,
}

impl<'a> Network<'a> {
    fn new(ds: &'a Dataset, rules: &'a ConnectivityRules) -> Network<'a> {
        let graph = RoadGraph::build(&ds.roads, rules);
        let mut trunk_routes: Vec<&str> = graph
            .links
            .iter()
            .filter(|l| l.trunk)
            .filter_map(|l| ds.roads[l.road as usize].route.as_deref().map(str::trim))
            .collect();
        trunk_routes.sort_unstable();
        trunk_routes.dedup();
        let mut keyed: Vec<_> = trunk_routes
            .iter()
            .map(|r| road_graph::route_sort_key(r, rules))
            .collect();
        keyed.sort();
        let routes: Vec<String> = keyed.into_iter().map(|k| k.2).collect();
        let rank_of = routes
            .iter()
            .enumerate()
            .map(|(i, r)| (r.clone(), i as u32))
            .collect();
        let ranking = Ranking { rank_of, routes };
        let link_rank: Vec<u32> = graph
            .links
            .iter()
            .map(|l| {
                if l.trunk {
                    ds.roads[l.road as usize]
                        .route
                        .as_deref()
                        .map(|r| ranking.rank(r.trim()))
                        .unwrap_or(u32::MAX)
                } else {
                    u32::MAX
                }
            })
            .collect();
        let mut node_rank = vec![u32::MAX; graph.nodes.len()];
        for (li, l) in graph.links.iter().enumerate() {
            for n in [l.from, l.to] {
                if graph.is_trunk_access(n) && l.trunk {
                    node_rank[n as usize] = node_rank[n as usize].min(link_rank[li]);
                }
            }
        }
        let mut entries: Vec<AccessEntry> = Vec::new();
        for (li, l) in graph.links.iter().enumerate() {
            if l.trunk && !l.expressway {
                let line = &ds.roads[l.road as usize].geometry.0[l.part as usize];
                if let Some(e) = index::envelope(line) {
                    entries.push(GeomWithData::new(
                        Rectangle::from_corners(e.lower(), e.upper()),
                        Access::Link(li as u32),
                    ));
                }
            }
        }
        for n in 0..graph.nodes.len() as u32 {
            let f = graph.flags[n as usize];
            if graph.is_interchange(n) && f & road_graph::flag::TRUNK_EXPRESSWAY != 0 {
                let c = graph.nodes[n as usize];
                entries.push(GeomWithData::new(
                    Rectangle::from_corners([c.x, c.y], [c.x, c.y]),
                    Access::Interchange(n),
                ));
            }
        }
        let access = RTree::bulk_load(entries);
        Network {
            ds,
            rules,
            graph,
            ranking,
            link_rank,
            node_rank,
            access,
        }
    }

    fn link_line(&self, link: u32) -> &LineString<f64> {
        let l = &self.graph.links[link as usize];
        &self.ds.roads[l.road as usize].geometry.0[l.part as usize]
    }

    /// An access place's vertices: the link's line, or the interchange's one point.
    fn access_path(&self, a: Access) -> &[Coord<f64>] {
        match a {
            Access::Link(li) => &self.link_line(li).0,
            Access::Interchange(n) => std::slice::from_ref(&self.graph.nodes[n as usize]),
        }
    }

    /// Routes of the trunk expressways meeting at an interchange.
    fn interchange_routes(&self, node: u32) -> Vec<String> {
        self.graph
            .neighbours(node)
            .iter()
            .map(|&(_, li)| &self.graph.links[li as usize])
            .filter(|l| l.trunk && l.expressway)
            .filter_map(|l| {
                self.ds.roads[l.road as usize]
                    .route
                    .as_deref()
                    .map(|r| r.trim().to_string())
            })
            .collect()
    }

    /// The access places whose envelope is within `radius_m` of the zone's envelope.
    fn access_near(&self, z: &Zone, radius_m: f64) -> Vec<Access> {
        self.access_entries_near(z, radius_m)
            .map(|e| e.data)
            .collect()
    }

    /// [`Network::access_near`] with the places' envelopes, in the R-tree's order.
    fn access_entries_near(
        &self,
        z: &Zone,
        radius_m: f64,
    ) -> impl Iterator<Item = &AccessEntry> + '_ {
        let found = index::envelope(&z.geometry).map(|bb| {
            let (lo, hi) = grow(bb, radius_m);
            self.access
                .locate_in_envelope_intersecting(&AABB::from_corners(lo, hi))
        });
        found.into_iter().flatten()
    }

    /// Exact geodesic closest pair between the zone and an access place (distance 0 and a
    /// point of contact when they intersect).
    fn closest_to(&self, z: &Zone, rings: &[&[Coord<f64>]], a: Access) -> Option<Closest> {
        match a {
            Access::Link(li) => {
                let line = self.link_line(li);
                if z.geometry.intersects(line) {
                    let c = contact_point(z, line);
                    return Some(Closest {
                        distance_m: 0.0,
                        a: c,
                        b: c,
                    });
                }
                closest::closest(rings, &[&line.0])
            }
            Access::Interchange(n) => {
                let c = self.graph.nodes[n as usize];
                if z.geometry.intersects(&Point(c)) {
                    return Some(Closest {
                        distance_m: 0.0,
                        a: c,
                        b: c,
                    });
                }
                closest::closest(rings, &[std::slice::from_ref(&c)])
            }
        }
    }

    /// Routes of access places within the direct tolerance, sorted and deduplicated.
    fn direct_routes(&self, z: &Zone) -> Vec<String> {
        let tol = self.rules.direct_tolerance_m;
        let rings = zone_rings(z);
        let mut routes: Vec<String> = Vec::new();
        for a in self.access_near(z, tol) {
            let Some(c) = self.closest_to(z, &rings, a) else {
                continue;
            };
            if c.distance_m > tol {
                continue;
            }
            match a {
                Access::Link(li) => {
                    let l = &self.graph.links[li as usize];
                    if let Some(r) = self.ds.roads[l.road as usize].route.as_deref() {
                        routes.push(r.trim().to_string());
                    }
                }
                Access::Interchange(n) => routes.extend(self.interchange_routes(n)),
            }
        }
        routes.sort_by_key(|r| (self.ranking.rank(r), r.clone()));
        routes.dedup();
        routes
    }

    /// Enterable nodes inside the zone or within the direct tolerance of it.
    fn entry_nodes(&self, z: &Zone) -> Vec<u32> {
        let tol = self.rules.direct_tolerance_m;
        let Some(bb) = index::envelope(&z.geometry) else {
            return Vec::new();
        };
        let (lo, hi) = grow(bb, tol);
        let mut nodes: Vec<u32> = index::query(&self.ds.road_index, lo, hi)
            .flat_map(|r| self.graph.road_links(r as usize))
            .flat_map(|li| {
                let l = &self.graph.links[li];
                [l.from, l.to]
            })
            .filter(|&n| {
                let c = self.graph.nodes[n as usize];
                self.graph.is_enterable(n)
                    && c.x >= lo[0]
                    && c.x <= hi[0]
                    && c.y >= lo[1]
                    && c.y <= hi[1]
            })
            .collect();
        nodes.sort_unstable();
        nodes.dedup();
        let rings = zone_rings(z);
        let plane = closest::centre(&rings).map(LocalPlane::new);
        nodes.retain(|&n| {
            let c = self.graph.nodes[n as usize];
            if z.geometry.intersects(&Point(c)) {
                return true;
            }
            let Some(plane) = plane else { return false };
            // Cheap shortlist first; exact geodesic only near the tolerance.
            let approx = closest::approx_m(&plane, &rings, &[std::slice::from_ref(&c)]);
            if approx > tol * 1.05 + 1.0 {
                return false;
            }
            if approx < tol * 0.95 - 1.0 {
                return true;
            }
            closest::closest(&rings, &[std::slice::from_ref(&c)])
                .is_some_and(|cl| cl.distance_m <= tol)
        });
        nodes
    }

    /// Multi-source Dijkstra over non-expressway links from every trunk access node; stops
    /// once every node of `needed` is settled.
    fn dijkstra(&self, needed: &[u32]) -> Labels {
        let n = self.graph.nodes.len();
        let mut labels = Labels {
            dist: vec![f64::INFINITY; n],
            rank: vec![u32::MAX; n],
            pred: vec![u32::MAX; n],
        };
        if needed.is_empty() {
            return labels;
        }
        let mut want = vec![false; n];
        let mut remaining = 0usize;
        for &e in needed {
            if !want[e as usize] {
                want[e as usize] = true;
                remaining += 1;
            }
        }
        let mut heap = BinaryHeap::new();
        for v in 0..n as u32 {
            if self.graph.is_trunk_access(v) {
                labels.dist[v as usize] = 0.0;
                labels.rank[v as usize] = self.node_rank[v as usize];
                heap.push(Reverse((0u64, self.node_rank[v as usize], v)));
            }
        }
        let mut settled = vec![false; n];
        while let Some(Reverse((dbits, rank, v))) = heap.pop() {
            let vi = v as usize;
            if settled[vi] || dbits != labels.dist[vi].to_bits() || rank != labels.rank[vi] {
                continue;
            }
            settled[vi] = true;
            if want[vi] {
                remaining -= 1;
                if remaining == 0 {
                    break;
                }
            }
            let d = labels.dist[vi];
            let half_edges = self.graph.neighbours(v).iter().zip(self.graph.weights(v));
            for (&(w, li), &weight) in half_edges {
                // Expressway links weigh infinity: never traversed.
                if weight == f64::INFINITY || settled[w as usize] {
                    continue;
                }
                let nd = d + weight;
                let wi = w as usize;
                if nd < labels.dist[wi] || (nd == labels.dist[wi] && rank < labels.rank[wi]) {
                    labels.dist[wi] = nd;
                    labels.rank[wi] = rank;
                    labels.pred[wi] = li;
                    heap.push(Reverse((nd.to_bits(), rank, w)));
                }
            }
        }
        labels
    }

    /// The path from an entry node back to its source, as one line from the zone outwards.
    fn path_line(&self, entry: u32, labels: &Labels) -> LineString<f64> {
        let mut coords: Vec<Coord<f64>> = vec![self.graph.nodes[entry as usize]];
        let mut v = entry;
        while labels.pred[v as usize] != u32::MAX {
            let li = labels.pred[v as usize];
            let l = &self.graph.links[li as usize];
            let line = &self.link_line(li).0;
            let (next, pts): (u32, Box<dyn Iterator<Item = &Coord<f64>>>) = if l.from == v {
                (l.to, Box::new(line.iter()))
            } else {
                (l.from, Box::new(line.iter().rev()))
            };
            for (k, c) in pts.enumerate() {
                if k == 0 && coords.last() == Some(c) {
                    continue;
                }
                coords.push(*c);
            }
            v = next;
        }
        if coords.len() == 1 {
            coords.push(coords[0]);
        }
        LineString(coords)
    }

    /// The nearest access place to a zone: growing-radius R-tree search with the cheap planar
    /// shortlist, then exact geodesic closest pairs; ties (within 1 mm) go to the better route.
    fn gap(&self, z: &Zone) -> Option<(Closest, String)> {
        if self.access.size() == 0 {
            return None;
        }
        let rings = zone_rings(z);
        let plane = LocalPlane::new(closest::centre(&rings)?);
        let approx_of = |a: Access| closest::approx_m(&plane, &rings, &[self.access_path(a)]);
        let slack = |d: f64| d * (0.05 + d / 1.0e6) + 20.0;
        let mut radius = 2_000.0;
        let mut known: HashMap<(bool, u32), f64> = HashMap::new();
        let access_key = |a: Access| match a {
            Access::Link(l) => (false, l),
            Access::Interchange(n) => (true, n),
        };
        // The planar gap between the zone's envelope and a place's is a lower bound of the
        // place's shortlist distance: places are measured in that order, and those whose
        // bound already exceeds the best so far plus its slack (which the shortlist drops
        // anyway) are not measured at all.
        let zone_box = index::envelope(&z.geometry).map(|bb| planar_box(&plane, &bb))?;
        let candidates: Vec<(Access, f64)> = loop {
            // Shortlist distances are kept from smaller radii (the box only grows).
            let mut found: Vec<(f64, usize, Access)> = self
                .access_entries_near(z, radius)
                .enumerate()
                .map(|(k, e)| {
                    let gap = closest::box_gap(zone_box, planar_box(&plane, &e.geom().envelope()));
                    // Shaved by more than the rounding of either computation.
                    (gap * (1.0 - 1e-9) - 1e-6, k, e.data)
                })
                .collect();
            found.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut best = f64::INFINITY;
            let mut measured: Vec<(usize, Access, f64)> = Vec::new();
            for (bound, k, a) in found {
                if bound > best + slack(best) {
                    break;
                }
                let d = *known.entry(access_key(a)).or_insert_with(|| approx_of(a));
                best = best.min(d);
                measured.push((k, a, d));
            }
            if (best.is_finite() && best + slack(best) <= radius) || radius > 2.0e7 {
                // Back in the R-tree's order, which ties below depend on.
                measured.sort_unstable_by_key(|m| m.0);
                break measured
                    .into_iter()
                    .filter(|c| c.2 <= best + slack(best))
                    .map(|(_, a, d)| (a, d))
                    .collect();
            }
            radius *= 4.0;
        };
        // Exact closest pairs in order of the planar distance, until the rest are certainly
        // farther than the nearest so far plus the 1 mm tie tolerance; then back in the
        // candidates' order, so ties resolve as if every candidate had been measured.
        let far = closest::FarBound::new(&plane, &rings)?;
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        order.sort_by(|&i, &j| candidates[i].1.total_cmp(&candidates[j].1));
        let mut min = f64::INFINITY;
        let mut exact: Vec<(usize, Closest, u32, String)> = Vec::new();
        for i in order {
            let (a, approx) = candidates[i];
            let longest_sq = closest::longest_segment_sq(&plane, &[self.access_path(a)]);
            if min.is_finite() && far.beyond(approx, longest_sq, min + 1e-3) {
                break;
            }
            let Some(c) = self.closest_to(z, &rings, a) else {
                continue;
            };
            let rank = match a {
                Access::Link(li) => self.link_rank[li as usize],
                Access::Interchange(n) => self.node_rank[n as usize],
            };
            let Some(route) = self.ranking.route(rank) else {
                continue;
            };
            min = min.min(c.distance_m);
            exact.push((i, c, rank, route.to_string()));
        }
        exact.sort_unstable_by_key(|e| e.0);
        let mut exact: Vec<(Closest, u32, String)> = exact
            .into_iter()
            .map(|(_, c, rank, route)| (c, rank, route))
            .collect();
        exact.retain(|e| e.0.distance_m <= min + 1e-3);
        exact.sort_by(|a, b| {
            a.1.cmp(&b.1)
                .then(a.0.distance_m.total_cmp(&b.0.distance_m))
        });
        let (c, _, route) = exact.into_iter().next()?;
        Some((
            Closest {
                distance_m: min,
                ..c
            },
            route,
        ))
    }

    fn zone_result(
        &self,
        zi: usize,
        routes: Vec<String>,
        entries: &[u32],
        labels: &Labels,
    ) -> ZoneConnectivity {
        let z = &self.ds.zones[zi];
        if !routes.is_empty() {
            return ZoneConnectivity {
                zone: zi,
                status: Status::Direct,
                nearest_route: routes.first().cloned(),
                routes,
                network_distance_m: Some(0.0),
                gap_m: Some(0.0),
                connector: None,
            };
        }
        let best = entries
            .iter()
            .filter(|&&e| labels.dist[e as usize].is_finite())
            .min_by(|&&a, &&b| {
                let (da, db) = (labels.dist[a as usize], labels.dist[b as usize]);
                da.total_cmp(&db)
                    .then(labels.rank[a as usize].cmp(&labels.rank[b as usize]))
                    .then(a.cmp(&b))
            })
            .copied();
        let gap = self.gap(z);
        let gap_m = gap.as_ref().map(|g| g.0.distance_m);
        match best {
            Some(e) => {
                let route = self
                    .ranking
                    .route(labels.rank[e as usize])
                    .map(str::to_string);
                let length_m = labels.dist[e as usize];
                ZoneConnectivity {
                    zone: zi,
                    status: Status::Network,
                    routes: Vec::new(),
                    nearest_route: route.clone(),
                    network_distance_m: Some(length_m),
                    gap_m,
                    connector: Some(Connector::Network {
                        path: self.path_line(e, labels),
                        length_m,
                        to_route: route.unwrap_or_default(),
                    }),
                }
            }
            None => ZoneConnectivity {
                zone: zi,
                status: Status::None,
                routes: Vec::new(),
                nearest_route: gap.as_ref().map(|g| g.1.clone()),
                network_distance_m: None,
                gap_m,
                connector: gap.map(|(c, route)| Connector::Gap {
                    line: LineString(vec![c.a, c.b]),
                    length_m: c.distance_m,
                    to_route: route,
                }),
            },
        }
    }
}

/// Exterior and interior rings of a zone as coordinate slices.
fn zone_rings(z: &Zone) -> Vec<&[Coord<f64>]> {
    z.geometry
        .0
        .iter()
        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        .map(|r| r.0.as_slice())
        .collect()
}

/// A point where a line meets a zone: its first vertex inside, else the first crossing of a
/// zone edge.
fn contact_point(z: &Zone, line: &LineString<f64>) -> Coord<f64> {
    if let Some(c) = line.0.iter().find(|c| z.geometry.intersects(&Point(**c))) {
        return *c;
    }
    let rings = zone_rings(z);
    for w in line.0.windows(2) {
        for r in &rings {
            for e in r.windows(2) {
                let (d, s, _) = closest::segment_pair(w[0], w[1], e[0], e[1]);
                if d == 0.0 {
                    return w[0] + (w[1] - w[0]) * s;
                }
            }
        }
    }
    line.0[0]
}

/// A lon/lat envelope in a local plane (the plane is affine in lon and lat, so the corners'
/// images bound every point's).
fn planar_box(plane: &LocalPlane, bb: &AABB<[f64; 2]>) -> (Coord<f64>, Coord<f64>) {
    let (lo, hi) = (bb.lower(), bb.upper());
    (
        plane.project(Coord { x: lo[0], y: lo[1] }),
        plane.project(Coord { x: hi[0], y: hi[1] }),
    )
}

/// An envelope grown by a distance in metres (generously, in degrees).
fn grow(bb: AABB<[f64; 2]>, radius_m: f64) -> ([f64; 2], [f64; 2]) {
    let (lo, hi) = (bb.lower(), bb.upper());
    let dlat = radius_m / 110_574.0;
    let max_lat = (lo[1].abs().max(hi[1].abs()) + dlat).min(89.9);
    let dlon =
        (radius_m / (crate::geodesy::METRES_PER_DEGREE * max_lat.to_radians().cos())).min(360.0);
    ([lo[0] - dlon, lo[1] - dlat], [hi[0] + dlon, hi[1] + dlat])
}

/// Zone row `i` with its connectivity.
fn zone_row(r: &Results, i: usize) -> (&Zone, &ZoneConnectivity) {
    let c = &r.network().connectivity[i];
    (&r.dataset.zones[c.zone], c)
}

static ZONE_ROWS: Rows<Results> = Rows {
    len: |r| r.network().connectivity.len(),
    id: |r, i| zone_row(r, i).0.zone_id.as_str(),
    geometry: |r, i| Some(GeomRef::MultiPolygon(&zone_row(r, i).0.geometry)),
    index: |r| &r.dataset.zone_index,
};

static ZONE_COLUMNS: [Column<Results>; 6] = [
    column!("zone_id", Text, None, "集聚区编号", "Zone identifier.", |r, i| zone_row(r, i).0.zone_id.as_str()),
    column!("status", Text, None, "连通状态", "direct: a built national/provincial road (or an expressway interchange) within the direct tolerance; network: reachable over lower roads; none: not reachable.", |r, i| zone_row(r, i).1.status.as_str()),
    column!("routes", TextList, None, "直接连通路线", "National and provincial routes reaching the zone directly, national first, then by route number.", |r, i| zone_row(r, i).1.routes.as_slice()),
    column!("nearest_route", Text, None, "最近路线", "The route the connecting path (or, failing one, the gap line) reaches; for direct zones the first of routes.", |r, i| &zone_row(r, i).1.nearest_route),
    column!("network_distance_m", Real, Some("m"), "路网距离(米)", "Geodesic length of the shortest network path from the zone to a trunk road; 0 when direct, null when there is none.", |r, i| zone_row(r, i).1.network_distance_m),
    column!("gap_m", Real, Some("m"), "缺口距离(米)", "Geodesic distance from the zone to the nearest place a trunk road can be joined; 0 when direct, null with no trunk road at all.", |r, i| zone_row(r, i).1.gap_m),
];

/// The `zone-connectivity` layer: one feature per zone.
pub fn zone_view(results: Arc<Results>) -> Table<Results> {
    let tol = results.rules.connectivity.direct_tolerance_m;
    let meta = Meta::new(
        "zone-connectivity",
        "Road connectivity of zones",
        "集聚区道路连通性",
        format!(
            "Whether each zone is reached directly by a built national or provincial road (within {tol} m; expressways only at interchanges), over the lower road network, or not at all."
        ),
        GeometryType::MultiPolygon,
        "zone_id",
    );
    Table::new(meta, &ZONE_ROWS, &ZONE_COLUMNS, results)
}

/// Connector row `i`: the zone and its connector.
fn connector_row(r: &Results, i: usize) -> (&Zone, &Connector) {
    let c = &r.network().connectivity[r.network().connectors[i]];
    let connector = c
        .connector
        .as_ref()
        .expect("connector rows are the zones with a connector");
    (&r.dataset.zones[c.zone], connector)
}

static CONNECTOR_ROWS: Rows<Results> = Rows {
    len: |r| r.network().connectors.len(),
    id: |r, i| connector_row(r, i).0.zone_id.as_str(),
    geometry: |r, i| Some(GeomRef::LineString(connector_row(r, i).1.line())),
    index: |r| &r.network().connector_index,
};

static CONNECTOR_COLUMNS: [Column<Results>; 4] = [
    column!(
        "zone_id",
        Text,
        None,
        "集聚区编号",
        "Zone identifier.",
        |r, i| connector_row(r, i).0.zone_id.as_str()
    ),
    column!(
        "kind",
        Text,
        None,
        "类型",
        "network: shortest path over lower roads; gap: straight line to close.",
        |r, i| connector_row(r, i).1.kind()
    ),
    column!(
        "length_m",
        Real,
        Some("m"),
        "长度(米)",
        "Geodesic length of the path or line.",
        |r, i| connector_row(r, i).1.length_m()
    ),
    column!(
        "to_route",
        Text,
        None,
        "连接路线",
        "The national or provincial route reached.",
        |r, i| connector_row(r, i).1.to_route()
    ),
];

/// The `connector-paths` layer: one feature per zone not directly connected that has a
/// path or a gap line.
pub fn connector_view(results: Arc<Results>) -> Table<Results> {
    let meta = Meta::new(
        "connector-paths",
        "Connector paths",
        "连通路径",
        "For each zone not directly connected: the shortest network path to a trunk road, or the straight gap line to close when there is none.",
        GeometryType::LineString,
        "zone_id",
    );
    Table::new(meta, &CONNECTOR_ROWS, &CONNECTOR_COLUMNS, results)
}
