//! The report's files that carry the month's evidence (#20): the JSON report (as `mesa report`
//! prints it, `evidence` at its end) and the summary CSV (its `evidence` rows last). The evidence
//! (every device's chain head and the Merkle root of the month's events) is computed from every
//! event this device holds when the file is asked for, so a customer who keeps the file can check
//! the desk's history later with `mesa verify --report FILE`.

use crate::app::desk::Desk;
use crate::domain::report::MonthlyReport;
use crate::ui::i18n::I18n;

use super::csv_export::{report_file, ReportFile};

/// A file of the report with the evidence: its name, MIME type and text.
pub struct EvidenceFile {
    pub name: String,
    pub mime: &'static str,
    pub text: String,
}

/// Which file with the evidence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithEvidence {
    Json,
    SummaryCsv,
}

/// `report` with the month's evidence over this device's whole history, as the file `which`.
pub async fn evidence_file(
    desk: &Desk,
    report: MonthlyReport,
    which: WithEvidence,
    i18n: I18n,
) -> Result<EvidenceFile, String> {
    let events = desk.all_events().await.map_err(|e| e.to_string())?;
    let report = report.with_evidence(&events).map_err(|e| e.to_string())?;
    Ok(match which {
        WithEvidence::Json => EvidenceFile {
            name: i18n.t_with("reports.json.file", &[("month", report.month.as_str())]),
            mime: "application/json",
            text: serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?,
        },
        WithEvidence::SummaryCsv => {
            let (name, text) = report_file(&report, &desk.profile, ReportFile::Summary, i18n);
            EvidenceFile {
                name,
                mime: "text/csv;charset=utf-8",
                text,
            }
        }
    })
}
