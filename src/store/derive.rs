//! What a user action's write leaves for after (#21): its events are committed alone, then this
//! folds them into the projection in a second transaction, from the ticket's stored projection
//! and the events in memory (no read of the ticket's events on the common path), deletes the
//! touched tickets' queue summaries, and moves the watermark ([`super::watermark`]).
//!
//! A projection carries the newest clock folded into it. Events all newer than that extend it;
//! otherwise (an older event, or one already folded by another tab) the ticket's stored events
//! are folded again, which is right whatever was folded before. Events between the watermark
//! and the new ones (another tab's not yet folded, or a tab closed before its second
//! transaction) are folded in the same transaction, so the watermark never stalls; at open,
//! [`super::Store::catch_up`] folds everything past it.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::IdbKeyRange;

use super::error::StoreError;
use super::idb::{dom_error, fire, issue, Pending, Tx};
use super::schema::{META_QUEUE_COMPLETE, PENDING};
use super::watermark::{self, Marks};
use super::write::{by_ticket, extend, stored_events, stored_ticket, Folded, Stores};
use crate::domain::event::{Event, TicketId};
use crate::domain::ticket::Ticket;

/// What [`derive`] folded: the touched tickets as now projected, and the outbox count after it
/// (`None` when the watermark did not move).
pub(crate) struct Derived {
    pub tickets: Vec<Ticket>,
    pub outbox: Option<u64>,
}

/// The key range `from..=to` of local sequence numbers (`to` open-ended when `None`).
fn seq_range(from: u64, to: Option<u64>) -> Result<JsValue, StoreError> {
    let from = JsValue::from_f64(from as f64);
    match to {
        Some(to) => IdbKeyRange::bound(&from, &JsValue::from_f64(to as f64)),
        None => IdbKeyRange::lower_bound(&from),
    }
    .map(JsValue::from)
    .map_err(dom_error)
}

/// Issues the count of pending events numbered `from..=to`.
fn count_pending(stores: &Stores, from: u64, to: u64) -> Result<Pending, StoreError> {
    let index = stores.log.index(PENDING).map_err(dom_error)?;
    issue(index.count_with_key(&seq_range(from, Some(to))?))
}

/// At most this many log records past the watermark are folded in one transaction when nothing
/// was just written (a catch-up after a tab closed during an import of 100k events reads and
/// folds them in pieces, not all at once).
pub(crate) const CATCH_UP_RECORDS: u32 = 500;

