//! Calendar arithmetic for the idle-land rules: anniversaries by the calendar, not by
//! 365-day years, and day counts.

use chrono::{Datelike, NaiveDate};

/// The date `years` calendar years after `date`: same month and day, except that 29 February
/// falls on 28 February in a common year. Saturates at [`NaiveDate::MAX`] instead of
/// overflowing.
///
/// ```
/// use chrono::NaiveDate;
/// use zonescope::analysis::calendar::anniversary;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(anniversary(d(2012, 2, 29), 1), d(2013, 2, 28));
/// assert_eq!(anniversary(d(2012, 2, 29), 4), d(2016, 2, 29));
/// assert_eq!(anniversary(d(2013, 3, 1), 1), d(2014, 3, 1));
/// ```
pub fn anniversary(date: NaiveDate, years: u32) -> NaiveDate {
    let Some(year) = i32::try_from(years)
        .ok()
        .and_then(|y| date.year().checked_add(y))
    else {
        return NaiveDate::MAX;
    };
    NaiveDate::from_ymd_opt(year, date.month(), date.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
        .unwrap_or(NaiveDate::MAX)
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// Whether `as_of` is on or after the `years`-th anniversary of `date` (inclusive).
pub fn on_or_after_anniversary(as_of: NaiveDate, date: NaiveDate, years: u32) -> bool {
    as_of >= anniversary(date, years)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn leap_day_anniversaries() {
        assert_eq!(anniversary(d(2012, 2, 29), 1), d(2013, 2, 28));
        assert_eq!(anniversary(d(2012, 2, 29), 2), d(2014, 2, 28));
        assert_eq!(anniversary(d(2012, 2, 29), 4), d(2016, 2, 29));
        assert_eq!(anniversary(d(2011, 2, 28), 1), d(2012, 2, 28));
    }

    #[test]
    fn inclusive_and_days() {
        assert!(on_or_after_anniversary(d(2014, 6, 1), d(2013, 6, 1), 1));
        assert!(!on_or_after_anniversary(d(2014, 5, 31), d(2013, 6, 1), 1));
        assert_eq!(days_between(d(2013, 6, 1), d(2014, 6, 1)), 365);
        assert_eq!(days_between(d(2011, 6, 1), d(2012, 6, 1)), 366);
    }

    #[test]
    fn saturates() {
        assert_eq!(anniversary(d(2012, 1, 1), u32::MAX), NaiveDate::MAX);
    }
}
