//! Land-use intensity of industrial parcels and zones (工业项目建设用地控制指标,
//! 国土资发〔2008〕24号).
//!
//! Every ratio uses the site area (`registered_area_m2` when given and positive, else the
//! geodesic area). Industrial parcels (by `land_use`) are checked against the minimums and
//! maximums of [`IntensityRules`]; `meets_standard` is null for other parcels. An indicator
//! whose input is missing is never failed: it is listed in `missing`.

use super::idle::IdleCandidate;
use super::Results;
use crate::column;
use crate::dataset::{Dataset, Parcel};
use crate::layer::GeometryType;
use crate::rules::IntensityRules;
use crate::view::{Column, GeomRef, Meta, Rows, Table};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::sync::Arc;

/// m² per mu.
pub const M2_PER_MU: f64 = 10000.0 / 15.0;
/// m² per hectare.
pub const M2_PER_HA: f64 = 10000.0;

/// The seven indicators, in the order they are checked and listed in `shortfalls` / `missing`.
pub const INDICATORS: [&str; 7] = [
    "far",
    "building_coefficient",
    "admin_share",
    "green_share",
    "investment_intensity",
    "output_per_mu",
    "tax_per_mu",
];

/// Whether an indicator must be at least or at most its threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    Min,
    Max,
}

const BOUNDS: [Bound; 7] = [
    Bound::Min,
    Bound::Min,
    Bound::Max,
    Bound::Max,
    Bound::Min,
    Bound::Min,
    Bound::Min,
];

/// The intensity figures of one parcel.
#[derive(Debug, Clone, PartialEq)]
pub struct ParcelIntensity {
    /// Position of the parcel in `Dataset::parcels`.
    pub parcel: usize,
    /// Position of its zone in `Dataset::zones`, if any.
    pub zone: Option<u32>,
    /// `land_use` is one of the industrial codes.
    pub industrial: bool,
    /// Region class applied for the investment minimum (from the zone's county or the
    /// config's default), if the config names one.
    pub region_class: Option<String>,
    pub area_m2: f64,
    pub site_area_m2: f64,
    pub site_area_mu: f64,
    /// Indicator values in [`INDICATORS`] order (far, building coefficient, admin share,
    /// green share, investment 10⁴ yuan/ha, output 10⁴ yuan/mu, tax 10⁴ yuan/mu); null when
    /// an input is missing or the site area is not positive.
    pub values: [Option<f64>; 7],
    /// Thresholds applied, in the same order (null: not checked). Null for every indicator
    /// of a non-industrial parcel.
    pub thresholds: [Option<f64>; 7],
    /// Failed indicators (industrial parcels only).
    pub shortfalls: Vec<&'static str>,
    /// Indicators whose value could not be computed (not failed).
    pub missing: Vec<&'static str>,
    /// `Some(shortfalls.is_empty())` for industrial parcels, `None` for others.
    pub meets_standard: Option<bool>,
}

impl ParcelIntensity {
    /// The value of a named indicator.
    pub fn value(&self, indicator: &str) -> Option<f64> {
        INDICATORS
            .iter()
            .position(|i| *i == indicator)
            .and_then(|k| self.values[k])
    }
    /// The threshold applied to a named indicator.
    pub fn threshold(&self, indicator: &str) -> Option<f64> {
        INDICATORS
            .iter()
            .position(|i| *i == indicator)
            .and_then(|k| self.thresholds[k])
    }
}

/// Whether a land-use code is industrial under the rules (codes compared trimmed).
pub fn is_industrial(rules: &IntensityRules, land_use: Option<&str>) -> bool {
    land_use.is_some_and(|lu| {
        rules
            .industrial_land_uses
            .iter()
            .any(|c| c.trim() == lu.trim())
    })
}

