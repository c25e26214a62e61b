//! CQL2 filters (OGC API – Features Part 3), compiled once per request into a predicate over
//! a [`View`]'s typed columns and geometries.
//!
//! - [`parse`]: cql2-text or cql2-json → [`cql2::Expr`] (the `cql2` crate), with the position
//!   of a syntax error;
//! - [`Filter::compile`]: the expression checked against the layer's schema (unknown
//!   properties, type mismatches and unsupported functions are errors that name the place)
//!   and turned into a [`Filter`]; geometry literals are brought from `filter-crs` to CRS84
//!   once, and prepared for DE-9IM (`geo`'s `Relate`);
//! - [`Filter::select`]: the rows that match, with an R-tree pre-filter ([`View::index`]) for
//!   spatial predicates.
//!
//! Evaluation follows CQL2's three-valued logic: a comparison with a NULL value is *unknown*,
//! `NOT unknown` is unknown, `false AND unknown` is false, `true OR unknown` is true, and a row
//! matches only when the whole filter is true.
//!
//! ```
//! use zonescope::filter::{Filter, Lang};
//! use zonescope::layer::{Feature, Field, FieldKind, GeometryType, Layer, Value};
//! use zonescope::view::LayerView;
//!
//! let layer = Layer {
//!     id: "t".into(), title: "T".into(), title_zh: "测".into(), description: String::new(),
//!     geometry_type: GeometryType::Point, key: "k",
//!     schema: vec![Field::new("k", FieldKind::Text, None, "编号", ""),
//!                  Field::new("far", FieldKind::Real, None, "容积率", "")],
//!     features: vec![
//!         Feature { id: "a".into(), geometry: None, properties: vec!["a".into(), Value::Real(0.5)] },
//!         Feature { id: "b".into(), geometry: None, properties: vec!["b".into(), Value::Null] },
//!     ],
//! };
//! let view = LayerView::new(layer);
//! let f = Filter::compile_str("far < 0.8", Lang::Text, &view, &|a, b| Some((a, b))).unwrap();
//! assert_eq!(f.select(&view, None), vec![0]); // the parcel without a FAR does not match
//! let g = Filter::compile_str("NOT (far < 0.8)", Lang::Text, &view, &|a, b| Some((a, b))).unwrap();
//! assert!(g.select(&view, None).is_empty()); // NOT unknown is unknown
//! ```

mod compile;
mod eval;
mod fast;
pub mod like;
pub mod queryables;
pub mod sort;

pub use compile::unsupported;
pub use sort::{sort_page, sort_rows, SortKey};

use crate::view::View;
use cql2::Expr;

/// The name by which a filter refers to a feature's geometry.
pub const GEOMETRY_PROPERTY: &str = "geometry";

/// The encoding of a filter (`filter-lang`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Text,
    Json,
}

impl Lang {
    /// `cql2-text` or `cql2-json`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim() {
            "cql2-text" => Some(Lang::Text),
            "cql2-json" => Some(Lang::Json),
            _ => None,
        }
    }
}

/// Why a filter cannot be used: one sentence naming what and where.
#[derive(Debug, Clone, PartialEq)]
pub struct FilterError {
    pub message: String,
    /// 1-based character position in the filter text, when known.
    pub position: Option<usize>,
}

impl std::fmt::Display for FilterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FilterError {}

/// Maps a position written in `filter-crs` (its own axis order) to CRS84 (lon, lat).
pub type ToCrs84<'a> = &'a dyn Fn(f64, f64) -> Option<(f64, f64)>;

/// Parses a filter in either encoding.
pub fn parse(text: &str, lang: Lang) -> Result<Expr, FilterError> {
    match lang {
        Lang::Text => parse_text(text),
        Lang::Json => cql2::parse_json(text).map_err(|e| {
            let pos = char_of_line_col(text, e.line(), e.column());
            FilterError {
                message: format!(
                    "filter is not valid cql2-json at line {}, column {} (character {pos}): {e}",
                    e.line(),
                    e.column()
                ),
                position: Some(pos),
            }
        }),
    }
}

