//! Ids computed from content, so that every device (and every tab) that derives the same thing
//! gets the same id and the log keeps one copy: profile version ids and the ids of the events
//! the upgrade makes from a previous version's data.
//!
//! The hash is 128-bit FNV-1a: not a security measure, only a stable fingerprint (the same on
//! every platform and every build, unlike `std`'s hashers).
//!
//! ```
//! use mesa::domain::desk::derived_id::{event_id, version_id};
//!
//! assert_eq!(version_id("{}"), version_id("{}"));
//! assert_ne!(version_id("{}"), version_id("{ }"));
//! assert_eq!(event_id(&["customer", "acme"]).as_str().len(), 26);
//! assert_ne!(event_id(&["ab", "c"]), event_id(&["a", "bc"]));
//! ```

use crate::domain::event::EventId;

const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

/// The FNV-1a hash of the parts, each followed by a 0xFF separator byte (which UTF-8 text never
/// contains, so `["ab", "c"]` and `["a", "bc"]` differ).
pub fn fingerprint(parts: &[&str]) -> u128 {
    let mut hash = OFFSET;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0xFF)) {
            hash ^= u128::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// An event id derived from content: a ULID at time zero whose 80 "random" bits are the
/// fingerprint of `parts`.
pub fn event_id(parts: &[&str]) -> EventId {
    EventId::from_parts(0, fingerprint(parts))
}

/// The version id of a profile JSON text: `v-` and 16 hex digits of its fingerprint.
pub fn version_id(json: &str) -> String {
    format!("v-{:016x}", (fingerprint(&[json]) >> 64) as u64)
}
