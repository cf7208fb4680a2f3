//! Customers: contract validity, and validation of dates, e-mails, phones and city classes.

use chrono::NaiveDate;
use mesa::domain::customer::{
    customers_from_json, customers_to_json, Customer, CustomerContact, Site,
};
use mesa::domain::profile::{preset, ProcessProfile};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn acme() -> Customer {
    Customer {
        name: "Acme Telecom".into(),
        contacts: vec![CustomerContact {
            name: "Jefe de TI".into(),
            role: "TI".into(),
            email: "ti@example.invalid".into(),
            phone: "+52 55 1234 5678".into(),
        }],
        sites: vec![Site {
            name: "Matriz".into(),
            city: "Quito".into(),
            city_class: None,
        }],
        contract_start: Some(d(2026, 1, 1)),
        contract_end: Some(d(2026, 12, 31)),
        ..Customer::default()
    }
}

#[test]
fn a_complete_customer_is_valid() {
    assert_eq!(acme().validate(&[]), vec![]);
}

#[test]
fn contract_in_force_includes_both_ends() {
    let c = acme();
    assert!(!c.contract_in_force(d(2025, 12, 31)));
    assert!(c.contract_in_force(d(2026, 1, 1)));
    assert!(c.contract_in_force(d(2026, 7, 15)));
    assert!(c.contract_in_force(d(2026, 12, 31)));
    assert!(!c.contract_in_force(d(2027, 1, 1)));
}

#[test]
fn missing_bounds_do_not_limit() {
    let open = Customer {
        contract_start: None,
        contract_end: None,
        ..acme()
    };
    assert!(open.contract_in_force(d(1990, 1, 1)));
    let from = Customer {
        contract_end: None,
        ..acme()
    };
    assert!(!from.contract_in_force(d(2025, 1, 1)));
    assert!(from.contract_in_force(d(2099, 1, 1)));
}

#[test]
fn contract_dates_must_be_ordered() {
    let c = Customer {
        contract_start: Some(d(2026, 5, 1)),
        contract_end: Some(d(2026, 4, 30)),
        ..acme()
    };
    let problems = c.validate(&[]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "contract_end");
    assert_eq!(problems[0].code, "dates_order");
    // The same day is a valid one-day contract.
    let same = Customer {
        contract_start: Some(d(2026, 5, 1)),
        contract_end: Some(d(2026, 5, 1)),
        ..acme()
    };
    assert!(same.validate(&[]).is_empty());
}

#[test]
fn malformed_email_and_phone_are_reported_with_their_path() {
    let mut c = acme();
    c.contacts.push(CustomerContact {
        name: "Otro".into(),
        role: String::new(),
        email: "no-es-correo".into(),
        phone: "12".into(),
    });
    let problems = c.validate(&[]);
    let found: Vec<_> = problems.iter().map(|p| (p.path.as_str(), p.code)).collect();
    assert_eq!(
        found,
        vec![
            ("contacts[1].email", "email"),
            ("contacts[1].phone", "phone")
        ]
    );
}

#[test]
fn empty_email_and_phone_are_allowed_but_names_are_required() {
    let c = Customer {
        name: " ".into(),
        contacts: vec![CustomerContact::default()],
        ..acme()
    };
    let paths: Vec<_> = c.validate(&[]).into_iter().map(|p| p.path).collect();
    assert_eq!(paths, vec!["name", "contacts[0].name"]);
}

#[test]
fn site_city_class_must_exist_in_the_profile() {
    let profile = ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap();
    assert!(!profile.city_classes.is_empty(), "P3 defines city classes");
    let mut c = acme();
    c.sites[0].city_class = Some(profile.city_classes[0].id.clone());
    assert!(c.validate(&profile.city_classes).is_empty());
    c.sites[0].city_class = Some("atlantis".into());
    let problems = c.validate(&profile.city_classes);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].path, "sites[0].city_class");
}

#[test]
fn the_list_round_trips_through_json() {
    let list = vec![acme(), Customer::default()];
    let text = customers_to_json(&list);
    assert_eq!(customers_from_json(&text).unwrap(), list);
    assert!(customers_from_json("").unwrap().is_empty());
    assert!(customers_from_json("{").is_err());
}

#[test]
fn a_customer_typed_at_registration_is_linked_later_to_the_one_on_file() {
    use mesa::domain::actions::{link_customer, may_link_customer, ActionProblem, Issue};
    use mesa::domain::customer::{customer_named, notified_contacts, CustomerContact};
    use mesa::domain::ticket::Ticket;

    let banco = Customer {
        name: "Banco Andino".into(),
        contacts: vec![
            CustomerContact {
                name: "NOC".into(),
                role: "Notificaciones".into(),
                email: "noc@banco.example".into(),
                ..CustomerContact::default()
            },
            CustomerContact {
                name: "Ventas".into(),
                role: "comercial".into(),
                email: "ventas@banco.example".into(),
                ..CustomerContact::default()
            },
        ],
        ..Customer::default()
    };
    let on_file = vec![banco];
    // The form offers the record for the name however it is typed, and says who is written to.
    let found = customer_named(&on_file, "  BANCO andino ").expect("on file");
    let to: Vec<&str> = notified_contacts(found, &["notificaciones".into()])
        .map(|c| c.email.as_str())
        .collect();
    assert_eq!(to, ["noc@banco.example"]);

    // A ticket registered with a name not on file is offered the link; linked, it is not.
    let typed = Ticket {
        customer: "Bco. Andino".into(),
        ..Ticket::default()
    };
    assert!(may_link_customer(&typed, &on_file));
    assert!(!may_link_customer(&typed, &[]), "nothing to link to");
    let linked = link_customer(&on_file, &typed, "banco andino").unwrap();
    assert_eq!(
        linked,
        mesa::domain::event::EventKind::CustomerLinked {
            customer: "Banco Andino".into()
        }
    );
    let after = Ticket {
        customer: "Banco Andino".into(),
        ..Ticket::default()
    };
    assert!(!may_link_customer(&after, &on_file));
    assert_eq!(
        link_customer(&on_file, &after, "Banco Andino"),
        Err(vec![ActionProblem::new("customer", Issue::Unchanged)])
    );
    assert_eq!(
        link_customer(&on_file, &typed, "Otro"),
        Err(vec![ActionProblem::new("customer", Issue::NotAnOption)])
    );
}
