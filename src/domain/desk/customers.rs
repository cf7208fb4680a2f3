//! Customers as the desk shares them: created, changed field by field, archived.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::change::CustomerPatch;
use super::history::{set_field, set_if_given, FieldChange};
use super::RecordKey;
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
        let technician = p.account_technician.clone();
        set_if_given(
            &mut c.account_technician,
            "account_technician",
            technician,
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
        account_technician: Some(c.account_technician.clone()),
    }
}

/// The events that turn the desk's customers (`records`) into `edited`, the list as a person
/// left it (each entry's `id` names its record; empty for a new customer): a creation for each
/// new customer, under the id `new_id` gives it; a change naming only the fields that differ;
/// an archive for each record in force that is no longer listed. Nothing for what is unchanged.
///
/// ```
/// use std::collections::BTreeMap;
/// use mesa::domain::customer::Customer;
/// use mesa::domain::desk::customers::customer_changes;
/// use mesa::domain::event::EventKind;
///
/// let new = Customer { name: "ACME".into(), ..Customer::default() };
/// let changes = customer_changes(&BTreeMap::new(), &[new], |_| "acme-1".into());
/// assert_eq!(changes[0].0.to_string(), "customer:acme-1");
/// assert!(matches!(&changes[0].1, EventKind::CustomerCreated(c) if c.name == "ACME" && c.id.is_empty()));
/// ```
pub fn customer_changes(
    records: &BTreeMap<String, CustomerRecord>,
    edited: &[Customer],
    mut new_id: impl FnMut(&Customer) -> String,
) -> Vec<(RecordKey, EventKind)> {
    let mut out = Vec::new();
    for c in edited {
        let payload = Customer {
            id: String::new(),
            ..c.clone()
        };
        match records.get(&c.id).filter(|_| !c.id.is_empty()) {
            None => out.push((
                RecordKey::Customer(new_id(c)),
                EventKind::CustomerCreated(payload),
            )),
            Some(record) => {
                let was = &record.customer;
                let patch = CustomerPatch {
                    name: (was.name != payload.name).then(|| payload.name.clone()),
                    contacts: (was.contacts != payload.contacts).then(|| payload.contacts.clone()),
                    sites: (was.sites != payload.sites).then(|| payload.sites.clone()),
                    contract_start: (was.contract_start != payload.contract_start)
                        .then_some(payload.contract_start),
                    contract_end: (was.contract_end != payload.contract_end)
                        .then_some(payload.contract_end),
                    account_technician: (was.account_technician != payload.account_technician)
                        .then(|| payload.account_technician.clone()),
                };
                if patch != CustomerPatch::default() {
                    out.push((
                        RecordKey::Customer(record.id.clone()),
                        EventKind::CustomerChanged(patch),
                    ));
                }
            }
        }
    }
    for record in records.values().filter(|r| !r.archived) {
        if !edited.iter().any(|c| c.id == record.id) {
            out.push((
                RecordKey::Customer(record.id.clone()),
                EventKind::CustomerArchived {
                    reason: String::new(),
                },
            ));
        }
    }
    out
}

/// The customers in force (not archived), by name, each carrying its record id, as a list a
/// person edits or picks from.
pub fn customers_in_force(records: &BTreeMap<String, CustomerRecord>) -> Vec<Customer> {
    let mut list: Vec<Customer> = records
        .values()
        .filter(|r| !r.archived)
        .map(|r| Customer {
            id: r.id.clone(),
            ..r.customer.clone()
        })
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    list
}
