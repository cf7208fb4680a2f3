//! The desk's people (agents and technicians) as the desk shares them: set field by field, or
//! deactivated. A deactivated person stays (old tickets name them) but is never offered.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::change::PersonPatch;
use super::history::{set_field, set_if_given, FieldChange};
use super::RecordKey;
use crate::domain::event::{Event, EventKind};
use crate::domain::people::Person;

/// One person of the desk, folded from their events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonRecord {
    /// The record id (the part after `person:` in the events' record key).
    pub id: String,
    pub name: String,
    /// Functional level, 1 = first line (0 until a set gives one).
    pub level: u8,
    pub skills: Vec<String>,
    pub phone: String,
    pub email: String,
    pub active: bool,
    pub history: Vec<FieldChange>,
}

impl PersonRecord {
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_string(),
            ..Self::default()
        }
    }

    /// Folds one person event (already in the desk's total order) into the record.
    pub fn apply(&mut self, event: &Event) {
        match &event.kind {
            EventKind::PersonSet(p) => self.patch(p, event),
            EventKind::PersonDeactivated { .. } => {
                set_field(&mut self.active, "active", false, &mut self.history, event)
            }
            _ => {}
        }
    }

    fn patch(&mut self, p: &PersonPatch, event: &Event) {
        let h = &mut self.history;
        let trimmed = |v: &Option<String>| v.as_ref().map(|t| t.trim().to_string());
        set_if_given(&mut self.name, "name", trimmed(&p.name), h, event);
        set_if_given(&mut self.level, "level", p.level, h, event);
        set_if_given(&mut self.skills, "skills", p.skills.clone(), h, event);
        set_if_given(&mut self.phone, "phone", trimmed(&p.phone), h, event);
        set_if_given(&mut self.email, "email", trimmed(&p.email), h, event);
        set_if_given(&mut self.active, "active", p.active, h, event);
    }

    /// The record as a person a list shows or edits (carrying its record id).
    pub fn person(&self) -> Person {
        Person {
            id: self.id.clone(),
            name: self.name.clone(),
            level: self.level,
            skills: self.skills.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            active: self.active,
        }
    }
}

/// Every person on file (active or not), by name, as a list a person edits.
pub fn people_on_file(records: &BTreeMap<String, PersonRecord>) -> Vec<Person> {
    let mut list: Vec<Person> = records
        .values()
        .filter(|r| !r.name.is_empty())
        .map(PersonRecord::person)
        .collect();
    list.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    list
}

/// The events that turn the desk's people (`records`) into `edited`, the list as a person left
/// it (each entry's `id` names its record; empty for a new person): a set of every field for a
/// new person, under the id `new_id` gives it; a set naming only the fields that differ; a
/// deactivation for a person switched off. Nothing for what is unchanged.
///
/// ```
/// use std::collections::BTreeMap;
/// use mesa::domain::desk::people::people_changes;
/// use mesa::domain::event::EventKind;
/// use mesa::domain::people::Person;
///
/// let new = Person { name: "Lucía".into(), level: 2, active: true, ..Person::default() };
/// let changes = people_changes(&BTreeMap::new(), &[new], |_| "lucia-1".into());
/// assert_eq!(changes[0].0.to_string(), "person:lucia-1");
/// assert!(matches!(&changes[0].1, EventKind::PersonSet(p) if p.level == Some(2)));
/// ```
pub fn people_changes(
    records: &BTreeMap<String, PersonRecord>,
    edited: &[Person],
    mut new_id: impl FnMut(&Person) -> String,
) -> Vec<(RecordKey, EventKind)> {
    let mut out = Vec::new();
    for p in edited {
        let Some(record) = records.get(&p.id).filter(|_| !p.id.is_empty()) else {
            let whole = PersonPatch {
                name: Some(p.name.clone()),
                level: Some(p.level),
                skills: Some(p.skills.clone()),
                phone: Some(p.phone.clone()),
                email: Some(p.email.clone()),
                active: Some(p.active),
            };
            out.push((RecordKey::Person(new_id(p)), EventKind::PersonSet(whole)));
            continue;
        };
        let key = RecordKey::Person(record.id.clone());
        let was = record.person();
        let switched_off = was.active && !p.active;
        let patch = PersonPatch {
            name: (was.name != p.name).then(|| p.name.clone()),
            level: (was.level != p.level).then_some(p.level),
            skills: (was.skills != p.skills).then(|| p.skills.clone()),
            phone: (was.phone != p.phone).then(|| p.phone.clone()),
            email: (was.email != p.email).then(|| p.email.clone()),
            active: (was.active != p.active && !switched_off).then_some(p.active),
        };
        if patch != PersonPatch::default() {
            out.push((key.clone(), EventKind::PersonSet(patch)));
        }
        if switched_off {
            let reason = String::new();
            out.push((key, EventKind::PersonDeactivated { reason }));
        }
    }
    out
}
