//! [`Collection`]: one published layer as the server holds it — its view, the rows sorted by
//! feature id (4 bytes a row) and its extent.

use crate::view::{self, SharedView};
use rayon::prelude::*;

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
