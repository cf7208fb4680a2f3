//! The queue as CSV: one row per ticket, for a spreadsheet.

use chrono::{DateTime, Utc};

use super::csv::{row as csv_row, time};
use super::ticket::Ticket;

const QUEUE_HEADER: [&str; 18] = [
    "number",
    "id",
    "status",
    "request_kind",
    "severity",
    "customer",
    "site",
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
    "description",
];

/// The queue as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas, quotes or
/// line breaks quoted, quotes doubled), one row per ticket in the given order, times in UTC
/// RFC 3339.
///
/// ```
/// let csv = mesa::domain::queue_csv::queue_csv(&[]);
/// assert!(csv.starts_with("number,id,status,"));
/// assert!(csv.ends_with("description\r\n"));
/// ```
pub fn queue_csv(tickets: &[Ticket]) -> String {
    let mut out = String::new();
    csv_row(&mut out, QUEUE_HEADER.iter().map(|h| h.to_string()));
    for t in tickets {
        csv_row(
            &mut out,
            [
                t.number.clone(),
                t.id.0.clone(),
                t.status.code().to_string(),
                t.request_kind.clone(),
                t.severity.clone().unwrap_or_default(),
                t.customer.clone(),
                t.site.clone().unwrap_or_default(),
                t.level.to_string(),
                t.assignee.clone().unwrap_or_default(),
                t.stage.clone().unwrap_or_default(),
                time(Some(t.opened_at)),
                time(Some(t.reported_at)),
                time(Some(t.updated_at)),
                time(t.first_response_at),
                time(t.resolved_at),
                time(t.closed_at),
                t.open_conflicts().count().to_string(),
                t.description.clone(),
            ],
        );
    }
    out
}

/// A file name for the queue CSV: `mesa-bandeja-YYYYMMDD-HHMM.csv`.
pub fn queue_csv_file_name(now: DateTime<Utc>) -> String {
    format!("mesa-bandeja-{}.csv", now.format("%Y%m%d-%H%M"))
}
