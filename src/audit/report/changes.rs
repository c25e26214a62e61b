//! The report's section "since the previous audit" (§8): what is new, resolved, removed,
//! escalated from fee to reclaim and continuing, for the province and per zone, with a small
//! map of the changed parcels. Drawn from the `idle-land-changes` and `zone-changes` layers.

use super::super::results::{number, text, Results};
use super::html::{num, opt, status_tag, table, Cell};
use super::svg::{esc, Bounds, Frame};
use crate::analysis::changes::ChangeKind;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Colour of a change kind (the palette of `styles/`).
pub fn kind_colour(kind: &str) -> &'static str {
    match kind {
        "new" => "#d73027",
        "escalated" => "#7f0000",
        "continuing" => "#fc8d59",
        "resolved" => "#1a9850",
        "removed" => "#4575b4",
        _ => "#9e9e9e",
    }
}

/// Writes the section when the audit was compared with an earlier one.
pub fn section(
    out: &mut String,
    results: &Results,
    as_of: chrono::NaiveDate,
    previous: Option<chrono::NaiveDate>,
) {
    let Some(idle) = results.layer("idle-land-changes") else {
        return;
    };
    let before = previous
        .map(|d| d.to_string())
        .unwrap_or_else(|| "?".into());
    let _ = write!(
        out,
        "<h2 id=\"changes\">自上期审计以来的变化 Since the previous audit <small>{before} → {as_of}</small></h2>"
    );
    // Counts per zone and kind, and idle areas.
    let mut per_zone: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    let mut province = [0usize; 5];
    let (mut area_before, mut area_now) = (0.0, 0.0);
    for f in idle.rows() {
        let kind = text(idle.value(f, "change")).unwrap_or("");
        let Some(k) = ChangeKind::ALL.iter().position(|c| c.as_str() == kind) else {
            continue;
        };
        province[k] += 1;
        let zone = text(idle.value(f, "zone_id")).unwrap_or("—").to_string();
        per_zone.entry(zone).or_default()[k] += 1;
        area_before += number(idle.value(f, "idle_area_m2_before")).unwrap_or(0.0);
        area_now += number(idle.value(f, "idle_area_m2_now")).unwrap_or(0.0);
    }
    out.push_str("<div class=\"cards\">");
    for (k, kind) in ChangeKind::ALL.iter().enumerate() {
        let _ = write!(
            out,
            "<div class=\"card\"><div class=\"v\" style=\"color:{}\">{}</div><div class=\"l\">{} {}</div></div>",
            kind_colour(kind.as_str()),
            num(province[k] as f64, 0),
            kind.title_zh(),
            kind.as_str()
        );
    }
    let _ = write!(
        out,
        "<div class=\"card\"><div class=\"v\">{} → {}</div><div class=\"l\">疑似闲置面积 idle area (ha) before → now</div></div></div>",
        num(area_before / 1e4, 2),
        num(area_now / 1e4, 2)
    );
    out.push_str(
        "<p>新增 <b>new</b>: a candidate now, not before · 已消除 <b>resolved</b>: a candidate before, \
         still in the data, not a candidate now (or excluded now) · 已注销 <b>removed</b>: a candidate before, \
         no longer in the data · 升级 <b>escalated</b>: idle-land fee before, reclaim now · 持续 \
         <b>continuing</b>: a candidate both times. Every parcel is listed in <code>changes.csv</code> and the \
         <code>idle-land-changes</code> layer.</p>",
    );
    out.push_str(&map(results));
    // Per zone: change counts and the zone figures before and now.
    let zones = results.keyed("zone-changes", "zone_id");
    let names = results.keyed("zones", "zone_id");
    let mut ids: Vec<String> = per_zone.keys().cloned().collect();
    if let Some(z) = &zones {
        for f in z.layer.rows() {
            if !per_zone.contains_key(z.layer.key(f)) {
                ids.push(z.layer.key(f).to_string());
            }
        }
    }
    ids.sort();
    ids.dedup();
    let rows: Vec<Vec<Cell>> = ids
        .iter()
        .map(|id| {
            let c = per_zone.get(id).copied().unwrap_or_default();
            let zget = |name: &str| zones.as_ref().and_then(|z| z.get(id, name));
            let mut row = vec![
                Cell::Text(id.clone()),
                Cell::Text(
                    names
                        .as_ref()
                        .and_then(|n| text(n.get(id, "name")))
                        .unwrap_or("")
                        .to_string(),
                ),
            ];
            row.extend(c.iter().map(|n| Cell::Num(Some(*n as f64), 0)));
            row.push(Cell::Num(number(zget("idle_area_ha_before")), 2));
            row.push(Cell::Num(number(zget("idle_area_ha_now")), 2));
            row.push(Cell::Num(number(zget("far_before")), 2));
            row.push(Cell::Num(number(zget("far_now")), 2));
            let status = |n: &str| match text(zget(n)) {
                None => "—".to_string(),
                s => status_tag(s),
            };
            row.push(Cell::Html(format!(
                "{} → {}",
                status("status_before"),
                status("status_now")
            )));
            row.push(Cell::Html(format!(
                "{} → {}",
                opt(number(zget("households_before")), 0),
                opt(number(zget("households_now")), 0)
            )));
            row
        })
        .collect();
    out.push_str("<h3>各集聚区 Per zone</h3>");
    table(
        out,
        &[
            "集聚区 zone",
            "名称 name",
            "新增 new",
            "已消除 resolved",
            "已注销 removed",
            "升级 escalated",
            "持续 continuing",
            "上期闲置(ha) idle before",
            "本期闲置(ha) idle now",
            "上期容积率 FAR before",
            "本期容积率 FAR now",
            "连通 connectivity",
            "待迁户数 households",
        ],
        &rows,
    );
    out.push_str("<p>“—” before: the zone was not in the previous audit; “—” now: it is gone.</p>");
}

