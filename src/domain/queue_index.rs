//! The queue's search over every ticket before the full list is read (#21): what the stored
//! search index holds of a ticket ([`IndexedTicket`]), the queue's default order as a key
//! ([`QueueRank`]), and what a text search asks of the index ([`IndexQuery`]). The index itself,
//! its pages and the scan of them, is `crate::store::search_index`; the app merges its hits
//! with the tickets changed since it was written (src/app/search_before_list.rs).
//!
//! ```
//! use mesa::domain::queue::QueueFilter;
//! let filter = QueueFilter { text: "Hotel Brisa".into(), ..QueueFilter::default() };
//! let query = filter.index_query().expect("a text search");
//! assert_eq!(query.words, ["hotel", "brisa"]);
//! assert_eq!(query.number, None);
//! let by_number = QueueFilter { text: "CMW-261204-7QX2M".into(), ..QueueFilter::default() };
//! assert_eq!(by_number.index_query().unwrap().number.as_deref(), Some("cmw-261204-7qx2m"));
//! ```

use std::cmp::Ordering;

use chrono::{DateTime, Utc};

use super::queue::{words, QueueEntry, QueueFilter};
use super::queue_search_text::SearchText;
use super::queue_summary::QueueSummary;
use super::ticket::Ticket;

/// A ticket's place in the queue's default order ([`super::queue::Sort::NextDeadline`]):
/// nearest deadline first, tickets without one after, newest opened first among equal ones,
/// then the list's order (larger id first). Sorting entries by it gives
/// [`super::queue::order`]'s order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueRank {
    /// The next deadline in milliseconds, [`QueueSummary::NO_DEADLINE_RANK`] without one.
    pub due: i64,
    /// When the ticket was opened, in milliseconds.
    pub opened: i64,
    pub id: String,
}

impl QueueRank {
    /// The rank of `ticket` whose nearest deadline is `next_deadline`.
    pub fn new(ticket: &Ticket, next_deadline: Option<DateTime<Utc>>) -> Self {
        Self::with_due(ticket, Self::due(next_deadline))
    }

    /// The rank of `ticket` whose first part ([`Self::due`]) is known.
    pub fn with_due(ticket: &Ticket, due: i64) -> Self {
        Self {
            due,
            opened: ticket.opened_at.timestamp_millis(),
            id: ticket.id.0.clone(),
        }
    }

    /// The first part of the rank: the next deadline in milliseconds, or
    /// [`QueueSummary::NO_DEADLINE_RANK`]. Tickets in the list's order
    /// ([`super::ticket_list::order`]: newest opened first, then larger id) sorted by it alone,
    /// keeping that order among equal ones, are in [`QueueRank`]'s order.
    pub fn due(next_deadline: Option<DateTime<Utc>>) -> i64 {
        next_deadline.map_or(QueueSummary::NO_DEADLINE_RANK as i64, |at| {
            at.timestamp_millis()
        })
    }

    /// The rank of an entry (its clocks as summarised there).
    pub fn of_entry(entry: &QueueEntry) -> Self {
        Self::new(&entry.ticket, entry.next_deadline().map(|(_, at)| at))
    }
}

impl Ord for QueueRank {
    fn cmp(&self, other: &Self) -> Ordering {
        self.due
            .cmp(&other.due)
            .then_with(|| other.opened.cmp(&self.opened))
            .then_with(|| other.id.cmp(&self.id))
    }
}

impl PartialOrd for QueueRank {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// What the search index holds of one ticket: its rank, whether it is active (a text search
/// finds active tickets only), its number in ASCII lower case (a whole number finds its ticket
/// whatever its status) and its searchable text folded as the queue folds it, the ticket's own
/// part and its place's joined by a space (a query's word holds no space, so it is in the
/// joined text exactly when it is in one of the parts).
#[derive(Clone, Debug, PartialEq)]
pub struct IndexedTicket {
    pub rank: QueueRank,
    pub active: bool,
    pub number: String,
    pub text: String,
}

impl IndexedTicket {
    pub fn new(ticket: &Ticket, rank: QueueRank) -> Self {
        Self {
            rank,
            active: ticket.status.is_active(),
            number: ticket.number.to_ascii_lowercase(),
            text: SearchText::of(ticket).joined(),
        }
    }
}

/// A text search as the index answers it: a ticket is found when it is active and its text
/// holds every word, or when its number is `number` (see [`QueueFilter::apply_in`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexQuery {
    /// The folded words of the text.
    pub words: Vec<String>,
    /// The text in ASCII lower case, when it could be a whole ticket number.
    pub number: Option<String>,
}

impl QueueFilter {
    /// The query the search index answers for this filter: `None` unless the filter is a text
    /// search and nothing else (the index holds no other field), with some text.
    pub fn index_query(&self) -> Option<IndexQuery> {
        let text_only = QueueFilter {
            text: self.text.clone(),
            ..QueueFilter::default()
        };
        (*self == text_only && !self.text.trim().is_empty()).then(|| IndexQuery {
            words: words(&self.text),
            number: self.number_query().map(str::to_ascii_lowercase),
        })
    }
}
