//! A profile known to pass [`ProcessProfile::validate`]: checked now, or checked before on this
//! device with the same text and the same build's checks. The checks are a large piece of code;
//! a device that keeps the proof of the text it opens on starts without loading them (issue #5,
//! first-load size), and checks again whenever the text or the checks change.
//!
//! ```
//! use mesa::domain::engine::Engine;
//! use mesa::domain::profile::{preset, CheckedProfile};
//!
//! let text = preset("p1-sipo").unwrap();
//! // First start: checked, and the proof kept (the browser keeps it in its store).
//! let (checked, proof) = CheckedProfile::check(text).expect("presets are valid");
//! assert!(Engine::from_checked(checked).is_ok());
//! // Next start: the same text with its proof is parsed only.
//! let again = CheckedProfile::proven(text, &proof).expect("same text, same checks");
//! assert_eq!(again.profile().id, "p1-sipo");
//! // Another text is not covered by that proof.
//! assert!(CheckedProfile::proven(preset("p3-cirion").unwrap(), &proof).is_none());
//! ```

use super::{ProcessProfile, ProfileError};
use crate::domain::desk::derived_id::fingerprint;

/// The identity of this build's checks (a fingerprint of their sources, from `build.rs`).
const CHECK_RULES: &str = env!("MESA_PROFILE_RULES");

/// A parsed profile that passed this build's checks.
#[derive(Clone, Debug)]
pub struct CheckedProfile(ProcessProfile);

impl CheckedProfile {
    /// Parses and checks `text` ([`ProcessProfile::from_json`]); on success, also the proof
    /// that it passed, to keep for [`CheckedProfile::proven`].
    pub fn check(text: &str) -> Result<(CheckedProfile, String), Vec<ProfileError>> {
        let profile = ProcessProfile::from_json(text)?;
        Ok((CheckedProfile(profile), proof(text)))
    }

    /// `text` parsed without checking it again, when `proof` says it passed this build's checks
    /// ([`CheckedProfile::check`]); `None` otherwise (another text, another build's checks, or a
    /// text that does not parse).
    pub fn proven(text: &str, proof: &str) -> Option<CheckedProfile> {
        if proof != self::proof(text) {
            return None;
        }
        ProcessProfile::parse(text).ok().map(CheckedProfile)
    }

    pub fn profile(&self) -> &ProcessProfile {
        &self.0
    }

    pub fn into_profile(self) -> ProcessProfile {
        self.0
    }
}

/// The text's fingerprint and the checks' identity.
fn proof(text: &str) -> String {
    format!("{:032x}.{CHECK_RULES}", fingerprint(&[text]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::profile::preset;

    #[test]
    fn an_invalid_text_gives_no_proof() {
        let text = preset("p4-callmyway").unwrap().replace(
            "\"default_calendar\": \"centro_telefonico\"",
            "\"default_calendar\": \"nowhere\"",
        );
        assert!(CheckedProfile::check(&text).is_err());
    }

    #[test]
    fn a_proof_from_other_checks_is_refused() {
        let text = preset("p2-seware").unwrap();
        let (_, proof) = CheckedProfile::check(text).unwrap();
        let older = format!("{}.0000000000000000", proof.split('.').next().unwrap());
        assert!(CheckedProfile::proven(text, &older).is_none());
        assert!(CheckedProfile::proven(text, &proof).is_some());
    }
}
