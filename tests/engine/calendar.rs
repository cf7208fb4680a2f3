//! Hand-worked business-calendar scenarios: the P1 and P4 calendars, 24×7, holidays, clock
//! changes, calendars with no open time, and the error messages of bad specs.

use chrono::{DateTime, Duration, TimeZone, Utc};
use chrono_tz::Tz;
use mesa::domain::calendar::{Calendar, CalendarError, CalendarSpec, Zone};

fn spec(json: &str) -> CalendarSpec {
    serde_json::from_str(json).expect("test spec is valid JSON")
}

fn calendar(json: &str) -> Calendar {
    Calendar::from_spec(&spec(json)).expect("test calendar is valid")
}

/// The UTC instant of a local wall-clock time that exists exactly once.
fn local(zone: Tz, (y, mo, d): (i32, u32, u32), h: u32, mi: u32) -> DateTime<Utc> {
    zone.with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("unambiguous local time")
        .with_timezone(&Utc)
}

fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

const MX: Tz = chrono_tz::America::Mexico_City;
const FRI: (i32, u32, u32) = (2026, 10, 16);
const SAT: (i32, u32, u32) = (2026, 10, 17);
const MON: (i32, u32, u32) = (2026, 10, 19);
const TUE: (i32, u32, u32) = (2026, 10, 20);

fn p1(holidays: &str) -> Calendar {
    calendar(&format!(
        r#"{{"id": "p1", "name": "SIPO", "zone": "America/Mexico_City",
            "windows": [{{"days": ["mon","tue","wed","thu","fri"], "start": "09:00", "end": "14:00"}},
                        {{"days": ["mon","tue","wed","thu","fri"], "start": "16:00", "end": "19:00"}}],
            "holidays": [{holidays}]}}"#
    ))
}

fn p4() -> Calendar {
    calendar(
        r#"{"id": "p4", "zone": "America/Mexico_City",
            "windows": [{"days": ["mon","tue","wed","thu","fri"], "start": "06:00", "end": "21:00"},
                        {"days": ["sat","sun"], "start": "07:00", "end": "17:00"}]}"#,
    )
}

#[test]
fn p1_thirty_minutes_from_friday_1350_ends_friday_1620() {
    let due = p1("").add_business(local(MX, FRI, 13, 50), Duration::minutes(30));
    assert_eq!(due, Some(local(MX, FRI, 16, 20)));
}

#[test]
fn p1_six_hours_from_friday_1350_ends_monday_1150() {
    let cal = p1("");
    let start = local(MX, FRI, 13, 50);
    assert_eq!(
        cal.add_business(start, Duration::hours(6)),
        Some(local(MX, MON, 11, 50))
    );
    assert_eq!(
        cal.business_between(start, local(MX, MON, 11, 50)),
        Duration::hours(6)
    );
    assert_eq!(
        cal.open_intervals(start, local(MX, MON, 11, 50)),
        vec![
            (start, local(MX, FRI, 14, 0)),
            (local(MX, FRI, 16, 0), local(MX, FRI, 19, 0)),
            (local(MX, MON, 9, 0), local(MX, MON, 11, 50)),
        ]
    );
}

#[test]
fn p1_deadline_may_fall_exactly_on_a_window_end() {
    let cal = p1("");
    let due = cal.add_business(local(MX, FRI, 13, 50), Duration::minutes(10));
    assert_eq!(due, Some(local(MX, FRI, 14, 0)));
    let due = cal.add_business(local(MX, FRI, 13, 50), Duration::minutes(190));
    assert_eq!(due, Some(local(MX, FRI, 19, 0)));
}

#[test]
fn p1_zero_duration_is_start_when_open_else_next_opening() {
    let cal = p1("");
    let open = local(MX, FRI, 13, 50);
    assert_eq!(cal.add_business(open, Duration::zero()), Some(open));
    assert_eq!(
        cal.add_business(local(MX, FRI, 14, 0), Duration::zero()),
        Some(local(MX, FRI, 16, 0))
    );
    assert_eq!(
        cal.next_opening(local(MX, FRI, 19, 0)),
        Some(local(MX, MON, 9, 0))
    );
    assert_eq!(cal.next_opening(open), Some(open));
    assert_eq!(cal.add_business(open, Duration::minutes(-5)), Some(open));
}

