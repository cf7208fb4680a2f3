//! Attachment bytes over the endpoint's standard attachment API, as a sans-IO state machine
//! ([`BlobSession`]) driven like [`super::machine::SyncSession`]: it says which request comes
//! next and what a response means; the caller does the HTTP, reads and writes the bytes, sleeps,
//! and supplies the randomness.
//!
//! Each file is the attachment [`BLOB_ATTACHMENT`] of the document `blob-<sha256>`:
//! - upload: `PUT {db}/blob-<sha256>/bytes` with the raw bytes and no `rev`, which creates the
//!   document and its attachment in one step (CouchDB and pouchdb-server). `409 Conflict` means
//!   the document exists: an earlier try whose answer was lost, another device with the same
//!   bytes — or a cut upload, after which pouchdb-server keeps the document with an EMPTY
//!   attachment. So a `409` is never taken for the file: the bytes there are read back
//!   ([`BlobRequest::Check`]) and, if they do not hash to the id, replaced
//!   ([`BlobRequest::Revision`], then [`BlobRequest::Replace`] with that `rev`).
//! - download: `GET {db}/blob-<sha256>/bytes`; bytes that do not hash to the id are discarded
//!   and fetched again (then set aside after [`BlobConfig::max_mismatches`]); `404` means the
//!   device that took the file has not uploaded it yet.
//!
//! The machine never holds a file: the caller reads a file to upload for the request body,
//! and keeps a downloaded one while the machine verifies it, by its bytes or by the hash the
//! caller computed of them ([`Body`]; the browser hashes a `Blob` with WebCrypto and never
//! copies it into the app's memory); [`BlobEffect::Store`] says it is the file, any other
//! outcome that it is to be dropped. Uploads go only after the event that references the file was
//! acknowledged by the endpoint ([`uploads_due`]), so no device fetches bytes nobody announced.
//!
//! ```
//! use mesa::domain::content_hash::ContentHash;
//! use mesa::sync::blobs::{BlobConfig, BlobEffect, BlobRequest, BlobSession, Body};
//! let hash = ContentHash::of(b"photo");
//! let mut session = BlobSession::new(BlobConfig::default(), vec![], vec![hash.clone()]);
//! let request = session.next_request().unwrap();
//! assert_eq!(request, BlobRequest::Download { hash: hash.clone() });
//! assert_eq!(request.url("http://h/", "mesa"), format!("http://h/mesa/blob-{hash}/bytes"));
//! // The bytes that came back are not the file: discarded, fetched again after a pause.
//! let effects = session.on_response(200, b"other".as_slice(), 7);
//! assert!(matches!(effects.as_slice(), [BlobEffect::Discarded { .. }, BlobEffect::Wait { .. }]));
//! assert_eq!(session.next_request(), Some(request));
//! // The caller hashed what it received (and keeps it): it is the file, to store.
//! let received = ContentHash::of(b"photo");
//! let effects = session.on_response(200, Body::Hashed(&received), 7);
//! assert_eq!(effects[0], BlobEffect::Store { hash });
//! assert!(session.is_done());
//! ```

mod body;
mod due;
mod effect;
mod request;
mod session;

pub use super::download_mode::{Connection, DownloadMode};
pub use body::Body;
pub use due::{announced_files, uploads_due, uploads_ready, PendingUpload};
pub use effect::{BlobEffect, BlobProblem};
pub use request::{blob_url, BlobRequest, Direction};
pub use session::{BlobConfig, BlobSession};
