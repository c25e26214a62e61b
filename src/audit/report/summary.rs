//! The report's figures: per zone (joined from the result layers by `zone_id`), per city and
//! for the province. City and province intensity ratios are recomputed from
//! `parcel-intensity` as the contract defines zone ratios (Σ numerator / Σ site area over the
//! industrial parcels that have the input), never averaged from zone ratios.

use super::super::results::{boolean, number, text, Results};
use std::collections::{BTreeMap, HashMap};

/// Sums behind intensity ratios over industrial parcels.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct IntensitySums {
    /// (Σ numerator, Σ site area m²) per indicator.
    pub far: (f64, f64),
    pub building_coefficient: (f64, f64),
    /// Σ invested 10⁴ yuan, Σ site area m².
    pub investment: (f64, f64),
    /// Σ output 10⁴ yuan, Σ site area mu.
    pub output: (f64, f64),
    pub tax: (f64, f64),
    pub industrial: usize,
    pub meets: usize,
    pub fails: usize,
}

impl IntensitySums {
    fn add(&mut self, o: &IntensitySums) {
        let add = |a: &mut (f64, f64), b: (f64, f64)| {
            a.0 += b.0;
            a.1 += b.1
        };
        add(&mut self.far, o.far);
        add(&mut self.building_coefficient, o.building_coefficient);
        add(&mut self.investment, o.investment);
        add(&mut self.output, o.output);
        add(&mut self.tax, o.tax);
        self.industrial += o.industrial;
        self.meets += o.meets;
        self.fails += o.fails;
    }
    fn ratio(p: (f64, f64)) -> Option<f64> {
        (p.1 > 0.0).then(|| p.0 / p.1)
    }
    pub fn far(&self) -> Option<f64> {
        Self::ratio(self.far)
    }
    pub fn building_coefficient(&self) -> Option<f64> {
        Self::ratio(self.building_coefficient)
    }
    /// 10⁴ yuan per ha.
    pub fn investment_intensity(&self) -> Option<f64> {
        Self::ratio(self.investment).map(|x| x * 10_000.0)
    }
    pub fn output_per_mu(&self) -> Option<f64> {
        Self::ratio(self.output)
    }
    pub fn tax_per_mu(&self) -> Option<f64> {
        Self::ratio(self.tax)
    }
}

/// Totals for a group of zones (a city, the province).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Totals {
    pub zones: usize,
    pub zone_area_ha: f64,
    pub parcel_count: i64,
    pub parcel_area_ha: f64,
    pub intensity: IntensitySums,
    pub idle_fee: usize,
    pub idle_reclaim: usize,
    pub idle_excluded: usize,
    /// Not-excluded idle area, ha.
    pub idle_area_ha: f64,
    pub direct: usize,
    pub network: usize,
    pub unconnected: usize,
    pub connectivity_unknown: usize,
    pub villages: i64,
    pub households: i64,
    pub population: i64,
    pub footprint_ha: f64,
    pub resettlement_units: f64,
}

/// What lies outside every zone: parcels whose zone is none (§5 membership) and the idle-land
/// candidates among them, and villages in no zone. With the zone rows they account for every
/// feature of the layers.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Outside {
    /// Parcels in the data (the `parcel-intensity` layer, else the `parcels` input).
    pub all_parcels: usize,
    /// Parcels in no zone, and their site area (ha).
    pub parcels: usize,
    pub parcel_area_ha: f64,
    /// Their ids (the first 200).
    pub parcel_ids: Vec<String>,
    pub idle_fee: usize,
    pub idle_reclaim: usize,
    pub idle_excluded: usize,
    pub idle_area_ha: f64,
    /// Idle-land candidates in the layer (every zone and none).
    pub all_idle: usize,
    /// Villages in the data, and those in no zone (`villages` minus `relocation`).
    pub all_villages: usize,
    pub villages: usize,
    /// Villages not yet relocated (status planned, started or none) inside zones, by status.
    pub not_done_by_status: BTreeMap<String, usize>,
}

