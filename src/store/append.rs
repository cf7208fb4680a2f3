//! The write side of [`Store`]: user actions ([`Store::append`],
//! [`Store::append_with_files`]) and imports ([`Store::import_events`]), each write one
//! transaction (see [`super::write`] for what is written and how it is checked).

use std::collections::HashSet;

use super::idb::{Pending, Tx};
use super::schema::{ATTACHMENTS, EVENTS, META, OUTBOX, QUEUE, TICKETS};
use super::signer::{self, Signer, StoredHead};
use super::write::{write_events, write_events_expecting, write_import_batch, Written};
use super::{
    attachments, check_attachment_size, ImportCount, ImportProgress, NewAttachment, Store,
    StoreError,
};
use crate::domain::event::Event;
use crate::domain::import_batches::whole_ticket_batches;

/// How a connection's user actions were written: optimistically in one go, or, after the
/// optimistic transaction was aborted, by the general path (test and benchmark insight).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WritePaths {
    /// Committed by the optimistic path.
    pub optimistic: u32,
    /// Refused by its in-transaction check (another writer, or events older than the stored
    /// clock), then written by the general path.
    pub refused: u32,
    /// Aborted by the database (an event id already stored), then written by the general path.
    pub conflicts: u32,
}

impl Store {
    /// [`Self::commit`] for a transaction of the write paths.
    pub(super) async fn commit_raw(&self, tx: Tx) -> Result<(), StoreError> {
        if let Some(name) = self.take_fault() {
            tx.abort().await;
            return Err(Self::injected(&name));
        }
        tx.commit().await
    }

    pub(super) fn count(&self, f: impl FnOnce(&mut WritePaths)) {
        let mut paths = self.paths.get();
        f(&mut paths);
        self.paths.set(paths);
    }

    /// How this connection's user actions were written so far.
    #[doc(hidden)]
    pub fn write_paths(&self) -> WritePaths {
        self.paths.get()
    }

    /// Records the counter a committed write left (or forgets it after a failure).
    pub(super) fn remember(&self, outcome: &Result<Written, StoreError>) {
        self.seq_hint.set(outcome.as_ref().ok().map(|w| w.seq));
    }

    /// Appends events in one transaction: the events (skipping ids already stored), the
    /// projection of every ticket they touch, their outbox entries (when `to_outbox`), and the
    /// local sequence counter. Returns how many events were new.
    pub async fn append(&self, events: &[Event], to_outbox: bool) -> Result<usize, StoreError> {
        self.append_with_files(events, &[], to_outbox).await
    }

    /// [`Self::append`] plus attachment files, all in ONE transaction (a file and the event
    /// that references it are saved together or not at all). Files over
    /// [`MAX_ATTACHMENT_BYTES`] are refused before anything is written.
    ///
    /// After its first write a connection knows the sequence counter, and a user action takes
    /// the optimistic path ([`write_events_expecting`]): everything is issued at once and checked
    /// against the counter and clock read in the same transaction; if another tab wrote in
    /// between (or the events are older than the stored clock) that transaction is aborted and
    /// the action is written by the general path, which reads first.
    pub async fn append_with_files(
        &self,
        events: &[Event],
        files: &[NewAttachment],
        to_outbox: bool,
    ) -> Result<usize, StoreError> {
        match self.append_checked(events, files, to_outbox, None).await? {
            Ok(added) => Ok(added),
            // Not asked to check a chain: never moved.
            Err(_) => Ok(0),
        }
    }

    /// [`Self::append_with_files`] for the device's own writes: this device's events are
    /// chained after its chain head and signed by `signer` (see [`super::signer`]), and the new
    /// head is written in the same transaction, which also checks that the stored head is still
    /// the one they were chained to. When another tab of the device wrote first, the events are
    /// sealed again after the new head and written then. Returns how many events were new and
    /// the events as stored (sealed; a clock may have moved one tick when another tab wrote).
    pub async fn append_signed(
        &self,
        signer: &Signer,
        events: Vec<Event>,
        files: &[NewAttachment],
        to_outbox: bool,
    ) -> Result<(usize, Vec<Event>), StoreError> {
        self.append_sealed(signer, events, files, to_outbox, false)
            .await
    }

    /// [`Self::append_signed`]; with `first_only`, nothing is written when the device's chain
    /// has begun in the meantime (its key publication, which only the first event carries).
    pub(super) async fn append_sealed(
        &self,
        signer: &Signer,
        mut events: Vec<Event>,
        files: &[NewAttachment],
        to_outbox: bool,
        first_only: bool,
    ) -> Result<(usize, Vec<Event>), StoreError> {
        // Each turn is lost only to another tab's committed write, so this ends; the bound is
        // a guard against a head that cannot be read back.
        for _ in 0..16 {
            let expected = signer.head();
            let Some(new) = signer.seal(&mut events, expected.as_ref()).await? else {
                let added = self.append_with_files(&events, files, to_outbox).await?;
                return Ok((added, events));
            };
            let chain = ChainWrite {
                expected: expected.clone(),
                new: new.clone(),
            };
            match self
                .append_checked(&events, files, to_outbox, Some(&chain))
                .await?
            {
                Ok(added) => {
                    signer.set_head(Some(new));
                    return Ok((added, events));
                }
                Err(found) => {
                    signer.set_head(found);
                    if first_only {
                        return Ok((0, Vec::new()));
                    }
                }
            }
        }
        Err(StoreError::Other(
            "the device's chain head keeps moving".into(),
        ))
    }

