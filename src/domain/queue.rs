//! The queue ("Bandeja"): which tickets a filter shows and in what order.
//!
//! The queue works on [`QueueEntry`] values — a ticket plus the summary of its clocks at the
//! time the list was built — so filtering and sorting 100k tickets needs no clock arithmetic.
//!
//! ```
//! use mesa::domain::queue::{QueueFilter, QueueEntry, Sort};
//! let filter = QueueFilter { text: "brisa".into(), ..QueueFilter::default() };
//! let entries: Vec<QueueEntry> = Vec::new();
//! assert!(filter.apply(&entries, Sort::NextDeadline).is_empty());
//! ```

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::engine::Engine;
use super::engines::Engines;
use super::kb::fold_text;
use super::queue_search_text::SearchText;
use super::sla::{ClockKind, ClockState};
use super::ticket::{Status, Ticket};

/// A ticket as the queue shows it: the ticket, its nearest deadline and its worst clock state.
#[derive(Clone, Debug, PartialEq)]
pub struct QueueEntry {
    /// Shared with the app's list of tickets (an entry holds no copy of it).
    pub ticket: Arc<Ticket>,
    /// The nearest deadline among the running clocks ([`Self::next_deadline`]): its clock, and
    /// when (the epoch when there is none). Apart, not an `Option` of both, so the clock and
    /// [`Self::state`] share one word: an entry is held per ticket of the desk (#21).
    deadline_at: DateTime<Utc>,
    deadline_kind: Option<ClockKind>,
    /// The most urgent state among the clocks (breached > warning > paused > running > …).
    pub state: ClockState,
    /// The searchable text, folded once: see [`SearchText`].
    search: SearchText,
}

impl QueueEntry {
    /// Summarises a ticket's clocks at `now`.
    /// `ticket` is the list's shared ticket, or a ticket of its own.
    pub fn new(engine: &Engine, ticket: impl Into<Arc<Ticket>>, now: DateTime<Utc>) -> Self {
        let ticket = ticket.into();
        let (next_deadline, state) = summary(engine, &ticket, now);
        let search = SearchText::of(&ticket);
        Self::from_summary(ticket, next_deadline, state, search)
    }

    fn from_summary(
        ticket: Arc<Ticket>,
        next_deadline: Option<(ClockKind, DateTime<Utc>)>,
        state: ClockState,
        search: SearchText,
    ) -> Self {
        Self {
            ticket,
            deadline_at: next_deadline.map_or(DateTime::UNIX_EPOCH, |(_, at)| at),
            deadline_kind: next_deadline.map(|(kind, _)| kind),
            state,
            search,
        }
    }

    /// The nearest deadline among the running clocks: which clock, and when.
    pub fn next_deadline(&self) -> Option<(ClockKind, DateTime<Utc>)> {
        self.deadline_kind.map(|kind| (kind, self.deadline_at))
    }

    /// The same entry with its clocks summarised again at `now` (the ticket unchanged).
    fn at(self, engine: &Engine, now: DateTime<Utc>) -> Self {
        let (next_deadline, state) = summary(engine, &self.ticket, now);
        Self::from_summary(self.ticket, next_deadline, state, self.search)
    }

    /// An entry from an already computed summary (see [`super::queue_summary`]).
    pub fn from_parts(
        ticket: Arc<Ticket>,
        next_deadline: Option<(ClockKind, DateTime<Utc>)>,
        state: ClockState,
    ) -> Self {
        let search = SearchText::of(&ticket);
        Self::from_summary(ticket, next_deadline, state, search)
    }

    pub fn is_breached(&self) -> bool {
        self.state == ClockState::Breached
    }
}

/// A ticket's nearest deadline and most urgent clock state at `now`.
fn summary(
    engine: &Engine,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> (Option<(ClockKind, DateTime<Utc>)>, ClockState) {
    let clocks = engine.clocks(ticket, now);
    let state = clocks
        .all()
        .map(|c| c.state)
        .max_by_key(|s| urgency(*s))
        .unwrap_or(ClockState::Off);
    (clocks.next_deadline(), state)
}

/// What happened since the previous entries were computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Since {
    /// Only tickets changed (the same minute): an unchanged ticket keeps its entry as it is.
    TicketsChanged,
    /// Time passed (a new minute), and tickets may have changed too: an unchanged ticket that
    /// is still active gets its clocks summarised again, because states move with time (running
    /// to warning to breached); a closed or rejected ticket's clocks have all stopped, so its
    /// entry is kept as it is.
    TimePassed,
}

