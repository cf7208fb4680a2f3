//! Who to assign a ticket to: the desk's active people, those the process proposes first — the
//! technician assigned to the customer's account (P4), then those competent in the request kind
//! (P5) — each with the load they already carry (the tickets in progress assigned to them).
//!
//! ```
//! use mesa::domain::people::Person;
//! use mesa::domain::people::suggest::{assignee_choices, Reason, Request};
//!
//! let people = vec![
//!     Person { id: "ana".into(), name: "Ana".into(), active: true, ..Person::default() },
//!     Person { id: "leo".into(), name: "Leo".into(), skills: vec!["Incidente".into()],
//!         active: true, ..Person::default() },
//! ];
//! let request = Request { kind: "incidente", kind_name: "Incidente", account_technician: None };
//! let tickets: Vec<mesa::domain::ticket::Ticket> = Vec::new();
//! let choices = assignee_choices(&people, &request, &tickets);
//! assert_eq!(choices[0].person.name, "Leo");
//! assert_eq!(choices[0].reason, Some(Reason::Competence));
//! assert_eq!(choices[1].reason, None);
//! ```

use std::borrow::Borrow;
use std::collections::BTreeMap;

use super::Person;
use crate::domain::customer::Customer;
use crate::domain::kb::fold_text;
use crate::domain::ticket::Ticket;

/// Why a person is proposed for a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// Assigned to the customer's account (P4's level 2).
    AccountTechnician,
    /// One of their skills is the ticket's request kind (P5).
    Competence,
}

impl Reason {
    /// The stable code (locale keys `ticket.assign.reason.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Reason::AccountTechnician => "account_technician",
            Reason::Competence => "competence",
        }
    }
}

/// What the suggestion needs to know of the ticket.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    /// The request kind's id and name (a skill matches either).
    pub kind: &'a str,
    pub kind_name: &'a str,
    /// The record id of the person assigned to the customer's account, if any.
    pub account_technician: Option<&'a str>,
}

/// A person one can assign the ticket to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Choice {
    pub person: Person,
    /// Why the person is proposed; `None` for the others.
    pub reason: Option<Reason>,
    /// Tickets in progress (open, waiting on the customer or in verification) assigned to them.
    pub load: usize,
}

/// The account technician of the customer named `customer` (by record id or by name, without
/// case or accents), among `customers` (archived ones included: their tickets still run).
pub fn account_technician<'a>(customers: &'a [Customer], customer: &str) -> Option<&'a str> {
    let name = fold_text(customer);
    customers
        .iter()
        .find(|c| c.id == customer || (!name.is_empty() && fold_text(&c.name) == name))
        .and_then(|c| c.account_technician.as_deref())
}

/// How many of `tickets` are in progress and assigned to `person` (by name, see
/// [`Person::is_named`]).
pub fn load_of(person: &Person, tickets: &[impl Borrow<Ticket>]) -> usize {
    tickets
        .iter()
        .map(Borrow::borrow)
        .filter(|t| t.status.is_active())
        .filter(|t| t.assignee.as_deref().is_some_and(|a| person.is_named(a)))
        .count()
}

/// Every active person, those proposed first: the account technician, then the competent ones
/// (the least loaded first), then the others by name. Inactive people are never offered.
pub fn assignee_choices(
    people: &[Person],
    request: &Request,
    tickets: &[impl Borrow<Ticket>],
) -> Vec<Choice> {
    let loads: BTreeMap<&str, usize> = people
        .iter()
        .map(|p| (p.id.as_str(), load_of(p, tickets)))
        .collect();
    let mut choices: Vec<Choice> = people
        .iter()
        .filter(|p| p.active && !p.name.trim().is_empty())
        .map(|p| {
            let reason = if request.account_technician == Some(p.id.as_str()) {
                Some(Reason::AccountTechnician)
            } else if p.knows(&[request.kind, request.kind_name]) {
                Some(Reason::Competence)
            } else {
                None
            };
            Choice {
                person: p.clone(),
                reason,
                load: loads.get(p.id.as_str()).copied().unwrap_or(0),
            }
        })
        .collect();
    choices.sort_by(|a, b| {
        let rank = |c: &Choice| c.reason.map_or(2, |r| r as u8);
        rank(a)
            .cmp(&rank(b))
            .then_with(|| match a.reason {
                Some(_) => a.load.cmp(&b.load),
                None => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.person.name.cmp(&b.person.name))
            .then_with(|| a.person.id.cmp(&b.person.id))
    });
    choices
}

/// Only the people proposed, in order.
pub fn suggest_assignees(
    people: &[Person],
    request: &Request,
    tickets: &[impl Borrow<Ticket>],
) -> Vec<Choice> {
    let mut choices = assignee_choices(people, request, tickets);
    choices.retain(|c| c.reason.is_some());
    choices
}