/// Folds `written` (committed events and their sequence numbers, within `numbers`, the first
/// and last the write reserved; none to fold the next [`CATCH_UP_RECORDS`] records past the
/// watermark) and every unfolded event before them into the projection, in `tx` over `log`,
/// `tickets`, `meta` and `queue`.
///
/// `new_tickets` are tickets `written` gave their first log record (see
/// [`super::fold_module::NewEvents`]). While no derive has folded past the watermark into
/// `numbers`, nothing of theirs is folded or stored before `written`, so they are folded from
/// `written` alone, with no read.
pub(crate) async fn derive(
    tx: &Tx,
    written: &[(u64, &Event)],
    numbers: Option<(u64, u64)>,
    new_tickets: &[TicketId],
) -> Result<Derived, StoreError> {
    let stores = Stores::of(tx)?;
    let marks = Marks::issue(&stores.meta)?;
    let first = numbers.map(|(f, _)| f);
    let last = numbers.map(|(_, l)| l);
    let own_count = match numbers {
        Some((first, last)) => Some(count_pending(&stores, first, last)?),
        _ => None,
    };
    let mut events: Vec<Event> = written.iter().map(|(_, e)| (*e).clone()).collect();
    let marks = marks.read().await?;
    let mut top = last.unwrap_or(0);
    let mut gap_count = None;
    if let Some(w) = marks.folded {
        let gap_end = first.map(|f| f.saturating_sub(1));
        if gap_end.is_none_or(|end| end > w) {
            let range = seq_range(w + 1, gap_end)?;
            let gap = issue(match gap_end {
                Some(_) => stores.log.get_all_with_key(&range),
                // Nothing written: the next piece past the watermark. The watermark moves to
                // the highest number read, every number up to it having been read.
                None => stores
                    .log
                    .get_all_with_key_and_limit(&range, CATCH_UP_RECORDS),
            })?;
            let gap = super::log::records_of(gap.result().await?)?;
            if let Some(end) = gap.iter().map(|r| r.end).max() {
                top = top.max(end);
                gap_count = Some(count_pending(&stores, w + 1, gap_end.unwrap_or(end))?);
            }
            events.extend(gap.into_iter().flat_map(|r| r.events).map(|s| s.event));
        }
    }
    // The numbers folded now: a ticket none of whose records lie outside them has no events
    // but those in `events`.
    let folding = (marks.folded.map_or(first.unwrap_or(0), |w| w + 1), top);

    // Desk records never have a projection.
    let refs: Vec<&Event> = events.iter().filter(|e| !e.kind.is_desk()).collect();
    let groups = by_ticket(&refs);
    let mut folded = Vec::with_capacity(groups.len());
    // Tickets new to the log in `written`, none of whose numbers the watermark has passed.
    let unfolded = first.is_some_and(|f| marks.folded.is_some_and(|w| w < f));
    let (new, known): (Vec<_>, Vec<_>) = groups
        .iter()
        .partition(|(id, _)| unfolded && new_tickets.binary_search(id).is_ok());
    for (_, later) in new {
        folded.extend(extend(None, later));
    }
    // Each other ticket's stored projection, and where its records lie: a ticket with no
    // projection whose stored events are exactly `later` is folded from them, with no read of
    // its events.
    let reads = known
        .iter()
        .map(|(t, _)| Ok((stores.get_ticket(t)?, stores.ticket_record_keys(t)?)))
        .collect::<Result<Vec<_>, StoreError>>()?;
    let mut refold: Vec<(&TicketId, Pending)> = Vec::new();
    for ((id, later), (read, keys)) in known.into_iter().zip(reads) {
        let stored = stored_ticket(&read.result().await?)?;
        let keys: js_sys::Array = keys.result().await?.unchecked_into();
        let only_later = keys.iter().all(|k| {
            k.as_f64()
                .is_some_and(|k| (folding.0 as f64..=folding.1 as f64).contains(&k))
        });
        if stored.is_some() {
            stores.delete_summary(id)?;
        }
        match stored {
            Some(base)
                if base
                    .folded
                    .as_ref()
                    .is_some_and(|f| later.iter().all(|e| &e.hlc > f)) =>
            {
                folded.extend(extend(Some(base), later));
            }
            None if only_later => folded.extend(extend(None, later)),
            _ => refold.push((id, stores.get_ticket_events(id)?)),
        }
    }
    for (_, read) in refold {
        let all: Vec<Event> = stored_events(read.result().await?)?
            .into_iter()
            .map(|s| s.event)
            .collect();
        folded.extend(Folded::of(&all));
    }
    stores.put_tickets(&folded)?;
    if !folded.is_empty() {
        // Those tickets have no summary now (deleted above, or new).
        fire(
            stores
                .meta
                .put_with_key(&JsValue::FALSE, &JsValue::from_str(META_QUEUE_COMPLETE)),
        )?;
    }

    let mut outbox = None;
    if marks.folded.is_some_and(|w| top > w) {
        // Every event numbered past the watermark is folded now, and none before it is
        // counted again: the events of `written` are all past it, or all behind it.
        let mut count = marks.outbox;
        for read in [gap_count, own_count].into_iter().flatten() {
            count += read.result().await?.as_f64().unwrap_or(0.0) as u64;
        }
        watermark::put(&stores.meta, top, count)?;
        outbox = Some(count);
    }
    Ok(Derived {
        tickets: folded.into_iter().map(|f| f.ticket).collect(),
        outbox,
    })
}
