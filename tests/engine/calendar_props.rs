//! Property tests of the business-calendar arithmetic, over calendars in zones with clock
//! changes (Santiago changes at midnight; Toronto and New York at 02:00), windows that touch
//! midnight or sit in the changing hour, holidays, and 24×7.

use chrono::{DateTime, Duration, Utc};
use mesa::domain::calendar::{Calendar, CalendarSpec};
use proptest::prelude::*;
use std::sync::OnceLock;

fn calendar(json: &str) -> Calendar {
    let spec: CalendarSpec = serde_json::from_str(json).expect("test spec is valid JSON");
    Calendar::from_spec(&spec).expect("test calendar is valid")
}

fn calendars() -> &'static [Calendar] {
    static CALENDARS: OnceLock<Vec<Calendar>> = OnceLock::new();
    CALENDARS.get_or_init(|| {
        vec![
            // P1: two windows a day, weekdays.
            calendar(
                r#"{"id": "p1", "zone": "America/Mexico_City",
                    "windows": [{"days": ["mon","tue","wed","thu","fri"], "start": "09:00", "end": "14:00"},
                                {"days": ["mon","tue","wed","thu","fri"], "start": "16:00", "end": "19:00"}],
                    "holidays": ["2024-12-25", "2025-12-25", "2026-12-25", "2027-01-01"]}"#,
            ),
            // P4 hours in Santiago (clocks change at midnight).
            calendar(
                r#"{"id": "p4", "zone": "America/Santiago",
                    "windows": [{"days": ["mon","tue","wed","thu","fri"], "start": "06:00", "end": "21:00"},
                                {"days": ["sat","sun"], "start": "07:00", "end": "17:00"}]}"#,
            ),
            // Santiago windows around midnight.
            calendar(
                r#"{"id": "scl", "zone": "America/Santiago",
                    "windows": [{"days": ["sat"], "start": "22:00", "end": "24:00"},
                                {"days": ["sun"], "start": "00:00", "end": "01:30"},
                                {"days": ["mon","wed"], "start": "09:00", "end": "18:00"}]}"#,
            ),
            // Toronto office with holidays.
            calendar(
                r#"{"id": "yyz", "zone": "America/Toronto",
                    "windows": [{"days": ["mon","tue","wed","thu","fri"], "start": "08:30", "end": "17:00"}],
                    "holidays": ["2025-07-01", "2025-12-25", "2026-07-01", "2026-12-25", "2028-02-29"]}"#,
            ),
            // New York nights: windows in and around the changing hour, overlapping.
            calendar(
                r#"{"id": "nyc", "zone": "America/New_York",
                    "windows": [{"days": ["mon","tue","wed","thu","fri","sat","sun"], "start": "00:00", "end": "03:00"},
                                {"days": ["sat","sun"], "start": "01:30", "end": "02:30"},
                                {"days": ["sun"], "start": "02:00", "end": "02:30"},
                                {"days": ["mon","tue","wed","thu","fri","sat","sun"], "start": "22:00", "end": "24:00"}]}"#,
            ),
            // Every day, all day, in Toronto: the same open time as 24×7.
            calendar(
                r#"{"id": "full", "zone": "America/Toronto",
                    "windows": [{"days": ["mon","tue","wed","thu","fri","sat","sun"], "start": "00:00", "end": "24:00"}]}"#,
            ),
            Calendar::always_open("America/Santiago".parse().unwrap()),
        ]
    })
}

/// An instant in 2020..2030 with millisecond precision.
fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (1_577_836_800_000i64..1_893_456_000_000)
        .prop_map(|ms| DateTime::from_timestamp_millis(ms).expect("in range"))
}

/// A duration of 0..3 weeks with millisecond precision, zero included often.
fn duration() -> impl Strategy<Value = Duration> {
    prop_oneof![
        1 => Just(Duration::zero()),
        9 => (0i64..21 * 86_400_000).prop_map(Duration::milliseconds),
    ]
}

