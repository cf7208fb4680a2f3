//! How an e-mail registers a ticket through the profile's e-mail channel (#17: `mesa agent`
//! reads the desk's mailbox): which registration fields the sender fills, and the request kind
//! and severity an e-mail cannot say. What the profile requires and the e-mail does not give is
//! asked back from the sender (see [`crate::domain::mail_in`]).

use serde::{Deserialize, Serialize};

use super::check::{Ids, Report};
use super::registration_spec::{ChannelKind, FieldKind, RegistrationSpec};
use super::SeverityRule;

/// The e-mail channel's intake.
///
/// ```json
/// { "sender_name": "usuario", "sender_address": "correo", "request_kind": "incidente",
///   "severity": "s3" }
/// ```
/// Absent parts: no field takes the sender's name; the sender's address fills every e-mail field
/// of the registration; the kind is the profile's default one; the severity is the kind's own
/// (its default, or none).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmailIntake {
    /// The registration field that takes the sender's name (their address when the message
    /// gives no name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_name: Option<String>,
    /// The registration field (of kind `email`) that takes the sender's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_kind: Option<String>,
    /// The severity of an e-mailed report whose kind has its severity chosen at registration
    /// (the desk confirms or changes it at diagnosis).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<String>,
}

impl EmailIntake {
    pub(super) fn check(
        &self,
        path: &str,
        channel: ChannelKind,
        registration: &RegistrationSpec,
        ids: &Ids,
        r: &mut Report,
    ) {
        if channel != ChannelKind::Email {
            r.push(path, "only an e-mail channel has an e-mail intake");
        }
        let field = |id: &str| registration.fields.iter().find(|f| f.id == id);
        if let Some(id) = &self.sender_name {
            if field(id).is_none() {
                r.push(
                    &format!("{path}.sender_name"),
                    format!("{id:?} is not a registration field"),
                );
            }
        }
        if let Some(id) = &self.sender_address {
            match field(id) {
                Some(f) if f.kind == FieldKind::Email => {}
                Some(_) => r.push(
                    &format!("{path}.sender_address"),
                    format!("{id:?} is not an e-mail field"),
                ),
                None => r.push(
                    &format!("{path}.sender_address"),
                    format!("{id:?} is not a registration field"),
                ),
            }
        }
        if let Some(kind) = &self.request_kind {
            r.reference(
                &format!("{path}.request_kind"),
                kind,
                &ids.kinds,
                "a request kind",
            );
        }
        if let Some(severity) = &self.severity {
            r.reference(
                &format!("{path}.severity"),
                severity,
                &ids.severities,
                "a severity",
            );
        }
    }

    /// The severity to register for a report of `rule`: this intake's, where the kind's
    /// severity is chosen at registration.
    pub fn severity_for(&self, rule: SeverityRule) -> Option<String> {
        (rule == SeverityRule::Chosen)
            .then(|| self.severity.clone())
            .flatten()
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::profile::{preset, ProcessProfile};

    #[test]
    fn an_intake_naming_what_the_profile_lacks_is_refused_at_its_path() {
        let json = preset("p4-callmyway")
            .unwrap()
            .replacen(
                "\"sender_name\": \"usuario\"",
                "\"sender_name\": \"nadie\"",
                1,
            )
            .replacen(
                "\"sender_address\": \"correo\"",
                "\"sender_address\": \"usuario\"",
                1,
            )
            .replacen("\"severity\": \"s3\" }", "\"severity\": \"s9\" }", 1);
        let errors = ProcessProfile::from_json(&json).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        for path in ["sender_name", "sender_address", "severity"] {
            let path = format!("email_intake.{path}");
            assert!(text.iter().any(|e| e.contains(&path)), "{path}: {text:?}");
        }
        let on_phone = preset("p4-callmyway").unwrap().replacen(
            "\"calendar\": \"centro_telefonico\" }",
            "\"calendar\": \"centro_telefonico\", \"email_intake\": {} }",
            1,
        );
        let errors = ProcessProfile::from_json(&on_phone).unwrap_err();
        assert!(
            errors[0].to_string().contains("only an e-mail channel"),
            "{errors:?}"
        );
    }
}
