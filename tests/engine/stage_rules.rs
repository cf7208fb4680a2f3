//! The stages' field rules: a ticket cannot leave a stage while the fields its
//! `required_to_leave` names are empty, nor enter one whose `required_to_enter` fields are empty,
//! and the problem names every missing field.

use mesa::domain::actions::*;
use mesa::domain::event::{EventKind, Resolution};
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::ticket::{Status, Ticket};

fn p3() -> ProcessProfile {
    ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap()
}

/// A P3 technical ticket in the "registro" stage with only the customer written down.
fn in_registration() -> Ticket {
    Ticket {
        request_kind: "tecnico".into(),
        status: Status::Open,
        level: 1,
        stage: Some("registro".into()),
        customer: "Banco Ejemplo".into(),
        ..Ticket::default()
    }
}

#[test]
fn leaving_a_stage_needs_its_fields_and_names_the_missing_ones() {
    let p = p3();
    let mut t = in_registration();
    let problems = move_stage(&p, &t, "diagnostico").unwrap_err();
    assert_eq!(
        problems,
        vec![ActionProblem::naming(
            "stage",
            Issue::MissingToLeave,
            vec![
                "site".into(),
                "description".into(),
                "contacto".into(),
                "telefono".into()
            ]
        )]
    );
    // Filled one by one, the list shrinks; blank text does not count.
    t.site = Some("Sede Quito".into());
    t.description = "Sin enlace de datos".into();
    t.fields.insert("contacto".into(), "Jefa de TI".into());
    t.fields.insert("telefono".into(), "   ".into());
    let problems = move_stage(&p, &t, "diagnostico").unwrap_err();
    assert_eq!(problems[0].missing, ["telefono"]);
    t.fields.insert("telefono".into(), "+593 2 000 0000".into());
    assert_eq!(
        move_stage(&p, &t, "diagnostico").unwrap(),
        EventKind::StageChanged {
            stage: "diagnostico".into(),
            entered_on: None,
        }
    );
}

#[test]
fn a_ticket_without_a_stage_or_a_stage_without_rules_moves_freely() {
    let p = p3();
    let mut t = in_registration();
    t.stage = None;
    assert!(move_stage(&p, &t, "registro").is_ok());
    t.stage = Some("diagnostico".into());
    assert!(move_stage(&p, &t, "documentacion").is_ok());
}

#[test]
fn closure_fields_count_only_once_recorded_in_a_resolution() {
    let p = p3();
    let mut t = in_registration();
    t.stage = Some("documentacion".into());
    let problems = move_stage(&p, &t, "seguimiento").unwrap_err();
    assert_eq!(problems[0].issue, Issue::MissingToLeave);
    assert_eq!(problems[0].missing, ["solution", "confirmed_by"]);
    t.resolution = Some(Resolution {
        solution: "Cambio de tarjeta".into(),
        confirmed_by: "Jefa de TI".into(),
        ..Resolution::default()
    });
    assert!(missing_fields(&t, &["solution".into(), "confirmed_by".into()]).is_empty());
    assert_eq!(
        missing_fields(&t, &["root_cause".into(), "affected_minutes".into()]),
        ["root_cause", "affected_minutes"]
    );
}

#[test]
fn entering_a_stage_needs_its_fields_and_both_rules_are_reported_together() {
    let mut p = p3();
    let diag = p.stages.iter_mut().find(|s| s.id == "diagnostico").unwrap();
    diag.required_to_enter = vec!["severity".into(), "correo".into()];
    assert!(p.validate().is_empty(), "the rule is a valid profile");
    let t = in_registration();
    let problems = move_stage(&p, &t, "diagnostico").unwrap_err();
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].issue, Issue::MissingToLeave);
    assert_eq!(
        problems[1],
        ActionProblem::naming(
            "stage",
            Issue::MissingToEnter,
            vec!["severity".into(), "correo".into()]
        )
    );
    // Other stages are not affected by that rule.
    let mut free = t.clone();
    free.stage = None;
    assert!(move_stage(&p, &free, "recepcion").is_ok());
    assert_eq!(
        move_stage(&p, &free, "diagnostico").unwrap_err()[0].issue,
        Issue::MissingToEnter
    );
}

#[test]
fn the_problem_reads_back_from_json_and_old_problems_still_read() {
    let p = ActionProblem::naming("stage", Issue::MissingToLeave, vec!["site".into()]);
    let json = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<ActionProblem>(&json).unwrap(), p);
    // A problem naming nothing is written as before (no `missing`), and reads back.
    let plain = serde_json::to_value(ActionProblem::new("reason", Issue::Required)).unwrap();
    assert_eq!(plain.as_object().unwrap().len(), 2, "{plain}");
    let back: ActionProblem = serde_json::from_value(plain).unwrap();
    assert_eq!(back, ActionProblem::new("reason", Issue::Required));
}
