//! `idle_land.csv` and `zones.csv`: UTF-8 with a byte-order mark (so that Excel in China reads
//! the Chinese), one row per idle-land candidate / per zone. Column names are the contract's
//! property names, units in the names; numbers are rounded for reading.

use super::results::{display, format_number, number, text, Keyed, LayerRef, Results};
use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

/// The UTF-8 byte-order mark.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Per zone: counts of idle candidates by severity (not excluded), and excluded ones.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct IdleCounts {
    pub fee: usize,
    pub reclaim: usize,
    pub excluded: usize,
    pub fee_area_m2: f64,
    pub reclaim_area_m2: f64,
}

/// Idle candidates counted per zone id.
pub fn idle_counts(results: &Results) -> BTreeMap<String, IdleCounts> {
    let mut out: BTreeMap<String, IdleCounts> = BTreeMap::new();
    let Some(idle) = results.layer("idle-land") else {
        return out;
    };
    for f in idle.rows() {
        let zone = text(idle.value(f, "zone_id")).unwrap_or("").to_string();
        let c = out.entry(zone).or_default();
        let area = number(idle.value(f, "idle_area_m2")).unwrap_or(0.0);
        if super::results::boolean(idle.value(f, "excluded")) == Some(true) {
            c.excluded += 1;
        } else {
            match text(idle.value(f, "severity")) {
                Some("reclaim") => {
                    c.reclaim += 1;
                    c.reclaim_area_m2 += area;
                }
                _ => {
                    c.fee += 1;
                    c.fee_area_m2 += area;
                }
            }
        }
    }
    out
}

fn writer(path: &Path) -> Result<csv::Writer<std::fs::File>> {
    let mut file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(BOM)?;
    Ok(csv::Writer::from_writer(file))
}

/// A column: its header and where its value comes from.
struct Column<'a> {
    name: String,
    source: Source<'a>,
}

enum Source<'a> {
    /// A property of a layer keyed by the row's zone / parcel id.
    Keyed(
        LayerRef<'a>,
        usize,
        std::sync::Arc<std::collections::HashMap<&'a str, usize>>,
    ),
    /// Idle counts computed per zone: fee, reclaim, excluded, fee area, reclaim area.
    IdleCount(usize),
}

/// Columns for every property of `layer` not already present, keyed by `key`.
fn keyed_columns<'a>(layer: Option<LayerRef<'a>>, key: &str, columns: &mut Vec<Column<'a>>) {
    let Some(layer) = layer else { return };
    if layer.field_index(key).is_none() {
        return;
    }
    let by_key = std::sync::Arc::new(layer.rows_by(key));
    for (i, field) in layer.fields().iter().enumerate() {
        if columns.iter().any(|c| c.name == field.name) {
            continue;
        }
        columns.push(Column {
            name: field.name.to_string(),
            source: Source::Keyed(layer, i, by_key.clone()),
        });
    }
}

fn keyed_value(c: &Column, key: &str) -> String {
    match &c.source {
        Source::Keyed(layer, i, by_key) => by_key
            .get(key)
            .map(|&row| display(&c.name, Some(layer.value_at(row, *i))))
            .unwrap_or_default(),
        Source::IdleCount(_) => String::new(),
    }
}

