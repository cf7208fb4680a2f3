//! A device's durable storage, in memory, with the semantics of `Store` (IndexedDB): appends
//! skip ids already stored and are atomic; the outbox lists local events not yet acknowledged;
//! the checkpoint is a separate durable write. Whatever a crash interrupts (a sync session in
//! memory) is lost; what was written here is not.
//!
//! ```
//! use mesa::domain::event::*;
//! use mesa::sync::sim::MemoryDevice;
//! let mut device = MemoryDevice::new("tablet-7");
//! let hlc = device.next_clock(1_000);
//! let id = EventId::from_parts(hlc.wall_ms, 1);
//! let event = Event::new(id.clone(), id.as_ticket(), hlc, "ana", EventKind::AutoClosed);
//! device.commit(&[event.clone()], true, 1_000);
//! device.commit(&[event], false, 1_001); // pulled back: already stored, skipped
//! assert_eq!(device.log.len(), 1);
//! assert_eq!(device.outbox_events().len(), 1);
//! device.ack(&[id]);
//! assert!(device.outbox.is_empty());
//! ```

use std::collections::HashSet;

use serde_json::Value;

use crate::domain::event::{Event, EventId, Hlc};

/// See the module documentation.
#[derive(Clone, Debug, Default)]
pub struct MemoryDevice {
    pub name: String,
    /// The event log in local arrival order.
    pub log: Vec<Event>,
    pub ids: HashSet<EventId>,
    /// Ids of local events not yet acknowledged by the endpoint, oldest first.
    pub outbox: Vec<EventId>,
    /// The last confirmed `_changes` cursor.
    pub checkpoint: Option<Value>,
    /// The newest clock this device has used or seen (`meta.hlc`).
    pub clock: Option<Hlc>,
}

impl MemoryDevice {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// The clock of a new local event (`Hlc::next` after everything seen), remembered.
    pub fn next_clock(&mut self, now_ms: i64) -> Hlc {
        let hlc = Hlc::next(self.clock.as_ref(), &self.name, now_ms);
        self.clock = Some(hlc.clone());
        hlc
    }

    /// `Store::append`: stores the events whose ids are new, in one step; local events
    /// (`to_outbox`) enter the outbox, pulled ones move the clock past them (`Hlc::receive`).
    /// Returns how many were new.
    pub fn commit(&mut self, events: &[Event], to_outbox: bool, now_ms: i64) -> usize {
        let mut added = 0;
        for event in events {
            if !self.ids.insert(event.id.clone()) {
                continue;
            }
            added += 1;
            self.log.push(event.clone());
            if to_outbox {
                self.outbox.push(event.id.clone());
            } else {
                let own = self
                    .clock
                    .clone()
                    .unwrap_or_else(|| Hlc::first(now_ms, &self.name));
                self.clock = Some(own.receive(&event.hlc, now_ms));
            }
        }
        added
    }

    /// The outbox as events, oldest first (what a sync session pushes).
    pub fn outbox_events(&self) -> Vec<Event> {
        let pending: HashSet<&EventId> = self.outbox.iter().collect();
        self.log
            .iter()
            .filter(|e| pending.contains(&e.id))
            .cloned()
            .collect()
    }

    /// Removes acknowledged events from the outbox.
    pub fn ack(&mut self, ids: &[EventId]) {
        self.outbox.retain(|id| !ids.contains(id));
    }
}