/// A per-industry number: the exact (trimmed) code, else its first two digits (GB/T 4754
/// two-digit division of a longer class code), else the `*` entry. None for a missing code.
pub fn by_industry(map: &BTreeMap<String, f64>, code: Option<&str>) -> Option<f64> {
    let code = code.map(str::trim).filter(|c| !c.is_empty())?;
    map.get(code)
        .or_else(|| {
            (code.len() > 2
                && code.is_char_boundary(2)
                && code[..2].bytes().all(|b| b.is_ascii_digit()))
            .then(|| map.get(&code[..2]))
            .flatten()
        })
        .or_else(|| map.get("*"))
        .copied()
}

/// The region class for a zone: `region_class_by_county[county]`, else `region_class`.
pub fn region_class<'r>(rules: &'r IntensityRules, county: Option<&str>) -> Option<&'r str> {
    county
        .map(str::trim)
        .and_then(|c| rules.region_class_by_county.get(c))
        .or(rules.region_class.as_ref())
        .map(String::as_str)
}

/// `num / den` when both are finite and `den > 0`.
fn ratio(num: Option<f64>, den: f64) -> Option<f64> {
    match num {
        Some(n) if n.is_finite() && den.is_finite() && den > 0.0 => Some(n / den),
        _ => None,
    }
}

/// The numerator (input field) of each indicator of a parcel, in [`INDICATORS`] order.
fn numerators(p: &Parcel) -> [Option<f64>; 7] {
    [
        p.floor_area_m2,
        p.footprint_m2,
        p.admin_area_m2,
        p.green_area_m2,
        p.invested_wan_yuan,
        p.output_wan_yuan,
        p.tax_wan_yuan,
    ]
}

/// Site area (m²) per unit of each indicator's divisor: m² for the shares, ha for investment,
/// mu for output and tax.
const DIVISOR_M2: [f64; 7] = [1.0, 1.0, 1.0, 1.0, M2_PER_HA, M2_PER_MU, M2_PER_MU];

/// Intensity figures of one parcel.
pub fn parcel_intensity(ds: &Dataset, i: usize, rules: &IntensityRules) -> ParcelIntensity {
    let p = &ds.parcels[i];
    let zone = ds.parcel_zone[i];
    let industrial = is_industrial(rules, p.land_use.as_deref());
    let county = zone.and_then(|z| ds.zones[z as usize].county.as_deref());
    let region_class = region_class(rules, county);
    let site = p.site_area_m2();
    let nums = numerators(p);
    let values: [Option<f64>; 7] = std::array::from_fn(|k| ratio(nums[k], site / DIVISOR_M2[k]));
    let thresholds: [Option<f64>; 7] = if industrial {
        let code = p.industry_code.as_deref();
        [
            by_industry(&rules.far_min, code),
            Some(rules.building_coefficient_min),
            Some(rules.admin_share_max),
            Some(rules.green_share_max),
            region_class
                .and_then(|c| rules.investment_intensity_min_wan_yuan_per_ha.get(c))
                .and_then(|m| by_industry(m, code)),
            rules.output_per_mu_min_wan_yuan,
            rules.tax_per_mu_min_wan_yuan,
        ]
    } else {
        [None; 7]
    };
    let missing: Vec<&'static str> = (0..7)
        .filter(|&k| values[k].is_none())
        .map(|k| INDICATORS[k])
        .collect();
    let shortfalls: Vec<&'static str> = (0..7)
        .filter(|&k| match (values[k], thresholds[k]) {
            (Some(v), Some(t)) => match BOUNDS[k] {
                Bound::Min => v < t,
                Bound::Max => v > t,
            },
            _ => false,
        })
        .map(|k| INDICATORS[k])
        .collect();
    ParcelIntensity {
        parcel: i,
        zone,
        industrial,
        region_class: region_class.map(str::to_string),
        area_m2: p.area_m2,
        site_area_m2: site,
        site_area_mu: site / M2_PER_MU,
        values,
        thresholds,
        meets_standard: industrial.then_some(shortfalls.is_empty()),
        shortfalls,
        missing,
    }
}

/// Intensity figures of every parcel, in parcel order.
pub fn parcels_intensity(ds: &Dataset, rules: &IntensityRules) -> Vec<ParcelIntensity> {
    (0..ds.parcels.len())
        .into_par_iter()
        .map(|i| parcel_intensity(ds, i, rules))
        .collect()
}

