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

pub use super::config::SyncConfig;
use super::effect::{Effect, ErrorKind, Request};
use super::protocol::{
    classify_owned, classify_push, classify_status, event_to_doc, BulkDocsResult, ChangesResponse,
    Pulled, StatusClass,
};
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

    /// Reports an HTTP response (status and body text) to the request in flight.
    pub fn on_response(
        &mut self,
        status: u16,
        body: &str,
        now_ms: i64,
        random: u32,
    ) -> Vec<Effect> {
        self.now_ms = now_ms;
        // A cursor the endpoint cannot read (CouchDB answers 400 "Malformed sequence supplied in
        // 'since'" to an integer cursor left by a pouchdb-server that was replaced at the same
        // address): the pull starts again from the beginning, which is safe since events are
        // stored once by id. Once per session: a second refusal is an error.
        if status == 400
            && matches!(self.in_flight, Some(InFlight::Pull))
            && self.checkpoint.is_some()
            && !self.cursor_restarted
        {
            self.in_flight = None;
            self.cursor_restarted = true;
            let refused = self.checkpoint.take().unwrap_or_default();
            return vec![Effect::CursorRestarted { refused }];
        }
        let kind = match classify_status(status) {
            StatusClass::Ok => None,
            StatusClass::Auth => Some(ErrorKind::Auth(status)),
            StatusClass::NotFound => Some(ErrorKind::NotFound),
            StatusClass::Retry => Some(ErrorKind::Unavailable(status)),
            StatusClass::Other => Some(ErrorKind::Http(status)),
        };
        if let Some(kind) = kind {
            return self.on_error(kind, random);
        }
        match self.in_flight {
            Some(InFlight::Push(_)) => match serde_json::from_str::<Vec<BulkDocsResult>>(body) {
                Ok(results) => self.on_push_response(&results, now_ms, random),
                Err(e) => self.on_error(ErrorKind::Protocol(e.to_string()), random),
            },
            Some(InFlight::Pull) => match serde_json::from_str::<ChangesResponse>(body) {
                Ok(response) => self.on_pull_response(response, now_ms, random),
                Err(e) => self.on_error(ErrorKind::Protocol(e.to_string()), random),
            },
            None => Vec::new(),
        }
    }

    /// Reports a parsed `_bulk_docs` response to the push in flight.
    pub fn on_push_response(
        &mut self,
        results: &[BulkDocsResult],
        now_ms: i64,
        random: u32,
    ) -> Vec<Effect> {
        self.now_ms = now_ms;
        let Some(InFlight::Push(sent)) = self.in_flight.take() else {
            return Vec::new();
        };
        let outcome = classify_push(results, &sent);
        let acked: HashSet<&EventId> = outcome.acknowledged.iter().collect();
        // A per-document error (`forbidden`, a validation error, …) is the endpoint's answer
        // for that document: retrying it at once would block everything queued behind it.
        // It is set aside for this session (it stays in the outbox, with its reason); an id
        // with no entry at all is retried with the batch.
        let (refused, missing): (Vec<_>, Vec<_>) = outcome
            .failed
            .into_iter()
            .partition(|(id, _)| results.iter().any(|r| r.id.as_deref() == Some(id.as_str())));
        let refused_ids: HashSet<&EventId> = refused.iter().map(|(id, _)| id).collect();
        self.queue
            .retain(|e| !acked.contains(&e.id) && !refused_ids.contains(&e.id));
        self.pushed += outcome.acknowledged.len() as u64;
        self.rejected += refused.len() as u64;
        self.seen.extend(outcome.acknowledged.iter().cloned());
        let mut effects = Vec::new();
        if !outcome.acknowledged.is_empty() {
            effects.push(Effect::AckOutbox {
                ids: outcome.acknowledged,
            });
        }
        if !refused.is_empty() {
            effects.push(Effect::Rejected { events: refused });
        }
        effects.push(self.progress());
        if missing.is_empty() {
            self.backoff.reset();
        } else {
            let kind = ErrorKind::Protocol(format!(
                "{} document(s) missing from the _bulk_docs response",
                missing.len()
            ));
            effects.extend(self.retry_or_fail(kind, random));
        }
        effects
    }

    /// Reports a parsed `_changes` response to the pull in flight.
    pub fn on_pull_response(
        &mut self,
        response: ChangesResponse,
        now_ms: i64,
        random: u32,
    ) -> Vec<Effect> {
        self.now_ms = now_ms;
        if self.in_flight != Some(InFlight::Pull) {
            return Vec::new();
        }
        if response.last_seq.is_null() {
            return self.on_error(ErrorKind::Protocol("last_seq is missing".into()), random);
        }
        self.in_flight = None;
        self.backoff.reset();
        self.pages += 1;
        let mut events = Vec::new();
        let empty = response.results.is_empty();
        for change in response.results {
            let row_id = change.id.clone();
            match classify_owned(change) {
                Pulled::Event(event) => {
                    if self.seen.insert(event.id.clone()) {
                        events.push(event);
                    }
                }
                Pulled::Ignored => {}
                Pulled::Foreign(doc) => {
                    self.foreign_ids.insert(doc.id.unwrap_or(row_id));
                }
            }
        }
        self.pulled += events.len() as u64;
        let unchanged = self.checkpoint.as_ref() == Some(&response.last_seq);
        let finished = empty || unchanged || response.pending == Some(0);
        let mut effects = Vec::new();
        if let Some(pending) = response.pending {
            effects.push(Effect::Progress {
                pushed: self.pushed,
                pulled: self.pulled,
                total_hint: Some(self.pushed + self.pulled + pending),
            });
        }
        if events.is_empty() && unchanged {
            effects.push(self.finish());
        } else if self.pages >= self.config.max_pages && !finished {
            self.phase = Phase::Failed;
            let kind = ErrorKind::Protocol(format!(
                "the changes feed did not end after {} pages",
                self.pages
            ));
            effects.push(Effect::Failed { kind });
        } else {
            self.phase = Phase::AwaitCommit {
                checkpoint: response.last_seq.clone(),
                finished,
            };
            effects.push(Effect::StoreEvents {
                events,
                checkpoint: response.last_seq,
            });
        }
        effects
    }

    /// The caller committed the events of the last [`Effect::StoreEvents`] and persisted its
    /// checkpoint: the session's cursor moves, and the next page is pulled (or it is done).
    pub fn confirm_committed(&mut self, now_ms: i64) -> Vec<Effect> {
        self.now_ms = now_ms;
        let Phase::AwaitCommit {
            checkpoint,
            finished,
        } = std::mem::replace(&mut self.phase, Phase::Pull)
        else {
            return Vec::new();
        };
        self.checkpoint = Some(checkpoint);
        if finished {
            vec![self.finish()]
        } else {
            vec![self.progress()]
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
