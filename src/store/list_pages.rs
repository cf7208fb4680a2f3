//! The ticket list kept in pages (#21, the whole list at 100k tickets in ≤ 1.5 s).
//!
//! IndexedDB pays per record read, not per byte: 100,000 projections, one record each, take
//! 2–3 s to read whatever their shape, while the same bytes packed a thousand to a record take
//! a tenth of that (docs/PERFORMANCE.md, session 25). So a desk of [`PAGED_FROM`] tickets or
//! more also keeps its list in the `list` store as JSON texts of [`PAGE`] tickets each, in the
//! list's order, with the watermark the list was read at and the number of pages (key `"at"`):
//! every ticket whose projection changed since has a log record numbered after it.
//!
//! A read of the list ([`Store::ticket_list_reusing`]) is one transaction: the pages, the log
//! records numbered after them, and the projections of those records' tickets, which replace
//! the pages' copies. With no pages, or more than [`CHANGED_AT_MOST`] records after them, it
//! reads the whole projection instead, as before the pages. Either way the list is the
//! projection as the transaction saw it, and comes with the watermark read in it.
//!
//! The pages are a cache: written again in the background after a read that found none, or
//! [`REWRITE_AFTER`] records behind ([`ListRead::pages_due`], by code loaded on demand), and
//! cleared by [`Store::rebuild_projection`], the one write that changes projections without
//! a log record.
//!
//! The read runs as one JavaScript function (below): its requests chain inside one
//! transaction with no round trip through wasm for each, and it costs the first load a few
//! hundred bytes where the same code in Rust's async machinery cost several kilobytes. It asks
//! for the pages [`PAGES_PER_REQUEST`] at a time, all at once, so the browser reads the next
//! ones while the wasm side parses those it has.

use std::sync::Arc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::codec::shared_from_js_all_with;
use super::error::StoreError;
use super::idb::{dom_error, fire, issue, settled};
use super::schema::{LIST, LOG, META, META_FOLDED, TICKETS};
use super::search_index::index_page_key;
use super::Store;
use crate::domain::ticket::Ticket;
use crate::domain::ticket_list::{merge_tickets, order};

/// Tickets per page.
pub const PAGE: usize = 500;
/// A list this long or longer is kept in pages (a shorter one reads fast enough whole, and a
/// new desk never fetches the pages' writer).
pub const PAGED_FROM: usize = 2_000;
/// More log records than this after the pages, and the read takes the whole projection instead
/// (so a read never gathers more than this many tickets one by one).
pub const CHANGED_AT_MOST: u32 = 2_000;
/// The pages are written again once this many log records came after them.
pub const REWRITE_AFTER: u32 = 500;
/// The `list` key of the watermark the pages were read at and how many there are, as a pair
/// (the pages' keys are 0, 1, 2…).
const AT: &str = "at";

/// Pages per request of a read: the browser fetches the next pages while the wasm side parses
/// the ones it has (100k tickets are 200 pages, ten requests).
const PAGES_PER_REQUEST: u32 = 20;

/// Projections per request of [`Store::projection_for_pages`] (a few tens of milliseconds of
/// the page's time each, at most).
const PROJECTION_CHUNK: u32 = 500;