/// The intensity and idle-land figures of one zone.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneIntensity {
    /// Position of the zone in `Dataset::zones`.
    pub zone: usize,
    /// Geodesic area of the zone boundary, ha.
    pub zone_area_ha: f64,
    /// Every parcel of the zone.
    pub parcel_count: usize,
    /// Σ site area of every parcel of the zone, ha.
    pub parcel_area_ha: f64,
    pub industrial_parcel_count: usize,
    /// Σ site area of the zone's industrial parcels, ha.
    pub industrial_area_ha: f64,
    /// Industrial parcels meeting every checked indicator / failing at least one.
    pub meets_standard_count: usize,
    pub below_standard_count: usize,
    /// Zone ratios in [`INDICATORS`] order: Σ numerator / Σ site area (in the indicator's
    /// unit) over the zone's industrial parcels that have the input; null when none has it.
    pub values: [Option<f64>; 7],
    /// How many industrial parcels contributed to each ratio.
    pub value_counts: [usize; 7],
    /// Idle-land candidates that are not excluded.
    pub idle_candidate_count: usize,
    /// Σ idle area of those candidates, ha.
    pub idle_area_ha: f64,
    /// Candidates excluded (government delay): listed in idle-land, not counted above.
    pub excluded_candidate_count: usize,
}

/// Zone totals from the parcel figures and the idle-land candidates (reused, not
/// recomputed), in zone order.
pub fn zones_intensity(
    ds: &Dataset,
    parcels: &[ParcelIntensity],
    idle: &[IdleCandidate],
) -> Vec<ZoneIntensity> {
    let n = ds.zones.len();
    let mut out: Vec<ZoneIntensity> = ds
        .zones
        .iter()
        .enumerate()
        .map(|(z, zone)| ZoneIntensity {
            zone: z,
            zone_area_ha: zone.area_m2 / M2_PER_HA,
            parcel_count: 0,
            parcel_area_ha: 0.0,
            industrial_parcel_count: 0,
            industrial_area_ha: 0.0,
            meets_standard_count: 0,
            below_standard_count: 0,
            values: [None; 7],
            value_counts: [0; 7],
            idle_candidate_count: 0,
            idle_area_ha: 0.0,
            excluded_candidate_count: 0,
        })
        .collect();
    // Σ numerator and Σ site area (m²) per zone and indicator.
    let mut num = vec![[0.0f64; 7]; n];
    let mut den = vec![[0.0f64; 7]; n];
    for pi in parcels {
        let Some(z) = pi.zone.map(|z| z as usize).filter(|&z| z < n) else {
            continue;
        };
        let zi = &mut out[z];
        zi.parcel_count += 1;
        zi.parcel_area_ha += pi.site_area_m2 / M2_PER_HA;
        if !pi.industrial {
            continue;
        }
        zi.industrial_parcel_count += 1;
        zi.industrial_area_ha += pi.site_area_m2 / M2_PER_HA;
        if pi.meets_standard == Some(true) {
            zi.meets_standard_count += 1;
        } else {
            zi.below_standard_count += 1;
        }
        let nums = numerators(&ds.parcels[pi.parcel]);
        for k in 0..7 {
            if pi.values[k].is_some() {
                num[z][k] += nums[k].unwrap_or(0.0);
                den[z][k] += pi.site_area_m2;
                zi.value_counts[k] += 1;
            }
        }
    }
    for (z, zi) in out.iter_mut().enumerate() {
        zi.values = std::array::from_fn(|k| {
            (zi.value_counts[k] > 0)
                .then(|| ratio(Some(num[z][k]), den[z][k] / DIVISOR_M2[k]))
                .flatten()
        });
    }
    for c in idle {
        let Some(z) = c.zone.map(|z| z as usize).filter(|&z| z < n) else {
            continue;
        };
        if c.excluded {
            out[z].excluded_candidate_count += 1;
        } else {
            out[z].idle_candidate_count += 1;
            out[z].idle_area_ha += c.idle_area_m2.unwrap_or(0.0) / M2_PER_HA;
        }
    }
    out
}