#[allow(clippy::result_large_err)]
fn parse_text(text: &str) -> Result<Expr, FilterError> {
    if text.trim().is_empty() {
        return Err(FilterError {
            message: "filter is empty".into(),
            position: Some(1),
        });
    }
    // cql2 0.5's grammar is not anchored at the end of the input: it would read `far < 0.8 x`
    // as `far < 0.8`. Parenthesised whole, with balanced parentheses checked first, the text
    // must be consumed to its last character or fail.
    check_parentheses(text)?;
    // cql2 0.5 also drops the conditions AND-ed next to a BETWEEN (`far BETWEEN 0.5 AND 1 AND
    // x` reads as the BETWEEN alone): each BETWEEN is parenthesised on its own first.
    let (fixed, inserted) = isolate_between(text);
    let wrapped = format!("({fixed})");
    // cql2 0.5's parser reaches `unreachable!` on a few token kinds (exponent notation); keep
    // such input a client error, not a dead worker.
    let res = std::panic::catch_unwind(|| cql2::parse_text(&wrapped));
    match res {
        Ok(Ok(e)) => Ok(e),
        Ok(Err(cql2::Error::Pest(p))) => {
            let (line, col) = match p.line_col {
                pest::error::LineColLocation::Pos(lc) => lc,
                pest::error::LineColLocation::Span(lc, _) => lc,
            };
            // Undo the parentheses added above.
            let at = char_of_line_col(&wrapped, line, col).saturating_sub(1).max(1);
            let shift = inserted.iter().filter(|&&k| k < at).count();
            let pos = at.saturating_sub(shift).clamp(1, text.chars().count() + 1);
            let (line, col) = line_col_of_char(text, pos);
            let expected = match &p.variant {
                pest::error::ErrorVariant::ParsingError { positives, .. } => {
                    let mut names: Vec<String> = positives
                        .iter()
                        .map(|r| format!("{r:?}"))
                        .filter(|n| !n.starts_with("EOI"))
                        .collect();
                    names.dedup();
                    names.truncate(6);
                    if names.is_empty() {
                        String::new()
                    } else {
                        format!("; expected {}", names.join(", "))
                    }
                }
                pest::error::ErrorVariant::CustomError { message } => format!("; {message}"),
            };
            let near: String = text.chars().skip(pos - 1).take(20).collect();
            Err(FilterError {
                message: format!(
                    "filter is not valid cql2-text at line {line}, column {col} (character {pos}), near `{near}`{expected}"
                ),
                position: Some(pos),
            })
        }
        Ok(Err(e)) => Err(FilterError {
            message: format!("filter is not valid cql2-text: {e}"),
            position: None,
        }),
        Err(_) => Err(FilterError {
            message: "filter is not valid cql2-text (a number or token the parser cannot read; write numbers without exponents)".into(),
            position: None,
        }),
    }
}

/// A token of cql2-text: its kind and char range.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok {
    Word,
    Open,
    Close,
    Comma,
    Other,
}

fn tokens(text: &str) -> Vec<(Tok, usize, usize)> {
    let cs: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let c = cs[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let kind = if c == '\'' || c == '"' {
            i += 1;
            while i < cs.len() && cs[i] != c {
                i += 1;
            }
            i += 1;
            Tok::Word
        } else if c.is_alphanumeric() || matches!(c, '_' | '.' | ':') {
            while i < cs.len() && (cs[i].is_alphanumeric() || matches!(cs[i], '_' | '.' | ':')) {
                i += 1;
            }
            Tok::Word
        } else {
            i += 1;
            match c {
                '(' => Tok::Open,
                ')' => Tok::Close,
                ',' => Tok::Comma,
                _ => Tok::Other,
            }
        };
        out.push((kind, start, i.min(cs.len())));
    }
    out
}

