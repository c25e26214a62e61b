//! The rules every analysis applies, with the national defaults built in.
//! Every number can be overridden in `zonescope.toml` under `[rules.*]`; `docs/rules.md`
//! states each rule in words, its source, its default and its config key.

use serde::Deserialize;
use std::collections::BTreeMap;

/// All rules, one section per analysis.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Rules {
    pub site: SiteRules,
    pub intensity: IntensityRules,
    pub idle: IdleRules,
    pub connectivity: ConnectivityRules,
    pub relocation: RelocationRules,
    /// Zone evaluation score (开发区土地集约利用评价, TD/T 1029): weights and ideal values.
    pub evaluation: EvaluationRules,
    /// Holder classes of the per-mu benefit evaluation (亩均效益评价).
    pub benefit: BenefitRules,
}

impl Rules {
    /// Checks what serde cannot: the evaluation's weights and ideals, the benefit shares.
    /// The message names the config key.
    pub fn validate(&self) -> Result<(), String> {
        self.evaluation.validate()?;
        self.benefit.validate()
    }
}

/// Site area and the checks on it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SiteRules {
    /// `check` warns when registered and geodesic area differ by more than this share (0.05).
    pub area_mismatch_warn_share: f64,
}

impl Default for SiteRules {
    fn default() -> Self {
        SiteRules {
            area_mismatch_warn_share: 0.05,
        }
    }
}

/// 工业项目建设用地控制指标 (国土资发〔2008〕24号): the intensity indicators of industrial
/// parcels. `docs/rules.md` states each rule in words with its source.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct IntensityRules {
    /// Land-use codes that count as industrial (GB/T 21010-2017 `0601`; 2020 national land
    /// and sea use classification `1001`, `100101`–`100103`). Config key
    /// `rules.intensity.industrial_land_uses`.
    pub industrial_land_uses: Vec<String>,
    /// Minimum floor-area ratio by GB/T 4754-2002 two-digit industry code (国土资发〔2008〕24号,
    /// 容积率控制值): 0.5 for 25; 0.6 for 26, 32, 33; 0.7 for 27, 31, 34–37, 39, 43; 0.8 for 17,
    /// 20–23, 28, 29; 1.0 for 13–16, 18, 19, 24, 30, 40–42. A config table
    /// `[rules.intensity.far_min]` is merged over these (entries it names replace the
    /// default; a `"*"` entry applies to every other code). A longer class code (`2611`) uses
    /// its two-digit division.
    #[serde(deserialize_with = "merge_far_min")]
    pub far_min: BTreeMap<String, f64>,
    /// Minimum building coefficient (建筑系数), 0.30 (国土资发〔2008〕24号).
    pub building_coefficient_min: f64,
    /// Maximum share of administrative and living facilities (行政办公及生活服务设施用地所占比重),
    /// 0.07 (国土资发〔2008〕24号).
    pub admin_share_max: f64,
    /// Maximum green share (绿地率), 0.20 (国土资发〔2008〕24号).
    pub green_share_max: f64,
    /// Region class (地区分类, from the county's 土地等别) used for every zone unless
    /// `region_class_by_county` names one for the zone's county. None by default.
    pub region_class: Option<String>,
    /// Region class by the zone's `county` value (a name or an adcode, as the zones layer
    /// holds it).
    pub region_class_by_county: BTreeMap<String, String>,
    /// Minimum investment intensity, 10⁴ yuan/ha, by region class then industry code (`"*"`:
    /// any other code). Config only: no national default is built in, as the national table
    /// must be matched to each county's 土地等别 and is revised by provinces.
    pub investment_intensity_min_wan_yuan_per_ha: BTreeMap<String, BTreeMap<String, f64>>,
    /// Minimum annual output per mu, 10⁴ yuan; config only (provincial 亩均 evaluations).
    pub output_per_mu_min_wan_yuan: Option<f64>,
    /// Minimum annual tax per mu, 10⁴ yuan; config only.
    pub tax_per_mu_min_wan_yuan: Option<f64>,
}

/// `far_min` from the config, laid over the national defaults.
fn merge_far_min<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, f64>, D::Error> {
    let overrides = BTreeMap::<String, f64>::deserialize(d)?;
    let mut far_min = IntensityRules::default().far_min;
    far_min.extend(overrides);
    Ok(far_min)
}

/// Industrial land-use codes: GB/T 21010-2017 `0601` and the 2020 national classification's
/// `1001`, `100101`, `100102`, `100103` (the default of `rules.intensity.industrial_land_uses`).
pub const INDUSTRIAL_LAND_USES: &[&str] = &["0601", "1001", "100101", "100102", "100103"];

