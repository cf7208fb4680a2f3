//! Hierarchical escalation: the contact directory (with an after-hours line), automatic rules
//! fired by clocks, and customer-requested escalation.

use serde::{Deserialize, Serialize};

use super::check::{Ids, Report};
use super::clock::ClockKind;

/// A directory entry. Presets carry role names and `example.invalid` contacts only.
///
/// ```json
/// { "id": "lider_mesa", "role": "Líder de mesa de servicio", "level": 2,
///   "office_phone": "+00 000 000 0002", "extension": "102",
///   "email": "lider.mesa@example.invalid" }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub id: String,
    pub role: String,
    /// Escalation level, 1 = first to be called.
    pub level: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office_phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extension: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A separate contact list used outside the hours of `in_hours_calendar` (nights, weekends and
/// holidays, P3).
///
/// ```json
/// { "in_hours_calendar": "oficina",
///   "contacts": [ { "id": "guardia", "role": "Guardia de operaciones", "level": 1,
///                   "mobile": "+00 000 000 0009", "email": "guardia@example.invalid" } ] }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AfterHours {
    pub in_hours_calendar: String,
    pub contacts: Vec<Contact>,
}

/// When a rule fires, relative to a clock's deadline: `{"at_percent": 80}`,
/// `{"minutes_before": 15}`, `{"minutes_after": 30}` or `"breach"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TriggerWhen {
    AtPercent(u8),
    MinutesBefore(u32),
    MinutesAfter(u32),
    Breach,
}

/// What fires a rule. With `"clock": "stage"`, `stage` limits it to one stage (else any stage).
///
/// ```json
/// { "clock": "stage", "when": { "minutes_after": 30 } }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Trigger {
    pub clock: ClockKind,
    pub when: TriggerWhen,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
}

/// What a rule does.
///
/// ```json
/// [ { "action": "notify_escalation_level", "level": 1 },
///   { "action": "notify_contact", "contact": "gerente_operaciones" },
///   { "action": "move_to_level", "level": 2 },
///   { "action": "raise_severity" } ]
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
pub enum EscalationAction {
    /// Notify every directory contact of this escalation level (after-hours contacts outside
    /// hours).
    NotifyEscalationLevel {
        level: u8,
    },
    NotifyContact {
        contact: String,
    },
    /// Move the ticket to this functional level.
    MoveToLevel {
        level: u8,
    },
    /// Raise the severity by one rank.
    RaiseSeverity,
}

/// An automatic escalation rule, optionally limited to some severities and request kinds.
///
/// ```json
/// { "id": "etapa_vencida", "name": "Etapa fuera de tiempo",
///   "trigger": { "clock": "stage", "when": "breach" },
///   "actions": [ { "action": "notify_escalation_level", "level": 1 } ] }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationRule {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub trigger: Trigger,
    pub actions: Vec<EscalationAction>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severities: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
}

/// A reason a customer may give to escalate a case.
///
/// ```json
/// { "id": "resolucion_lenta", "label": "No se resuelve con la rapidez suficiente" }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationReason {
    pub id: String,
    pub label: String,
}

/// Escalation requested by the customer ("remitir un caso", P5): it starts at `start_level` and
/// climbs `path` (directory escalation levels).
///
/// ```json
/// { "reasons": [ { "id": "impacto", "label": "Aumentó el impacto en el negocio" } ],
///   "start_level": 1, "path": [1, 2, 3] }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerEscalation {
    pub reasons: Vec<EscalationReason>,
    #[serde(default = "one")]
    pub start_level: u8,
    pub path: Vec<u8>,
}

fn one() -> u8 {
    1
}

/// The escalation part of a profile.
///
/// ```json
/// { "directory": [ { "id": "sup", "role": "Supervisores TSC", "level": 1,
///                    "email": "supervision@example.invalid" } ],
///   "rules": [ { "id": "etapa_vencida", "trigger": { "clock": "stage", "when": "breach" },
///                "actions": [ { "action": "notify_escalation_level", "level": 1 } ] } ] }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationSpec {
    #[serde(default)]
    pub directory: Vec<Contact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_hours: Option<AfterHours>,
    #[serde(default)]
    pub rules: Vec<EscalationRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_escalation: Option<CustomerEscalation>,
}

impl Contact {
    fn check(&self, path: &str, r: &mut Report) {
        r.name(&format!("{path}.role"), &self.role);
        if self.level == 0 {
            r.push(&format!("{path}.level"), "must be 1 or more");
        }
        for (name, phone) in [
            ("office_phone", &self.office_phone),
            ("mobile", &self.mobile),
        ] {
            if let Some(phone) = phone {
                r.phone(&format!("{path}.{name}"), phone);
            }
        }
        if let Some(ext) = &self.extension {
            if ext.is_empty() || !ext.chars().all(|c| c.is_ascii_digit()) {
                r.push(
                    &format!("{path}.extension"),
                    format!("{ext:?} must be digits"),
                );
            }
        }
        if let Some(email) = &self.email {
            r.email(&format!("{path}.email"), email);
        }
        if self.office_phone.is_none() && self.mobile.is_none() && self.email.is_none() {
            r.push(
                path,
                "a contact needs at least an office phone, a mobile or an e-mail",
            );
        }
    }
}

