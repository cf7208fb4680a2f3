//! The report's two CSV files as a spreadsheet user reads them: the tickets and the summary,
//! one table per file, headings and values in the user's language, times in the desk's zone.

use crate::domain::calendar::Zone;
use crate::domain::profile::ProcessProfile;
use crate::domain::report::{
    summary_csv, tickets_csv, MonthlyReport, ReportCsvLabels, SUMMARY_COLUMNS, SUMMARY_METRICS,
    SUMMARY_SECTIONS, TICKET_COLUMNS,
};
use crate::domain::ticket::Status;
use crate::ui::i18n::I18n;

/// Which of the report's files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFile {
    Tickets,
    Summary,
}

/// The file's name and text (with the byte order mark spreadsheets need for UTF-8).
pub fn report_file(
    report: &MonthlyReport,
    profile: &ProcessProfile,
    which: ReportFile,
    i18n: I18n,
) -> (String, String) {
    let labels = labels(report, profile, i18n);
    let month = [("month", report.month.as_str())];
    let (name, text) = match which {
        ReportFile::Tickets => (
            i18n.t_with("reports.csv.file_tickets", &month),
            tickets_csv(report, &labels),
        ),
        ReportFile::Summary => (
            i18n.t_with("reports.csv.file_summary", &month),
            summary_csv(report, &labels),
        ),
    };
    (name, format!("{}{text}", crate::domain::csv::BOM))
}

fn labels(report: &MonthlyReport, profile: &ProcessProfile, i18n: I18n) -> ReportCsvLabels {
    let zone = report.zone.parse::<Zone>().ok();
    let zone_name = zone.map(Zone::name).unwrap_or("UTC");
    let heading =
        |prefix: &str, code: &str| i18n.t_with(&format!("{prefix}.{code}"), &[("zone", zone_name)]);
    let mut labels = ReportCsvLabels {
        ticket_headings: TICKET_COLUMNS
            .iter()
            .map(|c| heading("reports.csv.col", c))
            .collect(),
        summary_headings: SUMMARY_COLUMNS
            .iter()
            .map(|c| heading("reports.csv.summary", c))
            .collect(),
        zone,
        ..ReportCsvLabels::default()
    }
    .with_profile(profile, i18n.language());
    let mut name = |key: String, text: String| {
        labels.names.insert(key, text);
    };
    for status in Status::ALL {
        let code = status.code();
        name(
            format!("status.{code}"),
            i18n.t(&format!("ticket.status.{code}")),
        );
    }
    for code in ["met", "missed", "pending", "not_measured"] {
        name(
            format!("outcome.{code}"),
            i18n.t(&format!("reports.csv.outcome.{code}")),
        );
    }
    for code in ["recorded", "restore_elapsed", "none"] {
        name(
            format!("source.{code}"),
            i18n.t(&format!("reports.csv.source.{code}")),
        );
    }
    for code in SUMMARY_SECTIONS {
        name(
            format!("section.{code}"),
            i18n.t(&format!("reports.csv.section.{code}")),
        );
    }
    for clock in ["response", "update", "restore"] {
        let clock_name = i18n.t(&format!("reports.clock.{clock}"));
        let text = i18n.t_with("reports.csv.section.clock", &[("clock", &clock_name)]);
        name(format!("section.clock:{clock}"), text);
    }
    for stage in &profile.stages {
        let text = i18n.t_with(
            "reports.csv.section.stage",
            &[("stage", &i18n.pt(&stage.name))],
        );
        name(format!("section.stage:{}", stage.id), text);
        for m in &stage.milestones {
            let text = i18n.t_with(
                "reports.csv.section.milestone",
                &[("milestone", &i18n.pt(&m.name))],
            );
            name(format!("section.milestone:{}/{}", stage.id, m.id), text);
        }
    }
    for metric in SUMMARY_METRICS {
        name(
            format!("metric.{metric}"),
            i18n.t(&format!("reports.csv.metric.{metric}")),
        );
    }
    name("channel.none".into(), i18n.t("reports.channel.none"));
    name(
        "closure.none".into(),
        i18n.t("reports.closure_category.none"),
    );
    name("bool.true".into(), i18n.t("reports.csv.yes"));
    name("bool.false".into(), i18n.t("reports.csv.no"));
    labels
}
