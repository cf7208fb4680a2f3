//! The monthly report as CSV (RFC 4180: comma-separated, CRLF line ends, fields with commas,
//! quotes or line breaks quoted, quotes doubled).
//!
//! The file has two sections separated by an empty line:
//! 1. one row per ticket (header `number,id,customer,site,...`);
//! 2. a summary (header `section,customer,site,metric,value,tickets`), where `tickets` lists the
//!    ticket numbers behind the value, separated by spaces. The sections `channel` and
//!    `closure_category` count tickets per code (`none`: none recorded); `contract` counts the
//!    tickets registered outside their customer's contract. When the report carries the month's
//!    evidence, its rows come last (section `evidence`: `events`, `merkle_root`, then per device,
//!    named in the `site` column, `head_seq`, `head_event`, `head_hash`).

use std::fmt::Write;

use crate::domain::csv::{row, time};

use super::{ClockResult, Compliance, MonthlyReport};

const TICKET_HEADER: [&str; 25] = [
    "number",
    "id",
    "customer",
    "site",
    "request_kind",
    "severity",
    "status",
    "reported_at",
    "resolved_at",
    "response",
    "response_deadline",
    "update",
    "update_deadline",
    "restore",
    "restore_deadline",
    "restore_elapsed_minutes",
    "restore_paused_minutes",
    "outcome",
    "affected_minutes",
    "affected_source",
    "open_conflicts",
    "process_version",
    "channel",
    "outside_contract",
    "closure_category",
];

const SUMMARY_HEADER: [&str; 6] = ["section", "customer", "site", "metric", "value", "tickets"];

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
/// let csv = to_csv(&monthly_report(&engine.unwrap().into(), &[], (2026, 10), now));
/// assert!(csv.starts_with("number,id,customer,site,"));
/// assert!(csv.contains("\r\nreport,,,month,2026-10,\r\n"));
/// ```
pub fn to_csv(report: &MonthlyReport) -> String {
    let mut out = String::new();
    row(&mut out, TICKET_HEADER.map(String::from));
    for t in &report.tickets {
        let clock = |c: &ClockResult| [c.outcome.code().to_string(), time(c.deadline)];
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
                t.request_kind.clone(),
                t.severity.clone().unwrap_or_default(),
                t.status.code().to_string(),
                time(Some(t.reported_at)),
                time(t.resolved_at),
                response,
                response_deadline,
                update,
                update_deadline,
                restore,
                restore_deadline,
                t.restore.elapsed_minutes.to_string(),
                t.restore.paused_minutes.to_string(),
                t.outcome.code().to_string(),
                t.affected_minutes.to_string(),
                t.affected_source.code().to_string(),
                t.open_conflicts.to_string(),
                t.profile_version.clone().unwrap_or_default(),
                t.channel.clone().unwrap_or_default(),
                t.outside_contract.clone().unwrap_or_default(),
                t.closure_category.clone().unwrap_or_default(),
            ],
        );
    }
    out.push_str("\r\n");
    row(&mut out, SUMMARY_HEADER.map(String::from));
    let mut s = Summary { out: &mut out };
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
        &time(Some(report.period_start)),
        &[],
    );
    s.put(
        "report",
        "",
        None,
        "period_end",
        &time(Some(report.period_end)),
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
    s.put("report", "", None, "now", &time(Some(report.now)), &[]);
    s.put(
        "report",
        "",
        None,
        "provisional",
        &report.provisional.to_string(),
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
                &ok.to_string(),
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
            s.put(section, "", None, code, &count, &c.tickets.tickets);
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
        let fields = [
            section,
            customer,
            site.unwrap_or(""),
            metric,
            value,
            &tickets.join(" "),
        ];
        row(self.out, fields.map(String::from));
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
