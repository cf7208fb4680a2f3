//! "Nueva incidencia": the registration form the active profile defines. The domain validates;
//! this page only shows every problem beside its field, and the ticket number once saved.

use std::collections::{BTreeMap, BTreeSet};

use leptos::prelude::*;

use crate::domain::profile::FieldKind;
use crate::domain::registration::{FieldProblem, Problem, TicketDraft};
use crate::ui::desk::{desk, desk_zone, use_desk_signals, ActionError};
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::route::Route;
use crate::ui::StoreErrorMessage;

/// The translated message for a problem; the checks still missing are named by their labels.
fn problem_text(i18n: &I18n, checks: &[(String, String)], problem: &Problem) -> String {
    let key = format!("problem.{}", problem.code());
    match problem {
        Problem::ChecklistIncomplete { missing } => {
            let labels: Vec<&str> = missing
                .iter()
                .map(|id| {
                    checks
                        .iter()
                        .find(|(check, _)| check == id)
                        .map_or(id.as_str(), |(_, label)| label.as_str())
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
    let signals = use_desk_signals();
    let profile = desk().profile.clone();

    let form = RegistrationForm::new(
        profile
            .request_kinds
            .first()
            .map(|k| k.id.clone())
            .unwrap_or_default(),
    );
    let RegistrationForm {
        kind,
        severity,
        channel,
        customer,
        site,
        description,
        fields,
        checklist,
        in_scope,
        reported_at,
        ..
    } = form;
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    // The saved ticket's page address and number.
    let saved = RwSignal::new(None::<(String, String)>);
    let failure = RwSignal::new(None::<crate::store::StoreError>);
    let saving = RwSignal::new(false);

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

    // Once a submit showed the problems, they follow the form as it is corrected: fixing a
    // field clears its message, a value still wrong keeps it (the domain decides).
    let submitted = RwSignal::new(false);
    {
        let profile = profile.clone();
        Effect::new(move |_| {
            if !submitted.get() {
                return;
            }
            let now = profile.validate_draft(&draft()).err().unwrap_or_default();
            if problems.with_untracked(|ps| *ps != now) {
                problems.set(now);
            }
        });
    }

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let draft = untrack(draft);
        saving.set(true);
        saved.set(None);
        failure.set(None);
        leptos::task::spawn_local(async move {
            match desk().register(&draft, signals).await {
                Ok((id, number)) => {
                    submitted.set(false);
                    problems.set(Vec::new());
                    saved.set(Some((Route::Ticket(id.0).href(), number)));
                    form.clear();
                }
                Err(ActionError::Invalid(ps)) => {
                    problems.set(ps);
                    submitted.set(true);
                }
                Err(ActionError::Store(e)) => failure.set(Some(e)),
            }
            saving.set(false);
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
        move |id: &str, fallback_key: &str| -> String {
            defs.iter()
                .find(|f| f.id == id)
                .map(|f| f.label.clone())
                .unwrap_or_else(|| i18n.t(fallback_key))
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
            {move || failure.get().map(|e| view! { <StoreErrorMessage error=e/> })}
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
                        {kinds.iter().map(|k| view! { <option value=k.id.clone()>{k.name.clone()}</option> }).collect_view()}
                    </select>
                </Field>
                <Field id="severity" label=Signal::derive(move || i18n.t("new.severity")) problem=Signal::derive(message_for("severity"))>
                    <select id="severity" aria-invalid=invalid("severity") aria-describedby="severity-problem"
                        on:change=move |ev| severity.set(event_target_value(&ev)) prop:value=move || severity.get()>
                        <option value="">{move || i18n.t("new.select")}</option>
                        {severities.iter().map(|s| view! { <option value=s.id.clone()>{s.name.clone()}</option> }).collect_view()}
                    </select>
                </Field>
                {(!channels.is_empty()).then(|| view! {
                    <Field id="channel" label=Signal::derive(move || i18n.t("new.channel")) problem=Signal::derive(message_for("channel"))>
                        <select id="channel" aria-invalid=invalid("channel") aria-describedby="channel-problem"
                        on:change=move |ev| channel.set(event_target_value(&ev)) prop:value=move || channel.get()>
                            <option value="">{move || i18n.t("new.select")}</option>
                            {channels.iter().map(|c| view! { <option value=c.id.clone()>{c.name.clone()}</option> }).collect_view()}
                        </select>
                    </Field>
                })}
                <Field id="customer" label=Signal::derive(move || customer_label.clone()) problem=Signal::derive(message_for("customer"))>
                    <input id="customer" aria-invalid=invalid("customer") aria-describedby="customer-problem"
                        type="text" autocomplete="organization"
                        on:input=move |ev| customer.set(event_target_value(&ev)) prop:value=move || customer.get()/>
                </Field>
                <Field id="site" label=Signal::derive(move || site_label.clone()) problem=Signal::derive(message_for("site"))>
                    <input id="site" aria-invalid=invalid("site") aria-describedby="site-problem"
                        type="text" on:input=move |ev| site.set(event_target_value(&ev)) prop:value=move || site.get()/>
                </Field>
                <Field id="description" label=Signal::derive(move || description_label.clone()) problem=Signal::derive(message_for("description"))>
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
                    let control = match f.kind {
                        FieldKind::Multiline => view! { <textarea id=id.clone() rows="3" aria-invalid=invalid aria-describedby=described on:input=on_input prop:value=value></textarea> }.into_any(),
                        FieldKind::Select => view! {
                            <select id=id.clone() aria-invalid=invalid aria-describedby=described on:change=on_input prop:value=value>
                                <option value="">{move || i18n.t("new.select")}</option>
                                {f.options.iter().map(|o| view! { <option value=o.clone()>{o.clone()}</option> }).collect_view()}
                            </select>
                        }.into_any(),
                        other => {
                            let input_type = match other { FieldKind::Email => "email", FieldKind::Phone => "tel", _ => "text" };
                            view! { <input id=id.clone() type=input_type aria-invalid=invalid aria-describedby=described on:input=on_input prop:value=value/> }.into_any()
                        }
                    };
                    view! { <Field id=f.id.clone() label=Signal::derive(move || label.clone()) problem=problem>{control}</Field> }
                }).collect_view()}
                {checklist_spec.map(|spec| {
                    let title = if spec.title.is_empty() { i18n.t("new.checklist") } else { spec.title.clone() };
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
                                        {item.label.clone()}
                                    </label>
                                }
                            }).collect_view()}
                            <p id="checklist-problem" class="problem">{message_for("checklist")}</p>
                        </fieldset>
                    }
                })}
                {scope_question.map(|q| view! {
                    <fieldset class="scope" aria-describedby="in_scope-problem" aria-invalid=invalid("in_scope")>
                        <legend>{q}</legend>
                        <label class="check"><input type="radio" name="in_scope" on:change=move |_| in_scope.set(Some(true))
                            prop:checked=move || in_scope.get() == Some(true)/>{move || i18n.t("new.in_scope.yes")}</label>
                        <label class="check"><input type="radio" name="in_scope" on:change=move |_| in_scope.set(Some(false))
                            prop:checked=move || in_scope.get() == Some(false)/>{move || i18n.t("new.in_scope.no")}</label>
                        <p class="problem" id="in_scope-problem">{message_for("in_scope")}</p>
                    </fieldset>
                })}
                <button type="submit" class="primary" prop:disabled=move || saving.get()>
                    {move || if saving.get() { i18n.t("new.saving") } else { i18n.t("new.submit") }}
                </button>
                // Beside the button just pressed, where the eyes are; a live region, so screen
                // readers announce it too.
                <p class="saved" role="status" aria-live="polite">
                    {move || saved.get().map(|(href, number)| view! {
                        {i18n.t_with("new.saved", &[("number", "")])}
                        <a class="ticket-number" href=href>{number}</a>
                    })}
                </p>
            </form>
        </section>
    }
}

