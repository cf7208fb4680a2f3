//! Signing and checking one event: a device's Ed25519 key ([`DeviceKey`]) seals an event (links
//! it to the device's chain, then signs its canonical bytes); [`signature_status`] checks a
//! signature against a published key.
//!
//! Keys are made from 32 random bytes the caller supplies (the browser's
//! `crypto.getRandomValues`, the agent's OS generator, a fixed seed in tests), so this module
//! needs no random number generator of its own.
//!
//! ```
//! use mesa::domain::event::{Event, EventId, EventKind, Hlc};
//! use mesa::domain::evidence::{signature_status, DeviceKey, SignatureStatus};
//!
//! let key = DeviceKey::from_seed([3; 32]);
//! let hlc = Hlc::first(1_767_225_600_000, "tablet-7");
//! let id = EventId::from_parts(hlc.wall_ms, 1);
//! let mut event = Event::new(id.clone(), id.as_ticket(), hlc, "ana", EventKind::WaitingEnded);
//! let head = key.seal(&mut event, None).unwrap();
//! assert_eq!(head.seq, 1);
//! assert_eq!(signature_status(&event, Some(&key.verifying_key())), SignatureStatus::Valid);
//! event.actor = "eva".into();
//! assert_eq!(signature_status(&event, Some(&key.verifying_key())), SignatureStatus::Invalid);
//! ```

use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use super::keys::KeyPublication;
use super::link::{ChainHead, ChainLink, Signature};
use super::{canonical_bytes, hex, EvidenceError};
use crate::domain::event::{Event, EventId, EventKind, Hlc};

/// A device's private signing key. Never serialized: it stays in the device's store.
pub struct DeviceKey(SigningKey);

impl DeviceKey {
    /// The key made from 32 random bytes.
    pub fn from_seed(seed: [u8; 32]) -> DeviceKey {
        DeviceKey(SigningKey::from_bytes(&seed))
    }

    /// The public key that checks this key's signatures.
    pub fn verifying_key(&self) -> VerifyingKey {
        self.0.verifying_key()
    }

    /// The public key as hex (what a [`KeyPublication`] and a [`Signature`] carry).
    pub fn public_hex(&self) -> String {
        hex::encode(self.0.verifying_key().as_bytes())
    }

    /// Links `event` after `head` (the device's previous event; `None` for its first), signs it,
    /// and returns the new head. Any signature the event had is replaced.
    pub fn seal(
        &self,
        event: &mut Event,
        head: Option<&ChainHead>,
    ) -> Result<ChainHead, EvidenceError> {
        event.chain = Some(ChainLink::after(head));
        event.signature = None;
        let bytes = canonical_bytes(event)?;
        let signature = self.0.sign(&bytes);
        event.signature = Some(Signature {
            key: self.public_hex(),
            value: hex::encode(&signature.to_bytes()),
        });
        Ok(ChainHead {
            seq: head.map_or(1, |h| h.seq + 1),
            hash: Sha256::digest(&bytes).into(),
        })
    }

    /// Signs `event` as it is (its chain link untouched).
    pub fn sign(&self, event: &mut Event) -> Result<(), EvidenceError> {
        event.signature = None;
        let bytes = canonical_bytes(event)?;
        event.signature = Some(Signature {
            key: self.public_hex(),
            value: hex::encode(&self.0.sign(&bytes).to_bytes()),
        });
        Ok(())
    }

    /// The unsealed desk event publishing this key for `device` at `wall_ms` (id from `random`);
    /// seal it as the first event of the device's chain.
    pub fn publication_event(
        &self,
        device: &str,
        wall_ms: i64,
        random: u128,
        actor: &str,
    ) -> Result<Event, EvidenceError> {
        let hlc = Hlc::first(wall_ms, device);
        let id = EventId::from_parts(wall_ms, random);
        let mut event = Event::new(
            id,
            crate::domain::desk::RecordKey::Device(device.to_string()).to_ticket_id(),
            hlc,
            actor,
            EventKind::DeviceKeyPublished(KeyPublication {
                device: device.to_string(),
                public_key: self.public_hex(),
            }),
        );
        self.seal(&mut event, None)?;
        Ok(event)
    }
}

/// How an event's signature stands against a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureStatus {
    /// No signature ("sin firma").
    Unsigned,
    /// Made with the key over the event's canonical bytes as they are now.
    Valid,
    /// Made with another key than the one given (or no key was given).
    OtherKey,
    /// Names the key, but does not match the event's content (or is not a signature at all).
    Invalid,
}

/// Checks `event`'s signature against `key` (the key its device published, if any).
pub fn signature_status(event: &Event, key: Option<&VerifyingKey>) -> SignatureStatus {
    match canonical_bytes(event) {
        Ok(bytes) => status_of(event, &bytes, key),
        Err(_) => SignatureStatus::Invalid,
    }
}

/// [`signature_status`] for an event whose canonical bytes are already computed.
pub(super) fn status_of(
    event: &Event,
    bytes: &[u8],
    key: Option<&VerifyingKey>,
) -> SignatureStatus {
    match prepare(event, key) {
        Ok((sig, key)) if key.verify_strict(bytes, &sig).is_ok() => SignatureStatus::Valid,
        Ok(_) => SignatureStatus::Invalid,
        Err(status) => status,
    }
}

/// The signature to check and the key to check it with, or the status when there is nothing to
/// check (unsigned, another key, not a signature).
pub(super) fn prepare(
    event: &Event,
    key: Option<&VerifyingKey>,
) -> Result<(ed25519_dalek::Signature, VerifyingKey), SignatureStatus> {
    let Some(signature) = &event.signature else {
        return Err(SignatureStatus::Unsigned);
    };
    let Some(key) = key else {
        return Err(SignatureStatus::OtherKey);
    };
    match hex::decode::<32>(&signature.key) {
        Some(bytes) if bytes == *key.as_bytes() => {}
        _ => return Err(SignatureStatus::OtherKey),
    }
    let Some(sig) = hex::decode::<64>(&signature.value) else {
        return Err(SignatureStatus::Invalid);
    };
    Ok((ed25519_dalek::Signature::from_bytes(&sig), *key))
}
