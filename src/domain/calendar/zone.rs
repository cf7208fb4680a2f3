//! [`Zone`]: an IANA time zone this build knows, with its UTC offsets.
//!
//! The names and each zone's offset changes come from a compact table that `build.rs`
//! generates from chrono-tz at build time, so the app does not compile chrono-tz (issue #5,
//! first-load size). The table holds every change chrono-tz has, to the second (from the end of
//! local mean time in the 1800s to the last daylight-saving rule it generates, in 2099; the
//! offset then holds for ever, as in chrono-tz), so a zone gives exactly chrono-tz's offsets at
//! every instant. The names are exactly those chrono-tz knows under the build's
//! `CHRONO_TZ_TIMEZONE_FILTER` (links such as "US/Eastern" included), matched with the same
//! letter case; see [`super::zones`] for the zones left out.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, NaiveDateTime, Utc};

use super::offsets::{self, ZoneOffsets};
use super::tzdata;

/// An IANA time zone, e.g. "America/Mexico_City" or the link "US/Eastern" (a link keeps its
/// own name, and is a different `Zone` from its target, as in chrono-tz).
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use mesa::domain::calendar::Zone;
///
/// let mexico: Zone = "America/Mexico_City".parse().unwrap();
/// assert_eq!(mexico.name(), "America/Mexico_City");
/// let t = Utc.with_ymd_and_hms(2026, 10, 1, 6, 0, 0).unwrap();
/// assert_eq!(mexico.utc_offset(t), -6 * 3600);
/// let midnight = NaiveDate::from_ymd_opt(2026, 10, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
/// assert_eq!(mexico.local(t), midnight);
/// assert_eq!(mexico.earliest(midnight), Some(t));
/// assert!("Asia/Tokyo".parse::<Zone>().is_err()); // left out of this build
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Zone(pub(super) u16);

/// The error of parsing a name that is not a zone this build knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownZone;

impl fmt::Display for UnknownZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a known IANA time zone")
    }
}

impl std::error::Error for UnknownZone {}

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Zone = Zone(tzdata::UTC_INDEX);

    /// The IANA name, e.g. "America/Guayaquil".
    pub fn name(self) -> &'static str {
        tzdata::NAMES[usize::from(self.0)]
    }

    /// Every zone this build knows, in name order.
    pub fn all() -> impl Iterator<Item = Zone> {
        (0..tzdata::NAMES.len()).filter_map(|i| u16::try_from(i).ok().map(Zone))
    }

    /// The zone's table of offset changes (shared by links with the same changes).
    pub(super) fn offsets(self) -> &'static ZoneOffsets {
        offsets::for_data(usize::from(tzdata::NAME_ZONE[usize::from(self.0)]))
    }

    /// The UTC offset at `t`, in seconds east of UTC.
    pub fn utc_offset(self, t: DateTime<Utc>) -> i32 {
        self.offsets().offset_at(t.timestamp()).0
    }

    /// The wall-clock reading at `t`.
    pub fn local(self, t: DateTime<Utc>) -> NaiveDateTime {
        t.naive_utc() + Duration::seconds(i64::from(self.utc_offset(t)))
    }

    /// The first instant at which the wall clock reads `local`; `None` for a time skipped when
    /// the clocks go forward (as chrono's `from_local_datetime(..).earliest()`).
    pub fn earliest(self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let utc = local.and_utc();
        let secs = utc.timestamp();
        let table = self.offsets();
        let at = table.to_utc(secs);
        (table.local_of(at) == secs)
            .then(|| DateTime::from_timestamp(at, utc.timestamp_subsec_nanos()))
            .flatten()
    }
}

impl FromStr for Zone {
    type Err = UnknownZone;

    /// Exactly the names chrono-tz knows in this build, with the same letter case.
    fn from_str(name: &str) -> Result<Zone, UnknownZone> {
        tzdata::NAMES
            .binary_search(&name)
            .ok()
            .and_then(|i| u16::try_from(i).ok())
            .map(Zone)
            .ok_or(UnknownZone)
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
