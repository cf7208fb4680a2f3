//! Process profiles: everything a support procedure promises (request kinds, severities and their
//! targets, calendars, stages, levels, escalation, registration, closure, notifications,
//! penalties), written as JSON data and validated at load.
//!
//! ```
//! use mesa::domain::profile::ProcessProfile;
//!
//! let json = r#"{
//!   "id": "mini", "name": "Mesa mínima",
//!   "calendars": [ { "id": "24x7", "zone": "America/Bogota", "always_open": true } ],
//!   "default_calendar": "24x7",
//!   "request_kinds": [ { "id": "incidente", "name": "Incidente", "category": "incident" } ]
//! }"#;
//! let profile = ProcessProfile::from_json(json).expect("a valid profile");
//! assert_eq!(profile.locale, "es");
//! ```
//!
//! The five presets of PROCESSES.md ship under `public/profiles/` and are embedded with
//! [`presets`] (the browser app fetches them instead, by [`PRESET_IDS`]).

mod calendars;
mod check;
mod checked;
mod clock;
mod closure;
mod directory_edit;
mod email_intake;
mod escalation;
mod holidays_edit;
mod json_path;
mod kinds;
mod levels;
mod notifications;
mod penalties;
mod presets;
mod registration_spec;
mod severity_guide;
mod stages;
mod translations;
mod unit;
mod unit_edit;

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::domain::calendar::CalendarSpec;
use crate::domain::target::Target;

pub use check::{is_valid_email, is_valid_phone};
pub use checked::CheckedProfile;
pub use clock::{ClockKind, ClockOptions, ClockStart, WarningThreshold};
pub use closure::{ClosureCategory, ClosureField, ClosureSpec, Verification};
pub use directory_edit::{ContactDraft, DirectoryProblem};
pub use email_intake::EmailIntake;
pub use escalation::{
    AfterHours, Contact, CustomerEscalation, EscalationAction, EscalationReason, EscalationRule,
    EscalationSpec, Trigger, TriggerWhen,
};
pub use holidays_edit::{HolidayDraft, HolidayProblem};
pub use kinds::{ClockTargets, KindCategory, RequestKind, Severity, SeverityRule};
pub use levels::Level;
pub use notifications::{NotificationRule, NotifyOn, Recipient};
pub use penalties::{MissedTicketDeduction, PenaltySpec, ShortfallDeduction};
pub use presets::{preset, presets, PRESET_IDS};
pub use registration_spec::{
    Channel, ChannelKind, ChecklistItem, ChecklistSpec, FieldDef, FieldKind, RegistrationSpec,
    ScopeRule, BUILTIN_FIELDS,
};
pub use severity_guide::{ImpactOption, ImpactQuestion, ImpactRule, SeverityGuide};
pub use stages::{CityClass, Milestone, Stage, StageTrigger};
pub use translations::{Translations, MESSAGE_LANGUAGES};
pub use unit::{Gender, UnitNames, UnitWord};
pub use unit_edit::{UnitDraft, UnitField, UnitProblem, UNIT_MAX_CHARS};

/// One problem found in a profile: the JSON path of the field and what is wrong, in plain words.
///
/// Displays as `path: message`, e.g.
/// `severities[2].targets.restore.minutes: must be greater than 0`.
/// Parse errors also carry the line and column (1-based) of the JSON text:
///
/// ```json
/// { "path": "severities[0].nmae", "line": 11, "column": 27,
///   "message": "line 11, column 27: unknown field `nmae`, expected one of `id`, `name`, ..." }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileError {
    pub path: String,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
}

impl ProfileError {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            message: message.into(),
            line: None,
            column: None,
        }
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ProfileError {}

/// A support procedure as data. See PROCESSES.md for the five procedures it must express.
///
/// Only `id`, `name`, at least one calendar with `default_calendar`, and at least one request
/// kind are needed; everything else has a default, so a provider's short profile still loads.
/// Unknown fields are rejected so that a typo is caught.
///
/// ```json
/// { "id": "p5-megaport", "name": "Solicitudes de soporte", "version": 1, "locale": "es",
///   "calendars": [ { "id": "24x7", "zone": "America/Bogota", "always_open": true } ],
///   "default_calendar": "24x7",
///   "request_kinds": [ { "id": "consulta", "name": "Consulta general", "category": "query",
///                        "severity": "automatic", "default_severity": "s3",
///                        "restore_applies": false } ],
///   "severities": [ { "id": "s3", "name": "Sin impacto en el servicio", "rank": 3,
///                     "targets": { "response": { "minutes": 30, "basis": "calendar" } } } ] }
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessProfile {
    pub id: String,
    /// Display name, in the profile's language (Spanish for the presets).
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default = "default_version")]
    pub version: u32,
    /// The desk's message language: what the engine writes to customers in (`"es"`, `"en"`),
    /// whatever language a screen shows.
    #[serde(default = "default_locale")]
    pub locale: String,
    /// What the desk calls a ticket, per language (`unit.rs`); the app's word where unnamed.
    #[serde(default, skip_serializing_if = "UnitNames::is_empty")]
    pub unit: UnitNames,
    #[serde(default)]
    pub request_kinds: Vec<RequestKind>,
    /// Ordered by `rank` (1 = most severe). May be empty for a process without severities.
    #[serde(default)]
    pub severities: Vec<Severity>,
    #[serde(default)]
    pub calendars: Vec<CalendarSpec>,
    /// The calendar used by request kinds that name none.
    #[serde(default)]
    pub default_calendar: String,
    #[serde(default)]
    pub clock_options: ClockOptions,
    /// The ticket lifecycle, in order.
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// Classes of the cities where customer sites are (for stage targets by city class).
    #[serde(default)]
    pub city_classes: Vec<CityClass>,
    /// Functional levels (1st level service desk, 2nd level technician...).
    #[serde(default)]
    pub levels: Vec<Level>,
    #[serde(default)]
    pub escalation: EscalationSpec,
    #[serde(default)]
    pub registration: RegistrationSpec,
    #[serde(default)]
    pub closure: ClosureSpec,
    #[serde(default)]
    pub notifications: Vec<NotificationRule>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub penalties: Option<PenaltySpec>,
    /// On-site visits can be started from a ticket (P2).
    #[serde(default)]
    pub on_site_support: bool,
    /// The knowledge base is part of the process (P2: first level consults it).
    #[serde(default)]
    pub knowledge_base: bool,
    /// The profile's texts in other languages, keyed by the Spanish text (`translations.rs`).
    #[serde(default, skip_serializing_if = "Translations::is_empty")]
    pub translations: Translations,
}

