//! The engine: a validated process profile with its calendars built once, answering the SLA
//! questions of a ticket at a given `now` (clocks, events due, explanations, escalation
//! contacts).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::engine::Engine;
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::ticket::Ticket;
//!
//! let profile = ProcessProfile::from_json(preset("p5-megaport").unwrap()).unwrap();
//! let engine = Engine::new(profile).expect("presets are valid");
//! let at = Utc.with_ymd_and_hms(2026, 10, 19, 15, 0, 0).unwrap();
//! let ticket = Ticket { request_kind: "incidente".into(), severity: Some("s1".into()),
//!                       opened_at: at, reported_at: at, ..Ticket::default() };
//! assert!(engine.due(&ticket, at).is_empty());
//! let late = at + chrono::Duration::hours(7);
//! assert!(!engine.due(&ticket, late).is_empty()); // response, update and restore breached
//! ```

use chrono::{DateTime, Utc};

use super::calendar::{Calendar, Zone};
use super::event::EventKind;
use super::profile::{CheckedProfile, ProcessProfile, ProfileError};
use super::sla::compute::{milestone_clocks, pauses, runs, stage_clocks};
use super::sla::index::{to_ns, CalendarIndex};
use super::sla::{Clock, MilestoneClock, TicketClocks};
use super::ticket::Ticket;

/// A process profile ready to compute clocks. Building it validates the profile and builds
/// each calendar once; the open time of each calendar is then cached lazily in 28-day chunks,
/// so computing clocks is a few binary searches per clock.
///
/// `Engine` is `Send + Sync`: one engine can serve every ticket of its profile.
#[derive(Clone, Debug)]
pub struct Engine {
    profile: ProcessProfile,
    /// One per `profile.calendars`, same order (never empty).
    calendars: Vec<CalendarIndex>,
    default_calendar: usize,
    /// Calendar of each request kind, same order as `profile.request_kinds`.
    kind_calendar: Vec<usize>,
    /// The calendar whose open hours are "in hours" for the escalation directory.
    in_hours_calendar: Option<usize>,
}

impl Engine {
    /// Validates the profile and builds its calendars. Every problem is returned at once.
    ///
    /// ```
    /// use mesa::domain::engine::Engine;
    /// use mesa::domain::profile::{preset, ProcessProfile};
    /// let profile = ProcessProfile::from_json(preset("p1-sipo").unwrap()).unwrap();
    /// assert!(Engine::new(profile).is_ok());
    /// ```
    pub fn new(profile: ProcessProfile) -> Result<Engine, Vec<ProfileError>> {
        let errors = profile.validate();
        Self::build(profile, errors)
    }

    /// Builds the calendars of a profile that passed the checks already (see
    /// [`CheckedProfile`]): the same engine as [`Engine::new`], without checking again.
    pub fn from_checked(profile: CheckedProfile) -> Result<Engine, Vec<ProfileError>> {
        Self::build(profile.into_profile(), Vec::new())
    }

    /// The engine of `profile`, or `errors` with the calendars' own problems added.
    fn build(
        profile: ProcessProfile,
        mut errors: Vec<ProfileError>,
    ) -> Result<Engine, Vec<ProfileError>> {
        let mut calendars = Vec::with_capacity(profile.calendars.len());
        for (i, spec) in profile.calendars.iter().enumerate() {
            match Calendar::from_spec(spec) {
                Ok(cal) => calendars.push(CalendarIndex::new(spec.id.clone(), cal)),
                Err(e) => errors.push(ProfileError::new(format!("calendars[{i}]"), e.to_string())),
            }
        }
        let position = |id: &str| profile.calendars.iter().position(|c| c.id == id);
        let default_calendar = position(&profile.default_calendar);
        if calendars.is_empty() {
            errors.push(ProfileError::new(
                "calendars",
                "at least one calendar is needed",
            ));
        }
        if default_calendar.is_none() {
            errors.push(ProfileError::new(
                "default_calendar",
                format!(
                    "{:?} is not a calendar of the profile",
                    profile.default_calendar
                ),
            ));
        }
        if !errors.is_empty() {
            errors.dedup();
            return Err(errors);
        }
        let default_calendar = default_calendar.unwrap_or(0);
        let kind_calendar = profile
            .request_kinds
            .iter()
            .map(|k| {
                k.calendar
                    .as_deref()
                    .and_then(position)
                    .unwrap_or(default_calendar)
            })
            .collect();
        let in_hours_calendar = profile
            .escalation
            .after_hours
            .as_ref()
            .and_then(|a| position(&a.in_hours_calendar));
        Ok(Engine {
            profile,
            calendars,
            default_calendar,
            kind_calendar,
            in_hours_calendar,
        })
    }