/// One zone's figures.
#[derive(Debug, Clone, Default)]
pub struct ZoneRow {
    pub zone_id: String,
    pub name: String,
    pub city: String,
    pub county: String,
    pub zone_area_ha: Option<f64>,
    pub parcel_count: Option<f64>,
    pub parcel_area_ha: Option<f64>,
    pub far: Option<f64>,
    pub building_coefficient: Option<f64>,
    pub investment_intensity: Option<f64>,
    pub output_per_mu: Option<f64>,
    pub tax_per_mu: Option<f64>,
    pub intensity: IntensitySums,
    pub idle_fee: usize,
    pub idle_reclaim: usize,
    pub idle_excluded: usize,
    pub idle_area_ha: f64,
    pub status: Option<String>,
    pub nearest_route: Option<String>,
    pub routes: Option<String>,
    pub network_distance_m: Option<f64>,
    pub gap_m: Option<f64>,
    pub village_count: Option<f64>,
    pub households: Option<f64>,
    pub population: Option<f64>,
    pub footprint_ha: Option<f64>,
    pub footprint_share: Option<f64>,
    pub resettlement_units: Option<f64>,
}

/// Every figure of the report.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub zones: Vec<ZoneRow>,
    pub cities: BTreeMap<String, Totals>,
    pub province: Totals,
    pub outside: Outside,
    /// Result layers present / absent (by contract id).
    pub present: Vec<String>,
    pub absent: Vec<String>,
}

/// The contract's result layers.
pub const RESULT_LAYERS: [&str; 7] = [
    "parcel-intensity",
    "zone-intensity",
    "idle-land",
    "zone-connectivity",
    "connector-paths",
    "relocation",
    "zone-relocation",
];

/// Computes every figure from the layers.
pub fn summarize(results: &Results) -> Summary {
    let ids = super::super::csv::zone_ids(results);
    let zones = results.keyed("zones", "zone_id");
    let zi = results.keyed("zone-intensity", "zone_id");
    let zc = results.keyed("zone-connectivity", "zone_id");
    let zr = results.keyed("zone-relocation", "zone_id");
    let idle = super::super::csv::idle_counts(results);
    let sums = intensity_sums(results);

    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let zt = |n: &str| {
            zones
                .as_ref()
                .and_then(|z| text(z.get(&id, n)))
                .unwrap_or("")
                .to_string()
        };
        let num = |k: &Option<super::super::results::Keyed>, n: &str| {
            k.as_ref().and_then(|k| number(k.get(&id, n)))
        };
        let txt = |k: &Option<super::super::results::Keyed>, n: &str| {
            k.as_ref()
                .and_then(|k| k.get(&id, n))
                .and_then(|v| v.to_plain_text())
        };
        let c = idle.get(&id).copied().unwrap_or_default();
        rows.push(ZoneRow {
            name: zt("name"),
            city: zt("city"),
            county: zt("county"),
            zone_area_ha: num(&zi, "zone_area_ha")
                .or_else(|| num(&zones, "area_m2").map(|a| a / 10_000.0)),
            parcel_count: num(&zi, "parcel_count"),
            parcel_area_ha: num(&zi, "parcel_area_ha"),
            far: num(&zi, "far"),
            building_coefficient: num(&zi, "building_coefficient"),
            investment_intensity: num(&zi, "investment_intensity_wan_yuan_per_ha"),
            output_per_mu: num(&zi, "output_per_mu_wan_yuan"),
            tax_per_mu: num(&zi, "tax_per_mu_wan_yuan"),
            intensity: sums.get(&id).copied().unwrap_or_default(),
            idle_fee: c.fee,
            idle_reclaim: c.reclaim,
            idle_excluded: c.excluded,
            idle_area_ha: (c.fee_area_m2 + c.reclaim_area_m2) / 10_000.0,
            status: txt(&zc, "status"),
            nearest_route: txt(&zc, "nearest_route"),
            routes: txt(&zc, "routes").filter(|s| !s.is_empty()),
            network_distance_m: num(&zc, "network_distance_m"),
            gap_m: num(&zc, "gap_m"),
            village_count: num(&zr, "village_count"),
            households: num(&zr, "households"),
            population: num(&zr, "population"),
            footprint_ha: num(&zr, "footprint_ha"),
            footprint_share: num(&zr, "footprint_share"),
            resettlement_units: num(&zr, "resettlement_units"),
            zone_id: id,
        });
    }
    let mut cities: BTreeMap<String, Totals> = BTreeMap::new();
    let mut province = Totals::default();
    for r in &rows {
        let city = if r.city.is_empty() {
            "(未注明 unknown)".to_string()
        } else {
            r.city.clone()
        };
        for t in [cities.entry(city).or_default(), &mut province] {
            t.zones += 1;
            t.zone_area_ha += r.zone_area_ha.unwrap_or(0.0);
            t.parcel_count += r.parcel_count.unwrap_or(0.0) as i64;
            t.parcel_area_ha += r.parcel_area_ha.unwrap_or(0.0);
            t.intensity.add(&r.intensity);
            t.idle_fee += r.idle_fee;
            t.idle_reclaim += r.idle_reclaim;
            t.idle_excluded += r.idle_excluded;
            t.idle_area_ha += r.idle_area_ha;
            match r.status.as_deref() {
                Some("direct") => t.direct += 1,
                Some("network") => t.network += 1,
                Some("none") => t.unconnected += 1,
                _ => t.connectivity_unknown += 1,
            }
            t.villages += r.village_count.unwrap_or(0.0) as i64;
            t.households += r.households.unwrap_or(0.0) as i64;
            t.population += r.population.unwrap_or(0.0) as i64;
            t.footprint_ha += r.footprint_ha.unwrap_or(0.0);
            t.resettlement_units += r.resettlement_units.unwrap_or(0.0);
        }
    }
    let (present, absent) = RESULT_LAYERS
        .iter()
        .map(|s| s.to_string())
        .partition(|id| results.layer(id).is_some());
    let outside = outside(
        results,
        &province,
        idle.get("").copied().unwrap_or_default(),
    );
    Summary {
        zones: rows,
        cities,
        province,
        outside,
        present,
        absent,
    }
}

