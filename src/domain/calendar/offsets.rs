//! A zone's UTC offsets as a table of changes, so that walking a calendar costs integer
//! arithmetic rather than a tz-database search per day.
//!
//! The table is found lazily, in chunks of about a year, by sampling the zone every six hours
//! and bisecting each change to the second; it is shared by every calendar of the zone for the
//! life of the process (one small table per zone ever used). A zone that changed its offset and
//! changed it back within six hours would be missed; the tz database has no such pair.

use std::sync::{Mutex, OnceLock};

use chrono::{DateTime, Offset, TimeZone};
use chrono_tz::Tz;

use super::walk::{DAY, MAX_DAY, MIN_DAY};

/// Chunks span 2^25 s (about 388 days).
const CHUNK_BITS: u32 = 25;
const CHUNK: i64 = 1 << CHUNK_BITS;
/// The table covers the supported span with two days to spare on each side.
const BASE: i64 = (MIN_DAY - 2) * DAY;
const CHUNKS: usize = (((MAX_DAY + 2) * DAY - BASE) / CHUNK + 1) as usize;
const SAMPLE: i64 = 6 * 3600;
/// Further than any UTC offset (real ones stay within ±15 h).
const MAX_OFFSET: i64 = 27 * 3600;

/// The UTC offset changes of one zone.
pub(super) struct ZoneOffsets {
    zone: Tz,
    chunks: Box<[OnceLock<Chunk>]>,
}

struct Chunk {
    /// Offset (seconds east of UTC) at the chunk's first instant.
    first: i32,
    /// Instants inside the chunk at which the offset changes, with the offset from then on.
    changes: Vec<(i64, i32)>,
}

impl PartialEq for ZoneOffsets {
    fn eq(&self, other: &Self) -> bool {
        self.zone == other.zone
    }
}

impl Eq for ZoneOffsets {}

/// The table for `zone`, created on first use.
pub(super) fn for_zone(zone: Tz) -> &'static ZoneOffsets {
    static ZONES: OnceLock<Mutex<Vec<&'static ZoneOffsets>>> = OnceLock::new();
    let mut zones = ZONES
        .get_or_init(|| Mutex::new(Vec::new()))
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(&known) = zones.iter().find(|z| z.zone == zone) {
        return known;
    }
    let chunks = (0..CHUNKS).map(|_| OnceLock::new()).collect();
    let table: &'static ZoneOffsets = Box::leak(Box::new(ZoneOffsets { zone, chunks }));
    zones.push(table);
    table
}

/// The offset of `zone` at `utc` straight from the tz database.
fn tz_offset(zone: Tz, utc: i64) -> i32 {
    DateTime::from_timestamp(utc, 0).map_or(0, |t| {
        zone.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    })
}

impl ZoneOffsets {
    pub(super) fn zone(&self) -> Tz {
        self.zone
    }

    /// The offset at `utc` (seconds east of UTC), and an instant after `utc` until which it
    /// holds for sure (the next change, or the end of the chunk).
    pub(super) fn offset_at(&self, utc: i64) -> (i32, i64) {
        let index = (utc - BASE) >> CHUNK_BITS;
        let Some(slot) = usize::try_from(index).ok().and_then(|i| self.chunks.get(i)) else {
            // Outside the table (and the supported span): ask the tz database, hour by hour.
            return (tz_offset(self.zone, utc), utc.saturating_add(3600));
        };
        let start = BASE + (index << CHUNK_BITS);
        let chunk = slot.get_or_init(|| self.scan(start));
        let mut offset = chunk.first;
        for &(at, next) in &chunk.changes {
            if at > utc {
                return (offset, at);
            }
            offset = next;
        }
        (offset, start + CHUNK)
    }

    /// The local wall-clock reading (seconds since 1970-01-01 00:00 local) at `utc`.
    pub(super) fn local_of(&self, utc: i64) -> i64 {
        utc + i64::from(self.offset_at(utc).0)
    }

    /// The first UTC instant at which the wall clock reads `local` or later: the earliest
    /// instant for a time shown twice, the end of the gap for a time skipped.
    pub(super) fn to_utc(&self, local: i64) -> i64 {
        // Walk the spans of constant offset around `local`; the first whose local readings
        // reach past `local` holds the answer.
        let (mut from, end) = (local - MAX_OFFSET, local + MAX_OFFSET);
        loop {
            let (offset, until) = self.offset_at(from);
            let offset = i64::from(offset);
            if until + offset > local || until >= end {
                return (local - offset).max(from);
            }
            from = until;
        }
    }

    /// Samples the chunk starting at `start` and bisects each change to the second.
    fn scan(&self, start: i64) -> Chunk {
        let first = tz_offset(self.zone, start);
        let mut changes = Vec::new();
        let (mut at, mut offset) = (start, first);
        let mut sample = start;
        while sample < start + CHUNK - 1 {
            sample = (sample + SAMPLE).min(start + CHUNK - 1);
            let target = tz_offset(self.zone, sample);
            // Find every change in (at, sample] (normally none, sometimes one).
            while offset != target {
                let (mut same, mut changed) = (at, sample);
                while changed - same > 1 {
                    let mid = same + (changed - same) / 2;
                    if tz_offset(self.zone, mid) == offset {
                        same = mid;
                    } else {
                        changed = mid;
                    }
                }
                offset = tz_offset(self.zone, changed);
                at = changed;
                changes.push((at, offset));
            }
            at = sample;
        }
        Chunk { first, changes }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, Utc};

    #[test]
    fn table_agrees_with_the_tz_database() {
        for zone in [
            chrono_tz::America::Santiago,
            chrono_tz::America::Toronto,
            chrono_tz::America::Mexico_City,
            chrono_tz::Europe::Madrid,
            chrono_tz::America::St_Johns,
        ] {
            let table = for_zone(zone);
            let mut t = Utc.with_ymd_and_hms(2019, 1, 1, 0, 0, 0).unwrap();
            while t.timestamp()
                < Utc
                    .with_ymd_and_hms(2031, 1, 1, 0, 0, 0)
                    .unwrap()
                    .timestamp()
            {
                let u = t.timestamp();
                assert_eq!(table.offset_at(u).0, tz_offset(zone, u), "{zone} {t}");
                let local = t.with_timezone(&zone).naive_local().and_utc().timestamp();
                assert_eq!(table.local_of(u), local);
                let earliest = zone.from_local_datetime(&t.with_timezone(&zone).naive_local());
                assert_eq!(
                    Some(table.to_utc(local)),
                    earliest.earliest().map(|e| e.timestamp())
                );
                t += Duration::minutes(127);
            }
            // Exactly at each change found, and a second either side.
            let changes = table
                .chunks
                .iter()
                .filter_map(OnceLock::get)
                .flat_map(|c| &c.changes);
            for &(at, _) in changes {
                for u in [at - 1, at, at + 1] {
                    assert_eq!(table.offset_at(u).0, tz_offset(zone, u), "{zone} {u}");
                }
            }
        }
    }

    #[test]
    fn same_zone_shares_one_table() {
        let a = for_zone(chrono_tz::America::Toronto);
        let b = for_zone(chrono_tz::America::Toronto);
        assert!(std::ptr::eq(a, b));
    }
}
