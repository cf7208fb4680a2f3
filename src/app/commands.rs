//! The one pipeline every change of the desk goes through (issue #14): stamp (device, actor,
//! hybrid clock, id; the device's key published before its first event) → validate in `domain`
//! → append (signed and chained where the browser can, one transaction) → tell the other tabs →
//! refresh the reactive views. Pages, the due runner and notifications all use it; none stamps
//! or writes an event itself.
//!
//! ```ignore
//! let desk = use_desk().get(); // a page's open desk (src/app/open_desk.rs)
//! // «guardado» shows the moment the events are durable; `act` returns once the views have
//! // the new state.
//! desk.act(&id, Some(&ticket), vec![EventKind::Resolved(resolution)], signals, &|| saved.set(true)).await?;
//! // «Registrado» shows when the new ticket's events are durable, before the queue has it.
//! let registered = desk.register(&draft, signals, &|r| said.set(Some(r.clone()))).await?;
//! ```

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::app::broadcast;
use crate::app::desk::{random_u128, reported_day, Desk, DeskSignals};
use crate::domain::actions::attach;
use crate::domain::attachment_list::attachment_mime;
use crate::domain::commands::{register_at_version, rejection_at_registration, Stamp};
use crate::domain::contract::ContractStanding;
use crate::domain::desk::derived_id::version_id;
use crate::domain::desk::RecordKey;
use crate::domain::event::{Attachment, Event, EventId, EventKind, TicketId};
use crate::domain::registration::{FieldProblem, TicketDraft};
use crate::domain::ticket::Ticket;
use crate::store::{hash_blob, NewAttachment, Outbox, StoreError};

/// A ticket just registered.
#[derive(Clone, Debug)]
pub struct Registered {
    pub id: TicketId,
    pub number: String,
    /// Registered as rejected, outside the service's scope (P1).
    pub rejected: bool,
}

/// Why an action did not complete.
#[derive(Clone, Debug)]
pub enum ActionError {
    Invalid(Vec<FieldProblem>),
    Store(StoreError),
}

impl From<StoreError> for ActionError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

