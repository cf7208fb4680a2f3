//! The desk fold: every desk event kind, per-field merge with history, article conflicts,
//! desk events kept apart from tickets.

use chrono::NaiveDate;
use mesa::domain::customer::{Customer, CustomerContact, Site};
use mesa::domain::desk::change::*;
use mesa::domain::desk::{fold_desk, RecordKey};
use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use serde_json::json;

use crate::common::{desk_event as ev, DESK_T0};

fn acme() -> Customer {
    Customer {
        name: "ACME".into(),
        contacts: vec![CustomerContact {
            name: "Rosa".into(),
            role: "notificaciones".into(),
            email: "rosa@acme.example".into(),
            phone: String::new(),
        }],
        sites: vec![Site {
            name: "Planta Norte".into(),
            city: "Monterrey".into(),
            city_class: Some("principal".into()),
        }],
        contract_start: NaiveDate::from_ymd_opt(2026, 1, 1),
        contract_end: NaiveDate::from_ymd_opt(2026, 12, 31),
        ..Customer::default()
    }
}

#[test]
fn customer_created_changed_archived() {
    let key = RecordKey::Customer("acme".into());
    let events = vec![
        ev("d1", 0, 0, &key, "ana", EventKind::CustomerCreated(acme())),
        ev(
            "d1",
            5,
            0,
            &key,
            "ana",
            EventKind::CustomerChanged(CustomerPatch {
                contract_end: Some(None),
                ..CustomerPatch::default()
            }),
        ),
        ev(
            "d1",
            9,
            0,
            &key,
            "ana",
            EventKind::CustomerArchived {
                reason: "fin".into(),
            },
        ),
    ];
    let desk = fold_desk(&events);
    let c = &desk.customers["acme"];
    assert!(c.created && c.archived);
    assert_eq!(c.customer.sites[0].city_class.as_deref(), Some("principal"));
    assert_eq!(c.customer.contract_end, None);
    let end = c
        .history
        .iter()
        .rfind(|h| h.field == "contract_end")
        .unwrap();
    assert_eq!(end.old, json!("2026-12-31"));
    assert_eq!(end.new, json!(null));
    assert_eq!(desk.events, 3);
}

#[test]
fn concurrent_customer_edits_merge_per_field_and_keep_the_replaced_value() {
    let key = RecordKey::Customer("acme".into());
    let created = ev("d1", 0, 0, &key, "ana", EventKind::CustomerCreated(acme()));
    // Apart: d1 renames, d2 renames too (later clock) and changes the sites.
    let rename = |d, min, name: &str| {
        ev(
            d,
            min,
            0,
            &key,
            d,
            EventKind::CustomerChanged(CustomerPatch {
                name: Some(name.into()),
                ..CustomerPatch::default()
            }),
        )
    };
    let sites = ev(
        "d1",
        3,
        1,
        &key,
        "d1",
        EventKind::CustomerChanged(CustomerPatch {
            sites: Some(vec![]),
            ..CustomerPatch::default()
        }),
    );
    let events = vec![
        created,
        rename("d1", 2, "ACME SA"),
        sites,
        rename("d2", 4, "Acme S.A."),
    ];
    let desk = fold_desk(&events);
    let mut reversed = events.clone();
    reversed.reverse();
    reversed.push(events[1].clone()); // a duplicate
    assert_eq!(desk.to_json(), fold_desk(&reversed).to_json());
    let c = &desk.customers["acme"];
    assert_eq!(c.customer.name, "Acme S.A.");
    assert!(
        c.customer.sites.is_empty(),
        "the other field's edit is kept"
    );
    let names: Vec<_> = c.history.iter().filter(|h| h.field == "name").collect();
    assert_eq!(names.last().unwrap().old, json!("ACME SA"));
    assert_eq!(names.last().unwrap().actor, "d2");
}

