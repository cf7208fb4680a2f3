//! Why a clock has the deadline it has: the start, the target, the severity changes, the
//! counted business windows and the pauses that produced it. Structured data, not sentences:
//! the UI renders each line with its locale; [`Explanation::to_text`] is a plain technical form
//! for the CLI and logs.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::engine::Engine;
//! use mesa::domain::explain::ExplanationLine;
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::sla::ClockKind;
//! use mesa::domain::ticket::Ticket;
//!
//! let engine = Engine::new(ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap()).unwrap();
//! // S1 registered Friday 2026-10-16 20:30 in Mexico City (02:30 UTC Saturday).
//! let at = Utc.with_ymd_and_hms(2026, 10, 17, 2, 30, 0).unwrap();
//! let ticket = Ticket { request_kind: "incidente".into(), severity: Some("s1".into()),
//!                       opened_at: at, reported_at: at, ..Ticket::default() };
//! let explanation = engine.explain(&ticket, ClockKind::Response, at);
//! // 30 minutes on Friday until 21:00, then 30 on Saturday from 07:00.
//! let windows: Vec<i64> = explanation.lines.iter().filter_map(|l| match l {
//!     ExplanationLine::Window { minutes, .. } => Some(*minutes), _ => None }).collect();
//! assert_eq!(windows, [30, 30]);
//! assert!(explanation.to_text().contains("deadline 2026-10-17T13:30:00Z"));
//! ```

use std::fmt::Write;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::engine::Engine;
use super::sla::compute::{pauses, runs, Run};
use super::sla::index::{from_ns, to_ns, Measure, MIN};
use super::sla::{ClockKind, ClockState};
use super::target::TimeBasis;
use super::ticket::Ticket;

/// At most this many counted windows are listed; the rest are summarised.
pub const MAX_WINDOWS: usize = 400;

/// One fact of an explanation. Codes (`reason_code`, `state`) are stable identifiers for
/// locale keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "line", rename_all = "snake_case")]
pub enum ExplanationLine {
    /// The calendar the clock counts on, and whether it counts business or wall time.
    Calendar {
        id: String,
        zone: String,
        basis: TimeBasis,
    },
    /// The stage whose target this is (stage clock only).
    Stage {
        stage: String,
        city_class: Option<String>,
    },
    /// Where the clock starts: `registered`, `reported`, `last_update`, `stage_entered`.
    Start {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        at: DateTime<Utc>,
        reason_code: String,
    },
    /// A severity change; the current target applies from the original start.
    SeverityChange {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        at: DateTime<Utc>,
        from: Option<String>,
        to: Option<String>,
    },
    /// The target in force.
    TargetSet {
        minutes: u32,
        basis: TimeBasis,
    },
    /// No deadline: `sla_off`, `no_target`, `rejected`, `resolved`.
    Off {
        reason_code: String,
    },
    /// A next-update time promised in writing, which replaces the default deadline.
    PromisedUpdate {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        at: DateTime<Utc>,
    },
    /// A stretch of counted time (open calendar time outside pauses).
    Window {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        from: DateTime<Utc>,
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        to: DateTime<Utc>,
        minutes: i64,
    },
    /// Windows not listed (beyond [`MAX_WINDOWS`]), and their counted minutes.
    WindowsOmitted {
        count: usize,
        minutes: i64,
    },
    /// Time waiting on the customer, not counted; `to: None` while still waiting.
    Pause {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        from: DateTime<Utc>,
        #[serde(default, deserialize_with = "crate::domain::time_text::read")]
        to: Option<DateTime<Utc>>,
        reason: String,
    },
    Warning {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        at: DateTime<Utc>,
    },
    Deadline {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        at: DateTime<Utc>,
    },
    /// While the clock is paused it has no fixed deadline: this is when it would fall due if the
    /// work resumed now (it moves for as long as the pause lasts).
    DeadlineIfResumedNow {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        at: DateTime<Utc>,
    },
    /// When the clock stopped, and whether within the deadline.
    Stopped {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        at: DateTime<Utc>,
        met: Option<bool>,
    },
    /// Counted and paused minutes up to now or to the stop.
    Elapsed {
        minutes: i64,
        paused_minutes: i64,
    },
    State {
        state: ClockState,
    },
}