impl Desk {
    /// The device, actor, clock, time and randomness for a new event. The device's first
    /// write publishes its key first ([`Desk::publish_key`]), so everything it writes comes after.
    pub async fn stamp(&self) -> Result<Stamp, StoreError> {
        self.publish_key().await?;
        let now = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(
            crate::app::clock::now_ms() as f64,
        ));
        let local_date = NaiveDate::from_ymd_opt(
            now.get_full_year() as i32,
            now.get_month() + 1,
            now.get_date(),
        )
        .unwrap_or_default();
        Ok(Stamp {
            device: self.device.clone(),
            actor: self.actor.clone(),
            newest_clock: self.store.last_clock().await?,
            now_ms: now.get_time() as i64,
            random: random_u128(),
            local_date,
        })
    }

    /// Publishes this device's public key as a desk event, the first of its chain, unless the
    /// chain has begun (on this tab or another of the device). Nothing to do without a key.
    pub async fn publish_key(&self) -> Result<(), StoreError> {
        let Some(signer) = &self.signer else {
            return Ok(());
        };
        if self.store.chain_head(signer).await?.is_some() {
            return Ok(());
        }
        let now_ms = crate::app::clock::now_ms();
        let hlc = crate::domain::hlc::Hlc::next(
            self.store.last_clock().await?.as_ref(),
            &self.device,
            now_ms,
        );
        let id = crate::domain::event::EventId::from_parts(hlc.wall_ms, random_u128());
        let event = Event::new(
            id,
            RecordKey::Device(self.device.clone()).to_ticket_id(),
            hlc,
            self.actor.clone(),
            EventKind::DeviceKeyPublished(crate::domain::evidence::KeyPublication {
                device: self.device.clone(),
                public_key: signer.public_hex().to_string(),
            }),
        );
        self.store.publish_key(signer, event).await?;
        broadcast::announce_change();
        Ok(())
    }

    /// Validates and registers a new ticket (rejected at once when answered out of scope).
    /// `durable` is given its id and number the moment its events have committed (the ticket
    /// is saved, #21), before the views are refreshed; the call returns once they are.
    pub async fn register(
        &self,
        draft: &TicketDraft,
        signals: DeskSignals,
        durable: &dyn Fn(&Registered),
    ) -> Result<Registered, ActionError> {
        let stamp = self.stamp().await?;
        // The ticket records the process version it was opened under (the id any publication
        // of this text has), so a later version never rewrites its history.
        let version = version_id(&self.profile_json);
        // Where the customer stands with its contract on the day reported (P2).
        let customers = crate::app::notify::customers(self).await?;
        let day = reported_day(draft.reported_at);
        let standing = ContractStanding::under(&self.profile, &customers, &draft.customer, day);
        let event = register_at_version(&self.profile, &version, draft, &standing, &stamp)
            .map_err(ActionError::Invalid)?;
        let number = match &event.kind {
            crate::domain::event::EventKind::Opened(o) => o.number.clone(),
            _ => String::new(),
        };
        let id = event.ticket_id.clone();
        // A report answered "out of scope" is registered and rejected with its reason at once.
        let then: Vec<EventKind> = rejection_at_registration(draft).into_iter().collect();
        let rejected = !then.is_empty();
        let events = crate::app::notify::registration(self, event, then, &stamp).await?;
        let registered = Registered {
            id,
            number,
            rejected,
        };
        self.append_then(events, Vec::new(), signals, &|| durable(&registered))
            .await?;
        Ok(registered)
    }

    /// Stores events (one transaction), tells the other tabs, and refreshes the reactive views.
    pub async fn append(&self, events: Vec<Event>, signals: DeskSignals) -> Result<(), StoreError> {
        self.append_with_files(events, Vec::new(), signals).await
    }

    /// Stores events and attachment files in ONE transaction (a file larger than
    /// [`crate::store::MAX_ATTACHMENT_BYTES`] is refused before anything is written), tells the
    /// other tabs, and refreshes the reactive views.
    pub async fn append_with_files(
        &self,
        events: Vec<Event>,
        files: Vec<NewAttachment>,
        signals: DeskSignals,
    ) -> Result<(), StoreError> {
        self.append_then(events, files, signals, &|| {}).await
    }

    /// [`Self::append_with_files`], calling `durable` the moment the action is saved: when its
    /// events have committed, before their projection is derived and the views refreshed
    /// (what a person is told as «guardado», #21).
    async fn append_then(
        &self,
        events: Vec<Event>,
        files: Vec<NewAttachment>,
        signals: DeskSignals,
        durable: &dyn Fn(),
    ) -> Result<(), StoreError> {
        // The action is saved when its events are (one transaction); the projection derived
        // after comes back with it, so the views need no read of the ticket's events.
        arm_test_fault(&self.store);
        let saved = self
            .store
            .save_then(self.signer.as_ref(), events, &files, Outbox::Send, durable)
            .await?;
        broadcast::announce_change();
        if saved.events.iter().any(|e| e.kind.is_desk()) {
            self.forget_shared(signals);
        }
        let touched: BTreeSet<TicketId> = saved
            .events
            .iter()
            .filter(|e| !e.kind.is_desk())
            .map(|e| e.ticket_id.clone())
            .collect();
        let outbox = match saved.outbox {
            Some(outbox) => outbox,
            None => self.store.outbox_len().await?,
        };
        match saved.tickets {
            Some(tickets) => {
                if !touched.is_empty() {
                    self.show_tickets(tickets.into_iter().map(Arc::new).collect(), signals);
                }
                signals.outbox.set(outbox);
                Ok(())
            }
            None if touched.is_empty() => {
                signals.outbox.set(outbox);
                Ok(())
            }
            // The projection was not derived (its transaction failed): fold from the events.
            None => self.refresh_tickets(&touched, signals).await,
        }
    }

    /// Stamps and stores changes to the desk's shared records (one event each, in order, one
    /// transaction), like a ticket action.
    pub async fn append_desk(
        &self,
        changes: Vec<(RecordKey, EventKind)>,
        signals: DeskSignals,
    ) -> Result<(), StoreError> {
        let changes = changes
            .into_iter()
            .map(|(key, kind)| (key.to_ticket_id(), kind))
            .collect();
        self.append_on(changes, signals).await
    }

    /// Stamps and stores events addressed to several tickets or records (one each, in order,
    /// one transaction): a link written on both tickets, changes to desk records.
    pub async fn append_on(
        &self,
        changes: Vec<(TicketId, EventKind)>,
        signals: DeskSignals,
    ) -> Result<(), StoreError> {
        if changes.is_empty() {
            return Ok(());
        }
        let mut stamp = self.stamp().await?;
        let events = stamp_each(&mut stamp, changes);
        self.append(events, signals).await
    }

    /// A person's action on a ticket: the stage moves the profile makes on these events and the
    /// notifications they queue (on the ticket as it was, `before`) are added, each event is
    /// stamped after the one before, and all are stored in one transaction.
    /// `durable` is called the moment the events have committed (the action is saved), before
    /// the views are refreshed; the call returns once they are.
    pub async fn act(
        &self,
        id: &TicketId,
        before: Option<&Ticket>,
        kinds: Vec<EventKind>,
        signals: DeskSignals,
        durable: &dyn Fn(),
    ) -> Result<(), StoreError> {
        let mut stamp = self.stamp().await?;
        let kinds = crate::domain::actions::with_stage_moves(&self.profile, before, kinds);
        let kinds = crate::app::notify::with_rules(self, before, kinds, stamp.now()).await?;
        let changes = kinds.into_iter().map(|kind| (id.clone(), kind)).collect();
        let events = stamp_each(&mut stamp, changes);
        self.append_then(events, Vec::new(), signals, durable).await
    }

    /// Attaches files to a ticket: one `attachment_added` event per file, the bytes named by
    /// their hash (#16: the same file attached twice is stored once), events and files in ONE
    /// transaction (the store checks the size limit again before writing).
    pub async fn attach_files(
        &self,
        id: &TicketId,
        files: Vec<web_sys::File>,
        signals: DeskSignals,
    ) -> Result<(), StoreError> {
        let mut hashed = Vec::with_capacity(files.len());
        for file in files {
            let hash = hash_blob(&file).await?;
            hashed.push((file, hash));
        }
        let mut stamp = self.stamp().await?;
        let mut changes = Vec::with_capacity(hashed.len());
        let mut stored = Vec::with_capacity(hashed.len());
        for (file, hash) in hashed {
            let name = file.name();
            let meta = Attachment {
                id: EventId::from_parts(stamp.now_ms, random_u128()).0,
                mime: attachment_mime(&name, &file.type_()),
                size: file.size() as u64,
                name,
                sha256: Some(hash.to_string()),
            };
            // The builder only refuses a blank id or name: a picked file always has a name.
            let Ok(kind) = attach(meta.clone()) else {
                continue;
            };
            changes.push((id.clone(), kind));
            stored.push(NewAttachment {
                ticket_id: id.clone(),
                meta,
                blob: file.into(),
            });
        }
        let events = stamp_each(&mut stamp, changes);
        self.append_with_files(events, stored, signals).await
    }
}

