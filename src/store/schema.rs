//! The IndexedDB schema and its versioned migrations. A migration only ever adds: no version
//! deletes a store that holds user data.

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::KeyPath;

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 1;

pub const EVENTS: &str = "events";
pub const TICKETS: &str = "tickets";
pub const ATTACHMENTS: &str = "attachments";
pub const META: &str = "meta";
pub const OUTBOX: &str = "outbox";

/// Brings a database at `old_version` up to [`SCHEMA_VERSION`], one step at a time.
pub fn migrate(old_version: u32, db: &Database) -> indexed_db_futures::Result<()> {
    if old_version < 1 {
        v1(db)?;
    }
    Ok(())
}

/// Version 1: the event log, the ticket projection, attachments, meta and the sync outbox.
fn v1(db: &Database) -> indexed_db_futures::Result<()> {
    let events = db
        .create_object_store(EVENTS)
        .with_key_path(KeyPath::One("id"))
        .build()?;
    events
        .create_index("ticket_id", KeyPath::One("ticket_id"))
        .build()?;
    events
        .create_index("seq", KeyPath::One("seq"))
        .with_unique(true)
        .build()?;

    let tickets = db
        .create_object_store(TICKETS)
        .with_key_path(KeyPath::One("id"))
        .build()?;
    for field in [
        "status",
        "severity",
        "level",
        "assignee",
        "customer",
        "site",
        "opened_at",
        "next_deadline",
    ] {
        tickets.create_index(field, KeyPath::One(field)).build()?;
    }

    db.create_object_store(ATTACHMENTS)
        .with_key_path(KeyPath::One("id"))
        .build()?;
    db.create_object_store(META).build()?;
    db.create_object_store(OUTBOX)
        .with_key_path(KeyPath::One("id"))
        .build()?;
    Ok(())
}
