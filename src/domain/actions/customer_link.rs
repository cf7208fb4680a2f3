//! Linking a customer typed at registration (not on file then) to the desk's record.

use super::{ActionProblem, Built, Issue};
use crate::domain::customer::{customer_named, Customer};
use crate::domain::event::EventKind;
use crate::domain::ticket::Ticket;

/// Whether the ticket's customer, as typed, is not one the desk has on file while the desk has
/// some: the ticket page then offers to link it (its messages and reports follow the record).
pub fn may_link_customer(ticket: &Ticket, customers: &[Customer]) -> bool {
    !customers.is_empty() && customer_named(customers, &ticket.customer).is_none()
}

/// Links the ticket to the desk's customer `name` (one on file, not the one it names already).
pub fn link_customer(customers: &[Customer], ticket: &Ticket, name: &str) -> Built {
    let problem = |issue| Err(vec![ActionProblem::new("customer", issue)]);
    if name.trim().is_empty() {
        return problem(Issue::Required);
    }
    match customer_named(customers, name) {
        None => problem(Issue::NotAnOption),
        Some(c) if c.name == ticket.customer => problem(Issue::Unchanged),
        Some(c) => Ok(EventKind::CustomerLinked {
            customer: c.name.clone(),
        }),
    }
}
