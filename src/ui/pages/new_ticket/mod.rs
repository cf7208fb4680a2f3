//! "Nueva incidencia": the registration form the active profile defines. The domain validates;
//! this page only shows every problem beside its field, and the ticket number once saved.

mod checklist;
mod contract;
mod extra_fields;
mod form;
mod impact;
mod level;
mod on_file;
mod problems;
mod scope;

use leptos::prelude::*;

use crate::app::commands::{ActionError, Registered};
use crate::app::desk::{desk_zone, reported_day, use_desk_signals};
use crate::app::open_desk::use_desk;
use crate::domain::commands::validate_in_desk;
use crate::domain::contract::ContractStanding;
use crate::ui::i18n::use_i18n;
use crate::ui::route::Route;
use crate::ui::save_state::use_save;
use crate::ui::StoreErrorMessage;

use checklist::Checklist;
use contract::ContractNotice;
use extra_fields::ExtraFields;
use form::{Field, RegistrationForm};
use impact::ImpactQuestions;
use level::LevelChoice;
use on_file::{use_customers_on_file, OnFileLists, OnFileNote, CUSTOMERS_LIST, SITES_LIST};
use problems::Problems;
use scope::ScopeQuestion;

#[component]
pub fn NewTicketPage() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let profile = desk.get().profile.clone();

    // The profile's default kind, or none: a process with several kinds and no sensible
    // default asks (P2 used to open on its first kind, "Queja", without anyone choosing it).
    let default_kind = profile.default_kind().map(|k| k.id.clone());
    let ask_kind = default_kind.is_none();
    let form = RegistrationForm::new(default_kind.unwrap_or_default());
    let RegistrationForm {
        kind,
        severity,
        level,
        channel,
        customer,
        site,
        description,
        fields,
        checklist,
        in_scope,
        reported_at,
        contract_reason,
        scope_reason,
        impact,
        ..
    } = form;
    let problems = Problems::new(i18n, &profile);
    // The ticket once registered (its number links to its page), or why it was not.
    let save = use_save::<Registered, ActionError>();

    let draft = move || form.draft();

    // The desk's customers, and where the customer typed stands with its contract on the day
    // reported.
    let on_file = use_customers_on_file();
    let standing = {
        let profile = profile.clone();
        Memo::new(move |_| {
            let day = reported_day(form.draft().reported_at);
            on_file.with(|list| ContractStanding::under(&profile, list, &customer.get(), day))
        })
    };

    // Once a submit showed the problems, they follow the form as it is corrected: fixing a
    // field clears its message, a value still wrong keeps it (the domain decides).
    let submitted = RwSignal::new(false);
    {
        let profile = profile.clone();
        Effect::new(move |_| {
            if !submitted.get() {
                return;
            }
            let now = validate_in_desk(&profile, &draft(), &standing.get())
                .err()
                .unwrap_or_default();
            if problems.list.with_untracked(|ps| *ps != now) {
                problems.list.set(now);
            }
        });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if save.is_saving_untracked() {
            return;
        }
        let draft = untrack(draft);
        save.run(async move {
            let result = desk.get().register(&draft, signals).await;
            match &result {
                Ok(_) => {
                    submitted.set(false);
                    problems.list.set(Vec::new());
                    form.clear();
                }
                Err(ActionError::Invalid(ps)) => {
                    problems.list.set(ps.clone());
                    submitted.set(true);
                }
                Err(ActionError::Store(_)) => {}
            }
            result
        });
    };

    let kinds = profile.request_kinds.clone();
    let severities = profile.severities.clone();
    let channels = profile.registration.channels.clone();
    let extra_fields: Vec<_> = profile
        .registration
        .fields
        .iter()
        .filter(|f| !["customer", "site", "description"].contains(&f.id.as_str()))
        .cloned()
        .collect();
    let label_of = {
        let defs = profile.registration.fields.clone();
        move |id: &str, fallback_key: &'static str| {
            let label = defs.iter().find(|f| f.id == id).map(|f| f.label.clone());
            move || {
                label
                    .as_ref()
                    .map_or_else(|| i18n.t(fallback_key), |l| i18n.pt(l))
            }
        }
    };
    let customer_label = label_of("customer", "new.customer");
    let site_label = label_of("site", "new.site");
    let description_label = label_of("description", "new.description");
    let checklist_spec = profile.registration.checklist.clone();
    let scope_question = profile
        .registration
        .scope
        .as_ref()
        .and_then(|s| s.question.clone());

    view! {
        <section class="new-ticket">
            <h1>{move || i18n.t("new.title")}</h1>
            {move || match save.failed() {
                Some(ActionError::Store(e)) => Some(view! { <StoreErrorMessage error=e/> }),
                _ => None,
            }}
            {move || {
                let n = problems.list.with(|p| p.len());
                (n > 0).then(|| view! {
                    <p class="problems" role="alert">{i18n.t_with("new.has_problems", &[("n", &n.to_string())])}</p>
                })
            }}
            <form on:submit=submit novalidate>
                <Field id="request_kind" label=Signal::derive(move || i18n.t("new.kind")) problem=problems.message_for("request_kind")>
                    <select id="request_kind" aria-invalid=problems.invalid("request_kind") aria-describedby="request_kind-problem"
                        on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                        {ask_kind.then(|| view! { <option value="">{move || i18n.t("new.select")}</option> })}
                        {kinds.iter().map(|k| { let name = k.name.clone(); view! { <option value=k.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                    </select>
                </Field>
                {profile.registration.severity_guide.clone().map(|guide| view! {
                    <ImpactQuestions guide severities=severities.clone() answers=impact severity/>
                })}
                <Field id="severity" label=Signal::derive(move || i18n.t("new.severity")) problem=problems.message_for("severity")>
                    <select id="severity" aria-invalid=problems.invalid("severity") aria-describedby="severity-problem"
                        on:change=move |ev| severity.set(event_target_value(&ev)) prop:value=move || severity.get()>
                        <option value="">{move || i18n.t("new.select")}</option>
                        {severities.iter().map(|s| { let name = s.name.clone(); view! { <option value=s.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                    </select>
                </Field>
                {(!profile.levels.is_empty()).then(|| view! {
                    <LevelChoice profile=profile.clone() answers=impact level problem=problems.message_for("level")/>
                })}
                {(!channels.is_empty()).then(|| view! {
                    <Field id="channel" label=Signal::derive(move || i18n.t("new.channel")) problem=problems.message_for("channel")>
                        <select id="channel" aria-invalid=problems.invalid("channel") aria-describedby="channel-problem"
                        on:change=move |ev| channel.set(event_target_value(&ev)) prop:value=move || channel.get()>
                            <option value="">{move || i18n.t("new.select")}</option>
                            {channels.iter().map(|c| { let name = c.name.clone(); view! { <option value=c.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                        </select>
                    </Field>
                })}
                <Field id="customer" label=Signal::derive(customer_label) problem=problems.message_for("customer")>
                    <input id="customer" aria-invalid=problems.invalid("customer") aria-describedby="customer-problem customer-on-file"
                        type="text" autocomplete="off" list=CUSTOMERS_LIST
                        on:input=move |ev| customer.set(event_target_value(&ev)) prop:value=move || customer.get()/>
                    <OnFileNote on_file customer roles=profile.notified_customer_roles()/>
                </Field>
                <OnFileLists on_file customer/>
                <Field id="site" label=Signal::derive(site_label) problem=problems.message_for("site")>
                    <input id="site" aria-invalid=problems.invalid("site") aria-describedby="site-problem"
                        type="text" autocomplete="off" list=SITES_LIST on:input=move |ev| site.set(event_target_value(&ev)) prop:value=move || site.get()/>
                </Field>
                <Field id="description" label=Signal::derive(description_label) problem=problems.message_for("description")>
                    <textarea id="description" aria-invalid=problems.invalid("description") aria-describedby="description-problem"
                        rows="4"
                        on:input=move |ev| description.set(event_target_value(&ev)) prop:value=move || description.get()></textarea>
                </Field>
                <Field id="reported_at" label=Signal::derive(move || i18n.t("new.reported_at")) problem=problems.message_for("reported_at")>
                    <input id="reported_at" aria-invalid=problems.invalid("reported_at") aria-describedby="reported_at-problem"
                        type="datetime-local"
                        on:input=move |ev| reported_at.set(event_target_value(&ev)) prop:value=move || reported_at.get()/>
                    <p class="hint zone-note">{move || i18n.t_with("ticket.clocks.zone", &[("zone", desk_zone().name())])}</p>
                </Field>
                <ContractNotice standing reason=contract_reason problem=problems.message_for("contract_reason")/>
                <ExtraFields defs=extra_fields values=fields problems/>
                {checklist_spec.map(|spec| view! { <Checklist spec checked=checklist problems/> })}
                {scope_question.map(|question| view! {
                    <ScopeQuestion question=Signal::derive(move || i18n.pt(&question)) in_scope reason=scope_reason problem=problems.message_for("in_scope")
                        reason_problem=problems.message_for("scope_reason")/>
                })}
                <button type="submit" class="primary" prop:disabled=move || save.is_saving()>
                    {move || match (save.is_saving(), in_scope.get()) {
                        (true, _) => i18n.t("new.saving"),
                        (false, Some(false)) => i18n.t("new.submit_rejected"),
                        (false, _) => i18n.t("new.submit"),
                    }}
                </button>
                // Beside the button just pressed, where the eyes are; a live region, so screen
                // readers announce it too.
                <p class="saved" role="status" aria-live="polite">
                    {move || save.saved().map(|Registered { id, number, rejected }| view! {
                        {i18n.t_with(if rejected { "new.saved_rejected" } else { "new.saved" }, &[("number", "")])}
                        <a class="ticket-number" href=Route::Ticket(id.0).href()>{number}</a>
                    })}
                </p>
            </form>
        </section>
    }
}
