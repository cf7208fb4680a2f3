//! The due events of a ticket, ready to append: what [`Engine::due`] finds, each followed by
//! the stage moves and notifications the profile asks for, as events whose id and clock are
//! derived from what made them due.
//!
//! Every device (each browser's due runner, `mesa agent`) that computes the same due event
//! writes the same bytes: the id is [`derived_id::event_id`] of the ticket and the cause
//! (`breach/restore/<deadline>`, `rule/<id>/<clock>/<run start>/…`, `notify/<key>`,
//! `auto_close/<resolution>/<reopens>`), the hybrid clock is the instant the event marks (a
//! breach at its deadline, a warning at its threshold, a rule's actions when its trigger fired,
//! an auto-close when the verification window ended) on the engine's own device
//! [`DUE_DEVICE`], and the actor is [`ENGINE_ACTOR`]. The endpoint keeps one copy (a second push
//! is a `conflict`, i.e. already stored), every device folds the same ticket, and a message
//! queued by a due event is rendered at that instant, so its text is the same everywhere too.
//!
//! The instant is when the thing was due, not when a device noticed: a desk whose devices were
//! all closed for a night gets, in the morning, the events it would have had on time. The
//! counter orders the events of one instant: a closure's stage move, then the event, then the
//! stage it enters, then its messages.
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use mesa::domain::due_events::due_events;
//! use mesa::domain::engine::Engine;
//! use mesa::domain::event::EventKind;
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::ticket::{Status, Ticket};
//!
//! let engine = Engine::new(ProcessProfile::from_json(preset("p1-sipo").unwrap()).unwrap()).unwrap();
//! let resolved = Utc.with_ymd_and_hms(2026, 10, 16, 22, 0, 0).unwrap();
//! let ticket = Ticket { request_kind: "incidente_api".into(), status: Status::Resolved,
//!                       resolved_at: Some(resolved), opened_at: resolved, reported_at: resolved,
//!                       ..Ticket::default() };
//! let early = due_events(&engine, &[], &ticket, resolved + Duration::hours(25));
//! let late = due_events(&engine, &[], &ticket, resolved + Duration::hours(90));
//! assert_eq!(early, late); // the same events, byte for byte, whenever they are computed
//! let closed = early.iter().find(|e| e.kind == EventKind::AutoClosed).unwrap();
//! assert_eq!(closed.at(), resolved + Duration::hours(24));
//! ```

use chrono::{DateTime, Utc};

use super::actions::with_stage_moves;
use super::customer::Customer;
use super::desk::derived_id::event_id;
use super::due::{due_keyed, Due};
use super::engine::Engine;
use super::event::{Event, EventKind, Hlc};
use super::fold::apply;
use super::notify::with_notifications;
use super::profile::StageTrigger;
use super::ticket::Ticket;

/// The device of every event the engine derives (its clock is the instant the event marks).
pub const DUE_DEVICE: &str = "mesa-due";
/// The actor of every event the engine derives.
pub const ENGINE_ACTOR: &str = "mesa";

/// The events due on `ticket` at `now` (see the module documentation), in append order; empty
/// when nothing is due. `customers` are the desk's customers in force (for the notifications'
/// recipients).
pub fn due_events(
    engine: &Engine,
    customers: &[Customer],
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Vec<Event> {
    let found = due_keyed(engine, ticket, now);
    if found.is_empty() {
        return Vec::new();
    }
    let mut sim = ticket.clone();
    let mut out = Vec::new();
    for due in found {
        let Due { kind, key, at } = due;
        let kinds = with_stage_moves(engine.profile(), Some(&sim), vec![kind.clone()]);
        let kinds = with_notifications(engine, customers, Some(&sim), kinds, at);
        let mut own_seen = false;
        for derived in kinds {
            let (derived_key, counter) = match &derived {
                k if !own_seen && *k == kind => {
                    own_seen = true;
                    (key.clone(), 1)
                }
                EventKind::NotificationQueued(n) => (format!("notify/{}", n.key), 3),
                EventKind::StageChanged {
                    stage, entered_on, ..
                } => {
                    let before = *entered_on == Some(StageTrigger::Closure);
                    (format!("{key}/stage/{stage}"), if before { 0 } else { 2 })
                }
                other => (format!("{key}/{}", other.code()), 2),
            };
            let event = derived_event(ticket, &derived_key, at, counter, derived);
            apply(&mut sim, &event);
            out.push(event);
        }
    }
    out
}

/// One derived event: id from the ticket and the cause, clock at the instant it marks.
fn derived_event(
    ticket: &Ticket,
    key: &str,
    at: DateTime<Utc>,
    counter: u32,
    kind: EventKind,
) -> Event {
    let id = event_id(&["due", ticket.id.as_str(), key]);
    let hlc = Hlc {
        wall_ms: at.timestamp_millis(),
        counter,
        device: DUE_DEVICE.to_string(),
    };
    Event::new(id, ticket.id.clone(), hlc, ENGINE_ACTOR, kind)
}
