//! The report's zone evaluation (开发区土地集约利用评价, TD/T 1029) and per-mu benefit classes
//! (亩均效益评价): a sortable table of every zone's indicators, ranks, score and holder
//! classes, and a map of the zones coloured by rank. Drawn from `zone-evaluation` and
//! `holder-benefit`.

use super::super::results::{number, text, LayerRef, Results};
use super::html::{table, Cell};
use super::svg::{esc, Bounds, Frame};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Colour of a tax-per-ha rank (the ranges of `styles/zone-evaluation.*`).
pub fn rank_colour(rank: Option<f64>) -> &'static str {
    match rank {
        Some(r) if r < 6.0 => "#1a9850",
        Some(r) if r < 16.0 => "#91cf60",
        Some(r) if r < 31.0 => "#fee08b",
        Some(r) if r < 61.0 => "#fc8d59",
        Some(_) => "#d73027",
        None => "#9e9e9e",
    }
}

/// Holder classes counted per zone (a holder with parcels in several zones counts in each).
pub fn class_counts(results: &Results) -> BTreeMap<String, [usize; 5]> {
    let mut out: BTreeMap<String, [usize; 5]> = BTreeMap::new();
    let Some(hb) = results.layer("holder-benefit") else {
        return out;
    };
    for f in hb.rows() {
        let k = match text(hb.value(f, "class")) {
            Some("A") => 0,
            Some("B") => 1,
            Some("C") => 2,
            Some("D") => 3,
            _ => 4,
        };
        if let Some(crate::view::ValueRef::List(zones)) = hb.value(f, "zone_ids") {
            for z in zones.iter() {
                out.entry(z.to_string()).or_default()[k] += 1;
            }
        }
    }
    out
}

pub fn section(out: &mut String, results: &Results) {
    let Some(ev) = results.layer("zone-evaluation") else {
        return;
    };
    out.push_str("<h2 id=\"evaluation\">开发区土地集约利用评价与亩均效益 Zone evaluation (TD/T 1029) and per-mu benefit classes</h2>");
    out.push_str(
        "<p>Indicators of 开发区土地集约利用评价 (TD/T 1029) that the input layers carry, per zone; \
         the rank by industrial tax per ha (1 = highest, ties share the best rank); the score from the \
         configured weights and ideal values (empty without them: there are no national weights). \
         The class columns count the land holders of 亩均效益评价 with industrial parcels in the zone by \
         class (A to rank ⌈25 %⌉, B to ⌈70 %⌉, C to ⌈95 %⌉ of the holders with a tax per mu, D the rest).</p>",
    );
    out.push_str(&rank_map(ev));
    let classes = class_counts(results);
    let names = results.keyed("zones", "zone_id");
    let n = |f: usize, name: &str| number(ev.value(f, name));
    let mut rows: Vec<Vec<Cell>> = ev
        .rows()
        .map(|f| {
            let id = ev.key(f);
            let c = classes.get(id).copied().unwrap_or_default();
            let mut row = vec![
                Cell::Text(id.to_string()),
                Cell::Text(
                    names
                        .as_ref()
                        .and_then(|k| text(k.get(id, "name")))
                        .unwrap_or("")
                        .to_string(),
                ),
                Cell::Num(n(f, "rank_industrial_tax_per_ha"), 0),
                Cell::Num(n(f, "industrial_tax_per_ha_wan_yuan"), 1),
                Cell::Num(n(f, "industrial_output_per_ha_wan_yuan"), 0),
                Cell::Num(n(f, "industrial_investment_intensity_wan_yuan_per_ha"), 0),
                Cell::Num(n(f, "supplied_share").map(|x| x * 100.0), 1),
                Cell::Num(n(f, "built_share").map(|x| x * 100.0), 1),
                Cell::Num(n(f, "industrial_share").map(|x| x * 100.0), 1),
                Cell::Num(n(f, "composite_far"), 2),
                Cell::Num(n(f, "industrial_far"), 2),
                Cell::Num(n(f, "industrial_building_coefficient"), 2),
                Cell::Num(n(f, "idle_share").map(|x| x * 100.0), 2),
                Cell::Num(n(f, "score"), 1),
                Cell::Num(n(f, "score_rank"), 0),
            ];
            row.extend(c.iter().map(|k| Cell::Num(Some(*k as f64), 0)));
            row
        })
        .collect();
    rows.sort_by(|a, b| {
        let key = |r: &Vec<Cell>| match r[2] {
            Cell::Num(Some(x), _) => x,
            _ => f64::INFINITY,
        };
        key(a).total_cmp(&key(b))
    });
    table(
        out,
        &[
            "集聚区 zone",
            "名称 name",
            "地均税收排名 tax rank",
            "工业地均税收 tax (10⁴ yuan/ha)",
            "工业地均产值 output (10⁴ yuan/ha)",
            "固定资产投入强度 investment (10⁴ yuan/ha)",
            "土地供应率 supplied %",
            "土地建成率 built %",
            "工业用地率 industrial %",
            "综合容积率 composite FAR",
            "工业容积率 industrial FAR",
            "工业建筑系数 building coeff.",
            "闲置土地率 idle %",
            "评价分值 score",
            "分值排名 score rank",
            "A类 holders",
            "B类",
            "C类",
            "D类",
            "无税收 no tax",
        ],
        &rows,
    );
    if let Some(hb) = results.layer("holder-benefit") {
        let mut total = [0usize; 5];
        for f in hb.rows() {
            let k = match text(hb.value(f, "class")) {
                Some("A") => 0,
                Some("B") => 1,
                Some("C") => 2,
                Some("D") => 3,
                _ => 4,
            };
            total[k] += 1;
        }
        let _ = write!(
            out,
            "<p>全省 Province: {} holders with industrial parcels — A {}, B {}, C {}, D {}, without tax data {}. \
             Every holder is in the <code>holder-benefit</code> layer of <code>audit.gpkg</code>.</p>",
            hb.len(),
            total[0],
            total[1],
            total[2],
            total[3],
            total[4]
        );
    }
}

