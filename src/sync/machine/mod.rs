//! The sync session as a sans-IO state machine: it decides which request comes next and what a
//! response means; the caller does the HTTP, the storage, the sleeping, and supplies the time and
//! the randomness. One session = push the whole outbox (in batches), then pull the changes feed
//! until it is drained.
//!
//! Safety rules it enforces:
//! - an outbox entry is acknowledged only after the endpoint said `ok` or `conflict` for its id;
//! - the checkpoint moves only in [`SyncSession::confirm_committed`], which the caller calls
//!   after the pulled events are durably committed;
//! - the cursor is kept verbatim (never parsed or ordered), pulled events are deduplicated by id.
//!
//! ```
//! use mesa::sync::effect::{Effect, Request};
//! use mesa::sync::machine::{SyncConfig, SyncSession};
//! let mut session = SyncSession::new(SyncConfig::default(), Vec::new(), None);
//! let Some(Request::Pull { since: None, .. }) = session.next_request() else { panic!() };
//! let effects = session.on_response(200, r#"{"results":[],"last_seq":0}"#, 1_000, 7);
//! assert!(matches!(effects.as_slice(), [Effect::StoreEvents { .. }]));
//! let effects = session.confirm_committed(1_001);
//! assert!(matches!(effects.as_slice(), [Effect::Done { at: 1_001, .. }]));
//! assert_eq!(session.checkpoint(), Some(&serde_json::json!(0)));
//! ```

use std::collections::{HashSet, VecDeque};

use serde_json::Value;

mod responses;

pub use responses::{read_changes, ChangesBody};

pub use super::config::SyncConfig;
use super::effect::{Effect, ErrorKind, Request};
use super::protocol::event_to_doc;
use crate::domain::event::{Event, EventId};

/// Where a session is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionState {
    /// [`SyncSession::next_request`] has a request to send.
    Ready,
    /// A request was handed out and its response is awaited.
    InFlight,
    /// Pulled events were handed out in [`Effect::StoreEvents`]; awaiting `confirm_committed`.
    AwaitingCommit,
    Done,
    Failed,
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Push,
    Pull,
    AwaitCommit { checkpoint: Value, finished: bool },
    Done,
    Failed,
}

#[derive(Clone, Debug, PartialEq)]
enum InFlight {
    Push(Vec<EventId>),
    Pull,
}

/// One sync run. See the module documentation for the loop that drives it.
#[derive(Clone, Debug)]
pub struct SyncSession {
    config: SyncConfig,
    queue: VecDeque<Event>,
    outbox_total: u64,
    checkpoint: Option<Value>,
    phase: Phase,
    in_flight: Option<InFlight>,
    backoff: super::backoff::Backoff,
    seen: HashSet<EventId>,
    foreign_ids: HashSet<String>,
    /// Events the endpoint refused one by one in this session: set aside (they stay in the
    /// caller's outbox) so that they block neither the rest of the push nor the pull.
    rejected: u64,
    pushed: u64,
    pulled: u64,
    pages: u32,
    now_ms: i64,
    /// The stored cursor was refused and the pull started again from the beginning (once per
    /// session).
    cursor_restarted: bool,
}

impl SyncSession {
    /// A session over the current outbox (events not yet acknowledged, oldest first) and the
    /// stored checkpoint (`None` before the first pull).
    pub fn new(config: SyncConfig, outbox: Vec<Event>, checkpoint: Option<Value>) -> Self {
        let backoff = config.backoff.clone();
        Self {
            outbox_total: outbox.len() as u64,
            queue: outbox.into(),
            config,
            checkpoint,
            phase: Phase::Push,
            in_flight: None,
            backoff,
            seen: HashSet::new(),
            foreign_ids: HashSet::new(),
            rejected: 0,
            pushed: 0,
            pulled: 0,
            pages: 0,
            now_ms: 0,
            cursor_restarted: false,
        }
    }

    pub fn state(&self) -> SessionState {
        match (&self.phase, &self.in_flight) {
            (Phase::Done, _) => SessionState::Done,
            (Phase::Failed, _) => SessionState::Failed,
            (Phase::AwaitCommit { .. }, _) => SessionState::AwaitingCommit,
            (_, Some(_)) => SessionState::InFlight,
            _ => SessionState::Ready,
        }
    }

