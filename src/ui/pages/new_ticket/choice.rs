//! A choice among one of the process's lists (request kind, severity, channel), as a select in
//! a labelled field with its problem beside it.

use leptos::prelude::*;

use crate::ui::i18n::use_i18n;

use super::form::Field;
use super::lists::Choice;
use super::problems::Problems;

/// The select `#<id>` of `options`, bound to `value`.
#[component]
pub(super) fn ChoiceField(
    /// The control's id, also the field the domain names in its problems.
    id: &'static str,
    /// The label's locale key.
    label: &'static str,
    /// Each option's id and the process's (Spanish) name for it, shown in the reader's language.
    options: Vec<Choice>,
    value: RwSignal<String>,
    /// Whether «Seleccione…» comes first, so that nothing is chosen until someone chooses.
    ask: bool,
    problems: Problems,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Field id label=Signal::derive(move || i18n.t(label)) problem=problems.message_for(id)>
            <select id=id aria-invalid=problems.invalid(id) aria-describedby=format!("{id}-problem")
                on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                {ask.then(|| view! { <option value="">{move || i18n.t("new.select")}</option> })}
                {options.into_iter().map(|(id, name)| view! { <option value=id>{move || i18n.pt(&name)}</option> }).collect_view()}
            </select>
        </Field>
    }
}
