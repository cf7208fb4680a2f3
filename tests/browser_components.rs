#![cfg(target_arch = "wasm32")]
//! Components mounted on their own in a real headless Chromium:
//! - the new-ticket form shows every problem beside its field at once (message in the field's
//!   own `<p>`, `aria-invalid` and `aria-describedby` on the control), and fixing a field clears
//!   its message while the others stay;
//! - the SLA countdown card shows the time left, the state in words and an icon (not only a
//!   colour) for running / warning / breached / paused, and follows a test clock as it moves;
//! - free text shows exactly as typed, with a line break offered inside a run of characters
//!   too long to lay out as one word (a 100 KB word froze the ticket page for 25 s).

use chrono::{DateTime, Duration, TimeZone, Utc};
use leptos::prelude::*;
use mesa::app::desk::{open_desk, DeskSignals};
use mesa::app::open_desk::OpenDesk;
use mesa::domain::engine::Engine;
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::ticket::Ticket;
use mesa::store::StoreError;
use mesa::ui::i18n::{provide_i18n, Locale};
use mesa::ui::long_text::{FreeText, RUN};
use mesa::ui::pages::new_ticket::NewTicketPage;
use mesa::ui::pages::ticket::countdown::Countdown;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

#[path = "browser_common/dom.rs"]
mod dom;
#[path = "browser_common/presets.rs"]
mod presets;
#[path = "browser_common/wait.rs"]
mod wait;

use dom::{document, find, get, text, type_into};
use wait::{sleep_ms, until};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, so the tests do not see each other's nodes.
fn host(id: &str) -> web_sys::HtmlElement {
    let host = document().create_element("div").unwrap();
    host.set_id(id);
    document().body().unwrap().append_child(&host).unwrap();
    host.unchecked_into()
}

fn attr(selector: &str, name: &str) -> Option<String> {
    get(selector).get_attribute(name)
}

const REQUIRED: &str = "Este campo es obligatorio.";

/// The problem shown beside a field: its `<p id="<field>-problem">`, inside the same `.field`
/// as the control, which points at it and says whether it is invalid.
fn problem_of(field: &str) -> String {
    let control = get(&format!("#new-form-host #{field}"));
    let message = get(&format!("#new-form-host #{field}-problem"));
    assert_eq!(
        control.closest(".field").unwrap(),
        message.closest(".field").unwrap(),
        "{field}: the message sits beside its control"
    );
    // The problem is among what describes the control (the customer is also described by what
    // the desk has on file for it).
    let described = control
        .get_attribute("aria-describedby")
        .unwrap_or_default();
    assert!(
        described
            .split_whitespace()
            .any(|id| id == format!("{field}-problem")),
        "{field}: aria-describedby is {described:?}"
    );
    let shown = message
        .text_content()
        .unwrap_or_default()
        .trim()
        .to_string();
    let invalid = control.get_attribute("aria-invalid");
    assert_eq!(
        invalid.as_deref(),
        Some(if shown.is_empty() { "false" } else { "true" }),
        "{field}: aria-invalid follows the message"
    );
    shown
}

#[wasm_bindgen_test]
async fn a_desk_opens_with_the_kept_copy_of_its_process_and_says_so_without_one() {
    // Neither the file (the test server has no profiles/) nor a copy: a specific error.
    let name = format!("test-no-process-{}", js_sys::Math::random().to_bits());
    match open_desk(&name).await {
        Err(StoreError::ProfileUnavailable(detail)) => {
            assert!(detail.contains("profiles/p4-callmyway.json"), "{detail}")
        }
        other => panic!("expected ProfileUnavailable, got {:?}", other.err()),
    }
    // With the copy kept on this device, the desk opens on it.
    presets::keep_preset_copies(&name).await;
    let desk = open_desk(&name)
        .await
        .expect("open desk from the kept copy");
    assert_eq!(desk.profile.id, "p4-callmyway");
    assert_eq!(desk.profile_json, preset("p4-callmyway").unwrap());
}

