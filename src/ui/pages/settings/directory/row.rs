//! One contact of the directory: its fields, each with its problems beside it, and its
//! "remove" button.

use leptos::prelude::*;

use crate::domain::profile::ContactDraft;
use crate::ui::i18n::use_i18n;

use super::super::row_field::RowField;
use super::field::Field;
use super::problems::problem_text;
use super::DirectoryForm;

/// Row `i`, as `draft` held it when the list was drawn.
#[component]
pub(super) fn DirectoryRow(i: usize, draft: ContactDraft, form: DirectoryForm) -> impl IntoView {
    let i18n = use_i18n();
    let n = (i + 1).to_string();
    let fields =
        Field::ALL.map(|field| view! { <ContactInput i field value=field.value(&draft) form/> });
    view! {
        <fieldset class="directory-contact" data-row=i data-id=draft.id.clone()>
            <legend>{move || i18n.t_with("settings.directory.contact", &[("n", &n)])}</legend>
            {fields.into_iter().collect_view()}
            <button type="button" class="remove remove-directory-contact" on:click=move |_| form.remove(i)>
                {move || i18n.t("settings.remove")}
            </button>
        </fieldset>
    }
}

/// Row `i`'s `field`: its label, its input (`#dir-<i>-<field>`) and its problems; the role
/// also shows its translation.
#[component]
fn ContactInput(i: usize, field: Field, value: String, form: DirectoryForm) -> impl IntoView {
    let i18n = use_i18n();
    let label_key = format!("settings.directory.{}", field.key());
    let problems = Signal::derive(move || {
        form.problems_of(i, field)
            .iter()
            .map(|p| problem_text(&i18n, p))
            .collect()
    });
    // The role is edited as the process writes it (Spanish); its translation, where the
    // reader's language has one, shows beside it.
    let written = value.clone();
    let translated = move || {
        let text = (field == Field::Role).then(|| i18n.pt(&written))?;
        (text != written)
            .then(|| i18n.t_with("settings.directory.role_translated", &[("text", &text)]))
    };
    view! {
        <RowField prefix="dir" row=i key=field.key() label=Signal::derive(move || i18n.t(&label_key))
            input_type=field.input_type() min=(field == Field::Level).then_some("1")
            value=Signal::stored(value) problems on_input=Callback::new(move |v| form.set(i, field, v))>
            {move || translated().map(|t| view! { <span class="hint role-translated">{t}</span> })}
        </RowField>
    }
}