#[test]
fn p1_is_open_at_window_starts_and_closed_at_window_ends() {
    let cal = p1("");
    assert!(cal.is_open(local(MX, FRI, 9, 0)));
    assert!(cal.is_open(local(MX, FRI, 13, 59)));
    assert!(!cal.is_open(local(MX, FRI, 14, 0)));
    assert!(!cal.is_open(local(MX, FRI, 8, 59)));
    assert!(cal.is_open(local(MX, FRI, 16, 0)));
    assert!(!cal.is_open(local(MX, FRI, 19, 0)));
    assert!(!cal.is_open(local(MX, SAT, 10, 0)));
    assert!(!cal.is_open(local(MX, FRI, 14, 0) - Duration::nanoseconds(-1)));
    assert!(cal.is_open(local(MX, FRI, 14, 0) - Duration::nanoseconds(1)));
}

#[test]
fn p1_start_outside_windows_counts_from_the_next_opening() {
    let cal = p1("");
    let due = cal.add_business(local(MX, SAT, 12, 0), Duration::hours(1));
    assert_eq!(due, Some(local(MX, MON, 10, 0)));
}

#[test]
fn p1_holiday_skips_a_whole_day() {
    let cal = p1(r#""2026-10-19""#);
    let due = cal.add_business(local(MX, FRI, 13, 50), Duration::hours(6));
    assert_eq!(due, Some(local(MX, TUE, 11, 50)));
    assert!(!cal.is_open(local(MX, MON, 10, 0)));
    assert_eq!(
        cal.business_between(local(MX, MON, 0, 0), local(MX, TUE, 0, 0)),
        Duration::zero()
    );
}

#[test]
fn sub_second_precision_is_kept() {
    let cal = p1("");
    let start = local(MX, FRI, 13, 50) + Duration::milliseconds(123) + Duration::nanoseconds(7);
    let d = Duration::minutes(30) + Duration::milliseconds(5);
    let due = cal.add_business(start, d).unwrap();
    assert_eq!(
        due,
        local(MX, FRI, 16, 20) + Duration::milliseconds(128) + Duration::nanoseconds(7)
    );
    assert_eq!(cal.business_between(start, due), d);
}

#[test]
fn p4_weekend_hours() {
    let cal = p4();
    // Saturday 16:00 + 3 h: 1 h until 17:00, then Sunday 07:00 + 2 h.
    let due = cal.add_business(local(MX, SAT, 16, 0), Duration::hours(3));
    assert_eq!(due, Some(local(MX, (2026, 10, 18), 9, 0)));
    // Friday 20:00 + 2 h: 1 h until 21:00, then Saturday 07:00 + 1 h.
    let due = cal.add_business(local(MX, FRI, 20, 0), Duration::hours(2));
    assert_eq!(due, Some(local(MX, SAT, 8, 0)));
    // A whole week holds 5 × 15 h + 2 × 10 h.
    let week = cal.business_between(local(MX, MON, 0, 0), local(MX, (2026, 10, 26), 0, 0));
    assert_eq!(week, Duration::hours(95));
}

#[test]
fn always_open_counts_wall_time_even_across_clock_changes() {
    let santiago: Zone = "America/Santiago".parse().unwrap();
    let cal = Calendar::always_open(santiago);
    assert_eq!(cal.zone(), santiago);
    assert_eq!(cal.zone().name(), "America/Santiago");
    assert!(cal.is_always_open());
    let start = utc(2026, 4, 4, 12, 0);
    assert!(cal.is_open(start));
    assert_eq!(
        cal.add_business(start, Duration::hours(24)),
        Some(utc(2026, 4, 5, 12, 0))
    );
    assert_eq!(
        cal.business_between(start, utc(2026, 4, 5, 12, 0)),
        Duration::hours(24)
    );
    assert_eq!(cal.next_opening(start), Some(start));
}

#[test]
fn spec_always_open_ignores_windows_and_holidays() {
    let cal = calendar(
        r#"{"id": "p2", "zone": "America/Guayaquil", "always_open": true,
            "windows": [{"days": ["xx"], "start": "99:00", "end": "10:00"}],
            "holidays": ["2026-12-25"]}"#,
    );
    assert!(cal.is_open(utc(2026, 12, 25, 12, 0)));
}

