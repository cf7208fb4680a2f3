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
//! never shrinks), and a search is a scan of them in JavaScript ([`SearchIndex::find`]) that
//! applies the queue's rule to the line: active and every word in the text, or the whole
//! number. The tickets with a log record numbered after the watermark are read with the index
//! as projections ([`SearchIndex::changed`]) and left out of its scan: the app searches those
//! as the full list does (`crate::app::search_before_list`).

use std::fmt::Write as _;

use wasm_bindgen::prelude::*;

use super::codec::from_js_all;
use super::error::StoreError;
use super::idb::settled;
use super::list_pages::CHANGED_AT_MOST;
use super::Store;
use crate::domain::queue_index::{IndexQuery, IndexedTicket, QueueRank};
use crate::domain::ticket::Ticket;

/// Tickets per page of the index.
pub const INDEX_PAGE: usize = 2_000;

#[wasm_bindgen(inline_js = r#"
const got = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
export async function readIndex(db, atMost) {
  const tx = db.transaction(["list", "log", "tickets"]);
  const list = tx.objectStore("list");
  const at = await got(list.get("at"));
  if (!at || !(at[2] > 0)) return null;
  const changed = await got(tx.objectStore("log").getAll(IDBKeyRange.lowerBound(at[0], true), atMost + 1));
  if (changed.length > atMost) return null;
  const ids = [...new Set(changed.map((r) => r.ticket_id))];
  const tickets = tx.objectStore("tickets");
  const records = Promise.all(ids.map((id) => got(tickets.get(id))));
  const pages = [];
  for (let i = 0; i < at[2]; i++) pages.push(got(list.get(["search", i])));
  return { skip: new Set(ids), records: (await records).filter(Boolean), pages: (await Promise.all(pages)).map((p) => p.split("\n")) };
}
export function findInIndex(index, words, number, limit) {
  let total = 0;
  const first = [];
  for (const lines of index.pages) for (const line of lines) {
    const a = line.indexOf("\t"), b = line.indexOf("\t", a + 1);
    let hit = number !== "" && a === number.length + 1 && line.startsWith(number, 1);
    if (!hit && line[0] === "a") hit = words.every((w) => { const i = line.indexOf(w, a + 1); return i >= 0 && i + w.length <= b; });
    if (!hit) continue;
    const [id, due, opened] = line.slice(b + 1).split("\t");
    if (index.skip.has(id)) continue;
    total++;
    if (first.length < 3 * limit) first.push(id, due, opened);
  }
  return { total, first };
}
export function getTickets(db, ids) {
  const tickets = db.transaction("tickets").objectStore("tickets");
  return Promise.all(ids.map((id) => got(tickets.get(id)))).then((r) => r.filter(Boolean));
}
"#)]
extern "C" {
    /// The index as read: its pages' lines and the ids left out of its scan.
    type Read;
    #[wasm_bindgen(js_name = readIndex)]
    fn read_index(db: &web_sys::IdbDatabase, at_most: u32) -> js_sys::Promise;
    #[wasm_bindgen(method, getter)]
    fn records(this: &Read) -> js_sys::Array;

    /// A scan's answer: how many lines were found and the first ones' id, due and opened.
    type Found;
    #[wasm_bindgen(js_name = findInIndex)]
    fn find_in_index(index: &Read, words: Vec<String>, number: &str, limit: u32) -> Found;
    #[wasm_bindgen(method, getter)]
    fn total(this: &Found) -> u32;
    #[wasm_bindgen(method, getter)]
    fn first(this: &Found) -> Vec<String>;

    #[wasm_bindgen(js_name = getTickets)]
    fn get_tickets(db: &web_sys::IdbDatabase, ids: Vec<String>) -> js_sys::Promise;
}

/// The search index as read at one watermark (see the module's text).
pub struct SearchIndex {
    read: Read,
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
        let read: Read = read.unchecked_into();
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
