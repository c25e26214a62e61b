//! `zone-evaluation`: the development-zone indicators of 开发区土地集约利用评价 (TD/T 1029)
//! that the four input layers carry, per zone (§5 membership), the rank by industrial tax per
//! hectare and an optional 0–100 score from configured weights and ideal values.
//!
//! Every ratio is Σ numerator / Σ denominator over the zone's parcels; a ratio whose
//! denominator covers nothing (no parcel, zero area) is null, never 0. `docs/rules.md` states
//! each indicator in words with its TD/T 1029 name.

use super::idle::IdleCandidate;
use super::intensity::{is_industrial, M2_PER_HA};
use crate::dataset::{BoxIndex, Dataset};
use crate::layer::FieldKind::*;
use crate::rules::{EvaluationRules, Rules, EVALUATION_INDICATORS};
use crate::view::{Column, Field, GeomRef, GeometryType, Meta, Rows, Table, ValueRef};
use std::sync::Arc;

/// The evaluation of one zone. Indicator values are in [`EVALUATION_INDICATORS`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneEvaluation {
    /// Position of the zone in `Dataset::zones`.
    pub zone: usize,
    /// Geodesic area of the zone, ha.
    pub zone_area_ha: f64,
    /// Every parcel of the zone.
    pub parcel_count: usize,
    pub industrial_parcel_count: usize,
    /// `supplied_share` … `idle_share`, in [`EVALUATION_INDICATORS`] order; null when the
    /// denominator covers nothing.
    pub values: [Option<f64>; 10],
    /// 1 = highest `industrial_tax_per_ha_wan_yuan` among zones with one; ties share the
    /// best rank.
    pub rank_industrial_tax_per_ha: Option<usize>,
    /// 0–100 from the configured weights and ideals; null without them.
    pub score: Option<f64>,
    /// 1 = highest score; ties share the best rank.
    pub score_rank: Option<usize>,
}

impl ZoneEvaluation {
    /// The value of a named indicator.
    pub fn value(&self, indicator: &str) -> Option<f64> {
        EVALUATION_INDICATORS
            .iter()
            .position(|i| *i == indicator)
            .and_then(|k| self.values[k])
    }
}

/// `num / den` when `den > 0` (and both finite).
fn ratio(num: f64, den: f64) -> Option<f64> {
    (num.is_finite() && den.is_finite() && den > 0.0).then(|| num / den)
}

/// A finite input value.
fn finite(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

/// Competition ranks ("1, 2, 2, 4"): 1 for the highest value, ties share the best rank;
/// `None` where the value is `None`.
pub fn competition_ranks(values: &[Option<f64>]) -> Vec<Option<usize>> {
    let mut order: Vec<(usize, f64)> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.filter(|x| !x.is_nan()).map(|x| (i, x)))
        .collect();
    order.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut ranks = vec![None; values.len()];
    let mut rank = 0;
    for (pos, &(i, x)) in order.iter().enumerate() {
        if pos == 0 || x != order[pos - 1].1 {
            rank = pos + 1;
        }
        ranks[i] = Some(rank);
    }
    ranks
}

/// Attainment (实现度) of an indicator value against its ideal, in [0, 1]: `value / ideal`
/// capped at 1 for "higher is better" indicators; `(1 − value) / (1 − ideal)` capped at 1 for
/// `idle_share` (lower is better). A missing value attains 0.
pub fn attainment(indicator: &str, value: Option<f64>, ideal: f64) -> f64 {
    let Some(v) = value else { return 0.0 };
    let a = if indicator == "idle_share" {
        (1.0 - v) / (1.0 - ideal)
    } else {
        v / ideal
    };
    a.clamp(0.0, 1.0)
}

