//! Events that follow another on its ticket, for browser tests:
//! `#[path = "browser_common/events.rs"] mod events;`.

use mesa::domain::event::{Event, EventId, EventKind};

/// An event `kind` on `on`'s ticket, `minutes` after it, by "tester"; `random` makes its id.
pub fn later(on: &Event, minutes: i64, random: u128, kind: EventKind) -> Event {
    let hlc = on.hlc.tick(on.hlc.wall_ms + minutes * 60_000);
    Event::new(
        EventId::from_parts(hlc.wall_ms, random),
        on.ticket_id.clone(),
        hlc,
        "tester",
        kind,
    )
}
