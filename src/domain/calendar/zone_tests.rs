//! The generated zone table ([`Zone`]) against chrono-tz, which it replaces in the app: the
//! same names, and the same offsets, local times and local-time look-ups, for every name.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{Tz, TZ_VARIANTS};

use super::tzdata::NAME_ZONE;
use super::Zone;
use crate::domain::report::MonthSpan;

fn chrono_offset(tz: Tz, utc: i64) -> i32 {
    let t = DateTime::from_timestamp(utc, 0).expect("in range");
    tz.offset_from_utc_datetime(&t.naive_utc())
        .fix()
        .local_minus_utc()
}

fn pair(tz: Tz) -> (Zone, Tz) {
    (
        tz.name().parse::<Zone>().expect("chrono-tz name parses"),
        tz,
    )
}

/// One name of each distinct zone of the table (with chrono-tz's zone of that name).
fn distinct() -> Vec<(Zone, Tz)> {
    let mut seen = BTreeSet::new();
    TZ_VARIANTS
        .iter()
        .map(|&tz| pair(tz))
        .filter(|(zone, _)| seen.insert(NAME_ZONE[usize::from(zone.0)]))
        .collect()
}

fn utc(y: i32) -> i64 {
    Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap().timestamp()
}

/// A fixed xorshift sequence (the test is the same every run).
fn random(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state
}

#[test]
fn names_are_exactly_chrono_tz_names() {
    let ours: BTreeSet<&str> = Zone::all().map(Zone::name).collect();
    let theirs: BTreeSet<&str> = TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    assert_eq!(ours, theirs);
    assert!(ours.len() > 200, "{} names", ours.len());
    for zone in Zone::all() {
        assert_eq!(zone.name().parse::<Zone>(), Ok(zone));
        assert_eq!(format!("{zone}"), zone.name());
        assert_eq!(format!("{zone:?}"), zone.name());
    }
    assert_eq!(Zone::UTC.name(), "UTC");
    let mut tries: Vec<String> = Vec::new();
    for name in ["America/New_York", "UTC", "US/Eastern", "Etc/GMT+5", "GMT"] {
        tries.extend([
            name.to_string(),
            name.to_lowercase(),
            name.to_uppercase(),
            format!(" {name}"),
            format!("{name} "),
            format!("{name}/"),
            name[..name.len() - 1].to_string(),
        ]);
    }
    tries.extend(
        [
            "",
            "America",
            "America/",
            "Asia/Tokyo",
            "Europe/Paris",
            "Local",
            "Z",
        ]
        .map(String::from),
    );
    for name in &tries {
        assert_eq!(
            name.parse::<Zone>().is_ok(),
            name.parse::<Tz>().is_ok(),
            "{name:?}"
        );
        if let (Ok(zone), Ok(tz)) = (name.parse::<Zone>(), name.parse::<Tz>()) {
            assert_eq!(zone.name(), tz.name());
        }
    }
}

#[test]
fn daylight_saving_lasts_as_long_as_in_chrono_tz() {
    // chrono-tz generates changes up to 2099 and then keeps the last offset: New York has
    // summer time in 2040 and 2099, none in 2100. The table does the same.
    let new_york: Zone = "America/New_York".parse().unwrap();
    let july = |y| Utc.with_ymd_and_hms(y, 7, 1, 12, 0, 0).unwrap();
    for (year, hours) in [(2040, -4), (2099, -4), (2100, -5), (2150, -5)] {
        assert_eq!(new_york.utc_offset(july(year)), hours * 3600, "{year}");
        let chrono = chrono_offset(chrono_tz::America::New_York, july(year).timestamp());
        assert_eq!(chrono, hours * 3600, "{year}");
    }
}

#[test]
fn names_with_the_same_changes_share_one_table() {
    let zone = |name: &str| name.parse::<Zone>().unwrap();
    let (link, target) = (zone("US/Eastern"), zone("America/New_York"));
    assert_ne!(link, target);
    assert_eq!(link.name(), "US/Eastern");
    assert!(std::ptr::eq(link.offsets(), target.offsets()));
    assert!(std::ptr::eq(
        zone("UTC").offsets(),
        zone("Etc/UTC").offsets()
    ));
    assert_ne!(zone("America/Chicago").offsets(), target.offsets());
}

