//! The due runner: after start-up and then every 30 s, asks the engine which events are due on
//! every active ticket (clock warnings and breaches, escalation actions, auto-close after the
//! verification window) and appends them all in one store call, as actor "mesa", with ids and
//! clocks derived from what made them due ([`crate::domain::due_events`]): every device and
//! `mesa agent` write the same events. The engine's `due` is idempotent, so a run that finds
//! nothing appends nothing.
//!
//! Only the tab holding the `mesa-due` Web Lock runs it (one tab per device). Each pass also
//! queues the notifications the profile's rules ask for on the due events. When a warning or
//! breach is appended for a ticket assigned to this user, the page is told ([`DueAlert`]; it
//! shows a system notification where the browser allows them, src/ui/due_alert.rs).

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;

use leptos::prelude::*;

use crate::app::clock;
use crate::app::desk::{Desk, DeskSignals};
use crate::domain::due_events::due_events;
use crate::domain::event::{ms_to_utc, Event, EventKind};
use crate::domain::ticket::Ticket;
use crate::store::StoreError;
use crate::sync::browser::lock::{with_lock, LockMode};

/// A warning or breach just appended on a ticket assigned to this device's user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueAlert {
    pub number: String,
    /// A breach (otherwise a warning).
    pub breach: bool,
}

/// How the page tells the user of a [`DueAlert`] (a system notification in their language).
pub type AlertSink = Rc<dyn Fn(DueAlert)>;

/// Seconds between runs.
const PERIOD_MS: u32 = 30_000;

thread_local! {
    static RUNNING: Cell<bool> = const { Cell::new(false) };
}

/// The Web Lock whose holder runs the timers: one tab per device, so two tabs never append
/// the same warning twice nor show its system notification twice. The other tabs see the
/// appended events through the store's change broadcast.
const LEADER_LOCK: &str = "mesa-due";

/// Starts the runner on the open desk once this tab leads: it waits for [`LEADER_LOCK`] (the
/// other tabs queue for it, and the first of them takes over when the leader's tab closes or
/// crashes), then runs one pass, then one every 30 s for the life of the page, holding the lock.
/// Where Web Locks are missing it runs in every tab.
pub fn start(desk: Rc<Desk>, signals: DeskSignals, alerts: AlertSink) {
    leptos::task::spawn_local(async move {
        with_lock(LEADER_LOCK, LockMode::Wait, move || async move {
            loop {
                run_once(&desk, signals, alerts.clone()).await;
                gloo_timers::future::TimeoutFuture::new(PERIOD_MS).await;
            }
        })
        .await;
    });
}

/// One pass over the active tickets. Overlapping passes are skipped.
pub async fn run_once(desk: &Rc<Desk>, signals: DeskSignals, alerts: AlertSink) {
    if RUNNING.with(|r| r.replace(true)) {
        return;
    }
    if let Err(e) = pass(desk, signals, alerts).await {
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

async fn pass(desk: &Rc<Desk>, signals: DeskSignals, alerts: AlertSink) -> Result<(), StoreError> {
    // A desk with no active ticket has nothing due, and its start-up never fetches the pass's
    // code (a new desk's first load included).
    let any_active = signals
        .tickets
        .with_untracked(|tickets| tickets.iter().any(|t| t.status.is_active()));
    if !any_active {
        return Ok(());
    }
    match due_pass(desk.clone(), signals, alerts, clock::now_ms()).await {
        Ok(passing) => passing.await,
        // Its code could not be fetched (offline before the service worker kept it): nothing
        // was written, and the next pass, 30 s later, finds the same events due and tries again.
        Err(e) => {
            leptos::logging::warn!("due runner: its module could not be loaded: {e:?}");
            Ok(())
        }
    }
}

/// One pass under way.
type Passing = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), StoreError>>>>;

// The pass itself (the engine's `due` over every active ticket, the due events' notifications,
// the store's write path, the folds) is loaded on demand in the `split` build
// (src/app/split.rs): opening the queue needs the engine's clocks, not what is due.
crate::split_fn!(
    due_events,
    fn due_pass(desk: Rc<Desk>, signals: DeskSignals, alerts: AlertSink, now_ms: i64) -> Passing {
        Box::pin(async move {
            let due = find_due(&desk, signals, now_ms);
            if due.is_empty() {
                return Ok(());
            }
            append(desk, signals, alerts, due, now_ms).await
        })
    }
);

/// The active tickets with something due at `now_ms`, and what.
fn find_due(desk: &Desk, signals: DeskSignals, now_ms: i64) -> Vec<(Arc<Ticket>, Vec<EventKind>)> {
    let now = ms_to_utc(now_ms);
    // Only the tickets with something due are copied out of the list: copying every ticket
    // (100k at the largest desks) every 30 s held the page for a noticeable moment.
    let engines = desk.engines();
    signals.tickets.with_untracked(|tickets| {
        tickets
            .iter()
            .filter(|t| t.status.is_active())
            .filter_map(|t| {
                let kinds = engines.for_ticket(t).due(t, now);
                (!kinds.is_empty()).then(|| (t.clone(), kinds))
            })
            .collect()
    })
}

/// Makes the due events of each ticket with the stage moves and notifications the profile's
/// rules ask for ([`due_events`]: ids and clocks derived from what made them due, actor
/// "mesa", so this tab, other devices and `mesa agent` write the same events and the endpoint
/// keeps one), appends them all in one store call, and tells the page of this user's tickets'
/// warnings and breaches.
async fn append(
    desk: Rc<Desk>,
    signals: DeskSignals,
    alerts: AlertSink,
    due: Vec<(Arc<Ticket>, Vec<EventKind>)>,
    now_ms: i64,
) -> Result<(), StoreError> {
    let now = ms_to_utc(now_ms);
    let customers = crate::app::notify::customers(&desk).await?;
    let mut events: Vec<Event> = Vec::new();
    let mut raised: Vec<DueAlert> = Vec::new();
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
                    match raised.iter_mut().find(|a| *a.number == *ticket.number) {
                        Some(alert) => alert.breach |= breach,
                        None => raised.push(DueAlert {
                            number: String::from(&*ticket.number),
                            breach,
                        }),
                    }
                }
            }
            events.push(event);
        }
    }
    desk.append(events, signals).await?;
    for alert in raised {
        alerts(alert);
    }
    Ok(())
}
