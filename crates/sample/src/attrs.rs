//! Parcel attributes with realistic spreads and planted audit cases (idle, stalled,
//! government delay, low FAR, low building coefficient, high admin/green share, missing
//! inputs). The audit date the cases are planted against is [`AS_OF`].

use super::writer::Val;
use chrono::{Duration, NaiveDate};
use rand::Rng;

/// The sample's as-of date: the last day of the plan year 2014.
pub fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2014, 12, 31).expect("valid date")
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

/// What happened on a parcel (the planted case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scenario {
    /// Built and operating.
    Operating,
    /// Started on time, still under construction.
    Building,
    /// Not started; the agreed start is less than a year before the as-of date.
    NotStartedGrace,
    /// Not started a year or more after the agreed start (idle: fee or reclaim).
    NotStartedIdle,
    /// As above, delay caused by the government.
    NotStartedGovernment,
    /// Started, halted a year or more ago, little developed or invested (idle).
    Stalled,
    /// As above, delay caused by the government.
    StalledGovernment,
    /// Halted less than a year ago.
    HaltedRecently,
    /// Halted a year or more ago but well developed and invested (not idle).
    HaltedDeveloped,
    /// Started late, but started.
    StartedLate,
}

pub const SCENARIO_WEIGHTS: &[(Scenario, f64)] = &[
    (Scenario::Operating, 0.69),
    (Scenario::Building, 0.08),
    (Scenario::NotStartedGrace, 0.04),
    (Scenario::NotStartedIdle, 0.05),
    (Scenario::NotStartedGovernment, 0.012),
    (Scenario::Stalled, 0.032),
    (Scenario::StalledGovernment, 0.006),
    (Scenario::HaltedRecently, 0.02),
    (Scenario::HaltedDeveloped, 0.02),
    (Scenario::StartedLate, 0.05),
];

/// Exact date cases planted at the first parcel of the first zones.
#[derive(Debug, Clone, Copy)]
pub struct Special {
    pub scenario: Scenario,
    pub agreed_start: Option<NaiveDate>,
    pub halted_since: Option<NaiveDate>,
    pub label: &'static str,
    /// Expected idle-land outcome as of 2014-12-31.
    pub expect: &'static str,
}

pub fn specials() -> Vec<Special> {
    let s = |scenario, a: Option<NaiveDate>, h: Option<NaiveDate>, label, expect| Special {
        scenario,
        agreed_start: a,
        halted_since: h,
        label,
        expect,
    };
    let d = |y, m, dd| Some(ymd(y, m, dd));
    use Scenario::*;
    vec![
        s(
            NotStartedIdle,
            d(2012, 2, 29),
            None,
            "not started, agreed start 2012-02-29",
            "not_started reclaim, idle_days 1036",
        ),
        s(
            NotStartedGovernment,
            d(2012, 2, 29),
            None,
            "not started, agreed start 2012-02-29, government delay",
            "not_started reclaim, excluded (government)",
        ),
        s(
            Stalled,
            None,
            d(2012, 2, 29),
            "stalled, halted since 2012-02-29",
            "stalled reclaim, idle_days 1036",
        ),
        s(
            NotStartedIdle,
            d(2013, 12, 31),
            None,
            "not started, agreed start 2013-12-31 (first anniversary = as-of)",
            "not_started fee, idle_days 365",
        ),
        s(
            NotStartedGrace,
            d(2014, 1, 1),
            None,
            "not started, agreed start 2014-01-01",
            "not idle (first anniversary 2015-01-01)",
        ),
        s(
            NotStartedIdle,
            d(2012, 12, 31),
            None,
            "not started, agreed start 2012-12-31 (second anniversary = as-of)",
            "not_started reclaim, idle_days 730",
        ),
        s(
            Stalled,
            None,
            d(2013, 12, 31),
            "stalled, halted since 2013-12-31 (first anniversary = as-of)",
            "stalled fee, idle_days 365",
        ),
        s(
            HaltedRecently,
            None,
            d(2014, 1, 1),
            "halted since 2014-01-01",
            "not idle (halted less than a year)",
        ),
    ]
}

pub fn pick_scenario<R: Rng>(rng: &mut R) -> Scenario {
    let x: f64 = rng.gen();
    let mut acc = 0.0;
    for (s, w) in SCENARIO_WEIGHTS {
        acc += w;
        if x < acc {
            return *s;
        }
    }
    Scenario::Operating
}

/// GB/T 4754-2002 codes with their FAR minimum: the national table of the rules.
pub const FAR_TABLE: &[(&str, f64)] = zonescope::rules::NATIONAL_FAR_MIN;

/// Codes that are not in the FAR table (planted: `check` warns about them).
pub const UNKNOWN_CODES: &[&str] = &["38", "99", "C35"];

