//! Mesa: an offline-first service desk.
//!
//! - [`domain`]: the whole workflow engine as plain Rust (no browser code; `now` is passed in).
//! - `store`, `sync`, `ui`: the browser side (IndexedDB, HTTP sync, Leptos), built for wasm32 only.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod store;
#[cfg(target_arch = "wasm32")]
pub mod sync;
#[cfg(target_arch = "wasm32")]
pub mod ui;
