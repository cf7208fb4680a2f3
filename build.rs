//! Generates Mesa's time-zone table (`$OUT_DIR/tz_table.rs` and `$OUT_DIR/tz_table.bin`) from
//! chrono-tz, so that the app itself does not compile chrono-tz (issue #5, first-load size).
//!
//! chrono-tz is a build-dependency here, compiled with the same `CHRONO_TZ_TIMEZONE_FILTER`
//! (`.cargo/config.toml`'s `[env]` reaches build scripts too), so the table holds exactly the
//! zone names chrono-tz knows in every other build. For each name the script finds every UTC
//! offset change chrono-tz has, to the second: it samples the zone every six hours from 1800
//! (before any zone's first change) to 2101 (chrono-tz generates no change after 2099) and
//! bisects each change. It checks that the offset is the same from the far past to 1800 and
//! from 2101 to the far future, so the table is exact for every instant. (A pair of changes
//! less than six hours apart would be missed; the tz database has none, and the native tests
//! compare the table with chrono-tz at every change and at dense samples, for every name.)
//!
//! Blob format (`tz_table.bin`), per distinct zone (names with the same changes share one):
//! varint of the index (in `OFFSETS`) of the offset before the first change, varint of the
//! number of changes, then per change: varint `(d / 60) << 1` when the time since the previous
//! change (or since `EPOCH_1800` for the first) `d` is whole minutes, else `d << 1 | 1`; then
//! the varint index (in `DELTAS`) of the offset change (new − old, seconds). Offset changes
//! rather than offsets make the long runs of identical daylight-saving rules of different
//! zones (e.g. all of the US from 2007) the same bytes, which gzip stores once.

use std::collections::HashMap;
use std::fmt::Write as _;

#[path = "build/first_screen_texts.rs"]
mod first_screen_texts;
#[path = "build/profile_rules.rs"]
mod profile_rules;