/// Writes `zones.csv`: one row per zone of the zones layer, joining `zone-intensity`,
/// idle counts by severity, `zone-connectivity` and `zone-relocation` by `zone_id`.
/// Returns the number of rows.
pub fn write_zones(path: &Path, results: &Results) -> Result<usize> {
    let zones = results.layer("zones");
    let mut columns: Vec<Column> = Vec::new();
    if let Some(z) = zones {
        // Identity of the zone first; its own area is repeated by zone-intensity in ha.
        let wanted = [
            "zone_id",
            "name",
            "city",
            "county",
            "star",
            "leading_industry",
        ];
        let by_key = std::sync::Arc::new(z.rows_by("zone_id"));
        for name in wanted {
            if let Some(i) = z.field_index(name) {
                columns.push(Column {
                    name: name.to_string(),
                    source: Source::Keyed(z, i, by_key.clone()),
                });
            }
        }
    }
    keyed_columns(results.layer("zone-intensity"), "zone_id", &mut columns);
    let idle_names = [
        "idle_fee_count",
        "idle_reclaim_count",
        "idle_excluded_count",
        "idle_fee_area_m2",
        "idle_reclaim_area_m2",
    ];
    for (k, name) in idle_names.iter().enumerate() {
        columns.push(Column {
            name: name.to_string(),
            source: Source::IdleCount(k),
        });
    }
    keyed_columns(results.layer("zone-connectivity"), "zone_id", &mut columns);
    keyed_columns(results.layer("zone-relocation"), "zone_id", &mut columns);

    let ids: Vec<String> = zone_ids(results);
    let counts = idle_counts(results);
    let have_idle = results.layer("idle-land").is_some();
    let mut w = writer(path)?;
    w.write_record(columns.iter().map(|c| c.name.as_str()))?;
    for id in &ids {
        let c = counts.get(id).copied().unwrap_or_default();
        let row: Vec<String> = columns
            .iter()
            .map(|col| {
                if col.name == "zone_id" {
                    return id.clone();
                }
                match col.source {
                    Source::IdleCount(k) if have_idle => match k {
                        0 => c.fee.to_string(),
                        1 => c.reclaim.to_string(),
                        2 => c.excluded.to_string(),
                        3 => format_number("_m2", c.fee_area_m2),
                        _ => format_number("_m2", c.reclaim_area_m2),
                    },
                    Source::IdleCount(_) => String::new(),
                    _ => keyed_value(col, id),
                }
            })
            .collect();
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(ids.len())
}

/// Zone ids in zones-layer order, then any only known to result layers.
pub fn zone_ids(results: &Results) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for lid in [
        "zones",
        "zone-intensity",
        "zone-connectivity",
        "zone-relocation",
    ] {
        let Some(l) = results.layer(lid) else {
            continue;
        };
        for f in l.rows() {
            if let Some(id) = text(l.value(f, "zone_id"))
                .map(str::to_string)
                .or_else(|| (lid != "zones").then(|| l.key(f).to_string()))
            {
                if seen.insert(id.clone()) {
                    ids.push(id);
                }
            }
        }
    }
    ids
}