/// The entries of `tickets` at `now`, reusing the entries of `previous` (an earlier list in the
/// same order, taken by value so nothing is copied) for every ticket that did not change since
/// — same id, event count and last update — as [`Since`] says. New or changed tickets get new
/// entries. Both lists are in the store's order (newest opened first, then id), which lets one
/// pass pair them up. The result equals computing every entry afresh at `now`; the flag says
/// whether it differs from `previous` (when it does not, the list need not be sorted again).
/// Each ticket's clocks run on the process version it keeps ([`Engines::for_ticket`]).
pub fn refresh_entries(
    engines: &Engines,
    previous: Vec<QueueEntry>,
    tickets: &[Arc<Ticket>],
    now: DateTime<Utc>,
    since: Since,
) -> (Vec<QueueEntry>, bool) {
    let before = |a: &Ticket, b: &Ticket| {
        b.opened_at
            .cmp(&a.opened_at)
            .then_with(|| b.id.cmp(&a.id))
            .is_lt()
    };
    let mut changed = previous.len() != tickets.len();
    let mut previous = previous.into_iter().peekable();
    let mut entries = Vec::with_capacity(tickets.len());
    for t in tickets {
        while previous.next_if(|p| before(&p.ticket, t)).is_some() {}
        let same = previous.next_if(|p| {
            p.ticket.id == t.id
                && p.ticket.event_count == t.event_count
                && p.ticket.updated_at == t.updated_at
        });
        entries.push(match same {
            Some(p) if since == Since::TimePassed && p.ticket.status.is_active() => {
                let was = (p.next_deadline(), p.state);
                let engine = engines.for_ticket(t);
                let now = p.at(engine, now);
                changed |= (now.next_deadline(), now.state) != was;
                now
            }
            Some(p) => p,
            None => {
                changed = true;
                QueueEntry::new(engines.for_ticket(t), t.clone(), now)
            }
        });
    }
    (entries, changed)
}

/// How urgent a clock state is, for choosing the one a queue row shows.
pub fn urgency(state: ClockState) -> u8 {
    match state {
        ClockState::Breached => 5,
        ClockState::Warning => 4,
        ClockState::Running => 3,
        ClockState::Paused => 2,
        ClockState::Met => 1,
        ClockState::Off => 0,
    }
}

/// Which tickets to show. Empty fields do not filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct QueueFilter {
    /// Free text: ticket number, customer, site, description, fields (accent- and
    /// case-insensitive; every word must appear).
    pub text: String,
    /// `None`: active tickets (open, waiting, resolved awaiting verification).
    pub status: Option<Status>,
    pub severity: Option<String>,
    pub level: Option<u8>,
    pub customer: Option<String>,
    pub site: Option<String>,
    pub assignee: Option<String>,
    pub kind: Option<String>,
    /// The channel the ticket came in through (a profile channel id).
    pub channel: Option<String>,
    pub only_breached: bool,
    pub only_paused: bool,
    /// Only tickets registered outside their customer's contract (P2).
    pub only_outside_contract: bool,
}

/// The order of the queue.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// Nearest deadline first; tickets without one after, newest first.
    #[default]
    NextDeadline,
    Newest,
    Severity,
}

impl QueueFilter {
    /// True when the entry passes every filter. `words` is the folded text query, split.
    fn matches(&self, e: &QueueEntry, words: &[String]) -> bool {
        let t = &e.ticket;
        let status_ok = match self.status {
            Some(s) => t.status == s,
            None => t.status.is_active(),
        };
        status_ok
            && self
                .severity
                .as_ref()
                .is_none_or(|s| t.severity.as_deref() == Some(s.as_str()))
            && self.level.is_none_or(|l| t.level == l)
            && self.customer.as_ref().is_none_or(|c| &t.customer == c)
            && self
                .site
                .as_ref()
                .is_none_or(|s| t.site.as_deref() == Some(s.as_str()))
            && self
                .assignee
                .as_ref()
                .is_none_or(|a| t.assignee.as_deref() == Some(a.as_str()))
            && self.kind.as_ref().is_none_or(|k| &t.request_kind == k)
            && self
                .channel
                .as_ref()
                .is_none_or(|c| t.channel.as_deref() == Some(c.as_str()))
            && (!self.only_breached || e.is_breached())
            && (!self.only_paused || t.is_paused())
            && (!self.only_outside_contract || t.is_outside_contract())
            && words.iter().all(|w| e.search.contains(w.as_str()))
    }

