//! What the server holds in memory, built once at start: per collection its view (borrowed
//! over the dataset and the results: the dataset's R-trees are the collections' indexes) and
//! the rows sorted by id for `/items/{featureId}`. GeoJSON is encoded per request from the
//! view.

use super::styles::Styles;
use crate::config::ServerConfig;
use crate::view::{self, SharedView};
use chrono::{DateTime, NaiveDate, Utc};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// One published layer.
pub struct Collection {
    pub view: SharedView,
    /// Rows sorted by feature id (the first of repeated ids only).
    by_id: Vec<u32>,
    /// Bounding box of all features `[minx, miny, maxx, maxy]` (CRS84), when any has a geometry.
    pub extent: Option<[f64; 4]>,
}

impl Collection {
    /// Sorts the rows by id; returns the collection and how many ids repeat an earlier one.
    pub fn new(view: SharedView) -> (Collection, usize) {
        let mut by_id: Vec<u32> = (0..view.len() as u32).collect();
        by_id.par_sort_by(|&a, &b| view.id(a as usize).cmp(view.id(b as usize)).then(a.cmp(&b)));
        let before = by_id.len();
        by_id.dedup_by(|b, a| view.id(*a as usize) == view.id(*b as usize));
        let repeated = before - by_id.len();
        let extent = view::extent(view.as_ref());
        (
            Collection {
                view,
                by_id,
                extent,
            },
            repeated,
        )
    }

    /// The collection id.
    pub fn id(&self) -> &str {
        &self.view.meta().id
    }

    /// The row of the feature with this id.
    pub fn row_of(&self, id: &str) -> Option<usize> {
        self.by_id
            .binary_search_by(|&r| self.view.id(r as usize).cmp(id))
            .ok()
            .map(|k| self.by_id[k] as usize)
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
    /// Identifies this snapshot of the data; part of every `ETag`.
    pub fingerprint: u64,
    pub styles: Styles,
    /// Recomputes the dated collections for `as-of` requests (none: the start date only).
    pub as_of_source: Option<super::as_of::AsOfSource>,
    /// Encoded vector tiles (`serve::tiles`).
    pub tiles: crate::tiles::TileCache,
}

impl AppState {
    /// Builds the state over the views (in parallel).
    pub fn new(
        views: Vec<SharedView>,
        as_of: NaiveDate,
        source: String,
        config: ServerConfig,
        styles: Styles,
    ) -> anyhow::Result<AppState> {
        let built: Vec<(Collection, usize)> = views.into_par_iter().map(Collection::new).collect();
        let mut collections = Vec::with_capacity(built.len());
        for (c, repeated) in built {
            if repeated > 0 {
                eprintln!(
                    "warning: layer `{}` has {repeated} feature(s) whose `{}` repeats an earlier one; /items/{{id}} returns the first",
                    c.id(),
                    c.view.meta().key
                );
            }
            collections.push(c);
        }
        let mut by_id = HashMap::new();
        for (i, c) in collections.iter().enumerate() {
            if by_id.insert(c.id().to_string(), i).is_some() {
                anyhow::bail!("two layers are both called `{}`", c.id());
            }
        }
        let loaded_at = Utc::now();
        let mut h = std::collections::hash_map::DefaultHasher::new();
        as_of.hash(&mut h);
        source.hash(&mut h);
        loaded_at.timestamp_nanos_opt().hash(&mut h);
        for c in &collections {
            c.id().hash(&mut h);
            c.view.len().hash(&mut h);
        }
        styles.fingerprint().hash(&mut h);
        Ok(AppState {
            collections,
            by_id,
            as_of,
            source,
            config,
            loaded_at,
            fingerprint: h.finish(),
            styles,
            as_of_source: None,
            tiles: crate::tiles::TileCache::default(),
        })
    }

    /// A collection by id.
    pub fn collection(&self, id: &str) -> Option<&Collection> {
        self.by_id.get(id).map(|&i| &self.collections[i])
    }
}
