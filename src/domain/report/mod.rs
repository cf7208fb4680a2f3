//! Monthly compliance, availability and penalties (P4: "cumplimiento mensual ≥ 98 %, el faltante
//! se descuenta de la factura general; los incidentes no atendidos a tiempo se descuentan de la
//! factura de la sede afectada; disponibilidad 99,99 %").
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::engine::Engine;
//! use mesa::domain::engines::Engines;
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::report::{monthly_report, to_csv};
//! use mesa::domain::ticket::Ticket;
//!
//! let profile = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
//! // One engine per published process version (a ticket's clocks use the one it keeps).
//! let engines = Engines::new(Engine::new(profile).unwrap());
//! let tickets: Vec<Ticket> = vec![]; // mesa::domain::fold::fold_all(&events)
//! let now = Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap();
//! let report = monthly_report(&engines, &tickets, (2026, 10), now);
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
//!   to the month the ticket was reported in. Per site they count once where they overlap: each
//!   ticket's outage runs from its report for its affected minutes, and the union of those
//!   spans is the site's affected time (two reports of one outage do not double it).
//!   Availability per site = 1 − affected / minutes in the month (7×24).
//! - Penalties ([`PenaltySpec`]): shortfall points = target − compliance (when below), times
//!   `percent_per_point` off the general invoice; each missed ticket takes
//!   `percent_of_site_invoice` off its site's invoice. Deductions are capped at 100 %.
//!
//! Every number carries the tickets behind it ([`Refs`]), by ticket number.

mod csv;
mod csv_labels;
mod csv_summary;
mod evidence;
mod line;
mod model;
mod month;
mod outcome;
mod penalties;
mod scope;
mod tally;
mod versions;

use std::borrow::Borrow;
use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::domain::calendar::Zone;
use crate::domain::engines::Engines;
use crate::domain::ticket::Ticket;

pub use csv::{tickets_csv, to_csv};
pub use csv_labels::{
    ReportCsvLabels, SUMMARY_COLUMNS, SUMMARY_METRICS, SUMMARY_SECTIONS, TICKET_COLUMNS,
};
pub use csv_summary::summary_csv;
pub use model::{
    AffectedSource, Availability, ClockCompliance, ClockResult, CodeCount, CustomerReport,
    MilestoneCompliance, MilestoneResult, MonthlyReport, Penalties, SiteDeduction, SiteReport,
    StageCompliance, StageResult, TicketLine,
};
pub use month::MonthSpan;
pub use outcome::Outcome;
pub use scope::ReportScope;
pub use tally::{Compliance, Refs};
pub use versions::versions_covered;

use line::ticket_line;
use penalties::compute_penalties;
use tally::{count_by, reaches, union_minutes};