/// Parcels, idle-land candidates and villages outside every zone.
fn outside(
    results: &Results,
    province: &Totals,
    idle_outside: super::super::csv::IdleCounts,
) -> Outside {
    let mut o = Outside {
        idle_fee: idle_outside.fee,
        idle_reclaim: idle_outside.reclaim,
        idle_excluded: idle_outside.excluded,
        idle_area_ha: (idle_outside.fee_area_m2 + idle_outside.reclaim_area_m2) / 10_000.0,
        all_idle: results.layer("idle-land").map_or(0, |l| l.len()),
        ..Outside::default()
    };
    if let Some(pi) = results.layer("parcel-intensity") {
        o.all_parcels = pi.len();
        for f in pi.rows() {
            if text(pi.value(f, "zone_id")).is_some_and(|z| !z.is_empty()) {
                continue;
            }
            o.parcels += 1;
            o.parcel_area_ha += number(pi.value(f, "site_area_m2")).unwrap_or(0.0) / 10_000.0;
            if o.parcel_ids.len() < 200 {
                o.parcel_ids.push(pi.key(f).to_string());
            }
        }
    } else if let Some(p) = results.layer("parcels") {
        o.all_parcels = p.len();
        o.parcels = o
            .all_parcels
            .saturating_sub(province.parcel_count.max(0) as usize);
    }
    if let Some(v) = results.layer("villages") {
        o.all_villages = v.len();
        let inside = results.layer("relocation").map_or(0, |r| r.len());
        o.villages = o.all_villages.saturating_sub(inside);
    }
    if let Some(r) = results.layer("relocation") {
        for f in r.rows() {
            let status = text(r.value(f, "relocation")).unwrap_or("").to_string();
            if status != "done" {
                *o.not_done_by_status.entry(status).or_default() += 1;
            }
        }
    }
    o
}

/// Intensity sums per zone id from `parcel-intensity` (industrial parcels: `meets_standard`
/// not null).
fn intensity_sums(results: &Results) -> HashMap<String, IntensitySums> {
    let mut out: HashMap<String, IntensitySums> = HashMap::new();
    let Some(pi) = results.layer("parcel-intensity") else {
        return out;
    };
    for f in pi.rows() {
        let meets = boolean(pi.value(f, "meets_standard"));
        let Some(meets) = meets else { continue };
        let zone = text(pi.value(f, "zone_id")).unwrap_or("").to_string();
        let s = out.entry(zone).or_default();
        s.industrial += 1;
        if meets {
            s.meets += 1;
        } else {
            s.fails += 1;
        }
        let Some(site) = number(pi.value(f, "site_area_m2")).filter(|a| *a > 0.0) else {
            continue;
        };
        let mu = number(pi.value(f, "site_area_mu")).unwrap_or(site / (10_000.0 / 15.0));
        let add = |sum: &mut (f64, f64), name: &str, per: f64, unit_area: f64| {
            if let Some(x) = number(pi.value(f, name)) {
                sum.0 += x * per;
                sum.1 += unit_area;
            }
        };
        add(&mut s.far, "far", site, site);
        add(
            &mut s.building_coefficient,
            "building_coefficient",
            site,
            site,
        );
        add(
            &mut s.investment,
            "investment_intensity_wan_yuan_per_ha",
            site / 10_000.0,
            site,
        );
        add(&mut s.output, "output_per_mu_wan_yuan", mu, mu);
        add(&mut s.tax, "tax_per_mu_wan_yuan", mu, mu);
    }
    out
}
