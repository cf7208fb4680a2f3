//! The ticket lifecycle: ordered stages, each with an optional time target (possibly depending on
//! the city class of the customer's site), and whether entering it notifies the customer.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::check::{Ids, Report};
use crate::domain::target::Target;

/// A class of city where customer sites are, e.g. main / intermediate / remote (P3).
///
/// ```json
/// { "id": "principal", "name": "Ciudad principal" }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CityClass {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
}

/// A target inside a stage with a clock of its own (P3 dispatch: the travel to the site by its
/// city class, then "field solution < 4 h"). A person marks it reached on the ticket, which
/// stops its clock. It starts when the milestone named by `after` is reached; without `after`,
/// when the ticket is dispatched during its stay in the stage (the dispatch agreed: a stage
/// entered on the dispatch has no such clock before it), else when the stage is entered.
///
/// ```json
/// { "id": "solucion_campo", "name": "Solución en campo", "after": "traslado",
///   "target": { "minutes": 240, "basis": "calendar" } }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub target_by_city_class: BTreeMap<String, Target>,
    /// The milestone of the same stage, listed before this one, whose reaching starts this
    /// one's clock.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

impl Milestone {
    /// The target for the dispatched site's city class, else the plain one.
    pub fn target_for(&self, city_class: Option<&str>) -> Option<Target> {
        city_class
            .and_then(|c| self.target_by_city_class.get(c).copied())
            .or(self.target)
    }
}

/// One stage of the lifecycle. A "business" target counts on the calendar of the ticket's request
/// kind. With `target_by_city_class`, the site's city class picks the target; a class missing
/// from the map falls back to `target`, and with no `target` the stage has none (conditional).
///
/// ```json
/// { "id": "despacho", "name": "Plan de acción / despacho a campo",
///   "target_by_city_class": { "principal": { "minutes": 180 },
///                             "intermedia": { "minutes": 360 } },
///   "notify": true, "optional": true }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub target_by_city_class: BTreeMap<String, Target>,
    /// Entering this stage notifies the customer company's configured contacts.
    #[serde(default)]
    pub notify: bool,
    /// The stage may be skipped (a dispatch that is not needed).
    #[serde(default)]
    pub optional: bool,
    /// Request kinds the stage applies to; empty = all.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    /// Ticket fields that must be filled to enter the stage.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_to_enter: Vec<String>,
    /// Ticket fields that must be filled to leave the stage (P3 stage 5: `confirmed_by`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub required_to_leave: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
    /// What moves a ticket into this stage by itself: the dispatch, an escalation, the
    /// resolution or the closure. See [`StageTrigger`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entered_on: Option<StageTrigger>,
}

/// An action that moves a ticket into the stage that names it (`"entered_on"`), so that the
/// stage follows the ticket without a separate "Cambiar de etapa": registering enters the first
/// stages (P3: reception, then registration with its notification; the first of them counts from
/// when the fault was reported), dispatching enters the travel stage (and starts its clock),
/// resolving the documentation or verification stage, closing the closure stage. Stages only
/// move forward this way: a ticket already in that stage, or past it in the profile's order,
/// stays where it is.
///
/// ```json
/// { "id": "despacho", "name": "Despacho a campo", "entered_on": "dispatch" }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageTrigger {
    /// The ticket is registered: every stage entered on it, in the profile's order.
    Registration,
    Dispatch,
    Escalation,
    Resolution,
    Closure,
}

fn check_by_class(path: &str, map: &BTreeMap<String, Target>, ids: &Ids, r: &mut Report) {
    for (class, target) in map {
        let p = format!("{path}.{class}");
        r.reference(&p, class, &ids.city_classes, "a city class");
        r.target(&p, Some(target));
    }
}

impl Stage {
    pub(super) fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        r.name(&format!("{path}.name"), &self.name);
        r.target(&format!("{path}.target"), self.target.as_ref());
        check_by_class(
            &format!("{path}.target_by_city_class"),
            &self.target_by_city_class,
            ids,
            r,
        );
        for (i, kind) in self.kinds.iter().enumerate() {
            r.reference(
                &format!("{path}.kinds[{i}]"),
                kind,
                &ids.kinds,
                "a request kind",
            );
        }
        let lists = [
            ("required_to_enter", &self.required_to_enter),
            ("required_to_leave", &self.required_to_leave),
        ];
        for (name, list) in lists {
            for (i, field) in list.iter().enumerate() {
                r.reference(
                    &format!("{path}.{name}[{i}]"),
                    field,
                    &ids.fields,
                    "a ticket field",
                );
            }
        }
        r.unique_ids(
            self.milestones
                .iter()
                .enumerate()
                .map(|(i, m)| (format!("{path}.milestones[{i}].id"), m.id.as_str())),
        );
        for (i, m) in self.milestones.iter().enumerate() {
            let p = format!("{path}.milestones[{i}]");
            r.name(&format!("{p}.name"), &m.name);
            r.target(&format!("{p}.target"), m.target.as_ref());
            check_by_class(
                &format!("{p}.target_by_city_class"),
                &m.target_by_city_class,
                ids,
                r,
            );
            if let Some(after) = &m.after {
                if !self.milestones[..i].iter().any(|e| &e.id == after) {
                    r.push(
                        &format!("{p}.after"),
                        format!("\"{after}\" is not a milestone listed before it in this stage"),
                    );
                }
            }
        }
    }

    /// One of the stage's milestones by id.
    pub fn milestone(&self, id: &str) -> Option<&Milestone> {
        self.milestones.iter().find(|m| m.id == id)
    }
}
