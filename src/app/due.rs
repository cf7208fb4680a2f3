//! The due runner: after start-up and then every 30 s, asks the engine which events are due on
//! every active ticket (clock warnings and breaches, escalation actions, auto-close after the
//! verification window) and appends them all in one store call, as actor "mesa", with ids and
//! clocks derived from what made them due ([`crate::domain::due_events`]): every device and
//! `mesa agent` write the same events. The engine's `due` is idempotent, so a run that finds
//! nothing appends nothing.
//!
//! Only the tab holding the `mesa-due` Web Lock runs it (one tab per device). Each pass also
//! queues the notifications the profile's rules ask for on the due events. When a warning or
//! breach is appended for a ticket assigned to this user and the browser allows notifications,
//! a system notification is shown.

use std::cell::Cell;

use leptos::prelude::*;

use crate::domain::due_events::due_events;
use crate::domain::event::{ms_to_utc, Event, EventKind};
use crate::domain::ticket::Ticket;
use crate::store::StoreError;
use crate::ui::clock;
use crate::ui::desk::{desk, DeskSignals};
use crate::ui::i18n::I18n;
use crate::ui::leader::run_as_leader;

/// Seconds between runs.
const PERIOD_MS: u32 = 30_000;

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// The Web Lock whose holder runs the timers: one tab per device, so two tabs never append
/// the same warning twice nor show its system notification twice. The other tabs see the
/// appended events through the store's change broadcast.
const LEADER_LOCK: &str = "mesa-due";

/// Starts the runner once this tab leads ([`run_as_leader`]): one pass then, then one every
/// 30 s for the life of the page.
pub fn start(signals: DeskSignals, i18n: I18n) {
    run_as_leader(LEADER_LOCK, move || async move {
        loop {
            run_once(signals, i18n).await;
            gloo_timers::future::TimeoutFuture::new(PERIOD_MS).await;
        }
    });
}

/// One pass over the active tickets. Overlapping passes are skipped.
pub async fn run_once(signals: DeskSignals, i18n: I18n) {
    if RUNNING.with(|r| r.replace(true)) {
        return;
    }
    if let Err(e) = pass(signals, i18n).await {
        leptos::logging::warn!("due runner: {e:?}");
    }
    RUNNING.with(|r| r.set(false));
    #[cfg(feature = "test-hooks")]
    count_pass();
}

/// Counts the finished passes in `window.__mesaDuePasses` (test builds), so a journey waits for
/// the runner to have looked instead of waiting a fixed time.
#[cfg(feature = "test-hooks")]
fn count_pass() {
    use wasm_bindgen::JsValue;
    let Some(window) = web_sys::window() else {
        return;
    };
    let key = JsValue::from_str("__mesaDuePasses");
    let passes = js_sys::Reflect::get(&window, &key)
        .ok()
        .and_then(|v| v.as_f64())
        .unwrap_or(0.0);
    let _ = js_sys::Reflect::set(&window, &key, &JsValue::from_f64(passes + 1.0));
}

async fn pass(signals: DeskSignals, i18n: I18n) -> Result<(), StoreError> {
    let desk = desk();
    let now_ms = clock::now_ms();
    let now = ms_to_utc(now_ms);
    // Only the tickets with something due are copied out of the list: copying every ticket
    // (100k at the largest desks) every 30 s held the page for a noticeable moment.
    let engines = desk.engines();
    let due: Vec<(Ticket, Vec<EventKind>)> = signals.tickets.with_untracked(|tickets| {
        tickets
            .iter()
            .filter(|t| t.status.is_active())
            .filter_map(|t| {
                let kinds = engines.for_ticket(t).due(t, now);
                (!kinds.is_empty()).then(|| (t.clone(), kinds))
            })
            .collect()
    });
    if due.is_empty() {
        return Ok(());
    }
    match append_due(signals, i18n, due, now_ms).await {
        Ok(appending) => appending.await,
        // Its code could not be fetched (offline before the service worker kept it): nothing
        // was written, and the next pass, 30 s later, finds the same events due and tries again.
        Err(e) => {
            leptos::logging::warn!("due runner: its module could not be loaded: {e:?}");
            Ok(())
        }
    }
}

/// The events of one pass being appended.
type Appending = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), StoreError>>>>;

// Appending the due events (their notifications, the store's write path, the folds) is loaded
// on demand in the `split` build (src/ui/split.rs): opening the queue needs only the engine's
// `due`, which finds what is due; a start-up with nothing due never fetches the rest.
crate::split_fn!(
    due_events,
    fn append_due(
        signals: DeskSignals,
        i18n: I18n,
        due: Vec<(Ticket, Vec<EventKind>)>,
        now_ms: i64,
    ) -> Appending {
        Box::pin(append(signals, i18n, due, now_ms))
    }
);

/// Makes the due events of each ticket with the stage moves and notifications the profile's
/// rules ask for ([`due_events`]: ids and clocks derived from what made them due, actor
/// "mesa", so this tab, other devices and `mesa agent` write the same events and the endpoint
/// keeps one), appends them all in one store call, and shows the system notifications of this
/// user's tickets.
async fn append(
    signals: DeskSignals,
    i18n: I18n,
    due: Vec<(Ticket, Vec<EventKind>)>,
    now_ms: i64,
) -> Result<(), StoreError> {
    let desk = desk();
    let now = ms_to_utc(now_ms);
    let customers = crate::ui::notify::customers(&desk).await?;
    let mut events: Vec<Event> = Vec::new();
    let mut alerts: Vec<(String, bool)> = Vec::new();
    for (ticket, _) in due {
        for event in due_events(desk.engines().for_ticket(&ticket), &customers, &ticket, now) {
            let breach = match &event.kind {
                EventKind::ClockBreached { .. } => Some(true),
                EventKind::ClockWarned { .. } => Some(false),
                _ => None,
            };
            if let Some(breach) = breach {
                if ticket.assignee.as_deref() == Some(desk.actor.as_str()) {
                    // One notice per ticket and pass; a breach outranks a warning.
                    match alerts.iter_mut().find(|(n, _)| *n == ticket.number) {
                        Some(alert) => alert.1 |= breach,
                        None => alerts.push((ticket.number.clone(), breach)),
                    }
                }
            }
            events.push(event);
        }
    }
    desk.append(events, signals).await?;
    for (number, breach) in alerts {
        notify(i18n, &number, breach);
    }
    Ok(())
}

/// Shows a system notification if the user allowed them.
fn notify(i18n: I18n, number: &str, breach: bool) {
    use web_sys::{Notification, NotificationOptions, NotificationPermission};
    if Notification::permission() != NotificationPermission::Granted {
        return;
    }
    let key = if breach {
        "settings.notify.breach"
    } else {
        "settings.notify.warning"
    };
    let (title, body) = untrack(|| {
        (
            i18n.t_with(key, &[("number", number)]),
            i18n.t_with("settings.notify.body", &[("number", number)]),
        )
    });
    let options = NotificationOptions::new();
    options.set_body(&body);
    options.set_tag(&format!("mesa-{number}-{breach}"));
    let _ = Notification::new_with_options(&title, &options);
}
