//! The shapes of the monthly report: per ticket, per customer and per site, availability and
//! penalties. Computed by [`super::monthly_report`].

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::evidence::MonthAnchor;

use super::{Compliance, Outcome, Refs};
use crate::domain::sla::Clock;
use crate::domain::ticket::Status;

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
    pub(super) fn of(clock: &Clock) -> Self {
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
    /// The functional level the ticket started at (P2: confirmed at registration).
    pub starting_level: u8,
    /// The level it is at now.
    pub level: u8,
    pub status: Status,
    pub reported_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub response: ClockResult,
    pub update: ClockResult,
    pub restore: ClockResult,
    /// Each stay in a stage with its result against the stage's target, in order.
    pub stages: Vec<StageResult>,
    /// Each milestone started in those stays (P3: travel, field solution), in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<MilestoneResult>,
    /// Met when every applicable clock (stages included) is met; missed when any is missed.
    pub outcome: Outcome,
    pub affected_minutes: i64,
    pub affected_source: AffectedSource,
    /// Conflicts still waiting for a person (the numbers may change once they are resolved).
    pub open_conflicts: usize,
    /// The published process version the ticket's clocks ran on (none when the desk published
    /// none).
    pub profile_version: Option<String>,
    /// How the customer reached the desk (the profile's channel id).
    pub channel: Option<String>,
    /// Registered outside the customer's contract: the reason recorded.
    pub outside_contract: Option<String>,
    /// The closure category of its resolution, if any.
    pub closure_category: Option<String>,
    /// How far past its target the later of its missed attention and solution clocks went, in
    /// that clock's counted minutes (0 when neither was missed).
    pub late_minutes: i64,
    /// When the service was restored with a workaround, before the final fix (P5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub restored_with_workaround_at: Option<DateTime<Utc>>,
}

/// The month's tickets with one code (a channel, a closure category; `None`: none recorded).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CodeCount {
    pub code: Option<String>,
    pub tickets: Refs,
}

/// One stay of a ticket in a stage (its id) and its result against the stage's target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageResult {
    pub stage: String,
    pub result: ClockResult,
}

/// One milestone's result in a stay (see [`crate::domain::profile::Milestone`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MilestoneResult {
    pub stage: String,
    pub milestone: String,
    pub result: ClockResult,
}

/// Compliance of one milestone's target over the month's stays that started it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MilestoneCompliance {
    pub stage: String,
    pub milestone: String,
    pub compliance: Compliance,
}

/// Compliance of one stage's target over the month's stays in it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StageCompliance {
    /// The stage's id.
    pub stage: String,
    pub compliance: Compliance,
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
    /// The rule is proportional to lateness: `percent_per_ticket` for every started this many
    /// minutes late (see [`crate::domain::profile::MissedTicketDeduction`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_late_minutes: Option<u32>,
    /// The sum of what each missed ticket deducts, at most 100.
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
    /// The published process versions the report covers (see [`super::versions_covered`]):
    /// empty when the desk published none.
    pub process_versions: Vec<String>,
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
    /// One entry per stage with a target, in the profile's order.
    pub by_stage: Vec<StageCompliance>,
    /// One entry per milestone with a target, in the profile's order (P3: travel, field
    /// solution).
    pub by_milestone: Vec<MilestoneCompliance>,
    pub by_customer: Vec<CustomerReport>,
    pub by_site: Vec<SiteReport>,
    /// `None` when the profile has no penalty rules.
    pub penalties: Option<Penalties>,
    /// The month's evidence (#20): every device's chain head and the Merkle root of the month's
    /// events, set by [`MonthlyReport::with_evidence`]; absent when the report was made from
    /// tickets alone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<MonthAnchor>,
    /// Tickets per channel, in the profile's order of channels, then any other, then none.
    pub by_channel: Vec<CodeCount>,
    /// Resolved tickets per closure category, in the profile's order, then any other, then
    /// those resolved with none (tickets not resolved are not counted).
    pub by_closure_category: Vec<CodeCount>,
    /// The month's tickets registered outside their customer's contract (P2).
    pub outside_contract: Refs,
    /// The month's tickets whose service was restored with a workaround (P5), reported apart
    /// from the final fix.
    #[serde(default)]
    pub restored_with_workaround: Refs,
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
