//! A per-engine cache of a calendar's open time, so clock arithmetic is a few binary searches
//! instead of a day-by-day walk with time-zone conversions.
//!
//! Time is split into fixed chunks of 28 days from 1970-01-01 UTC. The first time a chunk is
//! needed, its open intervals are taken once from [`Calendar::open_intervals`] (so the cache
//! has exactly the calendar's semantics: windows, holidays, clock changes) together with the
//! running total of open time. Instants are nanoseconds since the epoch (`i64`). Outside the
//! cached span (before 1970, after about 2199) the calendar itself answers.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, Utc};

use crate::domain::calendar::{Calendar, SEARCH_HORIZON_DAYS};

/// Nanoseconds in a second and in a minute.
pub(crate) const SEC: i64 = 1_000_000_000;
pub(crate) const MIN: i64 = 60 * SEC;
const CHUNK_DAYS: i64 = 28;
const CHUNK: i64 = CHUNK_DAYS * 86_400 * SEC;
/// Number of cached chunks: 1970-01-01 up to early 2199.
const CHUNKS: usize = 2_990;
/// Consecutive chunks without open time after which a search gives up (as the calendar does
/// after [`SEARCH_HORIZON_DAYS`] closed days).
const MAX_EMPTY_CHUNKS: i64 = SEARCH_HORIZON_DAYS / CHUNK_DAYS + 1;

/// UTC instant → nanoseconds since the epoch, saturating outside years 1677–2262.
pub(crate) fn to_ns(t: DateTime<Utc>) -> i64 {
    t.timestamp_nanos_opt().unwrap_or(if t.timestamp() < 0 {
        i64::MIN
    } else {
        i64::MAX
    })
}

/// Nanoseconds since the epoch → UTC instant.
pub(crate) fn from_ns(ns: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_nanos(ns)
}

fn dur_ns(d: Duration) -> i64 {
    d.num_nanoseconds().unwrap_or(i64::MAX)
}

/// The open intervals of one chunk, clipped to it, with the open time up to each interval's end.
#[derive(Clone, Debug, Default)]
struct Chunk {
    intervals: Vec<(i64, i64)>,
    cum_end: Vec<i64>,
    total: i64,
}

impl Chunk {
    /// Open time from the chunk's start to `t` (`t` inside the chunk).
    fn open_before(&self, t: i64) -> i64 {
        let i = self.intervals.partition_point(|iv| iv.1 <= t);
        let base = if i == 0 { 0 } else { self.cum_end[i - 1] };
        match self.intervals.get(i) {
            Some(&(s, _)) if s < t => base + (t - s),
            _ => base,
        }
    }

    /// The earliest instant at which `need` (0 < need <= total) of open time has elapsed from
    /// the chunk's start.
    fn find(&self, need: i64) -> Option<i64> {
        let i = self.cum_end.partition_point(|&c| c < need);
        let (_, e) = *self.intervals.get(i)?;
        Some(e - (self.cum_end[i] - need))
    }

    /// The first open instant at or after `t` within the chunk.
    fn next_open(&self, t: i64) -> Option<i64> {
        let i = self.intervals.partition_point(|iv| iv.1 <= t);
        self.intervals.get(i).map(|&(s, _)| s.max(t))
    }
}

/// A calendar with its lazily built chunk cache.
#[derive(Debug)]
pub(crate) struct CalendarIndex {
    pub(crate) id: String,
    pub(crate) calendar: Calendar,
    chunks: Vec<OnceLock<Chunk>>,
}

impl Clone for CalendarIndex {
    fn clone(&self) -> Self {
        Self::new(self.id.clone(), self.calendar.clone())
    }
}

impl CalendarIndex {
    pub(crate) fn new(id: String, calendar: Calendar) -> Self {
        let chunks = if calendar.is_always_open() {
            Vec::new()
        } else {
            (0..CHUNKS).map(|_| OnceLock::new()).collect()
        };
        Self {
            id,
            calendar,
            chunks,
        }
    }

    fn chunk_of(&self, t: i64) -> Option<usize> {
        if t < 0 {
            return None;
        }
        let c = usize::try_from(t / CHUNK).ok()?;
        (c < self.chunks.len()).then_some(c)
    }

    fn chunk(&self, c: usize) -> &Chunk {
        static EMPTY: Chunk = Chunk {
            intervals: Vec::new(),
            cum_end: Vec::new(),
            total: 0,
        };
        let Some(cell) = self.chunks.get(c) else {
            return &EMPTY;
        };
        cell.get_or_init(|| {
            let c0 = c as i64 * CHUNK;
            let open = self
                .calendar
                .open_intervals(from_ns(c0), from_ns(c0 + CHUNK));
            let mut chunk = Chunk::default();
            for (s, e) in open {
                let (s, e) = (to_ns(s), to_ns(e));
                chunk.total += e - s;
                chunk.intervals.push((s, e));
                chunk.cum_end.push(chunk.total);
            }
            chunk
        })
    }

