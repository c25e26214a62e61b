//! `as-of=YYYY-MM-DD` per request (§8): the `idle-land` and `zone-intensity` collections
//! recomputed for another date from the loaded data, exactly as `audit --as-of` would, and a
//! few recent dates kept (least recently used first out). Without the parameter (or with the
//! server's own date) the collections built at start apply.

use super::collection::Collection;
use super::error::ApiError;
use crate::analysis::{idle, intensity, Results};
use chrono::NaiveDate;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// The query parameter.
pub const PARAM: &str = "as-of";
/// The collections that depend on the as-of date.
pub const DATED: [&str; 2] = ["idle-land", "zone-intensity"];
/// Dates kept.
pub const CACHE_DATES: usize = 8;

/// The two dated collections for one date.
pub struct Dated {
    pub zone_intensity: Collection,
    pub idle_land: Collection,
}

impl Dated {
    pub fn get(&self, id: &str) -> Option<&Collection> {
        match id {
            "idle-land" => Some(&self.idle_land),
            "zone-intensity" => Some(&self.zone_intensity),
            _ => None,
        }
    }
}

/// What recomputing needs: the results (dataset, rules, the date-independent analyses) and
/// the recent dates.
pub struct AsOfSource {
    results: Arc<Results>,
    cache: Mutex<VecDeque<(NaiveDate, Arc<Dated>)>>,
}

impl AsOfSource {
    pub fn new(results: Arc<Results>) -> AsOfSource {
        AsOfSource {
            results,
            cache: Mutex::new(VecDeque::new()),
        }
    }

    /// The dated collections for `date`, from the cache or computed (blocking: call it off
    /// the async workers).
    pub fn dated(&self, date: NaiveDate) -> Arc<Dated> {
        if let Ok(mut c) = self.cache.lock() {
            if let Some(pos) = c.iter().position(|(d, _)| *d == date) {
                let hit = c.remove(pos).expect("position is valid");
                c.push_back(hit.clone());
                return hit.1;
            }
        }
        let dated = Arc::new(compute(&self.results, date));
        if let Ok(mut c) = self.cache.lock() {
            if !c.iter().any(|(d, _)| *d == date) {
                c.push_back((date, dated.clone()));
                while c.len() > CACHE_DATES {
                    c.pop_front();
                }
            }
        }
        dated
    }

    /// Dates in the cache, least recently used first.
    pub fn cached_dates(&self) -> Vec<NaiveDate> {
        self.cache
            .lock()
            .map(|c| c.iter().map(|(d, _)| *d).collect())
            .unwrap_or_default()
    }
}

/// `zone-intensity` and `idle-land` as of `date`, as the audit computes them (intensity and
/// idle land recomputed; the network results shared).
pub fn compute(results: &Arc<Results>, date: NaiveDate) -> Dated {
    let r = results.as_of(date);
    let (zone_intensity, idle_land) = rayon::join(
        || Collection::new(Arc::new(intensity::zone_view(r.clone()))).0,
        || Collection::new(Arc::new(idle::view(r.clone()))).0,
    );
    Dated {
        zone_intensity,
        idle_land,
    }
}

/// Query parameters as name–value pairs.
pub type Pairs = Vec<(String, String)>;

/// Takes `as-of` out of the query: `None` without it (or for the server's own date),
/// else the date. A malformed date, a date on a collection that does not depend on it, or
/// a server that cannot recompute is 400.
pub fn take(
    source: Option<&AsOfSource>,
    server_as_of: NaiveDate,
    id: &str,
    pairs: &[(String, String)],
) -> Result<(Option<NaiveDate>, Pairs), ApiError> {
    let mut rest = Vec::with_capacity(pairs.len());
    let mut date = None;
    for (k, v) in pairs {
        if k != PARAM {
            rest.push((k.clone(), v.clone()));
            continue;
        }
        let d = parse(v)?;
        if !DATED.contains(&id) {
            return Err(ApiError::bad_param(format!(
                "as-of applies to the idle-land and zone-intensity collections only, not to `{id}`"
            )));
        }
        date = Some(d);
    }
    let date = date.filter(|d| *d != server_as_of);
    if date.is_some() && source.is_none() {
        return Err(ApiError::bad_param(
            "this server cannot recompute for another as-of date",
        ));
    }
    Ok((date, rest))
}

/// A `YYYY-MM-DD` date, else 400.
pub fn parse(v: &str) -> Result<NaiveDate, ApiError> {
    let ok = v.len() == 10 && v.as_bytes()[4] == b'-' && v.as_bytes()[7] == b'-';
    ok.then(|| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| ApiError::bad_param(format!("as-of must be a date YYYY-MM-DD, not `{v}`")))
}

/// The dated collections for `date`, computed off the async workers.
pub async fn dated(source: &Arc<AsOfSource>, date: NaiveDate) -> Result<Arc<Dated>, ApiError> {
    let source = source.clone();
    tokio::task::spawn_blocking(move || source.dated(date))
        .await
        .map_err(|e| ApiError::server(format!("recomputing failed: {e}")))
}
