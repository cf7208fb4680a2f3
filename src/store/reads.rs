//! What the store reads: the event log (all, one ticket's, the desk's), the ticket projection,
//! device metadata and attachments. Each read is one read-only transaction.

use std::sync::Arc;

use indexed_db_futures::object_store::ObjectStore;
use indexed_db_futures::prelude::*;
use wasm_bindgen::prelude::*;

use super::log::events_of;
use super::schema::{self, ATTACHMENTS, LOG, META, TICKET_ID};
use super::{attachments, AttachmentRecord, Store, StoreError};
use crate::domain::event::{Event, TicketId};
use crate::domain::hlc::Hlc;
use crate::domain::ticket::Ticket;

impl Store {
    /// Every stored event, in local sequence order.
    pub async fn events(&self) -> Result<Vec<Event>, StoreError> {
        let tx = self.read(&[LOG])?;
        let store = tx.object_store(LOG)?;
        let records: Vec<JsValue> = store
            .get_all::<JsValue>()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        let mut stored = events_of(records.into_iter().collect::<js_sys::Array>().into())?;
        stored.sort_by_key(|s| s.seq);
        Ok(stored.into_iter().map(|s| s.event).collect())
    }

    /// The events of one ticket, in canonical order.
    pub async fn ticket_events(&self, ticket: &TicketId) -> Result<Vec<Event>, StoreError> {
        let tx = self.read(&[LOG])?;
        let store = tx.object_store(LOG)?;
        let mut events = ticket_events_in(&store, ticket).await?;
        events.sort_by(|a, b| a.order(b));
        Ok(events)
    }

    /// The desk's shared records' events (customers, directory, profile versions, articles,
    /// settings), in canonical order. Their record keys (`customer:…`, `profile`) start with a
    /// lower-case letter and ticket ids (ULIDs) with a digit, so one range of the `ticket_id`
    /// index holds exactly them.
    pub async fn desk_events(&self) -> Result<Vec<Event>, StoreError> {
        let tx = self.read(&[LOG])?;
        let store = tx.object_store(LOG)?;
        let records: Vec<JsValue> = store
            .index(TICKET_ID)?
            .get_all::<JsValue>()
            .with_query::<&str, _>("a".."{")
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        let stored = events_of(records.into_iter().collect::<js_sys::Array>().into())?;
        let mut events: Vec<Event> = stored.into_iter().map(|s| s.event).collect();
        events.sort_by(|a, b| a.order(b));
        Ok(events)
    }

    /// Whether any event of the desk's records of one kind is stored (`prefix` like
    /// `"customer:"`), counted on the index without reading them (it runs at every start-up:
    /// the first steps' answers).
    pub async fn has_desk_records(&self, prefix: &str) -> Result<bool, StoreError> {
        let tx = self.read(&[LOG])?;
        let store = tx.object_store(LOG)?;
        // The key just after every key that starts with `prefix`.
        let mut end = prefix.to_string();
        let last = end
            .pop()
            .map_or('\u{0}', |c| char::from_u32(c as u32 + 1).unwrap_or(c));
        end.push(last);
        let count = store
            .index(TICKET_ID)?
            .count()
            .with_query::<&str, _>(prefix..end.as_str())
            .await?;
        Ok(count > 0)
    }

    /// Every ticket from the projection, newest first.
    pub async fn tickets(&self) -> Result<Vec<Ticket>, StoreError> {
        Ok(self
            .ticket_list()
            .await?
            .into_iter()
            .map(Arc::unwrap_or_clone)
            .collect())
    }

    /// Every ticket from the projection, newest first, each in its own allocation (see
    /// [`Self::ticket_list_reusing`], which also tells how it was read).
    pub async fn ticket_list(&self) -> Result<Vec<Arc<Ticket>>, StoreError> {
        Ok(self.ticket_list_reusing(&[]).await?.tickets)
    }

    /// Reads a string setting from `meta`.
    pub async fn meta_string(&self, key: &str) -> Result<Option<String>, StoreError> {
        let tx = self.read(&[META])?;
        let store = tx.object_store(META)?;
        Ok(store.get(key).primitive()?.await?)
    }

    /// Writes a string setting to `meta` (durable when this returns).
    pub async fn set_meta_string(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let tx = self.write(&[META])?;
        let store = tx.object_store(META)?;
        store
            .put(value.to_string())
            .with_key(key.to_string())
            .primitive()?
            .await?;
        self.commit(tx).await
    }

    /// The schema version recorded in `meta` by the last migration (`None` before v2).
    pub async fn schema_version(&self) -> Result<Option<u32>, StoreError> {
        let tx = self.read(&[META])?;
        let store = tx.object_store(META)?;
        let v: Option<f64> = store.get(schema::META_SCHEMA_VERSION).primitive()?.await?;
        Ok(v.map(|v| v as u32))
    }

    /// The newest hybrid-clock value stored (local or pulled), so the next local event is
    /// ordered after everything this device has seen, even across restarts.
    ///
    /// Read once, then kept: every write of this connection moves it, and
    /// [`Self::forget_clock`] (another tab wrote) has it read again.
    pub async fn last_clock(&self) -> Result<Option<Hlc>, StoreError> {
        if let Some(known) = self.clock_hint.borrow().clone() {
            return Ok(Some(known));
        }
        let epoch = self.clock_epoch.get();
        let tx = self.write_raw(&[LOG])?;
        let read = super::write::last_key(&tx.store(LOG)?, schema::HLC)?;
        let key = super::write::cursor_key(&read.result().await?);
        tx.commit().await?;
        let newest: Option<Hlc> = key.and_then(|k| k.as_string()).and_then(|s| s.parse().ok());
        // Kept unless a write came in between (its clock may be newer than the one read).
        if self.clock_epoch.get() == epoch {
            self.clock_hint.replace(newest.clone());
        }
        Ok(newest)
    }

    /// One attachment (metadata and file), if stored on this device.
    pub async fn attachment(&self, id: &str) -> Result<Option<AttachmentRecord>, StoreError> {
        let tx = self.read(&[ATTACHMENTS])?;
        attachments::get(&tx.object_store(ATTACHMENTS)?, id).await
    }

    /// The attachments of one ticket stored on this device (with their files).
    pub async fn ticket_attachments(
        &self,
        ticket: &TicketId,
    ) -> Result<Vec<AttachmentRecord>, StoreError> {
        let tx = self.read(&[ATTACHMENTS])?;
        attachments::by_ticket(&tx.object_store(ATTACHMENTS)?, ticket).await
    }

    /// Every attachment stored on this device (with their files).
    pub async fn attachments(&self) -> Result<Vec<AttachmentRecord>, StoreError> {
        let tx = self.read(&[ATTACHMENTS])?;
        attachments::all(&tx.object_store(ATTACHMENTS)?).await
    }
}

async fn ticket_events_in(
    store: &ObjectStore<'_>,
    ticket: &TicketId,
) -> Result<Vec<Event>, StoreError> {
    let records: Vec<JsValue> = store
        .index(TICKET_ID)?
        .get_all::<JsValue>()
        .with_query(ticket.as_str())
        .primitive()?
        .await?
        .collect::<Result<_, _>>()?;
    let stored = events_of(records.into_iter().collect::<js_sys::Array>().into())?;
    Ok(stored.into_iter().map(|s| s.event).collect())
}
