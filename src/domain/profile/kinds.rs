//! Request kinds (what the customer asks for) and severities (how bad it is) with their targets.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::check::{Ids, Report};
use crate::domain::target::Target;

/// The broad class of a request kind; drives defaults in the UI and reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KindCategory {
    Incident,
    Provisioning,
    Query,
    Complaint,
    Information,
    Change,
    Observation,
    Administrative,
    Technical,
    Other,
}

/// How a kind gets its severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SeverityRule {
    /// Chosen at registration (the kind's `default_severity` when none is chosen).
    #[default]
    Chosen,
    /// Always starts at `default_severity` (P5: general queries are severity 3); the provider
    /// may raise or lower it later.
    Automatic,
    /// The kind has no severity (P5 provisioning).
    None,
}

/// A kind of request.
///
/// ```json
/// { "id": "tecnico", "name": "Requerimiento técnico", "category": "technical",
///   "calendar": "24x7", "sla": true, "restore_applies": true }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RequestKind {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub category: KindCategory,
    /// The calendar its clocks run on; the profile's `default_calendar` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub calendar: Option<String>,
    #[serde(default)]
    pub severity: SeverityRule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_severity: Option<String>,
    /// SLA clocks on. When off (P1 "best effort") no deadline applies, but elapsed business time
    /// is still measured for reports.
    #[serde(default = "yes")]
    pub sla: bool,
    /// Whether the restore clock applies (P5: incidents only).
    #[serde(default = "yes")]
    pub restore_applies: bool,
    /// The kind a new ticket starts on (at most one per profile). Without one, a profile with
    /// several kinds asks for the kind instead of choosing the first one silently.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub default: bool,
}

pub(super) fn yes() -> bool {
    true
}

/// The three clock targets of a severity. A missing clock has no target.
///
/// ```json
/// { "response": { "minutes": 15, "basis": "calendar" },
///   "update":   { "minutes": 30, "basis": "calendar" },
///   "restore":  { "minutes": 360, "basis": "calendar" } }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockTargets {
    /// First response ("tiempo de atención").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Target>,
    /// Update frequency (resets at each customer-visible update).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update: Option<Target>,
    /// Restore / solution ("tiempo de solución").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restore: Option<Target>,
}

impl ClockTargets {
    /// These targets with every clock that `other` sets replaced by `other`'s.
    pub fn overridden_by(&self, other: &ClockTargets) -> ClockTargets {
        ClockTargets {
            response: other.response.or(self.response),
            update: other.update.or(self.update),
            restore: other.restore.or(self.restore),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.response.is_none() && self.update.is_none() && self.restore.is_none()
    }

    pub(super) fn check(&self, path: &str, r: &mut Report) {
        r.target(&format!("{path}.response"), self.response.as_ref());
        r.target(&format!("{path}.update"), self.update.as_ref());
        r.target(&format!("{path}.restore"), self.restore.as_ref());
    }
}

/// A severity level with its targets, optionally different per request kind.
///
/// ```json
/// { "id": "s3", "name": "Sin impacto en el servicio", "rank": 3,
///   "targets": { "response": { "minutes": 30, "basis": "calendar" },
///                "restore": { "minutes": 2880, "basis": "business" } },
///   "targets_by_kind": { "consulta": { "response": { "minutes": 60 } } } }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Severity {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// 1 = most severe.
    pub rank: u8,
    #[serde(default)]
    pub targets: ClockTargets,
    /// Per request kind, clock by clock overrides of `targets`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub targets_by_kind: BTreeMap<String, ClockTargets>,
}

impl RequestKind {
    pub(super) fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        r.name(&format!("{path}.name"), &self.name);
        if let Some(cal) = &self.calendar {
            r.reference(
                &format!("{path}.calendar"),
                cal,
                &ids.calendars,
                "a calendar",
            );
        }
        let sev_path = format!("{path}.default_severity");
        if let Some(sev) = &self.default_severity {
            r.reference(&sev_path, sev, &ids.severities, "a severity");
        }
        match (self.severity, &self.default_severity) {
            (SeverityRule::Automatic, None) => {
                r.push(&sev_path, "is required when severity is \"automatic\"")
            }
            (SeverityRule::None, Some(_)) => {
                r.push(&sev_path, "must be absent when the kind has no severity")
            }
            _ => {}
        }
    }
}

impl Severity {
    pub(super) fn check(&self, path: &str, ids: &Ids, r: &mut Report) {
        r.name(&format!("{path}.name"), &self.name);
        if self.rank == 0 {
            r.push(
                &format!("{path}.rank"),
                "must be 1 or more (1 = most severe)",
            );
        }
        self.targets.check(&format!("{path}.targets"), r);
        for (kind, targets) in &self.targets_by_kind {
            let p = format!("{path}.targets_by_kind.{kind}");
            r.reference(&p, kind, &ids.kinds, "a request kind");
            targets.check(&p, r);
        }
    }
}
