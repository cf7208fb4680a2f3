//! The desk's people (#18, P4 and P5): folded like every desk record (per-field merge, later
//! hybrid clock wins, history kept), checked field by field with texts that name the field, a
//! customer's account technician, and who is proposed when assigning a ticket.

use mesa::domain::customer::Customer;
use mesa::domain::desk::change::{CustomerPatch, PersonPatch};
use mesa::domain::desk::customers::customer_changes;
use mesa::domain::desk::people::{people_changes, people_on_file};
use mesa::domain::desk::{fold_desk, RecordKey};
use mesa::domain::event::*;
use mesa::domain::people::draft::{PersonDraft, PersonField, MAX_LEVEL};
use mesa::domain::people::suggest::{
    account_technician, assignee_choices, suggest_assignees, Reason, Request,
};
use mesa::domain::people::Person;
use mesa::domain::ticket::{Status, Ticket};
use mesa::locales::{texts, Lang};

use crate::common;

/// A desk event on `device`, by it, at `min` minutes after [`common::DESK_T0`].
fn ev(device: &str, min: i64, n: u32, key: &RecordKey, kind: EventKind) -> Event {
    common::desk_event(device, min, n, key, device, kind)
}

fn lucia() -> PersonPatch {
    PersonPatch {
        name: Some(" Lucía Pérez ".into()),
        level: Some(2),
        skills: Some(vec!["Aprovisionamiento".into()]),
        phone: Some("+52 55 1234 5678".into()),
        email: Some("lucia@mesa.example".into()),
        active: Some(true),
    }
}

fn person(id: &str, name: &str, skills: &[&str], active: bool) -> Person {
    Person {
        id: id.into(),
        name: name.into(),
        level: 2,
        skills: skills.iter().map(|s| s.to_string()).collect(),
        active,
        ..Person::default()
    }
}

fn ticket(assignee: &str, status: Status) -> Ticket {
    Ticket {
        assignee: Some(assignee.into()),
        status,
        ..Ticket::default()
    }
}

#[test]
fn person_set_changed_deactivated_and_back() {
    let key = RecordKey::Person("lucia".into());
    assert_eq!(key.to_string(), "person:lucia");
    assert_eq!(RecordKey::parse(&key.to_ticket_id()), Some(key.clone()));
    let events = vec![
        ev("d1", 0, 0, &key, EventKind::PersonSet(lucia())),
        ev(
            "d1",
            5,
            0,
            &key,
            EventKind::PersonSet(PersonPatch {
                level: Some(3),
                ..PersonPatch::default()
            }),
        ),
        ev(
            "d1",
            9,
            0,
            &key,
            EventKind::PersonDeactivated {
                reason: "Se fue".into(),
            },
        ),
    ];
    let desk = fold_desk(&events);
    let p = &desk.people["lucia"];
    assert_eq!(p.name, "Lucía Pérez");
    assert_eq!(p.level, 3);
    assert_eq!(p.skills, vec!["Aprovisionamiento".to_string()]);
    assert!(!p.active);
    let levels: Vec<_> = p.history.iter().filter(|h| h.field == "level").collect();
    assert_eq!(levels.len(), 2);
    assert_eq!(levels[1].old, serde_json::json!(2));
    assert_eq!(people_on_file(&desk.people)[0].name, "Lucía Pérez");

    // A later set that makes the person active again brings them back.
    let mut more = events.clone();
    more.push(ev(
        "d2",
        12,
        0,
        &key,
        EventKind::PersonSet(PersonPatch {
            active: Some(true),
            ..PersonPatch::default()
        }),
    ));
    assert!(fold_desk(&more).people["lucia"].active);
    assert!(!EventKind::PersonSet(lucia()).code().is_empty());
    assert!(EventKind::PersonSet(lucia()).is_desk());
}

#[test]
fn person_events_addressed_elsewhere_are_kept_apart() {
    let wrong = ev(
        "d1",
        0,
        0,
        &RecordKey::Customer("acme".into()),
        EventKind::PersonSet(lucia()),
    );
    let desk = fold_desk(std::slice::from_ref(&wrong));
    assert!(desk.people.is_empty() && desk.customers.is_empty());
    assert_eq!(desk.misaddressed, vec![wrong.id]);
}

