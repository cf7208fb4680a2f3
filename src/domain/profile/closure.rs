//! What closing a ticket needs: the resolution data that must be recorded, and the window the
//! customer has to verify the solution before the ticket closes by itself.

use serde::{Deserialize, Serialize};

use super::check::Report;
use crate::domain::target::{Target, TimeBasis};

/// A piece of resolution data (the field names of `domain::registration::ResolutionDraft`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosureField {
    /// Root cause ("causa raíz" / failure documented).
    RootCause,
    /// Solution applied.
    Solution,
    /// Time of service affectation, in minutes.
    AffectedMinutes,
    /// Name of the customer's person who confirms normal service.
    ConfirmedBy,
    /// The closure category, one of the profile's `categories` (P4: "cierre categorizado").
    Category,
}

impl ClosureField {
    pub const ALL: [ClosureField; 5] = [
        Self::RootCause,
        Self::Solution,
        Self::AffectedMinutes,
        Self::ConfirmedBy,
        Self::Category,
    ];

    /// The field id, as written in JSON.
    pub fn id(self) -> &'static str {
        match self {
            Self::RootCause => "root_cause",
            Self::Solution => "solution",
            Self::AffectedMinutes => "affected_minutes",
            Self::ConfirmedBy => "confirmed_by",
            Self::Category => "category",
        }
    }
}

/// The customer's verification window after the solution is notified. With `auto_close`, a
/// ticket the customer does not answer within the window counts as validated and closes.
///
/// `reminder_before` (calendar time): the rules `on: verification_reminder` remind the customer
/// that long before the window ends.
///
/// ```json
/// { "window": { "minutes": 1440, "basis": "calendar" }, "auto_close": true,
///   "reminder_before": { "minutes": 120, "basis": "calendar" } }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    pub window: Target,
    #[serde(default)]
    pub auto_close: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder_before: Option<Target>,
}

/// A category a ticket is closed under (the root cause's kind: "Red del cliente", "Plataforma").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosureCategory {
    pub id: String,
    pub name: String,
}

/// The closure part of a profile.
///
/// ```json
/// { "required": ["root_cause", "solution", "category"],
///   "categories": [ { "id": "red_cliente", "name": "Red del cliente" } ],
///   "verification": { "window": { "minutes": 1440, "basis": "calendar" }, "auto_close": true } }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClosureSpec {
    #[serde(default)]
    pub required: Vec<ClosureField>,
    /// The categories a resolution is filed under (its root cause's kind), in the order offered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<ClosureCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification: Option<Verification>,
}

impl ClosureSpec {
    pub(super) fn check(&self, path: &str, r: &mut Report) {
        for (i, field) in self.required.iter().enumerate() {
            if self.required[..i].contains(field) {
                r.push(
                    &format!("{path}.required[{i}]"),
                    format!("{:?} is listed twice", field.id()),
                );
            }
        }
        r.unique_ids(
            self.categories
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("{path}.categories[{i}].id"), c.id.as_str())),
        );
        for (i, c) in self.categories.iter().enumerate() {
            r.name(&format!("{path}.categories[{i}].name"), &c.name);
        }
        if self.required.contains(&ClosureField::Category) && self.categories.is_empty() {
            r.push(
                &format!("{path}.required"),
                "\"category\" is required but no categories are listed",
            );
        }
        if let Some(v) = &self.verification {
            r.target(&format!("{path}.verification.window"), Some(&v.window));
            if let Some(before) = &v.reminder_before {
                let p = format!("{path}.verification.reminder_before");
                r.target(&p, Some(before));
                if before.basis != TimeBasis::Calendar {
                    r.push(&format!("{p}.basis"), "must be \"calendar\"");
                } else if before.basis == v.window.basis && before.minutes >= v.window.minutes {
                    r.push(&p, "must be shorter than the verification window");
                }
            }
        }
    }
}
