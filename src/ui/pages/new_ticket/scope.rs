//! The registration form's scope question (P1). "No" does not refuse the form: the report is
//! registered as rejected ("fuera de alcance"), with a number and the reason asked for here,
//! and the customer is told why (see [`crate::domain::commands::rejection_at_registration`]).

use leptos::prelude::*;

use super::form::Field;
use crate::ui::i18n::use_i18n;

#[component]
pub(super) fn ScopeQuestion(
    question: Signal<String>,
    in_scope: RwSignal<Option<bool>>,
    reason: RwSignal<String>,
    problem: Signal<Option<String>>,
    reason_problem: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let invalid = move || problem.with(Option::is_some).to_string();
    let reason_invalid = move || reason_problem.with(Option::is_some).to_string();
    view! {
        <fieldset class="scope" aria-describedby="in_scope-problem" aria-invalid=invalid>
            <legend>{question}</legend>
            <label class="check"><input type="radio" name="in_scope" on:change=move |_| in_scope.set(Some(true))
                prop:checked=move || in_scope.get() == Some(true)/>{move || i18n.t("new.in_scope.yes")}</label>
            <label class="check"><input type="radio" name="in_scope" on:change=move |_| in_scope.set(Some(false))
                prop:checked=move || in_scope.get() == Some(false)/>{move || i18n.t("new.in_scope.no")}</label>
            <p class="problem" id="in_scope-problem">{move || problem.get()}</p>
            <Show when=move || in_scope.get() == Some(false)>
                <p class="hint" id="scope-notice">{move || i18n.t("new.scope.rejected_hint")}</p>
                <Field id="scope_reason" label=Signal::derive(move || i18n.t("new.scope.reason")) problem=reason_problem>
                    <textarea id="scope_reason" rows="2" aria-invalid=reason_invalid aria-describedby="scope_reason-problem"
                        on:input=move |ev| reason.set(event_target_value(&ev)) prop:value=move || reason.get()></textarea>
                </Field>
            </Show>
        </fieldset>
    }
}
