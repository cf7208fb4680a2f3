//! The five preset profiles as the app gets them: the app does not embed them (issue #5,
//! first-load size) but fetches `profiles/<id>.json`, which the service worker keeps. Each
//! fetched preset is also copied into the store's `meta`, so a start-up with neither network
//! nor service worker (blocked, or not installed yet) still opens the desk with its process.
//!
//! ```ignore
//! let (json, fetched) = crate::app::presets::load(&store, "p4-callmyway").await?;
//! let profile = ProcessProfile::from_json(&json);
//! if fetched {
//!     crate::app::presets::keep_if_changed(&store, "p4-callmyway", &json).await;
//! }
//! ```

use crate::app::desk::Desk;
use crate::app::fetch;
use crate::domain::profile::PRESET_IDS;
use crate::store::{Store, StoreError};

/// The JSON text of the preset `id`, and whether it was fetched (true) or is the copy kept from
/// the last time it was (false). The error says why neither is available. A fetched text is
/// kept with [`keep_if_changed`] once the caller is off its critical path.
pub async fn load(store: &Store, id: &str) -> Result<(String, bool), String> {
    if !PRESET_IDS.contains(&id) {
        return Err(format!("{id}: not a preset"));
    }
    match fetch::text(&format!("profiles/{id}.json")).await {
        Ok(json) => Ok((json, true)),
        Err(e) => kept_copy(store, id)
            .await
            .map(|json| (json, false))
            .ok_or(e),
    }
}

/// Keeps a fetched preset as this device's copy unless it already is (a failure only means a
/// start-up with neither network nor service worker has no copy to fall back on).
pub async fn keep_if_changed(store: &Store, id: &str, json: &str) {
    if kept_copy(store, id).await.as_deref() != Some(json) {
        let _ = keep_copy(store, id, json).await;
    }
}

/// Keeps `json` as this device's copy of the preset `id`.
pub async fn keep_copy(store: &Store, id: &str, json: &str) -> Result<(), StoreError> {
    store.set_meta_string(&copy_key(id), json).await
}

/// This device's copy of the preset `id`, if it keeps one.
pub async fn kept_copy(store: &Store, id: &str) -> Option<String> {
    store.meta_string(&copy_key(id)).await.ok().flatten()
}

fn copy_key(id: &str) -> String {
    format!("preset_json.{id}")
}

impl Desk {
    /// The JSON text of the preset `id` (fetched, and then kept as this device's copy; or the
    /// copy kept before). The error says why neither is available.
    pub async fn preset_text(&self, id: &str) -> Result<String, String> {
        let (json, fetched) = load(&self.store, id).await?;
        if fetched {
            keep_if_changed(&self.store, id, &json).await;
        }
        Ok(json)
    }
}
