//! Monthly compliance, availability and penalties (P4: "cumplimiento mensual ≥ 98 %, el faltante
//! se descuenta de la factura general; los incidentes no atendidos a tiempo se descuentan de la
//! factura de la sede afectada; disponibilidad 99,99 %").
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::engine::Engine;
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::report::{monthly_report, to_csv};
//! use mesa::domain::ticket::Ticket;
//!
//! let profile = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
//! let engine = Engine::new(profile).unwrap();
//! let tickets: Vec<Ticket> = vec![]; // mesa::domain::fold::fold_all(&events)
//! let now = Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap();
//! let report = monthly_report(&engine, &tickets, (2026, 10), now);
//! assert_eq!(report.minutes_in_month, 31 * 24 * 60);
//! assert_eq!(report.overall.percent, None); // nothing measured
//! assert!(to_csv(&report).starts_with("number,id,customer,site,"));
//! ```
//!
//! # Rules
//!
//! - The month is read in the zone of the profile's default calendar. The tickets counted are
//!   those **reported** in the month (`Ticket::reported_at`, which defaults to registration).
//! - Per ticket and clock (response, update, restore): met, missed, pending (still running at
//!   `now`, no breach yet) or not measured (off, no target). A ticket is met when every clock that
//!   applies is met, missed when any is missed.
//! - **Pending tickets are left out of every percentage** and listed under `pending`
//!   (`MonthlyReport::pending_excluded`); the report is `provisional` while any is pending or the
//!   month has not ended at `now`.
//! - Tickets rejected out of scope are not measured.
//! - Affected minutes: the closure's `affected_minutes`, else, for incident-like kinds
//!   (category incident or technical), the restore clock's elapsed minutes. They are attributed
//!   to the month the ticket was reported in and summed per site (overlaps are not merged).
//!   Availability per site = 1 − affected / minutes in the month (7×24).
//! - Penalties ([`PenaltySpec`]): shortfall points = target − compliance (when below), times
//!   `percent_per_point` off the general invoice; each missed ticket takes
//!   `percent_of_site_invoice` off its site's invoice. Deductions are capped at 100 %.
//!
//! Every number carries the tickets behind it ([`Refs`]), by ticket number.

mod csv;
mod line;
mod month;
mod outcome;
mod penalties;
mod tally;

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use crate::domain::engine::Engine;
use crate::domain::sla::Clock;
use crate::domain::ticket::{Status, Ticket};

pub use csv::to_csv;
pub use month::MonthSpan;
pub use outcome::Outcome;
pub use tally::{Compliance, Refs};

use line::ticket_line;
use penalties::compute_penalties;
use tally::reaches;

/// The result of one clock of one ticket.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClockResult {
    pub outcome: Outcome,
    pub deadline: Option<DateTime<Utc>>,
    pub stopped_at: Option<DateTime<Utc>>,
    pub elapsed_minutes: i64,
    pub paused_minutes: i64,
}

impl ClockResult {
    fn of(clock: &Clock) -> Self {
        Self {
            outcome: Outcome::of_clock(clock),
            deadline: clock.deadline,
            stopped_at: clock.stopped_at,
            elapsed_minutes: clock.elapsed_minutes,
            paused_minutes: clock.paused_minutes,
        }
    }
}

/// Where a ticket's affected minutes come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AffectedSource {
    /// `affected_minutes` recorded with the resolution.
    Recorded,
    /// Not recorded: the restore clock's elapsed minutes.
    RestoreElapsed,
    /// Not an incident, or rejected: no affectation.
    None,
}

impl AffectedSource {
    /// A stable code for CSV: `recorded`, `restore_elapsed`, `none`.
    pub fn code(self) -> &'static str {
        match self {
            Self::Recorded => "recorded",
            Self::RestoreElapsed => "restore_elapsed",
            Self::None => "none",
        }
    }
}

/// One ticket of the month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TicketLine {
    pub id: String,
    pub number: String,
    pub customer: String,
    pub site: Option<String>,
    pub request_kind: String,
    pub severity: Option<String>,
    pub status: Status,
    pub reported_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub response: ClockResult,
    pub update: ClockResult,
    pub restore: ClockResult,
    /// Met when every applicable clock is met; missed when any is missed.
    pub outcome: Outcome,
    pub affected_minutes: i64,
    pub affected_source: AffectedSource,
    /// Conflicts still waiting for a person (the numbers may change once they are resolved).
    pub open_conflicts: usize,
}

