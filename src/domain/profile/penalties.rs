//! SLA penalties: monthly compliance target, deductions, availability target (P4).

use serde::{Deserialize, Serialize};

use super::check::Report;

/// The shortfall below the compliance target is deducted from the general invoice:
/// `percent_per_point` percent of the invoice per percentage point missing.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShortfallDeduction {
    pub percent_per_point: f64,
}

/// Each ticket not attended in time deducts `percent_of_site_invoice` percent from the invoice of
/// the affected site. With `per_late_minutes`, the deduction is proportional to how late the
/// attention or the solution was: that percent for every started `per_late_minutes` past the
/// target (in the clock's counted minutes), at most `max_percent_per_ticket` a ticket.
///
/// ```json
/// { "percent_of_site_invoice": 0.5, "per_late_minutes": 60, "max_percent_per_ticket": 5.0 }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissedTicketDeduction {
    pub percent_of_site_invoice: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_late_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_percent_per_ticket: Option<f64>,
}

impl MissedTicketDeduction {
    /// The percent of its site's invoice one missed ticket deducts, `late_minutes` past its
    /// target.
    ///
    /// ```
    /// use mesa::domain::profile::MissedTicketDeduction;
    /// let flat = MissedTicketDeduction { percent_of_site_invoice: 1.0, per_late_minutes: None, max_percent_per_ticket: None };
    /// assert_eq!(flat.percent_for(500), 1.0);
    /// let hourly = MissedTicketDeduction { per_late_minutes: Some(60), max_percent_per_ticket: Some(2.5), ..flat };
    /// assert_eq!(hourly.percent_for(1), 1.0);   // one started hour
    /// assert_eq!(hourly.percent_for(61), 2.0);  // two
    /// assert_eq!(hourly.percent_for(600), 2.5); // capped
    /// ```
    pub fn percent_for(&self, late_minutes: i64) -> f64 {
        let units = match self.per_late_minutes {
            Some(per) if per > 0 => {
                let per = i64::from(per);
                (late_minutes.max(1) + per - 1) / per
            }
            _ => 1,
        };
        let percent = self.percent_of_site_invoice * units as f64;
        self.max_percent_per_ticket
            .map_or(percent, |max| percent.min(max))
    }
}

/// Monthly penalty rules.
///
/// ```json
/// { "compliance_target_percent": 98.0,
///   "shortfall_deduction": { "percent_per_point": 1.0 },
///   "missed_ticket_deduction": { "percent_of_site_invoice": 1.0 },
///   "availability_target_percent": 99.99 }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PenaltySpec {
    /// Share of the month's tickets that must meet their targets.
    pub compliance_target_percent: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shortfall_deduction: Option<ShortfallDeduction>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missed_ticket_deduction: Option<MissedTicketDeduction>,
    /// Service availability over the whole month, 7×24.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_target_percent: Option<f64>,
}

impl PenaltySpec {
    pub(super) fn check(&self, path: &str, r: &mut Report) {
        r.percent(
            &format!("{path}.compliance_target_percent"),
            self.compliance_target_percent,
        );
        if let Some(a) = self.availability_target_percent {
            r.percent(&format!("{path}.availability_target_percent"), a);
        }
        if let Some(d) = self.shortfall_deduction {
            r.percent(
                &format!("{path}.shortfall_deduction.percent_per_point"),
                d.percent_per_point,
            );
        }
        if let Some(d) = self.missed_ticket_deduction {
            let p = format!("{path}.missed_ticket_deduction.percent_of_site_invoice");
            r.percent(&p, d.percent_of_site_invoice);
            if d.per_late_minutes == Some(0) {
                let p = format!("{path}.missed_ticket_deduction.per_late_minutes");
                r.push(&p, "must be at least 1");
            }
            if let Some(max) = d.max_percent_per_ticket {
                let p = format!("{path}.missed_ticket_deduction.max_percent_per_ticket");
                r.percent(&p, max);
            }
        }
    }
}
