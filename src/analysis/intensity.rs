//! Land-use intensity of industrial parcels and zones (工业项目建设用地控制指标,
//! 国土资发〔2008〕24号).
//!
//! Every ratio uses the site area (`registered_area_m2` when given and positive, else the
//! geodesic area). Industrial parcels (by `land_use`) are checked against the minimums and
//! maximums of [`IntensityRules`]; `meets_standard` is null for other parcels. An indicator
//! whose input is missing is never failed: it is listed in `missing`.

use super::idle::IdleCandidate;
use crate::dataset::{Dataset, Parcel};
use crate::layer::{Feature, Field, FieldKind::*, GeometryType, Layer, Value};
use crate::rules::IntensityRules;
use geo::Geometry;
use rayon::prelude::*;
use std::collections::BTreeMap;

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
pub struct ParcelIntensity<'r> {
    /// Position of the parcel in `Dataset::parcels`.
    pub parcel: usize,
    /// Position of its zone in `Dataset::zones`, if any.
    pub zone: Option<u32>,
    /// `land_use` is one of the industrial codes.
    pub industrial: bool,
    /// Region class applied for the investment minimum (from the zone's county or the
    /// config's default), if the config names one.
    pub region_class: Option<&'r str>,
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

impl ParcelIntensity<'_> {
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
pub fn parcel_intensity<'r>(
    ds: &Dataset,
    i: usize,
    rules: &'r IntensityRules,
) -> ParcelIntensity<'r> {
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
        region_class,
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
pub fn parcels_intensity<'r>(ds: &Dataset, rules: &'r IntensityRules) -> Vec<ParcelIntensity<'r>> {
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

const PARCEL_FIELDS: &[Field] = &[
    Field::new("parcel_id", Text, None, "宗地编号", "Parcel identifier."),
    Field::new("zone_id", Text, None, "集聚区编号", "Zone the parcel belongs to (given, or by largest overlap)."),
    Field::new("land_use", Text, None, "用途代码", "Land-use code (GB/T 21010-2017 or the 2020 classification)."),
    Field::new("industry_code", Text, None, "行业代码", "GB/T 4754 two-digit industry code."),
    Field::new("industrial", Bool, None, "工业用地", "land_use is an industrial code: the indicators are checked."),
    Field::new("region_class", Text, None, "地区类别", "Region class used for the investment minimum (config)."),
    Field::new("area_m2", Real, Some("m²"), "图斑面积(平方米)", "Geodesic area of the parcel geometry."),
    Field::new("site_area_m2", Real, Some("m²"), "宗地面积(平方米)", "registered_area_m2 when given and positive, else area_m2; every ratio uses it."),
    Field::new("site_area_mu", Real, Some("mu"), "宗地面积(亩)", "site_area_m2 / (10000/15)."),
    Field::new("far", Real, None, "容积率", "floor_area_m2 / site_area_m2."),
    Field::new("far_min", Real, None, "容积率下限", "Minimum FAR for the industry code (国土资发〔2008〕24号); null: not checked."),
    Field::new("building_coefficient", Real, None, "建筑系数", "footprint_m2 / site_area_m2."),
    Field::new("building_coefficient_min", Real, None, "建筑系数下限", "Minimum building coefficient (0.30)."),
    Field::new("admin_share", Real, None, "行政办公及生活服务设施用地比例", "admin_area_m2 / site_area_m2."),
    Field::new("admin_share_max", Real, None, "行政办公及生活服务设施用地比例上限", "Maximum admin and living share (0.07)."),
    Field::new("green_share", Real, None, "绿地率", "green_area_m2 / site_area_m2."),
    Field::new("green_share_max", Real, None, "绿地率上限", "Maximum green share (0.20)."),
    Field::new("investment_intensity_wan_yuan_per_ha", Real, Some("10⁴ yuan/ha"), "投资强度(万元/公顷)", "invested_wan_yuan / (site_area_m2 / 10000)."),
    Field::new("investment_intensity_min_wan_yuan_per_ha", Real, Some("10⁴ yuan/ha"), "投资强度下限(万元/公顷)", "Config minimum by region class and industry; null: not checked (no national default)."),
    Field::new("output_per_mu_wan_yuan", Real, Some("10⁴ yuan/mu"), "亩均产值(万元/亩)", "output_wan_yuan / site_area_mu."),
    Field::new("output_per_mu_min_wan_yuan", Real, Some("10⁴ yuan/mu"), "亩均产值下限(万元/亩)", "Config minimum; null: not checked."),
    Field::new("tax_per_mu_wan_yuan", Real, Some("10⁴ yuan/mu"), "亩均税收(万元/亩)", "tax_wan_yuan / site_area_mu."),
    Field::new("tax_per_mu_min_wan_yuan", Real, Some("10⁴ yuan/mu"), "亩均税收下限(万元/亩)", "Config minimum; null: not checked."),
    Field::new("meets_standard", Bool, None, "是否达标", "No checked indicator failed (industrial parcels); null for other parcels."),
    Field::new("shortfalls", TextList, None, "未达标指标", "Failed indicators: far, building_coefficient, admin_share, green_share, investment_intensity, output_per_mu, tax_per_mu."),
    Field::new("missing", TextList, None, "缺失指标", "Indicators whose input is missing (never counted as failed)."),
];

