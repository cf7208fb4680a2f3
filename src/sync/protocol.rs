//! The wire format of the sync endpoint: the subset of the CouchDB HTTP API that an append-only
//! event log needs (`POST {db}/_bulk_docs`, `GET {db}/_changes`), and the rules for reading it.
//!
//! A sync document is the event JSON plus `_id` (the event id). Everything the server adds
//! (`_rev`, `_deleted`, …) is ignored on the way back.
//!
//! ```
//! use mesa::sync::protocol::{doc_to_event, event_to_doc};
//! # use mesa::domain::event::*;
//! # let hlc = Hlc::first(1_767_225_600_000, "tablet-7");
//! # let id = EventId::from_parts(hlc.wall_ms, 42);
//! # let event = Event::new(id.clone(), id.as_ticket(), hlc, "ana", EventKind::AutoClosed);
//! let mut doc = event_to_doc(&event);
//! assert_eq!(doc["_id"], doc["id"]);
//! doc["_rev"] = "1-abc".into(); // what the server adds
//! assert_eq!(doc_to_event(&doc).unwrap(), event);
//! ```

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::domain::content_hash::BLOB_DOC_PREFIX;
use crate::domain::event::{Event, EventId};

pub use super::url::{bulk_docs_url, changes_url, percent_decode, percent_encode};

/// The body of `POST {db}/_bulk_docs`.
///
/// ```
/// use mesa::sync::protocol::BulkDocsRequest;
/// let body = BulkDocsRequest { docs: vec![serde_json::json!({"_id": "a"})] };
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"docs":[{"_id":"a"}]}"#);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BulkDocsRequest {
    pub docs: Vec<Value>,
}

/// One entry of the `_bulk_docs` response: `{id, ok, rev}` when stored, `{id, error, reason}`
/// when not. The response is an array of these, one per document sent (the batch is not atomic).
///
/// ```
/// use mesa::sync::protocol::BulkDocsResult;
/// let r: BulkDocsResult =
///     serde_json::from_str(r#"{"id":"x","error":"conflict","reason":"Document update conflict."}"#)
///         .unwrap();
/// assert!(r.is_acknowledged());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BulkDocsResult {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ok: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rev: Option<String>,
    /// The error name (`"conflict"`, `"forbidden"`, …); read leniently: any JSON is turned into
    /// text, so a server that sends `"error": true` does not break the whole response.
    #[serde(
        default,
        deserialize_with = "lenient_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub error: Option<String>,
    #[serde(
        default,
        deserialize_with = "lenient_text",
        skip_serializing_if = "Option::is_none"
    )]
    pub reason: Option<String>,
}

impl BulkDocsResult {
    /// Stored now (`ok`), or already stored before (`conflict`: the id exists, and event ids are
    /// never reused, so it is the same event pushed earlier).
    pub fn is_acknowledged(&self) -> bool {
        self.error.as_deref() == Some("conflict")
            || (self.error.is_none() && (self.ok == Some(true) || self.rev.is_some()))
    }
}

fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match Option::<Value>::deserialize(d)? {
        None | Some(Value::Null) | Some(Value::Bool(false)) => None,
        Some(Value::String(s)) => Some(s),
        Some(other) => Some(other.to_string()),
    })
}

/// The response of `GET {db}/_changes?include_docs=true`.
///
/// ```
/// use mesa::sync::protocol::ChangesResponse;
/// let r: ChangesResponse = serde_json::from_str(r#"{"results":[],"last_seq":7}"#).unwrap();
/// assert_eq!(r.last_seq, 7);
/// assert_eq!(r.pending, None);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangesResponse {
    pub results: Vec<Change>,
    /// The cursor for the next request: opaque JSON (an integer on PouchDB, a string on
    /// CouchDB ≥ 2). Stored verbatim; never parsed or ordered.
    pub last_seq: Value,
    /// How many changes remain after this page (absent on some servers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<u64>,
}

