//! The answers to an e-mail read from the desk's mailbox (#17), in the desk's language (the
//! profile's `locale`: Spanish unless it is English): the ticket number it was registered under,
//! or the mandatory data missing to register it. Like the rules' messages ([`super::template`])
//! they are rendered here and stored (the registered one in its `NotificationQueued` event).
//!
//! ```
//! use mesa::domain::notify::answer::{fields_missing, ticket_opened, Missing};
//! use mesa::domain::profile::UnitWord;
//! use mesa::locales::Lang;
//!
//! let p4 = UnitWord::default_for("es"); // «incidencia»
//! let ok = ticket_opened(Lang::Es, &p4, "CMW-261204-7QK2D", "Sin tono", "04/12/2026 10:04 (America/Mexico_City)", "CallMyWay");
//! assert!(ok.subject.starts_with("Incidencia CMW-261204-7QK2D — registrada"));
//! assert!(ok.body.contains("registramos la incidencia CMW-261204-7QK2D"));
//! let missing = [Missing::Value("Identificación de la API".into()),
//!                Missing::Confirm("(IV) Los equipos de energía están encendidos".into())];
//! let no = fields_missing(Lang::En, &UnitWord::default_for("en"), "API down", &missing, "04/12/2026 10:04", "SIPO");
//! assert!(no.body.contains("- Identificación de la API\n"));
//! assert!(no.body.contains("(IV) Los equipos de energía están encendidos: yes"));
//! ```

use super::template::Message;
use crate::domain::profile::{ProcessProfile, UnitWord};
use crate::locales::Lang;

/// The language the desk writes to its customers in: the profile's `locale`.
pub fn desk_language(profile: &ProcessProfile) -> Lang {
    if profile.message_language() == "en" {
        Lang::En
    } else {
        Lang::Es
    }
}

/// One piece of mandatory data an e-mail did not give, by its label in the profile (or, for
/// what has no label there, by the desk language's name for it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Missing {
    /// A value to write.
    Value(String),
    /// A check of the pre-report verification to confirm.
    Confirm(String),
    /// A value given that is not valid (a phone, an address, an option).
    Invalid(String),
}

/// The names of the data that have no label in a profile.
pub fn builtin_label(lang: Lang, field: &str) -> String {
    let (es, en) = match field {
        "customer" => ("Cliente", "Customer"),
        "description" => ("Descripción", "Description"),
        "site" => ("Sede", "Site"),
        "request_kind" => ("Tipo de solicitud", "Request kind"),
        "severity" => ("Severidad", "Severity"),
        "channel" => ("Canal", "Channel"),
        "reported_at" => ("Fecha y hora del problema", "Date and time of the problem"),
        other => (other, other),
    };
    match lang {
        Lang::Es => es.to_string(),
        Lang::En => en.to_string(),
    }
}

/// The line a registered ticket's description gets for the attachments left in the mailbox.
pub fn attachments_line(lang: Lang, names: &[String]) -> String {
    let list = names.join(", ");
    match lang {
        Lang::Es => format!("Adjuntos (no importados; están en el buzón de la mesa): {list}"),
        Lang::En => format!("Attachments (not imported; they are in the desk's mailbox): {list}"),
    }
}

/// Why a ticket was registered although the customer's contract did not cover the day: the
/// reason the opening records for an e-mailed report.
pub fn outside_contract_reason(lang: Lang) -> String {
    match lang {
        Lang::Es => "Recibido por correo: el contrato del cliente no cubre la fecha del reporte.",
        Lang::En => "Received by e-mail: the customer's contract does not cover the report's date.",
    }
    .to_string()
}

fn short(subject: &str) -> String {
    let subject = subject.trim();
    match subject.char_indices().nth(120) {
        Some((at, _)) => format!("{}…", &subject[..at]),
        None => subject.to_string(),
    }
}

