//! The profile in two languages (#18, «Language»): every text of every preset has its English
//! in the profile's `translations`; a translation of no text of the profile is refused, named by
//! its path; a profile without translations reads in Spanish; an edit keeps the translations of
//! the texts it did not touch; and the engine writes customers' messages in the desk's message
//! language (`locale`), never a screen's, with the same event ids in either language.

use chrono::{DateTime, Duration, Utc};
use mesa::domain::customer::{Customer, CustomerContact};
use mesa::domain::due_events::due_events;
use mesa::domain::engine::Engine;
use mesa::domain::event::{Event, EventKind, Notification, Opened, TicketId};
use mesa::domain::fold::fold_ticket;
use mesa::domain::notify::with_notifications;
use mesa::domain::profile::{preset, presets, ContactDraft, ProcessProfile};

use crate::common::{local, profile, Device, GUAYAQUIL, MEXICO};

/// Texts that read the same in both languages (names, codes).
const SAME_IN_ENGLISH: &[&str] = &["S3 Normal", "WhatsApp", "Click-to-call", "24×7"];

#[test]
fn every_text_of_every_preset_has_an_english_translation() {
    for (id, _) in presets() {
        let p = profile(id);
        let texts = p.texts();
        assert!(texts.len() > 20, "{id}: {} texts", texts.len());
        let missing: Vec<String> = texts
            .iter()
            .filter(|(_, text)| {
                let english = p.text(text, "en");
                english == *text && !SAME_IN_ENGLISH.contains(text)
            })
            .map(|(path, text)| format!("{path}: {text}"))
            .collect();
        assert!(missing.is_empty(), "{id} has no English for {missing:#?}");
        // Nothing of the kinds, stages, fields… is left in Spanish.
        let kind = &p.request_kinds[0].name;
        assert_ne!(p.text(kind, "en"), kind.as_str(), "{id}");
        // Spanish reads as written.
        for (_, text) in &texts {
            assert_eq!(p.text(text, "es"), *text);
        }
    }
}

#[test]
fn a_translation_of_no_text_of_the_profile_is_reported_by_its_path() {
    let mut json: serde_json::Value = serde_json::from_str(preset("p3-cirion").unwrap()).unwrap();
    let table = &mut json["translations"]["en"];
    table["Etapa que no existe"] = "Stage that does not exist".into();
    table["Diagnóstico"] = "  ".into();
    json["translations"]["fr"] = serde_json::json!({ "Diagnóstico": "Diagnostic" });
    let errors = ProcessProfile::from_json(&json.to_string()).unwrap_err();
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert!(
        paths.contains(&"translations.en[\"Etapa que no existe\"]"),
        "{errors:?}"
    );
    assert!(
        paths.contains(&"translations.en[\"Diagnóstico\"]"),
        "{errors:?}"
    );
    assert!(paths.contains(&"translations.fr"), "{errors:?}");
    let unknown = errors
        .iter()
        .find(|e| e.path == "translations.en[\"Etapa que no existe\"]")
        .unwrap();
    assert_eq!(unknown.message, "is not a text of this profile");
    assert_eq!(errors.len(), 3, "{errors:?}");
}

#[test]
fn a_profile_without_translations_shows_spanish_everywhere() {
    for (id, _) in presets() {
        let mut p = profile(id);
        p.translations = Default::default();
        // It loads (no table is needed) and says nothing of translations when saved.
        let json = p.to_json();
        assert!(!json.contains("\"translations\""), "{id}");
        let again = ProcessProfile::from_json(&json).expect(id);
        for (_, text) in again.texts() {
            assert_eq!(again.text(text, "en"), text, "{id}");
        }
    }
}

