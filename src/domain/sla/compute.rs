//! Computing the clocks of one ticket. The internal [`Run`] keeps what `due` and `explain` need
//! beyond the public [`Clock`] (the timeline, the target span in nanoseconds).

use chrono::{DateTime, Utc};

mod stays;

pub(crate) use stays::{milestone_clocks, stage_clocks};
use stays::{milestone_runs, stage_run};

use super::index::{from_ns, to_ns, CalendarIndex, Measure, MIN};
use super::timeline::{normalise, Timeline};
use super::{Clock, ClockKind, ClockState, MilestoneClock, TicketClocks};
use crate::domain::engine::Engine;
use crate::domain::profile::{ClockStart, ClockTargets, WarningThreshold};
use crate::domain::target::{Target, TimeBasis};
use crate::domain::ticket::{Status, Ticket};

/// Why a clock started where it did (codes for `explain`).
pub(crate) mod start_code {
    pub const REGISTERED: &str = "registered";
    pub const REPORTED: &str = "reported";
    pub const LAST_UPDATE: &str = "last_update";
    pub const STAGE_ENTERED: &str = "stage_entered";
    pub const DISPATCHED: &str = "dispatched";
    pub const MILESTONE_REACHED: &str = "milestone_reached";
}

/// Why a clock is off (codes for `explain`).
pub(crate) mod off_code {
    pub const SLA_OFF: &str = "sla_off";
    pub const NO_TARGET: &str = "no_target";
    pub const REJECTED: &str = "rejected";
    pub const RESOLVED: &str = "resolved";
}

/// One computed clock with its internals.
#[derive(Clone, Debug)]
pub(crate) struct Run<'a> {
    pub(crate) clock: Clock,
    pub(crate) timeline: Timeline<'a>,
    pub(crate) calendar: &'a CalendarIndex,
    pub(crate) start: i64,
    /// The stop, or `now`.
    pub(crate) end: i64,
    /// Counted time from the start to the deadline: the target, or the promised span (wall).
    pub(crate) span: Option<i64>,
    pub(crate) deadline: Option<i64>,
    /// The deadline is a promised update time.
    pub(crate) promised: bool,
    pub(crate) start_code: &'static str,
    pub(crate) off_code: Option<&'static str>,
}

impl Run<'_> {
    /// The instant at which `x` of counted time (pauses excluded) has elapsed since the start.
    pub(crate) fn at_active(&self, x: i64) -> Option<i64> {
        if self.promised {
            Some(self.start.saturating_add(x.max(0)))
        } else {
            self.timeline.instant_at(self.start, x)
        }
    }

    /// The instant at which `percent` % of the span has elapsed.
    pub(crate) fn at_percent(&self, percent: u32) -> Option<i64> {
        let span = self.span?;
        let p = i64::from(percent);
        // span * p / 100 without overflow for any span up to i64::MAX and p <= 255.
        let x = (span / 100)
            .saturating_mul(p)
            .saturating_add(span % 100 * p / 100);
        self.at_active(x)
    }

    /// The instant `minutes` of counted time before the deadline (the start if the span is
    /// shorter).
    pub(crate) fn before_deadline(&self, minutes: u32) -> Option<i64> {
        let span = self.span?;
        self.at_active((span - i64::from(minutes) * MIN).max(0))
    }

    /// The instant `minutes` of counted time after the deadline.
    pub(crate) fn after_deadline(&self, minutes: u32) -> Option<i64> {
        let span = self.span?;
        self.at_active(span.saturating_add(i64::from(minutes) * MIN))
    }

    fn warning(&self, w: &WarningThreshold) -> Option<i64> {
        let by_percent = w.at_percent.and_then(|p| self.at_percent(u32::from(p)));
        let by_minutes = w.minutes_before.and_then(|m| self.before_deadline(m));
        match (by_percent, by_minutes) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The clocks of a ticket with their internals.
pub(crate) struct Runs<'a> {
    pub(crate) response: Run<'a>,
    pub(crate) update: Run<'a>,
    pub(crate) restore: Run<'a>,
    pub(crate) stage: Option<Run<'a>>,
    /// The running milestone of the current stage, by id.
    pub(crate) milestone: Option<(&'a str, Run<'a>)>,
}

