//! What a [`super::BlobSession`] asks its caller to do, and why a file was set aside.

use std::fmt;

use super::request::Direction;
use crate::domain::content_hash::ContentHash;
use crate::sync::effect::ErrorKind;

/// Why a file was set aside for this session (it stays queued: the next session tries again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlobProblem {
    /// `413`: the endpoint refuses a file this large.
    TooLarge,
    /// `404` on download: the device that took the file has not uploaded it yet.
    NotOnEndpoint,
    /// The downloaded bytes did not hash to the file's id, every try of this session.
    Corrupt,
    /// Any other refusal, with its HTTP status.
    Refused(u16),
}

impl BlobProblem {
    /// A stable code (locale keys `attachments.problem.<code>`).
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooLarge => "too_large",
            Self::NotOnEndpoint => "not_on_endpoint",
            Self::Corrupt => "corrupt",
            Self::Refused(_) => "refused",
        }
    }
}

impl fmt::Display for BlobProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge => write!(f, "the sync endpoint refuses a file this large (HTTP 413)"),
            Self::NotOnEndpoint => write!(f, "the file is not on the sync endpoint yet"),
            Self::Corrupt => write!(f, "the bytes received do not match the file"),
            Self::Refused(s) => write!(f, "the sync endpoint refused the file (HTTP {s})"),
        }
    }
}

/// What the caller must do, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum BlobEffect {
    /// The endpoint holds the file (stored now, or already there): record it durably so it is
    /// not uploaded again.
    Uploaded { hash: ContentHash },
    /// The body just received is the file `hash` (verified): store it under `hash` (it is on
    /// the endpoint too).
    Store { hash: ContentHash },
    /// Bytes that do not hash to `hash` arrived: the caller drops them; the file is fetched
    /// again.
    Discarded { hash: ContentHash },
    /// This file is left for a later session (see [`BlobProblem`]); the session goes on.
    SetAside {
        hash: ContentHash,
        direction: Direction,
        problem: BlobProblem,
    },
    /// Files finished (moved, or set aside) out of `total`.
    Progress { finished: usize, total: usize },
    /// Sleep, then ask for the next request (the retry of the same file).
    Wait { ms: u64, after: ErrorKind },
    /// Every file was tried.
    Done {
        uploaded: usize,
        downloaded: usize,
        set_aside: usize,
    },
    /// The session gave up (no connection, refused credentials); what was done stays done and
    /// the rest stays queued.
    Failed { kind: ErrorKind },
}

impl BlobEffect {
    /// `Done` or `Failed`.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Done { .. } | Self::Failed { .. })
    }
}
