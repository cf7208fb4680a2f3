//! The open desk: the store, this device, the active process profile, and the reactive list of
//! tickets the pages show. Created once at start-up.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::app::desk_list::ListReads;
use crate::app::desk_profile;
/// Kept here too for the callers that name it so (src/app/commands.rs).
pub use crate::app::random::random_u128;
use crate::app::shell_state::shell;
use crate::domain::desk::upgrade::{events_from_meta, LegacyMeta};
use crate::domain::desk::{fold_desk, DeskState};
use crate::domain::engine::Engine;
use crate::domain::engines::Engines;
use crate::domain::event::TicketId;
use crate::domain::fold::fold_ticket;
use crate::domain::profile::ProcessProfile;
use crate::domain::ticket::Ticket;
use crate::domain::ticket_list::{merge_tickets, newer_than_listed};
use crate::store::{OpenOptions, Outbox, Signer, Store, StoreError};

/// Above this many changed tickets, [`Desk::refresh_tickets`] reads the whole list instead.
const INCREMENTAL_LIMIT: usize = 64;

/// The database name the app uses.
pub const DB_NAME: &str = "mesa";
/// This device's copy of the desk's name, for the header at start-up (the name itself is a desk
/// setting, an event); before desk events, the name itself.
pub const DESK_NAME_CACHE: &str = "desk_name";
/// The values the previous version kept in `meta` that have been converted to desk events on
/// this device (the `desk_upgraded` entry).
const UPGRADED_VALUES: &str = "customers,desk_name,kb,profile";

/// This device's choice of process: a preset's id, or [`CUSTOM_PROFILE`] for the text in
/// [`PROFILE_COPY`] (a copy of the desk's active profile version, for a fast start).
pub const PROFILE_CHOICE: &str = "profile";
/// The JSON text of this device's process when it is not a preset kept by id.
pub const PROFILE_COPY: &str = "profile_json";
/// The desk's profile version this device last chose or adopted (it runs it from its next
/// start).
pub const PROFILE_VERSION: &str = "profile_version";
/// The value of [`PROFILE_CHOICE`] for a process whose text is in [`PROFILE_COPY`].
pub const CUSTOM_PROFILE: &str = "custom";

/// The preset used until the provider picks one.
pub const DEFAULT_PROFILE: &str = "p4-callmyway";

thread_local! {
    static DESK: RefCell<Option<Rc<Desk>>> = const { RefCell::new(None) };
}

/// Everything the pages need that is not a signal.
pub struct Desk {
    pub store: Store,
    pub device: String,
    /// This device's signing key and chain head (#20): every event the device writes is
    /// chained and signed. `None` in a browser without Ed25519 in WebCrypto (events unsigned).
    pub signer: Option<Signer>,
    pub actor: String,
    pub profile: ProcessProfile,
    /// The JSON text `profile` was read from (the preset's file or the stored custom profile).
    pub profile_json: String,
    /// The SLA / escalation engines: `profile`'s for new tickets, and one per process version
    /// the desk published, which the tickets opened under it keep (issue #14). Versions are
    /// known once the desk's records were folded ([`Desk::shared`]).
    engines: RefCell<Engines>,
    /// Moves when `engines` learns the desk's versions: clocks shown are computed again.
    pub engines_moved: RwSignal<u64>,
    /// False until a process was picked in Ajustes (meta "profile" unset): show the welcome.
    pub profile_chosen: bool,
    /// The desk's shared records folded from their events, once a page asked for them (see
    /// [`Desk::shared`]); forgotten whenever desk events arrive.
    shared: RefCell<Option<Rc<DeskState>>>,
    /// The reads of the whole list begun, ended and under way (see [`ListReads`]).
    pub(super) list_reads: ListReads,
}

/// Reactive views of the stored data, provided as context.
#[derive(Clone, Copy)]
pub struct DeskSignals {
    /// Every ticket, newest opened first; each shared (not copied) by the queue's entries.
    pub tickets: RwSignal<Vec<Arc<Ticket>>>,
    pub outbox: RwSignal<u32>,
    /// Counts the changes of the desk's shared records (customers…): a page that shows them
    /// reads [`Desk::shared`] again when it moves.
    pub shared: RwSignal<u64>,
}

impl DeskSignals {
    pub fn new() -> Self {
        Self {
            tickets: RwSignal::new(Vec::new()),
            outbox: RwSignal::new(0),
            shared: RwSignal::new(0),
        }
    }
}

impl Default for DeskSignals {
    fn default() -> Self {
        Self::new()
    }
}

