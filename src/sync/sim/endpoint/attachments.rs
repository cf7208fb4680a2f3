//! The attachment API of [`MemoryEndpoint`]: `PUT {db}/{doc}/{name}` with raw bytes and no
//! `rev` creates the document with that attachment (`409` if the document exists), `GET
//! {db}/{doc}/{name}` reads the bytes back (`404` if absent), as CouchDB and pouchdb-server do.
//! The created document appears in the changes feed with an attachment stub.
//!
//! ```
//! use mesa::sync::sim::{Fault, MemoryEndpoint};
//! let mut endpoint = MemoryEndpoint::new();
//! let url = "http://sim/mesa/blob-1/bytes";
//! endpoint.fault = Fault::CutUpload;
//! assert!(endpoint.handle_attachment("PUT", url, "image/png", Some(b"PNG")).is_err());
//! assert_eq!(endpoint.handle_attachment("GET", url, "", None).unwrap().0, 404);
//! assert_eq!(endpoint.handle_attachment("PUT", url, "image/png", Some(b"PNG")).unwrap().0, 201);
//! assert_eq!(endpoint.handle_attachment("PUT", url, "image/png", Some(b"PNG")).unwrap().0, 409);
//! assert_eq!(endpoint.handle_attachment("GET", url, "", None).unwrap(), (200, b"PNG".to_vec()));
//! assert_eq!(endpoint.attachment_writes, 1);
//! ```

use serde_json::json;

use super::{error_body, Fault, MemoryEndpoint};
use crate::sync::effect::ErrorKind;
use crate::sync::protocol::percent_decode;

/// `(document id, attachment name)` of a URL `{base}/{db}/{doc}/{name}`.
fn attachment_path(url: &str) -> Option<(String, String)> {
    let path = url.split('?').next()?;
    let after_scheme = path.split_once("://").map_or(path, |(_, rest)| rest);
    let (_, path) = after_scheme.split_once('/')?;
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        [_db, doc, name] if !doc.starts_with('_') && !name.is_empty() => {
            Some((percent_decode(doc)?, percent_decode(name)?))
        }
        _ => None,
    }
}

impl MemoryEndpoint {
    /// Handles one request of the attachment API; `Err` means no response reached the caller.
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
        let response = match method {
            "PUT" if fault == Fault::CutUpload => return Err(ErrorKind::Network),
            "PUT" if self.contains(&doc) => (
                409,
                error_body("conflict", "Document update conflict.").into(),
            ),
            "PUT" => {
                let bytes = body.unwrap_or_default().to_vec();
                let stub = json!({
                    "_id": doc,
                    "_attachments": {name.clone(): {
                        "content_type": content_type,
                        "length": bytes.len(),
                        "stub": true,
                    }},
                });
                let rev = self.store(doc.clone(), stub, false);
                self.attachments
                    .insert(doc.clone(), (name, content_type.to_string(), bytes));
                self.attachment_writes += 1;
                (
                    201,
                    json!({"ok": true, "id": doc, "rev": rev})
                        .to_string()
                        .into(),
                )
            }
            "GET" => match self.attachments.get(&doc) {
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

    /// The bytes stored as attachment `name` of document `doc`.
    pub fn attachment_bytes(&self, doc: &str, name: &str) -> Option<&[u8]> {
        self.attachments
            .get(doc)
            .filter(|(stored, _, _)| stored == name)
            .map(|(_, _, bytes)| bytes.as_slice())
    }
}
