//! Whose report: the whole desk, one customer, or one of its sites (the monthly report a
//! customer receives, P4). The figures of a scoped report are computed from that customer's (or
//! site's) tickets only, penalties included.
//!
//! ```
//! use mesa::domain::report::ReportScope;
//! use mesa::domain::ticket::Ticket;
//! let t = Ticket { customer: "Banco Andino".into(), site: Some("Quito".into()), ..Ticket::default() };
//! assert!(ReportScope::Desk.includes(&t));
//! assert!(ReportScope::Customer("Banco Andino".into()).includes(&t));
//! assert!(!ReportScope::Site("Banco Andino".into(), "Lima".into()).includes(&t));
//! ```

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use crate::domain::ticket::Ticket;

/// The tickets a report covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ReportScope {
    /// Every ticket of the desk.
    #[default]
    Desk,
    /// One customer's tickets (by the customer's name as registered).
    Customer(String),
    /// One site of one customer.
    Site(String, String),
}

impl ReportScope {
    pub fn includes(&self, ticket: &Ticket) -> bool {
        match self {
            Self::Desk => true,
            Self::Customer(customer) => &ticket.customer == customer,
            Self::Site(customer, site) => {
                &ticket.customer == customer && ticket.site.as_deref() == Some(site.as_str())
            }
        }
    }

    /// The customers and their sites among `tickets`, sorted: the scopes a user can pick.
    pub fn choices<T: Borrow<Ticket>>(tickets: &[T]) -> BTreeMap<String, BTreeSet<String>> {
        let mut choices: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let tickets = tickets.iter().map(Borrow::borrow);
        for t in tickets.filter(|t| !t.customer.trim().is_empty()) {
            let sites = choices.entry(t.customer.to_string()).or_default();
            if let Some(site) = t.site.as_ref().filter(|s| !s.trim().is_empty()) {
                sites.insert(site.to_string());
            }
        }
        choices
    }
}
