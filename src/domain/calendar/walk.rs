//! Walking a calendar's open intervals forward in time, one local day at a time.
//!
//! The UTC offset comes from the zone's table of changes ([`super::offsets`]); a day with no
//! change costs a few integer operations, and only a day with a change converts each window
//! boundary on its own.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::Calendar;

/// Seconds in a day without a clock change.
pub(super) const DAY: i64 = 86_400;
/// Nanoseconds in a second.
pub(super) const NS: i128 = 1_000_000_000;
/// First supported local day: 1900-01-01, as days since 1970-01-01.
pub(super) const MIN_DAY: i64 = -25_567;
/// First unsupported local day: 2200-01-01, as days since 1970-01-01.
pub(super) const MAX_DAY: i64 = 84_006;

/// Days since 1970-01-01.
pub(super) fn day_number(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp())
        .div_euclid(DAY)
}

pub(super) fn time_to_ns(t: DateTime<Utc>) -> i128 {
    i128::from(t.timestamp()) * NS + i128::from(t.timestamp_subsec_nanos())
}

pub(super) fn ns_to_time(ns: i128) -> Option<DateTime<Utc>> {
    if let Ok(ns) = i64::try_from(ns) {
        // Years 1678..2262: a 64-bit division is much cheaper than a 128-bit one.
        return Some(DateTime::from_timestamp_nanos(ns));
    }
    let secs = i64::try_from(ns.div_euclid(NS)).ok()?;
    let nanos = u32::try_from(ns.rem_euclid(NS)).ok()?;
    DateTime::from_timestamp(secs, nanos)
}

pub(super) fn dur_to_ns(d: Duration) -> i128 {
    i128::from(d.num_seconds()) * NS + i128::from(d.subsec_nanos())
}

pub(super) fn ns_to_dur(ns: i128) -> Duration {
    let secs = i64::try_from(ns.div_euclid(NS)).unwrap_or(i64::MAX);
    let nanos = u32::try_from(ns.rem_euclid(NS)).unwrap_or(0);
    Duration::new(secs, nanos).unwrap_or(Duration::MAX)
}

/// The open intervals of a calendar with windows, in UTC seconds, in order, starting with the
/// local day that contains the starting instant.
///
/// The intervals of one day come merged where they overlap or touch; an interval ending at
/// local 24:00 and the next day's from 00:00 come apart (so a calendar open around the clock
/// still yields one interval per day; callers merge them if they care). The walk stops at the
/// end of the supported span, before a day that begins at or after `until`, and after more
/// than `max_closed` consecutive days without open time.
pub(super) struct Walk<'a> {
    cal: &'a Calendar,
    /// The local day being walked (days since 1970-01-01) and its weekday (0 = Monday).
    day: i64,
    weekday: usize,
    /// UTC instants of this day's local 00:00 and of the next day's.
    m0: i64,
    m1: i64,
    /// Whether the UTC offset is the same all day (window boundaries are then `m0 + secs`).
    steady: bool,
    /// The UTC offset from `m0` on, and an instant until which it holds for sure.
    offset: i64,
    offset_until: i64,
    /// This day's windows (none on a holiday), and the next one to yield.
    windows: &'a [(u32, u32)],
    next: usize,
    /// A merged interval of this day not yet yielded, since a later window may extend it.
    pending: Option<(i64, i64)>,
    /// Index of the first holiday not before `day`.
    holiday: usize,
    closed_run: i64,
    max_closed: i64,
    until: i64,
    done: bool,
}

