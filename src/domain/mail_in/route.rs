//! Which ticket an e-mail is about: by its thread, then by a ticket number in its subject.
//!
//! The thread: each Message-ID the message answers (In-Reply-To, References) is looked up among
//! the messages the desk sent for a ticket (`NotificationSent`, and the queued notification
//! whose id is the Message-ID's local part, for a message mailed but not yet recorded as sent)
//! and those the customer sent on one (the message that opened it, earlier messages on it).
//!
//! ```
//! use mesa::domain::event::*;
//! use mesa::domain::mail_in::{InboundMail, Threads};
//!
//! let hlc = Hlc::first(1_767_225_600_000, "d1");
//! let id = EventId::from_parts(hlc.wall_ms, 7);
//! let open = Event::new(id.clone(), id.as_ticket(), hlc, "ana",
//!     EventKind::Opened(Opened { number: "CMW-261204-7QK2D".into(), ..Opened::default() }));
//! let threads = Threads::new(&[open]);
//! let mail = |subject: &str| InboundMail { subject: subject.into(), ..InboundMail::default() };
//! assert_eq!(threads.route(&mail("Re: caso cmw-261204-7qk2d")), Some(&id.as_ticket()));
//! assert_eq!(threads.route(&mail("[261204-7QK2D] sigue igual")), Some(&id.as_ticket()));
//! assert_eq!(threads.route(&mail("Sin tono desde las 9")), None);
//! ```

use std::collections::HashMap;

use super::{opening_id, update_id, InboundMail};
use crate::domain::event::{Event, EventKind, TicketId};

/// What the desk knows that a message can refer to.
#[derive(Clone, Debug, Default)]
pub struct Threads {
    /// Every ticket event's id, with its ticket.
    events: HashMap<String, TicketId>,
    /// Message-IDs sent or received on a ticket.
    messages: HashMap<String, TicketId>,
    /// Ticket numbers (upper case), whole and without their prefix (`261204-7QK2D`).
    numbers: HashMap<String, TicketId>,
    number_of: HashMap<TicketId, String>,
}

/// `YYMMDD-XXXXX`: six digits, a dash, five Crockford base32 characters.
fn is_core_number(token: &str) -> bool {
    let b = token.as_bytes();
    b.len() == 12
        && b[..6].iter().all(u8::is_ascii_digit)
        && b[6] == b'-'
        && b[7..]
            .iter()
            .all(|c| c.is_ascii_digit() || (c.is_ascii_uppercase() && !b"ILOU".contains(c)))
}

impl Threads {
    pub fn new(events: &[Event]) -> Self {
        let mut threads = Self::default();
        threads.add(events);
        threads
    }

    /// Learns what `events` (written or pulled since) add.
    pub fn add(&mut self, events: &[Event]) {
        for event in events.iter().filter(|e| !e.kind.is_desk()) {
            let ticket = &event.ticket_id;
            self.events
                .insert(event.id.as_str().to_string(), ticket.clone());
            match &event.kind {
                EventKind::Opened(o) if event.id.as_str() == ticket.as_str() => {
                    let number = o.number.trim().to_uppercase();
                    if number.is_empty() {
                        continue;
                    }
                    let core = number.get(number.len().saturating_sub(12)..);
                    if let Some(core) = core.filter(|c| is_core_number(c)) {
                        self.numbers.insert(core.to_string(), ticket.clone());
                    }
                    self.numbers.insert(number, ticket.clone());
                    self.number_of.insert(ticket.clone(), o.number.clone());
                }
                EventKind::NotificationSent {
                    message_id: Some(id),
                    ..
                } => {
                    self.messages.insert(id.clone(), ticket.clone());
                }
                EventKind::CustomerWrote(m) => {
                    if let Some(id) = &m.message_id {
                        self.messages.insert(id.clone(), ticket.clone());
                    }
                }
                _ => {}
            }
        }
    }

    /// Whether an event with this id is on some ticket.
    pub fn knows(&self, id: &crate::domain::event::EventId) -> Option<&TicketId> {
        self.events.get(id.as_str())
    }

    /// The ticket's number.
    pub fn number(&self, ticket: &TicketId) -> Option<&str> {
        self.number_of.get(ticket).map(String::as_str)
    }

    /// The ticket a Message-ID (`<id@host>`) belongs to.
    pub fn by_reference(&self, reference: &str) -> Option<&TicketId> {
        if let Some(ticket) = self.messages.get(reference) {
            return Some(ticket);
        }
        // A message the agent mailed: `<notification event id@sender's domain>`.
        let local = reference
            .trim_start_matches('<')
            .split('@')
            .next()
            .unwrap_or("");
        self.events
            .get(local)
            .or_else(|| self.knows(&opening_id(reference)))
            .or_else(|| self.knows(&update_id(reference)))
    }

    /// The ticket a number written in a subject names.
    pub fn by_subject(&self, subject: &str) -> Option<&TicketId> {
        subject
            .split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
            .map(|token| token.trim_matches('-').to_uppercase())
            .filter(|token| token.len() >= 12)
            .find_map(|token| self.numbers.get(&token))
    }

    /// The ticket the message is about: its thread first, then its subject.
    pub fn route(&self, mail: &InboundMail) -> Option<&TicketId> {
        mail.references
            .iter()
            .find_map(|r| self.by_reference(r))
            .or_else(|| self.by_subject(&mail.subject))
    }
}

#[cfg(test)]
mod tests {
    use super::is_core_number;

    #[test]
    fn core_numbers_are_a_date_and_five_crockford_characters() {
        assert!(is_core_number("261204-7QK2D"));
        assert!(!is_core_number("261204-7QK2"));
        assert!(!is_core_number("26120A-7QK2D"));
        assert!(!is_core_number("261204-7QKOD"), "O is not Crockford");
    }
}
