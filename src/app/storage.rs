//! Storage durability as this tab knows it: whether the browser granted persistent storage,
//! and how much of the quota is used, read into the shell state at start-up, after each
//! change, and on demand (the header and the Datos page show it, src/ui/shell/storage.rs).

use leptos::prelude::*;

use crate::app::shell_state::shell;
use crate::store;

/// Re-reads `persisted()` and `estimate()` into the shell state (silently `None` where the
/// browser lacks `navigator.storage`).
pub async fn refresh() {
    let state = shell();
    state.persisted.set(store::persisted().await.ok());
    state.estimate.set(store::estimate().await.ok());
}

/// [`refresh`], then asks for persistent storage once if it is not granted yet (Chromium
/// decides without a prompt; Firefox asks the user).
pub async fn refresh_and_ask_persist() {
    refresh().await;
    if shell().persisted.get_untracked() == Some(false) {
        ask_persist().await;
    }
}

/// Asks for persistent storage and records the answer (`None`: the browser cannot say).
pub async fn ask_persist() -> Option<bool> {
    let answer = store::request_persist().await.ok();
    let state = shell();
    if answer.is_some() {
        state.persisted.set(answer);
    }
    state.estimate.set(store::estimate().await.ok());
    answer
}
