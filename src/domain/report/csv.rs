//! The monthly report as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas,
//! quotes or line breaks quoted, quotes doubled, formulas neutralised), as two tables: the
//! tickets (one row each) and the summary (`csv_summary`). The app downloads them as two files
//! with headings and values in the reader's language and times in the desk's zone
//! ([`ReportCsvLabels`]); [`to_csv`] (the CLI's `--csv`) writes both into one text with codes
//! and UTC times, the summary after an empty line.
//!
//! The summary's header is `section,customer,site,metric,value,tickets`, where `tickets` lists
//! the ticket numbers behind the value, separated by spaces. The sections `channel` and
//! `closure_category` count tickets per code (`none`: none recorded); `contract` counts the
//! tickets registered outside their customer's contract. When the report carries the month's
//! evidence, its rows come last (section `evidence`: `events`, `merkle_root`, then per device,
//! named in the `site` column, `head_seq`, `head_event`, `head_hash`).

use crate::domain::csv::row;

use super::csv_labels::ReportCsvLabels;
use super::csv_summary::summary_csv;
use super::{ClockResult, MonthlyReport};

/// The report as CSV text.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mesa::domain::engine::Engine;
/// use mesa::domain::profile::{preset, ProcessProfile};
/// use mesa::domain::report::{monthly_report, to_csv};
///
/// let engine = Engine::new(ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap());
/// let now = Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap();
/// let no_tickets: &[mesa::domain::ticket::Ticket] = &[];
/// let csv = to_csv(&monthly_report(&engine.unwrap().into(), no_tickets, (2026, 10), now));
/// assert!(csv.starts_with("number,id,customer,site,"));
/// assert!(csv.contains("\r\nreport,,,month,2026-10,\r\n"));
/// ```
pub fn to_csv(report: &MonthlyReport) -> String {
    let codes = ReportCsvLabels::codes();
    format!(
        "{}\r\n{}",
        tickets_csv(report, &codes),
        summary_csv(report, &codes)
    )
}

/// The report's tickets, one row each, as `labels` names them.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use mesa::domain::engine::Engine;
/// use mesa::domain::profile::{preset, ProcessProfile};
/// use mesa::domain::report::{monthly_report, tickets_csv, ReportCsvLabels};
///
/// let engine = Engine::new(ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap());
/// let now = Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap();
/// let no_tickets: &[mesa::domain::ticket::Ticket] = &[];
/// let report = monthly_report(&engine.unwrap().into(), no_tickets, (2026, 10), now);
/// assert_eq!(tickets_csv(&report, &ReportCsvLabels::codes()).lines().count(), 1);
/// ```
pub fn tickets_csv(report: &MonthlyReport, labels: &ReportCsvLabels) -> String {
    let mut out = String::new();
    row(&mut out, labels.ticket_headings.iter().cloned());
    let name =
        |group: &str, code: Option<&str>| code.map(|c| labels.name(group, c)).unwrap_or_default();
    for t in &report.tickets {
        let clock = |c: &ClockResult| {
            [
                labels.name("outcome", c.outcome.code()),
                labels.time(c.deadline),
            ]
        };
        let [response, response_deadline] = clock(&t.response);
        let [update, update_deadline] = clock(&t.update);
        let [restore, restore_deadline] = clock(&t.restore);
        row(
            &mut out,
            [
                t.number.clone(),
                t.id.clone(),
                t.customer.clone(),
                t.site.clone().unwrap_or_default(),
                labels.name("kind", &t.request_kind),
                name("severity", t.severity.as_deref()),
                t.starting_level.to_string(),
                t.level.to_string(),
                labels.name("status", t.status.code()),
                labels.time(Some(t.reported_at)),
                labels.time(t.resolved_at),
                labels.time(t.restored_with_workaround_at),
                response,
                response_deadline,
                update,
                update_deadline,
                restore,
                restore_deadline,
                t.restore.elapsed_minutes.to_string(),
                t.restore.paused_minutes.to_string(),
                labels.name("outcome", t.outcome.code()),
                t.late_minutes.to_string(),
                t.affected_minutes.to_string(),
                labels.name("source", t.affected_source.code()),
                t.open_conflicts.to_string(),
                t.profile_version.clone().unwrap_or_default(),
                name("channel", t.channel.as_deref()),
                t.outside_contract.clone().unwrap_or_default(),
                name("closure", t.closure_category.as_deref()),
            ],
        );
    }
    out
}
