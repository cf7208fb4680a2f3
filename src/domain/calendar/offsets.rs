//! A zone's UTC offsets as a table of changes, so that walking a calendar costs integer
//! arithmetic rather than a tz-database search per day.
//!
//! The changes come from the table `build.rs` generates from chrono-tz ([`super::tzdata`]),
//! decoded on a zone's first use and shared by every calendar (and every linked name) of the
//! zone for the life of the process. They are every change chrono-tz has, so the offsets are
//! chrono-tz's at every instant.

use std::sync::OnceLock;

use super::tzdata::{DATA, DELTAS, EPOCH_1800, OFFSETS, STARTS, ZONES};

/// Further than any UTC offset (real ones stay within ±15 h).
const MAX_OFFSET: i64 = 27 * 3600;

/// The UTC offset changes of one zone.
#[derive(Debug)]
pub(super) struct ZoneOffsets {
    /// Offset (seconds east of UTC) before the first change.
    first: i32,
    /// Instants at which the offset changes, in order, with the offset from then on.
    changes: Box<[(i64, i32)]>,
}

/// Every table is one of [`for_data`]'s statics, one per distinct zone: the same table is the
/// same zone's changes.
impl PartialEq for ZoneOffsets {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for ZoneOffsets {}

/// The table of the distinct zone `data` (an index into the generated `STARTS`), decoded on
/// first use.
pub(super) fn for_data(data: usize) -> &'static ZoneOffsets {
    static TABLES: [OnceLock<ZoneOffsets>; ZONES] = [const { OnceLock::new() }; ZONES];
    TABLES[data].get_or_init(|| decode(&DATA[STARTS[data] as usize..STARTS[data + 1] as usize]))
}

/// Reads one zone of the generated blob (the format is described in `build.rs`).
fn decode(mut bytes: &[u8]) -> ZoneOffsets {
    let mut varint = || {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let Some((&byte, rest)) = bytes.split_first() else {
                break;
            };
            bytes = rest;
            value |= u64::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                break;
            }
        }
        value
    };
    let first = OFFSETS[varint() as usize];
    let count = varint() as usize;
    let (mut at, mut offset) = (EPOCH_1800, first);
    let changes = (0..count)
        .map(|_| {
            let step = varint();
            let seconds = if step & 1 == 0 {
                (step >> 1) * 60
            } else {
                step >> 1
            };
            at += seconds as i64;
            offset += DELTAS[varint() as usize];
            (at, offset)
        })
        .collect();
    ZoneOffsets { first, changes }
}

impl ZoneOffsets {
    /// The offset at `utc` (seconds east of UTC), and the instant of the next change
    /// (`i64::MAX` after the last one).
    pub(super) fn offset_at(&self, utc: i64) -> (i32, i64) {
        let next = self.changes.partition_point(|&(at, _)| at <= utc);
        let offset = match next {
            0 => self.first,
            n => self.changes[n - 1].1,
        };
        (offset, self.changes.get(next).map_or(i64::MAX, |c| c.0))
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
            if until.saturating_add(offset) > local || until >= end {
                return (local - offset).max(from);
            }
            from = until;
        }
    }

    /// Every change, in order (for the tests).
    #[cfg(test)]
    pub(super) fn changes(&self) -> &[(i64, i32)] {
        &self.changes
    }
}
