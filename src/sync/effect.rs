//! What the sync state machine asks of its caller: [`Request`]s to send over HTTP, and
//! [`Effect`]s to apply to the local store and the UI. [`ErrorKind`] is how a failed request is
//! reported back.

use std::fmt;

use serde_json::Value;

use super::protocol::{bulk_docs_url, changes_url, BulkDocsRequest};
use crate::domain::event::{Event, EventId};

/// One HTTP request the caller should make, then report with
/// [`SyncSession::on_response`](super::machine::SyncSession::on_response) or
/// [`SyncSession::on_error`](super::machine::SyncSession::on_error).
///
/// ```
/// use mesa::sync::effect::Request;
/// let pull = Request::Pull { since: Some(serde_json::json!(12)), limit: 100 };
/// assert_eq!(pull.method(), "GET");
/// assert_eq!(pull.url("http://h", "mesa"),
///            "http://h/mesa/_changes?since=12&include_docs=true&limit=100");
/// assert_eq!(pull.body(), None);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// `POST {db}/_bulk_docs` with these documents (one per outbox event, in outbox order).
    Push { docs: Vec<Value>, ids: Vec<EventId> },
    /// `GET {db}/_changes?since=…&include_docs=true&limit=…`.
    Pull { since: Option<Value>, limit: u32 },
}

impl Request {
    pub fn method(&self) -> &'static str {
        match self {
            Self::Push { .. } => "POST",
            Self::Pull { .. } => "GET",
        }
    }

    /// The full URL, given the endpoint's base URL and database name.
    pub fn url(&self, base: &str, db: &str) -> String {
        match self {
            Self::Push { .. } => bulk_docs_url(base, db),
            Self::Pull { since, limit } => changes_url(base, db, since.as_ref(), *limit),
        }
    }

    /// The JSON body (`Content-Type: application/json`), if the request has one.
    pub fn body(&self) -> Option<String> {
        match self {
            Self::Push { docs, .. } => {
                serde_json::to_string(&BulkDocsRequest { docs: docs.clone() }).ok()
            }
            Self::Pull { .. } => None,
        }
    }
}

/// Why a request failed.
///
/// ```
/// use mesa::sync::effect::ErrorKind;
/// assert!(ErrorKind::Timeout.is_retryable());
/// assert!(!ErrorKind::Auth(401).is_retryable());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// No connection, DNS failure, CORS refusal, connection reset.
    Network,
    /// No complete response within the configured timeout (a half-open connection).
    Timeout,
    /// 401 / 403.
    Auth(u16),
    /// 404: the database does not exist.
    NotFound,
    /// 5xx, 408, 429: the server is there but cannot answer now.
    Unavailable(u16),
    /// Any other unexpected status.
    Http(u16),
    /// A 2xx response whose body is not what the API promises.
    Protocol(String),
    /// The endpoint refused some documents of a push (per-document errors other than
    /// `conflict`); they stay in the outbox and are retried by the next session.
    Rejected { count: usize, reason: String },
}

impl ErrorKind {
    /// Whether trying again later may succeed (with backoff, up to the attempt limit).
    pub fn is_retryable(&self) -> bool {
        !matches!(self, Self::Auth(_) | Self::NotFound | Self::Http(_))
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Network => write!(f, "the sync endpoint cannot be reached"),
            Self::Timeout => write!(f, "the sync endpoint did not answer in time"),
            Self::Auth(s) => write!(f, "the sync endpoint refused the credentials (HTTP {s})"),
            Self::NotFound => write!(f, "the sync database does not exist (HTTP 404)"),
            Self::Unavailable(s) => write!(f, "the sync endpoint is unavailable (HTTP {s})"),
            Self::Http(s) => write!(f, "unexpected answer from the sync endpoint (HTTP {s})"),
            Self::Protocol(m) => write!(f, "unreadable answer from the sync endpoint: {m}"),
            Self::Rejected { count, reason } => {
                write!(f, "the sync endpoint refused {count} event(s): {reason}")
            }
        }
    }
}

/// What the caller must do, in the order given.
///
/// ```
/// use mesa::sync::effect::Effect;
/// let effect = Effect::Wait { ms: 1_500, after: mesa::sync::effect::ErrorKind::Timeout };
/// assert!(!effect.is_final());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Commit these pulled events to the local log (skipping ids already stored, NOT into the
    /// outbox) and persist `checkpoint` — both durably, events first or in one transaction —
    /// and only then call `confirm_committed`. `events` may be empty (the cursor still moves).
    StoreEvents {
        events: Vec<Event>,
        checkpoint: Value,
    },
    /// The endpoint stored these events: remove them from the outbox.
    AckOutbox { ids: Vec<EventId> },
    /// For the UI. `total_hint` is the outbox size while pushing, and pushed + pulled + the
    /// server's `pending` while pulling (`None` when the server does not send `pending`).
    Progress {
        pushed: u64,
        pulled: u64,
        total_hint: Option<u64>,
    },
    /// The endpoint refused these events one by one (`forbidden`, a validation error, …; the
    /// text is `error: reason` as the endpoint sent it). They stay in the outbox — record the
    /// reason there for the user — and the next session tries them again; this one goes on.
    Rejected { events: Vec<(EventId, String)> },
    /// Sleep this long, then ask for the next request (the retry). `after` is the failure
    /// being retried, for the UI to show while it waits.
    Wait { ms: u64, after: ErrorKind },
    /// Everything was pushed and the feed is drained. `at` is the `now_ms` of the last call.
    Done {
        at: i64,
        pushed: u64,
        pulled: u64,
        /// Documents in the feed that are not Mesa events (skipped).
        foreign: u64,
        /// Events the endpoint refused in this session (see [`Effect::Rejected`]).
        rejected: u64,
    },
    /// The session gave up; what was acknowledged and committed so far stays done.
    Failed { kind: ErrorKind },
    /// The endpoint refused the stored cursor (`refused`, HTTP 400): the pull starts again from
    /// the beginning (events already stored are skipped by id). Tell the user; the next
    /// [`Effect::StoreEvents`] replaces the stored cursor.
    CursorRestarted { refused: Value },
}

impl Effect {
    /// `Done` or `Failed`: the session makes no more requests.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Done { .. } | Self::Failed { .. })
    }
}
