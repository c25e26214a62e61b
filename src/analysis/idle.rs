//! Idle-land candidates (闲置土地处置办法, 国土资源部令第53号, 2012, Art. 2, 8 and 14), as of an
//! audit date.
//!
//! - `not_started`: `actual_start` is null and the as-of date is on or after the first
//!   anniversary of `agreed_start` (a parcel without `agreed_start` can never be one).
//! - `stalled`: started, `halted_since` set, the as-of date on or after the first anniversary
//!   of `halted_since`, and the developed share of the site below 1/3 or the invested share of
//!   the total investment below 0.25. A share whose input is missing is not failed; it is
//!   listed in `missing`.
//! - `severity`: `reclaim` from the second anniversary of `idle_since` on, else `fee`.
//! - `delay_cause = government`: listed with `excluded = true` (Art. 8).
//!
//! The result is a list of candidates for investigation, not a legal finding.

use super::calendar;
use super::Results;
use crate::column;
use crate::dataset::Dataset;
use crate::dataset::Parcel;
use crate::layer::GeometryType;
use crate::rules::IdleRules;
use crate::view::{Column, GeomRef, Meta, Rows, Table};
use chrono::NaiveDate;
use rayon::prelude::*;
use std::sync::Arc;

/// Why a parcel is an idle-land candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleReason {
    /// Not started one year after the agreed start (Art. 2, first case).
    NotStarted,
    /// Started, then halted for a year with less than 1/3 developed or 1/4 invested (Art. 2,
    /// second case).
    Stalled,
}

impl IdleReason {
    pub fn as_str(self) -> &'static str {
        match self {
            IdleReason::NotStarted => "not_started",
            IdleReason::Stalled => "stalled",
        }
    }
}

/// What Art. 14 provides for: an idle-land fee (one to two years) or reclaiming (two or more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleSeverity {
    Fee,
    Reclaim,
}

impl IdleSeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            IdleSeverity::Fee => "fee",
            IdleSeverity::Reclaim => "reclaim",
        }
    }
}

/// One idle-land candidate with every input that made it one.
#[derive(Debug, Clone, PartialEq)]
pub struct IdleCandidate {
    /// Position of the parcel in `Dataset::parcels`.
    pub parcel: usize,
    /// Position of the parcel's zone in `Dataset::zones`, if any.
    pub zone: Option<u32>,
    pub reason: IdleReason,
    /// `agreed_start` (not started) or `halted_since` (stalled).
    pub idle_since: NaiveDate,
    /// As-of date − `idle_since`, days.
    pub idle_days: i64,
    pub severity: IdleSeverity,
    /// Site area (not started) or `max(0, site area − developed area)` (stalled), m²; null
    /// for a stalled parcel without `developed_area_m2` (a missing input is never zero).
    pub idle_area_m2: Option<f64>,
    pub site_area_m2: f64,
    /// Delay caused by government action: listed, not counted.
    pub excluded: bool,
    /// `government` when excluded.
    pub exclusion_reason: Option<String>,
    /// `idle_since` + `idle_after_years` (1) calendar years: the day it became a candidate.
    pub first_anniversary: NaiveDate,
    /// `idle_since` + `reclaim_after_years` (2) calendar years: from then on `reclaim`.
    pub second_anniversary: NaiveDate,
    /// `developed_area_m2 / site_area_m2` (stalled only; null when the input is missing).
    pub developed_share: Option<f64>,
    /// `invested_wan_yuan / total_investment_wan_yuan` (stalled only).
    pub invested_share: Option<f64>,
    /// Shares that could not be computed because an input is missing (`developed_share`,
    /// `invested_share`).
    pub missing: Vec<&'static str>,
}

/// Every idle-land candidate of the dataset as of `as_of`, in parcel order.
pub fn idle_candidates(ds: &Dataset, rules: &IdleRules, as_of: NaiveDate) -> Vec<IdleCandidate> {
    (0..ds.parcels.len())
        .into_par_iter()
        .filter_map(|i| candidate(ds, i, rules, as_of))
        .collect()
}

