//! How desk events are addressed: the event's `ticket_id` holds a record key.
//!
//! Ticket ids are ULIDs (26 Crockford base32 characters, never a `:`), so the keys below never
//! collide with a ticket, and events stored before desk events existed read unchanged.
//!
//! ```
//! use mesa::domain::desk::RecordKey;
//! use mesa::domain::event::TicketId;
//!
//! let key = RecordKey::Customer("acme".into());
//! assert_eq!(key.to_ticket_id().as_str(), "customer:acme");
//! assert_eq!(RecordKey::parse(&key.to_ticket_id()), Some(key));
//! assert_eq!(RecordKey::parse(&TicketId("profile".into())), Some(RecordKey::Profile));
//! assert_eq!(RecordKey::parse(&TicketId("01JB5V7T3M8Q9R0S1T2V3W4X5Y".into())), None);
//! ```

use std::fmt;

use crate::domain::event::{EventKind, TicketId};

/// The desk record a desk event belongs to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RecordKey {
    /// `customer:<id>`
    Customer(String),
    /// `directory:<contact id>`
    Directory(String),
    /// `person:<id>`: an agent or technician of the desk.
    Person(String),
    /// `article:<id>`
    Article(String),
    /// `profile`: the process profile versions.
    Profile,
    /// `settings`: the desk settings.
    Settings,
    /// `device:<id>`: a device's signing key (its publication and revocation).
    Device(String),
}

impl RecordKey {
    /// The key a `ticket_id` holds; `None` for a ticket id or an unknown key.
    pub fn parse(id: &TicketId) -> Option<RecordKey> {
        let text = id.as_str();
        match text {
            "profile" => return Some(Self::Profile),
            "settings" => return Some(Self::Settings),
            _ => {}
        }
        let (kind, rest) = text.split_once(':')?;
        if rest.is_empty() {
            return None;
        }
        match kind {
            "customer" => Some(Self::Customer(rest.to_string())),
            "directory" => Some(Self::Directory(rest.to_string())),
            "person" => Some(Self::Person(rest.to_string())),
            "article" => Some(Self::Article(rest.to_string())),
            "device" => Some(Self::Device(rest.to_string())),
            _ => None,
        }
    }

    /// The value for the event's `ticket_id`.
    pub fn to_ticket_id(&self) -> TicketId {
        TicketId(self.to_string())
    }

    /// Whether an event of `kind` may be addressed to this record.
    pub fn fits(&self, kind: &EventKind) -> bool {
        use EventKind as K;
        match self {
            Self::Customer(_) => matches!(
                kind,
                K::CustomerCreated(_) | K::CustomerChanged(_) | K::CustomerArchived { .. }
            ),
            Self::Directory(_) => matches!(
                kind,
                K::DirectoryContactSet(_) | K::DirectoryContactRemoved { .. }
            ),
            Self::Person(_) => matches!(kind, K::PersonSet(_) | K::PersonDeactivated { .. }),
            Self::Article(_) => matches!(
                kind,
                K::ArticleWritten(_) | K::ArticleRevised(_) | K::ArticleRetired { .. }
            ),
            Self::Profile => matches!(kind, K::ProfilePublished(_)),
            Self::Settings => matches!(kind, K::DeskSettingsChanged(_)),
            Self::Device(id) => match kind {
                K::DeviceKeyPublished(p) => p.device == *id,
                K::DeviceKeyRevoked(r) => r.device == *id,
                _ => false,
            },
        }
    }
}

impl fmt::Display for RecordKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Customer(id) => write!(f, "customer:{id}"),
            Self::Directory(id) => write!(f, "directory:{id}"),
            Self::Person(id) => write!(f, "person:{id}"),
            Self::Article(id) => write!(f, "article:{id}"),
            Self::Profile => f.write_str("profile"),
            Self::Settings => f.write_str("settings"),
            Self::Device(id) => write!(f, "device:{id}"),
        }
    }
}
