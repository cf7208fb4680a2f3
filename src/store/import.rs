//! Imports (a backup, a bulk load): events in batches of whole tickets, each batch ONE
//! transaction holding the events and the projection of their tickets.

use super::schema::{EVENTS, META, QUEUE, TICKETS};
use super::write::{write_events, write_import_batch};
use super::{ImportCount, ImportProgress, Store, StoreError};
use crate::domain::event::Event;
use crate::domain::import_batches::whole_ticket_batches;

impl Store {
    /// Imports events in batches of whole tickets of about `batch` events (see
    /// [`crate::domain::import_batches`]), each batch one transaction holding the events AND
    /// the projection of their tickets, skipping ids already stored (importing twice changes
    /// nothing). New events go to the outbox: pushing an event the endpoint already has is a
    /// harmless `conflict`.
    ///
    /// If the import stops part-way (an error, or the tab closed or killed), the batches already
    /// committed stay: each of their tickets is complete, with its projection; the other
    /// tickets are not there at all. Running the import again finishes it.
    pub async fn import_events(
        &self,
        events: &[Event],
        batch: usize,
    ) -> Result<ImportCount, StoreError> {
        self.import_events_with_progress(events, batch, |_| {})
            .await
    }

    /// [`Self::import_events`], calling `on_batch` after each batch has committed.
    pub async fn import_events_with_progress(
        &self,
        events: &[Event],
        batch: usize,
        mut on_batch: impl FnMut(ImportProgress),
    ) -> Result<ImportCount, StoreError> {
        const STORES: [&str; 4] = [EVENTS, TICKETS, META, QUEUE];
        let mut progress = ImportProgress {
            total: events.len(),
            ..ImportProgress::default()
        };
        for chunk in whole_ticket_batches(events, batch) {
            let tx = self.write_raw(&STORES)?;
            let mut outcome = match write_import_batch(&tx, &chunk).await {
                Ok(written) => self.commit_raw(tx).await.map(|()| written),
                Err(e) => Err(e),
            };
            if matches!(&outcome, Err(StoreError::Other(text)) if text.starts_with("ConstraintError"))
            {
                // An event id of the batch is stored under another ticket: check every id.
                let tx = self.write_raw(&STORES)?;
                outcome = match write_events(&tx, &chunk, true).await {
                    Ok(written) => self.commit_raw(tx).await.map(|()| written),
                    Err(e) => Err(e),
                };
            }
            self.remember(&outcome);
            let written = outcome?;
            progress.done += chunk.len();
            progress.added += written.added;
            on_batch(progress);
        }
        Ok(ImportCount {
            added: progress.added,
            present: events.len() - progress.added,
        })
    }
}
