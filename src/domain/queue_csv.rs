//! The queue as CSV: one row per ticket, for a spreadsheet.

use std::borrow::Borrow;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::csv::{row as csv_row, time};
use super::ticket::Ticket;

use super::profile::ProcessProfile;
use super::ticket::Status;

/// The columns, in order; the codes are the headings of [`QueueCsvLabels::codes`].
pub const QUEUE_COLUMNS: [&str; 21] = [
    "number",
    "id",
    "status",
    "request_kind",
    "severity",
    "channel",
    "customer",
    "site",
    "starting_level",
    "level",
    "assignee",
    "stage",
    "opened_at",
    "reported_at",
    "updated_at",
    "first_response_at",
    "resolved_at",
    "closed_at",
    "open_conflicts",
    "outside_contract",
    "description",
];

/// What the queue CSV says in the reader's language: the column headings (in
/// [`QUEUE_COLUMNS`] order) and the names of the codes a ticket holds. A code with no name is
/// written as it is.
#[derive(Clone, Debug, Default)]
pub struct QueueCsvLabels {
    pub headings: Vec<String>,
    pub statuses: BTreeMap<Status, String>,
    pub request_kinds: BTreeMap<String, String>,
    pub severities: BTreeMap<String, String>,
    pub stages: BTreeMap<String, String>,
    pub channels: BTreeMap<String, String>,
}

impl QueueCsvLabels {
    /// Headings and values as codes (for programs reading the file).
    pub fn codes() -> Self {
        Self {
            headings: QUEUE_COLUMNS.iter().map(|c| c.to_string()).collect(),
            ..Self::default()
        }
    }

    /// The profile's names for its request kinds, severities and stages in `language` (its
    /// translations, [`ProcessProfile::text`]), with the given headings and status names.
    pub fn named(
        profile: &ProcessProfile,
        language: &str,
        headings: Vec<String>,
        statuses: BTreeMap<Status, String>,
    ) -> Self {
        Self {
            headings,
            statuses,
            request_kinds: profile
                .request_kinds
                .iter()
                .map(|k| (k.id.clone(), profile.text(&k.name, language).to_string()))
                .collect(),
            severities: profile
                .severities
                .iter()
                .map(|s| (s.id.clone(), profile.text(&s.name, language).to_string()))
                .collect(),
            stages: profile
                .stages
                .iter()
                .map(|s| (s.id.clone(), profile.text(&s.name, language).to_string()))
                .collect(),
            channels: profile
                .registration
                .channels
                .iter()
                .map(|c| (c.id.clone(), profile.text(&c.name, language).to_string()))
                .collect(),
        }
    }
}

fn name(names: &BTreeMap<String, String>, code: Option<&str>) -> String {
    code.map(|c| names.get(c).cloned().unwrap_or_else(|| c.to_string()))
        .unwrap_or_default()
}

/// The queue as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or
/// line breaks quoted, quotes doubled, formulas neutralised), one row per ticket in the given
/// order, times in UTC RFC 3339, headings and codes as `labels` names them.
///
/// ```
/// use mesa::domain::queue_csv::{queue_csv, QueueCsvLabels};
/// use mesa::domain::ticket::Ticket;
/// let csv = queue_csv::<Ticket>(&[], &QueueCsvLabels::codes());
/// assert!(csv.starts_with("number,id,status,"));
/// assert!(csv.ends_with("description\r\n"));
/// ```
pub fn queue_csv<T: Borrow<Ticket>>(tickets: &[T], labels: &QueueCsvLabels) -> String {
    let mut out = String::new();
    csv_row(&mut out, labels.headings.iter().cloned());
    for t in tickets.iter().map(Borrow::borrow) {
        csv_row(
            &mut out,
            [
                String::from(&*t.number),
                t.id.0.clone(),
                labels
                    .statuses
                    .get(&t.status)
                    .cloned()
                    .unwrap_or_else(|| t.status.code().to_string()),
                name(&labels.request_kinds, Some(&t.request_kind)),
                name(&labels.severities, t.severity.as_deref()),
                name(&labels.channels, t.channel.as_deref()),
                t.customer.to_string(),
                t.site.as_deref().unwrap_or_default().to_string(),
                t.starting_level().to_string(),
                t.level.to_string(),
                t.assignee.as_deref().unwrap_or_default().to_string(),
                name(&labels.stages, t.stage.as_deref()),
                time(Some(t.opened_at)),
                time(Some(t.reported_at)),
                time(Some(t.updated_at)),
                time(t.first_response_at),
                time(t.resolved_at),
                time(t.closed_at),
                t.open_conflicts().count().to_string(),
                t.outside_contract
                    .as_deref()
                    .unwrap_or_default()
                    .to_string(),
                String::from(&*t.description),
            ],
        );
    }
    out
}

/// A file name for the queue CSV: `mesa-bandeja-YYYYMMDD-HHMM.csv`.
pub fn queue_csv_file_name(now: DateTime<Utc>) -> String {
    format!("mesa-bandeja-{}.csv", now.format("%Y%m%d-%H%M"))
}
