//! The process's own lists (request kinds, severities, channels) as the form's selects
//! ([`super::choice::ChoiceField`]) take them: each entry's id and its process (Spanish) name,
//! which the select shows in the reader's language.
//!
//! ```ignore
//! let ProfileLists { kinds, .. } = ProfileLists::of(&desk.get().profile);
//! ```

use crate::domain::profile::ProcessProfile;

/// An entry's id and its process name.
pub(super) type Choice = (String, String);

/// The process's lists, as (id, name) pairs in the process's order.
pub(super) struct ProfileLists {
    pub kinds: Vec<Choice>,
    pub severities: Vec<Choice>,
    /// Empty when the process names no channel.
    pub channels: Vec<Choice>,
}

impl ProfileLists {
    /// The lists of `profile`.
    pub(super) fn of(profile: &ProcessProfile) -> Self {
        let pair = |id: &String, name: &String| (id.clone(), name.clone());
        Self {
            kinds: profile
                .request_kinds
                .iter()
                .map(|k| pair(&k.id, &k.name))
                .collect(),
            severities: profile
                .severities
                .iter()
                .map(|s| pair(&s.id, &s.name))
                .collect(),
            channels: profile
                .registration
                .channels
                .iter()
                .map(|c| pair(&c.id, &c.name))
                .collect(),
        }
    }
}
