//! The text Mesa reads a million times when a large desk's list loads (issue #21): the
//! times a ticket holds (about ten each, in the form Mesa writes them), the names it repeats
//! (one allocation per distinct text) and the folded text the queue searches.
//!
//! It is a crate of its own for one reason: the app's release build optimises for size
//! (`opt-level = "z"`, the first-load goal), and a crate can have its own level. The root
//! `Cargo.toml` compiles this one for speed (`[profile.release.package.mesa-fast-text]`);
//! these few functions cost the first load little and the list's load much less time
//! (docs/PERFORMANCE.md, session 32).
//!
//! The app uses them through `mesa::domain::time_text`, `mesa::domain::name` and
//! `mesa::domain::kb`; its engine tests
//! check them (`tests/engine/time_text_props.rs`, `tests/engine/kb.rs`).
//!
//! ```
//! use mesa_fast_text::{fold_text, utc_as_written};
//! assert_eq!(utc_as_written("2026-12-06T13:05:00Z"), Some((1_796_562_300, 0)));
//! assert_eq!(fold_text("PINGÜINO"), "pinguino");
//! ```

mod fold;
mod shared;
mod time;

pub use fold::{fold_text, Folded};
pub use shared::{folded_pair, shared_text, SharedText};
pub use time::utc_as_written;