/// The candidate for one parcel, if it is one.
pub fn candidate(
    ds: &Dataset,
    i: usize,
    rules: &IdleRules,
    as_of: NaiveDate,
) -> Option<IdleCandidate> {
    let p = &ds.parcels[i];
    let site = p.site_area_m2();
    let mut developed_share = None;
    let mut invested_share = None;
    let mut missing = Vec::new();
    let (reason, idle_since, idle_area_m2) = match (p.actual_start, p.agreed_start, p.halted_since)
    {
        (None, Some(agreed), _) => {
            if !calendar::on_or_after_anniversary(as_of, agreed, rules.idle_after_years) {
                return None;
            }
            (IdleReason::NotStarted, agreed, Some(site))
        }
        (None, None, _) => return None,
        (Some(_), _, None) => return None,
        (Some(_), _, Some(halted)) => {
            if !calendar::on_or_after_anniversary(as_of, halted, rules.idle_after_years) {
                return None;
            }
            developed_share = ratio(p.developed_area_m2, Some(site));
            invested_share = ratio(p.invested_wan_yuan, p.total_investment_wan_yuan);
            if developed_share.is_none() {
                missing.push("developed_share");
            }
            if invested_share.is_none() {
                missing.push("invested_share");
            }
            let low_developed = developed_share.is_some_and(|s| s < rules.developed_share_min);
            let low_invested = invested_share.is_some_and(|s| s < rules.invested_share_min);
            if !(low_developed || low_invested) {
                return None;
            }
            let idle_area = p
                .developed_area_m2
                .filter(|d| d.is_finite())
                .map(|d| (site - d).max(0.0));
            (IdleReason::Stalled, halted, idle_area)
        }
    };
    let second_anniversary = calendar::anniversary(idle_since, rules.reclaim_after_years);
    let severity = if as_of >= second_anniversary {
        IdleSeverity::Reclaim
    } else {
        IdleSeverity::Fee
    };
    let excluded = p
        .delay_cause
        .as_deref()
        .is_some_and(|c| c.trim().eq_ignore_ascii_case(rules.government_cause.trim()));
    Some(IdleCandidate {
        parcel: i,
        zone: ds.parcel_zone[i],
        reason,
        idle_since,
        idle_days: calendar::days_between(idle_since, as_of),
        severity,
        idle_area_m2,
        site_area_m2: site,
        excluded,
        exclusion_reason: excluded.then(|| rules.government_cause.trim().to_string()),
        first_anniversary: calendar::anniversary(idle_since, rules.idle_after_years),
        second_anniversary,
        developed_share,
        invested_share,
        missing,
    })
}

/// `num / den` when both are given, finite and `den > 0`.
fn ratio(num: Option<f64>, den: Option<f64>) -> Option<f64> {
    match (num, den) {
        (Some(n), Some(d)) if n.is_finite() && d.is_finite() && d > 0.0 => Some(n / d),
        _ => None,
    }
}

/// Candidate `i` with its parcel.
fn row(r: &Results, i: usize) -> (&Parcel, &IdleCandidate) {
    let c = &r.intensity.idle[i];
    (&r.dataset.parcels[c.parcel], c)
}

/// A stalled candidate's threshold (null for `not_started`).
fn stalled_min(c: &IdleCandidate, min: f64) -> Option<f64> {
    (c.reason == IdleReason::Stalled).then_some(min)
}

static ROWS: Rows<Results> = Rows {
    len: |r| r.intensity.idle.len(),
    id: |r, i| row(r, i).0.parcel_id.as_str(),
    geometry: |r, i| Some(GeomRef::MultiPolygon(&row(r, i).0.geometry)),
    index: |r| &r.intensity.idle_index,
};

