//! The attachment API of [`MemoryEndpoint`]: `PUT {db}/{doc}/{name}` with raw bytes and no
//! `rev` creates the document with that attachment (`409` if the document exists), with
//! `?rev=` of the document's current revision replaces the attachment (`409` otherwise);
//! `GET {db}/{doc}/{name}` reads the bytes back (`404` if absent) and `GET {db}/{doc}` the
//! document, as CouchDB and pouchdb-server do. A written document appears in the changes feed
//! with an attachment stub.
//!
//! A cut upload ([`Fault::CutUpload`]) does what pouchdb-server does: the document is written
//! with an EMPTY attachment, and the caller sees the connection reset.
//!
//! ```
//! use mesa::sync::sim::{Fault, MemoryEndpoint};
//! let mut endpoint = MemoryEndpoint::new();
//! let url = "http://sim/mesa/blob-1/bytes";
//! endpoint.fault = Fault::CutUpload;
//! assert!(endpoint.handle_attachment("PUT", url, "image/png", Some(b"PNG")).is_err());
//! assert_eq!(endpoint.handle_attachment("GET", url, "", None).unwrap(), (200, Vec::new()));
//! assert_eq!(endpoint.handle_attachment("PUT", url, "image/png", Some(b"PNG")).unwrap().0, 409);
//! let (_, doc) = endpoint.handle_attachment("GET", "http://sim/mesa/blob-1", "", None).unwrap();
//! let rev = serde_json::from_slice::<serde_json::Value>(&doc).unwrap()["_rev"].as_str().unwrap().to_string();
//! let replace = format!("{url}?rev={rev}");
//! assert_eq!(endpoint.handle_attachment("PUT", &replace, "image/png", Some(b"PNG")).unwrap().0, 201);
//! assert_eq!(endpoint.handle_attachment("PUT", &replace, "image/png", Some(b"PNG")).unwrap().0, 409);
//! assert_eq!(endpoint.handle_attachment("GET", url, "", None).unwrap(), (200, b"PNG".to_vec()));
//! assert_eq!(endpoint.attachment_writes, 1);
//! ```

use serde_json::json;

use super::{error_body, Fault, MemoryEndpoint};
use crate::sync::effect::ErrorKind;
use crate::sync::protocol::percent_decode;

/// `(document id, attachment name)` of a URL `{base}/{db}/{doc}/{name}`, or `(document id,
/// None)` of `{base}/{db}/{doc}`.
fn attachment_path(url: &str) -> Option<(String, Option<String>)> {
    let path = url.split('?').next()?;
    let after_scheme = path.split_once("://").map_or(path, |(_, rest)| rest);
    let (_, path) = after_scheme.split_once('/')?;
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [_db, doc, name] if !doc.starts_with('_') && !name.is_empty() => {
            Some((percent_decode(doc)?, Some(percent_decode(name)?)))
        }
        [_db, doc] if !doc.starts_with('_') && !doc.is_empty() => {
            Some((percent_decode(doc)?, None))
        }
        _ => None,
    }
}

/// The `rev` query parameter of `url`.
fn rev_param(url: &str) -> Option<String> {
    let query = url.split_once('?')?.1;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("rev="))
        .and_then(percent_decode)
}

impl MemoryEndpoint {
    /// Handles one request of the attachment API (and `GET` of a document); `Err` means no
    /// response reached the caller.
    /// Honours [`Fault::Unreachable`], [`Fault::Status`], [`Fault::LostResponse`],
    /// [`Fault::CutUpload`] and [`Fault::CorruptBytes`].
    pub fn handle_attachment(
        &mut self,
        method: &str,
        url: &str,
        content_type: &str,
        body: Option<&[u8]>,
    ) -> Result<(u16, Vec<u8>), ErrorKind> {
        self.requests += 1;
        let fault = std::mem::take(&mut self.fault);
        match fault {
            Fault::Unreachable => return Err(ErrorKind::Network),
            Fault::Status(status) => return Ok((status, error_body("injected", "fault").into())),
            _ => {}
        }
        let Some((doc, name)) = attachment_path(url) else {
            return Ok((404, error_body("not_found", "missing").into()));
        };
        let current_rev = self
            .index
            .get(&doc)
            .and_then(|&i| self.rows[i].doc["_rev"].as_str().map(str::to_string));
        let response = match (method, name) {
            ("GET", None) => match self.index.get(&doc) {
                Some(&i) => (200, self.rows[i].doc.to_string().into()),
                None => (404, error_body("not_found", "missing").into()),
            },
            ("PUT", Some(name)) => {
                let rev = rev_param(url);
                if current_rev.is_some() && rev != current_rev {
                    (
                        409,
                        error_body("conflict", "Document update conflict.").into(),
                    )
                } else if fault == Fault::CutUpload {
                    // pouchdb-server keeps the document, with an empty attachment.
                    self.write_attachment(&doc, &name, content_type, Vec::new());
                    return Err(ErrorKind::Network);
                } else {
                    let bytes = body.unwrap_or_default().to_vec();
                    let rev = self.write_attachment(&doc, &name, content_type, bytes);
                    self.attachment_writes += 1;
                    (
                        201,
                        json!({"ok": true, "id": doc, "rev": rev})
                            .to_string()
                            .into(),
                    )
                }
            }
            ("GET", Some(name)) => match self.attachments.get(&doc) {
                Some((stored, _, bytes)) if *stored == name => {
                    let mut bytes = bytes.clone();
                    if fault == Fault::CorruptBytes {
                        match bytes.first_mut() {
                            Some(first) => *first ^= 0xff,
                            None => bytes.push(0),
                        }
                    }
                    (200, bytes)
                }
                _ => (404, error_body("not_found", "missing").into()),
            },
            _ => (405, error_body("method_not_allowed", method).into()),
        };
        if fault == Fault::LostResponse {
            return Err(ErrorKind::Timeout);
        }
        Ok(response)
    }

    /// Writes document `doc` with the attachment `name` (a new revision); returns the revision.
    fn write_attachment(
        &mut self,
        doc: &str,
        name: &str,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> String {
        let stub = json!({
            "_id": doc,
            "_attachments": {name: {
                "content_type": content_type,
                "length": bytes.len(),
                "stub": true,
            }},
        });
        let rev = self.store(doc.to_string(), stub, false);
        self.attachments.insert(
            doc.to_string(),
            (name.to_string(), content_type.to_string(), bytes),
        );
        rev
    }

    /// How many documents hold an attachment.
    pub fn attachment_docs(&self) -> usize {
        self.attachments.len()
    }

    /// The bytes stored as attachment `name` of document `doc`.
    pub fn attachment_bytes(&self, doc: &str, name: &str) -> Option<&[u8]> {
        self.attachments
            .get(doc)
            .filter(|(stored, _, _)| stored == name)
            .map(|(_, _, bytes)| bytes.as_slice())
    }
}
