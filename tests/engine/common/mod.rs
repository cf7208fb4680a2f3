//! Helpers shared by the native tests (`crate::common`): a [`Device`] that stamps events, the
//! shipped presets as profiles and engines, local times, running the `mesa` binary ([`cli`]),
//! and the Rust fixtures kept beside the data they write in `tests/data` (the desk writer, the
//! P4 month of `events-p4.json`, the sync simulation's desk edits).

pub mod cli;
#[path = "../../data/desk.rs"]
pub mod desk;
#[path = "../../data/desk_edits.rs"]
pub mod desk_edits;
#[path = "../../data/p4_month.rs"]
pub mod p4_month;

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Tz;
use mesa::domain::commands::Stamp;
use mesa::domain::desk::RecordKey;
use mesa::domain::engine::Engine;
use mesa::domain::event::{Event, EventId, EventKind, Hlc, Opened, TicketId};
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::ticket::Ticket;

pub const MEXICO: Tz = chrono_tz::America::Mexico_City; // UTC-6 all year since 2023
pub const GUAYAQUIL: Tz = chrono_tz::America::Guayaquil; // UTC-5, no DST

/// The shipped preset `id` as a profile.
pub fn profile(id: &str) -> ProcessProfile {
    ProcessProfile::from_json(preset(id).expect("a preset")).expect("a valid preset")
}

/// The P4 preset (`p4-callmyway`).
pub fn p4() -> ProcessProfile {
    profile("p4-callmyway")
}

/// The engine of the shipped preset `id`.
pub fn engine(id: &str) -> Engine {
    Engine::new(profile(id)).expect("engine")
}

/// The UTC instant of a local wall-clock time in `tz` that exists exactly once.
pub fn local(tz: Tz, (y, mo, d): (i32, u32, u32), h: u32, m: u32) -> DateTime<Utc> {
    tz.with_ymd_and_hms(y, mo, d, h, m, 0)
        .single()
        .expect("unambiguous")
        .with_timezone(&Utc)
}

/// What device `d1` (operator `op`) stamps a registration with at `now`; `n` varies its ids.
pub fn stamp(now: DateTime<Utc>, n: u128) -> Stamp {
    Stamp {
        device: "d1".into(),
        actor: "op".into(),
        newest_clock: None,
        now_ms: now.timestamp_millis(),
        random: n * 104_729,
        local_date: now.date_naive(),
    }
}

/// A device that stamps events at absolute instants, with its own hybrid clock and ids.
pub struct Device {
    clock: Hlc,
    seq: u128,
}

impl Device {
    pub fn new(name: &str) -> Self {
        Self::starting_at(name, 0)
    }

    /// A device whose clock starts at `wall_ms`.
    pub fn starting_at(name: &str, wall_ms: i64) -> Self {
        Self {
            clock: Hlc::first(wall_ms, name),
            seq: 0,
        }
    }

    /// Receives `other`: the clock moves past it, as when a device syncs another's event.
    pub fn seen(&mut self, other: &Event) {
        self.clock = self.clock.receive(&other.hlc, other.hlc.wall_ms);
    }

    pub fn event(&mut self, ticket: &TicketId, at: DateTime<Utc>, kind: EventKind) -> Event {
        self.clock = self.clock.tick(at.timestamp_millis());
        self.seq += 1;
        let salt = self
            .clock
            .device
            .bytes()
            .fold(0u128, |a, b| a * 31 + b as u128);
        let id = EventId::from_parts(self.clock.wall_ms, self.seq + (salt << 32));
        let ticket = if ticket.0.is_empty() {
            id.as_ticket()
        } else {
            ticket.clone()
        };
        Event::new(id, ticket, self.clock.clone(), "tester", kind)
    }
}

/// A ticket's event history, written on one device (`tablet`).
pub struct Story {
    device: Device,
    id: TicketId,
    events: Vec<Event>,
}

impl Story {
    /// A history that starts with the opening `opened` at `at`.
    pub fn new(at: DateTime<Utc>, opened: Opened) -> Self {
        let mut device = Device::new("tablet");
        let open = device.event(&TicketId::default(), at, EventKind::Opened(opened));
        Self {
            device,
            id: open.ticket_id.clone(),
            events: vec![open],
        }
    }

    /// Appends an event of `kind` at `at`.
    pub fn then(&mut self, at: DateTime<Utc>, kind: EventKind) -> &mut Self {
        let e = self.device.event(&self.id, at, kind);
        self.events.push(e);
        self
    }

    /// The ticket the history folds into.
    pub fn ticket(&self) -> Ticket {
        fold_ticket(&self.events).expect("ticket")
    }
}

/// 2026-10-15: the instant [`desk_event`] counts minutes from.
pub const DESK_T0: i64 = 1_792_000_000_000;

/// A desk event on `device` by `actor` at `min` minutes after [`DESK_T0`] (counter `n` keeps ids
/// distinct).
pub fn desk_event(
    device: &str,
    min: i64,
    n: u32,
    key: &RecordKey,
    actor: &str,
    kind: EventKind,
) -> Event {
    let hlc = Hlc {
        wall_ms: DESK_T0 + min * 60_000,
        counter: n,
        device: device.into(),
    };
    let id = EventId::from_parts(hlc.wall_ms, u128::from(n) << 8 | device.len() as u128);
    Event::new(id, key.to_ticket_id(), hlc, actor, kind)
}

/// How many cases a sync property test runs: `MESA_SYNC_CASES`, else `default`.
pub fn sync_cases(default: u32) -> u32 {
    std::env::var("MESA_SYNC_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}
