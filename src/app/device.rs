//! What this device keeps for itself, never synced (issue #14): the user's name, the process it
//! chose, its endpoint settings, its copy of the desk's name for the header, the first steps'
//! answers; and the reads the pages make of the stored log. Pages ask the open desk; none reads a `meta` key or a store
//! record itself.
//!
//! ```ignore
//! let desk = use_desk().get(); // a page's open desk (src/app/open_desk.rs)
//! let answers = desk.first_steps().await;
//! desk.set_user_name("ana").await?; // the actor of what this device writes, from its next start
//! ```

use leptos::prelude::Set;

use crate::app::desk::{Desk, DESK_NAME_CACHE, PROFILE_CHOICE};
use crate::domain::event::{Event, TicketId};
use crate::store::StoreError;
use crate::sync::browser::SyncSettings;

/// The meta entry of this device's user name (the actor of the events it writes).
pub const USER_NAME: &str = "actor";
/// The meta entry that hides the first steps on this device.
const FIRST_STEPS_DONE: &str = "first_steps_done";

/// What the first steps' checklist knows beyond the desk's process.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FirstStepsAnswers {
    /// At least one customer is on file.
    pub customers: bool,
    /// The provider hid the checklist on this device.
    pub hidden: bool,
}

impl Desk {
    /// The process chosen on this device (a preset's id, or `custom`), if any.
    pub async fn process_choice(&self) -> Result<Option<String>, StoreError> {
        self.store.meta_string(PROFILE_CHOICE).await
    }

    /// Sets this device's user name: the actor of what it writes, from its next start.
    pub async fn set_user_name(&self, name: &str) -> Result<(), StoreError> {
        self.store.set_meta_string(USER_NAME, name).await
    }

    /// This device's copy of the desk's name (kept current by [`Desk::shared`]), for a header
    /// that shows before any desk record is read. `None` when none is kept or it cannot be read.
    pub async fn desk_name_copy(&self) -> Option<String> {
        self.store.meta_string(DESK_NAME_CACHE).await.ok().flatten()
    }

    /// The first steps' answers (a store failure leaves the checklist showing, as if nothing
    /// were done).
    pub async fn first_steps(&self) -> FirstStepsAnswers {
        // Customers are desk records; a list the previous version kept (not converted until a
        // page reads the customers) counts too.
        let records = self.store.has_desk_records("customer:").await;
        let legacy = self.store.meta_string("customers").await;
        let hidden = self.store.meta_string(FIRST_STEPS_DONE).await;
        let customers = records.unwrap_or(false)
            || legacy
                .ok()
                .flatten()
                .and_then(|json| crate::domain::customer::customers_listed(&json))
                .is_some_and(|count| count > 0);
        FirstStepsAnswers {
            customers,
            hidden: matches!(hidden, Ok(Some(v)) if v == "true"),
        }
    }

    /// Hides the first steps on this device.
    pub async fn hide_first_steps(&self) -> Result<(), StoreError> {
        self.store.set_meta_string(FIRST_STEPS_DONE, "true").await
    }

    /// One ticket's events, in the store's order.
    pub async fn ticket_events(&self, id: &TicketId) -> Result<Vec<Event>, StoreError> {
        self.store.ticket_events(id).await
    }

    /// Every event this device holds (the history check reads the chains of all of them).
    pub async fn all_events(&self) -> Result<Vec<Event>, StoreError> {
        self.store.events().await
    }

    /// The events the endpoint refused, still in the outbox, each with the reason.
    pub async fn refused_events(&self) -> Result<Vec<(Event, String)>, StoreError> {
        self.store.outbox_rejections().await
    }

    /// This device's endpoint settings (never synced; the defaults when none are saved).
    pub async fn sync_settings(&self) -> Result<SyncSettings, StoreError> {
        SyncSettings::load(&self.store).await
    }

    /// Keeps `settings` as this device's endpoint settings.
    pub async fn save_sync_settings(&self, settings: &SyncSettings) -> Result<(), StoreError> {
        settings.save(&self.store).await?;
        crate::app::sync::status()
            .configured
            .set(Some(settings.is_configured()));
        Ok(())
    }
}