/// Parenthesises every `x [NOT] BETWEEN a AND b`; returns the text and the (1-based) char
/// positions, in the new text, of the characters inserted.
fn isolate_between(text: &str) -> (String, Vec<usize>) {
    let cs: Vec<char> = text.chars().collect();
    let toks = tokens(text);
    let word = |k: usize| -> String {
        let (t, a, b) = toks[k];
        if t == Tok::Word {
            cs[a..b].iter().collect::<String>().to_ascii_lowercase()
        } else {
            String::new()
        }
    };
    let is_bool_kw = |w: &str| matches!(w, "and" | "or" | "not");
    let mut opens: Vec<usize> = Vec::new(); // char index before which "(" goes
    let mut closes: Vec<usize> = Vec::new(); // char index after which ")" goes
    for k in 0..toks.len() {
        if word(k) != "between" {
            continue;
        }
        // Left operand: back to a boolean keyword, a comparison, a comma or an open parenthesis.
        let mut j = k;
        if j > 0 && word(j - 1) == "not" {
            j -= 1;
        }
        let mut depth = 0i32;
        let mut start = j;
        while start > 0 {
            let (t, _, _) = toks[start - 1];
            match t {
                Tok::Close => depth += 1,
                Tok::Open => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                Tok::Comma | Tok::Other if depth == 0 && t == Tok::Comma => break,
                Tok::Other if depth == 0 => {
                    let (_, a, b) = toks[start - 1];
                    let op: String = cs[a..b].iter().collect();
                    if matches!(op.as_str(), "=" | "<" | ">") {
                        break;
                    }
                }
                Tok::Word if depth == 0 && is_bool_kw(&word(start - 1)) => break,
                _ => {}
            }
            start -= 1;
        }
        // Right: the first AND at depth 0, then the upper bound up to AND/OR/close/end.
        let mut depth = 0i32;
        let mut m = k + 1;
        let mut seen_and = false;
        let mut end = None;
        while m < toks.len() {
            let (t, _, _) = toks[m];
            match t {
                Tok::Open => depth += 1,
                Tok::Close => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                Tok::Word if depth == 0 => {
                    let w = word(m);
                    if w == "and" && !seen_and {
                        seen_and = true;
                    } else if seen_and && (w == "and" || w == "or") {
                        break;
                    }
                }
                _ => {}
            }
            if seen_and && word(m) != "and" {
                end = Some(m);
            }
            m += 1;
        }
        if let (true, Some(e)) = (start < k, end) {
            opens.push(toks[start].1);
            closes.push(toks[e].2);
        }
    }
    if opens.is_empty() {
        return (text.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(text.len() + 2 * opens.len());
    let mut inserted = Vec::new();
    let mut n = 0usize; // chars written
    for (i, c) in cs.iter().enumerate() {
        for _ in opens.iter().filter(|&&o| o == i) {
            out.push('(');
            n += 1;
            inserted.push(n);
        }
        out.push(*c);
        n += 1;
        for _ in closes.iter().filter(|&&e| e == i + 1) {
            out.push(')');
            n += 1;
            inserted.push(n);
        }
    }
    (out, inserted)
}

fn line_col_of_char(text: &str, pos: usize) -> (usize, usize) {
    let (mut line, mut col) = (1, 1);
    for c in text.chars().take(pos.saturating_sub(1)) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Parentheses outside string literals and quoted names must pair up in order.
fn check_parentheses(text: &str) -> Result<(), FilterError> {
    let mut depth: Vec<usize> = Vec::new();
    let mut quote: Option<char> = None;
    for (i, c) in text.chars().enumerate() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => depth.push(i + 1),
            (None, ')') if depth.pop().is_none() => {
                return Err(FilterError {
                    message: format!(
                        "filter is not valid cql2-text: the `)` at character {} closes nothing",
                        i + 1
                    ),
                    position: Some(i + 1),
                });
            }
            _ => {}
        }
    }
    if let Some(q) = quote {
        let n = text.chars().count();
        return Err(FilterError {
            message: format!(
                "filter is not valid cql2-text: a {q} is not closed by the end (character {})",
                n + 1
            ),
            position: Some(n + 1),
        });
    }
    if let Some(open) = depth.pop() {
        return Err(FilterError {
            message: format!(
                "filter is not valid cql2-text: the `(` at character {open} is not closed"
            ),
            position: Some(open),
        });
    }
    Ok(())
}

/// 1-based character offset of a 1-based line and column.
fn char_of_line_col(text: &str, line: usize, col: usize) -> usize {
    let before: usize = text
        .split('\n')
        .take(line.saturating_sub(1))
        .map(|l| l.chars().count() + 1)
        .sum();
    before + col.max(1)
}

/// A compiled filter.
pub struct Filter {
    pred: compile::Pred,
}

impl Filter {
    /// Checks an expression against the view's schema and compiles it; `text` is the filter
    /// as the client wrote it (for error positions), `to_crs84` maps `filter-crs` positions.
    pub fn compile(
        expr: &Expr,
        text: &str,
        view: &dyn View,
        to_crs84: ToCrs84<'_>,
    ) -> Result<Filter, FilterError> {
        let c = compile::Compiler {
            fields: view.fields(),
            text,
            to_crs84,
        };
        Ok(Filter {
            pred: c.compile(expr)?,
        })
    }

    /// [`parse`] then [`Filter::compile`].
    pub fn compile_str(
        text: &str,
        lang: Lang,
        view: &dyn View,
        to_crs84: ToCrs84<'_>,
    ) -> Result<Filter, FilterError> {
        let e = parse(text, lang)?;
        Filter::compile(&e, text, view, to_crs84)
    }

    /// Is the filter true for the row?
    pub fn matches(&self, view: &dyn View, row: usize) -> bool {
        eval::pred(&self.pred, view, row) == Some(true)
    }

    /// Rows that can match, from the R-tree, when a spatial predicate narrows them (sorted).
    pub fn candidates(&self, view: &dyn View) -> Option<Vec<u32>> {
        eval::candidates(&self.pred, view)
    }

    /// The matching rows among `rows` (every row when `None`), in order.
    pub fn select(&self, view: &dyn View, rows: Option<&[u32]>) -> Vec<u32> {
        let rows: Option<Vec<u32>> = match (rows, self.candidates(view)) {
            (Some(r), Some(c)) => {
                // Intersect two sorted lists.
                let mut out = Vec::with_capacity(r.len().min(c.len()));
                let (mut i, mut j) = (0, 0);
                while i < r.len() && j < c.len() {
                    match r[i].cmp(&c[j]) {
                        std::cmp::Ordering::Less => i += 1,
                        std::cmp::Ordering::Greater => j += 1,
                        std::cmp::Ordering::Equal => {
                            out.push(r[i]);
                            i += 1;
                            j += 1;
                        }
                    }
                }
                Some(out)
            }
            (Some(r), None) => Some(r.to_vec()),
            (None, c) => c,
        };
        let n = rows.as_ref().map_or(view.len(), Vec::len);
        match view.cache() {
            // A scan of many rows: over the typed column copies.
            Some(cache) if n >= FAST_SCAN_ROWS => {
                let node = fast::plan(&self.pred, view, cache, n);
                let keep = |i: u32| node.eval(view, i as usize) == Some(true);
                match rows {
                    Some(r) => r.into_iter().filter(|&i| keep(i)).collect(),
                    None => (0..view.len() as u32).filter(|&i| keep(i)).collect(),
                }
            }
            _ => match rows {
                Some(r) => r
                    .into_iter()
                    .filter(|&i| self.matches(view, i as usize))
                    .collect(),
                None => (0..view.len() as u32)
                    .filter(|&i| self.matches(view, i as usize))
                    .collect(),
            },
        }
    }

    /// [`Filter::select`] row by row through the view, never over the column copies (the
    /// reference the copies are tested against).
    pub fn select_by_rows(&self, view: &dyn View, rows: Option<&[u32]>) -> Vec<u32> {
        let all: Vec<u32>;
        let rows = match rows {
            Some(r) => r,
            None => {
                all = (0..view.len() as u32).collect();
                &all
            }
        };
        rows.iter()
            .copied()
            .filter(|&i| self.matches(view, i as usize))
            .collect()
    }
}

/// Scans of at least this many rows read the typed column copies ([`View::cache`]; copying a
/// column costs one scan of it, once); shorter ones read the view row by row.
pub const FAST_SCAN_ROWS: usize = 2048;

#[cfg(test)]
mod tests;
