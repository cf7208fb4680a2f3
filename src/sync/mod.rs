//! Sync with a CouchDB-compatible JSON endpoint (`_bulk_docs` / `_changes`).
//!
//! Everything here is pure and compiled on every target, so it is tested natively:
//! - [`protocol`]: the wire types and the rules for reading responses;
//! - [`backoff`]: retry delays with caller-supplied jitter;
//! - [`blobs`]: [`blobs::BlobSession`], the sans-IO machine that moves attachment bytes;
//! - [`config`]: how a session is tuned ([`config::SyncConfig`]);
//! - [`credentials`]: HTTP Basic credentials;
//! - [`download_mode`]: when a device downloads files attached elsewhere;
//! - [`effect`]: the requests and effects the state machine hands to its caller;
//! - [`machine`]: [`machine::SyncSession`], the sans-IO sync state machine;
//! - [`sim`]: an in-memory endpoint with injectable faults, for tests;
//! - [`waiting_files`]: files held back by the download mode, fetched when it allows.
//!
//! The browser transport (`fetch`, timeouts, sleeping, IndexedDB) drives a session like this:
//!
//! ```
//! use mesa::sync::effect::Effect;
//! use mesa::sync::machine::{SyncConfig, SyncSession};
//! use mesa::sync::sim::MemoryEndpoint;
//! let mut endpoint = MemoryEndpoint::new();
//! let mut session = SyncSession::new(SyncConfig::default(), Vec::new(), None);
//! let mut done = false;
//! while let Some(request) = session.next_request() {
//!     let url = request.url("http://sim", "mesa");
//!     let mut effects: std::collections::VecDeque<Effect> = match endpoint.handle(request.method(), &url, request.body().as_deref()) {
//!         Ok((status, body)) => session.on_response(status, &body, 1_000, 42),
//!         Err(kind) => session.on_error(kind, 42),
//!     }
//!     .into();
//!     while let Some(effect) = effects.pop_front() { // in order
//!         match effect {
//!             // commit events + checkpoint durably, THEN confirm
//!             Effect::StoreEvents { .. } => effects.extend(session.confirm_committed(1_001)),
//!             Effect::Done { .. } => done = true,
//!             _ => {} // AckOutbox: delete from the outbox; Wait: sleep; Progress: show
//!         }
//!     }
//! }
//! assert!(done);
//! ```

pub mod backoff;
pub mod blobs;
#[cfg(target_arch = "wasm32")]
pub mod browser;
pub mod config;
pub mod credentials;
pub mod download_mode;
pub mod effect;
pub mod machine;
pub mod protocol;
pub mod sim;
mod url;
pub mod waiting_files;