    /// The write of [`Self::append_with_files`]; with `chain`, the stored chain head is checked
    /// and moved in the same transaction: `Ok(Err(head))` when it was not the expected one
    /// (nothing written; `head` is the stored one).
    async fn append_checked(
        &self,
        events: &[Event],
        files: &[NewAttachment],
        to_outbox: bool,
        chain: Option<&ChainWrite>,
    ) -> Result<Result<usize, Option<StoredHead>>, StoreError> {
        for file in files {
            check_attachment_size(file.meta.size)?;
        }
        const STORES: [&str; 6] = [EVENTS, TICKETS, META, OUTBOX, ATTACHMENTS, QUEUE];
        let distinct = {
            let mut seen = HashSet::new();
            events.iter().all(|e| seen.insert(e.id.as_str()))
        };
        if let (Some(seq), true, false) = (self.seq_hint.get(), distinct, events.is_empty()) {
            let tx = self.write_raw(&STORES)?;
            let head = chain.map(|_| signer::read_head(&tx)).transpose()?;
            for file in files {
                attachments::put(&tx.store(ATTACHMENTS)?, file, announcing(events, file))?;
            }
            match write_events_expecting(&tx, events, to_outbox, seq).await {
                Ok(Some(written)) => {
                    if let Some(moved) = settle_chain(&tx, chain, head).await? {
                        tx.abort().await;
                        return Ok(Err(moved));
                    }
                    let outcome = self.commit_raw(tx).await.map(|()| written);
                    match &outcome {
                        // An id already stored under a corrupt record: take the general path.
                        Err(StoreError::Other(text)) if text.starts_with("ConstraintError") => {
                            self.count(|p| p.conflicts += 1);
                        }
                        _ => {
                            if outcome.is_ok() {
                                self.count(|p| p.optimistic += 1);
                            }
                            self.remember(&outcome);
                            return outcome.map(|w| Ok(w.added));
                        }
                    }
                }
                Ok(None) => {
                    self.count(|p| p.refused += 1);
                    tx.abort().await;
                }
                Err(e) => {
                    self.seq_hint.set(None);
                    return Err(e);
                }
            }
        }
        let tx = self.write_raw(&STORES)?;
        let head = chain.map(|_| signer::read_head(&tx)).transpose()?;
        for file in files {
            attachments::put(&tx.store(ATTACHMENTS)?, file, announcing(events, file))?;
        }
        let outcome = match write_events(&tx, events, to_outbox).await {
            Ok(written) => match settle_chain(&tx, chain, head).await {
                Ok(None) => self.commit_raw(tx).await.map(|()| written),
                Ok(Some(moved)) => {
                    tx.abort().await;
                    return Ok(Err(moved));
                }
                Err(e) => Err(e),
            },
            Err(e) => Err(e),
        };
        self.remember(&outcome);
        outcome.map(|w| Ok(w.added))
    }

    /// Imports events (a backup, a bulk load) in batches of whole tickets of about `batch`
    /// events (see [`crate::domain::import_batches`]), each batch one transaction holding the
    /// events AND the projection of their tickets, skipping ids already stored (importing twice
    /// changes nothing). New events go to the outbox: pushing an event the endpoint already has
    /// is a harmless `conflict`.
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
        const STORES: [&str; 5] = [EVENTS, TICKETS, META, OUTBOX, QUEUE];
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

/// The id of the event among `events` that attaches `file` (empty if none does).
fn announcing<'a>(events: &'a [Event], file: &NewAttachment) -> &'a str {
    events
        .iter()
        .find(|e| {
            matches!(&e.kind, crate::domain::event::EventKind::AttachmentAdded(a) if a.id == file.meta.id)
        })
        .map_or("", |e| e.id.as_str())
}

/// A chain head to move in a write: from `expected` (what the events were chained to) to `new`.
struct ChainWrite {
    expected: Option<StoredHead>,
    new: StoredHead,
}

/// Checks the stored head (read by `head`) against the expected one and, when it is, issues the
/// write of the new head; returns the stored head when it moved (the caller aborts).
async fn settle_chain(
    tx: &Tx,
    chain: Option<&ChainWrite>,
    head: Option<Pending>,
) -> Result<Option<Option<StoredHead>>, StoreError> {
    let (Some(chain), Some(head)) = (chain, head) else {
        return Ok(None);
    };
    let stored = signer::head_of(&head.result().await?);
    let same = match (&stored, &chain.expected) {
        (None, None) => true,
        (Some(a), Some(b)) => a.seq == b.seq && a.hash == b.hash,
        _ => false,
    };
    if !same {
        return Ok(Some(stored));
    }
    signer::write_head(tx, &chain.new)?;
    Ok(None)
}
