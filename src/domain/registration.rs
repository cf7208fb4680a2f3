//! Checking a new ticket (and its closure data) against a process profile.
//!
//! Problems are codes, not sentences: the UI turns each [`Problem`] into Spanish or English text
//! through its locale files, using [`Problem::code`].
//!
//! ```
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::registration::{Problem, TicketDraft};
//!
//! let profile = ProcessProfile::from_json(preset("p1-sipo").unwrap()).unwrap();
//! let draft = TicketDraft { request_kind: "incidente_api".into(), ..Default::default() };
//! let problems = profile.validate_draft(&draft).unwrap_err();
//! assert!(problems.iter().any(|p| p.field == "customer" && p.problem == Problem::Required));
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::profile::{FieldKind, ProcessProfile, SeverityRule};

pub use super::closure::ResolutionDraft;

/// A ticket as typed in the registration form, before it becomes events.
///
/// ```json
/// { "request_kind": "incidente_api", "customer": "Concesionario Ejemplo",
///   "description": "La API de portabilidad responde 500",
///   "fields": { "reportante": "Operador de guardia", "telefonos": "+00 000 000 0000",
///               "correos": "noc@example.invalid", "api": "API de portabilidad" },
///   "checklist": ["elementos_red", "vpn_conectividad", "vpn_parametros", "energia"],
///   "in_scope": true }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TicketDraft {
    pub request_kind: String,
    pub severity: Option<String>,
    /// The functional level the ticket starts at (`levels[].number`), when the person chose one
    /// (P2: suggested from criticality and impact); level 1 when `None`.
    pub level: Option<u8>,
    pub channel: Option<String>,
    pub customer: String,
    pub site: Option<String>,
    pub description: String,
    /// Values of the profile's registration fields, by field id.
    pub fields: BTreeMap<String, String>,
    /// Ids of the checklist items the customer confirmed.
    pub checklist: BTreeSet<String>,
    /// The answer to the profile's scope question.
    pub in_scope: Option<bool>,
    /// Why the report is outside the scope, when the answer is "no": the report is then
    /// registered as rejected ("fuera de alcance") with this reason, and the customer told why.
    pub scope_reason: String,
    /// When the problem happened / was reported by the customer.
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    pub reported_at: Option<DateTime<Utc>>,
    /// Why the ticket is registered although the customer's contract does not cover the day
    /// (asked only then; see [`crate::domain::contract`]).
    pub contract_reason: String,
}

/// What is wrong with one field. Serialized as `{"code": "checklist_incomplete", "missing": [..]}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Problem {
    Required,
    InvalidEmail,
    InvalidPhone,
    UnknownKind,
    UnknownSeverity,
    /// Not one of the profile's functional levels.
    UnknownLevel,
    UnknownChannel,
    /// A value in `fields` for a field the profile does not define.
    UnknownField,
    /// A select field's value is not one of its options.
    NotAnOption,
    /// The kind has no severity (P5 provisioning), but one was given.
    SeverityNotApplicable,
    ChecklistIncomplete {
        missing: Vec<String>,
    },
    UnknownChecklistItem,
    /// Outside the service's scope: the report is rejected ("fuera de alcance").
    OutOfScope,
    /// The customer's contract does not cover the day reported, and no reason was given for
    /// registering it anyway.
    OutsideContract,
}

impl Problem {
    /// Every code [`Problem::code`] can return (for checking that locale files cover them).
    pub const CODES: &'static [&'static str] = &[
        "required",
        "invalid_email",
        "invalid_phone",
        "unknown_kind",
        "unknown_severity",
        "unknown_level",
        "unknown_channel",
        "unknown_field",
        "not_an_option",
        "severity_not_applicable",
        "checklist_incomplete",
        "unknown_checklist_item",
        "out_of_scope",
        "outside_contract",
    ];

    /// A stable code for locale files, e.g. `"required"`, `"invalid_email"`.
    pub fn code(&self) -> &'static str {
        match self {
            Problem::Required => "required",
            Problem::InvalidEmail => "invalid_email",
            Problem::InvalidPhone => "invalid_phone",
            Problem::UnknownKind => "unknown_kind",
            Problem::UnknownSeverity => "unknown_severity",
            Problem::UnknownLevel => "unknown_level",
            Problem::UnknownChannel => "unknown_channel",
            Problem::UnknownField => "unknown_field",
            Problem::NotAnOption => "not_an_option",
            Problem::SeverityNotApplicable => "severity_not_applicable",
            Problem::ChecklistIncomplete { .. } => "checklist_incomplete",
            Problem::UnknownChecklistItem => "unknown_checklist_item",
            Problem::OutOfScope => "out_of_scope",
            Problem::OutsideContract => "outside_contract",
        }
    }
}