/// The parcel-intensity figures of row `i` with the parcel they describe.
fn parcel_row(r: &Results, i: usize) -> (&Parcel, &ParcelIntensity) {
    (&r.dataset.parcels[i], &r.intensity.parcels[i])
}

static PARCEL_ROWS: Rows<Results> = Rows {
    len: |r| r.intensity.parcels.len(),
    id: |r, i| r.dataset.parcels[i].parcel_id.as_str(),
    geometry: |r, i| Some(GeomRef::MultiPolygon(&r.dataset.parcels[i].geometry)),
    index: |r| &r.dataset.parcel_index,
};

static PARCEL_COLUMNS: [Column<Results>; 26] = [
    column!("parcel_id", Text, None, "宗地编号", "Parcel identifier.", |r, i| parcel_row(r, i).0.parcel_id.as_str()),
    column!("zone_id", Text, None, "集聚区编号", "Zone the parcel belongs to (given, or by largest overlap).", |r, i| r.dataset.parcel_zone_id(i)),
    column!("land_use", Text, None, "用途代码", "Land-use code (GB/T 21010-2017 or the 2020 classification).", |r, i| &parcel_row(r, i).0.land_use),
    column!("industry_code", Text, None, "行业代码", "GB/T 4754 two-digit industry code.", |r, i| &parcel_row(r, i).0.industry_code),
    column!("industrial", Bool, None, "工业用地", "land_use is an industrial code: the indicators are checked.", |r, i| parcel_row(r, i).1.industrial),
    column!("region_class", Text, None, "地区类别", "Region class used for the investment minimum (config).", |r, i| &parcel_row(r, i).1.region_class),
    column!("area_m2", Real, Some("m²"), "图斑面积(平方米)", "Geodesic area of the parcel geometry.", |r, i| parcel_row(r, i).1.area_m2),
    column!("site_area_m2", Real, Some("m²"), "宗地面积(平方米)", "registered_area_m2 when given and positive, else area_m2; every ratio uses it.", |r, i| parcel_row(r, i).1.site_area_m2),
    column!("site_area_mu", Real, Some("mu"), "宗地面积(亩)", "site_area_m2 / (10000/15).", |r, i| parcel_row(r, i).1.site_area_mu),
    column!("far", Real, None, "容积率", "floor_area_m2 / site_area_m2.", |r, i| parcel_row(r, i).1.values[0]),
    column!("far_min", Real, None, "容积率下限", "Minimum FAR for the industry code (国土资发〔2008〕24号); null: not checked.", |r, i| parcel_row(r, i).1.thresholds[0]),
    column!("building_coefficient", Real, None, "建筑系数", "footprint_m2 / site_area_m2.", |r, i| parcel_row(r, i).1.values[1]),
    column!("building_coefficient_min", Real, None, "建筑系数下限", "Minimum building coefficient (0.30).", |r, i| parcel_row(r, i).1.thresholds[1]),
    column!("admin_share", Real, None, "行政办公及生活服务设施用地比例", "admin_area_m2 / site_area_m2.", |r, i| parcel_row(r, i).1.values[2]),
    column!("admin_share_max", Real, None, "行政办公及生活服务设施用地比例上限", "Maximum admin and living share (0.07).", |r, i| parcel_row(r, i).1.thresholds[2]),
    column!("green_share", Real, None, "绿地率", "green_area_m2 / site_area_m2.", |r, i| parcel_row(r, i).1.values[3]),
    column!("green_share_max", Real, None, "绿地率上限", "Maximum green share (0.20).", |r, i| parcel_row(r, i).1.thresholds[3]),
    column!("investment_intensity_wan_yuan_per_ha", Real, Some("10⁴ yuan/ha"), "投资强度(万元/公顷)", "invested_wan_yuan / (site_area_m2 / 10000).", |r, i| parcel_row(r, i).1.values[4]),
    column!("investment_intensity_min_wan_yuan_per_ha", Real, Some("10⁴ yuan/ha"), "投资强度下限(万元/公顷)", "Config minimum by region class and industry; null: not checked (no national default).", |r, i| parcel_row(r, i).1.thresholds[4]),
    column!("output_per_mu_wan_yuan", Real, Some("10⁴ yuan/mu"), "亩均产值(万元/亩)", "output_wan_yuan / site_area_mu.", |r, i| parcel_row(r, i).1.values[5]),
    column!("output_per_mu_min_wan_yuan", Real, Some("10⁴ yuan/mu"), "亩均产值下限(万元/亩)", "Config minimum; null: not checked.", |r, i| parcel_row(r, i).1.thresholds[5]),
    column!("tax_per_mu_wan_yuan", Real, Some("10⁴ yuan/mu"), "亩均税收(万元/亩)", "tax_wan_yuan / site_area_mu.", |r, i| parcel_row(r, i).1.values[6]),
    column!("tax_per_mu_min_wan_yuan", Real, Some("10⁴ yuan/mu"), "亩均税收下限(万元/亩)", "Config minimum; null: not checked.", |r, i| parcel_row(r, i).1.thresholds[6]),
    column!("meets_standard", Bool, None, "是否达标", "No checked indicator failed (industrial parcels); null for other parcels.", |r, i| parcel_row(r, i).1.meets_standard),
    column!("shortfalls", TextList, None, "未达标指标", "Failed indicators: far, building_coefficient, admin_share, green_share, investment_intensity, output_per_mu, tax_per_mu.", |r, i| parcel_row(r, i).1.shortfalls.as_slice()),
    column!("missing", TextList, None, "缺失指标", "Indicators whose input is missing (never counted as failed).", |r, i| parcel_row(r, i).1.missing.as_slice()),
];