#[test]
fn directory_contact_set_merged_and_removed() {
    let key = RecordKey::Directory("lider".into());
    let set =
        |d, min, patch: ContactPatch| ev(d, min, 0, &key, d, EventKind::DirectoryContactSet(patch));
    let events = vec![
        set(
            "d1",
            0,
            ContactPatch {
                role: Some("Líder de mesa".into()),
                level: Some(2),
                mobile: Some("+57 300 123 4567".into()),
                ..ContactPatch::default()
            },
        ),
        set(
            "d2",
            1,
            ContactPatch {
                email: Some("lider@example.invalid".into()),
                after_hours: Some(true),
                ..ContactPatch::default()
            },
        ),
    ];
    let desk = fold_desk(&events);
    let e = &desk.directory["lider"];
    assert_eq!((e.level, e.after_hours, e.removed), (2, true, false));
    let contact = e.to_contact();
    assert_eq!(contact.email.as_deref(), Some("lider@example.invalid"));
    assert_eq!(contact.office_phone, None);

    let mut more = events.clone();
    more.push(ev(
        "d1",
        2,
        0,
        &key,
        "ana",
        EventKind::DirectoryContactRemoved {
            reason: String::new(),
        },
    ));
    assert!(fold_desk(&more).directory["lider"].removed);
}

#[test]
fn settings_keep_the_desk_name_and_its_history() {
    let key = RecordKey::Settings;
    let name = |d, min, n: &str| {
        ev(
            d,
            min,
            0,
            &key,
            d,
            EventKind::DeskSettingsChanged(SettingsPatch {
                desk_name: Some(n.into()),
                ..SettingsPatch::default()
            }),
        )
    };
    let desk = fold_desk(&[name("d2", 1, "Mesa Sur"), name("d1", 0, "Mesa Norte")]);
    assert_eq!(desk.settings.desk_name, "Mesa Sur");
    assert_eq!(desk.settings.history[1].old, json!("Mesa Norte"));
}

#[test]
fn the_desk_sets_its_attachment_limit_for_every_device() {
    let key = RecordKey::Settings;
    assert_eq!(
        fold_desk(&[]).settings.attachment_limit_bytes(),
        10 * 1024 * 1024,
        "10 MiB where none is set"
    );
    let limit = ev(
        "d1",
        0,
        0,
        &key,
        "d1",
        EventKind::DeskSettingsChanged(SettingsPatch {
            attachment_limit_mib: Some(25),
            ..SettingsPatch::default()
        }),
    );
    // A later name change leaves the limit as it was.
    let name = ev(
        "d2",
        1,
        0,
        &key,
        "d2",
        EventKind::DeskSettingsChanged(SettingsPatch {
            desk_name: Some("Mesa Sur".into()),
            ..SettingsPatch::default()
        }),
    );
    let desk = fold_desk(&[name, limit]);
    assert_eq!(desk.settings.attachment_limit_mib, Some(25));
    assert_eq!(desk.settings.attachment_limit_bytes(), 25 * 1024 * 1024);
    assert_eq!(desk.settings.desk_name, "Mesa Sur");
}

fn draft(body: &str) -> ArticleDraft {
    ArticleDraft {
        title: "VPN caída".into(),
        body: body.into(),
        tags: vec!["vpn".into()],
        levels: vec![1],
    }
}

fn revise(base: &[&Event], body: &str) -> EventKind {
    EventKind::ArticleRevised(ArticleRevision {
        base: base.iter().map(|e| e.id.clone()).collect(),
        body: Some(body.into()),
        ..ArticleRevision::default()
    })
}

#[test]
fn concurrent_article_revisions_are_both_kept_as_a_conflict_until_resolved() {
    let key = RecordKey::Article("kb-vpn".into());
    let written = ev(
        "d1",
        0,
        0,
        &key,
        "ana",
        EventKind::ArticleWritten(draft("v0")),
    );
    let a = ev(
        "d1",
        5,
        0,
        &key,
        "ana",
        revise(&[&written], "reinicie el túnel"),
    );
    let b = ev(
        "d2",
        6,
        0,
        &key,
        "luis",
        revise(&[&written], "revise el certificado"),
    );
    let events = vec![written.clone(), a.clone(), b.clone()];
    let desk = fold_desk(&events);
    let art = &desk.articles["kb-vpn"];
    assert!(art.in_conflict());
    let bodies: Vec<_> = art.conflicting().iter().map(|r| r.body.clone()).collect();
    assert_eq!(bodies, vec!["reinicie el túnel", "revise el certificado"]);
    assert_eq!(desk.articles_in_conflict().count(), 1);
    // Same state whatever the arrival order.
    assert_eq!(
        desk.to_json(),
        fold_desk(&[b.clone(), a.clone(), written.clone()]).to_json()
    );

    // The resolution names both as base.
    let merged = ev(
        "d1",
        9,
        0,
        &key,
        "ana",
        revise(&[&a, &b], "túnel y certificado"),
    );
    let mut resolved = events.clone();
    resolved.push(merged);
    let desk = fold_desk(&resolved);
    let art = &desk.articles["kb-vpn"];
    assert!(!art.in_conflict());
    assert_eq!(art.body, "túnel y certificado");
    assert_eq!(art.revisions.len(), 4, "every revision stays in history");
}

