//! What sync needs from the store: the outbox in order, acknowledging pushed events, committing
//! pulled events together with the changes-feed checkpoint, and reading that checkpoint.

use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::Transaction;
use wasm_bindgen::JsValue;

use super::codec::{from_js_all, from_js_opt, to_js};
use super::schema::{EVENTS, META, OUTBOX, QUEUE, TICKETS};
use super::write::{write_pulled, OutboxEntry, StoredEvent};
use super::{Store, StoreError};
use crate::domain::event::{Event, EventId, TicketId};
use crate::domain::ticket::Ticket;

impl Store {
    /// The events waiting in the outbox, oldest first (by local sequence number).
    pub async fn outbox_events(&self) -> Result<Vec<Event>, StoreError> {
        let tx = self.read(&[OUTBOX, EVENTS])?;
        let entries = outbox_entries(&tx).await?;
        let events = tx.object_store(EVENTS)?;
        let mut stored: Vec<StoredEvent> = Vec::with_capacity(entries.len());
        for entry in &entries {
            let found: Option<JsValue> = events.get(entry.id.as_str()).primitive()?.await?;
            let found: Option<StoredEvent> = match found {
                Some(record) => from_js_opt(&record, "stored event")?,
                None => None,
            };
            if let Some(event) = found {
                stored.push(event);
            }
        }
        stored.sort_by_key(|s| s.seq);
        Ok(stored.into_iter().map(|s| s.event).collect())
    }

    /// Removes acknowledged events from the outbox (one transaction).
    pub async fn ack_outbox(&self, ids: &[EventId]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let tx = self.write(&[OUTBOX])?;
        let outbox = tx.object_store(OUTBOX)?;
        for id in ids {
            outbox.delete(id.as_str()).primitive()?.await?;
        }
        self.commit(tx).await
    }

    /// Records, on their outbox entries, why the endpoint refused these events (one
    /// transaction). They stay in the outbox; entries already acknowledged are left alone.
    pub async fn mark_rejected(&self, refused: &[(EventId, String)]) -> Result<(), StoreError> {
        if refused.is_empty() {
            return Ok(());
        }
        let tx = self.write(&[OUTBOX])?;
        let outbox = tx.object_store(OUTBOX)?;
        for (id, reason) in refused {
            let found: Option<JsValue> = outbox.get(id.as_str()).primitive()?.await?;
            if found.is_some() {
                let entry = to_js(&OutboxEntry {
                    id: id.0.clone(),
                    rejected: Some(reason.clone()),
                })?;
                outbox.put(entry).primitive()?.await?;
            }
        }
        self.commit(tx).await
    }

    /// The outbox events the endpoint refused last time they were pushed, with its reason,
    /// oldest first.
    pub async fn outbox_rejections(&self) -> Result<Vec<(Event, String)>, StoreError> {
        let tx = self.read(&[OUTBOX, EVENTS])?;
        let entries = outbox_entries(&tx).await?;
        let events = tx.object_store(EVENTS)?;
        let mut out: Vec<(StoredEvent, String)> = Vec::new();
        for entry in entries {
            let Some(reason) = entry.rejected else {
                continue;
            };
            let found: Option<JsValue> = events.get(entry.id.as_str()).primitive()?.await?;
            let found: Option<StoredEvent> = match found {
                Some(record) => from_js_opt(&record, "stored event")?,
                None => None,
            };
            if let Some(event) = found {
                out.push((event, reason));
            }
        }
        out.sort_by_key(|(s, _)| s.seq);
        Ok(out.into_iter().map(|(s, r)| (s.event, r)).collect())
    }

    /// Commits pulled events (skipping known ids, refreshing the ticket projection, NOT into the
    /// outbox) and the changes-feed checkpoint `checkpoint_json` under `meta[checkpoint_key]`,
    /// in ONE transaction. Returns how many events were new.
    pub async fn append_pulled(
        &self,
        events: &[Event],
        checkpoint_key: &str,
        checkpoint_json: &str,
    ) -> Result<usize, StoreError> {
        let tx = self.write_raw(&[EVENTS, TICKETS, META, OUTBOX, QUEUE])?;
        let outcome = match write_pulled(&tx, events).await {
            Ok(written) => tx
                .store(META)?
                .put_with_key(
                    &JsValue::from_str(checkpoint_json),
                    &JsValue::from_str(checkpoint_key),
                )
                .map_err(super::idb::dom_error)
                .map(|_| written),
            Err(e) => Err(e),
        };
        let outcome = match outcome {
            Ok(written) => self.commit_raw(tx).await.map(|()| written),
            Err(e) => Err(e),
        };
        self.remember(&outcome);
        Ok(outcome?.added)
    }

    /// The projections of these tickets (those stored; one read transaction, every lookup
    /// issued before the first is awaited), for refreshing the tickets a pull touched without
    /// reading every ticket. Turned into Rust values like [`Self::tickets`].
    pub async fn tickets_by_id(&self, ids: &[TicketId]) -> Result<Vec<Ticket>, StoreError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let tx = self.read(&[TICKETS])?;
        let store = tx.object_store(TICKETS)?;
        let requests = ids
            .iter()
            .map(|id| store.get(id.as_str()).primitive())
            .collect::<Result<Vec<_>, _>>()?;
        let mut records = Vec::with_capacity(ids.len());
        for request in requests {
            let found: Option<JsValue> = request.await?;
            records.extend(found);
        }
        from_js_all(&records, "ticket projection")
    }

    /// The checkpoint stored by [`Self::append_pulled`] under `key` (`None` when absent or
    /// unreadable: the next pull starts from the beginning and deduplicates).
    pub async fn checkpoint(&self, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
        Ok(self
            .meta_string(key)
            .await?
            .and_then(|s| serde_json::from_str(&s).ok()))
    }
}

/// Every outbox entry, read in `tx`.
async fn outbox_entries(tx: &Transaction<'_>) -> Result<Vec<OutboxEntry>, StoreError> {
    let records: Vec<JsValue> = tx
        .object_store(OUTBOX)?
        .get_all::<JsValue>()
        .primitive()?
        .await?
        .collect::<Result<_, _>>()?;
    from_js_all(&records, "outbox entry")
}
