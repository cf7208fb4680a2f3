//! Imports (a backup, a bulk load) write the events first, then derive (#21): events in batches
//! of whole tickets, each batch ONE transaction holding the events alone; then the projections
//! of every imported ticket in a separate pass, a few thousand events per transaction, folded
//! from the events in memory (a ticket new to this device without reading anything back).

use super::fold_module::{derive_loaded, load_fold, NewEvents};
use super::schema::{LOG, META, QUEUE, TICKETS};
use super::write::{write_events_only, WrittenRecords};
use super::{ImportCount, ImportProgress, Outbox, Store, StoreError};
use crate::domain::event::Event;
use crate::domain::import_batches::whole_ticket_batches;
use crate::domain::ticket::Ticket;

/// About how many events the derive pass folds per transaction.
const DERIVE_EVENTS: usize = 5_000;

impl Store {
    /// Imports events in batches of whole tickets of about `batch` events (see
    /// [`crate::domain::import_batches`]), each batch one transaction holding its events alone,
    /// skipping ids already stored (importing twice changes nothing). New events go to the
    /// outbox: pushing an event the endpoint already has is a harmless `conflict`. Then derives
    /// the projections of the imported tickets ([`Self::derive_imported`]).
    ///
    /// If the import stops part-way (an error, or the tab closed or killed), the batches already
    /// committed stay, each of their tickets complete; the other tickets are not there at all.
    /// Projections not yet derived are folded at the next open (everything past the
    /// watermark). Running the import again finishes it.
    pub async fn import_events(
        &self,
        events: &[Event],
        batch: usize,
    ) -> Result<ImportCount, StoreError> {
        self.import_events_with_progress(events, batch, |_| {})
            .await
    }

    /// [`Self::import_events`], calling `on_batch` after each batch of events has committed
    /// (the last call comes before the projections are derived).
    pub async fn import_events_with_progress(
        &self,
        events: &[Event],
        batch: usize,
        on_batch: impl FnMut(ImportProgress),
    ) -> Result<ImportCount, StoreError> {
        let mut stored = Vec::new();
        let outcome = self
            .import_events_only(events, batch, on_batch, &mut stored)
            .await;
        let added = stored.iter().map(|s| s.events.len()).sum();
        // What was stored before a failure is derived too.
        self.derive_imported(stored).await;
        outcome?;
        Ok(ImportCount {
            added,
            present: events.len() - added,
        })
    }

    /// The first pass of an import: the events alone, a transaction per batch of whole tickets.
    /// Pushes what each committed batch stored onto `stored`, for [`Self::derive_imported`].
    async fn import_events_only(
        &self,
        events: &[Event],
        batch: usize,
        mut on_batch: impl FnMut(ImportProgress),
        stored: &mut Vec<NewEvents>,
    ) -> Result<(), StoreError> {
        let mut progress = ImportProgress {
            total: events.len(),
            ..ImportProgress::default()
        };
        let mut earlier = WrittenRecords::default();
        for chunk in whole_ticket_batches(events, batch) {
            let tx = self.write_raw(&[LOG])?;
            let outcome = match write_events_only(&tx, &chunk, Outbox::Send, &earlier).await {
                Ok(accepted) => self.commit_raw(tx).await.map(|()| accepted),
                Err(e) => Err(e),
            };
            if let Ok(accepted) = &outcome {
                earlier.note(accepted);
            }
            // Committed: the log's highest number is the last this batch reserved.
            let hint = outcome
                .as_ref()
                .ok()
                .and_then(|a| a.numbers)
                .map(|(_, last)| last);
            self.seq_hint.set(hint);
            let accepted = outcome?;
            self.wrote_clocks(accepted.events.iter().map(|(_, e)| &e.hlc));
            progress.done += chunk.len();
            progress.added += accepted.events.len();
            on_batch(progress);
            stored.push(accepted);
        }
        Ok(())
    }

    /// The second pass of an import or a pull: folds what `stored` wrote into the projections,
    /// about [`DERIVE_EVENTS`] events per transaction (whole batches), moving the watermark.
    /// The events are saved whatever happens here: when the fold's code cannot be loaded
    /// (offline before the service worker kept it) or a transaction fails, they are folded by
    /// the next write or at the next open (logged, not an error).
    pub(crate) async fn derive_imported(&self, stored: Vec<NewEvents>) {
        self.derive_imported_then(stored, |_| {}).await;
    }

    /// [`Self::derive_imported`], handing `folded` the tickets each transaction derived, as
    /// they are now projected. False when some were left for later.
    pub(crate) async fn derive_imported_then(
        &self,
        stored: Vec<NewEvents>,
        folded: impl FnMut(Vec<Ticket>),
    ) -> bool {
        if self.skip_projection.replace(false) {
            return false;
        }
        match self.derive_accepted(stored, folded).await {
            Ok(()) => true,
            Err(e) => {
                leptos::logging::warn!("imported events are folded later: {e}");
                false
            }
        }
    }

    async fn derive_accepted(
        &self,
        stored: Vec<NewEvents>,
        mut folded: impl FnMut(Vec<Ticket>),
    ) -> Result<(), StoreError> {
        // Numbers reserved by events already stored still move the watermark past them.
        if stored.iter().all(|s| s.numbers.is_none()) {
            return Ok(());
        }
        load_fold().await?;
        let mut stored = stored.into_iter().peekable();
        while stored.peek().is_some() {
            let mut piece = NewEvents::default();
            while let Some(next) = stored
                .next_if(|next| piece.events.len() < DERIVE_EVENTS && piece.continued_by(next))
            {
                piece.extend(next);
            }
            if piece.numbers.is_none() {
                continue;
            }
            let tx = self.write_raw(&[LOG, TICKETS, META, QUEUE])?;
            let (tx, derived) = derive_loaded(tx, piece).await?;
            self.commit_raw(tx).await?;
            folded(derived.tickets);
        }
        Ok(())
    }
}