    /// True when every entry this filter passes is also passed by `wider`: each of `wider`'s
    /// fields is unset or the same here, and each word of its text is part of a word of this
    /// text (so typing another letter, or another word, narrows a search).
    pub fn narrows(&self, wider: &QueueFilter) -> bool {
        fn within<T: PartialEq>(mine: &Option<T>, wider: &Option<T>) -> bool {
            wider.is_none() || mine == wider
        }
        let mine = words(&self.text);
        self.status == wider.status
            && within(&self.severity, &wider.severity)
            && within(&self.level, &wider.level)
            && within(&self.customer, &wider.customer)
            && within(&self.site, &wider.site)
            && within(&self.assignee, &wider.assignee)
            && within(&self.kind, &wider.kind)
            && within(&self.channel, &wider.channel)
            && (self.only_breached || !wider.only_breached)
            && (self.only_paused || !wider.only_paused)
            && (self.only_outside_contract || !wider.only_outside_contract)
            && words(&wider.text)
                .iter()
                .all(|w| mine.iter().any(|m| m.contains(w.as_str())))
    }

    /// The indexes of the matching entries, in `sort` order.
    pub fn apply(&self, entries: &[QueueEntry], sort: Sort) -> Vec<usize> {
        self.apply_in(entries, &order(entries, sort))
    }

    /// The matching entries among `order` (indexes into `entries`, e.g. from [`order`]), in
    /// that order. Sorting once per list and filtering the sorted indexes on every keystroke
    /// gives the same result as [`Self::apply`] without sorting again.
    ///
    /// A text that is a ticket's whole number finds that ticket whatever the other filters (a
    /// customer quoting the number of a closed ticket finds it under "Activas" too).
    pub fn apply_in(&self, entries: &[QueueEntry], order: &[usize]) -> Vec<usize> {
        let words = words(&self.text);
        let number = self.number_query();
        order
            .iter()
            .copied()
            .filter(|&i| {
                let e = &entries[i];
                self.matches(e, &words)
                    || number.is_some_and(|n| e.ticket.number.eq_ignore_ascii_case(n))
            })
            .collect()
    }

    /// The text, when it could be a whole ticket number: one word with a digit and a dash
    /// ("CMW-261204-7QX2M").
    pub fn number_query(&self) -> Option<&str> {
        let text = self.text.trim();
        let plausible = !text.is_empty()
            && !text.contains(char::is_whitespace)
            && text.contains('-')
            && text.chars().any(|c| c.is_ascii_digit());
        plausible.then_some(text)
    }
}

/// The folded words of a text query.
pub(super) fn words(text: &str) -> Vec<String> {
    fold_text(text)
        .split_whitespace()
        .map(str::to_string)
        .collect()
}

/// Every entry's index, in `sort` order (a stable sort: equal entries keep their order).
pub fn order(entries: &[QueueEntry], sort: Sort) -> Vec<usize> {
    let mut all: Vec<usize> = (0..entries.len()).collect();
    // One comparison for every sort: one stable sort's code in the first load, not three (#5).
    all.sort_by(|&a, &b| compare(&entries[a], &entries[b], sort));
    all
}

fn compare(a: &QueueEntry, b: &QueueEntry, sort: Sort) -> std::cmp::Ordering {
    let newest = || b.ticket.opened_at.cmp(&a.ticket.opened_at);
    match sort {
        Sort::Newest => newest(),
        Sort::NextDeadline => match (a.next_deadline(), b.next_deadline()) {
            (Some((_, da)), Some((_, db))) => da.cmp(&db).then_with(newest),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => newest(),
        },
        Sort::Severity => severity_rank(a).cmp(severity_rank(b)).then_with(newest),
    }
}

/// Tickets without a severity sort after every ranked one.
fn severity_rank(e: &QueueEntry) -> &str {
    e.ticket.severity.as_deref().unwrap_or("~")
}

/// The distinct values of a field across entries, sorted, for the filter menus.
pub fn distinct<'a>(
    entries: &'a [QueueEntry],
    field: impl Fn(&'a Ticket) -> Option<&'a str>,
) -> Vec<String> {
    let values: std::collections::BTreeSet<&str> =
        entries.iter().filter_map(|e| field(&e.ticket)).collect();
    values.into_iter().map(str::to_string).collect()
}
