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

use crate::domain::profile::{CheckedProfile, ProfileError};
use crate::store::Store;

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
