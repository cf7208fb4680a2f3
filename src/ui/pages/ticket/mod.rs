//! The ticket page (`#/ticket/ID`): the folded ticket, its clocks with their explanation, flagged
//! conflicts, the actions allowed now, the escalation contacts and the whole history.
//!
//! The page loads the ticket's events from the store and folds them; every action appends events
//! through the desk and reloads. Rules live in [`crate::domain::actions`] and the engine.

mod actions;
mod attach_picker;
mod attachment_item;
mod attachments;
mod clocks;
mod closure_report;
mod conflicts;
pub mod countdown;
mod evidence;
mod form;
mod knowledge;
mod level_meaning;
mod notifications;
mod photo;
mod related;
mod stages;
mod summary;
mod timeline;

// What a level is called and means, shown where a new ticket's level is chosen too.
pub(crate) use level_meaning::level_meaning;
pub(crate) use summary::level_name;

use std::collections::HashMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::app::desk::{use_desk_signals, DeskSignals};
use crate::app::open_desk::{use_desk, OpenDesk};
use crate::domain::actions::Action;
use crate::domain::event::{Event, EventKind, TicketId};
use crate::domain::fold::fold_ticket;
use crate::domain::ticket::Ticket;
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::StoreErrorMessage;

/// How often the clocks move on their own.
const TICK: Duration = Duration::from_secs(30);

/// The page's shared state, provided as context to its parts.
#[derive(Clone, Copy)]
pub struct TicketCtx {
    pub id: StoredValue<TicketId>,
    /// `None` until the first load finishes.
    pub events: RwSignal<Option<Vec<Event>>>,
    pub ticket: Memo<Option<Ticket>>,
    /// The time the clocks are computed at (moves every [`TICK`]).
    pub now: RwSignal<DateTime<Utc>>,
    pub failure: RwSignal<Option<StoreError>>,
    /// The last action saved, for the confirmation line.
    pub saved: RwSignal<Option<Action>>,
    pub busy: RwSignal<bool>,
    /// Bumped to load the events again.
    pub reload: RwSignal<u32>,
    /// Attachment id → object URL of its bytes stored on this device: made (and revoked) by
    /// the attachments list, shown by it and by the timeline's thumbnails.
    pub file_urls: RwSignal<HashMap<String, String>>,
    pub signals: DeskSignals,
    /// The open desk the page shows.
    pub desk: OpenDesk,
}

impl TicketCtx {
    /// Stamps and stores the events of one action, then reloads the ticket.
    pub fn append(self, action: Action, kinds: Vec<EventKind>) {
        if self.busy.get_untracked() || kinds.is_empty() {
            return;
        }
        // The action's task is queued before the redraws these changes cause, so it reaches
        // its write first (the values are set at once; only the page is redrawn after).
        leptos::task::spawn_local(async move {
            let id = self.id.get_value();
            let before = self.ticket.get_untracked();
            // «guardado» shows as soon as the events are durable; the page stays busy until
            // the ticket's new state is shown (the next action is built on it).
            // Said once (a second «guardado» would be announced again), and not at all once the
            // page is left (its signals are gone; the action goes on and completes).
            let saved = self.saved;
            let show_saved = move || {
                saved.maybe_update(|shown| {
                    let changed = *shown != Some(action);
                    *shown = Some(action);
                    changed
                })
            };
            match append_events(
                self.desk,
                &id,
                before.as_ref(),
                kinds,
                self.signals,
                &show_saved,
            )
            .await
            {
                // Also when nothing was new to save (every event already stored).
                Ok(()) => show_saved(),
                Err(e) => self.failure.set(Some(e)),
            }
            self.busy.set(false);
            self.reload.update(|n| *n += 1);
        });
        self.busy.set(true);
        self.failure.set(None);
        self.saved.set(None);
    }
}

/// A person's action on the ticket (see [`crate::app::desk::Desk::act`]); `durable` is called
/// the moment it is saved.
pub(crate) async fn append_events(
    desk: OpenDesk,
    id: &TicketId,
    before: Option<&Ticket>,
    kinds: Vec<EventKind>,
    signals: DeskSignals,
    durable: &dyn Fn(),
) -> Result<(), StoreError> {
    desk.get().act(id, before, kinds, signals, durable).await
}

/// A time in the desk's zone (its default calendar's, named on the page), as the e-mails and
/// the monthly report write it.
pub fn local_time(t: DateTime<Utc>) -> String {
    crate::app::desk::desk_zone()
        .local(t)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[component]
pub fn TicketPage(#[prop(into)] id: String) -> impl IntoView {
    let i18n = use_i18n();
    let signals = use_desk_signals();
    let desk = use_desk();
    let events = RwSignal::new(None::<Vec<Event>>);
    let ctx = TicketCtx {
        id: StoredValue::new(TicketId(id)),
        events,
        ticket: Memo::new(move |_| events.with(|e| e.as_deref().and_then(fold_ticket))),
        now: RwSignal::new(crate::app::clock::now()),
        failure: RwSignal::new(None),
        saved: RwSignal::new(None),
        busy: RwSignal::new(false),
        reload: RwSignal::new(0),
        file_urls: RwSignal::new(HashMap::new()),
        signals,
        desk,
    };
    provide_context(ctx);
    knowledge::provide_knowledge(desk);

    // Load now, after every action, and whenever the stored tickets change (sync, other tabs).
    Effect::new(move |_| {
        signals.tickets.track();
        ctx.reload.track();
        let id = ctx.id.get_value();
        leptos::task::spawn_local(async move {
            match desk.get().ticket_events(&id).await {
                Ok(list) => {
                    // Clocks at the time of the newest event, not at the last tick.
                    ctx.now.set(crate::app::clock::now());
                    ctx.events.set(Some(list));
                }
                Err(e) => ctx.failure.set(Some(e)),
            }
        });
    });
    if let Ok(handle) =
        set_interval_with_handle(move || ctx.now.set(crate::app::clock::now()), TICK)
    {
        on_cleanup(move || handle.clear());
    }

    let loaded = move || ctx.events.with(Option::is_some);
    let found = move || ctx.ticket.with(Option::is_some);
    view! {
        <section class="ticket-page">
            <p class="back">
                <a href="#/">{move || i18n.t("ticket.back")}</a>
            </p>
            {move || ctx.failure.get().map(|e| view! { <StoreErrorMessage error=e/> })}
            <Show
                when=found
                fallback=move || {
                    if loaded() {
                        view! { <p class="empty" role="status">{move || i18n.t("ticket.not_found")}</p> }.into_any()
                    } else {
                        view! { <p class="loading">{move || i18n.t("status.loading")}</p> }.into_any()
                    }
                }
            >
                <summary::Summary/>
                <evidence::EvidenceMark/>
                <closure_report::ClosureReport/>
                <conflicts::Conflicts/>
                <clocks::Clocks/>
                <stages::Stages/>
                <knowledge::Knowledge/>
                <actions::Actions/>
                <related::Related/>
                <attachments::Attachments/>
                <notifications::Notifications/>
                <summary::Directory/>
                <timeline::Timeline/>
            </Show>
        </section>
    }
}
