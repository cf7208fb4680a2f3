//! Searching every ticket while the full list loads (#21: search answering over every ticket
//! from the moment the first screen shows). The first screen comes from the queue's summary
//! cache and the full list about a second later at 100k tickets; a text typed meanwhile is
//! answered from the stored search index (`crate::store::search_index`), read at the first
//! such search. Its scan finds the tickets it holds; the tickets changed since it was written
//! are searched as the full list searches them; the rows are the projections of the first hits
//! in the queue's default order, their clocks computed now. The code is loaded on demand
//! ([`search`], with the queueing of the searches typed meanwhile): a start-up nobody types in
//! never fetches it.
//!
//! ```ignore
//! // The answer comes in `preview.found`, for the latest text asked.
//! if let Ok(searching) = search(preview, filter).await {
//!     searching.await;
//! }
//! ```

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::{GetUntracked, Set};

use crate::app::desk::{try_desk, Desk};
use crate::app::queue_preview::{QueuePreview, PREVIEW_ROWS};
use crate::domain::queue::{QueueEntry, QueueFilter, Sort};
use crate::domain::queue_index::QueueRank;
use crate::store::{SearchIndex, StoreError};

/// A text search's answer before the full list is read.
pub struct FoundBeforeList {
    /// How many tickets the search finds.
    pub total: usize,
    /// The first ones' entries, in the queue's default order.
    pub entries: Vec<QueueEntry>,
}

/// The index as this page holds it: not read yet, read, or none to use.
enum Held {
    NotRead,
    Ready(Rc<SearchIndex>),
    Unusable,
}

thread_local! {
    static INDEX: RefCell<Held> = const { RefCell::new(Held::NotRead) };
    /// The latest search asked while one was being answered.
    static ASKED: RefCell<Option<QueueFilter>> = const { RefCell::new(None) };
    /// Whether a search is being answered.
    static SEARCHING: Cell<bool> = const { Cell::new(false) };
}

impl Desk {
    /// The first `rows` tickets `filter` finds in the queue's default order, and how many it
    /// finds, from `index` and the tickets changed since it was written; `None` when the filter
    /// is not a text search alone (the index holds no other field).
    pub async fn find_before_list(
        &self,
        index: &SearchIndex,
        filter: &QueueFilter,
        rows: usize,
    ) -> Result<Option<FoundBeforeList>, StoreError> {
        let Some(query) = filter.index_query() else {
            return Ok(None);
        };
        let now = crate::app::clock::now();
        let engines = self.engines();
        let changed: Vec<QueueEntry> = index
            .changed
            .iter()
            .map(|t| QueueEntry::new(engines.for_ticket(t), t.clone(), now))
            .collect();
        let changed_hits = filter.apply(&changed, Sort::NextDeadline);
        let indexed = index.find(&query, rows);
        crate::app::perf::mark("mesa:search-index-scanned");
        let mut first: Vec<(QueueRank, Option<usize>)> = indexed
            .first
            .into_iter()
            .map(|rank| (rank, None))
            .chain(
                changed_hits
                    .iter()
                    .map(|&i| (QueueRank::of_entry(&changed[i]), Some(i))),
            )
            .collect();
        first.sort_by(|a, b| a.0.cmp(&b.0));
        first.truncate(rows);
        let ids = first
            .iter()
            .filter(|(_, changed)| changed.is_none())
            .map(|(rank, _)| rank.id.clone())
            .collect();
        let mut read: HashMap<String, _> = self
            .store
            .tickets_by_id(ids)
            .await?
            .into_iter()
            .map(|t| (t.id.0.clone(), t))
            .collect();
        crate::app::perf::mark("mesa:search-rows-read");
        // A ticket gone from the projection since the index was read (none is ever deleted
        // but by a rebuild) is left out of the rows; the full list shows it.
        let entries = first
            .into_iter()
            .filter_map(|(rank, changed_at)| match changed_at {
                Some(i) => Some(changed[i].clone()),
                None => read
                    .remove(&rank.id)
                    .map(|t| QueueEntry::new(engines.for_ticket(&t), t, now)),
            })
            .collect();
        Ok(Some(FoundBeforeList {
            total: indexed.total + changed_hits.len(),
            entries,
        }))
    }

    /// The search index, read at the first call of this page ([`Held`]).
    async fn held_search_index(&self) -> Option<Rc<SearchIndex>> {
        let held = INDEX.with(|held| match &*held.borrow() {
            Held::NotRead => None,
            Held::Ready(index) => Some(Some(index.clone())),
            Held::Unusable => Some(None),
        });
        if let Some(held) = held {
            return held;
        }
        let index = match self.store.search_index().await {
            Ok(index) => {
                crate::app::perf::mark("mesa:search-index-read");
                Ok(index)
            }
            Err(e) => Err(e),
        };
        let index = match index {
            Ok(index) => index.map(Rc::new),
            Err(e) => {
                leptos::logging::warn!("the search index could not be read: {e}");
                None
            }
        };
        let held = index.clone().map_or(Held::Unusable, Held::Ready);
        INDEX.with(|h| *h.borrow_mut() = held);
        index
    }
}

/// Lets the search index go (its pages are some megabytes of text at 100k tickets): the full
/// list is there.
pub fn forget_search_index() {
    INDEX.with(|held| *held.borrow_mut() = Held::NotRead);
}

/// The first [`PREVIEW_ROWS`] tickets `filter` finds and their count, from the index; `None`
/// when the index cannot answer it.
async fn find(filter: &QueueFilter) -> Option<FoundBeforeList> {
    crate::app::perf::mark("mesa:search-before-list");
    let desk = try_desk()?;
    let index = desk.held_search_index().await?;
    match desk
        .find_before_list(&index, filter, PREVIEW_ROWS as usize)
        .await
    {
        Ok(found) => found,
        Err(e) => {
            leptos::logging::warn!("the search index could not be searched: {e}");
            None
        }
    }
}

/// The searches being answered: done when none is left to answer.
type Searching = std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>;

// Answers `filter` in `preview.found` while the full list loads. A search asked while one is
// answered waits, and only the latest of those is answered then (its future is done at once:
// the one answering takes it).
crate::split_fn!(
    search_before_list,
    pub(crate) fn search(preview: QueuePreview, filter: QueueFilter) -> Searching {
        ASKED.with(|asked| *asked.borrow_mut() = Some(filter));
        let answering = SEARCHING.with(|s| s.replace(true));
        Box::pin(async move {
            if answering {
                return;
            }
            while let Some(filter) = ASKED.with(|asked| asked.borrow_mut().take()) {
                let found = find(&filter).await;
                if preview.loaded.get_untracked() {
                    break;
                }
                if let Some(found) = found {
                    preview.found.set(Some((filter, found)));
                }
            }
            SEARCHING.with(|s| s.set(false));
        })
    }
);
