//! Business calendars: weekly open windows (several per day), holidays, an IANA time zone.
//!
//! [`CalendarSpec`] is the data form stored in process profiles; [`Calendar`] is the validated,
//! ready-to-use form that does the business-time arithmetic:
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use mesa::domain::calendar::{Calendar, CalendarSpec, WindowSpec};
//!
//! let weekdays: Vec<String> = ["mon", "tue", "wed", "thu", "fri"].map(String::from).to_vec();
//! let spec = CalendarSpec {
//!     id: "office".into(),
//!     name: "Oficina".into(),
//!     zone: "America/Mexico_City".into(),
//!     always_open: false,
//!     windows: vec![
//!         WindowSpec { days: weekdays.clone(), start: "09:00".into(), end: "14:00".into() },
//!         WindowSpec { days: weekdays, start: "16:00".into(), end: "19:00".into() },
//!     ],
//!     holidays: vec![],
//!     yearly_holidays: vec![],
//! };
//! let cal = Calendar::from_spec(&spec)?;
//! // Friday 2026-10-16 13:50 in Mexico City (UTC-6) is 19:50 UTC.
//! let reported = Utc.with_ymd_and_hms(2026, 10, 16, 19, 50, 0).unwrap();
//! let due = cal.add_business(reported, Duration::minutes(30));
//! // 10 minutes before the 14:00 close, 20 after the 16:00 opening: Friday 16:20 local.
//! assert_eq!(due, Some(Utc.with_ymd_and_hms(2026, 10, 16, 22, 20, 0).unwrap()));
//! # Ok::<(), mesa::domain::calendar::CalendarError>(())
//! ```
//!
//! # Decisions
//!
//! - **Windows are half-open** `[start, end)`: a calendar open 09:00–14:00 is open at 09:00 and
//!   closed at 14:00. A deadline may still fall exactly on 14:00 (the end of open time).
//! - **Zero duration**: `add_business(t, 0)` is `t` when the calendar is open at `t`, else the
//!   next opening (the same as [`Calendar::next_opening`]). Negative durations count as zero.
//! - **Clock changes**: a local wall-clock time is read as the first instant the clock shows it.
//!   A time skipped when clocks go forward is read as the first instant after the gap, so a
//!   window starting in the skipped hour starts when the clock jumps (and a window lying wholly
//!   in the gap is empty). A time shown twice when clocks go back is read as its first
//!   occurrence, so every window stays one continuous stretch of real time (a window that spans
//!   the repeated hour lasts an hour longer). Offsets come from a per-zone table of changes
//!   generated from chrono-tz at build time ([`Zone`], `offsets.rs`), so a day costs integer
//!   arithmetic.
//! - **No open time**: [`Calendar::add_business`] and [`Calendar::next_opening`] return `None`
//!   when they meet more than [`SEARCH_HORIZON_DAYS`] (about ten years) of consecutive closed
//!   days, so a calendar with no windows, or with years of holidays, never hangs.
//! - **Supported span**: calendars with windows are defined for local dates from 1900-01-01 to
//!   2199-12-31 and count as closed outside it (this bounds every walk). A 24×7 calendar has no
//!   such bound.

mod error;
pub mod ics;
mod offsets;
mod parse;
mod tzdata;
mod walk;
mod zone;
#[cfg(test)]
mod zone_tests;
pub mod zones;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

pub use error::CalendarError;
pub use parse::parse_month_day;
use walk::{dur_to_ns, ns_to_dur, ns_to_time, time_to_ns, Walk, NS};
pub use zone::{UnknownZone, Zone};

/// How many consecutive closed days [`Calendar::add_business`] and [`Calendar::next_opening`]
/// walk through before they give up and return `None` (3660 days, about ten years).
pub const SEARCH_HORIZON_DAYS: i64 = 3660;

/// A business calendar as written in a profile.
///
/// ```json
/// { "id": "office", "name": "Oficina", "zone": "America/Mexico_City",
///   "windows": [ { "days": ["mon","tue","wed","thu","fri"], "start": "09:00", "end": "14:00" },
///                { "days": ["mon","tue","wed","thu","fri"], "start": "16:00", "end": "19:00" } ],
///   "holidays": ["2026-04-03"], "yearly_holidays": ["01-01", "12-25"] }
/// ```
/// A calendar with `"always_open": true` is 24×7 (windows and holidays are then ignored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarSpec {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// IANA zone name, e.g. "America/Guayaquil".
    pub zone: String,
    #[serde(default)]
    pub always_open: bool,
    #[serde(default)]
    pub windows: Vec<WindowSpec>,
    /// Local dates (YYYY-MM-DD) on which the calendar is closed all day.
    #[serde(default)]
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub holidays: Vec<chrono::NaiveDate>,
    /// Days closed every year, as month and day ("MM-DD", e.g. "12-25"; "02-29" only in leap
    /// years): the holidays whose date never moves.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub yearly_holidays: Vec<String>,
}

