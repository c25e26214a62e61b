//! The analyses: pure functions from a dataset, the rules and an as-of date to result
//! layers. Nothing here does I/O, HTTP or printing.

use crate::dataset::Dataset;
use crate::layer::Layer;
use crate::rules::Rules;
use chrono::NaiveDate;

/// Every result layer, in the contract's order: `parcel-intensity`, `zone-intensity`,
/// `idle-land`, `zone-connectivity`, `connector-paths`, `relocation`, `zone-relocation`.
pub fn run_all(ds: &Dataset, rules: &Rules, as_of: NaiveDate) -> Vec<Layer> {
    let _ = (ds, rules, as_of);
    Vec::new()
}
