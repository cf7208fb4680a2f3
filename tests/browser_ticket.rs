#![cfg(target_arch = "wasm32")]
//! The ticket page in a real headless Chromium: it loads a stored ticket, shows its number,
//! status, clocks (with the "¿por qué?" explanation), allowed actions, escalation contacts and
//! history; an action appends an event and the page follows; a resolution without its closure
//! data shows the problems beside the fields.

use leptos::prelude::*;
use mesa::app::desk::{open_desk, DeskSignals};
use mesa::app::open_desk::OpenDesk;
use mesa::domain::event::*;
use mesa::domain::profile::preset;
use mesa::store::Outbox;
use mesa::ui::i18n::{provide_i18n, Locale};
use mesa::ui::pages::ticket::TicketPage;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[path = "browser_common/dom.rs"]
mod dom;
#[path = "browser_common/wait.rs"]
mod wait;

use dom::{document, find, get, text, type_into};
use wait::until;

wasm_bindgen_test_configure!(run_in_browser);

/// How many elements match (through JS: the crate does not enable web-sys's `NodeList`).
fn count(selector: &str) -> u32 {
    let literal = serde_json::to_string(selector).unwrap();
    js_sys::eval(&format!("document.querySelectorAll({literal}).length"))
        .unwrap()
        .as_f64()
        .unwrap() as u32
}

fn click(selector: &str) {
    get(selector)
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
}

