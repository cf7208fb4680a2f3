//! The write side of [`Store`] for a user action (#21: the event is the one synchronous write).
//!
//! A user action's events (and its attachment files) are written in ONE transaction that holds
//! nothing else: a log record per ticket it touches ([`super::log`]), each event with its local
//! sequence number, its outbox mark and, for this device's chained events, its chain position. When that transaction has committed the
//! action is saved. The projection, the queue summaries, the watermark and the outbox count are
//! derived after, in a second transaction ([`super::derive`]); a tab closed in between loses
//! nothing, since the next open folds every event past the watermark.
//!
//! Two tabs never hand out one sequence number or one chain position: records tile the numbers,
//! so a stale number is where another record starts, and the log's key and its `own` index are
//! unique: the second tab's transaction is refused (`ConstraintError`); it then
//! reads the highest number and the chain head again, leaves out events another tab already
//! stored (a derived event both computed), seals again after the new head and writes again.

use std::collections::HashSet;

use wasm_bindgen::prelude::*;

use super::derive::Derived;
use super::fold_module::NewEvents;
use super::fold_module::{derive_loaded, load_fold};
use super::idb::{dom_error, issue, Tx};
use super::log::records_of_runs;
use super::schema::{ATTACHMENTS, IDS, LOG, META, QUEUE, TICKETS};
use super::signatures::{put_signatures, Signing};
use super::signer::Signer;
use super::write::{cursor_number, last_number};
use super::{attachments, check_attachment_size, NewAttachment, Store, StoreError};
use crate::domain::event::Event;
use crate::domain::ticket::Ticket;

/// What saving a user action did.
#[derive(Debug, Default)]
pub struct Saved {
    /// How many events were new (events already stored, e.g. a derived event another tab
    /// wrote first, are left out).
    pub added: usize,
    /// The events as stored (sealed; a clock may have moved one tick when another tab wrote).
    pub events: Vec<Event>,
    /// The touched tickets as now projected, when the projection was derived (`None` when its
    /// transaction failed: the events are saved, and the next write or open folds them).
    pub tickets: Option<Vec<Ticket>>,
    /// The outbox count after it, when known.
    pub outbox: Option<u32>,
}

/// How [`Store::save`] sends the events: to the outbox (a person's or the engine's action) or
/// not (events that come from elsewhere).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outbox {
    Send,
    Keep,
}

impl Outbox {
    pub(crate) fn send(self) -> bool {
        self == Self::Send
    }
}

/// Whether a write must be the first of the device's chain (its key publication).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ChainStart {
    Any,
    FirstOnly,
}

impl Store {
    /// Appends events (ids already stored are skipped), sent to the outbox or not. Returns how
    /// many events were new.
    pub async fn append(&self, events: &[Event], outbox: Outbox) -> Result<usize, StoreError> {
        self.append_with_files(events, &[], outbox).await
    }

    /// [`Self::append`] plus attachment files, in ONE transaction (a file and the event that
    /// references it are saved together or not at all). Files over [`MAX_ATTACHMENT_BYTES`]
    /// are refused before anything is written.
    ///
    /// [`MAX_ATTACHMENT_BYTES`]: super::MAX_ATTACHMENT_BYTES
    pub async fn append_with_files(
        &self,
        events: &[Event],
        files: &[NewAttachment],
        outbox: Outbox,
    ) -> Result<usize, StoreError> {
        Ok(self.save(None, events.to_vec(), files, outbox).await?.added)
    }

    /// [`Self::append_with_files`] for the device's own writes, chained after its chain head and
    /// signed by `signer` (see [`super::signer`]). Returns how many events were new and the
    /// events as stored.
    pub async fn append_signed(
        &self,
        signer: &Signer,
        events: Vec<Event>,
        files: &[NewAttachment],
        outbox: Outbox,
    ) -> Result<(usize, Vec<Event>), StoreError> {
        let saved = self.save(Some(signer), events, files, outbox).await?;
        Ok((saved.added, saved.events))
    }

    /// Saves a user action: its events (signed and chained when a `signer` is given) and files
    /// in one transaction, then derives the projection (see the module's text).
    pub async fn save(
        &self,
        signer: Option<&Signer>,
        events: Vec<Event>,
        files: &[NewAttachment],
        outbox: Outbox,
    ) -> Result<Saved, StoreError> {
        self.save_then(signer, events, files, outbox, &|| {}).await
    }

