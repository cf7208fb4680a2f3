//! The fold of derived state as code loaded on demand (#21, first-load size). Deriving the
//! projection folds events into tickets with the domain's whole fold, and reads stored events
//! back (every event kind's decoder). The queue needs none of it to open: it reads the stored
//! projections and their summaries. So in the `split` build [`derive`] is its own module
//! ([`crate::split_fn!`]), fetched at a session's first action, or at open when a tab closed
//! between an action's two transactions left events unfolded.
//!
//! An IndexedDB transaction ends when its task waits on anything but its own requests, so a
//! writer loads the module ([`load_fold`]) BEFORE it opens the transaction it derives in:
//! once loaded, [`derive_loaded`] starts without leaving the task.
//!
//! ```ignore
//! load_fold().await?;
//! let tx = store.write_raw(&[EVENTS, TICKETS, META, QUEUE])?;
//! let (tx, derived) = derive_loaded(tx, written).await?;
//! ```

use std::future::Future;
use std::pin::Pin;

use super::derive::{derive, Derived};
use super::error::StoreError;
use super::idb::Tx;
use crate::domain::event::{Event, TicketId};

/// A derive under way in its transaction, handed back with the outcome.
type Deriving = Pin<Box<dyn Future<Output = (Tx, Result<Derived, StoreError>)>>>;

/// What a derive folds: events written and their local sequence numbers, and the numbers the
/// writes reserved, first and last (none: fold what waits past the watermark, see [`derive`]).
/// A write reserves a number for each event it was given; those already stored are not
/// written, and their numbers stay with the record of their ticket (see [`super::log`]).
///
/// `new_tickets` are the tickets the writes gave their first log record (tickets new to this
/// device, as most of an import or a first sync), sorted: nothing of theirs is stored before
/// these numbers, so their projection is folded from the events in memory with no read.
#[derive(Default)]
pub(crate) struct NewEvents {
    pub events: Vec<(u64, Event)>,
    pub numbers: Option<(u64, u64)>,
    pub new_tickets: Vec<TicketId>,
}

impl NewEvents {
    /// Whether `later` reserved the numbers right after these: a derive folds a range of
    /// numbers whole, so writes are folded together only when nothing lies between them (a
    /// record another tab wrote between two batches is folded with its own).
    pub(crate) fn continued_by(&self, later: &NewEvents) -> bool {
        match (self.numbers, later.numbers) {
            (Some((_, last)), Some((first, _))) => first == last + 1,
            _ => true,
        }
    }

    /// Adds what a later write stored (see [`Self::continued_by`]).
    pub(crate) fn extend(&mut self, later: NewEvents) {
        self.events.extend(later.events);
        self.new_tickets.extend(later.new_tickets);
        self.new_tickets.sort_unstable();
        self.numbers = match (self.numbers, later.numbers) {
            (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
            (a, b) => a.or(b),
        };
    }
}

crate::split_fn!(
    store_fold,
    fn derive_in(work: Option<(Tx, NewEvents)>) -> Option<Deriving> {
        work.map(|(tx, written)| {
            Box::pin(async move {
                let refs: Vec<(u64, &Event)> =
                    written.events.iter().map(|(s, e)| (*s, e)).collect();
                let derived = derive(&tx, &refs, written.numbers, &written.new_tickets).await;
                (tx, derived)
            }) as Deriving
        })
    }
);

/// Loads the module (once a session; from the service worker's cache once installed).
pub(crate) async fn load_fold() -> Result<(), StoreError> {
    derive_in(None).await.map(drop).map_err(|_| not_loaded())
}

/// [`derive`] of `written` in `tx` (see the module's text: [`load_fold`] first).
pub(crate) async fn derive_loaded(tx: Tx, written: NewEvents) -> Result<(Tx, Derived), StoreError> {
    match derive_in(Some((tx, written))).await {
        Ok(Some(deriving)) => {
            let (tx, derived) = deriving.await;
            Ok((tx, derived?))
        }
        _ => Err(not_loaded()),
    }
}

fn not_loaded() -> StoreError {
    StoreError::Other("the code that folds events could not be loaded".into())
}