static COLUMNS: [Column<Results>; 26] = [
    column!("parcel_id", Text, None, "宗地编号", "Parcel identifier.", |r, i| row(r, i).0.parcel_id.as_str()),
    column!("zone_id", Text, None, "集聚区编号", "Zone the parcel belongs to (given, or by largest overlap).", |r, i| r.dataset.parcel_zone_id(row(r, i).1.parcel)),
    column!("reason", Text, None, "闲置类型", "`not_started`: not started a year after the agreed start; `stalled`: halted a year with under 1/3 developed or under 1/4 invested.", |r, i| row(r, i).1.reason.as_str()),
    column!("idle_since", Date, None, "闲置起算日", "agreed_start (not_started) or halted_since (stalled).", |r, i| row(r, i).1.idle_since),
    column!("idle_days", Integer, Some("d"), "闲置天数", "As-of date minus idle_since, in days.", |r, i| row(r, i).1.idle_days),
    column!("severity", Text, None, "处置", "`fee` (idle one to two years: idle-land fee) or `reclaim` (two years or more: reclaim without compensation), Order 53 Art. 14.", |r, i| row(r, i).1.severity.as_str()),
    column!("idle_area_m2", Real, Some("m²"), "闲置面积(平方米)", "Site area (not_started) or site area minus developed area, at least 0 (stalled; null when developed_area_m2 is missing).", |r, i| row(r, i).1.idle_area_m2),
    column!("excluded", Bool, None, "排除", "True when the delay was caused by government action (Order 53 Art. 8): listed, not counted.", |r, i| row(r, i).1.excluded),
    column!("exclusion_reason", Text, None, "排除原因", "`government` when excluded.", |r, i| &row(r, i).1.exclusion_reason),
    column!("site_area_m2", Real, Some("m²"), "宗地面积(平方米)", "registered_area_m2 when given and positive, else the geodesic area.", |r, i| row(r, i).1.site_area_m2),
    column!("agreed_start", Date, None, "约定动工日期", "Agreed start of construction.", |r, i| row(r, i).0.agreed_start),
    column!("actual_start", Date, None, "实际动工日期", "Actual start; null = not started.", |r, i| row(r, i).0.actual_start),
    column!("halted_since", Date, None, "中止开发日期", "Date construction stopped.", |r, i| row(r, i).0.halted_since),
    column!("first_anniversary", Date, None, "满一年日期", "idle_since plus one calendar year (29 Feb → 28 Feb): candidate on or after it.", |r, i| row(r, i).1.first_anniversary),
    column!("second_anniversary", Date, None, "满两年日期", "idle_since plus two calendar years: `reclaim` on or after it.", |r, i| row(r, i).1.second_anniversary),
    column!("developed_area_m2", Real, Some("m²"), "已开发面积(平方米)", "Area under construction or built.", |r, i| row(r, i).0.developed_area_m2),
    column!("developed_share", Real, None, "已开发比例", "developed_area_m2 / site_area_m2 (stalled only).", |r, i| row(r, i).1.developed_share),
    column!("developed_share_min", Real, None, "开发比例下限", "Stalled when the developed share is below this (1/3).", |r, i| stalled_min(row(r, i).1, r.rules.idle.developed_share_min)),
    column!("invested_wan_yuan", Real, Some("10⁴ yuan"), "已投资(万元)", "Investment completed.", |r, i| row(r, i).0.invested_wan_yuan),
    column!("total_investment_wan_yuan", Real, Some("10⁴ yuan"), "总投资(万元)", "Total planned investment.", |r, i| row(r, i).0.total_investment_wan_yuan),
    column!("invested_share", Real, None, "已投资比例", "invested_wan_yuan / total_investment_wan_yuan (stalled only).", |r, i| row(r, i).1.invested_share),
    column!("invested_share_min", Real, None, "投资比例下限", "Stalled when the invested share is below this (0.25).", |r, i| stalled_min(row(r, i).1, r.rules.idle.invested_share_min)),
    column!("delay_cause", Text, None, "延迟原因", "As given in the parcels layer.", |r, i| &row(r, i).0.delay_cause),
    column!("missing", TextList, None, "缺失指标", "Shares that could not be computed because an input is missing (not counted as failed).", |r, i| row(r, i).1.missing.as_slice()),
    column!("land_use", Text, None, "用途代码", "Land-use code.", |r, i| &row(r, i).0.land_use),
    column!("holder", Text, None, "土地使用者", "Land user.", |r, i| &row(r, i).0.holder),
];

/// The `idle-land` layer: one feature per candidate, keyed by `parcel_id`, with the parcel's
/// geometry.
pub fn view(results: Arc<Results>) -> Table<Results> {
    let meta = Meta::new(
        "idle-land",
        "Idle-land candidates",
        "疑似闲置土地",
        format!(
            "Parcels that meet the idle-land tests of Order 53 of 2012 (Art. 2, 8, 14) as of {}: \
             candidates for investigation, not a legal finding.",
            results.as_of
        ),
        GeometryType::MultiPolygon,
        "parcel_id",
    );
    Table::new(meta, &ROWS, &COLUMNS, results)
}