    /// The confirmed cursor (what the caller has persisted).
    pub fn checkpoint(&self) -> Option<&Value> {
        self.checkpoint.as_ref()
    }

    /// The timeout the transport must apply to every request.
    pub fn timeout_ms(&self) -> u64 {
        self.config.timeout_ms
    }

    /// The next request to send, or `None` while one is in flight, while pulled events await
    /// `confirm_committed`, or once the session is over. After an [`Effect::Wait`], this is the
    /// retry.
    pub fn next_request(&mut self) -> Option<Request> {
        if self.in_flight.is_some() {
            return None;
        }
        if self.phase == Phase::Push && self.queue.is_empty() {
            self.phase = Phase::Pull;
        }
        match self.phase {
            Phase::Push => {
                let batch: Vec<&Event> = self
                    .queue
                    .iter()
                    .take(self.config.push_batch.max(1))
                    .collect();
                let ids: Vec<EventId> = batch.iter().map(|e| e.id.clone()).collect();
                let docs = batch.into_iter().map(event_to_doc).collect();
                self.in_flight = Some(InFlight::Push(ids.clone()));
                Some(Request::Push { docs, ids })
            }
            Phase::Pull => {
                self.in_flight = Some(InFlight::Pull);
                Some(Request::Pull {
                    since: self.checkpoint.clone(),
                    limit: self.config.pull_limit,
                })
            }
            _ => None,
        }
    }

    /// While pulled events await `confirm_committed`: the pull that follows their commit, for
    /// the caller to send while it commits and to answer [`Self::next_request`] with (the same
    /// request) once confirmed. `None` after the last page. The checkpoint still moves only in
    /// `confirm_committed`; a failed commit drops the early response with the session.
    ///
    /// ```
    /// use mesa::sync::effect::Request;
    /// use mesa::sync::machine::{SyncConfig, SyncSession};
    /// let mut session = SyncSession::new(SyncConfig::default(), Vec::new(), None);
    /// session.next_request();
    /// session.on_response(200, r#"{"results":[{"seq":1,"id":"x"}],"last_seq":1,"pending":5}"#, 1, 7);
    /// let early = session.prefetch_request();
    /// assert_eq!(early, Some(Request::Pull { since: Some(serde_json::json!(1)), limit: 1_000 }));
    /// session.confirm_committed(2);
    /// assert_eq!(session.next_request(), early);
    /// ```
    pub fn prefetch_request(&self) -> Option<Request> {
        match &self.phase {
            Phase::AwaitCommit {
                checkpoint,
                finished: false,
            } if self.in_flight.is_none() => Some(Request::Pull {
                since: Some(checkpoint.clone()),
                limit: self.config.pull_limit,
            }),
            _ => None,
        }
    }

    /// Reports a request that got no usable response (network error, timeout, or an error
    /// status via [`Self::on_response`]). Retryable errors give [`Effect::Wait`] until
    /// `max_attempts`; the rest give [`Effect::Failed`].
    pub fn on_error(&mut self, kind: ErrorKind, random: u32) -> Vec<Effect> {
        if self.in_flight.take().is_none() {
            return Vec::new();
        }
        self.retry_or_fail(kind, random)
    }

    fn retry_or_fail(&mut self, kind: ErrorKind, random: u32) -> Vec<Effect> {
        if kind.is_retryable() && self.backoff.attempt + 1 < self.config.max_attempts {
            vec![Effect::Wait {
                ms: self.backoff.next_delay(random),
                after: kind,
            }]
        } else {
            self.phase = Phase::Failed;
            vec![Effect::Failed { kind }]
        }
    }

    fn progress(&self) -> Effect {
        let total_hint = match self.phase {
            Phase::Push => Some(self.outbox_total),
            _ => None,
        };
        Effect::Progress {
            pushed: self.pushed,
            pulled: self.pulled,
            total_hint,
        }
    }

    fn finish(&mut self) -> Effect {
        self.phase = Phase::Done;
        Effect::Done {
            at: self.now_ms,
            pushed: self.pushed,
            pulled: self.pulled,
            foreign: self.foreign_ids.len() as u64,
            rejected: self.rejected,
        }
    }
}
