//! Sealing a whole history as its devices would have written it: each device's events, in the
//! canonical order, chained and signed with that device's key. For demo data, tests and
//! benchmarks; a running device seals each event as it writes it ([`DeviceKey::seal`]).
//!
//! ```
//! use mesa::domain::event::{Event, EventId, EventKind, Hlc};
//! use mesa::domain::evidence::{seal_history, verify, DeviceKey};
//!
//! let key = DeviceKey::from_seed([2; 32]);
//! let mut events = vec![key.publication_event("a", 1_000, 1, "ana").unwrap()];
//! for ms in [2_000, 3_000] {
//!     let id = EventId::from_parts(ms, 7);
//!     let hlc = Hlc::first(ms, "a");
//!     events.push(Event::new(id.clone(), id.as_ticket(), hlc, "ana", EventKind::WaitingEnded));
//! }
//! seal_history(&mut events, |device| (device == "a").then_some(&key)).unwrap();
//! assert!(verify(&events, None).holds(true));
//! ```

use std::collections::HashMap;

use super::{ChainHead, DeviceKey, EvidenceError};
use crate::domain::event::Event;

/// Chains and signs every event whose device has a key (`key_for`), per device in the canonical
/// `(hlc, id)` order; events of devices without a key are left unsigned. The slice keeps its
/// order.
pub fn seal_history<'k>(
    events: &mut [Event],
    key_for: impl Fn(&str) -> Option<&'k DeviceKey>,
) -> Result<(), EvidenceError> {
    let mut order: Vec<usize> = (0..events.len()).collect();
    order.sort_by(|&a, &b| events[a].order(&events[b]));
    let mut heads: HashMap<String, ChainHead> = HashMap::new();
    for i in order {
        let device = events[i].device().to_string();
        let Some(key) = key_for(&device) else {
            continue;
        };
        let head = key.seal(&mut events[i], heads.get(&device))?;
        heads.insert(device, head);
    }
    Ok(())
}
