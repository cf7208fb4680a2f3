//! What the buttons of Sincronizar's form do: save the endpoint, test the connection, sync now.
//! Each says how it went in the page's [`Outcome`].

use leptos::prelude::*;

use crate::app::desk::{use_desk_signals, DeskSignals};
use crate::app::open_desk::{use_desk, OpenDesk};
use crate::app::sync::{probe, sync_now, SyncSettings};

use super::endpoint::EndpointForm;
use super::outcome::Outcome;

/// The form's three actions, on the endpoint as typed.
#[derive(Clone, Copy)]
pub(super) struct FormActions {
    form: EndpointForm,
    outcome: RwSignal<Option<Outcome>>,
    desk: OpenDesk,
    signals: DeskSignals,
    /// A sync is under way (or waiting to retry).
    running: RwSignal<bool>,
}

impl FormActions {
    pub fn new(
        form: EndpointForm,
        outcome: RwSignal<Option<Outcome>>,
        running: RwSignal<bool>,
    ) -> Self {
        Self {
            form,
            outcome,
            desk: use_desk(),
            signals: use_desk_signals(),
            running,
        }
    }

    /// Keeps the endpoint on this device.
    pub fn save(self) {
        let Self { desk, outcome, .. } = self;
        let settings = self.form.settings();
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            outcome.set(Some(match desk.get().save_sync_settings(&settings).await {
                Ok(()) => Outcome::Saved,
                Err(e) => Outcome::SaveFailed(e.code().to_string()),
            }));
        });
    }

    /// Asks the endpoint whether it answers, and lets it in.
    pub fn test(self) {
        let Some(settings) = self.complete() else {
            return;
        };
        let outcome = self.outcome;
        outcome.set(Some(Outcome::Working));
        leptos::task::spawn_local(async move {
            outcome.set(Some(Outcome::Probed(probe(&settings).await)));
        });
    }

    /// Keeps the endpoint, then syncs at once (a run waiting to retry retries now).
    pub fn sync(self) {
        let Some(settings) = self.complete() else {
            return;
        };
        let Self {
            desk,
            outcome,
            signals,
            ..
        } = self;
        outcome.set(Some(Outcome::Working));
        // Read now: the page may be gone when the sync ends.
        let was_running = self.running.get_untracked();
        leptos::task::spawn_local(async move {
            if let Err(e) = desk.get().save_sync_settings(&settings).await {
                outcome.set(Some(Outcome::SaveFailed(e.code().to_string())));
                return;
            }
            match sync_now(signals).await {
                Some(_) => outcome.set(None),
                None if was_running => outcome.set(None),
                None => outcome.set(Some(Outcome::NotRun)),
            }
        });
    }

    /// The settings as typed, or `None` when the address or database is empty, said before any
    /// request (a request to an empty address would go to this app's own site).
    fn complete(self) -> Option<SyncSettings> {
        let settings = self.form.settings();
        let field = if settings.url.is_empty() {
            Some("sync.url")
        } else if settings.db.is_empty() {
            Some("sync.db")
        } else {
            None
        };
        self.outcome.set(field.map(Outcome::Missing));
        field.is_none().then_some(settings)
    }
}
