//! The payloads of desk events: what a person changed in a customer, a directory contact, a
//! person of the desk, the process profile, an article or the desk settings.
//!
//! Changes carry only the fields that changed (`None` = untouched), so two devices editing
//! different fields of one record while apart both keep their edit.
//!
//! ```
//! use mesa::domain::desk::change::CustomerPatch;
//!
//! let patch: CustomerPatch = serde_json::from_str(r#"{"contract_end": null}"#).unwrap();
//! assert_eq!(patch.contract_end, Some(None)); // cleared, not untouched
//! assert_eq!(patch.name, None);
//! ```

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::customer::{CustomerContact, Site};
use crate::domain::event::EventId;

/// Reads a present field (even `null`) as `Some(value)`; an absent one stays `None` through
/// `#[serde(default)]`. So `Option<Option<T>>` tells "cleared" from "untouched".
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<T>, D::Error> {
    T::deserialize(d).map(Some)
}

/// The fields of a customer that changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Vec<CustomerContact>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sites: Option<Vec<Site>>,
    /// `Some(None)`: the contract no longer has a start date.
    #[serde(
        default,
        deserialize_with = "crate::domain::time_text::read_present",
        skip_serializing_if = "Option::is_none"
    )]
    pub contract_start: Option<Option<NaiveDate>>,
    #[serde(
        default,
        deserialize_with = "crate::domain::time_text::read_present",
        skip_serializing_if = "Option::is_none"
    )]
    pub contract_end: Option<Option<NaiveDate>>,
    /// The person (record id) assigned to the customer's account (P4's level 2);
    /// `Some(None)`: no longer any.
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    pub account_technician: Option<Option<String>>,
}

/// The fields of an escalation directory contact that were set. The first set of a contact
/// creates it; blank phone or e-mail texts mean "none".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Escalation level, 1 = first to be called.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// On the night / weekend line (the profile's after-hours list) instead of the office one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_hours: Option<bool>,
}

/// The fields of a person of the desk that were set. The first set of a person creates them;
/// blank phone or e-mail texts mean "none".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The functional level the person works at, 1 = first line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    /// What the person is competent in (request kinds, by id or name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skills: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Takes tickets (`false`: kept, named by old tickets, never offered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
}

/// A process profile version: the whole profile JSON text as published.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfilePublication {
    /// The version id; [`ProfilePublication::new`] derives it from the text, so publishing the
    /// same text twice names the same version.
    pub version: String,
    pub json: String,
    /// Whether it becomes the version in force for tickets opened from now on (only if it
    /// validates).
    #[serde(default = "yes")]
    pub activate: bool,
}

fn yes() -> bool {
    true
}

impl ProfilePublication {
    /// A publication of `json` that becomes active, its version id derived from the text.
    pub fn new(json: impl Into<String>) -> Self {
        let json = json.into();
        Self {
            version: super::derived_id::version_id(&json),
            json,
            activate: true,
        }
    }
}

/// The first revision of a knowledge base article.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleDraft {
    pub title: String,
    pub body: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The functional levels the article is written for (empty = every level).
    #[serde(default)]
    pub levels: Vec<u8>,
}

/// A revision of an article. `base` names the revisions (event ids) its author edited from:
/// two revisions of the body with the same base were written without seeing each other and
/// are both kept as a conflict; a revision naming both as base resolves it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleRevision {
    #[serde(default)]
    pub base: Vec<EventId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tags: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub levels: Option<Vec<u8>>,
}

/// The desk settings that changed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SettingsPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desk_name: Option<String>,
    /// The largest file the desk accepts as an attachment, in MiB (#16).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attachment_limit_mib: Option<u32>,
}
