//! Validating a [`CalendarSpec`] into a [`Calendar`]: zone, times, weekdays, merged windows.

use super::walk::{day_number, DAY};
use super::{Calendar, CalendarError, CalendarSpec, Zone};

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// The years a yearly holiday is closed in: far beyond any ticket's clocks either way.
const YEARLY_FROM: i32 = 1970;
const YEARLY_TO: i32 = 2199;

/// "MM-DD" to (month, day) when some year has that day ("02-29" does).
pub fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let (m, d) = text.trim().split_once('-')?;
    let two = |s: &str| {
        (s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (month, day) = (two(m)?, two(d)?);
    // 2000 is a leap year: every month and day that exists in some year exists in it.
    chrono::NaiveDate::from_ymd_opt(2000, month, day).map(|_| (month, day))
}

pub(super) fn from_spec(spec: &CalendarSpec) -> Result<Calendar, CalendarError> {
    let zone: Zone = spec.zone.parse().map_err(|_| CalendarError::UnknownZone {
        zone: spec.zone.clone(),
    })?;
    if spec.always_open {
        return Ok(Calendar::always_open(zone));
    }
    let mut week: [Vec<(u32, u32)>; 7] = Default::default();
    for (w, window) in spec.windows.iter().enumerate() {
        let start = parse_hhmm(&window.start).ok_or_else(|| CalendarError::BadStart {
            window: w,
            value: window.start.clone(),
        })?;
        let end = parse_hhmm(&window.end).ok_or_else(|| CalendarError::BadEnd {
            window: w,
            value: window.end.clone(),
        })?;
        if end <= start {
            return Err(CalendarError::EndNotAfterStart {
                window: w,
                start: window.start.clone(),
                end: window.end.clone(),
            });
        }
        if window.days.is_empty() {
            return Err(CalendarError::NoDays { window: w });
        }
        for (d, day) in window.days.iter().enumerate() {
            let index = parse_weekday(day).ok_or_else(|| CalendarError::BadWeekday {
                window: w,
                day: d,
                value: day.clone(),
            })?;
            week[index].push((start, end));
        }
    }
    for ranges in &mut week {
        merge(ranges);
    }
    let mut holidays: Vec<i64> = spec.holidays.iter().map(|&d| day_number(d)).collect();
    for (index, value) in spec.yearly_holidays.iter().enumerate() {
        let (month, day) =
            parse_month_day(value).ok_or_else(|| CalendarError::BadYearlyHoliday {
                index,
                value: value.clone(),
            })?;
        holidays.extend(
            (YEARLY_FROM..=YEARLY_TO)
                .filter_map(|year| chrono::NaiveDate::from_ymd_opt(year, month, day))
                .map(day_number),
        );
    }
    holidays.sort_unstable();
    holidays.dedup();
    Ok(Calendar::new(zone, false, week, holidays))
}

/// "HH:MM" (hour may have one digit) to seconds after midnight; "24:00" is accepted (as an end).
fn parse_hhmm(text: &str) -> Option<u32> {
    let (h, m) = text.trim().split_once(':')?;
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (h, m) = (digits(h, 1..=2)?, digits(m, 2..=2)?);
    let secs = h * 3600 + m * 60;
    (m < 60 && secs <= DAY as u32).then_some(secs)
}

/// "mon".."sun" (any letter case) to 0..=6.
fn parse_weekday(text: &str) -> Option<usize> {
    let text = text.trim();
    WEEKDAYS.iter().position(|w| w.eq_ignore_ascii_case(text))
}

/// Sorts ranges and merges those that overlap or touch.
fn merge(ranges: &mut Vec<(u32, u32)>) {
    ranges.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
    for &(s, e) in ranges.iter() {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    *ranges = merged;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times() {
        assert_eq!(parse_hhmm("09:00"), Some(9 * 3600));
        assert_eq!(parse_hhmm("9:30"), Some(9 * 3600 + 1800));
        assert_eq!(parse_hhmm("24:00"), Some(86_400));
        for bad in [
            "25:00", "24:01", "12:60", "12", "12:5", "ab:cd", "+1:00", "", "123:00",
        ] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }

    #[test]
    fn merges_overlapping_and_touching_ranges() {
        let mut r = vec![(10, 20), (0, 5), (5, 8), (15, 30), (40, 50)];
        merge(&mut r);
        assert_eq!(r, vec![(0, 8), (10, 30), (40, 50)]);
    }
}
