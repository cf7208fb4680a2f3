//! The five preset profiles as the app gets them: the app does not embed them (issue #5,
//! first-load size) but fetches `profiles/<id>.json`, which the service worker keeps. Each
//! fetched preset is also copied into the store's `meta`, so a start-up with neither network
//! nor service worker (blocked, or not installed yet) still opens the desk with its process.
//!
//! ```ignore
//! let json = crate::ui::presets::load(&desk.store, "p4-callmyway").await?;
//! let profile = ProcessProfile::from_json(&json);
//! ```

use crate::domain::profile::PRESET_IDS;
use crate::store::{Store, StoreError};
use crate::ui::fetch;

/// The JSON text of the preset `id`: the served file, else the copy kept from the last time it
/// was fetched. The error says why neither is available.
pub async fn load(store: &Store, id: &str) -> Result<String, String> {
    if !PRESET_IDS.contains(&id) {
        return Err(format!("{id}: not a preset"));
    }
    match fetch::text(&format!("profiles/{id}.json")).await {
        Ok(json) => {
            if kept_copy(store, id).await.as_deref() != Some(json.as_str()) {
                // Only a convenience for later start-ups: a failure here changes nothing now.
                let _ = keep_copy(store, id, &json).await;
            }
            Ok(json)
        }
        Err(e) => kept_copy(store, id).await.ok_or(e),
    }
}

/// Keeps `json` as this device's copy of the preset `id`.
pub async fn keep_copy(store: &Store, id: &str, json: &str) -> Result<(), StoreError> {
    store.set_meta_string(&copy_key(id), json).await
}

async fn kept_copy(store: &Store, id: &str) -> Option<String> {
    store.meta_string(&copy_key(id)).await.ok().flatten()
}

fn copy_key(id: &str) -> String {
    format!("preset_json.{id}")
}