/// The score of a zone: `100 × Σ wᵢ·aᵢ / Σ wᵢ` over the weighted indicators; null when no
/// weight is configured.
pub fn score(rules: &EvaluationRules, values: &[Option<f64>; 10]) -> Option<f64> {
    if !rules.scored() {
        return None;
    }
    let mut num = 0.0;
    let mut den = 0.0;
    for (k, name) in EVALUATION_INDICATORS.iter().enumerate() {
        let w = rules.weights.get(*name).copied().unwrap_or(0.0);
        if w <= 0.0 {
            continue;
        }
        let ideal = rules.ideals.get(*name).copied()?;
        num += w * attainment(name, values[k], ideal);
        den += w;
    }
    ratio(100.0 * num, den)
}

/// Sums per zone, m² (and 10⁴ yuan for money).
#[derive(Default, Clone)]
struct Sums {
    parcels: usize,
    industrial: usize,
    site: f64,
    granted_site: f64,
    started_site: f64,
    industrial_site: f64,
    floor: f64,
    floor_site: f64,
    floor_count: usize,
    /// Industrial: (Σ value, Σ site m², count) for floor, footprint, invested, output, tax.
    ind: [(f64, f64, usize); 5],
    idle: f64,
}

/// Evaluates every zone, in zone order, from the dataset, the intensity rules (what is
/// industrial), the idle-land candidates (reused) and the evaluation rules (the score).
pub fn zone_evaluation(
    ds: &Dataset,
    rules: &Rules,
    candidates: &[IdleCandidate],
) -> Vec<ZoneEvaluation> {
    let n = ds.zones.len();
    let mut sums = vec![Sums::default(); n];
    for (i, p) in ds.parcels.iter().enumerate() {
        let Some(z) = ds.parcel_zone[i].map(|z| z as usize).filter(|&z| z < n) else {
            continue;
        };
        let s = &mut sums[z];
        let site = p.site_area_m2();
        s.parcels += 1;
        s.site += site;
        if p.granted_on.is_some() {
            s.granted_site += site;
        }
        if p.actual_start.is_some() {
            s.started_site += site;
        }
        if let Some(f) = finite(p.floor_area_m2) {
            s.floor += f;
            s.floor_site += site;
            s.floor_count += 1;
        }
        if is_industrial(&rules.intensity, p.land_use.as_deref()) {
            s.industrial += 1;
            s.industrial_site += site;
            let inputs = [
                p.floor_area_m2,
                p.footprint_m2,
                p.invested_wan_yuan,
                p.output_wan_yuan,
                p.tax_wan_yuan,
            ];
            for (k, v) in inputs.into_iter().enumerate() {
                if let Some(v) = finite(v) {
                    s.ind[k].0 += v;
                    s.ind[k].1 += site;
                    s.ind[k].2 += 1;
                }
            }
        }
    }
    for c in candidates.iter().filter(|c| !c.excluded) {
        if let Some(z) = c.zone.map(|z| z as usize).filter(|&z| z < n) {
            sums[z].idle += c.idle_area_m2.filter(|a| a.is_finite()).unwrap_or(0.0);
        }
    }
    let mut out: Vec<ZoneEvaluation> = sums
        .iter()
        .enumerate()
        .map(|(z, s)| {
            // Industrial ratio k over the parcels with that value; `per` m² per unit of area.
            let ind = |k: usize, per: f64| {
                let (v, site, count) = s.ind[k];
                (count > 0).then(|| ratio(v, site / per)).flatten()
            };
            let values = [
                ratio(s.granted_site, ds.zones[z].area_m2),
                ratio(s.started_site, s.granted_site),
                ratio(s.industrial_site, s.site),
                (s.floor_count > 0)
                    .then(|| ratio(s.floor, s.floor_site))
                    .flatten(),
                ind(0, 1.0),
                ind(1, 1.0),
                ind(2, M2_PER_HA),
                ind(3, M2_PER_HA),
                ind(4, M2_PER_HA),
                ratio(s.idle, s.site),
            ];
            ZoneEvaluation {
                zone: z,
                zone_area_ha: ds.zones[z].area_m2 / M2_PER_HA,
                parcel_count: s.parcels,
                industrial_parcel_count: s.industrial,
                score: score(&rules.evaluation, &values),
                values,
                rank_industrial_tax_per_ha: None,
                score_rank: None,
            }
        })
        .collect();
    let tax: Vec<Option<f64>> = out.iter().map(|e| e.values[8]).collect();
    let scores: Vec<Option<f64>> = out.iter().map(|e| e.score).collect();
    for (e, (r, s)) in out.iter_mut().zip(
        competition_ranks(&tax)
            .into_iter()
            .zip(competition_ranks(&scores)),
    ) {
        e.rank_industrial_tax_per_ha = r;
        e.score_rank = s;
    }
    out
}

