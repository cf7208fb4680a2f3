//! Who a notification rule reaches: the customer company's contacts of a role, the reporter's
//! e-mail from the registration, or the escalation directory.

use chrono::{DateTime, Utc};

use crate::domain::customer::Customer;
use crate::domain::engine::Engine;
use crate::domain::escalation::{addresses, contact_address};
use crate::domain::profile::{FieldKind, Recipient};
use crate::domain::ticket::Ticket;

/// The addresses a rule's recipients resolve to, and the recipients that matched nobody.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Addressees {
    /// Distinct addresses, in the order of the rule's recipients.
    pub to: Vec<String>,
    /// `customer_role:<role>`, `reporter`, `escalation_level:<n>`, `contact:<id>`.
    pub unresolved: Vec<String>,
}

/// The customer company the ticket names (names compared trimmed and case-insensitively).
pub fn customer_of<'a>(customers: &'a [Customer], ticket: &Ticket) -> Option<&'a Customer> {
    crate::domain::customer::customer_named(customers, &ticket.customer)
}

fn same(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The e-mail addresses of the customer's contacts with `role`.
fn customer_role(customers: &[Customer], ticket: &Ticket, role: &str) -> Vec<String> {
    customer_of(customers, ticket)
        .map(|c| {
            c.contacts
                .iter()
                .filter(|contact| same(&contact.role, role))
                .map(|contact| contact.email.trim().to_string())
                .filter(|email| !email.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// A recipient of a rule that matched nobody, read back from [`Addressees::unresolved`] so the
/// UI can say who it was in words (never the code).
///
/// ```
/// use mesa::domain::notify::recipients::Unresolved;
/// assert_eq!(Unresolved::parse("customer_role:notificaciones"), Unresolved::CustomerRole("notificaciones".into()));
/// assert_eq!(Unresolved::parse("escalation_level:2"), Unresolved::EscalationLevel(2));
/// assert_eq!(Unresolved::parse("reporter"), Unresolved::Reporter);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unresolved {
    CustomerRole(String),
    Reporter,
    EscalationLevel(u8),
    Contact(String),
    /// A label this version does not know (written by a newer one).
    Other(String),
}

impl Unresolved {
    pub fn parse(label: &str) -> Self {
        match label.split_once(':') {
            Some(("customer_role", role)) => Self::CustomerRole(role.to_string()),
            Some(("escalation_level", n)) => n
                .parse()
                .map_or_else(|_| Self::Other(label.to_string()), Self::EscalationLevel),
            Some(("contact", id)) => Self::Contact(id.to_string()),
            None if label == "reporter" => Self::Reporter,
            _ => Self::Other(label.to_string()),
        }
    }
}

/// The e-mails the person who reported the ticket left in the registration's e-mail fields: what
/// the UI offers when a message found no recipient.
pub fn reporter_addresses(engine: &Engine, ticket: &Ticket) -> Vec<String> {
    reporter(engine, ticket)
}

/// The e-mails written in the registration's e-mail fields (several separated by `,` or `;`).
fn reporter(engine: &Engine, ticket: &Ticket) -> Vec<String> {
    engine
        .profile()
        .registration
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Email)
        .filter_map(|f| ticket.fields.get(&f.id))
        .flat_map(|value| value.split([',', ';']))
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty())
        .collect()
}

/// Resolves every recipient of a rule at `now` (the after-hours line answers for a level
/// outside office hours).
pub fn resolve(
    engine: &Engine,
    customers: &[Customer],
    ticket: &Ticket,
    recipients: &[Recipient],
    now: DateTime<Utc>,
) -> Addressees {
    let mut out = Addressees::default();
    for recipient in recipients {
        let (found, label) = match recipient {
            Recipient::CustomerRole(role) => (
                customer_role(customers, ticket, role),
                format!("customer_role:{role}"),
            ),
            Recipient::Reporter => (reporter(engine, ticket), "reporter".to_string()),
            Recipient::EscalationLevel(level) => (
                addresses(&engine.directory_for_level(*level, now)),
                format!("escalation_level:{level}"),
            ),
            Recipient::Contact(id) => (
                engine
                    .contact(id)
                    .and_then(contact_address)
                    .map(str::to_string)
                    .into_iter()
                    .collect(),
                format!("contact:{id}"),
            ),
        };
        if found.is_empty() {
            out.unresolved.push(label);
        }
        for address in found {
            if !out.to.iter().any(|a| same(a, &address)) {
                out.to.push(address);
            }
        }
    }
    out
}