/// The national FAR minimums (国土资发〔2008〕24号 容积率控制值) by GB/T 4754-2002 industry
/// division, in code order: the default of `rules.intensity.far_min`.
pub const NATIONAL_FAR_MIN: &[(&str, f64)] = &[
    ("13", 1.0),
    ("14", 1.0),
    ("15", 1.0),
    ("16", 1.0),
    ("17", 0.8),
    ("18", 1.0),
    ("19", 1.0),
    ("20", 0.8),
    ("21", 0.8),
    ("22", 0.8),
    ("23", 0.8),
    ("24", 1.0),
    ("25", 0.5),
    ("26", 0.6),
    ("27", 0.7),
    ("28", 0.8),
    ("29", 0.8),
    ("30", 1.0),
    ("31", 0.7),
    ("32", 0.6),
    ("33", 0.6),
    ("34", 0.7),
    ("35", 0.7),
    ("36", 0.7),
    ("37", 0.7),
    ("39", 0.7),
    ("40", 1.0),
    ("41", 1.0),
    ("42", 1.0),
    ("43", 0.7),
];

impl Default for IntensityRules {
    fn default() -> Self {
        let far_min = NATIONAL_FAR_MIN
            .iter()
            .map(|&(code, min)| (code.to_string(), min))
            .collect();
        IntensityRules {
            industrial_land_uses: INDUSTRIAL_LAND_USES.iter().map(|s| s.to_string()).collect(),
            far_min,
            building_coefficient_min: 0.30,
            admin_share_max: 0.07,
            green_share_max: 0.20,
            region_class: None,
            region_class_by_county: BTreeMap::new(),
            investment_intensity_min_wan_yuan_per_ha: BTreeMap::new(),
            output_per_mu_min_wan_yuan: None,
            tax_per_mu_min_wan_yuan: None,
        }
    }
}

/// 闲置土地处置办法 (国土资源部令第53号, 2012), Art. 2, 8 and 14: idle-land candidates.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct IdleRules {
    /// Calendar years after the agreed start (not started) or the halt (stalled) from which
    /// land is idle (Art. 2: 满一年): 1.
    pub idle_after_years: u32,
    /// Calendar years idle from which the land may be reclaimed without compensation
    /// (Art. 14 (2): 满两年); between the two, an idle-land fee of up to 20 % of the land
    /// price (Art. 14 (1)): 2.
    pub reclaim_after_years: u32,
    /// Developed share of the site below which a halted project counts as idle (Art. 2:
    /// 已动工开发但开发建设用地面积占应动工开发建设用地总面积不足三分之一): 1/3.
    pub developed_share_min: f64,
    /// Invested share of the total investment below which a halted project counts as idle
    /// (Art. 2: 已投资额占总投资额不足百分之二十五): 0.25.
    pub invested_share_min: f64,
    /// `delay_cause` value (compared trimmed, any ASCII case) that marks a delay caused by
    /// government action (Art. 8): listed with `excluded = true`, not counted: `government`.
    pub government_cause: String,
}

impl Default for IdleRules {
    fn default() -> Self {
        IdleRules {
            idle_after_years: 1,
            reclaim_after_years: 2,
            developed_share_min: 1.0 / 3.0,
            invested_share_min: 0.25,
            government_cause: "government".to_string(),
        }
    }
}

/// Road connectivity: every district directly connected to a national or provincial road.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ConnectivityRules {
    /// A trunk road within this distance of a zone reaches it directly, metres: 50.
    pub direct_tolerance_m: f64,
    /// Link endpoints closer than this are one node, metres: 1.
    pub snap_tolerance_m: f64,
    /// Route prefixes that are trunk roads (national, provincial): `G`, `S`.
    pub trunk_prefixes: Vec<String>,
    /// Administrative class by route prefix; the defaults are the national coding
    /// (G national, S provincial, X county, Y township, C village, Z special).
    pub class_by_prefix: BTreeMap<String, String>,
}

