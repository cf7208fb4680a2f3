//! Helpers shared by the native tests (`crate::common`): a [`Device`] that stamps events, and
//! the Rust fixtures kept beside the data they write in `tests/data` (the desk writer, the P4
//! month of `events-p4.json`, the sync simulation's desk edits).

#[path = "../../data/desk.rs"]
pub mod desk;
#[path = "../../data/desk_edits.rs"]
pub mod desk_edits;
#[path = "../../data/p4_month.rs"]
pub mod p4_month;

use chrono::{DateTime, Utc};
use mesa::domain::event::{Event, EventId, EventKind, Hlc, TicketId};

/// A device that stamps events at absolute instants, with its own hybrid clock and ids.
pub struct Device {
    clock: Hlc,
    seq: u128,
}

impl Device {
    pub fn new(name: &str) -> Self {
        Self {
            clock: Hlc::first(0, name),
            seq: 0,
        }
    }

    pub fn event(&mut self, ticket: &TicketId, at: DateTime<Utc>, kind: EventKind) -> Event {
        self.clock = self.clock.tick(at.timestamp_millis());
        self.seq += 1;
        let salt = self
            .clock
            .device
            .bytes()
            .fold(0u128, |a, b| a * 31 + b as u128);
        let id = EventId::from_parts(self.clock.wall_ms, self.seq + (salt << 32));
        let ticket = if ticket.0.is_empty() {
            id.as_ticket()
        } else {
            ticket.clone()
        };
        Event::new(id, ticket, self.clock.clone(), "tester", kind)
    }
}