use chrono::{DateTime, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{Tz, TZ_VARIANTS};

/// 1800-01-01 00:00 UTC.
const EPOCH_1800: i64 = -5_364_662_400;
/// 2101-01-01 00:00 UTC.
const END_2101: i64 = 4_133_980_800;
const SAMPLE: i64 = 6 * 3600;

fn offset_at(zone: Tz, t: &NaiveDateTime) -> i32 {
    zone.offset_from_utc_datetime(t).fix().local_minus_utc()
}

fn offset(zone: Tz, utc: i64) -> i32 {
    let t = DateTime::from_timestamp(utc, 0).expect("in chrono's range");
    offset_at(zone, &t.naive_utc())
}

/// The instants sampled (every six hours from 1800 to 2101), made once for every zone.
fn samples() -> Vec<(i64, NaiveDateTime)> {
    (0..)
        .map(|i| EPOCH_1800 + i * SAMPLE)
        .take_while(|&t| t <= END_2101)
        .map(|t| {
            (
                t,
                DateTime::from_timestamp(t, 0)
                    .expect("in range")
                    .naive_utc(),
            )
        })
        .collect()
}

/// The offset before the first change, and every change `(instant, new offset)`.
fn changes(zone: Tz, samples: &[(i64, NaiveDateTime)]) -> (i32, Vec<(i64, i32)>) {
    let far_past = DateTime::<chrono::Utc>::MIN_UTC.timestamp();
    let far_future = DateTime::<chrono::Utc>::MAX_UTC.timestamp();
    let first = offset(zone, EPOCH_1800);
    assert_eq!(offset(zone, far_past), first, "{zone}: change before 1800");
    let mut out = Vec::new();
    let (mut at, mut current) = (EPOCH_1800, first);
    for (sample, naive) in samples {
        let (sample, target) = (*sample, offset_at(zone, naive));
        // Find every change in (at, sample] (normally none, sometimes one).
        while current != target {
            let (mut same, mut changed) = (at, sample);
            while changed - same > 1 {
                let mid = same + (changed - same) / 2;
                if offset(zone, mid) == current {
                    same = mid;
                } else {
                    changed = mid;
                }
            }
            current = offset(zone, changed);
            at = changed;
            out.push((at, current));
        }
        at = sample;
    }
    assert_eq!(
        samples.last().map(|s| s.0),
        Some(END_2101),
        "the samples reach 2101"
    );
    assert_eq!(
        offset(zone, far_future),
        current,
        "{zone}: change after 2100"
    );
    (first, out)
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn index_of(table: &mut Vec<i32>, value: i32) -> u64 {
    let i = table.iter().position(|&v| v == value).unwrap_or_else(|| {
        table.push(value);
        table.len() - 1
    });
    i as u64
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=CHRONO_TZ_TIMEZONE_FILTER");
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let root = std::path::PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    first_screen_texts::write(&root, &out_dir);
    profile_rules::write(&root);

    // The script reruns whenever a source file changes (for the texts above); the zone table
    // depends only on chrono-tz (a new version gets a new OUT_DIR) and the filter, so it is
    // computed again only when the filter it was made with differs.
    let made_with = format!("{:?}", std::env::var("CHRONO_TZ_TIMEZONE_FILTER").ok());
    let stamp = out_dir.join("tz_table.filter");
    if std::fs::read_to_string(&stamp).is_ok_and(|s| s == made_with)
        && out_dir.join("tz_table.rs").exists()
        && out_dir.join("tz_table.bin").exists()
    {
        return;
    }
    zone_table(&out_dir);
    std::fs::write(stamp, made_with).expect("write tz_table.filter");
}

fn zone_table(out_dir: &std::path::Path) {
    let mut names: Vec<Tz> = TZ_VARIANTS.to_vec();
    names.sort_by_key(|z| z.name());
    let mut distinct: HashMap<(i32, Vec<(i64, i32)>), usize> = HashMap::new();
    let mut zones: Vec<(i32, Vec<(i64, i32)>)> = Vec::new();
    let mut name_zone = Vec::new();
    let samples = samples();
    for &name in &names {
        let data = changes(name, &samples);
        let next = zones.len();
        let index = *distinct.entry(data.clone()).or_insert(next);
        if index == next {
            zones.push(data);
        }
        name_zone.push(index);
    }

    let (mut offsets, mut deltas) = (Vec::new(), Vec::new());
    let mut blob = Vec::new();
    let mut starts = Vec::new();
    for (first, list) in &zones {
        starts.push(blob.len());
        varint(&mut blob, index_of(&mut offsets, *first));
        varint(&mut blob, list.len() as u64);
        let (mut prev_at, mut prev) = (EPOCH_1800, *first);
        for &(at, off) in list {
            let d = (at - prev_at) as u64;
            let step = if d.is_multiple_of(60) {
                (d / 60) << 1
            } else {
                (d << 1) | 1
            };
            varint(&mut blob, step);
            varint(&mut blob, index_of(&mut deltas, off - prev));
            (prev_at, prev) = (at, off);
        }
    }
    starts.push(blob.len());
    std::fs::write(out_dir.join("tz_table.bin"), &blob).expect("write tz_table.bin");

    let mut rs = String::new();
    let list = |v: &mut String, name: &str, ty: &str, items: Vec<String>| {
        let _ = writeln!(
            v,
            "pub(super) static {name}: [{ty}; {}] = [{}];",
            items.len(),
            items.join(", ")
        );
    };
    let utc = names.iter().position(|z| z.name() == "UTC").expect("UTC");
    let _ = writeln!(rs, "pub(super) const UTC_INDEX: u16 = {utc};");
    let _ = writeln!(
        rs,
        "pub(super) static DATA: &[u8] = include_bytes!(concat!(env!(\"OUT_DIR\"), \"/tz_table.bin\"));"
    );
    let string = |s: &str| format!("{s:?}");
    list(
        &mut rs,
        "NAMES",
        "&str",
        names.iter().map(|z| string(z.name())).collect(),
    );
    let num = |v: &dyn std::fmt::Display| v.to_string();
    list(
        &mut rs,
        "NAME_ZONE",
        "u16",
        name_zone.iter().map(|v| num(v)).collect(),
    );
    list(
        &mut rs,
        "STARTS",
        "u32",
        starts.iter().map(|v| num(v)).collect(),
    );
    list(
        &mut rs,
        "OFFSETS",
        "i32",
        offsets.iter().map(|v| num(v)).collect(),
    );
    list(
        &mut rs,
        "DELTAS",
        "i32",
        deltas.iter().map(|v| num(v)).collect(),
    );
    let _ = writeln!(rs, "pub(super) const EPOCH_1800: i64 = {EPOCH_1800};");
    let _ = writeln!(rs, "pub(super) const ZONES: usize = {};", zones.len());
    std::fs::write(out_dir.join("tz_table.rs"), rs).expect("write tz_table.rs");
}
