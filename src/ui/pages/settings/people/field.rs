//! One field of a person's row, with its problems beside it, named by the field's label.

use leptos::prelude::*;

use crate::domain::people::draft::{PersonField, PersonProblem, MAX_LEVEL};
use crate::ui::i18n::{use_i18n, I18n};

use super::PeopleForm;

fn input_type(field: PersonField) -> &'static str {
    match field {
        PersonField::Level => "number",
        PersonField::Phone => "tel",
        PersonField::Email => "email",
        PersonField::Name | PersonField::Skills => "text",
    }
}

/// A problem in the user's language, naming the field by its label.
fn problem_text(i18n: &I18n, problem: &PersonProblem) -> String {
    let label = i18n.t(&format!("settings.people.{}", problem.field.key()));
    i18n.t_with(
        &format!("settings.people.problem.{}", problem.code),
        &[("field", &label), ("max", &MAX_LEVEL.to_string())],
    )
}

/// Row `i`'s `field`: its label, its input (`#person-<i>-<field>`) and its problems.
#[component]
pub(super) fn PersonInput(
    i: usize,
    field: PersonField,
    /// The field's text as shown (the skills' boxes write it too).
    value: RwSignal<String>,
    form: PeopleForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("person-{i}-{}", field.key());
    let problem_id = format!("{id}-problem");
    let message = move || {
        form.problems_of(i, field)
            .iter()
            .map(|p| problem_text(&i18n, p))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let invalid = move || (!form.problems_of(i, field).is_empty()).to_string();
    let label_key = format!("settings.people.{}", field.key());
    view! {
        <label class=format!("field person-{}", field.key())>
            <span>{move || i18n.t(&label_key)}</span>
            <input
                id=id
                type=input_type(field)
                min=(field == PersonField::Level).then_some("1")
                prop:value=move || value.get()
                aria-invalid=invalid
                aria-describedby=problem_id.clone()
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    value.set(v.clone());
                    form.set(i, field, v);
                }
            />
            <p class="problem" id=problem_id aria-live="polite">{message}</p>
        </label>
    }
}
