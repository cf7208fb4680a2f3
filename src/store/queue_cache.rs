//! The `queue` store: queue-row summaries ([`QueueSummary`]), a derived cache the first screen
//! of the queue is drawn from before the full ticket list is read.
//!
//! It is never trusted over the events: deriving the projection of written events deletes the
//! summary of the tickets they touch in the SAME transaction (see `super::derive`; the open
//! derives whatever a closed tab left past the watermark first), and a summary is only written
//! when the ticket still has the event count it was computed from. So a missing summary is the
//! only way the cache can be behind. Whether one is missing is kept, not counted at start-up
//! ([`META_QUEUE_COMPLETE`]): the writer of the summaries sets it when it counts as many
//! summaries as tickets, and every transaction that writes a projection clears it. A cache not
//! complete (or computed for another process profile) is refused by [`Store::queue_preview`]:
//! start-up then loads everything, as without a cache, and the desk writes the missing
//! summaries afterwards.

use indexed_db_futures::prelude::*;
use wasm_bindgen::JsValue;

use super::codec::{from_js_all, to_js_array};
use super::schema::{META, META_QUEUE_COMPLETE, QUEUE, TICKETS};
use super::{Store, StoreError};
use crate::domain::queue_summary::QueueSummary;

/// The `meta` key holding the fingerprint of the profile the summaries were computed with.
const META_QUEUE_PROFILE: &str = "queue_profile";

impl Store {
    /// The first `limit` active tickets' summaries, nearest deadline first — or `None` when the
    /// cache cannot be trusted (a ticket without summary, another profile) or is empty.
    pub async fn queue_preview(
        &self,
        limit: u32,
        profile: &str,
    ) -> Result<Option<Vec<QueueSummary>>, StoreError> {
        let tx = self.read(&[QUEUE, META])?;
        let queue = tx.object_store(QUEUE)?;
        let meta = tx.object_store(META)?;
        let complete: Option<bool> = meta.get(META_QUEUE_COMPLETE).primitive()?.await?;
        let stored: Option<String> = meta.get(META_QUEUE_PROFILE).primitive()?.await?;
        if complete != Some(true) || stored.as_deref() != Some(profile) {
            return Ok(None);
        }
        let records: Vec<JsValue> = queue
            .index("rank")?
            .get_all::<JsValue>()
            .with_limit(limit)
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        let parsed: Vec<QueueSummary> = from_js_all(&records, "queue summary")?;
        Ok((!parsed.is_empty()).then_some(parsed))
    }

    /// The ids of the tickets that have a summary computed with the profile `profile`, in key
    /// order (none when the cache was computed with another one); `None` when the cache is
    /// complete for that profile (every ticket has one), without reading 100k ids into memory.
    pub async fn queue_summary_ids(
        &self,
        profile: &str,
    ) -> Result<Option<Vec<String>>, StoreError> {
        let tx = self.read(&[QUEUE, META])?;
        let meta = tx.object_store(META)?;
        let stored: Option<String> = meta.get(META_QUEUE_PROFILE).primitive()?.await?;
        if stored.as_deref() != Some(profile) {
            return Ok(Some(Vec::new()));
        }
        let complete: Option<bool> = meta.get(META_QUEUE_COMPLETE).primitive()?.await?;
        if complete == Some(true) {
            return Ok(None);
        }
        let keys: Vec<String> = tx
            .object_store(QUEUE)?
            .get_all_keys::<String>()
            .primitive()?
            .await?
            .collect::<Result<_, _>>()?;
        Ok(Some(keys))
    }

    /// Writes summaries computed with the profile `profile` (one transaction). A summary whose
    /// ticket's projection has since folded other events is skipped (it would be stale; events
    /// not yet folded delete the summary when they are); summaries computed
    /// with another profile are dropped first. Marks the cache complete when it then holds as
    /// many summaries as there are tickets. Returns how many were written.
    pub async fn put_queue_summaries(
        &self,
        summaries: &[QueueSummary],
        profile: &str,
    ) -> Result<usize, StoreError> {
        let tx = self.write(&[QUEUE, META, TICKETS])?;
        let queue = tx.object_store(QUEUE)?;
        let meta = tx.object_store(META)?;
        let stored: Option<String> = meta.get(META_QUEUE_PROFILE).primitive()?.await?;
        if stored.as_deref() != Some(profile) {
            queue.clear()?.await?;
            meta.put(profile.to_string())
                .with_key(META_QUEUE_PROFILE)
                .primitive()?
                .await?;
        }
        let tickets = tx.object_store(TICKETS)?;
        let projections = summaries
            .iter()
            .map(|s| tickets.get::<JsValue, _, _>(s.id.as_str()).primitive())
            .collect::<Result<Vec<_>, _>>()?;
        let mut current = Vec::with_capacity(summaries.len());
        for (summary, projection) in summaries.iter().zip(projections) {
            let count = projection.await?.and_then(|p| {
                js_sys::Reflect::get(&p, &JsValue::from_str("event_count"))
                    .ok()
                    .and_then(|c| c.as_f64())
            });
            if count == Some(summary.event_count as f64) {
                current.push(summary);
            }
        }
        let written = current.len();
        for record in to_js_array(&current)?.iter() {
            drop(queue.put(record).primitive()?);
        }
        // Counted after the puts (a transaction runs its requests in order).
        let tickets = tickets.count().await?;
        let summaries = queue.count().await?;
        meta.put(tickets > 0 && summaries == tickets)
            .with_key(META_QUEUE_COMPLETE)
            .primitive()?
            .await?;
        self.commit(tx).await?;
        Ok(written)
    }
}
