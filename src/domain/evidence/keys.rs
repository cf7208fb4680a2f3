//! Device keys as desk events: a device publishes its public key when it joins
//! ([`KeyPublication`]), and a lost device's key can be revoked ([`KeyRevocation`]): its events
//! dated before the revocation stay valid, those dated at or after it are flagged.
//!
//! Trust rule: a device's key is the one in the first publication for that device (in the
//! canonical `(hlc, id)` order) that is signed with the key it publishes, which proves its
//! writer holds the private key. A later publication of another key for the same device is
//! itself a broken event. A revocation counts whoever wrote it (it can only make checking
//! stricter); the earliest `at` of a device wins.
//!
//! ```
//! use mesa::domain::evidence::{DeviceKey, KeyBook};
//! let key = DeviceKey::from_seed([1; 32]);
//! let events = vec![key.publication_event("tablet-7", 1_767_225_600_000, 9, "ana").unwrap()];
//! let book = KeyBook::from_events(&events);
//! assert_eq!(book.key_of("tablet-7").map(|k| k.public_hex.clone()), Some(key.public_hex()));
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use ed25519_dalek::VerifyingKey;
use serde::{Deserialize, Serialize};

use super::{hex, signature_status, SignatureStatus};
use crate::domain::event::{Event, EventId, EventKind, Hlc};

/// `device_key_published`: a device's Ed25519 public key (hex), written by the device itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyPublication {
    pub device: String,
    pub public_key: String,
}

/// `device_key_revoked`: the device's key no longer vouches for events dated from `at` on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyRevocation {
    pub device: String,
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub at: DateTime<Utc>,
    #[serde(default)]
    pub reason: String,
}

/// The key a device published, and its revocation if any.
#[derive(Clone, Debug)]
pub struct PublishedKey {
    pub public_hex: String,
    pub key: VerifyingKey,
    /// The publication event.
    pub published_by: EventId,
    /// The publication's clock: the device signs everything it writes after it.
    pub published_at: Hlc,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// Every device's published key, read from the key events of a history.
#[derive(Clone, Debug, Default)]
pub struct KeyBook {
    keys: BTreeMap<String, PublishedKey>,
    /// Publications of a second, different key for a device: event → the first publication.
    rejected: BTreeMap<EventId, EventId>,
    /// Per device, its first publication that is not signed with the key it publishes (altered).
    unproven: BTreeMap<String, EventId>,
}

impl KeyBook {
    /// Reads the key events of `events` (any order; other events are skipped).
    pub fn from_events(events: &[Event]) -> KeyBook {
        let mut key_events: Vec<&Event> = events
            .iter()
            .filter(|e| {
                matches!(
                    e.kind,
                    EventKind::DeviceKeyPublished(_) | EventKind::DeviceKeyRevoked(_)
                )
            })
            .collect();
        key_events.sort_by(|a, b| a.order(b));
        let mut book = KeyBook::default();
        let mut revocations: BTreeMap<&str, DateTime<Utc>> = BTreeMap::new();
        for event in key_events {
            match &event.kind {
                EventKind::DeviceKeyPublished(p) => book.publish(event, p),
                EventKind::DeviceKeyRevoked(r) => {
                    let at = revocations.entry(r.device.as_str()).or_insert(r.at);
                    *at = (*at).min(r.at);
                }
                _ => {}
            }
        }
        for (device, at) in revocations {
            if let Some(key) = book.keys.get_mut(device) {
                key.revoked_at = Some(at);
            }
        }
        book
    }

    fn publish(&mut self, event: &Event, publication: &KeyPublication) {
        let Some(key) = hex::decode::<32>(&publication.public_key)
            .and_then(|bytes| VerifyingKey::from_bytes(&bytes).ok())
        else {
            self.unproven
                .entry(publication.device.clone())
                .or_insert_with(|| event.id.clone());
            return;
        };
        let self_signed = event
            .signature
            .as_ref()
            .is_some_and(|s| s.key.eq_ignore_ascii_case(&publication.public_key))
            && signature_status(event, Some(&key)) == SignatureStatus::Valid;
        if !self_signed {
            self.unproven
                .entry(publication.device.clone())
                .or_insert_with(|| event.id.clone());
            return;
        }
        match self.keys.get(&publication.device) {
            Some(first) if first.key == key => {}
            Some(first) => {
                self.rejected
                    .insert(event.id.clone(), first.published_by.clone());
            }
            None => {
                self.keys.insert(
                    publication.device.clone(),
                    PublishedKey {
                        public_hex: hex::encode(key.as_bytes()),
                        key,
                        published_by: event.id.clone(),
                        published_at: event.hlc.clone(),
                        revoked_at: None,
                    },
                );
            }
        }
    }

    /// Every device with a valid published key, by device id.
    pub fn devices(&self) -> impl Iterator<Item = (&str, &PublishedKey)> {
        self.keys.iter().map(|(device, key)| (device.as_str(), key))
    }

    /// The key `device` published, if a valid publication is in the history.
    pub fn key_of(&self, device: &str) -> Option<&PublishedKey> {
        self.keys.get(device)
    }

    /// The first publication, when `event` publishes a second, different key for its device.
    pub fn rejected_publication(&self, event: &EventId) -> Option<&EventId> {
        self.rejected.get(event)
    }

    /// The first publication for `device` that does not hold (not signed with the key it
    /// publishes: altered), when the device has no valid one.
    pub fn unproven_publication(&self, device: &str) -> Option<&EventId> {
        self.unproven
            .get(device)
            .filter(|_| !self.keys.contains_key(device))
    }

    /// How many devices have a published key.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// No device has published a key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}