    /// [`Self::save`], calling `durable` the moment the action is saved: when its events'
    /// transaction has committed, before the second transaction (signatures, projection) is
    /// even begun. Not called when nothing was saved (an error, or every event already stored).
    ///
    /// (A callback, not a type parameter: one copy of the write path's code, #5's first load.)
    ///
    /// ```ignore
    /// let saved = store
    ///     .save_then(signer, events, &[], Outbox::Send, &|| status.set("guardado"))
    ///     .await?; // the projection is derived by now
    /// ```
    pub async fn save_then(
        &self,
        signer: Option<&Signer>,
        events: Vec<Event>,
        files: &[NewAttachment],
        outbox: Outbox,
        durable: &dyn Fn(),
    ) -> Result<Saved, StoreError> {
        self.save_chained(signer, events, files, outbox, ChainStart::Any, durable)
            .await
    }

    pub(super) async fn save_chained(
        &self,
        signer: Option<&Signer>,
        mut events: Vec<Event>,
        files: &[NewAttachment],
        outbox: Outbox,
        start: ChainStart,
        durable: &dyn Fn(),
    ) -> Result<Saved, StoreError> {
        for file in files {
            check_attachment_size(file.meta.size)?;
        }
        let mut seen = HashSet::new();
        events.retain(|e| seen.insert(e.id.clone()));
        // Each turn is lost only to another tab's committed write, so this ends; the bound is a
        // guard against an index that cannot be read back.
        for _ in 0..16 {
            if events.is_empty() {
                return Ok(Saved::default());
            }
            let (head, signing) = match signer {
                Some(signer) => {
                    let head = self.chain_head(signer).await?;
                    signer.seal(&mut events, head.as_ref())?
                }
                None => (None, Signing::default()),
            };
            let seq = match self.seq_hint.get() {
                Some(seq) => seq,
                None => self.last_seq().await?,
            };
            let own = signer.map(Signer::device);
            match self.write_action(&events, files, outbox, seq, own).await? {
                Some(last) => {
                    self.seq_hint.set(Some(last));
                    self.wrote_clocks(events.iter().map(|e| &e.hlc));
                    if let (Some(signer), Some(head)) = (signer, head) {
                        signer.set_head(Some(head));
                    }
                    #[cfg(feature = "test-hooks")]
                    self.mark_durable();
                    durable();
                    // The action is saved. Its signatures, started before the write, go on
                    // its records in the second transaction, with the projection; a tab
                    // closed before then leaves them to `sign_unsigned`.
                    let signed = match signing.finish(&mut events).await {
                        Ok(ids) => ids,
                        Err(e) => {
                            leptos::logging::warn!("events saved unsigned, signed later: {e}");
                            Vec::new()
                        }
                    };
                    let signed: Vec<&Event> =
                        events.iter().filter(|e| signed.contains(&e.id)).collect();
                    let numbered: Vec<(u64, &Event)> = (seq + 1..).zip(events.iter()).collect();
                    let (derived, signatures_put) = self.derive_after(&numbered, &signed).await;
                    if let (Some(signer), false) = (signer, signatures_put) {
                        signer.unsigned_left();
                    }
                    return Ok(Saved {
                        added: events.len(),
                        tickets: derived.as_ref().map(|d| d.tickets.clone()),
                        outbox: derived.and_then(|d| d.outbox).map(|n| n as u32),
                        events,
                    });
                }
                None => {
                    // Another tab wrote at the same place: read both again.
                    self.seq_hint.set(None);
                    self.forget_clock();
                    let stored = self.stored_ids(&events).await?;
                    events.retain(|e| !stored.contains(e.id.as_str()));
                    if let Some(signer) = signer {
                        let found = self.stored_head().await?;
                        if start == ChainStart::FirstOnly && found.is_some() {
                            return Ok(Saved::default());
                        }
                        signer.set_head(found);
                    }
                }
            }
        }
        Err(StoreError::Other(
            "another tab keeps writing at the same place".into(),
        ))
    }