/// The monthly report for `month` = `(year, month)` as seen at `now`. See the module
/// documentation for the rules. Each ticket's clocks run on the process version it keeps
/// ([`Engines::for_ticket`]); the month's zone, stages and penalty rules are the active
/// version's, and the report lists every version it covers.
///
/// An unknown default calendar zone falls back to UTC; an impossible month gives an empty report
/// for the span of zero minutes starting at `now` (the CLI checks months before calling).
pub fn monthly_report<T: Borrow<Ticket>>(
    engines: &Engines,
    tickets: &[T],
    month: (i32, u32),
    now: DateTime<Utc>,
) -> MonthlyReport {
    let profile = engines.active().profile();
    let zone = profile
        .calendar(&profile.default_calendar)
        .and_then(|c| c.zone.parse::<Zone>().ok())
        .unwrap_or(Zone::UTC);
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
        .map(Borrow::borrow)
        .filter(|t| span.contains(t.reported_at))
        .collect();
    month_tickets
        .sort_by(|a, b| (a.reported_at, &a.number, &a.id).cmp(&(b.reported_at, &b.number, &b.id)));
    let lines: Vec<TicketLine> = month_tickets
        .iter()
        .map(|t| {
            let engine = engines.for_ticket(t);
            let stages = engine.stage_clocks(t, now);
            let milestones = engine.milestone_clocks(t, now);
            let mut line = ticket_line(profile, t, &engine.clocks(t, now), &stages, &milestones);
            line.profile_version = engines.version_of(t).map(str::to_string);
            line
        })
        .collect();

    let mut overall = Compliance::default();
    let mut clocks: [Compliance; 3] = Default::default();
    let mut stages: Vec<(&str, Compliance)> = profile
        .stages
        .iter()
        .filter(|s| s.target.is_some() || !s.target_by_city_class.is_empty())
        .map(|s| (s.id.as_str(), Compliance::default()))
        .collect();
    let mut milestones: Vec<(&str, &str, Compliance)> = profile
        .stages
        .iter()
        .flat_map(|s| s.milestones.iter().map(move |m| (s, m)))
        .filter(|(_, m)| m.target.is_some() || !m.target_by_city_class.is_empty())
        .map(|(s, m)| (s.id.as_str(), m.id.as_str(), Compliance::default()))
        .collect();
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
        for stay in &line.stages {
            if let Some((_, c)) = stages.iter_mut().find(|(id, _)| *id == stay.stage) {
                c.add(stay.result.outcome, name);
            }
        }
        for m in &line.milestones {
            if let Some((_, _, c)) = milestones
                .iter_mut()
                .find(|(s, id, _)| *s == m.stage && *id == m.milestone)
            {
                c.add(m.result.outcome, name);
            }
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
            let start = line.reported_at.timestamp_millis();
            let end = start.saturating_add(line.affected_minutes.saturating_mul(60_000));
            site.outages.push((start, end));
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
    let by_stage = stages
        .into_iter()
        .map(|(stage, mut compliance)| {
            compliance.finish(target);
            StageCompliance {
                stage: stage.to_string(),
                compliance,
            }
        })
        .collect();
    let by_milestone = milestones
        .into_iter()
        .map(|(stage, milestone, mut compliance)| {
            compliance.finish(target);
            MilestoneCompliance {
                stage: stage.to_string(),
                milestone: milestone.to_string(),
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
                outages,
                affected_tickets: tickets,
            } = tally;
            let affected = union_minutes(outages);
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

    let penalties = penalties.map(|spec| compute_penalties(&spec, &overall, &by_site, &lines));
    let channels = profile.registration.channels.iter().map(|c| c.id.as_str());
    let by_channel = count_by(&lines, channels, |l| Some(l.channel.as_deref()));
    let categories = profile.closure.categories.iter().map(|c| c.id.as_str());
    let by_closure_category = count_by(&lines, categories, |l| {
        l.resolved_at.map(|_| l.closure_category.as_deref())
    });
    let mut outside_contract = Refs::default();
    for line in lines.iter().filter(|l| l.outside_contract.is_some()) {
        outside_contract.add(reference(line));
    }
    let mut restored_with_workaround = Refs::default();
    for line in lines
        .iter()
        .filter(|l| l.restored_with_workaround_at.is_some())
    {
        restored_with_workaround.add(reference(line));
    }
    let provisional = now < span.end || overall.pending.count > 0;
    MonthlyReport {
        profile: profile.id.clone(),
        process_versions: versions_covered(engines.versions(), tickets, &span),
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
        by_stage,
        by_milestone,
        by_customer,
        by_site,
        penalties,
        evidence: None,
        by_channel,
        by_closure_category,
        outside_contract,
        restored_with_workaround,
    }
}

/// What is summed per site while going through the tickets.
#[derive(Default)]
struct SiteTally {
    compliance: Compliance,
    /// Each affecting ticket's outage, `[start, end)` in milliseconds.
    outages: Vec<(i64, i64)>,
    affected_tickets: Vec<String>,
}

fn notes() -> Vec<String> {
    [
        "Tickets counted: those reported in the month, in the zone of the default calendar.",
        "Pending tickets (a clock still running, no breach yet) are excluded from every \
         percentage and listed under `pending`.",
        "A ticket is met when every clock that applies to it (its stages' and milestones' included) \
         is met, missed when any is missed.",
        "Affected minutes are attributed to the month the ticket was reported in; per site, \
         outages that overlap in time (each from its report, for its affected minutes) count \
         once; availability is counted 7x24 over the whole month.",
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
