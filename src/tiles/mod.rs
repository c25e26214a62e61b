//! Mapbox Vector Tiles (2.1) of any [`View`](crate::view::View) on the WebMercatorQuad grid,
//! for OGC API – Tiles (`serve::tiles`) and the web map.
//!
//! - [`mercator`]: the projection and tile indexes; [`tms`]: the tile matrix set document;
//! - [`clip`]: clipping to the buffered tile; [`encode`]: one view in one tile → one layer;
//! - [`cache`]: encoded tiles kept in memory.
//!
//! A tile is cut from the view's R-tree (only rows whose envelope meets the tile are read),
//! projected, clipped to `[-BUFFER, EXTENT + BUFFER]`, simplified and thinned only below
//! [`encode::FULL_DETAIL_ZOOM`], and snapped to the 4096 grid with MVT winding (exterior rings
//! clockwise on screen). Every property with a value is written (dates ISO, lists
//! comma-separated, nulls left out). A tile holding several layers is the concatenation of
//! single-layer tiles (the protobuf `layers` field repeats), so the dataset tileset reuses the
//! per-collection cache.

pub mod cache;
pub mod clip;
pub mod encode;
pub mod mercator;
pub mod tms;

pub use cache::TileCache;
pub use encode::{
    encode_layer, encode_tile, encode_tile_with, LayerRules, ALL_PROPERTIES_ZOOM, BUFFER, EXTENT,
    FULL_DETAIL_ZOOM,
};
pub use mercator::{TileId, MAX_ZOOM};
