//! Mesa: an offline-first service desk.
//!
//! - [`domain`]: the whole workflow engine as plain Rust (no browser code; `now` is passed in).
//! - [`sync`]: the sync protocol with a CouchDB-compatible endpoint (its state machine is pure and
//!   tested natively; the HTTP transport is browser-only).
//! - `store`, `app`, `ui`: the browser side (IndexedDB; the application layer; the Leptos
//!   views), built for wasm32 only. Layers point down only: `ui → app → (sync, store) → domain`.

#[cfg(target_arch = "wasm32")]
pub mod app;
pub mod domain;
pub mod locales;

#[cfg(target_arch = "wasm32")]
pub mod store;
pub mod sync;
#[cfg(target_arch = "wasm32")]
pub mod ui;