/// Opens the store, loads or creates the device id, and loads the active profile.
///
/// While another tab keeps an older version of the database open, the shell shows the
/// "blocked" notice; when another tab upgrades it later, the shell asks for a reload.
pub async fn open_desk(db_name: &str) -> Result<Rc<Desk>, StoreError> {
    let options = OpenOptions {
        on_blocked: Some(Rc::new(|| shell().blocked.set(true))),
    };
    let store = Store::open_with(db_name, options).await?;
    shell().blocked.set(false);
    store.on_version_change(|| shell().version_changed.set(true));
    let device = match store.meta_string("device").await? {
        Some(d) => d,
        None => {
            let d = format!("dev{:010x}", random_u128() as u64 & 0xFF_FFFF_FFFF);
            store.set_meta_string("device", &d).await?;
            d
        }
    };
    let signer = store.signer(&device).await?;
    let chosen = store.meta_string(PROFILE_CHOICE).await?;
    let profile_chosen = chosen.is_some();
    let profile_id = chosen.unwrap_or_else(|| DEFAULT_PROFILE.to_string());
    let custom = match profile_id.as_str() {
        CUSTOM_PROFILE => match store.meta_string(PROFILE_COPY).await? {
            Some(json) => desk_profile::checked(&store, &json)
                .await
                .ok()
                .map(|checked| (checked, json, false)),
            None => None,
        },
        _ => None,
    };
    let (checked, profile_json, fetched) = match custom {
        Some(found) => found,
        None => match desk_profile::preset(&store, &profile_id).await {
            Ok(found) => found,
            Err(e) if profile_id != DEFAULT_PROFILE => {
                leptos::logging::warn!("process {profile_id}: {e}; using {DEFAULT_PROFILE}");
                desk_profile::preset(&store, DEFAULT_PROFILE)
                    .await
                    .map_err(StoreError::ProfileUnavailable)?
            }
            Err(e) => return Err(StoreError::ProfileUnavailable(e)),
        },
    };
    let actor = store
        .meta_string(crate::app::device::USER_NAME)
        .await?
        .unwrap_or_else(|| "operador".to_string());
    let profile = checked.profile().clone();
    let engine = Engine::from_checked(checked).map_err(|e| {
        StoreError::Corrupt(format!("profile {}: {} problems", profile.id, e.len()))
    })?;
    let desk = Rc::new(Desk {
        store,
        device,
        signer,
        actor,
        profile,
        profile_json,
        engines: RefCell::new(Engines::new(engine)),
        engines_moved: RwSignal::new(0),
        profile_chosen,
        shared: RefCell::new(None),
        list_reads: ListReads::default(),
    });
    DESK.with(|d| *d.borrow_mut() = Some(desk.clone()));
    if fetched {
        // Off the start-up's path: keep the fetched process for a start-up without network.
        let kept = desk.clone();
        leptos::task::spawn_local(async move {
            let id = kept.profile.id.clone();
            crate::app::presets::keep_if_changed(&kept.store, &id, &kept.profile_json).await;
        });
    }
    Ok(desk)
}

/// The open desk, if start-up finished: for the app-layer code that may run before (another
/// tab's message, a sync wake-up). The pages hold the desk itself ([`crate::app::open_desk`]).
pub fn try_desk() -> Option<Rc<Desk>> {
    DESK.with(|d| d.borrow().clone())
}

/// The desk's time zone, in which every time is shown (UTC for a component shown before any
/// desk opened).
pub fn desk_zone() -> crate::domain::calendar::Zone {
    try_desk().map_or(crate::domain::calendar::Zone::UTC, |d| {
        d.engines().active().desk_zone()
    })
}

/// The day a fault was reported (now, when not given), in the desk's zone.
pub fn reported_day(at: Option<chrono::DateTime<chrono::Utc>>) -> NaiveDate {
    desk_zone()
        .local(at.unwrap_or_else(crate::app::clock::now))
        .date()
}

pub fn use_desk_signals() -> DeskSignals {
    expect_context::<DeskSignals>()
}