#[wasm_bindgen_test]
async fn the_new_ticket_form_shows_every_problem_beside_its_field() {
    // A desk on P1 (SIPO): the richest registration (mandatory data, checklist, scope).
    let name = format!("test-new-form-{}", js_sys::Math::random().to_bits());
    presets::keep_preset_copies(&name).await;
    let first = open_desk(&name).await.expect("open desk");
    first
        .store
        .set_meta_string("profile", "p1-sipo")
        .await
        .expect("choose P1");
    let desk = open_desk(&name).await.expect("open desk on P1");
    assert_eq!(desk.profile.id, "p1-sipo");

    let signals = DeskSignals::new();
    let open = desk.clone();
    let _mounted = leptos::mount::mount_to(host("new-form-host"), move || {
        let i18n = provide_i18n();
        i18n.set(Locale::Es);
        provide_context(signals);
        // The open desk, as the app's shell gives it to its pages.
        OpenDesk::new(open).provide();
        view! { <NewTicketPage/> }
    });
    until("the form", || find("#new-form-host #reportante").is_some()).await;
    let fields = [
        "customer",
        "reportante",
        "telefonos",
        "correos",
        "description",
        "api",
    ];
    for f in fields {
        assert_eq!(problem_of(f), "", "{f} starts without a problem");
    }

    // An empty form: every problem at once, each in its own place.
    get("#new-form-host button[type=submit]")
        .unchecked_into::<web_sys::HtmlElement>()
        .click();
    until("the problems", || {
        !text("#new-form-host #customer-problem").is_empty()
    })
    .await;
    for f in fields {
        assert_eq!(problem_of(f), REQUIRED, "{f}");
    }
    assert!(text("#new-form-host #checklist-problem").starts_with("Faltan verificaciones"));
    assert_eq!(
        attr("#new-form-host fieldset.checklist", "aria-invalid").as_deref(),
        Some("true")
    );
    assert!(text("#new-form-host p.problems").contains("Revise los campos marcados"));
    // Fields the profile does not require stay quiet.
    assert_eq!(problem_of("site"), "");

    // Fixing one field clears its message only.
    type_into("#new-form-host #customer", "Concesionario Norte");
    until("the customer's message cleared", || {
        text("#new-form-host #customer-problem").is_empty()
    })
    .await;
    assert_eq!(problem_of("customer"), "");
    assert_eq!(problem_of("reportante"), REQUIRED);
    assert_eq!(problem_of("api"), REQUIRED);

    // A value still wrong keeps a message, now saying what is wrong.
    type_into("#new-form-host #correos", "correo-no-valido");
    until("the e-mail's message changed", || {
        text("#new-form-host #correos-problem") == "No es una dirección de correo válida."
    })
    .await;
    assert_eq!(
        problem_of("correos"),
        "No es una dirección de correo válida."
    );
    type_into("#new-form-host #correos", "integracion@example.invalid");
    until("the e-mail's message cleared", || {
        text("#new-form-host #correos-problem").is_empty()
    })
    .await;
    assert_eq!(problem_of("correos"), "");
    assert_eq!(problem_of("telefonos"), REQUIRED);
}

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 15, 15, 0, 0).unwrap()
}

fn event(minute: i64, seq: u128, kind: EventKind) -> Event {
    let hlc = Hlc::first(
        (t0() + Duration::minutes(minute)).timestamp_millis(),
        "dev-test",
    );
    let id = EventId::from_parts(hlc.wall_ms, seq);
    let ticket = TicketId("ticket-countdown".into());
    Event::new(id, ticket, hlc, "ana", kind)
}

/// A P5 (Megaport) severity-1 incident opened at `t0`: response 15 min, warning at 80 %
/// (12 min), restore 6 h, all in calendar time.
fn ticket(waiting: bool) -> Ticket {
    let mut events = vec![event(
        0,
        1,
        EventKind::Opened(Opened {
            number: "MP-261015-COUNT".into(),
            profile: "p5-megaport".into(),
            request_kind: "incidente".into(),
            severity: Some("s1".into()),
            customer: "Cliente Ejemplo".into(),
            description: "Puerto caído".into(),
            ..Opened::default()
        }),
    )];
    if waiting {
        events.push(event(
            30,
            2,
            EventKind::WaitingStarted {
                reason: "Esperando registros del cliente".into(),
            },
        ));
    }
    fold_ticket(&events).unwrap()
}