impl EscalationSpec {
    pub(super) fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        let after = self
            .after_hours
            .iter()
            .flat_map(|a| a.contacts.iter().enumerate());
        let contacts = self
            .directory
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("{path}.directory[{i}]"), c))
            .chain(after.map(|(i, c)| (format!("{path}.after_hours.contacts[{i}]"), c)));
        let contacts: Vec<(String, &Contact)> = contacts.collect();
        r.unique_ids(
            contacts
                .iter()
                .map(|(p, c)| (format!("{p}.id"), c.id.as_str())),
        );
        for (p, c) in &contacts {
            c.check(p, r);
        }
        if let Some(after) = &self.after_hours {
            let p = format!("{path}.after_hours.in_hours_calendar");
            r.reference(&p, &after.in_hours_calendar, &ids.calendars, "a calendar");
            if after.contacts.is_empty() {
                r.push(
                    &format!("{path}.after_hours.contacts"),
                    "must list at least one contact",
                );
            }
        }
        r.unique_ids(
            self.rules
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("{path}.rules[{i}].id"), x.id.as_str())),
        );
        for (i, rule) in self.rules.iter().enumerate() {
            rule.check(&format!("{path}.rules[{i}]"), ids, r);
        }
        if let Some(ce) = &self.customer_escalation {
            ce.check(&format!("{path}.customer_escalation"), ids, r);
        }
    }
}

impl EscalationRule {
    fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        let t = &self.trigger;
        let when = format!("{path}.trigger.when");
        match t.when {
            TriggerWhen::AtPercent(p) if !(1..=100).contains(&p) => r.push(
                &format!("{when}.at_percent"),
                format!("{p} must be between 1 and 100"),
            ),
            TriggerWhen::MinutesBefore(0) => {
                r.push(&format!("{when}.minutes_before"), "must be greater than 0")
            }
            TriggerWhen::MinutesAfter(0) => {
                r.push(&format!("{when}.minutes_after"), "must be greater than 0")
            }
            _ => {}
        }
        if let Some(stage) = &t.stage {
            let p = format!("{path}.trigger.stage");
            if t.clock != ClockKind::Stage {
                r.push(&p, "a stage can only be given with \"clock\": \"stage\"");
            }
            r.reference(&p, stage, &ids.stages, "a stage");
        }
        if self.actions.is_empty() {
            r.push(&format!("{path}.actions"), "must list at least one action");
        }
        for (i, action) in self.actions.iter().enumerate() {
            let p = format!("{path}.actions[{i}]");
            match action {
                EscalationAction::NotifyEscalationLevel { level }
                    if !ids.directory_levels.contains(level) =>
                {
                    r.push(
                        &format!("{p}.level"),
                        format!("no contact of the escalation directory has level {level}"),
                    )
                }
                EscalationAction::NotifyContact { contact } => r.reference(
                    &format!("{p}.contact"),
                    contact,
                    &ids.contacts,
                    "a directory contact",
                ),
                EscalationAction::MoveToLevel { level } if !ids.levels.contains(level) => r.push(
                    &format!("{p}.level"),
                    format!("level {level} is not a level of this profile"),
                ),
                EscalationAction::RaiseSeverity if ids.severities.is_empty() => {
                    r.push(&p, "the profile has no severities to raise")
                }
                _ => {}
            }
        }
        for (i, s) in self.severities.iter().enumerate() {
            r.reference(
                &format!("{path}.severities[{i}]"),
                s,
                &ids.severities,
                "a severity",
            );
        }
        for (i, k) in self.kinds.iter().enumerate() {
            r.reference(
                &format!("{path}.kinds[{i}]"),
                k,
                &ids.kinds,
                "a request kind",
            );
        }
    }
}

impl CustomerEscalation {
    fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        if self.reasons.is_empty() {
            r.push(&format!("{path}.reasons"), "must list at least one reason");
        }
        r.unique_ids(
            self.reasons
                .iter()
                .enumerate()
                .map(|(i, x)| (format!("{path}.reasons[{i}].id"), x.id.as_str())),
        );
        for (i, reason) in self.reasons.iter().enumerate() {
            r.name(&format!("{path}.reasons[{i}].label"), &reason.label);
        }
        if self.path.is_empty() {
            r.push(
                &format!("{path}.path"),
                "must list at least one escalation level",
            );
        }
        for (i, level) in self.path.iter().enumerate() {
            if !ids.directory_levels.contains(level) {
                r.push(
                    &format!("{path}.path[{i}]"),
                    format!("no contact of the escalation directory has level {level}"),
                );
            }
            if i > 0 && self.path[i - 1] >= *level {
                r.push(
                    &format!("{path}.path[{i}]"),
                    "levels must climb (each greater than the one before)",
                );
            }
        }
        if !self.path.is_empty() && !self.path.contains(&self.start_level) {
            r.push(
                &format!("{path}.start_level"),
                format!("level {} is not on the path", self.start_level),
            );
        }
    }
}
