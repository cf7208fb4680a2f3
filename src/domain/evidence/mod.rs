//! Evidence that holds up in a penalty dispute (#20): a tamper-evident, signed history.
//!
//! - Every event a device writes is **chained** to that device's previous one
//!   ([`ChainLink`]: its position and the previous event's hash, one chain per device) and
//!   **signed** with the device's Ed25519 key over its [canonical JSON](canonical_bytes)
//!   ([`DeviceKey::seal`]).
//! - A device publishes its public key as a desk event (`device_key_published`,
//!   [`KeyPublication`]); a lost device's key is revoked by another (`device_key_revoked`,
//!   [`KeyRevocation`]).
//! - A month's **anchor** ([`MonthAnchor`]): every device's chain head and a [Merkle
//!   root](merkle_root) over the month's events; the monthly report ends with it.
//! - [`verify`] checks every signature, every chain and, given an anchor, the month's root, and
//!   names every broken event and why ([`Reason`]). Events with no signature are "sin firma":
//!   listed, never treated as verified.
//!
//! Pure: no IO, no clock, no randomness (keys come from caller-supplied seeds).
//!
//! ```
//! use mesa::domain::evidence::{verify, DeviceKey};
//! let key = DeviceKey::from_seed([9; 32]);
//! let events = vec![key.publication_event("tablet-7", 1_000, 1, "ana").unwrap()];
//! let verdict = verify(&events, None);
//! assert!(verdict.holds(true));
//! assert_eq!(verdict.signed, 1);
//! ```

mod anchor;
#[cfg(not(target_arch = "wasm32"))]
mod batch;
mod canonical;
mod check;
pub mod hex;
mod history;
mod keys;
mod link;
mod mark;
mod merkle;
mod reason;
mod sign;
mod verify;

use std::fmt;

pub use anchor::{DeviceHead, MonthAnchor};
pub use canonical::{canonical_bytes, event_hash, SIGNATURE_FIELD};
pub use check::{check_events, EventCheck};
pub use history::seal_history;
pub use keys::{KeyBook, KeyPublication, KeyRevocation, PublishedKey};
pub use link::{ChainHead, ChainLink, Signature};
pub use mark::HistoryMark;
pub use merkle::merkle_root;
pub use reason::{Broken, Reason};
pub use sign::{signature_status, DeviceKey, SignatureStatus};
pub use verify::{verify, verify_checked, AnchorCheck, Verification};

/// An event that cannot be put in canonical form (serialization failed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EvidenceError {
    Encode(String),
}

impl fmt::Display for EvidenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Encode(m) => write!(f, "cannot encode the event: {m}"),
        }
    }
}

impl std::error::Error for EvidenceError {}
