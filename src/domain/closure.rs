//! Closing a ticket: the resolution data a person records, checked against the profile's
//! required closure fields and its closure categories (P4: "cierre categorizado").
//!
//! ```
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::registration::{Problem, ResolutionDraft};
//!
//! let profile = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
//! let draft = ResolutionDraft { root_cause: "Troncal caída".into(), solution: "Se reinició".into(),
//!     confirmed_by: "Gerente".into(), category: Some("fax".into()), ..Default::default() };
//! let problems = profile.validate_closure(&draft).unwrap_err();
//! assert_eq!((problems[0].field.as_str(), &problems[0].problem), ("category", &Problem::NotAnOption));
//! ```

use serde::{Deserialize, Serialize};

use super::registration::{blank, FieldProblem, Problem};
use crate::domain::profile::{ClosureField, ProcessProfile};

/// The resolution data recorded to resolve or close a ticket.
///
/// ```json
/// { "root_cause": "Certificado vencido", "solution": "Se renovó el certificado",
///   "affected_minutes": 95, "confirmed_by": "Jefe de NOC del cliente", "category": "plataforma" }
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResolutionDraft {
    pub root_cause: String,
    pub solution: String,
    pub affected_minutes: Option<u32>,
    pub confirmed_by: String,
    /// One of the profile's closure categories.
    pub category: Option<String>,
}

impl ProcessProfile {
    /// Checks resolution data against the profile's required closure fields; every problem at
    /// once.
    /// A category must be one of the profile's.
    pub fn validate_closure(&self, draft: &ResolutionDraft) -> Result<(), Vec<FieldProblem>> {
        let mut out: Vec<FieldProblem> = self
            .closure
            .required
            .iter()
            .filter(|field| match field {
                ClosureField::RootCause => blank(&draft.root_cause),
                ClosureField::Solution => blank(&draft.solution),
                ClosureField::AffectedMinutes => draft.affected_minutes.is_none(),
                ClosureField::ConfirmedBy => blank(&draft.confirmed_by),
                ClosureField::Category => draft.category.is_none(),
            })
            .map(|field| FieldProblem::new(field.id(), Problem::Required))
            .collect();
        let categories = &self.closure.categories;
        if let Some(c) = &draft.category {
            if !categories.iter().any(|known| &known.id == c) {
                out.push(FieldProblem::new("category", Problem::NotAnOption));
            }
        }
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }
}