/// The facts behind one clock, in order.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub lines: Vec<ExplanationLine>,
}

fn ts(t: &DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

fn basis_code(b: TimeBasis) -> &'static str {
    match b {
        TimeBasis::Business => "business",
        TimeBasis::Calendar => "calendar",
    }
}

impl Explanation {
    /// One line per fact, in English technical form (for the CLI and logs; the UI translates
    /// the structured lines instead).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            let _ = match line {
                ExplanationLine::Calendar { id, zone, basis } => {
                    writeln!(out, "calendar {id} ({zone}), {} time", basis_code(*basis))
                }
                ExplanationLine::Stage { stage, city_class } => match city_class {
                    Some(c) => writeln!(out, "stage {stage} (city class {c})"),
                    None => writeln!(out, "stage {stage}"),
                },
                ExplanationLine::Start { at, reason_code } => {
                    writeln!(out, "start {} ({reason_code})", ts(at))
                }
                ExplanationLine::SeverityChange { at, from, to } => writeln!(
                    out,
                    "severity {} -> {} at {}",
                    from.as_deref().unwrap_or("none"),
                    to.as_deref().unwrap_or("none"),
                    ts(at)
                ),
                ExplanationLine::TargetSet { minutes, basis } => {
                    writeln!(out, "target {minutes} min ({})", basis_code(*basis))
                }
                ExplanationLine::Off { reason_code } => writeln!(out, "off ({reason_code})"),
                ExplanationLine::PromisedUpdate { at } => {
                    writeln!(out, "promised update {}", ts(at))
                }
                ExplanationLine::Window { from, to, minutes } => {
                    writeln!(out, "window {} .. {} ({minutes} min)", ts(from), ts(to))
                }
                ExplanationLine::WindowsOmitted { count, minutes } => {
                    writeln!(out, "{count} more windows ({minutes} min)")
                }
                ExplanationLine::Pause { from, to, reason } => writeln!(
                    out,
                    "pause {} .. {} ({reason})",
                    ts(from),
                    to.as_ref().map_or_else(|| "ongoing".to_string(), ts)
                ),
                ExplanationLine::Warning { at } => writeln!(out, "warning {}", ts(at)),
                ExplanationLine::Deadline { at } => writeln!(out, "deadline {}", ts(at)),
                ExplanationLine::DeadlineIfResumedNow { at } => {
                    writeln!(out, "deadline if resumed now {}", ts(at))
                }
                ExplanationLine::Stopped { at, met } => {
                    let met = match met {
                        Some(true) => "met",
                        Some(false) => "missed",
                        None => "no target",
                    };
                    writeln!(out, "stopped {} ({met})", ts(at))
                }
                ExplanationLine::Elapsed {
                    minutes,
                    paused_minutes,
                } => {
                    writeln!(out, "elapsed {minutes} min, paused {paused_minutes} min")
                }
                ExplanationLine::State { state } => writeln!(out, "state {}", state.code()),
            };
        }
        out
    }
}