/// Zones in grey, changed parcels coloured by kind (drawn as at least a few pixels).
fn map(results: &Results) -> String {
    let (Some(idle), zones) = (
        results.layer("idle-land-changes"),
        results.layer("zone-changes"),
    ) else {
        return String::new();
    };
    let mut b = Bounds::default();
    for l in [Some(idle), zones].into_iter().flatten() {
        for f in l.rows() {
            if let Some(g) = l.geometry(f) {
                b.add(g);
            }
        }
    }
    if b.is_empty() {
        return String::new();
    }
    let frame = Frame::fit(&b.padded(0.04, 0.01), 720.0, 540.0, 10.0, true);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"changes map\">",
        w = frame.width,
        h = frame.height
    );
    if let Some(z) = zones {
        let mut d = String::new();
        for f in z.rows() {
            if let Some(g) = z.geometry(f) {
                d.push_str(&frame.path(g, 0.8));
            }
        }
        let _ = write!(
            s,
            "<path d=\"{d}\" fill=\"#cfd8dc\" fill-opacity=\"0.7\" stroke=\"#455a64\" stroke-width=\"0.8\"/>"
        );
    }
    let order = ["continuing", "resolved", "removed", "new", "escalated"];
    for kind in order {
        let mut marks = String::new();
        for f in idle.rows() {
            if text(idle.value(f, "change")) != Some(kind) {
                continue;
            }
            if let Some((x, y)) = idle.geometry(f).and_then(|g| frame.anchor(g)) {
                let _ = write!(
                    marks,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\"><title>{} {}</title></circle>",
                    esc(idle.key(f)),
                    kind
                );
            }
        }
        if !marks.is_empty() {
            let _ = write!(
                s,
                "<g fill=\"{}\" fill-opacity=\"0.85\" stroke=\"#ffffff\" stroke-width=\"0.5\">{marks}</g>",
                kind_colour(kind)
            );
        }
    }
    s.push_str("</svg><div class=\"legend\">");
    for kind in ChangeKind::ALL {
        let _ = write!(
            s,
            "<span><i style=\"background:{}\"></i>{} {}</span> ",
            kind_colour(kind.as_str()),
            kind.title_zh(),
            kind.as_str()
        );
    }
    s.push_str("</div>");
    s
}
