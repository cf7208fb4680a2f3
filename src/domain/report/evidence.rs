//! The month's evidence at the end of the report (#20).

use super::MonthlyReport;
use crate::domain::event::Event;
use crate::domain::evidence::{EvidenceError, MonthAnchor};

impl MonthlyReport {
    /// The report ending with the month's evidence over `events` (the whole history: the heads
    /// are each device's last chained event dated before the month's end, the root is over the
    /// events dated in the month).
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
    /// let report = monthly_report(&engine.unwrap().into(), no_tickets, (2026, 10), now).with_evidence(&[]).unwrap();
    /// assert_eq!(report.evidence.as_ref().map(|a| a.events), Some(0));
    /// assert!(to_csv(&report).contains("\r\nevidence,,,merkle_root,"));
    /// ```
    pub fn with_evidence(mut self, events: &[Event]) -> Result<MonthlyReport, EvidenceError> {
        self.evidence = Some(MonthAnchor::compute(
            events,
            &self.month,
            self.period_start,
            self.period_end,
        )?);
        Ok(self)
    }
}
