//! The escalation directory as the desk shares it: contacts set field by field, or removed.

use serde::{Deserialize, Serialize};

use super::change::ContactPatch;
use super::history::{set_field, set_if_given, FieldChange};
use crate::domain::event::{Event, EventKind};
use crate::domain::profile::Contact;

/// One contact of the escalation directory, folded from its events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryEntry {
    /// The contact id (the part after `directory:` in the events' record key).
    pub id: String,
    pub role: String,
    /// Escalation level, 1 = first to be called (0 until a set gives one).
    pub level: u8,
    pub office_phone: String,
    pub extension: String,
    pub mobile: String,
    pub email: String,
    /// On the night / weekend line instead of the office one.
    pub after_hours: bool,
    /// Removed from the directory (a later set brings it back).
    pub removed: bool,
    pub history: Vec<FieldChange>,
}

impl DirectoryEntry {
    pub fn new(id: &str) -> Self {
        Self {
            id: id.to_string(),
            ..Self::default()
        }
    }

    /// Folds one directory event (already in the desk's total order) into the entry.
    pub fn apply(&mut self, event: &Event) {
        let h = &mut self.history;
        match &event.kind {
            EventKind::DirectoryContactSet(p) => {
                set_field(&mut self.removed, "removed", false, h, event);
                self.patch(p, event);
            }
            EventKind::DirectoryContactRemoved { .. } => {
                set_field(&mut self.removed, "removed", true, h, event)
            }
            _ => {}
        }
    }

    fn patch(&mut self, p: &ContactPatch, event: &Event) {
        let h = &mut self.history;
        let trimmed = |v: &Option<String>| v.as_ref().map(|t| t.trim().to_string());
        set_if_given(&mut self.role, "role", trimmed(&p.role), h, event);
        set_if_given(&mut self.level, "level", p.level, h, event);
        let office = trimmed(&p.office_phone);
        set_if_given(&mut self.office_phone, "office_phone", office, h, event);
        let extension = trimmed(&p.extension);
        set_if_given(&mut self.extension, "extension", extension, h, event);
        set_if_given(&mut self.mobile, "mobile", trimmed(&p.mobile), h, event);
        set_if_given(&mut self.email, "email", trimmed(&p.email), h, event);
        set_if_given(
            &mut self.after_hours,
            "after_hours",
            p.after_hours,
            h,
            event,
        );
    }

    /// The entry as a profile directory contact (blank texts as none).
    pub fn to_contact(&self) -> Contact {
        let text = |t: &str| (!t.is_empty()).then(|| t.to_string());
        Contact {
            id: self.id.clone(),
            role: self.role.clone(),
            level: self.level,
            office_phone: text(&self.office_phone),
            mobile: text(&self.mobile),
            extension: text(&self.extension),
            email: text(&self.email),
        }
    }

    /// The set that recreates this contact (used by the upgrade from a profile's directory).
    pub fn patch_from(contact: &Contact, after_hours: bool) -> ContactPatch {
        let text = |v: &Option<String>| Some(v.clone().unwrap_or_default());
        ContactPatch {
            role: Some(contact.role.clone()),
            level: Some(contact.level),
            office_phone: text(&contact.office_phone),
            extension: text(&contact.extension),
            mobile: text(&contact.mobile),
            email: text(&contact.email),
            after_hours: Some(after_hours),
        }
    }
}
