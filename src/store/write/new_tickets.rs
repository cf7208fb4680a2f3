//! Which tickets of an import batch or a pulled page are new to this device (#21, the derive
//! pass): a ticket with no record in the log before the write has nothing folded or stored
//! before it, so its projection is folded from the events in memory, with no read (see
//! [`crate::store::derive`]). Most of an import or of a first sync is such tickets.
//!
//! Asking the log once per ticket would cost what the derive saves. Instead the write counts the
//! `ticket_id` index over the range of its tickets' ids, and compares the count with the records
//! the earlier writes of the same run (the import's batches, the sync's pages) are known to have
//! made in that range ([`WrittenRecords`]): when they are equal, every record in the range is
//! one of those, so a ticket of the write that none of them touched has no record. When the range
//! holds others (a desk with tickets of the same ids' range), runs of [`NEW_TICKETS_RUN`] tickets
//! are counted the same way; a range that still holds others marks none of its tickets new.
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
use web_sys::{IdbIndex, IdbKeyRange, IdbObjectStore};

use crate::domain::event::{Event, TicketId};
use crate::store::error::StoreError;
use crate::store::fold_module::NewEvents;
use crate::store::idb::{dom_error, issue, Pending};
use crate::store::schema::TICKET_ID;

/// About how many tickets one count covers when a write's whole range holds others' records.
const NEW_TICKETS_RUN: usize = 16;

/// The log records a run of writes (an import's batches, a sync's pulled pages) is known to
/// have committed, by ticket. Only committed writes are noted, and a write that stored nothing
/// of a ticket is not counted for it: the count never exceeds what the log holds, so it never
/// makes a ticket look new that is not.
#[derive(Default)]
pub struct WrittenRecords {
    by_ticket: BTreeMap<String, u32>,
}

impl WrittenRecords {
    /// Notes a committed write: one record for each ticket it stored events of.
    pub(crate) fn note(&mut self, written: &NewEvents) {
        let tickets: HashSet<&TicketId> =
            written.events.iter().map(|(_, e)| &e.ticket_id).collect();
        for ticket in tickets {
            *self.by_ticket.entry(ticket.0.clone()).or_default() += 1;
        }
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
pub(crate) async fn without_records(
    store: &IdbObjectStore,
    runs: &[Vec<&Event>],
    earlier: &WrittenRecords,
) -> Result<Vec<TicketId>, StoreError> {
    let mut ids: Vec<&TicketId> = runs
        .iter()
        .filter(|run| !run[0].kind.is_desk())
        .map(|run| &run[0].ticket_id)
        .collect();
    // Ids are ASCII (ULIDs); others are not told apart (IndexedDB orders strings by UTF-16
    // code units, which only ASCII is sure to share with Rust's order).
    if ids.is_empty() || !ids.iter().all(|id| id.as_str().is_ascii()) {
        return Ok(Vec::new());
    }
    ids.sort_unstable();
    let index = store.index(TICKET_ID).map_err(dom_error)?;
    let others_in = |run: &[&TicketId], count: JsValue| {
        count.as_f64() != Some(earlier.within(run[0], run[run.len() - 1]))
    };
    let whole = count(&index, &ids)?.result().await?;
    let mut new: Vec<TicketId> = Vec::new();
    let mut add = |run: &[&TicketId]| {
        new.extend(
            run.iter()
                .filter(|id| !earlier.touched(id))
                .map(|id| (*id).clone()),
        );
    };
    if !others_in(&ids, whole) {
        add(&ids);
    } else if ids.len() > NEW_TICKETS_RUN {
        let runs: Vec<&[&TicketId]> = ids.chunks(NEW_TICKETS_RUN).collect();
        let reads = runs
            .iter()
            .map(|run| count(&index, run))
            .collect::<Result<Vec<_>, _>>()?;
        for (run, read) in runs.into_iter().zip(reads) {
            if !others_in(run, read.result().await?) {
                add(run);
            }
        }
    }
    Ok(new)
}

/// Issues the count of the log's records whose ticket lies from `run`'s first to its last.
fn count(index: &IdbIndex, run: &[&TicketId]) -> Result<Pending, StoreError> {
    let range = IdbKeyRange::bound(
        &JsValue::from_str(run[0].as_str()),
        &JsValue::from_str(run[run.len() - 1].as_str()),
    )
    .map_err(dom_error)?;
    issue(index.count_with_key(&range))
}