#[wasm_bindgen(inline_js = r#"
const got = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
export async function readList(db, atMost, perRequest) {
  const tx = db.transaction(["list", "log", "tickets", "meta"]);
  const tickets = tx.objectStore("tickets");
  const list = tx.objectStore("list");
  const folded = got(tx.objectStore("meta").get("folded_seq"));
  const at = await got(list.get("at"));
  const changed = at && await got(tx.objectStore("log").getAll(IDBKeyRange.lowerBound(at[0], true), atMost + 1));
  if (!changed || changed.length > atMost) {
    return { folded: (await folded) || 0, since: -1, indexed: false, pages: [], records: got(tickets.getAll()) };
  }
  const ids = [...new Set(changed.map((r) => r.ticket_id))];
  const records = Promise.all(ids.map((id) => got(tickets.get(id)))).then((r) => r.filter(Boolean));
  const pages = [];
  for (let i = 0; i < at[1]; i += perRequest) {
    pages.push(got(list.getAll(IDBKeyRange.bound(i, i + perRequest, false, true))));
  }
  return { folded: (await folded) || 0, since: changed.length, indexed: at[2] > 0, pages, records };
}
// The search index (super::search_index): its read, its scan, its rows' projections.
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
export function afterFrame() {
  return new Promise((go) => { requestAnimationFrame(() => setTimeout(go, 0)); setTimeout(go, 50); });
}
"#)]
extern "C" {
    /// What `readList` read, or is reading, in its transaction: the watermark, how many log
    /// records came after the pages (-1: no pages used), the pages' requests (each an array of
    /// texts, in order) and the projections read one by one (or the whole projection).
    type Read;
    #[wasm_bindgen(js_name = readList)]
    fn read_list(db: &web_sys::IdbDatabase, at_most: u32, per_request: u32) -> js_sys::Promise;
    #[wasm_bindgen(method, getter)]
    fn folded(this: &Read) -> f64;
    #[wasm_bindgen(method, getter)]
    fn since(this: &Read) -> f64;
    #[wasm_bindgen(method, getter)]
    fn indexed(this: &Read) -> bool;
    #[wasm_bindgen(method, getter)]
    fn pages(this: &Read) -> Vec<js_sys::Promise>;
    #[wasm_bindgen(method, getter)]
    fn records(this: &Read) -> js_sys::Promise;
    /// The index as read: its pages' lines and the ids left out of its scan.
    pub(super) type IndexRead;
    #[wasm_bindgen(js_name = readIndex)]
    pub(super) fn read_index(db: &web_sys::IdbDatabase, at_most: u32) -> js_sys::Promise;
    #[wasm_bindgen(method, getter)]
    pub(super) fn records(this: &IndexRead) -> js_sys::Array;

    /// A scan's answer: how many lines were found and the first ones' id, due and opened.
    pub(super) type Found;
    #[wasm_bindgen(js_name = findInIndex)]
    pub(super) fn find_in_index(
        index: &IndexRead,
        words: Vec<String>,
        number: &str,
        limit: u32,
    ) -> Found;
    #[wasm_bindgen(method, getter)]
    pub(super) fn total(this: &Found) -> u32;
    #[wasm_bindgen(method, getter)]
    pub(super) fn first(this: &Found) -> Vec<String>;

    #[wasm_bindgen(js_name = getTickets)]
    pub(super) fn get_tickets(db: &web_sys::IdbDatabase, ids: Vec<String>) -> js_sys::Promise;

    /// Resolves after the next frame is painted (or 50 ms, where none is: a hidden tab).
    #[wasm_bindgen(js_name = afterFrame)]
    fn after_frame() -> js_sys::Promise;
}

/// The ticket list as one transaction read it.
pub struct ListRead {
    /// Every ticket of the projection, in the list's order ([`order`]).
    pub tickets: Vec<Arc<Ticket>>,
    /// The watermark read with them: the list is the projection as it was at this number.
    pub folded: u64,
    /// How many log records came after the pages, or `None` when the list was read whole.
    pub since_pages: Option<u32>,
    /// Whether the pages came with the search index (`super::search_index`): pages written
    /// by a version without it are due.
    pub indexed: bool,
}

impl ListRead {
    /// Whether the pages should be written (again) from this list: none were read and the list
    /// is long enough, or they lag [`REWRITE_AFTER`] records or more behind, or came without
    /// the search index.
    pub fn pages_due(&self) -> bool {
        pages_due(self.tickets.len(), self.since_pages, self.indexed)
    }
}

/// The pages' rule, for a list of `listed` tickets whose pages are `since_pages` log records
/// behind (`None`: none to read) and have the search index or not: none and the list long
/// enough, or [`REWRITE_AFTER`] records or more behind, or no index.
fn pages_due(listed: usize, since_pages: Option<u32>, indexed: bool) -> bool {
    match since_pages {
        None => listed >= PAGED_FROM,
        Some(since) => since >= REWRITE_AFTER || !indexed,
    }
}