fn far_min(code: &str) -> f64 {
    FAR_TABLE
        .iter()
        .find(|(c, _)| *c == code)
        .map(|x| x.1)
        .unwrap_or(0.8)
}

/// Leading industries and their industry codes.
pub const INDUSTRIES: &[(&str, &[&str], &str)] = &[
    ("装备制造", &["35", "36", "37"], "机械"),
    ("食品加工", &["13", "14", "15"], "食品"),
    ("纺织服装", &["17", "18"], "纺织"),
    ("化工", &["26", "28", "29"], "化工"),
    ("有色金属", &["33"], "铝业"),
    ("钢铁及金属制品", &["32", "34"], "钢铁"),
    ("建材", &["31"], "建材"),
    ("电子信息", &["40", "41"], "电子"),
    ("汽车及零部件", &["37", "36"], "汽车配件"),
    ("生物医药", &["27"], "药业"),
    ("电气机械", &["39"], "电气"),
    ("再生金属", &["43", "33"], "再生资源"),
    ("家居制造", &["21", "20"], "家具"),
    ("新材料", &["30", "31", "33"], "新材料"),
];

const BRANDS: &[&str] = &[
    "恒通",
    "宏达",
    "金源",
    "华强",
    "中原",
    "豫丰",
    "天瑞",
    "新峰",
    "瑞祥",
    "鑫达",
    "永安",
    "广源",
    "明泰",
    "龙腾",
    "众鑫",
    "嘉禾",
    "万利",
    "泰和",
    "正大",
    "博远",
    "华润",
    "盛世",
    "东方",
    "德信",
    "安泰",
    "兴业",
    "金星",
    "昊华",
    "福源",
    "长城",
    "亿丰",
    "宇通",
    "天伦",
    "双汇",
    "三全",
    "思念",
    "好想你",
    "神火",
    "中孚",
    "豫光",
];
const SUFFIXES: &[&str] = &[
    "有限公司",
    "有限公司",
    "股份有限公司",
    "有限责任公司",
    "实业有限公司",
];

/// The parcel's land use and industry code (land use first).
fn land_use<R: Rng>(rng: &mut R) -> Option<&'static str> {
    let x: f64 = rng.gen();
    Some(match x {
        x if x < 0.012 => return None,
        x if x < 0.78 => "0601",
        x if x < 0.82 => "1001",
        x if x < 0.85 => "100101",
        x if x < 0.86 => "100102",
        x if x < 0.865 => "100103",
        x if x < 0.875 => "0602",
        x if x < 0.92 => "0604",
        x if x < 0.945 => "0701",
        x if x < 0.96 => "0501",
        x if x < 0.975 => "0502",
        x if x < 0.985 => "0503",
        x if x < 0.993 => "1101",
        _ => "0809",
    })
}

pub fn is_industrial(lu: Option<&str>) -> bool {
    lu.is_some_and(|lu| zonescope::rules::INDUSTRIAL_LAND_USES.contains(&lu))
}

/// Counters of what was planted.
#[derive(Debug, Default, Clone)]
pub struct PlantStats {
    pub scenarios: std::collections::BTreeMap<String, usize>,
    pub low_far: usize,
    pub low_coefficient: usize,
    pub high_admin: usize,
    pub high_green: usize,
    pub unknown_code: usize,
    pub missing_code: usize,
    pub area_off: usize,
    pub area_null: usize,
    pub non_industrial: usize,
    pub leap_day: usize,
}

/// Inputs that shape one parcel.
pub struct ParcelCtx<'a> {
    pub parcel_id: String,
    pub zone_id: Option<String>,
    pub county_short: &'a str,
    pub industry: usize,
    /// Geodesic area of the geometry, m².
    pub area_m2: f64,
    pub special: Option<Special>,
}

fn rnd(x: f64, digits: i32) -> f64 {
    let k = 10f64.powi(digits);
    (x * k).round() / k
}

fn days<R: Rng>(rng: &mut R, lo: i64, hi: i64) -> Duration {
    Duration::days(rng.gen_range(lo..=hi))
}

fn date_between<R: Rng>(rng: &mut R, a: NaiveDate, b: NaiveDate) -> NaiveDate {
    a + Duration::days(rng.gen_range(0..=(b - a).num_days()))
}

