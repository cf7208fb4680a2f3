//! Every path that appends ticket events asks the engine which notifications they queue
//! ([`crate::domain::notify::with_notifications`]) with the customers list saved in Ajustes.

use crate::domain::commands::Stamp;
use crate::domain::customer::{customers_from_json, Customer};
use crate::domain::event::{Event, EventKind};
use crate::domain::notify::with_notifications;
use crate::domain::ticket::Ticket;
use crate::store::StoreError;
use crate::ui::desk::{random_u128, Desk};

/// The customers list (an unreadable list counts as empty: messages are then queued with no
/// addressee, and say so, rather than blocking the action).
pub async fn customers(desk: &Desk) -> Result<Vec<Customer>, StoreError> {
    let json = desk
        .store
        .meta_string("customers")
        .await?
        .unwrap_or_default();
    Ok(customers_from_json(&json).unwrap_or_default())
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
    Ok(with_notifications(
        &desk.engine,
        &customers,
        before,
        kinds,
        now,
    ))
}

/// The registration event followed by the notifications it queues, stamped after it.
pub async fn registration(
    desk: &Desk,
    opened: Event,
    stamp: &Stamp,
) -> Result<Vec<Event>, StoreError> {
    let kinds = with_rules(desk, None, vec![opened.kind.clone()], stamp.now()).await?;
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
