//! One sync session over the endpoint: the same sans-IO machine as the browser
//! ([`SyncSession`]), driven with blocking HTTP and the SQLite store. Pulled events and their
//! checkpoint commit in one transaction before the session is told (`confirm_committed`); the
//! outbox loses an event only when the endpoint acknowledged it; retries wait the machine's
//! backoff (with jitter).

use std::collections::VecDeque;

use mesa::sync::effect::{Effect, ErrorKind};
use mesa::sync::machine::{SyncConfig, SyncSession};
use serde_json::json;

use super::http::Endpoint;
use super::log;
use super::store::{Store, StoreError};
use super::Jitter;

/// Why a session did not finish.
#[derive(Debug)]
pub enum SyncFailure {
    /// The endpoint failed and retrying (up to the machine's limit) did not help.
    Endpoint(ErrorKind),
    Store(StoreError),
}

impl std::fmt::Display for SyncFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Endpoint(kind) => write!(f, "{kind}"),
            Self::Store(e) => write!(f, "{e}"),
        }
    }
}

impl From<StoreError> for SyncFailure {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// What a finished session did.
#[derive(Debug, Default)]
pub struct Synced {
    pub pushed: u64,
    pub pulled: u64,
    /// Pulled events that were new here.
    pub added: usize,
}

/// The key of this endpoint's checkpoint in the store.
pub fn checkpoint_key(endpoint: &Endpoint) -> String {
    format!("checkpoint:{}/{}", endpoint.base, endpoint.db)
}

/// Pushes the outbox and pulls the feed until drained.
pub fn sync_once(
    endpoint: &Endpoint,
    store: &mut Store,
    config: &SyncConfig,
    jitter: &mut Jitter,
) -> Result<Synced, SyncFailure> {
    let key = checkpoint_key(endpoint);
    let outbox = store.outbox()?;
    let checkpoint = store.checkpoint(&key)?;
    let mut session = SyncSession::new(config.clone(), outbox, checkpoint);
    let timeout = session.timeout_ms();
    let mut added = 0usize;
    while let Some(request) = session.next_request() {
        let url = request.url(&endpoint.base, &endpoint.db);
        let body = request.body();
        let sent = endpoint.send(request.method(), &url, body.as_deref(), timeout);
        let now = chrono::Utc::now().timestamp_millis();
        let mut effects: VecDeque<Effect> = match sent {
            Ok((status, text)) => session.on_response(status, &text, now, jitter.next()),
            Err(kind) => session.on_error(kind, jitter.next()),
        }
        .into();
        while let Some(effect) = effects.pop_front() {
            match effect {
                Effect::StoreEvents { events, checkpoint } => {
                    let new = store.store_pulled(&events, &key, &checkpoint)?;
                    added += new;
                    if !events.is_empty() {
                        log::info("pulled", json!({"events": events.len(), "new": new}));
                    }
                    let now = chrono::Utc::now().timestamp_millis();
                    effects.extend(session.confirm_committed(now));
                }
                Effect::AckOutbox { ids } => {
                    store.ack(&ids)?;
                    log::info("pushed", json!({"events": ids.len()}));
                }
                Effect::Rejected { events } => {
                    for (id, reason) in events {
                        log::warn(
                            "push_refused",
                            json!({"event": id.as_str(), "reason": reason}),
                        );
                    }
                }
                Effect::Wait { ms, after } => {
                    log::warn("retry", json!({"after": after.to_string(), "wait_ms": ms}));
                    std::thread::sleep(std::time::Duration::from_millis(ms));
                }
                Effect::Progress { .. } => {}
                Effect::CursorRestarted { refused } => {
                    log::warn(
                        "cursor_refused",
                        json!({"refused": refused, "then": "reading the feed from the beginning"}),
                    );
                }
                Effect::Done {
                    pushed,
                    pulled,
                    foreign,
                    rejected,
                    ..
                } => {
                    if foreign > 0 || rejected > 0 {
                        log::warn(
                            "sync_skipped",
                            json!({"foreign_documents": foreign, "refused_events": rejected}),
                        );
                    }
                    return Ok(Synced {
                        pushed,
                        pulled,
                        added,
                    });
                }
                Effect::Failed { kind } => return Err(SyncFailure::Endpoint(kind)),
            }
        }
    }
    Err(SyncFailure::Endpoint(ErrorKind::Protocol(
        "the session stopped without finishing".into(),
    )))
}
