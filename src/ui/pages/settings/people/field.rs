//! One field of a person's row ([`RowField`]), with its problems beside it, named by the
//! field's label.

use leptos::prelude::*;

use crate::domain::people::draft::{PersonField, PersonProblem, MAX_LEVEL};
use crate::ui::i18n::{use_i18n, I18n};

use super::super::row_field::RowField;
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
    let label_key = format!("settings.people.{}", field.key());
    let problems = Signal::derive(move || {
        form.problems_of(i, field)
            .iter()
            .map(|p| problem_text(&i18n, p))
            .collect()
    });
    let on_input = Callback::new(move |v: String| {
        value.set(v.clone());
        form.set(i, field, v);
    });
    view! {
        <RowField prefix="person" row=i key=field.key() label=Signal::derive(move || i18n.t(&label_key))
            input_type=input_type(field) min=(field == PersonField::Level).then_some("1")
            value=value.into() problems on_input/>
    }
}
