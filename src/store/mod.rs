//! The browser database (IndexedDB): the event log, the ticket projection, the outbox of events
//! not yet acknowledged by a sync endpoint, and device metadata.
//!
//! Every user action is one [`Store::append`] call: its events, the refreshed ticket projection,
//! the outbox entries and the clock state are written in ONE transaction, and the call returns
//! only after the transaction completed. The UI says "saved" only after that.
//!
//! ```no_run
//! # async fn demo() -> Result<(), mesa::store::StoreError> {
//! let store = mesa::store::Store::open("mesa").await?;
//! let tickets = store.tickets().await?;
//! # Ok(()) }
//! ```

mod error;
pub mod schema;

pub use error::StoreError;

use std::collections::BTreeSet;

use indexed_db_futures::database::Database;
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::TransactionMode;
use serde::{Deserialize, Serialize};

use crate::domain::event::{Event, TicketId};
use crate::domain::fold::fold_ticket;
use crate::domain::hlc::Hlc;
use crate::domain::ticket::Ticket;
use schema::{EVENTS, META, OUTBOX, SCHEMA_VERSION, TICKETS};

/// An event as stored: the event document plus this device's local sequence number.
#[derive(Serialize, Deserialize)]
struct StoredEvent {
    seq: u64,
    #[serde(flatten)]
    event: Event,
}

/// An outbox entry: the id of an event not yet acknowledged by the sync endpoint.
#[derive(Serialize, Deserialize)]
struct OutboxEntry {
    id: String,
}

/// An open connection to a Mesa database.
pub struct Store {
    db: Database,
}

impl Store {
    /// Opens (creating or upgrading as needed) the database called `name`.
    pub async fn open(name: &str) -> Result<Self, StoreError> {
        let db = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_upgrade_needed(|event, db| schema::migrate(event.old_version() as u32, &db))
            .await?;
        Ok(Self { db })
    }

    /// Closes the connection (so a test can reopen the same database).
    pub fn close(self) {
        self.db.close();
    }

    /// Appends events in one transaction: the events (skipping ids already stored), the
    /// projection of every ticket they touch, their outbox entries (when `to_outbox`), and the
    /// local sequence counter. Returns how many events were new.
    pub async fn append(&self, events: &[Event], to_outbox: bool) -> Result<usize, StoreError> {
        let tx = self
            .db
            .transaction([EVENTS, TICKETS, META, OUTBOX])
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let event_store = tx.object_store(EVENTS)?;
        let ticket_store = tx.object_store(TICKETS)?;
        let meta = tx.object_store(META)?;
        let outbox = tx.object_store(OUTBOX)?;

        let mut seq: u64 = meta.get("seq").primitive()?.await?.unwrap_or(0.0f64) as u64;
        let mut touched = BTreeSet::new();
        let mut added = 0;
        for event in events {
            let exists: Option<StoredEvent> = event_store.get(event.id.as_str()).serde()?.await?;
            if exists.is_some() {
                continue;
            }
            seq += 1;
            event_store
                .put(StoredEvent {
                    seq,
                    event: event.clone(),
                })
                .serde()?
                .await?;
            if to_outbox {
                outbox
                    .put(OutboxEntry {
                        id: event.id.0.clone(),
                    })
                    .serde()?
                    .await?;
            }
            touched.insert(event.ticket_id.clone());
            added += 1;
        }
        meta.put(seq as f64).with_key("seq").primitive()?.await?;
        let stored_clock: Option<String> = meta.get("hlc").primitive()?.await?;
        let stored_clock = stored_clock.and_then(|s| s.parse::<Hlc>().ok());
        let newest = events
            .iter()
            .map(|e| &e.hlc)
            .chain(stored_clock.as_ref())
            .max();
        if let Some(newest) = newest {
            meta.put(newest.to_string())
                .with_key("hlc")
                .primitive()?
                .await?;
        }

        for ticket_id in &touched {
            let index = event_store.index("ticket_id")?;
            let stored: Vec<StoredEvent> = index
                .get_all()
                .with_query(ticket_id.as_str())
                .serde()?
                .await?
                .collect::<Result<_, _>>()?;
            let events: Vec<Event> = stored.into_iter().map(|s| s.event).collect();
            if let Some(ticket) = fold_ticket(&events) {
                ticket_store.put(ticket).serde()?.await?;
            }
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Every stored event, in local sequence order.
    pub async fn events(&self) -> Result<Vec<Event>, StoreError> {
        let tx = self.db.transaction(EVENTS).build()?;
        let store = tx.object_store(EVENTS)?;
        let stored: Vec<StoredEvent> = store
            .index("seq")?
            .get_all()
            .serde()?
            .await?
            .collect::<Result<_, _>>()?;
        Ok(stored.into_iter().map(|s| s.event).collect())
    }

    /// The events of one ticket, in canonical order.
    pub async fn ticket_events(&self, ticket: &TicketId) -> Result<Vec<Event>, StoreError> {
        let tx = self.db.transaction(EVENTS).build()?;
        let store = tx.object_store(EVENTS)?;
        let stored: Vec<StoredEvent> = store
            .index("ticket_id")?
            .get_all()
            .with_query(ticket.as_str())
            .serde()?
            .await?
            .collect::<Result<_, _>>()?;
        let mut events: Vec<Event> = stored.into_iter().map(|s| s.event).collect();
        events.sort_by(|a, b| a.order(b));
        Ok(events)
    }

    /// Every ticket from the projection, newest first.
    pub async fn tickets(&self) -> Result<Vec<Ticket>, StoreError> {
        let tx = self.db.transaction(TICKETS).build()?;
        let store = tx.object_store(TICKETS)?;
        let mut tickets: Vec<Ticket> = store.get_all().serde()?.await?.collect::<Result<_, _>>()?;
        tickets.sort_by(|a, b| b.opened_at.cmp(&a.opened_at).then_with(|| b.id.cmp(&a.id)));
        Ok(tickets)
    }

    /// How many events wait in the outbox for a sync endpoint.
    pub async fn outbox_len(&self) -> Result<u32, StoreError> {
        let tx = self.db.transaction(OUTBOX).build()?;
        let store = tx.object_store(OUTBOX)?;
        Ok(store.count().await? as u32)
    }

    /// Reads a string setting from `meta`.
    pub async fn meta_string(&self, key: &str) -> Result<Option<String>, StoreError> {
        let tx = self.db.transaction(META).build()?;
        let store = tx.object_store(META)?;
        Ok(store.get(key).primitive()?.await?)
    }

    /// Writes a string setting to `meta` (durable when this returns).
    pub async fn set_meta_string(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let tx = self
            .db
            .transaction(META)
            .with_mode(TransactionMode::Readwrite)
            .build()?;
        let store = tx.object_store(META)?;
        store
            .put(value.to_string())
            .with_key(key.to_string())
            .primitive()?
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The newest hybrid-clock value stored (local or pulled), so the next local event is
    /// ordered after everything this device has seen, even across restarts.
    pub async fn last_clock(&self) -> Result<Option<Hlc>, StoreError> {
        Ok(self.meta_string("hlc").await?.and_then(|s| s.parse().ok()))
    }
}