impl Engine {
    /// The facts that produce a clock's deadline (or its elapsed time, when off). For a ticket
    /// without a stage, the stage explanation is empty.
    pub fn explain(&self, ticket: &Ticket, kind: ClockKind, now: DateTime<Utc>) -> Explanation {
        let now_ns = to_ns(now);
        let pause_list = pauses(ticket, now_ns);
        let all = runs(self, ticket, now_ns, &pause_list);
        let Some(run) = all.get(kind) else {
            return Explanation::default();
        };
        let mut lines = Vec::new();
        let basis = run.clock.target.map_or(TimeBasis::Business, |t| t.basis);
        lines.push(ExplanationLine::Calendar {
            id: run.calendar.id.clone(),
            zone: run.calendar.calendar.zone().name().to_string(),
            basis,
        });
        let in_stage = matches!(kind, ClockKind::Stage | ClockKind::Milestone);
        if let (true, Some(stage)) = (in_stage, ticket.stage_history.last()) {
            lines.push(ExplanationLine::Stage {
                stage: stage.value.to_string(),
                city_class: ticket.dispatch.as_ref().map(|d| d.1.clone()),
            });
        }
        lines.push(ExplanationLine::Start {
            at: run.clock.started_at,
            reason_code: run.start_code.to_string(),
        });
        if !in_stage {
            for pair in ticket.severity_history.windows(2) {
                lines.push(ExplanationLine::SeverityChange {
                    at: pair[1].at,
                    from: pair[0].value.as_ref().map(|s| s.to_string()),
                    to: pair[1].value.as_ref().map(|s| s.to_string()),
                });
            }
        }
        match (run.off_code, run.clock.target) {
            (Some(code), _) => lines.push(ExplanationLine::Off {
                reason_code: code.to_string(),
            }),
            (None, Some(t)) => lines.push(ExplanationLine::TargetSet {
                minutes: t.minutes,
                basis: t.basis,
            }),
            (None, None) => {}
        }
        if let (true, Some(d)) = (run.promised, run.clock.deadline) {
            lines.push(ExplanationLine::PromisedUpdate { at: d });
        }
        // A paused clock counts nothing from the pause on: its windows end now, and its deadline
        // (and warning) are only what they would be if the work resumed now.
        let paused = run.clock.state == ClockState::Paused;
        let until = match run.deadline {
            Some(d) if !paused => d,
            _ => run.end,
        };
        windows_and_pauses(ticket, run, until, &mut lines);
        match (paused, run.clock.warning_at, run.clock.deadline) {
            (true, _, Some(at)) => lines.push(ExplanationLine::DeadlineIfResumedNow { at }),
            (true, _, None) => {}
            (false, warning, deadline) => {
                if let Some(at) = warning {
                    lines.push(ExplanationLine::Warning { at });
                }
                if let Some(at) = deadline {
                    lines.push(ExplanationLine::Deadline { at });
                }
            }
        }
        if let Some(at) = run.clock.stopped_at {
            lines.push(ExplanationLine::Stopped {
                at,
                met: run.clock.met,
            });
        }
        lines.push(ExplanationLine::Elapsed {
            minutes: run.clock.elapsed_minutes,
            paused_minutes: run.clock.paused_minutes,
        });
        lines.push(ExplanationLine::State {
            state: run.clock.state,
        });
        Explanation { lines }
    }
}

/// The counted windows from the start to `until`, with the pauses among them, in time order.
fn windows_and_pauses(
    ticket: &Ticket,
    run: &Run<'_>,
    until: i64,
    lines: &mut Vec<ExplanationLine>,
) {
    let open: Vec<(i64, i64)> = match run.timeline.measure {
        Measure::Wall => vec![(run.start, until)],
        Measure::Business(index) => index
            .calendar
            .open_intervals(from_ns(run.start), from_ns(until))
            .into_iter()
            .map(|(a, b)| (to_ns(a), to_ns(b)))
            .collect(),
    };
    let pause_ranges = run.timeline.pauses;
    let mut counted = Vec::new();
    for (a, b) in open {
        let mut cur = a;
        for &(ps, pe) in pause_ranges.iter().filter(|p| p.1 > a && p.0 < b) {
            if ps > cur {
                counted.push((cur, ps));
            }
            cur = cur.max(pe);
        }
        if cur < b {
            counted.push((cur, b));
        }
    }
    let mut events: Vec<(i64, ExplanationLine)> = Vec::new();
    let mut omitted = (0usize, 0i64);
    for (i, (a, b)) in counted.into_iter().enumerate() {
        let minutes = (b - a) / MIN;
        if i < MAX_WINDOWS {
            let line = ExplanationLine::Window {
                from: from_ns(a),
                to: from_ns(b),
                minutes,
            };
            events.push((a, line));
        } else {
            omitted = (omitted.0 + 1, omitted.1 + minutes);
        }
    }
    if !pause_ranges.is_empty() {
        for p in &ticket.pauses {
            let (ps, pe) = (to_ns(p.start), p.end.map_or(i64::MAX, to_ns));
            if pe > run.start && ps < until.max(run.end) {
                let line = ExplanationLine::Pause {
                    from: p.start,
                    to: p.end,
                    reason: p.reason.clone(),
                };
                events.push((ps, line));
            }
        }
    }
    events.sort_by_key(|e| e.0);
    lines.extend(events.into_iter().map(|e| e.1));
    if omitted.0 > 0 {
        lines.push(ExplanationLine::WindowsOmitted {
            count: omitted.0,
            minutes: omitted.1,
        });
    }
}
