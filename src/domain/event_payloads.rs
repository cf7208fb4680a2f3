//! The payloads of the ticket events with several fields: the registration ([`Opened`]), an
//! escalation, a resolution and an attachment's metadata. Re-exported by
//! [`crate::domain::event`].

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::content_hash::ContentHash;
use super::name::Name;

/// The registration of a ticket: what the customer reported and how.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Opened {
    /// The number the customer quotes for follow-up (see [`ticket_number`]).
    pub number: String,
    #[serde(default)]
    pub profile: String,
    #[serde(default)]
    pub request_kind: String,
    #[serde(default)]
    pub severity: Option<String>,
    /// The functional level the person confirmed at registration (P2); absent: level 1, as on
    /// every ticket opened before registration asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    #[serde(default)]
    pub channel: Option<String>,
    pub customer: String,
    #[serde(default)]
    pub site: Option<String>,
    pub description: String,
    /// The profile's registration fields (reporter, phones, e-mails, API id…).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Ids of the pre-report checks the customer confirmed.
    #[serde(default)]
    pub checklist: Vec<String>,
    /// When the customer says the fault began / was reported, if earlier than registration.
    #[serde(default)]
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub reported_at: Option<DateTime<Utc>>,
    /// The process profile version in force when the ticket was opened (see
    /// [`crate::domain::desk::ProfileVersions`]); its clocks keep using it. Events written before
    /// profile versions existed have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_version: Option<String>,
    /// Set when the customer's contract did not cover the day reported: the reason the person
    /// gave for registering it anyway (see [`crate::domain::contract`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_contract: Option<String>,
}

/// An escalation: along the functional levels, up the hierarchy, or requested by the customer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Escalation {
    Functional { level: u8 },
    Hierarchical { level: u8, contact: Option<String> },
    Customer { reason: String, level: u8 },
}

/// The closure data of a resolved ticket (most tickets of a desk hold one: its names are
/// shared, #21).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    pub root_cause: String,
    pub solution: String,
    /// Minutes the service was affected.
    pub affected_minutes: Option<u32>,
    /// The customer's person who confirmed normal service.
    pub confirmed_by: Name,
    /// The closure category (one of the profile's `closure.categories`), when it has them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Name>,
}

/// A file stored offline beside the events (the bytes live in the attachments store).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: String,
    pub name: String,
    pub mime: String,
    pub size: u64,
    /// The SHA-256 of the bytes, 64 hex digits ([`ContentHash`]): the bytes travel by it.
    /// Events written before attachments synced have none: their bytes are only on the device
    /// that took them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl Attachment {
    /// An image the browser can show as a thumbnail.
    pub fn is_image(&self) -> bool {
        self.mime.starts_with("image/")
    }

    /// The hash of the bytes, when the event carries a readable one.
    ///
    /// ```
    /// use mesa::domain::event::Attachment;
    /// let old = Attachment { id: "a".into(), name: "x.log".into(), ..Attachment::default() };
    /// assert_eq!(old.content_hash(), None);
    /// let new = Attachment { sha256: Some("AB".repeat(32)), ..old };
    /// assert_eq!(new.content_hash().unwrap().as_str(), "ab".repeat(32));
    /// ```
    pub fn content_hash(&self) -> Option<ContentHash> {
        self.sha256.as_deref().and_then(ContentHash::parse)
    }
}
