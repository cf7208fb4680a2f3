//! Filtering the queue as a person types: the queue's sorted indexes plus the results of the
//! last few filters over them. A query that narrows an earlier one (another letter typed,
//! another filter set) looks only at that earlier query's hits instead of every entry, and a
//! query seen a moment ago (a letter erased) is answered from memory.
//!
//! ```
//! use mesa::domain::queue::{QueueEntry, QueueFilter};
//! use mesa::domain::queue_search::QueueSearch;
//! let entries: Vec<QueueEntry> = Vec::new();
//! let search = QueueSearch::new(Vec::new());
//! let b = QueueFilter { text: "b".into(), ..QueueFilter::default() };
//! let br = QueueFilter { text: "br".into(), ..QueueFilter::default() };
//! assert!(search.hits(&entries, &b).is_empty());
//! assert!(search.hits(&entries, &br).is_empty()); // filters the hits of "b" only
//! ```

use std::collections::VecDeque;
use std::sync::Mutex;

use super::queue::{QueueEntry, QueueFilter};

/// How many recent filters (and their hits) are remembered.
const RECENT: usize = 16;

/// The sorted indexes of one list of entries (from [`super::queue::order`]) and the recent
/// filters' hits over it. Made anew whenever the list or its order changes: the remembered hits
/// are only valid for the entries they were computed from.
pub struct QueueSearch {
    order: Vec<usize>,
    recent: Mutex<VecDeque<(QueueFilter, Vec<usize>)>>,
}

impl QueueSearch {
    /// `order`: indexes into the entries, in the queue's sort order.
    pub fn new(order: Vec<usize>) -> Self {
        Self {
            order,
            recent: Mutex::new(VecDeque::with_capacity(RECENT)),
        }
    }

    /// The indexes of the entries `filter` passes, in sort order: the same as
    /// `filter.apply_in(entries, order)`, where `entries` must be the list the order was
    /// computed from.
    pub fn hits(&self, entries: &[QueueEntry], filter: &QueueFilter) -> Vec<usize> {
        let mut recent = self
            .recent
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let found = recent.iter().position(|(f, _)| f == filter);
        if let Some(hit) = found.and_then(|at| recent.remove(at)) {
            let hits = hit.1.clone();
            recent.push_front(hit);
            return hits;
        }
        let hits = {
            // The smallest remembered result that holds every entry this filter passes. A
            // whole ticket number also finds tickets the other filters leave out, which no
            // earlier result holds: it looks at every entry.
            let base = recent
                .iter()
                .filter(|_| filter.number_query().is_none())
                .filter(|(wider, _)| filter.narrows(wider))
                .map(|(_, hits)| hits.as_slice())
                .min_by_key(|hits| hits.len())
                .unwrap_or(&self.order);
            filter.apply_in(entries, base)
        };
        recent.push_front((filter.clone(), hits.clone()));
        recent.truncate(RECENT);
        hits
    }
}