#[test]
fn overlapping_windows_are_merged() {
    let cal = calendar(
        r#"{"id": "o", "zone": "UTC",
            "windows": [{"days": ["mon"], "start": "09:00", "end": "12:00"},
                        {"days": ["mon"], "start": "11:00", "end": "14:00"},
                        {"days": ["mon"], "start": "10:00", "end": "10:30"}]}"#,
    );
    let (a, b) = (utc(2026, 10, 19, 0, 0), utc(2026, 10, 20, 0, 0));
    assert_eq!(
        cal.open_intervals(a, b),
        vec![(utc(2026, 10, 19, 9, 0), utc(2026, 10, 19, 14, 0))]
    );
    assert_eq!(cal.business_between(a, b), Duration::hours(5));
}

#[test]
fn windows_to_24_00_join_the_next_day_from_00_00() {
    let cal = calendar(
        r#"{"id": "o", "zone": "America/Toronto",
            "windows": [{"days": ["fri", "sat"], "start": "00:00", "end": "24:00"}]}"#,
    );
    let tz = chrono_tz::America::Toronto;
    let (fri, sun) = (local(tz, FRI, 0, 0), local(tz, (2026, 10, 18), 0, 0));
    assert_eq!(
        cal.open_intervals(fri - Duration::days(1), sun + Duration::days(1)),
        vec![(fri, sun)]
    );
    // A deadline at the end of Saturday is the end of open time, not Monday.
    assert_eq!(cal.add_business(fri, Duration::hours(48)), Some(sun));
}

#[test]
fn toronto_spring_forward_day_has_23_hours_and_skipped_starts_at_the_jump() {
    let tz = chrono_tz::America::Toronto;
    let cal = calendar(
        r#"{"id": "t", "zone": "America/Toronto",
            "windows": [{"days": ["sun"], "start": "00:00", "end": "24:00"}]}"#,
    );
    let sunday = (2026, 3, 8);
    let (a, b) = (local(tz, sunday, 0, 0), local(tz, (2026, 3, 9), 0, 0));
    assert_eq!(cal.business_between(a, b), Duration::hours(23));

    // 02:00–04:00 starts at the jump (03:00 EDT = 07:00 UTC).
    let cal = calendar(
        r#"{"id": "t", "zone": "America/Toronto",
            "windows": [{"days": ["sun"], "start": "02:00", "end": "04:00"}]}"#,
    );
    assert_eq!(
        cal.open_intervals(a, b),
        vec![(utc(2026, 3, 8, 7, 0), utc(2026, 3, 8, 8, 0))]
    );
    assert_eq!(cal.next_opening(a), Some(utc(2026, 3, 8, 7, 0)));
    assert!(!cal.is_open(utc(2026, 3, 8, 6, 59)));
    // 02:15–02:45 never happens that Sunday: the next opening is a week later.
    let cal = calendar(
        r#"{"id": "t", "zone": "America/Toronto",
            "windows": [{"days": ["sun"], "start": "02:15", "end": "02:45"}]}"#,
    );
    assert!(cal.open_intervals(a, b).is_empty());
    assert_eq!(cal.next_opening(a), Some(local(tz, (2026, 3, 15), 2, 15)));
}

#[test]
fn new_york_fall_back_day_has_25_hours_and_repeated_times_read_first() {
    let tz = chrono_tz::America::New_York;
    let cal = calendar(
        r#"{"id": "n", "zone": "America/New_York",
            "windows": [{"days": ["sun"], "start": "00:00", "end": "24:00"}]}"#,
    );
    let (a, b) = (
        local(tz, (2026, 11, 1), 0, 0),
        local(tz, (2026, 11, 2), 0, 0),
    );
    assert_eq!(cal.business_between(a, b), Duration::hours(25));
    // On the fall-back Sunday, a 01:30–02:30 window runs from 01:30 EDT to 02:30 EST: 2 h.
    let cal = calendar(
        r#"{"id": "n", "zone": "America/New_York",
            "windows": [{"days": ["sun"], "start": "01:30", "end": "02:30"}]}"#,
    );
    assert_eq!(
        cal.open_intervals(a, b),
        vec![(utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 7, 30))]
    );
}