    /// Open time in `[a, b)`, in nanoseconds.
    pub(crate) fn between(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        if self.calendar.is_always_open() {
            return b.saturating_sub(a);
        }
        let (Some(ca), Some(cb)) = (self.chunk_of(a), self.chunk_of(b)) else {
            return dur_ns(self.calendar.business_between(from_ns(a), from_ns(b)));
        };
        let first = self.chunk(ca);
        if ca == cb {
            return first.open_before(b) - first.open_before(a);
        }
        let mut sum = first.total - first.open_before(a);
        for c in ca + 1..cb {
            sum += self.chunk(c).total;
        }
        sum + self.chunk(cb).open_before(b)
    }

    /// The earliest instant at which `d` of open time has elapsed from `a` (`d <= 0`: the next
    /// opening). `None` when there is no such open time (see [`Calendar::add_business`]).
    pub(crate) fn add(&self, a: i64, d: i64) -> Option<i64> {
        if self.calendar.is_always_open() {
            return Some(a.saturating_add(d.max(0)));
        }
        let fallback = |from: i64, d: i64| {
            let t = self
                .calendar
                .add_business(from_ns(from), Duration::nanoseconds(d.max(0)))?;
            Some(to_ns(t))
        };
        let Some(mut c) = self.chunk_of(a) else {
            return fallback(a, d);
        };
        let mut empty = 0;
        if d <= 0 {
            let mut from = a;
            loop {
                let chunk = self.chunk(c);
                if let Some(t) = chunk.next_open(from) {
                    return Some(t);
                }
                empty = if chunk.total == 0 { empty + 1 } else { 0 };
                c += 1;
                from = c as i64 * CHUNK;
                if empty > MAX_EMPTY_CHUNKS {
                    return None;
                }
                if c >= self.chunks.len() {
                    return fallback(from, 0);
                }
            }
        }
        let mut need = self.chunk(c).open_before(a).saturating_add(d);
        loop {
            let chunk = self.chunk(c);
            if need <= chunk.total {
                return chunk.find(need);
            }
            need -= chunk.total;
            empty = if chunk.total == 0 { empty + 1 } else { 0 };
            c += 1;
            if empty > MAX_EMPTY_CHUNKS {
                return None;
            }
            if c >= self.chunks.len() {
                return fallback(c as i64 * CHUNK, need);
            }
        }
    }
}

/// How a clock counts time: every wall-clock nanosecond, or only the calendar's open time.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Measure<'a> {
    Wall,
    Business(&'a CalendarIndex),
}

impl Measure<'_> {
    /// Counted time in `[a, b)`.
    pub(crate) fn between(self, a: i64, b: i64) -> i64 {
        match self {
            Measure::Wall => b.saturating_sub(a).max(0),
            Measure::Business(index) => index.between(a, b),
        }
    }

    /// The earliest instant at which `d` of counted time has elapsed from `a`.
    pub(crate) fn add(self, a: i64, d: i64) -> Option<i64> {
        match self {
            Measure::Wall => Some(a.saturating_add(d.max(0))),
            Measure::Business(index) => index.add(a, d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::CalendarSpec;
    use chrono::TimeZone;

    fn office() -> Calendar {
        let spec: CalendarSpec = serde_json::from_str(
            r#"{"id": "o", "zone": "America/Mexico_City", "holidays": ["2026-11-16"],
                "windows": [{"days": ["mon","tue","wed","thu","fri"], "start": "09:00", "end": "14:00"},
                            {"days": ["mon","tue","wed","thu","fri"], "start": "16:00", "end": "19:00"}]}"#,
        )
        .unwrap();
        Calendar::from_spec(&spec).unwrap()
    }

    #[test]
    fn cache_agrees_with_the_calendar() {
        let cal = office();
        let index = CalendarIndex::new("o".into(), cal.clone());
        let base = Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..400 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let a = base + Duration::minutes((x % 200_000) as i64);
            let d = Duration::minutes(((x >> 20) % 20_000) as i64);
            let b = a + Duration::minutes(((x >> 40) % 90_000) as i64);
            assert_eq!(
                index.add(to_ns(a), dur_ns(d)).map(from_ns),
                cal.add_business(a, d),
                "add {a} {d}"
            );
            assert_eq!(
                index.between(to_ns(a), to_ns(b)),
                dur_ns(cal.business_between(a, b))
            );
        }
    }
}
