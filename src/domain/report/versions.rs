//! Which process profile versions a monthly report covers: the versions in force during the
//! month, and the versions the month's tickets keep from their opening.

use std::borrow::Borrow;

use super::month::MonthSpan;
use crate::domain::desk::ProfileVersions;
use crate::domain::ticket::Ticket;

/// The versions a report of `month` over `tickets` covers, each once, sorted: every version in
/// force at some instant of the month, and the version each ticket alive in the month (opened
/// before its end, not closed before its start) keeps for its clocks.
pub fn versions_covered(
    versions: &ProfileVersions,
    tickets: &[impl Borrow<Ticket>],
    month: &MonthSpan,
) -> Vec<String> {
    let mut out = versions.in_force_between(month.start, month.end);
    let alive = tickets
        .iter()
        .map(Borrow::borrow)
        .filter(|t| t.opened_at < month.end && t.closed_at.is_none_or(|c| c >= month.start));
    out.extend(alive.filter_map(|t| versions.for_ticket(t).map(|v| v.version.clone())));
    out.sort();
    out.dedup();
    out
}