#[test]
fn every_name_has_chrono_tz_offsets_at_every_change_and_at_random_instants() {
    let mut state = 0x9e37_79b9_7f4a_7c15;
    let (from, to) = (utc(1700), utc(2300));
    for tz in TZ_VARIANTS {
        let (zone, tz) = pair(tz);
        let table = zone.offsets();
        let mut previous = None;
        for &(at, offset) in table.changes() {
            assert!(previous.is_none_or(|p| p < at), "{zone}: changes in order");
            assert_ne!(table.offset_at(at - 1).0, offset, "{zone} {at}: a change");
            previous = Some(at);
            for t in [at - 1, at, at + 1] {
                assert_eq!(table.offset_at(t).0, chrono_offset(tz, t), "{zone} {t}");
            }
        }
        for _ in 0..2000 {
            let t = from + (random(&mut state) % (to - from) as u64) as i64;
            assert_eq!(table.offset_at(t).0, chrono_offset(tz, t), "{zone} {t}");
            let instant = DateTime::from_timestamp(t, 123).unwrap();
            assert_eq!(
                zone.local(instant),
                instant.with_timezone(&tz).naive_local()
            );
            assert_eq!(zone.utc_offset(instant), chrono_offset(tz, t));
        }
    }
}

#[test]
fn every_zone_has_chrono_tz_offsets_every_six_hours_from_1995_to_2045() {
    // 6 h 7 min, so that the samples fall at every time of day over the years.
    let step = 6 * 3600 + 7 * 60;
    for (zone, tz) in distinct() {
        let table = zone.offsets();
        let mut t = utc(1995);
        while t < utc(2045) {
            assert_eq!(table.offset_at(t).0, chrono_offset(tz, t), "{zone} {t}");
            t += step;
        }
    }
}

#[test]
fn local_times_map_back_as_chrono_tz_maps_them() {
    let naive = |secs: i64| DateTime::from_timestamp(secs, 0).unwrap().naive_utc();
    let mut checked = 0;
    for (zone, tz) in distinct() {
        let table = zone.offsets();
        let mut before = table.offset_at(i64::MIN).0;
        for &(at, after) in table.changes() {
            let (lo, hi) = (before.min(after), before.max(after));
            for local in [
                lo - 1,
                lo,
                lo + 1,
                (lo + hi) / 2,
                hi - 1,
                hi,
                hi + 1,
                hi + 3600,
            ]
            .map(|o| at + i64::from(o))
            {
                let ours = zone.earliest(naive(local));
                let theirs = tz.from_local_datetime(&naive(local)).earliest();
                assert_eq!(
                    ours,
                    theirs.map(|t| t.with_timezone(&Utc)),
                    "{zone} {local}"
                );
                // A skipped time reads as the end of the gap in the calendar walk.
                if ours.is_none() {
                    assert_eq!(table.to_utc(local), at, "{zone} {local}");
                }
                checked += 1;
            }
            before = after;
        }
    }
    assert!(checked > 100_000, "{checked}");
}

/// Report months as they were computed with chrono-tz before the table.
fn chrono_local_midnight(date: NaiveDate, zone: Tz) -> Option<DateTime<Utc>> {
    let midnight = date.and_hms_opt(0, 0, 0)?;
    (0..=4).find_map(|half_hours| {
        let local: NaiveDateTime = midnight + Duration::minutes(30 * half_hours);
        zone.from_local_datetime(&local)
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    })
}

#[test]
fn report_months_are_those_of_chrono_tz() {
    let mut checked = 0;
    for (zone, tz) in distinct() {
        for year in 1880..2110 {
            for month in 1..=12 {
                let ours = MonthSpan::new(year, month, zone).map(|s| (s.start, s.end));
                let first = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
                let next = first.checked_add_months(chrono::Months::new(1)).unwrap();
                let theirs = chrono_local_midnight(first, tz).zip(chrono_local_midnight(next, tz));
                assert_eq!(ours, theirs, "{zone} {year}-{month}");
                checked += 1;
            }
        }
    }
    assert!(checked > 300_000, "{checked}");
}