    /// The one transaction of a user action: `events` numbered after `seq`, and `files`.
    /// `Some(last number)` once committed; `None` when the database refused it for a key
    /// already taken (an id, a sequence number or a chain position: another tab wrote first),
    /// and nothing of it is written.
    async fn write_action(
        &self,
        events: &[Event],
        files: &[NewAttachment],
        outbox: Outbox,
        seq: u64,
        own_device: Option<&str>,
    ) -> Result<Option<u64>, StoreError> {
        let tx = if files.is_empty() {
            self.write_raw(&[LOG])?
        } else {
            self.write_raw(&[LOG, ATTACHMENTS])?
        };
        for file in files {
            attachments::put(&tx.store(ATTACHMENTS)?, file, announcing(events, file))?;
        }
        let numbered: Vec<(u64, &Event)> = (seq + 1..).zip(events).collect();
        let records = records_of_runs(&numbered, outbox.send(), own_device);
        let store = tx.store(LOG)?;
        // Numbers must grow in the order events are written (the watermark relies on it). The
        // log's records tile them (every writer numbers after the highest reserved, read in its
        // transaction or kept from its own last commit, and no record is ever deleted), so
        // `seq` being below the highest reserved means a record starts at `seq + 1`: the
        // unique key refuses the add and the transaction aborts. So nothing is read here, and the commit is asked for
        // in the same task as the adds (one round trip to the database, as a plain `put`).
        for record in super::codec::to_js_array(&records)?.iter() {
            super::idb::fire(store.add(&record))?;
        }
        match self.commit_raw(tx).await {
            Ok(()) => Ok(Some(seq + events.len() as u64)),
            Err(StoreError::Other(text)) if text.starts_with("ConstraintError") => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The second transaction of a user action: the signatures of `signed` on their records,
    /// and the projection of committed events (see [`super::derive`]). `None` when the
    /// projection was not derived (logged: the events are saved and folded later; signatures
    /// that could not be put are put by [`Self::sign_unsigned`]).
    pub(super) async fn derive_after(
        &self,
        written: &[(u64, &Event)],
        signed: &[&Event],
    ) -> (Option<Derived>, bool) {
        if self.skip_projection.replace(false) {
            return (None, signed.is_empty());
        }
        #[cfg(feature = "test-hooks")]
        self.held_projection().await;
        let fold = match load_fold().await {
            Ok(()) => true,
            Err(e) => {
                leptos::logging::warn!("the projection will be folded later: {e}");
                false
            }
        };
        if !fold && signed.is_empty() {
            return (None, true);
        }
        let outcome = async {
            let tx = self.write_raw(&[LOG, TICKETS, META, QUEUE])?;
            put_signatures(&tx, signed).await?;
            let (tx, derived) = match fold {
                true => {
                    let events: Vec<(u64, Event)> =
                        written.iter().map(|(s, e)| (*s, (*e).clone())).collect();
                    let numbers = written.first().zip(written.last()).map(|(f, l)| (f.0, l.0));
                    let written = NewEvents {
                        events,
                        numbers,
                        ..NewEvents::default()
                    };
                    let (tx, derived) = derive_loaded(tx, written).await?;
                    (tx, Some(derived))
                }
                false => (tx, None),
            };
            self.commit_raw(tx).await?;
            Ok::<_, StoreError>(derived)
        }
        .await;
        match outcome {
            Ok(derived) => (derived, true),
            Err(e) => {
                leptos::logging::warn!("the projection will be folded later: {e}");
                (None, signed.is_empty())
            }
        }
    }

    /// The highest local sequence number the log reserves.
    pub(super) async fn last_seq(&self) -> Result<u64, StoreError> {
        let tx = self.write_raw(&[LOG])?;
        let read = last_number(&tx.store(LOG)?)?;
        let top = cursor_number(&read.result().await?);
        tx.commit().await?;
        Ok(top)
    }

    /// Which of `events` are stored.
    async fn stored_ids(&self, events: &[Event]) -> Result<HashSet<String>, StoreError> {
        let tx = self.write_raw(&[LOG])?;
        let index = tx.store(LOG)?.index(IDS).map_err(dom_error)?;
        let reads = events
            .iter()
            .map(|e| issue(index.get_key(&JsValue::from_str(e.id.as_str()))))
            .collect::<Result<Vec<_>, _>>()?;
        let mut stored = HashSet::new();
        for (event, read) in events.iter().zip(reads) {
            if !read.result().await?.is_undefined() {
                stored.insert(event.id.0.clone());
            }
        }
        tx.commit().await?;
        Ok(stored)
    }

    /// [`Self::commit`] for a transaction of the write paths.
    pub(super) async fn commit_raw(&self, tx: Tx) -> Result<(), StoreError> {
        if let Some(name) = self.take_fault() {
            tx.abort().await;
            return Err(Self::injected(&name));
        }
        tx.commit().await
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
