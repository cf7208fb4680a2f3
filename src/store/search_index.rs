//! The queue's search index (#21, search over every ticket from the first screen): the
//! tickets' searchable text in the queue's default order, kept in the `list` store beside the
//! list's pages, written with them in their transaction and so at their watermark
//! ([`Store::write_list_pages`]). A page ([`INDEX_PAGE`] tickets) is one text, a line per ticket
//! ([`search_index_page`]):
//!
//! ```text
//! {a|c}{number}\t{folded text}\t{id}\t{due ms}\t{opened ms}
//! ```
//!
//! (`a`: active.) The folded text holds only letters, digits and single spaces, so neither a tab
//! nor a line break can be part of it; a number or id holding one has it stored as a space.
//!
//! Read only when someone searches before the full list is there ([`Store::search_index`]):
//! the pages, split into lines, stay JavaScript strings (no copy in the wasm memory, which
//! never shrinks), and a search is a scan of them in JavaScript ([`SearchIndex::find`]; the
//! functions share the list pages' snippet, `super::list_pages`, one file fewer to load) that
//! applies the queue's rule to the line: active and every word in the text, or the whole
//! number. The tickets with a log record numbered after the watermark are read with the index
//! as projections ([`SearchIndex::changed`]) and left out of its scan: the app searches those
//! as the full list does (src/app/search_before_list.rs).

use std::fmt::Write as _;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::codec::from_js_all;
use super::error::StoreError;
use super::idb::settled;
use super::list_pages::CHANGED_AT_MOST;
use super::list_pages::{find_in_index, get_tickets, read_index, IndexRead};
use super::Store;
use crate::domain::queue_index::{IndexQuery, IndexedTicket, QueueRank};
use crate::domain::ticket::Ticket;

/// Tickets per page of the index.
pub const INDEX_PAGE: usize = 2_000;

/// The search index as read at one watermark (see the module's text).
pub struct SearchIndex {
    read: IndexRead,
    /// The projections of the tickets with a log record after the index's watermark, which
    /// its scan leaves out.
    pub changed: Vec<Ticket>,
}

/// What a scan of the index found.
#[derive(Debug, PartialEq)]
pub struct IndexHits {
    /// How many tickets (not counting those changed since the index was written).
    pub total: usize,
    /// The first ones, in the queue's default order.
    pub first: Vec<QueueRank>,
}

impl SearchIndex {
    /// The tickets of the index (none changed since it was written) that `query` finds: how
    /// many, and the first `limit` in the queue's default order.
    pub fn find(&self, query: &IndexQuery, limit: usize) -> IndexHits {
        let found = find_in_index(
            &self.read,
            query.words.clone(),
            query.number.as_deref().unwrap_or(""),
            limit as u32,
        );
        let first = found
            .first()
            .chunks_exact(3)
            .map(|hit| QueueRank {
                id: hit[0].clone(),
                due: hit[1].parse().unwrap_or(i64::MAX),
                opened: hit[2].parse().unwrap_or(0),
            })
            .collect();
        IndexHits {
            total: found.total() as usize,
            first,
        }
    }
}

impl Store {
    /// The search index, or `None` when there is none (a desk under
    /// [`super::PAGED_FROM`] tickets, pages written by an older version, a projection rebuilt)
    /// or more than [`CHANGED_AT_MOST`] log records came after it.
    pub async fn search_index(&self) -> Result<Option<SearchIndex>, StoreError> {
        let read: JsValue = settled(read_index(&self.raw_db()?, CHANGED_AT_MOST)).await?;
        if read.is_null() || read.is_undefined() {
            return Ok(None);
        }
        let read: IndexRead = read.unchecked_into();
        let changed = from_js_all(&read.records().to_vec(), "ticket projection")?;
        Ok(Some(SearchIndex { read, changed }))
    }

    /// The projections of the tickets `ids` (those not found are left out), in one
    /// transaction.
    pub async fn tickets_by_id(&self, ids: Vec<String>) -> Result<Vec<Ticket>, StoreError> {
        let records: js_sys::Array = settled(get_tickets(&self.raw_db()?, ids)).await?;
        from_js_all(&records.to_vec(), "ticket projection")
    }
}

/// One page of the index: `tickets` (at most [`INDEX_PAGE`], in the queue's default order) as
/// their lines.
pub fn search_index_page(tickets: &[IndexedTicket]) -> JsValue {
    let mut text = String::with_capacity(tickets.len() * 160);
    for t in tickets {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push(if t.active { 'a' } else { 'c' });
        push_field(&mut text, &t.number);
        text.push('\t');
        text.push_str(&t.text);
        text.push('\t');
        push_field(&mut text, &t.rank.id);
        let _ = write!(text, "\t{}\t{}", t.rank.due, t.rank.opened);
    }
    JsValue::from_str(&text)
}

/// `field` with any tab or line break as a space.
fn push_field(text: &mut String, field: &str) {
    text.extend(
        field
            .chars()
            .map(|c| if c == '\t' || c == '\n' { ' ' } else { c }),
    );
}

/// The key of the index's page `i` in the `list` store.
pub(super) fn index_page_key(i: usize) -> JsValue {
    js_sys::Array::of2(&"search".into(), &(i as f64).into()).into()
}
