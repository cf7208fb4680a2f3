//! The queue's search text of a ticket: folded once, in two parts (see [`SearchText`]).
//!
//! Its property test is `tests/engine/queue_search_text.rs` (through the queue's public filter).

use mesa_fast_text::Folded;

use super::name::Name;
use super::ticket::Ticket;

/// A ticket's searchable text (number, customer, site, description, field values), folded
/// (`crate::domain::kb::fold_text`) once, in two parts: the ticket's own (number,
/// description, fields) at its exact length, and its customer and site as a [`Name`] the
/// tickets of that place share (made once per place: [`Name::folded_pair`]). One is held per
/// ticket of the desk (issue #21).
///
/// A query's words hold no space, and folding puts a space between the parts, so a word is
/// in the whole text exactly when it is in one of the two.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct SearchText {
    own: Box<str>,
    place: Name,
}

impl SearchText {
    pub(super) fn of(ticket: &Ticket) -> Self {
        let mut own = Folded::with_capacity(ticket.number.len() + 1 + ticket.description.len());
        own.push(&ticket.number);
        own.push(&ticket.description);
        for value in ticket.fields.values() {
            own.push(value);
        }
        Self {
            own: own.into_string().into_boxed_str(),
            place: Name::folded_pair(&ticket.customer, ticket.site.as_ref()),
        }
    }

    /// The two parts as one text, joined by a space (`crate::domain::queue_index`).
    pub(super) fn joined(&self) -> String {
        match (self.own.is_empty(), self.place.is_empty()) {
            (_, true) => self.own.to_string(),
            (true, false) => self.place.to_string(),
            (false, false) => format!("{} {}", self.own, &*self.place),
        }
    }

    pub(super) fn contains(&self, word: &str) -> bool {
        occurs(&self.own, word) || occurs(&self.place, word)
    }
}

/// True when `word` is in `text`. A plain scan: `str::contains` sets up a searcher for the word
/// on every call, and a query's every word is looked for in both parts of every ticket's text,
/// a few dozen bytes each. (A match of valid UTF-8 bytes in valid UTF-8 starts on a
/// character.)
fn occurs(text: &str, word: &str) -> bool {
    let (text, word) = (text.as_bytes(), word.as_bytes());
    let Some((&first, rest)) = word.split_first() else {
        return true;
    };
    let Some(starts) = text.len().checked_sub(rest.len()) else {
        return false;
    };
    (0..starts).any(|i| text[i] == first && text[i + 1..i + word.len()] == *rest)
}