impl<'a> Runs<'a> {
    pub(crate) fn get(&self, kind: ClockKind) -> Option<&Run<'a>> {
        match kind {
            ClockKind::Response => Some(&self.response),
            ClockKind::Update => Some(&self.update),
            ClockKind::Restore => Some(&self.restore),
            ClockKind::Stage => self.stage.as_ref(),
            ClockKind::Milestone => self.milestone.as_ref().map(|(_, run)| run),
        }
    }

    pub(crate) fn all(&self) -> impl Iterator<Item = &Run<'a>> {
        [&self.response, &self.update, &self.restore]
            .into_iter()
            .chain(self.stage.as_ref())
            .chain(self.milestone.as_ref().map(|(_, run)| run))
    }

    pub(crate) fn into_clocks(self) -> TicketClocks {
        TicketClocks {
            response: self.response.clock,
            update: self.update.clock,
            restore: self.restore.clock,
            stage: self.stage.map(|s| s.clock),
            milestone: self.milestone.map(|(id, run)| MilestoneClock {
                milestone: id.to_string(),
                clock: run.clock,
            }),
        }
    }
}

/// The ticket's pauses as sorted `[start, end)` nanosecond ranges; an ongoing one ends at `now`.
pub(crate) fn pauses(ticket: &Ticket, now: i64) -> Vec<(i64, i64)> {
    if ticket.pauses.is_empty() {
        return Vec::new();
    }
    let list = ticket.pauses.iter().map(|p| {
        let s = to_ns(p.start);
        (s, p.end.map_or(now, to_ns).max(s))
    });
    normalise(list.collect())
}

/// What every clock of one ticket shares.
struct Ctx<'a> {
    ticket: &'a Ticket,
    now: i64,
    calendar: &'a CalendarIndex,
    warning: WarningThreshold,
    sla: bool,
    /// When the ticket was closed or rejected.
    finish: Option<DateTime<Utc>>,
    rejected: bool,
}

/// What differs between clocks.
struct Spec<'p> {
    kind: ClockKind,
    target: Option<Target>,
    start: i64,
    /// `start` as a time (kept to avoid converting back).
    start_at: DateTime<Utc>,
    start_code: &'static str,
    stop: Option<DateTime<Utc>>,
    pauses: &'p [(i64, i64)],
    /// Whether the clock is paused now (the restore clock while waiting on the customer).
    paused: Option<i64>,
    promised: Option<i64>,
    off: Option<&'static str>,
}

impl<'a> Ctx<'a> {
    fn new(engine: &'a Engine, ticket: &'a Ticket, now: i64) -> Self {
        let profile = engine.profile();
        let kind_position = engine.kind_position(ticket);
        let kind = kind_position.and_then(|i| profile.request_kinds.get(i));
        let finished = matches!(ticket.status, Status::Closed | Status::Rejected);
        Ctx {
            ticket,
            now,
            calendar: engine.index_for_kind(kind_position),
            warning: profile.clock_options.warning,
            sla: kind.is_none_or(|k| k.sla),
            finish: finished.then(|| ticket.closed_at.unwrap_or(ticket.updated_at)),
            rejected: ticket.status == Status::Rejected,
        }
    }