/// One weekly open window: the listed weekdays ("mon".."sun"), from `start` to `end` local time
/// ("HH:MM"; `end` may be "24:00").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowSpec {
    pub days: Vec<String>,
    pub start: String,
    pub end: String,
}

/// A validated business calendar: open windows per weekday (merged where they overlap),
/// holidays as local dates, and the IANA zone they are read in.
///
/// Build it with [`Calendar::from_spec`] or [`Calendar::always_open`]. All instants are UTC;
/// arithmetic keeps full (nanosecond) precision.
#[derive(Clone, PartialEq, Eq)]
pub struct Calendar {
    zone: Zone,
    /// The zone's table of UTC offset changes.
    offsets: &'static offsets::ZoneOffsets,
    always_open: bool,
    /// Open ranges per weekday (index 0 = Monday), in seconds from local midnight, `[start,
    /// end)` with `end <= 86_400`; sorted, merged, never empty ranges.
    week: [Vec<(u32, u32)>; 7],
    /// Open seconds in a whole week with no clock change and no holiday.
    week_secs: i64,
    /// Holidays as local day numbers (days since 1970-01-01), sorted, without duplicates.
    holidays: Vec<i64>,
}

impl std::fmt::Debug for Calendar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Calendar")
            .field("zone", &self.zone())
            .field("always_open", &self.always_open)
            .field("week", &self.week)
            .field("holidays", &self.holidays)
            .finish()
    }
}

impl Calendar {
    /// Validates a profile's calendar. Errors name the field and the problem, e.g.
    /// `windows[1].start: "25:00" is not a time HH:MM`. Never panics.
    ///
    /// ```
    /// use mesa::domain::calendar::{Calendar, CalendarSpec};
    ///
    /// let spec: CalendarSpec = serde_json::from_str(
    ///     r#"{"id": "x", "zone": "America/Quito2", "always_open": true}"#,
    /// ).unwrap();
    /// let err = Calendar::from_spec(&spec).unwrap_err();
    /// assert_eq!(err.to_string(), r#"zone: "America/Quito2" is not a known IANA zone"#);
    /// ```
    pub fn from_spec(spec: &CalendarSpec) -> Result<Calendar, CalendarError> {
        parse::from_spec(spec)
    }

    /// A calendar open 24 hours a day, 7 days a week, with no holidays.
    ///
    /// ```
    /// use chrono::{Duration, TimeZone, Utc};
    /// use mesa::domain::calendar::Calendar;
    ///
    /// let cal = Calendar::always_open("America/Guayaquil".parse().unwrap());
    /// let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    /// assert_eq!(cal.add_business(t, Duration::hours(30)), Some(t + Duration::hours(30)));
    /// ```
    pub fn always_open(zone: Zone) -> Calendar {
        Calendar::new(zone, true, Default::default(), Vec::new())
    }

    fn new(zone: Zone, always_open: bool, week: [Vec<(u32, u32)>; 7], holidays: Vec<i64>) -> Self {
        let week_secs = week.iter().flatten().map(|&(s, e)| i64::from(e - s)).sum();
        Calendar {
            zone,
            offsets: zone.offsets(),
            always_open,
            week,
            week_secs,
            holidays,
        }
    }

    /// The IANA zone the windows and holidays are read in.
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// Whether this is a 24×7 calendar.
    pub fn is_always_open(&self) -> bool {
        self.always_open
    }

