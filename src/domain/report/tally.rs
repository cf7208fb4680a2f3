//! Counts that carry the tickets behind them, and compliance percentages built from them.

use std::collections::BTreeMap;

use serde::Serialize;

use super::model::{CodeCount, TicketLine};
use super::outcome::Outcome;
use super::reference;

/// A count with the tickets behind it (ticket numbers, or ids for tickets without a number).
///
/// ```
/// use mesa::domain::report::Refs;
/// let mut r = Refs::default();
/// r.add("261001-AAAAA");
/// assert_eq!((r.count, r.tickets.len()), (1, 1));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Refs {
    pub count: usize,
    pub tickets: Vec<String>,
}

impl Refs {
    pub fn add(&mut self, ticket: &str) {
        self.count += 1;
        self.tickets.push(ticket.to_string());
    }
}

/// Met / missed / pending / not measured tickets (or clocks) and the compliance percentage.
///
/// `percent = met / (met + missed) × 100`; pending and not-measured ones are left out of it and
/// listed separately. `percent` is `None` when nothing was measured.
///
/// ```
/// use mesa::domain::report::{Compliance, Outcome};
/// let mut c = Compliance::default();
/// for (i, o) in [Outcome::Met, Outcome::Met, Outcome::Missed, Outcome::Pending].iter().enumerate() {
///     c.add(*o, &format!("T{i}"));
/// }
/// c.finish(None);
/// assert_eq!(c.percent, Some(200.0 / 3.0));
/// assert_eq!(c.pending.tickets, ["T3"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Compliance {
    /// Tickets that count: met + missed.
    pub measured: usize,
    pub met: Refs,
    pub missed: Refs,
    /// Clocks still running at the report time: excluded from `percent`.
    pub pending: Refs,
    /// No target applied (SLA off, clock not applicable, rejected out of scope).
    pub not_measured: Refs,
    pub percent: Option<f64>,
    /// Whether `percent` reaches the profile's compliance target (`None`: no target or nothing
    /// measured).
    pub meets_target: Option<bool>,
}

impl Compliance {
    pub fn add(&mut self, outcome: Outcome, ticket: &str) {
        match outcome {
            Outcome::Met => self.met.add(ticket),
            Outcome::Missed => self.missed.add(ticket),
            Outcome::Pending => self.pending.add(ticket),
            Outcome::NotMeasured => self.not_measured.add(ticket),
        }
    }

    /// Computes `measured`, `percent` and `meets_target` once every ticket was added.
    pub fn finish(&mut self, target_percent: Option<f64>) {
        self.measured = self.met.count + self.missed.count;
        self.percent = percent(self.met.count, self.measured);
        self.meets_target = match (self.percent, target_percent) {
            (Some(p), Some(t)) => Some(reaches(p, t)),
            _ => None,
        };
    }
}

/// `part / whole × 100`, computed so that whole percentages are exact (98 of 100 is 98.0).
pub(super) fn percent(part: usize, whole: usize) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 100.0) / whole as f64)
}

/// `value >= target`, forgiving floating-point noise far below what reports show.
pub(super) fn reaches(value: f64, target: f64) -> bool {
    value + 1e-9 >= target
}

/// Rounds to 6 decimals (for derived amounts, so that 98 − 94.000000001 prints as 4).
pub(super) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The month's tickets counted by `code`: the codes of `order` first (those with tickets), then
/// codes it does not list, then the tickets with none; tickets `code` skips are not counted.
pub(super) fn count_by<'a>(
    lines: &'a [TicketLine],
    order: impl Iterator<Item = &'a str>,
    code: impl Fn(&'a TicketLine) -> Option<Option<&'a str>>,
) -> Vec<CodeCount> {
    let mut counts: BTreeMap<Option<&str>, Refs> = BTreeMap::new();
    for line in lines {
        if let Some(c) = code(line) {
            counts.entry(c).or_default().add(reference(line));
        }
    }
    let mut out: Vec<CodeCount> = Vec::new();
    for id in order {
        if let Some(tickets) = counts.remove(&Some(id)) {
            out.push(CodeCount {
                code: Some(id.to_string()),
                tickets,
            });
        }
    }
    let none = counts.remove(&None);
    out.extend(counts.into_iter().map(|(code, tickets)| CodeCount {
        code: code.map(str::to_string),
        tickets,
    }));
    out.extend(none.map(|tickets| CodeCount {
        code: None,
        tickets,
    }));
    out
}

/// The minutes covered by the union of `[start, end)` spans in milliseconds, rounded to the
/// nearest minute: overlapping outages count once.
pub(super) fn union_minutes(mut spans: Vec<(i64, i64)>) -> i64 {
    spans.sort_unstable();
    let mut total = 0i64;
    let mut current: Option<(i64, i64)> = None;
    for (start, end) in spans {
        current = match current {
            Some((s, e)) if start <= e => Some((s, e.max(end))),
            Some((s, e)) => {
                total += e - s;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    if let Some((s, e)) = current {
        total += e - s;
    }
    (total + 30_000) / 60_000
}
