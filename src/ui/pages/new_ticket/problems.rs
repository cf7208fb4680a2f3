//! The problems the domain found in a registration, each said beside its field (and counted at
//! the top of the form).

use leptos::prelude::*;

use crate::domain::profile::ProcessProfile;
use crate::domain::registration::{FieldProblem, Problem};
use crate::ui::i18n::I18n;

/// The translated message for a problem; the checks still missing are named by their labels.
fn problem_text(i18n: &I18n, checks: &[(String, String)], problem: &Problem) -> String {
    let key = format!("problem.{}", problem.code());
    match problem {
        Problem::ChecklistIncomplete { missing } => {
            let labels: Vec<String> = missing
                .iter()
                .map(|id| {
                    checks
                        .iter()
                        .find(|(check, _)| check == id)
                        .map_or(id.clone(), |(_, label)| i18n.pt(label))
                })
                .collect();
            i18n.t_with(&key, &[("missing", &labels.join("; "))])
        }
        _ => i18n.t(&key),
    }
}

/// The problems shown, with what their messages need (the checklist's labels).
#[derive(Clone, Copy)]
pub(super) struct Problems {
    pub list: RwSignal<Vec<FieldProblem>>,
    /// The checklist's items: (id, label).
    checks: StoredValue<Vec<(String, String)>>,
    i18n: I18n,
}

impl Problems {
    pub fn new(i18n: I18n, profile: &ProcessProfile) -> Self {
        let checks = profile
            .registration
            .checklist
            .iter()
            .flat_map(|c| c.items.iter().map(|i| (i.id.clone(), i.label.clone())))
            .collect();
        Self {
            list: RwSignal::new(Vec::new()),
            checks: StoredValue::new(checks),
            i18n,
        }
    }

    /// The message for `field`'s problem (tracked), if it has one.
    pub fn message(self, field: &str) -> Option<String> {
        self.list.with(|ps| {
            ps.iter().find(|p| p.field == field).map(|p| {
                self.checks
                    .with_value(|c| problem_text(&self.i18n, c, &p.problem))
            })
        })
    }

    /// [`Problems::message`] as a signal, for a [`super::form::Field`].
    pub fn message_for(self, field: &'static str) -> Signal<Option<String>> {
        Signal::derive(move || self.message(field))
    }

    /// "true" while the field has a problem (for `aria-invalid`).
    pub fn invalid(self, field: &'static str) -> impl Fn() -> String + Copy {
        move || {
            self.list
                .with(|ps| ps.iter().any(|p| p.field == field))
                .to_string()
        }
    }
}