impl Desk {
    /// Re-reads only the tickets this tab just changed (their folded events: what the store's
    /// projection holds) and replaces them in the reactive list, instead of reading every
    /// ticket again. Many tickets at once (the due runner after a long sleep) read everything.
    pub async fn refresh_tickets(
        &self,
        ids: &BTreeSet<TicketId>,
        signals: DeskSignals,
    ) -> Result<(), StoreError> {
        if ids.len() > INCREMENTAL_LIMIT {
            return self.refresh(signals).await;
        }
        let mut fresh = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(ticket) = fold_ticket(&self.store.ticket_events(id).await?) {
                fresh.push(Arc::new(ticket));
            }
        }
        self.show_tickets(fresh, signals);
        signals.outbox.set(self.store.outbox_len().await?);
        Ok(())
    }

    /// Replaces these tickets (as now folded) in the reactive list, and their queue summaries
    /// in the store's cache after. A ticket the list holds with more events stays as listed:
    /// it was folded after this one (a sync's merge while another tab's change was read).
    pub fn show_tickets(&self, fresh: Vec<Arc<Ticket>>, signals: DeskSignals) {
        let fresh = signals
            .tickets
            .with_untracked(|list| newer_than_listed(list, fresh));
        let summaries = self.summaries(&fresh);
        signals.tickets.update(|list| merge_tickets(list, fresh));
        leptos::task::spawn_local(async move {
            if let Some(desk) = try_desk() {
                desk.put_summaries(&summaries).await;
            }
        });
    }

    /// The desk's shared records (customers, directory, profile versions, articles, settings)
    /// folded from their events: read once, then kept until desk events arrive. The first
    /// read converts what the previous version kept in `meta` (see [`Desk::upgrade_legacy`]).
    pub async fn shared(&self) -> Result<Rc<DeskState>, StoreError> {
        if let Some(state) = self.shared.borrow().clone() {
            return Ok(state);
        }
        self.upgrade_legacy().await?;
        let state = Rc::new(fold_desk(&self.store.desk_events().await?));
        *self.shared.borrow_mut() = Some(state.clone());
        if self.engines.borrow().versions() != &state.profiles {
            let engines = Engines::with_versions(&self.engines(), &state.profiles);
            *self.engines.borrow_mut() = engines;
            self.engines_moved.update(|n| *n += 1);
        }
        // The header reads the desk's name at start-up from this device's copy (so the first
        // screen needs no desk events): keep it current.
        let name = &state.settings.desk_name;
        if self
            .store
            .meta_string(DESK_NAME_CACHE)
            .await?
            .unwrap_or_default()
            != *name
        {
            self.store.set_meta_string(DESK_NAME_CACHE, name).await?;
        }
        Ok(state)
    }

    /// The engines: `.for_ticket(t)` for a ticket's clocks, `.active()` for the desk's
    /// process now (cheap to clone).
    pub fn engines(&self) -> Engines {
        self.engines.borrow().clone()
    }

    /// Forgets the folded shared records (desk events were written here, pulled, or written
    /// by another tab) and tells the pages showing them.
    pub fn forget_shared(&self, signals: DeskSignals) {
        self.shared.borrow_mut().take();
        signals.shared.update(|n| *n += 1);
    }

    /// Converts, once per device, what the previous version kept in `meta` and this version
    /// keeps as desk events (the customers list, the desk's name, the knowledge base, the
    /// process with its escalation directory). Their ids and clocks come
    /// from the content alone, so two tabs converting at once store one copy. A value that
    /// cannot be read is not converted and stays as it was; the error names it.
    async fn upgrade_legacy(&self) -> Result<(), StoreError> {
        const DONE: &str = "desk_upgraded";
        let done = self.store.meta_string(DONE).await?.unwrap_or_default();
        let pending = |value: &str| !done.split(',').any(|d| d == value);
        if !UPGRADED_VALUES.split(',').any(pending) {
            return Ok(());
        }
        // Only what was not converted before: a later version converting one more value
        // leaves the others (and this device's name copy, no longer the name) alone.
        let legacy = LegacyMeta {
            customers: match pending("customers") {
                true => self.store.meta_string("customers").await?,
                false => None,
            },
            desk_name: match pending("desk_name") {
                true => self.store.meta_string(DESK_NAME_CACHE).await?,
                false => None,
            },
            knowledge_base: match pending("kb") {
                true => self.store.meta_string("kb").await?,
                false => None,
            },
            // The process this device runs, if one was ever chosen (a new device waits for the
            // desk's, by sync, instead of publishing the default).
            profile: (pending("profile") && self.profile_chosen).then(|| self.profile_json.clone()),
        };
        let events = events_from_meta(&legacy).map_err(|errors| {
            let first = &errors[0];
            StoreError::LegacyUnreadable {
                key: first.code(),
                detail: first.detail.clone(),
            }
        })?;
        if !events.is_empty() {
            self.store.append(&events, Outbox::Send).await?;
        }
        self.store.set_meta_string(DONE, UPGRADED_VALUES).await
    }

    /// Forgets the desk's shared records if a page had read them (desk events arrived).
    pub(super) fn forget_shared_if_read(&self, signals: DeskSignals) {
        if self.shared.borrow().is_some() {
            self.forget_shared(signals);
        }
    }
}