fn titled(head: String, subject: &str) -> String {
    match short(subject) {
        s if s.is_empty() => head,
        s => format!("{head}: {s}"),
    }
}

/// The answer to a message that opened a ticket: its number and how to follow it up (`unit`:
/// the process's word for a ticket in `lang`).
pub fn ticket_opened(
    lang: Lang,
    unit: &UnitWord,
    number: &str,
    subject: &str,
    when: &str,
    desk: &str,
) -> Message {
    let word = &unit.one;
    let the = format!("{} {word}", unit.agree("la", "el"));
    match lang {
        Lang::Es => Message {
            subject: titled(
                format!(
                    "{} {number} — registrad{}",
                    unit.fill("{Unit}"),
                    unit.agree("a", "o")
                ),
                subject,
            ),
            body: format!(
                "Estimado cliente:\n\n\
                 Recibimos su mensaje y registramos {the} {number} el {when}.\n\
                 Use este número para darle seguimiento: para agregar información, responda a \
                 este mensaje o escriba el número en el asunto.\n\n\
                 Asunto: {}\n\n\
                 Mensaje automático de {desk} por {the} {number}.",
                short(subject)
            ),
        },
        Lang::En => Message {
            subject: titled(
                format!("{} {number} — registered", unit.fill("{Unit}")),
                subject,
            ),
            body: format!(
                "Dear customer,\n\n\
                 We received your message and registered {word} {number} on {when}.\n\
                 Use this number to follow it up: to add information, reply to this message or \
                 write the number in the subject.\n\n\
                 Subject: {}\n\n\
                 Automatic message from {desk} about {word} {number}.",
                short(subject)
            ),
        },
    }
}

/// The answer to a message that could not open a ticket: the mandatory data missing, and how
/// to send them (one `Label: value` line each, which the next message is read for).
pub fn fields_missing(
    lang: Lang,
    unit: &UnitWord,
    subject: &str,
    missing: &[Missing],
    when: &str,
    desk: &str,
) -> Message {
    let (yes, invalid) = match lang {
        Lang::Es => ("sí", "el valor recibido no es válido"),
        Lang::En => ("yes", "the value received is not valid"),
    };
    let mut list = String::new();
    let mut form = String::new();
    for m in missing {
        match m {
            Missing::Value(label) => {
                list.push_str(&format!("- {label}\n"));
                form.push_str(&format!("{label}: \n"));
            }
            Missing::Confirm(label) => {
                list.push_str(&format!("- {label}\n"));
                form.push_str(&format!("{label}: {yes}\n"));
            }
            Missing::Invalid(label) => {
                list.push_str(&format!("- {label} ({invalid})\n"));
                form.push_str(&format!("{label}: \n"));
            }
        }
    }
    match lang {
        Lang::Es => Message {
            subject: titled(
                format!("Faltan datos para registrar su {}", unit.one),
                subject,
            ),
            body: format!(
                "Estimado cliente:\n\n\
                 Recibimos su mensaje del {when}, pero no podemos registrar {} {}: faltan \
                 estos datos obligatorios.\n\n{list}\n\
                 Responda a este mensaje con una línea por dato: el nombre del dato, dos puntos \
                 y el valor; para cada verificación, «sí» después de los dos puntos si la hizo. \
                 Por ejemplo:\n\n{form}\n\
                 Mensaje automático de {desk}.",
                unit.agree("la", "el"),
                unit.one
            ),
        },
        Lang::En => Message {
            subject: titled(
                format!("Data missing to register your {}", unit.one),
                subject,
            ),
            body: format!(
                "Dear customer,\n\n\
                 We received your message of {when}, but we cannot register the {}: these \
                 mandatory data are missing.\n\n{list}\n\
                 Reply to this message with one line per item: the item's name, a colon and the \
                 value; for each check, «yes» after the colon if you made it. For example:\n\n\
                 {form}\n\
                 Automatic message from {desk}.",
                unit.one
            ),
        },
    }
}