    /// The profile this engine runs.
    pub fn profile(&self) -> &ProcessProfile {
        &self.profile
    }

    /// The desk's time zone: its default calendar's. Every time a person reads (the ticket,
    /// the queue, the e-mails, the monthly report) is written in it, and named.
    pub fn desk_zone(&self) -> Zone {
        self.index(self.default_calendar).calendar.zone()
    }

    /// Position of the ticket's request kind in the profile.
    pub(crate) fn kind_position(&self, ticket: &Ticket) -> Option<usize> {
        self.profile
            .request_kinds
            .iter()
            .position(|k| k.id == ticket.request_kind)
    }

    /// The calendar of the request kind at `kind` (from [`Engine::kind_position`]).
    pub(crate) fn index_for_kind(&self, kind: Option<usize>) -> &CalendarIndex {
        let i = kind
            .and_then(|k| self.kind_calendar.get(k).copied())
            .unwrap_or(self.default_calendar);
        self.index(i)
    }

    pub(crate) fn index_for(&self, ticket: &Ticket) -> &CalendarIndex {
        self.index_for_kind(self.kind_position(ticket))
    }

    fn index(&self, i: usize) -> &CalendarIndex {
        // `calendars` is never empty and every stored index points into it (see `new`).
        self.calendars.get(i).unwrap_or(&self.calendars[0])
    }

    pub(crate) fn in_hours_index(&self) -> Option<&CalendarIndex> {
        self.in_hours_calendar.map(|i| self.index(i))
    }

    /// The calendar a ticket's clocks run on: its request kind's, else the profile's default.
    pub fn calendar_for(&self, ticket: &Ticket) -> &Calendar {
        &self.index_for(ticket).calendar
    }

    /// The id of the calendar a ticket's clocks run on.
    pub fn calendar_id_for(&self, ticket: &Ticket) -> &str {
        &self.index_for(ticket).id
    }

    /// Every clock of the ticket at `now` (see [`crate::domain::sla`] for the semantics).
    pub fn clocks(&self, ticket: &Ticket, now: DateTime<Utc>) -> TicketClocks {
        let now = to_ns(now);
        let pause_list = pauses(ticket, now);
        runs(self, ticket, now, &pause_list).into_clocks()
    }

    /// Every stay of the ticket in a stage, in order, each with its clock against the stage's
    /// target (the last one is [`TicketClocks::stage`]). The ticket page and the report show
    /// stage results from here.
    pub fn stage_clocks(&self, ticket: &Ticket, now: DateTime<Utc>) -> Vec<Clock> {
        stage_clocks(self, ticket, to_ns(now))
    }

    /// Every milestone clock of the ticket, as `(stay, clock)`: the stay is the index in
    /// [`Ticket::stage_history`] of the stage it belongs to. The ticket page and the report
    /// show milestone results from here.
    pub fn milestone_clocks(
        &self,
        ticket: &Ticket,
        now: DateTime<Utc>,
    ) -> Vec<(usize, MilestoneClock)> {
        milestone_clocks(self, ticket, to_ns(now))
    }

    /// The events that must be appended to the ticket now: clock warnings and breaches not yet
    /// recorded, escalation rule actions whose trigger fired, and the auto-close after the
    /// verification window. Idempotent: after appending them, `due` returns nothing new (see
    /// [`crate::domain::due`]).
    pub fn due(&self, ticket: &Ticket, now: DateTime<Utc>) -> Vec<EventKind> {
        super::due::due(self, ticket, now)
    }
}
