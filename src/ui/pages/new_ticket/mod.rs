//! "Nueva incidencia": the registration form the active profile defines. The domain validates;
//! this page only shows every problem beside its field, and the ticket number once saved.
//!
//! The form's values are one [`form::RegistrationForm`], its problems one
//! [`problems::Problems`], its save one [`Save`](crate::ui::save_state::Save) run by
//! [`submit::use_register`]; each group of fields is its own component.

mod checklist;
mod choice;
mod contract;
mod customer;
mod details;
mod extra_fields;
mod form;
mod impact;
mod level;
mod lists;
mod on_file;
mod outcome;
mod problems;
mod scope;
mod submit;

use leptos::prelude::*;

use crate::app::commands::{ActionError, Registered};
use crate::app::open_desk::use_desk;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::use_save;

use checklist::Checklist;
use choice::ChoiceField;
use contract::{use_contract_standing, ContractNotice};
use customer::CustomerFields;
use details::{DescriptionField, ReportedAtField};
use extra_fields::ExtraFields;
use form::{process_label, RegistrationForm};
use impact::ImpactQuestions;
use level::LevelChoice;
use lists::ProfileLists;
use on_file::use_customers_on_file;
use outcome::{FormAlerts, RegisteredNote};
use problems::Problems;
use scope::ScopeQuestion;
use submit::{use_register, SubmitButton};

/// The page: the process's registration fields in order, then the button and what it did.
#[component]
pub fn NewTicketPage() -> impl IntoView {
    let i18n = use_i18n();
    let profile = use_desk().get().profile.clone();

    // The profile's default kind, or none: a process with several kinds and no sensible
    // default asks (P2 used to open on its first kind, "Queja", without anyone choosing it).
    let default_kind = profile.default_kind().map(|k| k.id.clone());
    let ask_kind = default_kind.is_none();
    let form = RegistrationForm::new(default_kind.unwrap_or_default());
    let problems = Problems::new(i18n, &profile);
    // The ticket once registered (its number links to its page), or why it was not.
    let save = use_save::<Registered, ActionError>();
    // The desk's customers, and where the customer typed stands with its contract on the day
    // reported.
    let on_file = use_customers_on_file();
    let standing = use_contract_standing(profile.clone(), form, on_file);
    let submit = use_register(profile.clone(), form, problems, standing, save);

    let ProfileLists {
        kinds,
        severities,
        channels,
    } = ProfileLists::of(&profile);
    let extra_fields: Vec<_> = profile
        .registration
        .fields
        .iter()
        .filter(|f| !["customer", "site", "description"].contains(&f.id.as_str()))
        .cloned()
        .collect();
    let scope_question = profile
        .registration
        .scope
        .as_ref()
        .and_then(|s| s.question.clone());

    view! {
        <section class="new-ticket">
            <h1>{move || i18n.t("new.title")}</h1>
            <FormAlerts save problems/>
            <form on:submit=submit novalidate>
                <ChoiceField id="request_kind" label="new.kind" options=kinds value=form.kind ask=ask_kind problems/>
                {profile.registration.severity_guide.clone().map(|guide| view! {
                    <ImpactQuestions guide severities=profile.severities.clone() answers=form.impact severity=form.severity/>
                })}
                <ChoiceField id="severity" label="new.severity" options=severities value=form.severity ask=true problems/>
                {(!profile.levels.is_empty()).then(|| view! {
                    <LevelChoice profile=profile.clone() answers=form.impact level=form.level problem=problems.message_for("level")/>
                })}
                {(!channels.is_empty()).then(|| view! {
                    <ChoiceField id="channel" label="new.channel" options=channels value=form.channel ask=true problems/>
                })}
                <CustomerFields profile=profile.clone() form on_file problems/>
                <DescriptionField label=process_label(&profile, "description", "new.description") description=form.description problems/>
                <ReportedAtField reported_at=form.reported_at problems/>
                <ContractNotice standing reason=form.contract_reason problem=problems.message_for("contract_reason")/>
                <ExtraFields defs=extra_fields values=form.fields problems/>
                {profile.registration.checklist.clone().map(|spec| view! { <Checklist spec checked=form.checklist problems/> })}
                {scope_question.map(|question| view! {
                    <ScopeQuestion question=Signal::derive(move || i18n.pt(&question)) in_scope=form.in_scope reason=form.scope_reason problem=problems.message_for("in_scope")
                        reason_problem=problems.message_for("scope_reason")/>
                })}
                <SubmitButton save in_scope=form.in_scope/>
                <RegisteredNote save/>
            </form>
        </section>
    }
}
