//! `holder-benefit` (亩均效益评价, "亩均论英雄"): per land holder, output and tax per mu over
//! its industrial parcels across every zone, the rank by tax per mu and classes A–D.
//!
//! - Holders are the trimmed `holder` text; parcels without one are left out, and a holder
//!   with no industrial parcel is not listed.
//! - `output_per_mu_wan_yuan`, `tax_per_mu_wan_yuan` = Σ value / Σ site area (mu) over the
//!   holder's industrial parcels that have the value (null when none has it).
//! - `tax_rank`: 1 = highest tax per mu; ties share the best rank (1, 2, 2, 4).
//! - `class`: with n holders that have a tax per mu, `A` where `tax_rank ≤ ⌈s₁·n⌉`, else `B`
//!   where `≤ ⌈s₂·n⌉`, else `C` where `≤ ⌈s₃·n⌉`, else `D` (shares 0.25, 0.70, 0.95 by
//!   default); null without a tax per mu.

use super::evaluation::competition_ranks;
use super::intensity::{is_industrial, M2_PER_MU};
use crate::dataset::{index, BoxIndex, Dataset};
use crate::layer::FieldKind::*;
use crate::rules::{BenefitRules, IntensityRules};
use crate::view::{Column, Field, GeomRef, GeometryType, Meta, Rows, Table, ValueRef};
use geo::MultiPolygon;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A holder's benefit class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum BenefitClass {
    A,
    B,
    C,
    D,
}

impl BenefitClass {
    pub fn as_str(self) -> &'static str {
        match self {
            BenefitClass::A => "A",
            BenefitClass::B => "B",
            BenefitClass::C => "C",
            BenefitClass::D => "D",
        }
    }
}

/// The benefit of one holder over its industrial parcels.
#[derive(Debug, Clone, PartialEq)]
pub struct HolderBenefit {
    /// The holder, trimmed.
    pub holder: String,
    /// Positions of its industrial parcels in `Dataset::parcels`.
    pub parcels: Vec<usize>,
    /// The zones of those parcels (§5 membership), sorted, each once.
    pub zone_ids: Vec<String>,
    /// Σ site area, mu.
    pub site_area_mu: f64,
    pub output_per_mu_wan_yuan: Option<f64>,
    pub tax_per_mu_wan_yuan: Option<f64>,
    pub tax_rank: Option<usize>,
    pub class: Option<BenefitClass>,
    /// The union (as a collection) of its parcels' polygons.
    pub geometry: MultiPolygon<f64>,
}

/// `⌈share · n⌉`, robust to the rounding of the product (0.7 × 10 is 7, not 8).
pub fn class_boundary(share: f64, n: usize) -> usize {
    let x = share * n as f64;
    let r = x.round();
    if (x - r).abs() <= 1e-9 * x.abs().max(1.0) {
        r as usize
    } else {
        x.ceil() as usize
    }
}

/// The class of a tax rank among n ranked holders.
pub fn class_of(rules: &BenefitRules, rank: usize, n: usize) -> BenefitClass {
    let [a, b, c] = rules.class_shares;
    if rank <= class_boundary(a, n) {
        BenefitClass::A
    } else if rank <= class_boundary(b, n) {
        BenefitClass::B
    } else if rank <= class_boundary(c, n) {
        BenefitClass::C
    } else {
        BenefitClass::D
    }
}

/// Every holder with an industrial parcel, sorted by holder.
pub fn holder_benefit(
    ds: &Dataset,
    intensity: &IntensityRules,
    rules: &BenefitRules,
) -> Vec<HolderBenefit> {
    let mut by_holder: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in ds.parcels.iter().enumerate() {
        let Some(h) = p.holder.as_deref().map(str::trim).filter(|h| !h.is_empty()) else {
            continue;
        };
        if is_industrial(intensity, p.land_use.as_deref()) {
            by_holder.entry(h).or_default().push(i);
        }
    }
    let mut out: Vec<HolderBenefit> = by_holder
        .into_iter()
        .map(|(holder, parcels)| {
            let mut site_mu = 0.0;
            let (mut out_v, mut out_mu, mut out_n) = (0.0, 0.0, 0);
            let (mut tax_v, mut tax_mu, mut tax_n) = (0.0, 0.0, 0);
            let mut zones = BTreeSet::new();
            let mut polygons = Vec::new();
            for &i in &parcels {
                let p = &ds.parcels[i];
                let mu = p.site_area_m2() / M2_PER_MU;
                site_mu += mu;
                if let Some(v) = p.output_wan_yuan.filter(|v| v.is_finite()) {
                    out_v += v;
                    out_mu += mu;
                    out_n += 1;
                }
                if let Some(v) = p.tax_wan_yuan.filter(|v| v.is_finite()) {
                    tax_v += v;
                    tax_mu += mu;
                    tax_n += 1;
                }
                if let Some(z) = ds.parcel_zone_id(i) {
                    zones.insert(z.to_string());
                }
                polygons.extend(p.geometry.0.iter().cloned());
            }
            let per_mu = |v: f64, mu: f64, n: usize| (n > 0 && mu > 0.0).then(|| v / mu);
            HolderBenefit {
                holder: holder.to_string(),
                zone_ids: zones.into_iter().collect(),
                site_area_mu: site_mu,
                output_per_mu_wan_yuan: per_mu(out_v, out_mu, out_n),
                tax_per_mu_wan_yuan: per_mu(tax_v, tax_mu, tax_n),
                tax_rank: None,
                class: None,
                geometry: MultiPolygon(polygons),
                parcels,
            }
        })
        .collect();
    let tax: Vec<Option<f64>> = out.iter().map(|h| h.tax_per_mu_wan_yuan).collect();
    let ranks = competition_ranks(&tax);
    let n = ranks.iter().flatten().count();
    for (h, r) in out.iter_mut().zip(ranks) {
        h.tax_rank = r;
        h.class = r.map(|r| class_of(rules, r, n));
    }
    out
}