/// The `parcel-intensity` layer: one feature per parcel, keyed by `parcel_id`.
pub fn parcel_view(results: Arc<Results>) -> Table<Results> {
    let meta = Meta::new(
        "parcel-intensity",
        "Parcel land-use intensity",
        "宗地集约利用指标",
        "FAR, building coefficient, admin and green shares, investment intensity, output and tax \
         per mu of every parcel; industrial parcels checked against 国土资发〔2008〕24号 and the \
         configured minimums.",
        GeometryType::MultiPolygon,
        "parcel_id",
    );
    Table::new(meta, &PARCEL_ROWS, &PARCEL_COLUMNS, results)
}

/// The zone of row `i` with its intensity figures.
fn zone_row(r: &Results, i: usize) -> (&crate::dataset::Zone, &ZoneIntensity) {
    let zi = &r.intensity.zones[i];
    (&r.dataset.zones[zi.zone], zi)
}

static ZONE_ROWS: Rows<Results> = Rows {
    len: |r| r.intensity.zones.len(),
    id: |r, i| zone_row(r, i).0.zone_id.as_str(),
    geometry: |r, i| Some(GeomRef::MultiPolygon(&zone_row(r, i).0.geometry)),
    index: |r| &r.dataset.zone_index,
};

static ZONE_COLUMNS: [Column<Results>; 20] = [
    column!(
        "zone_id",
        Text,
        None,
        "集聚区编号",
        "Zone identifier.",
        |r, i| zone_row(r, i).0.zone_id.as_str()
    ),
    column!("name", Text, None, "名称", "Zone name.", |r, i| {
        &zone_row(r, i).0.name
    }),
    column!("county", Text, None, "县(市、区)", "County.", |r, i| {
        &zone_row(r, i).0.county
    }),
    column!(
        "zone_area_ha",
        Real,
        Some("ha"),
        "集聚区面积(公顷)",
        "Geodesic area of the zone boundary.",
        |r, i| zone_row(r, i).1.zone_area_ha
    ),
    column!(
        "parcel_count",
        Integer,
        None,
        "宗地数",
        "Every parcel of the zone.",
        |r, i| zone_row(r, i).1.parcel_count
    ),
    column!(
        "parcel_area_ha",
        Real,
        Some("ha"),
        "宗地面积(公顷)",
        "Σ site area of every parcel of the zone.",
        |r, i| zone_row(r, i).1.parcel_area_ha
    ),
    column!(
        "industrial_parcel_count",
        Integer,
        None,
        "工业宗地数",
        "Industrial parcels of the zone.",
        |r, i| zone_row(r, i).1.industrial_parcel_count
    ),
    column!(
        "industrial_area_ha",
        Real,
        Some("ha"),
        "工业宗地面积(公顷)",
        "Σ site area of the industrial parcels.",
        |r, i| zone_row(r, i).1.industrial_area_ha
    ),
    column!(
        "meets_standard_count",
        Integer,
        None,
        "达标宗地数",
        "Industrial parcels with no shortfall.",
        |r, i| zone_row(r, i).1.meets_standard_count
    ),
    column!(
        "below_standard_count",
        Integer,
        None,
        "未达标宗地数",
        "Industrial parcels with at least one shortfall.",
        |r, i| zone_row(r, i).1.below_standard_count
    ),
    column!(
        "far",
        Real,
        None,
        "容积率",
        "Σ floor area / Σ site area over industrial parcels with floor_area_m2.",
        |r, i| zone_row(r, i).1.values[0]
    ),
    column!(
        "building_coefficient",
        Real,
        None,
        "建筑系数",
        "Σ footprint / Σ site area over industrial parcels with footprint_m2.",
        |r, i| zone_row(r, i).1.values[1]
    ),
    column!(
        "admin_share",
        Real,
        None,
        "行政办公及生活服务设施用地比例",
        "Σ admin area / Σ site area over industrial parcels with admin_area_m2.",
        |r, i| zone_row(r, i).1.values[2]
    ),
    column!(
        "green_share",
        Real,
        None,
        "绿地率",
        "Σ green area / Σ site area over industrial parcels with green_area_m2.",
        |r, i| zone_row(r, i).1.values[3]
    ),
    column!(
        "investment_intensity_wan_yuan_per_ha",
        Real,
        Some("10⁴ yuan/ha"),
        "投资强度(万元/公顷)",
        "Σ invested / Σ site area (ha) over industrial parcels with invested_wan_yuan.",
        |r, i| zone_row(r, i).1.values[4]
    ),
    column!(
        "output_per_mu_wan_yuan",
        Real,
        Some("10⁴ yuan/mu"),
        "亩均产值(万元/亩)",
        "Σ output / Σ site area (mu) over industrial parcels with output_wan_yuan.",
        |r, i| zone_row(r, i).1.values[5]
    ),
    column!(
        "tax_per_mu_wan_yuan",
        Real,
        Some("10⁴ yuan/mu"),
        "亩均税收(万元/亩)",
        "Σ tax / Σ site area (mu) over industrial parcels with tax_wan_yuan.",
        |r, i| zone_row(r, i).1.values[6]
    ),
    column!(
        "idle_candidate_count",
        Integer,
        None,
        "疑似闲置宗地数",
        "Idle-land candidates of the zone, excluded (government) ones not counted.",
        |r, i| zone_row(r, i).1.idle_candidate_count
    ),
    column!(
        "idle_area_ha",
        Real,
        Some("ha"),
        "疑似闲置面积(公顷)",
        "Σ idle area of those candidates.",
        |r, i| zone_row(r, i).1.idle_area_ha
    ),
    column!(
        "excluded_candidate_count",
        Integer,
        None,
        "排除宗地数",
        "Candidates excluded because of a government delay (listed in idle-land).",
        |r, i| zone_row(r, i).1.excluded_candidate_count
    ),
];

/// The `zone-intensity` layer: one feature per zone, keyed by `zone_id`.
pub fn zone_view(results: Arc<Results>) -> Table<Results> {
    let meta = Meta::new(
        "zone-intensity",
        "Zone land-use intensity",
        "集聚区集约利用指标",
        "Per zone: parcels, site area, area-weighted intensity ratios of its industrial parcels \
         and idle-land candidates (government delays not counted).",
        GeometryType::MultiPolygon,
        "zone_id",
    );
    Table::new(meta, &ZONE_ROWS, &ZONE_COLUMNS, results)
}