/// Builds the parcel row (in the order of `contract::PARCELS.fields`).
pub fn parcel_row<R: Rng>(rng: &mut R, c: &ParcelCtx, stats: &mut PlantStats) -> Vec<Val> {
    let as_of = as_of();
    let scenario = c
        .special
        .map(|s| s.scenario)
        .unwrap_or_else(|| pick_scenario(rng));
    *stats.scenarios.entry(format!("{scenario:?}")).or_default() += 1;
    let mut lu = land_use(rng);
    if c.special.is_some() {
        lu = Some("0601");
    }
    let industrial = is_industrial(lu);
    if !industrial {
        stats.non_industrial += 1;
    }
    let (_, codes, word) = INDUSTRIES[c.industry];
    let code: Option<String> = if !industrial {
        None
    } else {
        let x: f64 = rng.gen();
        if x < 0.015 {
            stats.missing_code += 1;
            None
        } else if x < 0.035 {
            stats.unknown_code += 1;
            Some(UNKNOWN_CODES[rng.gen_range(0..UNKNOWN_CODES.len())].to_string())
        } else if x < 0.7 {
            Some(codes[rng.gen_range(0..codes.len())].to_string())
        } else {
            Some(FAR_TABLE[rng.gen_range(0..FAR_TABLE.len())].0.to_string())
        }
    };
    let holder = if rng.gen_bool(0.03) {
        None
    } else {
        let w = if industrial {
            word
        } else {
            ["物流", "商贸", "仓储", "置业"][rng.gen_range(0..4)]
        };
        Some(format!(
            "{}{}{}{}",
            if rng.gen_bool(0.6) {
                c.county_short
            } else {
                "河南"
            },
            BRANDS[rng.gen_range(0..BRANDS.len())],
            w,
            SUFFIXES[rng.gen_range(0..SUFFIXES.len())]
        ))
    };
    // Registered area: usually within ±2 %, sometimes missing, a few off by more than 5 %.
    let x: f64 = rng.gen();
    let registered = if x < 0.025 {
        stats.area_null += 1;
        None
    } else if x < 0.045 {
        stats.area_off += 1;
        let f = rng.gen_range(0.06..0.15) * if rng.gen_bool(0.5) { 1.0 } else { -1.0 };
        Some(rnd(c.area_m2 * (1.0 + f), 2))
    } else {
        Some(rnd(
            c.area_m2 * (1.0 + rng.gen_range(-0.02..0.02f64) * rng.gen::<f64>()),
            2,
        ))
    };
    let site = registered.unwrap_or(c.area_m2);

    // Dates.
    let lo = ymd(2008, 1, 1);
    let special_halt = c.special.and_then(|s| s.halted_since);
    let mut agreed: NaiveDate = match scenario {
        Scenario::NotStartedIdle | Scenario::NotStartedGovernment => {
            date_between(rng, ymd(2010, 6, 1), ymd(2013, 12, 31))
        }
        Scenario::NotStartedGrace => date_between(rng, ymd(2014, 1, 1), ymd(2015, 6, 30)),
        Scenario::Building => date_between(rng, ymd(2012, 6, 1), ymd(2014, 9, 30)),
        // Halted a year or more ago: started by the end of 2012.
        Scenario::Stalled | Scenario::StalledGovernment | Scenario::HaltedDeveloped => {
            date_between(rng, ymd(2008, 6, 1), ymd(2012, 6, 30))
        }
        _ => date_between(rng, ymd(2008, 6, 1), ymd(2013, 6, 30)),
    };
    if let Some(h) = special_halt {
        agreed = h - days(rng, 300, 900);
    }
    if let Some(a) = c.special.and_then(|s| s.agreed_start) {
        agreed = a;
    }
    let mut granted = (agreed - days(rng, 90, 365)).max(lo);
    if granted > ymd(2014, 10, 31) {
        granted = ymd(2014, 10, 31) - days(rng, 0, 200);
    }
    if agreed.format("%m-%d").to_string() == "02-29" {
        stats.leap_day += 1;
    }
    let completion = agreed + days(rng, 365, 1095);
    let not_started = matches!(
        scenario,
        Scenario::NotStartedIdle | Scenario::NotStartedGovernment | Scenario::NotStartedGrace
    );
    let halted_kind = matches!(
        scenario,
        Scenario::Stalled
            | Scenario::StalledGovernment
            | Scenario::HaltedRecently
            | Scenario::HaltedDeveloped
    );
    let mut actual = if not_started {
        None
    } else if scenario == Scenario::StartedLate {
        Some((agreed + days(rng, 400, 900)).min(as_of - Duration::days(10)))
    } else {
        Some((agreed + days(rng, -60, 200)).min(as_of - Duration::days(30)))
    };
    let mut halted = None;
    if halted_kind {
        let start = actual.unwrap_or(agreed);
        let h = match (special_halt, scenario) {
            (Some(h), _) => h,
            (None, Scenario::HaltedRecently) => date_between(
                rng,
                (start + Duration::days(30)).max(ymd(2014, 1, 2)),
                ymd(2014, 12, 20),
            ),
            (None, _) => date_between(rng, start + Duration::days(60), ymd(2013, 12, 31)),
        };
        // Construction starts before it halts.
        if h <= start {
            let room = (h - agreed).num_days().max(31);
            actual = Some(agreed + days(rng, 0, room - 30));
        }
        halted = Some(h);
    }
    let delay = matches!(
        scenario,
        Scenario::NotStartedGovernment | Scenario::StalledGovernment
    )
    .then_some("government");

    // Development and investment shares.
    let (dev_share, inv_share) = match scenario {
        Scenario::Operating | Scenario::StartedLate => {
            (rng.gen_range(0.7..1.0), rng.gen_range(0.75..1.0))
        }
        Scenario::Building => (rng.gen_range(0.3..0.8), rng.gen_range(0.3..0.85)),
        Scenario::Stalled | Scenario::StalledGovernment | Scenario::HaltedRecently => {
            if rng.gen_bool(0.6) {
                (rng.gen_range(0.03..0.3), rng.gen_range(0.1..0.6))
            } else {
                (rng.gen_range(0.35..0.6), rng.gen_range(0.03..0.23))
            }
        }
        Scenario::HaltedDeveloped => (rng.gen_range(0.4..0.9), rng.gen_range(0.3..0.9)),
        _ => (0.0, 0.0),
    };
    let total_inv = site / 10_000.0 * rng.gen_range(1500.0..6000.0);
    let invested = total_inv * inv_share;
    let developed = site * dev_share;

    // Intensity.
    let minf = code.as_deref().map(far_min).unwrap_or(0.8);
    let built = dev_share;
    let operating = matches!(
        scenario,
        Scenario::Operating | Scenario::StartedLate | Scenario::HaltedDeveloped
    );
    // Finished projects meet the standards unless planted otherwise; unfinished ones have
    // built only part of their floor area and footprint.
    let scale = if operating { 1.0 } else { built };
    let far = if built == 0.0 {
        0.0
    } else if industrial && rng.gen_bool(0.12) {
        stats.low_far += 1;
        minf * rng.gen_range(0.35..0.95)
    } else {
        minf * rng.gen_range(1.02..2.0) * scale
    };
    let coef = if built == 0.0 {
        0.0
    } else if industrial && rng.gen_bool(0.08) {
        stats.low_coefficient += 1;
        rng.gen_range(0.12..0.29)
    } else {
        rng.gen_range(0.31..0.62) * scale
    };
    let admin = if built == 0.0 {
        0.0
    } else if industrial && rng.gen_bool(0.06) {
        stats.high_admin += 1;
        rng.gen_range(0.075..0.15)
    } else {
        rng.gen_range(0.015..0.068)
    };
    let green = if built == 0.0 {
        0.0
    } else if industrial && rng.gen_bool(0.06) {
        stats.high_green += 1;
        rng.gen_range(0.21..0.33)
    } else {
        rng.gen_range(0.05..0.195)
    };
    let mu = site / (10_000.0 / 15.0);
    let output = if operating {
        mu * rng.gen_range(40.0..450.0) * dev_share
    } else {
        0.0
    };
    let tax = output * rng.gen_range(0.015..0.07);

    // Some nulls in each optional input.
    let mut opt = |x: f64, digits: i32| {
        if rng.gen_bool(0.025) {
            None
        } else {
            Some(rnd(x, digits))
        }
    };
    let developed_v = opt(developed, 2);
    let total_v = opt(total_inv, 2);
    let invested_v = opt(invested, 2);
    let floor_v = opt(far * site, 2);
    let foot_v = opt(coef * site, 2);
    let admin_v = opt(admin * site, 2);
    let green_v = opt(green * site, 2);
    let output_v = opt(output, 2);
    let tax_v = opt(tax, 2);
    let granted_v = if rng.gen_bool(0.01) {
        None
    } else {
        Some(granted)
    };
    let completion_v = if rng.gen_bool(0.03) {
        None
    } else {
        Some(completion)
    };
    let agreed_v = if c.special.is_none() && !not_started && rng.gen_bool(0.01) {
        None
    } else {
        Some(agreed)
    };

    vec![
        Val::Str(c.parcel_id.clone()),
        Val::opt_str(c.zone_id.as_deref()),
        Val::opt_str(lu),
        Val::opt_str(code.as_deref()),
        Val::opt_str(holder.as_deref()),
        Val::opt_real(registered),
        Val::opt_date(granted_v),
        Val::opt_date(agreed_v),
        Val::opt_date(completion_v),
        Val::opt_date(actual),
        Val::opt_date(halted),
        Val::opt_real(developed_v),
        Val::opt_real(total_v),
        Val::opt_real(invested_v),
        Val::opt_real(floor_v),
        Val::opt_real(foot_v),
        Val::opt_real(admin_v),
        Val::opt_real(green_v),
        Val::opt_real(output_v),
        Val::opt_real(tax_v),
        Val::opt_str(delay),
    ]
}
