//! What registering a ticket needs: mandatory fields, the pre-report checklist, the scope rule,
//! the channels reports come in through, and whether a contract must be in force.

use serde::{Deserialize, Serialize};

use super::check::{Ids, Report};

/// Fields of every ticket draft (see `domain::registration::TicketDraft`). A registration field
/// definition may use `customer`, `site` or `description` to label and require those; the others
/// are controlled by their own settings.
pub const BUILTIN_FIELDS: &[&str] = &[
    "request_kind",
    "severity",
    "channel",
    "customer",
    "site",
    "description",
    "in_scope",
    "reported_at",
];

/// Built-in fields a [`FieldDef`] may describe.
pub(crate) const LABELLED_BUILTINS: &[&str] = &["customer", "site", "description"];

/// The input a field takes; `phone` and `email` values are checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    #[default]
    Text,
    Multiline,
    Phone,
    Email,
    Select,
}

/// A registration field.
///
/// ```json
/// { "id": "telefonos", "label": "Teléfono(s) de contacto", "kind": "phone",
///   "required": true, "multiple": true }
/// ```
/// With `multiple`, several values are separated by `,` or `;`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub kind: FieldKind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub multiple: bool,
    /// The allowed values of a `select` field.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub options: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub help: String,
}

/// One check of the pre-report verification.
///
/// ```json
/// { "id": "energia", "label": "(IV) El sitio tiene energía" }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub id: String,
    pub label: String,
}

/// Checks the customer confirms before a report is accepted ("Verificación previa", P1).
///
/// ```json
/// { "title": "Verificación previa", "require_all": true,
///   "items": [ { "id": "elementos_red", "label": "(I) Sus propios elementos de red" } ] }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistSpec {
    #[serde(default)]
    pub title: String,
    pub items: Vec<ChecklistItem>,
    /// Every item must be checked for the report to be accepted.
    #[serde(default = "super::kinds::yes")]
    pub require_all: bool,
}

/// What the service covers. A report answering "no" to `question`, or of a kind outside
/// `allowed_kinds` (when given), is rejected as out of scope with a recorded reason.
///
/// ```json
/// { "question": "¿El reporte trata de la implementación de las APIs?",
///   "allowed_kinds": ["incidente_api"], "rejection_label": "Fuera de alcance",
///   "reason_required": true }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScopeRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_kinds: Vec<String>,
    #[serde(default)]
    pub rejection_label: String,
    /// A rejection must record its reason.
    #[serde(default = "super::kinds::yes")]
    pub reason_required: bool,
}

/// How a report can come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Phone,
    ClickToCall,
    WebChat,
    Whatsapp,
    Email,
    Web,
    OnSite,
}

/// A channel, e.g. a country's phone line.
///
/// ```json
/// { "id": "tel_mx", "kind": "phone", "name": "Teléfono México", "country": "MX",
///   "address": "+00 52 000 000 0000", "calendar": "centro_telefonico" }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    pub id: String,
    pub kind: ChannelKind,
    pub name: String,
    /// ISO 3166-1 alpha-2 country code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Phone number, e-mail address or URL, depending on the kind.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// Hours the channel is attended; always when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    /// Reports received here get a tracking number sent back automatically (P4 e-mail).
    #[serde(default)]
    pub auto_tracking_number: bool,
    /// The channel accepts attachments (logs, screenshots).
    #[serde(default)]
    pub attachments: bool,
    /// How an e-mail received here registers a ticket (e-mail channels only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email_intake: Option<super::EmailIntake>,
}

/// The registration part of a profile.
///
/// ```json
/// { "fields": [ { "id": "customer", "label": "Nombre del concesionario", "required": true },
///               { "id": "correos", "label": "Correo(s)", "kind": "email", "required": true,
///                 "multiple": true } ],
///   "channels": [ { "id": "correo", "kind": "email", "name": "Correo",
///                   "address": "soporte@example.invalid", "auto_tracking_number": true } ],
///   "require_contract": true, "ticket_prefix": "SEW-" }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationSpec {
    #[serde(default)]
    pub fields: Vec<FieldDef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checklist: Option<ChecklistSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<ScopeRule>,
    #[serde(default)]
    pub channels: Vec<Channel>,
    #[serde(default)]
    pub require_channel: bool,
    #[serde(default)]
    pub require_severity: bool,
    /// Questions about the impact that suggest a severity (P4) and the functional level the
    /// ticket starts at (P2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity_guide: Option<super::SeverityGuide>,
    /// The date and time the problem happened must be given (P4).
    #[serde(default)]
    pub require_reported_at: bool,
    /// Support is owed only while the customer's contract is in force; tickets outside it are
    /// flagged (P2).
    #[serde(default)]
    pub require_contract: bool,
    /// Prefix of ticket numbers ("SIPO-000123").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ticket_prefix: String,
}

