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
    /// The largest file accepted as an attachment, in MiB (none set: [`DEFAULT_ATTACHMENT_MIB`]).
    #[serde(default)]
    pub attachment_limit_mib: Option<u32>,
    pub history: Vec<FieldChange>,
}

/// The per-file limit of a desk that set none: a phone photo fits, a video does not.
pub const DEFAULT_ATTACHMENT_MIB: u32 = 10;
/// The most a desk may allow: what a phone's browser storage can hold many times over.
pub const MAX_ATTACHMENT_MIB: u32 = 100;

/// What is wrong with a per-file limit typed in Ajustes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitProblem {
    NotANumber,
    OutOfRange,
}

/// Reads the per-file limit as typed (whole MiB, 1 to [`MAX_ATTACHMENT_MIB`]).
///
/// ```
/// use mesa::domain::desk::settings::{parse_attachment_limit, LimitProblem};
/// assert_eq!(parse_attachment_limit(" 25 "), Ok(25));
/// assert_eq!(parse_attachment_limit("0"), Err(LimitProblem::OutOfRange));
/// assert_eq!(parse_attachment_limit("500"), Err(LimitProblem::OutOfRange));
/// assert_eq!(parse_attachment_limit("diez"), Err(LimitProblem::NotANumber));
/// ```
pub fn parse_attachment_limit(text: &str) -> Result<u32, LimitProblem> {
    let mib: u32 = text.trim().parse().map_err(|_| LimitProblem::NotANumber)?;
    if (1..=MAX_ATTACHMENT_MIB).contains(&mib) {
        Ok(mib)
    } else {
        Err(LimitProblem::OutOfRange)
    }
}

impl DeskSettings {
    /// The largest file accepted as an attachment, in bytes.
    pub fn attachment_limit_bytes(&self) -> u64 {
        let mib = self
            .attachment_limit_mib
            .unwrap_or(DEFAULT_ATTACHMENT_MIB)
            .clamp(1, MAX_ATTACHMENT_MIB);
        u64::from(mib) * 1024 * 1024
    }

    /// Folds one settings event (already in the desk's total order).
    pub fn apply(&mut self, event: &Event) {
        if let EventKind::DeskSettingsChanged(p) = &event.kind {
            set_if_given(
                &mut self.attachment_limit_mib,
                "attachment_limit_mib",
                p.attachment_limit_mib.map(Some),
                &mut self.history,
                event,
            );
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
