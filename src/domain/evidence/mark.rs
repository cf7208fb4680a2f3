//! The mark a ticket's history gets from a check of the whole log ([`HistoryMark`]): what the
//! ticket page shows as "historial verificado", "sin firma" or where the chain is broken.
//!
//! ```
//! use mesa::domain::evidence::{verify, DeviceKey, HistoryMark};
//! let key = DeviceKey::from_seed([8; 32]);
//! let events = vec![key.publication_event("a", 1_000, 1, "ana").unwrap()];
//! let verdict = verify(&events, None);
//! assert_eq!(verdict.mark(events.iter().map(|e| &e.id)), HistoryMark::Verified);
//! ```

use std::collections::HashSet;

use super::{Broken, Verification};
use crate::domain::event::EventId;

/// How a set of events (a ticket's) stands in a [`Verification`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryMark {
    /// Every event is signed and holds.
    Verified,
    /// Nothing is broken, but `unsigned` of the events carry no signature ("sin firma").
    Unsigned { unsigned: usize },
    /// The first of the events that is broken, and why.
    Broken(Broken),
}

impl Verification {
    /// The mark of the events `ids` (a ticket's): broken wins over unsigned.
    pub fn mark<'a>(&self, ids: impl IntoIterator<Item = &'a EventId>) -> HistoryMark {
        let ids: HashSet<&EventId> = ids.into_iter().collect();
        if let Some(broken) = self.broken.iter().find(|b| ids.contains(&b.event)) {
            return HistoryMark::Broken(broken.clone());
        }
        let unsigned = self.unsigned.iter().filter(|id| ids.contains(id)).count();
        if unsigned > 0 {
            HistoryMark::Unsigned { unsigned }
        } else {
            HistoryMark::Verified
        }
    }
}