impl<'a> Walk<'a> {
    pub(super) fn new(cal: &'a Calendar, from: i64, until: i64, max_closed: i64) -> Walk<'a> {
        let day = cal
            .offsets
            .local_of(from)
            .div_euclid(DAY)
            .clamp(MIN_DAY, MAX_DAY);
        let m0 = cal.offsets.to_utc(day * DAY);
        let (offset, offset_until) = cal.offsets.offset_at(m0);
        let mut walk = Walk {
            cal,
            day,
            weekday: (day + 3).rem_euclid(7) as usize, // 1970-01-01 was a Thursday
            m0,
            m1: m0,
            steady: false,
            offset: i64::from(offset),
            offset_until,
            windows: &[],
            next: 0,
            pending: None,
            holiday: cal.holidays.partition_point(|&h| h < day),
            closed_run: 0,
            max_closed,
            until,
            done: false,
        };
        walk.enter();
        walk
    }

    /// Makes `self.day`, whose local midnight is the UTC instant `self.m0`, the day walked.
    fn enter(&mut self) {
        if self.day >= MAX_DAY || self.m0 >= self.until {
            self.done = true;
            return;
        }
        let (l0, l1) = (self.day * DAY, (self.day + 1) * DAY);
        // The offset found at `m0` holds all day: no table look-up needed.
        self.steady = self.m0 + self.offset == l0 && l1 - self.offset < self.offset_until;
        if self.steady {
            self.m1 = l1 - self.offset;
        } else {
            self.m1 = self.cal.offsets.to_utc(l1);
            let (offset, offset_until) = self.cal.offsets.offset_at(self.m1);
            (self.offset, self.offset_until) = (i64::from(offset), offset_until);
        }
        let holidays = &self.cal.holidays;
        while holidays.get(self.holiday).is_some_and(|&h| h < self.day) {
            self.holiday += 1;
        }
        self.windows = if holidays.get(self.holiday) == Some(&self.day) {
            &[]
        } else {
            &self.cal.week[self.weekday]
        };
        self.next = 0;
        if self.windows.is_empty() {
            self.closed_run += 1;
            self.done = self.closed_run > self.max_closed;
        } else {
            self.closed_run = 0;
        }
    }

    /// Once the current day is fully yielded, skips whole weeks whose open time is steady (no
    /// clock change, no holiday), that end before `until`, and whose open time stays below
    /// `budget` nanoseconds in total; returns the open time skipped, in nanoseconds. This is
    /// what keeps long durations cheap.
    pub(super) fn skip_weeks(&mut self, budget: i128) -> i128 {
        let week = i128::from(self.cal.week_secs) * NS;
        if week == 0 || self.done || self.pending.is_some() || self.next < self.windows.len() {
            return 0;
        }
        let mut skipped = 0;
        // The days skipped are day + 1 ..= day + 7, from local midnight `m1` on.
        while skipped + week < budget && self.day + 8 <= MAX_DAY {
            let (first, last) = (self.day + 1, self.day + 7);
            let steady = self.m1 + self.offset == first * DAY
                && (last + 1) * DAY - self.offset < self.offset_until
                && (last + 1) * DAY - self.offset < self.until;
            let holidays = &self.cal.holidays[self.holiday..];
            let holiday = holidays
                .iter()
                .find(|&&h| h >= first)
                .is_some_and(|&h| h <= last);
            if !steady || holiday {
                break;
            }
            self.day += 7;
            self.m1 += 7 * DAY;
            self.closed_run = 0;
            skipped += week;
        }
        skipped
    }

    /// The UTC instant of `secs` after this day's local midnight.
    fn boundary(&self, secs: u32) -> i64 {
        let secs = i64::from(secs);
        if self.steady {
            return self.m0 + secs;
        }
        match secs {
            0 => self.m0,
            DAY => self.m1,
            _ => self
                .cal
                .offsets
                .to_utc(self.day * DAY + secs)
                .max(self.m0)
                .min(self.m1),
        }
    }
}

impl Iterator for Walk<'_> {
    type Item = (i64, i64);

    fn next(&mut self) -> Option<(i64, i64)> {
        loop {
            if self.done {
                return self.pending.take();
            }
            if let Some(&(s, e)) = self.windows.get(self.next) {
                self.next += 1;
                let (s, e) = (self.boundary(s), self.boundary(e));
                if e <= s {
                    continue; // the window lies wholly in a skipped hour
                }
                match self.pending {
                    Some((ps, pe)) if s <= pe => self.pending = Some((ps, pe.max(e))),
                    Some(done) => {
                        self.pending = Some((s, e));
                        return Some(done);
                    }
                    None => self.pending = Some((s, e)),
                }
                continue;
            }
            if let Some(p) = self.pending.take() {
                return Some(p);
            }
            self.day += 1;
            self.weekday = if self.weekday == 6 {
                0
            } else {
                self.weekday + 1
            };
            self.m0 = self.m1;
            self.enter();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn supported_span_constants_match_their_dates() {
        let date = |y| NaiveDate::from_ymd_opt(y, 1, 1).map(day_number);
        assert_eq!(date(1900), Some(MIN_DAY));
        assert_eq!(date(2200), Some(MAX_DAY));
        assert_eq!(date(1970), Some(0));
    }

    #[test]
    fn skipped_local_time_maps_to_the_end_of_the_gap() {
        // Toronto, 2026-03-08: 02:00 EST jumps to 03:00 EDT (07:00 UTC).
        let local = |h: i64| day_number(NaiveDate::from_ymd_opt(2026, 3, 8).unwrap()) * DAY + h;
        let zone = "America/Toronto"
            .parse::<super::super::Zone>()
            .unwrap()
            .offsets();
        let transition = Utc
            .with_ymd_and_hms(2026, 3, 8, 7, 0, 0)
            .unwrap()
            .timestamp();
        assert_eq!(zone.to_utc(local(2 * 3600 + 1800)), transition);
        assert_eq!(zone.to_utc(local(3 * 3600)), transition);
        assert_eq!(zone.to_utc(local(3600)), transition - 3600);
    }

    #[test]
    fn repeated_local_time_maps_to_its_first_occurrence() {
        // New York, 2026-11-01: 02:00 EDT goes back to 01:00 EST (06:00 UTC).
        let local = day_number(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap()) * DAY + 5400;
        let first = Utc
            .with_ymd_and_hms(2026, 11, 1, 5, 30, 0)
            .unwrap()
            .timestamp();
        let zone = "America/New_York"
            .parse::<super::super::Zone>()
            .unwrap()
            .offsets();
        assert_eq!(zone.to_utc(local), first);
    }
}