/// One row of a changes feed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub seq: Value,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted: Option<bool>,
}

/// A document that is not a Mesa event (some other application shares the database, or a
/// corrupted write): skipped and counted, never fatal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignDoc {
    pub id: Option<String>,
    pub reason: String,
}

impl fmt::Display for ForeignDoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.id.as_deref().unwrap_or("?");
        write!(f, "document {id} is not a Mesa event: {}", self.reason)
    }
}

impl std::error::Error for ForeignDoc {}

/// The sync document of an event: its JSON plus `_id` = the event id.
///
/// ```
/// # use mesa::domain::event::*;
/// # let hlc = Hlc::first(1_767_225_600_000, "d1");
/// # let id = EventId::from_parts(hlc.wall_ms, 1);
/// # let event = Event::new(id.clone(), id.as_ticket(), hlc, "ana", EventKind::AutoClosed);
/// let doc = mesa::sync::protocol::event_to_doc(&event);
/// assert_eq!(doc["_id"], event.id.as_str());
/// ```
pub fn event_to_doc(event: &Event) -> Value {
    let mut doc = serde_json::to_value(event).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut doc {
        map.insert("_id".into(), Value::String(event.id.0.clone()));
    }
    doc
}

/// Reads an event back from a sync document, ignoring the server's `_` fields. A document
/// whose `_id` differs from its `id`, or that does not parse as an event, is [`ForeignDoc`].
///
/// ```
/// use mesa::sync::protocol::doc_to_event;
/// let foreign = doc_to_event(&serde_json::json!({"_id": "cat", "name": "Tom"}));
/// assert_eq!(foreign.unwrap_err().id.as_deref(), Some("cat"));
/// ```
pub fn doc_to_event(doc: &Value) -> Result<Event, ForeignDoc> {
    doc_into_event(doc.clone())
}

/// [`doc_to_event`] taking the document (a pulled page's rows are read without copying them).
pub fn doc_into_event(doc: Value) -> Result<Event, ForeignDoc> {
    let underscore_id = doc.get("_id").and_then(Value::as_str).map(str::to_string);
    let foreign = |reason: String| ForeignDoc {
        id: underscore_id.clone(),
        reason,
    };
    let Value::Object(mut fields) = doc else {
        return Err(foreign("not a JSON object".into()));
    };
    fields.retain(|k, _| !k.starts_with('_'));
    match (&underscore_id, fields.get("id").and_then(Value::as_str)) {
        (Some(a), Some(b)) if a != b => {
            return Err(foreign(format!("_id {a} differs from id {b}")));
        }
        (Some(a), None) => {
            fields.insert("id".into(), Value::String(a.clone()));
        }
        _ => {}
    }
    serde_json::from_value(Value::Object(fields)).map_err(|e| foreign(e.to_string()))
}

/// What one row of a changes feed means for Mesa.
// A transient value per row, matched at once: not worth boxing the event.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Pulled {
    Event(Event),
    /// Not data: a design document (`_design/…`), a local document, an attachment's bytes
    /// (`blob-<sha256>`, see [`crate::sync::blobs`]), a deletion, or a row without its document.
    Ignored,
    Foreign(ForeignDoc),
}

/// Classifies one row of a changes feed.
///
/// ```
/// use mesa::sync::protocol::{classify_change, Change, Pulled};
/// let row: Change = serde_json::from_value(serde_json::json!(
///     {"seq": 3, "id": "_design/app", "doc": {"_id": "_design/app", "views": {}}})).unwrap();
/// assert_eq!(classify_change(&row), Pulled::Ignored);
/// ```
pub fn classify_change(change: &Change) -> Pulled {
    classify_owned(change.clone())
}

