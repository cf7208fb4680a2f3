//! The process this device opens on, checked once per text and build: a text this device
//! checked before with the same build's checks is only parsed at start-up; any other text is
//! checked by code loaded on demand (split point `profile_check`, src/app/split.rs), and the
//! proof kept. The checks are among the largest code the app has, and a start-up that does not
//! need them does not download them (issue #5, first-load size).
//!
//! ```ignore
//! let checked = crate::app::desk_profile::checked(&store, &json).await?;
//! let engine = Engine::from_checked(checked)?;
//! ```

use leptos::prelude::*;

use crate::app::desk::{
    Desk, DeskSignals, CUSTOM_PROFILE, PROFILE_CHOICE, PROFILE_COPY, PROFILE_VERSION,
};
use crate::app::shell_state::shell;
use crate::domain::desk::change::ProfilePublication;
use crate::domain::desk::{DeskState, RecordKey};
use crate::domain::event::EventKind;
use crate::domain::profile::{CheckedProfile, ProfileError};
use crate::store::{Store, StoreError};

/// The proof that the last text this device opened on passed this build's checks
/// ([`CheckedProfile::check`]).
const PROFILE_CHECKED: &str = "profile_checked";

/// `json` as a checked profile (see the module's documentation). The error says why not: the
/// number of problems the checks found, or that their code could not be fetched.
pub async fn checked(store: &Store, json: &str) -> Result<CheckedProfile, String> {
    let proof = store.meta_string(PROFILE_CHECKED).await.ok().flatten();
    if let Some(checked) = proof.and_then(|proof| CheckedProfile::proven(json, &proof)) {
        return Ok(checked);
    }
    let (checked, proof) = check(json.to_string())
        .await
        .map_err(|e| format!("the process checks could not be loaded: {e:?}"))?
        .map_err(|problems| format!("{} problems", problems.len()))?;
    // A failure to keep the proof only means the next start checks again.
    let _ = store.set_meta_string(PROFILE_CHECKED, &proof).await;
    Ok(checked)
}

/// A preset's profile, checked, the JSON text it was read from, and whether that text was
/// fetched (see [`crate::app::presets`]).
pub async fn preset(store: &Store, id: &str) -> Result<(CheckedProfile, String, bool), String> {
    let (json, fetched) = crate::app::presets::load(store, id).await?;
    let profile = checked(store, &json)
        .await
        .map_err(|e| format!("profiles/{id}.json: {e}"))?;
    Ok((profile, json, fetched))
}

type Checked = Result<(CheckedProfile, String), Vec<ProfileError>>;

crate::split_fn!(
    profile_check,
    fn check(json: String) -> Checked {
        CheckedProfile::check(&json)
    }
);

impl Desk {
    /// Makes `json` the desk's process: publishes it as a profile version (an event, so every
    /// device of the desk gets it through sync) and keeps this device's copy, which start-up
    /// opens on (`preset`: the preset it is, kept by id). The caller reloads the page to run it.
    pub async fn publish_profile(
        &self,
        json: String,
        preset: Option<&str>,
        signals: DeskSignals,
    ) -> Result<(), StoreError> {
        let publication = ProfilePublication::new(json.clone());
        let version = publication.version.clone();
        self.append_desk(
            vec![(RecordKey::Profile, EventKind::ProfilePublished(publication))],
            signals,
        )
        .await?;
        self.store
            .set_meta_string(PROFILE_VERSION, &version)
            .await?;
        match preset {
            Some(id) => self.store.set_meta_string(PROFILE_CHOICE, id).await,
            None => self.keep_profile_copy(&json).await,
        }
    }

    /// Keeps `json` as the process this device opens on (a copy of the desk's active version).
    async fn keep_profile_copy(&self, json: &str) -> Result<(), StoreError> {
        self.store.set_meta_string(PROFILE_COPY, json).await?;
        self.store
            .set_meta_string(PROFILE_CHOICE, CUSTOM_PROFILE)
            .await
    }

    /// When the desk's active process (a version published on any device) is not the one this
    /// tab runs: keeps it as this device's copy and says so, so the next start runs it (the
    /// shell offers to reload now). Returns whether it changed.
    pub async fn adopt_active_profile(&self, state: &DeskState) -> Result<bool, StoreError> {
        let Some(active) = state.profiles.active() else {
            return Ok(false);
        };
        let chosen = self.store.meta_string(PROFILE_VERSION).await?;
        // Taken already, or running it by choice. A device that never chose a process (a
        // technician's, joining) takes the desk's even when it is the text it runs by default:
        // it becomes this device's choice.
        let taken = chosen.as_deref() == Some(active.version.as_str());
        let running = active.json == self.profile_json;
        if taken || (running && self.profile_chosen) {
            return Ok(false);
        }
        self.keep_profile_copy(&active.json).await?;
        self.store
            .set_meta_string(PROFILE_VERSION, &active.version)
            .await?;
        shell().process_changed.set(true);
        Ok(true)
    }
}
