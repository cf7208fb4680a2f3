//! Per-field history of a desk record: every value a field took, who set it and when.
//!
//! Desk events are folded in the one total order `(hlc, id)`, so "the later hybrid clock wins"
//! is simply "the last set wins"; the value it replaced is kept here, never lost.
//!
//! ```
//! use mesa::domain::desk::history::{set_field, FieldChange};
//! use mesa::domain::event::{Event, EventId, EventKind, Hlc, TicketId};
//!
//! let event = Event::new(EventId("E1".into()), TicketId("settings".into()),
//!     Hlc::first(1_000, "d1"), "ana", EventKind::WaitingEnded);
//! let mut name = String::from("Mesa");
//! let mut history: Vec<FieldChange> = Vec::new();
//! set_field(&mut name, "desk_name", "Mesa Norte".to_string(), &mut history, &event);
//! assert_eq!(name, "Mesa Norte");
//! assert_eq!(history[0].old, "Mesa");
//! set_field(&mut name, "desk_name", "Mesa Norte".to_string(), &mut history, &event);
//! assert_eq!(history.len(), 1); // setting the same value again changes nothing
//! ```

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::domain::event::{Event, EventId, Hlc};

/// One change of one field of a desk record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    /// The field's name as serialized (`name`, `sites`, `contract_end`, `body`…).
    pub field: String,
    /// The value before (the empty value of the field for a record just created).
    pub old: Value,
    pub new: Value,
    pub hlc: Hlc,
    pub actor: String,
    pub event: EventId,
}

impl FieldChange {
    /// Whether this change was made by `event`.
    pub fn made_by(&self, event: &EventId) -> bool {
        &self.event == event
    }
}

/// Sets `slot` to `new` when it differs, recording the change in `history`.
pub fn set_field<T: Serialize + PartialEq>(
    slot: &mut T,
    field: &str,
    new: T,
    history: &mut Vec<FieldChange>,
    event: &Event,
) {
    if *slot == new {
        return;
    }
    let old = std::mem::replace(slot, new);
    history.push(FieldChange {
        field: field.to_string(),
        old: serde_json::to_value(&old).unwrap_or(Value::Null),
        new: serde_json::to_value(&*slot).unwrap_or(Value::Null),
        hlc: event.hlc.clone(),
        actor: event.actor.clone(),
        event: event.id.clone(),
    });
}

/// [`set_field`] when the change carries the field (`Some`); untouched otherwise.
pub fn set_if_given<T: Serialize + PartialEq>(
    slot: &mut T,
    field: &str,
    new: Option<T>,
    history: &mut Vec<FieldChange>,
    event: &Event,
) {
    if let Some(new) = new {
        set_field(slot, field, new, history, event);
    }
}
