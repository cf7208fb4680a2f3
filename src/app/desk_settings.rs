//! The desk's settings (its name, the per-file attachment limit) and its customers as Ajustes
//! saves them: desk events for what changed only, through [`Desk::append_desk`].
//!
//! ```ignore
//! desk.save_desk_settings("Mesa Norte", 25, signals).await?;
//! let saved = desk.save_customers(&edited, signals).await?;
//! ```

use crate::app::desk::{Desk, DeskSignals};
use crate::app::record_id::new_record_id;
use crate::domain::customer::Customer;
use crate::domain::desk::change::SettingsPatch;
use crate::domain::desk::customers::{customer_changes, customers_in_force};
use crate::domain::desk::settings::DEFAULT_ATTACHMENT_MIB;
use crate::domain::desk::RecordKey;
use crate::domain::event::EventKind;
use crate::store::StoreError;

impl Desk {
    /// Stores the desk's name and attachment limit (MiB) where they differ from the desk's:
    /// one event, none when nothing changed.
    pub async fn save_desk_settings(
        &self,
        desk_name: &str,
        attachment_limit_mib: u32,
        signals: DeskSignals,
    ) -> Result<(), StoreError> {
        let now = self.shared().await?.settings.clone();
        let limit_now = now.attachment_limit_mib.unwrap_or(DEFAULT_ATTACHMENT_MIB);
        let patch = SettingsPatch {
            desk_name: (now.desk_name != desk_name).then(|| desk_name.to_string()),
            attachment_limit_mib: (limit_now != attachment_limit_mib)
                .then_some(attachment_limit_mib),
        };
        if patch != SettingsPatch::default() {
            let change = (RecordKey::Settings, EventKind::DeskSettingsChanged(patch));
            self.append_desk(vec![change], signals).await?;
            self.shared().await?;
        }
        Ok(())
    }

    /// Stores what changed between the desk's customers and `edited` (already checked, see
    /// [`Customer::validate`]) and returns the customers in force as saved (new ones with their
    /// record ids).
    pub async fn save_customers(
        &self,
        edited: &[Customer],
        signals: DeskSignals,
    ) -> Result<Vec<Customer>, StoreError> {
        let shared = self.shared().await?;
        let changes = customer_changes(&shared.customers, edited, |c| {
            new_record_id(&c.name, "cliente")
        });
        self.append_desk(changes, signals).await?;
        Ok(customers_in_force(&self.shared().await?.customers))
    }
}