/// [`classify_change`] taking the row (its document is moved into the event, not copied).
pub fn classify_owned(change: Change) -> Pulled {
    let doc_deleted = change
        .doc
        .as_ref()
        .and_then(|d| d.get("_deleted"))
        .and_then(Value::as_bool)
        == Some(true);
    if change.id.starts_with("_design/")
        || change.id.starts_with("_local/")
        || change.id.starts_with(BLOB_DOC_PREFIX)
        || change.deleted == Some(true)
        || doc_deleted
    {
        return Pulled::Ignored;
    }
    match change.doc {
        None | Some(Value::Null) => Pulled::Ignored,
        Some(doc) => match doc_into_event(doc) {
            Ok(event) if event.id.0 == change.id => Pulled::Event(event),
            Ok(event) => Pulled::Foreign(ForeignDoc {
                id: Some(change.id.clone()),
                reason: format!("row id differs from event id {}", event.id.0),
            }),
            Err(foreign) => Pulled::Foreign(foreign),
        },
    }
}

/// How a push went, per event.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PushOutcome {
    /// Stored on the endpoint (now or before): these may leave the outbox.
    pub acknowledged: Vec<EventId>,
    /// Not stored, with the reason; they stay in the outbox.
    pub failed: Vec<(EventId, String)>,
}

/// Checks a `_bulk_docs` response entry by entry against the ids sent. An id with no entry in
/// the response failed; entries for ids not sent are ignored.
///
/// ```
/// use mesa::domain::event::EventId;
/// use mesa::sync::protocol::{classify_push, BulkDocsResult};
/// let results: Vec<BulkDocsResult> = serde_json::from_str(
///     r#"[{"id":"A","ok":true,"rev":"1-x"},{"id":"B","error":"conflict","reason":"…"}]"#,
/// ).unwrap();
/// let sent = [EventId("A".into()), EventId("B".into()), EventId("C".into())];
/// let outcome = classify_push(&results, &sent);
/// assert_eq!(outcome.acknowledged.len(), 2);
/// assert_eq!(outcome.failed[0].0, EventId("C".into()));
/// ```
pub fn classify_push(results: &[BulkDocsResult], sent_ids: &[EventId]) -> PushOutcome {
    let mut outcome = PushOutcome::default();
    for id in sent_ids {
        let mut entries = results
            .iter()
            .filter(|r| r.id.as_deref() == Some(id.as_str()));
        let first = entries.clone().next();
        if entries.any(BulkDocsResult::is_acknowledged) {
            outcome.acknowledged.push(id.clone());
        } else if let Some(entry) = first {
            let error = entry.error.as_deref().unwrap_or("not ok");
            let reason = entry.reason.as_deref().unwrap_or("");
            outcome.failed.push((
                id.clone(),
                format!("{error}: {reason}").trim_end_matches(": ").into(),
            ));
        } else {
            outcome
                .failed
                .push((id.clone(), "missing from the response".into()));
        }
    }
    outcome
}

/// What an HTTP status means for sync.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StatusClass {
    /// 200, 201, or 202 (a cluster stored the documents without reaching its write quorum).
    Ok,
    /// 401 or 403: credentials missing, wrong, or without rights; retrying will not help.
    Auth,
    /// 404: no such database (wrong URL or not created).
    NotFound,
    /// 5xx, 408 (request timeout), 429 (too many requests): try again later.
    Retry,
    /// Anything else (400, 409 on the whole request, 3xx a browser did not follow, …).
    Other,
}

/// Classifies an HTTP status.
///
/// ```
/// use mesa::sync::protocol::{classify_status, StatusClass};
/// assert_eq!(classify_status(202), StatusClass::Ok);
/// assert_eq!(classify_status(503), StatusClass::Retry);
/// assert_eq!(classify_status(401), StatusClass::Auth);
/// ```
pub fn classify_status(status: u16) -> StatusClass {
    match status {
        200..=202 => StatusClass::Ok,
        401 | 403 => StatusClass::Auth,
        404 => StatusClass::NotFound,
        408 | 429 | 500..=599 => StatusClass::Retry,
        _ => StatusClass::Other,
    }
}