impl Store {
    /// Every ticket from the projection, newest first (see the module's text), each in its own
    /// allocation: the list the app shows, whose tickets the queue's entries share.
    ///
    /// Each ticket that did not change since `known` (an earlier list, in its order) is
    /// `known`'s, shared ([`shared`]), so the two lists hold one copy of it instead of two
    /// (100k tickets are ~130 MB of wasm memory, which never shrinks).
    ///
    /// Records are turned into Rust values through JSON: a page is one text, and the records
    /// read one by one are stringified a few hundred at a time, so only one page or chunk is
    /// held as plain values at once.
    pub async fn ticket_list_reusing(&self, known: &[Arc<Ticket>]) -> Result<ListRead, StoreError> {
        let read: Read = settled(read_list(
            &self.raw_db()?,
            CHANGED_AT_MOST,
            PAGES_PER_REQUEST,
        ))
        .await?;
        let mut share = |ticket| shared(known, ticket);
        let mut tickets = Vec::new();
        for (i, pages) in read.pages().into_iter().enumerate() {
            if i > 0 {
                // A frame painted between two requests' parses (a tenth of the list at 100k
                // tickets), and the page's other tasks run: the first screen scrolls, and a
                // search typed meanwhile shows its answer
                // (src/app/search_before_list.rs), instead of waiting for the end.
                let _ = settled::<JsValue>(after_frame()).await;
            }
            let pages: js_sys::Array = settled(pages).await?;
            for page in pages {
                let page: Vec<Ticket> = serde_json::from_str(&page.as_string().unwrap_or_default())
                    .map_err(|e| StoreError::Corrupt(format!("ticket list page: {e}")))?;
                tickets.extend(page.into_iter().map(&mut share));
            }
        }
        let records: js_sys::Array = settled(read.records()).await?;
        let records: Vec<JsValue> = records.to_vec();
        let mut fresh = shared_from_js_all_with(&records, "ticket projection", share)?;
        if tickets.is_empty() {
            fresh.sort_by(|a, b| order(a, b));
            tickets = fresh;
        } else {
            merge_tickets(&mut tickets, fresh);
        }
        let since = read.since();
        Ok(ListRead {
            tickets,
            folded: read.folded() as u64,
            since_pages: (since >= 0.0).then_some(since as u32),
            indexed: read.indexed(),
        })
    }

    /// Every ticket of the projection, in the list's order, and a watermark the pages can be
    /// written at, for the pages' writer after a sync. Unlike [`Store::ticket_list_reusing`],
    /// it reads [`PROJECTION_CHUNK`] records a request, each in its own transaction and parsed
    /// as it comes, so the page stays responsive between them and no write waits for the whole
    /// read. The watermark is read first: every event up to it is folded into the projections
    /// read after, and a projection written since holds later events, whose log records come
    /// after the watermark (a read of the pages takes those tickets from the projection).
    /// Tickets unchanged since `known` are shared with it, as there.
    pub async fn projection_for_pages(
        &self,
        known: &[Arc<Ticket>],
    ) -> Result<(Vec<Arc<Ticket>>, u64), StoreError> {
        let db = self.raw_db()?;
        let store = |name: &str| {
            db.transaction_with_str(name)
                .and_then(|tx| tx.object_store(name))
                .map_err(dom_error)
        };
        let folded = issue(store(META)?.get(&JsValue::from_str(META_FOLDED)))?
            .result()
            .await?
            .as_f64()
            .unwrap_or(0.0) as u64;
        let mut tickets = Vec::new();
        let mut after = JsValue::NULL;
        loop {
            let records: js_sys::Array =
                issue(store(TICKETS)?.get_all_with_key_and_limit(&after, PROJECTION_CHUNK))?
                    .result()
                    .await?
                    .unchecked_into();
            let Some(last) = records.iter().last() else {
                break;
            };
            after = web_sys::IdbKeyRange::lower_bound_with_open(
                &js_sys::Reflect::get(&last, &"id".into()).map_err(dom_error)?,
                true,
            )
            .map_err(dom_error)?
            .into();
            tickets.extend(shared_from_js_all_with(
                &records.to_vec(),
                "ticket projection",
                |ticket| shared(known, ticket),
            )?);
            if records.length() < PROJECTION_CHUNK {
                break;
            }
        }
        tickets.sort_by(|a, b| order(a, b));
        Ok((tickets, folded))
    }