impl RegistrationSpec {
    /// The channel e-mails come in through: the e-mail channel with an intake, else the first
    /// e-mail channel.
    pub fn email_channel(&self) -> Option<&Channel> {
        let email = || {
            self.channels
                .iter()
                .filter(|c| c.kind == ChannelKind::Email)
        };
        email()
            .find(|c| c.email_intake.is_some())
            .or_else(|| email().next())
    }

    pub(super) fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        r.unique_ids(
            self.fields
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("{path}.fields[{i}].id"), f.id.as_str())),
        );
        for (i, f) in self.fields.iter().enumerate() {
            let p = format!("{path}.fields[{i}]");
            r.name(&format!("{p}.label"), &f.label);
            if BUILTIN_FIELDS.contains(&f.id.as_str())
                && !LABELLED_BUILTINS.contains(&f.id.as_str())
            {
                r.push(
                    &format!("{p}.id"),
                    format!("{:?} is a built-in field set by its own setting", f.id),
                );
            }
            match (f.kind, f.options.is_empty()) {
                (FieldKind::Select, true) => {
                    r.push(&format!("{p}.options"), "a select field needs options")
                }
                (FieldKind::Select, false) | (_, true) => {}
                (_, false) => r.push(&format!("{p}.options"), "only select fields take options"),
            }
        }
        if let Some(list) = &self.checklist {
            let p = format!("{path}.checklist");
            if list.items.is_empty() {
                r.push(&format!("{p}.items"), "must list at least one item");
            }
            r.unique_ids(
                list.items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| (format!("{p}.items[{i}].id"), x.id.as_str())),
            );
            for (i, item) in list.items.iter().enumerate() {
                r.name(&format!("{p}.items[{i}].label"), &item.label);
            }
        }
        if let Some(scope) = &self.scope {
            let p = format!("{path}.scope");
            if let Some(q) = &scope.question {
                r.name(&format!("{p}.question"), q);
            }
            for (i, k) in scope.allowed_kinds.iter().enumerate() {
                r.reference(
                    &format!("{p}.allowed_kinds[{i}]"),
                    k,
                    &ids.kinds,
                    "a request kind",
                );
            }
            if scope.question.is_none() && scope.allowed_kinds.is_empty() {
                r.push(&p, "a scope rule needs a question or allowed_kinds");
            }
        }
        r.unique_ids(
            self.channels
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("{path}.channels[{i}].id"), c.id.as_str())),
        );
        for (i, c) in self.channels.iter().enumerate() {
            c.check(&format!("{path}.channels[{i}]"), ids, r);
            if let Some(intake) = &c.email_intake {
                let p = format!("{path}.channels[{i}].email_intake");
                intake.check(&p, c.kind, self, ids, r);
            }
        }
        if self.require_channel && self.channels.is_empty() {
            r.push(
                &format!("{path}.require_channel"),
                "the profile has no channels",
            );
        }
        if let Some(guide) = &self.severity_guide {
            guide.check(&format!("{path}.severity_guide"), ids, r);
        }
        if self.require_severity && ids.severities.is_empty() {
            r.push(
                &format!("{path}.require_severity"),
                "the profile has no severities",
            );
        }
    }
}

impl Channel {
    fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        r.name(&format!("{path}.name"), &self.name);
        if let Some(country) = &self.country {
            if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
                r.push(
                    &format!("{path}.country"),
                    format!("{country:?} is not a two-letter country code such as \"MX\""),
                );
            }
        }
        if let Some(address) = &self.address {
            let p = format!("{path}.address");
            match self.kind {
                ChannelKind::Phone | ChannelKind::Whatsapp => r.phone(&p, address),
                ChannelKind::Email => r.email(&p, address),
                _ => r.name(&p, address),
            }
        }
        if let Some(cal) = &self.calendar {
            r.reference(
                &format!("{path}.calendar"),
                cal,
                &ids.calendars,
                "a calendar",
            );
        }
    }
}