/// A problem and the field it belongs to, e.g.
/// `{"field": "checklist", "problem": {"code": "checklist_incomplete", "missing": ["energia"]}}`.
/// Field names are the [`TicketDraft`] member names
/// (`customer`, `in_scope`, `checklist`...); registration fields are their profile id
/// (`telefonos`); a value for a field the profile does not define is `fields.<id>`; an unknown
/// checklist item is `checklist.<id>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: String,
    pub problem: Problem,
}

impl FieldProblem {
    pub(super) fn new(field: impl Into<String>, problem: Problem) -> Self {
        Self {
            field: field.into(),
            problem,
        }
    }
}

/// For logs and tests only (`field: code`); users see translated text.
impl fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.problem.code())
    }
}

pub(super) fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// The values of a field: one, or several separated by ',' or ';' when `multiple`.
fn values(value: &str, multiple: bool) -> Vec<&str> {
    if multiple {
        value
            .split([',', ';'])
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect()
    } else {
        vec![value.trim()]
    }
}

impl ProcessProfile {
    /// Checks a draft against the profile; returns every problem at once.
    pub fn validate_draft(&self, draft: &TicketDraft) -> Result<(), Vec<FieldProblem>> {
        let mut out = Vec::new();
        self.check_kind_and_scope(draft, &mut out);
        self.check_severity_and_channel(draft, &mut out);
        self.check_fields(draft, &mut out);
        self.check_checklist(draft, &mut out);
        if self.registration.require_reported_at && draft.reported_at.is_none() {
            out.push(FieldProblem::new("reported_at", Problem::Required));
        }
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }

    fn check_kind_and_scope(&self, draft: &TicketDraft, out: &mut Vec<FieldProblem>) {
        if blank(&draft.request_kind) {
            out.push(FieldProblem::new("request_kind", Problem::Required));
        } else if self.kind(&draft.request_kind).is_none() {
            out.push(FieldProblem::new("request_kind", Problem::UnknownKind));
        }
        let Some(scope) = &self.registration.scope else {
            return;
        };
        let kind_known = self.kind(&draft.request_kind).is_some();
        if kind_known
            && !scope.allowed_kinds.is_empty()
            && !scope.allowed_kinds.contains(&draft.request_kind)
        {
            out.push(FieldProblem::new("request_kind", Problem::OutOfScope));
        }
        if scope.question.is_some() {
            match draft.in_scope {
                None => out.push(FieldProblem::new("in_scope", Problem::Required)),
                // Out of scope: registered as a rejected report, which records its reason.
                Some(false) if scope.reason_required && blank(&draft.scope_reason) => {
                    out.push(FieldProblem::new("scope_reason", Problem::Required))
                }
                Some(_) => {}
            }
        }
    }

    fn check_severity_and_channel(&self, draft: &TicketDraft, out: &mut Vec<FieldProblem>) {
        let rule = self.kind(&draft.request_kind).map(|k| k.severity);
        match &draft.severity {
            Some(s) if self.severity(s).is_none() => {
                out.push(FieldProblem::new("severity", Problem::UnknownSeverity))
            }
            Some(_) if rule == Some(SeverityRule::None) => out.push(FieldProblem::new(
                "severity",
                Problem::SeverityNotApplicable,
            )),
            _ => {}
        }
        let needs_severity = self.registration.require_severity
            && matches!(rule, Some(SeverityRule::Chosen))
            && draft.severity.is_none()
            && self.initial_severity(&draft.request_kind, None).is_none();
        if needs_severity {
            out.push(FieldProblem::new("severity", Problem::Required));
        }
        if let Some(level) = draft.level {
            if self.level(level).is_none() {
                out.push(FieldProblem::new("level", Problem::UnknownLevel));
            }
        }
        match &draft.channel {
            Some(c) if self.channel(c).is_none() => {
                out.push(FieldProblem::new("channel", Problem::UnknownChannel))
            }
            None if self.registration.require_channel => {
                out.push(FieldProblem::new("channel", Problem::Required))
            }
            _ => {}
        }
    }

