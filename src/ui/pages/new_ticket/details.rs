//! What happened and when: the description, and the moment it was reported (in the desk's
//! zone, said under the field).

use leptos::prelude::*;

use crate::app::desk::desk_zone;
use crate::ui::i18n::use_i18n;

use super::form::Field;
use super::problems::Problems;

/// The description.
#[component]
pub(super) fn DescriptionField(
    /// As the process names it ([`super::form::process_label`]).
    label: Signal<String>,
    description: RwSignal<String>,
    problems: Problems,
) -> impl IntoView {
    view! {
        <Field id="description" label problem=problems.message_for("description")>
            <textarea id="description" aria-invalid=problems.invalid("description") aria-describedby="description-problem"
                rows="4"
                on:input=move |ev| description.set(event_target_value(&ev)) prop:value=move || description.get()></textarea>
        </Field>
    }
}

/// When the report came in (a `datetime-local` in the desk's zone), now unless changed.
#[component]
pub(super) fn ReportedAtField(reported_at: RwSignal<String>, problems: Problems) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Field id="reported_at" label=Signal::derive(move || i18n.t("new.reported_at")) problem=problems.message_for("reported_at")>
            <input id="reported_at" aria-invalid=problems.invalid("reported_at") aria-describedby="reported_at-problem"
                type="datetime-local"
                on:input=move |ev| reported_at.set(event_target_value(&ev)) prop:value=move || reported_at.get()/>
            <p class="hint zone-note">{move || i18n.t_with("ticket.clocks.zone", &[("zone", desk_zone().name())])}</p>
        </Field>
    }
}