/// Compliance of one clock over the month's tickets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClockCompliance {
    /// `"response"`, `"update"` or `"restore"`.
    pub clock: String,
    pub compliance: Compliance,
}

/// Ticket compliance of one customer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CustomerReport {
    pub customer: String,
    pub compliance: Compliance,
}

/// Affected minutes and availability of one site over the month.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Availability {
    pub minutes_in_month: i64,
    pub affected_minutes: i64,
    /// Tickets with affected minutes.
    pub tickets: Vec<String>,
    /// `(1 − affected / minutes_in_month) × 100`, at least 0.
    pub percent: f64,
    pub target_percent: Option<f64>,
    pub meets_target: Option<bool>,
}

/// Compliance and availability of one site ("sede") of one customer.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SiteReport {
    pub customer: String,
    /// `None`: tickets registered without a site.
    pub site: Option<String>,
    pub compliance: Compliance,
    pub availability: Availability,
}

/// The deduction from one site's invoice for its missed tickets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SiteDeduction {
    pub customer: String,
    pub site: Option<String>,
    pub percent_per_ticket: f64,
    /// `missed × percent_per_ticket`, at most 100.
    pub percent_of_site_invoice: f64,
    pub missed: Refs,
}

/// The month's penalties under the profile's [`PenaltySpec`].
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Penalties {
    pub compliance_target_percent: f64,
    /// The month's ticket compliance (`None`: no measured ticket, no penalty).
    pub compliance_percent: Option<f64>,
    /// Percentage points below the target (0 when it is reached).
    pub shortfall_points: f64,
    pub percent_per_point: Option<f64>,
    /// Shortfall × percent per point, at most 100.
    pub general_invoice_deduction_percent: f64,
    /// The missed tickets behind the shortfall (empty when the target is reached).
    pub shortfall_tickets: Refs,
    /// One entry per site with missed tickets, when the profile deducts per missed ticket.
    pub site_deductions: Vec<SiteDeduction>,
    pub availability_target_percent: Option<f64>,
    /// Sites whose availability is below the target, as `(customer, site)` display names.
    pub sites_below_availability: Vec<String>,
}

/// The monthly compliance, availability and penalty report. Serializes to JSON in a stable
/// order (tickets by report time then number; customers and sites by name).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MonthlyReport {
    pub profile: String,
    /// `"2026-10"`.
    pub month: String,
    /// The zone the month is read in (the default calendar's).
    pub zone: String,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub minutes_in_month: i64,
    /// The time the report was computed for.
    pub now: DateTime<Utc>,
    /// True while the month has not ended at `now` or some ticket is pending: numbers can change.
    pub provisional: bool,
    /// Always true: pending tickets are excluded from every percentage and listed as pending.
    pub pending_excluded: bool,
    pub notes: Vec<String>,
    pub tickets: Vec<TicketLine>,
    /// Ticket compliance over the month (all clocks together).
    pub overall: Compliance,
    pub by_clock: Vec<ClockCompliance>,
    pub by_customer: Vec<CustomerReport>,
    pub by_site: Vec<SiteReport>,
    /// `None` when the profile has no penalty rules.
    pub penalties: Option<Penalties>,
}

impl MonthlyReport {
    /// The line of a ticket by number or id.
    pub fn ticket(&self, number_or_id: &str) -> Option<&TicketLine> {
        self.tickets
            .iter()
            .find(|t| t.number == number_or_id || t.id == number_or_id)
    }

    /// The report of a site by customer and site name.
    pub fn site(&self, customer: &str, site: Option<&str>) -> Option<&SiteReport> {
        self.by_site
            .iter()
            .find(|s| s.customer == customer && s.site.as_deref() == site)
    }
}