/// The values of the registration form, kept together so that a saved registration puts every
/// one back as it was when the page opened: nothing (severity, channel, kind…) carries over into
/// the next ticket, and an unset required choice is asked for again.
#[derive(Clone, Copy)]
struct RegistrationForm {
    initial_kind: StoredValue<String>,
    kind: RwSignal<String>,
    severity: RwSignal<String>,
    channel: RwSignal<String>,
    customer: RwSignal<String>,
    site: RwSignal<String>,
    description: RwSignal<String>,
    fields: RwSignal<BTreeMap<String, String>>,
    checklist: RwSignal<BTreeSet<String>>,
    in_scope: RwSignal<Option<bool>>,
    reported_at: RwSignal<String>,
}

impl RegistrationForm {
    fn new(initial_kind: String) -> Self {
        Self {
            kind: RwSignal::new(initial_kind.clone()),
            initial_kind: StoredValue::new(initial_kind),
            severity: RwSignal::new(String::new()),
            channel: RwSignal::new(String::new()),
            customer: RwSignal::new(String::new()),
            site: RwSignal::new(String::new()),
            description: RwSignal::new(String::new()),
            fields: RwSignal::new(BTreeMap::new()),
            checklist: RwSignal::new(BTreeSet::new()),
            in_scope: RwSignal::new(None),
            reported_at: RwSignal::new(local_now_input()),
        }
    }