impl Default for ConnectivityRules {
    fn default() -> Self {
        let class_by_prefix = [
            ("G", "national"),
            ("S", "provincial"),
            ("X", "county"),
            ("Y", "township"),
            ("C", "village"),
            ("Z", "special"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        ConnectivityRules {
            direct_tolerance_m: 50.0,
            snap_tolerance_m: 1.0,
            trunk_prefixes: vec!["G".into(), "S".into()],
            class_by_prefix,
        }
    }
}

/// Village relocation (村庄迁并).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RelocationRules {
    /// Homestead area per household for point villages without `homestead_area_m2`: 134 m²
    /// (Henan's cap for plains and suburbs).
    pub homestead_m2_per_household: f64,
    /// Resettlement housing units per relocated household: 1.
    pub units_per_household: f64,
}

impl Default for RelocationRules {
    fn default() -> Self {
        RelocationRules {
            homestead_m2_per_household: 134.0,
            units_per_household: 1.0,
        }
    }
}

/// The indicators of `zone-evaluation` a score can weigh, in column order. Every one is
/// "higher is better" except `idle_share`.
pub const EVALUATION_INDICATORS: [&str; 10] = [
    "supplied_share",
    "built_share",
    "industrial_share",
    "composite_far",
    "industrial_far",
    "industrial_building_coefficient",
    "industrial_investment_intensity_wan_yuan_per_ha",
    "industrial_output_per_ha_wan_yuan",
    "industrial_tax_per_ha_wan_yuan",
    "idle_share",
];

/// The `zone-evaluation` score (0–100): for each weighted indicator, its attainment of the
/// ideal value (TD/T 1029 理想值, 实现度), weighted. No national weights or ideals exist, so
/// none are built in: without weights the score is null. See `docs/rules.md`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct EvaluationRules {
    /// Indicator name (one of [`EVALUATION_INDICATORS`]) → weight (≥ 0; weights need not sum
    /// to 1, they are normalised).
    pub weights: BTreeMap<String, f64>,
    /// Indicator name → ideal value (> 0; for `idle_share`, in [0, 1)).
    pub ideals: BTreeMap<String, f64>,
}

impl EvaluationRules {
    /// Whether a score is computed (some weight is positive).
    pub fn scored(&self) -> bool {
        self.weights.values().any(|w| *w > 0.0)
    }

    pub fn validate(&self) -> Result<(), String> {
        for (k, map) in [("weights", &self.weights), ("ideals", &self.ideals)] {
            for name in map.keys() {
                if !EVALUATION_INDICATORS.contains(&name.as_str()) {
                    return Err(format!(
                        "rules.evaluation.{k} names `{name}`, which is not an evaluation indicator (one of {})",
                        EVALUATION_INDICATORS.join(", ")
                    ));
                }
            }
        }
        for (name, w) in &self.weights {
            if !w.is_finite() || *w < 0.0 {
                return Err(format!(
                    "rules.evaluation.weights.{name} must be a number of 0 or more, not {w}"
                ));
            }
            if *w > 0.0 && !self.ideals.contains_key(name) {
                return Err(format!(
                    "rules.evaluation.weights.{name} is weighted but rules.evaluation.ideals.{name} is not given"
                ));
            }
        }
        for (name, v) in &self.ideals {
            let ok = if name == "idle_share" {
                v.is_finite() && (0.0..1.0).contains(v)
            } else {
                v.is_finite() && *v > 0.0
            };
            if !ok {
                let want = if name == "idle_share" {
                    "at least 0 and below 1"
                } else {
                    "above 0"
                };
                return Err(format!(
                    "rules.evaluation.ideals.{name} must be a number {want}, not {v}"
                ));
            }
        }
        if !self.weights.is_empty() && !self.scored() {
            return Err("rules.evaluation.weights gives no positive weight".to_string());
        }
        Ok(())
    }
}

/// 亩均效益评价: holders ranked by tax per mu fall in classes A–D by these shares of the n
/// holders that have a tax per mu: A to rank ⌈0.25 n⌉, B to ⌈0.70 n⌉, C to ⌈0.95 n⌉, D the rest.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BenefitRules {
    /// Cumulative shares closing classes A, B and C (ascending, each in (0, 1]).
    pub class_shares: [f64; 3],
}

impl Default for BenefitRules {
    fn default() -> Self {
        BenefitRules {
            class_shares: [0.25, 0.70, 0.95],
        }
    }
}

impl BenefitRules {
    pub fn validate(&self) -> Result<(), String> {
        let s = self.class_shares;
        let in_range = s.iter().all(|x| x.is_finite() && *x > 0.0 && *x <= 1.0);
        if !(in_range && s[0] < s[1] && s[1] < s[2]) {
            return Err(format!(
                "rules.benefit.class_shares must be three ascending shares in (0, 1], not {s:?}"
            ));
        }
        Ok(())
    }
}

/// A rule value outside its allowed range: the config key, the value and the range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{key}` = {value} is out of range: {allowed}")]
pub struct OutOfRange {
    pub key: String,
    pub value: String,
    pub allowed: String,
}

