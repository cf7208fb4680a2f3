//! Related tickets (P2): a person links two tickets ("duplicada de", "causada por",
//! "relacionada con"). The link is an event written on both tickets, the other one carrying the
//! inverse relation, so both show it on every device the events reach (they travel by sync like
//! any event).
//!
//! ```
//! use mesa::domain::link::{link_tickets, Relation};
//! use mesa::domain::ticket::Ticket;
//! use mesa::domain::event::{EventKind, TicketId};
//!
//! let a = Ticket { id: TicketId("a".into()), number: "SEW-1".into(), ..Ticket::default() };
//! let b = Ticket { id: TicketId("b".into()), number: "SEW-2".into(), ..Ticket::default() };
//! let both = [a.clone(), b.clone()];
//! let [(on_a, here), (on_b, there)] = link_tickets(&a, &both, " sew-2 ", "duplicate_of").unwrap();
//! assert_eq!((on_a, on_b), (a.id.clone(), b.id.clone()));
//! assert!(matches!(here, EventKind::TicketLinked(l) if l.relation == Relation::DuplicateOf));
//! assert!(matches!(there, EventKind::TicketLinked(l) if l.relation == Relation::DuplicatedBy));
//! ```

use std::borrow::Borrow;

use serde::{Deserialize, Serialize};

use super::actions::{ActionProblem, Issue};
use super::event::{EventKind, TicketId};
use super::ticket::Ticket;

/// How a ticket relates to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// This ticket repeats the other one.
    DuplicateOf,
    /// The other ticket repeats this one.
    DuplicatedBy,
    /// This ticket's fault comes from the other one's.
    CausedBy,
    /// This ticket's fault caused the other one's.
    Causes,
    RelatedTo,
}

impl Relation {
    /// The relations a person chooses (the others are their inverses).
    pub const CHOSEN: [Relation; 3] = [Self::DuplicateOf, Self::CausedBy, Self::RelatedTo];
    pub const ALL: [Relation; 5] = [
        Self::DuplicateOf,
        Self::DuplicatedBy,
        Self::CausedBy,
        Self::Causes,
        Self::RelatedTo,
    ];

    /// A stable code for locale keys.
    pub fn code(self) -> &'static str {
        match self {
            Self::DuplicateOf => "duplicate_of",
            Self::DuplicatedBy => "duplicated_by",
            Self::CausedBy => "caused_by",
            Self::Causes => "causes",
            Self::RelatedTo => "related_to",
        }
    }

    /// The relation the other ticket has to this one.
    pub fn inverse(self) -> Self {
        match self {
            Self::DuplicateOf => Self::DuplicatedBy,
            Self::DuplicatedBy => Self::DuplicateOf,
            Self::CausedBy => Self::Causes,
            Self::Causes => Self::CausedBy,
            Self::RelatedTo => Self::RelatedTo,
        }
    }
}

/// One link of a ticket: it is `relation` of `other`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketLink {
    pub other: TicketId,
    /// The other ticket's number when the link was made (for a device that lacks that ticket).
    #[serde(default)]
    pub other_number: String,
    pub relation: Relation,
}

/// The two events that link `ticket` to the ticket numbered `number` among `tickets` (any
/// case, spaces around ignored) as `relation` (a [`Relation::CHOSEN`] code): one on each ticket.
/// Every problem at once: a blank or unknown number, the ticket itself, an unknown relation, a
/// link already made.
pub fn link_tickets(
    ticket: &Ticket,
    tickets: &[impl Borrow<Ticket>],
    number: &str,
    relation: &str,
) -> Result<[(TicketId, EventKind); 2], Vec<ActionProblem>> {
    let mut out = Vec::new();
    let relation = Relation::CHOSEN.into_iter().find(|r| r.code() == relation);
    if relation.is_none() {
        out.push(ActionProblem::new("relation", Issue::NotAnOption));
    }
    let number = number.trim();
    let other = tickets
        .iter()
        .map(Borrow::borrow)
        .find(|t| !number.is_empty() && t.number.eq_ignore_ascii_case(number));
    match other {
        _ if number.is_empty() => out.push(ActionProblem::new("number", Issue::Required)),
        None => out.push(ActionProblem::new("number", Issue::NotFound)),
        Some(o) if o.id == ticket.id => out.push(ActionProblem::new("number", Issue::SameTicket)),
        Some(o) => {
            let linked = ticket
                .links
                .iter()
                .any(|l| l.other == o.id && Some(l.relation) == relation);
            if linked {
                out.push(ActionProblem::new("number", Issue::Unchanged));
            }
        }
    }
    match (other, relation) {
        (Some(other), Some(relation)) if out.is_empty() => Ok([
            (
                ticket.id.clone(),
                EventKind::TicketLinked(TicketLink {
                    other: other.id.clone(),
                    other_number: String::from(&*other.number),
                    relation,
                }),
            ),
            (
                other.id.clone(),
                EventKind::TicketLinked(TicketLink {
                    other: ticket.id.clone(),
                    other_number: String::from(&*ticket.number),
                    relation: relation.inverse(),
                }),
            ),
        ]),
        _ => Err(out),
    }
}