fn any_calendar() -> impl Strategy<Value = &'static Calendar> {
    (0..calendars().len()).prop_map(|i| &calendars()[i])
}

fn due(cal: &Calendar, start: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    cal.add_business(start, d)
        .expect("these calendars always open again")
}

proptest! {
    #[test]
    fn business_between_undoes_add_business(cal in any_calendar(), s in instant(), d in duration()) {
        prop_assert_eq!(cal.business_between(s, due(cal, s, d)), d);
    }

    #[test]
    fn add_business_is_monotonic_in_the_duration(
        cal in any_calendar(), s in instant(), d1 in duration(), d2 in duration(),
    ) {
        let (d1, d2) = if d1 <= d2 { (d1, d2) } else { (d2, d1) };
        prop_assert!(due(cal, s, d1) <= due(cal, s, d2));
    }

    #[test]
    fn add_business_is_monotonic_in_the_start(
        cal in any_calendar(), s1 in instant(), s2 in instant(), d in duration(),
    ) {
        let (s1, s2) = if s1 <= s2 { (s1, s2) } else { (s2, s1) };
        prop_assert!(due(cal, s1, d) <= due(cal, s2, d));
    }

    #[test]
    fn add_business_ends_in_open_time_or_exactly_at_a_window_end(
        cal in any_calendar(), s in instant(), d in duration(),
    ) {
        let r = due(cal, s, d);
        prop_assert!(r >= s);
        let at_window_end = !cal.is_open(r) && cal.is_open(r - Duration::nanoseconds(1));
        prop_assert!(cal.is_open(r) || (d > Duration::zero() && at_window_end), "{r}");
    }

    #[test]
    fn business_between_is_additive(
        cal in any_calendar(), a in instant(), b in instant(), c in instant(),
    ) {
        let mut v = [a, b, c];
        v.sort();
        let [a, b, c] = v;
        prop_assert_eq!(
            cal.business_between(a, b) + cal.business_between(b, c),
            cal.business_between(a, c)
        );
        prop_assert_eq!(cal.business_between(c, a), Duration::zero());
    }

    #[test]
    fn open_intervals_are_ordered_disjoint_and_sum_to_business_between(
        cal in any_calendar(), a in instant(), d in 0i64..120 * 86_400_000,
    ) {
        let b = a + Duration::milliseconds(d);
        let intervals = cal.open_intervals(a, b);
        let mut total = Duration::zero();
        let mut last_end = a;
        for (i, &(s, e)) in intervals.iter().enumerate() {
            prop_assert!(s < e && e <= b);
            let after_last = if i == 0 { s >= last_end } else { s > last_end };
            prop_assert!(after_last, "interval {} starts at {} before {}", i, s, last_end);
            prop_assert!(cal.is_open(s));
            prop_assert!(e == b || !cal.is_open(e));
            total += e - s;
            last_end = e;
        }
        prop_assert_eq!(total, cal.business_between(a, b));
    }

    #[test]
    fn is_open_agrees_with_business_between(cal in any_calendar(), t in instant()) {
        let tick = Duration::nanoseconds(1);
        prop_assert_eq!(cal.is_open(t), cal.business_between(t, t + tick) == tick);
    }

    #[test]
    fn next_opening_is_the_first_open_instant(cal in any_calendar(), t in instant()) {
        let n = cal.next_opening(t).expect("these calendars always open again");
        prop_assert!(n >= t && cal.is_open(n));
        prop_assert_eq!(cal.business_between(t, n), Duration::zero());
    }

    #[test]
    fn an_all_day_every_day_calendar_counts_like_24x7(a in instant(), d in duration()) {
        let full = &calendars()[5];
        let always = Calendar::always_open("America/Toronto".parse().unwrap());
        prop_assert_eq!(full.business_between(a, a + d), d);
        prop_assert_eq!(full.add_business(a, d), always.add_business(a, d));
        prop_assert_eq!(full.open_intervals(a, a + d), always.open_intervals(a, a + d));
    }
}