/// Writes `idle_land.csv`: one row per `idle-land` feature, with the parcel's dates, areas
/// and investment that explain it, its zone's name and a sentence in Chinese and English.
/// Returns the number of rows.
pub fn write_idle(path: &Path, results: &Results, rules: &crate::rules::Rules) -> Result<usize> {
    let mut w = writer(path)?;
    let Some(idle) = results.layer("idle-land") else {
        w.write_record([
            "parcel_id",
            "zone_id",
            "reason",
            "idle_since",
            "idle_days",
            "severity",
            "idle_area_m2",
            "excluded",
            "exclusion_reason",
        ])?;
        w.flush()?;
        return Ok(0);
    };
    let zones = results.keyed("zones", "zone_id");
    let parcels = results.keyed("parcels", "parcel_id");
    let extra_zone = ["name", "city", "county"];
    let extra_parcel = [
        "holder",
        "land_use",
        "industry_code",
        "agreed_start",
        "actual_start",
        "halted_since",
        "registered_area_m2",
        "area_m2",
        "developed_area_m2",
        "total_investment_wan_yuan",
        "invested_wan_yuan",
        "delay_cause",
    ];
    let mut header: Vec<String> = idle.fields().iter().map(|f| f.name.to_string()).collect();
    header.push("idle_area_mu".into());
    for n in extra_zone {
        header.push(format!("zone_{n}"));
    }
    for n in extra_parcel {
        if !header.iter().any(|h| h == n) {
            header.push(n.to_string());
        }
    }
    header.push("explanation".into());
    w.write_record(&header)?;
    for f in idle.rows() {
        let mut row: Vec<String> = idle
            .fields()
            .iter()
            .enumerate()
            .map(|(c, fd)| display(fd.name, Some(idle.value_at(f, c))))
            .collect();
        let area_m2 = number(idle.value(f, "idle_area_m2"));
        row.push(
            area_m2
                .map(|a| format_number("_mu", a / (10000.0 / 15.0)))
                .unwrap_or_default(),
        );
        let zone_id = text(idle.value(f, "zone_id")).unwrap_or("");
        for n in extra_zone {
            row.push(
                zones
                    .as_ref()
                    .map(|z| display(n, z.get(zone_id, n)))
                    .unwrap_or_default(),
            );
        }
        let pid = text(idle.value(f, "parcel_id")).unwrap_or(idle.key(f));
        for n in extra_parcel {
            if idle.field_index(n).is_none() {
                row.push(
                    parcels
                        .as_ref()
                        .map(|p| display(n, p.get(pid, n)))
                        .unwrap_or_default(),
                );
            }
        }
        row.push(explain(idle, f, parcels.as_ref(), rules));
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(idle.len())
}

/// One sentence, Chinese then English, saying why a parcel is a candidate.
pub fn explain(
    idle: LayerRef<'_>,
    f: usize,
    parcels: Option<&Keyed>,
    rules: &crate::rules::Rules,
) -> String {
    let v = |n: &str| idle.value(f, n);
    let pid = text(v("parcel_id")).unwrap_or(idle.key(f));
    let pv = |n: &str| parcels.and_then(|p| p.get(pid, n));
    let since = display("idle_since", v("idle_since"));
    let days = display("idle_days", v("idle_days"));
    let years = rules.idle.idle_after_years;
    let mut s = match text(v("reason")) {
        Some("not_started") => format!(
            "约定动工日期 {since} 起满{years}年未动工，已闲置 {days} 天 / not started {years} year(s) after the agreed start {since}; idle {days} days"
        ),
        Some("stalled") => {
            let share = |layer_name: &str, num: &str, den: &str| {
                number(v(layer_name))
                    .or_else(|| {
                        let d = number(pv(den)).filter(|d| *d > 0.0);
                        number(pv(num)).zip(d).map(|(n, d)| n / d)
                    })
                    .map(|x| format!("{:.1}%", 100.0 * x))
                    .unwrap_or_else(|| "未知 unknown".into())
            };
            let site_name = if idle.field_index("site_area_m2").is_some() { "site_area_m2" } else { "registered_area_m2" };
            let dev_share = match number(v("developed_share")) {
                Some(x) => format!("{:.1}%", 100.0 * x),
                None => {
                    let site = number(v(site_name)).or(number(pv("registered_area_m2"))).filter(|a| *a > 0.0).or(number(pv("area_m2")));
                    number(pv("developed_area_m2")).zip(site).map(|(d, s)| format!("{:.1}%", 100.0 * d / s)).unwrap_or_else(|| "未知 unknown".into())
                }
            };
            let inv_share = share("invested_share", "invested_wan_yuan", "total_investment_wan_yuan");
            format!(
                "自 {since} 中止开发满{years}年，已开发面积占 {dev_share}、已投资占 {inv_share}，已闲置 {days} 天 / halted since {since} for {years} year(s) or more with {dev_share} of the site developed and {inv_share} of the investment made; idle {days} days"
            )
        }
        Some(other) => format!("{other}; idle {days} days since {since}"),
        None => String::new(),
    };
    match text(v("severity")) {
        Some("reclaim") => s.push_str(&format!(
            "；满{}年，可无偿收回 / {} years or more: reclaim without compensation",
            rules.idle.reclaim_after_years, rules.idle.reclaim_after_years
        )),
        Some("fee") => s.push_str("；征缴土地闲置费 / idle-land fee"),
        _ => {}
    }
    if super::results::boolean(v("excluded")) == Some(true) {
        let why = text(v("exclusion_reason")).unwrap_or("excluded");
        s.push_str(&format!(
            "；因政府原因等除外，不计入合计 / excluded ({why}), not counted in totals"
        ));
    }
    s
}

/// Any layer as a CSV (BOM; one row per feature; the layer's columns, numbers rounded for
/// reading, lists comma-separated): `changes.csv` is `idle-land-changes`.
pub fn write_layer(path: &Path, layer: LayerRef<'_>) -> Result<usize> {
    let mut w = writer(path)?;
    w.write_record(layer.fields().iter().map(|f| f.name))?;
    for f in layer.rows() {
        w.write_record(
            layer
                .fields()
                .iter()
                .enumerate()
                .map(|(c, field)| display(field.name, Some(layer.value_at(f, c)))),
        )?;
    }
    w.flush()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(layer.len())
}