/// The `parcel-intensity` layer: one feature per parcel, keyed by `parcel_id`.
pub fn parcel_layer(ds: &Dataset, parcels: &[ParcelIntensity]) -> Layer {
    let list = |v: &[&'static str]| Value::List(v.iter().map(|s| s.to_string()).collect());
    let features = parcels
        .par_iter()
        .map(|pi| {
            let p = &ds.parcels[pi.parcel];
            let mut properties: Vec<Value> = Vec::with_capacity(PARCEL_FIELDS.len());
            properties.extend([
                p.parcel_id.as_str().into(),
                ds.parcel_zone_id(pi.parcel).into(),
                p.land_use.clone().into(),
                p.industry_code.clone().into(),
                pi.industrial.into(),
                pi.region_class.into(),
                pi.area_m2.into(),
                pi.site_area_m2.into(),
                pi.site_area_mu.into(),
            ]);
            for k in 0..7 {
                properties.push(pi.values[k].into());
                properties.push(pi.thresholds[k].into());
            }
            properties.push(pi.meets_standard.into());
            properties.push(list(&pi.shortfalls));
            properties.push(list(&pi.missing));
            debug_assert_eq!(properties.len(), PARCEL_FIELDS.len());
            Feature {
                id: p.parcel_id.clone(),
                geometry: Some(Geometry::MultiPolygon(p.geometry.clone())),
                properties,
            }
        })
        .collect();
    Layer {
        id: "parcel-intensity".into(),
        title: "Parcel land-use intensity".into(),
        title_zh: "宗地集约利用指标".into(),
        description: "FAR, building coefficient, admin and green shares, investment intensity, output and tax \
                      per mu of every parcel; industrial parcels checked against 国土资发〔2008〕24号 and the \
                      configured minimums."
            .into(),
        geometry_type: GeometryType::MultiPolygon,
        key: "parcel_id",
        schema: PARCEL_FIELDS.to_vec(),
        features,
    }
}

const ZONE_FIELDS: &[Field] = &[
    Field::new("zone_id", Text, None, "集聚区编号", "Zone identifier."),
    Field::new("name", Text, None, "名称", "Zone name."),
    Field::new("county", Text, None, "县(市、区)", "County."),
    Field::new(
        "zone_area_ha",
        Real,
        Some("ha"),
        "集聚区面积(公顷)",
        "Geodesic area of the zone boundary.",
    ),
    Field::new(
        "parcel_count",
        Integer,
        None,
        "宗地数",
        "Every parcel of the zone.",
    ),
    Field::new(
        "parcel_area_ha",
        Real,
        Some("ha"),
        "宗地面积(公顷)",
        "Σ site area of every parcel of the zone.",
    ),
    Field::new(
        "industrial_parcel_count",
        Integer,
        None,
        "工业宗地数",
        "Industrial parcels of the zone.",
    ),
    Field::new(
        "industrial_area_ha",
        Real,
        Some("ha"),
        "工业宗地面积(公顷)",
        "Σ site area of the industrial parcels.",
    ),
    Field::new(
        "meets_standard_count",
        Integer,
        None,
        "达标宗地数",
        "Industrial parcels with no shortfall.",
    ),
    Field::new(
        "below_standard_count",
        Integer,
        None,
        "未达标宗地数",
        "Industrial parcels with at least one shortfall.",
    ),
    Field::new(
        "far",
        Real,
        None,
        "容积率",
        "Σ floor area / Σ site area over industrial parcels with floor_area_m2.",
    ),
    Field::new(
        "building_coefficient",
        Real,
        None,
        "建筑系数",
        "Σ footprint / Σ site area over industrial parcels with footprint_m2.",
    ),
    Field::new(
        "admin_share",
        Real,
        None,
        "行政办公及生活服务设施用地比例",
        "Σ admin area / Σ site area over industrial parcels with admin_area_m2.",
    ),
    Field::new(
        "green_share",
        Real,
        None,
        "绿地率",
        "Σ green area / Σ site area over industrial parcels with green_area_m2.",
    ),
    Field::new(
        "investment_intensity_wan_yuan_per_ha",
        Real,
        Some("10⁴ yuan/ha"),
        "投资强度(万元/公顷)",
        "Σ invested / Σ site area (ha) over industrial parcels with invested_wan_yuan.",
    ),
    Field::new(
        "output_per_mu_wan_yuan",
        Real,
        Some("10⁴ yuan/mu"),
        "亩均产值(万元/亩)",
        "Σ output / Σ site area (mu) over industrial parcels with output_wan_yuan.",
    ),
    Field::new(
        "tax_per_mu_wan_yuan",
        Real,
        Some("10⁴ yuan/mu"),
        "亩均税收(万元/亩)",
        "Σ tax / Σ site area (mu) over industrial parcels with tax_wan_yuan.",
    ),
    Field::new(
        "idle_candidate_count",
        Integer,
        None,
        "疑似闲置宗地数",
        "Idle-land candidates of the zone, excluded (government) ones not counted.",
    ),
    Field::new(
        "idle_area_ha",
        Real,
        Some("ha"),
        "疑似闲置面积(公顷)",
        "Σ idle area of those candidates.",
    ),
    Field::new(
        "excluded_candidate_count",
        Integer,
        None,
        "排除宗地数",
        "Candidates excluded because of a government delay (listed in idle-land).",
    ),
];

/// The `zone-intensity` layer: one feature per zone, keyed by `zone_id`.
pub fn zone_layer(ds: &Dataset, zones: &[ZoneIntensity]) -> Layer {
    let features = zones
        .iter()
        .map(|zi| {
            let z = &ds.zones[zi.zone];
            let mut properties: Vec<Value> = vec![
                z.zone_id.as_str().into(),
                z.name.clone().into(),
                z.county.clone().into(),
                zi.zone_area_ha.into(),
                zi.parcel_count.into(),
                zi.parcel_area_ha.into(),
                zi.industrial_parcel_count.into(),
                zi.industrial_area_ha.into(),
                zi.meets_standard_count.into(),
                zi.below_standard_count.into(),
            ];
            properties.extend(zi.values.iter().map(|v| Value::from(*v)));
            properties.push(zi.idle_candidate_count.into());
            properties.push(zi.idle_area_ha.into());
            properties.push(zi.excluded_candidate_count.into());
            debug_assert_eq!(properties.len(), ZONE_FIELDS.len());
            Feature {
                id: z.zone_id.clone(),
                geometry: Some(Geometry::MultiPolygon(z.geometry.clone())),
                properties,
            }
        })
        .collect();
    Layer {
        id: "zone-intensity".into(),
        title: "Zone land-use intensity".into(),
        title_zh: "集聚区集约利用指标".into(),
        description: "Per zone: parcels, site area, area-weighted intensity ratios of its industrial parcels \
                      and idle-land candidates (government delays not counted)."
            .into(),
        geometry_type: GeometryType::MultiPolygon,
        key: "zone_id",
        schema: ZONE_FIELDS.to_vec(),
        features,
    }
}