/// What the `zone-evaluation` view reads: the dataset (zone ids, names, geometries and the
/// zone R-tree, borrowed) and the evaluations.
pub struct EvaluationSource {
    pub ds: Arc<Dataset>,
    pub zones: Vec<ZoneEvaluation>,
}

fn zone_index(s: &EvaluationSource) -> &BoxIndex {
    &s.ds.zone_index
}

static ROWS: Rows<EvaluationSource> = Rows {
    len: |s| s.zones.len(),
    id: |s, i| s.ds.zones[s.zones[i].zone].zone_id.as_str(),
    geometry: |s, i| Some(GeomRef::MultiPolygon(&s.ds.zones[s.zones[i].zone].geometry)),
    index: zone_index,
};

/// Column `k` of the indicator values.
macro_rules! indicator {
    ($k:expr, $name:expr, $unit:expr, $zh:expr, $desc:expr) => {
        Column {
            field: Field::new($name, Real, $unit, $zh, $desc),
            read: |s, i| s.zones[i].values[$k].into(),
        }
    };
}

static COLUMNS: [Column<EvaluationSource>; 19] = [
    Column {
        field: Field::new("zone_id", Text, None, "集聚区编号", "Zone identifier."),
        read: |s, i| ValueRef::Text(&s.ds.zones[s.zones[i].zone].zone_id),
    },
    Column {
        field: Field::new("name", Text, None, "名称", "Zone name."),
        read: |s, i| (&s.ds.zones[s.zones[i].zone].name).into(),
    },
    Column {
        field: Field::new("county", Text, None, "县(市、区)", "County."),
        read: |s, i| (&s.ds.zones[s.zones[i].zone].county).into(),
    },
    Column {
        field: Field::new(
            "zone_area_ha",
            Real,
            Some("ha"),
            "集聚区面积(公顷)",
            "Geodesic area of the zone boundary.",
        ),
        read: |s, i| s.zones[i].zone_area_ha.into(),
    },
    Column {
        field: Field::new(
            "parcel_count",
            Integer,
            None,
            "宗地数",
            "Every parcel of the zone (§5 membership).",
        ),
        read: |s, i| s.zones[i].parcel_count.into(),
    },
    Column {
        field: Field::new(
            "industrial_parcel_count",
            Integer,
            None,
            "工业宗地数",
            "Industrial parcels of the zone.",
        ),
        read: |s, i| s.zones[i].industrial_parcel_count.into(),
    },
    indicator!(
        0,
        "supplied_share",
        None,
        "土地供应率",
        "Σ site area of parcels with granted_on / zone area (TD/T 1029 土地供应率)."
    ),
    indicator!(
        1,
        "built_share",
        None,
        "土地建成率",
        "Σ site area of parcels with actual_start / Σ site area of parcels with granted_on (TD/T 1029 土地建成率)."
    ),
    indicator!(
        2,
        "industrial_share",
        None,
        "工业用地率",
        "Σ site area of industrial parcels / Σ site area of all parcels (TD/T 1029 工业用地率)."
    ),
    indicator!(
        3,
        "composite_far",
        None,
        "综合容积率",
        "Σ floor_area_m2 / Σ site area over parcels with a floor area (TD/T 1029 综合容积率)."
    ),
    indicator!(
        4,
        "industrial_far",
        None,
        "工业用地综合容积率",
        "Σ floor_area_m2 / Σ site area over industrial parcels with a floor area (TD/T 1029 工业用地综合容积率)."
    ),
    indicator!(
        5,
        "industrial_building_coefficient",
        None,
        "工业用地建筑系数",
        "Σ footprint_m2 / Σ site area over industrial parcels with a footprint (TD/T 1029 工业用地建筑系数)."
    ),
    indicator!(
        6,
        "industrial_investment_intensity_wan_yuan_per_ha",
        Some("10⁴ yuan/ha"),
        "工业用地固定资产投入强度(万元/公顷)",
        "Σ invested_wan_yuan / Σ site area (ha) over industrial parcels with it (TD/T 1029 工业用地固定资产投入强度)."
    ),
    indicator!(
        7,
        "industrial_output_per_ha_wan_yuan",
        Some("10⁴ yuan/ha"),
        "工业用地地均产值(万元/公顷)",
        "Σ output_wan_yuan / Σ site area (ha) over industrial parcels with it (TD/T 1029 工业用地地均产值)."
    ),
    indicator!(
        8,
        "industrial_tax_per_ha_wan_yuan",
        Some("10⁴ yuan/ha"),
        "工业用地地均税收(万元/公顷)",
        "Σ tax_wan_yuan / Σ site area (ha) over industrial parcels with it (TD/T 1029 工业用地地均税收)."
    ),
    indicator!(
        9,
        "idle_share",
        None,
        "闲置土地率",
        "Σ idle_area_m2 of non-excluded idle-land candidates / Σ site area of all parcels (TD/T 1029 闲置土地率)."
    ),
    Column {
        field: Field::new(
            "rank_industrial_tax_per_ha",
            Integer,
            None,
            "地均税收排名",
            "1 = highest industrial tax per ha among zones with a value; ties share the best rank (1, 2, 2, 4).",
        ),
        read: |s, i| s.zones[i].rank_industrial_tax_per_ha.map(|r| r as i64).into(),
    },
    Column {
        field: Field::new(
            "score",
            Real,
            None,
            "集约利用评价分值",
            "0–100: 100 × Σ weight × attainment of the ideal / Σ weight (config [evaluation]); null without weights.",
        ),
        read: |s, i| s.zones[i].score.into(),
    },
    Column {
        field: Field::new(
            "score_rank",
            Integer,
            None,
            "评价分值排名",
            "1 = highest score; ties share the best rank; null without a score.",
        ),
        read: |s, i| s.zones[i].score_rank.map(|r| r as i64).into(),
    },
];

/// The layer's metadata.
pub fn meta() -> Meta {
    Meta::new(
        "zone-evaluation",
        "Zone land-use evaluation",
        "开发区土地集约利用评价",
        "Per zone: the TD/T 1029 indicators the input layers carry (supply, built and industrial shares, \
         FARs, building coefficient, investment, output and tax per ha, idle share), the rank by \
         industrial tax per ha and the configured score.",
        GeometryType::MultiPolygon,
        "zone_id",
    )
}

/// The `zone-evaluation` view: one row per zone (the zone's geometry), keyed `zone_id`.
pub fn view(ds: Arc<Dataset>, zones: Vec<ZoneEvaluation>) -> Table<EvaluationSource> {
    Table::new(
        meta(),
        &ROWS,
        &COLUMNS,
        Arc::new(EvaluationSource { ds, zones }),
    )
}

/// The view from a borrowed dataset (for callers that hold no `Arc<Dataset>`): the view gets
/// a copy of the zones only.
pub fn view_of(ds: &Dataset, zones: Vec<ZoneEvaluation>) -> Table<EvaluationSource> {
    let zones_only = Dataset::new(ds.source.clone(), ds.zones.clone(), vec![], vec![], vec![]);
    view(Arc::new(zones_only), zones)
}
