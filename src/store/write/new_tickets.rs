//! Which tickets of an import batch or a pulled page are new to this device (#21, the derive
//! pass): a ticket with no record in the log before the write has nothing folded or stored
//! before it, so its projection is folded from the events in memory, with no read (see
//! [`crate::store::derive`]). Most of an import or of a first sync is such tickets.
//!
//! No step costs more as the desk grows (counting the range of a write's ticket ids, as before,
//! was a pass over the desk's records at every batch: an import of 100k tickets opened over a
//! month took minutes on disk). With the records the earlier writes of the same run (the
//! import's batches, the sync's pages) are known to have made ([`WrittenRecords`]):
//! 1. while the run wrote every record of the log (an import into a new desk, a first sync),
//!    a ticket none of its writes touched is new, with nothing read;
//! 2. otherwise the `ticket_id` index is read over the range of the write's ticket ids, at most
//!    one record more than the run noted there: when they are all the run's, a ticket it had
//!    not touched is new (most writes' tickets lie together in id order);
//! 3. otherwise (others in the range, or many of the run's records: tickets spread over the
//!    whole id range) each ticket is looked up alone, all in one promise.
//!
//! ```ignore
//! let mut earlier = WrittenRecords::default();
//! for page in pages {
//!     let written = write_events_only(&tx, &page, outbox, &earlier).await?;
//!     tx.commit().await?;
//!     earlier.note(&written); // only once committed
//! }
//! ```

use std::collections::{BTreeMap, HashSet};
use std::ops::Bound;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{IdbIndex, IdbKeyRange, IdbObjectStore};

use crate::domain::event::{Event, TicketId};
use crate::store::error::StoreError;
use crate::store::fold_module::NewEvents;
use crate::store::idb::{dom_error, issue, settled};
use crate::store::schema::TICKET_ID;

/// A write's range is read when the run's earlier writes noted at most this many records per
/// ticket of the write in it; past that, asking for each ticket alone costs less.
const RANGE_READ_PER_TICKET: usize = 8;

/// The log records a run of writes (an import's batches, a sync's pulled pages) is known to
/// have committed, by ticket. Only committed writes are noted, and a write that stored nothing
/// of a ticket is not counted for it: the count never exceeds what the log holds, so it never
/// makes a ticket look new that is not.
///
/// It also knows when the run wrote every record of the log: the log was empty at its first
/// write (an import into a new desk, a first sync), and every number since is one of its
/// writes'. Then a ticket none of them touched has no record, with nothing read.
#[derive(Default)]
pub struct WrittenRecords {
    by_ticket: BTreeMap<String, u32>,
    /// The highest number the run's writes reserved while they were the log's only records
    /// (once another writer's record is in the log, the log's highest number is past it
    /// for good).
    own_top: u64,
}

impl WrittenRecords {
    /// Notes a committed write: one record for each ticket it stored events of.
    pub(crate) fn note(&mut self, written: &NewEvents) {
        let tickets: HashSet<&TicketId> =
            written.events.iter().map(|(_, e)| &e.ticket_id).collect();
        for ticket in tickets {
            *self.by_ticket.entry(ticket.0.clone()).or_default() += 1;
        }
        match written.numbers {
            Some((first, last)) if first == self.own_top + 1 => self.own_top = last,
            _ => {}
        }
    }

    /// Whether every record of a log whose highest number is `top` is one the run wrote.
    fn holds_only_ours(&self, top: u64) -> bool {
        top == self.own_top
    }

    fn touched(&self, ticket: &TicketId) -> bool {
        self.by_ticket.contains_key(ticket.as_str())
    }

    /// The records noted for tickets in `first..=last`.
    fn within(&self, first: &TicketId, last: &TicketId) -> f64 {
        self.by_ticket
            .range::<str, _>((
                Bound::Included(first.as_str()),
                Bound::Included(last.as_str()),
            ))
            .map(|(_, n)| f64::from(*n))
            .sum()
    }
}