/// Zones coloured by their tax-per-ha rank, the rank written on each.
fn rank_map(ev: LayerRef<'_>) -> String {
    let mut b = Bounds::default();
    for f in ev.rows() {
        if let Some(g) = ev.geometry(f) {
            b.add(g);
        }
    }
    if b.is_empty() {
        return String::new();
    }
    let frame = Frame::fit(&b.padded(0.04, 0.01), 720.0, 540.0, 10.0, true);
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"map of ranks\">",
        w = frame.width,
        h = frame.height
    );
    let mut labels = String::new();
    for f in ev.rows() {
        let Some(g) = ev.geometry(f) else { continue };
        let rank = number(ev.value(f, "rank_industrial_tax_per_ha"));
        let _ = write!(
            s,
            "<path d=\"{}\" fill=\"{}\" fill-opacity=\"0.8\" stroke=\"#37474f\" stroke-width=\"0.6\"><title>{} rank {}</title></path>",
            frame.path(g, 0.8),
            rank_colour(rank),
            esc(ev.key(f)),
            rank.map(|r| format!("{r:.0}")).unwrap_or_else(|| "—".into())
        );
        if let (Some(r), Some((x, y))) = (rank, frame.anchor(g)) {
            let _ = write!(
                labels,
                "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"9\" text-anchor=\"middle\" fill=\"#212121\">{r:.0}</text>"
            );
        }
    }
    s.push_str(&labels);
    s.push_str("</svg><div class=\"legend\">");
    for (r, label) in [
        (Some(1.0), "1–5"),
        (Some(6.0), "6–15"),
        (Some(16.0), "16–30"),
        (Some(31.0), "31–60"),
        (Some(61.0), "> 60"),
        (None, "无数据 no data"),
    ] {
        let _ = write!(
            s,
            "<span><i style=\"background:{}\"></i>{label}</span> ",
            rank_colour(r)
        );
    }
    s.push_str("</div>");
    s
}
