//! Calendar dates as the options write them: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (text that orders
//! as the dates do), checked against the calendar.

use std::fmt;

/// Why a text is not a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` in digits.
    #[error("{0:?} is not written YYYY, YYYY-MM or YYYY-MM-DD")]
    Malformed(String),
    /// A month other than 01 to 12.
    #[error("{text} is not a calendar date: there is no month {month:02}")]
    NoSuchMonth { text: String, month: u32 },
    /// A day the month does not have (day 00, 31 April, 29 February of a common year, …).
    #[error("{text} is not a calendar date: {} {year} has {days} days", MonthName(*.month))]
    NoSuchDay {
        text: String,
        year: u32,
        month: u32,
        /// The days of that month in that year.
        days: u32,
    },
}

/// A month's English name, for messages.
struct MonthName(u32);

impl fmt::Display for MonthName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        match self.0.checked_sub(1).and_then(|i| NAMES.get(i as usize)) {
            Some(name) => f.write_str(name),
            None => write!(f, "month {}", self.0),
        }
    }
}

/// The number of days of `month` (1 to 12) in `year` of the Gregorian calendar (29 February in
/// the years divisible by 4, except the centuries not divisible by 400); `None` for another
/// month.
///
/// # Examples
///
/// ```
/// use votebloc::model::date::days_in_month;
/// assert_eq!(days_in_month(2024, 2), Some(29));
/// assert_eq!(days_in_month(1900, 2), Some(28));
/// assert_eq!(days_in_month(2000, 2), Some(29));
/// assert_eq!(days_in_month(2019, 4), Some(30));
/// assert_eq!(days_in_month(2019, 13), None);
/// ```
pub fn days_in_month(year: u32, month: u32) -> Option<u32> {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => Some(31),
        4 | 6 | 9 | 11 => Some(30),
        2 if leap => Some(29),
        2 => Some(28),
        _ => None,
    }
}

/// Checks that `text` is a date or the start of one as the date options take them: a year
/// `YYYY`, a month `YYYY-MM` (01 to 12) or a day `YYYY-MM-DD` that the month has.
///
/// # Errors
///
/// [`DateError::Malformed`] when the text is not written so (in ASCII digits);
/// [`DateError::NoSuchMonth`] for a month 00 or over 12; [`DateError::NoSuchDay`] for a day
/// 00 or past the end of its month.
///
/// # Complexity
///
/// O(1).
///
/// # Examples
///
/// ```
/// use votebloc::model::date::{DateError, check_date_prefix};
/// assert!(check_date_prefix("1990").is_ok());
/// assert!(check_date_prefix("2024-02-29").is_ok());
/// assert_eq!(
///     check_date_prefix("2019-02-29").unwrap_err().to_string(),
///     "2019-02-29 is not a calendar date: February 2019 has 28 days"
/// );
/// assert!(matches!(check_date_prefix("2019-13"), Err(DateError::NoSuchMonth { month: 13, .. })));
/// assert!(matches!(check_date_prefix("2019-1-5"), Err(DateError::Malformed(_))));
/// ```
pub fn check_date_prefix(text: &str) -> Result<(), DateError> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| {
        bytes.get(range).and_then(|digits| {
            digits.iter().try_fold(0u32, |n, &b| {
                b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
            })
        })
    };
    let dash = |at: usize| bytes.get(at) == Some(&b'-');
    let malformed = || DateError::Malformed(text.to_string());
    let year = number(0..4).ok_or_else(malformed)?;
    let month = match bytes.len() {
        4 => return Ok(()),
        7 | 10 if dash(4) => number(5..7).ok_or_else(malformed)?,
        _ => return Err(malformed()),
    };
    let days = days_in_month(year, month).ok_or_else(|| DateError::NoSuchMonth {
        text: text.to_string(),
        month,
    })?;
    if bytes.len() == 7 {
        return Ok(());
    }
    let day = match dash(7) {
        true => number(8..10).ok_or_else(malformed)?,
        false => return Err(malformed()),
    };
    if (1..=days).contains(&day) {
        Ok(())
    } else {
        Err(DateError::NoSuchDay {
            text: text.to_string(),
            year,
            month,
            days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_dates_are_refused_and_possible_ones_kept() {
        for good in [
            "1990",
            "1990-01",
            "1990-12",
            "2019-02-28",
            "2020-02-29",
            "2000-02-29",
        ] {
            assert_eq!(check_date_prefix(good), Ok(()), "{good}");
        }
        for (bad, message) in [
            (
                "2019-02-30",
                "2019-02-30 is not a calendar date: February 2019 has 28 days",
            ),
            (
                "2019-04-31",
                "2019-04-31 is not a calendar date: April 2019 has 30 days",
            ),
            (
                "1900-02-29",
                "1900-02-29 is not a calendar date: February 1900 has 28 days",
            ),
            (
                "2019-01-00",
                "2019-01-00 is not a calendar date: January 2019 has 31 days",
            ),
            (
                "2019-13",
                "2019-13 is not a calendar date: there is no month 13",
            ),
            (
                "2019-00-10",
                "2019-00-10 is not a calendar date: there is no month 00",
            ),
            (
                "19900",
                "\"19900\" is not written YYYY, YYYY-MM or YYYY-MM-DD",
            ),
            (
                "1990/01",
                "\"1990/01\" is not written YYYY, YYYY-MM or YYYY-MM-DD",
            ),
            (
                "1990-01-1",
                "\"1990-01-1\" is not written YYYY, YYYY-MM or YYYY-MM-DD",
            ),
            (
                "１９９０",
                "\"１９９０\" is not written YYYY, YYYY-MM or YYYY-MM-DD",
            ),
            ("", "\"\" is not written YYYY, YYYY-MM or YYYY-MM-DD"),
        ] {
            let err = check_date_prefix(bad).unwrap_err();
            assert_eq!(err.to_string(), message, "{bad}");
        }
    }
}