#[test]
fn a_sequential_revision_is_no_conflict_and_retired_articles_leave_the_search() {
    let key = RecordKey::Article("kb-vpn".into());
    let written = ev(
        "d1",
        0,
        0,
        &key,
        "ana",
        EventKind::ArticleWritten(draft("v0")),
    );
    let edit = ev("d2", 1, 0, &key, "luis", revise(&[&written], "v1"));
    let title = ev(
        "d1",
        2,
        0,
        &key,
        "ana",
        EventKind::ArticleRevised(ArticleRevision {
            base: vec![edit.id.clone()],
            title: Some("Conexión VPN caída".into()),
            ..ArticleRevision::default()
        }),
    );
    let desk = fold_desk(&[written.clone(), edit.clone(), title.clone()]);
    let art = &desk.articles["kb-vpn"];
    assert!(!art.in_conflict());
    assert_eq!(
        (art.title.as_str(), art.body.as_str()),
        ("Conexión VPN caída", "v1")
    );
    assert_eq!(desk.knowledge_base().search("vpn").len(), 1);

    let retired = ev(
        "d1",
        3,
        0,
        &key,
        "ana",
        EventKind::ArticleRetired {
            reason: String::new(),
        },
    );
    let desk = fold_desk(&[written, edit, title, retired]);
    assert!(desk.articles["kb-vpn"].retired);
    assert!(desk.knowledge_base().search("vpn").is_empty());
}

#[test]
fn misaddressed_desk_events_are_kept_apart_and_tickets_ignore_desk_events() {
    let wrong = ev(
        "d1",
        0,
        0,
        &RecordKey::Article("x".into()),
        "ana",
        EventKind::CustomerCreated(acme()),
    );
    let hlc = Hlc::first(DESK_T0, "d1");
    let id = EventId::from_parts(DESK_T0, 99);
    let opened = Event::new(
        id.clone(),
        id.as_ticket(),
        hlc,
        "ana",
        EventKind::Opened(Opened {
            customer: "ACME".into(),
            description: "Sin servicio".into(),
            ..Opened::default()
        }),
    );
    let customer = ev(
        "d1",
        1,
        0,
        &RecordKey::Customer("acme".into()),
        "ana",
        EventKind::CustomerCreated(acme()),
    );
    let events = vec![wrong.clone(), opened, customer];
    let desk = fold_desk(&events);
    assert_eq!(desk.misaddressed, vec![wrong.id]);
    assert_eq!(desk.customers.len(), 1);
    let tickets = fold_all(&events);
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].event_count, 1);
}

#[test]
fn desk_events_keep_the_event_envelope_shape() {
    let key = RecordKey::Customer("acme".into());
    let event = ev("d1", 0, 0, &key, "ana", EventKind::CustomerCreated(acme()));
    let value = serde_json::to_value(&event).unwrap();
    assert_eq!(value["kind"], "customer_created");
    assert_eq!(value["ticket_id"], "customer:acme");
    assert_eq!(value["payload"]["sites"][0]["city"], "Monterrey");
    let back: Event = serde_json::from_value(value).unwrap();
    assert_eq!(back, event);
}

