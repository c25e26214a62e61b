//! A packed SQLite R*Tree written straight into the virtual table's shadow tables
//! (`<name>_node`, `<name>_parent`, `<name>_rowid`), instead of one `INSERT` per row: the
//! R*Tree module's per-row insert is what makes GDAL 3.6's spatial index slow.
//!
//! Layout (SQLite `ext/rtree/rtree.c`): node 1 is the root; every node blob is `node_size`
//! bytes: a big-endian u16 depth (root only; leaves are depth 0), a big-endian u16 cell
//! count, then cells of a big-endian i64 (row id in leaves, child node number above) and the
//! box as big-endian f32 `minx, maxx, miny, maxy`, rounded outwards. The tree is packed by
//! sort-tile-recursive (STR) order. `rtreecheck()` verifies it in the tests.

use anyhow::{Context, Result};
use rusqlite::{params, Connection};

/// One entry: row id and box `[minx, maxx, miny, maxy]`.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub id: i64,
    pub bbox: [f32; 4],
}

/// An `f64` box rounded outwards to `f32` (`[minx, maxx, miny, maxy]`).
pub fn outward(minx: f64, maxx: f64, miny: f64, maxy: f64) -> [f32; 4] {
    fn down(v: f64) -> f32 {
        let f = v as f32;
        if f as f64 > v {
            f.next_down()
        } else {
            f
        }
    }
    fn up(v: f64) -> f32 {
        let f = v as f32;
        if (f as f64) < v {
            f.next_up()
        } else {
            f
        }
    }
    [down(minx), up(maxx), down(miny), up(maxy)]
}

fn union(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
    [
        a[0].min(b[0]),
        a[1].max(b[1]),
        a[2].min(b[2]),
        a[3].max(b[3]),
    ]
}

/// Groups entries into nodes of at most `m` by sort-tile-recursive packing.
fn str_pack(mut items: Vec<Entry>, m: usize) -> Vec<Vec<Entry>> {
    let n = items.len();
    let nodes = n.div_ceil(m);
    let slices = (nodes as f64).sqrt().ceil().max(1.0) as usize;
    let per_slice = slices * m;
    let cx = |e: &Entry| e.bbox[0] as f64 + e.bbox[1] as f64;
    let cy = |e: &Entry| e.bbox[2] as f64 + e.bbox[3] as f64;
    items.sort_by(|a, b| cx(a).total_cmp(&cx(b)));
    let mut out = Vec::with_capacity(nodes);
    for slice in items.chunks_mut(per_slice) {
        slice.sort_by(|a, b| cy(a).total_cmp(&cy(b)));
        for node in slice.chunks(m) {
            out.push(node.to_vec());
        }
    }
    out
}

