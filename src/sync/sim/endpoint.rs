//! An in-memory sync endpoint for tests: the `_bulk_docs` / `_changes` subset of CouchDB with
//! integer sequence numbers (or CouchDB-2-style string cursors), that can be told to misbehave on
//! the next request the way real servers and networks do (see [`Fault`]).
//!
//! It speaks the real wire format (URLs, JSON bodies, status codes), so a test drives it through
//! [`Request::url`](crate::sync::effect::Request::url) and [`Request::body`](crate::sync::effect::Request::body)
//! exactly as the browser transport drives `fetch`.
//!
//! ```
//! use mesa::sync::sim::{Fault, MemoryEndpoint};
//! let mut endpoint = MemoryEndpoint::new();
//! let body = r#"{"docs":[{"_id":"a","x":1},{"_id":"b","x":2}]}"#;
//! endpoint.fault = Fault::PartialPush { stored: 1, then_drop: false };
//! let (status, _) = endpoint.handle("POST", "http://sim/db/_bulk_docs", Some(body)).unwrap();
//! assert_eq!(status, 500);
//! assert!(endpoint.contains("a") && !endpoint.contains("b"));
//! ```

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::sync::effect::ErrorKind;
use crate::sync::protocol::{percent_decode, BulkDocsRequest, BulkDocsResult};

mod attachments;

/// How the next request goes wrong (reset to [`Fault::None`] after each request).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Fault {
    #[default]
    None,
    /// The request never arrives: nothing happens, the caller sees a network error.
    Unreachable,
    /// The server answers this status without doing anything.
    Status(u16),
    /// A push stores its first `stored` documents, then fails: with a 500, or by never answering
    /// (`then_drop`: the caller times out). A pull fails with a 500.
    PartialPush { stored: usize, then_drop: bool },
    /// The request is fully processed but the response is lost (the caller times out).
    LostResponse,
    /// A push stores only its first `stored` documents and answers 201 with a per-document
    /// error for the others (`unknown_error`, as a CouchDB cluster does when a shard times out).
    DocErrors { stored: usize },
    /// A push is fully stored, but the 201 response lacks the entry of its last document.
    MissingEntry,
    /// A push is answered 202 Accepted (cluster quorum not met; the documents are stored).
    Accepted,
    /// Every row of a changes page appears twice.
    DuplicateChanges,
    /// The rows of a changes page come in reverse order.
    ReorderChanges,
    /// The server ignores `since` and starts from an older cursor (half of it).
    Rewind,
    /// The changes response has no `pending` field.
    NoPending,
    /// An attachment upload is cut halfway: the server keeps the document with an empty
    /// attachment (as pouchdb-server does), the caller sees the connection reset.
    CutUpload,
    /// An attachment download answers 200 with bytes damaged on the way.
    CorruptBytes,
}

#[derive(Clone, Debug)]
struct Row {
    seq: u64,
    id: String,
    doc: Value,
    deleted: bool,
}

/// A CouchDB-like database in memory. See the module documentation.
#[derive(Clone, Debug, Default)]
pub struct MemoryEndpoint {
    rows: Vec<Row>,
    index: HashMap<String, usize>,
    last_seq: u64,
    /// Applied to the next request only.
    pub fault: Fault,
    /// Cursors as CouchDB ≥ 2 strings (`"7-g1AAAA…"`) instead of PouchDB integers.
    pub string_seqs: bool,
    /// Requests handled (faulty ones included).
    pub requests: u64,
    /// Document ids this endpoint refuses with a per-document `forbidden` error, on every push,
    /// as CouchDB does when a `validate_doc_update` function throws.
    pub forbidden: std::collections::HashSet<String>,
    /// Attachments by document id: `(attachment name, content type, bytes)`.
    attachments: HashMap<String, (String, String, Vec<u8>)>,
    /// Attachment uploads that stored their whole body (cut ones are not counted).
    pub attachment_writes: u64,
}

impl MemoryEndpoint {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes a document directly (another application, or an admin), bypassing faults.
    pub fn put_raw(&mut self, doc: Value, deleted: bool) {
        let id = doc["_id"].as_str().unwrap_or_default().to_string();
        self.store(id, doc, deleted);
    }

    /// Whether a document with this id is stored.
    pub fn contains(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// Every stored document with its sequence number, in sequence order.
    pub fn docs(&self) -> impl Iterator<Item = (u64, &Value)> + '_ {
        self.rows.iter().map(|r| (r.seq, &r.doc))
    }

    /// The sequence number a cursor of this endpoint stands for (`None` if not one of ours).
    pub fn cursor_seq(&self, cursor: &Value) -> Option<u64> {
        match cursor {
            Value::Number(n) => n.as_u64(),
            Value::String(s) => s.split('-').next()?.parse().ok(),
            _ => None,
        }
    }

    /// Handles one HTTP request. `Err` means no response reached the caller.
    pub fn handle(
        &mut self,
        method: &str,
        url: &str,
        body: Option<&str>,
    ) -> Result<(u16, String), ErrorKind> {
        self.requests += 1;
        let fault = std::mem::take(&mut self.fault);
        match fault {
            Fault::Unreachable => return Err(ErrorKind::Network),
            Fault::Status(status) => return Ok((status, error_body("injected", "fault"))),
            _ => {}
        }
        let path = url.split('?').next().unwrap_or_default();
        let response = if method == "POST" && path.ends_with("/_bulk_docs") {
            self.bulk_docs(body.unwrap_or_default(), fault)
        } else if method == "GET" && path.ends_with("/_changes") {
            self.changes(url, fault)
        } else {
            Ok((404, error_body("not_found", "missing")))
        };
        if fault == Fault::LostResponse {
            return Err(ErrorKind::Timeout);
        }
        response
    }

