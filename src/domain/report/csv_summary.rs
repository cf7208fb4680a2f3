//! The monthly report's summary table as CSV (see `csv`): compliance per clock, stage,
//! customer and site, availability, tickets per channel and closure category, penalties and the
//! month's evidence.

use std::fmt::Write;

use crate::domain::csv::row;

use super::csv_labels::ReportCsvLabels;
use super::{Compliance, MonthlyReport};

/// The report's summary, one row per figure, as `labels` names them.
pub fn summary_csv(report: &MonthlyReport, labels: &ReportCsvLabels) -> String {
    let mut out = String::new();
    row(&mut out, labels.summary_headings.iter().cloned());
    let mut s = Summary {
        out: &mut out,
        labels,
    };
    s.put("report", "", None, "profile", &report.profile, &[]);
    s.put(
        "report",
        "",
        None,
        "process_versions",
        &report.process_versions.join(" "),
        &[],
    );
    s.put("report", "", None, "month", &report.month, &[]);
    s.put("report", "", None, "zone", &report.zone, &[]);
    s.put(
        "report",
        "",
        None,
        "period_start",
        &labels.time(Some(report.period_start)),
        &[],
    );
    s.put(
        "report",
        "",
        None,
        "period_end",
        &labels.time(Some(report.period_end)),
        &[],
    );
    s.put(
        "report",
        "",
        None,
        "minutes_in_month",
        &report.minutes_in_month.to_string(),
        &[],
    );
    s.put(
        "report",
        "",
        None,
        "now",
        &labels.time(Some(report.now)),
        &[],
    );
    s.put(
        "report",
        "",
        None,
        "provisional",
        &labels.yes_no(report.provisional),
        &[],
    );
    s.put(
        "report",
        "",
        None,
        "pending_excluded",
        &report.pending_excluded.to_string(),
        &[],
    );
    s.compliance("overall", "", None, &report.overall);
    for c in &report.by_clock {
        s.compliance(&format!("clock:{}", c.clock), "", None, &c.compliance);
    }
    for c in &report.by_stage {
        s.compliance(&format!("stage:{}", c.stage), "", None, &c.compliance);
    }
    for c in &report.by_milestone {
        let section = format!("milestone:{}/{}", c.stage, c.milestone);
        s.compliance(&section, "", None, &c.compliance);
    }
    for c in &report.by_customer {
        s.compliance("customer", &c.customer, None, &c.compliance);
    }
    for site in &report.by_site {
        let (customer, name) = (site.customer.as_str(), site.site.as_deref());
        s.compliance("site", customer, name, &site.compliance);
        let a = &site.availability;
        let affected = a.affected_minutes.to_string();
        s.put(
            "site",
            customer,
            name,
            "affected_minutes",
            &affected,
            &a.tickets,
        );
        s.put(
            "site",
            customer,
            name,
            "availability_percent",
            &number(a.percent),
            &a.tickets,
        );
        if let Some(ok) = a.meets_target {
            s.put(
                "site",
                customer,
                name,
                "availability_meets_target",
                &labels.yes_no(ok),
                &[],
            );
        }
    }
    for (section, counts) in [
        ("channel", &report.by_channel),
        ("closure_category", &report.by_closure_category),
    ] {
        for c in counts {
            let code = c.code.as_deref().unwrap_or("none");
            let count = c.tickets.count.to_string();
            let group = if section == "channel" {
                "channel"
            } else {
                "closure"
            };
            let metric = labels.name(group, code);
            s.put_named(section, "", None, &metric, &count, &c.tickets.tickets);
        }
    }
    let outside = &report.outside_contract;
    let count = outside.count.to_string();
    s.put(
        "contract",
        "",
        None,
        "outside_contract",
        &count,
        &outside.tickets,
    );
    let restored = &report.restored_with_workaround;
    let count = restored.count.to_string();
    s.put(
        "workaround",
        "",
        None,
        "restored_with_workaround",
        &count,
        &restored.tickets,
    );
    if let Some(p) = &report.penalties {
        let target = number(p.compliance_target_percent);
        s.put(
            "penalty",
            "",
            None,
            "compliance_target_percent",
            &target,
            &[],
        );
        let shortfall = number(p.shortfall_points);
        let tickets = &p.shortfall_tickets.tickets;
        s.put("penalty", "", None, "shortfall_points", &shortfall, tickets);
        let general = number(p.general_invoice_deduction_percent);
        s.put(
            "penalty",
            "",
            None,
            "general_invoice_deduction_percent",
            &general,
            tickets,
        );
        for d in &p.site_deductions {
            let value = number(d.percent_of_site_invoice);
            let (customer, site) = (d.customer.as_str(), d.site.as_deref());
            let metric = "site_invoice_deduction_percent";
            s.put("penalty", customer, site, metric, &value, &d.missed.tickets);
        }
    }
    if let Some(anchor) = &report.evidence {
        // Last, as in the report: the month's evidence (device in the `site` column).
        s.put(
            "evidence",
            "",
            None,
            "events",
            &anchor.events.to_string(),
            &[],
        );
        s.put("evidence", "", None, "merkle_root", &anchor.root, &[]);
        for h in &anchor.heads {
            let site = Some(h.device.as_str());
            s.put("evidence", "", site, "head_seq", &h.seq.to_string(), &[]);
            s.put("evidence", "", site, "head_event", h.event.as_str(), &[]);
            s.put("evidence", "", site, "head_hash", &h.hash, &[]);
        }
    }
    out
}

/// Writes summary rows.
struct Summary<'a> {
    out: &'a mut String,
    labels: &'a ReportCsvLabels,
}

impl Summary<'_> {
    fn put(
        &mut self,
        section: &str,
        customer: &str,
        site: Option<&str>,
        metric: &str,
        value: &str,
        tickets: &[String],
    ) {
        let metric = self.labels.name("metric", metric);
        self.put_named(section, customer, site, &metric, value, tickets);
    }

    /// A row whose metric is already the reader's word.
    fn put_named(
        &mut self,
        section: &str,
        customer: &str,
        site: Option<&str>,
        metric: &str,
        value: &str,
        tickets: &[String],
    ) {
        let fields = [
            self.labels.name("section", section),
            customer.to_string(),
            site.unwrap_or("").to_string(),
            metric.to_string(),
            value.to_string(),
            tickets.join(" "),
        ];
        row(self.out, fields);
    }

    fn compliance(&mut self, section: &str, customer: &str, site: Option<&str>, c: &Compliance) {
        for (metric, refs) in [
            ("met", &c.met),
            ("missed", &c.missed),
            ("pending", &c.pending),
            ("not_measured", &c.not_measured),
        ] {
            self.put(
                section,
                customer,
                site,
                metric,
                &refs.count.to_string(),
                &refs.tickets,
            );
        }
        let percent = c.percent.map(number).unwrap_or_default();
        self.put(section, customer, site, "compliance_percent", &percent, &[]);
    }
}

/// A number with at most 4 decimals and no trailing zeros: 94 → "94", 99.3279569 → "99.328".
fn number(x: f64) -> String {
    let mut s = String::new();
    let _ = write!(s, "{:.4}", (x * 1e4).round() / 1e4);
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        assert_eq!(number(94.0), "94");
        assert_eq!(number(99.327956989), "99.328");
        assert_eq!(number(0.5), "0.5");
    }
}
