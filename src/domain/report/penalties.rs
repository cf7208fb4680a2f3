//! The month's deductions from the compliance and the sites (the profile's `PenaltySpec`).

use super::tally::{reaches, round6};
use super::{
    reference, site_label, Compliance, Penalties, Refs, SiteDeduction, SiteReport, TicketLine,
};
use crate::domain::profile::PenaltySpec;

pub(super) fn compute_penalties(
    spec: &PenaltySpec,
    overall: &Compliance,
    sites: &[SiteReport],
    lines: &[TicketLine],
) -> Penalties {
    let target = spec.compliance_target_percent;
    let shortfall = overall.percent.map_or(0.0, |p| {
        if reaches(p, target) {
            0.0
        } else {
            round6(target - p)
        }
    });
    let per_point = spec.shortfall_deduction.map(|d| d.percent_per_point);
    let general = round6((shortfall * per_point.unwrap_or(0.0)).min(100.0));
    let shortfall_tickets = if shortfall > 0.0 {
        overall.missed.clone()
    } else {
        Refs::default()
    };
    let late: std::collections::HashMap<&str, i64> = lines
        .iter()
        .map(|l| (reference(l), l.late_minutes))
        .collect();
    let site_deductions = match spec.missed_ticket_deduction {
        None => Vec::new(),
        Some(d) => sites
            .iter()
            .filter(|s| s.compliance.missed.count > 0)
            .map(|s| SiteDeduction {
                customer: s.customer.clone(),
                site: s.site.clone(),
                percent_per_ticket: d.percent_of_site_invoice,
                per_late_minutes: d.per_late_minutes,
                percent_of_site_invoice: round6(
                    s.compliance
                        .missed
                        .tickets
                        .iter()
                        .map(|number| {
                            d.percent_for(late.get(number.as_str()).copied().unwrap_or(0))
                        })
                        .sum::<f64>()
                        .min(100.0),
                ),
                missed: s.compliance.missed.clone(),
            })
            .collect(),
    };
    let sites_below_availability = sites
        .iter()
        .filter(|s| s.availability.meets_target == Some(false))
        .map(|s| site_label(&s.customer, s.site.as_deref()))
        .collect();
    Penalties {
        compliance_target_percent: target,
        compliance_percent: overall.percent,
        shortfall_points: shortfall,
        percent_per_point: per_point,
        general_invoice_deduction_percent: general,
        shortfall_tickets,
        site_deductions,
        availability_target_percent: spec.availability_target_percent,
        sites_below_availability,
    }
}