#[test]
fn concurrent_edits_of_a_person_converge_field_by_field() {
    let key = RecordKey::Person("lucia".into());
    let created = ev("d1", 0, 0, &key, EventKind::PersonSet(lucia()));
    // Apart: d1 changes the phone and the level, d2 the skills and the level (later clock).
    let d1 = ev(
        "d1",
        10,
        0,
        &key,
        EventKind::PersonSet(PersonPatch {
            phone: Some("+52 55 0000 0000".into()),
            level: Some(1),
            ..PersonPatch::default()
        }),
    );
    let d2 = ev(
        "d2",
        11,
        0,
        &key,
        EventKind::PersonSet(PersonPatch {
            skills: Some(vec!["Incidente".into(), "Consulta".into()]),
            level: Some(3),
            ..PersonPatch::default()
        }),
    );
    // d1, still apart, deactivates before d2's edit: the later clock wins per field.
    let off = ev(
        "d1",
        10,
        1,
        &key,
        EventKind::PersonDeactivated {
            reason: String::new(),
        },
    );
    let a = fold_desk(&[created.clone(), d1.clone(), off.clone(), d2.clone()]);
    let b = fold_desk(&[d2, off, d1, created]);
    assert_eq!(a.to_json(), b.to_json());
    let p = &a.people["lucia"];
    assert_eq!(p.phone, "+52 55 0000 0000");
    assert_eq!(p.skills.len(), 2);
    assert_eq!(p.level, 3);
    assert!(!p.active);
    // The replaced level stays in the history.
    assert!(p
        .history
        .iter()
        .any(|h| h.field == "level" && h.new == serde_json::json!(1)));
}

#[test]
fn the_list_as_edited_becomes_events_for_what_changed() {
    let key = RecordKey::Person("lucia".into());
    let desk = fold_desk(&[ev("d1", 0, 0, &key, EventKind::PersonSet(lucia()))]);
    let mut list = people_on_file(&desk.people);
    assert!(people_changes(&desk.people, &list, |_| unreachable!()).is_empty());

    list[0].level = 3;
    list[0].active = false;
    list.push(person("", "Tomás Ruiz", &["Incidente"], true));
    let changes = people_changes(&desk.people, &list, |_| "tomas-1".into());
    assert_eq!(changes.len(), 3);
    assert!(matches!(&changes[0].1, EventKind::PersonSet(p)
        if p.level == Some(3) && p.name.is_none() && p.active.is_none()));
    assert!(matches!(&changes[1].1, EventKind::PersonDeactivated { .. }));
    assert_eq!(changes[2].0, RecordKey::Person("tomas-1".into()));
    assert!(matches!(&changes[2].1, EventKind::PersonSet(p) if p.active == Some(true)));
}

