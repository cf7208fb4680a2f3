//! A month's anchor: the evidence a monthly report ends with. It names every device's chain head
//! at the end of the month and the Merkle root over the events dated in the month; whoever keeps
//! the report can later check that the history still produces both
//! ([`verify`](super::verify())).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::evidence::{DeviceKey, MonthAnchor};
//!
//! let key = DeviceKey::from_seed([5; 32]);
//! let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
//! let end = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();
//! let events = vec![key.publication_event("tablet-7", start.timestamp_millis(), 1, "ana").unwrap()];
//! let anchor = MonthAnchor::compute(&events, "2026-01", start, end).unwrap();
//! assert_eq!(anchor.events, 1);
//! assert_eq!(anchor.heads.len(), 1);
//! assert_eq!(anchor.heads[0].seq, 1);
//! ```

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{event_hash, hex, merkle_root, EvidenceError};
use crate::domain::event::{Event, EventId};

/// The month's evidence: chain heads and the Merkle root of its events.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthAnchor {
    /// `"2026-10"`.
    pub month: String,
    /// The month's span `[start, end)`; an event belongs to it by its clock's wall time.
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub period_start: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub period_end: DateTime<Utc>,
    /// How many distinct events are dated in the month (the Merkle tree's leaves).
    pub events: usize,
    /// The Merkle root (hex) over the month's events in id order (see [`merkle_root`]).
    pub root: String,
    /// Every device's last chained event dated before the month's end, by device.
    pub heads: Vec<DeviceHead>,
}

/// A device's chain head: its last event's position, id and hash (hex).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceHead {
    pub device: String,
    pub seq: u64,
    pub event: EventId,
    pub hash: String,
}

impl MonthAnchor {
    /// The anchor of the month `[start, end)` labelled `month`, over `events` (any order;
    /// identical copies count once).
    pub fn compute(
        events: &[Event],
        month: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<MonthAnchor, EvidenceError> {
        let mut hashed = Vec::with_capacity(events.len());
        for event in events {
            hashed.push((event, event_hash(event)?));
        }
        Ok(Self::from_hashed(&hashed, month, start, end))
    }

    /// [`Self::compute`] over events whose hashes are known.
    pub fn from_hashed(
        hashed: &[(&Event, [u8; 32])],
        month: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> MonthAnchor {
        let mut leaves: Vec<(&EventId, [u8; 32])> = hashed
            .iter()
            .filter(|(e, _)| {
                let at = e.at();
                start <= at && at < end
            })
            .map(|(e, h)| (&e.id, *h))
            .collect();
        leaves.sort_unstable();
        leaves.dedup();
        let hashes: Vec<[u8; 32]> = leaves.iter().map(|(_, h)| *h).collect();
        let mut heads: BTreeMap<&str, (u64, &EventId, [u8; 32])> = BTreeMap::new();
        for (event, hash) in hashed.iter().filter(|(e, _)| e.at() < end) {
            let Some(link) = &event.chain else { continue };
            let candidate = (link.seq, &event.id, *hash);
            let head = heads.entry(event.device()).or_insert(candidate);
            if (candidate.0, candidate.1) > (head.0, head.1) {
                *head = candidate;
            }
        }
        MonthAnchor {
            month: month.to_string(),
            period_start: start,
            period_end: end,
            events: hashes.len(),
            root: hex::encode(&merkle_root(&hashes)),
            heads: heads
                .into_iter()
                .map(|(device, (seq, event, hash))| DeviceHead {
                    device: device.to_string(),
                    seq,
                    event: event.clone(),
                    hash: hex::encode(&hash),
                })
                .collect(),
        }
    }
}
