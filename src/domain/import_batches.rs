//! How a bulk import (a backup) is cut into transactions: whole tickets only. Every event of a
//! ticket goes in the same batch, so if the import stops part-way (the tab is closed, the
//! device dies, the quota runs out) each ticket is either entirely imported or not at all —
//! never a ticket that shows "open" on this device while the backup has it resolved.
//!
//! Tickets keep the order in which they first appear in the input, and each ticket's events
//! keep their input order. Tickets are packed greedily: a batch takes the next whole ticket
//! while it fits in `max` events; a ticket with more than `max` events gets a batch of its own.
//!
//! ```
//! use mesa::domain::event::{Event, EventId, EventKind, Hlc, TicketId};
//! use mesa::domain::import_batches::whole_ticket_batches;
//! let ev = |t: &str, n: u128| Event::new(EventId::from_parts(1, n), TicketId(t.into()),
//!     Hlc::first(1, "d"), "a", EventKind::Assigned { assignee: "x".into() });
//! let events = [ev("a", 1), ev("b", 2), ev("a", 3), ev("b", 4)];
//! let batches = whole_ticket_batches(&events, 3);
//! assert_eq!(batches.iter().map(Vec::len).collect::<Vec<_>>(), [2, 2]);
//! assert!(batches[0].iter().all(|e| e.ticket_id.0 == "a"));
//! ```

use std::collections::HashMap;

use super::event::Event;

/// `events` grouped into batches of whole tickets of at most `max` events each (except a
/// single ticket larger than `max`). Every input event appears exactly once in the output.
pub fn whole_ticket_batches(events: &[Event], max: usize) -> Vec<Vec<Event>> {
    let max = max.max(1);
    let mut order: Vec<Vec<&Event>> = Vec::new();
    let mut slot: HashMap<&str, usize> = HashMap::new();
    for event in events {
        let i = *slot.entry(event.ticket_id.as_str()).or_insert_with(|| {
            order.push(Vec::new());
            order.len() - 1
        });
        order[i].push(event);
    }
    let mut batches: Vec<Vec<Event>> = Vec::new();
    let mut current: Vec<Event> = Vec::new();
    for ticket in order {
        if !current.is_empty() && current.len() + ticket.len() > max {
            batches.push(std::mem::take(&mut current));
        }
        current.extend(ticket.into_iter().cloned());
    }
    if !current.is_empty() {
        batches.push(current);
    }
    batches
}
