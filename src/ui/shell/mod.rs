//! The offline app shell around the pages: service-worker registration and the "Actualizar"
//! banner, other-tab notifications (BroadcastChannel), storage durability (persistent storage,
//! usage and quota), and file downloads.
//!
//! [`start`] runs once, from the header, when the app mounts:
//!
//! ```ignore
//! crate::ui::shell::start(expect_context::<DeskSignals>());
//! ```

pub mod banner;
pub mod download;
pub mod storage;
pub mod sw;

use std::cell::Cell;

use crate::app::desk::DeskSignals;

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Registers the service worker, listens to the other tabs, and reads (and asks for) the
/// storage state. Idempotent.
pub fn start(signals: DeskSignals) {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    sw::register();
    crate::app::broadcast::listen(signals);
    leptos::task::spawn_local(crate::app::storage::refresh_and_ask_persist());
}
