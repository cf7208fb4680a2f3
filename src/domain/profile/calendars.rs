//! Checks of the calendars a profile declares. The [`CalendarSpec`] type itself lives in
//! `domain::calendar`; since it accepts unknown fields, typos in its keys are caught here from
//! the raw JSON.

use super::check::Report;
use super::ProfileError;
use crate::domain::calendar::{zones, CalendarSpec, WindowSpec, Zone};

const CALENDAR_KEYS: &[&str] = &[
    "id",
    "name",
    "zone",
    "always_open",
    "windows",
    "holidays",
    "yearly_holidays",
];
const WINDOW_KEYS: &[&str] = &["days", "start", "end"];
pub(super) const DAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

pub(super) fn check(path: &str, cal: &CalendarSpec, r: &mut Report) {
    if cal.zone.is_empty() {
        r.push(
            &format!("{path}.zone"),
            "is required (an IANA zone such as \"America/Mexico_City\")",
        );
    } else if zones::is_left_out(&cal.zone) {
        r.push(&format!("{path}.zone"), zones::left_out_message(&cal.zone));
    } else if cal.zone.parse::<Zone>().is_err() {
        r.push(
            &format!("{path}.zone"),
            format!("{:?} is not a known IANA time zone", cal.zone),
        );
    }
    if !cal.always_open && cal.windows.is_empty() {
        r.push(
            &format!("{path}.windows"),
            "a calendar that is not always_open needs at least one window",
        );
    }
    for (i, w) in cal.windows.iter().enumerate() {
        check_window(&format!("{path}.windows[{i}]"), w, r);
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, day) in cal.holidays.iter().enumerate() {
        if !seen.insert(day) {
            r.push(
                &format!("{path}.holidays[{i}]"),
                format!("{day} is listed twice"),
            );
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for (i, day) in cal.yearly_holidays.iter().enumerate() {
        let at = format!("{path}.yearly_holidays[{i}]");
        match crate::domain::calendar::parse_month_day(day) {
            None => r.push(&at, format!("{day:?} is not a month and day MM-DD")),
            Some(md) if !seen.insert(md) => r.push(&at, format!("{day} is listed twice")),
            Some(_) => {}
        }
    }
}

fn check_window(path: &str, w: &WindowSpec, r: &mut Report) {
    if w.days.is_empty() {
        r.push(
            &format!("{path}.days"),
            "must list at least one day (\"mon\"..\"sun\")",
        );
    }
    for (i, day) in w.days.iter().enumerate() {
        if !DAYS.contains(&day.as_str()) {
            r.push(
                &format!("{path}.days[{i}]"),
                format!("{day:?} is not a day (use \"mon\"..\"sun\")"),
            );
        }
    }
    let start = minutes_of(&w.start, false);
    let end = minutes_of(&w.end, true);
    if start.is_none() {
        r.push(
            &format!("{path}.start"),
            format!(
                "{:?} is not a time of day \"HH:MM\" (00:00..23:59)",
                w.start
            ),
        );
    }
    if end.is_none() {
        r.push(
            &format!("{path}.end"),
            format!("{:?} is not a time of day \"HH:MM\" (00:00..24:00)", w.end),
        );
    }
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            r.push(
                &format!("{path}.end"),
                format!("{} must be after start {}", w.end, w.start),
            );
        }
    }
}

/// Minutes since midnight of a strict "HH:MM"; "24:00" only when `allow_24` is set.
pub(super) fn minutes_of(s: &str, allow_24: bool) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() != 5
        || b[2] != b':'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 2 || c.is_ascii_digit())
    {
        return None;
    }
    let h = u32::from(b[0] - b'0') * 10 + u32::from(b[1] - b'0');
    let m = u32::from(b[3] - b'0') * 10 + u32::from(b[4] - b'0');
    match (h, m) {
        (24, 0) if allow_24 => Some(24 * 60),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// Unknown keys inside `calendars[i]` and `calendars[i].windows[j]` (typos the calendar type
/// itself lets through).
pub(super) fn unknown_fields(text: &str) -> Vec<ProfileError> {
    let mut errors = Vec::new();
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return errors;
    };
    let Some(cals) = value.get("calendars").and_then(|c| c.as_array()) else {
        return errors;
    };
    let mut unknown = |path: String, obj: &serde_json::Value, known: &[&str]| {
        for key in obj.as_object().into_iter().flat_map(|o| o.keys()) {
            if !known.contains(&key.as_str()) {
                let expected = known.join(", ");
                errors.push(ProfileError::new(
                    format!("{path}.{key}"),
                    format!("unknown field {key:?}, expected one of: {expected}"),
                ));
            }
        }
    };
    for (i, cal) in cals.iter().enumerate() {
        unknown(format!("calendars[{i}]"), cal, CALENDAR_KEYS);
        let windows = cal.get("windows").and_then(|w| w.as_array());
        for (j, w) in windows.into_iter().flatten().enumerate() {
            unknown(format!("calendars[{i}].windows[{j}]"), w, WINDOW_KEYS);
        }
    }
    errors
}
