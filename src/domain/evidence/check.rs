//! The per-event part of a check: each event's hash and signature status ([`check_events`]).
//! Natively, signatures that name their device's key are checked 2048 at a time with Ed25519
//! batch verification (src/domain/evidence/batch.rs; a failed batch is checked one by one with
//! `verify_strict`, so each event gets its own status); in the browser one by one.
//!
//! ```
//! use mesa::domain::evidence::{check_events, DeviceKey, KeyBook, SignatureStatus};
//! let key = DeviceKey::from_seed([6; 32]);
//! let events = vec![key.publication_event("a", 1_000, 1, "ana").unwrap()];
//! let checks = check_events(&KeyBook::from_events(&events), &events);
//! assert_eq!(checks[0].status, SignatureStatus::Valid);
//! ```

use ed25519_dalek::VerifyingKey;
use sha2::{Digest, Sha256};

use super::sign::{prepare, SignatureStatus};
use super::{canonical_bytes, KeyBook};
use crate::domain::event::Event;

/// One event's hash and signature status (the costly part of a check, one event at a time:
/// [`check_events`] can run on several threads over chunks of a history).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventCheck {
    pub hash: [u8; 32],
    pub status: SignatureStatus,
}

/// A signature waiting for its batch: the event's index, canonical bytes, signature and key.
type Pending = (usize, Vec<u8>, ed25519_dalek::Signature, VerifyingKey);

/// Signatures per batch: the multiscalar multiplication costs less a point in bigger batches.
const BATCH: usize = 2048;

/// Hashes each event and checks its signature against its device's key in `book`. An event that
/// cannot be encoded (never, for a parsed event) gets a zero hash and an invalid signature.
pub fn check_events(book: &KeyBook, events: &[Event]) -> Vec<EventCheck> {
    let mut out = Vec::with_capacity(events.len());
    let mut pending: Vec<Pending> = Vec::with_capacity(BATCH);
    for (i, event) in events.iter().enumerate() {
        let Ok(bytes) = canonical_bytes(event) else {
            out.push(EventCheck {
                hash: [0; 32],
                status: SignatureStatus::Invalid,
            });
            continue;
        };
        let hash = Sha256::digest(&bytes).into();
        let key = book.key_of(event.device()).map(|k| &k.key);
        match prepare(event, key) {
            Ok((signature, key)) => {
                out.push(EventCheck {
                    hash,
                    status: SignatureStatus::Valid,
                });
                pending.push((i, bytes, signature, key));
                if pending.len() == BATCH {
                    settle(&mut pending, &mut out);
                }
            }
            Err(status) => out.push(EventCheck { hash, status }),
        }
    }
    settle(&mut pending, &mut out);
    out
}

/// Checks the pending signatures, marking the ones that fail; empties `pending`.
fn settle(pending: &mut Vec<Pending>, out: &mut [EventCheck]) {
    if pending.is_empty() || all_hold(pending) {
        pending.clear();
        return;
    }
    for (i, bytes, signature, key) in pending.drain(..) {
        if key.verify_strict(&bytes, &signature).is_err() {
            out[i].status = SignatureStatus::Invalid;
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn all_hold(pending: &[Pending]) -> bool {
    super::batch::all_hold(pending.iter().map(|p| (p.1.as_slice(), &p.2, &p.3)))
}

#[cfg(target_arch = "wasm32")]
fn all_hold(_pending: &[Pending]) -> bool {
    false
}
