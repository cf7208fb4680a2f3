//! What a response means: the push's acknowledgments, a pulled page, the caller's commit.

use std::collections::HashSet;

use super::{InFlight, Phase, SyncSession};
use crate::domain::event::EventId;
use crate::sync::effect::{Effect, ErrorKind};
use crate::sync::protocol::{
    classify_owned, classify_push, classify_status, BulkDocsResult, ChangesResponse, Pulled,
    StatusClass,
};

/// A `_changes` page's body as read ([`read_changes`]), or why it could not be.
pub type ChangesBody = Result<ChangesResponse, String>;

/// Reads a `_changes` page's body, apart from its session: a caller may read the next page
/// while the current one commits, then report it with [`SyncSession::on_pulled`].
pub fn read_changes(body: &str) -> ChangesBody {
    serde_json::from_str(body).map_err(|e| e.to_string())
}

impl SyncSession {
    /// Reports an HTTP response (status and body text) to the request in flight.
    pub fn on_response(
        &mut self,
        status: u16,
        body: &str,
        now_ms: i64,
        random: u32,
    ) -> Vec<Effect> {
        if let Some(effects) = self.on_status(status, now_ms, random) {
            return effects;
        }
        match self.in_flight {
            Some(InFlight::Push(_)) => match serde_json::from_str::<Vec<BulkDocsResult>>(body) {
                Ok(results) => self.on_push_response(&results, now_ms, random),
                Err(e) => self.on_error(ErrorKind::Protocol(e.to_string()), random),
            },
            Some(InFlight::Pull) => self.on_changes_body(read_changes(body), now_ms, random),
            None => Vec::new(),
        }
    }

    /// [`Self::on_response`] for the pull in flight, its body read already (see
    /// [`read_changes`]): the same effects.
    ///
    /// ```
    /// use mesa::sync::machine::{read_changes, SyncConfig, SyncSession};
    /// let body = r#"{"results":[],"last_seq":3}"#;
    /// let mut read = SyncSession::new(SyncConfig::default(), Vec::new(), None);
    /// let mut text = read.clone();
    /// read.next_request();
    /// text.next_request();
    /// assert_eq!(read.on_pulled(200, read_changes(body), 1, 7), text.on_response(200, body, 1, 7));
    /// ```
    pub fn on_pulled(
        &mut self,
        status: u16,
        body: ChangesBody,
        now_ms: i64,
        random: u32,
    ) -> Vec<Effect> {
        if let Some(effects) = self.on_status(status, now_ms, random) {
            return effects;
        }
        match self.in_flight {
            Some(InFlight::Pull) => self.on_changes_body(body, now_ms, random),
            _ => Vec::new(),
        }
    }

    fn on_changes_body(&mut self, body: ChangesBody, now_ms: i64, random: u32) -> Vec<Effect> {
        match body {
            Ok(response) => self.on_pull_response(response, now_ms, random),
            Err(e) => self.on_error(ErrorKind::Protocol(e), random),
        }
    }

    /// What a response's status says before its body is looked at: `Some` effects when it
    /// is not a success (a refused cursor, an error to retry or to fail on).
    fn on_status(&mut self, status: u16, now_ms: i64, random: u32) -> Option<Vec<Effect>> {
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
            return Some(vec![Effect::CursorRestarted { refused }]);
        }
        let kind = match classify_status(status) {
            StatusClass::Ok => None,
            StatusClass::Auth => Some(ErrorKind::Auth(status)),
            StatusClass::NotFound => Some(ErrorKind::NotFound),
            StatusClass::Retry => Some(ErrorKind::Unavailable(status)),
            StatusClass::Other => Some(ErrorKind::Http(status)),
        };
        kind.map(|kind| self.on_error(kind, random))
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
}
