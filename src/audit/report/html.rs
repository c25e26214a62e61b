//! HTML building blocks of the report: the inline style sheet and script, sortable tables,
//! number cells. Nothing here refers to anything outside the page.

use super::svg::esc;
use std::fmt::Write;

/// The page's style sheet (inline).
pub const CSS: &str = r#"
:root{--good:#1a9850;--warn:#f9a825;--bad:#d73027;--na:#9e9e9e;--ink:#263238;--line:#cfd8dc;--bg:#fafafa}
*{box-sizing:border-box}
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC","WenQuanYi Zen Hei",system-ui,sans-serif;color:var(--ink);background:var(--bg);margin:0;padding:0 24px 48px;line-height:1.45}
header{border-bottom:3px solid var(--ink);padding:18px 0 10px;margin-bottom:16px}
h1{font-size:24px;margin:0 0 4px}h1 small{display:block;font-size:15px;font-weight:normal;color:#546e7a}
h2{font-size:19px;margin:30px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:15px;margin:0 0 6px}
.meta{display:flex;flex-wrap:wrap;gap:6px 24px;font-size:13px;color:#455a64}
.notice{background:#fff8e1;border-left:5px solid var(--warn);padding:10px 14px;margin:14px 0;font-size:14px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:10px}
.card{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.card .v{font-size:22px;font-weight:bold}.card .l{font-size:12px;color:#546e7a}
table{border-collapse:collapse;background:#fff;font-size:12.5px;width:100%}
th,td{border:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
td{white-space:nowrap}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th{background:#eceff1;position:sticky;top:0;cursor:pointer;user-select:none}
th[data-dir=asc]::after{content:" ▲"}th[data-dir=desc]::after{content:" ▼"}
.scroll{max-height:640px;overflow:auto;border:1px solid var(--line)}
.zone dd .tag{margin-right:4px}.tag{display:inline-block;padding:0 6px;border-radius:8px;color:#fff;font-size:11.5px;white-space:nowrap}
.direct{background:var(--good)}.network{background:var(--warn);color:#222}.none{background:var(--bad)}.unknown{background:var(--na)}
.fee{color:#b28704;font-weight:bold}.reclaim{color:var(--bad);font-weight:bold}
.zones{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
.zone{background:#fff;border:1px solid var(--line);border-radius:6px;padding:10px}
.zone svg{width:100%;height:auto;background:#f5f7f8;border:1px solid #e0e0e0}
svg .if,svg .ir,svg .ie{fill-opacity:.85;stroke:#3e2723;stroke-width:.5}svg .if{fill:#f9a825}svg .ir{fill:#d73027}svg .ie{fill:#7e57c2}
svg .vp{stroke:#263238;stroke-width:.8}svg .va{fill-opacity:.8;stroke:#263238;stroke-width:.6}
.zone dl{display:grid;grid-template-columns:auto 1fr;gap:1px 10px;font-size:12px;margin:6px 0 0}
.zone dt{color:#607d8b}.zone dd{margin:0}
.map svg{max-width:100%;height:auto;background:#f5f7f8;border:1px solid var(--line)}
.legend{font-size:12px;display:flex;flex-wrap:wrap;gap:4px 16px;margin:6px 0}
.legend i{display:inline-block;width:12px;height:12px;border:1px solid #555;margin-right:4px;vertical-align:-2px}
.rules td:first-child{width:42%}
footer{margin-top:36px;font-size:12px;color:#78909c}
table.accounting,table.warnings{width:auto}td.wrap{white-space:normal}.ids{font-size:12px;word-break:break-all}
.check{font-size:13px;color:#455a64}.nomap{font-size:12px;color:#78909c;background:#f5f7f8;border:1px dashed #cfd8dc;padding:8px;margin:0}
@page{size:A4 portrait;margin:12mm 10mm}
@page wide{size:A4 landscape;margin:10mm 8mm}
@media print{
body{background:#fff;padding:0;font-size:9.5pt;line-height:1.3}
.screen{display:none}
section.part{break-before:page}section.part:first-of-type{break-before:auto}
section.wide{page:wide}
h2{break-after:avoid;margin-top:0}
.scroll{max-height:none;overflow:visible;border:none}
table{font-size:7.5pt;width:100%}.wide table{font-size:6.3pt}
th{position:static;cursor:auto;font-weight:bold;word-break:break-word;hyphens:auto}
th[data-dir]::after{content:none}
thead{display:table-header-group}tfoot{display:table-footer-group}
tr,.card,.zone,.notice{break-inside:avoid}
th,td{padding:1.5px 3px}td{white-space:normal}td.n{white-space:nowrap}
.cards{grid-template-columns:repeat(5,1fr);gap:4px}.card{padding:3px 5px}.card .v{font-size:12pt}.card .l{font-size:6.5pt}header{padding:4px 0 4px}.notice{padding:5px 8px;margin:6px 0;font-size:8pt}
.zones{grid-template-columns:repeat(4,1fr);gap:5px}.zone{padding:4px}.zone h3{font-size:8pt;margin:0 0 2px}
.zone svg{max-height:38mm}
.zone dl{display:block;font-size:6.5pt;line-height:1.25}.zone dt{display:inline;font-weight:bold}.zone dt::after{content:": "}
.zone dd{display:inline;margin:0}.zone dd::after{content:"";display:block}
.wide td:first-child{white-space:nowrap}.wide td:nth-child(2){min-width:17mm}.wide td:nth-child(3),.wide td:nth-child(4){min-width:10mm}
.map svg{max-height:240mm;width:100%}
a{color:inherit;text-decoration:none}
}
"#;

/// Sorting for every `table.sortable` (click a header; numbers by their `data-v`).
pub const JS: &str = r#"
(function(){
  function key(cell){var v=cell.getAttribute('data-v');if(v!==null){var f=parseFloat(v);return isNaN(f)?-Infinity:f;}return cell.textContent.trim();}
  document.querySelectorAll('table.sortable').forEach(function(t){
    t.querySelectorAll('th').forEach(function(th){
      th.addEventListener('click',function(){
        var asc=th.getAttribute('data-dir')!=='asc',i=th.cellIndex,body=t.tBodies[0];
        t.querySelectorAll('th').forEach(function(h){h.removeAttribute('data-dir');});
        th.setAttribute('data-dir',asc?'asc':'desc');
        var rows=Array.prototype.slice.call(body.rows);
        rows.sort(function(a,b){var x=key(a.cells[i]),y=key(b.cells[i]);var c=(typeof x==='number'&&typeof y==='number')?x-y:String(x).localeCompare(String(y),'zh');return asc?c:-c;});
        rows.forEach(function(r){body.appendChild(r);});
      });
    });
  });
})();
"#;

/// A table cell.
pub enum Cell {
    /// Escaped text.
    Text(String),
    /// Raw HTML (already escaped), sorted by its text.
    Html(String),
    /// A number shown with `decimals` (empty when absent), sorted by value.
    Num(Option<f64>, usize),
}

/// A number with thousands separators and fixed decimals.
pub fn num(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = s
        .split_once('.')
        .map(|(a, b)| (a.to_string(), Some(b.to_string())))
        .unwrap_or((s.clone(), None));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An optional number, "—" when absent.
pub fn opt(x: Option<f64>, decimals: usize) -> String {
    x.map(|x| num(x, decimals)).unwrap_or_else(|| "—".into())
}

/// A sortable table with bilingual headers.
pub fn table(out: &mut String, headers: &[&str], rows: &[Vec<Cell>]) {
    out.push_str("<div class=\"scroll\"><table class=\"sortable\"><thead><tr>");
    for h in headers {
        let _ = write!(out, "<th>{h}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for row in rows {
        out.push_str("<tr>");
        for c in row {
            match c {
                Cell::Text(t) => {
                    let _ = write!(out, "<td>{}</td>", esc(t));
                }
                Cell::Html(h) => {
                    let _ = write!(out, "<td>{h}</td>");
                }
                Cell::Num(Some(x), d) => {
                    let _ = write!(out, "<td class=\"n\" data-v=\"{x}\">{}</td>", num(*x, *d));
                }
                Cell::Num(None, _) => out.push_str("<td class=\"n\" data-v=\"\">—</td>"),
            }
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>");
}

/// A connectivity status as a coloured tag.
pub fn status_tag(status: Option<&str>) -> String {
    match status {
        Some("direct") => "<span class=\"tag direct\">直连 direct</span>".into(),
        Some("network") => "<span class=\"tag network\">路网 network</span>".into(),
        Some("none") => "<span class=\"tag none\">未连通 none</span>".into(),
        Some(other) => format!("<span class=\"tag unknown\">{}</span>", esc(other)),
        None => "<span class=\"tag unknown\">未知 unknown</span>".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(num(1234567.891, 1), "1,234,567.9");
        assert_eq!(num(-1234.0, 0), "-1,234");
        assert_eq!(num(12.0, 2), "12.00");
        assert_eq!(num(-0.001, 1), "0.0");
    }
}
