//! The upgrade from the previous version's `meta` values to desk events: complete,
//! deterministic (two tabs converting at once write the same events), and a broken stored value
//! is named, never read as empty. Old event files still parse.

use mesa::domain::customer::{Customer, Site};
use mesa::domain::desk::fold_desk;
use mesa::domain::desk::upgrade::{events_from_meta, LegacyMeta, LegacyValue};
use mesa::domain::event::*;
use mesa::domain::fold::{fold_all, fold_ticket};
use mesa::domain::kb::Article;
use mesa::domain::profile::preset;

fn full_meta() -> LegacyMeta {
    let customers = vec![
        Customer {
            name: "Hotel Costa Azul".into(),
            sites: vec![Site {
                name: "Cancún".into(),
                city: "Cancún".into(),
                city_class: Some("principal".into()),
            }],
            ..Customer::default()
        },
        Customer {
            name: "Farmacias del Norte".into(),
            ..Customer::default()
        },
    ];
    let mut article = Article::new("kb-vpn", "VPN caída", "Reinicie el túnel.");
    article.tags = vec!["vpn".into()];
    LegacyMeta {
        customers: Some(serde_json::to_string(&customers).unwrap()),
        profile: Some(preset("p3-cirion").unwrap().to_string()),
        knowledge_base: Some(serde_json::to_string(&vec![article]).unwrap()),
        desk_name: Some(" Mesa Cirion ".into()),
    }
}

#[test]
fn the_previous_versions_data_becomes_desk_events() {
    let events = events_from_meta(&full_meta()).unwrap();
    let desk = fold_desk(&events);
    assert_eq!(desk.customers.len(), 2);
    let hotel = desk
        .customers
        .values()
        .find(|c| c.customer.name == "Hotel Costa Azul")
        .unwrap();
    assert!(hotel.id.starts_with("hotel-costa-azul-"));
    assert_eq!(
        hotel.customer.sites[0].city_class.as_deref(),
        Some("principal")
    );
    let active = desk
        .profiles
        .active()
        .expect("the converted profile is active");
    assert_eq!(active.profile_id, "p3-cirion");
    assert_eq!(
        desk.directory.len(),
        4,
        "3 office contacts and the night line"
    );
    assert_eq!(desk.directory.values().filter(|d| d.after_hours).count(), 1);
    assert_eq!(desk.articles["kb-vpn"].body, "Reinicie el túnel.");
    assert_eq!(desk.settings.desk_name, "Mesa Cirion");
    assert!(desk.misaddressed.is_empty());
    assert_eq!(desk.events, events.len());
}

#[test]
fn two_tabs_converting_at_once_write_the_same_events() {
    let first = events_from_meta(&full_meta()).unwrap();
    let second = events_from_meta(&full_meta()).unwrap();
    assert_eq!(
        serde_json::to_string(&first).unwrap(),
        serde_json::to_string(&second).unwrap()
    );
    let ids: std::collections::BTreeSet<_> = first.iter().map(|e| &e.id).collect();
    assert_eq!(ids.len(), first.len(), "every event has its own id");
    let mut both = first.clone();
    both.extend(second);
    assert_eq!(fold_desk(&both).to_json(), fold_desk(&first).to_json());
    // Another customer in one tab's data changes no other event's id.
    let mut more = full_meta();
    more.customers = Some(
        r#"[{"name": "Nuevo"}, {"name": "Farmacias del Norte"}, {"name": "Hotel Costa Azul",
            "sites": [{"name": "Cancún", "city": "Cancún", "city_class": "principal"}]}]"#
            .into(),
    );
    let other: std::collections::BTreeSet<_> = events_from_meta(&more)
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert!(ids.iter().all(|id| other.contains(*id)));
}

#[test]
fn a_broken_stored_value_is_named_not_read_as_empty() {
    let meta = LegacyMeta {
        customers: Some(r#"{"name": "no es una lista"}"#.into()),
        profile: Some("{ \"id\": ".into()),
        knowledge_base: Some("[{\"title\": 3}]".into()),
        desk_name: None,
    };
    let errors = events_from_meta(&meta).unwrap_err();
    let values: Vec<_> = errors.iter().map(|e| e.value).collect();
    assert_eq!(
        values,
        vec![
            LegacyValue::Customers,
            LegacyValue::Profile,
            LegacyValue::KnowledgeBase
        ]
    );
    assert_eq!(errors[0].code(), "upgrade.corrupt.customers");
    assert!(errors[2].to_string().starts_with("meta \"kb\": "));
    assert!(errors[1].detail.contains("line 1"), "{}", errors[1].detail);
    // Nothing stored at all is no error: an empty desk.
    assert_eq!(events_from_meta(&LegacyMeta::default()).unwrap(), vec![]);
}

#[test]
fn a_profile_that_does_not_validate_is_kept_but_not_active() {
    let mut value: serde_json::Value =
        serde_json::from_str(preset("p4-callmyway").unwrap()).unwrap();
    value["severities"][0]["targets"]["response"]["basis"] = "lunar".into();
    let meta = LegacyMeta {
        profile: Some(value.to_string()),
        ..LegacyMeta::default()
    };
    let desk = fold_desk(&events_from_meta(&meta).unwrap());
    assert_eq!(desk.profiles.versions.len(), 1);
    assert!(desk.profiles.active().is_none());
    let version = &desk.profiles.versions[0].version;
    assert!(!desk.profiles.problems(version).unwrap().is_empty());
}

#[test]
fn old_event_files_still_parse_and_their_tickets_keep_the_converted_profile() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/events-p4.json"
    ))
    .unwrap();
    let events: Vec<Event> = serde_json::from_str(&text).unwrap();
    assert!(events.iter().all(|e| !e.kind.is_desk()));
    // Re-serializing an old event gives the same document (no new field appears).
    let first: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_value(&events[0]).unwrap(), first[0]);
    let tickets = fold_all(&events);
    assert!(!tickets.is_empty());
    assert!(tickets.iter().all(|t| t.profile_version.is_none()));
    assert_eq!(fold_desk(&events).events, 0);

    let meta = LegacyMeta {
        profile: Some(preset("p4-callmyway").unwrap().to_string()),
        ..LegacyMeta::default()
    };
    let mut all = events_from_meta(&meta).unwrap();
    all.extend(events.iter().cloned());
    let desk = fold_desk(&all);
    let converted = desk.profiles.active().unwrap().version.clone();
    let ticket = fold_ticket(
        &events
            .iter()
            .filter(|e| e.ticket_id == tickets[0].id)
            .cloned()
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert_eq!(
        desk.profiles.for_ticket(&ticket).unwrap().version,
        converted
    );
    assert_eq!(
        fold_all(&all).len(),
        tickets.len(),
        "desk events add no ticket"
    );
}