    fn run<'p: 'a>(&self, spec: Spec<'p>) -> Run<'a> {
        let basis = spec.target.map_or(TimeBasis::Business, |t| t.basis);
        let measure = match basis {
            TimeBasis::Calendar => Measure::Wall,
            TimeBasis::Business => Measure::Business(self.calendar),
        };
        let timeline = Timeline {
            measure,
            pauses: spec.pauses,
        };
        let stop_at = spec.stop.or(self.finish).map(|s| s.max(spec.start_at));
        let stop = stop_at.map(to_ns);
        let end = stop.unwrap_or(self.now).max(spec.start);
        let (active, paused) = timeline.split(spec.start, end);
        let off = if self.rejected {
            Some(off_code::REJECTED)
        } else if !self.sla {
            Some(off_code::SLA_OFF)
        } else if spec.off.is_some() {
            spec.off
        } else if spec.target.is_none() && spec.promised.is_none() {
            Some(off_code::NO_TARGET)
        } else {
            None
        };
        let mut run = Run {
            clock: Clock {
                kind: spec.kind,
                state: ClockState::Off,
                target: spec.target,
                started_at: spec.start_at,
                deadline: None,
                warning_at: None,
                stopped_at: stop_at,
                elapsed_minutes: active / MIN,
                paused_minutes: paused / MIN,
                met: None,
            },
            timeline,
            calendar: self.calendar,
            start: spec.start,
            end,
            span: None,
            deadline: None,
            promised: false,
            start_code: spec.start_code,
            off_code: off,
        };
        if off.is_some() {
            return run;
        }
        if let Some(promised) = spec.promised {
            run.promised = true;
            run.span = Some(promised.saturating_sub(spec.start).max(0));
            run.deadline = Some(promised);
        } else if let Some(target) = spec.target {
            let span = i64::from(target.minutes).saturating_mul(MIN);
            run.span = Some(span);
            run.deadline = timeline.instant_at(spec.start, span);
        }
        // A stopped clock needs no warning instant.
        let warning = if stop.is_none() {
            run.warning(&self.warning)
        } else {
            None
        };
        let (state, met) = match (stop, run.deadline) {
            (Some(s), Some(d)) if s > d => (ClockState::Breached, Some(false)),
            (Some(_), _) => (ClockState::Met, Some(true)),
            (None, Some(d)) => match spec.paused {
                Some(ps) if d < ps => (ClockState::Breached, Some(false)),
                Some(_) => (ClockState::Paused, None),
                None if self.now > d => (ClockState::Breached, Some(false)),
                None if warning.is_some_and(|w| self.now >= w) => (ClockState::Warning, None),
                None => (ClockState::Running, None),
            },
            (None, None) if spec.paused.is_some() => (ClockState::Paused, None),
            (None, None) => (ClockState::Running, None),
        };
        run.clock.state = state;
        run.clock.met = met;
        run.clock.deadline = run.deadline.map(from_ns);
        run.clock.warning_at = warning.map(from_ns);
        run
    }
}

/// Computes every clock of `ticket` at `now`; `pauses` comes from [`pauses`].
pub(crate) fn runs<'a>(
    engine: &'a Engine,
    ticket: &'a Ticket,
    now: i64,
    pause_list: &'a [(i64, i64)],
) -> Runs<'a> {
    let profile = engine.profile();
    let options = &profile.clock_options;
    let targets = match ticket.severity.as_deref() {
        Some(severity) => profile.targets_for(severity, &ticket.request_kind),
        None => ClockTargets::default(),
    };
    let finished = matches!(ticket.status, Status::Closed | Status::Rejected);
    let ctx = Ctx::new(engine, ticket, now);
    let (start_at, start_code) = match options.restore_starts {
        ClockStart::Registered => (ticket.opened_at, start_code::REGISTERED),
        ClockStart::Reported => (ticket.reported_at, start_code::REPORTED),
    };
    let start = to_ns(start_at);
    let base = |kind, target| Spec {
        kind,
        target,
        start,
        start_at,
        start_code,
        stop: None,
        pauses: &[],
        paused: None,
        promised: None,
        off: None,
    };

    let response = ctx.run(Spec {
        stop: ctx.ticket.first_response_at,
        ..base(ClockKind::Response, targets.response)
    });

    let (anchor_at, anchor_code) = match ticket.customer_updates.last() {
        Some(&u) => (u.max(start_at), start_code::LAST_UPDATE),
        None => (start_at, start_code),
    };
    let anchor = to_ns(anchor_at);
    let promised = ticket
        .promised_update
        .as_ref()
        .filter(|p| options.promised_update_overrides && to_ns(p.at) >= anchor)
        .map(|p| to_ns(p.value));
    let resolved = ticket.resolved_at;
    let update = ctx.run(Spec {
        start: anchor,
        start_at: anchor_at,
        start_code: anchor_code,
        stop: resolved,
        promised,
        off: resolved.map(|_| off_code::RESOLVED),
        ..base(ClockKind::Update, targets.update)
    });

    let paused_since = pause_list
        .last()
        .filter(|_| ticket.is_paused() && !finished)
        .map(|p| p.0);
    let restored = ticket
        .workaround
        .as_ref()
        .filter(|_| options.workaround_restores)
        .map(|w| w.at);
    let restore = ctx.run(Spec {
        stop: restored.or(resolved),
        pauses: pause_list,
        paused: paused_since,
        ..base(ClockKind::Restore, targets.restore)
    });

    let last = ticket.stage_history.len().checked_sub(1);
    let stage = last.map(|last| stage_run(&ctx, engine, last));
    let milestone = last.and_then(|last| {
        milestone_runs(&ctx, engine, last)
            .into_iter()
            .find(|(_, run)| run.clock.stopped_at.is_none())
    });

    Runs {
        response,
        update,
        restore,
        stage,
        milestone,
    }
}