#[test]
fn renaming_a_role_in_the_directory_keeps_the_other_translations() {
    let p = profile("p3-cirion");
    let mut rows: Vec<ContactDraft> = p
        .escalation
        .directory
        .iter()
        .map(ContactDraft::from)
        .collect();
    rows[0].role = "Supervisión del TSC".into();
    let edited = p.with_directory(&rows).expect("a valid directory");
    // The renamed role has no translation (its old one went: it is no text any more), the
    // others keep theirs, and the edited profile loads.
    assert_eq!(
        edited.text("Supervisión del TSC", "en"),
        "Supervisión del TSC"
    );
    assert!(!edited.translations.0["en"].contains_key("Supervisores TSC"));
    assert_eq!(edited.text("Gerente senior", "en"), "Senior manager");
    assert_eq!(edited.text("Diagnóstico", "en"), "Diagnosis");
    let again = ProcessProfile::from_json(&edited.to_json()).expect("loads");
    assert_eq!(again, edited);
    // Choosing the message language keeps every translation.
    let en = edited.with_message_language("en").expect("a change");
    assert_eq!(en.translations, edited.translations);
    assert_eq!(en.version, edited.version + 1);
    assert_eq!(ProcessProfile::from_json(&en.to_json()).unwrap(), en);
}

fn banco() -> Vec<Customer> {
    vec![Customer {
        name: "Banco Andino".into(),
        contacts: vec![CustomerContact {
            name: "NOC".into(),
            role: "notificaciones".into(),
            email: "noc@banco.example".into(),
            ..Default::default()
        }],
        ..Customer::default()
    }]
}

fn engine_in(id: &str, language: &str) -> Engine {
    let mut p = profile(id);
    if language == "en" {
        p = p.with_message_language("en").unwrap();
    }
    Engine::new(p).expect("engine")
}

fn queued(kinds: &[EventKind]) -> Vec<&Notification> {
    kinds
        .iter()
        .filter_map(|k| match k {
            EventKind::NotificationQueued(n) => Some(n),
            _ => None,
        })
        .collect()
}

fn p3_opened() -> EventKind {
    EventKind::Opened(Opened {
        number: "CIR-261019-AB12C".into(),
        profile: "p3-cirion".into(),
        request_kind: "tecnico".into(),
        customer: "Banco Andino".into(),
        site: Some("Matriz Quito".into()),
        description: "Enlace caído".into(),
        ..Opened::default()
    })
}

fn into_diagnosis() -> EventKind {
    EventKind::StageChanged {
        stage: "diagnostico".into(),
        entered_on: None,
    }
}

#[test]
fn an_english_desk_writes_its_stage_messages_in_english_with_english_stage_names() {
    let now = local(GUAYAQUIL, (2026, 10, 19), 10, 0);
    let spanish = with_notifications(
        &engine_in("p3-cirion", "es"),
        &banco(),
        None,
        vec![p3_opened(), into_diagnosis()],
        now,
    );
    let english = with_notifications(
        &engine_in("p3-cirion", "en"),
        &banco(),
        None,
        vec![p3_opened(), into_diagnosis()],
        now,
    );
    let (es, en) = (queued(&spanish), queued(&english));
    assert_eq!(es.len(), 1);
    assert_eq!(en.len(), 1);
    // The same message, addressed alike, keyed alike: only the words differ.
    assert_eq!(
        (&es[0].rule, &es[0].to, &es[0].key),
        (&en[0].rule, &en[0].to, &en[0].key)
    );

    assert_eq!(
        es[0].subject,
        "Caso CIR-261019-AB12C — etapa «Diagnóstico» — Banco Andino / Matriz Quito"
    );
    assert!(es[0].body.starts_with("Estimado cliente:\n\nSu caso CIR-261019-AB12C pasó a la etapa «Diagnóstico» el 19/10/2026 10:00 (America/Guayaquil)."), "{}", es[0].body);
    assert!(es[0]
        .body
        .contains("Siguiente etapa: «Plan de acción / despacho a campo»"));

    assert_eq!(
        en[0].subject,
        "Case CIR-261019-AB12C — stage “Diagnosis” — Banco Andino / Matriz Quito"
    );
    let body = &en[0].body;
    assert!(body.starts_with("Dear customer,\n\nYour case CIR-261019-AB12C moved to the stage “Diagnosis” on 19/10/2026 10:00 (America/Guayaquil)."), "{body}");
    assert!(body.contains("Target for this stage: 20 min"), "{body}");
    assert!(body.contains("Next stage: “Action plan / field dispatch” (“Travel to the site”: target according to the city class of the site; “Field solution”: target 4 h, if applicable)."), "{body}");
    assert!(
        body.contains("Company: Banco Andino\nSite: Matriz Quito\nDescription: Enlace caído\n"),
        "{body}"
    );
    assert!(body.ends_with("Automatic message from Cirion / CenturyLink customer requirements about the case CIR-261019-AB12C."), "{body}");
    for spanish in [
        "Diagnóstico",
        "Estimado",
        "Siguiente",
        "etapa",
        "Sede",
        "Requerimientos",
    ] {
        assert!(
            !body.contains(spanish) && !en[0].subject.contains(spanish),
            "{spanish} in {body}"
        );
    }
}

