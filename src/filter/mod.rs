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
pub mod like;
pub mod queryables;
pub mod sort;

pub use compile::unsupported;
pub use sort::{sort_rows, SortKey};

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

fn parse_text(text: &str) -> Result<Expr, FilterError> {
    if text.trim().is_empty() {
        return Err(FilterError {
            message: "filter is empty".into(),
            position: Some(1),
        });
    }
    // cql2 0.5's parser reaches `unreachable!` on a few token kinds (exponent notation); keep
    // such input a client error, not a dead worker.
    let res = std::panic::catch_unwind(|| cql2::parse_text(text));
    match res {
        Ok(Ok(e)) => Ok(e),
        Ok(Err(cql2::Error::Pest(p))) => {
            let (line, col) = match p.line_col {
                pest::error::LineColLocation::Pos(lc) => lc,
                pest::error::LineColLocation::Span(lc, _) => lc,
            };
            let pos = char_of_line_col(text, line, col);
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
        match (rows, self.candidates(view)) {
            (Some(r), Some(c)) => {
                // Intersect two sorted lists.
                let mut out = Vec::with_capacity(r.len().min(c.len()));
                let (mut i, mut j) = (0, 0);
                while i < r.len() && j < c.len() {
                    match r[i].cmp(&c[j]) {
                        std::cmp::Ordering::Less => i += 1,
                        std::cmp::Ordering::Greater => j += 1,
                        std::cmp::Ordering::Equal => {
                            if self.matches(view, r[i] as usize) {
                                out.push(r[i]);
                            }
                            i += 1;
                            j += 1;
                        }
                    }
                }
                out
            }
            (Some(r), None) => r
                .iter()
                .copied()
                .filter(|&i| self.matches(view, i as usize))
                .collect(),
            (None, Some(c)) => c
                .into_iter()
                .filter(|&i| self.matches(view, i as usize))
                .collect(),
            (None, None) => (0..view.len() as u32)
                .filter(|&i| self.matches(view, i as usize))
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests;
