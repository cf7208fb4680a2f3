//! Writing the ticket list's pages (#21; the pages themselves: `crate::store::list_pages`) and
//! the search index with them (`crate::store::search_index`): after a read of the list that
//! found them missing or far behind, the list as read is written again, [`PAGE`] tickets per
//! text, in the background; after a sync that read no list, from a
//! read made for them when they are due ([`write_after_pull`]). The writer
//! (the tickets' serializer, the pages' transaction) is loaded on demand in the `split` build
//! (src/app/split.rs): a desk under [`crate::store::PAGED_FROM`] tickets, and a start-up whose
//! pages are current, never fetch it. If it cannot be fetched, or the write fails, the next
//! start-up reads the whole projection, as without pages, and tries again.

use std::cell::Cell;
use std::sync::Arc;

use leptos::prelude::*;

use crate::app::desk::{try_desk, Desk, DeskSignals};
use wasm_bindgen::JsValue;

use crate::domain::queue_index::{IndexedTicket, QueueRank};
use crate::domain::ticket::Ticket;
use crate::store::{list_page_text, search_index_page, ListRead, INDEX_PAGE, PAGE};

/// The shortest time between two writes of the pages by one tab: while a sync pulls, the list
/// is read again every few seconds and each read finds the pages behind; writing them each time
/// would serialize the whole list again and again.
const WRITE_EVERY_MS: f64 = 60_000.0;

thread_local! {
    /// When this tab last started writing the pages.
    static LAST_WRITE: Cell<Option<f64>> = const { Cell::new(None) };
}

/// Whether this tab started writing the pages less than [`WRITE_EVERY_MS`] before `now`.
fn written_lately(now: f64) -> bool {
    LAST_WRITE.with(|last| last.get().is_some_and(|at| now - at < WRITE_EVERY_MS))
}

impl Desk {
    /// Writes the pages from `read` when they are due ([`ListRead::pages_due`]) and this tab has
    /// not started writing them in the last [`WRITE_EVERY_MS`], then marks
    /// `mesa:list-pages-written` (also when none were due, so a benchmark waits on one fact).
    pub(crate) async fn write_list_pages_if_due(&self, read: Option<(Vec<Arc<Ticket>>, u64)>) {
        const MARK: &str = "mesa:list-pages-written";
        let Some((tickets, folded)) = read else {
            return crate::app::perf::mark(MARK);
        };
        let now = js_sys::Date::now();
        if written_lately(now) {
            return; // written a moment ago: a read after the pause writes them
        }
        LAST_WRITE.with(|last| last.set(Some(now)));
        let written = match write_pages(tickets, folded).await {
            Ok(writing) => writing.await,
            Err(_) => false,
        };
        if written {
            crate::app::perf::mark(MARK);
        }
    }

    /// See [`write_after_pull`].
    async fn write_list_pages_after_pull(&self, signals: DeskSignals) {
        if written_lately(js_sys::Date::now()) {
            return;
        }
        let listed = signals.tickets.with_untracked(Vec::len);
        if !matches!(self.store.list_pages_due(listed).await, Ok(true)) {
            return;
        }
        // The held list's unchanged tickets are shared with the read, not copied.
        let known = signals.tickets.get_untracked();
        let read = self.store.projection_for_pages(&known).await;
        drop(known);
        if let Ok(read) = read {
            self.write_list_pages_if_due(Some(read)).await;
        }
    }
}

/// After a sync run that pulled events, in the background (started as the run reports). Its end
/// mostly leaves the list held as the store's ([`Desk::refresh_after_pull`], which reads
/// nothing), so when the pages are due ([`crate::store::Store::list_pages_due`]), the
/// projection is read for them in chunks ([`crate::store::Store::projection_for_pages`]), and
/// they are written from it (the list held cannot tell which watermark it matches). Without
/// this, the first start-up after a device's first sync of a large desk read the whole
/// projection (one record per ticket) instead of the pages. Only the sync's code (loaded on
/// demand) calls it.
pub(crate) fn write_after_pull(signals: DeskSignals) {
    leptos::task::spawn_local(async move {
        if let Some(desk) = try_desk() {
            desk.write_list_pages_after_pull(signals).await;
        }
    });
}

/// What a list read leaves for [`Desk::write_list_pages_if_due`]: its tickets and watermark when
/// the pages are due.
pub(crate) fn pages_to_write(read: &ListRead) -> Option<(Vec<Arc<Ticket>>, u64)> {
    read.pages_due()
        .then(|| (read.tickets.clone(), read.folded))
}

/// Pages being written; true when they were.
type PagesWrite = std::pin::Pin<Box<dyn std::future::Future<Output = bool>>>;

crate::split_fn!(
    list_pages,
    fn write_pages(tickets: Vec<Arc<Ticket>>, folded: u64) -> PagesWrite {
        Box::pin(async move {
            // A page's text at a time, the page's other work between two (a page of 500
            // tickets is some milliseconds; a desk of 100k, 200 pages).
            let mut pages = Vec::with_capacity(tickets.len().div_ceil(PAGE));
            for chunk in tickets.chunks(PAGE) {
                let Ok(page) = list_page_text(chunk) else {
                    return false;
                };
                pages.push(page);
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            let Some(desk) = try_desk() else {
                return false;
            };
            let index = desk.search_index_pages(&tickets).await;
            desk.store
                .write_list_pages(folded, &pages, &index)
                .await
                .is_ok()
        })
    }
);

impl Desk {
    /// The search index's pages (`crate::store::search_index`) of `tickets`, the list as read
    /// (in its order): each ticket's next deadline, the clocks of [`PAGE`] tickets at a time
    /// with the page's other work between, then the lines in the queue's default order,
    /// [`INDEX_PAGE`] at a time, each page's text handed to JavaScript as it is made (the
    /// wasm memory holds a deadline and a position per ticket, not the index).
    pub async fn search_index_pages(&self, tickets: &[Arc<Ticket>]) -> Vec<JsValue> {
        let engines = self.engines();
        let now = crate::app::clock::now();
        let mut ranked: Vec<(i64, u32)> = Vec::with_capacity(tickets.len());
        for (page, chunk) in tickets.chunks(PAGE).enumerate() {
            ranked.extend(chunk.iter().enumerate().map(|(i, t)| {
                let clocks = engines.for_ticket(t).clocks(t, now);
                let due = QueueRank::due(clocks.next_deadline().map(|(_, at)| at));
                (due, (page * PAGE + i) as u32)
            }));
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        // Stable: equal deadlines keep the list's order, which is the rank's (QueueRank::due).
        ranked.sort_by_key(|&(due, _)| due);
        let mut pages = Vec::with_capacity(ranked.len().div_ceil(INDEX_PAGE));
        for chunk in ranked.chunks(INDEX_PAGE) {
            let lines: Vec<IndexedTicket> = chunk
                .iter()
                .map(|&(due, at)| {
                    let ticket = &tickets[at as usize];
                    IndexedTicket::new(ticket, QueueRank::with_due(ticket, due))
                })
                .collect();
            pages.push(search_index_page(&lines));
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
        pages
    }
}
