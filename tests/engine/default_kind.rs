//! Defaults that mean something: a new ticket starts on the kind the profile marks as its
//! default (or its only kind); a profile with several kinds and none marked has the form ask,
//! and a draft without a kind is refused naming the field.

use crate::common::profile;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::registration::{Problem, TicketDraft};

#[test]
fn each_preset_starts_on_a_kind_it_means_or_asks() {
    let starts = |id: &str| profile(id).default_kind().map(|k| k.id.clone());
    assert_eq!(
        starts("p1-sipo").as_deref(),
        Some("incidente_api"),
        "its only kind"
    );
    assert_eq!(
        starts("p2-seware"),
        None,
        "complaints, incidents, requests: the form asks"
    );
    assert_eq!(
        starts("p3-cirion"),
        None,
        "administrative or technical: the form asks"
    );
    assert_eq!(
        starts("p4-callmyway").as_deref(),
        Some("incidente"),
        "marked default"
    );
    assert_eq!(starts("p5-megaport"), None);
}

#[test]
fn a_draft_without_a_kind_is_refused_naming_the_field() {
    let p2 = profile("p2-seware");
    let problems = p2.validate_draft(&TicketDraft::default()).unwrap_err();
    assert!(problems
        .iter()
        .any(|p| p.field == "request_kind" && p.problem == Problem::Required));
}

#[test]
fn a_profile_marks_at_most_one_default_kind() {
    let mut json: serde_json::Value = serde_json::from_str(preset("p2-seware").unwrap()).unwrap();
    json["request_kinds"][1]["default"] = true.into();
    let p = ProcessProfile::from_json(&json.to_string()).unwrap();
    assert_eq!(p.default_kind().map(|k| k.id.as_str()), Some("incidente"));
    json["request_kinds"][3]["default"] = true.into();
    let problems = ProcessProfile::from_json(&json.to_string()).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.path == "request_kinds[3].default"),
        "{problems:?}"
    );
}