#[test]
fn problems_name_the_field_by_its_label_in_both_languages() {
    let drafts = vec![
        PersonDraft {
            name: "Lucía".into(),
            level: "1".into(),
            active: true,
            ..PersonDraft::default()
        },
        PersonDraft {
            name: " lucia ".into(),
            level: "12".into(),
            phone: "llamar".into(),
            email: "lucia@".into(),
            ..PersonDraft::default()
        },
        PersonDraft {
            level: "2".into(),
            skills: "Incidente, ,incidente".into(),
            ..PersonDraft::default()
        },
    ];
    let problems = PersonDraft::check_all(&drafts).unwrap_err();
    let found: Vec<_> = problems.iter().map(|p| (p.row, p.field, p.code)).collect();
    assert_eq!(
        found,
        vec![
            (1, PersonField::Name, "duplicate"),
            (1, PersonField::Level, "level"),
            (1, PersonField::Phone, "phone"),
            (1, PersonField::Email, "email"),
            (2, PersonField::Name, "required"),
        ]
    );
    for lang in [Lang::Es, Lang::En] {
        let t = texts(lang);
        for p in &problems {
            let label = &t[&format!("settings.people.{}", p.field.key())];
            let text = t[&format!("settings.people.problem.{}", p.code)]
                .replace("{field}", label)
                .replace("{max}", &MAX_LEVEL.to_string());
            assert!(text.contains(label.as_str()), "{text}");
            assert!(!text.contains('{'), "{text}");
        }
    }
    let es = texts(Lang::Es);
    let email =
        es["settings.people.problem.email"].replace("{field}", &es["settings.people.email"]);
    assert_eq!(
        email,
        "«Correo electrónico» no es un correo válido (nombre@dominio.com)."
    );

    let ok = PersonDraft::check_all(
        &drafts[2..3]
            .iter()
            .cloned()
            .map(|mut d| {
                d.name = "Tomás".into();
                d
            })
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert_eq!(ok[0].skills, vec!["Incidente".to_string()]);
    assert_eq!(ok[0].level, 2);
}

#[test]
fn a_customer_names_its_account_technician_with_the_same_merge() {
    let key = RecordKey::Customer("acme".into());
    let acme = Customer {
        name: "ACME".into(),
        account_technician: Some("lucia".into()),
        ..Customer::default()
    };
    let created = ev("d1", 0, 0, &key, EventKind::CustomerCreated(acme.clone()));
    let cleared = ev(
        "d2",
        3,
        0,
        &key,
        EventKind::CustomerChanged(CustomerPatch {
            account_technician: Some(None),
            ..CustomerPatch::default()
        }),
    );
    let renamed = ev(
        "d1",
        2,
        0,
        &key,
        EventKind::CustomerChanged(CustomerPatch {
            name: Some("ACME SA".into()),
            ..CustomerPatch::default()
        }),
    );
    let desk = fold_desk(std::slice::from_ref(&created));
    assert_eq!(
        desk.customers["acme"]
            .customer
            .account_technician
            .as_deref(),
        Some("lucia")
    );
    let both = fold_desk(&[cleared.clone(), renamed.clone(), created.clone()]);
    assert_eq!(
        both.to_json(),
        fold_desk(&[created, renamed, cleared]).to_json()
    );
    let c = &both.customers["acme"].customer;
    assert_eq!(
        (c.name.as_str(), c.account_technician.as_deref()),
        ("ACME SA", None)
    );

    // The patch serializes a cleared technician as `null`, and an edit names only it.
    let json = serde_json::to_string(&CustomerPatch {
        account_technician: Some(None),
        ..CustomerPatch::default()
    })
    .unwrap();
    assert_eq!(json, r#"{"account_technician":null}"#);
    let edited = Customer {
        id: "acme".into(),
        account_technician: Some("tomas".into()),
        ..acme
    };
    let changes = customer_changes(&desk.customers, &[edited], |_| unreachable!());
    assert!(matches!(&changes[0].1, EventKind::CustomerChanged(p)
        if p.account_technician == Some(Some("tomas".into())) && p.name.is_none()));
}

#[test]
fn the_account_technician_first_then_the_competent_least_loaded() {
    let people = vec![
        person("ana", "Ana", &[], true),
        person("bea", "Bea", &["aprovisionamiento"], true),
        person("ciro", "Ciro", &["Aprovisionamiento", "Incidente"], true),
        person("dora", "Dora", &["Aprovisionamiento"], false),
        person("eli", "Eli", &["Incidente"], true),
    ];
    let tickets = vec![
        ticket("Bea", Status::Open),
        ticket(" bea", Status::WaitingOnCustomer),
        ticket("Ciro", Status::Open),
        ticket("Ciro", Status::Closed),
        ticket("Eli", Status::Resolved),
        ticket("Alguien", Status::Open),
    ];
    let customers = vec![Customer {
        id: "acme-1".into(),
        name: "ACME".into(),
        account_technician: Some("eli".into()),
        ..Customer::default()
    }];
    assert_eq!(account_technician(&customers, "acme"), Some("eli"));
    assert_eq!(account_technician(&customers, "acme-1"), Some("eli"));
    assert_eq!(account_technician(&customers, "Otro"), None);

    let request = Request {
        kind: "aprovisionamiento",
        kind_name: "Aprovisionamiento",
        account_technician: account_technician(&customers, "ACME"),
    };
    let suggested = suggest_assignees(&people, &request, &tickets);
    let got: Vec<_> = suggested
        .iter()
        .map(|c| (c.person.name.as_str(), c.reason, c.load))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Eli", Some(Reason::AccountTechnician), 1),
            ("Ciro", Some(Reason::Competence), 1),
            ("Bea", Some(Reason::Competence), 2),
        ]
    );
    // Everyone active is offered, the others after the suggestions; inactive never.
    let all = assignee_choices(&people, &request, &tickets);
    let names: Vec<_> = all.iter().map(|c| c.person.name.as_str()).collect();
    assert_eq!(names, vec!["Eli", "Ciro", "Bea", "Ana"]);
    assert_eq!(all[3].reason, None);

    // An inactive account technician is not proposed either.
    let request = Request {
        account_technician: Some("dora"),
        ..request
    };
    assert!(suggest_assignees(&people, &request, &tickets)
        .iter()
        .all(|c| c.person.id != "dora"));
}
