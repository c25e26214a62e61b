//! What the server holds in memory, built once at start: per collection the layer, an
//! envelope R-tree, an id → position map and every feature pre-encoded as GeoJSON (CRS84).

use super::encode::{self, EncodedSpan};
use super::styles::Styles;
use crate::config::ServerConfig;
use crate::dataset::index::{self, BoxIndex};
use crate::layer::Layer;
use chrono::{DateTime, NaiveDate, Utc};
use geo::BoundingRect;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// One published layer.
pub struct Collection {
    pub layer: Layer,
    /// Envelopes of the features (CRS84); entry data = feature position.
    pub index: BoxIndex,
    /// Feature id → position.
    pub by_id: HashMap<String, u32>,
    /// Every feature's GeoJSON (CRS84), each followed by a comma, in layer order.
    pub encoded: Vec<u8>,
    pub spans: Vec<EncodedSpan>,
    /// Bounding box of all features `[minx, miny, maxx, maxy]` (CRS84), when any has a geometry.
    pub extent: Option<[f64; 4]>,
}

impl Collection {
    /// Indexes and encodes a layer.
    pub fn new(layer: Layer) -> Collection {
        let envelopes: Vec<Option<rstar::AABB<[f64; 2]>>> = layer
            .features
            .par_iter()
            .map(|f| {
                f.geometry
                    .as_ref()
                    .and_then(|g| g.bounding_rect())
                    .map(|r| {
                        rstar::AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y])
                    })
            })
            .collect();
        let extent = envelopes
            .iter()
            .flatten()
            .fold(None, |acc: Option<[f64; 4]>, e| {
                let (l, u) = (e.lower(), e.upper());
                Some(match acc {
                    None => [l[0], l[1], u[0], u[1]],
                    Some(a) => [
                        a[0].min(l[0]),
                        a[1].min(l[1]),
                        a[2].max(u[0]),
                        a[3].max(u[1]),
                    ],
                })
            });
        let index = index::build(envelopes.into_iter());
        // Encode in parallel chunks, then concatenate.
        let chunks: Vec<(Vec<u8>, Vec<EncodedSpan>)> = layer
            .features
            .par_chunks(4096)
            .map(|chunk| {
                let mut buf = Vec::with_capacity(chunk.len() * 512);
                let mut spans = Vec::with_capacity(chunk.len());
                for f in chunk {
                    let s = buf.len();
                    let (gs, ge) = encode::write_feature(&mut buf, &layer, f);
                    spans.push(EncodedSpan {
                        start: s,
                        geometry_start: gs,
                        geometry_end: ge,
                        end: buf.len(),
                    });
                    buf.push(b',');
                }
                (buf, spans)
            })
            .collect();
        let total: usize = chunks.iter().map(|c| c.0.len()).sum();
        let mut encoded = Vec::with_capacity(total);
        let mut spans = Vec::with_capacity(layer.features.len());
        for (buf, s) in chunks {
            let base = encoded.len();
            encoded.extend_from_slice(&buf);
            spans.extend(s.into_iter().map(|sp| EncodedSpan {
                start: base + sp.start,
                geometry_start: base + sp.geometry_start,
                geometry_end: base + sp.geometry_end,
                end: base + sp.end,
            }));
        }
        let mut by_id = HashMap::with_capacity(layer.features.len());
        for (i, f) in layer.features.iter().enumerate() {
            by_id.entry(f.id.clone()).or_insert(i as u32);
        }
        Collection {
            layer,
            index,
            by_id,
            encoded,
            spans,
            extent,
        }
    }

    /// A feature's pre-encoded GeoJSON (CRS84), without the trailing comma.
    pub fn feature_bytes(&self, i: usize) -> &[u8] {
        let s = &self.spans[i];
        &self.encoded[s.start..s.end]
    }

    /// The pre-encoded features `range` joined by commas (one slice of the buffer).
    pub fn run_bytes(&self, range: std::ops::Range<usize>) -> &[u8] {
        if range.is_empty() {
            return &[];
        }
        let a = self.spans[range.start].start;
        let b = self.spans[range.end - 1].end;
        &self.encoded[a..b]
    }
}

/// Shared, read-only server state.
pub struct AppState {
    pub collections: Vec<Collection>,
    pub by_id: HashMap<String, usize>,
    pub as_of: NaiveDate,
    pub source: String,
    pub config: ServerConfig,
    /// When the data were loaded: the `timeStamp` of every response (the data are a snapshot).
    pub loaded_at: DateTime<Utc>,
    /// Hash of all encoded data; part of every `ETag`.
    pub fingerprint: u64,
    pub styles: Styles,
    /// Recomputes the dated collections for `as-of` requests (none: the start date only).
    pub as_of_source: Option<super::as_of::AsOfSource>,
}

impl AppState {
    /// Builds the state: encodes and indexes every layer (in parallel).
    pub fn new(
        layers: Vec<Layer>,
        as_of: NaiveDate,
        source: String,
        config: ServerConfig,
        styles: Styles,
    ) -> anyhow::Result<AppState> {
        for l in &layers {
            let distinct = l
                .features
                .iter()
                .map(|f| f.id.as_str())
                .collect::<std::collections::HashSet<_>>()
                .len();
            if distinct != l.features.len() {
                eprintln!(
                    "warning: layer `{}` has {} feature(s) whose `{}` repeats an earlier one; /items/{{id}} returns the first",
                    l.id,
                    l.features.len() - distinct,
                    l.key
                );
            }
        }
        let collections: Vec<Collection> = layers.into_par_iter().map(Collection::new).collect();
        let mut by_id = HashMap::new();
        for (i, c) in collections.iter().enumerate() {
            if by_id.insert(c.layer.id.clone(), i).is_some() {
                anyhow::bail!("two layers are both called `{}`", c.layer.id);
            }
        }
        let mut h = std::collections::hash_map::DefaultHasher::new();
        as_of.hash(&mut h);
        for c in &collections {
            c.layer.id.hash(&mut h);
            c.encoded.hash(&mut h);
        }
        styles.fingerprint().hash(&mut h);
        Ok(AppState {
            collections,
            by_id,
            as_of,
            source,
            config,
            loaded_at: Utc::now(),
            fingerprint: h.finish(),
            styles,
            as_of_source: None,
        })
    }

    /// A collection by id.
    pub fn collection(&self, id: &str) -> Option<&Collection> {
        self.by_id.get(id).map(|&i| &self.collections[i])
    }
}
