//! Customers as the desk shares them: created, changed field by field, archived.

use serde::{Deserialize, Serialize};

use super::change::CustomerPatch;
use super::history::{set_field, set_if_given, FieldChange};
use crate::domain::customer::Customer;
use crate::domain::event::{Event, EventKind};

/// One customer of the desk, folded from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRecord {
    /// The record id (the part after `customer:` in the events' record key).
    pub id: String,
    pub customer: Customer,
    /// Archived customers stay (their tickets name them) but are not offered for new tickets.
    pub archived: bool,
    /// Whether a creation event was folded (a change whose creation has not arrived yet makes a
    /// record too, so nothing is lost, but it is marked as incomplete).
    pub created: bool,
    pub history: Vec<FieldChange>,
}

impl CustomerRecord {
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_string(),
            ..Self::default()
        }
    }

    /// Folds one customer event (already in the desk's total order) into the record.
    pub fn apply(&mut self, event: &Event) {
        match &event.kind {
            EventKind::CustomerCreated(c) => {
                self.created = true;
                self.patch(&whole(c), event);
            }
            EventKind::CustomerChanged(patch) => self.patch(patch, event),
            EventKind::CustomerArchived { .. } => set_field(
                &mut self.archived,
                "archived",
                true,
                &mut self.history,
                event,
            ),
            _ => {}
        }
    }

    fn patch(&mut self, p: &CustomerPatch, event: &Event) {
        let (c, h) = (&mut self.customer, &mut self.history);
        set_if_given(&mut c.name, "name", p.name.clone(), h, event);
        set_if_given(&mut c.contacts, "contacts", p.contacts.clone(), h, event);
        set_if_given(&mut c.sites, "sites", p.sites.clone(), h, event);
        let start = p.contract_start;
        set_if_given(&mut c.contract_start, "contract_start", start, h, event);
        set_if_given(
            &mut c.contract_end,
            "contract_end",
            p.contract_end,
            h,
            event,
        );
    }
}

/// A whole customer as a change of every field.
fn whole(c: &Customer) -> CustomerPatch {
    CustomerPatch {
        name: Some(c.name.clone()),
        contacts: Some(c.contacts.clone()),
        sites: Some(c.sites.clone()),
        contract_start: Some(c.contract_start),
        contract_end: Some(c.contract_end),
    }
}