/// Creates the virtual table `name` (`id, minx, maxx, miny, maxy`) and fills it with
/// `entries` in one pass.
pub fn create_packed(conn: &Connection, name: &str, entries: Vec<Entry>) -> Result<()> {
    let q = |suffix: &str| format!("\"{}{suffix}\"", name.replace('"', "\"\""));
    conn.execute_batch(&format!(
        "CREATE VIRTUAL TABLE {} USING rtree(id, minx, maxx, miny, maxy)",
        q("")
    ))
    .with_context(|| format!("cannot create the R-tree {name}"))?;
    if entries.is_empty() {
        return Ok(());
    }
    let node_size: usize = conn.query_row(
        &format!("SELECT length(data) FROM {} WHERE nodeno = 1", q("_node")),
        [],
        |r| r.get::<_, i64>(0),
    )? as usize;
    let m = (node_size - 4) / 24;
    // Levels bottom-up: each level's nodes as (cells, bbox); node numbers assigned after.
    let mut levels: Vec<Vec<Vec<Entry>>> = Vec::new();
    let mut items = entries;
    loop {
        let nodes = if items.len() <= m {
            vec![items]
        } else {
            str_pack(items, m)
        };
        let root = nodes.len() == 1;
        levels.push(nodes);
        if root {
            break;
        }
        // Parent entries: ids are placeholders (index within the level) until numbered.
        let level = levels.last().expect("just pushed");
        items = level
            .iter()
            .enumerate()
            .map(|(k, cells)| Entry {
                id: k as i64,
                bbox: cells
                    .iter()
                    .map(|c| c.bbox)
                    .reduce(union)
                    .expect("nodes are not empty"),
            })
            .collect();
    }
    // Number the nodes: root = 1, then level by level from the top.
    let depth = levels.len() - 1;
    let mut first_no = vec![0i64; levels.len()];
    let mut next = 1i64;
    for lv in (0..levels.len()).rev() {
        first_no[lv] = next;
        next += levels[lv].len() as i64;
    }
    conn.execute(&format!("DELETE FROM {}", q("_node")), [])?;
    let mut node_stmt = conn.prepare(&format!(
        "INSERT INTO {} (nodeno, data) VALUES (?1, ?2)",
        q("_node")
    ))?;
    let mut parent_stmt = conn.prepare(&format!(
        "INSERT INTO {} (nodeno, parentnode) VALUES (?1, ?2)",
        q("_parent")
    ))?;
    let mut rowid_stmt = conn.prepare(&format!(
        "INSERT INTO {} (rowid, nodeno) VALUES (?1, ?2)",
        q("_rowid")
    ))?;
    let mut blob = vec![0u8; node_size];
    // (row id, leaf node) pairs, inserted in row-id order once the nodes are written: in
    // packing order they would land all over the `_rowid` B-tree.
    let mut leaf_of: Vec<(i64, i64)> = Vec::with_capacity(levels[0].iter().map(Vec::len).sum());
    for lv in (0..levels.len()).rev() {
        for (k, cells) in levels[lv].iter().enumerate() {
            let nodeno = first_no[lv] + k as i64;
            blob.iter_mut().for_each(|b| *b = 0);
            if nodeno == 1 {
                blob[0..2].copy_from_slice(&(depth as u16).to_be_bytes());
            }
            blob[2..4].copy_from_slice(&(cells.len() as u16).to_be_bytes());
            for (c, e) in cells.iter().enumerate() {
                let at = 4 + c * 24;
                let id = if lv == 0 {
                    e.id
                } else {
                    first_no[lv - 1] + e.id
                };
                blob[at..at + 8].copy_from_slice(&id.to_be_bytes());
                for (d, v) in e.bbox.iter().enumerate() {
                    let o = at + 8 + d * 4;
                    blob[o..o + 4].copy_from_slice(&v.to_bits().to_be_bytes());
                }
                if lv == 0 {
                    leaf_of.push((e.id, nodeno));
                } else {
                    parent_stmt.execute(params![id, nodeno])?;
                }
            }
            node_stmt.execute(params![nodeno, &blob])?;
        }
    }
    leaf_of.sort_unstable();
    for (id, nodeno) in leaf_of {
        rowid_stmt.execute(params![id, nodeno])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(n: usize) -> Vec<Entry> {
        (0..n)
            .map(|i| {
                let x = (i % 97) as f64 * 0.01 + 113.0;
                let y = (i / 97) as f64 * 0.01 + 34.0;
                Entry {
                    id: i as i64 + 1,
                    bbox: outward(x, x + 0.005, y, y + 0.003),
                }
            })
            .collect()
    }

    #[test]
    fn packed_trees_pass_rtreecheck_and_answer_queries() {
        for n in [1, 51, 52, 3000, 20_000] {
            let conn = Connection::open_in_memory().unwrap();
            create_packed(&conn, "rtree_t-x_geom", entries(n)).unwrap();
            let check: String = conn
                .query_row("SELECT rtreecheck('rtree_t-x_geom')", [], |r| r.get(0))
                .unwrap();
            assert_eq!(check, "ok", "n = {n}");
            let count: i64 = conn
                .query_row("SELECT count(*) FROM \"rtree_t-x_geom\"", [], |r| r.get(0))
                .unwrap();
            assert_eq!(count, n as i64);
            // A window query equals a scan of the entries.
            let want = entries(n)
                .iter()
                .filter(|e| {
                    e.bbox[1] >= 113.2
                        && e.bbox[0] <= 113.3
                        && e.bbox[3] >= 34.1
                        && e.bbox[2] <= 34.2
                })
                .count() as i64;
            let got: i64 = conn
                .query_row(
                    "SELECT count(*) FROM \"rtree_t-x_geom\" WHERE maxx >= 113.2 AND minx <= 113.3 AND maxy >= 34.1 AND miny <= 34.2",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(got, want, "n = {n}");
            // The tree stays writable: a later insert and delete keep it consistent.
            conn.execute(
                "INSERT INTO \"rtree_t-x_geom\" VALUES (999999, 1, 2, 3, 4)",
                [],
            )
            .unwrap();
            conn.execute("DELETE FROM \"rtree_t-x_geom\" WHERE id = 1", [])
                .unwrap();
            let check: String = conn
                .query_row("SELECT rtreecheck('rtree_t-x_geom')", [], |r| r.get(0))
                .unwrap();
            assert_eq!(check, "ok", "after edits, n = {n}");
        }
    }

    #[test]
    fn boxes_round_outwards() {
        let b = outward(0.1, 0.1, 113.123456789, 113.123456789);
        assert!((b[0] as f64) <= 0.1 && (b[1] as f64) >= 0.1);
        assert!((b[2] as f64) <= 113.123456789 && (b[3] as f64) >= 113.123456789);
    }
}
