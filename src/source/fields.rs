//! Field values: what GDAL hands over ([`Raw`]) and its coercion to a contract field's kind
//! ([`Cell`]), with one plain sentence when a value does not fit.

use super::schema::Kind;
use chrono::NaiveDate;

/// A non-null value as read from the source, by the source field's own type.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Text(String),
    Int(i64),
    Real(f64),
    /// A date or date-time field: year, month, day as stored (not yet checked).
    Date(i32, u32, u32),
}

/// A value of a contract field, of the field's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Real(f64),
    Date(NaiveDate),
}

/// Coerces a raw value to `kind`. `Ok(None)` for blank text (a null).
pub fn coerce(raw: Raw, kind: Kind) -> Result<Option<Cell>, String> {
    match kind {
        Kind::Text => Ok(text(raw).map(Cell::Text)),
        Kind::Integer => integer(raw).map(|v| v.map(Cell::Int)),
        Kind::Real => real(raw).map(|v| v.map(Cell::Real)),
        Kind::Date => date(raw).map(|v| v.map(Cell::Date)),
    }
}

fn text(raw: Raw) -> Option<String> {
    match raw {
        Raw::Text(s) => {
            let t = s.trim();
            if t.is_empty() {
                None
            } else if t.len() == s.len() {
                Some(s)
            } else {
                Some(t.to_string())
            }
        }
        Raw::Int(i) => Some(i.to_string()),
        Raw::Real(r) if r.is_finite() && r.fract() == 0.0 && r.abs() < 1e15 => {
            Some(format!("{}", r as i64))
        }
        Raw::Real(r) => Some(r.to_string()),
        Raw::Date(y, m, d) => Some(format!("{y:04}-{m:02}-{d:02}")),
    }
}

fn integer(raw: Raw) -> Result<Option<i64>, String> {
    match raw {
        Raw::Int(i) => Ok(Some(i)),
        Raw::Real(r) if r.is_finite() && r.fract() == 0.0 && r.abs() < 9e15 => Ok(Some(r as i64)),
        Raw::Real(r) => Err(format!("{r} is not a whole number")),
        Raw::Text(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            if let Ok(i) = t.parse::<i64>() {
                return Ok(Some(i));
            }
            match t.parse::<f64>() {
                Ok(r) if r.is_finite() && r.fract() == 0.0 && r.abs() < 9e15 => Ok(Some(r as i64)),
                _ => Err(format!("text \"{t}\" is not a whole number")),
            }
        }
        Raw::Date(y, m, d) => Err(format!(
            "date {y:04}-{m:02}-{d:02} where a whole number is expected"
        )),
    }
}

fn real(raw: Raw) -> Result<Option<f64>, String> {
    match raw {
        Raw::Int(i) => Ok(Some(i as f64)),
        Raw::Real(r) if r.is_finite() => Ok(Some(r)),
        Raw::Real(r) => Err(format!("{r} is not a finite number")),
        Raw::Text(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            match t.parse::<f64>() {
                Ok(r) if r.is_finite() => Ok(Some(r)),
                _ => Err(format!("text \"{t}\" is not a number")),
            }
        }
        Raw::Date(y, m, d) => Err(format!(
            "date {y:04}-{m:02}-{d:02} where a number is expected"
        )),
    }
}

fn date(raw: Raw) -> Result<Option<NaiveDate>, String> {
    match raw {
        Raw::Date(y, m, d) => NaiveDate::from_ymd_opt(y, m, d)
            .map(Some)
            .ok_or_else(|| format!("{y:04}-{m:02}-{d:02} is not a valid date")),
        Raw::Text(s) => {
            let t = s.trim();
            if t.is_empty() {
                return Ok(None);
            }
            parse_date_text(t)
                .map(Some)
                .ok_or_else(|| format!("\"{t}\" is not a valid date (YYYY-MM-DD)"))
        }
        Raw::Int(i) => Err(format!("number {i} where a date (YYYY-MM-DD) is expected")),
        Raw::Real(r) => Err(format!("number {r} where a date (YYYY-MM-DD) is expected")),
    }
}

/// `YYYY-MM-DD`, optionally followed by a time (`T…` or ` …`), as a calendar date.
pub fn parse_date_text(t: &str) -> Option<NaiveDate> {
    let b = t.as_bytes();
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    if b.len() > 10 && b[10] != b'T' && b[10] != b' ' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = t.get(r)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    NaiveDate::from_ymd_opt(digits(0..4)? as i32, digits(5..7)?, digits(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_date_text("2013-02-28"),
            NaiveDate::from_ymd_opt(2013, 2, 28)
        );
        assert_eq!(
            parse_date_text("2012-02-29T00:00:00"),
            NaiveDate::from_ymd_opt(2012, 2, 29)
        );
        assert_eq!(parse_date_text("2013-02-30"), None);
        assert_eq!(parse_date_text("2013/02/28"), None);
        assert_eq!(parse_date_text("2013-2-28"), None);
        assert_eq!(parse_date_text("garbage"), None);
        assert!(coerce(Raw::Date(2013, 2, 30), Kind::Date).is_err());
        assert!(coerce(Raw::Int(20130228), Kind::Date).is_err());
    }

    #[test]
    fn numbers() {
        assert_eq!(
            coerce(Raw::Text(" 12.5 ".into()), Kind::Real),
            Ok(Some(Cell::Real(12.5)))
        );
        assert!(coerce(Raw::Text("12,5 ha".into()), Kind::Real).is_err());
        assert_eq!(
            coerce(Raw::Real(3.0), Kind::Integer),
            Ok(Some(Cell::Int(3)))
        );
        assert!(coerce(Raw::Real(3.5), Kind::Integer).is_err());
        assert_eq!(coerce(Raw::Text("".into()), Kind::Integer), Ok(None));
    }

    #[test]
    fn text_from_numbers() {
        assert_eq!(
            coerce(Raw::Real(13.0), Kind::Text),
            Ok(Some(Cell::Text("13".into())))
        );
        assert_eq!(coerce(Raw::Text("  ".into()), Kind::Text), Ok(None));
        assert_eq!(
            coerce(Raw::Text(" a ".into()), Kind::Text),
            Ok(Some(Cell::Text("a".into())))
        );
    }
}