    fn store(&mut self, id: String, mut doc: Value, deleted: bool) -> String {
        self.last_seq += 1;
        let rev = format!(
            "1-{:032x}",
            self.last_seq.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        );
        doc["_rev"] = Value::String(rev.clone());
        self.index.insert(id.clone(), self.rows.len());
        self.rows.push(Row {
            seq: self.last_seq,
            id,
            doc,
            deleted,
        });
        rev
    }

    fn bulk_docs(&mut self, body: &str, fault: Fault) -> Result<(u16, String), ErrorKind> {
        let Ok(request) = serde_json::from_str::<BulkDocsRequest>(body) else {
            return Ok((400, error_body("bad_request", "invalid_json")));
        };
        let limit = match fault {
            Fault::PartialPush { stored, .. } | Fault::DocErrors { stored } => {
                stored.min(request.docs.len())
            }
            _ => request.docs.len(),
        };
        let mut results = Vec::new();
        let refused: Vec<BulkDocsResult> = request.docs[limit..]
            .iter()
            .map(|doc| BulkDocsResult {
                id: doc["_id"].as_str().map(str::to_string),
                error: Some("unknown_error".into()),
                reason: Some("timeout".into()),
                ..BulkDocsResult::default()
            })
            .collect();
        for doc in request.docs.into_iter().take(limit) {
            let Some(id) = doc["_id"].as_str().map(str::to_string) else {
                results.push(BulkDocsResult {
                    error: Some("bad_request".into()),
                    reason: Some("missing _id".into()),
                    ..BulkDocsResult::default()
                });
                continue;
            };
            if self.forbidden.contains(&id) {
                results.push(BulkDocsResult {
                    id: Some(id),
                    error: Some("forbidden".into()),
                    reason: Some("only technicians of this site may write here".into()),
                    ..BulkDocsResult::default()
                });
            } else if self.contains(&id) {
                results.push(BulkDocsResult {
                    id: Some(id),
                    error: Some("conflict".into()),
                    reason: Some("Document update conflict.".into()),
                    ..BulkDocsResult::default()
                });
            } else {
                let rev = self.store(id.clone(), doc, false);
                results.push(BulkDocsResult {
                    id: Some(id),
                    ok: Some(true),
                    rev: Some(rev),
                    ..BulkDocsResult::default()
                });
            }
        }
        match fault {
            Fault::DocErrors { .. } => results.extend(refused),
            Fault::MissingEntry => {
                results.pop();
            }
            _ => {}
        }
        match fault {
            Fault::PartialPush {
                then_drop: true, ..
            } => Err(ErrorKind::Timeout),
            Fault::PartialPush { .. } => Ok((500, error_body("internal_server_error", "crashed"))),
            Fault::Accepted => Ok((202, json!(results).to_string())),
            _ => Ok((201, json!(results).to_string())),
        }
    }

    fn changes(&self, url: &str, fault: Fault) -> Result<(u16, String), ErrorKind> {
        if let Fault::PartialPush { .. } = fault {
            return Ok((500, error_body("internal_server_error", "crashed")));
        }
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
        let mut since = Some(0);
        let mut limit = usize::MAX;
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value).unwrap_or_default();
            match key {
                "since" => {
                    since = serde_json::from_str(&value)
                        .ok()
                        .and_then(|v| self.cursor_seq(&v))
                }
                "limit" => limit = value.parse().unwrap_or(usize::MAX),
                _ => {}
            }
        }
        let Some(mut since) = since else {
            return Ok((
                400,
                error_body(
                    "bad_request",
                    "Malformed sequence supplied in 'since' parameter.",
                ),
            ));
        };
        if fault == Fault::Rewind {
            since /= 2;
        }
        let after: Vec<&Row> = self.rows.iter().filter(|r| r.seq > since).collect();
        let page = &after[..after.len().min(limit)];
        let last = page.last().map_or(since, |r| r.seq);
        let mut results: Vec<Value> = page.iter().map(|r| self.change_row(r)).collect();
        match fault {
            Fault::DuplicateChanges => {
                results = results.into_iter().flat_map(|r| [r.clone(), r]).collect()
            }
            Fault::ReorderChanges => results.reverse(),
            _ => {}
        }
        let mut response = json!({"results": results, "last_seq": self.cursor(last)});
        if fault != Fault::NoPending {
            response["pending"] = json!(after.len() - page.len());
        }
        Ok((200, response.to_string()))
    }

    fn change_row(&self, row: &Row) -> Value {
        let mut change = json!({
            "seq": self.cursor(row.seq),
            "id": row.id,
            "changes": [{"rev": row.doc["_rev"]}],
            "doc": row.doc,
        });
        if row.deleted {
            change["deleted"] = Value::Bool(true);
        }
        change
    }

    fn cursor(&self, seq: u64) -> Value {
        if self.string_seqs {
            Value::String(format!("{seq}-g1AAAAFTeJzLYWBg4MhgTmHgz8tPSTV0MDQy"))
        } else {
            json!(seq)
        }
    }
}

fn error_body(error: &str, reason: &str) -> String {
    json!({"error": error, "reason": reason}).to_string()
}
