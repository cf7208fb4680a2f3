//! Notification rules: which ticket events notify whom, with which message template.

use serde::{Deserialize, Serialize};

use super::check::{Ids, Report};

/// The ticket event a rule reacts to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotifyOn {
    Open,
    /// Entering a stage marked `notify` (or one of the rule's `stages`).
    StageChange,
    Resolve,
    Close,
    Escalate,
    Warning,
    Breach,
    CustomerEscalation,
    /// The customer's verification window ends soon (`closure.verification.reminder_before`).
    VerificationReminder,
}

/// Who receives a notification: `{"customer_role": "tecnico"}` (the customer company's contacts
/// with that role), `"reporter"`, `{"escalation_level": 2}` or `{"contact": "id"}` (directory).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Recipient {
    CustomerRole(String),
    Reporter,
    EscalationLevel(u8),
    Contact(String),
}

/// A notification rule.
///
/// ```json
/// { "id": "cambio_etapa", "on": "stage_change",
///   "to": [ { "customer_role": "tecnico" }, "reporter" ], "template": "etapa_cambiada" }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotificationRule {
    pub id: String,
    pub on: NotifyOn,
    /// For `stage_change`: only these stages (empty = the stages marked `notify`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<String>,
    pub to: Vec<Recipient>,
    /// Id of the message template (the UI's locale files hold the texts).
    pub template: String,
}

impl NotificationRule {
    pub(super) fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        r.id(&format!("{path}.template"), &self.template);
        if !self.stages.is_empty() && self.on != NotifyOn::StageChange {
            r.push(
                &format!("{path}.stages"),
                "stages can only be given with \"on\": \"stage_change\"",
            );
        }
        for (i, s) in self.stages.iter().enumerate() {
            r.reference(&format!("{path}.stages[{i}]"), s, &ids.stages, "a stage");
        }
        if self.to.is_empty() {
            r.push(&format!("{path}.to"), "must list at least one recipient");
        }
        for (i, to) in self.to.iter().enumerate() {
            let p = format!("{path}.to[{i}]");
            match to {
                Recipient::CustomerRole(role) => r.id(&format!("{p}.customer_role"), role),
                Recipient::EscalationLevel(level) if !ids.directory_levels.contains(level) => r
                    .push(
                        &format!("{p}.escalation_level"),
                        format!("no contact of the escalation directory has level {level}"),
                    ),
                Recipient::Contact(c) => r.reference(
                    &format!("{p}.contact"),
                    c,
                    &ids.contacts,
                    "a directory contact",
                ),
                _ => {}
            }
        }
    }
}

impl super::ProcessProfile {
    /// The customer contact roles the notification rules write to, each once in rule order:
    /// what Ajustes explains where a customer's contacts are entered.
    ///
    /// ```
    /// use mesa::domain::profile::{preset, ProcessProfile};
    /// let p3 = ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap();
    /// assert_eq!(p3.notified_customer_roles(), vec!["notificaciones".to_string()]);
    /// ```
    pub fn notified_customer_roles(&self) -> Vec<String> {
        let mut roles: Vec<String> = Vec::new();
        for rule in &self.notifications {
            for recipient in &rule.to {
                if let Recipient::CustomerRole(role) = recipient {
                    if !roles.iter().any(|r| r.eq_ignore_ascii_case(role)) {
                        roles.push(role.clone());
                    }
                }
            }
        }
        roles
    }
}
