//! What the monthly report's CSV files say in the reader's language: column headings, the names
//! of the codes a report holds, and times in the desk's zone. [`ReportCsvLabels::codes`] keeps
//! the codes and UTC times (the CLI's `--csv`, for programs).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::calendar::Zone;
use crate::domain::csv::time as utc_time;
use crate::domain::profile::ProcessProfile;

/// The tickets file's columns, in order; their codes are the headings of
/// [`ReportCsvLabels::codes`].
pub const TICKET_COLUMNS: [&str; 29] = [
    "number",
    "id",
    "customer",
    "site",
    "request_kind",
    "severity",
    "starting_level",
    "level",
    "status",
    "reported_at",
    "resolved_at",
    "workaround_at",
    "response",
    "response_deadline",
    "update",
    "update_deadline",
    "restore",
    "restore_deadline",
    "restore_elapsed_minutes",
    "restore_paused_minutes",
    "outcome",
    "late_minutes",
    "affected_minutes",
    "affected_source",
    "open_conflicts",
    "process_version",
    "channel",
    "outside_contract",
    "closure_category",
];

/// The summary file's columns, in order.
pub const SUMMARY_COLUMNS: [&str; 6] =
    ["section", "customer", "site", "metric", "value", "tickets"];

/// The summary's sections with a fixed name (besides `clock:<clock>` and `stage:<stage>`).
pub const SUMMARY_SECTIONS: [&str; 10] = [
    "report",
    "overall",
    "customer",
    "site",
    "channel",
    "closure_category",
    "contract",
    "workaround",
    "penalty",
    "evidence",
];

/// The summary's metrics (besides the channel and closure category codes, which the profile
/// names).
pub const SUMMARY_METRICS: [&str; 29] = [
    "profile",
    "process_versions",
    "month",
    "zone",
    "period_start",
    "period_end",
    "minutes_in_month",
    "now",
    "provisional",
    "pending_excluded",
    "met",
    "missed",
    "pending",
    "not_measured",
    "compliance_percent",
    "affected_minutes",
    "availability_percent",
    "availability_meets_target",
    "outside_contract",
    "restored_with_workaround",
    "compliance_target_percent",
    "shortfall_points",
    "general_invoice_deduction_percent",
    "site_invoice_deduction_percent",
    "events",
    "merkle_root",
    "head_seq",
    "head_event",
    "head_hash",
];

/// Headings, names and time zone of the report's CSV files.
///
/// `names` maps `group.code` to the reader's word for it. The groups: `status`, `outcome`
/// (a clock's or ticket's result), `source` (where affected minutes come from), `kind`,
/// `severity`, `channel`, `closure` (closure categories), `stage`, `clock`, `section` and
/// `metric` (the summary's rows), `bool` (`true`/`false`). A code without a name is written as
/// it is.
///
/// ```
/// use mesa::domain::report::ReportCsvLabels;
/// let mut labels = ReportCsvLabels::codes();
/// labels.names.insert("status.open".into(), "Abierta".into());
/// assert_eq!(labels.name("status", "open"), "Abierta");
/// assert_eq!(labels.name("status", "closed"), "closed");
/// ```
#[derive(Clone, Debug, Default)]
pub struct ReportCsvLabels {
    /// The tickets file's headings in [`TICKET_COLUMNS`] order.
    pub ticket_headings: Vec<String>,
    /// The summary file's headings in [`SUMMARY_COLUMNS`] order.
    pub summary_headings: Vec<String>,
    pub names: BTreeMap<String, String>,
    /// Times as local `YYYY-MM-DD HH:MM` in this zone; `None`: UTC RFC 3339.
    pub zone: Option<Zone>,
}

impl ReportCsvLabels {
    /// Headings and values as codes, times in UTC (for programs reading the file).
    pub fn codes() -> Self {
        Self {
            ticket_headings: TICKET_COLUMNS.map(String::from).to_vec(),
            summary_headings: SUMMARY_COLUMNS.map(String::from).to_vec(),
            ..Self::default()
        }
    }

    /// Adds the profile's names of its request kinds, severities, channels, closure
    /// categories and stages, in `language` (its translations, [`ProcessProfile::text`]).
    pub fn with_profile(mut self, profile: &ProcessProfile, language: &str) -> Self {
        let groups = [
            (
                "kind",
                named(profile.request_kinds.iter().map(|k| (&k.id, &k.name))),
            ),
            (
                "severity",
                named(profile.severities.iter().map(|s| (&s.id, &s.name))),
            ),
            (
                "channel",
                named(
                    profile
                        .registration
                        .channels
                        .iter()
                        .map(|c| (&c.id, &c.name)),
                ),
            ),
            (
                "stage",
                named(profile.stages.iter().map(|s| (&s.id, &s.name))),
            ),
            (
                "closure",
                named(profile.closure.categories.iter().map(|c| (&c.id, &c.name))),
            ),
        ];
        for (group, names) in groups {
            for (code, name) in names {
                let name = profile.text(&name, language).to_string();
                self.names.insert(format!("{group}.{code}"), name);
            }
        }
        self
    }

    /// The reader's word for `code` in `group`, or the code.
    pub fn name(&self, group: &str, code: &str) -> String {
        self.names
            .get(&format!("{group}.{code}"))
            .cloned()
            .unwrap_or_else(|| code.to_string())
    }

    /// A time as the file writes it; none is an empty field.
    pub fn time(&self, t: Option<DateTime<Utc>>) -> String {
        match (self.zone, t) {
            (Some(zone), Some(t)) => zone.local(t).format("%Y-%m-%d %H:%M").to_string(),
            _ => utc_time(t),
        }
    }

    /// A yes/no as the file writes it.
    pub fn yes_no(&self, value: bool) -> String {
        self.name("bool", if value { "true" } else { "false" })
    }
}

fn named<'a>(items: impl Iterator<Item = (&'a String, &'a String)>) -> Vec<(String, String)> {
    items.map(|(id, name)| (id.clone(), name.clone())).collect()
}
