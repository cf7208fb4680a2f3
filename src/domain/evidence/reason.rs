//! Why an event is broken ([`Reason`]), and the broken event itself ([`Broken`]), as
//! [`verify`](super::verify()) names them.
//!
//! ```
//! use mesa::domain::event::EventId;
//! use mesa::domain::evidence::{Broken, Reason};
//! let broken = Broken {
//!     event: EventId("01J0000000000000000000000A".into()),
//!     device: "tablet-7".into(),
//!     reason: Reason::Gap { from: 3, to: 3 },
//! };
//! assert_eq!(
//!     broken.to_string(),
//!     "event 01J0000000000000000000000A (device tablet-7): missing predecessor: \
//!      the device's event #3 is not in the history (a gap before this one)"
//! );
//! ```

use std::fmt;

use chrono::{DateTime, Utc};

use crate::domain::event::EventId;

/// One broken event and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    pub event: EventId,
    pub device: String,
    pub reason: Reason,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "event {} (device {}): {}",
            self.event.as_str(),
            self.device,
            self.reason
        )
    }
}

/// Why an event does not hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Its signature does not match its content: changed after it was signed. `next` is the
    /// device's following event when that one's link no longer matches it either.
    Altered { next: Option<EventId> },
    /// Signed with a key its device never published (re-signed by someone else).
    ResignedWithOtherKey { key: String },
    /// Signed, but its device published no key in this history.
    NoPublishedKey,
    /// Signed, but its device's key publication `publication` is itself broken.
    KeyPublicationBroken { publication: EventId },
    /// It takes the place of `of` (same device, same chain position) under a new id.
    Duplicate { of: EventId, seq: u64 },
    /// The device's events `#from..=#to` before it are not in the history.
    Gap { from: u64, to: u64 },
    /// Its link does not hold the hash of the device's previous event `prev`.
    ChainMismatch { prev: EventId },
    /// Dated before the device's previous event `prev`, which its chain says came first.
    Reordered { prev: EventId },
    /// Dated at or after its device's key was revoked.
    RevokedKey { at: DateTime<Utc> },
    /// Publishes a second, different key for a device (`first` published its key).
    SecondKey { first: EventId },
    /// Carries a chain link but no signature (its signature was removed).
    ChainedUnsigned,
    /// Unsigned, but written after its device began signing (`since`: its key publication).
    UnsignedAfterKey { since: EventId },
    /// Another event with the same id and a different content is in the history.
    SameIdDifferentContent,
    /// The report's anchor names it as the device's head (`#seq`) and it is not in the history.
    HeadMissing { seq: u64 },
    /// The report's anchor names it as the device's head, with another hash.
    HeadAltered { seq: u64 },
}

impl Reason {
    /// Whether this follows from another broken event (listed after the causes, so the first
    /// broken event named is where the history was changed).
    pub fn is_consequence(&self) -> bool {
        matches!(self, Self::KeyPublicationBroken { .. })
    }

    /// A stable code per kind of reason (for the texts the ticket page shows).
    pub fn code(&self) -> &'static str {
        match self {
            Self::Altered { .. } => "altered",
            Self::ResignedWithOtherKey { .. } => "resigned",
            Self::NoPublishedKey => "no_published_key",
            Self::KeyPublicationBroken { .. } => "key_publication_broken",
            Self::Duplicate { .. } => "duplicate",
            Self::Gap { .. } => "gap",
            Self::ChainMismatch { .. } => "chain_mismatch",
            Self::Reordered { .. } => "reordered",
            Self::RevokedKey { .. } => "revoked_key",
            Self::SecondKey { .. } => "second_key",
            Self::ChainedUnsigned => "chained_unsigned",
            Self::UnsignedAfterKey { .. } => "unsigned_after_key",
            Self::SameIdDifferentContent => "same_id_different_content",
            Self::HeadMissing { .. } => "head_missing",
            Self::HeadAltered { .. } => "head_altered",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Altered { next: None } => {
                write!(f, "altered: its signature no longer matches its content")
            }
            Self::Altered { next: Some(next) } => write!(
                f,
                "altered: neither its signature nor the hash the device's next event {} holds \
                 match its content",
                next.as_str()
            ),
            Self::ResignedWithOtherKey { key } => write!(
                f,
                "re-signed with another key: {key} is not the key its device published"
            ),
            Self::NoPublishedKey => write!(f, "signed, but its device published no key"),
            Self::KeyPublicationBroken { publication } => write!(
                f,
                "cannot be checked: its device's key publication {} is broken",
                publication.as_str()
            ),
            Self::Duplicate { of, seq } => write!(
                f,
                "duplicate with a new id: it takes the place (#{seq}) of event {}",
                of.as_str()
            ),
            Self::Gap { from, to } if from == to => write!(
                f,
                "missing predecessor: the device's event #{from} is not in the history (a gap \
                 before this one)"
            ),
            Self::Gap { from, to } => write!(
                f,
                "missing predecessors: the device's events #{from} to #{to} are not in the \
                 history (a gap before this one)"
            ),
            Self::ChainMismatch { prev } => write!(
                f,
                "chain broken: it does not hold the hash of the device's previous event {}",
                prev.as_str()
            ),
            Self::Reordered { prev } => write!(
                f,
                "reordered: dated before the device's previous event {}",
                prev.as_str()
            ),
            Self::RevokedKey { at } => write!(
                f,
                "revoked key: dated after its device's key was revoked at {}",
                at.to_rfc3339()
            ),
            Self::SecondKey { first } => write!(
                f,
                "a second key for its device (event {} published the first)",
                first.as_str()
            ),
            Self::ChainedUnsigned => write!(f, "chained but not signed: its signature was removed"),
            Self::UnsignedAfterKey { since } => write!(
                f,
                "unsigned (sin firma) although its device signs since event {}",
                since.as_str()
            ),
            Self::SameIdDifferentContent => {
                write!(f, "another event with the same id and other content")
            }
            Self::HeadMissing { seq } => write!(
                f,
                "missing: the report names it as the device's head (#{seq}) and it is not in \
                 the history"
            ),
            Self::HeadAltered { seq } => write!(
                f,
                "altered: it no longer has the hash the report names for the device's head \
                 (#{seq})"
            ),
        }
    }
}