/// Stamps each change after the one before: one clock tick and fresh randomness each.
fn stamp_each(stamp: &mut Stamp, changes: Vec<(TicketId, EventKind)>) -> Vec<Event> {
    let mut events = Vec::with_capacity(changes.len());
    for (id, kind) in changes {
        let event = stamp.on(&id, kind);
        stamp.newest_clock = Some(event.hlc.clone());
        stamp.random = random_u128();
        events.push(event);
    }
    events
}

/// Test hooks (`test-hooks` builds only): `window.__mesaTestFailNextCommit = "QuotaExceededError"`
/// makes the next save fail as a full disk would (headless Chromium's quota cannot be filled);
/// `window.__mesaTestSkipNextProjection = true` saves the next action's (or pulled page's)
/// events and stops there, as a tab closed between its two transactions would (#21);
/// `window.__mesaTestHoldNextProjection = promise` makes the next action's second transaction
/// wait for `promise`.
#[cfg(feature = "test-hooks")]
pub(crate) fn arm_test_fault(store: &crate::store::Store) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let take = |name: &str| {
        let key = wasm_bindgen::JsValue::from_str(name);
        let value = js_sys::Reflect::get(&window, &key).ok();
        let _ = js_sys::Reflect::delete_property(&window, &key);
        value
    };
    if let Some(name) = take("__mesaTestFailNextCommit").and_then(|v| v.as_string()) {
        store.fail_next_commit_with(&name);
    }
    if take("__mesaTestSkipNextProjection").is_some_and(|v| v.is_truthy()) {
        store.skip_next_projection();
    }
    if let Some(until) = take("__mesaTestHoldNextProjection")
        .and_then(|v| wasm_bindgen::JsCast::dyn_into::<js_sys::Promise>(v).ok())
    {
        store.hold_next_projection(until);
    }
}

#[cfg(not(feature = "test-hooks"))]
pub(crate) fn arm_test_fault(_: &crate::store::Store) {}
