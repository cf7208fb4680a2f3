//! What an event carries as evidence: its place in its device's hash chain ([`ChainLink`]) and
//! its device's signature ([`Signature`]). Both are optional fields of
//! [`Event`](crate::domain::event::Event): events written before evidence existed have neither
//! and read unchanged ("sin firma").
//!
//! ```
//! use mesa::domain::evidence::{ChainHead, ChainLink};
//! let first = ChainLink::after(None);
//! assert_eq!(first, ChainLink { seq: 1, prev: None });
//! let head = ChainHead { seq: 1, hash: [7; 32] };
//! let second = ChainLink::after(Some(&head));
//! assert_eq!(second.seq, 2);
//! assert_eq!(second.prev.as_deref(), Some("07".repeat(32).as_str()));
//! ```

use serde::{Deserialize, Serialize};

use super::hex;

/// An event's place in the chain of the device that wrote it: its position (1 for the device's
/// first signed event) and the SHA-256 of the device's previous event (hex; none at position 1).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ChainLink {
    pub seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prev: Option<String>,
}

impl ChainLink {
    /// The link of the event that follows `head` (the device's last event; `None` for its first).
    pub fn after(head: Option<&ChainHead>) -> ChainLink {
        match head {
            None => ChainLink { seq: 1, prev: None },
            Some(head) => ChainLink {
                seq: head.seq + 1,
                prev: Some(hex::encode(&head.hash)),
            },
        }
    }
}

/// The last event of a device's chain: its position and hash. A writer keeps it in memory to
/// link the next event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainHead {
    pub seq: u64,
    pub hash: [u8; 32],
}

/// An Ed25519 signature over the event's canonical bytes, with the public key it was made with
/// (both hex). The key is named so a signature made with a key the device never published is
/// recognised as such; only published keys are trusted.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Signature {
    pub key: String,
    #[serde(rename = "sig")]
    pub value: String,
}