fn default_version() -> u32 {
    1
}

fn default_locale() -> String {
    "es".to_string()
}

impl ProcessProfile {
    /// Parses and validates a profile. A JSON or type error gives one [`ProfileError`] with the
    /// JSON path, line and column; a well-formed profile gives every problem [`Self::validate`]
    /// finds. Never panics.
    pub fn from_json(text: &str) -> Result<ProcessProfile, Vec<ProfileError>> {
        let profile = Self::parse(text).map_err(|e| vec![e])?;
        let mut errors = calendars::unknown_fields(text);
        errors.extend(profile.validate());
        if errors.is_empty() {
            Ok(profile)
        } else {
            Err(errors)
        }
    }

    /// Parses without validating (for editors that show problems next to a loaded profile).
    pub fn parse(text: &str) -> Result<ProcessProfile, ProfileError> {
        serde_json::from_str(text).map_err(|e| json_path::parse_error(text, &e))
    }

    /// Serializes as pretty JSON (the form the presets are stored in).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Every problem in the profile, each naming the field path. Empty when the profile is valid.
    pub fn validate(&self) -> Vec<ProfileError> {
        check::validate(self)
    }

    pub fn kind(&self, id: &str) -> Option<&RequestKind> {
        self.request_kinds.iter().find(|k| k.id == id)
    }

    pub fn severity(&self, id: &str) -> Option<&Severity> {
        self.severities.iter().find(|s| s.id == id)
    }

    pub fn calendar(&self, id: &str) -> Option<&CalendarSpec> {
        self.calendars.iter().find(|c| c.id == id)
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn level(&self, number: u8) -> Option<&Level> {
        self.levels.iter().find(|l| l.number == number)
    }

    /// The kind a new ticket starts on: the one marked `default`, or the only one. `None` when
    /// the profile has several kinds and marks none: the form asks (no silent first choice).
    pub fn default_kind(&self) -> Option<&RequestKind> {
        let marked = self.request_kinds.iter().find(|k| k.default);
        match &self.request_kinds[..] {
            [only] => Some(only),
            _ => marked,
        }
    }

    pub fn channel(&self, id: &str) -> Option<&Channel> {
        self.registration.channels.iter().find(|c| c.id == id)
    }

    /// The calendar a request kind's clocks run on: its own, else the profile's default.
    pub fn calendar_for_kind(&self, kind_id: &str) -> Option<&CalendarSpec> {
        let id = self
            .kind(kind_id)
            .and_then(|k| k.calendar.as_deref())
            .unwrap_or(&self.default_calendar);
        self.calendar(id)
    }

    /// The targets that apply to a ticket of this kind and severity: the severity's targets,
    /// overridden clock by clock by its `targets_by_kind` entry, with the restore clock removed
    /// when the kind says restore does not apply, and every clock removed when the kind has its
    /// SLA off.
    pub fn targets_for(&self, severity_id: &str, kind_id: &str) -> ClockTargets {
        let Some(severity) = self.severity(severity_id) else {
            return ClockTargets::default();
        };
        let mut targets = severity.targets;
        if let Some(over) = severity.targets_by_kind.get(kind_id) {
            targets = targets.overridden_by(over);
        }
        match self.kind(kind_id) {
            Some(kind) if !kind.sla => ClockTargets::default(),
            Some(kind) if !kind.restore_applies => ClockTargets {
                restore: None,
                ..targets
            },
            _ => targets,
        }
    }

    /// The target of a stage for a site of the given city class: the class's own target when the
    /// stage has one for it, else the stage's general target. `None` = no target (conditional).
    pub fn stage_target(&self, stage_id: &str, city_class: Option<&str>) -> Option<Target> {
        let stage = self.stage(stage_id)?;
        city_class
            .and_then(|c| stage.target_by_city_class.get(c).copied())
            .or(stage.target)
    }

    /// The severity a new ticket starts with: none for kinds without severity (P5 provisioning),
    /// the kind's default for automatic kinds (P5 general query → 3), else the chosen one when it
    /// exists in the profile, else the kind's default.
    pub fn initial_severity(&self, kind_id: &str, chosen: Option<&str>) -> Option<String> {
        let chosen = chosen.filter(|c| self.severity(c).is_some());
        let Some(kind) = self.kind(kind_id) else {
            return chosen.map(str::to_string);
        };
        match kind.severity {
            SeverityRule::None => None,
            SeverityRule::Automatic => kind.default_severity.clone(),
            SeverityRule::Chosen => chosen
                .map(str::to_string)
                .or_else(|| kind.default_severity.clone()),
        }
    }
}
