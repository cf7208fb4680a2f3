//! The desk's devices and their signing keys (#20), as Ajustes lists them, and revoking a lost
//! or stolen device's key: an event for every device of the desk, after which what that key
//! signs is flagged in every history check (what it signed before stays valid).
//!
//! ```ignore
//! let devices = desk.get().desk_devices().await?; // desk: the page's `use_desk()`
//! desk.get().revoke_device_key(&devices[1].device, "Teléfono robado", signals).await?;
//! ```

use chrono::{DateTime, Utc};

use crate::app::desk::{Desk, DeskSignals};
use crate::domain::desk::RecordKey;
use crate::domain::event::EventKind;
use crate::domain::evidence::{KeyBook, KeyRevocation};
use crate::store::StoreError;

/// One device of the desk: the key it published and whether it was revoked.
#[derive(Clone, Debug, PartialEq)]
pub struct DeskDevice {
    pub device: String,
    /// The start of its public key (hex), to tell keys apart.
    pub fingerprint: String,
    /// When it published its key (by its clock).
    pub since: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// This very device (it cannot revoke itself here).
    pub this_device: bool,
}

impl Desk {
    /// The devices that published a signing key, this one first, then by id.
    pub async fn desk_devices(&self) -> Result<Vec<DeskDevice>, StoreError> {
        let events = self.store.desk_events().await?;
        let book = KeyBook::from_events(&events);
        let mut devices: Vec<DeskDevice> = book
            .devices()
            .map(|(device, key)| DeskDevice {
                device: device.to_string(),
                fingerprint: key.public_hex.chars().take(16).collect(),
                since: DateTime::from_timestamp_millis(key.published_at.wall_ms)
                    .unwrap_or_default(),
                revoked_at: key.revoked_at,
                this_device: device == self.device,
            })
            .collect();
        devices.sort_by(|a, b| (!a.this_device, &a.device).cmp(&(!b.this_device, &b.device)));
        Ok(devices)
    }

    /// Revokes `device`'s key from now on, for the whole desk (`reason`: why, in the person's
    /// words; kept with the event).
    pub async fn revoke_device_key(
        &self,
        device: &str,
        reason: &str,
        signals: DeskSignals,
    ) -> Result<(), StoreError> {
        let revocation = KeyRevocation {
            device: device.to_string(),
            at: crate::app::clock::now(),
            reason: reason.trim().to_string(),
        };
        self.append_desk(
            vec![(
                RecordKey::Device(device.to_string()),
                EventKind::DeviceKeyRevoked(revocation),
            )],
            signals,
        )
        .await
    }
}
