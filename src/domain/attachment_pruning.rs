//! Freeing space on one device (#16): which attachment bytes it may drop because they belong
//! only to tickets closed long ago and can be fetched again from the endpoint when such a
//! ticket is opened.
//!
//! The rule, for each file this device holds:
//! - only a copy that came **from the endpoint** (downloaded) may go. A file captured or
//!   imported here is kept, uploaded or not: bytes never synced are never dropped, and this
//!   device's own files are not its to drop;
//! - every ticket that names the file must be **closed**, and closed more than N days before
//!   now. One ticket that is open again, or closed recently, or not known here, keeps it.
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use mesa::domain::attachment_pruning::*;
//! use mesa::domain::content_hash::ContentHash;
//! use mesa::domain::event::TicketId;
//! let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
//! let photo = ContentHash::of(b"photo");
//! let old = TicketId("t-old".into());
//! let tickets = [TicketClosure { ticket: old.clone(), closed_at: Some(now - Duration::days(40)) }];
//! let uses = [FileUse { ticket: old, hash: photo.clone() }];
//! let held = [HeldCopy { hash: photo.clone(), origin: CopyOrigin::Downloaded, size: 5 }];
//! let days = PruneDays::new(30).unwrap();
//! assert_eq!(prunable(&tickets, &uses, &held, now, days), [photo]);
//! assert!(prunable(&tickets, &uses, &held, now, PruneDays::new(60).unwrap()).is_empty());
//! ```

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Duration, Utc};

use super::content_hash::ContentHash;
use super::event::TicketId;
use super::ticket::{Status, Ticket};

/// The fewest days a setting may name.
pub const MIN_DAYS: u16 = 1;
/// The most days a setting may name (ten years).
pub const MAX_DAYS: u16 = 3650;
/// The days offered before the person chooses.
pub const DEFAULT_DAYS: u16 = 90;

/// How many days after its ticket was closed a downloaded file may be dropped
/// ([`MIN_DAYS`]..=[`MAX_DAYS`]).
///
/// ```
/// use mesa::domain::attachment_pruning::{DaysError, PruneDays};
/// assert_eq!(PruneDays::parse(" 30 ").map(PruneDays::get), Ok(30));
/// assert_eq!(PruneDays::parse(""), Err(DaysError::Empty));
/// assert_eq!(PruneDays::parse("2,5"), Err(DaysError::NotANumber));
/// assert_eq!(PruneDays::parse("0"), Err(DaysError::OutOfRange));
/// assert_eq!(PruneDays::parse("3651"), Err(DaysError::OutOfRange));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct PruneDays(u16);

/// Why a number of days was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DaysError {
    Empty,
    NotANumber,
    OutOfRange,
}

impl PruneDays {
    pub fn new(days: u16) -> Option<Self> {
        (MIN_DAYS..=MAX_DAYS).contains(&days).then_some(Self(days))
    }

    /// Reads what a person typed: a whole number of days.
    pub fn parse(text: &str) -> Result<Self, DaysError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(DaysError::Empty);
        }
        if !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(DaysError::NotANumber);
        }
        text.parse::<u16>()
            .ok()
            .and_then(Self::new)
            .ok_or(DaysError::OutOfRange)
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

impl Default for PruneDays {
    fn default() -> Self {
        Self(DEFAULT_DAYS)
    }
}

/// This device's setting: whether it frees space by itself, and after how many days.
/// Stored on the device only (never synced) as `on:N` or `off:N`.
///
/// ```
/// use mesa::domain::attachment_pruning::{PruneDays, PruneSetting};
/// let on = PruneSetting { enabled: true, days: PruneDays::new(30).unwrap() };
/// assert_eq!(PruneSetting::from_code(&on.code()), on);
/// // Nothing stored, or something unreadable: off, with the default days.
/// assert_eq!(PruneSetting::from_code(""), PruneSetting::default());
/// assert!(!PruneSetting::from_code("on:0").enabled);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PruneSetting {
    pub enabled: bool,
    pub days: PruneDays,
}

impl PruneSetting {
    pub fn code(self) -> String {
        let state = if self.enabled { "on" } else { "off" };
        format!("{state}:{}", self.days.get())
    }

    pub fn from_code(code: &str) -> Self {
        let parsed = code.split_once(':').and_then(|(state, days)| {
            let days = PruneDays::parse(days).ok()?;
            match state {
                "on" => Some(Self {
                    enabled: true,
                    days,
                }),
                "off" => Some(Self {
                    enabled: false,
                    days,
                }),
                _ => None,
            }
        });
        parsed.unwrap_or_default()
    }
}

/// A ticket as the rule sees it: `closed_at` only while it is closed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TicketClosure {
    pub ticket: TicketId,
    pub closed_at: Option<DateTime<Utc>>,
}

impl TicketClosure {
    /// A closed ticket with its closing time; any other status counts as not closed.
    pub fn of(ticket: &Ticket) -> Self {
        Self {
            ticket: ticket.id.clone(),
            closed_at: ticket.closed_at.filter(|_| ticket.status == Status::Closed),
        }
    }
}

/// A ticket names a file (an attachment event with its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileUse {
    pub ticket: TicketId,
    pub hash: ContentHash,
}

/// Where this device's copy of a file came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CopyOrigin {
    /// Fetched from the endpoint: it can be fetched again.
    Downloaded,
    /// Captured (or imported) here and uploaded since.
    CapturedUploaded,
    /// Captured (or imported) here and not on the endpoint yet.
    CapturedNotUploaded,
}

/// A file whose bytes this device holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldCopy {
    pub hash: ContentHash,
    pub origin: CopyOrigin,
    /// Its size in bytes (for the count of space freed).
    pub size: u64,
}

/// Whether a ticket lets its files go at `now`.
fn lets_go(closure: &TicketClosure, now: DateTime<Utc>, days: PruneDays) -> bool {
    closure
        .closed_at
        .is_some_and(|at| at + Duration::days(i64::from(days.get())) <= now)
}

/// The files this device may drop at `now`, each once, in hash order (see the module's rule).
pub fn prunable(
    tickets: &[TicketClosure],
    uses: &[FileUse],
    held: &[HeldCopy],
    now: DateTime<Utc>,
    days: PruneDays,
) -> Vec<ContentHash> {
    // A ticket listed twice lets go only if every entry does.
    let mut eligible: BTreeMap<&TicketId, bool> = BTreeMap::new();
    for t in tickets {
        *eligible.entry(&t.ticket).or_insert(true) &= lets_go(t, now, days);
    }
    // Every hash some ticket names, and those some ticket still needs.
    let mut named = BTreeSet::new();
    let mut needed = BTreeSet::new();
    for u in uses {
        named.insert(&u.hash);
        if !eligible.get(&u.ticket).copied().unwrap_or(false) {
            needed.insert(&u.hash);
        }
    }
    let mut kept_here = BTreeSet::new();
    for copy in held {
        if copy.origin != CopyOrigin::Downloaded {
            kept_here.insert(&copy.hash);
        }
    }
    let chosen: BTreeSet<&ContentHash> = held
        .iter()
        .filter(|c| c.origin == CopyOrigin::Downloaded)
        .map(|c| &c.hash)
        .filter(|h| named.contains(h) && !needed.contains(h) && !kept_here.contains(h))
        .collect();
    chosen.into_iter().cloned().collect()
}

/// What freeing space did: how many files and bytes left this device.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Freed {
    pub files: usize,
    pub bytes: u64,
}