#[wasm_bindgen_test]
async fn the_ticket_page_shows_the_ticket_and_records_actions() {
    let name = format!("test-ticket-page-{}", js_sys::Math::random().to_bits());
    // The desk opens with the default profile (P4, CallMyWay): S2 = 1.5 h response. The test
    // server does not serve the site's profiles/: the copy a device keeps stands in.
    let store = mesa::store::Store::open(&name).await.expect("open store");
    mesa::app::presets::keep_copy(&store, "p4-callmyway", preset("p4-callmyway").unwrap())
        .await
        .expect("keep P4");
    store.close();
    let desk = open_desk(&name).await.expect("open desk");
    let now = js_sys::Date::now() as i64;
    let hlc = Hlc::first(now - 10 * 60_000, "browser-test");
    let id = EventId::from_parts(hlc.wall_ms, 4242);
    let opened = Event::new(
        id.clone(),
        id.as_ticket(),
        hlc,
        "ana",
        EventKind::Opened(Opened {
            number: "CMW-261015-TEST1".into(),
            profile: "p4-callmyway".into(),
            request_kind: "incidente".into(),
            severity: Some("s2".into()),
            customer: "Cliente Ejemplo".into(),
            site: Some("Sede norte".into()),
            description: "Sin tono en las troncales".into(),
            ..Opened::default()
        }),
    );
    desk.store
        .append(&[opened], Outbox::Send)
        .await
        .expect("append");

    let host = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    let ticket_id = id.0.clone();
    let signals = DeskSignals::new();
    let open = desk.clone();
    let _mounted = leptos::mount::mount_to(host.unchecked_into(), move || {
        let i18n = provide_i18n();
        i18n.set(Locale::Es);
        provide_context(signals);
        // The open desk, as the app's shell gives it to its pages.
        OpenDesk::new(open).provide();
        view! { <TicketPage id=ticket_id/> }
    });

    until("the ticket", || {
        find("[data-testid=ticket-number]").is_some()
    })
    .await;
    assert_eq!(text("[data-testid=ticket-number]"), "CMW-261015-TEST1");
    assert_eq!(text("[data-testid=ticket-status]"), "Abierta");
    assert!(text(".ticket-head").contains("Cliente Ejemplo"));

    // Response, update and restore (no stage yet); the response clock runs with time left.
    assert_eq!(count(".sla-clock"), 3);
    assert!(text("[data-clock=response] .clock-state").contains("En curso"));
    assert!(text("[data-clock=response] .clock-remaining").starts_with("Faltan"));
    // "¿Por qué?" opens the explanation, line by line.
    assert!(find("#explain-response").is_none());
    click("[data-clock=response] button.why");
    until("the explanation", || find("#explain-response").is_some()).await;
    assert!(count("#explain-response li[data-line=deadline]") == 1);
    assert!(text("#explain-response").contains("Meta: 1 h 30 min"));

    // What an open ticket allows, and not more.
    for action in [
        "comment",
        "assign",
        "escalate",
        "wait_on_customer",
        "resolve",
    ] {
        assert!(
            find(&format!("[data-action={action}]")).is_some(),
            "{action}"
        );
    }
    for action in ["resume", "reopen", "close", "customer_verify"] {
        assert!(
            find(&format!("[data-action={action}]")).is_none(),
            "{action}"
        );
    }
    // Level-1 contacts, callable.
    assert!(find("[data-contact=centro_telefonico]").is_some());
    assert!(count(".contacts a[href^='tel:'], .contacts a[href^='mailto:']") >= 1);
    assert_eq!(count(".event[data-kind=opened]"), 1);

    // Resolving without the closure data P4 requires shows the problems beside the fields.
    click("[data-action=resolve] summary");
    click("[data-action=resolve] button[type=submit]");
    until("the closure problems", || {
        !text("#a-resolve-root_cause-problem").is_empty()
    })
    .await;
    assert_eq!(
        text("#a-resolve-root_cause-problem"),
        "Este campo es obligatorio."
    );
    assert_eq!(
        text("#a-resolve-confirmed_by-problem"),
        "Este campo es obligatorio."
    );
    // P4's closure is categorised: the category is asked for too.
    assert_eq!(
        text("#a-resolve-category-problem"),
        "Este campo es obligatorio."
    );
    assert_eq!(count(".event"), 1, "nothing was stored");

    // Waiting on the customer: stored, and the page follows.
    click("[data-action=wait_on_customer] summary");
    type_into(
        "#a-wait_on_customer-reason",
        "Esperando capturas del cliente",
    );
    click("[data-action=wait_on_customer] button[type=submit]");
    until("the pause", || {
        find("[data-testid=ticket-status]")
            .and_then(|e| e.text_content())
            .is_some_and(|t| t.contains("En espera del cliente"))
    })
    .await;
    assert_eq!(count(".event[data-kind=waiting_started]"), 1);
    assert!(text(".event[data-kind=waiting_started]").contains("Esperando capturas del cliente"));
    assert!(find("[data-action=resume]").is_some());
    assert!(find("[data-action=wait_on_customer]").is_none());
    assert!(text("[data-clock=restore] .clock-state").contains("En pausa"));
    assert!(text(".actions .saved").contains("En espera del cliente"));
    let stored = desk.store.ticket_events(&id.as_ticket()).await.unwrap();
    assert_eq!(stored.len(), 2);

    // Another device closed the ticket while this one, offline, escalated it: the escalation is
    // kept and flagged at the top, with why and the status it met.
    let other = |minutes: i64, seq: u128, kind: EventKind| {
        let hlc = Hlc::first(js_sys::Date::now() as i64 + minutes * 60_000, "tablet-2");
        let event_id = EventId::from_parts(hlc.wall_ms, seq);
        Event::new(event_id, id.as_ticket(), hlc, "luis", kind)
    };
    let resolution = Resolution {
        root_cause: "Troncal caída".into(),
        solution: "Reinicio del SBC".into(),
        affected_minutes: Some(40),
        confirmed_by: "Jefa de NOC".into(),
        category: None,
    };
    let late = other(
        3,
        3,
        EventKind::Escalated(Escalation::Functional { level: 2 }),
    );
    let late_id = late.id.0.clone();
    desk.store
        .append(
            &[
                other(1, 1, EventKind::Resolved(resolution)),
                other(
                    2,
                    2,
                    EventKind::Closed {
                        note: String::new(),
                    },
                ),
                late,
            ],
            Outbox::Send,
        )
        .await
        .unwrap();
    signals.tickets.set(Vec::new()); // what a sync or another tab does
    until("the conflict", || find(".conflicts").is_some()).await;
    let conflict = text(&format!(".conflict[data-event='{late_id}']"));
    assert!(conflict.contains("Escalada"), "{conflict}");
    assert!(conflict.contains("La incidencia ya estaba resuelta, cerrada o fuera de alcance."));
    assert!(conflict.contains("Cuando llegó, la incidencia estaba: Cerrada."));
    assert!(text(&format!(".event[data-event='{late_id}']")).contains("En conflicto"));
    assert!(find("[data-action=reopen]").is_some());
    let note_id = format!("#conflict-{late_id}-note");
    type_into(&note_id, "Se mantiene cerrada; la escalada ya no aplica");
    click(".conflict button[type=submit]");
    until("the conflict resolved", || find(".conflicts").is_none()).await;
    assert!(text(&format!(".event[data-event='{late_id}']")).contains("Conflicto resuelto"));
    assert_eq!(count(".event[data-kind=conflict_resolved]"), 1);
}