    /// Whether the pages are due ([`ListRead::pages_due`]) for a list of `listed` tickets,
    /// told without reading the list: from the pages' watermark and the log records numbered
    /// after it, in one transaction. For a sync that leaves the list held as the store's, with
    /// no read of it to write the pages from.
    pub async fn list_pages_due(&self, listed: usize) -> Result<bool, StoreError> {
        let names = js_sys::Array::of2(&LIST.into(), &LOG.into());
        let tx = self
            .raw_db()?
            .transaction_with_str_sequence(&names)
            .map_err(dom_error)?;
        let store = |name| tx.object_store(name).map_err(dom_error);
        let at = issue(store(LIST)?.get(&JsValue::from_str(AT)))?
            .result()
            .await?;
        let Some(folded) = js_sys::Reflect::get_u32(&at, 0)
            .ok()
            .and_then(|f| f.as_f64())
        else {
            return Ok(pages_due(listed, None, false));
        };
        let indexed = js_sys::Reflect::get_u32(&at, 2)
            .ok()
            .and_then(|n| n.as_f64())
            .is_some_and(|n| n > 0.0);
        let after =
            web_sys::IdbKeyRange::lower_bound_with_open(&folded.into(), true).map_err(dom_error)?;
        // Their keys, no more than it takes to tell: a count would go over every record after.
        let since: js_sys::Array =
            issue(store(LOG)?.get_all_keys_with_key_and_limit(&after, REWRITE_AFTER))?
                .result()
                .await?
                .unchecked_into();
        Ok(pages_due(listed, Some(since.length()), indexed))
    }

    /// Replaces the list's pages by `pages` (JSON texts of up to [`PAGE`] tickets, in the
    /// list's order) and the search index by `index` (its pages' texts,
    /// [`super::search_index::search_index_page`]), both read at watermark `folded`, in one
    /// transaction: a read finds the old ones or the new ones, never a mix.
    pub async fn write_list_pages(
        &self,
        folded: u64,
        pages: &[JsValue],
        index: &[JsValue],
    ) -> Result<(), StoreError> {
        let tx = self.write_raw(&[LIST])?;
        let list = tx.store(LIST)?;
        fire(list.clear())?;
        for (i, page) in pages.iter().enumerate() {
            fire(list.put_with_key(page, &JsValue::from_f64(i as f64)))?;
        }
        for (i, page) in index.iter().enumerate() {
            fire(list.put_with_key(page, &index_page_key(i)))?;
        }
        let at: js_sys::Array = [folded as f64, pages.len() as f64, index.len() as f64]
            .iter()
            .map(|&n| JsValue::from_f64(n))
            .collect();
        fire(list.put_with_key(&at, &JsValue::from_str(AT)))?;
        self.commit_raw(tx).await
    }
}

/// `ticket` as `known` holds it when it did not change since (the same id, event count and last
/// update, as the queue's entries judge it, `crate::domain::queue::refresh_entries`: events are
/// only ever added, and a projection is the fold of its events), or in its own allocation.
/// `known` is in the list's order.
fn shared(known: &[Arc<Ticket>], ticket: Ticket) -> Arc<Ticket> {
    known
        .binary_search_by(|k| order(k, &ticket))
        .ok()
        .map(|i| &known[i])
        .filter(|k| k.event_count == ticket.event_count && k.updated_at == ticket.updated_at)
        .map_or_else(|| Arc::new(ticket), Arc::clone)
}

/// One page's text: `tickets` (at most [`PAGE`], in the list's order) as a JSON array.
pub fn list_page_text(tickets: &[Arc<Ticket>]) -> Result<JsValue, StoreError> {
    serde_json::to_string(tickets)
        .map(|text| JsValue::from_str(&text))
        .map_err(|e| StoreError::Other(e.to_string()))
}