/// Which of a write's tickets (`runs`, one per ticket; desk records aside) have no record in
/// the log, sorted, read in the write's transaction before it adds its records (see the
/// module's text).
/// `top` is the log's highest number, read in the same transaction.
pub(crate) async fn without_records(
    store: &IdbObjectStore,
    runs: &[Vec<&Event>],
    earlier: &WrittenRecords,
    top: u64,
) -> Result<Vec<TicketId>, StoreError> {
    let mut ids: Vec<&TicketId> = runs
        .iter()
        .filter(|run| !run[0].kind.is_desk())
        .map(|run| &run[0].ticket_id)
        .collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    ids.sort_unstable();
    let untouched = |ids: Vec<&TicketId>| -> Vec<TicketId> {
        ids.into_iter()
            .filter(|id| !earlier.touched(id))
            .cloned()
            .collect()
    };
    if earlier.holds_only_ours(top) {
        return Ok(untouched(ids));
    }
    let index = store.index(TICKET_ID).map_err(dom_error)?;
    let (first, last) = (ids[0], ids[ids.len() - 1]);
    let noted = earlier.within(first, last);
    // Ids are ASCII (ULIDs); a range of others is not read (IndexedDB orders strings by UTF-16
    // code units, which only ASCII is sure to share with Rust's order).
    let ascii = ids.iter().all(|id| id.as_str().is_ascii());
    if ascii
        && noted <= (RANGE_READ_PER_TICKET * ids.len()) as f64
        && range_holds_only(&index, first, last, noted).await?
    {
        return Ok(untouched(ids));
    }
    let keys: js_sys::Array = ids
        .iter()
        .map(|id| JsValue::from_str(id.as_str()))
        .collect();
    let counts: js_sys::Array = settled(count_each(&index, &keys)).await?;
    Ok(ids
        .into_iter()
        .zip(counts.iter())
        .filter(|(_, n)| n.as_f64() == Some(0.0))
        .map(|(id, _)| id.clone())
        .collect())
}

/// The ids of the events the log's records of `tickets` hold, read in the log's transaction,
/// all at once.
pub(crate) async fn stored_ids_of(
    store: &IdbObjectStore,
    tickets: &[&str],
) -> Result<HashSet<String>, StoreError> {
    if tickets.is_empty() {
        return Ok(HashSet::new());
    }
    let index = store.index(TICKET_ID).map_err(dom_error)?;
    let keys: js_sys::Array = tickets.iter().map(|id| JsValue::from_str(id)).collect();
    let ids: js_sys::Array = settled(ids_held(&index, &keys)).await?;
    Ok(ids.iter().filter_map(|id| id.as_string()).collect())
}

#[wasm_bindgen(inline_js = r#"
export function idsHeld(index, keys) {
  return Promise.all(keys.map((key) => new Promise((ok, no) => {
    const r = index.getAll(key);
    r.onsuccess = () => ok(r.result.flatMap((record) => (record.events || []).map((e) => e.id)));
    r.onerror = () => no(r.error);
  }))).then((held) => held.flat());
}

export function countEach(index, keys) {
  return Promise.all(keys.map((key) => new Promise((ok, no) => {
    const r = index.count(key);
    r.onsuccess = () => ok(r.result);
    r.onerror = () => no(r.error);
  })));
}
"#)]
extern "C" {
    /// The count of `index`'s records under each of `keys`, asked all at once in the
    /// index's transaction: one promise for them all (a `Pending` each cost more than the
    /// lookup).
    #[wasm_bindgen(js_name = countEach)]
    fn count_each(index: &IdbIndex, keys: &js_sys::Array) -> js_sys::Promise;

    /// The ids of the events in `index`'s records under each of `keys` (ticket ids), asked all
    /// at once: one promise for them all.
    #[wasm_bindgen(js_name = idsHeld)]
    fn ids_held(index: &IdbIndex, keys: &js_sys::Array) -> js_sys::Promise;
}

/// Whether the log's records whose ticket lies from `first` to `last` are the `noted` ones
/// the run's earlier writes made: at most one more than those is read, so this costs what
/// they are, however many records the range holds.
async fn range_holds_only(
    index: &IdbIndex,
    first: &TicketId,
    last: &TicketId,
    noted: f64,
) -> Result<bool, StoreError> {
    let range = IdbKeyRange::bound(
        &JsValue::from_str(first.as_str()),
        &JsValue::from_str(last.as_str()),
    )
    .map_err(dom_error)?;
    let read = issue(index.get_all_keys_with_key_and_limit(&range, noted as u32 + 1))?;
    let keys: js_sys::Array = read.result().await?.unchecked_into();
    Ok(f64::from(keys.length()) == noted)
}
