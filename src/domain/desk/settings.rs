//! The desk settings every device shares (what stays on one device — user name, sync
//! credentials, language, notification permission — is not here).

use serde::{Deserialize, Serialize};

use super::history::{set_if_given, FieldChange};
use crate::domain::event::{Event, EventKind};

/// The shared settings of the desk, folded from their events.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskSettings {
    /// The name shown in the header (blank: none given).
    pub desk_name: String,
    pub history: Vec<FieldChange>,
}

impl DeskSettings {
    /// Folds one settings event (already in the desk's total order).
    pub fn apply(&mut self, event: &Event) {
        if let EventKind::DeskSettingsChanged(p) = &event.kind {
            let name = p.desk_name.as_ref().map(|n| n.trim().to_string());
            set_if_given(
                &mut self.desk_name,
                "desk_name",
                name,
                &mut self.history,
                event,
            );
        }
    }
}