    fn check_fields(&self, draft: &TicketDraft, out: &mut Vec<FieldProblem>) {
        let defs = &self.registration.fields;
        let defined = |id: &str| defs.iter().any(|f| f.id == id);
        // The customer and the description are part of every ticket.
        for (id, value) in [
            ("customer", &draft.customer),
            ("description", &draft.description),
        ] {
            if !defined(id) && blank(value) {
                out.push(FieldProblem::new(id, Problem::Required));
            }
        }
        for def in defs {
            let value = match def.id.as_str() {
                "customer" => Some(draft.customer.as_str()),
                "description" => Some(draft.description.as_str()),
                "site" => draft.site.as_deref(),
                id => draft.fields.get(id).map(String::as_str),
            };
            let value = value.unwrap_or("");
            let required = def.required || matches!(def.id.as_str(), "customer" | "description");
            if blank(value) {
                if required {
                    out.push(FieldProblem::new(&def.id, Problem::Required));
                }
                continue;
            }
            let items = values(value, def.multiple);
            let problem = match def.kind {
                FieldKind::Email => items
                    .iter()
                    .any(|v| !crate::domain::profile::is_valid_email(v))
                    .then_some(Problem::InvalidEmail),
                FieldKind::Phone => items
                    .iter()
                    .any(|v| !crate::domain::profile::is_valid_phone(v))
                    .then_some(Problem::InvalidPhone),
                FieldKind::Select => items
                    .iter()
                    .any(|v| !def.options.iter().any(|o| o == v))
                    .then_some(Problem::NotAnOption),
                FieldKind::Text | FieldKind::Multiline => None,
            };
            if let Some(problem) = problem {
                out.push(FieldProblem::new(&def.id, problem));
            }
        }
        for id in draft.fields.keys() {
            if !defined(id) {
                out.push(FieldProblem::new(
                    format!("fields.{id}"),
                    Problem::UnknownField,
                ));
            }
        }
    }

    fn check_checklist(&self, draft: &TicketDraft, out: &mut Vec<FieldProblem>) {
        let Some(list) = &self.registration.checklist else {
            return;
        };
        for id in &draft.checklist {
            if !list.items.iter().any(|i| &i.id == id) {
                out.push(FieldProblem::new(
                    format!("checklist.{id}"),
                    Problem::UnknownChecklistItem,
                ));
            }
        }
        // A report rejected as out of scope is not worked: its checks are not asked for.
        if list.require_all && draft.in_scope != Some(false) {
            let missing: Vec<String> = list
                .items
                .iter()
                .filter(|i| !draft.checklist.contains(&i.id))
                .map(|i| i.id.clone())
                .collect();
            if !missing.is_empty() {
                out.push(FieldProblem::new(
                    "checklist",
                    Problem::ChecklistIncomplete { missing },
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Problem;

    #[test]
    fn codes_lists_every_variant() {
        let all = [
            Problem::Required,
            Problem::InvalidEmail,
            Problem::InvalidPhone,
            Problem::UnknownKind,
            Problem::UnknownSeverity,
            Problem::UnknownLevel,
            Problem::UnknownChannel,
            Problem::UnknownField,
            Problem::NotAnOption,
            Problem::SeverityNotApplicable,
            Problem::ChecklistIncomplete { missing: vec![] },
            Problem::UnknownChecklistItem,
            Problem::OutOfScope,
            Problem::OutsideContract,
        ];
        let codes: Vec<&str> = all.iter().map(Problem::code).collect();
        assert_eq!(codes, Problem::CODES);
        for p in &all {
            let json = serde_json::to_value(p).unwrap();
            assert_eq!(json["code"], p.code());
        }
    }
}
