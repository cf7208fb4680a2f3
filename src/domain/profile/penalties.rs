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
/// the affected site.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MissedTicketDeduction {
    pub percent_of_site_invoice: f64,
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
        }
    }
}