#[test]
fn an_edited_customer_list_becomes_the_events_that_make_it() {
    use mesa::domain::desk::customers::{customer_changes, customers_in_force};
    let acme_key = RecordKey::Customer("acme".into());
    let globex_key = RecordKey::Customer("globex".into());
    let globex = Customer {
        name: "Globex".into(),
        ..Customer::default()
    };
    let desk = fold_desk(&[
        ev(
            "d1",
            0,
            1,
            &acme_key,
            "ana",
            EventKind::CustomerCreated(acme()),
        ),
        ev(
            "d1",
            1,
            2,
            &globex_key,
            "ana",
            EventKind::CustomerCreated(globex),
        ),
    ]);
    let mut list = customers_in_force(&desk.customers);
    assert_eq!(
        list.iter()
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect::<Vec<_>>(),
        [("acme", "ACME"), ("globex", "Globex")]
    );
    // Unchanged: nothing to write.
    assert!(customer_changes(&desk.customers, &list, |_| unreachable!()).is_empty());

    // ACME's end date changes, Globex goes, Initech is new.
    list[0].contract_end = NaiveDate::from_ymd_opt(2027, 6, 30);
    list.remove(1);
    list.push(Customer {
        name: "Initech".into(),
        ..Customer::default()
    });
    let changes = customer_changes(&desk.customers, &list, |c| format!("{}-new", c.name));
    let keys: Vec<String> = changes.iter().map(|(k, _)| k.to_string()).collect();
    assert_eq!(
        keys,
        ["customer:acme", "customer:Initech-new", "customer:globex"]
    );
    assert_eq!(
        changes[0].1,
        EventKind::CustomerChanged(CustomerPatch {
            contract_end: Some(NaiveDate::from_ymd_opt(2027, 6, 30)),
            ..CustomerPatch::default()
        }),
        "only the changed field"
    );
    assert!(matches!(&changes[2].1, EventKind::CustomerArchived { .. }));

    // Folded, they give the edited list back.
    let mut events: Vec<Event> = vec![
        ev(
            "d1",
            0,
            1,
            &acme_key,
            "ana",
            EventKind::CustomerCreated(acme()),
        ),
        ev(
            "d1",
            1,
            2,
            &globex_key,
            "ana",
            EventKind::CustomerCreated(Customer {
                name: "Globex".into(),
                ..Customer::default()
            }),
        ),
    ];
    for (i, (key, kind)) in changes.into_iter().enumerate() {
        events.push(ev("d2", 10, 10 + i as u32, &key, "luis", kind));
    }
    let after = customers_in_force(&fold_desk(&events).customers);
    let mut expected = list.clone();
    expected[1].id = "Initech-new".into();
    assert_eq!(after, expected);
}

#[test]
fn editor_saves_become_revisions_based_on_what_the_person_saw() {
    use mesa::domain::desk::articles::article_change;
    use mesa::domain::kb::Article;
    let key = RecordKey::Article("kb-vpn".into());
    let mut first = Article::new("kb-vpn", "VPN caída", "v0");
    first.tags = vec!["vpn".into()];
    let (k, kind) = article_change(&Default::default(), &first, &[]).unwrap();
    assert_eq!(k, key);
    let written = ev("d1", 0, 0, &key, "ana", kind);
    let desk = fold_desk(std::slice::from_ref(&written));
    let seen = desk.articles["kb-vpn"].heads.clone();
    // Nothing changed: nothing to write.
    let same = desk.articles["kb-vpn"].article();
    assert_eq!(article_change(&desk.articles, &same, &seen), None);

    // Two devices edit the body from what they both saw: a conflict on both.
    let mut on_a = same.clone();
    on_a.body = "reinicie el túnel".into();
    let mut on_b = same.clone();
    on_b.body = "revise el certificado".into();
    on_b.title = "VPN caída (certificado)".into();
    let a = ev(
        "d1",
        5,
        0,
        &key,
        "ana",
        article_change(&desk.articles, &on_a, &seen).unwrap().1,
    );
    let b = ev(
        "d2",
        6,
        0,
        &key,
        "luis",
        article_change(&desk.articles, &on_b, &seen).unwrap().1,
    );
    let events = vec![written, a, b];
    let desk = fold_desk(&events);
    let art = &desk.articles["kb-vpn"];
    assert!(art.in_conflict());
    assert_eq!(
        art.title, "VPN caída (certificado)",
        "fields merge, bodies conflict"
    );

    // Saving it as shown (both revisions seen) resolves the conflict, even with the same text.
    let shown = art.heads.clone();
    let resolution = article_change(&desk.articles, &art.article(), &shown)
        .unwrap()
        .1;
    let mut all = events.clone();
    all.push(ev("d1", 9, 0, &key, "ana", resolution));
    assert!(!fold_desk(&all).articles["kb-vpn"].in_conflict());
}