/// The ticket's own events, written on one device.
fn story(first: (DateTime<Utc>, EventKind), rest: Vec<(DateTime<Utc>, EventKind)>) -> Vec<Event> {
    let mut device = Device::new("tablet");
    let open = device.event(&TicketId::default(), first.0, first.1);
    let id = open.ticket_id.clone();
    let mut events = vec![open];
    for (at, kind) in rest {
        events.push(device.event(&id, at, kind));
    }
    events
}

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.id.as_str()).collect()
}

fn texts(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::NotificationQueued(n) => Some(format!("{}\n{}", n.subject, n.body)),
            _ => None,
        })
        .collect()
}

#[test]
fn due_events_have_the_same_ids_whatever_the_message_language() {
    // P3: a diagnosis past its 20 minutes escalates, and its messages are rendered.
    let day = (2026, 10, 19);
    let at = local(GUAYAQUIL, day, 10, 0);
    let events = story((at, p3_opened()), vec![(at, into_diagnosis())]);
    let ticket = fold_ticket(&events).expect("ticket");
    let later = local(GUAYAQUIL, day, 11, 45);
    let es = due_events(&engine_in("p3-cirion", "es"), &banco(), &ticket, later);
    let en = due_events(&engine_in("p3-cirion", "en"), &banco(), &ticket, later);
    assert!(!texts(&es).is_empty(), "{es:?}");
    assert_eq!(ids(&es), ids(&en), "the same events, the same ids");
    // A Spanish desk computes the same events on every device, byte for byte.
    let again = due_events(&engine_in("p3-cirion", "es"), &banco(), &ticket, later);
    assert_eq!(es, again);
    let (es_texts, en_texts) = (texts(&es), texts(&en));
    // The escalation rules' notices to the directory are named by the rule, in the desk's
    // language.
    assert!(
        es_texts[0].starts_with("Etapa fuera de meta: supervisores TSC\n"),
        "{es_texts:?}"
    );
    assert!(
        en_texts[0].starts_with("Stage past its target: TSC supervisors\n"),
        "{en_texts:?}"
    );
    assert!(
        en_texts.iter().all(|t| !t.contains("Etapa")),
        "{en_texts:?}"
    );

    // P1: the verification reminder and the auto-close after a resolution.
    let at = local(MEXICO, day, 10, 0);
    let resolved = at + Duration::hours(1);
    let opened = EventKind::Opened(Opened {
        number: "SIPO-261019-CCCCC".into(),
        request_kind: "incidente_api".into(),
        customer: "ACME".into(),
        description: "Caída".into(),
        ..Opened::default()
    });
    let events = story(
        (at, opened),
        vec![(resolved, EventKind::Resolved(Default::default()))],
    );
    let ticket = fold_ticket(&events).expect("ticket");
    let now = resolved + Duration::hours(25);
    let es = due_events(&engine_in("p1-sipo", "es"), &[], &ticket, now);
    let en = due_events(&engine_in("p1-sipo", "en"), &[], &ticket, now);
    assert!(es.iter().any(|e| e.kind == EventKind::AutoClosed), "{es:?}");
    assert_eq!(ids(&es), ids(&en));
    let en_texts = texts(&en);
    assert!(!en_texts.is_empty(), "{en:?}");
    assert!(
        en_texts
            .iter()
            .any(|t| t.contains("was closed on") || t.contains("you have until")),
        "{en_texts:?}"
    );
}