#[wasm_bindgen_test]
async fn the_countdown_follows_the_clock_through_its_states() {
    let engine =
        Engine::new(ProcessProfile::from_json(preset("p5-megaport").unwrap()).unwrap()).unwrap();
    // The test clock: the card counts to whatever time this says.
    let now = RwSignal::new(t0() + Duration::minutes(5));
    let waiting = RwSignal::new(false);
    let clocks = Memo::new(move |_| engine.clocks(&ticket(waiting.get()), now.get()));
    let _mounted = leptos::mount::mount_to(host("countdown-host"), move || {
        let i18n = provide_i18n();
        i18n.set(Locale::Es);
        view! {
            <ul>
                <Countdown clock=Signal::derive(move || clocks.get().response) now=now/>
                <Countdown clock=Signal::derive(move || clocks.get().restore) now=now/>
            </ul>
        }
    });
    let response = "#countdown-host [data-clock=response]";
    let restore = "#countdown-host [data-clock=restore]";
    until("the cards", || {
        find(response).is_some() && find(restore).is_some()
    })
    .await;
    let state = |card: &str| attr(card, "data-state").unwrap_or_default();
    let words = |card: &str| text(&format!("{card} .clock-state"));
    // The icon is an inline SVG from the stylesheet, named by its class (no emoji font needed).
    let icon = |card: &str| attr(&format!("{card} .clock-icon"), "class").unwrap_or_default();
    let left = |card: &str| {
        find(&format!("{card} .clock-remaining"))
            .map(|e| e.text_content().unwrap_or_default().trim().to_string())
    };

    // 5 minutes in: running, 10 minutes left, the deadline in the machine-readable time.
    assert_eq!(state(response), "running");
    assert!(words(response).ends_with("En curso"), "{}", words(response));
    assert!(
        icon(response).contains("icon-running"),
        "{}",
        icon(response)
    );
    assert_eq!(left(response).as_deref(), Some("Faltan 10 min"));
    assert_eq!(
        text(&format!("{response} .clock-target")),
        "Meta: 15 min (tiempo corrido)"
    );
    assert_eq!(
        attr(&format!("{response} .clock-deadline time"), "datetime").as_deref(),
        Some((t0() + Duration::minutes(15)).to_rfc3339().as_str())
    );

    // The clock moves: past 80 % of the target it warns.
    now.set(t0() + Duration::minutes(13));
    until("the warning", || state(response) == "warning").await;
    assert!(
        words(response).ends_with("Por vencer"),
        "{}",
        words(response)
    );
    assert!(
        icon(response).contains("icon-warning"),
        "{}",
        icon(response)
    );
    assert_eq!(left(response).as_deref(), Some("Faltan 2 min"));

    // Past the deadline: breached, and by how much.
    now.set(t0() + Duration::minutes(20));
    until("the breach", || state(response) == "breached").await;
    assert!(
        words(response).ends_with("Incumplido"),
        "{}",
        words(response)
    );
    assert!(
        icon(response).contains("icon-breached"),
        "{}",
        icon(response)
    );
    assert_eq!(left(response).as_deref(), Some("Vencido hace 5 min"));
    // Meanwhile the restore clock (6 h) still runs: 5 h 40 min left.
    assert_eq!(state(restore), "running");
    assert_eq!(left(restore).as_deref(), Some("Faltan 5 h 40 min"));

    // Waiting on the customer pauses the restore clock: said in words, no countdown shown,
    // and the time does not move while paused.
    waiting.set(true);
    now.set(t0() + Duration::minutes(90));
    until("the pause", || state(restore) == "paused").await;
    assert_eq!(words(restore).trim(), "En pausa (en espera del cliente)");
    assert!(icon(restore).contains("icon-paused"), "{}", icon(restore));
    assert_eq!(left(restore), None);
    let elapsed = text(&format!("{restore} .clock-elapsed"));
    now.set(t0() + Duration::minutes(150));
    // Effects and the renderer catch up with the new time.
    sleep_ms(30).await;
    assert_eq!(state(restore), "paused");
    assert_eq!(text(&format!("{restore} .clock-elapsed")), elapsed);
}

#[wasm_bindgen_test]
async fn free_text_shows_as_typed_and_a_long_run_can_break() {
    let ordinary = "El enlace de la sede Norte cae cada 10 minutos.\nDesde las 08:00.";
    let long = format!("log: {} fin", "Ñ".repeat(100_000));
    let exact = "a".repeat(RUN);
    let _mounted = leptos::mount::mount_to(host("free-text-host"), {
        let (ordinary, long, exact) = (ordinary.to_string(), long.clone(), exact.clone());
        move || {
            view! {
                <p id="ordinary"><FreeText text=ordinary.clone()/></p>
                <p id="long"><FreeText text=long.clone()/></p>
                <p id="exact"><FreeText text=exact.clone()/></p>
            }
        }
    });
    until("the texts", || find("#long").is_some()).await;
    let shown = |id: &str| get(id).text_content().unwrap_or_default();
    assert_eq!(shown("#ordinary"), ordinary);
    assert_eq!(shown("#long"), long, "the long text whole, as typed");
    assert_eq!(shown("#exact"), exact);
    let breaks = |id: &str| {
        let literal = serde_json::to_string(&format!("{id} wbr")).unwrap();
        js_sys::eval(&format!("document.querySelectorAll({literal}).length"))
            .unwrap()
            .as_f64()
            .unwrap() as usize
    };
    assert_eq!(breaks("#ordinary"), 0);
    assert_eq!(breaks("#exact"), 0, "a run of {RUN} characters is a word");
    assert_eq!(
        breaks("#long"),
        100_000 / RUN,
        "a break every {RUN} characters of the run"
    );
    // Laid out as words: far narrower than the page even though no space is in the run.
    let width = get("#long").scroll_width();
    assert!(
        width <= document().body().unwrap().client_width(),
        "{width}"
    );
}