#[test]
fn santiago_clock_changes_at_midnight() {
    // 2026-04-05 00:00 -03 goes back to 2026-04-04 23:00 -04: Saturday 23:00–24:00 lasts 2 h.
    let cal = calendar(
        r#"{"id": "s", "zone": "America/Santiago",
            "windows": [{"days": ["sat"], "start": "23:00", "end": "24:00"},
                        {"days": ["sun"], "start": "00:00", "end": "02:00"}]}"#,
    );
    let (a, b) = (utc(2026, 4, 4, 0, 0), utc(2026, 4, 6, 0, 0));
    assert_eq!(
        cal.open_intervals(a, b),
        vec![(utc(2026, 4, 5, 2, 0), utc(2026, 4, 5, 6, 0))]
    );
    assert!(cal.is_open(utc(2026, 4, 5, 3, 30)));
    // 2026-09-06 00:00 -04 jumps to 01:00 -03 (04:00 UTC): Sunday 00:00–02:00 lasts 1 h.
    let (a, b) = (utc(2026, 9, 5, 0, 0), utc(2026, 9, 7, 0, 0));
    // Saturday 23:00 -04 (03:00 UTC) runs on into Sunday: 1 h + 1 h in one stretch.
    assert_eq!(
        cal.open_intervals(a, b),
        vec![(utc(2026, 9, 6, 3, 0), utc(2026, 9, 6, 5, 0))]
    );
    assert_eq!(cal.business_between(a, b), Duration::hours(2));
}

#[test]
fn calendar_with_no_windows_has_no_opening() {
    let cal = calendar(r#"{"id": "c", "zone": "UTC"}"#);
    let t = utc(2026, 1, 1, 0, 0);
    assert_eq!(cal.next_opening(t), None);
    assert_eq!(cal.add_business(t, Duration::hours(1)), None);
    assert_eq!(cal.add_business(t, Duration::zero()), None);
    assert!(!cal.is_open(t));
    assert_eq!(
        cal.business_between(t, t + Duration::days(400)),
        Duration::zero()
    );
    assert!(cal.open_intervals(t, t + Duration::days(400)).is_empty());
}

#[test]
fn years_of_holidays_give_up_after_the_search_horizon() {
    let days = |from: &str, n: i64| -> String {
        let first: chrono::NaiveDate = from.parse().unwrap();
        (0..n)
            .map(|i| format!("\"{}\"", first + Duration::days(i)))
            .collect::<Vec<_>>()
            .join(",")
    };
    let every_day = |holidays: String| {
        calendar(&format!(
            r#"{{"id": "h", "zone": "America/Toronto",
                "windows": [{{"days": ["mon","tue","wed","thu","fri","sat","sun"],
                              "start": "09:00", "end": "17:00"}}],
                "holidays": [{holidays}]}}"#
        ))
    };
    let t = utc(2026, 1, 1, 0, 0);
    // Eleven years of holidays: no opening within the ten-year horizon.
    let cal = every_day(days("2026-01-01", 11 * 366));
    assert_eq!(cal.next_opening(t), None);
    assert_eq!(cal.add_business(t, Duration::minutes(1)), None);
    // Five years of holidays: the calendar opens again on 2031-01-01 (UTC-5 in winter).
    let cal = every_day(days("2026-01-01", 5 * 365 + 1));
    assert_eq!(cal.next_opening(t), Some(utc(2031, 1, 1, 14, 0)));
}

#[test]
fn instants_outside_the_supported_span_are_closed_and_never_hang() {
    let cal = p1("");
    assert!(!cal.is_open(DateTime::<Utc>::MIN_UTC));
    assert!(!cal.is_open(DateTime::<Utc>::MAX_UTC));
    assert_eq!(cal.next_opening(DateTime::<Utc>::MAX_UTC), None);
    assert_eq!(cal.add_business(utc(2026, 1, 1, 0, 0), Duration::MAX), None);
    let all = cal.business_between(DateTime::<Utc>::MIN_UTC, DateTime::<Utc>::MAX_UTC);
    // 1900..2200 holds about 300 × 52 weeks of 40 hours; nothing is counted outside it.
    assert!(
        all > Duration::hours(600_000) && all < Duration::hours(630_000),
        "{all}"
    );
    let first = cal.next_opening(DateTime::<Utc>::MIN_UTC);
    assert_eq!(first, Some(local(MX, (1900, 1, 1), 9, 0)));
}

