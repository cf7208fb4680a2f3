//! Every path that appends ticket events asks the engine which notifications they queue
//! ([`crate::domain::notify::with_notifications`]) with the desk's customers.

use crate::app::desk::{random_u128, Desk};
use crate::domain::actions::with_stage_moves;
use crate::domain::commands::Stamp;
use crate::domain::customer::Customer;
use crate::domain::desk::customers::customers_in_force;
use crate::domain::event::{Event, EventKind};
use crate::domain::notify::with_notifications;
use crate::domain::ticket::Ticket;
use crate::store::StoreError;

/// The desk's customers in force (the desk records their contacts).
pub async fn customers(desk: &Desk) -> Result<Vec<Customer>, StoreError> {
    Ok(customers_in_force(&desk.shared().await?.customers))
}

/// The events of an action on `before`, each followed by the notifications it queues.
pub async fn with_rules(
    desk: &Desk,
    before: Option<&Ticket>,
    kinds: Vec<EventKind>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Vec<EventKind>, StoreError> {
    if desk.profile.notifications.is_empty() {
        return Ok(kinds);
    }
    let customers = customers(desk).await?;
    let engines = desk.engines();
    Ok(with_notifications(
        before.map_or(engines.active(), |t| engines.for_ticket(t)),
        &customers,
        before,
        kinds,
        now,
    ))
}

/// The registration event, the stages a registration enters (the profile's `entered_on`), and the
/// events that `then` follow it (a rejection as out of scope), each followed by the notifications
/// it queues, stamped in that order.
pub async fn registration(
    desk: &Desk,
    opened: Event,
    then: Vec<EventKind>,
    stamp: &Stamp,
) -> Result<Vec<Event>, StoreError> {
    let first = std::iter::once(opened.kind.clone());
    let kinds = with_stage_moves(&desk.profile, None, first.chain(then).collect());
    let kinds = with_rules(desk, None, kinds, stamp.now()).await?;
    let mut stamp = stamp.clone();
    let mut events = vec![opened];
    for kind in kinds.into_iter().skip(1) {
        stamp.newest_clock = events.last().map(|e| e.hlc.clone());
        stamp.random = random_u128();
        let ticket = events[0].ticket_id.clone();
        events.push(stamp.on(&ticket, kind));
    }
    Ok(events)
}
