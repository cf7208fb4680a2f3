//! Writing the ticket list's pages (#21; the pages themselves: `crate::store::list_pages`):
//! after a read of the list that found them missing or far behind, the list as read is written
//! again, [`PAGE`] tickets per text, in the background. The writer (the tickets' serializer,
//! the pages' transaction) is loaded on demand in the `split` build (src/app/split.rs): a desk
//! under [`crate::store::PAGED_FROM`] tickets, and a start-up whose pages are current, never
//! fetch it. If it cannot be fetched, or the write fails, the next start-up reads the whole
//! projection, as without pages, and tries again.

use std::sync::Arc;

use crate::app::desk::{try_desk, Desk};
use crate::domain::ticket::Ticket;
use crate::store::{list_page_text, ListRead, PAGE};

impl Desk {
    /// Writes the pages from `read` when they are due ([`ListRead::pages_due`]), then marks
    /// `mesa:list-pages-written` (also when none were due, so a benchmark waits on one fact).
    pub(crate) async fn write_list_pages_if_due(&self, read: Option<(Vec<Arc<Ticket>>, u64)>) {
        let written = match read {
            None => true,
            Some((tickets, folded)) => match write_pages(tickets, folded).await {
                Ok(writing) => writing.await,
                Err(_) => false,
            },
        };
        if written {
            crate::app::perf::mark("mesa:list-pages-written");
        }
    }
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
            let pages: Result<Vec<_>, _> = tickets.chunks(PAGE).map(list_page_text).collect();
            match (pages, try_desk()) {
                (Ok(pages), Some(desk)) => {
                    desk.store.write_list_pages(folded, &pages).await.is_ok()
                }
                _ => false,
            }
        })
    }
);
