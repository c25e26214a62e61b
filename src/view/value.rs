//! Borrowed property values.

use crate::layer::Value;
use chrono::NaiveDate;

/// A list of texts, borrowed: either static names (`shortfalls`, `missing`) or owned strings
/// (`routes`).
#[derive(Debug, Clone, Copy)]
pub enum ListRef<'a> {
    Static(&'a [&'static str]),
    Owned(&'a [String]),
}

impl<'a> ListRef<'a> {
    pub fn len(&self) -> usize {
        match self {
            ListRef::Static(l) => l.len(),
            ListRef::Owned(l) => l.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    pub fn get(&self, i: usize) -> Option<&'a str> {
        match *self {
            ListRef::Static(l) => l.get(i).copied(),
            ListRef::Owned(l) => l.get(i).map(String::as_str),
        }
    }
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let me = *self;
        (0..me.len()).filter_map(move |i| me.get(i))
    }
    /// Comma-separated, as written to GeoPackage and CSV.
    pub fn join(&self) -> String {
        self.iter().collect::<Vec<_>>().join(",")
    }
}

impl PartialEq for ListRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

/// A property value, borrowed. `Null` is a missing value, never zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Text(&'a str),
    Integer(i64),
    Real(f64),
    Bool(bool),
    Date(NaiveDate),
    List(ListRef<'a>),
}

impl<'a> ValueRef<'a> {
    pub fn is_null(&self) -> bool {
        matches!(self, ValueRef::Null)
    }
    /// An owned copy.
    pub fn to_owned(&self) -> Value {
        match *self {
            ValueRef::Null => Value::Null,
            ValueRef::Text(s) => Value::Text(s.to_string()),
            ValueRef::Integer(i) => Value::Integer(i),
            ValueRef::Real(f) => Value::Real(f),
            ValueRef::Bool(b) => Value::Bool(b),
            ValueRef::Date(d) => Value::Date(d),
            ValueRef::List(l) => Value::List(l.iter().map(str::to_string).collect()),
        }
    }
    /// Text as written to CSV / GeoPackage text columns (lists comma-separated, dates ISO).
    pub fn to_plain_text(&self) -> Option<String> {
        match *self {
            ValueRef::Null => None,
            ValueRef::Text(s) => Some(s.to_string()),
            ValueRef::Integer(i) => Some(i.to_string()),
            ValueRef::Real(f) => Some(f.to_string()),
            ValueRef::Bool(b) => Some(b.to_string()),
            ValueRef::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            ValueRef::List(l) => Some(l.join()),
        }
    }
    pub fn to_json(&self) -> serde_json::Value {
        self.to_owned().to_json()
    }
    /// The number, for integer and real values.
    pub fn as_f64(&self) -> Option<f64> {
        match *self {
            ValueRef::Integer(i) => Some(i as f64),
            ValueRef::Real(f) => Some(f),
            _ => None,
        }
    }
    pub fn as_str(&self) -> Option<&'a str> {
        match *self {
            ValueRef::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl<'a> From<&'a Value> for ValueRef<'a> {
    fn from(v: &'a Value) -> Self {
        match v {
            Value::Null => ValueRef::Null,
            Value::Text(s) => ValueRef::Text(s),
            Value::Integer(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Bool(b) => ValueRef::Bool(*b),
            Value::Date(d) => ValueRef::Date(*d),
            Value::List(l) => ValueRef::List(ListRef::Owned(l)),
        }
    }
}

impl From<Option<f64>> for ValueRef<'_> {
    fn from(v: Option<f64>) -> Self {
        match v {
            Some(f) if f.is_finite() => ValueRef::Real(f),
            _ => ValueRef::Null,
        }
    }
}
impl From<f64> for ValueRef<'_> {
    fn from(v: f64) -> Self {
        Some(v).into()
    }
}
impl From<i64> for ValueRef<'_> {
    fn from(v: i64) -> Self {
        ValueRef::Integer(v)
    }
}
impl From<Option<i64>> for ValueRef<'_> {
    fn from(v: Option<i64>) -> Self {
        v.map(ValueRef::Integer).unwrap_or(ValueRef::Null)
    }
}
impl From<usize> for ValueRef<'_> {
    fn from(v: usize) -> Self {
        ValueRef::Integer(v as i64)
    }
}
impl From<bool> for ValueRef<'_> {
    fn from(v: bool) -> Self {
        ValueRef::Bool(v)
    }
}
impl From<Option<bool>> for ValueRef<'_> {
    fn from(v: Option<bool>) -> Self {
        v.map(ValueRef::Bool).unwrap_or(ValueRef::Null)
    }
}
impl From<NaiveDate> for ValueRef<'_> {
    fn from(v: NaiveDate) -> Self {
        ValueRef::Date(v)
    }
}
impl From<Option<NaiveDate>> for ValueRef<'_> {
    fn from(v: Option<NaiveDate>) -> Self {
        v.map(ValueRef::Date).unwrap_or(ValueRef::Null)
    }
}
impl<'a> From<&'a str> for ValueRef<'a> {
    fn from(v: &'a str) -> Self {
        ValueRef::Text(v)
    }
}
impl<'a> From<Option<&'a str>> for ValueRef<'a> {
    fn from(v: Option<&'a str>) -> Self {
        v.map(ValueRef::Text).unwrap_or(ValueRef::Null)
    }
}
impl<'a> From<&'a Option<String>> for ValueRef<'a> {
    fn from(v: &'a Option<String>) -> Self {
        v.as_deref().into()
    }
}
impl<'a> From<&'a [&'static str]> for ValueRef<'a> {
    fn from(v: &'a [&'static str]) -> Self {
        ValueRef::List(ListRef::Static(v))
    }
}
impl<'a> From<&'a [String]> for ValueRef<'a> {
    fn from(v: &'a [String]) -> Self {
        ValueRef::List(ListRef::Owned(v))
    }
}
