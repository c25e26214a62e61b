//! What the server holds in memory, built once at start: per collection its view (borrowed
//! over the dataset and the results: the dataset's R-trees are the collections' indexes) and
//! the rows sorted by id for `/items/{featureId}`. GeoJSON is encoded per request from the
//! view.

use super::as_of;
pub use super::collection::Collection;
use super::error::ApiError;
use super::styles::Styles;
use crate::config::ServerConfig;
use crate::view::SharedView;
use chrono::{DateTime, NaiveDate, Utc};
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

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
    pub as_of_source: Option<std::sync::Arc<super::as_of::AsOfSource>>,
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

    /// Takes `as-of` out of a request's query for collection `id` (see [`as_of::take`]).
    pub fn take_as_of(
        &self,
        id: &str,
        pairs: &[(String, String)],
    ) -> Result<(Option<NaiveDate>, as_of::Pairs), ApiError> {
        as_of::take(self.as_of_source.as_deref(), self.as_of, id, pairs)
    }

    /// The dated collections for `date`, recomputed off the async workers.
    pub async fn dated(&self, date: NaiveDate) -> Result<std::sync::Arc<as_of::Dated>, ApiError> {
        match &self.as_of_source {
            Some(source) => as_of::dated(source, date).await,
            None => Err(ApiError::bad_param(
                "this server cannot recompute for another as-of date",
            )),
        }
    }
}