    /// Whether the calendar is open at `t` (window starts are open, window ends are closed).
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use mesa::domain::calendar::{Calendar, Zone};
    ///
    /// assert!(Calendar::always_open(Zone::UTC).is_open(Utc.timestamp_opt(0, 0).unwrap()));
    /// ```
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        if self.always_open {
            return true;
        }
        let tn = time_to_ns(t);
        let secs = t.timestamp();
        Walk::new(self, secs, secs.saturating_add(1), i64::MAX)
            .find(|&(_, e)| i128::from(e) * NS > tn)
            .is_some_and(|(s, _)| i128::from(s) * NS <= tn)
    }

    /// The first instant at or after `t` at which the calendar is open (`t` itself when open).
    ///
    /// `None` when there is no opening within [`SEARCH_HORIZON_DAYS`] of closed days (a
    /// calendar with no windows, or years of holidays) or past the supported span.
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use mesa::domain::calendar::{Calendar, CalendarSpec};
    ///
    /// let closed = CalendarSpec {
    ///     id: "closed".into(), name: String::new(), zone: "UTC".into(),
    ///     always_open: false, windows: vec![], holidays: vec![], yearly_holidays: vec![],
    /// };
    /// let cal = Calendar::from_spec(&closed).unwrap();
    /// assert_eq!(cal.next_opening(Utc.timestamp_opt(0, 0).unwrap()), None);
    /// ```
    pub fn next_opening(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.add_business(t, Duration::zero())
    }

    /// The instant at which `d` of open time has elapsed, counting from `start` (or from the
    /// next opening when `start` is closed).
    ///
    /// The result is always open time or exactly the end of a window (a deadline may fall on
    /// the 14:00 close of a 09:00–14:00 window). `d` of zero gives `start` when open, else the
    /// next opening; a negative `d` counts as zero. `None` when the count meets more than
    /// [`SEARCH_HORIZON_DAYS`] consecutive closed days or leaves the supported span.
    ///
    /// ```
    /// use chrono::{Duration, TimeZone, Utc};
    /// use mesa::domain::calendar::{Calendar, CalendarSpec};
    ///
    /// let spec: CalendarSpec = serde_json::from_str(r#"{"id": "o", "zone": "UTC",
    ///     "windows": [{"days": ["mon","tue","wed","thu","fri"], "start": "09:00", "end": "17:00"}]}"#,
    /// ).unwrap();
    /// let cal = Calendar::from_spec(&spec).unwrap();
    /// let friday_4pm = Utc.with_ymd_and_hms(2026, 10, 16, 16, 0, 0).unwrap();
    /// let monday_11am = Utc.with_ymd_and_hms(2026, 10, 19, 11, 0, 0).unwrap();
    /// assert_eq!(cal.add_business(friday_4pm, Duration::hours(3)), Some(monday_11am));
    /// ```
    pub fn add_business(&self, start: DateTime<Utc>, d: Duration) -> Option<DateTime<Utc>> {
        let mut remaining = dur_to_ns(d).max(0);
        let tn = time_to_ns(start);
        if self.always_open {
            return ns_to_time(tn + remaining);
        }
        if self.week.iter().all(Vec::is_empty) {
            return None;
        }
        let mut walk = Walk::new(self, start.timestamp(), i64::MAX, SEARCH_HORIZON_DAYS);
        while let Some((s, e)) = walk.next() {
            let e = i128::from(e) * NS;
            if e <= tn {
                continue;
            }
            let s = (i128::from(s) * NS).max(tn);
            let available = e - s;
            if remaining <= available {
                return ns_to_time(s + remaining);
            }
            remaining -= available;
            remaining -= walk.skip_weeks(remaining);
        }
        None
    }

    /// The open time in `[a, b)`; zero when `b <= a`.
    ///
    /// ```
    /// use chrono::{Duration, TimeZone, Utc};
    /// use mesa::domain::calendar::{Calendar, Zone};
    ///
    /// let cal = Calendar::always_open(Zone::UTC);
    /// let a = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    /// assert_eq!(cal.business_between(a, a + Duration::days(2)), Duration::days(2));
    /// assert_eq!(cal.business_between(a + Duration::days(2), a), Duration::zero());
    /// ```
    pub fn business_between(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> Duration {
        if b <= a {
            return Duration::zero();
        }
        if self.always_open {
            return b - a;
        }
        let (an, bn) = (time_to_ns(a), time_to_ns(b));
        let mut total = 0;
        let mut walk = Walk::new(
            self,
            a.timestamp(),
            b.timestamp().saturating_add(1),
            i64::MAX,
        );
        while let Some((s, e)) = walk.next() {
            let (s, e) = (i128::from(s) * NS, i128::from(e) * NS);
            if s >= bn {
                break;
            }
            total += (e.min(bn) - s.max(an)).max(0);
            // Whole weeks that end before `b` count without being walked.
            total += walk.skip_weeks(i128::MAX);
        }
        ns_to_dur(total)
    }

    /// The open stretches inside `[a, b)`, clipped to it, in order; adjacent and overlapping
    /// windows come merged (a window to 24:00 followed by one from 00:00 is one stretch).
    ///
    /// ```
    /// use chrono::{Duration, TimeZone, Utc};
    /// use mesa::domain::calendar::{Calendar, Zone};
    ///
    /// let cal = Calendar::always_open(Zone::UTC);
    /// let a = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    /// let b = a + Duration::hours(5);
    /// assert_eq!(cal.open_intervals(a, b), vec![(a, b)]);
    /// ```
    pub fn open_intervals(
        &self,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        if b <= a {
            return Vec::new();
        }
        if self.always_open {
            return vec![(a, b)];
        }
        let mut merged: Vec<(i128, i128)> = Vec::new();
        for (s, e) in self.clipped(a, b) {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        merged
            .into_iter()
            .filter_map(|(s, e)| Some((ns_to_time(s)?, ns_to_time(e)?)))
            .collect()
    }

    /// The open intervals clipped to `[a, b)`, in nanoseconds since the epoch (`a < b`).
    fn clipped(
        &self,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
    ) -> impl Iterator<Item = (i128, i128)> + '_ {
        let (an, bn) = (time_to_ns(a), time_to_ns(b));
        let until = b.timestamp().saturating_add(1);
        Walk::new(self, a.timestamp(), until, i64::MAX)
            .map(|(s, e)| (i128::from(s) * NS, i128::from(e) * NS))
            .take_while(move |&(s, _)| s < bn)
            .map(move |(s, e)| (s.max(an), e.min(bn)))
            .filter(|(s, e)| s < e)
    }
}