/// Collects range checks, keeping the first failure per key.
#[derive(Default)]
pub struct RangeCheck {
    pub errors: Vec<OutOfRange>,
}

impl RangeCheck {
    fn fail(&mut self, key: &str, value: impl std::fmt::Display, allowed: &str) {
        self.errors.push(OutOfRange {
            key: key.to_string(),
            value: value.to_string(),
            allowed: allowed.to_string(),
        });
    }
    /// A finite number in [`lo`, `hi`].
    pub fn real(&mut self, key: &str, v: f64, lo: f64, hi: f64) {
        if !v.is_finite() || v < lo || v > hi {
            let allowed = if hi == f64::MAX {
                format!("must be a finite number ≥ {lo}")
            } else {
                format!("must be a finite number from {lo} to {hi}")
            };
            self.fail(key, v, &allowed);
        }
    }
    /// A finite number > `lo` and ≤ `hi`.
    pub fn positive(&mut self, key: &str, v: f64, hi: f64) {
        if !v.is_finite() || v <= 0.0 || v > hi {
            self.fail(key, v, &format!("must be a finite number > 0 and ≤ {hi}"));
        }
    }
    /// A share: a finite number from 0 to 1.
    pub fn share(&mut self, key: &str, v: f64) {
        self.real(key, v, 0.0, 1.0);
    }
    /// A whole number in [`lo`, `hi`].
    pub fn whole(&mut self, key: &str, v: u64, lo: u64, hi: u64) {
        if v < lo || v > hi {
            self.fail(key, v, &format!("must be a whole number from {lo} to {hi}"));
        }
    }
}

/// Upper bound for distances in metres (100 km): anything larger is a unit mistake.
const MAX_DISTANCE_M: f64 = 100_000.0;

impl Rules {
    /// Every numeric rule checked against its allowed range; each failure names the config
    /// key, the value and the range.
    pub fn range_check(&self, c: &mut RangeCheck) {
        c.share(
            "rules.site.area_mismatch_warn_share",
            self.site.area_mismatch_warn_share,
        );
        let i = &self.intensity;
        for (code, v) in &i.far_min {
            c.real(&format!("rules.intensity.far_min.{code}"), *v, 0.0, 100.0);
        }
        c.share(
            "rules.intensity.building_coefficient_min",
            i.building_coefficient_min,
        );
        c.share("rules.intensity.admin_share_max", i.admin_share_max);
        c.share("rules.intensity.green_share_max", i.green_share_max);
        for (class, table) in &i.investment_intensity_min_wan_yuan_per_ha {
            for (code, v) in table {
                c.real(
                    &format!(
                        "rules.intensity.investment_intensity_min_wan_yuan_per_ha.{class}.{code}"
                    ),
                    *v,
                    0.0,
                    f64::MAX,
                );
            }
        }
        if let Some(v) = i.output_per_mu_min_wan_yuan {
            c.real(
                "rules.intensity.output_per_mu_min_wan_yuan",
                v,
                0.0,
                f64::MAX,
            );
        }
        if let Some(v) = i.tax_per_mu_min_wan_yuan {
            c.real("rules.intensity.tax_per_mu_min_wan_yuan", v, 0.0, f64::MAX);
        }
        let d = &self.idle;
        c.whole(
            "rules.idle.idle_after_years",
            d.idle_after_years.into(),
            1,
            50,
        );
        if d.reclaim_after_years <= d.idle_after_years {
            c.fail(
                "rules.idle.reclaim_after_years",
                d.reclaim_after_years,
                &format!(
                    "must be greater than rules.idle.idle_after_years ({})",
                    d.idle_after_years
                ),
            );
        } else {
            c.whole(
                "rules.idle.reclaim_after_years",
                d.reclaim_after_years.into(),
                2,
                100,
            );
        }
        c.share("rules.idle.developed_share_min", d.developed_share_min);
        c.share("rules.idle.invested_share_min", d.invested_share_min);
        let k = &self.connectivity;
        c.real(
            "rules.connectivity.direct_tolerance_m",
            k.direct_tolerance_m,
            0.0,
            MAX_DISTANCE_M,
        );
        c.real(
            "rules.connectivity.snap_tolerance_m",
            k.snap_tolerance_m,
            0.0,
            1000.0,
        );
        let r = &self.relocation;
        c.positive(
            "rules.relocation.homestead_m2_per_household",
            r.homestead_m2_per_household,
            100_000.0,
        );
        c.real(
            "rules.relocation.units_per_household",
            r.units_per_household,
            0.0,
            100.0,
        );
    }
}