/// The monthly report for `month` = `(year, month)` as seen at `now`. See the module
/// documentation for the rules.
///
/// An unknown default calendar zone falls back to UTC; an impossible month gives an empty report
/// for the span of zero minutes starting at `now` (the CLI checks months before calling).
pub fn monthly_report(
    engine: &Engine,
    tickets: &[Ticket],
    month: (i32, u32),
    now: DateTime<Utc>,
) -> MonthlyReport {
    let profile = engine.profile();
    let zone = profile
        .calendar(&profile.default_calendar)
        .and_then(|c| c.zone.parse::<Tz>().ok())
        .unwrap_or(Tz::UTC);
    let span = MonthSpan::new(month.0, month.1, zone).unwrap_or(MonthSpan {
        year: month.0,
        month: month.1,
        start: now,
        end: now,
    });
    let penalties = profile.penalties;
    let target = penalties.map(|p| p.compliance_target_percent);

    let mut month_tickets: Vec<&Ticket> = tickets
        .iter()
        .filter(|t| span.contains(t.reported_at))
        .collect();
    month_tickets
        .sort_by(|a, b| (a.reported_at, &a.number, &a.id).cmp(&(b.reported_at, &b.number, &b.id)));
    let lines: Vec<TicketLine> = month_tickets
        .iter()
        .map(|t| ticket_line(profile, t, &engine.clocks(t, now)))
        .collect();

    let mut overall = Compliance::default();
    let mut clocks: [Compliance; 3] = Default::default();
    let mut customers: BTreeMap<&str, Compliance> = BTreeMap::new();
    let mut sites: BTreeMap<(&str, Option<&str>), SiteTally> = BTreeMap::new();
    for line in &lines {
        let name = reference(line);
        overall.add(line.outcome, name);
        for (c, r) in clocks
            .iter_mut()
            .zip([&line.response, &line.update, &line.restore])
        {
            c.add(r.outcome, name);
        }
        customers
            .entry(&line.customer)
            .or_default()
            .add(line.outcome, name);
        let site = sites
            .entry((&line.customer, line.site.as_deref()))
            .or_default();
        site.compliance.add(line.outcome, name);
        if line.affected_minutes > 0 {
            site.affected_minutes += line.affected_minutes;
            site.affected_tickets.push(name.to_string());
        }
    }
    overall.finish(target);

    let by_clock = ["response", "update", "restore"]
        .into_iter()
        .zip(clocks)
        .map(|(clock, mut compliance)| {
            compliance.finish(target);
            ClockCompliance {
                clock: clock.to_string(),
                compliance,
            }
        })
        .collect();
    let by_customer = customers
        .into_iter()
        .map(|(customer, mut compliance)| {
            compliance.finish(target);
            CustomerReport {
                customer: customer.to_string(),
                compliance,
            }
        })
        .collect();
    let availability_target = penalties.and_then(|p| p.availability_target_percent);
    let by_site: Vec<SiteReport> = sites
        .into_iter()
        .map(|((customer, site), tally)| {
            let SiteTally {
                mut compliance,
                affected_minutes: affected,
                affected_tickets: tickets,
            } = tally;
            compliance.finish(target);
            let minutes = span.minutes();
            let percent = if minutes > 0 {
                (100.0 - affected as f64 * 100.0 / minutes as f64).max(0.0)
            } else {
                100.0
            };
            SiteReport {
                customer: customer.to_string(),
                site: site.map(str::to_string),
                compliance,
                availability: Availability {
                    minutes_in_month: minutes,
                    affected_minutes: affected,
                    tickets,
                    percent,
                    target_percent: availability_target,
                    meets_target: availability_target.map(|t| reaches(percent, t)),
                },
            }
        })
        .collect();

    let penalties = penalties.map(|spec| compute_penalties(&spec, &overall, &by_site));
    let provisional = now < span.end || overall.pending.count > 0;
    MonthlyReport {
        profile: profile.id.clone(),
        month: span.label(),
        zone: zone.name().to_string(),
        period_start: span.start,
        period_end: span.end,
        minutes_in_month: span.minutes(),
        now,
        provisional,
        pending_excluded: true,
        notes: notes(),
        tickets: lines,
        overall,
        by_clock,
        by_customer,
        by_site,
        penalties,
    }
}

/// What is summed per site while going through the tickets.
#[derive(Default)]
struct SiteTally {
    compliance: Compliance,
    affected_minutes: i64,
    affected_tickets: Vec<String>,
}

fn notes() -> Vec<String> {
    [
        "Tickets counted: those reported in the month, in the zone of the default calendar.",
        "Pending tickets (a clock still running, no breach yet) are excluded from every \
         percentage and listed under `pending`.",
        "A ticket is met when every clock that applies to it is met, missed when any is missed.",
        "Affected minutes are attributed to the month the ticket was reported in and summed per \
         site; availability is counted 7x24 over the whole month.",
    ]
    .map(String::from)
    .to_vec()
}

/// The ticket number, or its id when it has none.
fn reference(line: &TicketLine) -> &str {
    if line.number.is_empty() {
        &line.id
    } else {
        &line.number
    }
}

/// `"ACME / Sede Norte"`, or `"ACME / (sin sede)"`.
pub(crate) fn site_label(customer: &str, site: Option<&str>) -> String {
    format!("{customer} / {}", site.unwrap_or("(sin sede)"))
}
