//! The span of a calendar month in a time zone, as UTC instants.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::calendar::Zone;

/// A month `[start, end)` read in a zone (local midnight of the 1st to local midnight of the 1st
/// of the next month).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mesa::domain::report::MonthSpan;
///
/// let tz = "America/Mexico_City".parse().unwrap();
/// let oct = MonthSpan::new(2026, 10, tz).unwrap();
/// assert_eq!(oct.start, Utc.with_ymd_and_hms(2026, 10, 1, 6, 0, 0).unwrap());
/// assert_eq!(oct.minutes(), 31 * 24 * 60);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MonthSpan {
    pub year: i32,
    pub month: u32,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl MonthSpan {
    /// `None` when the month is not a valid calendar month.
    pub fn new(year: i32, month: u32, zone: Zone) -> Option<MonthSpan> {
        let first = NaiveDate::from_ymd_opt(year, month, 1)?;
        let next = if month == 12 {
            NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)?
        };
        Some(MonthSpan {
            year,
            month,
            start: local_midnight(first, zone)?,
            end: local_midnight(next, zone)?,
        })
    }

    /// `"2026-10"`.
    pub fn label(&self) -> String {
        format!("{:04}-{:02}", self.year, self.month)
    }

    /// Wall-clock minutes in the month (a month with a clock change has an hour more or less).
    pub fn minutes(&self) -> i64 {
        (self.end - self.start).num_minutes()
    }

    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }
}

/// The first instant of a local date. A midnight skipped by a clock change (some zones change
/// at 00:00) is read as the first instant after the gap.
fn local_midnight(date: NaiveDate, zone: Zone) -> Option<DateTime<Utc>> {
    let midnight = date.and_hms_opt(0, 0, 0)?;
    (0..=4).find_map(|half_hours| {
        let local = midnight + Duration::minutes(30 * half_hours);
        zone.earliest(local)
    })
}
