//! Opening a database an older build wrote, for the upgrade tests:
//! `#[path = "browser_common/upgrade.rs"] mod upgrade;`.

use mesa::domain::event::Event;
use mesa::store::{schema, Store};

/// The database `name`, written by an older build with `events`, opened by this one: at the
/// current version, every event there in order.
pub async fn upgraded(name: &str, events: &[Event]) -> Store {
    let store = Store::open(name).await.expect("open upgrades");
    assert_eq!(
        store.schema_version().await.unwrap(),
        Some(schema::SCHEMA_VERSION)
    );
    assert_eq!(
        store.events().await.unwrap(),
        events,
        "every event, in order"
    );
    store
}