    /// Every field back to its value on a freshly opened form.
    fn clear(&self) {
        self.kind.set(self.initial_kind.get_value());
        self.severity.set(String::new());
        self.channel.set(String::new());
        self.customer.set(String::new());
        self.site.set(String::new());
        self.description.set(String::new());
        self.fields.set(BTreeMap::new());
        self.checklist.set(BTreeSet::new());
        self.in_scope.set(None);
        self.reported_at.set(local_now_input());
    }

    /// The draft the domain validates (tracked: an effect that calls it re-runs on any change).
    fn draft(&self) -> TicketDraft {
        TicketDraft {
            request_kind: self.kind.get(),
            severity: Some(self.severity.get()).filter(|s| !s.is_empty()),
            channel: Some(self.channel.get()).filter(|s| !s.is_empty()),
            customer: self.customer.get(),
            site: Some(self.site.get()).filter(|s| !s.trim().is_empty()),
            description: self.description.get(),
            fields: self.fields.get(),
            checklist: self.checklist.get(),
            in_scope: self.in_scope.get(),
            reported_at: parse_local_input(&self.reported_at.get()),
        }
    }
}

/// The current time in the desk's zone (as every time on the pages is shown), in
/// `datetime-local` input form ("2026-11-21T09:30").
fn local_now_input() -> String {
    desk_zone()
        .local(crate::ui::clock::now())
        .format(LOCAL_INPUT)
        .to_string()
}

/// A `datetime-local` value read in the desk's zone, as UTC. Empty or invalid → `None`.
fn parse_local_input(value: &str) -> Option<chrono::DateTime<chrono::Utc>> {
    chrono::NaiveDateTime::parse_from_str(value.trim(), LOCAL_INPUT)
        .ok()
        .and_then(|local| desk_zone().earliest(local))
}

/// The format of `<input type="datetime-local">`.
const LOCAL_INPUT: &str = "%Y-%m-%dT%H:%M";

/// A labelled control with its problem message (linked for screen readers).
#[component]
fn Field(
    #[prop(into)] id: String,
    label: Signal<String>,
    problem: Signal<Option<String>>,
    children: Children,
) -> impl IntoView {
    let problem_id = format!("{id}-problem");
    view! {
        <div class="field" class:invalid=move || problem.get().is_some()>
            <label for=id.clone()>{move || label.get()}</label>
            {children()}
            <p class="problem" id=problem_id>{move || problem.get()}</p>
        </div>
    }
}