/// What the `holder-benefit` view reads: the results (which own each holder's MultiPolygon)
/// and their R-tree.
pub struct BenefitSource {
    pub holders: Vec<HolderBenefit>,
    pub index: BoxIndex,
}

impl BenefitSource {
    pub fn new(holders: Vec<HolderBenefit>) -> BenefitSource {
        let index = index::build(holders.iter().map(|h| index::envelope(&h.geometry)));
        BenefitSource { holders, index }
    }
}

static ROWS: Rows<BenefitSource> = Rows {
    len: |s| s.holders.len(),
    id: |s, i| s.holders[i].holder.as_str(),
    geometry: |s, i| Some(GeomRef::MultiPolygon(&s.holders[i].geometry)),
    index: |s| &s.index,
};

static COLUMNS: [Column<BenefitSource>; 8] = [
    Column {
        field: Field::new("holder", Text, None, "土地使用权人", "Land holder (trimmed)."),
        read: |s, i| ValueRef::Text(&s.holders[i].holder),
    },
    Column {
        field: Field::new(
            "zone_ids",
            TextList,
            None,
            "所在集聚区",
            "Zones of the holder's industrial parcels (§5 membership).",
        ),
        read: |s, i| s.holders[i].zone_ids.as_slice().into(),
    },
    Column {
        field: Field::new(
            "parcel_count",
            Integer,
            None,
            "工业宗地数",
            "The holder's industrial parcels.",
        ),
        read: |s, i| s.holders[i].parcels.len().into(),
    },
    Column {
        field: Field::new(
            "site_area_mu",
            Real,
            Some("mu"),
            "用地面积(亩)",
            "Σ site area of those parcels, mu.",
        ),
        read: |s, i| s.holders[i].site_area_mu.into(),
    },
    Column {
        field: Field::new(
            "output_per_mu_wan_yuan",
            Real,
            Some("10⁴ yuan/mu"),
            "亩均产值(万元/亩)",
            "Σ output_wan_yuan / Σ site area (mu) over its industrial parcels with an output.",
        ),
        read: |s, i| s.holders[i].output_per_mu_wan_yuan.into(),
    },
    Column {
        field: Field::new(
            "tax_per_mu_wan_yuan",
            Real,
            Some("10⁴ yuan/mu"),
            "亩均税收(万元/亩)",
            "Σ tax_wan_yuan / Σ site area (mu) over its industrial parcels with a tax.",
        ),
        read: |s, i| s.holders[i].tax_per_mu_wan_yuan.into(),
    },
    Column {
        field: Field::new(
            "tax_rank",
            Integer,
            None,
            "亩均税收排名",
            "1 = highest tax per mu among holders with one; ties share the best rank.",
        ),
        read: |s, i| s.holders[i].tax_rank.map(|r| r as i64).into(),
    },
    Column {
        field: Field::new(
            "class",
            Text,
            None,
            "亩均效益分类",
            "A to rank ceil(0.25 n), B to ceil(0.70 n), C to ceil(0.95 n), else D (n holders with a tax per mu; shares configurable); null without tax.",
        ),
        read: |s, i| s.holders[i].class.map(BenefitClass::as_str).into(),
    },
];

/// The layer's metadata.
pub fn meta() -> Meta {
    Meta::new(
        "holder-benefit",
        "Per-mu benefit by holder",
        "亩均效益评价",
        "Per land holder over its industrial parcels in every zone: output and tax per mu, the rank \
         by tax per mu and classes A–D (亩均论英雄).",
        GeometryType::MultiPolygon,
        "holder",
    )
}

/// The `holder-benefit` view: one row per holder, keyed `holder`.
pub fn view(holders: Vec<HolderBenefit>) -> Table<BenefitSource> {
    Table::new(
        meta(),
        &ROWS,
        &COLUMNS,
        Arc::new(BenefitSource::new(holders)),
    )
}
