//! zonescope: land-use intensity, idle land, road connectivity and village relocation for
//! industrial cluster districts (产业集聚区), from any GDAL source, served over OGC API –
//! Features and written as a batch audit.
//!
//! Data flow one way: [`source`] loads the four layers into a [`dataset::Dataset`];
//! [`analysis::run`] turns it, the [`rules::Rules`] and an as-of date into one typed
//! [`analysis::Results`]; every published layer is a borrowed [`view`] over the dataset or the
//! results, which [`serve`] publishes and [`audit`] writes. [`timing`] prints phase timings
//! when `ZONESCOPE_TIMING` is set.

pub mod analysis;
pub mod audit;
pub mod config;
pub mod contract;
pub mod dataset;
pub mod filter;
pub mod geodesy;
pub mod layer;
pub mod rules;
pub mod serve;
pub mod source;
pub mod tiles;
pub mod timing;
pub mod view;
