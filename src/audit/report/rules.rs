//! The report's "rules used" section: every number the analyses applied, from [`Rules`].

use super::html::num;
use super::svg::esc;
use crate::rules::Rules;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Writes the rules table.
pub fn section(out: &mut String, r: &Rules) {
    out.push_str("<h2>采用的规则 Rules used</h2><table class=\"rules\"><thead><tr><th>规则 rule</th><th>取值 value</th><th>依据 source</th></tr></thead><tbody>");
    let mut row = |rule: &str, value: String, source: &str| {
        let _ = write!(
            out,
            "<tr><td>{rule}</td><td>{value}</td><td>{source}</td></tr>"
        );
    };
    let intensity = "工业项目建设用地控制指标（国土资发〔2008〕24号）";
    row(
        "工业用地代码 industrial land-use codes",
        esc(&r.intensity.industrial_land_uses.join(", ")),
        "GB/T 21010-2017; 2020 classification",
    );
    let mut by_min: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (code, min) in &r.intensity.far_min {
        by_min.entry(format!("{min:.2}")).or_default().push(code);
    }
    let far = by_min
        .iter()
        .map(|(m, codes)| format!("≥ {m}: {}", codes.join(", ")))
        .collect::<Vec<_>>()
        .join("<br>");
    row(
        "容积率下限（按行业代码）minimum FAR by GB/T 4754 industry code",
        far,
        intensity,
    );
    row(
        "建筑系数 building coefficient",
        format!("≥ {}", r.intensity.building_coefficient_min),
        intensity,
    );
    row(
        "行政办公及生活服务设施用地比例 admin and living share",
        format!("≤ {}", r.intensity.admin_share_max),
        intensity,
    );
    row(
        "绿地率 green share",
        format!("≤ {}", r.intensity.green_share_max),
        intensity,
    );
    let inv = if r
        .intensity
        .investment_intensity_min_wan_yuan_per_ha
        .is_empty()
    {
        "未配置（无国家默认值） not configured (no national default)".to_string()
    } else {
        r.intensity
            .investment_intensity_min_wan_yuan_per_ha
            .iter()
            .map(|(class, m)| {
                format!(
                    "{}: {}",
                    esc(class),
                    m.iter()
                        .map(|(c, v)| format!("{}≥{}", esc(c), num(*v, 0)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join("<br>")
    };
    row(
        "投资强度下限 minimum investment intensity (10⁴ yuan/ha)",
        inv,
        "config",
    );
    let opt_min = |x: Option<f64>| {
        x.map(|v| format!("≥ {v}"))
            .unwrap_or_else(|| "未配置 not configured".into())
    };
    row(
        "亩均产值下限 minimum output per mu (10⁴ yuan)",
        opt_min(r.intensity.output_per_mu_min_wan_yuan),
        "config",
    );
    row(
        "亩均税收下限 minimum tax per mu (10⁴ yuan)",
        opt_min(r.intensity.tax_per_mu_min_wan_yuan),
        "config",
    );
    let idle = "闲置土地处置办法（国土资源部令第53号，2012）第二、八、十四条";
    row(
        "认定闲置年限 idle after (years past agreed start or halt)",
        r.idle.idle_after_years.to_string(),
        idle,
    );
    row(
        "无偿收回年限 reclaim after (years idle)",
        r.idle.reclaim_after_years.to_string(),
        idle,
    );
    row(
        "中止开发：已开发面积占比低于 stalled: developed share below",
        format!("{:.4}", r.idle.developed_share_min),
        idle,
    );
    row(
        "中止开发：已投资占比低于 stalled: invested share below",
        format!("{}", r.idle.invested_share_min),
        idle,
    );
    row(
        "政府原因标记 government-cause marker (delay_cause)",
        format!("<code>{}</code>", esc(&r.idle.government_cause)),
        idle,
    );
    let conn = "集聚区干线公路直连要求 trunk-road connection of every district";
    row(
        "直连容差 direct tolerance (m)",
        r.connectivity.direct_tolerance_m.to_string(),
        conn,
    );
    row(
        "节点捕捉容差 snap tolerance (m)",
        r.connectivity.snap_tolerance_m.to_string(),
        conn,
    );
    row(
        "干线路线前缀 trunk route prefixes",
        esc(&r.connectivity.trunk_prefixes.join(", ")),
        conn,
    );
    row(
        "行政等级 class by route prefix",
        esc(&r
            .connectivity
            .class_by_prefix
            .iter()
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ")),
        "公路路线编号规则 GB/T 917",
    );
    let reloc = "河南省宅基地标准 Henan homestead cap (plains and suburbs)";
    row(
        "户均宅基地 homestead per household (m²)",
        r.relocation.homestead_m2_per_household.to_string(),
        reloc,
    );
    row(
        "每户安置套数 resettlement units per household",
        r.relocation.units_per_household.to_string(),
        "config",
    );
    out.push_str("</tbody></table>");
}
