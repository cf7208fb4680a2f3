//! The application layer (browser-side, no views): between the pages and the store and sync.
//! It owns the open desk and its in-memory state ([`desk`]; the pages hold it as an
//! [`open_desk::OpenDesk`]), the one pipeline every change goes
//! through (stamp → validate in `domain` → append → tell other tabs → refresh), the due runner
//! ([`due`]), the sync driver ([`sync`]), and the other tabs' messages ([`broadcast`]).
//!
//! Layers point down only: `ui → app → (sync, store) → domain`. Nothing here renders a view;
//! `sync` and `store` import neither `app` nor `ui`.

pub mod backup_zip;
pub mod broadcast;
pub mod clock;
pub mod commands;
pub mod desk;
pub mod desk_articles;
pub mod desk_devices;
pub mod desk_list;
pub mod desk_people;
pub mod desk_profile;
pub mod desk_settings;
pub mod desk_versions;
pub mod device;
pub mod due;
pub mod fetch;
pub mod held_files;
pub mod list_pages;
pub mod notify;
pub mod open_desk;
pub mod perf;
pub mod presets;
pub mod queue_cache;
pub mod queue_preview;
pub mod random;
pub mod record_id;
pub mod search_before_list;
pub mod shell_state;
pub mod split;
pub mod storage;
pub mod sync;
#[cfg(feature = "test-hooks")]
pub mod test_hooks;
