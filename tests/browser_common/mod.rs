//! Helpers shared by the browser tests (`mod browser_common;` in each `tests/browser_*.rs`).
//! The other files here hold one concern each (dom, wait, idb_request, idb_write, events,
//! attachments, presets, stored, upgrade): a test includes only those it calls, with
//! `#[path = "browser_common/<file>.rs"] mod <file>;`, so none compiles a helper it never uses.

use mesa::domain::event::{Event, EventId, EventKind, Hlc, Opened};

/// A database name no other test (or earlier run) uses.
pub fn unique_db(name: &str) -> String {
    format!("test-{name}-{}", js_sys::Math::random().to_bits())
}

/// Ticket `n` opened for `customer`, `n` minutes into a fixed day, by the device "browser-test".
pub fn opened(n: i64, customer: &str) -> Event {
    let hlc = Hlc::first(1_792_000_000_000 + n * 60_000, "browser-test");
    let id = EventId::from_parts(hlc.wall_ms, n as u128 * 7919);
    Event::new(
        id.clone(),
        id.as_ticket(),
        hlc,
        "tester",
        EventKind::Opened(Opened {
            number: format!("261015-{n:05}"),
            customer: customer.into(),
            description: "Sin servicio".into(),
            ..Opened::default()
        }),
    )
}