#[test]
fn bad_specs_name_the_field_and_the_problem() {
    let error = |json: &str| Calendar::from_spec(&spec(json)).unwrap_err();
    let cases = [
        (
            r#"{"id": "x", "zone": "America/Quito2"}"#,
            r#"zone: "America/Quito2" is not a known IANA zone"#,
        ),
        (
            r#"{"id": "x", "zone": "UTC", "windows": [
                {"days": ["mon"], "start": "09:00", "end": "10:00"},
                {"days": ["mon"], "start": "25:00", "end": "26:00"}]}"#,
            r#"windows[1].start: "25:00" is not a time HH:MM"#,
        ),
        (
            r#"{"id": "x", "zone": "UTC", "windows": [
                {"days": ["mon"], "start": "09:00", "end": "24:30"}]}"#,
            r#"windows[0].end: "24:30" is not a time HH:MM"#,
        ),
        (
            r#"{"id": "x", "zone": "UTC", "windows": [
                {"days": ["mon", "tue", "lun"], "start": "09:00", "end": "10:00"}]}"#,
            r#"windows[0].days[2]: "lun" is not a weekday (mon..sun)"#,
        ),
        (
            r#"{"id": "x", "zone": "UTC", "windows": [
                {"days": ["mon"], "start": "14:00", "end": "09:00"}]}"#,
            r#"windows[0].end: "09:00" is not after start "14:00" (a window cannot cross midnight; split it at 24:00)"#,
        ),
        (
            r#"{"id": "x", "zone": "UTC", "windows": [
                {"days": [], "start": "09:00", "end": "10:00"}]}"#,
            "windows[0].days: is empty; a window needs at least one weekday",
        ),
    ];
    for (json, message) in cases {
        assert_eq!(error(json).to_string(), message);
    }
    assert_eq!(
        error(r#"{"id": "x", "zone": "America/Quito2"}"#),
        CalendarError::UnknownZone {
            zone: "America/Quito2".into()
        }
    );
    let boxed: Box<dyn std::error::Error> = Box::new(error(r#"{"id": "x", "zone": ""}"#));
    assert_eq!(boxed.to_string(), r#"zone: "" is not a known IANA zone"#);
}

#[test]
fn spec_json_shape_is_unchanged() {
    let s = spec(
        r#"{"id": "office", "name": "Oficina", "zone": "America/Mexico_City",
            "windows": [{"days": ["mon"], "start": "09:00", "end": "14:00"}],
            "holidays": ["2026-12-25"]}"#,
    );
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"id": "office", "name": "Oficina", "zone": "America/Mexico_City",
            "always_open": false,
            "windows": [{"days": ["mon"], "start": "09:00", "end": "14:00"}],
            "holidays": ["2026-12-25"]})
    );
}

#[test]
fn a_yearly_holiday_closes_its_day_every_year_and_the_29th_of_february_only_in_leap_years() {
    let cal = calendar(
        r#"{"id": "c", "zone": "UTC", "windows": [{"days": ["mon","tue","wed","thu","fri","sat","sun"], "start": "09:00", "end": "17:00"}],
            "yearly_holidays": ["12-25", "02-29"]}"#,
    );
    for year in [2026, 2031, 2099] {
        assert!(!cal.is_open(utc(year, 12, 25, 12, 0)), "25 Dec {year}");
        assert!(cal.is_open(utc(year, 12, 24, 12, 0)), "24 Dec {year}");
    }
    assert!(
        !cal.is_open(utc(2028, 2, 29, 12, 0)),
        "a leap year's 29 Feb"
    );
    assert!(
        cal.is_open(utc(2027, 3, 1, 12, 0)),
        "no 29 Feb in 2027: 1 March stays open"
    );
    // Eight open hours on the 24th, then the 25th closed: 30 minutes before the close on the 24th
    // ends half an hour into the 26th.
    let due = cal.add_business(utc(2026, 12, 24, 16, 30), Duration::hours(1));
    assert_eq!(due, Some(utc(2026, 12, 26, 9, 30)));
}

#[test]
fn a_yearly_holiday_that_no_year_has_is_refused_naming_it() {
    let bad = spec(
        r#"{"id": "c", "zone": "UTC", "windows": [{"days": ["mon"], "start": "09:00", "end": "17:00"}],
            "yearly_holidays": ["12-25", "13-01"]}"#,
    );
    let error = Calendar::from_spec(&bad).unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"yearly_holidays[1]: "13-01" is not a month and day MM-DD"#
    );
}
