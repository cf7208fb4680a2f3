//! Opening desks in browser tests (`#[path = "browser_common/presets.rs"] mod presets;`).

/// The test server does not serve the site's `profiles/`: keep every preset's copy in the store,
/// as on a device that fetched them before (`mesa::app::presets`).
pub async fn keep_preset_copies(name: &str) {
    let store = mesa::store::Store::open(name).await.expect("open store");
    for id in mesa::domain::profile::PRESET_IDS {
        mesa::app::presets::keep_copy(&store, id, mesa::domain::profile::preset(id).unwrap())
            .await
            .expect("keep the preset");
    }
    store.close();
}
