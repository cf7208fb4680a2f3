//! "Nueva incidencia": the registration form the active profile defines. The domain validates;
//! this page only shows every problem beside its field, and the ticket number once saved.

mod contract;
mod form;
mod impact;
mod level;
mod on_file;
mod scope;

use leptos::prelude::*;

use crate::app::commands::{ActionError, Registered};
use crate::app::desk::{desk_zone, reported_day, use_desk_signals};
use crate::app::open_desk::use_desk;
use crate::domain::commands::validate_in_desk;
use crate::domain::contract::ContractStanding;
use crate::domain::customer::Customer;
use crate::domain::profile::FieldKind;
use crate::domain::registration::{FieldProblem, Problem};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::route::Route;
use crate::ui::save_state::use_save;
use crate::ui::StoreErrorMessage;

use contract::ContractNotice;
use form::{Field, RegistrationForm};
use impact::ImpactQuestions;
use level::LevelChoice;
use on_file::{OnFileLists, OnFileNote, CUSTOMERS_LIST, EMAILS_LIST, PHONES_LIST, SITES_LIST};
use scope::ScopeQuestion;

/// The translated message for a problem; the checks still missing are named by their labels.
fn problem_text(i18n: &I18n, checks: &[(String, String)], problem: &Problem) -> String {
    let key = format!("problem.{}", problem.code());
    match problem {
        Problem::ChecklistIncomplete { missing } => {
            let labels: Vec<String> = missing
                .iter()
                .map(|id| {
                    checks
                        .iter()
                        .find(|(check, _)| check == id)
                        .map_or(id.clone(), |(_, label)| i18n.pt(label))
                })
                .collect();
            i18n.t_with(&key, &[("missing", &labels.join("; "))])
        }
        _ => i18n.t(&key),
    }
}

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
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    // The ticket once registered (its number links to its page), or why it was not.
    let save = use_save::<Registered, ActionError>();

    let checks = StoredValue::new(
        profile
            .registration
            .checklist
            .iter()
            .flat_map(|c| c.items.iter().map(|i| (i.id.clone(), i.label.clone())))
            .collect::<Vec<_>>(),
    );
    let message_for = move |field: &'static str| {
        move || {
            problems.with(|ps| {
                ps.iter()
                    .find(|p| p.field == field)
                    .map(|p| checks.with_value(|c| problem_text(&i18n, c, &p.problem)))
            })
        }
    };

    // "true" while the field has a problem (for `aria-invalid`).
    let invalid = move |field: &'static str| {
        move || {
            problems
                .with(|ps| ps.iter().any(|p| p.field == field))
                .to_string()
        }
    };

    let draft = move || form.draft();

    // The desk's customers (read again when they change), and where the customer typed stands
    // with its contract on the day reported.
    let on_file = RwSignal::new(Vec::<Customer>::new());
    Effect::new(move |_| {
        signals.shared.track();
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::app::notify::customers(&desk.get()).await {
                on_file.set(list);
            }
        });
    });
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
            if problems.with_untracked(|ps| *ps != now) {
                problems.set(now);
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
                    problems.set(Vec::new());
                    form.clear();
                }
                Err(ActionError::Invalid(ps)) => {
                    problems.set(ps.clone());
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
                let n = problems.with(|p| p.len());
                (n > 0).then(|| view! {
                    <p class="problems" role="alert">{i18n.t_with("new.has_problems", &[("n", &n.to_string())])}</p>
                })
            }}
            <form on:submit=submit novalidate>
                <Field id="request_kind" label=Signal::derive(move || i18n.t("new.kind")) problem=Signal::derive(message_for("request_kind"))>
                    <select id="request_kind" aria-invalid=invalid("request_kind") aria-describedby="request_kind-problem"
                        on:change=move |ev| kind.set(event_target_value(&ev)) prop:value=move || kind.get()>
                        {ask_kind.then(|| view! { <option value="">{move || i18n.t("new.select")}</option> })}
                        {kinds.iter().map(|k| { let name = k.name.clone(); view! { <option value=k.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                    </select>
                </Field>
                {profile.registration.severity_guide.clone().map(|guide| view! {
                    <ImpactQuestions guide severities=severities.clone() answers=impact severity/>
                })}
                <Field id="severity" label=Signal::derive(move || i18n.t("new.severity")) problem=Signal::derive(message_for("severity"))>
                    <select id="severity" aria-invalid=invalid("severity") aria-describedby="severity-problem"
                        on:change=move |ev| severity.set(event_target_value(&ev)) prop:value=move || severity.get()>
                        <option value="">{move || i18n.t("new.select")}</option>
                        {severities.iter().map(|s| { let name = s.name.clone(); view! { <option value=s.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                    </select>
                </Field>
                {(!profile.levels.is_empty()).then(|| view! {
                    <LevelChoice profile=profile.clone() answers=impact level problem=Signal::derive(message_for("level"))/>
                })}
                {(!channels.is_empty()).then(|| view! {
                    <Field id="channel" label=Signal::derive(move || i18n.t("new.channel")) problem=Signal::derive(message_for("channel"))>
                        <select id="channel" aria-invalid=invalid("channel") aria-describedby="channel-problem"
                        on:change=move |ev| channel.set(event_target_value(&ev)) prop:value=move || channel.get()>
                            <option value="">{move || i18n.t("new.select")}</option>
                            {channels.iter().map(|c| { let name = c.name.clone(); view! { <option value=c.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                        </select>
                    </Field>
                })}
                <Field id="customer" label=Signal::derive(customer_label) problem=Signal::derive(message_for("customer"))>
                    <input id="customer" aria-invalid=invalid("customer") aria-describedby="customer-problem customer-on-file"
                        type="text" autocomplete="off" list=CUSTOMERS_LIST
                        on:input=move |ev| customer.set(event_target_value(&ev)) prop:value=move || customer.get()/>
                    <OnFileNote on_file customer roles=profile.notified_customer_roles()/>
                </Field>
                <OnFileLists on_file customer/>
                <Field id="site" label=Signal::derive(site_label) problem=Signal::derive(message_for("site"))>
                    <input id="site" aria-invalid=invalid("site") aria-describedby="site-problem"
                        type="text" autocomplete="off" list=SITES_LIST on:input=move |ev| site.set(event_target_value(&ev)) prop:value=move || site.get()/>
                </Field>
                <Field id="description" label=Signal::derive(description_label) problem=Signal::derive(message_for("description"))>
                    <textarea id="description" aria-invalid=invalid("description") aria-describedby="description-problem"
                        rows="4"
                        on:input=move |ev| description.set(event_target_value(&ev)) prop:value=move || description.get()></textarea>
                </Field>
                <Field id="reported_at" label=Signal::derive(move || i18n.t("new.reported_at")) problem=Signal::derive(message_for("reported_at"))>
                    <input id="reported_at" aria-invalid=invalid("reported_at") aria-describedby="reported_at-problem"
                        type="datetime-local"
                        on:input=move |ev| reported_at.set(event_target_value(&ev)) prop:value=move || reported_at.get()/>
                    <p class="hint zone-note">{move || i18n.t_with("ticket.clocks.zone", &[("zone", desk_zone().name())])}</p>
                </Field>
                <ContractNotice standing reason=contract_reason problem=Signal::derive(message_for("contract_reason"))/>
                {extra_fields.into_iter().map(|f| {
                    let id = f.id.clone();
                    let id_for_input = id.clone();
                    let id_for_value = id.clone();
                    let id_for_problem = id.clone();
                    let problem = Signal::derive(move || problems.with(|ps| {
                        ps.iter().find(|p| p.field == id_for_problem).map(|p| checks.with_value(|c| problem_text(&i18n, c, &p.problem)))
                    }));
                    let invalid = move || problem.with(Option::is_some).to_string();
                    let described = format!("{id}-problem");
                    let value = move || fields.with(|m| m.get(&id_for_value).cloned().unwrap_or_default());
                    let on_input = move |ev| {
                        let v = event_target_value(&ev);
                        let id = id_for_input.clone();
                        fields.update(|m| { m.insert(id, v); });
                    };
                    let label = f.label.clone();
                    let label = move || i18n.pt(&label);
                    let control = match f.kind {
                        FieldKind::Multiline => view! { <textarea id=id.clone() rows="3" aria-invalid=invalid aria-describedby=described on:input=on_input prop:value=value></textarea> }.into_any(),
                        FieldKind::Select => view! {
                            <select id=id.clone() aria-invalid=invalid aria-describedby=described on:change=on_input prop:value=value>
                                <option value="">{move || i18n.t("new.select")}</option>
                                {f.options.iter().map(|o| { let text = o.clone(); view! { <option value=o.clone()>{move || i18n.pt(&text)}</option> } }).collect_view()}
                            </select>
                        }.into_any(),
                        other => {
                            let (input_type, list) = match other {
                                FieldKind::Email => ("email", Some(EMAILS_LIST)),
                                FieldKind::Phone => ("tel", Some(PHONES_LIST)),
                                _ => ("text", None),
                            };
                            view! { <input id=id.clone() type=input_type list=list aria-invalid=invalid aria-describedby=described on:input=on_input prop:value=value/> }.into_any()
                        }
                    };
                    view! { <Field id=f.id.clone() label=Signal::derive(label) problem=problem>{control}</Field> }
                }).collect_view()}
                {checklist_spec.map(|spec| {
                    let title = spec.title.clone();
                    let title = move || if title.is_empty() { i18n.t("new.checklist") } else { i18n.pt(&title) };
                    view! {
                        <fieldset class="checklist" aria-describedby="checklist-problem" aria-invalid=invalid("checklist")>
                            <legend>{title}</legend>
                            {spec.items.iter().map(|item| {
                                let id = item.id.clone();
                                let id_checked = id.clone();
                                view! {
                                    <label class="check">
                                        <input type="checkbox" name="checklist" value=id.clone()
                                            prop:checked=move || checklist.with(|c| c.contains(&id_checked))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                let id = id.clone();
                                                checklist.update(|c| { if on { c.insert(id); } else { c.remove(&id); } });
                                            }/>
                                        {let label = item.label.clone(); move || i18n.pt(&label)}
                                    </label>
                                }
                            }).collect_view()}
                            <p id="checklist-problem" class="problem">{message_for("checklist")}</p>
                        </fieldset>
                    }
                })}
                {scope_question.map(|question| view! {
                    <ScopeQuestion question=Signal::derive(move || i18n.pt(&question)) in_scope reason=scope_reason problem=Signal::derive(message_for("in_scope"))
                        reason_problem=Signal::derive(message_for("scope_reason"))/>
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
